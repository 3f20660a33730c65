"""Programs in the style of the official tutorials and popular examples (written for gradviz's
corpus after the named sources; not copies; datasets replaced by random tensors of the same
shape): a VAE, a 1-D GAN, a small DCGAN, autoencoders, an EmbeddingBag text classifier, a
seq2seq decoder with attention, skip-gram with negative sampling, hooks, learning-rate
schedulers, the NumPy bridge, fine-tuning with frozen layers, a custom linear Function and a
physics-informed net."""

VAE_MLP = r'''
# After pytorch/examples vae/main.py (a VAE on MNIST: 784-400-20 encoder, reparameterization,
# BCE + KLD loss); MNIST replaced by random pixels in [0, 1].
import torch
import torch.utils.data
from torch import nn, optim
from torch.nn import functional as F


class VAE(nn.Module):
    def __init__(self):
        super(VAE, self).__init__()
        self.fc1 = nn.Linear(784, 40)
        self.fc21 = nn.Linear(40, 5)
        self.fc22 = nn.Linear(40, 5)
        self.fc3 = nn.Linear(5, 40)
        self.fc4 = nn.Linear(40, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


model = VAE()
optimizer = optim.Adam(model.parameters(), lr=1e-3)


def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction='sum')
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return BCE + KLD


data = torch.rand(16, 1, 28, 28)
train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(data, torch.zeros(16)),
                                           batch_size=8, shuffle=False)
for epoch in range(1, 3):
    model.train()
    train_loss = 0
    for batch_idx, (data_b, _) in enumerate(train_loader):
        optimizer.zero_grad()
        recon_batch, mu, logvar = model(data_b)
        loss = loss_function(recon_batch, data_b, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
        print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
            epoch, batch_idx * len(data_b), len(train_loader.dataset),
            100. * batch_idx / len(train_loader), loss.item() / len(data_b)))
    print('====> Epoch: {} Average loss: {:.4f}'.format(epoch, train_loss / len(train_loader.dataset)))
model.eval()
with torch.no_grad():
    sample = torch.randn(4, 5)
    sample = model.decode(sample).cpu()
    print(sample.view(4, 1, 28, 28).shape, sample.mean())
final = {"sample": sample, "fc1.weight": model.fc1.weight}
'''

GAN_1D = r'''
# After devnag/pytorch-generative-adversarial-networks gan_pytorch.py ("GANs in 50 lines of
# code"): a generator learns a 1-D Gaussian; the discriminator sees each sample's moments.
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

data_mean, data_stddev = 4, 1.25
(name, preprocess, d_input_func) = ("Data and variances", lambda data: decorate_with_diffs(data, 2.0), lambda x: x * 2)


def get_distribution_sampler(mu, sigma):
    return lambda n: torch.Tensor(np.random.normal(mu, sigma, (1, n)))


def get_generator_input_sampler():
    return lambda m, n: torch.rand(m, n)


class Generator(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, f):
        super(Generator, self).__init__()
        self.map1 = nn.Linear(input_size, hidden_size)
        self.map2 = nn.Linear(hidden_size, hidden_size)
        self.map3 = nn.Linear(hidden_size, output_size)
        self.f = f

    def forward(self, x):
        x = self.map1(x)
        x = self.f(x)
        x = self.map2(x)
        x = self.f(x)
        x = self.map3(x)
        return x


class Discriminator(nn.Module):
    def __init__(self, input_size, hidden_size, output_size, f):
        super(Discriminator, self).__init__()
        self.map1 = nn.Linear(input_size, hidden_size)
        self.map2 = nn.Linear(hidden_size, hidden_size)
        self.map3 = nn.Linear(hidden_size, output_size)
        self.f = f

    def forward(self, x):
        x = self.f(self.map1(x))
        x = self.f(self.map2(x))
        return self.f(self.map3(x))


def extract(v):
    return v.data.storage().tolist()


def stats(d):
    return [np.mean(d), np.std(d)]


def decorate_with_diffs(data, exponent, remove_raw_data=False):
    mean = torch.mean(data.data, 1, keepdim=True)
    mean_broadcast = torch.mul(torch.ones(data.size()), mean.tolist()[0][0])
    diffs = torch.pow(data - mean_broadcast, exponent)
    if remove_raw_data:
        return torch.cat([diffs], 1)
    else:
        return torch.cat([data, diffs], 1)


np.random.seed(0)
g_input_size, g_hidden_size, g_output_size = 1, 5, 1
d_input_size, d_hidden_size, d_output_size = 50, 10, 1
minibatch_size = d_input_size
d_learning_rate, g_learning_rate, sgd_momentum = 1e-3, 1e-3, 0.9
d_sampler = get_distribution_sampler(data_mean, data_stddev)
gi_sampler = get_generator_input_sampler()
G = Generator(input_size=g_input_size, hidden_size=g_hidden_size, output_size=g_output_size, f=torch.tanh)
D = Discriminator(input_size=d_input_func(d_input_size), hidden_size=d_hidden_size, output_size=d_output_size, f=torch.sigmoid)
criterion = nn.BCELoss()
d_optimizer = optim.SGD(D.parameters(), lr=d_learning_rate, momentum=sgd_momentum)
g_optimizer = optim.SGD(G.parameters(), lr=g_learning_rate, momentum=sgd_momentum)
for epoch in range(6):
    D.zero_grad()
    d_real_data = d_sampler(d_input_size)
    d_real_decision = D(preprocess(d_real_data))
    d_real_error = criterion(d_real_decision, torch.ones([1, 1]))
    d_real_error.backward()
    d_gen_input = gi_sampler(minibatch_size, g_input_size)
    d_fake_data = G(d_gen_input).detach()
    d_fake_decision = D(preprocess(d_fake_data.t()))
    d_fake_error = criterion(d_fake_decision, torch.zeros([1, 1]))
    d_fake_error.backward()
    d_optimizer.step()
    dre, dfe = extract(d_real_error)[0], extract(d_fake_error)[0]
    G.zero_grad()
    gen_input = gi_sampler(minibatch_size, g_input_size)
    g_fake_data = G(gen_input)
    dg_fake_decision = D(preprocess(g_fake_data.t()))
    g_error = criterion(dg_fake_decision, torch.ones([1, 1]))
    g_error.backward()
    g_optimizer.step()
    ge = extract(g_error)[0]
    print("Epoch %s: D (%s real_err, %s fake_err) G (%s err); Real Dist (%s),  Fake Dist (%s) " %
          (epoch, dre, dfe, ge, stats(extract(d_real_data)), stats(extract(d_fake_data))))
final = {"g": G.map1.weight, "d": D.map3.weight, "ge": g_error}
'''

