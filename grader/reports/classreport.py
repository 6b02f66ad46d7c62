"""The instructor's class report: DIR/report.html and DIR/report.json.

``grade`` writes both at the end of a run; ``python -m grader report DIR``
rebuilds them from an output folder (grades.json, .grader-details.json,
.grader-state.json, feedback/). What is in it and the JSON's shape:
docs/grader/report.md.

This module gathers the numbers (:func:`collect`); grader/reports/html.py
draws the page; grader/integrity/similarity.py finds alike submissions. Per graded
notebook the grader keeps, beside grades.json, the one-line failure of each
failed test cell (with the cause the course's checks name after
``c.ClassReport.cause_marker``), the
integrity flags and the learner's solution cells, in
``DIR/.grader-details.json`` (grader.reports.details); hidden-test source is
never kept, only the error a hidden test raised, as the feedback shows it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import statistics
from pathlib import Path
from urllib.parse import quote

from traitlets import Unicode
from traitlets.config import Configurable

from grader.cells import cell_source, nbgrader_meta
from grader.course.build import (
    NotebookInfo,
    Prepared,
    prepare,
)
from grader.course.config import cache_root, load_config
from grader.course.layout import autograded_file, feedback_file, key_of
from grader.errors import GraderError
from grader.integrity.similarity import (
    COMMON_SHARE,
    MIN_SHARED,
    THRESHOLD,
    K,
    Similarity,
    alike_lines,
    find_pairs,
    use_aliases,
)
from grader.outfolder import FEEDBACK, GRADES_JSON, REPORT_ANONYMISED, report_stem
from grader.reports.details import MAX_ANSWER, MAX_TEXT, Names, Pseudonyms, load_details
from grader.run.state import read_state
from grader.status import NOT_GRADED_NORMALLY, RAN, Status

FORMAT = 1
STATUSES = (Status.GRADED, Status.MISSING, Status.INVALID, Status.TIMEOUT, Status.CRASHED)  # report.json's counts



class ClassReport(Configurable):
    """What the class report reads in the course's failure messages (course knowledge)."""

    cause_marker = Unicode("", help="the words that start a line naming the likely cause of a failed test in "
                           "the course's check messages (one definition, which the course's support package "
                           "exports and its config sets here): failures are grouped by the cause that follows; "
                           "empty, or a message without it: by the error's first line").tag(config=True)


def _marker_re(marker: str) -> re.Pattern | None:
    return re.compile(r"^\s*" + re.escape(marker.strip()) + r"\s*(.+?)\s*$", re.M) if marker.strip() else None


def configured_marker(cfg=None) -> str:
    """``c.ClassReport.cause_marker`` of ``cfg`` (default: the grader's configuration)."""
    return ClassReport(config=load_config() if cfg is None else cfg).cause_marker
EXAMPLES = 3  # example feedback pages per cause
MAX_PAIRS = 200  # pairs per notebook in report.json
PAGE_PAIRS = 25  # of which the page shows side by side
SIMILARITY_NOTE = ("A prompt for a human look, not a verdict: alike code can come from allowed teamwork, "
                   "a shared source or a short exercise with few ways to write it.")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def cause_of(text: str | None, marker: str | None = None) -> tuple[str, str]:
    """(kind, label) of one failure: ("likely cause", the cause the course's checks named after
    ``marker``: ``c.ClassReport.cause_marker``, default the grader's configuration's),
    or ("error", the error's first line) where it named none, or ("no message", ...)."""
    if not text:
        return "no message", "failed without an error (output on stderr, or the cell did not run)"
    marker = configured_marker() if marker is None else marker
    pattern = _marker_re(marker)
    m = pattern.search(text) if pattern is not None else None
    if m:
        return "likely cause", m.group(1)
    first = text.strip().splitlines()[0]
    return "error", first[:200]


