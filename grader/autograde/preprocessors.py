"""nbgrader preprocessors the course adds (named in grader/nbgrader_config.py).

- RepairCells (sanitising, before nbgrader's OverwriteCells): gives every
  cell with a known grade_id its nbgrader metadata from the release again
  (so that a learner cannot turn a test cell into a solution cell or change
  its points), drops metadata with unknown grade_ids, matches cells whose
  nbgrader metadata another editor stripped to the release by their content
  (grader.intake.repair.match_stripped), and puts back test, locked and solution
  cells that a learner deleted, where they were.
- LimitedExecute (autograde, instead of nbgrader's Execute): runs the kernel
  under the submission's limits (grader.sandbox.kernel, grader.sandbox.limits), stops a
  notebook that hits one and marks the cells it did not reach as not run
  (so they score 0), caps the output kept per cell, and runs the integrity
  guard before every test cell and after every course cell (inside the
  cells' own requests where it can: grader.sandbox.client).
- KeepHarmlessStderr (autograde, right after execution): nbgrader's
  determine_grade zeroes a test cell with *any* stderr output; a warning is
  no error, so stderr text of a test cell becomes a plain display output.
  Errors still zero the cell.
"""

from __future__ import annotations

import ast
import atexit
import copy
import json
import os
import shutil
import sys
import tempfile
import time

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Dict, List, Type, Unicode
from traitlets.config import Configurable

from grader import settings
from grader.intake.repair import match_stripped
from grader.integrity import cleanroom, sites
from grader.judge import wire
from grader.judge.judge import CoursePlan, Judge, JudgeAbort, has_hidden
from grader.sandbox import capabilities, limits
from grader.sandbox.client import GraderKernelClient
from grader.sandbox.limits import Watchdog
from grader.sandbox.zygote import Zygote

GUARD = "__import__('grader.integrity.guard', fromlist=['_']).timed({!r}, globals())"
# the judge's requests: answered by grader.judge.server inside the kernel (grader/judge/)
SERVE = "__import__('grader.judge.server', fromlist=['_']).serve({!r}, globals())"
SERVE_KEY = "grader_judge"
NOT_RUN = "the grader did not run this test"
HIDDEN_NOT_RUN = "the grader did not run this test's hidden part (it runs after the notebook's last cell)"
GUARD_KEY = "grader_guard"  # the guard's entry in a cell's user_expressions
# A kernel killed by a signal after reaching this share of its memory limit ran out of memory.
NEAR_LIMIT = 0.6


def _meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def is_trusted(cell) -> bool:
    """A cell whose source the grader restores from the course (test or locked)."""
    meta = _meta(cell)
    return bool(meta.get("grade_id")) and not meta.get("solution") and bool(meta.get("locked") or meta.get("grade"))


