"""``gradcheck(..., fast_mode=True)`` beside slow mode and beside torch's fast mode: the same
verdict on correct gradients and on broken ones (a wrong factor, a missing term, a gradient
sent to the wrong input, one wrong entry of a Jacobian), for one and several inputs and
outputs, in reverse and forward mode and in gradgradcheck; PyTorch's message, with its
slow-mode recomputation, when they disagree."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine.gradcheck import GradcheckError
from gradviz.engine.gradcheck_fast import FAST_FAIL_SLOW_OK_MSG

TORCH_ERROR = torch.autograd.gradcheck.__globals__["GradcheckError"]


def _functions(lib):
    """name → (function, whether its gradient is right)."""
    Function = lib.autograd.Function

    def custom(backward):
        class Custom(Function):
            @staticmethod
            def forward(ctx, x, w):
                ctx.save_for_backward(x, w)
                return (x * w).sin(), x.exp()

            @staticmethod
            def backward(ctx, g, g_exp):
                x, w = ctx.saved_tensors
                return backward(x, w, g, g_exp)

        return Custom.apply

    def one_entry(x, w, g, g_exp):  # right but for one element of x's gradient
        gx = g * (x * w).cos() * w + g_exp * x.exp()
        bump = lib.zeros_like(gx)
        bump[1, 2] = 0.5
        return gx + bump * g, g * (x * w).cos() * x

    return {
        "right": (custom(lambda x, w, g, ge: (g * (x * w).cos() * w + ge * x.exp(),
                                              g * (x * w).cos() * x)), True),
        "wrong factor": (custom(lambda x, w, g, ge: (2 * g * (x * w).cos() * w + ge * x.exp(),
                                                     g * (x * w).cos() * x)), False),
        "missing term": (custom(lambda x, w, g, ge: (g * (x * w).cos() * w,
                                                     g * (x * w).cos() * x)), False),
        "swapped inputs": (custom(lambda x, w, g, ge: (g * (x * w).cos() * x + ge * x.exp(),
                                                       g * (x * w).cos() * w)), False),
        "one entry": (custom(one_entry), False),
        "plain ops": (lambda x, w: (x @ w.T).tanh().sum(0) * x.sum(), True),
    }


def _inputs(lib):
    rng = np.random.default_rng(4)
    return tuple(lib.tensor(rng.uniform(0.3, 1.2, (3, 4)), dtype=lib.float64,
                            requires_grad=True) for _ in range(2))


# forward mode differentiates the plain ops only (a custom Function would need a jvp)
@pytest.mark.parametrize(("name", "forward"), [(name, False) for name in _functions(gv)]
                         + [("plain ops", True)])
def test_fast_mode_gives_slow_modes_and_torchs_verdict(name, forward):
    fn, right = _functions(gv)[name]
    tfn, _ = _functions(torch)[name]
    options = {"check_forward_ad": forward, "check_backward_ad": not forward,
               "raise_exception": False}
    fast = gv.autograd.gradcheck(fn, _inputs(gv), fast_mode=True, **options)
    slow = gv.autograd.gradcheck(fn, _inputs(gv), **options)
    theirs = torch.autograd.gradcheck(tfn, _inputs(torch), fast_mode=True, **options)
    assert fast is slow is theirs is right


def test_a_mismatch_raises_torchs_message_with_the_slow_jacobians():
    fn, _ = _functions(gv)["wrong factor"]
    tfn, _ = _functions(torch)["wrong factor"]
    with pytest.raises(GradcheckError) as ours:
        gv.autograd.gradcheck(fn, _inputs(gv), fast_mode=True)
    with pytest.raises(TORCH_ERROR) as theirs:
        torch.autograd.gradcheck(tfn, _inputs(torch), fast_mode=True)
    head = r"Jacobian mismatch for output 0 with respect to input 0,\nnumerical:[-\d.e]+\n" \
           r"analytical:[-\d.e]+\n\n"
    assert re.match(head, str(ours.value)) and re.match(head, str(theirs.value))
    # the random projections are each library's own; from the slow recomputation on the
    # text is the same
    tail = "\nThe above quantities relating the numerical and analytical jacobians are computed"
    ours_tail, theirs_tail = (str(e.value)[str(e.value).index(tail):] for e in (ours, theirs))
    assert ours_tail.replace("gradviz.", "torch.") == theirs_tail
    assert FAST_FAIL_SLOW_OK_MSG not in ours_tail


def test_the_note_when_slow_mode_would_pass():
    # y = c·x with c = ±3 alternating, its backward 9e-4·|c| too large: within rtol entry by
    # entry (slow mode passes), but vᵀJu nearly cancels while the error does not
    def fn(lib):
        c = lib.tensor(np.resize([3.0, -3.0], 400), dtype=lib.float64)

        class Off(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * c

            @staticmethod
            def backward(ctx, g):
                return g * c + 9e-4 * g * c.abs()

        return Off.apply

    texts = []
    for lib, error in ((gv, GradcheckError), (torch, TORCH_ERROR)):
        x = lib.tensor(np.linspace(0.1, 0.9, 400), dtype=lib.float64, requires_grad=True)
        assert lib.autograd.gradcheck(fn(lib), x, atol=0)
        with pytest.raises(error) as caught:
            lib.autograd.gradcheck(fn(lib), x, atol=0, fast_mode=True)
        texts.append(str(caught.value))
    assert all(text.endswith(FAST_FAIL_SLOW_OK_MSG) for text in texts)


def test_no_differentiable_output_and_gradgradcheck():
    for lib, error in ((gv, GradcheckError), (torch, TORCH_ERROR)):
        x = lib.tensor([0.3, 0.7], dtype=lib.float64, requires_grad=True)
        assert lib.autograd.gradcheck(lambda t: t.detach().floor(), x, fast_mode=True)
        with pytest.raises(error, match="^Numerical gradient for function expected to be "
                                        "zero$"):
            lib.autograd.gradcheck(lambda t: t.detach() * 2, x, fast_mode=True)
    x = gv.tensor([0.3, 0.7], dtype=gv.float64, requires_grad=True)
    w = gv.tensor([[0.2, -0.4], [0.9, 0.1]], dtype=gv.float64, requires_grad=True)
    assert gv.autograd.gradgradcheck(lambda a, b: (a @ b).sigmoid(), (x, w), fast_mode=True)


def test_the_programs_random_stream_is_left_alone():
    gv.manual_seed(3)
    expected = gv.rand(3)
    gv.manual_seed(3)
    gv.autograd.gradcheck(lambda t: t.exp(), gv.rand(2, dtype=gv.float64).requires_grad_(),
                          fast_mode=True)
    gv.manual_seed(3)
    assert gv.equal(gv.rand(3), expected)
