"""Correct variants for notebook 06 (a CNN in NumPy)."""

from tests.alternatives import Alternative

NOTEBOOK = "06_numpy_cnn"

_INIT = '''
        C, H, W = input_shape
        if filter_size % 2 == 0 or H % 4 or W % 4:
            raise ValueError(f"need an odd filter size and H, W divisible by 4; got "
                             f"filter_size={filter_size}, input_shape={input_shape}")
        self.pad = (filter_size - 1) // 2
'''

ALTERNATIVES = [
    # weights in attributes, aliased into params: the tests must change them in place
    Alternative(cell="SimpleConvNet", name="net-attributes-aliased-list-loss", source='''
class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):''' + _INIT + '''
        rng = np.random.default_rng(seed)
        F1, F2 = num_filters
        K = filter_size
        D = F2 * (H // 4) * (W // 4)
        self.W1 = rng.standard_normal((F1, C, K, K)) * np.sqrt(2.0 / (C * K * K))
        self.W2 = rng.standard_normal((F2, F1, K, K)) * np.sqrt(2.0 / (F1 * K * K))
        self.W3 = rng.standard_normal((D, num_classes)) * np.sqrt(2.0 / D)
        self.b1, self.b2, self.b3 = np.zeros(F1), np.zeros(F2), np.zeros(num_classes)
        self.params = {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2,
                       "W3": self.W3, "b3": self.b3}

    def forward(self, x):
        h = L.max_pool_forward(L.relu_forward(L.conv_forward(x, self.W1, self.b1, 1, self.pad)), 2, 2)
        h = L.max_pool_forward(L.relu_forward(L.conv_forward(h, self.W2, self.b2, 1, self.pad)), 2, 2)
        return L.affine_forward(h, self.W3, self.b3)

    def loss(self, x, y):
        a1 = L.conv_forward(x, self.W1, self.b1, 1, self.pad)
        r1 = L.relu_forward(a1)
        p1 = L.max_pool_forward(r1, 2, 2)
        a2 = L.conv_forward(p1, self.W2, self.b2, 1, self.pad)
        r2 = L.relu_forward(a2)
        p2 = L.max_pool_forward(r2, 2, 2)
        scores = L.affine_forward(p2, self.W3, self.b3)
        grads = {}
        d = L.cross_entropy_backward(scores, y)
        d, grads["W3"], grads["b3"] = L.affine_backward(d, p2, self.W3, self.b3)
        d = L.relu_backward(L.max_pool_backward(d, r2, 2, 2), a2)
        d, grads["W2"], grads["b2"] = L.conv_backward(d, p1, self.W2, self.b2, 1, self.pad)
        d = L.relu_backward(L.max_pool_backward(d, r1, 2, 2), a1)
        _, grads["W1"], grads["b1"] = L.conv_backward(d, x, self.W1, self.b1, 1, self.pad)
        return [L.cross_entropy_loss(scores, y), grads]      # a list, not a tuple
'''),
    Alternative(cell="SimpleConvNet", name="net-layer-list-with-caches", source='''
class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):''' + _INIT + '''
        rng = np.random.default_rng(seed)
        shapes = {"W1": (num_filters[0], C, filter_size, filter_size),
                  "W2": (num_filters[1], num_filters[0], filter_size, filter_size),
                  "W3": (num_filters[1] * (H // 4) * (W // 4), num_classes)}
        self.params = {}
        for i, name in enumerate(["W1", "W2", "W3"], start=1):
            shape = shapes[name]
            fan_in = shape[0] if name == "W3" else int(np.prod(shape[1:]))
            self.params[name] = rng.normal(0.0, np.sqrt(2 / fan_in), size=shape)
            self.params[f"b{i}"] = np.zeros(shape[1] if name == "W3" else shape[0])

    def _run(self, x):
        p, cache = self.params, []
        h = x
        for i in (1, 2):
            a = L.conv_forward(h, p[f"W{i}"], p[f"b{i}"], 1, self.pad)
            r = L.relu_forward(a)
            cache.append((h, a, r))
            h = L.max_pool_forward(r, 2, 2)
        return L.affine_forward(h, p["W3"], p["b3"]), h, cache

    def forward(self, x):
        return self._run(x)[0]

    def loss(self, x, y):
        p = self.params
        scores, h, cache = self._run(x)
        grads = {}
        d, grads["W3"], grads["b3"] = L.affine_backward(L.cross_entropy_backward(scores, y), h, p["W3"], p["b3"])
        for i in (2, 1):
            h_in, a, r = cache[i - 1]
            d = L.relu_backward(L.max_pool_backward(d, r, 2, 2), a)
            d, grads[f"W{i}"], grads[f"b{i}"] = L.conv_backward(d, h_in, p[f"W{i}"], p[f"b{i}"], 1, self.pad)
        return float(L.cross_entropy_loss(scores, y)), grads
'''),
    Alternative(cell="sgd_momentum", name="sgd-slice-assignment", source='''
def sgd_momentum(params, grads, velocity, lr, momentum):
    for key in grads:
        velocity[key][...] = momentum * velocity[key] - lr * grads[key]
        params[key][...] = params[key] + velocity[key]
'''),
    Alternative(cell="sgd_momentum", name="sgd-items-and-out", source='''
def sgd_momentum(params, grads, velocity, lr, momentum):
    for name, p in params.items():
        v = velocity[name]
        np.multiply(v, momentum, out=v)
        np.subtract(v, lr * grads[name], out=v)
        np.add(p, v, out=p)
    return None
'''),
    Alternative(cell="sgd_momentum", name="sgd-rebinds-dict-entries", source='''
def sgd_momentum(params, grads, velocity, lr, momentum):
    for name in list(params):
        velocity[name] = momentum * velocity[name] - lr * grads[name]
        params[name] += velocity[name]
'''),
]

