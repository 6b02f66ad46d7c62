"""`grade --scheduler ADDRESS` on a real Dask cluster: the same grades as a local run.

One cluster for the module: `dask scheduler` and two `dask worker` processes
(with their nannies, one thread each) on 127.0.0.1, each worker with its own
grader cache and working folder and no GRADER_SOLUTIONS, so the course
and the submissions can only reach it through Dask. The scheduler allows one
retry of a task whose worker died (allowed-failures=1).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class as sc

if os.environ.get("CI"):  # make test installs the [distributed] extra: CI must not skip these
    import distributed  # noqa: F401
else:
    pytest.importorskip("distributed")

NAMES = ("good", "Zoë Ünal-Šimić", "untouched", "partly right", "exits its kernel", "invalid json",
         "wrong names", "patches numpy", "no notebooks")
SLEEPY = "aaa sleeps"  # sorts first: its notebook is the first task the cluster gets


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kill_tree(proc: subprocess.Popen) -> None:
    import psutil

    try:
        me = psutil.Process(proc.pid)
        for p in [*me.children(recursive=True), me]:
            try:
                p.kill()
            except psutil.Error:
                pass
    except psutil.Error:
        pass
    proc.wait(timeout=30)


def _dask(*args) -> list[str]:
    return [sys.executable, "-m", "dask", *args]


def _start_scheduler(base: Path, env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen(_dask("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"),
                            env=env, cwd=base, stdout=subprocess.DEVNULL, stderr=open(base / "scheduler.log", "ab"))


def _workers_up(address: str, n: int, timeout: float = 90) -> None:
    from distributed import Client

    with Client(address, timeout=30) as client:
        client.wait_for_workers(n, timeout=timeout)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    base = tmp_path_factory.mktemp("dask")
    env = sc.env(base / "cache")
    klass = sc.build(base, env)
    keep = set(NAMES)
    for folder in list(klass.iterdir()):
        if folder.name not in keep:
            import shutil

            shutil.rmtree(folder)
    release = base / "release"
    solved1 = cat.with_cells(cat.student_copy(cat.NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    looks = cat.with_cells(solved1, add=cat.GOOD_ADD + (
        "import os, socket\n"
        f"print('pid', os.getpid(), 'sees the solutions', os.path.exists({str(cat.SOLUTIONS)!r}),"
        f" 'sees the class', os.path.exists({str(klass)!r}),"
        " 'interfaces', sorted(n for _, n in socket.if_nameindex()))\n"))
    cat.write(looks, klass / "looks around" / f"{cat.NB1}.ipynb")
    wenv = {k: v for k, v in env.items() if k not in ("GRADER_SOLUTIONS", "GRADER_CACHE")}
    wenv["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "1"
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = {"scheduler": _start_scheduler(base, wenv, port)}
    for i in (1, 2):
        home = base / f"worker{i}"
        home.mkdir()
        e = dict(wenv, GRADER_CACHE=str(home / "cache"))
        procs[f"worker{i}"] = subprocess.Popen(
            _dask("worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                  "--local-directory", str(home), "--name", f"w{i}"),
            env=e, cwd=home, stdout=subprocess.DEVNULL, stderr=open(home / "worker.log", "ab"))
    try:
        _workers_up(address, 2)
        local = base / "local"
        proc = sc.run("grade", klass, "--out", local, "--workers", "2", *sc.LIMITS, env=env)
        assert (local / "grades.json").exists(), proc.stderr[-3000:]
        yield {"base": base, "env": env, "class": klass, "address": address, "port": port, "procs": procs,
               "local": local, "wenv": wenv}
    finally:
        for p in procs.values():
            _kill_tree(p)


@pytest.fixture(scope="module")
def on_dask(cluster):
    out = cluster["base"] / "dask"
    t0 = time.monotonic()
    proc = sc.run("grade", cluster["class"], "--out", out, "--scheduler", cluster["address"], *sc.LIMITS,
                  env=cluster["env"])
    return {"proc": proc, "out": out, "seconds": time.monotonic() - t0}


@pytest.mark.slow
def test_dask_writes_what_a_local_run_writes(cluster, on_dask):
    proc, out, local = on_dask["proc"], on_dask["out"], cluster["local"]
    assert proc.returncode == 1, proc.stderr[-3000:]  # the class has a crashed and invalid notebooks
    assert "Traceback" not in proc.stderr
    sc.assert_same_rows(sc.grades(local), sc.grades(out))
    assert sc.grades(out)["good"][cat.NB1]["score"] == cat.MAX1
    assert (out / "grades.csv").read_text(encoding="utf-8") == (local / "grades.csv").read_text(encoding="utf-8")
    for sub in ("feedback", "autograded"):
        assert sc.files(out, sub) == sc.files(local, sub) != set()
    assert sc.gradebook(out) == sc.gradebook(local)
    state = json.loads((out / ".grader-state.json").read_text(encoding="utf-8"))
    assert state["last_run"]["scheduler"] == cluster["address"]


@pytest.mark.slow
def test_learner_code_on_a_dask_worker_is_sandboxed(on_dask):
    nb = json.loads((on_dask["out"] / "autograded" / "looks around" / cat.NB1 / f"{cat.NB1}.ipynb")
                    .read_text(encoding="utf-8"))
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []))
    # PID 1 of its own PID namespace, no file system of the grader's, no network
    assert "pid 1 sees the solutions False sees the class False interfaces ['lo']" in text, text


@pytest.mark.slow
def test_a_second_dask_run_grades_only_what_changed(cluster, on_dask):
    proc = sc.run("grade", cluster["class"], "--out", on_dask["out"], "--scheduler", cluster["address"],
                  *sc.LIMITS, env=cluster["env"])
    assert "graded 0 notebook(s)" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]


@pytest.mark.slow
def test_an_nbgrader_course_folder_on_dask_keeps_its_due_dates_and_late_plugin(cluster):
    """A course folder (source/hw1/, a due date in its gradebook, nbgrader's SubMarks in its own
    nbgrader_config.py) graded with --scheduler: the workers get its configuration, the late penalty
    lands in the gradebook, and grades.json agrees with the real `nbgrader export`."""
    import datetime
    import shutil

    from nbgrader.api import Gradebook

    root = cluster["base"] / "course on dask"
    (root / "source" / "hw1").mkdir(parents=True)
    shutil.copyfile(cat.SOLUTIONS / f"{cat.NB1}.ipynb", root / "source" / "hw1" / f"{cat.NB1}.ipynb")
    (root / "nbgrader_config.py").write_text("c = get_config()\n" + sc.SUBMARKS, encoding="utf-8")
    from grader.course.config import ensure_tools_on_path

    ensure_tools_on_path()  # nbgrader runs `alembic` to make a new gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # nbgrader db assignment add hw1 --duedate=...
        gb.add_assignment("hw1", duedate=datetime.datetime(2026, 12, 1, 12, 0))
    release = cluster["base"] / "release"
    for student, when, nb in (("ada", "2026-12-01 14:30:00 UTC", cat.with_cells(
            cat.student_copy(cat.NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)),
            ("bob", "2026-12-01 11:00:00 UTC", cat.student_copy(cat.NB1, release))):
        cat.write(nb, root / "submitted" / student / "hw1" / f"{cat.NB1}.ipynb")
        (root / "submitted" / student / "hw1" / "timestamp.txt").write_text(when)
    proc = sc.run("grade", root, "--scheduler", cluster["address"], *sc.LIMITS, env=cluster["env"])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    rows = sc.grades(root)
    key = f"hw1/{cat.NB1}"
    assert rows["ada"][key]["score"] == cat.MAX1 - 2  # two and a half hours late: SubMarks rounds to 2
    assert rows["bob"][key]["score"] == 0.0
    sc.assert_agrees_with_export(root, sc.nbgrader_export(root / "gradebook.db", root, cluster["env"]))
    state = json.loads((root / ".grader-state.json").read_text(encoding="utf-8"))
    assert state["last_run"]["scheduler"] == cluster["address"]


def _sleepy_class(root: Path, release: Path, seconds: int) -> None:
    solved1 = cat.with_cells(cat.student_copy(cat.NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    cat.write(cat.with_cells(solved1, add=cat.GOOD_ADD + f"import time\ntime.sleep({seconds})\n"),
              root / SLEEPY / f"{cat.NB1}.ipynb")
    for name in ("good", "untouched", "partly right"):
        src = root.parent / "class" / name
        for nb in src.glob("*.ipynb"):
            (root / name).mkdir(parents=True, exist_ok=True)
            (root / name / nb.name).write_bytes(nb.read_bytes())


def _running_on(address: str, prefix: str, timeout: float = 120) -> int:
    """The pid of the Dask worker processing a task whose key starts with ``prefix``."""
    from distributed import Client

    with Client(address, timeout=30) as client:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for addr, keys in client.processing().items():
                if any(str(k).startswith(prefix) for k in keys):
                    return client.run(os.getpid, workers=[addr])[addr]
            time.sleep(0.2)
    raise AssertionError(f"no task {prefix} ran within {timeout} s")


@pytest.mark.slow
def test_a_worker_that_dies_mid_notebook_costs_a_retry_not_a_row(cluster):
    from grader.run.distributed import task_prefix

    root = cluster["base"] / "sleepy"
    _sleepy_class(root, cluster["base"] / "release", 12)
    out = cluster["base"] / "killed"
    cmd = [sys.executable, "-m", "grader", "grade", str(root), "--out", str(out), "--scheduler",
           cluster["address"], *sc.LIMITS]
    run = subprocess.Popen(cmd, cwd=sc.ROOT, env=cluster["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        pid = _running_on(cluster["address"], task_prefix(cat.NB1, SLEEPY))
        time.sleep(4)  # inside the notebook's sleep
        os.kill(pid, signal.SIGKILL)
        stdout, stderr = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            _kill_tree(run)
    assert (out / "grades.json").exists(), stdout[-2000:] + stderr[-3000:]
    rows = sc.grades(out)
    assert set(rows) == {SLEEPY, "good", "untouched", "partly right"}, stderr[-2000:]
    assert rows[SLEEPY][cat.NB1]["status"] == "graded" and rows[SLEEPY][cat.NB1]["score"] == cat.MAX1, \
        (rows[SLEEPY], stdout[-1500:], stderr[-3000:])
    local = sc.grades(cluster["local"])
    sc.assert_same_rows({s: local[s] for s in ("good", "untouched", "partly right")},
                        {s: rows[s] for s in ("good", "untouched", "partly right")})
    assert "graded 6 notebook(s) of 4 student(s)" in stdout, stdout[-2000:] + stderr[-2000:]
    _workers_up(cluster["address"], 2)  # the nanny started it again


@pytest.mark.slow
def test_a_scheduler_that_goes_away_stops_the_run_and_keeps_its_rows(cluster):
    root = cluster["base"] / "sleepy2"
    _sleepy_class(root, cluster["base"] / "release", 20)
    (root / SLEEPY).rename(root / "zzz sleeps")  # graded last: the others arrive first
    out = cluster["base"] / "gone"
    cmd = [sys.executable, "-m", "grader", "grade", str(root), "--out", str(out), "--scheduler",
           cluster["address"], *sc.LIMITS]
    run = subprocess.Popen(cmd, cwd=sc.ROOT, env=cluster["env"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    from grader.run.distributed import task_prefix

    lines: list[str] = []
    def read() -> None:
        for line in run.stderr:
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        _running_on(cluster["address"], task_prefix(cat.NB1, "zzz sleeps"))
        end = time.monotonic() + 120
        while not any(line.startswith("grading: ") for line in lines) and time.monotonic() < end:
            time.sleep(0.2)  # a row has arrived in the parent
        _kill_tree(cluster["procs"]["scheduler"])
        run.wait(timeout=180)
        reader.join(timeout=30)
        stdout, stderr = run.stdout.read(), "".join(lines)
    finally:
        if run.poll() is None:
            _kill_tree(run)
    assert run.returncode == 2, stdout[-2000:] + stderr[-2000:]
    lines = stderr.strip().splitlines()
    assert lines and "went away" in lines[-1] and "Traceback" not in stderr, stderr[-2000:]
    rows = sc.grades(out)
    done = [(s, n) for s, r in rows.items() for n, row in r.items() if row["status"] == "graded"]
    assert done, ("rows graded before the scheduler went away must be kept", rows, stderr[-3000:])
    assert rows["zzz sleeps"][cat.NB1]["message"].startswith("not graded yet")
    # a re-run (here locally) grades only what is missing
    proc = sc.run("grade", root, "--out", out, "--workers", "2", *sc.LIMITS, env=cluster["env"])
    kept = sum(not row["message"].startswith("not graded yet") for r in rows.values() for row in r.values())
    assert 0 < kept < sum(len(r) for r in rows.values())
    assert f"kept {kept} earlier results" in proc.stdout, proc.stdout[-2000:]
    assert sc.grades(out)["zzz sleeps"][cat.NB1]["score"] == cat.MAX1
