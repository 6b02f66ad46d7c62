"""The judge: runs a notebook's test cells where learner code never runs.

A test cell's source (hidden tests included, from the gradebook) is executed
here, in the grading worker, never in the learner's kernel. The names a test
takes from the learner (the exercise's functions, classes and data, as the
released solution cells bind them) are looked up in the kernel through
:mod:`grader.judge.server`: plain data comes back as a local copy
(:mod:`grader.judge.wire`), everything else as a :class:`Remote` proxy whose
calls, attributes and items are requests to the kernel. References, checks
and comparisons (the course's checks, NumPy, PyTorch) run here, on values the
kernel can only *send*. So a test cell passes only when this process ran it
to the end without an exception; nothing the learner's code does in its own
process changes how a test runs, what it checks or how its result is kept.

The course's own read-only cells give the tests their helpers: their imports,
definitions and assignments are executed here too (:meth:`Judge.learn`).

Fail closed: a request that times out, a kernel that dies or answers with
malformed data raise :class:`JudgeAbort`, a ``BaseException`` that test code
cannot catch with ``except Exception``, and the judge fails the cell whatever
the test code did with it.
"""

from __future__ import annotations

import ast
import base64
import builtins
import contextlib
import functools
import inspect
import io
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import cloudpickle
import numpy as np

from . import wire

CELL_FILE = "<judged cell {}>"


class JudgeAbort(BaseException):
    """The kernel did not answer, answered too late, or sent what is not plain data.

    A ``BaseException``: test code's ``except Exception`` does not swallow it.
    """


class RemoteError(Exception):
    """An exception of a kind the judge does not rebuild, raised by the learner's code."""


# Exceptions the learner's code may raise that the judge rebuilds as themselves (so that
# checks.assert_raises(ValueError, ...) works). Control-flow exceptions are never rebuilt:
# a StopIteration from the kernel must not end a loop of the test's own.
_REBUILT = {name: cls for name, cls in vars(builtins).items()
            if isinstance(cls, type) and issubclass(cls, Exception)
            and not issubclass(cls, (StopIteration, StopAsyncIteration, Warning))}


class Remote:
    """An object that lives in the learner's kernel; every use is a request to it."""

    __slots__ = ("_judge", "_ref")

    def __init__(self, judge: Judge, ref: wire.Ref):
        object.__setattr__(self, "_judge", judge)
        object.__setattr__(self, "_ref", ref)

    def _tag(self) -> dict:
        return {"t": "ref", "id": self._ref.id}

    @property
    def __name__(self) -> str:  # for messages ("relu(x) raised ...")
        return self._ref.name or "the learner's object"

    @property
    def __signature__(self) -> inspect.Signature:
        """Parameter names as the kernel reports them (used by checks.call_unchanged for messages)."""
        params = []
        for entry in (self._ref.params or [])[:64]:
            try:
                name, kind, has_default = entry
                kind = getattr(inspect.Parameter, str(kind))
                if not isinstance(kind, type(inspect.Parameter.POSITIONAL_ONLY)):
                    return inspect.Signature()
                params.append(inspect.Parameter(str(name), kind,
                                                default=None if has_default else inspect.Parameter.empty))
            except (TypeError, ValueError, AttributeError):
                return inspect.Signature()
        try:
            return inspect.Signature(params)
        except ValueError:
            return inspect.Signature()

    @property
    def __class__(self):
        """What ``isinstance`` sees: the first class of the kernel object's MRO that is one of
        PyTorch's own ``torch.nn`` classes, already imported here (an ``nn.Sequential`` subclass
        with a forward of its own is still an ``nn.Sequential`` to the tests), else Remote.
        On the kernel's word, like every fact about a learner's object; never imports."""
        import sys

        for qualified in self._ref.mro:
            module, _, name = qualified.rpartition(".")
            if not module.startswith("torch.nn.") or "." in name or name.startswith("_"):
                continue
            cls = getattr(sys.modules.get(module), name, None)
            torch = sys.modules.get("torch")
            if isinstance(cls, type) and torch is not None and issubclass(cls, torch.nn.Module):
                return cls
        return Remote

    def __getattr__(self, attr: str):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return self._judge.request({"op": "getattr", "target": self._tag(), "attr": attr})

    def __setattr__(self, attr: str, value) -> None:
        self._judge.request({"op": "setattr", "target": self._tag(), "attr": attr,
                             "value": self._judge.encode_value(value)})

    def __call__(self, *args, **kwargs):
        return self._judge.call(self._tag(), args, kwargs, exercise=self._ref.exercise)

    def __call_within__(self, seconds: float, args: tuple, kwargs: dict):
        """Call with a budget of ``seconds`` (the course checks' call_within): past it the kernel is
        interrupted and TimeoutError raised here, instead of waiting for the cell's own limit."""
        with self._judge.within(seconds):
            return self(*args, **kwargs)

    def __getitem__(self, key):
        return self._judge.request({"op": "getitem", "target": self._tag(), "key": self._judge.encode_value(key)})

    def __setitem__(self, key, value) -> None:
        self._judge.request({"op": "setitem", "target": self._tag(), "key": self._judge.encode_value(key),
                             "value": self._judge.encode_value(value)})

    def __iter__(self):
        items = self._judge.request({"op": "iter", "target": self._tag()})
        if not isinstance(items, list):
            raise JudgeAbort("the kernel answered an iteration with something that is not a list")
        return iter(items)

    def __len__(self) -> int:
        n = self._judge.request({"op": "len", "target": self._tag()})
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise JudgeAbort("the kernel answered len() with something that is not a length")
        return n

    def __bool__(self) -> bool:
        return self._judge.request({"op": "bool", "target": self._tag()}) is True

    def __repr__(self) -> str:
        return f"<{self._ref.type or 'object'} in the learner's kernel>"


