"""The layers of `gradviz.nn` (Linear, Sequential, activations, Dropout…) and its losses.

Layers call `gradviz.engine.functional`, so every number they produce comes from the op
registry; `Module`/`Parameter` live in `nn_modules`, the losses in `nn_losses`.
"""

from __future__ import annotations

import math
import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from gradviz.engine import (
    creation,
    nn_activations,
    nn_layers_more,
    nn_lazy,
    nn_margin_losses,
    nn_norms,
    nn_pool_indices,
    nn_rectifiers,
    nn_resample,
    nn_volumes,
)
from gradviz.engine import dtypes as dt
from gradviz.engine import functional as F
from gradviz.engine.backend import normalize_device, to_device
from gradviz.engine.nn_activations import *  # noqa: F403 - the layers of its __all__
from gradviz.engine.nn_cells import GRUCell, LSTMCell, RNNCell, RNNCellBase
from gradviz.engine.nn_containers import ModuleDict, ModuleList, renumber
from gradviz.engine.nn_layers import (
    AdaptiveAvgPool1d,
    AdaptiveAvgPool2d,
    AvgPool1d,
    AvgPool2d,
    BatchNorm1d,
    BatchNorm2d,
    Conv1d,
    Conv2d,
    ConvTranspose1d,
    ConvTranspose2d,
    Embedding,
    LazyLinear,
    MaxPool1d,
    MaxPool2d,
    Unflatten,
)
from gradviz.engine.nn_layers_more import *  # noqa: F403 - RMSNorm, Buffer, ChannelShuffle…
from gradviz.engine.nn_lazy import *  # noqa: F403 - the lazy convolutions and norms
from gradviz.engine.nn_losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HuberLoss,
    KLDivLoss,
    L1Loss,
    MSELoss,
    NLLLoss,
    SmoothL1Loss,
)
from gradviz.engine.nn_margin_losses import *  # noqa: F403 - the margin and NLL losses
from gradviz.engine.nn_modules import Module, Parameter, UninitializedParameter
from gradviz.engine.nn_norms import *  # noqa: F403 - group/instance norms, similarities
from gradviz.engine.nn_parameter_containers import ParameterDict, ParameterList
from gradviz.engine.nn_pool_indices import *  # noqa: F403 - adaptive max, unpool, LP pools
from gradviz.engine.nn_rectifiers import *  # noqa: F403 - PReLU, RReLU, shrinks, GLU…
from gradviz.engine.nn_recurrent import GRU, LSTM, RNN, RNNBase
from gradviz.engine.nn_resample import *  # noqa: F403 - Upsample, PixelShuffle, Fold, pads
from gradviz.engine.nn_text import EmbeddingBag, LayerNorm
from gradviz.engine.nn_volumes import *  # noqa: F403 - the 3-D convolutions, pools, batch norm
from gradviz.engine.tensor import Tensor

__all__ = [
    "AlphaDropout", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "Dropout", "Dropout1d",
    "Dropout2d", "Dropout3d", "ELU", "FeatureAlphaDropout", "Flatten", "GELU", "KLDivLoss",
    "HuberLoss", "Identity", "L1Loss", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss", "Module",
    "ModuleDict", "ModuleList", "NLLLoss", "Parameter", "ReLU", "Sequential", "Sigmoid", "SiLU",
    "SmoothL1Loss", "Softmax", "Tanh", "UninitializedParameter",
    # the convolutional and recurrent layers (`nn_layers`, `nn_recurrent`, `nn_cells`)
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AvgPool1d", "AvgPool2d", "BatchNorm1d",
    "BatchNorm2d", "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "Embedding",
    "EmbeddingBag", "GRU", "GRUCell", "LayerNorm", "LazyLinear", "LSTM", "LSTMCell",
    "MaxPool1d", "MaxPool2d", "RNN", "RNNCell", "Unflatten",
    # more activations (`nn_activations`)
    *nn_activations.__all__,
    # resampling, normalising, rectifying and margin layers, parameter containers
    *nn_resample.__all__, *nn_norms.__all__, *nn_rectifiers.__all__, *nn_margin_losses.__all__,
    "ParameterDict", "ParameterList",
    # 3-D layers, index-returning and LP pools, lazy layers, RMSNorm and the rest
    *nn_volumes.__all__, *nn_pool_indices.__all__, *nn_lazy.__all__, *nn_layers_more.__all__,
    "RNNBase", "RNNCellBase",
]


def _uniform_parameter(shape: tuple[int, ...], bound: float, dtype, device) -> Parameter:
    array = creation.generator().uniform(-bound, bound, size=shape)
    dtype = dt.to_dtype(dtype) if dtype is not None else dt.DEFAULT_FLOAT
    array = to_device(array.astype(dtype.np), normalize_device(device))
    return Parameter(Tensor._wrap(array))


