"""Find the students and their notebooks in SUBMISSIONS (a folder or a .zip).

A class is a folder with one folder per student (any name: spaces and
non-ASCII letters are fine), each holding that student's notebooks, perhaps
in sub-folders. A .zip of such a folder (what a learning-management system
exports) is extracted safely first: no member is written outside the
extraction folder (absolute paths, ``..`` and links are skipped), only
notebooks are extracted, sizes are checked while extracting, and names
zipped without the UTF-8 flag are decoded as the zip tool most likely wrote
them.

A notebook with the wrong file name (``01_images_and_kernels (1).ipynb``,
``Copy of ...``, ``submission.ipynb``) is matched to the course notebook
whose number it carries, or whose nbgrader grade_ids it holds. Every
notebook in a student's folder is considered; where several fit one course
notebook (a worked ``...-Copy1.ipynb`` beside the untouched original), the
one with the learner's work is graded and the row's message says which
and why.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from .course import GraderError

MAX_MEMBER = 256 * 1024 * 1024
MAX_TOTAL = 8 * 1024**3
MAX_MEMBERS = 200_000
JUNK = ("__MACOSX", ".ipynb_checkpoints", ".git", "__pycache__")


def _member_name(info: zipfile.ZipInfo, backslash_separates: bool = False) -> str:
    """The member's name, decoded, NFC; backslashes are folder separators only where ``backslash_separates``.

    The zip format separates folders with "/"; a few old Windows tools wrote
    "\\" instead. In an archive that uses "/" anywhere, a backslash belongs
    to a name: a student folder ``DOMAIN\\user`` (a Windows account name, as
    some LMS exports name folders) is one student, not a folder ``DOMAIN``
    holding every user of that domain.
    """
    name = info.filename
    if not info.flag_bits & 0x800:  # no UTF-8 flag: Python decoded it as cp437
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    if backslash_separates:
        name = name.replace("\\", "/")
    return unicodedata.normalize("NFC", name)


def safe_extract(archive: Path, dest: Path) -> list[str]:
    """Extract ``archive`` into ``dest``; return the names that were skipped."""
    skipped: list[str] = []
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    total = 0
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise GraderError(f"{archive} is not a readable .zip ({exc}); pass a folder or a valid zip") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise GraderError(f"{archive} holds {len(infos)} files, more than {MAX_MEMBERS}; is it a class?")
        backslash_separates = not any("/" in i.filename for i in infos)
        extracted: set[Path] = set()
        for info in infos:
            name = _member_name(info, backslash_separates)
            parts = PurePosixPath(name).parts
            mode = info.external_attr >> 16
            if (not parts or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts
                    or ".." in re.split(r"[\\/]", name)
                    or stat.S_ISLNK(mode) or any(p in JUNK for p in parts)):
                if not any(p in JUNK for p in parts):
                    skipped.append(name)
                continue
            target = (root / Path(*parts)).resolve()
            if target != root and root not in target.parents:
                skipped.append(name)
                continue
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            if not name.lower().endswith(".ipynb"):
                target.parent.mkdir(parents=True, exist_ok=True)  # a student with no notebook still counts
                continue  # only notebooks are graded: data and images stay in the zip
            target.parent.mkdir(parents=True, exist_ok=True)
            n = 1
            while target in extracted:  # the same name twice in one zip: keep both, the choice says which
                n += 1
                target = target.with_name(f"{Path(parts[-1]).stem} ({n}).ipynb")
            extracted.add(target)
            written = 0
            try:
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        total += len(chunk)
                        if written > MAX_MEMBER or total > MAX_TOTAL:
                            raise GraderError(f"{archive}: {name} unpacks to more than allowed "
                                              f"({MAX_MEMBER >> 20} MB a file, {MAX_TOTAL >> 30} GB in all)")
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                target.unlink(missing_ok=True)
                skipped.append(f"{name} ({type(exc).__name__})")
    return skipped


def class_root(path: Path, workdir: Path) -> tuple[Path, list[str]]:
    """The folder holding the student folders (extracting a zip into ``workdir``)."""
    if not path.exists():
        raise GraderError(f"{path} does not exist; pass a folder of student folders or a .zip of one")
    skipped: list[str] = []
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise GraderError(f"{path} is neither a folder nor a .zip; pass a folder of student folders or a .zip of one")
        root = workdir / "unzipped"
        if root.exists():
            shutil.rmtree(root)
        skipped = safe_extract(path, root)
    elif path.is_dir():
        root = path
    else:
        raise GraderError(f"{path} is not a folder or a file")
    # a zip of the class folder itself: descend through a lone wrapper folder
    for _ in range(3):
        entries = [e for e in root.iterdir() if not _junk(e)]
        dirs = [e for e in entries if e.is_dir()]
        if len(dirs) == 1 and not any(e.is_file() and e.suffix == ".ipynb" for e in entries) \
                and not any(dirs[0].glob("*.ipynb")):
            root = dirs[0]
        else:
            break
    return root, skipped


def _junk(p: Path) -> bool:
    return p.name.startswith(".") or p.name in JUNK or p.name.startswith("._")


def students(root: Path, skip: tuple[Path, ...] = ()) -> tuple[dict[str, Path], list[str]]:
    """{student id: folder}; ids are the folder names (NFC). Also the loose files ignored.

    ``skip``: folders that are not students (the grader's own --out inside the class folder).
    """
    found: dict[str, Path] = {}
    loose: list[str] = []
    skip_resolved = {p.resolve() for p in skip}
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if _junk(entry) or entry.resolve() in skip_resolved:
            continue
        if entry.is_dir() and not entry.is_symlink():
            sid = unicodedata.normalize("NFC", entry.name).strip() or entry.name
            while sid in found:
                sid += "_"
            found[sid] = entry
        elif entry.suffix == ".ipynb":
            loose.append(entry.name)
    return found, loose


def _notebooks(folder: Path) -> list[Path]:
    out = []
    for p in sorted(folder.rglob("*")):
        if p.suffix.lower() != ".ipynb":  # 01_x.IPYNB from Windows too
            continue
        rel = p.relative_to(folder).parts
        if any(part in JUNK or part.startswith(".") for part in rel[:-1]) or p.name.startswith("._"):
            continue
        if any(q.is_symlink() for q in [p, *list(p.parents)[: len(rel) - 1]]):
            continue
        if p.is_file() and not p.is_symlink():
            out.append(p)
    return sorted(out, key=lambda p: (len(p.relative_to(folder).parts), str(p)))


def _load(path: Path) -> dict | None:
    try:
        if path.stat().st_size > 64 * 1024 * 1024:
            return None
        nb = json.loads(path.read_text(encoding="utf-8-sig"))
        return nb if isinstance(nb, dict) else None
    except (OSError, ValueError):
        return None


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


def match(folder: Path, stems: list[str], ids: dict[str, list[str]],
          released: dict[str, set[str]] | None = None) -> dict[str, tuple[Path, str]]:
    """{stem: (path, note)} for the notebooks found in one student's folder.

    Every notebook in the folder (sub-folders too) is considered: by its
    exact file name, the course number it carries (``01_... (1)``,
    ``01_...-Copy1``), or the grade_ids it holds. Where several files
    fit one course notebook, the one with learner work wins (``released``:
    {stem: :func:`released_code`}), then the one with the course's name,
    then the one with more work; the note names the file graded, the ones
    not graded and why.
    """
    cands: dict[str, list[tuple[Path, str]]] = {}
    for p in _notebooks(folder):
        name = unicodedata.normalize("NFC", p.name)
        stem = unicodedata.normalize("NFC", p.stem)
        guess, note = None, ""
        if stem in stems:
            guess = stem
        else:
            m = re.search(r"(?<!\d)(\d\d)_", name)
            numbered = [s for s in stems if m and s.startswith(m.group(1) + "_")]
            if len(numbered) == 1:
                guess = numbered[0]
            else:
                have = _grade_ids(_load(p))
                best = max(((len(have & set(ids[s])) / max(1, len(ids[s])), s) for s in stems), default=(0.0, None))
                if best[0] >= 0.5:
                    guess = best[1]
            if guess:
                note = f"graded {name!r} as {guess}.ipynb (its file name should be {guess}.ipynb)"
        if guess:
            cands.setdefault(guess, []).append((p, note))
    found = {}
    for stem, group in cands.items():
        path, note = _choose(stem, group, (released or {}).get(stem) if released is not None else None)
        if len(group) > 1 and unicodedata.normalize("NFC", path.stem) != stem:
            note += f" (its file name should be {stem}.ipynb)"
        found[stem] = (path, note)
    return found
