"""Correct implementations written differently from the solutions.

Each module ``nbNN.py`` defines NOTEBOOK and ALTERNATIVES, a list of
:class:`Alternative`: the whole source of one solution cell, written the ways
learners write it (other loop orders, einsum, stride tricks, attributes
instead of dicts, other creation orders, lists for tuples, float32 or integer
inputs handled). tests/test_course.py grades them with the real grader in the
course's one class run: every one must keep full marks.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Alternative:
    cell: str      # grade_id of the solution cell replaced
    name: str      # unique within the notebook, [a-z0-9-]
    source: str    # the whole replacement source of that cell

    def __post_init__(self):
        if not re.fullmatch(r"[a-z0-9-]+", self.name):
            raise ValueError(f"alternative name {self.name!r} must match [a-z0-9-]+")
        object.__setattr__(self, "source", textwrap.dedent(self.source).strip() + "\n")


def all_alternatives() -> dict[str, list[Alternative]]:
    """{notebook stem: [Alternative, ...]} for every module in this package."""
    found: dict[str, list[Alternative]] = {}
    for info in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        found.setdefault(mod.NOTEBOOK, []).extend(mod.ALTERNATIVES)
    return found


def students(alternatives: list[Alternative]) -> list[list[Alternative]]:
    """Pack one notebook's alternatives into submissions: the k-th alternative of
    every exercise goes to submission k (one per solution cell in each)."""
    packed: list[list[Alternative]] = []
    seen: dict[str, int] = {}
    for alt in alternatives:
        k = seen.get(alt.cell, 0)
        seen[alt.cell] = k + 1
        while len(packed) <= k:
            packed.append([])
        packed[k].append(alt)
    return packed
