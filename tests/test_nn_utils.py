"""`gradviz.nn.utils` against `torch.nn.utils`: pad_sequence (values, layout, gradients),
parameters_to_vector / vector_to_parameters, and the gradient clipping functions."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.nn as nn
from gradviz.nn.utils.rnn import pad_sequence

LENGTHS = [(3, 2), (1, 2), (4, 2)]


@pytest.mark.parametrize("kwargs", [{}, {"batch_first": True}, {"padding_value": -1.5},
                                    {"batch_first": True, "padding_side": "left"}])
def test_pad_sequence_matches_torch(kwargs):
    rng = np.random.default_rng(0)
    data = [rng.standard_normal(shape) for shape in LENGTHS]
    ours = [gv.tensor(d, requires_grad=True) for d in data]
    theirs = [torch.tensor(d, requires_grad=True) for d in data]
    go, to = nn.utils.rnn.pad_sequence(ours, **kwargs), torch.nn.utils.rnn.pad_sequence(
        theirs, **kwargs)
    np.testing.assert_array_equal(go.detach().numpy(), to.detach().numpy())
    weights = rng.standard_normal(tuple(to.shape))
    (go * gv.tensor(weights)).sum().backward()
    (to * torch.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a.grad.numpy(), b.grad.numpy())


def test_pad_sequence_of_token_ids_prints_as_torch():
    for lib, pad in ((gv, pad_sequence), (torch, torch.nn.utils.rnn.pad_sequence)):
        out = pad([lib.tensor([1, 2, 3]), lib.tensor([4])], batch_first=True)
        assert repr(out) == "tensor([[1, 2, 3],\n        [4, 0, 0]])" and out.dtype == lib.int64


def test_parameters_to_vector_and_back():
    results = []
    for lib in (gv, torch):
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.Linear(3, 1))
        vec = lib.nn.utils.parameters_to_vector(net.parameters())
        with lib.no_grad():
            lib.nn.utils.vector_to_parameters(lib.arange(13.0), net.parameters())
        results.append((tuple(vec.shape), net[1].weight.detach().numpy().tolist(),
                        net[0].bias.detach().numpy().tolist()))
    assert results[0] == results[1]


@pytest.mark.parametrize(("clip", "args"), [("clip_grad_norm_", (0.5,)),
                                            ("clip_grad_norm_", (0.5, float("inf"))),
                                            ("clip_grad_value_", (0.1,))])
def test_clipping_matches_torch(clip, args):
    grads = []
    for lib in (gv, torch):
        w = lib.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=lib.float64, requires_grad=True)
        (w * w).sum().backward()
        total = getattr(lib.nn.utils, clip)([w], *args)
        grads.append((w.grad.numpy().copy(), None if total is None else float(total)))
    np.testing.assert_allclose(grads[0][0], grads[1][0], rtol=1e-12)
    if clip == "clip_grad_value_":
        assert grads[0][1] is grads[1][1] is None
    else:
        assert grads[0][1] == pytest.approx(grads[1][1], rel=1e-12)


def _packed_run(lib, kind, bidirectional, lengths, enforce_sorted, initial):
    from_torch = lib is torch
    torch.manual_seed(0)
    theirs = getattr(torch.nn, kind)(2, 3, num_layers=2, bidirectional=bidirectional).double()
    layer = theirs if from_torch else getattr(nn, kind)(
        2, 3, num_layers=2, bidirectional=bidirectional).double()
    if not from_torch:
        layer.load_state_dict(theirs.state_dict())
    rng = np.random.default_rng(4)
    x = lib.tensor(rng.standard_normal((len(lengths), 5, 2)), requires_grad=True)
    states = 2 * (2 if bidirectional else 1)
    hx = None
    if initial:
        h0 = rng.standard_normal((states, len(lengths), 3))
        hx = lib.tensor(h0) if kind != "LSTM" else (lib.tensor(h0), lib.tensor(h0 / 2))
    packed = lib.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True,
                                                   enforce_sorted=enforce_sorted)
    out, state = layer(packed, hx)
    padded, out_lengths = lib.nn.utils.rnn.pad_packed_sequence(out, batch_first=True,
                                                               total_length=6)
    state = state if isinstance(state, tuple) else (state,)
    weights = rng.standard_normal(tuple(padded.shape))
    ((padded * lib.tensor(weights)).sum() + sum(s.sum() for s in state)).backward()
    grads = [p.grad.numpy() for _, p in layer.named_parameters()]
    return ([padded.detach().numpy(), *(s.detach().numpy() for s in state), x.grad.numpy(),
             *grads], out_lengths.tolist(), packed.batch_sizes.tolist(),
            type(out).__name__)


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize(("bidirectional", "lengths", "enforce_sorted", "initial"), [
    (False, [5, 3, 2], True, False), (True, [2, 5, 3, 5], False, False),
    (True, [3, 1, 4], False, True),
])
def test_recurrent_layers_take_packed_sequences_as_torch(kind, bidirectional, lengths,
                                                         enforce_sorted, initial):
    ours = _packed_run(gv, kind, bidirectional, lengths, enforce_sorted, initial)
    theirs = _packed_run(torch, kind, bidirectional, lengths, enforce_sorted, initial)
    assert ours[1:] == theirs[1:]
    assert ours[3] == "PackedSequence"
    for a, b in zip(ours[0], theirs[0], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_pack_padded_sequence_wants_sorted_lengths_unless_told():
    for lib in (gv, torch):
        with pytest.raises(RuntimeError, match="must be sorted in decreasing order"):
            lib.nn.utils.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), [1, 3])
