"""cnnlib.training: device choice, seeding, the fit loop, evaluation, confusion matrices."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from cnnlib import training


def _toy(n=200, seed=0):
    """Two well separated blobs in 2-D: a linear model learns them in a few epochs."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(n) % 2
    x = torch.randn(n, 2, generator=g) * 0.5 + (y[:, None] * 2 - 1) * 2.0
    return TensorDataset(x, y)


def _loaders(batch_size=20):
    return (DataLoader(_toy(), batch_size=batch_size, shuffle=True,
                       generator=torch.Generator().manual_seed(0)),
            DataLoader(_toy(100, seed=1), batch_size=50))


def test_choose_device():
    dev = training.choose_device()
    expected = "cuda" if torch.cuda.is_available() else (
        "mps" if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available() else "cpu")
    assert dev.type == expected
    assert training.choose_device("cpu") == torch.device("cpu")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="not available"):
            training.choose_device("cuda")


def test_seed_everything_repeats_every_generator():
    import random

    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    training.seed_everything(3)
    first = draw()
    training.seed_everything(3)
    assert draw() == first
    training.seed_everything(4)
    assert draw() != first


def test_count_parameters():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    assert training.count_parameters(model) == 3 * 4 + 4 + 4 * 2 + 2
    model[0].weight.requires_grad_(False)
    assert training.count_parameters(model) == 4 + 4 * 2 + 2
    assert training.count_parameters(model, trainable_only=False) == 26


def test_confusion_matrix():
    cm = training.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1], 3)
    np.testing.assert_array_equal(cm, [[1, 0, 0], [0, 1, 1], [0, 0, 2]])
    assert cm.dtype == np.int64 and cm.sum() == 5
    assert training.confusion_matrix([], [], 4).shape == (4, 4)
    with pytest.raises(ValueError, match="outside"):
        training.confusion_matrix([0, 3], [0, 1], 3)
    with pytest.raises(ValueError, match="labels"):
        training.confusion_matrix([0, 1], [0], 3)


def test_plot_confusion_matrix():
    cm = np.array([[5, 1], [0, 4]])
    ax = training.plot_confusion_matrix(cm, ["cat", "dog"], normalize=True)
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog"]
    assert any(t.get_text() == "0.83" for t in ax.texts)
    ax = training.plot_confusion_matrix(cm)
    assert {t.get_text() for t in ax.texts} == {"5", "1", "4"}


class _FirstFeature(nn.Module):
    """Predicts class 1 when the first feature is positive; has dropout to see eval mode."""

    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.9)

    def forward(self, x):
        s = self.drop(torch.ones_like(x[:, :1])) * x[:, :1]
        return torch.cat([-s, s], dim=1)


def test_evaluate_and_predict_use_eval_mode_and_restore_it():
    x = torch.tensor([[1.0, 0], [-1.0, 0], [2.0, 0], [-3.0, 0], [0.5, 0]])
    y = torch.tensor([1, 0, 0, 0, 1])
    loader = DataLoader(TensorDataset(x, y), batch_size=2)
    model = _FirstFeature().train()
    assert training.evaluate_accuracy(model, loader, "cpu") == pytest.approx(4 / 5)
    assert model.training
    y_true, y_pred = training.predict(model, loader, "cpu")
    np.testing.assert_array_equal(y_true, [1, 0, 0, 0, 1])
    np.testing.assert_array_equal(y_pred, [1, 0, 1, 0, 1])
    assert y_pred.dtype == np.int64 and model.training


def test_train_epoch_returns_the_mean_loss_per_image():
    torch.manual_seed(0)
    model = nn.Linear(2, 2)
    data = _toy(30)
    loader = DataLoader(data, batch_size=20)  # batches of 20 and 10
    opt = torch.optim.SGD(model.parameters(), lr=0.0)  # no change: the loss is fixed
    mean = training.train_epoch(model, loader, opt, "cpu")
    with torch.no_grad():
        expected = nn.functional.cross_entropy(model(data.tensors[0]), data.tensors[1]).item()
    assert mean == pytest.approx(expected, rel=1e-6)


