"""Spanish and English for the window, through Qt's translation system.

Widgets write their text with ``self.tr("Open…")`` in English; `TableTranslator` is a
`QTranslator` whose table gives the Spanish.  Installing or removing it makes Qt send every
widget a LanguageChange event, and each widget re-reads its texts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

LANGUAGES = {"es": "Español", "en": "English"}

SPANISH = {
    "&File": "&Archivo", "&Open…": "&Abrir…", "Open &recent": "Abrir &reciente",
    "Export current view as PNG…": "Exportar la vista actual como PNG…",
    "Export whole graph as PNG…": "Exportar el grafo completo como PNG…",
    "Export all steps to a folder…": "Exportar todos los pasos a una carpeta…",
    "&Quit": "&Salir", "&View": "&Ver", "Zoom in": "Acercar", "Zoom out": "Alejar",
    "Fit to window": "Ajustar a la ventana", "Find node…": "Buscar nodo…",
    "Scalar view": "Vista escalar", "Presenter mode": "Modo presentador",
    "Larger text": "Texto más grande", "Smaller text": "Texto más pequeño",
    "Dark theme": "Tema oscuro", "&Language": "&Idioma", "&Step": "&Paso",
    "Next step": "Paso siguiente", "Previous step": "Paso anterior", "First step": "Primer paso",
    "Last step": "Último paso", "Start of backward pass": "Inicio del paso hacia atrás",
    "Play / pause": "Reproducir / pausar", "Speed": "Velocidad",
    "Before the first step": "Antes del primer paso",
    "Forward {k} of {n}": "Adelante {k} de {n}", "Backward {k} of {n}": "Atrás {k} de {n}",
    "Inspector": "Inspector", "Note": "Nota", "Value": "Valor", "Gradient": "Gradiente",
    "shape": "forma", "Click a node to inspect it.": "Haz clic en un nodo para inspeccionarlo.",
    "Bundled examples": "Ejemplos incluidos", "Open a lesson file…": "Abrir una lección…",
    "Drop a .toml lesson here or pick an example.":
        "Suelta aquí una lección .toml o elige un ejemplo.",
    "Could not open the lesson": "No se pudo abrir la lección",
    "The window keeps the graph it had.": "La ventana conserva el grafo que tenía.",
    "No layout program": "No hay programa de disposición",
    "Laying out the graph…": "Calculando la disposición del grafo…",
    "Reloaded {name}": "Recargado {name}", "Saved {path}": "Guardado {path}",
    "Wrote {n} images to {path}": "Escritas {n} imágenes en {path}",
    "Exporting all steps…": "Exportando todos los pasos…", "Cancel": "Cancelar",
    "Stopped after {n} images in {path}": "Detenido tras {n} imágenes en {path}",
    "Export failed": "La exportación falló", "Find node": "Buscar nodo",
    "Node name:": "Nombre del nodo:", "No node named '{name}'.": "No hay ningún nodo '{name}'.",
    "Lesson files (*.toml)": "Lecciones (*.toml)", "PNG images (*.png)": "Imágenes PNG (*.png)",
    "Start page": "Página de inicio", "not computed yet": "aún no calculado",
    "Show inspector": "Mostrar inspector", "Formula": "Fórmula",
    "Local derivative": "Derivada local", "Step": "Paso",
    "Step {k} of {n}": "Paso {k} de {n}", "stopped": "se detuvo", "Loss": "Pérdida",
    "Update": "Actualización", "Batch gradient": "Gradiente del batch",
    "Full-batch gradient": "Gradiente de todo el conjunto", "Epoch": "Época",
    "momentum buffer": "buffer de momentum", "first moment": "primer momento",
    "second moment": "segundo momento", "bias-corrected m": "m con sesgo corregido",
    "bias-corrected v": "v con sesgo corregido", "largest v so far": "mayor v hasta ahora",
    "sum of squared gradients": "suma de gradientes al cuadrado",
    "running mean of g²": "media móvil de g²", "running mean of Δθ²": "media móvil de Δθ²",
    "running mean of g": "media móvil de g", "step taken": "paso dado",
    "Diverged": "Divergió",
    "Left the range, still descending": "Salió del rango, aún descendiendo",
    "Learning rate": "Tasa de aprendizaje", "3-D": "3-D",
    "The 3-D view is not available here": "La vista 3-D no está disponible aquí",
    "Show the surface in 3-D": "Mostrar la superficie en 3-D",
    "Click to start every optimizer from there":
        "Haz clic para que todos los optimizadores partan de ahí",
    "training": "entrenamiento", "on the plane": "en el plano",
    "Distance to the plane": "Distancia al plano",
}


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


def set_language(lang: str) -> None:
    """Switch the whole UI; widgets update on the LanguageChange event Qt sends."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if lang == "es":
        _installed = TableTranslator(SPANISH, app)
        app.installTranslator(_installed)


def tr(text: str, **fields) -> str:
    """Translate outside a widget (and fill {fields})."""
    return QCoreApplication.translate("gradviz", text).format(**fields)
