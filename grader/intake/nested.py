"""Zips inside the class: a class export zipped again, and the zip a student handed in.

Students hand in a zip of their notebook or of their folder (an LMS upload, an e-mail); a class
export gets zipped again on its way to the instructor. Each such zip is unpacked with the class
zip's own safe extraction (grader.intake.archive.safe_extract: no name outside its folder, sizes
bounded, only notebooks and text files written), into the run's scratch folder: the instructor's
class folder is never written to. A zip inside a zip is unpacked too, to :data:`DEPTH` levels.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from grader.errors import GraderError
from grader.intake.archive import safe_extract
from grader.intake.notes import JUNK, Intake

DEPTH = 2  # a student's zip, and one zip inside it


def _hidden(rel: Path) -> bool:
    return any(p in JUNK or p.startswith(".") for p in rel.parts)


def zips_in(folder: Path) -> list[Path]:
    """The zip archives under ``folder`` (any case of ".zip"; not in hidden or junk folders, no links)."""
    return [p for p in sorted(folder.rglob("*")) if p.suffix.lower() == ".zip" and not _hidden(p.relative_to(folder))
            and p.is_file() and not p.is_symlink() and zipfile.is_zipfile(p)]


def lone_zip(root: Path, workdir: Path, intake: Intake | None, skipped: list[str]) -> Path | None:
    """The folder ``root``'s only entry unpacked into ``workdir`` when that entry is a zip (a class export
    zipped again), else None; the members it skipped are added to ``skipped``."""
    entries = [e for e in root.iterdir() if not (e.name in JUNK or e.name.startswith("."))]
    if len(entries) != 1 or entries[0].is_symlink() or not entries[0].is_file() \
            or not zipfile.is_zipfile(entries[0]):
        return None
    n = 1
    while (workdir / f"unzipped-{n}").exists():
        n += 1
    inner = workdir / f"unzipped-{n}"
    skipped.extend(safe_extract(entries[0], inner, intake))
    if intake is not None:
        intake.summary.append(f"the class is the zip {entries[0].name!r} inside it: unpacked that")
    return inner


def _rekey(intake: Intake, old: Path, new: Path) -> None:
    """Notes and left-out names recorded for ``old`` (a folder) and what it holds, also for its copy ``new``."""
    old, new = old.resolve(), new.resolve()
    for table in (intake.notes, intake.left):
        for key in list(table):
            if key == old or old in key.parents:
                table.setdefault(new / key.relative_to(old), []).extend(table[key])


def unpack_handed_in(found: dict[str, Path], scratch: Path, intake: Intake | None) -> dict[str, Path]:
    """{student: folder}, where a student's folder that holds zips is replaced by a copy in ``scratch``
    with each zip unpacked beside it (``hw1.zip`` into ``hw1/``) and left out; each notebook unpacked
    gets the note "unpacked 'hw1.zip'". A zip that cannot be read is named in a note on the student."""
    result = dict(found)
    for n, (sid, folder) in enumerate(sorted(found.items())):
        zips = zips_in(folder)
        if not zips:
            continue
        copy = scratch / "unpacked" / str(n)
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(folder, copy, symlinks=True,
                        ignore=lambda _d, names: [x for x in names if x.lower().endswith(".zip")])
        if intake is not None:
            _rekey(intake, folder, copy)
        for depth in range(DEPTH):
            base = folder if depth == 0 else copy
            for z in zips if depth == 0 else zips_in(copy):
                rel = z.relative_to(base)
                dest = copy / rel.parent / rel.stem
                while dest.exists() and depth == 0 and any(dest.iterdir()):
                    dest = dest.with_name(dest.name + " (unzipped)")
                try:
                    safe_extract(z, dest, intake)
                except GraderError as exc:
                    if intake is not None:
                        intake.add(copy, f"could not unpack {rel.as_posix()!r}: {exc}")
                    continue
                finally:
                    if depth > 0:
                        z.unlink()
                if intake is not None:
                    for f in dest.rglob("*"):
                        if f.is_file():
                            intake.add(f, f"unpacked {rel.as_posix()!r}")
        result[sid] = copy
    return result