def test_fit_learns_and_records_history():
    training.seed_everything(0)
    model = nn.Linear(2, 2)
    train, val = _loaders()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    hist = training.fit(model, train, val, epochs=4, optimizer=opt, device="cpu")
    assert hist.epochs == 4 and len(hist.val_acc) == len(hist.seconds) == 4 and hist.val_loss == []
    assert hist.train_loss[-1] < hist.train_loss[0]
    assert hist.val_acc[-1] > 0.95 and hist.test_acc is None and not hist.stopped_early
    assert hist.seconds == sorted(hist.seconds)
    assert hist.time_to(0.95) is not None and hist.time_to(1.01) is None
    assert hist.best_val_acc == max(hist.val_acc) and "epochs" in repr(hist)


class Scripted:
    """A train_one_epoch() that writes the epoch number into the model's bias (so restored weights
    can be told apart) and an evaluate() that returns the scripted accuracy (and loss) of the epoch
    whose weights the model holds; ``log`` records what was read, in order."""

    def __init__(self, accs, losses=None):
        self.accs, self.losses, self.epoch, self.log = list(accs), losses, 0, []

    def train(self, model, loader, optimizer, device):
        self.epoch += 1
        self.log.append(("train", self.epoch))
        with torch.no_grad():
            model.bias.fill_(self.epoch)
        return 1.0 / self.epoch

    def evaluate(self, model, loader, device):
        held = int(model.bias.detach()[0])
        self.log.append((loader.name, held))
        acc = self.accs[held - 1]
        return acc if self.losses is None else (self.losses[held - 1], acc)


class Named(list):
    """A loader (a list of no batches) with a name, so that the log says which one was read."""

    def __init__(self, name):
        super().__init__()
        self.name = name


@pytest.mark.parametrize(("accs", "max_epochs", "patience", "epochs", "best"), [
    ([0.5, 0.6, 0.6, 0.55, 0.58, 0.9], 10, 3, 5, 2),   # a tie is no improvement: 3 epochs without one
    ([0.5, 0.6, 0.7, 0.8], 4, 2, 4, 4),                 # improving all along: runs to max_epochs
    ([0.9, 0.1, 0.95], 10, 1, 2, 1),
])
def test_fit_stops_on_validation_patience_and_restores_the_best_epoch(accs, max_epochs, patience, epochs, best):
    model = nn.Linear(2, 1)
    s = Scripted(accs)
    result = training.fit(model, [], Named("val"), epochs=max_epochs, optimizer=None, device="cpu",
                          stop=training.EarlyStopping(patience=patience), train_one_epoch=s.train,
                          evaluate=s.evaluate)
    assert result.epochs == epochs
    assert result.best_epoch == best and result.best_val_acc == accs[best - 1]
    assert result.val_acc == accs[:epochs] and result.val_loss == []   # a learner's evaluate: no loss
    assert result.train_loss == pytest.approx([1.0 / e for e in range(1, epochs + 1)])
    assert float(model.bias.detach()) == best                          # the best epoch's weights are back
    assert result.stopped_early == (epochs < max_epochs)
    assert len(result.seconds) == epochs and result.seconds == sorted(result.seconds)


def test_fit_stops_when_the_validation_loss_rises_though_accuracy_still_climbs():
    losses = [1.0, 0.8, 0.9, 1.1, 1.3, 1.5]   # best at epoch 2, then rising
    accs = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    model = nn.Linear(2, 1)
    s = Scripted(accs, losses)
    hist = training.fit(model, [], Named("val"), epochs=6, optimizer=None, device="cpu",
                        stop=training.EarlyStopping(patience=2, monitor="loss"),
                        train_one_epoch=s.train, evaluate=s.evaluate)
    assert hist.epochs == 4 and hist.stopped_early and hist.best_epoch == 2
    assert hist.val_loss == losses[:4] and float(model.bias.detach()) == 2
    # the same run watched on accuracy goes on to the end: the rule reads the monitored series
    s = Scripted(accs, losses)
    hist = training.fit(nn.Linear(2, 1), [], Named("val"), epochs=6, optimizer=None, device="cpu",
                        stop=training.EarlyStopping(patience=2), train_one_epoch=s.train, evaluate=s.evaluate)
    assert hist.epochs == 6 and not hist.stopped_early and hist.best_epoch == 6


