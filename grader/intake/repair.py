"""Notebook files as learners hand them in: repaired where nbformat can, refused with what to do.

Editors other than Jupyter, old Jupyter versions and hand edits produce
notebooks that are valid enough to open but not what nbgrader expects:

- cells without ``metadata``, code cells without ``outputs`` or
  ``execution_count``, markdown cells with ``outputs`` (:func:`repair_cells`
  adds or drops the keys; the row's message says so);
- a cell that is still not valid after that is refused with the cell's
  number and what nbformat says is wrong (:func:`validation_message`), never
  a bare "ValidationError";
- markdown attachments whose name has a space or a non-ASCII letter: the
  link in the markdown is URL-encoded (``attachment:my%20figure.png``, what
  JupyterLab writes), the key in ``attachments`` is not; nbconvert looks the
  link up as written and fails. :func:`alias_attachments` adds the encoded
  names, so the feedback page shows the image.

Matching cells whose nbgrader metadata another editor stripped against the
release is :func:`match_stripped` (used by grader.autograde.preprocessors.repaircells.RepairCells).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

# mistune's escape_url (nbconvert's markdown renderer): what stays unencoded in a link
_MISTUNE_SAFE = ":/?#@!$&()*+,;=%"


def repair_cells(data: dict) -> list[str]:
    """Give the cells of a v4 notebook dict ``data`` the keys nbformat requires; return notes.

    Adds ``metadata`` ({}) to every cell, ``outputs`` ([]) and
    ``execution_count`` (None) to code cells, drops ``outputs`` and
    ``execution_count`` from markdown and raw cells, and ``source`` ("")
    where it is missing. Cells that are not JSON objects are left for
    validation to report. Changes ``data`` in place.
    """
    if data.get("nbformat") != 4 or not isinstance(data.get("cells"), list):
        return []
    fixed: dict[str, int] = {}

    def count(what: str) -> None:
        fixed[what] = fixed.get(what, 0) + 1

    if not isinstance(data.get("metadata"), dict):
        data["metadata"] = {}
        count("notebook metadata")
    for cell in data["cells"]:
        if not isinstance(cell, dict):
            continue
        if not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = {}
            count("'metadata'")
        if "source" not in cell:
            cell["source"] = ""
            count("'source'")
        if cell.get("cell_type") == "code":
            if not isinstance(cell.get("outputs"), list):
                cell["outputs"] = []
                count("'outputs'")
            if "execution_count" not in cell:
                cell["execution_count"] = None
                count("'execution_count'")
        elif cell.get("cell_type") in ("markdown", "raw"):
            for key in ("outputs", "execution_count"):
                if key in cell:
                    del cell[key]
                    count(f"a stray '{key}'")
    if not fixed:
        return []
    parts = [f"{n} cell(s) lacked {what}" if not what.startswith("a stray") else f"{n} cell(s) had {what}"
             for what, n in fixed.items()]
    return ["repaired the notebook's structure (" + ", ".join(parts) + "; another editor saved it?)"]


def cell_problem(name: str, data: dict) -> str | None:
    """One line naming the first v4 cell nbformat would choke on (or let through broken), and what to do."""
    fix = "open the notebook in Jupyter and save it, or fix that cell in a text editor"
    for i, cell in enumerate(data.get("cells") or []):
        if not isinstance(cell, dict):
            return f"{name}: cell {i + 1} is not a JSON object; {fix}"
        if cell.get("cell_type") not in ("code", "markdown", "raw"):
            return f"{name}: cell {i + 1} has cell_type {cell.get('cell_type')!r} (code, markdown or raw); {fix}"
        src = cell.get("source")
        if not (isinstance(src, str) or (isinstance(src, list) and all(isinstance(x, str) for x in src))):
            return f"{name}: cell {i + 1} has a source that is not text ({type(src).__name__}); {fix}"
        outs = cell.get("outputs", [])
        if not isinstance(outs, list) or not all(isinstance(o, dict) and "output_type" in o for o in outs):
            return (f"{name}: cell {i + 1} has malformed outputs; clear its outputs "
                    "(Edit > Clear Outputs of All Cells) and save it")
    return None


def validation_message(name: str, data: dict) -> str | None:
    """One line saying what nbformat finds wrong in ``data`` and what to do; None when it is valid."""
    import nbformat
    from nbformat import validator

    problem = cell_problem(name, data) if data.get("nbformat") == 4 else None
    if problem:
        return problem
    try:
        errors = [e for e in validator.iter_validate(data) if "'id' was unexpected" not in str(e.message)]
        error = errors[0] if errors else None
    except Exception:  # noqa: BLE001 - an unknown nbformat version and the like
        try:
            nbformat.validate(data)
            return None
        except Exception as exc:  # noqa: BLE001
            return f"{name} is not a valid notebook ({type(exc).__name__}): open it in Jupyter and save it again"
    if error is None:
        return None
    path = list(getattr(error, "absolute_path", []) or [])
    where = "the notebook"
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        where = f"cell {path[1] + 1}"
        rest = [str(p) for p in path[2:]]
        if rest:
            where += " field " + ".".join(rest)
    elif path:
        where = "field " + ".".join(str(p) for p in path)
    what = str(getattr(error, "message", error)).splitlines()[0][:160]
    return (f"{name}: {where} is not valid nbformat ({what}); open the notebook in Jupyter and save it, "
            "or fix that cell in a text editor")


def alias_attachments(nb) -> int:
    """Add the URL-encoded (and decoded) spellings of every markdown attachment's name; return how many.

    A markdown cell links ``attachment:my%20figure%20%C3%A9.png`` for the
    attachment stored as ``my figure é.png``; nbconvert (mistune) looks up
    the link as escaped, so both spellings must be keys. ``nb`` is changed
    in place (call it on the copy that is rendered).
    """
    added = 0
    for cell in nb.get("cells", []):
        attachments = cell.get("attachments")
        if not isinstance(attachments, dict):
            continue
        for name in list(attachments):
            for alias in {quote(name, safe=_MISTUNE_SAFE), quote(unquote(name), safe=_MISTUNE_SAFE),
                          unquote(name), quote(name)}:
                if alias not in attachments:
                    attachments[alias] = attachments[name]
                    added += 1
    return added


class Refused(ValueError):
    """A submission the grader will not guess about; the message says what the learner should do."""


def _src(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _key(cell) -> tuple[str, str]:
    lines = [line.rstrip() for line in _src(cell).strip().splitlines()]
    return str(cell.get("cell_type")), "\n".join(line for line in lines if line)


def _grade_id(cell) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader") if isinstance(cell.get("metadata"), dict) else None
    return meta.get("grade_id") if isinstance(meta, dict) else None


def _defines(cell) -> set[str]:
    """Top-level function and class names a code cell defines (none when it does not parse)."""
    import ast

    try:
        tree = ast.parse(_src(cell))
    except (SyntaxError, ValueError):
        return set()
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def match_stripped(cells: list, release_cells: list) -> list[str]:  # long: the docstring is a third; two
    # matching passes (equal content, then same definitions between the same neighbours) read best together
    """Give cells whose nbgrader metadata was stripped (another editor saved the notebook) theirs back.

    ``cells``: the submission's cells; ``release_cells``: the released
    notebook's. A release cell whose grade_id no submitted cell carries is
    matched to a submitted cell without nbgrader metadata: first by equal
    content (cell type and source, blank lines and trailing spaces aside;
    locked and test cells are as released), in order (difflib's longest
    matching blocks); then a solution cell to the code cell between the same
    neighbours that defines the same function or class. The matched cell
    gets the release cell's nbgrader metadata (RepairCells then checks it
    like any other). Returns the grade_ids matched, in release order.

    Raises :class:`Refused` when the submission has no nbgrader metadata at
    all and fewer than half of the release's graded and solution cells can
    be matched: then it is not this course's notebook, or too changed to
    place the tests safely.
    """
    import copy
    from difflib import SequenceMatcher

    present = {_grade_id(c) for c in cells} - {None}
    wanted = [i for i, c in enumerate(release_cells) if _grade_id(c) and _grade_id(c) not in present]
    free = {k for k, c in enumerate(cells) if not _grade_id(c)}
    if not wanted or not free:
        return []
    sm = SequenceMatcher(None, [_key(c) for c in release_cells], [_key(c) for c in cells], autojunk=False)
    placed: dict[int, int] = {}  # release index -> submission index
    for block in sm.get_matching_blocks():
        for d in range(block.size):
            ri, li = block.a + d, block.b + d
            if li in free and (ri in wanted or not _grade_id(release_cells[ri])):
                placed[ri] = li
    taken = set(placed.values())
    anchors = dict(placed)  # where the release's cells are in the submission
    where = {_grade_id(c): k for k, c in enumerate(cells) if _grade_id(c)}
    anchors.update({ri: where[_grade_id(c)] for ri, c in enumerate(release_cells) if _grade_id(c) in where})
    for ri in wanted:
        if ri in placed or release_cells[ri].get("cell_type") != "code":
            continue
        lo = max((anchors[r] for r in anchors if r < ri), default=-1)
        hi = min((anchors[r] for r in anchors if r > ri), default=len(cells))
        names = _defines(release_cells[ri])
        between = [k for k in range(lo + 1, hi) if k in free and k not in taken and cells[k].get("cell_type") == "code"]
        same = [k for k in between if names and names <= _defines(cells[k])]
        if same:
            placed[ri] = anchors[ri] = same[0]
            taken.add(same[0])
    matched = []
    for ri in wanted:
        if ri in placed:
            cell = cells[placed[ri]]
            cell.setdefault("metadata", {})["nbgrader"] = copy.deepcopy(release_cells[ri]["metadata"]["nbgrader"])
            matched.append(_grade_id(release_cells[ri]))
    if not present:
        graded = [i for i in wanted if (release_cells[i]["metadata"]["nbgrader"].get("grade")
                                        or release_cells[i]["metadata"]["nbgrader"].get("solution"))]
        hit = [i for i in graded if i in placed]
        if graded and len(hit) * 2 < len(graded):
            raise Refused("its nbgrader metadata is missing (another editor removed it) and its cells do not "
                          f"match the released notebook ({len(hit)} of {len(graded)} exercise and test cells "
                          "found): copy your answers into a fresh copy of the released notebook and hand that in")
    return matched
