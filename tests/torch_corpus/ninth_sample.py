"""A ninth, independent sample of 12 public teaching programs of the kind a student brings from
home, taken from web pages rather than course repositories (written for gradviz's corpus after
the named sources; not copies; downloads replaced by random tensors of the same shape): four
Machine Learning Mastery posts by Adrian Tam (binary classification of the sonar data with
k-fold cross-validation, an LSTM on the airline passengers, learning-rate schedules, a CIFAR-10
CNN), Real Python's first GAN, three questions from Q&A sites with the students' whole programs
(Data Science Stack Exchange's Adam perceptron, the PyTorch Forums' XNOR net and the fast.ai
Forums' cross recognizer), Elvis Saravia's Medium post of a network with a hand-written
backward pass, Sebastian Raschka's blog post coding self-attention, Piero Esposito's Towards
Data Science post building an LSTM by hand and Jeremy Howard's Kaggle notebook of a linear
model and neural nets from scratch on the Titanic data.  Sizes, epochs and steps cut so that
each runs in a second or two; plots, progress bars and file downloads dropped.  Dropout as in
the sources (the corpus replays PyTorch's masks).

Measured first as they came, against main f5914ec: 10 of 12 ran with PyTorch's numbers.  One
stopped at a missing API: a numpy ufunc on a tensor (the airline LSTM's np.sqrt of the loss
for its RMSE), which gradviz refused where PyTorch answers a tensor.  Real Python's GAN is
float32 round-off that the program amplifies: the discriminator's first gradients are already
up to 1e-4 relative apart in their smaller elements (float32 matrix products summed in
another order) and 350 Adam steps of the adversarial game carry that to 4e-5 in the losses
printed at epoch 10 (KNOWN_FAILURES in tests/torch_corpus/known_failures.py, its reason starting
"first try")."""


MLM_BINARY_CLASSIFICATION = r'''
# After Adrian Tam, "Building a Binary Classification Model in PyTorch" (Machine Learning
# Mastery, https://machinelearningmastery.com/building-a-binary-classification-model-in-pytorch/;
# its complete listing read in a copy on GitHub): the sonar data as 2D float32 tensors, a Wide
# (60-180-1) and a Deep (60-60-60-60-1) model with ReLU and a Sigmoid output whose parameter
# counts are printed, model_train() holding the best validation accuracy's state_dict
# (copy.deepcopy) and restoring it, a held-out test set, k-fold cross-validation of each
# model, mean and standard deviation of the scores, the better one retrained, and inference
# on 5 test samples.  Changed: sonar.csv replaced by 208 random rows of 60 returns in [0, 1]
# with random 'M'/'R' labels; sklearn's LabelEncoder, train_test_split and StratifiedKFold
# written out (sorted classes; a random permutation; the folds dealt out class by class from
# random permutations); 5 folds cut to 3, 300 epochs to 4; tqdm's progress bar dropped (its
# set_postfix dict kept, the last one printed) and the ROC curve's plot with it.
import copy
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

# Read data
data_values = torch.rand(208, 60).numpy()
y = np.array(['M', 'R'])[torch.randint(0, 2, (208,)).numpy()]

# Binary encoding of labels
classes_ = np.unique(y)
y = np.searchsorted(classes_, y)
print(classes_)
print(y[:10])

# Convert to 2D PyTorch tensors
X = torch.tensor(data_values, dtype=torch.float32)
y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)


# Define two models
class Wide(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(60, 180)
        self.relu = nn.ReLU()
        self.output = nn.Linear(180, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.relu(self.hidden(x))
        x = self.sigmoid(self.output(x))
        return x


class Deep(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Linear(60, 60)
        self.act1 = nn.ReLU()
        self.layer2 = nn.Linear(60, 60)
        self.act2 = nn.ReLU()
        self.layer3 = nn.Linear(60, 60)
        self.act3 = nn.ReLU()
        self.output = nn.Linear(60, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.act1(self.layer1(x))
        x = self.act2(self.layer2(x))
        x = self.act3(self.layer3(x))
        x = self.sigmoid(self.output(x))
        return x


# Compare model sizes
model1 = Wide()
model2 = Deep()
print(sum([x.reshape(-1).shape[0] for x in model1.parameters()]))  # 11161
print(sum([x.reshape(-1).shape[0] for x in model2.parameters()]))  # 11041


# Helper function to train one model
def model_train(model, X_train, y_train, X_val, y_val):
    # loss function and optimizer
    loss_fn = nn.BCELoss()  # binary cross entropy
    optimizer = optim.Adam(model.parameters(), lr=0.0001)

    n_epochs = 4   # number of epochs to run
    batch_size = 10  # size of each batch
    batch_start = torch.arange(0, len(X_train), batch_size)

    # Hold the best model
    best_acc = - np.inf   # init to negative infinity
    best_weights = None

    for epoch in range(n_epochs):
        model.train()
        for start in batch_start:
            # take a batch
            X_batch = X_train[start:start+batch_size]
            y_batch = y_train[start:start+batch_size]
            # forward pass
            y_pred = model(X_batch)
            loss = loss_fn(y_pred, y_batch)
            # backward pass
            optimizer.zero_grad()
            loss.backward()
            # update weights
            optimizer.step()
            # progress
            acc = (y_pred.round() == y_batch).float().mean()
            postfix = dict(loss=float(loss), acc=float(acc))
        # evaluate accuracy at end of each epoch
        model.eval()
        y_pred = model(X_val)
        acc = (y_pred.round() == y_val).float().mean()
        acc = float(acc)
        if acc > best_acc:
            best_acc = acc
            best_weights = copy.deepcopy(model.state_dict())
    print("last batch:", postfix)
    # restore model and return best accuracy
    model.load_state_dict(best_weights)
    return best_acc


def train_test_split(X, y, train_size, shuffle=True):
    order = torch.randperm(len(X))
    n_train = int(train_size * len(X))
    train, test = order[:n_train], order[n_train:]
    return X[train], X[test], y[train], y[test]


class StratifiedKFold:
    def __init__(self, n_splits, shuffle=True):
        self.n_splits = n_splits

    def split(self, X, y):
        labels = y.reshape(-1).numpy()
        folds = [[] for _ in range(self.n_splits)]
        for label in np.unique(labels):
            members = np.flatnonzero(labels == label)
            members = members[torch.randperm(len(members)).numpy()]
            for k, index in enumerate(members):
                folds[k % self.n_splits].append(index)
        for k in range(self.n_splits):
            test = np.sort(np.array(folds[k]))
            train = np.setdiff1d(np.arange(len(labels)), test)
            yield train, test


# train-test split: Hold out the test set for final model evaluation
X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.7, shuffle=True)

# define 3-fold cross validation test harness
kfold = StratifiedKFold(n_splits=3, shuffle=True)
cv_scores_wide = []
for train, test in kfold.split(X_train, y_train):
    # create model, train, and get accuracy
    model = Wide()
    acc = model_train(model, X_train[train], y_train[train], X_train[test], y_train[test])
    print("Accuracy (wide): %.2f" % acc)
    cv_scores_wide.append(acc)
cv_scores_deep = []
for train, test in kfold.split(X_train, y_train):
    # create model, train, and get accuracy
    model = Deep()
    acc = model_train(model, X_train[train], y_train[train], X_train[test], y_train[test])
    print("Accuracy (deep): %.2f" % acc)
    cv_scores_deep.append(acc)

# evaluate the model
wide_acc = np.mean(cv_scores_wide)
wide_std = np.std(cv_scores_wide)
deep_acc = np.mean(cv_scores_deep)
deep_std = np.std(cv_scores_deep)
print("Wide: %.2f%% (+/- %.2f%%)" % (wide_acc*100, wide_std*100))
print("Deep: %.2f%% (+/- %.2f%%)" % (deep_acc*100, deep_std*100))

# rebuild model with full set of training data
if wide_acc > deep_acc:
    print("Retrain a wide model")
    model = Wide()
else:
    print("Retrain a deep model")
    model = Deep()
acc = model_train(model, X_train, y_train, X_test, y_test)
print(f"Final model accuracy: {acc*100:.2f}%")

model.eval()
with torch.no_grad():
    # Test out inference with 5 samples
    for i in range(5):
        y_pred = model(X_test[i:i+1])
        print(f"{X_test[i].numpy()} -> {y_pred[0].numpy()} " +
              f"(expected {y_test[i].numpy()})")
    y_pred = model(X_test)

final = {"cv_wide": torch.tensor(cv_scores_wide), "cv_deep": torch.tensor(cv_scores_deep),
         "y_pred": y_pred, "output": model.output.weight}
'''


