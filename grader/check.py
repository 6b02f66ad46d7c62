"""python -m grader check NOTEBOOK... [--json]: score a learner's notebooks.

Runs the same nbgrader autograde as ``grade`` (hidden tests included, same
limits and integrity checks) on notebooks anywhere on disk, against a
private copy of the gradebook, and prints the points per test cell. A file
named differently from the course notebook (``01_images_and_kernels
(1).ipynb``) is recognised by its number or its nbgrader grade_ids.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from . import defaults
from .autograde import Autograder, Invalid, Limits, read_notebook
from .course import GraderError, prepare
from .report import public
from .submissions import match


def identify(path: Path, stems: list[str], ids: dict[str, list[str]]) -> tuple[str, str]:
    """(stem, note) of the course notebook ``path`` is a copy of."""
    if path.stem in stems:
        return path.stem, ""
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "x"
        link.mkdir()
        target = link / path.name
        shutil.copyfile(path, target)
        found = match(link, stems, ids)
    if found:
        stem = next(iter(found))
        return stem, f"checked {path.name!r} as {stem}.ipynb"
    raise GraderError(f"{path} is not one of the course's notebooks ({', '.join(stems)}); "
                      "check a notebook from notebooks/ or name it like one")


def check(paths: list[Path], as_json: bool = False, timeout: int = defaults.TIMEOUT,
          notebook_timeout: int = defaults.NOTEBOOK_TIMEOUT, memory: int = defaults.MEMORY,
          solutions: Path | None = None, stream=None, allow_network: bool = False, notes=None) -> int:
    """Score ``paths``; print a block per notebook (or JSON) to ``stream``; return the exit code.

    ``allow_network``: let the notebooks use the network (by default a
    kernel runs in an empty network namespace where Linux allows it). What
    this system cannot do (grader.capabilities: no network namespaces on
    macOS and Windows, no ``resource`` on Windows) is said once, one line
    each, on ``notes`` (default stderr); it never changes a score.
    """
    stream = stream or sys.stdout
    for p in paths:
        if not p.exists():
            raise GraderError(f"{p} does not exist; pass the path of a notebook (.ipynb)")
        if p.is_dir():
            raise GraderError(f"{p} is a folder; pass notebook files (.ipynb), or use `grade` for a class")
        try:
            read_notebook(p)
        except Invalid as exc:
            raise GraderError(f"{exc}; pass a Jupyter notebook (.ipynb)") from None
    prep = prepare(solutions)
    from .capabilities import libc_function, missing
    from .limits import become_subreaper

    for line in missing(network_wanted_off=not allow_network):
        print(f"note: {line}", file=notes or sys.stderr, flush=True)

    become_subreaper()  # our only children are the kernels we start
    ids = {s: i.cell_ids for s, i in prep.infos.items()}
    targets = [(p, *identify(p, prep.stems, ids)) for p in paths]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="cnn-check-") as tmp:
        db = Path(tmp) / "gradebook.db"
        shutil.copyfile(prep.gradebook, db)
        # a learner's own check, on their own machine: no sandbox needed (or available on macOS/Windows)
        limits = Limits(timeout=timeout, notebook_timeout=notebook_timeout, memory=memory, sandbox=False,
                        no_network=not allow_network)
        grader = Autograder(prep, db, None, limits, feedback=False)
        for path, stem, note in targets:
            row = grader.grade(stem, "learner", path, note)
            results[stem] = row
            if not as_json:
                print(human(stem, path, row), file=stream, flush=True)
    if grader.network_kept and libc_function("unshare") is not None:  # else said above
        print("note: this system refused a private network namespace (unprivileged user namespaces "
              "are off, e.g. by AppArmor): notebooks ran with the network", file=notes or sys.stderr, flush=True)
    if as_json:
        print(json.dumps({stem: public(r) for stem, r in results.items()}, indent=1, ensure_ascii=False),
              file=stream)
    ok = all(r["status"] == "graded" and r["score"] >= r["max_score"] for r in results.values())
    return 0 if ok else 1


WIDTH = 100  # characters per line of check's output; longer lines wrap, never get cut


def _wrapped(text: str, indent: str) -> list[str]:
    """Every line of ``text``, wrapped at WIDTH, the continuation indented further."""
    out = []
    for line in text.splitlines() or [""]:
        stripped = line.lstrip()
        lead = indent + line[:len(line) - len(stripped)]
        out += textwrap.wrap(stripped, WIDTH, initial_indent=lead, subsequent_indent=lead + "    ",
                             break_long_words=False, break_on_hyphens=False) or [lead]
    return out


def human(stem: str, path: Path, row: dict) -> str:
    """The points per test cell and, under each failed one, the whole message
    of its failure (what failed, the likely cause or a hint), wrapped."""
    lines = [f"{stem} ({path}): {row['score']:g} / {row['max_score']:g} points"
             + ("" if row["status"] == "graded" else f"  [{row['status']}]")]
    if row.get("message"):
        lines += _wrapped(row["message"], "  ")
    errors = row.get("_errors", {})
    for gid, t in row["tests"].items():
        full = t["score"] >= t["max_score"]
        mark = "\u2714" if full else "\u2718"
        lines.append(f"  {mark} {gid:<36} {t['score']:g}/{t['max_score']:g}")
        if not full and errors.get(gid):
            lines += _wrapped(errors[gid], "      ")
    return "\n".join(lines)
