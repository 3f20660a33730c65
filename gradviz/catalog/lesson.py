"""Spanish for the lesson texts (see `gradviz.catalog`), and the pieces lesson errors are made of.

A lesson error is written in English with ``{fields}`` and said in a language when it is
shown: `Message` holds the English text and its fields, and ``message.text("es")`` looks the
text up in `SPANISH` and fills the fields, saying a field that is itself a `Message` (a "did
you mean" hint, "an integer such as dim=1") in the same language.  Any other field, a name,
a number or an engine's own message, is written as it is: the engine speaks English, as
PyTorch does.

`did_you_mean` is the lesson reader's hint, and the surfaces' formula checker's, which sits
beside the lesson reader and imports nothing of it.  `SaidError` is a `ValueError` whose words
are a `Message`, for the layers below the reader (surfaces, training, graph): a lesson says it
in its own language.  `note_in` picks one language out of a lesson's bilingual ``[notes]``.
"""

from __future__ import annotations

import difflib
import string


class Message:
    """An English text with ``{fields}``, said in a language when shown.

    ``Message("unknown name '{name}'{hint}", name="xx", hint=did_you_mean("xx", ["x"]))``;
    ``str(message)`` is the English.
    """

    __slots__ = ("english", "fields")

    def __init__(self, english: str, **fields) -> None:
        self.english, self.fields = english, fields

    def text(self, lang: str | None = "en") -> str:
        from gradviz.catalog import text  # the catalog merges this module's table on import

        said = {key: _said(value, lang) for key, value in self.fields.items()}
        return text(self.english, lang, **said) if said else text(self.english, lang)

    def templates(self):
        """This text and every text among its fields, nested ones too (for the tests)."""
        yield self.english
        for value in self.fields.values():
            if isinstance(value, Message):
                yield from value.templates()

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Message({self.text('en')!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.english, str(self)) == (other.english,
                                                                          str(other))

    def __hash__(self) -> int:
        return hash((self.english, str(self)))


def _said(value, lang: str | None):
    """A field as said in `lang`: a `Message`, or an error carrying one (a `SaidError`, the
    training's `DataError`…), in that language; anything else as it is."""
    if isinstance(value, BaseException):
        value = getattr(value, "said", value)
    return value.text(lang) if isinstance(value, Message) else value


class SaidError(ValueError):
    """A `ValueError` whose words are a catalog `Message`, for layers below the lesson reader
    (surfaces, training, graph) whose errors a lesson's user reads.

    ``str(e)`` is the English, as for any ValueError; ``e.said`` the `Message`, said in the
    lesson's language where the error is shown (a `Message` field holding the error says it).
    """

    def __init__(self, said: Message) -> None:
        super().__init__(str(said))
        self.said = said


def said_in(error: BaseException, lang: str | None) -> str:
    """An error's words in `lang`: its `Message` when it carries one, else ``str(error)``
    (an engine error, English as PyTorch's)."""
    said = getattr(error, "said", None)
    return said.text(lang) if isinstance(said, Message) else str(error)


def fields_of(english: str) -> list[str]:
    """The ``{fields}`` of a text, in order."""
    return [name for _, name, _, _ in string.Formatter().parse(english) if name]


def did_you_mean(name: str, candidates, section: bool = False) -> Message | str:
    """``"; did you mean 'sigmoid'?"`` when a candidate is close, else ``""``; for a section
    name (``section=True``) written as TOML writes it: ``"; did you mean [optimizer]?"``."""
    close = difflib.get_close_matches(name, list(candidates), n=1)
    if not close:
        return ""
    if section:
        return Message("; did you mean [{name}]?", name=close[0])
    odd = odd_letter(name) if close[0].isascii() else ""
    if odd:  # 'RеLU' with a Cyrillic е reads as ReLU: say which letter is not what it looks
        return Message("; did you mean '{name}'?{odd}", name=close[0], odd=odd)
    return Message("; did you mean '{name}'?", name=close[0])


def odd_letter(name: str) -> Message | str:
    """``" (its 'е' is U+0435, not one of a–z)"`` for the first character of `name` outside
    ASCII, else ``""``: a look-alike letter is invisible in the message otherwise."""
    odd = next((c for c in name if not c.isascii()), None)
    if odd is None:
        return ""
    return Message(" (its '{char}' is U+{code:04X}, not one of a–z)", char=odd, code=ord(odd))


def long_integer(error: str) -> Message | None:
    """Python's "Exceeds the limit (4300 digits)" told as a lesson can act on it (Python's own
    advice names a setting a lesson cannot change), or None for any other error."""
    if error.startswith("Exceeds the limit") and "digits" in error:
        return Message("an integer of more than {n:,} digits; write large numbers as floats, "
                       "e.g. {example}", n=4300, example="1e300")
    return None


def one_of(items, last: str = "or") -> Message | str:
    """``"a, b or c"`` (``last="and"``: ``"a, b and c"``), in the language it is said in."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    rest, final = ", ".join(items[:-1]), items[-1]
    if last == "and":
        return Message("{rest} and {last}", rest=rest, last=final)
    return Message("{rest} or {last}", rest=rest, last=final)


SPANISH: dict[str, str] = {
    # the headings of the table ``gradviz optimize`` (and ``gradviz run`` on a scene) prints
    "optimizer": "optimizador",
    "steps": "pasos",
    "loss": "pérdida",
    "status": "estado",
    # -- lesson errors: the pieces several messages share ---------------------------------
    "; did you mean '{name}'?": "; ¿quisiste decir '{name}'?",
    "; did you mean [{name}]?": "; ¿quisiste decir [{name}]?",
    "; did you mean '{name}'?{odd}": "; ¿quisiste decir '{name}'?{odd}",
    " (its '{char}' is U+{code:04X}, not one of a–z)":
        " (su '{char}' es U+{code:04X}, no una de a–z)",
    "{rest} or {last}": "{rest} o {last}",
    "{rest} and {last}": "{rest} y {last}",
    "{key} must be {choices}": "{key} debe ser {choices}",
    "{key} must be a string in quotes": "{key} debe ser un texto entre comillas",
    "{key} must be true or false": "{key} debe ser true o false",
    "{key} must be a number": "{key} debe ser un número",
    "{key} must be a positive integer": "{key} debe ser un entero positivo",
    "{key} must be an integer from {low} to {high}":
        "{key} debe ser un entero entre {low} y {high}",
    "{key} must be {what}": "{key} debe ser {what}",
    "an integer": "un entero",
    "a number": "un número",
    "a positive integer": "un entero positivo",
    "a list of positive integers": "una lista de enteros positivos",
    # -- reading the file (gradviz/lesson/parser.py) --------------------------------------
    "this is a directory, not a lesson file": "esto es una carpeta, no un archivo de lección",
    "no such file": "no existe el archivo",
    "this is a Python program, not a lesson: run it with python, with "
    "`import gradviz as torch` in place of `import torch`, and call "
    "torch.show(loss) in it to open its graph in the lecture window":
        "esto es un programa de Python, no una lección: ejecútalo con python, con "
        "`import gradviz as torch` en lugar de `import torch`, y llama a torch.show(loss) en "
        "él para abrir su grafo en la ventana de la clase",
    "cannot read the file: {error}": "no se puede leer el archivo: {error}",
    "nothing arrived from this pipe or device for {s} s; a lesson is a file":
        "no llegó nada de esta tubería o dispositivo en {s} s; una lección es un archivo",
    "file is larger than the 1 MiB limit for lesson files":
        "el archivo supera el límite de 1 MiB de los archivos de lección",
    "file is not UTF-8 text (byte 0x{byte:02x} at line {line}, column {col}); save it as UTF-8":
        "el archivo no es texto UTF-8 (byte 0x{byte:02x} en la línea {line}, columna {col}); "
        "guárdalo como UTF-8",
    "TOML syntax error: {error}": "error de sintaxis TOML: {error}",
    "an integer of more than {n:,} digits; write large numbers as floats, e.g. {example}":
        "un entero de más de {n:,} cifras; escribe los números grandes como decimales, p. ej. "
        "{example}",
    "Python syntax error in code: {error}; each line of code starts at the left edge, without "
    "spaces": "error de sintaxis de Python en code: {error}; cada línea de code empieza en el "
    "margen izquierdo, sin espacios",
    "more than {n} operators in a row in one expression; split it over several lines, e.g. "
    "{example}": "más de {n} operadores seguidos en una expresión; divídela en varias líneas, "
    "p. ej. {example}",
    "{count:,} more problems are not listed; fix the ones above first":
        "{count:,} problemas más no se listan; corrige primero los de arriba",
    "{error} (at the end of the file)": "{error} (al final del archivo)",
    "cannot read the TOML: {error}": "no se puede leer el TOML: {error}",
    "cannot read the TOML: it nests too deeply":
        "no se puede leer el TOML: está anidado demasiado profundo",
    "'{key}' belongs in the [lesson] section": "'{key}' va en la sección [lesson]",
    "unknown section [{key}]{hint}": "sección desconocida [{key}]{hint}",
    "[{key}] must be a table (a [{key}] section)":
        "[{key}] debe ser una tabla (una sección [{key}])",
    "unknown key '{key}' in {where}{hint}": "clave desconocida '{key}' en {where}{hint}",
    "{code} with one 'name = expression' per line, e.g. {example}":
        "{code} con una línea 'nombre = expresión' por cada valor, p. ej. {example}",
    "[graph] needs {hint}": "[graph] necesita {hint}",
    "code must be a string: {hint}": "code debe ser un texto: {hint}",
    "code has no statements; write 'name = expression' lines":
        "code no tiene instrucciones; escribe líneas 'nombre = expresión'",
    "output must be a name in quotes": "output debe ser un nombre entre comillas",
    "output '{name}' is not defined{hint}": "la salida '{name}' no está definida{hint}",
    "note for unknown name '{name}'{hint}": "nota para un nombre desconocido '{name}'{hint}",
    "a note must be a string": "una nota debe ser un texto",
    # -- what a file is (gradviz/lesson/kinds.py) ----------------------------------------
    "a graph lesson": "una lección de grafo",
    "an optimizer scene": "una escena de optimizadores",
    "a training lesson": "una lección de entrenamiento",
    "a lesson needs a [graph] section with {code} in it (or, for an optimizer scene, [surface] "
    "and [[optimizer]])":
        "una lección necesita una sección [graph] con {code} (o, para una escena de "
        "optimizadores, [surface] y [[optimizer]])",
    "[{second}] makes this file {second_kind}, but [{first}] made it {first_kind}; a lesson "
    "file is one of them: put each in its own file":
        "[{second}] hace de este archivo {second_kind}, pero [{first}] ya lo hizo "
        "{first_kind}; un archivo de lección es solo una de ellas: pon cada una en su "
        "propio archivo",
    # -- [inputs] (gradviz/lesson/inputs.py) ----------------------------------------------
    "is a function name": "es un nombre de función",
    "is not a valid name": "no es un nombre válido",
    "input '{name}' {why}; use letters, digits and _":
        "la entrada '{name}' {why}; usa letras, dígitos y _",
    "input '{name}' reads as '{code}' in code, the name of input '{other}'; give each input its "
    "own name":
        "la entrada '{name}' se lee como '{code}' en code, el nombre de la entrada '{other}'; "
        "da a cada entrada su propio nombre",
    "input '{name}' must be a number, a list or a table like {example}":
        "la entrada '{name}' debe ser un número, una lista o una tabla como {example}",
    "unknown key '{key}' in input '{name}'{hint}":
        "clave desconocida '{key}' en la entrada '{name}'{hint}",
    "input '{name}' needs exactly one of {kinds}{has}":
        "la entrada '{name}' necesita exactamente una de {kinds}{has}",
    " (it has {kinds})": " (tiene {kinds})",
    "label must be a non-empty string": "label debe ser un texto no vacío",
    "eye must be a positive integer n (an n×n identity)":
        "eye debe ser un entero positivo n (una identidad n×n)",
    "full must be {example}": "full debe ser {example}",
    "full value must be a number": "el value de full debe ser un número",
    "a shape is a list of positive integers such as {example}":
        "una forma es una lista de enteros positivos como {example}",
    "a shape has at most {n} dimensions": "una forma tiene como mucho {n} dimensiones",
    "shape sizes must be positive integers, got {value}":
        "los tamaños de una forma deben ser enteros positivos, no {value}",
    "the result of {what} would have {n} dimensions, over the limit of {limit}":
        "el resultado de {what} tendría {n} dimensiones, más que el límite de {limit}",
    "the result of {what} would have shape {shape}: {count:,} elements, over the limit of "
    "{limit:,} elements":
        "el resultado de {what} tendría forma {shape}: {count:,} elementos, más que el límite "
        "de {limit:,} elementos",
    "shapes {a} and {b} cannot be multiplied with {what}: the batch dimensions before the last "
    "two, {batch_a} and {batch_b}, must broadcast (equal or 1, compared from the right), but "
    "{left} and {right} are neither":
        "las formas {a} y {b} no se pueden multiplicar con {what}: las dimensiones de lote "
        "antes de las dos últimas, {batch_a} y {batch_b}, deben poder difundirse (iguales o 1, "
        "comparadas desde la derecha), pero {left} y {right} no lo son",
    "a tensor of {count:,} elements is over the limit of {limit:,} elements":
        "un tensor de {count:,} elementos supera el límite de {limit:,} elementos",
    "expected a number or a list of numbers, got {value}":
        "se esperaba un número o una lista de números, no {value}",
    "an empty list": "una lista vacía",
    "more than {n} nested lists": "más de {n} listas anidadas",
    "a value cannot be {why}": "un valor no puede ser {why}",
    "rows differ in length: element {i} has shape {shape}, element 0 has {first}":
        "las filas tienen distinta longitud: el elemento {i} tiene forma {shape}, el elemento "
        "0 tiene {first}",
    # -- the code (gradviz/lesson/expr.py) ------------------------------------------------
    "Python syntax error in code: {error}": "error de sintaxis de Python en code: {error}",
    "code is too long or too deeply nested to check":
        "code es demasiado largo o está anidado demasiado profundo para comprobarlo",
    "this line is too deeply nested to check":
        "esta línea está anidada demasiado profundo para comprobarla",
    "expected an assignment 'name = expression'":
        "se esperaba una asignación 'nombre = expresión'",
    "{what} are not allowed; each line is 'name = expression'":
        "no se permiten {what}; cada línea es 'nombre = expresión'",
    "'{name}' statements": "instrucciones '{name}'",
    "imports": "importaciones",
    "augmented assignment (+= and friends)": "asignaciones aumentadas (+= y similares)",
    "annotated assignment": "asignaciones anotadas",
    "function definitions": "definiciones de funciones",
    "class definitions": "definiciones de clases",
    "loops": "bucles",
    "if statements": "instrucciones if",
    "with statements": "instrucciones with",
    "del statements": "instrucciones del",
    "assign one name per line ('a = b = c' is not allowed)":
        "asigna un nombre por línea ('a = b = c' no está permitido)",
    "the left side of '=' must be a single name":
        "el lado izquierdo de '=' debe ser un solo nombre",
    "cannot reassign input '{name}'; choose a new name":
        "no se puede reasignar la entrada '{name}'; elige un nombre nuevo",
    "'{name}' is a function name; choose another name":
        "'{name}' es un nombre de función; elige otro nombre",
    "'{name}' is already assigned on line {line}; give each value its own name":
        "'{name}' ya está asignado en la línea {line}; da a cada valor su propio nombre",
    "expression nested more than {n} levels deep":
        "expresión anidada en más de {n} niveles",
    "operator {op} is not allowed; use {ops}": "el operador {op} no está permitido; usa {ops}",
    "operator {op} is not allowed; use unary -":
        "el operador {op} no está permitido; usa el - unario",
    "tuples and lists are only allowed as literal arguments":
        "las tuplas y las listas solo se permiten como argumentos literales",
    "{what} is not allowed in a lesson expression":
        "no se permite {what} en una expresión de lección",
    "lambda": "lambda",
    "a comprehension": "una comprensión",
    "a generator expression": "una expresión generadora",
    "a comparison": "una comparación",
    "and/or": "and/or",
    "a conditional expression": "una expresión condicional",
    "an f-string": "un f-string",
    "a dict": "un diccionario",
    "a set": "un conjunto",
    "the := operator": "el operador :=",
    "*unpacking": "el desempaquetado *",
    "await": "await",
    "yield": "yield",
    "indexing {code}[...]": "indexar {code}[...]",
    "indexing with [...]": "indexar con [...]",
    "'{name}' is a function; call it as {name}(...)":
        "'{name}' es una función; llámala como {name}(...)",
    "'{name}' is used before it is assigned (on line {line})":
        "'{name}' se usa antes de asignarse (en la línea {line})",
    "unknown name '{name}'{hint}": "nombre desconocido '{name}'{hint}",
    "method calls are not allowed; write {name}(...) instead":
        "no se permiten llamadas a métodos; escribe {name}(...) en su lugar",
    "write {name}(...) without the '{module}.' prefix":
        "escribe {name}(...) sin el prefijo '{module}.'",
    "attribute '.{name}' is not allowed; the only attribute is .T":
        "el atributo '.{name}' no está permitido; el único atributo es .T",
    "only the listed functions can be called": "solo se pueden llamar las funciones de la lista",
    "'{name}' is a tensor, not a function": "'{name}' es un tensor, no una función",
    "unknown function '{name}'{hint}": "función desconocida '{name}'{hint}",
    "; {alias}": "; {alias}",
    "*unpacking is not allowed": "el desempaquetado * no está permitido",
    "**unpacking is not allowed": "el desempaquetado ** no está permitido",
    "{name}() needs {needs} ({names}), got {got}":
        "{name}() necesita {needs} ({names}), recibió {got}",
    "{name}() takes at most {takes} ({names}), got {got}":
        "{name}() admite como mucho {takes} ({names}), recibió {got}",
    "{n} tensor argument": "{n} argumento tensor",
    "{n} tensor arguments": "{n} argumentos tensor",
    "{n} argument": "{n} argumento",
    "{n} arguments": "{n} argumentos",
    "{name}() needs {option}=..., e.g. {example}":
        "{name}() necesita {option}=..., p. ej. {example}",
    "pass '{name}' as a positional argument of {func}()":
        "pasa '{name}' como argumento posicional de {func}()",
    "{func}() has no argument '{name}'{hint}": "{func}() no tiene el argumento '{name}'{hint}",
    " (it takes {names})": " (admite {names})",
    "{func}() got two values for '{name}'": "{func}() recibió dos valores para '{name}'",
    "strings are not allowed in expressions": "no se permiten textos en las expresiones",
    "{value} is not allowed; use int or float numbers":
        "{value} no está permitido; usa números enteros o decimales",
    "this number is too large; write it as a float such as {example}":
        "este número es demasiado grande; escríbelo como decimal, p. ej. {example}",
    # -- the functions' arguments (gradviz/lesson/functions.py) ---------------------------
    "use the ** operator": "usa el operador **",
    "write {code}": "escribe {code}",
    "use @ or matmul": "usa @ o matmul",
    "use {a} or {b}": "usa {a} o {b}",
    "expected a literal value here (a number, True/False or (2, 3))":
        "aquí se esperaba un valor literal (un número, True/False o (2, 3))",
    "an integer such as {example}": "un entero, p. ej. {example}",
    "True or False": "True o False",
    "a number such as {example}": "un número, p. ej. {example}",
    "a tuple of integers such as {example}": "una tupla de enteros, p. ej. {example}",
    "{a}, {b} or {c}": "{a}, {b} o {c}",
    "{option} must be a literal: {accepts}": "{option} debe ser un literal: {accepts}",
    "{option} must be {accepts}, got {value}": "{option} debe ser {accepts}, no {value}",
    # -- running it (gradviz/lesson/program.py, prepare.py) -------------------------------
    "cannot build input '{name}': {error}": "no se puede construir la entrada '{name}': {error}",
    "cannot evaluate {what}": "no se puede evaluar {what}",
    "{what} failed: {error}": "{what} falló: {error}",
    "@ needs tensors, not two numbers": "@ necesita tensores, no dos números",
    "Target {target:g} is out of bounds: a class index is a whole number from 0 to {most}":
        "la clase {target:g} está fuera de rango: un índice de clase es un entero de 0 a "
        "{most}",
    "{what} needs tensors with at least one dimension, got shapes {a} and {b}":
        "{what} necesita tensores de al menos una dimensión, y las formas son {a} y {b}",
    "shapes {a} and {b} cannot be multiplied with {what}: the last dimension of the left "
    "({left}) must equal the {which} dimension of the right ({right})":
        "las formas {a} y {b} no se pueden multiplicar con {what}: la última dimensión de la "
        "izquierda ({left}) debe ser igual a la {which} dimensión de la derecha ({right})",
    "second-to-last": "penúltima",
    "only": "única",
    "shapes {a} and {b} cannot be broadcast for {what}: broadcasting compares dimensions from "
    "the right and each pair must be equal or 1, but {left} and {right} are neither":
        "las formas {a} y {b} no admiten broadcasting para {what}: el broadcasting compara "
        "las dimensiones desde la derecha y cada par debe ser igual o 1, pero {left} y "
        "{right} no lo son",
    "this lesson has no graph output": "esta lección no tiene salida del grafo",
    "output '{name}' has shape {shape}; backward needs a single number: end the code with e.g. "
    "{example}":
        "la salida '{name}' tiene forma {shape}; el paso hacia atrás necesita un solo número: "
        "termina el código con, p. ej., {example}",
    "nothing to differentiate: no input on the way to the output has grad = true":
        "nada que derivar: ninguna entrada en el camino hacia la salida tiene grad = true",
    "backward pass failed: {error}": "el paso hacia atrás falló: {error}",
    "cannot expand this lesson to scalars: {error}":
        "no se puede expandir esta lección a escalares: {error}",
    "cannot run the scene: {error}": "no se puede ejecutar la escena: {error}",
    # -- commands that refuse a kind (gradviz/app/lesson_cli.py, optimize_cli.py) ---------
    "gradviz dot writes the graph of a graph lesson and this is an optimizer scene, which has "
    "none":
        "gradviz dot escribe el grafo de una lección de grafo y esto es una escena de "
        "optimizadores, que no tiene ninguno",
    "gradviz optimize runs optimizer scenes and this is a graph lesson; gradviz run prints its "
    "values and gradients":
        "gradviz optimize ejecuta escenas de optimizadores y esto es una lección de grafo; "
        "gradviz run imprime sus valores y gradientes",
}

NOTE_ENGLISH = "EN:"  # a note writes Spanish first, then a line starting with this



def note_in(note: str, lang: str | None) -> str:
    """One language of a lesson note: ``"Entrada 3×4.\nEN: a 3×4 input."`` gives the English
    half for ``"en"`` and the Spanish half otherwise; a note without ``EN:`` is the same in
    both."""
    spanish, marker, english = note.partition("\n" + NOTE_ENGLISH)
    if not marker:
        spanish, marker, english = note.partition(NOTE_ENGLISH)
    if not marker:
        return note
    return english.strip() if lang == "en" else spanish.strip()
