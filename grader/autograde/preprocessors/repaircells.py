"""RepairCells (sanitising, before nbgrader's OverwriteCells): nbgrader metadata from the release.

Gives every cell with a known grade_id its nbgrader metadata from the release
again (so that a learner cannot turn a test cell into a solution cell or
change its points), drops metadata with unknown grade_ids, matches cells whose
nbgrader metadata another editor stripped to the release by their content
(grader.intake.repair.match_stripped), and puts back test, locked and solution
cells that a learner deleted, where they were.
"""

from __future__ import annotations

import ast
import copy
import json
import os

from nbformat.notebooknode import from_dict
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from grader.cells import nbgrader_meta, to_python
from grader.intake.repair import match_stripped


class RepairCells(NbGraderPreprocessor):
    """nbgrader metadata from the release (stripped metadata matched by content); deleted course cells back in place."""

    release_path = Unicode("", help="the released notebook of this assignment").tag(config=True)

    def reference(self, resources) -> str:
        """The released notebook to repair from.

        ``python -m grader`` names its verified copy; under nbgrader's own
        ``nbgrader autograde ASSIGNMENT --config grader/nbgrader_config.py``
        it is the course directory's ``release/ASSIGNMENT/NB.ipynb`` (nbgrader's
        CourseDirectory, from the same configuration), or ``source/...`` where
        the release was not kept. Raises ValueError naming both when neither exists.
        """
        path = self.release_path or resources.get("grader", {}).get("release_path", "")
        if path:
            return path
        from nbgrader.coursedir import CourseDirectory

        meta = resources.get("nbgrader", {})
        assignment, notebook = meta.get("assignment", ""), meta.get("notebook", "")
        cd = CourseDirectory(config=self.config)
        tried = []
        for step in (cd.release_directory, cd.source_directory):
            candidate = os.path.join(cd.format_path(step, ".", assignment), f"{notebook}.ipynb")
            if os.path.isfile(candidate):
                return candidate
            tried.append(candidate)
        raise ValueError(f"RepairCells: neither {tried[0]} nor {tried[1]} exists; run nbgrader generate_assignment "
                         f"{assignment} in the course directory first")

    def preprocess(self, nb, resources):
        with open(self.reference(resources), encoding="utf-8") as f:
            release = json.load(f)
        ref = {}
        order = []
        for cell in release["cells"]:
            gid = nbgrader_meta(cell).get("grade_id")
            if gid:
                ref[gid] = cell
                order.append(gid)
        notes = resources.setdefault("grader", {}).setdefault("notes", [])
        _unchanged_copies(nb, ref, notes)  # before the last copy of a grade_id takes the metadata
        self._metadata_from_release(nb, ref, notes)
        matched = match_stripped(nb.cells, release["cells"])  # another editor stripped the metadata
        for cell in nb.cells:
            if nbgrader_meta(cell).get("grade_id") in matched:
                cell.metadata["nbgrader"] = from_dict(cell.metadata["nbgrader"])
        if matched:
            notes.append(f"its nbgrader metadata was missing on {len(matched)} cell(s) (another editor removed "
                         "it?); matched them to the released notebook by their content")
        self._put_back_deleted(nb, ref, order, notes)
        for cell in nb.cells:  # a learner may have retyped a cell nbgrader does not know
            if cell.cell_type == "code":
                cell.setdefault("outputs", [])
                cell.setdefault("execution_count", None)
        return nb, resources

    @staticmethod
    def _metadata_from_release(nb, ref: dict, notes: list[str]) -> None:
        """Every cell with a grade_id of the release gets the release's nbgrader metadata; duplicates
        (all but the last copy) and unknown grade_ids lose theirs."""
        dropped = []
        seen: set[str] = set()
        for cell in reversed(nb.cells):  # duplicates: the last copy keeps the metadata
            gid = nbgrader_meta(cell).get("grade_id")
            if gid in seen:
                del cell.metadata["nbgrader"]
            elif gid:
                seen.add(gid)
        for cell in nb.cells:
            if "nbgrader" not in cell.get("metadata", {}):
                continue
            gid = nbgrader_meta(cell).get("grade_id")
            if gid not in ref:
                del cell.metadata["nbgrader"]
                if gid:
                    dropped.append(str(gid))
                continue
            cell.metadata["nbgrader"] = from_dict(copy.deepcopy(ref[gid]["metadata"]["nbgrader"]))
        if dropped:
            notes.append(f"ignored unknown grade_ids {', '.join(dropped[:3])}")

    @staticmethod
    def _put_back_deleted(nb, ref: dict, order: list[str], notes: list[str]) -> None:
        """The release's graded cells missing from ``nb``, inserted after the course cell that precedes them."""
        present = {nbgrader_meta(c).get("grade_id") for c in nb.cells} - {None}
        restored = []
        for i, gid in enumerate(order):
            if gid in present:
                continue
            at = 0
            for prev in reversed(order[:i]):
                idx = next((k for k, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == prev), None)
                if idx is not None:
                    at = idx + 1
                    break
            back = from_dict(copy.deepcopy(ref[gid]))
            if isinstance(back.get("source"), list):
                back["source"] = "".join(back["source"])
            meta = nbgrader_meta(back)
            if meta.get("solution") and not meta.get("grade") and _bound(back["source"]) and \
                    _bound(back["source"]) <= set().union(*(_bound(c.source) for c in nb.cells if _learners(c))):
                # its names are the learner's, written in another cell: the stub back would undo them
                back["source"] = f"# {gid}: written in another cell of this notebook\n"
            nb.cells.insert(at, back)
            present.add(gid)
            restored.append(gid)
        if restored:
            notes.append(f"put back {len(restored)} deleted cell(s): {', '.join(restored[:4])}"
                         + (" ..." if len(restored) > 4 else ""))


def _unchanged_copies(nb, ref: dict, notes: list[str]) -> None:
    """An exercise cell pasted twice (JupyterLab's copy and paste keeps its nbgrader metadata), one copy
    written, another exactly as released: the unchanged copy becomes a comment without metadata, so that
    its stub neither redefines the learner's function nor takes the grade_id (nbgrader's DeduplicateIds
    keeps the last cell's)."""
    by_id: dict[str, list] = {}
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if cell.cell_type == "code" and gid in ref and nbgrader_meta(ref[gid]).get("solution"):
            by_id.setdefault(gid, []).append(cell)
    for gid, cells in by_id.items():
        released = "".join(ref[gid]["source"]) if isinstance(ref[gid]["source"], list) else ref[gid]["source"]
        stubs = [c for c in cells if c.source.strip() == released.strip()]
        if len(cells) < 2 or not stubs or len(stubs) == len(cells):
            continue
        for cell in stubs:
            cell.metadata.pop("nbgrader", None)
            cell.source = f"# {gid}: an unchanged copy of this exercise cell; the copy written is graded\n"
        notes.append(f"the exercise cell {gid} was there {len(cells)} times; graded the copy written, not "
                     "the unchanged one")


def _learners(cell) -> bool:
    """Whether ``cell`` is a code cell the learner writes: no nbgrader metadata, or an exercise (solution)
    cell; not a locked course cell nor a test."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and not meta.get("locked") and not (meta.get("grade") and not meta.get("solution"))


def _bound(source: str) -> set[str]:
    """The names a cell's top level binds (def, class, assignments, imports); empty when it does not parse."""
    try:
        tree = ast.parse(to_python(source if isinstance(source, str) else "".join(source)))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names
