"""``torch.func``'s function transforms, as plain loops over gradviz's autograd: `grad` (the
gradient of a function with respect to one argument, a tensor or a dict/tuple/list of them),
`vmap` (a function mapped over a batch dimension) and `functional_call` (a module run with
other parameters and buffers).

    per_sample = vmap(grad(loss_of), in_dims=(None, 0, 0))(params, data, targets)

`vmap` calls the function once per batch item and stacks the results: the numbers PyTorch's
batched rules give, without their speed.

The transforms compose (``jacfwd(jacrev(f))``, ``jvp(grad(f), …)``, ``vmap(hessian(f))``) as
PyTorch's levels do, through the recorded graph: inside another transform (or given inputs
that need a gradient) a transform differentiates with ``create_graph=True``
(`engine.higher_order`), on its own copy of each input (a recorded ``clone``, so that an
inner derivative is taken with respect to the inner input only).  At the top level with plain
inputs it runs the array pass, which every op has.  `engine.func_jacobians` holds `vjp`,
`jvp`, `jacrev`, `jacfwd` and `hessian`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from gradviz.engine.autograd import apply, enable_grad
from gradviz.engine.autograd import grad as _autograd_grad
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import stack

__all__ = ["functional_call", "grad", "grad_and_value", "stack_module_state", "vmap"]

_nesting = 0  # how many transforms are running their function now


@contextlib.contextmanager
def nested():
    """While a transform runs its function: the transforms inside keep their graphs."""
    global _nesting
    _nesting += 1
    try:
        yield
    finally:
        _nesting -= 1


def keeps_graph(leaves: list[Tensor]) -> bool:
    """Whether a transform's results must stay differentiable: inside another transform, or
    given inputs that need a gradient (as PyTorch's transforms compose with autograd)."""
    return _nesting > 0 or any(t.requires_grad for t in leaves)


def differentiable(leaves: list[Tensor]) -> list[Tensor]:
    """A transform's own inputs: a recorded clone of one that needs a gradient already (the
    derivative is then the inner one only), else a fresh leaf."""
    return [apply("clone", t) if t.requires_grad else t.detach().requires_grad_(True)
            for t in leaves]


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
        keep = keeps_graph([t for n in nums for t in _leaves(args[n])])
        for n in nums:  # the gradient is with respect to these values only
            args[n] = _rebuild(args[n], differentiable(_leaves(args[n])))
        with enable_grad(), nested():
            out = func(*args, **kwargs)
        value = out[0] if has_aux else out
        inputs = [t for n in nums for t in _leaves(args[n])]
        grads = list(_autograd_grad(value, inputs, allow_unused=True, materialize_grads=True,
                                    create_graph=keep))
        shaped = [_rebuild(args[n], grads) for n in nums]
        gradient = shaped[0] if isinstance(argnums, int) else tuple(shaped)
        value = value if keep else value.detach()
        if has_aux:
            return gradient, (value, out[1])
        return gradient, value

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


def stack_module_state(models) -> tuple[dict, dict]:
    """``torch.func.stack_module_state``: the parameters and the buffers of same-class modules
    stacked along a new first dimension, name by name (stacked parameters are new leaves)."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({m.training for m in models}) != 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same "
                           "training/eval mode.")
    if any(type(m) is not type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    return (_stacked_leaves([dict(m.named_parameters()) for m in models]),
            _stacked_leaves([dict(m.named_buffers()) for m in models]))


def _stacked_leaves(named: list[dict]) -> dict:
    result = {}
    for name in named[0]:
        tensors = [n[name] for n in named]
        flags = {t.requires_grad for t in tensors}
        if len(flags) != 1:
            raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
        stacked = stack([t.detach() for t in tensors])
        result[name] = stacked.requires_grad_(True) if flags.pop() else stacked
    return result
