"""The plan of a run: which students and notebooks the class holds, and which of them to grade again.

:func:`read_class` finds the students (a folder of student folders, a .zip
of one, a flat LMS download, or an nbgrader course's ``submitted/``);
:func:`plan_items` matches each student's files to the course's notebooks
and decides, per (student, notebook), whether an earlier run's row is kept
(the same submission: :func:`fingerprint`), a row is made without grading
(nothing handed in, or a file that is not a notebook) or a
:class:`~grader.run.items.WorkItem` is handed to the workers.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.autograde.notebook import empty_row
from grader.course.build import Prepared
from grader.course.layout import course_folder, split
from grader.course.submitted import match_course
from grader.course.timestamps import read_timestamp
from grader.errors import GraderError
from grader.intake.nested import unpack_handed_in
from grader.intake.notes import Intake, join_notes
from grader.intake.submissions import absent, class_root, match, released_code, students
from grader.outfolder import GRADEBOOK
from grader.run.items import WorkItem
from grader.run.shard import in_shard


def fingerprint(path: Path | None) -> str | None:
    """sha256 of the submitted notebook, and of nbgrader's ``timestamp.txt`` beside it where there is one:
    a resubmission whose notebook did not change but whose time did is graded again (its lateness)."""
    if path is None:
        return None
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    stamp = Path(path).parent / "timestamp.txt"
    if not stamp.is_file() or stamp.is_symlink():
        return h.hexdigest()
    return h.hexdigest() + "+" + hashlib.sha256(stamp.read_bytes()[:4096]).hexdigest()[:16]


@dataclass
class Submissions:
    """What :func:`read_class` found: ``found`` {student: folder}; ``loose``: notebooks outside student
    folders; ``skipped``: unsafe or unreadable zip members; ``roster`` and ``unmatched``: an LMS
    download's students and the files its expression did not match (None and [] otherwise)."""

    found: dict[str, Path]
    loose: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    roster: dict | None = None
    unmatched: list[str] = field(default_factory=list)


def read_class(submissions: Path, course: Path | None, out: Path, stems: list[str], scratch: Path,
               intake: Intake, filename_regexp: str | None = None,
               shard: tuple[int, int] | None = None) -> Submissions:
    """The students of ``submissions`` (``course``'s ``submitted/`` for an nbgrader course folder), those
    of share ``shard`` only; raises GraderError when it holds none, or looks like one student's folder."""
    roster, unmatched = None, []
    if course is not None:  # nbgrader's layout: submitted/STUDENT/ASSIGNMENT/NB.ipynb
        root, skipped = course / "submitted", []
    else:
        root, skipped = class_root(submissions, scratch, intake)
        if filename_regexp is not None:  # a flat LMS download: sort it into student folders first
            root, roster, unmatched = _collect_lms(root, submissions, filename_regexp, scratch, intake)
    found, loose = students(root, skip=(out,), intake=intake)
    if course is None:  # a zip a student handed in: unpacked into the scratch folder (grader.intake.nested)
        found = unpack_handed_in(found, scratch, intake)
    if not found:
        raise GraderError(_no_students(submissions, loose, skipped, filename_regexp))
    if _one_students_folder(found, stems):  # its assignment folders would be graded as students
        raise GraderError(f"{submissions} holds folders named as the course's notebooks "
                          f"({', '.join(sorted(found))}), not student folders: it looks like one student's "
                          "folder; pass the folder that holds one folder per student")
    if shard:
        found = {s: f for s, f in found.items() if in_shard(s, shard)}
    return Submissions(found, loose, skipped, roster, unmatched)


def check_submissions(submissions: Path) -> None:
    """Raise GraderError, one line with the way out, when ``submissions`` is no folder or readable zip."""
    if not submissions.exists():
        raise GraderError(f"{submissions} does not exist; pass a folder of student folders or a .zip of one")
    if submissions.is_file() and not zipfile.is_zipfile(submissions):
        if submissions.suffix.lower() == ".zip":
            raise GraderError(f"{submissions} is not a readable .zip (cut short by an interrupted download?); "
                              "download it again")
        if submissions.suffix.lower() in (".ipynb", ".json"):
            raise GraderError(f"{submissions} is one notebook; `python -m grader check` scores one, `grade` a "
                              "folder of student folders or a .zip of one")
        raise GraderError(f"{submissions} is neither a folder nor a .zip; pass a folder of student folders "
                          "or a .zip of one")


def _no_students(submissions: Path, loose: list[str], skipped: list[str], regexp: str | None) -> str:
    """The one line for a class without student folders, with the likely way out."""
    line = f"{submissions} holds no student folders; it should hold one folder per student"
    locked = [s for s in skipped if s.endswith("(password-protected)")]
    if locked:
        return f"{line}: its zip is password-protected ({len(locked)} file(s)); unzip it with the password first"
    if loose and regexp is None:
        return (f"{line}: it holds {len(loose)} notebook(s) directly ({loose[0]!r}...); a flat download from an "
                "LMS needs --lms canvas, --lms moodle or --filename-regexp RE, one student's notebooks `check`")
    return line


