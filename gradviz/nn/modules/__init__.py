"""`torch.nn.modules`'s paths for code written against them (``from torch.nn.modules.module
import Module``, ``torch.nn.modules.loss._Loss``, ``torch.nn.modules.batchnorm._BatchNorm``,
``torch.nn.modules.utils._pair``): each submodule holds the names PyTorch's holds that gradviz
has, the very objects `gradviz.nn` gives, so ``isinstance`` and subclassing work either way.
`SUBMODULES` is torch 2.13's grouping; this package holds nothing of its own but `utils`."""

from __future__ import annotations

import sys
import types

from gradviz import nn as _nn
from gradviz.engine.nn_layers import _BatchNorm
from gradviz.engine.nn_losses import _Loss, _WeightedLoss
from gradviz.nn.modules import utils  # noqa: F401 - torch.nn.modules.utils, its helpers gradviz's

SUBMODULES: dict[str, tuple[str, ...]] = {
    "activation": ("Threshold", "ReLU", "RReLU", "Hardtanh", "ReLU6", "Sigmoid", "Hardsigmoid",
                   "Tanh", "SiLU", "Mish", "Hardswish", "ELU", "CELU", "SELU", "GLU", "GELU",
                   "Hardshrink", "LeakyReLU", "LogSigmoid", "Softplus", "Softshrink",
                   "MultiheadAttention", "PReLU", "Softsign", "Tanhshrink", "Softmin", "Softmax",
                   "Softmax2d", "LogSoftmax"),
    "adaptive": ("AdaptiveLogSoftmaxWithLoss",),
    "batchnorm": ("BatchNorm1d", "LazyBatchNorm1d", "BatchNorm2d", "LazyBatchNorm2d",
                  "BatchNorm3d"),
    "channelshuffle": ("ChannelShuffle",),
    "container": ("Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"),
    "conv": ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
             "ConvTranspose3d", "LazyConv1d", "LazyConv2d", "LazyConvTranspose1d",
             "LazyConvTranspose2d"),
    "distance": ("PairwiseDistance", "CosineSimilarity"),
    "dropout": ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                "FeatureAlphaDropout"),
    "flatten": ("Flatten", "Unflatten"),
    "fold": ("Fold", "Unfold"),
    "instancenorm": ("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d",
                     "LazyInstanceNorm2d"),
    "linear": ("Bilinear", "Identity", "LazyLinear", "Linear"),
    "loss": ("L1Loss", "NLLLoss", "NLLLoss2d", "PoissonNLLLoss", "GaussianNLLLoss", "KLDivLoss",
             "MSELoss", "BCELoss", "BCEWithLogitsLoss", "HingeEmbeddingLoss",
             "MultiLabelMarginLoss", "SmoothL1Loss", "HuberLoss", "SoftMarginLoss",
             "CrossEntropyLoss", "MultiLabelSoftMarginLoss", "CosineEmbeddingLoss",
             "MarginRankingLoss", "MultiMarginLoss", "TripletMarginLoss",
             "TripletMarginWithDistanceLoss", "CTCLoss"),
    "module": ("Module",),
    "normalization": ("LocalResponseNorm", "LayerNorm", "GroupNorm", "RMSNorm"),
    "padding": ("CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d",
                "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d",
                "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d",
                "ZeroPad1d", "ZeroPad2d", "ZeroPad3d"),
    "pixelshuffle": ("PixelShuffle", "PixelUnshuffle"),
    "pooling": ("MaxPool1d", "MaxPool2d", "MaxPool3d", "MaxUnpool1d", "MaxUnpool2d",
                "AvgPool1d", "AvgPool2d", "AvgPool3d", "FractionalMaxPool2d", "LPPool1d",
                "LPPool2d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveAvgPool1d",
                "AdaptiveAvgPool2d", "AdaptiveAvgPool3d"),
    "rnn": ("RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"),
    "sparse": ("Embedding", "EmbeddingBag"),
    "transformer": ("Transformer", "TransformerEncoder", "TransformerDecoder",
                    "TransformerEncoderLayer", "TransformerDecoderLayer"),
    "upsampling": ("Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"),
}
# The private bases programs subclass or test against, by the submodule PyTorch keeps them in.
_PRIVATE = {"loss": {"_Loss": _Loss, "_WeightedLoss": _WeightedLoss},
            "batchnorm": {"_BatchNorm": _BatchNorm}}


def _submodule(name: str) -> types.ModuleType:
    module = types.ModuleType(f"{__name__}.{name}", f"torch.nn.modules.{name}'s names")
    module.__all__ = list(SUBMODULES[name])
    for attribute in SUBMODULES[name]:
        setattr(module, attribute, getattr(_nn, attribute))
    for attribute, value in _PRIVATE.get(name, {}).items():
        setattr(module, attribute, value)
    sys.modules[module.__name__] = module
    return module


for _name in SUBMODULES:
    globals()[_name] = _submodule(_name)
    globals().update({n: getattr(_nn, n) for n in SUBMODULES[_name]})
del _name

__all__ = sorted({n for names in SUBMODULES.values() for n in names})
