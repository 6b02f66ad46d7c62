"""Find the students and their notebooks in SUBMISSIONS (a folder or a .zip).

A class is a folder with one folder per student (any name: spaces and
non-ASCII letters are fine), each holding that student's notebooks, perhaps
in sub-folders. A .zip of such a folder is extracted safely first
(grader.intake.archive).

A notebook with the wrong file name (``01_intro (1).ipynb``,
``Copy of ...``, ``submission.ipynb``) is matched to the course notebook
whose number it carries, or whose nbgrader grade_ids it holds. Every
notebook in a student's folder is considered; where several fit one course
notebook (a worked ``...-Copy1.ipynb`` beside the untouched original), the
one with the learner's work is graded and the row's message says which
and why.

Layouts that are not the expected one are read, never silently: an
:class:`~grader.intake.notes.Intake` collects a note for each (a notebook saved as
``.ipynb.txt``, a ``.py`` or ``.html`` handed in instead of the notebook,
two folders whose names differ only in Unicode normalisation, the
exchange's ``inbound/`` folder, zip names in a legacy code page, a zip
member too large to grade), and the grader puts it into the row's message.
"""

from __future__ import annotations

import functools
import re
import shutil
import unicodedata
import zipfile
from pathlib import Path

from grader.course.exchange import exchange_record, exchange_students
from grader.errors import GraderError
from grader.intake.archive import safe_extract
from grader.intake.nested import lone_zip
from grader.intake.notes import (
    JUNK,
    MAYBE_NOTEBOOK,
    MISSAVED,
    SIDECAR_NAMES,
    WRONG_TYPES,
    Intake,
    join_notes,
    split_suffix,
    unfollowed,
)
from grader.intake.textfile import load as _load
from grader.status import Status


def class_root(path: Path, workdir: Path, intake: Intake | None = None) -> tuple[Path, list[str]]:
    """The folder holding the student folders (extracting a zip into ``workdir``), and the zip members skipped.

    A lone wrapper folder is stepped into; so is the ``inbound/`` folder of
    an nbgrader exchange course folder (``inbound/``, ``outbound/``,
    ``feedback/``), whose ``student+assignment+time`` submissions
    :func:`students` reads as nbgrader's ``collect`` does.
    """
    if not path.exists():
        raise GraderError(f"{path} does not exist; pass a folder of student folders or a .zip of one")
    skipped: list[str] = []
    if intake is not None and intake.scratch is None:
        intake.scratch = workdir
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise GraderError(f"{path} is neither a folder nor a .zip; pass a folder of student folders or a .zip of one")
        root = workdir / "unzipped"
        if root.exists():
            shutil.rmtree(root)
        skipped = safe_extract(path, root, intake)
    elif path.is_dir():
        root = path
    else:
        raise GraderError(f"{path} is not a folder or a file")
    # a zip of the class folder itself: descend through a lone wrapper folder, or a lone zip (zipped again)
    for _ in range(3):
        if (inner := lone_zip(root, workdir, intake, skipped)) is not None:
            root = inner
            continue
        entries = [e for e in root.iterdir() if not _junk(e)]
        dirs = [e for e in entries if e.is_dir()]
        if len(dirs) == 1 and not any(e.is_file() and e.suffix == ".ipynb" for e in entries) \
                and not any(dirs[0].glob("*.ipynb")) and exchange_record(dirs[0].name) is None:
            root = dirs[0]
        else:
            break
    inbound = root / "inbound"
    if inbound.is_dir() and all(e.name in ("inbound", "outbound", "feedback") for e in root.iterdir()
                                if not _junk(e)):
        if intake is not None:
            intake.summary.append(f"{root} is an nbgrader exchange folder: read its inbound/ submissions")
        root = inbound
    return root, skipped


def _junk(p: Path) -> bool:
    return p.name.startswith(".") or p.name in JUNK or p.name.startswith("._")


