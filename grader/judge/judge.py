"""The judge: runs a notebook's test cells where learner code never runs.

A test cell's source (hidden tests included, from the gradebook) is executed here, in the grading
worker, never in the learner's kernel. The names a test takes from the learner (the exercise's
functions, classes and data, as the released solution cells bind them) are looked up in the kernel
through :mod:`grader.judge.server`: plain data comes back as a local copy
(:mod:`grader.judge.wire`), everything else as a :class:`Remote` proxy whose calls, attributes and
items are requests to the kernel. References, checks and comparisons (the course's checks, NumPy,
PyTorch) run here, on values the kernel can only *send*. So a test cell passes only when this
process ran it to the end without an exception; nothing the learner's code does in its own process
changes how a test runs, what it checks or how its result is kept.

The course's read-only cells give the tests their helpers, executed here too (:meth:`Judge.learn`).

Fail closed: a request that times out, a kernel that dies or answers with malformed data raise
:class:`JudgeAbort`, a ``BaseException`` that test code cannot catch with ``except Exception``, and
the judge fails the cell whatever the test code did with it.
"""

from __future__ import annotations

import ast
import base64
import builtins
import contextlib
import io
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from grader.judge import wire
from grader.judge.copyback import apply, apply_state, apply_tensor, values, what
from grader.judge.decoder import Decoder
from grader.judge.namespace import TestNamespace
from grader.judge.outputs import error_output, without
from grader.judge.pickling import HiddenCode, Pickler
from grader.judge.plan import free_names, hidden_start, stored
from grader.judge.remote import REBUILT, JudgeAbort, Remote, RemoteError

CELL_FILE = "<judged cell {}>"


