"""Plausible wrong implementations for notebook 06 (a whole CNN in NumPy).

Each one replaces one solution cell; the listed test cells must lose points.
The SimpleConvNet mistakes are the correct class with one part swapped.
"""

from tests.mistakes import Mistake

NOTEBOOK = "06_numpy_cnn"

_INIT = '''
        F1, F2 = num_filters
        K = filter_size
        D = F2 * (H // 4) * (W // 4)
        self.params["W1"] = rng.standard_normal((F1, C, K, K)) * np.sqrt(2.0 / (C * K * K))
        self.params["b1"] = np.zeros(F1)
        self.params["W2"] = rng.standard_normal((F2, F1, K, K)) * np.sqrt(2.0 / (F1 * K * K))
        self.params["b2"] = np.zeros(F2)
        self.params["W3"] = rng.standard_normal((D, num_classes)) * np.sqrt(2.0 / D)
        self.params["b3"] = np.zeros(num_classes)
'''

_FORWARD = '''
        h = L.max_pool_forward(L.relu_forward(L.conv_forward(x, p["W1"], p["b1"], 1, self.pad)), 2, 2)
        h = L.max_pool_forward(L.relu_forward(L.conv_forward(h, p["W2"], p["b2"], 1, self.pad)), 2, 2)
        return L.affine_forward(h, p["W3"], p["b3"])
'''

_LOSS = '''
        a1 = L.conv_forward(x, p["W1"], p["b1"], 1, self.pad)
        r1 = L.relu_forward(a1)
        p1 = L.max_pool_forward(r1, 2, 2)
        a2 = L.conv_forward(p1, p["W2"], p["b2"], 1, self.pad)
        r2 = L.relu_forward(a2)
        p2 = L.max_pool_forward(r2, 2, 2)
        scores = L.affine_forward(p2, p["W3"], p["b3"])
        loss = L.cross_entropy_loss(scores, y)
        dscores = L.cross_entropy_backward(scores, y)
        dp2, grads["W3"], grads["b3"] = L.affine_backward(dscores, p2, p["W3"], p["b3"])
        da2 = L.relu_backward(L.max_pool_backward(dp2, r2, 2, 2), a2)
        dp1, grads["W2"], grads["b2"] = L.conv_backward(da2, p1, p["W2"], p["b2"], 1, self.pad)
        da1 = L.relu_backward(L.max_pool_backward(dp1, r1, 2, 2), a1)
        _, grads["W1"], grads["b1"] = L.conv_backward(da1, x, p["W1"], p["b1"], 1, self.pad)
'''


def _net(init=_INIT, forward=_FORWARD, loss=_LOSS) -> str:
    return f'''
class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):
        C, H, W = input_shape
        self.pad = (filter_size - 1) // 2
        self.params = {{}}
        rng = np.random.default_rng(seed)
{init}
    def forward(self, x):
        p = self.params
{forward}
    def loss(self, x, y):
        p = self.params
        grads = {{}}
{loss}
        return loss, grads
'''


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


_SGD = '''
def sgd_momentum(params, grads, velocity, lr, momentum):
{body}
'''

