"""The one place that chooses numpy or cupy for the engine's arrays.

numpy is the default and always works.  cupy is imported lazily, the first time a tensor is
put on ``"cuda"``; without cupy, or without a GPU it can use, that raises a clear error.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

CPU = "cpu"
CUDA = "cuda"

_cupy: ModuleType | None = None


class DeviceError(RuntimeError):
    """A device was asked for that this machine cannot provide."""


def normalize_device(device: object | None) -> str:
    """Accept "cpu", "cuda", "cuda:0" and device objects; return "cpu" or "cuda"."""
    if device is None:
        return CPU
    name = str(getattr(device, "type", device)).lower()
    if name == CPU:
        return CPU
    if name == CUDA or name.startswith("cuda:"):
        return CUDA
    raise DeviceError(f"unknown device {device!r}: expected 'cpu' or 'cuda'")


def cupy_module() -> ModuleType:
    """Import cupy on first use and check that a GPU answers."""
    global _cupy
    if _cupy is not None:
        return _cupy
    try:
        import cupy
    except ImportError as exc:
        raise DeviceError(
            "device='cuda' needs cupy, which is not installed: install the cupy wheel that "
            "matches your CUDA (e.g. `pip install cupy-cuda12x`), or use device='cpu'"
        ) from exc
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # cupy raises its own CUDA error types
        raise DeviceError(f"device='cuda': cupy is installed but no GPU is usable ({exc})") from exc
    if count < 1:
        raise DeviceError("device='cuda': cupy is installed but this machine has no GPU")
    _cupy = cupy
    return cupy


def is_cuda_available() -> bool:
    try:
        cupy_module()
    except DeviceError:
        return False
    return True


def xp_for(device: str) -> ModuleType:
    """The array module for a device name ("cpu" or "cuda")."""
    return np if device == CPU else cupy_module()


# A tuple, not ``np.ndarray | np.generic``: isinstance checks a tuple faster, and
# `array_module` runs for every op.
_NUMPY_TYPES = (np.ndarray, np.generic)


def device_of(array: object) -> str:
    return CPU if isinstance(array, _NUMPY_TYPES) else CUDA


def array_module(array: object) -> ModuleType:
    return np if isinstance(array, _NUMPY_TYPES) else cupy_module()


def to_device(array: object, device: str) -> object:
    """Move an array to a device, copying only when it changes place."""
    if device_of(array) == device:
        return array
    if device == CPU:
        return array.get()  # cupy → numpy
    return cupy_module().asarray(array)


def to_numpy(array: object) -> np.ndarray:
    return np.asarray(array) if device_of(array) == CPU else array.get()


def add_at(xp: ModuleType, target, where, values):
    """``target[where] += values`` with repeated indices adding up (numpy's and cupy's
    ``add.at``; older cupy has only ``cupyx.scatter_add``); returns `target`."""
    if hasattr(xp, "add") and hasattr(xp.add, "at"):
        xp.add.at(target, where, values)
    else:  # pragma: no cover - older cupy
        import cupyx

        cupyx.scatter_add(target, where, values)
    return target
