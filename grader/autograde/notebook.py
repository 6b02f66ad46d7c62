"""Grade one work item: one student's one notebook, with real nbgrader.

:class:`Autograder` lives in a worker process and owns that worker's copy of
the gradebook. For each submission it runs nbgrader's autograde steps as
nbgrader_config.py lists them (sanitise: RepairCells, ClearOutput,
DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata;
autograde: LimitedExecute, KeepHarmlessStderr, IgnorePattern, LimitOutput,
SaveAutoGrades, AssignLatePenalties, CheckCellMetadata), reads the scores
back from the gradebook, and writes nbgrader's autograded notebook and the
feedback HTML (generate_feedback's template, hidden tests removed).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import time
from pathlib import Path

from grader import gradebook, settings
from grader.autograde.cellkinds import describe, is_trusted
from grader.autograde.feedback import feedback_exporter_class
from grader.autograde.markup import with_csp
from grader.autograde.outputs import AllowListOutputs, sanitise
from grader.autograde.scrub import Scrubber
from grader.autograde.secretlines import course_secret_lines
from grader.autograde.tracebacks import failures, hide_hidden_tests
from grader.autograde.validate import Invalid, read_notebook
from grader.cells import cell_source, nbgrader_meta
from grader.course.build import (
    NotebookInfo,
    Prepared,
    sha256_file,
)
from grader.course.layout import (
    autograded_file,
    course_file,
    feedback_file,
    split,
)
from grader.course.timestamps import submission_timestamp
from grader.integrity.borrowed import borrowed
from grader.integrity.references import reference_answers
from grader.integrity.scan import aliases, scan


def combined(prep: Prepared, overrides=None):
    """The configuration a notebook of ``prep`` is graded under: the grader's nbgrader_config.py, the course
    folder's over it (``prep.load_config()``), ``overrides`` (a traitlets Config: the command line's) over both.

    The grading workers get ``overrides`` alone and combine them here, with the course configuration
    they load themselves: a course folder's nbgrader_config.py may hold what does not pickle (a late
    plugin class defined in it, as nbgrader's docs show), the command line's values always do."""
    cfg = prep.load_config()
    if overrides:
        cfg.merge(copy.deepcopy(overrides))
    return cfg


def execution(config):
    """:class:`grader.autograde.preprocessors.LimitedExecute` under ``config`` (a traitlets Config): its traits
    (``timeout``, ``notebook_timeout``, ``memory_limit``, ``sandbox``, ...) are the values a graded
    notebook runs under, read as ``nbgrader autograde`` reads them (``c.Execute.*`` included)."""
    from grader.autograde.preprocessors.limitedexecute import LimitedExecute

    return LimitedExecute(config=config)


def limits_record(config) -> dict:
    """The limits a run graded under, for .grader-state.json and the class report: ``{"timeout": s,
    "notebook_timeout": s, "memory": bytes, "no_network", "guard", "threads", "sandbox", "disk_limit": bytes,
    "max_processes"}``, as ``config`` sets them (the traits' defaults where it does not)."""
    le, box = execution(config), settings.Sandbox(config=config)
    return {"timeout": le.timeout, "notebook_timeout": le.notebook_timeout, "memory": le.memory_limit,
            "no_network": le.no_network, "guard": le.guard, "threads": le.threads, "sandbox": le.sandbox,
            "disk_limit": box.disk_limit, "max_processes": box.max_processes}


def empty_row(info: NotebookInfo, status: str, message: str) -> dict:
    """The grades.json row of a notebook that was not graded: 0 for it and every test."""
    return {"score": 0.0, "max_score": info.max_score, "status": status, "message": message,
            "tests": {gid: {"score": 0.0, "max_score": pts} for gid, pts in info.tests.items()}}


class Autograder:
    """Grades items one after another against one gradebook file."""

    def __init__(self, prep: Prepared, db_path: Path, out: Path | None, config=None,
                 feedback: bool = True):
        """``config``: the command line's traitlets Config, over the course's (:func:`combined`)."""
        self.prep = prep
        self.db_path = Path(db_path)
        self.db_url = f"sqlite:///{db_path}"
        self.out = out
        self.feedback = feedback
        self.cfg = combined(prep, config)
        self.max_bytes = settings.Intake(config=self.cfg).max_notebook_bytes
        shown = AllowListOutputs(config=self.cfg)  # the written copy keeps what nbgrader's last step would
        self.output_limits = (shown.output_limit, shown.notebook_output_limit)
        self._exporter = None
        # the worker's own copies of the release, restored like its gradebook copy
        self._release_bytes = {stem: prep.release(stem).read_bytes() for stem in prep.stems}
        self._release = {stem: json.loads(raw.decode("utf-8")) for stem, raw in self._release_bytes.items()}
        self.private = self.db_path.parent / f"release-{self.db_path.stem}"
        # one scrubber for the whole course: 01's feedback must not carry 02's solutions either
        scrubber = Scrubber(course_secret_lines(
            (json.loads(prep.source(stem).read_text(encoding="utf-8")), self._release[stem]) for stem in prep.stems))
        self._scrubbers = dict.fromkeys(prep.stems, scrubber)
        self._last = ""  # the item graded before, for the message when the state was found changed
        self.restored: list[str] = []  # what verify() had to put back, said in the summary
        self.network_kept = False  # a kernel kept the network although asked to run without it
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        gradebook.quiet_warnings()
        gradebook.SCRATCH_URLS.add(self.db_url)  # a worker's own copy (grader.run.pool, grader.run.distributed)
        gradebook.reuse_engines()

    # -- preprocessors --------------------------------------------------------
    def _chain(self, names: list, info: NotebookInfo):
        from traitlets.config import Config
        from traitlets.utils.importstring import import_item

        # the run's configuration (limits included), and this notebook's modules for the guard
        cfg = copy.deepcopy(self.cfg)  # Config(cfg) would share, and change, its sections
        cfg.merge(Config({"LimitedExecute": {"protect": list(info.protect)}}))
        return [(import_item(n) if isinstance(n, str) else n)(config=cfg) for n in names]

    # -- a verified course state before and after every item -----------------------
    def release_path(self, stem: str) -> Path:
        return self.private / f"{stem}.ipynb"

    def verify(self) -> list[str]:
        """Check the worker's gradebook copy and release copies; restore what changed.

        The gradebook copy must hold the course rows of the verified course
        (:func:`grader.gradebook.digest`, a few milliseconds), each
        release copy its sha256. Whatever differs (or is missing, or is not a
        regular file) is written again from the bytes kept in memory since the
        course was verified. Returns one line per repair, e.g.
        ``"gradebook copy (changed)"``; empty when all was in order.
        """
        fixed = []
        try:
            ok = self.db_path.exists() and gradebook.digest(self.db_path) == self.prep.digests["gradebook.db#course"]
        except ValueError:
            ok = False
        if not ok:
            fixed.append("gradebook copy" + (" (missing)" if not self.db_path.exists() else " (changed)"))
            gradebook.forget_engine(self.db_url)
            _replace(self.db_path, self.prep.pristine)
        self.private.mkdir(parents=True, exist_ok=True)
        for stem, raw in self._release_bytes.items():
            path = self.release_path(stem)
            try:
                digest = self.prep.digests[course_file(Path("."), "release", stem).as_posix()]
                same = not path.is_symlink() and sha256_file(path) == digest
            except OSError:
                same = False
            if not same:
                if path.exists() or path.is_symlink():
                    fixed.append(f"release copy of {stem}")
                path.parent.mkdir(parents=True, exist_ok=True)  # ASSIGNMENT/NB keys: a folder per assignment
                _replace(path, raw)
        return fixed

    def grade(self, stem: str, student: str, path: Path | None, note: str = "") -> dict:
        """The grades.json row for one notebook of one student (also in the gradebook).

        The course state is verified first (:meth:`verify`); a state changed
        since the last item is restored, and the row's ``_restored`` says so.
        It is verified again after a graded item: a notebook whose run changed
        it is ``flagged`` for review with 0.
        """
        info = self.prep.infos[stem]
        t0, c0 = time.monotonic(), time.process_time()
        before = self.verify()
        if before:
            self.restored.append(f"before grading {student}/{stem} the worker's {', '.join(before)} was restored "
                                 f"(last item: {self._last or 'none, a new worker'})")
        if path is None:
            return empty_row(info, "missing", f"no {stem}.ipynb in the submission")
        fixes: list[str] = []
        try:
            nb = read_notebook(path, fixes, self.max_bytes)
        except Invalid as exc:
            return empty_row(info, "invalid", "; ".join([note, str(exc)]) if note else str(exc))
        self._last = f"{student}/{stem}"
        self._timestamp = submission_timestamp(path)
        row = self._grade(info, stem, student, nb, "; ".join([n for n in [note, *fixes] if n]))
        if row["status"] == "crashed" and row["message"].startswith("the kernel did not start"):
            # a start that failed before any learner code ran says nothing about the notebook (a busy host,
            # a zygote that died): one more try, from the file, before the row says crashed
            self.verify()
            first = row["message"].split(";")[0]
            nb = read_notebook(path, [], self.max_bytes)
            again = [n for n in [note, *fixes, f"graded again: at first {first}"] if n]
            row = self._grade(info, stem, student, nb, "; ".join(again))
        after = self.verify()
        if after:
            self.restored.append(f"grading {student}/{stem} changed the worker's {', '.join(after)}; restored")
            row["status"] = "flagged"
            row["message"] = f"flagged for review, scored 0: its code changed the grader's {after[0]}"
            row["score"] = 0.0
            for test in row["tests"].values():
                test["score"] = 0.0
            row.setdefault("_flags", []).append(row["message"])
        if self.restored:
            row["_restored"] = list(self.restored)
            self.restored.clear()
        row["_seconds"] = time.monotonic() - t0
        row["_worker_cpu"] = time.process_time() - c0  # this process (nbgrader, the judge, feedback), not the kernel
        return row

    def _grade(self, info, stem, student, nb, note) -> dict:
        from nbgrader.nbgraderformat import ValidationError

        from grader.intake.repair import Refused

        resources = self._new_submission(stem, student)
        try:
            nb, resources = self._run_steps(self.cfg.Autograde.sanitize_preprocessors, info, nb, resources)
        except Refused as exc:
            return empty_row(info, "invalid", str(exc))
        except (ValidationError, RuntimeError, KeyError, ValueError, TypeError) as exc:
            return empty_row(info, "invalid", f"its nbgrader cell metadata is damaged ({type(exc).__name__}); "
                             "start again from the released notebook")
        static_tamper, review = self._scan(stem, nb)
        nb, resources = self._run_steps(self.cfg.Autograde.autograde_preprocessors, info, nb, resources)
        row = self._row(stem, student, info, nb, resources["grader"], note, static_tamper, review)
        if self.out is not None:
            try:  # the grade is in the gradebook: feedback that cannot be made must not change it
                self._write(stem, student, nb, resources, info)
            except Exception as exc:  # noqa: BLE001 - nbconvert and its templates raise many kinds
                why = " ".join(self._scrubbers[stem].text(f"{type(exc).__name__}: {exc}").split())[:160]
                row["message"] = "; ".join(m for m in (row["message"], f"the feedback could not be made ({why}); "
                                                       "the grade stands") if m)
        return row

    def _new_submission(self, stem: str, student: str) -> dict:
        """The submission in the gradebook (any earlier one of the student's removed); nbgrader's resources."""
        assignment, notebook = split(stem)
        resources = {
            "nbgrader": {"student": student, "assignment": assignment, "notebook": notebook, "db_url": self.db_url},
            "metadata": {"path": ""},
            # outputs_later: the allow-list runs once, with the scrubber, on what is written (presented)
            "grader": {"release_path": str(self.release_path(stem)), "notes": [], "outputs_later": True},
        }
        with gradebook.open_gradebook(self.db_url) as gb:
            gb.update_or_create_student(student)
            try:
                gb.remove_submission(assignment, student)
            except Exception:  # noqa: BLE001 - none yet
                pass
            gb.add_submission(assignment, student, timestamp=getattr(self, "_timestamp", None))
        return resources

    def _run_steps(self, names: list, info: NotebookInfo, nb, resources):
        """Run nbgrader's preprocessors ``names`` (dotted paths or classes) over ``nb``, in order."""
        for pp in self._chain(names, info):
            nb, resources = pp(nb, resources)
        return nb, resources

    def _scan(self, stem: str, nb) -> tuple[list[str], list[str]]:
        """(tampering, notes for review) the static scan finds in the learner's cells (grader.integrity.scan)."""
        learner = [(describe(c, i), cell_source(c))
                   for i, c in enumerate(nb.cells) if c.cell_type == "code" and not is_trusted(c)]
        names = aliases([cell_source(c) for c in nb.cells if c.cell_type == "code"])
        if getattr(self, "_families", None) is None:  # the course's protected packages, once
            from grader.course.build import protected_families

            self._families = protected_families(self.cfg)
        static_tamper, review = scan(learner, names, self._families)
        # the course's own unlocked cells (a demo that draws with images.filter_image) are no answer
        released = {cell_source(c).strip() for c in self._release[stem]["cells"]}
        copied, dynamic = borrowed([(label, src) for label, src in learner if src.strip() not in released],
                                   names, reference_answers(stem, self.cfg))
        return static_tamper + copied, review + dynamic

    def _row(self, stem, student, info, nb, state: dict, note: str, static_tamper: list[str],
             review: list[str]) -> dict:
        """The grades.json row of a graded notebook: scores read back from the gradebook, the status and
        message from what the run found (``state``: resources["grader"], LimitedExecute's record)."""
        self.network_kept = self.network_kept or bool(state.get("network_kept"))
        tampered = static_tamper + [f"learner code changed {x}" for x in state.get("tampered", [])]
        tests, flagged, waiting = self._read_back(stem, student, info, bool(tampered))
        row = {"score": 0.0, "max_score": info.max_score, "status": "graded", "message": "", "tests": tests}
        row["score"] = round(sum(t["score"] for t in tests.values()), 6)
        notes = ([note] if note else []) + state.get("notes", []) + (
            [f"{waiting:g} point(s) wait for grading by hand (nbgrader's formgrader)"] if waiting else [])
        if tampered:
            row["status"] = "flagged"
            row["message"] = f"flagged for review, scored 0: {tampered[0]}" + (
                f" (+{len(tampered) - 1} more)" if len(tampered) > 1 else "")
        elif state.get("limit"):
            row["status"], row["message"] = state["limit"]
            row["message"] += ("; graded as far as it got (a test with a hidden part scores only if that part ran: "
                               "hidden parts run after the notebook's last cell)")
        elif notes or review:
            row["message"] = "; ".join(notes + ([f"review: {review[0]}"] if review else []))
        row["_exec"] = state.get("exec_time", 0.0)
        row["_kernel"] = state.get("kernel_time", 0.0)
        row["_kernel_cpu"] = state.get("kernel_cpu", 0.0)
        row["_flags"] = tampered + [f"review: {r}" for r in review]
        scrubber = self._scrubbers[stem]
        if scrubber.found(row["message"]):  # names the guard reported come from the kernel
            row["message"] = scrubber.text(row["message"]).replace("\n", " ")
            row["_flags"] = [scrubber.text(f) for f in row["_flags"]]
        row["_errors"] = failures(nb, info, scrubber)
        row["_answers"] = {nbgrader_meta(c)["grade_id"]: cell_source(c) for c in nb.cells
                           if c.cell_type == "code" and nbgrader_meta(c).get("grade_id") in info.solutions}
        return row

    def _read_back(self, stem, student, info, tampered: bool):
        tests = {gid: {"score": 0.0, "max_score": pts} for gid, pts in info.tests.items()}
        with gradebook.open_gradebook(self.db_url) as gb:
            sub = gb.find_submission_notebook(split(stem)[1], split(stem)[0], student)
            # answers nbgrader leaves to a person (a written answer, a task): not graded yet, not failed
            manual = gradebook.by_hand(sub)
            waiting = 0.0 if tampered else sum(float(g.max_score or 0) for g in sub.grades
                                               if g.name in manual and g.name in tests and g.manual_score is None)
            for grade in sub.grades:
                if tampered:
                    grade.auto_score = 0.0
                    grade.needs_manual_grade = True
                if grade.name in tests:  # Grade.score is a column_property: loaded before auto_score changed
                    score = 0.0 if tampered else float(grade.score or 0.0)
                    tests[grade.name] = {"score": score, "max_score": float(grade.max_score)}
            if tampered:
                sub.flagged = True
            gb.db.commit()
        return tests, tampered, waiting

    # -- outputs ----------------------------------------------------------------
    def presented(self, stem, nb, info):
        """A copy of the graded ``nb`` that may be shown: test cells as released, outputs scrubbed.

        Both the autograded notebook and the feedback are made from it (see
        grader/autograde/scrub.py and :func:`hide_hidden_tests`).
        """
        shown = copy.deepcopy(nb)
        scrubber = self._scrubbers[stem]
        hide_hidden_tests(shown, info, self._release[stem], scrubber)
        sanitise(shown, scrubber, *self.output_limits)  # the outputs allow-list, then the scrubber (grader/autograde/outputs.py)
        return shown

    def _write(self, stem, student, nb, resources, info) -> None:
        import nbformat

        shown = self.presented(stem, nb, info)
        auto = autograded_file(self.out, student, stem)
        auto.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(shown, str(auto))
        if self.feedback:
            html = self.feedback_html(stem, student, shown, resources, info)
            dest = feedback_file(self.out, student, stem)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(html, encoding="utf-8")

    def _feedback_exporter(self):
        if self._exporter is None:
            from nbgrader.converters.generate_feedback import GenerateFeedback
            from traitlets.config import Config

            gf = GenerateFeedback(config=Config(self.cfg))
            self._exporter = feedback_exporter_class()(config=gf.config)
        return self._exporter

    def feedback_html(self, stem, student, shown, resources, info) -> str:
        """nbgrader's feedback page for ``shown`` (a notebook from :meth:`presented`)."""
        from nbgrader.preprocessors import GetGrades

        from grader.intake.repair import alias_attachments

        fb = copy.deepcopy(shown)
        alias_attachments(fb)  # attachment:my%20figure.png is stored as "my figure.png"
        res = {"nbgrader": dict(resources["nbgrader"]), "metadata": {"name": split(stem)[1]}}
        fb, res = GetGrades(config=self.cfg)(fb, res)
        html, _ = self._feedback_exporter().from_notebook_node(fb, resources=res)
        return with_csp(html)  # no script runs in the page (grader/autograde/markup.py)


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a new file (whatever ``path`` was: a link, a folder, nothing)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
