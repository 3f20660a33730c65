"""``torch.compile`` without a compiler: the same numbers, computed as before.

PyTorch traces a compiled model into fused kernels; gradviz has no compiler, so a compiled
function runs the function itself and a compiled module runs the module.  What a program can
see is kept as PyTorch shows it: ``torch.compile(model)`` returns an ``OptimizedModule`` that
holds the model as ``_orig_mod`` (it prints so, and its ``state_dict()`` keys start with
``_orig_mod.``, as the checkpoints of compiled models do), shares its parameters and reads and
writes its attributes through to it; a compiled function is a wrapper whose ``__wrapped__`` is
the function.  ``torch.compile`` with no model returns a decorator; ``disable=True`` returns
the model itself.
"""

from __future__ import annotations

import functools
from typing import Any

from gradviz.engine.nn_modules import Module

__all__ = ["OptimizedModule", "compile"]

MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")


class OptimizedModule(Module):
    """A compiled module: the module as ``_orig_mod``, called, trained and read through."""

    _own = frozenset({"_orig_mod", "dynamo_ctx", "forward", "_forward", "__dict__"})

    def __init__(self, mod: Module, options: dict | None = None) -> None:
        super().__init__()
        Module.__setattr__(self, "_orig_mod", mod)  # registered: it prints and saves so
        object.__setattr__(self, "dynamo_ctx", options or {})

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self._orig_mod(*args, **kwargs)

    @property
    def training(self) -> bool:  # type: ignore[override]
        return self._orig_mod.training

    @training.setter
    def training(self, value: bool) -> None:
        modules = self.__dict__.get("_modules")
        if modules is not None and "_orig_mod" in modules:  # Module.__init__'s default: not it
            modules["_orig_mod"].training = value

    def __len__(self) -> int:
        if hasattr(type(self._orig_mod), "__len__"):
            return len(self._orig_mod)
        raise TypeError(f"{type(self._orig_mod).__name__} does not support len()")

    def __getattr__(self, name: str) -> Any:
        modules = self.__dict__.get("_modules")
        if modules is None or "_orig_mod" not in modules:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        if name == "_orig_mod":
            return modules["_orig_mod"]
        return getattr(modules["_orig_mod"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(type(self), name) or name in self._own:
            return super().__setattr__(name, value)
        return setattr(self._orig_mod, name, value)

    def __delattr__(self, name: str) -> None:
        if hasattr(type(self), name) or name in self._own:
            return super().__delattr__(name)
        return delattr(self._orig_mod, name)

    def __dir__(self) -> list[str]:
        own = self._orig_mod.__dir__()
        return own + [name for name in super().__dir__() if name not in own]


def compile(model=None, *, fullgraph: bool = False, dynamic: bool | None = None,  # noqa: A001
            backend=None, mode: str | None = None, options: dict | None = None,
            name: str | None = None, disable: bool = False, recompile_limit: int | None = None,
            isolate_recompiles: bool = False, shapes_spec: Any = None):
    """``torch.compile``: PyTorch's arguments checked as PyTorch checks them, then the model
    (or function) wrapped to run as it is."""
    settings = dict(fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                    options=options, name=name, disable=disable)
    if model is None:
        def decorate(fn):
            if fn is None:
                raise RuntimeError("Model can't be None")
            return compile(fn, **settings)
        return decorate
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be "
                           "specified at the same time.")
    if mode is not None and mode not in MODES:
        raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(MODES)}")
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is provided.")
    if disable:
        return model
    if isinstance(model, Module):
        return OptimizedModule(model, settings)

    @functools.wraps(model)
    def compiled(*args, **kwargs):
        return model(*args, **kwargs)

    return compiled
