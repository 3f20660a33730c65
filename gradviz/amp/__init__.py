"""`gradviz.amp`: `torch.amp`'s ``GradScaler`` and ``autocast`` (see `gradviz.engine.amp`)."""

from gradviz.engine.amp import GradScaler, autocast

__all__ = ["GradScaler", "autocast"]
