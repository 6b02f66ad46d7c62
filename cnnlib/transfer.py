"""Transfer learning for notebook 11: ResNet-18 in torchvision's layout, its published
ImageNet weights, and a small network of the same layout that the course pretrained on digits.

    >>> from cnnlib import transfer
    >>> net = transfer.pretrained_digits()            # shipped weights: digits 0-4, about 98 % correct
    >>> sd = transfer.imagenet_weights(download=True) # 45 MB once, then from the cache; None offline
    >>> model = transfer.resnet18(); model.load_state_dict(sd, strict=True)

``BasicBlock`` is the course's tested copy of notebook 10's exercise, with torchvision's
attribute names (``conv1``, ``bn1``, ``conv2``, ``bn2``, ``downsample``), so a network built
from it has exactly the state-dict keys of ``torchvision.models.resnet18`` (He et al. 2016,
Table 1; torchvision's ``models/resnet.py``). The course has no torchvision (it has no CPU
build here), so tests/test_transfer.py writes torchvision's key and shape table out by hand.

The weights file is torchvision's ``ResNet18_Weights.IMAGENET1K_V1``: top-1 69.758 %, top-5
89.078 % on the ImageNet validation set, 11,689,512 parameters (torchvision's model docs).
Its name ends in the first 8 hex digits of its SHA-256, torch.hub's convention, and the
download is checked against them.

Notebook 11 does not import ``resnet18`` from here (it is an exercise there); the benchmark,
the tests and ``tools/pretrain_digits.py`` do.

References: K. He, X. Zhang, S. Ren, J. Sun. Deep residual learning for image recognition.
CVPR 2016. J. Yosinski, J. Clune, Y. Bengio, H. Lipson. How transferable are features in deep
neural networks? NeurIPS 2014.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .download import ChecksumError

__all__ = ["BasicBlock", "ResNet", "resnet18", "digits_resnet", "RESNET18_URL", "IMAGENET_MEAN",
           "IMAGENET_STD", "DIGITS_WEIGHTS", "SOURCE_CLASSES", "TARGET_CLASSES", "sha256_hex",
           "fetch_weights", "imagenet_weights", "pretrained_digits", "digit_subset", "fit",
           "accuracy", "ARMS", "transfer_experiment"]

# torchvision's ResNet18_Weights.IMAGENET1K_V1 (torchvision/models/resnet.py)
RESNET18_URL = "https://download.pytorch.org/models/resnet18-f37072fd.pth"
# the normalisation those weights were trained with (same file)
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# the network the course pretrained on digits 0-4 (tools/pretrain_digits.py writes it)
DIGITS_WEIGHTS = Path(__file__).with_name("weights") / "digits04_resnet-334c2e17.pth"
SOURCE_CLASSES = (0, 1, 2, 3, 4)
TARGET_CLASSES = (5, 6, 7, 8, 9)
_HASH = re.compile(r"-([a-f0-9]{8,64})\.[a-z]+$")


class BasicBlock(nn.Module):
    """He et al.'s basic block with torchvision's names: ``relu(bn2(conv2(relu(bn1(conv1(x)))))
    + shortcut(x))``.

    ``conv1`` is 3x3 with stride ``stride``, ``conv2`` 3x3 with stride 1, both padding 1 and no
    bias; ``downsample`` is None (the identity) when ``stride == 1`` and the channels agree,
    otherwise ``nn.Sequential(Conv2d(in, out, 1, stride, bias=False), BatchNorm2d(out))``.
    Input (N, in_channels, H, W) -> (N, out_channels, ceil(H / stride), ceil(W / stride)).
    """

    expansion = 1  # torchvision's name: output channels per "planes"

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.relu(out + shortcut)


class ResNet(nn.Module):
    """A ResNet of basic blocks with torchvision's module names.

    ``conv1`` (7x7, stride 2, padding 3, or with ``small_input`` 3x3, stride 1, padding 1; no
    bias), ``bn1``, ``relu``, ``maxpool`` (3x3, stride 2, padding 1; the identity with
    ``small_input``), ``layer1`` .. ``layer4`` (``nn.Sequential`` of ``blocks[i]`` blocks of
    ``widths[i]`` channels, the first block of layers 2-4 with stride 2), ``avgpool`` (global
    average pooling) and ``fc`` (``widths[3]`` -> ``num_classes``). Initialised as torchvision
    does (He normal, fan-out, for convolutions; batch norm gamma 1, beta 0).

    Input (N, in_channels, H, W) float32 or float64 -> scores (N, num_classes).
    Raises ValueError unless four widths and four block counts >= 1 are given.
    """

    def __init__(self, *, widths: Sequence[int] = (64, 128, 256, 512), blocks: Sequence[int] = (2, 2, 2, 2),
                 in_channels: int = 3, num_classes: int = 1000, small_input: bool = False):
        super().__init__()
        widths, blocks = tuple(int(w) for w in widths), tuple(int(b) for b in blocks)
        if len(widths) != 4 or len(blocks) != 4 or min(blocks) < 1 or min(widths) < 1:
            raise ValueError(f"ResNet needs four widths and four block counts >= 1, got {widths}, {blocks}")
        if small_input:
            self.conv1 = nn.Conv2d(in_channels, widths[0], 3, stride=1, padding=1, bias=False)
        else:
            self.conv1 = nn.Conv2d(in_channels, widths[0], 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity() if small_input else nn.MaxPool2d(3, stride=2, padding=1)
        prev = widths[0]
        for i, (w, n) in enumerate(zip(widths, blocks, strict=True)):
            stage = [BasicBlock(prev if j == 0 else w, w, 2 if (i > 0 and j == 0) else 1) for j in range(n)]
            setattr(self, f"layer{i + 1}", nn.Sequential(*stage))
            prev = w
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(prev, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def resnet18(num_classes: int = 1000) -> ResNet:
    """ResNet-18 (He et al. 2016, Table 1) with torchvision's state-dict keys and shapes:
    11,689,512 parameters for 1000 classes. Input (N, 3, H, W), H and W at least 32."""
    return ResNet(num_classes=num_classes)


def digits_resnet(num_classes: int = 5) -> ResNet:
    """ResNet-18's layout (same keys, two blocks per stage) at 1/8 of its widths (8, 16, 32, 64),
    for one-channel 28x28 digits: a 3x3 stem without max pooling, so layer4 sees 4x4 maps.
    175,933 parameters for 5 classes."""
    return ResNet(widths=(8, 16, 32, 64), in_channels=1, num_classes=num_classes, small_input=True)


# ------------------------------------------------------------------------- weights

def sha256_hex(path: str | os.PathLike) -> str:
    """The SHA-256 of a file, as 64 hex digits (torch.hub compares their start with the file name)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _expected_prefix(name: str) -> str:
    m = _HASH.search(name)
    if not m:
        raise ValueError(f"{name!r} does not end in -<sha256 prefix>.<ext> (torch.hub's naming), "
                         "so it cannot be checked")
    return m.group(1)