MLM_LSTM_AIRLINE = r'''
# After Adrian Tam, "LSTM for Time Series Prediction in PyTorch" (Machine Learning Mastery,
# https://machinelearningmastery.com/lstm-for-time-series-prediction-in-pytorch/; its listing
# read in copies on GitHub): the passengers column as a float32 (144, 1) array, the 67/33
# train-test split in time order, create_dataset() with a lookback window whose target is the
# window shifted by one (torch.tensor of a list of numpy arrays), AirModel (an nn.LSTM(1, 50,
# batch_first=True) and a Linear(50, 1) on every step), Adam, MSELoss, a shuffled DataLoader
# of batch 8, the RMSE every few epochs by np.sqrt of the loss tensor printed with "%.4f", and
# the train/test predictions shifted into NaN arrays for plotting.  Changed: airline-
# passengers.csv replaced by a trend, a fixed monthly pattern and random noise (144 months);
# 2000 epochs cut to 3, the RMSE printed every 2 instead of 100 epochs; the plot dropped.
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
import torch.utils.data as data

season = torch.tensor([-10., -14., 0., -3., -1., 12., 26., 25., 8., -8., -22., -12.])
passengers = 110 + 2.5 * torch.arange(144.) + season.repeat(12) + 8 * torch.randn(144)
timeseries = passengers.numpy().reshape(-1, 1).astype('float32')

# train-test split for time series
train_size = int(len(timeseries) * 0.67)
test_size = len(timeseries) - train_size
train, test = timeseries[:train_size], timeseries[train_size:]


def create_dataset(dataset, lookback):
    """Transform a time series into a prediction dataset

    Args:
        dataset: A numpy array of time series, first dimension is the time steps
        lookback: Size of window for prediction
    """
    X, y = [], []
    for i in range(len(dataset)-lookback):
        feature = dataset[i:i+lookback]
        target = dataset[i+1:i+lookback+1]
        X.append(feature)
        y.append(target)
    return torch.tensor(X), torch.tensor(y)


lookback = 4
X_train, y_train = create_dataset(train, lookback=lookback)
X_test, y_test = create_dataset(test, lookback=lookback)
print(X_train.shape, y_train.shape)
print(X_test.shape, y_test.shape)


class AirModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=50, num_layers=1, batch_first=True)
        self.linear = nn.Linear(50, 1)

    def forward(self, x):
        x, _ = self.lstm(x)
        x = self.linear(x)
        return x


model = AirModel()
optimizer = optim.Adam(model.parameters())
loss_fn = nn.MSELoss()
loader = data.DataLoader(data.TensorDataset(X_train, y_train), shuffle=True, batch_size=8)

n_epochs = 3
for epoch in range(n_epochs):
    model.train()
    for X_batch, y_batch in loader:
        y_pred = model(X_batch)
        loss = loss_fn(y_pred, y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    # Validation
    if epoch % 2 != 0:
        continue
    model.eval()
    with torch.no_grad():
        y_pred = model(X_train)
        train_rmse = np.sqrt(loss_fn(y_pred, y_train))
        y_pred = model(X_test)
        test_rmse = np.sqrt(loss_fn(y_pred, y_test))
    print("Epoch %d: train RMSE %.4f, test RMSE %.4f" % (epoch, train_rmse, test_rmse))

with torch.no_grad():
    # shift train predictions for plotting
    train_plot = np.ones_like(timeseries) * np.nan
    y_pred = model(X_train)
    y_pred = y_pred[:, -1, :]
    train_plot[lookback:train_size] = model(X_train)[:, -1, :]
    # shift test predictions for plotting
    test_plot = np.ones_like(timeseries) * np.nan
    test_plot[train_size+lookback:len(timeseries)] = model(X_test)[:, -1, :]
print(type(train_rmse).__name__, train_plot.shape, int(np.isnan(train_plot).sum()))

final = {"train_rmse": train_rmse, "test_rmse": test_rmse,
         "train_plot": train_plot[lookback:train_size], "test_plot": test_plot[train_size+lookback:],
         "linear": model.linear.weight}
'''


