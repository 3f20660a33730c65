"""A tenth, independent sample of 12 public teaching programs (written for gradviz's corpus after
the named sources; not copies; downloads replaced by random tensors of the same shape): two
pages of the PyTorch tutorials' "Learn the Basics" not yet in the corpus ("Optimizing Model
Parameters" and "Transforms", with the "Datasets & DataLoaders" page's iteration), two
PyTorch recipes ("Zeroing out gradients" and "Warmstarting model using parameters from a
different model"), three lessons of Patrick Loeber's pytorchTutorial (autograd and
backpropagation, softmax and cross-entropy, saving and loading) and five of Aladdin Persson's
Machine-Learning-Collection programs (the tensor basics walk-through, weight initialisation, a
ReduceLROnPlateau schedule, LeNet-5 and ResNet from scratch).  Sizes, epochs and steps cut so
that each runs in a second or two; CUDA lines dropped.

Measured first as they came, against main 419f04f: 7 of 12 ran with PyTorch's numbers
(RECIPE_ZEROING_GRADIENTS, RECIPE_WARMSTARTING, LOEBER_AUTOGRAD, LOEBER_SOFTMAX_CROSSENTROPY,
LOEBER_SAVE_LOAD, ALADDIN_INIT_WEIGHTS, ALADDIN_LENET5).  Two stopped at a missing or
narrower API: Aladdin Persson's tensor basics at Tensor.matrix_power (then
Tensor.ndimension), the Transforms tutorial's one-hot Lambda at Tensor.scatter_ with a 0-dim
index into a 1-dim tensor.  Three are float32 round-off: a ReLU pre-activation that is zero
but for round-off (7.5e-9) at one SGD step of the Optimization tutorial and Adam at lr 0.1 in
the ReduceLROnPlateau program, both within PyTorch's own spread; and ResNet50, whose 53
convolutions' round-off each training-mode BatchNorm2d over two images scales up, to 1.3e-3
relative in the outputs (5x PyTorch's spread; in float64 they agree to 1e-13).  ResNet50 was
first written on 3x32x32 images, where layer4's BatchNorm2d normalises two values per channel
and its outputs are round-off altogether (PyTorch's own nudged runs move them by up to 1.4);
it runs on 3x64x64 images since.  KNOWN_FAILURES in tests/torch_corpus/known_failures.py, each reason
starting "first try"."""


LEARN_BASICS_OPTIMIZATION = r'''
# After the PyTorch tutorial "Learn the Basics: Optimizing Model Parameters"
# (beginner_source/basics/optimization_tutorial.py,
# https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html): NeuralNetwork
# (Flatten, a linear_relu_stack of 784-512-512-10), learning_rate 1e-3, batch_size 64,
# nn.CrossEntropyLoss, SGD, train_loop (model.train(), zero_grad/backward/step, the loss and
# progress printed with f"{loss:>7f}  [{current:>5d}/{size:>5d}]") and test_loop (model.eval(),
# no_grad, argmax(1) == y, .type(torch.float).sum().item()).  Changed: FashionMNIST
# (ToTensor) replaced by random 1x28x28 images in [0, 1) with random labels in TensorDatasets
# (256 training, 128 test); the progress printed every 2 batches, not 100; 10 epochs cut to 3.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

training_data = TensorDataset(torch.rand(256, 1, 28, 28), torch.randint(0, 10, (256,)))
test_data = TensorDataset(torch.rand(128, 1, 28, 28), torch.randint(0, 10, (128,)))

train_dataloader = DataLoader(training_data, batch_size=64)
test_dataloader = DataLoader(test_data, batch_size=64)


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork()

learning_rate = 1e-3
batch_size = 64
epochs = 5

# Initialize the loss function
loss_fn = nn.CrossEntropyLoss()

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    # Set the model to training mode - important for batch normalization and dropout layers
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        # Compute prediction and loss
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if batch % 2 == 0:
            loss, current = loss.item(), batch * batch_size + len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    # Set the model to evaluation mode - important for batch normalization and dropout layers
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0

    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()

    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

epochs = 3
for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
print("Done!")

final = {"out_layer": model.linear_relu_stack[4].weight,
         "first_layer": model.linear_relu_stack[0].weight}
'''

LEARN_BASICS_TRANSFORMS = r'''
# After the PyTorch tutorials "Learn the Basics: Transforms"
# (beginner_source/basics/transforms_tutorial.py: FashionMNIST with transform=ToTensor() and a
# target_transform=Lambda that one-hot encodes the label with
# torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1), the same Lambda
# again with dim=/index= keywords) and "Datasets & DataLoaders" (data_tutorial.py: indexing
# the dataset, a DataLoader with batch_size 64 and shuffle=True, next(iter(...)) printing the
# "Feature batch shape" and "Labels batch shape", then one image's squeeze() and label).
# Changed: torchvision's FashionMNIST replaced by a Dataset of 100 random uint8 28x28 images
# (what PIL gives ToTensor) and random labels; torchvision's ToTensor and Lambda written out
# as their documented behaviour (H x W x C uint8 to C x H x W float in [0, 1]; a callable
# wrapper); the image plots dropped.
import numpy as np
import torch
from torch.utils.data import Dataset, DataLoader


class ToTensor:
    def __call__(self, pic):
        img = torch.from_numpy(np.array(pic, copy=True))
        img = img.view(pic.shape[0], pic.shape[1], -1).permute((2, 0, 1)).contiguous()
        return img.to(dtype=torch.get_default_dtype()).div(255)


class Lambda:
    def __init__(self, lambd):
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)


class FashionMNIST(Dataset):
    def __init__(self, train=True, transform=None, target_transform=None):
        n = 100 if train else 20
        self.data = torch.randint(0, 256, (n, 28, 28), dtype=torch.uint8).numpy()
        self.targets = torch.randint(0, 10, (n,)).tolist()
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img, target = self.data[index], self.targets[index]
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target


ds = FashionMNIST(
    train=True,
    transform=ToTensor(),
    target_transform=Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
)

img, label = ds[0]
print(img.shape, img.dtype, img.min(), img.max())
print(label)

target_transform = Lambda(lambda y: torch.zeros(
    10, dtype=torch.float).scatter_(dim=0, index=torch.tensor(y), value=1))
print(target_transform(3))

train_dataloader = DataLoader(ds, batch_size=64, shuffle=True)
# Display image and label.
train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(img.shape)
print(f"Label: {label}")
print(label.argmax().item())

final = {"features": train_features, "labels": train_labels}
'''

