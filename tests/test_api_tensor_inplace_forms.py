"""Tensor's remaining in-place forms beside PyTorch — the elementwise ones (``floor_``,
``rsqrt_``, ``arccos_``…), the comparisons and logical and bitwise ones (``eq_``, ``less_``,
``logical_not_``, ``bitwise_xor_``), ``clamp_min_``/``clamp_max_``, ``nan_to_num_``,
``tril_``/``triu_``, ``cumsum_``/``cumprod_``, ``divide_`` and its aliases, ``swapaxes_``,
``resize_as_``: values and dtypes written into the tensor itself, its version count, the
recorded change's gradient and ``grad_fn``, and PyTorch's errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from api_pairs import same

import gradviz as gv

_UNARY = ["acos_", "asin_", "atan_", "arccos_", "arcsin_", "arctan_", "ceil_", "floor_",
          "round_", "trunc_", "fix_", "erf_", "exp2_", "log10_", "log1p_", "log2_", "rsqrt_",
          "sign_", "sgn_", "negative_", "nan_to_num_", "tril_", "triu_"]
_COMPARE = ["eq_", "ne_", "not_equal_", "lt_", "le_", "gt_", "ge_", "less_", "less_equal_",
            "greater_", "greater_equal_"]
_VALUES = [[0.25, -0.5, 0.75], [0.5, 0.9, -0.1]]


def _written(m, name, *args, dtype=None, values=_VALUES, **kwargs):
    x = m.tensor(values, dtype=dtype or m.float32)
    y = getattr(x, name)(*args, **kwargs)
    assert y is x
    return x, x._version


@pytest.mark.parametrize("name", _UNARY)
def test_unary_forms(name):
    same(lambda m: _written(m, name))
    same(lambda m: _written(m, name, dtype=m.float64, values=[1e-3, 0.5, -0.99]))


def test_forms_with_arguments():
    for name, args, kwargs in (("clamp_min_", (0.3,), {}), ("clamp_max_", (0.3,), {}),
                               ("cumsum_", (1,), {}), ("cumprod_", (0,), {}),
                               ("tril_", (-1,), {}), ("triu_", (1,), {}),
                               ("divide_", (2.0,), {}), ("true_divide_", (3.0,), {}),
                               ("divide_", (0.3,), {"rounding_mode": "floor"}),
                               ("multiply_", (-2.0,), {}), ("subtract_", (1.0,), {"alpha": 2}),
                               ("renorm_", (2, 0, 0.5), {}), ("swapaxes_", (0, 1), {}),
                               ("swapdims_", (1, 0), {})):
        same(lambda m, n=name, a=args, k=kwargs: _written(m, n, *a, **k))
    same(lambda m: _written(m, "nan_to_num_", 0.0, 9.0, values=[[np.nan, np.inf, -np.inf]]))
    same(lambda m: _written(m, "cumsum_", 0, dtype=m.int64, values=[[1, 2], [3, 4]]))
    same(lambda m: _written(m, "divide_", 2, dtype=m.int64, values=[[7, -7]],
                            rounding_mode="trunc"))
    same(lambda m: _written(m, "resize_as_", m.zeros(3, 2)))


@pytest.mark.parametrize("name", _COMPARE)
def test_comparisons_keep_the_dtype(name):
    same(lambda m: _written(m, name, m.tensor([0.25, 0.9, 0.75])))
    same(lambda m: _written(m, name, 0.5))
    same(lambda m: _written(m, name, 2, dtype=m.int64, values=[1, 2, 3]))


def test_logical_and_bitwise_forms():
    for name in ("logical_and_", "logical_or_", "logical_xor_"):
        same(lambda m, n=name: _written(m, n, m.tensor([1.0, 0.0, 0.0]), values=[1.0, 1.0, 0.0]))
    same(lambda m: _written(m, "logical_not_", values=[2.0, 0.0]))
    same(lambda m: _written(m, "logical_not_", dtype=m.bool, values=[True, False]))
    for name in ("bitwise_and_", "bitwise_or_", "bitwise_xor_"):
        same(lambda m, n=name: _written(m, n, m.tensor([6, 3]), dtype=m.int64, values=[5, 12]))
        same(lambda m, n=name: _written(m, n, True, dtype=m.bool, values=[True, False]))
    same(lambda m: _written(m, "bitwise_not_", dtype=m.int32, values=[5, -1]))
    same(lambda m: _written(m, "bitwise_and_", m.tensor([1.0])))


def test_errors_before_anything_changes():
    same(lambda m: m.tensor([1, 4]).sqrt_())
    same(lambda m: m.tensor([1, 4]).rsqrt_())
    same(lambda m: m.tensor([1, 2]).divide_(2))
    same(lambda m: m.tensor([1, 2]).true_divide_(m.tensor([2, 2])))
    same(lambda m: m.ones(2).gt_(m.zeros(3, 2)))
    same(lambda m: m.ones(2, requires_grad=True).floor_())
    same(lambda m: m.ones(2, requires_grad=True).eq_(1))
    x = gv.tensor([1, 4])
    with pytest.raises(RuntimeError):
        x.log2_()
    assert x.tolist() == [1, 4] and x._version == 0


@pytest.mark.parametrize(("name", "args"), [
    ("clamp_min_", (0.1,)), ("clamp_max_", (0.1,)), ("cumsum_", (1,)), ("cumprod_", (0,)),
    ("tril_", ()), ("triu_", (1,)), ("atan_", ()), ("asin_", ()), ("log1p_", ()), ("erf_", ()),
    ("exp2_", ()), ("rsqrt_", ()), ("negative_", ()), ("divide_", (0.7,)), ("renorm_", (2, 1, 1.0)),
    ("subtract_", (0.3,)), ("swapaxes_", (0, 1)),
])
def test_recorded_gradients(name, args):
    a = np.random.default_rng(1).uniform(0.1, 0.9, (3, 3))
    grads, names = [], []
    for m in (torch, gv):
        leaf = m.tensor(a, dtype=m.float64, requires_grad=True)
        x = leaf * 1.5
        before = x._version
        getattr(x, name)(*args)
        assert x._version == before + 1
        names.append(type(x.grad_fn).__name__)
        (x * m.tensor(np.arange(9.0).reshape(3, 3))).sum().backward()
        grads.append(leaf.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-9, atol=1e-12)
    if name not in ("swapaxes_", "negative_", "subtract_", "divide_"):  # aliases' own nodes
        assert names[1] == names[0]


def test_a_saved_tensor_changed_in_place():
    for m in (torch, gv):
        leaf = m.tensor([0.5, 0.2], requires_grad=True)
        x = leaf * 1
        y = x * x
        x.floor_()
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()
