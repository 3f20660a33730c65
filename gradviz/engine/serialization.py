"""``torch.save`` / ``torch.load``: tensors, dicts, lists, ``state_dict``s in a file of gradviz's
own that never runs code when read.

The format (version 1) is a zip archive holding:

* ``gradviz.json`` — ``{"format": "gradviz", "version": 1, "object": TREE}``, where TREE is
  the saved object written as JSON: numbers, strings, booleans and None as themselves;
  ``{"list": [...]}``, ``{"tuple": [...]}``, ``{"dict": [[key, value], ...]}`` and
  ``{"ordered_dict": [...]}`` (keys are TREEs too: an optimizer's state is keyed by ints);
  ``{"tensor": "arrays/3.npy", "requires_grad": false, "parameter": false}``,
  ``{"ndarray": "arrays/4.npy"}``, ``{"float": "nan"}`` (and ``"inf"``, ``"-inf"``),
  ``{"dtype": "float32"}``;
* ``arrays/N.npy`` — each array in NumPy's ``.npy`` format, read with ``allow_pickle=False``.

Anything else (a whole ``nn.Module``, a lambda) is refused when saving, with a message saying
what to save instead.  A file PyTorch wrote (a zip with ``data.pkl``) is read too, without
torch: its pickle is replayed by an unpickler that knows only the handful of names a tensor, a
parameter and an ordered dict are rebuilt from, so a hostile file is an error, never code run.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import pickle
import zipfile
from collections import OrderedDict

import numpy as np

from gradviz.engine import dtypes
from gradviz.engine.tensor import Tensor

MANIFEST = "gradviz.json"
VERSION = 1


class SerializationError(RuntimeError):
    """A file that cannot be saved or loaded; the message names the file and why."""


# ── saving ───────────────────────────────────────────────────────────────────────────────
class _Writer:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.count = 0

    def array(self, array: np.ndarray) -> str:
        name = f"arrays/{self.count}.npy"
        self.count += 1
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
        self.archive.writestr(name, buffer.getvalue())
        return name

    def tree(self, obj, where: str):
        from gradviz.engine.nn_modules import Module, Parameter

        if obj is None or isinstance(obj, bool | int | str):
            return obj
        if isinstance(obj, float):
            return obj if math.isfinite(obj) else {"float": repr(obj)}
        if isinstance(obj, Tensor):
            array = np.asarray(obj.detach().cpu().numpy())
            return {"tensor": self.array(array), "requires_grad": bool(obj.requires_grad),
                    "parameter": isinstance(obj, Parameter)}
        if isinstance(obj, np.ndarray):
            if obj.dtype.kind not in "biufc":
                raise TypeError(f"torch.save: {where} is a numpy array of {obj.dtype}, which "
                                "gradviz does not save (numbers only)")
            return {"ndarray": self.array(obj)}
        if isinstance(obj, np.generic):
            return self.tree(obj.item(), where)
        if isinstance(obj, dtypes.dtype):
            return {"dtype": obj.name}
        if isinstance(obj, dict):
            kind = "ordered_dict" if isinstance(obj, OrderedDict) else "dict"
            return {kind: [[self.tree(k, f"{where} key"), self.tree(v, f"{where}[{k!r}]")]
                           for k, v in obj.items()]}
        if isinstance(obj, list | tuple):
            kind = "tuple" if isinstance(obj, tuple) else "list"
            return {kind: [self.tree(v, f"{where}[{i}]") for i, v in enumerate(obj)]}
        if isinstance(obj, Module):
            raise TypeError(f"torch.save: {where} is a whole {type(obj).__name__} module, which "
                            "gradviz does not save (it would need pickle to load): save "
                            "model.state_dict() and load it with model.load_state_dict(...)")
        raise TypeError(f"torch.save: {where} is a {type(obj).__name__}; gradviz saves tensors, "
                        "numbers, strings, lists, tuples and dicts of them")


def save(obj, f, pickle_module=None, pickle_protocol: int = 2,
         _use_new_zipfile_serialization: bool = True) -> None:
    """Write `obj` to `f` (a path or a binary file object) in gradviz's format."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        writer = _Writer(archive)
        tree = writer.tree(obj, "the object")
        manifest = {"format": "gradviz", "version": VERSION, "object": tree}
        archive.writestr(MANIFEST, json.dumps(manifest))
    data = buffer.getvalue()
    if hasattr(f, "write"):
        f.write(data)
        return
    path = os.fspath(f)
    # Written beside the target and moved over it once complete: a full disk or a missing
    # folder leaves the file that was there as it was.
    partial = f"{path}.partial"
    try:
        with open(partial, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise SerializationError(f"torch.save: cannot write {path}: {error.strerror or error}") \
            from None


# ── loading ──────────────────────────────────────────────────────────────────────────────
def load(f, map_location=None, pickle_module=None, *, weights_only: bool | None = None,
         mmap=None, **_options):
    """Read what `save` (or PyTorch's ``torch.save``) wrote to `f` (a path or a file object)."""
    name = getattr(f, "name", None) if hasattr(f, "read") else os.fspath(f)
    name = str(name or "the file")
    if hasattr(f, "read"):
        data = f.read()
    else:
        try:
            with open(name, "rb") as source:
                data = source.read()
        except FileNotFoundError:
            raise FileNotFoundError(f"torch.load: {name}: no such file") from None
        except OSError as error:
            raise SerializationError(f"torch.load: cannot read {name}: "
                                     f"{error.strerror or error}") from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SerializationError(f"torch.load: {name} is not a file torch.save wrote (not a zip "
                                 "archive: truncated, corrupt or another format)") from None
    try:
        with archive:
            names = archive.namelist()
            if MANIFEST in names:
                return _Reader(archive, name).object()
            pickles = [n for n in names if n.endswith("/data.pkl") or n == "data.pkl"]
            if pickles:
                return _read_pytorch(archive, pickles[0], name)
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as error:
        raise SerializationError(f"torch.load: {name} is damaged ({error})") from None
    raise SerializationError(f"torch.load: {name} is a zip archive, but not one torch.save wrote "
                             f"(it has neither {MANIFEST} nor data.pkl)")


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive, self.name = archive, name

    def object(self):
        try:
            manifest = json.loads(self.archive.read(MANIFEST))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ValueError(f"its {MANIFEST} is not JSON: {error}") from None
        if not isinstance(manifest, dict) or manifest.get("format") != "gradviz":
            raise ValueError(f"its {MANIFEST} is not a gradviz manifest")
        if manifest.get("version") != VERSION:
            raise ValueError(f"it is format version {manifest.get('version')!r}; this gradviz "
                             f"reads version {VERSION}")
        return self.tree(manifest.get("object"))

    def array(self, member) -> np.ndarray:
        if not isinstance(member, str):
            raise ValueError(f"an array is named {member!r}, not a member name")
        with self.archive.open(member) as source:
            return np.lib.format.read_array(io.BytesIO(source.read()), allow_pickle=False)

    def tree(self, node):
        from gradviz.engine.nn_modules import Parameter

        if node is None or isinstance(node, bool | int | float | str):
            return node
        if isinstance(node, list) or not isinstance(node, dict) or len(node) not in (1, 3):
            raise ValueError(f"an entry of its manifest is not understood: {str(node)[:60]}")
        if "tensor" in node:
            t = Tensor._wrap(self.array(node["tensor"]))
            if node.get("parameter"):
                return Parameter(t, requires_grad=bool(node.get("requires_grad", True)))
            return t.requires_grad_(True) if node.get("requires_grad") else t
        (kind, value), = node.items()
        if kind == "ndarray":
            return self.array(value)
        if kind == "float":
            return float({"nan": "nan", "inf": "inf", "-inf": "-inf"}[value])
        if kind == "dtype":
            return dtypes.to_dtype(value)
        if kind in ("list", "tuple") and isinstance(value, list):
            items = [self.tree(v) for v in value]
            return items if kind == "list" else tuple(items)
        if kind in ("dict", "ordered_dict") and isinstance(value, list):
            pairs = [(self.tree(k), self.tree(v)) for k, v in value]
            return OrderedDict(pairs) if kind == "ordered_dict" else dict(pairs)
        raise ValueError(f"an entry of its manifest is not understood: {kind!r}")


# PyTorch's storage classes, by the dtype of the numbers they hold.
_STORAGES = {"DoubleStorage": np.float64, "FloatStorage": np.float32, "HalfStorage": np.float16,
             "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
             "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_}


def _rebuild_tensor(storage, offset, size, stride, requires_grad=False, *_hooks):
    itemsize = storage.dtype.itemsize
    array = np.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                            strides=tuple(s * itemsize for s in stride))
    t = Tensor._wrap(np.array(array))
    return t.requires_grad_(True) if requires_grad else t


def _rebuild_parameter(data, requires_grad, *_hooks):
    from gradviz.engine.nn_modules import Parameter

    return Parameter(data, requires_grad=requires_grad)


class _TorchUnpickler(pickle.Unpickler):
    """Rebuilds tensors and ordered dicts, and nothing else: any other name is refused."""

    _ALLOWED = {("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
                ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
                ("collections", "OrderedDict"): OrderedDict}

    def __init__(self, source, archive, prefix, name) -> None:
        super().__init__(source)
        self.archive, self.prefix, self.name = archive, prefix, name

    def find_class(self, module: str, name: str):
        if (module, name) in self._ALLOWED:
            return self._ALLOWED[(module, name)]
        if module == "torch" and name in _STORAGES:
            return _STORAGES[name]
        raise SerializationError(f"torch.load: {self.name} asks to run {module}.{name}, which "
                                 "gradviz does not load (only tensors, numbers, lists and "
                                 "dicts): nothing of it was run")

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) >= 3 and pid[0] == "storage"):
            raise ValueError(f"an unknown reference {str(pid)[:40]}")
        storage_type, key = pid[1], pid[2]
        if not isinstance(storage_type, type) or not issubclass(storage_type, np.generic):
            raise ValueError("a storage of an unknown type")
        raw = self.archive.read(f"{self.prefix}data/{key}")
        return np.frombuffer(raw, dtype=np.dtype(storage_type).newbyteorder("<"))


def _read_pytorch(archive: zipfile.ZipFile, member: str, name: str):
    prefix = member[: -len("data.pkl")]
    try:
        return _TorchUnpickler(io.BytesIO(archive.read(member)), archive, prefix, name).load()
    except pickle.UnpicklingError as error:
        raise ValueError(f"its data.pkl is not readable: {error}") from None
