"""Predict-the-gradient mode: the step's new numbers written "?" until the lecturer reveals.

`hidden_nodes(graph, step)` says which nodes get a number at a step (a forward step's result,
the inputs a backward step sends contributions to, the node a seed or a running sum is for);
`veiled_state(graph, state)` is the state the screen shows meanwhile: the same step, its
caption and text with those numbers as "?" (`veiled`, on the runs `caption.fresh` marked),
and `StepState.veiled` naming the nodes whose number the scene writes "?".  Plain data, no
Qt: the lecture (`lecture.state`) decides when, the widgets draw what it says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from gradviz.catalog import LANGUAGES, text
from gradviz.graph.caption import NUMBER, Caption, Equation, Frac, Name, Run
from gradviz.graph.model import Graph
from gradviz.graph.stepstate import FORWARD, Step, StepState

VEIL = "?"


def _veil_atoms(atoms) -> tuple:
    """Every run of fresh atoms as one "?": the room sees that a number comes, not which."""
    out: list = []
    for a in atoms:
        if isinstance(a, Run) and a.fresh:
            if not (out and isinstance(out[-1], Run) and out[-1].text == VEIL):
                out.append(Run(VEIL, NUMBER))
        elif isinstance(a, Frac):
            out.append(Frac(_veil_atoms(a.top), _veil_atoms(a.bottom)))
        else:
            out.append(a)
    return tuple(out)


def veiled(caption: Caption, lang: str = "es") -> Caption:
    """`caption` with the numbers its step reveals written "?" (predict-the-gradient mode),
    and a line asking the room for them."""
    def groups(gs):
        return None if gs is None else tuple(_veil_atoms(g) for g in gs)

    equations = tuple(Equation(groups(e.groups), groups(e.short)) for e in caption.equations)
    ask = text("Predict the ? before it is revealed", lang)
    return Caption(caption.heading, equations, (*caption.notes, ask))


def plain_text(caption: Caption) -> str:
    """A caption as one line of plain text per equation (the inspector's words)."""
    def write(atoms) -> str:
        out = []
        for a in atoms:
            if isinstance(a, Run):
                out.append(a.text)
            elif isinstance(a, Name):
                out.append(a.base + a.sup + (f"[{a.sub}]" if a.sub else ""))
            else:
                out.append(f"{write(a.top)}/{write(a.bottom)}")
        return "".join(out)

    lines = [caption.heading] + ["".join(write(g) for g in e.groups) for e in caption.equations]
    notes = [n if isinstance(n, str) else write(n) for n in caption.notes]
    return "\n".join([*lines, *notes])


def hidden_nodes(graph: Graph, step: Step) -> frozenset[int]:
    """The value nodes whose number `step` reveals."""
    if step.phase == FORWARD:
        return frozenset(e.dst for e in graph.outputs_of(step.node))
    if step.contributions:
        return frozenset(c.edge.src for c in step.contributions)
    return frozenset((step.node,))  # the seed ∂L/∂L, or a running sum's total


class _Veiled(Mapping):
    """A step's captions (or texts) per language, veiled when asked for."""

    def __init__(self, captions: Mapping, text: bool) -> None:
        self._captions, self._text = captions, text

    def __getitem__(self, lang: str):
        caption = veiled(self._captions[lang], lang)
        return plain_text(caption) if self._text else caption

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def veiled_state(graph: Graph, state: StepState) -> StepState:
    """What the screen shows of `state` while its new numbers are hidden."""
    step = state.step
    if step is None:
        return state
    hidden = hidden_nodes(graph, step)
    shown = dataclasses.replace(step, caption=_Veiled(step.caption, text=False),
                                text=_Veiled(step.caption, text=True))
    return dataclasses.replace(state, step=shown, veiled=hidden)
