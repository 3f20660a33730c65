"""`gradviz.show(loss)` and `gradviz.draw(loss, "out.png")`: the user's own code, drawn.

A student's script computes something with `import gradviz as torch`; `show` opens the
lecture window on its graph (stepping, inspector, exports), `draw` writes the slide-style
PNG without a window.  Variable names are taken from the caller's local variables, so the
nodes read ``W``, ``b``, ``loss`` rather than automatic names.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gradviz.lesson.parser import CONTROL
from gradviz.lesson.prepare import SCALAR, TENSOR, PreparedLesson, prepare_root


def names_from(namespace: dict) -> dict[int, str]:
    """id(tensor or Value) → name, for every tensor a frame holds and every module's parameter.

    A model's parameters take their PyTorch names after the variable: ``model.0.weight``,
    ``net.fc1.bias``.  A tensor held by a variable of its own keeps that shorter name.
    """
    from gradviz.engine.nn_modules import Module
    from gradviz.engine.tensor import Tensor
    from gradviz.engine.value import Value

    names: dict[int, str] = {}
    for var, value in namespace.items():
        if isinstance(value, Module) and not var.startswith("_"):
            for name, param in value.named_parameters():
                names.setdefault(id(param), f"{var}.{name}")
    names.update({id(v): k for k, v in namespace.items()
                  if isinstance(v, Tensor | Value) and not k.startswith("_")})
    return names


def _prepare(root, namespace: dict, title, scalar: bool) -> PreparedLesson:
    _check_root(root)
    title = checked_title(title)
    return prepare_root(root, names_from(namespace), title, SCALAR if scalar else TENSOR)


def checked_title(title) -> str:
    """`title` as drawn ("" for None); a title that is not text, or holds a control character
    (NUL, ESC…: no PNG, SVG or DOT can hold one), is refused with a sentence naming it, as a
    lesson file's title is."""
    if title is None:
        return ""
    if not isinstance(title, str):
        raise TypeError(f"title={_short(title)}: a title is a string (or leave it out)")
    bad = CONTROL.search(title)
    if bad:
        raise ValueError(f"title={_short(title)}: a control character "
                         f"(U+{ord(bad.group()):04X}) cannot be drawn nor written; remove it")
    return title


def _check_root(root) -> None:
    """`root` must be a gradviz Tensor or Value: the result whose graph is drawn."""
    from gradviz.engine.tensor import Tensor
    from gradviz.engine.value import Value

    if isinstance(root, Tensor | Value):
        return
    kind = type(root)
    what = kind.__name__ if kind.__module__ == "builtins" else \
        f"{kind.__module__}.{kind.__qualname__}"
    if type(root).__module__.split(".")[0] == "torch":
        raise TypeError(f"gradviz draws the graphs of its own engine and this is a PyTorch "
                        f"{type(root).__name__}: run the code with `import gradviz as torch` "
                        "instead of `import torch`, then draw its result")
    raise TypeError(f"gradviz draws the graph that computed a gradviz Tensor or Value (a "
                    f"loss, say), and this is a {what}, {_short(root)}: pass the result of the "
                    "computation")


def _check_options(theme: str, scale, lang: str) -> None:
    from gradviz.app.arguments import MAX_SCALE, MIN_SCALE
    from gradviz.catalog import LANGUAGES
    from gradviz.view.theme import THEMES

    if theme not in THEMES:
        raise ValueError(f"theme={theme!r}: the themes are {', '.join(map(repr, THEMES))}")
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r}: the languages are {', '.join(map(repr, LANGUAGES))}")
    if isinstance(scale, bool) or not isinstance(scale, int | float) or \
            not MIN_SCALE <= scale <= MAX_SCALE:
        raise ValueError(f"scale={scale!r}: give a number from {MIN_SCALE:g} to "
                         f"{MAX_SCALE:g} (2 is the default)")


def _check_place(path, step) -> None:
    """The file `draw` writes and the step it draws: said by name when wrong, before any work."""
    import os

    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path={_short(path)}: give the PNG's file name, e.g. \"loss.png\"")
    if "\0" in os.fspath(path):
        raise ValueError(f"path={_short(path)}: a file name cannot hold a NUL character")
    if not isinstance(step, str):
        raise TypeError(f"step={_short(step)}: a step is \"end\", \"start\", \"forward:N\" "
                        "or \"backward:N\"")


def _short(value, keep: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= keep else text[:keep] + "…"


def draw(root, path: str | Path, *, step: str = "end", title: str = "", scalar: bool = False,
         theme: str = "light", scale: float = 2.0, lang: str = "es",
         transparent: bool = False, _namespace: dict | None = None) -> Path:
    """Write `root`'s graph at a step ("end", "start", "forward:N", "backward:N") to a PNG."""
    from gradviz.app.exporting import export_step, parse_step

    _check_options(theme, scale, lang)
    _check_place(path, step)
    namespace = _namespace if _namespace is not None else sys._getframe(1).f_locals
    prepared = _prepare(root, namespace, title, scalar)
    export_step(prepared, parse_step(step, prepared.plan), path, theme=theme, scale=scale,
                lang=lang, transparent=transparent, title=bool(prepared.graph.title))
    return Path(path)


def show(root, *, title: str = "", scalar: bool = False, _namespace: dict | None = None,
         block: bool = True):
    """Open the lecture window on `root`'s graph; returns when the window is closed."""
    from PySide6.QtWidgets import QApplication

    from gradviz.app.window import LectureWindow

    namespace = _namespace if _namespace is not None else sys._getframe(1).f_locals
    prepared = _prepare(root, namespace, title, scalar)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = LectureWindow()
    window.show()
    window.show_prepared(prepared)
    if block:
        app.exec()
    return window
