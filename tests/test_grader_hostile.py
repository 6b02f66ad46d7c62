"""Bad and hostile submissions, graded in one run of `python -m grader grade`.

The class (tests/grader_catalogue.py) is zipped the way a learning-management
system exports it, with members that try to escape the extraction folder,
and graded once with small limits. Every student's rows, statuses, messages
and scores are checked against the catalogue; good students in the same run
get full marks; every tampering attempt scores no more than the untouched
notebook, is ``flagged`` and says why in grades.json, grades.csv, the
gradebook (nbgrader's flag and the cell's comment) and the class report,
while ordinary code that only looks unusual gets neither a flag nor a note.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ["--timeout", "6", "--notebook-timeout", "60", "--memory", "1G", f"--Sandbox.max_files={cat.MAX_FILES}"]


run = small_class.run


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return small_class.env(tmp_path_factory.mktemp("grader_cache"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory, env):
    base = tmp_path_factory.mktemp("hostile")
    release = base / "release"
    proc = run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    expect = cat.build(base / "class", release)
    archive = base / "class export.zip"
    cat.zip_class(base / "class", archive)
    escaped = [Path("/tmp/absolute-escape.ipynb"), Path(tempfile.gettempdir()) / "escaped.ipynb"]
    for p in escaped:
        assert not p.exists(), f"remove {p} first"
    out = base / "grades"
    proc = run("grade", archive, "--out", out, "--workers", "2", *LIMITS, env=env)
    print(proc.stdout[-8000:], proc.stderr[-4000:])
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    return {"proc": proc, "grades": grades, "expect": expect, "out": out, "archive": archive,
            "escaped": escaped, "base": base}


def _cases():
    with tempfile.TemporaryDirectory() as tmp:
        rel = Path(tmp) / "rel"
        rel.mkdir()
        for stem in (cat.NB1, cat.NB2):  # only the names matter here
            shutil.copyfile(cat.SOLUTIONS / f"{stem}.ipynb", rel / f"{stem}.ipynb")
        expect = cat.build(Path(tmp) / "class", rel)
    return [(s, stem) for s, rows in expect.items() for stem in rows]


@pytest.mark.slow
def test_the_run_finishes_and_lists_every_student(graded):
    proc, grades, expect = graded["proc"], graded["grades"], graded["expect"]
    assert proc.returncode == 1, proc.stderr[-3000:]  # some notebooks could not be graded normally
    assert set(grades) == set(expect)
    assert "Traceback" not in proc.stderr
    for name in ("grades.csv", "grades.json", "gradebook.db"):
        assert (graded["out"] / name).exists()


@pytest.mark.slow
@pytest.mark.parametrize(("student", "stem"), _cases())
def test_each_row_says_what_happened(graded, student, stem):
    row = graded["grades"][student][stem]
    want = graded["expect"][student][stem]
    assert set(row) == {"score", "max_score", "status", "message", "tests"}
    assert row["status"] == want.status or row["status"] in want.either, row["message"]
    if row["status"] != "graded":
        assert row["message"] and "\n" not in row["message"]
    for needle in want.message:
        assert needle in row["message"], row["message"]
    for needle in want.absent:
        assert needle not in row["message"], row["message"]
    if want.score is not None:
        assert row["score"] == pytest.approx(want.score), row
    if want.at_most is not None:
        assert row["score"] <= want.at_most
        untouched = graded["grades"]["untouched"][stem]["score"]
        assert row["score"] <= untouched
    for gid, score in want.tests.items():
        assert row["tests"][gid]["score"] == pytest.approx(score), row
    assert row["score"] == pytest.approx(sum(t["score"] for t in row["tests"].values()))
    assert row["max_score"] == pytest.approx(sum(t["max_score"] for t in row["tests"].values()))


@pytest.mark.slow
def test_zip_members_never_escape(graded):
    for p in graded["escaped"]:
        assert not p.exists(), f"{p} was written outside the extraction folder"
    assert "skipped 4 unsafe or unreadable zip member(s)" in graded["proc"].stdout


@pytest.mark.slow
def test_feedback_has_no_hidden_tests(graded):
    fb = graded["out"] / "feedback"
    pages = sorted(fb.rglob("*.html"))
    # nbgrader's layout: feedback/STUDENT/ASSIGNMENT/NB.html, as release_feedback expects
    assert (fb / "good" / cat.NB1 / f"{cat.NB1}.html") in pages
    assert (fb / "Zoë Ünal-Šimić" / cat.NB2 / f"{cat.NB2}.html") in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in html and "np.arange(3.0) * 2" not in html, page
        assert "default_rng(7)" not in html, page
    assert "A hidden test failed" in (fb / "partly right" / cat.NB1 / f"{cat.NB1}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_feedback_shows_the_learners_figures(graded):
    # the kernel's matplotlib backend is the inline one, hooked into its shell
    page = graded["out"] / "feedback" / "draws a figure" / cat.NB1 / f"{cat.NB1}.html"
    assert "data:image/png" in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_gradebook_holds_the_same_scores(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['out'] / 'gradebook.db'}") as gb:
        good = gb.find_submission_notebook(cat.NB1, cat.NB1, "good")
        assert good.score == cat.MAX1 and not good.flagged
        cheat = gb.find_submission_notebook(cat.NB1, cat.NB1, "patches checks")
        assert cheat.score == 0 and cheat.flagged
        with pytest.raises(Exception):  # noqa: B017 - a missing notebook has no submission
            gb.find_submission_notebook(cat.NB2, cat.NB2, "partly right")


def _reason(message: str) -> str:
    """The first finding in a flagged row's message ("flagged for review, scored 0: REASON (+2 more)")."""
    reason = message.split(": ", 1)[1]
    return reason.rsplit(" (+", 1)[0] if reason.endswith(" more)") else reason


