"""`gradviz.nn.functional` (and the `gradviz.*` math functions): activations and losses.

Activations are registry primitives, and so are the plain forms of the losses (MSE, BCE,
BCE with logits, cross-entropy with class indices): one graph node each, as in PyTorch.
The rarer forms (class weights, ``pos_weight``, ignored classes, label smoothing,
probability targets) are composites of primitives, written the numerically stable way
(softplus, log-softmax), so logits of ±1000 still give finite losses and PyTorch's gradients.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from gradviz.engine import creation
from gradviz.engine.autograd import ShapeError, apply
from gradviz.engine.backend import array_module
from gradviz.engine.functional_inplace import in_place
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Size, Tensor, matmul
from gradviz.engine.tensor_shape import torch_type_name

__all__ = [
    "abs", "acos", "asin", "atan", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "clamp", "cos",
    "cross_entropy", "dropout", "dropout1d", "dropout2d", "dropout3d", "elu", "exp", "gelu",
    "huber_loss", "l1_loss", "leaky_relu",
    "linear", "log", "log_softmax", "matmul", "maximum", "mean", "minimum", "mse_loss", "msle_loss",
    "nll_loss", "normalize", "one_hot", "relu", "reshape", "sigmoid", "silu", "sin",
    "smooth_l1_loss", "softmax", "sqrt", "sum", "tanh", "transpose",
]


_t = creation.as_tensor  # a Tensor as it is, anything else (a number, a list) as a new one


def exp(x): return _t(x).exp()
def log(x): return _t(x).log()
def sqrt(x): return _t(x).sqrt()
def abs(x): return _t(x).abs()  # noqa: A001
def tanh(x): return _t(x).tanh()
def sin(x): return _t(x).sin()
def cos(x): return _t(x).cos()
def asin(x): return _t(x).asin()
def acos(x): return _t(x).acos()
def atan(x): return _t(x).atan()
def sigmoid(x): return _t(x).sigmoid()
def relu(x, inplace: bool = False): return _t(x).relu_() if inplace else _t(x).relu()
def _softplus(x): return apply("softplus", _t(x))  # the row; F.softplus takes beta, threshold
def sum(x, dim=None, keepdim=False): return _t(x).sum(dim, keepdim)  # noqa: A001
def mean(x, dim=None, keepdim=False): return _t(x).mean(dim, keepdim)
def reshape(x, *shape): return _t(x).reshape(*shape)
def transpose(x, dim0=0, dim1=1): return _t(x).transpose(dim0, dim1)
def clamp(x, min=None, max=None): return _t(x).clamp(min, max)  # noqa: A002


def maximum(a, b) -> Tensor:
    a = _t(a)
    return apply("maximum", a, a._coerce(b))


def minimum(a, b) -> Tensor:
    a = _t(a)
    return apply("minimum", a, a._coerce(b))


def leaky_relu(x, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    return in_place(x, inplace, lambda t: apply("leaky_relu", t, negative_slope=negative_slope))


def softmax(x, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    x = _t(x) if dtype is None else _t(x).to(dtype)
    return apply("softmax", x, dim=_implicit_dim("softmax", x, dim, _stacklevel))


def log_softmax(x, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    x = _t(x) if dtype is None else _t(x).to(dtype)
    return apply("log_softmax", x, dim=_implicit_dim("log_softmax", x, dim, _stacklevel))


def _implicit_dim(name: str, x: Tensor, dim: int | None, stacklevel: int) -> int:
    # PyTorch's deprecated rule when no dim is given, with its warning.
    if dim is not None:
        return dim
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", UserWarning, stacklevel=stacklevel)
    return 0 if x.dim() in (0, 1, 3) else 1


def silu(x, inplace: bool = False) -> Tensor:
    """z·σ(z) (also called swish)."""
    return in_place(x, inplace, lambda t: t * t.sigmoid())


def elu(x, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """z for z > 0, α(eᶻ − 1) otherwise (eᶻ of min(z, 0), so no overflow ever)."""
    return in_place(x, inplace, lambda t: apply("where", t > 0, t,
                                                alpha * (t.clamp(max=0).exp() - 1)))


def normalize(input, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Tensor:  # noqa: A002
    """z / max(‖z‖_p, eps) along `dim`."""
    x = _t(input)
    return x / x.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(x)


def linear(x, weight, bias=None) -> Tensor:
    """x·Wᵀ + b as one `linear` node (PyTorch's addmm); other weight shapes as matmul and add."""
    x, weight = _t(x), _t(weight)
    bias = None if bias is None else _t(bias)
    x_shape, w_shape = x._data.shape, weight._data.shape  # arrays' shapes: no Size built
    if x._data.dtype != weight._data.dtype or (bias is not None
                                                and bias._data.dtype != weight._data.dtype):
        if x._data.dtype == weight._data.dtype and not _fused_linear(x, bias):
            # PyTorch's unfused path: the product, then the bias added to it in place (so an
            # int64 bias on a float vector is cast, as add_ casts it)
            return matmul(x, weight.T).add_(bias)
        _linear_dtypes(x, weight, bias)
    plain_bias = bias is None or bias._data.shape in ((w_shape[0],), ())
    if not x_shape or len(w_shape) != 2 or not plain_bias:
        out = matmul(x, weight.T)
        return out if bias is None else out + bias
    if x_shape[-1] != w_shape[1]:
        raise ShapeError(
            f"mat1 and mat2 shapes cannot be multiplied ({math.prod(x_shape[:-1])}x{x_shape[-1]}"
            f" and {w_shape[1]}x{w_shape[0]})")
    return apply("linear", x, weight) if bias is None else apply("linear", x, weight, bias)


def _fused_linear(x: Tensor, bias: Tensor) -> bool:
    """Whether PyTorch's linear adds `bias` in one addmm with the product (which asks for one
    dtype): for a 2-D input, and for a contiguous one that is 3-D or has a 1-D bias."""
    return x.dim() == 2 or (x.is_contiguous() and (x.dim() == 3 or bias.dim() == 1))


def _linear_dtypes(x: Tensor, weight: Tensor, bias: Tensor | None) -> None:
    """PyTorch's error for a linear layer whose input, weight and bias differ in dtype."""
    from gradviz.engine.tensor_shape import c_type_name, torch_type_name

    names = [torch_type_name(t.dtype) if t is not None else "" for t in (x, weight, bias)]
    if bias is None:
        if weight.dim() == 2 and x.dim() and x.shape[-1] == weight.shape[1]:
            raise RuntimeError("expected m1 and m2 to have the same dtype, but got: "
                               f"{c_type_name(x.dtype)} != {c_type_name(weight.dtype)}")
        return  # matmul says what is wrong
    if bias.dtype is not weight.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {names[2]} and "
                           f"{names[1]}")
    raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {names[0]} and "
                       f"{names[1]}")


