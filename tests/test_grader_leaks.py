"""Learners who try to see past the grader, graded in one run of `python -m grader grade`.

The class (tests/grader_catalogue.py, build_leaks) holds correct notebooks whose
code also reads the test cell that calls it (IPython history, frames, linecache)
and carries it out (print, exception, rich display, stderr, base64/hex/reversed,
a later cell, a kept traceback), one who prints the gradebooks and solutions it
finds on disk (both notebooks' answers), a learner who rewrites every gradebook and
release copy it can reach, two who borrow cnnlib's reference answer, then a good
and an untouched student graded by the same worker after all of them.

The class also holds learners whose outputs use other containers
(cat.HOSTILE_OUTPUTS: image pixels and text chunks, unknown MIME types, the
outputs' metadata, widget state, HTML and markdown that would run script or
cover the page, output built to make the scrubber slow).

Checked: every row; no hidden-test or solution line in any file of the output
folder (a student's own code in their own notebook and feedback excepted), in
plain text or in the encodings the learners used, image pixels and chunks
included; only allowed containers in the autograded notebooks; no script runs
in any feedback page or the class report, opened in Chromium, and the page
shows the grader's score; the rewritten course state is found, restored and
reported, and the next run rebuilds the course cache.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
import zlib
from pathlib import Path

import pytest

from grader.outfolder import DETAILS
from tests import grader_catalogue as cat
from tests import small_class

ROOT = Path(__file__).resolve().parents[1]
LIMITS = ["--timeout", "20", "--notebook-timeout", "60", "--memory", "2G"]
MARKER = "[grader: hidden test text removed]"
REWRITER = "0 rewrites gradebooks"


run = small_class.run


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _block(src: str, begin: str, end: str) -> list[str]:
    out, inside = [], False
    for line in src.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside:
            out.append(line)
    return out


def secrets() -> set[str]:
    """Hidden-test and solution lines of the fixture course, without whitespace (12 characters or more)."""
    found = set()
    for stem in (cat.NB1, cat.NB2):
        for cell in cat.load(stem)["cells"]:
            src = "".join(cell["source"])
            lines = _block(src, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
            lines += _block(src, "### BEGIN SOLUTION", "### END SOLUTION")
            found.update(n for n in map(norm, lines) if len(n) >= 12)
    return found


def own_lines(student_dir: Path) -> set[str]:
    """The lines a student wrote in their own notebooks' code cells."""
    mine = set()
    for path in student_dir.rglob("*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and not cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
                mine.update(norm(line) for line in "".join(cell["source"]).splitlines())
    return mine


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def readable(path: Path) -> list[str]:
    """The texts of a file a person could read: decoded, tags and escapes removed, encodings undone."""
    raw = path.read_bytes()
    if path.suffix == ".ipynb" or path.suffix == ".json":
        texts = list(strings(json.loads(raw.decode("utf-8"))))
    else:
        text = raw.decode("utf-8", "replace") if path.suffix != ".db" else raw.decode("latin-1")
        texts = [text, html.unescape(re.sub(r"<[^>]*>", "", text))]
    out = []
    for text in texts:
        out += [text, text[::-1]]
        for token in re.findall(r"[A-Za-z0-9+/]{24,}={0,2}", text):
            try:
                data = base64.b64decode(token + "=" * (-len(token) % 4))
            except (binascii.Error, ValueError):
                continue
            out.append(data.decode("utf-8", "ignore"))
            try:
                out.append(zlib.decompress(data).decode("utf-8", "ignore"))
            except zlib.error:
                pass
            out += image_texts(data)
        for token in re.findall(r"(?:[0-9a-f]{2}){12,}", text):
            out.append(bytes.fromhex(token).decode("utf-8", "ignore"))
    return out


def image_texts(data: bytes) -> list[str]:
    """What an image file can say: its text chunks and comments, and its pixels' bytes (all, and per band)."""
    import io

    from PIL import Image

    try:
        img = Image.open(io.BytesIO(data))
        img.load()
    except Exception:  # noqa: BLE001 - not an image
        return []
    texts = [str(v) for v in img.info.values()]
    bands = [img, *img.split()] if len(img.getbands()) > 1 else [img]
    return texts + [band.tobytes().decode("latin-1") for band in bands]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return small_class.env(tmp_path_factory.mktemp("grader_cache"))  # the rewriter's only cache


@pytest.fixture(scope="module")
def graded(tmp_path_factory, env):
    base = tmp_path_factory.mktemp("leaks")
    release = base / "release"
    proc = run("release", "--notebooks", release, env=env)
    assert proc.returncode == 0, proc.stderr
    expect = cat.build_leaks(base / "class", release)
    out = base / "grades"
    # one worker: every student after the rewriter is graded by the worker whose copy it rewrote
    proc = run("grade", base / "class", "--out", out, "--workers", "1", *LIMITS, env=env)
    print(proc.stdout[-6000:], proc.stderr[-3000:])
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))["students"]
    auto = out / "autograded" / REWRITER / cat.NB1 / f"{cat.NB1}.ipynb"
    said = "".join(s for s in strings(json.loads(auto.read_text(encoding="utf-8"))) if "REWROTE" in s)
    rewrote = json.loads(said.split("REWROTE", 1)[1].strip().splitlines()[0])
    return {"proc": proc, "grades": grades, "expect": expect, "out": out, "base": base, "rewrote": rewrote}


