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
import re
import time
from pathlib import Path

from grader import gradebook, settings
from grader.autograde.outputs import AllowListOutputs, MarkdownRenderer, sanitise, with_csp
from grader.autograde.scrub import MARKER, Scrubber, course_secret_lines
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
from grader.gradebook import SCRATCH_URLS, forget_engine, quiet_warnings, reuse_engines
from grader.integrity.borrowed import borrowed
from grader.integrity.references import reference_answers
from grader.integrity.scan import aliases, scan

ANSI = re.compile(r"\x1b\[[0-9;]*m")
IMG_NO_ALT = re.compile(r"<img(?![^>]*\balt=)")
# [^<>\n]: a try stops at the next "<" or line end, so a traceback of many unclosed "<ipython-input-" costs
# linear time (with [^>]* every try ran to the end of the text: 6.7 s for 136 kB, a learner's error can be 4 MB)
CELL_LINE = re.compile(r"(?:Cell In\s*\[(\d*)\]|<ipython-input-(\d+)-[^<>\n]*>),\s*line (\d+)")
# Python's and IPython's separators between chained tracebacks
CHAINED = re.compile(r"During handling of the above exception|The above exception was the direct cause")


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
    from grader.autograde.preprocessors import LimitedExecute

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
    return {"score": 0.0, "max_score": info.max_score, "status": status, "message": message,
            "tests": {gid: {"score": 0.0, "max_score": pts} for gid, pts in info.tests.items()}}


class Invalid(Exception):
    pass


