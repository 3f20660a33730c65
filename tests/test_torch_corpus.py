"""The corpus: short programs in the style of public PyTorch teaching code (`tests/torch_corpus/`),
each run twice — once with torch, once with gradviz, only its import lines changed — and
compared: every printed number, and the tensors the program lists in ``final``.

Both runs see the same random numbers: the torch run records every draw (``randn``, ``rand``,
``randint``, ``randperm``, ``normal``, ``multinomial``, ``poisson``, ``binomial``,
``randint_like``, ``uniform_``/``normal_``/
``exponential_``, an ``nn.Linear``'s initial parameters, the mask of every dropout, an
RReLU's training-mode slopes) and the gradviz run is handed
the same ones in the same order, since gradviz's random stream is its own.  Python's `random`
is seeded alike.

Printed numbers agree to 1e-5 relative or to one unit of the last digit printed (a rounding
boundary between two float32 results); the text between them agrees exactly; ``final`` agrees
to 1e-5 relative.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import random
import re
import sys

import numpy as np
import pytest
import torch
from corpus_spread import NUMBER, clean, numbers, strict_tolerance
from torch_corpus import (
    blitz,
    courses,
    d2l,
    d2l_models,
    d2l_sequences,
    eighteenth_sample,
    eighth_sample,
    eleventh_sample,
    extensions,
    fifteenth_sample,
    fifth_sample,
    fourteenth_sample,
    fourth_sample,
    gpt,
    introyt,
    layers_nets,
    lectures,
    makemore,
    networks,
    ninth_sample,
    second_sample,
    seventeenth_sample,
    seventh_sample,
    sixteenth_sample,
    sixth_sample,
    tensors,
    tenth_sample,
    third_sample,
    thirteenth_sample,
    tutorials,
    twelfth_sample,
)
from torch_corpus.known_failures import KNOWN_FAILURES

import gradviz as gv
import gradviz.engine.distributions as gv_distributions
import gradviz.engine.functional as gv_functional
import gradviz.utils.data as gv_data
from gradviz.engine import functional_fractional as gv_fractional
from gradviz.engine import functional_rectifiers as gv_rectifiers
from gradviz.engine import hooks as gv_hooks
from gradviz.engine.keywords import write_into

PROGRAMS = {name: source for module in (tensors, networks, lectures, extensions, d2l, introyt,
                                        layers_nets, makemore, d2l_models, gpt, blitz, courses,
                                        tutorials, d2l_sequences, second_sample, third_sample,
                                        fourth_sample, fifth_sample, sixth_sample, seventh_sample,
                                        eighth_sample, ninth_sample, tenth_sample,
                                        eleventh_sample, twelfth_sample, thirteenth_sample,
                                        fourteenth_sample, fifteenth_sample, sixteenth_sample,
                                        seventeenth_sample, eighteenth_sample)
            for name, source in vars(module).items() if name.isupper() and name[0] != "_"}

_DRAWS = ("randn", "rand", "randint", "randperm", "normal", "multinomial", "rand_like",
          "randn_like", "bernoulli", "poisson", "binomial", "randint_like")
_FILLS = ("uniform_", "normal_", "exponential_", "random_", "log_normal_", "geometric_",
          "cauchy_")


def gradviz_source(source: str) -> str:
    """The program with its import lines pointed at gradviz, and nothing else changed."""
    lines = []
    for line in source.splitlines():
        code, hash_, comment = line.partition("#")
        if re.match(r"import .*\btorch\b", code):  # `import torch, time, gc` names each module
            names = ", ".join(_pointed(name.strip()) for name in code[len("import "):].split(","))
            line = f"import {names}" + (f"  {hash_}{comment}" if hash_ else "")
        elif re.match(r"from torch\b", line):
            line = re.sub(r"\btorch\b", "gradviz", line, count=1)
        lines.append(line)
    return "\n".join(lines)


def _pointed(name: str) -> str:
    """One name of an import list pointed at gradviz: ``torch`` stays bound to ``torch``."""
    return "gradviz as torch" if name == "torch" else re.sub(r"^torch\b", "gradviz", name)


class Recorder:
    """In the torch run: every draw's numbers, in order (draws inside another not again)."""

    def __init__(self, monkeypatch) -> None:
        self.log: list[tuple[str, object]] = []
        self.depth = 0
        for name in _DRAWS:
            self._wrap(monkeypatch, torch, name, lambda out: out.detach().numpy().copy())
        for name in _FILLS:
            self._wrap(monkeypatch, torch.Tensor, name, lambda out: out.detach().numpy().copy(),
                       program_only=name == "random_")
        self._wrap(monkeypatch, torch.nn.Linear, "__init__", None)
        # A DataLoader's shuffled order: torch's sampler draws a second, unused permutation
        # at the end of each epoch, which gradviz's loader does not.
        self._wrap(monkeypatch, torch.utils.data.RandomSampler, "__iter__",
                   lambda order: np.array(order), logged_as="randperm", listed=True)
        # random_split's permutation (torch's dataset module holds its own randperm name).
        self._wrap(monkeypatch, torch.utils.data.dataset, "randperm",
                   lambda out: out.detach().numpy().copy())
        # Dropout masks.  F.dropout and F.dropout1d/2d/3d (and through them nn.Dropout*,
        # MultiheadAttention's attention weights when it returns them) reach torch's kernels
        # by torch.nn.functional's name `_VF`; MultiheadAttention without weights (as in
        # nn.TransformerEncoderLayer) drops them inside F.scaled_dot_product_attention, and a
        # multi-layer nn.LSTM/GRU/RNN between its layers, inside the kernels torch.nn's rnn
        # module names by its `_VF`.
        functional, rnn = torch.nn.functional, torch.nn.modules.rnn
        monkeypatch.setattr(functional, "_VF", _Kernels(functional._VF, **{
            name: (self.alpha_dropout_kernel if "alpha" in name else self.dropout_kernel)(
                getattr(functional._VF, name), name[0] == "f", name.endswith("_"))
            for name in ("dropout", "dropout_", "feature_dropout", "feature_dropout_",
                         "alpha_dropout", "alpha_dropout_", "feature_alpha_dropout",
                         "feature_alpha_dropout_")}))
        monkeypatch.setattr(functional, "scaled_dot_product_attention",
                            _attention_dropping_through_F(functional.scaled_dot_product_attention))
        monkeypatch.setattr(rnn, "_VF", _Kernels(rnn._VF, **{
            name: _layer_by_layer(getattr(rnn._VF, name), name == "lstm")
            for name in ("lstm", "gru", "rnn_tanh", "rnn_relu")}))
        monkeypatch.setattr(functional, "rrelu", self.rrelu)
        monkeypatch.setattr(functional, "rrelu_", self.rrelu_)  # torch's own in-place kernel
        # torch's own names of the dropout kernels (torch.dropout(x, p, train) and kin).
        for name in ("dropout", "dropout_", "alpha_dropout", "alpha_dropout_"):
            kernel = self.alpha_dropout_kernel if "alpha" in name else self.dropout_kernel
            monkeypatch.setattr(torch, name, kernel(getattr(torch, name), False,
                                                    name.endswith("_")))

    def rrelu(self, input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):  # noqa: A002
        """F.rrelu (so also nn.RReLU) through torch's own kernel with its noise kept: the
        slopes drawn while training, logged as the U(0, 1) numbers gradviz's one `rand`
        of the input's shape turns into them (1 where the input is positive: unused)."""
        if not training or self.depth:
            return torch.rrelu(input, lower, upper, training)
        noise = torch.empty_like(input)
        out = torch._C._nn.rrelu_with_noise(input, noise, lower, upper, True)
        self.log.append(("rrelu", ((noise - lower) / (upper - lower)).numpy().copy()))
        return input.copy_(out) if inplace else out

    def rrelu_(self, input, lower=1.0 / 8, upper=1.0 / 3, training=False):  # noqa: A002
        """F.rrelu_ through torch's in-place kernel, its slopes logged as `rrelu`'s."""
        if not training or self.depth:
            return torch.rrelu_(input, lower, upper, training)
        noise = torch.empty_like(input)
        torch._C._nn.rrelu_with_noise_(input, noise, lower, upper, True)
        self.log.append(("rrelu", ((noise - lower) / (upper - lower)).numpy().copy()))
        return input

    def dropout_kernel(self, kernel, feature: bool, inplace: bool):
        """torch's dropout `kernel` (``_VF.dropout``, ``_VF.feature_dropout`` or their in-place
        forms) recording its mask.  The mask is the kernel run on ones (the same draws from
        torch's generator: its scaled Bernoulli noise, per (sample, channel) for a feature
        dropout) and the result is the input times it, which is how torch's CPU kernel computes
        it, so values and gradients are torch's bit for bit.  Nothing is drawn or logged where
        torch draws nothing (eval mode, ``training=False``, p = 0)."""

        def dropout(input, p, train):  # noqa: A002 - torch's names
            if not train or p == 0 or self.depth:
                return kernel(input, p, train)
            with torch.no_grad():
                noise = kernel(torch.ones_like(input), p, train)
            if feature:  # one draw per (sample, channel), broadcast as torch's noise is
                noise = noise[(slice(None), slice(None)) + (slice(0, 1),) * (input.dim() - 2)]
            self.log.append(("dropout", noise.numpy().copy()))
            return input.mul_(noise) if inplace else input * noise

        return dropout

    def alpha_dropout_kernel(self, kernel, feature: bool, inplace: bool):
        """torch's alpha dropout `kernel` (``_VF.alpha_dropout``, ``feature_alpha_dropout`` or
        their in-place forms) recording its keep-mask, scaled by 1/(1−p) as a dropout's is.
        The kernel run on zeros gives its shift b (α′a·p > 0 where kept, α′a·(p − 1) < 0
        where dropped) from the same draws; the result is then computed as the kernel
        computes it (b from the 0/1 noise, the noise times a, x·noise + b), torch's bit for
        bit."""

        def alpha_dropout(input, p, train):  # noqa: A002
            if not train or p in (0, 1) or input.numel() == 0 or self.depth:
                return kernel(input, p, train)
            with torch.no_grad():
                keep = (kernel(torch.zeros_like(input), p, train) > 0).to(input.dtype)
            if feature:
                keep = keep[(slice(None), slice(None)) + (slice(0, 1),) * (input.dim() - 2)]
            self.log.append(("dropout", (keep / (1 - p)).numpy().copy()))
            alpha = 1.7580993408473766
            a = 1.0 / math.sqrt((alpha * alpha * p + 1) * (1 - p))
            shift = keep.add(-1).mul_(alpha * a).add_(alpha * a * p)
            noise = keep.mul_(a)
            return (input.mul_(noise) if inplace else input * noise).add_(shift)

        return alpha_dropout

    def _wrap(self, monkeypatch, owner, name, numbers, logged_as=None, listed=False,
              program_only=False) -> None:
        """`program_only`: a draw torch's own modules make (a DataLoader's and a sampler's
        seeds, ``random_()``) is not the program's, and gradviz does not make it."""
        original = getattr(owner, name)
        logged_as = logged_as or name

        def wrapped(*args, **kwargs):
            if program_only and sys._getframe(1).f_globals.get("__name__", "").startswith(
                    "torch"):
                return original(*args, **kwargs)
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


