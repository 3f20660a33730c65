"""What the thirteenth corpus sample needed, beside torch: ``Tensor.retains_grad`` with
``retain_grad()``'s rules and the warning on a non-leaf's ``.grad``, the module
``torch.autograd.function`` with ``once_differentiable``, and einsum's subscripts repeated
within an operand (diagonals and traces)."""

import warnings

import numpy as np
import pytest
import torch
from api_pairs import error_of, same, same_grad

import gradviz as gv

RNG = np.random.default_rng(13)


# ── retains_grad, retain_grad() and the non-leaf .grad warning ──────────────────────────────

def _graph(lib):
    x = lib.ones(1, 3)
    w = lib.ones(3, 2, requires_grad=True)
    z = x @ w
    loss = lib.nn.functional.relu(z).sum()
    return x, w, z, loss


def test_retains_grad_follows_retain_grad_as_in_pytorch():
    for lib in (torch, gv):
        x, w, z, loss = _graph(lib)
        assert [t.retains_grad for t in (x, w, z, loss)] == [False] * 4
        w.retain_grad()  # a leaf: nothing changes
        z.retain_grad()
        assert [t.retains_grad for t in (x, w, z, loss)] == [False, False, True, False]
        loss.backward()
        assert z.grad is not None and w.grad is not None


def test_retain_grad_without_requires_grad_is_pytorchs_error():
    assert error_of(lambda: _graph(gv)[0].retain_grad()) == \
        error_of(lambda: _graph(torch)[0].retain_grad()) == \
        ("RuntimeError", "can't retain_grad on Tensor that has requires_grad=False")
    with gv.no_grad():
        made = gv.ones(2, requires_grad=True) * 2
    assert error_of(made.retain_grad) == error_of(lambda: _graph(torch)[0].retain_grad())


def test_retains_grad_cannot_be_set():
    ours, theirs = _graph(gv)[2], _graph(torch)[2]
    assert error_of(lambda: setattr(theirs, "retains_grad", True))[0] == "AttributeError"
    assert error_of(lambda: setattr(ours, "retains_grad", True))[0] == "AttributeError"


def _grad_warnings(tensor) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _ = tensor.grad
    return [str(w.message) for w in caught if w.category is UserWarning]


def test_reading_a_non_leafs_grad_warns_in_pytorchs_words():
    (_, w, z, loss), (_, tw, tz, tloss) = _graph(gv), _graph(torch)
    loss.backward()
    tloss.backward()
    theirs = _grad_warnings(tz)
    assert len(theirs) == 1
    # PyTorch's message ends with where in its C++ sources it was raised
    assert _grad_warnings(z) == [theirs[0][:theirs[0].index(" (Triggered internally")]]
    assert _grad_warnings(w) == _grad_warnings(tw) == []


def test_no_warning_once_a_non_leaf_retains_its_grad():
    _, _, z, loss = _graph(gv)
    z.retain_grad()
    loss.backward()
    assert _grad_warnings(z) == []
    np.testing.assert_array_equal(z.grad.numpy(), [[1.0, 1.0]])


def test_setting_a_grad_still_works_on_leaves_and_non_leaves():
    _, w, z, _ = _graph(gv)
    w.grad = gv.zeros(3, 2)
    assert w.grad.shape == (3, 2)
    del w.grad
    assert w.grad is None
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        z.grad = gv.ones(1, 2)
        assert z.grad is not None


def test_an_op_recorded_on_constants_is_no_non_leaf_that_warns():
    # A lesson records ops on data for its drawing (`record_constants`); PyTorch would have a
    # leaf there: no gradient, no warning, and retain_grad() is its error.
    from gradviz.engine.autograd import record_constants

    with record_constants():
        negated = -gv.ones(2)
    assert negated.grad_fn is not None and not negated.requires_grad
    assert _grad_warnings(negated) == [] and not negated.retains_grad
    assert error_of(negated.retain_grad)[1] == \
        "can't retain_grad on Tensor that has requires_grad=False"


# ── torch.autograd.function.once_differentiable ─────────────────────────────────────────────

def _square(lib):
    from importlib import import_module

    once_differentiable = import_module(f"{lib.__name__}.autograd.function").once_differentiable
    seen = []

    class Square(lib.autograd.function.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @once_differentiable
        def backward(ctx, grad):
            seen.append((lib.is_grad_enabled(), grad.requires_grad))
            x, = ctx.saved_tensors
            return 2 * x * grad

    return Square, seen


def test_once_differentiable_backward_gives_pytorchs_gradient_with_grad_off():
    values = RNG.standard_normal(5)
    results = []
    for lib in (torch, gv):
        square, seen = _square(lib)
        x = lib.tensor(values, requires_grad=True)
        (square.apply(x) * lib.tensor(values)).sum().backward()
        results.append((x.grad.numpy(), seen))
    (ours, our_seen), (theirs, their_seen) = results[1], results[0]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert our_seen == their_seen == [(False, False)]


def test_once_differentiable_keeps_the_function_and_its_name():
    square, _ = _square(gv)
    assert square.backward.__name__ == "backward"
    assert gv.autograd.gradcheck(square.apply, (gv.tensor(RNG.standard_normal(4),
                                                          requires_grad=True),))


def test_differentiating_a_once_differentiable_backward_twice_is_pytorchs_error():
    values = RNG.standard_normal(3)
    outcome = []
    for lib in (torch, gv):
        square, seen = _square(lib)
        x = lib.tensor(values, requires_grad=True)
        loss = (square.apply(x) ** 2).sum()
        g, = lib.autograd.grad(loss, x, create_graph=True)
        outcome.append((g.detach().numpy(), g.requires_grad, repr(g).split("grad_fn=")[1],
                        type(g.grad_fn).__name__ if lib is gv else "Error", seen,
                        error_of(lambda g=g: g.sum().backward())))
    (g, *rest), (tg, *their_rest) = outcome[1], outcome[0]
    np.testing.assert_allclose(g, tg, rtol=1e-12)
    assert rest == their_rest
    assert rest[-1] == ("RuntimeError", "trying to differentiate twice a function that was "
                                        "marked with @once_differentiable")
    assert rest[1] == "<Error>)"


def test_create_graph_with_constant_upstream_is_not_wrapped():
    for lib in (torch, gv):
        square, _ = _square(lib)
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        g, = lib.autograd.grad(square.apply(x).sum(), x, create_graph=True)
        assert not g.requires_grad and g.grad_fn is None


# ── einsum: a subscript repeated within an operand ──────────────────────────────────────────

@pytest.mark.parametrize("equation, shapes", [
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("NMKK->NM", [(2, 3, 4, 4)]),
    ("NMKK->NMK", [(2, 3, 4, 4)]),
    ("iij->j", [(3, 3, 2)]),
    ("iii->i", [(3, 3, 3)]),
    ("kiik->", [(2, 3, 3, 2)]),
    ("ij,jj->i", [(2, 3), (3, 3)]),
    ("bii,bij->bj", [(2, 3, 3), (2, 3, 4)]),
    ("...ii->...i", [(2, 3, 3)]),
])
def test_einsum_repeated_subscript_is_a_diagonal_as_in_pytorch(equation, shapes):
    arrays = [RNG.standard_normal(shape) for shape in shapes]
    same_grad(lambda lib, *xs: lib.einsum(equation, *xs), *arrays)


def test_einsum_repeated_subscript_of_other_sizes_is_pytorchs_error():
    same(lambda lib: lib.einsum("ii->i", lib.ones(2, 3)))
    same(lambda lib: lib.einsum("bii,bj->bj", lib.ones(2, 4, 3), lib.ones(2, 5)))
