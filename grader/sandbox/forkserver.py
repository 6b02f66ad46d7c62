"""The zygote process (``python -m grader.sandbox.forkserver``): import once, fork a kernel per request.

Runs inside the worker's sandbox (the worker's handle on it is
grader.sandbox.zygote.Zygote). It imports the kernel's modules once
(:data:`PRELOAD`, then the course's preloads it is asked for) and, per
request, forks twice: the child takes a private corner of the sandbox
(grader.sandbox.corner.enter_kernel) and forks the grandchild, which locks
its corner and becomes the kernel (grader.sandbox.kernel.main); the child
answers its PID and exits. Sandboxed, this process is a child subreaper: it
reaps every kernel and reports ``exit PID CODE MAXRSS`` on its answer
channel.

Kernel side: it imports nothing of the grader but the modules the sandbox
shows (grader.sandbox.mounts.KERNEL_MODULES).
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import traceback

PRELOAD = ("ipykernel.kernelapp",
           "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger", "grader.sandbox.kernel", "grader.integrity.guard")
# Never matplotlib_inline.backend_inline: it hooks figures into IPython's shell when it is
# imported, and the zygote has no shell; a kernel imports it at its first figure.


def _preload(names, allowed=None, hidden=()) -> None:
    """Import ``names``; with ``allowed`` (top-level names), never a module outside it nor one of
    ``hidden`` (modules that hold reference answers), directly or as a dependency: a kernel forked
    from here must not hold in memory what its clean room hides (grader/integrity/cleanroom.py). A module that
    needs one is left for the kernel to import, from its own view."""
    import importlib

    fence = _Fence(allowed, hidden) if allowed is not None else None
    if fence is not None:
        sys.meta_path.insert(0, fence)
    try:
        for name in names:
            before = set(sys.modules)
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the kernel will report it when the notebook imports it
                for half in set(sys.modules) - before:  # a half-imported package would break the kernel's import
                    sys.modules.pop(half, None)
    finally:
        if fence is not None:
            sys.meta_path.remove(fence)


class _Fence:
    """A meta path finder that refuses every top-level module outside ``allowed`` and the standard
    library, and every module of ``hidden``."""

    def __init__(self, allowed, hidden=()):
        self.allowed = set(allowed) | set(sys.stdlib_module_names) | set(sys.builtin_module_names)
        self.hidden = set(hidden)

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] not in self.allowed or name in self.hidden:
            # as if it were not installed: libraries catch ModuleNotFoundError for optional imports
            raise ModuleNotFoundError(f"No module named {name!r} (outside this zygote's allowance)", name=name)
        return None


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
        os.closerange(3, 4096)  # nothing of the zygote's (its answer channel above all) stays open
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        from grader.sandbox import kernel

        sys.argv = ["grader.sandbox.kernel", *req["argv"]]
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


def _fork_kernel(req: dict, sandboxed: bool, ids: tuple[int, int] | None = None) -> int:
    """Fork a kernel for ``req``; its PID as the zygote sees it (0 when the fork failed).

    ``ids``: the (uid, gid) a sandboxed kernel becomes (the zygote is root of its sandbox).
    """
    r, w = os.pipe()
    first = os.fork()
    if first == 0:
        os.close(r)
        try:
            if sandboxed:
                from grader.sandbox import corner

                corner.enter_kernel(req["cwd"], network=bool(req.get("network")), ids=ids, view=req.get("view"),
                                    scratch=req.get("scratch"))
        except BaseException:  # noqa: BLE001 - no corner, no kernel
            traceback.print_exc()
            os._exit(1)
        pid = os.fork()
        if pid == 0:
            if sandboxed:
                try:
                    corner.lock_kernel()
                except BaseException:  # noqa: BLE001
                    os._exit(1)
            _become_kernel(req, (w,))
        os.write(w, str(pid).encode())
        os._exit(0)
    os.close(w)
    answer = os.read(r, 64)
    os.close(r)
    if not sandboxed:
        os.waitpid(first, 0)
    return int(answer or b"0")


def _reap(out) -> None:
    """Report every child that has ended: ``exit PID CODE MAXRSS_BYTES CPU_SECONDS`` (user + system)."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        print(f"exit {pid} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss * 1024} "
              f"{usage.ru_utime + usage.ru_stime:.3f}", file=out, flush=True)


def serve(sandboxed: bool = False, ids: tuple[int, int] | None = None) -> None:
    """Read one JSON request per line on stdin, answer the kernel's pid on stdout.

    ``ids``: (uid, gid) every kernel becomes (``--as UID:GID``; the grader runs as root).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from grader.sandbox.kernel import choose_inline_backend

    if sandboxed:
        from grader.sandbox.corner import undumpable
        from grader.sandbox.limits import become_subreaper

        become_subreaper()  # orphaned kernels come back to us, to be reaped and reported
        undumpable()  # a kernel must not reach our answer channel through /proc/PID/fd
        if ids is not None:  # root of the sandbox, which runs no learner code: no host knob for it either
            from grader.sandbox.corner import read_only_proc

            read_only_proc()
    choose_inline_backend()  # before anything imports matplotlib
    _preload(PRELOAD)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write to the answer channel
    print("ready", file=out, flush=True)
    pending = b""
    while True:
        if sandboxed:
            _reap(out)
            if not select.select([0], [], [], 0.05)[0]:
                continue
        chunk = os.read(0, 65536)
        if not chunk:
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            req = json.loads(line)
            if "preload" in req:
                _preload(req["preload"], req.get("allowed"), req.get("hidden", ()))
                print("ok", file=out, flush=True)
                continue
            print(_fork_kernel(req, sandboxed, ids), file=out, flush=True)


def _ids(argv: list[str]) -> tuple[int, int] | None:
    if "--as" not in argv:
        return None
    uid, gid = argv[argv.index("--as") + 1].split(":")
    return int(uid), int(gid)


if __name__ == "__main__":
    serve(sandboxed="--sandboxed" in sys.argv[1:], ids=_ids(sys.argv[1:]))
