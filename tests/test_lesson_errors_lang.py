"""Lesson errors in both languages: every text a lesson error is made of has its Spanish, and a
bad file says the same FILE:LINE:COL in Spanish and in English.

The first half reads the source: every `Message("...")` and every text handed to `LessonError`
in the lesson package, the training and surfaces packages and the graph's scalar view and layout
(their errors are said inside lesson errors, or in the window) and the commands that refuse a
kind of lesson must have a Spanish
entry with the same ``{fields}``, and no message is an f-string, which would be English only.
The second half opens bad files, says each error in both languages and compares them.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from hostile_lessons import TRAINING_KEYS, UNICODE_NAMES
from test_lesson_commands import BAD, GRAPH_CODE, SCENE_TEXT

from gradviz.app.cli import main
from gradviz.app.lesson_cli import said
from gradviz.app.optimize_cli import TABLE_HEADINGS
from gradviz.catalog import SPANISH, has
from gradviz.catalog import lesson as lesson_words
from gradviz.catalog import scenes as scene_words
from gradviz.catalog import syntax as syntax_words
from gradviz.catalog.lesson import Message, fields_of
from gradviz.lesson.parser import LessonError
from gradviz.lesson.prepare import prepare_lesson
from gradviz.lesson.toml_errors import _TABLE as TOML_TABLE

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "gradviz" / "lesson").glob("*.py")),
           *sorted((ROOT / "gradviz" / "training").glob("*.py")),
           *sorted((ROOT / "gradviz" / "surfaces").glob("*.py")),  # said inside lesson errors
           ROOT / "gradviz" / "graph" / "scalar.py", ROOT / "gradviz" / "graph" / "layout.py",
           ROOT / "gradviz" / "view" / "display.py", ROOT / "gradviz" / "app" / "launch.py",
           ROOT / "gradviz" / "app" / "exporting.py",
           ROOT / "gradviz" / "catalog" / "lesson.py", ROOT / "gradviz" / "catalog" / "syntax.py",
           ROOT / "gradviz" / "app" / "lesson_cli.py", ROOT / "gradviz" / "app" / "optimize_cli.py"]
# the calls that take a lesson error's message, and where it sits among their arguments
MESSAGE_ARGUMENT = {"LessonError": 3, "Rejected": 1, "error": 0}
FAIL_ARGUMENT = {"scene.py": 0, "parser.py": 1, "inputs.py": 1}  # the readers' own fail()


# -- the source: every template has its Spanish ----------------------------------------------


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"``, for a template kept in a constant."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            found.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})
    return found


def _texts(node: ast.expr, constants: dict[str, str]) -> list[str] | None:
    """The literal text(s) an argument can be, or None if it is built elsewhere."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        body, orelse = _texts(node.body, constants), _texts(node.orelse, constants)
        return None if body is None or orelse is None else body + orelse
    return None


def _message_argument(call: ast.Call, path: Path) -> ast.expr | None:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    index = FAIL_ARGUMENT.get(path.name) if name == "fail" else MESSAGE_ARGUMENT.get(name)
    if index is None:
        return None
    args = call.args
    starred = [i for i, arg in enumerate(args) if isinstance(arg, ast.Starred)]
    if starred and starred[0] < index:  # LessonError(*where, "text", ...)
        index = starred[-1] + 1
    return args[index] if index < len(args) else None


