"""My own answers to notebook 06: WRONG has one beginner mistake, RIGHT is fixed."""

NOTEBOOK = "06_numpy_cnn"

# mistake: W3's rows sized for the unpooled maps (F2 * H * W), forgetting the two 2x2 pools
NET_WRONG = '''
class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5,
                 num_classes=10):
        C, H, W = input_shape
        if filter_size % 2 == 0 or H % 4 or W % 4:
            raise ValueError(f"need an odd filter size and H, W divisible by 4; got "
                             f"filter_size={filter_size}, input_shape={input_shape}")
        self.pad = (filter_size - 1) // 2
        self.params = {}
        rng = np.random.default_rng(seed)
        f1, f2 = num_filters
        k = filter_size
        self.params["W1"] = rng.standard_normal((f1, C, k, k)) * np.sqrt(2 / (C * k * k))
        self.params["b1"] = np.zeros(f1)
        self.params["W2"] = rng.standard_normal((f2, f1, k, k)) * np.sqrt(2 / (f1 * k * k))
        self.params["b2"] = np.zeros(f2)
        d = f2 * H * W
        self.params["W3"] = rng.standard_normal((d, num_classes)) * np.sqrt(2 / d)
        self.params["b3"] = np.zeros(num_classes)

    def forward(self, x):
        p = self.params
        a1 = L.max_pool_forward(L.relu_forward(L.conv_forward(x, p["W1"], p["b1"], 1, self.pad)), 2, 2)
        a2 = L.max_pool_forward(L.relu_forward(L.conv_forward(a1, p["W2"], p["b2"], 1, self.pad)), 2, 2)
        return L.affine_forward(a2, p["W3"], p["b3"])

    def loss(self, x, y):
        p = self.params
        c1 = L.conv_forward(x, p["W1"], p["b1"], 1, self.pad)
        r1 = L.relu_forward(c1)
        a1 = L.max_pool_forward(r1, 2, 2)
        c2 = L.conv_forward(a1, p["W2"], p["b2"], 1, self.pad)
        r2 = L.relu_forward(c2)
        a2 = L.max_pool_forward(r2, 2, 2)
        scores = L.affine_forward(a2, p["W3"], p["b3"])
        loss = L.cross_entropy_loss(scores, y)
        grads = {}
        dscores = L.cross_entropy_backward(scores, y)
        da2, grads["W3"], grads["b3"] = L.affine_backward(dscores, a2, p["W3"], p["b3"])
        dr2 = L.max_pool_backward(da2, r2, 2, 2)
        dc2 = L.relu_backward(dr2, c2)
        da1, grads["W2"], grads["b2"] = L.conv_backward(dc2, a1, p["W2"], p["b2"], 1, self.pad)
        dr1 = L.max_pool_backward(da1, r1, 2, 2)
        dc1 = L.relu_backward(dr1, c1)
        _, grads["W1"], grads["b1"] = L.conv_backward(dc1, x, p["W1"], p["b1"], 1, self.pad)
        return loss, grads
'''
NET = NET_WRONG.replace("d = f2 * H * W", "d = f2 * (H // 4) * (W // 4)")

SGD = '''
def sgd_momentum(params, grads, velocity, lr, momentum):
    for name in params:
        velocity[name] = momentum * velocity[name] - lr * grads[name]
        params[name] += velocity[name]
'''

WRONG = {"SimpleConvNet": NET_WRONG, "sgd_momentum": SGD}
RIGHT = {"SimpleConvNet": NET, "sgd_momentum": SGD}
