"""The class gradebook is the grade (grader/run/gradebook.py), without grading a class.

A gradebook made through nbgrader's own API (assignments, cells, students,
submissions, as generate_assignment, collect and formgrader write them), late
penalties stored by nbgrader's own AssignLatePenalties with the plugin a
course's nbgrader_config.py names, then grades.json and grades.csv written
from it and compared with what the real `nbgrader export` command writes.
The grading runs themselves are in test_grader_nbgrader.py, test_grader_shards.py
and test_grader_dask.py (slow).
"""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from grader import settings
from grader.__main__ import command_line_config, parser
from grader.autograde.notebook import empty_row, execution, limits_record
from grader.course.build import NotebookInfo
from grader.course.config import load_config
from grader.errors import GraderError
from grader.reports import grades as report
from grader.run.config import flag_config, run_config
from grader.run.derived import derive_rows
from grader.run.gradebook import assign_late_penalty
from tests import small_class as sc

# nbgrader's add_submission on a gradebook it made itself: SQLAlchemy's autoflush notes, not ours
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

COURSE = {"01_a": {"t1": 2.0, "t2": 3.0}, "02_b": {"u1": 4.0}}


def _course() -> SimpleNamespace:
    infos = {k: NotebookInfo(k, dict(tests), ["s1"], []) for k, tests in COURSE.items()}
    return SimpleNamespace(stems=list(infos), infos=infos)


def _gradebook(db: Path) -> None:
    """01_a due 2026-12-01 12:00 UTC; ada two hours late with full marks; bob on time, graded by hand
    over 0 for t1 and given extra credit on t2; cy enrolled, never handed in; gone handed in, then removed."""
    from nbgrader.api import Gradebook

    from grader.course.config import ensure_tools_on_path

    ensure_tools_on_path()  # nbgrader runs `alembic` to make a new gradebook
    with Gradebook(f"sqlite:///{db}") as gb:
        for name, tests in COURSE.items():
            gb.add_assignment(name, duedate=datetime.datetime(2026, 12, 1, 12, 0) if name == "01_a" else None)
            gb.add_notebook(name, name)
            for gid, points in tests.items():
                gb.add_grade_cell(gid, name, name, max_score=points, cell_type="code")
            gb.add_solution_cell("s1", name, name)
        for student in ("ada", "bob", "cy", "gone"):
            gb.add_student(student)
        scores = {"ada": {"t1": 2.0, "t2": 3.0}, "bob": {"t1": 0.0, "t2": 3.0}, "gone": {"t1": 2.0, "t2": 0.0}}
        when = {"ada": datetime.datetime(2026, 12, 1, 14, 0), "bob": datetime.datetime(2026, 12, 1, 11, 0),
                "gone": datetime.datetime(2026, 12, 1, 11, 0)}
        for student, auto in scores.items():
            gb.add_submission("01_a", student, timestamp=when[student])
            for gid, score in auto.items():
                gb.find_grade(gid, "01_a", "01_a", student).auto_score = score
        grade = gb.find_grade("t1", "01_a", "01_a", "bob")  # formgrader: a manual score and extra credit
        grade.manual_score = 1.0
        gb.find_grade("t2", "01_a", "01_a", "bob").extra_credit = 0.5
        gb.db.commit()


def _rows() -> dict:
    """What the grading runs said: a row per notebook handed in (grader.autograde.notebook's)."""
    infos = _course().infos
    graded = {"ada": {"t1": 2.0, "t2": 3.0}, "bob": {"t1": 0.0, "t2": 3.0}, "gone": {"t1": 2.0, "t2": 0.0}}
    rows = {}
    for student, tests in graded.items():
        row = empty_row(infos["01_a"], "graded", "")
        row["tests"] = {g: {"score": s, "max_score": COURSE["01_a"][g]} for g, s in tests.items()}
        row["score"] = sum(tests.values())
        rows[student] = {"01_a": row, "02_b": empty_row(infos["02_b"], "missing", "no 02_b.ipynb")}
    return rows


