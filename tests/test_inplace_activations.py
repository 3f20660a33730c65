"""``inplace=True`` for the activations and dropouts, and PyTorch's version counter, against
torch: the input itself changes and is returned, its ``_version`` counts what torch's counts,
values and gradients are torch's, a leaf that requires grad is refused, and a tensor an op
saved for its gradient, changed in place since, makes the backward pass raise torch's error
(word for word), for every op of `engine.saved_versions`' tables and each way to change."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

import gradviz
from gradviz.engine import saved_versions

ACTIVATIONS = {  # name: (functional call, layer) given the library
    "relu": (lambda F, x: F.relu(x, inplace=True), lambda nn: nn.ReLU(True)),
    "relu6": (lambda F, x: F.relu6(x, inplace=True), lambda nn: nn.ReLU6(True)),
    "leaky_relu": (lambda F, x: F.leaky_relu(x, 0.2, inplace=True),
                   lambda nn: nn.LeakyReLU(0.2, True)),
    "elu": (lambda F, x: F.elu(x, 0.7, inplace=True), lambda nn: nn.ELU(0.7, True)),
    # α = 2: torch's in-place CELU gradient reads 1/α rounded to float32 (1.3e-8 off its own
    # out-of-place gradient at α = 1.3), a power of two reads it exactly
    "celu": (lambda F, x: F.celu(x, 2.0, inplace=True), lambda nn: nn.CELU(2.0, True)),
    "selu": (lambda F, x: F.selu(x, inplace=True), lambda nn: nn.SELU(True)),
    "silu": (lambda F, x: F.silu(x, inplace=True), lambda nn: nn.SiLU(True)),
    "mish": (lambda F, x: F.mish(x, inplace=True), lambda nn: nn.Mish(True)),
    "hardtanh": (lambda F, x: F.hardtanh(x, -0.5, 0.8, inplace=True),
                 lambda nn: nn.Hardtanh(-0.5, 0.8, True)),
    "hardswish": (lambda F, x: F.hardswish(x, inplace=True), lambda nn: nn.Hardswish(True)),
    "hardsigmoid": (lambda F, x: F.hardsigmoid(x, inplace=True),
                    lambda nn: nn.Hardsigmoid(True)),
    "threshold": (lambda F, x: F.threshold(x, 0.1, -2.0, inplace=True),
                  lambda nn: nn.Threshold(0.1, -2.0, True)),
    "relu_": (lambda F, x: F.relu_(x), None), "elu_": (lambda F, x: F.elu_(x), None),
    "leaky_relu_": (lambda F, x: F.leaky_relu_(x), None),
    "hardtanh_": (lambda F, x: F.hardtanh_(x), None), "selu_": (lambda F, x: F.selu_(x), None),
    "celu_": (lambda F, x: F.celu_(x), None),
    "threshold_": (lambda F, x: F.threshold_(x, 0.0, 1.0), None),
    # no draws: eval-mode dropout and p = 0 give the input back unchanged, p = 1 zeroes it
    "dropout_eval": (lambda F, x: F.dropout(x, 0.5, False, True), None),
    "dropout_p1": (lambda F, x: F.dropout(x, 1.0, True, True), None),
    "alpha_dropout_p1": (lambda F, x: F.alpha_dropout(x, 1.0, True, True), None),
    "dropout1d_p0": (lambda F, x: F.dropout1d(x, 0.0, True, True), None),
}
FORMS = [(name, form) for name, (call, layer) in ACTIVATIONS.items()
         for form in ("function", "layer")[:1 + (layer is not None)]]


def _apply(lib, name: str, form: str, x):
    call, layer = ACTIVATIONS[name]
    return call(lib.nn.functional, x) if form == "function" else layer(lib.nn)(x)


def _points():
    # both sides of every kink, the kinks themselves kept off (±3, 0, the thresholds)
    return np.linspace(-4.1, 4.3, 24).reshape(2, 3, 4)


@pytest.mark.parametrize(("name", "form"), FORMS)
def test_the_input_itself_changes_as_in_torch(name, form):
    results = []
    for lib in (torch, gradviz):
        leaf = lib.tensor(_points(), dtype=lib.float64, requires_grad=True)
        x = leaf * 1
        out = _apply(lib, name, form, x)
        weights = lib.tensor(np.linspace(-1, 2, 24).reshape(2, 3, 4), dtype=lib.float64)
        (out * weights).sum().backward()
        plain = lib.tensor(_points())
        same = _apply(lib, name, form, plain)
        results.append((out is x, x._version, x.detach().numpy().copy(), leaf.grad.numpy(),
                        same is plain, plain._version, plain.numpy()))
    theirs, ours = results
    assert ours[0] is theirs[0] is True and ours[4] is theirs[4] is True
    assert ours[1] == theirs[1] and ours[5] == theirs[5]
    np.testing.assert_allclose(ours[2], theirs[2], rtol=1e-12, atol=1e-15)
    # torch's hardsigmoid gradient is the incoming one times 1/6 rounded to float32
    np.testing.assert_allclose(ours[3], theirs[3], rtol=6e-8 if "hardsigmoid" in name else 0,
                               atol=1e-9)
    np.testing.assert_allclose(ours[6], theirs[6], rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(("name", "form"), [f for f in FORMS if "dropout" not in f[0]])
def test_a_leaf_that_requires_grad_is_refused(name, form):
    for lib in (torch, gradviz):
        with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being "
                                               "used in an in-place operation.$"):
            _apply(lib, name, form, lib.randn(3, requires_grad=True))


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if "dropout" not in n])
@pytest.mark.parametrize("before", ["sigmoid", "exp", "tanh", "linear"])
def test_an_activation_on_a_saved_result_is_refused_at_backward(name, before):
    # sigmoid, exp and tanh keep their result for their gradient: changing it in place is
    # refused when the backward pass reaches them; a linear layer keeps its input only.
    outcomes = []
    for lib in (torch, gradviz):
        x = lib.tensor(_points(), dtype=lib.float64, requires_grad=True)
        w = lib.tensor(np.linspace(-1, 1, 16).reshape(4, 4), dtype=lib.float64,
                       requires_grad=True)
        y = lib.nn.functional.linear(x, w) if before == "linear" else getattr(x, before)()
        _apply(lib, name, "function", y)
        outcomes.append(_backward(y.sum(), (x, w)))
    _same_outcome(*outcomes, rtol=6e-8 if "hardsigmoid" in name else 1e-7)


def _backward(root, leaves):
    """The error's message, or every leaf's gradient."""
    try:
        root.backward()
    except RuntimeError as error:
        return str(error)
    return [None if t.grad is None else t.grad.numpy().astype(np.float64) for t in leaves]


def _same_outcome(theirs, ours, rtol: float = 1e-7) -> None:
    if isinstance(theirs, str) or isinstance(ours, str):
        assert ours == theirs
        return
    for mine, its in zip(ours, theirs, strict=True):
        assert (mine is None) == (its is None)
        if its is not None:
            np.testing.assert_allclose(mine, its, rtol=rtol, atol=1e-9)


def _op_cases(lib):
    """op name → (inputs as arrays, the call making the op's node from tensors)."""
    F, rng = lib.nn.functional, np.random.default_rng(0)

    def draw(*shape):
        return rng.uniform(0.2, 0.8, shape)

    return {
        "mul": ([draw(3, 4), draw(3, 4)], lambda a, b: a * b),
        "div": ([draw(3, 4), draw(3, 4)], lambda a, b: a / b),
        "matmul": ([draw(3, 4), draw(4, 2)], lambda a, b: a @ b),
        "bmm": ([draw(2, 3, 4), draw(2, 4, 2)], lambda a, b: lib.bmm(a, b)),
        "linear": ([draw(3, 4), draw(2, 4), draw(2)], lambda a, w, b: F.linear(a, w, b)),
        "pow": ([draw(3, 4)], lambda a: a ** 3),
        "maximum": ([draw(3, 4), draw(3, 4)], lambda a, b: lib.maximum(a, b)),
        "minimum": ([draw(3, 4), draw(3, 4)], lambda a, b: lib.minimum(a, b)),
        "mse_loss": ([draw(3, 4), draw(3, 4)], lambda a, b: F.mse_loss(a, b)),
        "binary_cross_entropy": ([draw(3, 4), draw(3, 4)],
                                 lambda a, b: F.binary_cross_entropy(a, b)),
        "binary_cross_entropy_with_logits": (
            [draw(3, 4), draw(3, 4)], lambda a, b: F.binary_cross_entropy_with_logits(a, b)),
        "conv1d": ([draw(2, 3, 5), draw(2, 3, 2)], lambda a, w: F.conv1d(a, w)),
        "conv2d": ([draw(1, 2, 4, 4), draw(3, 2, 2, 2)], lambda a, w: F.conv2d(a, w)),
        **{name: ([draw(3, 4)], call) for name, call in {
            "log": lambda a: a.log(), "log1p": lambda a: a.log1p(), "sin": lambda a: a.sin(),
            "erfinv": lambda a: a.erfinv(),
            "cos": lambda a: a.cos(), "abs": lambda a: a.abs(), "asin": lambda a: a.asin(),
            "acos": lambda a: a.acos(), "atan": lambda a: a.atan(), "erf": lambda a: a.erf(),
            "leaky_relu": lambda a: F.leaky_relu(a - 0.5, 0.1), "gelu": lambda a: F.gelu(a),
            "softplus": lambda a: F.softplus(a), "clamp": lambda a: a.clamp(0.3, 0.6),
            "native_layer_norm": lambda a: F.layer_norm(a, (4,)),
            "native_batch_norm": lambda a: F.batch_norm(a, None, None, training=True),
            "exp": lambda a: a.exp(), "sigmoid": lambda a: a.sigmoid(),
            "tanh": lambda a: a.tanh(), "relu": lambda a: (a - 0.5).relu(),
            "sqrt": lambda a: a.sqrt(), "softmax": lambda a: a.softmax(1),
            "log_softmax": lambda a: a.log_softmax(1)}.items()},
    }


def _table_cases():
    for name, (arrays, _) in _op_cases(torch).items():
        n = len(arrays)
        for requires in itertools.product((True, False), repeat=n):
            if not any(requires):
                continue
            for changed in [*range(n), "result"]:
                for no_grad in (False, True):
                    yield pytest.param(name, requires, changed, no_grad,
                                       id=f"{name}-{''.join('RN'[not r] for r in requires)}"
                                          f"-{changed}-{'nograd' if no_grad else 'recorded'}")


@pytest.mark.parametrize(("name", "requires", "changed", "no_grad"), list(_table_cases()))
def test_the_saved_tensor_tables_are_torchs(name, requires, changed, no_grad):
    outcomes = []
    for lib in (torch, gradviz):
        arrays, call = _op_cases(lib)[name]
        leaves = [lib.tensor(a, requires_grad=r) for a, r in zip(arrays, requires, strict=True)]
        inputs = [t * 1 if t.requires_grad else t for t in leaves]  # non-leaves: changeable
        out = call(*inputs)
        target = out if changed == "result" else inputs[changed]
        if no_grad or not target.requires_grad:
            with lib.no_grad():
                target.mul_(1)
        else:
            target.mul_(1)
        outcomes.append(_backward(out.sum(), leaves))
    assert name in saved_versions.SAVED_INPUTS or name in saved_versions.SAVED_RESULT
    _same_outcome(*outcomes)


def test_versions_count_every_change_and_a_changed_leaf_input_is_torchs_error():
    for lib in (torch, gradviz):
        t = lib.zeros(3)
        t.add_(1)
        t[0] = 5
        t.mul_(2)
        with lib.no_grad():
            t.relu_()
        assert t._version == 4 and lib.ones(2)._version == 0
    messages = []
    for lib in (torch, gradviz):
        x = lib.ones((), requires_grad=True)
        w = lib.full((2, 2), 3.0)
        y = x * w
        w.zero_()
        messages.append(_backward(y.sum(), [x]))
    assert isinstance(messages[1], str) and messages[0] == messages[1]
    assert messages[1].startswith("one of the variables needed for gradient computation has "
                                  "been modified by an inplace operation: [torch.FloatTensor "
                                  "[2, 2]] is at version 1; expected version 0 instead. Hint:")
