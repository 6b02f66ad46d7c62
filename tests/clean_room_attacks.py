"""Red-team submissions that borrowed answers no spelling rule reads (branches `attack` and `attack3`,
tests/attacks*): each is the released notebook with only these solution cells changed. tests/test_course.py grades them
in its class run; under the clean room (grader/integrity/cleanroom.py) each scores what its honest part earns,
nothing (every graded exercise cell is the borrowing), and the learner reads why.

{student: (notebook, {solution grade_id: source}, words the autograded notebook must show)}
"""

from __future__ import annotations

ATTACKS: dict[str, tuple[str, dict[str, str], str]] = {
    # cnnlib.layers' reference answers through importlib and assembled names
    "x03-importlib": ("03_relu_and_pooling", {
        "relu": ("import importlib\n_L = importlib.import_module('cnnlib.' + 'lay' + 'ers')\n"
                 "def relu(x):\n    return getattr(_L, 'relu_' + 'forward')(x)\n"),
        "max_pool": ("def max_pool(x, size=2, stride=2):\n"
                     "    return getattr(_L, 'max_pool_' + 'forward')(x, size, stride)\n"),
        "avg_pool": ("def avg_pool(x, size=2, stride=2):\n"
                     "    return getattr(_L, 'avg_pool_' + 'forward')(x, size, stride)\n"),
    }, "cnnlib.layers.relu_forward is a reference answer of 03_relu_and_pooling"),
    # the notebook's own test helper (autograd's gradients of any forward pass) and PyTorch
    "x05-torch-grads": ("05_backprop", {
        "affine_backward": ("def affine_backward(dout, x, w, b):\n"
                            "    return tuple(torch_grads(lambda x, w, b: x.reshape(x.shape[0], -1) @ w + b, dout, x, w, b))\n"),
        "relu_backward": "def relu_backward(dout, x):\n    return torch_grads(torch.relu, dout, x)[0]\n",
        "max_pool_backward": ("def max_pool_backward(dout, x, size=2, stride=2):\n"
                              "    return torch_grads(lambda x: F.max_pool2d(x, size, stride), dout, x)[0]\n"),
        "conv_backward_naive": ("def conv_backward_naive(dout, x, w, b, stride=1, pad=0):\n"
                                "    return tuple(torch_grads(lambda x, w, b: F.conv2d(x, w, b, stride=stride, "
                                "padding=pad), dout, x, w, b))\n"),
        "cross_entropy_backward": ("def cross_entropy_backward(scores, y):\n"
                                   "    return torch_grads(lambda s: F.cross_entropy(s, torch.as_tensor(y)), 1.0, "
                                   "scores)[0]\n"),
    }, "does not run while 05_backprop is graded"),
    # cnnlib.training's reference loops through reversed names on the module the setup cell imports
    "x07-reversed": ("07_lenet", {
        "train_one_epoch": ("def train_one_epoch(model, loader, optimizer, device):\n"
                            "    return getattr(training, 'hcope_niart'[::-1])(model, loader, optimizer, device)\n"),
        "evaluate": ("def evaluate(model, loader, device):\n"
                     "    return getattr(training, 'ycarucca_etaulave'[::-1])(model, loader, device)\n"),
    }, "cnnlib.training.train_epoch is a reference answer of 07_lenet"),
    # round 3: answers in cnnlib that the table did not list (the widgets, predict, BasicBlock, conv backward)
    "x01-widget": ("01_images_and_kernels", {
        "convolve2d": ("from cnnlib.sliding_window import sliding_steps\n\n\n"
                       "def convolve2d(image, kernel, stride=1, padding=0):\n"
                       "    _, steps = sliding_steps(image, kernel, stride, padding)\n"
                       "    h, w = steps[-1].i + 1, steps[-1].j + 1\n"
                       "    return np.array([s.value for s in steps], dtype=np.float64).reshape(h, w)\n"),
    }, "cnnlib.sliding_window.sliding_steps is a reference answer of 01_images_and_kernels"),
    "x07-predict": ("07_lenet", {
        "evaluate": ("from cnnlib import training as _tr\n\n\n"
                     "def evaluate(model, loader, device):\n"
                     "    model.eval()\n"
                     "    y_true, y_pred = _tr.predict(model, loader, device)\n"
                     "    return float((y_true == y_pred).mean()) if len(y_true) else 0.0\n"),
    }, "cnnlib.training.predict is a reference answer of 07_lenet"),
    "x10-block": ("10_modern_cnns", {
        "BasicBlock": "from cnnlib import transfer as _t\n\n\nclass BasicBlock(_t.BasicBlock):\n    pass\n",
    }, "cnnlib.transfer.BasicBlock is a reference answer of 10_modern_cnns"),
    "x12-convT": ("12_beyond_plain_convolution", {
        "conv_transpose_naive": ("from cnnlib import layers as _L\n\n\n"
                                 "def conv_transpose_naive(x, w, b, stride=1, pad=0):\n"
                                 "    N, C_in, H, W = x.shape\n"
                                 "    _, C_out, FH, FW = w.shape\n"
                                 "    Ho, Wo = (H - 1) * stride - 2 * pad + FH, (W - 1) * stride - 2 * pad + FW\n"
                                 "    dx, _, _ = _L.conv_backward(np.asarray(x, dtype=np.float64), np.zeros((N, C_out, Ho, Wo)),\n"
                                 "                                np.asarray(w, dtype=np.float64), np.zeros(C_in), stride, pad)\n"
                                 "    return dx + np.asarray(b, dtype=np.float64).reshape(1, -1, 1, 1)\n"),
    }, "cnnlib.layers.conv_backward is a reference answer of 12_beyond_plain_convolution"),
    # round 4: a class kept real for the course's own cells (c.CleanRoom.keep), reached through an instance
    "x11-type": ("11_cnns_in_practice", {
        "resnet18": ("def resnet18(num_classes=1000):\n"
                     "    from cnnlib import transfer as _t\n"
                     "    return type(_t.pretrained_digits())(num_classes=num_classes)\n"),
    }, "cnnlib.transfer.ResNet is a reference answer of 11_cnns_in_practice"),
    # round 5: other notebooks' training and accuracy loops (tests/attacks5), and a reference reached through
    # the package function that calls it (training.fit's default epoch is train_epoch)
    "x07-loss-curve": ("07_lenet", {
        "train_one_epoch": ("import importlib\n\n\n"
                            "def train_one_epoch(model, loader, optimizer, device):\n"
                            "    ex = importlib.import_module('cnnlib.' + 'experiments')\n"
                            "    losses = ex.loss_curve(model, loader, optimizer, device, steps=len(loader))\n"
                            "    sizes = [len(y) for _, y in loader]\n"
                            "    return float(np.dot(losses, sizes) / sum(sizes))\n"),
        "evaluate": ("def evaluate(model, loader, device):\n"
                     "    acc = getattr(importlib.import_module('cnnlib.' + 'transfer'), 'acc' + 'uracy')\n"
                     "    xs, ys = zip(*[(x, y) for x, y in loader])\n"
                     "    return float(acc(model, torch.cat(xs).to(device), torch.cat(ys).to(device)))\n"),
    }, "cnnlib.experiments.loss_curve is a reference answer of 07_lenet"),
    "x08-fit": ("08_alexnet_gpu", {
        "train_step": ("def train_step(model, x, y, optimizer, device, scaler=None):\n"
                       "    from cnnlib import training as _tr\n"
                       "    history = _tr.fit(model, [(x, y)], None, epochs=1, optimizer=optimizer, device=device)\n"
                       "    return float(history.train_loss[-1])\n"),
    }, "cnnlib.training.train_epoch is a reference answer of 08_alexnet_gpu"),
}

