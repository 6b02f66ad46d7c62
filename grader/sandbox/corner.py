"""Each kernel's corner of the sandbox, built inside it by the fork that becomes the kernel.

The second layer of the sandbox (the first, bubblewrap around the worker's
zygote, is grader.sandbox.bwrap): a kernel forked from the zygote first
takes new user, mount, PID, IPC and network namespaces of its own and
mounts a fresh, size-limited ``/tmp`` and ``/dev/shm``; of the runs folder
it then sees only its own run folder (:func:`enter_kernel`; its clean room,
:func:`clean_room`). It becomes PID 1 of its PID namespace, and takes one
more user and mount namespace so that the mounts above are locked
(:func:`lock_kernel`; see mount_namespaces(7), "locked mounts"), drops every
capability and becomes non-dumpable.

Our own code (a few ``unshare`` and ``mount`` calls through ctypes) because
a bubblewrap per kernel would cost the imports that the zygote exists to
save. Runs inside the sandbox (grader.sandbox.forkserver, grader.sandbox.kernel):
it imports only the standard library and grader.sandbox.mounts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from functools import lru_cache

from grader.sandbox.mounts import data_folders, outermost, python_folders

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
MS_NOEXEC, MS_NOATIME, MS_NODIRATIME, MS_RELATIME, ST_RELATIME = 8, 1024, 2048, 1 << 21, 4096
PR_SET_DUMPABLE = 4
SMALL_INODES = 16  # a tmpfs that holds only mount points: its root, the points, no room for a flood
PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
LINUX_CAPABILITY_VERSION_3 = 0x20080522  # capset(2)

# Host-wide knobs under /proc that stay read-only in every kernel, whoever runs the grader
# (bubblewrap covers the same ones where they are writable; this holds when it did not).
PROC_READ_ONLY = ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs")


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
    and ``.shm_size``, and the files each may hold, ``.max_files``
    (grader.settings; the grading worker always passes them; :func:`scratch_options`);
    None: tmpfs's own caps, half the RAM (the sandbox's probe).

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
              for path in outermost([*python_folders(), *data_folders()]) if (path + "/").startswith("/tmp/")]
    flags = MS_NOSUID | MS_NODEV
    tmp_options, shm_options = scratch_options(scratch)
    _mount("tmpfs", "/tmp", "tmpfs", flags, tmp_options + ",mode=1777")
    _bind_back(hidden, flags)
    if os.path.isdir("/dev/shm"):
        _mount("tmpfs", "/dev/shm", "tmpfs", flags, shm_options + ",mode=1777")
    runs = os.path.dirname(run_dir.rstrip("/"))
    if not (runs + "/").startswith("/tmp/"):  # the new /tmp already hides it when it is under /tmp
        # only the run folder's mount point: a few inodes (empty files cost no page, so size alone caps none)
        _mount("tmpfs", runs, "tmpfs", flags, f"size=1m,nr_inodes={SMALL_INODES},mode=755")
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


def scratch_options(scratch) -> tuple[str, str]:
    """tmpfs options of a kernel's /tmp and /dev/shm from ``scratch`` = (tmp bytes, shm bytes[, files]).

    ``nr_inodes`` caps the entries each may hold at once (tmpfs(5)): the
    entry past ``files`` fails with ENOSPC, whatever its kind (file, folder,
    link, fifo, socket); one inode more is the mount's own root. A size
    alone caps none: an empty file costs an inode and no page. ``files`` 0
    or missing: tmpfs's own cap (half the RAM's pages).
    """
    if not scratch:
        return "size=50%", "size=50%"
    tmp, shm, files = (*[int(n) for n in scratch], 0, 0)[:3]
    inodes = f",nr_inodes={files + 1}" if files > 0 else ""
    return f"size={tmp}{inodes}", f"size={shm}{inodes}"


def _bind_back(hidden: list[tuple[str, int]], flags: int) -> None:
    """Bind each (path, O_PATH fd) of ``hidden`` read-only at its path again, over the fresh ``/tmp``."""
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
            _mount("tmpfs", site, "tmpfs", flags, "size=1m,mode=755")  # read-only below: no flood
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
