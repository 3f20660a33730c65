"""Programs in the style of a well-known lecture series that builds a scalar autograd engine and
then a character-level language model (written for gradviz's corpus; not copies; the names
file replaced by a short list of names)."""

# The engine's test against PyTorch: a scalar expression through relu, its gradient.
MICROGRAD_SANITY = '''
import torch

x = torch.Tensor([-4.0]).double()
x.requires_grad = True
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
xpt, ypt = x, y
print(ypt.data.item(), xpt.grad.item())
final = {"y": ypt, "x.grad": xpt.grad}
'''

# Its second test: in-place additions on results inside the recorded graph.
MICROGRAD_MORE_OPS = '''
import torch

a = torch.Tensor([-4.0]).double()
b = torch.Tensor([2.0]).double()
a.requires_grad = True
b.requires_grad = True
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f
g.backward()
print(f"{g.data.item():.4f}", f"{a.grad.item():.4f}", f"{b.grad.item():.4f}")

a2 = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
c2 = a2 * 1
c2 += c2 + 1
c2 += 1 + c2 + (-a2)
c2 *= 2
c2.backward()
print(c2.item(), a2.grad.item())
final = {"g": g, "a.grad": a.grad, "b.grad": b.grad, "a2.grad": a2.grad}
'''

# The lecture's MLP of neurons, written on PyTorch tensors, trained by hand on four examples.
MICROGRAD_MLP = '''
import torch


class Neuron:
    def __init__(self, nin):
        self.w = torch.randn(nin, dtype=torch.float64, requires_grad=True)
        self.b = torch.randn((), dtype=torch.float64, requires_grad=True)

    def __call__(self, x):
        act = (self.w * x).sum() + self.b
        return act.tanh()

    def parameters(self):
        return [self.w, self.b]


class Layer:
    def __init__(self, nin, nout):
        self.neurons = [Neuron(nin) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else torch.stack(outs)

    def parameters(self):
        return [p for neuron in self.neurons for p in neuron.parameters()]


class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1]) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


n = MLP(3, [4, 4, 1])
xs = torch.tensor([[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]],
                  dtype=torch.float64)
ys = [1.0, -1.0, -1.0, 1.0]
print(len(n.parameters()))
for k in range(20):
    ypred = [n(x) for x in xs]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
    for p in n.parameters():
        p.grad = None
    loss.backward()
    for p in n.parameters():
        p.data += -0.05 * p.grad
    if k % 5 == 4:
        print(k, loss.data)
print([f"{y.item():.3f}" for y in ypred])
final = {"loss": loss, "w": n.layers[0].neurons[0].w, "b": n.layers[-1].neurons[0].b}
'''

_NAMES = '''
words = ["emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia",
         "harper", "evelyn", "abigail", "emily", "elizabeth", "mila", "ella", "avery"]
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
V = len(stoi)
'''

# The language model by counting: a bigram table, sampling with a Generator, its likelihood.
BIGRAM_COUNTS = '''
import torch
''' + _NAMES + '''
N = torch.zeros((V, V), dtype=torch.int32)
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1
print(N[0])
p = N[0].float()
p = p / p.sum()
print(p)
g = torch.Generator().manual_seed(2147483647)
ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
print(itos[ix])

P = (N + 1).float()
P /= P.sum(1, keepdims=True)
for i in range(5):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))

log_likelihood = 0.0
n = 0
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        prob = P[stoi[ch1], stoi[ch2]]
        logprob = torch.log(prob)
        log_likelihood += logprob
        n += 1
print(f'{log_likelihood=}')
nll = -log_likelihood
print(f'{nll=}')
print(f'{nll/n}')
final = {"nll": nll, "P": P}
'''

# The same model as a one-layer network: one-hot inputs, softmax by hand, gradient descent.
BIGRAM_NETWORK = '''
import torch
import torch.nn.functional as F
''' + _NAMES + '''
xs, ys = [], []
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print('number of examples: ', num)
g = torch.Generator().manual_seed(2147483647)
W = torch.randn((V, V), generator=g, requires_grad=True)
for k in range(30):
    xenc = F.one_hot(xs, num_classes=V).float()
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W**2).mean()
    if k % 10 == 0:
        print(loss.item())
    W.grad = None
    loss.backward()
    W.data += -10 * W.grad
for i in range(3):
    out = []
    ix = 0
    while True:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=V).float()
        logits = xenc @ W
        counts = logits.exp()
        p = counts / counts.sum(1, keepdims=True)
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))
final = {"loss": loss, "W": W, "W.grad": W.grad}
'''
