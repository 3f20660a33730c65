"""`nn.Sequential` and `nn.ModuleList` edited as lists, against torch: each script runs on
both libraries' layers (Identity-like layers told apart by their repr) and after every step
the names, the printed container and what was returned (or the error, word for word) agree."""

from __future__ import annotations

import re
from collections import OrderedDict

import pytest
import torch

import gradviz


def _layers(lib):
    nn = lib.nn
    return [nn.Linear(1, 2), nn.ReLU(), nn.Tanh(), nn.Linear(2, 3), nn.Sigmoid(), nn.ReLU()]


def _seq(lib, named=False):
    a, b, c, d, *_ = _layers(lib)
    if named:
        return lib.nn.Sequential(OrderedDict([("fc", a), ("act", b), ("out", d)]))
    return lib.nn.Sequential(a, b, c)


def _steps(container: str):
    """(label, step) pairs: step(lib, box) edits or reads box and returns something."""
    seq = container == "Sequential"
    steps = [
        ("get 1", lambda lib, s: s[1]),
        ("get -1", lambda lib, s: s[-1]),
        ("slice", lambda lib, s: s[1:]),
        ("slice step", lambda lib, s: s[::2]),
        ("set 0", lambda lib, s: s.__setitem__(0, lib.nn.Sigmoid())),
        ("set -1", lambda lib, s: s.__setitem__(-1, lib.nn.Linear(4, 4))),
        ("append", lambda lib, s: s.append(lib.nn.ReLU6())),
        ("insert 1", lambda lib, s: s.insert(1, lib.nn.Tanh())),
        ("insert end", lambda lib, s: s.insert(len(s), lib.nn.GELU())),
        ("del 0", lambda lib, s: s.__delitem__(0)),
        ("del -2", lambda lib, s: s.__delitem__(-2)),
        ("del slice", lambda lib, s: s.__delitem__(slice(0, 4, 2))),
        ("extend", lambda lib, s: s.extend([lib.nn.ELU(), lib.nn.SiLU()])),
        ("pop 1", lambda lib, s: s.pop(1)),
        ("pop slice", lambda lib, s: s.pop(slice(1, 3))),
        ("+", lambda lib, s: s + type(s)([lib.nn.Mish()]) if not seq
         else s + lib.nn.Sequential(lib.nn.Mish())),
        ("+=", lambda lib, s: s.__iadd__(type(s)([lib.nn.Softsign()]) if not seq
                                         else lib.nn.Sequential(lib.nn.Softsign()))),
        ("get out of range", lambda lib, s: s[len(s)]),
        ("get by name", lambda lib, s: s["0"]),
        ("set out of range", lambda lib, s: s.__setitem__(-len(s) - 1, lib.nn.ReLU())),
        ("dir", lambda lib, s: [k for k in dir(s) if k.isdigit()]),
    ]
    if seq:
        steps += [
            ("insert negative", lambda lib, s: s.insert(-1, lib.nn.Hardtanh())),
            ("insert out of range", lambda lib, s: s.insert(len(s) + 1, lib.nn.ReLU())),
            ("insert a layer class", lambda lib, s: s.insert(0, lib.nn.ReLU)),
            ("* 2", lambda lib, s: s[:2] * 2),
            ("2 *", lambda lib, s: 2 * s[:2]),
            ("*= 2", lambda lib, s: s.__imul__(2)),
            ("* 0", lambda lib, s: s * 0),
            ("* 1.5", lambda lib, s: s * 1.5),
            ("+ a list", lambda lib, s: s + [lib.nn.ReLU()]),
            ("forward", lambda lib, s: type(s)(lib.nn.Linear(1, 1), lib.nn.ReLU())
             [1:](lib.tensor([[-1.0, 2.0]]))),
        ]
    else:
        steps += [
            ("insert past the end", lambda lib, s: s.insert(len(s) + 2, lib.nn.ReLU())),
            ("extend a layer", lambda lib, s: s.extend(lib.nn.ReLU())),
            ("+ a list", lambda lib, s: s + [lib.nn.ReLU()]),
        ]
    return steps


def _shown(value) -> str:
    if isinstance(value, (torch.Tensor, gradviz.Tensor)):
        return repr(value.detach().tolist())
    return _named_alike(repr(value))


def _named_alike(text: str) -> str:
    """A class as each library names it in a message (``<class 'torch.nn.modules.module.
    Module'>``), read by its own name."""
    return re.sub(r"<class '(?:torch|gradviz)\.[\w.]*?(\w+)'>", r"<class '\1'>", text)


def _run(lib, container: str, named: bool) -> list[str]:
    box = _seq(lib, named) if container == "Sequential" else lib.nn.ModuleList(_layers(lib))
    record = []
    for label, step in _steps(container):
        try:
            result = _shown(step(lib, box))
        except Exception as error:  # noqa: BLE001 - the error is what is compared
            result = _named_alike(f"{type(error).__name__}: {error}")
        record.append(f"{label} -> {result}\n{list(box._modules)}\n{box!r}")
    return record


@pytest.mark.parametrize(("container", "named"), [("Sequential", False), ("Sequential", True),
                                                  ("ModuleList", False)])
def test_edits_leave_torchs_names_order_and_printout(container, named):
    ours, theirs = _run(gradviz, container, named), _run(torch, container, named)
    for mine, its in zip(ours, theirs, strict=True):
        assert mine == its


def test_a_slice_is_its_class_and_shares_the_layers():
    for lib in (gradviz, torch):
        layers = _layers(lib)
        seq = lib.nn.Sequential(*layers)
        part = seq[2:4]
        assert type(part) is lib.nn.Sequential and part[0] is layers[2]
        assert list(part._modules) == ["2", "3"]  # the names kept, as PyTorch's
        listed = lib.nn.ModuleList(layers)[1::2]
        assert type(listed) is lib.nn.ModuleList and list(listed._modules) == ["0", "1", "2"]
        seq[0] = lib.nn.Linear(1, 2)
        assert seq[0] is not layers[0] and len(list(seq.parameters())) == 4
