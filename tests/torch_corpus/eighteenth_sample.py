"""An eighteenth, independent sample of 9 public teaching programs on the topics students meet
after the basics, each written from scratch in plain PyTorch (written for gradviz's corpus after
the named sources; not copies; datasets replaced by random tensors or small generated ones):
tanelp/tiny-diffusion's DDPM on 2-D points, Andras7/word2vec-pytorch's skip-gram with negative
sampling (sparse embeddings and SparseAdam), Sebastian Raschka's "Code LoRA from Scratch"
(LoRALayer, LinearWithLoRA and the merged variant on a small MLP), the Deep Q-network on the
numpy Gridworld of Zai and Brown's "Deep Reinforcement Learning in Action" chapter 3, tkipf/pygcn
(Kipf and Welling's GCN, here with a dense adjacency), sagelywizard/pytorch-mdn's mixture
density network, msurtsukov/neural-ode's fixed-step Euler solver and ODEF.forward_with_grad,
sthalles/SimCLR's info_nce_loss on random features and zalandoresearch/pytorch-vq-vae's
VectorQuantizer with the straight-through estimator.  Sizes, epochs and steps cut so that each
runs in about a second; plots, progress bars, logging and CUDA lines dropped.

Measured first as they came, against main 3249093: 4 of 9 ran with PyTorch's numbers
(TINY_DIFFUSION_DDPM, SAGELYWIZARD_MDN, MSURTSUKOV_NEURAL_ODE_EULER,
STHALLES_SIMCLR_INFO_NCE).  Three stopped at API differences: PYGCN_KIPF_WELLING at
`from torch.nn.parameter import Parameter` and `from torch.nn.modules.module import Module`
(no such gradviz modules), WORD2VEC_SKIPGRAM_SPARSE at SparseAdam, which refuses the dense
gradients gradviz's nn.Embedding(sparse=True) gives, and ZALANDO_VQ_VAE at
inputs.permute(...).contiguous().view(-1, d), refused as if still permuted.  Past each gap
(the import, the optimiser or the view changed in both runs) the printouts are PyTorch's;
the VQ-VAE's final convolution weights then differ by float32 round-off.  Two differ by
float32 round-off only, both within PyTorch's own spread and agreeing in float64 to 8e-14 or
better: DRLIA_GRIDWORLD_DQN (the last of 353 bootstrapped losses 2.5e-5 relative apart) and
RASCHKA_LORA_FROM_SCRATCH (the pretrained weight frozen under LoRA, 18 of 100352 entries up
to 3.9e-4 relative apart after Adam).  KNOWN_FAILURES in tests/torch_corpus/known_failures.py,
each reason starting "first try"; the three API gaps are in BEYOND_SPREAD as well.
Then fixed: `torch.nn.parameter` and `torch.nn.modules.*` exist as paths
(tests/test_nn_module_paths.py), so PYGCN_KIPF_WELLING passes; `contiguous()` of a tensor
PyTorch lays out permuted copies it (tests/test_tensor_memory_hooks.py), so ZALANDO_VQ_VAE runs
to the end and is float32 round-off within PyTorch's spread.  5 of 9 pass strictly, 8 of 9
within the spread; WORD2VEC_SKIPGRAM_SPARSE still waits for sparse gradients.
"""