RECIPE_ZEROING_GRADIENTS = r'''
# After the PyTorch recipe "Zeroing out gradients in PyTorch"
# (recipes_source/recipes/zeroing_out_gradients.py): the CIFAR-10 Net (conv1 3->6 5x5,
# MaxPool2d(2, 2), conv2 6->16 5x5, fc1 400->120, fc2 120->84, fc3 84->10, x.flatten(start_dim=1)),
# CrossEntropyLoss, SGD(lr 0.001, momentum 0.9), and the training loop calling
# optimizer.zero_grad() before each forward/backward/step, the running loss printed with
# '[%d, %5d] loss: %.3f'.  Changed: torchvision's CIFAR10 (ToTensor, Normalize((0.5,) * 3,
# (0.5,) * 3)) replaced by 64 random 3x32x32 images in [-1, 1) with random labels in a
# TensorDataset (batch_size 4, shuffle=True, num_workers=2 as in the recipe), the loss printed
# every 4 mini-batches (its average over them) instead of every 2000; the unused test loader
# dropped.
import torch

import torch.nn as nn
import torch.nn.functional as F

import torch.optim as optim

trainset = torch.utils.data.TensorDataset(torch.rand(64, 3, 32, 32) * 2 - 1,
                                          torch.randint(0, 10, (64,)))
trainloader = torch.utils.data.DataLoader(trainset, batch_size=4,
                                          shuffle=True, num_workers=2)

classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in range(2):  # loop over the dataset multiple times

    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        # get the inputs; data is a list of [inputs, labels]
        inputs, labels = data

        # zero the parameter gradients
        optimizer.zero_grad()

        # forward + backward + optimize
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        # print statistics
        running_loss += loss.item()
        if i % 4 == 3:    # print every 4 mini-batches
            print('[%d, %5d] loss: %.3f' %
                  (epoch + 1, i + 1, running_loss / 4))
            running_loss = 0.0

print('Finished Training')

final = {"conv1": net.conv1.weight, "fc3": net.fc3.weight, "fc3_grad": net.fc3.weight.grad}
'''

RECIPE_WARMSTARTING = r'''
# After the PyTorch recipe "Warmstarting model using parameters from a different model in
# PyTorch" (recipes_source/recipes/warmstarting_model_using_parameters_from_a_different_model.py):
# NetA and NetB (the same CIFAR-10 Net), netA's state_dict saved with torch.save and loaded
# into netB with load_state_dict(torch.load(PATH), strict=False), whose result the recipe
# shows ("<All keys matched successfully>").  Changed: the recipe's missing
# `import torch.nn.functional as F` added (its forward uses F); PATH in a temporary
# directory; the result of load_state_dict printed, and, as the recipe's introduction
# describes (a partial state_dict missing some keys, or one with more keys than the model),
# a partial and a larger state_dict loaded with strict=False and their results printed;
# netB run on one random image.
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class NetA(nn.Module):
    def __init__(self):
        super(NetA, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


netA = NetA()


class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


netB = NetB()

# Specify a path to save to
PATH = os.path.join(tempfile.mkdtemp(), "model.pt")

torch.save(netA.state_dict(), PATH)

print(netB.load_state_dict(torch.load(PATH), strict=False))
print(torch.equal(netA.fc1.weight, netB.fc1.weight))

partial = {k: v for k, v in torch.load(PATH).items() if k.startswith('conv')}
print(netB.load_state_dict(partial, strict=False))
larger = dict(torch.load(PATH), **{'fc4.weight': torch.zeros(2, 10)})
result = netB.load_state_dict(larger, strict=False)
print(result.missing_keys, result.unexpected_keys)

x = torch.randn(1, 3, 32, 32)
print(netA(x))
print(netB(x))
final = {"outB": netB(x), "conv1": netB.conv1.weight}
'''

