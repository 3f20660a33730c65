"""`nn.RNNCell`, `nn.LSTMCell` and `nn.GRUCell`: one time step of `nn_recurrent`'s layers,
for the loops that tutorials write by hand.  Parameters are PyTorch's (``weight_ih``,
``weight_hh``, ``bias_ih``, ``bias_hh``), drawn as PyTorch draws them."""

from __future__ import annotations

import math

from gradviz.engine import creation
from gradviz.engine.autograd import ShapeError, no_grad
from gradviz.engine.backend import normalize_device
from gradviz.engine.nn_modules import Module, Parameter
from gradviz.engine.nn_recurrent import gru_step, lstm_step, rnn_step
from gradviz.engine.tensor import Tensor

__all__ = ["GRUCell", "LSTMCell", "RNNCell", "RNNCellBase"]


class RNNCellBase(Module):
    """The class RNNCell, LSTMCell and GRUCell share, as in PyTorch, for
    ``isinstance(m, nn.RNNCellBase)``; make one of the three."""


class _Cell(RNNCellBase):
    _gates = 1

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        rows, device = self._gates * hidden_size, normalize_device(device)
        shapes = {"weight_ih": (rows, input_size), "weight_hh": (rows, hidden_size)}
        if bias:
            shapes |= {"bias_ih": (rows,), "bias_hh": (rows,)}
        for name, shape in shapes.items():
            setattr(self, name, Parameter(creation.empty(*shape, dtype=dtype, device=device)))
        if not bias:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        bound = 1 / math.sqrt(hidden_size) if hidden_size > 0 else 0.0
        with no_grad():
            for weight in self.parameters():
                weight.uniform_(-bound, bound)

    def _weights(self) -> tuple:
        return self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh

    def _batched(self, input: Tensor, hx) -> tuple[Tensor, list, bool]:  # noqa: A002
        if input.dim() not in (1, 2):
            raise ShapeError(f"{type(self).__name__}: Expected input to be 1D or 2D, got "
                             f"{input.dim()}D instead")
        unbatched = input.dim() == 1
        x = input.unsqueeze(0) if unbatched else input
        states = list(hx) if isinstance(hx, tuple | list) else [hx]
        zeros = creation.zeros(x.shape[0], self.hidden_size, dtype=x.dtype, device=x.device)
        states = [zeros if s is None else (s.unsqueeze(0) if unbatched else s) for s in states]
        return x, states, unbatched

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")


class RNNCell(_Cell):
    """h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or ReLU)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device=None, dtype=None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.__dict__["nonlinearity"] = nonlinearity
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        x, (h,), unbatched = self._batched(input, hx)
        h = rnn_step(x, h, self._weights(), self.nonlinearity)
        return h.squeeze(0) if unbatched else h


class LSTMCell(_Cell):
    """(h', c') from x and (h, c), the gates i, f, g, o as in `nn.LSTM`."""

    _gates = 4

    def forward(self, input: Tensor, hx=None) -> tuple[Tensor, Tensor]:  # noqa: A002
        x, states, unbatched = self._batched(input, (None, None) if hx is None else hx)
        h, c = lstm_step(x, *states, self._weights())
        return (h.squeeze(0), c.squeeze(0)) if unbatched else (h, c)


class GRUCell(_Cell):
    """h' from x and h, the gates r, z and candidate n as in `nn.GRU`."""

    _gates = 3

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        x, (h,), unbatched = self._batched(input, hx)
        h = gru_step(x, h, self._weights())
        return h.squeeze(0) if unbatched else h
