"""Fill a student notebook with the solutions: what a learner who got everything right hands in.

The one place that does it: ``python -m grader demo``'s sample class, the
benchmarks and the tests all call :func:`filled` (or :func:`solutions` for
the answers alone). A solution is the source notebook's solution cell with
nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION`` marker lines
removed (the markers' regular expressions are grader.autograde.scrub's).
"""

from __future__ import annotations

import copy

from grader.autograde.secretlines import BLOCK
from grader.cells import cell_source, nbgrader_meta

_BEGIN, _END = BLOCK["solution"]


def strip_markers(text: str) -> str:
    """``text`` without its solution marker lines (the code between them stays)."""
    return "".join(line for line in text.splitlines(keepends=True) if not (_BEGIN.match(line) or _END.match(line)))


def solutions(source: dict) -> dict[str, str]:
    """{solution cell grade_id: its answer, markers removed} of an nbgrader source notebook (a dict)."""
    return {nbgrader_meta(c)["grade_id"]: strip_markers(cell_source(c))
            for c in source["cells"] if nbgrader_meta(c).get("solution") and nbgrader_meta(c).get("grade_id")}


def filled(student: dict, source: dict, replace: dict[str, str] | None = None) -> dict:
    """A copy of the released ``student`` notebook whose solution cells hold the answers of ``source``.

    ``replace``: {solution grade_id: other source} for those cells (a
    plausible mistake, a correct variant). Both notebooks are nbformat
    dicts as json.load gives them; neither is changed.
    """
    answers = solutions(source)
    nb = copy.deepcopy(student)
    for cell in nb["cells"]:
        gid = nbgrader_meta(cell).get("grade_id")
        if not nbgrader_meta(cell).get("solution") or gid is None:
            continue
        if replace and gid in replace:
            cell["source"] = replace[gid]
        elif gid in answers:
            cell["source"] = answers[gid]
    return nb
