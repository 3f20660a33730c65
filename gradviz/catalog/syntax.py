"""Spanish for the syntax errors of the tools a lesson is read with (see `gradviz.catalog`):
tomllib's (`gradviz.lesson.toml_errors`) and Python's, in a lesson's code or a formula.

`python_syntax` says Python's commonest ``SyntaxError`` messages in the catalog's words; the
character a slide's typesetting leaves in a formula (``x²``, ``a − b``) is told as Python
writes it.
"""

from __future__ import annotations

import re

from gradviz.catalog.lesson import Message

# Characters a formula copied from a slide holds, and what Python writes for them.
_TYPESET = {"²": "x**2", "³": "x**3", "−": "-", "·": "*", "×": "*", "÷": "/", "√": "sqrt(x)"}


def python_syntax(error: str) -> Message | str:
    """Python's commonest syntax errors (``SyntaxError.msg``) in the catalog's words, with the
    character a slide's typesetting left in (``x²``, ``a − b``) told as Python writes it; any
    other message as Python wrote it."""
    char = re.fullmatch(r"invalid character '(.)' \(U\+([0-9A-F]+)\)", error)
    if char:
        write = _TYPESET.get(char.group(1))
        advice = Message("; write {code}", code=write) if write else ""
        return Message("invalid character '{char}' (U+{code}){advice}", char=char.group(1),
                       code=char.group(2), advice=advice)
    bracket = re.fullmatch(r"'(.)' was never closed", error)
    if bracket:
        return Message("'{bracket}' was never closed", bracket=bracket.group(1))
    bracket = re.fullmatch(r"unmatched '(.)'", error)
    if bracket:
        return Message("unmatched '{bracket}'", bracket=bracket.group(1))
    known = {"invalid syntax": Message("invalid syntax"),
             "invalid syntax. Perhaps you forgot a comma?":
                 Message("invalid syntax; is a comma missing?"),
             "invalid decimal literal":
                 Message("invalid decimal literal; write {good}, not {bad}", good="2*x",
                         bad="2x"),
             "unexpected indent": Message("unexpected indent")}
    return known.get(error, error)


SPANISH: dict[str, str] = {
    # tomllib's own syntax errors (gradviz/lesson/toml_errors.py)
    "a key with letters outside a–z, like {key}, is written in quotes: {example}":
        "una clave con letras fuera de a–z, como {key}, se escribe entre comillas: {example}",
    "invalid statement: each line is key = value, a [section] or a # comment":
        "instrucción no válida: cada línea es clave = valor, una [sección] o un # comentario",
    "expected the end of the line after a value (one key = value per line)":
        "se esperaba el final de la línea después de un valor (una clave = valor por línea)",
    "expected '=' after the key": "se esperaba '=' después de la clave",
    "expected {what}": "se esperaba {what}",
    "invalid character {char}": "carácter no válido {char}",
    "the section [{key}] is declared twice": "la sección [{key}] está declarada dos veces",
    "a key is given a value twice": "una clave recibe un valor dos veces",
    "expected ']' at the end of the section's name":
        "se esperaba ']' al final del nombre de la sección",
    "expected ']]' at the end of the section's name":
        "se esperaba ']]' al final del nombre de la sección",
    "{key} is an inline table and cannot be added to":
        "{key} es una tabla en línea y no se le puede añadir nada",
    "{key} is defined twice": "{key} está definido dos veces",
    "a key cannot start here": "aquí no puede empezar una clave",
    "a list '[' is never closed with ']'": "una lista '[' nunca se cierra con ']'",
    "the key {key} is written twice in one table":
        "la clave {key} está escrita dos veces en una tabla",
    "an inline table is never closed with its brace":
        "una tabla en línea nunca se cierra con su llave",
    "a \\ in a string starts an escape such as \\n; write \\\\ for a backslash":
        "una \\ en un texto empieza un escape como \\n; escribe \\\\ para una barra invertida",
    "an escape \\u or \\U needs hexadecimal digits":
        "un escape \\u o \\U necesita dígitos hexadecimales",
    "the escape names no Unicode character": "el escape no nombra ningún carácter Unicode",
    "a string is never closed with its quote": "un texto nunca se cierra con su comilla",
    "a string is not closed before the end of its line (write one of several lines between "
    "triple quotes)":
        "un texto no se cierra antes del final de su línea (uno de varias líneas se escribe "
        "entre comillas triples)",
    "the character {char} cannot be in a string; escape it":
        "el carácter {char} no puede estar en un texto; escríbelo como escape",
    "invalid date or time": "fecha u hora no válida",
    "invalid value: expected a number, a string in quotes, true/false, a [list] or an inline "
    "table":
        "valor no válido: se esperaba un número, un texto entre comillas, true/false, una "
        "[lista] o una tabla en línea",
    # Python's own syntax errors (python_syntax), in code and in a formula
    "invalid character '{char}' (U+{code}){advice}":
        "carácter no válido '{char}' (U+{code}){advice}",
    "; write {code}": "; escribe {code}",
    "'{bracket}' was never closed": "'{bracket}' nunca se cierra",
    "unmatched '{bracket}'": "'{bracket}' no cierra nada abierto",
    "invalid syntax": "sintaxis no válida",
    "invalid syntax; is a comma missing?": "sintaxis no válida; ¿falta una coma?",
    "invalid decimal literal; write {good}, not {bad}":
        "un número va pegado a una letra; escribe {good}, no {bad}",
    "unexpected indent": "sangría inesperada",
}
