"""What the fifteenth corpus sample needed, beside torch: F.linear adding a bias of another
dtype after the product where PyTorch does, torch.cuda.empty_cache, PackedSequence's device
and dtype methods, and PyTorch's node names for a batch_first RNN/GRU output
(TransposeBackward1) and for pad_packed_sequence (CopySlices, IndexSelectBackward0), and
CopySlices for an assignment through a basic index."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from api_pairs import error_of

import gradviz as gv
import gradviz.nn.functional as G

RNG = np.random.default_rng(15)


def _pair(array, dtype="float64", requires_grad=False):
    array = np.asarray(array, dtype=dtype)
    return (torch.tensor(array, requires_grad=requires_grad),
            gv.tensor(array, requires_grad=requires_grad))


LINEAR_CASES = {  # input shape, weight shape, bias (an int64 tensor unless float64 given)
    "vector, vector, 0-d bias": ((3,), (3,), 2),
    "4-d input, 0-d bias": ((2, 2, 2, 3), (4, 3), 2),
    "non-contiguous 3-d input, 1-d bias": ("transposed", (4, 3), [0, 1, 2, 3]),
    "vector, float64 bias into float32": ((3,), (3,), 0.5),
}


@pytest.mark.parametrize("case", LINEAR_CASES)
def test_linear_adds_a_bias_of_another_dtype_after_the_product(case):
    shape, w_shape, bias = LINEAR_CASES[case]
    x = RNG.standard_normal((3, 2, 2)).transpose(2, 1, 0) if shape == "transposed" else \
        RNG.standard_normal(shape)
    w = RNG.standard_normal(w_shape)
    t_x, g_x = _pair(x, "float32", requires_grad=True)
    t_w, g_w = _pair(w, "float32", requires_grad=True)
    bias_dtype = "float64" if isinstance(bias, float) else "int64"
    t_b, g_b = _pair(bias, bias_dtype)
    if shape == "transposed":  # the same non-contiguous view in both libraries
        t_x, g_x = _pair(x.transpose(2, 1, 0), "float32", requires_grad=True)
        t_in, g_in = t_x.transpose(0, 2), g_x.transpose(0, 2)
        assert not t_in.is_contiguous() and not g_in.is_contiguous()
    else:
        t_in, g_in = t_x, g_x
    theirs, ours = F.linear(t_in, t_w, t_b), G.linear(g_in, g_w, g_b)
    assert repr(ours.dtype).replace("gradviz", "torch") == repr(theirs.dtype) == "torch.float32"
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "AddBackward0"
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6)
    upstream = RNG.standard_normal(theirs.shape).astype(np.float32)
    theirs.backward(torch.tensor(upstream))
    ours.backward(gv.tensor(upstream))
    np.testing.assert_allclose(g_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g_w.grad.numpy(), t_w.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_linear_with_an_int_bias_gradients_in_float64():
    t_x, g_x = _pair(RNG.standard_normal((2, 2, 2, 3)), requires_grad=True)
    t_w, g_w = _pair(RNG.standard_normal((4, 3)), requires_grad=True)
    F.linear(t_x, t_w, torch.tensor(3)).pow(2).sum().backward()
    G.linear(g_x, g_w, gv.tensor(3)).pow(2).sum().backward()
    np.testing.assert_allclose(g_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(g_w.grad.numpy(), t_w.grad.numpy(), rtol=1e-9, atol=1e-12)
    fresh = gv.tensor(RNG.standard_normal((2, 3)), requires_grad=True)
    assert gv.autograd.gradcheck(lambda w: G.linear(gv.ones(2, 2, 2, 3, dtype=gv.float64), w,
                                                    gv.tensor(3)), (fresh,))


@pytest.mark.parametrize("shapes", [((2, 3), (4, 3), [0, 1, 2, 3]), ((2, 3), (3,), 1),
                                    ((2, 2, 3), (4, 3), [0, 1, 2, 3]),
                                    ((3,), (4, 3), [0, 1, 2, 3])])
def test_linear_where_pytorch_fuses_the_bias_still_asks_for_one_dtype(shapes):
    x, w, bias = shapes
    theirs = error_of(lambda: F.linear(torch.ones(x), torch.ones(w), torch.tensor(bias)))
    ours = error_of(lambda: G.linear(gv.ones(x), gv.ones(w), gv.tensor(bias)))
    assert ours == theirs == ("RuntimeError", "self and mat2 must have the same dtype, but got "
                                              "Long and Float")


def test_cuda_empty_cache_without_a_gpu_does_nothing():
    assert gv.cuda.empty_cache() is None
    assert torch.cuda.empty_cache() is None


def _packs():
    seqs = [RNG.standard_normal((n, 2)) for n in (2, 3, 1)]
    return (torch.nn.utils.rnn.pack_sequence([torch.tensor(s) for s in seqs], enforce_sorted=False),
            gv.nn.utils.rnn.pack_sequence([gv.tensor(s) for s in seqs], enforce_sorted=False))


@pytest.mark.parametrize("method", ["double", "float", "half", "long", "int", "short", "char",
                                    "byte"])
def test_packed_sequence_converts_its_data_as_pytorch_does(method):
    theirs, ours = (getattr(p, method)() for p in _packs())
    assert type(ours) is gv.nn.utils.rnn.PackedSequence
    assert str(ours.data.dtype).replace("gradviz", "torch") == str(theirs.data.dtype)
    np.testing.assert_array_equal(ours.data.numpy(), theirs.data.numpy())
    for name in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        assert str(getattr(ours, name).dtype).replace("gradviz", "torch") == \
            str(getattr(theirs, name).dtype) == "torch.int64"
        np.testing.assert_array_equal(getattr(ours, name).numpy(), getattr(theirs, name).numpy())


def test_packed_sequence_on_its_device_is_itself():
    theirs, ours = _packs()
    assert ours.cpu() is ours and theirs.cpu() is theirs
    assert ours.to("cpu") is ours and ours.to(gv.float64) is ours
    assert ours.is_cuda is theirs.is_cuda is False
    assert type(ours) == gv.nn.utils.rnn.PackedSequence  # noqa: E721 - as Raff's code tests it
    assert ours.to(gv.float32).data.dtype is gv.float32


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("layers, bidirectional", [(1, False), (2, True)])
@pytest.mark.parametrize("cell", ["RNN", "GRU", "LSTM"])
def test_batch_first_recurrent_outputs_print_pytorchs_node(cell, layers, bidirectional, dtype):
    x = RNG.standard_normal((2, 4, 3))
    names = []
    for lib in (torch, gv):
        torch.manual_seed(0)
        module = getattr(torch.nn, cell)(3, 5, num_layers=layers, bidirectional=bidirectional,
                                         batch_first=True, dtype=getattr(torch, dtype))
        if lib is gv:
            theirs_module = module
            module = getattr(gv.nn, cell)(3, 5, num_layers=layers, bidirectional=bidirectional,
                                          batch_first=True, dtype=getattr(gv, dtype))
            module.load_state_dict({k: gv.tensor(v.detach().numpy())
                                    for k, v in theirs_module.state_dict().items()})
        out, _ = module(lib.tensor(x, dtype=getattr(lib, dtype)))
        names.append((out.grad_fn.name(), out.detach().numpy()))
    (t_name, t_out), (g_name, g_out) = names
    assert g_name == t_name == ("TransposeBackward0" if cell == "LSTM" else "TransposeBackward1")
    np.testing.assert_allclose(g_out, t_out, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("enforce_sorted", [True, False])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("total_length", [None, 5])
def test_pad_packed_sequence_prints_pytorchs_node_and_passes_gradients(enforce_sorted,
                                                                        batch_first,
                                                                        total_length):
    lengths = (3, 2, 1) if enforce_sorted else (2, 3, 1)
    seqs = [RNG.standard_normal((n, 2)) for n in lengths]
    results = []
    for lib in (torch, gv):
        leaves = [lib.tensor(s, requires_grad=True) for s in seqs]
        packed = lib.nn.utils.rnn.pack_sequence([s * 1 for s in leaves],
                                                enforce_sorted=enforce_sorted)
        padded, sizes = lib.nn.utils.rnn.pad_packed_sequence(packed, batch_first=batch_first,
                                                             total_length=total_length)
        padded.backward(lib.tensor(np.arange(padded.numel(), dtype=np.float64)
                                   .reshape(tuple(padded.shape))))
        results.append((padded.grad_fn.name(), repr(padded.grad_fn).split(" object")[0],
                        padded.detach().numpy(), sizes.numpy(),
                        [leaf.grad.numpy() for leaf in leaves]))
    theirs, ours = results
    assert ours[:2] == theirs[:2]
    expected = "IndexSelectBackward0" if not enforce_sorted else \
        "TransposeBackward0" if batch_first else "torch::autograd::CopySlices"
    assert theirs[0] == expected
    np.testing.assert_array_equal(ours[2], theirs[2])
    np.testing.assert_array_equal(ours[3], theirs[3])
    for mine, its in zip(ours[4], theirs[4], strict=True):
        np.testing.assert_allclose(mine, its, rtol=1e-12)


def test_copy_slices_is_named_with_pytorchs_namespace():
    theirs = F.pad(torch.ones(1, 1, 3, requires_grad=True), (1, 1), mode="circular")
    ours = G.pad(gv.ones(1, 1, 3, requires_grad=True), (1, 1), mode="circular")
    assert ours.grad_fn.name() == theirs.grad_fn.name() == "torch::autograd::CopySlices"
    assert repr(ours).replace("gradviz", "torch") == repr(theirs)
    assert repr(ours.grad_fn).split(" object")[0] == repr(theirs.grad_fn).split(" object")[0]


SETITEM_CASES = {  # key, value's rows of x: a view's slots (CopySlices) or a gather (IndexPut)
    "slice": ((slice(0, 2),), slice(0, 2)),
    "integer": ((1,), 0),
    "column": ((slice(None), 1), (slice(None), 0)),
    "ellipsis": ((Ellipsis, slice(0, 1)), (slice(None), slice(0, 1))),
    "integer tensor": ("tensor", slice(0, 2)),
    "list": ([0, 2], slice(0, 2)),
}


@pytest.mark.parametrize("case", SETITEM_CASES)
def test_assignment_into_a_view_prints_copy_slices(case):
    key, rows = SETITEM_CASES[case]
    x = RNG.standard_normal((4, 3))
    results = []
    for lib in (torch, gv):
        leaf = lib.tensor(x, requires_grad=True)
        z = lib.zeros(4, 3, dtype=lib.float64)
        index = lib.tensor([0, 2]) if key == "tensor" else key[0] if len(key) == 1 else key
        z[index] = leaf[rows] * 2
        (z * lib.arange(12, dtype=lib.float64).reshape(4, 3)).sum().backward()
        results.append((z.grad_fn.name(), repr(z).replace("gradviz", "torch"), leaf.grad.numpy()))
    (t_name, t_repr, t_grad), (g_name, g_repr, g_grad) = results
    gather = case in ("integer tensor", "list")
    assert g_name == t_name == ("IndexPutBackward0" if gather else "torch::autograd::CopySlices")
    assert g_repr == t_repr
    np.testing.assert_allclose(g_grad, t_grad, rtol=1e-12)
