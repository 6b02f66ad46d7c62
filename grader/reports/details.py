"""What the class report keeps beside grades.json, and how it names students.

- ``DIR/.grader-details.json`` (grader.outfolder.DETAILS): per graded
  notebook, the one-line failure of each failed test cell, the integrity
  flags and the learner's solution cells (:func:`row_details`); hidden-test
  source is never kept, only the error a hidden test raised, as the
  feedback shows it;
- :class:`Pseudonyms`: stable pseudonyms for an anonymised report, keyed in
  ``DIR/.grader-pseudonym-key`` (grader.outfolder.PSEUDONYM_KEY).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path

from grader.outfolder import DETAILS, PSEUDONYM_KEY
from grader.run.items import Graded

FORMAT = 1  # of .grader-details.json
WORD = re.compile(r"\w+")
MAX_TEXT = 2000  # characters kept of one failure
MAX_ANSWER = 20000  # characters kept of one solution cell


# -- what the grader keeps per row ------------------------------------------------------------
def row_details(graded: Graded) -> dict:
    """What .grader-details.json keeps of one graded item (grader.run.items.Graded): its failures, flags
    and solution cells, each cut to MAX_TEXT or MAX_ANSWER characters."""
    return {"errors": {gid: str(text)[:MAX_TEXT] for gid, text in graded.errors.items()},
            "flags": [str(f)[:MAX_TEXT] for f in graded.flags],
            "answers": {gid: str(src)[:MAX_ANSWER] for gid, src in graded.answers.items()}}


def load_details(out: Path) -> dict:
    """{student: {stem: details}} from DIR/.grader-details.json ({} when absent or damaged)."""
    try:
        data = json.loads((out / DETAILS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("students", {}) if isinstance(data, dict) else {}


def save_details(out: Path, details: dict) -> None:
    tmp = out / (DETAILS + ".tmp")
    tmp.write_text(json.dumps({"format": FORMAT, "students": details}, ensure_ascii=False), encoding="utf-8")
    tmp.replace(out / DETAILS)


# -- pseudonyms ---------------------------------------------------------------------------------
class Pseudonyms:
    """Stable pseudonyms: an HMAC-SHA256 of the student id with a key kept in
    DIR/.grader-pseudonym-key (or $GRADER_REPORT_KEY, to share pseudonyms between
    output folders). The same key gives the same pseudonym in every run; without
    the key a pseudonym cannot be checked against a guessed name."""

    def __init__(self, out: Path, ids: list[str]):
        key = os.environ.get("GRADER_REPORT_KEY", "")
        path = out / PSEUDONYM_KEY
        if not key:
            try:
                key = path.read_text(encoding="utf-8").strip()
            except OSError:
                key = ""
            if not key:
                key = secrets.token_hex(16)
                path.write_text(key + "\n", encoding="utf-8")
        self.map: dict[str, str] = {}
        taken: set[str] = set()
        for sid in sorted(ids):
            digest = hmac.new(key.encode(), sid.encode(), hashlib.sha256).hexdigest()
            n = 6
            while f"student-{digest[:n]}" in taken:
                n += 1
            self.map[sid] = f"student-{digest[:n]}"
            taken.add(self.map[sid])
        self._by_first: dict[str, list[str]] = {}  # first word of an id -> the ids starting with it
        self._odd: list[str] = []  # ids that do not start with a word character
        for sid in ids:
            if len(sid) >= 3:
                first = WORD.match(sid)
                if first:
                    self._by_first.setdefault(first.group(), []).append(sid)
                else:
                    self._odd.append(sid)

    def name(self, sid: str) -> str:
        return self.map.get(sid, sid)

    def scrub(self, text: str) -> str:
        """``text`` with every whole-word student id (3 characters or more) replaced.

        Only the ids whose first word occurs in the text go into the pattern, so
        a long feedback page costs one scan, not one per student."""
        if not text:
            return text
        found = [sid for w in set(WORD.findall(text)) for sid in self._by_first.get(w, ())] + self._odd
        if not found:
            return text
        found.sort(key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, found)) + r")(?!\w)")
        return pattern.sub(lambda m: self.map[m.group(1)], text)


class Names:
    """No pseudonyms: ids as they are (the same methods as :class:`Pseudonyms`)."""

    def name(self, sid):
        return sid

    def scrub(self, text):
        return text
