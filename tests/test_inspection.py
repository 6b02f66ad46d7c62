"""cnnlib.inspection: counting the Python lines a learner's function executes."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from cnnlib.checks import CheckError
from cnnlib.inspection import assert_loop_free, count_python_lines, count_work

HERE = __name__  # functions below are "the notebook" for these tests


def vectorized(x):
    y = x * 2
    return y.sum(axis=0)


def looped(x):
    total = np.zeros(x.shape[1:])
    for row in x:
        total += 2 * row
    return total


def with_comprehension(x):
    return np.array([2 * row for row in x]).sum(axis=0)


def helper(row):
    return 2 * row


def via_helper(x):
    return sum(map(helper, x))


def test_counts_lines_and_returns_the_result():
    x = np.arange(6.0).reshape(3, 2)
    result, lines = count_python_lines(vectorized, x, modules=[HERE])
    np.testing.assert_array_equal(result, [12.0, 18.0])
    assert lines == 2


def test_a_loop_counts_once_per_iteration():
    _, three = count_python_lines(looped, np.ones((3, 2)), modules=[HERE])
    _, five = count_python_lines(looped, np.ones((5, 2)), modules=[HERE])
    assert five - three == 2 * 2  # two more iterations of a two-line loop (for + body)


def test_other_modules_are_not_counted():
    # np.pad is Python code inside NumPy: not the learner's, not counted.
    _, lines = count_python_lines(lambda x: np.pad(x, 1), np.ones((4, 4)), modules=[HERE])
    assert lines == 1
    # an installed library's code is never counted, whatever ``modules`` names
    _, lines = count_python_lines(np.pad, np.ones((4, 4)), 1, modules=["somewhere_else"])
    assert lines == 0


def test_code_outside_libraries_counts_under_any_module_name():
    """A notebook function rebuilt with globals of another name, or code compiled from a
    string, still counts (an attack hid a loop that way)."""
    import types

    renamed = types.FunctionType(looped.__code__, {**globals(), "__name__": "not_counted"}, "looped")
    _, three = count_python_lines(renamed, np.ones((3, 2)), modules=["somewhere_else"])
    _, five = count_python_lines(renamed, np.ones((5, 2)), modules=["somewhere_else"])
    assert five - three == 4
    ns = {"np": np, "__name__": "elsewhere"}
    exec(compile("def f(x):\n    t = 0\n    for r in x:\n        t += r\n    return t\n", "<string>", "exec"), ns)
    _, three = count_python_lines(ns["f"], np.ones((3, 2)), modules=["somewhere_else"])
    _, five = count_python_lines(ns["f"], np.ones((5, 2)), modules=["somewhere_else"])
    assert five - three == 4


def test_kwargs_are_passed_and_tracer_is_restored():
    def probe(frame, event, arg):
        return None

    sys.settrace(probe)
    try:
        result, _ = count_python_lines(np.full, (2,), fill_value=7.0, modules=[HERE])
        assert sys.gettrace() is probe
    finally:
        sys.settrace(None)
    np.testing.assert_array_equal(result, [7.0, 7.0])


def test_exceptions_propagate_and_tracer_is_removed():
    def broken(x):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        count_python_lines(broken, 1, modules=[HERE])
    assert sys.gettrace() is None


def test_assert_loop_free_passes_vectorized_code():
    assert_loop_free(vectorized, (np.ones((2, 3)),), (np.ones((7, 3)),), "double",
                     varied="N", modules=[HERE])


@pytest.mark.parametrize("fn", [looped, with_comprehension, via_helper])
def test_assert_loop_free_catches_loops(fn):
    with pytest.raises(CheckError) as err:
        assert_loop_free(fn, (np.ones((2, 3)),), (np.ones((7, 3)),), "double",
                         varied="N", modules=[HERE], hint="use x.sum(axis=0)")
    text = str(err.value)
    assert text.startswith("double: has a Python loop")
    assert "shape (2, 3)" in text and "shape (7, 3)" in text
    assert "hint: use x.sum(axis=0)" in text


def test_main_is_the_default_module():
    namespace = {"__name__": "__main__"}
    exec("def f(x):\n    for _ in range(x):\n        pass\n", namespace)
    _, small = count_python_lines(namespace["f"], 2)
    _, large = count_python_lines(namespace["f"], 4)
    assert large > small


def test_work_the_counter_cannot_follow_is_refused_however_it_is_spelled():
    """Red team round 3: the loop run in a thread, or with the tracer switched off, went uncounted.
    The built-ins that start threads or processes or replace the tracer are known by identity."""
    import subprocess
    import sys
    import threading

    from cnnlib.inspection import Untraceable, count_python_lines

    def loops(x):
        return [v * 2 for v in x]

    def in_a_thread(x):
        box = []
        t = threading.Thread(target=lambda: box.append(loops(x)))
        t.start()
        t.join()
        return box[0]

    def tracer_off(x):
        getattr(sys, "set" + "trace")(None)
        return loops(x)

    def profiler_off(x):
        sys.setprofile(None)
        return loops(x)

    def in_a_process(x):
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        return x

    for fn, what in [(in_a_thread, "starts a thread"), (tracer_off, "switches the line tracer"),
                     (profiler_off, "switches the profiler"), (in_a_process, "starts a process")]:
        with pytest.raises(Untraceable, match=f"{fn.__name__} {what}"):
            count_python_lines(fn, [1, 2, 3])
        assert sys.gettrace() is None and sys.getprofile() is None
    assert count_python_lines(loops, [1, 2, 3])[0] == [2, 4, 6]  # counted, no escape


def test_waiting_for_a_thread_started_before_the_call_is_refused():
    """Red team round 5: the loops ran on a thread started before the call (a queue's consumer, a
    thread pool's worker); the counted call only fed it and waited. A call that blocks on a held
    lock, an empty queue or a pipe waits for work done where the tracer cannot see it. Honest code
    that imports, prints or warns (uncontended locks) is still counted."""
    import queue
    import threading
    import warnings
    from concurrent.futures import ThreadPoolExecutor

    from cnnlib.inspection import Untraceable, count_python_lines

    def loops(x):
        return [v * 2 for v in x]

    jobs, done = queue.Queue(), queue.Queue()

    def consumer():
        while True:
            done.put(loops(jobs.get()))

    threading.Thread(target=consumer, daemon=True).start()
    pool = ThreadPoolExecutor(1)
    pool.submit(int).result()   # its worker exists before the count starts

    def via_queue(x):
        jobs.put(x)
        return done.get()

    def via_pool(x):
        return pool.submit(loops, x).result()

    try:
        for fn in (via_queue, via_pool):
            with pytest.raises(Untraceable, match=f"{fn.__name__} waits for another thread"):
                count_python_lines(fn, list(range(50)))
            assert sys.gettrace() is None and sys.getprofile() is None
    finally:
        pool.shutdown()

    def honest(x):
        import json  # noqa: F401  (the import lock, uncontended)
        print("shown")
        warnings.warn("a warning", stacklevel=1)
        return np.asarray(x) * 2

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert count_python_lines(honest, [1, 2, 3])[0].tolist() == [2, 4, 6]


def test_spinning_until_a_thread_started_before_the_call_is_done_is_refused():
    """Red team round 5 (row 8's residual): a spin that waits without blocking in a lock,
    ``collections.deque(iter(q.empty, False))``, let a consumer thread run the loops unseen. Another
    thread seen running the notebook's code while the call is counted is refused."""
    import collections
    import itertools
    import operator
    import queue
    import threading
    import time

    from cnnlib.inspection import Untraceable

    def loops(x):
        total = 0.0
        for _ in range(20000):
            total += sum(v * 2 for v in x)
        return total

    jobs, done = queue.Queue(), queue.Queue()
    inbox, box, stop = [], [], False

    def consumer():
        while True:
            done.put(loops(jobs.get()))

    def poller():  # takes its work from a list: no lock anywhere
        while not stop:
            if inbox:
                box.append(loops(inbox.pop()))
            time.sleep(0.001)

    threading.Thread(target=consumer, daemon=True).start()
    threading.Thread(target=poller, daemon=True).start()

    def spins(x):  # red team round 5's spelling: queue.empty is Python, its lock is sometimes held
        jobs.put(x)
        collections.deque(iter(done.empty, False), maxlen=0)
        return done.get()

    def spins_in_c(x):  # every step C: len(box), and a sleep that lets the consumer run; no event at all
        inbox.append(x)
        steps = zip(map(len, itertools.repeat(box)), map(time.sleep, itertools.repeat(0.0005)), strict=False)
        collections.deque(itertools.takewhile(operator.not_, map(operator.itemgetter(0), steps)), maxlen=0)
        return box.pop()

    with pytest.raises(Untraceable, match="spins waits"):
        count_python_lines(spins, [1.0, 2.0, 3.0])
    try:
        with pytest.raises(Untraceable, match="spins_in_c waits while another thread runs the notebook's code"):
            count_python_lines(spins_in_c, [1.0, 2.0, 3.0])
    finally:
        stop = True
    assert sys.gettrace() is None and sys.getprofile() is None


# A convolution of one image (H, W) with a kernel (F, F), valid, stride 1: array code of every kind a
# learner writes keeps the same count of calls for any size; a loop that C code runs (map, starmap,
# reduce, np.vectorize, np.frompyfunc, np.apply_along_axis: red team round 5, row 9) calls a function
# per output position.
def _windows(x, w):
    from numpy.lib.stride_tricks import sliding_window_view

    return sliding_window_view(x, w.shape)


def conv_einsum(x, w):
    return np.einsum("ijuv,uv->ij", _windows(x, w), w, optimize=True)


def conv_strided(x, w):
    F = w.shape[0]
    H, W = x.shape[0] - F + 1, x.shape[1] - F + 1
    cols = np.lib.stride_tricks.as_strided(x, (H, W, F, F), x.strides * 2)
    return (cols.reshape(H * W, -1) @ w.ravel()).reshape(H, W)


def conv_broadcast(x, w):
    return (_windows(x, w) * w[None, None]).sum(axis=(-2, -1))


def conv_taps(x, w):
    F = w.shape[0]
    H, W = x.shape[0] - F + 1, x.shape[1] - F + 1
    out = np.zeros((H, W))
    for u in range(F):          # over the kernel only
        for v in range(F):
            out += w[u, v] * x[u:u + H, v:v + W]
    return out


def conv_tensordot(x, w):
    return np.tensordot(_windows(x, w), w, axes=([2, 3], [0, 1]))


def conv_map(x, w):
    import itertools

    flat = _windows(x, w).reshape(-1, w.size)
    return np.fromiter(map(np.vdot, flat, itertools.repeat(w.ravel())), float).reshape(_windows(x, w).shape[:2])


def conv_starmap(x, w):
    import itertools

    win = _windows(x, w)
    keys = itertools.product(range(win.shape[0]), range(win.shape[1]))
    triples = zip(map(win.__getitem__, keys), itertools.repeat(w), itertools.repeat(2), strict=False)
    return np.array(list(itertools.starmap(np.tensordot, triples))).reshape(win.shape[:2])


def conv_reduce(x, w):
    import functools
    import itertools
    import operator

    flat = _windows(x, w).reshape(-1, w.size)
    rows = functools.reduce(operator.add, map(list, zip(map(np.inner, flat, itertools.repeat(w.ravel())))), [])
    return np.array(rows).reshape(_windows(x, w).shape[:2])


def conv_vectorize(x, w):
    return np.vectorize(np.vdot, signature="(n),(n)->()")(_windows(x, w).reshape(*_windows(x, w).shape[:2], -1),
                                                       w.ravel())


def conv_frompyfunc(x, w):
    flat = _windows(x, w).reshape(-1, w.size)
    cells, kernel = np.empty(len(flat), object), np.empty(1, object)
    cells[:], kernel[0] = list(flat), w.ravel()
    return np.frompyfunc(np.vdot, 2, 1)(cells, kernel).astype(float).reshape(_windows(x, w).shape[:2])


def conv_apply(x, w):
    flat = _windows(x, w).reshape(-1, w.size)
    return np.apply_along_axis(np.dot, 1, flat, w.ravel()).reshape(_windows(x, w).shape[:2])


_RNG = np.random.default_rng(9)
KERNEL = _RNG.standard_normal((3, 3))
SMALL, LARGE = (_RNG.standard_normal((5, 6)), KERNEL), (_RNG.standard_normal((9, 11)), KERNEL)


@pytest.mark.parametrize("fn", [conv_einsum, conv_strided, conv_broadcast, conv_taps, conv_tensordot])
def test_array_code_of_every_kind_calls_as_many_functions_for_any_size(fn):
    expected = conv_taps(*LARGE)
    np.testing.assert_allclose(fn(*LARGE), expected)
    assert_loop_free(fn, SMALL, LARGE, "conv", varied="H and W", modules=[HERE])


@pytest.mark.parametrize("fn", [conv_map, conv_starmap, conv_reduce, conv_vectorize, conv_frompyfunc, conv_apply])
def test_a_loop_that_c_code_runs_is_seen_by_its_calls(fn):
    np.testing.assert_allclose(fn(*LARGE), conv_taps(*LARGE))
    _, lines_small, _ = count_work(fn, *SMALL, modules=[HERE])
    _, lines_large, _ = count_work(fn, *LARGE, modules=[HERE])
    assert lines_small == lines_large  # no Python line per position: the line count alone passes it
    with pytest.raises(CheckError, match="conv: has a loop that grows with the input") as err:
        assert_loop_free(fn, SMALL, LARGE, "conv", varied="H and W", modules=[HERE])
    assert "function calls" in str(err.value) and "loop in C" in str(err.value)
