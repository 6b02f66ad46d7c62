"""Build the course as a book: a static website of every notebook that never shows an answer.

    python -m book build [--out build/book] [--jobs 2] [--no-cache] [--fast]   # `make book` runs it bare

Steps (each a function below, so tests can run them one by one):

1. :func:`execute_all`: every notebook in notebooks/ (found, not listed) is filled with its
   reference solutions (:func:`grader.course.fill.filled`, the course's one way to fill them) and
   run in the book's mode (``CNN_COURSE_FAST=book``: fast mode with training runs long enough
   to learn, :func:`cnnlib.budget`) with nbclient, one kernel per core,
   in a temporary folder of its own. A first hidden cell gives the widgets stills and keeps
   the figures that fast mode would not draw (book/stills.py). Results are cached under ``build/book/cache``, keyed by the notebook,
   cnnlib's code, book/stills.py, grader/course/fill.py and the versions of the libraries that compute, so an unchanged notebook is not run again.
2. :func:`compose`: the page is the *released* notebook (stubs, visible tests only; without
   the Colab install cell, which means nothing on a page: the download keeps it), with
   the outputs of the executed copy copied onto the cells of the same id, except the
   outputs of solution and test cells, stderr (warnings, progress bars, paths of the
   build machine) and live widget views; stdout names no folder of the build machine
   (:func:`for_the_page`); every output left is then passed through the
   grader's scrubber (:mod:`grader.autograde.scrub`), which removes any line that holds a line of a
   solution or a hidden test of any notebook.
   :func:`book.claims.annotate` then says on the page where its numbers come from the short run
   (book/claims.py): a note under the title, and one under each cell whose output does
   not bear out a number the prose states.
3. :func:`write_sources`: README.md becomes the front page (links into the repository
   rewritten), followed by the notebooks in order.
4. :func:`sphinx_build`: Sphinx with MyST-NB and the Sphinx Book Theme renders the site
   (book/conf.py); the download button's copy of each notebook is then replaced by the
   released notebook itself, outputs and all left out, as a learner should get it, and
   MathJax's files are copied into the site (book/mathjax.py): formulas render offline.

Exit codes: 0 built, 1 a notebook failed to run or Sphinx failed (the message names the
notebook and cell), 2 bad usage.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from book import claims, mathjax
from grader.autograde.scrub import MARKER  # the grader's mark for a line it cut out of an output

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
BUILD = ROOT / "build" / "book"
CONF_DIR = Path(__file__).resolve().parent
SETUP_ID = "book-setup"
SETUP = ("import sys\nsys.path.insert(0, {root!r})\nfrom book import stills\nstills.install()\n"
         "del sys.path[0]\n")
CELL_TIMEOUT = 900           # seconds for one cell; the book's budgets keep every cell far below
# CNN_COURSE_FAST while the book runs the notebooks: "book", fast mode with the book's training budgets
# (cnnlib.budget: enough for every network to learn), what `make book` builds; or "1", the grader's
# fast mode, where graded runs can be reused (the tests' cheaper build: its accuracies are chance's)
BOOK_MODE, FAST_MODE = "book", "1"
MODES = (BOOK_MODE, FAST_MODE)
# what an execution's outputs depend on besides the notebook: the code that runs beside it ...
DEPENDS_ON = ("cnnlib/*.py", "book/stills.py", "grader/course/fill.py")
# ... and the libraries that compute and draw (a new version can change a number or a figure)
LIBRARIES = ("torch", "numpy", "matplotlib", "pillow", "ipykernel", "nbclient")
# the Colab install cell (tools/colab.py's CELL_ID): the page leaves it out, the download keeps it
INSTALL_CELL_ID = "install-course"
# outputs never copied onto a page: a live widget needs a kernel (book/stills.py adds stills)
DROPPED_MIMES = ("application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")


class BookError(Exception):
    """A notebook that failed to run, or Sphinx that failed; the message says which and why."""


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(nb: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def stems(notebooks: Path = NOTEBOOKS, solutions: Path = SOLUTIONS) -> list[str]:
    """The released notebooks that have a source in solutions/, in course order (NN_name)."""
    return sorted(p.stem for p in notebooks.glob("*.ipynb") if (solutions / p.name).exists())


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def _source(cell: dict) -> str:
    return _joined(cell.get("source", ""))


def to_execute(stem: str) -> dict:
    """The released notebook with the reference solutions filled in and the stills' setup cell first."""
    from grader.course.fill import filled

    nb = filled(load(NOTEBOOKS / f"{stem}.ipynb"), load(SOLUTIONS / f"{stem}.ipynb"))
    setup = {"cell_type": "code", "id": SETUP_ID, "metadata": {}, "execution_count": None,
             "outputs": [], "source": SETUP.format(root=str(ROOT))}
    nb["cells"].insert(0, setup)
    return nb