ALTERNATIVES += [
    Alternative(cell="SimpleConvNet", name="net-scaled-in-place-own-softmax", source='''
class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):''' + _INIT + '''
        rng = np.random.default_rng(seed)
        F1, F2 = num_filters
        K = filter_size
        self.params = {
            "W1": rng.standard_normal(size=(F1, C, K, K)),
            "b1": np.zeros(F1),
            "W2": rng.standard_normal(size=(F2, F1, K, K)),
            "b2": np.zeros(F2),
            "W3": rng.standard_normal(size=(F2 * H * W // 16, num_classes)),
            "b3": np.zeros(num_classes),
        }
        self.params["W1"] *= (2 / (C * K * K)) ** 0.5
        self.params["W2"] *= (2 / (F1 * K * K)) ** 0.5
        self.params["W3"] *= (2 / self.params["W3"].shape[0]) ** 0.5

    def forward(self, x):
        return self.loss(x, None)

    def loss(self, x, y):
        p = self.params
        a1 = L.conv_forward(x, p["W1"], p["b1"], 1, self.pad)
        r1 = np.maximum(a1, 0)
        p1 = L.max_pool_forward(r1, 2, 2)
        a2 = L.conv_forward(p1, p["W2"], p["b2"], 1, self.pad)
        r2 = np.maximum(a2, 0)
        p2 = L.max_pool_forward(r2, 2, 2)
        scores = p2.reshape(len(x), -1) @ p["W3"] + p["b3"]
        if y is None:
            return scores
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[np.arange(len(y)), y]))
        d = probs.copy()
        d[np.arange(len(y)), y] -= 1
        d /= len(y)
        g = {"W3": p2.reshape(len(x), -1).T @ d, "b3": d.sum(axis=0)}
        d = (d @ p["W3"].T).reshape(p2.shape)
        d = L.max_pool_backward(d, r2, 2, 2) * (a2 > 0)
        d, g["W2"], g["b2"] = L.conv_backward(d, p1, p["W2"], p["b2"], 1, self.pad)
        d = L.max_pool_backward(d, r1, 2, 2) * (a1 > 0)
        _, g["W1"], g["b1"] = L.conv_backward(d, x, p["W1"], p["b1"], 1, self.pad)
        return loss, g
'''),
]

# Round 22: rng.normal with the He scale (the same numbers as standard_normal times the scale); np.multiply/np.add with out=.
ALTERNATIVES += [
    Alternative(cell="SimpleConvNet", name="net-rng-normal-with-scale", source='''
class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):
        C, H, W = input_shape
        if filter_size % 2 == 0 or H % 4 or W % 4:
            raise ValueError(f"need an odd filter size and H, W divisible by 4; got "
                             f"filter_size={filter_size}, input_shape={input_shape}")
        self.pad = (filter_size - 1) // 2
        self.params = {}
        F1, F2 = num_filters
        K = filter_size
        D = F2 * (H // 4) * (W // 4)
        rng = np.random.default_rng(seed)
        shapes = {"W1": (F1, C, K, K), "W2": (F2, F1, K, K), "W3": (D, num_classes)}
        fans = {"W1": C * K * K, "W2": F1 * K * K, "W3": D}
        for i, name in enumerate(["W1", "W2", "W3"], start=1):
            self.params[name] = rng.normal(0.0, np.sqrt(2.0 / fans[name]), size=shapes[name])
            self.params[f"b{i}"] = np.zeros(shapes[name][0] if name != "W3" else num_classes)
    def forward(self, x):
        p = self.params
        h = L.max_pool_forward(L.relu_forward(L.conv_forward(x, p["W1"], p["b1"], 1, self.pad)), 2, 2)
        h = L.max_pool_forward(L.relu_forward(L.conv_forward(h, p["W2"], p["b2"], 1, self.pad)), 2, 2)
        return L.affine_forward(h, p["W3"], p["b3"])

    def loss(self, x, y):
        grads = {}
        p = self.params
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
        return loss, grads
'''),
    Alternative(cell="sgd_momentum", name="sgd-loop-over-grads-multiply-out", source='''
def sgd_momentum(params, grads, velocity, lr, momentum):
    for name, g in grads.items():
        np.multiply(velocity[name], momentum, out=velocity[name])
        velocity[name] -= lr * g
        np.add(params[name], velocity[name], out=params[name])
    return params
'''),
]