LOEBER_AUTOGRAD = r'''
# After Patrick Loeber's (Python Engineer) pytorchTutorial 03_autograd.py and
# 04_backpropagation.py (https://github.com/patrickloeber/pytorchTutorial): y = x + 2 and its
# grad_fn, z = y * y * 3 and its mean backpropagated, a vector-Jacobian product through y * 2
# doubled ten times with y.backward(v), stopping history with requires_grad_(False)... (the
# lesson's three ways: requires_grad_, detach, no_grad), gradients accumulating over three
# dummy epochs unless weights.grad.zero_(), then the one-weight loss (w * x - y)**2 with its
# backward pass and one update under no_grad.  Unchanged but for the two files run as one.
import torch

x = torch.randn(3, requires_grad=True)
y = x + 2

print(x)  # created by the user -> grad_fn is None
print(y)
print(y.grad_fn)

# Do more operations on y
z = y * y * 3
print(z)
z = z.mean()
print(z)

z.backward()
print(x.grad)  # dz/dx

x = torch.randn(3, requires_grad=True)

y = x * 2
for _ in range(10):
    y = y * 2

print(y)
print(y.shape)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float32)
y.backward(v)
print(x.grad)

a = torch.randn(2, 2)
print(a.requires_grad)
b = ((a * 3) / (a - 1))
print(b.grad_fn)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)

a = torch.randn(2, 2, requires_grad=True)
print(a.requires_grad)
b = a.detach()
print(b.requires_grad)

a = torch.randn(2, 2, requires_grad=True)
print(a.requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)

weights = torch.ones(4, requires_grad=True)

for epoch in range(3):
    # just a dummy example
    model_output = (weights*3).sum()
    model_output.backward()

    print(weights.grad)

    # optimize model, i.e. adjust weights...
    with torch.no_grad():
        weights -= 0.1 * weights.grad

    # this is important! It affects the final weights & output
    weights.grad.zero_()

print(weights)
print(model_output)

# 04_backpropagation.py
x = torch.tensor(1.0)
y = torch.tensor(2.0)

w = torch.tensor(1.0, requires_grad=True)

y_predicted = w * x
loss = (y_predicted - y)**2
print(loss)

loss.backward()
print(w.grad)

with torch.no_grad():
    w -= 0.01 * w.grad
w.grad.zero_()
print(w, w.grad)

final = {"weights": weights, "w": w}
'''

LOEBER_SOFTMAX_CROSSENTROPY = r'''
# After Patrick Loeber's pytorchTutorial 11_softmax_and_crossentropy.py: softmax in numpy and
# torch.softmax(x, dim=0), a numpy cross-entropy with np.clip on one-hot targets, then
# nn.CrossEntropyLoss on one sample and on a batch of three (good and bad logits), the
# predictions from torch.max(..., 1), and the NeuralNet1 (sigmoid head, BCELoss) and NeuralNet2
# (raw logits, CrossEntropyLoss) classes built.  Changed: the two models run once on random
# 28*28 inputs (the lesson only builds them) so that they compute something to compare.
import torch
import torch.nn as nn
import numpy as np


def softmax(x):
    return np.exp(x) / np.sum(np.exp(x), axis=0)


x = np.array([2.0, 1.0, 0.1])
outputs = softmax(x)
print('softmax numpy:', outputs)

x = torch.tensor([2.0, 1.0, 0.1])
outputs = torch.softmax(x, dim=0)  # along values along first axis
print('softmax torch:', outputs)


def cross_entropy(actual, predicted):
    EPS = 1e-15
    predicted = np.clip(predicted, EPS, 1 - EPS)
    loss = -np.sum(actual * np.log(predicted))
    return loss  # / float(predicted.shape[0])


Y = np.array([1, 0, 0])
Y_pred_good = np.array([0.7, 0.2, 0.1])
Y_pred_bad = np.array([0.1, 0.3, 0.6])
l1 = cross_entropy(Y, Y_pred_good)
l2 = cross_entropy(Y, Y_pred_bad)
print(f'Loss1 numpy: {l1:.4f}')
print(f'Loss2 numpy: {l2:.4f}')

loss = nn.CrossEntropyLoss()

Y = torch.tensor([0])

Y_pred_good = torch.tensor([[2.0, 1.0, 0.1]])
Y_pred_bad = torch.tensor([[0.5, 2.0, 0.3]])
l1 = loss(Y_pred_good, Y)
l2 = loss(Y_pred_bad, Y)

print(f'PyTorch Loss1: {l1.item():.4f}')
print(f'PyTorch Loss2: {l2.item():.4f}')

# get predictions
_, predictions1 = torch.max(Y_pred_good, 1)
_, predictions2 = torch.max(Y_pred_bad, 1)
print(f'Actual class: {Y.item()}, Y_pred1: {predictions1.item()}, Y_pred2: {predictions2.item()}')

Y = torch.tensor([2, 0, 1])

Y_pred_good = torch.tensor(
    [[0.1, 0.2, 3.9],  # predict class 2
     [1.2, 0.1, 0.3],  # predict class 0
     [0.3, 2.2, 0.2]])  # predict class 1

Y_pred_bad = torch.tensor(
    [[0.9, 0.2, 0.1],
     [0.1, 0.3, 1.5],
     [1.2, 0.2, 0.5]])

l1 = loss(Y_pred_good, Y)
l2 = loss(Y_pred_bad, Y)
print(f'Batch Loss1:  {l1.item():.4f}')
print(f'Batch Loss2: {l2.item():.4f}')

# get predictions
_, predictions1 = torch.max(Y_pred_good, 1)
_, predictions2 = torch.max(Y_pred_bad, 1)
print(f'Actual class: {Y}, Y_pred1: {predictions1}, Y_pred2: {predictions2}')


# Binary classification
class NeuralNet1(nn.Module):
    def __init__(self, input_size, hidden_size):
        super(NeuralNet1, self).__init__()
        self.linear1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(hidden_size, 1)

    def forward(self, x):
        out = self.linear1(x)
        out = self.relu(out)
        out = self.linear2(out)
        # sigmoid at the end
        y_pred = torch.sigmoid(out)
        return y_pred


model = NeuralNet1(input_size=28*28, hidden_size=5)
criterion = nn.BCELoss()
images = torch.rand(4, 28*28)
binary_loss = criterion(model(images), torch.tensor([[1.0], [0.0], [1.0], [1.0]]))
print(binary_loss)


# Multiclass problem
class NeuralNet2(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super(NeuralNet2, self).__init__()
        self.linear1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out = self.linear1(x)
        out = self.relu(out)
        out = self.linear2(out)
        # no softmax at the end
        return out


model = NeuralNet2(input_size=28*28, hidden_size=5, num_classes=3)
criterion = nn.CrossEntropyLoss()  # (applies Softmax)
multi_loss = criterion(model(images), torch.tensor([2, 0, 1, 1]))
print(multi_loss)

final = {"l1": l1, "l2": l2, "binary_loss": binary_loss, "multi_loss": multi_loss}
'''

