"""One student's ``submitted/STUDENT/`` folder of an nbgrader course directory, matched to the course's notebooks.

nbgrader's ``autograde`` finds ``submitted/STUDENT/ASSIGNMENT/NB.ipynb`` and
nothing else; :func:`match_course` also reads what a student handed in under
another case, another folder or file name, one folder too deep or without its
assignment folder, and says so in a note (docs/grader/intake.md, "A class folder or
archive").
"""

from __future__ import annotations

from pathlib import Path

from grader.course.layout import key_of, split
from grader.intake.notes import join_notes
from grader.intake.submissions import notebook_base


def _fold(name: str) -> str:
    """A folder or file name as compared loosely: NFC, case-folded, without spaces around it."""
    import unicodedata

    return unicodedata.normalize("NFC", name).strip().casefold()


def _notebooks_in(where: Path) -> dict[str, tuple[Path, str]]:
    """{folded notebook name: (path, note)} of the notebook files directly in ``where``."""
    out: dict[str, tuple[Path, str]] = {}
    for p in sorted(where.iterdir()) if where.is_dir() else []:
        if not p.is_file() or p.is_symlink():
            continue
        base = notebook_base(p)
        if base is not None and (_fold(base[0]) not in out or p.name.lower().endswith(".ipynb")):
            out[_fold(base[0])] = (p, base[1])
    return out


def _assignment_folder(folder: Path, dirs: dict[str, Path], assignment: str, by_assignment: dict[str, list[str]],
                       used: set[str]) -> tuple[Path | None, str]:
    """(the folder of ``folder`` that holds ``assignment``'s notebooks or None, a note on how it was found).

    Its exact name; else the one folder of that name in another case or with
    spaces; else the one folder of another name whose notebooks are this
    assignment's and no other's; one level deeper when it holds only a
    folder of notebooks (a zip of the folder unpacked into it). The folder
    found is added to ``used``.
    """
    notebooks = by_assignment[assignment]
    exact = dirs.get(assignment)
    loose = [d for name, d in dirs.items() if _fold(name) == _fold(assignment) and name != assignment]
    where, note = exact, ""
    if exact is None and len(loose) == 1:
        where = loose[0]
        note = f"graded the folder {where.name!r} as {assignment} (it should be named {assignment})"
    if where is None:  # a folder of another name whose notebooks are this assignment's and no other's
        mine = {_fold(n) for n in notebooks}
        others = {_fold(n) for a, nbs in by_assignment.items() if a != assignment for n in nbs}
        fits = [d for name, d in dirs.items() if name not in by_assignment and name not in used
                and _fold(name) not in {_fold(a) for a in by_assignment}
                and (set(_notebooks_in(d)) & mine) and not (set(_notebooks_in(d)) & others - mine)]
        if len(fits) == 1:
            where = fits[0]
            note = (f"graded the folder {where.name!r} as {assignment}: its notebooks are {assignment}'s "
                    f"(it should be named {assignment})")
    if where is not None:
        used.add(where.name)
        inner = [e for e in where.iterdir() if e.is_dir() and not e.name.startswith(".") and not e.is_symlink()]
        if not _notebooks_in(where) and len(inner) == 1 and _notebooks_in(inner[0]):
            where = inner[0]  # a zip of the folder unpacked into it: ps1/ps1/
            note = join_notes(note, f"graded the notebooks in '{where.relative_to(folder).as_posix()}/' "
                                    f"(one folder too deep; they belong in {assignment}/)")
    return where, note


def match_course(folder: Path, keys: list[str], intake=None) -> dict[str, tuple[Path, str]]:
    """{key: (path, note)} of one student's ``submitted/STUDENT/`` folder: ``ASSIGNMENT/NB.ipynb``,
    nbgrader's layout (links are not followed).

    What nbgrader would miss is read with a note in the row: an assignment
    folder named in another case or with spaces (``PS1/``, ``ps1 /``), a
    notebook named in another case or saved as ``NB.ipynb.txt``, a notebook
    put straight into ``submitted/STUDENT/`` (no assignment folder) when its
    name belongs to one assignment only. Folders that are no assignment of
    the course are named in a note on every row of the student (``intake``,
    a grader.intake.notes.Intake).
    """
    folder = Path(folder)
    by_assignment: dict[str, list[str]] = {}
    for key in keys:
        assignment, notebook = split(key)
        by_assignment.setdefault(assignment, []).append(notebook)
    entries = [e for e in sorted(folder.iterdir()) if not e.name.startswith(".") and not e.is_symlink()] \
        if folder.is_dir() else []
    dirs = {e.name: e for e in entries if e.is_dir()}
    general: list[str] = list(intake.of(folder)) if intake is not None else []

    used: set[str] = set()
    found: dict[str, tuple[Path, str]] = {}
    for assignment, notebooks in by_assignment.items():
        where, note = _assignment_folder(folder, dirs, assignment, by_assignment, used)
        have = _notebooks_in(where) if where is not None else {}
        top = _notebooks_in(folder)
        for notebook in notebooks:
            key = key_of(assignment, notebook)
            exact_path = where / f"{notebook}.ipynb" if where is not None else None
            if exact_path is not None and exact_path.is_file() and not exact_path.is_symlink():
                found[key] = (exact_path, note)
            elif _fold(notebook) in have:
                path, saved = have[_fold(notebook)]
                renamed = "" if saved or path.name == f"{notebook}.ipynb" else \
                    f"graded {path.name!r} as {notebook}.ipynb (its file name should be {notebook}.ipynb)"
                found[key] = (path, join_notes(note, saved, renamed))
            elif _fold(notebook) in top and sum(_fold(notebook) in map(_fold, nbs) for nbs in by_assignment.values()) == 1:
                path, saved = top[_fold(notebook)]
                found[key] = (path, join_notes(f"graded {path.name!r} as {assignment}/{notebook}.ipynb: it was handed "
                                               f"in without its assignment folder {assignment}/", saved))
    strays = [name for name in dirs if name not in used and name not in by_assignment]
    if strays:
        general.append(f"not graded: the folder(s) {', '.join(repr(x) + '/' for x in strays[:3])} "
                       f"(not an assignment of this course: {', '.join(list(by_assignment)[:4])}"
                       + (" ..." if len(by_assignment) > 4 else "") + ")")
    if intake is not None:
        intake.notes[folder.resolve()] = list(dict.fromkeys(intake.of(folder) + general))
    return {key: (path, join_notes(note, intake.of(path) if intake is not None else [],
                                   intake.of(path.parent) if intake is not None and path.parent != folder else [],
                                   general))
            for key, (path, note) in found.items()}
