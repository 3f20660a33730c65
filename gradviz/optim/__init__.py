"""`gradviz.optim`: `torch.optim`'s optimizers and `lr_scheduler`, taking PyTorch's steps.

``gradviz.optim.SGD([W, b], lr=0.1)`` then ``zero_grad() / backward() / step()``, as in the
lectures; ``optimizer.state[p]`` holds the momentum buffer, m and v under PyTorch's keys.
``swa_utils`` averages weights (``AveragedModel``, ``SWALR``, ``update_bn``).
"""

from gradviz.engine import optim as _optim
from gradviz.engine import optim_lbfgs as _optim_lbfgs
from gradviz.engine import optim_more as _optim_more
from gradviz.engine.optim import *  # noqa: F403 - the engine's lists are the lists
from gradviz.engine.optim_lbfgs import *  # noqa: F403
from gradviz.engine.optim_more import *  # noqa: F403
from gradviz.optim import lr_scheduler, swa_utils

__all__ = [*_optim.__all__, *_optim_lbfgs.__all__, *_optim_more.__all__, "lr_scheduler",
           "swa_utils"]