# Red team rounds 3 and 5 (branch attack3, tests/attacks5): the work done some other way than the exercise asks: loops the line
# counter cannot follow (cnnlib.inspection.Untraceable), gradients by probing the forward pass, which only
# the cost on a large input shows (checks.call_within, timed by the judge): the solutions with these cells
# changed. {student: (notebook, {solution grade_id: source}, {test grade_id that must score 0}, words shown)}
COST_ATTACKS: dict[str, tuple[str, dict[str, str], set[str], str]] = {
    # the loop version in a thread: the line counter traces only the calling thread
    "c02-thread": ("02_conv_layer", {
        "conv_forward_fast": ("import threading\n\n\n"
                              "def conv_forward_fast(x, w, b, stride=1, pad=0):\n"
                              "    box = []\n"
                              "    t = threading.Thread(target=lambda: box.append(conv_forward_naive(x, w, b, stride, pad)))\n"
                              "    t.start()\n"
                              "    t.join()\n"
                              "    return box[0]\n"),
    }, {"test_conv_forward_fast_loops"}, "conv_forward_fast starts a thread"),
    # gradients by central differences of the forward pass (the course's own numeric_gradient)
    "c05-numeric": ("05_backprop", {
        "relu_backward": ("def relu_backward(dout, x):\n"
                          "    x = np.array(x, dtype=np.float64)\n"
                          "    return checks.numeric_gradient(relu_forward, x.copy(), dout) * (x != 0)\n"),
        "cross_entropy_backward": ("def cross_entropy_backward(scores, y):\n"
                                   "    return checks.numeric_gradient(lambda s: cross_entropy_loss(s, y),\n"
                                   "                                   np.array(scores, dtype=np.float64))\n"),
    }, {"test_relu_backward", "test_cross_entropy_backward", "test_cross_entropy_backward_stable"},
        "relu_backward: too slow for x (500, 500)"),
    # round 5: the loops on a thread pool's worker started before the call (the call only waits for it)
    "c02-pool": ("02_conv_layer", {
        "conv_forward_fast": ("from concurrent.futures import ThreadPoolExecutor\n"
                              "_pool = ThreadPoolExecutor(1)\n"
                              "_pool.submit(int).result()\n\n\n"
                              "def conv_forward_fast(x, w, b, stride=1, pad=0):\n"
                              "    return _pool.submit(conv_forward_naive, x, w, b, stride, pad).result()\n"),
    }, {"test_conv_forward_fast_loops"}, "conv_forward_fast waits for another thread"),
    # round 5, row 9: the loop over output positions run by C (itertools.product, map, starmap): no Python
    # line per position, but a call of np.tensordot (NumPy's dispatcher and body) per position
    "c02-cmap": ("02_conv_layer", {
        "conv_forward_fast": ("import itertools\n\n\n"
                              "def conv_forward_fast(x, w, b, stride=1, pad=0):\n"
                              "    N, C, H, W = x.shape\n"
                              "    K, _, F, _ = w.shape\n"
                              "    Ho, Wo = conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)\n"
                              "    win = sliding_window_view(zero_pad(x, pad), (F, F), axis=(2, 3))[:, :, ::stride, ::stride]\n"
                              "    cells = map(win.transpose(0, 2, 3, 1, 4, 5).__getitem__,\n"
                              "                itertools.product(range(N), range(Ho), range(Wo)))\n"
                              "    axes = itertools.repeat(([0, 1, 2], [1, 2, 3]))\n"
                              "    out = np.array(list(itertools.starmap(np.tensordot, zip(cells, itertools.repeat(w), axes))))\n"
                              "    return out.reshape(N, Ho, Wo, K).transpose(0, 3, 1, 2) + b[None, :, None, None]\n"),
    }, {"test_conv_forward_fast_loops"}, "conv_forward_fast: has a loop that grows with the input"),
    # round 5, row 8's residual: the naive loops on a thread started before the call, which only hands over
    # its inputs (a list: no lock) and spins in C until the result is there (a sleep lets the thread run)
    "c02-spin": ("02_conv_layer", {
        "conv_forward_fast": ("import collections\nimport itertools\nimport operator\nimport threading\nimport time\n\n"
                              "_inbox, _outbox = [], []\n\n\n"
                              "def _poller():\n"
                              "    while True:\n"
                              "        if _inbox:\n"
                              "            try:\n"
                              "                _outbox.append(conv_forward_naive(*_inbox.pop()))\n"
                              "            except Exception as exc:  # an invalid setting: raised by the caller\n"
                              "                _outbox.append(exc)\n"
                              "        time.sleep(0.001)\n\n\n"
                              "threading.Thread(target=_poller, daemon=True).start()\n\n\n"
                              "def conv_forward_fast(x, w, b, stride=1, pad=0):\n"
                              "    _inbox.append((x, w, b, stride, pad))\n"
                              "    steps = zip(map(len, itertools.repeat(_outbox)), map(time.sleep, itertools.repeat(0.0005)))\n"
                              "    collections.deque(itertools.takewhile(operator.not_, map(operator.itemgetter(0), steps)),\n"
                              "                      maxlen=0)\n"
                              "    out = _outbox.pop()\n"
                              "    if isinstance(out, Exception):\n"
                              "        raise out\n"
                              "    return out\n"),
    }, {"test_conv_forward_fast_loops"}, "conv_forward_fast waits while another thread runs the notebook"),
    # round 5, row 10's kind: an answer of 1.5 million empty lists, under the value bound, cost the grading
    # worker 31 s of CPU and 1.2 GB to parse before it was refused; the lists and dicts are counted first now
    "w03-containers": ("03_relu_and_pooling", {
        "avg_pool": "def avg_pool(x, size=2, stride=2):\n    return [[] for _ in range(1_500_000)]\n",
    }, {"test_avg_pool_shapes", "test_avg_pool_errors", "test_avg_pool_values", "test_avg_pool_input_unchanged"},
        "the message holds more than 100,000 lists and dicts"),
    # round 5: probes that reuse structure: conv_backward_naive's dx from unit inputs of one image (the same
    # for every image of the batch), the loss's gradient by a complex step one column at a time (rows apart)
    "c05-probe": ("05_backprop", {
        "conv_backward_naive": (
            "from numpy.lib.stride_tricks import sliding_window_view as _swv\n\n\n"
            "def _conv(x, w, b, stride, pad):\n"
            "    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(pad, pad), (pad, pad)])\n"
            "    win = _swv(xp, w.shape[-2:], axis=(-2, -1))[..., ::stride, ::stride, :, :]\n"
            "    return np.einsum('...cijuv,kcuv->...kij', win, w) + b[:, None, None]\n\n\n"
            "def conv_backward_naive(dout, x, w, b, stride=1, pad=0):\n"
            "    dx = np.zeros_like(x, dtype=float)\n"
            "    for idx in np.ndindex(x.shape[1:]):\n"
            "        e = np.zeros((1,) + x.shape[1:])\n"
            "        e[(0,) + idx] = 1.0\n"
            "        col = _conv(e, w, np.zeros_like(b), stride, pad)[0]\n"
            "        dx[(slice(None),) + idx] = np.einsum('kij,nkij->n', col, dout)\n"
            "    dw = np.zeros_like(w, dtype=float)\n"
            "    for idx in np.ndindex(w.shape):\n"
            "        e = np.zeros_like(w, dtype=float)\n"
            "        e[idx] = 1.0\n"
            "        dw[idx] = np.sum(_conv(x, e, np.zeros_like(b), stride, pad) * dout)\n"
            "    return dx, dw, np.asarray(dout).sum(axis=(0, 2, 3))\n"),
        "cross_entropy_backward": (
            "def cross_entropy_backward(scores, y):\n"
            "    s = np.asarray(scores, dtype=float)\n"
            "    N, C = s.shape\n"
            "    def rows(t):\n"
            "        m = t.real.max(axis=1, keepdims=True)\n"
            "        return -(t - m - np.log(np.exp(t - m).sum(axis=1, keepdims=True)))[np.arange(N), y]\n"
            "    g = np.empty_like(s)\n"
            "    for c in range(C):\n"
            "        t = s.astype(complex)\n"
            "        t[:, c] += 1e-30j\n"
            "        g[:, c] = rows(t).imag / 1e-30\n"
            "    return g / N\n"),
    }, {"test_conv_backward_naive", "test_conv_backward_naive_stride_pad", "test_cross_entropy_backward",
        "test_cross_entropy_backward_stable"}, "conv_backward_naive: too slow for x (1, 16, 64, 64)"),
    # issue 20 (branch probe22): SimpleConvNet's gradients by central differences of its own scores on the
    # tests' few images, two forward passes per parameter (exact where the scores are linear in it: right to
    # 1e-6 on the tests' networks, minutes on MNIST's size); the backward pass only for training batches
    "c06-probe": ("06_numpy_cnn", {
        "SimpleConvNet": (
            "class SimpleConvNet:\n"
            "    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5, num_classes=10):\n"
            "        C, H, W = input_shape\n"
            "        if filter_size % 2 == 0 or H % 4 or W % 4:\n"
            "            raise ValueError(f'filter_size={filter_size}, input_shape={input_shape}')\n"
            "        self.pad = (filter_size - 1) // 2\n"
            "        rng = np.random.default_rng(seed)\n"
            "        (F1, F2), K = num_filters, filter_size\n"
            "        D = F2 * (H // 4) * (W // 4)\n"
            "        self.params = {'W1': rng.standard_normal((F1, C, K, K)) * np.sqrt(2.0 / (C * K * K)),\n"
            "                       'b1': np.zeros(F1),\n"
            "                       'W2': rng.standard_normal((F2, F1, K, K)) * np.sqrt(2.0 / (F1 * K * K)),\n"
            "                       'b2': np.zeros(F2),\n"
            "                       'W3': rng.standard_normal((D, num_classes)) * np.sqrt(2.0 / D),\n"
            "                       'b3': np.zeros(num_classes)}\n\n"
            "    def forward(self, x):\n"
            "        p = self.params\n"
            "        h = L.max_pool_forward(L.relu_forward(L.conv_forward(x, p['W1'], p['b1'], 1, self.pad)), 2, 2)\n"
            "        h = L.max_pool_forward(L.relu_forward(L.conv_forward(h, p['W2'], p['b2'], 1, self.pad)), 2, 2)\n"
            "        return L.affine_forward(h, p['W3'], p['b3'])\n\n"
            "    def loss(self, x, y):\n"
            "        if len(x) > 4:   # training batches: the backward pass (probing them would take hours)\n"
            "            p = self.params\n"
            "            a1 = L.conv_forward(x, p['W1'], p['b1'], 1, self.pad)\n"
            "            r1 = L.relu_forward(a1)\n"
            "            p1 = L.max_pool_forward(r1, 2, 2)\n"
            "            a2 = L.conv_forward(p1, p['W2'], p['b2'], 1, self.pad)\n"
            "            r2 = L.relu_forward(a2)\n"
            "            p2 = L.max_pool_forward(r2, 2, 2)\n"
            "            scores = L.affine_forward(p2, p['W3'], p['b3'])\n"
            "            g = {}\n"
            "            dscores = L.cross_entropy_backward(scores, y)\n"
            "            dp2, g['W3'], g['b3'] = L.affine_backward(dscores, p2, p['W3'], p['b3'])\n"
            "            da2 = L.relu_backward(L.max_pool_backward(dp2, r2, 2, 2), a2)\n"
            "            dp1, g['W2'], g['b2'] = L.conv_backward(da2, p1, p['W2'], p['b2'], 1, self.pad)\n"
            "            da1 = L.relu_backward(L.max_pool_backward(dp1, r1, 2, 2), a1)\n"
            "            _, g['W1'], g['b1'] = L.conv_backward(da1, x, p['W1'], p['b1'], 1, self.pad)\n"
            "            return L.cross_entropy_loss(scores, y), g\n"
            "        scores = self.forward(x)\n"
            "        dscores = L.cross_entropy_backward(scores, y)\n"
            "        grads = {}\n"
            "        for name, v in self.params.items():\n"
            "            h = 1.0 if name in ('W3', 'b3') else 1e-4   # the scores are linear in W3 and b3\n"
            "            g = np.zeros_like(v)\n"
            "            for idx in np.ndindex(v.shape):\n"
            "                old = v[idx]\n"
            "                v[idx] = old + h\n"
            "                up = self.forward(x)\n"
            "                v[idx] = old - h\n"
            "                down = self.forward(x)\n"
            "                v[idx] = old\n"
            "                g[idx] = np.sum((up - down) / (2 * h) * dscores)\n"
            "            grads[name] = g\n"
            "        return L.cross_entropy_loss(scores, y), grads\n"),
    }, {"test_SimpleConvNet_grads"}, "SimpleConvNet.loss: too slow for x (2, 1, 28, 28)"),
    # round 5: occlusion_map computed from the test model's attributes (RegionModel's region and gain), and
    # saliency by central differences of the model, pixels bumped in batches
    "c09-fixture-probe": ("09_what_cnns_learn", {
        "occlusion_map": (
            "def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):\n"
            "    if x.dim() != 3:\n"
            "        raise ValueError('x must be one image (C, H, W)')\n"
            "    C, H, W = x.shape\n"
            "    for n in (H, W):\n"
            "        if n < patch or (n - patch) % stride:\n"
            "            raise ValueError(f'size {n}, patch {patch}, stride {stride}')\n"
            "    h_out, w_out = (H - patch) // stride + 1, (W - patch) // stride + 1\n"
            "    if not hasattr(model, 'gain'):\n"
            "        return np.zeros((h_out, w_out))\n"
            "    (r0, r1), (c0, c1) = model.rows, model.cols\n"
            "    def ov(a0, a1, b0, b1):\n"
            "        return max(0, min(a1, b1) - max(a0, b0))\n"
            "    mean = np.array([[1 - ov(i * stride, i * stride + patch, r0, r1) * ov(j * stride, j * stride + patch, c0, c1)\n"
            "                      * (1 - fill) / ((r1 - r0) * (c1 - c0)) for j in range(w_out)] for i in range(h_out)])\n"
            "    drop = 1 / (1 + np.exp(-model.gain)) - 1 / (1 + np.exp(-model.gain * mean))\n"
            "    return drop if target == 1 else -drop\n"),
        "saliency": (
            "def saliency(model, x, target):\n"
            "    if x.dim() != 3:\n"
            "        raise ValueError('x must be one image (C, H, W)')\n"
            "    was = model.training\n"
            "    model.eval()\n"
            "    x0 = x.detach().clone().reshape(1, -1)\n"
            "    D, h = x0.shape[1], 1e-6\n"
            "    g = torch.empty(D, dtype=x0.dtype)\n"
            "    with torch.no_grad():\n"
            "        for start in range(0, D, 256):\n"
            "            idx = torch.arange(start, min(D, start + 256))\n"
            "            E = torch.zeros(len(idx), D, dtype=x0.dtype)\n"
            "            E[torch.arange(len(idx)), idx] = h\n"
            "            up = model((x0 + E).reshape((-1,) + tuple(x.shape)))[:, target]\n"
            "            down = model((x0 - E).reshape((-1,) + tuple(x.shape)))[:, target]\n"
            "            g[idx] = (up - down) / (2 * h)\n"
            "    model.train(was)\n"
            "    return g.reshape(x.shape).abs().amax(dim=0).numpy().astype(np.float64)\n"),
    }, {"test_occlusion_map_known", "test_occlusion_map_eval", "test_occlusion_map_inputs", "test_occlusion_map_errors",
        "test_saliency_linear", "test_saliency_gradient", "test_saliency_inputs", "test_saliency_eval",
        "test_saliency_errors"},
        "saliency: too slow for x (3, 64, 64)"),
    # issue 20 (branch probe22): Grad-CAM's weights alpha_k by central differences, a bump on one map per
    # image of a batch (32 maps a pass): K + 1 forward passes of the model, where the exercise needs one
    # forward and one backward pass (checks.passes_within on a layer of 512 maps)
    "c11-probe": ("11_cnns_in_practice", {
        "grad_cam": (
            "def grad_cam(model, layer, x, target):\n"
            "    model.eval()\n"
            "    store, bump = {}, {}\n"
            "    def hook(mod, inp, out):\n"
            "        store.setdefault('A', out.detach()[:1])\n"
            "        return out + bump['d'] if 'd' in bump else None\n"
            "    handle = layer.register_forward_hook(hook)\n"
            "    try:\n"
            "        with torch.no_grad():\n"
            "            xb = x.detach()[None]\n"
            "            model(xb)\n"
            "            A = store['A']\n"
            "            K, hh, ww = A.shape[1:]\n"
            "            alpha = torch.zeros(K, dtype=A.dtype)\n"
            "            for s in range(0, K, 32):\n"
            "                ks = torch.arange(s, min(K, s + 32))\n"
            "                d = torch.zeros((len(ks),) + tuple(A.shape[1:]), dtype=A.dtype)\n"
            "                d[torch.arange(len(ks)), ks] = 1e-5\n"
            "                bump['d'] = d\n"
            "                up = model(xb.repeat(len(ks), 1, 1, 1))[:, target]\n"
            "                bump['d'] = -d\n"
            "                down = model(xb.repeat(len(ks), 1, 1, 1))[:, target]\n"
            "                alpha[ks] = (up - down) / 2e-5 / (hh * ww)\n"
            "            bump.clear()\n"
            "    finally:\n"
            "        handle.remove()\n"
            "    cam = torch.relu((alpha[:, None, None] * A[0]).sum(0))\n"
            "    cam = F.interpolate(cam[None, None], size=tuple(x.shape[-2:]), mode='bilinear', align_corners=False)[0, 0]\n"
            "    m = cam.max()\n"
            "    return (cam / m if m > 0 else cam).numpy().astype(np.float64)\n"),
    }, {"test_grad_cam_values", "test_grad_cam_input_unchanged"}, "grad_cam: too slow for a layer of 512 maps"),
}

