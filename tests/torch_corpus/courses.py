"""Programs in the style of public university courses' and books' PyTorch material (written for
gradviz's corpus after the named sources; not copies; datasets replaced by random tensors of
the same shape): Stanford CS231n's barebones PyTorch parts, CS224n's word-window classifier,
fast.ai's matmul-from-the-foundations lessons, Raschka's softmax and logistic regression
notebooks, the makemore backprop-ninja exercise and a nanoGPT block."""

CS231N_BAREBONES = r'''
# After Stanford CS231n assignment2 PyTorch.ipynb (Parts II-IV: barebones two-layer FC net and
# three-layer convnet with random_weight/zero_weight and manual SGD, then nn.Module with
# nn.init.kaiming_normal_, then nn.Sequential); CIFAR-10 replaced by random images.
import torch
import torch.nn as nn
import torch.optim as optim
import torch.nn.functional as F
import numpy as np

dtype = torch.float32
device = torch.device('cpu')


def flatten(x):
    N = x.shape[0]
    return x.view(N, -1)


def two_layer_fc(x, params):
    x = flatten(x)
    w1, w2 = params
    x = F.relu(x.mm(w1))
    x = x.mm(w2)
    return x


def three_layer_convnet(x, params):
    conv_w1, conv_b1, conv_w2, conv_b2, fc_w, fc_b = params
    x = F.relu(F.conv2d(x, conv_w1, conv_b1, padding=2))
    x = F.relu(F.conv2d(x, conv_w2, conv_b2, padding=1))
    scores = flatten(x).mm(fc_w) + fc_b
    return scores


def random_weight(shape):
    if len(shape) == 2:
        fan_in = shape[0]
    else:
        fan_in = np.prod(shape[1:])
    w = torch.randn(shape, device=device, dtype=dtype) * np.sqrt(2. / fan_in)
    w.requires_grad = True
    return w


def zero_weight(shape):
    return torch.zeros(shape, device=device, dtype=dtype, requires_grad=True)


x = torch.zeros((64, 50), dtype=dtype)
w1 = torch.zeros((50, 42), dtype=dtype)
w2 = torch.zeros((42, 10), dtype=dtype)
print(two_layer_fc(x, [w1, w2]).size())
x = torch.zeros((64, 3, 32, 32), dtype=dtype)
params = [torch.zeros((6, 3, 5, 5)), torch.zeros((6,)), torch.zeros((9, 6, 3, 3)), torch.zeros((9,)),
          torch.zeros((9 * 32 * 32, 10)), torch.zeros((10,))]
print(three_layer_convnet(x, params).size())

X = torch.randn(16, 3, 8, 8)
y = torch.randint(0, 10, (16,))


def train_part2(model_fn, params, learning_rate):
    for t in range(4):
        scores = model_fn(X, params)
        loss = F.cross_entropy(scores, y)
        loss.backward()
        with torch.no_grad():
            for w in params:
                w -= learning_rate * w.grad
                w.grad.zero_()
        print('Iteration %d, loss = %.4f' % (t, loss.item()))
    _, preds = scores.max(1)
    num_correct = (preds == y).sum()
    print('Got %d / %d correct (%.2f%%)' % (num_correct, preds.size(0), 100 * float(num_correct) / preds.size(0)))


w1 = random_weight((3 * 8 * 8, 20))
w2 = random_weight((20, 10))
train_part2(two_layer_fc, [w1, w2], 1e-2)
conv_w1 = random_weight((4, 3, 5, 5))
conv_b1 = zero_weight((4,))
conv_w2 = random_weight((6, 4, 3, 3))
conv_b2 = zero_weight((6,))
fc_w = random_weight((6 * 8 * 8, 10))
fc_b = zero_weight(10)
train_part2(three_layer_convnet, [conv_w1, conv_b1, conv_w2, conv_b2, fc_w, fc_b], 3e-3)


class ThreeLayerConvNet(nn.Module):
    def __init__(self, in_channel, channel_1, channel_2, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channel, channel_1, 5, padding=2, bias=True)
        nn.init.kaiming_normal_(self.conv1.weight)
        nn.init.constant_(self.conv1.bias, 0)
        self.conv2 = nn.Conv2d(channel_1, channel_2, 3, padding=1, bias=True)
        nn.init.kaiming_normal_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)
        self.fc = nn.Linear(channel_2 * 8 * 8, num_classes)
        nn.init.kaiming_normal_(self.fc.weight)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        return self.fc(flatten(x))


def train_part34(model, optimizer, epochs=1):
    model = model.to(device=device)
    for e in range(epochs):
        for t in range(3):
            model.train()
            scores = model(X)
            loss = F.cross_entropy(scores, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            print('Iteration %d, loss = %.4f' % (t, loss.item()))
    return loss


model = ThreeLayerConvNet(3, 4, 6, 10)
optimizer = optim.SGD(model.parameters(), lr=3e-3)
train_part34(model, optimizer)


class Flatten(nn.Module):
    def forward(self, x):
        return flatten(x)


model = nn.Sequential(
    nn.Conv2d(3, 4, 5, padding=2), nn.ReLU(),
    nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(),
    Flatten(), nn.Linear(6 * 8 * 8, 10),
)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9, nesterov=True)
last = train_part34(model, optimizer)
final = {"loss": last, "fc_w": fc_w, "w": model[0].weight}
'''

