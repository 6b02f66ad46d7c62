"""Building the class report for a large synthetic class.

:func:`synthetic_class` writes what ``grade --out DIR`` leaves behind
(grades.json, .grader-details.json, .grader-state.json, a feedback page per
graded notebook) for N students x the course's notebooks, without running
any notebook, and returns what it planted: per notebook how many notebooks
are missing, invalid, timed out, crashed or flagged; per test cell how many
students failed it and with which likely cause; and which pairs of students
hand in copied code (renamed and reformatted). Every other student writes
their own version (the reference solution with personal lines of their own),
so the similarity search has real work to do.

``run()`` times ``grader.reports.classreport.write_report`` on 1,000 students x 8
notebooks (the issue's target: under 30 s) and reports the page size.
tests/test_grader_report.py builds a small class the same way and checks
that the report's counts equal the planted ones.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from traitlets.config import Config  # noqa: E402

from grader.autograde.notebook import limits_record  # noqa: E402
from grader.cells import cell_source, nbgrader_meta  # noqa: E402
from grader.course.build import Prepared, prepare  # noqa: E402
from grader.course.fill import solutions  # noqa: E402
from grader.course.layout import feedback_file  # noqa: E402

NAME = re.compile(r"(?<![\w.])([a-z_][a-z0-9_]*)(?![\w(])")
STATUS_SHARE = {"missing": 0.03, "invalid": 0.01, "timeout": 0.01, "crashed": 0.005}
TAMPER_SHARE, REVIEW_SHARE, COPY_SHARE = 0.005, 0.01, 0.01


def _cells(path: Path) -> dict[str, str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {nbgrader_meta(c)["grade_id"]: cell_source(c) for c in nb["cells"] if nbgrader_meta(c).get("solution")}


def _reference(prep: Prepared, stem: str) -> dict[str, str]:
    return solutions(json.loads(prep.source(stem).read_text(encoding="utf-8")))


def _own_version(src: str, rng: random.Random, tag: int) -> str:
    """The reference with a few personal lines: code no one else wrote."""
    lines = src.splitlines()
    body = [i for i, line in enumerate(lines) if line.startswith("    ") and line.strip()
            and not line.strip().startswith(("#", '"""', "elif", "else", "except", "finally"))]
    ops = ["+", "-", "*", "//", "%", "**", "<<", "|"]
    for n in range(rng.randint(4, 7)):
        if not body:
            break
        at = rng.choice(body)
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        extra = (f"{indent}check_{tag}_{n} = ({rng.randint(2, 999)} {rng.choice(ops)} {rng.randint(2, 99)}) "
                 f"{rng.choice(ops)} len([{rng.randint(0, 9)}, {rng.randint(10, 99)}, {tag % 97}])")
        lines.insert(at, extra)
        body = [i + (i >= at) for i in body]
    return "\n".join(lines) + "\n"


def _disguise(src: str, rng: random.Random) -> str:
    """The same code, variables renamed, a comment added, spaced out differently."""
    names = sorted(set(NAME.findall(src)) - {"np", "def", "return", "for", "in", "range", "if", "else", "elif",
                                              "not", "and", "or", "is", "None", "True", "False", "raise", "len",
                                              "int", "float", "isinstance", "str", "import", "lambda", "with",
                                              "as", "try", "except", "yield", "class", "self", "super", "torch",
                                              "nn", "pass", "while", "break", "continue", "del", "global"})
    mapping = {n: f"my_{n}_{rng.randint(1, 9)}" for n in names if not n.startswith("__")}
    out = NAME.sub(lambda m: mapping.get(m.group(1), m.group(1)), src)
    out = out.replace(" = ", " =  ").replace(", ", " , ")
    return "# my own work, honestly\n" + out


