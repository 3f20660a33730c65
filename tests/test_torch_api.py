"""The PyTorch API a student's snippet reaches for, each checked against torch itself.

Joining (cat, stack), selecting (where, max, argmax), one_hot, gradient clipping, the
second-backward error, printing and `Size`: values and gradients in float64 to rtol 1e-9.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn.functional as F
from gradviz.graph.record import record
from gradviz.graph.scalar import expand_to_scalars
from gradviz.graph.steps import StepPlan

RTOL = 1e-9


def _pair(*arrays, requires_grad=True):
    """The same float64 arrays as gradviz and as torch tensors."""
    ours = [gv.tensor(a, dtype=gv.float64, requires_grad=requires_grad) for a in arrays]
    theirs = [torch.tensor(a, dtype=torch.float64, requires_grad=requires_grad) for a in arrays]
    return ours, theirs


def _same(ours, theirs):
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=RTOL)


def _same_grads(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        if b.grad is None:
            assert a.grad is None
        else:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=RTOL, atol=1e-15)


def _compare(fn_gv, fn_torch, *arrays):
    ours, theirs = _pair(*arrays)
    out_gv, out_t = fn_gv(gv, *ours), fn_torch(torch, *theirs)
    assert out_gv.shape == tuple(out_t.shape)
    _same(out_gv, out_t)
    weights = np.random.default_rng(0).standard_normal(tuple(out_t.shape))
    (out_gv * gv.tensor(weights, dtype=gv.float64)).sum().backward()
    (out_t * torch.tensor(weights)).sum().backward()
    _same_grads(ours, theirs)


RNG = np.random.default_rng(42)
A, B, C = RNG.standard_normal((2, 3)), RNG.standard_normal((4, 3)), RNG.standard_normal((2, 3))


# ── cat and stack ─────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("fn", [
    lambda m, a, b, c: m.cat([a, b, a * c], dim=0),
    lambda m, a, b, c: m.cat((a, c), dim=1),
    lambda m, a, b, c: m.cat([a, c.exp()], -1),
    lambda m, a, b, c: m.stack([a, c, a], dim=0),
    lambda m, a, b, c: m.stack([a, c], dim=2),
    lambda m, a, b, c: m.stack([a.sum(), b.sum(), c.mean()]),
    lambda m, a, b, c: m.stack([a, c], dim=-2),
])
def test_cat_and_stack_match_torch(fn):
    _compare(fn, fn, A, B, C)


def test_cat_with_a_constant_input_only_differentiates_the_others():
    (a,), (ta,) = _pair(A)
    out = gv.cat([a, gv.zeros(1, 3, dtype=gv.float64)])
    out_t = torch.cat([ta, torch.zeros(1, 3, dtype=torch.float64)])
    (out * out).sum().backward()
    (out_t * out_t).sum().backward()
    _same(out, out_t)
    _same_grads([a], [ta])


def test_cat_and_stack_errors_read_like_torch():
    with pytest.raises(RuntimeError, match="Sizes of tensors must match except in dimension 0"):
        gv.cat([gv.zeros(2, 3), gv.zeros(2, 4)])
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        gv.stack([gv.zeros(2), gv.zeros(3)])
    with pytest.raises(RuntimeError, match="non-empty"):
        gv.cat([])


def test_graph_with_cat_steps_to_the_engine_gradients_exactly():
    gv.manual_seed(5)
    x = gv.randn(2, 3, requires_grad=True)
    w = gv.randn(3, requires_grad=True)
    x.name, w.name = "x", "w"
    h = gv.cat([x * w, x.tanh(), w.reshape(1, 3)], dim=0)
    s = gv.stack([h.sum(0), w], dim=1)
    loss = (s * s).mean()
    loss.backward()
    graph = record(loss)
    plan = StepPlan(graph)
    final = plan.state(plan.last)
    by_name = {n.name: n.id for n in graph.nodes if not n.is_op}
    for t in (x, w):
        assert np.array_equal(final.grads[by_name[t.name]], t.grad.numpy()), t.name
    cat_node = next(n for n in graph.nodes if n.op == "cat")
    assert len(cat_node.derivatives) == 3 and cat_node.params == {"dim": 0}


def test_scalar_view_expands_cat_stack_where_and_max():
    x = gv.tensor([1.0, 3.0, 3.0], dtype=gv.float64, requires_grad=True)
    y = gv.tensor([2.0, -1.0, 0.5], dtype=gv.float64, requires_grad=True)
    x.name, y.name = "x", "y"
    loss = ((gv.cat([x, y]) * gv.stack([y, x]).reshape(-1)).sum()
            + gv.where(x > 2, x, y).sum() + x.max() + y.min())
    loss.backward()
    graph = record(expand_to_scalars(loss))
    grads = {n.name: n.grad for n in graph.nodes if not n.is_op}
    for t in (x, y):
        for i in range(3):
            assert grads[f"{t.name}[{i}]"] == pytest.approx(t.grad.numpy()[i], rel=1e-12)


def test_linear_is_one_node_that_steps_and_expands_to_scalars():
    gv.manual_seed(3)
    model = gv.nn.Sequential(gv.nn.Linear(3, 2), gv.nn.Tanh(), gv.nn.Linear(2, 1, bias=False))
    model.double()
    for name, p in model.named_parameters():
        p.name = name.replace(".", "_")
    x = gv.randn(4, 3, dtype=gv.float64)
    loss = model(x).pow(2).mean()
    loss.backward()
    graph = record(loss)
    linears = [n for n in graph.nodes if n.op == "linear"]
    assert [len(n.derivatives) for n in linears] == [3, 2]  # the second has no bias
    assert not any(n.op in ("matmul", "transpose", "add") for n in graph.nodes)
    plan = StepPlan(graph)
    final = plan.state(plan.last)
    by_name = {n.name: n.id for n in graph.nodes if not n.is_op}
    scalar = {n.name: n.grad for n in record(expand_to_scalars(loss)).nodes if not n.is_op}
    for p in model.parameters():
        assert np.array_equal(final.grads[by_name[p.name]], p.grad.numpy()), p.name
        for index in np.ndindex(p.shape):
            element = f"{p.name}[{','.join(map(str, index))}]"
            assert scalar[element] == pytest.approx(p.grad.numpy()[index], rel=1e-12)


# ── where, max, min, argmax ───────────────────────────────────────────────────────────────
@pytest.mark.parametrize("fn", [
    lambda m, a, b, c: m.where(a > c, a, c),
    lambda m, a, b, c: m.where(a > 0, a, 0.0),
    lambda m, a, b, c: m.where(a[0] > 0, a * 2, c.sum(0)),  # broadcast
    lambda m, a, b, c: m.where(a > 0, 1.0, c),
])
def test_where_matches_torch(fn):
    _compare(fn, fn, A, B, C)


@pytest.mark.parametrize("values", [[1.0, 3.0, 3.0, 2.0], [[5.0, -1.0], [5.0, 5.0]], [2.0]])
@pytest.mark.parametrize("name", ["max", "min"])
def test_full_max_and_min_split_the_gradient_among_ties_like_torch(values, name):
    _compare(lambda m, a: getattr(m, name)(a), lambda m, a: getattr(m, name)(a),
             np.array(values))
    _compare(lambda m, a: getattr(a, name)(), lambda m, a: getattr(a, name)(), -np.array(values))


@pytest.mark.parametrize(("dim", "keepdim"), [(0, False), (1, False), (1, True), (-1, True)])
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_along_a_dim_returns_values_and_indices(name, dim, keepdim):
    data = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])
    ours, theirs = _pair(data)
    values, indices = getattr(ours[0], name)(dim, keepdim)
    result = getattr(torch, name)(theirs[0], dim, keepdim)
    _same(values, result.values)
    assert indices.tolist() == result.indices.tolist()
    assert indices.dtype == gv.int64
    values.sum().backward()
    result.values.sum().backward()
    _same_grads(ours, theirs)
    assert getattr(gv, name)(ours[0], dim, keepdim).indices.tolist() == result.indices.tolist()


def test_max_of_two_tensors_is_maximum():
    a, b = gv.tensor([1.0, 5.0]), gv.tensor([3.0, 2.0])
    assert gv.max(a, b).tolist() == [3.0, 5.0] and gv.min(a, b).tolist() == [1.0, 2.0]


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@pytest.mark.parametrize(("dim", "keepdim"), [(None, False), (0, False), (1, True)])
def test_argmax_and_argmin_match_torch(name, dim, keepdim):
    data = np.array([[1.0, 3.0, 3.0], [2.0, -2.0, 9.0]])
    ours = getattr(gv, name)(gv.tensor(data), dim=dim, keepdim=keepdim)
    theirs = getattr(torch, name)(torch.tensor(data), dim=dim, keepdim=keepdim)
    assert ours.tolist() == theirs.tolist() and ours.dtype == gv.int64


def test_is_tensor_and_numel():
    assert gv.is_tensor(gv.zeros(2)) and not gv.is_tensor([1.0])
    assert gv.numel(gv.zeros(2, 3)) == torch.numel(torch.zeros(2, 3)) == 6


# ── one_hot and gradient clipping ─────────────────────────────────────────────────────────
@pytest.mark.parametrize(("labels", "n"), [([0, 2, 1, 2], -1), ([[1], [0]], 4), ([3], -1)])
def test_one_hot_matches_torch(labels, n):
    ours = F.one_hot(gv.tensor(labels), n)
    theirs = torch.nn.functional.one_hot(torch.tensor(labels), n)
    assert ours.tolist() == theirs.tolist() and ours.dtype == gv.int64
    assert ours.shape == tuple(theirs.shape)


def test_one_hot_rejects_what_torch_rejects():
    with pytest.raises(RuntimeError, match="LongTensor"):
        F.one_hot(gv.tensor([0.0, 1.0]))
    with pytest.raises(RuntimeError, match="smaller than num_classes"):
        F.one_hot(gv.tensor([0, 3]), 3)


def _grads_of_a_small_net(m, ws):
    x = m.tensor([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]], dtype=m.float64)
    loss = ((x @ ws[0]).tanh() @ ws[1]).pow(2).sum() * 10
    loss.backward()


@pytest.mark.parametrize(("max_norm", "norm_type"), [(1.0, 2.0), (1e6, 2.0), (0.5, 1.0),
                                                     (0.5, float("inf")), (2.0, 3)])
def test_clip_grad_norm_matches_torch(max_norm, norm_type):
    arrays = [RNG.standard_normal((3, 4)), RNG.standard_normal((4,))]
    ours, theirs = _pair(*arrays)
    _grads_of_a_small_net(gv, ours)
    _grads_of_a_small_net(torch, theirs)
    total = gv.nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
    total_t = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert isinstance(total, gv.Tensor)
    _same(total, total_t)
    _same_grads(ours, theirs)


def test_clip_grad_value_matches_torch_and_takes_a_module():
    gv.manual_seed(0)
    model = gv.nn.Linear(3, 2).double()
    theirs = [torch.tensor(p.detach().numpy(), requires_grad=True) for p in model.parameters()]
    x = np.array([[3.0, -2.0, 1.0]])
    (model(gv.tensor(x, dtype=gv.float64)) * 7).sum().backward()
    (torch.nn.functional.linear(torch.tensor(x), *theirs) * 7).sum().backward()
    assert gv.nn.utils.clip_grad_value_(model.parameters(), 0.5) is None
    torch.nn.utils.clip_grad_value_(theirs, 0.5)
    _same_grads(list(model.parameters()), theirs)


# ── backward twice ────────────────────────────────────────────────────────────────────────
SECOND_TIME = "Trying to backward through the graph a second time"


def test_second_backward_through_a_graph_raises_torchs_error():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match=SECOND_TIME) as info:
        y.backward()
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    ty = (tx * tx).sum()
    ty.backward()
    with pytest.raises(RuntimeError) as torch_info:
        ty.backward()
    assert str(info.value) == str(torch_info.value)
    assert x.grad.tolist() == [2.0, 4.0]  # the failed pass added nothing


def test_a_new_loss_through_a_used_intermediate_also_raises():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    h.sum().backward()
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        (h * 2).sum().backward()


def test_retain_graph_allows_a_second_backward_that_accumulates():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.tolist() == [4.0, 8.0]
    with pytest.raises(RuntimeError, match=SECOND_TIME):
        y.backward()


def test_fresh_graphs_from_the_same_leaves_backward_freely():
    w = gv.tensor([1.0, -1.0], requires_grad=True)
    for _ in range(3):
        (w * w).sum().backward()
    assert w.grad.tolist() == [6.0, -6.0]


def test_a_used_graph_still_records_and_steps():
    x = gv.tensor([1.0, 2.0], requires_grad=True)
    x.name = "x"
    y = (x * x).sum()
    y.backward()
    plan = StepPlan(record(y))
    final = plan.state(plan.last)
    x_id = next(n.id for n in plan.graph.nodes if n.name == "x")
    assert np.array_equal(final.grads[x_id], x.grad.numpy())


# ── printing and Size ─────────────────────────────────────────────────────────────────────
def _reprs(build):
    return repr(build(gv)), repr(build(torch)).replace("torch", "gradviz")


@pytest.mark.parametrize("build", [
    lambda m: m.tensor([0.1257, -0.1321, 0.6404]),
    lambda m: m.tensor([1.0, 2.0]),
    lambda m: m.tensor(3.0),
    lambda m: m.tensor(1.5, requires_grad=True).mean(),
    lambda m: m.tensor([1, 20, -3]),
    lambda m: m.tensor([True, False]),
    lambda m: m.zeros(2, 3),
    lambda m: m.zeros(0, 3),
    lambda m: m.tensor([1e-5, 1.0]),
    lambda m: m.tensor([123456.7, 1.0]),
    lambda m: m.tensor([1e9, 1.0]),
    lambda m: m.tensor([float("inf"), 1.0, float("nan")]),
    lambda m: m.tensor([1.0, 2.0], requires_grad=True),
    lambda m: m.tensor([1.0, 2.0], dtype=m.float64, requires_grad=True) * 2,
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True) @ m.ones(2, 2),
    lambda m: m.tensor([1.0, 2.0], requires_grad=True).sum(),
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True)[0],
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True)[:, 1:],
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True)[0, 1:],
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True)[:, 1],
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True)[[0, 0]],
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True) @ m.ones(2),
    lambda m: m.tensor([1.0, 2.0], requires_grad=True) @ m.ones(2),
    lambda m: m.tensor([1.0, 2.0], requires_grad=True).sigmoid(),
    lambda m: m.tensor([1.0, 2.0], requires_grad=True).relu(),
    lambda m: m.tensor([1.0, 2.0], requires_grad=True) ** 2,
    lambda m: m.tensor([1.0, 2.0], requires_grad=True) / 3,
    lambda m: m.tensor([1.0, 2.0], requires_grad=True) - 3,
    lambda m: m.cat([m.tensor([1.0], requires_grad=True), m.zeros(1)]),
    lambda m: m.ones(2, 3, dtype=m.int16),
    lambda m: m.arange(24, dtype=m.float64).reshape(2, 3, 4) / 7,
    lambda m: m.arange(3000).reshape(2, 1500),
    lambda m: m.linspace(-1, 1, 30),
    lambda m: m.tensor([[1.5, -2.25], [3.0, 4.0]], requires_grad=True).max(),
])
def test_repr_matches_torch(build):
    ours, theirs = _reprs(build)
    assert ours == theirs


def test_shape_is_a_size_equal_to_tuples():
    t = gv.zeros(5, 3)
    assert isinstance(t.shape, gv.Size) and isinstance(t.size(), tuple)
    assert t.shape == (5, 3) and t.size() == torch.zeros(5, 3).size() and t.size(1) == 3
    assert repr(t.shape) == repr(torch.zeros(5, 3).shape).replace("torch", "gradviz")
    assert t.shape.numel() == 15 and gv.zeros(()).shape == ()
    assert {t.shape: 1}[(5, 3)] == 1


# ── the cheap extras the course's notebooks use ───────────────────────────────────────────
def test_from_numpy_numpy_mm_pow_flatten_and_allclose():
    a = np.arange(6.0).reshape(2, 3)
    t = gv.from_numpy(a)
    assert t.numpy() is a and gv.tensor([1.0, 2.0]).numpy().tolist() == [1.0, 2.0]
    _compare(lambda m, x, y: m.mm(x, y.T), lambda m, x, y: m.mm(x, y.T), A, C)
    _compare(lambda m, x: m.pow(x, 2) + m.pow(2.0, x), lambda m, x: m.pow(x, 2) + m.pow(2.0, x), A)
    x = gv.zeros(2, 3, 4)
    assert gv.flatten(x).shape == (24,) and gv.flatten(x, 1).shape == (2, 12)
    assert gv.unsqueeze(gv.zeros(3), 0).shape == (1, 3) and gv.squeeze(gv.zeros(1, 3)).shape == (3,)
    assert gv.allclose(gv.tensor([1.0, 2.0]), gv.tensor([1.0, 2.0 + 1e-9]))
    with pytest.raises(RuntimeError, match="must be a matrix"):
        gv.mm(gv.zeros(3), gv.zeros(3, 2))


def test_dataloader_batches_like_torchs():
    import torch.utils.data as tdata

    from gradviz.utils.data import DataLoader, Dataset, TensorDataset

    class Pairs(Dataset):  # the course's TestDataset, in miniature
        def __init__(self):
            self.data = gv.arange(10.0).reshape(5, 2)
            self.target = gv.arange(5)

        def __getitem__(self, index):
            return self.data[index], self.target[index]

        def __len__(self):
            return len(self.data)

    x, y = np.arange(10.0).reshape(5, 2), np.arange(5)
    theirs = list(tdata.DataLoader(tdata.TensorDataset(torch.tensor(x), torch.tensor(y)), 2))
    for dataset in (Pairs(), TensorDataset(gv.tensor(x), gv.tensor(y))):
        ours = list(DataLoader(dataset, batch_size=2))
        assert len(ours) == len(theirs) == len(DataLoader(dataset, batch_size=2)) == 3
        for (xb, yb), (txb, tyb) in zip(ours, theirs, strict=True):
            assert xb.tolist() == txb.tolist() and yb.tolist() == tyb.tolist()
    gv.manual_seed(0)
    shuffled = list(gv.utils.data.DataLoader(Pairs(), batch_size=2, shuffle=True, drop_last=True))
    labels = [label for _, y in shuffled for label in y.tolist()]
    assert len(shuffled) == 2 and len(set(labels)) == 4 and set(labels) <= set(range(5))


def test_linspace_gives_torch_s_points_to_the_last_bit():
    # numpy's linspace rounds otherwise: sin of its 25 points on [0, 2π] differs near π.
    rng = np.random.default_rng(3)
    cases = [(0.0, 2 * np.pi, 25), (-1, 1, 30), (0, 1, 2), (3.5, 3.5, 1), (0, 1, 0), (5, -2, 7)]
    scale = 10.0 ** rng.integers(-2, 3, size=(200, 2))
    cases += [(float(a), float(b), int(n)) for (a, b), n in
              zip(rng.normal(size=(200, 2)) * scale, rng.integers(2, 600, 200), strict=True)]
    for start, end, steps in cases:
        for ours, theirs in ((gv.float32, torch.float32), (gv.float64, torch.float64)):
            a = gv.linspace(start, end, steps, dtype=ours).numpy()
            b = torch.linspace(start, end, steps, dtype=theirs).numpy()
            assert a.dtype == b.dtype and np.array_equal(a, b), (start, end, steps, ours)
    for steps in (4, 5, 11):
        assert gv.linspace(0, 10, steps, dtype=gv.int64).tolist() == torch.linspace(
            0, 10, steps, dtype=torch.int64).tolist()
