"""Plausible wrong implementations for 10_modern_cnns.

Each variant is the correct solution with one edit (``_edit`` checks that the
edit applies), so the mistake is visible at a glance and stays in step with
the solution.
"""

from __future__ import annotations

from tests.mistakes import Mistake

NOTEBOOK = "10_modern_cnns"

VGG = '''
def vgg_block(in_channels, out_channels, num_convs):
    layers = []
    for i in range(num_convs):
        layers.append(nn.Conv2d(in_channels if i == 0 else out_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)
'''

BN_FORWARD = '''
def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):
    axes = (0, 2, 3)
    if train:
        m = x.shape[0] * x.shape[2] * x.shape[3]
        mean = x.mean(axis=axes)
        var = x.var(axis=axes)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var * m / (m - 1)
    else:
        mean, var = running_mean, running_var
        running_mean, running_var = running_mean.copy(), running_var.copy()
    x_hat = (x - mean.reshape(1, -1, 1, 1)) / np.sqrt(var.reshape(1, -1, 1, 1) + eps)
    out = gamma.reshape(1, -1, 1, 1) * x_hat + beta.reshape(1, -1, 1, 1)
    return out, running_mean, running_var
'''

BN_BACKWARD = '''
def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    axes = (0, 2, 3)
    m = x.shape[0] * x.shape[2] * x.shape[3]
    mean = x.mean(axis=axes, keepdims=True)
    s = 1.0 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    x_hat = (x - mean) * s
    dbeta = dout.sum(axis=axes)
    dgamma = (dout * x_hat).sum(axis=axes)
    dx_hat = dout * gamma.reshape(1, -1, 1, 1)
    dx = s / m * (m * dx_hat - dx_hat.sum(axis=axes, keepdims=True)
                  - x_hat * (dx_hat * x_hat).sum(axis=axes, keepdims=True))
    return dx, dgamma, dbeta
'''

BLOCK = '''
class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(out_channels))
        else:
            self.shortcut = nn.Identity()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))
'''


