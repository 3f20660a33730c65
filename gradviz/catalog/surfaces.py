"""Spanish for the surfaces texts (see `gradviz.catalog`): the loss surfaces' titles, how a
run ended (`gradviz.surfaces.outcome`), the plot's legend and subtitle, and the errors of the
formula checker and the runs (said inside a scene's lesson errors, or on the surface page)."""

SPANISH: dict[str, str] = {
    # gradviz.surfaces.functions, regression, landscape: the surfaces' titles
    "Rosenbrock (curved valley)": "Rosenbrock (valle curvo)",
    "Himmelblau (four minima)": "Himmelblau (cuatro mínimos)",
    "Rastrigin (many local minima)": "Rastrigin (muchos mínimos locales)",
    "Saddle point": "Punto de silla",
    "Ill-conditioned quadratic (κ = 100)": "Cuadrática mal condicionada (κ = 100)",
    "Two wells (a worse local minimum)": "Dos pozos (un mínimo local peor)",
    "Linear regression: full-batch MSE": "Regresión lineal: ECM de todo el conjunto",
    "Loss landscape: a {layers} network on {data}": "Paisaje de pérdida: red {layers} con {data}",
    "two spirals": "dos espirales",
    # gradviz.surfaces.outcome
    "leaves the range": "sale del rango",
    "diverged": "diverge",
    "{status} at iteration {k}": "{status} en la iteración {k}",
    # gradviz.view.surface_labels: the legend's marks and the subtitle
    "minimum": "mínimo",
    "local minimum": "mínimo local",
    "saddle point": "punto de silla",
    "start": "inicio",
    "step {k} / {n}": "paso {k} / {n}",
    "explained variance: {shares}": "varianza explicada: {shares}",
    # gradviz.surfaces.expr: a formula in x and y that cannot be read
    "the expression must be a string, got {type}": "la expresión debe ser un texto, no {type}",
    "the expression is longer than {n} characters": "la expresión tiene más de {n} caracteres",
    "the expression is empty; write a formula in x and y, e.g. {example}":
        "la expresión está vacía; escribe una fórmula en x e y, p. ej. {example}",
    "syntax error at column {col}: {error}": "error de sintaxis en la columna {col}: {error}",
    "the expression is too deeply nested": "la expresión está anidada demasiado profundo",
    "the expression is nested more than {n} levels deep":
        "la expresión está anidada en más de {n} niveles",
    "operator '{op}' at column {col} is not allowed; use + - * / ** (powers are written **, "
    "not ^)":
        "el operador '{op}' de la columna {col} no está permitido; usa + - * / ** (las "
        "potencias se escriben **, no ^)",
    "operator at column {col} is not allowed; only unary - and +":
        "el operador de la columna {col} no está permitido; solo - y + unarios",
    "{value} at column {col} is not a number": "{value} en la columna {col} no es un número",
    "the number at column {col} is too large; write it as a float such as {example}":
        "el número de la columna {col} es demasiado grande; escríbelo como decimal, p. ej. "
        "{example}",
    " (it is a function: call it as {name}(...))": " (es una función: llámala como {name}(...))",
    "unknown name '{name}' at column {col}; only x and y{hint}":
        "nombre desconocido '{name}' en la columna {col}; solo x e y{hint}",
    "'{what}' at column {col} is not allowed; use numbers, x, y, + - * / ** and the functions "
    "{functions}":
        "'{what}' en la columna {col} no está permitido; usa números, x, y, + - * / ** y las "
        "funciones {functions}",
    "only the functions {functions} can be called (at column {col}); write exp(x), not "
    "math.exp(x)":
        "solo se pueden llamar las funciones {functions} (columna {col}); escribe exp(x), no "
        "math.exp(x)",
    "; the functions are {functions}": "; las funciones son {functions}",
    "unknown function '{name}' at column {col}{hint}":
        "función desconocida '{name}' en la columna {col}{hint}",
    "{name}() at column {col} takes exactly one argument":
        "{name}() en la columna {col} recibe exactamente un argumento",
    # gradviz.surfaces.functions, runs, regression, landscape
    "unknown surface '{name}'; the built-in surfaces are {names}":
        "superficie desconocida '{name}'; las superficies incluidas son {names}",
    "the range {range} is empty; write {example}": "el rango {range} está vacío; escribe {example}",
    "unknown optimizer '{name}'; choose one of {names}":
        "optimizador desconocido '{name}'; elige uno de {names}",
    "{name} has no hyper-parameter '{key}'; it takes {names}":
        "{name} no tiene el hiperparámetro '{key}'; admite {names}",
    "unknown schedule '{name}'; choose one of {names}":
        "programación desconocida '{name}'; elige una de {names}",
    "schedule '{kind}' has no key '{key}'; {takes}":
        "la programación '{kind}' no tiene la clave '{key}'; {takes}",
    "it takes {names}": "admite {names}",
    "it takes no keys": "no admite claves",
    "a regression needs at least 2 points, got n = {n}":
        "una regresión necesita al menos 2 puntos, no n = {n}",
    "batch_size must be at least 1, got {n}": "batch_size debe ser al menos 1, no {n}",
    "{epochs} epochs of batches of {size} make {n:,} updates, over the limit of {limit:,}; use "
    "fewer epochs or bigger batches":
        "{epochs} épocas de lotes de {size} son {n:,} actualizaciones, más que el límite de "
        "{limit:,}; usa menos épocas o lotes más grandes",
}
