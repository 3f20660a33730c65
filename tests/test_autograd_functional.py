"""`autograd.functional` against PyTorch's, the profiler's table, and the small ops of issue 12
(bitwise and logical ops, SVD, free in-place functions)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.autograd import functional as TAF

import gradviz as gv
from gradviz.autograd import functional as AF


def _f(x, y):  # two inputs, two outputs
    return (x * y.sum()).exp(), x.sin() @ y


def _g(x, y):  # a scalar
    return (x.exp() * y[:3]).sum() + (y ** 3).sum() * x.sum()


_X, _Y = np.array([0.3, -0.7, 1.1]), np.array([0.5, 1.5, -0.2])


def _both(*arrays):
    return ([gv.tensor(a, dtype=gv.float64) for a in arrays],
            [torch.tensor(a, dtype=torch.float64) for a in arrays])


def _close(ours, theirs, rtol=1e-12):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            _close(a, b, rtol)
        return
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=rtol, atol=rtol * 1e-2)


def test_jacobian_vjp_jvp_are_torchs():
    ours, theirs = _both(_X, _Y)
    _close(AF.jacobian(_f, tuple(ours)), TAF.jacobian(_f, tuple(theirs)))
    _close(AF.jacobian(lambda x: x ** 2, ours[0]), TAF.jacobian(lambda x: x ** 2, theirs[0]))
    v_ours, v_theirs = _both(np.array([1.0, -2.0, 0.5]), np.array(0.7))
    _close(AF.vjp(_f, tuple(ours), tuple(v_ours)),
           TAF.vjp(_f, tuple(theirs), (v_theirs[0], v_theirs[1])))
    _close(AF.jvp(_f, tuple(ours), tuple(ours)), TAF.jvp(_f, tuple(theirs), tuple(theirs)))


def test_hessian_and_hvp_are_torchs_to_1e_9():
    ours, theirs = _both(_X, np.array([0.5, 1.5, -0.2, 0.9]))
    _close(AF.hessian(_g, tuple(ours)), TAF.hessian(_g, tuple(theirs)), rtol=1e-9)
    rosen = lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2  # noqa: E731
    p, tp = _both(np.array([-1.2, 1.0]))
    _close(AF.hessian(rosen, p[0]), TAF.hessian(rosen, tp[0]), rtol=1e-9)
    _close(AF.hvp(rosen, p[0], p[0]), TAF.hvp(rosen, tp[0], tp[0]), rtol=1e-9)


def test_functional_errors_are_torchs():
    x = gv.ones(3)
    with pytest.raises(RuntimeError, match="single element"):
        AF.hessian(lambda t: t * 2, x)
    with pytest.raises(RuntimeError, match="v can only be None"):
        AF.vjp(lambda t: t * 2, x)
    with pytest.raises(NotImplementedError, match="create_graph"):
        AF.jvp(lambda t: t * 2, x, x, create_graph=True)


def test_profiler_table_lists_the_ops_run():
    x = gv.ones(4, 4, requires_grad=True)
    with gv.autograd.profiler.profile() as prof, gv.autograd.profiler.record_function("my block"):
        y = (x @ x + 1).relu().sum()
    table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=10)
    for name in ("aten::matmul", "aten::add", "aten::relu", "aten::sum", "my block"):
        assert name in table
    rows = {r.key: r.count for r in prof.key_averages()}
    assert rows["aten::matmul"] == 1 and y.item() == 80.0
    assert gv.engine.autograd.active_profile() is None


def test_bitwise_and_logical_ops_are_torchs():
    a, b = [5, 3, -2, 0], [1, 6, 7, -1]
    for name in ("bitwise_and", "bitwise_or", "bitwise_xor", "logical_and", "logical_or",
                 "logical_xor"):
        ours = getattr(gv, name)(gv.tensor(a), gv.tensor(b))
        theirs = getattr(torch, name)(torch.tensor(a), torch.tensor(b))
        assert ours.tolist() == theirs.tolist() and ours.dtype.name == str(theirs.dtype)[6:], name
    mask = gv.tensor([True, False, True])
    assert (~mask).tolist() == [False, True, False]
    assert (mask & gv.tensor([True, True, False])).tolist() == [True, False, False]
    assert (gv.tensor(a) ^ 3).tolist() == (torch.tensor(a) ^ 3).tolist()
    assert gv.bitwise_not(gv.tensor(a)).tolist() == torch.bitwise_not(torch.tensor(a)).tolist()
    with pytest.raises(RuntimeError, match="not implemented for 'Float'"):
        gv.bitwise_xor(gv.ones(2), gv.ones(2))


def test_svd_and_svdvals_are_torchs():
    a = np.random.default_rng(3).standard_normal((4, 3))
    u, s, vh = gv.linalg.svd(gv.tensor(a), full_matrices=False)
    np.testing.assert_allclose(((u * s) @ vh).numpy(), a, atol=1e-12)
    np.testing.assert_allclose(gv.linalg.svdvals(gv.tensor(a)).numpy(),
                               torch.linalg.svdvals(torch.tensor(a)).numpy(), rtol=1e-12)
    with pytest.raises(RuntimeError, match="without gradients"):
        gv.linalg.svd(gv.tensor(a, requires_grad=True))


def test_free_inplace_functions_change_their_argument():
    x = gv.tensor([0.5, -1.0])
    assert gv.sin_(x) is x
    np.testing.assert_allclose(x.numpy(), np.sin([0.5, -1.0]), rtol=1e-6)
    assert gv.relu_(x).tolist() == [pytest.approx(np.sin(0.5)), 0.0]


def test_creation_keywords_are_torchs_and_out_is_written_in_place():
    with pytest.raises(TypeError, match="'shapes'"):
        gv.zeros(2, shapes=3)
    with pytest.raises(TypeError, match="'shape'"):
        torch.zeros(2, shape=3)
    assert gv.ones(size=(2, 3)).shape == (2, 3)
    out = gv.empty(2, 2)
    view = out[0]
    assert gv.ones(2, 2, out=out) is out and view.tolist() == [1.0, 1.0]  # views see it too


def test_random_fills_follow_the_in_place_rule():
    leaf = gv.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        leaf.uniform_()
    with gv.no_grad():
        leaf.normal_()
    y = leaf * 2
    y.uniform_()  # recorded, as PyTorch: the new numbers carry no gradient to the old ones
    (y * leaf).sum().backward()
    np.testing.assert_array_equal(leaf.grad.numpy(), y.detach().numpy())
