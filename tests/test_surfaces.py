"""Loss surfaces, optimizer runs, regression, landscapes and optimizer scenes.

The central check: every optimizer and variant takes the same 200 steps as `torch.optim`
(float64, within 1e-10) on Rosenbrock and on the ill-conditioned quadratic, with gradients
from gradviz's autograd on one side and torch's on the other.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import gradviz as gv
from gradviz.app.optimize_cli import optimize_json
from gradviz.lesson.parser import LessonError, parse_lesson
from gradviz.lesson.scene import load_scene, scene_from_dict, scene_from_lesson
from gradviz.surfaces.expr import compile_expression
from gradviz.surfaces.functions import SURFACES, custom_surface
from gradviz.surfaces.landscape import Network, batched_loss, dataset, train_landscape
from gradviz.surfaces.regression import regression_data, run_regression
from gradviz.surfaces.runs import OPTIMIZERS, OptimizerSpec, Schedule, run_optimizers

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("optim_*.toml"))


def _grad_at(surface, point):
    x = gv.tensor(np.array(point[0]), requires_grad=True)
    y = gv.tensor(np.array(point[1]), requires_grad=True)
    surface.function(x, y).backward()
    return np.array([0.0 if t.grad is None else t.grad.item() for t in (x, y)])


# -- surfaces ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SURFACES))
def test_minima_are_minima(name):
    surface = SURFACES[name]
    ring = 1e-3 * np.array([[np.cos(a), np.sin(a)] for a in np.linspace(0, 2 * np.pi, 16)])
    for point in surface.minima + surface.local_minima:
        np.testing.assert_allclose(_grad_at(surface, point), 0, atol=1e-8)
        around = surface.evaluate(point[0] + ring[:, 0], point[1] + ring[:, 1])
        assert np.all(around > surface.evaluate(*point))
    for point in surface.saddles:
        np.testing.assert_allclose(_grad_at(surface, point), 0, atol=1e-12)
    if surface.minima:
        xs, ys, z = surface.mesh(101)
        assert z.min() >= min(surface.evaluate(*m) for m in surface.minima) - 1e-9


@pytest.mark.parametrize("name", list(SURFACES))
def test_grid_evaluator_matches_tensor_function(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.range
    xs, ys = rng.uniform(x0, x1, 50), rng.uniform(y0, y1, 50)
    values = surface.function(gv.tensor(xs), gv.tensor(ys)).numpy()
    np.testing.assert_allclose(surface.evaluate(xs, ys), values, rtol=1e-12)
    assert surface.mesh(30)[2].shape == (30, 30)


def test_himmelblau_has_four_minima_and_rosenbrock_its_start():
    assert len(SURFACES["himmelblau"].minima) == 4
    assert SURFACES["rosenbrock"].start == (-1.5, 2.0)
    assert SURFACES["rosenbrock"].minima == ((1.0, 1.0),)


# -- custom expressions --------------------------------------------------------------------------

GOOD = "sin(x)*cos(y) + sigmoid(x) - tanh(y) + exp(-x**2) + abs(y) + sqrt(x**2 + 1) + log(1 + y**2)"


def test_custom_expression_gradients_match_torch():
    formula = compile_expression(GOOD)
    point = np.array([0.7, -1.3])
    x, y = (gv.tensor(np.array(v), requires_grad=True) for v in point)
    formula.tensor(x, y).backward()
    tx, ty = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point)
    value = formula.tensor(tx, ty)
    value.backward()
    np.testing.assert_allclose([x.grad.item(), y.grad.item()], [tx.grad.item(), ty.grad.item()],
                               rtol=1e-12)
    np.testing.assert_allclose(formula.numpy(point[0], point[1]), value.item(), rtol=1e-12)


def test_custom_surface_runs_and_constant_formula_works():
    surface = custom_surface("x**2 + 3*y**2", ((-2, 2), (-2, 2)), (1.5, -1.0))
    (run,) = run_optimizers(surface, [OptimizerSpec("sgd", {"lr": 0.1})], steps=100)
    np.testing.assert_allclose(run.positions[-1], 0, atol=1e-6)
    flat = custom_surface("2**3 + exp(0)")
    assert flat.evaluate(np.zeros(3), np.zeros(3)).tolist() == [9.0, 9.0, 9.0]
    np.testing.assert_allclose(_grad_at(flat, (0.3, 0.4)), 0)


@pytest.mark.parametrize(("text", "says"), [
    ("__import__('os')", "unknown function '__import__'"),
    ("x.real", "Attribute"),
    ("x[0]", "Subscript"),
    ("z + 1", "unknown name 'z'"),
    ("x ^ 2", "'^'"),
    ("x // 2", "'//'"),
    ("lambda: x", "Lambda"),
    ("x if y else 1", "IfExp"),
    ("'x'", "not a number"),
    ("True * x", "not a number"),
    ("pow(x, 2)", "unknown function 'pow'"),
    ("exp(x, y)", "exactly one argument"),
    ("sine(x)", "did you mean 'sin'"),
    ("x +", "syntax error"),
    ("", "empty"),
    ("exp(" * 80 + "x" + ")" * 80, "nested"),
    ("x < y", "Compare"),
    ("exp", "is a function"),
])
def test_custom_expression_rejected(text, says):
    with pytest.raises(ValueError, match=None) as error:
        compile_expression(text)
    assert says in str(error.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="xy0123456789.+-*/()^%@ ,expsqrtlogabcin_[]'", max_size=40))
def test_any_text_is_a_formula_or_a_value_error(text):
    try:
        formula = compile_expression(text)
    except ValueError:
        return
    formula.numpy(np.linspace(-1, 1, 3), np.linspace(1, -1, 3))  # never raises either


# -- optimizers against torch.optim ---------------------------------------------------------------

TORCH = {"sgd": (torch.optim.SGD, {}), "momentum": (torch.optim.SGD, {"momentum": 0.9}),
         "nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
         "adagrad": (torch.optim.Adagrad, {}), "adadelta": (torch.optim.Adadelta, {}),
         "rmsprop": (torch.optim.RMSprop, {}), "adam": (torch.optim.Adam, {}),
         "amsgrad": (torch.optim.Adam, {"amsgrad": True}), "adamw": (torch.optim.AdamW, {}),
         "adamax": (torch.optim.Adamax, {}), "nadam": (torch.optim.NAdam, {}),
         "radam": (torch.optim.RAdam, {}), "rprop": (torch.optim.Rprop, {}),
         "asgd": (torch.optim.ASGD, {})}

VARIANTS = [
    ("sgd", {"lr": 1e-3}),
    ("sgd", {"lr": 1e-3, "weight_decay": 0.1}),
    ("momentum", {"lr": 1e-3}),
    ("sgd", {"lr": 1e-3, "momentum": 0.8, "dampening": 0.3}),
    ("nesterov", {"lr": 1e-3, "momentum": 0.8}),
    ("adagrad", {"lr": 0.3}),
    ("adagrad", {"lr": 0.3, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("adadelta", {"lr": 1.0}),
    ("adadelta", {"lr": 5.0, "rho": 0.8, "weight_decay": 0.01}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "centered": True}),
    ("rmsprop", {"lr": 0.003, "momentum": 0.9, "centered": True}),
    ("adam", {"lr": 0.02}),
    ("adam", {"lr": 0.02, "betas": [0.8, 0.99], "weight_decay": 0.01}),
    ("amsgrad", {"lr": 0.02}),
    ("adam", {"lr": 0.02, "amsgrad": True}),
    ("adamw", {"lr": 0.02, "weight_decay": 0.1}),
    ("adamax", {"lr": 0.02}),
    ("nadam", {"lr": 0.02}),
    ("nadam", {"lr": 0.01, "weight_decay": 0.01, "decoupled_weight_decay": True}),
    ("radam", {"lr": 1e-3}),  # its first steps are plain momentum: 0.02 diverges, as in torch
    ("rprop", {"lr": 1e-3}),
    ("rprop", {"lr": 1e-3, "etas": [0.4, 1.1], "step_sizes": [1e-6, 1.0]}),
    ("asgd", {"lr": 1e-3, "t0": 50}),
]
SCHEDULED = [
    ("sgd", {"lr": 2e-3}, Schedule("step", {"step_size": 30, "gamma": 0.5})),
    ("momentum", {"lr": 1e-3}, Schedule("exponential", {"gamma": 0.99})),
    ("adam", {"lr": 0.05}, Schedule("cosine", {"T_max": 150, "eta_min": 0.001})),
    ("rmsprop", {"lr": 0.01}, Schedule("multistep", {"milestones": [20, 90]})),
    ("adagrad", {"lr": 0.5}, Schedule("inverse_time", {"decay": 0.05})),
]


def _torch_scheduler(schedule, optimizer):
    s, p = torch.optim.lr_scheduler, dict(schedule.params)
    return {"step": lambda: s.StepLR(optimizer, **p),
            "exponential": lambda: s.ExponentialLR(optimizer, **p),
            "cosine": lambda: s.CosineAnnealingLR(optimizer, **p),
            "multistep": lambda: s.MultiStepLR(optimizer, **p),
            "inverse_time": lambda: s.LambdaLR(optimizer, lambda t: 1 / (1 + p["decay"] * t)),
            }[schedule.kind]()


def _torch_run(surface, spec, start, steps):
    cls, fixed = TORCH[spec.kind]
    kwargs = {key: tuple(v) if isinstance(v, list) else v
              for key, v in {**fixed, **spec.params}.items()}
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = cls([p], **kwargs)
    scheduler = _torch_scheduler(spec.schedule, optimizer) if spec.schedule else None
    positions, lrs = [p.detach().clone().numpy()], []
    for _ in range(steps):
        optimizer.zero_grad()
        surface.function(p[0], p[1]).backward()
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        positions.append(p.detach().clone().numpy())
    return np.array(positions), np.array(lrs), optimizer.state[p]


CASES = [(k, p, None) for k, p in VARIANTS] + SCHEDULED


def test_every_optimizer_a_scene_can_race_is_checked_against_torch():
    assert set(TORCH) == set(OPTIMIZERS) == {kind for kind, _ in VARIANTS}


@pytest.mark.parametrize("surface_name", ["rosenbrock", "ill_conditioned"])
@pytest.mark.parametrize(("kind", "params", "schedule"), CASES,
                         ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(CASES)])
def test_trajectory_matches_torch_optim(surface_name, kind, params, schedule):
    surface = SURFACES[surface_name]
    spec = OptimizerSpec(kind, params, schedule=schedule)
    start = (-1.5, 2.0) if surface_name == "rosenbrock" else (-2.5, -1.0)
    (run,) = run_optimizers(surface, [spec], start, steps=200)
    positions, lrs, state = _torch_run(surface, spec, start, 200)
    assert not run.diverged and run.steps == 200
    np.testing.assert_allclose(run.positions, positions, rtol=0, atol=1e-10)
    np.testing.assert_allclose(run.lrs, lrs, rtol=1e-15)
    for key, value in state.items():
        if key != "step":
            np.testing.assert_allclose(run.state[key][-1], value.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(run.updates, np.diff(run.positions, axis=0))


def test_adam_records_bias_corrected_moments():
    spec = OptimizerSpec("adam", {"lr": 0.05, "betas": [0.8, 0.9]})
    (run,) = run_optimizers(SURFACES["beale"], [spec], steps=50)
    t = np.arange(1, 51)[:, None]
    np.testing.assert_allclose(run.state["exp_avg_hat"], run.state["exp_avg"] / (1 - 0.8**t))
    np.testing.assert_allclose(run.state["exp_avg_sq_hat"], run.state["exp_avg_sq"] / (1 - 0.9**t))
    np.testing.assert_allclose(run.state["exp_avg"][0], 0.2 * run.grads[0])
    assert not run.positions.flags.writeable and run.grads.shape == (51, 2)


def test_all_runs_share_steps_but_not_state():
    specs = [OptimizerSpec(k, {"lr": 1e-3}) for k in ("sgd", "momentum", "adam")]
    together = run_optimizers(SURFACES["rosenbrock"], specs, steps=100)
    for spec, run in zip(specs, together, strict=True):
        (alone,) = run_optimizers(SURFACES["rosenbrock"], [spec], steps=100)
        np.testing.assert_array_equal(run.positions, alone.positions)


@pytest.mark.parametrize(("surface", "spec"), [
    (SURFACES["rosenbrock"], OptimizerSpec("sgd", {"lr": 0.1})),
    (SURFACES["ill_conditioned"], OptimizerSpec("sgd", {"lr": 0.25})),
    (custom_surface("sqrt(x) + y**2", ((0, 2), (-1, 1)), (1.0, 0.5)),
     OptimizerSpec("sgd", {"lr": 0.5})),
    (custom_surface("exp(x**2) + y**2", start=(1.5, 0.0)), OptimizerSpec("sgd", {"lr": 1.0})),
])
def test_divergence_is_marked_not_raised(surface, spec):
    good = OptimizerSpec("sgd", {"lr": 1e-4})
    bad, fine = run_optimizers(surface, [spec, good], steps=300)
    assert bad.diverged and 0 <= bad.diverged_at < 300
    assert np.all(np.isfinite(bad.positions)) and len(bad.positions) == bad.steps + 1
    assert len(bad.losses) == len(bad.positions) and len(bad.lrs) == bad.steps
    assert not fine.diverged and fine.steps == 300


def test_running_off_downhill_is_escape_not_divergence():
    """On x² − y² (no minimum) momentum runs off the map with its loss falling: that is the
    lesson's right answer, not a blow-up.  A step too large on a bowl is divergence."""
    saddle = SURFACES["saddle"]
    momentum, sgd = run_optimizers(saddle, [OptimizerSpec("momentum", {"lr": 0.05}),
                                            OptimizerSpec("sgd", {"lr": 0.05})],
                                   start=(-1.5, 0.01), steps=60)
    assert momentum.escaped and not momentum.diverged and momentum.diverged_at is None
    assert 0 < momentum.escaped_at <= 60 and momentum.losses[-1] < momentum.losses[0]
    assert not sgd.escaped and not sgd.diverged  # still on its way: the plot shows it leave
    (blown,) = run_optimizers(SURFACES["rosenbrock"], [OptimizerSpec("sgd", {"lr": 1.0})])
    assert blown.diverged and not blown.escaped
    (uphill,) = run_optimizers(saddle, [OptimizerSpec("sgd", {"lr": 1.5})], start=(0.5, 0.0))
    assert uphill.diverged and not uphill.escaped  # oscillating along x, the loss grows