def _edit(source: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        if source.count(old) < 1:
            raise ValueError(f"mistake edit does not apply: {old!r}")
        source = source.replace(old, new)
    return source


VL, VF = "test_vgg_block_layers", "test_vgg_block_forward"
FT, FR, FE = "test_batchnorm_forward_train", "test_batchnorm_forward_running", "test_batchnorm_forward_eval"
FU = "test_batchnorm_forward_input_unchanged"
BP, BX, BU = "test_batchnorm_backward_params", "test_batchnorm_backward_dx", "test_batchnorm_backward_input_unchanged"
KS, KP, KF, KZ = ("test_BasicBlock_shapes", "test_BasicBlock_parameters", "test_BasicBlock_forward",
                  "test_BasicBlock_zero_gamma")

MISTAKES = [
    # ------------------------------------------------------------ vgg_block
    Mistake(cell="vgg_block", name="vgg-no-padding", loses=[VL, VF],
            source=_edit(VGG, ("kernel_size=3, padding=1", "kernel_size=3"))),
    Mistake(cell="vgg_block", name="vgg-every-conv-reads-in-channels", loses=[VL, VF],
            source=_edit(VGG, ("in_channels if i == 0 else out_channels", "in_channels"))),
    Mistake(cell="vgg_block", name="vgg-no-relu-after-last-conv", loses=[VL, VF],
            source=_edit(VGG, ("        layers.append(nn.ReLU())\n",
                               "        if i < num_convs - 1:\n            layers.append(nn.ReLU())\n"))),
    Mistake(cell="vgg_block", name="vgg-pool-stride-1", loses=[VL, VF],
            source=_edit(VGG, ("nn.MaxPool2d(kernel_size=2, stride=2)", "nn.MaxPool2d(kernel_size=2, stride=1)"))),
    Mistake(cell="vgg_block", name="vgg-one-conv-short", loses=[VL],
            source=_edit(VGG, ("range(num_convs)", "range(num_convs - 1)"))),
    # ------------------------------------------------------------ batchnorm_forward
    Mistake(cell="batchnorm_forward", name="bn-statistics-over-all-axes", loses=[FT],
            source=_edit(BN_FORWARD, ("mean = x.mean(axis=axes)", "mean = x.mean() * np.ones(x.shape[1])"),
                         ("var = x.var(axis=axes)", "var = x.var() * np.ones(x.shape[1])"))),
    Mistake(cell="batchnorm_forward", name="bn-unbiased-variance-in-normalisation", loses=[FT],
            source=_edit(BN_FORWARD, ("var = x.var(axis=axes)", "var = x.var(axis=axes, ddof=1)"),
                         ("var * m / (m - 1)", "var"))),
    Mistake(cell="batchnorm_forward", name="bn-eps-outside-sqrt", loses=[FT],
            source=_edit(BN_FORWARD, ("np.sqrt(var.reshape(1, -1, 1, 1) + eps)", "(np.sqrt(var.reshape(1, -1, 1, 1)) + eps)"))),
    Mistake(cell="batchnorm_forward", name="bn-biased-running-variance", loses=[FR],
            source=_edit(BN_FORWARD, ("var * m / (m - 1)", "var"))),
    Mistake(cell="batchnorm_forward", name="bn-momentum-weighs-batch", loses=[FR],
            source=_edit(BN_FORWARD,
                         ("momentum * running_mean + (1 - momentum) * mean", "(1 - momentum) * running_mean + momentum * mean"),
                         ("momentum * running_var + (1 - momentum) * var", "(1 - momentum) * running_var + momentum * var"))),
    Mistake(cell="batchnorm_forward", name="bn-running-updated-in-place", loses=[FU], keeps=[FT, FR, FE],
            source=_edit(BN_FORWARD,
                         ("        running_mean = momentum * running_mean + (1 - momentum) * mean\n"
                          "        running_var = momentum * running_var + (1 - momentum) * var * m / (m - 1)\n",
                          "        running_mean *= momentum\n        running_mean += (1 - momentum) * mean\n"
                          "        running_var *= momentum\n        running_var += (1 - momentum) * var * m / (m - 1)\n"))),
    Mistake(cell="batchnorm_forward", name="bn-eval-uses-batch-statistics", loses=[FE],
            source=_edit(BN_FORWARD, ("        mean, var = running_mean, running_var\n",
                                      "        mean, var = x.mean(axis=axes), x.var(axis=axes)\n"))),
    Mistake(cell="batchnorm_forward", name="bn-eval-returns-the-input-arrays", loses=[FU], keeps=[FT, FR, FE],
            source=_edit(BN_FORWARD, ("        running_mean, running_var = running_mean.copy(), running_var.copy()\n",
                                      ""))),
    Mistake(cell="batchnorm_forward", name="bn-eval-returns-views", loses=[FU], keeps=[FT, FR, FE],
            source=_edit(BN_FORWARD, ("        running_mean, running_var = running_mean.copy(), running_var.copy()\n",
                                      "        running_mean, running_var = running_mean[:], running_var[:]\n"))),
    # the inputs stay alone, but that point counts only on a call with right results (a stub would leave them too)
    Mistake(cell="batchnorm_forward", name="bn-running-var-plus-eps", loses=[FR, FU], keeps=[FT, FE],
            source=_edit(BN_FORWARD, ("var * m / (m - 1)", "(var * m / (m - 1) + eps)"))),
    # ------------------------------------------------------------ batchnorm_backward
    Mistake(cell="batchnorm_backward", name="bnb-dx-hat-reuses-dout", loses=[BU], keeps=[BP, BX],
            source=_edit(BN_BACKWARD, ("    dx_hat = dout * gamma.reshape(1, -1, 1, 1)\n",
                                       "    dx_hat = dout                        # the caller's array, not a copy\n"
                                       "    dx_hat *= gamma.reshape(1, -1, 1, 1)\n"))),
    Mistake(cell="batchnorm_backward", name="bnb-dx-ignores-statistics", loses=[BX],
            source=_edit(BN_BACKWARD, ("""    dx = s / m * (m * dx_hat - dx_hat.sum(axis=axes, keepdims=True)
                  - x_hat * (dx_hat * x_hat).sum(axis=axes, keepdims=True))""", "    dx = dx_hat * s"))),
    Mistake(cell="batchnorm_backward", name="bnb-dx-without-gamma", loses=[BX],
            source=_edit(BN_BACKWARD, ("dx_hat = dout * gamma.reshape(1, -1, 1, 1)", "dx_hat = dout"))),
    Mistake(cell="batchnorm_backward", name="bnb-dx-drops-variance-path", loses=[BX],
            source=_edit(BN_BACKWARD, ("\n                  - x_hat * (dx_hat * x_hat).sum(axis=axes, keepdims=True))", ")"))),
    Mistake(cell="batchnorm_backward", name="bnb-dgamma-is-sum-of-dout", loses=[BP],
            source=_edit(BN_BACKWARD, ("dgamma = (dout * x_hat).sum(axis=axes)", "dgamma = dout.sum(axis=axes)"))),
    Mistake(cell="batchnorm_backward", name="bnb-dbeta-averaged", loses=[BP],
            source=_edit(BN_BACKWARD, ("dbeta = dout.sum(axis=axes)", "dbeta = dout.mean(axis=axes)"))),
    Mistake(cell="batchnorm_backward", name="bnb-m-is-batch-size", loses=[BX],
            source=_edit(BN_BACKWARD, ("m = x.shape[0] * x.shape[2] * x.shape[3]", "m = x.shape[0]"))),
    # ------------------------------------------------------------ BasicBlock
    Mistake(cell="BasicBlock", name="block-relu-before-sum", loses=[KF, KZ],
            source=_edit(BLOCK, ("return F.relu(out + self.shortcut(x))", "return F.relu(out) + self.shortcut(x)"))),
    Mistake(cell="BasicBlock", name="block-no-final-relu", loses=[KF, KZ],
            source=_edit(BLOCK, ("return F.relu(out + self.shortcut(x))", "return out + self.shortcut(x)"))),
    Mistake(cell="BasicBlock", name="block-no-shortcut", loses=[KF, KZ],
            source=_edit(BLOCK, ("return F.relu(out + self.shortcut(x))", "return F.relu(out)"))),
    Mistake(cell="BasicBlock", name="block-always-projects", loses=[KP, KZ],
            source=_edit(BLOCK, ("if stride != 1 or in_channels != out_channels:", "if True:"))),
    Mistake(cell="BasicBlock", name="block-stride-on-second-conv", loses=[KF],
            source=_edit(BLOCK, ("self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride,",
                                 "self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=1,"),
                         ("nn.Conv2d(out_channels, out_channels, 3, stride=1,",
                          "nn.Conv2d(out_channels, out_channels, 3, stride=stride,"))),
    Mistake(cell="BasicBlock", name="block-convolutions-with-bias", loses=[KP],
            source=_edit(BLOCK, ("padding=1, bias=False)", "padding=1)"))),
    Mistake(cell="BasicBlock", name="block-projection-without-bn", loses=[KP, KF],
            source=_edit(BLOCK, ("""            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(out_channels))""",
                                 "            self.shortcut = nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)"))),
    Mistake(cell="BasicBlock", name="block-projects-only-on-stride", loses=[KS, KP],
            source=_edit(BLOCK, ("if stride != 1 or in_channels != out_channels:", "if stride != 1:"))),
]

# Round 22: the running variance corrected with N instead of m = N * H * W, eps left out of the backward
# pass, the unbiased variance in the backward pass, a 3x3 projection.
MISTAKES += [
    Mistake(cell="batchnorm_forward", name="bn-running-var-corrected-with-n", loses=["test_batchnorm_forward_running"],
            source=_edit(BN_FORWARD, ("m = x.shape[0] * x.shape[2] * x.shape[3]", "m = x.shape[0]"))),
    Mistake(cell="batchnorm_backward", name="bnb-eps-forgotten", loses=["test_batchnorm_backward_dx"],
            source=_edit(BN_BACKWARD, ("np.sqrt(x.var(axis=axes, keepdims=True) + eps)", "np.sqrt(x.var(axis=axes, keepdims=True))"))),
    Mistake(cell="batchnorm_backward", name="bnb-unbiased-variance", loses=["test_batchnorm_backward_dx"],
            source=_edit(BN_BACKWARD, ("x.var(axis=axes, keepdims=True) + eps", "x.var(axis=axes, keepdims=True, ddof=1) + eps"))),
    Mistake(cell="BasicBlock", name="block-projection-3x3", loses=[KP],
            source=_edit(BLOCK, ("nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)",
                                 "nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)"))),
]
