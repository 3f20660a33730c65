"""Spanish for the graph's drawing errors (see `gradviz.catalog`): the scalar view's limit
(`gradviz.graph.scalar`) and the layout program (`gradviz.graph.layout`), said inside a
lesson's errors or in the window."""

SPANISH: dict[str, str] = {
    # gradviz.graph.scalar
    "the scalar view would need about {n:,} nodes, over the limit of {limit:,}; show this "
    "lesson as tensors ({level}) or make its tensors smaller":
        "la vista escalar necesitaría unos {n:,} nodos, más que el límite de {limit:,}; "
        "muestra esta lección como tensores ({level}) o haz sus tensores más pequeños",
    "the scalar view needs a single output value, not shape {shape}":
        "la vista escalar necesita un solo valor de salida, no la forma {shape}",
    # gradviz.graph.layout
    "gradviz needs a Graphviz layout program to place the graph. Install one with {pip} (no "
    "system libraries needed), or install your system's graphviz package ({apt}, {brew}, "
    "{winget}) so that {dot} is on PATH.":
        "gradviz necesita un programa de disposición de Graphviz para colocar el grafo. "
        "Instala uno con {pip} (no necesita bibliotecas del sistema), o instala el paquete "
        "graphviz de tu sistema ({apt}, {brew}, {winget}) para que {dot} esté en el PATH.",
    "{program} took longer than {s:g} s to lay out the graph":
        "{program} tardó más de {s:g} s en disponer el grafo",
    "could not run {program}: {error}. {hint}": "no se pudo ejecutar {program}: {error}. {hint}",
    "{program} failed (exit {code}): {error}": "{program} falló (salida {code}): {error}",
    "{program} wrote output that is not JSON: {error}":
        "{program} escribió una salida que no es JSON: {error}",
    "the graph has {n:,} nodes, more than the {limit:,} gradviz lays out; draw a smaller part "
    "of the computation (fewer steps, smaller tensors, or tensors instead of scalars)":
        "el grafo tiene {n:,} nodos, más que los {limit:,} que gradviz dispone; dibuja una "
        "parte más pequeña del cálculo (menos pasos, tensores más pequeños, o tensores en vez "
        "de escalares)",
}