class Linear(Module):
    """y = x Wᵀ + b, with W of shape (out_features, in_features) as in PyTorch.

    Initialised like PyTorch: kaiming_uniform(a=√5) gives W ~ U(−1/√in, 1/√in), and the bias
    is drawn from the same interval.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 device: object = None, dtype: object = None) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        bound = 1 / math.sqrt(in_features) if in_features > 0 else 0.0
        self.weight = _uniform_parameter((out_features, in_features), bound, dtype, device)
        if bias:
            self.bias = _uniform_parameter((out_features,), bound, dtype, device)
        else:
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Sequential(Module):
    """Runs its modules one after another; index it, slice it (a Sequential), set or delete an
    entry, insert, append, extend, pop, add and multiply as PyTorch's: after a deletion the
    entries are numbered 0, 1, … again, named ones too, as in PyTorch."""

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            for name, module in modules[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(modules):
                self.add_module(str(index), module)

    def forward(self, input: Any) -> Any:  # noqa: A002
        for module in self:
            input = module(input)
        return input

    def _key(self, index: int) -> str:
        """The name of entry `index` (PyTorch's _get_item_by_idx over the names)."""
        size, index = len(self), operator.index(index)
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of range")
        return list(self._modules)[index % size]

    def __getitem__(self, index: int | slice) -> Module:
        if isinstance(index, slice):
            return type(self)(OrderedDict(list(self._modules.items())[index]))
        return self._modules[self._key(index)]

    def __setitem__(self, index: int, module: Module) -> None:
        setattr(self, self._key(index), module)

    def __delitem__(self, index: int | slice) -> None:
        if isinstance(index, slice):
            for key in list(self._modules)[index]:
                delattr(self, key)
        else:
            delattr(self, self._key(index))
        renumber(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __dir__(self) -> list[str]:
        return [key for key in super().__dir__() if not key.isdigit()]

    def pop(self, key: int | slice) -> Module:
        module = self[key]
        del self[key]
        return module

    def append(self, module: Module) -> Sequential:
        self.add_module(str(len(self)), module)
        return self

    def insert(self, index: int, module: Module) -> Sequential:
        if not isinstance(module, Module):
            raise AssertionError(f"module should be of type: {Module}")
        n = len(self._modules)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        if index < 0:
            index += n
        for i in range(n, index, -1):
            self._modules[str(i)] = self._modules[str(i - 1)]
        self._modules[str(index)] = module
        return self

    def extend(self, sequential: Iterable[Module]) -> Sequential:
        for layer in sequential:
            self.append(layer)
        return self

    def __add__(self, other: Sequential) -> Sequential:
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        return Sequential().extend(self).extend(other)

    def __iadd__(self, other: Sequential) -> Sequential:
        if not isinstance(other, Sequential):
            raise ValueError("add operator supports only objects of Sequential class, but "
                             f"{type(other)} is given.")
        offset = len(self)
        for i, module in enumerate(other):
            self.add_module(str(i + offset), module)
        return self

    def _times(self, other: int) -> None:
        if not isinstance(other, int):
            raise TypeError(f"unsupported operand type(s) for *: {type(self)} and "
                            f"{type(other)}")
        if other <= 0:
            raise ValueError(f"Non-positive multiplication factor {other} for {type(self)}")

    def __mul__(self, other: int) -> Sequential:
        self._times(other)
        combined = Sequential()
        for offset, module in enumerate(list(self) * other):
            combined.add_module(str(offset), module)
        return combined

    def __rmul__(self, other: int) -> Sequential:
        return self.__mul__(other)

    def __imul__(self, other: int) -> Sequential:
        self._times(other)
        length = len(self)
        for repeat in range(1, other):
            for i in range(length):
                self.add_module(str(i + repeat * length), self._modules[str(i)])
        return self


class Identity(Module):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input


class Flatten(Module):
    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        shape = input.shape
        ndim = max(len(shape), 1)
        start = self.start_dim + ndim if self.start_dim < 0 else self.start_dim
        end = self.end_dim + ndim if self.end_dim < 0 else self.end_dim
        if not 0 <= start < ndim or not 0 <= end < ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[{-ndim}, {ndim - 1}], but got {self.start_dim})")
        return input.reshape(*shape[:start], -1, *shape[end + 1:])

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class ReLU(Module):
    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.relu(input, self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.sigmoid(input)


class Tanh(Module):
    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.tanh(input)


class SiLU(Module):
    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.silu(input, self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class GELU(Module):
    """z·Φ(z) (Φ the standard normal's CDF); approximate='tanh' for the tanh approximation."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class ELU(Module):
    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class LeakyReLU(Module):
    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class Softmax(Module):
    """Without a dim, PyTorch's deprecated implicit choice (0 for 0-, 1- and 3-D input, else
    1), with PyTorch's warning."""

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.log_softmax(input, self.dim, _stacklevel=5)


class Dropout(Module):
    """Zeroes each input with probability p while training, scaling the rest by 1/(1−p)."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(Dropout):
    """Zeroes whole channels of (N, C, L) inputs with probability p while training."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(Dropout):
    """Zeroes whole channels (feature maps) of (N, C, H, W) inputs with probability p."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(Dropout):
    """Zeroes whole channels of (N, C, D, H, W) inputs with probability p while training."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(Dropout):
    """Alpha dropout while training (F.alpha_dropout): a dropped unit takes SELU's negative
    saturation and the result keeps zero mean and unit variance."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.alpha_dropout(input, self.p, self.training)


class FeatureAlphaDropout(Dropout):
    """Alpha dropout of whole channels while training (F.feature_alpha_dropout)."""

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.feature_alpha_dropout(input, self.p, self.training)
