"""Programs in the style of the PyTorch tutorials' CNN pages (a LeNet-style classifier on
28×28 images) and of a lecture series' character-level language model (an embedding, an LSTM
and a linear read-out), written for gradviz's corpus; not copies; the image dataset replaced
by random tensors of its shape."""

# A LeNet-style CNN: two convolutions with max pooling, three linear layers, SGD.
LAYERS_LENET = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


net = LeNet()
print(net)
images = torch.randn(8, 1, 28, 28)
labels = torch.randint(0, 10, (8,))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
for step in range(3):
    optimizer.zero_grad()
    outputs = net(images)
    loss = criterion(outputs, labels)
    loss.backward()
    optimizer.step()
    print(step, loss.item())
print(outputs.shape, loss.grad_fn, net.conv1(images).grad_fn)
final = {"loss": loss, "conv1.weight": net.conv1.weight, "conv2.grad": net.conv2.weight.grad,
         "fc3.bias": net.fc3.bias}
'''

# The same network written with the layer modules, batch norm and average pooling.
LAYERS_CNN_SEQUENTIAL = '''
import torch
from torch import nn

model = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, stride=1, padding=1, bias=False),  # BatchNorm cancels a bias
    nn.BatchNorm2d(4),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Conv2d(4, 8, kernel_size=3),
    nn.ReLU(),
    nn.AvgPool2d(2),
    nn.Flatten(),
    nn.Linear(8 * 3 * 3, 10),
)
x = torch.randn(6, 1, 16, 16)
y = torch.randint(0, 10, (6,))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(3):
    pred = model(x)
    loss = loss_fn(pred, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch}: loss {loss.item():>7f}")
model.eval()
with torch.no_grad():
    test = model(x)
print(model[1].running_mean, model[1].num_batches_tracked)
print((test.argmax(1) == y).type(torch.float).sum().item())
final = {"loss": loss, "running_var": model[1].running_var, "test": test,
         "w0": model[0].weight}
'''

# A character-level language model: embedding → LSTM → linear, the loss over (N, C, T).
LAYERS_CHAR_LSTM = '''
import torch
import torch.nn as nn
import torch.nn.functional as F

text = "hello world, hello lecture hall"
chars = sorted(set(text))
stoi = {ch: i for i, ch in enumerate(chars)}
data = torch.tensor([stoi[ch] for ch in text], dtype=torch.long)
block = 6
xs = torch.stack([data[i:i + block] for i in range(0, 24, block)])
ys = torch.stack([data[i + 1:i + block + 1] for i in range(0, 24, block)])
print(xs.shape, ys.shape, len(chars))


class CharModel(nn.Module):
    def __init__(self, vocab, n_embd=8, n_hidden=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, n_embd)
        self.lstm = nn.LSTM(n_embd, n_hidden, batch_first=True)
        self.head = nn.Linear(n_hidden, vocab)

    def forward(self, idx):
        out, (h, c) = self.lstm(self.embed(idx))
        return self.head(out), h


model = CharModel(len(chars))
print(sum(p.numel() for p in model.parameters()))
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for step in range(3):
    logits, h = model(xs)
    loss = F.cross_entropy(logits.transpose(1, 2), ys)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, loss.item(), h.shape)
print(model.embed(xs).grad_fn, loss.grad_fn)
final = {"loss": loss, "embed": model.embed.weight, "w_hh": model.lstm.weight_hh_l0.grad,
         "head": model.head.weight}
'''

# The tutorials' name classifier: one-hot letters through nn.RNN, log-softmax and NLL loss.
LAYERS_NAME_RNN = '''
import string
import torch
import torch.nn as nn

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)


def line_to_tensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][all_letters.find(letter)] = 1
    return tensor


class NameRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        return self.softmax(self.h2o(hidden[0]))


rnn = NameRNN(n_letters, 32, 3)
criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(rnn.parameters(), lr=0.05)
names = [("Albert", 0), ("Nakamura", 1), ("Rossi", 2), ("Dupont", 0), ("Sato", 1)]
for name, label in names:
    output = rnn(line_to_tensor(name))
    loss = criterion(output, torch.tensor([label]))
    optimizer.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(rnn.parameters(), 3)
    optimizer.step()
    print(name, output.topk(1)[1].item(), round(loss.item(), 4))
final = {"loss": loss, "w_hh": rnn.rnn.weight_hh_l0, "out": output}
'''

# A sequence encoder: nn.GRU over embedded tokens, then global average pooling of a small CNN
# feature map and batch norm in eval mode, as a model-building chapter composes them.
LAYERS_GRU_AND_POOLING = '''
import torch
from torch import nn

torch.manual_seed(0)
tokens = torch.randint(0, 12, (3, 7))
embed = nn.Embedding(12, 6, padding_idx=0)
gru = nn.GRU(6, 5, num_layers=2, batch_first=True)
out, h = gru(embed(tokens))
print(out.shape, h.shape, out.grad_fn, h.grad_fn)
features = nn.Sequential(nn.Conv2d(3, 4, 3, padding="same"), nn.BatchNorm2d(4), nn.ReLU(),
                         nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
images = torch.randn(2, 3, 6, 6)
features(images)
features.eval()
pooled = features(images)
loss = pooled.pow(2).mean() + h.pow(2).mean()
loss.backward()
print(pooled.grad_fn, loss.item())
print(embed.weight.grad[0], gru.weight_ih_l1.grad.shape)
final = {"loss": loss, "pooled": pooled, "gru.grad": gru.weight_hh_l0.grad,
         "conv.grad": features[0].weight.grad, "embed.grad": embed.weight.grad}
'''
