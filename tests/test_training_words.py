"""A training lesson's data, layers and table in its language: a data file or a layer the
training package refuses is said inside the lesson error in Spanish (the lesson's language,
else Spanish) and in English with ``--lang en``, and ``gradviz train``'s table heads its
columns in the same language.  The cases reach the training package's templates, as the bad
files of tests/test_lesson_errors_lang.py reach the lesson reader's."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from test_lesson_errors_lang import TEMPLATES, _untranslated

from gradviz.app.cli import main
from gradviz.app.train_cli import EPOCH_HEADINGS
from gradviz.catalog import text
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import prepare_lesson
from gradviz.training import DataError, ModelError, data, model

NET = '"Linear(2, 4)", "ReLU()", "Linear(4, 1)"'


def lesson(tmp_path: Path, data_lines: str, layers: str = NET, train: str = "epochs = 2",
           language: str | None = None) -> str:
    path = tmp_path / "lesson.toml"
    head = f'[lesson]\ntitle = "t"\nlanguage = "{language}"\n\n' if language else ""
    path.write_text(f'{head}[data]\n{data_lines}\n\n[model]\nlayers = [{layers}]\n\n[train]\n'
                    f'loss = "binary_cross_entropy_with_logits"\n{train}\n', encoding="utf-8")
    return str(path)


def idx(values: bytes, sizes: list[int]) -> bytes:
    return bytes([0, 0, 8, len(sizes)]) + b"".join(n.to_bytes(4, "big") for n in sizes) + values


def csv(content: str):
    return lambda p: (p / "d.csv").write_text(content, encoding="utf-8")


def npz(**arrays):
    return lambda p: np.savez(p / "d.npz", **arrays)


IMAGES = 'file = "images.idx"\nlabels = "labels.idx"'
# a data file the lesson names: (how to make it, the [data] lines after name = "file",
# what the English says, what the Spanish says)
DATA_CASES = {
    "absent": (None, 'file = "nope.csv"', "nope.csv: no such file",
               "nope.csv: no existe ese archivo"),
    "folder": (None, 'file = "."', "is a folder, not a data file",
               "es una carpeta, no un archivo de datos"),
    "device": (None, 'file = "/dev/zero"', "is not a regular file (a device or a pipe)",
               "no es un archivo normal (es un dispositivo o una tubería)"),
    "long_name": (None, f'file = "{"n" * 5000}.csv"', ": cannot be opened: ",
                  ": no se puede abrir: "),
    "one_column": (csv("1\n2\n3\n"), 'file = "d.csv"', "expected at least two columns",
                   "se esperaban al menos dos columnas"),
    "header_only": (csv("x1,x2,label\n"), 'file = "d.csv"', "no records; expected lines",
                    "no hay registros; se esperaban líneas de números"),
    "text": (csv("x1,x2,label\na,b,c\n"), 'file = "d.csv"', ": cannot be read: ",
             ": no se puede leer: "),
    "nan": (csv("0,nan,1\n0,1,1\n"), 'file = "d.csv"', "every value must be a finite number",
            "cada valor debe ser un número finito"),
    "half_label": (csv("0,0,0.5\n0,1,1\n"), 'file = "d.csv"', "labels must be whole numbers",
                   "las etiquetas deben ser enteros"),
    "big_label": (csv("0,0,1e300\n0,1,1\n"), 'file = "d.csv"',
                  "a label of 1e+300 is more than 999; labels number the classes",
                  "una etiqueta de 1e+300 es mayor que 999; las etiquetas numeran las clases"),
    "no_x": (npz(a=np.zeros(3)), 'file = "d.npz"', "expected arrays named x and y, found a",
             "se esperaban arreglos llamados x e y, y hay a"),
    "empty_npz": (npz(), 'file = "d.npz"', "expected arrays named x and y, found none",
                  "se esperaban arreglos llamados x e y, y no hay ninguno"),
    "complex": (npz(x=np.zeros((4, 2)) + 1j, y=np.arange(4) % 2), 'file = "d.npz"',
                "x holds complex128 values; expected real numbers",
                "x contiene valores complex128; se esperaban números reales"),
    "one_number": (npz(x=np.float64(3), y=np.int64(1)), 'file = "d.npz"', "x is one number",
                   "x es un solo número; se esperaba un registro por fila"),
    "mismatch": (npz(x=np.zeros((4, 2)), y=np.arange(3) % 2), 'file = "d.npz"',
                 "got 4 records and 3 labels", "y hay 4 registros y 3 etiquetas"),
    "idx_alone": (lambda p: (p / "images.idx").write_bytes(idx(bytes(4), [4])),
                  'file = "images.idx"', "an IDX file of images needs its labels file too",
                  "un archivo IDX de imágenes necesita también su archivo de etiquetas"),
    "not_idx": (lambda p: [(p / n).write_bytes(b"abcdefgh") for n in ("images.idx",
                                                                       "labels.idx")],
                IMAGES, "not an IDX file", "no es un archivo IDX"),
    "idx_header": (lambda p: [(p / n).write_bytes(idx(bytes(4), [10])) for n in
                              ("images.idx", "labels.idx")], IMAGES,
                   "its header says [10] values of uint8, but 4 bytes follow",
                   "su cabecera dice [10] valores de uint8, pero siguen 4 bytes"),
}
# a [model] layers the training package refuses: (layers, English, Spanish)
MODEL_CASES = {
    "unreadable": ('"Linear(2"', "cannot read 'Linear(2': write a layer like",
                   "no se puede leer 'Linear(2': escribe una capa como"),
    "unknown": ('"Linear(2, 4)", "Sigmod()"', "unknown layer 'Sigmod'; choose one of",
                "capa desconocida 'Sigmod'; elige una de"),
    "too_many": ('"Linear(2, 4, 5)"', "Linear takes 2 numbers in parentheses",
                 "Linear recibe 2 números entre paréntesis"),
    "takes_nothing": ('"Linear(2, 1)", "ReLU(x=1)"', "ReLU has no argument 'x'; it takes nothing",
                      "ReLU no tiene el argumento 'x'; no recibe ninguno"),
    "no_argument": ('"Linear(2, 1, bia=True)"', "has no argument 'bia'; it takes in_features",
                    "Linear no tiene el argumento 'bia'; recibe in_features"),
    "missing": ('"Linear(2)"', "Linear needs out_features, e.g. Linear(3, 4)",
                "Linear necesita out_features, p. ej. Linear(3, 4)"),
    "width": ('"Linear(2, 0)"', "Linear out_features must be a whole number from 1 to 4096",
              "Linear out_features debe ser un entero entre 1 y 4096"),
    "bias": ('"Linear(2, 1, bias=2)"', "Linear bias must be True or False",
             "Linear bias debe ser True o False"),
    "not_a_number": ('"Linear(2, x)"', "Linear out_features must be a number (or True/False)",
                     "Linear out_features debe ser un número (o True/False)"),
    "chain": ('"Linear(2, 4)", "ReLU()", "Linear(5, 1)"',
              "layer 3 Linear(5, 1) takes 5 inputs, but the layer before gives 4",
              "la capa 3 Linear(5, 1) recibe 5 entradas, pero la capa anterior da 4"),
    "no_linear": ('"ReLU()"', "a model needs at least one Linear layer",
                  "un modelo necesita al menos una capa Linear"),
}


def data_lesson(name: str, tmp_path: Path, language: str | None = None) -> str:
    make, lines, _, _ = DATA_CASES[name]
    if make is not None:
        make(tmp_path)
    return lesson(tmp_path, f'name = "file"\n{lines}', language=language)


def model_lesson(name: str, tmp_path: Path) -> str:
    return lesson(tmp_path, 'name = "xor"\nn = 20', MODEL_CASES[name][0])


def refused(path: str) -> LessonError:
    with pytest.raises(LessonError) as caught:
        prepare_lesson(path)
    return caught.value


def said_both_ways(error: LessonError, english: str, spanish: str) -> None:
    es, en = error.text("es"), error.text("en")
    assert en == str(error) and english in en and spanish not in en, en
    assert spanish in es and english not in es, es
    assert not _untranslated(error.said, es), (es, _untranslated(error.said, es))


@pytest.mark.parametrize("name", DATA_CASES)
def test_a_data_file_refused_is_said_in_both_languages(name, tmp_path):
    _, _, english, spanish = DATA_CASES[name]
    error = refused(data_lesson(name, tmp_path))
    said_both_ways(error, english, spanish)
    assert "no se pueden leer los datos: " in error.text("es")


@pytest.mark.parametrize("name", MODEL_CASES)
def test_a_layer_refused_is_said_in_both_languages(name, tmp_path):
    _, english, spanish = MODEL_CASES[name]
    said_both_ways(refused(model_lesson(name, tmp_path)), english, spanish)


def test_holding_out_every_record_is_said_in_both_languages(tmp_path):
    error = refused(lesson(tmp_path, 'name = "xor_table"', '"Linear(3, 1)"',
                           "validation = 0.9"))
    said_both_ways(error, "a validation fraction of 0.9 leaves no training records",
                   "una fracción de validación de 0.9 no deja registros de entrenamiento")


@pytest.mark.parametrize(("make", "english", "spanish"), [
    (lambda: data.generated("spirl"), "unknown data set 'spirl'; choose one of xor",
     "conjunto de datos desconocido 'spirl'; elige uno de xor"),
    (lambda: data.split(data.xor_table(), 1.5), "must be from 0 to below 1, not 1.5",
     "debe ir de 0 a menos de 1, no 1.5"),
    (lambda: model.check_model(model.ModelSpec((model.parse_layer("Linear(2, 1)"),), "he2")),
     "unknown init 'he2'; choose one of uniform", "inicialización desconocida 'he2'; elige una"),
    (lambda: model.with_activation(model.ModelSpec((model.parse_layer("Linear(2, 1)"),)),
                                   "Relu"),
     "unknown activation 'Relu'; choose one of ReLU", "activación desconocida 'Relu'; elige"),
    (lambda: model.with_hidden(model.ModelSpec((model.parse_layer("Linear(2, 1)"),)), 0),
     "the hidden size must be a whole number from 1 to 4096",
     "el tamaño de las capas ocultas debe ser un entero entre 1 y 4096"),
])
def test_what_no_lesson_reaches_is_said_in_both_languages(make, english, spanish):
    """Errors the lesson reader forestalls (it checks these names first) or a live control
    meets: still catalog messages."""
    with pytest.raises((DataError, ModelError)) as caught:
        make()
    assert english in str(caught.value) and english in caught.value.said.text("en")
    assert spanish in caught.value.said.text("es")


def test_a_csv_over_the_size_limit_is_said_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "MAX_CSV_BYTES", 100)
    (tmp_path / "d.csv").write_text("0,0,1\n" * 100, encoding="utf-8")
    error = refused(lesson(tmp_path, 'name = "file"\nfile = "d.csv"'))
    said_both_ways(error, "a CSV is read whole, save a bigger data set as .npz",
                   "un CSV se lee entero, guarda un conjunto de datos más grande como .npz")


# the templates no bad lesson file reaches, said by the tests just above (and the digits,
# which are installed)
NOT_BY_A_FILE = {
    "unknown data set '{name}'; choose one of {names}",
    "the validation fraction must be from 0 to below 1, not {fraction}",
    "a validation fraction of {fraction} leaves no training records",
    "unknown init '{name}'; choose one of {names}",
    "unknown activation '{name}'; choose one of {names}",
    "the hidden size must be a whole number from 1 to {most}",
    "{path}: more than {mib} MiB; a CSV is read whole, save a bigger data set as .npz",
    "the digits data set ({file}) is not installed",
    # a run's: the training page's changes and its boundary (tests/test_said_errors.py)
    "cannot change {names}; only {changes}",
    "a decision boundary needs records with two features",
}


def test_the_cases_reach_the_training_packages_texts(tmp_path):
    training = {t for t, where in TEMPLATES.items() if where.startswith("gradviz/training/")}
    seen: set[str] = set()
    for cases, make in ((DATA_CASES, data_lesson), (MODEL_CASES, model_lesson)):
        for name in cases:
            folder = tmp_path / name
            folder.mkdir()
            seen.update(refused(make(name, folder)).said.templates())
    assert len(training) >= 35, sorted(training)
    assert training >= NOT_BY_A_FILE
    assert training - seen <= NOT_BY_A_FILE, sorted(training - seen - NOT_BY_A_FILE)


# -- through the command line: check and train, in the lesson's language or --lang ----------

@pytest.mark.parametrize("name", ["absent", "complex", "big_label"])
def test_check_says_a_data_error_in_spanish_and_with_lang_en_in_english(name, tmp_path,
                                                                        capsys):
    _, _, english, spanish = DATA_CASES[name]
    path = data_lesson(name, tmp_path)
    assert main(["check", path]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out and "no se pueden leer los datos" in out and spanish in out, out
    assert main(["check", "--lang", "en", path]) == 1
    out = capsys.readouterr().out
    assert "cannot read the data" in out and english in out and spanish not in out, out


@pytest.mark.parametrize("name", ["unknown", "chain"])
def test_train_says_a_layer_error_in_the_lessons_language(name, tmp_path, capsys):
    _, english, spanish = MODEL_CASES[name]
    path = model_lesson(name, tmp_path)
    assert main(["train", path]) == 1
    assert spanish in capsys.readouterr().err
    assert main(["train", "--lang", "en", path]) == 1
    err = capsys.readouterr().err
    assert english in err and spanish not in err, err


def test_an_english_lesson_says_its_data_error_in_english_unless_lang_es(tmp_path, capsys):
    _, _, english, spanish = DATA_CASES["folder"]
    path = data_lesson("folder", tmp_path, language="en")
    assert main(["check", path]) == 1
    assert english in capsys.readouterr().out
    assert main(["check", "--lang", "es", path]) == 1
    assert spanish in capsys.readouterr().out


SPANISH_HEADINGS = ["época", "iteraciones", "pérdida", "exactitud", "pérdida (validación)",
                    "exactitud (validación)"]


def _headings(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


@pytest.mark.parametrize(("language", "argv", "expected"), [
    (None, [], SPANISH_HEADINGS),
    (None, ["--lang", "en"], list(EPOCH_HEADINGS)),
    ("en", [], list(EPOCH_HEADINGS)),
    ("en", ["--lang", "es"], SPANISH_HEADINGS),
])
def test_the_train_table_heads_its_columns_in_the_lessons_language(language, argv, expected,
                                                                   tmp_path, capsys):
    path = lesson(tmp_path, 'name = "xor"\nn = 20', train="epochs = 3\nvalidation = 0.2",
                  language=language)
    assert main(["train", path, *argv]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert _headings(lines[0]) == expected, lines[0]
    assert len(lines) == 4  # one line per epoch
    assert {len(line) for line in lines} == {len(lines[0])}  # each column under its heading
    assert [text(h, "es") for h in EPOCH_HEADINGS] == SPANISH_HEADINGS
