"""The lecture window: open, step, inspect, reload, switch language and theme, export.

Each test builds one `LectureWindow` on a settings file in tmp_path (the user's own
preferences are never read or written), shows it offscreen and drives it the way a lecturer
does: keys, the scrubber, the buttons, the menus.  What the window shows is checked against
the engine's own numbers, and against `export_step` for the PNGs.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from gradviz.app.exporting import export_step
from gradviz.app.palette import DARK_PANEL
from gradviz.app.settings import Preferences
from gradviz.app.window import LectureWindow
from gradviz.lesson.prepare import SCALAR, TENSOR

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GRAPH_EXAMPLES = [
    p for p in sorted(EXAMPLES.glob("*.toml")) if "graph" in tomllib.loads(p.read_text("utf-8"))
]
SLIDE = EXAMPLES / "grafo_slide.toml"
NEURON = EXAMPLES / "neurona_sigmoide.toml"


# ── fixtures and helpers ─────────────────────────────────────────────────────────────────
pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def preferences(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def opened(window: LectureWindow, path: Path) -> LectureWindow:
    assert window.open_file(path), window.errors
    assert window.prepared is not None
    return window


def engine_grad(prepared, node_name: str) -> np.ndarray | None:
    """The engine's `.grad` for a leaf; scalar nodes ``w[1,0]`` index their tensor's grad."""
    name, _, index = node_name.partition("[")
    tensor = prepared.run.values[name]
    if tensor.grad is None:
        return None
    grad = np.asarray(tensor.grad.numpy())
    if index:
        grad = grad[tuple(int(i) for i in index.rstrip("]").split(","))]
    return grad


def named_leaves(prepared):
    """Leaf value nodes the lesson named (inputs), not the constants the engine wrapped."""
    return [
        n
        for n in prepared.graph.nodes
        if not n.is_op and n.is_leaf and n.name.partition("[")[0] in prepared.run.values
    ]


def gradient_leaves(prepared):
    return [n for n in named_leaves(prepared) if engine_grad(prepared, n.name) is not None]


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : 4 * w].reshape(h, w, 4).copy()


def press(qtbot, window: LectureWindow, key: Qt.Key) -> int:
    qtbot.keyClick(window, key)
    return window.step


# ── gradients: what the window shows is what the engine computed ─────────────────────────
@pytest.mark.parametrize("path", GRAPH_EXAMPLES, ids=lambda p: p.stem)
def test_last_step_shows_the_engines_leaf_gradients(window, path):
    opened(window, path)
    window.set_step(window.prepared.plan.last)
    state = window.state()
    checked = 0
    for node in gradient_leaves(window.prepared):
        expected = engine_grad(window.prepared, node.name)
        shown = state.grads[node.id]
        np.testing.assert_allclose(shown, expected, rtol=1e-9, atol=1e-12, err_msg=node.name)
        np.testing.assert_array_equal(window.scene.nodes[node.id].grad, shown)
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("path", GRAPH_EXAMPLES, ids=lambda p: p.stem)
def test_data_inputs_show_no_gradient(window, path):
    opened(window, path)
    window.set_step(window.prepared.plan.last)
    state = window.state()
    for node in named_leaves(window.prepared):
        if engine_grad(window.prepared, node.name) is None:  # data: grad = false
            assert state.grads.get(node.id) is None, node.name
            assert window.scene.nodes[node.id].grad is None, node.name


def test_before_the_backward_pass_no_gradient_is_shown(window):
    opened(window, SLIDE)
    window.set_step(window.prepared.plan.backward_start - 1)
    assert window.state().grads == {}
    assert all(item.grad is None for item in window.scene.nodes)


# ── keys ─────────────────────────────────────────────────────────────────────────────────
def test_keys_step_forward_and_back(qtbot, window):
    opened(window, SLIDE)
    assert window.step == -1
    assert press(qtbot, window, Qt.Key.Key_Right) == 0
    assert press(qtbot, window, Qt.Key.Key_PageDown) == 1
    assert press(qtbot, window, Qt.Key.Key_Space) == 2
    assert press(qtbot, window, Qt.Key.Key_Left) == 1
    assert press(qtbot, window, Qt.Key.Key_PageUp) == 0
    assert press(qtbot, window, Qt.Key.Key_PageUp) == -1
    assert press(qtbot, window, Qt.Key.Key_PageUp) == -1  # no step before the first


def test_keys_jump(qtbot, window):
    plan = opened(window, SLIDE).prepared.plan
    assert press(qtbot, window, Qt.Key.Key_End) == plan.last
    assert press(qtbot, window, Qt.Key.Key_PageDown) == plan.last  # no step after the last
    assert press(qtbot, window, Qt.Key.Key_Home) == -1
    assert press(qtbot, window, Qt.Key.Key_B) == plan.backward_start
    assert window.state().step.phase == "backward"
    assert window.prepared.plan.phase_of(plan.backward_start - 1) == "forward"


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Space], ids=lambda k: k.name
)
def test_clicker_keys_step_even_when_the_inspector_has_focus(qtbot, window, key):
    opened(window, SLIDE)
    qtbot.keyClick(window.inspector, key)  # what a clicker does after a click in the text
    assert window.step == 0


def test_p_toggles_play(qtbot, window):
    opened(window, SLIDE)
    window.controls.speed.setCurrentIndex(window.controls.speed.count() - 1)  # fastest
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert window.controls.playing
    qtbot.waitUntil(lambda: window.step >= 1, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert not window.controls.playing
    stopped_at = window.step
    qtbot.wait(400)
    assert window.step == stopped_at


def test_play_stops_at_the_last_step(qtbot, window):
    opened(window, NEURON)
    window.controls.speed.setCurrentIndex(window.controls.speed.count() - 1)
    window.set_step(window.prepared.plan.last - 1)
    qtbot.keyClick(window, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: not window.controls.playing, timeout=3000)
    assert window.step == window.prepared.plan.last


# ── controls: scrubber and buttons, both ways ────────────────────────────────────────────
def test_slider_moves_the_step(window):
    opened(window, SLIDE)
    slider = window.controls.slider
    assert (slider.minimum(), slider.maximum()) == (-1, window.prepared.plan.last)
    slider.setValue(4)
    assert window.step == 4
    assert window.state().index == 4
    slider.setValue(-1)
    assert window.step == -1


def test_controls_follow_the_window(qtbot, window):
    plan = opened(window, SLIDE).prepared.plan
    heard = []
    window.lecture.events.step.connect(heard.append)
    window.set_step(2)  # shown by the controls, not written back by them
    assert heard == [2]
    assert window.controls.slider.value() == 2
    assert window.controls.current == 2
    assert window.controls.label.text() == window.controls.describe(2)
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.controls.slider.value() == plan.last


def test_buttons_move_the_step(qtbot, window):
    plan = opened(window, SLIDE).prepared.plan
    buttons = window.controls.buttons

    def click(name: str) -> int:
        qtbot.mouseClick(buttons[name], Qt.MouseButton.LeftButton)
        return window.step

    assert click("next") == 0
    assert click("next") == 1
    assert click("previous") == 0
    assert click("last") == plan.last
    assert click("next") == plan.last
    assert click("backward") == plan.backward_start
    assert click("first") == -1
    assert click("previous") == -1
    assert window.controls.slider.value() == -1


def test_label_says_which_pass(window):
    window.set_language("en")
    plan = opened(window, SLIDE).prepared.plan
    label = window.controls.label
    assert label.text() == "Before the first step"
    window.set_step(0)
    assert label.text() == f"Forward 1 of {plan.backward_start}"
    window.set_step(plan.last)
    n = len(plan) - plan.backward_start
    assert label.text() == f"Backward {n} of {n}"


# ── bad files keep what was there ────────────────────────────────────────────────────────
def broken_toml(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "broken.toml"
    path.write_text('[lesson]\ntitle = "sin cerrar\n', "utf-8")
    return path, f"{path}:2:"


def unknown_function(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "unknown.toml"
    text = SLIDE.read_text("utf-8")
    assert "c = sum(b)" in text
    path.write_text(text.replace("c = sum(b)", "c = frobnicate(b)"), "utf-8")
    line = text[: text.index("c = sum(b)")].count("\n") + 1
    return path, f"{path}:{line}:"


@pytest.mark.parametrize("make_bad", [broken_toml, unknown_function])
def test_bad_file_keeps_the_graph_and_step(window, tmp_path, make_bad):
    opened(window, SLIDE)
    window.set_step(3)
    before, scene = window.prepared, window.scene
    bad, where = make_bad(tmp_path)
    assert not window.open_file(bad)
    assert window.prepared is before
    assert window.scene is scene
    assert window.step == 3
    assert window.path == SLIDE.resolve()
    assert len(window.errors) == 1
    message = window.errors[0]
    assert message.startswith(where)
    assert re.match(re.escape(str(bad)) + r":\d+:\d+: ", message), message
    if make_bad is unknown_function:
        assert "frobnicate" in message
    assert message.splitlines()[0] in window.statusBar().currentMessage()


def test_bad_file_first_stays_on_the_start_page(window, tmp_path):
    bad, _ = broken_toml(tmp_path)
    assert not window.open_file(bad)
    assert window.prepared is None
    assert window.pages.currentIndex() == 0
    assert window.errors


def test_optimizer_scene_opens_the_surface_page_and_keys_drive_it(window, qtbot):
    optim = EXAMPLES / "optim_rosenbrock.toml"
    opened(window, SLIDE)
    assert window.open_file(optim)
    assert window.showing_surface and window.path == optim.resolve()
    page = window.surface_page
    assert page.step == 0
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert page.step == 2
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert page.step == page.last_step
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert page.step == 0
    window.set_theme("dark")
    window.set_language("en")
    assert window.open_file(SLIDE)  # and back to a graph lesson
    assert not window.showing_surface and window.prepared.title.startswith("Grafo")


def test_surface_export_from_the_window(window, tmp_path):
    assert window.open_file(EXAMPLES / "optim_silla.toml")
    window.surface_page.set_step(5)
    out = tmp_path / "surface.png"
    window.export_graph(str(out))
    assert QImage(str(out)).width() > 1000


# ── language and theme, remembered between runs ──────────────────────────────────────────
def menu_titles(window: LectureWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_language_switch_retranslates_menus_and_controls(window):
    assert window.lang == "es"  # the default
    opened(window, SLIDE)
    window.set_step(0)
    assert menu_titles(window)[:4] == ["&Archivo", "&Ver", "&Paso", "&Idioma"]
    assert window.controls.label.text().startswith("Adelante 1 de")
    assert window.controls.speed_label.text() == "Velocidad"
    window.actions_.languages["en"].trigger()
    QApplication.processEvents()  # Qt posts LanguageChange to each window
    assert window.lang == "en"
    assert menu_titles(window)[:4] == ["&File", "&View", "&Step", "&Language"]
    assert window.controls.label.text().startswith("Forward 1 of")
    assert window.controls.speed_label.text() == "Speed"
    assert window.controls.buttons["next"].toolTip() == "Next step"
    assert window.step == 0  # switching language never moves the step
    window.actions_.languages["es"].trigger()
    QApplication.processEvents()
    assert menu_titles(window)[0] == "&Archivo"
    assert window.controls.buttons["next"].toolTip() == "Paso siguiente"


def test_language_switch_changes_the_step_text(window):
    opened(window, SLIDE)
    window.set_step(window.prepared.plan.backward_start)
    step = window.state().step
    assert step.text["es"] != step.text["en"]
    window.set_language("en")
    assert step.text["en"].splitlines()[0] in window.inspector.toPlainText()
    window.set_language("es")
    assert step.text["es"].splitlines()[0] in window.inspector.toPlainText()


def test_theme_switch_changes_the_scene(window):
    opened(window, SLIDE)
    window.set_step(2)
    assert window.scene.theme.name == "light"
    assert window.scene.backgroundBrush().color() == QColor("#ffffff")
    window.actions_.dark.trigger()
    assert window.theme_name == "dark"
    assert window.scene.theme.name == "dark"
    assert window.scene.backgroundBrush().color() == QColor("#16181d")
    assert window.palette().color(QPalette.ColorRole.Window) == QColor(DARK_PANEL["window"])
    assert window.step == 2
    window.actions_.dark.trigger()
    assert window.scene.theme.name == "light"
    assert window.scene.backgroundBrush().color() == QColor("#ffffff")
    assert window.palette().color(QPalette.ColorRole.Window) != QColor(DARK_PANEL["window"])


def test_preferences_persist_in_the_settings_file(make_window, tmp_path):
    first = make_window()
    first.set_language("en")
    first.actions_.dark.trigger()
    first.change_text_scale(1.15)
    opened(first, SLIDE)
    first.close()
    second = make_window()
    assert (second.lang, second.theme_name) == ("en", "dark")
    assert second.text_scale == pytest.approx(1.15)
    assert second.actions_.dark.isChecked()
    assert second.actions_.languages["en"].isChecked()
    assert menu_titles(second)[0] == "&File"
    assert str(SLIDE.resolve()) in second.prefs.recent
    opened(second, NEURON)
    assert second.scene.theme.name == "dark"
    assert (tmp_path / "s.ini").is_file()


def test_the_menus_show_the_lecture_and_write_into_it(window):
    window.lecture.theme = "dark"
    window.lecture.language = "en"
    assert window.actions_.dark.isChecked() and window.actions_.languages["en"].isChecked()
    assert window.palette().color(QPalette.ColorRole.Window) == QColor(DARK_PANEL["window"])
    window.actions_.dark.trigger()
    window.actions_.languages["es"].trigger()
    assert (window.lecture.theme, window.lecture.language) == ("light", "es")
    assert (window.prefs.theme, window.prefs.language) == ("light", "es")


def test_ctrl_i_hides_and_shows_the_inspector(qtbot, window):
    """Ctrl+I raised "Inspector.setVisible() takes exactly one argument (0 given)"."""
    opened(window, SLIDE)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.inspector.isHidden() and not window.actions_.inspector.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.inspector.isVisible() and window.actions_.inspector.isChecked()


# ── reload on file change ────────────────────────────────────────────────────────────────
W_LINE = "w = { value = [[0.4], [0.3], [-0.6]], grad = true }"


@pytest.fixture
def lesson_copy(tmp_path) -> Path:
    path = tmp_path / "neurona.toml"
    shutil.copy(NEURON, path)
    assert W_LINE in path.read_text("utf-8")
    return path


def rewrite(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_reload_keeps_the_step_when_the_structure_is_the_same(window, lesson_copy):
    opened(window, lesson_copy)
    window.set_step(5)
    old = window.prepared
    rewrite(lesson_copy, "[-0.6]]", "[0.9]]")
    window.reload()
    assert window.prepared is not old
    assert window.step == 5
    assert window.controls.slider.value() == 5
    w = window.prepared.run.values["w"].detach().numpy()
    assert w[2, 0] == pytest.approx(0.9)
    assert not window.errors


def test_reload_resets_the_step_when_the_structure_changes(window, lesson_copy):
    opened(window, lesson_copy)
    window.set_step(5)
    rewrite(lesson_copy, "a = sigmoid(z)", "a = tanh(z)")
    window.reload()
    assert window.step == -1
    assert window.controls.slider.value() == -1
    assert any(n.op == "tanh" for n in window.prepared.graph.nodes)


def test_reload_with_an_error_keeps_everything(window, lesson_copy):
    opened(window, lesson_copy)
    window.set_step(4)
    old = window.prepared
    rewrite(lesson_copy, "a = sigmoid(z)", "a = sigmoide(z)")
    window.reload()
    assert window.prepared is old
    assert window.step == 4
    assert re.match(re.escape(str(lesson_copy)) + r":\d+:\d+: ", window.errors[-1])


def test_saving_the_file_reloads_it(qtbot, window, lesson_copy):
    opened(window, lesson_copy)
    window.set_step(5)
    assert str(lesson_copy.resolve()) in window.watcher.files()
    old = window.prepared
    rewrite(lesson_copy, "[-0.6]]", "[0.9]]")
    qtbot.waitUntil(lambda: window.prepared is not old, timeout=5000)
    assert window.step == 5
    assert window.prepared.run.values["w"].detach().numpy()[2, 0] == pytest.approx(0.9)


def test_an_editor_replacing_the_file_still_reloads(qtbot, window, lesson_copy):
    """Editors save by writing a new file and renaming it over the old one."""
    opened(window, lesson_copy)
    window.set_step(3)
    old = window.prepared
    fresh = lesson_copy.with_suffix(".tmp")
    fresh.write_text(lesson_copy.read_text("utf-8").replace("[-0.6]]", "[0.9]]"), "utf-8")
    fresh.replace(lesson_copy)
    qtbot.waitUntil(lambda: window.prepared is not old, timeout=5000)
    assert window.step == 3
    old = window.prepared  # and the file is still watched after the rename
    rewrite(lesson_copy, "[0.9]]", "[0.7]]")
    qtbot.waitUntil(lambda: window.prepared is not old, timeout=5000)
    assert window.prepared.run.values["w"].detach().numpy()[2, 0] == pytest.approx(0.7)


# ── selecting a node ─────────────────────────────────────────────────────────────────────
def node_named(window: LectureWindow, name: str):
    return next(n for n in window.prepared.graph.nodes if not n.is_op and n.name == name)


def test_select_node_shows_it_in_the_inspector(window):
    opened(window, NEURON)
    window.set_step(window.prepared.plan.last)
    w = node_named(window, "w")
    window.select_node(w.id)
    assert window.selected == w.id
    text = window.inspector.toPlainText()
    assert text.splitlines()[0].startswith("w ")
    assert "Gradiente" in text
    assert window.prepared.notes_for("w").splitlines()[0] in text


def test_clicking_a_node_selects_it(qtbot, window):
    opened(window, NEURON)
    window.set_step(window.prepared.plan.last)
    b = node_named(window, "b")
    centre = window.scene.root.mapToScene(QPointF(*window.layout_.centers[b.id]))
    window.canvas.centerOn(centre)
    point = window.canvas.mapFromScene(centre)
    with qtbot.waitSignal(window.scene.node_clicked) as clicked:
        qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [b.id]
    assert window.selected == b.id
    assert window.inspector.toPlainText().startswith("b ")


def test_language_switch_keeps_the_selected_node(window):
    opened(window, NEURON)
    window.set_step(window.prepared.plan.last)
    w = node_named(window, "w")
    window.select_node(w.id)
    window.set_language("en")
    assert window.selected == w.id
    assert "Gradient" in window.inspector.toPlainText()


def test_stepping_after_a_click_returns_to_the_step_text(qtbot, window):
    opened(window, NEURON)
    window.set_step(0)
    window.select_node(node_named(window, "b").id)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.selected is None
    assert window.inspector.toPlainText().startswith("Paso")


# ── scalar view ──────────────────────────────────────────────────────────────────────────
def test_scalar_view_has_more_nodes_and_the_same_gradients(qtbot, window):
    opened(window, NEURON)
    tensor = window.prepared
    assert tensor.level == TENSOR and not window.actions_.scalar.isChecked()
    window.actions_.scalar.trigger()
    scalar = window.prepared
    assert scalar.level == SCALAR and window.actions_.scalar.isChecked()
    assert len(scalar.graph.nodes) > len(tensor.graph.nodes)
    assert len(window.scene.nodes) == len(scalar.graph.nodes)
    window.set_step(scalar.plan.last)
    grads = window.state().grads
    checked = 0
    for leaf in gradient_leaves(tensor):
        tensor_grad = engine_grad(tensor, leaf.name)
        for index in np.ndindex(tensor_grad.shape):
            name = f"{leaf.name}[{','.join(map(str, index))}]"
            node = node_named(window, name)
            assert grads[node.id] == pytest.approx(tensor_grad[index], abs=1e-9), name
            checked += 1
    assert checked == 4  # w (3×1) and b (1)
    window.actions_.scalar.trigger()
    assert window.prepared.level == TENSOR
    assert len(window.scene.nodes) == len(tensor.graph.nodes)


def test_scalar_view_keeps_the_point_of_the_lesson(qtbot, window):
    opened(window, NEURON)
    tensor = window.prepared.plan
    window.set_step(tensor.last)  # the end stays the end
    window.actions_.scalar.trigger()
    scalar = window.prepared.plan
    assert window.step == scalar.last
    window.set_step(scalar.backward_start)  # the first backward step stays in the backward pass
    window.actions_.scalar.trigger()
    assert window.step == window.prepared.plan.backward_start
    window.set_step(-1)
    window.actions_.scalar.trigger()
    assert window.step == -1


def test_same_point_maps_each_pass_proportionally():
    from gradviz.lesson.prepare import prepare_lesson

    tensor = prepare_lesson(NEURON, TENSOR).plan
    scalar = prepare_lesson(NEURON, SCALAR).plan
    for k in range(-1, tensor.last + 1):
        j = tensor.same_point(k, scalar)
        assert tensor.phase_of(k) == scalar.phase_of(j)
        back = scalar.same_point(j, tensor)
        assert tensor.phase_of(back) == tensor.phase_of(k)
    forward = [tensor.same_point(k, scalar) for k in range(tensor.backward_start)]
    assert forward == sorted(forward) and forward[-1] == scalar.backward_start - 1


def test_scalar_view_survives_a_reload(window, lesson_copy):
    opened(window, lesson_copy)
    window.set_scalar_view(True)
    window.set_step(6)
    rewrite(lesson_copy, "[-0.6]]", "[0.9]]")
    window.reload()
    assert window.prepared.level == SCALAR
    assert window.step == 6


# ── export from the window ───────────────────────────────────────────────────────────────
def test_export_graph_matches_export_step(window, tmp_path):
    opened(window, SLIDE)
    window.set_step(window.prepared.plan.backward_start + 1)
    from_window, reference = tmp_path / "window.png", tmp_path / "reference.png"
    window.export_graph(str(from_window))
    export_step(window.prepared, window.step, reference, theme="light", scale=2.0, lang="es")
    a, b = QImage(str(from_window)), QImage(str(reference))
    assert not a.isNull() and a.size() == b.size()
    assert np.array_equal(pixels(a), pixels(b))


def test_export_graph_follows_theme_and_language(window, tmp_path):
    opened(window, SLIDE)
    window.set_language("en")
    window.set_theme("dark")
    window.set_step(window.prepared.plan.last)
    from_window, reference = tmp_path / "window.png", tmp_path / "reference.png"
    window.export_graph(str(from_window), scale=1.0)
    export_step(window.prepared, window.step, reference, theme="dark", scale=1.0, lang="en")
    assert np.array_equal(pixels(QImage(str(from_window))), pixels(QImage(str(reference))))


def test_export_steps_writes_one_image_per_step(window, tmp_path):
    opened(window, NEURON)
    folder = tmp_path / "steps"
    window.export_steps(str(folder), scale=0.5)
    files = sorted(folder.glob("*.png"))
    assert len(files) == len(window.prepared.plan) + 1
    assert files[0].name.startswith("step_0") and files[0].name.endswith("_start.png")
    plan = window.prepared.plan
    first_back = files[plan.backward_start + 1].name  # named as its title counts it
    assert first_back.endswith("_backward_1.png"), first_back
    assert files[-1].name.endswith(f"_backward_{len(plan) - plan.backward_start}.png")
    assert all(not QImage(str(f)).isNull() for f in files)


def test_an_export_that_cannot_be_written_is_told_not_raised(window, tmp_path, monkeypatch):
    opened(window, SLIDE)
    window.set_step(3)
    missing = tmp_path / "gone" / "slide.png"
    monkeypatch.setattr("gradviz.app.actions.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(missing), ""))
    export = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.text() == window.tr("Export whole graph as PNG…"))
    export.trigger()
    assert "does not exist" in window.errors[-1] and str(missing) in window.errors[-1]
    assert window.step == 3 and window.prepared is not None and not missing.exists()


def test_each_export_dialog_is_titled_with_its_own_action(window, tmp_path, monkeypatch):
    opened(window, SLIDE)
    titles = []

    def save_name(parent, title, *args, **kwargs):
        titles.append(title)
        return "", ""  # the lecturer cancels

    monkeypatch.setattr("gradviz.app.actions.QFileDialog.getSaveFileName", save_name)
    actions = {a.text(): a for a in window.findChildren(type(window.menuBar().actions()[0]))}
    for text in ("Export current view as PNG…", "Export whole graph as PNG…"):
        actions[window.tr(text)].trigger()
    assert titles == [window.tr("Export current view as PNG…"),
                      window.tr("Export whole graph as PNG…")]


def test_a_stopped_all_steps_export_leaves_the_folder_as_it_was(window, tmp_path,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    opened(window, SLIDE)
    folder = tmp_path / "frames"
    window.export_steps(str(folder), scale=0.25)  # an earlier export of another lesson
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    opened(window, NEURON)
    calls = []

    def cancelled(dialog):
        calls.append(dialog.value())
        return len(calls) >= 3  # the lecturer presses Cancel at the third frame

    monkeypatch.setattr(QProgressDialog, "wasCanceled", cancelled)
    window.export_steps(str(folder), scale=0.5)
    assert len(calls) == 3
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # not a mix
    assert str(folder) in window.statusBar().currentMessage()
    assert window.prepared is not None and not QApplication.overrideCursor()


def test_large_graph_is_laid_out_off_the_ui_thread(window, qtbot):
    from gradviz.app.window import BACKGROUND_LAYOUT_NODES

    opened(window, SLIDE)
    assert window.open_file(EXAMPLES / "xor_red.toml", level=SCALAR)
    # The scalar XOR graph is big enough for the worker thread: the old graph stays on
    # screen (the window keeps answering) until the layout arrives.
    assert window.prepared.title.startswith("Grafo")
    qtbot.waitUntil(lambda: window.prepared.level == SCALAR, timeout=60000)
    assert len(window.prepared.graph.nodes) >= BACKGROUND_LAYOUT_NODES
    window.set_step(window.prepared.plan.last)
    grads = window.state().grads
    for node in window.prepared.graph.nodes:
        if node.name == "w1[0,0]":
            expected = window.prepared.run.values["w1"].grad.numpy()[0, 0]
            assert grads[node.id] == pytest.approx(expected, rel=1e-9)
            break
    else:
        raise AssertionError("no node w1[0,0] in the scalar XOR graph")


def big_lesson(tmp_path: Path, title: str) -> Path:
    """The XOR network at scalar level: big enough for the background layout."""
    path = tmp_path / "big.toml"
    text = (EXAMPLES / "xor_red.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^title = .*$', f'title = "{title}"\nlevel = "scalar"', text, count=1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("edit", ["big", "small", "broken", "scene"])
def test_an_edit_saved_during_a_background_layout_is_never_dropped(window, tmp_path, edit):
    from gradviz.app.window import BACKGROUND_LAYOUT_NODES

    path = big_lesson(tmp_path, "first")
    assert window.open_file(path)
    assert window._thread is not None  # laid out in the background
    if edit == "big":  # the same graph with a new title, saved while the first is laid out
        big_lesson(tmp_path, "second")
    elif edit == "small":
        path.write_text(SLIDE.read_text(encoding="utf-8"), encoding="utf-8")
    elif edit == "scene":
        path.write_text((EXAMPLES / "optim_silla.toml").read_text(encoding="utf-8"), "utf-8")
    else:
        path.write_text("[graph\n", encoding="utf-8")
    window.reload()
    window.wait_for_layout()
    assert window._thread is None and window._pending is None
    assert window.showing_surface == (edit == "scene")
    if edit == "scene":
        return
    expected = {"big": "second", "small": "Grafo", "broken": "first"}[edit]
    assert window.prepared.title.startswith(expected)  # the newest file on disk wins
    if edit != "small":
        assert len(window.prepared.graph.nodes) >= BACKGROUND_LAYOUT_NODES
    assert window.banner.isVisible() == (edit == "broken")


# ── fitting the graph: the whole graph when it can be read, the output never lost ───────
CLASSIFIER = EXAMPLES / "clasificador_dos_capas.toml"
BROADCASTING = EXAMPLES / "broadcasting.toml"


def sized(qtbot, window: LectureWindow, width: int, height: int) -> LectureWindow:
    """The window as a lecturer's screen of this size would show it (offscreen's is 800²)."""
    def normal_and_sized() -> bool:  # the platform may apply "maximised" after show()
        if window.size().toTuple() != (width, height):
            window.setWindowState(Qt.WindowState.WindowNoState)
            window.resize(width, height)
        return window.size().toTuple() == (width, height)

    qtbot.waitUntil(normal_and_sized, timeout=5000)
    return window


def settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)


def assert_whole_graph_readable(window: LectureWindow) -> None:
    from gradviz.view.canvas import READABLE_PX

    canvas = window.canvas
    assert canvas.shows_whole_graph(), (
        f"the graph is cut off at zoom {canvas.zoom_level():.3f} in a "
        f"{canvas.viewport().width()}×{canvas.viewport().height()} view")
    assert canvas.text_px() >= READABLE_PX - 1e-6


def test_the_window_opens_as_big_as_the_screen(window):
    free = window.screen().availableGeometry()
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.width() >= free.width() * 0.9 and window.height() >= free.height() * 0.9
    assert window.width() <= free.width() and window.height() <= free.height()


def test_presenter_mode_gives_back_the_maximised_window(window):
    window.set_presenter(True)
    assert window.isFullScreen()
    window.set_presenter(False)
    assert not window.isFullScreen()
    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_presenter_mode_hides_the_menu_bar_and_scroll_bars_and_keeps_the_keys(window):
    opened(window, SLIDE)
    window.set_presenter(True)
    canvas = window.lesson_page.canvas
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not window.menuBar().isVisible()
    assert canvas.horizontalScrollBarPolicy() == canvas.verticalScrollBarPolicy() == off
    step = window.step
    next(a for a in window.actions() if a.text() == window.tr("Next step")).trigger()
    assert window.step == step + 1  # the Step menu's actions still answer
    window.set_presenter(False)
    assert window.menuBar().isVisible()
    assert canvas.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_the_classifier_fits_a_projector_at_a_readable_size(qtbot, window):
    """`gradviz examples/clasificador_dos_capas.toml` on 1920×1080: the output L is on screen."""
    sized(qtbot, window, 1920, 1080)
    opened(window, CLASSIFIER)
    settle(qtbot)
    assert_whole_graph_readable(window)
    output = window.scene.nodes[window.prepared.graph.output]
    visible = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
    assert visible.contains(output.sceneBoundingRect())


def test_the_inspector_widens_with_the_text_size_up_to_two_fifths(qtbot, window):
    from gradviz.app.window import INSPECTOR_WIDTH

    window.resize(1920, 1080)
    opened(window, SLIDE)
    before = window.split.sizes()[1]
    while window.text_scale < 3.0:
        window.change_text_scale(1.25)
    after = window.split.sizes()
    assert before == pytest.approx(INSPECTOR_WIDTH, abs=2) or before <= INSPECTOR_WIDTH * 1.1
    assert after[1] > 1.8 * INSPECTOR_WIDTH and after[1] <= 0.4 * sum(after) + 2


def test_the_inspector_keeps_its_width_and_the_graph_gets_the_rest(qtbot, window):
    from gradviz.app.window import INSPECTOR_WIDTH

    sized(qtbot, window, 1920, 1080)
    opened(window, SLIDE)
    settle(qtbot)
    assert window.split.sizes()[1] == pytest.approx(INSPECTOR_WIDTH, abs=2)
    assert window.canvas.viewport().width() > 1920 - INSPECTOR_WIDTH - 20


def test_a_saved_large_text_size_still_fits_the_slide(qtbot, make_window, tmp_path):
    prefs = preferences(tmp_path)
    prefs.scale = 3.0
    prefs.q.sync()
    window = sized(qtbot, make_window(), 1400, 850)
    assert window.text_scale == 3.0
    opened(window, SLIDE)
    settle(qtbot)
    assert_whole_graph_readable(window)
    assert window.canvas.text_px() > 18  # the bigger words the lecturer asked for


def test_changing_the_text_size_fits_again(qtbot, window):
    sized(qtbot, window, 1920, 1080)  # the window opens at the screen's size
    opened(window, SLIDE)
    for _ in range(8):  # Ctrl+Shift+↑ up to the largest size
        window.change_text_scale(1.15)
        settle(qtbot)
        assert_whole_graph_readable(window)
    assert window.text_scale == 3.0


def test_opening_another_file_fits_it(qtbot, window):
    sized(qtbot, window, 1920, 1080)
    opened(window, SLIDE)
    window.canvas.zoom(3.0)  # the lecturer zoomed in on the first lesson
    opened(window, BROADCASTING)
    settle(qtbot)
    assert_whole_graph_readable(window)


def test_a_graph_too_big_to_read_whole_follows_the_current_node(qtbot, window, tmp_path):
    from gradviz.view.canvas import READABLE_PX

    code = "\n".join(f"v{i + 1} = v{i} * w + 0.5" for i in range(40))
    lesson = tmp_path / "chain.toml"
    lesson.write_text(f'[lesson]\ntitle = "chain"\n\n[inputs]\nv0 = {{ value = 0.5 }}\n'
                      f'w = {{ value = 0.9, grad = true }}\n\n[graph]\ncode = """\n{code}\n"""\n'
                      f'output = "v40"\n', "utf-8")
    sized(qtbot, window, 1400, 850)
    opened(window, lesson)
    settle(qtbot)
    canvas = window.canvas
    assert not canvas.shows_whole_graph()
    assert canvas.text_px() == pytest.approx(READABLE_PX)
    window.set_step(window.prepared.plan.backward_start - 1)  # the output's forward step
    settle(qtbot)
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    output = window.scene.nodes[window.prepared.graph.output]
    assert visible.intersects(output.sceneBoundingRect())


def test_a_large_text_size_leaves_the_window_narrow_enough_for_a_laptop(qtbot, make_window,
                                                                        tmp_path):
    prefs = preferences(tmp_path)
    prefs.scale = 3.0
    prefs.q.sync()
    window = make_window()
    assert window.controls.minimumSizeHint().width() <= 1366
    side = window.controls.buttons["next"].iconSize().height()
    assert side >= 40  # the buttons' icons grew with the words


def test_the_inspector_shows_broadcasting_slice_by_slice_at_a_large_text_size(
        qtbot, make_window, tmp_path):
    """broadcasting.toml's a · r32 step: ∂s/∂a (4×3×2) as four 3×2 tables, not one 12×2
    table, the gradient of ones written once, and no number broken inside its cell."""
    from PySide6.QtGui import QTextCursor

    prefs = preferences(tmp_path)
    prefs.scale = 2.5
    prefs.q.sync()
    window = sized(qtbot, make_window(), 1600, 1000)
    opened(window, BROADCASTING)
    plan = window.prepared.plan
    step = next(k for k in range(plan.backward_start, len(plan))
                if plan.state(k).step.contributions
                and window.prepared.graph.nodes[plan.state(k).step.node].symbol == "*"
                and any(c.value.shape == (3, 2) for c in plan.state(k).step.contributions))
    window.set_step(step)
    settle(qtbot)
    text = window.inspector.toPlainText()
    for i in range(4):
        assert f"[{i}] 3×2" in text
    assert "4×3×2: all 24 entries are 1.0" in text or "4×3×2: los 24 elementos valen 1.0" in text
    doc, lines = window.inspector.document(), []
    block = doc.begin()
    while block.isValid():
        if QTextCursor(block).currentTable() is not None and block.text().strip():
            lines.append(block.layout().lineCount())
        block = block.next()
    assert lines and set(lines) == {1}
