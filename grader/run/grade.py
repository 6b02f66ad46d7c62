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

import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traitlets.config import Config

from grader import settings
from grader.autograde.notebook import empty_row, execution, limits_record
from grader.course.build import Prepared, prepare
from grader.course.layout import copy_sidecars, course_folder, course_notebooks_config
from grader.errors import GraderError
from grader.intake.notes import Intake
from grader.outfolder import FEEDBACK, GRADEBOOK, GRADES_CSV, GRADES_JSON, STATE
from grader.reports import classreport
from grader.reports import grades as report
from grader.reports.details import load_details, save_details
from grader.reports.details import row_details as details_of
from grader.run.config import flag_config, require_sandbox, run_config
from grader.run.cpus import available_cpus
from grader.run.derived import derive_rows, refresh_feedback
from grader.run.gradebook import GradebookWriter
from grader.run.items import Graded
from grader.run.lock import RunLock
from grader.run.plan import (
    Plan,
    Submissions,
    check_submissions,
    inside_course,
    other_gradebook_note,
    plan_items,
    read_class,
)
from grader.run.pool import Pool
from grader.run.progress import Progress
from grader.run.state import read_state, submitted_before, write_state
from grader.sandbox import cgroups
from grader.status import NOT_GRADED_NORMALLY, Status


