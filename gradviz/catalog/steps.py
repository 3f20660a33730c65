"""Spanish for the steps texts (see `gradviz.catalog`): what the inspector says at each
forward and backward step (`gradviz.graph.step_text`), the scene's tooltips, the export's
frame captions and the inspector's array summaries."""

SPANISH: dict[str, str] = {
    # gradviz.graph.step_text
    "Forward step: {symbol}": "Paso hacia adelante: {symbol}",
    "Backward step: {symbol}  (formula: {formula})":
        "Paso hacia atrás: {symbol}  (fórmula: {formula})",
    "formula: {formula}": "fórmula: {formula}",
    "shape: {shape}": "forma: {shape}",
    "Backward pass starts": "Inicio del paso hacia atrás",
    "upstream gradient {derivative} = {value}": "gradiente que llega {derivative} = {value}",
    "local derivative: {derivative}": "derivada local: {derivative}",
    "summed over the broadcast axes: → {shape}": "sumada sobre los ejes difundidos: → {shape}",
    "contribution {derivative} (shape {shape}) = {value}":
        "contribución {derivative} (forma {shape}) = {value}",
    "where G = {derivative} is the upstream gradient":
        "donde G = {derivative} es el gradiente que llega",
    "all {n} entries are {value}": "los {n} elementos valen {value}",
    "{n} entries between {low} and {high}": "{n} elementos entre {low} y {high}",
    # gradviz.graph.caption: the caption band's words
    "Backward step: {symbol}": "Paso hacia atrás: {symbol}",
    "G = ∂{out}/∂{result}: the upstream gradient": "G = ∂{out}/∂{result}: el gradiente que llega",
    "running sum": "suma acumulada",
    "Σ for {name}: summed over the broadcast axes, back to {shape}":
        "Σ para {name}: sumada sobre los ejes difundidos, de vuelta a {shape}",
    "running sum {derivative} = {value}": "suma acumulada {derivative} = {value}",
    "Accumulation: used {n} times, its contributions add up":
        "Acumulación: se usa {n} veces, se suman sus contribuciones",
    # gradviz.view.scene: a node's tooltip
    "operation: {op}": "operación: {op}",
    # gradviz.app.exporting: where a frame sits, after the title
    "forward {k}/{n}": "adelante {k}/{n}",
    "backward {k}/{n}": "atrás {k}/{n}",
    # gradviz.app.inspector: a big array's summary
    "min": "mín", "max": "máx", "mean": "media", "first rows": "primeras filas",
}
