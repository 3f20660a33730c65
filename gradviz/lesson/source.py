"""Where things sit in a lesson file: line and column of every TOML key and value.

`tomllib` gives values but no positions, and a lesson error must point into the file
(`lesson.toml:12:9: unknown function 'sigmod'`).  `SourcePositions` walks a document that
`tomllib` has already accepted and remembers where each key path starts, e.g.
``("inputs", "x", "randn", 1)`` for the ``4`` in ``x = { randn = [3, 4] }``.
`string_positions` decodes a TOML string literal character by character so that a position
inside the `code` string (line 3 of the code, column 7) maps back to the file.

Both are best effort: they only ever make a message point more precisely, so if the walk
meets something unexpected it stops and callers fall back to a coarser position.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib

Path = tuple  # a key path: table names, keys and array indices

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(r"[^,\]}\n#]*")  # a number, date or boolean runs up to one of these
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class LineIndex:
    """Converts a string index into a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.text)))
        row = bisect.bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


class SourcePositions:
    """Key and value positions of a TOML document, keyed by key path."""

    def __init__(self, text: str) -> None:
        self.lines = LineIndex(text)
        self.keys: dict[Path, int] = {}  # path -> index where its key (or table header) starts
        self.values: dict[Path, int] = {}  # path -> index where its value starts
        self._text = text
        self._array_tables: dict[Path, int] = {}
        # keep whatever was found before a surprise; callers fall back to coarser positions
        with contextlib.suppress(IndexError, ValueError, tomllib.TOMLDecodeError, RecursionError):
            self._scan()

    def key(self, path: Path) -> tuple[int, int] | None:
        return self._find(self.keys, path)

    def value(self, path: Path) -> tuple[int, int] | None:
        return self._find(self.values, path)

    def _find(self, table: dict[Path, int], path: Path) -> tuple[int, int] | None:
        index = table.get(tuple(path))
        return None if index is None else self.lines.position(index)

    # -- the walk ---------------------------------------------------------------------------

    def _scan(self) -> None:
        text, i, table = self._text, 0, ()
        while True:
            i = self._skip_blank(i, newlines=True)
            if i >= len(text):
                return
            if text[i] == "[":
                start = i
                double = text.startswith("[[", i)
                names, i = self._key(i + (2 if double else 1))
                i = self._skip_blank(i) + (2 if double else 1)
                table = tuple(names)
                if double:
                    count = self._array_tables.get(table, 0)
                    self._array_tables[table] = count + 1
                    table = table + (count,)
                self.keys.setdefault(table, start)
            else:
                i = self._key_value(i, table)
            i = self._skip_to_line_end(i)

    def _key_value(self, i: int, prefix: Path) -> int:
        start = i
        names, i = self._key(i)
        path = prefix + tuple(names)
        self.keys.setdefault(path, start)
        i = self._skip_blank(i)
        if self._text[i] != "=":
            raise ValueError("expected '='")
        return self._value(self._skip_blank(i + 1), path)

    def _key(self, i: int) -> tuple[list[str], int]:
        text, names = self._text, []
        while True:
            i = self._skip_blank(i)
            if text[i] in "\"'":
                end = self._skip_string(i)
                names.append(tomllib.loads("k = " + text[i:end])["k"])
                i = end
            else:
                match = _BARE_KEY.match(text, i)
                if not match:
                    raise ValueError("expected a key")
                names.append(match.group())
                i = match.end()
            i = self._skip_blank(i)
            if i < len(text) and text[i] == ".":
                i += 1
                continue
            return names, i

    def _value(self, i: int, path: Path) -> int:
        text = self._text
        self.values.setdefault(path, i)
        if text[i] in "\"'":
            return self._skip_string(i)
        if text[i] in "[{":
            closing, index = ("]" if text[i] == "[" else "}"), 0
            i += 1
            while True:
                i = self._skip_blank(i, newlines=True)
                if text[i] == closing:
                    return i + 1
                if closing == "]":
                    i = self._value(i, path + (index,))
                    index += 1
                else:
                    i = self._key_value(i, path)
                i = self._skip_blank(i, newlines=True)
                if text[i] == ",":
                    i += 1
                elif text[i] != closing:
                    raise ValueError("expected ',' or a closing bracket")
        return _SCALAR.match(text, i).end()

    def _skip_blank(self, i: int, newlines: bool = False) -> int:
        text = self._text
        while i < len(text):
            if text[i] in " \t" or (newlines and text[i] in "\r\n"):
                i += 1
            elif newlines and text[i] == "#":
                i = self._skip_to_line_end(i)
            else:
                break
        return i

    def _skip_to_line_end(self, i: int) -> int:
        end = self._text.find("\n", i)
        return len(self._text) if end < 0 else end + 1

    def _skip_string(self, i: int) -> int:
        """The index just past the string literal that starts at i."""
        text = self._text
        quote = text[i]
        if text.startswith(quote * 3, i):
            j = i + 3
            while True:
                if quote == '"' and text[j] == "\\":
                    j += 2
                elif text.startswith(quote * 3, j):
                    # up to two quotes right before the closing ones belong to the string
                    run = len(text[j:]) - len(text[j:].lstrip(quote))
                    return j + min(run, 5)
                else:
                    j += 1
        j = i + 1
        while text[j] != quote:
            j += 2 if quote == '"' and text[j] == "\\" else 1
        return j + 1


def string_positions(text: str, start: int, expected: str) -> list[int] | None:
    """Source index of each character of the TOML string literal at ``text[start]``.

    The list has one entry per decoded character plus one for the closing quote, so a
    position just past the end of the string still maps somewhere.  Returns None when the
    decoded string differs from ``expected`` (the walk found the wrong literal).
    """
    try:
        decoded, sources = _decode(text, start)
    except (IndexError, ValueError):
        return None
    return sources if decoded == expected else None


def _decode(text: str, i: int) -> tuple[str, list[int]]:
    quote = text[i]
    multi = text.startswith(quote * 3, i)
    i += 3 if multi else 1
    if multi and text.startswith("\n", i):
        i += 1  # TOML trims a newline right after the opening quotes
    chars: list[str] = []
    sources: list[int] = []
    while True:
        c = text[i]
        if multi and text.startswith(quote * 3, i):
            run = min(len(text[i:]) - len(text[i:].lstrip(quote)), 5)
            for k in range(run - 3):
                chars.append(quote)
                sources.append(i + k)
            sources.append(i + run - 3)
            return "".join(chars), sources
        if not multi and c == quote:
            sources.append(i)
            return "".join(chars), sources
        if quote == '"' and c == "\\":
            i = _decode_escape(text, i, multi, chars, sources)
            continue
        chars.append(c)
        sources.append(i)
        i += 1


def _decode_escape(text: str, i: int, multi: bool, chars: list[str], sources: list[int]) -> int:
    nxt = text[i + 1]
    if multi and nxt in " \t\n":
        # a line-ending backslash swallows the newline and all whitespace after it
        j = i + 1
        while text[j] in " \t":
            j += 1
        if text[j] != "\n":
            raise ValueError("backslash not at line end")
        while text[j] in " \t\n":
            j += 1
        return j
    if nxt in _ESCAPES:
        chars.append(_ESCAPES[nxt])
        sources.append(i)
        return i + 2
    if nxt in "uU":
        digits = 4 if nxt == "u" else 8
        chars.append(chr(int(text[i + 2 : i + 2 + digits], 16)))
        sources.append(i)
        return i + 2 + digits
    raise ValueError(f"unknown escape \\{nxt}")