def synthetic_class(out: Path, n_students: int, prep: Prepared | None = None, seed: int = 0,
                    stems: list[str] | None = None) -> dict:
    """Write a graded output folder for a synthetic class; return what was planted.

    Returns {"students": [...], "notebooks": {stem: {"counts": {...}, "tests": {gid: {"failed": n,
    "causes": {cause: n}}}, "pairs": {(a, b), ...}}}}.
    """
    prep = prep or prepare()
    stems = stems or prep.stems[:8]
    rng = random.Random(seed)
    students = [f"Student {i:04d}" for i in range(n_students)]
    grades: dict = {s: {} for s in students}
    details: dict = {s: {} for s in students}
    planted: dict = {"students": students, "notebooks": {}}
    out.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        info = prep.infos[stem]
        reference, stubs = _reference(prep, stem), _cells(prep.release(stem))
        counts = {"graded": 0, "missing": 0, "invalid": 0, "timeout": 0, "crashed": 0, "flagged": 0}
        tests = {gid: {"failed": 0, "causes": {}} for gid in info.tests}
        hardness = {gid: rng.uniform(0.02, 0.5) for gid in info.tests}
        causes = {gid: [f"{gid}: mistake number {k} (a planted cause)" for k in range(3)] for gid in info.tests}
        order = students[:]
        rng.shuffle(order)
        copies = order[: 2 * int(COPY_SHARE * n_students)]
        pairs = {tuple(sorted(copies[i:i + 2])) for i in range(0, len(copies), 2)}
        copied_from = {b: a for a, b in (sorted(p) for p in pairs)}
        originals: dict[str, dict] = {}
        for k, s in enumerate(sorted(students, key=lambda x: x not in copied_from.values())):
            roll = rng.random()
            status, acc = "graded", 0.0
            if s not in copies:
                for st, share in STATUS_SHARE.items():
                    acc += share
                    if roll < acc:
                        status = st
                        break
            if status == "missing":
                grades[s][stem] = {"score": 0.0, "max_score": info.max_score, "status": "missing",
                                   "message": f"no {stem}.ipynb in the submission",
                                   "tests": {g: {"score": 0.0, "max_score": p} for g, p in info.tests.items()}}
                counts["missing"] += 1
                continue
            if s in copied_from:
                answers = {g: _disguise(src, rng) for g, src in originals[copied_from[s]].items()}
            elif s not in copies and rng.random() < 0.05:
                answers = dict(stubs)
            else:
                answers = {g: _own_version(src, rng, k) for g, src in reference.items()}
            originals[s] = answers
            flags, message = [], ""
            tampered = status == "graded" and s not in copies and rng.random() < TAMPER_SHARE / 0.97
            if tampered:
                status = "flagged"
                flags = ["learner code changed cnnlib.checks.assert_close"]
                message = f"flagged for review, scored 0: {flags[0]}"
            elif status == "graded" and s not in copies and rng.random() < REVIEW_SHARE:
                flags = ["review: cell 3 (x) uses exec"]
                message = flags[0]
            elif status == "invalid":
                message = f"{stem}.ipynb is not valid JSON (line 3): the file is damaged or not a notebook"
            elif status in ("timeout", "crashed"):
                message = f"cell 5 ({status}) hit a limit; graded as far as it got"
            if status != "flagged":  # counts["flagged"]: notebooks with a finding, tampering or review
                counts[status] += 1
            counts["flagged"] += bool(flags)
            row_tests, errors = {}, {}
            for gid, pts in info.tests.items():
                ok = status in ("graded", "timeout", "crashed") and rng.random() > hardness[gid]
                row_tests[gid] = {"score": pts if ok else 0.0, "max_score": pts}
                if not ok and status not in ("invalid", "flagged"):
                    cause = rng.choice(causes[gid])
                    tests[gid]["failed"] += 1
                    tests[gid]["causes"][cause] = tests[gid]["causes"].get(cause, 0) + 1
                    errors[gid] = (f"CheckError: {gid}: output differs from the reference\n  got shape (4, 6)\n"
                                   f"  largest relative error 0.5 at (1, 2)\n  likely cause: {cause}")
            if status in ("invalid", "flagged"):
                row_tests = {g: {"score": 0.0, "max_score": p} for g, p in info.tests.items()}
            grades[s][stem] = {"score": sum(t["score"] for t in row_tests.values()), "max_score": info.max_score,
                               "status": status, "message": message, "tests": row_tests}
            details[s][stem] = {"errors": errors, "flags": flags,
                                "answers": answers if status != "invalid" or tampered else {}}
            page = feedback_file(out, s, stem)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<html><body><h1>{stem}</h1><p>feedback</p></body></html>\n", encoding="utf-8")
        planted["notebooks"][stem] = {"counts": counts, "tests": tests, "pairs": pairs}
    (out / "grades.json").write_text(json.dumps({"students": grades}, ensure_ascii=False), encoding="utf-8")
    (out / ".grader-details.json").write_text(json.dumps({"format": 1, "students": details}, ensure_ascii=False),
                                              encoding="utf-8")
    state = {"course": prep.root.name, "items": {}, "timings": {},
             "last_run": {"graded": n_students * len(stems), "kept": 0, "seconds": 1234.5, "workers": 16,
                          "started": "2026-12-01T09:00:00+00:00", "finished": "2026-12-01T09:20:34+00:00",
                          "feedback": True, "limits": {**limits_record(Config()), "threads": 1}}}
    (out / ".grader-state.json").write_text(json.dumps(state), encoding="utf-8")
    return planted


