"""The learner's side of the course on any OS: `check` without Linux's extras, install.py on Windows.

A learner runs `python -m grader check` on macOS or Windows, where there is
no `unshare` or `prctl` in libc, no `resource` module (Windows) and no safe
`fork`. tests/fixtures/no_linux/sitecustomize.py takes all of these away
from a whole process tree (the check command and every kernel it starts),
and the real command must give the same scores as with them, on the fixture
course and on a real course notebook. `--allow-network` is tested against a
notebook that connects to a server on 127.0.0.1. tools/install.py is run
against a virtual environment laid out as on Windows (`Scripts\\python.exe`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from grader.sandbox import capabilities
from tests import course, small_class
from tests import grader_catalogue as cat
from tools import install

ROOT = Path(__file__).resolve().parents[1]
NO_LINUX = ROOT / "tests" / "fixtures" / "no_linux"
LIMITS = ["--timeout", "60", "--notebook-timeout", "300", "--memory", "2G"]


def without_linux(env: dict, mark: Path) -> dict:
    """``env`` with the no-Linux sitecustomize first on PYTHONPATH, every process noting its start in ``mark``."""
    e = dict(env)
    e["PYTHONPATH"] = os.pathsep.join([str(NO_LINUX), e.get("PYTHONPATH", "")])
    e["CNN_NO_LINUX_MARK"] = str(mark)
    return e


def check_json(paths: list[Path], env: dict, *extra: str) -> tuple[dict, subprocess.CompletedProcess]:
    proc = subprocess.run([sys.executable, "-m", "grader", "check", *map(str, paths), "--json", *LIMITS, *extra],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)
    assert proc.returncode in (0, 1), f"check exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout), proc


def scores(rows: dict) -> dict:
    return {stem: (r["status"], r["score"], {g: t["score"] for g, t in r["tests"].items()}) for stem, r in rows.items()}


def test_the_switch_takes_the_capabilities_away(tmp_path):
    """What the fixture does, seen from the grader's own probes in a fresh interpreter."""
    code = ("import json, grader.sandbox.capabilities as c; print(json.dumps([c.libc_function('unshare') is None, "
            "c.libc_function('prctl') is None, c.resource_module() is None, c.start_method(), "
            "c.ipc_transport()]))")
    env = without_linux(dict(os.environ, PYTHONPATH=str(ROOT)), tmp_path / "mark")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [True, True, True, "spawn", False]
    if sys.platform.startswith("linux"):  # and here, without the fixture, Linux has them all
        assert capabilities.libc_function("unshare") is not None
        assert capabilities.resource_module() is not None
        assert capabilities.start_method() == "fork"


@pytest.mark.parametrize("platform, method", [("darwin", "spawn"), ("win32", "spawn"), ("linux", "fork")])
def test_the_worker_pool_forks_on_linux_only(monkeypatch, platform, method):
    from traitlets.config import Config

    from grader.run.pool import Pool

    monkeypatch.setattr(sys, "platform", platform)
    if method == "fork" and not hasattr(os, "fork"):
        pytest.skip("this Python cannot fork")
    pool = Pool(None, 1, Path("."), None, Config())
    assert pool.ctx.get_start_method() == method


