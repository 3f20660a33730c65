"""A seventh, independent sample of 11 public teaching programs of the plainest, bring-from-home
kind (written for gradviz's corpus after the named sources; not copies; downloads replaced by
random tensors of the same shape): Gregor Koehler's "MNIST Handwritten Digit Recognition in
PyTorch" blog tutorial, pytorch/examples' dcgan, d2l's word2vec pretraining, Stanford CS230's
code examples (the SIGNS vision net and the NER LSTM, with their train/evaluate loops and
utils), L1aoXingyu's pytorch-beginner convolutional autoencoder and simple GAN, MorvanZhou's
RNN regressor and batch-normalisation tutorials, Aladdin Persson's simple fully connected GAN
and bentrevett's first pytorch-seq2seq notebook.  Sizes, epochs and steps cut so that each
runs in a second or two; plots, progress bars, image grids, TensorBoard writers and CUDA lines
dropped; logging.info written as print; PyTorch 0.3's loss.data[0] written loss.item() (it
fails on today's PyTorch itself).  Dropout as in the sources (the corpus replays PyTorch's
masks).

Measured first as they came, against main 9a8f512: 5 of 11 ran with PyTorch's numbers
(KOEHLER_MNIST_CNN, D2L_WORD2VEC_PRETRAINING, CS230_NLP_NER, L1AO_CONV_AUTOENCODER,
BENTREVETT_SEQ2SEQ).  One stopped at a missing API: pytorch/examples' dcgan at `import
torch.nn.parallel` (then `import torch.backends.cudnn` and Tensor.is_cuda).  The other five
are float32 round-off that the programs amplify: Adam dividing the round-off of near-zero
gradients back up (both GANs), Linear biases and an input BatchNorm's affine whose gradients
are zero but for round-off before BatchNorm1d (MorvanZhou's batch-normalisation net, whose
eval-mode running statistics record the steps), batch-norm statistics rounding differently
and flipping max_pool2d's argmax between near-equal values (CS230's SIGNS net), and numpy's
column padding of a float32 array printed with one digit more or less (the RNN regressor):
KNOWN_FAILURES in tests/torch_corpus/known_failures.py, each reason starting "first try"."""


KOEHLER_MNIST_CNN = r'''
# After Gregor Koehler, "MNIST Handwritten Digit Recognition in PyTorch" (blog tutorial,
# https://nextjournal.com/gkoehler/pytorch-mnist; read in copies on GitHub that follow it: a
# README "MNIST CNN Classifier in PyTorch ... Based on this NextJournal Article" and a course
# project's task 1 reusing its train()/test()): the hyperparameters, a seeded run with cuDNN
# off, Net (conv1 10x5x5, conv2 20x5x5, conv2_drop = nn.Dropout2d(), fc1 320->50, F.dropout,
# fc2, F.log_softmax(x) with the implicit dim), SGD(lr 0.01, momentum 0.5), train() with its
# log line and checkpoints of the network's and optimizer's state_dict, test() summing
# F.nll_loss(..., size_average=False) and pred.eq(target.data.view_as(pred)).sum(), then the
# training continued from the checkpoints (continued_optimizer built, as on the page, on
# network.parameters()).  Changed: MNIST replaced by random normalised 28x28 images (256
# training, 200 test; the test batch of 1000 kept), 3 epochs cut to 1 and the continued epochs
# 4..8 to one, log interval 2, '/results/' a temporary directory, the figures dropped.
import os
import tempfile
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

n_epochs = 1
batch_size_train = 64
batch_size_test = 1000
learning_rate = 0.01
momentum = 0.5
log_interval = 2

random_seed = 1
torch.backends.cudnn.enabled = False
torch.manual_seed(random_seed)

train_loader = DataLoader(
    TensorDataset((torch.rand(256, 1, 28, 28) - 0.1307) / 0.3081, torch.randint(0, 10, (256,))),
    batch_size=batch_size_train, shuffle=True)
test_loader = DataLoader(
    TensorDataset((torch.rand(200, 1, 28, 28) - 0.1307) / 0.3081, torch.randint(0, 10, (200,))),
    batch_size=batch_size_test, shuffle=True)

examples = enumerate(test_loader)
batch_idx, (example_data, example_targets) = next(examples)
print(example_data.shape)
print("Ground Truth: {}".format(example_targets[0]))


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x)


network = Net()
optimizer = optim.SGD(network.parameters(), lr=learning_rate, momentum=momentum)

results = tempfile.mkdtemp()
train_losses = []
train_counter = []
test_losses = []
test_counter = [i*len(train_loader.dataset) for i in range(n_epochs + 1)]


def train(epoch):
    network.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        optimizer.zero_grad()
        output = network(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % log_interval == 0:
            print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                epoch, batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))
            train_losses.append(loss.item())
            train_counter.append(
                (batch_idx*64) + ((epoch-1)*len(train_loader.dataset)))
            torch.save(network.state_dict(), os.path.join(results, 'model.pth'))
            torch.save(optimizer.state_dict(), os.path.join(results, 'optimizer.pth'))


def test():
    network.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            output = network(data)
            test_loss += F.nll_loss(output, target, size_average=False).item()
            pred = output.data.max(1, keepdim=True)[1]
            correct += pred.eq(target.data.view_as(pred)).sum()
    test_loss /= len(test_loader.dataset)
    test_losses.append(test_loss)
    print('\nTest set: Avg. loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n'.format(
        test_loss, correct, len(test_loader.dataset),
        100. * correct / len(test_loader.dataset)))


test()
for epoch in range(1, n_epochs + 1):
    train(epoch)
    test()

continued_network = Net()
continued_optimizer = optim.SGD(network.parameters(), lr=learning_rate,
                                momentum=momentum)

network_state_dict = torch.load(os.path.join(results, 'model.pth'))
continued_network.load_state_dict(network_state_dict)

optimizer_state_dict = torch.load(os.path.join(results, 'optimizer.pth'))
continued_optimizer.load_state_dict(optimizer_state_dict)

for i in range(n_epochs + 1, n_epochs + 2):
    test_counter.append(i*len(train_loader.dataset))
    train(i)
    test()

print(train_counter, test_counter)
final = {"train_losses": torch.tensor(train_losses), "test_losses": torch.tensor(test_losses),
         "conv1": network.conv1.weight, "fc2": network.fc2.weight,
         "continued_fc2": continued_network.fc2.weight}
'''