def cache_key(nb: dict, mode: str = BOOK_MODE) -> str:
    """A hash of what an execution depends on: the notebook, the files of DEPENDS_ON, the mode
    (MODES) and the installed versions of LIBRARIES."""
    from importlib import metadata

    h = hashlib.sha256()
    h.update(json.dumps(nb["cells"], sort_keys=True).encode())
    h.update(mode.encode())
    for f in sorted(p for pattern in DEPENDS_ON for p in ROOT.glob(pattern)):
        h.update(f.relative_to(ROOT).as_posix().encode())
        h.update(f.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{name}=={version}".encode())
    return h.hexdigest()[:20]


def course_meta(cell: dict) -> dict:
    """A cell's nbgrader metadata ({} when it has none)."""
    return (cell.get("metadata", {}) or {}).get("nbgrader") or {}


def reusable(executed: dict, nb: dict, mode: str = FAST_MODE) -> bool:
    """Can the book take ``executed`` (a notebook run elsewhere, e.g. graded) instead of running ``nb``?

    Yes when it has every code cell of ``nb`` (by id) and no error outside its test cells (a graded run
    in the clean room leaves the tests' helper cells out, and what needed them fails), unless ``nb`` shows one of the
    course's widgets (book/stills.py's WIDGET_NAMES): only the book's own run gives them stills,
    or switches matplotlib's backend (to "agg" in fast mode): a graded run of it drew no figure,
    the book's run does (:func:`book.stills.keep_figures`).
    Other widget views (tqdm's progress bars) are left out of the page either way.
    In the book's mode (``mode`` BOOK_MODE) a notebook that sizes its training with
    ``cnnlib.budget`` is never reused: a graded run trained for the fast budget only.
    """
    from book.stills import WIDGET_NAMES

    ids = {c.get("id") for c in executed.get("cells", []) if c.get("cell_type") == "code"}
    wanted = {c.get("id") for c in nb["cells"] if c["cell_type"] == "code" and c.get("id") != SETUP_ID}
    if not wanted <= ids:
        return False
    # a graded run in the clean room skips the tests' helper cells (grade_id reference_*) and what needs them
    # (grader/integrity/cleanroom.py): its demonstrations lack outputs or show errors, so it is not the reference outputs
    if any(str(course_meta(c).get("grade_id", "")).startswith("reference_") for c in nb["cells"]):
        return False
    for cell in executed.get("cells", []):
        grade = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade")
        if cell.get("cell_type") == "code" and not grade and any(
                o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return False
    code = "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "code" and c.get("id") != SETUP_ID)
    if mode == BOOK_MODE and re.search(r"\bbudget\(", code):
        return False
    # a notebook that shows a course widget is always run here: only this run gives its widgets
    # stills, and a graded notebook keeps no widget view at all (grader/autograde/outputs.py drops them)
    return not any(re.search(rf"\b{name}\b", code) for name in (*WIDGET_NAMES, "switch_backend"))


def execute(stem: str, nb: dict, timeout: int = CELL_TIMEOUT, mode: str = BOOK_MODE) -> dict:
    """Run ``nb`` in a new kernel (the book's mode, in a temporary folder); raise BookError on an error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    os.environ["CNN_COURSE_FAST"] = mode
    os.environ.pop("NBGRADER_EXECUTION", None)   # it would win over the book's mode (cnnlib.book_mode)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for attempt in range(3):
        node = nbformat.reads(json.dumps(nb), as_version=4)
        with tempfile.TemporaryDirectory(prefix=f"book-{stem}-") as cwd:
            client = NotebookClient(node, timeout=timeout, kernel_name="python3",
                                    resources={"metadata": {"path": cwd}})
            try:
                client.execute()
            except (CellExecutionError, CellTimeoutError) as exc:
                first = str(exc).strip().splitlines()
                raise BookError(f"{stem}: a cell failed while the book ran the solutions: "
                                f"{first[-1] if first else type(exc).__name__}") from None
            except RuntimeError as exc:
                # jupyter_client picks free TCP ports before the kernel binds them: two kernels started
                # at once can take the same one ("Address already in use"), and the kernel dies before
                # it replies; a new kernel gets new ports (the notebook never ran: nothing is lost)
                if "died before replying" in str(exc) and attempt < 2:
                    continue
                raise
        return json.loads(nbformat.writes(node))
    raise BookError(f"{stem}: its kernel did not start")  # not reached: the last attempt raises


def _tag(mode: str) -> str:
    """The word for ``mode`` in the cache's file names."""
    return "book" if mode == BOOK_MODE else "fast"


def _run_one(args: tuple[str, dict, str, str]) -> tuple[str, dict, float]:
    stem, nb, cache_file, mode = args
    t0 = time.monotonic()
    out = execute(stem, nb, mode=mode)
    if cache_file:
        dump(out, Path(cache_file))
    return stem, out, time.monotonic() - t0


def execute_all(names: list[str], jobs: int = 2, cache: Path | None = BUILD / "cache",
                log=print, reuse: Path | None = None, mode: str = BOOK_MODE) -> dict[str, dict]:
    """{stem: executed notebook} for ``names``: from ``reuse`` (a folder with STEM.ipynb or
    STEM/STEM.ipynb, such as a grading run's autograded/STUDENT) where :func:`reusable`
    allows, else from the cache, else run ``jobs`` at a time (one kernel each), in ``mode`` (MODES)."""
    done: dict[str, dict] = {}
    todo = []
    for stem in names:
        nb = to_execute(stem)
        found = [p for p in (reuse / f"{stem}.ipynb", reuse / stem / f"{stem}.ipynb")
                 if p.exists()] if reuse else []
        if found and reusable(load(found[0]), nb, mode):
            done[stem] = load(found[0])
            log(f"  {stem}: from {found[0]}")
            continue
        # the mode in the name: a build in one mode never takes, nor deletes, the other's executions
        cache_file = cache / f"{stem}-{_tag(mode)}-{cache_key(nb, mode)}.ipynb" if cache else None
        if cache_file and cache_file.exists():
            done[stem] = load(cache_file)
            log(f"  {stem}: from the cache")
        else:
            todo.append((stem, nb, str(cache_file or ""), mode))
    if todo:
        if cache:
            for stale in cache.glob("*.ipynb"):   # older executions of the notebooks about to run
                if any(stale.name.startswith(f"{stem}-{_tag(mode)}-") for stem, *_ in todo):
                    stale.unlink()
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo)))) as pool:
            for stem, out, seconds in pool.map(_run_one, todo):
                done[stem] = out
                log(f"  {stem}: ran in {seconds:.0f} s")
    return {stem: done[stem] for stem in names}