def read_notebook(path: Path, notes: list[str] | None = None, max_bytes: int | None = None):
    """The submission as an nbformat v4 notebook, or Invalid with a one-line reason that says what to do.

    ``max_bytes``: the largest notebook read (``c.Intake.max_notebook_bytes``;
    None: that trait's default, grader.settings.Intake).

    Missing keys that nbformat can supply (a cell's ``metadata``, a code
    cell's ``outputs``) are added and ``notes`` gets a line saying so
    (grader.intake.repair); nbformat 3 notebooks are converted; what is still not
    valid is refused naming the cell and what is wrong.
    """
    import nbformat

    from grader.intake.repair import cell_problem, repair_cells, validation_message

    notes = notes if notes is not None else []
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Invalid(f"cannot read {path.name}: {exc.strerror}") from None
    if size == 0:
        raise Invalid(f"{path.name} is empty (0 bytes)")
    max_bytes = settings.Intake().max_notebook_bytes if max_bytes is None else max_bytes
    if size > max_bytes:
        raise Invalid(f"{path.name} is {size / 1024**2:.0f} MB, over the {max_bytes / 1024**2:g} MB a notebook may "
                      "have: clear its outputs (Edit > Clear Outputs of All Cells), save it and hand it in again")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(f"{path.name} is not a text file (not UTF-8); was a notebook saved?") from None
    if not text.strip():
        raise Invalid(f"{path.name} holds only whitespace")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise Invalid(f"{path.name} is not valid JSON (line {getattr(exc, 'lineno', '?')}): "
                      f"the file is damaged or not a notebook") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        raise Invalid(f"{path.name} is JSON but not a notebook (no list of cells)")
    if not isinstance(data.get("nbformat"), int):
        data["nbformat"] = 4 if "cells" in data else 3
        data.setdefault("nbformat_minor", 0 if data["nbformat"] == 3 else 5)
        notes.append("repaired the notebook's structure (no nbformat version; read as version "
                     f"{data['nbformat']})")
    notes.extend(repair_cells(data))
    problem = cell_problem(path.name, data) if data.get("nbformat") == 4 else None
    if problem:
        raise Invalid(problem)
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        raise Invalid(validation_message(path.name, data) or
                      f"{path.name} is not a readable notebook ({type(exc).__name__}: "
                      f"{str(exc).splitlines()[0][:120] if str(exc) else 'no detail'}); "
                      "open it in Jupyter and save it again") from None
    if data.get("nbformat", 4) < 4:
        notes.append(f"converted from nbformat {data['nbformat']} to 4")
    for cell in nb.cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise Invalid(f"{path.name} has a malformed cell; open and save it in Jupyter")
        if not isinstance(cell.get("source", ""), str):
            raise Invalid(f"{path.name} has a cell whose source is not text")
        cell.setdefault("metadata", {})
    return nb


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
        quiet_warnings()
        SCRATCH_URLS.add(self.db_url)  # a worker's own copy (grader.run.pool, grader.run.distributed)
        reuse_engines()

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
            forget_engine(self.db_url)
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

        from grader.autograde.preprocessors import is_trusted
        from grader.intake.repair import Refused

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
        try:
            for pp in self._chain(self.cfg.Autograde.sanitize_preprocessors, info):
                nb, resources = pp(nb, resources)
        except Refused as exc:
            return empty_row(info, "invalid", str(exc))
        except (ValidationError, RuntimeError, KeyError, ValueError, TypeError) as exc:
            return empty_row(info, "invalid", f"its nbgrader cell metadata is damaged ({type(exc).__name__}); "
                             "start again from the released notebook")
        learner = [(f"cell {i + 1}" + (f" ({nbgrader_meta(c)['grade_id']})" if nbgrader_meta(c).get("grade_id") else ""),
                    cell_source(c)) for i, c in enumerate(nb.cells) if c.cell_type == "code" and not is_trusted(c)]
        names = aliases([cell_source(c) for c in nb.cells if c.cell_type == "code"])
        if getattr(self, "_families", None) is None:  # the course's protected packages, once
            from grader.course.build import protected_families

            self._families = protected_families(self.cfg)
        static_tamper, review = scan(learner, names, self._families)
        # the course's own unlocked cells (a demo that draws with images.filter_image) are no answer
        released = {cell_source(c).strip() for c in self._release[stem]["cells"]}
        copied, dynamic = borrowed([(label, src) for label, src in learner if src.strip() not in released],
                                   names, reference_answers(stem, self.cfg))
        static_tamper, review = static_tamper + copied, review + dynamic
        for pp in self._chain(self.cfg.Autograde.autograde_preprocessors, info):
            nb, resources = pp(nb, resources)
        state = resources["grader"]
        self.network_kept = self.network_kept or bool(state.get("network_kept"))
        tampered = static_tamper + [f"learner code changed {x}" for x in state.get("tampered", [])]
        tests, flagged = self._read_back(stem, student, info, bool(tampered))
        row = {"score": 0.0, "max_score": info.max_score, "status": "graded", "message": "", "tests": tests}
        row["score"] = round(sum(t["score"] for t in tests.values()), 6)
        notes = ([note] if note else []) + state.get("notes", [])
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
        if self.out is not None:
            try:  # the grade is in the gradebook: feedback that cannot be made must not change it
                self._write(stem, student, nb, resources, info)
            except Exception as exc:  # noqa: BLE001 - nbconvert and its templates raise many kinds
                why = " ".join(scrubber.text(f"{type(exc).__name__}: {exc}").split())[:160]
                row["message"] = "; ".join(m for m in (row["message"], f"the feedback could not be made ({why}); "
                                                       "the grade stands") if m)
        return row

    def _read_back(self, stem, student, info, tampered: bool):
        tests = {gid: {"score": 0.0, "max_score": pts} for gid, pts in info.tests.items()}
        with gradebook.open_gradebook(self.db_url) as gb:
            sub = gb.find_submission_notebook(split(stem)[1], split(stem)[0], student)
            for grade in sub.grades:
                if tampered:
                    grade.auto_score = 0.0
                    grade.needs_manual_grade = True
                if grade.name in tests:
                    tests[grade.name] = {"score": float(grade.score or 0.0), "max_score": float(grade.max_score)}
            if tampered:
                sub.flagged = True
            gb.db.commit()
        return tests, tampered

    # -- outputs ----------------------------------------------------------------
    def presented(self, stem, nb, info):
        """A copy of the graded ``nb`` that may be shown: test cells as released, outputs scrubbed.

        Both the autograded notebook and the feedback are made from it (see
        grader/autograde/scrub.py and :func:`hide_hidden_tests`).
        """
        import copy

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
        import copy

        from nbgrader.preprocessors import GetGrades

        from grader.intake.repair import alias_attachments

        fb = copy.deepcopy(shown)
        alias_attachments(fb)  # attachment:my%20figure.png is stored as "my figure.png"
        res = {"nbgrader": dict(resources["nbgrader"]), "metadata": {"name": split(stem)[1]}}
        fb, res = GetGrades(config=self.cfg)(fb, res)
        html, _ = self._feedback_exporter().from_notebook_node(fb, resources=res)
        return with_csp(html)  # no script runs in the page (grader/autograde/outputs.py)


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a new file (whatever ``path`` was: a link, a folder, nothing)."""
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def feedback_exporter_class():
    """nbconvert's HTMLExporter without its final BeautifulSoup pass.

    That pass re-parses the whole page to add alt text to images and
    tabindex to lab-template cells; for the classic template nbgrader's
    feedback uses, a regular expression adds the alt text in a fraction of
    the time (it was half of the feedback's cost).
    """
    from nbconvert.exporters import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    try:
        from jinja2 import pass_context as contextfilter
    except ImportError:  # pragma: no cover
        from jinja2 import contextfilter

    class FeedbackHTMLExporter(HTMLExporter):
        # Most cells are the same for every student of a class: highlight and
        # render each distinct source once per worker.
        _highlighted: dict = {}
        _markdown = MarkdownRenderer()  # cached, cleaned of learner HTML, in bounded time (grader/autograde/outputs.py)

        @contextfilter
        def markdown2html(self, context, source):
            attachments = context.get("cell", {}).get("attachments", {})
            key = (source, json.dumps(attachments, sort_keys=True, default=str))
            return self._markdown(lambda text: super(FeedbackHTMLExporter, self).markdown2html(context, text),
                                  source, key)

        def _cached_highlight(self, plain):
            def highlight(source, language=None, metadata=None):
                # pygments reads only "magics_language" from the cell metadata
                key = (source, language, str((metadata or {}).get("magics_language")))
                if key not in self._highlighted:
                    if len(self._highlighted) > 20000:
                        self._highlighted.clear()
                    self._highlighted[key] = plain(source, language, metadata)
                return self._highlighted[key]
            return highlight

        def from_notebook_node(self, nb, resources=None, **kw):
            self._markdown.new_page()
            try:
                from nbconvert.filters.highlight import Highlight2HTML
                from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

                lang = nb.metadata.get("language_info", {})
                lexer = lang.get("pygments_lexer", lang.get("name", None))
                resources = self._init_resources(resources)
                self.register_filter("highlight_code", self._cached_highlight(self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))))
                self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources))
                html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            except (ImportError, AttributeError, TypeError):  # another nbconvert: its own way
                return super().from_notebook_node(nb, resources, **kw)
            html = IMG_NO_ALT.sub('<img alt="a figure from the notebook"', html)
            return html, resources

    return FeedbackHTMLExporter


def _error_head(out: dict, hidden: bool, scrubber: Scrubber | None) -> str:
    """"Ename: evalue" of an error output; for a hidden test, only what may be shown.

    A hidden test's own checks (the course's support package) say what failed without code;
    any message that holds hidden-test or solution text (a learner's
    exception carrying the test's source, say) is replaced by a sentence.
    """
    ename = str(out.get("ename", "Error"))
    evalue = str(out.get("evalue", "")).strip()
    if scrubber is not None and (scrubber.found(ename) or scrubber.found(evalue)):
        if hidden:
            return f"{MARKER} (the error's message held hidden test text)"
        ename, evalue = scrubber.text(ename), scrubber.text(evalue)
    return ename + (f": {evalue}" if evalue else "")


def own_lines(cell, text: str) -> list[int]:
    """Line numbers, outermost first, of the frames that ``cell`` itself ran in
    the traceback ``text`` (ANSI codes removed).

    A traceback holds frames from several cells (a test cell calling a learner's
    function defined in a solution cell), and a chained one (a check that
    catches the learner's exception and raises its own) starts with the
    learner's frames. The test cell's own frames are those whose ``Cell In[N]``
    is its execution count; without a count, those of the last chained part.
    """
    count = cell.get("execution_count")
    found = [(n or m, int(line)) for n, m, line in CELL_LINE.findall(text)]
    if count is not None:
        mine = [line for n, line in found if n == str(count)]
        if mine:
            return mine
    last = CHAINED.split(text)[-1]
    return [int(line) for _, _, line in CELL_LINE.findall(last)]


def _error_in_hidden(cell, out, first_hidden: int | None) -> bool:
    if first_hidden is None:
        return False
    lines = own_lines(cell, ANSI.sub("", "\n".join(out.get("traceback", []))))
    return bool(lines) and lines[0] >= first_hidden


def failures(nb, info: NotebookInfo, scrubber: Scrubber | None = None) -> dict[str, str]:
    """{test grade_id: why it failed: the error's name and whole message} for
    test cells with an error; "hidden test: " starts it where the failing
    statement is one of the cell's hidden lines."""
    found = {}
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if cell.cell_type != "code" or gid not in info.tests:
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                hidden = _error_in_hidden(cell, out, info.hidden_from.get(gid))
                found[gid] = ("hidden test: " if hidden else "") + _error_head(out, hidden, scrubber)
                break
    return found


def hide_hidden_tests(nb, info: NotebookInfo, release: dict, scrubber: Scrubber | None = None) -> None:
    """Test cells as released (no hidden tests); errors from hidden lines shown without code.

    An error in a test cell that has hidden tests keeps one line (no
    traceback: its frames would quote the hidden lines); from a hidden line
    it reads "A hidden test failed. Ename: message", the message only when
    it holds no hidden-test or solution text.
    """
    shown = {nbgrader_meta(c).get("grade_id"): cell_source(c) for c in release["cells"]}
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if cell.cell_type != "code" or gid not in info.tests:
            continue
        cell.source = shown.get(gid, "")
        first_hidden = info.hidden_from.get(gid)
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            hidden = _error_in_hidden(cell, out, first_hidden)
            head = _error_head(out, hidden, scrubber)
            if hidden:
                out["traceback"] = [f"A hidden test failed. {head}"]
            elif first_hidden is not None:
                out["traceback"] = [head]
