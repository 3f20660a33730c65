"""tomllib's syntax errors in the catalog's words, so a Spanish lesson is told them in Spanish.

``toml_problem("Cannot declare ('train',) twice", line)`` is the `Message` "the section
[train] is declared twice".  tomllib writes a fixed set of messages (Python 3.11's
``tomllib/_parser.py``); each has a template here, with the key paths it writes as tuples
(``('train', 'schedule')``) written as TOML writes them (``train.schedule``).  A message not
in the table (a later Python's) is kept as tomllib wrote it.  A line that starts with a
letter outside a–z (``épocas = 3``, ``α = 1``) is TOML's "invalid statement": bare keys are
ASCII only, so the message says to quote the key.
"""

from __future__ import annotations

import ast
import re

from gradviz.catalog.lesson import Message

_KEY = r"(\(.*\))"  # a key path as tomllib writes it: a tuple's repr
# tomllib's message (a pattern) -> the catalog's template and the names of its fields
_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"Invalid statement",
     "invalid statement: each line is key = value, a [section] or a # comment", ()),
    (r"Expected newline or end of document after a statement",
     "expected the end of the line after a value (one key = value per line)", ()),
    (r"Expected '=' after a key in a key/value pair", "expected '=' after the key", ()),
    (r"Found invalid character (.+)", "invalid character {char}", ("char",)),
    (rf"Cannot declare {_KEY} twice", "the section [{key}] is declared twice", ("key",)),
    (r"Cannot overwrite a value", "a key is given a value twice", ()),
    (r"Expected '\]' at the end of a table declaration",
     "expected ']' at the end of the section's name", ()),
    (r"Expected '\]\]' at the end of an array declaration",
     "expected ']]' at the end of the section's name", ()),
    (rf"Cannot mutate immutable namespace {_KEY}",
     "{key} is an inline table and cannot be added to", ("key",)),
    (rf"Cannot redefine namespace {_KEY}", "{key} is defined twice", ("key",)),
    (r"Invalid initial character for a key part", "a key cannot start here", ()),
    (r"Unclosed array", "a list '[' is never closed with ']'", ()),
    (r"Duplicate inline table key (.+)", "the key {key} is written twice in one table",
     ("key",)),
    (r"Unclosed inline table", "an inline table is never closed with its brace", ()),
    (r"Unescaped '\\' in a string",
     "a \\ in a string starts an escape such as \\n; write \\\\ for a backslash", ()),
    (r"Invalid hex value", "an escape \\u or \\U needs hexadecimal digits", ()),
    (r"Escaped character is not a Unicode scalar value",
     "the escape names no Unicode character", ()),
    (r"Unterminated string", "a string is never closed with its quote", ()),
    (r"Illegal character '\\n'", "a string is not closed before the end of its line (write "
     "one of several lines between triple quotes)", ()),
    (r"Illegal character (.+)", "the character {char} cannot be in a string; escape it",
     ("char",)),
    (r"Invalid date or datetime", "invalid date or time", ()),
    (r"Invalid value",
     "invalid value: expected a number, a string in quotes, true/false, a [list] or an "
     "inline table", ()),
    (r"Expected (.+)", "expected {what}", ("what",)),  # after the Expected ... above
)


# what tomllib says when a bare key or a section's name holds a letter outside ASCII
_IN_A_KEY = ("Invalid statement", "Expected '=' after a key in a key/value pair",
             "Invalid initial character for a key part",
             "Expected ']' at the end of a table declaration",
             "Expected ']]' at the end of an array declaration")


def toml_problem(message: str, line_text: str = "", col: int = 0) -> Message | str:
    """tomllib's `message` (its position taken off) as a catalog `Message`; `line_text` is the
    line it is about and `col` (1-based) where, for the hint about a key or a section name
    with letters outside a–z (``épocas = 3``, ``título = "x"``, ``[sección]``)."""
    quoted = _unquoted_key(line_text, col) if message in _IN_A_KEY else None
    if quoted is not None:
        return quoted
    for pattern, english, names in _TABLE:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            fields = {name: _key_path(value) if name == "key" else value
                      for name, value in zip(names, match.groups(), strict=True)}
            return Message(english, **fields)
    return message


def _unquoted_key(line_text: str, col: int) -> Message | None:
    """The hint to quote a bare key when the character tomllib stopped at (or the line's first
    word, for "Invalid statement" at its start) is a letter outside ASCII; else None."""
    at = min(max(col - 1, 0), len(line_text))
    start = at
    while start > 0 and (line_text[start - 1].isalnum() or line_text[start - 1] in "_-"):
        start -= 1
    word = re.match(r"[\w-]+", line_text[start:])
    if not word or word.group().isascii() or not line_text[at:at + 1].strip():
        return None
    if line_text[at:at + 1].isascii() and at != start:
        return None  # tomllib stopped at an ASCII character inside the word: not this case
    key = word.group()
    head = line_text.lstrip()
    example = f'[["{key}"]]' if head.startswith("[[") else f'["{key}"]' \
        if head.startswith("[") else f'"{key}" = ...'
    return Message("a key with letters outside a–z, like {key}, is written in quotes: "
                   "{example}", key=key, example=example)


def _key_path(text: str) -> str:
    """``('train', 'schedule')`` → ``train.schedule``; anything else as it is."""
    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        return text
    if isinstance(parts, tuple) and all(isinstance(p, str) for p in parts):
        return ".".join(parts)
    return text if not isinstance(parts, str) else repr(parts)
