"""``torch.autograd.gradcheck`` and ``gradgradcheck``: a function's Jacobians from its backward
pass against central finite differences, in float64.

    from gradviz.autograd import gradcheck, gradgradcheck
    gradcheck(Square.apply, x)          # True, or GradcheckError: Jacobian mismatch for output 0 …
    gradgradcheck(Square.apply, x)      # the same check on the function's backward pass

As PyTorch's slow mode: for every output that requires grad and every input that does, the
analytical Jacobian is built one row at a time by ``autograd.grad`` on a unit gradient (so a
non-leaf input checks as any other), the numerical one one column at a time by perturbing the
input in place by ±eps.  With ``check_forward_ad=True`` the Jacobians are also built column by
column by forward mode (`engine.forward_ad.forward_jacobian`, dual tensors) and compared with
the same numerical ones.  ``fast_mode=True`` is PyTorch's fast check, a random projection
of each Jacobian (`engine.gradcheck_fast`).  Reduced form: ``check_batched_grad`` and complex
inputs raise NotImplementedError; the checks PyTorch adds on top (undefined output gradients,
re-entrancy) are not run.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np

from gradviz.engine import autograd
from gradviz.engine.autograd import no_grad
from gradviz.engine.backend import to_numpy
from gradviz.engine.creation import empty
from gradviz.engine.dtypes import float64
from gradviz.engine.tensor import Tensor


class GradcheckError(RuntimeError):
    """Error raised by `gradcheck` and `gradgradcheck` (PyTorch's name and base class)."""


def numerical_grad(fn: Callable[..., Tensor], inputs: Sequence[Tensor], i: int, eps: float):
    """∂ sum(fn(inputs)) / ∂ inputs[i], by central differences (f(x+h) − f(x−h)) / 2h."""
    x = inputs[i]
    data = x._data
    grad = np.zeros(data.size, dtype=np.float64)
    with no_grad():
        for j, at in enumerate(entries(data)):
            saved = data[at].copy()
            data[at] = saved + eps
            plus = float(to_numpy(fn(*inputs)._data).sum())
            data[at] = saved - eps
            minus = float(to_numpy(fn(*inputs)._data).sum())
            data[at] = saved
            grad[j] = (plus - minus) / (2 * eps)
    return grad.reshape(x.shape)


def entries(array) -> list[tuple[int, ...]]:
    """The index of each element of `array`, in row-major order: perturbed where it is (a
    transposed input's ``reshape(-1)`` would be a copy, and the function would not see it)."""
    return [np.unravel_index(j, array.shape) for j in range(array.size)]


def _as_tuple(x) -> tuple:
    if isinstance(x, tuple):
        return x
    if isinstance(x, list):
        return tuple(x)
    return (x,)


def _differentiable(outputs) -> tuple:
    return tuple(o for o in _as_tuple(outputs) if isinstance(o, Tensor) and o.requires_grad)


def _check_inputs(inputs: tuple) -> list[int]:
    wanted = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    for i in wanted:
        if inputs[i].dtype.name != "float64":
            warnings.warn(
                f"Input #{i} requires gradient and is not a double precision floating point or "
                "complex. This check will likely fail if all the inputs are not of double "
                "precision floating point or complex. ", stacklevel=3)
    if not wanted:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but "
                         "none of the them have requires_grad=True.")
    return wanted


def _numerical(fn, inputs: tuple, wanted: list[int], eps: float) -> list[list[np.ndarray]]:
    """numerical[o][k]: the Jacobian of output o by input wanted[k], (input size, output size).

    Every output is taken, differentiable or not (as PyTorch does), and the function runs with
    gradients on: a `gradgradcheck` function differentiates inside itself."""
    outputs = [to_numpy(o._data) for o in _as_tuple(fn(*inputs)) if isinstance(o, Tensor)]
    numerical = [[np.zeros((inputs[i].numel(), o.size)) for i in wanted] for o in outputs]
    for k, i in enumerate(wanted):
        data = inputs[i]._data  # perturbed in place: fn sees the perturbed entry
        for j, at in enumerate(entries(data)):
            saved = data[at].copy()
            data[at] = saved - eps
            minus = [to_numpy(o._data).astype(np.float64).ravel() for o in _outputs(fn, inputs)]
            data[at] = saved + eps
            plus = [to_numpy(o._data).astype(np.float64).ravel() for o in _outputs(fn, inputs)]
            data[at] = saved
            for o, (p, m) in enumerate(zip(plus, minus, strict=True)):
                numerical[o][k][j] = (p - m) / (2 * eps)
    return numerical


def _outputs(fn, inputs: tuple) -> list[Tensor]:
    return [o for o in _as_tuple(fn(*inputs)) if isinstance(o, Tensor)]


def _analytical(output: Tensor, inputs: tuple, wanted: list[int]) -> list[np.ndarray]:
    """The Jacobians of `output` by each wanted input, (input size, output size): row by row of
    ``autograd.grad`` on a unit gradient (an input it does not reach gives zeros)."""
    targets = [inputs[i] for i in wanted]
    jacobians = [np.zeros((t.numel(), output.numel())) for t in targets]
    xp_unit = np.zeros(output.numel(), dtype=to_numpy(output._data).dtype)
    for j in range(output.numel()):
        xp_unit[:] = 0
        xp_unit[j] = 1
        unit = Tensor._wrap(xp_unit.reshape(output.shape).copy())
        grads = autograd.grad(output, targets, unit, retain_graph=True, allow_unused=True)
        for jacobian, g in zip(jacobians, grads, strict=True):
            if g is not None:
                jacobian[:, j] = to_numpy(g._data).ravel()
    return jacobians


