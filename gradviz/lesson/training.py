"""Training lessons: ``[data]``, ``[model]`` and ``[train]`` read into a `TrainingSetup`.

``training_from_lesson(lesson)`` checks the three sections and returns the setup a
`gradviz.training.TrainingRun` is made from; ``build_optimizer`` makes its optimizer and
lr schedule with the optimizer scenes' own table (`gradviz.surfaces.runs`), so both kinds of
lesson name optimizers, hyper-parameters and schedules alike (the schedule's keys are checked
by the scene reader itself).  Problems are `LessonError`s pointing at the key or value.  The
format is documented in ``docs/lesson-format.md`` under "Training lessons".
"""

from __future__ import annotations

from pathlib import Path

from gradviz.catalog.lesson import Message, did_you_mean, one_of
from gradviz.engine import api as gv
from gradviz.lesson.parser import Lesson
from gradviz.lesson.refusals import blamed_key, refusal
from gradviz.lesson.scene import _SceneReader
from gradviz.lesson.values import is_finite_number, is_int, is_name_in
from gradviz.surfaces.runs import (
    HYPERPARAMETERS,
    OPTIMIZERS,
    OptimizerSpec,
    Schedule,
    make_optimizer,
    make_scheduler,
)
from gradviz.training import (
    GENERATED,
    INITS,
    LOSSES,
    MAX_WORK,
    DataError,
    Dataset,
    ModelError,
    ModelSpec,
    Optimization,
    TrainingRun,
    TrainingSetup,
    TrainSpec,
    digits,
    generated,
    load_file,
    parse_layer,
    split,
    work,
    xor_table,
)
from gradviz.training.model import check_model

SETS = (*GENERATED, "xor_table", "digits", "file")
DATA_KEYS = ("name", "n", "noise", "seed", "classes", "file", "labels", "scale")
MODEL_KEYS = ("layers", "init", "seed")
TRAIN_KEYS = ("loss", "optimizer", "batch_size", "epochs", "validation", "seed", "shuffle",
              "schedule")
PER = ("epoch", "iteration")
MAX_N = 100_000
MAX_EPOCHS = 100_000
MAX_LAYERS = 64


def build_optimizer(optimization: Optimization, parameters: list) -> tuple:
    """(optimizer, scheduler or None) for a run: what `TrainingRun` calls to make them."""
    optimizer = make_optimizer(OptimizerSpec(optimization.kind, dict(optimization.params)),
                               parameters)
    schedule = Schedule(optimization.schedule, dict(optimization.schedule_params)) \
        if optimization.schedule else None
    return optimizer, make_scheduler(schedule, optimizer)


def start_run(setup: TrainingSetup) -> TrainingRun:
    """A fresh run of ``setup`` with the scenes' optimizers."""
    return TrainingRun(setup, build_optimizer)


def training_from_lesson(lesson: Lesson) -> TrainingSetup:
    return _TrainingReader(lesson).setup()


