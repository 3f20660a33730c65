"""`gradviz.nn`: PyTorch's `torch.nn` names for gradviz's layers, losses and functional API.

``import gradviz.nn as nn`` and ``import gradviz.nn.functional as F`` run lecture code that
was written for ``torch.nn``.
"""

from gradviz.engine.nn import (
    ELU,
    GELU,
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    Dropout,
    Flatten,
    HuberLoss,
    Identity,
    L1Loss,
    LeakyReLU,
    Linear,
    LogSoftmax,
    Module,
    ModuleDict,
    ModuleList,
    MSELoss,
    NLLLoss,
    Parameter,
    ReLU,
    Sequential,
    Sigmoid,
    SiLU,
    SmoothL1Loss,
    Softmax,
    Tanh,
)
from gradviz.nn import functional, init, utils

__all__ = [
    "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "Dropout", "ELU", "Flatten", "GELU",
    "HuberLoss", "Identity", "L1Loss", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss", "Module",
    "ModuleDict", "ModuleList", "NLLLoss", "Parameter", "ReLU", "Sequential", "Sigmoid", "SiLU",
    "SmoothL1Loss", "Softmax", "Tanh", "functional", "init", "utils",
]