CS224N_WORD_WINDOW = r'''
# After the Stanford CS224n PyTorch tutorial notebook (CS224N_PyTorch_Tutorial.ipynb, 2021-23):
# a word-window classifier ("is the centre word a location?") with a padded batch built by a
# custom collate_fn and pad_sequence, windows from Tensor.unfold, nn.Embedding with padding_idx,
# BCELoss on a sigmoid output, a manual training loop with SGD.
import torch
import torch.nn as nn
from functools import partial

corpus = ["We always come to Paris",
          "The professor is from Australia",
          "I live in Stanford",
          "He comes from Taiwan",
          "The capital of Turkey is Ankara"]


def preprocess_sentence(sentence):
    return sentence.lower().split()


train_sentences = [preprocess_sentence(sent) for sent in corpus]
locations = set(["australia", "ankara", "paris", "stanford", "taiwan", "turkey"])
train_labels = [[1 if word in locations else 0 for word in sent] for sent in train_sentences]
vocabulary = set(w for s in train_sentences for w in s)
vocabulary.add("<unk>")
vocabulary.add("<pad>")


def pad_window(sentence, window_size, pad_token="<pad>"):
    window = [pad_token] * window_size
    return window + sentence + window


ix_to_word = sorted(list(vocabulary))
word_to_ix = {word: ind for ind, word in enumerate(ix_to_word)}


def convert_token_to_indices(sentence, word_to_ix):
    return [word_to_ix.get(token, word_to_ix["<unk>"]) for token in sentence]


def custom_collate_fn(batch, window_size, word_to_ix):
    x, y = zip(*batch)
    x = [pad_window(s, window_size=window_size) for s in x]
    x = [convert_token_to_indices(s, word_to_ix) for s in x]
    pad_token_ix = word_to_ix["<pad>"]
    x = [torch.LongTensor(x_i) for x_i in x]
    x_padded = nn.utils.rnn.pad_sequence(x, batch_first=True, padding_value=pad_token_ix)
    lengths = [len(label) for label in y]
    lengths = torch.LongTensor(lengths)
    y = [torch.LongTensor(y_i) for y_i in y]
    y_padded = nn.utils.rnn.pad_sequence(y, batch_first=True, padding_value=0)
    return x_padded, y_padded, lengths


data = list(zip(train_sentences, train_labels))
batch_size = 2
window_size = 2
collate_fn = partial(custom_collate_fn, window_size=window_size, word_to_ix=word_to_ix)
loader = torch.utils.data.DataLoader(data, batch_size=batch_size, shuffle=False, collate_fn=collate_fn)
for counter, (batched_x, batched_y, batched_lengths) in enumerate(loader):
    print(f"Iteration {counter}")
    print("Batched Input:")
    print(batched_x)
    print("Batched Labels:")
    print(batched_y)
    print("Batched Lengths:")
    print(batched_lengths)
    print("")
print(f"Original Tensor: ")
print(batched_x)
print("")
chunk = batched_x.unfold(1, window_size * 2 + 1, 1)
print(f"Windows: ")
print(chunk)


class WordWindowClassifier(nn.Module):
    def __init__(self, hyperparameters, vocab_size, pad_ix=0):
        super(WordWindowClassifier, self).__init__()
        self.window_size = hyperparameters["window_size"]
        self.embed_dim = hyperparameters["embed_dim"]
        self.hidden_dim = hyperparameters["hidden_dim"]
        self.freeze_embeddings = hyperparameters["freeze_embeddings"]
        self.embeds = nn.Embedding(vocab_size, self.embed_dim, padding_idx=pad_ix)
        if self.freeze_embeddings:
            self.embed_layer.weight.requires_grad = False
        full_window_size = 2 * window_size + 1
        self.hidden_layer = nn.Sequential(nn.Linear(full_window_size * self.embed_dim, self.hidden_dim), nn.Tanh())
        self.output_layer = nn.Linear(self.hidden_dim, 1)
        self.probabilities = nn.Sigmoid()

    def forward(self, inputs):
        B, L = inputs.size()
        token_windows = inputs.unfold(1, 2 * self.window_size + 1, 1)
        _, adjusted_length, _ = token_windows.size()
        assert token_windows.size() == (B, adjusted_length, 2 * self.window_size + 1)
        embedded_windows = self.embeds(token_windows)
        embedded_windows = embedded_windows.view(B, adjusted_length, -1)
        layer_1 = self.hidden_layer(embedded_windows)
        output = self.output_layer(layer_1)
        output = self.probabilities(output)
        output = output.view(B, -1)
        return output


model_hyperparameters = {"batch_size": 4, "window_size": 2, "embed_dim": 25, "hidden_dim": 25,
                         "freeze_embeddings": False}
vocab_size = len(word_to_ix)
model = WordWindowClassifier(model_hyperparameters, vocab_size)
learning_rate = 0.01
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


def loss_function(batch_outputs, batch_labels, batch_lengths):
    bceloss = nn.BCELoss()
    loss = bceloss(batch_outputs, batch_labels.float())
    loss = loss / batch_lengths.sum().float()
    return loss


def train_epoch(loss_function, optimizer, model, loader):
    total_loss = 0
    for batch_inputs, batch_labels, batch_lengths in loader:
        optimizer.zero_grad()
        outputs = model.forward(batch_inputs)
        loss = loss_function(outputs, batch_labels, batch_lengths)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    return total_loss


for epoch in range(5):
    epoch_loss = train_epoch(loss_function, optimizer, model, loader)
    print(epoch, epoch_loss)
test_corpus = ["She comes from Paris"]
test_sentences = [s.lower().split() for s in test_corpus]
test_labels = [[0, 0, 0, 1]]
test_data = list(zip(test_sentences, test_labels))
test_loader = torch.utils.data.DataLoader(test_data, batch_size=1, shuffle=False, collate_fn=collate_fn)
for test_instance, labels, _ in test_loader:
    outputs = model.forward(test_instance)
    print(labels)
    print(outputs)
final = {"out": outputs, "emb": model.embeds.weight}
'''

