"""Tensor hooks, detach_, own attributes, strides and storage, unfold/movedim, numpy's
__array__ and its ufuncs on a tensor, set_grad_enabled as a context, setitem of a (1, 1) value
and as_tensor's shared memory: each against PyTorch (the gaps a run of public teaching
programs found)."""

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv


def both(make):
    return make(torch), make(gv)


def test_register_hook_replaces_the_gradient_and_its_handle_removes_it():
    for lib in (torch, gv):
        a = lib.ones(3, requires_grad=True)
        b = 2 * a
        handle = b.register_hook(lambda g: g * 10)
        seen = []
        a.register_hook(lambda g, seen=seen: seen.append(g.tolist()))
        b.sum().backward()
        assert a.grad.tolist() == [20.0, 20.0, 20.0]
        assert seen == [[20.0, 20.0, 20.0]]
        handle.remove()
        a.grad = None
        (2 * a).sum().backward()
        assert a.grad.tolist() == [2.0, 2.0, 2.0]


def test_a_hook_on_a_tensor_that_needs_no_gradient_is_refused():
    for lib in (torch, gv):
        with pytest.raises(RuntimeError, match="doesn't require gradient"):
            lib.ones(2).register_hook(lambda g: g)


def test_a_hook_is_dropped_with_its_tensor():
    from gradviz.engine.hooks import HOOKED

    before = len(HOOKED)
    a = gv.ones(2, requires_grad=True)
    a.register_hook(lambda g: g)
    assert len(HOOKED) == before + 1
    del a
    assert len(HOOKED) == before


def test_detach_in_place_cuts_the_graph():
    for lib in (torch, gv):
        h = lib.ones(2, requires_grad=True) * 2
        assert h.detach_() is h
        assert h.requires_grad is False and h.grad_fn is None


def test_a_program_keeps_its_own_attributes_on_a_tensor():
    t = gv.zeros(3)
    t.g = gv.ones(3)
    assert t.g.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("make", [
    lambda lib: lib.zeros(2, 3),
    lambda lib: lib.zeros(2, 3).t(),
    lambda lib: lib.zeros(2, 3, 4).permute(2, 0, 1),
    lambda lib: lib.zeros(4, 6)[:, ::2],
])  # not expand: gradviz's expand writes its copies out, PyTorch's has stride 0
def test_strides_and_contiguity_are_pytorchs(make):
    ours, theirs = make(gv), make(torch)
    assert ours.stride() == theirs.stride()
    assert ours.is_contiguous() == theirs.is_contiguous()
    assert ours.contiguous().is_contiguous()
    assert ours.contiguous().stride() == theirs.contiguous().stride()


def test_storage_lists_the_numbers():
    assert gv.tensor([[1.5, 2.5]]).data.storage().tolist() == [1.5, 2.5]
    assert len(gv.arange(6.0).reshape(2, 3).storage()) == 6


@pytest.mark.parametrize("dim,size,step", [(1, 3, 1), (1, 2, 2), (0, 1, 1), (-1, 6, 3)])
def test_unfold_gives_pytorchs_windows_and_gradients(dim, size, step):
    x = np.random.default_rng(0).normal(size=(2, 6))
    ours, theirs = gv.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    a, b = ours.unfold(dim, size, step), theirs.unfold(dim, size, step)
    assert tuple(a.shape) == tuple(b.shape)
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy())
    w = np.random.default_rng(1).normal(size=tuple(b.shape))
    (a * gv.tensor(w)).sum().backward()
    (b * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-12)


def test_unfold_refuses_a_window_wider_than_the_dimension():
    with pytest.raises(RuntimeError, match="maximum size"):
        gv.zeros(2, 3).unfold(1, 4, 1)


@pytest.mark.parametrize("source,destination", [(0, -1), (2, 0), ((0, 1), (2, 0)), (1, 1)])
def test_movedim_is_pytorchs(source, destination):
    x = np.arange(24.0).reshape(2, 3, 4)
    a = gv.tensor(x).movedim(source, destination)
    b = torch.tensor(x).movedim(source, destination)
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_numpy_reads_a_tensor_as_its_numbers():
    a = np.asarray(gv.arange(6.0).reshape(2, 3))
    assert a.dtype == np.float32 and a.sum() == 15.0
    with pytest.raises(RuntimeError, match="requires grad"):
        np.asarray(gv.ones(2, requires_grad=True))


