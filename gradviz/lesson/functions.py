"""The functions a lesson may call: one table of name -> engine function and arguments.

Each `Function` of `FUNCTIONS` holds the engine function the name runs, its tensor arguments
(positional, required) and then its literal options, which may be given positionally after
the tensors or by keyword: ``sum(x, 1)`` and ``sum(x, dim=1)`` are the same call.  Options
take literals only (``dim=1``, ``keepdim=True``, ``reshape(x, (2, 3))``,
``reduction='sum'``), checked by `check_option`.  `gradviz.lesson.expr` checks calls against
the table and `gradviz.lesson.program` calls what it names, so a name is added in one place.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gradviz.catalog.lesson import Message, SaidError
from gradviz.engine import functional as F
from gradviz.lesson.values import is_int, is_number


class Rejected(Exception):
    """A node the language does not accept, and why (a `Message`, said when shown)."""

    def __init__(self, node: ast.AST, message: Message, at_end: str | None = None) -> None:
        super().__init__(str(message))
        self.node, self.message, self.at_end = node, message, at_end


@dataclass(frozen=True)
class Function:
    """What a lesson function calls, with tensor arguments (positional, all required), then
    literal options (positional or keyword; the first ``required`` of them must be given).
    ``shapes``: the two tensors' shapes are checked first, for a message that names both."""

    engine: Callable
    tensors: tuple[str, ...]
    options: tuple[str, ...] = ()
    required: int = 0
    shapes: bool = False


def _reshape(input, shape):  # noqa: A002 - PyTorch's argument names
    return F.reshape(input, shape)  # the engine's reshape takes the shape positionally


def _cross_entropy(input, target, **options):  # noqa: A002
    return F.cross_entropy(input, class_indices(input, target), **options)


def _nll_loss(input, target, **options):  # noqa: A002
    return F.nll_loss(input, class_indices(input, target), **options)


