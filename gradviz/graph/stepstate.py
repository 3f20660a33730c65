"""What the screen shows at one step of a plan: plain data, a pure function of (graph, k).

`StepPlan.state(k)` (in `gradviz.graph.steps`) returns a `StepState`; the view draws a graph
from it and never computes anything itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from gradviz.graph.model import Edge

FORWARD = "forward"
BACKWARD = "backward"


@dataclass(frozen=True)
class Contribution:
    """One edge's share of the chain rule: upstream gradient × local derivative."""

    edge: Edge  # the value → op edge the gradient flows back along (src is the parent)
    upstream: np.ndarray  # ∂out/∂(op's result)
    value: np.ndarray  # contribution to ∂out/∂(src), already summed over broadcast axes
    text: Mapping[str, str] = field(default_factory=dict)  # language → "∂c/∂a = ... = 1"


@dataclass(frozen=True)
class Step:
    phase: str  # FORWARD or BACKWARD
    node: int  # the node this step computes
    text: Mapping[str, str]  # language ("es", "en") → inspector text, written when shown
    contributions: tuple[Contribution, ...] = ()
    # language → `gradviz.graph.caption.Caption`: the chain rule typeset, written when shown
    caption: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class StepState:
    index: int  # k, 0-based; -1 means "before the first step"
    step: Step | None  # the step just taken (None before the first)
    values: frozenset[int]  # node ids whose forward value is known
    grads: dict[int, np.ndarray]  # node id → gradient known so far (running sum)
    done: frozenset[int]  # nodes whose step in the current pass is finished
    # predict mode: the nodes whose new number is written "?" until revealed (`graph.veil`)
    veiled: frozenset[int] = frozenset()
