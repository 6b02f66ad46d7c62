"""Sharded grading for batch schedulers: ``grade --shard I/N`` and ``merge``.

A Slurm job array (or a Kubernetes Indexed Job) runs ``python -m grader
grade SUBMISSIONS --shard I/N --out shards/I`` for I = 1..N; each task grades
the students whose id falls in share I (a stable hash of the NFC student id,
so every task computes the same split without talking to the others), into
its own output folder. ``python -m grader merge shards/* --out DIR`` then
joins them into one class output, exactly as one unsharded run writes it:
grades.json, grades.csv, feedback/, autograded/, the nbgrader gradebook
(copied submission by submission through nbgrader's API) and
.grader-state.json, so that a later ``grade --out DIR`` resumes from it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from pathlib import Path

from grader.course.build import NotebookInfo
from grader.errors import GraderError
from grader.reports import grades as report

STATE = ".grader-state.json"
SHARD_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` -> (I, N) with 1 <= I <= N; ValueError with a one-line reason otherwise."""
    m = SHARD_RE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a shard like 2/8 (the 2nd of 8 shares, counted from 1)")
    i, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 1 <= i <= n:
        raise ValueError(f"shard {text!r}: I must be between 1 and N (counted from 1)")
    return i, n


def shard_of(student: str, n: int) -> int:
    """The share (1..n) that ``student`` belongs to: sha256 of the NFC id, modulo n.

    Stable across machines, Python versions and runs (unlike ``hash()``),
    so every task of an array computes the same split.
    """
    digest = hashlib.sha256(unicodedata.normalize("NFC", student).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def in_shard(student: str, shard: tuple[int, int] | None) -> bool:
    return shard is None or shard_of(student, shard[1]) == shard[0]


def _read(folder: Path) -> tuple[dict, dict]:
    if not folder.is_dir():
        raise GraderError(f"{folder} is not a folder; pass the --out folders of `grade --shard` runs")
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
        grades = json.loads((folder / "grades.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise GraderError(f"{folder} holds no finished grading run (grades.json and {STATE}); "
                          "let its `grade` run finish, or leave it out") from None
    if not (folder / "gradebook.db").exists():
        raise GraderError(f"{folder} has no gradebook.db; grade that shard again")
    return state, grades


def _infos(grades: list[dict]) -> dict[str, NotebookInfo]:
    """Each notebook's tests (in course order) from the rows: every student has a row per notebook."""
    infos: dict[str, NotebookInfo] = {}
    for data in grades:
        for rows in data.get("students", {}).values():
            for stem, row in rows.items():
                if stem not in infos:
                    tests = {gid: float(t["max_score"]) for gid, t in row["tests"].items()}
                    infos[stem] = NotebookInfo(stem, tests, [], [])
    return dict(sorted(infos.items()))


def merge_gradebooks(first: Path, others: list[Path], dest: Path, keep: bool = False,
                     removed: set[str] | frozenset = frozenset()) -> None:
    """``dest`` := the students and submissions of ``first`` and ``others``, through nbgrader's API.

    ``keep``: ``dest`` is the gradebook of an earlier merge of the same
    course: it is merged into, not replaced, so that what an instructor
    entered there (formgrader's manual scores, extra credit and comments)
    stays over a shard's automatic grades, as over a regrade
    (grader.run.grade.GradebookWriter); a shard's own manual grades are taken
    where ``dest`` has none. ``removed``: students removed from ``dest``
    since that merge (``nbgrader db student remove``): they stay out. Every
    student of a shard's gradebook comes over, with a submission or not
    (``nbgrader export`` lists them); late penalties come as stored.
    """
    from nbgrader.api import Gradebook, MissingEntry

    from grader.autograde.engines import quiet_warnings

    quiet_warnings()
    tmp = dest.with_suffix(".tmp")
    shutil.copyfile(dest if keep else first, tmp)
    with Gradebook(f"sqlite:///{tmp}") as dst:
        for path in ([first] if keep else []) + list(others):
            with Gradebook(f"sqlite:///{path}") as src:
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


def merge(folders: list[Path], out: Path, stream=None) -> int:
    """Join shard outputs into ``out``; return the exit code (1 when a row was not graded normally).

    Raises GraderError (exit 2) for shards of different course versions
    (prepared-course keys), a student in two shards, or a shard that did
    not finish.
    """
    import sys

    stream = stream or sys.stdout
    folders = [Path(f) for f in folders]
    if out.exists() and not out.is_dir():
        raise GraderError(f"--out {out} is a file; pass a folder to write the merged grades into")
    for f in folders:
        if f.resolve() == out.resolve():
            raise GraderError(f"--out {out} is one of the shards; merge into a new folder")
    if len({f.resolve() for f in folders}) != len(folders):
        raise GraderError("a shard folder is named twice; name each shard once")
    read = [(f, *_read(f)) for f in folders]
    key = read[0][1].get("course")
    for f, state, _ in read[1:]:
        if state.get("course") != key:
            raise GraderError(f"{f} was graded against another version of the course ({state.get('course')}) "
                              f"than {folders[0]} ({key}); grade every shard with the same solutions")
    owner: dict[str, Path] = {}
    for f, _, grades in read:
        for student in grades.get("students", {}):
            if student in owner:
                raise GraderError(f"student {student!r} is in both {owner[student]} and {f}; "
                                  "merge the shards of one split, each once")
            owner[student] = f
    out.mkdir(parents=True, exist_ok=True)
    rows = {s: r for _, _, g in read for s, r in g.get("students", {}).items()}
    infos = _infos([g for _, _, g in read])
    sandbox = all(g.get("sandbox", True) for _, _, g in read)
    ways = sorted({str(g.get("memory_limit")) for _, _, g in read if g.get("memory_limit")})
    memory_by = " and ".join(ways) or None  # how the shards' kernels' memory was limited (grader.sandbox.cgroups)
    from types import SimpleNamespace

    from grader.course.build import load_config
    from grader.run.grade import _submitted_before
    from grader.run.gradebook import derive_rows, refresh_feedback, students

    db = out / "gradebook.db"
    earlier = {}
    if (out / STATE).is_file() and db.is_file():  # an earlier merge: its gradebook may hold manual grades
        try:
            earlier = json.loads((out / STATE).read_text(encoding="utf-8"))
        except ValueError:
            earlier = {}
    keep = earlier.get("course") == key and db.is_file()
    before = _submitted_before(out) if keep else {}
    removed = set(before) - students(db)
    for sub in ("feedback", "autograded"):
        shutil.rmtree(out / sub, ignore_errors=True)
        for f, _, grades in read:
            for student in grades.get("students", {}):
                if (f / sub / student).is_dir() and student not in removed:
                    shutil.copytree(f / sub / student, out / sub / student)
    merge_gradebooks(folders[0] / "gradebook.db", [f / "gradebook.db" for f in folders[1:]], db, keep=keep,
                     removed=removed)
    items: dict = {}
    timings: dict = {}
    made: dict = {}
    for _, state, _ in read:
        items.update(state.get("items", {}))
        timings.update(state.get("timings", {}))
        made.update(state.get("feedback", {}))  # the shards' pages, copied above
    for student in removed:  # gone from the gradebook: out of the grades, but known as removed
        rows.pop(student, None)
        items[student] = before[student]
    remade = refresh_feedback(out, db, load_config(), made)
    rows = derive_rows(db, SimpleNamespace(stems=list(infos), infos=infos), rows)
    report.write_json(out / "grades.json", rows, list(infos), sandbox=sandbox, memory_limit=memory_by)
    report.write_csv(out / "grades.csv", rows, infos)
    shards = [s.get("shard") for _, s, _ in read]
    state = {"course": key, "items": items, "timings": timings, "feedback": made,
             "last_run": {"merged": [str(f) for f in folders], "shards": shards, "sandbox": sandbox,
                          "memory_limit": memory_by,
                          "seconds": round(sum(s.get("last_run", {}).get("seconds", 0.0) for _, s, _ in read), 2)}}
    (out / STATE).write_text(json.dumps(state, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    from grader.reports import classreport

    details: dict = {}
    for f in folders:  # the class report's per-row details, then the report of the whole class
        details.update(classreport.load_details(f))
    classreport.save_details(out, details)
    print(report.table(rows, infos), file=stream)
    try:  # the grades are written: a report that fails must not fail the merge
        page = classreport.write_report(out)[0]
        print(f"wrote {page}", file=stream)
    except Exception as exc:  # noqa: BLE001
        print(f"no report ({type(exc).__name__}: {exc}; `python -m grader report {out}` tries again)", file=stream)
    split = {tuple(s) for s in shards if s}
    ns = {n for _, n in split}
    if len(ns) == 1:
        n = ns.pop()
        gone = sorted(set(range(1, n + 1)) - {i for i, _ in split})
        if gone:
            print(f"note: shard(s) {', '.join(f'{i}/{n}' for i in gone)} were not given; "
                  "their students are not in the merged grades", file=stream)
    if removed:
        print(f"left out {len(removed)} student(s) removed from {db}: {', '.join(sorted(removed)[:3])}", file=stream)
    if remade:
        print(f"made {len(remade)} feedback page(s) again from the gradebook: {', '.join(remade[:3])}", file=stream)
    print(f"merged {len(folders)} shard(s), {len(rows)} student(s); wrote {out / 'grades.csv'}, "
          f"{out / 'grades.json'}, {out / 'gradebook.db'}", file=stream)
    bad = any(r["status"] in ("invalid", "timeout", "crashed", "flagged") for rs in rows.values() for r in rs.values())
    return 1 if bad else 0
