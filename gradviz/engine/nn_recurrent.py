"""`nn.RNN`, `nn.LSTM` and `nn.GRU`, small and on numpy: each time step written out from
registry rows (linear, tanh, σ, ·, +), so the graph shows the recurrence and every gradient is
the rows'.

Parameters carry PyTorch's names and shapes (``weight_ih_l0`` (gates·H, in),
``weight_hh_l0`` (gates·H, H), ``bias_ih_l0``, ``bias_hh_l0``; the gates in PyTorch's order:
i, f, g, o for the LSTM, r, z, n for the GRU), so a torch model's ``state_dict()`` loads as
it is.  Inputs are (T, N, in), or (N, T, in) with ``batch_first``, or (T, in) unbatched; the
result is the last layer's output at every step and the last step's state of every layer:
``h_n`` for an RNN or a GRU, ``(h_n, c_n)`` for an LSTM, each (num_layers, N, H).
``bidirectional=True`` adds a second run of each layer from the last step back to the first,
with its own ``*_reverse`` parameters: the output joins both directions' (… , 2H), and the
states stack (num_layers·2, N, H), forward then reverse for each layer, as in PyTorch.
A `PackedSequence` input gives a `PackedSequence` output; each sequence's state stops at its
own length (the reverse direction starts there).  ``dropout`` (training mode, more than one
layer) drops each layer's output but the last, with one mask of that output's shape: (T, N,
H·directions), or for a packed input its packed (Σ Lᵢ, H·directions) data, as PyTorch does.
"""

from __future__ import annotations

import math

from gradviz.engine import creation
from gradviz.engine import functional as F
from gradviz.engine.autograd import ShapeError, apply, no_grad
from gradviz.engine.backend import normalize_device
from gradviz.engine.nn_modules import Module, Parameter
from gradviz.engine.nn_packed import PackedSequence, padded_steps, repack
from gradviz.engine.printing import KernelDim, named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import cat, stack, where

__all__ = ["GRU", "LSTM", "RNN", "RNNBase"]


class RNNBase(Module):
    """The class RNN, LSTM and GRU share, as in PyTorch, for ``isinstance(m, nn.RNNBase)``
    (an initialisation that walks a model's recurrent layers).  Make one of the three; this
    base is not made on its own here (PyTorch's takes a ``mode`` string)."""


