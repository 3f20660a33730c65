"""Check an engine gradient against central finite differences, in float64.

    from gradviz import gradcheck
    gradcheck(lambda x, w: (x @ w).tanh().sum(), [x, w])   # True, or raises with the worst entry
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from gradviz.engine.autograd import no_grad
from gradviz.engine.backend import to_numpy
from gradviz.engine.tensor import Tensor


class GradcheckError(AssertionError):
    pass


def numerical_grad(fn: Callable[..., Tensor], inputs: Sequence[Tensor], i: int, eps: float):
    """∂ sum(fn(inputs)) / ∂ inputs[i], by central differences (f(x+h) − f(x−h)) / 2h."""
    x = inputs[i]
    flat = x._data.reshape(-1)
    grad = np.zeros(flat.shape, dtype=np.float64)
    with no_grad():
        for j in range(flat.size):
            saved = flat[j].copy()
            flat[j] = saved + eps
            plus = float(to_numpy(fn(*inputs)._data).sum())
            flat[j] = saved - eps
            minus = float(to_numpy(fn(*inputs)._data).sum())
            flat[j] = saved
            grad[j] = (plus - minus) / (2 * eps)
    return grad.reshape(x.shape)


def gradcheck(
    fn: Callable[..., Tensor],
    inputs: Sequence[Tensor],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
) -> bool:
    """Compare `fn`'s backward with finite differences for every input that requires grad.

    Inputs should be float64 (float32 differences are too coarse to mean much).
    """
    for t in inputs:
        t.grad = None
    out = fn(*inputs)
    out.backward(Tensor._wrap(np.ones_like(out._data)) if out.numel() != 1 else None)
    for i, t in enumerate(inputs):
        if not t.requires_grad:
            continue
        if t.dtype.name != "float64":
            raise GradcheckError(f"input {i} is {t.dtype}; gradcheck needs float64 inputs")
        analytic = to_numpy(t.grad._data) if t.grad is not None else np.zeros(t.shape)
        numeric = numerical_grad(fn, inputs, i, eps)
        bad = ~np.isclose(analytic, numeric, atol=atol, rtol=rtol)
        if bad.any():
            j = np.unravel_index(np.argmax(np.abs(analytic - numeric)), analytic.shape)
            raise GradcheckError(
                f"gradient of input {i} differs at index {tuple(int(k) for k in j)}: "
                f"backward gives {analytic[j]!r}, finite differences give {numeric[j]!r}"
            )
    return True
