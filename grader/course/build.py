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

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader import gradebook
from grader.cells import cell_source, nbgrader_meta, to_python
from grader.course.layout import course_file, key_of, split
from grader.errors import GraderError

HERE = Path(__file__).resolve().parents[1]  # grader/
REPO = HERE.parent
CONFIG_FILE = HERE / "nbgrader_config.py"
HIDDEN_BEGIN = re.compile(r"^\s*### BEGIN HIDDEN TESTS\s*$")
# bump when the prepared layout or its interpretation changes
FORMAT = "3"



def protected_families() -> tuple[str, ...]:
    """Top-level packages whose state the integrity guard snapshots when the course imports them.

    Course knowledge, from one place: ``c.LimitedExecute.protected_modules``
    in grader/nbgrader_config.py (LimitedExecute's default where unset).
    """
    return _knowledge()[0]


def preload_modules() -> tuple[str, ...]:
    """Modules every kernel starts with (``c.LimitedExecute.preload`` in grader/nbgrader_config.py)."""
    return _knowledge()[1]


def _families_of(cfg) -> tuple[str, ...]:
    """``c.LimitedExecute.protected_modules`` under ``cfg`` (a course folder's configuration)."""
    from grader.autograde.preprocessors import LimitedExecute

    return tuple(LimitedExecute(config=cfg).protected_modules)


@functools.lru_cache(maxsize=1)
def _knowledge() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from grader.autograde.preprocessors import LimitedExecute

    le = LimitedExecute(config=load_config())
    return tuple(le.protected_modules), tuple(le.preload)


def reference_table(cfg=None) -> dict[str, tuple[str, ...]]:
    """{short name: dotted names} of the course's reference answers: ``c.Integrity.reference_answers``.

    ``cfg``: the configuration (default: the grader's, :func:`load_config`).
    Course knowledge: the course's config sets it (grader/nbgrader_config.py
    for the CNN course); the grader's default is no table.
    """
    from grader.integrity.scan import Integrity

    table = Integrity(config=load_config() if cfg is None else cfg).reference_answers
    return {str(k): tuple(str(n) for n in v) for k, v in table.items()}


def reference_answers(stem: str, cfg=None) -> tuple[str, ...]:
    """The dotted names (of the course's support package, or any module) that answer notebook
    ``stem``'s exercises: ``c.Integrity.reference_answers``, keyed by the notebook's short name
    (``c.CourseNotebooks.short_name``; the whole key where it is unset). A learner cell that names or
    calls one of them has borrowed its answer (grader/integrity/scan.py)."""
    from grader.course.layout import course_notebooks_config

    cfg = load_config() if cfg is None else cfg
    return reference_table(cfg).get(course_notebooks_config(cfg).short(stem), ())


def reference_modules(cfg=None) -> tuple[str, ...]:
    """The modules that hold a reference answer of any notebook: a zygote shared by notebooks never
    imports them (grader/integrity/cleanroom.py)."""
    table = reference_table(cfg)
    return tuple(sorted({name.rpartition(".")[0] for names in table.values() for name in names}))


def default_solutions() -> Path:
    """The nbgrader source folder: $CNN_COURSE_SOLUTIONS or <repo>/solutions."""
    env = os.environ.get("CNN_COURSE_SOLUTIONS")
    return Path(env).expanduser().resolve() if env else REPO / "solutions"


