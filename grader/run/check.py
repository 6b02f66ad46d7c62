"""python -m grader check NOTEBOOK... [--json]: score a learner's notebooks.

Runs the same nbgrader autograde as ``grade`` (hidden tests included, same
limits and integrity checks) on notebooks anywhere on disk, against a
private copy of the gradebook, and prints the points per test cell. A file
named differently from the course notebook (``01_intro (1).ipynb``) is
recognised by its short name (``c.CourseNotebooks.short_name``) or its
nbgrader grade_ids.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

from grader.autograde.notebook import Autograder, execution
from grader.autograde.tracebacks import ANSI, CELL_LINE
from grader.autograde.validate import Invalid, read_notebook
from grader.cells import nbgrader_meta
from grader.course.build import prepare
from grader.course.layout import autograded_file
from grader.errors import GraderError
from grader.intake.submissions import match
from grader.reports.grades import public
from grader.run.config import flag_config, run_config
from grader.run.items import Graded
from grader.status import Status


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


def check(paths: list[Path], as_json: bool = False, timeout: int | None = None,
          notebook_timeout: int | None = None, memory: int | None = None,
          solutions: Path | None = None, stream=None, allow_network: bool | None = None, notes=None,
          config=None) -> int:  # long: a third of it is the docstring of its options
    """Score ``paths``; print a block per notebook (or JSON) to ``stream``; return the exit code.

    The limits are configured as for ``grade`` (grader.run.config.run_config): the
    grader's nbgrader_config.py, then ``config`` (a traitlets Config: the
    command line's), then ``timeout`` (s per cell), ``notebook_timeout`` (s)
    and ``memory`` (bytes, 0: none) as ``c.LimitedExecute.timeout``,
    ``.notebook_timeout`` and ``.memory_limit`` (None: as configured; the
    traits' defaults, grader.settings). A learner's own check runs without
    the sandbox (``c.LimitedExecute.sandbox`` off): it is their own code on
    their own machine, where bubblewrap may not exist (macOS, Windows).

    ``allow_network``: let the notebooks use the network (by default a
    kernel runs in an empty network namespace where Linux allows it). What
    this system cannot do (grader.sandbox.capabilities: no network namespaces on
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
    from grader.sandbox.capabilities import libc_function, missing
    from grader.sandbox.limits import become_subreaper

    given = flag_config(config, timeout, notebook_timeout, memory, allow_network, sandbox=False)
    cfg = run_config(prep, given)
    for line in missing(network_wanted_off=execution(cfg).no_network):
        print(f"note: {line}", file=notes or sys.stderr, flush=True)

    become_subreaper()  # our only children are the kernels we start
    ids = {s: i.cell_ids for s, i in prep.infos.items()}
    targets = [(p, *identify(p, prep.stems, ids)) for p in paths]
    results: dict[str, Graded] = {}
    with tempfile.TemporaryDirectory(prefix="grader-check-") as tmp:
        db = Path(tmp) / "gradebook.db"
        shutil.copyfile(prep.gradebook, db)
        # the executed notebook (scrubbed, hidden tests out, as `grade` shows it) is read back for the
        # errors of the exercise cells: a cell that did not run explains every test after it
        out = Path(tmp) / "out"
        grader = Autograder(prep, db, out, given, feedback=False)
        for path, stem, note in targets:
            graded = Graded.from_row(grader.grade(stem, "learner", path, note))
            executed = autograded_file(out, "learner", stem)  # absent for a submission refused unrun
            nb = json.loads(executed.read_text(encoding="utf-8")) if executed.exists() else {}
            graded.cell_errors = cell_errors(nb, prep.infos[stem])
            explain_name_errors(graded, nb, prep.infos[stem])
            results[stem] = graded
            if not as_json:
                print(human(stem, path, graded), file=stream, flush=True)
    if grader.network_kept and libc_function("unshare") is not None:  # else said above
        print("note: this system refused a private network namespace (unprivileged user namespaces "
              "are off, e.g. by AppArmor): notebooks ran with the network", file=notes or sys.stderr, flush=True)
    if as_json:
        print(json.dumps({stem: with_messages(r) for stem, r in results.items()}, indent=1,
                         ensure_ascii=False), file=stream)
    ok = all(g.row["status"] == Status.GRADED and g.row["score"] >= g.row["max_score"] for g in results.values())
    return 0 if ok else 1


IPYTHON_FILE = re.compile(r"\s*\(\d+\.py, line \d+\)$")  # IPython's name for a cell's code: says nothing
NAME_ERROR = re.compile(r"^(?:hidden test: )?NameError: name '(\w+)' is not defined")


def _defines(source: str, name: str) -> bool:
    """Whether cell ``source`` defines ``name`` at its top level (def, class, assignment, import);
    read line by line, not parsed, so that a cell with a syntax error still counts."""
    pattern = (rf"^(?:async\s+def|def|class)\s+{name}\b|^{name}\s*(?::[^=]*)?=(?!=)"
               rf"|^(?:from\s+\S+\s+)?import\s+.*\b{name}\b")
    return re.search(pattern, source, re.MULTILINE) is not None


def explain_name_errors(graded: Graded, nb: dict, info) -> None:
    """Add to each failed test whose error is a NameError of a name the notebook defines which
    cell defines it (and whether that cell failed: ``graded.cell_errors``, see :func:`cell_errors`);
    of a name no cell defines, that the defining cell is missing. Changes ``graded.errors`` in place."""
    cells = [(i, c) for i, c in enumerate(nb.get("cells", [])) if c.get("cell_type") == "code"]
    failed = graded.cell_errors
    for gid, text in list(graded.errors.items()):
        m = NAME_ERROR.match(text)
        if not m:
            continue
        name = m.group(1)
        where = next(((i, c) for i, c in cells if nbgrader_meta(c).get("grade_id") not in info.tests
                      and _defines("".join(c.get("source", "")), name)), None)
        if where is None:
            graded.errors[gid] = (f"{text} (no cell of this notebook defines {name}: was its exercise cell "
                                   "renamed or deleted? Copy it back from the notebook in notebooks/)")
            continue
        i, c = where
        label = _label(i, c)
        broken = ", which did not run to the end (see above)" if label in failed else ""
        graded.errors[gid] = f"{text} ({name} is defined in {label}{broken}: run that cell, then this one)"


def _label(i: int, cell: dict) -> str:
    """How check names a cell that is not a test: "exercise GRADE_ID" or "cell N (GRADE_ID)"."""
    meta = nbgrader_meta(cell)
    gid = meta.get("grade_id")
    return f"exercise {gid}" if meta.get("solution") else f"cell {i + 1}" + (f" ({gid})" if gid else "")


def with_messages(graded: Graded) -> dict:
    """The row as ``grade`` writes it (docs/grader/outputs.md), and every message ``check`` prints:
    ``"message"`` in each failed test's entry, and ``"cell_errors"`` ({cell label: error}, the
    exercise and course cells that raised when they ran; ``{}`` when none did)."""
    data = public(graded.row)
    errors = graded.errors
    data["tests"] = {gid: {**t, **({"message": errors[gid]} if gid in errors else {})}
                     for gid, t in data["tests"].items()}
    data["cell_errors"] = dict(graded.cell_errors)
    return data


def _where(cell: dict, traceback: str, syntax: bool) -> str:
    """", line N of the cell: CODE" for the line of ``cell`` that raised, read from IPython's
    traceback text (ANSI codes removed); "" when the traceback does not say."""
    count = cell.get("execution_count")
    frames = [(n or m, int(line), pos) for (n, m, line), pos in
              ((f.groups(), f.end()) for f in CELL_LINE.finditer(traceback))]
    own = [f for f in frames if count is None or f[0] == str(count)] or frames
    if not own:
        return ""
    _, line, pos = own[-1]  # innermost frame of this cell: where it stopped
    rest = traceback[pos:].splitlines()[1:]
    if syntax:  # IPython prints the offending line itself, then a caret
        code = rest[0].strip() if rest else ""
    else:  # frames print context lines; "---->" marks the one that ran
        code = next((r.split(f"{line}", 1)[-1].strip() for r in rest if r.lstrip().startswith("---->")), "")
    return f", line {line} of the cell" + (f": {code}" if code else "")


def cell_errors(nb: dict, info) -> dict[str, str]:
    """{label: "Ename: message, line N of the cell: CODE"} for the exercise cells (nbgrader
    solution cells) and the course's own locked cells (setup, reference helpers) whose run
    raised, in notebook order; test cells are left to the test lines.

    A SyntaxError or an exception raised while an exercise cell defines its names is the real
    cause of every NameError that follows; the label is the exercise's grade_id
    ("exercise relu") or "cell N" (1-based), N counted in ``nb`` (the executed notebook).
    """
    found = {}
    for i, cell in enumerate(nb.get("cells", [])):
        meta = nbgrader_meta(cell)
        gid = meta.get("grade_id")
        if cell.get("cell_type") != "code" or gid in info.tests:
            continue
        if not (meta.get("solution") or meta.get("locked")):
            continue  # a learner's own "look" cell: its errors follow from the exercises'
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            ename = str(out.get("ename", "Error"))
            evalue = str(out.get("evalue", "")).strip()
            tb = ANSI.sub("", "\n".join(out.get("traceback", [])))
            syntax = ename in ("SyntaxError", "IndentationError", "TabError")
            found[_label(i, cell)] = f"{ename}: {IPYTHON_FILE.sub('', evalue)}" + _where(cell, tb, syntax)
            break
    return found


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


def human(stem: str, path: Path, graded: Graded) -> str:
    """The points per test cell and, under each failed one, the whole message
    of its failure (what failed, the likely cause or a hint), wrapped."""
    row = graded.row
    lines = [f"{stem} ({path}): {row['score']:g} / {row['max_score']:g} points"
             + ("" if row["status"] == Status.GRADED else f"  [{row['status']}]")]
    if row.get("message"):
        lines += _wrapped(row["message"], "  ")
    for label, text in graded.cell_errors.items():
        lines.append(f"  \u2718 {label} did not run to the end, so what it defines is missing below:")
        lines += _wrapped(text, "      ")
    errors = graded.errors
    for gid, t in row["tests"].items():
        full = t["score"] >= t["max_score"]
        mark = "\u2714" if full else "\u2718"
        lines.append(f"  {mark} {gid:<36} {t['score']:g}/{t['max_score']:g}")
        if not full and errors.get(gid):
            lines += _wrapped(errors[gid], "      ")
    return "\n".join(lines)
