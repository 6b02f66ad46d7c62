"""Look inside a learner's function while it runs: how many Python lines it executes.

A test cell cannot see *how* a function computes its result, only what it
returns. To check that a "vectorized" function has no Python loop over the
batch or the image, run it on two inputs that differ only in those sizes and
count the Python lines it executes (its own code and the helpers it calls that
are defined in the notebook): a loop over N, H or W runs more lines for the
larger input; array code runs the same number of lines.

    >>> from cnnlib.inspection import assert_loop_free
    >>> assert_loop_free(conv_forward_fast, (x_small, w, b), (x_large, w, b),
    ...                  "conv_forward_fast", varied="N, H and W")

Counted is code whose module is one of ``modules`` (``"__main__"``, that is
the notebook, by default) and any code that does not come from an installed
library (Python's own, site-packages, the course's packages): a notebook cell's
code run under another module name, code compiled from a string, a module the
learner wrote to a file. NumPy's own Python code runs a number of lines that may
depend on the sizes and is not the learner's loop: it is not counted.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from cnnlib.checks import CheckError, in_kernel

__all__ = ["count_python_lines", "count_work", "assert_loop_free", "Untraceable"]


def count_python_lines(fn: Callable[..., Any], *args: Any,
                       modules: Iterable[str] = ("__main__",), **kwargs: Any) -> tuple[Any, int]:
    """Call ``fn(*args, **kwargs)`` and count the Python lines it executes: ``(result, lines)``.

    :func:`count_work` without its count of calls; see there.
    """
    result, lines, _ = count_work(fn, *args, modules=modules, **kwargs)
    return result, lines


def count_work(fn: Callable[..., Any], *args: Any,
               modules: Iterable[str] = ("__main__",), **kwargs: Any) -> tuple[Any, int, int]:
    """Call ``fn(*args, **kwargs)``; count the Python lines it executes and the functions it calls.

    Returns ``(result, lines, calls)``. A line counts each time it runs (a loop body
    of 3 lines run 10 times counts 30), in every frame whose module
    (``frame.f_globals["__name__"]``) is in ``modules`` (the function itself,
    its helpers, comprehensions and lambdas defined there) and in every frame
    whose code is not from an installed library (see :func:`_library_code`), so
    that a function rebuilt with other globals or compiled from a string still
    counts. Exceptions from ``fn`` propagate. Any tracer already installed (a
    debugger, coverage) is put back afterwards. Raises :class:`Untraceable` when the
    call starts a thread or a process, replaces the tracer or profiler, or blocks
    waiting for another thread or process (a held lock, an empty queue, a pipe, a sleep) (its lines there would go uncounted: red team round 3 ran the loops in
    a thread, or with ``sys.settrace(None)``; round 5 on a thread started before the call).

    ``calls`` counts the functions the counted code calls (the profiler's
    ``call`` and ``c_call`` events, sys.setprofile): each Python function
    entered from a counted frame or from C code that a counted frame called
    (``map``, ``itertools.starmap``, ``functools.reduce``, a ufunc of
    ``np.frompyfunc``), and each built-in called from a counted frame; the
    per-element loops of ``np.apply_along_axis``, ``np.apply_over_axes``,
    ``np.piecewise`` and ``np.vectorize`` count as counted frames. A loop
    over output positions written without a Python line of its own (red
    team round 5, row 9) still calls something per position (NumPy's
    functions run a Python dispatcher or body), while array code calls the
    same functions whatever the sizes; what a library function does inside
    is not counted (``np.einsum(optimize=True)`` plans differently for other
    sizes). The garbage collector is off during the call, so that no
    finaliser adds calls. What no count sees: a chain of C iterators that
    calls only C callables (ufuncs, ``ndarray`` methods such as
    ``map(w.dot, windows)``), which makes no event per position.
    """
    import gc

    wanted = frozenset(modules)
    library = _library_code()
    count = calls = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def on_call(frame, event, arg):
        if frame.f_globals.get("__name__") in wanted or not library(frame.f_code.co_filename):
            return local
        return None

    escapes = _escapes()
    is_wait = _waits()
    escaped: list[str] = []
    watching = True

    drivers = _drivers()

    def counted(frame) -> bool:  # the notebook's code, or a library loop that calls a function per element
        return frame is not None and (frame.f_code in drivers or frame.f_globals.get("__name__") in wanted
                                      or not library(frame.f_code.co_filename))

    def watch(frame, event, arg):  # sees every call of a built-in, in any frame of this thread
        nonlocal calls
        if not watching:
            return
        if event == "call":
            calls += counted(frame.f_back)
        elif event == "c_call":
            calls += counted(frame)
            if escaped:
                return
            if id(arg) in escapes:
                escaped.append(escapes[id(arg)])
            elif is_wait(arg):
                escaped.append("waits for another thread or process (a lock, a queue, a future, a pipe)")

    previous, previous_profile = sys.gettrace(), sys.getprofile()
    collecting = gc.isenabled()
    gc.disable()
    others = _OtherThreads(counted)
    sys.settrace(on_call)
    sys.setprofile(watch)
    try:
        result = fn(*args, **kwargs)
    finally:
        watching = False
        sys.setprofile(previous_profile)
        sys.settrace(previous)
        if collecting:
            gc.enable()
        if others.stop() and not escaped:
            escaped.append("waits while another thread runs the notebook's code")
    if escaped:
        raise Untraceable(f"{getattr(fn, '__name__', 'the function')} {escaped[0]}: the lines it runs there "
                          "cannot be counted")
    return result, count, calls


def _drivers() -> frozenset:
    """Code objects of NumPy's functions that call a given function once per element or row."""
    found = []
    for name in ("apply_along_axis", "apply_over_axes", "piecewise"):
        fn = getattr(np, name, None)
        fn = getattr(fn, "_implementation", getattr(fn, "__wrapped__", fn))
        found.append(getattr(fn, "__code__", None))
    for name in ("_vectorize_call", "_vectorize_call_with_signature", "__call__"):
        found.append(getattr(getattr(np.vectorize, name, None), "__code__", None))
    return frozenset(c for c in found if c is not None)