class _Recurrent(RNNBase):
    _gates = 1
    _layer_kernel = None  # the node PyTorch's CPU kernel makes of a layer's stacked outputs
    # PyTorch's RNN and GRU kernels turn a batch_first output back in place (transpose_)
    _batch_first_node: str | None = "TransposeBackward1"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, device=None, dtype=None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.dropout = bias, batch_first, float(dropout)
        self.bidirectional = bool(bidirectional)
        self._directions = 2 if bidirectional else 1
        rows, device = self._gates * hidden_size, normalize_device(device)
        # PyTorch's names of the weights, one list per layer and direction (``_all_weights``)
        # and all in one (``_flat_weights_names``), which code reaches for by name:
        # ``m._parameters[name]`` for each name in ``m._flat_weights_names``.
        self._all_weights: list[list[str]] = []
        for layer in range(num_layers):
            inputs = input_size if layer == 0 else hidden_size * self._directions
            shapes = {"weight_ih": (rows, inputs), "weight_hh": (rows, hidden_size)}
            if bias:
                shapes |= {"bias_ih": (rows,), "bias_hh": (rows,)}
            for suffix in ("", "_reverse")[:self._directions]:
                names = [f"{name}_l{layer}{suffix}" for name in shapes]
                for name, shape in zip(names, shapes.values(), strict=True):
                    setattr(self, name,
                            Parameter(creation.empty(*shape, dtype=dtype, device=device)))
                self._all_weights.append(names)
        self._flat_weights_names = [name for names in self._all_weights for name in names]
        self.reset_parameters()

    @property
    def _flat_weights(self) -> list:
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters, one list per layer and direction: ``[weight_ih_l0, weight_hh_l0,
        bias_ih_l0, bias_hh_l0], …``."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """PyTorch packs the weights into one cuDNN buffer here; on the CPU, as in PyTorch,
        there is nothing to do."""

    def reset_parameters(self) -> None:
        # Every weight and bias from U(−1/√H, 1/√H), in the order parameters() lists them.
        bound = 1 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        with no_grad():
            for weight in self.parameters():
                weight.uniform_(-bound, bound)

    def _layer(self, k: int, suffix: str = "") -> tuple[Tensor, ...]:
        return tuple(getattr(self, f"{name}_l{k}{suffix}", None)
                     for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))

    def _sequence(self, input: Tensor) -> tuple[Tensor, bool]:  # noqa: A002
        if input.dim() == 2:
            return input.unsqueeze(1), True
        if input.dim() != 3:
            raise ShapeError(f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                             f"{input.dim()}D instead")
        if input.shape[-1] != self.input_size:
            raise ShapeError(f"input.size(-1) must be equal to input_size. Expected "
                             f"{self.input_size}, got {input.shape[-1]}")
        return (input.transpose(0, 1) if self.batch_first else input), False

    def _initial(self, state, batch: int, like: Tensor, unbatched: bool) -> list[Tensor]:
        shape = (self.num_layers * self._directions, batch, self.hidden_size)
        if state is None:
            return list(creation.zeros(*shape, dtype=like.dtype, device=like.device))
        state = state.unsqueeze(1) if unbatched else state
        if tuple(state.shape) != shape:
            raise ShapeError(f"Expected hidden size {shape}, got {tuple(state.shape)}")
        return [state[k] for k in range(shape[0])]

    def _run(self, input, states: tuple) -> tuple:  # noqa: A002
        packed = input if isinstance(input, PackedSequence) else None
        running = None
        if packed is None:
            x, unbatched = self._sequence(input)
        else:  # (T, B, *) longest first; each sequence's state stops at its own length
            x, lengths = padded_steps(packed)
            unbatched, running = False, creation.tensor(lengths)[:, None]
            if x.shape[-1] != self.input_size:
                raise ShapeError(f"input.size(-1) must be equal to input_size. Expected "
                                 f"{self.input_size}, got {x.shape[-1]}")
            if packed.sorted_indices is not None:
                states = tuple(None if s is None else s.index_select(1, packed.sorted_indices)
                               for s in states)
        carried = [self._initial(s, x.shape[1], x, unbatched) for s in states]
        # Layer k, direction d: state slot k·directions + d, as PyTorch stacks h_n.
        finals: list[list[Tensor]] = [[] for _ in states]
        for k in range(self.num_layers):
            if k and self.dropout and self.training:
                x = F.dropout(x, self.dropout, True) if packed is None else \
                    _packed_dropout(x, packed, self.dropout)
            runs = []
            for d, suffix in enumerate(("", "_reverse")[:self._directions]):
                state = tuple(c[k * self._directions + d] for c in carried)
                steps = range(x.shape[0]) if d == 0 else range(x.shape[0] - 1, -1, -1)
                outputs = []
                for t in steps:
                    stepped = self._step(x[t], state, *self._layer(k, suffix))
                    if running is not None:
                        on = running > t
                        stepped = tuple(where(on, a, b) for a, b in zip(stepped, state,
                                                                         strict=True))
                    state = stepped
                    outputs.append(state[0])
                if self._layer_kernel and self._directions == 1 and x.dtype.name == "float32":
                    runs.append(apply("stack", *outputs, dim=KernelDim(0, self._layer_kernel)))
                else:
                    runs.append(stack(outputs if d == 0 else outputs[::-1]))
                for final, s in zip(finals, state, strict=True):
                    final.append(s)
            # the reverse direction read the sequence backwards: its outputs, back in time
            # order, joined to the forward ones feature-wise
            x = runs[0] if len(runs) == 1 else cat(runs, -1)
        final = tuple(stack(f) for f in finals)
        if packed is not None:
            if packed.unsorted_indices is not None:
                final = tuple(f.index_select(1, packed.unsorted_indices) for f in final)
            return repack(x, packed), final
        out = x
        if self.batch_first and not unbatched:
            out = x.transpose(0, 1)
            if self._batch_first_node:
                named_node(out, self._batch_first_node, x)
        if unbatched:
            out, final = out.squeeze(1), tuple(f.squeeze(1) for f in final)
        return out, final

    def extra_repr(self) -> str:
        text = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            text += f", num_layers={self.num_layers}"
        if not self.bias:
            text += ", bias=False"
        if self.batch_first:
            text += ", batch_first=True"
        text += f", dropout={self.dropout}" if self.dropout else ""
        return text + (", bidirectional=True" if self.bidirectional else "")


def _packed_dropout(x: Tensor, packed: PackedSequence, p: float) -> Tensor:
    """Dropout between the layers of a packed run, as PyTorch's kernel drops it: one mask on
    the layer's packed (Σ Lᵢ, H·directions) output, laid out (T, B, *) again after."""
    data = F.dropout(repack(x, packed).data, p, True)
    return padded_steps(packed._replace(data=data))[0]