# -- the course (stub and reference per solution cell) -------------------------------------------
def _course(out: Path, state: dict, prep: Prepared | None, solutions: Path | None) -> tuple[Prepared | None, str]:
    if prep is not None:
        return prep, ""
    name = state.get("course")
    root = cache_root() / name if name else None
    if root is not None and (root / "ok").exists():
        infos = {}
        for src in sorted((root / "source").glob("*/*.ipynb")):
            cells = json.loads(src.read_text(encoding="utf-8")).get("cells", [])
            meta = [nbgrader_meta(c) for c in cells]
            key = key_of(src.parent.name, src.stem)  # source/ASSIGNMENT/NB.ipynb
            infos[key] = NotebookInfo(key, {m["grade_id"]: float(m.get("points", 0)) for m in meta
                                                      if m.get("grade") and m.get("grade_id")},
                                           [m["grade_id"] for m in meta if m.get("solution") and m.get("grade_id")],
                                           [])
        return Prepared(root, infos), ""
    try:
        found = prepare(solutions)
    except GraderError as exc:
        return None, f"the course's notebooks were not found ({exc}); similarity ignores only common code"
    if name and found.root.name != name:
        return found, "the solutions changed since grading: similarity ignores the current stub and reference"
    return found, ""


def _common(prep: Prepared | None, stem: str) -> dict[str, list[str]]:
    """{solution grade_id: [released stub, reference solution]} of one notebook
    (what every submission may share; never shown in the report)."""
    found: dict[str, list[str]] = {}
    if prep is None or stem not in prep.infos:
        return found
    for path in (prep.release(stem), prep.source(stem)):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            meta = nbgrader_meta(cell)
            if meta.get("solution") and meta.get("grade_id"):
                found.setdefault(meta["grade_id"], []).append(cell_source(cell))
    return found


def _side_by_side(a: dict, b: dict, cells: list[str], common: dict[str, list[str]], names) -> dict:
    """{grade_id: {"a": code, "b": code, "alike_a": [line], "alike_b": [line]}} for the page."""
    view = {}
    for gid in cells:
        x, y = a.get(gid, ""), b.get(gid, "")
        view[gid] = {"a": names.scrub(x), "b": names.scrub(y),
                     "alike_a": sorted(alike_lines(x, y, common.get(gid, []))),
                     "alike_b": sorted(alike_lines(y, x, common.get(gid, [])))}
    return view


def _from_autograded(out: Path, student: str, stem: str, tests: set[str]) -> dict:
    """Details of a row graded before the grader kept them: read the autograded notebook."""
    path = autograded_file(out, student, stem)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    errors, answers = {}, {}
    for cell in nb.get("cells", []):
        meta, gid = nbgrader_meta(cell), nbgrader_meta(cell).get("grade_id")
        if cell.get("cell_type") != "code" or not gid:
            continue
        if meta.get("solution"):
            answers[gid] = cell_source(cell)[:MAX_ANSWER]
        if gid in tests:
            for o in cell.get("outputs", []):
                if o.get("output_type") == "error":
                    errors[gid] = f"{o.get('ename', 'Error')}: {o.get('evalue', '')}"[:MAX_TEXT]
                    break
    return {"errors": errors, "flags": [], "answers": answers}


def feedback_path(out: Path, student: str, stem: str) -> Path | None:
    """The feedback page of ``student``'s notebook ``stem`` (nbgrader's layout; the flat one of older runs)."""
    for p in (feedback_file(out, student, stem), out / FEEDBACK / student / f"{stem}.html"):
        if p.exists():
            return p
    return None


def _href(path: Path, base: Path) -> str:
    return "/".join(quote(part) for part in path.relative_to(base).parts)


# -- the numbers -----------------------------------------------------------------------------------
def _histogram(scores: list[float], other: list[float], max_score: float) -> dict:
    import numpy as np

    top = max([max_score, *scores, *other, 0.0])
    if top <= 40 and all(float(s).is_integer() for s in scores + other):
        edges = np.arange(0, int(top) + 2) - 0.5
    else:
        edges = np.linspace(0, top or 1.0, 21)
    g, _ = np.histogram(scores, edges)
    o, _ = np.histogram(other, edges)
    return {"edges": [round(float(e), 4) for e in edges], "graded": g.tolist(), "not_graded_normally": o.tolist()}


def _flag_kind(flags: list[str]) -> str:
    return "review" if all(f.startswith("review:") for f in flags) else "tampering"


def _flags(row: dict, det: dict) -> list[str]:
    """The integrity flags of one row (from the details; from its message where none were kept)."""
    flags = list(det.get("flags") or [])
    msg = row.get("message") or ""
    if not flags and msg.startswith("flagged for review"):
        flags = [msg]
    elif not flags and "review: " in msg:
        flags = [msg[msg.index("review: "):]]
    return flags