FASTAI_FOUNDATIONS = r'''
# After fastai course-v3 part 2 nbs/dl2/01_matmul.ipynb and 02_fully_connected.ipynb ("Deep
# Learning from the Foundations" lesson 8): matmul by loops, broadcasting and einsum; a two-layer
# net's forward and hand-written backward pass (.g attributes), checked against autograd; then
# the refactor into Module classes. MNIST replaced by random pixels.
import math
import torch
from torch import tensor


def test_near(a, b):
    assert torch.allclose(a, b, rtol=1e-3, atol=1e-5), f"near:\n{a}\n{b}"


def matmul(a, b):
    ar, ac = a.shape
    br, bc = b.shape
    assert ac == br
    c = torch.zeros(ar, bc)
    for i in range(ar):
        c[i] = (a[i].unsqueeze(-1) * b).sum(dim=0)
    return c


def matmul_einsum(a, b):
    return torch.einsum('ik,kj->ij', a, b)


m1 = torch.randn(5, 784)
m2 = torch.randn(784, 10)
t1 = matmul(m1, m2)
test_near(t1, matmul_einsum(m1, m2))
test_near(t1, m1 @ m2)
print(t1.shape)
c = tensor([10., 20, 30])
m = tensor([[1., 2, 3], [4, 5, 6], [7, 8, 9]])
print(m + c, c[:, None] * m, c.expand_as(m))
print(c.unsqueeze(0).shape, c[None, :].shape, c[..., None].shape)

x_train = torch.rand(200, 784)
y_train = torch.randint(0, 10, (200,)).float()
x_valid = torch.rand(50, 784)


def normalize(x, m, s): return (x - m) / s


train_mean, train_std = x_train.mean(), x_train.std()
x_train = normalize(x_train, train_mean, train_std)
x_valid = normalize(x_valid, train_mean, train_std)
print(x_train.mean(), x_train.std())
n, m = x_train.shape
c = int(y_train.max() + 1)
nh = 50
w1 = torch.randn(m, nh) * math.sqrt(2 / m)
b1 = torch.zeros(nh)
w2 = torch.randn(nh, 1) / math.sqrt(nh)
b2 = torch.zeros(1)


def lin(x, w, b): return x @ w + b


def relu(x): return x.clamp_min(0.) - 0.5


t = relu(lin(x_valid, w1, b1))
print(t.mean(), t.std())


def model(xb):
    l1 = lin(xb, w1, b1)
    l2 = relu(l1)
    return lin(l2, w2, b2)


def mse(output, targ): return (output.squeeze(-1) - targ).pow(2).mean()


preds = model(x_train)
print(preds.shape, mse(preds, y_train))


def mse_grad(inp, targ):
    inp.g = 2. * (inp.squeeze() - targ).unsqueeze(-1) / inp.shape[0]


def relu_grad(inp, out):
    inp.g = (inp > 0).float() * out.g


def lin_grad(inp, out, w, b):
    inp.g = out.g @ w.t()
    w.g = (inp.unsqueeze(-1) * out.g.unsqueeze(1)).sum(0)
    b.g = out.g.sum(0)


def forward_and_backward(inp, targ):
    l1 = inp @ w1 + b1
    l2 = relu(l1)
    out = l2 @ w2 + b2
    loss = mse(out, targ)
    mse_grad(out, targ)
    lin_grad(l2, out, w2, b2)
    relu_grad(l1, l2)
    lin_grad(inp, l1, w1, b1)


forward_and_backward(x_train, y_train)
w1g, b1g, w2g, b2g, ig = w1.g.clone(), b1.g.clone(), w2.g.clone(), b2.g.clone(), x_train.g.clone()
xt2 = x_train.clone().requires_grad_(True)
w12 = w1.clone().requires_grad_(True)
w22 = w2.clone().requires_grad_(True)
b12 = b1.clone().requires_grad_(True)
b22 = b2.clone().requires_grad_(True)


def forward(inp, targ):
    l1 = inp @ w12 + b12
    l2 = relu(l1)
    out = l2 @ w22 + b22
    return mse(out, targ)


loss = forward(xt2, y_train)
loss.backward()
test_near(w22.grad, w2g)
test_near(b22.grad, b2g)
test_near(w12.grad, w1g)
test_near(b12.grad, b1g)
test_near(xt2.grad, ig)
print(loss, w22.grad[:3].flatten())


class Module():
    def __call__(self, *args):
        self.args = args
        self.out = self.forward(*args)
        return self.out

    def forward(self): raise Exception('not implemented')
    def backward(self): self.bwd(self.out, *self.args)


class Relu(Module):
    def forward(self, inp): return inp.clamp_min(0.) - 0.5
    def bwd(self, out, inp): inp.g = (inp > 0).float() * out.g


class Lin(Module):
    def __init__(self, w, b): self.w, self.b = w, b
    def forward(self, inp): return inp @ self.w + self.b

    def bwd(self, out, inp):
        inp.g = out.g @ self.w.t()
        self.w.g = torch.einsum("bi,bj->ij", inp, out.g)
        self.b.g = out.g.sum(0)


class Mse(Module):
    def forward(self, inp, targ): return (inp.squeeze() - targ).pow(2).mean()
    def bwd(self, out, inp, targ): inp.g = 2 * (inp.squeeze() - targ).unsqueeze(-1) / targ.shape[0]


class Model():
    def __init__(self):
        self.layers = [Lin(w1, b1), Relu(), Lin(w2, b2)]
        self.loss = Mse()

    def __call__(self, x, targ):
        for l in self.layers: x = l(x)
        return self.loss(x, targ)

    def backward(self):
        self.loss.backward()
        for l in reversed(self.layers): l.backward()


w1.g, b1.g, w2.g, b2.g = [None] * 4
model = Model()
loss = model(x_train, y_train)
model.backward()
test_near(w2g, w2.g)
test_near(b2g, b2.g)
test_near(w1g, w1.g)
test_near(ig, x_train.g)
print(loss, w1.g.abs().sum())
final = {"loss": loss, "w1g": w1.g, "w12grad": w12.grad}
'''