def students(root: Path, skip: tuple[Path, ...] = (), intake: Intake | None = None) -> tuple[dict[str, Path], list[str]]:
    """{student id: folder}; ids are the folder names (NFC). Also the loose files ignored.

    ``skip``: folders that are not students (the grader's own --out inside the class folder).
    Two folders whose names differ only in Unicode normalisation (or in
    spaces around them) are both graded, each under its name as written,
    and ``intake`` gets a note on both: they are reported, not renamed nor
    merged. Folders named as nbgrader's exchange names submissions
    (``STUDENT+ASSIGNMENT+TIME``) are read as ``nbgrader collect`` reads them
    (:func:`grader.course.exchange.exchange_students`).
    """
    found: dict[str, Path] = {}
    loose: list[str] = []
    skip_resolved = {p.resolve() for p in skip}
    groups: dict[str, list[Path]] = {}
    exchange: list[Path] = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if _junk(entry) or entry.resolve() in skip_resolved:
            continue
        if entry.is_dir() and not entry.is_symlink():
            if exchange_record(entry.name) is not None:
                exchange.append(entry)
                continue
            sid = unicodedata.normalize("NFC", entry.name).strip() or entry.name
            groups.setdefault(sid, []).append(entry)
        elif entry.suffix.lower() == ".ipynb" or entry.name.lower().endswith(MISSAVED):
            loose.append(entry.name)
    for sid, entries in groups.items():
        if len(entries) == 1:
            found[sid] = entries[0]
            continue
        names = ", ".join(f"{e.name!r} ({_form(e.name)})" for e in entries)
        for entry in entries:
            found[entry.name] = entry
            if intake is not None:
                intake.add(entry, f"{len(entries)} student folders differ only in Unicode normalisation or spaces: "
                                  f"{names}; each graded under its name as written; if they are one student, "
                                  "merge them and grade again")
    if exchange:
        for sid, folder in exchange_students(exchange, intake).items():
            if sid in found:
                if intake is not None:
                    intake.add(found[sid], f"the exchange's inbound/ also holds submissions of {sid!r}; "
                                           "graded this folder; grade the exchange's separately")
                continue
            found[sid] = folder
    return found, loose


def _form(name: str) -> str:
    """Which Unicode normal form ``name`` is in, as a note names it."""
    forms = [f for f in ("NFC", "NFD") if unicodedata.is_normalized(f, name)]
    what = "/".join(forms) if forms else "mixed"
    return what + (", spaces around it" if name != name.strip() else "")


def notebook_base(p: Path) -> tuple[str, str] | None:
    """(course name stem, note) when the file ``p`` is a notebook by its name, else None.

    ``01_x.ipynb`` (any case) -> ("01_x", ""); a notebook saved under
    another extension (``01_x.ipynb.txt``, ``01_x.ipynb.json``: a browser's
    or an editor's "Save as") -> ("01_x", note naming it); a ``.json`` or
    ``.txt`` file whose content is a notebook -> its stem with a note.
    """
    name = unicodedata.normalize("NFC", p.name)
    lower = name.lower()
    if lower.endswith(".ipynb"):
        return name[:-6], ""
    for suffix in MISSAVED:
        if lower.endswith(suffix):
            return name[: -len(suffix)], f"{name!r} is a notebook saved with the extension {name[-len(suffix) + 6:]!r} " \
                                         "added; graded it (the file should end in .ipynb)"
    if lower.endswith(MAYBE_NOTEBOOK) and lower != "timestamp.txt" and _is_notebook(_load(p)):
        return name.rsplit(".", 1)[0], f"{name!r} is a notebook saved as {name.rsplit('.', 1)[1]!r}; graded it " \
                                       "(the file should end in .ipynb)"
    return None


def _is_notebook(nb: dict | None) -> bool:
    return isinstance(nb, dict) and isinstance(nb.get("cells", nb.get("worksheets")), list) and "nbformat" in nb


def _notebooks(folder: Path) -> list[Path]:
    out = []
    for p in sorted(folder.rglob("*")):
        if not p.name.lower().endswith((".ipynb", *MAYBE_NOTEBOOK)):  # 01_x.IPYNB from Windows too
            continue
        rel = p.relative_to(folder).parts
        if any(part in JUNK or part.startswith(".") for part in rel[:-1]) or p.name.startswith("._"):
            continue
        if any(q.is_symlink() for q in [p, *list(p.parents)[: len(rel) - 1]]):
            continue
        if p.is_file() and not p.is_symlink() and notebook_base(p) is not None:
            out.append(p)
    return sorted(out, key=lambda p: (len(p.relative_to(folder).parts), str(p)))


def _cells(nb: dict | None) -> list[dict]:
    cells = (nb or {}).get("cells")
    if not isinstance(cells, list):  # nbformat 3
        cells = [c for ws in (nb or {}).get("worksheets", []) if isinstance(ws, dict)
                 for c in ws.get("cells", []) if isinstance(ws.get("cells"), list)]
    return [c for c in cells if isinstance(c, dict)]


def _grade_ids(nb: dict | None) -> set[str]:
    ids = set()
    for c in _cells(nb):
        meta = c.get("metadata") if isinstance(c.get("metadata"), dict) else {}
        if isinstance(meta.get("nbgrader"), dict) and isinstance(meta["nbgrader"].get("grade_id"), str):
            ids.add(meta["nbgrader"]["grade_id"])
    return ids


