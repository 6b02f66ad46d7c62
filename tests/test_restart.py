"""Every notebook survives a kernel restart (issue 23).

A learner restarts the kernel (or comes back the next day), runs the cells at the top again,
then their exercise and its tests. That works only when everything a test cell needs comes
from the top of the notebook (the setup cell and the read-only helper cells right under
it), from the exercise cells, or from cells the learner would run anyway because they load
the data the test reads. This test does exactly that with real kernels (nbclient), in the
course's fast mode: for each notebook it restarts the kernel at two points (before the first
exercise and before the middle one), runs the cells at the top, then, exercise by exercise,
the exercise cell, the unlocked cells whose names a test reads (found by the same data flow
tests/course.py grades mistakes with) and the test cells. A test helper left in a read-only
cell further down is never run, so its NameError fails this test. Every notebook's last
cell (it scores the notebook with the grader) is not run here.
"""

from __future__ import annotations

import json
import os

import pytest

from tests import course

pytestmark = pytest.mark.slow


def _top(cells: list[dict]) -> int:
    """How many cells form the top: up to the setup cell (the first code cell after the
    install cell) and the read-only helper cells right under it."""
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    end = code[1] + 1
    while end < len(cells) and (cells[end]["cell_type"] == "code" and course.nbgrader_meta(cells[end]).get("locked")
                                and not course.nbgrader_meta(cells[end]).get("grade")):
        end += 1
    return end


def plan(nb: dict) -> tuple[list[int], list[list[int]]]:
    """(the cells at the top, [the cells run for each exercise, in order]) as indices of ``nb``."""
    cells = nb["cells"]
    top = _top(cells)
    defined: set[str] = set()
    for c in cells[:top]:
        defined |= course._names(course.source(c))[0]
    solutions = [i for i, c in enumerate(cells) if course.nbgrader_meta(c).get("solution")]
    for i in solutions:
        defined |= course._names(course.source(cells[i]))[0]
    tests_of: dict[int, list[int]] = {i: [] for i in solutions}
    for i, c in enumerate(cells):
        if course.nbgrader_meta(c).get("grade"):
            # a test belongs to the exercise whose cell it reads, else to the one above it
            loaded = course._names(course.source(c))[1]
            owner = next((s for s in reversed(solutions) if s < i
                          and course._names(course.source(cells[s]))[0] & loaded),
                         max((s for s in solutions if s < i), default=solutions[0]))
            tests_of[owner].append(i)
    steps, done = [], set(range(top)) | set(solutions)
    for s in solutions:
        run = [s]
        for t in tests_of[s]:
            run += _feeders(cells, t, done, defined) + [t]
        steps.append(run)
    return list(range(top)), steps


def _feeders(cells: list[dict], target: int, done: set[int], defined: set[str]) -> list[int]:
    """Unlocked cells above ``target`` that define names it reads (and their own feeders),
    in notebook order, leaving out those already run; never a locked cell: a test helper
    must sit at the top."""
    need = course._names(course.source(cells[target]))[1] - defined
    found: list[int] = []
    for i in range(target - 1, -1, -1):
        c = cells[i]
        if i in done or c["cell_type"] != "code" or course.nbgrader_meta(c):
            continue
        stored, loaded = course._names(course.source(c))
        if stored & need:
            found.append(i)
            need = (need - stored) | (loaded - defined)
    for i in found:
        done.add(i)
        for n in course._names(course.source(cells[i]))[0]:
            defined.add(n)
    return sorted(found)


@pytest.mark.parametrize("stem", course.stems())
def test_tests_pass_after_a_restart_and_the_cells_at_the_top(stem, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("CNN_COURSE_FAST", "1")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    nb = nbformat.reads(json.dumps(course.filled(stem)), as_version=4)
    nb.cells = nb.cells[:-1]  # "Score this notebook" would grade the notebook
    top, steps = plan(nb)
    middle = len(steps) // 2
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(course.NOTEBOOKS)}})
    failed = []
    with client.setup_kernel(cwd=str(course.NOTEBOOKS), env={**os.environ}):
        for k, step in enumerate(steps):
            if k in (0, middle):
                if k:
                    client.km.restart_kernel(now=True)
                    client.kc.wait_for_ready(timeout=120)
                for i in top:
                    client.execute_cell(nb.cells[i], i)
            for i in step:
                cell = nb.cells[i]
                client.execute_cell(cell, i)
                err = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
                if err is not None:
                    label = course.nbgrader_meta(cell).get("grade_id") or f"cell {i + 1}"
                    failed.append(f"{label}: {err['ename']}: {err['evalue']}"[:300])
    assert not failed, (f"{stem}: after a restart and the cells at the top, these cells fail:\n"
                        + "\n".join(failed))


def test_plan_never_runs_a_helper_left_in_the_middle():
    """The honest part: a read-only helper cell moved below the setup cell's neighbours is not
    among the cells run, so a test that needs it fails with a NameError."""
    nb = course.filled("07_lenet")
    cells = nb["cells"]
    at = next(i for i, c in enumerate(cells) if course.nbgrader_meta(c).get("grade_id") == "reference_lenet")
    helper = cells.pop(at)
    first_test = next(i for i, c in enumerate(cells) if course.nbgrader_meta(c).get("grade"))
    cells.insert(first_test, helper)  # where it used to be: just above the tests
    top, steps = plan(nb)
    ran = set(top).union(*steps)
    assert first_test not in ran, "the plan runs a read-only helper cell that is not at the top"


def test_a_name_error_in_a_notebook_says_which_cells_to_run():
    """After the setup cell (which imports cnnlib.checks), a NameError keeps its name and
    message and gains the hint; while grading the error is Python's own."""
    import nbformat
    from nbclient import NotebookClient

    def run(env):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from cnnlib import checks"),
                                             nbformat.v4.new_code_cell("relu(1.0)")])
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute(env=env)
        return next(o for o in nb.cells[1].outputs if o.output_type == "error")

    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    err = run(env)
    assert (err.ename, err.evalue) == ("NameError", "name 'relu' is not defined")
    assert "hint: relu is defined in a cell that has not run" in err.traceback[-1]
    graded = run({**env, "NBGRADER_EXECUTION": "autograde"})
    assert graded.ename == "NameError" and not any("hint:" in line for line in graded.traceback)
