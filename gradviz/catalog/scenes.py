"""Spanish for the optimizer scenes' lesson errors (see `gradviz.catalog`): ``[surface]``,
``[[optimizer]]`` and ``[schedule]`` as `gradviz.lesson.scene` reads them, and what an
optimizer refuses (`gradviz.lesson.refusals`)."""

SPANISH: dict[str, str] = {
    # gradviz/lesson/scene.py, gradviz/lesson/refusals.py
    "must be a table of key = value lines": "debe ser una tabla de líneas clave = valor",
    "; allowed: {names}": "; se admiten: {names}",
    "; choose one of {names}": "; elige uno de {names}",
    "unknown key '{key}'{hint}": "clave desconocida '{key}'{hint}",
    "an optimizer scene needs a [surface] section with a name or expr":
        "una escena de optimizadores necesita una sección [surface] con name o expr",
    "{key} only belongs to {only}": "{key} solo corresponde a {only}",
    "use {key} = ..., {why}": "usa {key} = ..., {why}",
    "a regression counts epochs": "una regresión cuenta épocas",
    "only a regression has epochs": "solo una regresión tiene épocas",
    "give either name = ... or expr = ..., not both":
        "da name = ... o expr = ..., no ambos",
    "a landscape's range follows the training paths on their PCA plane":
        "el rango de un paisaje sigue los caminos del entrenamiento en su plano PCA",
    "a landscape starts from the network's random weights (choose a seed)":
        "un paisaje parte de los pesos aleatorios de la red (elige una seed)",
    "unknown data set {name}{hint}": "conjunto de datos desconocido {name}{hint}",
    "data must be one of {names} for a landscape":
        "data debe ser uno de {names} para un paisaje",
    "give either {name} (a built-in surface) or {expr} (a formula), not both":
        "da {name} (una superficie incluida) o {expr} (una fórmula), no ambos",
    "unknown surface {name}{hint}": "superficie desconocida {name}{hint}",
    "range must be {example} with min < max": "range debe ser {example} con min < max",
    "range bounds must be numbers from {low} to {high}":
        "los límites de range deben ser números entre {low} y {high}",
    "{key} must be a number from {low} to {high}": "{key} debe ser un número entre {low} y {high}",
    "{key} must be a number of at least 0": "{key} debe ser un número mayor o igual que 0",
    "{key} must be a point [x, y] of two numbers": "{key} debe ser un punto [x, y] de dos números",
    "add at least one [[optimizer]] section, e.g. {example}":
        "añade al menos una sección [[optimizer]], p. ej. {example}",
    "at most {n} optimizers per scene": "como mucho {n} optimizadores por escena",
    "needs {example}": "necesita {example}",
    "unknown optimizer type {name}{hint}": "tipo de optimizador desconocido {name}{hint}",
    "unknown schedule type {name}{hint}": "tipo de programación desconocido {name}{hint}",
    "schedule '{kind}' needs {key} = ...": "la programación '{kind}' necesita {key} = ...",
    "schedule: {error}": "programación (schedule): {error}",
    "the optimizer refuses this: {error}": "el optimizador no acepta esto: {error}",
    "betas[{i}] must be from 0 to below 1, not {value}":
        "betas[{i}] debe ir de 0 a menos de 1, no {value}",
    "{key} must be from 0 to 1, not {value}": "{key} debe ir de 0 a 1, no {value}",
    "{key} must be at least 0, not {value}": "{key} debe ser al menos 0, no {value}",
    "nesterov = true needs momentum above 0 and dampening = 0":
        "nesterov = true necesita momentum mayor que 0 y dampening = 0",
    "the formula cannot be read: {error}": "no se puede leer la fórmula: {error}",
    "{key} must be two numbers, e.g. {example}": "{key} debe ser dos números, p. ej. {example}",
}
