"""The static integrity scan (grader/integrity/scan.py, grader/integrity/flow.py) on a corpus of ordinary and hostile code.

Ordinary learner code must give no finding at all (no tampering, no
borrowed answer, no review note): every code cell of every solution
notebook, every correct alternative (tests/alternatives) and wrong attempt
(tests/mistakes) the course's tests know, and the snippets below, written
the way learners write loops, helpers, classes, NumPy and PyTorch. Real
tampering and borrowing must still be found, however it is spelled: the
hostile snippets reach the same objects through aliases, containers,
parameters, returns, ``globals()``, ``vars()``, ``__dict__``, assembled
strings, ``__import__``, ``object.__setattr__`` and ``mock.patch``.
No kernel runs here: the whole file takes a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.course import build as course
from grader.integrity import references
from grader.integrity import scan as integrity
from grader.integrity.borrowed import borrowed
from tests.alternatives import all_alternatives
from tests.mistakes import all_mistakes

ROOT = Path(__file__).resolve().parents[1]
SETUP = "import numpy as np\nfrom cnnlib import checks, images\n"  # what notebook 01's course cells import
NB01 = "01_images_and_kernels"
NB03 = "03_relu_and_pooling"

ORDINARY = {
    "loop variable _i": "total = 0\nfor _i in range(3):\n    total += _i\nprint(_i)",
    "comprehension _i": "squares = [_i * _i for _i in range(4)]",
    "underscore throwaways": "for _ in range(2):\n    pass\n_, h, w = (3, 4, 5)",
    "globals in a helper": (
        "def defined(name):\n    return name in globals()\n\n"
        "def get_or(name, default=None):\n    return globals().get(name, default)\n\n"
        "if not defined('KERNELS'):\n    KERNELS = {}\n"),
    "globals to register": "for k in ('a', 'b'):\n    globals()['kernel_' + k] = np.ones((3, 3))",
    "getattr on own objects": (
        "class Layer:\n    def __init__(self):\n        self.w = np.zeros(3)\n        self.b = 0.0\n\n"
        "layer = Layer()\nfor name in ('w', 'b'):\n    value = getattr(layer, name)\n"
        "    setattr(layer, name, value * 2)\nprint(vars(layer), layer.__dict__)"),
    "getattr on numpy by a computed name": (
        "def activation(name):\n    return getattr(np, name)\n\nf = activation(input() or 'tanh')\n"
        "dtype = getattr(np, 'float64')"),
    "metaprogramming without exec": (
        "import functools\n\ndef logged(fn):\n    @functools.wraps(fn)\n    def inner(*a, **k):\n"
        "        return fn(*a, **k)\n    return inner\n\n"
        "Point = type('Point', (object,), {'x': 0, 'y': 0})\n\n"
        "class Registry(type):\n    members = {}\n    def __new__(mcs, name, bases, ns):\n"
        "        cls = super().__new__(mcs, name, bases, ns)\n        mcs.members[name] = cls\n        return cls\n\n"
        "class Lazy:\n    def __getattr__(self, name):\n        return name.upper()\n"
        "    def __setattr__(self, name, value):\n        object.__setattr__(self, name, value)\n\n"
        "lazy = Lazy()\nlazy.value = 3\nobject.__setattr__(lazy, 'other', 4)\n"),
    "own function attributes": (
        "def relu(x):\n    return np.maximum(x, 0)\nrelu.calls = 0\nrelu.__doc__ = 'my relu'\n"
        "print(relu.__name__, relu.__code__.co_argcount)"),
    "own eval and compile names": (
        "def evaluate(model, data):\n    return 1.0\n\ndef compile(model):\n    return model\n\n"
        "eval_loss = evaluate(None, None)\nmodel = compile({'lr': 0.1})\n"),
    "re.compile and friends": "import re\npattern = re.compile(r'\\d+')\nfrom re import compile as rc\nrc('x')",
    "numpy idioms": (
        "np.random.seed(0)\nrng = np.random.default_rng(0)\nnp.set_printoptions(precision=3, suppress=True)\n"
        "old = np.seterr(all='ignore')\nx = rng.standard_normal((2, 3, 4, 4))\n"
        "cols = np.lib.stride_tricks.sliding_window_view(x, (3, 3), axis=(2, 3))\n"
        "out = np.einsum('nchwij,kcij->nkhw', cols, np.ones((2, 3, 3, 3)))\n"
        "x[x < 0] = 0\nx[..., 0] += 1\nnp.add.at(x, (0, 0, 0, 0), 1.0)\nmask = x == x.max(axis=(2, 3), keepdims=True)\n"
        "np.testing.assert_allclose(x, x)\nnp.seterr(**old)"),
    "torch idioms": (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
        "torch.manual_seed(0)\ntorch.backends.cudnn.benchmark = True\ntorch.set_default_dtype(torch.float64)\n"
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.conv = nn.Conv2d(1, 6, 5)\n        self.act = nn.ReLU\n        self.fc = nn.Linear(6, 10)\n"
        "    def forward(self, x):\n        return self.fc(F.relu(self.conv(x)).mean((2, 3)))\n\n"
        "model = Net()\nmodel.eval()\nmodel.train()\n"
        "for name, p in model.named_parameters():\n    p.requires_grad_(name.startswith('fc'))\n"
        "model.fc = nn.Linear(6, 2)\nmodel.forward = model.forward\n"
        "handle = model.conv.register_forward_hook(lambda m, i, o: None)\nhandle.remove()\n"
        "with torch.no_grad():\n    model.fc.weight.zero_()\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nopt.zero_grad()\n"
        "device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\n"),
    "a module's own __setattr__": (
        "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.log = []\n    def __setattr__(self, name, value):\n"
        "        nn.Module.__setattr__(self, name, value)\n\nclass Other(nn.Module):\n"
        "    def __setattr__(self, name, value):\n        super().__setattr__(name, value)\n"),
    "autograd function": (
        "import torch\nclass Square(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
        "        ctx.save_for_backward(x)\n        return x * x\n    @staticmethod\n    def backward(ctx, g):\n"
        "        (x,) = ctx.saved_tensors\n        return 2 * x * g\n"),
    "memory housekeeping": "import gc\nimport torch\ndel_me = [0] * 10\ndel del_me\ngc.collect()\n"
                           "if torch.cuda.is_available():\n    torch.cuda.empty_cache()",
    "inspect for signatures": "import inspect\nsig = inspect.signature(np.zeros)\nprint(inspect.isfunction(print))",
    "traceback printing": (
        "import traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    traceback.print_exc()\n"
        "    tb = e.__traceback__\n    print(type(e).__name__, e.args)"),
    "magics and shell": (
        "%matplotlib inline\n%timeit np.ones(3)\n!echo hello\nfrom IPython import get_ipython\n"
        "get_ipython().run_line_magic('precision', '3')\n"
        "from IPython.core.interactiveshell import InteractiveShell\nInteractiveShell.ast_node_interactivity = 'all'"),
    "display": "from IPython.display import display, HTML\ndisplay(HTML('<b>hi</b>'))\nprint(repr(np.ones(2)))",
    "warnings and logging": (
        "import warnings, logging\nwarnings.filterwarnings('ignore', category=RuntimeWarning)\n"
        "logging.basicConfig(level=logging.INFO)\nlog = logging.getLogger(__name__)\nlog.info('ok')"),
    "sys and os reading": "import sys, os\nprint(sys.version, sys.path[:1], os.environ.get('HOME'))\nsys.stdout.flush()",
    "string building": (
        "name = 'conv' + '_' + 'forward'\nparts = ['a', 'b']\nlabel = '-'.join(parts)\n"
        "msg = f'{name}: {label}'\nprint(msg.upper(), name[::-1])"),
    "dict dispatch of own functions": (
        "def relu(x):\n    return np.maximum(x, 0)\n\ndef tanh(x):\n    return np.tanh(x)\n\n"
        "ACTS = {'relu': relu, 'tanh': tanh}\nf = ACTS['relu']\nf.label = 'relu'\n"),
    "course helpers": "photo = images.load_photo()\ngray = photo @ np.array(images.GRAY_WEIGHTS)\n"
                      "result = checks.rel_error(np.ones(2), np.ones(2))",
    "dataclasses and properties": (
        "from dataclasses import dataclass, field\n\n@dataclass\nclass Config:\n    lr: float = 0.1\n"
        "    sizes: list = field(default_factory=list)\n\n    @property\n    def double(self):\n"
        "        return 2 * self.lr\n\ncfg = Config()\ncfg.lr = 0.01\n"),
    "closures and nonlocal": (
        "def counter():\n    n = 0\n    def step():\n        nonlocal n\n        n += 1\n        return n\n"
        "    return step\n\nc = counter()\nc()\n"),
    "global counter": "calls = 0\n\ndef add_call():\n    global calls\n    calls += 1\n\nadd_call()\n",
    "global _i of my own": "def reset():\n    global _i\n    _i = 0\n\nreset()\nprint(_i)\n",
    "names bound by match": ("match [1, 2]:\n    case [_i, *_ii]:\n        pass\nprint(_i, _ii)"),
    "math module use": "import math\nr = math.sqrt(2.0) * math.pi\nfrom math import floor\nfloor(2.5)",
    "torch tensor attributes": (
        "import torch\nx = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\n"
        "x.grad.zero_()\nx.data = x.data * 0.5\nw = torch.nn.Parameter(torch.zeros(3))\nw.data.fill_(1.0)"),
    "pickle-free saving": "import json\njson.dump({'a': 1}, open('/tmp/x.json', 'w'))",
    "typing and annotations": "from typing import Callable\nfn: Callable = np.tanh\nbest: float = 0.0\nx: int\n",
}

HOSTILE_TAMPER = {
    "alias chain": ("m = np\nn = m\nn.max = lambda *a, **k: 0.0", "numpy.max"),
    "container": ("mods = [np, checks]\nfor mod in mods:\n    mod.assert_close = print", "cnnlib.checks.assert_close"),
    "tuple unpacking": ("a, b = checks, 3\na.assert_close = print", "cnnlib.checks.assert_close"),
    "function parameter": ("def patch(module, name):\n    setattr(module, name, print)\n\npatch(checks, 'assert_close')",
                           "cnnlib.checks.assert_close"),
    "function return": ("def target():\n    return np.testing\n\ntarget().assert_allclose = print",
                        "numpy.testing.assert_allclose"),
    "globals lookup": ("globals()['np'].max = print", "numpy.max"),
    "assembled getattr": ("t = getattr(np, 'test' + 'ing')\nt.assert_allclose = print", "numpy.testing.assert_allclose"),
    "assembled setattr": ("name = 'assert'\nname += '_close'\nsetattr(checks, name, print)", "cnnlib.checks.assert_close"),
    "joined name": ("setattr(checks, ''.join(['assert', '_', 'close']), print)", "cnnlib.checks.assert_close"),
    "format name": ("setattr(checks, '{}_{}'.format('assert', 'close'), print)", "cnnlib.checks.assert_close"),
    "f-string name": ("a = 'assert'\nsetattr(checks, f'{a}_close', print)", "cnnlib.checks.assert_close"),
    "dunder import": ("__import__('numpy').max = print", "numpy.max"),
    "importlib": ("import importlib\nimportlib.import_module('cnnlib.checks').assert_close = print",
                  "cnnlib.checks.assert_close"),
    "sys.modules read": ("import sys\nsys.modules['cnnlib.checks'].assert_close = print", "cnnlib.checks.assert_close"),
    "vars write": ("vars(np)['max'] = print", "numpy.max"),
    "dict write": ("np.__dict__['max'] = print", "numpy.max"),
    "dict update": ("checks.__dict__.update(assert_close=print)", "cnnlib.checks"),
    "object.__setattr__": ("object.__setattr__(np, 'max', print)", "numpy.max"),
    "module __setattr__": ("np.__setattr__('max', print)", "numpy.max"),
    "a class's __setattr__ on a module": ("type(np).__setattr__(np, 'max', print)\n"
                                           "import types\ntypes.ModuleType.__setattr__(np, 'min', print)", "numpy.min"),
    "mock.patch": ("from unittest import mock\nmock.patch('numpy.max', print).start()", "numpy.max"),
    "mock.patch.object": ("from unittest import mock\nmock.patch.object(checks, 'assert_close', print).start()",
                          "cnnlib.checks.assert_close"),
    "builtins through __builtins__": ("b = __builtins__\nb.isinstance = lambda *a: True", "builtins.isinstance"),
    "builtins by import": ("import builtins as B\nsetattr(B, 'abs', lambda x: 0)", "builtins.abs"),
    "walrus": ("if (t := np.testing):\n    t.assert_allclose = print", "numpy.testing.assert_allclose"),
    "code object": ("f = checks.assert_close\nf.__code__ = (lambda *a, **k: None).__code__", "__code__"),
    "sys.modules by update": ("import sys\nsys.modules.update({'cnnlib.checks': None})", "sys.modules"),
    "IPython's shell": ("ip = get_ipython()\nip.run_cell = print", "get_ipython().run_cell"),
    "delete": ("delattr(np, 'm' + 'ax')", "numpy.max"),
    "past Python's recursion limit": ("y = " + " + ".join(["'a'"] * 3000) + "\nnp.max = print", "numpy.max"),
    "a chain written backwards": ("\n".join(f"v{i} = v{i - 1}" for i in range(30, 0, -1)) + "\nv0 = np\nv30.max = 0",
                                  "numpy.max"),
    "deep inside a method": ("class P:\n    def go(self):\n        import cnnlib.checks as c\n"
                             "        for n in ['assert_close']:\n            setattr(c, n, print)\nP().go()",
                             "cnnlib.checks.assert_close"),
}

HOSTILE_REVIEW = {
    "exec by alias": ("run = exec\nrun('x = 1')", "uses exec"),
    "eval from builtins": ("import builtins\ngetattr(builtins, 'ev' + 'al')('1')", "uses eval"),
    "history": ("def add(a, b):\n    print(In[-1])\n    return a + b", "uses In"),
    "history through globals": ("src = globals()['_i' + 'h'][-1]", "input history"),
    "frames": ("import inspect\nframe = inspect.currentframe()", "inspect.currentframe"),
    "frame by alias": ("import sys\ng = sys._getframe\ng(1)", "sys._getframe"),
    "gc walk": ("import gc\nfor o in gc.get_objects():\n    pass", "gc.get_objects"),
    "subclasses": ("kids = object.__subclasses__()", "__subclasses__"),
    "shell events": ("get_ipython().events.register('pre_run_cell', print)", "get_ipython().events"),
    "computed import": ("import importlib\nm = importlib.import_module(input())", "computed name"),
    "grader itself": ("import grader.integrity.guard", "grader"),
    "tracing": ("import sys\nsys.settrace(lambda *a: None)", "sys.settrace"),
}

HOSTILE_BORROW = {
    "alias": "from cnnlib import images as I\nf = I.filter_image",
    "variable": "m = images\nconv = m.filter_image",
    "assembled getattr": "conv = getattr(images, 'filter' + '_' + 'image')",
    "function parameter": "def pick(mod):\n    return mod.filter_image\n\nf = pick(images)",
    "container": "tools = {'a': images}\nf = tools['a'].filter_image",
    "globals": "f = globals()['images'].filter_image",
    "sys.modules": "import sys\nf = sys.modules['cnnlib.' + 'images'].filter_image",
    "__import__": "f = __import__('cnnlib.images', fromlist=['x']).filter_image",
    "a re-export": "from cnnlib import widgets\nf = widgets._images.filter_image",
    "vars with a key": "f = vars(images)['filter_image']",
}


def _scan(code: str, setup: str = SETUP):
    names = integrity.aliases([setup, code])
    tamper, review = integrity.scan([("cell 4", code)], names)
    flags, review2 = borrowed([("cell 4", code)], names, references.reference_answers(NB01))
    return tamper + flags, review + review2


def _cells(nb: dict) -> list[tuple[str, str]]:
    return [(f"cell {i + 1}", course.cell_source(c)) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_cell_a_learner_may_write_in_the_solutions_gives_a_finding(path):
    """Solution cells and the course's unlocked cells, read as the learner's (as grader.autograde.notebook does).

    Locked test cells are the course's own and are never scanned: 08's
    simulated GPU patches torch on purpose, and the scan duly reports it
    when asked to read that cell as a learner's.
    """
    from grader.autograde.cellkinds import is_trusted

    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    names = integrity.aliases([course.cell_source(c) for c in code])
    learner = [(f"cell {i + 1}", course.cell_source(c)) for i, c in enumerate(code) if not is_trusted(c)]
    solutions = [(label, src) for (label, src), c in zip(learner, [c for c in code if not is_trusted(c)], strict=True)
                 if course.nbgrader_meta(c).get("solution")]
    assert solutions
    assert integrity.scan(learner, names) == ([], []), path.name
    assert borrowed(solutions, names, references.reference_answers(path.stem)) == ([], []), path.name


def test_the_scan_reads_what_a_locked_cell_does_when_asked():
    nb = json.loads((ROOT / "solutions" / "08_alexnet_gpu.ipynb").read_text(encoding="utf-8"))
    code = [course.cell_source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    patching = [src for src in code if "setattr(owner, name, value)" in src]
    assert patching, "08 simulates a GPU by patching torch in a locked test cell"
    tamper, _ = integrity.scan([("cell", patching[0])], integrity.aliases(code))
    assert any("torch.cuda.is_available" in t for t in tamper), tamper


@pytest.mark.parametrize("kind", ["alternatives", "mistakes"])
def test_the_known_learner_implementations_give_no_finding(kind):
    table = all_alternatives() if kind == "alternatives" else all_mistakes()
    count = 0
    for stem, items in sorted(table.items()):
        nb = json.loads((ROOT / "solutions" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        names = integrity.aliases([src for _, src in _cells(nb)])
        for item in items:
            if not item.source.strip():
                continue
            learner = [(f"cell ({item.cell})", item.source)]
            found = integrity.scan(learner, names), borrowed(learner, names, references.reference_answers(stem))
            assert found == (([], []), ([], [])), (stem, item.name, found)
            count += 1
    assert count >= 20, f"only {count} {kind} were read"


@pytest.mark.parametrize("name", sorted(ORDINARY))
def test_ordinary_code_gives_no_finding(name):
    assert _scan(ORDINARY[name]) == ([], []), name


@pytest.mark.parametrize("name", sorted(HOSTILE_TAMPER))
def test_tampering_is_found_however_it_is_spelled(name):
    code, needle = HOSTILE_TAMPER[name]
    tamper, _ = integrity.scan([("cell 4", code)], integrity.aliases([SETUP, code]))
    assert tamper and any(needle in t for t in tamper), (name, tamper)
    assert all(t.startswith("cell 4 ") for t in tamper)


@pytest.mark.parametrize("name", sorted(HOSTILE_REVIEW))
def test_constructs_that_can_hide_tampering_are_named_for_review(name):
    code, needle = HOSTILE_REVIEW[name]
    tamper, review = _scan(code)
    assert tamper == [] and any(needle in r for r in review), (name, review)


@pytest.mark.parametrize("name", sorted(HOSTILE_BORROW))
def test_borrowing_is_found_however_it_is_spelled(name):
    code = HOSTILE_BORROW[name]
    flags, _ = borrowed([("cell 4", code)], integrity.aliases([SETUP, code]),
                                  references.reference_answers(NB01))
    assert len(flags) == 1 and "cnnlib.images.filter_image" in flags[0], (name, flags)
    # the same code in a notebook whose exercises it does not answer borrows nothing
    assert borrowed([("cell 4", code)], integrity.aliases([SETUP, code]),
                              references.reference_answers(NB03))[0] == []
