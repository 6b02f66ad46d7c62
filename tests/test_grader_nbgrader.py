"""The grader as an nbgrader add-on: one run per output folder, manual grades kept.

A one-notebook course (01_fixture_add of the fixture course) and a class of
two: "ada" (full marks) and "waits", whose solution cell waits until the test
creates a file, so that the first run is still grading while two more runs
(with and without --force) try the same --out. Both stop at once with one line
naming the first; the first ends cleanly and its gradebook is whole. Then a
manual grade and a comment are entered through nbgrader's API, as formgrader
does, and a --force run (which takes over a stale lock left by a dead run)
keeps them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ["--timeout", "600", "--notebook-timeout", "900", "--memory", "1G", "--workers", "1"]

WAITS = ("import os\nimport time\n\nstart = time.monotonic()\n"
         "while not os.path.exists({sentinel!r}) and time.monotonic() - start < 600:\n    time.sleep(0.2)\n\n")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("nbcourse")
    solutions = base / "solutions"
    solutions.mkdir()
    shutil.copyfile(cat.SOLUTIONS / f"{cat.NB1}.ipynb", solutions / f"{cat.NB1}.ipynb")
    env = small_class.env(base / "cache")
    env["CNN_COURSE_SOLUTIONS"] = str(solutions)
    release = base / "release"
    proc = small_class.run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    return {"base": base, "env": env, "release": release, "solutions": solutions}


def solved(course) -> dict:
    return cat.with_cells(cat.student_copy(cat.NB1, course["release"]), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)


def one_line(proc) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.mark.slow
def test_two_runs_on_one_out_never_harm_each_other_and_force_keeps_manual_grades(course, tmp_path):
    from nbgrader.api import Gradebook

    sentinel = tmp_path / "go"
    klass, out = tmp_path / "class", tmp_path / "grades"
    cat.write(solved(course), klass / "ada" / f"{cat.NB1}.ipynb")
    waits = solved(course)
    for cell in waits["cells"]:
        if cat.gid(cell) == "add":
            cell["source"] = WAITS.format(sentinel=str(sentinel)) + cat.GOOD_ADD
    cat.write(waits, klass / "waits" / f"{cat.NB1}.ipynb")
    # --no-sandbox: the waiting kernel must see the test's sentinel file
    args = [sys.executable, "-m", "grader", "grade", klass, "--out", out, "--no-sandbox", *LIMITS]
    first = subprocess.Popen(list(map(str, args)), cwd=ROOT, env=course["env"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        lock = out / ".grader-lock"
        deadline = time.monotonic() + 600
        while not (lock.exists() and lock.read_text().strip()) and first.poll() is None:
            assert time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.5)
        assert first.poll() is None, first.communicate()
        holder = json.loads(lock.read_text())
        assert holder["pid"] == first.pid
        for extra in ([], ["--force"]):
            second = small_class.run("grade", klass, "--out", out, "--no-sandbox", *LIMITS, *extra,
                                     env=course["env"])
            line = one_line(second)
            assert second.returncode == 2, second.stderr
            assert "in use by another grading run" in line and f"pid {first.pid}" in line, line
            assert holder["host"] in line and holder["started"] in line, line
        assert first.poll() is None  # the first run is still grading: it waits on the sentinel
    finally:
        sentinel.write_text("go")
        stdout, stderr = first.communicate(timeout=900)
    assert first.returncode == 0, stdout + stderr
    assert lock.read_text() == ""  # released
    rows = small_class.grades(out)
    assert {s: rows[s][cat.NB1]["score"] for s in rows} == {"ada": cat.MAX1, "waits": cat.MAX1}
    book = small_class.gradebook(out)
    assert book[("ada", cat.NB1)][0] == cat.MAX1 and book[("waits", cat.NB1)][0] == cat.MAX1

    # formgrader's manual work: a manual score below the automatic one, and a comment
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(cat.NB1, cat.NB1, "ada")
        grade = next(g for g in nb.grades if g.max_score >= 1)
        grade.manual_score = grade.max_score - 1
        graded_cell = grade.name
        comment = nb.comments[0]
        comment.manual_comment = "well argued, but see the stride"
        commented = comment.name
        gb.db.commit()
    # a stale lock: a run that was killed (its pid is gone)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock.write_text(json.dumps({"pid": int(gone.stdout), "host": holder["host"], "started": "2026-01-01 00:00:00 UTC"}))
    again = small_class.run("grade", klass, "--out", out, "--no-sandbox", "--force", *LIMITS, env=course["env"])
    assert again.returncode == 0, again.stdout + again.stderr
    took = [line for line in again.stdout.splitlines() if "took over the lock" in line]
    assert len(took) == 1 and f"pid {int(gone.stdout)}" in took[0], again.stdout
    assert "graded 2 notebook(s)" in again.stdout  # --force graded both again
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(cat.NB1, cat.NB1, "ada")
        grade = next(g for g in nb.grades if g.name == graded_cell)
        assert grade.manual_score == grade.max_score - 1 and grade.auto_score == grade.max_score
        assert nb.score == cat.MAX1 - 1  # nbgrader counts the manual score over the automatic one
        assert next(c for c in nb.comments if c.name == commented).manual_comment == "well argued, but see the stride"
