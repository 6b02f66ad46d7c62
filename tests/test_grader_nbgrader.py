"""The grader as an nbgrader add-on: one run per output folder, manual grades kept.

A one-notebook course (01_fixture_add of the fixture course) and a class of
two: "ada" (full marks) and "waits", whose solution cell waits until the test
creates a file, so that the first run is still grading while two more runs
(with and without --force) try the same --out. Both stop at once with one line
naming the first; the first ends cleanly and its gradebook is whole. Then a
manual grade and a comment are entered through nbgrader's API, as formgrader
does, and a --force run (which takes over a stale lock left by a dead run)
keeps them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ["--timeout", "600", "--notebook-timeout", "900", "--memory", "1G", "--workers", "1"]

WAITS = ("import os\nimport time\n\nstart = time.monotonic()\n"
         "while not os.path.exists({sentinel!r}) and time.monotonic() - start < 600:\n    time.sleep(0.2)\n\n")

DAVE_ADD = "def add(a, b):\n    return 0 * np.asarray(a)\n\nnp.max = lambda *a, **k: 0.0\n"



@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("nbcourse")
    solutions = base / "solutions"
    solutions.mkdir()
    shutil.copyfile(cat.SOLUTIONS / f"{cat.NB1}.ipynb", solutions / f"{cat.NB1}.ipynb")
    env = small_class.env(base / "cache")
    env["GRADER_SOLUTIONS"] = str(solutions)
    release = base / "release"
    proc = small_class.run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    return {"base": base, "env": env, "release": release, "solutions": solutions}


def solved(course) -> dict:
    return cat.with_cells(cat.student_copy(cat.NB1, course["release"]), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)


def one_line(proc) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_run_lock_names_its_holder_and_takes_over_a_dead_ones(tmp_path):
    from grader.errors import GraderError
    from grader.run.lock import LOCK, RunLock

    first = RunLock(tmp_path)
    assert first.acquire() == ""
    holder = json.loads((tmp_path / LOCK).read_text())
    with pytest.raises(GraderError, match=f"in use by another grading run \\(pid {holder['pid']} on "):
        RunLock(tmp_path).acquire()
    first.release()
    assert (tmp_path / LOCK).read_text() == ""
    again = RunLock(tmp_path)
    assert again.acquire() == ""  # an emptied lock file is no stale lock
    again.release()
    (tmp_path / LOCK).write_text(json.dumps({"pid": 2**22 + 7, "host": "elsewhere", "started": "yesterday"}))
    late = RunLock(tmp_path)
    note = late.acquire()  # the kernel holds no lock for it: its run is gone
    assert note.startswith("took over the lock") and f"pid {2**22 + 7} on elsewhere, started yesterday" in note
    late.release()


def test_run_lock_without_flock_as_on_windows(tmp_path, monkeypatch):
    import socket

    import grader.run.lock as lock_module
    from grader.errors import GraderError
    from grader.run.lock import LOCK, RunLock

    monkeypatch.setattr(lock_module, "fcntl", None)  # Windows has no fcntl: a file created exclusively
    first = RunLock(tmp_path)
    assert first.acquire() == ""
    with pytest.raises(GraderError, match="in use by another grading run"):
        RunLock(tmp_path).acquire()
    first.release()
    assert not (tmp_path / LOCK).exists()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (tmp_path / LOCK).write_text(json.dumps({"pid": int(gone.stdout), "host": socket.gethostname(), "started": "t"}))
    late = RunLock(tmp_path)
    assert late.acquire().startswith("took over the lock")  # its holder on this host is gone
    late.release()


def test_a_course_folder_without_submissions_is_one_line(course, tmp_path):
    (tmp_path / "course" / "source" / "hw1").mkdir(parents=True)
    shutil.copyfile(cat.SOLUTIONS / f"{cat.NB1}.ipynb", tmp_path / "course" / "source" / "hw1" / f"{cat.NB1}.ipynb")
    proc = small_class.run("grade", tmp_path / "course", env=course["env"])
    assert proc.returncode == 2 and "has no submitted/ folder" in one_line(proc)
    assert not (tmp_path / "course" / "grades.json").exists()


def test_an_instructors_wrong_paths_are_refused_or_named(course, tmp_path):
    """An instructor's wrong paths (tests/instructor_week/FINDINGS.md): `grade COURSE/submitted` graded the
    class as a plain one (no due dates, no hand grades, every notebook of the course), and a student's own
    folder had its assignment folders graded as students; both exited 0 with wrong grades. Both are now
    refused in one line; `grade COURSE --out OTHER` (a gradebook without the course's hand grades) is named."""
    root = tmp_path / "course"
    (root / "source" / "hw1").mkdir(parents=True)
    shutil.copyfile(cat.SOLUTIONS / f"{cat.NB1}.ipynb", root / "source" / "hw1" / f"{cat.NB1}.ipynb")
    cat.write(solved(course), root / "submitted" / "ada" / "hw1" / f"{cat.NB1}.ipynb")
    from grader.intake.submissions import students
    from grader.run.plan import _one_students_folder
    from grader.run.plan import inside_course as _inside_course
    from grader.run.plan import other_gradebook_note as _other_gradebook_note

    for inside in (root / "submitted", root / "submitted" / "ada", root / "submitted" / "ada" / "hw1"):
        assert _inside_course(inside) == root.resolve()
    assert _inside_course(root) is None and _inside_course(tmp_path) is None
    out = tmp_path / "out"
    proc = small_class.run("grade", root / "submitted", "--out", out, env=course["env"])
    want = f"is inside the nbgrader course folder {root.resolve()}; pass {root.resolve()} itself"
    assert proc.returncode == 2 and want in one_line(proc)
    assert not (out / "grades.json").exists()
    assert _other_gradebook_note(root, root / ".." / "course") is None
    assert "without the hand grades, comments and students of" in _other_gradebook_note(root, out)
    student = tmp_path / "class" / "ada"  # one student of a plain class, in nbgrader's layout
    cat.write(solved(course), student / cat.NB1 / f"{cat.NB1}.ipynb")
    found, _ = students(student)
    assert _one_students_folder(found, [cat.NB1, cat.NB2])
    assert _one_students_folder({"hw1": student}, ["hw1/part1", "hw1/part2"])
    assert not _one_students_folder(students(student.parent)[0], [cat.NB1, cat.NB2])  # the class: ada


KILLED_PARENT = """
import os, tempfile
from pathlib import Path
from traitlets.config import Config
from grader.course.build import prepare
from grader.run.pool import Pool

pool = Pool(prepare(), 2, Path(tempfile.mkdtemp(prefix="killed-parent-")), None, Config())
workers = [pool._start() for _ in range(2)]
for w in workers:
    assert w["conn"].recv() == ("ready", None)
print("workers:", *(w["proc"].pid for w in workers), flush=True)
os._exit(0)  # as kill -9 would: no clean-up, no goodbye to the workers
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has exited


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_grading_workers_end_when_their_parent_is_killed(course, tmp_path):
    """An instructor's `grade` killed with SIGKILL left its two workers (each with its sandbox, zygote and
    kernels) waiting forever: each forked worker held the parent's ends of the pipes, so it never saw EOF
    (tests/instructor_week/FINDINGS.md). Real workers of grader.run.pool, their parent gone without a word."""
    said = tmp_path / "said.txt"  # a file, not a pipe: a worker left behind would hold a pipe open
    with open(said, "w") as stream:
        proc = subprocess.run([sys.executable, "-c", KILLED_PARENT], env=course["env"], cwd=ROOT,
                              stdout=stream, stderr=subprocess.STDOUT, timeout=300)
    assert proc.returncode == 0, said.read_text()[-3000:]
    pids = [int(p) for line in said.read_text().splitlines() if line.startswith("workers:") for p in line.split()[1:]]
    assert len(pids) == 2
    deadline = time.monotonic() + 60
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.5)
    left = [p for p in pids if _alive(p)]
    for pid in left:  # the test's own orphans, by id
        os.kill(pid, 9)
    assert not left, f"workers {left} outlived their parent"


@pytest.mark.slow
def test_two_runs_on_one_out_never_harm_each_other_and_force_keeps_manual_grades(course, tmp_path):
    from nbgrader.api import Gradebook

    sentinel = tmp_path / "go"
    klass, out = tmp_path / "class", tmp_path / "grades"
    cat.write(solved(course), klass / "ada" / f"{cat.NB1}.ipynb")
    waits = solved(course)
    for cell in waits["cells"]:
        if cat.gid(cell) == "add":
            cell["source"] = WAITS.format(sentinel=str(sentinel)) + cat.GOOD_ADD
    cat.write(waits, klass / "waits" / f"{cat.NB1}.ipynb")
    # --no-sandbox: the waiting kernel must see the test's sentinel file
    args = [sys.executable, "-m", "grader", "grade", klass, "--out", out, "--no-sandbox", *LIMITS]
    first = subprocess.Popen(list(map(str, args)), cwd=ROOT, env=course["env"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        lock = out / ".grader-lock"
        deadline = time.monotonic() + 600
        while not (lock.exists() and lock.read_text().strip()) and first.poll() is None:
            assert time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.5)
        assert first.poll() is None, first.communicate()
        holder = json.loads(lock.read_text())
        assert holder["pid"] == first.pid
        for extra in ([], ["--force"]):
            second = small_class.run("grade", klass, "--out", out, "--no-sandbox", *LIMITS, *extra,
                                     env=course["env"])
            line = one_line(second)
            assert second.returncode == 2, second.stderr
            assert "in use by another grading run" in line and f"pid {first.pid}" in line, line
            assert holder["host"] in line and holder["started"] in line, line
        assert first.poll() is None  # the first run is still grading: it waits on the sentinel
    finally:
        sentinel.write_text("go")
        stdout, stderr = first.communicate(timeout=900)
    assert first.returncode == 0, stdout + stderr
    assert lock.read_text() == ""  # released
    rows = small_class.grades(out)
    assert {s: rows[s][cat.NB1]["score"] for s in rows} == {"ada": cat.MAX1, "waits": cat.MAX1}
    book = small_class.gradebook(out)
    assert book[("ada", cat.NB1)][0] == cat.MAX1 and book[("waits", cat.NB1)][0] == cat.MAX1

    # formgrader's manual work: a manual score below the automatic one, and a comment
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(cat.NB1, cat.NB1, "ada")
        grade = next(g for g in nb.grades if g.max_score >= 1)
        grade.manual_score = grade.max_score - 1
        graded_cell = grade.name
        comment = nb.comments[0]
        comment.manual_comment = "well argued, but see the stride"
        commented = comment.name
        gb.db.commit()
    # a stale lock: a run that was killed (its pid is gone)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock.write_text(json.dumps({"pid": int(gone.stdout), "host": holder["host"], "started": "2026-01-01 00:00:00 UTC"}))
    again = small_class.run("grade", klass, "--out", out, "--no-sandbox", "--force", *LIMITS, env=course["env"])
    assert again.returncode == 0, again.stdout + again.stderr
    took = [line for line in again.stdout.splitlines() if "took over the lock" in line]
    assert len(took) == 1 and f"pid {int(gone.stdout)}" in took[0], again.stdout
    assert "graded 2 notebook(s)" in again.stdout  # --force graded both again
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(cat.NB1, cat.NB1, "ada")
        grade = next(g for g in nb.grades if g.name == graded_cell)
        assert grade.manual_score == grade.max_score - 1 and grade.auto_score == grade.max_score
        assert nb.score == cat.MAX1 - 1  # nbgrader counts the manual score over the automatic one
        assert next(c for c in nb.comments if c.name == commented).manual_comment == "well argued, but see the stride"


def nbgrader(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """nbgrader's own command line, from the course venv."""
    exe = Path(sys.executable).with_name("nbgrader")
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=900)


