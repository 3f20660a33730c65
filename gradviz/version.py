"""`gradviz.version`, as ``torch.version``: the version, and None for the CUDA and ROCm builds
a CPU build of PyTorch also reports as None (gradviz's GPU path is cupy's, not a build)."""

from gradviz.engine.api import __version__  # noqa: F401

cuda = None
hip = None
debug = False
git_version = "unknown"