def cache_root() -> Path:
    """The grader's cache of prepared courses: $CNN_GRADER_CACHE, else $XDG_CACHE_HOME/nbgrader-addon/grader.

    One folder for every course: a prepared course is keyed by the content of its notebooks and
    configuration (:func:`prepare`), so courses never share an entry.
    """
    env = os.environ.get("CNN_GRADER_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nbgrader-addon" / "grader"


def ensure_tools_on_path() -> None:
    """nbgrader calls the `alembic` script; it lives beside our interpreter."""
    bindir = os.path.dirname(sys.executable)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


def load_config(course_config: Path | None = None, **overrides):
    """The grader's nbgrader_config.py as a traitlets Config, then ``course_config``, then
    ``{"Class.trait": value}`` overrides.

    ``course_config``: an nbgrader course folder's own ``nbgrader_config.py``
    (:attr:`Prepared.config`), loaded over the grader's with traitlets'
    ``PyFileConfigLoader``, the loader nbgrader's applications use for the
    ``nbgrader_config.py`` of the folder they run in: what it sets (the
    late-submission plugin, ``c.Execute.timeout``, the exchange) wins, as it
    does for ``nbgrader autograde`` run there; its ``load_subconfig`` of the
    grader's file works as under nbgrader. The Jupyter config folders'
    ``nbgrader_config.py`` files are not read, so that a grade does not
    depend on the grading user's home. Raises GraderError with the file and
    the error, in one line, when the course's file cannot be loaded.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    cfg = PyFileConfigLoader(CONFIG_FILE.name, path=str(HERE)).load_config()
    if course_config is not None:
        course_config = Path(course_config)
        try:
            cfg.merge(PyFileConfigLoader(course_config.name, path=str(course_config.parent)).load_config())
        except Exception as exc:  # noqa: BLE001 - a config file is Python: anything can go wrong in it
            raise GraderError(f"{course_config} cannot be loaded ({type(exc).__name__}: {exc}); "
                              "fix it, as `nbgrader autograde` would need it too") from None
    extra = Config()
    for key, value in overrides.items():
        cls, trait = key.split(".")
        extra[cls][trait] = value
    cfg.merge(extra)
    return cfg


def imported_modules(sources: list[str], families: tuple[str, ...] | None = None) -> list[str]:
    """The modules of ``families`` (default :func:`protected_families`) that the given cells import
    (IPython syntax allowed)."""
    import ast

    families = protected_families() if families is None else tuple(families)
    found: list[str] = []
    for src in sources:
        try:
            tree = ast.parse(to_python(src))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] in families and name not in found:
                    found.append(name)
    return found


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
        protect = imported_modules([cell_source(c) for c in nb.get("cells", [])
                                    if c.get("cell_type") == "code"], families)
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


def course_notebooks(solutions: Path, cfg=None) -> dict[str, Path]:
    """{key: source notebook} of a course: a flat folder of notebooks (each its own assignment; those
    whose stem matches ``c.CourseNotebooks.pattern`` of ``cfg``, default the grader's configuration), or an nbgrader ``source/`` folder
    (``ASSIGNMENT/NB.ipynb``, several notebooks per assignment allowed; keys from grader.course.layout).

    Notebooks straight in an nbgrader ``source/`` folder are no assignment: ``nbgrader quickstart``
    puts its header there (``source/header.ipynb``, named by ``c.IncludeHeaderFooter.header``), so
    they are left out, as nbgrader's generate_assignment leaves them out of the assignments."""
    nested = solutions.is_dir() and any(solutions.glob("*/*.ipynb"))
    if nested and (solutions.name == "source" or not any(solutions.glob("*.ipynb"))):
        found = {}
        for nb in sorted(solutions.glob("*/*.ipynb")):
            if nb.parent.name.startswith(".") or nb.name.startswith("."):
                continue
            found[key_of(nb.parent.name, nb.stem)] = nb
        return found
    return {stem: solutions / f"{stem}.ipynb" for stem in list_stems(solutions, cfg)}


def list_stems(solutions: Path, cfg=None) -> list[str]:
    """The stems of a flat solutions folder's course notebooks (``c.CourseNotebooks.pattern``), sorted.

    Raises GraderError when the folder is missing or holds none.
    """
    from grader.course.layout import course_notebooks_config

    if not solutions.is_dir():
        raise GraderError(f"no solutions folder at {solutions}; set CNN_COURSE_SOLUTIONS or pass --solutions DIR")
    names = course_notebooks_config(cfg)
    stems = sorted(p.stem for p in solutions.glob("*.ipynb") if names.is_course_notebook(p.stem))
    if not stems:
        raise GraderError(f"{solutions} holds no notebooks of the course (c.CourseNotebooks.pattern "
                          f"{names.pattern!r}); add solutions or pass --solutions DIR")
    return stems


def _key(files: dict[str, Path], stems: list[str], extra: bytes = b"") -> str:
    import nbgrader

    h = hashlib.sha256()
    h.update(f"{FORMAT}|{nbgrader.__version__}|".encode())
    h.update(CONFIG_FILE.read_bytes())
    for stem in stems:
        h.update(stem.encode() + b"\0" + files[stem].read_bytes() + b"\0")
    h.update(extra)
    return h.hexdigest()[:20]


@contextlib.contextmanager
def quiet_nbgrader():
    """Keep nbgrader's log off the terminal; collect errors for our message."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    loggers = [logging.getLogger(n) for n in ("traitlets", "NbGrader", "nbgrader")]
    saved = [(lg.level, lg.propagate, list(lg.handlers)) for lg in loggers]
    handler = Keep(level=logging.WARNING)
    for lg in loggers:
        lg.handlers = [handler]
        lg.propagate = False
        lg.setLevel(logging.WARNING)
    try:
        yield records
    finally:
        for lg, (level, prop, handlers) in zip(loggers, saved, strict=True):
            lg.setLevel(level)
            lg.propagate = prop
            lg.handlers = handlers


def generate_assignment(root: Path, stem: str, config: Path | None = None) -> None:
    """Run nbgrader's GenerateAssignment for one notebook in course dir ``root``, under the grader's
    configuration and ``config`` (an nbgrader course folder's own nbgrader_config.py) over it."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    cfg = load_config(config)
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    cfg.CourseDirectory.assignment_id = stem
    cfg.GenerateAssignment.force = True
    # nbgrader runs in the course folder (its root), and a course's config names files relative to it
    # (quickstart's c.IncludeHeaderFooter.header = "source/header.ipynb"); ``root`` is a build folder
    if config is not None and "IncludeHeaderFooter" in cfg:
        for key in ("header", "footer"):
            named = cfg.IncludeHeaderFooter.get(key)
            if isinstance(named, str) and named and not os.path.isabs(named):
                cfg.IncludeHeaderFooter[key] = str(Path(config).parent / named)
    with quiet_nbgrader() as records:
        try:
            GenerateAssignment(coursedir=CourseDirectory(config=cfg), config=cfg).start()
        except Exception as exc:  # noqa: BLE001 - report nbgrader's own reason in one line
            why = [r.getMessage().strip().splitlines()[-1] for r in records
                   if r.levelno >= logging.ERROR and r.getMessage().strip()]
            why = [w for w in why if "see the the above" not in w] or [str(exc)]
            raise GraderError(f"nbgrader generate_assignment failed for {stem}: {why[0]}") from None


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
    families = None if config is None else _families_of(cfg)
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
                final = Path(tempfile.mkdtemp(prefix="cnn-grader-"))
    if not (final / "ok").exists():
        try:
            if final.parent != cache:
                raise OSError("a private build")
            cache.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix="build-", dir=cache))
        except OSError:  # a read-only home, or a cache that cannot be repaired: a private temporary folder
            final = final if final.parent != cache else Path(tempfile.mkdtemp(prefix="cnn-grader-"))
            tmp = final
        build(files, tmp, stems, duedates, config)
        (tmp / MANIFEST).write_text(json.dumps(_manifest(tmp), indent=1, sort_keys=True) + "\n")
        (tmp / "ok").write_text("ok\n")
        if tmp != final:
            try:
                os.rename(tmp, final)
            except OSError:  # another process finished first: use theirs
                shutil.rmtree(tmp, ignore_errors=True)
    infos = {}
    for stem in stems:
        nb = json.loads(course_file(final, "source", stem).read_text(encoding="utf-8"))
        infos[stem] = NotebookInfo.from_source(stem, nb, families)
    digests = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
    pristine = (final / "gradebook.db").read_bytes()
    if gradebook.digest(final / "gradebook.db") != digests["gradebook.db#course"]:  # changed just now
        raise GraderError(f"the course cache {final} changes while it is read; is another process writing it?")
    return Prepared(final, infos, digests, pristine, notes, Path(config) if config else None, dict(duedates))