def scores(db: Path, assignment: str) -> dict:
    """{(student, notebook): score} and {student: seconds late}, read back through nbgrader's API."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        subs = gb.find_assignment(assignment).submissions
        return ({(s.student.id, nb.name): nb.score for s in subs for nb in s.notebooks},
                {s.student.id: s.total_seconds_late for s in subs})


@pytest.mark.slow
def test_export_course_is_a_course_for_nbgrader_own_commands(course, tmp_path):
    env = course["env"]
    dest = tmp_path / "course"
    proc = small_class.run("export-course", dest, env=env)
    assert proc.returncode == 0, proc.stderr
    assert {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()} == {
        f"source/{cat.NB1}/{cat.NB1}.ipynb", f"release/{cat.NB1}/{cat.NB1}.ipynb", "gradebook.db", "nbgrader_config.py"}
    assert (dest / "release" / cat.NB1 / f"{cat.NB1}.ipynb").read_bytes() == \
        (course["release"] / f"{cat.NB1}.ipynb").read_bytes()
    again = small_class.run("export-course", dest, env=env)
    assert again.returncode == 2 and "not an empty folder" in one_line(again)

    listed = nbgrader("db", "assignment", "list", cwd=dest, env=env)
    assert listed.returncode == 0 and f"{cat.NB1} (due: None)" in listed.stdout, listed.stdout + listed.stderr
    made = nbgrader("generate_assignment", cat.NB1, "--force", cwd=dest, env=env)
    assert made.returncode == 0, made.stderr
    assert "BEGIN HIDDEN TESTS" not in (dest / "release" / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8")

    handed = dest / "submitted" / "ada" / cat.NB1
    cat.write(solved(course), handed / f"{cat.NB1}.ipynb")
    (handed / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    cat.write(cat.student_copy(cat.NB1, course["release"]), dest / "submitted" / "bob" / cat.NB1 / f"{cat.NB1}.ipynb")
    graded = nbgrader("autograde", cat.NB1, cwd=dest, env=env)
    assert graded.returncode == 0, graded.stderr[-3000:]
    want = {("ada", cat.NB1): cat.MAX1, ("bob", cat.NB1): 0.0}
    assert scores(dest / "gradebook.db", cat.NB1)[0] == want
    assert (dest / "autograded" / "ada" / cat.NB1 / f"{cat.NB1}.ipynb").is_file()

    # the grader's own config file, from a course directory without one (docs/grader/configuration.md's command)
    (dest / "nbgrader_config.py").unlink()
    shutil.rmtree(dest / "autograded")
    again = nbgrader("autograde", cat.NB1, "--force", "--config", ROOT / "grader" / "nbgrader_config.py", cwd=dest,
                     env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert scores(dest / "gradebook.db", cat.NB1)[0] == want
    auto = (dest / "autograded" / "bob" / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8")
    assert "NotImplementedError" in auto  # it ran: the untouched stub raised


@pytest.fixture(scope="module")
def graded_course(course, tmp_path_factory):
    """source/hw1/{01,02}.ipynb, nbgrader's own release and gradebook (a due date), collected
    submissions with timestamp.txt and submission_secret.txt (ada: both, late; bob: 01 untouched;
    carol: 01 whose kernel exits; dave: 01 that patches numpy), graded with `python -m grader grade COURSE_DIR`."""
    env = course["env"]
    tmp_path = tmp_path_factory.mktemp("graded-course")
    root = tmp_path / "course"
    for nb in (cat.NB1, cat.NB2):
        (root / "source" / "hw1").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cat.SOLUTIONS / f"{nb}.ipynb", root / "source" / "hw1" / f"{nb}.ipynb")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    (root / "nbgrader_config.py").write_text(
        "import os\nimport grader\nc = get_config()\n"
        "load_subconfig(os.path.join(os.path.dirname(grader.__file__), 'nbgrader_config.py'))\n"
        f"c.CourseDirectory.course_id = 'demo'\nc.Exchange.root = {str(exchange)!r}\n" + small_class.SUBMARKS)
    added = nbgrader("db", "assignment", "add", "hw1", "--duedate=2026-12-01 12:00:00 UTC", cwd=root, env=env)
    assert added.returncode == 0, added.stderr
    made = nbgrader("generate_assignment", "hw1", cwd=root, env=env)
    assert made.returncode == 0, made.stderr
    release = root / "release" / "hw1"
    ada, bob = root / "submitted" / "ada" / "hw1", root / "submitted" / "bob" / "hw1"
    cat.write(cat.with_cells(cat.student_copy(cat.NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE),
              ada / f"{cat.NB1}.ipynb")
    cat.write(cat.load(cat.NB2), ada / f"{cat.NB2}.ipynb")
    cat.write(cat.student_copy(cat.NB1, release), bob / f"{cat.NB1}.ipynb")  # no 02
    carol = root / "submitted" / "carol" / "hw1"
    cat.write(cat.with_cells(cat.student_copy(cat.NB1, release), add=cat.GOOD_ADD, scale="exit()\n"),
              carol / f"{cat.NB1}.ipynb")
    dave = root / "submitted" / "dave" / "hw1"
    cat.write(cat.with_cells(cat.student_copy(cat.NB1, release), add=DAVE_ADD), dave / f"{cat.NB1}.ipynb")
    for folder, when in ((ada, "2026-12-01 13:00:00.000000 UTC"), (bob, "2026-12-01 11:00:00.000000 UTC"),
                         (carol, "2026-12-01 11:30:00.000000 UTC"), (dave, "2026-12-01 11:45:00.000000 UTC")):
        (folder / "timestamp.txt").write_text(when)
        (folder / "submission_secret.txt").write_text(f"secret of {folder.parent.name}")
    proc = small_class.run("grade", root, "--workers", "1", "--timeout", "120", env=env)
    return {"root": root, "proc": proc, "exchange": exchange, "env": env}


@pytest.mark.slow
def test_grade_an_nbgrader_course_folder_with_two_notebooks_per_assignment(graded_course):
    """The grader writes nbgrader's autograded/, feedback/ and gradebook; release_feedback releases them."""
    root, proc, env, exchange = (graded_course[k] for k in ("root", "proc", "env", "exchange"))
    assert proc.returncode == 1, proc.stdout + proc.stderr  # carol's notebook crashed
    rows = small_class.grades(root)
    assert set(rows) == {"ada", "bob", "carol", "dave"}  # source/, release/, submitted/ are no students
    k1, k2 = f"hw1/{cat.NB1}", f"hw1/{cat.NB2}"
    assert {(s, k): r["status"] for s in rows for k, r in rows[s].items()} == {
        ("ada", k1): "graded", ("ada", k2): "graded", ("bob", k1): "graded", ("bob", k2): "missing",
        ("carol", k1): "crashed", ("carol", k2): "missing", ("dave", k1): "flagged", ("dave", k2): "missing"}
    # ada is an hour late: the course's SubMarks takes a point off each notebook, as nbgrader's autograde does
    assert rows["ada"][k1]["score"] == cat.MAX1 - 1 and rows["ada"][k2]["score"] == cat.MAX2 - 1
    assert "late penalty 1" in rows["ada"][k1]["message"]
    # carol's kernel crashed before the notebook's end: add's visible part passed where it stands, but its
    # hidden part runs after the last cell, which her kernel never reached: the cell earns nothing (fail closed)
    assert rows["bob"][k1]["score"] == 0.0 and rows["carol"][k1]["score"] == 0.0
    for student, nb in (("ada", cat.NB1), ("ada", cat.NB2), ("bob", cat.NB1)):
        assert (root / "autograded" / student / "hw1" / f"{nb}.ipynb").is_file()
        assert (root / "feedback" / student / "hw1" / f"{nb}.html").is_file()
        assert (root / "feedback" / student / "hw1" / "timestamp.txt").is_file()
    book, late = scores(root / "gradebook.db", "hw1")
    assert book[("ada", cat.NB1)] == cat.MAX1 and book[("ada", cat.NB2)] == cat.MAX2 and book[("bob", cat.NB1)] == 0
    assert late == {"ada": 3600.0, "bob": 0.0, "carol": 0.0, "dave": 0.0}  # timestamp.txt against the due date
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # the instructor's gradebook keeps its hidden tests
        sources = [c.source for nb in gb.find_assignment("hw1").notebooks for c in nb.source_cells]
    assert any("BEGIN HIDDEN TESTS" in s for s in sources)

    rebuilt = small_class.run("report", root, env=env)  # the course folder brings its course
    assert rebuilt.returncode == 0, rebuilt.stderr
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert list(report["notebooks"]) == [k1, k2] and report["notebooks"][k1]["counts"]["crashed"] == 1

    released = nbgrader("release_feedback", "hw1", cwd=root, env=env)
    assert released.returncode == 0, released.stderr[-3000:]
    assert len(list((exchange / "demo" / "feedback").glob("*.html"))) == 5