def grade(submissions: Path, out: Path | None = None, workers: int | None = None, timeout: int | None = None,
          notebook_timeout: int | None = None, memory: int | None = None, force: bool = False,
          network: bool | None = None, solutions: Path | None = None, feedback: bool = True,
          progress: bool = True, stream=None, sandbox: bool | None = None,
          shard: tuple[int, int] | None = None, scheduler: str | None = None,
          filename_regexp: str | None = None, config: Config | None = None) -> tuple[int, dict]:  # long: half
    # of it is the docstring of every option; the rest checks them in the order a user reads the errors
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
    ``nbgrader autograde`` run there (grader.course.config.load_config): the
    late-submission plugin, and every limit the command line does not set
    (``c.LimitedExecute.timeout``, ``c.Sandbox.disk_limit``, ...; the
    traits' defaults where nothing sets them: grader.settings).

    The rows returned, grades.json, grades.csv, the LMS files and the report
    are read back from the class gradebook (grader.run.derived.derive_rows), so
    manual grades, extra credit and late penalties entered or stored there
    count, as in ``nbgrader export``; feedback pages whose gradebook entries
    changed are made again (grader.run.derived.refresh_feedback).
    """
    stream = stream or sys.stdout
    course = course_folder(submissions)
    inside = inside_course(submissions) if course is None else None
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
        note = other_gradebook_note(course, out)
        if note:
            print(note, file=stream)
    out = Path("grades") if out is None else out
    workers = workers or available_cpus()  # the container's CPU quota, not the host's cores
    check_submissions(submissions)
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
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GraderError(f"cannot write --out {out}: {exc.strerror or exc}; pass a folder you can write to") from None
    lock = RunLock(out)
    took_over = lock.acquire()  # another run on this --out: one line naming it, exit 2
    try:
        return _grade_locked(RunOptions(prep, submissions, out, workers, cfg, given, force, feedback, progress,
                                        stream, shard, scheduler, took_over, course, filename_regexp))
    finally:
        lock.release()


@dataclass
class RunOptions:
    """What :func:`grade` settled before grading: the course ``prep``, the class ``submissions``, the
    output folder ``out`` (its lock held; ``took_over``: the line that says whose stale lock was taken
    over, or None), ``workers``, the run's ``config`` (:func:`run_config`) and the part the workers get
    (``given``), an nbgrader ``course`` folder or None, and the flags as :func:`grade` documents them."""

    prep: Prepared
    submissions: Path
    out: Path
    workers: int
    config: Config
    given: Config
    force: bool = False
    feedback: bool = True
    progress: bool = True
    stream: Any = None
    shard: tuple[int, int] | None = None
    scheduler: str | None = None
    took_over: str | None = None
    course: Path | None = None
    filename_regexp: str | None = None


def _earlier(run: RunOptions) -> tuple[dict, dict, dict]:
    """(state, rows, details) of the earlier run on ``run.out`` ({} each for none, or with --force);
    raises GraderError when they were made against other solutions or another shard."""
    state: dict = {}
    if (run.out / STATE).exists() and not run.force:
        try:
            state = read_state(run.out)
        except ValueError:
            state = {}
    if state and state.get("course") != run.prep.root.name:
        raise GraderError(f"{run.out} holds grades made against other solutions; pass --force to grade "
                          "everything again, or another --out")
    if state and state.get("shard") != (list(run.shard) if run.shard else None):
        was = "/".join(map(str, state["shard"])) if state.get("shard") else "the whole class"
        raise GraderError(f"{run.out} holds grades of {was}; pass another --out for each shard")
    previous: dict = {}
    if state and (run.out / GRADES_JSON).exists():
        previous = json.loads((run.out / GRADES_JSON).read_text(encoding="utf-8")).get("students", {})
    return state, previous, load_details(run.out) if previous else {}


def _enrol(writer: GradebookWriter, found: dict, previous: dict, shas: dict, out: Path) -> tuple[dict, list]:
    """(the students to grade, those left out): every student found becomes one of the gradebook's (as
    for nbgrader export), except those removed from it since the last run (``nbgrader db student
    remove``), who are not graded again and stay known as removed in ``shas``."""
    before = submitted_before(out)
    removed = sorted(s for s in found if s in before and s not in writer.enrolled)
    if not writer.fresh and removed:
        found = {s: f for s, f in found.items() if s not in removed}
        for student in removed:
            previous.pop(student, None)
            shas[student] = before[student]  # kept, so that a later run knows them as removed too
    else:
        removed = []
    for student in found:
        writer.enrol(student)
    return found, removed


class _Recorder:
    """The run's parent as rows arrive: the class gradebook, the state, the class report's details and
    the progress line; :meth:`save` writes grades.json, grades.csv and the state from the gradebook."""

    def __init__(self, run: RunOptions, writer: GradebookWriter, plan: Plan, state: dict, shas: dict,
                 details: dict, started: str, scratch: Path):
        self.run, self.writer, self.plan, self.shas, self.details = run, writer, plan, shas, details
        self.scratch = scratch  # the workers' gradebook copies
        self.made = state.get("feedback", {}) if state else {}  # {student: {key: fingerprint}} of the pages
        self.timings = state.get("timings", {}) if state else {}
        self.repairs: list[str] = list(run.prep.notes)
        self.bar = Progress(len(plan.todo), run.progress)
        self.limits = limits_record(run.config)
        self.started = started
        self.memory_by = None if run.scheduler else cgroups.method()  # a Dask cluster's workers decide
        self.workers = run.workers
        self.final: dict = {}
        self.t0 = time.monotonic()

    def on_row(self, key: tuple[str, str], graded: Graded) -> None:
        student, stem = key
        row = graded.row
        self.timings.setdefault(student, {})[stem] = {k: round(v, 3) for k, v in graded.timings.items()}
        self.details.setdefault(student, {})[stem] = details_of(graded)
        self.repairs.extend(graded.restored)
        self.plan.rows[student][stem] = row
        self.shas.setdefault(student, {})[stem] = self.plan.shas.get(key)
        self.writer.write(student, stem, row, timestamp=self.plan.stamps.get(key), flags=graded.flags)
        self.made.get(student, {}).pop(stem, None)  # the worker made this page
        if row["status"] != Status.MISSING:
            self.writer.late_penalty(self.run.config, student, stem)
        if self.run.course is not None and key in self.plan.folders:
            copy_sidecars(self.plan.folders[key], self.run.out, student, stem)
        self.bar.update(row["status"])

    def write_absent(self, found: dict, previous: dict) -> None:
        """Missing notebooks get no gradebook entry (an old one is dropped); a .py handed in instead is
        flagged, as an invalid notebook."""
        for student in found:
            for stem, row in self.plan.rows[student].items():
                old = previous.get(student, {}).get(stem, {}).get("status")
                fresh = (student, stem) not in self.plan.shas and (student, stem) not in self.plan.kept
                if fresh and (row["status"] == Status.INVALID or (row["status"] == Status.MISSING
                                                                  and old not in (None, Status.MISSING))):
                    self.writer.write(student, stem, row)

    def grade(self) -> float:
        """Grade the plan's items on the pool or the Dask cluster; return the seconds it took. A run that
        stops (GraderError, Ctrl-C) keeps every row that arrived, and a re-run grades the rest."""
        run, todo = self.run, self.plan.todo
        self.t0 = time.monotonic()
        try:
            if todo and run.scheduler:
                from grader.run.distributed import run as run_on_dask  # Dask: an optional extra

                self.workers = run_on_dask(run.scheduler, run.prep, todo, run.given, run.feedback, run.out,
                                           self.on_row)
            elif todo:
                Pool(run.prep, run.workers, self.scratch, run.out, run.given, run.feedback).run(todo, self.on_row)
        except (GraderError, KeyboardInterrupt):
            self.bar.close()
            self.writer.close()
            for have in self.plan.rows.values():  # notebooks whose rows had not arrived yet
                for stem in run.prep.stems:
                    have.setdefault(stem, empty_row(run.prep.infos[stem], Status.MISSING,
                                                    "not graded yet: the run stopped"))
            self.save()
            raise
        self.bar.close()
        elapsed = time.monotonic() - self.t0
        self.writer.close()
        return elapsed

    def save(self) -> None:
        """grades.json, grades.csv, the details and the state, after ``writer.close()``: everything is
        read back from the gradebook (grader.run.derived.derive_rows)."""
        run = self.run
        self.final.clear()
        self.final.update(derive_rows(run.out / GRADEBOOK, run.prep, self.plan.rows))
        sandbox = self.limits["sandbox"]
        report.write_json(run.out / GRADES_JSON, self.final, run.prep.stems, sandbox=sandbox,
                          memory_limit=self.memory_by)
        report.write_csv(run.out / GRADES_CSV, self.final, run.prep.infos)
        save_details(run.out, self.details)
        last = {"graded": len(self.plan.todo), "kept": len(self.plan.kept),
                "seconds": round(time.monotonic() - self.t0, 2), "workers": self.workers, "sandbox": sandbox,
                "memory_limit": self.memory_by, "started": self.started, "finished": classreport.now(),
                "feedback": run.feedback, "limits": self.limits, "repairs": self.repairs,
                **({"scheduler": run.scheduler} if run.scheduler else {})}
        write_state(run.out, {"course": run.prep.root.name, "shard": list(run.shard) if run.shard else None,
                              "items": self.shas, "timings": self.timings, "feedback": self.made, "last_run": last})


def _grade_locked(run: RunOptions) -> tuple[int, dict]:
    """:func:`grade` once it holds the lock of ``run.out`` (grader.run.lock), under ``run.config``
    (:func:`run_config`); the workers get ``run.given``, the command line's part of it."""
    stream = run.stream
    if run.took_over:
        print(run.took_over, file=stream)
    state, previous, details = _earlier(run)
    shas: dict = state.get("items", {}) if state else {}
    started = classreport.now()
    scratch = Path(tempfile.mkdtemp(prefix="grader-grade-"))
    try:
        # what reading the class found: notes for the rows (grader.intake.submissions); the course's notebook names
        intake = Intake(scratch=scratch, names=course_notebooks_config(run.prep.load_config()),
                        limits=settings.Intake(config=run.config))
        subs = read_class(run.submissions, run.course, run.out, run.prep.stems, scratch, intake,
                          run.filename_regexp, run.shard)
        # a course folder's own gradebook keeps its sources as the instructor wrote them
        writer = GradebookWriter(run.prep, run.out / GRADEBOOK,
                                 redacted=run.course is None or run.out.resolve() != run.course.resolve())
        if writer.note:
            print(writer.note, file=stream)
        found, removed = _enrol(writer, subs.found, previous, shas, run.out)
        # nbgrader's STUDENT/ASSIGNMENT/NB.ipynb for a course folder, and for any course whose assignments
        # hold several notebooks (the exchange's inbound/ of such a course, say)
        nested = run.course is not None or any("/" in k for k in run.prep.stems)
        plan = plan_items(run.prep, found, intake, previous, shas, details, run.force, nested)
        rec = _Recorder(run, writer, plan, state, shas, details, started, scratch)
        rec.write_absent(found, previous)
        elapsed = rec.grade()
        remade = refresh_feedback(run.out, run.out / GRADEBOOK, run.config, rec.made) if run.feedback else []
        rec.save()
        rows = rec.final
        lms_files = []
        if subs.roster is not None:
            from grader.intake.lms import write_csvs

            lms_files = write_csvs(run.out, rows, run.prep.stems, subs.roster)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(report.table(rows, run.prep.infos), file=stream)
    for line in _summary(run, subs, len(plan.kept), removed, remade, lms_files, rec) + intake.summary:
        print(line, file=stream)
    try:  # the grades are written: a report that fails must not fail the run
        page = classreport.write_report(run.out, prep=run.prep)[0]
    except Exception as exc:  # noqa: BLE001
        page = f"no report ({type(exc).__name__}: {exc}; `python -m grader report {run.out}` tries again)"
    print(f"graded {len(plan.todo)} notebook(s) of {len(found)} student(s) in {elapsed:.1f} s with {rec.workers} "
          f"worker(s); wrote {run.out / GRADES_CSV}, {run.out / GRADES_JSON}, {run.out / FEEDBACK}, {page}",
          file=stream)
    bad = any(r["status"] in NOT_GRADED_NORMALLY for rs in rows.values() for r in rs.values())
    return (1 if bad else 0), rows


