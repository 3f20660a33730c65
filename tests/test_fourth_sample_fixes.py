"""What the fourth corpus sample (tests/torch_corpus/fourth_sample.py) needed, each checked
against PyTorch: abs(t), torch.accelerator, the DataLoader's samplers and submodule paths,
dropout2d on a 2-D input, and autograd.grad through a parameter rebuilt from the last one."""

import warnings

import numpy as np
import pytest
import torch

import gradviz as gv
import gradviz.utils.data as gv_data


def test_python_abs_is_abs_with_its_gradient():
    x = np.array([[-1.5, 0.25], [2.0, -3.0]])
    ours = gv.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    (abs(ours) * gv.tensor(x)).sum().backward()
    (abs(theirs) * torch.tensor(x)).sum().backward()
    np.testing.assert_allclose(abs(ours).detach().numpy(), abs(theirs).detach().numpy(),
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=0, atol=1e-12)
    # finite differences of Σ |x|·x away from the kink
    h, f = 1e-6, lambda a: float(np.sum(np.abs(a) * x))
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        assert abs((f(x + step) - f(x - step)) / (2 * h) - ours.grad.numpy()[i]) < 1e-6


def test_accelerator_answers_as_pytorchs_on_a_machine_without_one():
    assert gv.accelerator.is_available() == gv.cuda.is_available()
    if not gv.cuda.is_available():
        assert gv.accelerator.current_accelerator() is None
        assert gv.accelerator.device_count() == 0
    else:
        assert gv.accelerator.current_accelerator().type == "cuda"


def _torch_and_gradviz_datasets(n=7):
    x = np.arange(2 * n, dtype=np.float64).reshape(n, 2)
    return (torch.utils.data.TensorDataset(torch.tensor(x)),
            gv_data.TensorDataset(gv.tensor(x)))


@pytest.mark.parametrize("drop_last", [False, True])
def test_batch_sampler_over_a_sequential_sampler_batches_as_pytorch(drop_last):
    theirs_ds, ours_ds = _torch_and_gradviz_datasets()
    theirs = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(theirs_ds), 3,
                                           drop_last)
    ours = gv_data.BatchSampler(gv_data.SequentialSampler(ours_ds), 3, drop_last)
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    collate = lambda b: b  # noqa: E731 - the items as they come
    theirs_dl = torch.utils.data.DataLoader(theirs_ds, batch_sampler=theirs, collate_fn=collate)
    ours_dl = gv_data.DataLoader(ours_ds, batch_sampler=ours, collate_fn=collate)
    assert len(ours_dl) == len(theirs_dl)
    for a, b in zip(ours_dl, theirs_dl, strict=True):
        assert [float(item[0][0]) for item in a] == [float(item[0][0]) for item in b]


def test_random_sampler_is_one_permutation_per_pass(monkeypatch):
    _, ours_ds = _torch_and_gradviz_datasets()
    orders = iter([gv.tensor([3, 0, 6, 1, 5, 2, 4]), gv.tensor([6, 5, 4, 3, 2, 1, 0])])
    monkeypatch.setattr(gv_data, "randperm", lambda n, generator=None: next(orders))
    sampler = gv_data.RandomSampler(ours_ds)
    assert list(sampler) == [3, 0, 6, 1, 5, 2, 4]
    batches = list(gv_data.DataLoader(ours_ds, batch_sampler=gv_data.BatchSampler(sampler, 4,
                                                                                  False)))
    assert [b[0][:, 0].tolist() for b in batches] == [[12.0, 10.0, 8.0, 6.0], [4.0, 2.0, 0.0]]


def test_dataloader_options_and_paths_are_pytorchs():
    _, ours_ds = _torch_and_gradviz_datasets()
    with pytest.raises(ValueError, match="mutually exclusive"):
        gv_data.DataLoader(ours_ds, batch_size=2, batch_sampler=[[0, 1]])
    loader = gv.utils.data.dataloader.DataLoader(ours_ds, batch_size=None)
    assert len(loader) == 7 and next(iter(loader))[0].tolist() == [0.0, 1.0]  # items, unbatched
    assert repr(loader).startswith("<gradviz.utils.data.dataloader.DataLoader object at 0x")
    from gradviz.utils.data.dataset import random_split
    from gradviz.utils.data.sampler import SequentialSampler

    assert random_split is gv_data.random_split and SequentialSampler is gv_data.SequentialSampler


