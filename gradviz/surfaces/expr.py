"""Custom loss surfaces from a formula in x and y, checked with `ast` and never executed.

``compile_expression("x**2 + 3*y**2")`` returns a `Formula` that evaluates the same tree
two ways: on tensors (gradviz's, or torch's in the tests; gradients come from autograd)
and on numpy grids (for the contour plot).  The language is deliberately tiny: numbers,
``x``, ``y``, ``+ - * / **``, unary ``-``/``+`` and the functions in `FUNCTIONS`.  Anything
else is a `FormulaError` naming the problem and its column, in the catalog's words (a
lesson says it in its language).
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gradviz.catalog.lesson import Message, SaidError, did_you_mean
from gradviz.catalog.syntax import python_syntax

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 60  # nesting levels

FUNCTIONS = ("exp", "log", "sqrt", "abs", "tanh", "sigmoid", "sin", "cos")
VARIABLES = ("x", "y")


def _np_sigmoid(z):
    # Two branches so neither exp overflows.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


# How each function is applied to a tensor (a method both gradviz and torch tensors have)
# and to a numpy array.
_TENSOR_FUNCTIONS: dict[str, Callable] = {name: (lambda n: lambda t: getattr(t, n)())(name)
                                          for name in FUNCTIONS}
_NUMPY_FUNCTIONS: dict[str, Callable] = {
    "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh,
    "sigmoid": _np_sigmoid, "sin": np.sin, "cos": np.cos,
}
_OPERATORS: dict[type, Callable] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_OPERATOR_TEXT = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitXor: "^",
                  ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}


class FormulaError(SaidError):
    """A formula that cannot be used; `column` (1-based, in the stripped text) is where the
    problem is, when one place is to blame: its message's ``{col}``."""

    def __init__(self, said: Message) -> None:
        super().__init__(said)
        self.column = said.fields.get("col")


