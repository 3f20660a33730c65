"""``torch.finfo`` and ``torch.iinfo``: the limits of a floating-point or integer dtype.

``torch.finfo(torch.float32).eps`` is the gap between 1 and the next float; ``.max``, ``.min``,
``.tiny`` (``.smallest_normal``), ``.resolution`` and ``.bits`` as numpy's `finfo` knows them,
``.dtype`` the dtype's name.  ``torch.finfo()`` describes the default float.  The reprs print
as PyTorch's, six significant digits each.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine import dtypes as dt


def _dtype(value, who: str) -> dt.dtype:
    if not isinstance(value, dt.dtype):
        raise TypeError(f"{who}(): argument 'type' (position 1) must be torch.dtype, not "
                        f"{type(value).__name__}")
    return value


class finfo:  # noqa: N801 - PyTorch's name
    """The machine limits of a floating-point dtype (the default float when none is given)."""

    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, type: dt.dtype | None = None) -> None:  # noqa: A002 - PyTorch's name
        d = dt.get_default_dtype() if type is None else _dtype(type, "finfo")
        if not d.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo "
                            "to handle 'torch.finfo'")
        info = np.finfo(d.np)
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0 ** -int(info.precision)  # PyTorch's: a power of ten
        self.dtype = d.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(("finfo", self.dtype))

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
                f"tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:  # noqa: N801 - PyTorch's name
    """The limits of an integer dtype: ``bits``, ``min``, ``max`` and the ``dtype``'s name."""

    __slots__ = ("bits", "min", "max", "dtype")

    def __init__(self, type: dt.dtype) -> None:  # noqa: A002 - PyTorch's name
        d = _dtype(type, "iinfo")
        if d is dt.bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if d.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        info = np.iinfo(d.np)
        self.bits, self.min, self.max, self.dtype = int(info.bits), int(info.min), int(info.max), \
            d.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __hash__(self) -> int:
        return hash(("iinfo", self.dtype))

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
