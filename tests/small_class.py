"""A small class for tests that grade one class several ways (shards, Dask) and compare.

A dozen students from tests/grader_catalogue.py: full marks with odd names,
untouched, partly right, a missing notebook, a kernel that exits, files that
are not notebooks, renamed files, edited metadata and tampering, so that
every status and message kind but the slow limits (timeouts, memory) shows
up; grading it takes seconds per notebook, not minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests import grader_catalogue as cat

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ["--timeout", "20", "--notebook-timeout", "90", "--memory", "1G"]
# nbgrader's documented late-penalty plugin (docs, "Late submission plugin": SubMarks), one point per
# hour late and notebook, set in the course folder's own nbgrader_config.py
SUBMARKS = """
from nbgrader.plugins import LateSubmissionPlugin


class SubMarks(LateSubmissionPlugin):
    def late_submission_penalty(self, student_id, score, total_seconds):
        return round(total_seconds / 3600)


c.AssignLatePenalties.plugin_class = SubMarks
"""

NAMES = ("good", "Zoë Ünal-Šimić", "Jean Paul (2nd try)", "untouched", "partly right", "exits its kernel",
         "invalid json", "binary", "wrong names", "edits metadata", "patches numpy", "no notebooks")


_SEED: list[Path] = []  # the fixture course prepared once in this test process (see _seed)


def _seed(cache: Path) -> None:
    """Fill a new private ``cache`` with the fixture course as `grader.course.build.prepare` builds it.

    Building it costs every test module that grades the fixture course about 3 s of CPU (nbgrader's
    generate_assignment and `nbgrader db upgrade` for two notebooks); it is built once per test
    process, in a folder of its own, and copied. A copy is still the test's own: a test that
    rewrites its cache changes no other, and prepare() verifies a cached course against its
    checksums before it trusts it (grader/course/build.py), exactly as for one it built itself."""
    if cache.exists() and any(cache.iterdir()):
        return
    if not _SEED:
        import atexit
        import tempfile

        seed = Path(tempfile.mkdtemp(prefix="cnn-fixture-course-"))
        atexit.register(shutil.rmtree, seed, ignore_errors=True)
        e = dict(os.environ, GRADER_SOLUTIONS=str(cat.SOLUTIONS), GRADER_CACHE=str(seed))
        e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
        subprocess.run([sys.executable, "-c", "from grader.course.build import prepare; prepare()"],
                       check=True, cwd=ROOT, env=e, timeout=600, capture_output=True)
        _SEED.append(seed)
    shutil.copytree(_SEED[0], cache, dirs_exist_ok=True)


def env(cache: Path, seed: bool = True) -> dict:
    """The environment for `python -m grader`: the fixture course, a private cache (new ones start
    with the fixture course already prepared, see :func:`_seed`; ``seed=False`` for a cache another
    user must write: the seeded copy is root's)."""
    if seed:
        _seed(Path(cache))
    e = dict(os.environ)
    e["GRADER_SOLUTIONS"] = str(cat.SOLUTIONS)
    e["GRADER_CACHE"] = str(cache)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e["PATH"] = os.path.dirname(sys.executable) + os.pathsep + e.get("PATH", "")
    return e


def run(*args, env=None, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


def build(base: Path, env: dict) -> Path:
    """Write the small class into base/class; return that folder."""
    release = base / "release"
    proc = run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    full = base / "full class"
    cat.build(full, release)
    klass = base / "class"
    klass.mkdir()
    for name in NAMES:
        shutil.copytree(full / name, klass / name)
    shutil.rmtree(full)
    return klass


def grades(out: Path) -> dict:
    return json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]


def gradebook(out: Path) -> dict:
    """{(student, notebook): (score, flagged, {grade cell: auto_score})} read back through nbgrader."""
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    found[(sub.student.id, nb.name)] = (nb.score, nb.flagged,
                                                        {g.name: g.auto_score for g in nb.grades})
    return found


def files(out: Path, sub: str) -> set[str]:
    return {str(p.relative_to(out / sub)) for p in (out / sub).rglob("*") if p.is_file()}


def assert_same_rows(one: dict, other: dict) -> None:
    """The same students and notebooks, each with the same status, score, message and test scores."""
    assert set(one) == set(other)
    for student, rows in one.items():
        assert set(rows) == set(other[student]), student
        for stem, row in rows.items():
            got = other[student][stem]
            assert (got["status"], got["score"], got["message"]) == (row["status"], row["score"], row["message"]), \
                (student, stem, got, row)
            assert got["tests"] == row["tests"], (student, stem)


def nbgrader_export(db: Path, cwd: Path, env: dict | None = None) -> dict:
    """{(assignment, student): (score, late penalty, raw score)} as the real `nbgrader export` writes them.

    nbgrader's own command (its CsvExportPlugin) on the gradebook ``db``, run in ``cwd`` (a course
    folder's nbgrader_config.py applies there, as for an instructor)."""
    import csv

    dest = cwd / "nbgrader-export.csv"
    exe = Path(sys.executable).with_name("nbgrader")
    proc = subprocess.run([str(exe), "export", f"--CourseDirectory.db_url=sqlite:///{Path(db).resolve()}",
                           "--to", str(dest)], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open(dest, newline="", encoding="utf-8") as f:
        found = {(r["assignment"], r["student_id"]): (float(r["score"]), float(r["late_submission_penalty"] or 0),
                                                     float(r["raw_score"])) for r in csv.DictReader(f)}
    dest.unlink()
    return found


def assert_agrees_with_export(out: Path, exported: dict) -> None:
    """grades.json and grades.csv under ``out`` say what `nbgrader export` says (:func:`nbgrader_export`):
    the same students, and per student and assignment the same score (the sum of its notebooks' rows)."""
    import csv

    rows = grades(out)
    assert {s for _, s in exported} == set(rows), (sorted({s for _, s in exported}), sorted(rows))
    for (assignment, student), (score, _, _) in exported.items():
        mine = sum(r["score"] for key, r in rows[student].items() if key.split("/", 1)[0] == assignment)
        assert abs(mine - score) < 1e-9, (assignment, student, mine, score)
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        totals = {r["student"]: float(r["total"]) for r in csv.DictReader(f)}
    assert set(totals) == set(rows)
    for student, total in totals.items():
        assert abs(total - sum(v[0] for (a, s), v in exported.items() if s == student)) < 1e-9, student
