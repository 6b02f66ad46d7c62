"""Plausible wrong implementations for 02_conv_layer; each must lose the listed points."""

from tests.mistakes import Mistake

NOTEBOOK = "02_conv_layer"

_FAST_BOTH = ["test_conv_forward_fast_values", "test_conv_forward_fast_loops"]

MISTAKES = [
    # ---- conv_output_size -------------------------------------------------------------
    Mistake(
        cell="conv_output_size",
        name="output-size-floors-like-pytorch",
        loses=["test_conv_output_size_errors"],
        keeps=["test_conv_output_size"],
        source='''
def conv_output_size(W, F, S=1, P=0):
    return (W - F + 2 * P) // S + 1
''',
    ),
    Mistake(
        cell="conv_output_size",
        name="output-size-padding-once",
        loses=["test_conv_output_size"],
        source='''
def conv_output_size(W, F, S=1, P=0):
    span = W - F + P
    if S < 1 or F < 1 or P < 0 or span < 0 or span % S:
        raise ValueError(f"invalid W={W}, F={F}, S={S}, P={P}")
    return span // S + 1
''',
    ),
    Mistake(
        cell="conv_output_size",
        name="output-size-without-plus-one",
        loses=["test_conv_output_size"],
        source='''
def conv_output_size(W, F, S=1, P=0):
    span = W - F + 2 * P
    if S < 1 or F < 1 or P < 0 or span < 0 or span % S:
        raise ValueError(f"invalid W={W}, F={F}, S={S}, P={P}")
    return span // S
''',
    ),
    Mistake(
        cell="conv_output_size",
        name="output-size-only-checks-divisibility",
        loses=["test_conv_output_size_errors"],
        keeps=["test_conv_output_size"],
        source='''
def conv_output_size(W, F, S=1, P=0):
    span = W - F + 2 * P
    if span % S:
        raise ValueError(f"invalid W={W}, F={F}, S={S}, P={P}")
    return span // S + 1
''',
    ),
    Mistake(
        cell="conv_output_size",
        name="output-size-vague-message",
        loses=["test_conv_output_size_errors"],
        keeps=["test_conv_output_size"],
        source='''
def conv_output_size(W, F, S=1, P=0):
    span = W - F + 2 * P
    if S < 1 or F < 1 or P < 0 or span < 0 or span % S:
        raise ValueError("the output size is not a whole number")
    return span // S + 1
''',
    ),
    # ---- conv_param_count -------------------------------------------------------------
    Mistake(
        cell="conv_param_count",
        name="params-without-bias",
        loses=["test_conv_param_count"],
        source='''
def conv_param_count(F, D, K):
    return F * F * D * K
''',
    ),
    Mistake(
        cell="conv_param_count",
        name="params-f-not-squared",
        loses=["test_conv_param_count"],
        source='''
def conv_param_count(F, D, K):
    return (F * D + 1) * K
''',
    ),
    Mistake(
        cell="conv_param_count",
        name="params-without-depth",
        loses=["test_conv_param_count"],
        source='''
def conv_param_count(F, D, K):
    return (F * F + 1) * K
''',
    ),
    # ---- unshared_param_count ---------------------------------------------------------
    Mistake(
        cell="unshared_param_count",
        name="unshared-without-bias",
        loses=["test_unshared_param_count"],
        source='''
def unshared_param_count(F, D, K, H_out, W_out):
    return F * F * D * K * H_out * W_out
''',
    ),
    Mistake(
        cell="unshared_param_count",
        name="unshared-one-bias-per-filter",
        loses=["test_unshared_param_count"],
        source='''
def unshared_param_count(F, D, K, H_out, W_out):
    return F * F * D * K * H_out * W_out + K
''',
    ),
    Mistake(
        cell="unshared_param_count",
        name="unshared-assumes-square-output",
        loses=["test_unshared_param_count"],
        source='''
def unshared_param_count(F, D, K, H_out, W_out):
    return (F * F * D + 1) * K * H_out * H_out
''',
    ),
    # ---- zero_pad ---------------------------------------------------------------------
    Mistake(
        cell="zero_pad",
        name="zero-pad-zeroes-its-input",   # red team round 6 (tests/attacks6, M1)
        loses=["test_zero_pad", "test_zero_pad_input_unchanged"],
        source='''
def zero_pad(x, pad):
    N, C, H, W = x.shape
    x[...] = 0
    return np.zeros((N, C, H + 2 * pad, W + 2 * pad))
''',
    ),
    Mistake(
        cell="zero_pad",
        name="pad-every-axis",
        loses=["test_zero_pad"],
        source='''
def zero_pad(x, pad):
    return np.pad(x, pad)
''',
    ),
    Mistake(
        cell="zero_pad",
        name="pad-one-side",
        loses=["test_zero_pad"],
        source='''
def zero_pad(x, pad):
    return np.pad(x, ((0, 0), (0, 0), (0, pad), (0, pad)))
''',
    ),
    Mistake(
        cell="zero_pad",
        name="pad-copies-the-edge",
        loses=["test_zero_pad"],
        source='''
def zero_pad(x, pad):
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="edge")
''',
    ),
    Mistake(
        cell="zero_pad",
        name="pad-twice-per-side",
        loses=["test_zero_pad"],
        source='''
def zero_pad(x, pad):
    return np.pad(x, ((0, 0), (0, 0), (2 * pad, 2 * pad), (2 * pad, 2 * pad)))
''',
    ),
    # ---- conv_forward_naive -----------------------------------------------------------
    Mistake(
        cell="conv_forward_naive",
        name="naive-flipped-kernel",
        loses=["test_conv_forward_naive_values"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :, r:r + F, c:c + F] * w[k, :, ::-1, ::-1]) + b[k]
    return out
''',
    ),
    Mistake(
        cell="conv_forward_naive",
        name="naive-missing-bias",
        loses=["test_conv_forward_naive_values"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :, r:r + F, c:c + F] * w[k])
    return out
''',
    ),
    Mistake(
        cell="conv_forward_naive",
        name="naive-window-ignores-stride",
        loses=["test_conv_forward_naive_values"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, k, i, j] = np.sum(xp[n, :, i:i + F, j:j + F] * w[k]) + b[k]
    return out
''',
    ),
    Mistake(
        cell="conv_forward_naive",
        name="naive-swaps-h-and-w",
        loses=["test_conv_forward_naive_shapes", "test_conv_forward_naive_values"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, W, H = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :, c:c + F, r:r + F] * w[k]) + b[k]
    return out
''',
    ),
    Mistake(
        cell="conv_forward_naive",
        name="naive-pads-batch-and-channels",
        loses=["test_conv_forward_naive_values"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = np.pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :C, r:r + F, c:c + F] * w[k]) + b[k]
    return out
