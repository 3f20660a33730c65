"""Spanish for the training lessons: their errors, ``gradviz train``'s table and the
parameter updates of an iteration opened in the stepper (see `gradviz.catalog`)."""

SPANISH = {
    # lesson errors ([data], [model], [train])
    "a training lesson needs the sections {sections}; [{name}] is missing":
        "una lección de entrenamiento necesita las secciones {sections}; falta [{name}]",
    "batch_size {size} is more than the {n} training records":
        "batch_size {size} es mayor que los {n} registros de entrenamiento",
    "{n} iterations is too many; at most {limit}":
        "{n} iteraciones son demasiadas; como mucho {limit}",
    "this training would cost {n:.2g} multiply-adds (epochs × records × weights); at most "
    "{limit:.0g}":
        "este entrenamiento costaría {n:.2g} multiplicaciones y sumas (épocas × registros × "
        "pesos); como mucho {limit:.0g}",
    "{n} layers is too many; at most {limit}": "{n} capas son demasiadas; como mucho {limit}",
    "one output tells two classes apart, and the data has {classes}; give the last layer "
    "{classes} outputs":
        "una salida distingue dos clases y los datos tienen {classes}; da a la última capa "
        "{classes} salidas",
    "binary_cross_entropy takes probabilities: end the layers with {layer}, or use {other}":
        "binary_cross_entropy recibe probabilidades: termina las capas con {layer}, o usa "
        "{other}",
    "the run diverged at iteration {k}: its outputs or its loss stopped being finite":
        "el entrenamiento divergió en la iteración {k}: sus salidas o su pérdida dejaron de "
        "ser finitas",
    "{key} must be a positive number": "{key} debe ser un número positivo",
    "layers must be a list of layers in quotes, e.g. {example}":
        "layers debe ser una lista de capas entre comillas, p. ej. {example}",
    "unknown init {name}{hint}": "inicialización desconocida {name}{hint}",
    "the first layer takes {n} inputs, but each record of the data has {features}":
        "la primera capa recibe {n} entradas, pero cada registro de los datos tiene {features}",
    "unknown loss {name}{hint}": "pérdida desconocida {name}{hint}",
    "cross_entropy needs one output per class: the data has {classes} classes and the last "
    "layer gives {outputs}":
        "cross_entropy necesita una salida por clase: los datos tienen {classes} clases y la "
        "última capa da {outputs}",
    "{loss} needs 1 output (two classes) or one per class; the last layer gives {outputs}":
        "{loss} necesita 1 salida (dos clases) o una por clase; la última capa da {outputs}",
    "batch_size must be {full} or a positive integer (1: one record per update)":
        "batch_size debe ser {full} o un entero positivo (1: un registro por actualización)",
    "validation must be a fraction of the records from 0 to below 1, e.g. {example}":
        "validation debe ser una fracción de los registros, de 0 a menos de 1, p. ej. {example}",
    "per must be {choices}": "per debe ser {choices}",
    "{key} does not belong to the data set {name}":
        "{key} no corresponde al conjunto de datos {name}",
    "cannot read the data: {error}": "no se pueden leer los datos: {error}",
    "layer {i}: {error}": "capa {i}: {error}",
    "cannot hold out the validation records: {error}":
        "no se pueden apartar los registros de validación: {error}",
    "the layers do not fit together: {error}": "las capas no encajan: {error}",
    "cannot train this model: {error}": "no se puede entrenar este modelo: {error}",
    "gradviz train runs training lessons ([data], [model], [train]); gradviz run runs this one":
        "gradviz train ejecuta lecciones de entrenamiento ([data], [model], [train]); esta "
        "se ejecuta con gradviz run",
    "gradviz dot writes the graph of a graph lesson and this is a training lesson; gradviz "
    "train runs it":
        "gradviz dot escribe el grafo de una lección de grafo y esta es una lección de "
        "entrenamiento; se ejecuta con gradviz train",
    # gradviz train's table
    "validation loss": "pérdida (validación)", "validation accuracy": "exactitud (validación)",
    # an iteration opened in the stepper (gradviz/lesson/iteration.py)
    "Iteration {k} of {title}": "Iteración {k} de {title}",
    "Update of {name}: a step against the gradient, α = {lr}":
        "Actualización de {name}: un paso contra el gradiente, α = {lr}",
    "{optimizer} moves {name} by ΔW, made from the gradient and its own memory":
        "{optimizer} mueve {name} en ΔW, hecho del gradiente y de su propia memoria",
}
