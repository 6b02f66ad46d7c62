"""cnnlib.experiments: validation split, per-step loss curves, plots of runs (training: test_training.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from cnnlib import data, experiments, training


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
    assert (train.held_out, val.held_out) == ("test", "validation")   # training.fit reads it
    again, _ = experiments.split_validation(ds, 12, seed=3)
    np.testing.assert_array_equal(again.x_train, train.x_train)
    other, _ = experiments.split_validation(ds, 12, seed=4)
    assert not np.array_equal(other.x_train, train.x_train)


@pytest.mark.parametrize("n_val", [0, 50, -1])
def test_split_validation_rejects_impossible_sizes(n_val):
    with pytest.raises(ValueError, match="n_val"):
        experiments.split_validation(toy_dataset(), n_val)


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


def test_plot_runs_draws_each_run_and_marks_its_best_epoch():
    import matplotlib

    matplotlib.use("Agg")
    runs = {"a": training.History(train_loss=[1.0, 0.5, 0.4], val_acc=[0.5, 0.7, 0.6],
                                  seconds=[1, 2, 3], best_epoch=2),
            "b": training.History(train_loss=[0.9, 0.3], val_acc=[0.6, 0.8], seconds=[1, 2], best_epoch=2)}
    fig = experiments.plot_runs(runs, title="t")
    ax_loss, ax_acc = fig.axes
    assert [list(line.get_ydata()) for line in ax_loss.lines] == [[1.0, 0.5, 0.4], [0.9, 0.3]]
    marks = [(list(line.get_xdata()), list(line.get_ydata())) for line in ax_acc.lines if line.get_marker() == "o"]
    assert marks == [([2], [0.7]), ([2], [0.8])]
    assert "best 70.0% (epoch 2)" in ax_acc.get_legend().get_texts()[0].get_text()
    with pytest.raises(ValueError, match="empty"):
        experiments.plot_runs({})
