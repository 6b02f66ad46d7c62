"""Numerical checks used by the notebooks' test cells.

Every check is an assert with a message that names the exercise, the shapes,
the largest difference and where it is, and a likely cause where one is known:

    >>> from cnnlib.checks import assert_close
    >>> assert_close(out, expected, "convolve2d",
    ...              likely={"the kernel was flipped (that is convolution)": flipped})

``likely`` maps a cause to what a function with that mistake would return;
when the learner's result matches one of them, the message names the cause.

Relative error follows CS231n: |a - b| / (|a| + |b|), elementwise, with a
small floor in the denominator so that two values that are both (nearly)
zero do not count as different. Bounds (CONTRIBUTING.md, "Writing tests"): 1e-7 for forward values,
1e-6 for gradients.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

__all__ = [
    "CheckError",
    "rel_error",
    "assert_close",
    "assert_shape",
    "assert_equal",
    "call",
    "assert_raises",
    "numeric_gradient",
    "call_unchanged",
    "call_within",
    "forward_seconds",
    "passes_within",
    "works",
    "passed",
    "FORWARD_RTOL",
    "GRADIENT_RTOL",
    "CAUSE_MARKER",
]

# The words before the cause in a failure message ("  likely cause: the kernel was flipped"): the one
# definition; the grader's class report groups failures by what follows it (grader/nbgrader_config.py
# sets c.ClassReport.cause_marker from here).
CAUSE_MARKER = "likely cause:"

FORWARD_RTOL = 1e-7
GRADIENT_RTOL = 1e-6
# float32 keeps about 7 digits (machine epsilon 1.2e-7, IEEE 754); a sum of a few
# hundred float32 products stays within this error, relative to the largest value
SINGLE_PRECISION_RTOL = 1e-5


class CheckError(AssertionError):
    """A test-cell check failed; the message says what and, if known, why."""


def _as_array(x: Any) -> np.ndarray:
    if hasattr(x, "detach"):  # a torch tensor
        x = x.detach().cpu().numpy()
    return np.asarray(x)


def _floor(expected: np.ndarray) -> float:
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    return 1e-12 * max(1.0, scale)


def _rel_errors(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    denom = np.maximum(np.abs(a) + np.abs(e), _floor(e))
    err = np.abs(a - e) / denom
    # NaN or inf anywhere counts as the worst possible error.
    return np.where(np.isfinite(a) & np.isfinite(e), err, np.inf)


def rel_error(actual: Any, expected: Any) -> float:
    """Largest elementwise relative error between two arrays of the same shape."""
    a, e = _as_array(actual), _as_array(expected)
    if a.shape != e.shape:
        raise ValueError(f"rel_error needs equal shapes, got {a.shape} and {e.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(_rel_errors(a, e)))


def _matches(actual: np.ndarray, candidate: Any, rtol: float) -> bool:
    try:
        c = _as_array(candidate)
    except Exception:  # noqa: BLE001 - a candidate we cannot read never matches
        return False
    if c.shape != actual.shape:
        return False
    try:
        return actual.size == 0 or float(np.max(_rel_errors(actual, c))) <= max(rtol, 1e-9)
    except (TypeError, ValueError):
        return False


def _cause(actual: np.ndarray, likely: Mapping[str, Any] | None, rtol: float) -> str | None:
    for cause, candidate in (likely or {}).items():
        if _matches(actual, candidate, rtol):
            return cause
    return None


def _fail(exercise: str, what: str, lines: list[str], cause: str | None, hint: str | None):
    msg = [f"{exercise}: {what}"]
    msg += [f"  {line}" for line in lines]
    if cause:
        msg.append(f"  {CAUSE_MARKER} {cause}")
    elif hint:
        msg.append(f"  hint: {hint}")
    raise CheckError("\n".join(msg))


def assert_shape(actual: Any, shape: tuple[int, ...], exercise: str, *, name: str = "output",
                 likely: Mapping[str, tuple[int, ...]] | None = None,
                 hint: str | None = None) -> None:
    """Fail unless ``actual`` has exactly ``shape``.

    ``likely`` maps a cause to the shape that mistake would produce.
    """
    if actual is None:
        _fail(exercise, f"{name} is None", ["did the function forget to `return` its result?"],
              None, hint)
    got = tuple(np.shape(actual))
    if got != tuple(shape):
        cause = None
        for c, alt in (likely or {}).items():
            if tuple(alt) == got:
                cause = c
                break
        _fail(exercise, f"{name} has the wrong shape",
              [f"got shape {got}, expected {tuple(shape)}"], cause, hint)


def assert_close(actual: Any, expected: Any, exercise: str, *, rtol: float = FORWARD_RTOL,
                 name: str = "output", likely: Mapping[str, Any] | None = None,
                 hint: str | None = None) -> None:
    """Fail unless ``actual`` equals ``expected`` to relative error ``rtol``.

    Shapes: any; they must match exactly. ``likely`` maps a cause (one line,
    said to the learner) to the value a function with that mistake returns.
    """
    if actual is None:
        _fail(exercise, f"{name} is None", ["did the function forget to `return` its result?"],
              None, hint)
    e = _as_array(expected)
    try:
        a = _as_array(actual)
    except Exception as exc:  # noqa: BLE001
        _fail(exercise, f"{name} is not an array ({type(actual).__name__})", [str(exc)], None, hint)
    if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        _fail(exercise, f"{name} is not numeric (dtype {a.dtype})", [], None, hint)
    if a.shape != e.shape:
        shape_likely = {c: np.shape(v) for c, v in (likely or {}).items()}
        assert_shape(a, e.shape, exercise, name=name, likely=shape_likely, hint=hint)
    if a.size == 0:
        return
    errs = _rel_errors(a, e)
    worst = float(np.max(errs))
    if worst <= rtol:
        return
    idx = np.unravel_index(int(np.argmax(errs)), errs.shape)
    where = tuple(int(i) for i in idx)
    n_bad = int(np.sum(errs > rtol))
    lines = [
        f"shape {a.shape}; {n_bad} of {a.size} values differ",
        f"largest relative error {worst:.2e} (allowed {rtol:.0e}) at index {where}: "
        f"got {a[idx].item()!r}, expected {e[idx].item()!r}",
    ]
    cause = _cause(a, likely, rtol)
    if cause is None and rtol < SINGLE_PRECISION_RTOL and _single_precision_close(a, e):
        cause = _precision_cause(a, rtol)
    _fail(exercise, f"{name} differs from the reference", lines, cause, hint)


def _single_precision_close(a: np.ndarray, e: np.ndarray) -> bool:
    """Whether every difference is within float32 rounding of a sum at the array's scale
    (measured against the largest value, so that cancellation in one entry does not hide it)."""
    scale = float(np.max(np.abs(e.astype(np.float64)))) if e.size else 0.0
    if not np.all(np.isfinite(a)) or scale == 0.0:
        return False
    return float(np.max(np.abs(a.astype(np.float64) - e))) <= SINGLE_PRECISION_RTOL * scale


def _precision_cause(a: np.ndarray, rtol: float) -> str:
    """The cause of an error as small as float32 rounding (the course computes in float64)."""
    if a.dtype.kind == "f" and a.dtype.itemsize < 8:
        return (f"the result is {a.dtype}: computed in float32? This course computes in float64 "
                f"(np.float64), which the bound {rtol:.0e} needs")
    return (f"an error this small is float32 rounding: computed in float32 somewhere? This course "
            f"computes in float64 (np.float64), which the bound {rtol:.0e} needs")


def assert_equal(actual: Any, expected: Any, exercise: str, *, name: str = "result",
                 likely: Mapping[str, Any] | None = None, hint: str | None = None) -> None:
    """Fail unless ``actual == expected`` (for ints, tuples, strings, shapes).

    An ``actual`` that cannot be compared so (an array or tensor where a number was
    expected) fails with its type and shape, not with a TypeError from inside the check.
    """
    def same(a: Any, b: Any) -> bool:
        try:
            return bool(a == b)
        except Exception:  # noqa: BLE001 - an array's == is elementwise, a tensor's bool() raises
            return False

    if not same(actual, expected):
        cause = next((c for c, alt in (likely or {}).items() if same(alt, actual)), None)
        shown = repr(actual)
        shown = shown if len(shown) <= 200 and "\n" not in shown else _short(actual)
        _fail(exercise, f"{name} is wrong", [f"got {shown}, expected {expected!r}"], cause, hint)


SHORT_REPR = 80  # characters: a message names an argument, it does not print it


def _short(x: Any) -> str:
    """repr for messages: arrays and tensors by shape and dtype, models by class and
    parameter count, containers of them element by element, anything else cut to
    SHORT_REPR characters; never their contents (a 20-line tensor before the verdict
    hides the verdict)."""
    if isinstance(x, np.ndarray):
        return f"array(shape={x.shape}, dtype={x.dtype})"
    if hasattr(x, "shape") and hasattr(x, "dtype") and hasattr(x, "detach"):  # a torch tensor
        return f"tensor(shape={tuple(x.shape)}, dtype={str(x.dtype).replace('torch.', '')})"
    if hasattr(x, "parameters") and hasattr(x, "forward"):  # an nn.Module
        try:
            count = sum(p.numel() for p in x.parameters())
        except Exception:  # noqa: BLE001 - a learner's model may break anywhere
            count = None
        return f"{type(x).__name__}(...)" + ("" if count is None else f" with {count:,} parameters")
    if isinstance(x, (list, tuple)) and any(hasattr(v, "shape") or isinstance(v, (list, tuple)) for v in x):
        inner = ", ".join(_short(v) for v in x[:4]) + (", ..." if len(x) > 4 else "")
        return f"[{inner}]" if isinstance(x, list) else f"({inner}{',' if len(x) == 1 else ''})"
    text = repr(x)
    return text if len(text) <= SHORT_REPR else text[:SHORT_REPR - 5] + " ...)"


def _cut(text: str, limit: int = 300) -> str:
    """An error message on one line, at most ``limit`` characters (a message that prints a
    tensor runs to dozens of lines)."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[:limit - 4] + " ..."


