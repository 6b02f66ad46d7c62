"""Plausible wrong implementations for 05_backprop."""

from tests.mistakes import Mistake

NOTEBOOK = "05_backprop"

_MAX_POOL_LOOP = '''
def max_pool_backward(dout, x, size=2, stride=2):
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    r, s = i * stride, j * stride
                    window = x[n, c, r:r + size, s:s + size]
{body}
    return dx
'''


def _max_pool(body: str) -> str:
    return _MAX_POOL_LOOP.format(body="\n".join(" " * 20 + line for line in body.strip().splitlines()))


_CONV_LOOP = '''
def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = {db}
    for n in range(N):
        for k in range(K):
            for i in range(Ho):
                for j in range(Wo):
                    rows = slice({r0}, {r0} + FH)
                    cols = slice({c0}, {c0} + FW)
                    {dw_line}
                    {dx_line}
    dx = {crop}
    return dx, dw, db
'''


def _conv(db="dout.sum(axis=(0, 2, 3))", r0="i * stride", c0="j * stride",
          dw_line="dw[k] += dout[n, k, i, j] * xp[n, :, rows, cols]",
          dx_line="dxp[n, :, rows, cols] += dout[n, k, i, j] * w[k]",
          crop="dxp[:, :, pad:pad + H, pad:pad + W]") -> str:
    return _CONV_LOOP.format(db=db, r0=r0, c0=c0, dw_line=dw_line, dx_line=dx_line, crop=crop)