def code_key(source) -> str:
    """A code cell's source with blank lines and trailing spaces dropped (what counts as unchanged)."""
    text = "".join(source) if isinstance(source, list) else str(source or "")
    return "\n".join(line.rstrip() for line in text.strip().splitlines() if line.strip())


def released_code(path: Path) -> set[str]:
    """The :func:`code_key` of every code cell of a released notebook."""
    return {code_key(c.get("source", c.get("input", ""))) for c in _cells(_load(path)) if c.get("cell_type") == "code"}


def learner_work(nb: dict | None, released: set[str]) -> int:
    """How many code cells of ``nb`` hold something the released notebook does not (the learner's work)."""
    return sum(1 for c in _cells(nb) if c.get("cell_type") == "code"
               and (k := code_key(c.get("source", c.get("input", "")))) and k not in released)


def _choose(stem: str, cands: list[tuple[Path, str]], released: set[str] | None) -> tuple[Path, str]:
    """The one of several files for ``stem`` to grade, and a note that says which and why."""
    if len(cands) == 1:
        return cands[0]
    work = {p: learner_work(_load(p), released) if released is not None else 0 for p, _ in cands}
    exact = {p: unicodedata.normalize("NFC", p.stem) == stem for p, _ in cands}

    def rank(c):
        p = c[0]
        return (work[p] > 0, exact[p], work[p], p.stat().st_mtime if p.exists() else 0.0)

    best = max(cands, key=rank)
    path = best[0]

    def say(p: Path) -> str:
        if released is None:
            return repr(p.name)
        return f"{p.name!r} ({work[p]} cell(s) of learner work)" if work[p] else f"{p.name!r} (as released, no work)"

    others = [say(p) for p, _ in cands if p != path]
    if released is None:
        why = "it has the course's file name" if exact[path] else "it was saved last"
    elif work[path] and not any(work[p] for p, _ in cands if p != path):
        why = "the only one with learner work"
    elif exact[path] and any(work[p] for p, _ in cands if p != path):
        why = "it has the course's file name; check that it is the one the student meant"
    elif work[path] == 0:
        why = "none has learner work"
    else:
        why = "it has the most learner work"
    note = (f"{len(cands)} notebooks for {stem}: graded {say(path)}, {why}; not graded: {', '.join(others[:3])}"
            + (" ..." if len(others) > 3 else ""))
    return path, note