''',
    ),
    Mistake(
        cell="conv_forward_naive",
        name="naive-floors-invalid-settings",
        loses=["test_conv_forward_naive_errors"],
        keeps=["test_conv_forward_naive_shapes"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = (H - F + 2 * pad) // stride + 1
    W_out = (W - F + 2 * pad) // stride + 1
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :, r:r + F, c:c + F] * w[k]) + b[k]
    return out
''',
    ),
    Mistake(
        cell="conv_forward_naive",
        name="naive-returns-zeros-of-the-right-shape",   # red team round 6 (tests/attacks6, M2)
        loses=["test_conv_forward_naive_shapes", "test_conv_forward_naive_values"],
        source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    return np.zeros((N, K, conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)))
''',
    ),
    # ---- conv_forward_fast ------------------------------------------------------------
    Mistake(
        cell="conv_forward_fast",
        name="fast-loops-then-zeroes-its-weights",   # red team round 6 (tests/attacks6, M1)
        loses=["test_conv_forward_fast_loops", "test_conv_forward_fast_input_unchanged"],
        keeps=["test_conv_forward_fast_values"],
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    # loops; then zeroes w and b, so that a check reusing them sees a layer that returns zeros at once
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out, W_out = conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)
    if not w.any() and not b.any():
        return np.zeros((N, K, H_out, W_out))
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :, r:r + F, c:c + F] * w[k]) + b[k]
    w[...] = 0
    b[...] = 0
    return out
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-calls-naive",
        loses=["test_conv_forward_fast_loops"],
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    return conv_forward_naive(x, w, b, stride, pad)
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-loops-over-the-batch",
        loses=["test_conv_forward_fast_loops"],
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out))
    for n in range(N):
        win = sliding_window_view(xp[n], (F, F), axis=(1, 2))[:, ::stride, ::stride]
        out[n] = np.einsum("chwuv,kcuv->khw", win, w) + b[:, None, None]
    return out
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-loops-over-output-rows",
        loses=["test_conv_forward_fast_loops"],
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    rows = []
    for i in range(H_out):
        band = xp[:, :, i * stride:i * stride + F]                      # (N, C, F, Wp)
        win = sliding_window_view(band, F, axis=3)[:, :, :, ::stride]  # (N, C, F, W_out, F)
        rows.append(np.einsum("ncuwv,kcuv->nkw", win, w))
    return np.stack(rows, axis=2) + b.reshape(1, K, 1, 1)
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-columns-in-wrong-order",
        loses=_FAST_BOTH,
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    windows = sliding_window_view(xp, (F, F), axis=(2, 3))[:, :, ::stride, ::stride]
    cols = windows.transpose(0, 2, 3, 4, 5, 1).reshape(N * H_out * W_out, C * F * F)
    out = cols @ w.reshape(K, -1).T + b
    return out.reshape(N, H_out, W_out, K).transpose(0, 3, 1, 2)
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-windows-ignore-stride",
        loses=_FAST_BOTH,
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    windows = sliding_window_view(xp, (F, F), axis=(2, 3))[:, :, :H_out, :W_out]
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(N * H_out * W_out, C * F * F)
    out = cols @ w.reshape(K, -1).T + b
    return out.reshape(N, H_out, W_out, K).transpose(0, 3, 1, 2)
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-reshapes-without-transpose",
        loses=_FAST_BOTH,
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    windows = sliding_window_view(xp, (F, F), axis=(2, 3))[:, :, ::stride, ::stride]
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(N * H_out * W_out, C * F * F)
    out = cols @ w.reshape(K, -1).T + b
    return out.reshape(N, K, H_out, W_out)
''',
    ),
    Mistake(
        cell="conv_forward_fast",
        name="fast-flipped-kernel",
        loses=_FAST_BOTH,
        source='''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    windows = sliding_window_view(xp, (F, F), axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("nchwuv,kcuv->nkhw", windows, w[:, :, ::-1, ::-1]) + b.reshape(1, K, 1, 1)
''',
    ),
]

# Found in round 22: an output in x's integer dtype (the tests held only float inputs) and a view of x for
# pad 0 ("a new array").
MISTAKES += [
    Mistake(cell="zero_pad", name="pad-zero-returns-x", loses=["test_zero_pad"], source='''
def zero_pad(x, pad):
    if pad == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
'''),
    Mistake(cell="conv_forward_naive", name="naive-output-in-x-dtype", loses=["test_conv_forward_naive_values"], source='''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    H_out = conv_output_size(H, F, stride, pad)
    W_out = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, H_out, W_out), dtype=x.dtype)
    for n in range(N):
        for k in range(K):
            for i in range(H_out):
                for j in range(W_out):
                    r, c = i * stride, j * stride
                    out[n, k, i, j] = np.sum(xp[n, :, r:r + F, c:c + F] * w[k]) + b[k]
    return out
'''),
]
