"""The new layers through the corpus harness, as a program meets them: a short training run
prints torch's numbers, and the draws of the layers and functions that draw are replayed
(an RReLU's training-mode slopes, gumbel_softmax's exponential noise, a Bilinear layer's
initial weights, scaled_dot_product_attention's dropout mask); handed no slopes, gradviz
would print other numbers."""

from __future__ import annotations

import pytest
import torch
from test_torch_corpus import (
    Recorder,
    Replayer,
    assert_replayed,
    assert_same_printout,
    gradviz_source,
    run,
)

from gradviz.engine import functional_rectifiers
from gradviz.engine.creation import rand

RANDOM_LAYERS_PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(4, 6, requires_grad=True)
act = nn.RReLU(0.1, 0.3)
y = act(x)
print(y)
y.sum().backward()
print(x.grad)
print(F.rrelu(x, training=True))
act.eval()
print(act(x))
logits = torch.randn(3, 5, requires_grad=True)
soft = F.gumbel_softmax(logits, tau=3.0)
hard = F.gumbel_softmax(logits, hard=True)
print(soft, hard.argmax(-1))
(soft * torch.arange(5.0)).sum().backward()
print(logits.grad)
pair = nn.Bilinear(6, 3, 2)
z = pair(x, torch.randn(4, 3))
print(z, pair.weight.shape)
q, k, v = torch.randn(2, 4, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 3)
attended = F.scaled_dot_product_attention(q, k, v, dropout_p=0.3)
print(attended)
print(F.scaled_dot_product_attention(q, k, v, is_causal=False))
final = {"grad": x.grad, "logits_grad": logits.grad, "attended": attended, "z": z}
'''


# A small training run through the new layers: padding, group and instance norms, PReLU,
# pixel (un)shuffle, upsampling, unfold, attention over the blocks, a triplet and a
# multi-margin loss, a ParameterList of scales; its losses, the layers' printout and the final
# gradients must be torch's.
TRAINING_PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.pad = nn.ReflectionPad2d(1)
        self.conv = nn.Conv2d(3, 8, 3)
        self.norm = nn.GroupNorm(2, 8)
        self.act = nn.PReLU(8)
        self.inorm = nn.InstanceNorm2d(2, affine=True)
        self.shuffle = nn.PixelShuffle(2)
        self.down = nn.Upsample(scale_factor=0.5, mode="bilinear")
        self.unshuffle = nn.PixelUnshuffle(2)
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(8)) for _ in range(2)])
        self.head = nn.Linear(8 * 4, 6)

    def forward(self, x):
        x = self.act(self.norm(self.conv(self.pad(x))))
        x = self.down(self.inorm(self.shuffle(x)))
        x = self.unshuffle(F.pad(x, (0, 0, 0, 0), mode="replicate"))
        blocks = F.unfold(x, 2, stride=2).transpose(1, 2)
        tokens = blocks.reshape(x.shape[0], -1, 8, 4).mean(-1) * self.scales[0]
        attended = F.scaled_dot_product_attention(tokens, tokens, tokens, is_causal=True)
        return self.head((attended * self.scales[1]).repeat(1, 1, 4).mean(1).repeat(1, 4)[:, :32])

torch.manual_seed(0)
net = Net()
print(net)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
images = torch.randn(6, 3, 8, 8)
labels = torch.tensor([0, 1, 2, 3, 4, 5])
triplet = nn.TripletMarginLoss(margin=0.5)
margin = nn.MultiMarginLoss()
for step in range(4):
    optimizer.zero_grad()
    out = net(images)
    loss = triplet(out[:2], out[2:4], out[4:]) + margin(out, labels)
    loss.backward()
    optimizer.step()
    print(step, loss.item(), out.grad_fn)
print(net.act.weight)
final = {"w": net.conv.weight.grad, "prelu": net.act.weight.grad, "out": out}
'''


def test_a_training_run_through_the_new_layers_prints_torchs_numbers(monkeypatch):
    assert_replayed(TRAINING_PROGRAM, monkeypatch, atol=1e-6)


def test_random_layers_are_replayed(monkeypatch):
    assert_replayed(RANDOM_LAYERS_PROGRAM, monkeypatch, atol=1e-6)


def test_what_is_recorded_and_that_it_matters(monkeypatch):
    torch.manual_seed(0)
    with monkeypatch.context() as patch:
        recorder = Recorder(patch)
        theirs, _ = run(RANDOM_LAYERS_PROGRAM)
    names = [name for name, _ in recorder.log]
    assert names.count("rrelu") == 2 and names.count("exponential_") == 2
    assert names.count("dropout") == 1 and names.count("uniform_") == 2
    # Handed everything but the slopes, gradviz's RReLU draws its own: other numbers.
    with monkeypatch.context() as patch:
        Replayer(patch, [entry for entry in recorder.log if entry[0] != "rrelu"])
        patch.setattr(functional_rectifiers, "rand", rand)
        ours, _ = run(gradviz_source(RANDOM_LAYERS_PROGRAM))
    with pytest.raises(AssertionError):
        assert_same_printout(ours, theirs)


def test_recording_keeps_torchs_rrelu_bit_for_bit(monkeypatch):
    runs = []
    for recording in (False, True):
        with monkeypatch.context() as patch:
            if recording:
                Recorder(patch)
            torch.manual_seed(1)
            x = torch.randn(5, 4, requires_grad=True)
            out = torch.nn.functional.rrelu(x, 0.2, 0.4, training=True)
            out.sum().backward()
            runs.append((out.detach(), x.grad, type(out.grad_fn).__name__,
                         torch.get_rng_state()))
    (a, ga, na, sa), (b, gb, nb, sb) = runs
    assert torch.equal(a, b) and torch.equal(ga, gb) and na == nb and torch.equal(sa, sb)
