"""python -m grader demo: grade a small sample class, built on demand from the course.

The sample class holds a few students for two of the course's notebooks:
one with everything right, one with a plausible mistake, the untouched
release, one who renamed a file, and one whose notebook is damaged. The demo
builds it into a temporary folder from solutions/ and notebooks/ (it keeps
no answers in the package, and so none in the wheel or the sandbox, which
binds parts of this package), grades it with the real pipeline and prints
the table; ``--out DIR`` keeps grades.csv, grades.json, the feedback and the
class report (report.html).

Grace Hopper's plausible mistake is a wrong implementation, no answer: it is
read from tools/sample_mistake.json, which ``python tools/rebuild_sample_class.py``
takes from tests/mistakes (after the notebooks change); this package never
imports tests/. ``python tools/rebuild_sample_class.py --into DIR`` writes the
class itself, to look at.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from grader.course.config import REPO, default_solutions
from grader.course.fill import filled
from grader.course.layout import course_notebooks_config
from grader.errors import GraderError

MISTAKE = REPO / "tools" / "sample_mistake.json"  # {"cell": grade_id, "source": the wrong code}
README = (
    "# Sample class for `python -m grader demo`\n\n"
    "One folder per student, as an instructor collects them, built by the demo from\n"
    "solutions/ and notebooks/.\n\n"
    "- Ada Lovelace: every exercise right (full marks)\n"
    "- Grace Hopper: a plausible mistake in the first notebook (any other untouched)\n"
    "- untouched: the notebooks as released (0 points)\n"
    "- Alan Turing: only the last notebook, saved under another name\n"
    "- broken: a damaged first notebook (invalid)\n")


def sample_mistake() -> tuple[str, str] | None:
    """(solution grade_id, wrong source) that Grace Hopper hands in, from :data:`MISTAKE`; None without it."""
    try:
        found = json.loads(MISTAKE.read_text(encoding="utf-8"))
        return str(found["cell"]), str(found["source"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def demo(out: Path | None = None, workers: int | None = None) -> int:
    """Build the sample class in a temporary folder, grade it, print the table; 0.

    Raises GraderError (exit 2) where there are no solutions/ or notebooks/
    to build it from (an installed wheel has neither: run it in a clone).
    """
    from grader.run.grade import grade

    keep = out is not None
    scratch = Path(tempfile.mkdtemp(prefix="grader-demo-"))
    out = out or scratch / "out"
    try:
        klass = scratch / "sample class"
        stems = build(klass, mistake=sample_mistake())
        print(f"Grading a sample class built from solutions/ and notebooks/ ({', '.join(stems)}) in {klass} ...",
              flush=True)
        grade(klass, out, workers=workers, force=True)  # the configured limits, as `grade` has them
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not keep:
        print("(`python -m grader demo --out DIR` keeps grades.csv, grades.json, the feedback and the class report)")
    print("\nThe same command grades a real class: python -m grader grade CLASS_DIR_OR_ZIP --out grades")
    return 0


def build(dest: Path, solutions: Path | None = None, notebooks: Path | None = None,
          mistake: tuple[str, str] | None = None) -> list[str]:
    """Write the sample class into ``dest`` from ``solutions`` and ``notebooks``; return its notebooks.

    ``mistake``: (solution grade_id, wrong source) that Grace Hopper hands
    in for the first notebook (:func:`sample_mistake`); without one, her
    first notebook is the untouched release too. Raises GraderError when
    there is nothing to build from.
    """
    solutions = solutions or default_solutions()
    notebooks = notebooks or REPO / "notebooks"
    names = course_notebooks_config()  # the course's notebooks, as its configuration names them
    stems = sorted(p.stem for p in notebooks.glob("*.ipynb") if names.is_course_notebook(p.stem))[:2]
    if not stems or not all((solutions / f"{stem}.ipynb").is_file() for stem in stems):
        raise GraderError(f"the demo builds its sample class from the course's notebooks/ and solutions/ "
                          f"({notebooks}, {solutions}): run it in a clone of the course's repository")
    if dest.exists():
        shutil.rmtree(dest)

    def put(student: str, name: str, nb) -> None:
        path = dest / student / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nb if isinstance(nb, str) else json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")

    for i, stem in enumerate(stems):
        student = json.loads((notebooks / f"{stem}.ipynb").read_text(encoding="utf-8"))
        solution = json.loads((solutions / f"{stem}.ipynb").read_text(encoding="utf-8"))
        put("Ada Lovelace", f"{stem}.ipynb", filled(student, solution))
        put("untouched", f"{stem}.ipynb", student)
        if i == 0:
            put("Grace Hopper", f"{stem}.ipynb", filled(student, solution, dict([mistake])) if mistake else student)
            text = json.dumps(filled(student, solution), indent=1)
            put("broken", f"{stem}.ipynb", text[: len(text) // 3])
        else:
            put("Grace Hopper", f"{stem}.ipynb", student)
        if i == len(stems) - 1:
            put("Alan Turing", f"{stem} (1).ipynb", filled(student, solution))
    (dest / "README.md").write_text(README, encoding="utf-8")
    return stems


if __name__ == "__main__":
    sys.exit(demo())
