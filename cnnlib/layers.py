"""Vectorized forward and backward passes of the course's layers (NumPy).

Learners write these layers themselves in notebooks 02-05; from notebook 06
on the notebooks use this tested copy, so that a bug left in a learner's own
layer cannot block later notebooks. tests/test_layers.py checks every
function against torch in float64.

Conventions (the course design): batch layout NCHW; "convolution" is cross-correlation;
forward functions return the output only; backward functions take the
upstream gradient plus the forward inputs and return the gradients in the
order of those inputs. Every function keeps its input's float dtype.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from cnnlib.geometry import window_count

__all__ = [
    "output_size",
    "conv_forward",
    "conv_backward",
    "relu_forward",
    "relu_backward",
    "max_pool_forward",
    "max_pool_backward",
    "avg_pool_forward",
    "avg_pool_backward",
    "flatten",
    "affine_forward",
    "affine_backward",
    "softmax",
    "cross_entropy_loss",
    "cross_entropy_backward",
]


def output_size(W: int, F: int, S: int = 1, P: int = 0) -> int:
    """(W - F + 2P) / S + 1, or ValueError naming W, F, S and P when not a whole number.

    cnnlib.geometry.window_count: the course's exact rule without dilation (geometry says why).
    """
    return window_count(W, F, S, P)


def _pad(x: np.ndarray, pad: int) -> np.ndarray:
    if pad == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))


def _windows(x: np.ndarray, fh: int, fw: int, stride: int) -> np.ndarray:
    """View (N, C, Ho, Wo, fh, fw) of every window, without copying."""
    return sliding_window_view(x, (fh, fw), axis=(2, 3))[:, :, ::stride, ::stride]


def _im2col(xp: np.ndarray, fh: int, fw: int, stride: int, Ho: int, Wo: int) -> np.ndarray:
    """Every window of the padded input xp (N, C, Hp, Wp) as columns: (N, C * fh * fw, Ho * Wo).

    Row ``(c * fh + i) * fw + j`` of image n holds tap (c, i, j) of every output position,
    so that ``w.reshape(K, -1) @ cols[n]`` is image n's convolution (im2col, Chellapilla,
    Puri and Simard 2006, "High Performance Convolutional Neural Networks for Document
    Processing"). This layout makes the product a batch of plain matrix products that
    give NCHW directly; one copy of a sliding_window_view builds it, which measured
    faster than a loop over the taps (benchmarks/bench_conv.py).
    """
    N, C = xp.shape[:2]
    win = _windows(xp, fh, fw, stride)[:, :, :Ho, :Wo]           # (N, C, Ho, Wo, fh, fw), a view
    return np.ascontiguousarray(win.transpose(0, 1, 4, 5, 2, 3)).reshape(N, C * fh * fw, Ho * Wo)


# Bytes of columns built at once. The batch is taken in chunks of images whose columns fit in
# this: the temporaries stay in the cache and are reused by the allocator, instead of a
# fresh multi-megabyte array per call whose page faults cost more than the arithmetic
# (measured with getrusage on notebook 06's shapes and benchmarks/bench_conv.py's).
_CHUNK_BYTES = 1 << 20


def _chunks(n: int, bytes_per_image: int) -> list[tuple[int, int]]:
    step = max(1, _CHUNK_BYTES // max(bytes_per_image, 1))
    return [(i, min(n, i + step)) for i in range(0, n, step)]


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1,
                 pad: int = 0) -> np.ndarray:
    """Cross-correlation of x with every filter of w, plus its bias.

    x (N, C, H, W), w (K, C, FH, FW), b (K,) -> out (N, K, Ho, Wo) with
    Ho = (H - FH + 2 * pad) / stride + 1 (and Wo alike), zero padding. Raises ValueError
    when x and w disagree on C or when the sizes do not fit (see output_size). Computed
    as im2col followed by one matrix product per image (BLAS), in x's dtype.
    """
    N, C, H, W = x.shape
    K, Cw, FH, FW = w.shape
    if C != Cw:
        raise ValueError(f"x has {C} channels but w expects {Cw}")
    Ho, Wo = output_size(H, FH, stride, pad), output_size(W, FW, stride, pad)
    wm = w.reshape(K, -1)
    out = np.empty((N, K, Ho * Wo), dtype=np.result_type(x, w))
    for n0, n1 in _chunks(N, C * FH * FW * Ho * Wo * x.itemsize):
        cols = _im2col(_pad(x[n0:n1], pad), FH, FW, stride, Ho, Wo)
        np.matmul(wm, cols, out=out[n0:n1])                       # (K, CFF) @ (n, CFF, HoWo)
    out = out.reshape(N, K, Ho, Wo)
    bias = b.reshape(1, K, 1, 1)
    if np.result_type(out, bias) == out.dtype:
        out += bias   # in place: out is a fresh array
        return out
    return out + bias


def conv_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray, b: np.ndarray,
                  stride: int = 1, pad: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of conv_forward: dout (N, K, Ho, Wo) -> dx (N, C, H, W), dw (K, C, FH, FW), db (K,).

    dw is the product of dout with the input's columns (im2col), dx the columns' gradient
    w^T @ dout folded back onto the padded input (col2im: each kernel tap adds into a strided
    slice), with the padding cut off. dx has x's dtype, dw w's. The arguments are not changed.
    """
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    Ho, Wo = dout.shape[2], dout.shape[3]
    wm = w.reshape(K, -1)
    d = dout.reshape(N, K, Ho * Wo)
    db = dout.sum(axis=(0, 2, 3))
    dw = np.zeros((K, C * FH * FW), dtype=np.result_type(dout, x))
    dx = np.empty_like(x)
    for n0, n1 in _chunks(N, C * FH * FW * Ho * Wo * x.itemsize):
        xp = _pad(x[n0:n1], pad)
        cols = _im2col(xp, FH, FW, stride, Ho, Wo)                # (n, CFF, HoWo)
        dw += np.matmul(d[n0:n1], cols.transpose(0, 2, 1)).sum(axis=0)
        dcols = np.matmul(wm.T, d[n0:n1]).reshape(n1 - n0, C, FH, FW, Ho, Wo)
        dxp = np.zeros_like(xp)
        for i in range(FH):
            for j in range(FW):
                dxp[:, :, i:i + stride * (Ho - 1) + 1:stride, j:j + stride * (Wo - 1) + 1:stride] += dcols[:, :, i, j]
        dx[n0:n1] = dxp[:, :, pad:pad + H, pad:pad + W] if pad else dxp
    return dx, dw.reshape(w.shape).astype(w.dtype, copy=False), db


