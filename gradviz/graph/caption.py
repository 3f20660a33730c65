"""A step's chain rule as the slides write it: plain data that a caption band typesets.

`forward_caption`, `seed_caption`, `flow_equation`, `op_caption` and `accumulate_caption`
give, per language (lazily, like the step text), a `Caption`: a heading in words and one
`Equation` per chain-rule line.  An equation is a row of `Group`s, each a few atoms that
never break apart (``= 0.25 · 0.4``); the band wraps between groups.  Atoms are `Run`
(maths, words or a NUMBER — the numbers the back row must read), `Name` (a name in the
course's notation: ``W1`` and ``W[1]`` as W^[1], ``x[0,1]`` as x with the index below) and
`Frac` (``∂L/∂W^[1]`` as a fraction).  Arrays are never written small: a few entries are
listed, more are a shape and words ("all 12 entries are 1.0", "12 entries between a and b").
"""

from __future__ import annotations

import dataclasses
import html
import re
import string
from dataclasses import dataclass, field

import numpy as np

from gradviz.catalog import text
from gradviz.graph.format import format_scalar, format_shape
from gradviz.graph.model import Node
from gradviz.graph.step_text import SMALL, LazyText, expression, mentions_g

MATH, NUMBER, WORDS = "math", "number", "words"


@dataclass(frozen=True)
class Run:
    text: str
    role: str = MATH  # MATH, NUMBER or WORDS
    fresh: bool = False  # a number this step reveals: predict mode writes "?" for it


@dataclass(frozen=True)
class Name:
    base: str
    sup: str = ""  # the layer: W^[1]
    sub: str = ""  # an element's index: x_{0,1}


@dataclass(frozen=True)
class Frac:
    top: tuple
    bottom: tuple


Atom = Run | Name | Frac
Group = tuple  # of atoms, kept on one line


@dataclass(frozen=True)
class Equation:
    groups: tuple[Group, ...]
    short: tuple[Group, ...] | None = None  # the same equation with fewer steps, if too long


@dataclass(frozen=True)
class Caption:
    heading: str
    equations: tuple[Equation, ...] = ()
    # words under the maths (what G is): a text, or atoms when it names the graph's values
    notes: tuple[str | tuple, ...] = field(default=())

    def numbers(self) -> list[str]:
        """Every NUMBER run of the caption, wherever it sits."""
        found: list[str] = []

        def walk(atoms) -> None:
            for a in atoms:
                if isinstance(a, Run) and a.role == NUMBER:
                    found.append(a.text)
                elif isinstance(a, Frac):
                    walk(a.top)
                    walk(a.bottom)

        for eq in self.equations:
            for g in eq.groups:
                walk(g)
        return found


# ── names in the course's notation ───────────────────────────────────────────────────────
_INDEX = re.compile(r"^(.+?)\[(\d+(?:, ?\d+)*)\]$")  # a trailing [1], [0,1] or [0, 1]
_LAYER = re.compile(r"^([^\W\d]\w*?)\[(\d+)\]$")  # W[1], a[2]: a layer, as the course writes it
_SUBSCRIPT = re.compile(r"^([A-Za-z])_([A-Za-z0-9]{1,2})$")  # L_i, x_1: an index, as TeX
_NUMBERED = re.compile(r"^([WwbazAZ])(\d{1,2})$")  # W1, w1, b2, a2, z1, A1, Z2: layer names
_IDENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\[\d+\])?(?:\[[\d, ]+\])?")
_FIRST_ELEMENT = re.compile(r"^(.+?)\[0[\], ]")  # b[0], x[0,1], W[1][0,1]: first elements


def course_name(name: str, elements: frozenset[str] = frozenset(),
                automatic: frozenset[str] = frozenset()) -> Name:
    """``W1`` / ``W[1]`` → W^[1]; ``x[0,1]`` → x_{0,1}; ``W[1][0,1]`` → W^[1]_{0,1};
    ``L_i`` → L_i with the i below; any other name as written.  `elements`: the names
    whose ``[i]`` is an element's index, not a layer (the scalar view writes b[0], b[1],
    b[2] for the elements of b).  `automatic`: the
    names gradviz made up (``z1`` for an unnamed ``W @ x``), which are counters, not layers:
    only a name the lesson wrote as ``W1`` is read as W^[1]."""
    base, sub = name, ""
    m = _INDEX.match(name)
    if m and ("," in m.group(2) or m.group(1) in elements or not _LAYER.match(name)):
        base, sub = m.group(1), m.group(2).replace(" ", "")
    m = _LAYER.match(base)
    if m:
        return Name(m.group(1), sup=f"[{m.group(2)}]", sub=sub)
    m = _NUMBERED.match(base)
    if m and base not in automatic and name not in automatic:
        return Name(m.group(1), sup=f"[{int(m.group(2))}]", sub=sub)
    m = _SUBSCRIPT.match(base)
    if m and not sub:
        return Name(m.group(1), sub=m.group(2))
    return Name(base, sub=sub)


