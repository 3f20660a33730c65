"""Spanish for the training lessons: their errors (the data sets' and the layers' too),
``gradviz train``'s table and the parameter updates of an iteration opened in the stepper
(see `gradviz.catalog`)."""

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
    # the data sets (gradviz/training/data.py), said inside "cannot read the data: {error}"
    "unknown data set '{name}'; choose one of {names}":
        "conjunto de datos desconocido '{name}'; elige uno de {names}",
    "the digits data set ({file}) is not installed":
        "el conjunto de datos de dígitos ({file}) no está instalado",
    "the validation fraction must be from 0 to below 1, not {fraction}":
        "la fracción de validación debe ir de 0 a menos de 1, no {fraction}",
    "a validation fraction of {fraction} leaves no training records":
        "una fracción de validación de {fraction} no deja registros de entrenamiento",
    "{path}: an IDX file of images needs its labels file too":
        "{path}: un archivo IDX de imágenes necesita también su archivo de etiquetas",
    "{path}: cannot be read: {error}": "{path}: no se puede leer: {error}",
    "{path}: expected as many labels as records, got {records} records and {labels} labels":
        "{path}: se esperaban tantas etiquetas como registros, y hay {records} registros y "
        "{labels} etiquetas",
    "{path}: every value must be a finite number": "{path}: cada valor debe ser un número finito",
    "{path}: labels must be whole numbers 0, 1, 2, …":
        "{path}: las etiquetas deben ser enteros 0, 1, 2, …",
    "{path}: a label of {label:g} is more than {most}; labels number the classes 0, 1, 2, …":
        "{path}: una etiqueta de {label:g} es mayor que {most}; las etiquetas numeran las "
        "clases 0, 1, 2, …",
    "{path}: cannot be opened: {error}": "{path}: no se puede abrir: {error}",
    "{path}: is a folder, not a data file": "{path}: es una carpeta, no un archivo de datos",
    "{path}: is not a regular file (a device or a pipe); give a data file":
        "{path}: no es un archivo normal (es un dispositivo o una tubería); da un archivo de "
        "datos",
    "{path}: more than {mib} MiB; a CSV is read whole, save a bigger data set as .npz":
        "{path}: más de {mib} MiB; un CSV se lee entero, guarda un conjunto de datos más "
        "grande como .npz",
    "{path}: no records; expected lines of numbers, the label last":
        "{path}: no hay registros; se esperaban líneas de números, con la etiqueta al final",
    "{path}: expected at least two columns (features, then the label)":
        "{path}: se esperaban al menos dos columnas (las características y después la "
        "etiqueta)",
    "{path}: expected arrays named x and y, found none":
        "{path}: se esperaban arreglos llamados x e y, y no hay ninguno",
    "{path}: expected arrays named x and y, found {names}":
        "{path}: se esperaban arreglos llamados x e y, y hay {names}",
    "{path}: {name} holds {dtype} values; expected real numbers":
        "{path}: {name} contiene valores {dtype}; se esperaban números reales",
    "{path}: x is one number; expected one record per row":
        "{path}: x es un solo número; se esperaba un registro por fila",
    "{path}: not an IDX file (its first bytes are not 0 0 type ndim)":
        "{path}: no es un archivo IDX (sus primeros bytes no son 0 0 tipo ndim)",
    "{path}: its header says {sizes} values of {dtype}, but {count} bytes follow":
        "{path}: su cabecera dice {sizes} valores de {dtype}, pero siguen {count} bytes",
    # the layers (gradviz/training/model.py), said inside "layer {i}: {error}" and
    # "the layers do not fit together: {error}"
    "cannot read {text}: write a layer like Linear(3, 4) or ReLU()":
        "no se puede leer {text}: escribe una capa como Linear(3, 4) o ReLU()",
    "unknown layer {name}{odd}; choose one of {names}":
        "capa desconocida {name}{odd}; elige una de {names}",
    "{name} takes {n} numbers in parentheses": "{name} recibe {n} números entre paréntesis",
    "{name} has no argument '{arg}'; it takes nothing":
        "{name} no tiene el argumento '{arg}'; no recibe ninguno",
    "{name} has no argument '{arg}'; it takes {allowed}":
        "{name} no tiene el argumento '{arg}'; recibe {allowed}",
    "{name} needs {missing}, e.g. {example}": "{name} necesita {missing}, p. ej. {example}",
    "{name} {key} must be a whole number from 1 to {most}":
        "{name} {key} debe ser un entero entre 1 y {most}",
    "{name} bias must be True or False": "{name} bias debe ser True o False",
    "{name} {key} must be a number (or True/False)":
        "{name} {key} debe ser un número (o True/False)",
    "a model needs at least one Linear layer": "un modelo necesita al menos una capa Linear",
    "unknown init '{name}'; choose one of {names}":
        "inicialización desconocida '{name}'; elige una de {names}",
    "layer {i} {layer} takes {n} inputs, but the layer before gives {width}":
        "la capa {i} {layer} recibe {n} entradas, pero la capa anterior da {width}",
    "unknown activation '{name}'; choose one of {names}":
        "activación desconocida '{name}'; elige una de {names}",
    "the hidden size must be a whole number from 1 to {most}":
        "el tamaño de las capas ocultas debe ser un entero entre 1 y {most}",
    # a run (gradviz/training/run.py): a change the training page asks for, the boundary
    "cannot change {names}; only {changes}": "no se puede cambiar {names}; solo {changes}",
    "a decision boundary needs records with two features":
        "una frontera de decisión necesita registros de dos características",
    # gradviz train's table (gradviz/app/train_cli.py EPOCH_HEADINGS; "loss" is the lesson's)
    "epoch": "época", "iterations": "iteraciones", "accuracy": "exactitud",
    "validation loss": "pérdida (validación)", "validation accuracy": "exactitud (validación)",
    # an iteration opened in the stepper (gradviz/lesson/iteration.py)
    "Iteration {k} of {title}": "Iteración {k} de {title}",
    "Update of {name}: a step against the gradient, α = {lr}":
        "Actualización de {name}: un paso contra el gradiente, α = {lr}",
    "{optimizer} moves {name} by ΔW, made from the gradient and its own memory":
        "{optimizer} mueve {name} en ΔW, hecho del gradiente y de su propia memoria",
}
