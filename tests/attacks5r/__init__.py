"""Red team round 5 (issue 20's residuals): points earned without the work, and the notebooks that earned them.

Each entry is a course solution with some exercise cells replaced (tests.course.filled), graded through
the real grader. The kinds:

- side aspects of a stub: a function that checks its arguments (and raises ValueError where the
  settings are invalid) but computes nothing, returning zeros or its input of the right shape, used to
  earn the "inputs unchanged" and "errors" cells (and 11's values cell, which any window of the padded
  image satisfied, x itself included). Those cells now credit their aspect only on a call that also
  returns the right value (cnnlib.checks.works, call_unchanged(..., expect=...)).
- a learner-reported metric: 06's overfitting test counted the accuracy the network's own forward
  pass reported, so a network that remembers the labels loss() was shown scored it. The accuracy is
  now measured with the reference forward pass on the parameters the steps left.
- gradients by probing the forward pass, every channel at once: 10's cost check had many channels and
  few positions per channel; it now has two channels and 65,536 positions each.

{student: (notebook, {solution grade_id: source}, {test grade_ids that must score 0}, words shown)}.
SIDE_ATTACKS is graded in tests/test_course.py's class run (CATALOGUED, a few, to keep it short); the
others were graded once, before and after the fix (the numbers are in the branch's report).
"""

from __future__ import annotations

# ---- shared stub pieces: validate like the solution, compute nothing ------------------------------------
_CONV2D_STUB = '''
def _geometry(image, kernel, stride, padding):
    """(H_out, W_out), or ValueError naming W, F, S and P: the checks of the exercise, nothing more."""
    H, W = np.shape(image)
    FH, FW = np.shape(kernel)
    if isinstance(padding, str):
        if padding not in ("valid", "same", "full"):
            raise ValueError(f"unknown padding {padding!r}")
        if padding == "same" and (FH % 2 == 0 or FW % 2 == 0):
            raise ValueError("'same' needs an odd kernel")
        pads = {"valid": (0, 0), "same": ((FH - 1) // 2, (FW - 1) // 2), "full": (FH - 1, FW - 1)}[padding]
    else:
        pads = (padding, padding)
    out = []
    for n, f, p in ((H, FH, pads[0]), (W, FW, pads[1])):
        if stride < 1 or p < 0 or f > n + 2 * p or (n - f + 2 * p) % stride:
            raise ValueError(f"invalid: W={n}, F={f}, S={stride}, P={p}")
        out.append((n - f + 2 * p) // stride + 1)
    return tuple(out)


def convolve2d(image, kernel, stride=1, padding=0):
    return np.zeros(_geometry(image, kernel, stride, padding))
'''

_CONV_FORWARD_STUB = '''
def {name}(x, w, b, stride=1, pad=0):
    N, _, H, W = x.shape
    K, _, FH, FW = w.shape
    return np.zeros((N, K, conv_output_size(H, FH, stride, pad), conv_output_size(W, FW, stride, pad)))
'''

_POOL_STUB = '''
def {name}(x, size=2, stride=2):
    N, C, H, W = x.shape
    return np.zeros((N, C, output_size(H, size, stride), output_size(W, size, stride)))
'''

_MEMORISING_NET = '''
class SimpleConvNet:
    """Initialised like the solution; forward and loss compute nothing: loss remembers the labels it
    is shown, forward answers them back for the images it has seen."""

    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):
        C, H, W = input_shape
        self.pad = (filter_size - 1) // 2
        self.num_classes = num_classes
        self.seen = {}
        rng = np.random.default_rng(seed)
        F1, F2 = num_filters
        K = filter_size
        D = F2 * (H // 4) * (W // 4)
        self.params = {"W1": rng.standard_normal((F1, C, K, K)) * np.sqrt(2.0 / (C * K * K)), "b1": np.zeros(F1),
                       "W2": rng.standard_normal((F2, F1, K, K)) * np.sqrt(2.0 / (F1 * K * K)), "b2": np.zeros(F2),
                       "W3": rng.standard_normal((D, num_classes)) * np.sqrt(2.0 / D), "b3": np.zeros(num_classes)}

    def forward(self, x):
        scores = np.zeros((len(x), self.num_classes))
        for i, image in enumerate(x):
            if image.tobytes() in self.seen:
                scores[i, self.seen[image.tobytes()]] = 10.0
        return scores

    def loss(self, x, y):
        for image, label in zip(x, y):
            self.seen[image.tobytes()] = int(label)
        return 1.0, {name: np.zeros_like(p) for name, p in self.params.items()}
'''

