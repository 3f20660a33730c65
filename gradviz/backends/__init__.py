"""``torch.backends``: the switches a program sets for reproducible GPU runs (cuDNN's
``deterministic`` / ``benchmark`` flags) and asks about (MPS, the CPU's vector unit).
gradviz's numpy runs are deterministic already, so the flags are kept and read back, and change
nothing.  Modules, as PyTorch's are: ``import torch.backends.cudnn as cudnn`` works."""

from gradviz.backends import cpu, cudnn, mps

__all__ = ["cpu", "cudnn", "mps"]
