"""c.Sandbox.max_files: how many files a kernel may hold at once in each place it can write.

Red team round 5 (tests/attacks5/FINDINGS.md, row 11) filled a kernel's run folder with 150,000 empty
files: bytes were limited, file counts were not. A kernel's tmpfs mounts (its /tmp and /dev/shm) now
refuse the entry past the limit themselves (tmpfs ``nr_inodes``, grader.sandbox.corner.scratch_options);
its run folder, on the host's disk, is counted by the watchdog (grader.sandbox.limits.Watchdog). The
whole grader path (a notebook that floods each place) is graded in tests/grader_catalogue.py.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.sandbox.limits import Watchdog, folder_usage

ROOT = Path(__file__).resolve().parents[1]

# Inside a user and mount namespace of its own: a tmpfs with the options a kernel's /tmp gets, then one
# entry of each kind until the file system refuses; then a loop that creates and deletes (inodes come back).
FLOOD = """
import os, sys, tempfile
from grader.sandbox import corner
d = tempfile.mkdtemp()
tmp, _ = corner.scratch_options((1 << 20, 1 << 20, int(sys.argv[1])))
corner._mount("tmpfs", d, "tmpfs", corner.MS_NOSUID | corner.MS_NODEV, tmp + ",mode=1777")
for i in range(100):
    os.remove(d + "/x") if i else None
    open(d + "/x", "w").close()
made = 0
try:
    while made < 5000:
        kind, path = made % 5, f"{d}/e{made}"
        if kind == 0:
            open(path, "w").close()
        elif kind == 1:
            os.mkdir(path)
        elif kind == 2:
            os.symlink("/", path)
        elif kind == 3:
            os.mkfifo(path)
        else:
            os.mkdir(f"{d}/e{made - 3}/sub{made}")
        made += 1
except OSError as exc:
    print(made + 1, exc.errno)
else:
    print(made + 1, 0)
"""


def test_a_kernels_tmpfs_refuses_the_entry_past_max_files():
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) here")
    proc = subprocess.run(["unshare", "-Urm", sys.executable, "-c", FLOOD, "40"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode and "unshare" in proc.stderr:
        pytest.skip(f"no user namespaces here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    made, errno = map(int, proc.stdout.split())
    # 40 entries of every kind (the file left by the create-and-delete loop is one): ENOSPC at the next
    assert (made, errno) == (40, 28), proc.stdout


def test_no_file_limit_leaves_tmpfs_its_own():
    from grader.sandbox.corner import scratch_options

    assert scratch_options((2**20, 2**19, 0)) == ("size=1048576", "size=524288")
    assert scratch_options((2**20, 2**19, 7)) == ("size=1048576,nr_inodes=8", "size=524288,nr_inodes=8")


def _sleeper():
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def _flood(folder: Path, n: int) -> None:
    """``n`` entries of every kind a notebook can make: files, folders, symlinks, fifos, hard links."""
    (folder / "a").mkdir()
    for i in range(n - 1):
        kind = i % 4
        path = folder / "a" / f"e{i}"
        if kind == 0:
            path.write_bytes(b"")
        elif kind == 1:
            path.mkdir()
        elif kind == 2:
            path.symlink_to("/")
        else:
            os.link(folder / "a" / f"e{i - 3}", path)


def _watched(folder: Path, max_files: int, wait: float) -> tuple[Watchdog, bool]:
    proc = _sleeper()
    dog = Watchdog(0, folder=str(folder), max_files=max_files)
    try:
        dog.start(proc.pid)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        stopped = proc.poll() is not None
    finally:
        dog.stop()
        proc.wait(timeout=5)
    return dog, stopped


def test_the_watchdog_stops_a_kernel_whose_folder_holds_more_than_max_files(tmp_path):
    _flood(tmp_path, 31)
    dog, stopped = _watched(tmp_path, 30, wait=5)
    assert stopped and "created more than 30 files" in dog.reason and "c.Sandbox.max_files" in dog.reason


def test_a_folder_at_the_limit_is_left_alone(tmp_path):
    _flood(tmp_path, 30)
    dog, stopped = _watched(tmp_path, 30, wait=1.5)
    assert not stopped and dog.reason is None


def test_the_folder_walk_counts_every_entry_and_stops_at_its_cap(tmp_path):
    _flood(tmp_path, 21)
    (tmp_path / "a" / "e0").write_bytes(b"12345")
    assert folder_usage(str(tmp_path)) == (10, 21)  # e0 and its hard link e3: 5 bytes each
    assert folder_usage(str(tmp_path), cap=8)[1] == 8
