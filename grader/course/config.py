"""Where the grader's configuration and the course come from: the configuration loaded as nbgrader loads it.

The grader's own ``grader/nbgrader_config.py`` (the course's knowledge and the
grader's limits), an nbgrader course folder's ``nbgrader_config.py`` over it,
and ``{"Class.trait": value}`` overrides over both (:func:`load_config`); the
default solutions folder and the cache of prepared courses; the tools nbgrader
calls. Imports nothing of the grader beyond its errors, so that every part of
it can read the configuration without an import cycle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from grader.errors import GraderError

HERE = Path(__file__).resolve().parents[1]  # grader/
REPO = HERE.parent
CONFIG_FILE = HERE / "nbgrader_config.py"


def default_solutions() -> Path:
    """The nbgrader source folder: $GRADER_SOLUTIONS or <repo>/solutions."""
    env = os.environ.get("GRADER_SOLUTIONS")
    return Path(env).expanduser().resolve() if env else REPO / "solutions"


def cache_root() -> Path:
    """The grader's cache of prepared courses: $GRADER_CACHE, else $XDG_CACHE_HOME/nbgrader-addon/grader.

    One folder for every course: a prepared course is keyed by the content of its notebooks and
    configuration (grader.course.build.prepare), so courses never share an entry.
    """
    env = os.environ.get("GRADER_CACHE")
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
