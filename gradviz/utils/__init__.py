"""`gradviz.utils`: PyTorch's `torch.utils` path; `data` holds Dataset and DataLoader."""

from gradviz.utils import data

__all__ = ["data"]
