"""The grader's command line: usage errors, release --check, check --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return small_class.env(tmp_path_factory.mktemp("grader_cache"))


def grader(*args, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


@pytest.mark.parametrize("args, says", [
    ([], "COMMAND"),
    (["bogus"], "invalid choice"),
    (["check"], "NOTEBOOK"),
    (["check", "no/such/notebook.ipynb"], "does not exist"),
    (["check", "README.md"], "not valid JSON"),
    (["check", "tests"], "is a folder"),
    (["grade"], "SUBMISSIONS"),
    (["grade", "no/such/class"], "does not exist"),
    (["grade", "README.md", "--out", "/tmp/never-written"], "neither a folder nor a .zip"),
    (["grade", "tests", "--workers", "0"], "at least 1"),
    (["grade", "tests", "--memory", "lots"], "not a size"),
    (["grade", "tests", "--shard", "4/3"], "between 1 and N"),
    (["grade", "tests", "--shard", "half"], "not a shard like 2/8"),
    (["merge", "tests"], "--out"),
    (["merge", "no/such/shard", "--out", "/tmp/never-written"], "not a folder"),
    (["merge", "tests", "--out", "/tmp/never-written"], "no finished grading run"),
    (["release", "--bogus"], "unrecognized arguments"),
])
def test_bad_usage_is_one_line_and_exit_2(args, says, env, tmp_path):
    proc = grader(*args, env=env)
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    if args:
        assert len(lines) == 1, proc.stderr
        assert says in lines[0] and "Traceback" not in proc.stderr
    else:
        assert says in proc.stdout + proc.stderr


def test_a_binary_or_empty_file_is_not_a_notebook(env, tmp_path):
    empty = tmp_path / "01_fixture_add.ipynb"
    empty.write_text("")
    proc = grader("check", empty, env=env)
    assert proc.returncode == 2 and "empty" in proc.stderr and len(proc.stderr.splitlines()) == 1


@pytest.mark.slow
def test_release_check_is_byte_stable_and_names_stale_notebooks(env, tmp_path):
    nbs = tmp_path / "notebooks"
    first = grader("release", "--notebooks", nbs, env=env)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in nbs.glob("*.ipynb")}
    assert sorted(before) == [f"{cat.NB1}.ipynb", f"{cat.NB2}.ipynb"]
    again = grader("release", "--notebooks", nbs, env=env)
    assert "released 0 changed" in again.stdout
    assert {p.name: p.read_bytes() for p in nbs.glob("*.ipynb")} == before
    assert grader("release", "--check", "--notebooks", nbs, env=env).returncode == 0
    text = before[f"{cat.NB1}.ipynb"].decode()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "raise NotImplementedError" in text
    nb = json.loads(text)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb["cells"] if c["cell_type"] == "code")
    assert set(nb["metadata"]) == {"kernelspec", "language_info"}
    (nbs / f"{cat.NB2}.ipynb").write_text(text.replace("Fixture", "Fixtures"))
    (nbs / "09_stale.ipynb").write_text("{}")
    proc = grader("release", "--check", "--notebooks", nbs, env=env)
    assert proc.returncode == 1
    assert f"{cat.NB2}.ipynb" in proc.stdout and "09_stale.ipynb" in proc.stdout and f"{cat.NB1}.ipynb" not in proc.stdout


@pytest.mark.slow
def test_check_scores_with_hidden_tests(env, tmp_path):
    nbs = tmp_path / "notebooks"
    assert grader("release", "--notebooks", nbs, env=env).returncode == 0
    student = json.loads((nbs / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
    # right on the visible test, wrong on the hidden one; saved under another name, elsewhere
    partly = cat.with_cells(student, add=cat.GOOD_ADD,
                            scale="def scale(x, factor):\n    return np.asarray(x) * 2.0\n")
    path = tmp_path / "somewhere else" / f"{cat.NB1} (1).ipynb"
    cat.write(partly, path)
    proc = grader("check", path, "--json", env=env)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    row = data[cat.NB1]
    assert row["status"] == "graded" and row["score"] == 3.0 and row["max_score"] == 5.0
    hidden = row["tests"]["test_scale_hidden"]
    assert (hidden["score"], hidden["max_score"]) == (0.0, 2.0)
    assert hidden["message"].startswith("hidden test: CheckError: scale: output differs")  # --json says why
    human = grader("check", cat.SOLUTIONS / f"{cat.NB2}.ipynb", env=env)
    assert human.returncode == 0, human.stdout + human.stderr
    assert "5 / 5 points" in human.stdout and "test_normalize" in human.stdout


@pytest.mark.slow
def test_check_shows_why_an_exercise_cell_did_not_run(env, tmp_path):
    """An unclosed parenthesis in the exercise cell is shown as a SyntaxError with its line before
    any test line, the NameError of every test below it names that cell, and --json carries the
    same messages (each failed test's, and the cell's)."""
    nbs = tmp_path / "notebooks"
    assert grader("release", "--notebooks", nbs, env=env).returncode == 0
    student = json.loads((nbs / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
    broken = cat.with_cells(student, add="def add(a, b):\n    return np.add(a, b\n", scale=cat.GOOD_SCALE)
    path = tmp_path / f"{cat.NB1}.ipynb"
    cat.write(broken, path)

    human = grader("check", path, env=env)
    assert human.returncode == 1, human.stderr
    lines = human.stdout.splitlines()
    first_test = next(i for i, line in enumerate(lines) if line.lstrip().startswith(("\u2714 test_", "\u2718 test_")))
    syntax = next(i for i, line in enumerate(lines) if "SyntaxError" in line)
    assert syntax < first_test, human.stdout
    assert "exercise add" in lines[syntax - 1] and "line 2 of the cell: return np.add(a, b" in lines[syntax], human.stdout
    assert "NameError: name 'add' is not defined (add is defined in exercise add, which did not run" in human.stdout

    data = json.loads(grader("check", path, "--json", env=env).stdout)[cat.NB1]
    assert data["score"] == 0.0 or data["score"] < cat.MAX1
    assert data["cell_errors"]["exercise add"].startswith("SyntaxError")
    failed = {gid: t for gid, t in data["tests"].items() if t["score"] < t["max_score"]}
    assert failed and all("defined in exercise add" in t["message"] for t in failed.values()), failed
    passed = [t for t in data["tests"].values() if t["score"] >= t["max_score"]]
    assert all("message" not in t for t in passed)


def test_check_names_an_exception_raised_while_a_cell_defines_its_names():
    """The frame of the cell itself, not IPython's file name: line and code of the statement that raised."""
    from grader.course.build import NotebookInfo
    from grader.run.check import cell_errors, explain_name_errors
    from grader.run.items import Graded

    tb = ["---------------------------------------------------------------------------",
          "\x1b[0;31mValueError\x1b[0m                                Traceback (most recent call last)",
          "Cell \x1b[0;32mIn[4], line 3\x1b[0m\n\x1b[1;32m      1\x1b[0m import numpy as np\n"
          "\x1b[0;32m----> 3\x1b[0m W \x1b[38;5;241m=\x1b[39m np\x1b[38;5;241m.\x1b[39mones((2, 3)) @ np.ones((2, 3))\n",
          "\x1b[0;31mValueError\x1b[0m: matmul: mismatch"]
    nb = {"cells": [
        {"cell_type": "code", "execution_count": 4, "metadata": {"nbgrader": {"grade_id": "weights", "solution": True}},
         "source": "import numpy as np\n\nW = np.ones((2, 3)) @ np.ones((2, 3))\n",
         "outputs": [{"output_type": "error", "ename": "ValueError", "evalue": "matmul: mismatch", "traceback": tb}]},
        {"cell_type": "code", "execution_count": 5, "metadata": {}, "source": "print(W)\n",
         "outputs": [{"output_type": "error", "ename": "NameError", "evalue": "name 'W' is not defined",
                      "traceback": []}]},
    ]}
    info = NotebookInfo(stem="00_x", tests={"test_weights": 1.0}, solutions=["weights"], locked=[])
    found = cell_errors(nb, info)
    assert found == {"exercise weights": "ValueError: matmul: mismatch, line 3 of the cell: "
                                         "W = np.ones((2, 3)) @ np.ones((2, 3))"}
    graded = Graded({}, cell_errors=found, errors={"test_weights": "NameError: name 'W' is not defined",
                                                   "test_other": "NameError: name 'gone' is not defined"})
    explain_name_errors(graded, nb, info)
    assert "W is defined in exercise weights, which did not run to the end" in graded.errors["test_weights"]
    assert "no cell of this notebook defines gone" in graded.errors["test_other"]