def _cases():
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        rel = Path(tmp) / "rel"
        rel.mkdir()
        for stem in (cat.NB1, cat.NB2):
            (rel / f"{stem}.ipynb").write_bytes((cat.SOLUTIONS / f"{stem}.ipynb").read_bytes())
        expect = cat.build_leaks(Path(tmp) / "class", rel)
    return [s for s in expect if s != REWRITER]


@pytest.mark.slow
@pytest.mark.parametrize("student", _cases())
def test_each_row_says_what_happened(graded, student):
    row = graded["grades"][student][cat.NB1]
    want = graded["expect"][student][cat.NB1]
    assert row["status"] == want.status, row["message"]
    assert row["score"] == pytest.approx(want.score), row
    for gid, score in want.tests.items():
        assert row["tests"][gid]["score"] == pytest.approx(score), row
    for needle in want.message:
        assert needle in row["message"], row["message"]
    assert graded["grades"][student][cat.NB2]["status"] == "missing"


@pytest.mark.slow
def test_no_hidden_test_or_solution_line_in_any_file_of_the_output(graded):
    out, klass = graded["out"], graded["base"] / "class"
    secret = secrets()
    assert len(secret) >= 8
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in files) and any(p.suffix == ".ipynb" for p in files)
    for path in files:
        rel = path.relative_to(out).parts
        student = rel[1] if rel[0] in ("autograded", "feedback") else None
        allowed = own_lines(klass / student) if student else set()
        if rel[0] == DETAILS:  # every learner's own solution cells, for the class report's similarity
            allowed = set().union(*(own_lines(d) for d in klass.iterdir() if d.is_dir()))
        for text in readable(path):
            flat = norm(text)
            for line in secret - allowed:
                assert line not in flat, f"{path.relative_to(out)} shows {line!r}"