def assert_raises(exc_type: type[BaseException], fn: Callable[..., Any], *args: Any,
                  exercise: str, match: tuple[str, ...] | str = (), hint: str | None = None,
                  **kwargs: Any) -> BaseException:
    """Fail unless ``fn(*args, **kwargs)`` raises ``exc_type`` whose message holds every ``match``."""
    call = f"{getattr(fn, '__name__', 'function')}({', '.join([*map(_short, args), *(f'{k}={_short(v)}' for k, v in kwargs.items())])})"
    try:
        result = fn(*args, **kwargs)
    except exc_type as exc:
        text = str(exc)
        needles = (match,) if isinstance(match, str) else tuple(match)
        missing = [m for m in needles if m not in text]
        if missing:
            _fail(exercise, f"{call} raised {exc_type.__name__} but its message does not mention "
                  f"{', '.join(map(repr, missing))}", [f"message: {_cut(text)!r}"], None, hint)
        return exc
    except Exception as exc:  # noqa: BLE001
        _fail(exercise, f"{call} raised {type(exc).__name__}, expected {exc_type.__name__}",
              [f"message: {_cut(str(exc))}"], None, hint)
    _fail(exercise, f"{call} should raise {exc_type.__name__}", [f"it returned {_short(result)}"],
          None, hint)
    raise AssertionError("unreachable")  # pragma: no cover


