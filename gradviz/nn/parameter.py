"""`torch.nn.parameter`'s path (``from torch.nn.parameter import Parameter``): the very
classes `gradviz.nn` gives."""

from gradviz.nn import Buffer, Parameter, UninitializedParameter

__all__ = ["Buffer", "Parameter", "UninitializedParameter"]
