"""Read a lesson file (`.toml`) into a checked `Lesson`, or say exactly what is wrong.

``load_lesson("neuron.toml")`` returns a frozen `Lesson`: its inputs in file order and its
statements as checked expression trees.  Anything wrong raises `LessonError` (or
`LessonErrors`, several at once) whose ``str`` is ``FILE:LINE:COL: message`` with LINE and
COL pointing into the file, also inside the multi-line ``code`` string.  Nothing in the file
is ever executed; the format is described in ``docs/lesson-format.md``.
"""

from __future__ import annotations

import os
import re
import select
import stat
import tomllib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from gradviz.catalog.lesson import Message, did_you_mean, long_integer, one_of
from gradviz.lesson.expr import Statement, check_code
from gradviz.lesson.groups import GroupSpec, read_groups
from gradviz.lesson.inputs import MAX_DIMS, MAX_ELEMENTS, InputReader, InputSpec
from gradviz.lesson.kinds import (
    GRAPH,
    KINDS,
    NO_KIND,
    first_section,
    kinds_in,
    mixed_message,
    section_path,
)
from gradviz.lesson.labels import read_labels
from gradviz.lesson.source import SourcePositions, string_positions
from gradviz.lesson.toml_errors import toml_problem
from gradviz.lesson.values import MAX_REPORTED, code_name, is_int

MAX_FILE_BYTES = 1024 * 1024
SILENCE_S = 3  # seconds a pipe may stay silent before a lesson read gives up
# What no picture can hold: C0 controls (tab, newline and carriage return aside), DEL and the
# two non-characters; an SVG or PDF with one is broken (XML 1.0 has no way to write U+0000).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
TOO_BIG = "file is larger than the 1 MiB limit for lesson files"

# checked here
CORE_SECTIONS = ("lesson", "inputs", "graph", "notes", "labels", "groups")
# read by the preparer of their kind (gradviz.lesson.kinds), or by the exporter
FURTHER_SECTIONS = (*(name for names in KINDS.values() for name in names
                      if name not in CORE_SECTIONS), "export")
LESSON_KEYS = ("title", "description", "language", "level", "dtype", "seed")
GRAPH_KEYS = ("code", "output")
CODE_HINT = Message("{code} with one 'name = expression' per line, e.g. {example}",
                    code='code = """..."""', example="a = x * y")
LEVELS = ("tensor", "scalar")
DTYPES = ("float32", "float64")
LANGUAGES = ("en", "es")

__all__ = ["InputSpec", "Lesson", "LessonError", "LessonErrors", "Statement", "load_lesson"]
__all__ += ["parse_lesson", "MAX_DIMS", "MAX_ELEMENTS", "MAX_FILE_BYTES"]


class LessonError(Exception):
    """A problem in a lesson file; ``str(e)`` is ``FILE:LINE:COL: message`` in English and
    ``e.text(lang)`` the same line in a catalog language.

    `message` is English text with ``{fields}`` that `fields` fill (or a ready `Message`),
    kept apart so that the message is said in a language only when it is shown.
    `language` is the lesson's own ``language`` when the file got far enough to say it.
    """

    def __init__(self, path: str, line: int, col: int, message: str | Message,
                 language: str | None = None, /, **fields) -> None:
        said = message if isinstance(message, Message) else Message(message, **fields)
        super().__init__(f"{path}:{line}:{col}: {said}")
        self.path, self.line, self.col, self.said = path, line, col, said
        self.message = str(said)  # the English
        self.language = language

    def text(self, lang: str | None) -> str:
        """``FILE:LINE:COL: message`` in `lang` (one line per problem for several)."""
        return "\n".join(f"{e.path}:{e.line}:{e.col}: {e.said.text(lang)}" for e in self.errors)

    @property
    def errors(self) -> list[LessonError]:
        """Every problem; a single error lists itself."""
        return [self]


