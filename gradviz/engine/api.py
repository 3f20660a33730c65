"""The engine's PyTorch-shaped names in one module: what ``import gradviz as torch`` gives.

`gradviz/__init__.py` re-exports all of it (and adds `nn`, `optim`, `show`, `draw`); code in
the lower layers (graph, surfaces) imports this module instead of the root package, so the
layer contract holds: the root also reaches the window, these names never do.
"""

import math as _math
from types import SimpleNamespace

from gradviz.engine import linalg
from gradviz.engine import tensor_arith as _arith
from gradviz.engine import tensor_queries as _queries
from gradviz.engine import tensor_shape as _shape
from gradviz.engine.autograd import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from gradviz.engine.backend import DeviceError
from gradviz.engine.counting import (
    bincount,
    bucketize,
    count_nonzero,
    histc,
    searchsorted,
)
from gradviz.engine.creation import (
    Generator,
    arange,
    as_tensor,
    bernoulli,
    default_generator,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    get_rng_state,
    initial_seed,
    linspace,
    manual_seed,
    multinomial,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    seed,
    set_rng_state,
    tensor,
    zeros,
    zeros_like,
)
from gradviz.engine.dtype_info import finfo, iinfo
from gradviz.engine.dtypes import (
    bool_ as bool,  # noqa: A004 - PyTorch's name
)
from gradviz.engine.dtypes import (
    double,
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    int8,
    int16,
    int32,
    int64,
    long,
    set_default_dtype,
    short,
    uint8,
)
from gradviz.engine.dtypes import float as float  # noqa: A004
from gradviz.engine.dtypes import int as int  # noqa: A004
from gradviz.engine.functional import (
    abs,
    acos,
    asin,
    atan,
    clamp,
    cos,
    exp,
    gelu,
    log,
    log_softmax,
    maximum,
    mean,
    minimum,
    relu,
    reshape,
    sigmoid,
    sin,
    softmax,
    sqrt,
    sum,
    tanh,
    transpose,
)
from gradviz.engine.functional_inplace import threshold
from gradviz.engine.functional_norms import bilinear, cosine_similarity, pairwise_distance
from gradviz.engine.functional_rectifiers import hardshrink, prelu, rrelu
from gradviz.engine.functional_resample import pixel_shuffle, pixel_unshuffle
from gradviz.engine.gradcheck import gradcheck
from gradviz.engine.joining import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    block_diag,
    cartesian_prod,
    column_stack,
    combinations,
    diag_embed,
    dsplit,
    dstack,
    hsplit,
    hstack,
    kron,
    masked_select,
    rot90,
    row_stack,
    take_along_dim,
    tensor_split,
    tril_indices,
    triu_indices,
    vsplit,
    vstack,
)
from gradviz.engine.keywords import take_torch_keywords
from gradviz.engine.legacy import (
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
    set_default_tensor_type,
)
from gradviz.engine.math_functions import (  # noqa: A004 - PyTorch's names
    add,
    addmm,
    all,
    amax,
    amin,
    any,
    argsort,
    argwhere,
    bmm,
    broadcast_to,
    ceil,
    chunk,
    clamp_max,
    clamp_min,
    cumprod,
    cumsum,
    diag,
    div,
    divide,
    dot,
    einsum,
    eq,
    equal,
    erf,
    exp2,
    fix,
    flatten,
    flip,
    fliplr,
    flipud,
    floor,
    floor_divide,
    fmod,
    gather,
    ge,
    gt,
    index_select,
    inner,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    lerp,
    log1p,
    log2,
    log10,
    logsumexp,
    lt,
    masked_fill,
    meshgrid,
    mul,
    multiply,
    nan_to_num,
    ne,
    neg,
    negative,
    nonzero,
    norm,
    outer,
    permute,
    prod,
    randperm,
    reciprocal,
    remainder,
    repeat_interleave,
    roll,
    round,
    rsqrt,
    scatter,
    scatter_add,
    sign,
    sort,
    split,
    square,
    std,
    sub,
    subtract,
    t,
    topk,
    trace,
    tril,
    triu,
    true_divide,
    trunc,
    unflatten,
    var,
)
from gradviz.engine.more_functions import (
    absolute,
    acosh,
    arccosh,
    arcsinh,
    arctan2,
    arctanh,
    asinh,
    atan2,
    atanh,
    clip_,
    cosh,
    diagonal,
    fmax,
    fmin,
    greater,
    greater_equal,
    index_add,
    index_copy,
    is_complex,
    is_floating_point,
    less,
    less_equal,
    masked_scatter,
    matrix_power,
    msort,
    nanmean,
    nansum,
    not_equal,
    positive,
    ravel,
    reciprocal_,
    rsub,
    select,
    sgn,
    sinh,
    swapaxes,
    swapdims,
    tan,
    tile,
    unbind,
    unique_consecutive,
)
from gradviz.engine.order_stats import (
    RETURN_TYPES,
    cummax,
    cummin,
    kthvalue,
    median,
    mode,
    nanmedian,
    nanquantile,
    quantile,
)
from gradviz.engine.printing import set_printoptions
from gradviz.engine.statistics import (
    cdist,
    corrcoef,
    cov,
    diff,
    logcumsumexp,
    std_mean,
    var_mean,
)
from gradviz.engine.tensor import Size, Tensor, matmul
from gradviz.engine.tensor_functions import (
    allclose,
    argmax,
    argmin,
    cat,
    concat,
    is_tensor,
    max,
    min,
    mm,
    mv,
    numel,
    pow,
    squeeze,
    stack,
    unique,
    unsqueeze,
    where,
)
from gradviz.engine.value import Value

