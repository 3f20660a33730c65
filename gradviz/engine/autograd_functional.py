"""``torch.autograd.functional``: Jacobians, Hessians and their products for small functions.

`jacobian`, `vjp` and `jvp` are exact: one reverse pass per output element, each with the
engine's own VJPs.  With ``create_graph=True`` every result is a recorded tensor, and
`hessian`, `hvp` and `vhp` are exact too: the gradient's own gradient (`engine.higher_order`,
for the ops it covers).  Without it, they differentiate the exact gradient along each
direction with the five-point central stencil

    H·v ≈ (g(x−2hv) − 8g(x−hv) + 8g(x+hv) − g(x+2hv)) / 12h,

in float64, whose error is h⁴/30 times a fifth derivative plus round-off ε|g|/h: about 1e-12
with h = 1e-3 on the smooth functions these are used for (not at a kink, such as ReLU's 0).
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import dtypes
from gradviz.engine.autograd import enable_grad, grad
from gradviz.engine.creation import zeros_like
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import stack

_STEP = 1e-3


def _as_tuple(x) -> tuple[tuple, bool]:
    if isinstance(x, Tensor):
        return (x,), True
    if isinstance(x, list | tuple) and all(isinstance(t, Tensor) for t in x):
        return tuple(x), False
    raise TypeError("The inputs given to torch.autograd.functional must be a Tensor or a tuple "
                    f"of Tensors, not {type(x).__name__}")


def _fresh(inputs: tuple) -> tuple:
    return tuple(t.detach().requires_grad_(True) for t in inputs)


def _connected(inputs: tuple) -> tuple:
    """With create_graph, results stay differentiable with respect to the caller's inputs
    (as PyTorch's): an input that needs a gradient is used as it is."""
    return tuple(t if t.requires_grad else t.detach().requires_grad_(True) for t in inputs)


def _outputs(func, inputs: tuple) -> tuple[tuple, bool]:
    with enable_grad():
        out = func(*inputs)
    return _as_tuple(out)


def _grads(output: Tensor, inputs: tuple, seed=None) -> list[np.ndarray]:
    """∂⟨seed, output⟩/∂ each input as arrays (zeros for an input the output does not use)."""
    if not output.requires_grad:
        return [np.zeros(t.shape, dtype=t._data.dtype) for t in inputs]
    found = grad(output, inputs, grad_outputs=seed, retain_graph=True, allow_unused=True)
    return [np.zeros(t.shape, dtype=t._data.dtype) if g is None else g._data
            for g, t in zip(found, inputs, strict=True)]


def _unwrap(rows, single_out: bool, single_in: bool):
    rows = tuple(r[0] if single_in else tuple(r) for r in rows)
    return rows[0] if single_out else rows


def jacobian(func, inputs, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode"):
    """∂func/∂inputs: for one input and one output a tensor of shape out.shape + in.shape."""
    if create_graph:
        return _recorded_jacobian(func, inputs)
    inputs, single_in = _as_tuple(inputs)
    inputs = _fresh(inputs)
    outputs, single_out = _outputs(func, inputs)
    rows = []
    for out in outputs:
        blocks = [np.zeros((out.numel(), t.numel()), dtype=out._data.dtype) for t in inputs]
        for j in range(out.numel()):
            unit = np.zeros(out.numel(), dtype=out._data.dtype)
            unit[j] = 1
            seed = Tensor._wrap(unit.reshape(out.shape))
            for block, g in zip(blocks, _grads(out, inputs, seed), strict=True):
                block[j] = g.ravel()
        rows.append([Tensor._wrap(b.reshape(*out.shape, *t.shape))
                     for b, t in zip(blocks, inputs, strict=True)])
    return _unwrap(rows, single_out, single_in)


def vjp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), vᵀ·J): the gradient of ⟨v, func⟩ with respect to each input."""
    inputs, single_in = _as_tuple(inputs)
    inputs = _connected(inputs) if create_graph else _fresh(inputs)
    outputs, single_out = _outputs(func, inputs)
    seeds = (v,) if isinstance(v, Tensor) or v is None else tuple(v)
    if create_graph:
        found = [_recorded_grads(out, inputs, seed)
                 for out, seed in zip(outputs, seeds, strict=True)]
        result = tuple(sum(column[1:], column[0]) for column in zip(*found, strict=True))
        return _unwrap_outputs(outputs, single_out), result[0] if single_in else result
    total = [np.zeros(t.shape, dtype=t._data.dtype) for t in inputs]
    for out, seed in zip(outputs, seeds, strict=True):
        if seed is None and out.numel() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function "
                               "returns a single Tensor with a single element.")
        for i, g in enumerate(_grads(out, inputs, seed)):
            total[i] = total[i] + g
    result = tuple(Tensor._wrap(g) for g in total)
    return _detached(outputs, single_out), result[0] if single_in else result


def jvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), J·v): the derivative of func along the direction v."""
    if create_graph:
        raise NotImplementedError("jvp(create_graph=True) is not supported by gradviz yet: "
                                  "its product is computed on arrays (jacobian and vjp keep "
                                  "the graph)")
    inputs_tuple, single_in = _as_tuple(inputs)
    if v is None:
        if any(t.numel() != 1 for t in inputs_tuple):
            raise RuntimeError("The vector v can only be None if the input to the "
                               "user-provided function is a single Tensor with a single element.")
        v = tuple(Tensor._wrap(np.ones(t.shape, dtype=t._data.dtype)) for t in inputs_tuple)
    directions, _ = _as_tuple(v)
    outputs, single_out = _outputs(func, _fresh(inputs_tuple))
    jac = jacobian(func, inputs_tuple if not single_in else inputs_tuple[0], create_graph)
    rows = (jac,) if single_out else jac
    products = []
    for out, row in zip(outputs, rows, strict=True):
        row = (row,) if single_in else row
        total = np.zeros(out.numel(), dtype=out._data.dtype)
        for block, d in zip(row, directions, strict=True):
            total = total + block._data.reshape(out.numel(), -1) @ d._data.ravel()
        products.append(Tensor._wrap(total.reshape(out.shape)))
    return _detached(outputs, single_out), products[0] if single_out else tuple(products)


