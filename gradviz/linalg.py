"""`gradviz.linalg`: the norms of `torch.linalg` (``import gradviz.linalg`` works as in PyTorch)."""

from gradviz.engine.linalg import *  # noqa: F403
from gradviz.engine.linalg import __all__  # noqa: F401
