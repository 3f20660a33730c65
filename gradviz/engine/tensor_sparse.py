"""The sparse side of every tensor: ``t.is_sparse``, ``t.layout`` and ``t.to_sparse()``
(the COO tensors themselves are `engine.sparse`'s)."""

from __future__ import annotations


class SparseMethods:
    __slots__ = ()

    @property
    def is_sparse(self) -> bool:
        return False

    @property
    def layout(self):
        from gradviz.engine.sparse import strided

        return strided

    def to_sparse(self, sparse_dim=None, *, layout=None, blocksize=None, dense_dim=None):
        from gradviz.engine.sparse import to_sparse

        return to_sparse(self, sparse_dim, layout=layout, blocksize=blocksize,
                         dense_dim=dense_dim)

    def to_sparse_coo(self):
        return self.to_sparse()
