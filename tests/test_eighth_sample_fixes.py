"""What the eighth corpus sample (tests/torch_corpus/eighth_sample.py) needed, each checked
against PyTorch: the recurrent layers' weight names (``_flat_weights_names``,
``_all_weights``, ``all_weights``) and ``flatten_parameters()``, and the legacy constructor
``t.new(…)``."""

import numpy as np
import pytest
import torch

import gradviz as gv

_RECURRENT_CONFIGS = [
    ("RNN", dict(input_size=3, hidden_size=4)),
    ("GRU", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)),
    ("LSTM", dict(input_size=5, hidden_size=2, num_layers=3, bias=False)),
    ("LSTM", dict(input_size=2, hidden_size=3, bidirectional=True, batch_first=True)),
]


@pytest.mark.parametrize("kind, kwargs", _RECURRENT_CONFIGS)
def test_recurrent_layers_name_their_weights_as_pytorch(kind, kwargs):
    ours, theirs = getattr(gv.nn, kind)(**kwargs), getattr(torch.nn, kind)(**kwargs)
    assert ours._flat_weights_names == theirs._flat_weights_names
    assert ours._all_weights == theirs._all_weights
    assert ([[tuple(p.shape) for p in layer] for layer in ours.all_weights]
            == [[tuple(p.shape) for p in layer] for layer in theirs.all_weights])
    # the names reach the parameters themselves, as d2l's xavier_init_weights reaches them
    for name, weight in zip(ours._flat_weights_names, ours._flat_weights, strict=True):
        assert ours._parameters[name] is weight is getattr(ours, name)
    assert [p for layer in ours.all_weights for p in layer] == list(ours.parameters())
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_flatten_parameters_changes_nothing_on_the_cpu_as_in_pytorch():
    torch.manual_seed(0)
    theirs = torch.nn.GRU(3, 4, 2, bidirectional=True)
    ours = gv.nn.GRU(3, 4, 2, bidirectional=True)
    ours.load_state_dict({k: gv.tensor(v.detach().numpy()) for k, v in
                          theirs.state_dict().items()})
    before = [p for p in ours.parameters()]
    assert ours.flatten_parameters() is None and theirs.flatten_parameters() is None
    assert list(ours.parameters()) == before
    x = np.random.default_rng(0).standard_normal((5, 2, 3)).astype(np.float32)
    out, h = ours(gv.tensor(x))
    t_out, t_h = theirs(torch.tensor(x))
    np.testing.assert_allclose(out.detach().numpy(), t_out.detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(h.detach().numpy(), t_h.detach().numpy(), atol=1e-6)


def test_xavier_init_through_the_flat_weight_names_reaches_every_gru_weight():
    # d2l's train_seq2seq: nn.init.xavier_uniform_(m._parameters[name]) for each weight name
    net = gv.nn.GRU(4, 6, 2)
    with gv.no_grad():
        for p in net.parameters():
            p.zero_()
    for name in net._flat_weights_names:
        if "weight" in name:
            gv.nn.init.xavier_uniform_(net._parameters[name])
    for name, p in net.named_parameters():
        assert bool((p != 0).any()) == ("weight" in name), name


def _same_new(ours, theirs, *args, **kwargs):
    made, expected = ours.new(*args, **kwargs), theirs.new(*args, **kwargs)
    assert tuple(made.shape) == tuple(expected.shape)
    assert str(made.dtype).split(".")[-1] == str(expected.dtype).split(".")[-1]
    assert made.requires_grad == expected.requires_grad is False
    return made, expected


@pytest.mark.parametrize("args", [(), (2, 3), (0,), (2, 0), ([1, 2],), ((2, 3),),
                                  ([[1.5, 2], [3, 4]],), ([],), ((),)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_new_reads_its_arguments_as_pytorch(args, dtype):
    ours = gv.ones(2, dtype=getattr(gv, dtype))
    theirs = torch.ones(2, dtype=getattr(torch, dtype))
    made, expected = _same_new(ours, theirs, *args)
    if made.numel() and args and not isinstance(args[0], int):  # data, not an empty shape
        np.testing.assert_array_equal(made.numpy(), expected.numpy())


def test_new_of_a_size_and_a_device():
    ours, theirs = gv.zeros(3), torch.zeros(3)
    made, expected = ours.new(gv.Size([2, 4])), theirs.new(torch.Size([2, 4]))
    assert tuple(made.shape) == tuple(expected.shape) == (2, 4)
    assert ours.new(gv.Size([])).shape == theirs.new(torch.Size([])).shape == ()
    _same_new(ours, theirs, 2, device="cpu")
    made = gv.nn.Parameter(gv.ones(2)).new(3, 1)  # a parameter's new tensor is a plain one
    assert type(made) is gv.Tensor and not made.requires_grad
    assert made.new(1).shape == (1,)


def test_new_of_a_tensor_shares_its_numbers():
    ours, theirs = gv.zeros(2, dtype=gv.float64), torch.zeros(2, dtype=torch.float64)
    other, t_other = gv.ones(2, dtype=gv.float64), torch.ones(2, dtype=torch.float64)
    made, expected = ours.new(other), theirs.new(t_other)
    made[0], expected[0] = 5.0, 5.0
    np.testing.assert_array_equal(other.numpy(), t_other.numpy())  # both now [5, 1]
    assert other[0].item() == 5.0


def test_new_of_a_tensor_that_requires_grad_is_its_alias_in_the_graph():
    x = np.array([0.5, -1.25, 2.0])
    ours = gv.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    a, b = ours.new(ours), theirs.new(theirs)
    assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__ == "AliasBackward0"
    (a * a).sum().backward()
    (b * b).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("args, kwargs", [
    ((2, "a"), {}), ((2, [3]), {}), ((2.5,), {}), ((None,), {}), ((True,), {}), ((-1,), {}),
    ((2, -3), {}), ((2,), {"dtype": "int64"}), (([1],), {"dtype": "float32"}),
    ((), {"requires_grad": True}), ((2,), {"requires_grad": True}),
])
def test_new_refuses_as_pytorch(args, kwargs):
    def call(library, like):
        given = {k: getattr(library, v) if k == "dtype" else v for k, v in kwargs.items()}
        try:
            like.new(*args, **given)
        except (TypeError, RuntimeError) as error:
            return type(error), str(error)
        raise AssertionError("no error")

    assert call(gv, gv.zeros(2)) == call(torch, torch.zeros(2))


def test_new_of_a_tensor_of_another_dtype_refuses_as_pytorch():
    with pytest.raises(TypeError) as ours:
        gv.zeros(2, dtype=gv.float64).new(gv.ones(2, dtype=gv.int64))
    with pytest.raises(TypeError) as theirs:
        torch.zeros(2, dtype=torch.float64).new(torch.ones(2, dtype=torch.int64))
    assert str(ours.value) == str(theirs.value)
