"""The frame files ``--all-steps`` writes, and the ones an earlier export left in a folder.

A graph lesson's frames are ``step_05_backward_2.png`` (``step_00_start.png`` first), an
optimizer scene's ``step_0030.png``; the zero-padding follows the number of frames, so a
second export of another lesson into the same folder writes other names.  After writing
its frames an export removes every other file with a frame's name, and the hidden
temporary of an image whose writing was cut off (``.step_05_start.png.k3j2.png``), so the
folder ends holding exactly that export's frames.  Files of any other name are never
touched.  No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

FRAME_NAME = re.compile(
    r"step_[0-9]+(?:_(?:start|forward_[0-9]+|backward_[0-9]+))?\.png")
TEMPORARY_NAME = re.compile(r"\.(step_[0-9][^/]*\.png)\.[^/.]+\.png")


def is_frame(name: str) -> bool:
    """Whether `name` is one gradviz writes for ``--all-steps`` (or its temporary)."""
    temporary = TEMPORARY_NAME.fullmatch(name)
    return bool(FRAME_NAME.fullmatch(temporary.group(1) if temporary else name))


def frame_files(folder: str | os.PathLike) -> list[Path]:
    """The frames (and cut-off temporaries) in `folder`, sorted; [] if it is no folder."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_frame(p.name) and p.is_file())


def remove_stale_frames(folder: str | os.PathLike, written: Iterable[Path]) -> list[Path]:
    """Remove the frames in `folder` that are not among `written`; returns them."""
    keep = {Path(p).name for p in written}
    removed = []
    for path in frame_files(folder):
        if path.name not in keep:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def staged(folder: str | os.PathLike):
    """A hidden folder inside `folder` to write a new set of frames into; when the block
    ends without error its frames are moved into `folder` (renames: instant) and the
    frames of the earlier export that the new one lacks are removed.  When the block is
    cut off (an error, Ctrl+C, Cancel in the window) the staging folder is removed and
    `folder` keeps exactly the frames it had: never a mix of old and new."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".gradviz-frames-", dir=folder))
    try:
        yield stage
        written = []
        for path in frame_files(stage):
            if TEMPORARY_NAME.fullmatch(path.name):
                continue
            os.replace(path, folder / path.name)
            written.append(folder / path.name)
        remove_stale_frames(folder, written)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
