"""The corpus: short programs in the style of public PyTorch teaching code (`tests/torch_corpus/`),
each run twice — once with torch, once with gradviz, only its import lines changed — and
compared: every printed number, and the tensors the program lists in ``final``.

Both runs see the same random numbers: the torch run records every draw (``randn``, ``rand``,
``randint``, ``randperm``, ``normal``, ``multinomial``, ``uniform_``/``normal_``, an
``nn.Linear``'s initial parameters) and the gradviz run is handed the same ones in the same
order, since gradviz's random stream is its own.  Python's `random` is seeded alike.

Printed numbers agree to 1e-5 relative or to one unit of the last digit printed (a rounding
boundary between two float32 results); the text between them agrees exactly; ``final`` agrees
to 1e-5 relative.
"""

from __future__ import annotations

import contextlib
import io
import random
import re

import numpy as np
import pytest
import torch
from torch_corpus import (
    blitz,
    courses,
    d2l,
    d2l_models,
    d2l_sequences,
    extensions,
    fourth_sample,
    gpt,
    introyt,
    layers_nets,
    lectures,
    makemore,
    networks,
    second_sample,
    sixth_sample,
    tensors,
    third_sample,
    tutorials,
)

import gradviz as gv
import gradviz.engine.distributions as gv_distributions
import gradviz.utils.data as gv_data
from gradviz.engine.keywords import write_into

PROGRAMS = {name: source for module in (tensors, networks, lectures, extensions, d2l, introyt,
                                        layers_nets, makemore, d2l_models, gpt, blitz, courses,
                                        tutorials, d2l_sequences, second_sample, third_sample,
                                        fourth_sample, sixth_sample)
            for name, source in vars(module).items() if name.isupper() and name[0] != "_"}

_DRAWS = ("randn", "rand", "randint", "randperm", "normal", "multinomial", "rand_like",
          "randn_like")
_FILLS = ("uniform_", "normal_")


def gradviz_source(source: str) -> str:
    """The program with its import lines pointed at gradviz, and nothing else changed."""
    lines = []
    for line in source.splitlines():
        if re.fullmatch(r"import torch", line):
            line = "import gradviz as torch"
        elif re.match(r"(import|from) torch\b", line):
            line = re.sub(r"\btorch\b", "gradviz", line, count=1)
        lines.append(line)
    return "\n".join(lines)


class Recorder:
    """In the torch run: every draw's numbers, in order (draws inside another not again)."""

    def __init__(self, monkeypatch) -> None:
        self.log: list[tuple[str, object]] = []
        self.depth = 0
        for name in _DRAWS:
            self._wrap(monkeypatch, torch, name, lambda out: out.detach().numpy().copy())
        for name in _FILLS:
            self._wrap(monkeypatch, torch.Tensor, name, lambda out: out.detach().numpy().copy())
        self._wrap(monkeypatch, torch.nn.Linear, "__init__", None)
        # A DataLoader's shuffled order: torch's sampler draws a second, unused permutation
        # at the end of each epoch, which gradviz's loader does not.
        self._wrap(monkeypatch, torch.utils.data.RandomSampler, "__iter__",
                   lambda order: np.array(order), logged_as="randperm", listed=True)
        # random_split's permutation (torch's dataset module holds its own randperm name).
        self._wrap(monkeypatch, torch.utils.data.dataset, "randperm",
                   lambda out: out.detach().numpy().copy())

    def _wrap(self, monkeypatch, owner, name, numbers, logged_as=None, listed=False) -> None:
        original = getattr(owner, name)
        logged_as = logged_as or name

        def wrapped(*args, **kwargs):
            self.depth += 1
            try:
                out = original(*args, **kwargs)
                if listed:  # an iterator: drawn in full now
                    out = list(out)
            finally:
                self.depth -= 1
            lazy = numbers is None and isinstance(args[0], torch.nn.modules.lazy.LazyModuleMixin)
            if not self.depth and not lazy:  # a lazy layer's draws are its first call's fills
                if numbers is None:  # a Linear layer: its initial parameters
                    layer = args[0]
                    params = [layer.weight, layer.bias]
                    value = [None if p is None else p.detach().numpy().copy() for p in params]
                else:
                    value = numbers(out)
                self.log.append((logged_as, value))
            return iter(out) if listed else out

        monkeypatch.setattr(owner, name, wrapped)