DCGAN_SMALL = r'''
# After the PyTorch DCGAN tutorial (beginner_source/dcgan_faces_tutorial.py): weights_init by
# classname (Conv -> N(0, 0.02), BatchNorm -> N(1, 0.02) and bias 0), a ConvTranspose2d
# generator with BatchNorm2d and ReLU/Tanh, a Conv2d discriminator with LeakyReLU(0.2) and
# Sigmoid, BCELoss with real/fake labels, Adam(betas=(0.5, 0.999)); CelebA replaced by random
# 16x16 images and the nets shrunk.
import torch
import torch.nn as nn
import torch.optim as optim

nc, nz, ngf, ndf = 1, 8, 4, 4


def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


class Generator(nn.Module):
    def __init__(self):
        super(Generator, self).__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh())

    def forward(self, input):
        return self.main(input)


class Discriminator(nn.Module):
    def __init__(self):
        super(Discriminator, self).__init__()
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf * 2, 1, 4, 1, 0, bias=False),
            nn.Sigmoid())

    def forward(self, input):
        return self.main(input)


netG = Generator()
netG.apply(weights_init)
print(netG)
netD = Discriminator()
netD.apply(weights_init)
criterion = nn.BCELoss()
fixed_noise = torch.randn(4, nz, 1, 1)
real_label, fake_label = 1., 0.
optimizerD = optim.Adam(netD.parameters(), lr=0.0002, betas=(0.5, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
data = torch.rand(8, nc, 16, 16) * 2 - 1
for i in range(3):
    netD.zero_grad()
    real_cpu = data
    b_size = real_cpu.size(0)
    label = torch.full((b_size,), real_label, dtype=torch.float)
    output = netD(real_cpu).view(-1)
    errD_real = criterion(output, label)
    errD_real.backward()
    D_x = output.mean().item()
    noise = torch.randn(b_size, nz, 1, 1)
    fake = netG(noise)
    label.fill_(fake_label)
    output = netD(fake.detach()).view(-1)
    errD_fake = criterion(output, label)
    errD_fake.backward()
    D_G_z1 = output.mean().item()
    errD = errD_real + errD_fake
    optimizerD.step()
    netG.zero_grad()
    label.fill_(real_label)
    output = netD(fake).view(-1)
    errG = criterion(output, label)
    errG.backward()
    D_G_z2 = output.mean().item()
    optimizerG.step()
    print('[%d]\tLoss_D: %.4f\tLoss_G: %.4f\tD(x): %.4f\tD(G(z)): %.4f / %.4f'
          % (i, errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
with torch.no_grad():
    fake = netG(fixed_noise).detach().cpu()
print(fake.shape, fake.mean())
final = {"fake": fake, "g": netG.main[0].weight}
'''

