"""Running lessons on the engine: values against numpy, gradients against PyTorch."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from gradviz.app.lesson_cli import check_files, run_file
from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.program import run_lesson

BASIC = """\
[lesson]
title = "Grafo computacional"
dtype = "float64"
seed = 0

[inputs]
x = { randn = [3, 4], grad = true }
y = { rand = [3, 4], grad = true }
z = { value = [[1.0, 2.0, 3.0, 4.0]], grad = true, label = "zeta" }
lr = 0.1

[graph]
code = \"\"\"
a = x * y
b = a + z
c = sum(b) * lr
\"\"\"
"""


def run(text: str):
    return run_lesson(parse_lesson(text, "t.toml"))


def array(tensor) -> np.ndarray:
    return tensor.detach().numpy()


def lesson_with(code: str, inputs: str, dtype: str = "float64") -> str:
    # [lesson] on lines 1-2, [inputs] on 3, the inputs from 4, then [graph] and code = """,
    # so with one input line the code starts on line 7, with two on line 8
    return f'[lesson]\ndtype = "{dtype}"\n[inputs]\n{inputs}\n[graph]\ncode = """\n{code}\n"""\n'


def test_values_match_numpy():
    result = run(BASIC)
    x, y, z = (array(result.values[n]) for n in "xyz")
    assert list(result.values) == ["x", "y", "z", "lr", "a", "b", "c"]
    np.testing.assert_allclose(array(result.values["a"]), x * y)
    np.testing.assert_allclose(array(result.values["b"]), x * y + z)
    np.testing.assert_allclose(array(result.output), np.sum(x * y + z) * 0.1)
    assert result.output is result.values["c"] and result.output_name == "c"
    assert result.values["x"].dtype == result.output.dtype


def test_names_labels_and_constants():
    result = run(BASIC)
    assert [t.name for t in result.values.values()] == ["x", "y", "zeta", "lr", "a", "b", "c"]
    assert result.values["x"].requires_grad and not result.values["lr"].requires_grad
    assert result.values["x"].shape == (3, 4) and result.values["z"].shape == (1, 4)



def test_a_number_on_the_left_stays_on_the_left():
    # The engine records ``2 * x`` as PyTorch does, mul(x, 2); a lesson draws what it wrote.
    result = run(lesson_with("a = 2 * x\nb = 3 + a\nc = a * 4", "x = { value = [1.0, 2.0] }"))
    a, b, c = (result.values[n] for n in "abc")
    assert a._parents[1] is result.values["x"] and not a._parents[0].requires_grad
    assert b._parents[1] is a and c._parents[0] is a
    np.testing.assert_allclose(array(b), [5.0, 7.0])

def test_seed_makes_runs_repeatable():
    first, second = run(BASIC), run(BASIC)
    np.testing.assert_array_equal(array(first.values["x"]), array(second.values["x"]))
    other = run(BASIC.replace("seed = 0", "seed = 1"))
    assert not np.allclose(array(first.values["x"]), array(other.values["x"]))


def test_every_input_kind():
    inputs = "\n".join(
        [
            "a = { zeros = [2, 3] }",
            "b = { ones = [3] }",
            "c = { full = { shape = [2], value = 2.5 } }",
            "d = { eye = 3, grad = true }",
            "e = { value = [1, 2, 3] }",
            "f = 7",
            "g = [[1.5], [2.5]]",
            "h = { rand = [] }",
        ]
    )
    result = run(lesson_with("s = a + b", inputs))
    values = {name: array(t) for name, t in result.values.items()}
    np.testing.assert_array_equal(values["a"], np.zeros((2, 3)))
    np.testing.assert_array_equal(values["b"], np.ones(3))
    np.testing.assert_array_equal(values["c"], [2.5, 2.5])
    np.testing.assert_array_equal(values["d"], np.eye(3))
    np.testing.assert_array_equal(values["e"], [1.0, 2.0, 3.0])
    assert values["f"] == 7.0 and values["g"].shape == (2, 1) and values["h"].shape == ()
    assert 0 <= values["h"] < 1
    assert all(v.dtype == np.float64 for v in values.values())