EXAMPLES_DCGAN = r'''
# After pytorch/examples dcgan/main.py: the argparse options printed, a seed from
# random.randint, cudnn.benchmark, weights_init by class name (torch.nn.init.normal_ for Conv,
# N(1, 0.02) and zeros_ for BatchNorm) through apply, Generator (ConvTranspose2d/BatchNorm2d/
# ReLU to a Tanh, 64x64 out) and Discriminator (Conv2d/LeakyReLU(inplace)/BatchNorm2d to a
# Sigmoid, output.view(-1, 1).squeeze(1)), both printed, BCELoss, fixed_noise, Adam with
# beta1 0.5, the D step on real (torch.full labels) and fake.detach(), the G step, the log
# line, and the per-epoch checkpoints.  Changed: the dataset replaced by random images in
# [-1, 1] ('fake', 32 of 3x64x64 in a TensorDataset), the parser given its arguments in the
# program (batch 16, ngf = ndf = 8 instead of 64, 1 epoch, workers 0), run in a temporary
# directory (outf '.'), vutils.save_image dropped.
import argparse
import os
import random
import tempfile
import torch
import torch.nn as nn
import torch.nn.parallel
import torch.backends.cudnn as cudnn
import torch.optim as optim
import torch.utils.data

parser = argparse.ArgumentParser()
parser.add_argument('--dataset', required=True, help='cifar10 | lsun | mnist |imagenet | folder | lfw | fake')
parser.add_argument('--dataroot', required=False, help='path to dataset')
parser.add_argument('--workers', type=int, help='number of data loading workers', default=2)
parser.add_argument('--batchSize', type=int, default=64, help='input batch size')
parser.add_argument('--imageSize', type=int, default=64, help='the height / width of the input image to network')
parser.add_argument('--nz', type=int, default=100, help='size of the latent z vector')
parser.add_argument('--ngf', type=int, default=64)
parser.add_argument('--ndf', type=int, default=64)
parser.add_argument('--niter', type=int, default=25, help='number of epochs to train for')
parser.add_argument('--lr', type=float, default=0.0002, help='learning rate, default=0.0002')
parser.add_argument('--beta1', type=float, default=0.5, help='beta1 for adam. default=0.5')
parser.add_argument('--cuda', action='store_true', default=False, help='enables cuda')
parser.add_argument('--dry-run', action='store_true', help='check a single training cycle works')
parser.add_argument('--ngpu', type=int, default=1, help='number of GPUs to use')
parser.add_argument('--netG', default='', help="path to netG (to continue training)")
parser.add_argument('--netD', default='', help="path to netD (to continue training)")
parser.add_argument('--outf', default='.', help='folder to output images and model checkpoints')
parser.add_argument('--manualSeed', type=int, help='manual seed')
parser.add_argument('--classes', default='bedroom', help='comma separated list of classes for the lsun data set')
parser.add_argument('--mps', action='store_true', default=False, help='enables macOS GPU training')

os.chdir(tempfile.mkdtemp())  # outf '.': the checkpoints go to a temporary directory

opt = parser.parse_args(['--dataset', 'fake', '--workers', '0', '--batchSize', '16',
                         '--ngf', '8', '--ndf', '8', '--niter', '1'])
print(opt)

try:
    os.makedirs(opt.outf)
except OSError:
    pass

if opt.manualSeed is None:
    opt.manualSeed = random.randint(1, 10000)
print("Random Seed: ", opt.manualSeed)
random.seed(opt.manualSeed)
torch.manual_seed(opt.manualSeed)

cudnn.benchmark = True

if torch.cuda.is_available() and not opt.cuda:
    print("WARNING: You have a CUDA device, so you should probably run with --cuda")

if opt.dataset == 'fake':
    dataset = torch.utils.data.TensorDataset(torch.rand(32, 3, opt.imageSize, opt.imageSize) * 2 - 1,
                                             torch.zeros(32, dtype=torch.long))
    nc = 3

assert dataset
dataloader = torch.utils.data.DataLoader(dataset, batch_size=opt.batchSize,
                                         shuffle=True, num_workers=int(opt.workers))
device = torch.device("cpu")

ngpu = int(opt.ngpu)
nz = int(opt.nz)
ngf = int(opt.ngf)
ndf = int(opt.ndf)


# custom weights initialization called on netG and netD
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        torch.nn.init.normal_(m.weight, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        torch.nn.init.normal_(m.weight, 1.0, 0.02)
        torch.nn.init.zeros_(m.bias)


class Generator(nn.Module):
    def __init__(self, ngpu):
        super(Generator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            # input is Z, going into a convolution
            nn.ConvTranspose2d(     nz, ngf * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            # state size. (ngf*8) x 4 x 4
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            # state size. (ngf*4) x 8 x 8
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            # state size. (ngf*2) x 16 x 16
            nn.ConvTranspose2d(ngf * 2,     ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            # state size. (ngf) x 32 x 32
            nn.ConvTranspose2d(    ngf,      nc, 4, 2, 1, bias=False),
            nn.Tanh()
            # state size. (nc) x 64 x 64
        )

    def forward(self, input):
        if input.is_cuda and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)
        return output


netG = Generator(ngpu).to(device)
netG.apply(weights_init)
if opt.netG != '':
    netG.load_state_dict(torch.load(opt.netG))
print(netG)


class Discriminator(nn.Module):
    def __init__(self, ngpu):
        super(Discriminator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            # input is (nc) x 64 x 64
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf) x 32 x 32
            nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 2),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf*2) x 16 x 16
            nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 4),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf*4) x 8 x 8
            nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ndf * 8),
            nn.LeakyReLU(0.2, inplace=True),
            # state size. (ndf*8) x 4 x 4
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False),
            nn.Sigmoid()
        )

    def forward(self, input):
        if input.is_cuda and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)

        return output.view(-1, 1).squeeze(1)


netD = Discriminator(ngpu).to(device)
netD.apply(weights_init)
if opt.netD != '':
    netD.load_state_dict(torch.load(opt.netD))
print(netD)

criterion = nn.BCELoss()

fixed_noise = torch.randn(opt.batchSize, nz, 1, 1, device=device)
real_label = 1
fake_label = 0

# setup optimizer
optimizerD = optim.Adam(netD.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))
optimizerG = optim.Adam(netG.parameters(), lr=opt.lr, betas=(opt.beta1, 0.999))

if opt.dry_run:
    opt.niter = 1

for epoch in range(opt.niter):
    for i, data in enumerate(dataloader, 0):
        ############################
        # (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
        ###########################
        # train with real
        netD.zero_grad()
        real_cpu = data[0].to(device)
        batch_size = real_cpu.size(0)
        label = torch.full((batch_size,), real_label,
                           dtype=real_cpu.dtype, device=device)

        output = netD(real_cpu)
        errD_real = criterion(output, label)
        errD_real.backward()
        D_x = output.mean().item()

        # train with fake
        noise = torch.randn(batch_size, nz, 1, 1, device=device)
        fake = netG(noise)
        label.fill_(fake_label)
        output = netD(fake.detach())
        errD_fake = criterion(output, label)
        errD_fake.backward()
        D_G_z1 = output.mean().item()
        errD = errD_real + errD_fake
        optimizerD.step()

        ############################
        # (2) Update G network: maximize log(D(G(z)))
        ###########################
        netG.zero_grad()
        label.fill_(real_label)  # fake labels are real for generator cost
        output = netD(fake)
        errG = criterion(output, label)
        errG.backward()
        D_G_z2 = output.mean().item()
        optimizerG.step()

        print('[%d/%d][%d/%d] Loss_D: %.4f Loss_G: %.4f D(x): %.4f D(G(z)): %.4f / %.4f'
              % (epoch, opt.niter, i, len(dataloader),
                 errD.item(), errG.item(), D_x, D_G_z1, D_G_z2))
        if i % 100 == 0:
            fake = netG(fixed_noise)

        if opt.dry_run:
            break
    # do checkpointing
    torch.save(netG.state_dict(), '%s/netG_epoch_%d.pth' % (opt.outf, epoch))
    torch.save(netD.state_dict(), '%s/netD_epoch_%d.pth' % (opt.outf, epoch))

final = {"errD": errD, "errG": errG, "fake": fake, "g_last": netG.main[12].weight,
         "d_first": netD.main[0].weight, "d_bn": netD.main[3].running_var}
'''


