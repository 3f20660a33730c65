"""``torch.autograd.forward_ad``: dual tensors for forward-mode AD (`dual_level`, `make_dual`,
`unpack_dual`); how their tangents are found is said in `gradviz.engine.forward_ad`."""

from gradviz.engine.forward_ad import (
    UnpackedDualTensor,
    dual_level,
    enter_dual_level,
    exit_dual_level,
    make_dual,
    unpack_dual,
)

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level",
           "make_dual", "unpack_dual"]