def inside_course(path: Path) -> Path | None:
    """The nbgrader course folder whose ``submitted/`` holds ``path`` (``submitted/`` itself, a student's
    folder or an assignment's), else None."""
    path = Path(path).resolve()
    for up in list(path.parents)[:3]:
        if path.is_relative_to(up / "submitted") and course_folder(up) is not None:
            return up
    return None


def other_gradebook_note(course: Path, out: Path) -> str | None:
    """The line ``grade`` prints when an nbgrader course folder is graded into another ``--out``
    (None when ``out`` is the course folder): that output's gradebook is not the course's, so the hand
    grades, comments and students entered in the course's are not in its grades."""
    if Path(out).resolve() == Path(course).resolve():
        return None
    return (f"note: grading the course folder {course} into {out}: {Path(out) / GRADEBOOK} is a gradebook "
            f"of its own, without the hand grades, comments and students of {Path(course) / GRADEBOOK} "
            "(formgrader's and nbgrader export's); leave out --out to grade into the course")


def _collect_lms(root: Path, submissions: Path, regexp: str, scratch: Path, intake: Intake | None = None):
    """(student-folder root, roster, unmatched) of a flat LMS download (grader.intake.lms.collect)."""
    from grader.intake.lms import collect

    collected = scratch / "collected"
    roster, unmatched = collect(root, regexp, collected, intake)
    if not roster:
        raise GraderError(f"--filename-regexp matched none of the notebooks in {submissions}"
                          + (f" (e.g. {unmatched[0]!r})" if unmatched else " (it holds none)")
                          + "; check the expression against one of the file names")
    return collected, roster, unmatched


def _one_students_folder(found: dict, stems: list[str]) -> bool:
    """True when every "student" folder found is named as a notebook or assignment of the course
    (``stems``, grader.course.layout keys): SUBMISSIONS is one student's folder, not the class's."""
    names = {name for key in stems for name in split(key)}
    return bool(found) and all(student in names for student in found)


@dataclass
class Plan:
    """What :func:`plan_items` decided. ``rows``: {student: {stem: row}}, the earlier run's rows with the
    rows made without grading over them; ``todo``: the items to grade, by notebook (the next prestarted
    kernel fits); per (student, stem) of an item: ``stamps`` its nbgrader timestamp, ``folders`` the
    folder it was handed in with, ``shas`` its :func:`fingerprint` (recorded when its row arrives: a
    stopped run grades again what it had not); ``kept``: the (student, stem) kept from the earlier run."""

    rows: dict[str, dict[str, dict]]
    todo: list[WorkItem] = field(default_factory=list)
    stamps: dict = field(default_factory=dict)
    folders: dict = field(default_factory=dict)
    shas: dict = field(default_factory=dict)
    kept: set = field(default_factory=set)


def plan_items(prep: Prepared, found: dict[str, Path], intake: Intake, previous: dict, shas: dict,
               details: dict, force: bool, nested: bool) -> Plan:
    """Decide, for every student of ``found`` and notebook of ``prep``, what this run does.

    ``previous``: grades.json's rows of the earlier run; ``shas``: its
    fingerprints (.grader-state.json's ``items``), updated here for the rows
    made without grading; ``details``: the class report's details, dropped
    for every row made again; ``force``: grade everything again;
    ``nested``: the submissions are in nbgrader's ``STUDENT/ASSIGNMENT/NB.ipynb``
    layout (a course folder, or a course whose assignments hold several notebooks).
    """
    ids = {s: i.cell_ids for s, i in prep.infos.items()}
    released = {s: released_code(prep.release(s)) for s in prep.stems}
    plan = Plan(rows={s: dict(r) for s, r in previous.items()})
    for student, folder in found.items():
        have = (match_course(folder, prep.stems, intake) if nested
                else match(folder, prep.stems, ids, released, intake))
        plan.rows.setdefault(student, {})
        for stem in prep.stems:
            path, note = have.get(stem, (None, ""))
            if path is None:  # nothing to grade: missing, or a .py/.html handed in instead (invalid)
                names = [split(k)[1] for k in prep.stems] if nested else prep.stems
                status, message = absent(folder, split(stem)[1] if nested else stem, names, intake,
                                         f"{'/'.join(split(stem))}.ipynb" if nested else None)
            sha = fingerprint(path) if path is not None else f"{status}:{hashlib.sha256(message.encode()).hexdigest()[:16]}"
            old = previous.get(student, {}).get(stem)
            if old is not None and not force and shas.get(student, {}).get(stem, "?") == sha:
                plan.kept.add((student, stem))
                continue
            details.get(student, {}).pop(stem, None)
            if path is None:
                shas.setdefault(student, {})[stem] = sha
                plan.rows[student][stem] = empty_row(prep.infos[stem], status, message)
            else:
                plan.shas[(student, stem)] = sha
                plan.stamps[(student, stem)], when_note = read_timestamp(path)
                plan.folders[(student, stem)] = path.parent
                plan.todo.append(WorkItem((student, stem), stem, student, str(path), join_notes(note, when_note)))
    plan.todo.sort(key=lambda t: (t.stem, t.student))
    return plan