LOEBER_SAVE_LOAD = r'''
# After Patrick Loeber's pytorchTutorial 17_save_load.py: Model (one Linear and a sigmoid) with
# 6 input features, its parameters printed, the state_dict saved with torch.save, printed,
# loaded into a new Model with load_state_dict(torch.load(FILE)) and eval(); then a checkpoint
# dict (epoch 90, "model_state", "optim_state" of an SGD at lr 0.01) saved, a fresh Model and
# an SGD at lr 0 restored from it, and the optimizer's state_dict printed before and after.
# Changed: the lesson's first way, torch.save(model, FILE) of the whole model, left out (it
# pickles the class, which must be importable from a module, and a program run from a string
# is none); files in a temporary directory.
import os
import tempfile

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, n_input_features):
        super(Model, self).__init__()
        self.linear = nn.Linear(n_input_features, 1)

    def forward(self, x):
        y_pred = torch.sigmoid(self.linear(x))
        return y_pred


model = Model(n_input_features=6)
# train your model...

for param in model.parameters():
    print(param)

# save only state dict
FILE = os.path.join(tempfile.mkdtemp(), "model.pth")
torch.save(model.state_dict(), FILE)

print(model.state_dict())
loaded_model = Model(n_input_features=6)
loaded_model.load_state_dict(torch.load(FILE))  # it takes the loaded dictionary, not the path file itself
loaded_model.eval()

print(loaded_model.state_dict())

learning_rate = 0.01
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

checkpoint = {
    "epoch": 90,
    "model_state": model.state_dict(),
    "optim_state": optimizer.state_dict()
}
print(optimizer.state_dict())
FILE = os.path.join(os.path.dirname(FILE), "checkpoint.pth")
torch.save(checkpoint, FILE)

model = Model(n_input_features=6)
optimizer = torch.optim.SGD(model.parameters(), lr=0)

checkpoint = torch.load(FILE)
model.load_state_dict(checkpoint['model_state'])
optimizer.load_state_dict(checkpoint['optim_state'])
epoch = checkpoint['epoch']

model.eval()
# - or -
# model.train()

print(optimizer.state_dict())
print(epoch)

final = {"weight": model.linear.weight, "loaded": loaded_model.linear.weight,
         "out": model(torch.ones(2, 6))}
'''

