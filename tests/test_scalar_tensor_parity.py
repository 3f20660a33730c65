"""The scalar view (``level = "scalar"``) and the tensor view give the same numbers on every
input, NaN and inf included: a view that breaks where the other works is a bug.

The inputs are the edges where a scalar form once failed: a negative under ``sqrt`` (a
complex number in Python), zero under ``log`` ("math domain error"), 1-D logits with a class
index in ``cross_entropy``, and the overflow of ``exp``.
"""

from __future__ import annotations

import numpy as np
import pytest

from gradviz.lesson.parser import parse_lesson
from gradviz.lesson.prepare import prepare_lesson

EDGES = "[-2.0, -0.0, 0.0, 0.5, 1000.0]"
CASES = {
    "sqrt": (EDGES, "a = sum(sqrt(x))"),
    "log": (EDGES, "a = sum(log(x))"),
    "exp": (EDGES, "a = sum(exp(x))"),
    "abs": (EDGES, "a = sum(abs(x))"),
    "tanh": (EDGES, "a = sum(tanh(x))"),
    "sigmoid": (EDGES, "a = sum(sigmoid(x))"),
    "relu": (EDGES, "a = sum(relu(x))"),
    "pow_half": (EDGES, "a = sum(x ** 0.5)"),
    "divide_by_zero": (EDGES, "a = sum(1 / x)"),
    "cross_entropy_1d": ("[1.0, 2.0, 3.0]", "a = cross_entropy(x, 1)"),
    "cross_entropy_smoothing": ("[[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]]",
                                "a = cross_entropy(x, t, label_smoothing=0.1)"),
    "mse_loss": (EDGES, "a = mse_loss(x, x * 0.5)"),
}


def _numbers(text: str, level: str) -> tuple[float, np.ndarray]:
    prepared = prepare_lesson(parse_lesson(text, "p.toml"), level=level)
    run = prepared.run
    if level == "tensor":
        leaves = {n.name: n.grad for n in prepared.graph.nodes if not n.is_op and n.is_leaf}
        grad = np.asarray(leaves["x"], dtype=float)
    else:
        shape = run.values["x"].shape
        by_name = {n.name: n.grad for n in prepared.graph.nodes if not n.is_op and n.is_leaf}
        grad = np.array([by_name[f"x[{','.join(map(str, i))}]"] for i in np.ndindex(*shape)],
                        dtype=float).reshape(shape)
    output = next(n for n in prepared.graph.nodes if n.name == "a")
    return float(np.asarray(output.value)), grad


@pytest.mark.parametrize("name", list(CASES))
def test_both_views_give_the_same_numbers(name):
    values, code = CASES[name]
    text = (f'[lesson]\ndtype = "float64"\n[inputs]\nx = {{ value = {values}, grad = true }}\n'
            f't = [1, 0]\n[graph]\ncode = "{code}"\n')
    with np.errstate(all="ignore"):
        tensor, scalar = _numbers(text, "tensor"), _numbers(text, "scalar")
    np.testing.assert_allclose(scalar[0], tensor[0], rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(scalar[1], tensor[1], rtol=1e-12, equal_nan=True)
