"""LimitedExecute (autograde, instead of nbgrader's Execute): a notebook's cells under its limits.

Runs the kernel under the submission's limits (grader.sandbox.kernel,
grader.sandbox.limits) in its sandbox, forked from the process's zygote
(grader.autograde.kernels), stops a notebook that hits one and marks the cells
it did not reach as not run (so they score 0), caps the output kept per cell,
runs the test cells in the judge (:mod:`grader.autograde.preprocessors.judged`)
and the integrity guard before every test cell and after every course cell
(:mod:`grader.autograde.preprocessors.guardchecks`).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field

from nbclient.client import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, List

from grader import settings
from grader.autograde.cellkinds import describe, is_test, is_trusted
from grader.autograde.preprocessors.guardchecks import GuardChecks
from grader.autograde.preprocessors.judged import JudgedTests, PendingHidden
from grader.autograde.preprocessors.launch import KernelLaunch
from grader.autograde.preprocessors.rooms import ExerciseRooms
from grader.judge.judge import Judge
from grader.sandbox.limits import Watchdog

NOT_RUN = "the grader did not run this test"
# A kernel killed by a signal after reaching this share of its memory limit ran out of memory.
NEAR_LIMIT = 0.6


@dataclass
class RunState:
    """What one notebook's run has found so far."""

    limit: tuple[str, str] | None = None  # (status, message) of the first limit hit
    stop: str | None = None  # why the cells from here on do not run (the first limit's message)
    tampered: list[str] = field(default_factory=list)  # what the integrity guard found
    exec_time: float = 0.0  # seconds the cells and tests ran
    finished: bool = False  # the guard's final check has run

    def hit(self, limit: tuple[str, str] | None, stop: bool = False) -> None:
        """Keep ``limit`` unless an earlier one was hit; ``stop``: no further cell runs."""
        self.limit = self.limit or limit
        if stop and self.limit:
            self.stop = self.limit[1]