AUTOENCODER_MLP = r'''
# After the common MNIST autoencoder tutorials (e.g. GeeksforGeeks "Implementing an Autoencoder
# in PyTorch"; L1aoXingyu/pytorch-beginner 08-AutoEncoder/simple_autoencoder.py): a 784-128-32
# encoder / 32-128-784 decoder with ReLU and Sigmoid, MSE loss, Adam with weight decay; then a
# denoising variant that adds Gaussian noise with torch.randn_like and clamps the input.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class AE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(
            torch.nn.Linear(28 * 28, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 36), torch.nn.ReLU(),
            torch.nn.Linear(36, 18), torch.nn.ReLU(),
            torch.nn.Linear(18, 9))
        self.decoder = torch.nn.Sequential(
            torch.nn.Linear(9, 18), torch.nn.ReLU(),
            torch.nn.Linear(18, 36), torch.nn.ReLU(),
            torch.nn.Linear(36, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 28 * 28), torch.nn.Sigmoid())

    def forward(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return decoded


images = torch.rand(24, 1, 28, 28)
loader = DataLoader(TensorDataset(images, torch.zeros(24)), batch_size=8, shuffle=True)
model = AE()
loss_function = torch.nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-1, weight_decay=1e-8)
epochs = 2
outputs = []
losses = []
for epoch in range(epochs):
    for (image, _) in loader:
        image = image.reshape(-1, 28 * 28)
        reconstructed = model(image)
        loss = loss_function(reconstructed, image)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss)
    outputs.append((epochs, image, reconstructed))
print([round(l.item(), 6) for l in losses])
print(outputs[-1][2].shape)

model = AE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
noise_factor = 0.3
for epoch in range(2):
    total = 0.0
    for (image, _) in loader:
        image = image.view(image.size(0), -1)
        noisy = image + noise_factor * torch.randn_like(image)
        noisy = torch.clamp(noisy, 0., 1.)
        out = model(noisy)
        loss = nn.functional.mse_loss(out, image)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * image.size(0)
    print('epoch [{}/{}], loss:{:.4f}'.format(epoch + 1, 2, total / len(loader.dataset)))
with torch.no_grad():
    code = model.encoder(images.view(24, -1))
print(code.shape, code.norm(dim=1)[:4])
final = {"code": code, "loss": loss}
'''

TEXT_EMBEDDINGBAG = r'''
# After the PyTorch tutorial "Text classification with the torchtext library"
# (pytorch/tutorials beginner_source/text_sentiment_ngrams_tutorial.py; model as in
# luohaohaoluo/pytorch-tutorial text/TextClassification/code/models.py); AG_NEWS replaced by
# random token ids.
import torch
from torch import nn


class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super(TextClassificationModel, self).__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()

    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()

    def forward(self, text, offsets):
        embedded = self.embedding(text, offsets)
        return self.fc(embedded)


vocab_size, emsize, num_class = 50, 8, 4
model = TextClassificationModel(vocab_size, emsize, num_class)
lengths = [5, 3, 7, 4, 6, 2]
batch = []
for n in lengths:
    label = torch.randint(0, num_class, (1,)).item()
    text = torch.randint(0, vocab_size, (n,))
    batch.append((label, text))


def collate_batch(batch):
    label_list, text_list, offsets = [], [], [0]
    for _label, _text in batch:
        label_list.append(_label)
        text_list.append(_text)
        offsets.append(_text.size(0))
    label_list = torch.tensor(label_list, dtype=torch.int64)
    offsets = torch.tensor(offsets[:-1]).cumsum(dim=0)
    text_list = torch.cat(text_list)
    return label_list, text_list, offsets


label, text, offsets = collate_batch(batch)
print(offsets)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
for epoch in range(1, 4):
    model.train()
    optimizer.zero_grad()
    predicted_label = model(text, offsets)
    loss = criterion(predicted_label, label)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
    optimizer.step()
    total_acc = (predicted_label.argmax(1) == label).sum().item()
    scheduler.step()
    print(f"| epoch {epoch:3d} | loss {loss.item():8.5f} | accuracy {total_acc / label.size(0):8.3f} | lr {scheduler.get_last_lr()[0]}")
model.eval()
with torch.no_grad():
    out = model(text, offsets)
print(out.argmax(1))
final = {"loss": loss, "out": out, "emb": model.embedding.weight}
'''