TINY_DIFFUSION_DDPM = r'''
# After tanelp/tiny-diffusion ddpm.py: SinusoidalEmbedding, Block (Linear + GELU, residual),
# MLP of time/input embeddings, NoiseScheduler (linear betas, alphas_cumprod, F.pad for the
# previous, add_noise, reconstruct_x0, q_posterior, get_variance, step), training with AdamW,
# the source's loss.backward(loss) and clip_grad_norm_, then the reverse sampling loop; the
# sinusoidal embedding of positional_embeddings.py written in.  Changed: the "dino" dataset
# replaced by 256 points of a 2-D swiss roll from torch.rand; the 50 timesteps kept, embedding
# 32, hidden 64 and 2 hidden layers (not 128, 128 and 3), 2 epochs of 8 batches of 32, 64
# samples drawn; argparse, tqdm, the frames and plots dropped.
import math
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


class SinusoidalEmbedding(nn.Module):
    def __init__(self, size, scale=1.0):
        super().__init__()
        self.size = size
        self.scale = scale

    def forward(self, x):
        x = x * self.scale
        half_size = self.size // 2
        emb = torch.log(torch.Tensor([10000.0])) / (half_size - 1)
        emb = torch.exp(-emb * torch.arange(half_size))
        emb = x.unsqueeze(-1) * emb.unsqueeze(0)
        return torch.cat((torch.sin(emb), torch.cos(emb)), dim=-1)


class Block(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.ff = nn.Linear(size, size)
        self.act = nn.GELU()

    def forward(self, x):
        return x + self.act(self.ff(x))


class MLP(nn.Module):
    def __init__(self, hidden_size=64, hidden_layers=2, emb_size=32):
        super().__init__()
        self.time_mlp = SinusoidalEmbedding(emb_size)
        self.input_mlp1 = SinusoidalEmbedding(emb_size, scale=25.0)
        self.input_mlp2 = SinusoidalEmbedding(emb_size, scale=25.0)
        layers = [nn.Linear(3 * emb_size, hidden_size), nn.GELU()]
        for _ in range(hidden_layers):
            layers.append(Block(hidden_size))
        layers.append(nn.Linear(hidden_size, 2))
        self.joint_mlp = nn.Sequential(*layers)

    def forward(self, x, t):
        x = torch.cat((self.input_mlp1(x[:, 0]), self.input_mlp2(x[:, 1]), self.time_mlp(t)), dim=-1)
        return self.joint_mlp(x)


class NoiseScheduler():
    def __init__(self, num_timesteps=50, beta_start=0.0001, beta_end=0.02):
        self.num_timesteps = num_timesteps
        self.betas = torch.linspace(beta_start, beta_end, num_timesteps, dtype=torch.float32)
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, axis=0)
        self.alphas_cumprod_prev = F.pad(self.alphas_cumprod[:-1], (1, 0), value=1.)
        self.sqrt_alphas_cumprod = self.alphas_cumprod ** 0.5
        self.sqrt_one_minus_alphas_cumprod = (1 - self.alphas_cumprod) ** 0.5
        self.sqrt_inv_alphas_cumprod = torch.sqrt(1 / self.alphas_cumprod)
        self.sqrt_inv_alphas_cumprod_minus_one = torch.sqrt(1 / self.alphas_cumprod - 1)
        self.posterior_mean_coef1 = self.betas * torch.sqrt(self.alphas_cumprod_prev) / (1. - self.alphas_cumprod)
        self.posterior_mean_coef2 = (1. - self.alphas_cumprod_prev) * torch.sqrt(self.alphas) / (1. - self.alphas_cumprod)

    def reconstruct_x0(self, x_t, t, noise):
        s1 = self.sqrt_inv_alphas_cumprod[t].reshape(-1, 1)
        s2 = self.sqrt_inv_alphas_cumprod_minus_one[t].reshape(-1, 1)
        return s1 * x_t - s2 * noise

    def q_posterior(self, x_0, x_t, t):
        s1 = self.posterior_mean_coef1[t].reshape(-1, 1)
        s2 = self.posterior_mean_coef2[t].reshape(-1, 1)
        return s1 * x_0 + s2 * x_t

    def get_variance(self, t):
        if t == 0:
            return 0
        variance = self.betas[t] * (1. - self.alphas_cumprod_prev[t]) / (1. - self.alphas_cumprod[t])
        return variance.clip(1e-20)

    def step(self, model_output, timestep, sample):
        t = timestep
        pred_original_sample = self.reconstruct_x0(sample, t, model_output)
        pred_prev_sample = self.q_posterior(pred_original_sample, sample, t)
        variance = 0
        if t > 0:
            noise = torch.randn_like(model_output)
            variance = (self.get_variance(t) ** 0.5) * noise
        return pred_prev_sample + variance

    def add_noise(self, x_start, x_noise, timesteps):
        s1 = self.sqrt_alphas_cumprod[timesteps].reshape(-1, 1)
        s2 = self.sqrt_one_minus_alphas_cumprod[timesteps].reshape(-1, 1)
        return s1 * x_start + s2 * x_noise

    def __len__(self):
        return self.num_timesteps


torch.manual_seed(0)
theta = 1.5 * math.pi * (1 + 2 * torch.rand(256))
data = torch.stack([theta * torch.cos(theta), theta * torch.sin(theta)], dim=1) / 10.0
dataset = torch.utils.data.TensorDataset(data)
dataloader = torch.utils.data.DataLoader(dataset, batch_size=32, shuffle=True, drop_last=True)

model = MLP()
noise_scheduler = NoiseScheduler(num_timesteps=50)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
losses = []
for epoch in range(2):
    model.train()
    for step, batch in enumerate(dataloader):
        batch = batch[0]
        noise = torch.randn(batch.shape)
        timesteps = torch.randint(0, noise_scheduler.num_timesteps, (batch.shape[0],)).long()
        noisy = noise_scheduler.add_noise(batch, noise, timesteps)
        noise_pred = model(noisy, timesteps)
        loss = F.mse_loss(noise_pred, noise)
        loss.backward(loss)
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.detach().item())
    print(f"epoch {epoch}: loss {sum(losses[-8:]) / 8:.6f}")

model.eval()
sample = torch.randn(64, 2)
timesteps = list(range(len(noise_scheduler)))[::-1]
for i, t in enumerate(timesteps):
    t = torch.from_numpy(np.repeat(t, 64)).long()
    with torch.no_grad():
        residual = model(sample, t)
    sample = noise_scheduler.step(residual, t[0], sample)
print("sample mean", sample.mean(0), "std", sample.std(0))
final = {"sample": sample, "ff": model.joint_mlp[2].ff.weight, "out": model.joint_mlp[-1].weight}
'''

