"""The course as nbgrader sees it: solutions/ (source) -> release + gradebook.

Each notebook ``solutions/NB.ipynb`` of a flat solutions folder is its own
nbgrader assignment named ``NB`` (an nbgrader ``source/`` folder keeps its
assignments). :func:`prepare` runs nbgrader's real ``generate_assignment`` on
all of them into an nbgrader course directory (``source/``, ``release/``,
``gradebook.db``) that is cached by the content of the solutions, so that
``check`` and ``grade`` pay for it once. nbgrader's SaveCells stores every
test cell *with* its hidden tests in that gradebook before ClearHiddenTests
removes them from the release; autograde restores them from there.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader import gradebook
from grader.cells import cell_source, nbgrader_meta
from grader.course.config import (
    CONFIG_FILE,
    cache_root,
    default_solutions,
    ensure_tools_on_path,
    load_config,
)
from grader.course.generate import generate_assignment
from grader.course.layout import course_file, course_notebooks, split
from grader.errors import GraderError
from grader.integrity.imports import imported_modules

HIDDEN_BEGIN = re.compile(r"^\s*### BEGIN HIDDEN TESTS\s*$")
# bump when the prepared layout or its interpretation changes
FORMAT = "3"


def protected_families(cfg=None) -> tuple[str, ...]:
    """Top-level packages whose state the integrity guard snapshots when the course imports them.

    Course knowledge: ``c.LimitedExecute.protected_modules`` under ``cfg`` (a
    course folder's configuration; default the grader's, grader/nbgrader_config.py,
    read once), LimitedExecute's default where unset. Read through the
    preprocessor itself, so that its default and the sections traitlets reads
    for it are the ones a grading run uses; imported here, not at the top: it
    loads nbgrader (grader.autograde.preprocessors imports nothing of this module).
    """
    if cfg is None:
        return _grader_families()
    from grader.autograde.preprocessors import LimitedExecute

    return tuple(LimitedExecute(config=cfg).protected_modules)


@functools.lru_cache(maxsize=1)
def _grader_families() -> tuple[str, ...]:
    return protected_families(load_config())


@dataclass
class NotebookInfo:
    """What the grader needs to know about one notebook of the course."""

    stem: str
    tests: dict[str, float]  # test cell grade_id -> points, in notebook order
    solutions: list[str]  # solution cell grade_ids
    locked: list[str]  # other locked cells (read-only, restored on grading)
    hidden_from: dict[str, int] = field(default_factory=dict)  # test id -> first hidden line (1-based)
    protect: list[str] = field(default_factory=list)  # modules imported by the source
    cell_ids: list[str] = field(default_factory=list)  # every grade_id, in order

    @property
    def max_score(self) -> float:
        return float(sum(self.tests.values()))

    @classmethod
    def from_source(cls, stem: str, nb: dict, families: tuple[str, ...] | None = None) -> NotebookInfo:
        """What the grader needs of notebook ``stem`` (the source ``nb``); ``families``: the course's
        protected modules (default :func:`protected_families`)."""
        tests: dict[str, float] = {}
        solutions: list[str] = []
        locked: list[str] = []
        hidden: dict[str, int] = {}
        order: list[str] = []
        for cell in nb.get("cells", []):
            meta = nbgrader_meta(cell)
            gid = meta.get("grade_id")
            if not gid:
                continue
            order.append(gid)
            if meta.get("grade"):
                tests[gid] = float(meta.get("points", 0))
                for i, line in enumerate(cell_source(cell).splitlines(), start=1):
                    if HIDDEN_BEGIN.match(line):
                        hidden[gid] = i
                        break
            elif meta.get("solution"):
                solutions.append(gid)
            elif meta.get("locked"):
                locked.append(gid)
        protect = imported_modules([cell_source(c) for c in nb.get("cells", []) if c.get("cell_type") == "code"],
                                   protected_families() if families is None else families)
        return cls(stem, tests, solutions, locked, hidden, protect, order)


@dataclass
class Prepared:
    """An nbgrader course directory made from the solutions (read-only once built).

    ``digests`` holds the sha256 of every file of the course directory and of
    the gradebook's course rows (:func:`grader.gradebook.digest`), taken when the
    directory was verified; ``pristine`` the gradebook's bytes at that moment,
    kept in memory so that a worker can restore its copy without trusting any
    file; ``notes`` what :func:`prepare` had to repair (said in the summary).
    """

    root: Path
    infos: dict[str, NotebookInfo]
    digests: dict[str, str] = field(default_factory=dict)
    pristine: bytes = b""
    notes: list[str] = field(default_factory=list)
    config: Path | None = None  # an nbgrader course folder's own nbgrader_config.py (load_config)
    duedates: dict[str, str] = field(default_factory=dict)  # {assignment: due date} from its gradebook

    def load_config(self, **overrides):
        """The grader's configuration with the course folder's own over it (:func:`load_config`)."""
        return load_config(self.config, **overrides)

    @property
    def stems(self) -> list[str]:
        return list(self.infos)

    @property
    def gradebook(self) -> Path:
        return self.root / "gradebook.db"

    def source(self, stem: str) -> Path:
        """``source/ASSIGNMENT/NB.ipynb`` of the notebook whose key is ``stem`` (grader.course.layout)."""
        return course_file(self.root, "source", stem)

    def release(self, stem: str) -> Path:
        return course_file(self.root, "release", stem)


def _key(files: dict[str, Path], stems: list[str], extra: bytes = b"") -> str:
    import nbgrader

    h = hashlib.sha256()
    h.update(f"{FORMAT}|{nbgrader.__version__}|".encode())
    h.update(CONFIG_FILE.read_bytes())
    for stem in stems:
        h.update(stem.encode() + b"\0" + files[stem].read_bytes() + b"\0")
    h.update(extra)
    return h.hexdigest()[:20]


def build(files: dict[str, Path], root: Path, stems: list[str], duedates: dict | None = None,
          config: Path | None = None) -> None:
    """Make the nbgrader course directory ``root`` from the source notebooks ``files``.

    ``duedates``: {assignment: naive UTC datetime} from an nbgrader course's
    gradebook, set on the assignments (nbgrader's late-submission records).
    """
    ensure_tools_on_path()
    for stem in stems:
        dest = course_file(root, "source", stem)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files[stem], dest)
    for assignment in dict.fromkeys(split(stem)[0] for stem in stems):
        generate_assignment(root, assignment, config)
    if duedates:
        gradebook.set_due_dates(root / "gradebook.db", duedates)


MANIFEST = "checksums.json"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _manifest(root: Path) -> dict[str, str]:
    """{relative path: sha256} of the course directory's files, and the gradebook's course rows."""
    files = {p.relative_to(root).as_posix(): sha256_file(p) for p in sorted(root.rglob("*"))
             if p.is_file() and p.name not in (MANIFEST, "ok")}
    files["gradebook.db#course"] = gradebook.digest(root / "gradebook.db")
    return files


def _verify(root: Path, files: dict[str, Path], stems: list[str]) -> str:
    """Why the cached course ``root`` cannot be trusted, or "" when it can.

    The sources must equal the solutions byte for byte, every file must match
    the manifest written when the directory was built, and no file may have
    been added (symbolic links count as changed).
    """
    if not (root / MANIFEST).exists():
        return "it has no checksums (an older grader made it)"
    try:
        want = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        for stem in stems:
            if course_file(root, "source", stem).read_bytes() != files[stem].read_bytes():
                return f"{course_file(Path('source'), 'source', stem)} differs from the solutions"
        if any(p.is_symlink() for p in root.rglob("*")):
            return "it holds a symbolic link"
        have = _manifest(root)
    except (OSError, ValueError) as exc:
        return f"it cannot be read ({type(exc).__name__}: {exc})"
    changed = sorted(set(want) ^ set(have) | {k for k in want.keys() & have.keys() if want[k] != have[k]})
    return f"{', '.join(changed[:3])} changed since it was built" if changed else ""


def _built(files: dict[str, Path], stems: list[str], extra: bytes, duedates: dict, config: Path | None
           ) -> tuple[Path, list[str]]:
    """(the folder of the built course, notes): the cache's entry for this key, verified (:func:`_verify`),
    else built now (:func:`build`) and moved into the cache whole, else built in a private temporary
    folder (a read-only home, a cache that cannot be repaired). A cached entry that was changed is
    moved aside and built again, and a note says so."""
    cache = cache_root()
    final = cache / _key(files, stems, extra)
    notes: list[str] = []
    if (final / "ok").exists():
        why = _verify(final, files, stems)
        if why:
            notes.append(f"the course cache {final} was not as built ({why}); it was built again")
            corrupt = final.with_name(f"{final.name}.corrupt-{os.getpid()}")
            try:
                os.rename(final, corrupt)
                shutil.rmtree(corrupt, ignore_errors=True)
            except OSError:  # cannot move it: build privately
                final = Path(tempfile.mkdtemp(prefix="grader-course-"))
    if not (final / "ok").exists():
        try:
            if final.parent != cache:
                raise OSError("a private build")
            cache.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix="build-", dir=cache))
        except OSError:  # a read-only home, or a cache that cannot be repaired: a private temporary folder
            final = final if final.parent != cache else Path(tempfile.mkdtemp(prefix="grader-course-"))
            tmp = final
        build(files, tmp, stems, duedates, config)
        (tmp / MANIFEST).write_text(json.dumps(_manifest(tmp), indent=1, sort_keys=True) + "\n")
        (tmp / "ok").write_text("ok\n")
        if tmp != final:
            try:
                os.rename(tmp, final)
            except OSError:  # another process finished first: use theirs
                shutil.rmtree(tmp, ignore_errors=True)
    return final, notes


def prepare(solutions: Path | None = None, duedates: dict[str, str] | None = None,
            config: Path | None = None) -> Prepared:
    """The prepared course for ``solutions`` (built once, then read from the cache).

    A cached course is verified before use (:func:`_verify`); one that was
    changed is built again, and ``Prepared.notes`` says so. An nbgrader
    course folder's ``source/`` brings the due dates of its gradebook and its
    ``nbgrader_config.py`` (:attr:`Prepared.config`); ``duedates`` and
    ``config`` give them for a copy of the course (a Dask worker's). Both are
    part of the prepared-course key: grades made under another late rule or
    timeout are of another version of the course.
    """
    solutions = (solutions or default_solutions()).resolve()
    if config is None and solutions.name == "source" and (solutions.parent / "nbgrader_config.py").is_file():
        config = solutions.parent / "nbgrader_config.py"
    cfg = load_config(config)  # one line now, when the course's file is broken
    files = course_notebooks(solutions, cfg)
    families = protected_families(None if config is None else cfg)
    stems = list(files)
    for stem in stems:
        try:
            json.loads(files[stem].read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GraderError(f"{files[stem]} is not a readable notebook ({exc})") from None
    if duedates is None:
        duedates = gradebook.due_dates(solutions.parent / "gradebook.db") if solutions.name == "source" else {}
    extra = repr(sorted(duedates.items())).encode() if duedates else b""
    if config is not None:
        extra += b"\0config\0" + Path(config).read_bytes()
    final, notes = _built(files, stems, extra, duedates, config)
    infos = {}
    for stem in stems:
        nb = json.loads(course_file(final, "source", stem).read_text(encoding="utf-8"))
        infos[stem] = NotebookInfo.from_source(stem, nb, families)
    digests = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
    pristine = (final / "gradebook.db").read_bytes()
    if gradebook.digest(final / "gradebook.db") != digests["gradebook.db#course"]:  # changed just now
        raise GraderError(f"the course cache {final} changes while it is read; is another process writing it?")
    return Prepared(final, infos, digests, pristine, notes, Path(config) if config else None, dict(duedates))