@pytest.mark.parametrize("ufunc, make", [
    (np.sqrt, lambda lib: lib.tensor(6.25)),  # a 0-d loss, as in np.sqrt(loss_fn(...))
    (np.sqrt, lambda lib: lib.tensor([1, 4, 9])),  # int64: numpy's float64 answer
    (np.exp, lambda lib: lib.tensor([[0.5, -1.0]], dtype=lib.float64)),
    (np.abs, lambda lib: lib.tensor([-2.0, 3.0], dtype=lib.float16)),
    (np.isnan, lambda lib: lib.tensor([1.0, float("nan")])),  # a bool answer as uint8
    (np.greater, lambda lib: (lib.tensor([1.0, 3.0]), 2.0)),
    (np.add, lambda lib: (lib.tensor([1.0, 2.0]), lib.tensor([3.0, 4.0]))),
    (np.modf, lambda lib: lib.tensor([1.5, -2.25])),  # two answers, two tensors
])
def test_a_numpy_ufunc_on_a_tensor_answers_a_tensor(ufunc, make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PyTorch's old __array_wrap__
        theirs, ours = (ufunc(*args) if isinstance(args, tuple) else ufunc(args)
                        for args in both(make))
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
    else:
        theirs, ours = (theirs,), (ours,)
    for t, o in zip(theirs, ours, strict=True):
        assert type(o) is gv.Tensor and not o.requires_grad
        assert str(o.dtype).split(".")[1] == str(t.dtype).split(".")[1]
        assert tuple(o.shape) == tuple(t.shape)
        np.testing.assert_array_equal(o.numpy(), t.numpy())  # NaN where PyTorch has NaN


def test_a_numpy_ufunc_on_a_tensor_that_needs_a_gradient_is_refused():
    for lib in (torch, gv):
        with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires"):
            np.sqrt(lib.tensor(2.0, requires_grad=True))


def test_numpy_scalars_still_hand_their_operators_to_the_tensor():
    for lib in (torch, gv):
        t = lib.tensor([1.0, 4.0])
        for product in (np.float64(2.0) * t, t * np.float64(2.0), np.float32(2.0) * t):
            assert type(product) is type(t) and product.dtype == lib.float32
            assert product.tolist() == [2.0, 8.0]
        assert (np.float64(3.0) - lib.tensor(2.0)).item() == 1.0


def test_set_grad_enabled_is_a_call_and_a_context():
    x = gv.ones(2, requires_grad=True)
    with gv.set_grad_enabled(False):
        y = x * 2
    assert y.requires_grad is False and gv.is_grad_enabled()
    gv.set_grad_enabled(False)
    try:
        assert not gv.is_grad_enabled() and not (x * 2).requires_grad
    finally:
        gv.set_grad_enabled(True)
    with gv.set_grad_enabled(True):
        assert (x * 2).requires_grad


@pytest.mark.parametrize("requires_grad", [False, True])
def test_setitem_of_a_one_by_one_value_into_one_element(requires_grad):
    for lib in (torch, gv):
        a = lib.zeros(5, requires_grad=requires_grad) * 1
        v = lib.ones(1, 1, requires_grad=requires_grad) * 3
        a[2] = v
        assert a.tolist() == [0.0, 0.0, 3.0, 0.0, 0.0]
        if requires_grad:
            a.sum().backward()


def test_setitem_still_refuses_a_value_that_does_not_fit():
    with pytest.raises(ValueError):
        gv.zeros(5)[1:3] = gv.ones(3)


def test_as_tensor_shares_a_numpy_arrays_memory():
    n = np.ones(3)
    t, theirs = gv.as_tensor(n), torch.as_tensor(n)
    n[0] = 5
    assert t.tolist() == theirs.tolist() == [5.0, 1.0, 1.0]
    assert gv.as_tensor(n, dtype=gv.float32).tolist() == [5.0, 1.0, 1.0]
    n[1] = 7
    assert gv.as_tensor(np.ones(2), dtype=gv.float32).dtype == gv.float32


def test_a_storage_prints_as_pytorchs_and_writes_into_its_tensor():
    ours, theirs = gv.tensor([[4.0, 1.0], [5.0, 3.0]]), torch.tensor([[4.0, 1.0], [5.0, 3.0]])
    with warnings.catch_warnings():  # PyTorch says (once a process) TypedStorage is deprecated
        warnings.simplefilter("ignore", UserWarning)
        their_storage = theirs.storage()
    assert repr(ours.storage()).replace("gradviz", "torch") == repr(their_storage)
    ours.storage()[0] = 2.0
    their_storage[0] = 2.0
    assert ours.tolist() == theirs.tolist() == [[2.0, 1.0], [5.0, 3.0]]


@pytest.mark.parametrize("view", [lambda t: t[1], lambda t: t[:, 1], lambda t: t[1:, 1:],
                                  lambda t: t.t(), lambda t: t])
def test_storage_offset_is_pytorchs(view):
    x = np.arange(12.0).reshape(3, 4)
    assert view(gv.tensor(x)).storage_offset() == view(torch.tensor(x)).storage_offset()


@pytest.mark.parametrize("fmt", [None, "contiguous_format"])
def test_contiguous_copies_what_pytorch_lays_out_permuted(fmt):
    """A convolution's output permuted to (N, H, W, C) is laid out permuted in PyTorch even
    where numpy's array happens to be in C order: ``contiguous()`` copies it, and the copy
    views freely (the VQ-VAE's ``inputs.permute(0, 2, 3, 1).contiguous().view(-1, d)``)."""
    def run(L):
        L.manual_seed(0)
        y = L.nn.Conv2d(3, 4, 3)(L.ones(2, 3, 6, 6))
        permuted = y.permute(0, 2, 3, 1)
        dense = permuted.contiguous() if fmt is None else permuted.contiguous(
            memory_format=getattr(L, fmt))
        return (permuted.is_contiguous(), dense.is_contiguous(), dense is permuted,
                tuple(dense.view(-1, 4).shape))

    assert run(gv) == run(torch)
