"""`gradviz.utils`: PyTorch's `torch.utils` path; `data` holds Dataset and DataLoader,
`checkpoint` recomputes a block's graph in the backward pass."""

from gradviz.utils import checkpoint, data

# PyTorch's submodule paths (``torch.utils.data.dataloader.DataLoader`` …), reachable as
# attributes after a bare ``import torch``: importing them binds them on `data`.
from gradviz.utils.data import dataloader as _dataloader  # noqa: F401
from gradviz.utils.data import dataset as _dataset  # noqa: F401
from gradviz.utils.data import sampler as _sampler  # noqa: F401

__all__ = ["checkpoint", "data"]
