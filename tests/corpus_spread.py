"""PyTorch's own spread: how far PyTorch's answer to a corpus program moves when every random
number the program draws is moved by one unit in the last place.

A float32 program rounds at every operation, and where it divides a difference of nearly
equal numbers (Adam's m/√v on a gradient that cancels to round-off, the mean of normalised
data, a long training run) the printed answer depends on how each sum was ordered: no two
libraries (nor PyTorch on two machines, or on one and two threads) agree on it to 1e-5.  How
far it can move is measured on PyTorch itself: the program runs again with torch, each
floating draw (``randn``, ``rand``, ``normal``, ``rand_like``, ``randn_like``, ``uniform_``,
``normal_``, a ``Linear``'s initial parameters) nudged to its neighbouring float in a random
direction — a change the size of one rounding.  Integer draws, permutations and dropout masks
are left as they were, so the program takes the same path.

`within_spread` then accepts gradviz's number where it is as close to PyTorch's as PyTorch's
own nudged runs are, within a factor `FACTOR`; everywhere else the strict comparison of
`test_torch_corpus` holds unchanged.
"""

from __future__ import annotations

import re

import numpy as np
import torch

FACTOR = 2.0  # gradviz may be twice as far from PyTorch as PyTorch's nudged runs are
RUNS = 3  # nudged runs, each with its own directions

_FLOAT_DRAWS = ("randn", "rand", "normal", "rand_like", "randn_like")
_FILLS = ("uniform_", "normal_")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def nudge(t, rng: np.random.Generator) -> None:
    """Move each element of floating tensor `t`, in place, to a neighbouring float."""
    if not isinstance(t, torch.Tensor) or not t.is_floating_point() or t.numel() == 0:
        return
    with torch.no_grad():
        values = t.detach().numpy()
        towards = np.where(rng.random(values.shape) < 0.5, -np.inf, np.inf).astype(values.dtype)
        t.detach().copy_(torch.from_numpy(np.nextafter(values, towards)))


class Nudger:
    """In a torch run: every floating draw nudged as it is made (draws inside another draw,
    such as a Linear's uniform_ fills, once, by the outer one)."""

    def __init__(self, monkeypatch, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.depth = 0
        for name in _FLOAT_DRAWS:
            self._wrap(monkeypatch, torch, name, lambda out, args: out)
        for name in _FILLS:
            self._wrap(monkeypatch, torch.Tensor, name, lambda out, args: args[0])
        self._wrap(monkeypatch, torch.nn.Linear, "__init__",
                   lambda out, args: (args[0].weight, args[0].bias))

    def _wrap(self, monkeypatch, owner, name, drawn) -> None:
        original = getattr(owner, name)

        def wrapped(*args, **kwargs):
            self.depth += 1
            try:
                out = original(*args, **kwargs)
            finally:
                self.depth -= 1
            if not self.depth:
                lazy = isinstance(args[0], torch.nn.modules.lazy.LazyModuleMixin) \
                    if name == "__init__" else False
                if not lazy:
                    targets = drawn(out, args)
                    for t in targets if isinstance(targets, tuple) else (targets,):
                        nudge(t, self.rng)
            return out

        monkeypatch.setattr(owner, name, wrapped)


def clean(text: str) -> str:
    """A printout as it is compared: the library's name and object addresses set aside."""
    return re.sub(r"0x[0-9a-f]+", "0x", text.replace("gradviz.", "torch."))


def last_digit(token: str) -> float:
    """One unit of the last digit `token` shows: 0.01 for '1.23', 1e-6 for '1.5e-05'."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def strict_tolerance(token: str) -> float:
    """How far a printed number may be from PyTorch's `token`: 1e-5 relative, or one unit of
    its last digit (a rounding boundary between two float32 results)."""
    return max(1e-5 * abs(float(token)), 1.01 * last_digit(token))


def numbers(value) -> np.ndarray:
    """A tensor, array or number of either library as float64 numbers."""
    if hasattr(value, "detach"):
        value = value.detach().numpy()
    return np.asarray(value, dtype=np.float64)


def _unpadded(text: str) -> str:
    """The text between two numbers without the padding and line breaks their widths decide
    (a tensor's columns are as wide as its widest number, its rows wrap at the line width)."""
    return re.sub(r"\s+", " ", text)


def assert_within_spread(ours: tuple[str, dict], theirs: tuple[str, dict],
                         nudged: list[tuple[str, dict]]) -> None:
    """gradviz's printout and ``final`` (`ours`) against PyTorch's (`theirs`), where PyTorch's
    `nudged` runs show how far round-off moves them: the text between the numbers is
    PyTorch's, or that of one of its nudged runs at the same place, up to the padding the
    numbers' widths decide; each number and each
    element of ``final`` is within the strict tolerance of PyTorch's or at most `FACTOR` times
    as far from it as the farthest nudged run."""
    text, their_text = clean(ours[0]), clean(theirs[0])
    segments, their_segments = NUMBER.split(text), NUMBER.split(their_text)
    assert len(segments) == len(their_segments), f"{text}\n-- torch printed --\n{their_text}"
    others = [clean(run[0]) for run in nudged]
    others = [(NUMBER.split(t), NUMBER.findall(t)) for t in others]
    others = [pair for pair in others if len(pair[0]) == len(their_segments)]
    for i, (a, b) in enumerate(zip(segments, their_segments, strict=True)):
        a, b = _unpadded(a), _unpadded(b)
        assert a == b or any(_unpadded(other[i]) == a for other, _ in others), \
            f"printed {a!r} where torch printed {b!r} (and no nudged run printed it)"
    their_numbers = NUMBER.findall(their_text)
    for i, (a, b) in enumerate(zip(NUMBER.findall(text), their_numbers, strict=True)):
        if a == b:
            continue
        spread = max((abs(float(found[i]) - float(b)) for _, found in others), default=0.0)
        # the coarser digit of the two: how many digits a tensor prints depends on its values
        allowed = max(strict_tolerance(b), 1.01 * last_digit(a), FACTOR * spread)
        assert abs(float(a) - float(b)) <= allowed, \
            f"printed {a} where torch printed {b} (its nudged runs moved it by {spread:.3g})"
    our_final, their_final = ours[1], theirs[1]
    assert set(our_final) == set(their_final) and their_final
    for key, value in their_final.items():
        expected, got = numbers(value), numbers(our_final[key])
        scale = float(np.abs(expected).max()) if expected.size else 0.0
        spread = np.max([np.abs(numbers(run[1][key]) - expected) for run in nudged], axis=0)
        allowed = np.maximum(1e-5 * np.abs(expected) + 1e-6 * scale, FACTOR * spread)
        far = np.abs(got - expected) > allowed
        assert not far.any(), (f"final[{key!r}]: {int(far.sum())} of {far.size} elements "
                               f"further from torch's than {FACTOR}x its nudged runs")