@pytest.mark.slow
def test_check_without_linux_capabilities_gives_the_same_scores(tmp_path):
    """The fixture course (untouched, partly right, solved) and a real notebook, both ways."""
    env = small_class.env(tmp_path / "cache")
    release = tmp_path / "release"
    proc = small_class.run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    s1 = cat.student_copy(cat.NB1, release)
    partly = tmp_path / "partly" / f"{cat.NB1}.ipynb"
    cat.write(cat.with_cells(s1, add=cat.GOOD_ADD, scale="def scale(x, factor):\n    return np.asarray(x) * 2.0\n"),
              partly)
    solved2 = cat.SOLUTIONS / f"{cat.NB2}.ipynb"
    untouched2 = release / f"{cat.NB2}.ipynb"

    mark = tmp_path / "mark.txt"
    bare = without_linux(env, mark)
    got = []
    for paths in ([partly, solved2], [release / f"{cat.NB1}.ipynb", untouched2]):
        linux, _ = check_json(paths, env)
        other, proc = check_json(paths, bare)
        assert scores(other) == scores(linux), (paths, proc.stderr[-2000:])
        assert "no Linux network namespaces" in proc.stderr and "no `resource` module" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr, proc.stderr
        got.append(scores(other))
    assert got == [
        {cat.NB1: ("graded", 3.0, {"test_add": 2.0, "test_scale_basic": 1.0, "test_scale_hidden": 0.0}),
         cat.NB2: ("graded", 5.0, {"test_normalize": 3.0, "test_count_positive": 2.0})},
        {cat.NB1: ("graded", 0.0, {"test_add": 0.0, "test_scale_basic": 0.0, "test_scale_hidden": 0.0}),
         cat.NB2: ("graded", 0.0, {"test_normalize": 0.0, "test_count_positive": 0.0})}]
    # the kernels ran under the switch too (their argv is grader.sandbox.kernel's: --memory ...)
    assert any("--memory" in line for line in mark.read_text().splitlines()), mark.read_text()

    # a real course notebook: 04 solved, with one plausible mistake (partial marks)
    from tests.mistakes import nb04

    wrong = nb04.MISTAKES[0]
    real = course.write(course.filled(nb04.NOTEBOOK, {wrong.cell: wrong.source}),
                        tmp_path / "real" / f"{nb04.NOTEBOOK}.ipynb")
    real_env = {k: v for k, v in os.environ.items() if k != "GRADER_SOLUTIONS"}
    real_env["PYTHONPATH"] = str(ROOT)
    linux, _ = check_json([real], real_env)
    other, proc = check_json([real], without_linux(real_env, mark))
    assert scores(other) == scores(linux), proc.stderr[-2000:]
    row = linux[nb04.NOTEBOOK]
    assert row["status"] == "graded" and 0 < row["score"] < row["max_score"], row
    assert all(row["tests"][t]["score"] < row["tests"][t]["max_score"] for t in wrong.loses), row


@pytest.mark.slow
def test_the_worker_pool_spawns_a_real_grade_without_fork(tmp_path):
    """`grade` (as an instructor on a Mac would run it, --no-sandbox) with spawned workers."""
    env = small_class.env(tmp_path / "cache")
    klass = tmp_path / "class" / "solved"
    klass.mkdir(parents=True)
    for stem in (cat.NB1, cat.NB2):
        (klass / f"{stem}.ipynb").write_bytes((cat.SOLUTIONS / f"{stem}.ipynb").read_bytes())
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "grader", "grade", str(klass.parent), "--out", str(out),
                           "--no-sandbox", "--workers", "1", "--no-feedback", *LIMITS],
                          capture_output=True, text=True, cwd=ROOT, env=without_linux(env, tmp_path / "mark"),
                          timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    rows = small_class.grades(out)["solved"]
    assert {s: (r["status"], r["score"]) for s, r in rows.items()} == {cat.NB1: ("graded", 5.0),
                                                                       cat.NB2: ("graded", 5.0)}


@pytest.mark.slow
def test_check_says_when_linux_refuses_a_network_namespace(tmp_path):
    """unshare there but refused (user namespaces off): full marks, and one line that says so."""
    env = small_class.env(tmp_path / "cache")
    refusing = dict(without_linux(env, tmp_path / "mark"), CNN_NO_LINUX_REFUSE="1")
    rows, proc = check_json([cat.SOLUTIONS / f"{cat.NB2}.ipynb"], refusing)
    assert scores(rows) == {cat.NB2: ("graded", 5.0, {"test_normalize": 3.0, "test_count_positive": 2.0})}
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "refused a private network namespace" in notes[0], proc.stderr
    quiet, proc = check_json([cat.SOLUTIONS / f"{cat.NB2}.ipynb"], refusing, "--allow-network")
    assert scores(quiet) == scores(rows) and "note:" not in proc.stderr, proc.stderr


class _Listener:
    """A TCP server on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self):
        self.sock.close()


def _kernel_network_can_be_cut() -> bool:
    code = "from grader.sandbox.kernel import isolate_network; print(isolate_network())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return out.stdout.strip() == "True"


@pytest.mark.slow
def test_check_cuts_the_network_unless_allowed(tmp_path):
    """A solution that needs a connection to 127.0.0.1 keeps test_add's points with --allow-network only."""
    if not _kernel_network_can_be_cut():
        pytest.skip("this system cannot give a process its own network namespace")
    server = _Listener()
    try:
        env = small_class.env(tmp_path / "cache")
        release = tmp_path / "release"
        assert small_class.run("release", "--notebooks", release, env=env).returncode == 0
        add = (f"import socket\n\ndef add(a, b):\n    socket.create_connection(('127.0.0.1', {server.port}), "
               "timeout=5).close()\n    return np.asarray(a, dtype=np.float64) + b\n")
        nb = tmp_path / "net" / f"{cat.NB1}.ipynb"
        cat.write(cat.with_cells(cat.student_copy(cat.NB1, release), add=add, scale=cat.GOOD_SCALE), nb)
        cut, _ = check_json([nb], env)
        assert cut[cat.NB1]["tests"]["test_add"]["score"] == 0.0, cut
        assert cut[cat.NB1]["score"] == 3.0, cut
        before = server.accepted
        allowed, proc = check_json([nb], env, "--allow-network")
        assert allowed[cat.NB1]["score"] == 5.0, (allowed, proc.stderr[-2000:])
        assert server.accepted > before
        assert "network" not in proc.stderr, proc.stderr  # nothing to note when the network is wanted
    finally:
        server.close()


