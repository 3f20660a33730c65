"""``torch.func``'s function transforms, as plain loops over gradviz's autograd: `grad` (the
gradient of a function with respect to one argument, a tensor or a dict/tuple/list of them),
`vmap` (a function mapped over a batch dimension) and `functional_call` (a module run with
other parameters and buffers).

    per_sample = vmap(grad(loss_of), in_dims=(None, 0, 0))(params, data, targets)

`vmap` calls the function once per batch item and stacks the results: the numbers PyTorch's
batched rules give, without their speed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gradviz.engine.autograd import enable_grad
from gradviz.engine.autograd import grad as _autograd_grad
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import stack

__all__ = ["functional_call", "grad", "grad_and_value", "vmap"]


def _leaves(tree: Any) -> list[Tensor]:
    """The tensors of a tensor, dict, tuple or list, in order."""
    if isinstance(tree, Tensor):
        return [tree]
    if isinstance(tree, dict):
        return [t for value in tree.values() for t in _leaves(value)]
    if isinstance(tree, tuple | list):
        return [t for value in tree for t in _leaves(value)]
    return []


def _rebuild(tree: Any, leaves: list) -> Any:
    """`tree` with its tensors replaced, in order, by those popped from `leaves`."""
    if isinstance(tree, Tensor):
        return leaves.pop(0)
    if isinstance(tree, dict):
        return {key: _rebuild(value, leaves) for key, value in tree.items()}
    if isinstance(tree, tuple | list):
        return type(tree)(_rebuild(value, leaves) for value in tree)
    return tree


def grad_and_value(func: Callable, argnums: int | tuple[int, ...] = 0,
                   has_aux: bool = False) -> Callable:
    """A function returning (∂func/∂args[argnums], func(*args)), each gradient shaped as its
    argument; with ``has_aux`` func returns (value, aux) and the value is (value, aux)."""

    def wrapper(*args, **kwargs):
        nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
        args = list(args)
        for n in nums:  # fresh leaves: the gradient is with respect to these values only
            args[n] = _rebuild(args[n], [t.detach().requires_grad_(True)
                                         for t in _leaves(args[n])])
        with enable_grad():
            out = func(*args, **kwargs)
        value = out[0] if has_aux else out
        inputs = [t for n in nums for t in _leaves(args[n])]
        grads = list(_autograd_grad(value, inputs, allow_unused=True, materialize_grads=True))
        shaped = [_rebuild(args[n], grads) for n in nums]
        gradient = shaped[0] if isinstance(argnums, int) else tuple(shaped)
        if has_aux:
            return gradient, (value.detach(), out[1])
        return gradient, value.detach()

    return wrapper


def grad(func: Callable, argnums: int | tuple[int, ...] = 0, has_aux: bool = False) -> Callable:
    """A function returning ∂func/∂args[argnums] (and func's aux with ``has_aux``)."""
    both = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        gradient, value = both(*args, **kwargs)
        return (gradient, value[1]) if has_aux else gradient

    return wrapper


def _select(tree: Any, dim: int | None, index: int) -> Any:
    if dim is None:
        return tree
    return _rebuild(tree, [t[(slice(None),) * dim + (index,)] for t in _leaves(tree)])


def _stacked(results: list, dim: int) -> Any:
    first = results[0]
    if isinstance(first, Tensor):
        return stack(results, dim)
    if isinstance(first, dict):
        return {key: _stacked([r[key] for r in results], dim) for key in first}
    if isinstance(first, tuple | list):
        return type(first)(_stacked([r[i] for r in results], dim) for i in range(len(first)))
    return results


def vmap(func: Callable, in_dims: int | tuple | None = 0, out_dims: int = 0,
         randomness: str = "error", *, chunk_size: int | None = None) -> Callable:
    """func mapped over dim `in_dims` of its arguments (None: an argument not mapped),
    the results stacked along `out_dims`."""

    def wrapper(*args):
        dims = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args)
        if len(dims) != len(args):
            raise ValueError(f"vmap: in_dims has {len(dims)} entries for {len(args)} arguments")
        sizes = {t.shape[d] for a, d in zip(args, dims, strict=True) if d is not None
                 for t in _leaves(a)}
        if len(sizes) != 1:
            raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                             f"dimension, got sizes {sorted(sizes)} for the mapped dimension")
        results = [func(*(_select(a, d, i) for a, d in zip(args, dims, strict=True)))
                   for i in range(sizes.pop())]
        return _stacked(results, out_dims)

    return wrapper


def functional_call(module, parameter_and_buffer_dicts, args=(), kwargs=None, *,
                    tie_weights: bool = True, strict: bool = False) -> Any:
    """module(*args, **kwargs) run with the named tensors in place of its own parameters
    and buffers (``"fc1.weight"`` …); the module is left as it was."""
    dicts = parameter_and_buffer_dicts
    named = {k: v for d in (dicts if isinstance(dicts, tuple | list) else (dicts,))
             for k, v in d.items()}
    swapped = []
    for name, tensor in named.items():
        owner_path, _, attr = name.rpartition(".")
        owner = module
        for part in owner_path.split(".") if owner_path else ():
            owner = getattr(owner, part)
        table = owner._parameters if attr in owner._parameters else owner._buffers
        swapped.append((table, attr, table[attr]))
        table[attr] = tensor
    try:
        args = args if isinstance(args, tuple) else (args,)
        return module(*args, **(kwargs or {}))
    finally:
        for table, attr, original in reversed(swapped):
            table[attr] = original
