"""Gradients of gradients (``create_graph=True``) against PyTorch and finite differences.

One parametrized test walks every op `higher_order.RECORDED` names, on the shapes of its
`op_cases` row: the first gradient (recorded) must hold the array pass's numbers bit for bit,
and the gradient of ⟨v, first gradient⟩ must match PyTorch's.  The rest are the uses teaching
code makes of it: second derivatives, a Hessian of an MLP's loss, Hessian-vector products,
a gradient penalty, ``backward(create_graph=True)``, ``autograd.functional.hessian``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from op_cases import CASES, EXTRA, arrays

import gradviz as gv
from gradviz.engine.higher_order import RECORDED

AF, TAF = gv.autograd.functional, torch.autograd.functional


def _np(g):
    # torch's gradient of a constant can be a ZeroTensor, which wants force=True
    return g.detach().numpy(force=True) if isinstance(g, torch.Tensor) else g.detach().numpy()


def _upstream_varies(lib, out):
    # sin(out): the gradient reaching the op, u·cos(out), then depends on the inputs too, so
    # the second pass also differentiates the VJP through its upstream gradient.
    return lib.sin(out) if out.dtype.is_floating_point else out


def _second_order(fn, inputs, upstream, direction, lib):
    """(first gradients, gradient of ⟨direction, first gradients⟩), zeros where unused."""
    xs = [lib.tensor(a, dtype=lib.float64, requires_grad=True) for a in inputs]
    out = _upstream_varies(lib, fn(*xs))
    u = lib.tensor(upstream(out.shape), dtype=out.dtype)
    first = lib.autograd.grad(out, xs, u, create_graph=True, allow_unused=True)
    terms = [(g * lib.tensor(direction(g.shape), dtype=g.dtype)).sum()
             for g in first if g is not None and g.requires_grad]
    second = [None] * len(xs)
    if terms:
        second = lib.autograd.grad(sum(terms), xs, allow_unused=True)
    as_array = [np.zeros(np.shape(a)) if g is None else _np(g) for g, a in
                zip(first, inputs, strict=True)]
    return as_array, [np.zeros(np.shape(a)) if g is None else _np(g)
                      for g, a in zip(second, inputs, strict=True)]


def _recorded_params():
    for name in sorted(RECORDED):
        for shapes in CASES[name]["shapes"]:
            yield pytest.param(name, shapes, id=f"{name}-{'-'.join(map(str, shapes))}")


@pytest.mark.parametrize(("name", "shapes"), list(_recorded_params()))
def test_recorded_row_matches_torch(name, shapes):
    case, inputs = CASES[name], arrays(name, shapes)
    rng = np.random.default_rng(3)
    draws: dict = {}

    def drawn(key):  # the same random upstream / direction for both libraries
        return lambda shape: draws.setdefault((key, tuple(shape)),
                                              rng.standard_normal(tuple(shape)))

    gv_first, gv_second = _second_order(case["gv"], inputs, drawn("u"), drawn("v"), gv)
    t_first, t_second = _second_order(case["torch"], inputs, drawn("u"), drawn("v"), torch)
    rtol = 1e-5 if name == "cast" else 1e-9  # the float32 cast rounds
    for ours, theirs in zip(gv_first + gv_second, t_first + t_second, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-10)
    # The recorded first gradient is the array pass's, bit for bit.
    xs = [gv.tensor(a, dtype=gv.float64, requires_grad=True) for a in inputs]
    out = _upstream_varies(gv, case["gv"](*xs))
    plain = gv.autograd.grad(out, xs, gv.tensor(drawn("u")(out.shape)), allow_unused=True)
    for g, ours in zip(plain, gv_first, strict=True):
        assert np.array_equal(np.zeros_like(ours) if g is None else g.numpy(), ours)


def _x(lib, values=(0.3, -1.2, 2.0, 0.7)):
    return lib.tensor(values, dtype=lib.float64, requires_grad=True)


SCALAR_FUNCTIONS = {
    "cube": lambda lib: lambda x: x**3,
    "tanh": lambda lib: lib.tanh,
    "sigmoid": lambda lib: lib.sigmoid,
    "sin_exp": lambda lib: lambda x: lib.sin(x) * lib.exp(x),
}


@pytest.mark.parametrize("name", SCALAR_FUNCTIONS)
def test_second_and_third_derivatives_of_scalar_functions(name):
    results = {}
    for lib in (gv, torch):
        f, x = SCALAR_FUNCTIONS[name](lib), _x(lib)
        d1, = lib.autograd.grad(f(x).sum(), x, create_graph=True)
        d2, = lib.autograd.grad(d1.sum(), x, create_graph=True)
        d3, = lib.autograd.grad(d2.sum(), x)
        results[lib] = [d.detach().numpy() for d in (d1, d2, d3)]
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    # f'' by central differences of the (array pass's) f'.
    f, h, x0 = SCALAR_FUNCTIONS[name](gv), 1e-5, _x(gv).detach().numpy()

    def first(values):
        x = _x(gv, values)
        return gv.autograd.grad(f(x).sum(), x)[0].numpy()

    numeric = (first(x0 + h) - first(x0 - h)) / (2 * h)
    np.testing.assert_allclose(results[gv][1], numeric, rtol=1e-6, atol=1e-8)


def _mlp(lib, seed=0):
    rng = np.random.default_rng(seed)
    shapes = [(4, 3), (4,), (1, 4), (1,)]
    return [lib.tensor(rng.standard_normal(s) * 0.7, dtype=lib.float64, requires_grad=True)
            for s in shapes]


def _mlp_loss(lib, params, x, y):
    w1, b1, w2, b2 = params
    F = lib.nn.functional
    out = F.linear(lib.tanh(F.linear(x, w1, b1)), w2, b2)
    return ((out - y) ** 2).mean()


def _data(lib):
    rng = np.random.default_rng(1)
    return (lib.tensor(rng.standard_normal((5, 3)), dtype=lib.float64),
            lib.tensor(rng.standard_normal((5, 1)), dtype=lib.float64))


def _hessian_by_double_grad(lib):
    params = _mlp(lib)
    loss = _mlp_loss(lib, params, *_data(lib))
    grads = lib.autograd.grad(loss, params, create_graph=True)
    flat = lib.cat([g.reshape(-1) for g in grads])
    rows = [lib.cat([h.reshape(-1) for h in lib.autograd.grad(flat[k], params,
                                                              retain_graph=True)])
            for k in range(flat.shape[0])]
    return np.stack([r.detach().numpy() for r in rows])


def test_hessian_of_an_mlp_loss_by_double_grad():
    ours, theirs = _hessian_by_double_grad(gv), _hessian_by_double_grad(torch)
    assert ours.shape == (21, 21)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours, ours.T, atol=1e-12)
    # One column by central differences of the gradient along the first weight.
    params, h = _mlp(gv), 1e-5

    def gradient(shift):
        moved = [p.detach().clone().requires_grad_(True) for p in params]
        moved[0].data.numpy()[0, 0] += shift
        grads = gv.autograd.grad(_mlp_loss(gv, moved, *_data(gv)), moved)
        return np.concatenate([g.numpy().ravel() for g in grads])

    numeric = (gradient(h) - gradient(-h)) / (2 * h)
    np.testing.assert_allclose(ours[:, 0], numeric, rtol=1e-6, atol=1e-8)


def test_hessian_vector_product():
    results = {}
    for lib in (gv, torch):
        params = _mlp(lib)
        grads = lib.autograd.grad(_mlp_loss(lib, params, *_data(lib)), params,
                                  create_graph=True)
        v = [lib.tensor(np.linspace(-1, 1, p.numel()).reshape(tuple(p.shape)),
                        dtype=lib.float64) for p in params]
        dot = sum((g * d).sum() for g, d in zip(grads, v, strict=True))
        results[lib] = [h.numpy() for h in lib.autograd.grad(dot, params)]
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def _gradient_penalty(lib):
    """WGAN-GP's ‖∇ₓD(x)‖² penalty, backpropagated into the critic's weights."""
    lib.manual_seed(0)
    rng = np.random.default_rng(4)
    nn = lib.nn
    critic = nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2), nn.Linear(8, 8), nn.Tanh(),
                           nn.Linear(8, 1)).double()
    for p, value in zip(critic.parameters(), [rng.standard_normal(tuple(p.shape))
                                              for p in critic.parameters()], strict=True):
        p.data = lib.tensor(value, dtype=lib.float64)
    x = lib.tensor(rng.standard_normal((6, 2)), dtype=lib.float64, requires_grad=True)
    out = critic(x)
    gx, = lib.autograd.grad(out, x, grad_outputs=lib.ones_like(out), create_graph=True)
    penalty = ((((gx**2).sum(1) + 1e-12) ** 0.5 - 1) ** 2).mean()
    penalty.backward()
    # The last bias moves D, not its slope: no gradient, in both libraries.
    return [None if p.grad is None else p.grad.numpy() for p in critic.parameters()]


def test_gradient_penalty_reaches_the_critics_weights():
    ours, theirs = _gradient_penalty(gv), _gradient_penalty(torch)
    assert [g is None for g in ours] == [g is None for g in theirs] == [False] * 5 + [True]
    for a, b in zip(ours[:5], theirs[:5], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def _conv_gradient_penalty(lib):
    """The same penalty for a convolutional critic of 6×6 images, as WGAN-GP trains one."""
    rng = np.random.default_rng(5)
    nn = lib.nn
    critic = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.LeakyReLU(0.2), nn.MaxPool2d(2),
                           nn.Conv2d(3, 2, 2, stride=1), nn.Tanh(), nn.AvgPool2d(2),
                           nn.Flatten(), nn.Linear(2, 1)).double()
    for p in critic.parameters():
        p.data = lib.tensor(rng.standard_normal(tuple(p.shape)) * 0.5, dtype=lib.float64)
    x = lib.tensor(rng.standard_normal((2, 1, 6, 6)), dtype=lib.float64, requires_grad=True)
    out = critic(x)
    gx, = lib.autograd.grad(out, x, grad_outputs=lib.ones_like(out), create_graph=True)
    penalty = ((gx.reshape(2, -1).norm(2, dim=1) - 1) ** 2).mean()
    penalty.backward()
    return [None if p.grad is None else p.grad.numpy() for p in critic.parameters()]


def test_gradient_penalty_through_a_conv_critic():
    ours, theirs = _conv_gradient_penalty(gv), _conv_gradient_penalty(torch)
    assert [g is None for g in ours] == [g is None for g in theirs]
    for a, b in zip(ours, theirs, strict=True):
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_backward_with_create_graph_then_grad_of_x_grad():
    results = {}
    for lib in (gv, torch):
        x = _x(lib)
        (x**3 * lib.sin(x)).sum().backward(create_graph=True)
        assert x.grad.requires_grad
        second, = lib.autograd.grad(x.grad.sum(), x)
        results[lib] = (x.grad.detach().numpy(), second.numpy())
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_functional_hessian_and_hvp_with_create_graph():
    results = {}
    for lib in (gv, torch):
        x = _x(lib)

        def f(t, lib=lib):
            return (lib.tanh(t) * t**2).sum()

        hessian = lib.autograd.functional.hessian(f, x, create_graph=True)
        assert hessian.requires_grad
        third, = lib.autograd.grad(hessian.sum(), x)
        v = lib.tensor([1.0, -0.5, 0.25, 2.0], dtype=lib.float64)
        _, hv = lib.autograd.functional.hvp(f, x, v, create_graph=True)
        jac = lib.autograd.functional.jacobian(lambda t, lib=lib: lib.sin(t) * t, x,
                                               create_graph=True)
        results[lib] = [hessian.detach().numpy(), third.numpy(), hv.detach().numpy(),
                        jac.detach().numpy()]
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_an_op_without_recorded_gradients_says_so():
    # embedding_bag: PyTorch has no double backward for it either ("the derivative for
    # '_embedding_bag_backward' is not implemented")
    weight = gv.randn(5, 2, requires_grad=True)
    bags = gv.nn.functional.embedding_bag(gv.tensor([0, 2, 4, 1]), weight, gv.tensor([0, 2]))
    with pytest.raises(NotImplementedError, match="gradients of embedding_bag are not recorded"):
        gv.autograd.grad(bags.pow(2).sum(), weight, create_graph=True)
    with pytest.raises(NotImplementedError, match="_embedding_bag_backward"):
        tw = torch.randn(5, 2, requires_grad=True)
        tb = torch.nn.functional.embedding_bag(torch.tensor([0, 2, 4, 1]), tw, torch.tensor([0, 2]))
        g, = torch.autograd.grad(tb.pow(2).sum(), tw, create_graph=True)
        torch.autograd.grad(g.sum(), tw)
    # A singular matrix's determinant: its cofactors come from an SVD, not recorded.
    s = gv.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=gv.float64, requires_grad=True)
    with pytest.raises(NotImplementedError, match="gradients of det are not recorded yet in "
                                                  "this form: .*xp.linalg.svd"):
        gv.autograd.grad(gv.linalg.det(s), s, create_graph=True)
    # A recorded op in a form whose VJP is not: cumprod past a zero picks with
    # take_along_axis, which has no recorded op yet.
    z = gv.tensor([1.5, 0.0, 2.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="gradients of cumprod are not recorded yet "
                                                  "in this form: .*take_along_axis"):
        gv.autograd.grad(z.cumprod(0).sum(), z, create_graph=True)
    # create_graph=False is the array pass, which every op has.
    assert gv.autograd.grad(bags.pow(2).sum(), weight)[0].shape == (5, 2)
    assert gv.autograd.grad(gv.linalg.det(s), s)[0].shape == (2, 2)


@pytest.mark.parametrize(("label", "gv_fn", "torch_fn", "shapes"), EXTRA, ids=[e[0] for e in EXTRA])
def test_recorded_row_forms_match_torch_or_say_why_not(label, gv_fn, torch_fn, shapes):
    inputs = [np.random.default_rng(7).uniform(-2, 2, shape) for shape in shapes]
    rng, draws = np.random.default_rng(3), {}

    def drawn(key):
        return lambda shape: draws.setdefault((key, tuple(shape)),
                                              rng.standard_normal(tuple(shape)))

    try:
        ours = _second_order(gv_fn, inputs, drawn("u"), drawn("v"), gv)
    except NotImplementedError as error:  # a form not covered yet says so, by its op's name
        assert re.match(r"create_graph=True: gradients of \w+ are not recorded yet", str(error))
        return
    theirs = _second_order(torch_fn, inputs, drawn("u"), drawn("v"), torch)
    for a, b in zip(ours[0] + ours[1], theirs[0] + theirs[1], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-10)


def test_create_graph_keeps_the_graph_for_a_second_pass():
    x = _x(gv)
    y = (x * x).sum()
    gv.autograd.grad(y, x, create_graph=True)
    y.backward()  # retain_graph defaults to create_graph, as in PyTorch
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.detach().numpy())


def test_maml_inner_step_is_differentiated_through():
    """One MAML inner step θ' = θ − α∇L_train(θ), then ∇θ L_val(θ'): second order."""
    results = {}
    for lib in (gv, torch):
        params = _mlp(lib)
        x, y = _data(lib)
        grads = lib.autograd.grad(_mlp_loss(lib, params, x[:3], y[:3]), params,
                                  create_graph=True)
        adapted = [p - 0.1 * g for p, g in zip(params, grads, strict=True)]
        _mlp_loss(lib, adapted, x[3:], y[3:]).backward()
        results[lib] = [p.grad.numpy() for p in params]
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_functional_vjp_with_create_graph_and_a_hook_on_the_way():
    results = {}
    for lib in (gv, torch):
        x = _x(lib)
        seen = []

        def f(t, lib=lib, seen=seen):
            hidden = lib.tanh(t)
            hidden.register_hook(lambda g: seen.append(g.detach().numpy().copy()) or g * 2)
            return hidden * t

        _, product = lib.autograd.functional.vjp(f, x, lib.ones_like(x), create_graph=True)
        second, = lib.autograd.grad(product.sum(), x)
        results[lib] = [product.detach().numpy(), second.numpy(), *seen]
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_autograd_backward_of_several_outputs_with_create_graph():
    results = {}
    for lib in (gv, torch):
        x = _x(lib)
        lib.autograd.backward([(x**3).sum(), lib.sin(x).sum()], create_graph=True)
        second, = lib.autograd.grad(x.grad.sum(), x)
        results[lib] = (x.grad.detach().numpy(), second.numpy())
    for ours, theirs in zip(results[gv], results[torch], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