def first_out_of_final_stretch(positions, bounds) -> int | None:
    """The iteration at which a path went outside ``bounds`` for good (None: it ends inside)."""
    (x0, x1), (y0, y1) = bounds
    out = [not (x0 <= x <= x1 and y0 <= y <= y1) for x, y in positions]
    if not out[-1]:
        return None
    k = len(out) - 1
    while k > 0 and out[k - 1]:
        k -= 1
    return k


DIVERGING = """[lesson]
title = "Diverge"
language = "en"

[surface]
name = "rosenbrock"
range = [[-2, 2], [-1, 3]]
start = [-1.5, 2.0]
steps = 20

[[optimizer]]
type = "sgd"
lr = 0.01
label = "SGD"

[[optimizer]]
type = "adam"
lr = 0.05
label = "Adam"
"""


def test_optimize_reports_escape_apart_from_divergence():
    saddle = next(p for p in EXAMPLES if p.stem == "optim_silla")
    result = optimize_json(saddle)
    momentum = next(r for r in result["optimizers"] if r["name"] == "Momentum")
    assert momentum["escaped"] and not momentum["diverged"] and momentum["escaped_at"] > 0
    assert momentum["status"] == "leaves" and momentum["status_at"] < momentum["escaped_at"]


def test_optimize_status_says_what_the_plot_says_at_its_last_iteration(tmp_path):
    """The saddle's six runs all end off the plot (the PNG marks each as leaving the range):
    the status says so, and from which iteration, in the lesson's language."""
    saddle = next(p for p in EXAMPLES if p.stem == "optim_silla")
    scene = load_scene(saddle)
    result = optimize_json(saddle)
    assert result["language"] == "es"
    for run, entry in zip(scene.run(), result["optimizers"], strict=True):
        at = first_out_of_final_stretch(run.positions, scene.surface.range)
        assert at is not None and entry["status"] == "leaves" and entry["status_at"] == at
        assert entry["status_text"] == f"sale del rango en la iteración {at}"
    sgd = result["optimizers"][0]
    assert sgd["name"] == "SGD" and 30 < sgd["status_at"] < 60  # it lingers at the saddle
    english = optimize_json(saddle, lang="en")["optimizers"][0]
    assert english["status_text"] == f"leaves the range at iteration {sgd['status_at']}"
    path = tmp_path / "diverge.toml"
    path.write_text(DIVERGING, "utf-8")
    sgd, adam = optimize_json(path)["optimizers"]
    assert (sgd["status"], sgd["status_at"], sgd["status_text"]) == \
        ("diverged", 5, "diverged at iteration 5")
    assert (adam["status"], adam["status_at"], adam["status_text"]) == ("ok", None, "ok")