def gelu(input, approximate: str = "none") -> Tensor:  # noqa: A002
    """z·Φ(z), Φ the standard normal's CDF (with erf); approximate='tanh' is the tanh form."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    x = _t(input)
    return apply("gelu", x, approximate=approximate) if approximate == "tanh" else apply("gelu", x)


def dropout(x, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return x
    mask = _dropout_mask(x, p, x.shape)
    return x.mul_(mask) if inplace else x * mask


def _dropout_mask(x: Tensor, p: float, shape: tuple[int, ...]) -> Tensor:
    """The scaled keep-mask of a dropout of `x` (0 < p ≤ 1): each entry 1/(1−p) with
    probability 1−p, else 0, in `shape` — x's own, or 1 over the dims a feature dropout's
    whole channel shares.  Every dropout mask gradviz draws is drawn here: F.dropout and
    F.dropout1d/2d/3d, so also the nn.Dropout layers, MultiheadAttention's attention weights,
    the Transformer layers and a multi-layer RNN's inter-layer dropout; F.alpha_dropout and
    F.feature_alpha_dropout (and their layers) read their keep-mask from it too."""
    keep = creation.generator().random(shape) >= p
    scale = 0.0 if p == 1 else 1.0 / (1 - p)
    return creation.tensor(keep * scale, dtype=x.dtype, device=x.device)


def _feature_dropout(x, p: float, training: bool, spatial: int, name: str,
                     inplace: bool = False) -> Tensor:
    # Whole channels are zeroed: one draw per (sample, channel), broadcast over the
    # `spatial` trailing dims (an unbatched input is (C, *spatial)).
    if not 0 <= p <= 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if x.dim() not in (spatial + 1, spatial + 2):
        raise RuntimeError(f"{name}: Expected {spatial + 1}D or {spatial + 2}D input, but "
                           f"received a {x.dim()}D input.")
    if not training or p == 0:
        return x
    mask = _dropout_mask(x, p, x.shape[:x.dim() - spatial] + (1,) * spatial)
    if not inplace:
        return x * mask
    # in place as PyTorch: an unbatched input gains its batch dim and loses it again
    unbatched = x.dim() == spatial + 1
    if unbatched:
        x.unsqueeze_(0)
    x.mul_(mask.unsqueeze(0) if unbatched else mask)
    return x.squeeze_(0) if unbatched else x


def dropout1d(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    return _feature_dropout(input, p, training, 1, "dropout1d", inplace)


def dropout2d(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    if input.dim() == 2:  # PyTorch warns, then drops each (N, C) element: plain dropout
        warnings.warn(_DROPOUT2D_2D, stacklevel=2)
        return dropout(input, p, training, inplace)
    if input.dim() == 3:  # PyTorch warns, then reads it as (N, C, L): one draw per (N, C)
        warnings.warn(_DROPOUT2D_3D, stacklevel=2)
        return _feature_dropout(input, p, training, 1, "dropout2d", inplace)
    return _feature_dropout(input, p, training, 2, "dropout2d", inplace)


_DROPOUT2D_2D = ("dropout2d: Received a 2-D input to dropout2d, which is deprecated and will "
                 "result in an error in a future release. To retain the behavior and silence "
                 "this warning, please use dropout instead. Note that dropout2d exists to "
                 "provide channel-wise dropout on inputs with 2 spatial dimensions, a channel "
                 "dimension, and an optional batch dimension (i.e. 3D or 4D inputs).")
_DROPOUT2D_3D = ("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
                 "dropout behavior is desired - input is interpreted as shape (N, C, L), where C "
                 "is the channel dim. This behavior will change in a future release to interpret "
                 "the input as one without a batch dimension, i.e. shape (C, H, W). To maintain "
                 "the 1D channel-wise dropout behavior, please switch to using dropout1d instead.")


def dropout3d(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    if input.dim() in (4, 5) or not 0 <= p <= 1:
        return _feature_dropout(input, p, training, 3, "dropout3d", inplace)
    # PyTorch warns, then reads it as unbatched (C, *): one draw per entry of the first dim
    warnings.warn(_DROPOUT3D_OTHER.format(input.dim()), stacklevel=2)
    if not training or p == 0:
        return input
    if input.dim() == 0:
        if p < 1:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        return dropout(input, p, training, inplace)
    return _feature_dropout(input, p, training, input.dim() - 1, "dropout3d", inplace)


_DROPOUT3D_OTHER = ("dropout3d: Received a {}-D input to dropout3d, which is deprecated and "
                    "will result in an error in a future release. To retain the behavior and "
                    "silence this warning, please use dropout instead. Note that dropout3d "
                    "exists to provide channel-wise dropout on inputs with 3 spatial "
                    "dimensions, a channel dimension, and an optional batch dimension (i.e. "
                    "4D or 5D inputs).")


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices → rows of zeros with a 1 at the index (int64, shape (*, num_classes))."""
    index = _t(tensor)
    if index.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    data = index._data
    if num_classes == -1:
        if not data.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(data.max()) + 1
    if data.size and data.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if data.size and data.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    xp = array_module(data)
    return Tensor._wrap((data[..., None] == xp.arange(num_classes)).astype(np.int64))


