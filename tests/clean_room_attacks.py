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
}

# Red team round 3 (branch attack3): the work done some other way than the exercise asks: loops the line
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
}
