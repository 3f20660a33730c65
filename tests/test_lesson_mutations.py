"""Every bundled example, mutated key by key into hostile values: the only outcomes are a
prepared lesson or a `LessonError` (``FILE:LINE:COL: message``), never another exception.

Each leaf of each example's TOML (and each whole table) is replaced in turn by values of the
wrong type or out of any reason (a list, a table, a 400-digit integer, ±1e308, NaN, a huge
string…), the file is written back and prepared as every command prepares it; a training
lesson is then trained to its end, as ``gradviz train`` does.  Scenes and training lessons are
shortened first so that the runs stay fast.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from gradviz.app.train_cli import train_json
from gradviz.lesson.kinds import TRAINING
from gradviz.lesson.parser import LessonError, load_lesson
from gradviz.lesson.prepare import prepare_lesson

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.toml"))
assert any(p.stem.startswith("entrenamiento_") for p in EXAMPLES)  # training lessons too
HOSTILE_VALUES = [["sgd"], {"a": 1}, 10**400, -(10**400), 1e308, -1e308, math.nan, math.inf,
                  -1, 0, 0.5, True, "", "x" * 5000, [[1e308, -1e308], [0, 0]], [0] * 40]
PER_KEY = 3  # hostile values tried per key (a seeded sample, the same on every run)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"


def toml_text(document: dict) -> str:
    lines = []
    for key, value in document.items():  # top-level plain values first, as TOML wants
        if not isinstance(value, dict) and not _tables(value):
            lines.append(f"{json.dumps(key)} = {toml_value(value)}")
    for key, value in document.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(key)}]")
            lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()]
        elif _tables(value):
            for table in value:
                lines.append(f"[[{json.dumps(key)}]]")
                lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _tables(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def key_paths(value, path=()):
    """Every table and leaf below the top level, as key paths."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from key_paths(item, (*path, key))
    elif _tables(value):
        for i, item in enumerate(value):
            yield from key_paths(item, (*path, i))


def replaced(document, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        return {k: replaced(v, rest, new) if k == head else v for k, v in document.items()}
    return [replaced(v, rest, new) if i == head else v for i, v in enumerate(document)]


def shortened(document: dict) -> dict:
    surface = document.get("surface")
    if isinstance(surface, dict):
        for key in ("steps", "epochs"):
            if key in surface:
                surface = {**surface, key: min(surface[key], 5)}
        document = {**document, "surface": surface}
    train = document.get("train")
    if isinstance(train, dict) and "epochs" in train:
        document = {**document, "train": {**train, "epochs": min(train["epochs"], 2)}}
    return document


# overflow in a lesson's numbers is what many mutations are about: numpy says so, the lesson
# shows inf; the warnings themselves are the command line's business
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_mutation_is_prepared_or_refused_with_a_position(example, tmp_path):
    document = shortened(load_lesson(example).raw)
    choose = random.Random(example.stem)
    path_file = tmp_path / example.name
    path_file.write_text(toml_text(document), encoding="utf-8")
    assert load_lesson(path_file).raw == document  # the writer above writes what it read
    tried = 0
    for path in key_paths(document):
        for value in choose.sample(HOSTILE_VALUES, PER_KEY):
            path_file.write_text(toml_text(replaced(document, path, value)), encoding="utf-8")
            try:
                prepared = prepare_lesson(path_file)
                if prepared.kind == TRAINING:
                    train_json(prepared)
            except LessonError as e:
                for line in str(e).splitlines():
                    assert line.startswith(f"{path_file}:"), (path, value, line)
            except Exception as e:  # noqa: BLE001 - the point of the test
                pytest.fail(f"{example.name} {path} = {toml_value(value)[:60]}: "
                            f"{type(e).__name__}: {e}")
            tried += 1
    assert tried
