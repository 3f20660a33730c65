"""PyTorch's own tensors, met where a program hands gradviz what a library running on real
PyTorch made: torchvision's datasets and transforms give ``torch.Tensor`` images to a program
that says ``import gradviz as torch``.  Each is read as a gradviz tensor of the same dtype
and numbers (a copy; its autograd history stays PyTorch's).  torch itself is not imported."""

from __future__ import annotations

import numpy as np


def is_torch_tensor(obj) -> bool:
    """Whether `obj` is a ``torch.Tensor`` (a ``torch.nn.Parameter`` included)."""
    return any(kind.__name__ == "Tensor" and kind.__module__ == "torch"
               for kind in type(obj).__mro__)


def torch_array(obj) -> np.ndarray:
    """The numbers of the ``torch.Tensor`` `obj` as a numpy array of its dtype."""
    try:
        return obj.detach().cpu().numpy()
    except TypeError as exc:  # bfloat16 and other dtypes numpy lacks
        raise TypeError(f"a PyTorch tensor of dtype {obj.dtype} has no numpy dtype; convert "
                        f"it first, e.g. with .float()") from exc
