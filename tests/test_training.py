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
    train, test = _loaders()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    hist = training.fit(model, train, test, epochs=4, optimizer=opt, device="cpu",
                        plot=False, progress=False)
    assert hist.epochs == 4 and len(hist.test_acc) == 4 and len(hist.seconds) == 4
    assert hist.train_loss[-1] < hist.train_loss[0]
    assert hist.test_acc[-1] > 0.95
    assert hist.seconds == sorted(hist.seconds)
    assert hist.time_to(0.95) is not None and hist.time_to(1.01) is None
    assert "epochs" in repr(hist)


def test_fit_uses_the_learners_functions_and_stops_at_the_target():
    calls = {"train": 0, "eval": 0, "batches": 0}
    train, test = _loaders()

    def my_train(model, loader, optimizer, device):
        calls["train"] += 1
        assert len(loader) == len(train) and loader.dataset is train.dataset
        for _ in loader:
            calls["batches"] += 1
        return 1.0 / calls["train"]

    def my_eval(model, loader, device):
        calls["eval"] += 1
        return 0.5 * calls["eval"]

    model = nn.Linear(2, 2)
    hist = training.fit(model, train, test, epochs=10, optimizer=None, device="cpu",
                        train_one_epoch=my_train, evaluate=my_eval, plot=False,
                        target_acc=1.0, progress=False)
    assert calls["train"] == calls["eval"] == 2
    assert calls["batches"] == 2 * len(train)
    assert hist.train_loss == [1.0, 0.5] and hist.test_acc == [0.5, 1.0]


def test_fit_shows_a_progress_bar(capsys):
    train, test = _loaders()
    model = nn.Linear(2, 2)
    training.fit(model, train, test, epochs=1, optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
                 device="cpu", plot=False)
    captured = capsys.readouterr()
    assert "epoch 1/1" in captured.err
    assert "test accuracy" in captured.out


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