RASBT_SOFTMAX_REGRESSION = r'''
# After rasbt/deeplearning-models pytorch_ipynb/basic-ml/softmax-regression.ipynb (Sebastian
# Raschka): nn.Linear with weights zeroed in place, softmax probabilities, cross-entropy,
# accuracy from torch.max; MNIST replaced by random pixels in a DataLoader.
import time
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

device = torch.device("cpu")
random_seed = 123
learning_rate = 0.1
num_epochs = 3
batch_size = 32
num_features = 64
num_classes = 10
X = torch.rand(96, 8, 8)
Y = torch.randint(0, num_classes, (96,))
train_loader = DataLoader(dataset=TensorDataset(X, Y), batch_size=batch_size, shuffle=False)
for images, labels in train_loader:
    print('Image batch dimensions:', images.shape)
    print('Image label dimensions:', labels.shape)
    break


class SoftmaxRegression(torch.nn.Module):
    def __init__(self, num_features, num_classes):
        super(SoftmaxRegression, self).__init__()
        self.linear = torch.nn.Linear(num_features, num_classes)
        self.linear.weight.detach().zero_()
        self.linear.bias.detach().zero_()

    def forward(self, x):
        logits = self.linear(x)
        probas = F.softmax(logits, dim=1)
        return logits, probas


model = SoftmaxRegression(num_features=num_features, num_classes=num_classes)
model.to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
torch.manual_seed(random_seed)


def compute_accuracy(model, data_loader):
    correct_pred, num_examples = 0, 0
    for features, targets in data_loader:
        features = features.view(-1, 28 * 28 // 28 // 28 * 64).to(device)
        targets = targets.to(device)
        logits, probas = model(features)
        _, predicted_labels = torch.max(probas, 1)
        num_examples += targets.size(0)
        correct_pred += (predicted_labels == targets).sum()
    return correct_pred.float() / num_examples * 100


for epoch in range(num_epochs):
    for batch_idx, (features, targets) in enumerate(train_loader):
        features = features.view(-1, 64).to(device)
        targets = targets.to(device)
        logits, probas = model(features)
        cost = F.cross_entropy(logits, targets)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        if not batch_idx % 2:
            print('Epoch: %03d/%03d | Batch %03d/%03d | Cost: %.4f'
                  % (epoch + 1, num_epochs, batch_idx, len(X) // batch_size, cost))
    with torch.set_grad_enabled(False):
        print('Epoch: %03d/%03d training accuracy: %.2f%%' % (
            epoch + 1, num_epochs, compute_accuracy(model, train_loader)))
final = {"w": model.linear.weight, "cost": cost}
'''