SEQ2SEQ_ATTN = r'''
# After the PyTorch tutorial "NLP From Scratch: Translation with a Sequence to Sequence Network
# and Attention" (pytorch/tutorials intermediate_source/seq2seq_translation_tutorial.py, 2023
# version: batch-first EncoderRNN, BahdanauAttention, AttnDecoderRNN); the French-English pairs
# replaced by random token ids.
import torch
import torch.nn as nn
from torch import optim
import torch.nn.functional as F

SOS_token = 0
EOS_token = 1
MAX_LENGTH = 6
device = torch.device("cpu")


class EncoderRNN(nn.Module):
    def __init__(self, input_size, hidden_size, dropout_p=0.1):
        super(EncoderRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(input_size, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout_p)

    def forward(self, input):
        embedded = self.dropout(self.embedding(input))
        output, hidden = self.gru(embedded)
        return output, hidden


class BahdanauAttention(nn.Module):
    def __init__(self, hidden_size):
        super(BahdanauAttention, self).__init__()
        self.Wa = nn.Linear(hidden_size, hidden_size)
        self.Ua = nn.Linear(hidden_size, hidden_size)
        self.Va = nn.Linear(hidden_size, 1)

    def forward(self, query, keys):
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(keys)))
        scores = scores.squeeze(2).unsqueeze(1)
        weights = F.softmax(scores, dim=-1)
        context = torch.bmm(weights, keys)
        return context, weights


class AttnDecoderRNN(nn.Module):
    def __init__(self, hidden_size, output_size, dropout_p=0.1):
        super(AttnDecoderRNN, self).__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.attention = BahdanauAttention(hidden_size)
        self.gru = nn.GRU(2 * hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)
        self.dropout = nn.Dropout(dropout_p)

    def forward(self, encoder_outputs, encoder_hidden, target_tensor=None):
        batch_size = encoder_outputs.size(0)
        decoder_input = torch.empty(batch_size, 1, dtype=torch.long, device=device).fill_(SOS_token)
        decoder_hidden = encoder_hidden
        decoder_outputs = []
        attentions = []
        for i in range(MAX_LENGTH):
            decoder_output, decoder_hidden, attn_weights = self.forward_step(
                decoder_input, decoder_hidden, encoder_outputs)
            decoder_outputs.append(decoder_output)
            attentions.append(attn_weights)
            if target_tensor is not None:
                decoder_input = target_tensor[:, i].unsqueeze(1)
            else:
                _, topi = decoder_output.topk(1)
                decoder_input = topi.squeeze(-1).detach()
        decoder_outputs = torch.cat(decoder_outputs, dim=1)
        decoder_outputs = F.log_softmax(decoder_outputs, dim=-1)
        attentions = torch.cat(attentions, dim=1)
        return decoder_outputs, decoder_hidden, attentions

    def forward_step(self, input, hidden, encoder_outputs):
        embedded = self.dropout(self.embedding(input))
        query = hidden.permute(1, 0, 2)
        context, attn_weights = self.attention(query, encoder_outputs)
        input_gru = torch.cat((embedded, context), dim=2)
        output, hidden = self.gru(input_gru, hidden)
        output = self.out(output)
        return output, hidden, attn_weights


input_lang_n_words, output_lang_n_words, hidden_size, batch_size = 12, 10, 8, 4
input_ids = torch.randint(2, input_lang_n_words, (batch_size, MAX_LENGTH))
target_ids = torch.randint(2, output_lang_n_words, (batch_size, MAX_LENGTH))
input_ids[:, -1] = EOS_token
target_ids[:, -1] = EOS_token
encoder = EncoderRNN(input_lang_n_words, hidden_size).to(device)
decoder = AttnDecoderRNN(hidden_size, output_lang_n_words).to(device)
encoder_optimizer = optim.Adam(encoder.parameters(), lr=0.001)
decoder_optimizer = optim.Adam(decoder.parameters(), lr=0.001)
criterion = nn.NLLLoss()
for epoch in range(1, 4):
    encoder_optimizer.zero_grad()
    decoder_optimizer.zero_grad()
    encoder_outputs, encoder_hidden = encoder(input_ids)
    decoder_outputs, _, _ = decoder(encoder_outputs, encoder_hidden, target_ids)
    loss = criterion(decoder_outputs.view(-1, decoder_outputs.size(-1)), target_ids.view(-1))
    loss.backward()
    encoder_optimizer.step()
    decoder_optimizer.step()
    print(epoch, loss.item())
with torch.no_grad():
    encoder_outputs, encoder_hidden = encoder(input_ids[:1])
    decoder_outputs, decoder_hidden, decoder_attn = decoder(encoder_outputs, encoder_hidden)
    _, topi = decoder_outputs.topk(1)
    decoded_ids = topi.squeeze()
    decoded_words = []
    for idx in decoded_ids:
        if idx.item() == EOS_token:
            decoded_words.append('<EOS>')
            break
        decoded_words.append(f"w{idx.item()}")
print(decoded_words, decoder_attn.shape)
final = {"loss": loss, "attn": decoder_attn, "gru": decoder.gru.weight_hh_l0}
'''

