"""The learner's path: every notebook run in full mode, one at a time, timed per notebook and per cell.

`python -m benchmarks notebooks` runs each released notebook with the reference solutions
filled in (grader.course.fill, what a learner who got everything right runs) in a new kernel, in
full mode: neither ``NBGRADER_EXECUTION`` nor ``CNN_COURSE_FAST`` is set, so the training
cells do their full work (08 runs in its CPU mode when no GPU is present). It records the
seconds of every notebook and every cell, and for each cell that runs longer than
``SILENT_LIMIT_S`` whether it showed a progress bar (tqdm: a widget view whose text is a
bar, or a bar on stderr). Targets (issue 23, item 5): every notebook under
``NOTEBOOK_LIMIT_S`` on a 2-core CPU, and no cell over ``SILENT_LIMIT_S`` without a bar.

The machine may be shared: the load average before and after each notebook is recorded,
because a notebook's wall time on a loaded machine overstates what a learner's idle 2-core
CPU needs. So the CPU seconds of the kernel process (and its children, e.g. data-loader
workers) are measured too, per cell (psutil, between nbclient's cell hooks): on an idle
machine a cell that computes on one thread takes about its CPU time, and one that uses
both cores less, so the CPU time bounds the idle wall time from above for compute-bound
cells (the notebooks give torch one thread on a 2-core CPU: os.cpu_count() // 2). The
targets are judged on the CPU time; the wall time is shown beside it. ``CNN_BENCH_NOTEBOOKS`` (comma-separated stems or two-digit prefixes) picks
notebooks, ``CNN_BENCH_JOBS`` how many run at once (see :func:`run`) and ``CNN_BENCH_KEEP`` a
folder where the executed notebooks are kept. ``--quick`` runs
notebook 04 in fast mode (a smoke run).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"

NOTEBOOK_LIMIT_S = 180.0   # issue 23 item 5: under 3 minutes per notebook on a 2-core CPU
SILENT_LIMIT_S = 10.0      # a loop longer than this shows a progress bar
CELL_TIMEOUT_S = 900       # one cell; far above the target, so a slow cell is measured, not killed

# tqdm's bar text, e.g. " 40%|####      | 2/5 [00:01<00:01,  2.1it/s]" (tqdm's format_meter)
_BAR = re.compile(r"\d+%\|.*\|\s*\d+/\d+|\|\s*\d+/\d+ \[")


@dataclass
class CellTime:
    index: int
    seconds: float          # wall
    first_line: str
    bar: bool
    cpu: float | None = None  # CPU seconds of the kernel and its children; None when unmeasured

    @property
    def cost(self) -> float:
        """The cell's time on an idle machine, estimated: its CPU seconds, else its wall time."""
        return self.seconds if self.cpu is None else self.cpu


@dataclass
class NotebookTime:
    stem: str
    seconds: float
    load_before: float
    load_after: float
    embedded_data: bool
    error: str = ""
    cells: list[CellTime] = field(default_factory=list)
    cpu: float | None = None   # CPU seconds of the kernel (and children) over the whole run
    measured: str = ""         # "YYYY-MM-DD HH:MM UTC, commit": when, on which code

    @property
    def cost(self) -> float:
        """The notebook's time on an idle machine, estimated: its kernel's CPU seconds, else wall."""
        return self.seconds if self.cpu is None else self.cpu

    def slow_cells(self, limit: float = SILENT_LIMIT_S) -> list[CellTime]:
        return [c for c in self.cells if c.cost > limit]

    def silent_cells(self, limit: float = SILENT_LIMIT_S) -> list[CellTime]:
        return [c for c in self.slow_cells(limit) if not c.bar]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def shows_bar(outputs: list[dict]) -> bool:
    """True when a cell's outputs (nbformat dicts) hold a tqdm progress bar.

    tqdm.auto in a kernel with ipywidgets displays a widget view whose ``text/plain`` is the
    bar's text; without widgets (or tqdm.tqdm) the bar goes to stderr as text.
    """
    for out in outputs:
        if out.get("output_type") == "stream":
            if _BAR.search(_text(out.get("text"))):
                return True
        elif out.get("output_type") in ("display_data", "execute_result", "update_display_data"):
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data and _BAR.search(_text(data.get("text/plain"))):
                return True
    return False


