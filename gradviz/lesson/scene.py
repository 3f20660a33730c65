"""Optimizer scenes from lesson files: ``[surface]``, ``[[optimizer]]`` and ``[schedule]``.

``load_scene("examples/optim_rosenbrock.toml")`` reads the file with the lesson parser,
checks the optimizer sections and returns a `SurfaceScene`; ``scene.run()`` runs it.
Problems raise the parser's `LessonError` pointing at the key or value (``FILE:LINE:COL:
[optimizer] 2 lr: ...``); `scene_from_dict` accepts a plain `tomllib` document instead
(then the position is 1:1 and the message names the section and key).
`gradviz.lesson.prepare` reads and runs a scene for every command; the format is
documented in ``docs/lesson-format.md`` under "Optimizer scenes".

``name = "landscape"`` makes a scene whose surface is not given but trained: a tiny network
(`gradviz.surfaces.landscape`) is trained by every optimizer and the surface is its loss on
the PCA plane of their paths, so such a scene trains when it is made.
"""

from __future__ import annotations

from dataclasses import replace

from gradviz.catalog.lesson import Message, did_you_mean, one_of
from gradviz.engine import api as gv
from gradviz.lesson.parser import Lesson, LessonError, load_lesson
from gradviz.lesson.refusals import blamed_key, refusal
from gradviz.lesson.values import is_finite_number, is_int, is_name_in
from gradviz.surfaces.expr import FormulaError
from gradviz.surfaces.functions import SURFACES, Point, Range, Surface, custom_surface
from gradviz.surfaces.landscape import DATASETS, Network
from gradviz.surfaces.regression import MAX_UPDATES, RegressionData, regression_data
from gradviz.surfaces.runs import (
    HYPERPARAMETERS,
    OPTIMIZERS,
    PAIRS,
    SCHEDULES,
    SWITCHES,
    OptimizerSpec,
    Schedule,
    make_optimizer,
    make_scheduler,
)
from gradviz.surfaces.scene import SurfaceScene

REGRESSION = "linear_regression"
LANDSCAPE = "landscape"
MAX_STEPS = 100_000
MAX_OPTIMIZERS = 16
MAX_NETWORK_STEPS = 5_000  # each one a forward and backward pass over the data set
MAX_HIDDEN = 32
MAX_SEED = 2**32 - 1
SURFACE_KEYS = ("name", "expr", "range", "start", "steps", "epochs", "data", "hidden", "seed",
                "note")
DATA_KEYS = ("n", "seed", "w", "b", "noise")
# Bounds a scene's numbers stay within so that it can be run and drawn: a range of ±1e308 has
# an infinite width (no axis can show it), noise of 1e308 makes every target infinite.
MAX_COORDINATE = 1e12
DATA_LIMITS = {"w": 1e6, "b": 1e6, "noise": 1e6}  # |value| at most this
NON_NEGATIVE = ("decay", "gamma", "eta_min")  # a negative decay divides by zero at t = -1/decay


def load_scene(path) -> SurfaceScene:
    """Read a lesson file and build its optimizer scene; raises `LessonError`."""
    return scene_from_lesson(load_lesson(path))


def scene_from_lesson(lesson: Lesson) -> SurfaceScene:
    return _SceneReader(lesson.raw, lesson.path, lesson).scene()


def scene_from_dict(document: dict, path: str = "<lesson>") -> SurfaceScene:
    """The same checks on a plain `tomllib` document (no line numbers to point at)."""
    return _SceneReader(document, path, None).scene()


