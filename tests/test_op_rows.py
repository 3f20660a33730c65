"""Every registry row, in every form it has: the `Tensor` op against PyTorch and central finite
differences in float64, the scalar view against the tensor view, `Value` against both.

The case table (`op_cases.CASES`) names, for each row, how to call it in gradviz and in torch,
where its inputs live and, when the row has a scalar form, how to call it on `Value`s.
`test_every_row_has_a_case` fails when a row is added without one, and
`test_every_value_op_has_a_value_case` when a `Value` op is, so adding an op adds its test by
construction.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
from op_cases import CASES, EXTRA, arrays, params

import gradviz as gv
from gradviz import Value, catalog
from gradviz.catalog import formulas
from gradviz.engine.backend import is_cuda_available
from gradviz.engine.gradcheck import numerical_grad
from gradviz.engine.ops import REGISTRY
from gradviz.graph.record import record
from gradviz.graph.scalar import expand_to_scalars, node_estimate


def test_every_row_has_a_case():
    assert set(REGISTRY) == set(CASES), "add a CASES row to tests/op_cases.py for each new op"


# ── the row's texts ──────────────────────────────────────────────────────────────────────
def test_every_row_has_teaching_text():
    for op in REGISTRY.values():
        assert op.symbol and op.formula
        assert len(op.derivatives) == len(op.vjps), op.name
        if op.variadic:  # one VJP and one derivative text, for any number of inputs
            assert len(op.vjps) == 1 and op.derivative(5) == op.derivatives[0], op.name


# Words a formula may hold in either language: the rows' own names and parameters, and these.
_NAMES = {"ln", "dt", "onehot", "ReLU", "LeakyReLU", "GELU"}


def _texts():
    for op in REGISTRY.values():
        yield op.name, op.formula
        for text in op.derivatives:
            yield op.name, text


def test_every_row_text_with_words_has_its_spanish():
    names = _NAMES | set(REGISTRY) | {p for op in REGISTRY.values() for p in op.params}
    for name, text in _texts():
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - names
        assert not words or catalog.has(text), f"{name}: {text!r} needs a Spanish text"


def test_the_formula_catalog_holds_only_row_texts():
    used = {text for _, text in _texts()}
    assert set(formulas.SPANISH) <= used, set(formulas.SPANISH) - used


# ── the Tensor op against PyTorch and finite differences ─────────────────────────────────
def _check(gv_fn, torch_fn, inputs, device="cpu"):
    """Forward, VJP with a random upstream gradient, and finite differences."""
    rng = np.random.default_rng(1)
    gv_in = [gv.tensor(a, dtype=gv.float64, requires_grad=True, device=device) for a in inputs]
    t_in = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in inputs]
    gv_out, t_out = gv_fn(*gv_in), torch_fn(*t_in)
    assert gv_out.shape == tuple(t_out.shape)
    np.testing.assert_allclose(gv_out.detach().cpu().numpy(), t_out.detach().numpy(),
                               rtol=1e-9, atol=1e-12)
    upstream = rng.standard_normal(t_out.shape)
    gv_out.backward(gv.tensor(upstream, dtype=gv_out.dtype, device=device))
    t_out.backward(torch.tensor(upstream, dtype=t_out.dtype))
    for g, t in zip(gv_in, t_in, strict=True):
        np.testing.assert_allclose(g.grad.cpu().numpy(), t.grad.numpy(), rtol=1e-9, atol=1e-12)
    if device != "cpu" or gv_out.dtype != gv.float64:
        return  # float32 round-off would swamp a central difference
    weights = gv.tensor(upstream, dtype=gv.float64)
    for i, g in enumerate(gv_in):
        numeric = numerical_grad(lambda *xs: gv_fn(*xs) * weights, gv_in, i, 1e-6)
        np.testing.assert_allclose(g.grad.numpy(), numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize(("name", "shapes"), list(params()))
def test_row_matches_torch_and_finite_differences(name, shapes):
    case = CASES[name]
    _check(case["gv"], case["torch"], arrays(name, shapes))


@pytest.mark.parametrize(("label", "gv_fn", "torch_fn", "shapes"), EXTRA, ids=[e[0] for e in EXTRA])
def test_row_forms(label, gv_fn, torch_fn, shapes):
    rng = np.random.default_rng(7)
    _check(gv_fn, torch_fn, [rng.uniform(-2, 2, shape) for shape in shapes])


@pytest.mark.gpu
@pytest.mark.skipif(not is_cuda_available(), reason="needs cupy and a CUDA GPU")
@pytest.mark.parametrize(("name", "shapes"), list(params()))
def test_row_on_gpu_matches_torch(name, shapes):
    case = CASES[name]
    _check(case["gv"], case["torch"], arrays(name, shapes), device="cuda")


# ── the scalar view against the tensor view ──────────────────────────────────────────────
def _check_scalar_view(gv_fn, inputs):
    """Expanded to scalars, `gv_fn` (weighted to one number) has the tensor view's value and
    every input element the tensor view's gradient."""
    leaves = []
    for i, a in enumerate(inputs):
        leaves.append(gv.tensor(a, dtype=gv.float64, requires_grad=True))
        leaves[-1].name = f"x{i}"
    out = gv_fn(*leaves)
    weights = np.random.default_rng(2).standard_normal(out.shape)
    loss = (out * gv.tensor(weights, dtype=gv.float64)).sum()
    loss.backward()
    # float32 results (a cast) are rounded in the tensor view, not in the scalar one
    rtol = 1e-6 if out.dtype == gv.float32 else 1e-9
    scalar = expand_to_scalars(loss)
    assert scalar.data == pytest.approx(loss.item(), rel=rtol, abs=1e-12)
    graph = record(scalar)
    # The row's node estimate, which refuses lessons too large to expand, is not far under.
    assert len(graph.nodes) <= 1.5 * node_estimate(loss) + 2
    grads = {n.name: n.grad for n in graph.nodes if not n.is_op}
    for t in leaves:
        for index in np.ndindex(t.shape):
            label = f"{t.name}[{','.join(map(str, index))}]" if index else t.name
            expected = t.grad.numpy()[index]
            assert grads.get(label, 0.0) == pytest.approx(expected, rel=rtol, abs=1e-12), label


