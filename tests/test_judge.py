"""The judge (grader/judge/): plain data on the wire, tests run outside the learner's process.

The protocol tests talk to the real server module through its real entry
point (``serve``), in this process; the hostile catalogue
(tests/test_grader_hostile.py, ANSWERS_FROM_INSIDE) grades the same through
real sandboxed kernels. The fail-closed test runs the real grader.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from grader.judge import decoder, server, wire
from grader.judge.judge import Judge
from grader.judge.plan import CoursePlan
from grader.judge.remote import JudgeAbort, Remote, RemoteError


def roundtrip(value):
    enc = wire.Encoder(lambda obj: (_ for _ in ()).throw(TypeError(type(obj).__name__)))
    text = wire.dumps(enc.encode(value))
    return decoder.Decoder(lambda tag: tag).decode(wire.loads(text))


@pytest.mark.parametrize("value", [
    None, True, 0, -7, 2**60, 1.5, complex(1, -2), "ünïcode", b"\x00\xff",
    (1, (2, [3, {"a": 4}])), {1: "x", (2, 3): [4.0]}, {1, 2}, frozenset({"a"}), slice(1, None, 2),
])
def test_plain_values_roundtrip(value):
    assert roundtrip(value) == value
    assert type(roundtrip(value)) is type(value)


def test_special_floats_and_types_roundtrip():
    out = roundtrip([math.inf, -math.inf, np.float32, int, np.dtype("<i2")])
    assert out[0] == math.inf and out[1] == -math.inf
    assert out[2] is np.float32 and out[3] is int and out[4] == np.dtype("<i2")
    assert math.isnan(roundtrip(math.nan))
    zero_d = roundtrip([np.array(3.0), torch.tensor(2), np.float32(1.5)])
    assert zero_d[0].shape == () and zero_d[1].shape == () and zero_d[2] == np.float32(1.5)


@pytest.mark.parametrize("dtype", ["<f8", "<f4", "<i8", "|u1", "|b1", "<c16", ">f8", "<f2"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    a = (np.arange(24).reshape(2, 3, 4) % 5).astype(dtype)
    b = roundtrip(a[:, ::-1])  # not contiguous on the way in
    assert b.shape == (2, 3, 4) and b.dtype == a.dtype.newbyteorder("<") and np.array_equal(b, a[:, ::-1])
    assert b.flags.writeable and b.flags.owndata


def test_tensors_keep_dtype_grad_and_parameters():
    t = torch.arange(6.0, dtype=torch.float64).reshape(2, 3).requires_grad_()
    p = torch.nn.Parameter(torch.ones(2, dtype=torch.float32))
    out = roundtrip([t, p, torch.zeros(2, dtype=torch.bfloat16), torch.float16, torch.device("cpu"), torch.Size([2, 3])])
    assert out[0].dtype == torch.float64 and out[0].requires_grad and torch.equal(out[0], t.detach())
    assert isinstance(out[1], torch.nn.Parameter) and out[1].dtype == torch.float32
    assert out[2].dtype == torch.bfloat16
    assert out[3] is torch.float16 and out[4] == torch.device("cpu") and out[5] == torch.Size([2, 3])


@pytest.mark.parametrize("data", [
    {"t": "nd", "dtype": "|O", "shape": [1], "b64": "AAAAAAAAAAA="},          # object dtype
    {"t": "nd", "dtype": "<f8", "shape": [3], "b64": "AAAAAAAAAAA="},         # bytes do not match the shape
    {"t": "nd", "dtype": "<f8", "shape": [-1], "b64": ""},                    # negative size
    {"t": "nd", "dtype": "[('a', '<f8')]", "shape": [1], "b64": "AAAAAAAAAAA="},  # structured
    {"t": "pickle", "b64": "gASVAAAAAAAAAAAu"},                              # never unpickled
    {"t": "type", "v": "os.system"},                                         # types only from the list
    {"t": "torch.dtype", "v": "nn"},
    {"t": "f", "v": "1e999999"},
    [1, 2],                                                                  # untagged list
    {"v": 1},                                                                # no tag
])
def test_the_decoder_refuses_what_is_not_plain_data(data):
    with pytest.raises(wire.WireError):
        decoder.Decoder(lambda tag: tag).decode(data)


def test_nesting_and_size_are_bounded():
    deep = None
    for _ in range(wire.MAX_DEPTH + 5):
        deep = {"t": "list", "v": [deep]}
    with pytest.raises(wire.WireError):
        decoder.Decoder(lambda tag: tag).decode(deep)
    with pytest.raises(wire.WireError):
        wire.loads("[" * 100_000 + "]" * 100_000)
    with pytest.raises(wire.WireError):
        wire.loads("x" * (wire.MAX_BYTES + 1))


def test_too_many_values_are_refused_before_parsing():
    """Red team round 5 (tests/attacks5/03_huge_answers): an answer of 30 million zeros, under the size
    bound, cost the worker 20 s and a gigabyte per call to parse before the decoder refused it. The
    values are counted (commas) before anything is parsed; a message within the bound still parses."""
    import time

    text = '{"t":"list","v":[' + "0," * (3 * wire.MAX_ITEMS + 5) + '0]}'   # what dumps writes, made faster
    assert len(text) < wire.MAX_BYTES
    start = time.perf_counter()
    with pytest.raises(wire.WireError, match="too many values"):
        wire.loads(text)
    assert time.perf_counter() - start < 2.0
    assert roundtrip([1, 2, 3]) == [1, 2, 3]


def test_answers_of_many_containers_or_values_are_refused_before_parsing():
    """Under the comma bound, 1.5 million tags of nothing (or empty lists, or a dict of 2 million keys)
    cost the worker 25-90 s and up to 1.3 GB to parse before the decoder refused them; 6 million short
    strings or numbers 13-15 s and 300-500 MB (at load 15). Lists and dicts are counted before parsing,
    and the commas against what that many containers can hold; an answer of 40,000 tags still parses,
    and the judge's own requests (containers=0) are not bounded so."""
    import time

    n = 3 * wire.MAX_ITEMS // 2
    for text in ('{"t":"list","v":[' + ",".join(['{"t":"f","v":"nan"}'] * n) + ']}',
                 '{"t":"list","v":[' + ",".join(['[]'] * n) + ']}',
                 '{"t":"list","v":[' + ",".join(['"xxxxxx"'] * 2 * n) + ']}',
                 '{"t":"list","v":[' + ",".join(['1.5'] * 2 * n) + ']}'):
        assert len(text) < wire.MAX_BYTES
        start = time.perf_counter()
        with pytest.raises(wire.WireError, match="more than 100,000 lists and dicts|too many values"):
            wire.loads(text)
        assert time.perf_counter() - start < 2.0
    many = '{"t":"list","v":[' + ",".join(['{"t":"f","v":"nan"}'] * 40_000) + ']}'
    assert len(decoder.Decoder(lambda t: t).decode(wire.loads(many))) == 40_000
    assert len(wire.loads('[' + ",".join(['[]'] * 200_000) + ']', containers=0)) == 200_000
    with pytest.raises(wire.WireError, match="malformed integer"):
        decoder.Decoder(lambda t: t).decode(wire.loads('{"t":"int","v":"' + "9" * 5000 + '"}'))


