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

Only code whose module is one of ``modules`` is counted (``"__main__"``, that
is the notebook, by default): NumPy's own Python code runs a number of lines
that may depend on the sizes and is not the learner's loop.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from cnnlib.checks import CheckError, in_kernel

__all__ = ["count_python_lines", "assert_loop_free"]


def count_python_lines(fn: Callable[..., Any], *args: Any,
                       modules: Iterable[str] = ("__main__",), **kwargs: Any) -> tuple[Any, int]:
    """Call ``fn(*args, **kwargs)`` and count the Python lines it executes.

    Returns ``(result, lines)``. A line counts each time it runs (a loop body
    of 3 lines run 10 times counts 30), in every frame whose module
    (``frame.f_globals["__name__"]``) is in ``modules``: the function itself,
    its helpers, comprehensions and lambdas defined there. Exceptions from
    ``fn`` propagate. Any tracer already installed (a debugger, coverage) is
    put back afterwards.
    """
    wanted = frozenset(modules)
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def on_call(frame, event, arg):
        if frame.f_globals.get("__name__") in wanted:
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        result = fn(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return result, count


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
    """Fail unless ``fn(*small)`` and ``fn(*large)`` execute the same number of Python lines.

    ``small`` and ``large`` are positional arguments that differ only in the
    sizes named by ``varied``; ``kwargs`` are shared by both calls. A
    difference means the number of Python steps grows with those sizes: a
    loop (``for``, ``while``, a comprehension, ``map`` over a lambda) over one
    of them.
    """
    kw = dict(kwargs or {})
    mods = tuple(modules)
    # counted where fn runs: under the grader's judge that is the learner's kernel (checks.in_kernel)
    _, n_small = in_kernel(count_python_lines, fn, *small, modules=mods, **kw)
    _, n_large = in_kernel(count_python_lines, fn, *large, modules=mods, **kw)
    if n_small == n_large:
        return
    lines = [
        f"it ran {n_small} Python lines for {_describe(small, kw)}",
        f"and {n_large} Python lines for {_describe(large, kw)};",
        f"the two calls differ only in {varied}, so some Python loop runs once per "
        f"element of {varied.replace(' and ', ' or ')}",
    ]
    msg = [f"{exercise}: has a Python loop that grows with the input"]
    msg += [f"  {line}" for line in lines]
    msg.append(f"  hint: {hint or 'replace the loop with array operations on whole axes'}")
    raise CheckError("\n".join(msg))
