"""``torch.func``'s derivative transforms beyond `grad`: `vjp`, `jvp`, `jacrev`, `jacfwd` and
`hessian`, each taking and returning tensors or dicts/tuples/lists of them as PyTorch's do.

    _, vjp_fn = vjp(f, x);  (row,) = vjp_fn(v)            # vᵀ·J
    out, tangent = jvp(f, (x,), (t,))                      # J·t
    jacrev(f, argnums=(0, 1))(w, x);  hessian(f)(x)        # = jacfwd(jacrev(f))

`jvp` called outside any transform runs on dual tensors, as PyTorch's does
(`engine.forward_ad`).  Inside one, and in `jacfwd`, forward mode is the double-vjp trick on
the recorded graph, since dual levels do not nest: with u a placeholder cotangent, the
reverse pass recorded with ``create_graph=True`` gives g = Jᵀ·u, which is linear in u, and
∂⟨g, t⟩/∂u = J·t.  One forward and one recorded reverse pass serve every column of
`jacfwd`.  Neither is a second table of derivatives: both use the registry's VJPs only, and
need the ops of `func` to be in `engine.higher_order.RECORDED`.
`jacrev` runs one reverse pass per output element, `vmap`-free.  How the transforms nest is
said in `engine.func_transforms`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gradviz.engine import forward_ad
from gradviz.engine.autograd import enable_grad
from gradviz.engine.autograd import grad as _autograd_grad
from gradviz.engine.creation import zeros_like
from gradviz.engine.func_transforms import (
    _leaves,
    _rebuild,
    differentiable,
    keeps_graph,
    nested,
)
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import stack

__all__ = ["hessian", "jacfwd", "jacrev", "jvp", "vjp"]

_JVP = "jvp(f, primals, tangents)"


def _argnums(argnums, n_args: int) -> tuple[int, ...]:
    """PyTorch's checks of `argnums`, each number wrapped into range."""
    nums = (argnums,) if isinstance(argnums, int) else argnums
    if not isinstance(nums, tuple):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if not nums:
        raise RuntimeError("argnums must be non-empty")
    wrapped = []
    for n in nums:
        if not isinstance(n, int):
            raise RuntimeError(f"argnum must be int, got: {type(n)}")
        if not -n_args <= n < n_args:
            raise RuntimeError(f"Got argnum={n}, but only {n_args} positional inputs")
        wrapped.append(n % n_args)
    if len(set(wrapped)) != len(wrapped):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return tuple(wrapped)


def _split_aux(out, has_aux: bool, api: str):
    if not has_aux:
        return out, None
    if not (isinstance(out, tuple) and len(out) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) "
                           "if has_aux is True")
    return out


def _outputs(out, api: str) -> list[Tensor]:
    leaves = _leaves(out)
    if not leaves:
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output "
                           f"(got output = {out})")
    for o in leaves:
        if o._data.dtype.kind != "f":
            raise RuntimeError(f"{api}: All outputs of f must be floating-point or complex "
                               f"Tensors, got Tensor with dtype {o.dtype}")
    return leaves


def _grads(outputs, inputs, seeds, keep: bool) -> list[Tensor]:
    """∂⟨seeds, outputs⟩/∂inputs, zeros where an input is not used."""
    used = [(o, s) for o, s in zip(outputs, seeds, strict=True) if o.requires_grad]
    if not used:
        return [zeros_like(t) for t in inputs]
    found = _autograd_grad([o for o, _ in used], inputs, [s for _, s in used],
                           retain_graph=True, create_graph=keep, allow_unused=True)
    return [zeros_like(t) if g is None else g for g, t in zip(found, inputs, strict=True)]


def _run(func, args: tuple, nums: tuple[int, ...], has_aux: bool, api: str):
    """func on its own copies of args[nums]: (output tree, aux, output leaves, input leaves,
    whether the results keep their graphs)."""
    args = list(args)
    keep = keeps_graph([t for n in nums for t in _leaves(args[n])])
    for n in nums:
        args[n] = _rebuild(args[n], differentiable(_leaves(args[n])))
    with enable_grad(), nested():
        out, aux = _split_aux(func(*args), has_aux, api)
    inputs = [t for n in nums for t in _leaves(args[n])]
    return out, aux, _outputs(out, api), inputs, keep


def _result(out, keep: bool):
    return out if keep else _rebuild(out, [o.detach() for o in _leaves(out)])


