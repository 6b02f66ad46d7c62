"""Correct variants for notebook 05 (backpropagation)."""

from tests.alternatives import Alternative

NOTEBOOK = "05_backprop"

ALTERNATIVES = [
    Alternative(cell="affine_backward", name="affine-bwd-einsum", source='''
def affine_backward(dout, x, w, b):
    xf = x.reshape(len(x), -1)
    dx = np.einsum("nm,dm->nd", dout, w).reshape(x.shape)
    dw = np.einsum("nd,nm->dm", xf, dout)
    return dx, dw, np.einsum("nm->m", dout)
'''),
    Alternative(cell="affine_backward", name="affine-bwd-list", source='''
def affine_backward(dout, x, w, b):
    N = x.shape[0]
    x2 = np.reshape(x, (N, -1))
    return [np.reshape(np.dot(dout, w.T), np.shape(x)), np.dot(x2.T, dout), np.sum(dout, axis=0)]
'''),
    Alternative(cell="affine_backward", name="affine-bwd-sample-loop", source='''
def affine_backward(dout, x, w, b):
    N = x.shape[0]
    dx = np.zeros((N, w.shape[0]))
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        row = x[n].ravel()
        dx[n] = w @ dout[n]
        dw += np.outer(row, dout[n])
        db += dout[n]
    return dx.reshape(x.shape), dw, db
'''),
    Alternative(cell="relu_backward", name="relu-bwd-where", source='''
def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)
'''),
    Alternative(cell="relu_backward", name="relu-bwd-copy-then-zero", source='''
def relu_backward(dout, x):
    dx = np.array(dout, dtype=np.float64, copy=True)
    dx[x <= 0] = 0.0
    return dx
'''),
    Alternative(cell="relu_backward", name="relu-bwd-heaviside", source='''
def relu_backward(dout, x):
    return dout * np.heaviside(x, 0.0)
'''),
    Alternative(cell="max_pool_backward", name="pool-bwd-first-max-mask", source='''
def max_pool_backward(dout, x, size=2, stride=2):
    N, C, Ho, Wo = dout.shape
    dx = np.zeros(x.shape)
    for i in range(Ho):
        for j in range(Wo):
            win = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].reshape(N, C, -1)
            first = win.argmax(axis=2)                                  # (N, C): first maximum
            mask = np.zeros_like(win)
            np.put_along_axis(mask, first[..., None], 1.0, axis=2)
            dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += (
                mask * dout[:, :, i, j][..., None]).reshape(N, C, size, size)
    return dx
'''),
    Alternative(cell="max_pool_backward", name="pool-bwd-np-add-at", source='''
def max_pool_backward(dout, x, size=2, stride=2):
    N, C, Ho, Wo = dout.shape
    win = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    flat = win.reshape(N, C, Ho, Wo, size * size).argmax(axis=-1)
    du, dv = np.divmod(flat, size)
    n, c, i, j = np.indices((N, C, Ho, Wo))
    dx = np.zeros_like(x, dtype=np.float64)
    np.add.at(dx, (n, c, i * stride + du, j * stride + dv), dout)
    return dx
'''),
    Alternative(cell="max_pool_backward", name="pool-bwd-loops-rows-first", source='''
def max_pool_backward(dout, x, size=2, stride=2):
    dx = np.zeros_like(x)
    N, C, Ho, Wo = dout.shape
    for i in range(Ho):
        for j in range(Wo):
            for n in range(N):
                for c in range(C):
                    best, where = -np.inf, None
                    for u in range(size):
                        for v in range(size):
                            value = x[n, c, i * stride + u, j * stride + v]
                            if value > best:                 # strict: the first maximum wins
                                best, where = value, (i * stride + u, j * stride + v)
                    dx[n, c, where[0], where[1]] += dout[n, c, i, j]
    return dx
'''),
    Alternative(cell="conv_backward_naive", name="conv-bwd-einsum-windows", source='''
def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    win = np.lib.stride_tricks.sliding_window_view(xp, (FH, FW), axis=(2, 3))[:, :, ::stride, ::stride]
    dw = np.einsum("nkij,ncijuv->kcuv", dout, win)
    dxp = np.zeros_like(xp)
    for i in range(Ho):
        for j in range(Wo):
            dxp[:, :, i * stride:i * stride + FH, j * stride:j * stride + FW] += np.einsum(
                "nk,kcuv->ncuv", dout[:, :, i, j], w)
    return dxp[:, :, pad:pad + H, pad:pad + W], dw, dout.sum(axis=(0, 2, 3))
'''),
    Alternative(cell="conv_backward_naive", name="conv-bwd-tuple-of-copies", source='''
def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    Ho, Wo = dout.shape[2:]
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    xp[:, :, pad:pad + H, pad:pad + W] = x
    dxp = np.zeros(xp.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(b.shape)
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                r, c = i * stride, j * stride
                for k in range(K):
                    g = dout[n, k, i, j]
                    db[k] += g
                    dw[k] += g * xp[n, :, r:r + FH, c:c + FW]
                    dxp[n, :, r:r + FH, c:c + FW] += g * w[k]
    return (dxp[:, :, pad:pad + H, pad:pad + W].copy(), dw, db)
'''),
    Alternative(cell="conv_backward_naive", name="conv-bwd-tensordot", source='''
def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    Ho, Wo = dout.shape[2], dout.shape[3]
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], mode="constant")
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(Ho):
        for j in range(Wo):
            rs, cs = slice(i * stride, i * stride + FH), slice(j * stride, j * stride + FW)
            g = dout[:, :, i, j]                                    # (N, K)
            dw += np.tensordot(g, xp[:, :, rs, cs], axes=([0], [0]))
            dxp[:, :, rs, cs] += np.tensordot(g, w, axes=([1], [0]))
    dx = dxp[:, :, pad:H + pad, pad:W + pad]
    return dx, dw, np.sum(dout, axis=(0, 2, 3))
'''),
    Alternative(cell="cross_entropy_backward", name="ce-bwd-one-hot", source='''
def cross_entropy_backward(scores, y):
    n, c = scores.shape
    shifted = scores - scores.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    return (p - np.eye(c)[y]) / n
'''),
    Alternative(cell="cross_entropy_backward", name="ce-bwd-row-loop", source='''
def cross_entropy_backward(scores, y):
    out = np.zeros(scores.shape)
    for i, (row, label) in enumerate(zip(scores, y)):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
        out[i, label] -= 1.0
    return out / len(y)
'''),
    Alternative(cell="cross_entropy_backward", name="ce-bwd-copy-of-softmax", source='''
def cross_entropy_backward(scores, y):
    d = softmax(scores).copy()
    d[range(len(y)), y] -= 1
    d /= len(y)
    return d
'''),
]

# Round 22: tensordot over the batch axis; exp(s - logsumexp) for the softmax.
ALTERNATIVES += [
    Alternative(cell="affine_backward", name="affine-bwd-tensordot", source='''
def affine_backward(dout, x, w, b):
    dw = np.tensordot(x, dout, axes=(0, 0)).reshape(w.shape)
    dx = np.tensordot(dout, w, axes=(1, 1)).reshape(x.shape)
    return dx, dw, np.add.reduce(dout, axis=0)
'''),
    Alternative(cell="cross_entropy_backward", name="ce-bwd-exp-minus-lse", source='''
def cross_entropy_backward(scores, y):
    n = len(scores)
    top = scores.max(axis=1, keepdims=True)
    lse = top + np.log(np.exp(scores - top).sum(axis=1, keepdims=True))
    d = np.exp(scores - lse)
    d[range(n), y] = d[range(n), y] - 1.0
    return d / n
'''),
]
