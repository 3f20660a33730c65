"""``torch.backends.cpu``: the CPU's vector capability, as PyTorch names it ("DEFAULT" for
numpy, which picks its own kernels)."""


def get_cpu_capability() -> str:
    return "DEFAULT"
