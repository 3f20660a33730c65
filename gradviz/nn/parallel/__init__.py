"""``torch.nn.parallel``: `DataParallel` and `data_parallel` split a batch over several GPUs;
gradviz runs on one device, so both run the module on the whole batch, as PyTorch does with
one device (``ngpu == 1`` in the DCGAN example)."""

from gradviz.engine.nn_modules import Module

__all__ = ["DataParallel", "data_parallel"]


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0,
                  module_kwargs=None):
    """``module(inputs)`` (one device: nothing to scatter or gather)."""
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    return module(*inputs, **(module_kwargs or {}))


class DataParallel(Module):
    """The wrapped module, run on the whole batch; its parameters are ``module.…``, as in
    PyTorch's wrapper."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0) -> None:
        super().__init__()
        self.module = module
        self.device_ids, self.output_device, self.dim = device_ids, output_device, dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)
