"""nbgrader's exchange as a class: ``inbound/`` submissions read as ``nbgrader collect`` reads them.

``nbgrader submit`` copies a student's assignment into the course's
``inbound/STUDENT+ASSIGNMENT+TIMESTAMP[+RANDOM]/``; ``nbgrader collect``
takes the latest of each student's submissions of an assignment. Given such
folders, :func:`exchange_students` does the same with nbgrader's own
record parsing and ordering (its ExchangeCollect), so that the
``student+assignment+time`` names never become students.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path


class _Fail:
    """Stands in for nbgrader's ExchangeCollect as ``self`` of its record helpers: a failure raises."""

    @staticmethod
    def fail(msg):
        raise ValueError(msg)


def exchange_record(name: str) -> dict | None:
    """{username, assignment, timestamp} of an nbgrader exchange submission folder name, else None.

    ``nbgrader submit`` names it ``STUDENT+ASSIGNMENT+TIMESTAMP[+RANDOM]``
    (nbgrader.exchange.default.submit); it is read with nbgrader's own
    ExchangeCollect._path_to_record (username and timestamp, parsed with
    parse_utc), the assignment being the second field.
    """
    parts = name.rsplit("+", 3)
    if len(parts) < 3 or not all(parts[:3]) or not re.search(r"\d{4}-\d\d-\d\d", parts[2]):
        return None
    from nbgrader.exchange.default.collect import ExchangeCollect

    try:
        record = ExchangeCollect._path_to_record(_Fail, name)
    except (ValueError, OverflowError, TypeError):
        return None
    if record.get("timestamp") is None:
        return None
    return {"username": record["username"], "assignment": parts[1], "timestamp": record["timestamp"],
            "filename": name}


def exchange_students(entries: list[Path], intake=None) -> dict[str, Path]:
    """{student: folder} built from exchange submissions ``entries`` (``STUDENT+ASSIGNMENT+TIME``).

    For each student and assignment the latest submission is taken, as
    ``nbgrader collect`` does (its ExchangeCollect._sort_by_timestamp), and
    copied to ``intake.scratch/exchange/STUDENT/ASSIGNMENT/``; the folder's
    note names the submission graded and the ones not graded.
    """
    from nbgrader.exchange.default.collect import ExchangeCollect

    groups: dict[tuple[str, str], list[dict]] = {}
    for entry in entries:
        record = exchange_record(entry.name)
        record["path"] = entry
        groups.setdefault((unicodedata.normalize("NFC", record["username"]), record["assignment"]), []).append(record)
    base = (intake.scratch if intake is not None and intake.scratch is not None else entries[0].parent) / "exchange"
    found: dict[str, Path] = {}
    for (student, assignment), records in sorted(groups.items()):
        latest = ExchangeCollect._sort_by_timestamp(_Fail, records)
        chosen = latest[0]
        dest = base / student / assignment
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(chosen["path"], dest, symlinks=True)
        found[student] = base / student
        if intake is not None:
            note = (f"from the exchange's inbound/: {assignment} submitted {chosen['timestamp']:%Y-%m-%d %H:%M:%S} UTC "
                    f"({chosen['filename']!r})")
            if len(latest) > 1:
                others = ", ".join(f"{r['timestamp']:%Y-%m-%d %H:%M:%S}" for r in latest[1:4])
                note += f", the latest of {len(latest)} submissions, as nbgrader collect takes; not graded: {others}"
            intake.add(dest, note)
    return found