D2L_WORD2VEC_PRETRAINING = r'''
# After Dive into Deep Learning (d2l.ai) section 15.4 "Pretraining word2vec"
# (d2l-ai/d2l-en chapter_natural-language-processing-pretraining/word2vec-pretraining.md,
# PyTorch tab): nn.Embedding and its weight's shape/dtype, skip_gram with torch.bmm and
# permute, SigmoidBCELoss (binary_cross_entropy_with_logits with the mask as weight,
# reduction="none"), the two masked examples, a Sequential of two embeddings, train() with
# init_weights (xavier_uniform_ through apply), Adam, d2l.Accumulator, the loss normalised by
# the mask, and get_similar_tokens by cosine similarity with torch.mv and torch.topk.  The
# PTB data (d2l.load_data_ptb: subsampling, contexts and negatives by random.choices) replaced
# by random centre/context/noise ids put through batchify (from the preceding section 15.3,
# with its shape printout) in a DataLoader (320 examples of up to 6 context+noise words,
# vocabulary of 60, batch 64), 5 epochs cut to 2; d2l's Animator dropped and its points
# printed instead, the timer's tokens/sec dropped from the log line.
import torch
from torch import nn

batch_size, max_window_size, num_noise_words = 64, 1, 2


class Vocab:
    def __init__(self, tokens):
        self.idx_to_token = list(tokens)
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, token):
        return self.token_to_idx[token]

    def to_tokens(self, indices):
        return self.idx_to_token[indices]


def batchify(data):
    """Return a minibatch of examples for skip-gram with negative sampling."""
    max_len = max(len(c) + len(n) for _, c, n in data)
    centers, contexts_negatives, masks, labels = [], [], [], []
    for center, context, negative in data:
        cur_len = len(context) + len(negative)
        centers += [center]
        contexts_negatives += [context + negative + [0] * (max_len - cur_len)]
        masks += [[1] * cur_len + [0] * (max_len - cur_len)]
        labels += [[1] * len(context) + [0] * (max_len - len(context))]
    return (torch.tensor(centers).reshape((-1, 1)), torch.tensor(
        contexts_negatives), torch.tensor(masks), torch.tensor(labels))


vocab = Vocab(['<unk>', 'chip'] + ['w%d' % i for i in range(58)])
all_centers = torch.randint(0, len(vocab), (320,)).tolist()
context_sizes = torch.randint(1, 2 * max_window_size + 1, (320,)).tolist()
all_ids = torch.randint(1, len(vocab), (320, 2 * max_window_size * (1 + num_noise_words))).tolist()
examples = [(center, ids[:size], ids[size:size + size * num_noise_words])
            for center, size, ids in zip(all_centers, context_sizes, all_ids)]
data_iter = torch.utils.data.DataLoader(examples, batch_size, shuffle=True,
                                        collate_fn=batchify, num_workers=0)
names = ['centers', 'contexts_negatives', 'masks', 'labels']
for batch in data_iter:
    for name, data in zip(names, batch):
        print(name, 'shape:', data.shape)
    break

embed = nn.Embedding(num_embeddings=20, embedding_dim=4)
print(f'Parameter embedding_weight ({embed.weight.shape}, '
      f'dtype={embed.weight.dtype})')

x = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(embed(x))


def skip_gram(center, contexts_and_negatives, embed_v, embed_u):
    v = embed_v(center)
    u = embed_u(contexts_and_negatives)
    pred = torch.bmm(v, u.permute(0, 2, 1))
    return pred


print(skip_gram(torch.ones((2, 1), dtype=torch.long),
                torch.ones((2, 4), dtype=torch.long), embed, embed).shape)


class SigmoidBCELoss(nn.Module):
    # Binary cross-entropy loss with masking
    def __init__(self):
        super().__init__()

    def forward(self, inputs, target, mask=None):
        out = nn.functional.binary_cross_entropy_with_logits(
            inputs, target, weight=mask, reduction="none")
        return out.mean(dim=1)


loss = SigmoidBCELoss()

pred = torch.tensor([[.5]*4]*2)
label = torch.tensor([[1., 0., 1., 0.]]*2)
mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0]])
print(loss(pred, label, mask))

print(loss(pred, label, mask) / mask.sum(axis=1) * mask.shape[1])

embed_size = 100
net = nn.Sequential(nn.Embedding(num_embeddings=len(vocab),
                                 embedding_dim=embed_size),
                    nn.Embedding(num_embeddings=len(vocab),
                                 embedding_dim=embed_size))


class Accumulator:
    """For accumulating sums over `n` variables."""
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def train(net, data_iter, lr, num_epochs, device='cpu'):
    def init_weights(module):
        if type(module) == nn.Embedding:
            nn.init.xavier_uniform_(module.weight)
    net.apply(init_weights)
    net = net.to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    metric = Accumulator(2)  # Sum of normalized losses, no. of normalized losses
    for epoch in range(num_epochs):
        num_batches = len(data_iter)
        for i, batch in enumerate(data_iter):
            optimizer.zero_grad()
            center, context_negative, mask, label = [
                data.to(device) for data in batch]

            pred = skip_gram(center, context_negative, net[0], net[1])
            l = (loss(pred.reshape(label.shape).float(), label.float(), mask)
                 / mask.sum(axis=1) * mask.shape[1])
            l.sum().backward()
            optimizer.step()
            metric.add(l.sum(), l.numel())
            if (i + 1) % (num_batches // 5) == 0 or i == num_batches - 1:
                print(epoch + (i + 1) / num_batches, metric[0] / metric[1])
    print(f'loss {metric[0] / metric[1]:.3f} on {str(device)}')


lr, num_epochs = 0.002, 2
train(net, data_iter, lr, num_epochs)


def get_similar_tokens(query_token, k, embed):
    W = embed.weight.data
    x = W[vocab[query_token]]
    # Compute the cosine similarity. Add 1e-9 for numerical stability
    cos = torch.mv(W, x) / torch.sqrt(torch.sum(W * W, dim=1) *
                                      torch.sum(x * x) + 1e-9)
    topk = torch.topk(cos, k=k+1)[1].cpu().numpy().astype('int32')
    for i in topk[1:]:  # Remove the input words
        print(f'cosine sim={float(cos[i]):.3f}: {vocab.to_tokens(i)}')


get_similar_tokens('chip', 3, net[0])
final = {"embed_v": net[0].weight, "embed_u": net[1].weight}
'''


CS230_VISION_SIGNS = r'''
# After Stanford CS230's code examples (cs230-stanford/cs230-code-examples pytorch/vision:
# model/net.py, train.py, evaluate.py, utils.py): Net(params) with three Conv2d+BatchNorm2d
# stages (F.max_pool2d then F.relu), fc1 + BatchNorm1d with F.dropout(p=params.dropout_rate,
# training=self.training), fc2 and F.log_softmax; the hand-written loss_fn
# -torch.sum(outputs[range(num_examples), labels])/num_examples; the numpy accuracy metric;
# utils' Params (here from a dict instead of params.json) and RunningAverage; train() with
# summaries every save_summary_steps and the metrics string; evaluate() under model.eval();
# train_and_evaluate() with best-accuracy tracking and checkpoints via utils.save_checkpoint.
# Changed: the SIGNS 64x64 images replaced by random images (64 training, 32 validation) in
# DataLoaders, num_channels 32 cut to 8, 10 epochs to 2, save_summary_steps 1; tqdm dropped;
# logging.info written as print; loss.data[0] written loss.item(); Variable and the
# .cuda(async=True) lines dropped with params.cuda False; run in a temporary directory holding
# experiments/base_model (the --model_dir default) for the checkpoints.
import os
import shutil
import tempfile
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset


class Params():
    """Class that loads hyperparameters from a json file (here: a dict)."""

    def __init__(self, params):
        self.__dict__.update(params)

    @property
    def dict(self):
        """Gives dict-like access to Params instance by `params.dict['learning_rate']"""
        return self.__dict__


class RunningAverage():
    """A simple class that maintains the running average of a quantity"""
    def __init__(self):
        self.steps = 0
        self.total = 0

    def update(self, val):
        self.total += val
        self.steps += 1

    def __call__(self):
        return self.total/float(self.steps)


def save_checkpoint(state, is_best, checkpoint):
    filepath = os.path.join(checkpoint, 'last.pth.tar')
    if not os.path.exists(checkpoint):
        print("Checkpoint Directory does not exist! Making directory {}".format(checkpoint))
        os.mkdir(checkpoint)
    else:
        print("Checkpoint Directory exists! ")
    torch.save(state, filepath)
    if is_best:
        shutil.copyfile(filepath, os.path.join(checkpoint, 'best.pth.tar'))


class Net(nn.Module):
    def __init__(self, params):
        super(Net, self).__init__()
        self.num_channels = params.num_channels

        # each of the convolution layers below have the arguments (input_channels, output_channels, filter_size,
        # stride, padding). We also include batch normalisation layers that help stabilise training.
        self.conv1 = nn.Conv2d(3, self.num_channels, 3, stride=1, padding=1)
        self.bn1 = nn.BatchNorm2d(self.num_channels)
        self.conv2 = nn.Conv2d(self.num_channels, self.num_channels*2, 3, stride=1, padding=1)
        self.bn2 = nn.BatchNorm2d(self.num_channels*2)
        self.conv3 = nn.Conv2d(self.num_channels*2, self.num_channels*4, 3, stride=1, padding=1)
        self.bn3 = nn.BatchNorm2d(self.num_channels*4)

        # 2 fully connected layers to transform the output of the convolution layers to the final output
        self.fc1 = nn.Linear(8*8*self.num_channels*4, self.num_channels*4)
        self.fcbn1 = nn.BatchNorm1d(self.num_channels*4)
        self.fc2 = nn.Linear(self.num_channels*4, 6)
        self.dropout_rate = params.dropout_rate

    def forward(self, s):
        #                                                  -> batch_size x 3 x 64 x 64
        s = self.bn1(self.conv1(s))                         # batch_size x num_channels x 64 x 64
        s = F.relu(F.max_pool2d(s, 2))                      # batch_size x num_channels x 32 x 32
        s = self.bn2(self.conv2(s))                         # batch_size x num_channels*2 x 32 x 32
        s = F.relu(F.max_pool2d(s, 2))                      # batch_size x num_channels*2 x 16 x 16
        s = self.bn3(self.conv3(s))                         # batch_size x num_channels*4 x 16 x 16
        s = F.relu(F.max_pool2d(s, 2))                      # batch_size x num_channels*4 x 8 x 8

        # flatten the output for each image
        s = s.view(-1, 8*8*self.num_channels*4)             # batch_size x 8*8*num_channels*4

        # apply 2 fully connected layers with dropout
        s = F.dropout(F.relu(self.fcbn1(self.fc1(s))),
            p=self.dropout_rate, training=self.training)    # batch_size x self.num_channels*4
        s = self.fc2(s)                                     # batch_size x 6

        return F.log_softmax(s, dim=1)


def loss_fn(outputs, labels):
    num_examples = outputs.size()[0]
    return -torch.sum(outputs[range(num_examples), labels])/num_examples


def accuracy(outputs, labels):
    outputs = np.argmax(outputs, axis=1)
    return np.sum(outputs==labels)/float(labels.size)


metrics = {
    'accuracy': accuracy,
    # could add more metrics such as accuracy for each token type
}


def train(model, optimizer, loss_fn, dataloader, metrics, params):
    # set model to training mode
    model.train()

    # summary for current training loop and a running average object for loss
    summ = []
    loss_avg = RunningAverage()

    for i, (train_batch, labels_batch) in enumerate(dataloader):
        # compute model output and loss
        output_batch = model(train_batch)
        loss = loss_fn(output_batch, labels_batch)

        # clear previous gradients, compute gradients of all variables wrt loss
        optimizer.zero_grad()
        loss.backward()

        # performs updates using calculated gradients
        optimizer.step()

        # Evaluate summaries only once in a while
        if i % params.save_summary_steps == 0:
            # extract data from torch Variable, move to cpu, convert to numpy arrays
            output_batch = output_batch.data.cpu().numpy()
            labels_batch = labels_batch.data.cpu().numpy()

            # compute all metrics on this batch
            summary_batch = {metric:metrics[metric](output_batch, labels_batch)
                             for metric in metrics}
            summary_batch['loss'] = loss.item()
            summ.append(summary_batch)

        # update the average loss
        loss_avg.update(loss.item())

    # compute mean of all metrics in summary
    metrics_mean = {metric:np.mean([x[metric] for x in summ]) for metric in summ[0]}
    metrics_string = " ; ".join("{}: {:05.3f}".format(k, v) for k, v in metrics_mean.items())
    print("- Train metrics: " + metrics_string)
    print('loss={:05.3f}'.format(loss_avg()))


def evaluate(model, loss_fn, dataloader, metrics, params):
    # set model to evaluation mode
    model.eval()

    # summary for current eval loop
    summ = []

    # compute metrics over the dataset
    for data_batch, labels_batch in dataloader:
        # compute model output
        output_batch = model(data_batch)
        loss = loss_fn(output_batch, labels_batch)

        # extract data from torch Variable, move to cpu, convert to numpy arrays
        output_batch = output_batch.data.cpu().numpy()
        labels_batch = labels_batch.data.cpu().numpy()

        # compute all metrics on this batch
        summary_batch = {metric: metrics[metric](output_batch, labels_batch)
                         for metric in metrics}
        summary_batch['loss'] = loss.item()
        summ.append(summary_batch)

    # compute mean of all metrics in summary
    metrics_mean = {metric:np.mean([x[metric] for x in summ]) for metric in summ[0]}
    metrics_string = " ; ".join("{}: {:05.3f}".format(k, v) for k, v in metrics_mean.items())
    print("- Eval metrics : " + metrics_string)
    return metrics_mean


def train_and_evaluate(model, train_dataloader, val_dataloader, optimizer, loss_fn, metrics, params, model_dir,
                       restore_file=None):
    best_val_acc = 0.0

    for epoch in range(params.num_epochs):
        # Run one epoch
        print("Epoch {}/{}".format(epoch + 1, params.num_epochs))

        # compute number of batches in one epoch (one full pass over the training set)
        train(model, optimizer, loss_fn, train_dataloader, metrics, params)

        # Evaluate for one epoch on validation set
        val_metrics = evaluate(model, loss_fn, val_dataloader, metrics, params)

        val_acc = val_metrics['accuracy']
        is_best = val_acc>=best_val_acc

        # Save weights
        save_checkpoint({'epoch': epoch + 1,
                         'state_dict': model.state_dict(),
                         'optim_dict' : optimizer.state_dict()},
                        is_best=is_best,
                        checkpoint=model_dir)

        # If best_eval, best_save_path
        if is_best:
            print("- Found new best accuracy")
            best_val_acc = val_acc


params = Params({"learning_rate": 1e-3, "batch_size": 32, "num_epochs": 2, "dropout_rate": 0.8,
                 "num_channels": 8, "save_summary_steps": 1, "num_workers": 0})

# use GPU if available
params.cuda = False

# Set the random seed for reproducible experiments
torch.manual_seed(230)

print("Loading the datasets...")
train_dl = DataLoader(TensorDataset(torch.rand(64, 3, 64, 64), torch.randint(0, 6, (64,))),
                      batch_size=params.batch_size, shuffle=True, num_workers=params.num_workers)
val_dl = DataLoader(TensorDataset(torch.rand(32, 3, 64, 64), torch.randint(0, 6, (32,))),
                    batch_size=params.batch_size, shuffle=False, num_workers=params.num_workers)
print("- done.")

# Define the model and optimizer
model = Net(params)
optimizer = optim.Adam(model.parameters(), lr=params.learning_rate)

print("Starting training for {} epoch(s)".format(params.num_epochs))
os.chdir(tempfile.mkdtemp())
os.makedirs('experiments/base_model')  # where the source's params.json lives
train_and_evaluate(model, train_dl, val_dl, optimizer, loss_fn, metrics, params, 'experiments/base_model')
final = {"conv1": model.conv1.weight, "fc1": model.fc1.weight, "fc2": model.fc2.weight,
         "bn3_mean": model.bn3.running_mean, "fcbn1_var": model.fcbn1.running_var}
'''