def _gradient_along(func, inputs: tuple, directions: tuple) -> list[np.ndarray]:
    """H·v of scalar `func` at `inputs`, by the five-point stencil on its exact gradient."""
    base = [t._data.astype(np.float64) for t in inputs]
    steps = [d._data.astype(np.float64) for d in directions]
    total = [np.zeros_like(b) for b in base]
    for k, weight in ((-2, 1.0), (-1, -8.0), (1, 8.0), (2, -1.0)):
        moved = tuple(Tensor._wrap(b + k * _STEP * s).requires_grad_(True)
                      for b, s in zip(base, steps, strict=True))
        outputs, _ = _outputs(func, moved)
        _scalar(outputs)
        for i, g in enumerate(_grads(outputs[0], moved)):
            total[i] = total[i] + weight * g.astype(np.float64)
    return [t / (12 * _STEP) for t in total]


def hessian(func, inputs, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode"):
    """∂²func/∂inputs² of a scalar function: shape in.shape + in.shape for one input."""
    if create_graph:
        return _recorded_hessian(func, inputs)
    inputs, single_in = _as_tuple(inputs)
    _scalar(_outputs(func, _fresh(inputs))[0])
    blocks = [[np.zeros((a.numel(), b.numel())) for b in inputs] for a in inputs]
    for j, t in enumerate(inputs):
        for k in range(t.numel()):
            directions = tuple(Tensor._wrap(np.zeros(s.shape)) for s in inputs)
            directions[j]._data.reshape(-1)[k] = 1.0
            for i, column in enumerate(_gradient_along(func, inputs, directions)):
                blocks[i][j][:, k] = column.ravel()
    rows = [[_typed(blocks[i][j].reshape(*a.shape, *b.shape), a)
             for j, b in enumerate(inputs)] for i, a in enumerate(inputs)]
    return _unwrap(rows, single_in, single_in)


def hvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), H·v) of a scalar function."""
    inputs, single_in = _as_tuple(inputs)
    fresh = _connected(inputs) if create_graph else _fresh(inputs)
    outputs, _ = _outputs(func, fresh)
    _scalar(outputs)
    directions, _ = _as_tuple(v)
    if create_graph:  # H·v = ∂⟨∇f, v⟩/∂x, exactly
        with enable_grad():
            gradients = _recorded_grads(outputs[0], fresh)
            dot = sum(((g * d).sum() for g, d in zip(gradients, directions, strict=True)))
            result = _recorded_grads(dot, fresh)
        return outputs[0], result[0] if single_in else result
    result = tuple(_typed(p, t) for p, t in
                   zip(_gradient_along(func, inputs, directions), inputs, strict=True))
    return outputs[0].detach(), result[0] if single_in else result


def vhp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), vᵀ·H): the same as `hvp`, a Hessian being symmetric."""
    return hvp(func, inputs, v, create_graph, strict)


