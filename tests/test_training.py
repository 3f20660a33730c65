"""The training lab's core against PyTorch, and the lessons' claims.

The same setup trained by gradviz and by torch (the same initial weights, the same batches,
`torch.optim` and its schedulers) gives the same loss at every iteration: float64 within
1e-9, float32 within 1e-5, for SGD, momentum and Adam with mini-batches and a schedule.  The
bundled lessons do what they say: XOR's loss goes under 0.05, digits reaches 95 % validation
accuracy, on the spiral ReLU beats sigmoid.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from gradviz.lesson.prepare import prepare_lesson
from gradviz.lesson.training import start_run
from gradviz.training import (
    ModelSpec,
    Optimization,
    TrainingSetup,
    TrainSpec,
    build_model,
    generated,
    parse_layer,
    split,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TORCH_OPTIMIZERS = {"sgd": (torch.optim.SGD, {}), "momentum": (torch.optim.SGD, {"momentum": 0.9}),
                    "adam": (torch.optim.Adam, {})}
TORCH_LOSSES = {"binary_cross_entropy_with_logits": torch.nn.functional
                .binary_cross_entropy_with_logits,
                "cross_entropy": torch.nn.functional.cross_entropy}


def _setup(kind: str, dtype: str, loss: str = "binary_cross_entropy_with_logits",
           classes: int = 2) -> TrainingSetup:
    data = generated("blobs" if classes > 2 else "moons", n=60, noise=0.2, seed=3,
                     classes=classes)
    outputs = classes if loss == "cross_entropy" else 1
    layers = tuple(parse_layer(t) for t in
                   ("Linear(2, 8)", "Tanh()", "Linear(8, 6)", "ReLU()", f"Linear(6, {outputs})"))
    optimization = Optimization(kind, {"lr": 0.05}, "step", {"step_size": 1, "gamma": 0.7},
                                "epoch")
    train, valid = split(data, 0.25, seed=1)
    return TrainingSetup(train, valid, ModelSpec(layers, "uniform", seed=5),
                         TrainSpec(loss, optimization, 8, 3, True, 2, dtype))


def _torch_losses(setup: TrainingSetup, run) -> list[float]:
    """The same training in torch: weights copied from gradviz's start, its batches."""
    dtype = getattr(torch, setup.train.dtype)
    start = build_model(setup.model, "float64")
    modules = []
    for layer in start:
        if hasattr(layer, "weight"):
            linear = torch.nn.Linear(layer.in_features, layer.out_features, dtype=dtype)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor(layer.weight.detach().numpy()))
                linear.bias.copy_(torch.tensor(layer.bias.detach().numpy()))
            modules.append(linear)
        else:
            modules.append(getattr(torch.nn, type(layer).__name__)())
    net = torch.nn.Sequential(*modules)
    cls, fixed = TORCH_OPTIMIZERS[setup.train.optimization.kind]
    optimizer = cls(net.parameters(), lr=0.05, **fixed)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    x, y = setup.data.x, setup.data.y
    losses = []
    for k in range(run.total):
        batch = run.batch_indices(k)
        optimizer.zero_grad()
        out = net(torch.tensor(x[batch], dtype=dtype))
        if setup.train.loss == "cross_entropy":
            target = torch.tensor(y[batch])
        else:
            target = torch.tensor(y[batch], dtype=dtype)[:, None]
        loss = TORCH_LOSSES[setup.train.loss](out, target)
        loss.backward()
        optimizer.step()
        if (k + 1) % run.per_epoch == 0:
            scheduler.step()
        losses.append(loss.item())
    return losses


@pytest.mark.parametrize("dtype, tolerance", [("float64", 1e-9), ("float32", 1e-5)])
@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_the_same_lesson_in_torch_has_the_same_losses(kind, dtype, tolerance):
    setup = _setup(kind, dtype)
    run = start_run(setup)
    run.advance(run.total)
    assert run.per_epoch == 6 and len(run.history) == 18  # 45 records in batches of 8
    ours = np.array([r.loss for r in run.history])
    theirs = np.array(_torch_losses(setup, run))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=tolerance)
    assert run.history[-1].lr == pytest.approx(0.05 * 0.7**2)  # the schedule stepped twice
    assert len(set(map(float, ours))) == len(ours)  # it moved