CS230_NLP_NER = r'''
# After Stanford CS230's code examples (cs230-stanford/cs230-code-examples pytorch/nlp:
# model/net.py, model/data_loader.py's data_iterator, train.py): Net(params) of nn.Embedding,
# nn.LSTM(batch_first=True), s.contiguous().view(-1, s.shape[2]), a Linear and F.log_softmax;
# loss_fn masking the PADding tokens (labels -1) with (labels >= 0).float() and labels %
# outputs.shape[1]; the numpy accuracy over non-pad tokens; data_iterator padding each batch
# in numpy arrays (pad_ind and -1) turned into torch.LongTensor, shuffled with random.seed(230);
# train() with RunningAverage and the metrics string, evaluate().  Changed: the NER data set
# (sentences.txt/labels.txt and the vocabulary files) replaced by random sentences of 3-9
# token ids with random tags (40 training, 20 validation; vocabulary 50, 5 tags), the
# embedding/LSTM sizes 50/50 cut to 16/16, 10 epochs to 2; tqdm dropped; logging.info written
# as print; torch.sum(mask).data[0] and loss.data[0] written .item(); Variable kept.
import random
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.autograd import Variable


class Params():
    def __init__(self, params):
        self.__dict__.update(params)


class RunningAverage():
    def __init__(self):
        self.steps = 0
        self.total = 0

    def update(self, val):
        self.total += val
        self.steps += 1

    def __call__(self):
        return self.total/float(self.steps)


class Net(nn.Module):
    def __init__(self, params):
        super(Net, self).__init__()

        # the embedding takes as input the vocab_size and the embedding_dim
        self.embedding = nn.Embedding(params.vocab_size, params.embedding_dim)

        # the LSTM takes as input the size of its input (embedding_dim), its hidden size
        # for more details on how to use it, check out the documentation
        self.lstm = nn.LSTM(params.embedding_dim, params.lstm_hidden_dim, batch_first=True)

        # the fully connected layer transforms the output to give the final output layer
        self.fc = nn.Linear(params.lstm_hidden_dim, params.number_of_tags)

    def forward(self, s):
        #                                -> batch_size x seq_len
        # apply the embedding layer that maps each token to its embedding
        s = self.embedding(s)            # dim: batch_size x seq_len x embedding_dim

        # run the LSTM along the sentences of length seq_len
        s, _ = self.lstm(s)              # dim: batch_size x seq_len x lstm_hidden_dim

        # make the Variable contiguous in memory (a PyTorch artefact)
        s = s.contiguous()

        # reshape the Variable so that each row contains one token
        s = s.view(-1, s.shape[2])       # dim: batch_size*seq_len x lstm_hidden_dim

        # apply the fully connected layer and obtain the output (before softmax) for each token
        s = self.fc(s)                   # dim: batch_size*seq_len x num_tags

        # apply log softmax on each token's output (this is recommended over applying softmax
        # since it is numerically more stable)
        return F.log_softmax(s, dim=1)   # dim: batch_size*seq_len x num_tags


def loss_fn(outputs, labels):
    # reshape labels to give a flat vector of length batch_size*seq_len
    labels = labels.view(-1)

    # since PADding tokens have label -1, we can generate a mask to exclude the loss from those terms
    mask = (labels >= 0).float()

    # indexing with negative values is not supported. Since PADded tokens have label -1, we convert them to a positive
    # number. This does not affect training, since we ignore the PADded tokens with the mask.
    labels = labels % outputs.shape[1]

    num_tokens = int(torch.sum(mask).item())

    # compute cross entropy loss for all tokens (except PADding tokens), by multiplying with mask.
    return -torch.sum(outputs[range(outputs.shape[0]), labels]*mask)/num_tokens


def accuracy(outputs, labels):
    # reshape labels to give a flat vector of length batch_size*seq_len
    labels = labels.ravel()

    # since PADding tokens have label -1, we can generate a mask to exclude the loss from those terms
    mask = (labels >= 0)

    # np.argmax gives us the class predicted for each token by the model
    outputs = np.argmax(outputs, axis=1)

    # compare outputs with labels and divide by number of tokens (excluding PADding tokens)
    return np.sum(outputs==labels)/float(np.sum(mask))


metrics = {
    'accuracy': accuracy,
    # could add more metrics such as accuracy for each token type
}


class DataLoader(object):
    def __init__(self, params):
        self.pad_ind = 0
        self.unk_ind = 1

    def data_iterator(self, data, params, shuffle=False):
        # make a list that decides the order in which we go over the data- this avoids explicit shuffling of data
        order = list(range(data['size']))
        if shuffle:
            random.seed(230)
            random.shuffle(order)

        # one pass over data
        for i in range((data['size']+1)//params.batch_size):
            # fetch sentences and tags
            batch_sentences = [data['data'][idx] for idx in order[i*params.batch_size:(i+1)*params.batch_size]]
            batch_tags = [data['labels'][idx] for idx in order[i*params.batch_size:(i+1)*params.batch_size]]

            # compute length of longest sentence in batch
            batch_max_len = max([len(s) for s in batch_sentences])

            # prepare a numpy array with the data, initialising the data with pad_ind and all labels with -1
            # initialising labels to -1 differentiates tokens with tags from PADding tokens
            batch_data = self.pad_ind*np.ones((len(batch_sentences), batch_max_len))
            batch_labels = -1*np.ones((len(batch_sentences), batch_max_len))

            # copy the data to the numpy array
            for j in range(len(batch_sentences)):
                cur_len = len(batch_sentences[j])
                batch_data[j][:cur_len] = batch_sentences[j]
                batch_labels[j][:cur_len] = batch_tags[j]

            # since all data are indices, we convert them to torch LongTensors
            batch_data, batch_labels = torch.LongTensor(batch_data), torch.LongTensor(batch_labels)

            # convert them to Variables to record operations in the computational graph
            batch_data, batch_labels = Variable(batch_data), Variable(batch_labels)

            yield batch_data, batch_labels


def random_split_data(size):
    lengths = torch.randint(3, 10, (size,)).tolist()
    sentences = [torch.randint(2, 50, (n,)).tolist() for n in lengths]
    labels = [torch.randint(0, 5, (n,)).tolist() for n in lengths]
    return {'data': sentences, 'labels': labels, 'size': size}


def train(model, optimizer, loss_fn, data_iterator, metrics, params, num_steps):
    # set model to training mode
    model.train()

    # summary for current training loop and a running average object for loss
    summ = []
    loss_avg = RunningAverage()

    for i in range(num_steps):
        # fetch the next training batch
        train_batch, labels_batch = next(data_iterator)

        # compute model output and loss
        output_batch = model(train_batch)
        loss = loss_fn(output_batch, labels_batch)

        # clear previous gradients, compute gradients of all variables wrt loss
        optimizer.zero_grad()
        loss.backward()

        # performs updates using calculated gradients
        optimizer.step()

        # Evaluate summaries only once in a while
        if i % params.save_summary_steps == 0:
            # extract data from torch Variable, move to cpu, convert to numpy arrays
            output_batch = output_batch.data.cpu().numpy()
            labels_batch = labels_batch.data.cpu().numpy()

            # compute all metrics on this batch
            summary_batch = {metric:metrics[metric](output_batch, labels_batch)
                             for metric in metrics}
            summary_batch['loss'] = loss.item()
            summ.append(summary_batch)

        # update the average loss
        loss_avg.update(loss.item())

    # compute mean of all metrics in summary
    metrics_mean = {metric:np.mean([x[metric] for x in summ]) for metric in summ[0]}
    metrics_string = " ; ".join("{}: {:05.3f}".format(k, v) for k, v in metrics_mean.items())
    print("- Train metrics: " + metrics_string)
    print('loss={:05.3f}'.format(loss_avg()))


def evaluate(model, loss_fn, data_iterator, metrics, params, num_steps):
    # set model to evaluation mode
    model.eval()

    # summary for current eval loop
    summ = []

    # compute metrics over the dataset
    for _ in range(num_steps):
        # fetch the next evaluation batch
        data_batch, labels_batch = next(data_iterator)

        # compute model output
        output_batch = model(data_batch)
        loss = loss_fn(output_batch, labels_batch)

        # extract data from torch Variable, move to cpu, convert to numpy arrays
        output_batch = output_batch.data.cpu().numpy()
        labels_batch = labels_batch.data.cpu().numpy()

        # compute all metrics on this batch
        summary_batch = {metric: metrics[metric](output_batch, labels_batch)
                         for metric in metrics}
        summary_batch['loss'] = loss.item()
        summ.append(summary_batch)

    # compute mean of all metrics in summary
    metrics_mean = {metric:np.mean([x[metric] for x in summ]) for metric in summ[0]}
    metrics_string = " ; ".join("{}: {:05.3f}".format(k, v) for k, v in metrics_mean.items())
    print("- Eval metrics : " + metrics_string)
    return metrics_mean


params = Params({"learning_rate": 1e-3, "batch_size": 5, "num_epochs": 2, "lstm_hidden_dim": 16,
                 "embedding_dim": 16, "save_summary_steps": 2})
params.cuda = False
torch.manual_seed(230)

print("Loading the datasets...")
data_loader = DataLoader(params)
data = {'train': random_split_data(40), 'val': random_split_data(20)}
train_data = data['train']
val_data = data['val']

# specify the train and val dataset sizes
params.train_size = train_data['size']
params.val_size = val_data['size']
params.vocab_size = 50
params.number_of_tags = 5
print("- done.")

model = Net(params)
optimizer = optim.Adam(model.parameters(), lr=params.learning_rate)
print(model)

for epoch in range(params.num_epochs):
    print("Epoch {}/{}".format(epoch + 1, params.num_epochs))

    # compute number of batches in one epoch (one full pass over the training set)
    num_steps = (params.train_size + 1) // params.batch_size
    train_data_iterator = data_loader.data_iterator(train_data, params, shuffle=True)
    train(model, optimizer, loss_fn, train_data_iterator, metrics, params, num_steps)

    # Evaluate for one epoch on validation set
    num_steps = (params.val_size + 1) // params.batch_size
    val_data_iterator = data_loader.data_iterator(val_data, params, shuffle=False)
    val_metrics = evaluate(model, loss_fn, val_data_iterator, metrics, params, num_steps)

final = {"embedding": model.embedding.weight, "w_hh": model.lstm.weight_hh_l0,
         "fc": model.fc.weight, "val_loss": torch.tensor(float(val_metrics['loss']))}
'''