clip = clamp
__version__ = "0.1.0"


class cuda:  # noqa: N801 - PyTorch's namespace
    @staticmethod
    def is_available() -> bool:
        from gradviz.engine.backend import is_cuda_available

        return is_cuda_available()

    @staticmethod
    def device_count() -> int:
        return 1 if cuda.is_available() else 0

    @staticmethod
    def manual_seed(value: int) -> None:
        """PyTorch seeds the GPU's own generator; gradviz has one generator for both."""

    manual_seed_all = manual_seed

    @staticmethod
    def empty_cache() -> None:
        """Hand the GPU memory cached by the allocator back (cupy's pool of freed blocks);
        without a GPU, as in PyTorch, nothing to do."""
        from gradviz.engine import backend

        if backend._cupy is not None:  # cupy imported: a tensor has been on the GPU
            backend._cupy.get_default_memory_pool().free_all_blocks()


class accelerator:  # noqa: N801 - PyTorch's namespace (2.6+); gradviz's one accelerator is CUDA
    @staticmethod
    def is_available() -> bool:
        return cuda.is_available()

    @staticmethod
    def current_accelerator(check_available: bool = False) -> SimpleNamespace | None:
        """The accelerator as a device whose ``.type`` names it, or None without one."""
        return SimpleNamespace(type="cuda") if cuda.is_available() else None

    @staticmethod
    def device_count() -> int:
        return cuda.device_count()


# PyTorch's ``torch.return_types``: the (values, indices) result classes, by function name.
return_types = SimpleNamespace(**RETURN_TYPES, sort=_shape.Sorted, topk=_shape.TopK,
                               max=_shape.Maxima, min=_shape.Minima)
return_types.aminmax, return_types.frexp = _arith.aminmax, _arith.frexp
return_types.histogram = _queries.histogram
del RETURN_TYPES

# PyTorch's constants (``-torch.inf`` in an attention mask, ``torch.pi`` in GELU's tanh form).
inf, nan, pi, e = _math.inf, _math.nan, _math.pi, _math.e
newaxis = None

# PyTorch's ``torch.random`` module: the same seeding functions.
random = SimpleNamespace(get_rng_state=get_rng_state, initial_seed=initial_seed,
                         manual_seed=manual_seed, seed=seed, set_rng_state=set_rng_state)


def device(name: str) -> str:
    from gradviz.engine.backend import normalize_device

    return normalize_device(name)


from gradviz.engine.functional_layers_more import pdist  # noqa: E402 - torch.pdist too

# PyTorch's other keyword spellings — numpy's axis= and keepdims=, input= and other=, out= —
# for every function above, one wrapper each (`engine.keywords`).
take_torch_keywords(globals())
del take_torch_keywords