def test_optimize_table_has_the_same_status_column(tmp_path, capsys):
    from gradviz.app.cli import main

    saddle = next(p for p in EXAMPLES if p.stem == "optim_silla")
    assert main(["optimize", str(saddle)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-1] == "estado"
    rows = {line.split()[0]: line for line in lines[1:]}
    statuses = {r["name"]: r["status_text"] for r in optimize_json(saddle)["optimizers"]}
    assert set(rows) == set(statuses)
    for name, text in statuses.items():
        assert rows[name].endswith(f"  {text}") and text.startswith("sale del rango en la")
    path = tmp_path / "diverge.toml"
    path.write_text(DIVERGING, "utf-8")
    assert main(["optimize", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-1] == "status"
    assert lines[1].startswith("SGD") and lines[1].endswith("  diverged at iteration 5")
    assert lines[2].startswith("Adam") and lines[2].endswith("  ok")


def test_landscape_plane_loss_matches_the_network():
    """The grid evaluation (linear in α, β, no θ built) is the network's loss at θ."""
    land = train_landscape(Network("spiral", hidden=5, seed=1), steps=30)
    rng = np.random.default_rng(0)
    alphas, betas = rng.uniform(-3, 3, (7, 5)), rng.uniform(-3, 3, (7, 5))
    X, y = dataset("spiral", seed=1)
    thetas = land.center + alphas.reshape(-1, 1) * land.directions[0] \
        + betas.reshape(-1, 1) * land.directions[1]
    np.testing.assert_allclose(land.loss(alphas, betas).ravel(),
                               batched_loss(thetas, X, y, 5), rtol=1e-4)
    assert land.loss(0.0, 0.0).shape == ()


def test_mesh_takes_a_grid_per_axis():
    xs, ys, z = SURFACES["booth"].mesh((40, 25))
    assert xs.shape == (40,) and ys.shape == (25,) and z.shape == (25, 40)


def test_bad_spec_raises_value_error():
    with pytest.raises(ValueError, match="no hyper-parameter 'beta'"):
        run_optimizers(SURFACES["booth"], [OptimizerSpec("adam", {"beta": 0.9})])
    with pytest.raises(ValueError, match="unknown optimizer"):
        run_optimizers(SURFACES["booth"], [OptimizerSpec("lbfgs")])


# -- regression ----------------------------------------------------------------------------------


def test_batch_minibatch_and_stochastic():
    data = regression_data(n=64, seed=3)
    specs = [OptimizerSpec("sgd", {"lr": 0.1}), OptimizerSpec("sgd", {"lr": 0.1}, batch_size=8),
             OptimizerSpec("sgd", {"lr": 0.02}, batch_size=1)]
    batch, mini, sgd = run_regression(data, specs, epochs=5)
    assert (batch.steps if hasattr(batch, "steps") else len(batch.lrs)) == 5
    assert len(mini.lrs) == 40 and len(sgd.lrs) == 320
    np.testing.assert_allclose(batch.batch_grads, batch.full_grads, atol=1e-12)
    assert np.abs(mini.gradient_noise).mean() > 1e-3
    w = batch.positions[:-1] - 0.1 * batch.full_grads  # batch descent is exact descent
    np.testing.assert_allclose(batch.positions[1:], w, atol=1e-12)
    for run in (batch, mini, sgd):
        assert run.losses[-1] < run.losses[0] and not run.diverged
    assert set(mini.epochs.tolist()) == set(range(5))


def test_regression_grid_is_the_full_batch_loss():
    data = regression_data(n=20, seed=1)
    w, b = np.meshgrid(np.linspace(-1, 3, 5), np.linspace(-2, 2, 4))
    direct = np.mean((w[..., None] * data.x + b[..., None] - data.y) ** 2, axis=-1)
    np.testing.assert_allclose(data.surface().evaluate(w, b), direct, rtol=1e-10)
    np.testing.assert_allclose(_grad_at(data.surface(), data.best), 0, atol=1e-10)


# -- landscape -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["xor", "spiral"])
def test_landscape_pca(name):
    land = train_landscape(Network(name, hidden=4), steps=60)
    (run,) = land.runs
    assert run.positions.shape == (61, 2) and run.lrs.shape == run.step_norms.shape == (60,)
    assert np.all(land.explained_variance >= 0) and land.explained_variance.sum() <= 1 + 1e-12
    np.testing.assert_allclose(land.directions @ land.directions.T, np.eye(2), atol=1e-10)
    np.testing.assert_allclose(run.positions[-1], 0, atol=1e-12)
    X, y = dataset(name)
    np.testing.assert_allclose(batched_loss(land.center[None], X, y, 4), run.losses[-1],
                               rtol=1e-9)
    assert run.losses[-1] < run.losses[0]
    # The plane's loss (float32) agrees with the training loss where θ lies on the plane.
    np.testing.assert_allclose(run.plane_losses[-1], run.losses[-1], rtol=1e-4)
    assert run.off_plane[-1] == pytest.approx(0, abs=1e-9)
    start = land.surface().start
    assert start[0] < 0 < start[1]  # signs chosen so that the path starts at the upper left


def test_landscape_runs_share_the_start_and_one_plane():
    specs = (OptimizerSpec("adam", {"lr": 0.05}), OptimizerSpec("sgd", {"lr": 0.5}),
             OptimizerSpec("sgd", {"lr": 1e6}, "too fast"))
    land = train_landscape(Network("xor", hidden=3, seed=2), specs, steps=40)
    adam, sgd, fast = land.runs
    np.testing.assert_allclose(adam.positions[0], sgd.positions[0])
    assert not adam.diverged and not sgd.diverged and fast.diverged
    assert len(fast.positions) == fast.diverged_at < 41
    # The paths' coordinates are the projection of the iterates on the shared plane.
    X, y = dataset("xor")
    theta = land.center + sgd.positions[-1] @ land.directions
    on_plane = batched_loss(theta[None], X, y, 3)[0]
    assert sgd.plane_losses[-1] == pytest.approx(on_plane, rel=1e-4)
    assert sgd.off_plane[-1] > 0


# -- scenes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_scene_loads_and_runs(path):
    scene = load_scene(path)
    assert scene.title and scene.specs
    result = optimize_json(path)
    json.dumps(result, allow_nan=False)
    assert len(result["optimizers"]) == len(scene.specs)
    for entry in result["optimizers"]:
        assert {"name", "params", "path", "diverged"} <= set(entry)
        assert len(entry["path"][0]) == 3


def test_examples_cover_the_lessons():
    names = {p.name for p in EXAMPLES}
    assert {"optim_rosenbrock.toml", "optim_minibatch.toml", "optim_silla.toml"} <= names
    kinds = {s.kind for s in load_scene(EXAMPLES[0].parent / "optim_rosenbrock.toml").specs}
    assert kinds == {"sgd", "momentum", "nesterov", "adagrad", "adadelta", "rmsprop", "adam"}


SCENE = """[lesson]
title = "t"

[surface]
name = "rosenbrock"
steps = 20

[[optimizer]]
type = "adam"
lr = 0.05

[[optimizer]]
type = "sgd"
lr = 0.001
"""


@pytest.mark.parametrize(("change", "line", "says"), [
    (("rosenbrock", "rosenbrok"), 5, "did you mean 'rosenbrock'"),
    (("steps = 20", "hidden = 3"), 6, 'hidden only belongs to name = "landscape"'),
    (("lr = 0.001", "lr = -1.0"), 14, "lr must be at least 0, not -1.0"),
    (("lr = 0.001", "lrate = 1"), 14, "unknown key 'lrate'"),
    (("steps = 20", "steps = 0"), 6, "steps must be an integer"),
    (('name = "rosenbrock"', 'expr = "x ** y @ 2"'), 5, "'@'"),
    (('type = "sgd"', 'type = "sgdd"'), 13, "did you mean 'sgd'"),
    (("lr = 0.05", 'schedule = { type = "step" }'), 10, "needs step_size"),
    (("steps = 20", "epochs = 3"), 6, "only a regression has epochs"),
    (('"sgd"\nlr = 0.001', '"rprop"\netas = [0.5]'), 14,
     "etas must be two numbers, e.g. [0.5, 1.2]"),
    (('"sgd"\nlr = 0.001', '"nadam"\ndecoupled_weight_decay = 1'), 14,
     "decoupled_weight_decay must be true or false"),
])
def test_scene_errors_point_into_the_file(change, line, says):
    text = SCENE.replace(*change)
    with pytest.raises(LessonError) as error:
        scene_from_lesson(parse_lesson(text, "scene.toml"))
    assert error.value.line == line, str(error.value)
    assert says in str(error.value)


LANDSCAPE = """[lesson]
title = "paisaje"

[surface]
name = "landscape"
data = "xor"
hidden = 3
steps = 30

[[optimizer]]
type = "adam"
lr = 0.05

[[optimizer]]
type = "momentum"
lr = 0.1
"""


def test_landscape_lesson_trains_and_prints_json(tmp_path):
    scene = scene_from_lesson(parse_lesson(LANDSCAPE, "l.toml"))
    assert scene.network == Network("xor", 3, 0) and scene.surface.name == "landscape"
    runs = scene.run()
    assert [r.label for r in runs] == ["Adam", "Momentum"]
    assert all(len(r.positions) == 31 for r in runs)
    assert scene.start == tuple(runs[0].positions[0])
    assert scene.surface.range[0][0] < scene.start[0] < scene.surface.range[0][1]
    # A new spec trains again: new paths, a new plane, a new surface.
    specs = (scene.specs[0], OptimizerSpec("sgd", {"lr": 0.3}))
    again = replace(scene, specs=specs)
    assert again.landscape is not scene.landscape and again.surface is not scene.surface
    assert again.run()[1].label == "SGD"
    path = tmp_path / "l.toml"
    path.write_text(LANDSCAPE, encoding="utf-8")
    result = optimize_json(path)
    json.dumps(result, allow_nan=False)
    assert result["surface"] == "landscape"
    assert result["network"] == {"data": "xor", "hidden": 3, "seed": 0, "parameters": 13}
    assert sum(result["explained_variance"]) <= 1 + 1e-12
    row = result["optimizers"][0]["path"][-1]
    assert row == pytest.approx([0.0, 0.0, runs[0].losses[-1]], abs=1e-12)


@pytest.mark.parametrize(("change", "line", "says"), [
    (('data = "xor"', 'data = "xo"'), 6, "did you mean 'xor'"),
    (('data = "xor"', "data = { n = 4 }"), 6, "data must be one of 'xor', 'spiral'"),
    (("hidden = 3", "hidden = 0"), 7, "hidden must be an integer from 1 to 32"),
    (("hidden = 3", "seed = -1"), 7, "seed must be an integer"),
    (("steps = 30", "steps = 99999"), 8, "steps must be an integer from 1 to 5000"),
    (("steps = 30", "start = [0, 0]"), 8, "random weights"),
    (("steps = 30", "range = [[0, 1], [0, 1]]"), 8, "follows the training paths"),
    (("steps = 30", "epochs = 3"), 8, "only a regression has epochs"),
    (("lr = 0.1", "batch_size = 2"), 16, "unknown key 'batch_size'"),
    (("lr = 0.1", "lr = -0.1"), 16, "lr must be at least 0, not -0.1"),
])
def test_landscape_errors_point_into_the_file(change, line, says):
    with pytest.raises(LessonError) as error:
        scene_from_lesson(parse_lesson(LANDSCAPE.replace(*change), "l.toml"))
    assert error.value.line == line, str(error.value)
    assert says in str(error.value)


def test_scene_from_plain_dict_and_shared_schedule():
    import tomllib

    doc = tomllib.loads(SCENE + '\n[schedule]\ntype = "exponential"\ngamma = 0.9\n')
    scene = scene_from_dict(doc)
    assert all(s.schedule == Schedule("exponential", {"gamma": 0.9}) for s in scene.specs)
    runs = scene.run()
    np.testing.assert_allclose(runs[1].lrs[:3], [0.001, 0.0009, 0.00081])
    with pytest.raises(LessonError, match=r"\[optimizer #1\] lr: lr must be a number"):
        scene_from_dict(tomllib.loads(SCENE.replace("lr = 0.05", 'lr = "fast"')))


@pytest.mark.parametrize("text", ["x ** y", "2 ** x + y ** 2", "x ** 2 ** y", "(x * x) ** 0.5 + y"])
def test_a_power_with_a_variable_exponent_runs_on_tensors_and_grids(text):
    # once "truth value of an array is ambiguous" on the grid: the exponent was compared with 2
    formula = compile_expression(text)
    xs, ys = np.meshgrid(np.linspace(0.5, 2.0, 4), np.linspace(-1.0, 1.0, 3))
    grid = formula.numpy(xs, ys)
    xt = torch.tensor([1.5], dtype=torch.float64, requires_grad=True)
    yt = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)
    xg = gv.tensor([1.5], dtype=gv.float64, requires_grad=True)
    yg = gv.tensor([0.5], dtype=gv.float64, requires_grad=True)
    formula.tensor(xt, yt).sum().backward()
    formula.tensor(xg, yg).sum().backward()
    assert grid.shape == xs.shape and np.isfinite(grid).all()
    np.testing.assert_allclose(formula.numpy(1.5, 0.5), formula.tensor(xt, yt).detach().numpy())
    np.testing.assert_allclose(xg.grad.numpy(), xt.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(yg.grad.numpy(), yt.grad.numpy(), rtol=1e-12)


def test_a_formula_number_no_float_holds_is_refused():
    with pytest.raises(ValueError, match="the number at column 8 is too large"):
        compile_expression("x**2 + " + "9" * 1000 + " * y")
