"""The class gradebook (nbgrader's), written by the run's parent as its only writer.

- :class:`GradebookWriter` puts each graded row into the class gradebook
  (automatic scores, nbgrader's ``flagged``, the integrity findings as
  automatic comments: :func:`flag_comments`), keeping what formgrader
  entered (manual scores, extra credit, comments), and sets aside a
  gradebook of another course (:func:`same_course`);
- :func:`redact` puts the released cells' sources into it (no hidden
  tests, no solutions in the output folder);
- :func:`assign_late_penalty` runs nbgrader's own ``AssignLatePenalties``
  on it, with the course's configuration (its
  ``c.AssignLatePenalties.plugin_class``), as ``nbgrader autograde`` does
  after saving the automatic grades;
- :func:`merge_gradebooks` joins the shards' gradebooks (``merge``).

What is read back from it: grader.run.derived. Its SQL: grader.gradebook.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from grader import gradebook
from grader.cells import cell_source, nbgrader_meta
from grader.course.build import Prepared
from grader.course.layout import split, upgrade_gradebook
from grader.errors import GraderError
from grader.status import Status


def redact(db: Path, prep: Prepared) -> None:
    """Put the released cells' sources into the class gradebook ``db`` (no hidden tests, no solutions).

    nbgrader's gradebook keeps every source cell as the instructor wrote it;
    the class gradebook lands in the output folder, which must hold no
    hidden-test or solution line. The workers grade against the full copy.
    """
    sources = {}
    for stem in prep.stems:
        release = json.loads(prep.release(stem).read_text(encoding="utf-8"))
        for cell in release["cells"]:
            gid = nbgrader_meta(cell).get("grade_id")
            if gid:
                sources[(*split(stem), gid)] = cell_source(cell)
    gradebook.set_sources(db, sources)


def same_course(path: Path, prep: Prepared) -> bool:
    """Whether the gradebook ``path`` holds the notebooks and test cells (names, points) of ``prep``."""
    want = {(*split(k), gid, float(pts)) for k, info in prep.infos.items() for gid, pts in info.tests.items()}
    have = gradebook.grade_cells(path)
    return have is not None and want <= have


class GradebookWriter:
    """The class gradebook (nbgrader's), written by one process only.

    An existing gradebook of the same course is kept, ``--force`` or not:
    a regraded notebook gets new automatic scores, while the manual scores,
    extra credit and comments entered in formgrader stay, as with nbgrader's
    own autograde of a resubmission. Only a gradebook of another course
    (other notebooks or test cells) is set aside, as ``gradebook.db.old-TIME``,
    and a fresh one started; ``note`` says so.
    """

    def __init__(self, prep: Prepared, path: Path, redacted: bool = True):
        gradebook.quiet_warnings()
        self.prep = prep
        self.path = path
        self.note = upgrade_gradebook(path)  # an older nbgrader's gradebook: nbgrader db upgrade, in place
        self.fresh = not path.exists()  # a new gradebook: nobody was removed from it
        if path.exists() and not same_course(path, prep):
            self.fresh = True
            aside = path.with_name(f"{path.name}.old-{time.strftime('%Y%m%d-%H%M%S')}")
            path.replace(aside)
            self.note = (f"{path} was a gradebook of another version of the course; kept as {aside.name} "
                         "(its manual grades too), started a new one")
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            shutil.copyfile(prep.gradebook, tmp)
            if redacted:
                redact(tmp, prep)
            tmp.replace(path)
        elif redacted:
            redact(path, prep)
        self.gb = gradebook.open_gradebook(path)
        self.enrolled = {s.id for s in self.gb.students}

    def enrol(self, student: str) -> None:
        """Make ``student`` one of the gradebook's students (nbgrader export lists them, submission or not)."""
        if student not in self.enrolled:
            self.gb.update_or_create_student(student)
            self.enrolled.add(student)

    def late_penalty(self, cfg, student: str, stem: str) -> None:
        """nbgrader's AssignLatePenalties on the submission just written (:func:`assign_late_penalty`), with ``cfg``'s
        plugin; raises GraderError in one line when the course's plugin fails."""
        self.gb.db.commit()
        try:
            assign_late_penalty(self.path, cfg, student, stem)
        except Exception as exc:  # noqa: BLE001 - the course's own plugin code
            raise GraderError(f"the late-submission plugin ({type(exc).__name__}: {exc}) failed on {student}/{stem}; "
                              "fix c.AssignLatePenalties.plugin_class in nbgrader_config.py") from None
        self.gb.db.expire_all()  # the penalty was written through another session

    def write(self, student: str, stem: str, row: dict, timestamp=None, flags: list[str] | None = None) -> None:
        """Put ``row`` (grades.json's) into the gradebook; manual grades and comments stay.

        ``timestamp``: when the student handed it in (nbgrader's
        ``timestamp.txt``), for nbgrader's late-submission records.
        ``flags``: the row's integrity findings (grader.run.items.Graded's
        ``flags``: tampering, borrowed answers, ``review: ...`` notes).
        A notebook not graded normally, or with a finding, gets nbgrader's
        own ``flagged`` (formgrader lists it for review), and the findings
        go into nbgrader's automatic comment of the cell they name (the
        first commented cell by name otherwise), which formgrader shows in that
        cell's comment box (:func:`flag_comments`).
        """
        from nbgrader.api import MissingEntry

        gb = self.gb
        assignment, notebook = split(stem)
        if row["status"] == Status.MISSING:
            try:
                gb.find_submission(assignment, student)
            except MissingEntry:
                return
            others = [k for k in self.prep.stems if k != stem and split(k)[0] == assignment]
            if not others:  # nothing of this assignment handed in: no submission, as in nbgrader
                gb.remove_submission(assignment, student)
                return
        gb.update_or_create_student(student)
        try:
            sub = gb.find_submission(assignment, student)
        except MissingEntry:
            sub = gb.add_submission(assignment, student)
        if timestamp is not None:
            sub.timestamp = timestamp
        nb = gb.find_submission_notebook(notebook, assignment, student)
        invalid = row["status"] in (Status.INVALID, Status.FLAGGED)
        manual = gradebook.by_hand(nb)
        for grade in nb.grades:
            if grade.name in manual:  # as nbgrader leaves it: no automatic score, waiting for formgrader
                grade.auto_score = None
                grade.needs_manual_grade = grade.manual_score is None and row["status"] != Status.MISSING
                continue
            grade.auto_score = float(row["tests"].get(grade.name, {}).get("score", 0.0))
            grade.needs_manual_grade = invalid and grade.manual_score is None
        nb.flagged = row["status"] not in (Status.GRADED, Status.MISSING) or bool(flags)
        flag_comments(nb, row, flags or [])
        gb.db.commit()

    def close(self) -> None:
        self.gb.close()


FLAG_PREFIX = "Flagged by the grader: "


def flag_comments(nb, row: dict, flags: list[str]) -> None:
    """Write the integrity findings of ``row`` into nbgrader's automatic comments of ``nb``.

    ``nb``: an nbgrader SubmittedNotebook; ``flags``: findings such as
    ``"cell 4 (add) borrowed answer: ..."`` or ``"review: cell 3 uses exec"``.
    A finding that names a cell by its grade_id, in parentheses, goes to that
    cell's comment, the others to the first comment by name; formgrader shows
    ``auto_comment`` in the cell's comment box (nbgrader's formgrade_models.js
    uses it as the box's placeholder).
    An instructor's own ``manual_comment`` is never touched; comments this
    function wrote before (they start with :data:`FLAG_PREFIX`) are cleared
    first, so a regraded clean notebook keeps none.
    """
    comments = sorted(nb.comments, key=lambda c: c.name)
    for comment in comments:
        if (comment.auto_comment or "").startswith(FLAG_PREFIX):
            comment.auto_comment = None
    if not flags or not comments:
        return
    by_name = {c.cell.name: c for c in comments}
    placed: dict[str, list[str]] = {}
    for flag in flags:
        target = next((name for name in by_name if f"({name})" in flag), comments[0].cell.name)
        placed.setdefault(target, []).append(flag)
    for name, found in placed.items():
        comment = by_name[name]
        head = "scored 0, " if row["status"] == Status.FLAGGED else "score unchanged, "
        comment.auto_comment = FLAG_PREFIX + head + "for an instructor's review: " + "; ".join(found)


def assign_late_penalty(db: Path, cfg, student: str, key: str) -> None:
    """Store nbgrader's late penalty of ``student``'s notebook ``key`` in the gradebook ``db``.

    Runs nbgrader's ``AssignLatePenalties`` preprocessor itself (its
    ``plugin_class``, a ``LateSubmissionPlugin`` or any ``BasePlugin`` with
    ``late_submission_penalty(student_id, score, total_seconds_late)``, from
    ``cfg``: the course folder's ``nbgrader_config.py`` over the grader's own).
    The penalty is computed on the notebook's score as the gradebook holds
    it (manual grades included) and the submission's ``total_seconds_late``
    (its timestamp against the assignment's due date); None (no penalty)
    when it was on time. Raises what the plugin raises.
    """
    import nbformat
    from nbgrader.preprocessors import AssignLatePenalties

    assignment, notebook = split(key)
    resources = {"nbgrader": {"student": student, "assignment": assignment, "notebook": notebook,
                              "db_url": gradebook.url(db)}}
    AssignLatePenalties(config=cfg).preprocess(nbformat.v4.new_notebook(), resources)


def merge_gradebooks(first: Path, others: list[Path], dest: Path, keep: bool = False,  # long: one nbgrader record
                     removed: set[str] | frozenset = frozenset()) -> None:  # copied after another, in one place
    """``dest`` := the students and submissions of ``first`` and ``others``, through nbgrader's API.

    ``keep``: ``dest`` is the gradebook of an earlier merge of the same
    course: it is merged into, not replaced, so that what an instructor
    entered there (formgrader's manual scores, extra credit and comments)
    stays over a shard's automatic grades, as over a regrade
    (:class:`GradebookWriter`); a shard's own manual grades are taken
    where ``dest`` has none. ``removed``: students removed from ``dest``
    since that merge (``nbgrader db student remove``): they stay out. Every
    student of a shard's gradebook comes over, with a submission or not
    (``nbgrader export`` lists them); late penalties come as stored.
    """
    from nbgrader.api import MissingEntry

    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(dest if keep else first, tmp)
    with gradebook.open_gradebook(tmp) as dst:
        for path in ([first] if keep else []) + list(others):
            with gradebook.open_gradebook(path) as src:
                for student in src.students:
                    if student.id not in removed:
                        dst.update_or_create_student(student.id, first_name=student.first_name,
                                                     last_name=student.last_name, email=student.email,
                                                     lms_user_id=student.lms_user_id)
                for assignment in src.assignments:
                    for sub in assignment.submissions:
                        student = sub.student
                        if student.id in removed:
                            continue
                        manual: dict = {}  # what an instructor entered in dest: kept over the shard's
                        try:
                            old = dst.find_submission(assignment.name, student.id)
                            for nb in old.notebooks:
                                for g in nb.grades:
                                    manual[(nb.name, "grade", g.name)] = (g.manual_score, g.extra_credit)
                                for c in nb.comments:
                                    manual[(nb.name, "comment", c.name)] = c.manual_comment
                            dst.remove_submission(assignment.name, student.id)
                        except MissingEntry:  # there was none
                            dst.db.rollback()
                        dst.add_submission(assignment.name, student.id, timestamp=sub.timestamp)
                        for nb in sub.notebooks:
                            out = dst.find_submission_notebook(nb.name, assignment.name, student.id)
                            out.flagged = nb.flagged
                            out.late_submission_penalty = nb.late_submission_penalty
                            for g in nb.grades:
                                d = dst.find_grade(g.name, nb.name, assignment.name, student.id)
                                mine = manual.get((nb.name, "grade", g.name), (None, None))
                                d.auto_score = g.auto_score
                                d.manual_score = mine[0] if mine[0] is not None else g.manual_score
                                d.extra_credit = mine[1] if mine[1] is not None else g.extra_credit
                                d.needs_manual_grade = g.needs_manual_grade and d.manual_score is None
                            for c in nb.comments:
                                d = dst.find_comment(c.name, nb.name, assignment.name, student.id)
                                d.auto_comment = c.auto_comment
                                d.manual_comment = manual.get((nb.name, "comment", c.name)) or c.manual_comment
                        dst.db.commit()
    tmp.replace(dest)
