"""`print(layer)` as torch 2.13 prints it, for every layer `gradviz.nn` has: one table of
constructor calls, each made in both libraries, and a check that no layer is left out."""

from __future__ import annotations

import pytest
import torch

import gradviz
import gradviz.nn as nn

# Each layer of gradviz.nn with the calls that exercise its repr's optional fields.
CALLS = {
    "Linear": [(4, 2), (4, 2, False)],
    "LazyLinear": [(3,)],
    "Identity": [()], "Flatten": [(), (0, 2)], "Unflatten": [(1, (2, 3))],
    "ReLU": [(), (True,)], "Sigmoid": [()], "Tanh": [()], "SiLU": [(), (True,)],
    "GELU": [(), ("tanh",)], "ELU": [(), (0.5,), (1.0, True)],
    "LeakyReLU": [(), (0.2,), (0.2, True)], "Softmax": [(), (1,)],
    "LogSoftmax": [(-1,)], "Dropout": [(), (0.3,), (0.3, True)],
    "Hardtanh": [(), (-2.0, 2.0), (-1.0, 1.0, True)], "ReLU6": [(), (True,)],
    "SELU": [(), (True,)], "Hardsigmoid": [(), (True,)], "Hardswish": [(), (True,)],
    "Mish": [(), (True,)], "CELU": [(), (0.5,), (1.0, True)],
    "Threshold": [(0.1, 20.0), (0.1, 20.0, True)],
    "Softplus": [(), (2.0, 10.0)], "Softsign": [()], "LogSigmoid": [()],
    "MSELoss": [()], "L1Loss": [()], "BCELoss": [()], "BCEWithLogitsLoss": [()],
    "CrossEntropyLoss": [()], "NLLLoss": [()], "HuberLoss": [()], "SmoothL1Loss": [()],
    "KLDivLoss": [(), (None, None, "batchmean", True)],
    "Conv1d": [(3, 4, 3), (3, 4, 3, 2, 1, 2, 1, False)],
    "Conv2d": [(3, 8, 3), (3, 8, (3, 2), 2, 1), (1, 2, 2, 1, "same", 1, 1, False),
               (1, 2, 3, 1, "valid")],
    "MaxPool1d": [(3,), (3, 2, 1)], "MaxPool2d": [(2,), (3, 2, 1, 1, False, True)],
    "AvgPool1d": [(2,)], "AvgPool2d": [(2,), (3, 1, 1)],
    "AdaptiveAvgPool1d": [(3,)], "AdaptiveAvgPool2d": [(1,), ((2, 3),)],
    "BatchNorm1d": [(4,), (4, 1e-3, None, False)],
    "BatchNorm2d": [(4,), (4, 1e-5, 0.1, True, False)],
    "Embedding": [(10, 3), (10, 3, 0)],
    "ConvTranspose1d": [(3, 4, 3), (3, 4, 3, 2, 1, 1, 1, False)],
    "ConvTranspose2d": [(8, 4, 4, 2, 1), (8, 4, 4, 2, 1, 0, 1, False), (2, 3, 3, 2, 0, 1, 1,
                                                                        True, 2)],
    "LayerNorm": [(4,), ((2, 3), 1e-6, False), (4, 1e-5, True, False)],
    "EmbeddingBag": [(10, 3), (10, 3, None, 2.0, False, "sum"), (10, 3, 1.0, 1.0, True),
                     (10, 3, None, 2, False, "max", False, None, False, 0)],
    "RNN": [(3, 4), (3, 4, 2, "relu", False, True, 0.5)],
    "LSTM": [(3, 4), (3, 4, 2)],
    "GRU": [(3, 4), (3, 4, 1, False), (3, 4, 2, True, True, 0.0, True)],
    "RNNCell": [(3, 4), (3, 4, False)], "LSTMCell": [(3, 4)], "GRUCell": [(3, 4)],
    "Sequential": [()], "ModuleList": [()], "ModuleDict": [()],
    "Dropout1d": [(), (0.3,)], "Dropout2d": [(), (0.3,)], "Dropout3d": [()],
    "AlphaDropout": [(), (0.2, True)], "FeatureAlphaDropout": [(), (0.3,)],
    "MultiheadAttention": [(8, 2), (8, 2, 0.1, True, False, False, None, None, True)],
    "TransformerEncoderLayer": [(8, 2, 16), (8, 2, 16, 0.0, "gelu")],
    "TransformerDecoderLayer": [(8, 2, 16), (8, 2, 16, 0.0, "gelu")],
    "Transformer": [(8, 2, 1, 2, 16)],
}
KEYWORDS = {  # calls whose fields are keyword-only
    "BatchNorm2d": [((4,), {"bias": False}), ((4,), {"affine": False})],
    "Linear": [((), {"in_features": 2, "out_features": 1})],
}
NOT_LAYERS = {"Module", "Parameter", "UninitializedParameter",
              # need a layer to copy: printed in the transformer tests and inside Transformer
              "TransformerEncoder", "TransformerDecoder",
              # wraps a module: printed in tests/test_backends_parallel.py
              "DataParallel"}

