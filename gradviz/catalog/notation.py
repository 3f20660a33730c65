"""Spanish for the course notation and predict-the-gradient mode (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {
    "Predict the gradient": "Predecir el gradiente",
    "Reveal": "Revelar",
    "Predict the ? before it is revealed": "Predigan el ? antes de revelarlo",
}
SPANISH.update({
    "label for unknown name '{name}'{hint}": "etiqueta para un nombre desconocido '{name}'{hint}",
    "a control character (U+{code:04X}) cannot be drawn nor written; remove it":
        "un carácter de control (U+{code:04X}) no se puede dibujar ni escribir; quítalo",
    "a label must be a non-empty string": "una etiqueta debe ser un texto no vacío",
    "a label is one line of at most {n} characters":
        "una etiqueta es una línea de a lo sumo {n} caracteres",
    "input '{name}' has a label already ({label}); give it once":
        "la entrada '{name}' ya tiene etiqueta ({label}); dala una sola vez",
    "label '{label}' would draw '{name}' and '{other}' alike; give each its own":
        "la etiqueta '{label}' dibujaría igual '{name}' y '{other}'; dale a cada uno la suya",
})
