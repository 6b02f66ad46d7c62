"""Plausible wrong implementations for 12_beyond_plain_convolution.

Each variant is the correct solution with one edit (``_edit`` checks that the
edit applies), so the mistake is visible at a glance and stays in step with
the solution; a few are written out whole where a learner would write
different code (the gather form of the transposed convolution).
"""

from __future__ import annotations

from tests.mistakes import Mistake

NOTEBOOK = "12_beyond_plain_convolution"

DILATED = '''
def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    setting = f"W={W}, F={F}, S={S}, P={P}, D={D}"
    if S < 1 or F < 1 or D < 1 or P < 0:
        raise ValueError(f"invalid dilated conv setting {setting}")
    span = W + 2 * P - (D * (F - 1) + 1)
    if span < 0:
        raise ValueError(f"invalid dilated conv setting {setting}: the filter is larger than the input")
    if span % S != 0:
        raise ValueError(f"invalid dilated conv setting {setting}: not a whole number")
    return span // S + 1
'''

TRANSPOSE = '''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    N, C_in, H, W = x.shape
    _, C_out, FH, FW = w.shape
    full_h, full_w = (H - 1) * stride + FH, (W - 1) * stride + FW
    full = np.zeros((N, C_out, full_h, full_w))
    for n in range(N):
        for ci in range(C_in):
            for i in range(H):
                for j in range(W):
                    full[n, :, i * stride:i * stride + FH, j * stride:j * stride + FW] += x[n, ci, i, j] * w[ci]
    out = full[:, :, pad:full_h - pad, pad:full_w - pad]
    return out + b.reshape(1, -1, 1, 1)
'''

COST = '''
def separable_cost(C_in, C_out, F, H_out, W_out):
    positions = H_out * W_out
    standard = F * F * C_in * C_out
    separable = F * F * C_in + C_in * C_out
    return (standard, standard * positions), (separable, separable * positions)
'''

BLOCK = '''
def depthwise_separable(in_channels, out_channels, stride=1):
    return nn.Sequential(
        nn.Conv2d(in_channels, in_channels, kernel_size=3, stride=stride, padding=1, groups=in_channels, bias=False),
        nn.BatchNorm2d(in_channels),
        nn.ReLU(),
        nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
    )
'''


