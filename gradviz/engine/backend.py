"""The one place that chooses numpy or cupy for the engine's arrays.

numpy is the default and always works.  cupy is imported lazily, the first time a tensor is
put on ``"cuda"``; without cupy, or without a GPU it can use, that raises a clear error.

``"meta"`` is PyTorch's device of tensors without data, in a reduced form: a `MetaArray`
keeps a shape and a dtype, enough for a module moved there to serve as a stateless skeleton
(``functional_call(base_model.to('meta'), params, x)``, as the model-ensembling tutorial does);
computing with one raises NotImplementedError, where PyTorch would compute shapes only.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

CPU = "cpu"
CUDA = "cuda"
META = "meta"

_cupy: ModuleType | None = None

# Where a tensor made without ``device=`` goes: ``set_default_device`` (`engine.settings`).
DEFAULT_DEVICE = CPU


class DeviceError(RuntimeError):
    """A device was asked for that this machine cannot provide."""


def normalize_device(device: object | None) -> str:
    """Accept "cpu", "cuda", "cuda:0", "meta" and device objects; return "cpu", "cuda" or
    "meta" (None: the default device, "cpu" unless ``set_default_device`` says otherwise)."""
    if device is None:
        return DEFAULT_DEVICE
    name = str(getattr(device, "type", device)).lower()
    if name == CPU:
        return CPU
    if name == CUDA or name.startswith("cuda:"):
        return CUDA
    if name == META:
        return META
    raise DeviceError(f"unknown device {device!r}: expected 'cpu', 'cuda' or 'meta'")


class MetaArray:
    """The "array" of a meta tensor: a shape and a dtype, no data (see the module's note)."""

    __slots__ = ("shape", "dtype")

    def __init__(self, shape: tuple, dtype) -> None:
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)))
    itemsize = property(lambda self: self.dtype.itemsize)

    @property
    def strides(self) -> tuple:  # contiguous, in bytes, as numpy's
        steps, step = [], self.dtype.itemsize
        for n in reversed(self.shape):
            steps.append(step)
            step *= max(n, 1)
        return tuple(reversed(steps))

    def astype(self, dtype, copy: bool = True) -> MetaArray:
        return MetaArray(self.shape, dtype)

    def __getattr__(self, name: str):
        raise NotImplementedError(f"gradviz: a 'meta' tensor has no data ({name} asked for): "
                                  "meta tensors only keep a shape and a dtype, for modules used "
                                  "as skeletons by torch.func.functional_call")


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
    if device == META:
        raise _no_meta_data()
    return np if device == CPU else cupy_module()


def _no_meta_data() -> NotImplementedError:
    return NotImplementedError("gradviz: operations on 'meta' tensors are not supported: they "
                               "only keep a shape and a dtype (PyTorch would compute shapes)")


# A tuple, not ``np.ndarray | np.generic``: isinstance checks a tuple faster, and
# `array_module` runs for every op.
_NUMPY_TYPES = (np.ndarray, np.generic)


def device_of(array: object) -> str:
    if isinstance(array, _NUMPY_TYPES):
        return CPU
    return META if isinstance(array, MetaArray) else CUDA


def array_module(array: object) -> ModuleType:
    if isinstance(array, _NUMPY_TYPES):
        return np
    if isinstance(array, MetaArray):
        raise _no_meta_data()
    return cupy_module()


def to_device(array: object, device: str) -> object:
    """Move an array to a device, copying only when it changes place (to "meta": its shape
    and dtype only; from "meta" there is no data to bring back)."""
    here = device_of(array)
    if here == device:
        return array
    if device == META:
        return MetaArray(array.shape, array.dtype)
    if here == META:
        raise NotImplementedError("Cannot copy out of meta tensor; no data!")
    if device == CPU:
        return array.get()  # cupy → numpy
    return cupy_module().asarray(array)


def to_numpy(array: object) -> np.ndarray:
    if isinstance(array, MetaArray):
        raise _no_meta_data()
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
