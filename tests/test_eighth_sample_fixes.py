"""What the eighth corpus sample (tests/torch_corpus/eighth_sample.py) needed, each checked
against PyTorch: the recurrent layers' weight names (``_flat_weights_names``,
``_all_weights``, ``all_weights``) and ``flatten_parameters()``."""

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
