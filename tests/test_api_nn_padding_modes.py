"""Convolution layers with ``padding_mode`` reflect, replicate or circular against torch
(CycleGAN's and style transfer's reflect-padded convolutions): the input padded by F.pad in
that mode, PyTorch's order of sides ('same' included), then an unpadded convolution; float64
values and gradients (≤ 1e-9), reprs and PyTorch's refusal of an unknown mode."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from api_pairs import same_layer

import gradviz as gv


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize(("name", "args", "kwargs", "shape"), [
    ("Conv2d", (2, 3, 3), {"padding": 1}, (2, 2, 5, 6)),
    ("Conv2d", (2, 3, (3, 2)), {"padding": (2, 1), "stride": 2}, (1, 2, 6, 5)),
    ("Conv2d", (2, 2, 4), {"padding": "same", "dilation": 1}, (1, 2, 6, 6)),
    ("Conv2d", (4, 4, 3), {"padding": 1, "groups": 2, "bias": False}, (1, 4, 4, 4)),
    ("Conv1d", (2, 3, 3), {"padding": 2}, (2, 2, 7)),
    ("Conv1d", (2, 3, 3), {"padding": "same", "dilation": 2}, (2, 2, 8)),
    ("Conv3d", (2, 2, 3), {"padding": 1}, (1, 2, 4, 3, 4)),
])
def test_padded_convolutions_are_torchs(mode, name, args, kwargs, shape):
    torch.manual_seed(0)
    theirs = getattr(torch.nn, name)(*args, padding_mode=mode, **kwargs).double()
    ours = getattr(gv.nn, name)(*args, padding_mode=mode, **kwargs).double()
    same_layer(ours, theirs, shape)


def test_an_unknown_mode_is_refused_as_torch_refuses_it():
    """PyTorch's message prints a set: the same words, in an order each compiled module's set
    constant fixes (so compared as a set)."""
    messages = []
    for lib in (gv, torch):
        with pytest.raises(ValueError) as error:
            lib.nn.Conv2d(2, 2, 3, padding_mode="mirror")
        head, modes, tail = re.match(r"(.*)\{(.*)\}(.*)", str(error.value)).groups()
        messages.append((head, set(modes.split(", ")), tail))
    assert messages[0] == messages[1]


def test_lazy_convolution_keeps_its_padding_mode():
    ours = gv.nn.LazyConv2d(3, 3, padding=1, padding_mode="reflect")
    theirs = torch.nn.LazyConv2d(3, 3, padding=1, padding_mode="reflect")
    x = np.random.default_rng(1).standard_normal((1, 2, 4, 4)).astype(np.float32)
    ours(gv.tensor(x)), theirs(torch.tensor(x))
    assert repr(ours) == repr(theirs)