WORD2VEC_SKIPGRAM_SPARSE = r'''
# After Andras7/word2vec-pytorch (word2vec/model.py SkipGramModel and trainer.py): u/v
# embeddings with sparse=True, u uniform in +-1/emb_dimension and v zero, the clamped
# logsigmoid losses of the positive pair and of the bmm'd negatives, SparseAdam with a
# CosineAnnealingLR stepped per batch, and the running loss printed.  Changed: the text file
# and DataReader replaced by a random 40-word corpus whose negatives are drawn from the unigram
# table raised to 0.75 (as DataReader.initTableNegatives does), window 2, 2 epochs.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn import init
import torch.optim as optim


class SkipGramModel(nn.Module):
    def __init__(self, emb_size, emb_dimension):
        super(SkipGramModel, self).__init__()
        self.emb_size = emb_size
        self.emb_dimension = emb_dimension
        self.u_embeddings = nn.Embedding(emb_size, emb_dimension, sparse=True)
        self.v_embeddings = nn.Embedding(emb_size, emb_dimension, sparse=True)
        initrange = 1.0 / self.emb_dimension
        init.uniform_(self.u_embeddings.weight.data, -initrange, initrange)
        init.constant_(self.v_embeddings.weight.data, 0)

    def forward(self, pos_u, pos_v, neg_v):
        emb_u = self.u_embeddings(pos_u)
        emb_v = self.v_embeddings(pos_v)
        emb_neg_v = self.v_embeddings(neg_v)
        score = torch.sum(torch.mul(emb_u, emb_v), dim=1)
        score = torch.clamp(score, max=10, min=-10)
        score = -F.logsigmoid(score)
        neg_score = torch.bmm(emb_neg_v, emb_u.unsqueeze(2)).squeeze()
        neg_score = torch.clamp(neg_score, max=10, min=-10)
        neg_score = -torch.sum(F.logsigmoid(-neg_score), dim=1)
        return torch.mean(score + neg_score)


np.random.seed(0)
torch.manual_seed(0)
vocab, window, negatives = 40, 2, 5
corpus = np.random.zipf(1.5, 400) % vocab
counts = np.bincount(corpus, minlength=vocab)
pow_frequency = np.array(counts + 1) ** 0.75
ratio = pow_frequency / pow_frequency.sum()
table = np.repeat(np.arange(vocab), np.round(ratio * 1000).astype(int))
np.random.shuffle(table)
pairs = [(corpus[i], corpus[j]) for i in range(len(corpus))
         for j in range(max(0, i - window), min(len(corpus), i + window + 1)) if i != j]
print("pairs", len(pairs), "table", len(table))

model = SkipGramModel(vocab, 16)
optimizer = optim.SparseAdam(list(model.parameters()), lr=0.01)
batch_size = 128
batches = len(pairs) // batch_size
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, batches * 2)
for epoch in range(2):
    running_loss = 0.0
    for b in range(batches):
        chunk = pairs[b * batch_size:(b + 1) * batch_size]
        pos_u = torch.LongTensor([u for u, _ in chunk])
        pos_v = torch.LongTensor([v for _, v in chunk])
        neg_v = torch.LongTensor(np.random.choice(table, (len(chunk), negatives)))
        optimizer.zero_grad()
        loss = model.forward(pos_u, pos_v, neg_v)
        loss.backward()
        optimizer.step()
        scheduler.step()
        running_loss = running_loss * 0.9 + loss.item() * 0.1
    print(" Loss: " + str(running_loss))
final = {"u": model.u_embeddings.weight, "v": model.v_embeddings.weight}
'''

RASCHKA_LORA_FROM_SCRATCH = r'''
# After Sebastian Raschka, "Code LoRA from Scratch" (Lightning AI, 2024; rasbt's
# LLMs-from-scratch appendix E): LoRALayer (A from randn / sqrt(rank), B zeros, alpha times
# x @ A @ B), LinearWithLoRA, LinearWithLoRAMerged (W + alpha * (A @ B).T), the check that both
# equal the plain layer while B is zero, freeze_linear_layers, the trainable-parameter counts
# and a short fine-tune.  Changed: the MNIST MultilayerPerceptron (768-128-256-10) kept at its
# shape, MNIST replaced by 256 random images; 1 epoch of pretraining and 1 of LoRA (rank 4,
# alpha 8) in batches of 64.
import copy
import torch
import torch.nn as nn
import torch.nn.functional as F


class LoRALayer(torch.nn.Module):
    def __init__(self, in_dim, out_dim, rank, alpha):
        super().__init__()
        std_dev = 1 / torch.sqrt(torch.tensor(rank).float())
        self.A = torch.nn.Parameter(torch.randn(in_dim, rank) * std_dev)
        self.B = torch.nn.Parameter(torch.zeros(rank, out_dim))
        self.alpha = alpha

    def forward(self, x):
        x = self.alpha * (x @ self.A @ self.B)
        return x


class LinearWithLoRA(torch.nn.Module):
    def __init__(self, linear, rank, alpha):
        super().__init__()
        self.linear = linear
        self.lora = LoRALayer(linear.in_features, linear.out_features, rank, alpha)

    def forward(self, x):
        return self.linear(x) + self.lora(x)


class LinearWithLoRAMerged(torch.nn.Module):
    def __init__(self, linear, rank, alpha):
        super().__init__()
        self.linear = linear
        self.lora = LoRALayer(linear.in_features, linear.out_features, rank, alpha)

    def forward(self, x):
        lora = self.lora.A @ self.lora.B
        combined_weight = self.linear.weight + self.lora.alpha * lora.T
        return F.linear(x, combined_weight, self.linear.bias)


torch.manual_seed(123)
layer = nn.Linear(10, 2)
x = torch.randn((1, 10))
print(x)
print("Original output:", layer(x))
print("LoRA output:", LinearWithLoRA(layer, rank=2, alpha=4)(x))
print("LoRA output:", LinearWithLoRAMerged(layer, rank=2, alpha=4)(x))


class MultilayerPerceptron(nn.Module):
    def __init__(self, num_features, num_hidden_1, num_hidden_2, num_classes):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(num_features, num_hidden_1), nn.ReLU(),
            nn.Linear(num_hidden_1, num_hidden_2), nn.ReLU(),
            nn.Linear(num_hidden_2, num_classes))

    def forward(self, x):
        return self.layers(x)


def train(model, optimizer, features, targets):
    for i in range(0, len(features), 64):
        logits = model(features[i:i + 64].view(-1, 28 * 28))
        loss = F.cross_entropy(logits, targets[i:i + 64])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(f"Batch {i // 64:03d} | Cost: {loss:.4f}")


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def freeze_linear_layers(model):
    for child in model.children():
        if isinstance(child, nn.Linear):
            for param in child.parameters():
                param.requires_grad = False
        else:
            freeze_linear_layers(child)


features = torch.rand(256, 1, 28, 28)
targets = torch.randint(0, 10, (256,))
model = MultilayerPerceptron(28 * 28, 128, 256, 10)
train(model, torch.optim.Adam(model.parameters(), lr=0.005), features, targets)
model_lora = copy.deepcopy(model)
model_lora.layers[0] = LinearWithLoRAMerged(model_lora.layers[0], rank=4, alpha=8)
model_lora.layers[2] = LinearWithLoRAMerged(model_lora.layers[2], rank=4, alpha=8)
model_lora.layers[4] = LinearWithLoRAMerged(model_lora.layers[4], rank=4, alpha=8)
print(model_lora)
print(f"Total number of trainable parameters: {count_parameters(model_lora):,}")
freeze_linear_layers(model_lora)
for name, param in model_lora.named_parameters():
    print(f"{name}: {param.requires_grad}")
print(f"Total number of trainable parameters: {count_parameters(model_lora):,}")
train(model_lora, torch.optim.Adam(model_lora.parameters(), lr=0.005), features, targets)
final = {"A0": model_lora.layers[0].lora.A, "B4": model_lora.layers[4].lora.B,
         "W0": model_lora.layers[0].linear.weight}
'''