def secret_scrubber(names: list[str]):
    """The grader's scrubber for the solution and hidden-test lines of the whole course."""
    from grader.autograde.scrub import Scrubber
    from grader.autograde.secretlines import course_secret_lines

    pairs = [(load(SOLUTIONS / f"{s}.ipynb"), load(NOTEBOOKS / f"{s}.ipynb")) for s in names]
    return Scrubber(course_secret_lines(pairs))


# a data set that the book's offline run could not load: the course falls back to its embedded digits
# and says why in a line that names the build machine's cache and reads like an error on a page
OFFLINE = re.compile(r"(\S+) unavailable: not in the cache at \S+ and download=False")


def for_the_page(text: str, places: dict[str, str] | None = None) -> str:
    """``text`` (stdout or a result's text) as a reader of the book should see it: a data set the
    offline build did not download says so in words (:data:`OFFLINE`), and the build machine's
    folders (``places``: path to what the page shows instead; default: the repository, the
    notebook's temporary folder, the home folder) are not named."""
    if places is None:
        places = {str(ROOT): ".", str(Path.home()): "~"}
    text = OFFLINE.sub(r"\1 not downloaded (the book is built offline)", text)
    text = re.sub(re.escape(tempfile.gettempdir()) + r"/book-[\w.-]+/", "", text)
    for path, shown in sorted(places.items(), key=lambda kv: -len(kv[0])):   # the longest first
        if len(path) > 1:
            text = text.replace(path, shown)
    return text


def _keep(output: dict) -> dict | None:
    """The part of one output a page may show, or None (see the module's docstring)."""
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") != "stdout":
            return None
        return dict(output, text=for_the_page(_joined(output.get("text", ""))))
    if kind == "error":
        return None
    if kind in ("display_data", "execute_result"):
        out = copy.deepcopy(output)
        data = {k: v for k, v in out.get("data", {}).items() if k not in DROPPED_MIMES}
        if set(data) <= {"text/plain"} and DROPPED_MIMES[0] in out.get("data", {}):
            return None  # a widget without stills: its text is only "VBox(children=...)"
        if "text/plain" in data:
            data["text/plain"] = for_the_page(_joined(data["text/plain"]))
        out["data"] = data
        return out if data else None
    return None


