"""How a result was made, for the layers that draw graphs: a small public API over the engine.

The graph layer records, expands and checks computations without reading the engine's private
fields: `made_by(x)` says which op made a `Tensor` or a `Value`, from which inputs, with which
parameters (and, for a `Value`, which local derivatives); `array_of(t)` is a tensor's array
as it is stored (numpy or cupy, not a copy), `host_array_of(t)` the same on the host.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gradviz.engine.backend import to_numpy
from gradviz.engine.ops import REGISTRY, Op
from gradviz.engine.value import Value

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


@dataclass(frozen=True)
class MadeBy:
    """One recorded op: its registry row, its inputs in argument order (``a * a`` lists a
    twice) and its keyword parameters.  A `Value` also keeps each input's local derivative,
    computed in the forward pass."""

    name: str
    op: Op | None  # None for a Value op that is no registry row (micrograd's own `_op`)
    inputs: tuple
    params: dict
    local: tuple[float, ...] | None = None


def made_by(x: Tensor | Value) -> MadeBy | None:
    """The op that made `x`; None for a leaf (or a tensor made with gradients off)."""
    if isinstance(x, Value):
        if not x._prev:
            return None
        return MadeBy(x._op, REGISTRY.get(x._op), x._prev, {}, x._local)
    if x._op is None:
        return None
    return MadeBy(x._op.name, x._op, x._parents, x._params)


def array_of(t: Tensor):
    """The tensor's array as stored: numpy or cupy, shared, never to be written."""
    return t._data


def host_array_of(t: Tensor) -> np.ndarray:
    """The tensor's array on the host (a copy only when it lives on a GPU)."""
    return to_numpy(t._data)