def _attempt(fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[Any, Exception | None]:
    """(fn(*args, **kwargs), None), or (None, the exception it raised). The caller reports the
    exception outside the except block, so the message has no "during handling" chain."""
    try:
        return fn(*args, **kwargs), None
    except Exception as exc:  # noqa: BLE001 - the learner's function may fail anywhere
        return None, exc


def _given(fn: Callable[..., Any], args: tuple, kwargs: dict) -> list[tuple[str, Any]]:
    """[(parameter name, value)] of a call, positional arguments named from fn's signature."""
    import inspect

    try:
        names = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        names = []
    given = [(names[i] if i < len(names) else f"argument {i + 1}", v) for i, v in enumerate(args)]
    return given + list(kwargs.items())


def _call_text(fn: Callable[..., Any], given: list[tuple[str, Any]]) -> str:
    """The call as one short line: arrays, tensors and models by shape or size (_short)."""
    return (f"{getattr(fn, '__name__', 'the function')}("
            f"{', '.join(f'{name}={_short(value)}' for name, value in given)})")


def call(fn: Callable[..., Any], *args: Any, exercise: str,
         likely: Mapping[str, str] | None = None, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``; when it raises, a CheckError that names the exercise, the call
    with its inputs (arrays and tensors by shape and dtype, models by size) and the error.

    A bare ``IndexError: index 8 is out of bounds for axis 1 with size 5`` says neither which
    exercise nor which input; this says both. ``likely`` maps an exception's type name (e.g.
    ``"IndexError"``) to the mistake that usually raises it in this exercise, shown as the
    likely cause. Exceptions that are not ``Exception`` (KeyboardInterrupt, the grader's own
    aborts) pass through unchanged.
    """
    result, failed = _attempt(fn, args, kwargs)
    if failed is None:
        return result
    kind = type(failed).__name__
    _fail(exercise, f"{_call_text(fn, _given(fn, args, kwargs))} raised {kind}",
          [f"message: {_cut(str(failed))}"], (likely or {}).get(kind), None)
    raise AssertionError("unreachable")  # pragma: no cover


def _snapshot(value: Any) -> Any:
    """A copy of the arrays in ``value`` (an array, a tensor, a list/tuple/dict of them)."""
    if hasattr(value, "detach") and hasattr(value, "clone"):
        return value.detach().clone()
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(v) for v in value)
    return None


def _changed(before: Any, after: Any) -> bool:
    if before is None:
        return False
    if isinstance(before, dict):
        return set(before) != set(after) or any(_changed(v, after[k]) for k, v in before.items())
    if isinstance(before, (list, tuple)):
        return len(before) != len(after) or any(_changed(b, a) for b, a in zip(before, after, strict=False))
    a, b = _as_array(after), _as_array(before)
    return a.shape != b.shape or not np.array_equal(a, b, equal_nan=True)


ANY_RESULT = "a result"   # call_unchanged's default: the call must return something (not None)


def _is_tensor(x: Any) -> bool:
    """Whether ``x`` is a real torch.Tensor (by its type, which no attribute can fake)."""
    import sys

    torch = sys.modules.get("torch")
    return torch is not None and issubclass(type(x), torch.Tensor)


def _result_problem(result: Any, returns: Any) -> str | None:
    """Why ``result`` is not a real result of the form ``returns`` (None when it is one)."""
    if returns is None:
        return None
    if isinstance(returns, str):  # ANY_RESULT
        if result is None:
            return "it returned None"
        if isinstance(result, (tuple, list)) and any(r is None for r in result):
            return f"it returned {_short(result)}, with None in it"
        return None
    if isinstance(returns, list):  # one form per item of a returned tuple
        if not isinstance(result, (tuple, list)) or len(result) != len(returns):
            return f"it returned {_short(result)}, expected {len(returns)} results"
        for i, (r, want) in enumerate(zip(result, returns, strict=True)):
            problem = _result_problem(r, want)
            if problem:
                return f"result {i + 1}: {problem}"
        return None
    if result is None:
        return "it returned None"
    if isinstance(result, (list, tuple)):  # a table of numbers (receptive_field's rows)
        try:
            got = np.asarray(result, dtype=np.float64).shape
        except (TypeError, ValueError):
            return f"it returned {_short(result)}, not a table of numbers"
        return None if got == tuple(returns) else f"it returned {len(result)} rows of shape {got}, expected {tuple(returns)}"
    # type(), not isinstance(): an object can claim any __class__, and anything with .shape and
    # .dtype attributes is not yet an array (a placeholder that computed nothing)
    if not (issubclass(type(result), (np.ndarray, np.number, int, float)) or _is_tensor(result)):
        return f"it returned {_short(result)}, not an array"
    got = tuple(np.shape(result))
    if got != tuple(returns):
        return f"it returned shape {got}, expected {tuple(returns)}"
    kind = str(getattr(result, "dtype", ""))
    if not any(k in kind for k in ("float", "complex")) and not isinstance(result, float):
        return f"it returned {kind or type(result).__name__} values, expected floating-point numbers"
    return None


NOT_GIVEN = object()   # call_unchanged's default for `expect`: no value required


def _wrong_value(result: Any, expected: Any, rtol: float) -> str | None:
    """Why ``result`` is not ``expected`` to relative error ``rtol`` (None when it is): a number,
    an array or tensor (a list, a table of numbers, is one array), or a tuple of results or a dict
    of those (compared item by item, key by key; the result's tuple may be a list)."""
    if isinstance(expected, Mapping):
        if not isinstance(result, Mapping) or sorted(map(str, result)) != sorted(map(str, expected)):
            return f"it returned {_short(result)}, expected a dict with keys {sorted(map(str, expected))}"
        for key, e in expected.items():
            problem = _wrong_value(result[key], e, rtol)
            if problem:
                return f"[{key!r}]: {problem}"
        return None
    if isinstance(expected, tuple):   # several results (a list is one array: a table of numbers)
        if not isinstance(result, (tuple, list)) or len(result) != len(expected):
            return f"it returned {_short(result)}, expected {len(expected)} results"
        for i, (r, e) in enumerate(zip(result, expected, strict=True)):
            problem = _wrong_value(r, e, rtol)
            if problem:
                return f"result {i + 1}: {problem}"
        return None
    try:
        assert_close(result, expected, "", rtol=rtol, name="the result")
    except CheckError as exc:
        return " ".join(str(exc).split("\n", 1)[0].split()).lstrip(": ")
    except Exception as exc:  # noqa: BLE001 - a value that cannot be compared is not the value
        return f"its result cannot be compared with the reference ({type(exc).__name__})"
    return None


def _not_working(exercise: str, fn: Callable[..., Any], given: list[tuple[str, Any]], problem: str,
                 aspect: str) -> None:
    """Fail: the function does not compute the right result on a valid input, so ``aspect`` is not
    credited (a stub that returns zeros, or its input, would otherwise earn it)."""
    _fail(exercise, f"{aspect} counts only for a function that computes its result", [
        f"on a valid input, {_call_text(fn, given)}: {problem}",
        "this test credits it only on a call that returns the right result"],
        None, "make the tests above pass first: they say what is wrong with the values")


def works(fn: Callable[..., Any], *args: Any, exercise: str, expected: Any, aspect: str,
          rtol: float = FORWARD_RTOL, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` on a valid input, failing unless it returns ``expected`` (to
    relative error ``rtol``; a tuple of results item by item).

    A gate for the side aspects of an exercise (raising ValueError on invalid settings,
    leaving the inputs alone): a stub that checks its arguments and returns zeros or its
    input would earn them without computing anything, so a cell that credits one first
    asks for a right value on a valid input. ``aspect`` names what the cell credits
    ("raising ValueError for invalid settings"). Raises CheckError, whose message says
    that the values are wrong (not which ones: the values tests say that).
    """
    given = _given(fn, args, kwargs)
    result, failed = _attempt(fn, args, kwargs)
    if failed is not None:
        _not_working(exercise, fn, given, f"raised {type(failed).__name__}: {_cut(str(failed), 120)}", aspect)
    problem = _wrong_value(result, expected, rtol)
    if problem:
        _not_working(exercise, fn, given, problem, aspect)
    return result


def call_unchanged(fn: Callable[..., Any], *args: Any, exercise: str, returns: Any = ANY_RESULT,
                   expect: Any = NOT_GIVEN, expect_rtol: float = FORWARD_RTOL, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, failing if the call changed any array it was given, or
    returned no real result.

    Every exercise's contract says its inputs are left unchanged (a softmax
    that shifts the caller's scores in place returns the right numbers but
    breaks the caller). Arrays, tensors and lists/tuples/dicts of them are
    compared exactly (NaN equal to NaN) before and after the call.

    Leaving the inputs alone is credited only on a call that did its work
    (a stub that returns None changes nothing): ``returns`` says what the
    result must be: ``ANY_RESULT`` (the default) anything but None (and no
    None inside a returned tuple); a shape tuple, a floating-point array or
    tensor of that shape; a list of those, a tuple of results of those
    forms; None, nothing is required (a function that works in place: the
    test then checks the work itself). Raises CheckError, whose message says
    which of the two failed, or, when the call itself raised, that call (its
    arguments by shape) and the error's type and message: a test of the inputs
    fails for a crash with a message that says so, not with the bare error.

    ``expect``: the right result of this call (computed by the test before the
    call, or from copies), or a function of no arguments that computes it (called
    after the inputs were found unchanged, so that a reference that cannot run on
    a learner's object does not hide the call's own failure), compared to
    relative error ``expect_rtol`` like ``works``: a stub that returns zeros, or
    its input, of the right shape computes nothing and earns nothing here either.
    """
    given = _given(fn, args, kwargs)
    before = [(name, value, _snapshot(value)) for name, value in given]
    result, failed = _attempt(fn, args, kwargs)
    if failed is not None:
        _fail(exercise, f"{_call_text(fn, given)} raised {type(failed).__name__}, so whether it leaves "
              "its inputs alone cannot be checked", [f"message: {_cut(str(failed))}"], None,
              "this test checks only the inputs: the tests above call it on inputs like these "
              "and say what goes wrong")
    for name, value, copy in before:
        if _changed(copy, value):
            _fail(exercise, f"the call changed its input {name}",
                  [f"{getattr(fn, '__name__', 'the function')} must leave {name} as it was"], None,
                  "compute into a new array (x = x - m, np.pad(...), x.copy()) instead of changing "
                  "the argument in place (x -= m, x[...] = ..., out=x)")
    problem = _result_problem(result, returns)
    if problem:
        _fail(exercise, "no real result to check the inputs on",
              [f"{getattr(fn, '__name__', 'the function')}: {problem}",
               "this test credits leaving the inputs unchanged only on a call that returns its result"],
              None, "write the function first: its result must have the shape the exercise asks for")
    if expect is not NOT_GIVEN:
        # a callable is called now, after the inputs were found unchanged: a reference that reads the
        # learner's object (its parameters) fails only after the call's own failures were reported
        problem = _wrong_value(result, expect() if callable(expect) else expect, expect_rtol)
        if problem:
            _not_working(exercise, fn, given, problem, "leaving the inputs unchanged")
    return result


def call_within(seconds: float, fn: Callable[..., Any], *args: Any, exercise: str, what: str,
                hint: str | None = None, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, failing if it took longer than ``seconds`` of wall-clock time.

    A cost check, for exercises whose point is how a result is computed (a
    vectorised convolution; a backward pass derived by hand): on an input
    large enough, a Python loop over N, H or W, or a gradient found by probing
    the forward pass once per input number (``numeric_gradient`` costs two
    forward passes per number), takes hundreds of times longer than the
    intended code. Tests choose ``seconds`` at least ten times what the
    straightforward answer needs on a slow, busy 2-core machine. The clock is
    the caller's: under the grader's judge that is the grading worker, which
    learner code cannot reach. The caller checks the returned value itself
    (a fast wrong answer must not pass). ``what`` describes the input
    (shapes, stride, pad). Raises CheckError.
    """
    start = time.perf_counter()
    # under the grader's judge, fn is a proxy whose class (type(), which no object can fake) can stop
    # the call at the budget instead of letting it run to the cell's time limit
    bounded = getattr(type(fn), "__call_within__", None)
    try:
        result = fn(*args, **kwargs) if bounded is None else bounded(fn, seconds * 1.05, args, kwargs)
    except TimeoutError:
        if bounded is None:
            raise
        result = None
    took = time.perf_counter() - start
    if took > seconds:
        _fail(exercise, f"too slow for {what}", [
            f"{getattr(fn, '__name__', 'the function')} took {took:.1f} s; this test allows {seconds:g} s",
            "code that does the work with whole-array operations takes well under a tenth of that"],
            None, hint)
    return result


# passes_within's budget: PASS_SLACK times the time of the passes the method needs, never under
# PASS_FLOOR seconds (the judge's request round trips and a busy machine's slowest honest call)
PASS_SLACK = 10.0
PASS_FLOOR = 3.0


def forward_seconds(model: Any, example: Any, repeats: int = 3) -> float:
    """Wall-clock seconds of one forward pass ``model(example)``: the best of ``repeats`` runs.

    ``model`` is a torch module the test built, or any function of the test's own (a
    reference forward pass of a NumPy network); under the grader's judge it runs in the
    grading worker, where learner code cannot slow it or speed it. ``example`` is the
    batch it takes. Runs under ``torch.no_grad()`` in one torch thread (the notebooks
    run torch in one thread when graded), then restores the thread count; a module runs
    in eval mode and gets its mode back. Raises what the forward pass raises.
    """
    import torch

    was = getattr(model, "training", None)
    if isinstance(was, bool):
        model.eval()
    best = float("inf")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)   # as the course's notebooks run torch when graded (honest code is not faster)
    try:
        with torch.no_grad():
            for _ in range(max(1, repeats)):
                start = time.perf_counter()
                model(example)
                best = min(best, time.perf_counter() - start)
    finally:
        torch.set_num_threads(threads)
        if isinstance(was, bool):
            model.train(was)
    return best


def passes_within(passes: float, model: Any, example: Any, fn: Callable[..., Any], *args: Any,
                  exercise: str, what: str, hint: str | None = None, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, failing if it costs more than about ``passes`` forward passes of ``model``.

    A cost check for methods defined by how many times they run a model: a
    saliency map, Grad-CAM or FGSM is one forward and one backward pass
    (``passes`` = 3: a backward pass costs about two forward passes), while
    the same numbers found by probing the model (a bump per pixel or per
    channel, central differences) take one or two forward passes per number
    probed: thousands on an image, K + 1 for a layer of K channels. The test
    builds ``model`` (weights and sizes of its choosing) and passes
    ``example``, the input of one pass as ``fn`` will run it. The budget is
    ``max(PASS_FLOOR, PASS_SLACK * passes * t)`` seconds, ``t`` one forward
    pass timed here by :func:`forward_seconds` (under the grader's judge:
    in the grading worker, on the same machine and at the same moment as
    the kernel's call, so load slows both; the clock is the judge's). Tests
    pick a model and input where ``t`` is tens of milliseconds and a probe
    needs hundreds of passes or more. The caller checks the returned value
    itself. Raises CheckError (too slow) and what the forward pass raises.
    """
    each = forward_seconds(model, example)
    seconds = max(PASS_FLOOR, PASS_SLACK * float(passes) * each)
    why = (f"the method needs about {passes:g} forward passes of this model ({each * 1e3:.0f} ms each, "
           f"timed by the grader); this test allows {PASS_SLACK * passes:g} of them (at least "
           f"{PASS_FLOOR:g} s); probing the model once per pixel or per channel needs hundreds or thousands")
    return call_within(seconds, fn, *args, exercise=exercise, what=what,
                       hint=f"{hint}; {why}" if hint else why, **kwargs)


def numeric_gradient(f: Callable[[np.ndarray], Any], x: np.ndarray, dout: Any = None,
                     h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of ``sum(f(x) * dout)`` with respect to ``x``.

    ``x`` (float64) is changed in place while probing and restored afterwards.
    With ``dout`` None, ``f`` must return a scalar.
    """
    if x.dtype != np.float64:
        raise TypeError(f"numeric_gradient needs a float64 array, got {x.dtype}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    weight = None if dout is None else np.asarray(dout, dtype=np.float64)
    while not it.finished:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        plus = np.asarray(f(x), dtype=np.float64)
        x[i] = old - h
        minus = np.asarray(f(x), dtype=np.float64)
        x[i] = old
        diff = plus - minus if weight is None else (plus - minus) * weight
        grad[i] = np.sum(diff) / (2 * h)
        it.iternext()
    return grad


def in_kernel(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, run where the learner's code runs; its result.

    In a notebook this is an ordinary call. The grader runs test cells in a
    process of its own (grader/judge/), where the learner's objects are
    proxies: there ``fn`` (the course's function, never a hidden test's) is
    sent to the learner's kernel, called there, and only its result, plain
    data, comes back. Tests use it for what must happen beside the learner's
    objects, e.g. a backward pass through the learner's model. (The grader
    installs its runner as ``builtins.__grader_in_kernel__`` in its own process
    while it runs a test; this module names no grader.)
    """
    import builtins

    runner = getattr(builtins, "__grader_in_kernel__", None)
    if runner is not None:
        return runner(fn, *args, **kwargs)
    return fn(*args, **kwargs)


def passed(exercise: str, hidden: bool = True, points: float | None = None) -> None:
    """Print the line a learner sees under a test cell whose visible checks passed.

    ``points``: what the test cell is worth (its nbgrader points; tests/test_notebooks.py
    holds every call to its cell's metadata), shown as "(2 points)"; the cell earns them when
    its hidden tests pass too. ``hidden``: whether the cell has hidden tests.
    """
    worth = "" if points is None else f" ({points:g} point{'' if points == 1 else 's'})"
    tail = " Hidden tests run when the notebook is graded (save it, then run Score this notebook at the end)." \
        if hidden else ""
    print(f"\u2714 {exercise}{worth}: the visible tests pass.{tail}")


def _install_hints() -> None:
    """A setup cell imports this module: from then on a NameError in the notebook says which
    cells to run again (cnnlib.hints; nothing while grading)."""
    from . import hints

    hints.install()


_install_hints()
