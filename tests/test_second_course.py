"""A second course, no code change (issue 21, item 1).

tests/fixtures/second_course is a small nbgrader course that is not about CNNs: two notebooks whose
names follow no NN_name rule (wordfreq: string processing; summary: statistics), each its own
assignment in nbgrader's layout (source/ASSIGNMENT/NB.ipynb), autograded answers with visible and
hidden tests, its own support package (textcheck, with its own failure-cause marker), its own
reference-answer table (the standard library's statistics module answers summary's exercises), its own
limits and course id, all in its own nbgrader_config.py. The grader grades it with the code that grades
the CNN course: `python -m grader grade` on the course folder, `check` on one notebook, `export-course`,
and nbgrader's own `nbgrader autograde` in the exported folder. Solutions earn full marks, untouched
notebooks 0, a wrong median loses its points (and the class report names the course's cause), a learner
who calls statistics.mean is flagged. One class, graded once, shared by the tests of this module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.course.fill import filled

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "tests" / "fixtures" / "second_course"
NOTEBOOKS = ("wordfreq", "summary")
MAX = {"wordfreq": 5.0, "summary": 5.0}
WRONG_MEDIAN = ('def median(xs):\n    """The median, without sorting (wrong)."""\n    mid = len(xs) // 2\n'
                '    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2\n')
BORROWED_MEAN = 'import statistics\n\n\ndef mean(xs):\n    return statistics.mean(xs)\n'
# CNN-course values: its package, PyTorch, its data variable, its course id, its NN_name rule (\d\d)
CNN_NAMES = re.compile(r"cnnlib|torch|CNNLIB|cnn-course|\\d\\d")


def _strings(value) -> list[str]:
    """Every string in a configuration value (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, (list, tuple, set)):
        return [s for v in value for s in _strings(v)]
    return []