class Notation:
    """The graph's names in the course's notation: a name with an element ``[0]`` among
    them (b[0], b[1]…) is indexed below, any other ``[l]`` is a layer above; `automatic`
    names (gradviz's own) are never read as layers."""

    def __init__(self, names=(), automatic=()) -> None:
        names = list(names)
        self.names = frozenset(names)
        self.elements = frozenset(m.group(1) for n in names if (m := _FIRST_ELEMENT.match(n)))
        self.automatic = frozenset(automatic)

    def name(self, name: str) -> Name:
        return course_name(name, self.elements, self.automatic)

    def html(self, name: str) -> str:
        """The name as rich text (``W<sup>[1]</sup>``) for the inspector."""
        return name_html(self.name(name))

    def text_html(self, words: str, names: set[str]) -> str:
        """Plain text escaped as HTML, each of the graph's `names` in it in the notation."""
        out, at = [], 0
        for m in _IDENT.finditer(words):
            # A graph name, or a layer written out (the veiled step's text says a[2])
            if m.group(0) not in names and not _LAYER.match(m.group(0)):
                continue
            out.append(html.escape(words[at:m.start()]))
            out.append(self.html(m.group(0)))
            at = m.end()
        out.append(html.escape(words[at:]))
        return "".join(out)

    def atoms(self, formula: str, names: set[str] | None = None) -> tuple:
        """A formula's text as atoms: identifiers that are graph names become `Name`s."""
        atoms, at = [], 0
        for m in _IDENT.finditer(formula):
            word = m.group(0)
            if names is not None and word not in names:
                continue
            if m.start() > at:
                atoms.append(Run(formula[at:m.start()]))
            atoms.append(self.name(word))
            at = m.end()
        if at < len(formula):
            atoms.append(Run(formula[at:]))
        return tuple(atoms)

    def partial(self, of: str, by: str) -> Frac:
        """∂of/∂by as a fraction."""
        return Frac((Run("∂"), self.name(of)), (Run("∂"), self.name(by)))


def name_html(name: Name) -> str:
    out = html.escape(name.base)
    if name.sup:
        out += f"<sup>{html.escape(name.sup)}</sup>"
    if name.sub:
        out += f"<sub>{html.escape(name.sub)}</sub>"
    return out


def notation_of(graph) -> Notation:
    """The notation of one graph's names, worked out once per graph."""
    found = graph.__dict__.get("_course_notation")
    if found is None:
        values = [n for n in graph.nodes if not n.is_op]
        found = Notation((n.name for n in values), (n.name for n in values if not n.named))
        object.__setattr__(graph, "_course_notation", found)  # frozen, as cached_property does
    return found


PLAIN = Notation()
math_atoms = PLAIN.atoms


# ── numbers ──────────────────────────────────────────────────────────────────────────────
def number(x, digits: int = 4) -> Run:
    x = np.asarray(x).reshape(()).item()  # a 1×1 array is one number too
    return Run(format_scalar(x, digits).replace("-", "−"), NUMBER)


def with_numbers(english: str, lang: str, **fields) -> tuple:
    """A catalog sentence whose {fields} are numbers: words as WORDS runs, fields as NUMBER."""
    atoms = []
    for words, name, _, _ in string.Formatter().parse(text(english, lang)):
        if words:
            atoms.append(Run(words, WORDS))
        if name:
            value = fields[name]
            atoms.append(value if isinstance(value, Run) else Run(str(value), NUMBER))
    return tuple(atoms)


def with_names(english: str, lang: str, n: Notation, **fields) -> tuple:
    """A catalog sentence whose {fields} are the graph's names (or ready atoms): words as
    WORDS runs, names in the course's notation."""
    atoms: list = []
    for words, name, _, _ in string.Formatter().parse(text(english, lang)):
        if words:
            atoms.append(Run(words, WORDS))
        if name:
            value = fields[name]
            if isinstance(value, str):
                atoms.append(n.name(value))
            elif isinstance(value, tuple):
                atoms.extend(value)
            else:
                atoms.append(value)
    return tuple(atoms)