_BN_PROBE = '''
def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    """dx, dgamma, dbeta found by probing the forward pass: every channel at once (channels are
    independent), two forward passes per position of a channel; dgamma and dbeta in two passes each."""
    x = np.asarray(x, dtype=np.float64)
    dout = np.asarray(dout, dtype=np.float64)
    gamma, beta = np.asarray(gamma, dtype=np.float64), np.asarray(beta, dtype=np.float64)

    def f(xx, g, b):
        mean = xx.mean(axis=(0, 2, 3), keepdims=True)
        var = xx.var(axis=(0, 2, 3), keepdims=True)
        return g.reshape(1, -1, 1, 1) * (xx - mean) / np.sqrt(var + eps) + b.reshape(1, -1, 1, 1)

    def per_channel(out):
        return (out * dout).sum(axis=(0, 2, 3))

    h = 1e-5
    N, C, H, W = x.shape
    dx = np.zeros_like(x)
    xp = x.copy()
    for n in range(N):
        for i in range(H):
            for j in range(W):
                old = xp[n, :, i, j].copy()
                xp[n, :, i, j] = old + h
                plus = per_channel(f(xp, gamma, beta))
                xp[n, :, i, j] = old - h
                minus = per_channel(f(xp, gamma, beta))
                xp[n, :, i, j] = old
                dx[n, :, i, j] = (plus - minus) / (2 * h)
    dx -= dx.mean(axis=(0, 2, 3), keepdims=True)   # the exact gradient sums to 0 per channel
    dgamma = (per_channel(f(x, gamma + h, beta)) - per_channel(f(x, gamma - h, beta))) / (2 * h)
    dbeta = (per_channel(f(x, gamma, beta + h)) - per_channel(f(x, gamma, beta - h))) / (2 * h)
    return dx, dgamma, dbeta
'''

GATE = "counts only for a function that computes its result"

