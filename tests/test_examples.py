"""Every bundled example runs, and its values and gradients agree with PyTorch.

Each `examples/*.toml` with a ``[graph]`` section is checked by the parser, run on the
gradviz engine and differentiated; then the same statements are evaluated again by an
independent walker over the lesson's checked trees that calls torch functions instead,
starting from the leaf values the gradviz run produced.  Optimizer scenes (no ``[graph]``)
are only loaded.  A few tests pin the numbers the examples' notes promise the lecturer.
"""

from __future__ import annotations

import ast
import operator
import tomllib
from pathlib import Path

import numpy as np
import pytest
import torch

from gradviz.app.lesson_cli import check_files
from gradviz.lesson.functions import FUNCTIONS
from gradviz.lesson.parser import load_lesson
from gradviz.lesson.prepare import prepare_lesson
from gradviz.lesson.program import run_lesson

F = torch.nn.functional

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ALL_EXAMPLES = sorted(EXAMPLES.glob("*.toml"))
GRAPH_EXAMPLES = [p for p in ALL_EXAMPLES if "graph" in tomllib.loads(p.read_text("utf-8"))]
RTOL = {"float32": 1e-5, "float64": 1e-9}
ATOL = {"float32": 1e-6, "float64": 1e-12}

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.MatMult: operator.matmul,
}


def _integer_valued(t) -> bool:
    return bool(torch.all(t == torch.floor(t)))


def _class_target(logits, target):
    # as gradviz does: an integer-valued target one dimension short holds class indices
    if target.dim() == logits.dim() - 1 and _integer_valued(target):
        return target.long()
    return target


def _msle_loss(input, target, reduction="mean"):  # noqa: A002
    return F.mse_loss(torch.log1p(input), torch.log1p(target), reduction=reduction)


def _reshape(input, shape):  # noqa: A002
    return torch.reshape(input, (shape,) if isinstance(shape, int) else shape)


def _cross_entropy(input, target, **options):  # noqa: A002
    return F.cross_entropy(input, _class_target(input, target), **options)


def _nll_loss(input, target, **options):  # noqa: A002
    return F.nll_loss(input, _class_target(input, target), **options)


# Each whitelisted lesson function -> what PyTorch calls it (same argument names).
TORCH_FUNCTIONS = {
    "sum": torch.sum, "mean": torch.mean, "exp": torch.exp, "log": torch.log,
    "sqrt": torch.sqrt, "abs": torch.abs, "sin": torch.sin, "cos": torch.cos,
    "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    "relu": torch.relu, "leaky_relu": F.leaky_relu, "softmax": F.softmax,
    "log_softmax": F.log_softmax, "matmul": torch.matmul, "transpose": torch.transpose,
    "reshape": _reshape, "maximum": torch.maximum, "minimum": torch.minimum,
    "clamp": torch.clamp, "mse_loss": F.mse_loss, "msle_loss": _msle_loss,
    "binary_cross_entropy": F.binary_cross_entropy,
    "binary_cross_entropy_with_logits": F.binary_cross_entropy_with_logits,
    "cross_entropy": _cross_entropy, "nll_loss": _nll_loss,
    "conv2d": F.conv2d, "max_pool2d": F.max_pool2d, "avg_pool2d": F.avg_pool2d,
}  # fmt: skip


def test_every_lesson_function_has_a_torch_twin():
    assert set(TORCH_FUNCTIONS) == set(FUNCTIONS)


