"""Training lessons hold the promises of the other kinds: a bad data file, a model that cannot
run or a run that blows up is ``FILE:LINE:COL: message`` (exit 1) or a finished run, never a
traceback or a run that does not end (the corpus's `TRAINING_FILES` go through every command
in ``tests/test_lesson_commands.py``; these need files of their own)."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from gradviz.app.cli import main
from gradviz.app.train_cli import train_json, train_table
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import prepare_lesson
from gradviz.training import MAX_WORK, TrainingRun, data

NET = '"Linear(2, 4)", "ReLU()", "Linear(4, 1)"'


def lesson(tmp_path, data_lines: str, layers: str = NET, train: str = "epochs = 2",
           loss: str = "binary_cross_entropy_with_logits") -> str:
    path = tmp_path / "lesson.toml"
    path.write_text(f'[data]\n{data_lines}\n\n[model]\nlayers = [{layers}]\n\n[train]\n'
                    f'loss = "{loss}"\n{train}\n', encoding="utf-8")
    return str(path)


def refused(path: str, says: str) -> None:
    with pytest.raises(LessonError) as caught:
        prepare_lesson(path)
    assert str(caught.value).startswith(f"{path}:"), str(caught.value)
    assert says in str(caught.value), str(caught.value)


def file_lesson(tmp_path, name: str, extra: str = "") -> str:
    return lesson(tmp_path, f'name = "file"\nfile = "{name}"{extra}')


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: np.savez(p / "d.npz", x=np.float64(3), y=np.int64(1)), "x is one number"),
    (lambda p: np.savez(p / "d.npz", x=np.zeros((4, 2)) + 1j, y=np.arange(4) % 2),
     "x holds complex128"),
    (lambda p: np.savez(p / "d.npz", x=np.zeros((4, 2)), y=np.array(list("abab"))),
     "y holds <U1"),
    (lambda p: np.savez(p / "d.npz", x=np.zeros((4, 2)), y=np.array([1e300, 0, 1, 0])),
     "a label of 1e+300 is more than 999"),
])
def test_an_npz_of_no_records_is_refused_with_what_it_holds(make, says, tmp_path):
    make(tmp_path)
    refused(file_lesson(tmp_path, "d.npz"), says)


def test_a_csv_label_no_integer_holds_is_refused_before_the_cast(tmp_path):
    (tmp_path / "d.csv").write_text("0,0,1e300\n0,1,1\n1,0,1\n1,1,0\n", encoding="utf-8")
    refused(file_lesson(tmp_path, "d.csv"), "a label of 1e+300 is more than 999")


def test_a_csv_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "MAX_CSV_BYTES", 100)
    (tmp_path / "d.csv").write_text("0,0,1\n" * 100, encoding="utf-8")
    refused(file_lesson(tmp_path, "d.csv"), "save a bigger data set as .npz")


def test_idx_labels_that_are_not_there_are_named(tmp_path):
    (tmp_path / "images.idx").write_bytes(bytes([0, 0, 8, 1]) + (4).to_bytes(4, "big") + bytes(4))
    refused(file_lesson(tmp_path, "images.idx", '\nlabels = "labels.idx"'),
            f"{tmp_path / 'labels.idx'}: no such file")


@pytest.mark.parametrize("name", ["/dev/zero", ".", "n" * 5000 + ".csv"])
def test_no_data_file_is_refused_by_every_command(name, tmp_path, capsys):
    path = file_lesson(tmp_path, name)
    for argv in (["check", path], ["train", path, "--json"]):
        assert main(argv) == 1
        said = capsys.readouterr()
        said = said.out + said.err  # check prints its verdicts, train its error
        assert "Traceback" not in said and said.count(f"{path}:") == 1, said


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize(("loss", "last"), [("mse_loss", ""),
                                            ("binary_cross_entropy", ', "Sigmoid()"')])
def test_a_run_that_blows_up_stops_there_and_says_so(loss, last, tmp_path, capsys):
    path = lesson(tmp_path, 'name = "xor"\nn = 40', NET + last, "lr = 1e100\nepochs = 20",
                  loss)
    result = train_json(path)  # binary_cross_entropy once raised on the NaN outputs
    assert result["final"]["diverged_at"] is not None
    assert result["final"]["iterations"] == result["final"]["diverged_at"] < 20
    k = result["final"]["diverged_at"]
    assert f"divergió en la iteración {k}" in train_table(result)  # the lesson's language
    assert f"diverged at iteration {k}" in train_table({**result, "language": "en"})
    assert main(["train", path, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out, parse_constant=pytest.fail)
    assert printed["final"]["diverged_at"] == result["final"]["diverged_at"]


def test_an_engine_error_while_training_is_the_files_problem(tmp_path, monkeypatch, capsys):
    path = lesson(tmp_path, 'name = "xor"\nn = 8', train="epochs = 5")
    step = TrainingRun._step

    def failing(self, trainer, keep=True):
        if trainer.iteration == 3:
            raise RuntimeError("an error of the engine")
        return step(self, trainer, keep)

    monkeypatch.setattr(TrainingRun, "_step", failing)
    assert main(["train", path]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"gradviz: {path}:") and "an error of the engine" in err, err


def test_a_restart_past_the_work_limit_is_refused_with_it(tmp_path):
    run = prepare_lesson(lesson(tmp_path, 'name = "spiral"\nn = 100000')).start()
    with pytest.raises(ValueError, match=re.escape(f"at most {MAX_WORK:.0g}")) as info:
        run.restart({"hidden": 4096, "epochs": 100_000})
    assert "como mucho" in info.value.said.text("es")  # the training page says it in Spanish


def test_the_work_limit_allows_the_bundled_lessons_many_times_over():
    from bundled import TRAINING_LESSONS

    from gradviz.training import work

    for path in TRAINING_LESSONS:
        assert work(prepare_lesson(path).setup) * 10 < MAX_WORK, path


def test_an_evaluation_after_a_blow_up_is_nan_not_an_error(tmp_path):
    run = prepare_lesson(lesson(tmp_path, 'name = "xor"\nn = 8', NET + ', "Sigmoid()"',
                                loss="binary_cross_entropy")).start()
    for p in run.model.parameters():
        p.detach().numpy()[...] = np.nan
    loss, _ = run.evaluate(run.setup.data)
    assert math.isnan(loss)


@pytest.mark.parametrize("argv", [["-o", "page.png"], ["-o", "page.png", "--step", "2"],
                                  ["-o", "run.gif", "--all-steps"]], ids=" ".join)
def test_a_run_that_diverges_is_exported_up_to_where_it_stopped(argv, tmp_path, capsys):
    """lr = 1e308 blows the weights up at the first update: the run makes one iteration, and
    the page at the end (or at a later --step) is the page at that one, not an IndexError."""
    path = lesson(tmp_path, 'name = "xor"\nn = 40', train="epochs = 3\nlr = 1e308")
    run = prepare_lesson(path).start()
    run.advance(run.total)
    assert run.diverged_at is not None and len(run.history) < run.total
    out = tmp_path / argv[1]
    assert main(["export", path, *[str(out) if a == argv[1] else a for a in argv]]) == 0
    assert out.stat().st_size > 0
    assert "Traceback" not in capsys.readouterr().err