ALADDIN_TENSORBASICS = r'''
# After aladdinpersson/Machine-Learning-Collection ML/Pytorch/Basics/pytorch_tensorbasics.py
# (its 2022 revision): a tensor's attributes, the initialisation functions (empty, zeros,
# rand, ones, eye, arange, linspace, normal_, uniform_, diag), conversions (bool, short, long,
# half, float, double, from_numpy/numpy), maths and comparison (add with out=, true_divide,
# add_ and +=, pow, mm, matrix_power, dot, bmm, broadcasting, sum/max/min/abs/argmax/argmin/
# mean/eq/sort/clamp/any/all), indexing (fancy, boolean, remainder, where, unique, ndimension,
# numel) and reshaping (view, reshape, t, is_contiguous, contiguous, cat, permute, chunk,
# unsqueeze, squeeze).  Unchanged but for the device (the CPU) and a final dict of what it
# computes; its "Type of Tensor {my_tensor.dtype}" print keeps the source's missing f.
import torch
import numpy as np

device = "cpu"

# Initializing a Tensor in this case of shape 2x3 (2 rows, 3 columns)
my_tensor = torch.tensor(
    [[1, 2, 3], [4, 5, 6]], dtype=torch.float32, device=device, requires_grad=True
)

# A few tensor attributes
print(
    f"Information about tensor: {my_tensor}"
)  # Prints data of the tensor, device and grad info
print(
    "Type of Tensor {my_tensor.dtype}"
)  # Prints dtype of the tensor (torch.float32, etc)
print(
    f"Device Tensor is on {my_tensor.device}"
)  # Prints cpu/cuda (followed by gpu number)
print(f"Shape of tensor {my_tensor.shape}")  # Prints shape, in this case 2x3
print(f"Requires gradient: {my_tensor.requires_grad}")  # Prints true/false

# Other common initialization methods (there exists a ton more)
x = torch.empty(size=(3, 3))  # Tensor of shape 3x3 with uninitialized data
x = torch.zeros((3, 3))  # Tensor of shape 3x3 with values of 0
x = torch.rand(
    (3, 3)
)  # Tensor of shape 3x3 with values from uniform distribution in interval [0,1)
x = torch.ones((3, 3))  # Tensor of shape 3x3 with values of 1
x = torch.eye(5, 5)  # Returns Identity Matrix I, (I <-> Eye), matrix of shape 2x3
x = torch.arange(
    start=0, end=5, step=1
)  # Tensor [0, 1, 2, 3, 4], note, can also do: torch.arange(11)
x = torch.linspace(start=0.1, end=1, steps=10)  # x = [0.1, 0.2, ..., 1]
linspace = x
x = torch.empty(size=(1, 5)).normal_(
    mean=0, std=1
)  # Normally distributed with mean=0, std=1
x = torch.empty(size=(1, 5)).uniform_(
    0, 1
)  # Values from a uniform distribution low=0, high=1
x = torch.diag(torch.ones(3))  # Diagonal matrix of shape 3x3

# How to make initialized tensors to other types (int, float, double)
tensor = torch.arange(4)  # [0, 1, 2, 3] Initialized as int64 by default
print(f"Converted Boolean: {tensor.bool()}")  # Converted to Boolean: 1 if nonzero
print(f"Converted int16 {tensor.short()}")  # Converted to int16
print(
    f"Converted int64 {tensor.long()}"
)  # Converted to int64 (This one is very important, used super often)
print(f"Converted float16 {tensor.half()}")  # Converted to float16
print(
    f"Converted float32 {tensor.float()}"
)  # Converted to float32 (This one is very important, used super often)
print(f"Converted float64 {tensor.double()}")  # Converted to float64

# Array to Tensor conversion and vice-versa
np_array = np.zeros((5, 5))
tensor = torch.from_numpy(np_array)
np_array_again = (
    tensor.numpy()
)  # np_array_again will be same as np_array (perhaps with numerical round offs)

x = torch.tensor([1, 2, 3])
y = torch.tensor([9, 8, 7])

# -- Addition --
z1 = torch.empty(3)
torch.add(x, y, out=z1)  # This is one way
z2 = torch.add(x, y)  # This is another way
z = x + y  # This is my preferred way, simple and clean.

# -- Subtraction --
z = x - y  # We can do similarly as the preferred way of addition

# -- Division (A bit clunky) --
z = torch.true_divide(x, y)  # Will do element wise division if of equal shape
divided = z

# -- Inplace Operations --
t = torch.zeros(3)

t.add_(x)  # Whenever we have operation followed by _ it will mutate the tensor in place
t += x  # Also inplace: t = t + x is not inplace, bit confusing.

# -- Exponentiation (Element wise if vector or matrices) --
z = x.pow(2)  # z = [1, 4, 9]
z = x**2  # z = [1, 4, 9]

# -- Simple Comparison --
z = x > 0  # Returns [True, True, True]
z = x < 0  # Returns [False, False, False]

# -- Matrix Multiplication --
x1 = torch.rand((2, 5))
x2 = torch.rand((5, 3))
x3 = torch.mm(x1, x2)  # Matrix multiplication of x1 and x2, out shape: 2x3
x3 = x1.mm(x2)  # Similar as line above

# -- Matrix Exponentiation --
matrix_exp = torch.rand(5, 5)
print(
    matrix_exp.matrix_power(3)
)  # is same as matrix_exp (mm) matrix_exp (mm) matrix_exp

# -- Element wise Multiplication --
z = x * y  # z = [9, 16, 21] = [1*9, 2*8, 3*7]

# -- Dot product --
z = torch.dot(x, y)  # Dot product, in this case z = 1*9 + 2*8 + 3*7

# -- Batch Matrix Multiplication --
batch = 32
n = 10
m = 20
p = 30
tensor1 = torch.rand((batch, n, m))
tensor2 = torch.rand((batch, m, p))
out_bmm = torch.bmm(tensor1, tensor2)  # Will be shape: (b x n x p)

# -- Example of broadcasting --
x1 = torch.rand((5, 5))
x2 = torch.ones((1, 5))
z = (
    x1 - x2
)  # Shape of z is 5x5: How? The 1x5 vector (x2) is subtracted for each row in the 5x5 (x1)
z = (
    x1**x2
)  # Shape of z is 5x5: How? Broadcasting! Element wise exponentiation for every row

# Other useful tensor operations
sum_x = torch.sum(
    x, dim=0
)  # Sum of x across dim=0 (which is the only dim in our case), sum_x = 6
values, indices = torch.max(x, dim=0)  # Can also do x.max(dim=0)
values, indices = torch.min(x, dim=0)  # Can also do x.min(dim=0)
abs_x = torch.abs(x)  # Returns x where abs function has been applied to every element
z = torch.argmax(x, dim=0)  # Gets index of the maximum value
z = torch.argmin(x, dim=0)  # Gets index of the minimum value
mean_x = torch.mean(x.float(), dim=0)  # mean requires x to be float
z = torch.eq(x, y)  # Element wise comparison, in this case z = [False, False, False]
sorted_y, indices = torch.sort(y, dim=0, descending=False)

z = torch.clamp(x, min=0)

x = torch.tensor([1, 0, 1, 1, 1], dtype=torch.bool)  # True/False values
z = torch.any(x)  # will return True, can also do x.any() instead of torch.any(x)
z = torch.all(
    x
)  # will return False (since not all are True), can also do x.all() instead of torch.all()

batch_size = 10
features = 25
x = torch.rand((batch_size, features))

# Get first examples features
print(x[0].shape)  # shape [25], this is same as doing x[0,:]

# Get the first feature for all examples
print(x[:, 0].shape)  # shape [10]

# For example: Want to access third example in the batch and the first ten features
print(x[2, 0:10].shape)  # shape: [10]

# For example we can use this to, assign certain elements
x[0, 0] = 100
assigned = x

# Fancy Indexing
x = torch.arange(10)
indices = [2, 5, 8]
print(x[indices])  # x[indices] = [2, 5, 8]

x = torch.rand((3, 5))
rows = torch.tensor([1, 0])
cols = torch.tensor([4, 0])
print(x[rows, cols])  # Gets second row fifth column and first row first column

# More advanced indexing
x = torch.arange(10)
print(x[(x < 2) | (x > 8)])  # will be [0, 1, 9]
print(x[x.remainder(2) == 0])  # will be [0, 2, 4, 6, 8]

# Useful operations for indexing
print(
    torch.where(x > 5, x, x * 2)
)  # gives [0, 2, 4, 6, 8, 10, 6, 7, 8, 9], all values x > 5 yield x, else x*2
x = torch.tensor([0, 0, 1, 2, 2, 3, 4]).unique()  # x = [0, 1, 2, 3, 4]
print(
    x.ndimension()
)  # The number of dimensions, in this case 1. if x.shape is 5x5x5 ndim would be 3
x = torch.arange(10)
print(
    x.numel()
)  # The number of elements in x (in this case it's trivial because it's just a vector)

x = torch.arange(9)

# Let's say we want to reshape it to be 3x3
x_3x3 = x.view(3, 3)

x_3x3 = x.reshape(3, 3)

# If we for example do:
y = x_3x3.t()
print(
    y.is_contiguous()
)  # This will return False and if we try to use view now, it won't work!

print(y.contiguous().view(9))  # Calling .contiguous() before view and it works

# Moving on to another operation, let's say we want to add two tensors dimensions togethor
x1 = torch.rand(2, 5)
x2 = torch.rand(2, 5)
print(torch.cat((x1, x2), dim=0).shape)  # Shape: 4x5
print(torch.cat((x1, x2), dim=1).shape)  # Shape 2x10

# Let's say we want to unroll x1 into one long vector with 10 elements, we can do:
z = x1.view(-1)  # And -1 will unroll everything

# If we instead have an additional dimension and we wish to keep those as is we can do:
batch = 64
x = torch.rand((batch, 2, 5))
z = x.view(
    batch, -1
)  # And z.shape would be 64x10, this is very useful stuff and is used all the time

z = x.permute(0, 2, 1)

z = torch.chunk(x, chunks=2, dim=1)
print(z[0].shape)
print(z[1].shape)

# Let's say we want to add an additional dimension
x = torch.arange(
    10
)  # Shape is [10], let's say we want to add an additional so we have 1x10
print(x.unsqueeze(0).shape)  # 1x10
print(x.unsqueeze(1).shape)  # 10x1

# Let's say we have x which is 1x1x10 and we want to remove a dim so we have 1x10
x = torch.arange(10).unsqueeze(0).unsqueeze(1)

# Perhaps unsurprisingly
z = x.squeeze(1)  # can also do .squeeze(0) both returns 1x10
print(z.shape)

final = {"z1": z1, "t": t, "divided": divided, "x3": x3, "power": matrix_exp.matrix_power(3),
         "bmm": out_bmm, "linspace": linspace, "mean_x": mean_x, "sorted_y": sorted_y,
         "assigned": assigned}
'''