# The resampling, padding, normalising, rectifying and margin layers, and the parameter
# containers (printed with their entries in tests/test_parameter_containers.py).
CALLS.update({
    "Upsample": [(None, 2), ((3, 4), None, "bilinear"), (None, (2, 3))],
    "UpsamplingNearest2d": [(None, 2), (5,)], "UpsamplingBilinear2d": [(None, 2)],
    "PixelShuffle": [(2,)], "PixelUnshuffle": [(3,)],
    "Unfold": [(2,), ((2, 3), 2, 1, 2)], "Fold": [((4, 4), 2), ((5, 6), (2, 3), 1, 1, 2)],
    "ZeroPad1d": [(2,)], "ZeroPad2d": [(1,), ((1, 2, 3, 4),)],
    "ConstantPad1d": [(2, 3.5)], "ConstantPad2d": [((1, 2, 3, 4), 0)],
    "ReflectionPad1d": [(2,)], "ReflectionPad2d": [(2,), ((1, 0, 2, 1),)],
    "ReplicationPad1d": [((1, 2),)], "ReplicationPad2d": [(1,)],
    "CircularPad1d": [(1,)], "CircularPad2d": [((1, 2, 0, 1),)],
    "ConstantPad3d": [(1, 2.0)], "ZeroPad3d": [(1,)], "ReflectionPad3d": [(1,)],
    "ReplicationPad3d": [((1, 2, 0, 1, 1, 0),)], "CircularPad3d": [(1,)],
    "InstanceNorm3d": [(2,), (2, 1e-5, 0.1, True)],
    "GroupNorm": [(2, 4), (1, 3, 1e-3, False)],
    "InstanceNorm1d": [(3,), (3, 1e-3, 0.2, True, True)],
    "InstanceNorm2d": [(3,), (3, 1e-5, None, False, True)],
    "LocalResponseNorm": [(2,), (3, 1e-3, 0.5, 2.0)],
    "Bilinear": [(2, 3, 4), (2, 3, 4, False)],
    "CosineSimilarity": [(), (0, 1e-6)], "PairwiseDistance": [(), (1.0, 1e-3, True)],
    "PReLU": [(), (3, 0.1)], "RReLU": [(), (0.1, 0.2, True)], "Threshold": [(0.1, 20),
                                                                            (0.0, -1.0, True)],
    "Softmin": [(), (1,)], "Softmax2d": [()], "GLU": [(), (1,)],
    "Hardshrink": [(), (0.3,)], "Softshrink": [(), (1.0,)], "Tanhshrink": [()],
    "TripletMarginLoss": [(), (2.0, 1.0, 1e-6, True)], "MarginRankingLoss": [(), (0.5,)],
    "HingeEmbeddingLoss": [(), (2.0,)], "CosineEmbeddingLoss": [(), (0.1,)],
    "MultiLabelSoftMarginLoss": [()], "MultiLabelMarginLoss": [()],
    "MultiMarginLoss": [(), (2, 0.5)], "PoissonNLLLoss": [(), (False, True)],
    "GaussianNLLLoss": [()], "ParameterList": [()], "ParameterDict": [()],
})
KEYWORDS["GroupNorm"] = [((2, 4), {"bias": False})]
KEYWORDS["InstanceNorm2d"] = [((3,), {"affine": True, "bias": False})]

