"""gradviz: autograd and backpropagation made visible.

The engine speaks PyTorch, so ``import gradviz as torch`` runs the course's snippets::

    import gradviz as torch
    x = torch.randn(3, 4, requires_grad=True)
    (x * 2).sum().backward()
"""

from gradviz.engine.api import *  # noqa: F403 - the PyTorch-shaped names, see engine/api.py
from gradviz.engine.api import __version__  # noqa: F401


def show(root, *, title: str = "", scalar: bool = False, block: bool = True):
    """Open the lecture window on the graph that computed `root` (a Tensor or Value)."""
    import sys

    from gradviz.app.show import show as _show

    return _show(root, title=title, scalar=scalar, block=block,
                 _namespace=sys._getframe(1).f_locals)


def draw(root, path, **options):
    """Write the slide-style PNG of `root`'s graph: ``gradviz.draw(loss, "loss.png")``.

    Options: step ("end", "start", "forward:N", "backward:N"), title, scalar, theme, scale,
    lang, transparent."""
    import sys

    from gradviz.app.show import draw as _draw

    return _draw(root, path, _namespace=sys._getframe(1).f_locals, **options)


# The course writes `torch.nn.Linear` and `torch.optim.SGD` after a bare `import torch`.
from gradviz import (  # noqa: E402
    amp,
    autograd,
    backends,
    distributions,
    func,
    linalg,
    nn,
    optim,
    profiler,
    sparse,
    special,
    testing,
    utils,
)

# torch.autograd's extensions, torch.autocast, torch.compile, the global switches (default
# device, determinism, matmul precision, anomaly mode), sparse COO tensors, torch.save/load,
# xlogy, the cross product, SVD and the bitwise ops.
from gradviz.engine import tensor_bitwise as _bitwise  # noqa: E402
from gradviz.engine.amp import autocast  # noqa: E402, F401
from gradviz.engine.amp import cuda_amp as _cuda_amp  # noqa: E402
from gradviz.engine.anomaly import (  # noqa: E402, F401
    is_anomaly_check_nan_enabled,
    is_anomaly_enabled,
    set_anomaly_enabled,
)
from gradviz.engine.compiler import compile  # noqa: E402, F401, A004 - torch.compile
from gradviz.engine.functional_divergence import xlogy  # noqa: E402, F401
from gradviz.engine.linalg import det, dist, matrix_exp  # noqa: E402, F401
from gradviz.engine.linalg import torch_cross as cross  # noqa: E402, F401
from gradviz.engine.linalg import torch_svd as svd  # noqa: E402, F401
from gradviz.engine.linalg_decompositions import (  # noqa: E402, F401
    inverse,
    logdet,
    pinverse,
)
from gradviz.engine.linalg_decompositions import torch_cholesky as cholesky  # noqa: E402, F401
from gradviz.engine.linalg_decompositions import torch_qr as qr  # noqa: E402, F401
from gradviz.engine.linalg_decompositions import torch_slogdet as slogdet  # noqa: E402, F401
from gradviz.engine.products import (  # noqa: E402, F401
    addmv,
    addr,
    baddbmm,
    chain_matmul,
    tensordot,
    vdot,
)
from gradviz.engine.serialization import load, save  # noqa: E402, F401
from gradviz.engine.settings import (  # noqa: E402, F401
    are_deterministic_algorithms_enabled,
    get_default_device,
    get_float32_matmul_precision,
    is_deterministic_algorithms_warn_only_enabled,
    set_default_device,
    set_float32_matmul_precision,
    use_deterministic_algorithms,
)
from gradviz.engine.sparse import sparse_coo, sparse_coo_tensor, spmm, strided  # noqa: E402, F401
from gradviz.engine.special_api import (  # noqa: E402, F401
    copysign,
    deg2rad,
    digamma,
    erfc,
    erfinv,
    expm1,
    float_power,
    frac,
    heaviside,
    hypot,
    i0,
    lgamma,
    logaddexp,
    logaddexp2,
    logit,
    mvlgamma,
    nextafter,
    polygamma,
    rad2deg,
    signbit,
    sinc,
)
from gradviz.engine.tensor_bitwise import (  # noqa: E402, F401
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
)
from gradviz.func import vmap  # noqa: E402, F401  (torch.vmap, as torch.func.vmap)

cuda.amp = _cuda_amp  # noqa: F405 - torch.cuda.amp's old spellings of autocast, GradScaler

for _name in _bitwise.FREE_INPLACE:
    globals()[_name] = _bitwise.free_inplace(_name)
del _name

# The fused arithmetic and the index reductions of Tensor's methods, as torch.* functions.
# torch.* twins of Tensor methods (torch.narrow, torch.floor_…), the array helpers, the
# thread counts, type promotion, memory formats and torch.version.
from gradviz import version  # noqa: E402, F401
from gradviz.engine import torch_twins as _twins  # noqa: E402
from gradviz.engine.array_functions import (  # noqa: E402, F401
    asarray,
    broadcast_shapes,
    broadcast_tensors,
    fill,
    isin,
    logspace,
    scalar_tensor,
    unravel_index,
    vander,
)
from gradviz.engine.histograms import histogramdd  # noqa: E402, F401
from gradviz.engine.integration import (  # noqa: E402, F401
    cumulative_trapezoid,
    gradient,
    trapezoid,
    trapz,
)
from gradviz.engine.linalg_solves import (  # noqa: E402, F401
    cholesky_inverse,
    cholesky_solve,
    frobenius_norm,
    matrix_rank,
    triangular_solve,
)
from gradviz.engine.memory_format import (  # noqa: E402, F401
    channels_last,
    channels_last_3d,
    contiguous_format,
    memory_format,
    preserve_format,
)
from gradviz.engine.random_more import binomial, poisson, randint_like  # noqa: E402, F401
from gradviz.engine.runtime import (  # noqa: E402, F401
    can_cast,
    get_num_interop_threads,
    get_num_threads,
    promote_types,
    result_type,
    set_num_interop_threads,
    set_num_threads,
    typename,
)
from gradviz.engine.tensor_arith import addbmm, addcdiv, addcmul  # noqa: E402, F401
from gradviz.engine.tensor_arith import torch_aminmax as aminmax  # noqa: E402, F401
from gradviz.engine.tensor_scatter import (  # noqa: E402, F401
    diagonal_scatter,
    scatter_reduce,
    select_scatter,
    slice_scatter,
)
from gradviz.engine.torch_layers import (  # noqa: E402, F401
    adaptive_avg_pool1d,
    alpha_dropout,
    alpha_dropout_,
    avg_pool1d,
    batch_norm,
    binary_cross_entropy_with_logits,
    celu,
    celu_,
    conv1d,
    conv2d,
    conv_transpose1d,
    conv_transpose2d,
    cosine_embedding_loss,
    dropout,
    dropout_,
    embedding,
    group_norm,
    hinge_embedding_loss,
    instance_norm,
    kl_div,
    layer_norm,
    margin_ranking_loss,
    max_pool1d,
    max_pool2d,
    poisson_nll_loss,
    rrelu_,
    selu,
    selu_,
    threshold_,
    triplet_margin_loss,
)
from gradviz.engine.windows import (  # noqa: E402, F401
    bartlett_window,
    blackman_window,
    hamming_window,
    hann_window,
    kaiser_window,
)

globals().update(_twins.twins())
concatenate = cat  # noqa: F405 - numpy's name of torch.cat (``axis=`` read as ``dim=``)
