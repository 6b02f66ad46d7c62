"""Images for the course: real photos, tiny worked examples, and classic filters.

Photos come from packages that are already installed (never downloaded):
matplotlib ships a portrait of Grace Hopper, scikit-learn (installed with
mlxtend) ships two photos from Flickr. Every image is a float64 NumPy array
with values in [0, 1]; colour images have shape (H, W, 3), grayscale ones
(H, W).

    >>> from cnnlib import images
    >>> photo = images.load_photo("grace_hopper", downscale=2)   # (300, 256, 3)
    >>> ex = images.binary_example()       # the 5x5 image, its kernel, its feature map
    >>> edges = images.filter_image(photo, images.PRESET_KERNELS["sobel_x"])

Introduced in notebook 01; notebook 03 uses the photos again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = [
    "PHOTOS",
    "GRAY_WEIGHTS",
    "PRESET_KERNELS",
    "BinaryExample",
    "photo_names",
    "photo_path",
    "load_photo",
    "downscale",
    "binary_example",
    "impulse",
    "shapes_image",
    "filter_image",
    "preset_kernels",
    "sobel_x",
    "sobel_y",
]

# name -> (package, file inside the package's data, credit)
PHOTOS: dict[str, tuple[str, str, str]] = {
    "grace_hopper": ("matplotlib", "grace_hopper.jpg",
                     "Grace Hopper, U.S. Navy photo (public domain), shipped with matplotlib"),
    "china": ("sklearn", "china.jpg",
              "Summer Palace, Beijing, by danielbuechele on Flickr (CC BY 2.0), "
              "shipped with scikit-learn"),
    "flower": ("sklearn", "flower.jpg",
               "A flower, by vultilion on Flickr (CC BY 2.0), shipped with scikit-learn"),
}

# ITU-R BT.601 luma weights for (R, G, B): green counts most because the eye
# is most sensitive to it.
GRAY_WEIGHTS = (0.299, 0.587, 0.114)


def sobel_x() -> np.ndarray:
    """The Sobel kernel for vertical edges, the course's one definition: (3, 3) float64.

        [[-1, 0, 1],
         [-2, 0, 2],
         [-1, 0, 1]]

    Right column minus left column, each weighted 1, 2, 1 (Sobel and Feldman,
    "A 3x3 isotropic gradient operator for image processing", talk at the
    Stanford Artificial Intelligence Project, 1968). Cross-correlated with an
    image (no flip, as in a CNN), it is positive where the brightness grows
    to the right (a dark-to-bright edge read from left to right) and negative
    where it falls. This is notebook 01's ``KERNELS["sobel_x"]``; notebooks
    02 and 03 import it from here so that its sign is the same everywhere
    (tests/test_images.py holds the three together). A new writable array
    on every call.
    """
    return np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float64)


def sobel_y() -> np.ndarray:
    """The Sobel kernel for horizontal edges: the transpose of :func:`sobel_x`, (3, 3) float64.

    Bottom row minus top row: positive where the brightness grows downwards
    (Sobel and Feldman, 1968). A new writable array on every call.
    """
    return sobel_x().T.copy()


# The classic 3x3 filters of notebook 01 (the learner writes the same
# catalogue as the exercise KERNELS). Used by the kernel explorer.
PRESET_KERNELS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64),
    "edge_1": np.array([[1, 0, -1], [0, 0, 0], [-1, 0, 1]], dtype=np.float64),
    "edge_2": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float64),
    "edge_3": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float64),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float64),
    "box_blur": np.ones((3, 3), dtype=np.float64) / 9.0,
    "gaussian_blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=np.float64) / 16.0,
    "sobel_x": sobel_x(),
    "sobel_y": sobel_y(),
}
for _k in PRESET_KERNELS.values():
    _k.setflags(write=False)


class BinaryExample(NamedTuple):
    """The worked example: a 5x5 binary image, a 3x3 kernel, and their feature map."""

    image: np.ndarray        # (5, 5) float64 of 0s and 1s
    kernel: np.ndarray       # (3, 3) float64, [[1,0,1],[0,1,0],[1,0,1]]
    feature_map: np.ndarray  # (3, 3) float64, the valid cross-correlation, stride 1


def photo_names() -> list[str]:
    """Names accepted by :func:`load_photo` whose package is installed."""
    names = []
    for name in PHOTOS:
        try:
            photo_path(name)
        except FileNotFoundError:
            continue
        names.append(name)
    return names


def photo_path(name: str) -> str:
    """Path of a shipped photo; KeyError for an unknown name, FileNotFoundError if not installed."""
    if name not in PHOTOS:
        raise KeyError(f"unknown photo {name!r}; choose one of {sorted(PHOTOS)}")
    package, filename, _ = PHOTOS[name]
    if package == "matplotlib":
        import matplotlib

        path = os.path.join(matplotlib.get_data_path(), "sample_data", filename)
    else:
        try:
            import sklearn.datasets
        except ImportError as exc:
            raise FileNotFoundError(f"photo {name!r} needs scikit-learn (pip install "
                                    "scikit-learn); 'grace_hopper' ships with matplotlib") from exc
        path = os.path.join(os.path.dirname(sklearn.datasets.__file__), "images", filename)
    if not os.path.exists(path):
        raise FileNotFoundError(f"photo {name!r} not found at {path}")
    return path


def load_photo(name: str = "grace_hopper", *, downscale: int = 1,
               gray: bool = False) -> np.ndarray:
    """A shipped photo as float64 in [0, 1].

    Returns (H, W, 3), or (H, W) with ``gray=True`` (BT.601 weights,
    :data:`GRAY_WEIGHTS`). ``downscale=k`` averages k x k blocks, so the
    result is (H // k, W // k[, 3]); grace_hopper is 600 x 512 at k = 1.
    """
    import matplotlib.image as mpimg

    raw = mpimg.imread(photo_path(name))
    img = raw.astype(np.float64)
    if np.issubdtype(raw.dtype, np.integer):
        img /= float(np.iinfo(raw.dtype).max)
    if img.ndim == 3 and img.shape[2] == 4:  # drop alpha
        img = img[..., :3]
    img = np.clip(img, 0.0, 1.0)
    if downscale != 1:
        img = _downscale(img, downscale)
    if gray:
        img = img @ np.asarray(GRAY_WEIGHTS)
    return np.ascontiguousarray(img)


def _downscale(image: np.ndarray, factor: int) -> np.ndarray:
    if int(factor) != factor or factor < 1:
        raise ValueError(f"downscale factor must be a positive integer, got {factor!r}")
    f = int(factor)
    h, w = image.shape[0] // f, image.shape[1] // f
    if h == 0 or w == 0:
        raise ValueError(f"image of shape {image.shape} is smaller than the factor {f}")
    cropped = image[: h * f, : w * f]
    return cropped.reshape(h, f, w, f, *image.shape[2:]).mean(axis=(1, 3))


def downscale(image: np.ndarray, factor: int) -> np.ndarray:
    """Average ``factor`` x ``factor`` blocks: (H, W[, C]) -> (H // factor, W // factor[, C]).

    Rows and columns that do not fill a whole block are dropped.
    """
    return _downscale(np.asarray(image, dtype=np.float64), factor)


def binary_example() -> BinaryExample:
    """Fresh copies of the classic worked example (image 5x5, kernel 3x3, feature map 3x3).

    Sliding the kernel over the image with stride 1 and no padding, and
    summing the elementwise products at each position, gives
    [[4, 3, 4], [2, 4, 3], [2, 3, 4]].
    """
    image = np.array([[1, 1, 1, 0, 0],
                      [0, 1, 1, 1, 0],
                      [0, 0, 1, 1, 1],
                      [0, 0, 1, 1, 0],
                      [0, 1, 1, 0, 0]], dtype=np.float64)
    kernel = np.array([[1, 0, 1],
                       [0, 1, 0],
                       [1, 0, 1]], dtype=np.float64)
    feature_map = np.array([[4, 3, 4],
                            [2, 4, 3],
                            [2, 3, 4]], dtype=np.float64)
    return BinaryExample(image, kernel, feature_map)


def impulse(shape: tuple[int, int] = (7, 7), at: tuple[int, int] | None = None) -> np.ndarray:
    """(H, W) zeros with a single 1 at ``at`` (default: the centre).

    Filtering an impulse shows the kernel itself: cross-correlation draws it
    flipped, convolution draws it upright.
    """
    img = np.zeros(shape, dtype=np.float64)
    if at is None:
        at = (shape[0] // 2, shape[1] // 2)
    img[at] = 1.0
    return img


def shapes_image(height: int = 64, width: int = 96) -> np.ndarray:
    """(height, width) grayscale test picture: a square, a disc and a diagonal bar on dark grey.

    Clean straight and curved edges make it easy to see what an edge
    detector responds to. Deterministic; values in [0, 1].
    """
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    img = np.full((height, width), 0.15)
    # a bright square in the left third
    img[(y >= 0.2 * height) & (y < 0.6 * height) & (x >= 0.06 * width) & (x < 0.3 * width)] = 0.9
    # a mid-grey disc in the middle
    r = 0.25 * min(height, width)
    img[(y - 0.55 * height) ** 2 + (x - 0.5 * width) ** 2 < r ** 2] = 0.6
    # a white diagonal bar on the right, going down to the right
    x0 = 0.72 * width
    bar = (np.abs((x - x0) - (y - 0.15 * height)) < 0.04 * min(height, width) + 0.5)
    img[bar & (x >= x0) & (y < 0.85 * height)] = 1.0
    return img


def _pad_amounts(kh: int, kw: int, padding: int | str) -> tuple[int, int]:
    if isinstance(padding, str):
        if padding == "valid":
            return 0, 0
        if padding == "same":
            if kh % 2 == 0 or kw % 2 == 0:
                raise ValueError(f"padding='same' needs an odd kernel, got {kh}x{kw}")
            return (kh - 1) // 2, (kw - 1) // 2
        if padding == "full":
            return kh - 1, kw - 1
        raise ValueError(f"padding must be an int or 'valid', 'same', 'full', got {padding!r}")
    if int(padding) != padding or padding < 0:
        raise ValueError(f"padding must be a non-negative integer, got {padding!r}")
    return int(padding), int(padding)


def filter_image(image: np.ndarray, kernel: np.ndarray,
                 padding: int | str = "same") -> np.ndarray:
    """Cross-correlate an image with a 2-D kernel (zero padding, stride 1).

    image: (H, W), or (H, W, C) filtered channel by channel; kernel: (FH, FW).
    padding: an int, or "valid", "same" (odd kernels; output H x W), "full".
    Returns float64 of shape (H + 2PH - FH + 1, W + 2PW - FW + 1[, C]).

    This is the course's scaffolding copy (the kernel explorer uses it);
    learners write their own ``convolve2d`` in notebook 01.
    """
    img = np.asarray(image, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    if k.ndim != 2:
        raise ValueError(f"kernel must be 2-D (FH, FW), got shape {k.shape}")
    if img.ndim == 3:
        return np.stack([filter_image(img[..., c], k, padding)
                         for c in range(img.shape[2])], axis=-1)
    if img.ndim != 2:
        raise ValueError(f"image must be (H, W) or (H, W, C), got shape {img.shape}")
    ph, pw = _pad_amounts(*k.shape, padding)
    padded = np.pad(img, ((ph, ph), (pw, pw)))
    if padded.shape[0] < k.shape[0] or padded.shape[1] < k.shape[1]:
        raise ValueError(f"kernel {k.shape} is larger than the padded image {padded.shape}")
    windows = sliding_window_view(padded, k.shape)
    return np.einsum("ijkl,kl->ij", windows, k)


def preset_kernels(overrides: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Writable copies of :data:`PRESET_KERNELS`, updated with ``overrides``."""
    out = {name: k.copy() for name, k in PRESET_KERNELS.items()}
    for name, k in (overrides or {}).items():
        out[name] = np.array(k, dtype=np.float64)
    return out
