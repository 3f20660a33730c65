"""What the window remembers between runs: language, theme, text scale, recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from gradviz import catalog
from gradviz.lecture.state import TEXT_SCALES, THEME_NAMES

MAX_RECENT = 8


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.q = settings or QSettings("gradviz", "gradviz")

    def _get(self, key: str, default, kind=str):
        value = self.q.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    @property
    def language(self) -> str:
        return catalog.language(self._get("language", catalog.DEFAULT))

    @language.setter
    def language(self, lang: str) -> None:
        self.q.setValue("language", lang)

    @property
    def theme(self) -> str:
        theme = self._get("theme", "light")
        return theme if theme in THEME_NAMES else "light"

    @theme.setter
    def theme(self, name: str) -> None:
        self.q.setValue("theme", name)

    @property
    def scale(self) -> float:
        low, high = TEXT_SCALES
        return min(max(self._get("scale", 1.0, float), low), high)

    @scale.setter
    def scale(self, value: float) -> None:
        self.q.setValue("scale", float(value))

    @property
    def recent(self) -> list[str]:
        value = self.q.value("recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [p for p in items if Path(p).is_file()][:MAX_RECENT]

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        items = [path] + [p for p in self.recent if p != path]
        self.q.setValue("recent", items[:MAX_RECENT])