class Replayer:
    """In the gradviz run: the recorded draws handed out in the same order."""

    def __init__(self, monkeypatch, log) -> None:
        self.log = list(log)
        for name in _DRAWS:
            monkeypatch.setattr(gv, name, self._draw(name))
        monkeypatch.setattr(gv_data, "randperm", self._draw("randperm"))
        monkeypatch.setattr(gv_distributions, "multinomial", self._draw("multinomial"))
        for name in _FILLS:
            monkeypatch.setattr(gv.Tensor, name, self._fill(name))
        original_init = gv.nn.Linear.__init__

        def linear_init(layer, *args, **kwargs):
            original_init(layer, *args, **kwargs)
            weight, bias = self._next("__init__")
            with gv.no_grad():
                layer.weight.copy_(gv.tensor(weight))
                if bias is not None:
                    layer.bias.copy_(gv.tensor(bias))

        monkeypatch.setattr(gv.nn.Linear, "__init__", linear_init)

    def _next(self, name):
        assert self.log, f"gradviz drew more random numbers than torch ({name})"
        recorded, value = self.log.pop(0)
        assert recorded == name, f"torch drew with {recorded} where gradviz draws with {name}"
        return value

    def _draw(self, name):
        def draw(*args, requires_grad=False, out=None, **kwargs):
            drawn = gv.tensor(self._next(name), requires_grad=requires_grad)
            return drawn if out is None else write_into(out, drawn)

        return draw

    def _fill(self, name):
        def fill(t, *args, **kwargs):
            with gv.no_grad():
                t.copy_(gv.tensor(self._next(name)))
            return t

        return fill


def run(source: str) -> tuple[str, dict]:
    """Run `source` in a fresh namespace; return what it printed and its ``final``.  Print
    options start at both libraries' defaults (a program may have changed them)."""
    random.seed(0)
    for library in (torch, gv):
        library.set_printoptions(profile="default", sci_mode=None)
    namespace: dict = {"__name__": "__corpus__"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, "<corpus>", "exec"), namespace)  # noqa: S102 - the test's programs
    if "torch" in namespace:  # the run used the library its import lines name
        assert namespace["torch"] is (gv if "import gradviz" in source else torch)
    return printed.getvalue(), namespace.get("final", {})


