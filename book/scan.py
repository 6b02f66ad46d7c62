"""Look through a built book for answers: ``python -m book check-leaks [SITE]``.

Every file of the site is read the way a visitor or a search engine could read it: the
HTML pages (their text, their attributes, the images embedded in them as data URIs and
those images' metadata), the search index, the notebook copies behind the download
buttons, Sphinx's inventory (zlib-compressed), and every image file (its text chunks
and bytes). Two kinds of answer are looked for:

- a line of a solution or of a hidden test, of any notebook (the lines of
  :func:`grader.autograde.secretlines.course_secret_lines`), found with the grader's own detector
  (:class:`grader.autograde.scrub.Scrubber`), which also finds such a line reversed, base64- or
  hex-encoded, compressed or with HTML tags in between, and finds any 32 characters of a
  long one, as in feedback. Code that a released notebook shows is public (a visible test
  often begins as a hidden one does): a page's code input, or a cell of a notebook copy,
  whose source is a released cell's is left out of the search, and any other is searched;
- an answer that is data rather than code: a list of at least :data:`MIN_NUMBERS` numbers
  written in a solution (a kernel of ``KERNELS``, say) that no released notebook shows,
  found as the same numbers in a row anywhere in the site's text however they are
  printed (``[[ 0. -1.  0.] ...``, a table, a caption). The scrubber, which compares
  lines, cannot see these.
"""

from __future__ import annotations

import ast
import base64
import binascii
import json
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

from grader.autograde.scrub import MARKER, Scrubber, _png_texts
from grader.autograde.secretlines import _blocks, course_secret_lines, normalise

__all__ = ["leaks", "answer_numbers", "split_page", "CourseScrubber", "MARKER"]

MIN_NUMBERS = 8          # a 3 x 3 kernel has 9; shorter runs of small numbers turn up by chance
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d*)?(?:[eE]-?\d+)?")
DATA_URI = re.compile(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=\s]+)")
TAG = re.compile(r"<[^>]*>")
TEXT_SUFFIXES = {".html", ".js", ".json", ".txt", ".ipynb", ".md", ".css", ".svg", ".xml"}
IMAGE_SUFFIXES = {".png", ".gif", ".jpg", ".jpeg", ".webp"}


class CourseScrubber(Scrubber):
    """The grader's :class:`grader.autograde.scrub.Scrubber`, except that a run of a secret line that a
    released notebook shows too (a hint in the prose, the start of a visible test) is no
    evidence of a leak on a page that shows the released notebook.

    public: the normalised text of every released cell, joined.
    """

    def __init__(self, secrets, public: str):
        # the grader's scrubber never counts a window of a secret that public text holds
        super().__init__(secrets, public=[public])
        self.public = public


class _Split(HTMLParser):
    """An HTML page split into its code inputs (MyST-NB's ``div.cell_input``) and all the rest:
    text, outputs and every attribute value (alt texts, data URIs, links)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inputs: list[str] = []
        self.rest: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == "div"
            return
        if tag == "div" and "cell_input" in (dict(attrs).get("class") or ""):
            self.depth = 1
            self.inputs.append("")
            return
        self.rest.extend(v for _, v in attrs if v)

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1
        self.rest.append("\n")

    def handle_data(self, data):
        if self.depth:
            self.inputs[-1] += data
        else:
            self.rest.append(data)


def split_page(page: str) -> tuple[list[str], str]:
    """(the code inputs of an HTML page, everything else as one text)."""
    parser = _Split()
    parser.feed(page)
    return parser.inputs, "".join(parser.rest)


def _cells(nb: dict) -> list[dict]:
    return nb.get("cells", [])


def _text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _solution_blocks(nb: dict) -> list[str]:
    """The solution and hidden-test blocks of a source notebook (grader.autograde.secretlines reads the markers)."""
    out = []
    for cell in _cells(nb):
        src = _text(cell)
        out += ["\n".join(lines) for lines in (_blocks(src, "solution"), _blocks(src, "hidden")) if lines]
    return out


def _numbers(node) -> list[float] | None:
    """The numbers of a list/tuple literal (nested too), or None if it holds anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return [float(node.value)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _numbers(node.operand)
        return [-v for v in inner] if inner and len(inner) == 1 else None
    if isinstance(node, (ast.List, ast.Tuple)):
        found = []
        for elt in node.elts:
            sub = _numbers(elt)
            if sub is None:
                return None
            found += sub
        return found
    return None


def numbers_in(text: str) -> list[float]:
    """The numbers written in ``text``, in order (``-1.``, ``0.5``, ``2e-3``)."""
    return [float(m.group(0).rstrip(".") or 0) for m in NUMBER.finditer(text)]


def _contains(seq: list[float], part: list[float]) -> bool:
    n = len(part)
    first = part[0]
    return any(seq[i] == first and seq[i:i + n] == part for i in range(len(seq) - n + 1))


def answer_numbers(pairs: list[tuple[dict, dict]]) -> list[list[float]]:
    """Number lists of at least MIN_NUMBERS written in solutions or hidden tests that no release shows.

    ``pairs``: [(solution notebook, released notebook)] as dicts.
    """
    public = [numbers_in(_text(c)) for _, release in pairs for c in _cells(release)]
    found = []
    for source, _ in pairs:
        for block in _solution_blocks(source):
            try:
                tree = ast.parse(block)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.List, ast.Tuple)):
                    nums = _numbers(node)
                    if nums and len(nums) >= MIN_NUMBERS and len(set(nums)) > 1 \
                            and not any(_contains(p, nums) for p in public) and nums not in found:
                        found.append(nums)
    return found