@pytest.mark.parametrize(("name", "shapes"), list(params()))
def test_row_scalar_view_matches_tensor_view(name, shapes):
    _check_scalar_view(CASES[name]["gv"], arrays(name, shapes))


@pytest.mark.parametrize(("label", "gv_fn", "torch_fn", "shapes"), EXTRA, ids=[e[0] for e in EXTRA])
def test_row_forms_scalar_view_matches_tensor_view(label, gv_fn, torch_fn, shapes):
    rng = np.random.default_rng(7)
    _check_scalar_view(gv_fn, [rng.uniform(-2, 2, shape) for shape in shapes])


# ── Value, where the row has a scalar form ───────────────────────────────────────────────
def _value_rows():
    return [name for name, case in CASES.items() if case["value"] is not None]


@pytest.mark.parametrize("name", _value_rows())
def test_value_form_matches_torch_and_the_row(name):
    """`Value`'s own (faster) formulas give the row's number and local derivatives, and
    PyTorch's value and gradients, at a few points of the row's domain."""
    case, op = CASES[name], REGISTRY[name]
    for point in range(3):
        xs = [float(a) for a in arrays(f"{name}{point}", [()] * len(op.vjps), case["domains"])]
        values = [Value(x) for x in xs]
        out = case["value"](*values)
        assert out._op == name and out._prev == tuple(values)
        expected = op.forward(np, *map(np.float64, xs), **_value_params(name))
        assert out.data == pytest.approx(float(expected), rel=1e-12)
        slopes = [vjp(np, np.float64(1.0), expected, *map(np.float64, xs), **_value_params(name))
                  for vjp in op.vjps]
        assert out._local == pytest.approx([float(s) for s in slopes], rel=1e-12)
        out.backward()
        twins = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
        result = case["torch"](*twins)
        result.backward()
        assert out.data == pytest.approx(result.item(), rel=1e-12)
        for v, t in zip(values, twins, strict=True):
            assert v.grad == pytest.approx(t.grad.item(), rel=1e-10)


def _value_params(name):
    return {"negative_slope": 0.1} if name == "leaky_relu" else {}


def _value_ops():
    """Every op a `Value` can make: its operators and its public methods, on sample inputs."""
    a, b = Value(0.7), Value(1.3)
    made = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b, "pow": a**b, "neg": -a}
    for attr in dir(Value):
        method = getattr(a, attr)
        if attr.startswith("_") or attr in ("backward", "topological_order"):
            continue
        if callable(method):
            made[attr] = method()
    return made


def test_every_value_op_has_a_value_case():
    for attr, out in _value_ops().items():
        assert out._op in REGISTRY, f"Value.{attr} makes {out._op!r}, which is no registry row"
        assert CASES[out._op]["value"] is not None, f"give CASES[{out._op!r}] a value form"
    assert math.isfinite(sum(out.data for out in _value_ops().values()))
