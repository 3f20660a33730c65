"""The keyword spellings PyTorch takes besides its own: axis=, keepdims=, size=, input=, other=,
out= — each call written once and run with both libraries."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv

CALLS = [
    lambda lib, a, b: lib.sum(a, axis=0, keepdims=True),
    lambda lib, a, b: a.mean(axis=1),
    lambda lib, a, b: a.max(axis=1, keepdims=True).values,
    lambda lib, a, b: a.std(axis=0),
    lambda lib, a, b: lib.add(input=a, other=b),
    lambda lib, a, b: lib.mul(a, other=b),
    lambda lib, a, b: lib.cat([a, a], axis=1),
    lambda lib, a, b: lib.zeros(size=(2, 3)) + lib.ones(size=[3]),
    lambda lib, a, b: lib.add(a, b, out=lib.empty(2, 3)),
    lambda lib, a, b: lib.matmul(a, b, out=lib.empty(2)),
    lambda lib, a, b: lib.exp(input=a),
    lambda lib, a, b: lib.nn.functional.softmax(input=a, dim=1),
    lambda lib, a, b: lib.nn.functional.relu(input=a),
]


@pytest.mark.parametrize("call", CALLS)
def test_keyword_spellings_as_pytorch(call):
    values = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]), np.array([1.0, -2.0, 0.5])
    ours = call(gv, *(gv.tensor(v) for v in values))
    theirs = call(torch, *(torch.tensor(v, dtype=torch.float32) for v in values))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)


def test_out_writes_into_the_tensor_given():
    out = gv.zeros(3)
    result = gv.add(gv.ones(3), 1, out=out)
    assert result is out and out.tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(RuntimeError, match="out=... arguments don't support"):
        gv.mul(gv.ones(3, requires_grad=True), 2, out=gv.zeros(3))
