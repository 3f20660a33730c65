"""`torch.finfo`/`torch.iinfo` (their fields and reprs) and `torch.testing.assert_close` (its
default tolerances by dtype and its messages) beside PyTorch's."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from api_pairs import same

import gradviz as gv
import gradviz.testing

FLOATS = ("float16", "float32", "float64")
INTS = ("uint8", "int8", "int16", "int32", "int64")


@pytest.mark.parametrize("name", FLOATS)
def test_finfo_matches_torch(name):
    ours, theirs = gv.finfo(getattr(gv, name)), torch.finfo(getattr(torch, name))
    for field in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution",
                  "dtype"):
        assert getattr(ours, field) == getattr(theirs, field), field
        assert type(getattr(ours, field)) is type(getattr(theirs, field)), field
    assert repr(ours) == repr(theirs) and str(ours) == str(theirs)


@pytest.mark.parametrize("name", INTS)
def test_iinfo_matches_torch(name):
    ours, theirs = gv.iinfo(getattr(gv, name)), torch.iinfo(getattr(torch, name))
    for field in ("bits", "max", "min", "dtype"):
        assert getattr(ours, field) == getattr(theirs, field), field
        assert type(getattr(ours, field)) is type(getattr(theirs, field)), field
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("call", [
    lambda T: T.finfo().eps,
    lambda T: T.finfo(T.float).max,
    lambda T: T.finfo(T.double).tiny,
    lambda T: T.finfo(T.int64),
    lambda T: T.iinfo(T.float32),
    lambda T: T.iinfo(T.bool),
    lambda T: T.iinfo(T.long).max,
    lambda T: T.finfo(T.float32) == T.finfo(T.float),
    lambda T: T.tensor([1e-9]).clamp(min=T.finfo(T.float32).eps),
    lambda T: T.tensor([70000.]).clamp(max=T.finfo(T.float16).max),
])
def test_info_uses_match_torch(call):
    same(call)


def test_finfo_of_a_tensor_is_refused_as_torch():
    for lib in (torch, gv):
        with pytest.raises(TypeError, match=r"finfo\(\): argument 'type' \(position 1\) must be "
                           r"torch.dtype, not Tensor"):
            lib.finfo(lib.ones(2))


def test_finfo_follows_the_default_dtype():
    gv.set_default_dtype(gv.float64)
    try:
        assert gv.finfo().eps == torch.finfo(torch.float64).eps
    finally:
        gv.set_default_dtype(gv.float32)


# ── assert_close ─────────────────────────────────────────────────────────────────────────
def _message(lib, call) -> tuple[str, str]:
    try:
        call(lib)
    except Exception as error:  # noqa: BLE001 - the message is what is compared
        return type(error).__name__, str(error).replace("gradviz.", "torch.")
    return "", ""


@pytest.mark.parametrize("call", [
    lambda T: T.testing.assert_close(T.tensor([1., 2, 3]), T.tensor([1., 2.5, 3])),
    lambda T: T.testing.assert_close(T.tensor([[1., 2], [3, 4]]), T.tensor([[1., 2], [3, 4.1]])),
    lambda T: T.testing.assert_close(T.tensor(1.), T.tensor(1.5)),
    lambda T: T.testing.assert_close(T.tensor([1, 2]), T.tensor([1, 3])),
    lambda T: T.testing.assert_close(T.tensor([1., 2]), T.tensor([1., 2], dtype=T.float64)),
    lambda T: T.testing.assert_close(T.tensor([1., 2]), T.tensor([1., 2, 3])),
    lambda T: T.testing.assert_close(1.0, 1.5),
    lambda T: T.testing.assert_close(1, 2),
    lambda T: T.testing.assert_close([T.tensor([1.]), T.tensor([2.])],
                                     [T.tensor([1.]), T.tensor([2.5])]),
    lambda T: T.testing.assert_close({"a": T.tensor([1.])}, {"a": T.tensor([1.5])}),
    lambda T: T.testing.assert_close({"a": T.tensor([1.])}, {"b": T.tensor([1.5])}),
    lambda T: T.testing.assert_close([1., 2.], [1., 2.]),
    lambda T: T.testing.assert_close(T.tensor([math.nan]), T.tensor([math.nan])),
    lambda T: T.testing.assert_close(T.tensor([math.nan]), T.tensor([math.nan]), equal_nan=True),
    lambda T: T.testing.assert_close(T.tensor([1.]), T.tensor([1.1]), rtol=0.2),
    lambda T: T.testing.assert_close(T.tensor([1.]), T.tensor([1.1]), rtol=0.2, atol=0),
    lambda T: T.testing.assert_close(T.tensor([1.]), T.tensor([1.1]), msg="custom"),
    lambda T: T.testing.assert_close(T.tensor([1.]), T.tensor([1.1]),
                                     msg=lambda text: "custom: " + text),
    lambda T: T.testing.assert_close(T.tensor([1.]), T.tensor([1.0000001])),
    lambda T: T.testing.assert_close(T.tensor([0., 1.]), T.tensor([1e-3, 2.])),
    lambda T: T.testing.assert_close(np.array([1.]), np.array([1.5])),
    lambda T: T.testing.assert_close(T.tensor([1., 2]), T.tensor([1., 2], dtype=T.float64),
                                     check_dtype=False),
    lambda T: T.testing.assert_close(T.tensor([True]), T.tensor([False])),
    lambda T: T.testing.assert_close(T.tensor([1., 2], requires_grad=True), T.tensor([1., 2])),
    lambda T: T.testing.assert_close(None, None),
    lambda T: T.testing.assert_close(T.tensor([1., math.inf]), T.tensor([1., math.inf])),
    lambda T: T.testing.assert_close(T.tensor([1., math.inf]), T.tensor([1., -math.inf])),
    lambda T: T.testing.assert_close((1, 2), (1, 2, 3)),
    lambda T: T.testing.assert_close(T.tensor([1., 2], dtype=T.float64),
                                     T.tensor([1. + 1e-8, 2], dtype=T.float64)),
    lambda T: T.testing.assert_close(T.tensor([1., 2], dtype=T.float16),
                                     T.tensor([1.001, 2], dtype=T.float16)),
    lambda T: T.testing.assert_close(T.arange(12.).reshape(3, 4) ** 2,
                                     T.arange(12.).reshape(3, 4) ** 2 + T.tensor(
                                         [0., 1e-3, 0, 2e-3] * 3).reshape(3, 4)),
    lambda T: T.testing.assert_close(T.tensor([[1, 2], [3, 4]], dtype=T.int32),
                                     T.tensor([[1, 2], [5, 4]], dtype=T.int32)),
])
def test_assert_close_matches_torch(call):
    assert _message(gv, call) == _message(torch, call)


def test_assert_close_refuses_mixed_types_as_torch():
    with pytest.raises(TypeError, match="No comparison pair was able to handle inputs of type "
                       "<class 'gradviz.Tensor'> and <class 'float'>."):
        gv.testing.assert_close(gv.tensor([1.]), 1.)


def test_assert_close_is_importable_as_torch_testing():
    assert gradviz.testing.assert_close is gv.testing.assert_close
    gv.testing.assert_close(gv.tensor([1., 2.]), gv.tensor([1., 2. + 1e-6]))


@pytest.mark.parametrize("call", [
    lambda T: T.testing.assert_allclose(T.tensor([1., 2.]), [1., 2.00001]),
    lambda T: T.testing.assert_allclose(T.tensor([1., 2.]), [1., 2.1]),
    lambda T: T.testing.assert_allclose([1., math.nan], [1., math.nan]),
    lambda T: T.testing.assert_allclose(T.tensor([1., 2.]), T.tensor([1., 2.5],
                                                                     dtype=T.float64)),
    lambda T: T.testing.assert_allclose(T.tensor([1, 2]), [1, 3], msg="old"),
])
def test_the_old_assert_allclose_matches_torch(call):
    with pytest.warns(FutureWarning, match=r"assert_allclose\(\)` is deprecated since 1.12"):
        ours = _message(gv, call)
    with pytest.warns(FutureWarning):
        assert ours == _message(torch, call)
