"""`F.layer_norm` and `F.embedding_bag`, with PyTorch's arguments and messages; each calls
one registry row of `engine.ops_layers`.  `functional_layers` re-exports them."""

from __future__ import annotations

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import ShapeError, apply
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_shape import torch_type_name

__all__ = ["embedding_bag", "layer_norm"]

_t = creation.as_tensor


def check_indices(index: Tensor, function: str) -> None:
    """PyTorch's refusal of floating-point indices into an embedding table."""
    if index.dtype.is_floating_point:
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got "
                           f"gradviz.{torch_type_name(index.dtype)}Tensor instead (while "
                           f"checking arguments for {function})")


def layer_norm(input, normalized_shape, weight=None, bias=None, eps: float = 1e-5) -> Tensor:  # noqa: A002
    """(x − μ)/√(σ² + ε) over the last len(normalized_shape) axes of each sample, then
    γ·x̂ + β (γ, β of shape normalized_shape)."""
    x = _t(input)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(
        normalized_shape)
    dims = len(shape)
    if dims == 0 or tuple(x.shape[x.dim() - dims:]) != shape or x.dim() < dims:
        raise ShapeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                         f"[*, {', '.join(map(str, shape))}], but got input of size"
                         f"{list(x.shape)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != shape:
            raise ShapeError(f"Expected {name} to be of same shape as normalized_shape, but "
                             f"got {name} of shape {list(t.shape)} and normalized_shape = "
                             f"{list(shape)}")
    affine = [] if weight is None and bias is None else [
        _t(weight) if weight is not None else creation.ones(*shape, dtype=x.dtype),
        *([] if bias is None else [_t(bias)])]
    return apply("native_layer_norm", x, *affine, dims=dims, eps=float(eps))


def _bags(index: np.ndarray, offsets, include_last_offset: bool) -> np.ndarray:
    """The bag of each position of a 1-D input, from the bags' start offsets."""
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    starts = np.asarray(_t(offsets).cpu().numpy(), dtype=np.int64)
    if starts.ndim != 1:
        raise ValueError("offsets has to be a 1D Tensor")
    if starts.size and starts[0] != 0:
        raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the "
                           f"mini-batch has to start from position 0. However, got "
                           f"{starts[0]}")
    if starts.size and starts[-1] > index.size:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length "
                           f"{index.size}, but got offsets[-1] of {starts[-1]}")
    if include_last_offset:
        starts = starts[:-1]
    # position p is in the last bag whose start is ≤ p
    return np.searchsorted(starts, np.arange(index.size), side="right") - 1, starts.size


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2,  # noqa: A002
                  scale_grad_by_freq=False, mode="mean", sparse=False,
                  per_sample_weights=None, include_last_offset=False,
                  padding_idx=None) -> Tensor:
    """The sum, mean or max of the rows of `weight` each bag reads: bags are the rows of a
    2-D input, or stretches of a 1-D input starting at `offsets`.  (B, embedding_dim)."""
    if max_norm is not None or scale_grad_by_freq or sparse:
        raise NotImplementedError("embedding_bag: max_norm, scale_grad_by_freq and sparse "
                                  "are not supported")
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"mode has to be one of sum, mean or max, got {mode}")
    w, tokens = _t(weight), _t(input)
    check_indices(tokens, "embedding_bag")
    index = np.asarray(tokens.cpu().numpy(), dtype=np.int64)
    if index.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is "
                             "treated is a mini-batch of fixed length sequences.")
        bags, count = np.repeat(np.arange(index.shape[0]), index.shape[1]), index.shape[0]
        index = index.reshape(-1)
    elif index.ndim == 1:
        bags, count = _bags(index, offsets, include_last_offset)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{index.ndim}")
    if index.size and (index.min() < 0 or index.max() >= w.shape[0]):
        raise IndexError(f"index out of range in self: the table has {w.shape[0]} rows")
    inputs = [w]
    if per_sample_weights is not None:
        if mode != "sum":
            raise NotImplementedError(
                f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                f"supported for mode='sum' (got mode='{mode}'). Please open a feature "
                f"request on GitHub.")
        inputs.append(_t(per_sample_weights).reshape(-1))
    keep = np.ones(index.size, dtype=bool)
    if padding_idx is not None:  # the padding rows are left out of their bags
        keep = index != (padding_idx % w.shape[0])
    if per_sample_weights is not None and not keep.all():
        inputs[1] = inputs[1][creation.tensor(np.flatnonzero(keep))]
    xp_index, xp_bags = (creation.tensor(a, device=w.device)._data
                         for a in (index[keep], bags[keep]))
    return apply("embedding_bag", *inputs, index=xp_index, bags=xp_bags, count=int(count),
                 mode=mode)