def _check_reduction(reduction: str) -> str:
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(
            f"{reduction} is not a valid value for reduction: use 'mean', 'sum', 'none'")
    return reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if _check_reduction(reduction) == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def _same_shape(name: str, input: Tensor, target: Tensor) -> None:  # noqa: A002
    """PyTorch's refusal of a target shaped otherwise than the input (bce, its logits form)."""
    if input.shape == target.shape:
        return
    if name == "binary_cross_entropy":
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input "
                         f"size ({input.shape}) is deprecated. Please ensure they have the same "
                         f"size.")
    raise ValueError(f"Target size ({target.shape}) must be the same as input size "
                     f"({input.shape})")


def warn_if_broadcast(input: Tensor, target) -> None:  # noqa: A002
    """PyTorch's warning where a regression loss's target broadcasts against its input, the
    classic (N,) beside (N, 1) slip."""
    shape = getattr(target, "shape", None)
    if shape is not None and tuple(shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({Size(shape)}) that is different to the input size "
                      f"({input.shape}). This will likely lead to incorrect results due to "
                      f"broadcasting. Please ensure they have the same size.", UserWarning,
                      stacklevel=3)


def mse_loss(input, target, reduction: str = "mean") -> Tensor:  # noqa: A002
    """(1/n) Σ (ŷ − y)²."""
    x = _t(input)
    warn_if_broadcast(x, target)
    return apply("mse_loss", x, x._coerce(target), reduction=_check_reduction(reduction))