def cell_times(nb: dict) -> list[CellTime]:
    """Seconds per executed code cell, from the ``execution`` timestamps nbclient records
    (and the CPU seconds that :func:`execute` writes to ``metadata.bench.cpu_s``)."""
    from datetime import datetime

    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        stamps = cell.get("metadata", {}).get("execution", {})
        start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
        if not (start and end):
            continue
        secs = (datetime.fromisoformat(end.replace("Z", "+00:00"))
                - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
        lines = [ln for ln in _text(cell.get("source")).splitlines() if ln.strip() and not ln.startswith("#")]
        cpu = cell.get("metadata", {}).get("bench", {}).get("cpu_s")
        found.append(CellTime(i, secs, (lines[0] if lines else "")[:70], shows_bar(cell.get("outputs", [])), cpu))
    return found


def all_stems() -> list[str]:
    """Every notebook: the stems of solutions/NN_*.ipynb in course order."""
    return sorted(p.stem for p in SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def stems() -> list[str]:
    """The notebooks to run: every solutions/NN_*.ipynb, or those CNN_BENCH_NOTEBOOKS names."""
    every = all_stems()
    wanted = [w.strip() for w in os.environ.get("CNN_BENCH_NOTEBOOKS", "").split(",") if w.strip()]
    if not wanted:
        return every
    picked = [s for s in every if any(s == w or s.startswith(w) for w in wanted)]
    if not picked:
        raise SystemExit(f"CNN_BENCH_NOTEBOOKS={os.environ['CNN_BENCH_NOTEBOOKS']!r} names no notebook; "
                         f"choose from {', '.join(every)}")
    return picked


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _kernel_cpu(client) -> float | None:
    """CPU seconds (user + system) of the client's kernel process and its children so far."""
    import psutil

    try:
        proc = psutil.Process(client.km.provisioner.pid)
        t = proc.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system   # children already waited for
        for child in proc.children(recursive=True):                        # and those still running
            try:
                ct = child.cpu_times()
                total += ct.user + ct.system
            except psutil.Error:
                pass
        return total
    except (psutil.Error, AttributeError, TypeError, ValueError):
        return None


def execute(nb: dict, fast: bool = False, timeout: int = CELL_TIMEOUT_S) -> tuple[dict, str]:
    """Run an nbformat dict in a new python3 kernel in a temporary folder: (executed notebook, error).

    Full mode unless ``fast``: the kernel's environment has neither NBGRADER_EXECUTION nor
    CNN_COURSE_FAST (cnnlib.grading_mode() is False). The run goes on after an error (recorded).
    Each code cell's CPU seconds (kernel and children) go to its ``metadata.bench.cpu_s``, and the
    whole run's to the notebook's ``metadata.bench.cpu_s``.
    """
    import nbformat
    from nbclient import NotebookClient

    env_keys = ("NBGRADER_EXECUTION", "CNN_COURSE_FAST")
    saved = {k: os.environ.get(k) for k in (*env_keys, "PYTHONPATH")}
    for k in env_keys:
        os.environ.pop(k, None)
    if fast:
        os.environ["CNN_COURSE_FAST"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), saved["PYTHONPATH"]) if p)
    node = nbformat.reads(json.dumps(nb), as_version=4)
    error = ""
    try:
        with tempfile.TemporaryDirectory(prefix="bench-nb-") as cwd:
            client = NotebookClient(node, timeout=timeout, kernel_name="python3", allow_errors=True,
                                    record_timing=True, resources={"metadata": {"path": cwd}})
            started: dict[int, float | None] = {}
            first: list[float | None] = []

            def cell_starts(cell, cell_index, **_):
                started[cell_index] = _kernel_cpu(client)
                if not first:
                    first.append(started[cell_index])

            def cell_ends(cell, cell_index, **_):
                now, then = _kernel_cpu(client), started.get(cell_index)
                if now is not None and then is not None:
                    cell.setdefault("metadata", {})["bench"] = {"cpu_s": round(now - then, 3)}
                    node.metadata["bench"] = {"cpu_s": round(now, 3)}   # kernel start included

            client.on_cell_execute = cell_starts
            client.on_cell_executed = cell_ends
            client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out = json.loads(nbformat.writes(node))
    for cell in out["cells"]:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                error = error or f"cell {out['cells'].index(cell)}: {o.get('ename')}: {o.get('evalue', '')[:120]}"
    return out, error


