"""Every query of an nbgrader gradebook (SQLite) the grader makes: the one home of its SQL.

A leaf: imports nothing of grader, so that course/, autograde/ and run/ all
call it without a cycle. What a gradebook *means* to a run (rows read back,
late penalties, feedback made again) is in grader/run/gradebook.py and
grader/run/derived.py, which call these functions and nbgrader's API.

nbgrader's own ``Gradebook`` API is used wherever it does the job
(:func:`open_gradebook`, :func:`set_course_id`, :func:`students`, and the
callers' reading and writing of grades and comments). Raw SQL stays where
the API cannot do it, each said at the function:

- reading without writing: nbgrader's ``Gradebook(url)`` creates missing
  tables and commits on open, while a prepared course's gradebook and a
  course folder's must stay byte for byte (their checksums are verified:
  grader.course.build), so :func:`due_dates`, :func:`grade_cells`,
  :func:`digest` and :func:`revision` open the file read-only
  (``mode=ro``);
- values nbgrader's model would convert: :func:`set_due_dates` copies due
  dates as the course's gradebook stores them (text), where the ORM's
  DateTime column would reformat them;
- a file nbgrader has not opened yet: :func:`set_sources` edits a copy
  before it becomes the class gradebook, and an ORM session on that path
  would be kept by the cached engine (:func:`reuse_engines`) after the file
  is renamed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

# the gradebook's tables that define the course (not the submissions nor their grades)
COURSE_TABLES = ("assignment", "notebook", "base_cell", "grade_cells", "solution_cells", "task_cells",
                 "source_cell", "course", "alembic_version")

# Gradebook files that are a worker's scratch copy (restored from the prepared course whenever
# they differ from it, see grader.autograde.notebook.Autograder.verify): nothing in them must
# outlive the operating system.
SCRATCH_URLS: set[str] = set()


def url(db: Path) -> str:
    """The SQLAlchemy URL of the gradebook file ``db`` (absolute), as nbgrader's ``db_url``."""
    return f"sqlite:///{Path(db).resolve()}"


def open_gradebook(db: Path | str):
    """nbgrader's ``Gradebook`` on the file ``db`` (a path, or an ``sqlite:///`` URL), warnings quieted
    (:func:`quiet_warnings`); use it as a context manager (it closes its session)."""
    from nbgrader.api import Gradebook

    quiet_warnings()
    return Gradebook(db if str(db).startswith("sqlite:") else f"sqlite:///{db}")


def quiet_warnings() -> None:
    """nbgrader 0.9 with SQLAlchemy 2 warns on every new submission; the rows are right."""
    import warnings

    try:
        from sqlalchemy.exc import SAWarning

        warnings.filterwarnings("ignore", category=SAWarning)
    except ImportError:
        pass
    warnings.filterwarnings("ignore", module="nbformat")  # duplicate or missing cell ids: we repair them


# -- nbgrader's engines ------------------------------------------------------------------------------
def reuse_engines() -> None:
    """One SQLAlchemy engine per gradebook file and process.

    nbgrader opens a new Gradebook (hence a new engine) in every
    preprocessor; a new engine recompiles every query and re-inspects the
    schema. Reusing the engine is the same database, several times faster.
    """
    import nbgrader.api as api

    if getattr(api.create_engine, "_grader_cached", False):
        return
    original = api.create_engine
    engines: dict = {}

    def create_engine(url, *args, **kwargs):
        key = (str(url), args, tuple(sorted(kwargs.items())))
        if key not in engines:
            engines[key] = original(url, *args, **kwargs)
            if str(url) in SCRATCH_URLS:
                from sqlalchemy import event

                event.listen(engines[key], "connect", _no_fsync)
        return engines[key]

    create_engine._grader_cached = True
    create_engine._engines = engines
    api.create_engine = create_engine


def _no_fsync(dbapi_connection, _record) -> None:
    """SQLite's ``PRAGMA synchronous=OFF`` on a new connection to a scratch gradebook.

    nbgrader commits each grade cell apart (about 30 commits a notebook), and each commit waits
    for fsync; without it a commit is safe against a crash of the process but not of the machine
    (SQLite's documentation, "PRAGMA synchronous"), which is all a scratch copy needs."""
    dbapi_connection.execute("PRAGMA synchronous=OFF")


def forget_engine(db_url: str) -> None:
    """Close the cached engine of ``db_url`` (its file was replaced)."""
    import nbgrader.api as api

    engines = getattr(api.create_engine, "_engines", {})
    for key in [k for k in engines if k[0] == db_url]:
        engines.pop(key).dispose()


# -- read-only: raw SQL on a file opened with mode=ro (nbgrader's Gradebook writes on open) ------------
def _read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def by_hand(nb) -> set[str]:
    """The grade names of a gradebook ``SubmittedNotebook`` that nbgrader leaves to a person: a graded
    solution cell (a written answer, code read by a grader) and a task (nbgrader's "Manually graded
    task"); formgrader lists them while their ``needs_manual_grade`` is set."""
    solutions = {c.name for c in nb.notebook.solution_cells}
    return {g.name for g in nb.grades if g.name in solutions or type(g.cell).__name__ == "TaskCell"}


def due_dates(db: Path) -> dict[str, str]:
    """{assignment: due date as stored} of an nbgrader course's gradebook ({} when there is none or it is
    unreadable)."""
    if not db.is_file():
        return {}
    try:
        con = _read_only(db)
        try:
            return {name: due for name, due in con.execute("SELECT name, duedate FROM assignment") if due}
        finally:
            con.close()
    except sqlite3.Error:
        return {}


