"""The sandbox when what the kernel must read lies under /tmp.

Each sandboxed kernel gets a fresh /tmp of its own (grader.sandbox.corner.enter_kernel).
A course cloned under /tmp, a virtual environment made there, or cnnlib's data
cache there would be hidden by it, and every kernel died before it started
(the course graded 0 everywhere when its checkout was /tmp/...). Those folders
are bound back over the fresh /tmp, read-only. This test puts the data folder
under /tmp: the learner's code must read it there and must not write into it,
and the rest of the fresh /tmp stays the kernel's own.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class

READS = ("import os\n"
         "_data = os.environ['CNNLIB_DATA']\n"
         "assert open(os.path.join(_data, 'marker.txt')).read() == 'bound back'\n"
         "try:\n"
         "    open(os.path.join(_data, 'written.txt'), 'w').write('x')\n"
         "except OSError:\n"
         "    pass\n"
         "else:\n"
         "    raise RuntimeError('the data folder is writable from the kernel')\n"
         "assert not os.path.exists('/tmp/neighbour.txt')\n")


@pytest.mark.slow
def test_a_data_folder_under_tmp_is_readable_and_read_only_in_the_kernel(tmp_path):
    data = Path(tempfile.mkdtemp(prefix="cnnlib-data-", dir="/tmp"))
    data.chmod(0o755)  # as a data cache is made; mkdtemp's 0700 shuts out kernels that run as nobody (root)
    neighbour = Path("/tmp/neighbour.txt")
    made_neighbour = not neighbour.exists()
    try:
        (data / "marker.txt").write_text("bound back", encoding="utf-8")
        if made_neighbour:
            neighbour.write_text("the host's /tmp", encoding="utf-8")
        env = small_class.env(tmp_path / "cache")
        env["CNNLIB_DATA"] = str(data)
        release = tmp_path / "release"
        proc = small_class.run("release", "--notebooks", release, env=env)
        assert proc.returncode == 0, proc.stderr
        nb = cat.with_cells(cat.student_copy(cat.NB1, release), add=READS + cat.GOOD_ADD,
                            scale=cat.GOOD_SCALE)
        cat.write(nb, tmp_path / "class" / "reader" / f"{cat.NB1}.ipynb")
        out = tmp_path / "out"
        proc = small_class.run("grade", tmp_path / "class", "--out", out, "--workers", "1",
                               *small_class.LIMITS, env=env)
        row = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]["reader"][cat.NB1]
        assert row["status"] == "graded", (row["message"], proc.stdout[-3000:], proc.stderr[-3000:])
        assert row["score"] == row["max_score"] > 0, row
        assert not (data / "written.txt").exists()
    finally:
        shutil.rmtree(data, ignore_errors=True)
        if made_neighbour:
            neighbour.unlink(missing_ok=True)
