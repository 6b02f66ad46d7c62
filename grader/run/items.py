"""What a run hands out and what comes back: one work item, one graded result.

Both engines (the local pool, grader.run.pool; Dask, grader.run.distributed)
and the run's parent (grader.run.grade) speak these types. NamedTuples and a
dataclass, so that they pickle across processes as plain tuples and fields do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class WorkItem(NamedTuple):
    """One (student, notebook) to grade.

    ``key``: (student, stem), the row's place in grades.json; ``stem``: the
    course key (grader.course.layout: ``NB`` or ``ASSIGNMENT/NB``); ``path``:
    the submitted notebook (a str, so that it pickles to another host's
    worker), None when nothing was handed in; ``note``: what intake found
    about the file (a repaired name, a timestamp), joined into the row's message.
    """

    key: tuple[str, str]
    stem: str
    student: str
    path: str | None
    note: str


class RemoteItem(NamedTuple):
    """A :class:`WorkItem` as it travels to a Dask worker: the submission's bytes, not its path."""

    stem: str
    student: str
    filename: str | None  # the submitted file's name, None when nothing was handed in
    content: bytes | None  # its bytes
    note: str


@dataclass
class Graded:
    """What grading one item gave: grades.json's row and what the grader keeps beside it.

    ``row``: the public row (score, max_score, status, message, tests;
    docs/grader/outputs.md, "What `grade` writes"); ``errors``: {test grade_id: its failure,
    as feedback shows it}; ``flags``: integrity findings (tampering, borrowed
    answers, ``review: ...`` notes); ``answers``: {solution grade_id: the
    learner's cell source}; ``restored``: repairs of the course state made
    while grading; ``timings``: wall seconds by phase (``seconds``, ``exec``,
    ``kernel``) and CPU seconds (``worker_cpu``, ``kernel_cpu``); ``cell_errors``: ``check``'s {cell label: error} of exercise
    cells that failed to run.
    """

    row: dict
    errors: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    restored: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cell_errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: dict) -> Graded:
        """Split a row of grader.autograde.notebook (public keys, and private ones that start with ``_``:
        ``_errors``, ``_flags``, ``_answers``, ``_restored``, ``_seconds``, ``_exec``, ``_kernel``)
        into a :class:`Graded`; ``row`` is not changed."""
        public = {k: v for k, v in row.items() if not k.startswith("_")}
        private = {k[1:]: v for k, v in row.items() if k.startswith("_")}
        return cls(public, errors=dict(private.get("errors") or {}), flags=list(private.get("flags") or []),
                   answers=dict(private.get("answers") or {}), restored=list(private.get("restored") or []),
                   timings={k: v for k, v in private.items() if isinstance(v, float)},
                   cell_errors=dict(private.get("cell_errors") or {}))