def value_atoms(a, lang: str) -> tuple:
    """A value for the back row: one number, a short list, or shape and a summary in words."""
    a = np.asarray(a)
    if a.size == 1:
        return (number(a.reshape(()).item()),)
    shape = Run(format_shape(a.shape), NUMBER)
    if a.size <= SMALL:
        listed = Run("[" + ", ".join(number(v).text for v in a.reshape(-1).tolist()) + "]",
                     NUMBER)
        # A vector is its list; "= 4 [0.5, …]" would read as the number 4.
        return (listed,) if a.ndim == 1 else (shape, Run("  "), listed)
    if a.size and a.dtype.kind in "fiub" and (a == a.flat[0]).all():
        return (shape, Run(":  ", WORDS)) + with_numbers(
            "all {n} entries are {value}", lang, n=a.size, value=number(a.flat[0].item()))
    finite = a[np.isfinite(a)] if a.dtype.kind == "f" else a
    if finite.size == 0:
        return (shape,)
    return (shape, Run(":  ", WORDS)) + with_numbers(
        "{n} entries between {low} and {high}", lang, n=a.size,
        low=number(finite.min(), 3), high=number(finite.max(), 3))


def fresh(atoms: tuple) -> tuple:
    """The same atoms marked as what this step reveals (predict mode hides them)."""
    return tuple(dataclasses.replace(a, fresh=True) if isinstance(a, Run) else a
                 for a in atoms)


def _scalar(a) -> bool:
    return a is not None and np.asarray(a).size == 1


# ── the steps ────────────────────────────────────────────────────────────────────────────
def forward_caption(op: Node, args: list[Node], result: Node, n: Notation = PLAIN
                    ) -> LazyText:
    def render(lang: str) -> Caption:
        names = {a.name for a in args}
        expr = n.atoms(_expression(op, [a.name for a in args]), names)
        groups = [(n.name(result.name), Run(" = ")) + expr]
        if all(_scalar(a.value) for a in args) and _scalar(result.value):
            numbers = _expression(op, ["\0"] * len(args)).split("\0")
            row = [Run(" = ")]
            for i, piece in enumerate(numbers):
                if piece:
                    row.append(Run(piece))
                if i < len(args):
                    row.append(number(args[i].value))
            groups.append(tuple(row))
            groups.append((Run(" = "),) + fresh((number(result.value),)))
        elif result.value is not None:
            groups.append((Run(" = "),) + fresh(value_atoms(result.value, lang)))
        return Caption(text("Forward step: {symbol}", lang, symbol=op.symbol),
                       (Equation(tuple(groups)),))

    return LazyText(render)


_WORD = re.compile(r"^[^\W\d_]+$")  # σ, Σ, ln, BCE: a symbol that is a function's name


def _expression(op: Node, names: list[str]) -> str:
    """As the slides write it: σ(z^[1]), BCE(a^[2], y), a · b; the code's name (sigmoid,
    binary_cross_entropy) when the box's symbol is no name (ln(1+·))."""
    written = expression(op, names)
    if _WORD.match(op.symbol or "") and op.op and written.startswith(f"{op.op}("):
        return op.symbol + written[len(op.op):]
    return written


def seed_caption(out: Node, n: Notation = PLAIN) -> LazyText:
    def render(lang: str) -> Caption:
        one = fresh(value_atoms(np.ones_like(np.asarray(out.value)), lang))
        eq = Equation(((n.partial(out.name, out.name), Run(" = ")) + one,))
        return Caption(text("Backward pass starts", lang), (eq,))

    return LazyText(render)


def _local(derivative: str) -> str:
    """The right-hand side of a named local derivative (``∂b/∂a = y`` → ``y``;
    ``∂m/∂W: G @ xᵀ`` → ``G @ xᵀ``), or "" when it has none."""
    for mark in (" = ", ": "):
        if mark in derivative:
            return derivative.split(mark, 1)[1].strip()
    return ""


_NUMERIC = re.compile(r"^[−\-]?[\d.]+$")


