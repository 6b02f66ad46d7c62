"""``python -m grader export-course``: an nbgrader course folder made from the course's solutions.

The folder nbgrader's own commands work in (``source/``, ``release/``,
``gradebook.db``, ``nbgrader_config.py``), for a course that is graded with
nbgrader's ``autograde`` or JupyterHub's exchange rather than with ``python -m
grader grade``.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader import gradebook
from grader.course.build import prepare
from grader.course.layout import course_file, split
from grader.errors import GraderError

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
# the course folder's own nbgrader_config.py that the course was exported from (its knowledge)
COURSE_CONFIG_LINE = '''
# the course's own configuration (what it knows: notebooks, reference answers, packages, limits)
load_subconfig({config!r})  # noqa: F821
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
'''


def choose_assignments(available: list[str], wanted: list[str] | None) -> list[str]:
    """The assignments of ``available`` that ``wanted`` names (all when None), in course order.

    A name is an assignment's exact name, or a unique start of one (``01``
    for ``01_intro``). Raises GraderError with one line naming
    what is unknown or ambiguous and what there is.
    """
    if not wanted:
        return list(available)
    chosen: set[str] = set()
    for name in wanted:
        hits = [a for a in available if a == name] or [a for a in available if a.startswith(name)]
        if len(hits) != 1:
            what = "is no assignment" if not hits else f"fits {len(hits)} assignments ({', '.join(hits[:3])})"
            raise GraderError(f"--assignments: {name!r} {what} of the course; choose from {', '.join(available)}")
        chosen.add(hits[0])
    return [a for a in available if a in chosen]


def export_course(dest: Path, solutions: Path | None = None, course_id: str | None = None,
                  assignments: list[str] | None = None) -> tuple[list[str], str]:
    """Write an nbgrader course folder for the course's solutions into ``dest``.

    ``dest/source/NB/NB.ipynb`` (the solutions, hidden tests included),
    ``dest/release/NB/NB.ipynb`` (what learners get: byte for byte
    ``notebooks/``), ``dest/gradebook.db`` (nbgrader's, every assignment and
    its cells, hidden tests included, no students yet) and
    ``dest/nbgrader_config.py`` (loads the grader's configuration, then the
    course folder's own where the solutions are one's ``source/``, sets the
    course id). ``course_id``: default the course's
    ``c.CourseDirectory.course_id``, else ``dest``'s name (as ``nbgrader
    quickstart DEST`` names a course). ``assignments``: only these (:func:`choose_assignments`) go
    into the folder and the gradebook, so that totals and ``nbgrader
    export`` count only what the class is given; the others are removed
    from the gradebook with nbgrader's own ``Gradebook.remove_assignment``.
    ``dest`` must be new or empty; it is made readable by its owner only (mode
    0700: it holds the hidden tests). Returns the assignments written and the course id. Raises
    GraderError with one line for a ``dest`` that holds files or an unknown
    assignment.
    """
    import shutil

    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise GraderError(f"{dest} is not an empty folder; pass a new folder for the course")
    prep = prepare(solutions)
    if course_id is None:
        course_id = prep.load_config().CourseDirectory.get("course_id") or Path(dest).resolve().name
    if not course_id or not re.fullmatch(r"[\w.-]+", course_id):
        raise GraderError(f"{course_id!r} is not a course id; pass --course-id NAME (letters, digits, - and _)")
    available = list(dict.fromkeys(split(k)[0] for k in prep.stems))
    chosen = choose_assignments(available, assignments)
    keys = [k for k in prep.stems if split(k)[0] in chosen]
    dest.mkdir(parents=True, exist_ok=True)
    # the course folder holds the solutions and hidden tests: only its owner may enter it, whatever
    # the umask (Debian's 022 leaves new folders readable by every user of a shared hub)
    dest.chmod(0o700)
    for step in ("source", "release"):
        for key in keys:
            target = course_file(dest, step, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(course_file(prep.root, step, key), target)
    _write_gradebook(dest / "gradebook.db", prep.pristine, [a for a in available if a not in chosen], course_id)
    text = CONFIG_TEMPLATE.format(course_id=course_id)
    if prep.config is not None:  # the course's own knowledge, over the grader's, as when it was graded
        text += COURSE_CONFIG_LINE.format(config=str(Path(prep.config).resolve()), course_id=course_id)
    (dest / "nbgrader_config.py").write_text(text, encoding="utf-8")
    return chosen, course_id


def _write_gradebook(db: Path, pristine: bytes, dropped: list[str], course_id: str) -> None:
    """The course's verified gradebook (``pristine``) written to ``db``, without the assignments
    ``dropped`` (nbgrader's own ``Gradebook.remove_assignment``), its assignments in course ``course_id``."""
    db.write_bytes(pristine)
    if dropped:
        with gradebook.open_gradebook(db) as gb:
            for name in dropped:
                gb.remove_assignment(name)
    gradebook.set_course_id(db, course_id)
