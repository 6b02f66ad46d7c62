"""The whole course through the real grader, in one parallel run.

One class is built and graded with `python -m grader grade`:
- "solved": every notebook with the solutions filled in -> full marks;
- "untouched": the student notebooks exactly as released -> exactly 0;
- one student per plausible wrong implementation in tests/mistakes/ (the
  solved notebook with one solution cell replaced) -> each test cell the
  mistake names loses points.
Scores are read back from the grader's grades.json (which it reads from
nbgrader's gradebook), never from logs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests import course
from tests.mistakes import all_mistakes

MISTAKES = all_mistakes()
STEMS = course.stems()
CASES = [(stem, m) for stem in STEMS for m in MISTAKES.get(stem, [])]


def student_id(stem: str, mistake) -> str:
    return f"m{stem[:2]}-{mistake.cell}-{mistake.name}"


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    if not STEMS:
        pytest.fail("solutions/ holds no notebooks")
    root = tmp_path_factory.mktemp("course_class")
    klass = root / "submissions"
    for stem in STEMS:
        course.write(course.filled(stem), klass / "solved" / f"{stem}.ipynb")
        course.write(course.load(course.NOTEBOOKS / f"{stem}.ipynb"), klass / "untouched" / f"{stem}.ipynb")
    for stem, m in CASES:
        course.write(course.filled(stem, {m.cell: m.source}), klass / student_id(stem, m) / f"{stem}.ipynb")
    out = root / "grades"
    workers = os.environ.get("CNN_TEST_WORKERS", str(os.cpu_count() or 2))
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(klass), "--out", str(out), "--workers", workers],
        capture_output=True, text=True, timeout=3000, cwd=course.ROOT,
    )
    print(proc.stdout[-5000:])
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    return proc, grades


@pytest.mark.slow
def test_grading_run_finishes_and_lists_every_student(graded):
    proc, grades = graded
    # exit 1 only means something "could not be graded"; every notebook here must be gradable
    assert proc.returncode == 0, proc.stderr[-3000:]
    expected = {"solved", "untouched", *(student_id(s, m) for s, m in CASES)}
    assert expected <= set(grades)


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_solution_scores_full_marks(graded, stem):
    _, grades = graded
    row = grades["solved"][stem]
    assert row["status"] == "graded", row.get("message")
    cells = course.graded_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb"))
    assert row["max_score"] == pytest.approx(sum(cells.values()))
    lost = {k: v for k, v in row["tests"].items() if v["score"] < v["max_score"]}
    assert not lost, f"{stem}: the solution loses points in {lost}"
    assert row["score"] == row["max_score"]


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_untouched_notebook_scores_zero(graded, stem):
    _, grades = graded
    row = grades["untouched"][stem]
    assert row["status"] == "graded", row.get("message")
    earned = {k: v["score"] for k, v in row["tests"].items() if v["score"] > 0}
    assert not earned, f"{stem}: the untouched notebook earns points in {earned}"
    assert row["score"] == 0


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "mistake"), CASES, ids=[student_id(s, m) for s, m in CASES])
def test_plausible_mistake_loses_points(graded, stem, mistake):
    _, grades = graded
    row = grades[student_id(stem, mistake)][stem]
    assert row["status"] == "graded", row.get("message")
    kept = {cell: row["tests"][cell] for cell in mistake.loses
            if row["tests"][cell]["score"] >= row["tests"][cell]["max_score"]}
    assert not kept, f"{stem}: mistake {mistake.name!r} in {mistake.cell} keeps full marks in {kept}"


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_has_three_plausible_mistakes(stem):
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    exercises = course.solution_cells(nb)
    tests = course.graded_cells(nb)
    counts = {ex: 0 for ex in exercises}
    for m in MISTAKES.get(stem, []):
        assert m.cell in exercises, f"{stem}: mistake {m.name} replaces unknown cell {m.cell}"
        unknown = set(m.loses) - set(tests)
        assert not unknown, f"{stem}: mistake {m.name} names unknown test cells {unknown}"
        counts[m.cell] += 1
    few = {ex: n for ex, n in counts.items() if n < 3}
    assert not few, f"{stem}: exercises with fewer than three plausible mistakes: {few}"
    names = [m.name for m in MISTAKES.get(stem, [])]
    assert len(names) == len(set(names)), f"{stem}: duplicate mistake names"


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_totals_10_to_20_points(stem):
    total = sum(course.graded_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb")).values())
    assert 10 <= total <= 20, f"{stem} totals {total} points"