class _TrainingReader(_SceneReader):
    """The scene reader's ways of failing and checking keys, for the three sections."""

    def __init__(self, lesson: Lesson) -> None:
        super().__init__(lesson.raw, lesson.path, lesson)

    def setup(self) -> TrainingSetup:
        for name in ("data", "model", "train"):
            if name not in self.doc:
                raise self.fail(Message("a training lesson needs the sections {sections}; "
                                        "[{name}] is missing", sections="[data], [model], "
                                        "[train]", name=name))
        data = self.data(self.table(self.doc["data"], "data"))
        model = self.model(self.table(self.doc["model"], "model"), data)
        train, fraction = self.train(self.table(self.doc["train"], "train"), model, data)
        try:
            training, validation = split(data, fraction, train.seed)
        except DataError as e:
            raise self.fail(Message("cannot hold out the validation records: {error}",
                                    error=e.said), "train", "validation") from None
        if train.batch_size is not None and train.batch_size > len(training):
            raise self.fail(Message("batch_size {size} is more than the {n} training records",
                                    size=train.batch_size, n=len(training)),
                            "train", "batch_size")
        setup = TrainingSetup(training, validation, model, train)
        total = train.epochs * -(-len(training) // (train.batch_size or len(training)))
        if total > 1_000_000:
            raise self.fail(Message("{n} iterations is too many; at most {limit}", n=total,
                                    limit=1_000_000), "train", "epochs")
        if work(setup) > MAX_WORK:  # a run that would take hours: fewer epochs or weights
            raise self.fail(Message("this training would cost {n:.2g} multiply-adds (epochs × "
                                    "records × weights); at most {limit:.0g}", n=work(setup),
                                    limit=MAX_WORK), "train", "epochs")
        return setup

    # -- [data] -----------------------------------------------------------------------------

    def data(self, table: dict) -> Dataset:
        self.unknown(table, DATA_KEYS, "data")
        name = table.get("name")
        if not is_name_in(name, SETS):
            hint = did_you_mean(str(name), SETS) or Message("; choose one of {names}",
                                                            names=", ".join(SETS))
            what = Message("needs {example}", example='name = "spiral"') if name is None \
                else Message("unknown data set {name}{hint}", name=repr(name), hint=hint)
            raise self.fail(what, "data", *(("name",) if name is not None else ()))
        own = {"file": ("file", "labels", "scale"), "blobs": ("classes",)}
        generated_keys = ("n", "noise", "seed")
        for key in table:
            allowed = ("name", *own.get(name, ()), *(generated_keys if name in GENERATED
                                                     else ()))
            if key not in allowed:
                raise self.fail(Message("{key} does not belong to the data set {name}",
                                        key=key, name=repr(name)), "data", key, at_value=False)
        if name == "xor_table":
            return xor_table()
        if name == "digits":
            return self.loaded(digits, "data", "name")
        if name == "file":
            return self.file(table)
        values = self.integers(table, "data", (("n", 4, MAX_N, 200), ("seed", 0, 2**32 - 1, 0),
                                               ("classes", 2, 10, 3)))
        noise = table.get("noise", 0.1)
        if not (is_finite_number(noise) and 0 <= noise <= 10):
            raise self.fail(Message("{key} must be a number from {low} to {high}", key="noise",
                                    low=0, high=10), "data", "noise")
        return generated(name, values["n"], float(noise), values["seed"], values["classes"])

    def integers(self, table: dict, section: str, ranges: tuple) -> dict[str, int]:
        """Each (key, low, high, default) of ``ranges`` read from ``table`` as a whole number."""
        values = {}
        for key, low, high, default in ranges:
            value = table.get(key, default)
            if not (is_int(value) and low <= value <= high):
                raise self.fail(Message("{key} must be an integer from {low} to {high}",
                                        key=key, low=low, high=high), section, key)
            values[key] = value
        return values

    def file(self, table: dict) -> Dataset:
        paths = {}
        for key in ("file", "labels"):
            if key in table:
                if not isinstance(table[key], str):
                    raise self.fail(Message("{key} must be a string in quotes", key=key),
                                    "data", key)
                paths[key] = Path(self.path).parent / table[key]
        if "file" not in paths:
            raise self.fail(Message("needs {example}", example='file = "datos.csv"'), "data")
        scale = table.get("scale", 1.0)
        if not (is_finite_number(scale) and scale > 0):
            raise self.fail(Message("{key} must be a positive number", key="scale"),
                            "data", "scale")
        return self.loaded(lambda: load_file(paths["file"], paths.get("labels"), scale),
                           "data", "file")

    def loaded(self, make, *keys) -> Dataset:
        try:
            return make()
        except DataError as e:
            raise self.fail(Message("cannot read the data: {error}", error=e.said),
                            *keys) from None

    # -- [model] ----------------------------------------------------------------------------

    def model(self, table: dict, data: Dataset) -> ModelSpec:
        self.unknown(table, MODEL_KEYS, "model")
        layers = table.get("layers")
        if not (isinstance(layers, list) and layers and all(isinstance(t, str) for t in layers)):
            raise self.fail(Message("layers must be a list of layers in quotes, e.g. {example}",
                                    example='["Linear(2, 8)", "ReLU()", "Linear(8, 1)"]'),
                            "model", *(("layers",) if layers is not None else ()))
        if len(layers) > MAX_LAYERS:
            raise self.fail(Message("{n} layers is too many; at most {limit}", n=len(layers),
                                    limit=MAX_LAYERS), "model", "layers")
        parsed = []
        for i, text in enumerate(layers):
            try:
                parsed.append(parse_layer(text))
            except ModelError as e:
                raise self.fail(Message("layer {i}: {error}", i=i + 1, error=e.said),
                                "model", "layers") from None
        init = table.get("init", "uniform")
        if not is_name_in(init, INITS):
            hint = did_you_mean(str(init), INITS) or Message("; choose one of {names}",
                                                             names=", ".join(INITS))
            raise self.fail(Message("unknown init {name}{hint}", name=repr(init), hint=hint),
                            "model", "init")
        seed = table.get("seed", 0)
        if not (is_int(seed) and 0 <= seed <= 2**32 - 1):
            raise self.fail(Message("{key} must be an integer from {low} to {high}", key="seed",
                                    low=0, high=2**32 - 1), "model", "seed")
        spec = ModelSpec(tuple(parsed), init, seed)
        try:
            check_model(spec)
        except ModelError as e:
            raise self.fail(Message("the layers do not fit together: {error}", error=e.said),
                            "model", "layers") from None
        if spec.sizes[0] != data.features:
            raise self.fail(Message("the first layer takes {n} inputs, but each record of the "
                                    "data has {features}", n=spec.sizes[0],
                                    features=data.features), "model", "layers")
        return spec

    # -- [train] ----------------------------------------------------------------------------

    def train(self, table: dict, model: ModelSpec, data: Dataset) -> tuple[TrainSpec, float]:
        kind = table.get("optimizer", "sgd")
        if not is_name_in(kind, OPTIMIZERS):
            hint = did_you_mean(str(kind), OPTIMIZERS) or Message(
                "; choose one of {names}", names=", ".join(OPTIMIZERS))
            raise self.fail(Message("unknown optimizer type {name}{hint}", name=repr(kind),
                                    hint=hint), "train", "optimizer")
        hyper = HYPERPARAMETERS[OPTIMIZERS[kind][0]]
        self.unknown(table, (*TRAIN_KEYS, *hyper), "train")
        params = {k: v for k, v in table.items() if k in hyper}
        for key, value in params.items():
            self.hyperparameter(key, value, "train")
        loss = table.get("loss", "cross_entropy")
        if not is_name_in(loss, LOSSES):
            hint = did_you_mean(str(loss), LOSSES) or Message("; choose one of {names}",
                                                              names=", ".join(LOSSES))
            raise self.fail(Message("unknown loss {name}{hint}", name=repr(loss), hint=hint),
                            "train", "loss")
        outputs = model.sizes[-1]
        if loss == "cross_entropy" and outputs != data.classes:
            raise self.fail(Message("cross_entropy needs one output per class: the data has "
                                    "{classes} classes and the last layer gives {outputs}",
                                    classes=data.classes, outputs=outputs), "train", "loss")
        if loss != "cross_entropy" and outputs not in (1, data.classes):
            raise self.fail(Message("{loss} needs 1 output (two classes) or one per class; the "
                                    "last layer gives {outputs}", loss=loss, outputs=outputs),
                            "train", "loss")
        if outputs == 1 and data.classes != 2:
            raise self.fail(Message("one output tells two classes apart, and the data has "
                                    "{classes}; give the last layer {classes} outputs",
                                    classes=data.classes), "train", "loss")
        if loss == "binary_cross_entropy" and model.layers[-1].kind != "Sigmoid":
            raise self.fail(Message("binary_cross_entropy takes probabilities: end the layers "
                                    "with {layer}, or use {other}", layer='"Sigmoid()"',
                                    other="binary_cross_entropy_with_logits"), "train", "loss")
        batch = table.get("batch_size", "full")
        if not (batch == "full" or (is_int(batch) and batch >= 1)):
            raise self.fail(Message("batch_size must be {full} or a positive integer (1: one "
                                    "record per update)", full='"full"'), "train", "batch_size")
        integers = self.integers(table, "train", (("epochs", 1, MAX_EPOCHS, 10),
                                                  ("seed", 0, 2**32 - 1, 0)))
        fraction = table.get("validation", 0.0)
        if not (is_finite_number(fraction) and 0 <= fraction < 1):
            raise self.fail(Message("validation must be a fraction of the records from 0 to "
                                    "below 1, e.g. {example}", example="0.2"),
                            "train", "validation")
        shuffle = table.get("shuffle", True)
        if not isinstance(shuffle, bool):
            raise self.fail(Message("{key} must be true or false", key="shuffle"),
                            "train", "shuffle")
        schedule, schedule_params, per = self.train_schedule(table)
        optimization = Optimization(kind, params, schedule, schedule_params, per)
        try:  # the optimizer's own checks (lr ≥ 0, betas in [0, 1), ...)
            built = build_optimizer(optimization, [gv.zeros(2, requires_grad=True)])
        except (ValueError, TypeError, ZeroDivisionError) as e:  # torch.optim's words
            key = blamed_key(str(e), table)
            raise self.fail(refusal(str(e)), "train", *((key,) if key else ())) from None
        del built
        dtype = self.lesson.dtype if self.lesson.dtype in ("float32", "float64") else "float32"
        spec = TrainSpec(loss, optimization, None if batch == "full" else batch,
                         integers["epochs"], shuffle, integers["seed"], dtype)
        return spec, float(fraction)

    def train_schedule(self, table: dict) -> tuple[str | None, dict, str]:
        if "schedule" not in table:
            return None, {}, "epoch"
        value = self.table(table["schedule"], "train", "schedule")
        per = value.get("per", "epoch")
        if not is_name_in(per, PER):
            raise self.fail(Message("per must be {choices}",
                                    choices=one_of(['"epoch"', '"iteration"'])),
                            "train", "schedule", "per")
        checked = self.schedule({k: v for k, v in value.items() if k != "per"},
                                "train", "schedule")
        return checked.kind, dict(checked.params), per
