"""Limits the worker enforces from outside the kernel.

:class:`Watchdog` follows the kernel's whole process tree (the kernel, what
it starts, and orphans re-parented to the worker, which is made a "child
subreaper") and stops all of it when it passes its limits. Memory is
limited one of two ways (docs/grader/limits.md, "What each limit does"):

- **cgroup v2** where the host delegates one (grader.sandbox.cgroups): the kernel
  is moved into a cgroup of its own with ``memory.max`` and ``pids.max``;
  Linux charges every page once (tmpfs and memfd pages included) and its
  OOM killer ends the group past the limit.
- **the fallback** elsewhere: the kernel runs under RLIMIT_DATA
  (grader.sandbox.kernel), which makes a single oversized allocation fail with
  MemoryError, and every 0.2 s the watchdog adds up what the tree holds,
  each page once: the proportional set size of each process (a page that
  forked children share copy-on-write is split among them, not counted
  once per child), the pages of the memfds they hold open, and what the
  kernel's own tmpfs (its /tmp and /dev/shm) holds; it kills the tree
  past the limit.
"""

from __future__ import annotations

import os
import threading

import psutil

from grader.sandbox import capabilities, cgroups

PR_SET_CHILD_SUBREAPER = 36
SUBREAPER = False  # set in a worker that runs only kernels


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


def folder_usage(folder: str, cap: int = 20000) -> tuple[int, int]:
    """(bytes of the regular files, entries) under ``folder``: every entry counts (folders, links, fifos,
    sockets, hard links), symlinks are not followed; the walk stops at ``cap`` entries (a bounded cost)."""
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
                    if seen >= cap:
                        break
        except OSError:
            pass
    return total, seen


def _proportional(pid: int) -> tuple[int, int] | None:
    """(Pss, Pss_Shmem) of one process in bytes, from /proc/PID/smaps_rollup; None when unreadable."""
    pss = shmem = None
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith(b"Pss_Shmem:"):
                    shmem = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None if pss is None else (pss, shmem or 0)


def _memfds(pid: int, found: dict) -> None:
    """Add the memfds ``pid`` holds open to ``found`` ({(device, inode): bytes of pages})."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return
    for fd in fds:
        path = f"/proc/{pid}/fd/{fd}"
        try:
            if os.readlink(path).startswith("/memfd:"):
                st = os.stat(path)
                found[(st.st_dev, st.st_ino)] = st.st_blocks * 512
        except OSError:
            pass


SCRATCH = ("tmp", "dev/shm")  # a sandboxed kernel's own tmpfs mounts (grader.sandbox.corner.enter_kernel)


def _scratch_used(pid: int) -> int:
    """Bytes held in the kernel's own tmpfs mounts; 0 when it shares our mount namespace (not sandboxed)."""
    try:
        if os.stat(f"/proc/{pid}/ns/mnt").st_ino == os.stat("/proc/self/ns/mnt").st_ino:
            return 0
    except OSError:
        return 0
    used = 0
    for sub in SCRATCH:
        try:
            st = os.statvfs(f"/proc/{pid}/root/{sub}")
            used += (st.f_blocks - st.f_bfree) * st.f_frsize
        except OSError:
            pass
    return used


def _scratch_files(pid: int) -> tuple[str, int, int] | None:
    """(mount, files, limit) of the kernel's first tmpfs (SCRATCH) whose inodes are all taken, else None.

    Read through /proc/PID/root, which the grader may follow into a
    non-dumpable kernel because it holds CAP_SYS_PTRACE over the kernel's
    user namespace (root, or the user who owns that namespace); where it
    cannot, None, and the tmpfs's nr_inodes (grader.sandbox.corner.scratch_options)
    still refuses the next file, with ENOSPC.
    """
    try:
        if os.stat(f"/proc/{pid}/ns/mnt").st_ino == os.stat("/proc/self/ns/mnt").st_ino:
            return None
    except OSError:
        return None
    for sub in SCRATCH:
        try:
            st = os.statvfs(f"/proc/{pid}/root/{sub}")
        except OSError:
            continue
        if st.f_files and st.f_ffree == 0:
            return "/" + sub, st.f_files - 1, st.f_files - 1  # less the mount's own root
    return None


def _mapped_twice(pid: int, inodes: set, scratch: bool) -> int:
    """Pss of ``pid``'s mappings of memfds in ``inodes`` or of files in its tmpfs mounts (``scratch``):
    pages the memfd or tmpfs count holds already."""
    total, counting = 0, False
    try:
        with open(f"/proc/{pid}/smaps", "rb") as f:
            for line in f:
                head = line.split(None, 5)
                if len(head) >= 5 and b"-" in head[0] and not head[0].endswith(b":"):
                    path = head[5].strip() if len(head) > 5 else b""
                    counting = (path.startswith(b"/memfd:") and int(head[4]) in inodes) or (
                        scratch and (path.startswith(b"/tmp/") or path.startswith(b"/dev/shm/")))
                elif counting and line.startswith(b"Pss:"):
                    total += int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return total


def tree_memory(procs: list[psutil.Process], root: int, exact: bool = True) -> int:
    """Bytes a kernel's process tree holds, each page once (the fallback's count; module docstring).

    ``exact=False``: an upper bound that costs next to nothing, each
    process's resident set size instead of its proportional set size (a
    shared page counts in every process that maps it, a mapped memfd or
    tmpfs page twice). Linux builds smaps_rollup by walking the page tables,
    some 20 ms for a kernel that has imported a deep-learning library and more as it grows:
    the watchdog asks for the exact count only when the bound passes the
    limit. Where /proc/PID/smaps_rollup cannot be read (Linux before 4.14,
    or not Linux) a process counts with its resident set size.
    """
    total = shared = 0
    memfds: dict = {}
    rolled = []
    for p in procs:
        got = _proportional(p.pid) if exact else None
        if got is None:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        else:
            total += got[0]
            shared += got[1]
            rolled.append((p.pid, got[1]))
        _memfds(p.pid, memfds)
    scratch = _scratch_used(root)
    total += scratch + sum(memfds.values())
    if shared and (memfds or scratch):
        inodes = {ino for _, ino in memfds}
        total -= sum(_mapped_twice(pid, inodes, bool(scratch)) for pid, sh in rolled if sh)
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


