"""`repr(tensor)` as PyTorch prints it: ``tensor([ 0.1257, -0.1321], grad_fn=<MulBackward0>)``.

A port of PyTorch's default print options (4 decimals; scientific notation when the
magnitudes span more than 1000× or leave [1e-4, 1e8]; integer-valued floats as ``1.``;
80 columns; more than 1000 elements shown as their first and last 3 along each axis), so
a snippet prints what the course's notebooks show.
"""

from __future__ import annotations

import math

import numpy as np

_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80),
             "full": (4, math.inf, 3, 80)}

PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH = _PROFILES["default"]
SCI_MODE: bool | None = None  # None: chosen from the values shown, as PyTorch's default


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None) -> None:
    """``torch.set_printoptions``: decimals, summarizing threshold, edge items, line width;
    `profile` "default", "short" or "full" first; ``sci_mode`` True/False forces the notation."""
    global PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH, SCI_MODE
    if profile is not None:
        PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH = _PROFILES[profile]
    PRECISION = PRECISION if precision is None else int(precision)
    THRESHOLD = THRESHOLD if threshold is None else threshold
    EDGEITEMS = EDGEITEMS if edgeitems is None else int(edgeitems)
    LINEWIDTH = LINEWIDTH if linewidth is None else int(linewidth)
    SCI_MODE = sci_mode

# Registry op → the name of PyTorch's backward node, where CamelCase of the name is not it.
_BACKWARD_NAMES = {"matmul": "Mm", "reshape": "View", "cast": "ToCopy", "index": "Index",
                   "log1p": "Log1P", "clamp": "Clamp", "max": "Max", "min": "Min",
                   "norm": "LinalgVectorNorm", "cross": "LinalgCross",
                   "cross_entropy": "NllLoss",  # PyTorch: log_softmax, then nll_loss
                   "conv1d": "Convolution", "conv2d": "Convolution",
                   "conv_transpose1d": "Convolution", "conv_transpose2d": "Convolution",
                   "max_pool2d": "MaxPool2DWithIndices", "avg_pool2d": "AvgPool2D"}
# Ops whose PyTorch node has another overload number.
_OVERLOADS = {"clamp": 1, "max": 1, "min": 1, "rsub": 1}


def node_name(tensor) -> str:
    """The PyTorch name of the node that made `tensor`: a composite function (``median``,
    ``cdist``, …) names its last node as PyTorch's one node (`named_node`), else the op's."""
    named = tensor.__dict__.get("_torch_node")
    if named is not None and named[0] is tensor._params:  # not since changed in place
        return named[1]
    return grad_fn_name(tensor._op.name, tensor._params, tensor._parents)


def named_node(tensor, name: str, *sources):
    """`tensor`, whose ``grad_fn`` prints as PyTorch's node `name` (``MedianBackward1``,
    ``F.pad``'s ``ConstantPadNdBackward0``) where PyTorch computes in one kernel what gradviz
    computes with several rows; the graph still shows the rows.  A result that is one of the
    function's `sources` itself, or no op's result, is left alone."""
    if tensor._op is not None and not any(tensor is source for source in sources):
        tensor.__dict__["_torch_node"] = (tensor._params, name)
    return tensor


def grad_fn_name(op_name: str, params: dict, parents: tuple) -> str:
    """``MulBackward0``-style name of the node that made a tensor."""
    if op_name == "function":  # a user's autograd.Function: PyTorch names it by the class
        return f"{params['function'].__name__}Backward"
    stem = _BACKWARD_NAMES.get(op_name) or "".join(w.title() for w in op_name.split("_"))
    if op_name == "index":
        stem = _index_stem(params["index"])
    if op_name == "stack" and isinstance(params.get("dim"), KernelDim):
        stem = params["dim"].kernel
    if op_name == "cross_entropy":  # PyTorch's last node: the NLL of the log-softmax
        stem = "NllLoss2D" if parents[0].dim() > 2 else "NllLoss"
    if op_name == "matmul":
        dims = (parents[0].dim(), parents[1].dim())
        # PyTorch's matmul is mm, mv or dot; a vector times a matrix is squeezed back;
        # batched, a bmm viewed back (a matrix times a batch: cloned).
        stem = {(2, 2): "Mm", (2, 1): "Mv", (1, 1): "Dot", (1, 2): "Squeeze"}.get(
            dims, "Clone" if dims[0] == 2 else "UnsafeView")
        if dims == (1, 2):
            return "SqueezeBackward4"
    if op_name == "linear":  # PyTorch's linear is addmm (mm without bias) on a matrix, else a
        # view of it; without a bias, matmul's: a vector's squeezed back, a batch's unsafe view
        with_bias = len(parents) > 2 and parents[2] is not None
        rank = parents[0].dim()
        if not with_bias and rank == 1:
            return "SqueezeBackward4"
        stem = ("Addmm" if with_bias else "Mm") if rank == 2 else (
            "View" if with_bias else "UnsafeView")
    overload = _OVERLOADS.get(op_name, 0)
    if op_name in ("sum", "mean") and params.get("dim") is not None:
        overload = 1
    if op_name == "index_fill" and parents[1].requires_grad:  # a 0-d tensor value
        overload = 1
    if op_name == "pow" and parents[1].requires_grad:
        overload = 1
    return f"{stem}Backward{overload}"


