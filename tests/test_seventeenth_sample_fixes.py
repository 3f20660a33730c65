"""What the seventeenth corpus sample needed, beside torch: torch.cat skips a 1-D tensor of no
elements (``torch.tensor([])``, the start of a loop that gathers predictions) whatever the
other tensors' shapes, as PyTorch does: only its dtype counts, its gradient is empty, and the
errors of the tensors that are joined are PyTorch's, word for word."""

import numpy as np
import pytest
import torch

import gradviz as gv

RNG = np.random.default_rng(17)


def _pair(array, requires_grad=False, dtype="float64"):
    array = np.asarray(array, dtype=dtype)
    return (torch.tensor(array, requires_grad=requires_grad),
            gv.tensor(array, requires_grad=requires_grad))


def _message(fn, error_type):
    with pytest.raises(error_type) as caught:
        fn()
    return type(caught.value).__name__, str(caught.value)


@pytest.mark.parametrize("shapes, dim", [
    ([(0,), (2, 3)], 0), ([(2, 3), (0,), (4, 3)], 0), ([(2, 3), (0,), (2, 1)], 1),
    ([(0,), (2, 3, 4), (0,), (2, 3, 1)], -1), ([(0,), (0,)], 0), ([(0,), (5,)], 0),
    ([(0,), (0, 3), (2, 3)], 0)])
def test_cat_skips_a_one_dimensional_empty_tensor_with_its_gradient(shapes, dim):
    arrays = [RNG.standard_normal(shape) for shape in shapes]
    pairs = [_pair(a, requires_grad=True) for a in arrays]
    theirs = torch.cat([t for t, _ in pairs], dim=dim)
    ours = gv.cat([g for _, g in pairs], dim=dim)
    assert list(ours.shape) == list(theirs.shape)
    np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())
    assert type(ours.grad_fn).__name__ == type(theirs.grad_fn).__name__ == "CatBackward0"
    weights = RNG.standard_normal(tuple(theirs.shape))
    (theirs * torch.tensor(weights)).sum().backward()
    (ours * gv.tensor(weights)).sum().backward()
    for t, g in pairs:
        assert list(g.grad.shape) == list(t.grad.shape)
        np.testing.assert_allclose(g.grad.numpy(), t.grad.numpy(), rtol=1e-12, atol=0)


def test_cat_loop_from_an_empty_tensor_gathers_predictions():
    # DeepLizard's get_all_preds: all_preds = torch.tensor([]); all_preds = cat((all_preds, p))
    batches = [RNG.standard_normal((3, 10)).astype("float32") for _ in range(3)]
    results = []
    for lib in (torch, gv):
        all_preds = lib.tensor([])
        for batch in batches:
            all_preds = lib.cat((all_preds, lib.tensor(batch)), dim=0)
        results.append(all_preds)
    assert list(results[1].shape) == list(results[0].shape) == [9, 10]
    assert str(results[1].dtype).split(".")[1] == str(results[0].dtype).split(".")[1]
    np.testing.assert_array_equal(results[1].numpy(), results[0].numpy())


@pytest.mark.parametrize("empty_dtype, other_dtype", [
    ("float64", "float32"), ("int64", "float32"), ("float32", "int64"), ("int64", "int64")])
def test_cat_takes_the_skipped_tensors_dtype_into_account(empty_dtype, other_dtype):
    t_e, g_e = _pair(np.zeros(0), dtype=empty_dtype)
    t_x, g_x = _pair(np.arange(6).reshape(2, 3), dtype=other_dtype)
    theirs, ours = torch.cat((t_e, t_x)), gv.cat((g_e, g_x))
    assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_cat_double_backward_through_a_skipped_empty_tensor():
    x = RNG.standard_normal((2, 3))
    t_x, g_x = _pair(x, requires_grad=True)
    t_e, g_e = _pair(np.zeros(0), requires_grad=True)
    grads = []
    for lib, e, v in ((torch, t_e, t_x), (gv, g_e, g_x)):
        y = (lib.cat((e, v)) ** 3).sum()
        (gx,) = lib.autograd.grad(y, v, create_graph=True)
        (ggx,) = lib.autograd.grad(gx.sum(), v)
        grads.append(ggx.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12)
    np.testing.assert_allclose(grads[1], 6 * x, rtol=1e-12)


@pytest.mark.parametrize("shapes, dim", [
    ([(2, 3), ()], 0), ([(), (2, 3)], 0), ([(0,), (2, 3), ()], 0),
    ([(2, 3), (0,), (2, 4)], 0), ([(0,), (2, 3), (3,)], 0), ([(0,), (2, 3), (2, 3)], 2),
    ([(0,), (2, 3), (0,), (3, 3)], 1)])
def test_cat_errors_beside_a_skipped_empty_tensor_are_pytorchs(shapes, dim):
    pairs = [_pair(RNG.standard_normal(shape)) for shape in shapes]
    theirs = _message(lambda: torch.cat([t for t, _ in pairs], dim=dim), (RuntimeError, IndexError))
    ours = _message(lambda: gv.cat([g for _, g in pairs], dim=dim), (RuntimeError, IndexError))
    assert ours == theirs