def msle_loss(input, target, reduction: str = "mean") -> Tensor:  # noqa: A002
    """Mean squared logarithmic error: (1/n) Σ (ln(1+ŷ) − ln(1+y))²."""
    diff = apply("log1p", _t(input)) - apply("log1p", _t(target))
    return _reduce(diff**2, reduction)


def l1_loss(input, target, reduction: str = "mean") -> Tensor:  # noqa: A002
    """(1/n) Σ |ŷ − y|."""
    x = _t(input)
    warn_if_broadcast(x, target)
    return _reduce((x - x._coerce(target)).abs(), reduction)


def smooth_l1_loss(input, target, reduction: str = "mean", beta: float = 1.0) -> Tensor:  # noqa: A002
    """0.5·d²/β where |d| < β, |d| − 0.5·β elsewhere (d = ŷ − y); β = 0 is the L1 loss."""
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    x = _t(input)
    warn_if_broadcast(x, target)
    d = (x - x._coerce(target)).abs()
    if beta == 0:
        return _reduce(d, reduction)
    return _reduce(apply("where", d < beta, 0.5 * d**2 / beta, d - 0.5 * beta), reduction)


def huber_loss(input, target, reduction: str = "mean", delta: float = 1.0) -> Tensor:  # noqa: A002
    """0.5·d² where |d| < δ, δ·(|d| − 0.5·δ) elsewhere (d = ŷ − y)."""
    x = _t(input)
    warn_if_broadcast(x, target)
    d = (x - x._coerce(target)).abs()
    return _reduce(apply("where", d < delta, 0.5 * d**2, delta * (d - 0.5 * delta)), reduction)


def binary_cross_entropy(input, target, weight=None, reduction: str = "mean") -> Tensor:  # noqa: A002
    """−[y·ln p + (1−y)·ln(1−p)], each log clamped at −100 as PyTorch does."""
    p, y = _t(input), _t(target)
    _same_shape("binary_cross_entropy", p, y)
    if bool(((p._data < 0) | (p._data > 1)).any()):
        raise RuntimeError("all elements of input should be between 0 and 1")
    if weight is None:
        return apply("binary_cross_entropy", p, y, reduction=_check_reduction(reduction))
    loss = -(y * p.log().clamp(min=-100) + (1 - y) * (1 - p).log().clamp(min=-100))
    return named_node(_reduce(loss * weight, reduction), "BinaryCrossEntropyBackward0")