def fetch_weights(url: str = RESNET18_URL, root: str | os.PathLike | None = None, *,
                  download: bool = True, quiet: bool = False) -> Path:
    """The weights file at ``url``, from the cache ``root/weights`` (``root``: ``$CNNLIB_DATA``,
    default ``~/.cache/cnnlib``) or downloaded there with a progress bar.

    The file name must end in ``-<first hex digits of its SHA-256>.pth`` (torch.hub's and
    torchvision's convention); the download, and a cached copy, must match it. The download
    itself is ``torch.hub.download_url_to_file``: it writes to a temporary file, checks the
    prefix and only then moves the file into place. (pooch, the other well-kept choice, needs
    the whole hash, which torchvision does not publish.) Raises ``FileNotFoundError`` when the
    file is not cached and ``download`` is False, ``ChecksumError`` (an ``OSError``) when the
    hash differs (nothing is kept), ``OSError``/``urllib.error.URLError`` when the network
    fails, ``ValueError`` for a URL without a hash in its name.
    """
    from .data import data_root

    name = url.rstrip("/").rsplit("/", 1)[-1]
    prefix = _expected_prefix(name)
    path = data_root(root) / "weights" / name
    if path.exists():
        if sha256_hex(path).startswith(prefix):
            return path
        path.unlink()  # a corrupt or changed copy
    if not download:
        raise FileNotFoundError(f"{name} is not in the cache at {path.parent} and download=False")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        torch.hub.download_url_to_file(url, str(path), hash_prefix=prefix, progress=not quiet)
    except RuntimeError as exc:  # torch.hub's "invalid hash value"
        path.unlink(missing_ok=True)
        raise ChecksumError(f"{name} from {url}: {exc}; the download is corrupt or was changed, "
                            "so it is not kept") from exc
    return path


