"""Programs in the style of the PyTorch tutorials' nn, optim and quickstart pages, a popular
open textbook's linear-regression chapters and a book appendix on PyTorch (written for
gradviz's corpus; not copies; dataset downloads replaced by random tensors of a similar shape)."""

# "Learning PyTorch with examples", nn: Sequential, a loss module, updates by hand.
TWO_LAYER_NN = '''
import torch

N, D_in, H, D_out = 16, 40, 20, 5
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
model = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
)
loss_fn = torch.nn.MSELoss(reduction='sum')
learning_rate = 1e-4
for t in range(50):
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad
final = {"loss": loss, "w0": model[0].weight, "b2": model[2].bias}
'''

# The same with torch.optim.Adam.
TWO_LAYER_OPTIM = '''
import torch

N, D_in, H, D_out = 16, 40, 20, 5
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
model = torch.nn.Sequential(
    torch.nn.Linear(D_in, H),
    torch.nn.ReLU(),
    torch.nn.Linear(H, D_out),
)
loss_fn = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for t in range(50):
    y_pred = model(x)
    loss = loss_fn(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
final = {"loss": loss, "w0": model[0].weight, "w2": model[2].weight}
'''

# The same as a custom Module, trained with SGD and momentum.
TWO_LAYER_MODULE = '''
import torch


class TwoLayerNet(torch.nn.Module):
    def __init__(self, D_in, H, D_out):
        super(TwoLayerNet, self).__init__()
        self.linear1 = torch.nn.Linear(D_in, H)
        self.linear2 = torch.nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        y_pred = self.linear2(h_relu)
        return y_pred


N, D_in, H, D_out = 16, 40, 20, 5
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
model = TwoLayerNet(D_in, H, D_out)
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
for t in range(50):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
final = {"loss": loss, "w1": model.linear1.weight, "b2": model.linear2.bias}
'''

# The quickstart page: a classifier with Flatten, CrossEntropyLoss, train and test loops.
QUICKSTART_CLASSIFIER = '''
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

images = torch.rand(48, 1, 6, 6)
labels = torch.randint(0, 4, (48,))
train_dataloader = DataLoader(TensorDataset(images[:32], labels[:32]), batch_size=8)
test_dataloader = DataLoader(TensorDataset(images[32:], labels[32:]), batch_size=8)
for X, y in test_dataloader:
    print(f"Shape of X [N, C, H, W]: {X.shape}")
    print(f"Shape of y: {y.shape} {y.dtype}")
    break
device = "cpu"


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(6 * 6, 16),
            nn.ReLU(),
            nn.Linear(16, 16),
            nn.ReLU(),
            nn.Linear(16, 4)
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork().to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-1)


def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if batch % 2 == 0:
            loss, current = loss.item(), (batch + 1) * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \\n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \\n")
    return test_loss


for t in range(3):
    print(f"Epoch {t+1}\\n-------------------------------")
    train(train_dataloader, model, loss_fn, optimizer)
    last = test(test_dataloader, model, loss_fn)
final = {"test_loss": last, "w": model.linear_relu_stack[0].weight}
'''

# The open textbook's linear regression from scratch: synthetic data, minibatches, sgd.
LINREG_SCRATCH = '''
import random
import torch


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 200)
print('features:', features[0], '\\nlabel:', labels[0])


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr = 0.03
num_epochs = 3
batch_size = 10
for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = squared_loss(linreg(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = squared_loss(linreg(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')
print(f'error in estimating w: {true_w - w.reshape(true_w.shape)}')
print(f'error in estimating b: {true_b - b}')
final = {"w": w, "b": b, "loss": train_l.mean()}
'''

# The textbook's concise version: TensorDataset, DataLoader, nn.Sequential, MSELoss, SGD.
LINREG_CONCISE = '''
import torch
from torch.utils import data
from torch import nn

true_w = torch.tensor([2, -3.4])
true_b = 4.2
X = torch.normal(0, 1, (200, 2))
y = (torch.matmul(X, true_w) + true_b).reshape((-1, 1))


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


data_iter = load_array((X, y), 10)
print(next(iter(data_iter))[0].shape)
net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
for epoch in range(3):
    for Xb, yb in data_iter:
        l = loss(net(Xb), yb)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(X), y)
    print(f'epoch {epoch + 1}, loss {l:f}')
w = net[0].weight.data
print('error in estimating w:', true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print('error in estimating b:', true_b - b)
final = {"w": w, "b": b, "loss": l}
'''