MLM_LR_SCHEDULE = r'''
# After Adrian Tam, "Using Learning Rate Schedule in PyTorch Training" (Machine Learning
# Mastery, https://machinelearningmastery.com/using-learning-rate-schedule-in-pytorch-training/;
# its listings read in copies on GitHub): the ionosphere data (34 inputs, 'g'/'b' labels) as
# float32 tensors, a 70/30 split, nn.Sequential(Linear(34, 34), ReLU, Linear(34, 1),
# Sigmoid), BCELoss, SGD at lr 0.1 stepped in batches of 24 by slicing with the elements of
# torch.arange, the scheduler stepped after each epoch with the learning rate read from
# optimizer.param_groups before and after ("Epoch %d: SGD lr %.4f -> %.4f"), the accuracy of
# the rounded predictions; first with lr_scheduler.LinearLR(start_factor=1.0, end_factor=0.5,
# total_iters=30), then (the post's custom schedule) LambdaLR with lr_lambda = 0.1 / (1 +
# 0.01 * epoch), then ExponentialLR(gamma=0.99).  Changed: ionosphere.csv replaced by 351
# random rows in [-1, 1) with random labels; sklearn's LabelEncoder and train_test_split
# written out (sorted classes; a random permutation); 50 epochs cut to 8 (total_iters to 5);
# the last learning rates printed with get_last_lr() (and LinearLR's state_dict last_epoch).
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
import torch.optim.lr_scheduler as lr_scheduler

# load dataset, split into input (X) and output (y) variables
dataset = np.concatenate([(torch.rand(351, 34) * 2 - 1).numpy().astype(object),
                          np.array(['g', 'b'], dtype=object)[torch.randint(0, 2, (351, 1)).numpy()]],
                         axis=1)
X = dataset[:, 0:34].astype(float)
y = dataset[:, 34]

# encode class values as integers
classes_ = np.unique(y)
y = np.searchsorted(classes_, y)

# convert into PyTorch tensors
X = torch.tensor(X, dtype=torch.float32)
y = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)

# train-test split for evaluation of the model
order = torch.randperm(len(X))
n_train = int(0.7 * len(X))
X_train, X_test, y_train, y_test = X[order[:n_train]], X[order[n_train:]], y[order[:n_train]], y[order[n_train:]]


def train_with(make_scheduler):
    # create model
    model = nn.Sequential(
        nn.Linear(34, 34),
        nn.ReLU(),
        nn.Linear(34, 1),
        nn.Sigmoid()
    )

    # Train the model
    n_epochs = 8
    batch_size = 24
    batch_start = torch.arange(0, len(X_train), batch_size)
    lr = 0.1
    loss_fn = nn.BCELoss()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    scheduler = make_scheduler(optimizer)
    model.train()
    for epoch in range(n_epochs):
        for start in batch_start:
            X_batch = X_train[start:start+batch_size]
            y_batch = y_train[start:start+batch_size]
            y_pred = model(X_batch)
            loss = loss_fn(y_pred, y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        before_lr = optimizer.param_groups[0]["lr"]
        scheduler.step()
        after_lr = optimizer.param_groups[0]["lr"]
        print("Epoch %d: SGD lr %.4f -> %.4f" % (epoch, before_lr, after_lr))

    # evaluate accuracy after training
    model.eval()
    y_pred = model(X_test)
    acc = (y_pred.round() == y_test).float().mean()
    acc = float(acc)
    print("Model accuracy: %.2f%%" % (acc*100))
    return model, scheduler


model, scheduler = train_with(
    lambda optimizer: lr_scheduler.LinearLR(optimizer, start_factor=1.0, end_factor=0.5, total_iters=5))
print(scheduler.get_last_lr(), scheduler.state_dict()["last_epoch"])


def lr_lambda(epoch):
    # LR to be 0.1 * (1/1+0.01*epoch)
    base_lr = 0.1
    factor = 0.01
    return base_lr/(1+factor*epoch)


custom_model, scheduler = train_with(lambda optimizer: lr_scheduler.LambdaLR(optimizer, lr_lambda))
exponential_model, scheduler = train_with(
    lambda optimizer: lr_scheduler.ExponentialLR(optimizer, gamma=0.99))
print(scheduler.get_last_lr())

final = {"linear": model[2].weight, "custom": custom_model[2].weight,
         "exponential": exponential_model[0].bias}
'''


MLM_CIFAR10_CNN = r'''
# After Adrian Tam, "Building a Convolutional Neural Network in PyTorch" (Machine Learning
# Mastery, https://machinelearningmastery.com/building-a-convolutional-neural-network-in-pytorch/;
# its listing read in copies on GitHub): CIFAR10Model (conv1 3->32 3x3 padding 1, ReLU,
# Dropout(0.3), conv2 32->32, ReLU, MaxPool2d(kernel_size=(2, 2)), Flatten, fc3 8192->512,
# ReLU, Dropout(0.5), fc4 512->10), CrossEntropyLoss, SGD(lr=0.001, momentum=0.9), the
# per-epoch accuracy summed over the test loader as a tensor (still in training mode, as in
# the post) and printed with "%.2f%%", and the state_dict saved.  Changed: CIFAR-10 replaced
# by random 3x32x32 images in TensorDatasets (32 training, 32 test; batch 32 kept), 20
# epochs cut to 2, cifar10model.pth written to a temporary directory.
import os
import tempfile
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import TensorDataset

trainset = TensorDataset(torch.rand(32, 3, 32, 32), torch.randint(0, 10, (32,)))
testset = TensorDataset(torch.rand(32, 3, 32, 32), torch.randint(0, 10, (32,)))

batch_size = 32
trainloader = torch.utils.data.DataLoader(trainset, batch_size=batch_size, shuffle=True)
testloader = torch.utils.data.DataLoader(testset, batch_size=batch_size, shuffle=True)


class CIFAR10Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=(3,3), stride=1, padding=1)
        self.act1 = nn.ReLU()
        self.drop1 = nn.Dropout(0.3)

        self.conv2 = nn.Conv2d(32, 32, kernel_size=(3,3), stride=1, padding=1)
        self.act2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(kernel_size=(2, 2))

        self.flat = nn.Flatten()

        self.fc3 = nn.Linear(8192, 512)
        self.act3 = nn.ReLU()
        self.drop3 = nn.Dropout(0.5)

        self.fc4 = nn.Linear(512, 10)

    def forward(self, x):
        # input 3x32x32, output 32x32x32
        x = self.act1(self.conv1(x))
        x = self.drop1(x)
        # input 32x32x32, output 32x32x32
        x = self.act2(self.conv2(x))
        # input 32x32x32, output 32x16x16
        x = self.pool2(x)
        # input 32x16x16, output 8192
        x = self.flat(x)
        # input 8192, output 512
        x = self.act3(self.fc3(x))
        x = self.drop3(x)
        # input 512, output 10
        x = self.fc4(x)
        return x


model = CIFAR10Model()
print(model)
loss_fn = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

n_epochs = 2
for epoch in range(n_epochs):
    for inputs, labels in trainloader:
        # forward, backward, and then weight update
        y_pred = model(inputs)
        loss = loss_fn(y_pred, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    acc = 0
    count = 0
    for inputs, labels in testloader:
        y_pred = model(inputs)
        acc += (torch.argmax(y_pred, 1) == labels).float().sum()
        count += len(labels)
    acc /= count
    print("Epoch %d: model accuracy %.2f%%" % (epoch, acc*100))

path = os.path.join(tempfile.mkdtemp(), "cifar10model.pth")
torch.save(model.state_dict(), path)
print(sorted(torch.load(path)))

final = {"loss": loss, "acc": acc, "conv1": model.conv1.weight, "fc4": model.fc4.weight,
         "conv2_grad": model.conv2.weight.grad}
'''


