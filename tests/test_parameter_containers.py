"""nn.ParameterList and nn.ParameterDict (registration, names, printing as torch prints them,
list and dict behaviour), and Module.half/get_submodule/get_parameter/get_buffer with
PyTorch's messages."""

from __future__ import annotations

import pytest
import torch

import gradviz
import gradviz.nn as nn
from gradviz.engine.nn_modules import Module


def _model(lib):
    class Model(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.BatchNorm1d(3))
            self.scales = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2, 3)),
                                                lib.nn.Parameter(lib.zeros(4, dtype=lib.float64)),
                                                lib.zeros(2)])
            self.gates = lib.nn.ParameterDict({"a": lib.nn.Parameter(lib.ones(2)),
                                               "b": lib.zeros(3)})

    return Model()


def _clean(text: str) -> str:
    return text.replace("gradviz.", "torch.")


def test_a_model_with_parameter_containers_prints_and_registers_as_torch():
    ours, theirs = _model(gradviz), _model(torch)
    assert _clean(repr(ours)) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert isinstance(ours.scales[2], nn.Parameter) and ours.scales[2].requires_grad
    assert isinstance(ours.gates["b"], nn.Parameter)


def test_one_entry_prints_on_one_line_and_empty_ones_bare():
    for lib in (gradviz, torch):
        one = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(3))])
        assert _clean(repr(one)) == ("ParameterList(  (0): Parameter containing: "
                                     "[torch.float32 of size 3])")
        assert repr(lib.nn.ParameterList()) == "ParameterList()"
        assert repr(lib.nn.ParameterDict()) == "ParameterDict()"


def test_parameter_list_behaves_as_a_list():
    for lib in (gradviz, torch):
        params = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2)),
                                       lib.nn.Parameter(lib.ones(2))])
        params.append(lib.nn.Parameter(lib.ones(4)))
        params.extend([lib.nn.Parameter(lib.ones(5))])
        params += [lib.ones(1)]
        assert len(params) == 5 and tuple(params[-1].shape) == (1,)
        assert [tuple(p.shape) for p in params[1:3]] == [(2,), (4,)]
        params[0] = lib.nn.Parameter(lib.zeros(3))
        assert tuple(params[0].shape) == (3,)
        assert list(params.state_dict()) == ["0", "1", "2", "3", "4"]
        assert sum(p.numel() for p in params.parameters()) == 15
        with pytest.raises(IndexError):
            params[5]


def test_parameter_dict_behaves_as_a_dict():
    for lib in (gradviz, torch):
        params = lib.nn.ParameterDict({"a": lib.nn.Parameter(lib.ones(2))})
        params["c"] = lib.nn.Parameter(lib.ones(1))
        params.update({"z": lib.ones(2)})
        params.update([("y", lib.nn.Parameter(lib.ones(3)))])
        assert list(params.keys()) == ["a", "c", "z", "y"] and "c" in params and len(params) == 4
        assert tuple(params.pop("a").shape) == (2,) and "a" not in params
        assert params.get("nope") is None and tuple(params.get("c").shape) == (1,)
        assert [k for k, _ in params.items()] == list(params) == ["c", "z", "y"]
        del params["z"]
        assert [n for n, _ in params.named_parameters()] == ["c", "y"]
        assert tuple(params.setdefault("w", lib.ones(6)).shape) == (6,)
        params.clear()
        assert len(params) == 0 and not list(params.parameters())


def test_an_optimiser_sees_the_parameters():
    model = _model(gradviz)
    assert len(list(model.parameters())) == 4 + 3 + 2
    gradviz.optim.SGD(model.parameters(), lr=0.1)


def test_half_casts_floating_parameters_and_buffers():
    ours, theirs = _model(gradviz).half(), _model(torch).half()
    for (key, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items(),
                                strict=True):
        assert a.dtype.name == str(b.dtype).removeprefix("torch."), key
    assert _clean(repr(ours)) == repr(theirs)


@pytest.mark.parametrize("target", ["", "body", "body.0", "scales", "body.5", "x", "body.0.foo",
                                    "body.0.weight"])
def test_get_submodule(target):
    ours, theirs = _model(gradviz), _model(torch)
    try:
        expected = theirs.get_submodule(target)
    except AttributeError as error:
        with pytest.raises(AttributeError) as raised:
            ours.get_submodule(target)
        assert str(raised.value) == str(error)
        return
    found = ours.get_submodule(target)
    assert isinstance(found, Module) and type(found).__name__ == type(expected).__name__


@pytest.mark.parametrize("target", ["body.0.weight", "scales.1", "gates.a", "body.0.bias2",
                                    "body.0", "foo.bar", "body.1.running_mean"])
def test_get_parameter(target):
    ours, theirs = _model(gradviz), _model(torch)
    try:
        expected = theirs.get_parameter(target)
    except AttributeError as error:
        with pytest.raises(AttributeError) as raised:
            ours.get_parameter(target)
        assert str(raised.value) == str(error)
        return
    assert tuple(ours.get_parameter(target).shape) == tuple(expected.shape)


@pytest.mark.parametrize("target", ["body.1.running_mean", "body.1.num_batches_tracked",
                                    "body.0.weight", "body.1.nope"])
def test_get_buffer(target):
    ours, theirs = _model(gradviz), _model(torch)
    try:
        expected = theirs.get_buffer(target)
    except AttributeError as error:
        with pytest.raises(AttributeError) as raised:
            ours.get_buffer(target)
        assert str(raised.value) == str(error)
        return
    assert tuple(ours.get_buffer(target).shape) == tuple(expected.shape)