@pytest.mark.slow
def test_formgrader_lists_the_crashed_notebook_flagged_and_opens_it(graded_course, tmp_path):
    """nbgrader's formgrader, in headless Chromium, on the course folder the grader graded.

    carol's crashed notebook and dave's tampering one are flagged; dave's page shows why in the
    comment box of the cell that tampered (nbgrader's automatic comment).
    """
    from tests.browser_utils import CHROMIUM_ARGS, LabServer, require_chromium

    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    root = graded_course["root"]
    with LabServer(root, tmp_path, instructor=True) as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            # formgrader's API calls carry no token of their own: the header authenticates them
            page = browser.new_context(extra_http_headers={"Authorization": f"token {lab.token}"}).new_page()
            page.set_default_timeout(60_000)
            page.goto(lab.url(f"formgrader/gradebook/hw1/{cat.NB1}"))
            flagged = page.locator("tr", has=page.locator(".flagged .glyphicon-flag"))
            flagged.first.wait_for()
            assert flagged.count() == 2
            assert sorted(flagged.locator("a.name-shown").all_text_contents()) == ["carol", "dave"]
            page.screenshot(path=str(tmp_path / "formgrader-gradebook.png"))
            carol = flagged.filter(has=page.locator("a.name-shown", has_text="carol"))
            carol.locator("a.name-hidden").click()  # formgrader's review page of that submission
            page.wait_for_url("**/formgrader/submissions/**")
            page.wait_for_selector("text=exit()")  # the learner's cell, from autograded/carol/hw1/
            page.screenshot(path=str(tmp_path / "formgrader-submission.png"))
            page.goto(lab.url(f"formgrader/gradebook/hw1/{cat.NB1}"))
            dave = page.locator("tr", has=page.locator("a.name-shown", has_text="dave"))
            dave.locator("a.name-hidden").click()
            page.wait_for_url("**/formgrader/submissions/**")
            box = page.locator("#add-comment")  # the comment box of dave's `add` cell
            box.wait_for()
            page.wait_for_function("document.querySelector('#add-comment').placeholder.startsWith('Flagged')")
            why = box.get_attribute("placeholder")
            assert why.startswith("Flagged by the grader: scored 0") and "numpy.max" in why, why
            page.screenshot(path=str(tmp_path / "formgrader-flag-reason.png"))
        finally:
            browser.close()


