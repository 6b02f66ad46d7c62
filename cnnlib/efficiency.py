"""What a network costs, for notebook 12: parameters, multiply-adds, CPU time per image.

Howard et al. (2017) compare a MobileNet with the same network built from
standard convolutions by accuracy, multiply-adds and parameters (their
Table 4). This module measures those three numbers, and the time per image,
for any PyTorch model, so that notebook 12 and ``benchmarks/bench_mobilenet.py``
compare a MobileNet-style network with a standard one the same way:

    >>> from cnnlib import efficiency, models
    >>> standard = models.SmallResNet(efficiency.conv_bn_relu)       # 3x3 conv, BN, ReLU blocks
    >>> mobile = models.SmallResNet(depthwise_separable)              # the learner's blocks
    >>> efficiency.multiply_adds(mobile, (1, 28, 28))

Multiply-adds are counted the way the paper counts them: for every
convolution, output positions x output channels x (input channels / groups)
x kernel height x kernel width; for a linear layer, inputs x outputs. Batch
norm, ReLU, pooling and additions of biases are left out (they are a small
part of the cost and the paper leaves them out too). Counting is done with
forward hooks on one image, so every layer that really runs is counted once
per run, and a layer the forward pass skips is not counted.

References: A. G. Howard et al. MobileNets: efficient convolutional neural
networks for mobile vision applications. arXiv:1704.04861, 2017 (section 3.1,
equations 2-5; Table 4). The timing follows notebook 07's rules: warm up,
repeat, report the median.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable

import torch
import torch.nn as nn

__all__ = ["conv_bn_relu", "small_net", "multiply_adds", "seconds_per_image", "compare", "EPOCHS", "LR"]

# The comparison of notebook 12 (and benchmarks/bench_mobilenet.py): Adam at LR, EPOCHS epochs.
# Chosen on the embedded digits so that both networks train in about a minute on two CPU cores.
EPOCHS = 3
LR = 3e-3


def conv_bn_relu(in_channels: int, out_channels: int, stride: int = 1) -> nn.Sequential:
    """The standard block a depthwise-separable block replaces (Howard et al. 2017, Figure 3, left).

    nn.Sequential(Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False),
    BatchNorm2d(out_channels), ReLU()). (N, in_channels, H, W) -> (N, out_channels,
    ceil(H / stride), ceil(W / stride)). Its signature is the one ``models.SmallResNet``
    expects of a block.
    """
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),
                         nn.BatchNorm2d(out_channels), nn.ReLU())


def small_net(block, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    """The network notebook 12 builds twice: ``models.SmallResNet(block)`` with widths 16, 32, 64
    and one, two and two blocks per stage (stride 2 in the first block of the second and third).

    ``block(in_channels, out_channels, stride)`` is ``conv_bn_relu`` or a depthwise-separable
    block. Two blocks in the later stages give a receptive field of 23 pixels (notebook 09's
    rule), most of a 28 x 28 digit; with one block per stage it is 11 and the networks learn
    the digits far more slowly.
    """
    from cnnlib import models

    return models.SmallResNet(block, widths=(16, 32, 64), blocks=(1, 2, 2), in_channels=in_channels,
                              num_classes=num_classes)


def multiply_adds(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """Multiply-adds of one forward pass of one image of shape ``input_shape`` (C, H, W).

    Sums, over the nn.Conv2d and nn.Linear layers the forward pass runs:
    conv: H_out * W_out * out_channels * (in_channels / groups) * kH * kW;
    linear: in_features * out_features. The model runs once in eval mode on zeros
    (no gradients; its mode is restored). Raises ValueError when input_shape is not (C, H, W).
    """
    if len(tuple(input_shape)) != 3:
        raise ValueError(f"input_shape must be (C, H, W) of one image, got {tuple(input_shape)}")
    total = 0

    def conv_hook(mod, inp, out):
        nonlocal total
        kh, kw = mod.kernel_size
        total += out[0].numel() * (mod.in_channels // mod.groups) * kh * kw

    def linear_hook(mod, inp, out):
        nonlocal total
        total += mod.in_features * mod.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    was_training = model.training
    model.eval()
    try:
        dtype = next(model.parameters()).dtype
        with torch.no_grad():
            model(torch.zeros(1, *input_shape, dtype=dtype))
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)
    return int(total)


def seconds_per_image(model: nn.Module, x: torch.Tensor, *, repeats: int = 5, warmup: int = 1) -> float:
    """Median seconds of ``model(x)`` divided by len(x): CPU time per image in eval mode.

    x (N, C, H, W). The model runs ``warmup`` times unmeasured, then ``repeats``
    times, without gradients; the median of the repeats is divided by N. The
    model's mode is restored. Raises ValueError for repeats < 1 or an empty batch.
    """
    if repeats < 1 or len(x) == 0:
        raise ValueError(f"need repeats >= 1 and a non-empty batch, got repeats={repeats}, {len(x)} images")
    was_training = model.training
    model.eval()
    times = []
    try:
        with torch.no_grad():
            for i in range(warmup + repeats):
                start = time.perf_counter()
                model(x)
                if i >= warmup:
                    times.append(time.perf_counter() - start)
    finally:
        model.train(was_training)
    return statistics.median(times) / len(x)


def compare(builds: dict, train_loader: Iterable, test_loader: Iterable, *, epochs: int,
            input_shape: tuple[int, int, int], timing_batch: torch.Tensor, seed: int = 0,
            lr: float = LR, progress: bool = True) -> dict[str, dict]:
    """Train each model the same way and measure it: the comparison of notebook 12.

    ``builds`` maps a name to a function of no arguments returning a fresh model.
    Each is trained with Adam (``lr``, annealed to 0 along a cosine over the ``epochs``
    epochs, as notebook 10 trains, so that the last epoch's batch-norm statistics settle)
    from seed ``seed`` (cnnlib.training.fit, with progress bars when ``progress``; fixed epochs, no
    validation, the test set read once at the end), then measured.
    Returns {name: {"model", "accuracy" (fraction of test_loader), "parameters",
    "multiply_adds" (per image of input_shape), "ms_per_image" (CPU, batch
    timing_batch), "train_seconds"}}.
    """
    from cnnlib import training

    results = {}
    for name, build in builds.items():
        training.seed_everything(seed)
        model = build()
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
        history = training.fit(model, train_loader, epochs=epochs, optimizer=opt, scheduler=sched,
                               device=torch.device("cpu"), test_loader=test_loader, progress=progress,
                               verbose=progress, title=name)
        results[name] = {
            "model": model,
            "accuracy": history.test_acc,
            "parameters": training.count_parameters(model),
            "multiply_adds": multiply_adds(model, input_shape),
            "ms_per_image": 1000 * seconds_per_image(model, timing_batch),
            "train_seconds": history.seconds[-1],
        }
    return results
