"""The functions a lesson may call: their arguments and the literal options they take.

Each entry of `SIGNATURES` names the tensor arguments (positional, required) and then the
literal options, which may be given positionally after the tensors or by keyword:
``sum(x, 1)`` and ``sum(x, dim=1)`` are the same call.  Options take literals only
(``dim=1``, ``keepdim=True``, ``reshape(x, (2, 3))``, ``reduction='sum'``), checked by
`check_option`; ``gradviz.lesson.program`` maps each name to the engine's function.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


class Rejected(Exception):
    """A node the language does not accept, and why."""

    def __init__(self, node: ast.AST, message: str, at_end: str | None = None) -> None:
        super().__init__(message)
        self.node, self.message, self.at_end = node, message, at_end


@dataclass(frozen=True)
class Signature:
    """Tensor arguments (positional, all required), then literal options (positional or
    keyword; the first ``required`` of them must be given)."""

    tensors: tuple[str, ...]
    options: tuple[str, ...] = ()
    required: int = 0


_ONE = Signature(("input",))
_TWO = Signature(("input", "other"))
_LOSS = Signature(("input", "target"), ("reduction",))

SIGNATURES: dict[str, Signature] = {
    "sum": Signature(("input",), ("dim", "keepdim")),
    "mean": Signature(("input",), ("dim", "keepdim")),
    "exp": _ONE,
    "log": _ONE,
    "sqrt": _ONE,
    "abs": _ONE,
    "tanh": _ONE,
    "sigmoid": _ONE,
    "relu": _ONE,
    "leaky_relu": Signature(("input",), ("negative_slope",)),
    "softmax": Signature(("input",), ("dim",), required=1),
    "log_softmax": Signature(("input",), ("dim",), required=1),
    "matmul": _TWO,
    "transpose": Signature(("input",), ("dim0", "dim1"), required=2),
    "reshape": Signature(("input",), ("shape",), required=1),
    "maximum": _TWO,
    "minimum": _TWO,
    "clamp": Signature(("input",), ("min", "max")),
    "mse_loss": _LOSS,
    "msle_loss": _LOSS,
    "binary_cross_entropy": _LOSS,
    "binary_cross_entropy_with_logits": _LOSS,
    "cross_entropy": Signature(("input", "target"), ("reduction", "label_smoothing")),
    "nll_loss": _LOSS,
}
FUNCTIONS = tuple(SIGNATURES)

# Names people reach for that the language spells differently.
ALIASES = {
    "pow": "use the ** operator",
    "square": "write x ** 2",
    "dot": "use @ or matmul",
    "mm": "use @ or matmul",
    "max": "use maximum(a, b) or clamp(x, min=...)",
    "min": "use minimum(a, b) or clamp(x, max=...)",
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
    raise Rejected(node, "expected a literal value here (a number, True/False or (2, 3))")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_ints(value) -> bool:
    return isinstance(value, tuple) and all(_is_int(v) for v in value)


# option -> (accepts, description used in the error message)
_OPTION_KINDS = {
    "dim": (lambda v: v is None or _is_int(v) or _is_ints(v), "an integer such as dim=1"),
    "keepdim": (lambda v: isinstance(v, bool), "True or False"),
    "negative_slope": (_is_number, "a number such as 0.01"),
    "label_smoothing": (_is_number, "a number such as 0.1"),
    "dim0": (_is_int, "an integer"),
    "dim1": (_is_int, "an integer"),
    "shape": (lambda v: _is_int(v) or _is_ints(v), "a tuple of integers such as (2, 3)"),
    "min": (lambda v: v is None or _is_number(v), "a number"),
    "max": (lambda v: v is None or _is_number(v), "a number"),
    "reduction": (lambda v: v in ("mean", "sum", "none"), "'mean', 'sum' or 'none'"),
}


def check_option(option: str, node: ast.expr):
    """Check a literal option such as ``dim=1``; returns its value."""
    try:
        value = literal(node)
    except Rejected as r:
        accepts = _OPTION_KINDS[option][1]
        raise Rejected(r.node, f"{option} must be a literal: {accepts}") from None
    accepts, description = _OPTION_KINDS[option]
    if not accepts(value):
        raise Rejected(node, f"{option} must be {description}, got {value!r}")
    return value


def example(option: str) -> str:
    return {"dim": "dim=1", "dim0": "transpose(x, 0, 1)", "shape": "reshape(x, (2, 3))"}.get(
        option, f"{option}=..."
    )