def _edit(source: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        if source.count(old) < 1:
            raise ValueError(f"mistake edit does not apply: {old!r}")
        source = source.replace(old, new)
    return source


DV, DE = "test_conv_output_size_dilated_values", "test_conv_output_size_dilated_errors"
TV, TG, TU = ("test_conv_transpose_naive_values", "test_conv_transpose_naive_gradient",
              "test_conv_transpose_naive_input_unchanged")
CS, CD = "test_separable_cost_standard", "test_separable_cost_separable"
BL, BF, BS = "test_depthwise_separable_layers", "test_depthwise_separable_forward", "test_depthwise_separable_shapes"

MISTAKES = [
    # ------------------------------------------------------------ conv_output_size_dilated
    Mistake(cell="conv_output_size_dilated", name="dilated-span-d-times-f", loses=[DV],
            source=_edit(DILATED, ("(D * (F - 1) + 1)", "(D * F)"))),
    Mistake(cell="conv_output_size_dilated", name="dilated-ignores-dilation", loses=[DV],
            source=_edit(DILATED, ("(D * (F - 1) + 1)", "F"))),
    Mistake(cell="conv_output_size_dilated", name="dilated-pad-once", loses=[DV],
            source=_edit(DILATED, ("span = W + 2 * P", "span = W + P"))),
    Mistake(cell="conv_output_size_dilated", name="dilated-floors-like-pytorch", loses=[DE], keeps=[DV],
            source=_edit(DILATED, ("    if span % S != 0:\n", "    if False:\n"))),
    Mistake(cell="conv_output_size_dilated", name="dilated-message-without-d", loses=[DE], keeps=[DV],
            source=_edit(DILATED, ('setting = f"W={W}, F={F}, S={S}, P={P}, D={D}"',
                                   'setting = f"W={W}, F={F}, S={S}, P={P}"'))),
    # ------------------------------------------------------------ conv_transpose_naive
    Mistake(cell="conv_transpose_naive", name="transpose-no-bias", loses=[TV, TU], keeps=[TG],
            source=_edit(TRANSPOSE, ("return out + b.reshape(1, -1, 1, 1)", "return out"))),
    Mistake(cell="conv_transpose_naive", name="transpose-pad-not-cropped", loses=[TV, TG],
            source=_edit(TRANSPOSE, ("out = full[:, :, pad:full_h - pad, pad:full_w - pad]", "out = full"))),
    Mistake(cell="conv_transpose_naive", name="transpose-ignores-stride", loses=[TV, TG],
            source=_edit(TRANSPOSE, ("full_h, full_w = (H - 1) * stride + FH, (W - 1) * stride + FW",
                                     "stride = 1\n    full_h, full_w = (H - 1) + FH, (W - 1) + FW"))),
    # a learner's trial (issue 23): the bias added inside the loops, with every input pixel's filter
    Mistake(cell="conv_transpose_naive", name="transpose-bias-per-input-pixel", loses=[TV, TU], keeps=[TG],
            source=_edit(TRANSPOSE, ("+= x[n, ci, i, j] * w[ci]", "+= x[n, ci, i, j] * w[ci] + b.reshape(-1, 1, 1)"),
                         ("return out + b.reshape(1, -1, 1, 1)", "return out"))),
    # reshapes the caller's bias in place (b.shape = ...): right values, a changed argument
    Mistake(cell="conv_transpose_naive", name="transpose-reshapes-bias-in-place", loses=[TU], keeps=[TV, TG],
            source=_edit(TRANSPOSE, ("    return out + b.reshape(1, -1, 1, 1)",
                                     "    b.shape = (1, -1, 1, 1)\n    return out + b"))),
    # the gather form with the filter not flipped: the usual slip when a learner writes it as
    # "zero-insert, pad F - 1 - pad, convolve"
    Mistake(cell="conv_transpose_naive", name="transpose-gather-unflipped", loses=[TV, TG, TU],
            source='''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    N, C_in, H, W = x.shape
    _, C_out, FH, FW = w.shape
    up = np.zeros((N, C_in, (H - 1) * stride + 1, (W - 1) * stride + 1))
    up[:, :, ::stride, ::stride] = x
    ph, pw = FH - 1 - pad, FW - 1 - pad
    up = np.pad(up, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    H_out, W_out = up.shape[2] - FH + 1, up.shape[3] - FW + 1
    out = np.zeros((N, C_out, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = up[:, :, i:i + FH, j:j + FW]
            out[:, :, i, j] = np.einsum("ncab,coab->no", window, w)
    return out + b.reshape(1, -1, 1, 1)
'''),
    # ------------------------------------------------------------ separable_cost
    Mistake(cell="separable_cost", name="cost-with-biases", loses=[CS, CD],
            source=_edit(COST, ("standard = F * F * C_in * C_out\n", "standard = F * F * C_in * C_out + C_out\n"),
                         ("separable = F * F * C_in + C_in * C_out\n",
                          "separable = F * F * C_in + C_in + C_in * C_out + C_out\n"))),
    Mistake(cell="separable_cost", name="cost-pointwise-f-by-f", loses=[CD], keeps=[CS],
            source=_edit(COST, ("separable = F * F * C_in + C_in * C_out", "separable = F * F * C_in + F * F * C_in * C_out"))),
    Mistake(cell="separable_cost", name="cost-depthwise-per-output", loses=[CD], keeps=[CS],
            source=_edit(COST, ("separable = F * F * C_in + C_in * C_out", "separable = F * F * C_in * C_out + C_in * C_out"))),
    Mistake(cell="separable_cost", name="cost-one-position", loses=[CS, CD],
            source=_edit(COST, ("positions = H_out * W_out", "positions = 1"))),
    # ------------------------------------------------------------ depthwise_separable
    Mistake(cell="depthwise_separable", name="block-no-groups", loses=[BL, BF], keeps=[BS],
            source=_edit(BLOCK, (", groups=in_channels", ""))),
    Mistake(cell="depthwise_separable", name="block-stride-on-pointwise", loses=[BL, BF], keeps=[BS],
            source=_edit(BLOCK, ("stride=stride, padding=1", "padding=1"),
                         ("kernel_size=1, bias=False", "kernel_size=1, stride=stride, bias=False"))),
    Mistake(cell="depthwise_separable", name="block-relu-before-bn", loses=[BL, BF], keeps=[BS],
            source=_edit(BLOCK, ("        nn.BatchNorm2d(in_channels),\n        nn.ReLU(),\n",
                                 "        nn.ReLU(),\n        nn.BatchNorm2d(in_channels),\n"))),
    Mistake(cell="depthwise_separable", name="block-no-padding", loses=[BF, BS],
            source=_edit(BLOCK, ("stride=stride, padding=1", "stride=stride"))),
    Mistake(cell="depthwise_separable", name="block-with-biases", loses=[BL],
            source=_edit(BLOCK, ("groups=in_channels, bias=False", "groups=in_channels"),
                         ("kernel_size=1, bias=False", "kernel_size=1"))),
]

# Round 22: rectangular filters cut to F x F (the tests held square filters only); ReLU6 for ReLU.
MISTAKES += [
    Mistake(cell="conv_transpose_naive", name="transpose-square-filter-assumed", loses=[TV],
            source=_edit(TRANSPOSE, ("_, C_out, FH, FW = w.shape", "_, C_out, FH, _ = w.shape\n    FW = FH"),
                         ("x[n, ci, i, j] * w[ci]", "x[n, ci, i, j] * w[ci][:, :FH, :FW]"))),
    Mistake(cell="depthwise_separable", name="block-relu6", loses=["test_depthwise_separable_layers"],
            source=_edit(BLOCK, ("nn.ReLU()", "nn.ReLU6()"))),
]
