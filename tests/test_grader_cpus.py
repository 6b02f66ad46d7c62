"""`grade --workers` defaults to the CPUs the container may use (its cgroup's CPU quota), not the host's cores.

Unit tests read made-up /proc and /sys trees (cgroup v2 and v1, nested
quotas, a container without a cgroup namespace, malformed files). One test
makes a real cgroup with a quota of one CPU (root only, where the host lets
a cpu controller be written; skipped with the reason elsewhere), starts
Python in it, and reads the default that `python -m grader grade --help`
states and that grader.run.grade uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.run import cpus

ROOT = Path(__file__).resolve().parents[1]
V2_MOUNT = "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"


def tree(base: Path, mountinfo: str, cgroup: str, files: dict[str, str]) -> str:
    """Write a fake /proc/self and cgroup files under base; return base as the prefix to read from."""
    for rel, text in {"proc/self/mountinfo": mountinfo, "proc/self/cgroup": cgroup, **files}.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return str(base)


def test_v2_the_smallest_quota_on_the_path_binds(tmp_path):
    prefix = tree(tmp_path, V2_MOUNT, "0::/kubepods/pod1/ctr\n", {
        "sys/fs/cgroup/cpu.max": "max 100000\n",
        "sys/fs/cgroup/kubepods/cpu.max": "400000 100000\n",
        "sys/fs/cgroup/kubepods/pod1/cpu.max": "150000 100000\n",  # the pod's limit: 1.5 CPUs
        "sys/fs/cgroup/kubepods/pod1/ctr/cpu.max": "max 100000\n",
    })
    assert cpus.cgroup_quota(prefix) == pytest.approx(1.5)


def test_v2_no_quota_anywhere_is_none(tmp_path):
    prefix = tree(tmp_path, V2_MOUNT, "0::/user.slice\n", {
        "sys/fs/cgroup/cpu.max": "max 100000\n", "sys/fs/cgroup/user.slice/cpu.max": "max 100000\n"})
    assert cpus.cgroup_quota(prefix) is None


def test_v1_cpu_controller_and_a_container_without_its_own_namespace(tmp_path):
    # Docker on cgroup v1 without a cgroup namespace: the mount's root is the container's cgroup and
    # /proc/self/cgroup names the same path, which must not be looked for twice
    mountinfo = ("40 30 0:35 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct\n"
                 "41 30 0:36 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n")
    cgroup = "5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n"
    prefix = tree(tmp_path, mountinfo, cgroup, {
        "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "50000\n",
        "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        "sys/fs/cgroup/memory/cpu.cfs_quota_us": "10000\n",  # not the cpu controller's: ignored
        "sys/fs/cgroup/memory/cpu.cfs_period_us": "100000\n",
    })
    assert cpus.cgroup_quota(prefix) == pytest.approx(0.5)


def test_v1_minus_one_and_malformed_files_are_no_quota(tmp_path):
    mountinfo = "40 30 0:35 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
    prefix = tree(tmp_path, mountinfo, "1:cpu:/job\n", {
        "sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n", "sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
        "sys/fs/cgroup/cpu/job/cpu.cfs_quota_us": "lots\n", "sys/fs/cgroup/cpu/job/cpu.cfs_period_us": "100000\n",
    })
    assert cpus.cgroup_quota(prefix) is None
    assert cpus.cgroup_quota(str(tmp_path / "nothing here")) is None


def _cgroup_with_one_cpu(name: str) -> tuple[Path, str]:
    """A real cgroup limited to one CPU (100000 us per 100000 us): (its folder, "v1" or "v2"); skips where
    the host lets no cpu controller be written."""
    if os.geteuid() != 0:
        pytest.skip("making a cgroup with a CPU quota needs root (or a delegated cgroup); the unit tests "
                    "above cover the reading")
    mounts = cpus._mounts(Path("/proc/self/mountinfo").read_text(encoding="utf-8"))
    for fstype, _root, point, options in mounts:
        if fstype == "cgroup" and "cpu" in options.split(","):
            folder = Path(point) / name
            try:
                folder.mkdir()
                (folder / "cpu.cfs_period_us").write_text("100000")
                (folder / "cpu.cfs_quota_us").write_text("100000")
            except OSError as e:
                if folder.exists():
                    folder.rmdir()
                pytest.skip(f"cannot make a cgroup v1 cpu quota here: {e}")
            return folder, "v1"
    for fstype, _root, point, _options in mounts:
        if fstype == "cgroup2":
            folder = Path(point) / name
            try:
                folder.mkdir()
                if "cpu" not in (folder / "cgroup.controllers").read_text().split():
                    raise OSError("the cpu controller is not enabled for this cgroup's children")
                (folder / "cpu.max").write_text("100000 100000")
            except OSError as e:
                if folder.exists():
                    folder.rmdir()
                pytest.skip(f"cannot make a cgroup v2 cpu quota here: {e}")
            return folder, "v2"
    pytest.skip("no cgroup hierarchy with a cpu controller is mounted here")


def test_a_real_quota_of_one_cpu_sets_the_default_workers():
    folder, _ = _cgroup_with_one_cpu(f"cnn-grader-cpus-{os.getpid()}")
    code = ("import os, sys\n"
            f"open({str(folder / 'cgroup.procs')!r}, 'w').write(str(os.getpid()))\n"
            "from grader.run.cpus import available_cpus, cgroup_quota\n"
            "print(cgroup_quota(), available_cpus())\n"
            "from grader.__main__ import main\n"
            "sys.exit(main(['grade', '--help']))\n")
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    finally:
        folder.rmdir()  # the child has exited: the cgroup is empty again
    assert proc.returncode == 0, proc.stderr
    first, help_text = proc.stdout.split("\n", 1)
    assert first == "1.0 1", proc.stdout
    assert "quota included: 1 here" in " ".join(help_text.split()), help_text
    host = len(os.sched_getaffinity(0))
    if host > 1:  # outside the cgroup the same code sees every core of the mask
        assert cpus.available_cpus() == host