def _amount(size: int) -> str:
    """Bytes as a message says them: GiB from 1 GiB up (2 GiB, 2.50 GiB), MiB below (a configured 1 MB limit)."""
    if size >= 1024**3:
        return f"{size / 1024**3:.3g} GiB"
    return f"{size / 1024**2:.3g} MiB"


class Watchdog:
    """Poll the kernel's process tree; stop it past ``limit`` bytes of memory.

    Memory is limited by a cgroup of the kernel's own where the host
    delegates cgroup v2 (grader.sandbox.cgroups; :attr:`method` says which), else by
    this watchdog's count (:func:`tree_memory`). With a ``folder`` (the
    kernel's run folder), also every second: kill it when its files pass
    ``disk_limit`` bytes (a per-file limit alone would let many files fill
    the disk) or holds more than ``max_files`` entries (empty files fill a
    disk's inodes), or when one of its tmpfs mounts has no inode left (their
    ``nr_inodes`` refuse the next file anyway). A tree of more than ``max_processes`` processes is stopped
    too (small processes escape a memory limit). ``tasks``: the cgroup's
    pids.max. The limits come from the configuration (``c.Sandbox.disk_limit``,
    ``.max_files``, ``.max_processes``, ``.max_tasks``: grader.settings.Sandbox); 0 means none.
    """

    interval = 0.2
    disk_every = 5  # polls between two looks at the folder

    def __init__(self, limit: int, exclude: tuple[int, ...] = (), folder: str | None = None,
                 disk_limit: int = 0, max_processes: int = 0, tasks: int = 0, max_files: int = 0):
        self.limit = limit
        self.max_files = max_files
        self.tasks = tasks
        self.max_processes = max_processes
        self.folder = folder
        self.disk_limit = disk_limit
        self.exclude = set(exclude)  # the worker's other children (the zygote) and theirs
        self._reason: str | None = None
        self.peak = 0
        self.group: cgroups.KernelGroup | None = None
        self.method = "rlimit and watchdog"
        self._root: psutil.Process | None = None
        self._seen: dict[int, psutil.Process] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._me = os.getpid()

    @property
    def reason(self) -> str | None:
        """Why the kernel was stopped (one line naming the limit), or None."""
        if self._reason is None and self.group is not None and self.group.out_of_memory():
            self.group.usage()
            self._reason = (f"the kernel went over its {self.limit / 1024**3:g} GiB memory limit "
                            f"(cgroup v2, peak {self.group.peak / 1024**3:.2f} GiB) and was stopped")
        return self._reason

    @reason.setter
    def reason(self, value: str | None) -> None:
        self._reason = value

    def start(self, pid: int | None) -> None:
        if not pid:
            return
        try:
            self._root = psutil.Process(pid)
        except psutil.Error:
            return
        if cgroups.parent() is not None:
            try:
                self.group = cgroups.KernelGroup(self.limit, self.tasks)
                self.group.add(pid)
                self.method = "cgroup v2"
            except OSError:  # the fallback below still holds
                if self.group is not None:
                    self.group.remove()
                self.group = None
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

    def _over_disk(self) -> bool:
        """Whether the kernel's files passed a limit: bytes or entries in its run folder, inodes of its
        tmpfs mounts (all taken); sets :attr:`reason`, naming the limit."""
        files = self.max_files
        if self.folder and (self.disk_limit or files):
            used, entries = folder_usage(self.folder, cap=max(20000, files + 1))
            if self.disk_limit and used > self.disk_limit:
                self.reason = (f"the notebook wrote {_amount(used)} of files, over its "
                               f"{_amount(self.disk_limit)} limit, and was stopped")
                return True
            if files and entries > files:
                self.reason = (f"the notebook created more than {files:,} files in its folder: limit "
                               f"c.Sandbox.max_files ({files:,} at once), and was stopped")
                return True
        full = _scratch_files(self._root.pid) if files and self._root is not None else None
        if full is not None:
            self.reason = (f"the notebook created {full[1]:,} files in {full[0]}, its limit "
                           f"c.Sandbox.max_files ({full[2]:,} at once), and was stopped")
            return True
        return False

    def _run(self) -> None:
        polls = 0
        while not self._stop.wait(self.interval):
            polls += 1
            if polls % self.disk_every == 0 and self._over_disk():
                self.kill()
                return
            self.peak = max(self.peak, _high_water_mark(self._root.pid))
            tree = self._tree()
            if self.max_processes and len(tree) > self.max_processes:
                self.reason = (f"the kernel started {len(tree)} processes, over its limit of "
                               f"{self.max_processes}, and was stopped")
                self.kill()
                return
            if self.group is not None:  # Linux counts and stops it; we only read what it saw
                self.group.usage()
                self.peak = max(self.peak, self.group.peak)
                if self.reason:
                    self.kill()
                    return
                continue
            total = tree_memory(tree, self._root.pid, exact=False)  # cheap, and never below the count
            if self.limit and total > self.limit:
                total = tree_memory(tree, self._root.pid)
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
        if self.group is not None:
            self.group.kill()
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
        if self.group is not None:
            _ = self.reason  # read what the group saw before it goes
            self.group.remove()
