"""The whole course through the real grader, in one parallel run.

One class is built and graded with `python -m grader grade`:
- "solved": every notebook with the solutions filled in -> full marks;
- "untouched": the student notebooks exactly as released -> exactly 0;
- "trimmed": the solved notebooks without their unlocked demo cells (plots,
  widgets, timings) -> full marks, the control for the next kind;
- students holding plausible wrong implementations from tests/mistakes/
  (the trimmed solved notebook with solution cells replaced) -> each test
  cell a mistake names loses points. Mistakes in different exercises share
  a submission only where tests/course.py's data-flow analysis shows that
  neither can reach a test cell the other must fail.
Scores are read back from the grader's grades.json (which it reads from
nbgrader's gradebook), never from logs.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from grader.autograde.tracebacks import ANSI, own_lines
from tests import alternatives, class_run, course
from tests.attacks5r import CATALOGUED, PROBE_ATTACKS, SIDE_ATTACKS
from tests.clean_room_attacks import ATTACKS, COST_ATTACKS, ROOM_ATTACKS
from tests.mistake_messages import MESSAGES, VISIBLE
from tests.mistakes import all_mistakes

MISTAKES = all_mistakes()
ALTERNATIVES = alternatives.all_alternatives()
STEMS = course.stems()
# red team round 5 (tests/attacks5r): stubs that earned side aspects, a network that remembered the labels,
# gradients probed every channel at once; one of each kind, graded in the class run
WORK_ATTACKS = {**{sid: SIDE_ATTACKS[sid] for sid in CATALOGUED}, **PROBE_ATTACKS}
CASES = [(stem, m) for stem in STEMS for m in MISTAKES.get(stem, [])]


def _students() -> dict[tuple[str, str], str]:
    """{(stem, mistake name): student id}"""
    ids = {}
    for stem in STEMS:
        nb = course.trimmed(course.load(course.SOLUTIONS / f"{stem}.ipynb"))
        mistakes = MISTAKES.get(stem, [])
        reach, refs = course.exercise_reach(nb), course.mistake_refs(nb, mistakes)
        for k, group in enumerate(course.groups(mistakes, reach, refs)):
            for m in group:
                ids[(stem, m.name)] = f"m{stem[:2]}-{k:02d}"
    return ids


STUDENTS = _students()


def _variant_students() -> dict[str, tuple[str, list]]:
    """{student id: (stem, [Alternative, ...])}: the k-th correct variant of every
    exercise of a notebook share submission k (all of them must keep full marks)."""
    return {f"a{stem[:2]}-{k:02d}": (stem, group)
            for stem in STEMS for k, group in enumerate(alternatives.students(ALTERNATIVES.get(stem, [])))}


VARIANTS = _variant_students()


def student_id(stem: str, mistake) -> str:
    return STUDENTS[(stem, mistake.name)]


def write_class(klass) -> None:
    """Every submission of the class run into folder ``klass`` (one folder a student)."""
    for stem in STEMS:
        course.write(course.filled(stem), klass / "solved" / f"{stem}.ipynb")
        course.write(course.load(course.NOTEBOOKS / f"{stem}.ipynb"), klass / "untouched" / f"{stem}.ipynb")
        course.write(course.trimmed(course.filled(stem)), klass / "trimmed" / f"{stem}.ipynb")
    submissions: dict[tuple[str, str], dict[str, str]] = {}
    for stem, m in CASES:
        submissions.setdefault((stem, student_id(stem, m)), {})[m.cell] = m.source
    for (stem, sid), replace in submissions.items():
        course.write(course.trimmed(course.filled(stem, replace)), klass / sid / f"{stem}.ipynb")
    for sid, (stem, group) in VARIANTS.items():
        replace = {alt.cell: alt.source for alt in group}
        course.write(course.trimmed(course.filled(stem, replace)), klass / sid / f"{stem}.ipynb")
    for sid, (stem, cells, _) in ATTACKS.items():  # the release with only the borrowing cells changed
        nb = course.load(course.NOTEBOOKS / f"{stem}.ipynb")
        for cell in nb["cells"]:
            if course.nbgrader_meta(cell).get("grade_id") in cells and course.nbgrader_meta(cell).get("solution"):
                cell["source"] = cells[course.nbgrader_meta(cell)["grade_id"]]
        course.write(nb, klass / sid / f"{stem}.ipynb")
    for sid, (stem, cells, _, _) in {**COST_ATTACKS, **WORK_ATTACKS, **ROOM_ATTACKS}.items():  # solutions, attacked cells changed
        course.write(course.filled(stem, cells), klass / sid / f"{stem}.ipynb")


def start_class_run(tmp_path_factory) -> class_run.Run:
    """Write the class and start `python -m grader grade` on it, in the background (tests/class_run.py)."""
    if not STEMS:
        pytest.fail("solutions/ holds no notebooks")
    root = tmp_path_factory.mktemp("course_class")
    write_class(root / "submissions")
    workers = os.environ.get("CNN_TEST_WORKERS", str(os.cpu_count() or 2))
    # feedback HTML is tested by the grader's own tests; here only the scores matter
    return class_run.start([sys.executable, "-m", "grader", "grade", str(root / "submissions"), "--out",
                            str(root / "grades"), "--workers", workers, "--no-feedback"], root, course.ROOT)


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """(the finished grader process, grades.json's students, the output folder) of the class run:
    started when the session started (tests/conftest.py) where these tests were collected, else now."""
    run = class_run.started() or start_class_run(tmp_path_factory)
    proc = run.wait(timeout=3000)
    print(proc.stdout[-5000:])
    out = run.root / "grades"
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    return proc, grades, out


@pytest.mark.slow
@pytest.mark.parametrize("sid", sorted(ATTACKS))
def test_borrowed_answers_earn_nothing_in_the_clean_room(graded, sid):
    """Red-team borrowing (tests/clean_room_attacks.py) scores what its honest part earns, here 0, and says why."""
    _, grades, out = graded
    stem, _, words = ATTACKS[sid]
    row = grades[sid][stem]
    assert row["score"] == 0, row
    auto = json.loads((out / "autograded" / sid / stem / f"{stem}.ipynb").read_text(encoding="utf-8"))
    shown = json.dumps([c.get("outputs", []) for c in auto["cells"] if c["cell_type"] == "code"])
    assert words in shown, f"{sid}: the learner is not told {words!r}"


@pytest.mark.slow
@pytest.mark.parametrize("sid", sorted(COST_ATTACKS))
def test_work_done_another_way_loses_the_cells_that_time_it(graded, sid):
    """Loops hidden from the line counter and gradients found by probing the forward pass lose the cells
    whose hidden part times the call in the judge (tests/clean_room_attacks.py COST_ATTACKS), and say why."""
    _, grades, out = graded
    stem, _, lost, words = COST_ATTACKS[sid]
    row = grades[sid][stem]
    assert row["status"] == "graded", row
    scores = {g: t["score"] for g, t in row["tests"].items()}
    assert {g: scores[g] for g in lost} == dict.fromkeys(lost, 0), scores
    auto = json.loads((out / "autograded" / sid / stem / f"{stem}.ipynb").read_text(encoding="utf-8"))
    shown = json.dumps([c.get("outputs", []) for c in auto["cells"] if c["cell_type"] == "code"])
    assert words in shown, f"{sid}: the learner is not told {words!r}"


@pytest.mark.slow
@pytest.mark.parametrize("sid", sorted(WORK_ATTACKS))
def test_points_without_the_work_are_gone(graded, sid):
    """A stub's side aspects (inputs unchanged, errors), a network that remembers the labels it was shown
    and gradients probed every channel at once score 0 in the cells they used to earn
    (tests/attacks5r), and the learner reads why."""
    _, grades, out = graded
    stem, _, lost, words = WORK_ATTACKS[sid]
    row = grades[sid][stem]
    assert row["status"] == "graded", row
    scores = {g: t["score"] for g, t in row["tests"].items()}
    assert {g: scores[g] for g in lost} == dict.fromkeys(lost, 0), scores
    auto = json.loads((out / "autograded" / sid / stem / f"{stem}.ipynb").read_text(encoding="utf-8"))
    shown = json.dumps([c.get("outputs", []) for c in auto["cells"] if c["cell_type"] == "code"])
    assert words in shown, f"{sid}: the learner is not told {words!r}"


@pytest.mark.slow
@pytest.mark.parametrize("sid", sorted(ROOM_ATTACKS))
def test_pytorch_in_a_numpy_exercise_loses_exactly_its_cells(graded, sid):
    """A NumPy exercise of a notebook that teaches PyTorch, answered with PyTorch however it is reached (an alias
    of the setup cell, an import inside, sys.modules, importlib, a helper or a tensor of another cell,
    __array_function__), loses exactly its cells: its tests run in a kernel of the exercise's own allowance
    (c.CleanRoom.exercise_allowed, tests/clean_room_attacks.py ROOM_ATTACKS); every other cell keeps its points."""
    _, grades, out = graded
    stem, _, lost, words = ROOM_ATTACKS[sid]
    row = grades[sid][stem]
    assert row["status"] == "graded", row
    scores = {g: (t["score"], t["max_score"]) for g, t in row["tests"].items()}
    assert lost <= set(scores), lost - set(scores)
    assert {g: s for g, (s, _) in scores.items() if g in lost} == dict.fromkeys(lost, 0), scores
    assert {g: s for g, (s, m) in scores.items() if g not in lost and s != m} == {}, scores
    auto = json.loads((out / "autograded" / sid / stem / f"{stem}.ipynb").read_text(encoding="utf-8"))
    shown = json.dumps([c.get("outputs", []) for c in auto["cells"] if c["cell_type"] == "code"])
    assert words in shown, f"{sid}: the learner is not told {words!r}"


@pytest.mark.slow
def test_grading_run_finishes_and_lists_every_student(graded):
    proc, grades, _ = graded
    # every notebook here must be gradable; exit 1 says a row needs a look, and only the red team's
    # borrowing students may be that (the static scan flags what the clean room already stopped)
    expected = {"solved", "trimmed", "untouched", *(student_id(s, m) for s, m in CASES), *VARIANTS}
    assert expected <= set(grades)
    looks = {s for s, rows in grades.items() for r in rows.values() if r["status"] not in ("graded", "missing")}
    assert looks <= set(ATTACKS), {s: grades[s] for s in looks - set(ATTACKS)}
    assert all(r["status"] in ("graded", "flagged", "missing") for s in ATTACKS for r in grades[s].values())
    assert proc.returncode == (1 if looks else 0), proc.stderr[-3000:]


@pytest.mark.slow
def test_run_records_the_cpu_seconds_of_every_notebook(graded):
    """The output folder's state holds each graded notebook's CPU seconds, the grading worker's and its
    kernel's (the kernel's from grader.sandbox.zygote's report when it reaps it): what this class costs CI,
    printed by notebook so that a slower catalogue shows where (issue 21: `make test` gets no slower)."""
    _, grades, out = graded
    timings = json.loads((out / ".grader-state.json").read_text(encoding="utf-8"))["timings"]
    graded_rows = [(s, stem) for s, rows in grades.items() for stem, r in rows.items() if r["status"] == "graded"]
    assert graded_rows
    missing = [(s, stem) for s, stem in graded_rows
               if not (timings[s][stem].get("worker_cpu", 0) > 0 and timings[s][stem].get("kernel_cpu", 0) > 0)]
    assert not missing, f"no CPU seconds recorded for {missing[:5]}: {timings[missing[0][0]][missing[0][1]]}"
    by_stem: dict[str, list[float]] = {}
    for s, stem in graded_rows:
        t = timings[s][stem]
        by_stem.setdefault(stem, []).append(t["worker_cpu"] + t["kernel_cpu"])
    print("CPU seconds by notebook (worker + kernel): "
          + ", ".join(f"{stem[:2]} {sum(v):.0f} ({len(v)})" for stem, v in sorted(by_stem.items()))
          + f"; total {sum(map(sum, by_stem.values())):.0f}")


@pytest.mark.slow
@pytest.mark.parametrize("student", ["solved", "trimmed"])
@pytest.mark.parametrize("stem", STEMS)
def test_solution_scores_full_marks(graded, stem, student):
    _, grades, _ = graded
    row = grades[student][stem]
    assert row["status"] == "graded", row.get("message")
    cells = course.graded_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb"))
    assert row["max_score"] == pytest.approx(sum(cells.values()))
    lost = {k: v for k, v in row["tests"].items() if v["score"] < v["max_score"]}
    assert not lost, f"{stem}: the solution loses points in {lost}"
    assert row["score"] == row["max_score"]


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_untouched_notebook_scores_zero(graded, stem):
    _, grades, _ = graded
    row = grades["untouched"][stem]
    assert row["status"] == "graded", row.get("message")
    earned = {k: v["score"] for k, v in row["tests"].items() if v["score"] > 0}
    assert not earned, f"{stem}: the untouched notebook earns points in {earned}"
    assert row["score"] == 0


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "mistake"), CASES, ids=[student_id(s, m) for s, m in CASES])
def test_plausible_mistake_loses_points(graded, stem, mistake):
    _, grades, _ = graded
    row = grades[student_id(stem, mistake)][stem]
    assert row["status"] == "graded", row.get("message")
    kept = {cell: row["tests"][cell] for cell in mistake.loses
            if row["tests"][cell]["score"] >= row["tests"][cell]["max_score"]}
    assert not kept, f"{stem}: mistake {mistake.name!r} in {mistake.cell} keeps full marks in {kept}"
    lost = {cell: row["tests"][cell] for cell in mistake.keeps
            if row["tests"][cell]["score"] < row["tests"][cell]["max_score"]}
    assert not lost, (f"{stem}: mistake {mistake.name!r} in {mistake.cell} loses points in {lost}, "
                      "a test of an aspect this mistake gets right")


@pytest.mark.slow
@pytest.mark.parametrize("sid", sorted(VARIANTS))
def test_correct_variants_keep_full_marks(graded, sid):
    _, grades, _ = graded
    stem, group = VARIANTS[sid]
    row = grades[sid][stem]
    assert row["status"] == "graded", row.get("message")
    lost = {k: v for k, v in row["tests"].items() if v["score"] < v["max_score"]}
    names = ", ".join(f"{a.cell}: {a.name}" for a in group)
    assert not lost, f"{stem}: correct variants ({names}) lose points in {lost}"


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_has_three_correct_variants(stem):
    exercises = course.solution_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb"))
    names = [a.name for a in ALTERNATIVES.get(stem, [])]
    assert len(names) == len(set(names)), f"{stem}: duplicate alternative names"
    unknown = {a.name: a.cell for a in ALTERNATIVES.get(stem, []) if a.cell not in exercises}
    assert not unknown, f"{stem}: alternatives replace unknown cells {unknown}"
    counts = {ex: sum(a.cell == ex for a in ALTERNATIVES.get(stem, [])) for ex in exercises}
    few = {ex: n for ex, n in counts.items() if n < 3}
    assert not few, f"{stem}: exercises with fewer than three correct variants in tests/alternatives: {few}"


MESSAGE_CASES = [(stem, name, cell, words) for stem, by_name in MESSAGES.items()
                 for name, cells in by_name.items() for cell, words in cells.items()]


def _failure(path, gid: str) -> tuple[str, bool]:
    """(the error a test cell of an autograded notebook ended with: its name and whole
    message; whether the failing statement is one of the cell's hidden lines)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if course.nbgrader_meta(cell).get("grade_id") == gid:
            lines = course.source(cell).splitlines()
            first_hidden = next((i + 1 for i, line in enumerate(lines) if "BEGIN HIDDEN TESTS" in line), None)
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    failed_at = own_lines(cell, ANSI.sub("", "\n".join(out.get("traceback", []))))
                    hidden = first_hidden is not None and bool(failed_at) and failed_at[0] >= first_hidden
                    return f"{out.get('ename', '')}: {out.get('evalue', '')}", hidden
    return "", False


@pytest.mark.slow
@pytest.mark.parametrize(("stem", "name", "cell", "words"), MESSAGE_CASES,
                         ids=[f"{s[:2]}-{n}" for s, n, _, _ in MESSAGE_CASES])
def test_mistake_message_names_the_cause(graded, stem, name, cell, words):
    _, _, out = graded
    mistake = next(m for m in MISTAKES[stem] if m.name == name)
    sid = student_id(stem, mistake)
    said, hidden = _failure(out / "autograded" / sid / stem / f"{stem}.ipynb", cell)
    assert said, f"{stem}: {cell} of {sid} ({name}) shows no error"
    if (stem, name, cell) in VISIBLE:
        assert not hidden, f"{stem}: {name} fails a visible line of {cell}, but the grader calls it hidden"
    assert " ".join(words.split()) in " ".join(said.split()), (
        f"{stem}: for mistake {name!r}, {cell} says\n{said}\nwithout {words!r}")


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_has_a_message_test(stem):
    exercises = set(course.solution_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb")))
    by_name = {m.name: m for m in MISTAKES.get(stem, [])}
    unknown = set(MESSAGES.get(stem, {})) - set(by_name)
    assert not unknown, f"{stem}: messages for unknown mistakes {unknown}"
    covered = {by_name[n].cell for n in MESSAGES.get(stem, {})}
    assert exercises <= covered, f"{stem}: no message test for {sorted(exercises - covered)}"


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_has_three_plausible_mistakes(stem):
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    exercises = course.solution_cells(nb)
    tests = course.graded_cells(nb)
    counts = {ex: 0 for ex in exercises}
    for m in MISTAKES.get(stem, []):
        assert m.cell in exercises, f"{stem}: mistake {m.name} replaces unknown cell {m.cell}"
        unknown = (set(m.loses) | set(m.keeps)) - set(tests)
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