def _scan() -> tuple[dict[str, str], list[str]]:
    """(template -> where it is written, the messages written as f-strings or sums)."""
    templates: dict[str, str] = {}
    built: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text("utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            is_message = isinstance(node.func, ast.Name) and node.func.id == "Message"
            argument = node.args[0] if is_message and node.args else \
                _message_argument(node, path)
            if argument is None:
                continue
            if isinstance(argument, ast.JoinedStr | ast.BinOp):
                built.append(where)
            texts = _texts(argument, constants)
            own = path.name == "parser.py" and isinstance(argument, ast.Name) \
                and argument.id == "message"  # LessonError wraps its own, checked at each call
            own = own or path.name == "toml_errors.py"  # its table, added below
            if is_message and texts is None and not own:
                built.append(where)  # Message(some_variable): nothing to check it by
            for text in texts or ():
                templates.setdefault(text, where)
    return templates, built


TEMPLATES, BUILT = _scan()
TEMPLATES.update({english: "gradviz/lesson/toml_errors.py" for _, english, _ in TOML_TABLE})


def _words(template: str) -> str:
    """The template without its fields: what needs translating."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def _needs_spanish(template: str) -> bool:
    """Whether there are words around the fields (``"{where}: {problem}"`` has none)."""
    return any(c.isalpha() for c in _words(template))


def test_the_scan_finds_the_lesson_errors():
    assert len(TEMPLATES) > 150, len(TEMPLATES)
    assert "unknown function '{name}'{hint}" in TEMPLATES  # a Message
    assert "no such file" in TEMPLATES  # a text handed to LessonError
    assert "file is larger than the 1 MiB limit for lesson files" in TEMPLATES  # a constant


def test_no_message_is_an_f_string():
    assert not BUILT, "messages built as f-strings or sums, English only: " + ", ".join(BUILT)


def test_every_lesson_error_text_has_its_spanish():
    missing = [f"{where}: {text!r}" for text, where in TEMPLATES.items()
               if _needs_spanish(text) and not has(text)]
    assert not missing, "\n".join(missing)


def test_spanish_has_the_same_fields():
    differ = [f"{where}: {text!r}" for text, where in TEMPLATES.items()
              if has(text) and sorted(fields_of(text)) != sorted(fields_of(SPANISH[text]))]
    assert not differ, "\n".join(differ)


def test_every_spanish_lesson_entry_is_used():
    used = {*TEMPLATES, *TABLE_HEADINGS}
    for words in (lesson_words, scene_words, syntax_words):
        assert not [text for text in words.SPANISH if text not in used], words.__name__


# -- bad files: the same place in both languages ---------------------------------------------

TRAINING_BASE = ('[data]\nname = "xor_table"\n[model]\nlayers = ["Linear(3, 4)", "Sigmoid()", '
                 '"Linear(4, 1)"]\n[train]\nloss = "binary_cross_entropy_with_logits"\n')
# a bad training lesson: what of TRAINING_BASE it replaces, and with what
TRAINING_CASES = {
    "missing": ('[train]\nloss = "binary_cross_entropy_with_logits"\n', ""),
    "set": ('"xor_table"', '"spirl"'), "no_name": ('name = "xor_table"', "n = 3"),
    "key": ('name = "xor_table"', 'name = "xor_table"\nn = 5'),
    "n": ('name = "xor_table"', 'name = "spiral"\nn = 2'),
    "noise": ('name = "xor_table"', 'name = "spiral"\nnoise = -1'),
    "file": ('name = "xor_table"', 'name = "file"'),
    "file_type": ('name = "xor_table"', 'name = "file"\nfile = 3'),
    "file_absent": ('name = "xor_table"', 'name = "file"\nfile = "nope.csv"'),
    "scale": ('name = "xor_table"', 'name = "file"\nfile = "x.csv"\nscale = 0'),
    "layers": ('layers = ["Linear(3, 4)", "Sigmoid()", "Linear(4, 1)"]', "layers = [3, 4, 1]"),
    "layer": ('"Sigmoid()"', '"Sigmod()"'),
    "init": ("[train]", 'init = "xavierr"\n[train]'),
    "model_seed": ("[train]", "seed = -1\n[train]"),
    "chain": ('"Linear(4, 1)"', '"Linear(5, 1)"'),
    "inputs": ('"Linear(3, 4)"', '"Linear(2, 4)"'),
    "optimizer": ("loss =", 'optimizer = "adamm"\nloss ='),
    "lr": ("loss =", 'lr = "x"\nloss ='),
    "betas": ("loss =", 'optimizer = "adam"\nbetas = [1]\nloss ='),
    "nesterov": ("loss =", "nesterov = 1\nloss ="),
    "loss": ('"binary_cross_entropy_with_logits"', '"bce"'),
    "cross_entropy": ('"binary_cross_entropy_with_logits"', '"cross_entropy"'),
    "outputs": ('"Linear(4, 1)"', '"Linear(4, 3)"'),
    "batch": ("loss =", "batch_size = 0\nloss ="),
    "batch_big": ("loss =", "batch_size = 10\nloss ="),
    "epochs": ("loss =", "epochs = 0\nloss ="),
    "validation": ("loss =", "validation = 1.5\nloss ="),
    "validation_all": ("loss =", "validation = 0.9\nloss ="),
    "shuffle": ("loss =", "shuffle = 1\nloss ="),
    "per": ('loss = "binary_cross_entropy_with_logits"\n',
            'loss = "binary_cross_entropy_with_logits"\n[train.schedule]\ntype = "step"\n'
            'step_size = 1\nper = "week"\n'),
    "refuses": ("loss =", "lr = -1.0\nloss ="),
    "epochs_huge": ("loss =", "epochs = 10000000\nloss ="),
}
CASES = {
    **BAD,
    **TRAINING_KEYS, **UNICODE_NAMES,  # the hostile corpus's newest classes
    "directory": None,  # made by the test
    "not_utf8": b"[lesson]\ntitle = \"\xff\"\n",
    "top_level_key": 'title = "x"\n' + GRAPH_CODE,
    "unknown_section": GRAPH_CODE + "[graf]\n",
    "section_not_table": 'inputs = 3\n[graph]\ncode = "a = 1"\n',
    "lesson_keys": ('[lesson]\ntitel = "x"\nlanguage = "fr"\nlevel = "big"\nseed = -1\n'
                    'description = 3\n' + GRAPH_CODE),
    "inputs": ('[inputs]\nsum = 1.0\nx = "a"\ny = { randn = [3], rand = [3] }\n'
               'z = { randn = [0] }\nw = { value = [[1, 2], [3]] }\nv = { eye = -1 }\n'
               'u = { full = 3 }\nt = { value = [] }\ns = { ones = [4], grad = 1, lable = "s" }\n'
               'r = { randn = [10000, 10000] }\n[graph]\ncode = "a = 1"\n'),
    "graph_keys": '[graph]\ncode = 3\noutpt = "a"\n',
    "groups": ('[inputs]\nx = { value = 1.0, grad = true }\n[graph]\n'
               'code = """\nh = 2 * x\nk = h * h\n"""\n[groups]\na = ["h", "hh"]\n'
               'b = { label = "B", values = ["h", 3] }\nc = []\nd = 5\n'
               'e = { label = "", values = ["k"] }\nf = { lable = "x", values = ["k"] }\n'
               'g = { label = "B", values = ["k"] }\nh = { label = "H" }\n'),
    "no_statements": '[graph]\ncode = "# nothing"\n',
    "output_and_notes": GRAPH_CODE + 'output = "yy"\n[notes]\nq = "n"\nx = 3\n',
    "expressions": ('[inputs]\nx = { randn = [3, 4], grad = true }\n[graph]\ncode = """\n'
                    "a = x[0]\nb = x.shape\nc = torch.exp(x)\nd = x.sum()\ne = pow(x, 2)\n"
                    "f = x // 2\ng = not x\nh = lambda: x\ni = 'text'\nj = 1j\nk = 10**400\n"
                    "m = relu(x, 1, 2)\nn = relu()\np = softmax(x)\nq = sum(x, dim=1.5)\n"
                    "r = sum(x, dims=1)\ns = sum(x, dim=(y))\nt = leaky_relu(x, input=x)\n"
                    "u = sum(x, dim=1, dim=0)\nv = q2 * 2\nw = sum\n\"\"\"\n"),
    # a file lists its first 20 problems only: the second half of the expressions
    "expressions_2": ('[inputs]\nx = { randn = [3, 4], grad = true }\n[graph]\ncode = """\n'
                      "x = 1\ny = x(2)\n"
                    "z = z2 + 1\nz2 = x\nimport os\nfor i in x: pass\nx\naa = bb = x\n"
                    "(cc) = x\nexp = x\ndd = (x, x)\nee = sum(*x)\nff = sum(x, **x)\n"
                    "gg = x if x else x\nhh = [x for x in x]\nii = x < 1\njj = exp(x)(1)\n"
                    "kk = mse_loss(x, x, reduction='avg')\nll = a\nll = x\n"
                    'mm = sum(x, keepdim=1)\nnn = x.relu()\n"""\n'),
    "syntax_in_code": '[inputs]\nx = 1.0\n[graph]\ncode = """\na = (1 +\nb = x +* 2\n"""\n',
    "shapes": ('[inputs]\nx = { randn = [2, 3], grad = true }\ny = { randn = [4, 5] }\n'
               '[graph]\ncode = "a = sum(x @ y)"\n'),
    "matmul_scalar": '[inputs]\nx = 2.0\n[graph]\ncode = "a = x @ x"\n',
    "two_numbers": '[graph]\ncode = "a = 2 @ 3"\n',
    "no_grad": '[inputs]\nx = 2.0\n[graph]\ncode = "a = x * 2"\n',
    "engine_error": ('[inputs]\nx = { randn = [2, 3], grad = true }\n'
                     '[graph]\ncode = "a = sum(reshape(x, (4, 4)))"\n'),
    "scene_keys": ('[surface]\nname = "rosenbrok"\nstart = [1]\nsteps = 0\nepochs = 3\n'
                   '[[optimizer]]\ntype = "adm"\n'),
    "scene_optimizers": ('[surface]\nname = "rosenbrock"\n[[optimizer]]\ntype = "sgd"\nlr = "a"\n'
                         '[[optimizer]]\nlabel = 3\n'),
    "scene_betas": SCENE_TEXT.replace('type = "sgd"', 'type = "adam"\nbetas = [0.9]'),
    "scene_schedule": SCENE_TEXT + '[schedule]\ntype = "stepp"\n',
    "scene_schedule_key": SCENE_TEXT + '[schedule]\ntype = "step"\n',
    "scene_expr": '[surface]\nexpr = "x +* y"\n[[optimizer]]\ntype = "sgd"\n',
    "scene_both": '[surface]\nname = "rosenbrock"\nexpr = "x"\n[[optimizer]]\ntype = "sgd"\n',
    "scene_range": '[surface]\nname = "rosenbrock"\nrange = [1, 2]\n[[optimizer]]\ntype = "sgd"\n',
    "landscape": ('[surface]\nname = "landscape"\ndata = "xr"\nhidden = 99\nrange = 1\n'
                  '[[optimizer]]\ntype = "sgd"\n'),
    "landscape_start": ('[surface]\nname = "landscape"\nstart = [0, 0]\n'
                        '[[optimizer]]\ntype = "sgd"\n'),
    "regression": ('[surface]\nname = "linear_regression"\ndata = { n = 1, w = "a" }\n'
                   '[[optimizer]]\ntype = "sgd"\nbatch_size = 0\n'),
    "no_optimizer": '[surface]\nname = "rosenbrock"\n',
    "optimizer_type": '[surface]\nname = "rosenbrock"\n[[optimizer]]\nlr = 0.1\n',
    "surface_data": '[surface]\nname = "rosenbrock"\ndata = 1\n[[optimizer]]\ntype = "sgd"\n',
    "more_expressions": ('[inputs]\nx = { randn = [3, 4], grad = true }\n[graph]\ncode = """\n'
                         "a = max(x)\nb = dot(x, x)\nc = square(x)\nd = {1: 2}\n"
                         "e = (i for i in x)\nf = {x}\ng = f'{x}'\nh = x and x\n"
                         "i = (j := x)\nk = await x\nl = yield x\nm = 1" + "0" * 301 + "\n"
                         '"""\n'),
    "more_expressions_2": ('[inputs]\nx = { randn = [3, 4], grad = true }\n[graph]\ncode = """\n'
                           "x += 1\nn: int = x\ndef f(): pass\nclass C: pass\nif x: pass\n"
                         "with x: pass\ndel x\npass\nx[0] = 1\n"
                         "o = (x + x + x + x + x + x + x)[0]\np = mse_loss(x)\n"
                         "q = sum(x, 1, True, 3)\nr = sum(x, zzz=1)\nt = clamp(x, min=x)\n"
                         "u = transpose(x, 0, 1.5)\nv = leaky_relu(x, negative_slope='a')\n"
                         "w = reshape(x, 'a')\nz = " + "-" * 120 + 'x\n"""\n'),
    "graph_without_code": '[graph]\noutput = "a"\n',
    "output_not_a_name": '[graph]\ncode = "a = 1"\noutput = 3\n',
    "more_inputs": ('[inputs]\na = { randn = [1], label = "" }\nb = { full = { shape = [2], '
                    'value = "v" } }\nc = { randn = 3 }\nd = { randn = [' + "1, " * 17 + '1] }\n'
                    'e = { value = ["v"] }\nf = { value = ' + "[" * 17 + "1" + "]" * 17 + ' }\n'
                    '"1x" = 1.0\n[graph]\ncode = "y = 1"\n'),
    "toml_at_end": "[graph]\ncode = ",
    "toml_too_long_a_number": "x = 1" + "0" * 5000 + "\n",
    "too_big": "#" * (1024 * 1024 + 1),
    "missing": None,
    "only_dimension": ('[inputs]\nx = { randn = [2, 3] }\ny = { randn = [4] }\n'
                       '[graph]\ncode = "a = sum(x @ y)"\n'),
    "surface_unknown_key": SCENE_TEXT.replace("steps = 5", "zzzz = 5"),
    "optimizer_far_type": SCENE_TEXT.replace('type = "sgd"', 'type = "qqqq"'),
    "regression_steps": ('[surface]\nname = "linear_regression"\nsteps = 3\n'
                         '[[optimizer]]\ntype = "sgd"\n'),
    "epochs": SCENE_TEXT.replace("steps = 5", "epochs = 5"),
    "too_many_optimizers": ('[surface]\nname = "rosenbrock"\n'
                            + '[[optimizer]]\ntype = "sgd"\n' * 17),
    "graph_and_training": GRAPH_CODE + '[data]\nname = "xor"\n',
    "landscape_data": '[surface]\nname = "landscape"\ndata = 3\n[[optimizer]]\ntype = "sgd"\n',
    "landscape_set": '[surface]\nname = "landscape"\ndata = "qqq"\n[[optimizer]]\ntype = "sgd"\n',
    "landscape_expr": '[surface]\nname = "landscape"\nexpr = "x"\n[[optimizer]]\ntype = "sgd"\n',
    "start": SCENE_TEXT.replace("steps = 5", "start = [1]"),
    "batch_size": ('[surface]\nname = "linear_regression"\n[[optimizer]]\ntype = "sgd"\n'
                   'batch_size = 0\n'),
    "surface_not_table": 'surface = 3\n[[optimizer]]\ntype = "sgd"\n',
    "milestones": SCENE_TEXT + '[schedule]\ntype = "multistep"\nmilestones = [0]\n',
    "step_size": SCENE_TEXT + '[schedule]\ntype = "step"\nstep_size = 0\n',
    "scene_beta_range": SCENE_TEXT.replace('type = "sgd"', 'type = "adam"\nbetas = [0.9, 1.5]'),
    "scene_nesterov": SCENE_TEXT.replace('type = "sgd"', 'type = "sgd"\nnesterov = true'),
    "training_rho": TRAINING_BASE + 'optimizer = "adadelta"\nrho = 2.0\n',
    "toml_accented_key": '[lesson]\ntítulo = "x"\n',
    "python_syntax": ('[inputs]\nx = { value = 2.0, grad = true }\n[graph]\ncode = """\n'
                      'a = x² + 1\nb = 2x\nc = (x + 1\nd = x + 1)\ne = x +* 2\n'
                      'f = sum(x x)\n  g = x\n"""\n'),
    "fullwidth_input": ('[inputs]\nx = { value = 1.0, grad = true }\n"\uff58" = 2.0\n'
                        '[graph]\ncode = "a = x * 2"\n'),
    "many_problems": ('[graph]\ncode = """\n' + "".join(f"a{i} = q{i}\n" for i in range(30))
                      + '"""\n'),
    "class_index": ('[inputs]\nz = { randn = [2, 3], grad = true }\ny = [0, 5]\n'
                    '[graph]\ncode = "l = cross_entropy(z, y)"\n'),
    "formula_operator": '[surface]\nexpr = "x^2 + y"\n[[optimizer]]\ntype = "sgd"\n',
    "formula_name": '[surface]\nexpr = "x + z"\n[[optimizer]]\ntype = "sgd"\n',
    "formula_function": '[surface]\nexpr = "sinh(x)"\n[[optimizer]]\ntype = "sgd"\n',
    "regression_updates": ('[surface]\nname = "linear_regression"\nepochs = 100000\n'
                           'data = { n = 100 }\n[[optimizer]]\ntype = "sgd"\nbatch_size = 1\n'),
    "scalar_limit": ('[lesson]\nlevel = "scalar"\n[inputs]\nx = { randn = [80, 80], grad = true '
                     '}\n[graph]\ncode = "a = sum(x * x)"\n'),
    **{f"training_{name}": TRAINING_BASE.replace(old, new) for name, (old, new) in
       TRAINING_CASES.items()},
}