class _Kernels:
    """A module's `_VF` (torch's C++ functions, by the name torch's Python code calls them)
    with the `replaced` ones in their place; every other name is the real one."""

    def __init__(self, vf, **replaced) -> None:
        self._vf = vf
        vars(self).update(replaced)

    def __getattr__(self, name):
        return getattr(self._vf, name)


def _layer_by_layer(kernel, lstm: bool):
    """torch's multi-layer RNN `kernel` (``_VF.lstm``, ``gru``, ``rnn_tanh``, ``rnn_relu``)
    run one layer at a time where it drops out between layers, the dropout being F.dropout
    (and so recorded) on each layer's output as torch's kernel drops it: the (L, N,
    H·directions) output, or a packed sequence's (Σ Lᵢ, H·directions) data (the kernel's
    packed form takes ``batch_sizes`` second and no ``batch_first``).  Outputs, final states,
    gradients and generator state are torch's bit for bit.  Runs without dropout go to the
    kernel whole."""

    def run(*args):
        if len(args) != 9:
            return kernel(*args)
        packed = isinstance(args[1], torch.Tensor) and not args[1].is_floating_point()
        if packed:
            input, batch_sizes, hx, weights, bias, layers, p, train, bidirectional = args  # noqa: A001
            batch_first = False
        else:
            input, hx, weights, bias, layers, p, train, bidirectional, batch_first = args  # noqa: A001
        if not (p and train and layers > 1):
            return kernel(*args)
        directions = 2 if bidirectional else 1
        per_layer = len(weights) // layers
        x = input.transpose(0, 1) if batch_first else input
        states = list(hx) if lstm else [hx]
        finals: list[list] = [[] for _ in states]
        for k in range(layers):
            if k:
                x = torch.nn.functional.dropout(x, p, True)
            layer_states = [s[k * directions:(k + 1) * directions] for s in states]
            state = tuple(layer_states) if lstm else layer_states[0]
            layer = weights[k * per_layer:(k + 1) * per_layer]
            out = kernel(x, batch_sizes, state, layer, bias, 1, 0.0, train, bidirectional) \
                if packed else kernel(x, state, layer, bias, 1, 0.0, train, bidirectional, False)
            x = out[0]
            for final, state in zip(finals, out[1:], strict=True):
                final.append(state)
        if batch_first:  # as torch's kernels turn it back (gru and rnn in place)
            x = x.transpose(0, 1) if lstm else x.transpose_(0, 1)
        return (x, *(torch.stack([h for state in final for h in state]) for final in finals))

    return run