# The 3-D layers, index-returning, unpooling and LP pools, lazy layers, RMSNorm and the rest
# (`nn_volumes`, `nn_pool_indices`, `nn_lazy`, `nn_layers_more`).
CALLS.update({
    "Conv3d": [(2, 3, 3), (2, 3, (1, 2, 3), 2, 1, 1, 1, False)],
    "ConvTranspose3d": [(2, 3, 3), (2, 3, 3, 2, 1, 1, 1, False)],
    "MaxPool3d": [(2,), (3, 2, 1, 1, False, True)], "AvgPool3d": [(2,), ((2, 3, 1), 1, 0)],
    "AdaptiveAvgPool3d": [(1,), ((2, None, 3),)],
    "BatchNorm3d": [(4,), (4, 1e-3, None, False)],
    "AdaptiveMaxPool1d": [(3,), (3, True)], "AdaptiveMaxPool2d": [(3,), ((2, 3), True)],
    "MaxUnpool1d": [(2,), (3, 2, 1)], "MaxUnpool2d": [(2,), ((2, 3), 1, (1, 0))],
    "LPPool1d": [(2, 3), (1.5, 3, 2, True)], "LPPool2d": [(2, 3), (3, (2, 3), 1)],
    "LazyConv1d": [(4, 3), (4, 3, 2, 1, 1, 1, False)], "LazyConv2d": [(4, 3), (4, (3, 2), 2)],
    "LazyConvTranspose1d": [(4, 3)], "LazyConvTranspose2d": [(4, 3, 2, 1, 1)],
    "LazyBatchNorm1d": [(), (1e-3, None, False)], "LazyBatchNorm2d": [()],
    "LazyInstanceNorm1d": [(), (1e-5, 0.1, False, False)], "LazyInstanceNorm2d": [()],
    "RMSNorm": [(6,), ([3, 4], 1e-6, False)], "ChannelShuffle": [(2,)],
    "SoftMarginLoss": [(), (None, None, "sum")], "NLLLoss2d": [(), (None, None, 1)],
    "TripletMarginWithDistanceLoss": [()], "CTCLoss": [(), (1, "sum", True)],
    "FractionalMaxPool2d": [(2, 3), (3, None, 0.5, True)],
    "AdaptiveLogSoftmaxWithLoss": [(8, 10, [3, 6]), (6, 12, [4], 2.0, True)],
})
KEYWORDS["TripletMarginWithDistanceLoss"] = [((), {"margin": 2.0, "swap": True})]
NOT_LAYERS |= {"RNNBase", "RNNCellBase"}  # bases for isinstance, not made on their own


def _calls():
    for name, calls in CALLS.items():
        for args in calls:
            yield pytest.param(name, args, {}, id=f"{name}{args}")
    for name, calls in KEYWORDS.items():
        for args, kwargs in calls:
            yield pytest.param(name, args, kwargs, id=f"{name}{args}{kwargs}")


@pytest.mark.parametrize(("name", "args", "kwargs"), list(_calls()))
def test_layer_prints_as_torch_prints_it(name, args, kwargs):
    assert repr(getattr(nn, name)(*args, **kwargs)) == repr(
        getattr(torch.nn, name)(*args, **kwargs))


def test_every_layer_is_in_the_table():
    layers = {name for name in nn.__all__ if isinstance(getattr(nn, name), type)
              and issubclass(getattr(nn, name), nn.Module)} - NOT_LAYERS
    assert layers <= set(CALLS), layers - set(CALLS)


def test_a_model_prints_its_layers_as_torch():
    def model(lib):
        return lib.nn.Sequential(lib.nn.Conv2d(1, 4, 3), lib.nn.BatchNorm2d(4), lib.nn.ReLU(),
                                 lib.nn.MaxPool2d(2), lib.nn.Flatten(), lib.nn.Linear(36, 2))

    assert repr(model(gradviz)) == repr(model(torch))