MISTAKES = [
    # ------------------------------------------------------------ SimpleConvNet: __init__
    Mistake(cell="SimpleConvNet", name="init-tiny-weights", loses=["test_SimpleConvNet_init"],
            source=_net(init=_INIT.replace("np.sqrt(2.0 / (C * K * K))", "0.01")
                        .replace("np.sqrt(2.0 / (F1 * K * K))", "0.01").replace("np.sqrt(2.0 / D)", "0.01"))),
    Mistake(cell="SimpleConvNet", name="init-fan-in-without-channels", loses=["test_SimpleConvNet_init"],
            source=_net(init=_INIT.replace("np.sqrt(2.0 / (C * K * K))", "np.sqrt(2.0 / (K * K))")
                        .replace("np.sqrt(2.0 / (F1 * K * K))", "np.sqrt(2.0 / (K * K))"))),
    Mistake(cell="SimpleConvNet", name="init-ignores-seed", loses=["test_SimpleConvNet_seed"],
            keeps=["test_SimpleConvNet_init"],   # shapes and scales are right: only the seed test may fail
            source=_net(init=_INIT.replace("rng.standard_normal(", "np.random.standard_normal("))),
    Mistake(cell="SimpleConvNet", name="init-uniform-weights", loses=["test_SimpleConvNet_init"],
            source=_net(init=_INIT.replace("rng.standard_normal(", "rng.random("))),
    Mistake(cell="SimpleConvNet", name="init-fc-size-from-input", loses=["test_SimpleConvNet_init"],
            source=_net(init=_swap(_INIT, "D = F2 * (H // 4) * (W // 4)", "D = F2 * (H // 2) * (W // 2)"))),
    # a learner's trial (issue 23): W3 sized for the maps before pooling; the forward pass then fails
    Mistake(cell="SimpleConvNet", name="init-fc-size-unpooled",
            loses=["test_SimpleConvNet_init", "test_SimpleConvNet_forward", "test_SimpleConvNet_input_unchanged",
                   "test_overfit_small_batch"],
            source=_net(init=_swap(_INIT, "D = F2 * (H // 4) * (W // 4)", "D = F2 * H * W"))),
    # ------------------------------------------------------------ SimpleConvNet: forward
    Mistake(cell="SimpleConvNet", name="forward-returns-softmax", loses=["test_SimpleConvNet_forward"],
            source=_net(forward=_swap(_FORWARD, 'return L.affine_forward(h, p["W3"], p["b3"])',
                                      'return L.softmax(L.affine_forward(h, p["W3"], p["b3"]))'))),
    Mistake(cell="SimpleConvNet", name="forward-no-relu", loses=["test_SimpleConvNet_forward"],
            source=_net(forward=_FORWARD.replace("L.relu_forward(", "("))),
    Mistake(cell="SimpleConvNet", name="forward-softmax-axis-0", loses=["test_SimpleConvNet_forward"],
            source=_net(forward=_swap(_FORWARD, 'return L.affine_forward(h, p["W3"], p["b3"])',
                                      's = L.affine_forward(h, p["W3"], p["b3"])\n'
                                      '        return np.exp(s) / np.exp(s).sum(axis=0, keepdims=True)'))),
    Mistake(cell="SimpleConvNet", name="forward-no-padding", loses=["test_SimpleConvNet_forward"],
            source=_net(forward=_FORWARD.replace("1, self.pad)", "1, 0)"))),
    # ------------------------------------------------------------ SimpleConvNet: loss and grads
    Mistake(cell="SimpleConvNet", name="grads-missing-bias", loses=["test_SimpleConvNet_grads"],
            source=_net(loss=_swap(_LOSS, '_, grads["W1"], grads["b1"] = L.conv_backward(',
                                   '_, grads["W1"], _ = L.conv_backward('))),
    Mistake(cell="SimpleConvNet", name="grads-wrong-key", loses=["test_SimpleConvNet_grads"],
            source=_net(loss=_LOSS.replace('grads["W1"]', 'grads["w1"]').replace('grads["W2"]', 'grads["w2"]')
                        .replace('grads["W3"]', 'grads["w3"]'))),
    Mistake(cell="SimpleConvNet", name="grads-bias-zero", loses=["test_SimpleConvNet_grads"],
            source=_net(loss=_LOSS + '        grads["b1"], grads["b2"] = np.zeros_like(p["b1"]), np.zeros_like(p["b2"])\n')),
    Mistake(cell="SimpleConvNet", name="loss-softmax-axis-0",
            loses=["test_SimpleConvNet_loss", "test_SimpleConvNet_grads"],
            source=_net(loss=_swap(_swap(_LOSS, "loss = L.cross_entropy_loss(scores, y)",
                                         "e = np.exp(scores - scores.max())\n"
                                         "        probs = e / e.sum(axis=0, keepdims=True)\n"
                                         "        n = len(y)\n"
                                         "        loss = float(-np.mean(np.log(probs[np.arange(n), y])))"),
                                   "dscores = L.cross_entropy_backward(scores, y)",
                                   "dscores = probs.copy()\n"
                                   "        dscores[np.arange(n), y] -= 1\n"
                                   "        dscores /= n"))),
    Mistake(cell="SimpleConvNet", name="loss-summed-over-batch",
            loses=["test_SimpleConvNet_loss", "test_SimpleConvNet_grads"],
            source=_net(loss=_swap(_swap(_LOSS, "loss = L.cross_entropy_loss(scores, y)",
                                         "loss = L.cross_entropy_loss(scores, y) * len(y)"),
                                   "dscores = L.cross_entropy_backward(scores, y)",
                                   "dscores = L.cross_entropy_backward(scores, y) * len(y)"))),
    Mistake(cell="SimpleConvNet", name="grads-skip-relu-backward", loses=["test_SimpleConvNet_grads"],
            source=_net(loss=_swap(_swap(_LOSS, "da2 = L.relu_backward(L.max_pool_backward(dp2, r2, 2, 2), a2)",
                                         "da2 = L.max_pool_backward(dp2, r2, 2, 2)"),
                                   "da1 = L.relu_backward(L.max_pool_backward(dp1, r1, 2, 2), a1)",
                                   "da1 = L.max_pool_backward(dp1, r1, 2, 2)"))),
    Mistake(cell="SimpleConvNet", name="grads-conv-backward-without-pad", loses=["test_SimpleConvNet_grads"],
            source=_net(loss=_LOSS.replace('p["b2"], 1, self.pad)\n        da1', 'p["b2"], 1, 0)\n        da1')
                        .replace('_, grads["W1"], grads["b1"] = L.conv_backward(da1, x, p["W1"], p["b1"], 1, self.pad)',
                                 '_, grads["W1"], grads["b1"] = L.conv_backward(da1, x, p["W1"], p["b1"], 1, 0)'))),
    Mistake(cell="SimpleConvNet", name="loss-takes-the-step-itself",
            loses=["test_SimpleConvNet_input_unchanged"],
            keeps=["test_SimpleConvNet_forward", "test_SimpleConvNet_loss", "test_SimpleConvNet_grads"],
            source=_net(loss=_LOSS + "        for name in p:   # a gradient step inside loss changes the parameters\n"
                                     "            p[name] -= 0.01 * grads[name]\n")),
    # ------------------------------------------------------------ sgd_momentum
    Mistake(cell="sgd_momentum", name="velocity-not-stored",
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch"],
            source=_SGD.format(body='''
    for name in params:
        v = velocity[name]
        v = momentum * v - lr * grads[name]
        params[name] += v
''')),
    Mistake(cell="sgd_momentum", name="gradient-sign-error",
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch", "test_overfit_small_batch"],
            source=_SGD.format(body='''
    for name in params:
        velocity[name] = momentum * velocity[name] + lr * grads[name]
        params[name] += velocity[name]
''')),
    Mistake(cell="sgd_momentum", name="momentum-applied-after",
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch"],
            source=_SGD.format(body='''
    for name in params:
        params[name] += velocity[name]
        velocity[name] = momentum * velocity[name] - lr * grads[name]
''')),
    Mistake(cell="sgd_momentum", name="momentum-ignored",
            # the gradients stay alone, but that point counts only on a right step (a stub would leave them too)
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch", "test_sgd_momentum_input_unchanged"],
            source=_SGD.format(body='''
    for name in params:
        velocity[name] = -lr * grads[name]
        params[name] += velocity[name]
''')),
    Mistake(cell="sgd_momentum", name="plain-sgd-ignores-velocity",
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch"],
            source=_SGD.format(body='''
    for name in params:
        velocity[name] = momentum * velocity[name] - lr * grads[name]
        params[name] -= lr * grads[name]
''')),
    Mistake(cell="sgd_momentum", name="params-rebound-locally",
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch", "test_overfit_small_batch"],
            source=_SGD.format(body='''
    for name, p in params.items():
        velocity[name] = momentum * velocity[name] - lr * grads[name]
        p = p + velocity[name]
''')),
    Mistake(cell="sgd_momentum", name="momentum-scales-gradient",
            loses=["test_sgd_momentum_step", "test_sgd_momentum_torch"],
            source=_SGD.format(body='''
    for name in params:
        velocity[name] = momentum * (velocity[name] - lr * grads[name])
        params[name] += velocity[name]
''')),
    Mistake(cell="sgd_momentum", name="scales-grads-in-place",
            loses=["test_sgd_momentum_input_unchanged"],
            keeps=["test_sgd_momentum_step", "test_sgd_momentum_torch"],   # right steps, but grads changed
            source=_SGD.format(body='''
    for name in params:
        grads[name] *= lr               # reuses the caller's gradient array
        velocity[name] *= momentum
        velocity[name] -= grads[name]
        params[name] += velocity[name]
''')),
]

