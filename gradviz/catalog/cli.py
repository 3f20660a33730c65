"""Spanish for the command line's words (see `gradviz.catalog`).

The command line's own messages are said in ``--lang``, else in Spanish, as lesson errors
are (argparse's usage lines and the option values it refuses stay English); each is written
through ``text(english, lang)``, so that each has its Spanish here.
"""

SPANISH: dict[str, str] = {
    # gradviz/app/cli.py: a word that is neither a command nor a file
    "{file}: no such file": "{file}: no existe ese archivo",
    "{word!r} is neither a command nor a file": "{word!r} no es un comando ni un archivo",
    "did you mean {command!r}?": "¿quisiste decir {command!r}?",
    "the commands are {commands}": "los comandos son {commands}",
    # gradviz/app/arguments.py: option values
    "{value!r} is not a scale: give a number from {low:g} to {high:g} (2 is the default, "
    "1 is the screen's size)":
        "{value!r} no es una escala: da un número de {low:g} a {high:g} (2 por omisión, "
        "1 es el tamaño de la pantalla)",
    "an empty step: give start, end, forward:N, backward:N or a number N":
        "un paso vacío: da start, end, forward:N, backward:N o un número N",
    "{value}: a step number has at most {digits} digits":
        "{value}: un número de paso tiene a lo sumo {digits} cifras",
    # gradviz/app/export_cli.py
    "they replace the {n} frames of an earlier export":
        "reemplazan los {n} fotogramas de una exportación anterior",
    "cannot write {output}: {reason}": "no se puede escribir {output}: {reason}",
    # gradviz/app/headless.py: output, warnings, signals
    "the output's encoding ({encoding}) cannot write {char!r} (U+{code:04X}); set "
    "PYTHONIOENCODING=utf-8 to write it":
        "la codificación de la salida ({encoding}) no puede escribir {char!r} "
        "(U+{code:04X}); define PYTHONIOENCODING=utf-8 para escribirlo",
    "cannot write the output: {reason}": "no se puede escribir la salida: {reason}",
    "stopped ({signal}); no file was left half-written":
        "detenido ({signal}); ningún archivo quedó a medio escribir",
    "warning: {message}": "aviso: {message}",
    # gradviz/app/launch.py, gradviz/view/display.py: a window with no display to open on
    "no display to open a window on: {problem}. Without a screen, use {run} or {export}.":
        "no hay pantalla en la que abrir una ventana: {problem}. Sin pantalla, usa {run} o "
        "{export}.",
    "DISPLAY is not set": "DISPLAY no está definida",
    "the Wayland display {name} does not answer and DISPLAY is not set":
        "la pantalla Wayland {name} no responde y DISPLAY no está definida",
    "the X display {name} does not answer (DISPLAY may be left from an ended session)":
        "la pantalla X {name} no responde (DISPLAY puede venir de una sesión ya terminada)",
}