SIDE_ATTACKS: dict[str, tuple[str, dict[str, str], set[str], str]] = {
    "s01-stubs": ("01_images_and_kernels", {
        "to_grayscale": "def to_grayscale(rgb):\n    return np.zeros(np.shape(rgb)[:2])\n",
        "convolve2d": _CONV2D_STUB,
    }, {"test_to_grayscale_input_unchanged", "test_convolve2d_errors", "test_convolve2d_input_unchanged"}, GATE),
    "s02-stubs": ("02_conv_layer", {
        "zero_pad": "def zero_pad(x, pad):\n    N, C, H, W = x.shape\n    return np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n",
        "conv_forward_naive": _CONV_FORWARD_STUB.format(name="conv_forward_naive"),
        "conv_forward_fast": _CONV_FORWARD_STUB.format(name="conv_forward_fast"),
    }, {"test_zero_pad_input_unchanged", "test_conv_forward_naive_errors", "test_conv_forward_naive_input_unchanged",
        "test_conv_forward_fast_errors", "test_conv_forward_fast_input_unchanged"}, GATE),
    "s03-stubs": ("03_relu_and_pooling", {
        "relu": "def relu(x):\n    return np.zeros(np.shape(x))\n",
        "max_pool": _POOL_STUB.format(name="max_pool"),
        "avg_pool": _POOL_STUB.format(name="avg_pool"),
    }, {"test_relu_input_unchanged", "test_max_pool_errors", "test_max_pool_input_unchanged", "test_avg_pool_errors",
        "test_avg_pool_input_unchanged"}, GATE),
    "s04-stubs": ("04_fully_connected_and_softmax", {
        "flatten": "def flatten(x):\n    return np.zeros((len(x), int(np.prod(np.shape(x)[1:]))))\n",
        "affine_forward": "def affine_forward(x, w, b):\n    return np.zeros((len(x), np.shape(w)[1]))\n",
        "softmax": "def softmax(scores):\n    return np.zeros(np.shape(scores))\n",
        "cross_entropy_loss": "def cross_entropy_loss(scores, y):\n    return 0.0\n",
        "squared_error": "def squared_error(probs, targets):\n    return 0.0\n",
    }, {"test_flatten_input_unchanged", "test_affine_forward_input_unchanged", "test_softmax_input_unchanged",
        "test_cross_entropy_loss_input_unchanged", "test_squared_error_input_unchanged"}, GATE),
    "s05-stubs": ("05_backprop", {
        "affine_backward": "def affine_backward(dout, x, w, b):\n"
                           "    return np.zeros(np.shape(x)), np.zeros(np.shape(w)), np.zeros(np.shape(b))\n",
        "relu_backward": "def relu_backward(dout, x):\n    return np.zeros(np.shape(x))\n",
        "max_pool_backward": "def max_pool_backward(dout, x, size=2, stride=2):\n    return np.zeros(np.shape(x))\n",
        "conv_backward_naive": "def conv_backward_naive(dout, x, w, b, stride=1, pad=0):\n"
                               "    return np.zeros(np.shape(x)), np.zeros(np.shape(w)), np.zeros(np.shape(b))\n",
        "cross_entropy_backward": "def cross_entropy_backward(scores, y):\n    return np.zeros(np.shape(scores))\n",
    }, {"test_affine_backward_input_unchanged", "test_relu_backward_input_unchanged",
        "test_max_pool_backward_input_unchanged", "test_conv_backward_naive_input_unchanged",
        "test_cross_entropy_backward_input_unchanged"}, GATE),
    "s06-memorise": ("06_numpy_cnn", {
        "SimpleConvNet": _MEMORISING_NET,
    }, {"test_overfit_small_batch", "test_SimpleConvNet_input_unchanged"}, GATE),
    "s06-sgd-moves": ("06_numpy_cnn", {
        "sgd_momentum": "def sgd_momentum(params, grads, velocity, lr, momentum):\n"
                        "    for name in params:\n        params[name] += 1.0\n",
    }, {"test_sgd_momentum_input_unchanged"}, "the right params and velocity"),
    "s07-moves": ("07_lenet", {
        "train_one_epoch": ("def train_one_epoch(model, loader, optimizer, device):\n"
                            "    for x, y in loader:\n"
                            "        model(x.to(device))\n"
                            "    return 0.0\n"),
    }, {"test_train_one_epoch_device"}, "moving the batches counts only for a function that trains"),
    "s08-float": ("08_alexnet_gpu", {
        "train_step": ("def train_step(model, x, y, optimizer, device, scaler=None):\n"
                       "    model.train()\n"
                       "    model(x.to(device))\n"
                       "    return 0.0\n"),
    }, {"test_train_step_loss_type", "test_train_step_mode"}, "a float counts only when it is this batch's loss"),
    "s09-stubs": ("09_what_cnns_learn", {
        "receptive_field": ("def receptive_field(layers):\n"
                            "    for k, s, p in layers:\n"
                            "        if k < 1 or s < 1 or p < 0:\n"
                            "            raise ValueError(f'invalid layer {(k, s, p)}')\n"
                            "    return [(0, 0, 0.0) for _ in layers]\n"),
        "occlusion_map": ("def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):\n"
                          "    if x.ndim != 3:\n"
                          "        raise ValueError(f'one image (C, H, W), got {tuple(x.shape)}')\n"
                          "    _, H, W = x.shape\n"
                          "    if patch > min(H, W) or (H - patch) % stride or (W - patch) % stride:\n"
                          "        raise ValueError(f'squares do not tile H={H}, W={W}')\n"
                          "    return np.zeros(((H - patch) // stride + 1, (W - patch) // stride + 1))\n"),
        "saliency": ("def saliency(model, x, target):\n"
                     "    if x.ndim != 3:\n"
                     "        raise ValueError(f'one image (C, H, W), got {tuple(x.shape)}')\n"
                     "    return np.zeros(tuple(x.shape[1:]))\n"),
    }, {"test_receptive_field_errors", "test_receptive_field_input_unchanged", "test_occlusion_map_inputs",
        "test_occlusion_map_errors", "test_saliency_inputs", "test_saliency_eval", "test_saliency_errors"}, GATE),
    "s10-stubs": ("10_modern_cnns", {
        "batchnorm_forward": ("def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):\n"
                              "    return np.array(x, dtype=np.float64), np.array(running_mean), np.array(running_var)\n"),
        "batchnorm_backward": ("def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):\n"
                               "    return np.zeros(np.shape(x)), np.zeros(np.shape(gamma)), np.zeros(np.shape(beta))\n"),
    }, {"test_batchnorm_forward_input_unchanged", "test_batchnorm_backward_input_unchanged"}, GATE),
    "s11-identity": ("11_cnns_in_practice", {
        "random_crop_flip": "def random_crop_flip(x, pad, rng):\n    return np.array(x, dtype=np.float64)\n",
        "grad_cam": ("def grad_cam(model, layer, x, target):\n"
                     "    return np.zeros(tuple(x.shape[-2:]))\n"),
        "fgsm": "def fgsm(model, x, y, eps):\n    return x.detach().clone()\n",
    }, {"test_random_crop_flip_values", "test_random_crop_flip_input_unchanged", "test_grad_cam_input_unchanged",
        "test_fgsm_input_unchanged"}, "whether every image came back as it was"),
    "s12-stubs": ("12_beyond_plain_convolution", {
        "conv_transpose_naive": ("def conv_transpose_naive(x, w, b, stride=1, pad=0):\n"
                                 "    N, _, H, W = x.shape\n"
                                 "    _, C_out, FH, FW = w.shape\n"
                                 "    return np.zeros((N, C_out, (H - 1) * stride - 2 * pad + FH, (W - 1) * stride - 2 * pad + FW))\n"),
    }, {"test_conv_transpose_naive_input_unchanged"}, GATE),
}