def binary_cross_entropy_with_logits(
    input, target, weight=None, reduction: str = "mean", pos_weight=None  # noqa: A002
) -> Tensor:
    """softplus(z) − y·z  ==  −[y·ln σ(z) + (1−y)·ln(1−σ(z))], stable for any z."""
    z, y = _t(input), _t(target)
    _same_shape("binary_cross_entropy_with_logits", z, y)
    if weight is None and pos_weight is None:
        return apply("binary_cross_entropy_with_logits", z, y,
                     reduction=_check_reduction(reduction))
    if pos_weight is None:
        loss = _softplus(z) - y * z
    else:  # p·y·softplus(−z) + (1−y)·softplus(z)
        loss = pos_weight * y * _softplus(-z) + (1 - y) * _softplus(z)
    if weight is not None:
        loss = loss * weight
    return named_node(_reduce(loss, reduction), "BinaryCrossEntropyWithLogitsBackward0")


def nll_loss(input, target, weight=None, ignore_index: int = -100, reduction: str = "mean"):  # noqa: A002
    """−log p[target] per row; the mean is weighted by the classes' weights, as in PyTorch."""
    logp, target = _t(input), _t(target)
    _check_class_targets(logp, target)
    if logp.dim() == 1:
        logp, target = logp.unsqueeze(0), target.reshape(1)
    if logp.dim() > 2:  # (N, C, d1, …): every position a sample, classes last
        order = (0, *range(2, logp.dim()), 1)
        loss = nll_loss(logp.permute(*order).reshape(-1, logp.shape[1]), target.reshape(-1),
                        weight, ignore_index, reduction)
        return loss.reshape(target.shape) if reduction == "none" else loss
    xp_idx = target._data.astype(np.int64, copy=False)
    keep = xp_idx != ignore_index
    safe = xp_idx * keep  # ignored rows read class 0, then get weight 0
    if weight is None and keep.all():  # one NLL node, as PyTorch's NllLossBackward0
        classes = target if target._data.dtype == np.int64 else type(target)._wrap(xp_idx)
        return apply("nll_loss", logp, classes, reduction=_check_reduction(reduction))
    w = weight._data[safe] if weight is not None else keep.astype(logp._data.dtype)
    w = (w * keep).astype(logp._data.dtype, copy=False)
    classes = type(target)._wrap(safe)
    return apply("nll_loss", logp, classes, reduction=_check_reduction(reduction), weight=w)


def _check_class_targets(logp: Tensor, target: Tensor) -> None:
    """PyTorch's refusals of class-index targets that do not fit the (N, C, d₁, …) input:
    their batch size, their shape, then their dtype (Long or Byte)."""
    shape, wanted = tuple(target.shape), tuple(logp.shape)
    if logp.dim() == 0:
        raise ValueError("Expected 1 or more dimensions (got 0)")
    if logp.dim() != 1 and shape[:1] != wanted[:1]:
        got = shape[0] if shape else 1
        raise ValueError(f"Expected input batch_size ({wanted[0]}) to match target batch_size "
                         f"({got}).")
    if logp.dim() == 1 and target.dim() > 0 and shape != (1,):
        raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: "
                         f"{shape[0]}")
    if logp.dim() == 2 and target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if logp.dim() > 2 and shape != wanted[:1] + wanted[2:]:
        raise RuntimeError(f"Expected target size {list(wanted[:1] + wanted[2:])}, got "
                           f"{list(shape)}")
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{torch_type_name(target.dtype)}")


