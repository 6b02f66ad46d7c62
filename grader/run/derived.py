"""What the grader writes is derived from the class gradebook, the one source of truth.

nbgrader's gradebook holds what formgrader changes after a run: manual
scores, extra credit, comments, and the late penalties nbgrader's
``AssignLatePenalties`` stored (grader.run.gradebook). grades.json and
grades.csv, the LMS files, the class report and the feedback pages are made
from it here, so that they agree with ``nbgrader export``
(nbgrader.plugins.export.CsvExportPlugin: a row per student of the gradebook
and assignment, ``score = max(0, raw - penalty)``, 0 for a student without a
submission):

- :func:`derive_rows` reads every student of the gradebook back into
  grades.json's rows: a test's score is nbgrader's ``Grade.score`` (the
  manual score over the automatic one, plus extra credit), a notebook's the
  sum less its late penalty; a student without a submission is ``missing``
  with 0, a student removed from the gradebook has no row;
- :func:`refresh_feedback` makes a feedback page again, from its
  autograded notebook and the class gradebook (nbgrader's ``GetGrades``, as
  ``nbgrader generate_feedback`` does), when what the gradebook says of it
  changed since the page was made.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from grader import gradebook
from grader.autograde.feedback import feedback_exporter_class
from grader.autograde.markup import with_csp
from grader.autograde.notebook import empty_row
from grader.course.layout import autograded_file, feedback_file, key_of, split
from grader.intake.repair import alias_attachments
from grader.status import Status

# the notes derive_rows adds to a row's message start with this; they are made again on every run
NOTE = "gradebook: "


def _strip(message: str) -> str:
    return "; ".join(p for p in (message or "").split("; ") if p and not p.startswith(NOTE))


def _by_hand(grade) -> str:
    """What formgrader changed on an nbgrader ``Grade``, as the row's note says it ("" for nothing): the
    manual score beside the automatic one it overrides (a resubmission's new automatic score does not
    replace an earlier hand grade, in nbgrader as here), and extra credit."""
    parts = []
    if grade.manual_score is not None:
        auto = "none" if grade.auto_score is None else f"{grade.auto_score:g}"
        parts.append(f"{grade.manual_score:g} over automatic {auto}")
    if grade.extra_credit:
        parts.append(f"extra credit {grade.extra_credit:g}")
    return ", ".join(parts)


def _late(seconds: float) -> str:
    seconds = int(round(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return (f"{days} d " if days else "") + f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def derive_rows(db: Path, prep, rows: dict[str, dict[str, dict]]) -> dict[str, dict[str, dict]]:
    """grades.json's rows ``{student: {key: row}}`` as the gradebook ``db`` holds them.

    ``rows``: what the grading runs found (status and message per notebook,
    grader.autograde.notebook's rows); ``prep``: the course (grader.course.build.Prepared).
    Every student of the gradebook gets a row per notebook of the course, no
    one else: a student removed from the gradebook is gone, one with no
    submission (``nbgrader db student add``, or nothing handed in) is
    ``missing`` with 0. A submitted notebook's test scores are nbgrader's
    ``Grade.score`` (manual score over the automatic one, plus extra
    credit); its score is their sum less its ``late_submission_penalty``,
    at least 0, as ``nbgrader export`` counts it. The message keeps the
    run's note and adds, starting with ``"gradebook: "``, which cells were
    graded by hand (the manual score over the automatic one, extra credit:
    ``"graded by hand: t1 (1 over automatic 0), t2 (extra credit 0.5)"``) and
    the late penalty.
    """
    derived: dict[str, dict[str, dict]] = {}
    with gradebook.open_gradebook(gradebook.url(db)) as gb:
        held: dict[tuple[str, str], tuple] = {}
        for nb in gradebook.submitted_notebooks(gb):
            sub = nb.assignment
            grades = [(g.cell.name, float(g.score or 0.0), _by_hand(g)) for g in nb.grades]
            raw = sum(score for _, score, _ in grades)  # nbgrader's SubmittedNotebook.score: the sum of Grade.score
            held[(sub.student_id, _key(sub.assignment.name, nb.notebook.name))] = (
                grades, raw, float(nb.late_submission_penalty or 0.0), sub.total_seconds_late)
        for student in sorted(s.id for s in gb.students):
            mine = rows.get(student, {})
            have: dict[str, dict] = {}
            for key in prep.stems:
                info = prep.infos[key]
                old = mine.get(key)
                row = dict(old) if old else empty_row(info, Status.MISSING, "nothing handed in")
                row["message"] = _strip(row.get("message", ""))
                tests = {gid: {"score": 0.0, "max_score": float(pts)} for gid, pts in info.tests.items()}
                if (student, key) not in held:
                    if row["status"] != Status.MISSING:  # its submission was removed from the gradebook
                        row = empty_row(info, Status.MISSING, f"{NOTE}no submission of {split(key)[0]} in the gradebook")
                    row.update(score=0.0, tests=tests)
                    have[key] = row
                    continue
                grades, raw, penalty, late = held[(student, key)]
                by_hand = []
                for name, score, hand in grades:
                    if name in tests:
                        tests[name]["score"] = score
                        if hand:
                            by_hand.append(f"{name} ({hand})")
                notes = []
                if by_hand:
                    notes.append(f"{NOTE}graded by hand: {', '.join(by_hand)}")
                if penalty:
                    notes.append(f"{NOTE}{_late(late)} late, late penalty {penalty:g} (raw score {raw:g})")
                row.update(score=round(max(0.0, raw - penalty), 6), max_score=info.max_score, tests=tests,
                           message="; ".join(m for m in [row["message"], *notes] if m))
                have[key] = row
            derived[student] = have
    return derived


def fingerprint(nb) -> str:
    """What a feedback page shows of the gradebook's ``nb`` (an nbgrader SubmittedNotebook), hashed:
    every grade's score, every instructor's comment, the late penalty."""
    facts = [sorted((g.name, g.score) for g in nb.grades),
             sorted((c.name, c.manual_comment) for c in nb.comments if c.manual_comment),
             nb.late_submission_penalty or 0.0]
    return hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest()[:16]


def _plain(nb) -> bool:
    """Whether the gradebook holds only what the grading worker saw: no manual grade, extra credit,
    instructor's comment or late penalty (the worker's feedback page is then right)."""
    return (not nb.late_submission_penalty and not any(c.manual_comment for c in nb.comments)
            and all(g.manual_score is None and not g.extra_credit for g in nb.grades))


def refresh_feedback(out: Path, db: Path, cfg, made: dict[str, dict[str, str]]) -> list[str]:
    """Make again the feedback pages under ``out`` whose gradebook entries changed; return their keys.

    ``made``: {student: {key: fingerprint}} of the pages as last made
    (:func:`fingerprint`; kept in .grader-state.json and updated here); a
    page the grading worker just made has none, and is made again only when
    the gradebook holds more than the worker saw (a manual grade kept over a
    regrade, a late penalty). A page is made as ``nbgrader generate_feedback``
    makes it: nbgrader's ``GetGrades`` against the class gradebook on the
    autograded notebook (hidden tests out, outputs scrubbed), nbgrader's
    feedback template, no script (grader.autograde.outputs.with_csp). A notebook
    without an autograded copy or a page keeps what it has.
    """
    import nbformat

    redone: list[str] = []
    exporter = None
    with gradebook.open_gradebook(gradebook.url(db)) as gb:
        todo = []
        for nb in gradebook.submitted_notebooks(gb, comments=True):
            student, key = nb.assignment.student_id, _key(nb.assignment.assignment.name, nb.notebook.name)
            page, auto = feedback_file(out, student, key), autograded_file(out, student, key)
            if not (page.is_file() and auto.is_file()):
                continue
            now = fingerprint(nb)
            before = made.get(student, {}).get(key)
            if (before is None and _plain(nb)) or before == now:
                made.setdefault(student, {})[key] = now
                continue
            todo.append((student, key, page, auto, now))
    for student, key, page, auto, now in todo:
        if exporter is None:
            from nbgrader.converters.generate_feedback import GenerateFeedback
            from nbgrader.preprocessors import GetGrades
            from traitlets.config import Config

            exporter = feedback_exporter_class()(config=GenerateFeedback(config=Config(cfg)).config)
            get_grades = GetGrades(config=cfg)
        assignment, notebook = split(key)
        nb = nbformat.read(str(auto), as_version=4)
        alias_attachments(nb)
        res = {"nbgrader": {"student": student, "assignment": assignment, "notebook": notebook, "db_url": gradebook.url(db)},
               "metadata": {"name": notebook}}
        nb, res = get_grades(nb, res)
        html, _ = exporter.from_notebook_node(nb, resources=res)
        page.write_text(with_csp(html), encoding="utf-8")
        made.setdefault(student, {})[key] = now
        redone.append(f"{student}/{key}")
    return redone


def _key(assignment: str, notebook: str) -> str:
    return key_of(assignment, notebook)