DRLIA_GRIDWORLD_DQN = r'''
# After Zai and Brown, "Deep Reinforcement Learning in Action" (Manning 2020), chapter 3
# (DeepReinforcementLearningInAction/Chapter 3, Listings 3.2-3.4): the Gridworld board as a
# 4x4x4 numpy array of player, goal, pit and wall planes, the state render_np().reshape(1,64)
# plus np.random.rand(1,64)/10.0, the Sequential 64-150-100-4 Q-network, epsilon-greedy
# actions, Y = reward + gamma * max Q(s'), MSELoss against Y.detach(), Adam(lr=1e-3) and epsilon
# decayed each epoch, then test_model.  Changed: the GridBoard/Gridworld classes written as one
# small numpy class for the "static" mode the chapter starts with; 30 epochs (not 1000), 15
# moves a game at most.
import random
import numpy as np
import torch


class Gridworld:
    moves = {"u": (-1, 0), "d": (1, 0), "l": (0, -1), "r": (0, 1)}

    def __init__(self, size=4):
        self.size = size
        self.player, self.goal, self.pit, self.wall = (0, 3), (0, 0), (0, 1), (1, 1)

    def render_np(self):
        board = np.zeros((4, self.size, self.size), dtype=np.uint8)
        for plane, pos in enumerate((self.player, self.goal, self.pit, self.wall)):
            board[plane][pos] = 1
        return board

    def makeMove(self, action):
        dr, dc = self.moves[action]
        new = (self.player[0] + dr, self.player[1] + dc)
        if 0 <= new[0] < self.size and 0 <= new[1] < self.size and new != self.wall:
            self.player = new

    def reward(self):
        if self.player == self.pit:
            return -10
        if self.player == self.goal:
            return 10
        return -1


np.random.seed(0)
torch.manual_seed(0)
l1, l2, l3, l4 = 64, 150, 100, 4
model = torch.nn.Sequential(
    torch.nn.Linear(l1, l2), torch.nn.ReLU(),
    torch.nn.Linear(l2, l3), torch.nn.ReLU(),
    torch.nn.Linear(l3, l4))
loss_fn = torch.nn.MSELoss()
learning_rate = 1e-3
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
gamma = 0.9
epsilon = 1.0
action_set = {0: "u", 1: "d", 2: "l", 3: "r"}

epochs = 30
losses = []
for i in range(epochs):
    game = Gridworld(size=4)
    state_ = game.render_np().reshape(1, 64) + np.random.rand(1, 64) / 10.0
    state1 = torch.from_numpy(state_).float()
    status, mov = 1, 0
    while status == 1:
        qval = model(state1)
        qval_ = qval.data.numpy()
        if random.random() < epsilon:
            action_ = np.random.randint(0, 4)
        else:
            action_ = np.argmax(qval_)
        action = action_set[action_]
        game.makeMove(action)
        state2_ = game.render_np().reshape(1, 64) + np.random.rand(1, 64) / 10.0
        state2 = torch.from_numpy(state2_).float()
        reward = game.reward()
        with torch.no_grad():
            newQ = model(state2.reshape(1, 64))
        maxQ = torch.max(newQ)
        if reward == -1:
            Y = reward + (gamma * maxQ)
        else:
            Y = reward
        Y = torch.Tensor([Y]).detach()
        X = qval.squeeze()[action_]
        loss = loss_fn(X, Y)
        optimizer.zero_grad()
        loss.backward()
        losses.append(loss.item())
        optimizer.step()
        state1 = state2
        mov += 1
        if reward != -1 or mov > 15:
            status = 0
    if epsilon > 0.1:
        epsilon -= (1 / epochs)
print("losses", len(losses), sum(losses) / len(losses), losses[-1])


def test_model(model):
    game = Gridworld(size=4)
    state = torch.from_numpy(game.render_np().reshape(1, 64) + np.random.rand(1, 64) / 10.0).float()
    for i in range(6):
        qval = model(state)
        action = action_set[np.argmax(qval.data.numpy())]
        print("Move #: %s; Taking action: %s" % (i, action))
        game.makeMove(action)
        state = torch.from_numpy(game.render_np().reshape(1, 64) + np.random.rand(1, 64) / 10.0).float()
        reward = game.reward()
        if reward != -1:
            print("Game won!" if reward > 0 else "Game LOST.", "Reward: %s" % (reward,))
            return reward > 0
    print("Game LOST. Too many moves.")
    return False


test_model(model)
final = {"w1": model[0].weight, "w3": model[4].weight, "q": model(state1)}
'''