def test_fit_stops_on_a_real_rising_validation_loss():
    # the validation labels are the training labels flipped: the better the model fits the training
    # data, the higher its validation loss, from the first epoch on
    training.seed_everything(0)
    x, y = _toy(100).tensors
    train = DataLoader(TensorDataset(x, y), batch_size=20)
    val = DataLoader(TensorDataset(x, 1 - y), batch_size=30)
    model = nn.Linear(2, 2)
    hist = training.fit(model, train, val, epochs=10, optimizer=torch.optim.SGD(model.parameters(), lr=0.5),
                        device="cpu", stop=training.EarlyStopping(patience=2, monitor="loss"))
    assert hist.val_loss[1] > hist.val_loss[0] and hist.val_loss[2] > hist.val_loss[0]
    assert hist.epochs == 3 and hist.best_epoch == 1 and hist.stopped_early
    with torch.no_grad():   # the loss is the mean per image over unequal batches, of the restored epoch 1
        assert hist.val_loss[0] == pytest.approx(nn.functional.cross_entropy(model(x), 1 - y).item(), rel=1e-6)


def test_fit_reads_the_test_set_once_after_training_with_the_restored_weights():
    s = Scripted([0.5, 0.9, 0.7, 0.6])
    model = nn.Linear(2, 1)
    hist = training.fit(model, [], Named("val"), epochs=4, optimizer=None, device="cpu", test_loader=Named("test"),
                        stop=training.EarlyStopping(patience=2), train_one_epoch=s.train, evaluate=s.evaluate)
    assert [entry for entry in s.log if entry[0] == "test"] == [("test", 2)]   # once, the best epoch's weights
    assert s.log[-1] == ("test", 2) and s.log.index(("test", 2)) > s.log.index(("train", 4))
    assert hist.test_acc == 0.9 and hist.best_epoch == 2 and hist.epochs == 4
    # without validation data: fixed epochs, the test set read once at the end, the last weights kept
    s = Scripted([0.5, 0.9, 0.7])
    hist = training.fit(model, [], epochs=3, optimizer=None, device="cpu", test_loader=Named("test"),
                        train_one_epoch=s.train, evaluate=s.evaluate)
    assert s.log == [("train", 1), ("train", 2), ("train", 3), ("test", 3)]
    assert hist.test_acc == 0.7 and hist.val_acc == [] and hist.best_epoch == 0


def test_fit_stops_at_a_validation_target():
    s = Scripted([0.5, 0.97, 0.99, 0.995])
    hist = training.fit(nn.Linear(2, 1), [], Named("val"), epochs=10, optimizer=None, device="cpu",
                        stop=training.EarlyStopping(target=0.975), train_one_epoch=s.train, evaluate=s.evaluate)
    assert hist.val_acc == [0.5, 0.97, 0.99] and hist.stopped_early and hist.best_epoch == 3