def _attention_dropping_through_F(original):
    """F.scaled_dot_product_attention whose dropout, where there is one, is F.dropout (and so
    recorded): torch's CPU math kernel written out — q and kᵀ each scaled by √scale, the
    causal or boolean mask as −inf, (safe) softmax, dropout, @ v — which gives its output,
    gradients and generator state bit for bit.  Without dropout it is torch's own."""

    def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                     is_causal=False, scale=None, enable_gqa=False):
        if dropout_p == 0 or enable_gqa:
            return original(query, key, value, attn_mask, dropout_p, is_causal, scale=scale,
                            enable_gqa=enable_gqa)
        factor = 1.0 / math.sqrt(query.size(-1)) if scale is None else scale
        root = math.sqrt(abs(factor))
        if is_causal:
            attn_mask = torch.ones(query.size(-2), key.size(-2), dtype=torch.bool).tril()
        if attn_mask is not None and attn_mask.dtype == torch.bool:
            attn_mask = torch.zeros(attn_mask.shape, dtype=query.dtype).masked_fill(
                attn_mask.logical_not(), float("-inf"))
        attn = (query * (root if factor >= 0 else -root)) @ (key.transpose(-2, -1) * root)
        if attn_mask is not None:
            attn = attn + attn_mask
        attn = torch._safe_softmax(attn, -1)
        return torch.nn.functional.dropout(attn, dropout_p, True) @ value

    return scaled_dot_product_attention


