"""`gradviz.nn.functional` (usually imported as ``F``): activations and losses as functions.

The functions live in `gradviz.engine.functional`; this module gives them PyTorch's path.
"""

from gradviz.engine.functional import *  # noqa: F403
from gradviz.engine.functional import __all__ as __all__
