"""Data augmentation and ImageNet preprocessing for notebook 11, in PyTorch (no torchvision).

    >>> from cnnlib import augment
    >>> x = augment.to_batch(photo)                           # (H, W, 3) -> (1, 3, H, W) float32
    >>> augment.rotate(x, 10.0)                              # 10 degrees anticlockwise, zeros come in
    >>> augment.color_jitter(x, rng, brightness=0.3, contrast=0.3, saturation=0.3)
    >>> augment.imagenet_input(photo)                        # resize 256, centre crop 224, normalise

The course writes these few lines itself because torchvision, whose ``transforms`` hold them,
has no CPU build in the course's environment. They follow torchvision's definitions:
brightness multiplies, contrast blends with the mean grey level, saturation blends with the
grey image (``torchvision.transforms.functional.adjust_*``); ImageNet evaluation resizes the
shorter side to 256, crops the centre 224 x 224 and normalises with the training set's channel
means and standard deviations (``ResNet18_Weights.IMAGENET1K_V1.transforms``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from .transfer import IMAGENET_MEAN, IMAGENET_STD

__all__ = ["to_batch", "to_image", "rotate", "hflip", "color_jitter", "imagenet_input"]

GRAY = (0.299, 0.587, 0.114)  # ITU-R BT.601, as torchvision's rgb_to_grayscale


def to_batch(image: Any) -> torch.Tensor:
    """(H, W, 3) or (H, W) array in [0, 1] -> float32 tensor (1, C, H, W)."""
    a = np.asarray(image, dtype=np.float32)
    a = a[..., None] if a.ndim == 2 else a
    return torch.from_numpy(np.ascontiguousarray(a.transpose(2, 0, 1)))[None]


def to_image(x: Any) -> np.ndarray:
    """(C, H, W) or (1, C, H, W) tensor/array -> (H, W, C) (or (H, W) for one channel), clipped to [0, 1]."""
    a = x.detach().cpu().numpy() if hasattr(x, "detach") else np.asarray(x)
    a = a[0] if a.ndim == 4 else a
    a = np.clip(a.transpose(1, 2, 0), 0, 1)
    return a[..., 0] if a.shape[-1] == 1 else a


def rotate(x: torch.Tensor, degrees: float) -> torch.Tensor:
    """Rotate (N, C, H, W) about the image centre by ``degrees`` anticlockwise, bilinear,
    zeros where the rotated image does not reach."""
    t = math.radians(float(degrees))
    n, _, h, w = x.shape
    # affine_grid maps output coordinates to input ones in [-1, 1]; undo the aspect ratio
    theta = torch.tensor([[math.cos(t), -math.sin(t) * h / w, 0.0],
                          [math.sin(t) * w / h, math.cos(t), 0.0]], dtype=x.dtype)
    grid = F.affine_grid(theta.expand(n, 2, 3), list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def hflip(x: torch.Tensor) -> torch.Tensor:
    """Mirror (N, C, H, W) left to right."""
    return torch.flip(x, dims=[-1])


def color_jitter(x: torch.Tensor, rng: np.random.Generator, *, brightness: float = 0.0,
                 contrast: float = 0.0, saturation: float = 0.0) -> torch.Tensor:
    """Random brightness, contrast and saturation per image of (N, 3, H, W) in [0, 1].

    Each factor is drawn uniformly from [1 - s, 1 + s] (torchvision's ColorJitter): brightness
    scales the image, contrast blends it with its mean grey level, saturation with its grey
    image. Result clipped to [0, 1].
    """
    n = x.shape[0]
    w = torch.tensor(GRAY, dtype=x.dtype).view(1, 3, 1, 1)

    def factor(s: float) -> torch.Tensor:
        return torch.as_tensor(rng.uniform(1 - s, 1 + s, n), dtype=x.dtype).view(n, 1, 1, 1)

    out = x * factor(brightness)
    gray = (out * w).sum(1, keepdim=True)
    c = factor(contrast)
    out = c * out + (1 - c) * gray.mean(dim=(2, 3), keepdim=True)
    gray = (out * w).sum(1, keepdim=True)
    s = factor(saturation)
    return (s * out + (1 - s) * gray).clamp(0, 1)


def imagenet_input(image: Any, size: int = 224, resize: int = 256) -> torch.Tensor:
    """A photo (H, W, 3) in [0, 1] as ImageNet models expect it: (1, 3, size, size) float32.

    Shorter side resized to ``resize`` (bilinear, antialiased), centre ``size`` x ``size`` crop,
    channels normalised with ``IMAGENET_MEAN`` and ``IMAGENET_STD``.
    """
    x = to_batch(image)
    h, w = x.shape[-2:]
    scale = resize / min(h, w)
    x = F.interpolate(x, size=(max(resize, round(h * scale)), max(resize, round(w * scale))),
                      mode="bilinear", align_corners=False, antialias=True)
    top, left = (x.shape[-2] - size) // 2, (x.shape[-1] - size) // 2
    x = x[..., top:top + size, left:left + size]
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (x - mean) / std