def test_a_view_must_stay_inside_its_argument():
    base = np.arange(10.0)
    ok = {"t": "view", "seq": 0, "offset": 16, "shape": [3], "strides": [16], "dtype": "<f8"}
    view = decoder.Decoder(lambda t: t, args=[base]).decode(ok)
    assert np.shares_memory(view, base) and list(view) == [2.0, 4.0, 6.0]
    for bad in ({**ok, "offset": 80}, {**ok, "shape": [6]}, {**ok, "strides": [-16]}, {**ok, "offset": 3},
                {**ok, "seq": 1}, {**ok, "dtype": "<f4"}):
        with pytest.raises(wire.WireError):
            decoder.Decoder(lambda t: t, args=[base]).decode(bad)


# -- the judge against the real server, in this process ---------------------------------------------

def kernel_namespace(source: str) -> dict:
    ns: dict = {"np": np}
    exec(source, ns)  # noqa: S102 - the learner's side of the protocol, in a test
    return ns


def judge_for(source: str, names=("f",), may_change=(), strict=False) -> tuple[Judge, dict]:
    ns = kernel_namespace(source)
    j = Judge(lambda text, timeout: server.serve(text, ns), set(names), set(may_change), strict)
    j.learn("import numpy as np\nfrom cnnlib import checks\n")
    return j, ns


def run(j: Judge, test: str) -> tuple[bool, list]:
    return j.run(test, 1, lambda: 30.0)