def test_dropout2d_on_a_2d_input_warns_and_drops_single_elements():
    x = np.ones((6, 5))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = gv.nn.functional.dropout2d(gv.tensor(x), 0.5).numpy()
    assert "Received a 2-D input to dropout2d" in str(caught[0].message)
    x = np.ones((60, 50))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = gv.nn.functional.dropout2d(gv.tensor(x), 0.5).numpy()
        torch_out = torch.nn.functional.dropout2d(torch.tensor(x), 0.5).numpy()
    for dropped in (out, torch_out):  # as F.dropout: elements, not rows, zeroed; kept ones ×2
        assert set(np.unique(dropped)) == {0.0, 2.0}
        assert ((dropped == 0).all(axis=1) | (dropped == 2).all(axis=1)).mean() < 0.5
    np.testing.assert_array_equal(gv.nn.Dropout2d(0.0)(gv.tensor(x)).numpy(), x)


def test_dropout2d_on_a_3d_input_warns_and_drops_per_sample_and_channel():
    # PyTorch reads a 3-D input as (N, C, L) (1-D channel dropout), not as an unbatched
    # (C, H, W): one draw per (sample, channel), its whole row kept (×2) or zeroed.
    x = np.ones((40, 30, 4))
    outs, messages = [], []
    for lib in (gv, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outs.append(lib.nn.functional.dropout2d(lib.tensor(x), 0.5).numpy())
        messages.append(str(caught[0].message))
    assert messages[0] == messages[1]
    for dropped in outs:
        assert ((dropped == 0).all(axis=2) | (dropped == 2).all(axis=2)).all()
        per_sample = (dropped == 0).all(axis=(1, 2)) | (dropped == 2).all(axis=(1, 2))
        assert per_sample.mean() < 0.5  # not whole samples
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.testing.assert_array_equal(gv.nn.Dropout2d(0.0)(gv.tensor(x)).numpy(), x)


def _adaline_autograd(lib, steps=4):
    """STAT 453's Adaline2: grad w.r.t. a parameter rebuilt each step as w + lr·(−∂L/∂w)."""
    rng = np.random.default_rng(0)
    x, y = lib.tensor(rng.normal(size=(10, 2))), lib.tensor(rng.normal(size=10))
    w = lib.zeros(2, 1, dtype=lib.float64, requires_grad=True)
    b = lib.zeros(1, dtype=lib.float64, requires_grad=True)
    for _ in range(steps):
        loss = ((lib.mm(x, w) + b).view(-1) - y).pow(2).mean()
        gw = lib.autograd.grad(loss, w, retain_graph=True)[0]
        gb = lib.autograd.grad(loss, b)[0]
        w, b = w - 0.1 * gw, b - 0.1 * gb
    return w.detach().numpy(), b.detach().numpy()


def test_grad_through_a_parameter_rebuilt_from_the_last_one_is_pytorchs():
    for ours, theirs in zip(_adaline_autograd(gv), _adaline_autograd(torch), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_grad_still_refuses_a_second_pass_through_a_freed_op():
    for lib in (gv, torch):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        loss = (w * w).sum()
        lib.autograd.grad(loss, w)
        with pytest.raises(RuntimeError, match="backward through the graph a second time"):
            lib.autograd.grad(loss, w)


def _transformers(dropout=0.0):
    """A small nn.Transformer in each library, float64, gradviz's given PyTorch's weights."""
    kwargs = dict(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2,
                  dim_feedforward=16, dropout=dropout)
    theirs = torch.nn.Transformer(**kwargs).double()
    ours = gv.nn.Transformer(**kwargs).double()
    weights = theirs.state_dict()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    with gv.no_grad():
        for name, p in ours.named_parameters():
            p.copy_(gv.tensor(weights[name].numpy()))
    return ours, theirs


def test_transformer_encoder_decoder_is_pytorchs_in_float64():
    ours, theirs = _transformers()
    rng = np.random.default_rng(0)
    src, tgt = rng.normal(size=(5, 3, 8)), rng.normal(size=(4, 3, 8))
    outs = []
    for lib, model in ((gv, ours), (torch, theirs)):
        mask = lib.nn.Transformer.generate_square_subsequent_mask(4, dtype=lib.float64)
        out = model(lib.tensor(src), lib.tensor(tgt), tgt_mask=mask)
        (out * lib.tensor(src[:4])).sum().backward()
        outs.append((out.detach().numpy(), model.decoder.layers[1].multihead_attn
                     .in_proj_weight.grad.numpy(), model.encoder.layers[0].linear1.weight
                     .grad.numpy()))
    for a, b in zip(*outs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)


def test_transformer_gradient_matches_finite_differences():
    ours, _ = _transformers()
    rng = np.random.default_rng(1)
    src, tgt, weights = (rng.normal(size=(3, 2, 8)), rng.normal(size=(2, 2, 8)),
                         rng.normal(size=(2, 2, 8)))
    x = gv.tensor(src, requires_grad=True)
    (ours(x, gv.tensor(tgt)) * gv.tensor(weights)).sum().backward()
    h = 1e-6
    for i in [(0, 0, 0), (2, 1, 5), (1, 0, 7)]:
        step = np.zeros_like(src)
        step[i] = h
        f = lambda s: float((ours(gv.tensor(s), gv.tensor(tgt)) * gv.tensor(weights)).sum())  # noqa: E731
        assert abs((f(src + step) - f(src - step)) / (2 * h) - x.grad.numpy()[i]) < 1e-6


def test_transformer_draws_its_weights_as_pytorch(monkeypatch):
    """PyTorch builds every layer, then redraws each matrix from Glorot's uniform: so many
    uniform_ fills, in parameter order, with these bounds."""
    bounds = []
    original = gv.Tensor.uniform_

    def uniform_(t, a=0.0, b=1.0, *args, **kwargs):
        bounds.append((tuple(t.shape), round(b, 12)))
        return original(t, a, b, *args, **kwargs)

    monkeypatch.setattr(gv.Tensor, "uniform_", uniform_)
    model = gv.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                              dim_feedforward=16)
    redraws = bounds[-sum(p.dim() > 1 for p in model.parameters()):]
    expected = [(tuple(p.shape), round(float(np.sqrt(6 / (p.shape[0] + p.shape[1]))), 12))
                for p in torch.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1,
                                              num_decoder_layers=1, dim_feedforward=16)
                .parameters() if p.dim() > 1]
    assert redraws == expected


