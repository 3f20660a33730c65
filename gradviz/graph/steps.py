"""`StepPlan`: the forward pass op by op, then the backward pass edge by edge.

Forward steps follow the topological order; the backward pass starts by seeding
``∂out/∂out = 1`` and then visits each op in reverse order, showing the upstream gradient,
each local derivative and each contribution.  A value used more than once gets an extra
step once all its contributions have arrived: the running sum the slides explain.

`plan.state(k)` is a pure function of (graph, k) — stepping back costs what stepping
forward costs — and after the last step every gradient is the engine's `.grad`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from gradviz.engine.ops import REGISTRY
from gradviz.graph import caption, step_text
from gradviz.graph.backprop import consumers, replay_backward
from gradviz.graph.model import Graph
from gradviz.graph.stepstate import BACKWARD, FORWARD, Contribution, Step, StepState


@dataclass(frozen=True)
class _Delta:
    """What one step changes: values revealed, gradients set, nodes finished."""

    values: tuple[int, ...] = ()
    grads: tuple[tuple[int, np.ndarray], ...] = ()
    done: tuple[int, ...] = ()


class StepPlan:
    def __init__(self, graph: Graph):
        self.graph = graph
        self._notation = caption.Notation(n.name for n in graph.nodes)
        steps: list[Step] = []
        deltas: list[_Delta] = []
        self._forward(steps, deltas)
        self.backward_start = len(steps)
        self._backward(steps, deltas)
        self.steps: tuple[Step, ...] = tuple(steps)
        self._deltas = tuple(deltas)
        self.initial_values = frozenset(n.id for n in graph.nodes if not n.is_op and n.is_leaf)

    def __len__(self) -> int:
        return len(self.steps)

    def then(self, steps: tuple[Step, ...]) -> StepPlan:
        """This plan with `steps` after its last (a training iteration's parameter updates):
        they reveal no value and set no gradient; each finishes its own node."""
        plan = copy.copy(self)
        plan.steps = self.steps + tuple(steps)
        plan._deltas = self._deltas + tuple(_Delta(done=(step.node,)) for step in steps)
        return plan

    @property
    def last(self) -> int:
        return len(self.steps) - 1

    def same_point(self, k: int, other: StepPlan) -> int:
        """The step of `other` (the same lesson at the other level) that shows as much of the
        pass as step k of this plan: before the start, the end and the switch between the
        passes map to themselves; a step inside a pass to the same share of that pass."""
        if k < 0:
            return -1
        if k >= self.last:
            return other.last
        if k < self.backward_start:
            share = (k + 1) / self.backward_start
            return min(max(round(share * other.backward_start) - 1, 0), other.backward_start - 1)
        done = (k - self.backward_start + 1) / (self.last - self.backward_start + 1)
        span = other.last - other.backward_start + 1
        return min(max(other.backward_start - 1 + round(done * span), other.backward_start),
                   other.last)

    def phase_of(self, k: int) -> str | None:
        if k < 0:
            return None
        return FORWARD if k < self.backward_start else BACKWARD

    def state(self, k: int) -> StepState:
        """What is known after step k (k = −1: before the first step)."""
        if not -1 <= k <= self.last:
            raise IndexError(f"step {k} is outside 0..{self.last}")
        values = set(self.initial_values)
        grads: dict[int, np.ndarray] = {}
        done: set[int] = set()
        for i in range(k + 1):
            delta = self._deltas[i]
            values.update(delta.values)
            grads.update(delta.grads)
            if i == self.backward_start:
                done.clear()  # the backward pass marks its own finished nodes
            done.update(delta.done)
        step = self.steps[k] if k >= 0 else None
        return StepState(k, step, frozenset(values), grads, frozenset(done))

    # ── building ─────────────────────────────────────────────────────────────────────────
    def _forward(self, steps: list[Step], deltas: list[_Delta]) -> None:
        g = self.graph
        for node in g.nodes:
            if not node.is_op:
                continue
            args = [g.nodes[e.src] for e in g.inputs_of(node.id)]
            result = g.nodes[g.outputs_of(node.id)[0].dst]
            text = step_text.forward_text(node, args, result)
            steps.append(Step(FORWARD, node.id, text,
                              caption=caption.forward_caption(node, args, result,
                                                              self._notation)))
            deltas.append(_Delta(values=(result.id,), done=(node.id, result.id)))

    def _backward(self, steps: list[Step], deltas: list[_Delta]) -> None:
        g = self.graph
        out = g.nodes[g.output]
        seed = np.ones_like(np.asarray(out.value))
        steps.append(Step(BACKWARD, out.id, step_text.seed_text(out),
                          caption=caption.seed_caption(out, self._notation)))
        deltas.append(_Delta(grads=((out.id, seed),), done=(out.id,)))
        expected = consumers(g)
        history: dict[int, list[np.ndarray]] = {}
        # `record` has replayed the backward pass already; a hand-built graph is replayed here.
        op_steps = g.backward if g.backward is not None else replay_backward(g)[0]
        for ob in op_steps:
            op, result = g.nodes[ob.op_node], g.nodes[ob.result]
            contributions, texts, grads, done, sums = [], [], [], [ob.op_node], []
            flows, derivatives = [], []
            row = REGISTRY.get(op.op)
            arg_shapes = [g.nodes[e.src].shape for e in g.inputs_of(op.id)]
            arg_names = [g.nodes[e.src].name for e in g.inputs_of(op.id)]
            # An input smaller than the others was broadcast: its gradient is summed back.
            full = np.broadcast_shapes(*arg_shapes) if row and row.broadcasts else None
            for flow in ob.flows:
                parent = g.nodes[flow.edge.src]
                broadcast = full is not None and np.shape(flow.value) != full
                derivative = step_text.derivative_text(op, flow.edge.arg, result.name,
                                                       arg_names)
                text = step_text.flow_text(out, result, parent, ob.upstream, flow, broadcast,
                                           derivative)
                texts.append(text)
                flows.append((parent, flow, broadcast))
                derivatives.append(derivative)
                contributions.append(Contribution(flow.edge, ob.upstream, flow.value, text))
                grads.append((parent.id, np.asarray(flow.running)))
                history.setdefault(parent.id, []).append(flow.value)
                if flow.count == expected.get(parent.id, 0):
                    if flow.count > 1:
                        sums.append((parent, flow.running))
                    else:
                        done.append(parent.id)
            text = step_text.op_step_text(out, op, result, ob.upstream, texts, arg_names)
            told = caption.op_caption(out, op, result, ob.upstream, flows, arg_names,
                                      derivatives, self._notation)
            steps.append(Step(BACKWARD, op.id, text, tuple(contributions), told))
            deltas.append(_Delta(grads=tuple(grads), done=tuple(done)))
            for parent, total in sums:
                parts = tuple(history[parent.id])
                text = step_text.accumulate_text(out, parent, parts, total)
                told = caption.accumulate_caption(out, parent, parts, total, self._notation)
                steps.append(Step(BACKWARD, parent.id, text, caption=told))
                deltas.append(_Delta(done=(parent.id,)))
