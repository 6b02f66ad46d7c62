"""The clean room (grader/integrity/cleanroom.py): what a sandboxed kernel of a notebook can reach.

A kernel of notebook 03 is built as grading builds it (its allowance, a zygote
of that allowance, the kernel's private view of site-packages and cnnlib) and
asked, from inside, for what it must not have: PyTorch and cnnlib's reference
answers of 03, by every spelling (import, importlib, the file, a spec made from
the file's path, the .pyc, sys.modules, gc). Also: the course cells a graded
kernel skips, and that none of this applies without the sandbox.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import site
import sys
import tempfile
from pathlib import Path

import pytest

from grader.autograde.kernels import close_shared_pool, shared_pool
from grader.autograde.preprocessors.limitedexecute import LimitedExecute
from grader.course import config
from grader.integrity import cleanroom, references, sites, stubs
from grader.sandbox import bwrap as sandbox
from grader.sandbox.probe import probe
from grader.sandbox.zygote import Zygote

ROOT = Path(__file__).resolve().parents[1]
NB03 = "03_relu_and_pooling"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox needs Linux")


def _executor(stem: str, sandboxed: bool = True) -> LimitedExecute:
    le = LimitedExecute(config=config.load_config())
    le.sandbox = sandboxed
    le._stem = stem
    return le


class CleanKernel:
    """A sandboxed kernel of ``stem`` in its clean room, as LimitedExecute launches one."""

    def __init__(self, stem: str):
        from jupyter_client import BlockingKernelClient
        from jupyter_client.connect import write_connection_file

        why = probe()
        if why is not None:
            pytest.skip(why)
        self.le = le = _executor(stem)
        cfg = le.config
        sandbox.configure(cfg)  # the course's packages in the sandbox (c.Sandbox), as LimitedExecute sets them
        self.zygote = Zygote(dict(os.environ), sandboxed=True, allowed=le._importable(),
                             hidden=references.reference_modules(cfg))
        # the fence keeps what the clean room hides out of the zygote's memory, even when asked for it
        self.zygote.preload(["cnnlib.layers", "torch", *le._allowed_modules(le.modules())])
        view = cleanroom.kernel_view(stem, cfg, references.reference_answers(stem, cfg), self.zygote.runs)
        self.run = tempfile.mkdtemp(prefix="k-", dir=self.zygote.runs)
        connection, _ = write_connection_file(os.path.join(self.run, "kernel.json"), transport="ipc",
                                              ip=os.path.join(self.run, "k"))
        argv, _ = le._spec()
        cut = argv.index("--")
        self.kernel = self.zygote.spawn([*argv[3:cut], "--", "-f", connection], cwd=self.run,
                                        env={**os.environ, "NBGRADER_EXECUTION": "autograde"},
                                        log=os.path.join(self.run, "kernel.log"), view=view)
        self.client = BlockingKernelClient(connection_file=connection)
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)

    def run_code(self, code: str) -> tuple[str, str]:
        """(stdout, 'Ename: evalue' of an error or '') of ``code``."""
        out: list[str] = []
        err: list[str] = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                err.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

        self.client.execute_interactive(code, timeout=120, output_hook=hook, allow_stdin=False)
        return "".join(out), "".join(err)

    def close(self) -> None:
        self.client.stop_channels()
        self.kernel.kill()
        try:
            self.kernel.wait(timeout=10)
        except Exception:  # noqa: BLE001
            pass
        shutil.rmtree(self.run, ignore_errors=True)
        self.zygote.close()


@pytest.fixture(scope="module")
def kernel03():
    k = CleanKernel(NB03)
    yield k
    k.close()


def _body_lines(path: Path, name: str) -> list[str]:
    """The lines of the body of function ``name`` in ``path`` (the answer's text), stripped, non-trivial."""
    text = path.read_text(encoding="utf-8")
    node = next(n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef) and n.name == name)
    start = node.body[1].lineno if isinstance(node.body[0], ast.Expr) and len(node.body) > 1 else node.body[0].lineno
    lines = text.splitlines()[start - 1:node.end_lineno]
    return [ln.strip() for ln in lines if len(ln.strip()) > 12]


