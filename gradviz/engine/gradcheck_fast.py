"""``gradcheck(..., fast_mode=True)``: PyTorch's fast check, a random projection of each
Jacobian instead of the whole of it (https://github.com/pytorch/pytorch/issues/53876).

For each input x_k that requires grad a random unit vector u_k (uniform entries, normalised),
and for each differentiable output y_o one v_o, drawn from a generator of the check's own (the
program's random stream is left alone).  Then one scalar per (output, input) pair is compared:

* numerical: v_oᵀ·(J u_k), J u_k by one central difference along u_k,
  (f(x + eps·u) − f(x − eps·u)) / 2eps;
* analytical: (v_oᵀ J)·u_k, v_oᵀ J by one ``autograd.grad`` with v_o as the output gradient
  (with ``check_forward_ad``, J u_k by one forward-mode pass along u_k instead, and no v).

They must agree to rtol and to atol·Σu_k·Σv_o (slow mode's elementwise atol, projected alike).
A mismatch raises PyTorch's message: the two scalars, then both whole Jacobians recomputed in
slow mode, their largest difference, and PyTorch's note when slow mode would have passed.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import autograd
from gradviz.engine.backend import to_numpy
from gradviz.engine.tensor import Tensor

FAST_FAIL_SLOW_OK_MSG = """Fast gradcheck failed but element-wise differences are small. This means that the
test might've passed in slow_mode!

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck:

If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with `fast_mode=False` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have `gradcheck_fast_mode=False`
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have `gradcheck_fast_mode=False`"""  # noqa: E501 - PyTorch's text


def _unit(rng: np.random.Generator, size: int) -> np.ndarray:
    vec = rng.random(size)
    return vec / np.linalg.norm(vec)


def _numerical_jvps(func, inputs: tuple, i: int, u: np.ndarray, eps: float) -> list:
    """J u for every tensor output of `func`, by one central difference along u (flattened)."""
    data = inputs[i]._data  # written in place (u in row-major order): func sees it
    orig = data.copy()
    step = (u * eps).astype(data.dtype).reshape(data.shape)
    data[...] = orig - step
    minus = [to_numpy(o._data).astype(np.float64).ravel() for o in _tensors(func(*inputs))]
    data[...] = orig + step
    plus = [to_numpy(o._data).astype(np.float64).ravel() for o in _tensors(func(*inputs))]
    data[...] = orig
    return [(p - m) / (2 * eps) for p, m in zip(plus, minus, strict=True)]


def _tensors(out) -> list[Tensor]:
    out = out if isinstance(out, tuple | list) else (out,)
    return [o for o in out if isinstance(o, Tensor)]


def _forward_jvps(func, inputs: tuple, i: int, u: np.ndarray) -> list[np.ndarray]:
    """J u for every tensor output, by one forward-mode pass with tangent u on input i."""
    from gradviz.engine.forward_ad import dual_level, make_dual, unpack_dual

    with dual_level():
        duals = [make_dual(t, Tensor._wrap(u.reshape(t.shape).astype(t._data.dtype)))
                 if k == i else t for k, t in enumerate(inputs)]
        outs = _tensors(func(*duals))
        tangents = [unpack_dual(o).tangent for o in outs]
    return [np.zeros(o.numel()) if t is None else to_numpy(t._data).astype(np.float64).ravel()
            for o, t in zip(outs, tangents, strict=True)]


def fast_check(func, inputs: tuple, wanted: list[int], all_outputs: tuple, outputs: tuple,
               eps: float, atol: float, rtol: float, nondet_tol: float,
               forward: bool = False) -> None:
    """PyTorch's ``_fast_gradcheck``; raises GradcheckError on a mismatch."""
    from gradviz.engine.gradcheck import GradcheckError

    rng = np.random.default_rng(0)
    all_u = [_unit(rng, inputs[i].numel()) for i in wanted]
    all_v = None if forward else [_unit(rng, o.numel()) for o in outputs]
    floating = [o.dtype.is_floating_point for o in _tensors(all_outputs)]
    numerical = []  # per input: per output, vᵀJu (or Ju with forward mode)
    for i, u in zip(wanted, all_u, strict=True):
        # gradients on, as slow mode's: a gradgradcheck function differentiates inside itself
        jvps = [j for j, f in zip(_numerical_jvps(func, inputs, i, u, eps), floating,
                                  strict=True) if f]
        numerical.append(jvps if forward else
                         [float(v @ j) for v, j in zip(all_v, jvps, strict=False)])
    if not outputs and not forward:
        for i, u in zip(wanted, all_u, strict=True):
            for jvp in _numerical_jvps(func, inputs, i, u, eps):
                if jvp.size and np.abs(jvp).max() > nondet_tol:
                    raise GradcheckError("Numerical gradient for function expected to be zero")
        return
    if forward:
        analytical = [[j for j, f in zip(_forward_jvps(func, inputs, i, u), floating,
                                          strict=True) if f]
                      for i, u in zip(wanted, all_u, strict=True)]
    else:
        analytical = _vjp_dot_u(inputs, wanted, outputs, all_v, all_u)
    for k, per_output in enumerate(numerical):
        for o, n in enumerate(per_output):
            a = analytical[k][o] if forward else analytical[o][k]
            tolerance = atol * float(all_u[k].sum()) * (1.0 if forward else
                                                         float(all_v[o].sum()))
            if not np.allclose(a, n, rtol=rtol, atol=tolerance):
                from gradviz.engine.gradcheck import _mismatch

                raise GradcheckError(
                    _mismatch(np.asarray(a), np.asarray(n), o, k, forward=forward)
                    + _slow_text(func, inputs, wanted, outputs, k, o, eps, atol, rtol, forward))