@pytest.mark.slow
def test_the_course_gradebook_is_the_grade_after_manual_grading_and_regrading(graded_course):
    """After formgrader's work (a manual score, extra credit, a comment, a student added and one removed),
    a `grade` run writes grades.json and grades.csv that agree with the real `nbgrader export` (late
    penalties of the course's own SubMarks plugin included), remakes the feedback page of the hand-graded
    notebook, and a `--force` regrade keeps all of it. Runs last: it changes the module's course folder."""
    from nbgrader.api import Gradebook

    root, env = graded_course["root"], graded_course["env"]
    exported = small_class.nbgrader_export(root / "gradebook.db", root, env)
    assert exported[("hw1", "ada")] == (cat.MAX1 + cat.MAX2 - 2, 2.0, cat.MAX1 + cat.MAX2)  # nbgrader's own numbers
    small_class.assert_agrees_with_export(root, exported)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # as formgrader does
        nb = gb.find_submission_notebook(cat.NB1, "hw1", "bob")
        first = nb.grades[0]
        first.manual_score = first.max_score
        first.extra_credit = 0.5
        comment = next(c for c in nb.comments if c.name == "add")
        comment.manual_comment = "see me about the stride"
        hand_graded, top = first.name, float(first.max_score)
        gb.db.commit()
        gb.remove_student("carol")  # nbgrader db student remove carol --force
        gb.add_student("erin", first_name="Erin")  # nbgrader db student add: never handed in
    k1 = f"hw1/{cat.NB1}"
    for force in ([], ["--force"]):
        proc = small_class.run("grade", root, "--workers", "1", "--timeout", "120", *force, env=env)
        assert proc.returncode == 1, proc.stdout + proc.stderr  # dave's notebook is flagged
        assert "left out 1 student(s) removed from the gradebook: carol" in proc.stdout, proc.stdout
        rows = small_class.grades(root)
        assert set(rows) == {"ada", "bob", "dave", "erin"}
        assert {r["status"] for r in rows["erin"].values()} == {"missing"}
        assert rows["bob"][k1]["tests"][hand_graded]["score"] == top + 0.5
        assert rows["bob"][k1]["score"] == top + 0.5 and "graded by hand" in rows["bob"][k1]["message"]
        assert rows["ada"][k1]["score"] == cat.MAX1 - 1
        exported = small_class.nbgrader_export(root / "gradebook.db", root, env)
        assert exported[("hw1", "bob")][0] == top + 0.5
        small_class.assert_agrees_with_export(root, exported)
        page = (root / "feedback" / "bob" / "hw1" / f"{cat.NB1}.html").read_text(encoding="utf-8")
        assert "see me about the stride" in page
    assert "graded 4 notebook(s)" in proc.stdout  # --force: ada's two, bob's, dave's; not carol's
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert report["students"] == 4


