"""What a lesson file is: a graph, an optimizer scene or a training lesson.

The sections a file has decide its kind, from the table `KINDS`: the parser sets
`Lesson.kind` once, and `gradviz.lesson.prepare` has one preparer per kind, so `check`, `run`,
`export`, `dot`, `optimize` and the window accept and refuse the same files with the same
words.  A new kind of lesson is one row here and one preparer there.
"""

from __future__ import annotations

from gradviz.catalog.lesson import Message

GRAPH, SCENE, TRAINING = "graph", "scene", "training"

# kind -> the sections that make a file that kind
KINDS: dict[str, tuple[str, ...]] = {
    GRAPH: ("graph",),
    SCENE: ("surface", "optimizer", "schedule"),
    TRAINING: ("data", "model", "train"),
}
NAMES = {GRAPH: Message("a graph lesson"), SCENE: Message("an optimizer scene"),
         TRAINING: Message("a training lesson")}

# kinds the file format knows but gradviz cannot show yet -> what every command says
UNSUPPORTED: dict[str, Message] = {}

NO_KIND = Message("a lesson needs a [graph] section with {code} in it (or, for an optimizer "
                  "scene, [surface] and [[optimizer]])", code='code = """..."""')


def kinds_in(document: dict) -> list[str]:
    """Every kind whose sections `document` has, in the order they first appear."""
    found = [kind for name in document for kind, names in KINDS.items() if name in names]
    return list(dict.fromkeys(found))


def first_section(kind: str, document: dict) -> str:
    """The first section of `document` that makes it `kind` (where messages point)."""
    return next(name for name in document if name in KINDS[kind])


def section_path(name: str, document: dict) -> tuple:
    """The key path of a section's header: ``("surface",)``, ``("optimizer", 0)`` for the
    first of an array of tables."""
    return (name, 0) if isinstance(document.get(name), list) else (name,)


def mixed_message(first: str, second: str, document: dict) -> Message:
    """Why a file with the sections of two kinds is refused."""
    return Message("[{second}] makes this file {second_kind}, but [{first}] made it "
                   "{first_kind}; a lesson file is one of them: put each in its own file",
                   second=first_section(second, document), second_kind=NAMES[second],
                   first=first_section(first, document), first_kind=NAMES[first])
