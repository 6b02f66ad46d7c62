"""Worker processes that grade items in parallel, isolated from each other.

Each worker owns a private copy of the prepared gradebook and grades one
item at a time (its kernel runs under that item's limits). The parent hands
out items, collects rows, and is the single writer of the class gradebook.
A worker that dies (whatever the reason) is replaced; the item it held is
tried once more and then reported as crashed, so no submission can stop the
run. An item that takes far longer than its own limits allow has its worker
(and kernel) killed.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import sys
import time
import traceback
import types
from multiprocessing.connection import wait
from pathlib import Path

from grader.autograde.notebook import Autograder, combined, empty_row, execution
from grader.course.build import Prepared
from grader.errors import GraderError
from grader.run.items import Graded, WorkItem
from grader.sandbox import capabilities
from grader.status import Status

_grader: Autograder | None = None


def start_grader(prep: Prepared, scratch: str, out: str | None, config, feedback: bool) -> Autograder:
    """This process's Autograder, on its own copy of the prepared gradebook (in ``scratch``), under
    ``config``: the command line's traitlets Config (over the course's: grader.autograde.notebook.combined)."""
    db = Path(scratch) / f"gradebook-{os.getpid()}.db"
    shutil.copyfile(prep.gradebook, db)
    return Autograder(prep, db, Path(out) if out else None, config, feedback)


def grade_item(grader: Autograder, job: WorkItem) -> tuple[tuple[str, str], Graded]:
    """Grade one work item; return ``(job.key, what grading it gave)``.

    Never raises for a submission: a bug of the grader's on one notebook
    becomes that notebook's ``crashed`` row. Both engines call this: the
    local pool's workers and, on a Dask cluster, grader.run.distributed.
    """
    try:
        row = grader.grade(job.stem, job.student, Path(job.path) if job.path else None, job.note)
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the class
        info = grader.prep.infos[job.stem]
        tb = traceback.format_exc(limit=-3).strip().splitlines()
        row = empty_row(info, Status.CRASHED, f"the grader failed on this notebook: {type(exc).__name__}: "
                        f"{str(exc)[:150]} ({tb[-1][:80] if tb else ''})")
    return job.key, Graded.from_row(row)


def share_threads(threads: int) -> None:
    """Give this grading worker ``threads`` BLAS/OpenMP threads (0: leave them as they are).

    The judge runs each test's own computations (references, numeric gradients: PyTorch and NumPy)
    in the worker, while the other workers' kernels run beside it; ``grade`` shares the CPU out
    among the workers (``c.LimitedExecute.threads``, what each kernel gets). A worker with a thread
    per core instead keeps its idle OpenMP threads spinning on the cores the others need: on two
    cores, 27 submissions of one notebook of the CNN course (its tests compute numeric gradients)
    cost the two workers 123 CPU seconds with a thread per core and 46 with one (kernels 57 and 61;
    same grades). Libraries already loaded are limited with threadpoolctl, and any loaded module
    with its own ``set_num_threads`` (a tensor library's intra-op pool) is told too; the environment
    tells those loaded later (when the judge first imports them).
    """
    if threads <= 0:
        return
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    for module in list(sys.modules.values()):  # a library's own pool that threadpoolctl does not see
        setter = getattr(module, "set_num_threads", None) if type(module) is types.ModuleType else None
        if callable(setter) and "." not in getattr(module, "__name__", "."):
            try:
                setter(threads)
            except Exception:  # noqa: BLE001 - a setter of another signature: its library keeps its threads
                pass


def _worker(conn, prep: Prepared, scratch: str, out: str | None, config, feedback: bool,
            inherited: tuple = ()) -> None:
    global _grader
    from grader.sandbox.limits import become_subreaper

    for end in inherited:  # the parent's ends of the pipes, inherited by fork: see Pool._start
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    become_subreaper()
    try:
        _grader = start_grader(prep, scratch, out, config, feedback)
    except Exception as exc:  # noqa: BLE001 - tell the parent why, in one line
        conn.send(("error", f"a grading worker could not start: {type(exc).__name__}: {exc}"))
        return
    share_threads(execution(_grader.cfg).threads)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            from grader.autograde.kernels import close_shared_pool

            close_shared_pool()
            return
        done = grade_item(_grader, job)  # (key, Graded)
        try:
            conn.send(("row", done))
        except OSError:  # the parent is gone (BrokenPipeError)
            return


class Pool:
    """``run(items, on_row)`` grades :class:`~grader.run.items.WorkItem` s with N workers;
    ``on_row(key, graded)`` gets each item's :class:`~grader.run.items.Graded` in the parent."""

    def __init__(self, prep: Prepared, workers: int, scratch: Path, out: Path | None, config,
                 feedback: bool = True):
        self.prep = prep
        self.n = max(1, workers)
        self.scratch = scratch
        self.out = out
        self.config = config  # the command line's traitlets Config: it pickles, and crosses to the workers
        self.feedback = feedback
        # fork on Linux; spawn on macOS (fork is unsafe there) and Windows (grader.sandbox.capabilities)
        self.ctx = mp.get_context(capabilities.start_method())
        # the parent's backstop: the item's own limits plus start-up and feedback
        self.item_budget = execution(combined(prep, config) if prep is not None else config).notebook_timeout + 180
        self._ends: list = []  # the parent's ends of the workers' pipes

    def _start(self):
        parent, child = self.ctx.Pipe()
        # A forked worker inherits the parent's end of its own pipe and of every earlier worker's; while
        # it holds them its recv() never sees EOF, so a parent killed with SIGKILL (the OOM killer, kill -9)
        # left the workers, their sandboxes and kernels waiting forever (tests/instructor_week/FINDINGS.md).
        # It closes them first; a spawned worker inherits none.
        self._ends = [end for end in self._ends if not end.closed] + [parent]
        inherited = tuple(self._ends) if self.ctx.get_start_method() == "fork" else ()
        proc = self.ctx.Process(target=_worker, args=(child, self.prep, str(self.scratch),
                                                      str(self.out) if self.out else None,
                                                      self.config, self.feedback, inherited), daemon=True)
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "job": None, "since": 0.0, "ready": False}

    def run(self, items: list[WorkItem], on_row) -> None:  # long: one event loop over the workers' pipes
        queue = list(items)
        tries: dict = {}
        workers = [self._start() for _ in range(min(self.n, len(queue)))]
        try:
            while queue or any(w["job"] for w in workers):
                for w in workers:
                    if w["ready"] and w["job"] is None and queue:
                        job = queue.pop(0)
                        w["job"], w["since"] = job, time.monotonic()
                        try:
                            w["conn"].send(job)
                        except OSError:
                            pass
                ready = wait([w["conn"] for w in workers] + [w["proc"].sentinel for w in workers], timeout=1.0)
                for i, w in enumerate(list(workers)):
                    dead = False
                    if w["conn"] in ready:
                        try:
                            kind, payload = w["conn"].recv()
                        except (EOFError, OSError):
                            dead = True
                        else:
                            if kind == "error":
                                raise GraderError(payload)
                            if kind == "ready":
                                w["ready"] = True
                            else:
                                key, graded = payload
                                w["job"] = None
                                on_row(key, graded)
                    if not dead and (not w["proc"].is_alive() or
                                     (w["job"] and time.monotonic() - w["since"] > self.item_budget)):
                        dead = True
                    if dead:
                        job = w["job"]
                        self._kill(w)
                        if job is not None:
                            key = job.key
                            tries[key] = tries.get(key, 0) + 1
                            overdue = time.monotonic() - w["since"] > self.item_budget
                            if tries[key] < 2 and not overdue:
                                queue.insert(0, job)
                            else:
                                info = self.prep.infos[job.stem]
                                why = ("grading it took longer than its limits allow; it was stopped" if overdue
                                       else "the grader's worker process died twice while grading it")
                                on_row(key, Graded(empty_row(info, Status.CRASHED, why)))
                        if queue:
                            workers[i] = self._start()
                        else:
                            workers[i] = {"proc": w["proc"], "conn": w["conn"], "job": None,
                                          "since": 0.0, "ready": False, "gone": True}
                workers = [w for w in workers if not w.get("gone")]
                if not workers and queue:
                    workers = [self._start()]
        finally:
            for w in workers:
                try:
                    w["conn"].send(None)
                except OSError:
                    pass
            for w in workers:
                w["proc"].join(timeout=5)
                if w["proc"].is_alive():
                    self._kill(w)

    @staticmethod
    def _kill(w) -> None:
        from grader.sandbox.processes import kill_tree

        kill_tree(w["proc"].pid)
        w["proc"].join(timeout=5)
        try:
            w["conn"].close()
        except OSError:
            pass