def _vjp_dot_u(inputs, wanted, outputs, all_v, all_u) -> list[list[float]]:
    """Per output o, per input k: (v_oᵀ J)·u_k, vᵀJ by one backward pass."""
    targets = [inputs[i] for i in wanted]
    result = []
    for output, v in zip(outputs, all_v, strict=True):
        seed = Tensor._wrap(v.reshape(output.shape).astype(to_numpy(output._data).dtype))
        grads = autograd.grad(output, targets, seed, retain_graph=True, allow_unused=True)
        result.append([0.0 if g is None else float(to_numpy(g._data).ravel() @ u)
                       for g, u in zip(grads, all_u, strict=True)])
    return result


def _slow_text(func, inputs, wanted, outputs, k: int, o: int, eps: float, atol: float,
               rtol: float, forward: bool) -> str:
    """PyTorch's slow-mode addendum: the whole Jacobians of output o by input k."""
    from gradviz.engine.gradcheck import _analytical, _forward_mode, _numerical

    tensors = _tensors(func(*inputs))
    numerical = [n for t, n in zip(tensors, _numerical(func, inputs, wanted, eps), strict=True)
                 if t.requires_grad][o][k]
    if forward:
        analytical = [n for t, n in zip(tensors, _forward_mode(func, inputs, wanted),
                                        strict=True) if t.requires_grad][o][k]
    else:
        analytical = _analytical(outputs[o], inputs, wanted)[k]
    text = (
        "\nThe above quantities relating the numerical and analytical jacobians are computed \n"
        "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more "
        "background \nabout fast mode. Below, we recompute numerical and analytical jacobians "
        "in slow mode:\n\n"
        f"Numerical:\n {Tensor._wrap(numerical)}\n"
        f"Analytical:\n{Tensor._wrap(analytical)}\n\n"
        "The max per-element difference (slow mode) is: "
        f"{Tensor._wrap(np.abs(numerical - analytical).max())}.\n")
    if np.allclose(analytical, numerical, rtol=rtol, atol=atol):
        text += FAST_FAIL_SLOW_OK_MSG
    return text
