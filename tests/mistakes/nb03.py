"""Plausible wrong implementations for 03_relu_and_pooling; each must lose the listed points."""

from tests.mistakes import Mistake

NOTEBOOK = "03_relu_and_pooling"


def _pool(name, body, reduce="max"):
    """A pooling function with the solution's loop and `body` computing one output column."""
    return f'''
def {name}(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
{body}
    return out
'''


MISTAKES = [
    # ---- relu -------------------------------------------------------------------------
    Mistake(
        cell="relu",
        name="relu-np-max-along-axis",
        # it leaves x alone, but its result has the wrong shape: an inputs-unchanged test counts only
        # on a real result (the shape asked for), so that cell's point is lost too
        loses=["test_relu", "test_relu_input_unchanged"],
        source='''
def relu(x):
    return np.max(x, 0)
''',
    ),
    Mistake(
        cell="relu",
        name="relu-returns-the-mask",
        # it leaves x alone, but that point counts only on a right result (a stub would leave x alone too)
        loses=["test_relu", "test_relu_input_unchanged"],
        source='''
def relu(x):
    return (x > 0).astype(float)
''',
    ),
    Mistake(
        cell="relu",
        name="relu-absolute-value",
        # it leaves x alone, but that point counts only on a right result (a stub would leave x alone too)
        loses=["test_relu", "test_relu_input_unchanged"],
        source='''
def relu(x):
    return np.abs(x)
''',
    ),
    Mistake(
        cell="relu",
        name="relu-clips-at-one",
        loses=["test_relu"],
        source='''
def relu(x):
    return np.clip(x, 0, 1)
''',
    ),
    Mistake(
        cell="relu",
        name="relu-in-place",
        loses=["test_relu_input_unchanged"],
        source='''
def relu(x):
    x[x < 0] = 0
    return x
''',
    ),
    # ---- max_pool ---------------------------------------------------------------------
    Mistake(
        cell="max_pool",
        name="max-pool-windows-ignore-stride",
        loses=["test_max_pool_values"],
        source=_pool("max_pool", "            out[:, :, i, j] = x[:, :, i:i + size, j:j + size].max(axis=(2, 3))"),
    ),
    Mistake(
        cell="max_pool",
        name="max-pool-steps-by-size",
        loses=["test_max_pool_values"],
        source=_pool("max_pool", "            r, c = i * size, j * size\n"
                                 "            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].max(axis=(2, 3))"),
    ),
    Mistake(
        cell="max_pool",
        name="max-pool-returns-zeros-of-the-right-shape",   # red team round 6 (tests/attacks6, M2)
        loses=["test_max_pool_shapes", "test_max_pool_values", "test_max_pool_ties"],
        source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    return np.zeros((N, C, output_size(H, size, stride, 0), output_size(W, size, stride, 0)))
''',
    ),
    Mistake(
        cell="max_pool",
        name="max-pool-starts-from-zero",
        loses=["test_max_pool_values"],
        source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            for u in range(size):
                for v in range(size):
                    out[:, :, i, j] = np.maximum(out[:, :, i, j], x[:, :, i * stride + u, j * stride + v])
    return out
''',
    ),
    Mistake(
        cell="max_pool",
        name="max-pool-sums-the-tied-maxima",
        loses=["test_max_pool_ties"],
        source=_pool("max_pool", "            r, c = i * stride, j * stride\n"
                                 "            win = x[:, :, r:r + size, c:c + size]\n"
                                 "            m = win.max(axis=(2, 3), keepdims=True)\n"
                                 "            out[:, :, i, j] = (win * (win == m)).sum(axis=(2, 3))"),
    ),
    Mistake(
        cell="max_pool",
        name="max-pool-floors-invalid-sizes",
        loses=["test_max_pool_errors"],
        keeps=["test_max_pool_shapes"],
        source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = (H - size) // stride + 1
    W_out = (W - size) // stride + 1
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * stride, j * stride
            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].max(axis=(2, 3))
    return out
''',
    ),
    Mistake(
        cell="max_pool",
        name="max-pool-across-channels",
        loses=["test_max_pool_shapes", "test_max_pool_values", "test_max_pool_ties"],
        source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    out = np.empty((N, 1, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * stride, j * stride
            out[:, 0, i, j] = x[:, :, r:r + size, c:c + size].max(axis=(1, 2, 3))
    return out
''',
    ),
    # ---- avg_pool ---------------------------------------------------------------------
    Mistake(
        cell="avg_pool",
        name="avg-pool-divides-by-size",
        loses=["test_avg_pool_values"],
        source=_pool("avg_pool", "            r, c = i * stride, j * stride\n"
                                 "            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].sum(axis=(2, 3)) / size"),
    ),
    Mistake(
        cell="avg_pool",
        name="avg-pool-divides-by-stride-squared",
        loses=["test_avg_pool_values"],
        source=_pool("avg_pool", "            r, c = i * stride, j * stride\n"
                                 "            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].sum(axis=(2, 3)) / stride**2"),
    ),
    Mistake(
        cell="avg_pool",
        name="avg-pool-windows-ignore-stride",
        loses=["test_avg_pool_values"],
        source=_pool("avg_pool", "            out[:, :, i, j] = x[:, :, i:i + size, j:j + size].mean(axis=(2, 3))"),
    ),
    Mistake(
        cell="avg_pool",
        name="avg-pool-sums",
        loses=["test_avg_pool_values"],
        source=_pool("avg_pool", "            r, c = i * stride, j * stride\n"
                                 "            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].sum(axis=(2, 3))"),
    ),
    Mistake(
        cell="avg_pool",
        name="avg-pool-floors-invalid-sizes",
        loses=["test_avg_pool_errors"],
        keeps=["test_avg_pool_shapes"],
        source='''
def avg_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = (H - size) // stride + 1
    W_out = (W - size) // stride + 1
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * stride, j * stride
            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].mean(axis=(2, 3))
    return out
''',
    ),
]

# Right values, but the caller's batch is changed (the tests check inputs are left alone).
MISTAKES += [
    # (x /= size * size cannot run on integer pixels, which test_avg_pool_values holds: that cell may fail)
    Mistake(cell="avg_pool", name="avg-pool-divides-x-in-place",
            loses=["test_avg_pool_input_unchanged"], source='''
def avg_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    x /= size * size
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].sum(axis=(2, 3))
    return out
'''),
    Mistake(cell="max_pool", name="max-pool-shifts-x-in-place",
            loses=["test_max_pool_input_unchanged"], keeps=["test_max_pool_values", "test_max_pool_ties"], source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    low = x.min()
    x -= low                       # every value >= 0, so a maximum can start from 0 ...
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
    return out + low               # ... and the result is shifted back, but x is not
'''),
]

# Found in round 22: integer pixel values averaged into an integer array (the tests held only float inputs).
MISTAKES += [
    Mistake(cell="avg_pool", name="avg-pool-output-in-x-dtype", loses=["test_avg_pool_values"], source='''
def avg_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    out = np.zeros_like(x, shape=(N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * stride, j * stride
            out[:, :, i, j] = x[:, :, r:r + size, c:c + size].mean(axis=(2, 3))
    return out
'''),
    Mistake(cell="max_pool", name="max-pool-windows-of-stride-columns", loses=["test_max_pool_values"], source='''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    H_out = output_size(H, size, stride, 0)
    W_out = output_size(W, size, stride, 0)
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i * stride, j * stride
            out[:, :, i, j] = x[:, :, r:r + size, c:c + stride].max(axis=(2, 3))
    return out
'''),
]
