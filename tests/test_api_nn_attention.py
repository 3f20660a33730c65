"""`F.multi_head_attention_forward` against torch (nn.MultiheadAttention now calls it):
packed and separate (CLIP-style) projections, masks (float, bool, key padding), learned key
and value biases, a zero attention slot, static keys and values, unbatched input, per-head
weights; float64 values and gradients of the inputs and every weight (≤ 1e-9, finite
differences too), errors word for word, and the layer's batch_first with unbatched input."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv

E, H = 4, 2


def mha(L, q, k, v, w, b, ow, ob, **options):
    return L.nn.functional.multi_head_attention_forward(
        q, k, v, E, H, w, b, options.pop("bias_k", None), options.pop("bias_v", None),
        options.pop("add_zero_attn", False), 0.0, ow, ob, **options)


PACKED = [(3, 2, E), (5, 2, E), (5, 2, E), (3 * E, E), (3 * E,), (E, E), (E,)]
CASES = [
    ("self-attention", lambda L, x, w, b, ow, ob: mha(L, x, x, x, w, b, ow, ob),
     [(3, 2, E), (3 * E, E), (3 * E,), (E, E), (E,)]),
    ("cross-attention per-head weights",
     lambda L, q, k, v, w, b, ow, ob: mha(L, q, k, v, w, b, ow, ob,
                                          average_attn_weights=False), PACKED),
    ("float mask and bool key padding",
     lambda L, q, k, v, w, b, ow, ob: mha(
         L, q, k, v, w, b, ow, ob, attn_mask=L.tensor(np.tril(np.ones((3, 5))) - 1.0,
                                                      dtype=q.dtype),
         key_padding_mask=L.tensor([[False] * 4 + [True], [False] * 5])), PACKED),
    ("bool mask, no bias, without weights",
     lambda L, q, k, v, w, ow: mha(L, q, k, v, w, None, ow, None, need_weights=False,
                                   attn_mask=L.tensor(np.triu(np.ones((3, 5)), 1) > 0)),
     [(3, 2, E), (5, 2, E), (5, 2, E), (3 * E, E), (E, E)]),
    ("bias_k, bias_v and a zero slot",
     lambda L, q, k, v, w, b, ow, ob, bk, bv: mha(
         L, q, k, v, w, b, ow, ob, bias_k=bk, bias_v=bv, add_zero_attn=True,
         key_padding_mask=L.tensor([[False] * 4 + [True], [False] * 5])),
     [*PACKED, (1, 1, E), (1, 1, E)]),
    ("separate projections, CLIP's pooling",
     lambda L, x, qw, kw, vw, b, ow, ob: mha(
         L, x[:1], x, x, None, b, ow, ob, need_weights=False, use_separate_proj_weight=True,
         q_proj_weight=qw, k_proj_weight=kw, v_proj_weight=vw),
     [(5, 2, E), (E, E), (E, E), (E, E), (3 * E,), (E, E), (E,)]),
    ("static keys and values",
     lambda L, q, w, b, ow, ob, sk, sv: mha(L, q, q, q, w, b, ow, ob, static_k=sk, static_v=sv),
     [(3, 2, E), (3 * E, E), (3 * E,), (E, E), (E,), (2 * H, 6, E // H), (2 * H, 6, E // H)]),
    ("unbatched", lambda L, q, k, w, b, ow, ob: mha(L, q, k, k, w, b, ow, ob),
     [(3, E), (4, E), (3 * E, E), (3 * E,), (E, E), (E,)]),
]


@pytest.mark.parametrize(("name", "fn", "shapes"), CASES, ids=[c[0] for c in CASES])
def test_float64_values_and_gradients(name, fn, shapes):
    rng = np.random.default_rng(len(name))
    same_grad(fn, *(rng.standard_normal(s) * 0.7 for s in shapes))


ERRORS = [
    lambda L: L.nn.functional.multi_head_attention_forward(
        L.ones(3, 2, 4), L.ones(3, 2, 4), L.ones(3, 2, 4), 6, 2, L.ones(12, 4), None, None,
        None, False, 0.0, L.ones(4, 4), None),
    lambda L: L.nn.functional.multi_head_attention_forward(
        L.ones(3, 2, 4), L.ones(3, 2, 4), L.ones(3, 2, 4), 4, 3, L.ones(12, 4), None, None,
        None, False, 0.0, L.ones(4, 4), None),
    lambda L: L.nn.functional.multi_head_attention_forward(
        L.ones(3, 2, 4), L.ones(3, 2, 4), L.ones(3, 2, 4), 4, 2, L.ones(12, 4), None, None,
        None, False, 0.0, L.ones(4, 4), None, is_causal=True),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_word_for_word(call):
    same(call)


def test_the_layer_with_batch_first_takes_unbatched_input_as_torch():
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(E, H, batch_first=True).double()
    ours = gv.nn.MultiheadAttention(E, H, batch_first=True).double()
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((5, E))
    for batch in (x, x[None].repeat(2, 0)):
        out, weights = ours(*(gv.tensor(batch),) * 3)
        expected, expected_weights = theirs(*(torch.tensor(batch),) * 3)
        np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-9)
        np.testing.assert_allclose(weights.detach().numpy(), expected_weights.detach().numpy(),
                                   rtol=1e-9)


@pytest.mark.parametrize("options", [
    {"kdim": 3, "vdim": 5},
    {"add_bias_kv": True},
    {"add_zero_attn": True, "bias": False},
    {"add_bias_kv": True, "add_zero_attn": True, "kdim": 6, "vdim": 6, "batch_first": True},
], ids=str)
def test_the_layer_with_its_other_options_is_torchs(options):
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(E, H, **options).double()
    ours = gv.nn.MultiheadAttention(E, H, **options).double()
    assert repr(ours) == repr(theirs)
    assert [(k, tuple(v.shape)) for k, v in ours.named_parameters()] == [
        (k, tuple(v.shape)) for k, v in theirs.named_parameters()]
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    rng = np.random.default_rng(1)
    shapes = [(3, 2, E), (5, 2, options.get("kdim", E)), (5, 2, options.get("vdim", E))]
    if options.get("batch_first"):
        shapes = [(n, s, e) for s, n, e in shapes]
    arrays = [rng.standard_normal(s) for s in shapes]
    mask = np.array([[False] * 4 + [True], [False] * 5])
    ins = [gv.tensor(a, requires_grad=True) for a in arrays]
    tins = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, weights = ours(*ins, key_padding_mask=gv.tensor(mask))
    expected, expected_weights = theirs(*tins, key_padding_mask=torch.tensor(mask))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-9)
    np.testing.assert_allclose(weights.detach().numpy(), expected_weights.detach().numpy(),
                               rtol=1e-9, atol=1e-15)
    (out * out).sum().backward()
    (expected * expected).sum().backward()
    for a, b in zip(ins, tins, strict=True):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(),
                                 strict=True):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-9, atol=1e-12,
                                   err_msg=name)


def test_the_layer_draws_glorot_weights():
    layer = gv.nn.MultiheadAttention(64, 4, add_bias_kv=True, kdim=32, vdim=16)
    for name, fans in (("q_proj_weight", 128), ("k_proj_weight", 96), ("v_proj_weight", 80)):
        weight = getattr(layer, name).detach().numpy()
        bound = np.sqrt(6 / fans)
        assert np.abs(weight).max() <= bound and np.abs(weight).max() > 0.9 * bound
    assert layer.in_proj_weight is None and not layer.in_proj_bias.detach().numpy().any()
    biases = np.concatenate([layer.bias_k.detach().numpy().ravel(),
                             layer.bias_v.detach().numpy().ravel()])
    assert 0.6 / np.sqrt(64) < biases.std() < 1.5 / np.sqrt(64)