ALADDIN_INIT_WEIGHTS = r'''
# After aladdinpersson/Machine-Learning-Collection ML/Pytorch/Basics/pytorch_init_weights.py:
# a CNN (conv1 in->6 3x3 padding 1, MaxPool2d 2x2, conv2 6->16, fc1 16*7*7 -> num_classes)
# whose initialize_weights() walks self.modules(): nn.init.kaiming_uniform_ on Conv2d and
# Linear weights, nn.init.constant_ on their biases (and on a BatchNorm2d's weight and bias),
# every parameter then printed.  Changed: the model also run once on two random 3x28x28
# images (the source only builds it), its `import torch` added for that; the `__main__`
# guard reads the corpus's module name.
import torch
import torch.nn as nn  # All neural network modules, nn.Linear, nn.Conv2d, BatchNorm, Loss functions
import torch.nn.functional as F  # All functions that don't have any parameters


class CNN(nn.Module):
    def __init__(self, in_channels, num_classes):
        super(CNN, self).__init__()
        self.conv1 = nn.Conv2d(in_channels=in_channels, out_channels=6, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
        self.pool = nn.MaxPool2d(kernel_size=(2, 2), stride=(2, 2))
        self.conv2 = nn.Conv2d(in_channels=6, out_channels=16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
        self.fc1 = nn.Linear(16*7*7, num_classes)
        self.initialize_weights()

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = self.pool(x)
        x = F.relu(self.conv2(x))
        x = self.pool(x)
        x = x.reshape(x.shape[0], -1)
        x = self.fc1(x)

        return x

    def initialize_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_uniform_(m.weight)

                if m.bias is not None:
                    nn.init.constant_(m.bias, 0)

            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)

            elif isinstance(m, nn.Linear):
                nn.init.kaiming_uniform_(m.weight)
                nn.init.constant_(m.bias, 0)


if __name__ == '__corpus__':
    model = CNN(in_channels=3, num_classes=10)

    for param in model.parameters():
        print(param)

    scores = model(torch.randn(2, 3, 28, 28))
    print(scores)

final = {"conv1": model.conv1.weight, "conv2": model.conv2.weight, "fc1": model.fc1.weight,
         "scores": scores}
'''