# ── reverse mode ─────────────────────────────────────────────────────────────────────────
def vjp(func: Callable, *primals: Any, has_aux: bool = False):
    """(func(*primals), vjp_fn[, aux]): ``vjp_fn(cotangents)`` is the tuple of vᵀ·J, one
    entry per primal (shaped as it), for cotangents shaped as func's output."""
    api = "vjp(f, *primals)"
    out, aux, outputs, inputs, keep = _run(func, primals, tuple(range(len(primals))),
                                           has_aux, api)

    def vjp_fn(cotangents, retain_graph: bool = True, create_graph: bool | None = None):
        seeds = _leaves(cotangents)
        if len(seeds) != len(outputs):
            raise RuntimeError("Expected pytree structure of cotangents to be the same as "
                               "pytree structure of outputs to the function.")
        create = (keeps_graph(seeds) or keep) if create_graph is None else create_graph
        grads = _grads(outputs, inputs, seeds, create)
        return tuple(_rebuild(p, grads) for p in primals)

    if has_aux:
        return _result(out, keep), vjp_fn, aux
    return _result(out, keep), vjp_fn


def _unit_seeds(outputs: list[Tensor]):
    """(output index, seed list) for every element of every output, in order."""
    for i, o in enumerate(outputs):
        for j in range(o.numel()):
            seeds = [zeros_like(p) for p in outputs]
            seeds[i]._data.reshape(-1)[j] = 1
            yield i, seeds


def _tree_of_blocks(out, argtree, blocks: list[list[Tensor]]):
    """For each output leaf, its blocks (one per input leaf) in the shape of the inputs."""
    return _rebuild(out, [_rebuild(argtree, list(row)) for row in blocks])


def jacrev(func: Callable, argnums: int | tuple[int, ...] = 0, *, has_aux: bool = False,
           chunk_size: int | None = None, _preallocate_and_copy: bool = False) -> Callable:
    """The Jacobian of func with respect to args[argnums] by reverse mode: for an output of
    shape O and an input of shape I, a tensor of shape O + I (a tuple per argnums tuple, a
    dict for a dict input; a tuple/dict output gives one such per output)."""
    if chunk_size is not None and chunk_size <= 0:
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    def wrapper(*args):
        nums = _argnums(argnums, len(args))
        out, aux, outputs, inputs, keep = _run(func, args, nums, has_aux, "vjp(f, *primals)")
        rows: list[list[list[Tensor]]] = [[[] for _ in inputs] for _ in outputs]
        for i, seeds in _unit_seeds(outputs):
            for k, g in enumerate(_grads(outputs, inputs, seeds, keep)):
                rows[i][k].append(g)
        blocks = [[stack(rows[i][k]).reshape(*o.shape, *t.shape) for k, t in enumerate(inputs)]
                  for i, o in enumerate(outputs)]
        jac = _tree_of_blocks(out, _argtree(args, argnums, nums), blocks)
        return (jac, aux) if has_aux else jac

    return wrapper


def _argtree(args, argnums, nums):
    return args[nums[0]] if isinstance(argnums, int) else tuple(args[n] for n in nums)


# ── forward mode, by the double-vjp trick ────────────────────────────────────────────────
def _linearized(outputs: list[Tensor], inputs: list[Tensor]):
    """(u, g): placeholder cotangents u, one per output, and g = Jᵀ·u recorded, one per
    input, so that ∂⟨g, t⟩/∂u = J·t."""
    us = [zeros_like(o).requires_grad_(True) for o in outputs]
    return us, _grads(outputs, inputs, us, keep=True)


def _along(us, gs, tangents, outputs, keep: bool) -> list[Tensor]:
    """J·t for each output: ∂⟨g, t⟩/∂u."""
    terms = [(g * t).sum() for g, t in zip(gs, tangents, strict=True) if g.requires_grad]
    total = terms[0] if terms else None
    for term in terms[1:]:
        total = total + term
    return _derivative(total, us, outputs, keep)


def _derivative(total, us, outputs, keep: bool) -> list[Tensor]:
    """∂total/∂u for each placeholder u (zeros where total is None or does not use it)."""
    if total is None:
        return [zeros_like(o) for o in outputs]
    found = _autograd_grad(total, us, retain_graph=True, create_graph=keep, allow_unused=True)
    return [zeros_like(o) if f is None else f for f, o in zip(found, outputs, strict=True)]