def test_float32_is_the_default():
    result = run('[inputs]\nx = { randn = [2] }\n[graph]\ncode = "a = x * 2"\n')
    assert array(result.values["a"]).dtype == np.float32


def test_number_only_statements():
    result = run(lesson_with("a = 2 * 3 - 1\nb = 9 ** 9 ** 9\nc = 1 / 0\nd = a * x", "x = 1.0"))
    assert float(array(result.values["a"])) == 5.0
    assert np.isinf(array(result.values["b"])) and np.isinf(array(result.values["c"]))
    assert result.values["a"].name == "a"


def test_alias_keeps_the_input_name():
    result = run(lesson_with("a = x", "x = { randn = [2], grad = true }"))
    assert result.values["a"] is result.values["x"] and result.values["x"].name == "x"


def test_docs_example_runs():
    docs = Path(__file__).resolve().parents[1] / "docs" / "lesson-format.md"
    example = docs.read_text(encoding="utf-8").split("```toml\n")[1].split("```")[0]
    result = run(example)
    result.backward()
    assert list(result.values)[-3:] == ["a", "b", "c"]
    assert result.lesson.notes == {"a": "Multiplicación elemento a elemento"}
    np.testing.assert_allclose(array(result.values["x"].grad), array(result.values["y"]))


# -- gradients against PyTorch ----------------------------------------------------------------


def torch_leaves(result, names):
    return {n: torch.tensor(array(result.values[n]), requires_grad=True) for n in names}


def test_basic_gradients_match_torch():
    result = run(BASIC)
    result.backward()
    t = torch_leaves(result, "xyz")
    a = t["x"] * t["y"]
    b = a + t["z"]
    a.retain_grad()
    b.retain_grad()
    (b.sum() * 0.1).backward()
    for name, expected in [*t.items(), ("a", a), ("b", b)]:
        np.testing.assert_allclose(array(result.values[name].grad), expected.grad.numpy())
    assert result.values["lr"].grad is None


NEURON = """\
[lesson]
title = "Neurona"
dtype = "float64"
seed = 3

[inputs]
x = { randn = [5, 3] }
w = { randn = [3, 2], grad = true }
b = { zeros = [2], grad = true }
t = { rand = [5, 2] }

[graph]
code = '''
z = x @ w + b
p = sigmoid(z)
h = tanh(z.T).T * leaky_relu(z, negative_slope=0.1) + relu(z) / (1 + exp(-z)) ** 2
q = clamp(softmax(h, dim=1), min=0.01, max=0.99)
r = maximum(q, p) - minimum(q, 0.5) + sqrt(abs(z) + 1) + log(p)
s = mean(reshape(transpose(r, 0, 1), (10,)), dim=0, keepdim=True)
loss = binary_cross_entropy(p, t) + mse_loss(q, t, reduction='sum') + sum(s)
'''
"""


def test_neuron_gradients_match_torch():
    result = run(NEURON)
    result.backward()
    F = torch.nn.functional
    t = torch_leaves(result, ["x", "w", "b", "t"])
    x, w, b, target = t["x"], t["w"], t["b"], t["t"]
    z = x @ w + b
    p = torch.sigmoid(z)
    h = (
        torch.tanh(z.T).T * F.leaky_relu(z, negative_slope=0.1)
        + torch.relu(z) / (1 + torch.exp(-z)) ** 2
    )
    q = torch.clamp(F.softmax(h, dim=1), min=0.01, max=0.99)
    r = torch.maximum(q, p) - torch.minimum(q, torch.tensor(0.5, dtype=torch.float64))
    r = r + torch.sqrt(torch.abs(z) + 1) + torch.log(p)
    s = torch.mean(torch.reshape(torch.transpose(r, 0, 1), (10,)), dim=0, keepdim=True)
    loss = F.binary_cross_entropy(p, target) + F.mse_loss(q, target, reduction="sum") + s.sum()
    for tensor in (z, p, h, q):
        tensor.retain_grad()
    loss.backward()
    np.testing.assert_allclose(array(result.output), loss.detach().numpy(), rtol=1e-10)
    for name, expected in [("w", w), ("b", b), ("z", z), ("p", p), ("h", h), ("q", q)]:
        np.testing.assert_allclose(
            array(result.values[name].grad), expected.grad.numpy(), rtol=1e-8, atol=1e-12
        )


