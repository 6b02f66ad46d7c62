"""The grading kernel: ipykernel started under the limits of one submission.

``python -m grader.sandbox.kernel [options] -- IPKERNEL_ARGS`` is the command the
grader launches instead of the plain ``python -m ipykernel_launcher``:

1. resource limits for the kernel process and everything it starts:
   RLIMIT_DATA (the memory limit: heap and private writable mappings, so
   that an oversized allocation raises MemoryError; PyTorch's large
   *reservations* of address space are not counted, unlike RLIMIT_AS),
   RLIMIT_FSIZE (no file larger than 1 GiB), no core dumps; where there is
   no ``resource`` module (Windows) the grader's watchdog alone limits memory;
2. no network: a new, empty network namespace (``unshare(CLONE_NEWNET)``,
   as root or where unprivileged user namespaces are allowed); the kernel
   talks to the grader over Unix sockets (ZeroMQ ``ipc``), which need no
   network. Where the system refuses (or has no ``unshare``: macOS,
   Windows), the kernel runs with the network and says so on stderr;
3. the integrity guard (:mod:`grader.integrity.guard`) snapshots builtins and the
   ``--protect`` modules (the course's configured preloads, and the
   protected modules the notebook imports) before any learner code runs;
4. then ipykernel, as usual.

The grader's worker also watches the resident memory of the kernel's whole
process tree and stops it past the limit (see grader.sandbox.limits).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

from grader.sandbox import capabilities

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def set_limits(memory: int, processes: int = 0, file_size: int = 0) -> bool:
    """RLIMIT_DATA (``memory`` bytes, 0: none), RLIMIT_FSIZE (``file_size`` bytes, 0: none), no core dumps;
    RLIMIT_NPROC ``processes`` (0: none). The values are the configuration's (grader.settings.Sandbox,
    grader.autograde.preprocessors.LimitedExecute), handed over on the kernel's command line.

    Returns False, changing nothing, where there is no ``resource`` module.

    ``processes`` is for a sandboxed kernel only: in its own user namespace
    Linux counts RLIMIT_NPROC per namespace, i.e. this kernel's processes
    (outside one it would count every process of the grader's user). Linux
    exempts root from it: a grader run as root relies on the watchdog's
    count and the cell timeout (docs/grader/limits.md, "What each limit does").
    """
    resource = capabilities.resource_module()
    if resource is None:
        return False

    def lower(which, value):
        try:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass

    if memory > 0:
        lower(resource.RLIMIT_DATA, memory)
    if file_size > 0:
        lower(resource.RLIMIT_FSIZE, file_size)
    lower(resource.RLIMIT_CORE, 0)
    if processes > 0:
        lower(resource.RLIMIT_NPROC, processes)
    # a file past RLIMIT_FSIZE: fail the write (EFBIG) instead of killing the kernel
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return True


def isolate_network() -> bool:
    """Move this process into a new network namespace with no interfaces up.

    False where the system refuses or has no ``unshare`` (macOS, Windows).
    """
    unshare = capabilities.libc_function("unshare")
    if unshare is None:
        return False
    if unshare(CLONE_NEWNET) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    from grader.sandbox.corner import map_ids  # (Linux only, like this path)

    try:  # map ourselves so that files keep their owner
        map_ids(uid, gid)
    except OSError:
        pass
    return True


def choose_inline_backend() -> None:
    """Pick ipykernel's inline matplotlib backend now, as ipykernel would at its start.

    matplotlib reads MPLBACKEND once, when it is imported, and the guard (or
    the zygote) may import it before ipykernel sets it.
    """
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")


class _Refused:
    """The last meta path finder: a top-level module nothing else found is outside the notebook's
    allowance (the clean room's file system does not hold it); say so, and what to do.

    Only a message: what keeps the module out is that its files are not there (grader.sandbox.corner.clean_room).
    """

    def __init__(self, stem: str, allowed: str, exercises: str = ""):
        self.stem, self.allowed, self.exercises = stem, allowed.replace(",", ", "), exercises

    def find_spec(self, name, path=None, target=None):
        # only for an import being made: importlib.util.find_spec (a library asking whether an optional
        # module exists, as deep-learning compilers do) gets None, as from any finder that does not know it
        caller = sys._getframe(2).f_code.co_name if path is None and "." not in name else ""
        if caller == "_find_and_load_unlocked" and self.exercises:  # an exercise's own allowance
            raise ModuleNotFoundError(
                f"No module named {name!r}: while {self.exercises} of {self.stem} is graded, code may import "
                f"only the standard library and {self.allowed} (the exercise's own allowance: it is written "
                "with those only, not with what the rest of the notebook uses)", name=name)
        if caller == "_find_and_load_unlocked":
            raise ModuleNotFoundError(
                f"No module named {name!r}: while {self.stem} is graded, code may import only the standard "
                f"library and {self.allowed} (the notebook's allowance); write it with those", name=name)
        return None


class NotInGradedKernel(NameError):
    """A name of a course cell that the graded kernel does not run (grader/integrity/cleanroom.py) was used."""


class StandIn:
    """What such a name is bound to in the graded kernel: any use raises NotInGradedKernel, saying why."""

    def __init__(self, message: str):
        object.__setattr__(self, "_message", message)

    def _refuse(self, *args, **kwargs):
        raise NotInGradedKernel(object.__getattribute__(self, "_message"))

    __call__ = __getitem__ = __setitem__ = __iter__ = __len__ = __contains__ = __bool__ = _refuse
    __add__ = __radd__ = __mul__ = __rmul__ = __matmul__ = __rmatmul__ = __sub__ = __rsub__ = _refuse

    def __getattr__(self, name):
        self._refuse()

    def __repr__(self) -> str:
        return f"<not in the graded kernel: {object.__getattribute__(self, '_message')}>"


def stand_in(names: dict, namespace: dict) -> None:
    """Bind every name of ``names`` ({name: message}) in ``namespace`` (the learner's) to a StandIn."""
    for name, message in names.items():
        namespace.setdefault(str(name), StandIn(str(message)))


def explain_refused_imports(stem: str, allowed: str, exercises: str = "") -> None:
    """Make an import outside ``allowed`` fail with a message that names the notebook's allowance
    (``exercises``: the exercises of an allowance of their own, grader/autograde/preprocessors/rooms.py)."""
    sys.meta_path.append(_Refused(stem, allowed, exercises))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    rest: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, rest = argv[:cut], argv[cut + 1:]
    ap = argparse.ArgumentParser(prog="python -m grader.sandbox.kernel")
    ap.add_argument("--memory", type=int, default=0, help="bytes (0: no limit)")
    ap.add_argument("--max-processes", type=int, default=0,
                    help="RLIMIT_NPROC (sandboxed kernels only; 0: no limit)")
    ap.add_argument("--max-file-size", type=int, default=0, help="RLIMIT_FSIZE in bytes (0: no limit)")
    ap.add_argument("--no-network", action="store_true")
    ap.add_argument("--protect", default="", help="comma-separated modules to snapshot")
    ap.add_argument("--only", default="{}", help="JSON {package: [modules]}: of a large package the guard "
                    "records only these (c.Guard.protected_submodules)")
    ap.add_argument("--guard", action="store_true")
    ap.add_argument("--clean-room", default="", help="NOTEBOOK:ALLOWED,... the sandbox's clean room "
                    "(grader/integrity/cleanroom.py), for the message of an import it refuses")
    ap.add_argument("--exercises", default="", help="with --clean-room: the exercises whose own, narrower "
                    "allowance this kernel has (c.CleanRoom.exercise_allowed), for the message")
    args = ap.parse_args(argv)

    if not set_limits(args.memory, args.max_processes, args.max_file_size):
        print("grader.sandbox.kernel: no resource limits on this system (no `resource` module); "
              "the grader's watchdog limits memory", file=sys.stderr, flush=True)
    if args.no_network and not isolate_network():
        print("grader.sandbox.kernel: the system refused a private network namespace; "
              "the kernel keeps the network", file=sys.stderr, flush=True)
    choose_inline_backend()
    if args.clean_room:
        explain_refused_imports(*args.clean_room.split(":", 1), args.exercises)
    if args.guard:
        from grader.integrity import guard

        try:
            only = json.loads(args.only)
        except ValueError:
            only = {}
        guard.install([m for m in args.protect.split(",") if m], only if isinstance(only, dict) else {})

    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *rest]
    kernelapp.launch_new_instance(argv=rest)


if __name__ == "__main__":
    main()