# gradients by probing the forward pass, every channel at once (COST_ATTACKS' shape, tests/clean_room_attacks.py)
PROBE_ATTACKS: dict[str, tuple[str, dict[str, str], set[str], str]] = {
    "c10-probe-channels": ("10_modern_cnns", {"batchnorm_backward": _BN_PROBE},
                           {"test_batchnorm_backward_dx"}, "too slow for x (64, 2, 32, 32)"),
}

# not defended (grader/README.md, the judge's threat model (1)): a network that lies about its structure keeps
# the structure cell; nothing it computes is right, so every cell that checks values stays at 0
_ALEXNET_LIE = '''
class AlexNet(nn.Module):
    """Holds nothing and computes nothing; named_parameters reports AlexNet's shapes."""

    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        convs = [(96, in_channels, 11), (256, 96, 5), (384, 256, 3), (384, 384, 3), (256, 384, 3)]
        fcs = [(4096, 9216), (4096, 4096), (num_classes, 4096)]
        self.shapes = [s for k, c, f in convs for s in ((k, c, f, f), (k,))] + [s for o, i in fcs for s in ((o, i), (o,))]

    def named_parameters(self, *args, **kwargs):
        for i, shape in enumerate(self.shapes):
            yield f"p{i}", nn.Parameter(torch.empty(shape, device="meta"))

    def forward(self, x):
        raise NotImplementedError
'''

STRUCTURE_LIES: dict[str, tuple[str, dict[str, str], set[str], str]] = {
    "n08-params-lie": ("08_alexnet_gpu", {"AlexNet": _ALEXNET_LIE}, {"test_AlexNet_forward", "test_AlexNet_layers"}, ""),
}

# the ones tests/test_course.py grades in its class run (one of each kind; the run stays short)
CATALOGUED = ("s03-stubs", "s06-memorise", "s09-stubs", "s11-identity")