REALPYTHON_SINE_GAN = r'''
# After Renato Candido, "Generative Adversarial Networks: Build Your First Models" (Real
# Python, https://realpython.com/generative-adversarial-networks/; its first GAN read in copies
# on GitHub): training points (x, sin x) with x = 2π·rand, a list of (sample, label) pairs in a
# shuffled DataLoader of batch 32, the Discriminator (Linear 2->256->128->64->1 with ReLU and
# Dropout(0.3), Sigmoid) and the Generator (2->16->32->2), BCELoss, Adam at lr 0.001 for each,
# every batch the discriminator trained on the real samples (labels ones) concatenated with
# generated ones (zeros), then the generator on fresh latent samples against ones, and the
# two losses printed (as tensors, in f-strings) at the last batch of every tenth epoch; then
# generated samples from fresh latent points, detached.  Changed: 300 epochs cut to 11 (the
# 1024 points and 32 batches kept, so the print condition n == batch_size - 1 still holds);
# the plots and the article's MNIST GAN dropped.
import torch
from torch import nn

import math

torch.manual_seed(111)

train_data_length = 1024
train_data = torch.zeros((train_data_length, 2))
train_data[:, 0] = 2 * math.pi * torch.rand(train_data_length)
train_data[:, 1] = torch.sin(train_data[:, 0])
train_labels = torch.zeros(train_data_length)
train_set = [
    (train_data[i], train_labels[i]) for i in range(train_data_length)
]

batch_size = 32
train_loader = torch.utils.data.DataLoader(
    train_set, batch_size=batch_size, shuffle=True
)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(2, 256),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Dropout(0.3),
            nn.Linear(64, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        output = self.model(x)
        return output


discriminator = Discriminator()


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(
            nn.Linear(2, 16),
            nn.ReLU(),
            nn.Linear(16, 32),
            nn.ReLU(),
            nn.Linear(32, 2),
        )

    def forward(self, x):
        output = self.model(x)
        return output


generator = Generator()

lr = 0.001
num_epochs = 11
loss_function = nn.BCELoss()

optimizer_discriminator = torch.optim.Adam(discriminator.parameters(), lr=lr)
optimizer_generator = torch.optim.Adam(generator.parameters(), lr=lr)

for epoch in range(num_epochs):
    for n, (real_samples, _) in enumerate(train_loader):
        # Data for training the discriminator
        real_samples_labels = torch.ones((batch_size, 1))
        latent_space_samples = torch.randn((batch_size, 2))
        generated_samples = generator(latent_space_samples)
        generated_samples_labels = torch.zeros((batch_size, 1))
        all_samples = torch.cat((real_samples, generated_samples))
        all_samples_labels = torch.cat(
            (real_samples_labels, generated_samples_labels)
        )

        # Training the discriminator
        discriminator.zero_grad()
        output_discriminator = discriminator(all_samples)
        loss_discriminator = loss_function(
            output_discriminator, all_samples_labels)
        loss_discriminator.backward()
        optimizer_discriminator.step()

        # Data for training the generator
        latent_space_samples = torch.randn((batch_size, 2))

        # Training the generator
        generator.zero_grad()
        generated_samples = generator(latent_space_samples)
        output_discriminator_generated = discriminator(generated_samples)
        loss_generator = loss_function(
            output_discriminator_generated, real_samples_labels
        )
        loss_generator.backward()
        optimizer_generator.step()

        # Show loss
        if epoch % 10 == 0 and n == batch_size - 1:
            print(f"Epoch: {epoch} Loss D.: {loss_discriminator}")
            print(f"Epoch: {epoch} Loss G.: {loss_generator}")

latent_space_samples = torch.randn(100, 2)
generated_samples = generator(latent_space_samples)
generated_samples = generated_samples.detach()
print(generated_samples[:3])

final = {"generated": generated_samples, "d_out": discriminator.model[9].weight,
         "g_out": generator.model[4].weight, "loss_d": loss_discriminator,
         "loss_g": loss_generator}
'''


DSSE_ADAM_PERCEPTRON = r'''
# After the Data Science Stack Exchange question "Strange behavior with Adam optimizer when
# training for too long" (https://datascience.stackexchange.com/questions/25024; read in a
# mirror of the thread): a student's single perceptron (1000 inputs, 1 output, no hidden
# layer) trained on 64 random points with Adam's defaults, MSELoss(size_average=False) and
# Variable-wrapped inputs, the loss printed every iteration, which falls fast and (after a
# few thousand iterations) starts to rise again.  Changed: 5000 iterations cut to 40 (before
# the loss reaches float32 round-off); Python 2's xrange written range and PyTorch 0.3's
# loss.data[0] written loss.item() (both fail on today's Python and PyTorch).
import torch
from torch.autograd import Variable

torch.manual_seed(545345)
N, D_in, D_out = 64, 1000, 1

x = Variable(torch.randn(N, D_in))
y = Variable(torch.randn(N, D_out))

model = torch.nn.Linear(D_in, D_out)
loss_fn = torch.nn.MSELoss(size_average=False)
optimizer = torch.optim.Adam(model.parameters())
for t in range(40):
    y_pred = model(x)

    loss = loss_fn(y_pred, y)
    print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

final = {"loss": loss, "weight": model.weight, "bias": model.bias,
         "exp_avg_sq": optimizer.state[model.weight]["exp_avg_sq"]}
'''


PTFORUM_XOR_NOT_LEARNING = r'''
# After the PyTorch Forums question "Simple Linear/Sigmoid Network not learning"
# (https://discuss.pytorch.org/t/simple-linear-sigmoid-network-not-learning/98714): a
# student's XNOR gate as Linear(2, 4), Sigmoid, Linear(4, 1), Sigmoid, its weights re-drawn
# by nn.init.uniform_ in an init() method, a forward() that turns a Python list into a float
# tensor, and a train() method (overriding nn.Module.train) that builds a new MSELoss and SGD
# optimizer on every call and steps it with a closure; the four responses printed before and
# after training on the four cases in turn.  Changed: 1000 training rounds cut to 60; the
# answer's first suggestion (drop the final Sigmoid, BCEWithLogitsLoss, a wider net, Adam)
# tried after the question's net, on the same four cases, for 150 rounds.
import torch as torch
import torch.nn as nn


class Network(nn.Module):

    def __init__(self):
        super(Network, self).__init__()
        self.x1 = nn.Linear(2,4)
        self.s1 = nn.Sigmoid()
        self.x2 = nn.Linear(4,1)
        self.s2 = nn.Sigmoid()

    def init(self):
        nn.init.uniform_(self.x1.weight)
        nn.init.uniform_(self.x2.weight)

    def forward(self, feats):
        f1 = torch.tensor(feats).float()
        xr1= self.x1(f1)
        xs1= self.s1(xr1)
        xr2= self.x2(xs1)
        out= self.s2(xr2)
        return out

    def train(self,val_expected,feats_next):
        val_expected_tensor = torch.tensor(val_expected)
        criterion = nn.MSELoss()
        optimizer = torch.optim.SGD(self.parameters(), lr=0.01)
        def closure():
            optimizer.zero_grad()
            resp = self.forward(feats_next)
            error = criterion(resp,val_expected_tensor)
            error.backward()
            return error
        optimizer.step(closure)

net = Network()
net.init()

for input in ([0.,0.],[0.,1.],[1.,0.],[1.,1.]):
    response=net.forward(input)
    print(response)

print ("--TRAIN START-")
for i in range(60):
    net.train([1.],[0.,0.])
    net.train([0.],[0.,1.])
    net.train([0.],[1.,0.])
    net.train([1.],[1.,1.])
print ("--TRAIN END-")

for input in ([0.,0.],[0.,1.],[1.,0.],[1.,1.]):
    response=net.forward(input)
    print(response)


# The answer's suggestions: no final Sigmoid, BCEWithLogitsLoss, wider, Adam.
wider = nn.Sequential(nn.Linear(2, 16), nn.Sigmoid(), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(wider.parameters(), lr=0.01)
cases = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
expected = torch.tensor([[1.], [0.], [0.], [1.]])
for i in range(150):
    optimizer.zero_grad()
    error = criterion(wider(cases), expected)
    error.backward()
    optimizer.step()
    if i % 50 == 0:
        print(i, error.item())
print(torch.sigmoid(wider(cases)))

final = {"x1": net.x1.weight, "x2": net.x2.bias, "wider": wider[0].weight,
         "error": error}
'''


