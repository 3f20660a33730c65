"""One gradviz function against its torch twin, in float64: the same random inputs, values
and gradients (a random weighting of the output, backpropagated) to 1e-9, shape, dtype and
the grad_fn name."""

from __future__ import annotations

import numpy as np
import torch

import gradviz as gv


def inputs(shapes, seed: int = 0, positive=()) -> list[np.ndarray]:
    """Standard normal arrays of these shapes (those numbered in `positive`: 0.1 + |z|)."""
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(shape) for shape in shapes]
    return [np.abs(a) + 0.1 if i in positive else a for i, a in enumerate(arrays)]


def compare(gv_fn, torch_fn, shapes, seed: int = 0, positive=(), tol: float = 1e-9):
    """Both functions on the same float64 inputs: values, the grad_fn name (a tensor prints
    it) and every input's gradient agree."""
    arrays = inputs(shapes, seed, positive)
    ours = [gv.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    go, to = gv_fn(*ours), torch_fn(*theirs)
    assert tuple(go.shape) == tuple(to.shape)
    assert go.dtype.name == str(to.dtype).removeprefix("torch.")
    np.testing.assert_allclose(go.detach().numpy(), to.detach().numpy(), rtol=tol, atol=tol)
    assert type(go.grad_fn).__name__ == type(to.grad_fn).__name__  # printed with the tensor
    weights = np.random.default_rng(seed + 1).standard_normal(tuple(to.shape))
    (go * gv.tensor(weights)).sum().backward()
    (to * torch.tensor(weights)).sum().backward()
    for a, b in zip(ours, theirs, strict=True):
        if b.grad is None:
            assert a.grad is None or not a.grad.numpy().any()
            continue
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=tol, atol=tol)
    return go, to


def same_error(gv_call, torch_call) -> None:
    """Both raise the same exception type with the same message (gradviz's own name for
    its Size and dtypes read as torch's, as the corpus compares printouts)."""
    import pytest

    with pytest.raises(Exception) as theirs:  # noqa: PT011 - whichever torch raises
        torch_call()
    with pytest.raises(theirs.type) as ours:
        gv_call()
    assert str(ours.value).replace("gradviz.", "torch.") == str(theirs.value)


def float32_agrees(gv_fn, torch_fn, shapes, seed: int = 0, positive=()) -> None:
    """In float32: the same dtype, and the values to float32's precision."""
    arrays = [a.astype(np.float32) for a in inputs(shapes, seed, positive)]
    go = gv_fn(*[gv.tensor(a) for a in arrays])
    to = torch_fn(*[torch.tensor(a) for a in arrays])
    assert go.dtype is gv.float32 and to.dtype is torch.float32
    np.testing.assert_allclose(go.numpy(), to.numpy(), rtol=1e-5, atol=1e-6)