SKIPGRAM_NEG = r'''
# After lukysummer/SkipGram_with_NegativeSampling_Pytorch (SkipGramNeg + NegativeSamplingLoss,
# as adapted in cmkwong/mt5Mvc .../myTorch/SkipGramNeg.py): two embedding tables, noise words
# drawn with torch.multinomial from the unigram^0.75 distribution; text8 replaced by random ids.
import numpy as np
import torch
from torch import nn
import torch.optim as optim
from collections import Counter


class SkipGramNeg(nn.Module):
    def __init__(self, n_vocab, n_embed, noise_dist=None):
        super().__init__()
        self.n_vocab = n_vocab
        self.n_embed = n_embed
        self.noise_dist = noise_dist
        self.in_embed = nn.Embedding(n_vocab, n_embed)
        self.out_embed = nn.Embedding(n_vocab, n_embed)
        self.in_embed.weight.data.uniform_(-1, 1)
        self.out_embed.weight.data.uniform_(-1, 1)

    def forward_input(self, input_words):
        return self.in_embed(input_words)

    def forward_output(self, output_words):
        return self.out_embed(output_words)

    def forward_noise(self, batch_size, n_samples):
        if self.noise_dist is None:
            noise_dist = torch.ones(self.n_vocab)
        else:
            noise_dist = self.noise_dist
        noise_words = torch.multinomial(noise_dist, batch_size * n_samples, replacement=True)
        noise_vectors = self.out_embed(noise_words).view(batch_size, n_samples, self.n_embed)
        return noise_vectors


class NegativeSamplingLoss(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, input_vectors, output_vectors, noise_vectors):
        batch_size, embed_size = input_vectors.shape
        input_vectors = input_vectors.view(batch_size, embed_size, 1)
        output_vectors = output_vectors.view(batch_size, 1, embed_size)
        out_loss = torch.bmm(output_vectors, input_vectors).sigmoid().log()
        out_loss = out_loss.squeeze()
        noise_loss = torch.bmm(noise_vectors.neg(), input_vectors).sigmoid().log()
        noise_loss = noise_loss.squeeze().sum(1)
        return -(out_loss + noise_loss).mean()


rng = np.random.RandomState(0)
int_words = list(rng.randint(0, 20, size=200))
word_counts = Counter(int_words)
freqs = {word: count / len(int_words) for word, count in word_counts.items()}
word_freqs = np.array(sorted(freqs.values(), reverse=True))
unigram_dist = word_freqs / word_freqs.sum()
noise_dist = torch.from_numpy(unigram_dist ** 0.75 / np.sum(unigram_dist ** 0.75))


def get_target(words, idx, window_size=2):
    R = 2
    start = idx - R if (idx - R) > 0 else 0
    stop = idx + R
    return list(words[start:idx] + words[idx + 1:stop + 1])


def get_batches(words, batch_size, window_size=2):
    for idx in range(0, len(words), batch_size):
        x, y = [], []
        batch = words[idx:idx + batch_size]
        for ii in range(len(batch)):
            batch_x = batch[ii]
            batch_y = get_target(batch, ii, window_size)
            y.extend(batch_y)
            x.extend([batch_x] * len(batch_y))
        yield x, y


model = SkipGramNeg(len(word_freqs), 6, noise_dist=noise_dist)
criterion = NegativeSamplingLoss()
optimizer = optim.Adam(model.parameters(), lr=0.003)
steps = 0
for inputs, targets in get_batches(int_words, 40):
    steps += 1
    inputs, targets = torch.LongTensor(inputs), torch.LongTensor(targets)
    input_vectors = model.forward_input(inputs)
    output_vectors = model.forward_output(targets)
    noise_vectors = model.forward_noise(inputs.shape[0], 5)
    loss = criterion(input_vectors, output_vectors, noise_vectors)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print("step", steps, "loss", loss.item())
embed_vectors = model.in_embed.weight
magnitudes = embed_vectors.pow(2).sum(dim=1).sqrt().unsqueeze(0)
valid_examples = torch.LongTensor(np.array([0, 1, 2, 3]))
valid_vectors = model.in_embed(valid_examples)
similarities = torch.mm(valid_vectors, embed_vectors.t()) / magnitudes
_, closest_idxs = similarities.topk(4)
print(closest_idxs)
final = {"loss": loss, "sim": similarities}
'''