def jvp(func: Callable, primals: Any, tangents: Any, *, strict: bool = False,
        has_aux: bool = False):
    """(func(*primals), J·tangents[, aux]): the derivative of func along `tangents`, which
    have the structure of `primals` (a tuple)."""
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{_JVP}: Expected primals to be a tuple. E.g. it should be valid "
                           "to call f(*primals).")
    primal_leaves, tangent_leaves = _leaves(primals), _leaves(tangents)
    if not isinstance(tangents, tuple) or len(tangents) != len(primals) or [
            tuple(t.shape) for t in primal_leaves] != [tuple(t.shape) for t in tangent_leaves]:
        raise RuntimeError(f"{_JVP}: Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, "
                           "tangents also must be.")
    if not primal_leaves:
        raise RuntimeError(f"{_JVP}: Expected primals to contain at least one Tensor.")
    if _nesting_level() == 0 and forward_ad.current_level() is None:
        return _jvp_by_dual_tensors(func, primals, tangents, strict, has_aux)
    out, aux, outputs, inputs, keep = _run(func, primals, tuple(range(len(primals))),
                                           has_aux, _JVP)
    us, gs = _linearized(outputs, inputs)
    if strict and not any(g.requires_grad for g in gs):
        raise RuntimeError(f"{_JVP[:-1]}, strict=True): The output of f is independent of the "
                           "inputs. This is not allowed with strict=True.")
    products = _along(us, gs, tangent_leaves, outputs, keep or keeps_graph(tangent_leaves))
    result = (_result(out, keep), _rebuild(out, products))
    return (*result, aux) if has_aux else result


def _nesting_level() -> int:
    from gradviz.engine import func_transforms

    return func_transforms._nesting


def _jvp_by_dual_tensors(func, primals, tangents, strict: bool, has_aux: bool):
    """`jvp` outside any transform, as PyTorch's: dual tensors in a level of its own
    (`engine.forward_ad`), so that which tangents need a gradient is PyTorch's too."""
    with forward_ad.dual_level():
        duals = [forward_ad.make_dual(p, t)
                 for p, t in zip(_leaves(primals), _leaves(tangents), strict=True)]
        out, aux = _split_aux(func(*_rebuild(primals, duals)), has_aux, _JVP)
        pairs = [forward_ad.unpack_dual(o) for o in _outputs(out, _JVP)]
    if strict and any(t is None for _, t in pairs):
        raise RuntimeError(f"{_JVP[:-1]}, strict=True): The output of f is independent of the "
                           "inputs. This is not allowed with strict=True.")
    result = (_rebuild(out, [p for p, _ in pairs]),
              _rebuild(out, [zeros_like(p) if t is None else t for p, t in pairs]))
    return (*result, aux) if has_aux else result


def jacfwd(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False, *,
           randomness: str = "error") -> Callable:
    """The Jacobian of func with respect to args[argnums] by forward mode, one column per
    input element (shapes as `jacrev`'s).  `randomness` is checked as `vmap`'s; func runs
    once, so every column sees the same random draws."""
    if randomness not in ("error", "different", "same"):
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")

    def wrapper(*args):
        nums = _argnums(argnums, len(args))
        out, aux, outputs, inputs, keep = _run(func, args, nums, has_aux, _JVP)
        us, gs = _linearized(outputs, inputs)
        blocks = [[None] * len(inputs) for _ in outputs]
        for k, t in enumerate(inputs):
            columns = [[] for _ in outputs]
            flat = gs[k].reshape(-1) if gs[k].requires_grad else None
            for j in range(t.numel()):  # ⟨g, e_j⟩ = g_j
                found = _derivative(None if flat is None else flat[j], us, outputs, keep)
                for i, c in enumerate(found):
                    columns[i].append(c)
            for i, o in enumerate(outputs):
                blocks[i][k] = stack(columns[i], o.dim()).reshape(*o.shape, *t.shape)
        jac = _tree_of_blocks(out, _argtree(args, argnums, nums), blocks)
        return (jac, aux) if has_aux else jac

    return wrapper


def hessian(func: Callable, argnums: int | tuple[int, ...] = 0) -> Callable:
    """The Hessian of scalar func with respect to args[argnums]: ``jacfwd(jacrev(func))``,
    forward-over-reverse as PyTorch computes it."""
    return jacfwd(jacrev(func, argnums), argnums)