RASBT_LOGREG_MANUAL = r'''
# After Sebastian Raschka's STAT 453 (Intro to Deep Learning) L08 logistic regression code
# (rasbt/stat453-deep-learning-ss21 L08/code/logistic-regression.ipynb): a LogisticRegression1
# class with hand-derived gradients via torch.mm, then LogisticRegression2 on nn.Linear with
# autograd and F.binary_cross_entropy; a toy 2-D data set (random here, as in the notebook's
# toydata.txt shape).
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.RandomState(123)
data = np.vstack([rng.normal(loc=[-1, -1], scale=1.0, size=(50, 2)), rng.normal(loc=[1.5, 1.5], scale=1.0, size=(50, 2))])
y = np.array([0] * 50 + [1] * 50)
idx = np.arange(y.shape[0])
rng.shuffle(idx)
X_test, y_test = data[idx[:25]], y[idx[:25]]
X_train, y_train = data[idx[25:]], y[idx[25:]]
mu, std = np.mean(X_train, axis=0), np.std(X_train, axis=0)
X_train, X_test = (X_train - mu) / std, (X_test - mu) / std
device = torch.device("cpu")


class LogisticRegression1():
    def __init__(self, num_features):
        self.num_features = num_features
        self.weights = torch.zeros(1, num_features, dtype=torch.float32, device=device)
        self.bias = torch.zeros(1, dtype=torch.float32, device=device)

    def forward(self, x):
        linear = torch.add(torch.mm(x, self.weights.t()), self.bias).view(-1)
        probas = self._sigmoid(linear)
        return probas

    def backward(self, x, y, probas):
        grad_loss_wrt_z = probas.view(-1, 1) - y.view(-1, 1)
        grad_loss_wrt_w = torch.mm(x.t(), grad_loss_wrt_z).t()
        grad_loss_wrt_b = torch.sum(grad_loss_wrt_z)
        return grad_loss_wrt_w, grad_loss_wrt_b

    def predict_labels(self, x):
        probas = self.forward(x)
        labels = torch.where(probas >= .5, 1, 0)
        return labels

    def evaluate(self, x, y):
        labels = self.predict_labels(x).float()
        accuracy = torch.sum(labels.view(-1) == y.float()).item() / y.size(0)
        return accuracy

    def _sigmoid(self, z):
        return 1. / (1. + torch.exp(-z))

    def _logit_cost(self, y, proba):
        tmp1 = torch.mm(-y.view(1, -1), torch.log(proba.view(-1, 1)))
        tmp2 = torch.mm((1 - y).view(1, -1), torch.log(1 - proba.view(-1, 1)))
        return tmp1 - tmp2

    def train(self, x, y, num_epochs, learning_rate=0.01):
        epoch_cost = []
        for e in range(num_epochs):
            probas = self.forward(x)
            grad_w, grad_b = self.backward(x, y, probas)
            self.weights -= learning_rate * grad_w
            self.bias -= learning_rate * grad_b
            cost = self._logit_cost(y, self.forward(x)) / x.size(0)
            print('Epoch: %03d' % (e + 1), end="")
            print(' | Train ACC: %.3f' % self.evaluate(x, y), end="")
            print(' | Cost: %.3f' % cost)
            epoch_cost.append(cost)
        return epoch_cost


X_train_tensor = torch.tensor(X_train, dtype=torch.float32, device=device)
y_train_tensor = torch.tensor(y_train, dtype=torch.float32, device=device)
model1 = LogisticRegression1(num_features=2)
epoch_cost = model1.train(X_train_tensor, y_train_tensor, num_epochs=5, learning_rate=0.1)
print('\nModel parameters:')
print('  Weights: %s' % model1.weights)
print('  Bias: %s' % model1.bias)
X_test_tensor = torch.tensor(X_test, dtype=torch.float32, device=device)
y_test_tensor = torch.tensor(y_test, dtype=torch.float32, device=device)
test_acc = model1.evaluate(X_test_tensor, y_test_tensor)
print('Test set accuracy: %.2f%%' % (test_acc * 100))


class LogisticRegression2(torch.nn.Module):
    def __init__(self, num_features):
        super(LogisticRegression2, self).__init__()
        self.linear = torch.nn.Linear(num_features, 1)
        self.linear.weight.detach().zero_()
        self.linear.bias.detach().zero_()

    def forward(self, x):
        logits = self.linear(x)
        probas = torch.sigmoid(logits)
        return probas


model2 = LogisticRegression2(num_features=2).to(device)
optimizer = torch.optim.SGD(model2.parameters(), lr=0.1)


def comp_accuracy(label_var, pred_probas):
    pred_labels = torch.where((pred_probas > 0.5), 1, 0).view(-1)
    acc = torch.sum(pred_labels == label_var.view(-1)).float() / label_var.size(0)
    return acc


for epoch in range(5):
    out = model2(X_train_tensor)
    loss = F.binary_cross_entropy(out, y_train_tensor.view(-1, 1), reduction='sum')
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    pred_probas = model2(X_train_tensor)
    acc = comp_accuracy(y_train_tensor, pred_probas)
    print('Epoch: %03d' % (epoch + 1), end="")
    print(' | Train ACC: %.3f' % acc, end="")
    print(' | Cost: %.3f' % F.binary_cross_entropy(pred_probas, y_train_tensor.view(-1, 1)))
print('\nModel parameters:')
print('  Weights: %s' % model2.linear.weight)
print('  Bias: %s' % model2.linear.bias)
final = {"w1": model1.weights, "w2": model2.linear.weight, "b2": model2.linear.bias}
'''

