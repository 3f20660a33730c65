"""`gradviz.testing`: PyTorch's ``torch.testing.assert_close`` (``import gradviz.testing`` works
as in PyTorch)."""

from gradviz.engine.testing import *  # noqa: F403
from gradviz.engine.testing import __all__  # noqa: F401
