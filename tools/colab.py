"""The first cell of every notebook, which installs the course on Colab and Binder, and the links to them.

On Google Colab (or any Jupyter without the course installed) ``import
cnnlib`` fails. So every notebook starts with a small locked code cell, the
same in all of them: when ``cnnlib`` cannot be found it pip-installs the
course (``cnnlib``, ``grader`` and their dependencies) from its Git
repository; where cnnlib is importable (``make lab``, Binder, the grader) it
does nothing. It is an nbgrader *locked* cell without points (grade_id
``install_course``): never graded, restored from the gradebook if a learner
edits it, and not scanned as learner code.

:data:`REPOSITORY` is the one place the course's Git address is written: the
cell, README's Colab and Binder badges and tests/test_colab.py read it from
here. After changing it (or this cell), run

    python tools/colab.py            # rewrites the first cell of every solutions/ notebook
                                     # and README's badges
    python -m grader release         # and notebooks/ from them

``python tools/colab.py --check`` changes nothing and exits 1 naming the
notebooks whose first cell is not the one below (and README when its badges
differ).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"

# The course's public Git repository: the one place it is written (see the module's docstring).
REPOSITORY = "https://github.com/cnn-course/cnn-course"
BRANCH = "main"
CELL_ID = "install-course"
GRADE_ID = "install_course"

SOURCE = '''\
# Colab, Binder, or a Jupyter without the course: this cell installs the course's support
# package (cnnlib) and its dependencies with pip, once. Where cnnlib is already installed
# (`make lab`, the grader) it does nothing. It is not graded.
import importlib.util
import subprocess
import sys

COURSE_REPOSITORY = "{repository}"
if importlib.util.find_spec("cnnlib") is None:
    print("Installing the course from", COURSE_REPOSITORY, "(a minute or two) ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    f"cnn-course @ git+{{COURSE_REPOSITORY}}"], check=True)
    importlib.invalidate_caches()  # so that the next cell finds the new package
'''


def install_source(repository: str = REPOSITORY) -> str:
    """The first cell's code, installing from ``repository`` (a Git URL pip understands after ``git+``)."""
    return SOURCE.format(repository=repository)


def requirement(repository: str = REPOSITORY) -> str:
    """What the cell passes to pip: ``cnn-course @ git+URL`` (PEP 508 direct reference)."""
    return f"cnn-course @ git+{repository}"


def install_cell(repository: str = REPOSITORY) -> dict:
    """The first cell as nbformat 4 JSON (a locked nbgrader cell without points, no outputs)."""
    lines = install_source(repository).splitlines(keepends=True)
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": CELL_ID,
        "metadata": {"nbgrader": {"grade": False, "grade_id": GRADE_ID, "locked": True,
                                  "schema_version": 3, "solution": False, "task": False}},
        "outputs": [],
        "source": lines,
    }


def _github(repository: str) -> str:
    """``owner/name`` of a GitHub URL."""
    path = repository.split("github.com/", 1)[-1].strip("/")
    return path[:-4] if path.endswith(".git") else path


def colab_url(stem: str, repository: str = REPOSITORY) -> str:
    """Colab's address for notebooks/STEM.ipynb of the repository (GitHub only)."""
    return f"https://colab.research.google.com/github/{_github(repository)}/blob/{BRANCH}/notebooks/{stem}.ipynb"


def binder_url(repository: str = REPOSITORY) -> str:
    """mybinder.org's address that builds binder/ and opens JupyterLab on notebooks/."""
    return f"https://mybinder.org/v2/gh/{_github(repository)}/{BRANCH}?urlpath=lab/tree/notebooks"


BADGES = ("<!-- badges: written by tools/colab.py -->", "<!-- /badges -->")


def badges(repository: str = REPOSITORY) -> str:
    """README's Colab and Binder badges, between their markers."""
    return "\n".join([
        BADGES[0],
        f"[![Open notebook 01 in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"({colab_url('01_images_and_kernels', repository)})",
        f"[![Launch the course on Binder](https://mybinder.org/badge_logo.svg)]({binder_url(repository)})",
        BADGES[1],
    ])


def with_badges(readme: str) -> str:
    """``readme`` with the text between the badge markers written anew (unchanged without markers)."""
    start, end = readme.find(BADGES[0]), readme.find(BADGES[1])
    if start < 0 or end < start:
        return readme
    return readme[:start] + badges() + readme[end + len(BADGES[1]):]


def dump(nb: dict) -> str:
    """The notebook's JSON as the course commits it (nbformat's layout)."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def stamp(nb: dict) -> dict:
    """``nb`` with the install cell first: replaced where it is there already, else inserted."""
    cells = [c for c in nb["cells"] if c.get("id") != CELL_ID]
    return {**nb, "cells": [install_cell(), *cells]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 naming notebooks to update")
    ap.add_argument("--solutions", type=Path, default=SOLUTIONS)
    args = ap.parse_args(argv)
    stale = []
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if with_badges(text) != text:
        stale.append(readme.name)
        if not args.check:
            readme.write_text(with_badges(text), encoding="utf-8")
    for path in sorted(args.solutions.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        new = dump(stamp(json.loads(text)))
        if new != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check:
        if stale:
            print(f"out of date (install cell or badges): {', '.join(stale)}; run `python tools/colab.py`")
            return 1
        print("every notebook starts with the install cell")
        return 0
    print(f"updated {len(stale)} file(s)" + (f": {', '.join(stale)}" if stale else "")
          + ("; now run `python -m grader release`" if any(n.endswith(".ipynb") for n in stale) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
