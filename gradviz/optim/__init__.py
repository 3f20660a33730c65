"""`gradviz.optim`: `torch.optim`'s optimizers and `lr_scheduler`, taking PyTorch's steps.

``gradviz.optim.SGD([W, b], lr=0.1)`` then ``zero_grad() / backward() / step()``, as in the
lectures; ``optimizer.state[p]`` holds the momentum buffer, m and v under PyTorch's keys.
"""

from gradviz.engine.optim import (
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    AdamW,
    Optimizer,
    RMSprop,
)
from gradviz.optim import lr_scheduler

__all__ = [
    "SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler",
]
