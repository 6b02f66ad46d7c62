"""A kernel factory: fork a fresh kernel from a process that has imported everything.

Starting a Python kernel costs most of a second of CPU (the interpreter,
ipykernel, IPython, numpy, cnnlib), every notebook again. A worker starts one
*zygote* (``python -m grader.zygote``) that imports all of that once and then,
per request, forks twice: the grandchild becomes the kernel (a new session,
its own log, working folder and environment; then grader.kernel's limits,
network namespace and guard, exactly as a launched kernel) and the child
exits at once, so the kernel is re-parented to the worker, which is a child
subreaper. The worker is therefore the kernel's parent, as with Popen: it can
wait for it, signal it and read its exit status.

Nothing of one kernel is shared with the next: each is a fresh fork of a
process in which no notebook code has ever run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import traceback

PRELOAD = ("numpy", "numpy.testing", "math", "cnnlib", "cnnlib.checks", "ipykernel.kernelapp",
           "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "grader.kernel", "grader.guard")
# Never matplotlib_inline.backend_inline: it hooks figures into IPython's shell when it is
# imported, and the zygote has no shell; a kernel imports it at its first figure.


def _preload(names) -> None:
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the kernel will report it when the notebook imports it
            pass


def _become_kernel(req: dict, keep: tuple[int, ...]) -> None:
    code = 1
    try:
        os.setsid()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        for fd in (log, null, *keep):
            os.close(fd)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        from grader import kernel

        sys.argv = ["grader.kernel", *req["argv"]]
        kernel.main(req["argv"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    """Read one JSON request per line on stdin, answer the kernel's pid on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from grader.kernel import choose_inline_backend

    choose_inline_backend()  # before anything imports matplotlib
    _preload(PRELOAD)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write to the answer channel
    print("ready", file=out, flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        if "preload" in req:
            _preload(req["preload"])
            print("ok", file=out, flush=True)
            continue
        r, w = os.pipe()
        first = os.fork()
        if first == 0:
            os.close(r)
            pid = os.fork()
            if pid == 0:
                _become_kernel(req, (w,))
            os.write(w, str(pid).encode())
            os._exit(0)
        os.close(w)
        answer = os.read(r, 64)
        os.close(r)
        os.waitpid(first, 0)
        print(int(answer or b"0"), file=out, flush=True)


class ForkedKernel:
    """What jupyter_client's LocalProvisioner needs of a Popen, for a kernel we adopted."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self.maxrss = 0  # bytes: the kernel's peak resident memory, known once it has been reaped

    def poll(self) -> int | None:
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


class Zygote:
    """The worker's handle on its zygote process."""

    def __init__(self, env: dict):
        self.proc = subprocess.Popen([sys.executable, "-m", "grader.zygote"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                     text=True, bufsize=1)
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the kernel zygote did not start")
        self.loaded: set[str] = set()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def preload(self, names: list[str]) -> None:
        new = [n for n in names if n not in self.loaded]
        if new:
            self._ask({"preload": new})
            self.loaded.update(new)

    def spawn(self, argv: list[str], cwd: str, env: dict, log: str) -> int:
        pid = int(self._ask({"argv": argv, "cwd": cwd, "env": env, "log": log}))
        if pid <= 0:
            raise RuntimeError("the kernel zygote could not fork")
        return pid

    def _ask(self, req: dict) -> str:
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
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


if __name__ == "__main__":
    serve()
