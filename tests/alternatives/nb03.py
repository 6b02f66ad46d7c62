"""Correct variants for notebook 03 (ReLU and pooling)."""

from tests.alternatives import Alternative

NOTEBOOK = "03_relu_and_pooling"

ALTERNATIVES = [
    Alternative(cell="relu", name="relu-where", source='''
def relu(x):
    return np.where(x > 0, x, 0.0)
'''),
    Alternative(cell="relu", name="relu-copy-then-mask", source='''
def relu(x):
    out = x.copy()
    out[out < 0] = 0
    return out
'''),
    Alternative(cell="relu", name="relu-multiply-by-mask", source='''
def relu(x):
    return x * (x > 0)
'''),
    Alternative(cell="max_pool", name="max-pool-stride-tricks", source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    output_size(H, size, stride, 0)
    output_size(W, size, stride, 0)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    return windows[:, :, ::stride, ::stride].max(axis=(-2, -1))
'''),
    Alternative(cell="max_pool", name="max-pool-four-loops", source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride, 0), output_size(W, size, stride, 0)
    out = np.zeros((N, C, Ho, Wo))
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, c, i, j] = np.max(x[n, c, i * stride:i * stride + size, j * stride:j * stride + size])
    return out
'''),
    Alternative(cell="max_pool", name="max-pool-running-maximum", source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride, 0), output_size(W, size, stride, 0)
    out = np.full((N, C, Ho, Wo), -np.inf)
    for u in range(size):
        for v in range(size):
            out = np.maximum(out, x[:, :, u:u + stride * Ho:stride, v:v + stride * Wo:stride])
    return out
'''),
    Alternative(cell="avg_pool", name="avg-pool-stride-tricks", source='''
def avg_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    output_size(H, size, stride, 0)
    output_size(W, size, stride, 0)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    return windows[:, :, ::stride, ::stride].mean(axis=(-2, -1))
'''),
    Alternative(cell="avg_pool", name="avg-pool-sum-of-taps", source='''
def avg_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride, 0), output_size(W, size, stride, 0)
    out = np.zeros((N, C, Ho, Wo))
    for u in range(size):
        for v in range(size):
            out += x[:, :, u:u + stride * Ho:stride, v:v + stride * Wo:stride]
    return out / size ** 2
'''),
    Alternative(cell="avg_pool", name="avg-pool-int-input", source='''
def avg_pool(x, size=2, stride=2):
    x = np.asarray(x, dtype=np.float64)
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride, 0), output_size(W, size, stride, 0)
    out = np.empty((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            block = x[..., i * stride:i * stride + size, j * stride:j * stride + size]
            out[..., i, j] = block.sum(axis=(-1, -2)) / (size * size)
    return out
'''),
]

# Round 22: (x + |x|) / 2; reshaped tiles when the windows tile the map; a sum of shifted slices.
ALTERNATIVES += [
    Alternative(cell="relu", name="relu-half-of-x-plus-abs", source='''
def relu(x):
    return (x + np.abs(x)) / 2
'''),
    Alternative(cell="max_pool", name="max-pool-reshape-when-tiling", source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    if size == stride:
        return x.reshape(N, C, H_out, size, W_out, size).max(axis=(3, 5)).astype(float)
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
    return out
'''),
    Alternative(cell="avg_pool", name="avg-pool-float32-safe-sum-then-divide", source='''
def avg_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    total = np.zeros((N, C, H_out, W_out))
    for u in range(size):
        for v in range(size):
            total += x[:, :, u:u + stride * (H_out - 1) + 1:stride, v:v + stride * (W_out - 1) + 1:stride]
    return total / (size * size)
'''),
]
