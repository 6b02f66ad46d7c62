"""The course's reference answers: which functions of its support package answer which notebook's exercises.

Course knowledge, set in the course's nbgrader_config.py as
``c.Integrity.reference_answers`` (grader/nbgrader_config.py for the CNN
course; the grader's default is no table), keyed by a notebook's short name
(``c.CourseNotebooks.short_name``, grader.course.layout.CourseNotebooks). The
static scan flags a learner cell that names or calls one
(grader.integrity.borrowed.borrowed); the clean room hides them from the graded
kernel (grader.integrity.cleanroom).
"""

from __future__ import annotations

from traitlets import Dict as DictTrait
from traitlets.config import Configurable

from grader.course.config import load_config
from grader.course.layout import course_notebooks_config


class Integrity(Configurable):
    """What the static scan needs to know of the course (course knowledge, its nbgrader_config.py)."""

    reference_answers = DictTrait({}, help="notebook short name (c.CourseNotebooks.short_name) -> dotted names "
                                  "of the functions, classes and data (of the course's support package, or of any "
                                  "module) that answer that notebook's own exercises: a learner cell that names or "
                                  "calls one is flagged as a borrowed answer; default: none").tag(config=True)


def reference_table(cfg=None) -> dict[str, tuple[str, ...]]:
    """{short name: dotted names} of the course's reference answers: ``c.Integrity.reference_answers``.

    ``cfg``: the configuration (default: the grader's, grader.course.config.load_config).
    Course knowledge: the course's config sets it (grader/nbgrader_config.py
    for the CNN course); the grader's default is no table.
    """
    table = Integrity(config=load_config() if cfg is None else cfg).reference_answers
    return {str(k): tuple(str(n) for n in v) for k, v in table.items()}


def reference_answers(stem: str, cfg=None) -> tuple[str, ...]:
    """The dotted names (of the course's support package, or any module) that answer notebook
    ``stem``'s exercises: ``c.Integrity.reference_answers``, keyed by the notebook's short name
    (``c.CourseNotebooks.short_name``; the whole key where it is unset). A learner cell that names or
    calls one of them has borrowed its answer (grader/integrity/scan.py)."""
    cfg = load_config() if cfg is None else cfg
    return reference_table(cfg).get(course_notebooks_config(cfg).short(stem), ())


def reference_modules(cfg=None) -> tuple[str, ...]:
    """The modules that hold a reference answer of any notebook: a zygote shared by notebooks never
    imports them (grader/integrity/cleanroom.py)."""
    table = reference_table(cfg)
    return tuple(sorted({name.rpartition(".")[0] for names in table.values() for name in names}))
