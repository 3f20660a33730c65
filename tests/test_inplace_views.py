"""A change in place through a view reaches the tensor viewed (`engine/inplace_views.py`),
beside PyTorch: the base's gradient, its ``CopySlices`` node, the version counts, PyTorch's
errors for a view of a leaf and for a saved tensor changed through a view."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv

PROGRAMS = {
    "a slice scaled": lambda L: _run(L, lambda z: z[:2].mul_(3), (4,)),
    "a kept view scaled twice": lambda L: _run(L, lambda z: (lambda v: v.mul_(2).mul_(2))(z[1:3]),
                                               (4,)),
    "a column of a transpose": lambda L: _run(L, lambda z: z.t()[1].add_(5), (3, 4)),
    "a row scaled by another": lambda L: _run(L, lambda z: z[0].mul_(z[1].sum()), (3, 4)),
    "every other element of a view": lambda L: _run(L, lambda z: z.view(6)[::2].zero_(),
                                                    (2, 3)),
    "a permuted block": lambda L: _run(L, lambda z: z.permute(2, 0, 1)[1, :, 1:].sub_(1.5),
                                       (2, 3, 2)),
    "a row copied in": lambda L: _run(L, lambda z: z[1].copy_(z[0] * 5), (3, 2)),
    "a view's element set": lambda L: _run(L, lambda z: z[1].__setitem__(0, z[0, 1] * 7),
                                           (3, 2)),
}


def _run(L, change, shape):
    data = np.arange(1.0, 1.0 + np.prod(shape)).reshape(shape) / 7
    x = L.tensor(data, requires_grad=True)
    z = x * 2
    change(z)
    (z * z).sum().backward()
    return z.detach().numpy().copy(), x.grad.numpy(), type(z.grad_fn).__name__, z._version


@pytest.mark.parametrize("name", PROGRAMS)
def test_a_change_through_a_view_reaches_the_base(name):
    ours, theirs = PROGRAMS[name](gv), PROGRAMS[name](torch)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-12)
    assert ours[2:] == theirs[2:]


def _error(L, call) -> str:
    with pytest.raises(RuntimeError) as info:
        call(L)
    return str(info.value)


@pytest.mark.parametrize("call", [lambda L: L.ones(4, requires_grad=True)[:2].mul_(2),
                                  lambda L: L.ones(4, requires_grad=True).view(2, 2).zero_(),
                                  lambda L: L.ones(2, 2, requires_grad=True).t()[0].add_(1)])
def test_a_view_of_a_leaf_that_requires_grad_is_refused(call):
    assert _error(gv, call) == _error(torch, call)


def test_under_no_grad_a_view_of_a_leaf_changes_it():
    ours, theirs = gv.ones(4, requires_grad=True), torch.ones(4, requires_grad=True)
    for library, w in ((gv, ours), (torch, theirs)):
        with library.no_grad():
            w[1:3].mul_(2)
    np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())


def test_a_saved_tensor_changed_through_a_view_is_refused():
    def call(L):
        z = L.ones(2, 3, requires_grad=True).exp()
        z.view(6)[::2].zero_()
        z.sum().backward()

    assert _error(gv, call).replace("gradviz.", "torch.") == _error(torch, call)

