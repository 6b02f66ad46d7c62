"""The judge's side of LimitedExecute: test cells run in the grading worker (grader/judge/).

At each test cell the judge runs the test's source (hidden part included,
from the gradebook) in the worker; names the test reads that no course cell
binds are fetched from the kernel as plain data or as proxies, through
requests that grader.judge.server answers inside the kernel (:meth:`JudgedTests._send`).
A test cell with a hidden part runs its visible part in place and its hidden
part after the notebook's last cell (fail closed: until then it keeps a
failing output).
"""

from __future__ import annotations

import ast
import json
import queue
import time
from typing import Any, NamedTuple

from nbclient.util import run_sync
from nbformat.notebooknode import from_dict

from grader.autograde.cellkinds import is_test, is_trusted
from grader.autograde.preprocessors.repaircells import RepairCells
from grader.cells import nbgrader_meta
from grader.integrity import cleanroom
from grader.integrity.references import reference_answers
from grader.judge import wire
from grader.judge.plan import CoursePlan, has_hidden
from grader.judge.remote import JudgeAbort

# the judge's requests: answered by grader.judge.server inside the kernel (grader/judge/)
SERVE = "__import__('grader.judge.server', fromlist=['_']).serve({!r}, globals())"
# the same, for a request that travels in the execute request's binary frames (grader.judge.server.serve_message)
SERVE_FRAMES = "__import__('grader.judge.server', fromlist=['_']).serve_message(globals())"
SERVE_KEY = "grader_judge"
HIDDEN_NOT_RUN = "the grader did not run this test's hidden part (it runs after the notebook's last cell)"


class PendingHidden(NamedTuple):
    """A test cell whose hidden part runs after the notebook's last cell (:meth:`JudgedTests._judge_hidden`)."""

    cell: Any  # the notebook's cell (nbformat NotebookNode)
    count: int  # its execution count in the judge
    namespace: dict  # the judge's names as its visible part left them
    where: str  # how messages name it
    shown: list[dict]  # its visible part's outputs