MAKEMORE_BACKPROP_NINJA = r'''
# After Karpathy's makemore part 4 "Becoming a Backprop Ninja" (nn-zero-to-hero
# lectures/makemore/makemore_part4_backprop.ipynb): a 2-layer MLP with batch norm, every
# intermediate's gradient derived by hand (exercise 1) and compared with autograd's through
# cmp(), then the fused cross-entropy and batch-norm backward (exercises 2 and 3); names.txt
# replaced by random character ids.
import torch
import torch.nn.functional as F

vocab_size, block_size = 27, 3
g0 = torch.Generator().manual_seed(42)
Xb = torch.randint(0, vocab_size, (32, block_size), generator=g0)
Yb = torch.randint(0, vocab_size, (32,), generator=g0)


def cmp(s, dt, t):
    ex = torch.all(dt == t).item()
    app = torch.allclose(dt, t)
    maxdiff = (dt - t).abs().max().item()
    print(f'{s:15s} | exact: {str(ex):5s} | approximate: {str(app):5s} | maxdiff: {maxdiff}')


n_embd = 10
n_hidden = 64
g = torch.Generator().manual_seed(2147483647)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size) ** 0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.1
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
b2 = torch.randn(vocab_size, generator=g) * 0.1
bngain = torch.randn((1, n_hidden)) * 0.1 + 1.0
bnbias = torch.randn((1, n_hidden)) * 0.1
parameters = [C, W1, b1, W2, b2, bngain, bnbias]
print(sum(p.nelement() for p in parameters))
for p in parameters:
    p.requires_grad = True
batch_size = 32
n = batch_size
emb = C[Xb]
embcat = emb.view(emb.shape[0], -1)
hprebn = embcat @ W1 + b1
bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
bndiff = hprebn - bnmeani
bndiff2 = bndiff ** 2
bnvar = 1 / (n - 1) * (bndiff2).sum(0, keepdim=True)
bnvar_inv = (bnvar + 1e-5) ** -0.5
bnraw = bndiff * bnvar_inv
hpreact = bngain * bnraw + bnbias
h = torch.tanh(hpreact)
logits = h @ W2 + b2
logit_maxes = logits.max(1, keepdim=True).values
norm_logits = logits - logit_maxes
counts = norm_logits.exp()
counts_sum = counts.sum(1, keepdims=True)
counts_sum_inv = counts_sum ** -1
probs = counts * counts_sum_inv
logprobs = probs.log()
loss = -logprobs[range(n), Yb].mean()
for p in parameters:
    p.grad = None
for t in [logprobs, probs, counts, counts_sum, counts_sum_inv, norm_logits, logit_maxes, logits, h, hpreact,
          bnraw, bnvar_inv, bnvar, bndiff2, bndiff, hprebn, bnmeani, embcat, emb]:
    t.retain_grad()
loss.backward()
print(loss)

dlogprobs = torch.zeros_like(logprobs)
dlogprobs[range(n), Yb] = -1.0 / n
dprobs = (1.0 / probs) * dlogprobs
dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)
dcounts = counts_sum_inv * dprobs
dcounts_sum = (-counts_sum ** -2) * dcounts_sum_inv
dcounts += torch.ones_like(counts) * dcounts_sum
dnorm_logits = counts * dcounts
dlogits = dnorm_logits.clone()
dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes
dh = dlogits @ W2.T
dW2 = h.T @ dlogits
db2 = dlogits.sum(0)
dhpreact = (1.0 - h ** 2) * dh
dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
dbnraw = bngain * dhpreact
dbnbias = dhpreact.sum(0, keepdim=True)
dbndiff = bnvar_inv * dbnraw
dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)
dbnvar = (-0.5 * (bnvar + 1e-5) ** -1.5) * dbnvar_inv
dbndiff2 = (1.0 / (n - 1)) * torch.ones_like(bndiff2) * dbnvar
dbndiff += (2 * bndiff) * dbndiff2
dhprebn = dbndiff.clone()
dbnmeani = (-dbndiff).sum(0)
dhprebn += 1.0 / n * (torch.ones_like(hprebn) * dbnmeani)
dembcat = dhprebn @ W1.T
dW1 = embcat.T @ dhprebn
db1 = dhprebn.sum(0)
demb = dembcat.view(emb.shape)
dC = torch.zeros_like(C)
for k in range(Xb.shape[0]):
    for j in range(Xb.shape[1]):
        ix = Xb[k, j]
        dC[ix] += demb[k, j]

cmp('logprobs', dlogprobs, logprobs.grad)
cmp('probs', dprobs, probs.grad)
cmp('counts_sum_inv', dcounts_sum_inv, counts_sum_inv.grad)
cmp('counts_sum', dcounts_sum, counts_sum.grad)
cmp('counts', dcounts, counts.grad)
cmp('norm_logits', dnorm_logits, norm_logits.grad)
cmp('logit_maxes', dlogit_maxes, logit_maxes.grad)
cmp('logits', dlogits, logits.grad)
cmp('h', dh, h.grad)
cmp('W2', dW2, W2.grad)
cmp('b2', db2, b2.grad)
cmp('hpreact', dhpreact, hpreact.grad)
cmp('bngain', dbngain, bngain.grad)
cmp('bnbias', dbnbias, bnbias.grad)
cmp('bnraw', dbnraw, bnraw.grad)
cmp('bnvar_inv', dbnvar_inv, bnvar_inv.grad)
cmp('bnvar', dbnvar, bnvar.grad)
cmp('bndiff2', dbndiff2, bndiff2.grad)
cmp('bndiff', dbndiff, bndiff.grad)
cmp('bnmeani', dbnmeani, bnmeani.grad)
cmp('hprebn', dhprebn, hprebn.grad)
cmp('embcat', dembcat, embcat.grad)
cmp('W1', dW1, W1.grad)
cmp('b1', db1, b1.grad)
cmp('emb', demb, emb.grad)
cmp('C', dC, C.grad)

loss_fast = F.cross_entropy(logits, Yb)
print(loss_fast.item(), 'diff:', (loss_fast - loss).item())
dlogits = F.softmax(logits, 1)
dlogits[range(n), Yb] -= 1
dlogits /= n
cmp('logits', dlogits, logits.grad)
hpreact_fast = bngain * (hprebn - hprebn.mean(0, keepdim=True)) / torch.sqrt(hprebn.var(0, keepdim=True, unbiased=True) + 1e-5) + bnbias
print('max diff:', (hpreact_fast - hpreact).abs().max())
dhprebn = bngain * bnvar_inv / n * (n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
cmp('hprebn', dhprebn, hprebn.grad)
final = {"loss": loss, "dC": dC, "dhprebn": dhprebn, "W1g": W1.grad}
'''