def _case_file(name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.toml"
    text = CASES[name]
    if name == "missing":
        return path
    if text is None:
        path.mkdir()
    elif isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> LessonError:
    with pytest.raises(LessonError) as info:
        prepare_lesson(path)
    return info.value


def _untranslated(message: Message, spanish: str) -> list[str]:
    """English pieces of `message`'s texts that show in its Spanish: a text left in English."""
    left = []
    for template in message.templates():
        if SPANISH.get(template, template) == template:
            continue  # said the same in both, or checked above
        pieces = [p.strip() for p in _words(template).split("'") if len(p.strip()) >= 12]
        left += [piece for piece in pieces if piece in spanish]
    return left


@pytest.mark.parametrize("name", CASES)
def test_each_error_is_said_in_both_languages_at_the_same_place(name, tmp_path):
    path = _case_file(name, tmp_path)
    error = _error(path)
    assert error.text("en") == str(error)  # str stays the English, for logs and tests
    for one in error.errors:
        spanish, english = one.text("es"), one.text("en")
        where = f"{one.path}:{one.line}:{one.col}: "
        assert spanish.startswith(where) and english.startswith(where), (spanish, english)
        assert spanish != english, spanish
        assert not _untranslated(one.said, spanish), (spanish, _untranslated(one.said, spanish))
        missing = [t for t in one.said.templates() if _needs_spanish(t) and not has(t)]
        assert not missing, (english, missing)


def test_the_cases_say_most_of_the_texts(tmp_path):
    """The bad files above reach most templates, so the test above checks them said (the
    data files and layers of the training package: tests/test_training_words.py; the
    surfaces' and the graph's errors, most of which the scene reader forestalls:
    tests/test_said_errors.py; tomllib's syntax errors: tests/test_toml_errors.py)."""
    seen: set[str] = set()
    for name in CASES:
        for one in _error(_case_file(name, tmp_path)).errors:
            seen.update(one.said.templates())
    lesson_templates = {text for text, where in TEMPLATES.items()
                        if not where.startswith(("gradviz/training/", "gradviz/surfaces/",
                                                 "gradviz/graph/", "gradviz/view/",
                                                 "gradviz/app/launch", "gradviz/app/exporting",
                                                 "gradviz/lesson/toml_errors"))}
    reached = len(seen & lesson_templates) / len(lesson_templates)
    assert reached > 0.9, sorted(lesson_templates - seen)


@pytest.mark.parametrize(("command", "text", "spanish"), [
    ("dot", SCENE_TEXT, "gradviz dot escribe el grafo de una lección de grafo"),
    ("optimize", GRAPH_CODE, "gradviz optimize ejecuta escenas de optimizadores"),
])
def test_commands_that_refuse_a_kind_say_so_in_spanish(tmp_path, capsys, command, text, spanish):
    path = tmp_path / "lesson.toml"
    path.write_text(text, encoding="utf-8")
    assert main([command, str(path)]) == 1
    assert spanish in capsys.readouterr().err


def test_engine_words_stay_as_they_are_inside_a_spanish_frame(tmp_path):
    error = _error(_case_file("engine_error", tmp_path))
    english = error.said.fields["error"]
    assert str(english) in error.text("es")  # the engine speaks English, as PyTorch does


# -- which language each place says it in ----------------------------------------------------


def _lesson(tmp_path: Path, language: str | None) -> Path:
    head = f'[lesson]\nlanguage = "{language}"\n' if language else ""
    path = tmp_path / f"bad_{language}.toml"
    path.write_text(head + '[inputs]\nx = 1.0\n[graph]\ncode = "a = sigmod(x)"\n', "utf-8")
    return path


ENGLISH, SPANISH_TEXT = "unknown function 'sigmod'", "función desconocida 'sigmod'"


@pytest.mark.parametrize(("language", "flag", "says"), [
    (None, None, SPANISH_TEXT),  # nothing said: Spanish, the course's language
    ("en", None, ENGLISH),  # the lesson's own language
    ("es", None, SPANISH_TEXT),
    ("es", "en", ENGLISH),  # --lang on the command line wins
    ("en", "es", SPANISH_TEXT),
    (None, "en", ENGLISH),
])
def test_the_command_line_says_it_in_the_flag_else_the_lessons_language(
        tmp_path, capsys, language, flag, says):
    path = _lesson(tmp_path, language)
    error = _error(path)
    assert error.language == language
    assert says in said(error, flag)
    flags = ["--lang", flag] if flag else []
    for command in ("check", "run", "dot", "export"):
        extra = ["-o", str(tmp_path / "x.png")] if command == "export" else []
        assert main([command, str(path), *extra, *flags]) == 1
        out, err = capsys.readouterr()
        assert f"{path}:{error.line}:{error.col}: {says}" in out + err, (command, out, err)


def test_the_window_says_it_in_its_own_language(window, tmp_path):  # noqa: F811
    window.set_language("en")
    assert not window.open_file(_lesson(tmp_path, "es"))  # the file's language is not the UI's
    assert ENGLISH in window.errors[-1]
    window.set_language("es")
    assert not window.open_file(_lesson(tmp_path, "en"))
    assert SPANISH_TEXT in window.errors[-1]


def test_errors_the_parser_finds_know_the_lessons_language(tmp_path):
    path = tmp_path / "two.toml"
    path.write_text('[lesson]\nlanguage = "en"\n[inputs]\nx = 1.0\n[graph]\n'
                    'code = "a = sigmod(x)\\nb = q"\n', encoding="utf-8")
    error = _error(path)
    assert len(error.errors) == 2 and {e.language for e in error.errors} == {"en"}
    assert said(error).splitlines() == [str(e) for e in error.errors]


def test_a_file_that_cannot_be_read_has_no_language(tmp_path):
    error = _error(tmp_path / "missing.toml")
    assert error.language is None
    assert said(error).endswith("no existe el archivo")