def test_a_right_function_passes_and_a_wrong_one_fails():
    test = "checks.assert_close(f(np.arange(3.0)), np.arange(3.0) * 2, 'f')\nprint('fine')\n"
    ok, outs = run(judge_for("def f(x):\n    return x * 2\n")[0], test)
    assert ok and outs == [{"output_type": "stream", "name": "stdout", "text": "fine\n"}]
    ok, outs = run(judge_for("def f(x):\n    return x * 3\n")[0], test)
    assert not ok and outs[-1]["ename"] == "CheckError"
    assert any(line.startswith("Cell In[1], line 1") for line in outs[-1]["traceback"])


def test_changes_to_arguments_come_back_in_place():
    """For an exercise whose contract is to change its arguments (an optimizer step)."""
    j, _ = judge_for("def f(x, d):\n    x[0] = 99.0\n    d['new'] = x[1:]\n    d.pop('old')\n    return x\n",
                     may_change=("f",))
    ok, outs = run(j, "a = np.zeros(3)\nd = {'old': 1}\nr = f(a, d)\n"
                      "assert a[0] == 99.0 and r is a\n"
                      "assert set(d) == {'new'} and np.shares_memory(d['new'], a)\n")
    assert ok, outs


@pytest.mark.parametrize("change", ["x[...] = 0.0", "x.resize(0, refcheck=False)", "layers[:] = []",
                                    "d['k'] = 1", "t.add_(1)"])
def test_a_learner_call_that_changes_the_tests_data_fails_the_cell(change):
    """With strict_inputs, any other learner call that changes an input fails its cell, even when
    the test goes on to compute its reference from that input (an attack zeroed the input and
    returned zeros); the test's own functions may change what they are given."""
    src = f"import torch\ndef f(x, layers, d, t):\n    {change}\n    return np.zeros_like(x)\n"
    j, _ = judge_for(src, strict=True)
    j.learn("import torch\ndef mine(x):\n    x[...] = 5.0\n")
    test = ("x = np.ones(3)\nlayers = [(3, 1, 0)]\nd = {}\nt = torch.ones(2)\n"
            "out = f(x, layers, d, t)\nassert np.array_equal(out, 0 * x)\n")
    ok, outs = run(j, test)
    assert not ok and "changed" in outs[-1]["evalue"] and "in place" in outs[-1]["evalue"], outs
    ok, outs = run(j, "import torch\nfrom cnnlib import checks\nx = np.ones(2)\n"
                      "checks.in_kernel(mine, x)\nassert list(x) == [5.0, 5.0]\n")
    assert ok, outs


def test_a_returned_view_shares_memory_like_in_process():
    j, _ = judge_for("def f(x):\n    return x.reshape(-1)[::2]\n")
    ok, outs = run(j, "a = np.arange(6.0).reshape(2, 3)\nv = f(a)\n"
                      "assert np.shares_memory(v, a) and list(v) == [0.0, 2.0, 4.0]\n")
    assert ok, outs


def test_learner_exceptions_are_rebuilt_for_assert_raises():
    j, _ = judge_for("def f(x):\n    if x < 0:\n        raise ValueError('x < 0: W=1 F=2')\n    return x\n")
    ok, outs = run(j, "checks.assert_raises(ValueError, f, -1, exercise='f', match='W=1')\n")
    assert ok, outs
    j, _ = judge_for("class Odd(Exception):\n    pass\ndef f(x):\n    raise Odd('no')\n")
    ok, outs = run(j, "f(1)\n")
    assert not ok and outs[-1]["ename"] == "RemoteError" and "Odd: no" in outs[-1]["evalue"]


def test_objects_stay_in_the_kernel_behind_a_proxy():
    j, ns = judge_for("class Net:\n    def __init__(self, k):\n        self.w = np.full(2, float(k))\n"
                      "    def forward(self, x):\n        return x * self.w\n", names=("Net",))
    j.namespace["Remote"] = Remote
    ok, outs = run(j, "n = Net(3)\nassert isinstance(n, Remote)\n"
                      "assert list(n.forward(np.ones(2))) == [3.0, 3.0]\nn.w = np.zeros(2)\n"
                      "assert list(n.forward(np.ones(2))) == [0.0, 0.0]\n")
    assert ok, outs


