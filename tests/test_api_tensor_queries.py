"""Tensor's questions and real-number and one-CPU methods beside PyTorch: ``is_nonzero``,
``is_signed``, ``is_same_size``, ``is_inference``, ``is_cpu``, ``get_device``,
``retains_grad``, ``register_post_accumulate_grad_hook``; the memory no-ops (``pin_memory``,
``share_memory_``…); ``real``/``imag``/``conj``/``resolve_*``/``is_conj``/``is_neg``; ``H``,
``mH``, ``adjoint``; ``char``, ``new_empty_strided``, ``histogram``; the random fills
(shape, dtype and distribution, not bits: gradviz's stream is its own) and ``map_``/``apply_``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from api_pairs import same
from test_torch_corpus import assert_replayed

import gradviz as gv


def test_questions():
    for values, dtype in (([0.0], "float32"), ([3], "int64"), ([], "float32"), ([1, 2], "int64"),
                          ([True], "bool"), ([0], "uint8")):
        same(lambda m, v=values, d=dtype: m.tensor(v, dtype=getattr(m, d)).is_nonzero())
        same(lambda m, v=values, d=dtype: m.tensor(v, dtype=getattr(m, d)).is_signed())
    same(lambda m: m.tensor(2.5).is_nonzero())
    same(lambda m: (m.zeros(2, 3).is_same_size(m.ones(2, 3)), m.zeros(3).is_same_size(m.ones(1))))
    for m in (torch, gv):
        x = m.ones(2, requires_grad=True)
        assert (x.is_cpu, x.get_device(), x.is_inference(), x.is_pinned(), x.is_shared()) == (
            True, -1, False, False, False)
        assert x.pin_memory() is x if m is gv else True
        y = m.zeros(2)
        assert y.share_memory_() is y and y.is_shared()


def test_retains_grad_and_post_accumulate_hook():
    seen = {}
    for m in (torch, gv):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        h = x * 2
        assert (x.retains_grad, h.retains_grad) == (False, False)
        h.retain_grad()
        x.retain_grad()  # a leaf keeps its gradient anyway: not "retains"
        assert (x.retains_grad, h.retains_grad) == (False, True)
        calls = []
        handle = x.register_post_accumulate_grad_hook(lambda t, c=calls: c.append(t.grad.tolist()))
        (h * h).sum().backward(retain_graph=True)
        (h * 3).sum().backward(retain_graph=True)
        handle.remove()
        h.sum().backward()
        seen[m.__name__] = (calls, x.grad.tolist())
    assert seen["torch"] == seen["gradviz"]
    same(lambda m: (m.ones(2, requires_grad=True) * 1).register_post_accumulate_grad_hook(print))
    same(lambda m: m.ones(2).register_post_accumulate_grad_hook(print))


def test_an_optimizer_step_in_the_hook():
    # PyTorch's "optimizer step in backward" recipe: each parameter updated as its gradient lands.
    results = []
    for m in (torch, gv):
        w = m.tensor([0.5, -1.0], requires_grad=True)

        def step(p, m=m):
            with m.no_grad():
                p.sub_(0.1 * p.grad)
            p.grad = None

        w.register_post_accumulate_grad_hook(step)
        for _ in range(3):
            ((w * m.tensor([1.0, 2.0])) ** 2).sum().backward()
        results.append(w.tolist())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-6)


@pytest.mark.filterwarnings("ignore:.*deprecated on 0-D tensors:UserWarning")
def test_real_tensors_complex_methods():
    for m in (torch, gv):
        x = m.randn(2, 3, requires_grad=True)
        assert x.real is x and x.conj() is x and x.resolve_conj() is x and x.resolve_neg() is x
        assert not x.is_conj() and not x.is_neg()
    same(lambda m: m.zeros(2).imag)
    for shape in ((2, 3), (4, 2, 3), (3,), ()):
        for name in ("H", "mH", "mT")[:3 if shape else 2]:
            same(lambda m, s=shape, n=name: getattr(m.arange(float(np.prod(s))).reshape(s), n))
        same(lambda m, s=shape: m.arange(float(np.prod(s))).reshape(s).adjoint())
    x = gv.randn(2, 3, requires_grad=True)
    assert type(x.mH.grad_fn).__name__ == "TransposeBackward0"
    assert type(x.adjoint().grad_fn).__name__ == "TransposeBackward0"


def test_char_and_new_empty_strided():
    same(lambda m: m.tensor([1.7, -3.2, 127.0]).char())
    for m in (torch, gv):
        t = m.zeros(2, dtype=m.float64).new_empty_strided((2, 3), (3, 1))
        assert tuple(t.shape) == (2, 3) and t.dtype == m.float64
        t = m.zeros(2).new_empty_strided([4], [1], dtype=m.int64, requires_grad=False)
        assert tuple(t.shape) == (4,) and t.dtype == m.int64


def test_histogram():
    data = np.random.default_rng(0).standard_normal(200).astype(np.float32)
    same(lambda m: m.tensor(data).histogram(7))
    same(lambda m: m.tensor(data).histogram(4, range=(-1.0, 1.0)))
    same(lambda m: m.tensor(data).histogram(m.tensor([-2.0, -0.5, 0.0, 3.0])))
    same(lambda m: m.tensor(data).histogram(5, weight=m.tensor(np.abs(data)), density=True))
    same(lambda m: m.tensor([1.0, 1.0]).histogram(3))
    assert repr(gv.tensor([1.0, 2.0, 1.0]).histogram(bins=2)).startswith(
        "gradviz.return_types.histogram(\nhist=tensor([2., 1.]),\nbin_edges=tensor([1.0000, 1.5000")


@pytest.mark.parametrize(("call", "support", "mean"), [
    (lambda t: t.random_(), (0, 2 ** 24), 2 ** 23),
    (lambda t: t.random_(5), (0, 4), 2.0),
    (lambda t: t.random_(2, 6), (2, 5), 3.5),
    (lambda t: t.random_(-3, to=3), (-3, 2), -0.5),
    (lambda t: t.log_normal_(0.0, 0.25), (0, np.inf), np.exp(0.25 ** 2 / 2)),
    (lambda t: t.geometric_(0.25), (1, np.inf), 4.0),
    (lambda t: t.cauchy_(2.0, 0.5), (-np.inf, np.inf), None),
])
def test_random_fills(call, support, mean):
    for m in (torch, gv):
        m.manual_seed(0)
        t = m.zeros(20000)
        assert call(t) is t and t._version == 1 and t.dtype == m.float32
        values = t.numpy()
        assert support[0] <= values.min() and values.max() <= support[1]
        if mean is None:  # Cauchy: no mean; its median and quartiles are 2 and 2 ± 0.5
            np.testing.assert_allclose(np.percentile(values, [25, 50, 75]), [1.5, 2.0, 2.5],
                                       atol=0.05)
        else:
            assert abs(values.mean() / mean - 1) < 0.03
        if support[1] < 10:  # every whole number of the support drawn
            assert set(np.unique(values)) == set(range(support[0], support[1] + 1))
    same(lambda m: m.zeros(3, dtype=m.int64).random_(4, 4))
    same(lambda m: m.ones(2, requires_grad=True).cauchy_())
    ints = gv.zeros(1000, dtype=gv.int64).random_(3)
    assert ints.dtype == gv.int64 and set(ints.tolist()) == {0, 1, 2}


def test_map_and_apply():
    same(lambda m: m.tensor([[1.0, 2.0], [3.0, 4.0]]).apply_(lambda v: v * v + 1))
    same(lambda m: m.tensor([1, 2, 3]).apply_(lambda v: v // 2))
    same(lambda m: m.ones(2, 3).map_(m.tensor([1.0, 2.0, 3.0]), lambda a, b: a - 2 * b))
    same(lambda m: m.ones(2, requires_grad=True).apply_(abs))
    for m in (torch, gv):
        x = m.zeros(3)
        assert x.apply_(lambda v: 1.0) is x and x._version == 0  # PyTorch counts no change


RANDOM_FILLS_PROGRAM = r'''
import torch

torch.manual_seed(0)
labels = torch.empty(6, dtype=torch.long).random_(3)
noise = torch.empty(2, 3).cauchy_(0.0, 0.1)
scales = torch.empty(3).log_normal_(0.0, 0.5)
waits = torch.empty(4).geometric_(0.3)
w = torch.zeros(3, 3).random_(-2, 3) + noise.sum()
print(labels, noise, scales, waits, w)
final = {"w": w * scales, "labels": labels.float(), "waits": waits}
'''


def test_random_fills_are_replayed(monkeypatch):
    assert_replayed(RANDOM_FILLS_PROGRAM, monkeypatch)


def test_a_0d_conjugate_transpose_warns_as_pytorch():
    # (PyTorch warns once a process, so only its words are compared: torch's own run above.)
    for call, name in ((lambda t: t.H, "Tensor.H"), (lambda t: t.mH, "Tensor.mH"),
                       (lambda t: t.adjoint(), "adjoint()")):
        t = gv.tensor(2.0)
        with pytest.warns(UserWarning, match=rf"^{re.escape(name)} is deprecated on 0-D tensors\. "
                                             r"Consider using x\.conj\(\)\.$"):
            assert call(t) is t