class Judge:
    """Runs test cells of one notebook against one learner kernel.

    ``send(text, timeout)`` delivers a request (JSON text) to the kernel and
    returns its answer's text; it raises :class:`JudgeAbort` when the kernel
    does not answer in time or is gone. ``exercise_names`` are the names the
    tests may take from the kernel (what the released solution cells bind);
    every other name a test uses must come from the course's own cells.
    """

    def __init__(self, send: Callable[[str, float], str], exercise_names: set[str],
                 may_change_inputs: set[str] | frozenset[str] = frozenset(), strict_inputs: bool = False):
        self._send = send
        self.exercise_names = set(exercise_names)
        # with strict_inputs, a call of learner code that changes the test's data fails the cell,
        # except for exercises whose contract is to change their arguments (an optimizer step)
        self.may_change_inputs = frozenset(may_change_inputs)
        self.strict_inputs = strict_inputs
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.notes: list[str] = []
        self._deadline_left: Callable[[], float] = lambda: 60.0
        self._aborted: str | None = None
        self._hidden: tuple[str, int] = ("", 0)
        self._in_hidden = False           # running a hidden part: learner text is kept out of outputs
        self._learner_texts: list[str] = []

    # -- the course's own cells -------------------------------------------------
    def learn(self, source: str, label: str = "a course cell", needed: set[str] | None = None) -> None:
        """Run the imports, definitions and assignments of a trusted (read-only) course cell.

        Statements of other kinds (calls for plots, loops, ``if``) are skipped:
        tests need the helpers, not the demonstrations. An assignment runs only
        when every name it reads is known here (so nothing is fetched from the
        kernel); a statement that raises is skipped with a note.
        """
        try:
            tree = ast.parse(source)
        except SyntaxError:
            self.notes.append(f"{label} could not be read by the judge")
            return
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                if needed is not None and not (_stored(node) & needed):
                    continue  # no test reads it (a demonstration's result)
                if not self._known(node.value if node.value is not None else ast.Constant(None)):
                    continue
            elif not isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                                       ast.ClassDef)):
                continue
            code = compile(ast.Module([node], type_ignores=[]), f"<course cell: {label}>", "exec")
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    exec(code, self.namespace)  # noqa: S102 - the course's own read-only cell
            except Exception as exc:  # noqa: BLE001 - the tests that need it will say so
                self.notes.append(f"{label}: {type(exc).__name__}: {exc}"[:300])
            except JudgeAbort as exc:  # a course statement that called learner code which broke a rule:
                # the name stays unbound, so the tests that read it fail (fail closed), not the notebook
                self.notes.append(f"{label}: {exc}"[:300])
                self._aborted = None

    def in_kernel(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run the test's function ``fn`` in the kernel on ``args``; its result as plain data."""
        return self.call(fn, args, kwargs)

    def _known(self, expr: ast.AST) -> bool:
        for node in ast.walk(expr):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                if node.id not in self.namespace and not hasattr(builtins, node.id):
                    return False
            if isinstance(node, ast.Lambda):  # its parameters are not free names
                return all(self._known(d) for d in node.args.defaults)
        return True

    # -- requests -----------------------------------------------------------------
    def _refuse(self, obj: Any) -> dict:
        if isinstance(obj, Remote):
            return object.__getattribute__(obj, "_tag")()
        raise TypeError(f"the grader cannot send a {type(obj).__name__} to the learner's kernel "
                        "(tests pass plain data: numbers, strings, arrays, tensors, lists, dicts)")

    def _pickle(self, objects: list) -> str:
        """The test's own objects (models, data loaders, probes) for one call, pickled together
        so that they keep sharing (an optimizer and its model's parameters). Only ever sent to
        the kernel, never loaded from it; refused when a function's or class's code comes from a
        hidden test (its bytecode would carry the hidden test into the learner's process)."""
        buf = io.BytesIO()
        try:
            _Pickler(buf, self._hidden).dump(objects)
        except _HiddenCode as exc:
            raise TypeError(f"a test object defined in a hidden test cannot be sent to the kernel ({exc})") from None
        except Exception as exc:  # noqa: BLE001 - pickling raises many kinds
            kinds = ", ".join(sorted({type(o).__name__ for o in objects}))
            raise TypeError(f"the grader cannot send {kinds} to the learner's kernel ({type(exc).__name__}: {exc})") from None
        return base64.b64encode(buf.getvalue()).decode()

    def encode_value(self, value: Any) -> Any:
        return wire.Encoder(self._refuse).encode(value)

    def _proxy(self, tag: dict) -> Remote:
        hid = tag.get("id")
        if not isinstance(hid, int) or isinstance(hid, bool):
            raise wire.WireError("a malformed object reference")
        params = tag.get("params")
        mro = tag.get("mro")
        ref = wire.Ref(hid, str(tag.get("type", ""))[:200], str(tag.get("name", ""))[:200],
                       params if isinstance(params, list) else None, str(tag.get("repr", ""))[:300],
                       tag.get("callable") is True,
                       tuple(str(c)[:200] for c in mro[:32]) if isinstance(mro, list) else ())
        return Remote(self, ref)

    @contextlib.contextmanager
    def _time_limit(self):
        """Bound the test's own work here, not only its requests: work the judge does between
        requests (a reference training on a loader the learner's call made huge) is stopped by
        SIGALRM at the cell's deadline. While a request waits for the kernel, the alarm only marks
        the cell aborted and the wait ends by its own timeout. Main thread on POSIX only (signals);
        elsewhere the check at each request and the pool's backstop remain."""
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            yield
            return

        def on_alarm(signum, frame):
            self._aborted = self._aborted or "the test ran past its time limit"
            if not self._sending:
                raise JudgeAbort(self._aborted)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(self._deadline_left(), 0.001))
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @contextlib.contextmanager
    def within(self, seconds: float):
        """Requests made in this block get at most ``seconds`` more (and never more than the cell's
        own limit). When the budget, not the cell's limit, runs out and the kernel stops at the
        interrupt, the block raises TimeoutError and the cell goes on; a kernel that does not stop
        is stopped as at the cell's limit (fail closed)."""
        outer = self._deadline_left
        end = time.monotonic() + max(float(seconds), 0.0)
        self._deadline_left = lambda: min(outer(), end - time.monotonic())
        try:
            yield
        except JudgeAbort:
            if self._aborted or outer() <= 0 or time.monotonic() < end:
                raise  # the cell's own limit, a dead kernel, or a failure before the budget ran out
            raise TimeoutError(f"stopped after {seconds:g} s") from None
        finally:
            self._deadline_left = outer

    def _exchange(self, req: dict) -> dict:
        if self._aborted:
            raise JudgeAbort(self._aborted)
        left = self._deadline_left()
        if left <= 0:
            self._aborted = "the test ran past its time limit"
            raise JudgeAbort(self._aborted)
        try:
            text = wire.dumps(req, wire.MAX_REQUEST)
        except wire.WireError as exc:
            raise TypeError(f"the test's input is too big to send to the kernel: {exc}") from None
        self._sending = True
        try:
            answer = self._send(text, left)
        finally:
            self._sending = False
        if self._aborted:  # the time limit passed while the kernel worked
            raise JudgeAbort(self._aborted)
        try:
            reply = wire.loads(answer)
        except wire.WireError as exc:
            self._aborted = f"the kernel's answer was not plain data ({exc})"
            raise JudgeAbort(self._aborted) from None
        if not isinstance(reply, dict):
            self._aborted = "the kernel's answer was malformed"
            raise JudgeAbort(self._aborted)
        if "exc" in reply:
            raise self._rebuild(reply["exc"])
        return reply

    def _rebuild(self, info) -> BaseException:
        if not isinstance(info, dict):
            self._aborted = "the kernel's answer was malformed"
            return JudgeAbort(self._aborted)
        name, msg = str(info.get("type", "Exception"))[:100], str(info.get("msg", ""))[:4000]
        if name == "KeyboardInterrupt" and self._deadline_left() <= 0:
            self._aborted = "the test ran past its time limit"
            return JudgeAbort(self._aborted)
        if name in ("WireError",) and str(info.get("module", "")).startswith("grader"):
            return TypeError(f"the learner's code returned a value the grader cannot read: {msg}")
        cls = _REBUILT.get(name) if info.get("module") == "builtins" else None
        exc = cls(msg) if cls is not None else RemoteError(f"{name}: {msg}" if msg else name)
        if self._in_hidden:  # a check may read it (assert_raises' match); no output shows it
            self._learner_texts.append(msg)
        else:
            exc.learner_where = str(info.get("where", ""))[:300]
        return exc

    def _decode(self, data, args: list | None = None) -> Any:
        try:
            return wire.Decoder(self._proxy, args).decode(data)
        except (wire.WireError, TypeError, ValueError, OverflowError) as exc:
            self._aborted = f"the kernel's answer was not plain data ({exc})"
            raise JudgeAbort(self._aborted) from None

    def request(self, req: dict) -> Any:
        """Send one request; the decoded value of its answer."""
        return self._decode(self._exchange(req).get("v"))

    def call(self, target: Any, args: tuple, kwargs: dict, exercise: str | None = None) -> Any:
        """Call a kernel object (a ``ref`` tag) or the test's own function ``target`` in the kernel,
        with local values; apply in place what the call changed in them.

        With ``strict_inputs``, a call of a learner's object (``exercise``: the name the test
        looked it up by, if any) that changes the values of an array, tensor, list or dict the
        test passed aborts the cell (JudgeAbort), unless the exercise is in ``may_change_inputs``:
        the test's later checks would be computed from inputs the learner's code chose."""
        sent: list = []

        def fallback(obj):
            if isinstance(obj, Remote):
                return object.__getattribute__(obj, "_tag")()
            sent.append(obj)
            return {"t": "obj", "i": len(sent) - 1}

        enc = wire.Encoder(fallback)
        a = enc.encode(list(args))
        k = enc.encode(dict(kwargs))
        learner = isinstance(target, dict) and target.get("t") == "ref"
        if not learner:
            sent.append(target)
            target = {"t": "obj", "i": len(sent) - 1}
        req = {"op": "call", "target": target, "args": a, "kwargs": k}
        torch = wire._torch()
        if torch is not None and not torch.is_grad_enabled():
            req["no_grad"] = True  # the test's `with torch.no_grad():` holds for the call in the kernel too
        if sent:
            req["objects"] = self._pickle(sent)
        reply = self._exchange(req)
        value = self._decode(reply.get("v"), enc.objects)
        after = reply.get("after", [])
        if not isinstance(after, list):
            self._aborted = "the kernel's answer was malformed"
            raise JudgeAbort(self._aborted)
        for item in after[:10_000]:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], int)
                    and 0 <= item[0] < len(enc.objects)):
                self._aborted = "the kernel's answer was malformed"
                raise JudgeAbort(self._aborted)
            local = enc.objects[item[0]]
            if isinstance(item[1], dict) and item[1].get("t") == "state":
                _apply_state(local, item[1].get("v"), self._decode)
                continue
            # the kernel reports an array, list or dict only when the call changed it; a tensor
            # also when only its requires_grad or .grad changed (that alone is no change of data)
            changed = True
            if isinstance(item[1], dict) and item[1].get("t") == "tensor_after":
                before = _values(local)
                _apply_tensor(local, item[1], lambda d: self._decode(d, enc.objects))
                changed = before != _values(local)
            else:
                _apply(local, self._decode(item[1], enc.objects))
            if self.strict_inputs and learner and changed and exercise not in self.may_change_inputs:
                who = exercise or "the learner's code"
                self._aborted = (f"{who} changed {_what(local)} it was given, in "
                                 "place: the tests compare results with values computed from their inputs, so "
                                 "a call that changes them cannot be graded (leave the inputs unchanged: copy "
                                 "what you modify)")
                raise JudgeAbort(self._aborted)
        return value

    def lookup(self, names: list[str]) -> dict[str, Any]:
        """Values (data) or proxies of ``names`` in the kernel's namespace (missing ones left out)."""
        if not names:
            return {}
        reply = self._exchange({"op": "lookup", "names": sorted(names)})
        found = reply.get("found", {})
        if not isinstance(found, dict):
            self._aborted = "the kernel's answer was malformed"
            raise JudgeAbort(self._aborted)
        values = {n: self._decode(v) for n, v in found.items() if n in names}
        for n, v in values.items():
            if isinstance(v, Remote):  # the name the test knows it by, not the kernel's __name__
                object.__getattribute__(v, "_ref").exercise = n
        return values

    # -- a test cell --------------------------------------------------------------------
    def run(self, source: str, count: int, seconds_left: Callable[[], float], part: str = "all",
            namespace: dict | None = None) -> tuple[bool, list[dict]]:
        """Run one test cell, or one part of it; (passed, nbformat outputs).

        ``part``: ``"all"``, ``"visible"`` (the lines above ``### BEGIN HIDDEN
        TESTS``) or ``"hidden"`` (the lines from it on, with their own line
        numbers), run in ``namespace`` (by default the judge's own): the
        grader runs a cell's hidden part after the notebook's last cell, in a
        copy of the namespace its visible part left (:func:`split`).

        The cell passes when its code ran to the end here without an
        exception and no request was aborted. Its printed lines are its
        stdout; a failure is an ``error`` output whose traceback names the
        test cell's lines as ``Cell In[count], line N`` (what
        :func:`grader.autograde.tracebacks.own_lines` reads). In a hidden part, text that
        came from the learner's code (an exception's message, where it was
        raised) is never put in an output: a learner function could carry the
        hidden inputs it was given out that way.
        """
        self._aborted = None
        self._deadline_left = seconds_left
        self._sending = False
        lines = source.splitlines()
        hidden = hidden_start(source)
        self._hidden = (CELL_FILE.format(count), hidden)
        if part == "visible":
            source = "\n".join(lines[:hidden - 1])
        elif part == "hidden":
            source = "\n" * (hidden - 1) + "\n".join(lines[hidden - 1:])
        ns = self.namespace if namespace is None else namespace
        self._in_hidden, self._learner_texts = part == "hidden", []
        out, err = io.StringIO(), io.StringIO()
        filename = CELL_FILE.format(count)
        error = None
        try:
            code = compile(source, filename, "exec")
            wanted = _free_names(source) & self.exercise_names
            ns.update(self.lookup([n for n in wanted]))
            # a course's checks.in_kernel(fn, ...) finds the judge here: fn runs beside the learner's objects
            builtins.__grader_in_kernel__ = self.in_kernel
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), self._time_limit():
                    exec(code, ns)  # noqa: S102 - the course's test, hidden part included
            finally:
                del builtins.__grader_in_kernel__
        except BaseException as exc:  # noqa: BLE001 - every way a test can fail fails the cell
            error = exc
        if self._aborted and error is None:  # test code swallowed an abort: the cell still fails
            error = JudgeAbort(self._aborted)
        outputs: list[dict] = []
        text = out.getvalue() + err.getvalue()
        if text:
            outputs.append({"output_type": "stream", "name": "stdout", "text": text[:200_000]})
        if error is not None:
            if isinstance(error, KeyboardInterrupt):
                error = JudgeAbort("the test was interrupted")
            outputs.append(_error_output(error, filename, count, self._aborted))
        if self._in_hidden and self._learner_texts:
            outputs = [_without(o, self._learner_texts) for o in outputs]
        self._in_hidden, self._learner_texts = False, []
        return error is None, outputs