class PickedBy(tuple):
    """The index of ``t.max(dim)``'s (or min's) values, or of an ``index_select``: an index
    like any other, which the node's name remembers, since PyTorch calls it ``MaxBackward0``
    (``IndexSelectBackward0``), not ``IndexBackward0``."""

    def __new__(cls, reduction: str, entries) -> PickedBy:
        picked = super().__new__(cls, entries)
        picked.reduction = reduction  # a tuple subclass without __slots__ takes attributes
        return picked


class KernelDim(int):
    """The ``dim`` of a stack that PyTorch computes in one kernel of its own and names after it
    (an nn.LSTM layer's outputs: ``MkldnnRnnLayerBackward0``); a dim like any other."""

    def __new__(cls, dim: int, kernel: str) -> KernelDim:
        named = super().__new__(cls, dim)
        named.kernel = kernel
        return named


def _index_stem(index) -> str:
    if isinstance(index, PickedBy):
        return "".join(word.title() for word in index.reduction.split("_"))
    # Basic indexing is a chain of selects (ints) and slices; PyTorch names the last one.
    entries = index if isinstance(index, tuple) else (index,)
    if not all(isinstance(e, int | slice) for e in entries):
        return "Index"
    applied = [e for e in entries if e != slice(None)]
    return "Select" if applied and isinstance(applied[-1], int) else "Slice"


class _Formatter:
    """One width and one notation for every element, chosen from the values shown."""

    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.width = True, False, 1
        flat = values.reshape(-1)
        if not self.floating:
            self.width = max([1, *(len(str(v)) for v in flat.tolist())])
            return
        shown = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if not shown.size:
            return
        magnitudes = np.abs(shown)
        low, high = magnitudes.min(), magnitudes.max()
        self.int_mode = bool((shown == np.ceil(shown)).all())
        self.sci_mode = bool(high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4)
        if SCI_MODE is not None:
            self.sci_mode = SCI_MODE
        if self.sci_mode:
            texts = [f"{v:.{PRECISION}e}" for v in shown.tolist()]
        elif self.int_mode:
            texts = [f"{v:.0f}." for v in shown.tolist()]
        else:
            texts = [f"{v:.{PRECISION}f}" for v in shown.tolist()]
        self.width = max(len(t) for t in texts)

    def format(self, value) -> str:
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = f"{value:.{PRECISION}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{PRECISION}f}"
        return text.rjust(self.width)


def _summarized(a: np.ndarray) -> np.ndarray:
    """Only the elements a summarized print shows (the first and last few of each axis)."""
    if a.ndim == 0:
        return a
    if a.shape[0] > 2 * EDGEITEMS:
        a = np.concatenate([a[:EDGEITEMS], a[-EDGEITEMS:]])
    return np.stack([_summarized(row) for row in a]) if a.ndim > 1 else a


def _vector(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    per_line = max(1, (LINEWIDTH - indent) // (fmt.width + 2))
    if summarize and a.shape[0] > 2 * EDGEITEMS:
        items = ([fmt.format(v) for v in a[:EDGEITEMS].tolist()] + [" ..."]
                 + [fmt.format(v) for v in a[-EDGEITEMS:].tolist()])
    else:
        items = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, fmt)
    rows = range(a.shape[0])
    if summarize and a.shape[0] > 2 * EDGEITEMS:
        rows = [*range(EDGEITEMS), None, *range(a.shape[0] - EDGEITEMS, a.shape[0])]
    parts = ["..." if i is None else _nested(a[i], indent + 1, summarize, fmt) for i in rows]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def tensor_text(values: np.ndarray, suffixes: list[str], prefix: str = "tensor(") -> str:
    """``tensor(<values>, <suffix>, ...)`` laid out as PyTorch lays it out."""
    indent = len(prefix)
    if values.size == 0:
        body = "[]"
        if values.shape != (0,):
            suffixes = [f"size={tuple(values.shape)}", *suffixes]
    else:
        summarize = values.size > THRESHOLD
        fmt = _Formatter(_summarized(values) if summarize else values)
        body = _nested(values, indent, summarize, fmt)
    text = prefix + body
    parts = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        # measured as PyTorch's text, whose dtypes read torch.float64 where ours read
        # gradviz.float64: the same program breaks its lines where PyTorch's does
        width = len(suffix.replace("gradviz.", "torch."))
        if last_line + width + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line = indent + width
        else:
            parts.append(", " + suffix)
            last_line += width + 2
    return "".join(parts) + ")"


class builtin_method:  # noqa: N801 - used as a decorator, like `property`
    """A Tensor method that prints as PyTorch's C methods do where a program prints the
    method itself (``print(t.type)``, a missing pair of brackets):
    ``<built-in method type of Tensor object at 0x…>``.  Calls go straight through."""

    def __init__(self, function) -> None:
        self.function = function
        self.__doc__ = function.__doc__
        self.__name__ = function.__name__
        self.__wrapped__ = function

    def __call__(self, *args, **kwargs):  # `property(dim)` and `Tensor.dim(t)` call it
        return self.function(*args, **kwargs)

    def __get__(self, obj, owner=None):
        return self if obj is None else _BoundBuiltin(self.function, obj)


class _BoundBuiltin:
    __slots__ = ("__func__", "__self__")

    def __init__(self, function, obj) -> None:
        self.__func__ = function
        self.__self__ = obj

    def __call__(self, *args, **kwargs):
        return self.__func__(self.__self__, *args, **kwargs)

    @property
    def __name__(self) -> str:
        return self.__func__.__name__

    def __repr__(self) -> str:
        name, owner = self.__func__.__name__, type(self.__self__).__name__
        return f"<built-in method {name} of {owner} object at {id(self.__self__):#x}>"
