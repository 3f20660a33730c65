"""Tensor hooks and in-place detaching, PyTorch-shaped: ``t.register_hook(fn)`` and
``t.detach_()``.

A hook sees the whole gradient of its tensor during a backward pass, before the tensor's
``.grad`` or its parents get it, and may return a replacement.  Hooks are kept here by the
tensor's id (dropped when the tensor is collected), so a backward pass without any hook pays
one empty-dict test.
"""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor

# id(tensor) -> {handle id: hook}; empty whenever no live tensor has a hook.
HOOKED: dict[int, dict[int, object]] = {}
# The same for ``register_post_accumulate_grad_hook``: a leaf's hooks, run with the leaf once
# its ``.grad`` has this pass's gradient added.
POST_ACCUMULATE: dict[int, dict[int, object]] = {}
_ids = itertools.count()


class RemovableHandle:
    """What a tensor's ``register_hook`` and a module's ``register_*_hook`` return:
    ``remove()`` takes the hook out of every table it was put in (or leave a ``with``
    block); the handle's ``id`` is the hook's key there."""

    def __init__(self, *tables: dict, extra: dict | None = None) -> None:
        self.id = next(_ids)
        self._tables, self._extra = tables, extra

    def remove(self) -> None:
        for table in (*self._tables, self._extra):
            if table is not None:
                table.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


def _forget(key: int, table: dict = HOOKED) -> None:
    table.pop(key, None)


def post_accumulate(leaf: Tensor) -> None:
    """`leaf`'s post-accumulate-grad hooks, each given the leaf (its ``.grad`` up to date)."""
    for hook in list(POST_ACCUMULATE.get(id(leaf), {}).values()):
        hook(leaf)


def hooked(node: Tensor, g: object) -> object:
    """`g` (an array) after `node`'s hooks, each given the gradient so far as a tensor."""
    hooks = HOOKED.get(id(node))
    if not hooks:
        return g
    from gradviz.engine.tensor import Tensor

    for hook in list(hooks.values()):
        result = hook(Tensor._wrap(g))
        if result is not None:
            if not hasattr(result, "_data") or result._data.shape != g.shape:
                raise RuntimeError(
                    f"hook returned a gradient of shape "
                    f"{list(getattr(result, 'shape', ()))} for a tensor of shape {list(g.shape)}")
            g = result._data
    return g


class HookMethods:
    __slots__ = ()

    def register_hook(self, hook) -> RemovableHandle:
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require "
                               "gradient")
        key = id(self)
        if key not in HOOKED:
            HOOKED[key] = {}
            weakref.finalize(self, _forget, key)
        handle = RemovableHandle(HOOKED[key])
        HOOKED[key][handle.id] = hook
        return handle

    def register_post_accumulate_grad_hook(self, hook) -> RemovableHandle:
        """`hook(tensor)` after each backward pass has added to this leaf's ``.grad`` (an
        optimizer stepping inside backward)."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require "
                               "gradient")
        if self._op is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                               "tensors")
        key = id(self)
        if key not in POST_ACCUMULATE:
            POST_ACCUMULATE[key] = {}
            weakref.finalize(self, _forget, key, POST_ACCUMULATE)
        handle = RemovableHandle(POST_ACCUMULATE[key])
        POST_ACCUMULATE[key][handle.id] = hook
        return handle

    def detach_(self) -> Tensor:
        """This tensor, cut from the graph that made it: a leaf that needs no gradient."""
        self._op, self._parents, self._params = None, (), {}
        self._requires_grad = False
        return self
