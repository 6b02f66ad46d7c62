"""python -m grader grade SUBMISSIONS --out DIR: grade a whole class.

Work items are (student, notebook). Missing notebooks cost nothing (no
kernel, no gradebook entry: in nbgrader terms that assignment was not
submitted); every other item goes to a pool of workers (grader.run.pool), each
with its own gradebook copy; the parent writes the class gradebook
``DIR/gradebook.db`` (nbgrader's, one assignment per notebook) as the only
writer, then grades.json, grades.csv and the table. ``DIR/autograded/`` and
``DIR/feedback/`` follow nbgrader's layout. A second run with the same
``--out`` keeps the rows whose submission file did not change (``--force``
grades everything again).
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from traitlets.config import Config

from grader import settings
from grader.autograde.notebook import combined, empty_row, execution, limits_record
from grader.cells import cell_source, nbgrader_meta
from grader.course.build import Prepared, prepare
from grader.course.layout import (
    copy_sidecars,
    course_folder,
    course_notebooks_config,
    match_course,
    read_timestamp,
    split,
    upgrade_gradebook,
)
from grader.errors import GraderError
from grader.intake.submissions import (
    Intake,
    absent,
    class_root,
    join_notes,
    match,
    released_code,
    students,
)
from grader.reports import classreport
from grader.reports import grades as report
from grader.run.cpus import available_cpus
from grader.run.gradebook import assign_late_penalty, derive_rows, refresh_feedback
from grader.run.lock import RunLock
from grader.run.pool import Pool
from grader.sandbox import cgroups

STATE = ".grader-state.json"


def _sha(path: Path | None) -> str | None:
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


def redact(db: Path, prep: Prepared) -> None:
    """Put the released cells' sources into the class gradebook ``db`` (no hidden tests, no solutions).

    nbgrader's gradebook keeps every source cell as the instructor wrote it;
    the class gradebook lands in the output folder, which must hold no
    hidden-test or solution line. The workers grade against the full copy.
    """
    import sqlite3

    con = sqlite3.connect(str(db))
    try:
        for stem in prep.stems:
            release = json.loads(prep.release(stem).read_text(encoding="utf-8"))
            for cell in release["cells"]:
                gid = nbgrader_meta(cell).get("grade_id")
                if gid:
                    con.execute("UPDATE source_cell SET source = ? WHERE name = ? AND notebook_id IN "
                                "(SELECT n.id FROM notebook n JOIN assignment a ON n.assignment_id = a.id "
                                "WHERE n.name = ? AND a.name = ?)", (cell_source(cell), gid, *reversed(split(stem))))
        con.commit()
    finally:
        con.close()


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
        from nbgrader.api import Gradebook

        from grader.autograde.engines import quiet_warnings

        quiet_warnings()
        self.prep = prep
        self.path = path
        self.note = upgrade_gradebook(path)  # an older nbgrader's gradebook: nbgrader db upgrade, in place
        self.fresh = not path.exists()  # a new gradebook: nobody was removed from it
        if path.exists() and not _same_course(path, prep):
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
        self.gb = Gradebook(f"sqlite:///{path}")
        self.enrolled = {s.id for s in self.gb.students}

    def enrol(self, student: str) -> None:
        """Make ``student`` one of the gradebook's students (nbgrader export lists them, submission or not)."""
        if student not in self.enrolled:
            self.gb.update_or_create_student(student)
            self.enrolled.add(student)

    def late_penalty(self, cfg, student: str, stem: str) -> None:
        """nbgrader's AssignLatePenalties on the submission just written (grader.run.gradebook), with ``cfg``'s
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
        ``flags``: the row's integrity findings (grader.autograde.notebook's
        ``_flags``: tampering, borrowed answers, ``review: ...`` notes).
        A notebook not graded normally, or with a finding, gets nbgrader's
        own ``flagged`` (formgrader lists it for review), and the findings
        go into nbgrader's automatic comment of the cell they name (the
        first commented cell by name otherwise), which formgrader shows in that
        cell's comment box (:func:`flag_comments`).
        """
        from nbgrader.api import MissingEntry

        gb = self.gb
        assignment, notebook = split(stem)
        if row["status"] == "missing":
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
        invalid = row["status"] in ("invalid", "flagged")
        for grade in nb.grades:
            grade.auto_score = float(row["tests"].get(grade.name, {}).get("score", 0.0))
            grade.needs_manual_grade = invalid and grade.manual_score is None
        nb.flagged = row["status"] not in ("graded", "missing") or bool(flags)
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
        head = "scored 0, " if row["status"] == "flagged" else "score unchanged, "
        comment.auto_comment = FLAG_PREFIX + head + "for an instructor's review: " + "; ".join(found)


