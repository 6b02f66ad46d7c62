"""Correct variants for notebook 10 (modern CNNs: VGG blocks, batch norm, residual blocks)."""

from tests.alternatives import Alternative

NOTEBOOK = "10_modern_cnns"

ALTERNATIVES = [
    # ------------------------------------------------------------ vgg_block
    Alternative(cell="vgg_block", name="vgg-ordered-dict", source='''
from collections import OrderedDict


def vgg_block(in_channels, out_channels, num_convs):
    named = OrderedDict()
    channels = in_channels
    for i in range(1, num_convs + 1):
        named[f"conv{i}"] = nn.Conv2d(channels, out_channels, kernel_size=(3, 3), stride=1, padding=(1, 1))
        named[f"relu{i}"] = nn.ReLU()
        channels = out_channels
    named["pool"] = nn.MaxPool2d(2)
    return nn.Sequential(named)
'''),
    Alternative(cell="vgg_block", name="vgg-comprehension-relu-in-place", source='''
def vgg_block(in_channels, out_channels, num_convs):
    inputs = [in_channels] + [out_channels] * (num_convs - 1)
    layers = [m for c in inputs for m in (nn.Conv2d(c, out_channels, 3, 1, 1), nn.ReLU(inplace=True))]
    return nn.Sequential(*layers, nn.MaxPool2d(kernel_size=(2, 2), stride=(2, 2)))
'''),
    Alternative(cell="vgg_block", name="vgg-add-module-while", source='''
def vgg_block(in_channels, out_channels, num_convs):
    block = nn.Sequential()
    i = 0
    while i < num_convs:
        block.add_module(f"conv_{i}", nn.Conv2d(out_channels if i else in_channels, out_channels, 3, padding=1))
        block.add_module(f"act_{i}", nn.ReLU())
        i += 1
    block.add_module("maxpool", nn.MaxPool2d(kernel_size=2, stride=2))
    return block
'''),
    # ------------------------------------------------------------ batchnorm_forward
    Alternative(cell="batchnorm_forward", name="bn-loop-over-channels-manual-sums", source='''
def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):
    N, C, H, W = x.shape
    m = N * H * W
    out = np.empty_like(x)
    new_mean = np.array(running_mean, dtype=np.float64)      # copies
    new_var = np.array(running_var, dtype=np.float64)
    for c in range(C):
        xc = x[:, c, :, :]
        if train:
            mu = xc.sum() / m
            var = ((xc - mu) ** 2).sum() / m
            new_mean[c] = momentum * running_mean[c] + (1 - momentum) * mu
            new_var[c] = momentum * running_var[c] + (1 - momentum) * ((xc - mu) ** 2).sum() / (m - 1)
        else:
            mu, var = running_mean[c], running_var[c]
        out[:, c, :, :] = gamma[c] * (xc - mu) / np.sqrt(var + eps) + beta[c]
    return out, new_mean, new_var
'''),
    Alternative(cell="batchnorm_forward", name="bn-einsum-broadcast-none", source='''
def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):
    if not train:
        mu, var = running_mean, running_var
        new_rm, new_rv = np.copy(running_mean), np.copy(running_var)
    else:
        m = x.size // x.shape[1]
        mu = np.einsum("nchw->c", x) / m
        d = x - mu[None, :, None, None]
        var = np.einsum("nchw,nchw->c", d, d) / m
        new_rm = momentum * running_mean + (1 - momentum) * mu
        new_rv = momentum * running_var + (1 - momentum) * (var * m / (m - 1))
    x_hat = (x - mu[None, :, None, None]) / np.sqrt(var[None, :, None, None] + eps)
    return gamma[None, :, None, None] * x_hat + beta[None, :, None, None], new_rm, new_rv
'''),
    Alternative(cell="batchnorm_forward", name="bn-channels-first-np-var-ddof", source='''
def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):
    N, C, H, W = x.shape
    cols = x.transpose(1, 0, 2, 3).reshape(C, -1)        # one row per channel
    if train:
        mean = np.mean(cols, axis=1)
        var = np.var(cols, axis=1)
        rm = momentum * running_mean + (1 - momentum) * mean
        rv = momentum * running_var + (1 - momentum) * np.var(cols, axis=1, ddof=1)
    else:
        mean, var = running_mean, running_var
        rm, rv = running_mean + 0.0, running_var + 0.0    # new arrays with the same values
    normed = (cols - mean[:, None]) / np.sqrt(var[:, None] + eps)
    out = (gamma[:, None] * normed + beta[:, None]).reshape(C, N, H, W).transpose(1, 0, 2, 3)
    return out, rm, rv
'''),
    # ------------------------------------------------------------ batchnorm_backward
    Alternative(cell="batchnorm_backward", name="bnb-staged-graph", source='''
def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    # the forward pass as a chain of small steps, then each step backwards
    ax = (0, 2, 3)
    m = x.size / x.shape[1]
    mu = x.mean(axis=ax, keepdims=True)
    xmu = x - mu
    var = (xmu ** 2).mean(axis=ax, keepdims=True)
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    dbeta = np.sum(dout, axis=ax)
    dgamma = np.sum(dout * xhat, axis=ax)
    dxhat = dout * gamma[None, :, None, None]
    divar = np.sum(dxhat * xmu, axis=ax, keepdims=True)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar / sqrtvar ** 2
    dvar = 0.5 / sqrtvar * dsqrtvar
    dxmu2 = 2 * xmu * dvar / m
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=ax, keepdims=True)
    dx = dx1 + dmu / m
    return dx, dgamma, dbeta
'''),
    Alternative(cell="batchnorm_backward", name="bnb-channel-rows-einsum", source='''
def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    N, C, H, W = x.shape
    m = N * H * W

    def rows(a):
        return a.transpose(1, 0, 2, 3).reshape(C, m)

    xr, dr = rows(x), rows(dout)
    inv = 1.0 / np.sqrt(xr.var(axis=1) + eps)
    xhat = (xr - xr.mean(axis=1, keepdims=True)) * inv[:, None]
    dbeta = np.einsum("cm->c", dr)
    dgamma = np.einsum("cm,cm->c", dr, xhat)
    dxr = (gamma * inv / m)[:, None] * (m * dr - dbeta[:, None] - xhat * dgamma[:, None])
    dx = dxr.reshape(C, N, H, W).transpose(1, 0, 2, 3)
    return dx, dgamma, dbeta
'''),
    Alternative(cell="batchnorm_backward", name="bnb-loop-over-channels", source='''
def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    C = x.shape[1]
    dx = np.zeros_like(x)
    dgamma = np.zeros(C)
    dbeta = np.zeros(C)
    for c in range(C):
        xc, dc = x[:, c], dout[:, c]
        m = xc.size
        std = np.sqrt(np.var(xc) + eps)
        xhat = (xc - np.mean(xc)) / std
        dbeta[c] = np.sum(dc)
        dgamma[c] = np.sum(dc * xhat)
        g = dc * gamma[c]
        dx[:, c] = (g - np.mean(g) - xhat * np.mean(g * xhat)) / std
    return dx, dgamma, dbeta
'''),
    # ------------------------------------------------------------ BasicBlock
    Alternative(cell="BasicBlock", name="block-sequential-branch-in-place", source='''
class BasicBlock(nn.Module):
    """ResNet's basic block (He et al., 2016): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.residual = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
        )
        self.shortcut = nn.Sequential()     # empty: returns its input
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels))

    def forward(self, x):
        """x: (N, in_channels, H, W) -> (N, out_channels, ceil(H / stride), ceil(W / stride))."""
        out = self.residual(x)
        out += self.shortcut(x)
        return F.relu(out, inplace=True)
'''),
    Alternative(cell="BasicBlock", name="block-downsample-none-created-first", source='''
class BasicBlock(nn.Module):
    """ResNet's basic block (He et al., 2016): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(nn.Conv2d(in_channels, out_channels, (1, 1), (stride, stride), bias=False),
                                            nn.BatchNorm2d(out_channels))
        self.b2 = nn.BatchNorm2d(out_channels)
        self.c2 = nn.Conv2d(out_channels, out_channels, (3, 3), padding=(1, 1), bias=False)
        self.b1 = nn.BatchNorm2d(out_channels)
        self.c1 = nn.Conv2d(in_channels, out_channels, (3, 3), stride=(stride, stride), padding=(1, 1), bias=False)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        """x: (N, in_channels, H, W) -> (N, out_channels, ceil(H / stride), ceil(W / stride))."""
        identity = x if self.downsample is None else self.downsample(x)
        y = self.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return self.relu(y + identity)
'''),
    # lazy modules: the layers learn their input channels on the first forward pass
    Alternative(cell="BasicBlock", name="block-lazy-modules", source='''
class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.LazyConv2d(out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.LazyBatchNorm2d()
        self.conv2 = nn.LazyConv2d(out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.LazyBatchNorm2d()
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.LazyConv2d(out_channels, 1, stride=stride, bias=False),
                                          nn.LazyBatchNorm2d())

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.shortcut is None else self.shortcut(x)))
'''),
    Alternative(cell="BasicBlock", name="block-flag-and-clamp", source='''
class BasicBlock(nn.Module):
    """ResNet's basic block (He et al., 2016): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.project = stride != 1 or in_channels != out_channels
        self.conv_a = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.conv_b = nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=False)
        self.norm_a = nn.BatchNorm2d(out_channels)
        self.norm_b = nn.BatchNorm2d(out_channels)
        if self.project:
            self.proj_conv = nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False)
            self.proj_bn = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        """x: (N, in_channels, H, W) -> (N, out_channels, ceil(H / stride), ceil(W / stride))."""
        skip = self.proj_bn(self.proj_conv(x)) if self.project else x
        h = torch.relu(self.norm_a(self.conv_a(x)))
        h = self.norm_b(self.conv_b(h))
        return torch.clamp(h + skip, min=0)
'''),
]

