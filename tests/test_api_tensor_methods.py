"""The Tensor methods and `torch.*` functions a student reaches for beyond the basics: shapes
(permute, expand, repeat), statistics (std, var, norm), selection (gather, masked_fill, topk),
comparisons, rounding, products and einsum — values and gradients against torch in float64.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv

RTOL = 1e-9
RNG = np.random.default_rng(11)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((3, 4))
V = RNG.standard_normal(4)
W = RNG.standard_normal(4)
T3 = RNG.standard_normal((2, 3, 4))
POS = RNG.uniform(0.3, 2.0, (3, 4))


def _compare(fn, *arrays, grads=True):
    """fn(module, *tensors) in gradviz and torch: same values, same gradients."""
    ours = [gv.tensor(a, dtype=gv.float64, requires_grad=grads) for a in arrays]
    theirs = [torch.tensor(a, dtype=torch.float64, requires_grad=grads) for a in arrays]
    out, expected = fn(gv, *ours), fn(torch, *theirs)
    assert tuple(out.shape) == tuple(expected.shape)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=RTOL,
                               atol=1e-12)
    if not grads:
        return
    weights = np.random.default_rng(0).standard_normal(tuple(expected.shape))
    (out * gv.tensor(weights, dtype=gv.float64)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs, strict=True):
        want = np.zeros(a.shape) if b.grad is None else b.grad.numpy()
        got = np.zeros(a.shape) if a.grad is None else a.grad.numpy()
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-12)


def _index(m, values):
    return m.tensor(values)


ONE = [  # fn(m, a) with a of shape (3, 4)
    lambda m, a: a.permute(1, 0), lambda m, a: m.permute(a, (1, 0)),
    lambda m, a: a.expand(2, 3, 4), lambda m, a: a[:, :1].expand(-1, 5),
    lambda m, a: a[0].expand_as(a), lambda m, a: m.broadcast_to(a[:1], (3, 4)),
    lambda m, a: a.repeat(2, 1), lambda m, a: a.view_as(a.T), lambda m, a: a.contiguous(),
    lambda m, a: a.mT, lambda m, a: a.reshape(1, 3, 4).mT,
    lambda m, a: a.std(), lambda m, a: a.std(1), lambda m, a: a.std(0, keepdim=True),
    lambda m, a: a.std(unbiased=False), lambda m, a: a.std(1, correction=0),
    lambda m, a: a.var(), lambda m, a: a.var(dim=1, keepdim=True), lambda m, a: a.var(False),
    lambda m, a: a.var(dim=(0, 1), correction=2), lambda m, a: m.std(a, 0),
    lambda m, a: m.var(a, 1),
    lambda m, a: a.norm(), lambda m, a: a.norm(1), lambda m, a: a.norm(p=1, dim=0),
    lambda m, a: a.norm(dim=1, keepdim=True), lambda m, a: a.norm(float("inf"), 1),
    lambda m, a: a.norm(3, dim=1), lambda m, a: m.norm(a, dim=0), lambda m, a: a.norm("fro"),
    lambda m, a: a.gather(1, _index(m, [[0, 0], [3, 1], [2, 2]])),
    lambda m, a: m.gather(a, 0, _index(m, [[2, 1, 0, 0]])),
    lambda m, a: a.index_select(1, _index(m, [3, 0, 3])),
    lambda m, a: a.masked_fill(a > 0.5, 0.0), lambda m, a: a.masked_fill(a[0] < 0, -1.5),
    lambda m, a: a.type_as(a),
    lambda m, a: m.cat(a.chunk(2, 1), 0), lambda m, a: m.cat(m.chunk(a, 3), 1),
    lambda m, a: m.cat(a.split([1, 3], 1)[::-1], 1), lambda m, a: m.cat(m.split(a, 2), 0),
    lambda m, a: a.topk(2).values, lambda m, a: a.topk(2, dim=0, largest=False).values,
    lambda m, a: m.topk(a, 1, 1)[0],
    lambda m, a: a.sort().values, lambda m, a: a.sort(0, descending=True).values,
    lambda m, a: m.sort(a)[0],
    lambda m, a: a.cumsum(1), lambda m, a: m.cumsum(a, 0),
    lambda m, a: a.square(), lambda m, a: m.square(a), lambda m, a: a.neg(),
    lambda m, a: m.neg(a), lambda m, a: a.reciprocal(), lambda m, a: a.sign(),
    lambda m, a: m.sign(a), lambda m, a: a.round(), lambda m, a: a.round(decimals=1),
    lambda m, a: m.round(a), lambda m, a: a.floor(), lambda m, a: m.floor(a),
    lambda m, a: a.ceil(), lambda m, a: a.clamp_min(0.1), lambda m, a: a.clamp_max(-0.2),
    lambda m, a: a.amax(), lambda m, a: a.amax(1), lambda m, a: m.amax(a, 0, True),
    lambda m, a: a.amin(1), lambda m, a: m.amin(a, (0, 1)),
    lambda m, a: a.logsumexp(1), lambda m, a: m.logsumexp(a, 0, keepdim=True),
    lambda m, a: a.maximum(a.T.reshape(3, 4)), lambda m, a: a.minimum(a[0]),
    lambda m, a: a.where(a > 0, a.exp()), lambda m, a: a.nan_to_num(),
    lambda m, a: a.exp2(), lambda m, a: m.exp2(a),
    lambda m, a: a.tril(), lambda m, a: m.triu(a, 1), lambda m, a: m.tril(a, -1),
    lambda m, a: a.diag(), lambda m, a: m.diag(a, 1), lambda m, a: m.diag(a, -2),
    lambda m, a: m.diag(a[0]), lambda m, a: a[1].diag(-1), lambda m, a: m.diag(a[2], 2),
    lambda m, a: a[:, :3].trace(), lambda m, a: m.trace(a),
    lambda m, a: m.einsum("ij->ji", a), lambda m, a: m.einsum("ij->j", a),
    lambda m, a: m.einsum("ij->", a), lambda m, a: m.einsum("ij", a),
    lambda m, a: m.einsum("ij,kj->ik", a, a), lambda m, a: m.einsum("ij,ij->ij", a, a),
    lambda m, a: m.einsum("ij,ij->", a, a), lambda m, a: m.einsum("ij,kl->ijkl", a, a),
    lambda m, a: m.einsum("ij,jk,kl->il", a, a.T, a), lambda m, a: m.einsum("ij,i", a, a[:, 0]),
    lambda m, a: m.einsum("ij,jk->ik", [a, a.T]),
]


@pytest.mark.parametrize("fn", ONE)
def test_one_tensor_methods_match_torch(fn):
    _compare(fn, A)


@pytest.mark.parametrize("fn", [
    lambda m, a: a.rsqrt(), lambda m, a: m.rsqrt(a), lambda m, a: a.log2(), lambda m, a: m.log2(a),
    lambda m, a: a.log10(), lambda m, a: m.log10(a), lambda m, a: m.reciprocal(a),
])
def test_positive_domain_methods_match_torch(fn):
    _compare(fn, POS)


@pytest.mark.parametrize("fn", [
    lambda m, a, b: a.dot(b), lambda m, a, b: m.dot(a, b), lambda m, a, b: a.outer(b),
    lambda m, a, b: m.outer(a, b), lambda m, a, b: a.lerp(b, 0.3),
    lambda m, a, b: m.lerp(a, b, 0.75), lambda m, a, b: a.maximum(b),
    lambda m, a, b: m.minimum(a, b),
    lambda m, a, b: m.einsum("i,i->", a, b), lambda m, a, b: m.einsum("i,j->ij", a, b),
    lambda m, a, b: m.einsum("i,j", a, b), lambda m, a, b: m.einsum("i,i->i", a, b),
    lambda m, a, b: m.stack(m.meshgrid(a, b[:3], indexing="ij")),
    lambda m, a, b: m.stack(m.meshgrid(a, b[:3], indexing="xy")),
    lambda m, a, b: a.masked_fill(a > b, b[0]),
])
def test_two_vector_methods_match_torch(fn):
    _compare(fn, V, W)


@pytest.mark.parametrize("fn", [
    lambda m, a, b: a.mm(b.T), lambda m, a, b: m.mm(a, b.T),
    lambda m, a, b: a.unsqueeze(0).bmm(b.T.unsqueeze(0)), lambda m, a, b: m.bmm(a[None], b.T[None]),
    lambda m, a, b: a[:, :3].addmm(a, b.T), lambda m, a, b: m.addmm(a[0, :3], a, b.T),
    lambda m, a, b: m.addmm(a[:, :3], a, b.T, beta=0.5, alpha=2.0),
    lambda m, a, b: m.einsum("ik,jk->ij", a, b),
    lambda m, a, b: m.einsum("bij,bkj->bik", a.reshape(1, 3, 4), b.reshape(1, 3, 4)),
    lambda m, a, b: m.einsum("ij,ij->i", a, b),
    lambda m, a, b: m.einsum("ij,ik->jk", a, b),
    lambda m, a, b: a.lerp(b, m.sigmoid(b)),
])
def test_two_matrix_methods_match_torch(fn):
    _compare(fn, A, B)


@pytest.mark.parametrize("fn", [
    lambda m, x: x.permute(2, 0, 1), lambda m, x: x.permute(-1, 1, 0), lambda m, x: x.mT,
    lambda m, x: x.bmm(x.mT), lambda m, x: m.einsum("bij,bjk->bik", x, x.mT),
    lambda m, x: m.einsum("bij->jb", x), lambda m, x: x.std(dim=(0, 2)),
    lambda m, x: x.var(-1, keepdim=True), lambda m, x: x.logsumexp((1, 2)),
    lambda m, x: x.norm(dim=(1, 2)), lambda m, x: x.cumsum(-2), lambda m, x: x.amax((0, 2)),
    lambda m, x: x.gather(2, m.zeros(2, 3, 1, dtype=m.long)), lambda m, x: x.tril(),
    lambda m, x: x.repeat(1, 2, 1, 1), lambda m, x: x.sort(1).values, lambda m, x: x.topk(3).values,
])
def test_three_dim_methods_match_torch(fn):
    _compare(fn, T3)


def test_norm_of_zero_has_zero_gradient_as_torch():
    _compare(lambda m, a: (a * 0).norm(), V)
    _compare(lambda m, a: (a * 0).norm(dim=0), A)
    _compare(lambda m, a: m.nn.functional.normalize(a * 0), A)


def test_nan_to_num_replaces_and_keeps_gradients_elsewhere():
    x = np.array([1.0, np.nan, np.inf, -np.inf, -2.0])
    _compare(lambda m, a: (a * 1).nan_to_num(), x)
    _compare(lambda m, a: m.nan_to_num(a * 2, nan=0.5, posinf=9.0, neginf=-9.0), x)


def test_comparisons_and_tests_match_torch():
    a, b = gv.tensor(A), gv.tensor(B)
    ta, tb = torch.tensor(A), torch.tensor(B)
    for name in ("eq", "ne", "lt", "gt", "le", "ge"):
        assert np.array_equal(getattr(a, name)(b).numpy(), getattr(ta, name)(tb).numpy()), name
        assert np.array_equal(getattr(gv, name)(a, 0.0).numpy(),
                              getattr(torch, name)(ta, 0.0).numpy()), name
    mask, tmask = a > 0, ta > 0
    for args in ((), (0,), (1,), (1, True)):
        assert np.array_equal(mask.any(*args).numpy(), tmask.any(*args).numpy())
        assert np.array_equal(mask.all(*args).numpy(), tmask.all(*args).numpy())
    assert gv.any(mask).dtype == gv.bool and gv.all(a).item() is True
    x = gv.tensor([1.0, float("nan"), float("inf"), -float("inf")])
    assert x.isnan().tolist() == [False, True, False, False]
    assert gv.isinf(x).tolist() == [False, False, True, True]
    assert x.isfinite().tolist() == [True, False, False, False]
    assert a.equal(gv.tensor(A)) and gv.equal(a, a.clone()) and not a.equal(b)
    assert not gv.tensor([1, 2]).equal(gv.tensor([1, 2, 3]))
    assert a.allclose(a + 1e-9) and not a.allclose(b)


def test_sort_topk_and_argsort_indices_match_torch():
    x = np.array([[3.0, 1.0, 2.0, 1.0], [0.5, 4.0, -1.0, 2.0]])
    a, t = gv.tensor(x), torch.tensor(x)
    for kwargs in ({}, {"dim": 0}, {"dim": 1, "descending": True}):
        ours, theirs = a.sort(**kwargs), t.sort(**kwargs, stable=True)
        assert ours.indices.tolist() == theirs.indices.tolist()
        assert ours.values.tolist() == theirs.values.tolist()
    values, indices = gv.topk(a, 2)
    assert values.tolist() == [[3.0, 2.0], [4.0, 2.0]] and indices.tolist() == [[0, 2], [1, 3]]
    assert a.argsort(descending=True).tolist() == t.argsort(descending=True, stable=True).tolist()
    assert indices.dtype == gv.int64
    with pytest.raises(RuntimeError, match="selected index k out of range"):
        a.topk(5)


def test_conversions_sizes_and_new_tensors():
    a = gv.tensor([[1.5, -2.5]], requires_grad=True)
    assert a.int().dtype == gv.int32 and a.int().tolist() == [[1, -2]]
    assert not a.int().requires_grad and a.bool().tolist() == [[True, True]]
    assert a.half().dtype == gv.float16 and a.half().requires_grad
    assert a.type_as(gv.tensor([1])).dtype == gv.int64
    assert a.nelement() == 2 and a.element_size() == 4 and a.double().element_size() == 8
    assert a.is_contiguous() and a.contiguous() is a
    z = a.new_zeros(2, 3)
    assert z.shape == (2, 3) and z.dtype == gv.float32 and not z.requires_grad
    assert a.new_ones((2,)).tolist() == [1.0, 1.0]
    assert a.new_full((2,), 7).tolist() == [7.0, 7.0]
    assert a.new_tensor([1, 2]).dtype == gv.float32
    assert gv.tensor([1, 2]).new_tensor([1.5]).tolist() == [1]
    assert a.new_zeros(2, dtype=gv.int64).dtype == gv.int64


def test_in_place_fills_and_their_errors():
    w = gv.zeros(3, 4, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w.fill_(1.0)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        w.masked_fill_(w > 0, 1.0)
    with gv.no_grad():
        assert w.fill_(2.0) is w and w.sum().item() == 24
        w.masked_fill_(gv.tensor([True, False, True, False]), -1.0)
        assert w[0].tolist() == [-1.0, 2.0, -1.0, 2.0]
        gv.manual_seed(0)
        w.uniform_(-0.5, 0.5)
        assert w.min().item() >= -0.5 and w.max().item() <= 0.5 and w.std().item() > 0.1
        w.normal_(3.0, 0.01)
        assert abs(w.mean().item() - 3.0) < 0.05
        w.clamp_(max=2.0)
        assert w.max().item() == 2.0
    assert w.requires_grad and w.is_leaf and w.dtype == gv.float32


def test_randperm_is_a_seeded_permutation():
    gv.manual_seed(1)
    p = gv.randperm(10)
    assert p.dtype == gv.int64 and sorted(p.tolist()) == list(range(10))
    gv.manual_seed(1)
    assert gv.randperm(10).tolist() == p.tolist()


def test_meshgrid_warns_without_indexing_as_torch():
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        x, y = gv.meshgrid(gv.arange(2), gv.arange(3))
    assert x.tolist() == [[0, 0, 0], [1, 1, 1]] and y.tolist() == [[0, 1, 2], [0, 1, 2]]


def test_integer_tensors_follow_torch_dtypes():
    i = gv.tensor([3, -4])
    assert i.floor().dtype == gv.int64 and i.square().tolist() == [9, 16]
    assert i.sign().tolist() == [1, -1] and i.reciprocal().dtype == gv.float32
    assert i.exp2().tolist() == [8.0, 0.0625] and i.cumsum(0).tolist() == [3, -1]
    assert i.amax().item() == 3 and gv.tensor([True, True]).cumsum(0).tolist() == [1, 2]


@pytest.mark.parametrize("name", ["type", "size", "dim", "numel", "numpy", "item", "tolist"])
def test_a_method_printed_without_brackets_reads_as_pytorchs(name):
    """``print(t.type)`` — brackets forgotten — shows what PyTorch shows (address aside), for
    tensors and parameters, and the method still works when called."""
    import re

    def shown(library, parameter):
        t = library.ones(2)
        t = library.nn.Parameter(t) if parameter else t
        return re.sub(r"0x[0-9a-f]+", "0x", repr(getattr(t, name)))

    for parameter in (False, True):
        assert shown(gv, parameter) == shown(torch, parameter)
    shape = (1,) if name == "item" else (2, 3)
    t, expected = gv.ones(*shape), torch.ones(*shape)
    if name != "numpy":
        ours, theirs = getattr(t, name)(), getattr(expected, name)()
        assert str(ours).replace("gradviz", "torch") == str(theirs)
    assert getattr(gv.Tensor, name)(t) is not None
