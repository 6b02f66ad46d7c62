"""Stopping a process tree: a grading worker and every kernel, sandbox and helper under it.

One function, used by the local worker pool and the Dask resident grader alike
(issue 21: two copies had diverged, one stopping at the first child that had
already exited).
"""

from __future__ import annotations

import psutil


def kill_tree(pid: int, include_root: bool = True) -> None:
    """SIGKILL every descendant of process ``pid`` (and ``pid`` itself when ``include_root``).

    Each process is killed on its own: one that has already exited (psutil.NoSuchProcess) or
    cannot be signalled does not stop the rest. No error when ``pid`` is gone. The one copy of
    this rule for the worker pool (grader.run.pool), the Dask resident grader and its orphan watch
    (grader.run.distributed). psutil's ``children(recursive=True)`` lists the tree from /proc (Linux)
    or sysctl (macOS): a well-kept library, where a walk of our own would miss platforms.
    """
    try:
        root = psutil.Process(pid)
        procs = root.children(recursive=True) + ([root] if include_root else [])
    except psutil.Error:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.Error:
            pass
