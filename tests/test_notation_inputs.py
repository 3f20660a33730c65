"""An input used in an expression keeps its name: data ``y`` is drawn as y, and what the
lesson computes from it (``-y``, ``1 - y``, msle_loss's log(y + 1)) as ops from y, never as
nameless constants ("-1", "0", "c1"); a cross_entropy target keeps its label."""

from __future__ import annotations

import numpy as np
import pytest

from gradviz.lesson.parser import parse_lesson
from gradviz.lesson.prepare import prepare_lesson

BCE = """
[lesson]
title = "t"
dtype = "float64"
level = "{level}"
[inputs]
z2 = {{ value = 0.3, grad = true }}
y = 1.0
[graph]
code = '''
a2 = sigmoid(z2)
L = -y*log(a2) - (1-y)*log(1-a2)
'''
"""


def _prepare(tmp_path, source: str, name: str = "l.toml"):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return prepare_lesson(str(path))


def _values(graph):
    return [n for n in graph.nodes if not n.is_op]


def _parents(graph, node_id):
    if not graph.inputs_of(node_id):
        return []
    op = graph.inputs_of(node_id)[0].src
    return [graph.nodes[e.src].name for e in graph.inputs_of(op)]


@pytest.mark.parametrize("level", ["tensor", "scalar"])
def test_bce_written_out_draws_y_once_and_its_ops(tmp_path, level):
    prepared = _prepare(tmp_path, BCE.format(level=level))
    g = prepared.graph
    names = [n.name for n in _values(g)]
    assert names.count("y") == 1
    assert "-1" not in names and "0" not in names
    y = next(n for n in g.nodes if n.name == "y")
    # y feeds the neg of −y and the rsub of 1 − y, and no gradient reaches it
    consumers = sorted(g.nodes[e.dst].op for e in g.outputs_of(y.id))
    assert consumers == ["neg", "rsub"]
    assert not y.requires_grad and y.grad is None
    # −y and 1 − y are data: computed in the forward pass, never given a gradient
    data = [n for n in _values(g) if n.id != y.id and "y" in _parents(g, n.id)]
    assert len(data) == 2
    assert all(not n.requires_grad and n.grad is None for n in data)
    assert sorted(float(n.value) for n in data) == [-1.0, 0.0]


def test_bce_gradient_is_the_engines_and_torchs(tmp_path):
    torch = pytest.importorskip("torch")
    g = _prepare(tmp_path, BCE.format(level="tensor")).graph
    z = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    a = torch.sigmoid(z)
    y = torch.tensor(1.0, dtype=torch.float64)
    (-y * torch.log(a) - (1 - y) * torch.log(1 - a)).backward()
    z2 = next(n for n in g.nodes if n.name == "z2")
    assert abs(float(z2.grad) - z.grad.item()) <= 1e-12
    # no backward step explains a gradient for data
    assert all(flow.edge.src != next(n.id for n in g.nodes if n.name == "y")
               for ob in g.backward for flow in ob.flows)


def test_cross_entropy_target_keeps_its_label(tmp_path):
    source = """
[lesson]
title = "t"
[inputs]
logits = { randn = [3, 3], grad = true }
labels = { value = [0, 2, 1], label = "y" }
[graph]
code = "L = cross_entropy(logits, labels)"
"""
    prepared = _prepare(tmp_path, source)
    g = prepared.graph
    names = [n.name for n in _values(g)]
    assert names == ["logits", "y", "L"]
    from gradviz.graph.layout import layout_positions
    from gradviz.lecture.state import Lecture

    lecture = Lecture(language="en")
    lecture.show_lesson(prepared, layout_positions(g))
    ce = next(n for n in g.nodes if n.op == "cross_entropy")
    lecture.selected = ce.id
    assert lecture.inspection().names == ("L", ["logits", "y"])
    lecture.step = 0
    assert "onehot(y)" in prepared.plan.steps[-1].text["en"]
    assert "c1" not in prepared.plan.steps[0].text["en"]


def test_msle_log_of_target_is_drawn_from_the_target(tmp_path):
    source = """
[lesson]
title = "t"
dtype = "float64"
[inputs]
p = { value = [2.0, 3.0], grad = true }
y = [1.0, 4.0]
[graph]
code = "L = msle_loss(p, y)"
"""
    g = _prepare(tmp_path, source).graph
    names = [n.name for n in _values(g)]
    assert "c1" not in names and names.count("y") == 1
    y = next(n for n in g.nodes if n.name == "y")
    (edge,) = g.outputs_of(y.id)
    log = g.nodes[edge.dst]
    assert log.op == "log1p"
    result = g.nodes[g.outputs_of(log.id)[0].dst]
    np.testing.assert_allclose(result.value, np.log1p([1.0, 4.0]), rtol=0, atol=1e-12)
    assert not result.requires_grad


def test_data_expressions_of_any_op_keep_their_inputs(tmp_path):
    """The class, not the cases: every op on data alone is drawn from the data's node."""
    source = """
[lesson]
title = "t"
dtype = "float64"
[inputs]
w = { value = [1.0, 2.0], grad = true }
x = [3.0, 4.0]
m = [[1.0, 0.0], [0.0, 2.0]]
[graph]
code = '''
k = exp(x) / sum(x) + m @ x - sqrt(x) * 2
L = sum(w * k)
'''
"""
    prepared = _prepare(tmp_path, source)
    g = prepared.graph
    data = [n for n in _values(g) if not n.is_leaf and not n.requires_grad]
    assert data, "the data expression is drawn op by op"
    leaves = {n.name for n in _values(g) if n.is_leaf}
    assert leaves == {"w", "x", "m", "2"}
    k = next(n for n in g.nodes if n.name == "k")
    x = np.array([3.0, 4.0])
    np.testing.assert_allclose(k.value, np.exp(x) / x.sum() + np.array([3.0, 8.0])
                               - np.sqrt(x) * 2, rtol=0, atol=1e-12)
    w = next(n for n in g.nodes if n.name == "w")
    np.testing.assert_allclose(w.grad, k.value, rtol=0, atol=1e-12)
    # the plan reveals data results at their forward step and gives them no gradient
    plan = prepared.plan
    assert k.id not in plan.state(-1).values and k.id in plan.state(plan.last).values
    assert k.id not in plan.state(plan.last).grads


def test_user_code_outside_lessons_keeps_pytorch_leaves():
    """Only lessons record ops on data: a user's own tensors behave as in PyTorch."""
    from gradviz.engine import api as gv

    y = gv.tensor([1.0, 2.0])
    d = 1 - y
    assert d.is_leaf and d.grad_fn is None


def test_parse_only_is_unchanged():
    lesson = parse_lesson(BCE.format(level="tensor"), "x.toml")
    assert [s.target for s in lesson.statements] == ["a2", "L"]
