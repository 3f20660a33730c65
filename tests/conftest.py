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


@pytest.fixture
def make_window(qtbot, tmp_path, no_leaked_windows):
    """Build lecture windows on the test's own settings file (Spanish, light: the defaults);
    every one, and its dialogs, is closed afterwards."""
    import shiboken6
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialog

    from gradviz.app.settings import Preferences
    from gradviz.app.window import LectureWindow

    made = []

    def make():
        window = LectureWindow(Preferences(QSettings(str(tmp_path / "s.ini"),
                                                     QSettings.Format.IniFormat)))
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        if not shiboken6.isValid(window):  # pytest-qt may have closed and deleted it already
            continue
        window.controls.stop()
        window.surface_page.stop()
        for dialog in window.findChildren(QDialog):
            dialog.close()
        window.close()
        window.deleteLater()


@pytest.fixture
def window(make_window):
    """One lecture window (see `make_window`)."""
    return make_window()


@pytest.fixture(autouse=True)
def _default_dtype_restored():
    """A test (or corpus program) that calls ``set_default_dtype`` leaves float32 behind it."""
    yield
    from gradviz.engine import dtypes

    dtypes.DEFAULT_FLOAT = dtypes.float32
    if "torch" in __import__("sys").modules:
        import torch

        torch.set_default_dtype(torch.float32)
