"""torch.func's vjp, jvp, jacrev, jacfwd, hessian and stack_module_state, the top-level vmap
and the 'meta' device, against PyTorch in float64 and against finite differences."""

import numpy as np
import pytest
import torch

import gradviz as gv
from gradviz.engine.backend import DeviceError, normalize_device

RNG = np.random.default_rng(7)
W, B, X = RNG.normal(size=(4, 3)), RNG.normal(size=4), RNG.normal(size=3)


def _predict(lib):
    return lambda w, b, x: lib.nn.functional.linear(x, w, b).tanh()


def _args(lib):
    return tuple(lib.tensor(a, dtype=lib.float64) for a in (W, B, X))


def _close(ours, theirs, tol=1e-9):
    if isinstance(theirs, tuple | list):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            _close(a, b, tol)
    elif isinstance(theirs, dict):
        assert list(ours) == list(theirs)
        for key in theirs:
            _close(ours[key], theirs[key], tol)
    else:
        assert tuple(ours.shape) == tuple(theirs.shape)
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=tol,
                                   atol=tol)


@pytest.mark.parametrize("argnums", [0, 2, (0, 1), (2, 0)])
@pytest.mark.parametrize("transform", ["jacrev", "jacfwd"])
def test_jacobians_are_pytorchs(transform, argnums):
    ours = getattr(gv.func, transform)(_predict(gv), argnums=argnums)(*_args(gv))
    theirs = getattr(torch.func, transform)(_predict(torch), argnums=argnums)(*_args(torch))
    _close(ours, theirs)


