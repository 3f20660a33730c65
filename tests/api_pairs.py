"""One call made on torch and on gradviz, side by side: its results (tensors, tuples of them,
Python numbers) must agree in value, shape and dtype, its errors in type and message, and,
in float64, its gradients (≤ 1e-9) and gradviz's against central finite differences.
"""

from __future__ import annotations

import numpy as np
import torch

import gradviz as gv


def _leaves(result) -> list:
    if isinstance(result, torch.Tensor | gv.Tensor):
        return [result]
    if isinstance(result, tuple | list):
        return [leaf for part in result for leaf in _leaves(part)]
    return [result]


def _dtype_name(t) -> str:
    return str(t.dtype).rsplit(".", 1)[-1]


def _assert_same(ours, theirs, rtol: float) -> None:
    assert type(ours) is not tuple or isinstance(theirs, tuple), (ours, theirs)
    a, b = _leaves(ours), _leaves(theirs)
    assert len(a) == len(b), (ours, theirs)
    for x, y in zip(a, b, strict=True):
        if isinstance(y, torch.Tensor):
            assert isinstance(x, gv.Tensor), (x, y)
            assert tuple(x.shape) == tuple(y.shape), (x.shape, y.shape)
            assert _dtype_name(x) == _dtype_name(y), (x.dtype, y.dtype)
            np.testing.assert_allclose(x.detach().numpy(), y.detach().numpy(), rtol=rtol,
                                       atol=1e-12, equal_nan=True)
        else:
            assert type(x) is type(y) and (x == y or x != x), (x, y)


def same(call, rtol: float = 1e-6) -> None:
    """`call(lib)` on both libraries: equal results, or the same error word for word."""
    try:
        theirs = call(torch)
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        try:
            call(gv)
        except Exception as ours:  # noqa: BLE001
            assert type(ours).__name__ == type(error).__name__, (ours, error)
            assert str(ours) == str(error), (str(ours), str(error))
            return
        raise AssertionError(f"gradviz raised nothing; torch raised {error!r}") from None
    _assert_same(call(gv), theirs, rtol)


def same_grad(fn, *arrays, check_fd: bool = True) -> None:
    """`fn(lib, *tensors)` in float64: the same values, and the same gradient of a random
    weighting of its (first) result; gradviz's gradient also against finite differences."""
    rng = np.random.default_rng(7)
    ours = [gv.tensor(a, dtype=gv.float64, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    out, expected = fn(gv, *ours), fn(torch, *theirs)
    _assert_same(out, expected, 1e-9)
    first, first_t = _leaves(out)[0], _leaves(expected)[0]
    weights = rng.standard_normal(tuple(first_t.shape))
    (first * gv.tensor(weights)).sum().backward()
    (first_t * torch.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs, strict=True):
        if b.grad is None:
            assert a.grad is None or not a.grad.numpy().any()
        else:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)
    if check_fd:
        fresh = [gv.tensor(a, dtype=gv.float64, requires_grad=True) for a in arrays]
        assert gv.gradcheck(lambda *xs: _leaves(fn(gv, *xs))[0], fresh, eps=1e-6, atol=1e-5)


def error_of(fn):
    """(type name, message) of what `fn` raises, None where it raises nothing."""
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - the type and message are what is compared
        return type(error).__name__, str(error)
    return None


def same_layer(ours, theirs, shape) -> None:
    """A float64 layer of each library, gradviz's holding torch's parameters: its repr, its
    output on one random input of `shape`, the output's ``grad_fn`` name, and the gradients of
    the input and of the weight (≤ 1e-9)."""
    assert repr(ours) == repr(theirs)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal(shape)
    a, b = gv.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(a), theirs(b)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-9,
                               atol=1e-12)
    assert type(out.grad_fn).__name__ == type(expected.grad_fn).__name__
    (out * out).sum().backward()
    (expected * expected).sum().backward()
    for mine, torchs in ((a, b), (ours.weight, theirs.weight)):
        np.testing.assert_allclose(mine.grad.numpy(), torchs.grad.numpy(), rtol=1e-9,
                                   atol=1e-12)