L1AO_CONV_AUTOENCODER = r'''
# After L1aoXingyu/pytorch-beginner 08-AutoEncoder/conv_autoencoder.py: an autoencoder whose
# encoder is Conv2d(1, 16, 3, stride=3, padding=1), ReLU(True), MaxPool2d(2, stride=2),
# Conv2d(16, 8, 3, stride=2, padding=1), ReLU(True), MaxPool2d(2, stride=1) and whose decoder
# is ConvTranspose2d(8, 16, 3, stride=2), ConvTranspose2d(16, 8, 5, stride=3, padding=1),
# ConvTranspose2d(8, 1, 2, stride=2, padding=1) with ReLUs and a Tanh; MSELoss, Adam with
# weight_decay=1e-5, the per-epoch log line and to_img on the output.  Changed: MNIST
# normalised to [-1, 1] replaced by random images in [-1, 1] (256 in a TensorDataset, batch
# 128), 100 epochs cut to 3; Variable kept, .cuda() dropped; loss.data[0] written loss.item();
# save_image of to_img(...) replaced by printing its shape and range, the final torch.save to
# a temporary directory.
import os
import tempfile
import torch
from torch import nn
from torch.autograd import Variable
from torch.utils.data import DataLoader, TensorDataset


def to_img(x):
    x = 0.5 * (x + 1)
    x = x.clamp(0, 1)
    x = x.view(x.size(0), 1, 28, 28)
    return x


num_epochs = 3
batch_size = 128
learning_rate = 1e-3

dataset = TensorDataset(torch.rand(256, 1, 28, 28) * 2 - 1, torch.randint(0, 10, (256,)))
dataloader = DataLoader(dataset, batch_size=batch_size, shuffle=True)


class autoencoder(nn.Module):
    def __init__(self):
        super(autoencoder, self).__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=3, padding=1),  # b, 16, 10, 10
            nn.ReLU(True),
            nn.MaxPool2d(2, stride=2),  # b, 16, 5, 5
            nn.Conv2d(16, 8, 3, stride=2, padding=1),  # b, 8, 3, 3
            nn.ReLU(True),
            nn.MaxPool2d(2, stride=1)  # b, 8, 2, 2
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(8, 16, 3, stride=2),  # b, 16, 5, 5
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 8, 5, stride=3, padding=1),  # b, 8, 15, 15
            nn.ReLU(True),
            nn.ConvTranspose2d(8, 1, 2, stride=2, padding=1),  # b, 1, 28, 28
            nn.Tanh()
        )

    def forward(self, x):
        x = self.encoder(x)
        x = self.decoder(x)
        return x


model = autoencoder()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate,
                             weight_decay=1e-5)

for epoch in range(num_epochs):
    for data in dataloader:
        img, _ = data
        img = Variable(img)
        # ===================forward=====================
        output = model(img)
        loss = criterion(output, img)
        # ===================backward====================
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    # ===================log========================
    print('epoch [{}/{}], loss:{:.4f}'
          .format(epoch+1, num_epochs, loss.item()))
    if epoch % 10 == 0:
        pic = to_img(output.cpu().data)
        print(pic.shape, pic.min().item(), pic.max().item())

torch.save(model.state_dict(), os.path.join(tempfile.mkdtemp(), 'conv_autoencoder.pth'))
final = {"loss": loss, "pic": pic, "enc0": model.encoder[0].weight,
         "dec4": model.decoder[4].weight, "dec4_bias": model.decoder[4].bias}
'''