class RepairCells(NbGraderPreprocessor):
    """nbgrader metadata from the release (stripped metadata matched by content); deleted course cells back in place."""

    release_path = Unicode("", help="the released notebook of this assignment").tag(config=True)

    def reference(self, resources) -> str:
        """The released notebook to repair from.

        ``python -m grader`` names its verified copy; under nbgrader's own
        ``nbgrader autograde ASSIGNMENT --config grader/nbgrader_config.py``
        it is the course directory's ``release/ASSIGNMENT/NB.ipynb`` (nbgrader's
        CourseDirectory, from the same configuration), or ``source/...`` where
        the release was not kept. Raises ValueError naming both when neither exists.
        """
        path = self.release_path or resources.get("grader", {}).get("release_path", "")
        if path:
            return path
        from nbgrader.coursedir import CourseDirectory

        meta = resources.get("nbgrader", {})
        assignment, notebook = meta.get("assignment", ""), meta.get("notebook", "")
        cd = CourseDirectory(config=self.config)
        tried = []
        for step in (cd.release_directory, cd.source_directory):
            candidate = os.path.join(cd.format_path(step, ".", assignment), f"{notebook}.ipynb")
            if os.path.isfile(candidate):
                return candidate
            tried.append(candidate)
        raise ValueError(f"RepairCells: neither {tried[0]} nor {tried[1]} exists; run nbgrader generate_assignment "
                         f"{assignment} in the course directory first")

    def preprocess(self, nb, resources):
        path = self.reference(resources)
        with open(path, encoding="utf-8") as f:
            release = json.load(f)
        ref = {}
        order = []
        for cell in release["cells"]:
            gid = _meta(cell).get("grade_id")
            if gid:
                ref[gid] = cell
                order.append(gid)
        notes = resources.setdefault("grader", {}).setdefault("notes", [])
        dropped = []
        seen: set[str] = set()
        for cell in reversed(nb.cells):  # duplicates: the last copy keeps the metadata
            gid = _meta(cell).get("grade_id")
            if gid in seen:
                del cell.metadata["nbgrader"]
            elif gid:
                seen.add(gid)
        for cell in nb.cells:
            if "nbgrader" not in cell.get("metadata", {}):
                continue
            gid = _meta(cell).get("grade_id")
            if gid not in ref:
                del cell.metadata["nbgrader"]
                if gid:
                    dropped.append(str(gid))
                continue
            cell.metadata["nbgrader"] = from_dict(copy.deepcopy(ref[gid]["metadata"]["nbgrader"]))
        if dropped:
            notes.append(f"ignored unknown grade_ids {', '.join(dropped[:3])}")
        matched = match_stripped(nb.cells, release["cells"])  # another editor stripped the metadata
        for cell in nb.cells:
            if _meta(cell).get("grade_id") in matched:
                cell.metadata["nbgrader"] = from_dict(cell.metadata["nbgrader"])
        if matched:
            notes.append(f"its nbgrader metadata was missing on {len(matched)} cell(s) (another editor removed "
                         "it?); matched them to the released notebook by their content")
        present = {_meta(c).get("grade_id") for c in nb.cells} - {None}
        restored = []
        for i, gid in enumerate(order):
            if gid in present:
                continue
            at = 0
            for prev in reversed(order[:i]):
                idx = next((k for k, c in enumerate(nb.cells) if _meta(c).get("grade_id") == prev), None)
                if idx is not None:
                    at = idx + 1
                    break
            back = from_dict(copy.deepcopy(ref[gid]))
            if isinstance(back.get("source"), list):
                back["source"] = "".join(back["source"])
            nb.cells.insert(at, back)
            present.add(gid)
            restored.append(gid)
        if restored:
            notes.append(f"put back {len(restored)} deleted cell(s): {', '.join(restored[:4])}"
                         + (" ..." if len(restored) > 4 else ""))
        for cell in nb.cells:  # a learner may have retyped a cell nbgrader does not know
            if cell.cell_type == "code":
                cell.setdefault("outputs", [])
                cell.setdefault("execution_count", None)
        return nb, resources


class GraderKernelManager(AsyncKernelManager):
    """A kernel manager that forks its kernel from the worker's zygote when it has one."""

    zygote: Zygote | None = None
    view: dict | None = None  # the kernel's clean room (grader.integrity.cleanroom.kernel_view)
    scratch: tuple[int, int] | None = None  # bytes of its private /tmp and /dev/shm (c.Sandbox.tmp_size, .shm_size)
    grader_client: GraderKernelClient | None = None  # connected as soon as the kernel is launched
    client_factory = Type(GraderKernelClient, klass=AsyncKernelClient)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        zygote = self.zygote
        if zygote is None or kernel_cmd[1:3] != ["-m", "grader.sandbox.kernel"]:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        log = getattr(kw.get("stdout"), "name", os.devnull)
        cwd = str(kw.get("cwd") or os.getcwd())
        process = zygote.spawn(list(kernel_cmd[3:]), cwd=cwd, env=dict(kw.get("env") or os.environ), log=log,
                               view=self.view, scratch=self.scratch)
        prov = self.provisioner
        prov.process = process
        prov.pid = prov.pgid = process.pid
        prov.cwd = cwd
        self._reconcile_connection_info(prov.connection_info)


class Guard(Configurable):
    """What the in-kernel integrity guard records of a large library (course knowledge, grader.integrity.guard)."""

    protected_submodules = Dict({}, help="top-level package -> the only modules of it that the guard records "
                                "(for a library too large to snapshot whole: the modules the course's tests use); "
                                "a package not listed is recorded whole").tag(config=True)