ALADDIN_LR_SCHEDULER = r'''
# After aladdinpersson/Machine-Learning-Collection ML/Pytorch/Basics/pytorch_lr_ratescheduler.py:
# a very small feed-forward net (Linear(784, 50), ReLU, Linear(50, 10)) trained with Adam at
# lr 0.1 and torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.1, patience=5)
# stepped once an epoch with the epoch's mean loss, "Cost at epoch {epoch} is {mean_loss}"
# printed, then check_accuracy on the training loader ("Got ... / ... with accuracy ...").
# Changed: MNIST replaced by 256 random 1x28x28 images with random labels in a TensorDataset
# (batch_size 128, shuffle=True); 100 epochs cut to 15; verbose=True dropped (PyTorch 2.13's
# ReduceLROnPlateau takes no verbose) and the learning rate printed with each cost instead;
# check_accuracy's x reshaped to (N, 784) as the training loop's is (the source passes the
# 1x28x28 images to the Linear, which PyTorch refuses).
import torch
import torch.nn as nn  # All neural network modules, nn.Linear, nn.Conv2d, BatchNorm, Loss functions
import torch.optim as optim  # For all Optimization algorithms, SGD, Adam, etc.
from torch.utils.data import DataLoader, TensorDataset

# Set device
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')

# Hyperparameters
num_classes = 10
learning_rate = 0.1
batch_size = 128
num_epochs = 16

# Define a very simple model
model = nn.Sequential(nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10)).to(device)

# Load Data
train_dataset = TensorDataset(torch.rand(256, 1, 28, 28), torch.randint(0, 10, (256,)))
train_loader = DataLoader(dataset=train_dataset, batch_size=batch_size, shuffle=True)

# Loss and optimizer
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=learning_rate)

# Define Scheduler
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.1, patience=5)

# Train Network
for epoch in range(1, num_epochs):
    losses = []

    for batch_idx, (data, targets) in enumerate(train_loader):
        # Get data to cuda if possible
        data = data.reshape(data.shape[0], -1)
        data = data.to(device=device)
        targets = targets.to(device=device)

        # forward
        scores = model(data)
        loss = criterion(scores, targets)

        losses.append(loss.item())

        # backward
        loss.backward()

        # gradient descent or adam step
        # scheduler.step(loss)
        optimizer.step()
        optimizer.zero_grad()

    mean_loss = sum(losses)/len(losses)

    # After each epoch do scheduler.step, note in this scheduler we need to send
    # in loss for that epoch!
    scheduler.step(mean_loss)
    print(f'Cost at epoch {epoch} is {mean_loss} (lr {optimizer.param_groups[0]["lr"]})')


# Check accuracy on training & test to see how good our model
def check_accuracy(loader, model):
    num_correct = 0
    num_samples = 0
    model.eval()

    with torch.no_grad():
        for x, y in loader:
            x = x.to(device=device)
            y = y.to(device=device)
            x = x.reshape(x.shape[0], -1)

            scores = model(x)
            _, predictions = scores.max(1)
            num_correct += (predictions == y).sum()
            num_samples += predictions.size(0)

        print(f'Got {num_correct} / {num_samples} with accuracy {float(num_correct)/float(num_samples)*100:.2f}')

    model.train()


check_accuracy(train_loader, model)
print(scheduler.state_dict())

final = {"fc1": model[0].weight, "fc2": model[2].weight}
'''

ALADDIN_LENET5 = r'''
# After aladdinpersson/Machine-Learning-Collection ML/Pytorch/CNN_architectures/lenet5_pytorch.py
# (its 2022 revision): LeNet with ReLU, AvgPool2d(2, 2), conv1 1->6 5x5, conv2 6->16 5x5,
# conv3 16->120 5x5 (num_examples x 120 x 1 x 1, reshaped), linear1 120->84, linear2 84->10,
# and test_lenet() running it on torch.randn(64, 1, 32, 32) and printing the output's shape.
# Changed: the `__main__` guard reads the corpus's module name; the output kept in `final`.
import torch
import torch.nn as nn  # All neural network modules, nn.Linear, nn.Conv2d, BatchNorm, Loss functions


class LeNet(nn.Module):
    def __init__(self):
        super(LeNet, self).__init__()
        self.relu = nn.ReLU()
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv1 = nn.Conv2d(
            in_channels=1,
            out_channels=6,
            kernel_size=5,
            stride=1,
            padding=0,
        )
        self.conv2 = nn.Conv2d(
            in_channels=6,
            out_channels=16,
            kernel_size=5,
            stride=1,
            padding=0,
        )
        self.conv3 = nn.Conv2d(
            in_channels=16,
            out_channels=120,
            kernel_size=5,
            stride=1,
            padding=0,
        )
        self.linear1 = nn.Linear(120, 84)
        self.linear2 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.pool(x)
        x = self.relu(self.conv2(x))
        x = self.pool(x)
        x = self.relu(
            self.conv3(x)
        )  # num_examples x 120 x 1 x 1 --> num_examples x 120
        x = x.reshape(x.shape[0], -1)
        x = self.relu(self.linear1(x))
        x = self.linear2(x)
        return x


def test_lenet():
    x = torch.randn(64, 1, 32, 32)
    model = LeNet()
    return model(x)


if __name__ == "__corpus__":
    out = test_lenet()
    print(out.shape)

final = {"out": out}
'''

