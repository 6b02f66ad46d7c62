"""A flagged notebook, and one with a note for review, in every file an instructor reads (no kernel runs).

The writers are fed rows as grader.autograde.notebook makes them; the class
gradebook is read back through nbgrader's API, grades.csv and the LMS files
with the csv module. tests/test_grader_hostile.py, tests/test_grader_leaks.py
and tests/test_grader_intake.py check the same through real grading runs.
"""

from __future__ import annotations

import csv
import json

import pytest

from grader.course import build as course
from grader.intake.lms import write_csvs
from grader.reports.grades import write_csv, write_json
from grader.run.gradebook import FLAG_PREFIX, GradebookWriter
from tests import grader_catalogue as cat

FLAGGED = {"score": 0.0, "max_score": 5.0, "status": "flagged",
           "message": "flagged for review, scored 0: cell 3 (add) replaces numpy.max (+1 more)",
           "tests": {"test_add": {"score": 0.0, "max_score": 2.0}, "test_scale_basic": {"score": 0.0, "max_score": 1.0},
                     "test_scale_hidden": {"score": 0.0, "max_score": 2.0}}}
FINDINGS = ["cell 3 (add) replaces numpy.max", "cell 5 (scale) borrowed answer: L.relu_forward is cnnlib's reference"]
NOTED = {**FLAGGED, "score": 5.0, "status": "graded", "message": "review: cell 3 (add) uses exec",
         "tests": {k: {"score": v["max_score"], "max_score": v["max_score"]} for k, v in FLAGGED["tests"].items()}}
CLEAN = {**NOTED, "message": ""}


@pytest.fixture(scope="module")
def prep():
    return course.prepare(cat.SOLUTIONS)


def _comments(path, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{path}") as gb:
        nb = gb.find_submission_notebook(cat.NB1, cat.NB1, student)
        return nb.flagged, {c.name: (c.auto_comment, c.manual_comment) for c in nb.comments}


def test_the_gradebook_flags_and_says_why_in_the_cells_comment(prep, tmp_path):
    from nbgrader.api import Gradebook

    db = tmp_path / "gradebook.db"
    writer = GradebookWriter(prep, db)
    writer.write("mallory", cat.NB1, FLAGGED, flags=FINDINGS)
    writer.write("nosy", cat.NB1, NOTED, flags=["review: cell 3 (add) uses exec"])
    writer.write("honest", cat.NB1, CLEAN, flags=[])
    writer.close()
    flagged, comments = _comments(db, "mallory")
    assert flagged
    assert comments["add"][0] == FLAG_PREFIX + "scored 0, for an instructor's review: " + FINDINGS[0]
    assert comments["scale"][0] == FLAG_PREFIX + "scored 0, for an instructor's review: " + FINDINGS[1]
    flagged, comments = _comments(db, "nosy")
    assert flagged and comments["add"][0].startswith(FLAG_PREFIX + "score unchanged") and "exec" in comments["add"][0]
    flagged, comments = _comments(db, "honest")
    assert not flagged and all(auto is None for auto, _ in comments.values())
    with Gradebook(f"sqlite:///{db}") as gb:  # an instructor writes a comment in formgrader ...
        gb.find_comment("add", cat.NB1, cat.NB1, "mallory").manual_comment = "talked to them"
        gb.db.commit()
    writer = GradebookWriter(prep, db)  # ... and the resubmission is clean: the flag and the grader's reason go
    writer.write("mallory", cat.NB1, CLEAN, flags=[])
    writer.close()
    flagged, comments = _comments(db, "mallory")
    assert not flagged and comments["add"] == (None, "talked to them") and comments["scale"][0] is None


def test_grades_csv_and_json_carry_the_status_and_reason(prep, tmp_path):
    rows = {"mallory": {cat.NB1: FLAGGED}, "nosy": {cat.NB1: NOTED}}
    write_csv(tmp_path / "grades.csv", rows, {cat.NB1: prep.infos[cat.NB1]})
    write_json(tmp_path / "grades.json", rows, [cat.NB1])
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as f:
        sheet = {r["student"]: r for r in csv.DictReader(f)}
    assert (sheet["mallory"][f"{cat.NB1}:status"], sheet["mallory"][f"{cat.NB1}:message"]) == (
        "flagged", FLAGGED["message"])
    assert sheet["nosy"][f"{cat.NB1}:message"] == "review: cell 3 (add) uses exec"
    data = json.loads((tmp_path / "grades.json").read_text(encoding="utf-8"))["students"]
    assert data["mallory"][cat.NB1]["status"] == "flagged" and data["mallory"][cat.NB1]["message"] == FLAGGED["message"]


def test_the_lms_files_carry_the_flag(tmp_path):
    roster = {"333": {"name": "cheatjoe"}, "444": {"name": "evalann"}, "555": {"name": "okbob"}}
    rows = {"333": {cat.NB1: FLAGGED}, "444": {cat.NB1: NOTED}, "555": {cat.NB1: CLEAN}}
    write_csvs(tmp_path, rows, [cat.NB1], roster)
    with open(tmp_path / "canvas-grades.csv", newline="", encoding="utf-8") as f:
        canvas = list(csv.reader(f))
    assert canvas == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Notes", cat.NB1],
                      ["    Points Possible", "", "", "", "", "", "5"],
                      ["cheatjoe", "333", "", "", "", f"{cat.NB1}: {FLAGGED['message']}", "0"],
                      ["evalann", "444", "", "", "", f"{cat.NB1}: review: cell 3 (add) uses exec", "5"],
                      ["okbob", "555", "", "", "", "", "5"]]
    with open(tmp_path / "moodle-grades.csv", newline="", encoding="utf-8") as f:
        moodle = {r["Identifier"]: r for r in csv.DictReader(f)}
    assert moodle["Participant 333"]["Feedback comments"] == f"{cat.NB1}: 0/5 (flagged) {FLAGGED['message']}"
    assert moodle["Participant 333"]["Grade"] == "0"
    # nothing flagged: Canvas's import file has no Notes column, only the format Canvas documents
    write_csvs(tmp_path, {"555": {cat.NB1: CLEAN}}, [cat.NB1], {"555": {"name": "okbob"}})
    with open(tmp_path / "canvas-grades.csv", newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert "Notes" not in header