NANOGPT_BLOCK = r'''
# After Karpathy's ng-video-lecture gpt.py ("Let's build GPT: from scratch, in code, spelled
# out"): token + position embeddings, causal self-attention heads with a registered tril buffer
# and masked_fill, multi-head projection, feed-forward, LayerNorm pre-norm residual blocks,
# AdamW, estimate_loss under torch.no_grad, and generation with multinomial sampling; Tiny
# Shakespeare replaced by random token ids.
import torch
import torch.nn as nn
from torch.nn import functional as F

batch_size = 4
block_size = 8
max_iters = 6
eval_interval = 3
learning_rate = 1e-3
device = 'cpu'
eval_iters = 2
n_embd = 16
n_head = 2
n_layer = 2
dropout = 0.2
vocab_size = 20
data = torch.randint(0, vocab_size, (300,), dtype=torch.long)
n = int(0.9 * len(data))
train_data = data[:n]
val_data = data[n:]


def get_batch(split):
    data = train_data if split == 'train' else val_data
    ix = torch.randint(len(data) - block_size, (batch_size,))
    x = torch.stack([data[i:i + block_size] for i in ix])
    y = torch.stack([data[i + 1:i + block_size + 1] for i in ix])
    x, y = x.to(device), y.to(device)
    return x, y


@torch.no_grad()
def estimate_loss():
    out = {}
    model.eval()
    for split in ['train', 'val']:
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            X, Y = get_batch(split)
            logits, loss = model(X, Y)
            losses[k] = loss.item()
        out[split] = losses.mean()
    model.train()
    return out


class Head(nn.Module):
    def __init__(self, head_size):
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer('tril', torch.tril(torch.ones(block_size, block_size)))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        B, T, C = x.shape
        k = self.key(x)
        q = self.query(x)
        wei = q @ k.transpose(-2, -1) * k.shape[-1] ** -0.5
        wei = wei.masked_fill(self.tril[:T, :T] == 0, float('-inf'))
        wei = F.softmax(wei, dim=-1)
        wei = self.dropout(wei)
        v = self.value(x)
        out = wei @ v
        return out


class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, head_size):
        super().__init__()
        self.heads = nn.ModuleList([Head(head_size) for _ in range(num_heads)])
        self.proj = nn.Linear(head_size * num_heads, n_embd)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        out = torch.cat([h(x) for h in self.heads], dim=-1)
        out = self.dropout(self.proj(out))
        return out


class FeedFoward(nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd),
                                 nn.Dropout(dropout))

    def forward(self, x):
        return self.net(x)


class Block(nn.Module):
    def __init__(self, n_embd, n_head):
        super().__init__()
        head_size = n_embd // n_head
        self.sa = MultiHeadAttention(n_head, head_size)
        self.ffwd = FeedFoward(n_embd)
        self.ln1 = nn.LayerNorm(n_embd)
        self.ln2 = nn.LayerNorm(n_embd)

    def forward(self, x):
        x = x + self.sa(self.ln1(x))
        x = x + self.ffwd(self.ln2(x))
        return x


class GPTLanguageModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.token_embedding_table = nn.Embedding(vocab_size, n_embd)
        self.position_embedding_table = nn.Embedding(block_size, n_embd)
        self.blocks = nn.Sequential(*[Block(n_embd, n_head=n_head) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        B, T = idx.shape
        tok_emb = self.token_embedding_table(idx)
        pos_emb = self.position_embedding_table(torch.arange(T, device=device))
        x = tok_emb + pos_emb
        x = self.blocks(x)
        x = self.ln_f(x)
        logits = self.lm_head(x)
        if targets is None:
            loss = None
        else:
            B, T, C = logits.shape
            logits = logits.view(B * T, C)
            targets = targets.view(B * T)
            loss = F.cross_entropy(logits, targets)
        return logits, loss

    def generate(self, idx, max_new_tokens):
        for _ in range(max_new_tokens):
            idx_cond = idx[:, -block_size:]
            logits, loss = self(idx_cond)
            logits = logits[:, -1, :]
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


model = GPTLanguageModel()
m = model.to(device)
print(sum(p.numel() for p in m.parameters()) / 1e6, 'M parameters')
optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
for iter in range(max_iters):
    if iter % eval_interval == 0 or iter == max_iters - 1:
        losses = estimate_loss()
        print(f"step {iter}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}")
    xb, yb = get_batch('train')
    logits, loss = model(xb, yb)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
context = torch.zeros((1, 1), dtype=torch.long, device=device)
print(m.generate(context, max_new_tokens=10)[0].tolist())
final = {"loss": loss, "ln": model.ln_f.weight, "head": model.lm_head.weight}
'''
