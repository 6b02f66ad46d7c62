"""A cgroup v2 per kernel, where the host delegates one: memory and processes counted by Linux itself.

The memory controller charges every page a kernel's processes touch to its
cgroup once: anonymous memory, page cache, and the pages of tmpfs files and
memfds, which no resident-set count sees until they are mapped (a memfd
written with ``write`` is in no process's RSS at all); pages that forked
children share copy-on-write are charged once, not once per child. Past
``memory.max`` the kernel's reclaim fails and the OOM killer ends the whole
group (``memory.oom.group``), and ``memory.events`` says so. ``pids.max``
stops a fork bomb at fork(2), for root too (RLIMIT_NPROC exempts root).
See the kernel's Documentation/admin-guide/cgroup-v2.rst.

Where the grader may make cgroups: the nearest cgroup at or above its own
that enables the memory and pids controllers for its children
(``cgroup.subtree_control``) and that this user may write (root; or a
subtree systemd delegates to a user, ``Delegate=yes``, such as
``user@UID.service/app.slice``). A kernel's cgroup is made there, its
limits written, and the kernel's process moved in before any notebook code
runs. Where there is none (cgroup v1 or a hybrid host, a container without
delegation, not Linux), :func:`parent` is None and grader.sandbox.limits keeps the
fallback: RLIMIT_DATA and a watchdog that sums proportional memory, memfds
and the kernel's tmpfs.
"""

from __future__ import annotations

import os
import signal
import time
from functools import lru_cache

CONTROLLERS = ("memory", "pids")


def _mount_point() -> str | None:
    """Where the cgroup v2 hierarchy is mounted (/sys/fs/cgroup, or .../unified on a hybrid host)."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as f:
            for line in f:
                left, _, right = line.partition(" - ")
                if right.split(" ", 1)[0] == "cgroup2":
                    return left.split()[4]
    except OSError:
        pass
    return None


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


@lru_cache(maxsize=1)
def parent() -> str | None:
    """The cgroup folder under which kernels' cgroups are made here; None where none can be.

    Tried for real: a child is made there and removed again.
    """
    mount = _mount_point()
    if mount is None:
        return None
    own = next((line[3:].strip() for line in _read("/proc/self/cgroup").splitlines() if line.startswith("0::")),
               None)
    if own is None:
        return None
    folder = os.path.normpath(mount + "/" + own.lstrip("/"))
    while folder.startswith(mount):
        enabled = _read(os.path.join(folder, "cgroup.subtree_control")).split()
        if all(c in enabled for c in CONTROLLERS) and os.access(folder, os.W_OK) \
                and os.access(os.path.join(folder, "cgroup.procs"), os.W_OK):
            trial = os.path.join(folder, f"grader-probe-{os.getpid()}")
            try:
                os.mkdir(trial)
                usable = os.path.exists(os.path.join(trial, "memory.max")) \
                    and os.path.exists(os.path.join(trial, "pids.max"))
                os.rmdir(trial)
            except OSError:
                usable = False
            return folder if usable else None
        if folder == mount:
            break
        folder = os.path.dirname(folder)
    return None


def method() -> str:
    """How kernels' memory is limited on this host, as the outputs record it."""
    return "cgroup v2" if parent() else "rlimit and watchdog"


class KernelGroup:
    """One kernel's cgroup: made with its limits, the kernel moved in, read, emptied and removed.

    ``memory``: bytes (``memory.max``; 0: none); ``tasks``: ``pids.max``, threads included
    (``c.Sandbox.max_tasks``, grader.settings; 0: none).
    """

    def __init__(self, memory: int, tasks: int = 0):
        base = parent()
        if base is None:
            raise OSError("no delegated cgroup v2 here")
        self.path = os.path.join(base, f"grader-{os.getpid()}-{time.monotonic_ns()}")
        os.mkdir(self.path)
        try:
            if memory > 0:
                _write(os.path.join(self.path, "memory.max"), str(memory))
                if os.path.exists(os.path.join(self.path, "memory.swap.max")):
                    _write(os.path.join(self.path, "memory.swap.max"), "0")  # the limit is memory, not swap
            _write(os.path.join(self.path, "memory.oom.group"), "1")
            _write(os.path.join(self.path, "pids.max"), str(tasks) if tasks > 0 else "max")
        except OSError:
            self.remove()
            raise
        self.peak = 0

    def add(self, pid: int) -> None:
        """Move ``pid`` (and, from then on, all it starts) into the group. Raises OSError."""
        _write(os.path.join(self.path, "cgroup.procs"), str(pid))

    def _events(self, name: str) -> dict[str, int]:
        found = {}
        for line in _read(os.path.join(self.path, name)).splitlines():
            key, _, value = line.partition(" ")
            if value.strip().isdigit():
                found[key] = int(value)
        return found

    def out_of_memory(self) -> bool:
        """Whether the OOM killer has killed in this group (its memory passed memory.max)."""
        events = self._events("memory.events")
        return events.get("oom_kill", 0) > 0 or events.get("oom_group_kill", 0) > 0

    def usage(self) -> int:
        """Bytes charged to the group now; updates :attr:`peak` (memory.peak where Linux has it)."""
        now = _read(os.path.join(self.path, "memory.current")).strip()
        current = int(now) if now.isdigit() else 0
        top = _read(os.path.join(self.path, "memory.peak")).strip()
        self.peak = max(self.peak, current, int(top) if top.isdigit() else 0)
        return current

    def pids(self) -> list[int]:
        return [int(p) for p in _read(os.path.join(self.path, "cgroup.procs")).split() if p.isdigit()]

    def kill(self) -> None:
        """SIGKILL every process in the group (cgroup.kill, Linux 5.14; else one by one)."""
        try:
            _write(os.path.join(self.path, "cgroup.kill"), "1")
            return
        except OSError:
            pass
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def remove(self) -> None:
        """Kill what is left and remove the group (a cgroup can be removed once it has no process)."""
        if not os.path.isdir(self.path):
            return
        self.kill()
        for _ in range(50):
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)
