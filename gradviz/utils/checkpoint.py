"""`gradviz.utils.checkpoint`: ``torch.utils.checkpoint``'s ``checkpoint`` and
``checkpoint_sequential`` (`engine.checkpoint`)."""

from gradviz.engine.checkpoint import (
    CheckpointFunction,
    checkpoint,
    checkpoint_sequential,
    detach_variable,
    noop_context_fn,
)

__all__ = ["CheckpointFunction", "checkpoint", "checkpoint_sequential", "detach_variable",
           "noop_context_fn"]