def test_make_finds_the_venv_in_scripts_on_windows():
    """make from Git Bash or MSYS2 on Windows ($OS is Windows_NT there) runs .venv/Scripts/..."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    stamp = ".venv/.installed"
    win = subprocess.run([make, "-n", "-o", stamp, "lab", "lint", "OS=Windows_NT"], cwd=ROOT,
                         capture_output=True, text=True)
    assert win.returncode == 0, win.stderr
    assert ".venv/Scripts/jupyter lab --notebook-dir=notebooks" in win.stdout, win.stdout
    assert ".venv/Scripts/python -m ruff check ." in win.stdout, win.stdout
    here = subprocess.run([make, "-n", "-o", stamp, "lab"], cwd=ROOT, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "OS"})
    assert ".venv/bin/jupyter lab" in here.stdout, here.stdout


def _fake_python(path: Path, log: Path) -> None:
    """An executable that logs its arguments and fails `-c "import torch"` (so install.py installs it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n"
                    f'echo "$0 $*" >> "{log}"\n'
                    'if [ "$1" = "-c" ]; then exit 1; fi\n'
                    "exit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_venv_program_knows_both_layouts(tmp_path):
    win, posix, new = tmp_path / "win", tmp_path / "posix", tmp_path / "new"
    (win / "Scripts").mkdir(parents=True)
    (win / "Scripts" / "python.exe").write_text("")
    (posix / "bin").mkdir(parents=True)
    (posix / "bin" / "python").write_text("")
    assert install.venv_program(win, "python") == win / "Scripts" / "python.exe"
    assert install.venv_program(win, "jupyter") == win / "Scripts" / "jupyter.exe"
    assert install.venv_program(posix, "jupyter") == posix / "bin" / "jupyter"
    assert install.venv_program(new, "python", windows=True) == new / "Scripts" / "python.exe"
    assert install.venv_program(new, "python", windows=False) == new / "bin" / "python"
    expected = new / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert install.venv_program(new, "python") == expected


@pytest.mark.skipif(os.name == "nt", reason="the fake interpreter is a shell script")
def test_install_uses_the_windows_layout(tmp_path, monkeypatch, capsys):
    """tools/install.py on an environment with Scripts\\python.exe runs that interpreter for every step."""
    env_dir = tmp_path / "venv"
    log = tmp_path / "calls.log"
    _fake_python(env_dir / "Scripts" / "python.exe", log)
    monkeypatch.setattr(install, "has_cuda_gpu", lambda: False)
    monkeypatch.setattr(install.venv, "EnvBuilder", None)  # the environment exists: it must not be made again
    proxies = []  # the hub's proxy comes from npm (network); tests/test_hub.py runs the real one
    monkeypatch.setattr(install, "install_hub_proxy", proxies.append)
    assert install.main(["--venv", str(env_dir)]) == 0
    assert proxies == ([env_dir] if "hub" in install.extras() else []), proxies
    calls = log.read_text().splitlines()
    exe = str(env_dir / "Scripts" / "python.exe")
    assert calls and all(c.startswith(exe + " ") for c in calls), calls
    assert calls[0] == f"{exe} -c import torch"
    assert any("torch" in c and "pip install" in c for c in calls[1:]), calls
    installs = [c for c in calls if "pip install" in c]
    assert installs[-1].endswith(f"-e {install.ROOT}[{','.join(install.extras())}]"), calls
    assert install.extras("win32") == ["dev", "distributed", "book"] and "hub" in install.extras("linux")
    # then nbgrader's instructor tools are switched off in that environment, with its own Python
    hidden = calls[calls.index(installs[-1]) + 1:]
    assert hidden and all(c.startswith(f"{exe} -m jupyter ") and "nbgrader" in c for c in hidden), hidden
    said = capsys.readouterr().out
    assert str(Path("Scripts") / "jupyter.exe") in said and "lab --notebook-dir=notebooks" in said, said