def test_cross_entropy_with_class_indices_matches_torch():
    inputs = "logits = { randn = [4, 3], grad = true }\nlabels = [0, 2, 1, 2]"
    code = "lp = log_softmax(logits, dim=1)\n"
    code += "loss = cross_entropy(logits, labels) + nll_loss(lp, labels)"
    text = lesson_with(code, inputs).replace("[lesson]\n", "[lesson]\nseed = 5\n")
    result = run(text)
    result.backward()
    logits = torch.tensor(array(result.values["logits"]), requires_grad=True)
    labels = torch.tensor([0, 2, 1, 2])
    F = torch.nn.functional
    loss = F.cross_entropy(logits, labels) + F.nll_loss(F.log_softmax(logits, dim=1), labels)
    loss.backward()
    np.testing.assert_allclose(array(result.output), loss.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(array(result.values["logits"].grad), logits.grad.numpy(), rtol=1e-8)


# -- errors while running -------------------------------------------------------------------


def run_error(text: str) -> LessonError:
    with pytest.raises(LessonError) as info:
        run(text)
    return info.value


def test_broadcast_error_names_both_shapes_and_position():
    inputs = "x = { randn = [3, 4] }\ny = { randn = [2] }"
    error = run_error(lesson_with("a = x * 2\nb = sum(a) + (a + y)", inputs))
    # a on line 8, b on line 9; the failing (a + y) starts at column 15
    assert (error.path, error.line, error.col) == ("t.toml", 9, 15)
    assert "(3, 4)" in error.message and "(2,)" in error.message
    assert "cannot be broadcast" in error.message and "equal or 1" in error.message
    assert str(error).startswith("t.toml:9:15: shapes (3, 4) and (2,) cannot be broadcast for +")


def test_broadcast_error_in_maximum():
    error = run_error(lesson_with("a = maximum(x, y)", "x = [1, 2, 3]\ny = [1, 2]"))
    assert (error.line, error.col) == (8, 5)
    assert "(3,) and (2,)" in error.message and "maximum" in error.message


def test_matmul_error_names_both_shapes():
    error = run_error(lesson_with("a = x @ y", "x = { randn = [3, 4] }\ny = { randn = [3, 4] }"))
    assert (error.line, error.col) == (8, 5)
    assert error.message == (
        "shapes (3, 4) and (3, 4) cannot be multiplied with @: the last dimension of the left (4)"
        " must equal the second-to-last dimension of the right (3)"
    )


def test_engine_error_becomes_lesson_error_at_the_call():
    error = run_error(lesson_with("a = 2 * reshape(x, (5,))", "x = { randn = [3, 4] }"))
    assert (error.line, error.col) == (7, 9) and error.message.startswith("reshape failed: ")
    error = run_error(lesson_with("a = mse_loss(x, y)", "x = { randn = [3] }\ny = { randn = [2] }"))
    assert (error.line, error.col) == (8, 5) and error.message.startswith("mse_loss failed: ")


def test_backward_needs_a_single_number_output():
    result = run(lesson_with("a = x * 2", "x = { randn = [3], grad = true }"))
    with pytest.raises(LessonError) as info:
        result.backward()
    assert (info.value.line, info.value.col) == (7, 1)
    assert "shape (3,)" in info.value.message and "sum(a)" in info.value.message


def test_backward_needs_a_gradient_somewhere():
    text = lesson_with("a = sum(x)", "x = { randn = [3] }") + 'output = "a"\n'
    with pytest.raises(LessonError, match="no input .* has grad = true") as info:
        run(text).backward()
    assert (info.value.line, info.value.col) == (9, 10)


# -- the command-line pieces ----------------------------------------------------------------


def test_check_files(tmp_path):
    good, bad, shape = tmp_path / "good.toml", tmp_path / "bad.toml", tmp_path / "shape.toml"
    good.write_text(BASIC, encoding="utf-8")
    bad.write_text('[graph]\ncode = "a = sigmod(1)\\nb = q"\n', encoding="utf-8")
    shape.write_text(lesson_with("a = x + y", "x = [1, 2]\ny = [1, 2, 3]"), encoding="utf-8")
    out = io.StringIO()
    assert check_files([good], out) == 0
    assert out.getvalue() == f"{good}: ok\n"
    out = io.StringIO()
    assert check_files([good, bad, shape, tmp_path / "missing.toml"], out, lang="en") == 1
    assert out.getvalue().splitlines() == [
        f"{good}: ok",
        f"{bad}:2:13: unknown function 'sigmod'; did you mean 'sigmoid'?",
        f"{bad}:2:28: unknown name 'q'",
        f"{shape}:8:5: shapes (2,) and (3,) cannot be broadcast for +: broadcasting compares"
        " dimensions from the right and each pair must be equal or 1, but 2 and 3 are neither",
        f"{tmp_path / 'missing.toml'}:1:1: no such file",
    ]


def test_run_file_json(tmp_path):
    path = tmp_path / "basic.toml"
    path.write_text(BASIC, encoding="utf-8")
    out = io.StringIO()
    assert run_file(path, as_json=True, out=out) == 0
    data = json.loads(out.getvalue())
    assert list(data["values"]) == ["x", "y", "z", "lr", "a", "b", "c"]
    assert data["grads"]["lr"] is None and data["grads"]["c"] == 1.0
    x, y = np.array(data["values"]["x"]), np.array(data["values"]["y"])
    np.testing.assert_allclose(data["grads"]["x"], y * 0.1)
    np.testing.assert_allclose(data["values"]["a"], x * y)
    np.testing.assert_allclose(data["grads"]["z"], [[0.3] * 4])


def test_run_file_table(tmp_path):
    path = tmp_path / "basic.toml"
    path.write_text(BASIC, encoding="utf-8")
    out = io.StringIO()
    assert run_file(path, out=out) == 0
    text = out.getvalue()
    assert text.startswith(f"Grafo computacional  ({path}, float64)")
    assert "\nx   3x4  input\n  value: [[" in text and "\nc   scalar  output\n" in text
    assert "  grad:  -" in text  # lr is a constant


def test_run_file_reports_errors(tmp_path, capsys):
    path = tmp_path / "vector.toml"
    path.write_text(lesson_with("a = x * 2", "x = { randn = [3], grad = true }"), encoding="utf-8")
    assert run_file(path, out=io.StringIO(), lang="en") == 1
    assert capsys.readouterr().err.startswith(f"{path}:7:1: output 'a' has shape (3,)")
    assert run_file(path, out=io.StringIO()) == 1  # no language in the file: Spanish
    assert capsys.readouterr().err.startswith(f"{path}:7:1: la salida 'a' tiene forma (3,)")


def test_run_file_table_writes_no_negative_zero(tmp_path):
    # softmax's cross-entropy sends back -0.0: the table writes "0.", never "-0."
    example = Path(__file__).resolve().parent.parent / "examples" / "softmax_entropia_cruzada.toml"
    out = io.StringIO()
    assert run_file(example, out=out) == 0
    text = out.getvalue()
    assert "-0. " not in text and "-0.]" not in text and " 0. " in text
    path = tmp_path / "zeros.toml"
    code = "a = x * -0.0 + x * -1e-9\nb = sum(a)"
    path.write_text(lesson_with(code, "x = { value = [1.0, 2.0], grad = true }"), "utf-8")
    out = io.StringIO()
    assert run_file(path, out=out) == 0
    assert "-0." not in out.getvalue() and "value: [0. 0.]" in out.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[ -0.3019  -0.      -0.    ]", "[[ -0.3019   0.       0.    ]"),
        ("[-0.0429 -0.0000 -0.001]", "[-0.0429  0.0000 -0.001]"),
        ("[ 1.e+10 -1.e-05 -0.e+00]", "[ 1.e+10 -1.e-05  0.e+00]"),
        ("[-10.5 -0.5]", "[-10.5 -0.5]"),
    ],
)
def test_negative_zero_is_written_as_zero(text, expected):
    from gradviz.app.lesson_cli import _without_negative_zero

    assert _without_negative_zero(text) == expected