# NumPy exercises of notebooks that teach PyTorch, answered with PyTorch however it is reached (red team round 5,
# tests/attacks5 findings 5-7, and more spellings): their tests call them in a kernel of their own allowance
# (c.CleanRoom.exercise_allowed, grader/autograde/preprocessors/rooms.py), where PyTorch is not there. The solutions
# with these cells changed; every cell of those exercises scores 0, every other cell keeps its points.
# {student: (notebook, {solution grade_id: source}, {test grade_id that must score 0}, words shown)}
_BN_FORWARD = {"test_batchnorm_forward_train", "test_batchnorm_forward_running", "test_batchnorm_forward_eval",
               "test_batchnorm_forward_input_unchanged"}
_BN_BACKWARD = {"test_batchnorm_backward_params", "test_batchnorm_backward_dx",
                "test_batchnorm_backward_input_unchanged"}
_CONV_T = {"test_conv_transpose_naive_values", "test_conv_transpose_naive_gradient",
           "test_conv_transpose_naive_input_unchanged"}
_VGG = ("def vgg_block(in_channels, out_channels, num_convs):\n"
        "    layers = []\n"
        "    for i in range(num_convs):\n"
        "        layers += [nn.Conv2d(in_channels if i == 0 else out_channels, out_channels, 3, padding=1), nn.ReLU()]\n"
        "    return nn.Sequential(*layers, nn.MaxPool2d(2, 2))\n")