def _load(path: Path) -> dict[str, torch.Tensor]:
    return torch.load(path, map_location="cpu", weights_only=True)


def imagenet_weights(url: str = RESNET18_URL, root=None, *, download: bool = False,
                     quiet: bool = False) -> dict[str, torch.Tensor] | None:
    """torchvision's ImageNet ResNet-18 state dict (float32 tensors, 122 keys), or None.

    None when the file is neither cached nor (with ``download=True``) downloadable; a line says
    which it was unless ``quiet``. Never downloads unless asked.
    """
    try:
        sd = _load(fetch_weights(url, root, download=download, quiet=quiet))
    except (OSError, ValueError, RuntimeError) as exc:
        if not quiet:
            print(f"ImageNet weights unavailable: {str(exc).splitlines()[0]}")
        return None
    if not quiet:
        print(f"ImageNet weights: {url.rsplit('/', 1)[-1]}, SHA-256 prefix checked, {len(sd)} tensors")
    return sd


def pretrained_digits(path: str | os.PathLike = DIGITS_WEIGHTS) -> ResNet:
    """``digits_resnet(5)`` with the weights the course trained on digits 0-4 (float32, eval
    mode). The file's SHA-256 prefix is checked. Raises ChecksumError when it differs."""
    path = Path(path)
    if not sha256_hex(path).startswith(_expected_prefix(path.name)):
        raise ChecksumError(f"{path} does not match the SHA-256 prefix in its name")
    model = digits_resnet(len(SOURCE_CLASSES))
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in _load(path).items()})
    return model.eval()


# ------------------------------------------------------------------ data and training