def test_only_declared_attributes_of_the_tests_objects_come_back():
    """A call may change a test object's parameters and the attributes its class declares in
    ``judge_copy_back`` (a probe's record); anything else it changes (a loader's dataset, a
    constant a reference reads afterwards) stays as the test made it."""
    j, _ = judge_for("def f(obj):\n    obj.calls.append(1)\n    obj.dataset = [0]\n    obj.gain = 0.0\n    return 1\n")
    j.learn("class Probe:\n    judge_copy_back = ('calls',)\n"
            "    def __init__(self):\n        self.calls, self.dataset, self.gain = [], [1, 2, 3], 4.0\n")
    ok, outs = run(j, "p = Probe()\nf(p)\nassert p.calls == [1], p.calls\n"
                      "assert p.dataset == [1, 2, 3] and p.gain == 4.0, (p.dataset, p.gain)\n")
    assert ok, outs


def test_the_tests_own_work_is_bounded_by_the_cell_limit():
    """Work the judge does between requests (a reference run the learner's call made huge) stops
    at the cell's deadline, not at the pool's backstop."""
    import time

    j, _ = judge_for("def f(x):\n    return x\n")
    deadline = time.monotonic() + 1.0
    start = time.monotonic()
    ok, outs = j.run("f(1)\nwhile True:\n    pass\n", 1, lambda: deadline - time.monotonic())
    assert not ok and "time limit" in outs[-1]["evalue"]
    assert time.monotonic() - start < 10


def test_isinstance_sees_the_torch_class_a_kernel_module_derives_from():
    """An honest nn.Sequential subclass with a forward of its own stays in the kernel, and is
    still an nn.Sequential to the tests; a plain object is no Module."""
    j, _ = judge_for("import torch\nclass Block(torch.nn.Sequential):\n    def forward(self, x):\n"
                     "        return super().forward(x)\nclass Plain:\n    pass\n", names=("Block", "Plain"))
    j.learn("import torch\n")
    j.namespace["Remote"] = Remote
    ok, outs = run(j, "b = Block(torch.nn.ReLU())\nassert type(b) is Remote\n"
                      "assert isinstance(b, torch.nn.Sequential) and isinstance(b, torch.nn.Module)\n"
                      "p = Plain()\nassert not isinstance(p, torch.nn.Module) and isinstance(p, Remote)\n")
    assert ok, outs


def test_a_submodule_the_call_replaced_comes_back():
    """prepare_transfer puts a new head on the test's model: the judge's model gets it (a torch.nn
    layer, rebuilt with PyTorch's code), with the frozen flags of the rest."""
    j, _ = judge_for("import torch\nfrom torch import nn\ndef f(model, n):\n"
                     "    for p in model.parameters():\n        p.requires_grad_(False)\n"
                     "    model.fc = nn.Linear(model.fc.in_features, n)\n    return model\n")
    j.learn("import torch\nfrom torch import nn\nfrom collections import OrderedDict\n")
    ok, outs = run(j, "net = nn.Sequential(OrderedDict(stem=nn.Conv2d(2, 6, 3), fc=nn.Linear(6, 9)))\n"
                      "out = f(net, 4)\nassert out is net and out.fc.out_features == 4 and out.fc.in_features == 6\n"
                      "assert not out.stem.weight.requires_grad and out.fc.weight.requires_grad\n")
    assert ok, outs


def test_test_code_cannot_swallow_an_abort():
    def send(text, timeout):
        return "not json"

    j = Judge(send, {"f"})
    j.learn("import numpy as np\n")
    ok, outs = j.run("try:\n    f(1)\nexcept BaseException:\n    pass\n", 1, lambda: 30.0)
    assert not ok and outs[-1]["ename"] == "GraderError"


def test_a_test_past_its_time_fails():
    j, _ = judge_for("def f(x):\n    return x\n")
    ok, outs = j.run("f(1)\n", 1, lambda: -1.0)
    assert not ok and "time limit" in outs[-1]["evalue"]


def test_hidden_source_never_reaches_the_kernel():
    seen = []
    ns = kernel_namespace("def f(x):\n    return x + 1\n")

    def send(text, timeout):
        seen.append(text)
        return server.serve(text, ns)

    j = Judge(send, {"f"})
    j.learn("import numpy as np\nfrom cnnlib import checks\n")
    secret = "SECRET_REFERENCE_42"
    ok, _ = j.run(f"{secret} = 41\nchecks.assert_close(f(np.array([float({secret})])), [42.0], 'f')\n", 1, lambda: 30.0)
    assert ok and seen and not any(secret in s for s in seen)
    assert all(json.loads(s)["op"] in ("lookup", "call") for s in seen)


