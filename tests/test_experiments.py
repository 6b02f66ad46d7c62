"""cnnlib.experiments: validation split, early stopping, per-step loss curves."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from cnnlib import data, experiments


def toy_dataset(n_train=50, n_test=7):
    rng = np.random.default_rng(0)
    x = rng.random((n_train + n_test, 1, 4, 3)).astype(np.float32)
    x[:, 0, 0, 0] = np.arange(n_train + n_test)          # a unique id per image
    y = rng.integers(0, 3, n_train + n_test)
    return data.Dataset(x[:n_train], y[:n_train], x[n_train:], y[n_train:], ["a", "b", "c"], "toy", "made here")


def test_split_validation_holds_out_a_disjoint_random_part():
    ds = toy_dataset()
    train, val = experiments.split_validation(ds, 12, seed=3)
    ids_train, ids_val = train.x_train[:, 0, 0, 0], val.x_test[:, 0, 0, 0]
    assert len(ids_train) == 38 and len(ids_val) == 12
    assert not set(ids_train) & set(ids_val)
    assert sorted([*ids_train, *ids_val]) == list(range(50))
    assert list(ids_val) != list(range(12))                   # drawn at random, not the first 12
    np.testing.assert_array_equal(train.x_test, ds.x_test)    # the test set is untouched
    np.testing.assert_array_equal(val.y_test, ds.y_train[ids_val.astype(int)])
    again, _ = experiments.split_validation(ds, 12, seed=3)
    np.testing.assert_array_equal(again.x_train, train.x_train)
    other, _ = experiments.split_validation(ds, 12, seed=4)
    assert not np.array_equal(other.x_train, train.x_train)


@pytest.mark.parametrize("n_val", [0, 50, -1])
def test_split_validation_rejects_impossible_sizes(n_val):
    with pytest.raises(ValueError, match="n_val"):
        experiments.split_validation(toy_dataset(), n_val)


class Scripted:
    """An evaluate() that returns the given accuracies in turn, and a train_one_epoch()
    that writes the epoch number into the model's bias (so restored weights can be told apart)."""

    def __init__(self, accs):
        self.accs, self.epoch = list(accs), 0

    def train(self, model, loader, optimizer, device):
        self.epoch += 1
        with torch.no_grad():
            model.bias.fill_(self.epoch)
        return 1.0 / self.epoch

    def evaluate(self, model, loader, device):
        return self.accs[self.epoch - 1]


@pytest.mark.parametrize(("accs", "max_epochs", "patience", "epochs", "best"), [
    ([0.5, 0.6, 0.6, 0.55, 0.58, 0.9], 10, 3, 5, 2),   # a tie is no improvement: 3 epochs without one
    ([0.5, 0.6, 0.7, 0.8], 4, 2, 4, 4),                 # improving all along: runs to max_epochs
    ([0.9, 0.1, 0.95], 10, 1, 2, 1),
])
def test_fit_early_stopping_stops_and_restores_the_best_epoch(accs, max_epochs, patience, epochs, best):
    model = nn.Linear(2, 1)
    s = Scripted(accs)
    result = experiments.fit_early_stopping(model, [], [], optimizer=None, device="cpu", max_epochs=max_epochs,
                                            patience=patience, train_one_epoch=s.train, evaluate=s.evaluate)
    assert result.epochs == epochs
    assert result.best_epoch == best and result.best_val_acc == accs[best - 1]
    assert result.val_acc == accs[:epochs]
    assert result.train_loss == pytest.approx([1.0 / e for e in range(1, epochs + 1)])
    assert float(model.bias) == best                          # the best epoch's weights are back
    assert result.stopped_early == (epochs < max_epochs)
    assert len(result.seconds) == epochs and result.seconds == sorted(result.seconds)


def test_fit_early_stopping_trains_a_real_model():
    torch.manual_seed(0)
    x = torch.randn(64, 1, 2, 2)
    y = (x.flatten(1).sum(1) > 0).long()
    loader = DataLoader(TensorDataset(x, y), batch_size=16)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    result = experiments.fit_early_stopping(model, loader, loader, optimizer=opt, device="cpu",
                                            max_epochs=15, patience=15)
    assert result.best_val_acc >= 0.9
    with torch.no_grad():
        acc = (model(x).argmax(1) == y).float().mean().item()
    assert acc == pytest.approx(result.best_val_acc)