def _env(cache: Path, course: Path) -> dict:
    """`python -m grader`'s environment: a private cache, the course folder's textcheck importable (its
    nbgrader_config.py imports it, its kernels too); no CNN course setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CNN_", "CNNLIB_"))}
    env["GRADER_CACHE"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join([str(course), str(ROOT)])
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def _learner(release: Path, nb: str, **answers: str) -> dict:
    """The released notebook ``nb`` with its solution cells answered from the course's solutions
    (grader.course.fill), or from the given source for a grade_id (``answers``); ``untouched=""``: the release."""
    notebook = json.loads((release / f"{nb}.ipynb").read_text(encoding="utf-8"))
    if "untouched" in answers:
        return notebook
    source = json.loads((COURSE / "source" / nb / f"{nb}.ipynb").read_text(encoding="utf-8"))
    return filled(notebook, source, answers)


def _put(notebook: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The course folder with ada (solutions), bob (untouched), cy (a wrong median) and dee (summary only,
    mean borrowed from statistics) in submitted/, graded by `python -m grader grade COURSE`; `check` of
    cy's summary; `export-course`, then `nbgrader autograde wordfreq` in the export (ada and bob).

    `release` and `export-course` (no kernels) run in this process, through `python -m grader`'s own
    main; the three commands that grade run as processes of their own, at once (on a busy machine most
    of a process's time is its start)."""
    from grader.__main__ import main

    base = tmp_path_factory.mktemp("second-course")
    root = base / "course"
    env = _env(base / "cache", root)
    shutil.copytree(COURSE, root, ignore=shutil.ignore_patterns("__pycache__"))
    release, exported = base / "release", base / "exported"
    with pytest.MonkeyPatch.context() as mp:  # the prepared course goes to the private cache the commands use
        mp.setenv("GRADER_CACHE", str(base / "cache"))
        mp.syspath_prepend(str(root))  # textcheck, which the course's config imports
        assert main(["release", "--solutions", str(root / "source"), "--notebooks", str(release)]) == 0
        exit_export = main(["export-course", str(exported), "--solutions", str(root / "source")])
    learners = {
        "ada": {nb: _learner(release, nb) for nb in NOTEBOOKS},
        "bob": {nb: _learner(release, nb, untouched="") for nb in NOTEBOOKS},
        "cy": {"wordfreq": _learner(release, "wordfreq"), "summary": _learner(release, "summary", median=WRONG_MEDIAN)},
        "dee": {"summary": _learner(release, "summary", mean=BORROWED_MEAN)},
    }
    for student, nbs in learners.items():
        for nb, notebook in nbs.items():
            _put(notebook, root / "submitted" / student / nb / f"{nb}.ipynb")
    for student in ("ada", "bob"):
        _put(learners[student]["wordfreq"], exported / "submitted" / student / "wordfreq" / "wordfreq.ipynb")
    mine = _put(learners["cy"]["summary"], base / "mine" / "summary.ipynb")
    grader = [sys.executable, "-m", "grader"]
    commands = {"grade": ([*grader, "grade", root, "--workers", "2"], ROOT),
                "check": ([*grader, "check", mine, "--json", "--solutions", root / "source"], ROOT),
                "nbgrader": ([Path(sys.executable).with_name("nbgrader"), "autograde", "wordfreq"], exported)}
    running = {name: subprocess.Popen([str(a) for a in argv], cwd=cwd, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for name, (argv, cwd) in commands.items()}
    done = {}
    for name, proc in running.items():
        out, err = proc.communicate(timeout=900)
        done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return {"root": root, "exported": exported, "export": exit_export, "env": env, **done}


def test_its_config_alone_holds_its_knowledge(monkeypatch):
    """Loaded over the grader's (the CNN course's), the second course's config leaves no CNN value in any
    trait that holds course knowledge: each is set by the course."""
    from grader.course.config import load_config

    monkeypatch.syspath_prepend(str(COURSE))  # textcheck, which the course's config imports
    cfg = load_config(COURSE / "nbgrader_config.py")
    knowledge = {name: dict(cfg[name]) for name in ("CourseNotebooks", "Integrity", "CleanRoom", "Sandbox", "Guard",
                                                    "Similarity", "ClassReport", "CourseDirectory")}
    knowledge["LimitedExecute"] = {k: cfg.LimitedExecute[k] for k in ("protected_modules", "preload",
                                                                      "may_change_inputs", "kernel_tests")}
    cnn = [s for s in _strings(knowledge) if CNN_NAMES.search(s)]
    assert not cnn, cnn
    assert CNN_NAMES.search(r"(?<!\d)(\d\d)_") and CNN_NAMES.search("cnnlib.layers")  # it sees the CNN ones
    assert knowledge["Integrity"]["reference_answers"] == {
        "summary": ["statistics.mean", "statistics.median", "statistics.fmean"]}
    assert knowledge["ClassReport"]["cause_marker"] == "probable cause:"


@pytest.mark.slow
def test_grade_gives_solutions_full_marks_and_untouched_notebooks_nothing(graded):
    proc = graded["grade"]
    # exit 1: dee's notebooks were not all graded (a flagged one, a missing one), as for any course
    assert proc.returncode == 1 and "1 flagged, 6 graded, 1 missing" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = json.loads((graded["root"] / "grades.json").read_text(encoding="utf-8"))["students"]
    assert set(rows) == {"ada", "bob", "cy", "dee"}
    for nb in NOTEBOOKS:
        assert (rows["ada"][nb]["status"], rows["ada"][nb]["score"]) == ("graded", MAX[nb]), rows["ada"][nb]
        assert rows["ada"][nb]["max_score"] == MAX[nb]
        assert (rows["bob"][nb]["status"], rows["bob"][nb]["score"]) == ("graded", 0.0), rows["bob"][nb]
    assert (graded["root"] / "autograded" / "ada" / "summary" / "summary.ipynb").is_file()
    assert (graded["root"] / "feedback" / "ada" / "wordfreq" / "wordfreq.html").is_file()


@pytest.mark.slow
def test_a_wrong_median_loses_its_points_and_the_report_names_the_course_cause(graded):
    rows = json.loads((graded["root"] / "grades.json").read_text(encoding="utf-8"))["students"]
    cy = rows["cy"]["summary"]
    assert cy["status"] == "graded" and cy["score"] == 2.0, cy
    assert cy["tests"]["test_mean"]["score"] == 2.0 and cy["tests"]["test_median"]["score"] == 0.0
    assert rows["cy"]["wordfreq"]["score"] == MAX["wordfreq"]
    report = json.loads((graded["root"] / "report.json").read_text(encoding="utf-8"))
    median = next(t for t in report["notebooks"]["summary"]["tests"] if t["test"] == "test_median")
    causes = {c["cause"]: c["kind"] for c in median["causes"]}
    # textcheck's marker, read through c.ClassReport.cause_marker (the CNN course's would find nothing here)
    assert causes.get("the list was not sorted first") == "likely cause", median["causes"]


@pytest.mark.slow
def test_the_course_reference_table_flags_a_borrowed_answer(graded):
    rows = json.loads((graded["root"] / "grades.json").read_text(encoding="utf-8"))["students"]
    dee = rows["dee"]["summary"]
    assert dee["status"] == "flagged" and dee["score"] == 0.0, dee
    assert "borrowed answer" in dee["message"] and "statistics" in dee["message"], dee["message"]
    assert rows["dee"]["wordfreq"]["status"] == "missing"


@pytest.mark.slow
def test_check_scores_a_learner_notebook_of_the_second_course(graded):
    proc = graded["check"]
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]  # a test failed: exit 1
    got = json.loads(proc.stdout)["summary"]
    assert (got["score"], got["max_score"]) == (2.0, MAX["summary"]), got


@pytest.mark.slow
def test_export_course_and_nbgrader_autograde_grade_it_by_its_own_config(graded):
    assert graded["export"] == 0
    exported = graded["exported"]
    config = (exported / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f"load_subconfig({str((graded['root'] / 'nbgrader_config.py').resolve())!r})" in config
    assert "c.CourseDirectory.course_id = 'words-and-numbers'" in config  # its own course id
    auto = graded["nbgrader"]
    assert auto.returncode == 0, auto.stderr[-3000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{exported / 'gradebook.db'}") as gb:
        scores = {s.student.id: s.score for s in gb.find_assignment("wordfreq").submissions}
    assert scores == {"ada": MAX["wordfreq"], "bob": 0.0}
