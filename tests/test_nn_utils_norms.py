"""nn.utils beside torch: pack_sequence and its inverses, weight_norm (the hook form and the
parametrization), spectral_norm (both forms: power iteration, its buffers u and v) and
torch.utils.checkpoint: parameters' names and state-dict keys, reprs, grad_fn names, values,
gradients in float64 to 1e-9, the errors and warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import gradviz
from gradviz.engine.weight_norm import _weight_norm


def _np(t):
    return t.detach().numpy()


def _close(a, b, rtol=1e-9, atol=1e-12):
    np.testing.assert_allclose(_np(a), _np(b), rtol=rtol, atol=atol)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        yield


# ── pack_sequence and its inverses ──────────────────────────────────────────────────────
@pytest.mark.parametrize("lengths", [(4, 2, 1), (2, 4, 3), (3,), (1, 1)])
def test_pack_sequence_and_back_as_torch(lengths):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((n, 2)) for n in lengths]
    runs = []
    for lib in (gradviz, torch):
        rnn = lib.nn.utils.rnn
        seqs = [lib.tensor(a, dtype=lib.float64, requires_grad=True) for a in arrays]
        ordered = list(lengths) == sorted(lengths, reverse=True)
        packed = rnn.pack_sequence(seqs, enforce_sorted=ordered)
        back = rnn.unpack_sequence(packed)
        (packed.data * lib.arange(packed.data.numel(), dtype=lib.float64)
         .reshape(packed.data.shape)).sum().backward()
        runs.append((packed, back, [s.grad for s in seqs]))
    (ours, our_back, our_grads), (theirs, their_back, their_grads) = runs
    _close(ours.data, theirs.data)
    assert ours.batch_sizes.tolist() == theirs.batch_sizes.tolist()
    for a, b in ((ours.sorted_indices, theirs.sorted_indices),
                 (ours.unsorted_indices, theirs.unsorted_indices)):
        assert (a is None and b is None) or a.tolist() == b.tolist()
    for a, b in zip(our_back + our_grads, their_back + their_grads, strict=True):
        _close(a, b)


def test_pack_sequence_prints_and_refuses_as_torch():
    texts, messages = [], []
    for lib in (gradviz, torch):
        seqs = [lib.tensor([1, 2, 3]), lib.tensor([4, 5]), lib.tensor([6])]
        texts.append(repr(lib.nn.utils.rnn.pack_sequence(seqs)))
        with pytest.raises(RuntimeError) as caught:
            lib.nn.utils.rnn.pack_sequence(seqs[::-1])
        messages.append(str(caught.value))
    assert texts[0] == texts[1] and messages[0] == messages[1]


def test_unpad_sequence_and_invert_permutation_as_torch():
    for batch_first in (True, False):
        outs = []
        for lib in (gradviz, torch):
            padded = lib.tensor(np.arange(24.0).reshape(3, 4, 2) if batch_first
                                else np.arange(24.0).reshape(4, 3, 2))
            pieces = lib.nn.utils.rnn.unpad_sequence(padded, lib.tensor([4, 1, 3]), batch_first)
            outs.append([p.tolist() for p in pieces] + [list(padded.shape)])
        assert outs[0] == outs[1]
    for perm in ([2, 0, 1], [0], [3, 1, 0, 2]):
        assert (gradviz.nn.utils.rnn.invert_permutation(gradviz.tensor(perm)).tolist()
                == torch.nn.utils.rnn.invert_permutation(torch.tensor(perm)).tolist())
    assert gradviz.nn.utils.rnn.invert_permutation(None) is None


# ── weight normalisation ────────────────────────────────────────────────────────────────
def _layers(lib, kind):
    lib.manual_seed(0)
    if kind == "linear":
        return lib.nn.Linear(3, 4, dtype=lib.float64)
    if kind == "conv1d":
        return lib.nn.Conv1d(2, 3, 3, dtype=lib.float64)
    return lib.nn.Conv2d(2, 3, 2, dtype=lib.float64)


def _inputs(kind):
    rng = np.random.default_rng(3)
    return rng.standard_normal({"linear": (5, 3), "conv1d": (2, 2, 6),
                                "conv2d": (2, 2, 4, 4)}[kind])


def _twins(kind, wrap):
    torch_layer = wrap(torch, _layers(torch, kind))
    ours = wrap(gradviz, _layers(gradviz, kind))
    ours.load_state_dict({k: gradviz.tensor(v.detach().numpy())
                          for k, v in torch_layer.state_dict().items()})
    return ours, torch_layer


WEIGHT_NORMS = [("linear", 0), ("linear", 1), ("linear", None), ("conv1d", 0), ("conv1d", 1),
                ("conv1d", 2), ("conv2d", 0), ("conv2d", -1), ("conv2d", 3)]


@pytest.mark.parametrize(("kind", "dim"), WEIGHT_NORMS)
@pytest.mark.parametrize("form", ["hook", "parametrization"])
def test_weight_norm_computes_and_differentiates_as_torch(kind, dim, form):
    def wrap(lib, layer):
        if form == "hook":
            return lib.nn.utils.weight_norm(layer, dim=dim)
        return lib.nn.utils.parametrizations.weight_norm(layer, dim=dim)

    ours, theirs = _twins(kind, wrap)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    x = _inputs(kind)
    for _ in range(2):  # the hook recomputes the weight at each call
        out_ours = ours(gradviz.tensor(x))
        out_theirs = theirs(torch.tensor(x))
        _close(out_ours, out_theirs)
        (out_ours * out_ours).sum().backward()
        (out_theirs * out_theirs).sum().backward()
        assert type(ours.weight.grad_fn).__name__ == type(theirs.weight.grad_fn).__name__
        for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(),
                                     strict=True):
            _close(p.grad, q.grad), name
        with gradviz.no_grad():
            for p in ours.parameters():
                p -= 0.1 * p.grad
        with torch.no_grad():
            for p in theirs.parameters():
                p -= 0.1 * p.grad


def test_the_weight_norm_row_matches_finite_differences():
    rng = np.random.default_rng(5)
    for shape, dim, g_shape in (((3, 4), 0, (3, 1)), ((2, 3, 2), 2, (1, 1, 2))):
        v = gradviz.tensor(rng.standard_normal(shape), requires_grad=True)
        g = gradviz.tensor(rng.standard_normal(g_shape), requires_grad=True)
        assert gradviz.autograd.gradcheck(lambda v, g, d=dim: _weight_norm(v, g, d), (v, g))


def test_weight_norm_hook_is_removed_and_warns_and_refuses_as_torch():
    for lib in (gradviz, torch):
        layer = lib.nn.Linear(3, 2)
        with pytest.warns(FutureWarning, match="`torch.nn.utils.weight_norm` is deprecated in "
                                               "favor of `torch.nn.utils.parametrizations"):
            lib.nn.utils.weight_norm(layer)
        with pytest.raises(RuntimeError, match="Cannot register two weight_norm hooks on the "
                                               "same parameter weight"):
            lib.nn.utils.weight_norm(layer)
        weight = layer.weight.detach().clone()
        lib.nn.utils.remove_weight_norm(layer)
        assert list(layer.state_dict()) == ["bias", "weight"]
        assert isinstance(layer.weight, lib.nn.Parameter)
        np.testing.assert_allclose(_np(layer.weight), _np(weight), rtol=1e-6)
        with pytest.raises(ValueError, match="weight_norm of 'weight' not found in Linear"):
            lib.nn.utils.remove_weight_norm(layer)


# ── spectral normalisation ──────────────────────────────────────────────────────────────
SPECTRAL = [("linear", {}), ("linear", dict(n_power_iterations=3)), ("conv1d", {}),
            ("conv2d", dict(dim=1)), ("conv2d", dict(eps=1e-4))]


@pytest.mark.parametrize(("kind", "kwargs"), SPECTRAL)
@pytest.mark.parametrize("form", ["hook", "parametrization"])
def test_spectral_norm_iterates_and_differentiates_as_torch(kind, kwargs, form):
    def wrap(lib, layer):
        if form == "hook":
            return lib.nn.utils.spectral_norm(layer, **kwargs)
        return lib.nn.utils.parametrizations.spectral_norm(layer, **kwargs)

    ours, theirs = _twins(kind, wrap)  # torch's u and v (its draws) loaded into gradviz's
    assert repr(ours) == repr(theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    x = _inputs(kind)
    for step in range(6):
        if step == 4:
            ours.eval()
            theirs.eval()
        out_ours, out_theirs = ours(gradviz.tensor(x)), theirs(torch.tensor(x))
        _close(out_ours, out_theirs, rtol=1e-8)
        for (name, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items(),
                                     strict=True):
            _close(a, b, rtol=1e-8), name
        (out_ours ** 2).sum().backward()
        (out_theirs ** 2).sum().backward()
        assert type(ours.weight.grad_fn).__name__ == type(theirs.weight.grad_fn).__name__
        for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
            _close(p.grad, q.grad, rtol=1e-8)
            with gradviz.no_grad():
                p -= 0.05 * p.grad
            with torch.no_grad():
                q -= 0.05 * q.grad
            p.grad, q.grad = None, None


def test_spectral_norm_draws_its_vectors_by_normal_():
    drawn = []
    original = gradviz.Tensor.normal_

    def normal_(t, *args, **kwargs):
        drawn.append(tuple(t.shape))
        return original(t, *args, **kwargs)

    gradviz.Tensor.normal_ = normal_
    try:
        gradviz.nn.utils.spectral_norm(gradviz.nn.Linear(3, 4))
        gradviz.nn.utils.parametrizations.spectral_norm(gradviz.nn.Conv2d(2, 5, 3))
    finally:
        gradviz.Tensor.normal_ = original
    assert drawn == [(4,), (3,), (5,), (18,)]  # u then v, as torch draws them


def test_the_largest_singular_value_is_one_after_many_iterations():
    gradviz.manual_seed(0)
    layer = gradviz.nn.utils.parametrizations.spectral_norm(gradviz.nn.Linear(6, 5))
    for _ in range(30):
        layer(gradviz.randn(1, 6))
    sigma = np.linalg.svd(_np(layer.weight), compute_uv=False)[0]
    assert sigma == pytest.approx(1.0, rel=1e-4)


def test_spectral_norm_is_removed_and_refuses_as_torch():
    for lib in (gradviz, torch):
        layer = lib.nn.utils.spectral_norm(lib.nn.Linear(3, 2))
        assert list(layer.state_dict()) == ["bias", "weight_orig", "weight_u", "weight_v"]
        with pytest.raises(RuntimeError, match="Cannot register two spectral_norm hooks"):
            lib.nn.utils.spectral_norm(layer)
        lib.nn.utils.remove_spectral_norm(layer)
        assert list(layer.state_dict()) == ["bias", "weight"]
        with pytest.raises(ValueError, match="spectral_norm of 'weight' not found in Linear"):
            lib.nn.utils.remove_spectral_norm(layer)
        with pytest.raises(ValueError, match="Expected n_power_iterations to be positive, but "
                                             "got n_power_iterations=0"):
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2),
                                                        n_power_iterations=0)
        with pytest.raises(ValueError, match="has no parameter or buffer with name 'kernel'"):
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), "kernel")


# ── torch.utils.checkpoint ──────────────────────────────────────────────────────────────
def _net(lib, dropout=0.0):
    torch.manual_seed(0)
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(),
                                 torch.nn.Dropout(dropout), torch.nn.Linear(5, 2)).double()
    if lib is torch:
        return theirs
    ours = gradviz.nn.Sequential(gradviz.nn.Linear(3, 5), gradviz.nn.Tanh(),
                                 gradviz.nn.Dropout(dropout), gradviz.nn.Linear(5, 2)).double()
    ours.load_state_dict({k: gradviz.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    return ours


@pytest.mark.parametrize("reentrant", [True, False])
def test_checkpoint_gives_the_gradients_and_nodes_torch_gives(reentrant):
    runs = []
    x = np.random.default_rng(1).standard_normal((4, 3))
    for lib in (gradviz, torch):
        net = _net(lib)
        inp = lib.tensor(x, requires_grad=True)
        out = lib.utils.checkpoint.checkpoint(net, inp, use_reentrant=reentrant)
        second = lib.utils.checkpoint.checkpoint(lambda a, b: (a * b).sum(1), out, out,
                                                 use_reentrant=reentrant)
        second.sum().backward()
        runs.append((type(out.grad_fn).__name__, type(second.grad_fn).__name__, out,
                     inp.grad, [p.grad for p in net.parameters()]))
    (n1, n2, out, g, grads), (m1, m2, out_t, g_t, grads_t) = runs
    assert (n1, n2) == (m1, m2)
    _close(out, out_t)
    _close(g, g_t)
    for a, b in zip(grads, grads_t, strict=True):
        _close(a, b)


def test_checkpoint_sequential_as_torch():
    runs = []
    x = np.random.default_rng(2).standard_normal((4, 3))
    for lib in (gradviz, torch):
        net = _net(lib)
        inp = lib.tensor(x, requires_grad=True)
        out = lib.utils.checkpoint.checkpoint_sequential(net, 2, inp, use_reentrant=True)
        out.pow(2).sum().backward()
        runs.append((out, inp.grad, [p.grad for p in net.parameters()]))
    for a, b in zip([runs[0][0], runs[0][1], *runs[0][2]], [runs[1][0], runs[1][1], *runs[1][2]],
                    strict=True):
        _close(a, b)


def test_a_recomputed_dropout_draws_the_first_run_s_mask():
    x = gradviz.tensor(np.random.default_rng(3).standard_normal((6, 3)), requires_grad=True)
    net = _net(gradviz, dropout=0.5)
    gradviz.manual_seed(7)
    plain = net(x)
    plain.sum().backward()
    expected = [x.grad.clone(), *[p.grad.clone() for p in net.parameters()]]
    x.grad = None
    net.zero_grad()
    gradviz.manual_seed(7)
    checked = gradviz.utils.checkpoint.checkpoint(net, x, use_reentrant=True)
    after = gradviz.get_rng_state()
    checked.sum().backward()
    _close(checked, plain)
    for a, b in zip([x.grad, *[p.grad for p in net.parameters()]], expected, strict=True):
        _close(a, b)
    assert gradviz.get_rng_state() == after  # the recompute put the stream back


def test_checkpoint_warns_and_refuses_as_torch():
    for lib in (gradviz, torch):
        net = _net(lib)
        x = lib.ones(2, 3, dtype=lib.float64)
        with pytest.warns(UserWarning, match="the use_reentrant parameter should be passed "
                                             "explicitly"):
            lib.utils.checkpoint.checkpoint(net, x.requires_grad_())
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            out = lib.utils.checkpoint.checkpoint(net, lib.ones(2, 3, dtype=lib.float64),
                                                  use_reentrant=True)
        assert [str(w.message) for w in seen] == [
            "None of the inputs have requires_grad=True. Gradients will be None"]
        assert not out.requires_grad  # so the layers inside get no gradient, as in torch
        with pytest.raises(ValueError, match="Unexpected keyword arguments: scale,shift"):
            lib.utils.checkpoint.checkpoint(net, x, use_reentrant=True, scale=1, shift=2)
        kept = lib.utils.checkpoint.checkpoint(lambda a, scale: a * scale, x,
                                               use_reentrant=False, scale=3.0)
        assert kept.sum().item() == 18.0
        with pytest.raises(ValueError, match="Passing `context_fn` or `debug` is only "
                                             "supported when use_reentrant=False."):
            lib.utils.checkpoint.checkpoint(net, x, use_reentrant=True, debug=True)