FASTAI_FORUM_CROSS_RECOGNIZER = r'''
# After the fast.ai Forums question "Trouble with a simple cross recognizer"
# (https://forums.fast.ai/t/trouble-with-a-simple-cross-recognizer/58206): a student's single
# layer (10 weights, the last a bias appended to the inputs as a column of ones) recognising an
# 'X' in 3x3 arrays: random samples with the last third overwritten by the cross, an nn.Parameter
# from torch.rand(10) - 0.5, a hand-written mse, nn.Sigmoid, and updates by layer1.sub_(lr *
# layer1.grad) and layer1.grad.zero_() under torch.no_grad(), the loss printed every 5000
# steps; the learned weights do not approach the cross because y_hat (10,) minus expected_y
# (10, 1) broadcasts to 10x10.  Changed: 50000 steps cut to 2000, printed every 500; then the
# net again with the prediction reshaped to (10, 1), which does learn.
import torch
import torch.nn as nn

#'X' represented as 3x3
x = torch.FloatTensor([[1,0,1],[0,1,0],[1,0,1]])
#count of training samples
sample_count = 10
ratio_of_crosses_in_input = 0.33

#Create sample_count no of samples of 3x3
input_ = torch.rand(sample_count, 3, 3)
#Create a bias element to append to end of image data
bias = torch.ones(sample_count,1)
#reshape the image sample from 3x3 => 9x1 to make it a linear 1D array
input_1x = input_.reshape(sample_count,9)

#Add bias as last element, ie 10th element
input_with_bias = torch.cat((input_1x,bias), 1)
#Make % of the samples of type 'X'
input_with_bias[int(sample_count*(1-ratio_of_crosses_in_input)):,:] = torch.cat((x.reshape(1,9)[0], torch.ones(1)), 0)

#Create expected result tensor with all outputs corresponding to 'X' set as 1
expected_y = torch.zeros(sample_count, 1)
expected_y[int(sample_count*(1-ratio_of_crosses_in_input)):] = 1

#Create single layer nn, initialized to random
layer1 = torch.rand(10) - 0.5
#MSE
def mse(y_hat, y): return ((y_hat -y)**2).mean()

lr = 0.05
sig = torch.nn.Sigmoid()
layer1 = nn.Parameter(layer1)

def update():
    y_hat = input_with_bias@layer1
    y_hat = sig(y_hat)
    loss = mse( y_hat, expected_y)
    loss.backward()
    if i % 500 == 0:
        print("Loss:")
        print (loss)
    with torch.no_grad():
        layer1.sub_(lr * layer1.grad)
        layer1.grad.zero_()

#Update the weights
for i in range(2000):
    update()
print(layer1[:9].reshape(3, 3))
broadcast = layer1.detach().clone()


# The shapes made to agree: the prediction as a (10, 1) column.
layer1 = nn.Parameter(torch.rand(10) - 0.5)

def update():
    y_hat = sig(input_with_bias@layer1).reshape(-1, 1)
    loss = mse(y_hat, expected_y)
    loss.backward()
    if i % 500 == 0:
        print("Loss:", loss.item())
    with torch.no_grad():
        layer1.sub_(lr * layer1.grad)
        layer1.grad.zero_()

for i in range(2000):
    update()
print(layer1[:9].reshape(3, 3))
print(sig(input_with_bias@layer1).round())

final = {"broadcast": broadcast, "layer1": layer1}
'''


SARAVIA_NN_FROM_SCRATCH = r'''
# After Elvis Saravia, "A Simple Neural Network from Scratch with PyTorch and Google Colab"
# (Medium / dair.ai, 2019; its notebook read in copies on GitHub): test scores predicted from
# hours of study and sleep, X and y scaled by their maxima (torch.max(X, 0) unpacked,
# torch.div), a Neural_Network(nn.Module) holding plain torch.randn weights W1 (2x3) and W2
# (3x1), a sigmoid written with torch.exp, its derivative s * (1 - s), a hand-written
# backward() that adds the deltas to the weights in place, a train() method (overriding
# nn.Module.train), saveWeights() with torch.save, and predict() printing the scaled input and
# the output for [4, 8].  Changed: the commented-out loss line printed every 100th of the 1000
# training steps; saveWeights saves a dict of W1 and W2 to a temporary directory instead of the
# whole model (a class defined in the corpus's namespace cannot be pickled, by PyTorch either),
# loaded back into a new Neural_Network whose prediction is printed too.
import os
import tempfile
import torch
import torch.nn as nn

X = torch.tensor(([2, 9], [1, 5], [3, 6]), dtype=torch.float) # 3 X 2 tensor
y = torch.tensor(([92], [100], [89]), dtype=torch.float) # 3 X 1 tensor
xPredicted = torch.tensor(([4, 8]), dtype=torch.float) # 1 X 2 tensor

print(X.size())
print(y.size())

# scale units
X_max, _ = torch.max(X, 0)
xPredicted_max, _ = torch.max(xPredicted, 0)

X = torch.div(X, X_max)
xPredicted = torch.div(xPredicted, xPredicted_max)
y = y / 100  # max test score is 100
print(xPredicted)

path = os.path.join(tempfile.mkdtemp(), "NN")


class Neural_Network(nn.Module):
    def __init__(self, ):
        super(Neural_Network, self).__init__()
        # parameters
        # TODO: parameters can be parameterized instead of declaring them here
        self.inputSize = 2
        self.outputSize = 1
        self.hiddenSize = 3

        # weights
        self.W1 = torch.randn(self.inputSize, self.hiddenSize) # 3 X 2 tensor
        self.W2 = torch.randn(self.hiddenSize, self.outputSize) # 3 X 1 tensor

    def forward(self, X):
        self.z = torch.matmul(X, self.W1) # 3 X 3 ".dot" does not broadcast in PyTorch
        self.z2 = self.sigmoid(self.z) # activation function
        self.z3 = torch.matmul(self.z2, self.W2)
        o = self.sigmoid(self.z3) # final activation function
        return o

    def sigmoid(self, s):
        return 1 / (1 + torch.exp(-s))

    def sigmoidPrime(self, s):
        # derivative of sigmoid
        return s * (1 - s)

    def backward(self, X, y, o):
        self.o_error = y - o # error in output
        self.o_delta = self.o_error * self.sigmoidPrime(o) # derivative of sig to error
        self.z2_error = torch.matmul(self.o_delta, torch.t(self.W2))
        self.z2_delta = self.z2_error * self.sigmoidPrime(self.z2)
        self.W1 += torch.matmul(torch.t(X), self.z2_delta)
        self.W2 += torch.matmul(torch.t(self.z2), self.o_delta)

    def train(self, X, y):
        # forward + backward pass for training
        o = self.forward(X)
        self.backward(X, y, o)

    def saveWeights(self, model):
        # we will use the PyTorch internal storage functions
        torch.save({"W1": model.W1, "W2": model.W2}, path)
        # you can reload model with all the weights and so forth with:
        # torch.load("NN")

    def predict(self):
        print ("Predicted data based on trained weights: ")
        print ("Input (scaled): \n" + str(xPredicted))
        print ("Output: \n" + str(self.forward(xPredicted)))


NN = Neural_Network()
for i in range(1000):  # trains the NN 1,000 times
    if i % 100 == 0:
        print ("#" + str(i) + " Loss: " + str(torch.mean((y - NN(X))**2).detach().item()))  # mean sum squared loss
    NN.train(X, y)
NN.saveWeights(NN)
NN.predict()

loaded = Neural_Network()
weights = torch.load(path)
loaded.W1, loaded.W2 = weights["W1"], weights["W2"]
print(sorted(weights), loaded(xPredicted))

final = {"W1": NN.W1, "W2": NN.W2, "loaded_W1": loaded.W1, "o": NN(X)}
'''