HIDDEN_MARK = "BEGIN HIDDEN TESTS"
WITHHELD = "[a message your code raised during a hidden test: not shown]"


def hidden_start(source: str) -> int:
    """The 1-based line of a test cell's ``### BEGIN HIDDEN TESTS`` (one past the end: none)."""
    lines = source.splitlines()
    return next((i + 1 for i, line in enumerate(lines) if HIDDEN_MARK in line), len(lines) + 1)


def has_hidden(source: str) -> bool:
    """Whether a test cell (as graded) has a hidden part with code in it."""
    lines = source.splitlines()
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines[hidden_start(source):])


def _without(output: dict, texts: list[str]) -> dict:
    """``output`` with every learner text in ``texts`` taken out (as written, on one line, or
    quoted); an output in which a piece of one is still found is replaced by a plain note."""
    def clean(value: str) -> str:
        for t in sorted(texts, key=len, reverse=True):
            if not t.strip():
                continue
            one = " ".join(t.split())
            for form in (t, one, repr(one)[1:-1], one[:296]):
                if len(form) >= 4:
                    value = value.replace(form, WITHHELD)
        return value

    def leaky(value: str) -> bool:
        flat = " ".join(value.split())
        return any(len(one) >= 12 and any(one[i:i + 12] in flat for i in range(0, len(one) - 11, 6))
                   for one in (" ".join(t.split()) for t in texts))

    out = dict(output)
    for key in ("text", "evalue"):
        if isinstance(out.get(key), str):
            out[key] = clean(out[key])
    if isinstance(out.get("traceback"), list):
        out["traceback"] = [clean(str(line)) for line in out["traceback"]]
    shown = " ".join([str(out.get("text", "")), str(out.get("evalue", "")), *map(str, out.get("traceback", []))])
    if leaky(shown):
        note = ("a hidden test failed; its message is not shown because it would show text your code "
                "produced during the hidden test")
        if out.get("output_type") == "error":
            out.update(evalue=note, traceback=[f"{out.get('ename', 'Error')}: {note}"])
        else:
            out["text"] = "[output of a hidden test not shown: it held text your code produced]\n"
    return out