def grade_cells(db: Path) -> set[tuple[str, str, str, float]] | None:
    """{(assignment, notebook, grade cell, max score)} of the gradebook ``db``; None when unreadable."""
    try:
        con = _read_only(db)
        try:
            return {(a, n, g, float(p)) for a, n, g, p in con.execute(
                "SELECT a.name, n.name, b.name, g.max_score FROM grade_cells g JOIN base_cell b ON b.id = g.id "
                "JOIN notebook n ON b.notebook_id = n.id JOIN assignment a ON n.assignment_id = a.id")}
        finally:
            con.close()
    except sqlite3.Error:
        return None


def digest(db: Path) -> str:
    """sha256 of the course rows of an nbgrader gradebook file, and of its schema.

    Covers the tables in :data:`COURSE_TABLES` (the cells, their sources,
    points and checksums) and every table, index, view and trigger definition
    (a trigger could rewrite scores), not the submissions: a worker's copy
    keeps this digest however many notebooks it grades. Raises ValueError
    when ``db`` is not a readable SQLite file.
    """
    if db.is_symlink() or not db.is_file():
        raise ValueError(f"{db} is not a regular file")
    h = hashlib.sha256()
    try:
        con = _read_only(db)
        try:
            for row in con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"):
                h.update(repr(row).encode())
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            for table in COURSE_TABLES:
                if table in names:
                    h.update(f"|{table}|".encode())
                    for row in con.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):  # noqa: S608 - fixed names
                        h.update(repr(row).encode())
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise ValueError(f"{db} is not a readable gradebook ({exc})") from None
    return h.hexdigest()


def revision(db: Path) -> str | None:
    """The alembic revision the gradebook ``db`` was written with (None: none recorded); the schema of an
    older nbgrader, which nbgrader's API cannot open before ``nbgrader db upgrade``. Raises ValueError when
    ``db`` is not a readable SQLite file."""
    try:
        con = _read_only(db)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            rows = list(con.execute("SELECT version_num FROM alembic_version")) if "alembic_version" in tables else []
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise ValueError(f"{db} is not a readable gradebook ({exc})") from None
    return rows[0][0] if rows else None


# -- writes -------------------------------------------------------------------------------------------
def set_due_dates(db: Path, due: dict[str, str]) -> None:
    """Store ``due`` ({assignment: due date as a course's gradebook stores it}) in ``db``, text as given
    (nbgrader's DateTime column would reformat it, and the prepared course's checksum with it)."""
    con = sqlite3.connect(str(db))
    try:
        for assignment, when in due.items():
            con.execute("UPDATE assignment SET duedate = ? WHERE name = ?", (when, assignment))
        con.commit()
    finally:
        con.close()


def set_sources(db: Path, sources: dict[tuple[str, str, str], str]) -> None:
    """Set the source of cells of ``db``: ``sources`` {(assignment, notebook, cell name): source}.

    Raw SQL, one transaction: ``db`` is a file nbgrader has not opened in
    this process (a copy about to become the class gradebook, or one it
    keeps); an ORM session on it would stay in the cached engine
    (:func:`reuse_engines`) after the file is renamed.
    """
    con = sqlite3.connect(str(db))
    try:
        for (assignment, notebook, name), source in sources.items():
            con.execute("UPDATE source_cell SET source = ? WHERE name = ? AND notebook_id IN "
                        "(SELECT n.id FROM notebook n JOIN assignment a ON n.assignment_id = a.id "
                        "WHERE n.name = ? AND a.name = ?)", (source, name, notebook, assignment))
        con.commit()
    finally:
        con.close()


def set_course_id(db: Path, course_id: str) -> None:
    """Make ``course_id`` the course of ``db`` and of each of its assignments (nbgrader's API:
    ``Gradebook(url, course_id)`` adds the course, as ``nbgrader`` does for a course folder's id)."""
    from nbgrader.api import Gradebook

    quiet_warnings()
    with Gradebook(f"sqlite:///{db}", course_id=course_id) as gb:
        for assignment in gb.assignments:
            assignment.course_id = course_id
        gb.db.commit()


def students(db: Path) -> set[str]:
    """The ids of the students in the gradebook ``db`` (empty when there is none)."""
    if not Path(db).is_file():
        return set()
    with open_gradebook(url(db)) as gb:
        return {s.id for s in gb.students}


def submitted_notebooks(gb, comments: bool = False):
    """Every SubmittedNotebook of the Gradebook ``gb`` with its submission, assignment, notebook and grades
    (and comments) loaded eagerly, in a few queries: one query per student and notebook through
    ``find_submission_notebook`` took 26 s for 200 students x 8 notebooks on the shared test machine, this 1.7 s."""
    from nbgrader.api import Comment, Grade, SubmittedAssignment, SubmittedNotebook
    from sqlalchemy.orm import joinedload, selectinload

    options = [joinedload(SubmittedNotebook.assignment).joinedload(SubmittedAssignment.assignment),
               joinedload(SubmittedNotebook.notebook),
               selectinload(SubmittedNotebook.grades).joinedload(Grade.cell)]
    if comments:
        options.append(selectinload(SubmittedNotebook.comments).joinedload(Comment.cell))
    return gb.db.query(SubmittedNotebook).options(*options)