@pytest.mark.slow
def test_flagged_notebooks_say_why_wherever_an_instructor_looks(graded):
    """grades.json, grades.csv and nbgrader's gradebook (its flag and the comment formgrader shows)."""
    import csv

    from nbgrader.api import Gradebook

    from grader.run.gradebook import FLAG_PREFIX

    expect, grades, out = graded["expect"], graded["grades"], graded["out"]
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        sheet = {row["student"]: row for row in csv.DictReader(f)}
    # (a row planted with a choice of statuses is held to the one it got)
    got = {s: grades[s][cat.NB1]["status"] if rows[cat.NB1].either else rows[cat.NB1].status for s, rows in expect.items()}
    cheats = [s for s in expect if got[s] == "flagged"]
    assert len(cheats) >= 9
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        for student in cheats:
            row = grades[student][cat.NB1]
            assert row["status"] == "flagged" and row["score"] == 0, row
            assert row["message"].startswith("flagged for review, scored 0: "), row["message"]
            assert sheet[student][f"{cat.NB1}:status"] == "flagged"
            assert sheet[student][f"{cat.NB1}:message"] == row["message"]
            nb = gb.find_submission_notebook(cat.NB1, cat.NB1, student)
            assert nb.flagged and nb.score == 0, student
            comments = [c.auto_comment for c in nb.comments if (c.auto_comment or "").startswith(FLAG_PREFIX)]
            assert comments and _reason(row["message"]) in " ".join(comments), (student, comments, row["message"])
            assert all(c.manual_comment is None for c in nb.comments)  # the instructor's own box stays empty
        honest = [s for s in expect if got[s] == "graded"]
        assert "ordinary helpers" in honest and "good" in honest
        for student in honest:
            row = grades[student][cat.NB1]
            noted = "review: " in row["message"]
            nb = gb.find_submission_notebook(cat.NB1, cat.NB1, student)
            assert nb.flagged == noted, (student, row["message"])
            assert sheet[student][f"{cat.NB1}:status"] == "graded"
            assert any((c.auto_comment or "").startswith(FLAG_PREFIX) for c in nb.comments) == noted, student
        # ordinary code that only looks unusual is not even a review note
        assert grades["ordinary helpers"][cat.NB1]["message"] == ""
        assert not gb.find_submission_notebook(cat.NB1, cat.NB1, "ordinary helpers").flagged
    # the class report lists each with every finding, on the page too
    import html

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    listed = {f["student"]: f for f in report["flagged"] if f["notebook"] == cat.NB1}
    for student in cheats:
        entry = listed[student]
        assert (entry["status"], entry["kind"]) == ("flagged", "tampering"), entry
        reason = _reason(grades[student][cat.NB1]["message"])
        assert any(reason in r for r in entry["reasons"]), (student, entry)
        assert reason in page, student
    assert "ordinary helpers" not in listed


