"""Correct variants for notebook 02 (the conv layer)."""

from tests.alternatives import Alternative

NOTEBOOK = "02_conv_layer"

ALTERNATIVES = [
    Alternative(cell="conv_output_size", name="size-float-division", source='''
def conv_output_size(W, F, S=1, P=0):
    if S <= 0 or F <= 0 or P < 0:
        raise ValueError(f"W={W}, F={F}, S={S}, P={P}: S and F must be positive and P >= 0")
    size = (W - F + 2 * P) / S + 1
    if size < 1 or size != int(size):
        raise ValueError(f"W={W}, F={F}, S={S}, P={P} give (W - F + 2P) / S + 1 = {size}")
    return int(size)
'''),
    Alternative(cell="conv_output_size", name="size-divmod", source='''
def conv_output_size(W, F, S=1, P=0):
    msg = f"invalid setting W={W}, F={F}, S={S}, P={P}"
    if min(S, F) < 1 or P < 0 or F > W + 2 * P:
        raise ValueError(msg)
    q, r = divmod(W - F + 2 * P, S)
    if r:
        raise ValueError(msg + f": remainder {r}")
    return q + 1
'''),
    Alternative(cell="conv_output_size", name="size-numpy-int", source='''
def conv_output_size(W, F, S=1, P=0):
    span = np.int64(W) - F + 2 * P
    if S < 1 or F < 1 or P < 0 or span < 0 or span % S:
        raise ValueError(f"W={W}, F={F}, S={S}, P={P} is not a valid setting")
    return span // S + 1
'''),
    Alternative(cell="conv_param_count", name="params-weights-plus-biases", source='''
def conv_param_count(F, D, K):
    weights = K * D * F ** 2
    biases = K
    return weights + biases
'''),
    Alternative(cell="conv_param_count", name="params-numpy-prod", source='''
def conv_param_count(F, D, K):
    return int(np.prod([K, D, F, F]) + K)
'''),
    Alternative(cell="conv_param_count", name="params-loop", source='''
def conv_param_count(F, D, K):
    total = 0
    for _ in range(K):
        total += F * F * D + 1
    return total
'''),
    Alternative(cell="unshared_param_count", name="unshared-from-shared", source='''
def unshared_param_count(F, D, K, H_out, W_out):
    return conv_param_count(F, D, K) * H_out * W_out
'''),
    Alternative(cell="unshared_param_count", name="unshared-neurons-times-fan-in", source='''
def unshared_param_count(F, D, K, H_out, W_out):
    neurons = K * H_out * W_out
    return neurons * (D * F * F) + neurons
'''),
    Alternative(cell="unshared_param_count", name="unshared-int-cast", source='''
def unshared_param_count(F, D, K, H_out, W_out):
    return int(H_out) * int(W_out) * int(K) * (int(F) ** 2 * int(D) + 1)
'''),
    Alternative(cell="zero_pad", name="pad-by-slicing", source='''
def zero_pad(x, pad):
    N, C, H, W = x.shape
    out = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=x.dtype)
    out[:, :, pad:pad + H, pad:pad + W] = x
    return out
'''),
    Alternative(cell="zero_pad", name="pad-pairs-list", source='''
def zero_pad(x, pad):
    return np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], constant_values=0.0)
'''),
    Alternative(cell="zero_pad", name="pad-concatenate", source='''
def zero_pad(x, pad):
    if pad == 0:
        return x.copy()
    N, C, H, W = x.shape
    side = np.zeros((N, C, H, pad))
    x = np.concatenate([side, x, side], axis=3)
    top = np.zeros((N, C, pad, W + 2 * pad))
    return np.concatenate([top, x, top], axis=2)
'''),
    Alternative(cell="conv_forward_naive", name="naive-loops-positions-then-filters", source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho, Wo = conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty((N, K, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            window = xp[:, :, i * stride:i * stride + F, j * stride:j * stride + F]   # (N, C, F, F)
            for k in range(K):
                out[:, k, i, j] = np.sum(window * w[k], axis=(1, 2, 3)) + b[k]
    return out
'''),
    Alternative(cell="conv_forward_naive", name="naive-tensordot", source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, Ho, Wo))
    for n in range(N):
        for i in range(Ho):
            for j in range(Wo):
                patch = xp[n, :, i * stride:i * stride + F, j * stride:j * stride + F]
                out[n, :, i, j] = np.tensordot(w, patch, axes=([1, 2, 3], [0, 1, 2])) + b
    return out
'''),
    Alternative(cell="conv_forward_naive", name="naive-six-loops", source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, Ho, Wo))
    for n in range(N):
        for k in range(K):
            for i in range(Ho):
                for j in range(Wo):
                    acc = b[k]
                    for c in range(C):
                        for u in range(F):
                            for v in range(F):
                                acc += xp[n, c, i * stride + u, j * stride + v] * w[k, c, u, v]
                    out[n, k, i, j] = acc
    return out
'''),
    Alternative(cell="conv_forward_fast", name="fast-einsum-windows", source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    conv_output_size(H, F, stride, pad)
    conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    win = sliding_window_view(xp, (F, F), axis=(2, 3))[:, :, ::stride, ::stride]   # N C Ho Wo F F
    return np.einsum("ncijuv,kcuv->nkij", win, w, optimize=True) + b[None, :, None, None]
'''),
    Alternative(cell="conv_forward_fast", name="fast-as-strided-im2col", source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    xp = np.ascontiguousarray(zero_pad(x, pad))
    sN, sC, sH, sW = xp.strides
    cols = np.lib.stride_tricks.as_strided(
        xp, shape=(N, Ho, Wo, C, F, F), strides=(sN, sH * stride, sW * stride, sC, sH, sW))
    out = cols.reshape(N * Ho * Wo, C * F * F) @ w.reshape(K, C * F * F).T + b
    return out.reshape(N, Ho, Wo, K).transpose(0, 3, 1, 2)
'''),
    Alternative(cell="conv_forward_fast", name="fast-loop-over-filter-taps", source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, Ho, Wo)) + b.reshape(1, K, 1, 1)
    for u in range(F):                 # loops over the filter only, never over N, H or W
        for v in range(F):
            shifted = xp[:, :, u:u + stride * Ho:stride, v:v + stride * Wo:stride]   # N C Ho Wo
            out += np.einsum("nchw,kc->nkhw", shifted, w[:, :, u, v])
    return out
'''),
]

# Round 22: tensordot over the windows; einsum per output position (integer x made float64 first).
ALTERNATIVES += [
    Alternative(cell="conv_forward_fast", name="fast-tensordot-windows", source='''
from numpy.lib.stride_tricks import sliding_window_view


def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    win = sliding_window_view(zero_pad(x, pad), (F, F), axis=(2, 3))[:, :, ::stride, ::stride]
    out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3]))      # (N, H_out, W_out, K)
    return np.moveaxis(out + b, 3, 1)
'''),
    Alternative(cell="conv_forward_naive", name="naive-float32-safe-einsum-per-position", source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(np.asarray(x, dtype=np.float64), pad)
    out = np.empty((N, K, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            patch = xp[:, :, i * stride:i * stride + F, j * stride:j * stride + F]
            out[:, :, i, j] = np.einsum("nchw,kchw->nk", patch, w) + b
    return out
'''),
]