ALADDIN_RESNET = r'''
# After aladdinpersson/Machine-Learning-Collection ML/Pytorch/CNN_architectures/pytorch_resnet.py:
# the bottleneck `block` (1x1, 3x3 with the stride, 1x1 to 4x the channels, each with
# BatchNorm2d, bias=False; identity = x.clone(), an identity_downsample where the shape
# changes, x += identity, ReLU), ResNet (7x7 stride-2 conv, BatchNorm, ReLU, 3x3 max pool,
# _make_layer for 64/128/256/512 intermediate channels, AdaptiveAvgPool2d((1, 1)), fc 2048 ->
# num_classes) and ResNet50/101/152, test() printing the output's size.  Changed: test() runs
# ResNet50 with 10 classes on 2 random 3x64x64 images instead of ResNet101 on 4x3x224x224 (and
# without .to("cuda")); the stored version's `x = self.softmax(1)` at the end of forward (which
# fails in PyTorch too: Softmax called on an int) left out with its nn.Softmax.
import torch
import torch.nn as nn


class block(nn.Module):
    def __init__(
        self, in_channels, intermediate_channels, identity_downsample=None, stride=1
    ):
        super(block, self).__init__()
        self.expansion = 4
        self.conv1 = nn.Conv2d(
            in_channels, intermediate_channels, kernel_size=1, stride=1, padding=0, bias=False
        )
        self.bn1 = nn.BatchNorm2d(intermediate_channels)
        self.conv2 = nn.Conv2d(
            intermediate_channels,
            intermediate_channels,
            kernel_size=3,
            stride=stride,
            padding=1,
            bias=False
        )
        self.bn2 = nn.BatchNorm2d(intermediate_channels)
        self.conv3 = nn.Conv2d(
            intermediate_channels,
            intermediate_channels * self.expansion,
            kernel_size=1,
            stride=1,
            padding=0,
            bias=False
        )
        self.bn3 = nn.BatchNorm2d(intermediate_channels * self.expansion)
        self.relu = nn.ReLU()
        self.identity_downsample = identity_downsample
        self.stride = stride

    def forward(self, x):
        identity = x.clone()

        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.conv2(x)
        x = self.bn2(x)
        x = self.relu(x)
        x = self.conv3(x)
        x = self.bn3(x)

        if self.identity_downsample is not None:
            identity = self.identity_downsample(identity)

        x += identity
        x = self.relu(x)
        return x


class ResNet(nn.Module):
    def __init__(self, block, layers, image_channels, num_classes):
        super(ResNet, self).__init__()
        self.in_channels = 64
        self.conv1 = nn.Conv2d(image_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)

        # Essentially the entire ResNet architecture are in these 4 lines below
        self.layer1 = self._make_layer(
            block, layers[0], intermediate_channels=64, stride=1
        )
        self.layer2 = self._make_layer(
            block, layers[1], intermediate_channels=128, stride=2
        )
        self.layer3 = self._make_layer(
            block, layers[2], intermediate_channels=256, stride=2
        )
        self.layer4 = self._make_layer(
            block, layers[3], intermediate_channels=512, stride=2
        )

        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * 4, num_classes)

    def forward(self, x):
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)

        x = self.avgpool(x)
        x = x.reshape(x.shape[0], -1)
        x = self.fc(x)
        return x

    def _make_layer(self, block, num_residual_blocks, intermediate_channels, stride):
        identity_downsample = None
        layers = []

        if stride != 1 or self.in_channels != intermediate_channels * 4:
            identity_downsample = nn.Sequential(
                nn.Conv2d(
                    self.in_channels,
                    intermediate_channels * 4,
                    kernel_size=1,
                    stride=stride,
                    bias=False
                ),
                nn.BatchNorm2d(intermediate_channels * 4),
            )

        layers.append(
            block(self.in_channels, intermediate_channels, identity_downsample, stride)
        )

        # The expansion size is always 4 for ResNet 50,101,152
        self.in_channels = intermediate_channels * 4

        for i in range(num_residual_blocks - 1):
            layers.append(block(self.in_channels, intermediate_channels))

        return nn.Sequential(*layers)


def ResNet50(img_channel=3, num_classes=1000):
    return ResNet(block, [3, 4, 6, 3], img_channel, num_classes)


def ResNet101(img_channel=3, num_classes=1000):
    return ResNet(block, [3, 4, 23, 3], img_channel, num_classes)


def ResNet152(img_channel=3, num_classes=1000):
    return ResNet(block, [3, 8, 36, 3], img_channel, num_classes)


def test():
    net = ResNet50(img_channel=3, num_classes=10)
    y = net(torch.randn(2, 3, 64, 64))
    print(y.size())
    return y


y = test()
final = {"y": y}
'''
