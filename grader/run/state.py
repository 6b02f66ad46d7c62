"""``DIR/.grader-state.json``: what a later run on the same output folder resumes from.

Written by ``grade`` (grader.run.grade) and ``merge`` (grader.run.shard),
read by both and by the class report: the prepared course's key
(``"course"``), the shard, per item the fingerprint of what was graded
(``"items"``: {student: {key: sha256 of the submission, or "missing:..."}}),
the per-item timings, the feedback pages' fingerprints and the last run's
facts (``"last_run"``). Its name: grader.outfolder.STATE.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.outfolder import STATE


def read_state(out: Path) -> dict:
    """The state of the output folder ``out``; raises OSError (no file) or ValueError (damaged JSON)."""
    return json.loads((Path(out) / STATE).read_text(encoding="utf-8"))


def write_state(out: Path, state: dict) -> None:
    """Write ``state`` as ``out``'s state file (indented JSON, UTF-8)."""
    (Path(out) / STATE).write_text(json.dumps(state, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def submitted_before(out: Path) -> dict[str, dict]:
    """{student: what was graded of them} for the students who handed in a notebook in an earlier run on
    ``out`` (the items of its .grader-state.json, --force or not: a removed student stays removed)."""
    try:
        items = read_state(out).get("items", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {s: have for s, have in items.items()
            if isinstance(have, dict) and any(v and not str(v).startswith(("missing:", "invalid:")) for v in have.values())}
