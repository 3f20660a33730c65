"""Small pieces of PyTorch's surface that tutorials print or call, each against torch:
format specs, print options, ``grad_fn.next_functions``, ``mv``, ``unique``, ``Variable``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def test_a_0_dim_tensor_formats_as_its_number():
    for lib in (gv, torch):
        loss = lib.tensor(1.23456)
        assert f"{loss:.2f}" == "1.23" and f"{loss:>8.3f}" == "   1.235"
        assert f"{lib.tensor([1.0, 2.0])}" == "tensor([1., 2.])"
        with pytest.raises(TypeError, match="unsupported format string"):
            f"{lib.tensor([1.0]):.2f}"


@pytest.mark.parametrize("options", [{"precision": 2}, {"sci_mode": True},
                                     {"profile": "short"}, {"precision": 6, "sci_mode": False}])
def test_print_options_as_pytorch(options):
    values = [[1.23456789, -0.000123], [12345.678, 2.0]]
    try:
        texts = []
        for lib in (gv, torch):
            lib.set_printoptions(**options)
            texts.append(repr(lib.tensor(values)))
    finally:
        for lib in (gv, torch):
            lib.set_printoptions(profile="default", sci_mode=None)
    assert texts[0] == texts[1]


def test_next_functions_reach_the_leaves():
    for lib in (gv, torch):
        w = lib.ones(2, requires_grad=True)
        y = (w * 2).sum()
        mul, _ = y.grad_fn.next_functions[0]
        assert type(mul).__name__ == "MulBackward0"
        (leaf, _), (constant, _) = mul.next_functions
        assert type(leaf).__name__ == "AccumulateGrad" and leaf.variable is w
        assert constant is None



@pytest.mark.parametrize("expression", ["2 * w", "2 + w", "2.5 * w * 3", "1 + w + 2", "w * 2"])
def test_a_number_on_the_left_is_recorded_second_as_in_pytorch(expression):
    # ``2 * w`` is w.__rmul__(2), which PyTorch records as mul(w, 2): next_functions lists the
    # tensor's node first and the constant's None second.
    def structure(node):
        return None if node is None else (type(node).__name__,
                                          [structure(n) for n, _ in node.next_functions])

    shapes = []
    for lib in (gv, torch):
        w = lib.ones(2, requires_grad=True)
        shapes.append(structure(eval(expression, {"w": w}).grad_fn))  # noqa: S307 - test's own
    assert shapes[0] == shapes[1]

def test_mv_unique_and_variable_as_pytorch():
    m, v = np.arange(6.0).reshape(2, 3), np.array([1.0, -1.0, 2.0])
    for a, b in [(gv.mv(gv.tensor(m), gv.tensor(v)), torch.mv(torch.tensor(m), torch.tensor(v))),
                 (gv.tensor(m).mv(gv.tensor(v)), torch.tensor(m).mv(torch.tensor(v)))]:
        np.testing.assert_allclose(a.numpy(), b.numpy())
    x = [3, 1, 2, 1, 3]
    for options in ({}, {"return_inverse": True, "return_counts": True}, {"return_counts": True}):
        ours, theirs = gv.unique(gv.tensor(x), **options), torch.unique(torch.tensor(x), **options)
        for a, b in zip(ours if options else [ours], theirs if options else [theirs],
                        strict=True):
            assert a.tolist() == b.tolist()
    rows = [[1, 2], [1, 2], [0, 1]]
    assert gv.tensor(rows).unique(dim=0).tolist() == torch.tensor(rows).unique(dim=0).tolist()
    for lib in (gv, torch):
        w = lib.autograd.Variable(lib.ones(2), requires_grad=True)
        assert w.requires_grad and w.is_leaf


def test_var_and_std_are_one_node_each_as_in_pytorch():
    names = []
    for lib in (gv, torch):
        x = lib.tensor([[1.0, 2.0, 4.0], [3.0, -1.0, 0.5]], requires_grad=True)
        outs = [x.var(), x.std(0), x.std(1, keepdim=True), lib.std(x), x.var(0, unbiased=False)]
        names.append([(type(o.grad_fn).__name__,
                       [type(n).__name__ for n, _ in o.grad_fn.next_functions]) for o in outs])
    assert names[0] == names[1]


def test_an_integer_tensor_of_one_element_is_an_index():
    for lib in (gv, torch):
        data, i = lib.arange(10), lib.tensor([3, 7])[0]
        assert data[i:i + 2].tolist() == [3, 4] and "abcdef"[i] == "d" and hex(lib.tensor(255))
        for bad in (lib.tensor(1.0), lib.tensor([1, 2])):
            with pytest.raises(TypeError, match="only integer tensors of a single element"):
                [0, 1, 2][bad]


def test_repeat_interleave_as_pytorch_with_its_gradient():
    results = []
    for lib in (gv, torch):
        x = lib.tensor([[1.0, 2.0], [3.0, -4.0]], dtype=lib.float64, requires_grad=True)
        outs = [lib.repeat_interleave(x, 2), x.repeat_interleave(lib.tensor([1, 2]), dim=0),
                x.repeat_interleave(3, dim=-1), x.repeat_interleave(lib.tensor([2]), dim=1),
                lib.repeat_interleave(lib.tensor([2, 6]), 2),
                lib.repeat_interleave(lib.tensor([1, 0, 2]))]
        (outs[0].sum() + (outs[1] * outs[1]).sum() + (outs[2] ** 3).sum()).backward()
        results.append(([o.tolist() for o in outs], x.grad.tolist()))
    assert results[0] == results[1]


@pytest.mark.parametrize(("a", "b"), [((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 2)),
                                      ((3, 4), (4, 2)), ((2, 3, 4), (2, 4, 5)),
                                      ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((4,), (2, 4, 5))])
def test_matmul_and_bmm_name_their_nodes_as_pytorch(a, b):
    names = []
    for lib in (gv, torch):
        x, y = lib.ones(*a, requires_grad=True), lib.ones(*b)
        names.append([type((x @ y).grad_fn).__name__]
                     + ([type(lib.bmm(x, y).grad_fn).__name__] if len(a) == len(b) == 3 else []))
    assert names[0] == names[1]
