"""torch.autograd.forward_ad's dual tensors and custom Functions' jvp, against PyTorch in
float64 and against finite differences."""

import numpy as np
import pytest
import torch
import torch.autograd.forward_ad as torch_fwad

import gradviz as gv
import gradviz.autograd.forward_ad as fwad
from gradviz.engine.forward_ad import forward_jacobian

RNG = np.random.default_rng(3)
A, TA = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
Y, W = RNG.normal(size=(3, 4)), RNG.normal(size=(2, 4))

PROGRAMS = {
    "square_sum": lambda lib, x, y, w: x ** 2 + y ** 2,
    "tanh_linear": lambda lib, x, y, w: lib.nn.functional.linear(x, w).tanh(),
    "exp_broadcast": lambda lib, x, y, w: (x.exp() * y[0]).sum(1),
    "softmax_matmul": lambda lib, x, y, w: (x @ y.T).softmax(-1),
    "reshape_mean": lambda lib, x, y, w: x.reshape(4, 3).mean(0) / (y.sum() + 10),
}


def _tangent(lib, fwd, name):
    x, t, y, w = (lib.tensor(a, dtype=lib.float64) for a in (A, TA, Y, W))
    with fwd.dual_level():
        out = PROGRAMS[name](lib, fwd.make_dual(x, t), y, w)
        primal, tangent = fwd.unpack_dual(out)
    return primal, tangent


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tangents_are_pytorchs(name):
    ours, theirs = _tangent(gv, fwad, name), _tangent(torch, torch_fwad, name)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9,
                                   atol=1e-12)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_tangents_match_finite_differences(name):
    _, tangent = _tangent(gv, fwad, name)
    f = lambda a: PROGRAMS[name](gv, gv.tensor(a), gv.tensor(Y), gv.tensor(W)).numpy()  # noqa: E731
    h = 1e-6
    numeric = (f(A + h * TA) - f(A - h * TA)) / (2 * h)
    np.testing.assert_allclose(tangent.numpy(), numeric, atol=1e-7)


def test_tangent_kept_as_is_or_copied_and_forgotten_after_the_level():
    for lib, fwd in ((gv, fwad), (torch, torch_fwad)):
        primal, tangent = lib.randn(4, 4), lib.randn(4, 4)
        with fwd.dual_level():
            dual = fwd.make_dual(primal, tangent)
            assert fwd.unpack_dual(dual).tangent is tangent
            other = fwd.make_dual(primal, tangent.T)
            assert fwd.unpack_dual(other).tangent is not tangent
            assert fwd.unpack_dual(other).tangent.tolist() == tangent.T.tolist()
            assert fwd.unpack_dual(primal * 2).tangent is None
            out = dual * 3
            assert fwd.unpack_dual(out).primal.tolist() == (primal * 3).tolist()
            assert not fwd.unpack_dual(out).primal.requires_grad
        assert fwd.unpack_dual(out).tangent is None
        assert type(fwd.unpack_dual(out)).__name__ == "UnpackedDualTensor"


def test_dual_parameters_of_a_module_and_functional_call():
    def run(lib, fwd):
        lib.manual_seed(0)
        model = lib.nn.Linear(4, 2).double()
        with lib.no_grad():
            model.weight.copy_(lib.tensor(W))
        x = lib.tensor(A)
        tangents = {"weight": lib.tensor(W * 0.5), "bias": lib.tensor([1.0, -2.0],
                                                                      dtype=lib.float64)}
        params = dict(model.named_parameters())
        with fwd.dual_level():
            duals = {k: fwd.make_dual(p, tangents[k]) for k, p in params.items()}
            out = lib.func.functional_call(model, duals, (x,))
            jvp = fwd.unpack_dual(out).tangent
        return jvp
    np.testing.assert_allclose(run(gv, fwad).detach().numpy(),
                               run(torch, torch_fwad).detach().numpy(),
                               rtol=1e-12)


class _Exp:
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_forward(result)
        return result

    @staticmethod
    def jvp(ctx, t):
        (result,) = ctx.saved_tensors
        return t * result

    @staticmethod
    def backward(ctx, g):
        raise AssertionError("forward mode must not call backward")


def test_a_custom_function_gives_its_tangent_with_its_jvp():
    results = []
    for lib, fwd in ((gv, fwad), (torch, torch_fwad)):
        exp = type("Exp", (lib.autograd.Function,), dict(vars(_Exp)))
        x = lib.tensor(A, requires_grad=True)
        with fwd.dual_level():
            out = exp.apply(fwd.make_dual(x, lib.tensor(TA)))
            results.append(fwd.unpack_dual(out).tangent.detach().numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)
    np.testing.assert_allclose(results[0], TA * np.exp(A), rtol=1e-12)


def test_errors_read_as_pytorchs():
    class NoJvp(gv.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    with pytest.raises(RuntimeError, match="no level exists, make sure to enter_dual_level"):
        fwad.make_dual(gv.ones(2), gv.ones(2))
    with fwad.dual_level():
        with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported"):
            fwad.enter_dual_level()
        with pytest.raises(RuntimeError, match=r"Tensor is of size \[3\] while the given "
                                               r"forward gradient is of size \[4\]"):
            fwad.make_dual(gv.ones(3), gv.ones(4))
        with pytest.raises(ValueError, match="Expected primal to be floating point or complex"):
            fwad.make_dual(gv.arange(3), gv.ones(3))
        with pytest.raises(NotImplementedError, match="You must implement the jvp function"):
            fwad.unpack_dual(NoJvp.apply(fwad.make_dual(gv.ones(2), gv.ones(2))))


def test_forward_jacobian_is_the_jacobian():
    x, w = gv.tensor(A[0]), gv.tensor(W)
    ours = forward_jacobian(lambda x, w: (w @ x).tanh(), (x, w))
    theirs = torch.autograd.functional.jacobian(lambda x, w: (w @ x).tanh(),
                                                (torch.tensor(A[0]), torch.tensor(W)))
    np.testing.assert_allclose(ours[0][0], theirs[0].numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ours[0][1], theirs[1].reshape(2, 8).numpy(), rtol=1e-12,
                               atol=1e-15)


def test_which_tangents_need_a_gradient_is_pytorchs():
    """An input without a tangent counts as a zero tangent where the result needs a gradient,
    as in PyTorch's formulas: w * 2 and a Linear's output get differentiable tangents."""
    def flags(lib, fwd):
        w = lib.randn(3, requires_grad=True)
        x = lib.randn(2, 3)
        layer = lib.nn.Linear(3, 2)
        params = dict(layer.named_parameters())
        tangents = {k: lib.ones_like(p) for k, p in params.items()}
        with fwd.dual_level():
            d = fwd.make_dual(w, lib.ones(3))
            found = [fwd.unpack_dual(y).tangent.requires_grad
                     for y in (d * 2, d + 1, d.sin(), d.detach() * 2)
                     if fwd.unpack_dual(y).tangent is not None]
        _, jvp = lib.func.jvp(lambda p: lib.func.functional_call(layer, p, (x,)), (params,),
                              (tangents,))
        return found + [jvp.requires_grad]
    assert flags(gv, fwad) == flags(torch, torch_fwad) == [True, False, True, True]