def class_indices(logits, target):
    """A cross_entropy or nll_loss target written as integers (``[0, 2, 1]``) means class
    indices."""
    data = target.detach().numpy() if target.device == "cpu" else None
    if data is None or target.dim() != logits.dim() - 1:
        return target  # probabilities, one row per sample, as PyTorch takes them
    # One number per sample: class indices (probabilities would have the logits' shape).
    classes = logits.shape[1] if logits.dim() > 1 else logits.shape[0]
    with np.errstate(all="ignore"):
        wrong = data[~(np.isfinite(data) & (data == data // 1) & (data >= 0) & (data < classes))]
    if wrong.size:  # PyTorch's own words for it, and which classes there are
        raise SaidError(Message("Target {target:g} is out of bounds: a class index is a whole "
                                "number from 0 to {most}", target=wrong.flat[0],
                                most=classes - 1))
    indices = target.long()
    indices.name = target.name  # the lesson's y, as the room knows it, not a new constant
    return indices


def _one(engine: Callable) -> Function:
    return Function(engine, ("input",))


def _two(engine: Callable) -> Function:
    return Function(engine, ("input", "other"), shapes=True)


def _loss(engine: Callable) -> Function:
    return Function(engine, ("input", "target"), ("reduction",))


FUNCTIONS: dict[str, Function] = {
    "sum": Function(F.sum, ("input",), ("dim", "keepdim")),
    "mean": Function(F.mean, ("input",), ("dim", "keepdim")),
    "exp": _one(F.exp),
    "log": _one(F.log),
    "sqrt": _one(F.sqrt),
    "abs": _one(F.abs),
    "sin": _one(F.sin),
    "cos": _one(F.cos),
    "tanh": _one(F.tanh),
    "sigmoid": _one(F.sigmoid),
    "relu": _one(F.relu),
    "leaky_relu": Function(F.leaky_relu, ("input",), ("negative_slope",)),
    "softmax": Function(F.softmax, ("input",), ("dim",), required=1),
    "log_softmax": Function(F.log_softmax, ("input",), ("dim",), required=1),
    "matmul": _two(F.matmul),
    "transpose": Function(F.transpose, ("input",), ("dim0", "dim1"), required=2),
    "reshape": Function(_reshape, ("input",), ("shape",), required=1),
    "maximum": _two(F.maximum),
    "minimum": _two(F.minimum),
    "clamp": Function(F.clamp, ("input",), ("min", "max")),
    "mse_loss": _loss(F.mse_loss),
    "msle_loss": _loss(F.msle_loss),
    "binary_cross_entropy": _loss(F.binary_cross_entropy),
    "binary_cross_entropy_with_logits": _loss(F.binary_cross_entropy_with_logits),
    "cross_entropy": Function(_cross_entropy, ("input", "target"),
                              ("reduction", "label_smoothing")),
    "nll_loss": _loss(_nll_loss),
    # a convolutional layer: one box each, with its shapes
    "conv2d": Function(F.conv2d, ("input", "weight", "bias"), ("stride", "padding", "dilation")),
    "max_pool2d": Function(F.max_pool2d, ("input",), ("kernel_size", "stride", "padding"),
                           required=1),
    "avg_pool2d": Function(F.avg_pool2d, ("input",), ("kernel_size", "stride", "padding"),
                           required=1),
}

# Names people reach for that the language spells differently.
ALIASES = {
    "pow": Message("use the ** operator"),
    "square": Message("write {code}", code="x ** 2"),
    "dot": Message("use @ or matmul"),
    "mm": Message("use @ or matmul"),
    "max": Message("use {a} or {b}", a="maximum(a, b)", b="clamp(x, min=...)"),
    "min": Message("use {a} or {b}", a="minimum(a, b)", b="clamp(x, max=...)"),
}


def literal(node: ast.expr):
    """The Python value of a literal argument: a number, bool, None, string or int tuple."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | None):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = literal(node.operand)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Tuple | ast.List) and len(node.elts) <= 64:
        return tuple(literal(element) for element in node.elts)
    raise Rejected(node, Message("expected a literal value here (a number, True/False or "
                                 "(2, 3))"))


def _is_ints(value) -> bool:
    return isinstance(value, tuple) and all(is_int(v) for v in value)


# option -> (accepts, description used in the error message)
_INTEGER, _NUMBER = Message("an integer"), Message("a number")
_OPTION_KINDS = {
    "dim": (lambda v: v is None or is_int(v) or _is_ints(v),
            Message("an integer such as {example}", example="dim=1")),
    "keepdim": (lambda v: isinstance(v, bool), Message("True or False")),
    "negative_slope": (is_number, Message("a number such as {example}", example="0.01")),
    "label_smoothing": (is_number, Message("a number such as {example}", example="0.1")),
    "dim0": (is_int, _INTEGER),
    "dim1": (is_int, _INTEGER),
    "shape": (lambda v: is_int(v) or _is_ints(v),
              Message("a tuple of integers such as {example}", example="(2, 3)")),
    "min": (lambda v: v is None or is_number(v), _NUMBER),
    "max": (lambda v: v is None or is_number(v), _NUMBER),
    **{size: (lambda v: is_int(v) or _is_ints(v),
              Message("a tuple of integers such as {example}", example="(2, 3)"))
       for size in ("kernel_size", "stride", "padding", "dilation")},
    "reduction": (lambda v: v in ("mean", "sum", "none"),
                  Message("{a}, {b} or {c}", a="'mean'", b="'sum'", c="'none'")),
}


def check_option(option: str, node: ast.expr):
    """Check a literal option such as ``dim=1``; returns its value."""
    try:
        value = literal(node)
    except Rejected as r:
        accepts = _OPTION_KINDS[option][1]
        raise Rejected(r.node, Message("{option} must be a literal: {accepts}", option=option,
                                       accepts=accepts)) from None
    accepts, description = _OPTION_KINDS[option]
    if not accepts(value):
        raise Rejected(node, Message("{option} must be {accepts}, got {value}", option=option,
                                     accepts=description, value=repr(value)))
    return value


def example(option: str) -> str:
    return {"dim": "dim=1", "dim0": "transpose(x, 0, 1)", "shape": "reshape(x, (2, 3))"}.get(
        option, f"{option}=..."
    )
