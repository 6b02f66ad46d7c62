"""Networks for notebooks 08 and 10: an AlexNet-shaped network small enough to
train on a CPU (08), deep plain and residual CNNs for the degradation
experiment and a small ResNet assembled from a learner's block (10).

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

from cnnlib.geometry import conv_output_size

__all__ = ["TwoConv", "DeepCNN", "SmallResNet", "MiniAlexNet", "SmallCNN", "weight_layers"]


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


class MiniAlexNet(nn.Module):
    """AlexNet's shape scaled to 32x32 images, small enough to train on a CPU (notebook 08).

    The same sequence of layers as AlexNet (Krizhevsky et al., 2012; single tower,
    no local response normalization): five convolutions with ReLUs, overlapping
    max-pooling (windows of 3, stride 2) after the first, second and fifth, then
    dropout, two hidden fully connected layers with ReLUs and a linear layer of
    class scores. Scaled for 32x32 inputs (CIFAR-10, or the embedded digits
    upscaled to 32x32): conv1 is 5x5 with stride 1 and padding 2 instead of
    11x11 with stride 4 (a 32-pixel image has no room for a stride of 4), conv2
    is 5x5 with padding 2 and conv3-conv5 are 3x3 with padding 1, as in AlexNet;
    the widths are AlexNet's 96, 256, 384, 384, 256 divided by three to four
    and its 4096 hidden units divided by eight (``widths`` and ``hidden``).

    Shapes for 32x32 inputs and the default widths: (N, C, 32, 32) -> conv1
    (32, 32, 32) -> pool (32, 15, 15) -> conv2 (64, 15, 15) -> pool (64, 7, 7)
    -> conv3, conv4 (96, 7, 7) -> conv5 (64, 7, 7) -> pool (64, 3, 3) -> 576
    -> 512 -> 512 -> num_classes. Parameters: 810,698 for 3 input channels and
    10 classes (AlexNet has 62,378,344 for 1000). ``features`` and ``classifier``
    are ``nn.Sequential`` objects, as in torchvision's AlexNet, so ``features[0]``
    is conv1. With Adam (lr 0.001, batch 64) it reaches about 97% test accuracy
    on the embedded digits in ten epochs, one to two minutes on one CPU core
    (benchmarks/RESULTS.md, section mini_alexnet).

    Input float32 (N, in_channels, image_size, image_size); output (N, num_classes)
    raw scores. Raises ValueError when ``image_size`` is below 15 (the last
    pooling layer would have nothing to pool) or ``widths`` does not hold five
    positive ints.
    """

    def __init__(self, num_classes: int = 10, in_channels: int = 3, dropout: float = 0.5, *,
                 widths: Sequence[int] = (32, 64, 96, 96, 64), hidden: int = 512,
                 image_size: int = 32):
        super().__init__()
        widths = tuple(int(w) for w in widths)
        if len(widths) != 5 or min(widths) < 1:
            raise ValueError(f"widths must be five positive ints (conv1..conv5), got {widths}")
        side = int(image_size)
        for _ in range(3):  # each max-pool 3 / stride 2: (W - 3) / 2 + 1, floored as PyTorch does
            try:
                side = conv_output_size(side, 3, 2, exact=False)
            except ValueError:
                raise ValueError(f"image_size {image_size} is too small for three 3x3 / stride 2 "
                                 "max-pools; use at least 15") from None
        c1, c2, c3, c4, c5 = widths
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, c1, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(c1, c2, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
            nn.Conv2d(c2, c3, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c3, c4, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(c4, c5, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2),
        )
        self.classifier = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(c5 * side * side, hidden), nn.ReLU(inplace=True),
            nn.Dropout(dropout), nn.Linear(hidden, hidden), nn.ReLU(inplace=True),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


class SmallCNN(nn.Module):
    """A configurable small CNN for quick experiments on a CPU (notebook 08, section 7).

    ``convs`` lists (filters, kernel size) per convolution, first layer first; each
    convolution has "same" padding (kernel // 2, so the kernel size must be odd), a
    ReLU, and a max-pool of window ``pool[0]`` and stride ``pool[1]`` (``(2, 2)``:
    side by side windows; ``(3, 2)``: AlexNet's overlapping ones). Then dropout
    (probability ``dropout``), a hidden fully connected layer of ``hidden`` units with
    a ReLU, dropout again and a linear layer of class scores.

    Input float32 (N, in_channels, image_size, image_size) -> scores (N, num_classes).
    After each pool the side is floor((side - pool[0]) / pool[1]) + 1, as in PyTorch.
    Raises ValueError for an empty ``convs``, a non-positive width, an even or
    non-positive kernel size, a pool window or stride below 1, a dropout outside
    [0, 1), or an image too small for the pools (the message names the sizes).
    """

    def __init__(self, convs: Sequence[tuple[int, int]] = ((8, 5), (16, 3)), *,
                 pool: tuple[int, int] = (2, 2), dropout: float = 0.0, hidden: int = 32,
                 in_channels: int = 1, num_classes: int = 10, image_size: int = 28):
        super().__init__()
        convs = [(int(f), int(k)) for f, k in convs]
        window, stride = (int(v) for v in pool)
        if not convs or min(f for f, _ in convs) < 1:
            raise ValueError(f"convs must list (filters, kernel) pairs with filters >= 1, got {convs}")
        if any(k < 1 or k % 2 == 0 for _, k in convs):
            raise ValueError(f"kernel sizes must be odd and positive ('same' padding), got {convs}")
        if window < 1 or stride < 1:
            raise ValueError(f"pool window and stride must be at least 1, got {pool}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        layers: list[nn.Module] = []
        side, channels = int(image_size), in_channels
        for filters, k in convs:
            layers += [nn.Conv2d(channels, filters, k, padding=k // 2), nn.ReLU(inplace=True),
                       nn.MaxPool2d(window, stride)]
            try:    # nn.MaxPool2d floors: exact=False
                side = conv_output_size(side, window, stride, exact=False)
            except ValueError as err:
                raise ValueError(f"image_size {image_size} is too small for {len(convs)} pools of "
                                 f"window {window} and stride {stride} ({err})") from None
            channels = filters
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(channels * side * side, hidden), nn.ReLU(inplace=True),
            nn.Dropout(dropout), nn.Linear(hidden, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))