def run_both(source: str, monkeypatch) -> tuple[tuple[str, dict], tuple[str, dict]]:
    """(gradviz's, torch's) printout and ``final`` of `source`: torch's run records its
    random draws and gradviz's run (only the imports changed) is handed them."""
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        theirs = run(source)
    with monkeypatch.context() as patch:
        replayer = Replayer(patch, recorder.log)
        ours = run(gradviz_source(source))
    assert not replayer.log, "gradviz drew fewer random numbers than torch"
    return ours, theirs


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _last_digit(token: str) -> float:
    """One unit of the last digit `token` shows: 0.01 for '1.23', 1e-6 for '1.5e-05'."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def assert_same_printout(ours: str, theirs: str) -> None:
    ours = re.sub(r"0x[0-9a-f]+", "0x", ours.replace("gradviz.", "torch."))
    theirs = re.sub(r"0x[0-9a-f]+", "0x", theirs)
    assert _NUMBER.split(ours) == _NUMBER.split(theirs), f"{ours}\n-- torch printed --\n{theirs}"
    for a, b in zip(_NUMBER.findall(ours), _NUMBER.findall(theirs), strict=True):
        if a == b:  # the same text (also where it is no number: "1e664" in sampled characters)
            continue
        tolerance = max(1e-5 * abs(float(b)), 1.01 * _last_digit(b))
        assert abs(float(a) - float(b)) <= tolerance, f"printed {a} where torch printed {b}"


def _numbers(value) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach().numpy()
    return np.asarray(value, dtype=np.float64)


# Programs that do not yet print PyTorch's numbers, and why: each an expected failure that
# fails the suite once it passes, so the entry is removed with the fix.
KNOWN_FAILURES = {
    "GPT_SELF_ATTENTION": "torch.allclose(xbow, xbow2) is False in PyTorch and True in gradviz: "
                          "a mean over 1–8 rows differs by 3e-8 on a value of 0.002 (over "
                          "allclose's 1e-8 + 1e-5·|b|), since PyTorch's float32 sum over a "
                          "dim adds in interleaved partial sums and numpy's in one running sum",
    "POLYNOMIAL_CUSTOM_FUNCTION": "the constant term a is float32 round-off (its gradient sums "
                                  "residuals of an odd fit to 0): no two summation orders agree",
    "TWO_LAYER_CUSTOM_RELU": "500 float32 steps of 64×1000 matmuls: numpy's and PyTorch's "
                             "summation orders drift apart by 4e-5 (the Function path equals "
                             "the clamp path bit for bit)",
    "FASTAI_FOUNDATIONS": "the mean of normalised float32 data is round-off (5.8e-09 here, "
                          "6.0e-09 in PyTorch): no two summation orders agree on it",
    "MAKEMORE_BACKPROP_NINJA": "the lecture's exact == checks: PyTorch's tanh backward rounds "
                               "unlike the hand-written (1 - h**2) * dh, gradviz's is that "
                               "formula, so 15 lines say exact: True where PyTorch says False "
                               "(the gradients agree to 1e-7)",
    "DLWPT_CH6_NN": "5000 epochs of float32 tanh-net training: numpy's and PyTorch's summation "
                    "orders part the trajectories by epoch 1000 (the first printed one; "
                    "everything before it, torch.arange's float32 points included, matches)",
    "INTROYT_MODELS": "prints the mean of a batch-normalised 4x4 tensor, which is zero up to "
                      "float32 round-off (7.4506e-08 here, 5.2154e-08 in PyTorch); every other "
                      "line, nn.Transformer's parameter count included, matches",
    "KAGGLE_KANNCAA1_PYTORCH_BEGINNERS": "prints the method tensor.type itself: PyTorch's "
                                         "'<built-in method type of Tensor object at 0x…>', "
                                         "gradviz's '<bound method Tensor.type of tensor(…)>'",
    "UDACITY_PART5_INFERENCE": "one weight of 640 ends 5.9e-5 relative apart: a barely active "
                               "unit's gradient is float32 cancellation, and Adam carries it",
    "UVADLC_INITIALIZATION": "prints, with %.2e, round-off of numbers that are zero (6.11e-25 "
                             "here, 5.11e-25 in PyTorch)",
    "YUNJEY_FEEDFORWARD_CNN": "25 of the ConvNet's 15680 fc weights end up to 1.2e-4 relative "
                              "apart after 4 Adam steps: their gradients are ~1000x smaller "
                              "than the rest (float32 cancellation: 2.6132e-5 here, 2.6120e-5 "
                              "in PyTorch at step 1) and Adam's m/√v divides that round-off "
                              "back up; with the ConvNet in float64 every weight agrees to 2e-14",
    "UVADLC_OPTIMIZATION": "SGD at lr = 10 on a tanh net: a 1-ulp difference between numpy's "
                           "and PyTorch's float32 tanh grows into another trajectory",
    "ALADDIN_RNN_GRU_LSTM": "first try: final['w_ih_l1'] has 2 of 4096 weights 2.4e-5 relative "
                            "apart: their first-step gradients are 1e5 times smaller than the "
                            "largest (5.7e-9, -2.8e-8) and 0.15-0.3% apart (float32 "
                            "cancellation summed in another order), which Adam's "
                            "m/(sqrt(v) + eps) turns into a weight difference",
    "ALADDIN_BIDIRECTIONAL_LSTM": "first try: final['fc'][3, 5] is 3e-4 relative apart from "
                                  "the first Adam step: its gradient is -2.54e-8 here, "
                                  "-2.59e-8 in PyTorch (the largest is 0.026), float32 "
                                  "cancellation that Adam divides back up",
    "FASTBOOK_MNIST_BASICS": "first try: a DataLoader over enumerate(ascii_lowercase) batches "
                             "the letters as a list ['y', 't', ...] where PyTorch's "
                             "default_collate keeps the transposed tuple ('y', 't', ...) "
                             "(gradviz/utils/data default_collate); then two of the 600 printed "
                             "linear1 predictions that cancel to ~0.02 end 4e-6 apart (784-term "
                             "float32 dot products summed in another order)",
    "ANNOTATED_TRANSFORMER": "first try: nn.KLDivLoss (and F.kl_div) is missing; next "
                             "Tensor.index_fill_; with both stood in the printout matches and "
                             "one attention weight ends 2.3e-4 relative apart (Adam on a "
                             "near-zero float32 gradient)",
    "SPINNINGUP_VPG": "first try: torch.distributions.normal (Normal: mean, stddev, log_prob, "
                      "entropy) is missing; with a stand-in Normal the rest (the Categorical "
                      "policy's sample / log_prob / entropy, GAE, both Adams) matches",
    "CS224N_PARSER_MODEL": "first try: F.relu_ is missing; with it stood in the printout "
                           "matches and one near-zero embed_to_hidden weight ends 5.8e-4 "
                           "relative apart (Adam on a gradient of 2.8e-8 that float32 "
                           "round-off puts 1% apart)",
    "DATAFLOWR_LINEAR_REG": "first try: torch.linalg.lstsq is missing; with it stood in "
                            "everything matches",
}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name]))
    if name in KNOWN_FAILURES else name for name in sorted(PROGRAMS)])
def test_program_prints_pytorchs_numbers(name, monkeypatch):
    torch.manual_seed(0)
    (ours, our_final), (theirs, their_final) = run_both(PROGRAMS[name], monkeypatch)
    assert theirs.strip(), "each program prints what it computes"
    assert_same_printout(ours, theirs)
    assert set(our_final) == set(their_final) and their_final
    for key, value in their_final.items():
        expected = _numbers(value)
        scale = float(np.abs(expected).max()) if expected.size else 0.0
        np.testing.assert_allclose(_numbers(our_final[key]), expected, rtol=1e-5,
                                   atol=1e-6 * scale, err_msg=f"{name}: final[{key!r}]")
