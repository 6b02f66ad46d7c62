"""python -m grader release [--check]: notebooks/ from solutions/ with nbgrader.

The student notebooks are nbgrader's generate_assignment output, written
byte-stable (cell ids and notebook metadata from the source, no outputs, no
execution counts, nbformat's JSON layout) so that ``--check`` can compare
bytes and CI can tell when notebooks/ is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.course.build import Prepared, prepare
from grader.course.config import REPO
from grader.course.layout import course_notebooks_config

KEEP_NB_METADATA = ("kernelspec", "language_info")
KEEP_CELL_METADATA = ("nbgrader", "tags", "editable", "deletable", "jupyter")


def default_notebooks() -> Path:
    return REPO / "notebooks"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def dumps(nb: dict) -> str:
    """nbformat's on-disk layout: source as a list of lines, indent 1, sorted keys."""
    for cell in nb["cells"]:
        src = cell.get("source", "")
        cell["source"] = _lines(src) if isinstance(src, str) else src
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def student_notebook(prep: Prepared, stem: str) -> str:
    """The released (student) notebook of ``stem`` as the text to commit."""
    source = json.loads(prep.source(stem).read_text(encoding="utf-8"))
    rel = json.loads(prep.release(stem).read_text(encoding="utf-8"))
    out = {
        "cells": [],
        "metadata": {k: source["metadata"][k] for k in KEEP_NB_METADATA if k in source.get("metadata", {})},
        "nbformat": source.get("nbformat", 4),
        "nbformat_minor": source.get("nbformat_minor", 5),
    }
    src_cells = source.get("cells", [])
    for i, cell in enumerate(rel["cells"]):
        new = {"cell_type": cell["cell_type"],
               "metadata": {k: v for k, v in cell.get("metadata", {}).items() if k in KEEP_CELL_METADATA},
               "source": "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]}
        original = src_cells[i] if i < len(src_cells) else {}
        if "id" in original:
            new["id"] = original["id"]
        if cell["cell_type"] == "code":
            new["execution_count"] = None
            new["outputs"] = []
        if "attachments" in cell:
            new["attachments"] = cell["attachments"]
        out["cells"].append(new)
    return dumps(out)


def release(solutions: Path | None = None, notebooks: Path | None = None,
            check: bool = False) -> tuple[list[str], list[str]]:
    """Regenerate ``notebooks`` (or only compare, with ``check``).

    Returns (out_of_date, stale): notebooks whose content differs from a fresh
    generate_assignment, and notebooks without a source in solutions/.
    """
    prep = prepare(solutions)
    notebooks = notebooks or default_notebooks()
    out_of_date: list[str] = []
    for stem in prep.stems:
        text = student_notebook(prep, stem)
        path = notebooks / f"{stem}.ipynb"
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            out_of_date.append(f"{stem}.ipynb")
            if not check:
                notebooks.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    names = course_notebooks_config(prep.load_config())
    stale = sorted(p.name for p in notebooks.glob("*.ipynb")
                   if names.is_course_notebook(p.stem) and p.stem not in prep.infos) if notebooks.is_dir() else []
    if not check:
        for name in stale:
            (notebooks / name).unlink()
    return out_of_date, stale