class LimitedExecute(settings.Execution, KernelLaunch, ExerciseRooms, JudgedTests, GuardChecks, Execute):
    """nbgrader's Execute under limits, with the judge and the integrity guard.

    The limits and options (``timeout``, ``notebook_timeout``, ``memory_limit``,
    ``no_network``, ``sandbox``, ``threads``, ...) are traits of
    :class:`grader.settings.Execution`, set as ``c.LimitedExecute.*``.
    nbgrader makes one per notebook; the kernels and zygotes that outlive it
    are the process's :class:`grader.autograde.kernels.KernelPool`.
    """

    protect = List([], help="modules the notebook's own cells import (snapshotted by the guard); "
                   "empty: read from the notebook's locked and test cells").tag(config=True)
    protected_modules = List(["builtins"], help="top-level packages whose state the integrity guard "
                             "snapshots when the course imports them (course knowledge)").tag(config=True)
    preload = List([], help="modules every kernel imports before the notebook runs, snapshotted by the "
                   "guard and imported once in the zygote (course knowledge)").tag(config=True)
    prestart = Bool(True, help="start the next kernel while this notebook's results are written").tag(config=True)
    fork_kernels = Bool(True, help="fork kernels from a pre-imported zygote (in a subreaper worker)").tag(config=True)
    kernel_tests = List([], help="notebooks (NB, or ASSIGNMENT/NB) whose test cells still run inside the "
                        "learner's kernel, guarded, instead of in the judge (grader/judge/): for tests that "
                        "need more of the learner's objects than plain data (course knowledge)").tag(config=True)
    strict_inputs = Bool(False, help="under the judge, a call of learner code that changes, in place, data "
                         "a test passed fails that test cell (the test's later checks would be computed from "
                         "inputs the learner chose); off: the change comes back into the test's data, as in "
                         "one process, and the course's tests copy what they reuse").tag(config=True)
    # nbclient keeps every widget's state and binary buffers in the worker while a notebook runs, and the
    # allow-list drops them from what is written anyway: a kernel that opened comms with large state grew
    # the worker (outside the kernel's memory limit) by what it sent (red team round 6: +650 MB for 1 GB
    # of comm buffers in one cell). Output widgets still work: they do not read the stored state.
    store_widget_state = Bool(False, help="keep widgets' state and buffers (nbclient); off: the grader "
                              "drops them from its outputs, so it does not hold them").tag(config=True)
    may_change_inputs = List([], help="with strict_inputs: exercises whose contract is to change their "
                             "array/list/dict arguments in place (an optimizer step) (course knowledge)"
                             ).tag(config=True)

    # -- limits ----------------------------------------------------------------
    def _timeout_for(self, cell):
        left = self._deadline - time.monotonic()
        self._notebook_bound = left < (self.timeout or 1e9)
        return max(1, int(left + 0.999)) if self._notebook_bound else self.timeout

    # -- output cap -------------------------------------------------------------
    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        if msg.get("msg_type") == "error":
            content["evalue"] = str(content.get("evalue", ""))[:20000]
            content["traceback"] = [str(t)[:20000] for t in content.get("traceback", [])[:200]]
            return super().output(outs, msg, display_id, cell_index)
        size = len(str(content.get("text", ""))) + sum(len(str(v)) for v in content.get("data", {}).values())
        used = self._out_bytes.get(cell_index, 0) + size
        self._out_bytes[cell_index] = used
        if used > self.output_limit:
            self._flooded.add(cell_index)
            return None
        return super().output(outs, msg, display_id, cell_index)

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        content = kwargs["execute_reply"].get("content", {})
        self._guard_rode_along(content)
        if any(p.get("source") == "ask_exit" and not p.get("keepkernel") for p in content.get("payload", [])):
            self._exit_asked = True

    # -- the run ------------------------------------------------------------------
    def _not_run(self, cell, why: str) -> None:
        if cell.cell_type != "code" or not cell.source.strip():
            return
        cell.outputs = [NotebookNode(output_type="error", ename="NotRun", evalue=why,
                                     traceback=[f"NotRun: {why}"])]

    def preprocess(self, nb, resources=None, km=None):
        self._check_assign_resources(resources)
        state = resources.setdefault("grader", {})
        self._prepare(nb, resources, state)
        try:
            km, self._run_dir = self._take_kernel()
        except Exception as exc:  # noqa: BLE001 - the kernel could not even be launched
            state.update(tampered=[], exec_time=0.0, kernel_time=0.0, network_isolated=False,
                         limit=("crashed", f"the kernel did not start: {str(exc).splitlines()[0][:200]}"))
            return nb, resources
        self._watch(nb, km)
        run = RunState()
        started = time.monotonic()
        try:
            with self.setup_kernel():
                self._kernel_ready(nb)
                for index, cell in enumerate(nb.cells):
                    self._run_cell(nb, resources, index, cell, run)
                self._after_last_cell(run)
        except DeadKernelError:
            run.hit(self._death("kernel start"))
        except RuntimeError as exc:  # the kernel did not start
            run.hit(("crashed", f"the kernel did not start: {str(exc).splitlines()[0][:200]}"))
        finally:
            kept = self._end_kernel(state)
        self._record(state, run, started, kept)
        return self.nb, self.resources

    def _prepare(self, nb, resources, state: dict) -> None:
        """Before the kernel: this notebook's modules, its test cells failed until judged (fail closed),
        the judge's plan and the course cells the kernel skips."""
        meta = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
        self._stem = str(meta.get("notebook", ""))
        self._find_modules(nb)
        # Fail closed: every test cell fails until the judge has run it to the end.
        for cell in nb.cells:
            if is_test(cell):
                _fail_cell(cell, "NotRun", NOT_RUN)
        names = {str(meta.get("notebook", "")), f"{meta.get('assignment', '')}/{meta.get('notebook', '')}"}
        self._judged = not names & set(self.kernel_tests)
        state["judged"] = self._judged
        self._plan = self._course_plan(nb, resources)
        self._stand_ins: dict[str, str] = {}
        self._skipped = self._skipped_sources(resources)
        self._rooms_prepare(nb, resources)  # exercises with an allowance of their own (rooms.py)
        self._judge = Judge(self._send, self._plan.exercise_names, set(self.may_change_inputs),
                            self.strict_inputs, binary=True)
        self._judge_count = 0
        self._learned: set[int] = set()
        self._pending: list[PendingHidden] = []  # hidden parts still to run, after the notebook's last cell

    def _watch(self, nb, km) -> None:
        """Attach nbclient to the kernel ``km`` and start its watchdog and the notebook's clock."""
        z = self.pool.zygote
        box = self.box()
        self._watchdog = Watchdog(self.memory_limit, exclude=(z.proc.pid,) if z else (), folder=self._run_dir,
                                  disk_limit=box.disk_limit, max_processes=box.max_processes, tasks=box.max_tasks,
                                  max_files=box.max_files)
        self._kernel_log = os.path.join(self._run_dir, "kernel.log")
        NotebookClient.__init__(self, nb, km)
        self.kc = km.grader_client  # setup_kernel() then leaves the client to us
        self.reset_execution_trackers()
        self._watchdog.start(km.provisioner.pid)
        self._deadline = time.monotonic() + self.notebook_timeout
        self._notebook_bound = False
        self.timeout_func = self._timeout_for
        self._out_bytes: dict[int, int] = {}
        self._flooded: set[int] = set()
        self._exit_asked = False
        self.error_on_timeout = {"ename": "CellTimeoutError", "evalue": "", "traceback": [
            "CellTimeoutError: the cell ran past its time limit and was interrupted"]}
        self._checked = False  # a guard check ran since the last cell
        self._along, self._guard_seconds = None, 0.0

    def _kernel_ready(self, nb) -> None:
        """Wait for the kernel; its language in ``nb``; stand-ins for the course cells it skips."""
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        self.kc.allow_stdin = False
        self._rooms_launch()  # they start while the notebook's first cells run
        info = self.wait_for_reply(self.kc.kernel_info())
        if info:
            nb.metadata["language_info"] = info["content"].get("language_info", {})
        if self._stand_ins:  # names of the course cells the kernel skips say why they are not there
            self.wait_for_reply(self.kc.execute(
                f"__import__('grader.sandbox.kernel', fromlist=['_']).stand_in({self._stand_ins!r}, globals())",
                silent=True, store_history=False))

    def _run_cell(self, nb, resources, index: int, cell, run: RunState) -> None:
        """One cell: not run (after a stop), skipped, judged (a test cell) or run in the kernel."""
        if run.stop:
            self._not_run(cell, run.stop)
            return
        if cell.cell_type != "code" or not cell.source.strip():
            return
        where = describe(cell, index)
        if not is_test(cell) and not utils.is_solution(cell) and cell.source in self._skipped:
            return  # a course cell the graded kernel does not run (grader/integrity/cleanroom.py)
        if time.monotonic() >= self._deadline:
            self._notebook_bound = True
            run.hit(self._timeout_limit(where), stop=True)
            self._not_run(cell, run.stop)
            return
        if is_test(cell) and self._judged:  # judged outside the kernel (grader/judge/)
            self._run_judged(nb, index, cell, where, run)
            return
        self._run_in_kernel(nb, resources, index, cell, where, run)

    def _run_judged(self, nb, index: int, cell, where: str, run: RunState) -> None:
        """A test cell, in the judge, after the guard's check; against the kernel of its exercise's
        own allowance where it has one (grader/autograde/preprocessors/rooms.py)."""
        if self.guard and not self._checked:
            run.tampered += self._guard("before_test")
        t0 = time.monotonic()
        try:
            with self._judged_in(self._room_for(cell.source), nb, index, cell):
                hit = self._judge_cell(cell, where)
        finally:
            run.exec_time += time.monotonic() - t0
        if hit:
            run.hit(hit, stop=hit[0] == "crashed" or self._notebook_bound or self._stuck)

    def _run_in_kernel(self, nb, resources, index: int, cell, where: str, run: RunState) -> None:
        """A learner or course cell (or a kernel-run test cell), in the kernel, with the guard's next check."""
        # the guard's next check rides along in this cell's request (grader.sandbox.client)
        along = self._guard_along(nb, index, cell) if self.guard else None
        self._along, self._checked = None, False
        t0 = time.monotonic()
        try:
            self.preprocess_cell(cell, resources, index)
        except CellTimeoutError:
            # the interrupt did not stop it: the kernel is stuck
            self._watchdog.kill()
            run.hit(self._timeout_limit(where), stop=True)
            self._not_run(cell, run.stop)
            return
        except DeadKernelError:
            run.hit(self._death(where), stop=True)
            self._not_run(cell, run.stop)
            return
        finally:
            run.exec_time += time.monotonic() - t0
            self.kc.pending_expressions = None
        if self._exit_asked or not run_sync(self.km.is_alive)():  # exit() in the cell
            run.hit(self._death(where, after=True), stop=True)
            return
        if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            run.hit(self._timeout_limit(where))
            if self._notebook_bound:
                run.hit(None, stop=True)
                self._watchdog.kill()
                return
        if any(o.get("ename") == "MemoryError" for o in cell.get("outputs", [])) and self.memory_limit:
            run.hit(("crashed", f"{where} ran out of memory (limit {_gib(self.memory_limit)})"))
        if index in self._flooded:
            cell.outputs.append(NotebookNode(
                output_type="stream", name="stdout",
                text=f"\n[grader: output past {self.output_limit // 1000} kB not kept]\n"))
            resources["grader"].setdefault("notes", []).append(f"{where} printed too much; output cut")
        if along and self._along is not None:  # it ran: the cell raised no error
            run.tampered += self._along
            self._checked = True
            run.finished = along == "final"
        elif self.guard and is_trusted(cell):
            run.tampered += self._guard("after_trusted")

    def _after_last_cell(self, run: RunState) -> None:
        """The hidden parts of the tests, then the guard's final check, unless the notebook stopped early."""
        # after the last learner cell: nothing of theirs runs after a hidden call. A notebook that
        # stopped early (its kernel died, was killed or ran out of time) keeps them failed.
        if self._pending and not run.stop:
            t0 = time.monotonic()
            try:
                hit = self._judge_hidden()
            finally:
                run.exec_time += time.monotonic() - t0
            run.hit(hit)
        if self.guard and not run.stop and not run.finished:
            run.tampered += self._guard("final")

    def _end_kernel(self, state: dict) -> bool:
        """Stop the watchdog and the kernel, remove its folder, prestart the next one; whether the
        kernel said it kept the network (its log goes with its folder). ``state["kernel_cpu"]``: the
        kernel's CPU seconds once reaped, its exercises' rooms' included (grader.sandbox.zygote.ForkedKernel;
        0.0 for a launched kernel)."""
        self._watchdog.stop()
        rooms_cpu = self._rooms_end()
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            self._cleanup_kernel()
        except Exception:  # noqa: BLE001 - it is dead already
            pass
        state["kernel_cpu"] = float(getattr(process, "cpu", 0.0) or 0.0) + rooms_cpu
        kept = self._kernel_said("keeps the network")
        shutil.rmtree(self._run_dir, ignore_errors=True)
        if self.prestart:
            self._prestart()
        return kept

    def _record(self, state: dict, run: RunState, started: float, kept: bool) -> None:
        """What the run found, in ``resources["grader"]`` (read by grader.autograde.notebook)."""
        self.set_widgets_metadata()
        state["tampered"] = list(dict.fromkeys(run.tampered))
        state["limit"] = run.limit
        state["exec_time"] = run.exec_time - self._guard_seconds  # checks that rode along are not the notebook's
        state["kernel_time"] = time.monotonic() - started
        state["network_isolated"] = self.no_network and not kept
        state["network_kept"] = self.no_network and kept  # asked to cut it, and the system refused

    def _kernel_said(self, text: str) -> bool:
        try:
            with open(self._kernel_log, "rb") as f:
                return text.encode() in f.read(4096)
        except (OSError, AttributeError):
            return False

    def _timeout_limit(self, where: str):
        if self._notebook_bound:
            return ("timeout", f"{where} ran past the notebook's {self.notebook_timeout} s wall-clock limit")
        return ("timeout", f"{where} ran past the {self.timeout} s per-cell limit")

    def _death(self, where: str, after: bool = False):
        if self._watchdog.reason:
            return ("crashed", f"{where}: {self._watchdog.reason}")
        code, peak = None, self._watchdog.peak
        try:
            process = self.km.provisioner.process if self.km else None
            if process is not None:
                code = process.poll()
                peak = max(peak, getattr(process, "maxrss", 0))
        except AttributeError:
            pass
        how = f" (exit code {code})" if code not in (None, 0) and code > 0 else (
            f" (signal {-code})" if code and code < 0 else "")
        verb = "exited at the end of" if after else "died in"
        if code and code < 0 and self.memory_limit and peak >= NEAR_LIMIT * self.memory_limit:
            # Under RLIMIT_DATA an allocation that C code does not check for failure
            # ends in SIGSEGV or SIGABRT rather than MemoryError: say which limit it was.
            return ("crashed", f"the kernel {verb} {where}{how} after using {peak / 1024**3:.2f} GiB: "
                               f"it ran out of memory (limit {_gib(self.memory_limit)})")
        return ("crashed", f"the kernel {verb} {where}{how}")


def _fail_cell(cell, ename: str, why: str) -> None:
    cell.outputs = [NotebookNode(output_type="error", ename=ename, evalue=why, traceback=[f"{ename}: {why}"])]


def _gib(n: int) -> str:
    return f"{n / 1024**3:g} GiB"
