"""``grade ... --scheduler ADDRESS``: the same work items, graded on a Dask cluster.

Nothing is shared but the Dask connection. The parent sends each item's
submission as bytes, and the course as the solution notebooks' bytes (once,
scattered); each Dask worker process prepares the course once (the same
prepared-course key as the parent's, checked) and keeps, per Dask thread, a
*resident grader*: a subprocess that runs exactly the local pool's worker
(:func:`grader.run.pool._worker`: its own gradebook copy, the kernel zygote, the
sandbox, the limits). The resident grader writes the autograded notebook and
the feedback into its own temporary folder; the task returns the row and
those files' bytes, and the parent writes them into ``--out`` and the class
gradebook, as the only writer. Kernels are children of the resident grader
(a child subreaper), not of Dask's worker or nanny.

Faults: a resident grader that dies is started again and its item tried once
more, then reported ``crashed``, as in the local pool. A Dask worker that
dies mid-notebook is the scheduler's business: it reschedules the task on
another worker until the task has been on ``distributed.scheduler.
allowed-failures`` + 1 dying workers (start the scheduler with
``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1`` for one retry; Dask's
default is 3); then the row is ``crashed`` with a message. A scheduler that
goes away stops the run with one line (GraderError); grade() keeps every row
that arrived.

This module imports ``distributed`` only inside functions: Dask is the
optional extra ``pip install .[distributed]``.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from grader import settings
from grader.autograde.notebook import combined, empty_row, execution
from grader.autograde.validate import Invalid, read_notebook
from grader.course.build import Prepared
from grader.errors import GraderError
from grader.outfolder import AUTOGRADED, FEEDBACK
from grader.run.cpus import available_cpus
from grader.run.items import Graded, RemoteItem, WorkItem
from grader.status import Status

# -- on the Dask worker ----------------------------------------------------------------------

_courses: dict[str, Prepared] = {}
_residents: dict[tuple, queue.SimpleQueue] = {}
_lock = threading.Lock()


def _prepared(course: dict, sandbox: bool) -> Prepared:
    """The course on this worker, prepared once per process from the solutions' bytes."""
    key = course["key"]
    with _lock:
        if key not in _courses:
            from grader.course.build import prepare
            from grader.course.config import cache_root

            if sandbox:
                from grader.sandbox.probe import probe

                why = probe()
                if why:
                    raise RuntimeError(f"the sandbox cannot be built on this Dask worker: {why}")
            folder = cache_root() / "dask-solutions" / key
            folder.mkdir(parents=True, exist_ok=True)
            for stem, data in course["solutions"].items():  # an nbgrader course's ASSIGNMENT/NB keys: a folder each
                (folder / f"{stem}.ipynb").parent.mkdir(parents=True, exist_ok=True)
                (folder / f"{stem}.ipynb").write_bytes(data)
            config = None
            if course.get("config") is not None:  # the course folder's nbgrader_config.py (its late rule, limits)
                config = folder.with_name(f"{key}-nbgrader_config.py")
                config.write_bytes(course["config"])
            prep = prepare(folder, duedates=course.get("duedates") or {}, config=config)
            if prep.root.name != key:
                raise RuntimeError(f"this Dask worker prepares the course as {prep.root.name}, the grader as "
                                   f"{key}: install the same version of the course and nbgrader on the workers")
            _courses[key] = prep
        return _courses[key]


