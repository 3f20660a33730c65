"""Every word on screen has both languages: the catalog against the code that shows it.

Statically, every literal text handed to the catalog (``text(...)``, ``catalog.text(...)``,
``marked(...)``) or to Qt's translator (``tr(...)``, ``self.tr(...)``) has a Spanish entry,
and no Spanish entry is left whose English the code never writes.  At run time, a window
opened in Spanish asks the translator only for texts the catalog has; the step text of every
bundled graph example reads in English without a Spanish word, and in Spanish without an
English text of the catalog left untranslated; the optimizer scenes' words likewise.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from gradviz import catalog
from gradviz.catalog import SPANISH

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gradviz"
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
GRAPH_EXAMPLES = [p for p in EXAMPLES if "graph" in tomllib.loads(p.read_text("utf-8"))]
SURFACE_EXAMPLES = [p for p in EXAMPLES if "surface" in tomllib.loads(p.read_text("utf-8"))]

QT_OWN = {"QT_LAYOUT_DIRECTION"}  # what Qt itself asks every translator
TRANSLATING = {"text", "tr", "marked"}  # the catalog's and Qt's: the first argument is English


def _translated_call(call: ast.Call) -> bool:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id in TRANSLATING
    if isinstance(f, ast.Attribute):  # self.tr, self.w.tr, catalog.text
        return f.attr == "tr" or (f.attr == "text" and isinstance(f.value, ast.Name)
                                  and f.value.id == "catalog")
    return False


def _source_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "catalog" not in p.parts]


def _literal_texts() -> tuple[dict[str, str], list[str]]:
    """English texts handed to the catalog or to Qt (text → where), and the calls whose text
    is not a literal string (an f-string cannot have a translation)."""
    found, bad = {}, []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and _translated_call(node)):
                continue
            first, where = node.args[0], f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, where)
            elif isinstance(first, ast.JoinedStr):
                bad.append(where)
    return found, bad


def has_words(english: str) -> bool:
    """Whether a text needs translating: letters outside its {fields} (σ(z) = 1/(1+e^(−z))
    needs none)."""
    return re.search(r"[A-Za-z]{2,}", re.sub(r"\{\w*\}", "", english)) is not None


def test_every_text_shown_has_a_spanish_entry():
    found, _ = _literal_texts()
    missing = {t: where for t, where in found.items() if has_words(t) and not catalog.has(t)}
    assert not missing, f"no Spanish in gradviz.catalog for: {missing}"


def test_texts_to_translate_are_literals():
    _, bad = _literal_texts()
    assert not bad, f"an f-string cannot be looked up in the catalog; use {{fields}}: {bad}"


def test_no_spanish_entry_is_dead():
    """Each English text of the catalog is written somewhere in gradviz/: in a call to
    translate it, or whole in a table shown later (a menu's texts, an op row's formula)."""
    written = {node.value for path in _source_files()
               for node in ast.walk(ast.parse(path.read_text("utf-8")))
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    written |= _catalog_code_texts()  # the catalog's own helpers (hints, "a, b or c")
    dead = sorted(set(SPANISH) - written)
    assert not dead, f"catalog entries nothing shows (delete them): {dead}"


def _catalog_code_texts() -> set[str]:
    """Strings the catalog's modules write outside their ``SPANISH`` tables."""
    texts = set()
    for path in sorted((PACKAGE / "catalog").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        tables = {id(n) for stmt in tree.body if isinstance(stmt, ast.AnnAssign | ast.Assign)
                  and "SPANISH" in ast.unparse(stmt.target if isinstance(stmt, ast.AnnAssign)
                                               else stmt.targets[0])
                  for n in ast.walk(stmt)}
        texts |= {n.value for n in ast.walk(tree) if id(n) not in tables
                  and isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return texts


def test_every_field_of_a_translation_is_the_englishs():
    def fields(t: str) -> set[str]:
        return set(re.findall(r"\{(\w*)\}", t))

    wrong = {e: s for e, s in SPANISH.items() if fields(e) != fields(s)}
    assert not wrong


# ── at run time: the window asks Qt's translator for these ───────────────────────────────
def _asked(qtbot, settings_path: Path) -> set[str]:
    """Every text the window asked the translator for while it opened a graph lesson and an
    optimizer scene in Spanish, switched to English and back."""
    from PySide6.QtCore import QSettings

    from gradviz.app import i18n
    from gradviz.app.settings import Preferences
    from gradviz.app.window import LectureWindow

    seen: set[str] = set()

    class Recording(dict):
        """The Spanish table, noting every text the translator looks up in it."""

        def get(self, key, default=None):
            seen.add(key)
            return super().get(key, default)

    before = i18n.current()  # put back afterwards: other tests expect the language they had
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(i18n, "SPANISH", Recording(SPANISH))
        window = LectureWindow(Preferences(QSettings(str(settings_path),
                                                     QSettings.Format.IniFormat)))
        qtbot.addWidget(window)
        window.set_language("es")
        for path in (GRAPH_EXAMPLES[0], SURFACE_EXAMPLES[0]):
            assert window.open_file(path), window.errors
            window.set_language("en")
            window.set_language("es")
        window.controls.stop()
        window.close()
    i18n.set_language(before)
    return seen - QT_OWN


def test_the_window_asks_for_catalog_texts_only(qtbot, tmp_path):
    asked = _asked(qtbot, tmp_path / "s.ini")
    missing = sorted(t for t in asked if has_words(t) and not catalog.has(t))
    assert not missing, f"shown in English in the Spanish window: {missing}"


# ── at run time: the words of the steps and of the optimizer scenes ──────────────────────
def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)}