PYGCN_KIPF_WELLING = r'''
# After tkipf/pygcn (pygcn/layers.py GraphConvolution, models.py GCN, utils.py normalize and
# accuracy, train.py): weights as torch.FloatTensor(in, out) reset uniformly in
# +-1/sqrt(out_features), support = mm(input, weight), output = adj @ support + bias, the
# two-layer GCN with relu, dropout and log_softmax, the features and adj + I row-normalised in
# numpy, Adam(lr=0.01, weight_decay=5e-4), nll_loss on idx_train and the epoch line with
# loss_train, acc_train, loss_val, acc_val, then test().  Changed: Cora replaced by a random
# graph of 120 nodes, 40 features and 4 classes; torch.spmm on a sparse adjacency written as
# torch.mm on the dense one (the dense form Kipf and Welling write); 20 epochs (not 200).
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.nn.parameter import Parameter
from torch.nn.modules.module import Module


class GraphConvolution(Module):
    def __init__(self, in_features, out_features, bias=True):
        super(GraphConvolution, self).__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(torch.FloatTensor(in_features, out_features))
        if bias:
            self.bias = Parameter(torch.FloatTensor(out_features))
        else:
            self.register_parameter('bias', None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1. / math.sqrt(self.weight.size(1))
        self.weight.data.uniform_(-stdv, stdv)
        if self.bias is not None:
            self.bias.data.uniform_(-stdv, stdv)

    def forward(self, input, adj):
        support = torch.mm(input, self.weight)
        output = torch.mm(adj, support)
        return output + self.bias if self.bias is not None else output

    def __repr__(self):
        return self.__class__.__name__ + ' (' + str(self.in_features) + ' -> ' + str(self.out_features) + ')'


class GCN(nn.Module):
    def __init__(self, nfeat, nhid, nclass, dropout):
        super(GCN, self).__init__()
        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        x = F.relu(self.gc1(x, adj))
        x = F.dropout(x, self.dropout, training=self.training)
        x = self.gc2(x, adj)
        return F.log_softmax(x, dim=1)


def normalize(mx):
    rowsum = np.array(mx.sum(1))
    r_inv = np.power(rowsum, -1).flatten()
    r_inv[np.isinf(r_inv)] = 0.
    return np.diag(r_inv).dot(mx)


def accuracy(output, labels):
    preds = output.max(1)[1].type_as(labels)
    correct = preds.eq(labels).double()
    correct = correct.sum()
    return correct / len(labels)


np.random.seed(42)
torch.manual_seed(42)
n = 120
features = normalize((np.random.rand(n, 40) < 0.1).astype(np.float32))
adj = (np.random.rand(n, n) < 0.04).astype(np.float32)
adj = np.maximum(adj, adj.T)
adj = normalize(adj + np.eye(n))
labels = torch.LongTensor(np.random.randint(0, 4, n))
features = torch.FloatTensor(np.array(features))
adj = torch.FloatTensor(np.array(adj))
idx_train, idx_val, idx_test = torch.LongTensor(range(40)), torch.LongTensor(range(40, 80)), torch.LongTensor(range(80, 120))

model = GCN(nfeat=features.shape[1], nhid=16, nclass=labels.max().item() + 1, dropout=0.5)
print(model.gc1, model.gc2)
optimizer = optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
for epoch in range(20):
    model.train()
    optimizer.zero_grad()
    output = model(features, adj)
    loss_train = F.nll_loss(output[idx_train], labels[idx_train])
    acc_train = accuracy(output[idx_train], labels[idx_train])
    loss_train.backward()
    optimizer.step()
    model.eval()
    output = model(features, adj)
    loss_val = F.nll_loss(output[idx_val], labels[idx_val])
    acc_val = accuracy(output[idx_val], labels[idx_val])
    print('Epoch: {:04d}'.format(epoch + 1), 'loss_train: {:.4f}'.format(loss_train.item()),
          'acc_train: {:.4f}'.format(acc_train.item()), 'loss_val: {:.4f}'.format(loss_val.item()),
          'acc_val: {:.4f}'.format(acc_val.item()))

model.eval()
output = model(features, adj)
loss_test = F.nll_loss(output[idx_test], labels[idx_test])
acc_test = accuracy(output[idx_test], labels[idx_test])
print("Test set results:", "loss= {:.4f}".format(loss_test.item()), "accuracy= {:.4f}".format(acc_test.item()))
final = {"gc1": model.gc1.weight, "gc2": model.gc2.weight, "output": output}
'''

