"""`Lecture`: what the lecture shows, as one Qt-free object that says when it changes.

It holds the prepared lesson and its layout, the step (the position of its `player`), the
selected node, the language, the theme and the text size; each field has an event in
``lecture.events`` that fires with the new value when, and only when, the value changes.
The window's widgets listen and redraw; a widget that the lecturer moves writes into the
lecture, never into another widget.  What the inspector explains at the current step is
worked out here too (`inspection`), from the plan's plain `StepState`.

A new lesson (`show_lesson`) comes with its own step and an empty selection and fires one
event, ``prepared``: its listeners redraw everything from the lecture as it is then.

Predict-the-gradient mode (`predicting`): each step taken forward comes `veiled`, its new
numbers (a value, a local derivative, a contribution) shown as "?" in `state()` until
`reveal()`, so the room answers first.  A step change sets `veiled` along with the step (the
step's listeners redraw it); ``events.veiled`` fires when `reveal` or turning the mode off
changes it at the same step.  Exports draw the plan's own states, always revealed.  The
step is the player's position, so ``events.step`` is ``player.events.position``.

Collapsed groups (`collapsed`, K in the window): each of the lesson's `[groups]` is drawn as
one labelled box, except the groups the current step enters, which open while it is in
them (`boxes()`, from `graph.groups.closed_groups`); ``events.collapsed`` fires when the
lecturer turns it on or off, and a step's listeners ask `boxes()` again.  Selecting a node
inside a closed box (a click on the box, Ctrl+F) opens that box until the step moves or K is
pressed: ``events.opened`` fires with the groups so opened (`selected` already the node),
before ``selected``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gradviz.catalog import LANGUAGES
from gradviz.graph.caption import Notation, notation_of
from gradviz.graph.groups import closed_groups, group_of
from gradviz.graph.layout import Layout
from gradviz.graph.model import Node
from gradviz.graph.stepstate import FORWARD, StepState
from gradviz.graph.veil import veiled_state
from gradviz.lecture.events import Event
from gradviz.lecture.player import Player
from gradviz.lesson.prepare import PreparedLesson

THEME_NAMES = ("light", "dark")
TEXT_SCALES = (0.5, 3.0)  # the smallest and largest text size
TEXT_SCALE_STEP = 1.15  # View → larger text multiplies the text size by this


class Inspection(NamedTuple):
    """What the inspector shows: the step's text, one node, its gradient and note."""

    step_text: str
    node: Node | None
    grad: np.ndarray | None
    note: str
    value_known: bool
    tensors: list[tuple[str, np.ndarray]]  # the arrays behind the step's text
    names: tuple[str, list[str]] | tuple[str, tuple]  # an op's result and arguments
    notation: Notation | None = None  # the graph's names as the course writes them (W^[1])


class LectureEvents:
    def __init__(self, step: Event[int]) -> None:
        self.prepared: Event[PreparedLesson | None] = Event("prepared")
        self.step = step
        self.selected: Event[int | None] = Event("selected")
        self.language: Event[str] = Event("language")
        self.theme: Event[str] = Event("theme")
        self.text_scale: Event[float] = Event("text_scale")
        self.predicting: Event[bool] = Event("predicting")
        self.veiled: Event[bool] = Event("veiled")
        self.collapsed: Event[bool] = Event("collapsed")
        self.opened: Event[frozenset[int]] = Event("opened")