def _summary(run: RunOptions, subs: Submissions, kept: int, removed: list, remade: list, lms_files: list,
             rec: _Recorder) -> list[str]:
    """The lines ``grade`` prints under the table: what it kept, ignored, left out, made again, wrote."""
    extra = []
    if kept:
        extra.append(f"kept {kept} earlier results (--force grades them again)")
    if subs.loose:
        extra.append(f"ignored {len(subs.loose)} notebook(s) outside student folders: {', '.join(subs.loose[:3])}")
    if subs.unmatched:
        extra.append(f"ignored {len(subs.unmatched)} notebook(s) whose name --filename-regexp did not match: "
                     f"{', '.join(subs.unmatched[:3])}")
    if removed:
        extra.append(f"left out {len(removed)} student(s) removed from the gradebook: {', '.join(removed[:3])} "
                     "(`nbgrader db student add ID` brings one back)")
    if remade:
        extra.append(f"made {len(remade)} feedback page(s) again from the gradebook (manual grades, late "
                     f"penalties): {', '.join(remade[:3])}")
    if lms_files:
        extra.append(f"wrote {', '.join(str(p) for p in lms_files)} to import into the LMS")
    if subs.skipped:
        extra.append(f"skipped {len(subs.skipped)} unsafe or unreadable zip member(s): {', '.join(subs.skipped[:3])}")
    if not run.scheduler:
        extra.append(f"kernels' memory limited by {cgroups.method()}")
    if not rec.limits["sandbox"]:
        extra.append("graded WITHOUT the sandbox (--no-sandbox): learner code could read and change "
                     "whatever this user can; recorded in grades.json")
    if rec.repairs:
        extra.append(f"the course state was repaired {len(rec.repairs)} time(s): " + "; ".join(rec.repairs[:3]))
    return extra