L1AO_SIMPLE_GAN = r'''
# After L1aoXingyu/pytorch-beginner 09-Generative Adversarial network/simple_Gan.py: a
# discriminator 784-256-256-1 with LeakyReLU(0.2) and a Sigmoid, a generator 100-256-256-784
# with ReLU(True) and a Tanh, BCELoss, two Adams at lr 0.0003, the D step on real and fake
# images (d_loss_real + d_loss_fake), the G step on fresh noise, and the log line with
# real_scores.data.mean() / fake_scores.data.mean().  Changed: MNIST normalised to [-1, 1]
# replaced by random images in [-1, 1] (128 in a TensorDataset, batch 64), 100 epochs cut to 2
# and the log every 100th batch made every batch; Variable kept, .cuda() dropped; the labels
# made (num_img, 1), as today's BCELoss requires the input's shape (the source's (num_img,) ones
# were accepted, with a warning, by the PyTorch of its day); loss.data[0] written .item();
# save_image dropped, the state_dicts saved to a temporary directory.
import os
import tempfile
import torch
import torch.nn as nn
from torch.autograd import Variable


def to_img(x):
    out = 0.5 * (x + 1)
    out = out.clamp(0, 1)
    out = out.view(-1, 1, 28, 28)
    return out


batch_size = 64
num_epoch = 2
z_dimension = 100

mnist = torch.utils.data.TensorDataset(torch.rand(128, 1, 28, 28) * 2 - 1,
                                       torch.randint(0, 10, (128,)))
# Data loader
dataloader = torch.utils.data.DataLoader(dataset=mnist,
                                         batch_size=batch_size,
                                         shuffle=True)


# Discriminator
class discriminator(nn.Module):
    def __init__(self):
        super(discriminator, self).__init__()
        self.dis = nn.Sequential(
            nn.Linear(784, 256),
            nn.LeakyReLU(0.2),
            nn.Linear(256, 256),
            nn.LeakyReLU(0.2),
            nn.Linear(256, 1),
            nn.Sigmoid()
        )

    def forward(self, x):
        x = self.dis(x)
        return x


# Generator
class generator(nn.Module):
    def __init__(self):
        super(generator, self).__init__()
        self.gen = nn.Sequential(
            nn.Linear(100, 256),
            nn.ReLU(True),
            nn.Linear(256, 256),
            nn.ReLU(True),
            nn.Linear(256, 784),
            nn.Tanh()
        )

    def forward(self, x):
        x = self.gen(x)
        return x


D = discriminator()
G = generator()
# Binary cross entropy loss and optimizer
criterion = nn.BCELoss()
d_optimizer = torch.optim.Adam(D.parameters(), lr=0.0003)
g_optimizer = torch.optim.Adam(G.parameters(), lr=0.0003)

# Start training
for epoch in range(num_epoch):
    for i, (img, _) in enumerate(dataloader):
        num_img = img.size(0)
        # =================train discriminator
        img = img.view(num_img, -1)
        real_img = Variable(img)
        real_label = Variable(torch.ones(num_img, 1))
        fake_label = Variable(torch.zeros(num_img, 1))

        # compute loss of real_img
        real_out = D(real_img)
        d_loss_real = criterion(real_out, real_label)
        real_scores = real_out  # closer to 1 means better

        # compute loss of fake_img
        z = Variable(torch.randn(num_img, z_dimension))
        fake_img = G(z)
        fake_out = D(fake_img)
        d_loss_fake = criterion(fake_out, fake_label)
        fake_scores = fake_out  # closer to 0 means better

        # bp and optimize
        d_loss = d_loss_real + d_loss_fake
        d_optimizer.zero_grad()
        d_loss.backward()
        d_optimizer.step()

        # ===============train generator
        # compute loss of fake_img
        z = Variable(torch.randn(num_img, z_dimension))
        fake_img = G(z)
        output = D(fake_img)
        g_loss = criterion(output, real_label)

        # bp and optimize
        g_optimizer.zero_grad()
        g_loss.backward()
        g_optimizer.step()

        if (i+1) % 1 == 0:
            print('Epoch [{}/{}], d_loss: {:.6f}, g_loss: {:.6f} '
                  'D real: {:.6f}, D fake: {:.6f}'
                  .format(epoch, num_epoch, d_loss.item(), g_loss.item(),
                          real_scores.data.mean(), fake_scores.data.mean()))
    if epoch == 0:
        real_images = to_img(real_img.cpu().data)

    fake_images = to_img(fake_img.cpu().data)

d = tempfile.mkdtemp()
torch.save(G.state_dict(), os.path.join(d, 'generator.pth'))
torch.save(D.state_dict(), os.path.join(d, 'discriminator.pth'))
final = {"d_loss": d_loss, "g_loss": g_loss, "fake_images": fake_images,
         "real_images": real_images, "g_out": G.gen[4].weight, "d_in": D.dis[0].weight}
'''


MORVAN_RNN_REGRESSOR = r'''
# After MorvanZhou/PyTorch-Tutorial tutorial-contents/403_RNN_regressor.py: sin predicting cos
# with nn.RNN(input_size=1, hidden_size=32, num_layers=1, batch_first=True) and a Linear
# applied step by step (torch.stack(outs, dim=1)), the model printed, Adam(lr=0.02), MSELoss,
# the hidden state carried across steps and repacked with h_state.data, the windows made with
# np.linspace/np.sin/np.cos and torch.from_numpy(x_np[np.newaxis, :, np.newaxis]).  Changed:
# 100 steps cut to 20; the matplotlib plots replaced by printing the loss every 5th step.
import torch
from torch import nn
import numpy as np

# Hyper Parameters
TIME_STEP = 10      # rnn time step
INPUT_SIZE = 1      # rnn input size
LR = 0.02           # learning rate

# show data
steps = np.linspace(0, np.pi*2, 100, dtype=np.float32)  # float32 for converting torch FloatTensor
x_np = np.sin(steps)
y_np = np.cos(steps)


class RNN(nn.Module):
    def __init__(self):
        super(RNN, self).__init__()

        self.rnn = nn.RNN(
            input_size=INPUT_SIZE,
            hidden_size=32,     # rnn hidden unit
            num_layers=1,       # number of rnn layer
            batch_first=True,   # input & output will has batch size as 1s dimension. e.g. (batch, time_step, input_size)
        )
        self.out = nn.Linear(32, 1)

    def forward(self, x, h_state):
        # x (batch, time_step, input_size)
        # h_state (n_layers, batch, hidden_size)
        # r_out (batch, time_step, hidden_size)
        r_out, h_state = self.rnn(x, h_state)

        outs = []    # save all predictions
        for time_step in range(r_out.size(1)):    # calculate output for each time step
            outs.append(self.out(r_out[:, time_step, :]))
        return torch.stack(outs, dim=1), h_state


rnn = RNN()
print(rnn)

optimizer = torch.optim.Adam(rnn.parameters(), lr=LR)   # optimize all cnn parameters
loss_func = nn.MSELoss()

h_state = None      # for initial hidden state

for step in range(20):
    start, end = step * np.pi, (step+1)*np.pi   # time range
    # use sin predicts cos
    steps = np.linspace(start, end, TIME_STEP, dtype=np.float32)  # float32 for converting torch FloatTensor
    x_np = np.sin(steps)
    y_np = np.cos(steps)

    x = torch.from_numpy(x_np[np.newaxis, :, np.newaxis])    # shape (batch, time_step, input_size)
    y = torch.from_numpy(y_np[np.newaxis, :, np.newaxis])

    prediction, h_state = rnn(x, h_state)   # rnn output
    # !! next step is important !!
    h_state = h_state.data        # repack the hidden state, break the connection from last iteration

    loss = loss_func(prediction, y)         # calculate loss
    optimizer.zero_grad()                   # clear gradients for this training step
    loss.backward()                         # backpropagation, compute gradients
    optimizer.step()                        # apply gradients

    if step % 5 == 0:
        print(step, loss.data.numpy(), prediction.data.numpy().flatten()[:3])

final = {"loss": loss, "prediction": prediction, "h_state": h_state,
         "w_hh": rnn.rnn.weight_hh_l0, "out": rnn.out.weight}
'''