class CoursePlan:
    """What the judge takes from the course's own notebook (the release: trusted text).

    ``course``: (position, label, source) of every code cell that is neither
    a solution nor a test cell, in order; ``tests``: grade_id -> position;
    ``exercise_names``: the names test cells read that no course cell binds
    (so they must come from the learner's kernel); ``needed``: the names the
    judge's copy of the course cells must bind (read by tests or by the
    course's definitions, followed through assignments).
    """

    def __init__(self, cells: list, test_sources: list[str] | None = None):
        """``cells``: the released notebook's cells; ``test_sources``: the test cells as graded
        (hidden tests included: the release has none), by default those of ``cells``."""
        self.course: list[tuple[int, str, str]] = []
        self.tests: dict[str, int] = {}
        tests: list[str] = []
        for i, cell in enumerate(cells):
            if cell.get("cell_type") != "code":
                continue
            meta = cell.get("metadata", {}).get("nbgrader", {})
            meta = meta if isinstance(meta, dict) else {}
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else str(src)
            if meta.get("solution"):
                continue
            if meta.get("grade"):
                self.tests[str(meta.get("grade_id", ""))] = i
                tests.append(src)
                continue
            self.course.append((i, f"cell {i + 1}" + (f" ({meta['grade_id']})" if meta.get("grade_id") else ""), src))
        tests = tests if test_sources is None else list(test_sources)
        free = set().union(*map(_free_names, tests)) if tests else set()
        bound = set().union(*(bound_names(src) for _, _, src in self.course), *map(bound_names, tests))
        self.exercise_names = {n for n in free - bound if not hasattr(builtins, n)}
        self.needed = self._needed(free)

    def _needed(self, free: set[str]) -> set[str]:
        needed = set(free)
        assigns = []
        for _, _, src in self.course:
            try:
                tree = ast.parse(src)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    needed |= _loads(node)
                elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                    assigns.append((_stored(node), _loads(node)))
        grew = True
        while grew:
            grew = False
            for stored, loads in assigns:
                if stored & needed and not loads <= needed:
                    needed |= loads
                    grew = True
        return needed

    def before(self, grade_id: str) -> list[tuple[int, str, str]]:
        """The course cells above test ``grade_id`` (all of them when it is unknown)."""
        pos = self.tests.get(grade_id, 1 << 30)
        return [c for c in self.course if c[0] < pos]


