"""Spanish and English for the window, through Qt's translation system.

Widgets write their text with ``self.tr("Open…")`` in English; `TableTranslator` is a
`QTranslator` reading the Spanish from the one catalog, `gradviz.catalog`.  Installing or
removing it makes Qt send every widget a LanguageChange event, and each widget re-reads its
texts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from gradviz.catalog import LANGUAGES, SPANISH


class TableTranslator(QTranslator):
    """A QTranslator backed by a Python dict (English source text → translation)."""

    def __init__(self, table: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.table = table

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802
        return self.table.get(source_text, None)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


_installed: TableTranslator | None = None
_current = "en"  # Qt shows the source text until a translator is installed


def set_language(lang: str) -> None:
    """Switch the whole UI; widgets update on the LanguageChange event Qt sends."""
    global _installed, _current
    _current = lang if lang in LANGUAGES else "en"
    app = QCoreApplication.instance()
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if lang == "es":
        _installed = TableTranslator(SPANISH, app)
        app.installTranslator(_installed)


def current() -> str:
    """The language of the translator installed last ("en" before any): what Qt's
    ``self.tr`` gives.  Widgets do not read their language here: it is their lecture's
    (``lecture.language``), which the window hands to `set_language`."""
    return _current


def tr(text: str, **fields) -> str:
    """Translate outside a widget (and fill {fields})."""
    return QCoreApplication.translate("gradviz", text).format(**fields)