def test_rows_read_back_from_the_gradebook_agree_with_nbgrader_export(tmp_path):
    db = tmp_path / "gradebook.db"
    _gradebook(db)
    config = tmp_path / "nbgrader_config.py"
    config.write_text("c = get_config()\n" + sc.SUBMARKS, encoding="utf-8")
    for student in ("ada", "bob"):  # as autograde does after saving each notebook's grades
        assign_late_penalty(db, load_config(config), student, "01_a")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        gb.remove_student("gone")  # nbgrader db student remove gone --force
    rows = derive_rows(db, _course(), _rows())
    assert sorted(rows) == ["ada", "bob", "cy"]  # the gradebook's students, no one else
    ada, bob = rows["ada"]["01_a"], rows["bob"]["01_a"]
    assert ada["score"] == 3.0 and ada["tests"]["t1"]["score"] == 2.0  # 5 less SubMarks' 2 points for 2 hours
    assert "2:00:00 late, late penalty 2 (raw score 5)" in ada["message"]
    assert bob["score"] == 4.5 and bob["tests"] == {"t1": {"score": 1.0, "max_score": 2.0},
                                                    "t2": {"score": 3.5, "max_score": 3.0}}
    # which hand score overrides which automatic one: after a resubmission it may differ (FINDINGS.md)
    assert "graded by hand: t1 (1 over automatic 0), t2 (extra credit 0.5)" in bob["message"]
    assert "late" not in bob["message"]
    assert all(r["status"] == "missing" and r["score"] == 0.0 for r in rows["cy"].values())
    assert derive_rows(db, _course(), rows) == rows  # read back again: the notes are not doubled

    out = tmp_path / "out"
    out.mkdir()
    report.write_json(out / "grades.json", rows, list(COURSE))
    report.write_csv(out / "grades.csv", rows, _course().infos)
    exported = sc.nbgrader_export(db, tmp_path)
    assert exported[("01_a", "ada")] == (3.0, 2.0, 5.0) and exported[("01_a", "bob")][0] == 4.5
    sc.assert_agrees_with_export(out, exported)


def test_the_grader_configuration_names_the_late_plugin_too(tmp_path):
    """nbgrader's own LateSubmissionPlugin, set to 'zero' where the grader's nbgrader_config.py (or its
    overrides) says so: the late notebook scores 0 and nbgrader's export says the same."""
    db = tmp_path / "gradebook.db"
    _gradebook(db)
    cfg = load_config(**{"LateSubmissionPlugin.penalty_method": "zero"})
    assert cfg.AssignLatePenalties.plugin_class == "nbgrader.plugins.LateSubmissionPlugin"  # the grader's file
    for student in ("ada", "bob"):
        assign_late_penalty(db, cfg, student, "01_a")
    rows = derive_rows(db, _course(), _rows())
    assert rows["ada"]["01_a"]["score"] == 0.0 and rows["bob"]["01_a"]["score"] == 4.5
    assert sc.nbgrader_export(db, tmp_path)[("01_a", "ada")] == (0.0, 5.0, 5.0)


def test_a_course_configuration_sets_the_limits_unless_the_command_line_does(tmp_path):
    """The grader's nbgrader_config.py, the course folder's over it, the command line over both: what
    the grading workers receive (a Config, pickled), read through the traits as nbgrader reads them."""
    config = tmp_path / "nbgrader_config.py"
    config.write_text("c = get_config()\nc.LimitedExecute.timeout = 33\nc.LimitedExecute.memory_limit = 2**30\n"
                      "c.Sandbox.disk_limit = 5_000_000\nc.Intake.max_notebook_bytes = 1000\n", encoding="utf-8")
    course = SimpleNamespace(load_config=lambda: load_config(config))
    cfg = pickle.loads(pickle.dumps(run_config(course, flag_config())))
    assert limits_record(cfg) | {"threads": 0} == limits_record(Config()) | {
        "timeout": 33, "memory": 2**30, "disk_limit": 5_000_000, "threads": 0}
    assert settings.Intake(config=cfg).max_notebook_bytes == 1000
    args, extra = parser().parse_known_args(["grade", "x", "--timeout", "7", "--memory", "0",
                                             "--Sandbox.disk_limit=64"])
    cfg = run_config(course, flag_config(command_line_config(args, extra), notebook_timeout=60), workers=2)
    got = limits_record(cfg)
    assert (got["timeout"], got["notebook_timeout"], got["memory"], got["disk_limit"]) == (7, 60, 0, 64)
    assert got["threads"] >= 1  # the CPU quota shared out, as no configuration sets it
    plain = SimpleNamespace(load_config=lambda: load_config(None))
    assert limits_record(run_config(plain)) == limits_record(Config())  # the traits' defaults
    assert (execution(Config()).timeout, execution(Config()).memory_limit) == (120, 4 * 1024**3)
    assert execution(Config({"Execute": {"timeout": 300}})).timeout == 300  # nbgrader's own name is read too
    with pytest.raises(GraderError, match="--Sandbox.nope is not a trait"):
        command_line_config(*parser().parse_known_args(["grade", "x", "--Sandbox.nope=1"]))
    with pytest.raises(GraderError, match="--Sandbox.disk_limit=lots"):
        command_line_config(*parser().parse_known_args(["grade", "x", "--Sandbox.disk_limit=lots"]))
    config.write_text("c = get_config()\nc.LimitedExecute.timeout = \n", encoding="utf-8")
    with pytest.raises(GraderError, match="nbgrader_config.py cannot be loaded .SyntaxError"):
        load_config(config)