RASCHKA_SELF_ATTENTION = r'''
# After Sebastian Raschka, "Understanding and Coding the Self-Attention Mechanism of Large
# Language Models From Scratch" (blog, https://sebastianraschka.com/blog/2023/self-attention-
# from-scratch.html, and its 2024 rewrite in his magazine; read in copies on GitHub): the
# sentence "Life is short, eat dessert first" as a word-index dictionary and a tensor of
# indices, a 16-dimensional nn.Embedding (detached), projection matrices W_query, W_key
# (24x16) and W_value (28x16) as nn.Parameters of torch.rand, the query, key and value of the
# second word, all keys and values by W.matmul(x.T).T, the unnormalised weight omega_24 by
# dot, omega_2, the softmax of omega_2 / sqrt(d_k) and the context vector; three heads with
# 3x24x16 weights, the inputs stacked by .T.repeat(3, 1, 1), torch.bmm and permute; and the
# magazine's SelfAttention module (x @ W with torch.softmax over the last dim) on a
# 3-dimensional embedding of a 50,000-word vocabulary.  Changed: nothing but the figures
# dropped and the context vector's gradient with respect to W_query added at the end.
import torch

sentence = 'Life is short, eat dessert first'

dc = {s:i for i,s in enumerate(sorted(sentence.replace(',', '').split()))}
print(dc)

sentence_int = torch.tensor([dc[s] for s in sentence.replace(',', '').split()])
print(sentence_int)

torch.manual_seed(123)
embed = torch.nn.Embedding(6, 16)
embedded_sentence = embed(sentence_int).detach()

print(embedded_sentence)
print(embedded_sentence.shape)

torch.manual_seed(123)

d = embedded_sentence.shape[1]

d_q, d_k, d_v = 24, 24, 28

W_query = torch.nn.Parameter(torch.rand(d_q, d))
W_key = torch.nn.Parameter(torch.rand(d_k, d))
W_value = torch.nn.Parameter(torch.rand(d_v, d))

x_2 = embedded_sentence[1]
query_2 = W_query.matmul(x_2)
key_2 = W_key.matmul(x_2)
value_2 = W_value.matmul(x_2)

print(query_2.shape)
print(key_2.shape)
print(value_2.shape)

keys = W_key.matmul(embedded_sentence.T).T
values = W_value.matmul(embedded_sentence.T).T

print("keys.shape:", keys.shape)
print("values.shape:", values.shape)

omega_24 = query_2.dot(keys[4])
print(omega_24)

omega_2 = query_2.matmul(keys.T)
print(omega_2)

import torch.nn.functional as F

attention_weights_2 = F.softmax(omega_2 / d_k**0.5, dim=0)
print(attention_weights_2)

context_vector_2 = attention_weights_2.matmul(values)

print(context_vector_2.shape)
print(context_vector_2)

h = 3
multihead_W_query = torch.nn.Parameter(torch.rand(h, d_q, d))
multihead_W_key = torch.nn.Parameter(torch.rand(h, d_k, d))
multihead_W_value = torch.nn.Parameter(torch.rand(h, d_v, d))

multihead_query_2 = multihead_W_query.matmul(x_2)
print(multihead_query_2.shape)

multihead_key_2 = multihead_W_key.matmul(x_2)
multihead_value_2 = multihead_W_value.matmul(x_2)

stacked_inputs = embedded_sentence.T.repeat(3, 1, 1)
print(stacked_inputs.shape)

multihead_keys = torch.bmm(multihead_W_key, stacked_inputs)
multihead_values = torch.bmm(multihead_W_value, stacked_inputs)
print("multihead_keys.shape:", multihead_keys.shape)
print("multihead_values.shape:", multihead_values.shape)

multihead_keys = multihead_keys.permute(0, 2, 1)
multihead_values = multihead_values.permute(0, 2, 1)
print("multihead_keys.shape:", multihead_keys.shape)
print("multihead_values.shape:", multihead_values.shape)


import torch.nn as nn


class SelfAttention(nn.Module):
    def __init__(self, d_in, d_out_kq, d_out_v):
        super().__init__()
        self.d_out_kq = d_out_kq
        self.W_query = nn.Parameter(torch.rand(d_in, d_out_kq))
        self.W_key   = nn.Parameter(torch.rand(d_in, d_out_kq))
        self.W_value = nn.Parameter(torch.rand(d_in, d_out_v))

    def forward(self, x):
        keys = x @ self.W_key
        queries = x @ self.W_query
        values = x @ self.W_value

        attn_scores = queries @ keys.T  # unnormalized attention weights
        attn_weights = torch.softmax(
            attn_scores / self.d_out_kq**0.5, dim=-1
        )

        context_vec = attn_weights @ values
        return context_vec


vocab_size = 50_000
torch.manual_seed(123)
embed = torch.nn.Embedding(vocab_size, 3)
small_sentence = embed(sentence_int).detach()
print(small_sentence)

torch.manual_seed(123)
d_in, d_out_kq, d_out_v = 3, 2, 4
sa = SelfAttention(d_in, d_out_kq, d_out_v)
print(sa(small_sentence))

context_vector_2.sum().backward()
print(W_query.grad[:2])

final = {"context_vector_2": context_vector_2, "multihead_keys": multihead_keys,
         "multihead_values": multihead_values, "sa": sa(small_sentence),
         "W_query_grad": W_query.grad}
'''