def _submitted_before(out: Path) -> dict[str, dict]:
    """{student: what was graded of them} for the students who handed in a notebook in an earlier run on
    ``out`` (the items of its .grader-state.json, --force or not: a removed student stays removed)."""
    try:
        items = json.loads((out / STATE).read_text(encoding="utf-8")).get("items", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {s: have for s, have in items.items()
            if isinstance(have, dict) and any(v and not str(v).startswith(("missing:", "invalid:")) for v in have.values())}


def _same_course(path: Path, prep: Prepared) -> bool:
    """Whether the gradebook ``path`` holds the notebooks and test cells (names, points) of ``prep``."""
    import sqlite3

    want = {(*split(k), gid, float(pts)) for k, info in prep.infos.items() for gid, pts in info.tests.items()}
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            have = {(a, n, g, float(p)) for a, n, g, p in con.execute(
                "SELECT a.name, n.name, b.name, g.max_score FROM grade_cells g JOIN base_cell b ON b.id = g.id "
                "JOIN notebook n ON b.notebook_id = n.id JOIN assignment a ON n.assignment_id = a.id")}
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return want <= have


def run_config(prep: Prepared, command_line: Config | None = None, workers: int | None = None) -> Config:
    """The configuration a run grades under, combined as nbgrader combines it: the grader's
    nbgrader_config.py, the course folder's over it (``prep.load_config()``), ``command_line`` (a
    traitlets Config: the flags and keyword arguments given) over both. With ``workers``, kernels get
    the CPU quota shared out as their threads (``c.LimitedExecute.threads``) unless a configuration
    sets it. The workers get ``command_line`` only (what a course folder's file holds may not pickle)."""
    cfg = combined(prep, command_line)
    if workers is not None and "threads" not in cfg.LimitedExecute:
        cores = available_cpus()  # threads per kernel: the quota shared out, not the host's cores
        cfg.LimitedExecute.threads = max(1, cores // max(1, workers))
    return cfg


def flag_config(config: Config | None = None, timeout: int | None = None, notebook_timeout: int | None = None,
                memory: int | None = None, network: bool | None = None, sandbox: bool | None = None) -> Config:
    """``config`` (the command line's, or None) with the keyword arguments of :func:`grade` and
    :func:`grader.run.check.check` over it, each as the trait it stands for (None: not given):
    ``timeout`` ``c.LimitedExecute.timeout`` (s), ``notebook_timeout`` ``.notebook_timeout`` (s),
    ``memory`` ``.memory_limit`` (bytes, 0: none), ``network`` ``.no_network`` (negated), ``sandbox``
    ``.sandbox``."""
    cfg = copy.deepcopy(config) if config is not None else Config()
    cfg.merge(settings.overrides({
        "LimitedExecute.timeout": timeout, "LimitedExecute.notebook_timeout": notebook_timeout,
        "LimitedExecute.memory_limit": memory, "LimitedExecute.no_network": None if network is None else not network,
        "LimitedExecute.sandbox": sandbox}))
    return cfg


def require_sandbox() -> None:
    """Raise GraderError with one line saying what to install or enable when no sandbox can be built."""
    from grader.sandbox.probe import probe

    why = probe()
    if why:
        raise GraderError(why)


def grade(submissions: Path, out: Path | None = None, workers: int | None = None, timeout: int | None = None,
          notebook_timeout: int | None = None, memory: int | None = None, force: bool = False,
          network: bool | None = None, solutions: Path | None = None, feedback: bool = True,
          progress: bool = True, stream=None, sandbox: bool | None = None,
          shard: tuple[int, int] | None = None, scheduler: str | None = None,
          filename_regexp: str | None = None, config: Config | None = None) -> tuple[int, dict]:
    """Grade the class; return (exit code, {student: {stem: row}}).

    ``config``: a traitlets Config over the grader's and the course
    folder's (the command line's: ``c.Sandbox.disk_limit``, ...). The
    keyword arguments ``timeout`` (s per cell), ``notebook_timeout`` (s),
    ``memory`` (bytes, 0: none), ``network`` and ``sandbox`` are the traits
    ``c.LimitedExecute.timeout``, ``.notebook_timeout``, ``.memory_limit``,
    ``.no_network`` (negated) and ``.sandbox`` over ``config``; None: as
    configured (:func:`flag_config`, :func:`run_config`).
    ``sandbox=False`` (``--no-sandbox``) runs learner code without the
    sandbox; grades.json, .grader-state.json and the summary record it.
    ``shard=(I, N)`` grades only the students of share I of N
    (grader.run.shard; ``python -m grader merge`` joins the shards' outputs).
    ``scheduler``: a Dask scheduler's address; the items are graded on its
    workers (grader.run.distributed), this process writes what a local run does.
    ``filename_regexp``: SUBMISSIONS is a flat LMS bulk download, each
    file's student read from its name (grader.intake.lms; ``--lms`` presets);
    canvas-grades.csv and moodle-grades.csv are written beside grades.csv.
    Raises GraderError (exit 2) for unusable input, or when the sandbox is
    wanted and cannot be built here.

    ``submissions`` may be an nbgrader course directory (grader.course.layout):
    its ``source/`` is the course (several notebooks per assignment), its
    ``submitted/STUDENT/ASSIGNMENT/`` the class (``timestamp.txt`` read as
    nbgrader does), and ``out`` defaults to the course directory itself, so
    that ``autograded/``, ``feedback/`` and ``gradebook.db`` are nbgrader's own.
    Its ``nbgrader_config.py`` applies over the grader's own, as for
    ``nbgrader autograde`` run there (grader.course.build.load_config): the
    late-submission plugin, and every limit the command line does not set
    (``c.LimitedExecute.timeout``, ``c.Sandbox.disk_limit``, ...; the
    traits' defaults where nothing sets them: grader.settings).

    The rows returned, grades.json, grades.csv, the LMS files and the report
    are read back from the class gradebook (grader.run.gradebook.derive_rows), so
    manual grades, extra credit and late penalties entered or stored there
    count, as in ``nbgrader export``; feedback pages whose gradebook entries
    changed are made again (grader.run.gradebook.refresh_feedback).
    """
    stream = stream or sys.stdout
    course = course_folder(submissions)
    inside = _inside_course(submissions) if course is None else None
    if inside is not None:  # graded as a plain class, it would lose the course's due dates, gradebook and roster
        raise GraderError(f"{submissions} is inside the nbgrader course folder {inside}; pass {inside} itself "
                          "(its due dates, configuration and gradebook apply)")
    if course is not None:
        if solutions is not None:
            raise GraderError(f"{submissions} is an nbgrader course folder with its own source/; drop --solutions")
        if not (course / "submitted").is_dir():
            raise GraderError(f"{course} has no submitted/ folder; collect the submissions first "
                              "(nbgrader collect ASSIGNMENT, or nbgrader zip_collect)")
        solutions = course / "source"
        out = course if out is None else out
        note = _other_gradebook_note(course, out)
        if note:
            print(note, file=stream)
    out = Path("grades") if out is None else out
    workers = workers or available_cpus()  # the container's CPU quota, not the host's cores
    if not submissions.exists():
        raise GraderError(f"{submissions} does not exist; pass a folder of student folders or a .zip of one")
    if submissions.is_file() and not zipfile.is_zipfile(submissions):
        raise GraderError(f"{submissions} is neither a folder nor a .zip; pass a folder of student folders "
                          "or a .zip of one")
    if out.exists() and not out.is_dir():
        raise GraderError(f"--out {out} is a file; pass a folder to write the grades into")
    if filename_regexp is not None:
        from grader.intake.lms import compile_regexp

        compile_regexp(filename_regexp)
    prep = prepare(solutions)
    given = flag_config(config, timeout, notebook_timeout, memory, network, sandbox)
    cfg = run_config(prep, given, workers)
    if not scheduler and execution(cfg).sandbox:  # on a cluster, each Dask worker checks its own
        require_sandbox()
    # what the workers get: the command line's Config, with the sandbox and threads decided here; each
    # worker loads the course's configuration itself (grader.autograde.notebook.combined)
    given.LimitedExecute.sandbox = execution(cfg).sandbox
    if "threads" in cfg.LimitedExecute:
        given.LimitedExecute.threads = cfg.LimitedExecute.threads
    out.mkdir(parents=True, exist_ok=True)
    lock = RunLock(out)
    took_over = lock.acquire()  # another run on this --out: one line naming it, exit 2
    try:
        return _grade_locked(prep, submissions, out, workers, cfg, given, force,
                             feedback, progress, stream, shard, scheduler, took_over, course,
                             filename_regexp)
    finally:
        lock.release()


def _inside_course(path: Path) -> Path | None:
    """The nbgrader course folder whose ``submitted/`` holds ``path`` (``submitted/`` itself, a student's
    folder or an assignment's), else None."""
    path = Path(path).resolve()
    for up in list(path.parents)[:3]:
        if path.is_relative_to(up / "submitted") and course_folder(up) is not None:
            return up
    return None


def _other_gradebook_note(course: Path, out: Path) -> str | None:
    """The line ``grade`` prints when an nbgrader course folder is graded into another ``--out``
    (None when ``out`` is the course folder): that output's gradebook is not the course's, so the hand
    grades, comments and students entered in the course's are not in its grades."""
    if Path(out).resolve() == Path(course).resolve():
        return None
    return (f"note: grading the course folder {course} into {out}: {Path(out) / 'gradebook.db'} is a gradebook "
            f"of its own, without the hand grades, comments and students of {Path(course) / 'gradebook.db'} "
            "(formgrader's and nbgrader export's); leave out --out to grade into the course")


def _one_students_folder(found: dict, stems: list[str]) -> bool:
    """True when every "student" folder found is named as a notebook or assignment of the course
    (``stems``, grader.course.layout keys): SUBMISSIONS is one student's folder, not the class's."""
    names = {name for key in stems for name in split(key)}
    return bool(found) and all(student in names for student in found)


def _grade_locked(prep, submissions, out, workers, config, given, force,
                  feedback, progress, stream, shard, scheduler, took_over, course,
                  filename_regexp=None) -> tuple[int, dict]:
    """:func:`grade` once it holds the lock of ``out`` (grader.run.lock), under ``config`` (:func:`run_config`);
    the workers get ``given``, the command line's part of it."""
    limits = limits_record(config)
    sandbox = limits["sandbox"]
    if took_over:
        print(took_over, file=stream)
    state_path = out / STATE
    state = {}
    if state_path.exists() and not force:
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except ValueError:
            state = {}
    if state and state.get("course") != prep.root.name:
        raise GraderError(f"{out} holds grades made against other solutions; pass --force to grade "
                          "everything again, or another --out")
    if state and state.get("shard") != (list(shard) if shard else None):
        was = "/".join(map(str, state["shard"])) if state.get("shard") else "the whole class"
        raise GraderError(f"{out} holds grades of {was}; pass another --out for each shard")
    previous: dict = {}
    if state and (out / "grades.json").exists():
        previous = json.loads((out / "grades.json").read_text(encoding="utf-8")).get("students", {})
    shas: dict = state.get("items", {}) if state else {}
    details = classreport.load_details(out) if previous else {}
    started = classreport.now()

    scratch = Path(tempfile.mkdtemp(prefix="cnn-grade-"))
    try:
        roster, unmatched = None, []
        # what reading the class found: notes for the rows (grader.intake.submissions); the course's notebook names
        intake = Intake(scratch=scratch, names=course_notebooks_config(prep.load_config()),
                        limits=settings.Intake(config=config))
        if course is not None:  # nbgrader's layout: submitted/STUDENT/ASSIGNMENT/NB.ipynb
            root, skipped = course / "submitted", []
        else:
            root, skipped = class_root(submissions, scratch, intake)
            if filename_regexp is not None:  # a flat LMS download: sort it into student folders first
                root, roster, unmatched = _collect_lms(root, submissions, filename_regexp, scratch, intake)
        found, loose = students(root, skip=(out,), intake=intake)
        if not found:
            raise GraderError(f"{submissions} holds no student folders; it should hold one folder per student")
        if _one_students_folder(found, prep.stems):  # its assignment folders would be graded as students
            raise GraderError(f"{submissions} holds folders named as the course's notebooks "
                              f"({', '.join(sorted(found))}), not student folders: it looks like one student's "
                              "folder; pass the folder that holds one folder per student")
        if shard:
            from grader.run.shard import in_shard

            found = {s: f for s, f in found.items() if in_shard(s, shard)}
        # a course folder's own gradebook keeps its sources as the instructor wrote them
        writer = GradebookWriter(prep, out / "gradebook.db", redacted=course is None or out.resolve() != course.resolve())
        if writer.note:
            print(writer.note, file=stream)
        before = _submitted_before(out)
        removed = sorted(s for s in found if s in before and s not in writer.enrolled)
        if not writer.fresh and removed:  # removed from the gradebook (nbgrader db student remove): not graded again
            found = {s: f for s, f in found.items() if s not in removed}
            for student in removed:
                previous.pop(student, None)
                shas[student] = before[student]  # kept, so that a later run knows them as removed too
        else:
            removed = []
        for student in found:  # every student of the class is one of the gradebook's, as for nbgrader export
            writer.enrol(student)
        ids = {s: i.cell_ids for s, i in prep.infos.items()}
        released = {s: released_code(prep.release(s)) for s in prep.stems}
        rows: dict[str, dict[str, dict]] = {s: dict(r) for s, r in previous.items()}
        todo = []
        stamps: dict = {}  # (student, key): nbgrader's timestamp.txt
        folders: dict = {}  # (student, key): the folder the notebook was handed in with
        new_shas: dict = {}
        kept = 0
        kept_items: set = set()
        # nbgrader's STUDENT/ASSIGNMENT/NB.ipynb for a course folder, and for any course whose assignments
        # hold several notebooks (the exchange's inbound/ of such a course, say)
        nested = course is not None or any("/" in k for k in prep.stems)
        for student, folder in found.items():
            have = (match_course(folder, prep.stems, intake) if nested
                    else match(folder, prep.stems, ids, released, intake))
            rows.setdefault(student, {})
            for stem in prep.stems:
                path, note = have.get(stem, (None, ""))
                if path is None:  # nothing to grade: missing, or a .py/.html handed in instead (invalid)
                    names = [split(k)[1] for k in prep.stems] if nested else prep.stems
                    status, message = absent(folder, split(stem)[1] if nested else stem, names, intake,
                                             f"{'/'.join(split(stem))}.ipynb" if nested else None)
                sha = _sha(path) if path is not None else f"{status}:{hashlib.sha256(message.encode()).hexdigest()[:16]}"
                old = previous.get(student, {}).get(stem)
                if old is not None and not force and shas.get(student, {}).get(stem, "?") == sha:
                    kept += 1
                    kept_items.add((student, stem))
                    continue
                details.get(student, {}).pop(stem, None)
                if path is None:
                    shas.setdefault(student, {})[stem] = sha
                    rows[student][stem] = empty_row(prep.infos[stem], status, message)
                else:  # its sha is recorded when its row arrives: a stopped run regrades what it had not
                    new_shas[(student, stem)] = sha
                    stamps[(student, stem)], when_note = read_timestamp(path)
                    note = join_notes(note, when_note)
                    folders[(student, stem)] = path.parent
                    todo.append(((student, stem), stem, student, str(path), note))
        todo.sort(key=lambda t: (t[1], t[2]))  # by notebook: the next prestarted kernel fits
        cfg = config  # the course folder's nbgrader_config.py over the grader's, the command line over both
        made = state.get("feedback", {}) if state else {}  # {student: {key: fingerprint}} of the feedback pages
        timings = state.get("timings", {}) if state else {}
        repairs: list[str] = list(prep.notes)
        bar = _Progress(len(todo), progress)

        def on_row(key, row):
            student, stem = key
            private = {k: row.pop(k) for k in list(row) if k.startswith("_")}
            timings.setdefault(student, {})[stem] = {k[1:]: round(v, 3) for k, v in private.items()
                                                      if isinstance(v, float)}
            details.setdefault(student, {})[stem] = classreport.row_details(private)
            repairs.extend(private.get("_restored", []))
            rows[student][stem] = row
            shas.setdefault(student, {})[stem] = new_shas.get(key)
            writer.write(student, stem, row, timestamp=stamps.get(key), flags=private.get("_flags"))
            made.get(student, {}).pop(stem, None)  # the worker made this page
            if row["status"] != "missing":
                writer.late_penalty(cfg, student, stem)
            if course is not None and key in folders:
                copy_sidecars(folders[key], out, student, stem)
            bar.update(row["status"])

        for student in found:  # missing notebooks: no gradebook entry, drop an old one
            for stem, row in rows[student].items():
                old = previous.get(student, {}).get(stem, {}).get("status")
                fresh = (student, stem) not in new_shas and (student, stem) not in kept_items
                if fresh and (row["status"] == "invalid" or (row["status"] == "missing"
                                                              and old not in (None, "missing"))):
                    writer.write(student, stem, row)  # a .py handed in instead: flagged, as an invalid notebook
        t0 = time.monotonic()
        memory_by = None if scheduler else cgroups.method()  # a Dask cluster's workers decide for themselves

        final: dict = {}

        def save() -> None:  # after writer.close(): everything below is read back from the gradebook
            final.clear()
            final.update(derive_rows(out / "gradebook.db", prep, rows))
            report.write_json(out / "grades.json", final, prep.stems, sandbox=sandbox, memory_limit=memory_by)
            report.write_csv(out / "grades.csv", final, prep.infos)
            classreport.save_details(out, details)
            last = {"graded": len(todo), "kept": kept, "seconds": round(time.monotonic() - t0, 2),
                    "workers": workers, "sandbox": sandbox, "memory_limit": memory_by, "started": started, "finished": classreport.now(),
                    "feedback": feedback, "limits": limits, "repairs": repairs,
                    **({"scheduler": scheduler} if scheduler else {})}
            state = {"course": prep.root.name, "shard": list(shard) if shard else None, "items": shas,
                     "timings": timings, "feedback": made, "last_run": last}
            state_path.write_text(json.dumps(state, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

        try:
            if todo and scheduler:
                from grader.run.distributed import run as run_on_dask

                workers = run_on_dask(scheduler, prep, todo, given, feedback, out, on_row)
            elif todo:
                Pool(prep, workers, scratch, out, given, feedback).run(todo, on_row)
        except (GraderError, KeyboardInterrupt):  # keep every row that arrived; a re-run grades the rest
            bar.close()
            writer.close()
            for have in rows.values():  # notebooks whose rows had not arrived yet
                for stem in prep.stems:
                    have.setdefault(stem, empty_row(prep.infos[stem], "missing", "not graded yet: the run stopped"))
            save()
            raise
        bar.close()
        elapsed = time.monotonic() - t0
        writer.close()
        remade = refresh_feedback(out, out / "gradebook.db", cfg, made) if feedback else []
        save()
        rows = final
        lms_files = []
        if roster is not None:
            from grader.intake.lms import write_csvs

            lms_files = write_csvs(out, rows, prep.stems, roster)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(report.table(rows, prep.infos), file=stream)
    extra = []
    if kept:
        extra.append(f"kept {kept} earlier results (--force grades them again)")
    if loose:
        extra.append(f"ignored {len(loose)} notebook(s) outside student folders: {', '.join(loose[:3])}")
    if unmatched:
        extra.append(f"ignored {len(unmatched)} notebook(s) whose name --filename-regexp did not match: "
                     f"{', '.join(unmatched[:3])}")
    if removed:
        extra.append(f"left out {len(removed)} student(s) removed from the gradebook: {', '.join(removed[:3])} "
                     "(`nbgrader db student add ID` brings one back)")
    if remade:
        extra.append(f"made {len(remade)} feedback page(s) again from the gradebook (manual grades, late "
                     f"penalties): {', '.join(remade[:3])}")
    if lms_files:
        extra.append(f"wrote {', '.join(str(p) for p in lms_files)} to import into the LMS")
    if skipped:
        extra.append(f"skipped {len(skipped)} unsafe or unreadable zip member(s): {', '.join(skipped[:3])}")
    if not scheduler:
        extra.append(f"kernels' memory limited by {cgroups.method()}")
    if not sandbox:
        extra.append("graded WITHOUT the sandbox (--no-sandbox): learner code could read and change "
                     "whatever this user can; recorded in grades.json")
    if repairs:
        extra.append(f"the course state was repaired {len(repairs)} time(s): " + "; ".join(repairs[:3]))
    extra.extend(intake.summary)
    for line in extra:
        print(line, file=stream)
    try:  # the grades are written: a report that fails must not fail the run
        page = classreport.write_report(out, prep=prep)[0]
    except Exception as exc:  # noqa: BLE001
        page = f"no report ({type(exc).__name__}: {exc}; `python -m grader report {out}` tries again)"
    print(f"graded {len(todo)} notebook(s) of {len(found)} student(s) in {elapsed:.1f} s with {workers} "
          f"worker(s); wrote {out / 'grades.csv'}, {out / 'grades.json'}, {out / 'feedback'}, {page}", file=stream)
    bad = any(r["status"] in ("invalid", "timeout", "crashed", "flagged") for rs in rows.values() for r in rs.values())
    return (1 if bad else 0), rows


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


class _Progress:
    """tqdm on a terminal; a line every 10% otherwise."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.counts = total, 0, {}
        self.bar = None
        self.enabled = enabled and total > 0
        self.next_line = 0.1
        if self.enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="nb", desc="grading", file=sys.stderr, dynamic_ncols=True)

    def update(self, status: str) -> None:
        self.done += 1
        self.counts[status] = self.counts.get(status, 0) + 1
        post = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        if self.bar is not None:
            self.bar.set_postfix_str(post, refresh=False)
            self.bar.update(1)
        elif self.enabled and self.done / self.total >= self.next_line - 1e-9:
            print(f"grading: {self.done}/{self.total} notebooks ({post})", file=sys.stderr, flush=True)
            while self.next_line <= self.done / self.total:
                self.next_line += 0.1

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
