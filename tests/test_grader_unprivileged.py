"""Kernels without root's powers, and memory counted where it is held: one class graded sandboxed.

Whoever runs the grader (here usually root), a kernel is an unprivileged
user with no capabilities and /proc's host-wide knobs read-only: a cell that
opens /proc/sys or /sys knobs for writing, or uses a power only root or a
capability gives, gets nothing and keeps only what honest code earns.
Memory is charged where it is held: 1.5 GiB in memfds or 750 MB in the
kernel's tmpfs (in no process's resident set) stop the kernel with a message
that names memory, while eight copy-on-write children of a 250 MB kernel
(about 2 GiB of resident sets, far less in fact) are not stopped. The limit
is cgroup v2 where the host delegates one, else the fallback (grader.sandbox.limits);
grades.json records which, and this test passes under either.

In the same class a kernel lists every file it can open under the course,
the grader, the caches, its home and /tmp: none may hold a solution or
hidden-test line (nor may any file of the built wheel).

Another test grades as an ordinary user (made with useradd when the tests
run as root): the sandbox must work for them too, with full marks for the
good notebook and 0 for the untouched one. Another breaks the sandbox so
that bubblewrap still starts but no kernel can: grade stops before grading,
with one line and exit 2. Unit tests check the fallback's memory count
against a process tree whose pages are known, and, where the host delegates
cgroup v2, that a kernel's cgroup stops memory held in a memfd.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from grader.sandbox import cgroups
from grader.sandbox.probe import probe
from tests import grader_catalogue as cat
from tests import reachout_catalogue as reach
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]
MEMORY = "700M"  # baseline ~200 MB: the hoards pass it, the copy-on-write children (~450 MB once) do not
LIMITS = ["--timeout", "60", "--notebook-timeout", "120", "--memory", MEMORY]
TEST_USER = "cnn-grader-test"
FILE_LINE = 20  # characters a solution or hidden-test line must have to count as one in a file
pytestmark = pytest.mark.slow


def _sandbox_or_skip():
    if probe():
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to build the sandbox: {probe()}")
        pytest.skip(probe())


def outputs(out: Path, student: str) -> str:
    nb = json.loads((out / "autograded" / student / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []))


def said(out: Path, student: str, word: str):
    for line in outputs(out, student).splitlines():
        if line.startswith(word + " "):
            return json.loads(line[len(word) + 1:])
    raise AssertionError(f"{student} printed no {word} line:\n{outputs(out, student)[-2000:]}")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    _sandbox_or_skip()
    base = tmp_path_factory.mktemp("unprivileged")
    env = small_class.env(base / "cache")
    release = base / "release"
    proc = small_class.run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    s1 = cat.student_copy(cat.NB1, release)
    solved = cat.with_cells(s1, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    klass = base / "class"
    data = os.environ.get("CNNLIB_DATA") or os.path.expanduser("~/.cache/cnnlib")
    roots = [str(ROOT), str(base / "cache"), data, str(cat.SOLUTIONS)]
    students = {"file-lister": {"add": reach.file_lister(roots)},
                "root-powers": {"add": reach.root_powers()},
                "memfd-hoarder": {"scale": reach.memfd_hoarder()},
                "tmpfs-hoarder": {"scale": reach.tmpfs_hoarder()},
                "cow-children": {"add": reach.cow_children()}}
    for name, cells in students.items():
        cat.write(cat.with_cells(solved, **cells), klass / name / f"{cat.NB1}.ipynb")
    cat.write(solved, klass / "good" / f"{cat.NB1}.ipynb")
    cat.write(s1, klass / "untouched" / f"{cat.NB1}.ipynb")
    out = base / "out"
    proc = small_class.run("grade", klass, "--out", out, "--workers", "1", *LIMITS, env=env)
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    return {"proc": proc, "grades": grades, "rows": {s: r[cat.NB1] for s, r in grades["students"].items()},
            "out": out, "release": release}


def test_good_full_untouched_zero(graded):
    rows = graded["rows"]
    assert rows["good"]["score"] == cat.MAX1, rows["good"]
    assert rows["untouched"]["score"] == 0.0, rows["untouched"]


def test_a_kernel_has_no_root_powers_and_no_host_knob(graded):
    out = graded["out"]
    assert said(out, "root-powers", "POWERS") == []
    row = graded["rows"]["root-powers"]
    assert (row["status"], row["score"]) == ("graded", cat.MAX1), row  # what honest code earns, no more
    text = outputs(out, "root-powers")
    assert "UID 0" not in text, text[-500:]


def test_memory_in_memfds_or_tmpfs_stops_the_kernel(graded):
    for student in ("memfd-hoarder", "tmpfs-hoarder"):
        row = graded["rows"][student]
        assert row["status"] == "crashed" and "memory" in row["message"], (student, row)
        # graded as far as it got: test_add's visible part passed where it stands, but its hidden part runs
        # after the notebook's last cell, which a stopped kernel never reaches: the cell earns nothing
        # (fail closed; docs/grader/judge.md, "How a test cell is judged")
        assert row["tests"]["test_add"]["score"] == 0.0, (student, row)
        assert row["score"] == 0.0, (student, row)


def test_copy_on_write_children_are_not_counted_once_each(graded):
    row = graded["rows"]["cow-children"]
    assert (row["status"], row["score"]) == ("graded", cat.MAX1), row
    assert "CHILDREN done" in outputs(graded["out"], "cow-children")


def test_the_memory_limit_used_is_recorded(graded):
    assert graded["grades"]["memory_limit"] == cgroups.method()
    assert cgroups.method() in graded["proc"].stdout


def secret_lines(pairs) -> dict[str, str]:
    """{normalised line: "solution" or "hidden"}: the whole lines of the solution and hidden-test blocks
    of [(source notebook, released notebook), ...] that no release shows (grader.autograde.scrub's blocks and
    normalisation), of at least FILE_LINE characters without spaces: scrub's 12 suit outputs, but in
    files shorter lines (``except ValueError:``, ``for _ in range(3):``) are ordinary Python."""
    from grader.autograde.secretlines import _blocks, normalise
    from grader.cells import cell_source

    public, found = set(), {}
    for source, release in pairs:
        for cell in release["cells"]:
            public.update(normalise(line) for line in cell_source(cell).splitlines())
        for cell in source["cells"]:
            if cell["cell_type"] == "code":
                for kind in ("hidden", "solution"):
                    for line in _blocks(cell_source(cell), kind):
                        found.setdefault(normalise(line), kind)
    return {line: kind for line, kind in found.items()
            if line not in public and len(line) >= FILE_LINE and not line.startswith("#")}


def course_pairs(solutions: Path, release: Path) -> list[tuple[dict, dict]]:
    return [(json.loads(src.read_text(encoding="utf-8")),
             json.loads((release / src.name).read_text(encoding="utf-8")))
            for src in sorted(solutions.glob("*.ipynb"))]


def text_lines(name: str, raw: bytes) -> list[str]:
    """The normalised lines of a file's text (a notebook's cell sources); none for binary files."""
    from grader.autograde.secretlines import normalise

    if b"\0" in raw[:4096]:
        return []
    text = raw.decode("utf-8", errors="replace")
    if name.endswith(".ipynb"):
        try:
            text = "\n".join("".join(c.get("source", "")) for c in json.loads(text).get("cells", []))
        except (ValueError, AttributeError):
            pass
    lines = []
    for line in text.splitlines():
        lines.append(normalise(line))
        quoted = line.strip().rstrip(",")
        if quoted.startswith('"') and quoted.endswith('"'):  # a line of JSON: a damaged notebook's source
            for wrapped in (quoted, "{" + quoted + "}"):  # a string, or a "key": "value" pair
                try:
                    found = json.loads(wrapped)
                except ValueError:
                    continue
                for value in [found] if isinstance(found, str) else found.values():
                    if isinstance(value, str):
                        lines += [normalise(part) for part in value.splitlines()]
    return lines


def held(name: str, raw: bytes, secrets: dict[str, str]) -> list[str]:
    """The secret lines the file holds. cnnlib's own modules may share *solution* lines: it is the course's
    scaffolding, by design a tested copy of the layers for notebooks 06 on (COURSE.md), whose reach from
    graded code is a question of allowed modules, not of files; a hidden-test line counts anywhere."""
    scaffolding = name.endswith(".py") and ("/cnnlib/" in name or name.startswith("cnnlib/"))
    return [line for line in text_lines(name, raw) if line in secrets
            and not (scaffolding and secrets[line] == "solution")]


def test_no_file_a_kernel_can_read_holds_an_answer_or_a_hidden_test(graded):
    readable = said(graded["out"], "file-lister", "READABLE")
    # the listing reached the course's packages and the grader's kernel modules, so it looked
    assert any(p.endswith("/cnnlib/checks.py") for p in readable), readable[:20]
    assert any(p.endswith("/grader/sandbox/kernel.py") for p in readable), readable[:20]
    assert not any("/solutions/" in p or "/tests/" in p for p in readable)
    secrets = {**secret_lines(course_pairs(ROOT / "solutions", ROOT / "notebooks")),
               **secret_lines(course_pairs(cat.SOLUTIONS, graded["release"]))}
    found = {}
    for path in readable:
        if os.path.isfile(path) and os.path.getsize(path) < 20 << 20:  # else the kernel's own (its /tmp)
            hits = held(path, Path(path).read_bytes(), secrets)
            if hits:
                found[path] = hits[:3]
    assert found == {}


def test_the_wheel_holds_no_answer_and_no_hidden_test(tmp_path):
    import zipfile

    from tests.test_colab import _build_wheel

    secrets = secret_lines(course_pairs(ROOT / "solutions", ROOT / "notebooks"))
    wheel = _build_wheel(tmp_path)
    found = {}
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        for name in names:
            hits = held(name, z.read(name), secrets)
            if hits:
                found[name] = hits[:3]
    assert any(n.endswith("grader/sandbox/kernel.py") for n in names) and found == {}, found


def _ordinary_user(base: Path):
    """(run-as keyword arguments, HOME, whether TEST_USER was made) for an ordinary user: this one, or
    TEST_USER, made by useradd when the tests run as root."""
    if os.geteuid() != 0:
        return {}, Path.home(), False
    made = False
    try:
        pwd.getpwnam(TEST_USER)
    except KeyError:
        done = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                               TEST_USER], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"running as root, and useradd could not make a test user: {done.stderr.strip()}")
        made = True
    entry = pwd.getpwnam(TEST_USER)
    home = base / "home"
    home.mkdir()
    for folder in (base, home):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}, home, made


def test_an_ordinary_user_grades_sandboxed():
    _sandbox_or_skip()
    # not under pytest's root-only temporary folder: the user must reach it
    base = Path(tempfile.mkdtemp(prefix="cnn-ordinary-"))
    made = False
    try:
        base.chmod(0o755)
        who, home, made = _ordinary_user(base)
        _grade_as(who, home, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        if made:
            subprocess.run(["userdel", TEST_USER], capture_output=True)


def _grade_as(who: dict, home: Path, base: Path) -> None:
    env = dict(small_class.env(base / "cache", seed=False), HOME=str(home))  # the user builds its own cache
    env.pop("CNNLIB_DATA", None)
    release = base / "release"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=900, **who)

    proc = run("release", "--notebooks", release)
    assert proc.returncode == 0, proc.stderr[-2000:]
    s1 = cat.student_copy(cat.NB1, release)
    klass = base / "class"
    cat.write(cat.with_cells(s1, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE), klass / "good" / f"{cat.NB1}.ipynb")
    cat.write(s1, klass / "untouched" / f"{cat.NB1}.ipynb")
    # c.Sandbox.max_files for an ordinary user's kernels too: the run folder counted by the watchdog, /tmp
    # refusing the entry past the limit (tmpfs nr_inodes), the full count read through /proc/PID/root (the
    # grader's user owns the kernel's user namespace, so it may follow it into the non-dumpable kernel)
    solved = cat.with_cells(s1, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    cat.write(cat.flooded(solved, "."), klass / "floods its folder" / f"{cat.NB1}.ipynb")
    cat.write(cat.flooded(solved, "/tmp"), klass / "floods its tmp" / f"{cat.NB1}.ipynb")
    if who:
        for path in [klass, *klass.rglob("*")]:
            os.chown(path, who["user"], who["group"])
    out = base / "out"
    proc = run("grade", klass, "--out", out, "--workers", "1", *small_class.LIMITS)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]  # 1: the two floods crashed
    rows = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    assert rows["sandbox"] is True
    rows = rows["students"]
    assert rows["good"][cat.NB1]["score"] == cat.MAX1, rows["good"]
    assert rows["untouched"][cat.NB1]["score"] == 0.0, rows["untouched"]
    folder = rows["floods its folder"][cat.NB1]
    assert folder["status"] == "crashed" and "more than 10,000 files" in folder["message"], folder
    tmp = rows["floods its tmp"][cat.NB1]
    # its flood tried 12,800 inodes: the tmpfs held exactly 10,000
    assert tmp["status"] == "crashed" and "created 10,000 files in /tmp" in tmp["message"], tmp
    assert proc.stdout.count("crashed") >= 2 and "2 graded" in proc.stdout, proc.stdout[-2000:]


def test_a_sandbox_that_runs_no_kernel_stops_the_run_with_one_line(tmp_path):
    """bubblewrap starts and Python runs in it, but a module every kernel imports is not bound
    (grader.sandbox.mounts.KERNEL_MODULES without kernel.py): no kernel can start. The old start-up
    check, a bwrap self-test that imported grader.sandbox.bwrap only, passed here."""
    _sandbox_or_skip()
    (tmp_path / "class" / "someone").mkdir(parents=True)
    shutil.copy(cat.SOLUTIONS / f"{cat.NB1}.ipynb", tmp_path / "class" / "someone" / f"{cat.NB1}.ipynb")
    code = ("import sys, grader.sandbox.mounts as s\n"
            "s.KERNEL_MODULES = tuple(m for m in s.KERNEL_MODULES if m != 'sandbox/kernel.py')\n"
            "from grader.__main__ import main\n"
            f"sys.exit(main(['grade', {str(tmp_path / 'class')!r}, '--out', {str(tmp_path / 'out')!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env=small_class.env(tmp_path / "cache"), timeout=300)
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "could not run a kernel" in lines[0] and "--no-sandbox" in lines[0], proc.stderr
    assert not (tmp_path / "out" / "grades.json").exists()


HOLDER = """
import mmap, os, sys, time
size = int(sys.argv[1]) << 20
fd = os.memfd_create('held')
os.write(fd, b'x' * size)              # in no resident set: written, never mapped
view = mmap.mmap(fd, size)             # ... and now mapped too: still the same pages
view[:] = b'y' * size
shared = mmap.mmap(-1, size)           # anonymous shared memory: counted through its mapping
shared[:] = b'z' * size
block = bytearray(b'w' * size)         # private memory, shared copy-on-write with the children below
for _ in range(4):
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
print('ready', flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memfd, /proc/PID/smaps_rollup: Linux only")
def test_the_fallback_counts_each_page_once():
    """tree_memory: a 64 MiB memfd (written, then also mapped), 64 MiB of anonymous shared memory and
    64 MiB of private memory shared by four forked children count about 3 x 64 MiB plus Python's own,
    where resident sets add up to far more (the children) and see none of the unmapped memfd."""
    import psutil

    from grader.sandbox.limits import tree_memory

    proc = subprocess.Popen([sys.executable, "-c", HOLDER, "64"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        root = psutil.Process(proc.pid)
        tree = [root, *root.children(recursive=True)]
        assert len(tree) == 5
        counted = tree_memory(tree, proc.pid)
        resident = sum(p.memory_info().rss for p in tree)
        base = 40 << 20  # the interpreter itself, generously
        assert 3 * (64 << 20) <= counted <= 3 * (64 << 20) + base, (counted >> 20, resident >> 20)
        assert resident > counted + 2 * (64 << 20), (counted >> 20, resident >> 20)
        # the watchdog's cheap bound, which decides when the exact count is needed, is never below it
        assert tree_memory(tree, proc.pid, exact=False) >= counted
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the holder and its children: a session of their own
        proc.wait()


@pytest.mark.skipif(cgroups.parent() is None, reason="this host delegates no cgroup v2 with the memory and pids "
                    "controllers: grader.sandbox.limits' fallback is used (and tested above)")
def test_a_cgroup_stops_memory_held_in_a_memfd():
    group = cgroups.KernelGroup(96 << 20)
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.readline()\n" + HOLDER, "128"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        group.add(proc.pid)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        proc.wait(timeout=60)
        assert proc.returncode < 0 and group.out_of_memory()
    finally:
        proc.kill()
        group.remove()
    assert not os.path.exists(group.path)
