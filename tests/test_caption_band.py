"""The back row reads the caption band: every number of every step of every bundled graph
lesson, in presenter mode at 1920×1080 and 1280×720, has digits of at least 2.8 % of the
screen height (30 px / 20 px), and no line of the caption leaves the band.

Geometry, not timing: the digits' height is the font's own ink height for digits
(`QFontMetricsF.tightBoundingRect`) at the size the band lays each number out in, and the
band draws at that size, unscaled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bundled import GRAPH_LESSONS, PAST_SCALAR_LIMIT
from PySide6.QtCore import QSettings, Qt

from gradviz.app.caption_band import CaptionBand
from gradviz.app.settings import Preferences
from gradviz.app.window import LectureWindow
from gradviz.graph.caption import Caption, Frac, Name, Notation, Run, course_name, math_atoms

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCREENS = {(1920, 1080): 30.0, (1280, 720): 20.0}  # the goal: 2.8 % of the lines

pytestmark = pytest.mark.usefixtures("no_leaked_windows")


def presenting(qtbot, tmp_path, size) -> LectureWindow:
    window = LectureWindow(Preferences(QSettings(str(tmp_path / "s.ini"),
                                                 QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    window.set_presenter(True)
    qtbot.wait(10)
    window.resize(*size)  # offscreen there is no 1920×1080 screen to fill: be that big
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    return window


@pytest.mark.parametrize("size", list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_number_of_every_step_reaches_the_back_row(qtbot, tmp_path, size):
    window = presenting(qtbot, tmp_path, size)
    band = window.lesson_page.caption
    smallest, where, problems = float("inf"), None, []
    try:
        for lesson in GRAPH_LESSONS:
            assert window.open_file(lesson), window.errors
            assert band.isVisible()
            for k in range(window.prepared.plan.last + 1):
                window.set_step(k)
                laid, caption = band.laid, band.caption
                drawn = laid.number_runs()
                # Every number the step explains is drawn, none left out by the short form.
                assert sorted(t for t, _ in drawn) == sorted(_numbers(caption, laid.short))
                for number, height in drawn:
                    if height < smallest:
                        smallest, where = height, (lesson.name, k, number)
                if band.clipped():
                    problems.append((lesson.name, k, "clipped"))
                if max(laid.lines, default=1) > 3:  # a long chain wraps to 2–3 lines
                    problems.append((lesson.name, k, laid.lines))
        assert not problems, problems
        assert smallest >= SCREENS[size], (smallest, where)
        print(f"{size}: smallest digits {smallest:.1f} px at {where}")
    finally:
        window.close()


def _numbers(caption: Caption, short: bool) -> list[str]:
    if not short:
        return caption.numbers()
    shorter = Caption(caption.heading, tuple(
        type(e)(e.short or e.groups) for e in caption.equations), caption.notes)
    return shorter.numbers()


def test_the_band_follows_language_theme_and_text_size_and_c_toggles_it(qtbot, tmp_path):
    window = presenting(qtbot, tmp_path, (1280, 720))
    try:
        band: CaptionBand = window.lesson_page.caption
        assert window.open_file(EXAMPLES / "clasificador_dos_capas.toml")
        window.set_language("es")
        window.jump_to("backward")
        window.step_by(1)
        assert band.caption.heading.startswith("Paso hacia atrás")
        window.set_language("en")
        assert band.caption.heading.startswith("Backward step")
        before = band.laid.px
        window.lecture.text_scale = 1.5  # the text size: bigger in the band too
        assert band.laid.px > before and not band.clipped()
        window.lecture.text_scale = 1.0
        window.set_theme("dark")
        assert band.theme == "dark"
        image = band.grab().toImage()
        assert image.pixelColor(5, band.height() // 2).lightness() < 80  # a dark band
        qtbot.keyClick(window, Qt.Key.Key_C)
        assert not band.isVisible()
        window.set_presenter(False)
        window.set_presenter(True)  # presenting brings the band back
        assert band.isVisible()
    finally:
        window.close()


def test_course_names():
    assert course_name("W1") == Name("W", sup="[1]")
    assert course_name("a[2]") == Name("a", sup="[2]")
    assert course_name("x[0,1]") == Name("x", sub="0,1")
    assert course_name("w1") == Name("w", sup="[1]")  # the XOR lesson writes w1, w2
    assert course_name("mm1") == Name("mm1")
    elements = Notation(["b[0]", "b[1]", "W[1]", "x[0,1]"])  # the scalar view's elements
    assert elements.name("b[1]") == Name("b", sub="1")
    assert elements.name("W[1]") == Name("W", sup="[1]")
    atoms = math_atoms("σ(z1)·(1 − σ(z1))", {"z1"})
    assert atoms[1] == Name("z", sup="[1]") and isinstance(atoms[0], Run)


def test_the_chain_rule_is_written_with_fractions(qtbot, tmp_path):
    from gradviz.lesson.prepare import prepare_lesson

    plan = prepare_lesson(EXAMPLES / "clasificador_dos_capas.toml").plan
    caption = plan.steps[plan.backward_start + 2].caption["en"]  # ∂L/∂z2 = ∂L/∂a2 · ∂a2/∂z2
    first = caption.equations[0].groups[0]
    assert [type(a) for a in first] == [Frac, Run, Frac, Run, Frac]
    assert first[0].bottom[1] == Name("z", sup="[2]")
    assert caption.numbers()[-1] == "−0.6742"


@pytest.mark.parametrize("size", list(SCREENS), ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_scalar_view_reaches_the_back_row_too(qtbot, size):
    """The S key's every-element-its-own-node plans, on the band alone (no scene: hundreds
    of steps), in a window of the screen's size."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from gradviz.lesson.parser import LessonError
    from gradviz.lesson.prepare import SCALAR, prepare_lesson

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(*size)
    band = CaptionBand(host)
    column = QVBoxLayout(host)
    column.setContentsMargins(0, 0, 0, 0)
    column.addStretch(1)
    column.addWidget(band)
    host.show()
    qtbot.waitUntil(lambda: band.width() == size[0], timeout=3000)
    smallest, problems = float("inf"), []
    for lesson in GRAPH_LESSONS:
        try:
            prepared = prepare_lesson(lesson, level=SCALAR)
        except LessonError:  # past the scalar view's node limit, and only those lessons
            if lesson.stem in PAST_SCALAR_LIMIT:
                continue
            raise
        if prepared.level != SCALAR:
            continue
        for k, step in enumerate(prepared.plan.steps):
            band.caption = step.caption["es" if k % 2 else "en"]
            band.relayout()
            smallest = min([smallest] + [h for _, h in band.laid.number_runs()])
            if band.clipped() or max(band.laid.lines, default=1) > 3:
                problems.append((lesson.name, k, band.laid.lines))
    host.close()
    assert not problems, problems
    assert smallest >= SCREENS[size], smallest