def cross_entropy(input, target, weight=None, ignore_index: int = -100,  # noqa: A002
                  reduction: str = "mean", label_smoothing: float = 0.0) -> Tensor:
    """Class indices: nll_loss(log_softmax(z)); class probabilities: −Σ p·log_softmax(z)."""
    z, target = _t(input), _t(target)
    if _plain_class_targets(z, target, weight, ignore_index, label_smoothing):
        return apply("cross_entropy", z, target, reduction=_check_reduction(reduction))
    dim = 1 if z.dim() > 1 else 0
    logp = log_softmax(z, dim)
    if target.dtype.is_floating_point and target.shape == z.shape:
        n_classes = z.shape[dim]
        if label_smoothing:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        if weight is not None:  # −Σ_c w_c·p_c·log q_c; the mean is still over samples
            shape = [1] * z.dim()
            shape[dim] = n_classes
            target = target * _t(weight).reshape(shape)
        if reduction == "none":
            return -(target * logp).sum(dim=dim)
        _check_reduction(reduction)
        total = -(target * logp).sum()  # PyTorch's NegBackward0, then DivBackward1 for a mean
        if reduction == "sum":
            return total
        return named_node(total / (z.numel() / n_classes), "DivBackward1")  # a Scalar divisor
    nll = nll_loss(logp, target, weight, ignore_index, reduction)
    if not label_smoothing:
        return nll
    return nll * (1 - label_smoothing) + _smoothing_term(logp, target, weight, ignore_index,
                                                         reduction, dim) * (
        label_smoothing / z.shape[dim])


def _smoothing_term(logp: Tensor, target: Tensor, weight, ignore_index: int, reduction: str,
                    dim: int) -> Tensor:
    """PyTorch's smoothing part for class indices: −Σ_c w_c·log q_c per counted sample,
    reduced as the nll part is (a mean divides by the counted samples' target weights)."""
    if weight is not None:
        shape = [1] * logp.dim()
        shape[dim] = logp.shape[dim]
        logp = logp * _t(weight).reshape(shape)
    per_sample = -logp.sum(dim=dim)
    keep = target._data != ignore_index
    mask = creation.tensor(keep.astype(logp._data.dtype), dtype=logp.dtype, device=logp.device)
    per_sample = per_sample * mask
    if reduction != "mean":
        return _reduce(per_sample, reduction)
    if weight is None:
        return per_sample.sum() / float(keep.sum())
    counted = _t(weight)._data[(target._data * keep).astype(int)] * keep
    return per_sample.sum() / float(counted.sum())


def _plain_class_targets(z: Tensor, target: Tensor, weight, ignore_index: int,
                         label_smoothing: float) -> bool:
    """Class indices, every one counted, no weights: the `cross_entropy` primitive's case."""
    classes, shape = target._data, z._data.shape  # the arrays: this runs every training step
    if classes.dtype not in (np.int64, np.uint8) or weight is not None or label_smoothing \
            or not shape:
        return False
    rows = () if len(shape) == 1 else shape[:1] + shape[2:]
    if classes.shape != rows:
        return False  # the composite raises PyTorch's shape error
    if not classes.size:
        return False
    n_classes = shape[0 if len(shape) == 1 else 1]
    low, high = int(classes.min()), int(classes.max())
    # Only a target within [low, high] can be ignore_index; the default −100 never is.
    if low <= ignore_index <= high and bool((classes == ignore_index).any()):
        return False
    if low < 0 or high >= n_classes:
        raise IndexError(f"Target {low if low < 0 else high} is out of bounds.")
    return True


# The functional forms built in their own modules, by area, are F's names too (their names
# do not overlap): every module imported here, read by the loop below.
from gradviz.engine import (  # noqa: E402, F401
    functional_activations,
    functional_attention,
    functional_ctc,
    functional_divergence,
    functional_dropout,
    functional_fold,
    functional_fractional,
    functional_inplace,
    functional_layers,
    functional_layers_more,
    functional_margins,
    functional_mha,
    functional_norms,
    functional_pool_indices,
    functional_rectifiers,
    functional_resample,
    functional_sampling,
    functional_volumes,
)

for _part in [part for name, part in globals().items() if name.startswith("functional_")]:
    globals().update({name: getattr(_part, name) for name in _part.__all__})
    __all__ += _part.__all__
del _part


# PyTorch's other keyword spellings (input=, axis=, …) for every function of `__all__`.
def _take_torch_keywords() -> None:
    from gradviz.engine.keywords import torch_keywords

    for name in __all__:
        globals()[name] = torch_keywords(globals()[name])


_take_torch_keywords()