class LimitedExecute(settings.Execution, Execute):
    """nbgrader's Execute under limits, with the integrity guard.

    The limits and options (``timeout``, ``notebook_timeout``, ``memory_limit``,
    ``no_network``, ``sandbox``, ``threads``, ...) are traits of
    :class:`grader.settings.Execution`, set as ``c.LimitedExecute.*``.
    """

    protect = List([], help="modules the notebook's own cells import (snapshotted by the guard); "
                   "empty: read from the notebook's locked and test cells").tag(config=True)
    protected_modules = List(["builtins"], help="top-level packages whose state the integrity guard "
                             "snapshots when the course imports them (course knowledge)").tag(config=True)
    preload = List([], help="modules every kernel imports before the notebook runs, snapshotted by the "
                   "guard and imported once in the zygote (course knowledge)").tag(config=True)
    _modules: list | None = None  # this notebook's: preload, then protect
    prestart = Bool(True, help="start the next kernel while this notebook's results are written").tag(config=True)
    fork_kernels = Bool(True, help="fork kernels from a pre-imported zygote (in a subreaper worker)").tag(config=True)
    kernel_tests = List([], help="notebooks (NB, or ASSIGNMENT/NB) whose test cells still run inside the "
                        "learner's kernel, guarded, instead of in the judge (grader/judge/): for tests that "
                        "need more of the learner's objects than plain data (course knowledge)").tag(config=True)
    strict_inputs = Bool(False, help="under the judge, a call of learner code that changes, in place, data "
                         "a test passed fails that test cell (the test's later checks would be computed from "
                         "inputs the learner chose); off: the change comes back into the test's data, as in "
                         "one process, and the course's tests copy what they reuse").tag(config=True)
    may_change_inputs = List([], help="with strict_inputs: exercises whose contract is to change their "
                             "array/list/dict arguments in place (an optimizer step) (course knowledge)"
                             ).tag(config=True)
    _zygote: Zygote | None = None
    _zygotes: dict = {}  # allowance (frozenset of top-level modules, or None) -> its zygote (grader.integrity.cleanroom)
    _course: dict | None = None  # the course's sandbox settings the zygotes were made with (grader.sandbox.bwrap)
    _stem = ""  # the notebook being graded (its clean room)

    # -- kernel ---------------------------------------------------------------
    # The next kernel is started while the grader finishes the current item
    # (feedback, gradebook): a fresh process per notebook, without the wait.
    _spare: tuple | None = None  # (signature, kernel manager, run dir)

    def _spec(self):
        box = self.box()
        argv = [sys.executable, "-m", "grader.sandbox.kernel", "--memory", str(self.memory_limit),
                "--max-file-size", str(box.max_file_size)]
        if self.no_network and not self.sandbox:  # a sandboxed kernel has no network anyway
            argv.append("--no-network")
        if self.sandbox:  # counted in the kernel's own user namespace: its own processes only
            argv += ["--max-processes", str(box.max_processes)]
        if self.guard:
            argv += ["--guard", "--protect", ",".join(self._allowed_modules(self.modules()))]
            only = Guard(config=self.config).protected_submodules
            if only:
                argv += ["--only", json.dumps({str(k): [str(m) for m in v] for k, v in only.items()})]
        if self.sandbox and self._allowance() is not None:  # the message of a refused import
            argv += ["--clean-room", f"{self._stem}:{','.join(self._allowance())}"]
        argv += ["--", "-f", "{connection_file}"]
        env = {"NBGRADER_EXECUTION": "autograde", "PYTHONUNBUFFERED": "1"}
        if self.threads:
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                env[var] = str(self.threads)
        return argv, env

    def box(self) -> settings.Sandbox:
        """The kernel's other limits (disk, processes, files, scratch), configured as ``c.Sandbox.*``."""
        return settings.Sandbox(config=self.config)

    def _allowance(self) -> list[str] | None:
        """The configured allowance of the notebook being graded (None: not restricted)."""
        return cleanroom.allowance(self._stem, self.config) if self._stem else None

    def _importable(self) -> frozenset | None:
        """Top-level modules its sandboxed kernel can import besides the standard library (None: any)."""
        allowed = self._allowance() if self.sandbox else None
        if allowed is None:
            return None
        room = cleanroom.settings(self.config)
        names = sites.top_level_names(sites.closure([*allowed, *room.kernel])) | ({room.package} - {""})
        return frozenset(names)

    def _allowed_modules(self, names: list[str]) -> list[str]:
        importable = self._importable()
        if importable is None:
            return list(names)
        stdlib = set(sys.stdlib_module_names)
        return [n for n in names if n.split(".")[0] in importable or n.split(".")[0] in stdlib]

    def modules(self) -> list[str]:
        """The modules the guard snapshots and the zygote imports for this notebook."""
        if self._modules is None:
            return list(dict.fromkeys([*self.preload, *self.protect]))
        return self._modules

    def _find_modules(self, nb) -> None:
        """This notebook's modules: ``protect``, or (nbgrader's own autograde) its course cells' imports."""
        from grader.cells import cell_source
        from grader.integrity.imports import imported_modules

        protect = list(self.protect) or imported_modules(
            [cell_source(c) for c in nb.cells if c.cell_type == "code" and is_trusted(c)],
            tuple(self.protected_modules))
        self._modules = list(dict.fromkeys([*self.preload, *protect]))

    def _launch(self):
        """Start a kernel under our launcher; return (kernel manager, run dir)."""
        from jupyter_client.kernelspec import KernelSpec

        argv, env = self._spec()
        zygote = self._zygote_for(env)
        # sandboxed, the run folder must be in the one folder the sandbox shares with us
        run = tempfile.mkdtemp(prefix="k-", dir=zygote.runs if zygote is not None else None)
        km = GraderKernelManager(config=self.config)
        km.zygote = zygote
        box = self.box()
        km.scratch = (box.tmp_size, box.shm_size)
        if zygote is not None and zygote.sandboxed and self._allowance() is not None:
            from grader.integrity.references import reference_answers

            km.view = cleanroom.kernel_view(self._stem, self.config, reference_answers(self._stem, self.config),
                                            zygote.runs)
        km._kernel_spec = KernelSpec(argv=argv, display_name="grader", language="python", env=env)
        if capabilities.ipc_transport():  # ZeroMQ over Unix sockets: works in an empty network namespace
            km.transport = "ipc"
            km.ip = os.path.join(run, "k")
        else:  # Windows: TCP on the loopback (no network namespace to keep it working in either)
            km.transport, km.ip = "tcp", "127.0.0.1"
        km.connection_file = os.path.join(run, "kernel.json")
        with open(os.path.join(run, "kernel.log"), "wb") as log:
            run_sync(km.start_kernel)(extra_arguments=list(self.extra_arguments), cwd=run,
                                      stdout=log, stderr=log)
        # connect now: a prestarted kernel's IOPub subscription is settled by the time it is used
        km.grader_client = km.client()
        km.grader_client.start_channels()
        return km, run

    def _zygote_for(self, env: dict) -> Zygote | None:
        """The worker's zygote (None: launch kernels normally).

        Sandboxed kernels come only from a sandboxed zygote: when it cannot
        start, this raises rather than run a kernel without its sandbox.
        """
        if not self.sandbox and not (self.fork_kernels and limits.SUBREAPER and capabilities.fork_is_safe()):
            return None
        if self.sandbox:  # the course's packages and data the sandbox shows (c.Sandbox.*)
            from grader.sandbox import bwrap as sandbox

            course = sandbox.configure(self.config)
            if LimitedExecute._course != course:  # zygotes made for another course's sandbox
                for old in [LimitedExecute._zygote, *LimitedExecute._zygotes.values()]:
                    if old is not None:
                        old.close()
                LimitedExecute._zygote, LimitedExecute._zygotes = None, {}
                LimitedExecute._course = course
        # One zygote per clean room: a kernel forked from a zygote that imported a module outside its
        # notebook's allowance would hold it in memory (grader/integrity/cleanroom.py).
        allowed = self._importable()
        z = LimitedExecute._zygote
        if z is not None and z.allowed != allowed:
            LimitedExecute._zygotes[z.allowed] = z
            z = LimitedExecute._zygote = LimitedExecute._zygotes.pop(allowed, None)
        if z is not None and (z.sandboxed, z.network) != (self.sandbox, not self.no_network):
            z.close()
            z = LimitedExecute._zygote = None
        if z is None or not z.alive():
            try:
                from grader.integrity.references import reference_modules

                z = Zygote({**os.environ, **env}, sandboxed=self.sandbox, network=not self.no_network,
                           allowed=allowed, hidden=reference_modules(self.config) if allowed is not None else ())
            except (OSError, RuntimeError):
                LimitedExecute._zygote = None
                if self.sandbox:
                    raise
                return None
            LimitedExecute._zygote = z
        try:
            z.preload(self._allowed_modules(self.modules()))  # the course's imports (never the learner's)
        except (OSError, RuntimeError):
            if self.sandbox:
                raise
            return None
        return z

    def _take_kernel(self):
        sig = repr(self._spec())
        spare, LimitedExecute._spare = LimitedExecute._spare, None
        if spare is not None:
            if spare[0] == sig and run_sync(spare[1].is_alive)():
                return spare[1], spare[2]
            discard(spare)
        return self._launch()

    def _prestart(self) -> None:
        if LimitedExecute._spare is None:
            try:
                km, run = self._launch()
            except Exception:  # noqa: BLE001 - the next item starts its own
                return
            LimitedExecute._spare = (repr(self._spec()), km, run)

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
        payload = content.get("payload", [])
        if GUARD_KEY in content.get("user_expressions", {}):
            self._along, seconds = self._guard_answer(content["user_expressions"][GUARD_KEY])
            self._guard_seconds += seconds  # it ran inside the cell's timed request
        if any(p.get("source") == "ask_exit" and not p.get("keepkernel") for p in payload):
            self._exit_asked = True

    # -- guard ------------------------------------------------------------------
    def _guard(self, fn: str) -> list[str]:
        """Run the guard's ``fn`` in the kernel as a request of its own."""
        self._checked = True
        try:
            msg_id = self.kc.execute("", silent=True, store_history=False,
                                     user_expressions={GUARD_KEY: GUARD.format(fn)})
            reply = self.wait_for_reply(msg_id)
        except (DeadKernelError, CellTimeoutError, RuntimeError):
            return []
        if reply is None:
            return ["the integrity check did not answer"]
        return self._guard_answer(reply.get("content", {}).get("user_expressions", {}).get(GUARD_KEY, {}))[0]

    def _guard_along(self, nb, index: int, cell) -> str | None:
        """The guard call to evaluate right after ``cell``, in its own request."""
        nxt = next((c for c in nb.cells[index + 1:] if c.cell_type == "code" and c.source.strip()), None)
        if nxt is None:
            fn = "final"
        elif is_trusted(cell):
            fn = "after_trusted"
        elif utils.is_grade(nxt) and not utils.is_solution(nxt):
            fn = "before_test"
        else:
            return None
        self.kc.pending_expressions = {GUARD_KEY: GUARD.format(fn)}
        return fn

    @staticmethod
    def _guard_answer(result: dict) -> tuple[list[str], float]:
        """(what the guard found, the seconds it took) from its user expression's result."""
        if result.get("status") != "ok":
            return [f"the integrity check failed ({result.get('ename', 'no answer')})"], 0.0
        try:
            found, seconds = ast.literal_eval(result["data"]["text/plain"])
            return [str(x) for x in found], float(seconds)
        except (KeyError, ValueError, SyntaxError, TypeError):
            return ["the integrity check gave a malformed answer"], 0.0

    # -- the run ------------------------------------------------------------------
    def _not_run(self, cell, why: str) -> None:
        if cell.cell_type != "code" or not cell.source.strip():
            return
        cell.outputs = [NotebookNode(output_type="error", ename="NotRun", evalue=why,
                                     traceback=[f"NotRun: {why}"])]

    def preprocess(self, nb, resources=None, km=None):
        from nbclient.client import NotebookClient

        self._check_assign_resources(resources)
        state = resources.setdefault("grader", {})
        self._stem = str((resources.get("nbgrader", {}) if isinstance(resources, dict) else {}).get("notebook", ""))
        self._find_modules(nb)
        # Fail closed: every test cell fails until the judge has run it to the end.
        for cell in nb.cells:
            if is_test(cell):
                _fail_cell(cell, "NotRun", NOT_RUN)
        meta = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
        names = {str(meta.get("notebook", "")), f"{meta.get('assignment', '')}/{meta.get('notebook', '')}"}
        self._judged = not names & set(self.kernel_tests)
        state["judged"] = self._judged
        self._plan = self._course_plan(nb, resources)
        self._stand_ins: dict[str, str] = {}
        self._skipped = self._skipped_sources(resources)
        self._judge = Judge(self._send, self._plan.exercise_names, set(self.may_change_inputs),
                            self.strict_inputs)
        self._judge_count = 0
        self._learned: set[int] = set()
        self._pending: list[tuple] = []  # hidden parts still to run, after the notebook's last cell
        z = LimitedExecute._zygote
        try:
            km, self._run_dir = self._take_kernel()
        except Exception as exc:  # noqa: BLE001 - the kernel could not even be launched
            state.update(tampered=[], exec_time=0.0, kernel_time=0.0, network_isolated=False,
                         limit=("crashed", f"the kernel did not start: {str(exc).splitlines()[0][:200]}"))
            return nb, resources
        z = LimitedExecute._zygote
        box = self.box()
        self._watchdog = Watchdog(self.memory_limit, exclude=(z.proc.pid,) if z else (), folder=self._run_dir,
                                  disk_limit=box.disk_limit, max_processes=box.max_processes, tasks=box.max_tasks)
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
        limit = None  # (status, message) of the first limit hit
        tampered: list[str] = []
        stop = None
        started = time.monotonic()
        exec_time = 0.0
        self._checked = finished = False  # a guard check ran since the last cell / the final one ran
        self._along, self._guard_seconds = None, 0.0
        try:
            with self.setup_kernel():
                run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
                self.kc.allow_stdin = False
                info = self.wait_for_reply(self.kc.kernel_info())
                if info:
                    nb.metadata["language_info"] = info["content"].get("language_info", {})
                if self._stand_ins:  # names of the course cells the kernel skips say why they are not there
                    self.wait_for_reply(self.kc.execute(
                        f"__import__('grader.sandbox.kernel', fromlist=['_']).stand_in({self._stand_ins!r}, globals())",
                        silent=True, store_history=False))
                for index, cell in enumerate(nb.cells):
                    if stop:
                        self._not_run(cell, stop)
                        continue
                    if cell.cell_type != "code" or not cell.source.strip():
                        continue
                    where = _describe(cell, index)
                    if not is_test(cell) and not utils.is_solution(cell) and cell.source in self._skipped:
                        continue  # a course cell the graded kernel does not run (grader/integrity/cleanroom.py)
                    if time.monotonic() >= self._deadline:
                        self._notebook_bound = True
                        limit = limit or self._timeout_limit(where)
                        stop = limit[1]
                        self._not_run(cell, stop)
                        continue
                    if is_test(cell) and self._judged:  # judged outside the kernel (grader/judge/)
                        if self.guard and not self._checked:
                            tampered += self._guard("before_test")
                        t0 = time.monotonic()
                        try:
                            hit = self._judge_cell(cell, where)
                        finally:
                            exec_time += time.monotonic() - t0
                        if hit:
                            limit = limit or hit
                            if hit[0] == "crashed" or self._notebook_bound or self._stuck:
                                stop = limit[1]
                        continue
                    # the guard's next check rides along in this cell's request (grader.sandbox.client)
                    along = self._guard_along(nb, index, cell) if self.guard else None
                    self._along, self._checked = None, False
                    t0 = time.monotonic()
                    try:
                        self.preprocess_cell(cell, resources, index)
                    except CellTimeoutError:
                        # the interrupt did not stop it: the kernel is stuck
                        self._watchdog.kill()
                        limit = limit or self._timeout_limit(where)
                        stop = limit[1]
                        self._not_run(cell, stop)
                        continue
                    except DeadKernelError:
                        limit = limit or self._death(where)
                        stop = limit[1]
                        self._not_run(cell, stop)
                        continue
                    finally:
                        exec_time += time.monotonic() - t0
                        self.kc.pending_expressions = None
                    if self._exit_asked or not run_sync(self.km.is_alive)():  # exit() in the cell
                        limit = limit or self._death(where, after=True)
                        stop = limit[1]
                        continue
                    if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
                        limit = limit or self._timeout_limit(where)
                        if self._notebook_bound:
                            stop = limit[1]
                            self._watchdog.kill()
                            continue
                    if any(o.get("ename") == "MemoryError" for o in cell.get("outputs", [])) and self.memory_limit:
                        limit = limit or ("crashed", f"{where} ran out of memory (limit {_gib(self.memory_limit)})")
                    if index in self._flooded:
                        cell.outputs.append(NotebookNode(
                            output_type="stream", name="stdout",
                            text=f"\n[grader: output past {self.output_limit // 1000} kB not kept]\n"))
                        state.setdefault("notes", []).append(f"{where} printed too much; output cut")
                    if along and self._along is not None:  # it ran: the cell raised no error
                        tampered += self._along
                        self._checked = True
                        finished = along == "final"
                    elif self.guard and is_trusted(cell):
                        tampered += self._guard("after_trusted")
                # after the last learner cell: nothing of theirs runs after a hidden call. A notebook that
                # stopped early (its kernel died, was killed or ran out of time) keeps them failed.
                if self._pending and not stop:
                    t0 = time.monotonic()
                    try:
                        hit = self._judge_hidden()
                    finally:
                        exec_time += time.monotonic() - t0
                    limit = limit or hit
                if self.guard and not stop and not finished:
                    tampered += self._guard("final")
        except DeadKernelError:
            limit = limit or self._death("kernel start")
        except RuntimeError as exc:  # the kernel did not start
            limit = limit or ("crashed", f"the kernel did not start: {str(exc).splitlines()[0][:200]}")
        finally:
            self._watchdog.stop()
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            try:
                self._cleanup_kernel()
            except Exception:  # noqa: BLE001 - it is dead already
                pass
            # its CPU seconds, once reaped (grader.sandbox.zygote.ForkedKernel; 0.0 for a launched kernel)
            state["kernel_cpu"] = float(getattr(process, "cpu", 0.0) or 0.0)
            kept = self._kernel_said("keeps the network")  # its log goes with its folder
            shutil.rmtree(self._run_dir, ignore_errors=True)
            if self.prestart:
                self._prestart()
        self.set_widgets_metadata()
        seen = []
        for item in tampered:
            if item not in seen:
                seen.append(item)
        state["tampered"] = seen
        state["limit"] = limit
        state["exec_time"] = exec_time - self._guard_seconds  # checks that rode along are not the notebook's
        state["kernel_time"] = time.monotonic() - started
        state["network_isolated"] = self.no_network and not kept
        state["network_kept"] = self.no_network and kept  # asked to cut it, and the system refused
        return self.nb, self.resources

    # -- the judge ------------------------------------------------------------------
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
        from grader.integrity.references import reference_answers

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
        for pos, label, source in self._plan.before(_meta(cell).get("grade_id", "")):
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
            self._pending.append((cell, self._judge_count, dict(self._judge.namespace), where, outputs))
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
        for cell, count, namespace, where, shown in pending:
            if first and first[0] == "crashed" or self._stuck or not run_sync(self.km.is_alive)():
                break  # the kernel is gone: the rest keep their "did not run" (fail closed)
            self._stuck = self._dead = False
            deadline = time.monotonic() + self._timeout_for(cell)
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

    def _send(self, text: str, timeout: float) -> str:
        """Deliver one judge request to the kernel; the text of its answer.

        Raises JudgeAbort when the kernel is gone, does not answer within
        ``timeout`` seconds (it is interrupted, then given 5 s), or answers
        with something other than a string.
        """
        import queue

        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={SERVE_KEY: SERVE.format(text)})
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
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise JudgeAbort("the kernel's answer was malformed") from None
        if not isinstance(value, str):
            raise JudgeAbort("the kernel's answer was malformed")
        return value

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