class Replayer:
    """In the gradviz run: the recorded draws handed out in the same order."""

    def __init__(self, monkeypatch, log) -> None:
        self.log = list(log)
        for name in _DRAWS:
            monkeypatch.setattr(gv, name, self._draw(name))
        monkeypatch.setattr(gv_data, "randperm", self._draw("randperm"))
        # WeightedRandomSampler's draw (torch's calls torch.multinomial, recorded above).
        monkeypatch.setattr(gv_data, "multinomial", self._draw("multinomial"))
        for name in ("multinomial", "normal", "rand"):  # the names every distribution draws by
            monkeypatch.setattr(gv_distributions, name, self._draw(name))
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
        # Every dropout mask gradviz draws is drawn by this one function.
        monkeypatch.setattr(gv_functional, "_dropout_mask", self._dropout_mask)
        monkeypatch.setattr(gv_rectifiers, "rand", self._slopes)
        # F.fractional_max_pool2d's window starts: torch's torch.rand, recorded above.
        monkeypatch.setattr(gv_fractional, "rand", self._draw("rand"))

    def _slopes(self, *shape, dtype=None, device=None):
        return gv.tensor(np.asarray(self._next("rrelu")).reshape(shape), dtype=dtype)

    def _dropout_mask(self, x, p, shape):
        mask = np.asarray(self._next("dropout"))
        assert mask.size == math.prod(shape), \
            f"torch's dropout mask has shape {mask.shape} where gradviz's has {tuple(shape)}"
        return gv.tensor(mask.reshape(shape), dtype=x.dtype, device=x.device)

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


