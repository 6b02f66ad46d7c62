"""The instructor's class report (grader/reports/classreport.py, reporthtml.py, similarity.py).

- Alike code: a renamed, reformatted copy is found; independent correct
  solutions, the stub and the reference are never paired.
- A synthetic class (benchmarks/bench_report.py) with planted statuses,
  failures, causes and copies, on the fixture course: the report's counts
  equal the planted ones; --anonymise leaves no student id behind.
- A small class on notebook 01 graded through the real grader with planted
  mistakes from tests/mistakes and a planted near-copy: the causes the checks
  named are counted, the copy is found, nothing else is paired, and the page
  renders in headless Chromium (figures load, tables fill, the side-by-side
  view opens, no request leaves the page).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.integrity import similarity
from grader.outfolder import DETAILS
from grader.reports import classreport, details
from grader.status import RAN
from tests import course
from tests import grader_catalogue as cat
from tests.mistakes import all_mistakes

ROOT = Path(__file__).resolve().parents[1]
NB01 = "01_images_and_kernels"

# A correct convolve2d written in a way of its own ...
ORIGINAL = '''
def convolve2d(image, kernel, stride=1, padding=0):
    img = np.asarray(image, dtype=float)
    ker = np.asarray(kernel, dtype=float)
    kh, kw = ker.shape
    if not float(stride).is_integer() or stride < 1:
        raise ValueError(f"bad stride S={stride}")
    named = {"valid": (0, 0), "same": ((kh - 1) // 2, (kw - 1) // 2), "full": (kh - 1, kw - 1)}
    if isinstance(padding, str):
        if padding not in named:
            raise ValueError(f"unknown padding {padding}")
        if padding == "same" and (kh % 2 == 0 or kw % 2 == 0):
            raise ValueError("same padding needs an odd kernel")
        pad_h, pad_w = named[padding]
    else:
        if padding < 0 or int(padding) != padding:
            raise ValueError(f"bad padding P={padding}")
        pad_h = pad_w = int(padding)
    sizes = []
    for size, f, p in ((img.shape[0], kh, pad_h), (img.shape[1], kw, pad_w)):
        total = size + 2 * p - f
        if total < 0 or total % stride:
            raise ValueError(f"W={size}, F={f}, S={stride}, P={p} give a fractional output size")
        sizes.append(total // stride + 1)
    big = np.zeros((img.shape[0] + 2 * pad_h, img.shape[1] + 2 * pad_w))
    big[pad_h:pad_h + img.shape[0], pad_w:pad_w + img.shape[1]] = img
    result = np.empty(sizes)
    for row in range(sizes[0]):
        top = row * stride
        for col in range(sizes[1]):
            left = col * stride
            patch = big[top:top + kh, left:left + kw]
            result[row, col] = (patch * ker).sum()
    return result
'''

# ... the same code handed in by a second student: names changed, comments and a
# docstring added, error messages reworded, lines broken and spaced differently
RENAMED = '''
def convolve2d(image, kernel, stride=1, padding=0):
    """My convolution."""
    # convert the inputs
    picture = np.asarray(image,
                         dtype=float)
    weights = np.asarray(kernel, dtype=float)
    height_k, width_k = weights.shape
    if not float(stride).is_integer() or stride < 1:
        raise ValueError(f"stride must be a positive whole number, S={stride}")
    table = {
        "valid": (0, 0),
        "same": ((height_k - 1) // 2, (width_k - 1) // 2),
        "full": (height_k - 1, width_k - 1),
    }
    if isinstance(padding, str):
        if padding not in table:
            raise ValueError(f"padding {padding} is unknown")
        if padding == "same" and (height_k % 2 == 0 or width_k % 2 == 0):
            raise ValueError("odd kernels only for same")
        ph, pw = table[padding]
    else:
        if padding < 0 or int(padding) != padding:
            raise ValueError(f"P={padding} is not allowed")
        ph = pw = int(padding)
    out_shape = []
    for n, fsize, pp in ((picture.shape[0], height_k, ph), (picture.shape[1], width_k, pw)):
        span = n + 2 * pp - fsize   # the room the kernel can move in
        if span < 0 or span % stride:
            raise ValueError(f"W={n}, F={fsize}, S={stride}, P={pp} do not fit")
        out_shape.append(span // stride + 1)
    canvas = np.zeros((picture.shape[0] + 2 * ph, picture.shape[1] + 2 * pw))
    canvas[ph:ph + picture.shape[0], pw:pw + picture.shape[1]] = picture
    res = np.empty(out_shape)
    for r in range(out_shape[0]):
        y = r * stride
        for c in range(out_shape[1]):
            x = c * stride
            window = canvas[y:y + height_k, x:x + width_k]
            res[r, c] = (window * weights).sum()
    return res
'''

# A third student's correct solution, written independently
INDEPENDENT = '''
def convolve2d(image, kernel, stride=1, padding=0):
    image = np.array(image, dtype=np.float64)
    kernel = np.array(kernel, dtype=np.float64)
    if stride < 1 or stride != int(stride):
        raise ValueError(f"stride S={stride} must be a positive integer")
    fh, fw = kernel.shape
    if padding == "valid":
        p = (0, 0)
    elif padding == "same":
        if fh % 2 == 0 or fw % 2 == 0:
            raise ValueError("'same' padding needs odd kernel sizes")
        p = (fh // 2, fw // 2)
    elif padding == "full":
        p = (fh - 1, fw - 1)
    elif isinstance(padding, str):
        raise ValueError("unknown padding")
    elif padding >= 0 and padding == int(padding):
        p = (int(padding), int(padding))
    else:
        raise ValueError(f"padding P={padding} must be >= 0")
    x = np.pad(image, [(p[0], p[0]), (p[1], p[1])], mode="constant")
    shape = []
    for axis, f in enumerate((fh, fw)):
        w = image.shape[axis]
        if (w - f + 2 * p[axis]) % stride != 0 or w - f + 2 * p[axis] < 0:
            raise ValueError(f"invalid hyperparameters W={w}, F={f}, S={stride}, P={p[axis]}")
        shape.append((w - f + 2 * p[axis]) // stride + 1)
    windows = np.lib.stride_tricks.sliding_window_view(x, (fh, fw))[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows[:shape[0], :shape[1]], kernel)
'''


def _nb01_cells(folder: Path) -> dict[str, str]:
    nb = course.load(folder / f"{NB01}.ipynb")
    return {g: course.source(c) for g, c in course.solution_cells(nb).items()}


def _mistake(name: str):
    return next(m for m in all_mistakes()[NB01] if m.name == name)


# -- alike code ---------------------------------------------------------------------------------
def test_renaming_reformatting_and_comments_change_no_token():
    assert similarity.tokens(ORIGINAL) == similarity.tokens(RENAMED)
    assert similarity.tokens("x = f(a, b,)  # note\n") == similarity.tokens("y = f(\n    c,\n    d\n)\n")
    assert similarity.tokens("def f(x):\n    '''doc'''\n    return x.shape\n") == ["def", "V", "(", "V", ")", ":",
                                                                                 "return", "V", ".shape"]


def test_a_copy_pairs_and_independent_solutions_do_not():
    stub, reference = _nb01_cells(course.NOTEBOOKS)["convolve2d"], _nb01_cells(course.SOLUTIONS)["convolve2d"]
    answers = {"a": ORIGINAL, "b": RENAMED, "independent": INDEPENDENT, "solution 1": reference,
               "solution 2": course.strip_markers(reference), "stub 1": stub, "stub 2": stub,
               "flipped": _mistake("conv-flipped-kernel").source}
    pairs = similarity.find_pairs({k: {"convolve2d": v} for k, v in answers.items()},
                                  {"convolve2d": [stub, reference]})
    assert [(p.a, p.b) for p in pairs] == [("a", "b")]
    assert pairs[0].score == 1.0 and pairs[0].shared >= similarity.MIN_SHARED and pairs[0].cells == ["convolve2d"]
    # without the reference to ignore, the students who hand in the reference (or the reference with one
    # change, as the mistake is written) pair up; the independent solution still pairs with no one
    bare = similarity.find_pairs({k: {"convolve2d": v} for k, v in answers.items()}, {"convolve2d": [stub]})
    assert {(p.a, p.b) for p in bare} == {("a", "b"), ("solution 1", "solution 2"), ("flipped", "solution 1"),
                                          ("flipped", "solution 2")}


def test_the_same_short_mistake_is_not_enough_evidence():
    one_liner = "def to_grayscale(rgb):\n    return np.asarray(rgb).mean(axis=2)\n"
    pairs = similarity.find_pairs({"a": {"to_grayscale": one_liner}, "b": {"to_grayscale": one_liner}})
    assert pairs == []


def test_likely_causes_are_read_from_the_checks_messages():
    import numpy as np

    from cnnlib import checks

    with pytest.raises(checks.CheckError) as err:
        checks.assert_close(np.ones(3), np.zeros(3), "relu", likely={"the sign was flipped": np.ones(3)})
    assert classreport.cause_of(f"CheckError: {err.value}") == ("likely cause", "the sign was flipped")
    assert classreport.cause_of("hidden test: NotImplementedError") == ("error", "hidden test: NotImplementedError")
    assert classreport.cause_of("")[0] == "no message"


def test_pseudonyms_are_stable_keyed_and_replace_whole_ids(tmp_path, monkeypatch):
    monkeypatch.delenv("GRADER_REPORT_KEY", raising=False)
    ids = ["Ann", "Anna Smith", "Zoë Ünal-Šimić", "x1"]
    first = details.Pseudonyms(tmp_path, ids)
    again = details.Pseudonyms(tmp_path, list(reversed(ids)))  # the key was kept in the folder
    assert first.map == again.map and len(set(first.map.values())) == len(ids)
    other = tmp_path / "other"
    other.mkdir()
    assert details.Pseudonyms(other, ids).map != first.map  # another key, other pseudonyms
    monkeypatch.setenv("GRADER_REPORT_KEY", "shared")
    assert details.Pseudonyms(other, ids).map == details.Pseudonyms(tmp_path, ids).map
    text = "# Anna Smith and Ann, with Zoë Ünal-Šimić; not Annabel, not x1"
    scrubbed = again.scrub(text)
    assert "Anna Smith" not in scrubbed and "Zoë" not in scrubbed and "Annabel" in scrubbed
    assert scrubbed.count("student-") == 3 and "x1" in scrubbed  # ids under 3 characters are left alone


# -- a synthetic class with planted numbers -------------------------------------------------------
@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from benchmarks.bench_report import synthetic_class
    from grader.course.build import prepare

    saved = os.environ.get("GRADER_CACHE")
    os.environ["GRADER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    try:
        prep = prepare(cat.SOLUTIONS)
        out = tmp_path_factory.mktemp("synthetic") / "grades"
        planted = synthetic_class(out, 120, prep, seed=3)
        page, data = classreport.write_report(out)
        anon_page, anon_data = classreport.write_report(out, anonymise=True)
        first_anon = anon_data.read_text(encoding="utf-8")
        classreport.write_report(out, anonymise=True)  # again: the same pseudonyms
        yield {"out": out, "planted": planted, "report": json.loads(data.read_text(encoding="utf-8")),
               "html": page.read_text(encoding="utf-8"), "anon": json.loads(anon_data.read_text(encoding="utf-8")),
               "anon_html": anon_page.read_text(encoding="utf-8"), "first_anon": first_anon}
    finally:
        if saved is None:
            os.environ.pop("GRADER_CACHE", None)
        else:
            os.environ["GRADER_CACHE"] = saved


def test_counts_equal_the_planted_ones(synthetic):
    report, planted = synthetic["report"], synthetic["planted"]
    assert report["students"] == len(planted["students"])
    assert list(report["notebooks"]) == list(planted["notebooks"])
    for stem, want in planted["notebooks"].items():
        got = report["notebooks"][stem]
        assert {k: got["counts"][k] for k in want["counts"]} == want["counts"], stem
        assert got["counts"]["submitted"] == len(planted["students"]) - want["counts"]["missing"]
        hist = got["scores"]["histogram"]
        assert sum(hist["graded"]) == want["counts"]["graded"]
        grades = json.loads((synthetic["out"] / "grades.json").read_text(encoding="utf-8"))["students"]
        flagged_rows = sum(rows.get(stem, {}).get("status") == "flagged" for rows in grades.values())
        assert flagged_rows > 0, "the synthetic class plants flagged notebooks"
        assert sum(hist["not_graded_normally"]) == flagged_rows + sum(
            want["counts"][k] for k in ("invalid", "timeout", "crashed"))
        for item in got["tests"]:
            planted_test = want["tests"][item["test"]]
            assert item["failures"] == planted_test["failed"], (stem, item["test"])
            assert {c["cause"]: c["count"] for c in item["causes"]} == planted_test["causes"]
            assert item["ran"] == sum(want["counts"][k] for k in ("graded", "timeout", "crashed"))
        shares = [it["pass_share"] for it in got["tests"]]
        assert shares == sorted(shares), "hardest first"
        assert {(p["a"], p["b"]) for p in got["similar_pairs"]} == want["pairs"], stem
    flagged = [f for f in report["flagged"]]
    assert len(flagged) == sum(nb["counts"]["flagged"] for nb in planted["notebooks"].values())
    assert {f["kind"] for f in flagged} == {"tampering", "review"}


def test_causes_link_to_example_feedback(synthetic):
    out = synthetic["out"]
    causes = [c for nb in synthetic["report"]["notebooks"].values() for it in nb["tests"] for c in it["causes"]]
    assert causes
    for c in causes:
        assert 1 <= len(c["examples"]) <= min(3, c["count"])
        for e in c["examples"]:
            assert (out / e["feedback"].replace("%20", " ")).is_file()
    html = synthetic["html"]
    assert html.count('src="data:image/svg+xml;base64,') == 2 * len(synthetic["report"]["notebooks"])
    assert "not a verdict" in html and "<script" not in html.lower()


def test_anonymised_report_has_no_student_ids_and_stable_pseudonyms(synthetic):
    anon, text = synthetic["anon"], synthetic["anon_html"]
    blob = json.dumps(anon, ensure_ascii=False) + text
    leaked = [s for s in synthetic["planted"]["students"] if s in blob]
    assert not leaked, leaked[:5]
    names = {f["student"] for f in anon["flagged"]} | {p[k] for nb in anon["notebooks"].values()
                                                        for p in nb["similar_pairs"] for k in "ab"}
    assert names and all(re.fullmatch(r"student-[0-9a-f]{6,}", n) for n in names)
    assert json.loads(synthetic["first_anon"])["notebooks"] == anon["notebooks"]
    pages = sorted((synthetic["out"] / "report-anonymised" / "feedback").rglob("*.html"))
    assert pages and all(p.parent.parent.name.startswith("student-") for p in pages)  # STUDENT/NB/NB.html
    links = re.findall(r'href="([^"#]+)"', text)
    assert links and all(link.startswith("report-anonymised/feedback/student-") for link in links)


# -- a class graded through the real grader ---------------------------------------------------------
PLANTED = {  # student -> (solution cell, mistake name, test cell that fails, the likely cause it names)
    "flips the kernel": ("convolve2d", "conv-flipped-kernel", "test_convolve2d_basic", "the kernel was flipped"),
    "means the channels": ("to_grayscale", "gray-mean-of-channels", "test_to_grayscale_weights",
                           "plain mean of the channels"),
    "swaps sobel": ("KERNELS", "kernels-sobel-swapped", "test_KERNELS_sobel", "sobel_x and sobel_y are swapped"),
}


def grader(*args, env, timeout=1500):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def graded01(tmp_path_factory):
    base = tmp_path_factory.mktemp("report01")
    solutions = base / "solutions"
    solutions.mkdir()
    shutil.copyfile(course.SOLUTIONS / f"{NB01}.ipynb", solutions / f"{NB01}.ipynb")
    env = dict(os.environ, GRADER_SOLUTIONS=str(solutions), GRADER_CACHE=str(base / "cache"),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    klass = base / "class"

    def put(student, nb):
        course.write(nb, klass / student / f"{NB01}.ipynb")

    put("solved", course.filled(NB01))
    put("untouched", course.load(course.NOTEBOOKS / f"{NB01}.ipynb"))
    for student, (cell, name, _, _) in PLANTED.items():
        put(student, course.filled(NB01, {cell: _mistake(name).source}))
    put("copies from", course.filled(NB01, {"convolve2d": ORIGINAL}))
    put("copies to", course.filled(NB01, {"convolve2d": RENAMED}))
    put("works alone", course.filled(NB01, {"convolve2d": INDEPENDENT}))
    put("patches checks", course.filled(NB01, {"to_grayscale": (
        course.source(course.solution_cells(course.load(course.NOTEBOOKS / f"{NB01}.ipynb"))["to_grayscale"])
        + "\nimport cnnlib.checks\ncnnlib.checks.assert_close = lambda *a, **k: None\n")}))
    (klass / "damaged").mkdir(parents=True)
    (klass / "damaged" / f"{NB01}.ipynb").write_text('{"cells": [', encoding="utf-8")
    (klass / "hands in nothing").mkdir()
    (klass / "hands in nothing" / "notes.txt").write_text("sorry\n", encoding="utf-8")
    out = base / "grades"
    proc = grader("grade", klass, "--out", out, "--workers", "2", "--timeout", "120", env=env)
    print(proc.stdout[-4000:], proc.stderr[-4000:])
    assert (out / "report.html").exists(), proc.stderr[-3000:]
    anon = grader("report", out, "--anonymise", env=env)
    assert anon.returncode == 0, anon.stderr
    return {"proc": proc, "out": out, "env": env, "klass": klass,
            "grades": json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"],
            "report": json.loads((out / "report.json").read_text(encoding="utf-8"))}


@pytest.mark.slow
def test_graded_class_counts_and_causes(graded01):
    assert "report.html" in graded01["proc"].stdout
    nb = graded01["report"]["notebooks"][NB01]
    assert nb["counts"] == {"graded": 8, "missing": 1, "invalid": 1, "timeout": 0, "crashed": 0, "submitted": 10,
                            "flagged": 1}
    assert [(f["student"], f["kind"]) for f in graded01["report"]["flagged"]] == [("patches checks", "tampering")]
    grades = graded01["grades"]
    for student, (_, name, test, cause) in PLANTED.items():
        assert grades[student][NB01]["tests"][test]["score"] == 0, (student, name)
        item = next(it for it in nb["tests"] if it["test"] == test)
        found = [c for c in item["causes"] if c["kind"] == "likely cause" and cause in c["cause"]]
        assert len(found) == 1 and found[0]["count"] == 1, item["causes"]
        assert [e["student"] for e in found[0]["examples"]] == [student]
        assert (graded01["out"] / found[0]["examples"][0]["feedback"].replace("%20", " ")).is_file()
    for item in nb["tests"]:  # the item analysis agrees with grades.json
        ran = [s for s, rows in grades.items() if rows[NB01]["status"] in RAN]
        passed = [s for s in ran if grades[s][NB01]["tests"][item["test"]]["score"] == item["points"]]
        assert (item["ran"], item["passed"], item["failures"]) == (len(ran), len(passed), len(ran) - len(passed))
        assert "untouched" not in passed
    # the untouched notebook fails every test with the stub's error, named as such
    basic = next(it for it in nb["tests"] if it["test"] == "test_convolve2d_basic")
    assert any(c["kind"] == "error" and "NotImplementedError" in c["cause"] for c in basic["causes"])


@pytest.mark.slow
def test_graded_class_pairs_only_the_copy(graded01):
    pairs = graded01["report"]["notebooks"][NB01]["similar_pairs"]
    assert [(p["a"], p["b"], p["cells"]) for p in pairs] == [("copies from", "copies to", ["convolve2d"])]
    assert pairs[0]["score"] >= 0.9
    html = (graded01["out"] / "report.html").read_text(encoding="utf-8")
    assert "a prompt for a human look, not a verdict" in html.lower()


@pytest.mark.slow
def test_report_rebuilds_from_the_folder_and_anonymises(graded01):
    out = graded01["out"]
    before = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (out / "report.html").unlink()
    proc = grader("report", out, env=graded01["env"])
    assert proc.returncode == 0, proc.stderr
    after = json.loads((out / "report.json").read_text(encoding="utf-8"))
    before.pop("generated"), after.pop("generated")
    assert after == before and (out / "report.html").exists()
    assert after["run"]["course"] and after["run"]["workers"] == 2 and after["run"]["limits"]["timeout"] == 120
    anon = (out / "report-anonymised.json").read_text(encoding="utf-8") + \
        (out / "report-anonymised.html").read_text(encoding="utf-8")
    for student in graded01["grades"]:
        assert student not in anon, student
    bad = grader("report", out / "nowhere", env=graded01["env"])
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    # a folder graded before the grader kept .grader-details.json: read from autograded/
    (out / DETAILS).rename(out / "details.bak")
    try:
        assert grader("report", out, env=graded01["env"]).returncode == 0
        old = json.loads((out / "report.json").read_text(encoding="utf-8"))["notebooks"][NB01]
    finally:
        (out / "details.bak").rename(out / DETAILS)

    def likely(nb):
        return {(it["test"], c["cause"], c["count"]) for it in nb["tests"] for c in it["causes"]
                if c["kind"] == "likely cause"}

    assert likely(old) == likely(after["notebooks"][NB01]) and len(likely(old)) >= len(PLANTED)
    assert old["similar_pairs"] == after["notebooks"][NB01]["similar_pairs"]
    assert old["counts"] == after["notebooks"][NB01]["counts"]


@pytest.mark.slow
@pytest.mark.browser
def test_report_renders_in_chromium(graded01):
    from playwright.sync_api import sync_playwright

    from tests.browser_utils import CHROMIUM_ARGS, require_chromium

    chromium = require_chromium()
    page_path = graded01["out"] / "report.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            figures = page.locator("img")
            assert figures.count() == 2
            for i in range(figures.count()):
                size = figures.nth(i).evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
                assert size[0] and size[1] > 100 and size[2] > 100, size
                assert figures.nth(i).bounding_box()["width"] > 100
            assert page.locator("table.overview tbody tr").count() == 1
            assert page.locator("table.items tbody tr").count() == len(graded01["report"]["notebooks"][NB01]["tests"])
            assert page.locator("table.causes tbody tr").count() >= len(PLANTED)
            assert page.locator("table.pairs tbody tr").count() == 1
            side = page.locator("details table.side")
            assert not side.is_visible()
            page.locator("details summary").first.click()
            assert side.is_visible() and side.locator("pre").count() == 2
            assert side.locator(".alike").count() > 10
            assert not errors
            assert all(u.startswith(("file:", "data:")) for u in requests), requests
        finally:
            browser.close()


def test_grades_csv_never_holds_a_formula(tmp_path):
    """Red team round 5 (tests/attacks5/FINDINGS.md): student ids such as ``=HYPERLINK(...)`` and
    ``+cmd|' -C calc'!A0`` went into grades.csv as they were, so a spreadsheet evaluated them. Text cells
    that start like a formula get a leading apostrophe (OWASP, CSV Injection); numbers and plain ids stay."""
    import csv

    from grader.course.build import NotebookInfo
    from grader.reports import grades as report

    info = NotebookInfo(stem="03_x", tests={"test_a": 1.0}, solutions=["a"], locked=[])
    row = {"score": 1.0, "max_score": 1.0, "status": "graded", "message": "", "tests": {"test_a": {"score": 1.0}}}
    ids = ['=HYPERLINK("https:evil.example","click")', "+cmd|' -C calc'!A0", "@SUM(1+1)", "-1+2", "alice"]
    report.write_csv(tmp_path / "grades.csv", {s: {"03_x": row} for s in ids}, {"03_x": info})
    rows = list(csv.reader((tmp_path / "grades.csv").open(encoding="utf-8")))
    students = [r[0] for r in rows[1:]]
    assert not [s for s in students if s[:1] in "=+-@"], students
    assert sorted(s.lstrip("'") for s in students) == sorted(ids)
    assert "alice" in students and all(r[1] == "1" for r in rows[1:])