WRITES = ("with open('scratch.bin', 'wb') as f:\n    f.write(b'x' * 3_000_000)\n"
          "time.sleep(3)  # the watchdog looks at the folder every second\n\n")


@pytest.mark.slow
def test_a_course_folders_limit_reaches_the_watchdog_and_the_command_line_wins(course, tmp_path):
    """c.Sandbox.disk_limit set in the course folder's nbgrader_config.py stops a notebook that writes
    3 MB; the same notebook, graded again with --disk-limit 64M, is graded in full (command line wins)."""
    root = tmp_path / "course"
    (root / "source" / "hw1").mkdir(parents=True)
    shutil.copyfile(cat.SOLUTIONS / f"{cat.NB1}.ipynb", root / "source" / "hw1" / f"{cat.NB1}.ipynb")
    (root / "nbgrader_config.py").write_text(
        "import os\nimport grader\nc = get_config()\n"
        "load_subconfig(os.path.join(os.path.dirname(grader.__file__), 'nbgrader_config.py'))\n"
        "c.Sandbox.disk_limit = 1_000_000\n", encoding="utf-8")
    nb = cat.with_cells(cat.student_copy(cat.NB1, course["release"]), add="import time\n\n" + WRITES + cat.GOOD_ADD,
                        scale=cat.GOOD_SCALE)
    cat.write(nb, root / "submitted" / "ada" / "hw1" / f"{cat.NB1}.ipynb")
    key = f"hw1/{cat.NB1}"

    def last_limits() -> dict:
        return json.loads((root / ".grader-state.json").read_text(encoding="utf-8"))["last_run"]["limits"]

    first = small_class.run("grade", root, "--workers", "1", env=course["env"])
    row = small_class.grades(root)["ada"][key]
    assert first.returncode == 1 and row["status"] == "crashed", first.stdout + first.stderr
    assert "of files, over its" in row["message"] and row["score"] == 0.0, row
    assert last_limits()["disk_limit"] == 1_000_000
    again = small_class.run("grade", root, "--workers", "1", "--disk-limit", "64M", "--force", env=course["env"])
    row = small_class.grades(root)["ada"][key]
    assert again.returncode == 0 and row["status"] == "graded", again.stdout + again.stderr
    assert row["score"] == cat.MAX1 and last_limits()["disk_limit"] == 64 << 20