def test_fit_refuses_the_test_set_as_its_validation_data():
    from cnnlib import data, experiments

    rng = np.random.default_rng(0)
    ds = data.Dataset(rng.random((40, 1, 4, 4), dtype=np.float32), rng.integers(0, 2, 40),
                      rng.random((10, 1, 4, 4), dtype=np.float32), rng.integers(0, 2, 10), ["a", "b"], "toy", "here")
    model = nn.Sequential(nn.Flatten(), nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train_loader, test_loader = data.make_loaders(ds, batch_size=8)
    stop = training.EarlyStopping(patience=1)
    with pytest.raises(ValueError, match="test set"):
        training.fit(model, train_loader, test_loader, epochs=1, optimizer=opt, device="cpu", stop=stop)
    with pytest.raises(ValueError, match="test set"):     # no stop rule: still no choices made on it
        training.fit(model, train_loader, test_loader, epochs=1, optimizer=opt, device="cpu")
    with pytest.raises(ValueError, match="val_loader is test_loader"):
        training.fit(model, [], test_loader, epochs=1, optimizer=opt, device="cpu",
                     test_loader=test_loader)
    with pytest.raises(ValueError, match="pass val_loader"):
        training.fit(model, train_loader, epochs=1, optimizer=opt, device="cpu", stop=stop)
    # held-out training images are accepted, and the real test set goes in as test_loader
    train, val = experiments.split_validation(ds, 8, seed=0)
    train_loader, test_loader = data.make_loaders(train, batch_size=8)
    _, val_loader = data.make_loaders(val, batch_size=8)
    assert (train_loader.dataset.split, val_loader.dataset.split, test_loader.dataset.split) == \
        ("train", "validation", "test")
    hist = training.fit(model, train_loader, val_loader, epochs=2, optimizer=opt, device="cpu", stop=stop,
                        test_loader=test_loader)
    assert len(hist.val_acc) == hist.epochs and 0 <= hist.test_acc <= 1


@pytest.mark.parametrize(("kwargs", "words"), [
    ({}, "patience, a target"), ({"patience": 0}, "patience"), ({"patience": 1.5}, "patience"),
    ({"target": 1.2}, "never be reached"), ({"patience": 2, "monitor": "test_acc"}, "monitor"),
])
def test_early_stopping_rejects_bad_settings(kwargs, words):
    with pytest.raises(ValueError, match=words):
        training.EarlyStopping(**kwargs)


def test_fit_rejects_no_epochs():
    with pytest.raises(ValueError, match="epochs"):
        training.fit(nn.Linear(1, 1), [], epochs=0, optimizer=None, device="cpu")


def test_fit_shows_a_progress_bar_and_a_line_per_epoch(capsys):
    train, val = _loaders()
    seen = []

    def my_train(model, given, optimizer, device):
        seen.append((given is train, len(given), sum(1 for _ in given), given.dataset is train.dataset))
        return 0.1

    for progress in (True, False):
        training.fit(nn.Linear(2, 2), train, val, epochs=2, optimizer=None, device="cpu", train_one_epoch=my_train,
                     progress=progress, verbose=progress, plot=True)
        captured = capsys.readouterr()
        assert ("epoch 2/2" in captured.err) == progress
        assert ("epoch 2: loss 0.1000, validation accuracy" in captured.out) == progress
    # with a bar, the learner's loop gets a wrapper that still has the loader's length and batches
    n = len(train)
    assert seen == [(False, n, n, True)] * 2 + [(True, n, n, True)] * 2


def test_live_plot_draws_both_panels():
    live = training.LivePlot(enabled=False, title="toy")
    assert not training.in_notebook()
    live.update(loss=1.0, acc=0.5)
    live.update(loss=0.5, acc=0.75, train_acc=0.8)
    fig = live.figure()
    ax_loss, ax_acc = fig.axes
    np.testing.assert_array_equal(ax_loss.lines[0].get_ydata(), [1.0, 0.5])
    assert len(ax_acc.lines) == 2 and "75.00%" in ax_acc.get_title()


def test_live_plot_with_steps_on_the_x_axis():
    live = training.LivePlot(enabled=False, xlabel="step")
    live.update(loss=2.0, x=25)
    live.update(acc=0.5, train_acc=0.6, x=50)
    ax_loss, ax_acc = live.figure().axes
    np.testing.assert_array_equal(ax_loss.lines[0].get_xdata(), [25])
    np.testing.assert_array_equal(ax_acc.lines[-1].get_xdata(), [50])
    assert ax_acc.get_xlabel() == "step" and live.acc == [0.5]