class Judge:
    """Runs test cells of one notebook against one learner kernel.

    ``send(text, timeout)`` delivers a request (JSON text) to the kernel and returns its answer's
    text; it raises :class:`JudgeAbort` when the kernel does not answer in time or is gone. With
    ``binary``, ``send(text, timeout, frames)``: a call's large arrays travel as raw frames beside
    the text (wire's ``"buf"`` tags), not as base64 in it. ``exercise_names`` are the names the tests
    may take from the kernel (what the released solution cells bind); every other name a test uses
    must come from the course's own cells.
    """

    def __init__(self, send: Callable[..., str], exercise_names: set[str], may_change_inputs:
                 set[str] | frozenset[str] = frozenset(), strict_inputs: bool = False, binary: bool = False):
        self._send, self._binary = send, binary
        self.exercise_names = set(exercise_names)
        # with strict_inputs, a call of learner code that changes the test's data fails the cell,
        # except for exercises whose contract is to change their arguments (an optimizer step)
        self.may_change_inputs = frozenset(may_change_inputs)
        self.strict_inputs = strict_inputs
        self.namespace = TestNamespace(self.request, self.exercise_names, {"__name__": "__main__", "__builtins__": builtins})
        self.notes: list[str] = []
        self._deadline_left: Callable[[], float] = lambda: 60.0
        self._aborted: str | None = None
        self._hidden: tuple[str, int] = ("", 0)
        self._in_hidden, self._learner_texts = False, []  # a hidden part's run keeps learner text out of outputs
        self.kernel = ""  # where requests go: "" the notebook's kernel, "room:..." an exercise's own (rooms.py)
        self.abort_all = ""  # set: every request fails with this (that room could not run)

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
                if needed is not None and not (stored(node) & needed):
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
        return self.call(fn, args, kwargs)  # the test's function ``fn`` run in the kernel: its result as data

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
            Pickler(buf, self._hidden).dump(objects)
        except HiddenCode as exc:
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
        params, mro = tag.get("params"), tag.get("mro")
        ref = wire.Ref(hid, str(tag.get("type", ""))[:200], str(tag.get("name", ""))[:200],
                       params if isinstance(params, list) else None, str(tag.get("repr", ""))[:300],
                       tag.get("callable") is True,
                       tuple(str(c)[:200] for c in mro[:32]) if isinstance(mro, list) else ())
        ref.kernel = self.kernel
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

    def _exchange(self, req: dict, frames: list | None = None) -> dict:
        if self._aborted or self.abort_all:
            raise JudgeAbort(self._aborted or self.abort_all)
        left = self._deadline_left()
        if left <= 0:
            self._aborted = "the test ran past its time limit"
            raise JudgeAbort(self._aborted)
        try:
            text = wire.dumps(req, wire.MAX_REQUEST - sum(f.nbytes for f in frames or ()))
        except wire.WireError as exc:
            raise TypeError(f"the test's input is too big to send to the kernel: {exc}") from None
        self._sending = True
        try:
            answer = self._send(text, left, frames or []) if self._binary else self._send(text, left)
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
        cls = REBUILT.get(name) if info.get("module") == "builtins" else None
        exc = cls(msg) if cls is not None else RemoteError(f"{name}: {msg}" if msg else name)
        if self._in_hidden:  # a check may read it (assert_raises' match); no output shows it
            self._learner_texts.append(msg)
        else:
            exc.learner_where = str(info.get("where", ""))[:300]
        return exc

    def _decode(self, data, args: list | None = None) -> Any:
        try:
            return Decoder(self._proxy, args).decode(data)
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

        enc = wire.Encoder(fallback, buffers=[] if self._binary else None)
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
        reply = self._exchange(req, enc.buffers)
        value = self._decode(reply.get("v"), enc.objects)
        self._apply_after(reply.get("after", []), enc.objects, learner, exercise)
        return value

    def _apply_after(self, after: Any, objects: list, learner: bool, exercise: str | None) -> None:
        """Apply what a call changed (the reply's ``after``: [index into ``objects``, new value]) to the
        test's own values; with ``strict_inputs``, abort when a learner's call changed one (see :meth:`call`)."""
        if not isinstance(after, list):
            self._aborted = "the kernel's answer was malformed"
            raise JudgeAbort(self._aborted)
        for item in after[:10_000]:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], int)
                    and 0 <= item[0] < len(objects)):
                self._aborted = "the kernel's answer was malformed"
                raise JudgeAbort(self._aborted)
            local = objects[item[0]]
            if isinstance(item[1], dict) and item[1].get("t") == "state":
                apply_state(local, item[1].get("v"), self._decode)
                continue
            # the kernel reports an array, list or dict only when the call changed it; a tensor
            # also when only its requires_grad or .grad changed (that alone is no change of data)
            changed = True
            if isinstance(item[1], dict) and item[1].get("t") == "tensor_after":
                before = values(local)
                apply_tensor(local, item[1], lambda d: self._decode(d, objects))
                changed = before != values(local)
            else:
                apply(local, self._decode(item[1], objects))
            if self.strict_inputs and learner and changed and exercise not in self.may_change_inputs:
                who = exercise or "the learner's code"
                self._aborted = (f"{who} changed {what(local)} it was given, in "
                                 "place: the tests compare results with values computed from their inputs, so "
                                 "a call that changes them cannot be graded (leave the inputs unchanged: copy "
                                 "what you modify)")
                raise JudgeAbort(self._aborted)

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
        # long: a cell from its source to its outputs; the docstring states its contract
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
        ns = self.namespace if namespace is None else TestNamespace(self.request, self.exercise_names, namespace)
        self._in_hidden, self._learner_texts = part == "hidden", []
        out, err = io.StringIO(), io.StringIO()
        filename = CELL_FILE.format(count)
        error = None
        try:
            code = compile(source, filename, "exec")
            wanted = free_names(source) & self.exercise_names
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
            outputs.append(error_output(error, filename, count, self._aborted))
        if self._in_hidden and self._learner_texts:
            outputs = [without(o, self._learner_texts) for o in outputs]
        self._in_hidden, self._learner_texts = False, []
        return error is None, outputs
