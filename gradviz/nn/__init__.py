"""`gradviz.nn`: PyTorch's `torch.nn` names for gradviz's layers, losses and functional API.

``import gradviz.nn as nn`` and ``import gradviz.nn.functional as F`` run lecture code that
was written for ``torch.nn``.
"""

from gradviz.engine import nn as _nn
from gradviz.engine import nn_adaptive_softmax as _adaptive
from gradviz.engine import nn_transformer as _transformer
from gradviz.engine import nn_transformer_decoder as _decoder
from gradviz.engine.nn import *  # noqa: F403 - every layer and loss, as the engine lists them
from gradviz.engine.nn_adaptive_softmax import *  # noqa: F403 - AdaptiveLogSoftmaxWithLoss
from gradviz.engine.nn_transformer import *  # noqa: F403 - the transformer layers
from gradviz.engine.nn_transformer_decoder import *  # noqa: F403 - its decoder, nn.Transformer
from gradviz.nn import functional, init, parallel, utils
from gradviz.nn.parallel import DataParallel

__all__ = [*_nn.__all__, *_transformer.__all__, *_decoder.__all__, *_adaptive.__all__,
           "DataParallel",
           "functional", "init", "parallel", "utils"]

# torch.nn's module paths (`nn.modules.conv.Conv2d`, `nn.parameter.Parameter`), last: they
# read the names above.
from gradviz.nn import modules, parameter  # noqa: E402, F401
