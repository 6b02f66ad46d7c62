"""Learning-management systems in and out: flat bulk downloads, grade CSVs to import.

In: a Canvas or Moodle "download all submissions" is one flat folder (or a
.zip of one) where each file's name carries the student:

    canvas:  doejane_12345_6789012_week4_softmax.ipynb
             doejane_late_12345_6789013_week4_softmax-1.ipynb
    moodle:  Jane Doe_314_assignsubmission_file_week4_softmax.ipynb
             Jane Doe_314_assignsubmission_file_/week4_softmax.ipynb

`grade --filename-regexp RE` reads such a download the way nbgrader's
``zip_collect`` does (its FileNameCollectorPlugin.named_regexp): RE is a
Python regular expression matched (``re.match``) against each notebook's
path relative to the download's root, with "/" between folders. Its named
groups:

- ``student_id`` (required): the student; every file with the same id is
  that student's;
- ``file_id``: the notebook's file name (".ipynb" added when missing),
  matched to the course's notebooks like any file name; without it, the
  file's own name;
- ``first_name``, ``last_name``, ``name``, ``email``, ``timestamp``,
  ``submission_id`` (optional): kept for the grade CSVs.

Several files of one student for one notebook are attempts: the latest is
graded, by the ``timestamp`` group where every name has one, else by
modification time, and the row says which (:func:`collect`). Files that do
not match are listed and not graded. ``--lms canvas`` and
``--lms moodle`` are the two presets in :data:`PRESETS`.

Out: beside grades.csv, :func:`write_csvs` writes

- ``canvas-grades.csv``, for Canvas's Gradebook "Import": columns
  ``Student, ID, SIS User ID, SIS Login ID, Section`` (Canvas matches rows
  on ``ID``, its user id, which the download's file names carry), then one
  column per notebook graded (its points), after a ``Points Possible`` row.
  A column whose header is not an assignment of the course becomes a new
  assignment on import; to fill an existing one, rename the header to that
  assignment's name as Canvas's own export spells it (``Name (id)``).
  Where a notebook of the download was ``flagged`` (tampering, a borrowed
  answer) or carries a ``review: ...`` note, a ``Notes`` column follows
  ``Section`` with, per student, each such notebook's status and reason.
  Canvas's import fills a custom Gradebook column whose title equals a
  header (canvas-lms ``GradebookImporter#process_custom_column_headers``),
  and "Notes" is the title of the private column that Gradebook > View >
  Notes creates: show it once before importing. In a course without it,
  Canvas would take ``Notes`` for a new assignment: delete the column first.
  A download with nothing flagged gets no Notes column.
- ``moodle-grades.csv``, Moodle's "grading worksheet" of the assignment
  (Assignment > View all submissions > Grading action > Upload grading
  worksheet, with "Allow updating records that have been modified more
  recently in Moodle than in the spreadsheet" ticked on a re-import):
  ``Identifier`` ("Participant N", N the number in the file names),
  ``Full name``, ``Email address``, ``Status``, ``Grade`` (the points of the
  notebooks graded, summed), ``Maximum Grade``, ``Grade can be changed``,
  ``Last modified (submission)``, ``Last modified (grade)``, ``Feedback
  comments`` (each notebook's points, status and the grader's message,
  a ``flagged`` notebook first, with its reason). The
  assignment's maximum grade in Moodle should be ``Maximum Grade``.

Only notebooks that at least one student of the download handed in get a
column (a Canvas assignment is usually one notebook). Names and ids come
from ``.grader-lms.json`` in the output folder, which every LMS run adds to,
so a re-run that grades only changed files still lists everyone.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
import unicodedata
from pathlib import Path

from grader.errors import GraderError
from grader.intake.archive import safe_extract
from grader.intake.notes import MISSAVED, WRONG_TYPES, split_suffix
from grader.outfolder import CANVAS_CSV, LMS_ROSTER, MOODLE_CSV
from grader.reports.grades import csv_text
from grader.status import Status

PRESETS = {
    # Canvas: {sortable name, lower case, no spaces}_[late_]{user id}_{submission id}_{file name}[-N]
    "canvas": r"^(?:.*/)?(?P<name>[^/_]+)_(?:(?i:late)_)?(?P<student_id>\d+)_(?P<submission_id>\d+)_"
              r"(?P<file_id>[^/]+)$",
    # Moodle: {full name}_{participant id}_assignsubmission_file_{file name}, flat or one folder per submission
    "moodle": r"^(?:.*/)?(?P<name>[^/]+?)_(?P<student_id>\d+)_assignsubmission_file_/?(?P<file_id>[^/]+)$",
}
GROUPS = ("student_id", "file_id", "first_name", "last_name", "name", "email", "timestamp", "submission_id")
JUNK = ("__MACOSX", ".ipynb_checkpoints")


def compile_regexp(text: str) -> re.Pattern:
    """The regular expression of ``--filename-regexp``; GraderError when it cannot serve."""
    try:
        rx = re.compile(text)
    except re.error as exc:
        raise GraderError(f"--filename-regexp {text!r} is not a regular expression ({exc})") from None
    if "student_id" not in rx.groupindex:
        raise GraderError(f"--filename-regexp {text!r} has no (?P<student_id>...) group; it must name the student "
                          "(see docs/grader/intake.md, 'Bulk downloads from an LMS')")
    unknown = sorted(set(rx.groupindex) - set(GROUPS))
    if unknown:
        raise GraderError(f"--filename-regexp: unknown group(s) {', '.join(unknown)}; use {', '.join(GROUPS)}")
    return rx


def _safe(part: str) -> str:
    """A student id or file name usable as one path component."""
    part = unicodedata.normalize("NFC", part).strip().replace("/", "_").replace("\x00", "")
    return "_" if part in ("", ".", "..") else part


ATTEMPT = re.compile(r"(?:-\d+|\s*\(\d+\))$")  # Canvas's "-1" resubmission suffix, a browser's " (1)"


def _attempt_key(name: str) -> str:
    """A file name without an attempt suffix, case-folded: the files of one notebook share it."""
    base, suffix = split_suffix(name)
    return ATTEMPT.sub("", base).strip().casefold() + suffix.lower()


def _latest(files: list[dict]) -> tuple[dict, str]:
    """The attempt to grade of several files of one student for one notebook, and how it was chosen.

    The latest by the ``timestamp`` group of the file names, read with
    nbgrader's parser (grader.course.timestamps.parse_timestamp), where every file
    has a readable one; otherwise the latest by modification time (a zip
    member's recorded time; grader.intake.submissions keeps it on extraction).
    """
    from grader.course.timestamps import parse_timestamp

    stamps = [parse_timestamp(f["found"].get("timestamp", ""), "the file name's timestamp")[0]
              if f["found"].get("timestamp") else None for f in files]
    if all(s is not None for s in stamps):
        order = sorted(zip(stamps, range(len(files)), strict=True), reverse=True)
        best = files[order[0][1]]
        return best, f"the latest by the timestamp in its name ({order[0][0]:%Y-%m-%d %H:%M:%S} UTC)"
    order = sorted(range(len(files)), key=lambda i: (files[i]["mtime"], files[i]["text"]), reverse=True)
    best = files[order[0]]
    why = "the file names carry no timestamp" if not any(stamps) else "not every file name has a readable timestamp"
    when = datetime.datetime.fromtimestamp(best["mtime"]).strftime("%Y-%m-%d %H:%M:%S")
    return best, f"the latest by modification time ({when}; {why})"


def collect(root: Path, regexp: str, dest: Path, intake=None) -> tuple[dict[str, dict], list[str]]:
    """Sort a flat download under ``root`` into ``dest/STUDENT/FILE``; return (roster, files not matched).

    ``roster``: {student id: {group: value}} from the matched names (the
    last file of a student wins for each group). Several attempts of one
    student at one file (the same ``file_id`` up to an attempt suffix such
    as Canvas's ``-1``): the latest is graded (:func:`_latest`), and
    ``intake`` (grader.intake.notes.Intake) gets a note on it naming how it
    was chosen and the attempts not graded; notebooks saved as
    ``.ipynb.txt`` are read like notebooks.
    """
    rx = compile_regexp(regexp)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    roster: dict[str, dict] = {}
    unmatched: list[str] = []
    attempts: dict[tuple[str, str], list[dict]] = {}
    for i, path in enumerate(sorted(root.rglob("*"))):
        lower = path.name.lower()
        notebook = lower.endswith((".ipynb", *MISSAVED))
        if not (notebook or lower.endswith(OTHER_FILES)):
            continue
        rel = path.relative_to(root)
        if any(p in JUNK or p.startswith(".") for p in rel.parts) or not path.is_file() or path.is_symlink():
            continue
        text = unicodedata.normalize("NFC", rel.as_posix())
        m = rx.match(text)
        if not m or not m.group("student_id"):
            if notebook:
                unmatched.append(text)
            continue
        found = {k: v for k, v in m.groupdict().items() if v}
        student = _safe(found["student_id"])
        for item in _files_of(path, text, found, dest.parent / "lms-zips" / str(i), intake):
            attempts.setdefault((student, _attempt_key(item["name"])), []).append(item)
        entry = roster.setdefault(student, {})
        entry.update({k: v for k, v in found.items() if k not in ("file_id",)})
        entry.setdefault("files", []).append(text)
    if intake is not None:  # files of other types a zipped download held (not extracted): named in the row
        _left_out(root, rx, dest, roster, intake)
    for (student, _), files in sorted(attempts.items()):
        best, why = _latest(files) if len(files) > 1 else (files[0], "")
        target = dest / student / best["name"]
        n = 1
        while target.exists():  # two notebooks whose names differ only in case: keep both
            n += 1
            target = dest / student / f"{Path(best['name']).stem} ({n}){Path(best['name']).suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(best["path"], target)
        if best.get("via") and intake is not None:
            intake.add(target, f"unpacked {best['via']!r}")
        if intake is not None:  # what the zip's extraction said about the file (a legacy code page)
            for note in intake.of(best["path"]):
                intake.add(target, note)
        if why and intake is not None:
            others = [f["text"] for f in files if f is not best]
            intake.add(target, f"{len(files)} attempts at {best['name']}: graded {best['text']!r}, {why}; not graded: "
                               + ", ".join(repr(o) for o in others[:3]) + (" ..." if len(others) > 3 else ""))
    return roster, unmatched


# what a student may upload instead of the notebook: a zip (unpacked), or a file the row names
OTHER_FILES = (".zip", *(t for t in WRONG_TYPES if t not in (".txt", ".json")))


def _files_of(path: Path, text: str, found: dict, scratch: Path, intake=None) -> list[dict]:
    """The attempts one matched file of an LMS download stands for: itself (a notebook, or a file of
    another type the row will name), or the notebooks of a zip the student uploaded, unpacked into
    ``scratch`` with the class zip's safe extraction (each named by its own file name)."""
    def item(p: Path, name: str, shown: str, via: str = "") -> dict:
        return {"path": p, "name": name, "text": shown, "found": found, "mtime": p.stat().st_mtime, "via": via}

    name = _safe(found.get("file_id") or path.name)
    lower = name.lower()
    if path.name.lower().endswith(".zip"):
        try:
            safe_extract(path, scratch, intake)
        except GraderError:
            return [item(path, name, text)]  # named as "a zip archive, not the notebook"
        return [item(p, _safe(p.name), f"{text}/{p.relative_to(scratch).as_posix()}", path.name)
                for p in sorted(scratch.rglob("*")) if p.is_file() and p.name.lower().endswith((".ipynb", *MISSAVED))
                and not any(q in JUNK or q.startswith(".") for q in p.relative_to(scratch).parts)] \
            or [item(path, name, text)]
    if not path.name.lower().endswith((".ipynb", *MISSAVED)):
        return [item(path, name, text)]  # a file of another type: the row names it
    if not (lower.endswith(".ipynb") or lower.endswith(MISSAVED)):
        name += ".ipynb"
    elif lower.endswith(".ipynb"):
        name = name[:-6] + ".ipynb"
    return [item(path, name, text)]


def _left_out(root: Path, rx: re.Pattern, dest: Path, roster: dict, intake) -> None:
    """An empty stand-in in ``dest/STUDENT/`` for each file of another type (a PDF) that the zipped
    download held and extraction left out (``intake.left``), so that the student has a row naming it."""
    top = root.resolve()
    for folder, names in list(intake.left.items()):
        if folder != top and top not in folder.parents:
            continue
        for left in names:
            text = unicodedata.normalize("NFC", (folder / left).relative_to(top).as_posix())
            m = rx.match(text)
            if not left.lower().endswith(OTHER_FILES) or not m or not m.group("student_id"):
                continue
            found = {k: v for k, v in m.groupdict().items() if v}
            student = _safe(found["student_id"])
            (dest / student).mkdir(parents=True, exist_ok=True)
            (dest / student / _safe(found.get("file_id") or left)).touch()
            entry = roster.setdefault(student, {})
            entry.update({k: v for k, v in found.items() if k != "file_id"})
            entry.setdefault("files", []).append(text)


def _load_roster(out: Path) -> dict:
    try:
        return json.loads((out / LMS_ROSTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _full_name(info: dict, student: str) -> str:
    first, last = info.get("first_name", ""), info.get("last_name", "")
    return (f"{first} {last}".strip() or info.get("name") or student).strip()


def _points(x: float) -> str:
    return f"{x:g}"


def _note(stem: str, row: dict | None) -> str:
    """What the Canvas ``Notes`` column says of one notebook: a flag or a review note with its reason, else ""."""
    if row is None:
        return ""
    message = row.get("message") or ""
    if row["status"] == Status.FLAGGED:
        return f"{stem}: {message}"
    if "review: " in message:
        return f"{stem}: {message[message.index('review: '):]}"
    return ""


def write_csvs(out: Path, rows: dict[str, dict[str, dict]], stems: list[str], roster: dict[str, dict]) -> list[Path]:
    """Write canvas-grades.csv and moodle-grades.csv into ``out`` (see the module's docstring); return them.

    ``rows``: grades.json's students; ``roster``: this run's
    :func:`collect` result, merged into ``out/.grader-lms.json``.
    """
    known = _load_roster(out)
    for student, info in roster.items():
        known.setdefault(student, {}).update(info)
    (out / LMS_ROSTER).write_text(json.dumps(known, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                              encoding="utf-8")
    students = [s for s in sorted(rows) if s in known]
    graded = [stem for stem in stems if any(rows[s].get(stem, {}).get("status", Status.MISSING) != Status.MISSING
                                            for s in students)]
    maxima = {stem: next((rows[s][stem]["max_score"] for s in students if stem in rows[s]), 0.0) for stem in graded}

    notes = {s: "; ".join(_note(stem, rows[s][stem]) for stem in graded if _note(stem, rows[s].get(stem)))
             for s in students}
    extra = ["Notes"] if any(notes.values()) else []
    canvas = out / CANVAS_CSV
    with open(canvas, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *extra, *graded])
        w.writerow(["    Points Possible", "", "", "", "", *("" for _ in extra), *(_points(maxima[s]) for s in graded)])
        for s in students:
            info = known[s]
            # the name and the notes are for people: never a formula (grader.reports.grades.csv_text); the ID must match as is
            w.writerow([csv_text(_full_name(info, s)), s, "", "", "", *(csv_text(notes[s]) for _ in extra),
                        *(_points(rows[s][stem]["score"]) if stem in rows[s] else "" for stem in graded)])

    moodle = out / MOODLE_CSV
    with open(moodle, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                    "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                    "Feedback comments"])
        total_max = sum(maxima.values())
        for s in students:
            info = known[s]
            have = [rows[s][stem] for stem in graded if stem in rows[s]]
            comments = []
            for stem in graded:
                row = rows[s].get(stem)
                if row is None:
                    continue
                line = f"{stem}: {_points(row['score'])}/{_points(row['max_score'])} ({row['status']})"
                if row.get("message"):
                    line += f" {row['message']}"
                comments.append((row["status"] != Status.FLAGGED, line))  # flagged notebooks first
            w.writerow([f"Participant {s}", csv_text(_full_name(info, s)), csv_text(info.get("email", "")),
                        "Submitted for grading", _points(sum(r["score"] for r in have)), _points(total_max),
                        "Yes", "-", "-", " | ".join(line for _, line in sorted(comments, key=lambda c: c[0]))])
    return [canvas, moodle]