class Lecture:
    def __init__(self, language: str = "es", theme: str = "light",
                 text_scale: float = 1.0) -> None:
        self.player = Player(first=-1, last=-1)
        self.events = LectureEvents(self.player.events.position)
        self.prepared: PreparedLesson | None = None
        self.layout: Layout | None = None
        self._selected: int | None = None
        self._language = _checked_language(language)
        self._theme = _checked_theme(theme)
        self._text_scale = _clamped_scale(text_scale)
        self._predicting = False
        self._veiled = False
        self._collapsed = False
        self._opened: frozenset[int] = frozenset()  # boxes the lecturer opened (`selected`)
        self._shown_step = -1  # the step before the last move: forward moves are veiled
        # Connected first, so the selection is cleared before anyone hears of the new step.
        self.events.step.connect(self._step_moved)

    # ── the lesson and the step ──────────────────────────────────────────────────────────
    def show_lesson(self, prepared: PreparedLesson, layout: Layout, step: int = -1) -> None:
        """A new lesson at `step`, nothing selected; fires ``prepared`` once."""
        self.prepared, self.layout = prepared, layout
        self._selected = None
        self._veiled = False
        self._opened = frozenset()
        self._shown_step = step
        self.player.reset(-1, prepared.plan.last, step)
        self.events.prepared.emit(prepared)

    @property
    def step(self) -> int:
        return self.player.position

    @step.setter
    def step(self, k: int) -> None:
        """Go to step k (clamped); asking for a step, even the one shown, returns the
        inspector from a clicked node to the step's explanation."""
        if self.prepared is None:
            return
        self.player.seek(k)
        if self.player.position >= 0:
            self.selected = None

    def _step_moved(self, k: int) -> None:
        # A step forward in predict mode comes veiled; back to a step seen, or a jump
        # backwards, shows its numbers.
        self._veiled = self._predicting and k > self._shown_step and k >= 0
        self._shown_step = k
        self._opened = frozenset()  # the boxes the lecturer opened close with the step
        if k >= 0:  # a step taken is what the inspector explains, not the clicked node
            self.selected = None

    def state(self) -> StepState | None:
        """What the screen shows at the step: the plan's state, its new numbers "?" while
        the step is veiled."""
        if self.prepared is None:
            return None
        state = self.prepared.plan.state(self.step)
        return veiled_state(self.prepared.graph, state) if self._veiled else state

    # ── predict-the-gradient mode ────────────────────────────────────────────────────────
    @property
    def predicting(self) -> bool:
        return self._predicting

    @predicting.setter
    def predicting(self, on: bool) -> None:
        on = bool(on)
        if on != self._predicting:
            self._predicting = on
            self.events.predicting.emit(on)
            if not on:
                self.reveal()

    @property
    def veiled(self) -> bool:
        """Whether the current step's new numbers are hidden."""
        return self._veiled

    def reveal(self) -> bool:
        """Show the current step's numbers; False when nothing was hidden."""
        if not self._veiled:
            return False
        self._veiled = False
        self.events.veiled.emit(False)
        return True

    # ── collapsed groups ─────────────────────────────────────────────────────────────────
    @property
    def collapsed(self) -> bool:
        return self._collapsed

    @collapsed.setter
    def collapsed(self, on: bool) -> None:
        on = bool(on)
        if on != self._collapsed:
            self._collapsed = on
            self._opened = frozenset()
            self.events.collapsed.emit(on)

    def boxes(self) -> frozenset[int]:
        """The indices of the groups (`graph.groups`) drawn as one closed box now: none
        unless collapsed; then all but those the current step enters."""
        if not self._collapsed or self.prepared is None or not self.prepared.graph.groups:
            return frozenset()
        plan, k = self.prepared.plan, self.step
        closed = closed_groups(self.prepared.graph, plan.steps[k] if k >= 0 else None)
        return closed - self._opened

    def _open_box_of(self, node_id: int | None) -> None:
        """Open the closed box `node_id` is inside, if any (fires ``opened``)."""
        if node_id is None or not self._collapsed or self.prepared is None:
            return
        group = group_of(self.prepared.graph.groups).get(node_id)
        if group is not None and group in self.boxes():
            self._opened |= {group}
            self.events.opened.emit(self._opened)

    def jump_to(self, where: str) -> None:
        """"first", "last" or "backward" (where the gradients start)."""
        if self.prepared is not None:
            plan = self.prepared.plan
            self.step = {"first": -1, "last": plan.last, "backward": plan.backward_start}[where]

    # ── the selection ────────────────────────────────────────────────────────────────────
    @property
    def selected(self) -> int | None:
        return self._selected

    @selected.setter
    def selected(self, node_id: int | None) -> None:
        changed = node_id != self._selected
        self._selected = node_id
        self._open_box_of(node_id)  # a node found or clicked inside a box is shown
        if changed:
            self.events.selected.emit(node_id)

    def find_value(self, name: str) -> int | None:
        """The id of the value node called `name` (not an op), or None; a lesson's code name
        finds the node its `[labels]` entry draws (``logits`` finds z^[2])."""
        if self.prepared is not None:
            name = name.strip()
            name = self.prepared.lesson.labels.get(name, name)
            for node in self.prepared.graph.nodes:
                if not node.is_op and node.name == name:
                    return node.id
        return None

    # ── language, theme, text size ───────────────────────────────────────────────────────
    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, lang: str) -> None:
        lang = _checked_language(lang)
        if lang != self._language:
            self._language = lang
            self.events.language.emit(lang)

    @property
    def theme(self) -> str:
        return self._theme

    @theme.setter
    def theme(self, name: str) -> None:
        name = _checked_theme(name)
        if name != self._theme:
            self._theme = name
            self.events.theme.emit(name)

    @property
    def text_scale(self) -> float:
        return self._text_scale

    @text_scale.setter
    def text_scale(self, scale: float) -> None:
        scale = _clamped_scale(scale)
        if scale != self._text_scale:
            self._text_scale = scale
            self.events.text_scale.emit(scale)

    def scale_text(self, factor: float) -> None:
        """Larger (factor > 1) or smaller text, within `TEXT_SCALES`."""
        self.text_scale = self._text_scale * factor

    # ── what the inspector explains ──────────────────────────────────────────────────────
    def inspection(self) -> Inspection | None:
        """The selected node, or else the current step's node and the step's text."""
        state = self.state()
        if state is None:
            return None
        graph = self.prepared.graph
        explaining = self._selected is None
        node_id = self._selected if not explaining else (
            state.step.node if state.step else None)
        node = graph.nodes[node_id] if node_id is not None else None
        text = state.step.text.get(self._language, "") if state.step and explaining else ""
        hidden = node_id in state.veiled
        grad = state.grads.get(node_id) if node_id is not None and not (
            hidden and state.step.phase != FORWARD) else None
        known = node is None or node.is_op or (node_id in state.values and not (
            hidden and state.step.phase == FORWARD))
        note = self.prepared.note_in(node.name, self._language) if node is not None and not (
            node.is_op) else ""
        names: tuple = ("", ())
        if node is not None and node.is_op:
            names = (graph.nodes[graph.outputs_of(node.id)[0].dst].name,
                     [graph.nodes[e.src].name for e in graph.inputs_of(node.id)])
        tensors = self._step_tensors(state) if explaining else []
        return Inspection(text, node, grad, note, known, tensors, names, notation_of(graph))

    def _step_tensors(self, state: StepState) -> list[tuple[str, np.ndarray]]:
        """The arrays behind the current step's text, for the inspector's heatmaps."""
        if state.step is None or not state.step.contributions:
            return []
        graph = self.prepared.graph
        out = graph.nodes[graph.output].name
        first = state.step.contributions[0]
        result = graph.outputs_of(first.edge.dst)[0].dst
        tensors = [(f"∂{out}/∂{graph.nodes[result].name}", first.upstream)]
        if state.veiled:  # what flows back is for the room to work out first
            return tensors
        for c in state.step.contributions:
            tensors.append((f"→ ∂{out}/∂{graph.nodes[c.edge.src].name}", c.value))
        return tensors


def _checked_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


def _checked_theme(name: str) -> str:
    if name not in THEME_NAMES:
        raise ValueError(f"unknown theme {name!r}; expected one of {', '.join(THEME_NAMES)}")
    return name


def _clamped_scale(scale: float) -> float:
    low, high = TEXT_SCALES
    return round(min(max(float(scale), low), high), 3)
