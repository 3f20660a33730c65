"""The keyword spellings PyTorch accepts besides its own: numpy's ``axis=`` and ``keepdims=``,
``input=`` and ``other=`` for the first two arguments, and ``out=`` to write the result into a
tensor given.  `torch_keywords` wraps a function or method so it takes them all.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable

_NUMPY = {"axis": "dim", "keepdims": "keepdim"}


def torch_keywords(fn: Callable) -> Callable:
    """`fn` taking ``axis=``/``keepdims=`` for ``dim=``/``keepdim=``, ``input=``/``other=`` for
    its first two arguments (where it names them otherwise), ``out=``, and a loss's old
    ``size_average=``/``reduce=`` for ``reduction=``."""
    if getattr(fn, "takes_torch_keywords", False):  # wrapped already
        return fn
    names = set(inspect.signature(fn).parameters)
    positional = [n for n in ("input", "other") if n not in names]
    takes_out = "out" in names
    # A function naming size_average itself (F.kl_div, as PyTorch's) reads the flags itself.
    takes_reduction = "reduction" in names and "size_average" not in names

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not kwargs:  # the common call: no work
            return fn(*args)
        for alias, name in _NUMPY.items():
            if alias in kwargs and alias not in names:
                kwargs[name] = kwargs.pop(alias)
        for place, name in enumerate(positional):
            if name in kwargs:
                args = (*args[:place], kwargs.pop(name), *args[place:])
        if takes_reduction and ("size_average" in kwargs or "reduce" in kwargs):
            kwargs["reduction"] = legacy_reduction(kwargs.pop("size_average", None),
                                                   kwargs.pop("reduce", None))
        out = None if takes_out else kwargs.pop("out", None)
        result = fn(*args, **kwargs)
        return result if out is None else write_into(out, result)

    wrapper.takes_torch_keywords = True
    return wrapper


def legacy_reduction(size_average: bool | None, reduce: bool | None) -> str:
    """A loss's ``reduction`` from the old ``size_average=``/``reduce=`` flags, with
    PyTorch's warning: both default to True; ``reduce=False`` wins."""
    warnings.warn("size_average and reduce args will be deprecated, please use "
                  "reduction='{}' instead.".format(
                      "none" if reduce is False else "mean" if size_average is not False
                      else "sum"), UserWarning, stacklevel=3)
    if reduce is False:
        return "none"
    return "sum" if size_average is False else "mean"


def write_into(out, result):
    """``out=``: the result's numbers in `out` (resized to them and kept in out's dtype, as
    PyTorch), which is returned; a tuple result goes into a tuple of tensors."""
    if isinstance(result, tuple):  # torch.linalg.qr(A, out=(Q, R)): each field into its own
        for target, field in zip(out, result, strict=True):
            write_into(target, field)
        return out
    if getattr(result, "requires_grad", False):
        raise RuntimeError("functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    data = result._data
    if data.shape == out._data.shape:
        out._data[...] = data  # where out's numbers are, so views of out see them
    else:
        out._data = data.astype(out._data.dtype)
    out._bump()
    return out


def take_torch_keywords(names: dict) -> None:
    """Every public function in the namespace `names` (a module's globals) wrapped."""
    for name, fn in list(names.items()):
        if inspect.isfunction(fn) and not name.startswith("_"):
            names[name] = torch_keywords(fn)
