"""`gradviz.func`: `torch.func`'s transforms — `grad`, `grad_and_value`, `vmap` and
`functional_call` — as loops over gradviz's autograd (see `gradviz.engine.func_transforms`)."""

from gradviz.engine.func_transforms import functional_call, grad, grad_and_value, vmap

__all__ = ["functional_call", "grad", "grad_and_value", "vmap"]