SAGELYWIZARD_MDN = r'''
# After sagelywizard/pytorch-mdn (mdn/mdn.py: MDN with pi, sigma and mu heads,
# gaussian_probability, mdn_loss, sample; example.py: Sequential(Linear, Tanh, MDN) trained with
# Adam).  Changed: example.py's random 5-to-7 data replaced by Bishop's inverse problem
# (x = y + 0.3 sin(2 pi y) + noise, predicting y from x), 1 input, 1 output, 5 Gaussians;
# 100 steps (not 10000), loss printed every 25.
import math
import torch
import torch.nn as nn
import torch.optim as optim
from torch.distributions import Categorical

ONEOVERSQRT2PI = 1.0 / math.sqrt(2 * math.pi)


class MDN(nn.Module):
    def __init__(self, in_features, out_features, num_gaussians):
        super(MDN, self).__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.num_gaussians = num_gaussians
        self.pi = nn.Sequential(nn.Linear(in_features, num_gaussians), nn.Softmax(dim=1))
        self.sigma = nn.Linear(in_features, out_features * num_gaussians)
        self.mu = nn.Linear(in_features, out_features * num_gaussians)

    def forward(self, minibatch):
        pi = self.pi(minibatch)
        sigma = torch.exp(self.sigma(minibatch))
        sigma = sigma.view(-1, self.num_gaussians, self.out_features)
        mu = self.mu(minibatch)
        mu = mu.view(-1, self.num_gaussians, self.out_features)
        return pi, sigma, mu


def gaussian_probability(sigma, mu, target):
    target = target.unsqueeze(1).expand_as(sigma)
    ret = ONEOVERSQRT2PI * torch.exp(-0.5 * ((target - mu) / sigma)**2) / sigma
    return torch.prod(ret, 2)


def mdn_loss(pi, sigma, mu, target):
    prob = pi * gaussian_probability(sigma, mu, target)
    nll = -torch.log(torch.sum(prob, dim=1))
    return torch.mean(nll)


def sample(pi, sigma, mu):
    pis = Categorical(pi).sample().view(pi.size(0), 1, 1)
    gaussian_noise = torch.randn((sigma.size(2), sigma.size(0)), requires_grad=False)
    variance_samples = sigma.gather(1, pis).detach().squeeze()
    mean_samples = mu.detach().gather(1, pis).squeeze()
    return (gaussian_noise * variance_samples + mean_samples).transpose(0, 1)


torch.manual_seed(0)
y = torch.rand(500, 1)
x = y + 0.3 * torch.sin(2 * math.pi * y) + 0.05 * torch.randn(500, 1)
model = nn.Sequential(nn.Linear(1, 20), nn.Tanh(), MDN(20, 1, 5))
optimizer = optim.Adam(model.parameters())
for step in range(100):
    model.zero_grad()
    pi, sigma, mu = model(x)
    loss = mdn_loss(pi, sigma, mu, y)
    loss.backward()
    optimizer.step()
    if step % 25 == 0:
        print(step, loss.item())

with torch.no_grad():
    pi, sigma, mu = model(torch.linspace(0, 1, 8).view(-1, 1))
    samples = sample(pi, sigma, mu)
print(samples.shape)
print(pi.argmax(1))
final = {"pi": pi, "sigma": sigma, "mu": mu, "samples": samples, "w": model[0].weight}
'''

MSURTSUKOV_NEURAL_ODE_EULER = r'''
# After msurtsukov/neural-ode ("Neural ODEs" notebook and blog post): ode_solve as fixed Euler
# steps of at most h_max = 0.05, ODEF.forward_with_grad (the vector-Jacobian products
# a df/dz, a df/dt and a df/dp by torch.autograd.grad with allow_unused) and
# flatten_parameters, LinearODEF for a spiral, and the training of a random linear ODEF to
# fit the spiral's trajectory.  Changed: the adjoint (ODEAdjoint autograd.Function) replaced
# by backpropagation through the Euler steps, which the post compares it with; 30 time points
# (not 200), 40 Adam steps (not 1000); the plots dropped.
import math
import torch
import torch.nn as nn


def ode_solve(z0, t0, t1, f):
    h_max = 0.05
    n_steps = math.ceil((abs(t1 - t0) / h_max).max().item())
    h = (t1 - t0) / n_steps
    t = t0
    z = z0
    for i_step in range(n_steps):
        z = z + h * f(z, t)
        t = t + h
    return z


class ODEF(nn.Module):
    def forward_with_grad(self, z, t, grad_outputs):
        batch_size = z.shape[0]
        out = self.forward(z, t)
        a = grad_outputs
        adfdz, adfdt, *adfdp = torch.autograd.grad(
            (out,), (z, t) + tuple(self.parameters()), grad_outputs=(a),
            allow_unused=True, retain_graph=True)
        if adfdp is not None:
            adfdp = torch.cat([p_grad.flatten() for p_grad in adfdp]).unsqueeze(0)
            adfdp = adfdp.expand(batch_size, -1) / batch_size
        if adfdt is not None:
            adfdt = adfdt.expand(batch_size, 1) / batch_size
        return out, adfdz, adfdt, adfdp

    def flatten_parameters(self):
        p_shapes = []
        flat_parameters = []
        for p in self.parameters():
            p_shapes.append(p.size())
            flat_parameters.append(p.flatten())
        return torch.cat(flat_parameters)


class LinearODEF(ODEF):
    def __init__(self, W):
        super(LinearODEF, self).__init__()
        self.lin = nn.Linear(2, 2, bias=False)
        self.lin.weight = nn.Parameter(W)

    def forward(self, x, t):
        return self.lin(x)


class SpiralFunctionExample(LinearODEF):
    def __init__(self):
        super(SpiralFunctionExample, self).__init__(torch.Tensor([[-0.1, -1.], [1., -0.1]]))


class RandomLinearODEF(LinearODEF):
    def __init__(self):
        super(RandomLinearODEF, self).__init__(torch.randn(2, 2) / 2.)


torch.manual_seed(0)
ode_true = SpiralFunctionExample()
ode_trained = RandomLinearODEF()
z0 = torch.Tensor([[0.6, 0.3]])
t_max, n_points = 6.29 * 5, 30
times = torch.linspace(0, t_max, n_points).view(-1, 1, 1)
with torch.no_grad():
    obs = [z0]
    for i in range(n_points - 1):
        obs.append(ode_solve(obs[-1], times[i], times[i + 1], ode_true))
    obs = torch.stack(obs)
print("obs", obs.shape, obs[-1])

z = z0.clone().requires_grad_(True)
t = torch.zeros(1, 1, requires_grad=True)
out, adfdz, adfdt, adfdp = ode_trained.forward_with_grad(z, t, torch.ones(1, 2))
print(out, adfdz, adfdt, adfdp)
print(ode_trained.flatten_parameters())

optimizer = torch.optim.Adam(ode_trained.parameters(), lr=0.01)
for i in range(40):
    zs = [z0]
    for k in range(10):
        zs.append(ode_solve(zs[-1], times[k], times[k + 1], ode_trained))
    z_p = torch.stack(zs)
    loss = torch.mean((z_p - obs[:11]) ** 2)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if i % 10 == 0:
        print(i, loss.item())
print(ode_trained.lin.weight)
final = {"W": ode_trained.lin.weight, "z_p": z_p, "adfdp": adfdp}
'''

