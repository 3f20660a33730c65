"""PyTorch's refusal to differentiate through a tensor that was changed in place after an op
saved it for its gradient: ``y = x.sigmoid(); y.mul_(2); y.sum().backward()`` raises "one of
the variables needed for gradient computation has been modified by an inplace operation …".

gradviz keeps the numbers each op read (`engine.inplace`: a recorded change moves the
tensor's history to an older version), so it could differentiate anyway; it refuses where
PyTorch does.  Every tensor counts its changes in place (``t._version``); an op records the
versions of its inputs, and the version it made of its result (``_made_at``).  When a
backward pass reaches the op, an input PyTorch's op saved whose version moved on since, or
its result, if saved, changed since it was made, is PyTorch's error.

Which inputs an op saves follows PyTorch's derivative formulas (``derivatives.yaml``): ``mul``
keeps each factor for the other's gradient, so x only where the other factor requires grad;
``exp``, ``sigmoid``, ``tanh``, ``relu``, ``sqrt`` and the softmaxes keep their result; the
unary functions below keep their input.  An op not in the tables saves nothing it is checked
for (gradviz's composite activations are the ops they are written with, so they refuse where
those ops do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


def _each_for_the_other(requires: tuple[bool, ...]) -> tuple[int, ...]:
    # a·b, a @ b, x·Wᵀ: a is read for b's gradient, b for a's
    return tuple(i for i in (0, 1) if requires[1 - i])


def _both(requires: tuple[bool, ...]) -> tuple[int, ...]:
    return (0, 1)


def _first(requires: tuple[bool, ...]) -> tuple[int, ...]:
    return (0,)


# op → the inputs it saves, given which of its inputs require grad
SAVED_INPUTS = {
    "mul": _each_for_the_other, "matmul": _each_for_the_other, "bmm": _each_for_the_other,
    "linear": _each_for_the_other,  # addmm: the input for the weight's gradient and back
    # a / b: b for a's gradient, a and b for b's
    "div": lambda requires: ((0,) if requires[1] else ()) + (1,),
    "pow": _both, "maximum": _both, "minimum": _both,
    "mse_loss": _both, "binary_cross_entropy": _both, "binary_cross_entropy_with_logits": _both,
    "conv1d": _both, "conv2d": _both,
    **dict.fromkeys(("log", "log1p", "sin", "cos", "abs", "asin", "acos", "atan", "erf",
                     "erfinv", "leaky_relu", "gelu", "softplus", "clamp", "native_layer_norm",
                     "native_batch_norm"), _first),
}
# ops that save their result
SAVED_RESULT = {"exp", "sigmoid", "tanh", "relu", "sqrt", "softmax", "log_softmax"}

_HINT = ("Hint: enable anomaly detection to find the operation that failed to compute its "
         "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


def note_stale(node: Tensor, arg: int, read: Tensor, version: int) -> None:
    """`node` read input `arg` (the tensor `read`) at `version`, since changed in place."""
    stale = node.__dict__.setdefault("_stale", {})
    stale[arg] = (read, version)


def check(order: list) -> None:
    """PyTorch's error for the first op of the backward pass over `order` (inputs before
    results) that would read a saved tensor changed since; nothing where none does."""
    for node in reversed(order):
        op = node._op
        if op is None:
            continue
        name = op.name
        if name in SAVED_RESULT:
            live = node.__dict__.get("_live")
            live = node if live is None else live()
            made = node.__dict__.get("_made_at", 0)
            if live is not None and live._version != made:
                raise RuntimeError(_message(live, made, _node_name(node), live.shape))
        stale = node.__dict__.get("_stale")
        saves = SAVED_INPUTS.get(name)
        if stale and saves is not None:
            saved = saves(tuple(p.requires_grad for p in node._parents))
            for arg in sorted(stale):
                read, version = stale[arg]
                if arg not in saved or read._version == version:
                    continue
                maker, shape = _node_name(read), read.shape
                if name == "linear" and arg == 1:  # addmm keeps the weight's view Wᵀ
                    maker = "AsStrided" if read.requires_grad else None
                    shape = shape[::-1]
                raise RuntimeError(_message(read, version, maker, shape))


def _node_name(tensor: Tensor) -> str | None:
    """The name PyTorch's message gives the node that made `tensor` (``SigmoidBackward0`` is
    ``Sigmoid``, ``LeakyReluBackward1`` ``LeakyRelu1``), None for a leaf."""
    from gradviz.engine.printing import node_name

    if tensor._op is None:
        return None
    name = node_name(tensor).replace("Backward", "")
    return name[:-1] if name.endswith("0") else name


def _message(tensor: Tensor, version: int, maker: str | None, shape) -> str:
    from gradviz.engine import legacy

    sizes = ", ".join(str(n) for n in shape)
    text = ("one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [{legacy.type_name(tensor.dtype)} [{sizes}]]")
    if maker is not None:
        text += f", which is output 0 of {maker},"
    return (f"{text} is at version {tensor._version}; expected version {version} instead. "
            + _HINT)