def _guess(base: str, stems: list[str], names=None) -> str | None:
    """The course notebook a file name (without its suffix) names: exactly, in another case, or by the
    short name it carries (``c.CourseNotebooks.short_name`` of ``names``, a grader.course.layout.CourseNotebooks;
    default the grader's configuration's)."""
    base = unicodedata.normalize("NFC", base)
    if base in stems:
        return base
    folded = [s for s in stems if s.casefold() == base.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    names = names if names is not None else _default_names()
    mark = names.mark(base)
    numbered = [s for s in stems if mark is not None and names.mark(s) == mark]
    return numbered[0] if len(numbered) == 1 else None


@functools.lru_cache(maxsize=1)
def _default_names():
    """The grader's configuration's CourseNotebooks (read once: a class has many files)."""
    from grader.course.layout import course_notebooks_config

    return course_notebooks_config()


def match(folder: Path, stems: list[str], ids: dict[str, list[str]],
          released: dict[str, set[str]] | None = None, intake: Intake | None = None) -> dict[str, tuple[Path, str]]:
    """{stem: (path, note)} for the notebooks found in one student's folder.

    Every notebook in the folder (sub-folders too) is considered: by its
    exact file name, the course number it carries (``01_... (1)``,
    ``01_...-Copy1``), or the grade_ids it holds; notebooks saved under
    another extension (``.ipynb.txt``, ``.ipynb.json``) too, with a note
    (:func:`notebook_base`). Where several files fit one course notebook,
    the one with learner work wins (``released``: {stem:
    :func:`released_code`}), then the one with the course's name, then the
    one with more work; the note names the file graded, the ones not graded
    and why. ``intake``'s notes on the folder and on the file graded are
    added, and so is a note naming notebooks that fit no course notebook.
    """
    cands: dict[str, list[tuple[Path, str]]] = {}
    strays: list[str] = []
    for p in _notebooks(folder):
        base, saved = notebook_base(p)
        name = unicodedata.normalize("NFC", p.name)
        guess, note = _guess(base, stems, intake.names if intake is not None else None), ""
        if guess is None:
            have = _grade_ids(_load(p))
            best = max(((len(have & set(ids[s])) / max(1, len(ids[s])), s) for s in stems), default=(0.0, None))
            if best[0] >= 0.5:
                guess = best[1]
        if guess and base != guess:
            note = f"graded {name!r} as {guess}.ipynb (its file name should be {guess}.ipynb)"
        elif guess and saved:
            note = saved
        if guess:
            cands.setdefault(guess, []).append((p, note))
        else:
            strays.append(p.relative_to(folder).as_posix())
    found = {}
    for stem, group in cands.items():
        path, note = _choose(stem, group, (released or {}).get(stem) if released is not None else None)
        if len(group) > 1 and unicodedata.normalize("NFC", notebook_base(path)[0]) != stem:
            note += f" (its file name should be {stem}.ipynb)"
        found[stem] = (path, note)
    general = intake.of(folder) if intake is not None else []
    if strays:
        general.append(f"not graded: {', '.join(repr(x) for x in strays[:3])}" + (" ..." if len(strays) > 3 else "")
                       + f" (not a notebook of this course: {', '.join(stems[:4])}" + (" ..." if len(stems) > 4 else "")
                       + ")")
    if intake is not None:
        for stem, (path, note) in found.items():
            found[stem] = (path, join_notes(note, intake.of(path), intake.of(path.parent) if path.parent != folder
                                            else [], general))
        intake.notes.setdefault(Path(folder).resolve(), [])
        intake.notes[Path(folder).resolve()] = list(dict.fromkeys(intake.of(folder) + general))
    return found


def wrong_files(folder: Path, stem: str | None, stems: list[str], intake: Intake | None = None) -> list[tuple[str, str]]:
    """[(file name, what it is)] of files in ``folder`` (sub-folders too) handed in for course notebook
    ``stem`` that are not notebooks (``01_x.py``, ``01_x.html``), by their names (:func:`_guess`);
    files a zip held that were not extracted (``intake.left``) count too. ``stem`` None: the files of
    those types whose names fit no course notebook (``homework.zip``)."""
    names: list[tuple[str, str]] = []
    seen = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink() and not any(part in JUNK for part in p.relative_to(folder).parts) \
                and notebook_base(p) is None:
            seen.append((p.relative_to(folder).as_posix(), p.name))
    if intake is not None:
        root = Path(folder).resolve()
        for where, files in intake.left.items():
            if where == root or root in where.parents:
                seen.extend(((where / f).relative_to(root).as_posix(), f) for f in files)
    for rel, name in seen:
        base, suffix = split_suffix(unicodedata.normalize("NFC", name))
        what = WRONG_TYPES.get(suffix.lower())
        if what is None or name.lower() in SIDECAR_NAMES or name.lower().endswith((".ipynb", *MISSAVED)):
            continue
        base = re.sub(r"\.ipynb$", "", base, flags=re.IGNORECASE)  # 01_x.ipynb.py
        if _guess(base, stems, intake.names if intake is not None else None) == stem:
            names.append((rel, what))
    return names


def absent(folder: Path, stem: str, stems: list[str], intake: Intake | None = None,
           expected: str | None = None) -> tuple[str, str]:
    """(status, message) of course notebook ``stem`` that ``folder`` holds no notebook for.

    ``missing`` ("no NB.ipynb in the submission"), or ``invalid`` when a file
    of another type was handed in for it (:func:`wrong_files`), the message
    naming the file and what it is. ``intake``'s notes on the folder are
    added. ``expected``: the path the notebook should have, as the message
    names it (default ``STEM.ipynb``).
    """
    expected = expected or f"{stem}.ipynb"
    general = [*unfollowed(folder, stem), *(intake.of(folder) if intake is not None else [])]
    if intake is not None and "/" in expected:  # nbgrader's layout: the assignment folder's notes too
        general = intake.of(Path(folder) / expected.split("/")[0]) + general
    wrong = wrong_files(folder, stem, stems, intake)
    if wrong:
        listed = ", ".join(f"{name!r} ({what})" for name, what in wrong[:3])
        return Status.INVALID, join_notes(f"no {expected} in the submission; handed in instead: {listed}; "
                                     "ask for the .ipynb file (File > Save, then hand in the .ipynb)", general)
    other = wrong_files(folder, None, stems, intake)  # a zip or a PDF of unknown purpose: named, not guessed
    if other:
        listed = ", ".join(f"{name!r} ({what})" for name, what in other[:3]) + (" ..." if len(other) > 3 else "")
        general = [f"the submission holds {listed}", *general]
    return Status.MISSING, join_notes(f"no {expected} in the submission", general)