def _typed(array: np.ndarray, like: Tensor) -> Tensor:
    dtype = like._data.dtype if like._data.dtype.kind == "f" else dtypes.DEFAULT_FLOAT.np
    return Tensor._wrap(array.astype(dtype))


def _scalar(outputs: tuple) -> None:
    if len(outputs) != 1 or outputs[0].numel() != 1:
        raise RuntimeError("The Tensor returned by the function given to hessian should contain "
                           "a single element")


def _detached(outputs: tuple, single: bool):
    detached = tuple(o.detach() for o in outputs)
    return detached[0] if single else detached


# ── create_graph=True: every result a recorded tensor, differentiable again ──────────────
def _recorded_grads(output: Tensor, inputs: tuple, seed=None) -> list[Tensor]:
    """∂⟨seed, output⟩/∂ each input as recorded tensors (zeros for an input not used)."""
    if not output.requires_grad:
        return [zeros_like(t) for t in inputs]
    found = grad(output, inputs, grad_outputs=seed, retain_graph=True, create_graph=True,
                 allow_unused=True)
    return [zeros_like(t) if g is None else g for g, t in zip(found, inputs, strict=True)]


def _jacobian_rows(out: Tensor, inputs: tuple) -> list[Tensor]:
    """The Jacobian of `out` with respect to each input, out.shape + in.shape, recorded."""
    rows = [[] for _ in inputs]
    flat = out.reshape(-1)
    for j in range(out.numel()):
        for row, g in zip(rows, _recorded_grads(flat[j], inputs), strict=True):
            row.append(g)
    return [stack(row).reshape(*out.shape, *t.shape) if row else
            zeros_like(t).reshape(*out.shape, *t.shape) for row, t in zip(rows, inputs,
                                                                            strict=True)]


def _recorded_jacobian(func, inputs):
    inputs, single_in = _as_tuple(inputs)
    inputs = _connected(inputs)
    outputs, single_out = _outputs(func, inputs)
    with enable_grad():
        rows = [_jacobian_rows(out, inputs) for out in outputs]
    return _unwrap(rows, single_out, single_in)


def _recorded_hessian(func, inputs):
    inputs, single_in = _as_tuple(inputs)
    inputs = _connected(inputs)
    outputs, _ = _outputs(func, inputs)
    _scalar(outputs)
    with enable_grad():
        gradients = _recorded_grads(outputs[0], inputs)
        rows = [_jacobian_rows(g, inputs) for g in gradients]
    return _unwrap(rows, single_in, single_in)


def _unwrap_outputs(outputs: tuple, single: bool):
    return outputs[0] if single else outputs
