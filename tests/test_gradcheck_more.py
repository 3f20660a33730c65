"""`autograd.gradcheck`/`gradgradcheck` and custom Functions' double backward beside PyTorch's:
a single tensor as input, non-leaf inputs, the mismatch message, several outputs, a saved
output differentiated again."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine.gradcheck import GradcheckError

RNG = np.random.default_rng(5)


def _classes(base):
    """Square, Exp (saves its output), Sinh (three outputs) and Wrong (a backward off by 2x)."""

    class Square(base):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**2

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 2 * x

    class Exp(base):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, g):
            (result,) = ctx.saved_tensors
            return result * g

    class Sinh(base):
        @staticmethod
        def forward(ctx, x):
            expx, expnegx = x.exp(), (-x).exp()
            ctx.save_for_backward(expx, expnegx)
            return (expx - expnegx) / 2, expx, expnegx

        @staticmethod
        def backward(ctx, g, g_exp, g_negexp):
            expx, expnegx = ctx.saved_tensors
            return g * (expx + expnegx) / 2 + g_exp * expx - g_negexp * expnegx

    class Wrong(base):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**2

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * x

    return Square, Exp, Sinh, Wrong


OURS, THEIRS = _classes(gv.autograd.Function), _classes(torch.autograd.Function)


def _pair(shape, clone=False):
    data = RNG.uniform(0.2, 1.0, shape)
    x, tx = (gv.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True))
    return (x.clone(), tx.clone()) if clone else (x, tx)


@pytest.mark.parametrize("k", [0, 1])
@pytest.mark.parametrize("clone", [False, True])
def test_gradcheck_and_gradgradcheck_pass_on_one_tensor(k, clone):
    x, tx = _pair((3, 2), clone)
    assert gv.autograd.gradcheck(OURS[k].apply, x) is torch.autograd.gradcheck(THEIRS[k].apply, tx)
    assert gv.autograd.gradgradcheck(OURS[k].apply, x) is True
    assert torch.autograd.gradgradcheck(THEIRS[k].apply, tx) is True


def test_a_wrong_backward_fails_with_pytorchs_message():
    data = np.array([0.5, 2.0])
    x, tx = gv.tensor(data, requires_grad=True), torch.tensor(data, requires_grad=True)
    with pytest.raises(torch.autograd.gradcheck.__globals__["GradcheckError"]) as theirs:
        torch.autograd.gradcheck(THEIRS[3].apply, tx)
    with pytest.raises(GradcheckError) as ours:
        gv.autograd.gradcheck(OURS[3].apply, x)
    assert str(ours.value).replace("gradviz.", "torch.") == str(theirs.value)
    assert str(ours.value).startswith("Jacobian mismatch for output 0 with respect to input 0,\n")
    assert gv.autograd.gradcheck(OURS[3].apply, x, raise_exception=False) is False
    assert isinstance(ours.value, RuntimeError)


def test_a_non_leaf_input_is_checked_through_autograd_grad():
    # a backward that ignores its input: reading .grad of a non-leaf would see nothing at all
    x, _ = _pair((4,), clone=True)
    with pytest.raises(GradcheckError):
        gv.autograd.gradcheck(OURS[3].apply, x)


def test_several_inputs_and_outputs_index_the_message():
    a, b = gv.tensor([1.0, 2.0], dtype=gv.float64, requires_grad=True), gv.tensor(
        [3.0], dtype=gv.float64)
    c = gv.tensor([0.5, 0.25], dtype=gv.float64, requires_grad=True)

    def fn(a, b, c):
        return a * b, OURS[3].apply(c)

    with pytest.raises(GradcheckError, match="^Jacobian mismatch for output 1 with respect to "
                                             "input 1,\nnumerical:"):
        gv.autograd.gradcheck(fn, (a, b, c))


def test_input_checks_are_pytorchs():
    x = gv.tensor([1.0, 2.0], dtype=gv.float64)
    with pytest.raises(ValueError, match="none of the them have requires_grad=True"):
        gv.autograd.gradcheck(lambda t: t * 2, (x,))
    x32 = gv.tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(UserWarning, match="Input #0 requires gradient and is not a double"):
        gv.autograd.gradcheck(lambda t: t * 2, (x32,), eps=1e-3, atol=1e-2)
    with pytest.raises(NotImplementedError, match="check_batched_grad"):
        gv.autograd.gradcheck(lambda t: t * 2, (x32,), check_batched_grad=True)


def test_gradgradcheck_catches_a_backward_without_graph():
    class Bad(gv.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.expx = x.exp()
            return x.exp()

        @staticmethod
        def backward(ctx, g):
            return g * ctx.expx  # a tensor with no graph: its second derivative reads as 0

    x, _ = _pair((2,))
    assert gv.autograd.gradcheck(Bad.apply, x)
    assert gv.autograd.gradgradcheck(Bad.apply, x, raise_exception=False) is False


def test_several_outputs_values_gradients_and_second_derivatives():
    x, tx = _pair((2, 3))
    outs, touts = OURS[2].apply(x), THEIRS[2].apply(tx)
    assert isinstance(outs, tuple) and len(outs) == 3
    for o, t in zip(outs, touts, strict=True):
        np.testing.assert_allclose(o.detach().numpy(), t.detach().numpy(), rtol=1e-12)
    weights = RNG.normal(size=3)
    loss = sum(w * o.sum() for w, o in zip(weights, outs, strict=True))
    tloss = sum(w * o.sum() for w, o in zip(weights, touts, strict=True))
    (g,), (tg,) = gv.autograd.grad(loss, x, create_graph=True), torch.autograd.grad(
        tloss, tx, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), tg.detach().numpy(), rtol=1e-12)
    (gg,), (tgg,) = gv.autograd.grad(g.sum(), x), torch.autograd.grad(tg.sum(), tx)
    np.testing.assert_allclose(gg.numpy(), tgg.numpy(), rtol=1e-12)
    assert gv.autograd.gradcheck(lambda t: OURS[2].apply(t), x)
    assert gv.autograd.gradgradcheck(lambda t: OURS[2].apply(t)[0], x)


def test_a_saved_output_keeps_its_graph():
    x, tx = _pair((3,))
    out, tout = OURS[1].apply(x), THEIRS[1].apply(tx)
    (g,), (tg,) = gv.autograd.grad(out.sum(), x, create_graph=True), torch.autograd.grad(
        tout.sum(), tx, create_graph=True)
    assert type(g.grad_fn).__name__ == type(tg.grad_fn).__name__ == "MulBackward0"
    (gg,), (tgg,) = gv.autograd.grad(g.sum(), x), torch.autograd.grad(tg.sum(), tx)
    np.testing.assert_allclose(gg.numpy(), tgg.numpy(), rtol=1e-12)


def test_a_non_differentiable_output_comes_back_detached():
    class Sort(gv.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            values, order = x.sort()
            ctx.mark_non_differentiable(order)
            ctx.save_for_backward(order)
            return values, order

        @staticmethod
        def backward(ctx, g, _g_order):
            (order,) = ctx.saved_tensors
            grad = g.new_zeros(g.shape)
            grad[order] = g
            return grad

    x = gv.tensor([3.0, 1.0, 2.0], dtype=gv.float64, requires_grad=True)
    values, order = Sort.apply(x)
    assert values.requires_grad and not order.requires_grad
    (values * gv.tensor([1.0, 2.0, 3.0], dtype=gv.float64)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 1.0, 2.0])


def test_a_custom_functions_node_prints_as_pytorchs():
    x, tx = _pair((2,))
    ours = repr(OURS[0].apply(x).grad_fn).replace("gradviz.", "torch.").split(" at ")[0]
    assert ours == repr(THEIRS[0].apply(tx).grad_fn).split(" at ")[0]


def _exp_with_jvp(base, factor):
    """Exp keeping its output as ``ctx.result`` for a jvp (times `factor`: 2 is a wrong one)."""

    class Exp(base):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.result = result
            return result

        @staticmethod
        def jvp(ctx, g):
            return factor * g * ctx.result

    return Exp


@pytest.mark.parametrize("factor", [1, 2])
def test_check_forward_ad_compares_the_jvp_as_pytorch(factor):
    x = RNG.standard_normal((3, 2))
    results = []
    for lib in (gv, torch):
        t = lib.tensor(x, dtype=lib.float64, requires_grad=True)
        fn = _exp_with_jvp(lib.autograd.Function, factor).apply
        try:
            results.append(lib.autograd.gradcheck(fn, (t,), check_forward_ad=True,
                                                  check_backward_ad=False,
                                                  check_batched_grad=False,
                                                  check_undefined_grad=False))
        except RuntimeError as e:
            results.append(str(e).split("\n")[0])
    assert results[0] == results[1]
    assert results[0] is True if factor == 1 else "forward mode mismatch" in results[0]


def test_an_output_kept_on_ctx_is_the_recorded_output():
    seen = []
    for lib in (gv, torch):

        class Keep(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.result = x.exp()
                return ctx.result

            @staticmethod
            def backward(ctx, g):
                seen.append(ctx.result.grad_fn is not None)
                return g * ctx.result

        x = lib.tensor([0.5, 1.0], dtype=lib.float64, requires_grad=True)
        Keep.apply(x).sum().backward()
    assert seen == [True, True]


@pytest.mark.parametrize("fast", [False, True])
def test_a_transposed_input_is_perturbed_where_it_is(fast):
    """A non-contiguous input (a transpose) is changed in place, entry by entry, so the function
    sees each change: its numerical Jacobian is the analytical one, as in PyTorch."""
    data = np.random.default_rng(0).standard_normal((3, 4))
    ours = gv.tensor(data).t().requires_grad_()
    theirs = torch.tensor(data).t().requires_grad_()
    assert not ours.is_contiguous()
    for library, x in ((gv, ours), (torch, theirs)):
        assert library.autograd.gradcheck(lambda a: (a * a.exp()).sum(0), (x,), fast_mode=fast)
    assert gv.gradcheck(lambda a: (a * a).sum(), [ours])