def _restart_hook_ids() -> None:
    """Both libraries key a module's hooks by a process-wide counter (printed with
    ``module._forward_pre_hooks``): each run counts from 0, as a fresh interpreter does."""
    torch.utils.hooks.RemovableHandle.next_id = 0
    gv_hooks._ids = itertools.count()


def run(source: str) -> tuple[str, dict]:
    """Run `source` in a fresh namespace; return what it printed and its ``final``.  Print
    options and the default dtype start at both libraries' defaults (a program may have
    changed them)."""
    random.seed(0)
    _restart_hook_ids()
    for library in (torch, gv):
        library.set_printoptions(profile="default", sci_mode=None)
        library.set_default_dtype(library.float32)
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


def assert_same_printout(ours: str, theirs: str) -> None:
    ours, theirs = clean(ours), clean(theirs)
    assert NUMBER.split(ours) == NUMBER.split(theirs), f"{ours}\n-- torch printed --\n{theirs}"
    for a, b in zip(NUMBER.findall(ours), NUMBER.findall(theirs), strict=True):
        if a == b:  # the same text (also where it is no number: "1e664" in sampled characters)
            continue
        assert abs(float(a) - float(b)) <= strict_tolerance(b), \
            f"printed {a} where torch printed {b}"




@pytest.fixture
def one_torch_thread():
    """torch on one thread: how it splits a sum among threads changes its float32 round-off
    (between 1 and 2 threads torch's own printout or final weights differ in at least 7
    programs of the corpus), so the numbers compared are the same on a machine of any size."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[name]))
    if name in KNOWN_FAILURES else name for name in sorted(PROGRAMS)])
def test_program_prints_pytorchs_numbers(name, monkeypatch, one_torch_thread):
    torch.manual_seed(0)
    (ours, our_final), (theirs, their_final) = run_both(PROGRAMS[name], monkeypatch)
    assert theirs.strip(), "each program prints what it computes"
    assert_same_printout(ours, theirs)
    assert set(our_final) == set(their_final) and their_final
    for key, value in their_final.items():
        expected = numbers(value)
        scale = float(np.abs(expected).max()) if expected.size else 0.0
        np.testing.assert_allclose(numbers(our_final[key]), expected, rtol=1e-5,
                                   atol=1e-6 * scale, err_msg=f"{name}: final[{key!r}]")


# Dropout in training mode draws masks, in every form the corpus meets it: the functional
# and module forms, channel dropout, attention weights (returned or not), the Transformer
# layers, an LSTM's between its layers (a GRU's on a packed sequence) and alpha dropout;
# then the same in eval mode (or training=False), which draws none.
DROPOUT_PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(4, 6, requires_grad=True)
y = F.dropout(x, p=0.5)
print(y)
y.sum().backward()
print(x.grad)
print(F.dropout(x, 0.3, training=False))
print(F.dropout(x, 0.0))
print(F.dropout1d(torch.randn(2, 3, 4), 0.5))
images = torch.randn(2, 3, 2, 2)
print(F.dropout2d(images, 0.5))
net = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Dropout(0.25), nn.Linear(8, 2))
out = net(x)
print(out)
out.pow(2).mean().backward()
print(net[0].weight.grad)
drop2d = nn.Dropout2d(0.5)
print(drop2d(images))
attention = nn.MultiheadAttention(6, 2, dropout=0.4)
seq = torch.randn(5, 2, 6)
attended, weights = attention(seq, seq, seq)
print(attended)
print(weights)
print(attention(seq, seq, seq, need_weights=False)[0])
layer = nn.TransformerEncoderLayer(6, 2, 12, dropout=0.2)
encoded = layer(seq)
print(encoded)
(encoded * seq).sum().backward()
print(layer.linear2.bias.grad)
lstm = nn.LSTM(6, 4, num_layers=3, dropout=0.5, batch_first=True)
states, (h, c) = lstm(seq)
print(states, h)
tokens = torch.randn(6, 3, 6, requires_grad=True)
packed = nn.utils.rnn.pack_padded_sequence(tokens, [4, 6, 2], enforce_sorted=False)
gru = nn.GRU(6, 4, num_layers=3, dropout=0.4, bidirectional=True)
packed_out, packed_h = gru(packed)
print(packed_out.data, packed_h)
(packed_out.data.pow(2).sum() + packed_h[-1].sum()).backward()
print(tokens.grad)
selu_net = nn.Sequential(nn.Linear(6, 8), nn.SELU(), nn.AlphaDropout(0.2), nn.Linear(8, 2))
selu_out = selu_net(x)
print(selu_out)
selu_out.pow(2).sum().backward()
print(selu_net[0].weight.grad)
print(F.alpha_dropout(x, 0.5, True), F.feature_alpha_dropout(images, 0.5, True))
feature_alpha = nn.FeatureAlphaDropout(0.3)
print(feature_alpha(images))
z = x * 1
print(F.dropout(z, 0.4, True, True) is z, z, z._version)
u = torch.randn(3, 4)
nn.Dropout1d(0.5, inplace=True)(u)
print(u, u._version, F.relu(u, inplace=True) is u, u._version)
F.alpha_dropout(u, 0.3, True, True)
print(u, u._version)
for module in (net, drop2d, attention, layer, lstm, gru, selu_net, feature_alpha):
    module.eval()
print(net(x))
print(drop2d(images))
print(attention(seq, seq, seq)[0])
print(layer(seq))
print(lstm(seq)[0])
print(gru(packed)[0].data)
print(selu_net(x), feature_alpha(images), F.alpha_dropout(x))
print(F.dropout(x, 0.5, training=net.training))
final = {"grad": x.grad, "encoded": encoded, "packed_grad": tokens.grad,
         "gru_grad": gru.weight_ih_l2_reverse.grad, "selu_grad": selu_net[0].weight.grad}
'''


def assert_replayed(program: str, monkeypatch, keys=None, atol: float = 1e-7) -> None:
    """`program` prints torch's numbers and ends with its ``final`` (those `keys`, or all)."""
    torch.manual_seed(0)
    (ours, our_final), (theirs, their_final) = run_both(program, monkeypatch)
    assert_same_printout(ours, theirs)
    for key in their_final if keys is None else keys:
        np.testing.assert_allclose(numbers(our_final[key]), numbers(their_final[key]),
                                   rtol=1e-5, atol=atol, err_msg=key)


