"""`Module` and `Parameter`, the base of every `gradviz.nn` layer, shaped like `torch.nn`'s.

A `Module` registers each `Parameter`, buffer and submodule assigned to it, in assignment
order, so ``parameters()``, ``state_dict()`` and ``repr()`` list them as PyTorch does.
``load_state_dict`` also takes a torch model's ``state_dict()``, to copy its weights.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np

from gradviz.engine import creation
from gradviz.engine import dtypes as dt
from gradviz.engine.backend import array_module, normalize_device, to_device
from gradviz.engine.nn_hooks import RemovableHandle, add_hook, call_with_hooks
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_requires_grad import FACTORY_REFUSAL

_HOOK_TABLES = ("_forward_pre_hooks", "_forward_pre_hooks_with_kwargs", "_forward_hooks",
                "_forward_hooks_with_kwargs", "_backward_hooks", "_backward_pre_hooks")


class Parameter(Tensor):
    """A leaf tensor that a `Module` registers as trainable (``requires_grad=True``)."""

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        if data is None:
            data = creation.empty(0)
        array = data._data if isinstance(data, Tensor) else np.asarray(data)
        if requires_grad and array.dtype.kind != "f":
            raise RuntimeError(FACTORY_REFUSAL)
        self._setup(array, requires_grad, None)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


class UninitializedParameter(Parameter):
    """A lazy layer's parameter before its first call gives it a shape; a `Parameter` after."""

    def __repr__(self) -> str:
        return "<UninitializedParameter>"

    def materialize(self, array) -> None:
        """Take `array` as its numbers and become a plain `Parameter` (the same object)."""
        self._data = array
        self.__class__ = Parameter


class IncompatibleKeys(NamedTuple):
    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
                f"unexpected_keys={self.unexpected_keys})")


def _to_array(value: object) -> object:
    """A gradviz tensor's array, or a numpy copy of a torch tensor / array-like."""
    if isinstance(value, Tensor):
        return value._data
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch.Tensor
        return value.detach().cpu().numpy()
    return np.asarray(value)


