"""Plausible wrong implementations of every graded exercise.

Each module ``nbNN.py`` defines NOTEBOOK (the notebook's stem) and MISTAKES, a
list of :class:`Mistake`. tests/test_course.py grades each one through the
real grader and asserts that the listed test cells take points away.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import textwrap
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mistake:
    cell: str                      # grade_id of the solution cell replaced
    name: str                      # unique within the notebook, [a-z0-9-]
    loses: list[str] = field(default_factory=list)  # test cells that must lose points
    source: str = ""               # the whole replacement source of that cell
    keeps: list[str] = field(default_factory=list)  # test cells about other aspects: full marks

    def __post_init__(self):
        if not re.fullmatch(r"[a-z0-9-]+", self.name):
            raise ValueError(f"mistake name {self.name!r} must match [a-z0-9-]+")
        if not self.loses:
            raise ValueError(f"mistake {self.name!r} must name the test cells it loses")
        object.__setattr__(self, "source", textwrap.dedent(self.source).strip() + "\n")


def all_mistakes() -> dict[str, list[Mistake]]:
    """{notebook stem: [Mistake, ...]} for every module in this package."""
    found: dict[str, list[Mistake]] = {}
    for info in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        found.setdefault(mod.NOTEBOOK, []).extend(mod.MISTAKES)
    return found