# Found in round 22: the seed's weights themselves were not checked, only that a seed repeats its weights,
# so np.random's global seed or another drawing order kept full marks.
_GLOBAL_SEED = '''
        np.random.seed(seed)
        F1, F2 = num_filters
        K = filter_size
        D = F2 * (H // 4) * (W // 4)
        self.params["W1"] = np.random.randn(F1, C, K, K) * np.sqrt(2.0 / (C * K * K))
        self.params["b1"] = np.zeros(F1)
        self.params["W2"] = np.random.randn(F2, F1, K, K) * np.sqrt(2.0 / (F1 * K * K))
        self.params["b2"] = np.zeros(F2)
        self.params["W3"] = np.random.randn(D, num_classes) * np.sqrt(2.0 / D)
        self.params["b3"] = np.zeros(num_classes)
'''
_W3_FIRST = '''
        F1, F2 = num_filters
        K = filter_size
        D = F2 * (H // 4) * (W // 4)
        self.params["W3"] = rng.standard_normal((D, num_classes)) * np.sqrt(2.0 / D)
        self.params["W2"] = rng.standard_normal((F2, F1, K, K)) * np.sqrt(2.0 / (F1 * K * K))
        self.params["W1"] = rng.standard_normal((F1, C, K, K)) * np.sqrt(2.0 / (C * K * K))
        self.params["b1"] = np.zeros(F1)
        self.params["b2"] = np.zeros(F2)
        self.params["b3"] = np.zeros(num_classes)
'''
MISTAKES += [
    Mistake(cell="SimpleConvNet", name="init-global-numpy-seed", loses=["test_SimpleConvNet_seed"],
            keeps=["test_SimpleConvNet_init"], source=_net(init=_GLOBAL_SEED)),
    Mistake(cell="SimpleConvNet", name="init-draws-w3-first", loses=["test_SimpleConvNet_seed"],
            keeps=["test_SimpleConvNet_init"], source=_net(init=_W3_FIRST)),
]