def test_dropout_masks_are_replayed(monkeypatch):
    assert_replayed(DROPOUT_PROGRAM, monkeypatch)


def test_without_the_masks_dropout_prints_other_numbers(monkeypatch):
    # The check above could fail: handed every draw but the masks, gradviz drops other units.
    torch.manual_seed(0)
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        theirs, _ = run(DROPOUT_PROGRAM)
    masks = [value for name, value in recorder.log if name == "dropout"]
    # 5 dropouts, 2 attentions, the encoder layer's 4, the LSTM's 2, the packed GRU's 2,
    # 4 alpha dropouts and 3 in place
    assert len(masks) == 22
    original_mask = gv_functional._dropout_mask
    with monkeypatch.context() as patch:
        replayer = Replayer(patch, [entry for entry in recorder.log if entry[0] != "dropout"])
        patch.setattr(gv_functional, "_dropout_mask", original_mask)
        ours, _ = run(gradviz_source(DROPOUT_PROGRAM))
    assert not replayer.log
    with pytest.raises(AssertionError):
        assert_same_printout(ours, theirs)


EVAL_DROPOUT_PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(3, 4)
seq = torch.randn(5, 2, 4)
modules = [nn.Dropout(0.5), nn.Dropout2d(0.5), nn.MultiheadAttention(4, 2, dropout=0.5),
           nn.TransformerEncoderLayer(4, 2, 8, dropout=0.5), nn.LSTM(4, 3, 2, dropout=0.5),
           nn.AlphaDropout(0.5), nn.FeatureAlphaDropout(0.5)]
for module in modules:
    module.eval()