class _Builder:
    """Builds the report's numbers for one output folder."""

    def __init__(self, out: Path, grades: dict, details: dict, course: Prepared | None, names, anonymise: bool):
        self.out, self.grades, self.details, self.course, self.names = out, grades, details, course, names
        self.copies: dict[Path, Path] = {}  # feedback page -> its anonymised copy
        self.copy_root = out / REPORT_ANONYMISED / FEEDBACK if anonymise else None
        self.marker = ""  # c.ClassReport.cause_marker (set by collect)

    def notebook(self, stem: str) -> tuple[dict, list[dict]]:
        """(the notebook's entry in report.json, its flagged rows)."""
        names, course = self.names, self.course
        rows = {s: self.grades[s][stem] for s in sorted(self.grades) if stem in self.grades[s]}
        known = course is not None and stem in course.infos
        tests: dict[str, float] = dict(course.infos[stem].tests) if known else {}
        for r in rows.values():
            for gid, t in r.get("tests", {}).items():
                tests.setdefault(gid, float(t.get("max_score", 0.0)))
        max_score = course.infos[stem].max_score if known else max(
            (r.get("max_score", 0.0) for r in rows.values()), default=0.0)
        det: dict[str, dict] = {}
        for s, r in rows.items():
            d = self.details.get(s, {}).get(stem)
            if d is None and r["status"] not in (Status.MISSING, Status.INVALID):
                d = _from_autograded(self.out, s, stem, set(tests))
            det[s] = d or {}
        counts = {k: 0 for k in STATUSES}
        for r in rows.values():
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        counts["submitted"] = len(rows) - counts[Status.MISSING]
        flagged = []
        for s, r in rows.items():
            flags = _flags(r, det[s])
            if flags:
                flagged.append({"student": names.name(s), "notebook": stem, "status": r["status"],
                                "score": r["score"], "kind": _flag_kind(flags),
                                "message": names.scrub(r.get("message") or ""),
                                "reasons": [names.scrub(f) for f in flags]})
        counts["flagged"] = len(flagged)
        normal = [r["score"] for r in rows.values() if r["status"] == Status.GRADED]
        other = [r["score"] for r in rows.values() if r["status"] in NOT_GRADED_NORMALLY]
        submitted = normal + other
        scores = {"mean": round(statistics.fmean(submitted), 3) if submitted else None,
                  "median": statistics.median(submitted) if submitted else None,
                  "full_marks": sum(1 for x in submitted if max_score and x >= max_score - 1e-9),
                  "histogram": _histogram(normal, other, max_score)}
        ran = {s: r for s, r in rows.items() if r["status"] in RAN}
        items = [self.item(stem, gid, points, ran, det) for gid, points in tests.items()]
        items.sort(key=lambda it: (1.0 if it["pass_share"] is None else it["pass_share"], -it["points"], it["test"]))
        return {"max_score": max_score, "counts": counts, "scores": scores, "tests": items,
                "similar_pairs": self.pairs(stem, rows, det)}, flagged

    def item(self, stem: str, gid: str, points: float, ran: dict, det: dict) -> dict:
        """One test cell: pass share (of the notebooks that ran) and its failures' causes."""
        passed, total, lost = 0, 0.0, 0.0
        causes: dict[tuple[str, str], list[str]] = {}
        for s, r in ran.items():
            score = r.get("tests", {}).get(gid, {}).get("score", 0.0)
            total += score
            lost += max(0.0, points - score)
            if score >= points - 1e-9:
                passed += 1
            else:
                causes.setdefault(cause_of(det[s].get("errors", {}).get(gid), self.marker), []).append(s)
        failures = len(ran) - passed
        listed = [{"cause": self.names.scrub(label), "kind": kind, "count": len(who),
                   "share": round(len(who) / failures, 4), "examples": self.examples(stem, who[:EXAMPLES])}
                  for (kind, label), who in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        return {"test": gid, "points": points, "ran": len(ran), "passed": passed,
                "pass_share": round(passed / len(ran), 4) if ran else None,
                "mean_score": round(total / len(ran), 4) if ran else None,
                "points_lost": round(lost, 4), "failures": failures, "causes": listed}

    def examples(self, stem: str, students: list[str]) -> list[dict]:
        """[{"student", "feedback": link relative to DIR or None}]; anonymised: a scrubbed copy."""
        found = []
        for s in students:
            page = feedback_path(self.out, s, stem)
            if page is not None and self.copy_root is not None:
                copy = feedback_file(self.copy_root.parent, self.names.name(s), stem)
                self.copies[page] = copy
                page = copy
            found.append({"student": self.names.name(s), "feedback": _href(page, self.out) if page else None})
        return found

    def pairs(self, stem: str, rows: dict, det: dict) -> list[dict]:
        answers = {s: d["answers"] for s, d in det.items() if d.get("answers")}
        common = _common(self.course, stem)
        return [{"a": self.names.name(p.a), "b": self.names.name(p.b), "score": p.score, "shared": p.shared,
                 "cells": p.cells, "scores": [rows[p.a]["score"], rows[p.b]["score"]],
                 "code": _side_by_side(answers[p.a], answers[p.b], p.cells, common, self.names)
                 if i < PAGE_PAIRS else None}
                for i, p in enumerate(find_pairs(answers, common)[:MAX_PAIRS])]

    def write_copies(self) -> None:
        for page, copy in self.copies.items():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(self.names.scrub(page.read_text(encoding="utf-8", errors="replace")), encoding="utf-8")


def _run_facts(state: dict, note: str) -> dict:
    last = state.get("last_run", {})
    limits = last.get("limits", {})
    return {"started": last.get("started"), "finished": last.get("finished"), "course": state.get("course"),
            "seconds": last.get("seconds"), "workers": last.get("workers"), "graded": last.get("graded"),
            "kept": last.get("kept"), "limits": limits,
            "sandbox": limits.get("sandbox") if "sandbox" in limits else last.get("sandbox"),
            "network": (not limits["no_network"]) if "no_network" in limits else None,
            "feedback": last.get("feedback"), "note": note}


def collect(out: Path, prep: Prepared | None = None, solutions: Path | None = None,
            anonymise: bool = False) -> tuple[dict, _Builder]:
    """The report's numbers (report.json, plus the code shown side by side),
    from the output folder ``out``; and the builder (for the anonymised copies)."""
    try:
        grades = json.loads((out / GRADES_JSON).read_text(encoding="utf-8"))["students"]
    except (OSError, ValueError, KeyError, TypeError):
        raise GraderError(f"{out} holds no readable grades.json; run `python -m grader grade ... --out {out}` "
                          "first") from None
    try:
        state = read_state(out)
    except (OSError, ValueError):
        state = {}
    course, course_note = _course(out, state, prep, solutions)
    names = Pseudonyms(out, list(grades)) if anonymise else Names()
    builder = _Builder(out, grades, load_details(out), course, names, anonymise)
    cfg = load_config(course.config if course is not None else None)  # the course's knowledge
    builder.marker = configured_marker(cfg)
    use_aliases(Similarity(config=cfg).aliases)
    stems: list[str] = list(course.infos) if course else []
    for rows in grades.values():
        stems += [s for s in rows if s not in stems]
    notebooks, flagged = {}, []
    for stem in stems:
        notebooks[stem], flags = builder.notebook(stem)
        flagged += flags
    data = {"format": FORMAT, "generated": now(), "anonymised": anonymise, "students": len(grades),
            "run": _run_facts(state, course_note), "notebooks": notebooks, "flagged": flagged,
            "similarity": {"method": "normalised token k-grams, distinctive fingerprints, Jaccard", "k": K,
                           "threshold": THRESHOLD, "min_shared": MIN_SHARED, "common_share": COMMON_SHARE,
                           "note": SIMILARITY_NOTE}}
    return data, builder


def public_json(data: dict) -> dict:
    """report.json: the numbers without the code shown side by side on the page."""
    out = json.loads(json.dumps(data))
    for nb in out["notebooks"].values():
        for p in nb["similar_pairs"]:
            p.pop("code", None)
    return out


def write_report(out: Path, prep: Prepared | None = None, solutions: Path | None = None,
                 anonymise: bool = False) -> tuple[Path, Path]:
    """Write DIR/report.html and DIR/report.json (``report-anonymised.*`` with
    pseudonyms, plus the example feedback pages they link under
    ``report-anonymised/``); return their paths."""
    from grader.reports.html import render

    data, builder = collect(out, prep, solutions, anonymise)
    if anonymise:
        shutil.rmtree(out / REPORT_ANONYMISED, ignore_errors=True)
        builder.write_copies()
    name = report_stem(anonymise)
    html, js = out / f"{name}.html", out / f"{name}.json"
    tmp = out / f"{name}.json.tmp"
    tmp.write_text(json.dumps(public_json(data), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(js)
    tmp = out / f"{name}.html.tmp"
    tmp.write_text(render(data), encoding="utf-8")
    tmp.replace(html)
    return html, js
