"""A kernel factory: fork a fresh kernel from a process that has imported everything.

Starting a Python kernel costs most of a second of CPU (the interpreter,
ipykernel, IPython, numpy, the course's package), every notebook again. A worker starts one
*zygote* (``python -m grader.sandbox.forkserver``) that imports all of that once and then,
per request, forks twice: the grandchild becomes the kernel (a new session,
its own log, working folder and environment; then grader.sandbox.kernel's limits,
network namespace and guard, exactly as a launched kernel) and the child
exits at once, so the kernel is re-parented to the worker, which is a child
subreaper. The worker is therefore the kernel's parent, as with Popen: it can
wait for it, signal it and read its exit status.

Nothing of one kernel is shared with the next: each is a fresh fork of a
process in which no notebook code has ever run.

Sandboxed (the default when grading, see grader.sandbox.bwrap), the zygote runs
under bubblewrap, and each fork takes a private corner of that sandbox
before it forks the kernel, which is PID 1 of its own PID namespace. The
kernel is then re-parented to the zygote (a child subreaper inside the
sandbox), which reaps it and reports its exit status and peak memory to the
worker on its answer channel (``exit PID CODE MAXRSS CPU``); the worker maps the
sandbox's PIDs to its own (grader.sandbox.bwrap.global_pid).

This module is the worker's handle on it (:class:`Zygote`, :class:`ForkedKernel`);
the zygote process itself is grader.sandbox.forkserver.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from grader.sandbox import bwrap
from grader.sandbox.mounts import kernel_env


class ForkedKernel:
    """What jupyter_client's LocalProvisioner needs of a Popen, for a kernel we adopted."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, zygote: Zygote | None = None, inner: int = 0):
        self.pid = pid  # the host's PID
        self.zygote = zygote if zygote is not None and zygote.sandboxed else None
        self.inner = inner  # the PID in the zygote's sandbox, which reaps the kernel and reports it
        self.returncode: int | None = None
        self.maxrss = 0  # bytes: the kernel's peak resident memory, known once it has been reaped
        self.cpu = 0.0  # seconds of CPU (user + system) the kernel used, known once it has been reaped

    def poll(self) -> int | None:
        if self.returncode is None and self.zygote is not None:
            got = self.zygote.exit_of(self.inner)
            if got is None and not _running(self.pid):
                got = self.zygote.exit_of(self.inner, wait=1.0) or (-9, 0)  # the report follows
            if got is not None:
                self.returncode, self.maxrss = got
                self.cpu = self.zygote.cpu_of(self.inner)
            return self.returncode
        if self.returncode is None:
            try:
                done, status, usage = os.wait4(self.pid, os.WNOHANG)
            except ChildProcessError:  # not ours after all: only ask whether it exists
                try:
                    os.kill(self.pid, 0)
                    return None
                except OSError:
                    self.returncode = -1
                    return self.returncode
            if done == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                self.maxrss = usage.ru_maxrss * 1024  # Linux reports kilobytes
                self.cpu = usage.ru_utime + usage.ru_stime
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _running(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


class Zygote:
    """The worker's handle on its zygote process.

    ``sandboxed``: the zygote runs under bubblewrap (grader.sandbox.bwrap) and
    every kernel in a corner of its own; ``runs`` is then the folder that
    the kernels' run folders must be made in (the only one shared with the
    sandbox). Raises RuntimeError when it does not start, SandboxError
    when there is no bwrap.
    """

    def __init__(self, env: dict, sandboxed: bool = False, network: bool = False, allowed=None, hidden=()):
        self.sandboxed = sandboxed
        # top-level modules this zygote may ever import (None: any), and modules it never imports
        # (they hold reference answers): its kernels' clean room (grader/integrity/cleanroom.py)
        self.allowed = None if allowed is None else frozenset(allowed)
        self.hidden = tuple(hidden)
        self.network = network  # sandboxed: kernels keep the host's network (--allow-network)
        self.runs: str | None = None
        self.ids: tuple[int, int] | None = None  # the user kernels run as (the grader is root)
        cmd = [sys.executable, "-m", "grader.sandbox.forkserver"]
        userns = None
        if sandboxed:
            self.runs = tempfile.mkdtemp(prefix="grader-runs-")
            try:
                self.ids = bwrap.unprivileged_ids()
                if self.ids is not None:
                    userns = bwrap.user_namespace(self.ids)
                    os.chown(self.runs, *self.ids)
                cmd = [*bwrap.bwrap_argv(self.runs, network=network, userns=userns), *cmd, "--sandboxed"]
                if self.ids is not None:
                    cmd += ["--as", f"{self.ids[0]}:{self.ids[1]}"]
            except Exception:
                if userns is not None:
                    os.close(userns)
                shutil.rmtree(self.runs, ignore_errors=True)
                raise
            env = kernel_env(env, self.runs)
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1,
                                         pass_fds=() if userns is None else (userns,))
        finally:
            if userns is not None:
                os.close(userns)
        self._answers: queue.Queue = queue.Queue()
        self._exits: dict[int, tuple[int, int]] = {}
        self._cpu: dict[int, float] = {}
        self._exited = threading.Condition()
        first = self.proc.stdout.readline().strip()
        if first != "ready":
            self.close()
            raise RuntimeError("the kernel zygote did not start" + (" in its sandbox" if sandboxed else ""))
        threading.Thread(target=self._read, name="grader-zygote", daemon=True).start()
        self.loaded: set[str] = set()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("exit "):
                _, pid, code, rss, cpu = line.split()
                with self._exited:
                    self._cpu[int(pid)] = float(cpu)
                    self._exits[int(pid)] = (int(code), int(rss))
                    self._exited.notify_all()
            else:
                self._answers.put(line)
        self._answers.put("")

    def exit_of(self, inner: int, wait: float = 0.0) -> tuple[int, int] | None:
        """(exit code, peak RSS bytes) of a kernel the zygote reaped, waiting up to ``wait`` s."""
        with self._exited:
            self._exited.wait_for(lambda: inner in self._exits, timeout=wait)
            return self._exits.get(inner)

    def cpu_of(self, inner: int) -> float:
        """Seconds of CPU (user + system) of a kernel the zygote reaped; 0.0 before that."""
        return self._cpu.get(inner, 0.0)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def preload(self, names: list[str]) -> None:
        new = [n for n in names if n not in self.loaded]
        if new:
            fence = {} if self.allowed is None else {"allowed": sorted(self.allowed), "hidden": list(self.hidden)}
            self._ask({"preload": new, **fence})
            self.loaded.update(new)

    def spawn(self, argv: list[str], cwd: str, env: dict, log: str, view: dict | None = None,
              scratch: tuple[int, ...] | None = None) -> ForkedKernel:
        """Fork a kernel with this command line, working folder (its run folder), environment and log.

        ``view``: its clean room (grader.integrity.cleanroom.kernel_view), sandboxed only.
        ``scratch``: bytes of its private /tmp and /dev/shm (``c.Sandbox.tmp_size``,
        ``.shm_size``) and the files each may hold (``.max_files``), sandboxed only; None:
        tmpfs's own caps (half the RAM; as many files as half the RAM's pages).
        """
        if self.sandboxed:
            env = kernel_env(env, cwd)
            if self.ids is not None:  # the kernel's own folder (connection file, log) becomes its user's
                for path in [cwd, *(os.path.join(cwd, n) for n in os.listdir(cwd))]:
                    os.chown(path, *self.ids, follow_symlinks=False)
        req = {"argv": argv, "cwd": cwd, "env": env, "log": log, "network": self.network}
        if view and self.sandboxed:
            req["view"] = view
        if scratch and self.sandboxed:
            req["scratch"] = [int(n) for n in scratch]
        inner = int(self._ask(req))
        if inner <= 0:
            raise RuntimeError("the kernel zygote could not fork" + (
                " a sandboxed kernel" if self.sandboxed else ""))
        if not self.sandboxed:
            return ForkedKernel(inner)
        pid = bwrap.global_pid(self.proc.pid, inner)
        if pid is None:
            raise RuntimeError("the sandboxed kernel ended as it started")
        return ForkedKernel(pid, self, inner)

    def _ask(self, req: dict) -> str:
        try:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
            line = self._answers.get(timeout=300)
        except (OSError, queue.Empty):
            line = ""
        if not line:
            raise RuntimeError("the kernel zygote is gone")
        return line.strip()

    def close(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        if self.runs:
            shutil.rmtree(self.runs, ignore_errors=True)