class _OtherThreads:
    """While a counted call runs: does another thread run counted code (the notebook's, see
    :func:`count_work`)? Sampled every millisecond by a thread of its own from ``sys._current_frames()``.

    The tracer follows the calling thread only; a call that waits for a thread started before it
    without blocking in a lock (a spin on ``queue.empty``, red team round 5's
    ``collections.deque(iter(q.empty, False))``) is caught here. Honest array code starts no
    thread and the kernel's own threads (ipykernel's, BLAS's) run no notebook code.
    """

    def __init__(self, counted: Callable[[Any], bool]):
        import threading

        self.counted, self.seen = counted, False
        self.caller = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cnnlib-count-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import threading

        me = threading.get_ident()
        while not self.seen and not self._stop.wait(0.001):
            for ident, frame in sys._current_frames().items():
                if ident in (me, self.caller):
                    continue
                # the frame it runs now: a thread that waits (in a lock, a queue) is in the library's code
                self.seen = self.counted(frame)
                if self.seen:
                    break

    def stop(self) -> bool:
        """End the sampling; whether another thread was seen running the notebook's code."""
        self._stop.set()
        self._thread.join()
        return self.seen


def _waits() -> Callable[[Any], bool]:
    """A test, at the moment a built-in is called: will it block until another thread or process
    does something? An acquire of a Lock or RLock that someone holds (every Queue.get,
    Future.result, Thread.join, Event.wait and Condition.wait on work not yet done ends in one),
    a get from an empty SimpleQueue, reads and waits on descriptors and processes, sleeps. Red team
    round 5 ran the loops on a thread started before the call (a pool's worker, a queue's
    consumer), which the call only fed and waited for. Decided by the method's object and the
    built-in's identity; honest array code never blocks on another thread."""
    import _queue
    import _thread
    import os
    import select

    lock, rlock = _thread.LockType, type(_thread.RLock())
    functions = {id(f) for f in (time.sleep, select.select, *(getattr(os, n) for n in (
        "read", "readv", "pread", "waitpid", "wait", "wait3", "wait4", "waitid") if hasattr(os, n)))}

    def is_wait(fn: Any) -> bool:
        owner, name = getattr(fn, "__self__", None), getattr(fn, "__name__", "")
        if isinstance(owner, lock) and name in ("acquire", "acquire_lock", "__enter__"):
            return owner.locked()
        if isinstance(owner, rlock) and name in ("acquire", "__enter__"):
            return not owner._is_owned() and "<unlocked" not in repr(owner)
        if isinstance(owner, _queue.SimpleQueue) and name == "get":
            return owner.empty()
        if owner is not None and type(owner).__name__ in ("poll", "epoll", "devpoll", "kqueue"):
            return name in ("poll", "control")
        if owner is not None and type(owner).__name__ == "socket":
            return name in ("recv", "recv_into", "recvfrom", "recvmsg", "accept")
        return id(fn) in functions

    return is_wait


class Untraceable(RuntimeError):
    """The counted call did work the line counter cannot follow (a thread, a process, tracing
    switched off or replaced)."""


