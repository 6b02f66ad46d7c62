"""grader.sandbox.processes.kill_tree: the one rule the worker pool and the Dask worker use to stop a process tree."""
from __future__ import annotations

import subprocess
import sys
import time

import psutil

from grader.sandbox.processes import kill_tree

# a parent with three sleeping grandchildren, one of which exits at once (a zombie until reaped)
TREE = (
    "import subprocess, sys, time\n"
    "kids = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']) for _ in range(2)]\n"
    "kids.append(subprocess.Popen([sys.executable, '-c', 'pass']))\n"
    "print(' '.join(str(k.pid) for k in kids), flush=True)\n"
    "time.sleep(60)\n"
)


def _tree():
    proc = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    time.sleep(0.5)  # the third child has exited by now
    return proc, pids


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_kills_every_descendant_and_the_root_past_an_exited_child():
    proc, pids = _tree()
    try:
        kill_tree(proc.pid)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids[:2])
        assert proc.returncode == -9
    finally:
        kill_tree(proc.pid)


def test_keeps_the_root_when_asked_and_ignores_a_gone_pid():
    proc, pids = _tree()
    try:
        kill_tree(proc.pid, include_root=False)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in pids[:2]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids[:2])
        assert proc.poll() is None  # the root lives on
    finally:
        kill_tree(proc.pid)
        proc.wait(timeout=10)
    kill_tree(proc.pid)  # gone now: no error
