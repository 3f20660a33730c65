"""`gradviz.show` / `gradviz.draw`: a student's own code, drawn with its variable names."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

import gradviz as torch
import gradviz.nn.functional as F
from gradviz.app.show import names_from
from gradviz.lesson.prepare import prepare_root

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def course_snippet():
    torch.manual_seed(0)
    X = torch.randn(4, 3)
    Y = torch.ones(4, 2)
    W = torch.randn(3, 2, requires_grad=True)
    b = torch.randn(2, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(X @ W + b, Y)
    loss.backward()
    return locals()


def test_names_come_from_the_callers_variables():
    scope = course_snippet()
    prepared = prepare_root(scope["loss"], names_from(scope), "snippet")
    names = {n.name for n in prepared.graph.nodes if not n.is_op}
    assert {"X", "Y", "W", "b", "loss"} <= names
    by_name = {n.name: n.id for n in prepared.graph.nodes if not n.is_op}
    final = prepared.plan.state(prepared.plan.last)
    assert np.array_equal(final.grads[by_name["W"]], scope["W"].grad.numpy())


def test_a_models_parameters_take_their_pytorch_names():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    x = torch.randn(5, 3)
    bias = model[2].bias  # a variable of its own: its name wins
    loss = model(x).pow(2).mean()
    loss.backward()
    prepared = prepare_root(loss, names_from(locals()), "model")
    names = {n.name for n in prepared.graph.nodes if not n.is_op}
    assert {"model.0.weight", "model.0.bias", "model.2.weight", "bias", "x", "loss"} <= names


def test_draw_writes_the_png_of_a_step(tmp_path, qapp):
    torch.manual_seed(1)
    w = torch.randn(3, requires_grad=True)
    x = torch.tensor([1.0, -2.0, 0.5])
    loss = (w * x).sum().sigmoid()
    loss.backward()
    start = torch.draw(loss, tmp_path / "start.png", step="start")
    end = torch.draw(loss, tmp_path / "end.png", title="Neurona")
    a, b = QImage(str(start)), QImage(str(end))
    assert a.width() > 200 and b.width() > 200 and a != b


def test_draw_of_a_value_graph(tmp_path, qapp):
    a = torch.Value(2.0, label="a")
    c = (a * a + a).tanh()
    c.backward()
    path = torch.draw(c, tmp_path / "v.png", theme="dark", scale=1.0)
    assert QImage(str(path)).width() > 100


def test_show_opens_the_window_on_the_graph(qtbot):
    scope = course_snippet()
    W, loss = scope["W"], scope["loss"]  # show() names nodes after the caller's variables
    window = torch.show(loss, title="Mi red", block=False)
    qtbot.addWidget(window)
    window.wait_for_layout()
    assert window.prepared is not None and window.prepared.title == "Mi red"
    window.set_step(window.prepared.plan.last)
    grads = window.state().grads
    node = next(n for n in window.prepared.graph.nodes if n.name == "W")
    assert np.array_equal(grads[node.id], W.grad.numpy())
    window.change_text_scale(1.2)  # re-lays out a graph that has no file
    assert window.scene is not None
    window.close()


def test_a_graph_whose_weights_changed_after_the_forward_pass_is_refused():
    from gradviz.graph.stale import StaleGraphError

    a = torch.tensor([2.0, 5.0], requires_grad=True)
    b = a * 3
    loss = b.sum()
    loss.backward()
    prepare_root(loss, names_from(locals()))  # current: fine
    with torch.no_grad():
        a -= 0.5 * a.grad
    with pytest.raises(StaleGraphError, match=r"^a changed after the forward pass that computed "
                                              r"loss"):
        prepare_root(loss, names_from(locals()))


def test_a_model_stepped_by_an_optimizer_is_refused_and_a_fresh_loss_is_drawn():
    from gradviz.graph.stale import StaleGraphError

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    x, y = torch.randn(5, 3), torch.tensor([0, 1, 1, 0, 1])
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    with pytest.raises(StaleGraphError, match="model.0.weight"):
        prepare_root(loss, names_from(locals()))
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    prepare_root(loss, names_from(locals()))


def test_a_micrograd_style_update_of_a_value_is_refused():
    from gradviz.graph.stale import StaleGraphError

    w, x = torch.Value(2.0, label="w"), torch.Value(3.0, label="x")
    loss = w * x + 1.0
    loss.backward()
    w.data += -0.1 * w.grad
    with pytest.raises(StaleGraphError, match="w"):
        prepare_root(loss)


def test_a_value_update_is_refused_after_any_op_its_row_can_run_again():
    from gradviz.graph.stale import StaleGraphError, check_current

    w = torch.Value(0.8, label="w")
    loss = (w.tanh() * 2.0).sigmoid()
    check_current(loss)  # current: numpy's tanh and Value's agree within rounding
    w.data = 0.3
    with pytest.raises(StaleGraphError, match="w"):
        check_current(loss)


def test_the_stale_check_sees_through_views_blames_the_parameter_and_accepts_nan():
    import numpy as np

    from gradviz.graph.stale import StaleGraphError, check_current

    W = torch.randn(3, 3, requires_grad=True)
    x = torch.randn(3, 3)
    h = W.T  # a view: it changes with W
    loss = (h * x).sum()
    loss.backward()
    with torch.no_grad():
        W -= 0.1 * W.grad
    with pytest.raises(StaleGraphError, match=r"^W changed"):
        check_current(loss, names_from(locals()))
    idx = np.array([0, 1, 2])  # an epoch loop shuffles its index array in place: not a change
    P = torch.randn(5, requires_grad=True)
    picked = P[idx].sum()
    idx[:] = [3, 4, 0]
    check_current(picked)
    check_current(torch.Value(float("nan"), label="a") + torch.Value(1.0, label="b"))