def test_module_list_prints_runs_of_alike_modules_as_pytorch():
    def modules(lib):
        return lib.nn.ModuleList([lib.nn.ReLU(), lib.nn.Linear(2, 3), lib.nn.Linear(2, 3),
                                  lib.nn.Linear(2, 3), lib.nn.Tanh(), lib.nn.ReLU()])

    assert repr(modules(gv)) == repr(modules(torch))
    assert repr(gv.nn.ModuleList()) == repr(torch.nn.ModuleList())


def _per_sample_grads(lib, x, y, weights):
    """The per-sample-gradients tutorial's recipe on a small float64 MLP."""
    model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.Tanh(), lib.nn.Linear(4, 2)).double()
    with lib.no_grad():
        for p, w in zip(model.parameters(), weights, strict=True):
            p.copy_(lib.tensor(w))
    params = {k: v.detach() for k, v in model.named_parameters()}
    buffers = {k: v.detach() for k, v in model.named_buffers()}

    def compute_loss(params, buffers, sample, target):
        out = lib.func.functional_call(model, (params, buffers), (sample.unsqueeze(0),))
        return lib.nn.functional.cross_entropy(out, target.unsqueeze(0))

    per_sample = lib.func.vmap(lib.func.grad(compute_loss), in_dims=(None, None, 0, 0))(
        params, buffers, lib.tensor(x), lib.tensor(y))
    assert [n for n, _ in model.named_parameters()] == list(per_sample)
    return {k: v.numpy() for k, v in per_sample.items()}, model


def test_func_grad_vmap_functional_call_are_pytorchs_in_float64():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(5, 3)), rng.integers(0, 2, 5)
    weights = [rng.normal(size=s) for s in [(4, 3), (4,), (2, 4), (2,)]]
    ours, model = _per_sample_grads(gv, x, y, weights)
    theirs, _ = _per_sample_grads(torch, x, y, weights)
    for key in theirs:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), weights[0])  # put back
    # finite differences of one sample's loss in one weight
    def loss(w):
        with gv.no_grad():
            model[0].weight.copy_(gv.tensor(w))
            out = model(gv.tensor(x[1:2]))
        return float(gv.nn.functional.cross_entropy(out, gv.tensor(y[1:2])))
    step = np.zeros((4, 3))
    step[2, 1] = 1e-6
    numeric = (loss(weights[0] + step) - loss(weights[0] - step)) / 2e-6
    assert abs(numeric - ours["0.weight"][1, 2, 1]) < 1e-7


def test_func_grad_of_several_arguments_and_aux():
    for lib in (gv, torch):
        f = lambda a, b: ((a * b).sum() ** 2, a.sum())  # noqa: E731
        a, b = lib.tensor([1.0, 2.0], dtype=lib.float64), lib.tensor([3.0, -1.0],
                                                                    dtype=lib.float64)
        (ga, gb), aux = lib.func.grad(f, argnums=(0, 1), has_aux=True)(a, b)
        assert ga.tolist() == [6.0, -2.0] and gb.tolist() == [2.0, 4.0] and float(aux) == 3.0