def relu_forward(x: np.ndarray) -> np.ndarray:
    """max(0, x), elementwise; any shape."""
    return np.maximum(x, 0)


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Gradient of ReLU: dout where x > 0, else 0 (0 at x == 0, as in PyTorch)."""
    return dout * (x > 0)


def _pool_shape(x: np.ndarray, size: int, stride: int) -> tuple[int, int]:
    return output_size(x.shape[2], size, stride, 0), output_size(x.shape[3], size, stride, 0)


def max_pool_forward(x: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """x (N, C, H, W) -> (N, C, Ho, Wo), the maximum of each size x size window."""
    Ho, Wo = _pool_shape(x, size, stride)
    return _windows(x, size, size, stride)[:, :, :Ho, :Wo].max(axis=(4, 5))


def max_pool_backward(dout: np.ndarray, x: np.ndarray, size: int = 2,
                      stride: int = 2) -> np.ndarray:
    """Route dout to the maximum of each window; ties go to the first in row-major order."""
    N, C, Ho, Wo = dout.shape
    win = _windows(x, size, size, stride)[:, :, :Ho, :Wo].reshape(N, C, Ho, Wo, size * size)
    first = np.argmax(win, axis=-1)  # argmax returns the first maximum
    dx = np.zeros_like(x)
    for p in range(size * size):
        i, j = divmod(p, size)
        dx[:, :, i:i + stride * Ho:stride, j:j + stride * Wo:stride] += dout * (first == p)
    return dx


def avg_pool_forward(x: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """x (N, C, H, W) -> (N, C, Ho, Wo), the mean of each size x size window."""
    Ho, Wo = _pool_shape(x, size, stride)
    return _windows(x, size, size, stride)[:, :, :Ho, :Wo].mean(axis=(4, 5))


def avg_pool_backward(dout: np.ndarray, x: np.ndarray, size: int = 2,
                      stride: int = 2) -> np.ndarray:
    """Spread dout evenly over each window (accumulating where windows overlap)."""
    Ho, Wo = dout.shape[2], dout.shape[3]
    dx = np.zeros_like(x)
    share = dout / (size * size)
    for i in range(size):
        for j in range(size):
            dx[:, :, i:i + stride * Ho:stride, j:j + stride * Wo:stride] += share
    return dx


def flatten(x: np.ndarray) -> np.ndarray:
    """(N, d1, ..., dk) -> (N, d1 * ... * dk), row-major like torch.flatten(x, 1)."""
    return x.reshape(x.shape[0], -1)


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x (N, d1, ..., dk) flattened to (N, D); w (D, M); b (M,) -> (N, M)."""
    return flatten(x) @ w + b


def affine_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray,
                    b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dout (N, M) -> dx (shape of x), dw (D, M), db (M,)."""
    dx = (dout @ w.T).reshape(x.shape)
    dw = flatten(x).T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (N, C) scores, stable for large scores."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def cross_entropy_loss(scores: np.ndarray, y: np.ndarray) -> float:
    """Mean over the batch of -log softmax(scores)[y]; scores (N, C), y (N,) ints."""
    n = scores.shape[0]
    return float(-_log_softmax(scores)[np.arange(n), y].mean())


def cross_entropy_backward(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of cross_entropy_loss with respect to scores: (softmax - onehot) / N."""
    n = scores.shape[0]
    d = softmax(scores)
    d[np.arange(n), y] -= 1
    return d / n
