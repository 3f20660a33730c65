"""PyTorch's ``torch.utils.data.dataloader`` path: `DataLoader` and `default_collate`."""

from gradviz.utils.data import DataLoader, default_collate

__all__ = ["DataLoader", "default_collate"]
