"""`Value`: the scalar engine, a drop-in for micrograd's `Value`, with labels and more ops.

Each op computes its result and its local derivatives at once and stores them in
``_local`` (one per parent, duplicates kept, so ``a + a`` has two edges and gradient 2).
The backward pass is then one flat loop, ``parent.grad += local · out.grad``, in reverse
creation order — no recursion, no closures.  Op names are the registry's (`ops.REGISTRY`),
which gives the graph view its symbols and formulas.  The scalar formulas here are the
float versions of the registry's VJPs; the registry test checks both against PyTorch.
"""

from __future__ import annotations

import math
from itertools import count
from operator import attrgetter

_creation = count()
_order = attrgetter("_n")


class Value:
    __slots__ = ("data", "grad", "_prev", "_local", "_op", "label", "_n")

    def __init__(self, data, _children=(), _op: str = "", label: str = "", _local=()):
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)
        self._local = _local
        self._op = _op
        self.label = label
        self._n = next(_creation)

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data}, grad={self.grad})"

    # ── arithmetic ───────────────────────────────────────────────────────────────────────
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), "add", _local=(1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), "mul", _local=(other.data, self.data))

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), "sub", _local=(1.0, -1.0))

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        return Value(a / b, (self, other), "div", _local=(1.0 / b, -a / (b * b)))

    def __pow__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        out = a**b
        d_b = out * math.log(a) if a > 0 else 0.0  # only used when the exponent is a variable
        return Value(out, (self, other), "pow", _local=(b * a ** (b - 1), d_b))

    def __neg__(self):
        return Value(-self.data, (self,), "neg", _local=(-1.0,))

    def __radd__(self, other):
        return Value(other) + self

    def __rsub__(self, other):
        return Value(other) - self

    def __rmul__(self, other):
        return Value(other) * self

    def __rtruediv__(self, other):
        return Value(other) / self

    def __rpow__(self, other):
        return Value(other) ** self

    # ── functions ────────────────────────────────────────────────────────────────────────
    def relu(self):
        x = self.data
        return Value(x if x > 0 else 0.0, (self,), "relu", _local=(1.0 if x > 0 else 0.0,))

    def leaky_relu(self, negative_slope: float = 0.01):
        x = self.data
        slope = 1.0 if x > 0 else negative_slope
        return Value(x * slope, (self,), "leaky_relu", _local=(slope,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), "tanh", _local=(1 - t * t,))

    def sigmoid(self):
        x = self.data
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return Value(s, (self,), "sigmoid", _local=(s * (1 - s),))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), "exp", _local=(e,))

    def log(self):
        x = self.data
        return Value(math.log(x), (self,), "log", _local=(1 / x,))

    # ── backward ─────────────────────────────────────────────────────────────────────────
    def topological_order(self) -> list[Value]:
        """Every Value this one depends on, results after their inputs (creation order)."""
        seen = {self}
        stack = [self]
        while stack:
            for parent in stack.pop()._prev:
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return sorted(seen, key=_order)

    def backward(self) -> None:
        """Fill `.grad`: leaves accumulate across calls (as in PyTorch); results start afresh."""
        order = self.topological_order()
        for v in order:
            if v._prev:
                v.grad = 0.0
        self.grad = 1.0 if not self._prev else self.grad + 1.0
        for v in reversed(order):
            g = v.grad
            for parent, local in zip(v._prev, v._local, strict=True):
                parent.grad += local * g