def _loads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _stored(node: ast.AST) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def bound_names(source: str) -> set[str]:
    """Top-level names a cell binds (definitions, assignments, imports, loop targets)."""
    return set(_bound_names(source))


# A worker analyses the same released cells for every submission of a notebook (the judge's plan,
# grader.integrity.cleanroom's skipped cells and stand-ins): they are parsed once per worker, not once per
# submission. Pure functions of the text; callers get a set of their own.
@functools.lru_cache(maxsize=1024)
def _bound_names(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return frozenset(names)


def _free_names(source: str) -> set[str]:
    return set(_free_names_of(source))


@functools.lru_cache(maxsize=1024)
def _free_names_of(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))


def _apply(local: Any, new: Any) -> None:
    """Make ``local`` (an argument the test passed) equal to what the call left in the kernel."""
    if isinstance(local, np.ndarray) and isinstance(new, np.ndarray):
        if new.size == local.size and new.shape != local.shape:
            try:
                local.shape = new.shape
            except AttributeError:
                return
        if new.shape == local.shape:
            np.copyto(local, new, casting="unsafe")
    elif isinstance(local, list) and isinstance(new, list):
        local[:] = new
    elif isinstance(local, dict) and isinstance(new, dict):
        local.clear()
        local.update(new)
    else:
        torch = wire._torch()
        if torch is not None and isinstance(local, torch.Tensor) and isinstance(new, torch.Tensor):
            if new.shape == local.shape:
                with torch.no_grad():
                    local.copy_(new.to(local.dtype))


