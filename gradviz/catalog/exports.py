"""Spanish for the exports' words: ``-o`` formats, slides, animations (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {
    # gradviz/view/export_formats.py: what the -o name says
    "-o {output}: gradviz does not write {suffix} files; end the name in one of {known} "
    "(or give a folder with --all-steps)":
        "-o {output}: gradviz no escribe archivos {suffix}; termina el nombre en uno de "
        "{known} (o da una carpeta con --all-steps)",
    "-o {output} is an animation of every step; --step {step} picks one picture: give a "
    ".png, .svg or .pdf name for it":
        "-o {output} es una animación de todos los pasos; --step {step} elige una imagen: "
        "dale un nombre .png, .svg o .pdf",
    "-o {output}: give a file name ending in {known}, or a folder with --all-steps":
        "-o {output}: da un nombre de archivo terminado en {known}, o una carpeta con "
        "--all-steps",
    "-o {output} names one picture; --all-steps writes a folder of PNG frames (a name "
    "without a suffix), one .pdf page per step, or a .gif or .mp4 animation":
        "-o {output} nombra una sola imagen; --all-steps escribe una carpeta de fotogramas "
        "PNG (un nombre sin extensión), una página de .pdf por paso, o una animación .gif "
        "o .mp4",
    # gradviz/app/arguments.py
    "{value!r} is not a {name}: give a number from {low:g} to {high:g}":
        "{value!r} no es {name} válido: da un número de {low:g} a {high:g}",
    "text size": "un tamaño de texto", "frame rate": "un ritmo de fotogramas",
    # gradviz/app/exporting.py: a --step that names no step
    "--step {spec}: the forward pass has steps 1..{count}":
        "--step {spec}: el paso hacia adelante tiene los pasos 1..{count}",
    "--step {spec}: the backward pass has steps 1..{count}":
        "--step {spec}: el paso hacia atrás tiene los pasos 1..{count}",
    "--step {spec}: frames are 0 (the start) to {n} (the end), as --all-steps numbers them":
        "--step {spec}: los fotogramas van de 0 (el inicio) a {n} (el final), como los numera "
        "--all-steps",
    "--step {spec}: expected forward:N, backward:N, start or end":
        "--step {spec}: se esperaba forward:N, backward:N, start o end",
    "--step {spec}: {expected}": "--step {spec}: {expected}",
    "{what} takes an iteration 0..{last}, start or end":
        "{what} admite una iteración 0..{last}, start o end",
    "--step {spec}: forward:N and backward:N step through a graph lesson's passes; "
    "{expected}":
        "--step {spec}: forward:N y backward:N recorren los pasos de una lección de grafo; "
        "{expected}",
    "{n} steps are too many for a GIF (at most {most}): write an .mp4 or a folder":
        "{n} pasos son demasiados para un GIF (a lo sumo {most}): escribe un .mp4 o una "
        "carpeta",
    # gradviz/app/window_export.py
    "Stopped: {path} keeps the frames it had": "Detenido: {path} conserva los fotogramas "
                                               "que tenía",
    # gradviz/app/export_cli.py: a training lesson's export
    "--frame {frame}: a training lesson is exported as its training page, a 16:9 slide "
    "(--size 1080p or 4k); leave --frame out":
        "--frame {frame}: una lección de entrenamiento se exporta como su página de "
        "entrenamiento, una diapositiva 16:9 (--size 1080p o 4k); quita --frame",
}
