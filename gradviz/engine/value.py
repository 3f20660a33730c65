"""`Value`: the scalar engine, a drop-in for micrograd's `Value`, with labels and more ops.

Each op computes its result and its local derivatives at once.  A result keeps its inputs
in two slots, ``_a`` and ``_b`` (``_b`` is None for a one-input op, both are None for a
leaf), and the local derivatives in ``_da`` and ``_db``; duplicates are kept, so ``a + a``
has two edges and gradient 2.  ``_prev`` and ``_local`` give them as tuples, as before.
The backward pass is then one flat loop, ``input.grad += local · out.grad``, over the
results in reverse topological order — no recursion, no closures.  Op names are the
registry's (`ops.REGISTRY`), which gives the graph view its symbols and formulas.  The
scalar formulas here are the float versions of the registry's VJPs; the registry test
checks both against PyTorch.

This engine is meant to beat micrograd by 3× on micrograd's own demo, so the hot paths are
written for CPython rather than for brevity:

* No tuples per node (two slots each for inputs and derivatives instead): fewer objects
  to allocate, and to free when the graph goes.
* The common ops build their result inline (``_new`` and plain slot writes) instead of
  calling `__init__` or a helper: a Python call costs about as much as the arithmetic.
* `backward` finds the topological order by an iterative depth-first search that marks
  visited results in their ``.grad`` slot, with two fresh ``0.0`` objects compared by
  identity (see `_post_order`): no set of visited nodes to hash into, no creation counter
  to keep and sort by, and the mark left behind is exactly the zero the gradient starts
  from.
* The backward loop passes an add's gradient through as is (1.0 · g is g, bit for bit).

Each of these was timed on the scalar benchmark (``bench/bench_engine.py --only scalar``:
forward and backward of micrograd's demo MLP) and kept because it made it faster.
"""

from __future__ import annotations

import math

_new = object.__new__  # object.__new__(Value): a bare instance, skipping __init__
_ADD = "add"  # the op `backward` adds through without multiplying by the local 1.0


