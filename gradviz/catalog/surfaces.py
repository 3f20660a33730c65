"""Spanish for the surfaces texts (see `gradviz.catalog`): the loss surfaces' titles, how a
run ended (`gradviz.surfaces.outcome`) and the plot's legend and subtitle."""

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
}
