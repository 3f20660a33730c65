"""`F.rrelu_` against torch: the fixed slope (lower + upper)/2 in eval mode (values, float64
gradients, PyTorch's in-place node name and its leaf refusal), and the random slopes of
training mode through the corpus harness, which records torch's in-place kernel's slopes and
hands them to gradviz."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad
from test_torch_corpus import Recorder, assert_replayed, run

import gradviz as gv


def test_eval_mode_values_and_gradients():
    x = np.random.default_rng(0).standard_normal((3, 4))
    same_grad(lambda L, t: L.nn.functional.rrelu_(t * 1, 0.1, 0.3), x)
    same_grad(lambda L, t: L.nn.functional.rrelu_(t * 1), x)


@pytest.mark.parametrize("training", [False, True])
def test_in_place_node_name_and_result(training):
    for lib in (gv, torch):
        x = lib.randn(6, requires_grad=True)
        y = x * 1
        out = lib.nn.functional.rrelu_(y, training=training)
        assert out is y and type(out.grad_fn).__name__ == "RreluWithNoiseBackward1"
    same(lambda L: L.nn.functional.rrelu_(L.ones(3, requires_grad=True)))
    same(lambda L: L.nn.functional.rrelu_(L.ones(3), 0.5, 0.2))


def test_training_slopes_lie_between_the_bounds():
    x = -gv.rand(1000) - 0.5
    slopes = (gv.nn.functional.rrelu_(x.clone(), 0.2, 0.4, training=True) / x).numpy()
    assert slopes.min() >= 0.2 and slopes.max() <= 0.4 and slopes.std() > 0.03
    assert gv.equal(gv.nn.functional.rrelu_(gv.ones(4), training=True), gv.ones(4))


RRELU_PROGRAM = r'''
import torch
import torch.nn.functional as F

x = torch.randn(4, 5, requires_grad=True)
h = x * 2
F.rrelu_(h, 0.1, 0.3, training=True)
print(h)
h.sum().backward()
print(x.grad)
print(F.rrelu_(torch.randn(3), training=False))
final = {"grad": x.grad, "h": h}
'''


def test_training_slopes_are_replayed(monkeypatch):
    assert_replayed(RRELU_PROGRAM, monkeypatch)
    torch.manual_seed(0)
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        run(RRELU_PROGRAM)
    assert [name for name, _ in recorder.log].count("rrelu") == 1
