"""grades.json, grades.csv and the summary table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from grader.course.build import NotebookInfo
from grader.status import Status

SHORT = {Status.GRADED: "", Status.MISSING: "-", Status.INVALID: "INV", Status.TIMEOUT: "T/O", Status.CRASHED: "CRASH",
         Status.FLAGGED: "FLAG"}
PUBLIC = ("score", "max_score", "status", "message", "tests")


def public(row: dict) -> dict:
    return {k: row[k] for k in PUBLIC}


def write_json(path: Path, students: dict[str, dict[str, dict]], order: list[str] | None = None,
               sandbox: bool | None = None, memory_limit: str | None = None) -> None:
    """grades.json as docs/grader/outputs.md specifies; notebooks in course order.

    ``sandbox``: whether learner code ran in the sandbox (a top-level
    ``"sandbox"`` key; left out when None). ``memory_limit``: how kernels'
    memory was limited, ``"cgroup v2"`` or ``"rlimit and watchdog"``
    (grader.sandbox.cgroups.method; a top-level ``"memory_limit"`` key, left out when None).
    """
    rank = {stem: i for i, stem in enumerate(order or [])}

    def ordered(rows):
        return {stem: public(rows[stem]) for stem in sorted(rows, key=lambda s: (rank.get(s, len(rank)), s))}

    data = {"students": {s: ordered(rows) for s, rows in sorted(students.items())}}
    if sandbox is not None:
        data["sandbox"] = sandbox
    if memory_limit is not None:
        data["memory_limit"] = memory_limit
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def _num(x: float) -> str:
    return f"{x:g}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """``value`` as a spreadsheet shows it, never as a formula: text starting with ``= + - @``, a tab or
    a carriage return gets a leading apostrophe (OWASP, "CSV Injection"). A student id or name such as
    ``=HYPERLINK(...)`` is otherwise evaluated when the instructor opens the file (red team round 5)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(path: Path, students: dict[str, dict[str, dict]], infos: dict[str, NotebookInfo]) -> None:
    """One row per student: total, then per notebook its total, status, message and a column per test.
    Text cells that a spreadsheet would read as a formula are quoted (:func:`csv_text`).

    ``NB:message`` is grades.json's one-line message: for a ``flagged``
    notebook the reason (what was tampered with or borrowed), for a graded
    one a note, ``review: ...`` included.
    """
    stems = list(infos)
    header = ["student", "total", "max_score"]
    for stem in stems:
        header += [f"{stem}:total", f"{stem}:status", f"{stem}:message"] + [f"{stem}:{gid}" for gid in infos[stem].tests]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for student, rows in sorted(students.items()):
        total = sum(r["score"] for r in rows.values())
        maximum = sum(infos[s].max_score for s in stems)
        line = [csv_text(student), _num(total), _num(maximum)]
        for stem in stems:
            r = rows.get(stem)
            tests = r["tests"] if r else {}
            line += [_num(r["score"]) if r else "0", r["status"] if r else Status.MISSING,
                     csv_text(r.get("message", "")) if r else ""]
            line += [_num(tests.get(gid, {}).get("score", 0.0)) for gid in infos[stem].tests]
        w.writerow(line)
    path.write_text(buf.getvalue(), encoding="utf-8")


def table(students: dict[str, dict[str, dict]], infos: dict[str, NotebookInfo], limit: int = 200) -> str:
    """A plain-text table: a row per student, a column per notebook, then the problems."""
    stems = list(infos)
    heads = [s[:2] if "/" not in s else "/".join(p[:4] for p in s.split("/", 1)) for s in stems]  # ASSIGNMENT/NB keys
    name_w = min(28, max([len("student")] + [len(s) for s in students]))
    lines = []
    head = f"{'student':<{name_w}}  " + "  ".join(f"{h:>9}" for h in heads) + f"  {'total':>13}"
    lines.append(head)
    lines.append("-" * len(head))
    for student, rows in list(sorted(students.items()))[:limit]:
        cells = []
        for stem in stems:
            r = rows.get(stem)
            if r is None or r["status"] == Status.MISSING:
                cells.append(f"{'-':>9}")
            else:
                mark = SHORT.get(r["status"], "?")
                txt = f"{_num(r['score'])}/{_num(r['max_score'])}"
                cells.append(f"{(mark + ' ' if mark else '') + txt:>9}")
        total = sum(r["score"] for r in rows.values())
        maximum = sum(i.max_score for i in infos.values())
        name = student if len(student) <= name_w else student[: name_w - 1] + "…"
        lines.append(f"{name:<{name_w}}  " + "  ".join(cells) + f"  {_num(total) + '/' + _num(maximum):>13}")
    if len(students) > limit:
        lines.append(f"... and {len(students) - limit} more students (see grades.csv)")
    counts: dict[str, int] = {}
    problems = []
    for student, rows in sorted(students.items()):
        for stem, r in rows.items():
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            if r["status"] not in (Status.GRADED, Status.MISSING) or r.get("message"):
                if r["status"] != Status.MISSING:
                    problems.append(f"  {student} / {stem}: {r['status']}: {r['message']}")
    lines.append("")
    lines.append("notebooks: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    if problems:
        lines.append("notes:")
        lines += problems[:limit]
        if len(problems) > limit:
            lines.append(f"  ... {len(problems) - limit} more in grades.json")
    return "\n".join(lines)
