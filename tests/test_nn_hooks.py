"""Module hooks against torch's: the same code, both libraries, the same calls heard and the
same numbers (forward pre-hooks, forward hooks, full backward hooks, handles' remove)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import gradviz as gv


def _net(lib):
    lib.manual_seed(0)
    net = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Tanh(), lib.nn.Linear(4, 2))
    if lib is gv:  # torch's weights, so the numbers heard agree
        theirs = _net(torch)
        net.double().load_state_dict(theirs.double().state_dict())
    return net.double()


def _x(lib, grad=False):
    data = np.linspace(-1, 1, 6).reshape(2, 3)
    return lib.tensor(data, dtype=lib.float64, requires_grad=grad)


def _heard(lib):
    net, heard = _net(lib), []

    def pre(module, args):
        heard.append(("pre", type(module).__name__, tuple(args[0].shape)))
        return (args[0] * 2,)  # a replacement input

    def post(module, args, output):
        heard.append(("post", type(module).__name__, output.detach().numpy().round(8).tolist()))

    def doubled(module, args, output):
        return output * 2

    def kwargs_hook(module, args, kwargs, output):
        heard.append(("kwargs", sorted(kwargs), len(args)))

    pre_handle = net[0].register_forward_pre_hook(pre)
    net[0].register_forward_hook(post)
    double_handle = net[2].register_forward_hook(doubled)
    net.register_forward_hook(kwargs_hook, with_kwargs=True)
    first = net(_x(lib))
    pre_handle.remove()
    double_handle.remove()
    second = net(_x(lib))
    with net[1].register_forward_hook(lambda m, a, o: heard.append(("with", o.shape[0]))):
        net(_x(lib))
    net(_x(lib))
    return heard, first.detach().numpy(), second.detach().numpy()


def test_forward_hooks_hear_and_replace_as_in_torch():
    ours, theirs = _heard(gv), _heard(torch)
    assert ours[0] == theirs[0]
    for a, b in zip(ours[1:], theirs[1:], strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def _backward(lib):
    net, heard = _net(lib), []

    def hook(module, grad_input, grad_output):
        heard.append((type(module).__name__,
                      [None if g is None else g.numpy().round(10).tolist() for g in grad_input],
                      [g.numpy().round(10).tolist() for g in grad_output]))

    def scaled(module, grad_input, grad_output):
        return (grad_input[0] * 3,)

    for layer in net:
        layer.register_full_backward_hook(hook)
    handle = net[1].register_full_backward_hook(scaled)
    x = _x(lib, grad=True)
    out = net(x)
    name = type(out.grad_fn).__name__
    out.sum().backward()
    first = (x.grad.numpy().copy(), net[0].weight.grad.numpy().copy())
    handle.remove()
    x.grad = None
    net(x).sum().backward()
    return heard, name, first, x.grad.numpy()


def test_full_backward_hooks_hear_the_gradients_and_replace_grad_input():
    ours, theirs = _backward(gv), _backward(torch)
    assert ours[1] == theirs[1] == "BackwardHookFunctionBackward"
    assert [h[0] for h in ours[0]] == [h[0] for h in theirs[0]]
    for (_, gi, go), (_, ti, to) in zip(ours[0], theirs[0], strict=True):
        assert [g is None for g in gi] == [t is None for t in ti]
        for g, t in zip(gi + go, ti + to, strict=True):
            if t is not None:
                np.testing.assert_allclose(g, t, rtol=1e-9)
    for a, b in zip((*ours[2], ours[3]), (*theirs[2], theirs[3]), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_a_backward_hook_on_the_first_layer_hears_none_for_its_input():
    heard = []
    for lib in (gv, torch):
        net = _net(lib)
        net[0].register_full_backward_hook(
            lambda m, gi, go, lib=lib: heard.append((lib.__name__, gi[0] is None,
                                                     go[0].numpy().round(10).tolist())))
        with pytest.warns(UserWarning, match="no inputs require gradients"):
            net(_x(lib)).sum().backward()
    assert [h[1:] for h in heard[:1]] == [h[1:] for h in heard[1:]] and heard[0][1]


def test_a_backward_pre_hook_hears_and_replaces_grad_output():
    results = []
    for lib in (gv, torch):
        net, heard = _net(lib), []

        def pre(module, grad_output, heard=heard):
            heard.append(grad_output[0].numpy().round(10).tolist())
            return (grad_output[0] * 2,)

        handle = net[2].register_full_backward_pre_hook(pre)
        x = _x(lib, grad=True)
        net(x).sum().backward()
        handle.remove()
        first = x.grad.numpy().copy()
        x.grad = None
        net(x).sum().backward()
        results.append((heard, first, x.grad.numpy()))
    (heard, first, second), (t_heard, t_first, t_second) = results
    assert heard == t_heard and len(heard) == 1
    np.testing.assert_allclose(first, t_first, rtol=1e-12)
    np.testing.assert_allclose(second, t_second, rtol=1e-12)
    np.testing.assert_allclose(first, 2 * second, rtol=1e-12)
