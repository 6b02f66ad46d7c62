"""python -m grader demo: grade the sample class in grader/sample_class.

The sample class holds a few students for two of the course's notebooks:
one with everything right, one with a plausible mistake, the untouched
release, one who renamed a file, and one whose notebook is damaged. The demo
grades them with the real pipeline and prints the table; ``--out DIR``
keeps grades.csv, grades.json, the feedback and the class report
(report.html).

``python -m grader.demo --rebuild`` regenerates the sample class from
solutions/ and notebooks/ (after the notebooks change).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .course import REPO, GraderError, cell_source, nbgrader_meta

SAMPLE = Path(__file__).resolve().parent / "sample_class"
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def demo(out: Path | None = None, workers: int | None = None) -> int:
    from .grade import grade

    if not SAMPLE.is_dir() or not any(p.is_dir() for p in SAMPLE.iterdir()):
        raise GraderError(f"no sample class in {SAMPLE}; run `python -m grader.demo --rebuild`")
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


def _filled(student: dict, solution: dict, replace: dict[str, str] | None = None) -> dict:
    answers = {nbgrader_meta(c)["grade_id"]: c for c in solution["cells"] if nbgrader_meta(c).get("solution")}
    nb = copy.deepcopy(student)
    for cell in nb["cells"]:
        gid = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and gid in answers:
            text = cell_source(answers[gid])
            cell["source"] = (replace or {}).get(gid) or "".join(
                line for line in text.splitlines(keepends=True) if not MARKER.match(line))
    return nb


def _mistake(stem: str) -> tuple[str, str] | None:
    """(solution grade_id, wrong source) from tests/mistakes, when available."""
    try:
        sys.path.insert(0, str(REPO))
        from tests.mistakes import all_mistakes

        found = all_mistakes().get(stem, [])
    except Exception:  # noqa: BLE001 - the tests are not installed
        return None
    finally:
        sys.path.pop(0)
    return (found[0].cell, found[0].source) if found else None


def rebuild(solutions: Path | None = None, notebooks: Path | None = None) -> list[str]:
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
        put("Ada Lovelace", f"{stem}.ipynb", _filled(student, solution))
        put("untouched", f"{stem}.ipynb", student)
        if i == 0:
            wrong = _mistake(stem)
            put("Grace Hopper", f"{stem}.ipynb", _filled(student, solution, dict([wrong]) if wrong else None))
            text = json.dumps(_filled(student, solution), indent=1)
            put("broken", f"{stem}.ipynb", text[: len(text) // 3])
        else:
            put("Grace Hopper", f"{stem}.ipynb", student)
        if i == len(stems) - 1:
            put("Alan Turing", f"{stem} (1).ipynb", _filled(student, solution))
    (SAMPLE / "ruff.toml").write_text(
        "# The sample class holds a damaged notebook on purpose (python -m grader demo).\n"
        'extend = "../../pyproject.toml"\nextend-exclude = ["*"]\n', encoding="utf-8")
    (SAMPLE / "README.md").write_text(
        "# Sample class for `python -m grader demo`\n\n"
        "One folder per student, as an instructor collects them. Regenerate with\n"
        "`python -m grader.demo --rebuild`.\n\n"
        "- Ada Lovelace: every exercise right (full marks)\n"
        "- Grace Hopper: a plausible mistake in the first notebook (any other untouched)\n"
        "- untouched: the notebooks as released (0 points)\n"
        "- Alan Turing: only the last notebook, saved under another name\n"
        "- broken: a damaged first notebook (invalid)\n", encoding="utf-8")
    return stems


if __name__ == "__main__":
    if "--rebuild" in sys.argv[1:]:
        print("sample class rebuilt for", ", ".join(rebuild()))
    else:
        sys.exit(demo())
