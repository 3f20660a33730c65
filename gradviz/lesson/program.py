"""Run a checked `Lesson` on the gradviz engine: build its inputs, evaluate its lines.

``run_lesson(load_lesson("neuron.toml"))`` returns a `LessonRun` holding every named tensor
(inputs first, then each assigned name, in file order) and the output.  Statements are
evaluated by walking their checked expression trees, calling the engine's PyTorch-shaped
functions; nothing is compiled or executed as Python.  An engine error becomes a
`LessonError` at the expression that failed, so the lecturer sees where, not a traceback.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field

import numpy as np

from gradviz.catalog.lesson import Message, SaidError
from gradviz.lesson.functions import FUNCTIONS, check_option
from gradviz.lesson.inputs import MAX_DIMS, MAX_ELEMENTS
from gradviz.lesson.parser import Lesson, LessonError

BACKENDS = {"numpy": None, "cupy": "cuda"}  # backend -> device passed to the engine

_BINARY = {
    ast.Add: (operator.add, "+"),
    ast.Sub: (operator.sub, "-"),
    ast.Mult: (operator.mul, "*"),
    ast.Div: (operator.truediv, "/"),
    ast.Pow: (operator.pow, "**"),
    ast.MatMult: (operator.matmul, "@"),
}


@dataclass
class LessonRun:
    """The tensors of one run of a lesson."""

    lesson: Lesson
    values: dict = field(default_factory=dict)  # name -> Tensor, inputs then assigned names
    output: object = None  # the output Tensor (None for a lesson without a [graph])

    @property
    def output_name(self) -> str | None:
        return self.lesson.output

    def backward(self) -> None:
        """Backward from the output, keeping the gradient of every named value."""
        lesson, output = self.lesson, self.output
        where = (lesson.path, *self._output_position())
        if output is None:
            raise LessonError(*where, "this lesson has no graph output", lesson.language)
        if output.numel() != 1:
            raise LessonError(*where, "output '{name}' has shape {shape}; backward needs a single "
                              "number: end the code with e.g. {example}", lesson.language,
                              name=lesson.output, shape=tuple(output.shape),
                              example=f"loss = sum({lesson.output})")
        if not output.requires_grad:
            raise LessonError(*where, "nothing to differentiate: no input on the way to the "
                              "output has grad = true", lesson.language)
        for tensor in self.values.values():
            if not tensor.is_leaf and tensor.requires_grad:  # the others get no gradient
                tensor.retain_grad()
        try:
            output.backward()
        except Exception as e:  # noqa: BLE001 - any engine failure is reported, never raised
            raise LessonError(*where, "backward pass failed: {error}", lesson.language,
                              error=e) from e

    def _output_position(self) -> tuple[int, int]:
        if "output" in self.lesson.raw.get("graph", {}):
            return self.lesson.where("graph", "output", value=True)
        statements = self.lesson.statements
        return (statements[-1].line, statements[-1].col) if statements else (1, 1)


def run_lesson(lesson: Lesson, backend: str = "numpy") -> LessonRun:
    """Build the inputs and evaluate every statement; raises `LessonError` on any failure."""
    from gradviz.engine import api as gv
    from gradviz.engine.autograd import record_constants

    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    run = LessonRun(lesson)
    evaluator = _Evaluator(gv, lesson, BACKENDS[backend])
    # Seed 0 unless the lesson says otherwise: slides exported tonight show the numbers the
    # window shows tomorrow.
    gv.manual_seed(lesson.seed if lesson.seed is not None else 0)
    for spec in lesson.inputs:
        try:
            tensor = evaluator.build(spec)
        except Exception as e:  # noqa: BLE001
            raise LessonError(lesson.path, spec.line, spec.col, "cannot build input '{name}': "
                              "{error}", lesson.language, name=spec.name, error=e) from e
        tensor.name = lesson.labels.get(spec.name, spec.label)
        run.values[spec.name] = tensor
    # Ops on data are kept too, so the graph draws the lesson's ``1 - y`` from its input y
    # (and msle_loss's log(y + 1)), never a nameless constant 0.
    with record_constants():
        for statement in lesson.statements:
            result = evaluator.tensor(evaluator.eval(statement.ast, run.values))
            if not any(result is t for t in run.values.values()):
                # ``a = x`` keeps x's own name; [labels] may give the drawn one
                result.name = lesson.labels.get(statement.target, statement.target)
            run.values[statement.target] = result
    run.output = run.values.get(lesson.output) if lesson.output else None
    return run


class _Evaluator:
    def __init__(self, gv, lesson: Lesson, device: str | None) -> None:
        self.gv, self.lesson = gv, lesson
        self.dtype = gv.float64 if lesson.dtype == "float64" else gv.float32
        self.options = {} if device is None else {"device": device}

    def build(self, spec):
        gv, grad, opts = self.gv, spec.grad, {"dtype": self.dtype, **self.options}
        if spec.kind in ("randn", "rand", "zeros", "ones"):
            return getattr(gv, spec.kind)(*spec.shape, requires_grad=grad, **opts)
        if spec.kind == "full":
            return gv.full(spec.shape, spec.value, requires_grad=grad, **opts)
        if spec.kind == "eye":
            return gv.eye(spec.shape[0], requires_grad=grad, **opts)
        return gv.tensor(spec.value, requires_grad=grad, **opts)  # value, constant

    def tensor(self, value):
        """A bare number (``a = 2 * 3``) becomes a constant tensor of the lesson's dtype."""
        if isinstance(value, self.gv.Tensor):
            return value
        return self.gv.tensor(value, dtype=self.dtype, **self.options)

    def fail(self, node: ast.AST, message: Message) -> LessonError:
        lesson = self.lesson
        return LessonError(lesson.path, node.lineno, node.col_offset + 1, message, lesson.language)

    def eval(self, node: ast.expr, env: dict):
        """A Tensor, or a Python float for number-only parts such as ``2 * 3``."""
        if isinstance(node, ast.Constant):
            return float(node.value)  # floats, never Python ints: 9 ** 9 ** 9 stays cheap
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            value = self.eval(node.operand, env)
            return self.call(node, "-", lambda: -value if isinstance(node.op, ast.USub) else value)
        if isinstance(node, ast.Attribute):  # .T, the only attribute the checker lets through
            value = self.eval(node.value, env)
            return self.call(node, ".T", lambda: value if isinstance(value, float) else value.T)
        if isinstance(node, ast.BinOp):
            return self.binary(node, env)
        if isinstance(node, ast.Call):
            return self.function(node, env)
        # the checker stops these
        raise self.fail(node, Message("cannot evaluate {what}", what=type(node).__name__))

    def binary(self, node: ast.BinOp, env: dict):
        left, right = self.eval(node.left, env), self.eval(node.right, env)
        function, symbol = _BINARY[type(node.op)]
        if isinstance(left, float) and isinstance(right, float):
            if symbol == "@":
                raise self.fail(node, Message("@ needs tensors, not two numbers"))
            with np.errstate(all="ignore"):  # 1 / 0 is inf, as it would be in a tensor
                return float(function(np.float64(left), np.float64(right)))
        self.check_shapes(node, symbol, left, right)
        if isinstance(left, float) and symbol in ("+", "*"):
            # ``2 * x`` is drawn as written, the number on the left: the engine's reflected
            # + and * record PyTorch's order (x * 2), so the number is made a tensor first
            # (``1 - y`` stays the engine's rsub).
            left = right._coerce(left)
        return self.call(node, symbol, lambda: function(left, right))

    def function(self, node: ast.Call, env: dict):
        name = node.func.id
        function = FUNCTIONS[name]
        count = len(function.tensors)
        tensors = [self.tensor(self.eval(arg, env)) for arg in node.args[:count]]
        options = dict(zip(function.options, node.args[count:], strict=False))
        options.update({k.arg: k.value for k in node.keywords})
        options = {key: check_option(key, value) for key, value in options.items()}
        if function.shapes:
            self.check_shapes(node, name, *tensors)
        return self.call(node, name, lambda: function.engine(*tensors, **options))

    def call(self, node: ast.AST, what: str, compute):
        try:
            result = compute()
        except LessonError:
            raise
        except Exception as e:  # noqa: BLE001 - any engine failure is reported, never raised
            text = str(e) or type(e).__name__  # the engine's own words, as PyTorch's: English
            if text.startswith(f"{what}:"):  # "mse_loss: ..." names the function already
                text = text[len(what) + 1:].lstrip()
            said = e.said if isinstance(e, SaidError) else text  # the lesson reader's: a Message
            raise self.fail(node, Message("{what} failed: {error}", what=what, error=said)) from e
        if isinstance(result, self.gv.Tensor):  # e.g. a reshape to more dimensions than shown
            self.check_result(node, what, tuple(result.shape))
        return result

    def check_result(self, node: ast.AST, what: str, shape: tuple[int, ...]) -> None:
        """The limits the inputs keep hold for every result, checked before it is computed
        where it can grow (``[30000, 1] * [1, 30000]`` would need 7 GB)."""
        if len(shape) > MAX_DIMS:
            raise self.fail(node, Message(
                "the result of {what} would have {n} dimensions, over the limit of {limit}",
                what=what, n=len(shape), limit=MAX_DIMS))
        count = 1
        for size in shape:
            count *= size
        if count > MAX_ELEMENTS:
            raise self.fail(node, Message(
                "the result of {what} would have shape {shape}: {count:,} elements, over the "
                "limit of {limit:,} elements", what=what, shape=shape, count=count,
                limit=MAX_ELEMENTS))

    def check_shapes(self, node: ast.AST, what: str, left, right) -> None:
        a, b = _shape(left), _shape(right)
        if what in ("@", "matmul"):
            if len(a) == 0 or len(b) == 0:
                raise self.fail(node, Message("{what} needs tensors with at least one dimension, "
                                              "got shapes {a} and {b}", what=what, a=a, b=b))
            inner = b[-2] if len(b) > 1 else b[0]
            if a[-1] != inner:
                which = Message("second-to-last") if len(b) > 1 else Message("only")
                raise self.fail(node, Message(
                    "shapes {a} and {b} cannot be multiplied with {what}: the last dimension "
                    "of the left ({left}) must equal the {which} dimension of the right "
                    "({right})", a=a, b=b, what=what, left=a[-1], which=which, right=inner))
            batch_a, batch_b = a[:-2], b[:-2]  # the dimensions before the matrices broadcast
            pair = _mismatch(batch_a, batch_b)
            if pair is not None:
                raise self.fail(node, Message(
                    "shapes {a} and {b} cannot be multiplied with {what}: the batch dimensions "
                    "before the last two, {batch_a} and {batch_b}, must broadcast (equal or 1, "
                    "compared from the right), but {left} and {right} are neither", a=a, b=b,
                    what=what, batch_a=batch_a, batch_b=batch_b, left=pair[0], right=pair[1]))
            rows = a[-2:-1] if len(a) > 1 else ()
            columns = b[-1:] if len(b) > 1 else ()
            self.check_result(node, what, np.broadcast_shapes(batch_a, batch_b) + rows + columns)
            return
        pair = _mismatch(a, b)
        if pair is not None:
            raise self.fail(node, Message(
                "shapes {a} and {b} cannot be broadcast for {what}: broadcasting compares "
                "dimensions from the right and each pair must be equal or 1, but {left} "
                "and {right} are neither", a=a, b=b, what=what, left=pair[0], right=pair[1]))
        self.check_result(node, what, np.broadcast_shapes(a, b))


def _mismatch(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int] | None:
    """The first pair of sizes, from the right, that does not broadcast (neither equal nor 1)."""
    for i in range(1, min(len(a), len(b)) + 1):
        if a[-i] != b[-i] and 1 not in (a[-i], b[-i]):
            return a[-i], b[-i]
    return None


def _shape(value) -> tuple[int, ...]:
    return () if isinstance(value, float) else tuple(value.shape)