def _escapes() -> dict[int, str]:
    """{id(built-in): what calling it does} for the built-ins through which a call's work escapes a
    line tracer: threads and processes run code the tracer of this thread never sees, and
    replacing the tracer or profiler stops the count. Decided by identity of the built-in, so no
    spelling (getattr, an alias, a module imported under another name) hides the call."""
    import _thread
    import os

    found = {sys.settrace: "switches the line tracer", sys.setprofile: "switches the profiler",
             _thread.start_new_thread: "starts a thread"}
    for name in ("start_joinable_thread", "start_new"):
        if hasattr(_thread, name):
            found[getattr(_thread, name)] = "starts a thread"
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system", "execv", "execve"):
        if hasattr(os, name):
            found[getattr(os, name)] = "starts a process"
    try:
        import _posixsubprocess

        found[_posixsubprocess.fork_exec] = "starts a process"
    except ImportError:  # pragma: no cover - not POSIX
        pass
    return {id(f): what for f, what in found.items()}


def _library_code() -> Callable[[str], bool]:
    """A test: is a code object's file one of an installed library's?

    Libraries are the files under Python's own prefixes, site-packages and the folders of the
    course's packages (cnnlib) and of NumPy and PyTorch: real files only. Python's frozen
    modules count as library code; a notebook cell, a string compiled with ``exec``, or a file
    anywhere else does not.
    """
    import os
    import site
    import sysconfig

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values()}
    try:
        roots |= set(site.getsitepackages()) | {site.getusersitepackages()}
    except AttributeError:  # a virtualenv's old site module
        pass
    for name in ("cnnlib", "numpy", "torch"):
        module = sys.modules.get(name)
        if getattr(module, "__file__", None):
            roots.add(os.path.dirname(os.path.dirname(module.__file__)) if name != "cnnlib"
                      else os.path.dirname(module.__file__))
    prefixes = tuple(os.path.join(os.path.realpath(r), "") for r in roots if r)
    seen: dict[str, bool] = {}

    def library(filename: str) -> bool:
        if filename not in seen:
            if filename.startswith("<frozen "):
                seen[filename] = True
            else:
                real = os.path.realpath(filename)
                seen[filename] = os.path.isfile(real) and real.startswith(prefixes)
        return seen[filename]

    return library


def _describe(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
    parts = []
    for a in args:
        parts.append(f"shape {tuple(np.shape(a))}" if isinstance(a, np.ndarray) else repr(a))
    parts += [f"{k}={v!r}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


def assert_loop_free(fn: Callable[..., Any], small: tuple[Any, ...], large: tuple[Any, ...],
                     exercise: str, *, varied: str = "N, H and W",
                     kwargs: Mapping[str, Any] | None = None,
                     modules: Iterable[str] = ("__main__",), hint: str | None = None) -> None:
    """Fail unless ``fn(*small)`` and ``fn(*large)`` execute the same number of Python lines and call
    the same number of functions (:func:`count_work`).

    ``small`` and ``large`` are positional arguments that differ only in the
    sizes named by ``varied``; ``kwargs`` are shared by both calls. A
    difference means the number of Python steps grows with those sizes: a
    loop (``for``, ``while``, a comprehension, ``map`` over a lambda) over one
    of them, or a loop that C code runs for it and that calls a function per
    element (``map(np.vdot, ...)``, ``np.apply_along_axis``, ``np.vectorize``).
    Raises :class:`cnnlib.checks.CheckError` naming both counts, or
    :class:`Untraceable` (see :func:`count_work`).
    """
    kw = dict(kwargs or {})
    mods = tuple(modules)
    # counted where fn runs: under the grader's judge that is the learner's kernel (checks.in_kernel)
    _, n_small, c_small = in_kernel(count_work, fn, *small, modules=mods, **kw)
    _, n_large, c_large = in_kernel(count_work, fn, *large, modules=mods, **kw)
    if n_small == n_large and c_small == c_large:
        return
    what, counts = ("Python lines", (n_small, n_large)) if n_small != n_large else ("function calls", (c_small, c_large))
    lines = [
        f"it ran {counts[0]} {what} for {_describe(small, kw)}",
        f"and {counts[1]} {what} for {_describe(large, kw)};",
        f"the two calls differ only in {varied}, so some loop runs once per "
        f"element of {varied.replace(' and ', ' or ')}" + ("" if n_small != n_large else
                                                          " (map, itertools, reduce, vectorize and the like "
                                                          "loop in C, calling a function each time)"),
    ]
    msg = [f"{exercise}: has a {'Python ' if n_small != n_large else ''}loop that grows with the input"]
    msg += [f"  {line}" for line in lines]
    msg.append(f"  hint: {hint or 'replace the loop with array operations on whole axes'}")
    raise CheckError("\n".join(msg))
