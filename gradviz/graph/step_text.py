"""The inspector's words for each step, in every language of the catalog, numbers substituted.

Scalars read as the slides write them: ``∂c/∂a = ∂c/∂b · ∂b/∂a = 1 · 1 = 1``.  Tensors show
shapes, the local derivative's formula and, when small, the values themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np

from gradviz.catalog import LANGUAGES, text
from gradviz.engine.ops import REGISTRY
from gradviz.graph.format import format_array, format_scalar, format_shape
from gradviz.graph.model import Node

SMALL = 4  # arrays up to this many elements are written out; the inspector draws the rest

PLACEHOLDERS = {1: ("z",), 2: ("a", "b")}


# A placeholder stands alone, or carries an index or a transpose: zᵢ, aᵀ.
_PLACEHOLDER = re.compile(r"(?<!\w)([abz])(?=[ᵢⱼᵀ]|(?!\w))")


def named_formula(text: str, args: list[str]) -> str:
    """The registry's ``a · b`` / ``σ(z)`` with the graph's argument names: ``x · y``."""
    names = PLACEHOLDERS.get(len(args), ())
    if not names:
        return text
    swap = dict(zip(names, args, strict=True))
    # One pass, so an argument actually called "b" is never replaced twice.
    return _PLACEHOLDER.sub(lambda m: swap.get(m.group(1), m.group(1)), text)


def named_derivative(derivative: str, result: str, args: list[str]) -> str:
    """``∂/∂a = b`` of the registry, written with the graph's names: ``∂p/∂x = y``."""
    if derivative.count("∂/∂") != 1 or not PLACEHOLDERS.get(len(args)):
        return derivative
    return named_formula(derivative, args).replace("∂/∂", f"∂{result}/∂", 1)


def num(a, lang: str = "en") -> str:
    """A value in words a reader needs no legend for: a number, a short list, or its shape
    with "all 12 entries are 1.0" / "12 entries between -2.33 and 1.37"."""
    a = np.asarray(a)
    if a.size <= SMALL or a.dtype.kind not in "fiub":
        return format_array(a, max_elems=SMALL)
    shape = format_shape(a.shape)
    if (a == a.flat[0]).all():
        return f"{shape}, " + text("all {n} entries are {value}", lang, n=a.size,
                                   value=format_scalar(a.flat[0].item()))
    finite = a[np.isfinite(a)] if a.dtype.kind == "f" else a
    if finite.size == 0:
        return format_array(a, max_elems=SMALL)
    return f"{shape}, " + text("{n} entries between {low} and {high}", lang, n=a.size,
                               low=format_scalar(finite.min(), 3),
                               high=format_scalar(finite.max(), 3))


def mentions_g(derivative: str) -> bool:
    """Whether a local derivative is written with G, the upstream gradient."""
    return re.search(r"(?<!\w)G(?!\w)", derivative) is not None


def _same_maths(a: str, b: str) -> bool:
    return a.replace(" ", "") == b.replace(" ", "")


def _is_scalar(a) -> bool:
    return np.asarray(a).size == 1


def expression(op: Node, names: list[str]) -> str:
    """``a · b`` or ``sigmoid(z)`` with the arguments' names (or numbers)."""
    row = REGISTRY.get(op.op)
    if row is not None and row.infix and len(names) == 2:
        return f"{names[0]} {row.infix} {names[1]}"
    extra = [f"{k}={v}" for k, v in op.params.items() if k not in ("index", "shape", "dtype")
             and v is not None and not (k == "keepdim" and v is False)
             and not (k == "reduction" and v == "mean") and not _row_default(row, k, v)]
    if op.op == "neg":
        return f"−{names[0]}"
    return f"{op.op}({', '.join(names + extra)})"


def _row_default(row, key: str, value) -> bool:
    """A parameter left at its row's default (a convolution's stride=(1, 1)), or data (a
    batch norm's running statistics): neither is worth a word in the step's text."""
    if isinstance(value, np.ndarray):
        return True
    default = row.params.get(key, _MISSING) if row is not None else _MISSING
    return type(default) is type(value) and default == value


_MISSING = object()


