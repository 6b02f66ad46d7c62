"""python -m grader demo: grade the sample class in grader/sample_class.

The sample class holds a few students for two of the course's notebooks:
one with everything right, one with a plausible mistake, the untouched
release, one who renamed a file, and one whose notebook is damaged. The demo
grades them with the real pipeline and prints the table; ``--out DIR``
keeps grades.csv, grades.json, the feedback and the class report
(report.html).

``python tools/rebuild_sample_class.py`` regenerates the sample class from
solutions/, notebooks/ and a plausible mistake from tests/mistakes (after
the notebooks change); this package never imports tests/.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from .course import REPO, GraderError
from .fill import filled

SAMPLE = Path(__file__).resolve().parent / "sample_class"


def demo(out: Path | None = None, workers: int | None = None) -> int:
    from .grade import grade

    if not SAMPLE.is_dir() or not any(p.is_dir() for p in SAMPLE.iterdir()):
        raise GraderError(f"no sample class in {SAMPLE}; run `python tools/rebuild_sample_class.py`")
    keep = out is not None
    out = out or Path(tempfile.mkdtemp(prefix="cnn-demo-"))
    try:
        print(f"Grading the sample class in {SAMPLE} (a folder per student) ...", flush=True)
        grade(SAMPLE, out, workers=workers, timeout=60, notebook_timeout=600, force=True)
    finally:
        if not keep:
            shutil.rmtree(out, ignore_errors=True)
    if not keep:
        print("(`python -m grader demo --out DIR` keeps grades.csv, grades.json, the feedback and the class report)")
    print("\nThe same command grades a real class: python -m grader grade CLASS_DIR_OR_ZIP --out grades")
    return 0


def rebuild(solutions: Path | None = None, notebooks: Path | None = None,
            mistake: tuple[str, str] | None = None) -> list[str]:
    """Write the sample class from ``solutions`` and ``notebooks``; return the notebooks it holds.

    ``mistake``: (solution grade_id, wrong source) that Grace Hopper hands
    in for the first notebook (tools/rebuild_sample_class.py takes the first
    of tests/mistakes); without one, her first notebook is the untouched
    release too.
    """
    solutions = solutions or REPO / "solutions"
    notebooks = notebooks or REPO / "notebooks"
    stems = sorted(p.stem for p in notebooks.glob("[0-9][0-9]_*.ipynb"))[:2]
    if not stems:
        raise GraderError(f"no notebooks in {notebooks}; run `python -m grader release` first")
    if SAMPLE.exists():
        shutil.rmtree(SAMPLE)

    def put(student: str, name: str, nb) -> None:
        path = SAMPLE / student / name
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
    (SAMPLE / "ruff.toml").write_text(
        "# The sample class holds a damaged notebook on purpose (python -m grader demo).\n"
        'extend = "../../pyproject.toml"\nextend-exclude = ["*"]\n', encoding="utf-8")
    (SAMPLE / "README.md").write_text(
        "# Sample class for `python -m grader demo`\n\n"
        "One folder per student, as an instructor collects them. Regenerate with\n"
        "`python tools/rebuild_sample_class.py`.\n\n"
        "- Ada Lovelace: every exercise right (full marks)\n"
        "- Grace Hopper: a plausible mistake in the first notebook (any other untouched)\n"
        "- untouched: the notebooks as released (0 points)\n"
        "- Alan Turing: only the last notebook, saved under another name\n"
        "- broken: a damaged first notebook (invalid)\n", encoding="utf-8")
    return stems


if __name__ == "__main__":
    if "--rebuild" in sys.argv[1:]:
        sys.exit("python tools/rebuild_sample_class.py rebuilds the sample class (with a mistake from tests/)")
    sys.exit(demo())