def test_cross_entropy_with_three_classes_matches_torch():
    setup = _setup("adam", "float64", "cross_entropy", classes=3)
    run = start_run(setup)
    run.advance(run.total)
    np.testing.assert_allclose([r.loss for r in run.history], _torch_losses(setup, run),
                               rtol=0, atol=1e-9)


def test_a_state_replayed_from_a_checkpoint_is_the_state_that_ran():
    setup = _setup("adam", "float64")
    run = start_run(setup)
    run.advance(run.total)
    assert run.stride == 16 and 2 in run._recent  # noqa: SLF001 - the point of this test
    kept = run.state_at(17)
    run._recent.clear()  # noqa: SLF001 - force the replay
    replayed = run.state_at(17)
    for a, b in zip(kept.layers, replayed.layers, strict=True):
        np.testing.assert_array_equal(a.weight, b.weight)
        np.testing.assert_array_equal(a.grad, b.grad)
        np.testing.assert_array_equal(a.after, b.after)
    np.testing.assert_array_equal(kept.batch, run.batch_indices(17))
    assert replayed.record == run.history[17]


def test_one_long_advance_holds_what_advancing_one_at_a_time_holds():
    # A long advance copies the weights only of the iterations it still holds at its end;
    # every other state comes back from a checkpoint, the same numbers.
    setup = _setup("adam", "float64")
    setup = replace(setup, train=replace(setup.train, epochs=8))
    whole, stepped = start_run(setup), start_run(setup)
    whole.advance(whole.total)
    while not stepped.finished:
        stepped.advance(1)
    assert whole.total > whole.recent
    assert whole.history == stepped.history and whole.epochs == stepped.epochs
    assert list(whole._recent) == list(stepped._recent)  # noqa: SLF001 - the same ones held
    for k in range(whole.total):
        ours, theirs = whole.state_at(k), stepped.state_at(k)
        assert ours.record == theirs.record
        for a, b in zip(ours.layers, theirs.layers, strict=True):
            for name in ("weight", "grad", "after", "bias", "bias_grad", "bias_after"):
                np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_restart_changes_the_setting_and_starts_again():
    setup = _setup("sgd", "float64")
    run = start_run(setup)
    run.advance(5)
    again = run.restart({"lr": 0.2, "optimizer": "adam", "hidden": 12, "activation": "ReLU",
                         "batch_size": 4})
    assert again.iteration == 0 and again.setup.train.optimization.kind == "adam"
    assert again.setup.train.optimization.lr == 0.2
    assert again.setup.model.sizes == (2, 12, 12, 1)
    assert again.setup.model.hidden_activation == "ReLU"
    assert again.per_epoch == 12
    with pytest.raises(ValueError, match="cannot change"):
        run.restart({"momentum": 0.5})


def _trained(name: str):
    run = prepare_lesson(EXAMPLES / name).start()
    run.advance(run.total)
    return run


def test_xor_workshop_learns_xor():
    run = _trained("entrenamiento_xor.toml")
    assert run.history[-1].loss < 0.05 < run.history[0].loss
    assert run.epochs[-1].accuracy == 1.0
    boundary = run.boundary(resolution=3, margin=0.0)  # the corners of the unit square
    corners = boundary.values[[0, 0, -1, -1], [0, -1, 0, -1]]
    assert list(corners.round()) == [0.0, 1.0, 1.0, 0.0]


def test_digits_reach_95_percent_on_validation():
    run = _trained("entrenamiento_digitos.toml")
    assert run.epochs[-1].val_accuracy >= 0.95
    assert run.setup.validation is not None and len(run.setup.validation) == 359


def test_on_the_spiral_relu_beats_sigmoid():
    relu = _trained("entrenamiento_espiral_relu.toml").epochs[-1]
    sigmoid = _trained("entrenamiento_espiral_sigmoide.toml").epochs[-1]
    assert relu.val_accuracy >= 0.9 and relu.val_accuracy > sigmoid.val_accuracy + 0.2
    assert relu.loss < sigmoid.loss / 5