ESPOSITO_LSTM_BY_HAND = r'''
# After Piero Esposito, "Building a LSTM by hand on PyTorch" (Towards Data Science, 2020; its
# code read in copies on GitHub): CustomLSTM(nn.Module) with W (input x 4·hidden), U (hidden x
# 4·hidden) and bias as nn.Parameters of uninitialised torch.Tensor(...) filled by
# init_weights() with weight.data.uniform_(-stdv, stdv), stdv = 1/sqrt(hidden), a forward()
# looping over the sequence with the four gates from one matrix product sliced by
# HS = hidden_size, the hidden states stacked with unsqueeze(0), torch.cat, transpose(0, 1)
# and contiguous(), the optional peephole connections; and the post's sentiment Net
# (Embedding(vocab, 32) -> the LSTM -> Linear(32, 2) on the last step) trained with Adam and
# CrossEntropyLoss, once with the CustomLSTM and once with nn.LSTM(32, 32, batch_first=True)
# as the post compares them.  Changed: IMDB through torchtext replaced by random token
# sequences (vocabulary 100, 8 sequences of 12 tokens per batch, 4 batches, labels 0/1), the
# epochs cut to 2, the accuracy printed per epoch, the peephole LSTM run once on a batch.
import math
import torch
import torch.nn as nn
import torch.optim as optim


class CustomLSTM(nn.Module):
    def __init__(self, input_sz, hidden_sz, peephole=False):
        super().__init__()
        self.input_sz = input_sz
        self.hidden_size = hidden_sz
        self.peephole = peephole
        self.W = nn.Parameter(torch.Tensor(input_sz, hidden_sz * 4))
        self.U = nn.Parameter(torch.Tensor(hidden_sz, hidden_sz * 4))
        self.bias = nn.Parameter(torch.Tensor(hidden_sz * 4))
        if self.peephole:
            self.W_fc = nn.Parameter(torch.Tensor(hidden_sz))
            self.W_ic = nn.Parameter(torch.Tensor(hidden_sz))
            self.W_oc = nn.Parameter(torch.Tensor(hidden_sz))
        self.init_weights()

    def init_weights(self):
        stdv = 1.0 / math.sqrt(self.hidden_size)
        for weight in self.parameters():
            weight.data.uniform_(-stdv, stdv)

    def forward(self, x,
                init_states=None):
        """Assumes x is of shape (batch, sequence, feature)"""
        bs, seq_sz, _ = x.size()
        hidden_seq = []
        if init_states is None:
            h_t, c_t = (torch.zeros(bs, self.hidden_size).to(x.device),
                        torch.zeros(bs, self.hidden_size).to(x.device))
        else:
            h_t, c_t = init_states

        HS = self.hidden_size
        for t in range(seq_sz):
            x_t = x[:, t, :]
            # batch the computations into a single matrix multiplication
            gates = x_t @ self.W + h_t @ self.U + self.bias
            if self.peephole:
                i_t = torch.sigmoid(gates[:, :HS] + c_t * self.W_ic)
                f_t = torch.sigmoid(gates[:, HS:HS*2] + c_t * self.W_fc)
                c_t = f_t * c_t + i_t * torch.tanh(gates[:, HS*2:HS*3])
                o_t = torch.sigmoid(gates[:, HS*3:] + c_t * self.W_oc)
            else:
                i_t, f_t, g_t, o_t = (
                    torch.sigmoid(gates[:, :HS]), # input
                    torch.sigmoid(gates[:, HS:HS*2]), # forget
                    torch.tanh(gates[:, HS*2:HS*3]),
                    torch.sigmoid(gates[:, HS*3:]), # output
                )
                c_t = f_t * c_t + i_t * g_t
            h_t = o_t * torch.tanh(c_t)
            hidden_seq.append(h_t.unsqueeze(0))
        hidden_seq = torch.cat(hidden_seq, dim=0)
        # reshape from shape (sequence, batch, feature) to (batch, sequence, feature)
        hidden_seq = hidden_seq.transpose(0, 1).contiguous()
        return hidden_seq, (h_t, c_t)


vocab_size = 100
batches = [(torch.randint(0, vocab_size, (8, 12)), torch.randint(0, 2, (8,)))
           for _ in range(4)]


class Net(nn.Module):
    def __init__(self, custom=True):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, 32)
        self.lstm = CustomLSTM(32, 32) if custom else nn.LSTM(32, 32, batch_first=True)
        self.fc1 = nn.Linear(32, 2)

    def forward(self, x):
        x_ = self.embedding(x)
        x_, (h_n, c_n) = self.lstm(x_)
        x_ = (x_[:, -1, :])
        x_ = self.fc1(x_)
        return x_


def train(net, epochs=2):
    optimizer = optim.Adam(net.parameters(), lr=0.001)
    loss_function = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        correct = 0
        for i, (x, y) in enumerate(batches):
            optimizer.zero_grad()
            y_ = net(x)
            loss = loss_function(y_, y)
            loss.backward()
            optimizer.step()
            correct += (y_.argmax(dim=1) == y).sum().item()
        print(f"epoch {epoch}: loss {loss.item():.4f}, accuracy {correct / 32:.3f}")
    return net


custom = train(Net())
print(custom.lstm.W.shape, custom.lstm.U.shape, custom.lstm.bias.shape)
builtin = train(Net(custom=False))

peephole = CustomLSTM(32, 16, peephole=True)
print([name for name, _ in peephole.named_parameters()])
hidden_seq, (h_t, c_t) = peephole(custom.embedding(batches[0][0]))
print(hidden_seq.shape, hidden_seq.is_contiguous())

final = {"W": custom.lstm.W, "fc1": custom.fc1.weight, "builtin": builtin.fc1.weight,
         "peephole": h_t}
'''


