"""PyTorch's ``torch.utils.data.dataset`` path: the dataset classes and `random_split`."""

from gradviz.utils.data import Dataset, Subset, TensorDataset, random_split

__all__ = ["Dataset", "Subset", "TensorDataset", "random_split"]