# Round 22: MaxPool2d(2) (the stride defaults to the kernel size) and list.extend.
ALTERNATIVES += [
    Alternative(cell="vgg_block", name="vgg-maxpool-default-stride-extend", source='''
def vgg_block(in_channels, out_channels, num_convs):
    layers = [nn.Conv2d(in_channels, out_channels, (3, 3), padding=(1, 1)), nn.ReLU()]
    for _ in range(num_convs - 1):
        layers.extend([nn.Conv2d(out_channels, out_channels, 3, 1, 1), nn.ReLU()])
    layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)
'''),
]

# Round 22: the variance as E[x^2] - E[x]^2.
ALTERNATIVES += [
    Alternative(cell="batchnorm_forward", name="bn-moments-e-x2", source='''
def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):
    axes = (0, 2, 3)
    if train:
        m = x.shape[0] * x.shape[2] * x.shape[3]
        mean = x.mean(axis=axes)
        var = (x * x).mean(axis=axes) - mean * mean
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var * m / (m - 1)
    else:
        mean, var = running_mean, running_var
        running_mean, running_var = running_mean.copy(), running_var.copy()
    x_hat = (x - mean.reshape(1, -1, 1, 1)) / np.sqrt(var.reshape(1, -1, 1, 1) + eps)
    out = gamma.reshape(1, -1, 1, 1) * x_hat + beta.reshape(1, -1, 1, 1)
    return out, running_mean, running_var
'''),
]