def _values(tensor: Any) -> tuple:
    """A comparable copy of a tensor's shape, dtype and values."""
    raw = tensor.detach().cpu().contiguous().flatten()
    return (tuple(tensor.shape), str(tensor.dtype), raw.view(__import__("torch").uint8).numpy().tobytes())


def _what(obj: Any) -> str:
    shape = getattr(obj, "shape", None)
    if shape is not None:
        return f"the {type(obj).__name__} of shape {tuple(shape)}"
    return f"a {type(obj).__name__}"


def _apply_tensor(local: Any, info: dict, decode: Callable[[Any], Any]) -> None:
    """A tensor argument after the call: its values, whether it requires gradients, its .grad."""
    torch = wire._torch()
    if torch is None or not isinstance(local, torch.Tensor):
        raise JudgeAbort("the kernel's answer was malformed")
    _apply(local, decode(info.get("v")))
    if local.is_leaf and local.is_floating_point():
        local.requires_grad_(info.get("requires_grad") is True)
    grad = info.get("grad")
    new = None if grad is None else decode(grad)
    if new is None or (isinstance(new, torch.Tensor) and new.shape == local.shape):
        local.grad = None if new is None else new.to(local.dtype)


def _apply_state(local: Any, state: Any, decode: Callable[[Any], Any]) -> None:
    """Copy what a call changed in a sent object back into the test's own: parameters and
    buffers (in place, so an optimizer still holds them, with whether they require gradients),
    modes, an optimizer's state_dict (hyperparameters, momentum buffers), and only those plain
    attributes that the object's class names in ``judge_copy_back`` (a tuple of names, set by the
    course's test code, e.g. a probe's record of calls). Any other attribute the call changed (a
    loader's dataset, a model's constant that a reference reads afterwards) stays as the test made
    it: learner code must not steer the test's own objects."""
    if not isinstance(state, dict):
        raise JudgeAbort("the kernel's answer was malformed")
    torch = wire._torch()
    if "optimizer" in state:
        if torch is None or not isinstance(local, torch.optim.Optimizer):
            raise JudgeAbort("the kernel's answer was malformed")
        try:  # by parameter index: the optimizer keeps holding the test's own parameters
            local.load_state_dict(decode(state["optimizer"]))
        except (TypeError, ValueError, KeyError, IndexError, RuntimeError):
            raise JudgeAbort("the kernel's answer was malformed (an optimizer's state)") from None
        return
    is_module = torch is not None and isinstance(local, torch.nn.Module)
    if is_module:  # submodules the call replaced (a new head), rebuilt with PyTorch's own classes
        for entry in (state.get("replaced") or [])[:1000]:
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
                raise JudgeAbort("the kernel's answer was malformed")
            new = decode(entry[1])
            parent, _, name = entry[0].rpartition(".")
            try:
                holder = local.get_submodule(parent) if parent else local
            except AttributeError:
                continue
            if isinstance(new, torch.nn.Module) and name in holder._modules:
                holder._modules[name] = new
    parts = list(local.modules()) if is_module else [local]
    if is_module and "tensors" in state:
        new = decode(state["tensors"])
        if not isinstance(new, dict):
            raise JudgeAbort("the kernel's answer was malformed")
        with torch.no_grad():
            for name, t in local.state_dict(keep_vars=True).items():
                got = new.get(name)
                if isinstance(got, torch.Tensor) and got.shape == t.shape:
                    t.copy_(got.to(t.dtype))
                    if t.is_leaf and t.is_floating_point():  # frozen or not (prepare_transfer's work)
                        t.requires_grad_(got.requires_grad)
        modes = state.get("training", [])
        if isinstance(modes, list) and len(modes) == len(parts):
            for m, flag in zip(parts, modes, strict=True):
                m.training = flag is True
    for entry in state.get("attrs", [])[:10_000]:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], int)
                and 0 <= entry[0] < len(parts) and isinstance(entry[1], str)):
            raise JudgeAbort("the kernel's answer was malformed")
        part, name = parts[entry[0]], entry[1]
        if name not in _copy_back(part):
            continue
        old = part.__dict__.get(name, _MISSING) if hasattr(part, "__dict__") else _MISSING
        if old is _MISSING or (torch is not None and isinstance(old, (torch.Tensor, torch.nn.Module))):
            continue  # only plain attributes the test's object already had
        object.__setattr__(part, name, decode(entry[2]))