def _visible_text(raw: str) -> str:
    """Text with data URIs and tags taken out (what numbers are read from)."""
    return TAG.sub(" ", DATA_URI.sub(" ", raw))


def _embedded_images(raw: str) -> list[bytes]:
    out = []
    for m in DATA_URI.finditer(raw):
        if m.group(1).startswith("image/"):
            try:
                out.append(base64.b64decode(re.sub(r"\s+", "", m.group(2))))
            except (binascii.Error, ValueError):
                continue
    return out


def _image_holds(scrubber: Scrubber, data: bytes) -> bool:
    if data.startswith(b"\x89PNG") and any(scrubber.found(t) for t in _png_texts(data)):
        return True
    return scrubber.found(data.decode("latin-1"))


def _inventory(data: bytes) -> str:
    """Sphinx's objects.inv: four header lines, then zlib."""
    head = data.split(b"\n", 4)
    try:
        return zlib.decompress(head[4]).decode("utf-8", "replace") if len(head) == 5 else ""
    except zlib.error:
        return ""


def leaks(site: Path, solutions: Path, notebooks: Path) -> list[str]:
    """``"FILE: what"`` for every answer found in the built site ``site``.

    solutions/notebooks: the folders with the nbgrader sources and the releases; every
    notebook in solutions/ counts (a page must not show another notebook's answers either).
    """
    pairs = []
    for src in sorted(solutions.glob("*.ipynb")):
        rel = notebooks / src.name
        pairs.append((json.loads(src.read_text(encoding="utf-8")),
                      json.loads(rel.read_text(encoding="utf-8")) if rel.exists() else {}))
    public = {normalise(_text(c)) for _, release in pairs for c in _cells(release)}
    scrubber = CourseScrubber(course_secret_lines(pairs), "\0".join(sorted(public)))
    data_answers = answer_numbers(pairs)
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = str(path.relative_to(site))
        raw = path.read_bytes()
        suffix = path.suffix.lower()
        numbers = suffix in {".html", ".js", ".ipynb", ".json", ".txt"} and "_static" not in name
        images: list[bytes] = []
        if path.name == "objects.inv":
            text = _inventory(raw)
        elif suffix == ".html":
            page = raw.decode("utf-8", "replace")
            inputs, text = split_page(page)
            text += "\n".join(code for code in inputs if normalise(code) not in public)
            images = _embedded_images(page)
        elif suffix == ".ipynb":
            nb = json.loads(raw)
            for cell in nb.get("cells", []):
                if normalise(_text(cell)) in public:
                    cell["source"] = ""
            text = json.dumps(nb, ensure_ascii=False)
            images = _embedded_images(text)
        elif suffix in TEXT_SUFFIXES:
            text = raw.decode("utf-8", "replace")
            images = _embedded_images(text)
        elif suffix in IMAGE_SUFFIXES:
            text, images = "", [raw]
        else:
            text = raw.decode("latin-1")
        if scrubber.found(DATA_URI.sub(" ", text)):
            found.append(f"{name}: holds a line of a solution or hidden test")
        seq = numbers_in(_visible_text(text)) if numbers else []
        for nums in data_answers:
            if _contains(seq, nums):
                found.append(f"{name}: shows the numbers {nums} of a solution")
        for k, image in enumerate(images):
            if _image_holds(scrubber, image):
                found.append(f"{name}: image {k} holds a line of a solution or hidden test")
    return found