STHALLES_SIMCLR_INFO_NCE = r'''
# After sthalles/SimCLR (simclr.py: info_nce_loss with its labels from torch.cat of aranges,
# F.normalize, the similarity matrix with the diagonal masked off by ~torch.eye(dtype=bool),
# positives and negatives gathered by boolean masks, logits / temperature against zero labels;
# utils.py accuracy with topk; the train loop's CrossEntropyLoss and Adam with weight decay
# 1e-4) and models/resnet_simclr.py's projection head (the backbone's fc replaced by
# Sequential(Linear(dim_mlp, dim_mlp), ReLU(), fc)).  Changed: the ResNet-18 and the two
# augmented image views replaced by random 64-dim features with two noisy views of each;
# batch 32, temperature 0.07, 10 steps (not 100 epochs).
import torch
import torch.nn as nn
import torch.nn.functional as F

batch_size, n_views, temperature = 32, 2, 0.07


def info_nce_loss(features):
    labels = torch.cat([torch.arange(batch_size) for i in range(n_views)], dim=0)
    labels = (labels.unsqueeze(0) == labels.unsqueeze(1)).float()
    features = F.normalize(features, dim=1)
    similarity_matrix = torch.matmul(features, features.T)
    mask = torch.eye(labels.shape[0], dtype=torch.bool)
    labels = labels[~mask].view(labels.shape[0], -1)
    similarity_matrix = similarity_matrix[~mask].view(similarity_matrix.shape[0], -1)
    positives = similarity_matrix[labels.bool()].view(labels.shape[0], -1)
    negatives = similarity_matrix[~labels.bool()].view(similarity_matrix.shape[0], -1)
    logits = torch.cat([positives, negatives], dim=1)
    labels = torch.zeros(logits.shape[0], dtype=torch.long)
    logits = logits / temperature
    return logits, labels


def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res


torch.manual_seed(0)
dim_mlp, out_dim = 64, 32
backbone = nn.Sequential(nn.Linear(64, dim_mlp), nn.ReLU())
head = nn.Sequential(nn.Linear(dim_mlp, dim_mlp), nn.ReLU(), nn.Linear(dim_mlp, out_dim))
model = nn.Sequential(backbone, head)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), 3e-4, weight_decay=1e-4)
data = torch.randn(320, 64)
for n_iter in range(10):
    images = data[n_iter * batch_size:(n_iter + 1) * batch_size]
    images = torch.cat([images + 0.3 * torch.randn_like(images) for _ in range(n_views)], dim=0)
    features = model(images)
    logits, labels = info_nce_loss(features)
    loss = criterion(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    top1, top5 = accuracy(logits, labels, topk=(1, 5))
    print(f"Step: {n_iter}\tLoss: {loss}\tTop1 accuracy: {top1[0]}\tTop5: {top5[0]}")
print(logits.shape, labels.shape)
final = {"logits": logits, "w_head": head[2].weight, "w_backbone": backbone[0].weight}
'''

