"""Which file an export writes: the ``-o`` name's suffix decides, and nothing else.

``slide.png``, ``slide.svg``, ``slide.pdf``: one picture (``--all-steps`` with ``.pdf``: one
page per step); ``steps.gif``, ``steps.mp4``: every step as one frame each, in order; a name
without a suffix (or ending in ``/``, or an existing folder) with ``--all-steps``: a folder
of numbered PNG frames.  Any other suffix, or a combination that cannot be written, is an
`ExportFormatError` whose message, in the user's language, says what was given and what
would work, before anything is drawn or written.  No Qt here.
"""

from __future__ import annotations

import os
from pathlib import Path

from gradviz.catalog import text

PNG, SVG, PDF, GIF, MP4, FOLDER = "png", "svg", "pdf", "gif", "mp4", "folder"
STILL = (PNG, SVG, PDF)  # one picture per file (a PDF may hold one page per step)
ANIMATED = (GIF, MP4)  # every step, one frame each
SUFFIXES = {f".{kind}": kind for kind in (*STILL, *ANIMATED)}


class ExportFormatError(ValueError):
    """An ``-o`` name (and options) that no export writes; the message is told in `lang`."""


def known_suffixes() -> str:
    return ", ".join(SUFFIXES)


def output_format(output: str | os.PathLike, all_steps: bool, step: str | None = None,
                  lang: str = "en") -> str:
    """The kind of file `output` names (`PNG` … `FOLDER`), checked against the options."""
    name = os.fspath(output)
    path = Path(name)
    folder = name.endswith(("/", os.sep)) or path.is_dir()
    suffix = "" if folder else path.suffix.lower()
    kind = SUFFIXES.get(suffix)
    if suffix and kind is None:
        raise ExportFormatError(text(
            "-o {output}: gradviz does not write {suffix} files; end the name in one of "
            "{known} (or give a folder with --all-steps)", lang, output=name, suffix=suffix,
            known=known_suffixes()))
    if kind in ANIMATED and step is not None:
        raise ExportFormatError(text(
            "-o {output} is an animation of every step; --step {step} picks one picture: "
            "give a .png, .svg or .pdf name for it", lang, output=name, step=step))
    if kind is None and not all_steps:
        raise ExportFormatError(text(
            "-o {output}: give a file name ending in {known}, or a folder with --all-steps",
            lang, output=name, known=known_suffixes()))
    if kind in (PNG, SVG) and all_steps:
        raise ExportFormatError(text(
            "-o {output} names one picture; --all-steps writes a folder of PNG frames "
            "(a name without a suffix), one .pdf page per step, or a .gif or .mp4 animation",
            lang, output=name))
    return kind or FOLDER