# A book appendix on PyTorch: logistic regression by hand with autograd.grad, then a small
# multilayer network, its parameter count and softmax outputs.
APPENDIX_LOGISTIC = '''
import torch
import torch.nn.functional as F
from torch.autograd import grad

y = torch.tensor([1.0])
x1 = torch.tensor([1.1])
w1 = torch.tensor([2.2], requires_grad=True)
b = torch.tensor([0.0], requires_grad=True)
z = x1 * w1 + b
a = torch.sigmoid(z)
loss = F.binary_cross_entropy(a, y)
grad_L_w1 = grad(loss, w1, retain_graph=True)
grad_L_b = grad(loss, b, retain_graph=True)
print(grad_L_w1)
print(grad_L_b)
loss.backward()
print(w1.grad)
print(b.grad)


class NeuralNetwork(torch.nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(num_inputs, 30),
            torch.nn.ReLU(),
            torch.nn.Linear(30, 20),
            torch.nn.ReLU(),
            torch.nn.Linear(20, num_outputs),
        )

    def forward(self, x):
        logits = self.layers(x)
        return logits


torch.manual_seed(123)
model = NeuralNetwork(50, 3)
print(model.layers[0].weight.shape)
num_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print("Total number of trainable model parameters:", num_params)
X = torch.rand((1, 50))
with torch.no_grad():
    out = torch.softmax(model(X), dim=1)
print(out)
torch.set_printoptions(sci_mode=False)
print(out)
torch.set_printoptions(profile="default", sci_mode=None)
final = {"out": out, "w1.grad": w1.grad, "b.grad": b.grad}
'''

# The optimization page: hyperparameters, train and test loops, a shuffling DataLoader with
# its own Generator.
OPTIMIZATION_LOOPS = '''
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

learning_rate = 1e-2
batch_size = 8
epochs = 2
features = torch.randn(40, 10)
targets = torch.randint(0, 3, (40,))
g = torch.Generator().manual_seed(0)
train_dataloader = DataLoader(TensorDataset(features[:32], targets[:32]),
                              batch_size=batch_size, shuffle=True, generator=g)
test_dataloader = DataLoader(TensorDataset(features[32:], targets[32:]), batch_size=batch_size)
model = nn.Sequential(nn.Linear(10, 12), nn.Tanh(), nn.Linear(12, 3))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=0.5)


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss, current = loss.item(), batch * batch_size + len(X)
        print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    model.eval()
    num_batches = len(dataloader)
    test_loss = 0
    with torch.no_grad():
        for X, y in dataloader:
            test_loss += loss_fn(model(X), y).item()
    test_loss /= num_batches
    print(f"Avg loss: {test_loss:>8f}")
    return test_loss


for t in range(epochs):
    print(f"Epoch {t+1}\\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    last = test_loop(test_dataloader, model, loss_fn)
print("Done!")
final = {"test_loss": last, "w": model[0].weight, "b": model[2].bias}
'''

# Older tutorials, from the Variable era: Variable, FloatTensor, .type(), in-place reshaping,
# a linear fit printed with format specs.
VARIABLE_ERA_REGRESSION = '''
import torch
import torch.nn as nn
from torch.autograd import Variable

x_data = Variable(torch.Tensor([1.0, 2.0, 3.0]))
y_data = Variable(torch.FloatTensor([2.0, 4.0, 6.0]))
x_data.unsqueeze_(1)
y_data.unsqueeze_(1)
print(x_data.type(), x_data.shape)


class Model(nn.Module):
    def __init__(self):
        super(Model, self).__init__()
        self.linear = nn.Linear(1, 1)

    def forward(self, x):
        y_pred = self.linear(x)
        return y_pred


model = Model()
criterion = nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(30):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    if epoch % 10 == 0:
        print(epoch, f"{loss:.4f}")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
hour_var = Variable(torch.Tensor([[4.0]]))
print("predict (after training)", 4, f"{model(hour_var).item():.4f}")
counts = torch.LongTensor([3, 1, 3, 2])
print(torch.unique(counts, return_counts=True))
angles = torch.Tensor([0.0, 0.5, 1.0]).type(torch.float64)
print(angles.asin(), angles.acos(), angles.atan())
print(torch.mv(torch.eye(3, dtype=torch.float64), angles))
final = {"loss": loss, "w": model.linear.weight, "b": model.linear.bias}
'''
