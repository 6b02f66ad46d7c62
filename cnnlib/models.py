"""Networks for notebook 10 (modern CNNs): deep plain and residual CNNs for the
degradation experiment, and a small ResNet assembled from a learner's block.

    >>> from cnnlib import models
    >>> plain = models.DeepCNN(blocks=(4, 4, 4), residual=False)   # 26 layers with weights
    >>> resid = models.DeepCNN(blocks=(4, 4, 4), residual=True)    # the same, with shortcuts
    >>> net = models.SmallResNet(BasicBlock)                       # the learner's BasicBlock

``DeepCNN`` keeps the width fixed and downsamples with max pooling between
stages, so that its shortcuts are always identities: the plain and the
residual network have exactly the same parameters, and only the ``+ x``
differs (He et al., 2016, section 4.1 compares plain and residual nets the
same way). ``SmallResNet`` follows the CIFAR-10 ResNets of He et al. (2016,
section 4.2): a 3x3 stem, three stages whose width doubles while the map
halves (stride 2 in each stage's first block), global average pooling
(Lin et al., 2014) and one linear layer. It takes the block class as an
argument, so the course never ships the notebook's exercise.

References: K. He, X. Zhang, S. Ren, J. Sun. Deep residual learning for image
recognition. CVPR 2016. M. Lin, Q. Chen, S. Yan. Network in network. ICLR 2014.
S. Ioffe, C. Szegedy. Batch normalization. ICML 2015.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ["TwoConv", "DeepCNN", "SmallResNet", "weight_layers"]


class TwoConv(nn.Module):
    """Two 3x3 convolutions (stride 1, padding 1, no bias), each followed by batch norm.

    ``residual=False``: relu(bn2(conv2(relu(bn1(conv1(x)))))).
    ``residual=True``:  relu(bn2(conv2(relu(bn1(conv1(x))))) + x), an identity
    shortcut. Input and output (N, channels, H, W), float32 or float64.
    """

    def __init__(self, channels: int, residual: bool):
        super().__init__()
        self.residual = bool(residual)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + x) if self.residual else F.relu(out)

    def extra_repr(self) -> str:
        return f"residual={self.residual}"


class DeepCNN(nn.Module):
    """A deep CNN of fixed width, plain or residual.

    Layers: a 3x3 stem convolution (in_channels -> width, batch norm, ReLU);
    then ``len(blocks)`` stages of ``blocks[i]`` ``TwoConv`` blocks each, with a
    2x2 max pool between stages; global average pooling; a linear layer to
    ``num_classes`` scores. Weight layers: 2 + 2 * sum(blocks).

    Input (N, in_channels, H, W) with H, W >= 2 ** (len(blocks) - 1);
    output (N, num_classes) scores (no softmax). Raises ValueError for
    an empty ``blocks``, a negative block count or a width below 1.
    """

    def __init__(self, blocks: Sequence[int] = (4, 4, 4), residual: bool = True, *, width: int = 16,
                 in_channels: int = 1, num_classes: int = 10):
        super().__init__()
        blocks = tuple(int(b) for b in blocks)
        if not blocks or min(blocks) < 0:
            raise ValueError(f"blocks must be a non-empty list of counts >= 0, got {blocks}")
        if width < 1:
            raise ValueError(f"width must be at least 1, got {width}")
        self.residual = bool(residual)
        self.stem = nn.Sequential(nn.Conv2d(in_channels, width, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(width), nn.ReLU())
        stages: list[nn.Module] = []
        for i, n in enumerate(blocks):
            if i > 0:
                stages.append(nn.MaxPool2d(2))
            stages.extend(TwoConv(width, residual) for _ in range(n))
        self.body = nn.Sequential(*stages)
        self.fc = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.body(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class SmallResNet(nn.Module):
    """A small ResNet for 28x28 or 32x32 images, built from ``block``.

    ``block(in_channels, out_channels, stride)`` must return an ``nn.Module``
    mapping (N, in_channels, H, W) to (N, out_channels, ceil(H / stride),
    ceil(W / stride)): notebook 10's ``BasicBlock``. Layers: 3x3 stem
    convolution (in_channels -> widths[0], batch norm, ReLU); stage i holds
    ``blocks[i]`` blocks of width ``widths[i]``, the first with stride 2 for
    i > 0 (so the maps halve while the width doubles, He et al. 2016, 4.2);
    global average pooling; linear layer to ``num_classes``.

    Input (N, in_channels, H, W); output (N, num_classes) scores.
    Raises ValueError when widths and blocks differ in length or are empty.
    """

    def __init__(self, block, *, widths: Sequence[int] = (16, 32, 64), blocks: Sequence[int] = (1, 1, 1),
                 in_channels: int = 1, num_classes: int = 10):
        super().__init__()
        widths, blocks = tuple(int(w) for w in widths), tuple(int(b) for b in blocks)
        if not widths or len(widths) != len(blocks) or min(blocks) < 1:
            raise ValueError(f"widths {widths} and blocks {blocks} must be non-empty, of equal length, "
                             "with at least one block per stage")
        self.stem = nn.Sequential(nn.Conv2d(in_channels, widths[0], 3, padding=1, bias=False),
                                  nn.BatchNorm2d(widths[0]), nn.ReLU())
        layers: list[nn.Module] = []
        prev = widths[0]
        for i, (w, n) in enumerate(zip(widths, blocks, strict=True)):
            for j in range(n):
                layers.append(block(prev, w, 2 if (i > 0 and j == 0) else 1))
                prev = w
        self.body = nn.Sequential(*layers)
        self.fc = nn.Linear(prev, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.body(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def weight_layers(model: nn.Module) -> int:
    """Number of layers with weights (convolutions and linear layers), the depth papers count."""
    return sum(isinstance(m, (nn.Conv2d, nn.Linear)) for m in model.modules())
