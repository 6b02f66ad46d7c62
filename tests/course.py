"""Helpers for the course-wide tests: read solutions/, fill student notebooks.

A "filled" notebook is the student release from notebooks/ with every
solution cell replaced by the solution's code (markers removed): what a
learner who got everything right would hand in. Filling is grader.course.fill's
(the one helper the demo, the benchmarks and the tests share).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from grader.course import fill

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"


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


strip_markers = fill.strip_markers


def filled(stem: str, replace: dict[str, str] | None = None) -> dict:
    """The student notebook with the solutions filled in; ``replace`` maps
    solution grade_ids to other source (a mistake)."""
    return fill.filled(load(NOTEBOOKS / f"{stem}.ipynb"), load(SOLUTIONS / f"{stem}.ipynb"), replace)


def write(nb: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Grading plausible mistakes cheaply, without losing rigour.
#
# Each mistake is graded through the real grader. Two things keep that fast:
# 1. trimmed(): the submission drops the unlocked "look at the result" cells
#    (plots, widgets, timings) whose names no later cell uses. A learner may
#    delete such cells; the grader restores every test cell anyway. A control
#    student, the trimmed solution, must still score full marks.
# 2. groups(): mistakes in different exercises share one submission when a
#    data-flow analysis of the notebook shows that neither exercise can reach
#    a test cell that the other mistake must fail.

def _python(src: str) -> str:
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(src)


def _statement_names(node) -> tuple[set[str], set[str]]:
    import ast

    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        # a definition reads only its free names: not its parameters or locals
        inner_stored, inner_loaded = set(), set()
        for child in node.body:
            st, ld = _statement_names(child)
            inner_stored |= st
            inner_loaded |= ld
        params = {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
        outer = set()
        for extra in [*node.decorator_list, *getattr(node, "bases", []),
                      *(getattr(node.args, "defaults", []) if hasattr(node, "args") else [])]:
            outer |= _statement_names(extra)[1]
        return {node.name}, (inner_loaded - inner_stored - params) | outer
    stored, loaded = set(), set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            (stored if isinstance(sub.ctx, (ast.Store, ast.Del)) else loaded).add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            stored.update((a.asname or a.name).split(".")[0] for a in sub.names)
    return stored, loaded


def _statements(src: str) -> list[tuple[set[str], set[str]]]:
    """[(names stored, names read)] for each top-level statement of a cell."""
    import ast

    try:
        tree = ast.parse(_python(src))
    except SyntaxError:
        return []
    return [_statement_names(node) for node in tree.body]


def _names(src: str) -> tuple[set[str], set[str]]:
    """(names a cell assigns, names it reads)."""
    stored, loaded = set(), set()
    for st, ld in _statements(src):
        stored |= st
        loaded |= ld
    return stored, loaded


def trimmed(nb: dict) -> dict:
    """The notebook without markdown and without unlocked, non-graded code
    cells whose assigned names no later kept cell reads."""
    out = copy.deepcopy(nb)
    keep: list[dict] = []
    needed: set[str] = set()
    for cell in reversed(out["cells"]):
        if cell["cell_type"] != "code":
            continue
        stored, loaded = _names(source(cell))
        if nbgrader_meta(cell) or stored & needed:
            keep.append(cell)
            needed |= loaded
    out["cells"] = list(reversed(keep))
    return out


def _dataflow(nb: dict) -> tuple[dict[str, set[str]], dict[str, dict[str, set[str]]]]:
    """Walk the notebook's statements in order, tracking which solution cells
    each name's value can depend on. Returns ({test grade_id: solution
    grade_ids that reach it}, {solution grade_id: the taint map just before it})."""
    taint: dict[str, set[str]] = {}
    reach: dict[str, set[str]] = {}
    before: dict[str, dict[str, set[str]]] = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        meta = nbgrader_meta(cell)
        own = {meta["grade_id"]} if meta.get("solution") else set()
        if own:
            before[meta["grade_id"]] = dict(taint)
        seen: set[str] = set()
        for stored, loaded in _statements(source(cell)):
            deps = set(own).union(*(taint.get(n, set()) for n in loaded))
            seen |= deps
            for n in stored:
                taint[n] = deps
        if meta.get("grade"):
            reach[meta["grade_id"]] = seen
    return reach, before


def exercise_reach(nb: dict) -> dict[str, set[str]]:
    """{test grade_id: solution grade_ids whose code can flow into that test}."""
    return _dataflow(nb)[0]


def mistake_refs(nb: dict, mistakes: list) -> dict[str, set[str]]:
    """{mistake name: other solution cells its own code can read}: a mistake
    may call another exercise's function where the solution does not."""
    before = _dataflow(nb)[1]
    refs = {}
    for m in mistakes:
        taint = before.get(m.cell, {})
        _, loaded = _names(m.source)
        refs[m.name] = set().union(*(taint.get(n, set()) for n in loaded)) - {m.cell}
    return refs


def groups(mistakes: list, reach: dict[str, set[str]],
           refs: dict[str, set[str]] | None = None) -> list[list]:
    """Pack mistakes into submissions: one per solution cell at most, no
    member's cell may reach a test cell that another member must fail, and
    no member's own code may read another member's cell."""
    refs = refs or {}
    packed: list[list] = []
    for m in mistakes:
        for group in packed:
            ok = all(
                other.cell != m.cell
                and not any(m.cell in reach.get(t, set()) for t in [*other.loses, *getattr(other, "keeps", [])])
                and not any(other.cell in reach.get(t, set()) for t in [*m.loses, *getattr(m, "keeps", [])])
                and other.cell not in refs.get(m.name, set())
                and m.cell not in refs.get(other.name, set())
                for other in group
            )
            if ok:
                group.append(m)
                break
        else:
            packed.append([m])
    return packed