MORVAN_BATCH_NORMALIZATION = r'''
# After MorvanZhou/PyTorch-Tutorial tutorial-contents/504_batch_normalization.py: two Nets of
# N_HIDDEN Linear(…, 10) layers registered with setattr (one with BatchNorm1d(momentum=0.5)
# after each layer and on the input), init.normal_(std=.1) and init.constant_(bias, B_INIT),
# tanh activations, the forward returning out, layer_input and pre_activation; one Adam per
# net, MSELoss; each epoch the test loss of both nets in eval() mode (then train()), and the
# training of both nets on each batch of a shuffling DataLoader with num_workers=2.  Changed:
# the numpy noise (np.random.normal(0, 2, ...)) drawn with torch.normal so that both runs see
# the same; 2000 training points cut to 256 (the test set's 200 kept), 12 epochs to 3; the
# histogram and loss plots replaced by printing the loss lists and the final predictions;
# the `if __name__ == "__main__":` guard dropped (the corpus runs a program under another name).
import torch
from torch import nn
from torch.nn import init
import torch.utils.data as Data
import numpy as np

# Hyper parameters
N_SAMPLES = 256
BATCH_SIZE = 64
EPOCH = 3
LR = 0.03
N_HIDDEN = 8
ACTIVATION = torch.tanh
B_INIT = -0.2   # use a bad bias constant initializer

# training data
x = np.linspace(-7, 10, N_SAMPLES)[:, np.newaxis]
noise = torch.normal(0, 2, x.shape).numpy()
y = np.square(x) - 5 + noise

# test data
test_x = np.linspace(-7, 10, 200)[:, np.newaxis]
noise = torch.normal(0, 2, test_x.shape).numpy()
test_y = np.square(test_x) - 5 + noise

train_x, train_y = torch.from_numpy(x).float(), torch.from_numpy(y).float()
test_x = torch.from_numpy(test_x).float()
test_y = torch.from_numpy(test_y).float()

train_dataset = Data.TensorDataset(train_x, train_y)
train_loader = Data.DataLoader(dataset=train_dataset, batch_size=BATCH_SIZE, shuffle=True, num_workers=2,)


class Net(nn.Module):
    def __init__(self, batch_normalization=False):
        super(Net, self).__init__()
        self.do_bn = batch_normalization
        self.fcs = []
        self.bns = []
        self.bn_input = nn.BatchNorm1d(1, momentum=0.5)   # for input data

        for i in range(N_HIDDEN):               # build hidden layers and BN layers
            input_size = 1 if i == 0 else 10
            fc = nn.Linear(input_size, 10)
            setattr(self, 'fc%i' % i, fc)       # IMPORTANT set layer to the Module
            self._set_init(fc)                  # parameters initialization
            self.fcs.append(fc)
            if self.do_bn:
                bn = nn.BatchNorm1d(10, momentum=0.5)
                setattr(self, 'bn%i' % i, bn)   # IMPORTANT set layer to the Module
                self.bns.append(bn)

        self.predict = nn.Linear(10, 1)         # output layer
        self._set_init(self.predict)            # parameters initialization

    def _set_init(self, layer):
        init.normal_(layer.weight, mean=0., std=.1)
        init.constant_(layer.bias, B_INIT)

    def forward(self, x):
        pre_activation = [x]
        if self.do_bn: x = self.bn_input(x)     # input batch normalization
        layer_input = [x]
        for i in range(N_HIDDEN):
            x = self.fcs[i](x)
            pre_activation.append(x)
            if self.do_bn: x = self.bns[i](x)   # batch normalization
            x = ACTIVATION(x)
            layer_input.append(x)
        out = self.predict(x)
        return out, layer_input, pre_activation


nets = [Net(batch_normalization=False), Net(batch_normalization=True)]

opts = [torch.optim.Adam(net.parameters(), lr=LR) for net in nets]

loss_func = torch.nn.MSELoss()

# training
losses = [[], []]  # recode loss for two networks

for epoch in range(EPOCH):
    print('Epoch: ', epoch)
    layer_inputs, pre_acts = [], []
    for net, l in zip(nets, losses):
        net.eval()              # set eval mode to fix moving_mean and moving_var
        pred, layer_input, pre_act = net(test_x)
        l.append(loss_func(pred, test_y).data.item())
        layer_inputs.append(layer_input)
        pre_acts.append(pre_act)
        net.train()             # free moving_mean and moving_var

    for step, (b_x, b_y) in enumerate(train_loader):
        for net, opt in zip(nets, opts):     # train for each network
            pred, _, _ = net(b_x)
            loss = loss_func(pred, b_y)
            opt.zero_grad()
            loss.backward()
            opt.step()    # it will also learns the parameters in Batch Normalization

print(losses)

# evaluation
# set net to eval mode to freeze the parameters in batch normalization layers
[net.eval() for net in nets]    # set eval mode to fix moving_mean and moving_var
preds = [net(test_x)[0] for net in nets]
print(preds[0].data.numpy()[::40].ravel(), preds[1].data.numpy()[::40].ravel())
final = {"losses": torch.tensor(losses), "pred0": preds[0], "pred1": preds[1],
         "bn3_mean": nets[1].bn3.running_mean, "bn_input_var": nets[1].bn_input.running_var,
         "fc7": nets[1].fc7.weight}
'''


ALADDIN_FC_GAN = r'''
# After aladdinpersson/Machine-Learning-Collection ML/Pytorch/GANs/1. SimpleGAN/fc_gan.py: a
# Discriminator (Linear(in_features, 128), LeakyReLU(0.01), Linear(128, 1), Sigmoid) and a
# Generator (Linear(z_dim, 256), LeakyReLU(0.01), Linear(256, img_dim), Tanh), fixed_noise,
# Adam(lr 3e-4) for each, BCELoss with torch.ones_like/zeros_like targets, (lossD_real +
# lossD_fake) / 2 with backward(retain_graph=True), the generator step on disc(fake), and the
# batch-0 log line formatting the loss tensors with :.4f.  Changed: MNIST normalised to
# [-1, 1] replaced by random images in [-1, 1] (64 in a TensorDataset), 50 epochs cut to 2;
# the SummaryWriter/make_grid lines dropped (the no_grad block keeps the fixed-noise fakes).
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset


class Discriminator(nn.Module):
    def __init__(self, in_features):
        super().__init__()
        self.disc = nn.Sequential(
            nn.Linear(in_features, 128),
            nn.LeakyReLU(0.01),
            nn.Linear(128, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.disc(x)


class Generator(nn.Module):
    def __init__(self, z_dim, img_dim):
        super().__init__()
        self.gen = nn.Sequential(
            nn.Linear(z_dim, 256),
            nn.LeakyReLU(0.01),
            nn.Linear(256, img_dim),
            nn.Tanh(),  # normalize inputs to [-1, 1] so make outputs [-1, 1]
        )

    def forward(self, x):
        return self.gen(x)


# Hyperparameters etc.
device = "cuda" if torch.cuda.is_available() else "cpu"
lr = 3e-4
z_dim = 64
image_dim = 28 * 28 * 1  # 784
batch_size = 32
num_epochs = 2

disc = Discriminator(image_dim).to(device)
gen = Generator(z_dim, image_dim).to(device)
fixed_noise = torch.randn((batch_size, z_dim)).to(device)

dataset = TensorDataset(torch.rand(64, 1, 28, 28) * 2 - 1, torch.randint(0, 10, (64,)))
loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
opt_disc = optim.Adam(disc.parameters(), lr=lr)
opt_gen = optim.Adam(gen.parameters(), lr=lr)
criterion = nn.BCELoss()
step = 0

for epoch in range(num_epochs):
    for batch_idx, (real, _) in enumerate(loader):
        real = real.view(-1, 784).to(device)
        batch_size = real.shape[0]

        ### Train Discriminator: max log(D(x)) + log(1 - D(G(z)))
        noise = torch.randn(batch_size, z_dim).to(device)
        fake = gen(noise)
        disc_real = disc(real).view(-1)
        lossD_real = criterion(disc_real, torch.ones_like(disc_real))
        disc_fake = disc(fake).view(-1)
        lossD_fake = criterion(disc_fake, torch.zeros_like(disc_fake))
        lossD = (lossD_real + lossD_fake) / 2
        disc.zero_grad()
        lossD.backward(retain_graph=True)
        opt_disc.step()

        ### Train Generator: min log(1 - D(G(z))) <-> max log(D(G(z))
        # where the second option of maximizing doesn't suffer from
        # saturating gradients
        output = disc(fake).view(-1)
        lossG = criterion(output, torch.ones_like(output))
        gen.zero_grad()
        lossG.backward()
        opt_gen.step()

        if batch_idx == 0:
            print(
                f"Epoch [{epoch}/{num_epochs}] Batch {batch_idx}/{len(loader)} \
                      Loss D: {lossD:.4f}, loss G: {lossG:.4f}"
            )

            with torch.no_grad():
                fake = gen(fixed_noise).reshape(-1, 1, 28, 28)
                data = real.reshape(-1, 1, 28, 28)
                step += 1

final = {"lossD": lossD, "lossG": lossG, "fake": fake, "gen_out": gen.gen[2].weight,
         "disc_in": disc.disc[0].weight}
'''