def discard(spare) -> None:
    """Stop a prestarted kernel and remove its folder."""
    if spare is None:
        return
    _, km, run = spare
    try:
        km.grader_client.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001
        try:
            km.provisioner.process.kill()
        except Exception:  # noqa: BLE001
            pass
    shutil.rmtree(run, ignore_errors=True)


@atexit.register
def discard_spare() -> None:
    """Stop the prestarted kernel and the zygote (a worker calls this before it exits)."""
    spare, LimitedExecute._spare = LimitedExecute._spare, None
    discard(spare)
    current, LimitedExecute._zygote = LimitedExecute._zygote, None
    others, LimitedExecute._zygotes = list(LimitedExecute._zygotes.values()), {}
    for z in [current, *others]:
        if z is not None:
            z.close()


def is_test(cell) -> bool:
    """A graded test cell (nbgrader: grade and not solution)."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def _fail_cell(cell, ename: str, why: str) -> None:
    cell.outputs = [NotebookNode(output_type="error", ename=ename, evalue=why, traceback=[f"{ename}: {why}"])]


def _gib(n: int) -> str:
    return f"{n / 1024**3:g} GiB"


def _describe(cell, index: int) -> str:
    gid = _meta(cell).get("grade_id")
    return f"cell {index + 1} ({gid})" if gid else f"cell {index + 1}"


class KeepHarmlessStderr(NbGraderPreprocessor):
    """stderr text of a test cell becomes a display output, so it cannot zero the cell."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            outputs = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    out = NotebookNode(output_type="display_data", metadata={"grader": {"stream": "stderr"}},
                                       data={"text/plain": out.get("text", "")})
                outputs.append(out)
            cell.outputs = outputs
        return cell, resources