def test_jacobian_matches_finite_differences():
    jac = gv.func.jacfwd(_predict(gv), argnums=2)(*_args(gv)).numpy()
    f = lambda x: np.tanh(W @ x + B)  # noqa: E731
    h = 1e-6
    numeric = np.stack([(f(X + h * e) - f(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(jac, numeric, atol=1e-8)


@pytest.mark.parametrize("name", ["hessian", "fwdfwd", "revrev", "revfwd"])
def test_hessians_and_nested_jacobians_are_pytorchs(name):
    def build(lib):
        f, fn = _predict(lib), lib.func
        return {"hessian": fn.hessian(f, argnums=2),
                "fwdfwd": fn.jacfwd(fn.jacfwd(f, argnums=2), argnums=2),
                "revrev": fn.jacrev(fn.jacrev(f, argnums=2), argnums=2),
                "revfwd": fn.jacrev(fn.jacfwd(f, argnums=2), argnums=2)}[name]
    ours, theirs = build(gv)(*_args(gv)), build(torch)(*_args(torch))
    assert tuple(ours.shape) == (4, 3, 3)
    _close(ours, theirs)


def test_hessian_of_a_scalar_matches_finite_differences():
    f = lambda x: (x.sin() * x).sum()  # noqa: E731
    x = np.array([0.3, -1.2, 2.0])
    hess = gv.func.hessian(f)(gv.tensor(x)).numpy()
    exact = np.diag(2 * np.cos(x) - x * np.sin(x))
    np.testing.assert_allclose(hess, exact, atol=1e-12)


def test_vjp_jvp_and_their_compositions_are_pytorchs():
    def run(lib):
        fn = lib.func
        w, b, x = _args(lib)
        eye = lib.eye(4, dtype=lib.float64)
        out, vjp_fn = fn.vjp(lambda x: _predict(lib)(w, b, x), x)
        rows, = fn.vmap(vjp_fn)(eye)
        f = lambda x: x.sin().sum()  # noqa: E731
        t = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64)
        primal, tangent = fn.jvp(_predict(lib), (w, b, x), (w * 0, b * 0 + 1, t))
        hvp = fn.jvp(fn.grad(f), (x,), (t,))[1]
        _, vjp_g = fn.vjp(fn.grad(f), x)
        return out, rows, primal, tangent, hvp, vjp_g(t)[0]
    _close(run(gv), run(torch))


def test_pytrees_aux_and_vmap_of_jacobians():
    def run(lib):
        fn = lib.func
        w, b, x = _args(lib)
        params = {"w": w, "b": b}
        f = lambda p, x: (_predict(lib)(p["w"], p["b"], x), x.sum())  # noqa: E731
        jac, aux = fn.jacrev(f, has_aux=True)(params, x)
        out, tangent, aux2 = fn.jvp(lambda p: f(p, x), (params,),
                                    ({"w": w * 2, "b": b},), has_aux=True)
        batch = lib.stack([x, 2 * x])
        per = fn.vmap(fn.jacrev(_predict(lib), argnums=2), in_dims=(None, None, 0))(w, b, batch)
        hess = fn.vmap(fn.hessian(lambda x: x.pow(3).sum()))(batch)
        return jac, aux, out, tangent, aux2, per, hess
    _close(run(gv), run(torch))


def test_a_jacobian_keeps_its_graph_for_inputs_that_need_grad():
    for lib in (gv, torch):
        x = lib.tensor([0.5, 1.5], dtype=lib.float64, requires_grad=True)
        jac = lib.func.jacrev(lambda x: x ** 3)(x)
        jac.sum().backward()
        assert x.grad.tolist() == pytest.approx([3.0, 9.0])


def test_errors_read_as_pytorchs():
    f = _predict(gv)
    with pytest.raises(RuntimeError, match=r"Got argnum=3, but only 3 positional inputs"):
        gv.func.jacrev(f, argnums=3)(*_args(gv))
    with pytest.raises(RuntimeError, match=r"argnums elements must be unique, got \(1, 1\)"):
        gv.func.jacfwd(f, argnums=(1, 1))(*_args(gv))
    with pytest.raises(RuntimeError, match="Expected primals to be a tuple"):
        gv.func.jvp(lambda x: x, gv.ones(2), (gv.ones(2),))
    with pytest.raises(RuntimeError, match="Only allowed values for randomness"):
        gv.func.jacfwd(f, randomness="sometimes")
    with pytest.raises(RuntimeError, match=r"should be a tuple: \(output, aux\)"):
        gv.func.vjp(lambda x: x, gv.ones(2), has_aux=True)
    with pytest.raises(RuntimeError, match="strict=True"):
        gv.func.jvp(lambda x: gv.ones(2), (gv.ones(2),), (gv.ones(2),), strict=True)


def test_stack_module_state_is_pytorchs():
    def run(lib):
        lib.manual_seed(0)
        models = [lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.BatchNorm1d(2)) for _ in range(3)]
        with lib.no_grad():
            for k, m in enumerate(models):
                for p in m.parameters():
                    p.copy_(lib.full(p.shape, float(k)) + lib.arange(p.numel()).reshape(p.shape))
        params, buffers = lib.func.stack_module_state(models)
        return params, buffers
    (ours, our_buffers), (theirs, their_buffers) = run(gv), run(torch)
    _close(ours, theirs)
    _close(our_buffers, their_buffers)
    assert all(p.is_leaf and p.requires_grad for p in ours.values())
    assert not any(b.requires_grad for b in our_buffers.values())
    with pytest.raises(RuntimeError, match="Expected at least one model, got 0"):
        gv.func.stack_module_state([])
    with pytest.raises(RuntimeError, match="Expected all models to be of the same class"):
        gv.func.stack_module_state([gv.nn.Linear(2, 2), gv.nn.Tanh()])


def test_top_level_vmap_is_torch_func_vmap():
    assert gv.vmap is gv.func.vmap
    out = gv.vmap(lambda x: x * 2)(gv.ones(3, 2))
    assert out.tolist() == torch.vmap(lambda x: x * 2)(torch.ones(3, 2)).tolist()


def test_meta_tensors_keep_shape_and_print_as_pytorchs():
    for make in (lambda lib: lib.randn(3, 4).to("meta"),
                 lambda lib: lib.zeros(2, dtype=lib.float64).to("meta")):
        assert repr(make(gv)).replace("gradviz", "torch") == repr(make(torch))
    t = gv.randn(3, 4).to("meta")
    assert t.device == "meta" and tuple(t.shape) == (3, 4) and t.stride() == (4, 1)
    layer = gv.nn.Linear(3, 2).to("meta")
    assert repr(layer.weight) == ("Parameter containing:\n"
                                  "tensor(..., device='meta', size=(2, 3), requires_grad=True)")
    assert normalize_device("meta") == "meta"
    with pytest.raises(NotImplementedError, match="Cannot copy out of meta tensor; no data!"):
        t.cpu()
    with pytest.raises(NotImplementedError, match="'meta' tensors are not supported"):
        t + 1
    with pytest.raises(DeviceError, match="unknown device 'tpu'"):
        gv.ones(2).to("tpu")


def test_a_meta_module_is_a_skeleton_for_functional_call():
    model = gv.nn.Linear(3, 2)
    params = {k: v.detach() * 2 for k, v in model.named_parameters()}
    skeleton = gv.nn.Linear(3, 2).to("meta")
    x = gv.randn(5, 3)
    out = gv.func.functional_call(skeleton, params, (x,))
    expected = x @ params["weight"].T + params["bias"]
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)