def test_a_03_kernel_cannot_import_torch_by_any_spelling(kernel03):
    out, err = kernel03.run_code("import torch")
    assert err.startswith("ModuleNotFoundError") and NB03 in err and "allowance" in err and "numpy" in err, err
    probe = (
        "import importlib, importlib.util, sys, os, gc, types\n"
        "hits = []\n"
        "try:\n    importlib.import_module('hcrot'[::-1]); hits.append('importlib')\nexcept ImportError:\n    pass\n"
        f"for site in {sites.site_folders()!r}:\n"
        "    hits += [site + '/' + n for n in os.listdir(site) if 'torch' in n]\n"
        "    sys.path.insert(0, site)\n"
        "try:\n    __import__('torch'); hits.append('sys.path')\nexcept ImportError:\n    pass\n"
        "hits += [k for k in sys.modules if k.split('.')[0] == 'torch']\n"
        "hits += [m.__name__ for m in gc.get_objects() if isinstance(m, types.ModuleType)"
        " and m.__name__.split('.')[0] == 'torch']\n"
        "print('HITS', hits)\n")
    out, err = kernel03.run_code(probe)
    assert not err and "HITS []" in out, (out, err)


def test_a_03_kernel_cannot_read_relu_forward_by_any_spelling(kernel03):
    real = ROOT / "cnnlib" / "layers.py"
    body = _body_lines(real, "relu_forward")
    assert body, "relu_forward has a body to look for"
    out, err = kernel03.run_code(
        "import cnnlib.layers as L\nimport numpy as np\nL.relu_forward(np.ones(2))")
    assert err.startswith("HiddenReference") and "cnnlib.layers.relu_forward" in err and NB03 in err \
        and "write your own" in err, err
    probe = (
        "import importlib, importlib.util, sys, os, glob, gc, types\n"
        "texts = {}\n"
        f"for path in [{str(real)!r}, sys.modules['cnnlib.layers'].__file__]:\n"
        "    texts[path] = open(path).read()\n"
        f"for path in glob.glob({str(ROOT / 'cnnlib')!r} + '/**/*', recursive=True):\n"
        "    if os.path.isfile(path):\n"
        "        texts[path] = open(path, 'rb').read().decode('latin-1')\n"
        f"spec = importlib.util.spec_from_file_location('copy_of_layers', {str(real)!r})\n"
        "mod = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(mod)\n"
        "try:\n    mod.relu_forward(1.0); texts['spec'] = 'ran the answer'\nexcept Exception as exc:\n"
        "    texts['spec'] = type(exc).__name__\n"
        "lay = importlib.import_module('cnnlib.' + 'sreyal'[::-1])\n"
        "try:\n    getattr(lay, 'drawrof_uler'[::-1])(1.0); texts['getattr'] = 'ran the answer'\n"
        "except Exception as exc:\n    texts['getattr'] = type(exc).__name__\n"
        "codes = [f.__code__ for f in gc.get_objects() if isinstance(f, types.FunctionType)"
        " and f.__name__ == 'relu_forward']\n"
        "texts['code'] = repr([c.co_consts for c in codes])\n"
        "print(repr(texts))\n")
    out, err = kernel03.run_code(probe)
    assert not err, err
    texts = ast.literal_eval(out.strip())
    assert texts["spec"] == "HiddenReference" and texts["getattr"] == "HiddenReference", texts
    assert not [p for p in texts if p.endswith(".pyc") or "__pycache__" in p], "a compiled copy is readable"
    for path, text in texts.items():
        assert not [line for line in body if line in text], f"relu_forward's body is readable in {path}"
    # what 03 may use still works: numpy, matplotlib, cnnlib's other names (02's output_size)
    out, err = kernel03.run_code("import matplotlib.pyplot, cnnlib.checks, cnnlib.images\n"
                                 "print(L.output_size(5, 3), cnnlib.images.sobel_x().shape)")
    assert not err and "3 (3, 3)" in out, (out, err)


def test_zygotes_are_kept_apart_by_allowance():
    """A zygote that imported PyTorch for 07 never forks a 03 kernel (it would hold torch in memory)."""
    if probe() is not None:
        pytest.skip("no sandbox here")
    le07, le03 = _executor("07_lenet"), _executor(NB03)
    assert "torch" in le07._importable() and "torch" not in le03._importable()
    assert "torch" not in le03._allowed_modules(["numpy", "torch", "torch.nn", "cnnlib.checks"])
    z03 = le03._zygote_for({})
    try:
        z07 = le07._zygote_for({})
        assert z07 is not z03 and shared_pool().zygotes[z03.allowed] is z03
        assert le03._zygote_for({}) is z03
    finally:
        close_shared_pool()