def _can_unshare_net() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    pid = os.fork()
    if pid == 0:
        os._exit(0 if libc.unshare(0x40000000) == 0 else 1)
    return os.waitpid(pid, 0)[1] == 0


@pytest.mark.slow
def test_the_kernel_has_no_network(graded):
    if not _can_unshare_net():
        pytest.skip("this system does not allow a private network namespace")
    nb = json.loads((graded["out"] / "autograded" / "uses the network" / cat.NB1 / f"{cat.NB1}.ipynb")
                    .read_text(encoding="utf-8"))
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c.get("outputs", []))
    assert "interfaces: ['lo']" in text


@pytest.mark.slow
def test_the_class_report_counts_the_planted_statuses_and_cheats(graded):
    report = json.loads((graded["out"] / "report.json").read_text(encoding="utf-8"))
    statuses = ("graded", "missing", "invalid", "timeout", "crashed")
    for stem in (cat.NB1, cat.NB2):
        counts = report["notebooks"][stem]["counts"]
        got = {k: counts[k] for k in statuses}
        # the report counts what grades.json says ...
        assert got == {k: sum(rows[stem]["status"] == k for rows in graded["grades"].values()) for k in statuses}
        # ... which is what the catalogue planted (test_each_row_says_what_happened checks each row)
        # (a row planted with a choice of statuses counts as the one it got: test_each_row_says_what_happened
        # checks that it is one of them)
        assert got == {k: sum((graded["grades"][s][stem]["status"] if rows[stem].either else rows[stem].status) == k
                              for s, rows in graded["expect"].items()) for k in statuses}, stem
    cheats = {s for s, rows in graded["expect"].items() if "flagged for review" in rows[cat.NB1].message
              or (rows[cat.NB1].either and graded["grades"][s][cat.NB1]["status"] == "flagged")}
    flagged = report["flagged"]
    assert {f["student"] for f in flagged if f["kind"] == "tampering"} == cheats
    assert all(r.startswith("review:") for f in flagged if f["kind"] == "review" for r in f["reasons"])
    assert report["notebooks"][cat.NB1]["counts"]["flagged"] == len(flagged)
    # a crashed notebook keeps its review flag even though its message names the crash
    assert "segfaults" in {f["student"] for f in flagged if f["kind"] == "review"}


@pytest.mark.slow
def test_a_second_run_keeps_earlier_results_and_regrades_changes(graded, env):
    base, out = graded["base"], graded["out"]
    klass = base / "class"
    for p in list(klass.iterdir()):
        if p.name not in ("good", "untouched"):
            shutil.rmtree(p)
    nb = json.loads((klass / "untouched" / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
    nb = cat.with_cells(nb, add=cat.GOOD_ADD)
    cat.write(nb, klass / "untouched" / f"{cat.NB1}.ipynb")
    proc = run("grade", klass, "--out", out, "--workers", "2", *LIMITS, env=env)
    assert "kept 3 earlier results" in proc.stdout, proc.stdout
    assert "graded 1 notebook(s)" in proc.stdout
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    assert grades["untouched"][cat.NB1]["score"] == 2.0
    assert grades["patches checks"][cat.NB1]["status"] == "flagged"  # earlier students stay
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))  # with what was kept about them
    assert ("segfaults", "review") in {(f["student"], f["kind"]) for f in report["flagged"]}
    proc = run("grade", klass, "--out", out, "--workers", "2", "--force", *LIMITS, env=env)
    assert "graded 4 notebook(s)" in proc.stdout, proc.stdout