def digit_subset(x: np.ndarray, y: np.ndarray, classes: Sequence[int], per_class: int | None = None,
                 *, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """The images of ``classes``, relabelled 0 .. len(classes) - 1 in the order given.

    ``per_class``: keep that many per class, drawn with ``seed`` (all when None).
    x (N, C, H, W) float32, y (N,) ints -> (float32 tensor (M, C, H, W), int64 tensor (M,)).
    Raises ValueError when a class has fewer than ``per_class`` images.
    """
    rng = np.random.default_rng(seed)
    picked = []
    for new, c in enumerate(classes):
        idx = np.flatnonzero(np.asarray(y) == c)
        if per_class is not None:
            if len(idx) < per_class:
                raise ValueError(f"class {c} has {len(idx)} images, fewer than per_class={per_class}")
            idx = np.sort(rng.choice(idx, per_class, replace=False))
        picked.append((idx, new))
    order = np.concatenate([i for i, _ in picked])
    labels = np.concatenate([np.full(len(i), new) for i, new in picked])
    return torch.from_numpy(np.ascontiguousarray(x[order])).float(), torch.from_numpy(labels).long()


def fit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, steps: int, lr: float,
        batch_size: int = 32, seed: int = 0, augment: Callable | None = None,
        progress: str | None = None) -> list[float]:
    """Adam on the parameters that require gradients, ``steps`` mini-batches drawn with ``seed``.

    ``augment(x_batch_numpy, rng) -> x_batch_numpy`` (NCHW) is applied to each batch.
    Batch-norm layers whose parameters are all frozen stay in eval mode, so that a frozen
    feature extractor keeps its pretrained running statistics. Returns the loss of every step.
    ``progress``: a tqdm bar with that label.
    """
    from tqdm.auto import tqdm

    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=lr)
    rng = np.random.default_rng(seed)
    gen = torch.Generator().manual_seed(seed)
    losses = []
    model.train()
    for m in model.modules():  # a frozen batch norm keeps its running statistics too
        if isinstance(m, nn.modules.batchnorm._BatchNorm) and not any(p.requires_grad for p in m.parameters()):
            m.eval()
    for _ in tqdm(range(steps), desc=progress, disable=progress is None, leave=False):
        idx = torch.randint(len(x), (min(batch_size, len(x)),), generator=gen)
        xb = x[idx]
        if augment is not None:
            xb = torch.as_tensor(np.asarray(augment(xb.numpy(), rng)), dtype=x.dtype)
        loss = F.cross_entropy(model(xb), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


@torch.no_grad()
def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch_size: int = 500) -> float:
    """Fraction of ``x`` (N, C, H, W) that ``model`` (put in eval mode) labels ``y``."""
    model.eval()
    right = sum(int((model(x[i:i + batch_size]).argmax(1) == y[i:i + batch_size]).sum())
                for i in range(0, len(x), batch_size))
    return right / len(x)


ARMS = ("frozen features + new head", "fine-tune all layers", "from scratch")


def transfer_experiment(prepare: Callable, x_train: np.ndarray, y_train: np.ndarray,
                        x_test: np.ndarray, y_test: np.ndarray, *, per_class: Sequence[int] = (5, 10, 20, 50),
                        steps: int = 150, seed: int = 0, progress: bool = True,
                        test_limit: int | None = None) -> dict[str, dict[int, float]]:
    """Test accuracy on digits 5-9 after training on ``n`` labelled images per class, three ways.

    ``prepare(model, num_classes, train_layers=())`` is notebook 11's ``prepare_transfer``.
    Arms (``ARMS``): the pretrained digits network with frozen features and a new head (Adam,
    lr 1e-2); the same with every layer trained (lr 1e-3, ten times lower, so the pretrained
    features are adjusted rather than overwritten); ``digits_resnet(5)`` from random weights
    (lr 1e-3). Each arm takes ``steps`` batches of 32. x (N, 1, 28, 28) float32, y (N,) ints
    (digits 0-9, the embedded split); ``test_limit`` measures on that many test digits 5-9, spread
    evenly over the classes (all of them by default). Returns ``{arm: {n: accuracy}}``.
    """
    xt, yt = digit_subset(x_test, y_test, TARGET_CLASSES)
    if test_limit is not None and test_limit < len(xt):
        keep = torch.from_numpy(np.linspace(0, len(xt) - 1, test_limit).round().astype(np.int64))
        xt, yt = xt[keep], yt[keep]
    every = ("conv1", "bn1", "layer1", "layer2", "layer3", "layer4")
    out: dict[str, dict[int, float]] = {arm: {} for arm in ARMS}
    for n in per_class:
        xs, ys = digit_subset(x_train, y_train, TARGET_CLASSES, n, seed=seed)
        for arm, lr in zip(ARMS, (1e-2, 1e-3, 1e-3), strict=True):
            torch.manual_seed(seed)
            if arm == ARMS[2]:
                model = digits_resnet(len(TARGET_CLASSES))
            else:
                model = prepare(pretrained_digits(), len(TARGET_CLASSES),
                                train_layers=every if arm == ARMS[1] else ())
            fit(model, xs, ys, steps=steps, lr=lr, seed=seed,
                progress=f"{arm}, {n} per class" if progress else None)
            out[arm][n] = accuracy(model, xt, yt)
    return out