@pytest.mark.parametrize(("max_epochs", "patience"), [(0, 1), (3, 0)])
def test_fit_early_stopping_rejects_bad_settings(max_epochs, patience):
    with pytest.raises(ValueError):
        experiments.fit_early_stopping(nn.Linear(1, 1), [], [], optimizer=None, device="cpu",
                                       max_epochs=max_epochs, patience=patience)


def test_loss_curve_records_every_step_and_cycles_the_loader():
    torch.manual_seed(0)
    x = torch.randn(40, 3)
    y = (x[:, 0] > 0).long()
    loader = DataLoader(TensorDataset(x, y), batch_size=8)    # 5 batches per pass
    model = nn.Linear(3, 2)
    losses = experiments.loss_curve(model, loader, torch.optim.SGD(model.parameters(), lr=0.5), "cpu", steps=23)
    assert len(losses) == 23
    assert np.mean(losses[-5:]) < 0.5 * np.mean(losses[:5])


def test_loss_curve_shows_a_progress_bar_over_the_steps(capsys):
    loader = DataLoader(TensorDataset(torch.randn(16, 3), torch.zeros(16, dtype=torch.long)), batch_size=8)
    model = nn.Linear(3, 2)
    experiments.loss_curve(model, loader, torch.optim.SGD(model.parameters(), lr=0.1), "cpu", steps=5,
                           progress=True, desc="plain, 38 layers")
    bar = capsys.readouterr().err
    assert "plain, 38 layers" in bar and "/5 " in bar  # a bar over the 5 steps (tqdm may skip drawing 5/5)
    experiments.loss_curve(model, loader, torch.optim.SGD(model.parameters(), lr=0.1), "cpu", steps=5)
    assert capsys.readouterr().err == ""


def test_loss_curve_rejects_no_steps_and_empty_loaders():
    model = nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        experiments.loss_curve(model, [], opt, "cpu", steps=0)
    with pytest.raises(ValueError, match="no batches"):
        experiments.loss_curve(model, [], opt, "cpu", steps=3)


def test_fit_early_stopping_shows_a_progress_bar_over_the_batches(capsys):
    x = torch.randn(24, 3)
    y = (x[:, 0] > 0).long()
    loader = DataLoader(TensorDataset(x, y), batch_size=8)   # 3 batches
    seen = []

    def train(model, given, optimizer, device):
        seen.append((given is loader, len(given), sum(1 for _ in given)))
        return 0.1

    for progress in (True, False):
        result = experiments.fit_early_stopping(nn.Linear(3, 2), loader, loader, optimizer=None, device="cpu",
                                                max_epochs=2, patience=5, train_one_epoch=train,
                                                evaluate=lambda *a: 0.5, progress=progress, plot=True)
        assert result.train_loss == pytest.approx([0.1, 0.1])
        err = capsys.readouterr().err
        assert ("epoch 2/2" in err) == progress
    # with a bar, the learner's loop gets a wrapper that still has the loader's length and batches
    assert seen == [(False, 3, 3)] * 2 + [(True, 3, 3)] * 2


def test_plot_runs_draws_each_run_and_marks_its_best_epoch():
    import matplotlib

    matplotlib.use("Agg")
    runs = {"a": experiments.EarlyStopping(train_loss=[1.0, 0.5, 0.4], val_acc=[0.5, 0.7, 0.6],
                                           seconds=[1, 2, 3], best_epoch=2, best_val_acc=0.7),
            "b": experiments.EarlyStopping(train_loss=[0.9, 0.3], val_acc=[0.6, 0.8],
                                           seconds=[1, 2], best_epoch=2, best_val_acc=0.8)}
    fig = experiments.plot_runs(runs, title="t")
    ax_loss, ax_acc = fig.axes
    assert [list(line.get_ydata()) for line in ax_loss.lines] == [[1.0, 0.5, 0.4], [0.9, 0.3]]
    marks = [(list(line.get_xdata()), list(line.get_ydata())) for line in ax_acc.lines if line.get_marker() == "o"]
    assert marks == [([2], [0.7]), ([2], [0.8])]
    assert "best 70.0% (epoch 2)" in ax_acc.get_legend().get_texts()[0].get_text()
    with pytest.raises(ValueError, match="empty"):
        experiments.plot_runs({})
