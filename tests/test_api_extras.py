"""PyTorch's errors and warnings for the added methods, silent inf/nan like PyTorch's, the added
functional losses and activations and `nn` modules, and the graph view on the new ops.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
from graph_fixtures import assert_scalar_view_matches_engine, assert_stepper_matches_engine

import gradviz as gv
import gradviz.nn.functional as F

TF = torch.nn.functional
RNG = np.random.default_rng(5)
X = RNG.uniform(-3, 3, (4, 5))
Y = RNG.uniform(-3, 3, (4, 5))


def _compare(fn, *arrays):
    ours = [gv.tensor(a, dtype=gv.float64, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    out, expected = fn(gv, *ours), fn(torch, *theirs)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-9)
    out.sum().backward()
    expected.sum().backward()
    for a, b in zip(ours, theirs, strict=True):
        if b.grad is None:
            assert a.grad is None
        else:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)


# ── errors and warnings ───────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: gv.tensor([1, 2, 3]).mean(), RuntimeError,
     "mean(): could not infer output dtype. Input dtype must be either a floating point or "
     "complex dtype. Got: Long"),
    (lambda: gv.tensor([True]).mean(), RuntimeError, "Got: Bool"),
    (lambda: gv.tensor([1, 2], dtype=gv.int32).mean(0), RuntimeError, "Got: Int"),
    (lambda: gv.tensor([1, 2]).std(), RuntimeError,
     "std and var only support floating point and complex dtypes"),
    (lambda: gv.tensor([1, 2]).norm(), RuntimeError, "Expected a floating point or complex "
     "tensor as input. Got Long"),
    (lambda: gv.zeros(2, 3).permute(1, 0, 2), RuntimeError, "input.dim() = 2 is not equal to "
     "len(dims) = 3"),
    (lambda: gv.zeros(2, 3).permute(0, 0), RuntimeError, "duplicate dims are not allowed"),
    (lambda: gv.zeros(2, 3).permute(0, 2), IndexError, "Dimension out of range"),
    (lambda: gv.zeros(2, 3).expand(3, 3), RuntimeError, "The expanded size of the tensor (3) "
     "must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3]."),
    (lambda: gv.zeros(2, 3).expand(3), RuntimeError, "the number of sizes provided (1) must be "
     "greater or equal to the number of dimensions in the tensor (2)"),
    (lambda: gv.zeros(2, 3).repeat(2), RuntimeError, "Number of dimensions of repeat dims"),
    (lambda: gv.zeros(2, 3).gather(1, gv.tensor([0, 1])), RuntimeError,
     "Index tensor must have the same number of dimensions as input tensor"),
    (lambda: gv.zeros(2, 3).gather(1, gv.tensor([[0, 5]])), RuntimeError,
     "index 5 is out of bounds for dimension 1 with size 3"),
    (lambda: gv.zeros(2, 3).gather(1, gv.tensor([[0.0]])), RuntimeError,
     "Expected dtype int32/int64 for index"),
    (lambda: gv.zeros(2, 3).masked_fill(gv.tensor([1, 0, 1]), 0.0), RuntimeError,
     "masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    (lambda: gv.zeros(2, 3).dot(gv.zeros(2, 3)), RuntimeError, "1D tensors expected, but got "
     "2D and 2D tensors"),
    (lambda: gv.zeros(3).dot(gv.zeros(2)), RuntimeError, "inconsistent tensor size"),
    (lambda: gv.outer(gv.zeros(2, 3), gv.zeros(3)), RuntimeError,
     "outer: Expected 1-D argument self, but got 2-D"),
    (lambda: gv.zeros(2, 3).bmm(gv.zeros(1, 3, 2)), RuntimeError, "batch1 must be a 3D tensor"),
    (lambda: gv.zeros(2).mT, RuntimeError, "tensor.mT is only supported on matrices"),
    (lambda: gv.zeros(2, 3).chunk(0), RuntimeError, "chunk expects `chunks` to be greater"),
    (lambda: gv.zeros(2, 3).split([1, 1], 1), RuntimeError,
     "split_with_sizes expects split_sizes to sum exactly to 3"),
    (lambda: gv.zeros(3).trace(), RuntimeError, "trace: expected a matrix"),
    (lambda: gv.diag(gv.zeros(1, 2, 3)), RuntimeError, "diag(): Supports 1D or 2D tensors"),
    (lambda: gv.einsum("ii->i", gv.zeros(2, 3)), RuntimeError,
     "subscript i is repeated for operand 0 but the sizes don't match, 3 != 2"),
    (lambda: gv.einsum("ij,jk->ik", gv.zeros(2, 3), gv.zeros(2, 3)), RuntimeError,
     "subscript j has size 2 for operand 1"),
    (lambda: gv.einsum("ij->ik", gv.zeros(2, 3)), RuntimeError, "output subscript k does not "
     "appear"),
    (lambda: gv.einsum("ij", gv.zeros(2, 3), gv.zeros(2)), RuntimeError, "more operands"),
])
def test_errors_read_like_torch(call, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        call()


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (2, 3, 4, 2), ()])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_without_dim_warns_and_picks_torchs_dim(name, shape):
    x = RNG.standard_normal(shape)
    with pytest.warns(UserWarning, match=f"Implicit dimension choice for {name} has been "
                      "deprecated. Change the call to include dim=X as an argument."):
        ours = getattr(F, name)(gv.tensor(x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        theirs = getattr(TF, name)(torch.tensor(x, dtype=torch.float32))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-5, atol=1e-7)


def test_softmax_module_without_dim_warns_as_torch():
    x = RNG.standard_normal((2, 3, 4))
    with pytest.warns(UserWarning, match="Implicit dimension choice for log_softmax"):
        ours = gv.nn.LogSoftmax()(gv.tensor(x, dtype=gv.float64))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        theirs = torch.nn.LogSoftmax()(torch.tensor(x))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


def test_var_with_no_degrees_of_freedom_warns_and_gives_nan_as_torch():
    with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
        assert math.isnan(gv.tensor([1.0]).var().item())


@pytest.mark.parametrize("fn", [
    lambda m, x: m.log(x), lambda m, x: x.log1p(), lambda m, x: m.sqrt(x), lambda m, x: 1 / x,
    lambda m, x: x / 0, lambda m, x: m.exp(x * 1000), lambda m, x: x**0.5,
    lambda m, x: 2 ** (x * 2000), lambda m, x: x.rsqrt(), lambda m, x: m.log2(x),
    lambda m, x: m.nn.functional.normalize(x * 0, dim=0), lambda m, x: (x - x).norm(),
    lambda m, x: m.logsumexp(m.log(x.abs()), 0),
])
def test_inf_and_nan_come_out_silently_as_in_torch(fn):
    """ln 0, √−1, 1/0, e¹⁰⁰⁰ …: PyTorch computes inf and nan without a warning, and so do the
    forward and the backward here (numpy would print RuntimeWarnings)."""
    data = [0.0, 1.0, -1.0]
    x = gv.tensor(data, dtype=gv.float64, requires_grad=True)
    tx = torch.tensor(data, dtype=torch.float64, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = fn(gv, x)
        out.backward(gv.ones_like(out))
    expected = fn(torch, tx)
    expected.backward(torch.ones_like(expected))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)


# ── functional and nn ─────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("fn", [
    lambda m, x, y: m.nn.functional.silu(x), lambda m, x, y: m.nn.functional.elu(x),
    lambda m, x, y: m.nn.functional.elu(x, alpha=0.5),
    lambda m, x, y: m.nn.functional.l1_loss(x, y),
    lambda m, x, y: m.nn.functional.l1_loss(x, y, reduction="none"),
    lambda m, x, y: m.nn.functional.smooth_l1_loss(x, y),
    lambda m, x, y: m.nn.functional.smooth_l1_loss(x, y, beta=0.5, reduction="sum"),
    lambda m, x, y: m.nn.functional.smooth_l1_loss(x, y, beta=0.0),
    lambda m, x, y: m.nn.functional.huber_loss(x, y),
    lambda m, x, y: m.nn.functional.huber_loss(x, y, delta=2.0, reduction="none"),
    lambda m, x, y: m.nn.functional.normalize(x),
    lambda m, x, y: m.nn.functional.normalize(x, dim=0),
    lambda m, x, y: m.nn.functional.normalize(x, p=1.0, dim=-1),
    lambda m, x, y: m.nn.SiLU()(x), lambda m, x, y: m.nn.ELU(0.3)(x),
    lambda m, x, y: m.nn.L1Loss()(x, y), lambda m, x, y: m.nn.HuberLoss(delta=0.7)(x, y),
    lambda m, x, y: m.nn.SmoothL1Loss(beta=2.0)(x, y),
])
def test_functional_and_modules_match_torch(fn):
    _compare(fn, X, Y)


def test_elu_of_huge_inputs_has_finite_gradients():
    x = gv.tensor([1000.0, -1000.0, 0.5], requires_grad=True)
    F.elu(x).sum().backward()
    assert x.grad.tolist() == pytest.approx([1.0, 0.0, 1.0])


def test_module_list_and_dict_register_their_modules_like_torch():
    layers = gv.nn.ModuleList([gv.nn.Linear(3, 4), gv.nn.ReLU()])
    layers.append(gv.nn.Linear(4, 1))
    heads = gv.nn.ModuleDict({"a": gv.nn.Linear(1, 2), "b": gv.nn.Identity()})
    heads["c"] = gv.nn.Tanh()

    class Net(gv.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers, self.heads = layers, heads

        def forward(self, x):
            for layer in self.layers:
                x = layer(x)
            return self.heads["a"](x)

    net = Net()
    assert len(list(net.parameters())) == 6 and len(layers) == 3 and len(heads) == 3
    assert "heads.a.weight" in net.state_dict() and "layers.2.bias" in net.state_dict()
    assert isinstance(layers[-1], gv.nn.Linear) and len(layers[:2]) == 2
    assert list(heads.keys()) == ["a", "b", "c"] and "b" in heads
    assert net(gv.randn(5, 3)).shape == (5, 2)
    del layers[1]
    assert [type(m).__name__ for m in layers] == ["Linear", "Linear"]
    tl = torch.nn.ModuleList([torch.nn.Linear(3, 4), torch.nn.ReLU()])
    assert repr(gv.nn.ModuleList([gv.nn.Linear(3, 4), gv.nn.ReLU()])) == repr(tl)
    assert repr(gv.nn.ELU(0.5)) == repr(torch.nn.ELU(0.5)) and repr(gv.nn.SiLU()) == "SiLU()"


# ── the graph view on the new ops ─────────────────────────────────────────────────────────
def _graph_loss():
    x = gv.tensor(RNG.standard_normal((2, 3)), dtype=gv.float64, requires_grad=True)
    w = gv.tensor(RNG.standard_normal(3), dtype=gv.float64, requires_grad=True)
    x.name, w.name = "x", "w"
    h = x.permute(1, 0).expand(2, 3, 2).repeat(1, 1, 2).cumsum(-1)
    picked = h.gather(2, gv.zeros(2, 3, 1, dtype=gv.int64) + 1).squeeze(-1)
    loss = (picked.norm(dim=0) * w).logsumexp(0) + x.amax(1).sum() + w.std() + x.floor().sum()
    return loss + gv.einsum("ij,j->", x, w) + x.amin() + (x * 0).norm() + w.sign().sum(), (x, w)


def test_stepper_gives_the_engine_gradients_on_the_new_ops():
    loss, leaves = _graph_loss()
    assert_stepper_matches_engine(loss, leaves, {
        "permute", "expand", "repeat", "cumsum", "gather", "norm", "logsumexp", "amax", "amin",
        "floor", "sign"})


def test_scalar_view_expands_the_new_ops():
    assert_scalar_view_matches_engine(*_graph_loss())


@pytest.mark.parametrize("equation,shapes", [
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]), ("...chw->...hwc", [(2, 3, 4, 5)]),
    ("bij,...jk", [(2, 3, 4), (4, 5)]), ("i...->...", [(3, 4, 5)]), ("...,...->...", [(3,), (3,)]),
    ("...ij->...ji", [(3, 3)]),
])
def test_einsum_writes_out_an_ellipsis_as_pytorch(equation, shapes):
    arrays = [np.random.default_rng(k).normal(size=s) for k, s in enumerate(shapes)]
    ours = [gv.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    a, b = gv.einsum(equation, *ours), torch.einsum(equation, *theirs)
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-12, atol=1e-14)
    a.sum().backward()
    b.sum().backward()
    for x, y in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(x.grad.numpy(), y.grad.numpy(), rtol=1e-12, atol=1e-14)