_MISSING = object()


def _copy_back(part: Any) -> tuple[str, ...]:
    """The attribute names ``part``'s class lets a call change (``judge_copy_back``), read from
    the class itself (the test's own code), never from the instance."""
    names = getattr(type(part), "judge_copy_back", ())
    return tuple(n for n in names if isinstance(n, str)) if isinstance(names, (tuple, list)) else ()


class _HiddenCode(Exception):
    pass


class _Pickler(cloudpickle.CloudPickler):
    """cloudpickle that refuses any function or class whose code lies in a hidden test."""

    def __init__(self, file, hidden: tuple[str, int]):
        super().__init__(file, protocol=pickle.DEFAULT_PROTOCOL)
        self._hidden = hidden

    def reducer_override(self, obj):
        code = getattr(obj, "__code__", None)
        if code is None and isinstance(obj, type):
            for member in vars(obj).values():
                fn = getattr(member, "__func__", member)
                code = getattr(fn, "__code__", None)
                if code is not None and self._is_hidden(code):
                    raise _HiddenCode(obj.__qualname__)
            code = None
        if code is not None and self._is_hidden(code):
            raise _HiddenCode(getattr(obj, "__qualname__", "a function"))
        return super().reducer_override(obj)

    def _is_hidden(self, code) -> bool:
        return code.co_filename == self._hidden[0] and code.co_firstlineno >= self._hidden[1]


def _error_output(exc: BaseException, filename: str, count: int, aborted: str | None) -> dict:
    if isinstance(exc, JudgeAbort):
        ename, evalue = "GraderError", f"{exc} (the test cannot be scored)"
    else:
        ename, evalue = type(exc).__name__, str(exc)
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            lines.append(f"Cell In[{count}], line {frame.lineno}")
        elif frame.filename.endswith(("judge.py", "wire.py")) or frame.filename.startswith("<course cell"):
            continue
        else:
            lines.append(f"  File {frame.filename}:{frame.lineno}, in {frame.name}")
    where = getattr(exc, "learner_where", "")
    tail = f"{ename}: {evalue}" if evalue else ename
    if where:
        tail += f"\n(raised in your code: {where})"
    lines.append(tail)
    if aborted and not isinstance(exc, JudgeAbort):
        lines.append(f"GraderError: {aborted}")
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": lines}