class _SceneReader:
    def __init__(self, document: dict, path: str, lesson: Lesson | None) -> None:
        self.doc, self.path, self.lesson = document, path, lesson

    def fail(self, message: Message, *keys, at_value: bool = True) -> LessonError:
        """An error at the value of ``keys`` (else the key, else 1:1), naming the key."""
        text = message
        if keys:  # "[optimizer #2] lr: ...", "[surface] data.n: ..."
            indexed = len(keys) > 1 and isinstance(keys[1], int)
            head = f"[{keys[0]} #{keys[1] + 1}]" if indexed else f"[{keys[0]}]"
            rest = ".".join(str(k) for k in keys[2 if indexed else 1:])
            where = f"{head} {rest}" if rest else head
            text = Message("{where}: {problem}", where=where, problem=message)
        if self.lesson is None:
            return LessonError(self.path, 1, 1, text)
        positions = self.lesson.positions
        found = positions.value(tuple(keys)) if positions and at_value else None
        return LessonError(self.path, *(found or self.lesson.where(*keys)), text,
                           self.lesson.language)

    def table(self, value, *keys) -> dict:
        if not isinstance(value, dict):
            raise self.fail(Message("must be a table of key = value lines"), *keys)
        return value

    def unknown(self, table: dict, allowed, *keys) -> None:
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or Message("; allowed: {names}",
                                                             names=", ".join(allowed))
                raise self.fail(Message("unknown key '{key}'{hint}", key=key, hint=hint),
                                *keys, key, at_value=False)

    # -- sections ----------------------------------------------------------------------------

    def scene(self) -> SurfaceScene:
        if "surface" not in self.doc:
            raise self.fail(Message("an optimizer scene needs a [surface] section with a name "
                                    "or expr"))
        surface_table = self.table(self.doc["surface"], "surface")
        self.unknown(surface_table, SURFACE_KEYS, "surface")
        if surface_table.get("name") == LANDSCAPE:
            return self.landscape_scene(surface_table)
        for key in ("hidden", "seed"):
            if key in surface_table:
                raise self.fail(Message("{key} only belongs to {only}", key=key,
                                        only=f'name = "{LANDSCAPE}"'),
                                "surface", key, at_value=False)
        regression, surface = self.surface(surface_table)
        start = self.point(surface_table, "start", surface.start)
        steps_key = "epochs" if regression is not None else "steps"
        other = "steps" if regression is not None else "epochs"
        if other in surface_table:
            why = Message("a regression counts epochs") if regression else \
                Message("only a regression has epochs")
            raise self.fail(Message("use {key} = ..., {why}", key=steps_key, why=why),
                            "surface", other, at_value=False)
        steps = surface_table.get(steps_key, 10 if regression is not None else 200)
        if not (is_int(steps) and 1 <= steps <= MAX_STEPS):
            raise self.fail(_from_to(steps_key, 1, MAX_STEPS), "surface", steps_key)
        specs = self.optimizers(self.default_schedule(), regression is not None)
        if regression is not None:
            self.updates(regression, steps, specs)
        title, description = self.titles()
        return SurfaceScene(surface, start, steps, specs, title, description, regression,
                            self.text(surface_table, "note", "surface"))

    def default_schedule(self) -> Schedule | None:
        return self.schedule(self.doc["schedule"], "schedule") if "schedule" in self.doc \
            else None

    def titles(self) -> tuple[str, str]:
        meta = self.doc.get("lesson", {}) if isinstance(self.doc.get("lesson"), dict) else {}
        return str(meta.get("title", "")), str(meta.get("description", ""))

    def landscape_scene(self, table: dict) -> SurfaceScene:
        """``name = "landscape"``: data, hidden, seed and steps; no range, start or expr."""
        not_here = {
            "expr": Message("give either name = ... or expr = ..., not both"),
            "range": Message("a landscape's range follows the training paths on their PCA plane"),
            "start": Message("a landscape starts from the network's random weights (choose a "
                             "seed)"),
            "epochs": Message("use {key} = ..., {why}", key="steps",
                              why=Message("only a regression has epochs")),
        }
        for key, why in not_here.items():
            if key in table:
                raise self.fail(why, "surface", key, at_value=False)
        data = table.get("data", "xor")
        if not is_name_in(data, DATASETS):
            hint = did_you_mean(str(data), DATASETS) or _choose(DATASETS)
            what = Message("unknown data set {name}{hint}", name=repr(data), hint=hint) \
                if isinstance(data, str) else \
                Message("data must be one of {names} for a landscape",
                        names=", ".join(map(repr, DATASETS)))
            raise self.fail(what, "surface", "data")
        values = {}
        for key, low, high, default in (("hidden", 1, MAX_HIDDEN, 4),
                                         ("seed", 0, MAX_SEED, 0),
                                         ("steps", 1, MAX_NETWORK_STEPS, 300)):
            value = table.get(key, default)
            if not (is_int(value) and low <= value <= high):
                raise self.fail(_from_to(key, low, high), "surface", key)
            values[key] = value
        specs = self.optimizers(self.default_schedule(), regression=False)
        title, description = self.titles()
        network = Network(data, values["hidden"], values["seed"])
        # surface and start come from the training (see SurfaceScene)
        return SurfaceScene(None, None, values["steps"], specs, title, description,
                            note=self.text(table, "note", "surface"), network=network)

    def surface(self, table: dict) -> tuple[RegressionData | None, Surface]:
        if ("name" in table) == ("expr" in table):
            raise self.fail(Message("give either {name} (a built-in surface) or {expr} (a "
                                    "formula), not both", name='name = "rosenbrock"',
                                    expr='expr = "x**2 + 3*y**2"'), "surface")
        bounds = self.range(table) if "range" in table else None
        if "expr" in table:
            if not isinstance(table["expr"], str):
                raise self.fail(Message("{key} must be a string in quotes", key="expr"),
                                "surface", "expr")
            try:
                surface = custom_surface(table["expr"], bounds or ((-3.0, 3.0), (-3.0, 3.0)))
            except FormulaError as e:
                raise self.expression_error(e, table["expr"]) from None
            return None, surface
        name = table["name"]
        names = (*SURFACES, REGRESSION, LANDSCAPE)
        if not is_name_in(name, names):
            hint = did_you_mean(str(name), names) or _choose(names)
            what = _not_a_name("name", names) if not isinstance(name, str) else \
                Message("unknown surface {name}{hint}", name=repr(name), hint=hint)
            raise self.fail(what, "surface", "name")
        if "data" in table and name != REGRESSION:
            only = one_of([f'name = "{REGRESSION}"', f'"{LANDSCAPE}"'])
            raise self.fail(Message("{key} only belongs to {only}", key="data", only=only),
                            "surface", "data", at_value=False)
        regression = self.regression(table.get("data", {})) if name == REGRESSION else None
        surface = regression.surface() if regression is not None else SURFACES[name]
        return regression, surface if bounds is None else replace(surface, range=bounds)

    def expression_error(self, problem: FormulaError, text: str) -> LessonError:
        """Point at the offending character inside a one-line ``expr = "..."`` string
        (`problem.column` counts in the formula checker's stripped text)."""
        error = self.fail(Message("the formula cannot be read: {error}", error=problem.said),
                          "surface", "expr")
        if self.lesson is None or problem.column is None or "\n" in text or "\\" in text:
            return error
        col = error.col + 1 + (len(text) - len(text.lstrip())) + problem.column - 1
        return LessonError(error.path, error.line, col, error.said, error.language)

    def regression(self, value) -> RegressionData:
        table = self.table(value, "surface", "data")
        self.unknown(table, DATA_KEYS, "surface", "data")
        kwargs = {}
        for key, item in table.items():
            limits = {"n": (2, 100_000), "seed": (0, 2**63 - 1)}
            if key in limits and not (is_int(item) and limits[key][0] <= item <= limits[key][1]):
                raise self.fail(_from_to(key, *limits[key]), "surface", "data", key)
            if key not in limits and not is_finite_number(item):
                raise self.fail(_a_number(key), "surface", "data", key)
            if key in DATA_LIMITS and not abs(item) <= DATA_LIMITS[key]:
                raise self.fail(_number_from_to(key, -DATA_LIMITS[key], DATA_LIMITS[key]),
                                "surface", "data", key)
            kwargs[key] = item
        return regression_data(**kwargs)

    def range(self, table: dict) -> Range:
        value = table["range"]
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(r, list) and len(r) == 2 and all(map(is_finite_number, r))
                      and r[0] < r[1] for r in value))
        if not ok:
            raise self.fail(Message("range must be {example} with min < max",
                                    example="[[xmin, xmax], [ymin, ymax]]"), "surface", "range")
        if not all(abs(bound) <= MAX_COORDINATE for r in value for bound in r):
            raise self.fail(Message("range bounds must be numbers from {low} to {high}",
                                    low=_plain(-MAX_COORDINATE), high=_plain(MAX_COORDINATE)),
                            "surface", "range")
        return (float(value[0][0]), float(value[0][1])), (float(value[1][0]), float(value[1][1]))

    def point(self, table: dict, key: str, default: Point) -> Point:
        if key not in table:
            return default
        value = table[key]
        if not (isinstance(value, list) and len(value) == 2 and all(map(is_finite_number, value))):
            raise self.fail(Message("{key} must be a point [x, y] of two numbers", key=key),
                            "surface", key)
        return float(value[0]), float(value[1])

    def optimizers(self, default: Schedule | None, regression: bool) -> tuple:
        tables = self.doc.get("optimizer")
        if not isinstance(tables, list) or not tables:
            raise self.fail(Message("add at least one [[optimizer]] section, e.g. {example}",
                                    example='type = "adam"'),
                            *(("optimizer",) if tables is not None else ()))
        if len(tables) > MAX_OPTIMIZERS:
            raise self.fail(Message("at most {n} optimizers per scene", n=MAX_OPTIMIZERS),
                            "optimizer")
        return tuple(self.optimizer(t, i, default, regression) for i, t in enumerate(tables))

    def optimizer(self, value, i: int, default: Schedule | None, regression: bool):
        table = self.table(value, "optimizer", i)
        kind = table.get("type")
        if not is_name_in(kind, OPTIMIZERS):
            hint = did_you_mean(str(kind), OPTIMIZERS) or _choose(OPTIMIZERS)
            what = Message("needs {example}", example='type = "sgd", "adam", ...') \
                if kind is None else _not_a_name("type", OPTIMIZERS) \
                if not isinstance(kind, str) else \
                Message("unknown optimizer type {name}{hint}", name=repr(kind), hint=hint)
            raise self.fail(what, "optimizer", i, *(("type",) if kind is not None else ()))
        hyper = HYPERPARAMETERS[OPTIMIZERS[kind][0]]
        extra = ("type", "label", "note", "schedule", *(("batch_size",) if regression else ()))
        self.unknown(table, (*hyper, *extra), "optimizer", i)
        params = {k: v for k, v in table.items() if k in hyper}
        for key, item in params.items():
            self.hyperparameter(key, item, "optimizer", i)
        label = self.text(table, "label", "optimizer", i)
        batch = table.get("batch_size")
        if batch is not None and not (is_int(batch) and batch >= 1):
            raise self.fail(Message("{key} must be a positive integer", key="batch_size"),
                            "optimizer", i, "batch_size")
        schedule = self.schedule(table["schedule"], "optimizer", i, "schedule") \
            if "schedule" in table else default
        note = self.text(table, "note", "optimizer", i)
        spec = OptimizerSpec(kind, params, label, schedule, batch, note)
        try:  # the optimizer's own checks (lr ≥ 0, betas in [0, 1), ...)
            optimizer = make_optimizer(spec, [gv.zeros(2, dtype=gv.float64, requires_grad=True)])
        except ValueError as e:
            key = blamed_key(str(e), table)
            raise self.fail(refusal(str(e)), "optimizer", i,
                            *((key,) if key else ())) from None
        if schedule is not None:
            try:
                make_scheduler(schedule, optimizer)
            except (ValueError, TypeError, ZeroDivisionError) as e:
                raise self.fail(Message("schedule: {error}", error=str(e)), "optimizer", i,
                                at_value=False) from None
        return spec

    def updates(self, data: RegressionData, epochs: int, specs) -> None:
        """A regression's updates stay within the limit: told at the batch_size (or epochs)
        that makes them too many, before anything runs."""
        for i, spec in enumerate(specs):
            size = min(spec.batch_size or data.n, data.n)
            updates = epochs * -(-data.n // size)
            if updates > MAX_UPDATES:
                key = ("optimizer", i, "batch_size") if spec.batch_size else ("surface", "epochs")
                raise self.fail(Message("{epochs} epochs of batches of {size} make {n:,} "
                                        "updates, over the limit of {limit:,}; use fewer epochs "
                                        "or bigger batches", epochs=epochs, size=size, n=updates,
                                        limit=MAX_UPDATES), *key)

    def text(self, table: dict, key: str, *keys) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise self.fail(Message("{key} must be a string in quotes", key=key), *keys, key)
        return value

    def hyperparameter(self, key: str, value, *keys) -> None:
        """A switch is true or false, a pair two numbers, the rest one number (`SWITCHES`,
        `PAIRS`); `keys` say where the value sits (``"optimizer", 0`` or ``"train"``)."""
        if key in SWITCHES:
            if not isinstance(value, bool):
                raise self.fail(Message("{key} must be true or false", key=key), *keys, key)
        elif key in PAIRS:
            pair = isinstance(value, list) and len(value) == 2
            if not (pair and all(map(is_finite_number, value))):
                raise self.fail(Message("{key} must be two numbers, e.g. {example}", key=key,
                                        example=str(list(PAIRS[key]))), *keys, key)
        elif not is_finite_number(value):
            raise self.fail(_a_number(key), *keys, key)

    def schedule(self, value, *keys) -> Schedule:
        table = self.table(value, *keys)
        kind = table.get("type")
        if not is_name_in(kind, SCHEDULES):
            hint = did_you_mean(str(kind), SCHEDULES) or _choose(SCHEDULES)
            what = Message("needs {example}", example='type = "step", ...') if kind is None \
                else _not_a_name("type", SCHEDULES) if not isinstance(kind, str) \
                else Message("unknown schedule type {name}{hint}", name=repr(kind), hint=hint)
            raise self.fail(what, *keys, *(("type",) if kind is not None else ()))
        required, optional = SCHEDULES[kind]
        self.unknown(table, ("type", *required, *optional), *keys)
        for key in required:
            if key not in table:
                raise self.fail(Message("schedule '{kind}' needs {key} = ...", kind=kind,
                                        key=key), *keys, at_value=False)
        params = {k: v for k, v in table.items() if k != "type"}
        for key, item in params.items():
            integers = key in ("step_size", "T_max")
            if key == "milestones":
                ok = isinstance(item, list) and all(is_int(m) and m > 0 for m in item)
            else:
                ok = (is_int(item) and item > 0) if integers else is_finite_number(item)
            if ok and key in NON_NEGATIVE and item < 0:
                raise self.fail(Message("{key} must be a number of at least 0", key=key),
                                *keys, key)
            if not ok:
                what = Message("a positive integer") if integers else Message("a number")
                what = Message("a list of positive integers") if key == "milestones" else what
                raise self.fail(Message("{key} must be {what}", key=key, what=what), *keys, key)
        return Schedule(kind, params)


def _from_to(key: str, low: int, high: int) -> Message:
    return Message("{key} must be an integer from {low} to {high}", key=key, low=low, high=high)


def _number_from_to(key: str, low: float, high: float) -> Message:
    return Message("{key} must be a number from {low} to {high}", key=key, low=_plain(low),
                   high=_plain(high))


def _plain(number: float) -> str:
    mantissa, exponent = f"{number:e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"  # 1e12, not 1e+12


def _a_number(key: str) -> Message:
    return Message("{key} must be a number", key=key)


def _not_a_name(key: str, names) -> Message:
    """A list or table where one name in quotes belongs."""
    return Message("{key} must be {choices}", key=key, choices=one_of(f'"{n}"' for n in names))


def _choose(names) -> Message:
    return Message("; choose one of {names}", names=", ".join(names))
