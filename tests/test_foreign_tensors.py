"""PyTorch's own tensors handed to gradviz: what a program gets from a library that runs on
real PyTorch.  torchvision is the common one (``from torchvision import datasets, transforms``
beside ``import gradviz as torch``): its datasets give ``torch.Tensor`` images.  torchvision's
wheel here is a CUDA build that cannot load beside the CPU torch, so `_vision` below stands in
for the two pieces such programs use, written as torchvision writes them on real torch: PIL-like
uint8 images made by numpy, ``ToTensor`` (HWC uint8 to CHW float in [0, 1]), ``Normalize``,
``Compose``, a ``FakeData``-style dataset and an MNIST-style one with ``.data``/``.targets``."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest
import torch
from test_torch_corpus import assert_same_printout, one_torch_thread, run_both

import gradviz as gv

assert one_torch_thread  # the fixture, used by name below


def _vision() -> types.ModuleType:
    vision = types.ModuleType("torchvision")
    transforms, datasets = types.ModuleType("transforms"), types.ModuleType("datasets")

    class Compose:
        def __init__(self, steps):
            self.steps = steps

        def __call__(self, x):
            for step in self.steps:
                x = step(x)
            return x

    class ToTensor:
        def __call__(self, image):
            return torch.from_numpy(image).permute(2, 0, 1).contiguous().float().div(255)

    class Normalize:
        def __init__(self, mean, std):
            self.mean, self.std = torch.tensor(mean), torch.tensor(std)

        def __call__(self, x):
            return (x - self.mean[:, None, None]) / self.std[:, None, None]

    class FakeData(torch.utils.data.Dataset):
        def __init__(self, size, image_size, num_classes, transform=None):
            self.size, self.image_size, self.classes = size, image_size, num_classes
            self.transform = transform

        def __len__(self):
            return self.size

        def __getitem__(self, index):
            rng = np.random.default_rng(index)
            channels, height, width = self.image_size
            image = rng.integers(0, 256, (height, width, channels), dtype=np.uint8)
            target = int(rng.integers(self.classes))
            return (self.transform(image) if self.transform else image), target

    class MNIST(FakeData):
        def __init__(self, root, train=True, download=False, transform=None):
            super().__init__(40, (1, 6, 6), 10, transform)
            images = [FakeData.__getitem__(self, i) for i in range(self.size)]
            self.data = torch.from_numpy(np.stack([image[..., 0] for image, _ in images]))
            self.targets = torch.tensor([target for _, target in images])

    transforms.Compose, transforms.ToTensor, transforms.Normalize = Compose, ToTensor, Normalize
    datasets.FakeData, datasets.MNIST = FakeData, MNIST
    vision.transforms, vision.datasets = transforms, datasets
    return vision


@pytest.fixture
def vision(monkeypatch):
    module = _vision()
    for name in ("torchvision", "torchvision.transforms", "torchvision.datasets"):
        monkeypatch.setitem(sys.modules, name, module if name == "torchvision"
                            else getattr(module, name.rpartition(".")[2]))
    return module


LOADER_PROGRAM = r'''
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
train = datasets.FakeData(size=48, image_size=(1, 8, 8), num_classes=10, transform=transform)
torch.manual_seed(0)
loader = DataLoader(train, batch_size=16, shuffle=True)
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
X, y = next(iter(loader))
print(type(X).__name__, X.shape, X.dtype, y.dtype, f"{X.min():.4f} {X.max():.4f}")
for epoch in range(3):
    for X, y in loader:
        loss = nn.functional.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch}: loss {loss.item():.6f}")
final = {"weight": model[1].weight, "bias": model[3].bias}
'''

DATA_PROGRAM = r'''
import torch
from torch import nn
from torchvision import datasets

train = datasets.MNIST("data", train=True, download=True)
X = train.data.float().reshape(-1, 36) / 255
y = train.targets
print(X.shape, y[:5])
model = nn.Linear(36, 10)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(20):
    loss = nn.CrossEntropyLoss()(model(X), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
accuracy = (y == model(X).argmax(1)).float().mean()
print(f"loss {loss.item():.5f} accuracy {accuracy.item():.3f}")
final = {"weight": model.weight}
'''


@pytest.mark.parametrize("program", [LOADER_PROGRAM, DATA_PROGRAM], ids=["loader", "data"])
def test_a_torchvision_program_prints_pytorchs_numbers(program, vision, monkeypatch,
                                                       one_torch_thread):
    (ours, our_final), (theirs, their_final) = run_both(program, monkeypatch)
    assert_same_printout(ours, theirs)
    for key, value in their_final.items():
        assert isinstance(our_final[key], gv.Tensor)
        np.testing.assert_allclose(our_final[key].detach().numpy(), value.detach().numpy(),
                                   rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("value", [torch.tensor([1.5, 2.0]), torch.tensor([[1, 2]]),
                                   torch.tensor(True), torch.zeros(2, dtype=torch.uint8),
                                   torch.tensor([0.5], dtype=torch.float64, requires_grad=True),
                                   torch.nn.Parameter(torch.ones(2, 2))])
def test_a_pytorch_tensor_becomes_a_gradviz_tensor_of_its_dtype(value):
    plain, small = value.detach(), torch.zeros((), dtype=torch.int8)
    for made, expected in ((gv.tensor(value), plain), (gv.as_tensor(value), plain),
                           (gv.zeros((), dtype=gv.int8) + value, small + plain),
                           (gv.utils.data.default_collate([value, value])[0], plain)):
        assert isinstance(made, gv.Tensor) and not made.requires_grad
        assert str(made.dtype).replace("gradviz.", "torch.") == str(expected.dtype)
        np.testing.assert_array_equal(made.numpy(), expected.numpy())


def test_a_pytorch_dtype_numpy_lacks_is_named():
    with pytest.raises(TypeError, match=r"torch\.bfloat16 has no numpy dtype"):
        gv.tensor(torch.ones(2, dtype=torch.bfloat16))
