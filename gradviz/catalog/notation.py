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
SPANISH.update({  # [groups]
    "group '{group}' needs {values}, a list of names":
        "el grupo '{group}' necesita {values}, una lista de nombres",
    "group '{group}' must be a list of names or a table with {keys}":
        "el grupo '{group}' debe ser una lista de nombres o una tabla con {keys}",
    "group '{group}' is empty; list the values it holds":
        "el grupo '{group}' está vacío; enumera los valores que contiene",
    "a group lists names as strings, such as {example}":
        "un grupo enumera nombres como textos, por ejemplo {example}",
    "group '{group}' names unknown value '{name}'{hint}":
        "el grupo '{group}' nombra un valor desconocido '{name}'{hint}",
    "'{name}' is in group '{other}' already; a value belongs to one group":
        "'{name}' ya está en el grupo '{other}'; un valor pertenece a un solo grupo",
    "groups '{group}' and '{other}' are both labelled '{label}'; give each its own":
        "los grupos '{group}' y '{other}' tienen la misma etiqueta '{label}'; dale a cada uno "
        "la suya",
})
