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