HOOKS_TUTORIAL = r'''
# After the PyTorch docs on hooks (tutorials "Forward and Backward Function Hooks"; the widely
# used "PyTorch 101: Understanding Hooks" teaching post): Tensor.register_hook to print and alter
# a gradient, retain_grad on intermediates, nn.Module forward hooks collecting activations,
# and removing a hook through its handle.
import torch
import torch.nn as nn

a = torch.ones(5)
a.requires_grad = True
b = 2 * a
b.retain_grad()
c = b.mean()
c.backward()
print(a.grad, b.grad)

a = torch.ones(5, requires_grad=True)
b = 2 * a
b.register_hook(lambda grad: print("hook on b:", grad))
h = b.register_hook(lambda grad: grad * 10)
c = b.mean()
c.backward()
print(a.grad)
h.remove()
a.grad = None
(2 * a).mean().backward()
print(a.grad)


class myNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.relu = nn.ReLU()
        self.flatten = lambda x: x.view(-1)
        self.fc1 = nn.Linear(4 * 6 * 6, 5)

    def forward(self, x):
        x = self.relu(self.conv(x))
        return self.fc1(self.flatten(x))


net = myNet()
activation = {}


def get_activation(name):
    def hook(model, input, output):
        activation[name] = output.detach()
    return hook


handle = net.conv.register_forward_hook(get_activation('conv'))
net.fc1.register_forward_hook(get_activation('fc1'))
x = torch.randn(1, 3, 8, 8)
out = net(x)
print(activation['conv'].shape, activation['fc1'])
handle.remove()
activation.clear()
out = net(x)
print(sorted(activation.keys()))


def print_grad(name):
    def hook(grad):
        print(name, grad.shape, grad.abs().sum().item())
    return hook


x = torch.randn(1, 3, 8, 8, requires_grad=True)
x.register_hook(print_grad("input"))
out = net(x)
out.sum().backward()
print(net.conv.weight.grad.abs().sum())
final = {"out": out, "g": net.conv.weight.grad, "xg": x.grad}
'''

LR_SCHEDULERS = r'''
# After the PyTorch docs "How to adjust learning rate" (torch.optim.lr_scheduler) and the
# common scheduler-tour notebooks (e.g. the Kaggle "Guide to Pytorch Learning Rate Scheduling"):
# StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LambdaLR, ReduceLROnPlateau and
# OneCycleLR stepped on a small regression model, printing the rate each epoch.
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim import lr_scheduler

X = torch.randn(32, 3)
y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.1


def run(make_sched, epochs=6, plateau=False, per_batch=False):
    model = nn.Linear(3, 1)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = make_sched(opt)
    lrs = []
    for epoch in range(epochs):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        opt.step()
        lrs.append(opt.param_groups[0]["lr"])
        if plateau:
            sched.step(loss.item())
        else:
            sched.step()
    print(type(sched).__name__, [round(v, 6) for v in lrs], round(loss.item(), 6))
    return model


run(lambda o: lr_scheduler.StepLR(o, step_size=2, gamma=0.5))
run(lambda o: lr_scheduler.MultiStepLR(o, milestones=[1, 4], gamma=0.1))
run(lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9))
run(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.001))
run(lambda o: lr_scheduler.LambdaLR(o, lr_lambda=lambda epoch: 0.95 ** epoch))
run(lambda o: lr_scheduler.ReduceLROnPlateau(o, mode='min', factor=0.5, patience=0), plateau=True)
m = run(lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=6))
opt = optim.Adam(m.parameters(), lr=0.01)
sched = lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
for _ in range(3):
    opt.step()
    sched.step()
print(sched.get_last_lr(), sched.state_dict()["last_epoch"])
final = {"w": m.weight}
'''

TENSOR_NUMPY_BRIDGE = r'''
# After the PyTorch tutorial "Tensors" (beginner_source/basics/tensorqs_tutorial.py, the
# "Bridge with NumPy" and device sections) and the 60-minute blitz's tensor page: from_numpy
# shares memory, .numpy() shares memory, torch.tensor copies, as_tensor, dtype conversions,
# .to(device) / .cpu(), .item(), .tolist(), and in-place add_ seen through the numpy view.
import numpy as np
import torch

data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
np_array = np.array(data)
x_np = torch.from_numpy(np_array)
print(x_data.dtype, x_np.dtype)
x_ones = torch.ones_like(x_data)
x_rand = torch.rand_like(x_data, dtype=torch.float)
print(x_ones, x_rand.shape)
t = torch.ones(5)
n = t.numpy()
print(f"t: {t}")
print(f"n: {n}")
t.add_(1)
print(f"t: {t}")
print(f"n: {n}")
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")
c = torch.tensor(n)
n[0] = 100
print(c, t)
a = torch.as_tensor(n)
n[1] = -1
print(a)
device = "cuda" if torch.cuda.is_available() else "cpu"
tensor = torch.rand(3, 4)
tensor = tensor.to(device)
print(f"Device tensor is stored on: {tensor.device}")
print(tensor.cpu().numpy().dtype, tensor.double().dtype, tensor.half().dtype, tensor.int().dtype)
print(tensor.to(torch.float64).dtype, tensor.type(torch.int64).dtype, tensor.long().dtype)
agg = tensor.sum()
agg_item = agg.item()
print(agg_item, type(agg_item))
print(tensor[0].tolist())
w = torch.randn(3, requires_grad=True)
print(w.detach().numpy().shape, w.detach().cpu().numpy().dtype)
try:
    w.numpy()
except RuntimeError as e:
    print("RuntimeError:", e)
x = torch.from_numpy(np.arange(6, dtype=np.float32).reshape(2, 3))
y = x.t().contiguous()
print(y.is_contiguous(), x.t().is_contiguous(), y.stride(), x.stride())
print(np.asarray(x).sum(), torch.tensor(np.float64(2.5)).dtype, torch.tensor(np.array(3)).dtype)
final = {"t": t, "tensor": tensor}
'''

