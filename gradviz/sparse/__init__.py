"""`gradviz.sparse`: `torch.sparse`'s product of a sparse COO matrix and a dense one (see
`gradviz.engine.sparse`, whose COO tensors are dense-backed)."""

from gradviz.engine.sparse import spmm as mm

__all__ = ["mm"]