def torch_eval(node: ast.expr, env: dict, dtype):
    """Evaluate a checked expression tree with torch; bare numbers stay Python floats."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        value = torch_eval(node.operand, env, dtype)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Attribute):  # .T
        value = torch_eval(node.value, env, dtype)
        return value if isinstance(value, float) else value.T
    if isinstance(node, ast.BinOp):
        left, right = torch_eval(node.left, env, dtype), torch_eval(node.right, env, dtype)
        function = _BINARY[type(node.op)]
        if isinstance(left, float) and isinstance(right, float):
            return float(function(np.float64(left), np.float64(right)))
        return function(left, right)
    assert isinstance(node, ast.Call), f"unexpected node {ast.dump(node)}"
    name = node.func.id
    signature = FUNCTIONS[name]
    count = len(signature.tensors)
    tensors = [as_tensor(torch_eval(arg, env, dtype), dtype) for arg in node.args[:count]]
    given = zip(signature.options, node.args[count:], strict=False)
    options = {key: ast.literal_eval(value) for key, value in given}
    options.update({k.arg: ast.literal_eval(k.value) for k in node.keywords})
    return TORCH_FUNCTIONS[name](*tensors, **options)


def as_tensor(value, dtype):
    return value if isinstance(value, torch.Tensor) else torch.tensor(value, dtype=dtype)


def numpy(tensor) -> np.ndarray:
    return np.asarray(tensor.detach().numpy())


def gradviz_run(path: Path):
    run = run_lesson(load_lesson(path))
    run.backward()
    return run


def torch_run(run) -> dict:
    """The same lesson on torch, from the leaf values gradviz produced."""
    lesson = run.lesson
    dtype = torch.float64 if lesson.dtype == "float64" else torch.float32
    env = {}
    for spec in lesson.inputs:
        value = torch.tensor(numpy(run.values[spec.name]), dtype=dtype)
        env[spec.name] = value.requires_grad_(spec.grad)
    for statement in lesson.statements:
        env[statement.target] = as_tensor(torch_eval(statement.ast, env, dtype), dtype)
        if env[statement.target].requires_grad:
            env[statement.target].retain_grad()
    env[lesson.output].backward()
    return env


@pytest.mark.parametrize("path", GRAPH_EXAMPLES, ids=lambda p: p.name)
def test_example_matches_torch(path: Path, capsys):
    assert check_files([path]) == 0, capsys.readouterr().out
    run = gradviz_run(path)
    expected = torch_run(run)
    rtol, atol = RTOL[run.lesson.dtype], ATOL[run.lesson.dtype]
    assert list(run.values) == list(expected)
    for name, tensor in run.values.items():
        twin = expected[name]
        assert tuple(tensor.shape) == tuple(twin.shape), name
        np.testing.assert_allclose(numpy(tensor), numpy(twin), rtol, atol, err_msg=name)
        if twin.grad is None:
            assert tensor.grad is None, f"{name} has a gradient PyTorch does not"
        else:
            assert tensor.grad is not None, f"{name} has no gradient"
            np.testing.assert_allclose(
                numpy(tensor.grad), numpy(twin.grad), rtol, atol, err_msg=f"grad of {name}"
            )


@pytest.mark.parametrize("path", GRAPH_EXAMPLES, ids=lambda p: p.name)
def test_example_draws_at_its_own_level(path: Path):
    prepared = prepare_lesson(path)
    assert prepared.level == prepared.lesson.level
    assert prepared.graph.nodes


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_example_has_a_title(path: Path):
    lesson = load_lesson(path)
    title = lesson.raw.get("lesson", {}).get("title", "")
    assert isinstance(title, str) and title.strip(), "every example needs [lesson] title"


@pytest.mark.parametrize("path", GRAPH_EXAMPLES, ids=lambda p: p.name)
def test_graph_example_is_spanish_with_notes(path: Path):
    lesson = load_lesson(path)
    assert lesson.language == "es"
    assert lesson.notes, "a bundled graph example explains at least one node in [notes]"


def test_examples_are_bundled():
    assert len(GRAPH_EXAMPLES) >= 10
    assert (EXAMPLES / "grafo_slide.toml") in GRAPH_EXAMPLES


# -- what the notes tell the lecturer -------------------------------------------------------


def grads(name: str) -> tuple[dict, object]:
    run = gradviz_run(EXAMPLES / name)
    return {k: numpy(v.grad) for k, v in run.values.items() if v.grad is not None}, run


def test_slide_graph_broadcast_gradient_is_three():
    g, run = grads("grafo_slide.toml")
    np.testing.assert_array_equal(g["z"], np.full((1, 4), 3.0))
    np.testing.assert_array_equal(g["x"], numpy(run.values["y"]))


def test_broadcast_gradients_sum_the_copies():
    g, _ = grads("broadcasting.toml")
    for name, copies in (("r32", 4.0), ("r31", 8.0), ("r12", 12.0)):
        np.testing.assert_array_equal(g[name], np.full_like(g[name], copies))


def test_value_used_twice_accumulates():
    g, run = grads("acumulacion.toml")
    assert float(numpy(run.output)) == 18.0 and float(g["a"]) == 12.0


def test_last_layer_gradient_is_prediction_minus_label():
    g, run = grads("clasificador_dos_capas.toml")
    a2, y = numpy(run.values["a2"]), numpy(run.values["y"])
    np.testing.assert_allclose(g["z2"], a2 - y, rtol=1e-12)


def test_softmax_lesson_equals_torch_cross_entropy():
    g, run = grads("softmax_entropia_cruzada.toml")
    z, t = torch.tensor(numpy(run.values["z"])), torch.tensor(numpy(run.values["t"]))
    expected = F.cross_entropy(z, t.argmax(dim=1))
    np.testing.assert_allclose(numpy(run.output), expected.numpy(), rtol=1e-12)
    np.testing.assert_allclose(g["z"], (numpy(run.values["p"]) - t.numpy()) / 4, atol=1e-15)


def test_activation_gradients_are_the_derivatives():
    g, run = grads("activaciones.toml")
    z = numpy(run.values["z_sig"])
    sig = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(g["z_sig"], sig * (1 - sig), rtol=1e-12)
    np.testing.assert_allclose(g["z_tanh"], 1 - np.tanh(z) ** 2, rtol=1e-12)
    np.testing.assert_array_equal(g["z_relu"], (z > 0).astype(float))
    np.testing.assert_array_equal(g["z_leaky"], np.where(z > 0, 1.0, 0.01))