# Words only the Spanish of the catalog has ("paso", "gradiente", "forma"…), and the short
# ones a formula would carry over ("si", "en", "de").
SPANISH_WORDS = (set().union(*map(_words, SPANISH.values())) - set().union(*map(_words, SPANISH))
                 | {"si", "en", "de", "es", "no", "los", "las", "del"})
# English texts of the catalog that read differently in Spanish: none may be left in Spanish.
ENGLISH_TEXTS = [e for e, s in SPANISH.items() if e != s and has_words(e)]


def _without_names(text: str, names) -> str:
    """The text with the lesson's own names taken out (a lesson may name a node "salida")."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return text


def spanish_words_in(text: str, names=()) -> set[str]:
    return _words(_without_names(text, names)) & SPANISH_WORDS


def untranslated_in(text: str, names=()) -> list[str]:
    """English texts of the catalog (their words around the {fields}) found in `text`."""
    text, left = _without_names(text, names), []
    for english in ENGLISH_TEXTS:
        parts = [re.escape(p) for p in re.split(r"\{\w*\}", english)]
        if re.search(r"(?<!\w)" + r".*?".join(parts) + r"(?!\w)", text):
            left.append(english)
    return left


def _plans(path: Path, without_formulas: bool):
    from gradviz.graph.steps import StepPlan
    from gradviz.lesson.prepare import prepare_lesson

    graph = prepare_lesson(path).graph
    if without_formulas:  # the op rows' own formula text (the formulas' words are theirs)
        nodes = tuple(dataclasses.replace(n, formula="", derivatives=("",) * len(n.derivatives))
                      for n in graph.nodes)
        graph = dataclasses.replace(graph, nodes=nodes)
    return graph, StepPlan(graph)


def _step_texts(path: Path, without_formulas: bool = True):
    graph, plan = _plans(path, without_formulas)
    # The lesson's names and the ops' names and symbols are code, in no language.
    names = {n.name for n in graph.nodes} | {n.op for n in graph.nodes if n.op} | {
        n.symbol for n in graph.nodes if n.symbol}
    return names, [(k, step.text) for k, step in enumerate(plan.steps)]


@pytest.mark.parametrize("path", GRAPH_EXAMPLES, ids=lambda p: p.stem)
def test_step_text_speaks_one_language(path: Path):
    names, steps = _step_texts(path)
    for k, texts in steps:
        assert set(texts) == set(catalog.LANGUAGES)
        assert not spanish_words_in(texts["en"], names), (k, texts["en"])
        assert not untranslated_in(texts["es"], names), (k, texts["es"])


def test_step_text_with_the_formulas_speaks_english():
    for path in GRAPH_EXAMPLES:
        names, steps = _step_texts(path, without_formulas=False)
        for k, texts in steps:
            assert not spanish_words_in(texts["en"], names), (path.stem, k, texts["en"])


def test_captions_tooltips_and_summaries_speak_one_language():
    import numpy as np

    from gradviz.app.exporting import step_caption
    from gradviz.app.inspector import array_html

    graph, plan = _plans(GRAPH_EXAMPLES[0], without_formulas=True)
    captions = {lang: [step_caption(plan, k, lang) for k in range(len(plan))]
                for lang in catalog.LANGUAGES}
    big = array_html(np.arange(200.0).reshape(2, 10, 10) - 50, lang="en")
    english = " ".join(captions["en"]) + big
    assert not spanish_words_in(english)
    assert "adelante" in captions["es"][0] and "forward" in captions["en"][0]
    assert "media" in array_html(np.arange(200.0) - 50, lang="es")


@pytest.mark.parametrize("path", SURFACE_EXAMPLES, ids=lambda p: p.stem)
def test_optimizer_scene_words_speak_one_language(path: Path, qapp):
    from gradviz.lesson.scene import load_scene
    from gradviz.surfaces.outcome import outcome
    from gradviz.view.surface_export import export_plot

    scene = load_scene(path)
    runs = scene.run()
    # The lesson's title and the runs' labels are the lesson's words, not the catalog's.
    names = [run.label for run in runs] + [scene.title or ""]
    for lang in catalog.LANGUAGES:
        plot = export_plot(scene, lang=lang, runs=runs)
        shown = " ".join([plot.legend.text, plot.title_label.text,
                          scene.surface.title(lang)] +
                         [outcome(run, scene.surface.range).text(lang) for run in runs])
        if lang == "en":
            assert not spanish_words_in(shown, names), shown
        else:
            assert not untranslated_in(shown, names), shown
        plot.close()