@dataclass(frozen=True)
class Formula:
    """A checked expression in x and y."""

    text: str
    tree: ast.expr

    def tensor(self, x, y):
        """Evaluate on tensors of one shape; the result always depends on x (for autograd)."""
        value = _evaluate(self.tree, x, y, _TENSOR_FUNCTIONS)
        return value if not isinstance(value, float) else x * 0.0 + value

    def numpy(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Evaluate on numpy arrays (a grid); overflow gives inf, a bad log NaN, silently."""
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        with np.errstate(all="ignore"):
            value = _evaluate(self.tree, x, y, _NUMPY_FUNCTIONS)
        return np.broadcast_to(np.asarray(value, dtype=float), x.shape).copy()


def compile_expression(text: str) -> Formula:
    """Check ``text`` (e.g. ``"x**2 + 3*y**2"``); raise `FormulaError` saying what is wrong."""
    if not isinstance(text, str):
        raise FormulaError(Message("the expression must be a string, got {type}",
                                   type=type(text).__name__))
    if len(text) > MAX_LENGTH:
        raise FormulaError(Message("the expression is longer than {n} characters", n=MAX_LENGTH))
    if not text.strip():
        raise FormulaError(Message("the expression is empty; write a formula in x and y, e.g. "
                                   "{example}", example="x**2 + y**2"))
    try:
        with warnings.catch_warnings():  # e.g. "1x": the SyntaxError that follows says it
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as e:  # Python's own words, in the catalog's where it has them
        raise FormulaError(Message("syntax error at column {col}: {error}", col=e.offset or 1,
                                   error=python_syntax(e.msg))) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError(Message("the expression is too deeply nested")) from None
    _locate_operators(tree, text.strip())
    _check(tree, 0)
    return Formula(text.strip(), tree)


def _column(node: ast.AST) -> int:
    if isinstance(node, ast.BinOp) and hasattr(node, "operator_col"):
        return node.operator_col + 1
    return getattr(node, "col_offset", 0) + 1


def _locate_operators(tree: ast.expr, text: str) -> None:
    """Remember where each binary operator sits (``ast`` only knows its operands)."""
    lines = text.splitlines() or [""]
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and node.left.end_lineno == node.lineno == 1:
            rest = lines[0][node.left.end_col_offset:]
            gap = len(rest) - len(rest.lstrip(" \t)"))
            node.operator_col = node.left.end_col_offset + gap


def _check(node: ast.AST, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(Message("the expression is nested more than {n} levels deep",
                                   n=MAX_DEPTH))
    col = _column(node)
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _OPERATORS:
            text = _OPERATOR_TEXT.get(type(node.op), type(node.op).__name__)
            raise FormulaError(Message("operator '{op}' at column {col} is not allowed; use "
                                       "+ - * / ** (powers are written **, not ^)", col=col,
                                       op=text))
        _check(node.left, depth + 1)
        _check(node.right, depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise FormulaError(Message("operator at column {col} is not allowed; only unary - "
                                       "and +", col=col))
        _check(node.operand, depth + 1)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError(Message("{value} at column {col} is not a number", col=col,
                                       value=repr(node.value)))
        try:
            float(node.value)
        except OverflowError:  # a 1000-digit integer: no float holds it
            raise FormulaError(Message("the number at column {col} is too large; write it as a "
                                       "float such as {example}", col=col,
                                       example="1e300")) from None
    elif isinstance(node, ast.Name):
        if node.id not in VARIABLES:
            hint = Message(" (it is a function: call it as {name}(...))", name=node.id) \
                if node.id in FUNCTIONS else did_you_mean(node.id, VARIABLES)
            raise FormulaError(Message("unknown name '{name}' at column {col}; only x and "
                                       "y{hint}", col=col, name=node.id, hint=hint))
    elif isinstance(node, ast.Call):
        _check_call(node, depth)
    else:
        raise FormulaError(Message("'{what}' at column {col} is not allowed; use numbers, x, "
                                   "y, + - * / ** and the functions {functions}", col=col,
                                   what=type(node).__name__, functions=", ".join(FUNCTIONS)))


def _check_call(node: ast.Call, depth: int) -> None:
    col, functions = _column(node), ", ".join(FUNCTIONS)
    if not isinstance(node.func, ast.Name):
        raise FormulaError(Message("only the functions {functions} can be called (at column "
                                   "{col}); write exp(x), not math.exp(x)", col=col,
                                   functions=functions))
    name = node.func.id
    if name not in FUNCTIONS:
        hint = did_you_mean(name, FUNCTIONS) or Message("; the functions are {functions}",
                                                        functions=functions)
        raise FormulaError(Message("unknown function '{name}' at column {col}{hint}", col=col,
                                   name=name, hint=hint))
    if node.keywords or len(node.args) != 1:
        raise FormulaError(Message("{name}() at column {col} takes exactly one argument",
                                   col=col, name=name))
    _check(node.args[0], depth + 1)


def _evaluate(node: ast.expr, x, y, functions: dict[str, Callable]):
    """Walk a checked tree; constant subtrees fold to Python floats (inf on overflow)."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return x if node.id == "x" else y
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, x, y, functions)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, x, y, functions)
        right = _evaluate(node.right, x, y, functions)
        if isinstance(left, float) and isinstance(right, float):
            with np.errstate(all="ignore"):
                return float(_OPERATORS[type(node.op)](np.float64(left), np.float64(right)))
        if isinstance(node.op, ast.Pow) and isinstance(right, float) and right == 2.0:
            return left * left  # the same numbers as a power, forward and backward, but cheaper
        return _OPERATORS[type(node.op)](left, right)
    name = node.func.id
    value = _evaluate(node.args[0], x, y, functions)
    if isinstance(value, float):
        with np.errstate(all="ignore"):
            return float(_NUMPY_FUNCTIONS[name](np.float64(value)))
    return functions[name](value)