def measure(stem: str, fast: bool = False) -> NotebookTime:
    """Run one notebook (solutions filled into the release) and time it."""
    from grader.course.fill import filled

    nb = filled(_load(NOTEBOOKS / f"{stem}.ipynb"), _load(SOLUTIONS / f"{stem}.ipynb"))
    load_before = os.getloadavg()[0]
    t0 = time.monotonic()
    out, error = execute(nb, fast=fast)
    seconds = time.monotonic() - t0
    keep = os.environ.get("CNN_BENCH_KEEP")   # a folder: keep the executed notebooks there to read
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{stem}.ipynb").write_text(json.dumps(out, indent=1), encoding="utf-8")
    text = json.dumps([c.get("outputs", []) for c in out["cells"]])
    import datetime as dt

    from benchmarks.__main__ import commit

    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return NotebookTime(stem, seconds, load_before, os.getloadavg()[0], measured=f"{when}, {commit()}",
                        embedded_data="embedded" in text.lower(), error=error, cells=cell_times(out),
                        cpu=out.get("metadata", {}).get("bench", {}).get("cpu_s"))


def _cpu(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def report(results: list[NotebookTime], fast: bool = False) -> str:
    """The Markdown section for RESULTS.md."""
    mode = "fast (grading) mode, a smoke run" if fast else "full mode (no NBGRADER_EXECUTION, no CNN_COURSE_FAST)"
    lines = [
        "### The learner's path: every notebook in full mode",
        "",
        f"Each notebook of notebooks/ with the reference solutions filled in (grader.course.fill), each in a new "
        f"kernel (nbclient), in {mode}, on {os.cpu_count()} CPU cores; CNN_BENCH_JOBS notebooks at once "
        "(each row says when it was measured). "
        f"Targets (issue 23): under {NOTEBOOK_LIMIT_S:.0f} s per notebook; every cell that runs longer than "
        f"{SILENT_LIMIT_S:.0f} s shows a progress bar. Both are judged on the kernel's CPU seconds (with its "
        "child processes), what the notebook costs an idle machine when it computes on one thread (07 to "
        "12 give torch os.cpu_count() // 2 threads for training); the wall time and the load average (1 minute) before "
        "and after each notebook are shown beside it, because on a shared machine the load inflates the wall "
        "time. Two limits of the CPU seconds: threads that wait for each other on a loaded machine spin and "
        "add CPU seconds (NumPy's BLAS uses every core), and a loop capped in wall-clock time "
        "(08 without a GPU trains for at most 90 s) does less work under load than on an idle machine, "
        "where the cap bounds its time instead.",
        "",
        "| notebook | CPU s | wall s | target | load before / after | data | cells over 10 s CPU (CPU s, bar?) "
        "| measured (commit) |",
        "|---|---:|---:|---|---|---|---|---|",
    ]
    for r in results:
        ok = r.cost < NOTEBOOK_LIMIT_S and not r.silent_cells() and not r.error
        slow = "; ".join(f"cell {c.index} `{c.first_line}` {c.cost:.0f} s, {'bar' if c.bar else 'NO BAR'}"
                         for c in r.slow_cells()) or "none"
        lines.append(f"| {r.stem} | {_cpu(r.cpu)} | {r.seconds:.0f} | {'met' if ok else 'MISSED'} "
                     f"| {r.load_before:.1f} / {r.load_after:.1f} "
                     f"| {'embedded digits' if r.embedded_data else '-'} | {slow} | {r.measured} |")
    if any(r.embedded_data for r in results):
        lines += ["", "\"embedded digits\": the notebook said it used the embedded fallback (5,000 MNIST digits), "
                  "because this machine could not download MNIST or CIFAR-10; with the full data sets a learner "
                  "online trains on more images, which this run does not measure."]
    errors = [f"{r.stem}: {r.error}" for r in results if r.error]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors) + "."]
    lines += ["", f"Total: {sum(r.cost for r in results):.0f} CPU s, {sum(r.seconds for r in results):.0f} "
              f"wall s for {len(results)} notebooks."]
    return "\n".join(lines) + "\n"


