"""The `torch.*` array helpers beside torch: ``broadcast_tensors``/``broadcast_shapes``,
``isin``, ``unravel_index``, ``asarray``, ``scalar_tensor``, ``fill``, ``logspace``, ``vander``,
``concatenate``, the twins of Tensor methods (``torch.narrow(x, …)``, ``torch.floor_(x)``),
type promotion (``result_type``, ``promote_types``, ``can_cast``), the thread counts,
``typename``, ``torch.version`` and the memory formats: values, dtypes, float64 gradients
(≤ 1e-9, and finite differences), ``grad_fn`` names, strides and errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same, same_grad

import gradviz as gv
from gradviz.engine import torch_twins

RNG = np.random.default_rng(3)


def test_broadcasting():
    same(lambda m: m.broadcast_shapes((2, 1), (3,), (1, 1, 1)))
    same(lambda m: m.broadcast_shapes(2, (3, 1)))
    same(lambda m: m.broadcast_shapes())
    same(lambda m: m.broadcast_shapes((2,), (3,)))
    same(lambda m: m.broadcast_shapes((4, 2, 3), (5, 3)))
    same(lambda m: m.broadcast_tensors(m.ones(2, 1), m.arange(3)))
    same(lambda m: m.broadcast_tensors(m.ones(2, 3), m.ones(4)))
    same(lambda m: m.broadcast_tensors(m.ones(2), m.ones(3)))
    same_grad(lambda m, a, b: m.broadcast_tensors(a, b), RNG.standard_normal((2, 1, 3)),
              RNG.standard_normal((4, 1)))
    same_grad(lambda m, a, b: m.broadcast_tensors(a, b)[1], RNG.standard_normal((2, 1, 3)),
              RNG.standard_normal((4, 1)))
    a, b = gv.broadcast_tensors(gv.ones(2, 1, requires_grad=True), gv.ones(3))
    assert type(a.grad_fn).__name__ == "ExpandBackward0" and a.shape == b.shape == (2, 3)


def test_membership_and_flat_indices():
    same(lambda m: m.isin(m.tensor([1, 2, 3]), m.tensor([2, 5])))
    same(lambda m: m.isin(m.tensor([[1, 2], [3, 4]]), m.tensor([2, 3]), invert=True))
    same(lambda m: m.isin(m.tensor([1.0, 2.0]), 2))
    same(lambda m: m.isin(2, m.tensor([1, 2])))
    same(lambda m: m.isin(m.tensor([1, 2]), m.tensor([2.0]), assume_unique=True))
    same(lambda m: m.unravel_index(m.tensor([4, 5, 0]), (2, 3)))
    same(lambda m: m.unravel_index(m.tensor(4), (3, 2)))
    same(lambda m: m.unravel_index(m.tensor([[1234], [5678]]), (10, 10, 10, 10)))
    same(lambda m: m.unravel_index(m.tensor([-1, 7]), m.Size([2, 3])))
    same(lambda m: m.unravel_index(m.tensor([4, 1]), 3))
    same(lambda m: m.unravel_index(m.tensor([1.0]), (2, 3)))
    same(lambda m: m.unravel_index(m.tensor([1]), (2, -3)))
    same(lambda m: m.unravel_index(m.tensor([1]), (2, 3.0)))


def test_new_tensors():
    array = np.arange(3.0)
    shared = gv.asarray(array)
    array[0] = 5
    assert shared[0].item() == 5 and gv.asarray(array, copy=True)._data is not array
    x = gv.ones(2)
    assert gv.asarray(x) is x and gv.asarray(x, copy=True) is not x
    same(lambda m: m.asarray([1.5, 2]))
    same(lambda m: m.asarray([1, 2]))
    same(lambda m: m.asarray(m.ones(2), dtype=m.float64))
    assert gv.asarray([1.0], requires_grad=True).requires_grad
    same(lambda m: m.scalar_tensor(3))
    same(lambda m: m.scalar_tensor(True))
    same(lambda m: m.scalar_tensor(2, dtype=m.int64))
    same(lambda m: m.fill(m.ones(2, 3, dtype=m.int64), 2.7))
    same(lambda m: m.fill(m.ones(2), m.tensor(4.0)))
    same(lambda m: m.fill(m.ones(2), m.tensor([4.0])))
    same_grad(lambda m, a: m.fill(a, 3.0) * a, RNG.standard_normal((2, 3)))
    y = gv.fill(gv.ones(2, requires_grad=True), 1.0)
    assert type(y.grad_fn).__name__ == "FillBackward0"


@pytest.mark.parametrize("args", [(0, 1, 5), (-2, 2, 7, 2), (1, 3, 4, 10.0), (0, 1, 1),
                                  (0, 1, 0), (0.5, -1.5, 9, 3)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_logspace_to_the_bit(args, dtype):
    """float32 to the bit; float64 to PyTorch's pow, an ulp from libm's."""
    ours = gv.logspace(*args, dtype=getattr(gv, dtype)).numpy()
    theirs = torch.logspace(*args, dtype=getattr(torch, dtype)).numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=0 if dtype == "float32" else 1e-15)


def test_logspace_more():
    same(lambda m: m.logspace(0, 3, 4, dtype=m.int64))
    same(lambda m: m.logspace(0, 2, steps=3, base=2))
    same(lambda m: m.logspace(0, 2, -1))
    assert gv.logspace(0, 1, 3, requires_grad=True).requires_grad


def test_vander():
    same(lambda m: m.vander(m.tensor([1, 2, 3])))
    same(lambda m: m.vander(m.tensor([1, 2], dtype=m.int32), N=4))
    same(lambda m: m.vander(m.tensor([1.0, 2, 3]), N=2, increasing=True))
    same(lambda m: m.vander(m.ones(2), N=0))
    same(lambda m: m.vander(m.ones(2, 2)))
    same(lambda m: m.vander(m.ones(2), N=-1))
    # torch's own backward of vander fails (its cumprod's input is changed in place), so
    # gradviz's gradient is checked against finite differences only.
    for n, increasing in ((None, False), (3, True), (1, False)):
        x = gv.tensor(RNG.standard_normal(4), requires_grad=True)
        assert gv.gradcheck(lambda x, n=n, inc=increasing: gv.vander(x, n, inc), [x])
    assert type(gv.vander(gv.ones(3, requires_grad=True)).grad_fn).__name__ == "FlipBackward0"


def test_concatenate():
    same(lambda m: m.concatenate([m.ones(2, 1), m.zeros(2, 2)], axis=1))
    same(lambda m: m.concatenate((m.ones(2), m.zeros(1))))
    same_grad(lambda m, a, b: m.concatenate([a, b], dim=0), RNG.standard_normal((2, 3)),
              RNG.standard_normal((1, 3)))


# How each twin is called, where it takes more than one float tensor (values compared; the
# differentiable ones' gradients too).
_INTS = [[4, 6, 9], [6, 4, 3]]
TWIN_CALLS = {
    "take": lambda m: m.take(m.arange(6.0).reshape(2, 3), m.tensor([0, 5, 2])),
    "gcd": lambda m: m.gcd(m.tensor(_INTS[0]), m.tensor(_INTS[1])),
    "lcm": lambda m: m.lcm(m.tensor(_INTS[0]), m.tensor(_INTS[1])),
    "ldexp": lambda m: m.ldexp(m.tensor([0.5, 1.5]), m.tensor([2, 3])),
    "frexp": lambda m: m.frexp(m.tensor([0.5, 12.0, -3.0])),
    "isneginf": lambda m: m.isneginf(m.tensor([1.0, -float("inf"), float("inf")])),
    "isposinf": lambda m: m.isposinf(m.tensor([1.0, -float("inf"), float("inf")])),
    "isreal": lambda m: m.isreal(m.tensor([1.0, 2.0])),
    "is_nonzero": lambda m: m.is_nonzero(m.tensor([0.5])),
    "is_same_size": lambda m: m.is_same_size(m.ones(2, 3), m.zeros(2, 3)),
    "is_signed": lambda m: m.is_signed(m.tensor([1], dtype=m.uint8)),
    "histogram": lambda m: tuple(m.histogram(m.tensor([1.0, 2.0, 1.5, 4.0]), bins=3)),
}


@pytest.mark.parametrize("name", sorted(n for n in torch_twins.METHOD_TWINS
                                        if hasattr(gv.Tensor, n)))
def test_method_twins_are_the_methods(name):
    calls = {"clone": (), "detach": (), "narrow": (1, 1, 2), "movedim": (0, 2),
             "moveaxis": ((0, 1), (2, 0)), "ger": None}
    if name in TWIN_CALLS:
        same(TWIN_CALLS[name])
        return
    if name == "ger":
        same_grad(lambda m, a, b: m.ger(a, b), RNG.standard_normal(3), RNG.standard_normal(4))
        return
    args = calls.get(name, ())
    if name == "detach":
        same(lambda m: m.detach(m.ones(2, requires_grad=True) * 2))
        return
    same_grad(lambda m, a: getattr(m, name)(a, *args), RNG.standard_normal((2, 3, 4)))


def test_method_twins_speak_pytorch():
    same(lambda m: m.narrow(m.ones(3, 4), 0, 2, 2))
    same(lambda m: m.narrow(m.ones(3, 4), -1, m.tensor(1), 2))
    same(lambda m: m.movedim(m.ones(2, 3, 4), (0, 1), (1,)))
    same(lambda m: m.detach(m.ones(2, requires_grad=True)).requires_grad)
    x = gv.ones(2, 3).t()
    assert gv.clone(x).stride() == torch.ones(2, 3).t().clone().stride()
    assert gv.narrow.__name__ == "narrow"


@pytest.mark.parametrize("name", sorted(n for n in torch_twins.INPLACE_TWINS
                                        if hasattr(gv.Tensor, n)))
def test_inplace_twins_change_their_argument(name):
    args = {"xlogy_": (gv.tensor([0.5, 2.0, 3.0]),), "clamp_min_": (0.4,), "clamp_max_": (0.6,),
            "gcd_": (gv.tensor([6, 4, 3]),), "lcm_": (gv.tensor([6, 4, 3]),),
            "ldexp_": (gv.tensor([2, 3, -1]),)}.get(name, ())
    torch_args = tuple(torch.tensor(a.numpy()) if isinstance(a, gv.Tensor) else a for a in args)
    data = [4, 6, 9] if name in ("gcd_", "lcm_") else [0.25, 0.5, 0.75]
    a, t = gv.tensor(data), torch.tensor(data)
    ours, theirs = getattr(gv, name)(a, *args), getattr(torch, name)(t, *torch_args)
    assert ours is a and a._version == t._version == 1
    np.testing.assert_allclose(a.numpy(), theirs.numpy(), rtol=1e-6)


def test_twins_cover_only_methods_that_exist():
    for name in (*torch_twins.METHOD_TWINS, *torch_twins.INPLACE_TWINS):
        assert hasattr(torch, name)
        assert hasattr(gv, name) == hasattr(gv.Tensor, name), name
    same(lambda m: m.sin_(m.ones(2).requires_grad_()))
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        gv.narrow([1, 2], 0, 0, 1)


def test_type_promotion():
    pairs = [(lambda m: m.tensor([1]), 1.0), (1, 2.0), (2, 3), (True, 2),
             (lambda m: m.tensor([1]), lambda m: m.tensor(1.0, dtype=m.float64)),
             (lambda m: m.tensor(1, dtype=m.int8), 1000),
             (lambda m: m.tensor(1, dtype=m.int32), lambda m: m.tensor([1], dtype=m.int8)),
             (lambda m: m.tensor([True]), lambda m: m.tensor(1, dtype=m.int32)),
             (lambda m: m.tensor([1], dtype=m.float16), lambda m: m.tensor(1.0, dtype=m.float64)),
             (lambda m: m.tensor([1], dtype=m.uint8), -1), ("a", 1)]

    def value(v, m):
        return v(m) if callable(v) else v

    for a, b in pairs:
        same(lambda m, a=a, b=b: str(m.result_type(value(a, m), value(b, m))).split(".")[1])
    names = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32",
             "float64"]
    for a in names:
        for b in names:
            same(lambda m, a=a, b=b: str(m.promote_types(getattr(m, a), getattr(m, b))
                                         ).split(".")[1])
            same(lambda m, a=a, b=b: m.can_cast(getattr(m, a), getattr(m, b)))
    same(lambda m: m.promote_types(m.float32, 3))
    same(lambda m: m.can_cast(1, m.float32))


def test_thread_counts_read_back():
    before = gv.get_num_threads(), gv.get_num_interop_threads()
    assert all(isinstance(n, int) and n > 0 for n in before)
    gv.set_num_threads(1)
    gv.set_num_interop_threads(3)
    assert (gv.get_num_threads(), gv.get_num_interop_threads()) == (1, 3)
    gv.set_num_threads(before[0])
    gv.set_num_interop_threads(before[1])
    same(lambda m: m.set_num_threads(0))
    same(lambda m: m.set_num_threads(-2))
    same(lambda m: m.set_num_interop_threads(0))
    same(lambda m: m.set_num_threads("a"))


def test_typename_and_version():
    for make in (lambda m: m.ones(2), lambda m: m.ones(2, dtype=m.long), lambda m: 3,
                 lambda m: "s", lambda m: int, lambda m: [1]):
        same(lambda m, make=make: m.typename(make(m)))
    assert gv.typename(gv.nn.Linear(2, 2)).endswith(".Linear")
    import gradviz.version

    assert gradviz.version.__version__ == gv.__version__ and gv.version.cuda is None
    assert gv.version.hip is None and gv.version.debug is False


def test_memory_formats():
    assert repr(gv.channels_last) == "gradviz.channels_last"
    assert isinstance(gv.channels_last, gv.memory_format)
    x, t = gv.randn(2, 3, 4, 5), torch.randn(2, 3, 4, 5)
    for ours, theirs in [(x.contiguous(memory_format=gv.channels_last),
                          t.contiguous(memory_format=torch.channels_last)),
                         (x.to(memory_format=gv.channels_last),
                          t.to(memory_format=torch.channels_last)),
                         (x.clone(memory_format=gv.channels_last),
                          t.clone(memory_format=torch.channels_last)),
                         (gv.clone(x, memory_format=gv.channels_last),
                          torch.clone(t, memory_format=torch.channels_last)),
                         (x.to(gv.float64, memory_format=gv.channels_last),
                          t.to(torch.float64, memory_format=torch.channels_last)),
                         (x.contiguous(memory_format=gv.contiguous_format),
                          t.contiguous(memory_format=torch.contiguous_format))]:
        assert ours.stride() == theirs.stride()
        for fmt in ("contiguous_format", "channels_last"):
            assert ours.is_contiguous(memory_format=getattr(gv, fmt)) == \
                theirs.is_contiguous(memory_format=getattr(torch, fmt))
        assert ours.is_contiguous() == theirs.is_contiguous()
        assert (ours + 1).stride() == (theirs + 1).stride()
        assert ours.clone().stride() == theirs.clone().stride()
        assert ours.contiguous().stride() == theirs.contiguous().stride()
    np.testing.assert_array_equal(x.contiguous(memory_format=gv.channels_last).numpy(),
                                  x.numpy())
    five = gv.ones(2, 3, 4, 5, 6).contiguous(memory_format=gv.channels_last_3d)
    assert five.stride() == torch.ones(2, 3, 4, 5, 6).contiguous(
        memory_format=torch.channels_last_3d).stride()
    same(lambda m: m.ones(2, 3).contiguous(memory_format=m.channels_last))
    same(lambda m: m.ones(2, 3).contiguous(memory_format=m.preserve_format))
    same(lambda m: m.ones(2, 3).t().contiguous(memory_format=m.preserve_format))
    y = gv.ones(2, 3)
    assert y.to("cpu", non_blocking=True) is y and y.to(y.dtype, copy=True) is not y
    assert y.to(memory_format=gv.preserve_format) is y


def test_channels_last_gradients():
    same_grad(lambda m, a: (a.contiguous(memory_format=m.channels_last) * 2).sum(1),
              RNG.standard_normal((2, 3, 2, 2)))
    conv = gv.nn.Conv2d(3, 2, 3, padding=1).double()
    x = gv.randn(1, 3, 4, 4, dtype=gv.float64).to(memory_format=gv.channels_last)
    assert conv.to(memory_format=gv.channels_last, non_blocking=True) is conv
    assert conv.weight.stride() == torch.nn.Conv2d(3, 2, 3).to(
        memory_format=torch.channels_last).weight.stride()
    np.testing.assert_allclose(conv(x).detach().numpy(), conv(x.contiguous()).detach().numpy(),
                               rtol=1e-12)
