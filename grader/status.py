"""A graded notebook's status, as grades.json writes it (docs/grader/outputs.md, "Statuses and messages").

A leaf: imports nothing of grader. :class:`Status` is a ``str`` Enum, so a
member *is* its string: it compares, hashes, formats and serialises (json,
csv) exactly as the plain string grades.json has always held, and a row read
back from grades.json (plain strings) compares equal to the members.
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """What became of one (student, notebook): the ``status`` of a grades.json row."""

    GRADED = "graded"  # it ran; its score is what its tests earned
    MISSING = "missing"  # nothing handed in (no kernel, no gradebook entry)
    INVALID = "invalid"  # handed in, but not a notebook the grader can read (a .py, damaged JSON)
    TIMEOUT = "timeout"  # a cell or the notebook ran past its time limit
    CRASHED = "crashed"  # the kernel died (memory, a signal) or the grader failed on it
    FLAGGED = "flagged"  # tampering found: scored 0, for an instructor's review

    # the string's own hash, str() and format(), not Enum's (which use the member's name): a member is
    # then interchangeable with its value as a dict key, in an f-string and in csv
    __hash__ = str.__hash__
    __format__ = str.__format__

    def __str__(self) -> str:
        return self.value


# statuses that cost the run its exit code 0 (`grade` exits 1, docs/grader/commands.md, "The commands")
NOT_GRADED_NORMALLY = (Status.INVALID, Status.TIMEOUT, Status.CRASHED, Status.FLAGGED)
# the notebook's kernel ran: its tests count in the class report's item analysis
RAN = (Status.GRADED, Status.TIMEOUT, Status.CRASHED)
