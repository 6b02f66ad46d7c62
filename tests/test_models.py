"""cnnlib.models: the deep plain/residual CNNs and the small ResNet of notebook 10."""

from __future__ import annotations

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from cnnlib import models


class Block(nn.Module):
    """He et al.'s basic block, written here so that the tests do not depend on the notebook."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.a = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn_a = nn.BatchNorm2d(cout)
        self.b = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn_b = nn.BatchNorm2d(cout)
        self.short = (nn.Identity() if stride == 1 and cin == cout else
                      nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return F.relu(self.bn_b(self.b(F.relu(self.bn_a(self.a(x))))) + self.short(x))


def params(m):
    return sum(p.numel() for p in m.parameters())


@pytest.mark.parametrize("blocks", [(1, 1, 1), (2, 0, 3), (4,)])
def test_plain_and_residual_have_the_same_parameters_and_depth(blocks):
    plain, resid = models.DeepCNN(blocks, False, width=4), models.DeepCNN(blocks, True, width=4)
    assert params(plain) == params(resid)
    assert models.weight_layers(plain) == models.weight_layers(resid) == 2 + 2 * sum(blocks)
    x = torch.randn(3, 1, 12, 10)
    assert plain(x).shape == resid(x).shape == (3, 10)


def test_deep_cnn_parameter_count_by_hand():
    net = models.DeepCNN((2, 1), True, width=5, in_channels=3, num_classes=7)
    stem = 9 * 3 * 5 + 2 * 5
    block = 2 * (9 * 5 * 5 + 2 * 5)
    assert params(net) == stem + 3 * block + 5 * 7 + 7


def test_residual_block_adds_its_input_and_plain_does_not():
    torch.manual_seed(0)
    x = torch.randn(2, 4, 5, 6)
    for residual in (True, False):
        block = models.TwoConv(4, residual).eval()
        with torch.no_grad():
            branch = block.bn2(block.conv2(F.relu(block.bn1(block.conv1(x)))))
            want = F.relu(branch + x) if residual else F.relu(branch)
            torch.testing.assert_close(block(x), want)
            block.bn2.weight.zero_()
            block.bn2.bias.zero_()
            torch.testing.assert_close(block(x), F.relu(x) if residual else torch.zeros_like(x))


@pytest.mark.parametrize("kwargs", [{"blocks": ()}, {"blocks": (1, -1)}, {"width": 0}])
def test_deep_cnn_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        models.DeepCNN(**kwargs)


def test_small_resnet_builds_stages_from_the_block_it_is_given():
    calls = []

    def recording(cin, cout, stride):
        calls.append((cin, cout, stride))
        return Block(cin, cout, stride)

    net = models.SmallResNet(recording, widths=(4, 8, 16), blocks=(2, 1, 2), in_channels=3, num_classes=5)
    assert calls == [(4, 4, 1), (4, 4, 1), (4, 8, 2), (8, 16, 2), (16, 16, 1)]
    out = net(torch.randn(2, 3, 28, 28))
    assert out.shape == (2, 5)
    # after the stem the maps go 28 -> 28 -> 14 -> 7: check with a hook on the last block
    seen = []
    net.body[-1].register_forward_hook(lambda m, i, o: seen.append(tuple(o.shape)))
    net(torch.randn(1, 3, 28, 28))
    assert seen == [(1, 16, 7, 7)]


def test_small_resnet_default_size_and_depth():
    net = models.SmallResNet(Block)
    assert params(net) == 77_754
    assert models.weight_layers(net) == 10     # stem, 6 convolutions, 2 projections, fc


@pytest.mark.parametrize("kwargs", [{"widths": (), "blocks": ()}, {"widths": (4, 8), "blocks": (1,)},
                                    {"widths": (4,), "blocks": (0,)}])
def test_small_resnet_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        models.SmallResNet(Block, **kwargs)


# ------------------------------------------------------------------ MiniAlexNet (notebook 08)

def _alexnet_shaped_count(widths, hidden, classes, in_ch, side):
    """Parameters by the formulas: conv F*F*D*K + K, linear n_in*n_out + n_out."""
    c = (in_ch, *widths)
    kernels = (5, 5, 3, 3, 3)
    convs = sum(k * k * c[i] * c[i + 1] + c[i + 1] for i, k in enumerate(kernels))
    fcs = [(widths[-1] * side * side, hidden), (hidden, hidden), (hidden, classes)]
    return convs + sum(i * o + o for i, o in fcs)


def test_mini_alexnet_has_alexnets_layer_sequence_and_the_documented_size():
    net = models.MiniAlexNet()
    assert params(net) == 810_698 == _alexnet_shaped_count((32, 64, 96, 96, 64), 512, 10, 3, 3)
    kinds = [type(m).__name__ for m in [*net.features, *net.classifier]]
    assert kinds == ["Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d",
                     "Conv2d", "ReLU", "Conv2d", "ReLU", "Conv2d", "ReLU", "MaxPool2d",
                     "Dropout", "Linear", "ReLU", "Dropout", "Linear", "ReLU", "Linear"]
    for m in net.features:
        if isinstance(m, nn.MaxPool2d):  # AlexNet's overlapping pooling
            assert (m.kernel_size, m.stride) == (3, 2)
    assert isinstance(net.features[0], nn.Conv2d) and net.features[0].kernel_size == (5, 5)


@pytest.mark.parametrize(("size", "side"), [(32, 3), (28, 2), (15, 1)])
def test_mini_alexnet_shapes_and_counts_for_other_sizes(size, side):
    net = models.MiniAlexNet(num_classes=7, in_channels=1, widths=(4, 5, 6, 7, 8), hidden=9,
                             image_size=size, dropout=0.2)
    assert params(net) == _alexnet_shaped_count((4, 5, 6, 7, 8), 9, 7, 1, side)
    assert net.features(torch.zeros(2, 1, size, size)).shape == (2, 8, side, side)
    assert net(torch.zeros(2, 1, size, size)).shape == (2, 7)
    assert [m.p for m in net.classifier if isinstance(m, nn.Dropout)] == [0.2, 0.2]


@pytest.mark.parametrize("kwargs", [{"image_size": 14}, {"widths": (8, 8, 8, 8)}, {"widths": (8, 0, 8, 8, 8)}])
def test_mini_alexnet_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError, match="image_size|widths"):
        models.MiniAlexNet(**kwargs)


def test_mini_alexnet_learns_a_fixed_batch():
    torch.manual_seed(0)
    net = models.MiniAlexNet(widths=(8, 16, 16, 16, 16), hidden=64, dropout=0.0)
    x, y = torch.rand(16, 3, 32, 32), torch.arange(16) % 10
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    losses = []
    for _ in range(150):
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.2 * losses[0]


# ------------------------------------------------------------------ SmallCNN (notebook 08's experiments)

@pytest.mark.parametrize(("convs", "pool", "side"), [
    (((8, 5), (16, 3)), (2, 2), 7),          # 28 -> 14 -> 7
    (((8, 5), (16, 3)), (3, 2), 6),          # 28 -> 13 -> 6: overlapping windows
    (((4, 7), (5, 5), (6, 3)), (2, 2), 3),   # 28 -> 14 -> 7 -> 3
    (((3, 1),), (2, 1), 27),
])
def test_small_cnn_shapes_and_parameter_count_by_hand(convs, pool, side):
    net = models.SmallCNN(convs, pool=pool, hidden=11, in_channels=2, num_classes=4, dropout=0.3)
    channels = (2, *[f for f, _ in convs])
    want = sum(k * k * channels[i] * f + f for i, (f, k) in enumerate(convs))
    want += channels[-1] * side * side * 11 + 11 + 11 * 4 + 4
    assert params(net) == want
    assert net.features(torch.zeros(3, 2, 28, 28)).shape == (3, channels[-1], side, side)
    assert net(torch.zeros(3, 2, 28, 28)).shape == (3, 4)
    convs_found = [m for m in net.features if isinstance(m, nn.Conv2d)]
    assert [(m.out_channels, m.kernel_size[0], m.padding[0]) for m in convs_found] == \
        [(f, k, k // 2) for f, k in convs]
    assert [(m.kernel_size, m.stride) for m in net.features if isinstance(m, nn.MaxPool2d)] == [pool] * len(convs)
    assert [m.p for m in net.classifier if isinstance(m, nn.Dropout)] == [0.3, 0.3]


def test_small_cnn_dropout_acts_only_in_training_mode():
    torch.manual_seed(0)
    net = models.SmallCNN(dropout=0.5)
    x = torch.rand(4, 1, 28, 28)
    net.eval()
    assert torch.equal(net(x), net(x))
    net.train()
    assert not torch.equal(net(x), net(x))


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"convs": ()}, "convs"), ({"convs": ((0, 3),)}, "filters"), ({"convs": ((4, 4),)}, "odd"),
    ({"pool": (0, 2)}, "pool"), ({"dropout": 1.0}, "dropout"),
    ({"convs": ((4, 3),) * 5, "image_size": 16}, "too small"),
])
def test_small_cnn_rejects_bad_settings(kwargs, words):
    with pytest.raises(ValueError, match=words):
        models.SmallCNN(**kwargs)
