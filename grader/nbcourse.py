"""nbgrader's course layout: where each file of a course and of a graded class lives.

nbgrader names every file by assignment and notebook: ``source/ASSIGNMENT/NB.ipynb``,
``release/ASSIGNMENT/NB.ipynb``, ``submitted/STUDENT/ASSIGNMENT/NB.ipynb``,
``autograded/STUDENT/ASSIGNMENT/NB.ipynb`` and ``feedback/STUDENT/ASSIGNMENT/NB.html``
(what ``nbgrader release_feedback`` looks for; nbgrader's ``CourseDirectory``
``format_path``). The grader names a notebook of the course by a *key*: for
this course's flat ``solutions/NN_name.ipynb`` the key is the stem, and the
stem is the assignment and the notebook at once (``NN_name/NN_name``); for
an nbgrader course folder whose assignment holds several notebooks (or one
of another name) the key is ``ASSIGNMENT/NB``. :func:`split` turns a key
into (assignment, notebook); every path below goes through it.
"""

from __future__ import annotations

from pathlib import Path

# folders of an nbgrader course directory that are never a student's
COURSE_FOLDERS = ("source", "release", "submitted", "autograded", "feedback", "outbound", "inbound")


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
    return Path(out) / "feedback" / student / assignment / f"{notebook}.html"


def autograded_file(out: Path, student: str, key: str) -> Path:
    """``out/autograded/STUDENT/ASSIGNMENT/NB.ipynb``: nbgrader's autograded layout."""
    assignment, notebook = split(key)
    return Path(out) / "autograded" / student / assignment / f"{notebook}.ipynb"


def course_file(root: Path, step: str, key: str) -> Path:
    """``root/STEP/ASSIGNMENT/NB.ipynb`` for step ``source`` or ``release``."""
    assignment, notebook = split(key)
    return Path(root) / step / assignment / f"{notebook}.ipynb"


CONFIG_TEMPLATE = '''\
"""nbgrader configuration of this course folder, written by `python -m grader export-course`.

It loads the grader's own configuration (preprocessors, limits, the course's
protected modules and preloads: grader/nbgrader_config.py of the installed
grader), so nbgrader's commands run from this folder grade as `python -m grader
grade` does:

    nbgrader db assignment list
    nbgrader generate_assignment ASSIGNMENT --force
    nbgrader release_assignment ASSIGNMENT      # JupyterHub's exchange
    nbgrader collect ASSIGNMENT
    nbgrader autograde ASSIGNMENT
    nbgrader formgrader / generate_feedback / release_feedback
"""

import os

import grader

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads the file
load_subconfig(os.path.join(os.path.dirname(grader.__file__), "nbgrader_config.py"))  # noqa: F821

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
# JupyterHub's exchange (nbgrader's default is /srv/nbgrader/exchange):
# c.Exchange.root = "/srv/nbgrader/exchange"
'''


def export_course(dest: Path, solutions: Path | None = None, course_id: str = "cnn-course") -> list[str]:
    """Write an nbgrader course folder for the course's solutions into ``dest``.

    ``dest/source/NB/NB.ipynb`` (the solutions, hidden tests included),
    ``dest/release/NB/NB.ipynb`` (what learners get: byte for byte
    ``notebooks/``), ``dest/gradebook.db`` (nbgrader's, every assignment and
    its cells, hidden tests included, no students yet) and
    ``dest/nbgrader_config.py`` (loads the grader's configuration, sets the
    course id). ``dest`` must be new or empty. Returns the assignments
    written. Raises GraderError with one line for a ``dest`` that holds files.
    """
    import shutil
    import sqlite3

    from .course import GraderError, prepare

    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise GraderError(f"{dest} is not an empty folder; pass a new folder for the course")
    if not course_id or "/" in course_id:
        raise GraderError(f"{course_id!r} is not a course id; pass --course-id NAME (letters, digits, - and _)")
    prep = prepare(solutions)
    dest.mkdir(parents=True, exist_ok=True)
    for step in ("source", "release"):
        for key in prep.stems:
            target = course_file(dest, step, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(course_file(prep.root, step, key), target)
    db = dest / "gradebook.db"
    db.write_bytes(prep.pristine)  # the verified course gradebook
    con = sqlite3.connect(str(db))
    try:
        con.execute("INSERT OR IGNORE INTO course (id) VALUES (?)", (course_id,))
        con.execute("UPDATE assignment SET course_id = ?", (course_id,))
        con.commit()
    finally:
        con.close()
    (dest / "nbgrader_config.py").write_text(CONFIG_TEMPLATE.format(course_id=course_id), encoding="utf-8")
    return sorted({split(k)[0] for k in prep.stems})


def submission_timestamp(path: Path | None):
    """When the notebook at ``path`` was handed in: nbgrader's ``timestamp.txt`` beside it
    (``submitted/STUDENT/ASSIGNMENT/timestamp.txt``), read with nbgrader's own parser
    (naive UTC datetime); None without one or when it cannot be read."""
    if path is None:
        return None
    stamp = Path(path).parent / "timestamp.txt"
    if not stamp.is_file():
        return None
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(stamp.read_text(encoding="utf-8", errors="replace").strip())
    except (ValueError, OverflowError, TypeError, OSError):
        return None


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


def match_course(folder: Path, keys: list[str]) -> dict[str, tuple[Path, str]]:
    """{key: (path, note)} of one student's ``submitted/STUDENT/`` folder: ``ASSIGNMENT/NB.ipynb``,
    nbgrader's layout (links are not followed)."""
    found: dict[str, tuple[Path, str]] = {}
    for key in keys:
        assignment, notebook = split(key)
        path = Path(folder) / assignment / f"{notebook}.ipynb"
        if path.is_file() and not path.is_symlink() and not path.parent.is_symlink():
            found[key] = (path, "")
    return found


SIDECARS = ("timestamp.txt", "submission_secret.txt")  # what nbgrader's release_feedback reads beside the page


def copy_sidecars(submitted: Path, out: Path, student: str, key: str) -> None:
    """Copy nbgrader's ``timestamp.txt`` and ``submission_secret.txt`` of a submission
    (``submitted/STUDENT/ASSIGNMENT/``) beside its autograded notebook and feedback, as
    nbgrader's autograde and generate_feedback do: ``nbgrader release_feedback`` needs both."""
    import shutil

    for name in SIDECARS:
        src = Path(submitted) / name
        if not src.is_file() or src.is_symlink():
            continue
        for dest in (autograded_file(out, student, key).parent, feedback_file(out, student, key).parent):
            if dest.is_dir():
                shutil.copyfile(src, dest / name)
