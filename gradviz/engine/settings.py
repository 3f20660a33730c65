"""PyTorch's global switches that programs set at the top: the default device, deterministic
algorithms, float32 matmul precision.

The default device is real: every factory function (``zeros``, ``randn``, ``tensor``, a new
layer's parameters) without ``device=`` puts its tensor there, as PyTorch does, so
``set_default_device("cuda")`` takes gradviz's cupy path (and needs cupy and a GPU at the
first tensor, as PyTorch needs CUDA).  The other two are kept and read back: gradviz's numpy
kernels are deterministic, and compute float32 matmuls at full precision, whatever is set.
"""

from __future__ import annotations

import builtins
import warnings

from gradviz.engine import backend

__all__ = ["are_deterministic_algorithms_enabled", "get_default_device",
           "get_float32_matmul_precision", "is_deterministic_algorithms_warn_only_enabled",
           "set_default_device", "set_float32_matmul_precision", "use_deterministic_algorithms"]

_DEVICE_TYPES = ("cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, "
                 "lazy, vulkan, mps, meta, hpu, mtia, privateuseone")


def set_default_device(device) -> None:
    """Where factory functions put a tensor when they are given no ``device=``; None: the
    CPU again."""
    if device is None:
        backend.DEFAULT_DEVICE = backend.CPU
        return
    name = str(getattr(device, "type", device))
    try:
        backend.DEFAULT_DEVICE = backend.normalize_device(name)
    except backend.DeviceError:
        raise RuntimeError(f"Expected one of {_DEVICE_TYPES} device type at start of device "
                           f"string: {name}") from None


def get_default_device() -> str:
    """The device `set_default_device` chose ('cpu' unless set)."""
    return backend.DEFAULT_DEVICE


_deterministic = {"mode": False, "warn_only": False}


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """PyTorch's switch to deterministic kernels (or an error where there is none); gradviz's
    are all deterministic, so it is kept and read back."""
    for name, value in (("mode' (position 1)", mode), ("warn_only'", warn_only)):
        if not isinstance(value, builtins.bool):
            raise TypeError(f"_set_deterministic_algorithms(): argument '{name} must be bool, "
                            f"not {type(value).__name__}")
    _deterministic["mode"], _deterministic["warn_only"] = mode, warn_only


def are_deterministic_algorithms_enabled() -> bool:
    return _deterministic["mode"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    return _deterministic["warn_only"]


_precision = ["highest"]


def set_float32_matmul_precision(precision: str) -> None:
    """'highest', 'high' (TF32 on a GPU that has it) or 'medium' (bfloat16); read back by
    `get_float32_matmul_precision`, while gradviz's matmuls stay at full float32."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.", UserWarning,
                      stacklevel=2)
        return
    _precision[0] = precision


def get_float32_matmul_precision() -> str:
    return _precision[0]
