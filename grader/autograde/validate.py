"""A submitted notebook read and checked before grading: readable, within its size, repaired, or refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

from grader import settings
from grader.intake.repair import cell_problem, repair_cells, validation_message
from grader.intake.textfile import decode, first_json


class Invalid(Exception):
    """A submission that cannot be graded; the message is one line that says what to do."""


def read_notebook(path: Path, notes: list[str] | None = None, max_bytes: int | None = None):
    # long: one check after another, in the order a broken file fails them, each with its own message
    """The submission as an nbformat v4 notebook, or Invalid with a one-line reason that says what to do.

    ``max_bytes``: the largest notebook read (``c.Intake.max_notebook_bytes``;
    None: that trait's default, grader.settings.Intake).

    Missing keys that nbformat can supply (a cell's ``metadata``, a code
    cell's ``outputs``) are added and ``notes`` gets a line saying so
    (grader.intake.repair); nbformat 3 notebooks are converted; what is still not
    valid is refused naming the cell and what is wrong.
    """
    notes = notes if notes is not None else []
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Invalid(f"cannot read {path.name}: {exc.strerror}") from None
    if size == 0:
        raise Invalid(f"{path.name} is empty (0 bytes)")
    max_bytes = settings.Intake().max_notebook_bytes if max_bytes is None else max_bytes
    if size > max_bytes:
        raise Invalid(f"{path.name} is {size / 1024**2:.0f} MB, over the {max_bytes / 1024**2:g} MB a notebook may "
                      "have: clear its outputs (Edit > Clear Outputs of All Cells), save it and hand it in again")
    try:
        text, how = decode(path.read_bytes())
    except ValueError:
        raise Invalid(f"{path.name} is not a text file (not UTF-8); was a notebook saved?") from None
    if not text.strip(" \t\r\n\x00"):
        raise Invalid(f"{path.name} holds only whitespace")
    try:
        data, after = first_json(text)
    except ValueError as exc:
        if getattr(exc, "cut_short", False):
            raise Invalid(f"{path.name} is not valid JSON: it ends before its JSON does (cut short: an "
                          "interrupted save, copy or upload?); hand in the notebook again") from None
        raise Invalid(f"{path.name} is not valid JSON (line {getattr(exc, 'lineno', '?')}): "
                      f"the file is damaged or not a notebook") from None
    except RecursionError:
        raise Invalid(f"{path.name} is nested too deeply to be a notebook (JSON deeper than "
                      f"{sys.getrecursionlimit()} levels): the file is damaged or not a notebook") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        raise Invalid(f"{path.name} is JSON but not a notebook (no list of cells)")
    notes.extend(n for n in (how, after) if n)
    if isinstance(data.get("nbformat"), int) and data["nbformat"] > 4:
        raise Invalid(f"{path.name} is nbformat {data['nbformat']}, newer than the grader reads (4); save it "
                      "with the course's Jupyter (File > Save) and hand it in again")
    if not isinstance(data.get("nbformat"), int):
        data["nbformat"] = 4 if "cells" in data else 3
        data.setdefault("nbformat_minor", 0 if data["nbformat"] == 3 else 5)
        notes.append("repaired the notebook's structure (no nbformat version; read as version "
                     f"{data['nbformat']})")
    notes.extend(repair_cells(data))
    problem = cell_problem(path.name, data) if data.get("nbformat") == 4 else None
    if problem:
        raise Invalid(problem)
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        raise Invalid(validation_message(path.name, data) or
                      f"{path.name} is not a readable notebook ({type(exc).__name__}: "
                      f"{str(exc).splitlines()[0][:120] if str(exc) else 'no detail'}); "
                      "open it in Jupyter and save it again") from None
    if data.get("nbformat", 4) < 4:
        notes.append(f"converted from nbformat {data['nbformat']} to 4")
    for cell in nb.cells:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise Invalid(f"{path.name} has a malformed cell; open and save it in Jupyter")
        if not isinstance(cell.get("source", ""), str):
            raise Invalid(f"{path.name} has a cell whose source is not text")
        cell.setdefault("metadata", {})
    return nb