def keep_earlier_rows(text: str, measured: set[str]) -> str:
    """``text`` (a section measuring some notebooks) with the rows of the other notebooks kept from
    the section now in RESULTS.md, each with its own date and commit, in course order."""
    from benchmarks.__main__ import read_sections

    def rows(section: str) -> dict[str, str]:
        return {line.split("|")[1].strip(): line for line in section.splitlines()
                if line.startswith("| ") and re.match(r"\| \d\d_", line)}

    section = read_sections().get("notebooks", "")
    old = {k: v for k, v in rows(section).items() if k not in measured}
    new = rows(text)
    header = re.search(r"Date: ([^.]+)\. Commit: ([^.]+)\.", section)
    width = next(iter(new.values())).count("|") if new else 0
    for k, v in old.items():   # a row from before rows had their own date: the section's date and commit
        if v.count("|") < width:
            old[k] = v + (f" {header.group(1)}, {header.group(2)} |" if header else " (earlier) |")
    if not old:
        return text
    merged = [v for _, v in sorted({**old, **new}.items())]
    lines = [ln for ln in text.splitlines() if ln not in new.values()]
    at = lines.index(next(ln for ln in lines if ln.startswith("|---"))) + 1
    lines[at:at] = merged
    total = [ln for ln in lines if ln.startswith("Total: ")]
    if total:
        lines[lines.index(total[0])] = (total[0] + f" The rows of {', '.join(sorted(old))} are kept from an earlier "
                                        "run (their own date and commit).")
    return "\n".join(lines) + "\n"


def _say(r: NotebookTime) -> None:
    print(f"  {r.stem}: {_cpu(r.cpu)} CPU s, {r.seconds:.0f} s wall (load {r.load_before:.1f} -> "
          f"{r.load_after:.1f})" + (f" ERROR {r.error}" if r.error else "")
          + "".join(f"\n    cell {c.index} {_cpu(c.cpu)} CPU s, {c.seconds:.0f} s wall, "
                    f"{'bar' if c.bar else 'NO BAR'}: {c.first_line}"
                    for c in r.slow_cells(SILENT_LIMIT_S / 2)), flush=True)


def run(quick: bool = False) -> str:
    """Run the notebooks (``quick``: notebook 04 in fast mode) and return the RESULTS.md section.

    ``CNN_BENCH_JOBS`` (default 1) notebooks run at once, each in a process of its own: the
    targets are judged on each kernel's own CPU seconds, which other work on the machine does
    not add to (only the wall times grow).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    names = ["04_fully_connected_and_softmax"] if quick else stems()
    jobs = max(1, int(os.environ.get("CNN_BENCH_JOBS", "1") or 1))
    if jobs == 1:
        results = []
        for stem in names:
            results.append(measure(stem, fast=quick))
            _say(results[-1])
    else:
        with ProcessPoolExecutor(jobs) as pool:
            futures = [pool.submit(measure, stem, quick) for stem in names]
            for f in as_completed(futures):
                _say(f.result())
            results = [f.result() for f in futures]
    text = report(results, fast=quick)
    if not quick and set(names) != set(all_stems()):
        text = keep_earlier_rows(text, {r.stem for r in results})
    text += f"\nThis run: {jobs} notebook(s) at once (CNN_BENCH_JOBS={jobs}).\n"
    return text