@pytest.mark.slow
def test_the_leaks_were_tried_and_found_nothing(graded):
    """The learners' code looked for the test's source where a test running beside it would
    leave it (history, frames, linecache); the judge runs tests in the grader's own process
    (grader/judge/), so the hidden part never reached the kernel: nothing of it in what the
    grader wrote, marked or not."""
    out = graded["out"]
    for student in cat.LEAKS:
        auto = json.loads((out / "autograded" / student / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
        shown = "\n".join(strings([c.get("outputs", []) for c in auto["cells"]]))
        page = html.unescape((out / "feedback" / student / cat.NB1 / f"{cat.NB1}.html").read_text(encoding="utf-8"))
        for text in (shown, page):
            assert "BEGIN HIDDEN TESTS" not in text and "np.arange(3.0) * 2" not in text, student
    for student in cat.FILE_LEAKS:  # files the sandbox hides; where they could be read, what was read is marked
        auto = json.loads((out / "autograded" / student / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8"))
        shown = "\n".join(strings([c.get("outputs", []) for c in auto["cells"]]))
        if "BEGIN HIDDEN TESTS" in shown:
            assert MARKER in shown, student
    page = (out / "feedback" / "raises the test text" / cat.NB1 / f"{cat.NB1}.html").read_text(encoding="utf-8")
    assert "A hidden test failed" in page
    # the visible part of a test is public and stays readable in the learner's outputs
    auto = (out / "autograded" / "history reader" / cat.NB1 / f"{cat.NB1}.ipynb").read_text(encoding="utf-8")
    assert 'checks.passed(\\"add\\")' in auto


@pytest.mark.slow
def test_hidden_inputs_reach_no_output(graded):
    """add() keeps the arguments of every call, or raises with them in its message (attack
    leak_hidden_inputs_03): the hidden parts run after the notebook's last cell and the judge keeps
    the learner's text out of their outputs, so the hidden test's input is in no file of these
    students, while the visible test's input, printed by their later cell, still is."""
    out = graded["out"]
    for student in cat.INPUT_LEAKS:
        files = [p for p in out.rglob("*") if p.is_file() and student in p.parts]
        assert files, student
        for path in files:
            for text in readable(path):
                assert cat.HIDDEN_INPUT not in text, f"{path.relative_to(out)} shows the hidden input"
    auto = out / "autograded" / "keeps hidden inputs" / cat.NB1 / f"{cat.NB1}.ipynb"
    assert cat.VISIBLE_INPUT in "\n".join(strings(json.loads(auto.read_text(encoding="utf-8"))))


@pytest.mark.slow
def test_a_rewritten_gradebook_is_restored_and_reported(graded):
    grades, proc, rewrote = graded["grades"], graded["proc"], graded["rewrote"]
    row = grades[REWRITER][cat.NB1]
    worker_copy = [p for p in rewrote if "grader-grade-" in p]
    if worker_copy:  # no sandbox (yet): the learner reached the worker's copy
        assert row["status"] == "flagged" and row["score"] == 0, row
        assert "changed the grader's gradebook copy" in row["message"], row["message"]
        assert "the course state was repaired" in proc.stdout, proc.stdout
    else:  # the sandbox hid it
        assert row["status"] == "graded" and row["score"] == cat.MAX1, row
    # whatever it did, the students graded after it by the same worker get their own grades
    assert grades["z good"][cat.NB1]["score"] == cat.MAX1
    assert grades["z untouched"][cat.NB1]["score"] == 0.0
    assert grades["z good"][cat.NB1]["max_score"] == cat.MAX1


@pytest.mark.slow
def test_the_next_run_rebuilds_a_rewritten_course_cache(graded, env):
    klass, base, rewrote = graded["base"] / "class", graded["base"], graded["rewrote"]
    cache_hit = [p for p in rewrote if p.startswith(env["GRADER_CACHE"])]
    small = base / "second"
    for name in ("z good", "z untouched"):
        (small / name).mkdir(parents=True)
        (small / name / f"{cat.NB1}.ipynb").write_bytes((klass / name / f"{cat.NB1}.ipynb").read_bytes())
    proc = run("grade", small, "--out", base / "second-out", "--workers", "1", *LIMITS, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if cache_hit:
        assert "was built again" in proc.stdout, proc.stdout
    grades = json.loads((base / "second-out" / "grades.json").read_text(encoding="utf-8"))["students"]
    assert grades["z good"][cat.NB1]["score"] == cat.MAX1
    assert grades["z untouched"][cat.NB1]["score"] == 0.0
    assert grades["z good"][cat.NB1]["max_score"] == cat.MAX1
    proc = run("grade", small, "--out", base / "third-out", "--workers", "1", *LIMITS, env=env)
    assert "built again" not in proc.stdout and "repaired" not in proc.stdout, proc.stdout


@pytest.mark.slow
def test_borrowed_answers_are_flagged_in_the_gradebook(graded):
    from nbgrader.api import Gradebook

    from grader.run.gradebook import FLAG_PREFIX

    with Gradebook(f"sqlite:///{graded['out'] / 'gradebook.db'}") as gb:
        for student in ("borrows via alias", "borrows via getattr", "borrows through a helper"):
            sub = gb.find_submission_notebook(cat.NB1, cat.NB1, student)
            assert sub.flagged and sub.score == 0
            comment = next(c for c in sub.comments if c.cell.name == "add")  # the cell the finding names
            assert comment.auto_comment.startswith(FLAG_PREFIX + "scored 0") and "borrowed answer" in comment.auto_comment
        # a note for review (not a verdict) flags the notebook for a look and keeps its score
        sub = gb.find_submission_notebook(cat.NB1, cat.NB1, "reaches the layers by getattr")
        assert sub.flagged and sub.score == cat.MAX1
        assert any("score unchanged" in (c.auto_comment or "") and "cnnlib.layers" in c.auto_comment
                   for c in sub.comments)
        assert not gb.find_submission_notebook(cat.NB1, cat.NB1, "z good").flagged


@pytest.mark.slow
def test_hostile_outputs_keep_only_allowed_containers(graded):
    from grader.autograde.outputs import KEPT

    out = graded["out"]
    made = [s for s, rows in graded["grades"].items() if "could not be made" in rows[cat.NB1]["message"]]
    assert made == []  # the allow-list and the page were made for every learner
    for student in cat.HOSTILE_OUTPUTS:
        path = out / "autograded" / student / cat.NB1 / f"{cat.NB1}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert set(nb["metadata"]) <= {"kernelspec", "language_info"}, (student, nb["metadata"].keys())
        assert path.stat().st_size < 2_000_000, (student, path.stat().st_size)  # no widget state, output capped
        notes = []
        for cell in nb["cells"]:
            assert set(cell.get("metadata", {})) <= {"nbgrader"}, (student, cell["metadata"])
            for output in cell.get("outputs", []):
                assert output["output_type"] in ("stream", "display_data", "execute_result", "error"), student
                assert set(output.get("data", {})) <= set(KEPT), (student, output["data"].keys())
                notes += [t for t in strings(output.get("data", {})) if t.startswith("[grader:")]
        # something was dropped, and a note says so ("hides it in image pixels" finds no test source to hide:
        # the judge keeps it out of the kernel, so its images hold no secret and stay; tests/test_grader_outputs.py
        # drops planted ones)
        if student in ("uses unknown mime types", "keeps it in widget state", "draws over the page"):
            assert notes, student
        if student == "hides it in image metadata":  # any image stays re-encoded without its chunks (under the
            # judge the learner finds no test source to hide, so it may draw none; tests/test_grader_outputs.py
            # strips planted chunks)
            images = [o["data"]["image/png"] for c in nb["cells"] for o in c.get("outputs", [])
                      if "image/png" in o.get("data", {})]
            assert not any(b"tEXt" in base64.b64decode(i) for i in images)
        if student == "makes the search slow":  # its near-misses reached the scrubber, and are shown
            assert sum(len(t) for c in nb["cells"] for o in c.get("outputs", []) for t in strings(o)) > 400_000
            page = (out / "feedback" / student / cat.NB1 / f"{cat.NB1}.html").read_text(encoding="utf-8")
            assert "<pre>*a*a*a" in page  # the slow markdown shown as text, not rendered
        page = (out / "feedback" / student / cat.NB1 / f"{cat.NB1}.html").read_text(encoding="utf-8")
        assert not learner_markup(page), student


def learner_markup(page: str) -> list[str]:
    """Elements and attributes of ``page`` that only a learner's output could have put there:
    script mentioning cat.PWNED, event handlers, frames, forms, SVG, refresh, inline style."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        script = False

        def handle_starttag(self, tag, attrs):
            self.script = tag == "script"
            if tag in ("iframe", "svg", "form", "object", "embed", "foreignobject"):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (name == "style" and "fixed" in (value or "")) or (
                        name == "http-equiv" and (value or "").lower() == "refresh") or (
                        name == "href" and (value or "").strip().lower().startswith("javascript:")):
                    found.append(f"{tag} {name}={value}")

        def handle_data(self, data):
            if self.script and cat.PWNED in data:
                found.append("script: " + data[:60])

    Reader().feed(page)
    return found


@pytest.mark.slow
@pytest.mark.browser
def test_no_script_runs_in_a_feedback_page_or_the_class_report(graded):
    """Every feedback page of the class and the class report, opened in Chromium: no learner script
    ran (the title, a global, storage, a dialog, a navigation would show it), and the hostile page
    shows its true score (3 of 5), not covered by anything, with its failure visible."""
    from playwright.sync_api import sync_playwright

    from tests.browser_utils import CHROMIUM_ARGS, require_chromium

    out = graded["out"]
    pages = sorted((out / "feedback").rglob("*.html")) + sorted(out.glob("report*.html"))
    assert len(pages) > len(cat.HOSTILE_OUTPUTS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        dialogs: list[str] = []
        context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page = context.new_page()
        for path in pages:
            url = path.as_uri()
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)  # a refresh or a timer would have fired
            ran = page.evaluate("() => [document.title, typeof window.PWNED, localStorage.length]")
            assert cat.PWNED not in ran[0] and ran[1] == "undefined" and ran[2] == 0, (path, ran)
            assert page.url == url, (path, page.url)
            assert not dialogs, (path, dialogs)
        hostile = out / "feedback" / "draws over the page" / cat.NB1 / f"{cat.NB1}.html"
        page.goto(hostile.as_uri(), wait_until="load")
        heading = page.locator(".panel-heading h4").first
        assert "(Score: 3.0 / 5.0)" in heading.inner_text()
        box = heading.bounding_box()
        on_top = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                               " return e && e.closest('h4') ? e.closest('h4').innerText : (e ? e.outerHTML : ''); }",
                               [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert "(Score: 3.0 / 5.0)" in on_top, on_top
        failed = page.get_by_text("A hidden test failed").first
        failed.scroll_into_view_if_needed()
        assert failed.is_visible()
        fixed = page.evaluate("() => [...document.querySelectorAll('*')].filter("
                              "e => ['fixed', 'sticky'].includes(getComputedStyle(e).position)).length")
        assert fixed == 0
        context.close()
        browser.close()


@pytest.mark.slow
def test_the_clean_room_says_why_a_borrowed_answer_is_not_there(graded):
    """Borrowing no spelling rule reads fails in the kernel, with the clean room's message in the learner's cell."""
    said = {"clean room, reversed names": "cnnlib.layers.conv_forward is a reference answer of 01_fixture_add",
            "clean room, the answer's file": "write your own",
            "clean room, torch and gc": "(the notebook's allowance)"}
    for student, needle in said.items():
        auto = graded["out"] / "autograded" / student / cat.NB1 / f"{cat.NB1}.ipynb"
        assert needle in "".join(strings(json.loads(auto.read_text(encoding="utf-8")))), student
