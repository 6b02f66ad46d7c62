"""How many notebooks to grade at once: the CPUs this process may use, its cgroup's CPU quota included.

``os.cpu_count()`` is the host's cores. A container (a JupyterHub user's
server, a CI job, a Kubernetes pod) usually gets a share of them as a CPU
*quota*, not as fewer cores: the kernel's CFS bandwidth control lets the
cgroup run ``quota`` microseconds per ``period`` (cgroup v2 ``cpu.max``,
"max 100000" or "150000 100000"; cgroup v1 ``cpu.cfs_quota_us`` and
``cpu.cfs_period_us``, -1 for none; the kernel's
Documentation/scheduler/sched-bwc.rst and admin-guide/cgroup-v2.rst). More
workers than the quota only queue behind each other, and each notebook's
per-cell timeout then measures the queue. The quota of a cgroup applies to
all of its descendants, so the smallest along the path from the process's
cgroup up to the mount's root is the one that binds.

The count is ``ceil(quota / period)`` (a quota of 1.5 CPUs gives 2 workers, as
loky's ``cpu_count`` and the JDK's container support round), never more than
the cores in the process's affinity mask (``os.sched_getaffinity``: taskset,
cpusets) and never below 1. Written here rather than taken from loky
(joblib): loky reads only ``/sys/fs/cgroup/cpu.max`` (and the v1 files) at
the root of the mount, which misses a quota set on the process's own cgroup
or an ancestor when the container has no cgroup namespace of its own (cgroup
v1 Docker, a systemd ``CPUQuota=`` service, a hub spawner's slice).
"""

from __future__ import annotations

import math
import os

from grader.sandbox.cgroups import _read  # a cgroup file's text, "" when it cannot be read


def _mounts(mountinfo: str) -> list[tuple[str, str, str, str]]:
    """[(fstype, root within the hierarchy, mount point, super options)] of the cgroup mounts.

    /proc/self/mountinfo fields: 4 is the mount's root, 5 its mount point; after " - "
    come the type, the source and the super options (proc(5)).
    """
    found = []
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) >= 5 and len(tail) >= 3 and tail[0] in ("cgroup", "cgroup2"):
            found.append((tail[0], fields[3], fields[4], tail[2]))
    return found


def _folder(mount_root: str, mount_point: str, path: str, prefix: str) -> str:
    """The folder of cgroup ``path`` (as /proc/self/cgroup names it) under a mount of ``mount_root``."""
    path = path.rstrip("/") or "/"
    if mount_root != "/" and (path == mount_root or path.startswith(mount_root.rstrip("/") + "/")):
        path = path[len(mount_root.rstrip("/")):] or "/"  # no cgroup namespace: the path includes the root
    return os.path.normpath(prefix + mount_point + "/" + path.lstrip("/"))


def _quota_v2(folder: str) -> float | None:
    parts = _read(os.path.join(folder, "cpu.max")).split()
    if len(parts) == 2 and parts[0] != "max":
        try:
            quota, period = int(parts[0]), int(parts[1])
        except ValueError:
            return None
        return quota / period if quota > 0 and period > 0 else None
    return None


def _quota_v1(folder: str) -> float | None:
    try:
        quota = int(_read(os.path.join(folder, "cpu.cfs_quota_us")).strip())
        period = int(_read(os.path.join(folder, "cpu.cfs_period_us")).strip())
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def cgroup_quota(prefix: str = "") -> float | None:
    """The CPU quota of this process's cgroup, in CPUs (1.5 for "150000 100000"); None where there is none.

    Reads ``/proc/self/mountinfo`` and ``/proc/self/cgroup`` and then ``cpu.max``
    (cgroup v2) or ``cpu.cfs_quota_us``/``cpu.cfs_period_us`` (v1, the ``cpu``
    controller's hierarchy) in the process's cgroup and each ancestor up to the
    mount's root, returning the smallest. ``prefix`` is prepended to every path
    read (tests build a fake /proc and /sys under a folder). Never raises: an
    unreadable or malformed file counts as no quota.
    """
    mounts = _mounts(_read(prefix + "/proc/self/mountinfo"))
    quotas = []
    for line in _read(prefix + "/proc/self/cgroup").splitlines():
        parts = line.strip().split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        for fstype, root, point, options in mounts:
            if controllers == "" and fstype == "cgroup2":
                read = _quota_v2
            elif controllers and fstype == "cgroup" and "cpu" in controllers.split(",") \
                    and "cpu" in options.split(","):
                read = _quota_v1
            else:
                continue
            folder = _folder(root, point, path, prefix)
            top = os.path.normpath(prefix + point)
            while True:
                quota = read(folder)
                if quota is not None:
                    quotas.append(quota)
                if folder == top or not folder.startswith(top + "/"):
                    break
                folder = os.path.dirname(folder)
    return min(quotas) if quotas else None


def available_cpus() -> int:
    """The number of CPUs this process may keep busy: affinity mask, then cgroup quota; at least 1.

    ``len(os.sched_getaffinity(0))`` where the platform has it (Linux), else
    ``os.cpu_count()``; lowered to ``ceil(cgroup_quota())`` where a quota is set.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cgroup_quota()
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)
