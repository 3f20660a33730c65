"""The training lab's core (no Qt): data sets, models written like ``nn.Sequential``, and
training runs recorded iteration by iteration on gradviz's own engine.

``TrainingRun(setup, build_optimizer)`` trains; ``gradviz.lesson.training`` makes the setup
and the optimizer builder from a lesson's ``[data]``, ``[model]`` and ``[train]``, and
``gradviz.lesson.iteration`` turns one iteration into a graph lesson for the stepper.
"""

from gradviz.training.data import (
    GENERATED,
    DataError,
    Dataset,
    digits,
    generated,
    load_file,
    split,
    xor_table,
)
from gradviz.training.model import (
    ACTIVATIONS,
    INITS,
    LAYERS,
    LayerSpec,
    ModelError,
    ModelSpec,
    build_model,
    parse_layer,
    with_activation,
    with_hidden,
)
from gradviz.training.run import (
    CHANGES,
    LOSSES,
    MAX_WORK,
    Boundary,
    EpochRecord,
    IterationRecord,
    IterationState,
    LayerState,
    Optimization,
    TrainingRun,
    TrainingSetup,
    TrainSpec,
    work,
)
