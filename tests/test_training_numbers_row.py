"""What the training page's numbers row says: the epoch of the iteration shown, its J, the
validation accuracy of the last epoch ended by then ("—" before the first ends; the training
set's when the lesson keeps no validation records) and α — the run's recorded values, in
the page's language, at every iteration stepped to and scrubbed back to."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gradviz.app import i18n
from gradviz.app.training_numbers import percent, short
from gradviz.app.training_page import TrainingPage
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPIRAL = EXAMPLES / "entrenamiento_espiral_relu.toml"
XOR = EXAMPLES / "entrenamiento_xor.toml"

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


@pytest.fixture
def make_page(qtbot):
    was = i18n.current()

    def make(path: Path, lang: str = "es") -> TrainingPage:
        i18n.set_language(lang)
        page = TrainingPage()
        qtbot.addWidget(page)
        page.resize(1400, 900)
        prepared = prepare_lesson(path)
        page.load(prepared.start(), prepared.title)
        return page

    yield make
    i18n.set_language(was)


def row(page) -> dict[str, str]:
    return {name: label.text() for name, label in page.numbers.labels.items()}


def test_the_validation_accuracy_of_the_last_epoch_ended(make_page):
    page = make_page(SPIRAL)
    per_epoch = page.source.run.per_epoch  # 240 training records in batches of 30: 8
    for _ in range(2 * per_epoch + 2):
        page.step_by(1)
    run = page.source.run
    first, second = run.epochs[0], run.epochs[1]
    assert first.val_accuracy != second.val_accuracy  # the row below can tell them apart
    for k in range(page.source.last + 1):
        page.set_step(k)
        record = run.history[k]
        ended = first if k < 2 * per_epoch - 1 else second
        accuracy = "—" if k < per_epoch - 1 else percent(ended.val_accuracy)
        assert row(page) == {"epoch": f"época {record.epoch + 1}",
                             "loss": f"J = {short(record.loss)}",
                             "accuracy": f"exactitud de validación {accuracy}",
                             "lr": f"α = {short(record.lr)}"}, k


def test_without_validation_records_the_training_sets(make_page):
    page = make_page(XOR, "en")  # four records, full batch: an epoch is one iteration
    assert page.source.run.setup.validation is None
    for _ in range(3):
        page.step_by(1)
    epoch = page.source.run.epochs[page.step]
    assert row(page)["accuracy"] == f"training accuracy {percent(epoch.accuracy)}"
    assert row(page)["epoch"] == f"epoch {page.step + 1}"


def test_the_row_follows_the_language(make_page):
    page = make_page(SPIRAL, "en")
    page.step_by(1)
    assert row(page)["accuracy"] == "validation accuracy —"
    i18n.set_language("es")
    QApplication.processEvents()  # Qt posts LanguageChange; the row writes its words again
    assert row(page)["accuracy"] == "exactitud de validación —"
    assert row(page)["epoch"] == "época 1"