def test_the_plan_takes_helpers_from_the_course_and_exercises_from_the_learner():
    def cell(src, **meta):
        return {"cell_type": "code", "source": src, "metadata": {"nbgrader": meta} if meta else {}}

    plan = CoursePlan([
        cell("import numpy as np\nphoto = np.ones(3)\nslow = expensive()\n"),          # a plain course cell
        cell("def relu(x):\n    raise NotImplementedError\n", solution=True, grade_id="relu"),
        cell("out = relu(photo)\nassert out.shape == photo.shape\n", grade=True, grade_id="test_relu"),
        cell("demo = relu(photo)\n"),
    ])
    assert plan.exercise_names == {"relu"}
    assert "photo" in plan.needed and "slow" not in plan.needed
    assert [pos for pos, _, _ in plan.before("test_relu")] == [0]
    j = Judge(lambda t, s: "", plan.exercise_names)
    for _, label, src in plan.before("test_relu"):
        j.learn(src, label, plan.needed)
    assert "photo" in j.namespace and "slow" not in j.namespace


def test_remote_errors_are_exceptions_tests_can_expect():
    assert issubclass(RemoteError, Exception) and not issubclass(JudgeAbort, Exception)


# -- fail closed, through the real grader ------------------------------------------------------------

@pytest.mark.slow
def test_a_kernel_that_never_starts_scores_zero(tmp_path):
    from tests import grader_catalogue as cat
    from tests import small_class

    env = small_class.env(tmp_path / "cache")
    release = tmp_path / "release"
    assert small_class.run("release", "--notebooks", release, env=env).returncode == 0
    solved = cat.with_cells(cat.student_copy(cat.NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    cat.write(solved, tmp_path / "class" / "good" / f"{cat.NB1}.ipynb")
    out = tmp_path / "grades"
    # 40 MB is too little for a Python kernel with NumPy: it dies before the first cell
    proc = small_class.run("grade", tmp_path / "class", "--out", out, "--memory", "40M", "--timeout", "20", env=env)
    row = small_class.grades(out)["good"][cat.NB1]
    assert row["status"] == "crashed", (row, proc.stdout[-2000:], proc.stderr[-2000:])
    assert row["score"] == 0.0 and all(t["score"] == 0.0 for t in row["tests"].values()), row


# -- what a test decides from: a real result, values rather than records ------------------------------

@pytest.mark.parametrize("learner, passes", [
    ("def f(x):\n    return x * 2.0\n", True),
    ("def f(x):\n    return None\n", False),          # a stub changes nothing: no credit for leaving x alone
    ("def f(x):\n    return np.zeros(3)\n", False),   # a result, of the wrong shape
    ("def f(x):\n    return (x * 2.0).astype(int)\n", False),  # integers where numbers were asked for
    ("def f(x):\n    x *= 2.0\n    return x\n", False),  # changes its input
])
def test_inputs_unchanged_counts_only_on_a_real_result(learner, passes):
    j, _ = judge_for(learner)
    ok, outs = run(j, "checks.call_unchanged(f, np.ones((2, 2)), exercise='f', returns=(2, 2))\n")
    assert ok is passes, outs
    if not passes and "return x\n" not in learner:
        assert "no real result" in outs[-1]["evalue"] and "inputs unchanged" in outs[-1]["evalue"]


def test_inputs_unchanged_without_a_shape_still_wants_a_result():
    ok, outs = run(judge_for("def f(x, y):\n    return None\n")[0],
                   "checks.call_unchanged(f, np.ones(2), np.ones(2), exercise='f')\n")
    assert not ok and "returned None" in outs[-1]["evalue"]
    ok, outs = run(judge_for("def f(x, y):\n    return x + y, None\n")[0],
                   "checks.call_unchanged(f, np.ones(2), np.ones(2), exercise='f', returns=[(2,), (2,)])\n")
    assert not ok and "result 2" in outs[-1]["evalue"]


def _lenet_judge(learner: str, grade_id: str) -> Judge:
    """A judge for notebook 07's test cell ``grade_id``, as the grader builds it, with ``learner``
    as the learner's solution cells (the kernel is this process's server module)."""
    from tests import course

    nb = course.load(course.SOLUTIONS / "07_lenet.ipynb")
    plan = CoursePlan(nb["cells"])
    ns = {"__name__": "__main__"}
    exec("import copy\nimport numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
         "from torch.utils.data import DataLoader, TensorDataset\n" + learner, ns)  # noqa: S102
    j = Judge(lambda text, timeout: server.serve(text, ns), plan.exercise_names)
    for _, label, src in plan.before(grade_id):
        j.learn(src, label, plan.needed)
    return j


def _lenet_test(grade_id: str) -> str:
    from tests import course

    nb = course.load(course.SOLUTIONS / "07_lenet.ipynb")
    return next(course.source(c) for c in nb["cells"] if course.nbgrader_meta(c).get("grade_id") == grade_id)


def _lenet_solution(*cells: str) -> str:
    from tests import course

    return "\n".join(course.strip_markers(course.source(course.solution_cells(
        course.load(course.SOLUTIONS / "07_lenet.ipynb"))[cell])) for cell in cells)


# the red team's stubs (branch attack, tests/attacks/forge_probe_calls_07): they never run the model and
# write the record of calls the old tests read
FORGED_RECORDS = ("def train_one_epoch(model, loader, optimizer, device):\n"
                  "    model.calls = [(True, True)] * len(loader)\n    return 0.0\n"
                  "def evaluate(model, loader, device):\n"
                  "    model.calls = [(False, False)] * len(loader)\n    return 0.0\n")
# ... and tests/attacks/lie_parameters_grad_07: conv1's weight gets no gradient, parameters() hides that
LYING_PARAMETERS = '''
class LeNet5(nn.Module):
    def __init__(self, num_classes=10, in_channels=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def parameters(self, recurse=True):
        for p in super().parameters(recurse):
            if p.grad is None:
                p.grad = torch.zeros_like(p)
            yield p

    def forward(self, x):
        x = F.max_pool2d(F.relu(F.conv2d(x, self.conv1.weight.detach(), self.conv1.bias)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        return self.fc3(F.relu(self.fc2(x)))
'''


@pytest.mark.parametrize("grade_id", ["test_train_one_epoch_mode", "test_evaluate_mode", "test_evaluate_no_grad"])
def test_mode_tests_read_the_mode_from_values_not_from_records(grade_id):
    test = _lenet_test(grade_id)
    ok, outs = _lenet_judge(_lenet_solution("train_one_epoch", "evaluate"), grade_id).run(test, 1, lambda: 60.0)
    assert ok, outs
    ok, outs = _lenet_judge(FORGED_RECORDS, grade_id).run(test, 1, lambda: 60.0)
    assert not ok and ("is the accuracy of no run" in outs[-1]["evalue"] or "no epoch of training" in outs[-1]["evalue"]), outs


def test_gradients_are_checked_against_the_outputs_not_taken_on_the_kernels_word():
    test = _lenet_test("test_LeNet5_forward_gradients")
    ok, outs = _lenet_judge(_lenet_solution("LeNet5"), "test_LeNet5_forward_gradients").run(test, 1, lambda: 60.0)
    assert ok, outs
    ok, outs = _lenet_judge(LYING_PARAMETERS, "test_LeNet5_forward_gradients").run(test, 1, lambda: 60.0)
    assert not ok and "conv1.weight" in outs[-1]["evalue"] and "no gradient reaches" in outs[-1]["evalue"], outs


# -- hidden parts: what the learner's code says during one never reaches an output --------------------

def test_a_hidden_part_shows_no_text_the_learners_code_made():
    j, _ = judge_for("def f(x):\n    raise ValueError('kept: ' + repr(x.tolist()))\n")
    test = ("checks.assert_raises(ValueError, f, np.ones(2), exercise='f', match='kept')\n"
            "### BEGIN HIDDEN TESTS\n"
            "checks.assert_raises(ValueError, f, np.array([7.25, 8.5]), exercise='f', match='9.75')\n"
            "### END HIDDEN TESTS\n")
    ok, outs = j.run(test, 1, lambda: 30.0, part="visible")
    assert ok, outs
    ok, outs = j.run(test, 1, lambda: 30.0, part="hidden", namespace=dict(j.namespace))
    shown = json.dumps(outs)
    assert not ok and "7.25" not in shown and "kept" not in shown, shown
    assert "Cell In[1], line 3" in outs[-1]["traceback"]  # the hidden part keeps its own line numbers
    # the visible part shows the learner's own message, as before
    ok, outs = j.run("f(np.ones(2))\n", 2, lambda: 30.0)
    assert not ok and "kept: [1.0, 1.0]" in outs[-1]["evalue"]


def test_a_call_inside_no_grad_runs_without_gradients_in_the_kernel():
    """A test's `with torch.no_grad(): got = block(x)` holds for the learner's call too (else the
    scores come back requiring gradients and .numpy() refuses them)."""
    seen = []
    ns = kernel_namespace("import torch\ndef f(x):\n    return x * 2\n")

    def send(text, timeout):
        seen.append(json.loads(text))
        if seen[-1].get("no_grad"):  # this process shares torch's grad mode with the test: undo it here
            with torch.enable_grad():
                return server.serve(text, ns)
        return server.serve(text, ns)

    j = Judge(send, {"f"})
    j.learn("import torch\n")
    ok, outs = j.run("x = torch.ones(2, requires_grad=True)\nwith torch.no_grad():\n    y = f(x)\n"
                     "assert not y.requires_grad\nassert f(x).requires_grad\n", 1, lambda: 30.0)
    assert ok, outs
    calls = [r for r in seen if r["op"] == "call"]
    assert [r.get("no_grad", False) for r in calls] == [True, False]


def test_large_arrays_travel_as_frames_and_only_in_requests():
    """With ``binary`` (how the grader runs it), a call's large arrays and tensors leave the judge as
    raw frames beside the request's JSON (grader.judge.wire's "buf" tags; no base64 of a model's
    weights to quote, compile and parse), reach the learner's function with their values, and
    what it changes in place comes back; an answer from the kernel that names a frame is malformed
    (answers are decoded without frames)."""
    ns = kernel_namespace("def f(a, t, small):\n    a[0] = -1.0\n"
                          "    return float(a.sum()), float(t.sum()), small.tolist(), t.dtype\n")
    sent = []

    def send(text, timeout, frames):
        sent.append((text, [bytes(f) for f in frames]))
        return server.serve(text, ns, frames)

    j = Judge(send, {"f"}, binary=True)
    a = np.arange(40_000, dtype=np.float64)
    t = torch.arange(3000, dtype=torch.float32).reshape(3, 1000)
    small = np.array([1, 2, 3], dtype=np.int16)
    total, t_sum, listed, dtype = j.lookup(["f"])["f"](a, t, small)
    text, frames = sent[-1]
    assert [len(f) for f in frames] == [a.nbytes, t.numel() * 4], "the two large arrays are frames"
    assert len(text) < 2000 and '"buf"' in text and '"b64"' in text, "the small one stays in the JSON"
    assert total == float(np.arange(40_000).sum()) - 1.0 and t_sum == float(t.sum())
    assert listed == [1, 2, 3] and dtype == torch.float32
    assert a[0] == -1.0, "a change in place comes back"
    tag = {"v": {"t": "nd", "dtype": "<f8", "shape": [2], "buf": 0}}
    with pytest.raises(JudgeAbort, match="not plain data"):
        Judge(lambda text, timeout, frames: json.dumps(tag), {"f"}, binary=True).request({"op": "len"})


def test_a_name_a_test_reads_before_binding_it_is_the_learners():
    """nbgrader's quickstart rebinds `squares` in a later test: it is still fetched from the kernel; a test's own
    locals (assigned first, parameters, loop and comprehension names) are not."""
    from grader.judge.plan import CoursePlan, reads_first

    deleting = ("orig = squares\ndel squares\ntry:\n    total(1)\nexcept NameError:\n    pass\n"
                "finally:\n    squares = orig\n")
    assert reads_first(deleting) == {"squares", "total", "NameError"}
    assert reads_first("want = [1]\nassert [k for k in squares(1)] == want\ndef h(x):\n    return g(x)\n") == \
        {"squares", "g"}
    cells = [{"cell_type": "code", "source": "def squares(n): ...", "metadata": {"nbgrader": {"solution": True}}},
             {"cell_type": "code", "source": "assert squares(1) == [1]",
              "metadata": {"nbgrader": {"grade": True, "grade_id": "t1", "points": 1}}},
             {"cell_type": "code", "source": deleting,
              "metadata": {"nbgrader": {"grade": True, "grade_id": "t2", "points": 1}}}]
    assert CoursePlan(cells).exercise_names == {"squares", "total"}
