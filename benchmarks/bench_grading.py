"""Grading a class: sequential `nbgrader autograde` against `python -m grader grade`.

A class of N students (40 by default; $CNN_BENCH_STUDENTS to change it),
each handing in every notebook of the course ($CNN_BENCH_NOTEBOOKS, a comma
list of stems or of two-digit prefixes such as 01,02, picks fewer) with the
solutions filled in, is graded in one run:

- reference: plain nbgrader 0.9, `nbgrader autograde NN_name` for each
  notebook, one after the other (nbgrader grades students sequentially), in
  an nbgrader course directory made by the same generate_assignment, with the
  same per-cell timeout;
- ours: `python -m grader grade CLASS --out DIR --workers <cores>`, which also
  writes the feedback HTML and grades.csv/json;
- ours again with `--no-sandbox`, to show what the sandbox costs (skipped
  with CNN_BENCH_BARE=0, which saves a third of the run).

The mean 1-minute load average of the machine during each arm is reported
too: on a shared machine, a ratio measured under unequal load says less.

Reported: wall-clock times, the speed-up, and our overhead per notebook
beyond its own execution time (per item: time in the worker minus the time
its cells ran, from DIR/.grader-state.json; and over the whole run: wall
time x workers / notebooks minus the mean execution time).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.course.build import prepare  # noqa: E402
from grader.course.fill import filled  # noqa: E402

TIMEOUT = 300


def _env() -> dict:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


class LoadSampler:
    """Samples os.getloadavg()[0] every `period` seconds while a block runs.

    mean: the mean of the samples (the 1-minute load average, processes
    runnable or in uninterruptible sleep, including the benchmark's own).
    """

    def __init__(self, period: float = 10.0):
        self.period, self.samples = period, []
        self._stop = threading.Event()

    def _loop(self) -> None:
        while not self._stop.wait(self.period):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mean(self) -> float:
        return statistics.mean(self.samples) if self.samples else float("nan")


def pick_stems(stems: list[str], spec: str) -> list[str]:
    """The stems named by a comma list of stems or prefixes ("01,02"); all when spec is empty.

    Raises ValueError naming the choices when an entry matches no stem.
    """
    if not spec.strip():
        return list(stems)
    picked = []
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        hits = [st for st in stems if st == part or st.startswith(part)]
        if not hits:
            raise ValueError(f"CNN_BENCH_NOTEBOOKS: {part!r} matches no notebook; choose from {', '.join(stems)}")
        picked += [h for h in hits if h not in picked]
    return [st for st in stems if st in picked]


def build_class(prep, root: Path, n: int, stems: list[str] | None = None) -> list[str]:
    students = [f"student{i:02d}" for i in range(n)]
    for stem in (prep.stems if stems is None else stems):
        release = json.loads(prep.release(stem).read_text(encoding="utf-8"))
        source = json.loads(prep.source(stem).read_text(encoding="utf-8"))
        text = json.dumps(filled(release, source), indent=1)
        for s in students:
            path = root / s / f"{stem}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return students


def nbgrader_sequential(prep, klass: Path, work: Path, students: list[str],
                        stems: list[str]) -> tuple[float, dict]:
    course = work / "nbgrader_course"
    shutil.copytree(prep.root / "source", course / "source")
    shutil.copytree(prep.root / "release", course / "release")
    shutil.copyfile(prep.gradebook, course / "gradebook.db")
    for s in students:
        for stem in stems:
            dest = course / "submitted" / s / stem / f"{stem}.ipynb"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(klass / s / f"{stem}.ipynb", dest)
    t0 = time.perf_counter()
    for stem in stems:
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "autograde", stem, f"--CourseDirectory.root={course}",
             f"--Execute.timeout={TIMEOUT}", "--log-level=ERROR"],
            cwd=course, env=_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader autograde {stem} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    elapsed = time.perf_counter() - t0
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for s in students:
            for stem in stems:
                scores[(s, stem)] = gb.find_submission_notebook(stem, stem, s).score
    return elapsed, scores


def ours(klass: Path, out: Path, workers: int, sandbox: bool = True) -> tuple[float, dict, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "grader", "grade", str(klass), "--out", str(out),
                           "--workers", str(workers), "--timeout", str(TIMEOUT),
                           *([] if sandbox else ["--no-sandbox"])],
                          cwd=ROOT, env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"grader failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    state = json.loads((out / ".grader-state.json").read_text(encoding="utf-8"))
    return elapsed, grades, state["timings"]


def run(quick: bool = False) -> str:
    n = int(os.environ.get("CNN_BENCH_STUDENTS", "2" if quick else "40"))
    workers = int(os.environ.get("CNN_BENCH_WORKERS", str(os.cpu_count() or 2)))
    bare_arm = os.environ.get("CNN_BENCH_BARE", "1") != "0"
    prep = prepare()
    stems = pick_stems(prep.stems, os.environ.get("CNN_BENCH_NOTEBOOKS", ""))
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    loads = {}
    try:
        klass = work / "class"
        students = build_class(prep, klass, n, stems)
        items = n * len(stems)
        with LoadSampler() as load:
            t_ref, ref_scores = nbgrader_sequential(prep, klass, work, students, stems)
        loads["nbgrader"] = load.mean
        with LoadSampler() as load:
            t_ours, grades, timings = ours(klass, work / "out", workers)
        loads["ours"] = load.mean
        if bare_arm:
            with LoadSampler() as load:
                t_bare, bare_grades, bare_timings = ours(klass, work / "bare", workers, sandbox=False)
            loads["bare"] = load.mean
    finally:
        shutil.rmtree(work, ignore_errors=True)

    full = sum(1 for s in students for st in stems
               if grades[s][st]["status"] == "graded" and grades[s][st]["score"] == grades[s][st]["max_score"])
    ref_full = sum(1 for (s, st), v in ref_scores.items() if v == prep.infos[st].max_score)
    per_item = [t for d in timings.values() for t in d.values() if "seconds" in t]
    overhead = [t["seconds"] - t.get("exec", 0.0) for t in per_item]
    execs = [t.get("exec", 0.0) for t in per_item]
    whole = t_ours * workers / items - statistics.mean(execs)
    per_nb = {st: statistics.median(timings[s][st]["exec"] for s in students if st in timings.get(s, {}))
              for st in stems}
    lines = [
        "### Grading a class: sequential nbgrader autograde vs python -m grader grade",
        "",
        f"{n} students x {len(stems)} notebooks ({', '.join(stems)}) = {items} submissions, "
        "every one the solutions filled into the released notebook. Same per-cell timeout "
        f"({TIMEOUT} s); ours also writes feedback HTML, grades.csv and grades.json.",
        "",
        "| | wall time | per notebook | full marks | mean load average |",
        "|---|---|---|---|---|",
        f"| `nbgrader autograde`, sequential | {t_ref:.1f} s | {t_ref / items:.2f} s | {ref_full}/{items} | "
        f"{loads['nbgrader']:.2f} |",
        f"| `python -m grader grade --workers {workers}` (sandboxed, the default) | {t_ours:.1f} s | "
        f"{t_ours / items:.2f} s | {full}/{items} | {loads['ours']:.2f} |",
    ]
    if bare_arm:
        bare_overhead = [t["seconds"] - t.get("exec", 0.0) for d in bare_timings.values() for t in d.values()
                         if "seconds" in t]
        bare_full = sum(1 for s in students for st in stems
                        if bare_grades[s][st]["score"] == bare_grades[s][st]["max_score"])
        lines += [
            f"| `python -m grader grade --workers {workers} --no-sandbox` | {t_bare:.1f} s | "
            f"{t_bare / items:.2f} s | {bare_full}/{items} | {loads['bare']:.2f} |",
            "",
            f"**Speed-up: {t_ref / t_ours:.2f}x** with {workers} workers on {os.cpu_count()} cores, sandboxed "
            f"({t_ref / t_bare:.2f}x without the sandbox; the sandbox costs {t_ours / t_bare:.2f}x the wall "
            f"time, median overhead per notebook {statistics.median(overhead):.2f} s sandboxed against "
            f"{statistics.median(bare_overhead):.2f} s without).",
        ]
    else:
        lines += [
            "",
            f"**Speed-up: {t_ref / t_ours:.2f}x** with {workers} workers on {os.cpu_count()} cores, sandboxed "
            "(the `--no-sandbox` arm was skipped: CNN_BENCH_BARE=0).",
        ]
    lines += [
        "",
        f"Our overhead per notebook beyond its own execution time: median {statistics.median(overhead):.2f} s, "
        f"mean {statistics.mean(overhead):.2f} s per item in a worker (kernel start, nbgrader's "
        f"preprocessors, gradebook, feedback); over the whole run {whole:.2f} s "
        f"(wall x workers / notebooks - mean execution {statistics.mean(execs):.2f} s).",
        "",
        "Median execution time per notebook (cells only): "
        + ", ".join(f"{st} {v:.1f} s" for st, v in per_nb.items()) + ".",
    ]
    if os.environ.get("CNN_BENCH_NOTE"):
        lines += ["", os.environ["CNN_BENCH_NOTE"]]
    if n != 40:
        lines += ["", f"_Scaled: {n} students instead of 40 (CNN_BENCH_STUDENTS), to fit the machine's time._"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