def _gates(x: Tensor, h: Tensor, w_ih, w_hh, b_ih, b_hh) -> Tensor:
    # x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, grouped as PyTorch adds them.
    return F.linear(x, w_ih, b_ih) + F.linear(h, w_hh, b_hh)


def rnn_step(x: Tensor, h: Tensor, weights, nonlinearity: str = "tanh") -> Tensor:
    z = _gates(x, h, *weights)
    return z.tanh() if nonlinearity == "tanh" else z.relu()


def lstm_step(x: Tensor, h: Tensor, c: Tensor, weights) -> tuple[Tensor, Tensor]:
    z = _gates(x, h, *weights)
    n = h.shape[-1]
    i, f = z[..., :n].sigmoid(), z[..., n:2 * n].sigmoid()
    g, o = z[..., 2 * n:3 * n].tanh(), z[..., 3 * n:].sigmoid()
    c = f * c + i * g
    return o * c.tanh(), c


def gru_step(x: Tensor, h: Tensor, weights) -> Tensor:
    # The candidate n reads r·(h·W_hnᵀ + b_hn): the input's and the state's parts apart.
    w_ih, w_hh, b_ih, b_hh = weights
    gi, gh = F.linear(x, w_ih, b_ih), F.linear(h, w_hh, b_hh)
    n = h.shape[-1]
    r = (gi[..., :n] + gh[..., :n]).sigmoid()
    z = (gi[..., n:2 * n] + gh[..., n:2 * n]).sigmoid()
    candidate = (gi[..., 2 * n:] + r * gh[..., 2 * n:]).tanh()
    return (1 - z) * candidate + z * h


class RNN(_Recurrent):
    """hₜ = tanh(xₜ·W_ihᵀ + b_ih + hₜ₋₁·W_hhᵀ + b_hh) (or ReLU: nonlinearity='relu')."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device=None,
                 dtype=None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        self.__dict__["nonlinearity"] = nonlinearity
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, device, dtype)

    def _step(self, x, state, *weights):
        return (rnn_step(x, state[0], weights, self.nonlinearity),)

    def forward(self, input: Tensor, hx: Tensor | None = None):  # noqa: A002
        out, (h_n,) = self._run(input, (hx,))
        return out, h_n


class LSTM(_Recurrent):
    """Gates i, f, o = σ(…), candidate g = tanh(…), each a linear map of xₜ and hₜ₋₁;
    cₜ = f·cₜ₋₁ + i·g and hₜ = o·tanh(cₜ)."""

    _gates = 4
    _layer_kernel = "MkldnnRnnLayer"  # oneDNN's float32 LSTM layer, in PyTorch's CPU builds
    _batch_first_node = None  # its output turned back by a plain transpose

    def _step(self, x, state, *weights):
        return lstm_step(x, *state, weights)

    def forward(self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None):  # noqa: A002
        out, (h_n, c_n) = self._run(input, (None, None) if hx is None else tuple(hx))
        return out, (h_n, c_n)


class GRU(_Recurrent):
    """Gates r, z = σ(…) of xₜ and hₜ₋₁; candidate n = tanh(x·W_inᵀ + b_in + r·(h·W_hnᵀ +
    b_hn)); hₜ = (1 − z)·n + z·hₜ₋₁."""

    _gates = 3

    def _step(self, x, state, *weights):
        return (gru_step(x, state[0], weights),)

    def forward(self, input: Tensor, hx: Tensor | None = None):  # noqa: A002
        out, (h_n,) = self._run(input, (hx,))
        return out, h_n