def test_without_the_sandbox_nothing_is_restricted():
    le = _executor(NB03, sandboxed=False)
    assert le._importable() is None
    assert le._allowed_modules(["torch", "numpy"]) == ["torch", "numpy"]
    assert "--clean-room" not in le._spec()[0]
    assert "--clean-room" in _executor(NB03)._spec()[0]


def test_the_graded_kernel_skips_test_helpers_and_cells_outside_the_allowance():
    def cells(stem):
        return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]

    def ids(stem, allowed):
        nb = cells(stem)
        skip = cleanroom.skipped_cells(nb, allowed)
        return {nb[i].get("metadata", {}).get("nbgrader", {}).get("grade_id") for i in skip}, skip, nb

    le05 = _executor("05_backprop")
    got, skip, nb = ids("05_backprop", set(le05._importable()))
    assert "reference_torch" in got and "setup" not in got  # torch_grads with PyTorch; the setup runs
    assert not [i for i in skip if (nb[i].get("metadata", {}).get("nbgrader") or {}).get("solution")]
    got, _, _ = ids("07_lenet", set(_executor("07_lenet")._importable()))
    assert got == {"reference_lenet"}  # reference_train_one_epoch, Probe: only the judge needs them
    got, _, _ = ids("09_what_cnns_learn", None)
    assert got == {"reference_models"}  # region_drop and the reference models
    # a learner cell that reads a helper does not make it run: decided on the release
    nb = cells("07_lenet")
    tests_only = cleanroom.skipped_cells(nb, None, helpers=False)
    assert not tests_only  # where the tests run in the kernel, their helpers run there too


def test_course_cells_that_call_a_reference_answer_do_not_run_in_the_graded_kernel():
    """Rule 4 (red team round 3: slide01, predict07): a demonstration that calls an answer, e.g. 01's
    sliding-window widget or 07's training.predict, has only a stub in the clean room; importing one
    in a setup cell, or calling one inside a function the cell only defines, is fine."""
    def code(src, **nbgrader):
        return {"cell_type": "code", "source": src, "metadata": {"nbgrader": nbgrader} if nbgrader else {}}

    refs = ("pkg.widgets.Slider", "pkg.training.predict")
    nb = [code("import numpy as np\nfrom pkg.widgets import Slider\nfrom pkg import training\nimport pkg.training as tr"),
          code("Slider(np.ones(3))"),                              # 1: calls the widget
          code("y = training.predict(1, 2)"),                      # 2: module alias
          code("z = tr.predict(1, 2)"),                            # 3: import ... as
          code("def later():\n    return training.predict(0, 0)"),  # 4: only defines
          code("print(y)"),                                        # 5: reads what 2 binds
          code("w = pkg.training.predict(3, 4)"),                  # 6: spelled out
          code("def f(x):\n    return x", solution=True, grade_id="f")]
    skip = cleanroom.skipped_cells(nb, {"numpy", "pkg"}, references=refs)
    assert set(skip) == {1, 2, 3, 5, 6}
    assert skip[1].startswith("uses pkg.widgets.Slider, a reference answer") and "stub" in skip[2]
    assert skip[5] == "reads what a cell the graded kernel does not run defines"
    assert cleanroom.skipped_cells(nb, None, references=refs) == {}  # no clean room: nothing is a stub


def test_a_kept_reference_works_for_the_package_and_refuses_everyone_else():
    """c.CleanRoom.keep (red team round 4: type(pretrained_digits())(...) built 11's kept ResNet): the
    package's own code may call or build it; learner code, directly, through an instance's type or a
    subclass, may not."""
    src = ('"""doc"""\nclass Net:\n    def __init__(self, n=1):\n        self.n = n\n\n\n'
           'def helper(x):\n    return x + 1\n\n\ndef build():\n    return Net(3), helper(1)\n')
    out = stubs.hide_in_module(src, set(), "pkg.mod", "11_x", {"Net", "helper"})
    package: dict = {"__name__": "pkg.mod"}
    exec(compile(out, "mod", "exec"), package)  # noqa: S102 - the test's own text
    net, two = package["build"]()
    assert (net.n, two) == (3, 2)
    learner = {"__name__": "__main__", "Net": package["Net"], "helper": package["helper"], "net": net}
    for code in ["Net(2)", "helper(2)", "type(net)(5)", "class Mine(Net):\n    pass\nMine()"]:
        with pytest.raises(RuntimeError, match=r"pkg\.mod\.(Net|helper) is a reference answer of 11_x"):
            exec(compile(code, "cell", "exec"), dict(learner))  # noqa: S102


