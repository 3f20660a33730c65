"""`gradviz.autograd.profiler`: ``torch.autograd.profiler``'s ``profile``, ``record_function``."""

from gradviz.engine.profiler import profile, record_function

__all__ = ["profile", "record_function"]
