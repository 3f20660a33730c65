"""`F.fractional_max_pool2d` and `nn.FractionalMaxPool2d` against torch: with the same
``_random_samples`` the same windows (indices), maxima and float64 gradients (also against
finite differences), float32 values, PyTorch's node name, errors and repr; without them
gradviz draws its own (shape and range checked), and through the corpus harness it is handed
torch's draw, so a program training with it prints torch's numbers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad
from test_torch_corpus import Recorder, assert_replayed, run

import gradviz as gv


def F(lib):  # noqa: N802
    return lib.nn.functional


CASES = [
    ("output_size", (2, 3, 9, 8), (2, 3, 2),
     lambda L, x, u: F(L).fractional_max_pool2d(x, 2, 4, _random_samples=u)),
    ("output_size pair kernel pair indices", (1, 2, 10, 7), (1, 2, 2),
     lambda L, x, u: F(L).fractional_max_pool2d(x, (3, 2), (5, 4), return_indices=True,
                                                _random_samples=u)),
    ("output_ratio", (2, 2, 8, 9), (2, 2, 2),
     lambda L, x, u: F(L).fractional_max_pool2d_with_indices(x, 2, output_ratio=(0.5, 0.7),
                                                             _random_samples=u)),
    ("unbatched", (3, 7, 7), (1, 3, 2),
     lambda L, x, u: F(L).fractional_max_pool2d(x, 2, 3, _random_samples=u)),
    ("one output", (1, 1, 5, 5), (1, 1, 2),
     lambda L, x, u: F(L).fractional_max_pool2d(x, 3, 1, _random_samples=u)),
]


@pytest.mark.parametrize(("name", "shape", "draw", "fn"), CASES, ids=[c[0] for c in CASES])
def test_same_windows_maxima_and_gradients(name, shape, draw, fn):
    rng = np.random.default_rng(len(name))
    x, u = rng.standard_normal(shape), rng.random(draw)
    same_grad(lambda L, x: fn(L, x, L.tensor(u, dtype=x.dtype)), x)
    x32, u32 = x.astype(np.float32), u.astype(np.float32)
    same(lambda L: fn(L, L.tensor(x32), L.tensor(u32)))
    ours = fn(gv, gv.tensor(x, requires_grad=True), gv.tensor(u))
    theirs = fn(torch, torch.tensor(x, requires_grad=True), torch.tensor(u))
    ours, theirs = (r[0] if isinstance(r, tuple) else r for r in (ours, theirs))
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__


def test_float32_window_starts_are_computed_in_float32():
    """PyTorch computes ⌊(i + u)·α⌋ in the input's dtype: samples near a boundary pick the
    same windows in float32 as torch's, whatever float64 would give."""
    rng = np.random.default_rng(0)
    u = rng.random((1, 64, 2)).astype(np.float32)
    x = rng.standard_normal((1, 64, 23, 29)).astype(np.float32)
    ours = gv.nn.functional.fractional_max_pool2d(gv.tensor(x), 3, (9, 11), return_indices=True,
                                                  _random_samples=gv.tensor(u))
    theirs = torch.nn.functional.fractional_max_pool2d(
        torch.tensor(x), 3, (9, 11), return_indices=True, _random_samples=torch.tensor(u))
    assert np.array_equal(ours[1].numpy(), theirs[1].numpy())


ERRORS = [
    lambda L: F(L).fractional_max_pool2d(L.ones(2, 3, 7, 6), 3, output_size=6),
    lambda L: F(L).fractional_max_pool2d(L.ones(2, 3, 7, 6), 3, output_size=(5, 5)),
    lambda L: F(L).fractional_max_pool2d(L.ones(2, 3, 7, 6), 3),
    lambda L: F(L).fractional_max_pool2d(L.ones(2, 3, 7, 6), 2, 3, _random_samples=L.ones(2, 2, 2)),
    lambda L: L.nn.FractionalMaxPool2d(2, output_ratio=1.5),
    lambda L: L.nn.FractionalMaxPool2d(2),
    lambda L: L.nn.FractionalMaxPool2d(2, output_size=2, output_ratio=0.5),
]


@pytest.mark.parametrize("call", ERRORS)
def test_errors_word_for_word(call):
    same(call)


def test_own_draws_give_valid_windows():
    x = gv.randn(2, 3, 9, 9)
    out, indices = gv.nn.FractionalMaxPool2d(2, output_ratio=0.5, return_indices=True)(x)
    assert out.shape == (2, 3, 4, 4) and indices.dtype == gv.int64
    assert gv.equal(x.flatten(-2).gather(-1, indices.flatten(-2)).reshape(out.shape), out)
    rows = indices.numpy() // 9
    assert (np.diff(rows, axis=-2) > 0).all() and rows.max() in (7, 8)  # last start: 9 − 2


def test_module_keeps_fixed_samples_as_a_buffer():
    u = gv.rand(1, 2, 2)
    pool = gv.nn.FractionalMaxPool2d(2, output_size=3, _random_samples=u)
    assert list(pool.state_dict()) == ["_random_samples"]
    x = gv.randn(1, 2, 7, 7)
    assert gv.equal(pool(x), pool(x))
    assert list(gv.nn.FractionalMaxPool2d(2, 3).state_dict()) == []


FRACTIONAL_PROGRAM = r'''
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(),
                    nn.FractionalMaxPool2d(2, output_ratio=(0.7, 0.7)), nn.Flatten(),
                    nn.LazyLinear(3))
x, y = torch.randn(5, 1, 10, 10), torch.tensor([0, 1, 2, 0, 1])
net(x)
opt = torch.optim.SGD(net.parameters(), lr=0.05)
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
final = {"w": net[0].weight.grad}
'''


def test_a_program_with_fractional_pooling_is_replayed(monkeypatch):
    assert_replayed(FRACTIONAL_PROGRAM, monkeypatch, atol=1e-6)
    torch.manual_seed(0)
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        run(FRACTIONAL_PROGRAM)
    # the input, then one draw of window starts per call (4 calls)
    assert [name for name, _ in recorder.log].count("rand") == 4
