"""cnnlib.inspection: counting the Python lines a learner's function executes."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from cnnlib.checks import CheckError
from cnnlib.inspection import assert_loop_free, count_python_lines

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
