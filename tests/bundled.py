"""The bundled examples by kind, as the parser decides it (`gradviz.lesson.kinds`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from gradviz.lesson.kinds import GRAPH, SCENE, TRAINING, kinds_in

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def of_kind(kind: str) -> list[Path]:
    """The bundled lessons of `kind`, sorted by name."""
    return [p for p in sorted(EXAMPLES.glob("*.toml"))
            if kinds_in(tomllib.loads(p.read_text("utf-8"))) == [kind]]


GRAPH_LESSONS, SCENES, TRAINING_LESSONS = of_kind(GRAPH), of_kind(SCENE), of_kind(TRAINING)

# The bundled lessons the scalar view refuses (past its node limit): the 5 → 32 → 32 → 3 net.
PAST_SCALAR_LIMIT = ("red_tres_capas",)
