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
        return _result(self.data + other.data, (self, other), "add", (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return _result(self.data * other.data, (self, other), "mul", (other.data, self.data))

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return _result(self.data - other.data, (self, other), "sub", (1.0, -1.0))

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        return _result(a / b, (self, other), "div", (1.0 / b, -a / (b * b)))

    def __pow__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        out = a**b
        d_b = out * math.log(a) if a > 0 else 0.0  # only used when the exponent is a variable
        return _result(out, (self, other), "pow", (b * a ** (b - 1), d_b))

    def __neg__(self):
        return _result(-self.data, (self,), "neg", (-1.0,))

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
        return _result(x if x > 0 else 0.0, (self,), "relu", (1.0 if x > 0 else 0.0,))

    def leaky_relu(self, negative_slope: float = 0.01):
        x = self.data
        slope = 1.0 if x > 0 else negative_slope
        return _result(x * slope, (self,), "leaky_relu", (slope,))

    def tanh(self):
        t = math.tanh(self.data)
        return _result(t, (self,), "tanh", (1 - t * t,))

    def sigmoid(self):
        x = self.data
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return _result(s, (self,), "sigmoid", (s * (1 - s),))

    def exp(self):
        e = math.exp(self.data)
        return _result(e, (self,), "exp", (e,))

    def log(self):
        x = self.data
        return _result(math.log(x), (self,), "log", (1 / x,))

    # ── backward ─────────────────────────────────────────────────────────────────────────
    def topological_order(self) -> list[Value]:
        """Every Value this one depends on, results after their inputs (creation order)."""
        seen = {self}
        stack = [self]
        add, push, pop = seen.add, stack.append, stack.pop  # bound once: ~10⁵ calls a pass
        while stack:
            for parent in pop()._prev:
                if parent not in seen:
                    add(parent)
                    push(parent)
        return sorted(seen, key=_order)

    def backward(self) -> None:
        """Fill `.grad`: leaves accumulate across calls (as in PyTorch); results start afresh."""
        order = self.topological_order()
        for v in order:
            if v._prev:
                v.grad = 0.0
        self.grad = 1.0 if not self._prev else self.grad + 1.0
        for v in reversed(order):
            parents = v._prev
            if len(parents) == 2:  # most ops are binary: unrolled, it is twice as fast
                a, b = parents
                local_a, local_b = v._local
                g = v.grad
                a.grad += local_a * g
                b.grad += local_b * g
            elif parents:
                g = v.grad
                for parent, local in zip(parents, v._local, strict=True):
                    parent.grad += local * g


_new = object.__new__


def _result(data, parents: tuple, op: str, local: tuple) -> Value:
    """An op's result: `Value(data, parents, op, _local=local)` without `__init__`.

    Every op of every forward pass goes through here, and skipping the keyword parsing and
    defaults of `__init__` takes a third off the cost of a node.
    """
    v = _new(Value)
    v.data = data
    v.grad = 0.0
    v._prev = parents
    v._local = local
    v._op = op
    v.label = ""
    v._n = next(_creation)
    return v
