"""`nn.AdaptiveLogSoftmaxWithLoss` against torch: its head and tail layers (names, shapes,
repr), forward's (output, loss) named tuple in float64 with torch's parameters copied in and
gradients of the input and every weight (≤ 1e-9), unbatched input, log_prob, predict, errors
word for word, and a small language-model head trained with it through the corpus harness."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same
from test_torch_corpus import assert_replayed

import gradviz as gv


def _twins(*args, **kwargs):
    torch.manual_seed(0)
    theirs = torch.nn.AdaptiveLogSoftmaxWithLoss(*args, **kwargs).double()
    ours = gv.nn.AdaptiveLogSoftmaxWithLoss(*args, **kwargs).double()
    assert repr(ours) == repr(theirs)
    assert [(k, tuple(v.shape)) for k, v in ours.state_dict().items()] == [
        (k, tuple(v.shape)) for k, v in theirs.state_dict().items()]
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


@pytest.mark.parametrize(("args", "kwargs", "targets"), [
    ((8, 10, [3, 6]), {"div_value": 2.0}, [0, 4, 9, 2, 7, 5]),
    ((6, 12, [4]), {"head_bias": True}, [11, 0, 3, 4, 4]),
    ((8, 20, [2, 5, 11]), {}, [1, 1, 0, 3, 19]),  # none in the second cluster; a 0-wide tail
])
def test_forward_and_gradients_in_float64(args, kwargs, targets):
    ours, theirs = _twins(*args, **kwargs)
    x = np.random.default_rng(0).standard_normal((len(targets), args[0]))
    a, b = gv.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    result, expected = ours(a, gv.tensor(targets)), theirs(b, torch.tensor(targets))
    assert type(result).__name__ == "_ASMoutput" and result._fields == ("output", "loss")
    for got, want in zip(result, expected, strict=True):
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-9)
        assert type(got.grad_fn).__name__ == type(want.grad_fn).__name__
    (result.loss + (result.output ** 2).sum()).backward()
    (expected.loss + (expected.output ** 2).sum()).backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(),
                                 strict=True):
        if q.grad is None:  # a cluster no target fell in
            assert p.grad is None, name
            continue
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=name)
    x_all = np.random.default_rng(1).standard_normal((7, args[0]))
    np.testing.assert_allclose(ours.log_prob(gv.tensor(x_all)).detach().numpy(),
                               theirs.log_prob(torch.tensor(x_all)).detach().numpy(), rtol=1e-9)


def test_unbatched_input():
    ours, theirs = _twins(8, 10, [3, 6])
    x = np.random.default_rng(2).standard_normal(8)
    for target in (1, 5, 8):
        got, want = ours(gv.tensor(x), gv.tensor(target)), theirs(torch.tensor(x),
                                                                  torch.tensor(target))
        np.testing.assert_allclose([got.output.item(), got.loss.item()],
                                   [want.output.item(), want.loss.item()], rtol=1e-9)
        assert got.output.shape == want.output.shape == ()


def test_predict_in_and_out_of_the_shortlist():
    ours, theirs = _twins(4, 9, [2, 5])
    with torch.no_grad(), gv.no_grad():  # a head that prefers the clusters for some rows
        theirs.head.weight[2:] *= 3
        ours.head.weight._data[2:] *= 3
    rng = np.random.default_rng(3)
    for x in (rng.standard_normal((40, 4)), rng.standard_normal((3, 4)) * 0.01):
        assert ours.predict(gv.tensor(x)).tolist() == theirs.predict(torch.tensor(x)).tolist()


ERRORS = [
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [6, 3]),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(8, 10, []),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 10]),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3])(L.ones(4, 8), L.tensor([0, 4, 10, 2])),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3])(L.ones(4, 8), L.tensor([0, 4, 2])),
    lambda L: L.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3])(L.ones(4, 8), L.ones(4, 2)),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_word_for_word(call):
    same(call)


LM_HEAD_PROGRAM = r'''
import torch
import torch.nn as nn

torch.manual_seed(0)
vocab, dim = 30, 8
embed = nn.Embedding(vocab, dim)
rnn = nn.GRU(dim, dim, batch_first=True)
head = nn.AdaptiveLogSoftmaxWithLoss(dim, vocab, cutoffs=[5, 15], div_value=2.0)
print(head)
tokens = torch.randint(0, vocab, (4, 7))
params = [*embed.parameters(), *rnn.parameters(), *head.parameters()]
opt = torch.optim.Adam(params, lr=0.01)
for step in range(4):
    opt.zero_grad()
    hidden, _ = rnn(embed(tokens[:, :-1]))
    out = head(hidden.reshape(-1, dim), tokens[:, 1:].reshape(-1))
    out.loss.backward()
    opt.step()
    print(step, out.loss.item())
print(head.predict(hidden.reshape(-1, dim)[:6]))
final = {"head": head.head.weight.grad, "logp": head.log_prob(hidden.reshape(-1, dim))}
'''


def test_a_language_model_head_trains_as_torchs(monkeypatch):
    assert_replayed(LM_HEAD_PROGRAM, monkeypatch, atol=1e-6)
