"""A .zip of the class, extracted safely (what a learning-management system exports).

No member is written outside the extraction folder (absolute paths, ``..``
and links are skipped), only notebooks (and ``.json``/``.txt`` files, which
may be notebooks saved under another name, or nbgrader's ``timestamp.txt``)
are extracted, sizes are checked while extracting, and names zipped without
the UTF-8 flag are decoded as the zip tool most likely wrote them
(grader.intake.codepages.legacy_encoding).
"""

from __future__ import annotations

import datetime
import os
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from grader import settings
from grader.errors import GraderError
from grader.intake.codepages import CODEPAGE_NAMES, legacy_encoding
from grader.intake.notes import JUNK, MAYBE_NOTEBOOK, Intake, split_suffix


def _raw_name(info: zipfile.ZipInfo) -> bytes | None:
    """The bytes of a member's name as stored, for a name without the UTF-8 flag (None with it)."""
    if info.flag_bits & 0x800:
        return None
    try:
        return info.filename.encode("cp437")  # what Python decoded it as
    except UnicodeEncodeError:  # a name from the Unicode path extra field: already text
        return None


def _member_name(info: zipfile.ZipInfo, backslash_separates: bool = False, encoding: str = "utf-8") -> str:
    """The member's name, decoded; backslashes are folder separators only where ``backslash_separates``.

    A name without the zip UTF-8 flag is decoded with ``encoding`` (one for
    the whole archive: :func:`legacy_encoding`). The name is not
    normalised: two folders whose names differ only in Unicode
    normalisation stay two, and grader.intake.submissions.students reports them.

    The zip format separates folders with "/"; a few old Windows tools wrote
    "\\" instead. In an archive that uses "/" anywhere, a backslash belongs
    to a name: a student folder ``DOMAIN\\user`` (a Windows account name, as
    some LMS exports name folders) is one student, not a folder ``DOMAIN``
    holding every user of that domain.
    """
    name = info.filename
    raw = _raw_name(info)
    if raw is not None and encoding != "cp437":
        try:
            name = raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    if backslash_separates:
        name = name.replace("\\", "/")
    return name


def _is_notebookish(name: str) -> bool:
    """Whether a zip member is extracted: notebooks, text files that may be one saved under another
    name (:data:`MAYBE_NOTEBOOK`; nbgrader's ``timestamp.txt`` too), and zips (a student's, unpacked by
    grader.intake.nested)."""
    return name.lower().endswith((".ipynb", ".zip", *MAYBE_NOTEBOOK))  # a zip: unpacked later (intake.nested)


def safe_extract(archive: Path, dest: Path, intake: Intake | None = None) -> list[str]:  # long: one pass over
    # the members, each check beside the write it guards
    """Extract ``archive`` into ``dest``; return the names that were skipped.

    Notebooks (and ``.json``/``.txt`` files, which may be notebooks saved
    under another name, or nbgrader's ``timestamp.txt``) are extracted with
    their modification time; other files are not, their names go to
    ``intake.left``. A notebook larger than a notebook may be
    (``c.Intake.max_notebook_bytes``) is not unpacked: a sparse file of its size stands in for it, so
    that it is graded ``invalid`` with the size in its message while the
    rest of the class is graded (one 300 MB notebook does not stop the run).
    Names without the UTF-8 flag are decoded with :func:`legacy_encoding`;
    ``intake`` gets a note on the folders whose names were read that way.
    Raises GraderError when the archive cannot be read, holds more than
    ``c.Intake.max_archive_members`` files or unpacks to more than
    ``c.Intake.max_archive_bytes`` bytes in all (``intake.limits``).
    """
    lim = (intake.limits if intake is not None else None) or settings.Intake()
    max_bytes, max_members, max_total = lim.max_notebook_bytes, lim.max_archive_members, lim.max_archive_bytes
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
        if len(infos) > max_members:
            raise GraderError(f"{archive} holds {len(infos)} files, more than {max_members}; is it a class?")
        backslash_separates = not any("/" in i.filename for i in infos)
        raws = [r for r in (_raw_name(i) for i in infos) if r is not None]
        encoding = legacy_encoding(raws) if raws else "utf-8"
        legacy = encoding not in ("utf-8", "cp437") or (encoding == "cp437" and any(not r.isascii() for r in raws))
        if legacy:
            what = f"{encoding} ({CODEPAGE_NAMES.get(encoding, encoding)})"
            if intake is not None:
                intake.summary.append(f"the zip's file names carry no UTF-8 flag; read them as {what}")
        extracted: set[Path] = set()
        for info in infos:
            name = _member_name(info, backslash_separates, encoding)
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
            if info.flag_bits & 0x1:  # encrypted (APPNOTE.TXT 4.4.4, general purpose bit 0): no password here
                skipped.append(f"{name} (password-protected)")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)  # a student with no notebook still counts
            raw = _raw_name(info)
            if legacy and intake is not None and raw is not None and not raw.isascii():
                what = f"{encoding} ({CODEPAGE_NAMES.get(encoding, encoding)})"
                for i, part in enumerate(parts):  # the folder (a student's) or file whose name it was
                    if not part.isascii():
                        intake.add(root.joinpath(*parts[: i + 1]), f"the zip stored the name {part!r} without "
                                                                   f"the UTF-8 flag; read it as {what}")
            if not _is_notebookish(name):
                if intake is not None:  # only notebooks are graded: data and images stay in the zip
                    intake.left.setdefault(target.parent, []).append(parts[-1])
                continue
            n = 1
            while target in extracted:  # the same name twice in one zip: keep both, the choice says which
                n += 1
                base, suffix = split_suffix(parts[-1])
                target = target.with_name(f"{base} ({n}){suffix}")
            extracted.add(target)
            written = 0
            try:
                if info.file_size > max_bytes:  # too large to grade: its size, not its bytes
                    with open(target, "wb") as out:
                        out.truncate(info.file_size)
                else:
                    with zf.open(info) as src, open(target, "wb") as out:
                        while chunk := src.read(1 << 20):
                            written += len(chunk)
                            total += len(chunk)
                            if total > max_total:
                                raise GraderError(f"{archive} unpacks to more than {max_total / 1024**3:g} GB; "
                                                  "is it a class?")
                            out.write(chunk)
                            if written > max_bytes:  # it claimed less: stop here, it is over the limit anyway
                                if intake is not None:
                                    intake.add(target, f"its zip entry claims {info.file_size} bytes but holds "
                                                       f"more than {max_bytes / 1024**2:g} MB")
                                break
                _set_mtime(target, info)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as exc:
                target.unlink(missing_ok=True)
                skipped.append(f"{name} ({type(exc).__name__})")
    return skipped


def _set_mtime(target: Path, info: zipfile.ZipInfo) -> None:
    """Give an extracted file the modification time its zip entry records (local time, as zip has it)."""
    try:
        when = datetime.datetime(*info.date_time).timestamp()
        os.utime(target, (when, when))
    except (ValueError, OverflowError, OSError):
        pass
