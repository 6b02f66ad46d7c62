"""nbgrader's ``generate_assignment``, run in-process on one assignment of a course folder, its log kept quiet.

The step that turns a source notebook into its release and stores every
test cell, hidden tests included, in the gradebook (nbgrader's SaveCells runs
before ClearHiddenTests); grader.course.build.build runs it for each
assignment of the course.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from grader.course.config import load_config
from grader.errors import GraderError


@contextlib.contextmanager
def quiet_nbgrader():
    """Keep nbgrader's log off the terminal; collect errors for our message."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    loggers = [logging.getLogger(n) for n in ("traitlets", "NbGrader", "nbgrader")]
    saved = [(lg.level, lg.propagate, list(lg.handlers)) for lg in loggers]
    handler = Keep(level=logging.WARNING)
    for lg in loggers:
        lg.handlers = [handler]
        lg.propagate = False
        lg.setLevel(logging.WARNING)
    try:
        yield records
    finally:
        for lg, (level, prop, handlers) in zip(loggers, saved, strict=True):
            lg.setLevel(level)
            lg.propagate = prop
            lg.handlers = handlers


def generate_assignment(root: Path, stem: str, config: Path | None = None) -> None:
    """Run nbgrader's GenerateAssignment for one notebook in course dir ``root``, under the grader's
    configuration and ``config`` (an nbgrader course folder's own nbgrader_config.py) over it."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    cfg = load_config(config)
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    cfg.CourseDirectory.assignment_id = stem
    cfg.GenerateAssignment.force = True
    # nbgrader runs in the course folder (its root), and a course's config names files relative to it
    # (quickstart's c.IncludeHeaderFooter.header = "source/header.ipynb"); ``root`` is a build folder
    if config is not None and "IncludeHeaderFooter" in cfg:
        for key in ("header", "footer"):
            named = cfg.IncludeHeaderFooter.get(key)
            if isinstance(named, str) and named and not os.path.isabs(named):
                cfg.IncludeHeaderFooter[key] = str(Path(config).parent / named)
    with quiet_nbgrader() as records:
        try:
            GenerateAssignment(coursedir=CourseDirectory(config=cfg), config=cfg).start()
        except Exception as exc:  # noqa: BLE001 - report nbgrader's own reason in one line
            why = [r.getMessage().strip().splitlines()[-1] for r in records
                   if r.levelno >= logging.ERROR and r.getMessage().strip()]
            why = [w for w in why if "see the the above" not in w] or [str(exc)]
            raise GraderError(f"nbgrader generate_assignment failed for {stem}: {why[0]}") from None