def run(quick: bool = False) -> str:
    from grader.reports.classreport import write_report

    n = 100 if quick else int(os.environ.get("CNN_BENCH_STUDENTS", "1000"))
    prep = prepare()
    stems = prep.stems[:8]
    with tempfile.TemporaryDirectory(prefix="cnn-report-bench-") as tmp:
        out = Path(tmp) / "grades"
        t0 = time.perf_counter()
        planted = synthetic_class(out, n, prep, stems=stems)
        made = time.perf_counter() - t0
        times, sizes = [], {}
        load = [os.getloadavg()[0]]
        for anonymise in (False, True, False):
            t0, c0 = time.perf_counter(), time.process_time()
            page, data = write_report(out, anonymise=anonymise)
            times.append((anonymise, time.perf_counter() - t0, time.process_time() - c0))
            sizes[anonymise] = (page.stat().st_size, data.stat().st_size)
        load.append(os.getloadavg()[0])
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        found = sum(len(nb["similar_pairs"]) for nb in report["notebooks"].values())
        planted_pairs = sum(len(nb["pairs"]) for nb in planted["notebooks"].values())
        answers = sum(len(d.get("answers", {})) for rows in json.loads(
            (out / ".grader-details.json").read_text(encoding="utf-8"))["students"].values() for d in rows.values())
    plain = [(t, c) for a, t, c in times if not a]
    anon = [(t, c) for a, t, c in times if a]
    mb = 1024**2
    return "\n".join([
        "### Class report: 1,000 students x 8 notebooks" if n == 1000 else f"### Class report: {n} students",
        "",
        f"A synthetic graded class (`benchmarks/bench_report.py`: {n} students x {len(stems)} notebooks, "
        f"{answers} solution cells, each student's own version of the reference or a planted copy, "
        "small stand-ins for the feedback pages; "
        f"built in {made:.1f} s, not timed), then `grader.reports.classreport.write_report` (what `grade` runs at "
        "the end and `python -m grader report DIR` runs), which reads the output folder, counts, finds "
        "the likely causes, searches alike pairs, draws the figures and writes report.html and report.json.",
        "",
        "| report | wall time (s) | CPU time (s) | report.html | report.json |",
        "|---|---:|---:|---:|---:|",
        f"| named (the faster of {len(plain)}; the first also imports matplotlib) | {min(plain)[0]:.1f} "
        f"| {min(plain)[1]:.1f} | {sizes[False][0] / mb:.2f} MB | {sizes[False][1] / mb:.2f} MB |",
        f"| `--anonymise` | {anon[0][0]:.1f} | {anon[0][1]:.1f} | {sizes[True][0] / mb:.2f} MB "
        f"| {sizes[True][1] / mb:.2f} MB |",
        "",
        f"One process. Load average of the (shared) machine before and after: {load[0]:.1f}, {load[1]:.1f} "
        f"on {os.cpu_count()} cores; the CPU time is what the report costs on a quiet machine.",
        "",
        f"Alike pairs: {found} found, {planted_pairs} planted (renamed, re-spaced, a comment added). "
        "Target: under 30 s and a page of a few MB.",
    ]) + "\n"
