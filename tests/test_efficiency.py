"""cnnlib.efficiency: the standard block, multiply-adds counted with hooks, time per image."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn

from cnnlib import efficiency, models


def test_conv_bn_relu_is_a_standard_block_that_small_resnet_accepts():
    block = efficiency.conv_bn_relu(3, 8, stride=2)
    assert [type(m).__name__ for m in block] == ["Conv2d", "BatchNorm2d", "ReLU"]
    assert block[0].bias is None and block[0].groups == 1 and block[0].kernel_size == (3, 3)
    assert block(torch.zeros(2, 3, 7, 6)).shape == (2, 8, 4, 3)     # ceil(7 / 2), ceil(6 / 2)
    net = models.SmallResNet(efficiency.conv_bn_relu, widths=(4, 8), blocks=(1, 1))
    assert net(torch.zeros(1, 1, 28, 28)).shape == (1, 10)
    small = efficiency.small_net(efficiency.conv_bn_relu)             # notebook 12's network
    assert small(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert sum(isinstance(m, nn.Conv2d) for m in small.modules()) == 6  # stem and 1 + 2 + 2 blocks


def test_multiply_adds_follow_the_mobilenet_formulas():
    # Howard et al. 2017, section 3.1: D_K^2 M N D_F^2 for a standard convolution,
    # D_K^2 M D_F^2 + M N D_F^2 for depthwise plus pointwise
    cin, cout, f, hw = 6, 10, 3, 7
    standard = nn.Conv2d(cin, cout, f, padding=1, bias=False)
    separable = nn.Sequential(nn.Conv2d(cin, cin, f, padding=1, groups=cin, bias=False),
                              nn.Conv2d(cin, cout, 1, bias=False))
    assert efficiency.multiply_adds(standard, (cin, hw, hw)) == f * f * cin * cout * hw * hw
    assert efficiency.multiply_adds(separable, (cin, hw, hw)) == (f * f * cin + cin * cout) * hw * hw
    # a linear layer counts in x out; stride shrinks the positions counted
    assert efficiency.multiply_adds(nn.Sequential(nn.Flatten(), nn.Linear(12, 5)), (3, 2, 2)) == 60
    strided = nn.Conv2d(2, 4, 3, stride=2, padding=1)
    assert efficiency.multiply_adds(strided, (2, 8, 5)) == 4 * 3 * 2 * 9 * 4


def test_multiply_adds_counts_only_what_the_forward_pass_runs_and_keeps_the_mode():
    class Skips(nn.Module):
        def __init__(self):
            super().__init__()
            self.used = nn.Conv2d(1, 2, 1, bias=False)
            self.unused = nn.Conv2d(1, 50, 5)

        def forward(self, x):
            return self.used(x)

    model = Skips().train()
    assert efficiency.multiply_adds(model, (1, 3, 3)) == 2 * 9
    assert model.training
    assert not any(m._forward_hooks for m in model.modules())      # hooks removed
    with pytest.raises(ValueError, match="input_shape must be"):
        efficiency.multiply_adds(model, (3, 3))


def test_mobilenet_224_recovers_the_papers_counts():
    """Table 4 of Howard et al. (2017): 569 million multiply-adds and 4.2 million parameters."""
    def block(cin, cout, stride):
        return nn.Sequential(nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False), nn.BatchNorm2d(cin), nn.ReLU(),
                             nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())

    cfg = [(32, 64, 1), (64, 128, 2), (128, 128, 1), (128, 256, 2), (256, 256, 1), (256, 512, 2),
           *[(512, 512, 1)] * 5, (512, 1024, 2), (1024, 1024, 1)]
    net = nn.Sequential(nn.Conv2d(3, 32, 3, 2, 1, bias=False), *[block(*c) for c in cfg],
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1024, 1000))
    assert round(efficiency.multiply_adds(net, (3, 224, 224)) / 1e6) == 569
    weights = sum(m.weight.numel() for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear)))
    assert round(weights / 1e5) == 42


def test_seconds_per_image_is_a_median_per_image_and_restores_the_mode():
    calls = []

    class Slow(nn.Module):
        def forward(self, x):
            calls.append((self.training, torch.is_grad_enabled()))
            return x

    model = Slow().train()
    t = efficiency.seconds_per_image(model, torch.zeros(4, 1, 2, 2), repeats=3, warmup=2)
    assert t >= 0 and len(calls) == 5
    assert calls[0] == (False, False)                  # eval mode, no gradients
    assert model.training
    with pytest.raises(ValueError, match="repeats"):
        efficiency.seconds_per_image(model, torch.zeros(4, 1), repeats=0)


def test_compare_trains_each_model_and_reports_its_costs():
    from cnnlib import data

    x = torch.rand(64, 1, 8, 8).numpy()
    y = (x.mean(axis=(1, 2, 3)) > 0.5).astype("int64")
    ds = data.Dataset(x[:48], y[:48], x[48:], y[48:], ["low", "high"], "toy", "made here")
    train, test = data.make_loaders(ds, batch_size=16, seed=0)
    builds = {"a": lambda: models.SmallResNet(efficiency.conv_bn_relu, widths=(4,), blocks=(1,), num_classes=2)}
    out = efficiency.compare(builds, train, test, epochs=1, input_shape=(1, 8, 8),
                             timing_batch=torch.from_numpy(x[:8]), progress=False)
    r = out["a"]
    assert 0.0 <= r["accuracy"] <= 1.0 and r["train_seconds"] > 0 and r["ms_per_image"] > 0
    assert r["parameters"] == sum(p.numel() for p in r["model"].parameters())
    assert r["multiply_adds"] == 8 * 8 * 9 * 1 * 4 + 8 * 8 * 9 * 4 * 4 + 4 * 2
