"""Correct variants for notebook 12 (dilated, transposed and depthwise-separable convolutions)."""

from tests.alternatives import Alternative

NOTEBOOK = "12_beyond_plain_convolution"

ALTERNATIVES = [
    # ------------------------------------------------------------ conv_output_size_dilated
    Alternative(cell="conv_output_size_dilated", name="dilated-effective-filter-divmod", source='''
def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    where = f"(W={W}, F={F}, S={S}, P={P}, D={D})"
    if min(S, F, D) < 1 or P < 0:
        raise ValueError("bad hyperparameters " + where)
    F_eff = (F - 1) * D + 1
    steps, rest = divmod(W - F_eff + 2 * P, S)
    if steps < 0 or rest:
        raise ValueError("the filter does not fit a whole number of times " + where)
    return steps + 1
'''),
    Alternative(cell="conv_output_size_dilated", name="dilated-float-is-integer", source='''
def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    msg = "W={}, F={}, S={}, P={}, D={}".format(W, F, S, P, D)
    if S <= 0 or F <= 0 or D <= 0 or P < 0:
        raise ValueError("invalid: " + msg)
    out = (W + 2 * P - D * (F - 1) - 1) / S + 1
    if out < 1 or not float(out).is_integer():
        raise ValueError(f"output size {out} is not a whole number >= 1 for " + msg)
    return int(out)
'''),
    Alternative(cell="conv_output_size_dilated", name="dilated-count-positions", source='''
def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    if S < 1 or F < 1 or D < 1 or P < 0:
        raise ValueError(f"invalid setting W={W}, F={F}, S={S}, P={P}, D={D}")
    taps = [a * D for a in range(F)]           # where the filter's taps read, from its left edge
    width = W + 2 * P
    positions = 0
    start = 0
    while start + taps[-1] < width:
        positions += 1
        start += S
    if positions == 0 or (start - S) + taps[-1] != width - 1:
        raise ValueError(f"invalid setting W={W}, F={F}, S={S}, P={P}, D={D}: the last window does not end "
                         "on the last pixel")
    return positions
'''),
    # ------------------------------------------------------------ conv_transpose_naive
    Alternative(cell="conv_transpose_naive", name="transpose-gather-flipped-einsum", source='''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    # zero-insert the input, pad it with F - 1 - pad, then correlate with the flipped filter
    N, C_in, H, W = x.shape
    _, C_out, FH, FW = w.shape
    up = np.zeros((N, C_in, (H - 1) * stride + 1, (W - 1) * stride + 1))
    up[:, :, ::stride, ::stride] = x
    ph, pw = FH - 1 - pad, FW - 1 - pad
    if ph >= 0 and pw >= 0:
        up = np.pad(up, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    else:
        up = np.pad(up, ((0, 0), (0, 0), (max(ph, 0),) * 2, (max(pw, 0),) * 2))
        up = up[:, :, max(-ph, 0):up.shape[2] - max(-ph, 0), max(-pw, 0):up.shape[3] - max(-pw, 0)]
    flipped = w[:, :, ::-1, ::-1]
    H_out, W_out = up.shape[2] - FH + 1, up.shape[3] - FW + 1
    out = np.empty((N, C_out, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = np.einsum("ncab,coab->no", up[:, :, i:i + FH, j:j + FW], flipped)
    return out + b[None, :, None, None]
'''),
    Alternative(cell="conv_transpose_naive", name="transpose-loop-over-taps", source='''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    x = np.asarray(x, dtype=np.float64)
    N, C_in, H, W = x.shape
    C_out, FH, FW = w.shape[1:]
    full = np.zeros((N, C_out, (H - 1) * stride + FH, (W - 1) * stride + FW))
    for a in range(FH):
        for c in range(FW):
            # tap (a, c) of every filter lands at rows a, a + stride, ... of the full output
            full[:, :, a:a + stride * H:stride, c:c + stride * W:stride] += np.einsum("nihw,io->nohw", x, w[:, :, a, c])
    H_out, W_out = full.shape[2] - 2 * pad, full.shape[3] - 2 * pad
    return full[:, :, pad:pad + H_out, pad:pad + W_out] + b.reshape(-1, 1, 1)
'''),
    Alternative(cell="conv_transpose_naive", name="transpose-per-output-pixel", source='''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    N, C_in, H, W = x.shape
    C_out, FH, FW = w.shape[1], w.shape[2], w.shape[3]
    H_out = (H - 1) * stride - 2 * pad + FH
    W_out = (W - 1) * stride - 2 * pad + FW
    out = np.zeros((N, C_out, H_out, W_out), dtype=np.float64)
    for y in range(H_out):
        for z in range(W_out):
            # which input pixels (i, j) and taps (a, c) land here: i * stride - pad + a == y
            for i in range(H):
                a = y + pad - i * stride
                if not 0 <= a < FH:
                    continue
                for j in range(W):
                    c = z + pad - j * stride
                    if 0 <= c < FW:
                        out[:, :, y, z] += x[:, :, i, j] @ w[:, :, a, c]
    for o in range(C_out):
        out[:, o] += b[o]
    return out
'''),
    # ------------------------------------------------------------ separable_cost
    Alternative(cell="separable_cost", name="cost-lists", source='''
def separable_cost(C_in, C_out, F, H_out, W_out):
    n = H_out * W_out
    depthwise = F * F * C_in
    pointwise = C_in * C_out
    return [[F * F * C_in * C_out, F * F * C_in * C_out * n], [depthwise + pointwise, (depthwise + pointwise) * n]]
'''),
    Alternative(cell="separable_cost", name="cost-per-layer-helper", source='''
def conv_cost(kernel, c_in, c_out, groups, positions):
    weights = kernel * kernel * (c_in // groups) * c_out
    return weights, weights * positions


def separable_cost(C_in, C_out, F, H_out, W_out):
    positions = H_out * W_out
    standard = conv_cost(F, C_in, C_out, 1, positions)
    dw = conv_cost(F, C_in, C_in, C_in, positions)
    pw = conv_cost(1, C_in, C_out, 1, positions)
    return standard, (dw[0] + pw[0], dw[1] + pw[1])
'''),
    Alternative(cell="separable_cost", name="cost-numpy-ints", source='''
def separable_cost(C_in, C_out, F, H_out, W_out):
    shape = np.array([C_in, C_out, F, H_out, W_out], dtype=np.int64)
    c_in, c_out, f, h, w = shape
    params = np.array([f * f * c_in * c_out, f * f * c_in + c_in * c_out])
    madds = params * h * w
    return (params[0], madds[0]), (params[1], madds[1])
'''),
    # ------------------------------------------------------------ depthwise_separable
    Alternative(cell="depthwise_separable", name="block-ordered-dict", source='''
from collections import OrderedDict


def depthwise_separable(in_channels, out_channels, stride=1):
    return nn.Sequential(OrderedDict([
        ("dw", nn.Conv2d(in_channels, in_channels, (3, 3), (stride, stride), (1, 1), groups=in_channels, bias=False)),
        ("dw_bn", nn.BatchNorm2d(in_channels)),
        ("dw_relu", nn.ReLU(inplace=True)),
        ("pw", nn.Conv2d(in_channels, out_channels, (1, 1), bias=False)),
        ("pw_bn", nn.BatchNorm2d(out_channels)),
        ("pw_relu", nn.ReLU(inplace=True)),
    ]))
'''),
    Alternative(cell="depthwise_separable", name="block-append-same-padding", source='''
def depthwise_separable(in_channels, out_channels, stride=1):
    block = nn.Sequential()
    padding = "same" if stride == 1 else 1
    block.append(nn.Conv2d(in_channels, in_channels, 3, stride=stride, padding=padding, groups=in_channels,
                           bias=False))
    block.append(nn.BatchNorm2d(in_channels))
    block.append(nn.ReLU())
    block.append(nn.Conv2d(in_channels, out_channels, 1, bias=False))
    block.append(nn.BatchNorm2d(out_channels))
    block.append(nn.ReLU())
    return block
'''),
    Alternative(cell="depthwise_separable", name="block-sequential-subclass", source='''
class DepthwiseSeparable(nn.Sequential):
    def __init__(self, cin, cout, stride):
        depthwise = [nn.Conv2d(cin, cin, kernel_size=3, stride=stride, padding=1, groups=cin, bias=False),
                     nn.BatchNorm2d(cin), nn.ReLU()]
        pointwise = [nn.Conv2d(cin, cout, kernel_size=1, stride=1, padding=0, bias=False),
                     nn.BatchNorm2d(cout), nn.ReLU()]
        super().__init__(*depthwise, *pointwise)


def depthwise_separable(in_channels, out_channels, stride=1):
    return DepthwiseSeparable(in_channels, out_channels, stride)
'''),
]