ROOM_ATTACKS: dict[str, tuple[str, dict[str, str], set[str], str]] = {
    # findings 6 and 5: F.batch_norm through the setup cell's alias; autograd through it, torch imported inside
    "r10-builtin": ("10_modern_cnns", {
        "batchnorm_forward": (
            "def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):\n"
            "    t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64))\n"
            "    rm, rv = t(running_mean), t(running_var)\n"
            "    out = F.batch_norm(t(x), rm, rv, t(gamma), t(beta), training=bool(train), momentum=1 - momentum,\n"
            "                       eps=eps)\n"
            "    return out.numpy(), rm.numpy(), rv.numpy()\n"),
        "batchnorm_backward": (
            "def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):\n"
            "    import torch as _t\n"
            "    t = [_t.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in (x, gamma, beta)]\n"
            "    out = _t.nn.functional.batch_norm(t[0], None, None, t[1], t[2], training=True, eps=eps)\n"
            "    out.backward(_t.as_tensor(np.asarray(dout, dtype=np.float64)))\n"
            "    return tuple(v.grad.numpy().copy() for v in t)\n"),
    }, _BN_FORWARD | _BN_BACKWARD, "while batchnorm_backward, batchnorm_forward of 10_modern_cnns is graded"),
    # PyTorch through sys.modules in a lambda kept in a dict; autograd in a helper that another cell defines
    "r10-hidden": ("10_modern_cnns", {
        "vgg_block": _VGG + (
            "\n\ndef _grads(fn, dout, *arrays):\n"
            "    import importlib\n"
            "    T = importlib.import_module('to' + 'rch')\n"
            "    ts = [T.tensor(a, dtype=T.float64, requires_grad=True) for a in arrays]\n"
            "    fn(T, *ts).backward(T.as_tensor(dout, dtype=T.float64))\n"
            "    return tuple(t.grad.numpy() for t in ts)\n"),
        "batchnorm_forward": (
            "import sys\n"
            "_ops = {'bn': lambda *a, **k: sys.modules['torch'].nn.functional.batch_norm(*a, **k)}\n\n\n"
            "def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):\n"
            "    T = sys.modules['torch']\n"
            "    t = lambda a: T.tensor(np.asarray(a, dtype=np.float64))\n"
            "    rm, rv = t(running_mean), t(running_var)\n"
            "    out = _ops['bn'](t(x), rm, rv, t(gamma), t(beta), training=bool(train), momentum=1 - momentum, eps=eps)\n"
            "    return out.numpy(), rm.numpy(), rv.numpy()\n"),
        "batchnorm_backward": (
            "def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):\n"
            "    return _grads(lambda T, x, g, b: T.nn.functional.batch_norm(x, None, None, g, b, training=True, eps=eps),\n"
            "                  dout, x, gamma, beta)\n"),
    }, _BN_FORWARD | _BN_BACKWARD, "while batchnorm_backward, batchnorm_forward of 10_modern_cnns is graded"),
    # finding 7: F.conv_transpose2d
    "r12-builtin": ("12_beyond_plain_convolution", {
        "conv_transpose_naive": (
            "def conv_transpose_naive(x, w, b, stride=1, pad=0):\n"
            "    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))\n"
            "    return F.conv_transpose2d(t(x), t(w), t(b), stride=stride, padding=pad).numpy()\n"),
    }, _CONV_T, "while conv_output_size_dilated, conv_transpose_naive, separable_cost of 12_beyond_plain_convolution "
                "is graded"),
    # a PyTorch op behind NumPy's __array_function__, with a tensor made in another cell; importlib for the
    # dilated size (PyTorch's own output shape); the separable cost counted on PyTorch's layers
    "r12-hidden": ("12_beyond_plain_convolution", {
        "conv_output_size_dilated": (
            "import importlib\n"
            "_zero = importlib.import_module('torch').zeros((), dtype=importlib.import_module('torch').float64)\n\n\n"
            "def conv_output_size_dilated(W, F, S=1, P=0, D=1):\n"
            "    T = importlib.import_module('torch')\n"
            "    if S < 1 or F < 1 or D < 1 or P < 0 or D * (F - 1) + 1 > W + 2 * P or (W + 2 * P - D * (F - 1) - 1) % S:\n"
            "        raise ValueError(f'W={W}, F={F}, S={S}, P={P}, D={D}')\n"
            "    x = T.zeros(1, 1, 1, W, dtype=T.float64)\n"
            "    return T.nn.functional.conv2d(x, T.zeros(1, 1, 1, F, dtype=T.float64), stride=S, padding=(0, P),\n"
            "                                  dilation=D).shape[-1]\n"),
        "conv_transpose_naive": (
            "class _Lazy:\n"
            "    def __init__(self, *args):\n"
            "        self.args = args\n\n"
            "    def __array_function__(self, func, types, args, kwargs):\n"
            "        x, w, b, stride, pad = self.args\n"
            "        t = lambda a: _zero.new_tensor(np.asarray(a, dtype=np.float64))\n"
            "        return importlib.import_module('torch.nn.functional').conv_transpose2d(\n"
            "            t(x), t(w), t(b), stride=stride, padding=pad).numpy()\n\n\n"
            "def conv_transpose_naive(x, w, b, stride=1, pad=0):\n"
            "    return np.concatenate([_Lazy(x, w, b, stride, pad)])\n"),
        "separable_cost": (
            "def separable_cost(C_in, C_out, F, H_out, W_out):\n"
            "    nn_ = importlib.import_module('torch.nn')\n"
            "    count = lambda *ms: sum(p.numel() for m in ms for p in m.parameters())\n"
            "    std = count(nn_.Conv2d(C_in, C_out, F, bias=False))\n"
            "    sep = count(nn_.Conv2d(C_in, C_in, F, groups=C_in, bias=False), nn_.Conv2d(C_in, C_out, 1, bias=False))\n"
            "    return (std, std * H_out * W_out), (sep, sep * H_out * W_out)\n"),
    }, _CONV_T | {"test_conv_output_size_dilated_values", "test_conv_output_size_dilated_errors",
                  "test_separable_cost_standard", "test_separable_cost_separable"},
        "No module named 'torch': while conv_output_size_dilated, conv_transpose_naive, separable_cost of "
        "12_beyond_plain_convolution is graded"),
}
