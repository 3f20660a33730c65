"""`gradviz.func`: `torch.func`'s transforms — `grad`, `grad_and_value`, `vjp`, `jvp`,
`jacrev`, `jacfwd`, `hessian`, `vmap`, `functional_call` and `stack_module_state` — as loops
over gradviz's autograd (see `gradviz.engine.func_transforms` and
`gradviz.engine.func_jacobians`)."""

from gradviz.engine.func_jacobians import hessian, jacfwd, jacrev, jvp, vjp
from gradviz.engine.func_transforms import (
    functional_call,
    grad,
    grad_and_value,
    stack_module_state,
    vmap,
)

__all__ = ["functional_call", "grad", "grad_and_value", "hessian", "jacfwd", "jacrev", "jvp",
           "stack_module_state", "vjp", "vmap"]