class JudgedTests:
    """LimitedExecute's part that runs test cells in the judge (a mixin: it uses the executor's kernel
    ``km``/``kc``, ``_watchdog``, ``_timeout_for``, ``_timeout_limit`` and ``_death``, and the judge
    state that LimitedExecute's preprocess sets up: ``_judge``, ``_plan``, ``_learned``, ``_pending``)."""

    _stuck = False  # the kernel did not answer a request, even after an interrupt
    _dead = False  # the kernel died during a request

    def _course_plan(self, nb, resources) -> CoursePlan:
        """The judge's plan from the released notebook (trusted text); without one, from
        the course cells nbgrader restored (locked and test cells)."""
        tests = [c.source for c in nb.cells if is_test(c)]  # as graded: hidden tests included
        try:
            with open(RepairCells(config=self.config, parent=self.parent).reference(resources), encoding="utf-8") as f:
                return CoursePlan(json.load(f)["cells"], tests)
        except (OSError, ValueError, KeyError, TypeError):
            return CoursePlan([c for c in nb.cells if is_trusted(c)], tests)

    def _skipped_sources(self, resources) -> set[str]:
        """Sources of the release's course cells that the graded kernel does not run
        (grader.integrity.cleanroom.skipped_cells): test helpers where the judge runs the tests, and, in a clean
        room, cells that need a module outside the notebook's allowance."""
        try:
            with open(RepairCells(config=self.config, parent=self.parent).reference(resources), encoding="utf-8") as f:
                cells = json.load(f)["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            return set()
        allowed = self._importable()
        skip = cleanroom.skipped_cells(cells, None if allowed is None else set(allowed), helpers=self._judged,
                                       helper_prefix=cleanroom.settings(self.config).helper_prefix,
                                       references=reference_answers(self._stem or "", self.config))
        self._stand_ins = cleanroom.stand_ins(cells, skip, self._stem or "the notebook")
        return {cleanroom._source(cells[i]) for i in skip}

    def _judge_cell(self, cell, where: str):
        """Run test ``cell``'s visible part in the judge and keep its hidden part for after the
        notebook's last cell (:meth:`_judge_hidden`); (status, message) of a limit it hit, else None.

        Until its hidden part has passed, a cell with one keeps a failing output (fail closed)."""
        for pos, label, source in self._plan.before(nbgrader_meta(cell).get("grade_id", "")):
            if pos not in self._learned:  # the course's own cells above it, as released
                self._learned.add(pos)
                self._judge.learn(source, label, self._plan.needed)
        self._judge_count += 1
        self._stuck = self._dead = False
        deadline = time.monotonic() + self._timeout_for(cell)
        hidden = has_hidden(cell.source)
        ok, outputs = self._judge.run(cell.source, self._judge_count, lambda: deadline - time.monotonic(),
                                      part="visible" if hidden else "all")
        cell.execution_count = self._judge_count
        cell.outputs = [from_dict(o) for o in outputs]
        if ok and hidden:
            # its names as the visible part left them (a later test cell may bind the same names)
            self._pending.append(PendingHidden(cell, self._judge_count, dict(self._judge.namespace), where, outputs))
            cell.outputs.append(from_dict({"output_type": "error", "ename": "NotRun", "evalue": HIDDEN_NOT_RUN,
                                           "traceback": [f"NotRun: {HIDDEN_NOT_RUN}"]}))
        return self._limit_hit(ok, deadline, where)

    def _judge_hidden(self):
        """Run the hidden parts kept by :meth:`_judge_cell`, in order, after the notebook's last
        cell: a learner cell that prints what their function was given (the hidden inputs) has
        run by then, and the judge keeps learner text out of a hidden part's outputs. The kernel
        is the notebook's as its last cell left it. (status, message) of the first limit hit."""
        first = None
        pending, self._pending = self._pending, []
        rooms = [self._room_for(p.cell.source) for p in pending]
        for room in dict.fromkeys(r for r in rooms if r is not None):  # every learner cell has run there too
            self._room_catch_up(room, self.nb, len(self.nb.cells))
        for (cell, count, namespace, where, shown), room in zip(pending, rooms, strict=True):
            if first and first[0] == "crashed" or self._stuck or not run_sync(self.km.is_alive)():
                break  # the kernel is gone: the rest keep their "did not run" (fail closed)
            self._stuck = self._dead = False
            deadline = time.monotonic() + self._timeout_for(cell)
            with self._judged_in(room, self.nb, len(self.nb.cells), cell):
                ok, outputs = self._judge.run(cell.source, count, lambda d=deadline: d - time.monotonic(),
                                              part="hidden", namespace=namespace)
            cell.outputs = [from_dict(o) for o in [*shown, *outputs]]
            first = first or self._limit_hit(ok, deadline, f"{where} (hidden tests)")
        return first

    def _limit_hit(self, ok: bool, deadline: float, where: str):
        if ok:
            return None
        if self._dead:
            return self._death(where)
        if self._stuck or deadline - time.monotonic() <= 0:
            return self._timeout_limit(where)
        return None

    def _request(self, text: str, frames: list | None) -> str:
        """Send the execute request that carries judge request ``text`` (and ``frames``); its msg_id."""
        if frames is None:
            return self.kc.execute("", silent=True, store_history=False,
                                   user_expressions={SERVE_KEY: SERVE.format(text)})
        msg = self.kc.session.msg("execute_request", {
            "code": "", "silent": True, "store_history": False, "user_expressions": {SERVE_KEY: SERVE_FRAMES},
            "allow_stdin": False, "stop_on_error": True})
        msg["buffers"] = [text.encode("utf-8"), *frames]  # jupyter_client's Session.send sends them as frames
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def _send(self, text: str, timeout: float, frames: list | None = None) -> str:
        """Deliver one judge request to the kernel; the text of its answer.

        With ``frames`` (the judge's binary mode), the request's text and its large arrays
        travel as the execute request's binary frames and the answer is its JSON text as is
        (grader.judge.server.serve_message); without, the text is a string literal in the user
        expression and the answer comes back quoted (grader.judge.server.serve).
        Raises JudgeAbort when the kernel is gone, does not answer within
        ``timeout`` seconds (it is interrupted, then given 5 s), or answers
        with something other than a string.
        """
        msg_id = self._request(text, frames)
        deadline = time.monotonic() + timeout
        interrupted = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if interrupted:
                    self._stuck = True
                    self._watchdog.kill()
                    raise JudgeAbort("the kernel did not answer in time")
                interrupted = True
                try:
                    run_sync(self.km.interrupt_kernel)()
                except Exception:  # noqa: BLE001 - a dead kernel: seen below
                    pass
                deadline = time.monotonic() + 5
                continue
            try:
                msg = run_sync(self.kc._async_get_shell_msg)(timeout=min(1.0, left))
            except queue.Empty:
                if not run_sync(self.km.is_alive)():
                    self._dead = True
                    raise JudgeAbort("the kernel died") from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                break
        if interrupted:
            raise JudgeAbort("the test ran past its time limit")
        content = msg.get("content", {})
        result = content.get("user_expressions", {}).get(SERVE_KEY, {}) if content.get("status") == "ok" else {}
        if result.get("status") != "ok":
            raise JudgeAbort("the kernel did not answer the grader's request "
                             f"({content.get('ename') or result.get('ename') or 'no answer'})")
        text = result.get("data", {}).get("text/plain", "")
        if not isinstance(text, str) or len(text) > 4 * wire.MAX_BYTES:
            raise JudgeAbort("the kernel's answer was malformed")
        if frames is not None:
            return text  # JSON as is: grader.judge.wire.loads bounds and parses it
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise JudgeAbort("the kernel's answer was malformed") from None
        if not isinstance(value, str):
            raise JudgeAbort("the kernel's answer was malformed")
        return value
