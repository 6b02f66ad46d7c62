"""Red-team submissions that borrowed answers no spelling rule reads (branch `attack`, tests/attacks):
each is the released notebook with only these solution cells changed. tests/test_course.py grades them
in its class run; under the clean room (grader/cleanroom.py) each scores what its honest part earns,
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
}