# Round 22: np.add.at per filter tap; nn.Sequential.append with ReLU(inplace=True); math.prod.
ALTERNATIVES += [
    Alternative(cell="conv_transpose_naive", name="transpose-np-add-at", source='''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    N, C_in, H, W = x.shape
    _, C_out, FH, FW = w.shape
    Ho, Wo = (H - 1) * stride - 2 * pad + FH, (W - 1) * stride - 2 * pad + FW
    out = np.zeros((N, C_out, Ho, Wo))
    for u in range(FH):
        for v in range(FW):
            rows = np.arange(H) * stride - pad + u
            cols = np.arange(W) * stride - pad + v
            keep_r, keep_c = (rows >= 0) & (rows < Ho), (cols >= 0) & (cols < Wo)
            contrib = np.einsum("nchw,cd->ndhw", x[:, :, keep_r][:, :, :, keep_c], w[:, :, u, v])
            np.add.at(out, (slice(None), slice(None), rows[keep_r][:, None], cols[keep_c][None, :]), contrib)
    return out + b[None, :, None, None]
'''),
    Alternative(cell="depthwise_separable", name="block-relu-in-place", source='''
def depthwise_separable(in_channels, out_channels, stride=1):
    block = nn.Sequential()
    block.append(nn.Conv2d(in_channels, in_channels, 3, stride, 1, groups=in_channels, bias=False))
    block.append(nn.BatchNorm2d(in_channels))
    block.append(nn.ReLU(inplace=True))
    block.append(nn.Conv2d(in_channels, out_channels, 1, bias=False))
    block.append(nn.BatchNorm2d(out_channels))
    block.append(nn.ReLU(inplace=True))
    return block
'''),
    Alternative(cell="separable_cost", name="cost-math-prod", source='''
import math


def separable_cost(C_in, C_out, F, H_out, W_out):
    std = math.prod((F, F, C_in, C_out))
    sep = math.prod((F, F, C_in)) + math.prod((C_in, C_out))
    return ((std, std * H_out * W_out), (sep, sep * H_out * W_out))
'''),
]
