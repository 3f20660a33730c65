"""Is a computed result still what its inputs say?  `check_current(root)` before drawing it.

A student's script often draws the loss after ``optimizer.step()`` (or ``w -= lr * w.grad``):
the weights then hold their new values while every result still holds the old ones, and a
drawing would show ``a = 0.5`` feeding ``×3`` into ``b = 6.0``.  PyTorch would refuse a
backward pass through such a graph; gradviz refuses to draw it, naming what changed.

Each op is run again on what its inputs hold now and compared with the result it recorded
(numbers within rounding of the same computation count as equal).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from gradviz.engine.autograd import topological_order
from gradviz.engine.backend import array_module, to_numpy
from gradviz.engine.recorded import array_of, host_array_of, made_by
from gradviz.engine.tensor import Tensor
from gradviz.engine.value import Value


class StaleGraphError(ValueError):
    """The inputs of a recorded graph changed after its forward pass."""


def check_current(root: Tensor | Value, names: Mapping[int, str] | None = None) -> None:
    """Raise `StaleGraphError` if a leaf of `root`'s graph changed after the forward pass."""
    names = names or {}
    changed = _changed_tensors(root) if isinstance(root, Tensor) else _changed_values(root)
    if not changed:
        return
    # An op that no longer matches says that one of its leaves changed, not which.  What an
    # optimizer or `w -= lr * w.grad` changes is a parameter, so parameters are named first;
    # else named inputs; never the constants an op made from a plain number.
    params = [leaf for leaf in changed if getattr(leaf, "requires_grad", True)]
    named = [leaf for leaf in changed if id(leaf) in names or getattr(leaf, "name", None)
             or getattr(leaf, "label", "")]
    changed = params or named or changed
    listed = ", ".join(dict.fromkeys(_name(leaf, names) for leaf in changed))
    result = _name(root, names, "the result")
    raise StaleGraphError(
        f"{listed} changed after the forward pass that computed {result} (an optimizer step "
        f"or an in-place update such as `w -= lr * w.grad`), so a drawing of {result}'s graph "
        "would show numbers that do not add up. Draw it before optimizer.step(), or compute "
        f"{result} again and draw that."
    )


def _name(node, names: Mapping[int, str], unnamed: str = "an input") -> str:
    name = names.get(id(node)) or getattr(node, "name", None) or getattr(node, "label", "")
    if name:
        return name
    shape = getattr(node, "shape", None)
    return f"{unnamed} of shape {tuple(shape)}" if shape else unnamed


def _changed_tensors(root: Tensor) -> list[Tensor]:
    """Every op run again on what its inputs hold now.  Views (``W.T``, ``reshape``) share
    their leaf's memory, so a change to a leaf shows at the first op past its views; the
    leaves blamed for a mismatch are the op's own leaf inputs and the leaves whose memory
    its inputs share."""
    order = topological_order(root, constants=True)
    leaves = [t for t in order if made_by(t) is None]
    changed = []
    for node in order:
        made = made_by(node)
        if made is None:
            continue
        arrays = [array_of(p) for p in made.inputs]
        with np.errstate(all="ignore"):
            again = made.op.forward(array_module(arrays[0]), *arrays, **made.params)
        if made.op.saves:
            again = again[0]
        old, new = host_array_of(node), to_numpy(again)
        if old.shape == new.shape and np.allclose(new.astype(old.dtype), old, rtol=1e-6,
                                                  atol=1e-12, equal_nan=True):
            continue
        changed.extend(leaf for leaf in leaves if any(
            leaf is p or _shares(array_of(leaf), array_of(p)) for p in made.inputs))
    return changed


def _shares(a, b) -> bool:
    try:
        return bool(np.shares_memory(a, b))
    except TypeError:  # cupy arrays: numpy cannot tell
        return False


def _changed_values(root: Value) -> list[Value]:
    """Scalar graphs: each op that reads a leaf, run again by its registry row."""
    changed = []
    for v in root.topological_order():
        made = made_by(v)
        # A Value keeps no parameters (a leaky ReLU's slope): such ops cannot be run again.
        if made is None or made.op is None or made.op.params:
            continue
        leaves = [p for p in made.inputs if made_by(p) is None]
        if not leaves:
            continue
        with np.errstate(all="ignore"):
            again = made.op.forward(np, *(np.float64(p.data) for p in made.inputs))
        if not np.isclose(again, v.data, rtol=1e-6, atol=1e-12, equal_nan=True):
            changed.extend(leaves)
    return changed