def flow_equation(out: Node, result: Node, parent: Node, upstream, flow, derivative: str,
                  names: set[str], lang: str, n: Notation = PLAIN, broadcast: bool = False
                  ) -> tuple[list[Equation], bool]:
    """One edge's chain rule (and its running sum at a value used more than once); and
    whether its local derivative is written with G."""
    o, r, p = out.name, result.name, parent.name
    local = _local(derivative)
    head = (n.partial(o, p), Run(" = "))
    groups = [head[:1]] if r == o else [head + (n.partial(o, r), Run(" · "), n.partial(r, p))]
    symbolic = local and not _NUMERIC.match(local)
    uses_g = mentions_g(local)
    if _scalar(flow.value) and flow.local is not None and _scalar(upstream):
        if r == o:
            if symbolic:
                groups.append((Run(" = "),) + n.atoms(local, names))
            groups.append((Run(" = "),) + fresh((number(flow.value),)))
        else:
            if symbolic:
                groups.append((Run(" = "), number(upstream), Run(" · "))
                              + _bracketed(n.atoms(local, names)))
            groups.append((Run(" = "), number(upstream), Run(" · "))
                          + fresh((number(flow.local),)))
            groups.append((Run(" = "),) + fresh((number(flow.value),)))
    else:
        if symbolic and r != o:
            # A rule written with G has the upstream gradient in it; any other is multiplied
            # by it, element by element.
            rule = n.atoms(local, names | {"G"})
            product = rule if uses_g else (n.partial(o, r), Run(" · ")) + _bracketed(rule)
            # A broadcast input's gradient is the product summed back to the input's shape.
            groups.append((Run(" = Σ("),) + product + (Run(")"),) if broadcast
                          else (Run(" = "),) + product)
        groups.append((Run(" = "),) + fresh(value_atoms(flow.value, lang)))
    first = groups[0] if r != o else (n.partial(o, p),)
    short = (first, groups[-1]) if len(groups) > 2 else None
    if flow.count > 1:  # a value used again: what its gradient adds up to so far
        running = (Run("     "), Run(text("running sum", lang), WORDS), Run(" = ")
                   ) + fresh(value_atoms(flow.running, lang))
        groups.append(running)
        short = short and short + (running,)
    return [Equation(tuple(groups), short)], uses_g


def _bracketed(atoms: tuple) -> tuple:
    """(a − y) in parentheses when it is more than one name."""
    if len(atoms) == 1:
        return atoms
    return (Run("("),) + atoms + (Run(")"),)


def op_caption(out: Node, op: Node, result: Node, upstream, flows: list, names: list[str],
               derivatives: list, n: Notation = PLAIN) -> LazyText:
    """`flows`: (parent, flow, broadcast) per contribution; `derivatives`: their local
    derivatives' text in each language."""
    def render(lang: str) -> Caption:
        equations, uses_g = [], False
        known = set(names) | {result.name}
        notes = []
        for (parent, flow, broadcast), derivative in zip(flows, derivatives, strict=True):
            eqs, g = flow_equation(out, result, parent, upstream, flow, derivative[lang],
                                   known, lang, n, broadcast)
            equations += eqs
            uses_g = uses_g or g
            if broadcast:
                notes.append(with_names(
                    "Σ for {name}: summed over the broadcast axes, back to {shape}", lang, n,
                    name=parent.name, shape=Run(format_shape(parent.shape) or "1", WORDS)))
        if uses_g:
            notes.insert(0, with_names("G = ∂{out}/∂{result}: the upstream gradient", lang, n,
                                       out=out.name, result=result.name))
        return Caption(text("Backward step: {symbol}", lang, symbol=op.symbol),
                       tuple(equations), tuple(notes))

    return LazyText(render)


def accumulate_caption(out: Node, node: Node, parts: list, total, n: Notation = PLAIN
                       ) -> LazyText:
    def render(lang: str) -> Caption:
        head = (n.partial(out.name, node.name), Run(" = "))
        if all(_scalar(p) for p in parts):
            # One group a term, so a long sum wraps between its terms.
            terms = [head + (number(parts[0]),)] + [_plus(p) for p in parts[1:]]
            groups = terms + [(Run(" = "),) + fresh((number(total),))]
            short = None
            if len(parts) > 4:
                more = Run(" + …", MATH)
                short = (terms[0], terms[1], (more,), terms[-1], groups[-1])
            equation = Equation(tuple(groups), short)
        else:
            equation = Equation((head + fresh(value_atoms(total, lang)),))
        words = text("Accumulation: used {n} times, its contributions add up", lang,
                     n=len(parts))
        return Caption(words, (equation,))

    return LazyText(render)


def _plus(x) -> Group:
    """`` + 0.5`` or `` − 0.5``: a term of a sum, its sign the operator."""
    x = float(np.asarray(x).reshape(()))
    return (Run(" − " if x < 0 else " + "), number(abs(x)))
