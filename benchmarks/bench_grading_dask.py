"""Grading a class locally against on a Dask cluster of the same size, in one run.

A class of N students ($CNN_BENCH_STUDENTS, default 2; each hands in every
notebook of the course with the solutions filled in) is graded twice:

- local: ``python -m grader grade CLASS --workers 2``;
- Dask: ``python -m grader grade CLASS --scheduler tcp://127.0.0.1:PORT`` on a
  local cluster started before the timing (a ``dask scheduler`` and two
  ``dask worker --nthreads 1`` processes, each with its own grader cache, as
  on separate machines; so the Dask run includes each worker's preparing
  the course and starting its zygote, as a first run on a cluster does).

Reported: both wall times, the ratio, and the overhead per notebook that Dask
adds ((Dask wall - local wall) x 2 workers / notebooks), with the median
time per item inside a worker for both (from .grader-state.json).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_grading import _env, build_class  # noqa: E402
from grader.course.build import prepare  # noqa: E402

TIMEOUT = 300
WORKERS = 2


def _grade(klass: Path, out: Path, *extra: str) -> tuple[float, dict, dict]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "grader", "grade", str(klass), "--out", str(out),
                           "--timeout", str(TIMEOUT), *extra], cwd=ROOT, env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"grader failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    timings = json.loads((out / ".grader-state.json").read_text(encoding="utf-8"))["timings"]
    return elapsed, grades, timings


def _cluster(work: Path) -> tuple[str, list[subprocess.Popen]]:
    from distributed import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = _env()
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], env=env, cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for i in range(WORKERS):
        home = work / f"worker{i}"
        home.mkdir()
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "dask", "worker", address, "--nthreads", "1", "--no-dashboard", "--host",
             "127.0.0.1", "--local-directory", str(home)], env=dict(env, GRADER_CACHE=str(home / "cache")),
            cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    with Client(address, timeout=60) as client:
        client.wait_for_workers(WORKERS, timeout=120)
    return address, procs


def _stop(procs: list[subprocess.Popen]) -> None:
    import psutil

    for proc in reversed(procs):
        try:
            me = psutil.Process(proc.pid)
            for p in [*me.children(recursive=True), me]:
                p.kill()
        except psutil.Error:
            pass
        proc.wait(timeout=30)


def _per_item(timings: dict) -> list[float]:
    return [t["seconds"] for d in timings.values() for t in d.values() if "seconds" in t]


def run(quick: bool = False) -> str:
    n = int(os.environ.get("CNN_BENCH_STUDENTS", "1" if quick else "2"))
    prep = prepare()
    work = Path(tempfile.mkdtemp(prefix="bench-grading-dask-"))
    procs: list[subprocess.Popen] = []
    try:
        klass = work / "class"
        students = build_class(prep, klass, n)
        items = n * len(prep.stems)
        t_local, local, local_t = _grade(klass, work / "local", "--workers", str(WORKERS))
        address, procs = _cluster(work)
        t_dask, dask, dask_t = _grade(klass, work / "dask", "--scheduler", address)
        t_warm, warm, warm_t = _grade(klass, work / "dask", "--scheduler", address, "--force")
    finally:
        _stop(procs)
        shutil.rmtree(work, ignore_errors=True)
    same = all((local[s][st]["status"], local[s][st]["score"]) == (dask[s][st]["status"], dask[s][st]["score"])
               for s in students for st in prep.stems)
    full = sum(1 for s in students for st in prep.stems if dask[s][st]["score"] == dask[s][st]["max_score"])
    added = (t_dask - t_local) * WORKERS / items
    added_warm = (t_warm - t_local) * WORKERS / items
    same = same and all(warm[s][st]["score"] == dask[s][st]["score"] for s in students for st in prep.stems)
    lines = [
        "### Grading on Dask: a local cluster of 2 worker processes against 2 local workers",
        "",
        f"{n} students x {len(prep.stems)} notebooks = {items} submissions (the solutions filled in), "
        f"graded locally with `--workers {WORKERS}` and on a local Dask cluster (`dask scheduler`, "
        f"{WORKERS} x `dask worker --nthreads 1`, each with its own cache: the Dask run includes each "
        "worker's preparing the course and starting its zygote).",
        "",
        "| | wall time | per notebook | median in a worker | full marks |",
        "|---|---|---|---|---|",
        f"| `grade --workers {WORKERS}` | {t_local:.1f} s | {t_local / items:.2f} s | "
        f"{statistics.median(_per_item(local_t)):.2f} s | {full}/{items} |",
        f"| `grade --scheduler ...` ({WORKERS} Dask workers) | {t_dask:.1f} s | {t_dask / items:.2f} s | "
        f"{statistics.median(_per_item(dask_t)):.2f} s | {full}/{items} |",
        f"| the same again, `--force` (workers warm: course prepared, zygotes up) | {t_warm:.1f} s | "
        f"{t_warm / items:.2f} s | {statistics.median(_per_item(warm_t)):.2f} s | {full}/{items} |",
        "",
        f"**Dask / local: {t_dask / t_local:.2f}x** on a fresh cluster, **{t_warm / t_local:.2f}x** on a warm one "
        f"(target: within 1.15x). Overhead Dask adds per notebook: {added:.2f} s fresh, {added_warm:.2f} s warm "
        f"((Dask wall - local wall) x {WORKERS} workers / {items} notebooks; a fresh cluster's one-time cost, "
        "each worker preparing the course and importing into its zygote, spreads over a real class; the "
        "local pool starts its zygotes on every run, so the warm row is not a like-for-like comparison). "
        f"Same statuses and scores in all runs: {'yes' if same else 'NO'}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
