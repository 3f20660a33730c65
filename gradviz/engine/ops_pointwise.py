"""The registry row of ``c.addcmul(a, b, value=v)``: c + v·a·b, one node, as PyTorch's
``AddcmulBackward0``.

A row rather than a composite because PyTorch's CPU kernel fuses the last multiply and the add
(``fmadd(v·a, b, c)``, rounded once): in float32 that is the float32 product v·a times b plus
c in float64, rounded once to float32 (a float32 product is exact in float64), which gives
PyTorch's bits where ``c + (v·a)·b`` differs in about 1 element of 500, and an optimizer's
second moment drifts from there.  In float64 it is the plain formula (numpy has no fma).
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import scalar_forms as sf
from gradviz.engine.ops import defop


def _addcmul(xp, c, a, b, value=1):
    scaled = a if value == 1 else xp.asarray(value, dtype=a.dtype) * a
    if c.dtype == a.dtype == b.dtype == np.float32:
        wide = c.astype(np.float64) + scaled.astype(np.float64) * b.astype(np.float64)
        return wide.astype(np.float32)
    return c + scaled * b


def _scalar(c, a, b, value=1):
    """The scalar view: c + (v·a)·b as `Value`s (numpy broadcasts the object arrays)."""
    scaled = a if value == 1 else np.multiply(a, float(value))
    return np.asarray(np.add(c, np.multiply(scaled, b)), dtype=object)


defop("addcmul", "addcmul", _addcmul,
      lambda xp, g, out, c, a, b, value=1: g,
      lambda xp, g, out, c, a, b, value=1: g * b * value,
      lambda xp, g, out, c, a, b, value=1: g * a * value,
      formula="addcmul(c, a, b) = c + v·a·b", derivatives=("∂/∂c = 1", "∂/∂a = v·b",
                                                           "∂/∂b = v·a"),
      broadcasts=True, scalar=_scalar, nodes=sf.per_result(6), value=1)
