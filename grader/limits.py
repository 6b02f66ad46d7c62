"""Limits the worker enforces from outside the kernel.

:class:`Watchdog` follows the kernel's whole process tree (the kernel, what
it starts, and orphans re-parented to the worker, which is made a "child
subreaper") and stops all of it when its resident memory passes the limit.
The kernel itself also runs under RLIMIT_DATA (grader.kernel), which makes a
single oversized allocation fail with MemoryError; the watchdog catches the
rest (many processes, memory that grows slowly).
"""

from __future__ import annotations

import os
import threading

import psutil

from . import capabilities

PR_SET_CHILD_SUBREAPER = 36
SUBREAPER = False  # set in a worker that runs only kernels
DISK_LIMIT = 2 * 1024**3  # bytes a kernel may leave in its run folder (its working folder and $HOME)
MAX_PROCESSES = 256  # processes in a kernel's tree; a fork bomb is stopped here, not by memory


def become_subreaper() -> bool:
    """Orphans of our descendants become our children (Linux), so none escape.

    Only for a process whose every child is a grading kernel (a worker).
    False where libc has no ``prctl`` (macOS, Windows) or it refuses; the
    watchdog then follows the kernel's own tree only.
    """
    global SUBREAPER
    prctl = capabilities.libc_function("prctl")
    SUBREAPER = prctl is not None and prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    return SUBREAPER


def folder_size(folder: str, cap: int = 20000) -> int:
    """Bytes of the regular files under ``folder`` (the first ``cap`` entries; symlinks not followed)."""
    total, seen, stack = 0, 0, [folder]
    while stack and seen < cap:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    seen += 1
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif entry.is_file(follow_symlinks=False):
                            total += entry.stat(follow_symlinks=False).st_size
                    except OSError:
                        pass
        except OSError:
            pass
    return total


def _high_water_mark(pid: int) -> int:
    """Peak resident memory of one process so far (VmHWM), in bytes; 0 when unknown."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Watchdog:
    """Poll the kernel's process tree; kill it past ``limit`` bytes of RSS.

    With a ``folder`` (the kernel's run folder), also every second: kill it
    when its files pass ``disk_limit`` bytes (a per-file limit alone would
    let many files fill the disk). A tree of more than ``max_processes``
    processes is stopped too (small processes escape a memory limit).
    """

    interval = 0.2
    disk_every = 5  # polls between two looks at the folder

    def __init__(self, limit: int, exclude: tuple[int, ...] = (), folder: str | None = None,
                 disk_limit: int = DISK_LIMIT, max_processes: int = MAX_PROCESSES):
        self.limit = limit
        self.max_processes = max_processes
        self.folder = folder
        self.disk_limit = disk_limit
        self.exclude = set(exclude)  # the worker's other children (the zygote) and theirs
        self.reason: str | None = None
        self.peak = 0
        self._root: psutil.Process | None = None
        self._seen: dict[int, psutil.Process] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._me = os.getpid()

    def start(self, pid: int | None) -> None:
        if not pid:
            return
        try:
            self._root = psutil.Process(pid)
        except psutil.Error:
            return
        self._seen[pid] = self._root
        self._thread = threading.Thread(target=self._run, name="grader-watchdog", daemon=True)
        self._thread.start()

    def _tree(self) -> list[psutil.Process]:
        procs = []
        if self._root is not None:
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                procs = []
        if SUBREAPER:  # orphans of the kernel's tree were re-parented to us
            try:
                for child in psutil.Process(self._me).children():
                    if child.pid in self.exclude or (self._root and child.pid == self._root.pid):
                        continue
                    procs += [child, *child.children(recursive=True)]
            except psutil.Error:
                pass
        for p in procs:
            self._seen.setdefault(p.pid, p)
        return procs

    def _run(self) -> None:
        polls = 0
        while not self._stop.wait(self.interval):
            polls += 1
            if self.folder and self.disk_limit and polls % self.disk_every == 0:
                used = folder_size(self.folder)
                if used > self.disk_limit:
                    self.reason = (f"the notebook wrote {used / 1024**3:.2f} GiB of files, over its "
                                   f"{self.disk_limit / 1024**3:g} GiB limit, and was stopped")
                    self.kill()
                    return
            self.peak = max(self.peak, _high_water_mark(self._root.pid))
            total = 0
            tree = self._tree()
            if self.max_processes and len(tree) > self.max_processes:
                self.reason = (f"the kernel started {len(tree)} processes, over its limit of "
                               f"{self.max_processes}, and was stopped")
                self.kill()
                return
            for p in tree:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            if self.limit and total > self.limit:
                self.reason = (f"the kernel used {total / 1024**3:.2f} GiB, over its "
                               f"{self.limit / 1024**3:g} GiB memory limit, and was stopped")
                self.kill()
                return

    def kill(self) -> None:
        """SIGKILL every process of the tree seen so far (if it is still the same one).

        The kernel goes first: sandboxed, it is PID 1 of its namespace, and
        everything it started dies with it at once.
        """
        if self._root is not None:
            try:
                self._root.kill()  # SIGKILL; TerminateProcess on Windows
            except psutil.Error:
                pass
        self._tree()
        for pid, proc in list(self._seen.items()):
            if pid == self._me:
                continue
            try:
                if proc.is_running():
                    proc.kill()
            except psutil.Error:
                pass

    def stop(self) -> None:
        """End watching and make sure nothing of the kernel is left running."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self.kill()
        for proc in self._seen.values():
            try:
                proc.wait(timeout=0.5)
            except (psutil.Error, psutil.TimeoutExpired, OSError):  # gone, or not ours to wait for
                pass
