"""The catalog's Spanish speaks to the user as the course does: in "tú".

The course's slides and notes say "Ahora que conoces…", "¿qué puedes hacer con ellos?",
"Como puedes ver arriba", "no te compliques", "tu código PyTorch": informal, second person
singular.  So the catalog writes "usa", "elige", "escribe", "da", "¿quisiste decir…?", never
the formal "use", "elija", "escriba", "dé", "¿quería decir…?".  The words below are the formal
register's tell-tale forms (commands and questions a message puts to its reader); none of them
is a word the informal register writes, so finding one is a slip.  A plural said to the whole
room ("Predigan el ?") is the same in both registers and is not looked for.
"""

from __future__ import annotations

import re

import pytest

from gradviz.catalog import SPANISH

# Formal imperatives and forms of address; each is a different word in the "tú" register
# (use/usa, elija/elige, dé/da, quería/querías, usted/tú, su/tu is left out: "su forma" is
# the tensor's, not the reader's).
FORMAL = (
    "use", "elija", "escriba", "indique", "compruebe", "pruebe", "abra", "guarde",
    "corrija", "quite", "ponga", "revise", "cambie", "añada", "dé", "defina", "termine",
    "haga", "asegúrese", "intente", "divida", "pase", "llame", "quítelo", "escríbalo",
    "guárdelo", "elimine", "borre", "instale", "reinicie", "cierre", "espere", "quería",
    "usted", "ustedes",
)
TELL_TALE = re.compile(r"(?<![\w])(" + "|".join(FORMAL) + r")(?![\w])", re.IGNORECASE)


def formal_words(spanish: str) -> list[str]:
    """The formal register's tell-tale words in a Spanish text (its {fields} left out)."""
    return TELL_TALE.findall(re.sub(r"\{[^}]*\}", " ", spanish))


def test_no_spanish_entry_speaks_formally():
    formal = {english: (spanish, formal_words(spanish)) for english, spanish in SPANISH.items()
              if formal_words(spanish)}
    assert not formal, f"write these in 'tú', as the course does: {formal}"


@pytest.mark.parametrize("spanish", [
    "dé un número de 0.5 a 4", "¿Quería decir 'export'?", "Use letras y dígitos",
    "escriba un .mp4 o una carpeta", "quite --frame",
])
def test_the_check_finds_the_formal_register(spanish: str):
    assert formal_words(spanish)


@pytest.mark.parametrize("spanish", [
    "da un número de 0.5 a 4", "¿quisiste decir 'export'?", "usa letras, dígitos y _",
    "escribe un .mp4 o una carpeta", "quita --frame", "la entrada '{use}' de un lote",
    "no se puede usar", "Predigan el ? antes de revelarlo",
])
def test_the_check_lets_the_informal_register_be(spanish: str):
    assert not formal_words(spanish)
