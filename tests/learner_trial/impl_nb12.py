"""My own answers to notebook 12: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "12_beyond_plain_convolution"

OUT_SIZE = '''
def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    span = D * (F - 1) + 1
    if S < 1 or F < 1 or D < 1 or P < 0 or span > W + 2 * P or (W - span + 2 * P) % S != 0:
        raise ValueError(f"invalid setting W={W}, F={F}, S={S}, P={P}, D={D}")
    return (W - span + 2 * P) // S + 1
'''

# mistake: the bias is added once per input pixel, inside the loop
CONVT_WRONG = '''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    n, c_in, h, wd = x.shape
    _, c_out, fh, fw = w.shape
    big_h = (h - 1) * stride + fh
    big_w = (wd - 1) * stride + fw
    big = np.zeros((n, c_out, big_h, big_w))
    for s in range(n):
        for ci in range(c_in):
            for i in range(h):
                for j in range(wd):
                    for co in range(c_out):
                        big[s, co, i * stride:i * stride + fh, j * stride:j * stride + fw] += (
                            x[s, ci, i, j] * w[ci, co] + b[co])
    return big[:, :, pad:big_h - pad, pad:big_w - pad]
'''
CONVT = CONVT_WRONG.replace(" + b[co])", ")").replace(
    "    return big[:, :, pad:big_h - pad, pad:big_w - pad]",
    "    return big[:, :, pad:big_h - pad, pad:big_w - pad] + b[None, :, None, None]")

# correct variants: einsum per input pixel, and another loop order in float32-safe form
CONVT_EINSUM = '''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    n, c_in, h, wd = x.shape
    c_out, fh, fw = w.shape[1:]
    big = np.zeros((n, c_out, (h - 1) * stride + fh, (wd - 1) * stride + fw))
    for i in range(h):
        for j in range(wd):
            big[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw] += np.einsum(
                "nc,cokl->nokl", x[:, :, i, j], w)
    out = big[:, :, pad:big.shape[2] - pad, pad:big.shape[3] - pad]
    return out + np.asarray(b, dtype=np.float64).reshape(1, -1, 1, 1)
'''

CONVT_TAP_LOOP = '''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    n, c_in, h, wd = x.shape
    c_out, fh, fw = w.shape[1:]
    H = (h - 1) * stride + fh
    W = (wd - 1) * stride + fw
    big = np.zeros((n, c_out, H, W), dtype=np.float64)
    for ky in range(fh):
        for kx in range(fw):
            # every input pixel adds x * w[:, :, ky, kx] at (i * stride + ky, j * stride + kx)
            contrib = np.tensordot(x, w[:, :, ky, kx], axes=([1], [0]))   # (n, h, wd, c_out)
            big[:, :, ky:ky + (h - 1) * stride + 1:stride, kx:kx + (wd - 1) * stride + 1:stride] += \\
                contrib.transpose(0, 3, 1, 2)
    return big[:, :, pad:H - pad, pad:W - pad] + b.reshape(1, c_out, 1, 1)
'''

SEP_COST = '''
def separable_cost(C_in, C_out, F, H_out, W_out):
    std_params = F * F * C_in * C_out
    std_madds = std_params * H_out * W_out
    dw_params = F * F * C_in
    pw_params = C_in * C_out
    sep_params = dw_params + pw_params
    sep_madds = (dw_params + pw_params) * H_out * W_out
    return (std_params, std_madds), (sep_params, sep_madds)
'''

DW_SEP = '''
def depthwise_separable(in_channels, out_channels, stride=1):
    return nn.Sequential(
        nn.Conv2d(in_channels, in_channels, 3, stride, padding=1, groups=in_channels, bias=False),
        nn.BatchNorm2d(in_channels),
        nn.ReLU(),
        nn.Conv2d(in_channels, out_channels, 1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
    )
'''

WRONG = {"conv_output_size_dilated": OUT_SIZE, "conv_transpose_naive": CONVT_WRONG,
         "separable_cost": SEP_COST, "depthwise_separable": DW_SEP}
RIGHT = dict(WRONG, conv_transpose_naive=CONVT)
OTHER = dict(RIGHT, conv_transpose_naive=CONVT_EINSUM)
OTHER2 = dict(RIGHT, conv_transpose_naive=CONVT_TAP_LOOP)