class LazyText(Mapping[str, str]):
    """A step's text in each language, written the first time it is asked for: a plan of
    thousands of steps formats no numbers until a step is shown."""

    __slots__ = ("_render", "_written")

    def __init__(self, render: Callable[[str], str]) -> None:
        self._render, self._written = render, {}

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        if lang not in self._written:
            self._written[lang] = self._render(lang)
        return self._written[lang]

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def forward_text(op: Node, args: list[Node], result: Node) -> LazyText:
    def render(lang: str) -> str:
        expr = expression(op, [a.name for a in args])
        if all(_is_scalar(a.value) for a in args) and _is_scalar(result.value):
            numbers = expression(op, [num(a.value) for a in args])
            math = f"{result.name} = {expr} = {numbers} = {num(result.value)}"
            detail = ""
        else:
            shapes = " , ".join(format_shape(a.shape) or "1" for a in args)
            math = f"{result.name} = {expr}"
            detail = f"({shapes}) → {format_shape(result.shape) or '1'}"
            if result.value is not None:
                detail += f"\n{result.name} = {num(result.value, lang)}"
        formula = named_formula(text(op.formula, lang), [a.name for a in args])
        lines = [text("Forward step: {symbol}", lang, symbol=op.symbol), math]
        if not _same_maths(formula, expr):  # "a = x · y" says it already
            lines.append(text("formula: {formula}", lang, formula=formula))
        if detail:
            lines.append(text("shape: {shape}", lang, shape=detail))
        return "\n".join(line for line in lines if line)

    return LazyText(render)


def seed_text(out: Node) -> LazyText:
    def render(lang: str) -> str:
        one = num(np.ones_like(np.asarray(out.value)), lang)
        return f"{text('Backward pass starts', lang)}\n∂{out.name}/∂{out.name} = {one}"

    return LazyText(render)


def derivative_text(op: Node, arg: int, result: str, args: list[str]) -> LazyText:
    """The local derivative of `op` for input `arg`, written with the graph's names."""
    derivative = op.derivatives[arg] if op.derivatives else ""
    return LazyText(lambda lang: named_derivative(text(derivative, lang), result, args))


def flow_text(out: Node, result: Node, parent: Node, upstream, flow, broadcast: bool,
              derivative: Mapping[str, str]) -> LazyText:
    """One edge: ``∂c/∂a = ∂c/∂b · ∂b/∂a = up · local = contribution`` (+ running sum);
    `derivative`: the local derivative's text in each language."""
    o, r, p = out.name, result.name, parent.name
    # Into the output itself the upstream factor is the seed ∂o/∂o = 1: say just that.
    into_output = r == o
    chain = f"∂{o}/∂{p}" if into_output else f"∂{o}/∂{p} = ∂{o}/∂{r} · ∂{r}/∂{p}"

    def render(lang: str) -> str:
        if flow.local is not None and _is_scalar(flow.value):
            lines = [f"{chain} = {num(upstream)} · {num(flow.local)} = {num(flow.value)}"]
        else:
            shape = format_shape(parent.shape) or "1"
            # Into the output the chain is the derivative's own name: no line of its own.
            lines = [] if into_output else [chain]
            lines.append(text("local derivative: {derivative}", lang,
                              derivative=derivative[lang]))
            if mentions_g(derivative[lang]):
                lines.append(text("where G = {derivative} is the upstream gradient", lang,
                                  derivative=f"∂{o}/∂{r}"))
            if broadcast:
                lines.append(text("summed over the broadcast axes: → {shape}", lang, shape=shape))
            lines.append(text("contribution {derivative} (shape {shape}) = {value}", lang,
                              derivative=f"∂{o}/∂{p}", shape=shape,
                              value=num(flow.value, lang)))
        if flow.count > 1:
            lines.append(text("running sum {derivative} = {value}", lang,
                              derivative=f"∂{o}/∂{p}", value=num(flow.running, lang)))
        return "\n".join(lines)

    return LazyText(render)


def op_step_text(out: Node, op: Node, result: Node, upstream,
                 flows_text: list[Mapping[str, str]], args: list[str]) -> LazyText:
    def render(lang: str) -> str:
        formula = named_formula(text(op.formula, lang), args)
        head = [text("Backward step: {symbol}  (formula: {formula})", lang, symbol=op.symbol,
                     formula=formula),
                text("upstream gradient {derivative} = {value}", lang,
                     derivative=f"∂{out.name}/∂{result.name}", value=num(upstream, lang))]
        return "\n".join(head + [f[lang] for f in flows_text])

    return LazyText(render)


def accumulate_text(out: Node, node: Node, parts: list, total) -> LazyText:
    def render(lang: str) -> str:
        scalars = all(_is_scalar(p) for p in parts)
        terms = " + ".join(num(p) for p in parts) if scalars else None
        math = f"∂{out.name}/∂{node.name} = " + (
            f"{terms} = {num(total)}" if terms else num(total, lang))
        words = text("Accumulation: used {n} times, its contributions add up", lang, n=len(parts))
        return f"{words}\n{math}"

    return LazyText(render)
