"""Shared pytest setup: Qt runs offscreen, so view and export tests need no display."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NEURON = Path(__file__).resolve().parents[1] / "examples" / "neurona_sigmoide.toml"


@pytest.fixture(scope="module")
def neuron():
    """The sigmoid neuron lesson, prepared and laid out (what a `Lecture` shows)."""
    from gradviz.graph.layout import layout_positions
    from gradviz.lesson.prepare import prepare_lesson

    prepared = prepare_lesson(NEURON)
    return prepared, layout_positions(prepared.graph)


@pytest.fixture
def lecture(neuron):
    """A Qt-free `Lecture` showing the neuron."""
    from gradviz.lecture import Lecture

    lecture = Lecture()
    lecture.show_lesson(*neuron)
    return lecture


@pytest.fixture
def no_leaked_windows(qapp):
    """Fail a test that leaves a visible top-level widget behind (windows, message boxes)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"visible top-level widgets left open: {leaked}"