def test_random_inputs_are_the_same_on_every_run_without_a_seed():
    from gradviz.lesson.parser import parse_lesson
    from gradviz.lesson.program import run_lesson

    text = ('[lesson]\ntitle = "t"\n[inputs]\nx = { randn = [3], grad = true }\n'
            '[graph]\ncode = """\ny = sum(x * x)\n"""\noutput = "y"\n')
    first = run_lesson(parse_lesson(text, "a.toml")).output.item()
    import gradviz

    gradviz.manual_seed(12345)  # whatever ran before
    assert run_lesson(parse_lesson(text, "a.toml")).output.item() == first


ELEMENTWISE = ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu",
               "leaky_relu", "maximum", "minimum", "clamp"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_each_elementwise_lesson_function_runs_in_both_views_with_torch_s_gradients(name):
    from gradviz.lesson.functions import FUNCTIONS
    from gradviz.lesson.prepare import prepare_lesson

    two = len(FUNCTIONS[name].tensors) == 2
    call = f"{name}(x, w)" if two else ("clamp(x, min=0.6)" if name == "clamp" else f"{name}(x)")
    text = ('[lesson]\ndtype = "float64"\nlevel = "{level}"\n[inputs]\n'
            'x = { value = [0.5, 1.5, 2.0], grad = true }\n'
            'w = { value = [1.0, 1.0, 3.0], grad = true }\n'
            f'[graph]\ncode = """\ny = {call} * w\nL = sum(y)\n"""\noutput = "L"\n')
    xt = torch.tensor([0.5, 1.5, 2.0], dtype=torch.float64, requires_grad=True)
    wt = torch.tensor([1.0, 1.0, 3.0], dtype=torch.float64, requires_grad=True)
    functions = {"sigmoid": torch.sigmoid, "relu": torch.relu, "clamp": torch.clamp,
                 "leaky_relu": torch.nn.functional.leaky_relu}
    f = functions[name] if name in functions else getattr(torch, name)
    y = f(xt, wt) if two else (f(xt, min=0.6) if name == "clamp" else f(xt))
    (y * wt).sum().backward()
    for level in ("tensor", "scalar"):
        prepared = prepare_lesson(parse_lesson(text.replace("{level}", level), "f.toml"))
        leaves = {n.name: n for n in prepared.graph.nodes if not n.is_op and n.is_leaf}
        if level == "tensor":
            grads = {k: leaves[k].grad for k in "xw"}
        else:  # one node per element, named x[0], x[1], …
            grads = {k: np.array([leaves[f"{k}[{i}]"].grad for i in range(3)]) for k in "xw"}
        np.testing.assert_allclose(grads["x"], xt.grad.numpy(), rtol=1e-12, err_msg=level)
        np.testing.assert_allclose(grads["w"], wt.grad.numpy(), rtol=1e-12, err_msg=level)
