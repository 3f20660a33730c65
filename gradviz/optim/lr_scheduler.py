"""`gradviz.optim.lr_scheduler`: PyTorch's path to gradviz's learning-rate schedules."""

from gradviz.engine.lr_scheduler import (
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    LRScheduler,
    MultiStepLR,
    ReduceLROnPlateau,
    StepLR,
    _LRScheduler,
)
from gradviz.engine.lr_scheduler_compose import (
    ChainedScheduler,
    ConstantLR,
    MultiplicativeLR,
    PolynomialLR,
    SequentialLR,
)
from gradviz.engine.lr_scheduler_cyclic import CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR

__all__ = [
    "ChainedScheduler", "ConstantLR", "MultiplicativeLR", "PolynomialLR", "SequentialLR",
    "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "ExponentialLR",
    "LRScheduler", "LambdaLR", "LinearLR", "MultiStepLR", "OneCycleLR", "ReduceLROnPlateau",
    "StepLR", "_LRScheduler",
]
