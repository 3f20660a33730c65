"""`gradviz.optim`: `torch.optim`'s optimizers and `lr_scheduler`, taking PyTorch's steps.

``gradviz.optim.SGD([W, b], lr=0.1)`` then ``zero_grad() / backward() / step()``, as in the
lectures; ``optimizer.state[p]`` holds the momentum buffer, m and v under PyTorch's keys.
"""

from gradviz.engine import optim as _optim
from gradviz.engine.optim import *  # noqa: F403 - the engine's list is the one list
from gradviz.optim import lr_scheduler

__all__ = [*_optim.__all__, "lr_scheduler"]