class Module:
    """Base class of every layer and model: subclass it, assign layers, write `forward`."""

    training: bool

    def __init__(self) -> None:
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        for table in _HOOK_TABLES:
            object.__setattr__(self, table, OrderedDict())

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        tables = self.__dict__
        if (tables.get("_forward_hooks") or tables.get("_forward_pre_hooks")
                or tables.get("_backward_hooks") or tables.get("_backward_pre_hooks")):
            return call_with_hooks(self, args, kwargs)
        return self.forward(*args, **kwargs)

    # ── hooks (`nn_hooks`): called around forward as PyTorch calls them ─────────────────
    def register_forward_pre_hook(self, hook, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """``hook(module, args)`` before forward; what it returns (not None) is the new args."""
        return add_hook(self._forward_pre_hooks, hook, prepend,
                        self._forward_pre_hooks_with_kwargs, with_kwargs)

    def register_forward_hook(self, hook, *, prepend: bool = False, with_kwargs: bool = False,
                              always_call: bool = False) -> RemovableHandle:
        """``hook(module, args, output)`` after forward; what it returns (not None) is the
        new output."""
        return add_hook(self._forward_hooks, hook, prepend, self._forward_hooks_with_kwargs,
                        with_kwargs)

    def register_full_backward_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """``hook(module, grad_input, grad_output)`` once the gradients of the module's
        inputs are known; what it returns (not None) replaces grad_input."""
        return add_hook(self._backward_hooks, hook, prepend)

    def register_full_backward_pre_hook(self, hook, prepend: bool = False) -> RemovableHandle:
        """``hook(module, grad_output)`` before the module's gradients are computed; what it
        returns (not None) replaces grad_output."""
        return add_hook(self._backward_pre_hooks, hook, prepend)

    # ── registration ─────────────────────────────────────────────────────────────────────
    def __setattr__(self, name: str, value: Any) -> None:
        # As PyTorch: a name assigned again keeps its place in its table (an OrderedDict
        # entry written again stays where it was), so children(), parameters() and
        # state_dict() keep their order; it moves only between tables.
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign to a Module before Module.__init__() call")
        params, buffers, modules = self._parameters, self._buffers, self._modules
        if isinstance(value, Parameter):
            self._forget(name, self.__dict__, buffers, modules)
            params[name] = value
        elif name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                "(gradviz.nn.Parameter or None expected)")
            params[name] = None
        elif isinstance(value, Module):
            self._forget(name, self.__dict__, params, buffers)
            modules[name] = value
        elif name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                f"'{name}' (gradviz.nn.Module or None expected)")
            modules[name] = None
        elif isinstance(value, Tensor) and value.__dict__.get("_is_buffer"):  # an nn.Buffer
            self._forget(name, self.__dict__, params, modules)
            self.register_buffer(name, value, value.persistent)
        elif name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                                "(gradviz.nn.Buffer, gradviz.Tensor or None expected)")
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    @staticmethod
    def _forget(name: str, *tables: dict) -> None:
        for table in tables:
            table.pop(name, None)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: look in the registration tables.  Every
        # layer's forward reads its weights through here, so parameters are looked up first.
        tables = self.__dict__
        if "_parameters" in tables:
            for table in (tables["_parameters"], tables["_buffers"], tables["_modules"]):
                if name in table:
                    return table[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for table in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__.get(table, {}):
                del self.__dict__[table][name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """A tensor the module keeps (running statistics, a mask): moved with it by ``to``,
        and in its ``state_dict`` unless ``persistent=False``."""
        self._buffers[name] = tensor
        unsaved = self.__dict__.setdefault("_non_persistent_buffers_set", set())
        if persistent:
            unsaved.discard(name)
        else:
            unsaved.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        self._modules[name] = module

    register_module = add_module

    # ── walking the tree ─────────────────────────────────────────────────────────────────
    def named_children(self) -> Iterator[tuple[str, Module]]:
        seen: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def named_modules(self, memo: set[int] | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        memo = set() if memo is None else memo
        if remove_duplicate and id(self) in memo:
            return
        memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                sub = f"{prefix}.{name}" if prefix else name
                yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def _named_members(self, table: str, prefix: str, recurse: bool):
        seen: set[int] = set()
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, table).items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True
                         ) -> Iterator[tuple[str, Parameter]]:
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True
                      ) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def apply(self, fn) -> Module:
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ── training state ───────────────────────────────────────────────────────────────────
    def train(self, mode: bool = True) -> Module:
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                param.grad.zero_()

    # ── saving, loading, moving ──────────────────────────────────────────────────────────
    def state_dict(self, prefix: str = "") -> OrderedDict[str, Tensor]:
        """Every parameter and buffer by dotted name, sharing memory with the module."""
        out: OrderedDict[str, Tensor] = OrderedDict()
        for name, module in self.named_modules(prefix=prefix.rstrip("."), remove_duplicate=False):
            unsaved = module.__dict__.get("_non_persistent_buffers_set", ())
            for table in ("_parameters", "_buffers"):
                for key, value in getattr(module, table).items():
                    if value is not None and not (table == "_buffers" and key in unsaved):
                        out[f"{name}.{key}" if name else key] = Tensor._wrap(value._data)
        return out

    def load_state_dict(self, state_dict: dict, strict: bool = True) -> IncompatibleKeys:
        """Copy values in place (gradviz tensors, torch tensors or arrays all work)."""
        own = self.state_dict()
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        for key, target in own.items():
            if key in state_dict:
                array = _to_array(state_dict[key])
                if tuple(array.shape) != target.shape:
                    errors.append(
                        f"size mismatch for {key}: copying a param with shape "
                        f"{tuple(array.shape)} from checkpoint, the shape in current model "
                        f"is {target.shape}."
                    )
                    continue
                xp = array_module(target._data)
                target._data[...] = xp.asarray(to_device(array, target.device))
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        return IncompatibleKeys(missing, unexpected)

    def to(self, *args: Any, device: object = None, dtype: object = None,
           non_blocking: bool = False, memory_format: object = None) -> Module:
        """Move/cast every parameter and buffer in place (floating point ones get `dtype`;
        4-d ones `memory_format`'s layout, ``channels_last``)."""
        if memory_format is not None:
            from gradviz.engine.memory_format import laid_out

            for tensor in [*self.parameters(), *self.buffers()]:
                if tensor.dim() == 4:
                    tensor._data = laid_out(tensor._data, memory_format)
        for arg in args:
            if isinstance(arg, Tensor):
                device, dtype = arg.device, arg.dtype
            elif isinstance(arg, dt.dtype) or arg is float:
                dtype = arg
            else:
                device = arg
        target_device = normalize_device(device) if device is not None else None
        target_dtype = dt.to_dtype(dtype).np if dtype is not None else None
        for tensor in [*self.parameters(), *self.buffers()]:
            for t in (tensor, tensor.grad):
                if t is None:
                    continue
                if target_device is not None:
                    t._data = to_device(t._data, target_device)
                if target_dtype is not None and t._data.dtype.kind == "f":
                    t._data = t._data.astype(target_dtype, copy=False)
        return self

    def cpu(self) -> Module:
        return self.to("cpu")

    def cuda(self) -> Module:
        return self.to("cuda")

    def float(self) -> Module:
        return self.to(dt.float32)

    def double(self) -> Module:
        return self.to(dt.float64)

    def half(self) -> Module:
        return self.to(dt.float16)

    # ── looking up by dotted path ────────────────────────────────────────────────────────
    def get_submodule(self, target: str) -> Module:
        """The submodule at a dotted path (``"encoder.layers.0"``); "" is the module itself."""
        if target == "":
            return self
        module: Any = self
        for item in target.split("."):
            if not hasattr(module, item):
                raise AttributeError(f"{type(module).__name__} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def get_parameter(self, target: str) -> Parameter:
        module, name = self._owner_of(target)
        param = getattr(module, name)
        if not isinstance(param, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return param

    def get_buffer(self, target: str) -> Tensor:
        module, name = self._owner_of(target)
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return getattr(module, name)

    def _owner_of(self, target: str) -> tuple[Module, str]:
        """The submodule a dotted `target` ends in and the attribute's name there."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{type(module).__name__} has no attribute `{name}`")
        return module, name

    def compile(self, *args: Any, **kwargs: Any) -> None:
        """``model.compile()``: `torch.compile` in place; the arguments are checked as
        PyTorch checks them and the module runs as before (gradviz has no compiler)."""
        from gradviz.engine.compiler import compile as compile_function

        compile_function(self.forward, *args, **kwargs)

    # ── printing ─────────────────────────────────────────────────────────────────────────
    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): " + repr(module).replace("\n", "\n  ")
            for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        body = ""
        if len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        elif lines:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{type(self).__name__}({body})"

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._parameters, *self._buffers, *self._modules})