FINETUNE_FREEZE = r'''
# After the PyTorch tutorial "Transfer Learning for Computer Vision" (finetuning vs fixed feature
# extractor: requires_grad = False on the backbone, a new head, optimizer on the head only,
# StepLR) and the "Datasets & DataLoaders" tutorial (a custom Dataset subclass, random_split,
# a generator-seeded split); a small CNN stands in for ResNet-18 and random images for
# hymenoptera_data; the model is copied with copy.deepcopy / state_dict as in train_model.
import copy
import torch
import torch.nn as nn
import torch.optim as optim
from torch.optim import lr_scheduler
from torch.utils.data import Dataset, DataLoader, random_split


class RandomImages(Dataset):
    def __init__(self, n):
        self.x = torch.randn(n, 3, 16, 16)
        self.y = torch.randint(0, 2, (n,))

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


full = RandomImages(20)
train_set, val_set = random_split(full, [16, 4], generator=torch.Generator().manual_seed(42))
print(len(train_set), len(val_set))
dataloaders = {'train': DataLoader(train_set, batch_size=4, shuffle=False),
               'val': DataLoader(val_set, batch_size=4, shuffle=False)}
dataset_sizes = {'train': len(train_set), 'val': len(val_set)}


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                                      nn.MaxPool2d(2), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(),
                                      nn.AdaptiveAvgPool2d((1, 1)))
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = self.features(x)
        x = torch.flatten(x, 1)
        return self.fc(x)


def train_model(model, criterion, optimizer, scheduler, num_epochs=2):
    best_model_wts = copy.deepcopy(model.state_dict())
    best_acc = 0.0
    for epoch in range(num_epochs):
        print(f'Epoch {epoch}/{num_epochs - 1}')
        for phase in ['train', 'val']:
            if phase == 'train':
                model.train()
            else:
                model.eval()
            running_loss = 0.0
            running_corrects = 0
            for inputs, labels in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == 'train'):
                    outputs = model(inputs)
                    _, preds = torch.max(outputs, 1)
                    loss = criterion(outputs, labels)
                    if phase == 'train':
                        loss.backward()
                        optimizer.step()
                running_loss += loss.item() * inputs.size(0)
                running_corrects += torch.sum(preds == labels.data)
            if phase == 'train':
                scheduler.step()
            epoch_loss = running_loss / dataset_sizes[phase]
            epoch_acc = running_corrects.double() / dataset_sizes[phase]
            print(f'{phase} Loss: {epoch_loss:.4f} Acc: {epoch_acc:.4f}')
            if phase == 'val' and epoch_acc > best_acc:
                best_acc = epoch_acc
                best_model_wts = copy.deepcopy(model.state_dict())
    print(f'Best val Acc: {best_acc:4f}')
    model.load_state_dict(best_model_wts)
    return model


model_conv = Backbone()
for param in model_conv.parameters():
    param.requires_grad = False
num_ftrs = model_conv.fc.in_features
model_conv.fc = nn.Linear(num_ftrs, 2)
criterion = nn.CrossEntropyLoss()
optimizer_conv = optim.SGD(model_conv.fc.parameters(), lr=0.001, momentum=0.9)
exp_lr_scheduler = lr_scheduler.StepLR(optimizer_conv, step_size=7, gamma=0.1)
model_conv = train_model(model_conv, criterion, optimizer_conv, exp_lr_scheduler)
print([n for n, p in model_conv.named_parameters() if p.requires_grad])
print(model_conv.features[0].weight.grad is None, model_conv.fc.weight.grad is None)

model_ft = Backbone()
model_ft.fc = nn.Linear(model_ft.fc.in_features, 2)
optimizer_ft = optim.SGD([{'params': model_ft.features.parameters(), 'lr': 1e-4},
                          {'params': model_ft.fc.parameters()}], lr=1e-2, momentum=0.9)
sched = lr_scheduler.StepLR(optimizer_ft, step_size=1, gamma=0.1)
model_ft = train_model(model_ft, criterion, optimizer_ft, sched)
print([g['lr'] for g in optimizer_ft.param_groups])
final = {"fc": model_conv.fc.weight, "ft": model_ft.features[0].weight}
'''

