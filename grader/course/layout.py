"""nbgrader's course layout: where each file of a course and of a graded class lives.

nbgrader names every file by assignment and notebook: ``source/ASSIGNMENT/NB.ipynb``,
``release/ASSIGNMENT/NB.ipynb``, ``submitted/STUDENT/ASSIGNMENT/NB.ipynb``,
``autograded/STUDENT/ASSIGNMENT/NB.ipynb`` and ``feedback/STUDENT/ASSIGNMENT/NB.html``
(what ``nbgrader release_feedback`` looks for; nbgrader's ``CourseDirectory``
``format_path``). The grader names a notebook of the course by a *key*: for
a flat solutions folder (``solutions/NB.ipynb``) the key is the stem, and the
stem is the assignment and the notebook at once (``NB/NB``); for an nbgrader
course folder whose assignment holds several notebooks (or one of another
name) the key is ``ASSIGNMENT/NB``. :func:`split` turns a key into
(assignment, notebook); every path below goes through it.

Which files of a flat folder are the course's notebooks, and the short name
that keys the course's tables (``c.Integrity.reference_answers``,
``c.CleanRoom.allowed``) and ties a renamed file to its notebook, are the
course's to say: :class:`CourseNotebooks` (``c.CourseNotebooks.*``); :func:`course_notebooks`
finds them in a solutions folder or an nbgrader ``source/`` folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from traitlets import Unicode
from traitlets.config import Configurable

from grader import gradebook
from grader.course.config import ensure_tools_on_path, load_config
from grader.errors import GraderError
from grader.outfolder import AUTOGRADED, FEEDBACK

# folders of an nbgrader course directory that are never a student's
COURSE_FOLDERS = ("source", "release", "submitted", "autograded", "feedback", "outbound", "inbound")


class CourseNotebooks(Configurable):
    """How the course names its notebooks (course knowledge, set in the course's nbgrader_config.py).

    The defaults suit any nbgrader course: every ``.ipynb`` of a flat
    solutions folder is a notebook of the course (nbgrader's
    generate_assignment takes any name), and a notebook's key in the course's
    tables is its whole key.
    """

    pattern = Unicode(r"[^.].*", help="regular expression that the stem of a notebook in a flat solutions "
                      "folder must match in full to be a notebook of the course (others there are left out)"
                      ).tag(config=True)
    short_name = Unicode("", help="regular expression whose first group is a notebook's short name: matched at "
                         "the start of a notebook's key, the key of the course's per-notebook tables "
                         "(c.Integrity.reference_answers, c.CleanRoom.allowed, c.CleanRoom.keep; a key it does "
                         "not match is its own short name); searched anywhere in a file name, the mark that ties "
                         "a renamed file ('Copy of ... (1).ipynb') to the notebook of that short name; empty: "
                         "the whole key, and no renamed-file rule").tag(config=True)

    def is_course_notebook(self, stem: str) -> bool:
        """Whether a flat folder's ``stem.ipynb`` is a notebook of the course (:attr:`pattern`)."""
        return re.fullmatch(self.pattern, stem) is not None

    def short(self, key: str) -> str:
        """The key of the course's tables for notebook ``key`` (:attr:`short_name`; else ``key``)."""
        m = re.match(self.short_name, key) if self.short_name else None
        return m.group(1) if m and m.groups() else key

    def mark(self, name: str) -> str | None:
        """The short name a file name carries (a renamed copy of a notebook), or None."""
        m = re.search(self.short_name, name) if self.short_name else None
        return m.group(1) if m and m.groups() else None


def course_notebooks_config(cfg=None) -> CourseNotebooks:
    """:class:`CourseNotebooks` under ``cfg`` (default: the grader's configuration, grader.course.config.load_config)."""
    return CourseNotebooks(config=load_config() if cfg is None else cfg)


def split(key: str) -> tuple[str, str]:
    """(assignment, notebook) of a course key: ``"04_x"`` -> ("04_x", "04_x"); ``"hw1/part2"`` -> ("hw1", "part2")."""
    if "/" in key:
        assignment, notebook = key.split("/", 1)
        return assignment, notebook
    return key, key


def key_of(assignment: str, notebook: str) -> str:
    """The course key of ``notebook`` in ``assignment`` (the inverse of :func:`split`)."""
    return assignment if assignment == notebook else f"{assignment}/{notebook}"


def feedback_file(out: Path, student: str, key: str) -> Path:
    """``out/feedback/STUDENT/ASSIGNMENT/NB.html``: nbgrader's feedback layout."""
    assignment, notebook = split(key)
    return Path(out) / FEEDBACK / student / assignment / f"{notebook}.html"


def autograded_file(out: Path, student: str, key: str) -> Path:
    """``out/autograded/STUDENT/ASSIGNMENT/NB.ipynb``: nbgrader's autograded layout."""
    assignment, notebook = split(key)
    return Path(out) / AUTOGRADED / student / assignment / f"{notebook}.ipynb"


def course_file(root: Path, step: str, key: str) -> Path:
    """``root/STEP/ASSIGNMENT/NB.ipynb`` for step ``source`` or ``release``."""
    assignment, notebook = split(key)
    return Path(root) / step / assignment / f"{notebook}.ipynb"


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
    if not solutions.is_dir():
        raise GraderError(f"no solutions folder at {solutions}; set GRADER_SOLUTIONS or pass --solutions DIR")
    names = course_notebooks_config(cfg)
    stems = sorted(p.stem for p in solutions.glob("*.ipynb") if names.is_course_notebook(p.stem))
    if not stems:
        raise GraderError(f"{solutions} holds no notebooks of the course (c.CourseNotebooks.pattern "
                          f"{names.pattern!r}); add solutions or pass --solutions DIR")
    return stems


def course_folder(path: Path) -> Path | None:
    """``path`` when it is an nbgrader course directory, else None: a ``source/`` folder with
    ``ASSIGNMENT/*.ipynb``, or beside ``submitted/``, ``release/``, ``gradebook.db`` or
    ``nbgrader_config.py`` (then its folders are never taken for students)."""
    path = Path(path)
    if not (path.is_dir() and (path / "source").is_dir()):
        return None
    marks = ("submitted", "release", "gradebook.db", "nbgrader_config.py")
    if any((path / "source").glob("*/*.ipynb")) or any((path / m).exists() for m in marks):
        return path
    return None


def gradebook_revision(db: Path) -> tuple[str | None, str]:
    """(the gradebook's alembic revision or None, the revision of the installed nbgrader's schema).

    The installed one is the head of nbgrader's own migration scripts
    (nbgrader.dbutil.ALEMBIC_DIR, read with alembic). Raises ValueError when
    ``db`` is not a readable SQLite file.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader import dbutil

    config = Config()
    config.set_main_option("script_location", dbutil.ALEMBIC_DIR)
    head = ScriptDirectory.from_config(config).get_current_head()
    return gradebook.revision(db), head


def upgrade_gradebook(db: Path) -> str:
    """Upgrade an older nbgrader gradebook (nbgrader 0.5's, say) in place; return a note ("" when current).

    Runs nbgrader's own ``nbgrader db upgrade`` (DbUpgradeApp: it copies
    the file to ``gradebook.db.YYYY-MM-DD-HHMMSS.ffffff`` first, then runs
    nbgrader's alembic migrations), so students, submissions and manual
    grades are kept, as they are by nbgrader itself. Raises GraderError with
    nbgrader's reason when the upgrade fails (the backup is then untouched).
    """
    import subprocess
    import sys
    import tempfile

    db = Path(db)
    if not db.is_file():
        return ""
    try:
        have, head = gradebook_revision(db)
    except ValueError:
        return ""  # not a gradebook: the caller sets it aside
    if have == head or have is None:
        return ""
    ensure_tools_on_path()
    before = set(db.parent.glob(db.name + ".*"))
    with tempfile.TemporaryDirectory() as cwd:  # no course config of the working directory
        proc = subprocess.run([sys.executable, "-m", "nbgrader", "db", "upgrade",
                               f"--CourseDirectory.db_url=sqlite:///{db.resolve()}"],
                              cwd=cwd, capture_output=True, text=True, timeout=600)
    backups = sorted(set(db.parent.glob(db.name + ".*")) - before)
    if proc.returncode != 0:
        why = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
        raise GraderError(f"{db} is an older nbgrader gradebook (schema {have}) and `nbgrader db upgrade` failed: "
                          f"{why[-1] if why else proc.returncode}; the backup is "
                          f"{backups[0].name if backups else 'not made'}")
    return (f"{db.name} was an older nbgrader gradebook (schema {have}); upgraded in place with `nbgrader db "
            f"upgrade` to {head}, its students and grades kept (backup: {backups[0].name if backups else 'none'})")


SIDECARS = ("timestamp.txt", "submission_secret.txt")  # what nbgrader's release_feedback reads beside the page


def copy_sidecars(submitted: Path, out: Path, student: str, key: str) -> None:
    """Copy nbgrader's ``timestamp.txt`` and ``submission_secret.txt`` of a submission
    (``submitted/STUDENT/ASSIGNMENT/``) beside its autograded notebook and feedback, as
    nbgrader's autograde and generate_feedback do: ``nbgrader release_feedback`` needs both."""
    import shutil

    for name in SIDECARS:
        src = Path(submitted) / name
        for dest in (autograded_file(out, student, key).parent, feedback_file(out, student, key).parent):
            if not dest.is_dir():
                continue
            if src.is_file() and not src.is_symlink():
                shutil.copyfile(src, dest / name)
            elif (dest / name).is_file() and Path(submitted).resolve() != dest.resolve():
                (dest / name).unlink()  # a resubmission without it: the old one must not stay
