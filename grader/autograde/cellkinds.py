"""Which cells of a notebook nbgrader grades, and which the grader restores from the course."""

from __future__ import annotations

from nbgrader import utils

from grader.cells import nbgrader_meta


def is_trusted(cell) -> bool:
    """A cell whose source the grader restores from the course (test or locked)."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade_id")) and not meta.get("solution") and bool(meta.get("locked") or meta.get("grade"))


def is_test(cell) -> bool:
    """A graded test cell (nbgrader: grade and not solution)."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def describe(cell, index: int) -> str:
    """How a message names the cell at ``index`` (0-based): "cell 4 (grade_id)"."""
    gid = nbgrader_meta(cell).get("grade_id")
    return f"cell {index + 1} ({gid})" if gid else f"cell {index + 1}"