JHOWARD_TITANIC_FROM_SCRATCH = r'''
# After Jeremy Howard's Kaggle notebook "Linear model and neural net from scratch"
# (https://www.kaggle.com/code/jhoward/linear-model-and-neural-net-from-scratch; read in
# copies on GitHub): the Titanic features as a float tensor divided by its column maxima
# (t_indep.max(dim=0) unpacked), coefficients torch.rand(n_coeff) - 0.5, predictions
# (indeps*coeffs).sum(axis=1) and a mean absolute error, requires_grad_(), backward(),
# coeffs.sub_(coeffs.grad * 0.1) and grad.zero_() under torch.no_grad(), a training loop
# printing f"{loss:.3f}" with end="; " (train_model seeding torch.manual_seed(442)),
# show_coeffs() as a dict of names to 0-d tensors, accuracy of preds > 0.5 against
# val_dep.bool(); then torch.sigmoid, the matrix product form (deps as columns by [:,None]),
# a neural net with one hidden layer (F.relu, a constant torch.rand(1)[0]) and a deep one
# (layers and constants in lists, updated in a loop).  Changed: train.csv and its pandas
# cleaning replaced by 891 random rows of the notebook's 12 columns (Age, SibSp, Parch,
# LogFare and the Sex/Pclass/Embarked dummies; Survived random); fastai's RandomSplitter
# replaced by a torch.randperm split 80/20; a newline printed after each run's losses (where
# the notebook's cell ends them); the Kaggle submission dropped.
import torch
import torch.nn.functional as F

indep_cols = ['Age', 'SibSp', 'Parch', 'LogFare', 'Sex_male', 'Sex_female', 'Pclass_1',
              'Pclass_2', 'Pclass_3', 'Embarked_C', 'Embarked_Q', 'Embarked_S']
sex = torch.randint(0, 2, (891,))
pclass = torch.randint(1, 4, (891,))
embarked = torch.randint(0, 3, (891,))
columns = [torch.randint(1, 81, (891,)), torch.randint(0, 5, (891,)),
           torch.randint(0, 4, (891,)), torch.rand(891) * 6,
           sex == 1, sex == 0, pclass == 1, pclass == 2, pclass == 3,
           embarked == 0, embarked == 1, embarked == 2]
values = torch.stack([c.float() for c in columns], dim=1).numpy()
survived = torch.randint(0, 2, (891,)).numpy()

t_dep = torch.tensor(survived)
t_indep = torch.tensor(values, dtype=torch.float)
print(t_indep.shape)

torch.manual_seed(442)

n_coeff = t_indep.shape[1]
coeffs = torch.rand(n_coeff)-0.5
print(coeffs)
print(t_indep*coeffs)

vals,indices = t_indep.max(dim=0)
t_indep = t_indep / vals
print(t_indep*coeffs)

preds = (t_indep*coeffs).sum(axis=1)
print(preds[:10])

loss = torch.abs(preds-t_dep).mean()
print(loss)


def calc_preds(coeffs, indeps): return (indeps*coeffs).sum(axis=1)
def calc_loss(coeffs, indeps, deps): return torch.abs(calc_preds(coeffs, indeps)-deps).mean()


coeffs.requires_grad_()
loss = calc_loss(coeffs, t_indep, t_dep)
print(loss)
loss.backward()
print(coeffs.grad)

loss = calc_loss(coeffs, t_indep, t_dep)
loss.backward()
with torch.no_grad():
    coeffs.sub_(coeffs.grad * 0.1)
    coeffs.grad.zero_()
    print(calc_loss(coeffs, t_indep, t_dep))

order = torch.randperm(len(t_indep))
trn_split, val_split = order[:713], order[713:]
print(len(trn_split), len(val_split))

trn_indep,val_indep = t_indep[trn_split],t_indep[val_split]
trn_dep,val_dep = t_dep[trn_split],t_dep[val_split]


def update_coeffs(coeffs, lr):
    coeffs.sub_(coeffs.grad * lr)
    coeffs.grad.zero_()


def one_epoch(coeffs, lr):
    loss = calc_loss(coeffs, trn_indep, trn_dep)
    loss.backward()
    with torch.no_grad(): update_coeffs(coeffs, lr)
    print(f"{loss:.3f}", end="; ")


def init_coeffs(): return (torch.rand(n_coeff)-0.5).requires_grad_()


def train_model(epochs=30, lr=0.01):
    torch.manual_seed(442)
    coeffs = init_coeffs()
    for i in range(epochs): one_epoch(coeffs, lr=lr)
    print()
    return coeffs


coeffs = train_model(18, lr=0.2)


def show_coeffs(): return dict(zip(indep_cols, coeffs.requires_grad_(False)))


print(show_coeffs())

preds = calc_preds(coeffs, val_indep)
results = val_dep.bool()==(preds>0.5)
print(results[:16])
print(results.float().mean())


def acc(coeffs): return (val_dep.bool()==(calc_preds(coeffs, val_indep)>0.5)).float().mean()


print(acc(coeffs))
linear = coeffs


def calc_preds(coeffs, indeps): return torch.sigmoid((indeps*coeffs).sum(axis=1))


coeffs = train_model(lr=100)
print(acc(coeffs))
print(show_coeffs())
sigmoid = coeffs

print((val_indep*coeffs).sum(axis=1)[:5])
print((val_indep@coeffs)[:5])


def calc_preds(coeffs, indeps): return torch.sigmoid(indeps@coeffs)
def init_coeffs(): return (torch.rand(n_coeff, 1)*0.1).requires_grad_()


trn_dep = trn_dep[:,None]
val_dep = val_dep[:,None]

coeffs = train_model(lr=100)
print(acc(coeffs))
matrix = coeffs


def init_coeffs(n_hidden=20):
    layer1 = (torch.rand(n_coeff, n_hidden)-0.5)/n_hidden
    layer2 = torch.rand(n_hidden, 1)-0.3
    const = torch.rand(1)[0]
    return layer1.requires_grad_(),layer2.requires_grad_(),const.requires_grad_()


def calc_preds(coeffs, indeps):
    l1,l2,const = coeffs
    res = F.relu(indeps@l1)
    res = res@l2 + const
    return torch.sigmoid(res)


def update_coeffs(coeffs, lr):
    for layer in coeffs:
        layer.sub_(layer.grad * lr)
        layer.grad.zero_()


coeffs = train_model(lr=1.4)
coeffs = train_model(lr=20)
print(acc(coeffs))
net = coeffs


def init_coeffs():
    hiddens = [10, 10]  # <-- set this to the size of each hidden layer you want
    sizes = [n_coeff] + hiddens + [1]
    n = len(sizes)
    layers = [(torch.rand(sizes[i], sizes[i+1])-0.3)/sizes[i+1]*4 for i in range(n-1)]
    consts = [(torch.rand(1)[0]-0.5)*0.1 for i in range(n-1)]
    for l in layers+consts: l.requires_grad_()
    return layers,consts


def calc_preds(coeffs, indeps):
    layers,consts = coeffs
    n = len(layers)
    res = indeps
    for i,l in enumerate(layers):
        res = res@l + consts[i]
        if i!=n-1: res = F.relu(res)
    return torch.sigmoid(res)


def update_coeffs(coeffs, lr):
    layers,consts = coeffs
    for layer in layers+consts:
        layer.sub_(layer.grad * lr)
        layer.grad.zero_()


coeffs = train_model(lr=4)
print(acc(coeffs))

final = {"linear": linear, "sigmoid": sigmoid, "matrix": matrix, "net_l1": net[0],
         "net_const": net[2], "deep_l2": coeffs[0][2], "deep_consts": torch.stack(coeffs[1])}
'''