MISTAKES = [
    # ------------------------------------------------------------ affine_backward
    Mistake(
        cell="affine_backward",
        name="affine-db-wrong-axis",
        loses=["test_affine_backward"],
        source='''
def affine_backward(dout, x, w, b):
    x_flat = x.reshape(x.shape[0], -1)
    return (dout @ w.T).reshape(x.shape), x_flat.T @ dout, dout.sum(axis=1)
''',
    ),
    Mistake(
        cell="affine_backward",
        name="affine-dx-not-reshaped",
        loses=["test_affine_backward"],
        source='''
def affine_backward(dout, x, w, b):
    x_flat = x.reshape(x.shape[0], -1)
    return dout @ w.T, x_flat.T @ dout, dout.sum(axis=0)
''',
    ),
    Mistake(
        cell="affine_backward",
        name="affine-dw-transposed",
        loses=["test_affine_backward"],
        source='''
def affine_backward(dout, x, w, b):
    x_flat = x.reshape(x.shape[0], -1)
    return (dout @ w.T).reshape(x.shape), dout.T @ x_flat, dout.sum(axis=0)
''',
    ),
    Mistake(
        cell="affine_backward",
        name="affine-db-mean",
        loses=["test_affine_backward"],
        source='''
def affine_backward(dout, x, w, b):
    x_flat = x.reshape(x.shape[0], -1)
    return (dout @ w.T).reshape(x.shape), x_flat.T @ dout, dout.mean(axis=0)
''',
    ),
    Mistake(
        cell="affine_backward",
        name="affine-flattens-callers-x",
        loses=["test_affine_backward_input_unchanged"],
        keeps=["test_affine_backward"],   # its values are right: only the inputs-unchanged test may fail
        source='''
def affine_backward(dout, x, w, b):
    shape = x.shape
    x.shape = (shape[0], -1)          # flattens the caller's array, not a copy
    dx = (dout @ w.T).reshape(shape)
    return dx, x.T @ dout, dout.sum(axis=0)
''',
    ),
    # ------------------------------------------------------------ relu_backward
    Mistake(
        cell="relu_backward",
        name="relu-mask-from-dout",
        loses=["test_relu_backward"],
        source='''
def relu_backward(dout, x):
    return dout * (dout > 0)
''',
    ),
    Mistake(
        cell="relu_backward",
        name="relu-mask-only",
        loses=["test_relu_backward"],
        source='''
def relu_backward(dout, x):
    return (x > 0).astype(float)
''',
    ),
    Mistake(
        cell="relu_backward",
        name="relu-passes-at-zero",
        loses=["test_relu_backward"],
        source='''
def relu_backward(dout, x):
    return dout * (x >= 0)
''',
    ),
    Mistake(
        cell="relu_backward",
        name="relu-changes-dout-in-place",
        loses=["test_relu_backward_input_unchanged"],
        keeps=["test_relu_backward"],   # its values are right: only the inputs-unchanged test may fail
        source='''
def relu_backward(dout, x):
    dout[x <= 0] = 0
    return dout
''',
    ),
    # ------------------------------------------------------------ max_pool_backward
    Mistake(
        cell="max_pool_backward",
        name="pool-every-tied-max",
        loses=["test_max_pool_backward_ties"],
        source=_max_pool('''
dx[n, c, r:r + size, s:s + size] += (window == window.max()) * dout[n, c, i, j]
'''),
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-last-max",
        loses=["test_max_pool_backward_ties"],
        source=_max_pool('''
flat = window.ravel()
last = flat.size - 1 - np.argmax(flat[::-1])
p, q = divmod(last, window.shape[1])
dx[n, c, r + p, s + q] += dout[n, c, i, j]
'''),
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-split-ties",
        loses=["test_max_pool_backward_ties"],
        source=_max_pool('''
mask = window == window.max()
dx[n, c, r:r + size, s:s + size] += mask * dout[n, c, i, j] / mask.sum()
'''),
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-overwrite",
        loses=["test_max_pool_backward_overlap"],
        keeps=["test_max_pool_backward_ties"],   # its ties are right: only the overlap test may fail
        source=_max_pool('''
p, q = np.unravel_index(np.argmax(window), window.shape)
dx[n, c, r + p, s + q] = dout[n, c, i, j]
'''),
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-overwrite-window",
        loses=["test_max_pool_backward_overlap"],
        keeps=["test_max_pool_backward_ties"],   # its ties are right: only the overlap test may fail
        source=_max_pool('''
p, q = np.unravel_index(np.argmax(window), window.shape)
grad = np.zeros_like(window)
grad[p, q] = dout[n, c, i, j]
dx[n, c, r:r + size, s:s + size] = grad
'''),
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-stride-equals-size",
        loses=["test_max_pool_backward_overlap"],
        source='''
def max_pool_backward(dout, x, size=2, stride=2):
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    window = x[n, c, i * size:(i + 1) * size, j * size:(j + 1) * size]
                    p, q = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * size + p, j * size + q] += dout[n, c, i, j]
    return dx
''',
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-average",
        loses=["test_max_pool_backward"],
        source=_max_pool('''
dx[n, c, r:r + size, s:s + size] += dout[n, c, i, j] / (size * size)
'''),
    ),
    Mistake(
        cell="max_pool_backward",
        name="pool-dx-reuses-x",
        loses=["test_max_pool_backward_input_unchanged"],
        keeps=["test_max_pool_backward", "test_max_pool_backward_overlap", "test_max_pool_backward_ties"],
        source='''
def max_pool_backward(dout, x, size=2, stride=2):
    N, C, Ho, Wo = dout.shape
    hits = []
    for n, c, i, j in np.ndindex(N, C, Ho, Wo):
        window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
        p, q = divmod(int(np.argmax(window)), size)
        hits.append((n, c, i * stride + p, j * stride + q, dout[n, c, i, j]))
    dx = x                  # reuses x's memory for the gradient
    dx[...] = 0.0
    for n, c, r, s, g in hits:
        dx[n, c, r, s] += g
    return dx
''',
    ),
    # ------------------------------------------------------------ conv_backward_naive
    Mistake(
        cell="conv_backward_naive",
        name="conv-flipped-kernel",
        loses=["test_conv_backward_naive", "test_conv_backward_naive_stride_pad"],
        source=_conv(dx_line="dxp[n, :, rows, cols] += dout[n, k, i, j] * w[k, :, ::-1, ::-1]"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-ignores-stride",
        loses=["test_conv_backward_naive_stride_pad"],
        source=_conv(r0="i", c0="j"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-padding-not-cropped",
        loses=["test_conv_backward_naive_stride_pad"],
        source=_conv(crop="dxp"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-crop-with-negative-index",
        loses=["test_conv_backward_naive"],
        source=_conv(crop="dxp[:, :, pad:-pad, pad:-pad]"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-dw-overwritten",
        loses=["test_conv_backward_naive", "test_conv_backward_naive_stride_pad"],
        source=_conv(dw_line="dw[k] = dout[n, k, i, j] * xp[n, :, rows, cols]"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-db-per-sample",
        loses=["test_conv_backward_naive", "test_conv_backward_naive_stride_pad"],
        source=_conv(db="dout.sum(axis=(2, 3))"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-square-kernel-only",
        loses=["test_conv_backward_naive"],
        source=_conv(r0="i * stride", c0="j * stride").replace(
            "K, _, FH, FW = w.shape", "K, _, FH, _ = w.shape\n    FW = FH"),
    ),
    Mistake(
        cell="conv_backward_naive",
        name="conv-db-reuses-b",
        loses=["test_conv_backward_naive_input_unchanged"],
        keeps=["test_conv_backward_naive", "test_conv_backward_naive_stride_pad"],   # right values
        source=_conv(db="b                 # reuses b's memory for db\n    db[...] = dout.sum(axis=(0, 2, 3))"),
    ),
    # ------------------------------------------------------------ cross_entropy_backward
    Mistake(
        cell="cross_entropy_backward",
        name="ce-grad-not-divided-by-n",
        loses=["test_cross_entropy_backward", "test_cross_entropy_backward_stable"],
        source='''
def cross_entropy_backward(scores, y):
    n = scores.shape[0]
    dscores = softmax(scores)
    dscores[np.arange(n), y] -= 1
    return dscores
''',
    ),
    Mistake(
        cell="cross_entropy_backward",
        name="ce-grad-naive-softmax",
        loses=["test_cross_entropy_backward_stable"],
        source='''
def cross_entropy_backward(scores, y):
    n = scores.shape[0]
    e = np.exp(scores)
    dscores = e / e.sum(axis=1, keepdims=True)
    dscores[np.arange(n), y] -= 1
    return dscores / n
''',
    ),
    Mistake(
        cell="cross_entropy_backward",
        name="ce-grad-column-indexing",
        loses=["test_cross_entropy_backward", "test_cross_entropy_backward_stable"],
        source='''
def cross_entropy_backward(scores, y):
    n = scores.shape[0]
    dscores = softmax(scores)
    dscores[:, y] -= 1
    return dscores / n
''',
    ),
    Mistake(
        cell="cross_entropy_backward",
        name="ce-grad-sign-flipped",
        loses=["test_cross_entropy_backward", "test_cross_entropy_backward_stable"],
        source='''
def cross_entropy_backward(scores, y):
    n = scores.shape[0]
    onehot = np.zeros_like(scores)
    onehot[np.arange(n), y] = 1
    return (onehot - softmax(scores)) / n
''',
    ),
    Mistake(
        cell="cross_entropy_backward",
        name="ce-grad-scores-in-place",
        loses=["test_cross_entropy_backward_input_unchanged"],
        keeps=["test_cross_entropy_backward", "test_cross_entropy_backward_stable"],   # right values
        source='''
def cross_entropy_backward(scores, y):
    n = scores.shape[0]
    scores -= scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    scores[...] = e / e.sum(axis=1, keepdims=True)
    scores[np.arange(n), y] -= 1
    scores /= n
    return scores
''',
    ),
]

# Round 22: the first tied maximum in column-major order; db averaged over the output positions.
MISTAKES += [
    Mistake(cell="max_pool_backward", name="pool-bwd-first-max-column-major", loses=["test_max_pool_backward_ties"],
            source='''
def max_pool_backward(dout, x, size=2, stride=2):
    N, C, Ho, Wo = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    r, s = i * stride, j * stride
                    window = x[n, c, r:r + size, s:s + size]
                    q, p = np.unravel_index(np.argmax(window.T), window.T.shape)
                    dx[n, c, r + p, s + q] += dout[n, c, i, j]
    return dx
'''),
    Mistake(cell="conv_backward_naive", name="conv-db-mean-over-positions",
            loses=["test_conv_backward_naive", "test_conv_backward_naive_stride_pad"], source='''
def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = dout.sum(axis=0).mean(axis=(1, 2))
    for n in range(N):
        for k in range(K):
            for i in range(Ho):
                for j in range(Wo):
                    rows = slice(i * stride, i * stride + FH)
                    cols = slice(j * stride, j * stride + FW)
                    dw[k] += dout[n, k, i, j] * xp[n, :, rows, cols]
                    dxp[n, :, rows, cols] += dout[n, k, i, j] * w[k]
    return dxp[:, :, pad:pad + H, pad:pad + W], dw, db
'''),
]