HELD_BACK = ("(The book leaves this output out: it would show part of an exercise's answer. "
             "Run the notebook with your own solution to see it.)\n")


def compose(release: dict, executed: dict, scrubber=None) -> tuple[dict, list[str]]:
    """The page: ``release`` with the executed outputs of its non-exercise, non-test code cells.

    An output in which ``scrubber`` (a :class:`grader.autograde.scrub.Scrubber`) finds a line of a
    solution or a hidden test (a printed model of an exercise's class, say), or where the
    grader has already cut one out, is replaced as a whole by a one-line note: half an
    output with a line cut out would mislead.
    Returns (notebook, notes), notes naming each output held back.
    """
    outputs = {c.get("id"): c.get("outputs", []) for c in executed["cells"] if c["cell_type"] == "code"}
    page = copy.deepcopy(release)
    page["cells"] = [c for c in page["cells"] if c.get("id") != INSTALL_CELL_ID]
    notes = []
    for i, cell in enumerate(page["cells"]):
        if cell["cell_type"] != "code":
            continue
        meta = _meta(cell)
        if meta.get("solution") or meta.get("grade"):
            cell["outputs"] = []  # an exercise's or a test's output can give the answer away
            continue
        kept = [o for o in map(_keep, outputs.get(cell.get("id"), [])) if o is not None]
        if scrubber is not None:
            for k, out in enumerate(kept):
                probe, before = copy.deepcopy(out), scrubber.hits
                scrubber.output(probe)
                # MARKER: the grader has already cut a line out of a notebook it ran (--executed)
                if scrubber.hits > before or MARKER in json.dumps(out):
                    kept[k] = {"output_type": "stream", "name": "stdout", "text": HELD_BACK}
                    notes.append(f"cell {i} ({cell.get('id')}): an output showed a solution or "
                                 "hidden-test line; the page says so instead")
        cell["outputs"] = kept
    return page, notes


LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)\s]+)\)")
# a linked badge, [![alt](https://.../badge.svg)](target): the site loads nothing from the
# internet (it works offline), so the front page shows the badge's words as the link
BADGE = re.compile(r"\[!\[([^\]]*)\]\(https?://[^)\s]+\)\]\(")


def front_page(readme: str, names: list[str], repository: str, branch: str) -> str:
    """README.md as the book's front page: links to notebooks/NN.ipynb go to the book's page of
    that notebook, other links into the repository to its files on the forge, linked badge
    images become text links (no image from the internet); a hidden table of contents lists
    every notebook in order."""
    def link(m: re.Match) -> str:
        target = m.group(1)
        path, _, anchor = target.partition("#")
        if path.startswith("notebooks/") and Path(path).stem in names:
            return f"]({Path(path).stem}.ipynb{'#' + anchor if anchor else ''})"
        return f"]({repository}/blob/{branch}/{target})"

    toc = "\n".join(["", "```{toctree}", ":hidden:", ":caption: Notebooks", ":maxdepth: 1", "",
                     *names, "```", ""])
    return LINK.sub(link, BADGE.sub(r"[\1](", readme)) + toc