print(modules[0](x), modules[1](x.reshape(1, 3, 2, 2)))
print(modules[2](seq, seq, seq)[0], modules[3](seq), modules[4](seq)[0])
print(F.dropout(x, 0.5, training=False), F.dropout(x, 0.0), nn.Dropout(0.0)(x))
print(F.dropout2d(x.reshape(1, 3, 2, 2), 0.5, False), F.dropout1d(x, 0.0))
print(modules[5](x), modules[6](x), F.alpha_dropout(x, 0.5), F.alpha_dropout(x, 0.0, True))
print(F.feature_alpha_dropout(x[0], 0.5), F.alpha_dropout(x, 1.0, True))
'''


def test_no_mask_is_recorded_where_torch_draws_none(monkeypatch):
    # Eval mode, training=False and p = 0 draw nothing in torch, so nothing is recorded
    # (and gradviz, replaying, draws no mask either).
    torch.manual_seed(0)
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        run(EVAL_DROPOUT_PROGRAM)
        state = torch.get_rng_state()
    torch.manual_seed(0)
    run(EVAL_DROPOUT_PROGRAM)
    assert torch.equal(torch.get_rng_state(), state)  # recording drew nothing of its own
    assert "dropout" not in [name for name, _ in recorder.log]
    torch.manual_seed(0)
    (ours, _), (theirs, _) = run_both(EVAL_DROPOUT_PROGRAM, monkeypatch)
    assert_same_printout(ours, theirs)


def _packed(rnn):
    """`rnn` run on its input packed (lengths 4, 6, 2, unsorted): the packed output's data
    and the final states."""

    def run(x):
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, [4, 6, 2], rnn.batch_first,
                                                         enforce_sorted=False)
        out, state = rnn(packed)
        return out.data, state

    return run


@pytest.mark.parametrize("make", [
    lambda: (lambda x: torch.nn.functional.dropout(x, 0.3), (6, 7)),
    lambda: (lambda x: torch.nn.functional.dropout(x * 1, 0.3, inplace=True), (6, 7)),
    lambda: (lambda x: torch.nn.functional.dropout1d(x, 0.5), (4, 5)),
    lambda: (lambda x: torch.nn.functional.dropout2d(x, 0.5), (2, 3, 4, 5)),
    lambda: (lambda x: torch.nn.functional.dropout3d(x, 0.5), (3, 2, 2, 2)),
    lambda: (lambda x: torch.nn.functional.alpha_dropout(x, 0.3, True), (6, 7)),
    lambda: (lambda x: torch.nn.functional.alpha_dropout(x * 1, 0.2, True, True), (6, 7)),
    lambda: (lambda x: torch.nn.functional.feature_alpha_dropout(x, 0.5, True), (3, 4, 2, 2)),
    lambda: (lambda x: torch.nn.functional.feature_alpha_dropout(x * 1, 0.4, True, True),
             (3, 4, 5)),
    lambda: (torch.nn.AlphaDropout(0.25), (4, 9)),
    lambda: (torch.nn.MultiheadAttention(8, 2, dropout=0.3), (5, 2, 8)),
    lambda: (torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.2, batch_first=True), (2, 5, 8)),
    lambda: (torch.nn.TransformerDecoderLayer(8, 2, 16, dropout=0.2), (5, 2, 8)),
    lambda: (torch.nn.LSTM(8, 4, num_layers=3, dropout=0.3, batch_first=True), (2, 5, 8)),
    lambda: (torch.nn.GRU(8, 4, num_layers=2, dropout=0.3, bidirectional=True), (5, 2, 8)),
    lambda: (_packed(torch.nn.LSTM(8, 4, num_layers=3, dropout=0.3, bidirectional=True)),
             (6, 3, 8)),
    lambda: (_packed(torch.nn.GRU(8, 4, num_layers=2, dropout=0.3, batch_first=True)),
             (3, 6, 8)),
    lambda: (_packed(torch.nn.RNN(8, 4, num_layers=3, dropout=0.5, nonlinearity="relu")),
             (6, 3, 8))])
def test_recording_keeps_torchs_numbers_bit_for_bit(make, monkeypatch):
    # The recorded dropouts (attention, multi-layer RNNs written out) are torch's own: the
    # same outputs, gradients, grad_fn and generator state after.
    torch.manual_seed(0)
    layer, shape = make()
    x = torch.randn(shape)
    runs = []
    for recording in (False, True):
        with monkeypatch.context() as patch:
            recorder = Recorder(patch) if recording else None
            torch.manual_seed(1)
            inp = x.clone().requires_grad_()
            if isinstance(layer, torch.nn.TransformerDecoderLayer):
                out = layer(inp, inp)
            elif isinstance(layer, torch.nn.MultiheadAttention):
                out = layer(inp, inp, inp, need_weights=False)
            else:
                out = layer(inp)
            outs = [t for t in (out if isinstance(out, tuple) else (out,)) if t is not None]
            outs = [t for o in outs for t in (o if isinstance(o, tuple) else (o,))]
            sum((t * torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum()
                for t in outs).backward()
            runs.append((outs, inp.grad, torch.get_rng_state()))
    (theirs, their_grad, their_state), (ours, our_grad, our_state) = runs
    assert [type(t.grad_fn).__name__ for t in ours] == [type(t.grad_fn).__name__ for t in theirs]
    assert all(torch.equal(a, b) for a, b in zip(ours, theirs, strict=True))
    assert torch.equal(our_grad, their_grad) and torch.equal(our_state, their_state)
    assert recorder.log and {name for name, _ in recorder.log} == {"dropout"}


# The random samplers and streams of `torch.utils.data`: a weighted sampler (torch draws its
# order with torch.multinomial), a subset sampler (torch.randperm), a concatenated dataset
# and an IterableDataset batched by the loader, over two epochs.
SAMPLER_PROGRAM = r'''
import torch
from torch.utils.data import (ConcatDataset, DataLoader, IterableDataset, SubsetRandomSampler,
                              TensorDataset, WeightedRandomSampler)