def _mismatch(analytical: np.ndarray, numerical: np.ndarray, output: int, wrt: int,
              forward: bool = False) -> str:
    mode = "computed with forward mode " if forward else ""
    return (f"Jacobian {mode}mismatch for output {output:d} with respect to input {wrt:d},\n"
            f"numerical:{Tensor._wrap(numerical)}\nanalytical:{Tensor._wrap(analytical)}\n")


def _forward_mode(func: Callable, inputs: tuple, wanted: list[int]) -> list[list[np.ndarray]]:
    """Per output, per wanted input: the Jacobian by forward mode, (input size, output size)."""
    from gradviz.engine.forward_ad import forward_jacobian

    return [[row[i].T for i in wanted] for row in forward_jacobian(func, inputs)]


def _refuse(**options: bool) -> None:
    for name, value in options.items():
        if value:
            raise NotImplementedError(f"gradcheck: {name}=True is not supported by gradviz")


def gradcheck(
    func: Callable,
    inputs,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
    nondet_tol: float = 0.0,
    check_undefined_grad: bool = True,
    check_grad_dtypes: bool = False,
    check_batched_grad: bool = False,
    check_batched_forward_grad: bool = False,
    check_forward_ad: bool = False,
    check_backward_ad: bool = True,
    fast_mode: bool = False,
    masked: bool | None = None,
) -> bool:
    """PyTorch's ``gradcheck``: `inputs` a tensor or a tuple; float64 inputs expected."""
    _refuse(check_batched_grad=check_batched_grad,
            check_batched_forward_grad=check_batched_forward_grad)
    inputs = _as_tuple(inputs)
    wanted = _check_inputs(inputs)
    all_outputs = _as_tuple(func(*inputs))
    outputs = _differentiable(all_outputs)
    if fast_mode:
        from gradviz.engine.gradcheck_fast import fast_check

        try:
            for forward in [False] * check_backward_ad + [True] * check_forward_ad:
                fast_check(func, inputs, wanted, all_outputs, outputs, eps, atol, rtol,
                           nondet_tol, forward)
        except GradcheckError:
            if raise_exception:
                raise
            return False
        return True
    numerical = _numerical(func, inputs, wanted, eps)
    try:
        if not outputs:
            for per_output in numerical:
                if any(np.any(n != 0) for n in per_output):
                    raise GradcheckError("Numerical gradient for function expected to be zero")
            return True
        numerical = [n for o, n in zip([o for o in all_outputs if isinstance(o, Tensor)],
                                       numerical, strict=True) if o.requires_grad]
        if check_forward_ad:
            for o, per_input in enumerate(_forward_mode(func, inputs, wanted)):
                for k, (a, n) in enumerate(zip(per_input, numerical[o], strict=True)):
                    if not np.allclose(a, n, rtol=rtol, atol=atol):
                        raise GradcheckError(_mismatch(a, n, o, k, forward=True))
        if not check_backward_ad:
            return True
        for o, output in enumerate(outputs):
            for k, (a, n) in enumerate(zip(_analytical(output, inputs, wanted), numerical[o],
                                           strict=True)):
                if not np.allclose(a, n, rtol=rtol, atol=atol):
                    raise GradcheckError(_mismatch(a, n, o, k))
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def gradgradcheck(
    func: Callable,
    inputs,
    grad_outputs=None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    gen_non_contig_grad_outputs: bool = False,
    raise_exception: bool = True,
    nondet_tol: float = 0.0,
    check_undefined_grad: bool = True,
    check_grad_dtypes: bool = False,
    check_batched_grad: bool = False,
    check_fwd_over_rev: bool = False,
    check_rev_over_rev: bool = True,
    fast_mode: bool = False,
    masked: bool = False,
) -> bool:
    """PyTorch's ``gradgradcheck``: `gradcheck` of the function's backward pass, the gradients
    of its outputs drawn uniformly in [-1, 1) (one ``uniform_`` per output, as PyTorch draws
    them) unless given."""
    _refuse(check_fwd_over_rev=check_fwd_over_rev)
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        grad_outputs = tuple(_uniform_like(o) for o in _differentiable(func(*inputs)))
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_out = len(grad_outputs)
    wanted = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]

    def backward_of_func(*args):
        outputs = _differentiable(func(*args[:-n_out]))
        grads = autograd.grad(outputs, [args[i] for i in wanted], list(args[-n_out:]),
                              create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(backward_of_func, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol,
                     check_undefined_grad=check_undefined_grad,
                     check_grad_dtypes=check_grad_dtypes, fast_mode=fast_mode,
                     check_batched_grad=check_batched_grad, masked=masked)


def _uniform_like(output: Tensor) -> Tensor:
    dtype = output.dtype if output.dtype.is_floating_point else float64
    return empty(tuple(output.shape), dtype=dtype).uniform_(-1, 1).requires_grad_()