def repository() -> tuple[str, str]:
    """(the course's Git address, its branch), from tools/colab.py, where they are written once."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from colab import BRANCH, REPOSITORY
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return REPOSITORY, BRANCH


def write_sources(src: Path, pages: dict[str, dict], names: list[str]) -> None:
    """The Sphinx source folder: index.md (the README) and the composed notebooks."""
    REPOSITORY, BRANCH = repository()
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(front_page(readme, names, REPOSITORY, BRANCH), encoding="utf-8")
    for stem in names:
        dump(pages[stem], src / f"{stem}.ipynb")


def sphinx_build(src: Path, html: Path, names: list[str], jobs: int = 2) -> None:
    """Render ``src`` into ``html`` with book/conf.py; put the released notebooks behind the
    download buttons. Raises BookError when Sphinx fails."""
    from sphinx.cmd.build import build_main

    if html.exists():
        shutil.rmtree(html)
    doctrees = html.parent / "doctrees"
    code = build_main(["-b", "html", "-q", "-j", str(jobs), "-c", str(CONF_DIR), "-d", str(doctrees),
                       str(src), str(html)])
    if code:
        raise BookError(f"Sphinx failed (exit {code}); its messages are above")
    for stem in names:
        for copy_ in (html / "_sources").glob(f"{stem}.ipynb*"):
            shutil.copyfile(NOTEBOOKS / f"{stem}.ipynb", copy_)
    mathjax.copy_into(html / "_static" / "mathjax")   # conf.py's mathjax_path points here


def build(out: Path = BUILD, jobs: int = 2, cache: bool = True, log=print,
          reuse: Path | None = None, cache_dir: Path | None = None, mode: str = BOOK_MODE) -> Path:
    """Build the book into ``out``/html; returns that folder. Raises BookError.

    cache: keep executions in ``cache_dir`` (default ``out``/cache); reuse: see :func:`execute_all`;
    mode: BOOK_MODE (``make book``: every training page must learn, :func:`book.claims.too_low`
    names those that do not and the build stops) or FAST_MODE (the grader's budgets).
    """
    if mode not in MODES:
        raise BookError(f"mode {mode!r}: expected one of {', '.join(MODES)}")
    names = stems()
    if not names:
        raise BookError(f"no notebooks in {NOTEBOOKS}: run `python -m grader release` first")
    t0 = time.monotonic()
    log(f"Running {len(names)} notebooks with CNN_COURSE_FAST={mode} ({jobs} at a time) ...")
    executed = execute_all(names, jobs, (cache_dir or out / "cache") if cache else None, log, reuse, mode)
    t1 = time.monotonic()
    scrubber = secret_scrubber(names)
    pages, low = {}, []
    for stem in names:
        pages[stem], notes = compose(load(NOTEBOOKS / f"{stem}.ipynb"), executed[stem], scrubber)
        if mode == BOOK_MODE:
            low += claims.too_low(stem, pages[stem])
        pages[stem], said = claims.annotate(stem, pages[stem], mode)
        for note in notes + said:
            log(f"  {stem}: {note}")
    if low:
        raise BookError("a training page shows a network that has not learned (raise its book size in "
                        "cnnlib.budget, or the floor in book/claims.py LEARNS if the notebook changed): "
                        + "; ".join(low))
    write_sources(out / "src", pages, names)
    html = out / "html"
    log("Rendering with Sphinx ...")
    sphinx_build(out / "src", html, names, jobs)
    log(f"Built the book in {html} (notebooks {t1 - t0:.0f} s, pages {time.monotonic() - t1:.0f} s); "
        f"open {html / 'index.html'}")
    return html


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m book", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute the notebooks (cached) and render the site")
    b.add_argument("--out", type=Path, default=BUILD, help="output folder (default build/book)")
    b.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)),
                   help="notebooks run at a time (default: 2, or 1 on one core)")
    b.add_argument("--no-cache", action="store_true", help="run every notebook again")
    b.add_argument("--fast", action="store_true",
                   help="the grader's fast mode (CNN_COURSE_FAST=1) instead of the book's budgets: "
                        "quicker, graded runs reusable, but the networks barely train")
    b.add_argument("--executed", type=Path, metavar="DIR",
                   help="take the executed notebooks in DIR (STEM.ipynb or STEM/STEM.ipynb, e.g. a "
                        "grading run's autograded/STUDENT of the solutions) instead of running them")
    c = sub.add_parser("check-links", help="check every internal link and anchor of a built site")
    c.add_argument("site", type=Path, nargs="?", default=BUILD / "html")
    k = sub.add_parser("check-leaks", help="look for solution or hidden-test text in a built site")
    k.add_argument("site", type=Path, nargs="?", default=BUILD / "html")
    args = ap.parse_args(argv)
    try:
        if args.command == "build":
            if args.jobs < 1:
                ap.error("--jobs must be at least 1")
            if args.executed and not args.executed.is_dir():
                ap.error(f"--executed {args.executed}: no such folder")
            build(args.out, args.jobs, not args.no_cache, reuse=args.executed,
                  mode=FAST_MODE if args.fast else BOOK_MODE)
            return 0
        if not (args.site / "index.html").exists():
            print(f"error: {args.site} holds no built book (index.html); run `make book` first",
                  file=sys.stderr)
            return 2
        if args.command == "check-leaks":
            from book.scan import leaks

            found = leaks(args.site, SOLUTIONS, NOTEBOOKS)
            for line in found:
                print(line)
            print(f"{len(found)} answers found in {args.site}" if found
                  else f"no solution or hidden-test text in {args.site}")
            return 1 if found else 0
        from book.links import broken_links

        broken = broken_links(args.site)
        for line in broken:
            print(line)
        print(f"{len(broken)} broken internal links in {args.site}" if broken
              else f"every internal link and anchor in {args.site} resolves")
        return 1 if broken else 0
    except (BookError, mathjax.MathJaxMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
