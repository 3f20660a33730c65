"""The new nn layers as a program meets them, through the corpus harness: a small volumetric
network (Conv3d, BatchNorm3d, MaxPool3d, AvgPool3d, AdaptiveAvgPool3d), an autoencoder that
unpools at its pool's indices, a lazy convolution and batch norm, an RMSNorm'd head, a
channel shuffle, an LP pool and the soft-margin and triplet-with-distance losses train a few
steps and must print torch's numbers (initial weights: torch's draws, handed over)."""

from __future__ import annotations

from test_torch_corpus import assert_replayed

VOLUME_PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F


class VoxelNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm3d(4)
        self.pool = nn.MaxPool3d(2)
        self.smooth = nn.AvgPool3d(2, stride=1)
        self.up = nn.ConvTranspose3d(4, 2, 2, stride=2)
        self.gap = nn.AdaptiveAvgPool3d(1)
        self.fc = nn.Linear(2, 3)

    def forward(self, x):
        x = self.pool(F.relu(self.bn(self.conv(x))))
        x = self.up(self.smooth(x))
        return self.fc(self.gap(x).flatten(1))


torch.manual_seed(0)
net = VoxelNet()
print(net)
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
x, y = torch.randn(4, 1, 6, 6, 6), torch.tensor([0, 1, 2, 1])
for step in range(3):
    opt.zero_grad()
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(net.bn.running_mean, net.bn.num_batches_tracked)
final = {"w": net.conv.weight.grad, "up": net.up.weight.grad, "mean": net.bn.running_var}
'''

AUTOENCODER_PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F


class UnpoolingAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.LazyConv2d(6, 3, padding=1)
        self.norm = nn.LazyBatchNorm2d()
        self.pool = nn.MaxPool2d(2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2)
        self.shuffle = nn.ChannelShuffle(3)
        self.dec = nn.Conv2d(6, 2, 3, padding=1)
        self.head = nn.Sequential(nn.AdaptiveMaxPool2d((2, 2)), nn.Flatten(), nn.RMSNorm(24),
                                  nn.Linear(24, 4))
        self.register_buffer("step", torch.tensor(0), persistent=False)
        self.scale = nn.Buffer(torch.tensor(0.5))

    def forward(self, x):
        h, where = self.pool(F.relu(self.norm(self.enc(x))))
        code = self.head(h)
        h = self.shuffle(self.unpool(h, where, output_size=x.shape[-2:]))
        return self.dec(h) * self.scale, code


torch.manual_seed(0)
model = UnpoolingAutoencoder()
x = torch.randn(3, 2, 6, 6)
model(x)
print(model)
print(sorted(model.state_dict()))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
anchor, positive = torch.randn(3, 4), torch.randn(3, 4)
triplet = nn.TripletMarginWithDistanceLoss(margin=0.5)
for step in range(3):
    opt.zero_grad()
    recon, code = model(x)
    pooled = F.lp_pool2d(recon, 2, 2)
    loss = (F.mse_loss(recon, x) + F.soft_margin_loss(code, torch.sign(anchor))
            + triplet(code, positive, anchor) + pooled.mean() * 0.01)
    loss.backward()
    opt.step()
    print(step, loss.item())
final = {"enc": model.enc.weight.grad, "rms": model.head[2].weight.grad, "recon": recon}
'''


def test_a_volumetric_network_trains_as_torchs(monkeypatch):
    assert_replayed(VOLUME_PROGRAM, monkeypatch, atol=1e-6)


def test_an_unpooling_lazy_autoencoder_trains_as_torchs(monkeypatch):
    assert_replayed(AUTOENCODER_PROGRAM, monkeypatch, atol=1e-6)