def test_a_hidden_definition_leaves_no_text_and_keeps_the_module_importable():
    src = ('"""doc"""\nfrom __future__ import annotations\nimport numpy as np\n\n'
           'TABLE = {"a": np.ones(2) * 41.5}\nfor _k in TABLE.values():\n    _k.setflags(write=False)\n\n\n'
           '@staticmethod\ndef secret(x):\n    return x * 41.5\n\n\ndef kept(x):\n    return secret(x)\n\n\n'
           'class Net:\n    scale = 41.5\n\n\nclass Wider(Net):\n    pass\n')
    out = stubs.hide_in_module(src, {"secret", "TABLE", "Net"}, "pkg.mod", "03_x")
    assert "41.5" not in out and out.startswith('"""doc"""\nfrom __future__ import annotations\n')
    space: dict = {}
    exec(compile(out, "mod", "exec"), space)  # noqa: S102 - the test's own text
    for call in (lambda: space["kept"](1), lambda: space["TABLE"]["a"], lambda: list(space["TABLE"]),
                 lambda: space["Wider"]()):
        with pytest.raises(RuntimeError, match=r"pkg\.mod\.(secret|TABLE|Net) is a reference answer of 03_x"):
            call()


def test_the_allowance_is_configured_per_notebook():
    cfg = config.load_config()
    assert cleanroom.allowance("03_relu_and_pooling", cfg)[0] == "numpy"
    assert "torch" in cleanroom.allowance("07_lenet", cfg)
    assert cleanroom.allowance("99_new", cfg) is None
    cfg = config.load_config(**{"CleanRoom.allowed": {"99": ["numpy"]}})
    assert cleanroom.allowance("99_new", cfg) == ["numpy"] and cleanroom.allowance("03_x", cfg) is None
    dists = sites.closure(["matplotlib"])
    assert {"matplotlib", "numpy", "pillow"} <= dists and "torch" not in dists
    view = sites.site_view(["numpy"], ["ipykernel"], "cnnlib")
    here = os.path.realpath(site.getsitepackages()[0])
    assert "numpy" in view[here] and "torch" not in view[here] and "__pycache__" not in view[here]


def _training_loops_in_the_package() -> dict[str, set[str]]:
    """{"step": functions of cnnlib that run backward() and an optimizer's step(), "accuracy":
    functions that compare an argmax with labels}, as dotted names, read from the package's source.
    cnnlib.checks and cnnlib.inspection are the tests' own helpers; cnnlib.layers holds the NumPy
    layers, whose answers are 02-05's (listed there)."""
    found: dict[str, set[str]] = {"step": set(), "accuracy": set()}
    for path in sorted((ROOT / "cnnlib").glob("*.py")):
        if path.stem in ("checks", "inspection", "layers"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            calls = {n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
            compares = any(isinstance(n, ast.Compare) and any(isinstance(o, ast.Eq) for o in n.ops)
                           for n in ast.walk(node))
            name = f"cnnlib.{path.stem}.{node.name}"
            if {"step", "backward"} <= calls:
                found["step"].add(name)
            if "argmax" in calls and compares:
                found["accuracy"].add(name)
    return found


def test_every_training_step_and_accuracy_of_the_package_is_a_reference_of_07_and_08():
    """Red team round 5: 07's train_one_epoch was cnnlib.experiments.loss_curve(..., steps=len(loader)),
    its evaluate cnnlib.transfer.accuracy, and 08's train_step loss_curve with one batch: helpers of other
    notebooks that the reference table did not list. Not the single helper but the kind: every function
    of the package that steps an optimizer answers 07's train_one_epoch and 08's train_step, and every one
    that counts correct predictions answers 07's evaluate; each must be in those notebooks' tables (stubbed,
    or kept real for the notebook's own demonstrations and refused to learner code)."""
    cfg = config.load_config()
    found = _training_loops_in_the_package()
    assert {"cnnlib.experiments.loss_curve", "cnnlib.training.train_epoch"} <= found["step"]  # the scan sees them
    assert "cnnlib.transfer.accuracy" in found["accuracy"]
    for stem, kinds in [("07_lenet", ("step", "accuracy")), ("08_alexnet_gpu", ("step",))]:
        listed = set(references.reference_answers(stem, cfg))
        missing = sorted(name for kind in kinds for name in found[kind] - listed)
        assert not missing, f"{stem}: add to c.Integrity.reference_answers (grader/nbgrader_config.py): {missing}"