x, y = torch.randn(12, 3), torch.tensor([0, 1, 1, 0, 2, 1, 0, 0, 2, 1, 1, 0])
counts = torch.stack([(y == k).sum() for k in range(3)])
weights = (1.0 / counts.float())[y]
data = ConcatDataset([TensorDataset(x[:8], y[:8]), TensorDataset(x[8:], y[8:])])
weighted = DataLoader(data, batch_size=4, sampler=WeightedRandomSampler(weights, 12))
subset = DataLoader(data, batch_size=3, sampler=SubsetRandomSampler(range(2, 11)))


class Stream(IterableDataset):
    def __iter__(self):
        for i in range(10):
            yield x[i] * i, y[i]


model = torch.nn.Linear(3, 3)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(2):
    for loader in (weighted, subset, DataLoader(Stream(), batch_size=4)):
        for xb, yb in loader:
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            print(epoch, yb.tolist(), round(loss.item(), 5))
final = {"weight": model.weight}
'''


def test_random_samplers_are_replayed(monkeypatch):
    assert_replayed(SAMPLER_PROGRAM, monkeypatch, ["weight"])


# Spectral normalisation draws its u and v with Tensor.normal_ (replayed from torch's): both
# forms, beside weight normalisation, in a checkpointed block (whose rerun in the backward
# pass takes a second power-iteration step each time, in torch as in gradviz).
NORMS_PROGRAM = r'''
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint

critic = nn.Sequential(nn.utils.spectral_norm(nn.Linear(4, 8)), nn.LeakyReLU(0.2),
                       nn.utils.parametrizations.spectral_norm(nn.Linear(8, 8)), nn.Tanh(),
                       nn.utils.parametrizations.weight_norm(nn.Linear(8, 1)))
print(critic)
opt = torch.optim.Adam(critic.parameters(), lr=0.01)
x = torch.randn(16, 4, requires_grad=True)  # else the reentrant checkpoint has no grad
for step in range(4):
    score = checkpoint(critic, x, use_reentrant=True).mean()  # run again in backward
    opt.zero_grad()
    (-score).backward()
    opt.step()
    print(step, round(score.item(), 6), critic[0].weight_u[:3])
critic.eval()
print(critic(x[:2]))
final = {"u": critic[2].parametrizations.weight[0]._u,
         "g": critic[4].parametrizations.weight.original0}
'''


def test_spectral_norm_draws_are_replayed(monkeypatch):
    assert_replayed(NORMS_PROGRAM, monkeypatch)
