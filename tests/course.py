"""Helpers for the course-wide tests: read solutions/, fill student notebooks.

A "filled" notebook is the student release from notebooks/ with every
solution cell replaced by the solution's code (markers removed): what a
learner who got everything right would hand in.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"

_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def stems() -> list[str]:
    """Notebook stems in course order (01_..., 02_...)."""
    return sorted(p.stem for p in SOLUTIONS.glob("*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbgrader_meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def solution_cells(nb: dict) -> dict[str, dict]:
    return {nbgrader_meta(c)["grade_id"]: c for c in nb["cells"] if nbgrader_meta(c).get("solution")}


def graded_cells(nb: dict) -> dict[str, float]:
    """{grade_id: points} of the graded cells."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c).get("points", 0))
            for c in nb["cells"] if nbgrader_meta(c).get("grade")}


def strip_markers(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not _MARKER.match(line))


def filled(stem: str, replace: dict[str, str] | None = None) -> dict:
    """The student notebook with the solutions filled in; ``replace`` maps
    solution grade_ids to other source (a mistake)."""
    student = load(NOTEBOOKS / f"{stem}.ipynb")
    answers = solution_cells(load(SOLUTIONS / f"{stem}.ipynb"))
    out = copy.deepcopy(student)
    for cell in out["cells"]:
        meta = nbgrader_meta(cell)
        if not meta.get("solution"):
            continue
        gid = meta["grade_id"]
        if replace and gid in replace:
            cell["source"] = replace[gid]
        else:
            cell["source"] = strip_markers(source(answers[gid]))
    return out


def write(nb: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