ZALANDO_VQ_VAE = r'''
# After zalandoresearch/pytorch-vq-vae (vq-vae.ipynb): VectorQuantizer (the codebook uniform
# in +-1/K, BHWC permute, squared distances, argmin one-hot by scatter_, the codebook and
# commitment losses, the straight-through quantized = inputs + (quantized - inputs).detach(),
# the perplexity), Residual/ResidualStack, Encoder and Decoder of strided convolutions and
# transposed convolutions, Model with _pre_vq_conv, and the training loop's
# recon_error = F.mse_loss(data_recon, data) / data_variance with Adam(amsgrad=False).
# Changed: CIFAR-10 replaced by 64 random 3x16x16 images; num_hiddens 32, residual hiddens 8,
# embedding_dim 8, 32 embeddings; 8 steps of batch 16 (not 15000 of 256).
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class VectorQuantizer(nn.Module):
    def __init__(self, num_embeddings, embedding_dim, commitment_cost):
        super(VectorQuantizer, self).__init__()
        self._embedding_dim = embedding_dim
        self._num_embeddings = num_embeddings
        self._embedding = nn.Embedding(self._num_embeddings, self._embedding_dim)
        self._embedding.weight.data.uniform_(-1/self._num_embeddings, 1/self._num_embeddings)
        self._commitment_cost = commitment_cost

    def forward(self, inputs):
        inputs = inputs.permute(0, 2, 3, 1).contiguous()
        input_shape = inputs.shape
        flat_input = inputs.view(-1, self._embedding_dim)
        distances = (torch.sum(flat_input**2, dim=1, keepdim=True)
                     + torch.sum(self._embedding.weight**2, dim=1)
                     - 2 * torch.matmul(flat_input, self._embedding.weight.t()))
        encoding_indices = torch.argmin(distances, dim=1).unsqueeze(1)
        encodings = torch.zeros(encoding_indices.shape[0], self._num_embeddings)
        encodings.scatter_(1, encoding_indices, 1)
        quantized = torch.matmul(encodings, self._embedding.weight).view(input_shape)
        e_latent_loss = F.mse_loss(quantized.detach(), inputs)
        q_latent_loss = F.mse_loss(quantized, inputs.detach())
        loss = q_latent_loss + self._commitment_cost * e_latent_loss
        quantized = inputs + (quantized - inputs).detach()
        avg_probs = torch.mean(encodings, dim=0)
        perplexity = torch.exp(-torch.sum(avg_probs * torch.log(avg_probs + 1e-10)))
        return loss, quantized.permute(0, 3, 1, 2).contiguous(), perplexity, encodings


class Residual(nn.Module):
    def __init__(self, in_channels, num_hiddens, num_residual_hiddens):
        super(Residual, self).__init__()
        self._block = nn.Sequential(
            nn.ReLU(True),
            nn.Conv2d(in_channels, num_residual_hiddens, kernel_size=3, stride=1, padding=1, bias=False),
            nn.ReLU(True),
            nn.Conv2d(num_residual_hiddens, num_hiddens, kernel_size=1, stride=1, bias=False))

    def forward(self, x):
        return x + self._block(x)


class ResidualStack(nn.Module):
    def __init__(self, in_channels, num_hiddens, num_residual_layers, num_residual_hiddens):
        super(ResidualStack, self).__init__()
        self._layers = nn.ModuleList([Residual(in_channels, num_hiddens, num_residual_hiddens)
                                      for _ in range(num_residual_layers)])

    def forward(self, x):
        for layer in self._layers:
            x = layer(x)
        return F.relu(x)


class Model(nn.Module):
    def __init__(self, num_hiddens, num_residual_layers, num_residual_hiddens,
                 num_embeddings, embedding_dim, commitment_cost):
        super(Model, self).__init__()
        self._conv_1 = nn.Conv2d(3, num_hiddens // 2, kernel_size=4, stride=2, padding=1)
        self._conv_2 = nn.Conv2d(num_hiddens // 2, num_hiddens, kernel_size=4, stride=2, padding=1)
        self._enc_stack = ResidualStack(num_hiddens, num_hiddens, num_residual_layers, num_residual_hiddens)
        self._pre_vq_conv = nn.Conv2d(num_hiddens, embedding_dim, kernel_size=1, stride=1)
        self._vq_vae = VectorQuantizer(num_embeddings, embedding_dim, commitment_cost)
        self._dec_conv = nn.Conv2d(embedding_dim, num_hiddens, kernel_size=3, stride=1, padding=1)
        self._dec_stack = ResidualStack(num_hiddens, num_hiddens, num_residual_layers, num_residual_hiddens)
        self._trans_1 = nn.ConvTranspose2d(num_hiddens, num_hiddens // 2, kernel_size=4, stride=2, padding=1)
        self._trans_2 = nn.ConvTranspose2d(num_hiddens // 2, 3, kernel_size=4, stride=2, padding=1)

    def forward(self, x):
        z = self._enc_stack(self._conv_2(F.relu(self._conv_1(x))))
        z = self._pre_vq_conv(z)
        loss, quantized, perplexity, _ = self._vq_vae(z)
        x = self._dec_stack(self._dec_conv(quantized))
        x_recon = self._trans_2(F.relu(self._trans_1(x)))
        return loss, x_recon, perplexity


torch.manual_seed(0)
training_data = torch.rand(64, 3, 16, 16) - 0.5
data_variance = training_data.var().item()
loader = torch.utils.data.DataLoader(training_data, batch_size=16, shuffle=True)
model = Model(32, 2, 8, 32, 8, 0.25)
optimizer = optim.Adam(model.parameters(), lr=1e-3, amsgrad=False)
model.train()
train_res_recon_error = []
train_res_perplexity = []
for i in range(8):
    data = next(iter(loader))
    optimizer.zero_grad()
    vq_loss, data_recon, perplexity = model(data)
    recon_error = F.mse_loss(data_recon, data) / data_variance
    loss = recon_error + vq_loss
    loss.backward()
    optimizer.step()
    train_res_recon_error.append(recon_error.item())
    train_res_perplexity.append(perplexity.item())
    print('%d iterations' % (i + 1), 'recon_error: %.3f' % recon_error.item(),
          'perplexity: %.3f' % perplexity.item())
final = {"codebook": model._vq_vae._embedding.weight, "recon": data_recon,
         "conv1": model._conv_1.weight}
'''