class LessonErrors(LessonError):
    """Several problems found in one pass; the first one fills path/line/col/message."""

    def __init__(self, errors: list[LessonError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.col, first.said, first.language)
        self._errors = list(errors)

    @property
    def errors(self) -> list[LessonError]:
        return list(self._errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self._errors)


@dataclass(frozen=True)
class Lesson:
    """A checked lesson: what the file says, ready for `gradviz.lesson.program.run_lesson`."""

    path: str
    title: str
    kind: str = GRAPH  # GRAPH, SCENE or TRAINING (gradviz.lesson.kinds), from its sections
    description: str = ""
    language: str | None = None
    level: str = "tensor"
    dtype: str = "float32"
    seed: int | None = None
    inputs: tuple[InputSpec, ...] = ()
    statements: tuple[Statement, ...] = ()
    output: str | None = None  # None only for lessons without a [graph]
    notes: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # [labels]: name -> drawn text
    groups: tuple[GroupSpec, ...] = ()  # [groups], in file order
    raw: dict = field(default_factory=dict)  # the whole TOML document, further sections too
    positions: SourcePositions | None = field(default=None, compare=False, repr=False)

    def where(self, *path, value: bool = False) -> tuple[int, int]:
        """File position of a key path such as ``("surface", "xlim")`` (of its value with
        ``value=True``); its nearest enclosing key when that one cannot be found; (1, 1) at
        worst."""
        found = self.positions.value(path) if value and self.positions else None
        return found or _where(self.positions, path)

    def error(self, message: str | Message, *path) -> LessonError:
        """A `LessonError` at a key path, for code that checks the further sections."""
        return LessonError(self.path, *self.where(*path), message, self.language)


def load_lesson(path) -> Lesson:
    """Read and check a lesson file; raises `LessonError` for every kind of problem."""
    name = str(path)
    file = Path(path)
    try:
        if file.is_dir():
            raise LessonError(name, 1, 1, "this is a directory, not a lesson file")
        data = _read_at_most(file, MAX_FILE_BYTES + 1)
    except _Silent:
        raise LessonError(name, 1, 1, "nothing arrived from this pipe or device for {s} s; "
                          "a lesson is a file", s=SILENCE_S) from None
    except FileNotFoundError:
        raise LessonError(name, 1, 1, "no such file") from None
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        reason = getattr(e, "strerror", None) or e
        raise LessonError(name, 1, 1, "cannot read the file: {error}", error=reason) from None
    if len(data) > MAX_FILE_BYTES:
        raise LessonError(name, 1, 1, TOO_BIG)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise LessonError(name, 1, 1, "file is not UTF-8 text (byte 0x{byte:02x} at line "
                          "{line}, column {col}); save it as UTF-8",
                          byte=data[e.start], line=line, col=col) from None
    return parse_lesson(text.removeprefix("\ufeff"), name)


def _read_at_most(file: Path, size: int) -> bytes:
    """The first `size` bytes of `file`, whatever it is: ``/dev/zero`` gives `size` bytes, not
    an endless read; a FIFO no one writes to gives none instead of blocking in open(), and one
    whose writer stays silent for `SILENCE_S` seconds is refused instead of waited on."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
        if regular and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a plain file: read it as usual
        chunks, left = [], size
        while left > 0:
            if not regular and not select.select([fd], [], [], SILENCE_S)[0]:
                raise _Silent
            try:
                chunk = os.read(fd, min(left, 1 << 16))
            except BlockingIOError:  # woken without data: wait again
                continue
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _Silent(Exception):
    """A pipe or device that sent nothing for `SILENCE_S` seconds."""


# A file that is no TOML and starts as a Python program does (after comments and blank lines).
_PYTHON = re.compile(r"(?:\s*#[^\n]*\n|\s*\n)*\s*(?:import|from)\s+[\w.]+")
PYTHON_PROGRAM = ("this is a Python program, not a lesson: run it with python, with "
                  "`import gradviz as torch` in place of `import torch`, and call "
                  "torch.show(loss) in it to open its graph in the lecture window")


def parse_lesson(text: str, path: str = "<lesson>") -> Lesson:
    """Check lesson text; ``path`` only names the file in messages."""
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise LessonError(path, 1, 1, TOO_BIG)
    text = text.replace("\r\n", "\n")  # as tomllib does, so that positions agree with it
    lines = text.count("\n") + 1
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        if path.endswith(".py") or _PYTHON.match(text):
            raise LessonError(path, 1, 1, PYTHON_PROGRAM) from None
        message, line, col = _toml_position(str(e), text)
        raise LessonError(path, min(line, lines), col, "TOML syntax error: {error}",
                          error=message) from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        too_long = long_integer(str(e))
        if too_long is not None:
            raise LessonError(path, 1, 1, too_long) from None
        raise LessonError(path, 1, 1, "cannot read the TOML: {error}",
                          error=str(e)[:120]) from None
    except (RecursionError, MemoryError):
        raise LessonError(path, 1, 1, "cannot read the TOML: it nests too deeply") from None
    return _Reader(text, path, document).lesson()


def _toml_position(message: str, text: str) -> tuple[str | Message, int, int]:
    """tomllib's message, in the catalog's words (`toml_problem`), and where it is."""
    lines = text.split("\n")
    match = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, re.DOTALL)
    if match:
        line = int(match.group(2))
        col = int(match.group(3))
        said = toml_problem(match.group(1), lines[line - 1] if line <= len(lines) else "", col)
        return said, line, col
    message = re.sub(r" \(at end of document\)$", "", message)
    at_end = Message("{error} (at the end of the file)", error=toml_problem(message))
    return at_end, len(lines), len(lines[-1]) + 1


def _where(positions: SourcePositions | None, path) -> tuple[int, int]:
    path = tuple(path)
    while positions is not None and path:
        found = positions.key(path) or positions.value(path)
        if found:
            return found
        path = path[:-1]
    return 1, 1


class _Reader:
    """Checks one parsed document, collecting every problem before raising."""

    def __init__(self, text: str, path: str, document: dict) -> None:
        self.text, self.path, self.doc = text, path, document
        self.positions = SourcePositions(text)
        self.problems: list[tuple[int, int, Message]] = []
        self.language: str | None = None  # the file's own, once [lesson] is read

    def fail(self, path, message: Message, at_value: bool = False) -> None:
        found = self.positions.value(tuple(path)) if at_value else None
        self.problems.append((*(found or _where(self.positions, path)), message))

    def lesson(self) -> Lesson:
        self._control_characters()
        self._sections()
        kind = self._kind()
        meta = self._meta()
        inputs = InputReader(self.fail, partial(_where, self.positions)).read(self._table("inputs"))
        # names of broken inputs count as defined, so the code does not cascade errors
        names = [code_name(name) for name in self._table("inputs") if name.isidentifier()]
        statements, output, assigned = self._graph(names)
        notes = self._notes(names + assigned)
        own = {spec.name: spec.label for spec in inputs if spec.label != spec.name}
        labels = read_labels(self._table("labels"), names + assigned, own, self.fail,
                             self.problems)
        groups = read_groups(self._table("groups"), names + assigned, self.fail, self.problems)
        if self.problems:
            found = sorted(set(self.problems), key=lambda p: (p[0], p[1], str(p[2])))
            errors = [LessonError(self.path, *p, self.language) for p in found[:MAX_REPORTED]]
            if len(found) > MAX_REPORTED:  # where the unlisted ones start
                errors.append(LessonError(self.path, *found[MAX_REPORTED][:2], Message(
                    "{count:,} more problems are not listed; fix the ones above first",
                    count=len(found) - MAX_REPORTED), self.language))
            raise errors[0] if len(errors) == 1 else LessonErrors(errors)
        return Lesson(
            path=self.path,
            kind=kind,
            inputs=tuple(inputs),
            statements=tuple(statements),
            output=output,
            notes=notes,
            labels=labels,
            groups=groups,
            raw=self.doc,
            positions=self.positions,
            **meta,
        )

    def _control_characters(self) -> None:
        """Every key and string of the file, at any depth: one with a control character
        (written ``\\u0000`` in TOML) is a problem at it, for every kind of lesson."""
        pending: list[tuple[tuple, object]] = [((), self.doc)]
        while pending:
            path, value = pending.pop()
            if isinstance(value, dict):
                for key, item in value.items():
                    found = CONTROL.search(key)
                    if found:
                        self._control(path + (key,), found.group(), at_value=False)
                    pending.append((path + (key,), item))
            elif isinstance(value, list):
                pending.extend((path + (i,), item) for i, item in enumerate(value))
            elif isinstance(value, str):
                found = CONTROL.search(value)
                if found:
                    self._control(path, found.group(), at_value=True)

    def _control(self, path: tuple, char: str, at_value: bool) -> None:
        self.fail(path, Message("a control character (U+{code:04X}) cannot be drawn nor "
                                "written; remove it", code=ord(char)), at_value=at_value)

    def _sections(self) -> None:
        known = CORE_SECTIONS + FURTHER_SECTIONS
        for key, value in self.doc.items():
            if key in LESSON_KEYS:
                self.fail((key,), Message("'{key}' belongs in the [lesson] section", key=key))
            elif key not in known:
                hinted = len(self.problems) < MAX_REPORTED
                hint = did_you_mean(key, known, section=True) if hinted else ""
                self.fail((key,), Message("unknown section [{key}]{hint}", key=key, hint=hint))
            elif key in CORE_SECTIONS and not isinstance(value, dict):
                self.fail((key,), Message("[{key}] must be a table (a [{key}] section)", key=key))

    def _kind(self) -> str:
        """What the file is, from its sections; a file of no kind or of two is a problem."""
        kinds = kinds_in(self.doc)
        if not kinds:
            self.fail((), NO_KIND)
        elif len(kinds) > 1:
            second = section_path(first_section(kinds[1], self.doc), self.doc)
            self.fail(second, mixed_message(kinds[0], kinds[1], self.doc))
        return kinds[0] if kinds else GRAPH

    def _table(self, name: str) -> dict:
        value = self.doc.get(name, {})
        return value if isinstance(value, dict) else {}

    def _unknown_keys(self, table: dict, allowed, path, what: str) -> None:
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed) if len(self.problems) < MAX_REPORTED else ""
                self.fail((*path, key), Message("unknown key '{key}' in {where}{hint}", key=key,
                                                where=what, hint=hint))

    def _meta(self) -> dict:
        table = self._table("lesson")
        self._unknown_keys(table, LESSON_KEYS, ("lesson",), "[lesson]")
        stem = Path(self.path).stem if self.path != "<lesson>" else "lesson"
        meta = {"title": stem, "description": "", "language": None}
        for key in ("title", "description", "language"):
            if key in table and not isinstance(table[key], str):
                self.fail(("lesson", key), Message("{key} must be a string in quotes", key=key),
                          at_value=True)
            elif key in table:
                meta[key] = table[key]
        if meta["language"] is not None and meta["language"] not in LANGUAGES:
            self.fail(("lesson", "language"), _choice("language", LANGUAGES), at_value=True)
        elif meta["language"] is not None:
            self.language = meta["language"]
        for key, choices in (("level", LEVELS), ("dtype", DTYPES)):
            meta[key] = table.get(key, choices[0])
            if meta[key] not in choices:
                self.fail(("lesson", key), _choice(key, choices), at_value=True)
        seed = table.get("seed")
        if seed is not None and not (is_int(seed) and 0 <= seed < 2**63):
            self.fail(("lesson", "seed"), Message("{key} must be an integer from {low} to {high}",
                                                  key="seed", low=0, high="2**63 - 1"), True)
        meta["seed"] = seed
        return meta

    # -- graph and notes ------------------------------------------------------------------

    def _graph(self, inputs: list[str]) -> tuple[list[Statement], str | None, list[str]]:
        """The statements, the output name and every assigned name (broken lines too)."""
        if "graph" not in self.doc:
            return [], None, []
        table = self._table("graph")
        self._unknown_keys(table, GRAPH_KEYS, ("graph",), "[graph]")
        code = table.get("code")
        if not isinstance(code, str):
            what = Message("[graph] needs {hint}", hint=CODE_HINT) if code is None else \
                Message("code must be a string: {hint}", hint=CODE_HINT)
            self.fail(("graph", "code"), what, at_value=True)
            return [], None, []
        check = check_code(code, inputs, self._code_locator(code))
        statements, problems = check.statements, check.problems
        self.problems += problems
        if not statements and not problems:
            self.fail(
                ("graph", "code"),
                Message("code has no statements; write 'name = expression' lines"),
                at_value=True,
            )
        output = table.get("output", statements[-1].target if statements else None)
        output = code_name(output) if isinstance(output, str) else output
        # names of broken lines count as defined: only an output naming nothing is reported
        defined = list(dict.fromkeys(inputs + check.names))
        if not isinstance(output, str | None):
            self.fail(("graph", "output"), Message("output must be a name in quotes"),
                      at_value=True)
        elif output is not None and output not in defined:
            message = Message("output '{name}' is not defined{hint}", name=output,
                              hint=did_you_mean(output, defined))
            self.fail(("graph", "output"), message, at_value=True)
        return statements, output, check.names

    def _code_locator(self, code: str):
        """Maps (code line, 0-based char column) to a 1-based file (line, column)."""
        lines = self.positions.lines
        start = self.positions.values.get(("graph", "code"))
        sources = None if start is None else string_positions(self.text, start, code)
        line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", code)]

        def locate(line: int, col: int) -> tuple[int, int]:
            if sources is None:
                return _where(self.positions, ("graph", "code"))
            row = max(0, min(line - 1, len(line_starts) - 1))
            # a column past the end of its line stays on that line
            end = line_starts[row + 1] - 1 if row + 1 < len(line_starts) else len(code)
            return lines.position(sources[min(line_starts[row] + col, end)])

        return locate

    def _notes(self, defined: list[str]) -> dict[str, str]:
        notes = {}
        for written, text in self._table("notes").items():
            name = code_name(written)
            if name not in defined:
                hint = did_you_mean(name, defined) if len(self.problems) < MAX_REPORTED else ""
                message = Message("note for unknown name '{name}'{hint}", name=written,
                                  hint=hint)
                self.fail(("notes", written), message)
            elif not isinstance(text, str):
                self.fail(("notes", written), Message("a note must be a string"), at_value=True)
            else:
                notes[name] = text
        return notes


def _choice(key: str, choices) -> Message:
    return Message("{key} must be {choices}", key=key, choices=one_of(f'"{c}"' for c in choices))