class Value:
    __slots__ = ("data", "grad", "label", "_op", "_a", "_b", "_da", "_db")

    def __init__(self, data, _children=(), _op: str = "", label: str = "", _local=()):
        self.data = data
        self.grad = 0.0
        self.label = label
        self._op = _op
        self._a = self._b = None
        self._da = self._db = 0.0
        if _children:
            _children, _local = tuple(_children), tuple(_local)
            if len(_children) > 2 or len(_local) != len(_children):
                raise ValueError("a Value takes one or two inputs, with one local derivative "
                                 f"each, not {len(_children)} inputs and {len(_local)} locals")
            if _op == _ADD and _local != (1, 1):  # `backward` takes an add's locals as read
                raise ValueError(f"an add's local derivatives are 1 and 1, not {_local}")
            self._a, self._da = _children[0], _local[0]
            if len(_children) == 2:
                self._b, self._db = _children[1], _local[1]

    @property
    def _prev(self) -> tuple[Value, ...]:
        """The inputs, in argument order (micrograd's name; a tuple here, so `a + a` has two)."""
        if self._a is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    @property
    def _local(self) -> tuple[float, ...]:
        """∂self/∂input for each input of `_prev`, evaluated at the forward values."""
        if self._a is None:
            return ()
        return (self._da,) if self._b is None else (self._da, self._db)

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data}, grad={self.grad})"

    # ── arithmetic ───────────────────────────────────────────────────────────────────────
    # __add__, __mul__ and relu make nearly every node of a micrograd MLP, so they build
    # their result inline; the rarer ops go through `_result`, which does the same.
    def __add__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        out = _new(Value)
        out.data = self.data + other.data
        out.grad = 0.0
        out.label = ""
        out._op = _ADD
        out._a = self
        out._b = other
        out._da = 1.0
        out._db = 1.0
        return out

    def __mul__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        x, y = self.data, other.data
        out = _new(Value)
        out.data = x * y
        out.grad = 0.0
        out.label = ""
        out._op = "mul"
        out._a = self
        out._b = other
        out._da = y
        out._db = x
        return out

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return _result(self.data - other.data, "sub", self, 1.0, other, -1.0)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        return _result(a / b, "div", self, 1.0 / b, other, -a / (b * b))

    def __pow__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        out = a**b
        d_b = out * math.log(a) if a > 0 else 0.0  # only used when the exponent is a variable
        return _result(out, "pow", self, b * a ** (b - 1), other, d_b)

    def __neg__(self):
        return _result(-self.data, "neg", self, -1.0)

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
        out = _new(Value)
        if x > 0:
            out.data = x
            out._da = 1.0
        else:
            out.data = 0.0
            out._da = 0.0
        out.grad = 0.0
        out.label = ""
        out._op = "relu"
        out._a = self
        out._b = None
        out._db = 0.0
        return out

    def leaky_relu(self, negative_slope: float = 0.01):
        x = self.data
        slope = 1.0 if x > 0 else negative_slope
        return _result(x * slope, "leaky_relu", self, slope)

    def tanh(self):
        t = math.tanh(self.data)
        return _result(t, "tanh", self, 1 - t * t)

    def sigmoid(self):
        x = self.data
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return _result(s, "sigmoid", self, s * (1 - s))

    def exp(self):
        e = math.exp(self.data)
        return _result(e, "exp", self, e)

    def log(self):
        x = self.data
        return _result(math.log(x), "log", self, 1 / x)

    def sin(self):
        x = self.data
        return _result(math.sin(x), "sin", self, math.cos(x))

    def cos(self):
        x = self.data
        return _result(math.cos(x), "cos", self, -math.sin(x))

    # ── backward ─────────────────────────────────────────────────────────────────────────
    def _post_order(self) -> list[Value]:
        """The results (non-leaf Values) `self` depends on, each after its inputs, `self` last.

        Sets every one's ``.grad`` to 0.0 on the way, which is what `backward` needs and why
        this is private.  The search is iterative (a million-node chain is fine) and marks
        a result in its ``.grad`` slot with one of two 0.0 objects made for this pass:
        ``opened`` while its inputs are being searched, ``closed`` once it is in the order.
        They are told apart from every other float by identity (``is``), which is as cheap
        as a check gets, and a later pass makes new ones, so a mark left by an earlier pass
        (one cut short by an exception) never confuses it.  Leaves are never marked (they
        keep accumulating), nor searched: they have no inputs.

        Inputs are searched left to right: ``_a``'s inputs, then ``_b``'s, then the result.
        The inner loop goes straight down into the next input still to search instead of
        pushing it and popping it at once, and a result whose inputs are all done goes into
        the order without a trip through the stack; together they take a quarter off the
        plain push-everything loop, for the same order.
        """
        opened, closed = float(0), float(0)  # float(0) makes a new object each call
        order = []
        stack = [self]
        push, pop, emit = stack.append, stack.pop, order.append  # bound once: ~10⁵ calls
        while stack:
            v = pop()
            mark = v.grad
            if mark is opened:  # back from its inputs: they are all in the order now
                v.grad = closed
                emit(v)
                continue
            if mark is closed:  # pushed twice (two results use it), done the first time
                continue
            while True:  # v is a result not yet visited
                a, b = v._a, v._b
                if a._a is not None and a.grad is not closed:  # a: a result still to do
                    v.grad = opened
                    push(v)  # to come back to once its inputs are done
                    if b is not None and b._a is not None and b.grad is not closed:
                        push(b)
                    v = a
                elif b is not None and b._a is not None and b.grad is not closed:
                    v.grad = opened
                    push(v)
                    v = b
                else:  # every input is a leaf or done
                    v.grad = closed
                    emit(v)
                    break
        return order

    def topological_order(self) -> list[Value]:
        """Every Value this one depends on, inputs before results; `self` last.

        The results come in exactly the order `backward` uses (so replaying it over this
        order sums every gradient in the same order); each leaf comes just before the
        first result that uses it.  Unlike `backward`, this changes no gradient.
        """
        if self._a is None:
            return [self]
        saved, stack = {}, [self]  # _post_order marks .grad: keep the results' to restore
        while stack:
            v = stack.pop()
            if v._a is not None and id(v) not in saved:
                saved[id(v)] = (v, v.grad)
                stack.extend(v._prev)
        results = self._post_order()
        for v, grad in saved.values():
            v.grad = grad
        order: list[Value] = []
        placed: set[int] = set()
        for v in results:
            for parent in v._prev:
                if parent._a is None and id(parent) not in placed:
                    placed.add(id(parent))
                    order.append(parent)
            order.append(v)
        return order

    def backward(self) -> None:
        """Fill `.grad`: leaves accumulate across calls (as in PyTorch); results start afresh."""
        if self._a is None:  # a leaf: d self / d self
            self.grad = 1.0
            return
        order = self._post_order()  # also zeroes the results' gradients
        self.grad = 1.0
        for v in reversed(order):
            g = v.grad
            if v._op is _ADD:  # half the nodes of an MLP: both local derivatives are 1
                v._a.grad += g
                v._b.grad += g
            else:
                v._a.grad += v._da * g
                b = v._b
                if b is not None:
                    b.grad += v._db * g


def _result(data, op: str, a: Value, da: float, b: Value | None = None, db: float = 0.0) -> Value:
    """An op's result, as the inline ops build it: inputs `a` (and `b`), local derivatives."""
    out = _new(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out._op = op
    out._a = a
    out._b = b
    out._da = da
    out._db = db
    return out