BENTREVETT_SEQ2SEQ = r'''
# After bentrevett/pytorch-seq2seq "1 - Sequence to Sequence Learning with Neural
# Networks.ipynb": an Encoder (nn.Embedding, a 2-layer nn.LSTM with dropout between layers,
# nn.Dropout on the embeddings) returning hidden and cell, a Decoder stepping one token at a
# time (input.unsqueeze(0), the LSTM from (hidden, cell), a Linear out), and Seq2Seq filling a
# torch.zeros(max_len, batch, vocab) outputs tensor step by step with teacher forcing drawn
# by random.random(); Adam, CrossEntropyLoss(ignore_index=pad_idx), train() with
# clip_grad_norm_, evaluate() under torch.no_grad() with teacher forcing off, the per-epoch
# line with perplexities, the best model saved and reloaded for the test loss.  Changed:
# Multi30k/torchtext/spaCy replaced by random [sent len, batch] id tensors (src vocabulary
# 30, trg 25, pad index 1 as in torchtext, a few padded positions) in plain lists of batches
# with .src/.trg; ENC/DEC_EMB_DIM 256 cut to 16, HID_DIM 512 to 32, 10 epochs to 2; models/
# a temporary directory.
import torch
import torch.nn as nn
import torch.optim as optim

import random
import math
import os
import tempfile

SEED = 1

random.seed(SEED)
torch.manual_seed(SEED)
torch.backends.cudnn.deterministic = True

device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')


class Batch:
    def __init__(self, src, trg):
        self.src = src
        self.trg = trg


def make_batches(n_batches, batch_size):
    batches = []
    for _ in range(n_batches):
        src_len, trg_len = 7, 6
        src = torch.randint(4, 30, (src_len, batch_size))
        trg = torch.randint(4, 25, (trg_len, batch_size))
        src[0, :] = 2
        trg[0, :] = 2
        trg[-1, :2] = 1
        batches.append(Batch(src, trg))
    return batches


train_iterator = make_batches(3, 8)
valid_iterator = make_batches(1, 8)
test_iterator = make_batches(1, 8)
print(f"Number of training batches: {len(train_iterator)}")


class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, hid_dim, n_layers, dropout):
        super().__init__()

        self.input_dim = input_dim
        self.emb_dim = emb_dim
        self.hid_dim = hid_dim
        self.n_layers = n_layers
        self.dropout = dropout

        self.embedding = nn.Embedding(input_dim, emb_dim)

        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, dropout=dropout)

        self.dropout = nn.Dropout(dropout)

    def forward(self, src):

        #src = [sent len, batch size]

        embedded = self.dropout(self.embedding(src))

        #embedded = [sent len, batch size, emb dim]

        outputs, (hidden, cell) = self.rnn(embedded)

        #outputs are always from the top hidden layer

        return hidden, cell


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, n_layers, dropout):
        super().__init__()

        self.emb_dim = emb_dim
        self.hid_dim = hid_dim
        self.output_dim = output_dim
        self.n_layers = n_layers
        self.dropout = dropout

        self.embedding = nn.Embedding(output_dim, emb_dim)

        self.rnn = nn.LSTM(emb_dim, hid_dim, n_layers, dropout=dropout)

        self.out = nn.Linear(hid_dim, output_dim)

        self.dropout = nn.Dropout(dropout)

    def forward(self, input, hidden, cell):

        input = input.unsqueeze(0)

        #input = [1, batch size]

        embedded = self.dropout(self.embedding(input))

        #embedded = [1, batch size, emb dim]

        output, (hidden, cell) = self.rnn(embedded, (hidden, cell))

        prediction = self.out(output.squeeze(0))

        #prediction = [batch size, output dim]

        return prediction, hidden, cell


class Seq2Seq(nn.Module):
    def __init__(self, encoder, decoder, device):
        super().__init__()

        self.encoder = encoder
        self.decoder = decoder
        self.device = device

        assert encoder.hid_dim == decoder.hid_dim, "Hidden dimensions of encoder and decoder must be equal!"
        assert encoder.n_layers == decoder.n_layers, "Encoder and decoder must have equal number of layers!"

    def forward(self, src, trg, teacher_forcing_ratio=0.5):

        batch_size = trg.shape[1]
        max_len = trg.shape[0]
        trg_vocab_size = self.decoder.output_dim

        #tensor to store decoder outputs
        outputs = torch.zeros(max_len, batch_size, trg_vocab_size).to(self.device)

        #last hidden state of the encoder is used as the initial hidden state of the decoder
        hidden, cell = self.encoder(src)

        #first input to the decoder is the <sos> tokens
        input = trg[0,:]

        for t in range(1, max_len):

            output, hidden, cell = self.decoder(input, hidden, cell)
            outputs[t] = output
            teacher_force = random.random() < teacher_forcing_ratio
            top1 = output.max(1)[1]
            input = (trg[t] if teacher_force else top1)

        return outputs


INPUT_DIM = 30
OUTPUT_DIM = 25
ENC_EMB_DIM = 16
DEC_EMB_DIM = 16
HID_DIM = 32
N_LAYERS = 2
ENC_DROPOUT = 0.5
DEC_DROPOUT = 0.5

enc = Encoder(INPUT_DIM, ENC_EMB_DIM, HID_DIM, N_LAYERS, ENC_DROPOUT)
dec = Decoder(OUTPUT_DIM, DEC_EMB_DIM, HID_DIM, N_LAYERS, DEC_DROPOUT)

model = Seq2Seq(enc, dec, device).to(device)

optimizer = optim.Adam(model.parameters())

pad_idx = 1

criterion = nn.CrossEntropyLoss(ignore_index=pad_idx)


def train(model, iterator, optimizer, criterion, clip):

    model.train()

    epoch_loss = 0

    for i, batch in enumerate(iterator):

        src = batch.src
        trg = batch.trg

        optimizer.zero_grad()

        output = model(src, trg)

        loss = criterion(output[1:].view(-1, output.shape[2]), trg[1:].view(-1))

        loss.backward()

        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)

        optimizer.step()

        epoch_loss += loss.item()

    return epoch_loss / len(iterator)


def evaluate(model, iterator, criterion):

    model.eval()

    epoch_loss = 0

    with torch.no_grad():

        for i, batch in enumerate(iterator):

            src = batch.src
            trg = batch.trg

            output = model(src, trg, 0) #turn off teacher forcing

            loss = criterion(output[1:].view(-1, output.shape[2]), trg[1:].view(-1))

            epoch_loss += loss.item()

    return epoch_loss / len(iterator)


N_EPOCHS = 2
CLIP = 10
SAVE_DIR = os.path.join(tempfile.mkdtemp(), 'models')
MODEL_SAVE_PATH = os.path.join(SAVE_DIR, 'tut1_model.pt')

best_valid_loss = float('inf')

if not os.path.isdir(f'{SAVE_DIR}'):
    os.makedirs(f'{SAVE_DIR}')

for epoch in range(N_EPOCHS):

    train_loss = train(model, train_iterator, optimizer, criterion, CLIP)
    valid_loss = evaluate(model, valid_iterator, criterion)

    if valid_loss < best_valid_loss:
        best_valid_loss = valid_loss
        torch.save(model.state_dict(), MODEL_SAVE_PATH)

    print(f'| Epoch: {epoch+1:03} | Train Loss: {train_loss:.3f} | Train PPL: {math.exp(train_loss):7.3f} | Val. Loss: {valid_loss:.3f} | Val. PPL: {math.exp(valid_loss):7.3f} |')

model.load_state_dict(torch.load(MODEL_SAVE_PATH))

test_loss = evaluate(model, test_iterator, criterion)

print(f'| Test Loss: {test_loss:.3f} | Test PPL: {math.exp(test_loss):7.3f} |')
final = {"test_loss": torch.tensor(test_loss), "enc_w_ih_l1": model.encoder.rnn.weight_ih_l1,
         "dec_out": model.decoder.out.weight, "dec_emb": model.decoder.embedding.weight}
'''