EXTENDING_LINEAR_FUNCTION = r'''
# After the PyTorch docs "Extending PyTorch" (notes/extending.rst): LinearFunction as a
# torch.autograd.Function with ctx.save_for_backward and ctx.needs_input_grad, MulConstant with
# a non-tensor argument, a Module wrapping the Function, and the check with
# torch.autograd.gradcheck on double-precision inputs.
import torch
import torch.nn as nn
from torch.autograd import Function, gradcheck


class LinearFunction(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


class MulConstant(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


linear = LinearFunction.apply
input = (torch.randn(20, 20, dtype=torch.double, requires_grad=True), torch.randn(30, 20, dtype=torch.double, requires_grad=True))
test = gradcheck(linear, input, eps=1e-6, atol=1e-4)
print(test)


class Linear(nn.Module):
    def __init__(self, input_features, output_features, bias=True):
        super().__init__()
        self.input_features = input_features
        self.output_features = output_features
        self.weight = nn.Parameter(torch.empty(output_features, input_features))
        if bias:
            self.bias = nn.Parameter(torch.empty(output_features))
        else:
            self.register_parameter('bias', None)
        nn.init.uniform_(self.weight, -0.1, 0.1)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -0.1, 0.1)

    def forward(self, input):
        return LinearFunction.apply(input, self.weight, self.bias)

    def extra_repr(self):
        return 'input_features={}, output_features={}, bias={}'.format(
            self.input_features, self.output_features, self.bias is not None)


layer = Linear(4, 3)
print(layer)
x = torch.randn(5, 4)
out = MulConstant.apply(layer(x), 2.5)
out.sum().backward()
print(out.grad_fn.__class__.__name__ if out.grad_fn is not None else None)
print(layer.weight.grad, layer.bias.grad)
ref = nn.functional.linear(x, layer.weight, layer.bias) * 2.5
print(torch.allclose(ref, out))
final = {"out": out, "wg": layer.weight.grad}
'''

PINN_ODE = r'''
# After the PINN teaching notebooks (bzapf/pytorchdemo "Intro to PINN"; MinglangYin/PyTorchTutorial
# PINNs): a tanh MLP u(t) trained so that du/dt = -k u with u(0) = 1, derivatives from
# torch.autograd.grad(create_graph=True), plus an inverse problem that learns k.
import torch
import torch.nn as nn
import numpy as np


class Net(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(1, width), nn.Tanh(), nn.Linear(width, width),
                                    nn.Tanh(), nn.Linear(width, 1))

    def forward(self, t):
        return self.layers(t)


def derivative(u, t, order=1):
    for _ in range(order):
        u = torch.autograd.grad(u, t, grad_outputs=torch.ones_like(u), create_graph=True)[0]
    return u


net = Net()
k = 2.0
t = torch.linspace(0, 1, 25).reshape(-1, 1).requires_grad_(True)
t0 = torch.zeros(1, 1)
optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
for it in range(30):
    optimizer.zero_grad()
    u = net(t)
    du = derivative(u, t)
    residual = du + k * u
    loss_pde = torch.mean(residual ** 2)
    loss_bc = (net(t0) - 1.0).pow(2).squeeze()
    loss = loss_pde + loss_bc
    loss.backward()
    optimizer.step()
    if it % 5 == 0:
        print(f"it {it:3d}  pde {loss_pde.item():.6f}  bc {loss_bc.item():.6f}")
with torch.no_grad():
    t_test = torch.tensor([[0.0], [0.5], [1.0]])
    print(net(t_test).flatten(), torch.exp(-k * t_test).flatten())
u = net(t)
d2u = derivative(u, t, order=2)
print("second derivative mean", d2u.mean().item())

# inverse problem: learn k from data
t_data = torch.tensor(np.linspace(0, 1, 10), dtype=torch.float32).unsqueeze(1)
u_data = torch.exp(-1.5 * t_data)
k_param = nn.Parameter(torch.tensor(0.5))
net2 = Net(8)
opt2 = torch.optim.Adam(list(net2.parameters()) + [k_param], lr=1e-2)
for it in range(20):
    opt2.zero_grad()
    tt = t_data.clone().requires_grad_(True)
    u = net2(tt)
    du, = torch.autograd.grad(u.sum(), tt, create_graph=True)
    loss = nn.functional.mse_loss(u, u_data) + torch.mean((du + k_param * u) ** 2)
    loss.backward()
    opt2.step()
print("k estimate", k_param.item(), "loss", loss.item())
final = {"k": k_param, "w": net.layers[0].weight, "d2u": d2u}
'''