class Resident:
    """A subprocess running the local pool's worker loop (python -m grader.run.distributed FD)."""

    def __init__(self, prep: Prepared, config, feedback: bool):
        self.prep, self.config, self.feedback = prep, config, feedback
        self.dir = Path(tempfile.mkdtemp(prefix="grader-dask-"))
        self.out = self.dir / "out"
        self.inbox = self.dir / "in"
        self.inbox.mkdir()
        self.proc = None
        self.conn = None
        self.budget = execution(combined(prep, config)).notebook_timeout + 180  # the local pool's backstop
        import atexit

        atexit.register(self.close)

    def close(self) -> None:
        """Stop the resident grader (and its kernels); remove its folder."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _start(self) -> None:
        import socket
        from multiprocessing.connection import Connection

        mine, theirs = socket.socketpair()
        self.proc = subprocess.Popen([sys.executable, "-m", "grader.run.distributed", str(theirs.fileno())],
                                     pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(mine.detach())
        self.conn.send((self.prep, str(self.dir), str(self.out), self.config, self.feedback))
        kind, payload = self._wait(600)
        if kind != "ready":
            self.stop()
            raise RuntimeError(payload or "the resident grader did not start")

    def _wait(self, budget: float):
        end = time.monotonic() + budget
        while time.monotonic() < end:
            try:
                if self.conn.poll(0.5):
                    return self.conn.recv()
            except (EOFError, OSError):
                return "died", None
            if self.proc.poll() is not None:
                return "died", None
        return "overdue", None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            from grader.sandbox.processes import kill_tree

            kill_tree(self.proc.pid)
            self.proc.wait(timeout=10)
        if self.conn is not None:
            self.conn.close()
        self.proc = self.conn = None

    def grade(self, stem: str, student: str, filename: str | None, content: bytes | None,
              note: str) -> tuple[Graded, dict[str, bytes]]:
        """(what grading it gave, {relative path under --out: bytes}) for one item."""
        path = None
        if content is not None:
            folder = Path(tempfile.mkdtemp(dir=self.inbox))
            path = folder / filename
            path.write_bytes(content)
        job = WorkItem((student, stem), stem, student, str(path) if path else None, note)
        info = self.prep.infos[stem]
        graded = None
        try:
            for attempt in (1, 2):
                if self.proc is None or self.proc.poll() is not None:
                    self.stop()
                    self._start()
                self.conn.send(job)
                kind, payload = self._wait(self.budget)
                if kind == "row":
                    graded = payload[1]
                    break
                self.stop()
                shutil.rmtree(self.out, ignore_errors=True)
                if kind == "overdue":
                    graded = Graded(empty_row(info, Status.CRASHED,
                                              "grading it took longer than its limits allow; it was stopped"))
                    break
                if attempt == 2:
                    graded = Graded(empty_row(info, Status.CRASHED,
                                              "the grader's worker process died twice while grading it"))
            files = {}
            if self.out.is_dir():
                for p in sorted(self.out.rglob("*")):
                    if p.is_file():
                        files[str(p.relative_to(self.out))] = p.read_bytes()
                shutil.rmtree(self.out, ignore_errors=True)
            return graded, files
        finally:
            if path is not None:
                shutil.rmtree(path.parent, ignore_errors=True)


def grade_remote(item: RemoteItem, course: dict, config, feedback: bool, hosts: dict | None = None):
    """The Dask task: grade ``item`` on this worker; return (Graded, {path under --out: bytes}).

    ``config``: the command line's traitlets Config (the sandbox decided in
    the parent), pickled by Dask; the worker combines it with the course's.

    ``hosts``: {host: Dask threads on it, all its workers together}; kernels
    get ``OMP_NUM_THREADS`` = the host's cores / that number, as locally
    cores / workers (a host with 8 one-thread workers must not give each
    kernel all 8 cores).
    """
    import copy

    from traitlets.config import Config

    prep = _prepared(course, execution(config).sandbox)
    try:
        from distributed import get_worker

        worker = get_worker()
        nthreads = getattr(getattr(worker, "state", worker), "nthreads", None) or worker.nthreads
        host = worker.address.rsplit("//", 1)[-1].rsplit(":", 1)[0]
        nthreads = max(nthreads, (hosts or {}).get(host, 0))
    except (ImportError, ValueError, AttributeError):
        nthreads = 1
    config = copy.deepcopy(config)
    config.merge(Config({"LimitedExecute": {"threads": max(1, available_cpus() // max(1, nthreads))}}))
    key = (course["key"], repr(config), feedback)
    with _lock:
        free = _residents.setdefault(key, queue.SimpleQueue())
    try:
        res = free.get_nowait()
    except queue.Empty:
        res = Resident(prep, config, feedback)
    try:
        return res.grade(*item)
    finally:
        free.put(res)


def _serve(fd: int) -> None:
    """``python -m grader.run.distributed FD``: the resident grader (the local pool's worker loop)."""
    from multiprocessing.connection import Connection

    from grader.run.pool import _worker

    conn = Connection(fd)
    prep, scratch, out, config, feedback = conn.recv()
    parent = os.getppid()

    def orphaned() -> None:  # the Dask worker died: take the kernels along, and go
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                try:
                    from grader.sandbox.processes import kill_tree

                    kill_tree(os.getpid(), include_root=False)
                finally:
                    os._exit(1)

    threading.Thread(target=orphaned, daemon=True, name="grader-orphan-watch").start()
    _worker(conn, prep, scratch, out, config, feedback)


# -- in the parent ------------------------------------------------------------------------------

def task_prefix(stem: str, student: str) -> str:
    """The start of an item's Dask task key (the dashboard shows it): notebook and a hash of the student."""
    import hashlib

    return f"grade-{stem}-{hashlib.sha1(student.encode('utf-8')).hexdigest()[:12]}"


def _write_files(out: Path, files: dict[str, bytes]) -> None:
    root = out.resolve()
    for rel, data in files.items():
        parts = Path(rel).parts
        if not parts or parts[0] not in (AUTOGRADED, FEEDBACK) or ".." in parts:
            continue
        dest = (out / rel).resolve()
        if root not in dest.parents:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def run(address: str, prep: Prepared, todo: list[WorkItem], config, feedback: bool, out: Path,
        on_row, connect_timeout: float = 30.0) -> int:  # long: one loop of submit, wait, retry or fail
    """Grade ``todo`` on the Dask scheduler at ``address``.

    Calls ``on_row(key, graded)`` (a :class:`~grader.run.items.Graded`) in the parent as rows arrive, after writing the
    item's files under ``out``. Returns the number of Dask worker threads.
    Raises GraderError with one line when the scheduler cannot be reached or
    goes away, or when a worker cannot grade at all (no sandbox, another
    version of the course).
    """
    try:
        from distributed import Client, wait
    except ImportError:
        raise GraderError("--scheduler needs Dask: pip install dask distributed "
                          "(the grader's `distributed` extra)") from None
    try:
        from distributed import KilledWorker
    except ImportError:  # pragma: no cover - older distributed
        from distributed.scheduler import KilledWorker
    import logging
    from concurrent.futures import CancelledError

    try:  # what distributed raises for futures it dropped with the scheduler's connection
        from distributed.client import FutureCancelledError, FuturesCancelledError
        cancelled: tuple = (CancelledError, FutureCancelledError, FuturesCancelledError)
    except ImportError:  # pragma: no cover - older distributed
        cancelled = (CancelledError,)

    for name in ("distributed", "distributed.client", "distributed.comm", "distributed.batched"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # our one line says it
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=True)
    except (OSError, TimeoutError, ValueError) as exc:
        raise GraderError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__}); "
                          "start one with `dask scheduler`, or check --scheduler") from None
    gone = (f"the Dask scheduler at {address} went away; the rows graded so far are kept: run the same "
            "command again to grade the rest")
    try:
        info = client.scheduler_info()["workers"]
        threads = sum(w.get("nthreads", 1) for w in info.values())
        hosts: dict[str, int] = {}
        for addr, w in info.items():
            host = addr.rsplit("//", 1)[-1].rsplit(":", 1)[0]
            hosts[host] = hosts.get(host, 0) + w.get("nthreads", 1)
        course = {"key": prep.root.name, "solutions": {s: prep.source(s).read_bytes() for s in prep.stems},
                  "duedates": prep.duedates, "config": prep.config.read_bytes() if prep.config else None}
        [course_f] = client.scatter([course], broadcast=False)
        queue_ = list(todo)
        max_bytes = settings.Intake(config=combined(prep, config)).max_notebook_bytes
        window = max(4, 2 * max(1, threads) + 2)  # submissions in flight: the parent's memory stays small
        pending: dict = {}

        tries: dict = {}

        def submit_next() -> None:
            item = queue_.pop(0)
            key, stem, student, path, note = item
            content = filename = None
            if path is not None:
                p = Path(path)
                filename = p.name
                if p.stat().st_size > max_bytes:  # the worker would refuse it: say so here
                    try:
                        read_notebook(p, max_bytes=max_bytes)
                    except Invalid as exc:
                        on_row(key, Graded(empty_row(prep.infos[stem], Status.INVALID, str(exc))))
                        return
                content = p.read_bytes()
            fut = client.submit(grade_remote, RemoteItem(stem, student, filename, content, note), course_f, config,
                                feedback, hosts, key=f"{task_prefix(stem, student)}-{uuid.uuid4().hex[:12]}",
                                retries=1, pure=False)
            pending[fut] = item

        while queue_ or pending:
            while queue_ and len(pending) < window:
                submit_next()
            if not pending:
                continue
            try:
                done, _ = wait(list(pending), timeout=2.0, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            if not done and client.status not in ("running", "connecting", "newly-created"):
                raise GraderError(gone)
            for fut in done:
                item = pending.pop(fut)
                key = item.key
                if fut.status == "finished":
                    graded, files = fut.result()
                    _write_files(out, files)
                    on_row(key, graded)
                    continue
                exc = None if fut.status == "cancelled" else fut.exception()
                if isinstance(exc, KilledWorker):
                    on_row(key, Graded(empty_row(prep.infos[item.stem], Status.CRASHED,
                                                 "the Dask workers grading it died (tried again on another worker)")))
                elif exc is None or isinstance(exc, (*cancelled, OSError)):
                    # a connection that broke with a dying worker, or the scheduler itself gone
                    if client.status != "running":
                        raise GraderError(gone)
                    tries[key] = tries.get(key, 0) + 1
                    if tries[key] < 2:
                        queue_.insert(0, item)
                    else:
                        on_row(key, Graded(empty_row(prep.infos[item.stem], Status.CRASHED,
                                                     "the Dask worker grading it was lost twice")))
                else:
                    raise GraderError(f"a Dask worker could not grade: {type(exc).__name__}: "
                                      f"{str(exc).splitlines()[0][:200] if str(exc) else ''}")
        return threads
    except (OSError, TimeoutError, *cancelled):
        raise GraderError(gone) from None
    finally:
        try:
            client.close(timeout=5)
        except Exception:  # noqa: BLE001 - the scheduler may be gone
            pass


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
