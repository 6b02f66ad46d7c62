"""What a graded notebook's outputs may carry into the autograded notebook and the feedback page.

An allow-list, applied after grading to everything the grader writes
(``Autograder.presented`` for ``python -m grader``; :class:`AllowListOutputs`
at the end of nbgrader's autograde steps for ``nbgrader autograde --config
grader/nbgrader_config.py``). It never changes a score: it runs after the
grades are saved.

- **Outputs**: ``stream`` (stdout, stderr), ``display_data``,
  ``execute_result`` and ``error`` only; every other kind is replaced by a
  note. In a bundle only :data:`KEPT` MIME types stay: ``text/plain``,
  ``text/markdown`` (rendered through :func:`clean_html` in the feedback),
  ``text/html`` (cleaned by :func:`clean_html`), ``image/png`` and
  ``image/jpeg`` (decoded and re-encoded from their pixels, see
  :func:`reencode`). Everything else (JavaScript, SVG, LaTeX, JSON, widget
  views, unknown types) is dropped, with a note where nothing of the bundle
  is left. A bundle's metadata keeps only an image's numeric width and height.
- **Images** are decoded with Pillow, their size checked (at most
  :data:`MAX_PIXELS` pixels, :data:`MAX_SIDE` a side) before the pixels are
  read, and written again as PNG (JPEG as JPEG): text hidden after the image's
  end, in text or EXIF chunks, or in a file that only claims to be an image
  does not survive; an image that does not decode is dropped with a note.
  Pixels can still spell text (a learner's bytes as grey levels): the raw
  bytes of the image and of each band are given to the scrubber, and an image
  that holds hidden-test text is dropped.
- **Metadata**: the notebook keeps ``kernelspec`` and ``language_info``
  (short strings), a cell only its ``nbgrader`` metadata (known keys, typed
  values) and an id of nbformat's form; widget state, tags, attachments of
  other than image types and everything else go.
- **Size**: at most ``cell_limit`` characters of output per cell and
  ``notebook_limit`` per notebook (``c.AllowListOutputs.output_limit`` and
  ``.notebook_output_limit``: grader.settings.Output); the first
  output past either is replaced by a note saying so, and error outputs are
  always kept, each string cut to :data:`MAX_ERROR_TEXT`.
- **Scrubbing**: with a :class:`grader.autograde.scrub.Scrubber`, every kept text is
  scrubbed last (grader/autograde/scrub.py).

Sources: nbformat 4's output and metadata schema
(https://nbformat.readthedocs.io/en/latest/format_description.html); the MIME
types nbconvert's HTML templates render; ammonia's (nh3's) allow-list
sanitiser (https://nh3.readthedocs.io).
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import uuid

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import NbGraderPreprocessor

from grader import settings

NOTE = "[grader: {}]"
KEPT = ("text/plain", "text/markdown", "text/html", "image/png", "image/jpeg")
IMAGES = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_PIXELS = 4096 * 4096  # pixels an output image may have (a 16-megapixel figure)
MAX_SIDE = 16384  # pixels a side
MAX_ERROR_TEXT = 20_000  # characters of an error's value or traceback entry
MAX_FRAMES = 100  # traceback entries kept
NBGRADER_KEYS = {"grade": bool, "solution": bool, "locked": bool, "task": bool, "points": (int, float),
                 "grade_id": str, "schema_version": int, "cell_type": str, "checksum": str}
LANGUAGE_KEYS = ("name", "version", "mimetype", "file_extension", "pygments_lexer", "nbconvert_exporter")
KERNELSPEC_KEYS = ("name", "display_name", "language")
SHORT = re.compile(r"^[\w .,:;+/=()\[\]-]{0,80}$")  # a metadata string that may stay: no quotes, no <>&
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")  # nbformat 4.5's cell id
MIN_RUN = 12  # printable bytes in a row that could spell a secret line (grader.autograde.scrub.MIN_CHARS)
MAX_ANSI = 500  # escape codes a text may keep (tame_ansi)
MAX_MARKDOWN = 10_000  # characters of one markdown text rendered as markdown (render_markdown)
MARKDOWN_BUDGET = 100_000  # characters of markdown rendered on one page
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~])?")  # a CSI sequence (ECMA-48), or a lone escape

# What learner HTML may keep in a page: ammonia's default tags and attributes (no script, style,
# form, iframe, object, svg; no event handlers, no style, class or id attributes), links to
# http(s) and mail only, images from the notebook itself (data:image/png or jpeg, what
# nbconvert makes of a markdown attachment).
URL_SCHEMES = {"http", "https", "mailto", "data"}
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*$")
# a data: URL in learner HTML or markdown: its type, whether base64, and its payload (one linear run)
DATA_URL = re.compile(r"data:image/([\w.+-]{1,40})[^,\"'()<>\s]{0,100}?(;base64)?,([A-Za-z0-9+/=%\s]*)",
                      re.IGNORECASE)


def _attribute(tag: str, attr: str, value: str) -> str | None:
    if value.strip().lower().startswith("data:"):
        return value if tag == "img" and attr == "src" and DATA_IMAGE.match(value.strip()) else None
    return value


def clean_html(html: str) -> str:
    """``html`` (a learner's output or a rendered markdown cell) through nh3's allow-list.

    What is left cannot run script, load anything but images of the page itself
    or http(s) links, or change the page's style (no ``<style>``, ``style``,
    ``class`` or ``id``): an output cannot cover the grader's score or hide a
    failure. Returns the cleaned fragment.
    """
    import nh3

    return nh3.clean(html, url_schemes=URL_SCHEMES, attribute_filter=_attribute)


class MarkdownRenderer:
    """Markdown as HTML for one worker's feedback pages: cached, cleaned, bounded per page.

    ``renderer(render, source, key)`` returns ``render(source)`` through
    :func:`clean_html`, cached under ``key`` (most cells are the same for every
    student). mistune (nbconvert's markdown) is super-linear on some texts
    (``"*a" * 8000``: 1 s, four times that: 8 s), and a learner writes markdown
    cells and ``text/markdown`` outputs: a text over :data:`MAX_MARKDOWN`
    characters, or past the :data:`MARKDOWN_BUDGET` characters a page may
    render (:meth:`new_page` starts one), is shown as escaped preformatted text
    instead, and not cached. The course's longest markdown cell is 4,644
    characters, a whole notebook's 32,378.
    """

    def __init__(self, size: int = 20000):
        self.cache: dict = {}
        self.size = size
        self.budget = MARKDOWN_BUDGET

    def new_page(self) -> None:
        self.budget = MARKDOWN_BUDGET

    def __call__(self, render, source: str, key) -> str:
        import html

        if key in self.cache:
            return self.cache[key]
        if len(source) > MAX_MARKDOWN or len(source) > self.budget:
            return f"<pre>{html.escape(source)}</pre>"
        self.budget -= len(source)
        if len(self.cache) > self.size:
            self.cache.clear()
        self.cache[key] = clean_html(render(source))
        return self.cache[key]


def reencode(mime: str, value) -> tuple[str | None, bytes | None, str]:
    """The image of an output re-encoded from its pixels: (base64 text, pixel bytes, why not).

    ``value`` is the base64 text of an ``image/png`` or ``image/jpeg`` output
    (a string or a list of lines). Returns (new base64, the pixel bytes to read for secrets (:func:`_readable`),
    "") or (None, None, why it was dropped) for data that is not base64, not an
    image of that kind, over :data:`MAX_PIXELS` or :data:`MAX_SIDE`, or that
    does not decode. The new file is made from the pixels alone: PNG as 8-bit
    L, LA, RGB or RGBA (a palette image as RGBA); JPEG as L or RGB at quality 90.
    """
    from PIL import Image

    raw = "".join(value) if isinstance(value, list) else value
    if not isinstance(raw, str):
        return None, None, "an image that is not base64 text"
    try:
        data = base64.b64decode(raw, validate=False)
    except (binascii.Error, ValueError):
        return None, None, "an image that is not base64"
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != IMAGES[mime]:
                return None, None, f"a {mime} output holding {img.format or 'no image'} data"
            width, height = img.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                return None, None, f"a {width} x {height} image (over {MAX_PIXELS:,} pixels)"
            img.load()  # the first frame only: an animation keeps one picture
            grey = img.mode in ("1", "L", "I;16", "I", "F")
            mode = ("L" if grey else "RGB") if mime == "image/jpeg" else (
                img.mode if img.mode in ("L", "LA", "RGB", "RGBA") else "L" if grey else "RGBA")
            # a new image from the pixels alone: no text, ICC profile, EXIF, comment or palette comes along
            img = img if img.mode == mode else img.convert(mode)
            img = Image.frombytes(mode, img.size, img.tobytes())
            pixels = _readable(img)
            out = io.BytesIO()
            if mime == "image/jpeg":
                img.save(out, "JPEG", quality=90)
            else:
                img.save(out, "PNG", compress_level=3)  # faster than the default 6; files up to a third larger
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds on hostile data
        return None, None, f"an image that does not decode ({type(exc).__name__})"
    return base64.b64encode(out.getvalue()).decode("ascii"), pixels, ""


def _readable(img) -> bytes:
    """The bytes of ``img`` that could spell text: all bands together and each band, "\\0" between.

    A band of one value has no run of distinct bytes, and where one band is a
    constant byte that is not printable (an opaque alpha channel, say) the
    bands together have no run of :data:`MIN_RUN` printable bytes: those are
    left out (a figure's opaque RGBA is read as its three colour bands only).
    """
    if len(img.getbands()) == 1:
        return img.tobytes()
    bands = img.split()
    constant = [lo == hi for lo, hi in (band.getextrema() for band in bands)]
    unprintable = [c and not (32 <= band.getextrema()[0] <= 126 or 9 <= band.getextrema()[0] <= 13)
                   for c, band in zip(constant, bands, strict=True)]
    parts = [] if any(unprintable) else [img.tobytes()]
    parts += [band.tobytes() for band, c in zip(bands, constant, strict=True) if not c]
    return b"\0".join(parts)


def _printable_table():
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[9:14] = table[32:127] = True  # tab, newlines, space and ASCII's visible characters
    return table


_PRINTABLE = None


def reencode_data_urls(text: str, scrubber=None) -> tuple[str, list[str]]:
    """``text`` (HTML or markdown) with every ``data:`` image URL in it re-encoded, or emptied.

    An image embedded in a learner's HTML or markdown is an image too: its
    chunks and trailing bytes go, and its pixels are read for secrets, as for
    an ``image/png`` output (:func:`reencode`, :func:`pixels_hold`). Other
    ``data:`` URLs (SVG, base64 of anything else) become ``data:,``.
    Returns (the text, what was dropped).
    """
    dropped: list[str] = []

    def one(m: re.Match) -> str:
        mime = "image/" + m.group(1).lower()
        if mime in IMAGES and m.group(2):
            encoded, pixels, why = reencode(mime, re.sub(r"\s+", "", m.group(3)))
            if encoded is not None and not pixels_hold(scrubber, pixels):
                return f"data:{mime};base64,{encoded}"
            dropped.append(why or "an embedded image whose pixels spell hidden test text")
        else:
            dropped.append(f"an embedded data: URL ({mime})")
        return "data:,"

    return DATA_URL.sub(one, text), dropped


def pixels_hold(scrubber, pixels: bytes) -> bool:
    """Do an image's raw bytes spell a secret?

    Only runs of :data:`MIN_RUN` or more printable bytes (a secret line's
    least length) with 5 or more distinct bytes can; they are read as
    text in one pass (:meth:`grader.autograde.scrub.Scrubber.found_plain`, as written
    and reversed). Uniform areas and the bytes of most figures hold no such
    run, so this costs little beside decoding the image.
    """
    if scrubber is None or not scrubber:
        return False
    import numpy as np  # the runs found vectorised: a regular expression took 0.1 s a figure

    global _PRINTABLE
    if _PRINTABLE is None:
        _PRINTABLE = _printable_table()

    if len(pixels) < MIN_RUN:
        return False
    count = np.concatenate(([0], np.cumsum(_PRINTABLE[np.frombuffer(pixels, dtype=np.uint8)], dtype=np.int32)))
    first = np.flatnonzero(count[MIN_RUN:] - count[:-MIN_RUN] == MIN_RUN)  # where MIN_RUN printable bytes start
    if not len(first):
        return False
    breaks = np.flatnonzero(np.diff(first) > 1)  # runs of such starts, each one run of printable bytes
    starts = np.concatenate(([first[0]], first[breaks + 1]))
    ends = np.concatenate((first[breaks], [first[-1]])) + MIN_RUN
    runs = [pixels[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    runs = [run for run in runs if len(set(run)) >= 5]
    return bool(runs) and scrubber.found_plain(b"\0".join(runs).decode("latin-1"))


def tame_ansi(text: str) -> str:
    """``text`` without its ANSI escape codes where it has more than :data:`MAX_ANSI` of them.

    nbconvert's ``ansi2html`` (what colours stream text, ``text/plain`` and
    tracebacks in the feedback) copies the rest of the text at every escape
    code: quadratic, 2 s for 200 kB of ``"\x1b[1mX"``, minutes for a notebook of
    them. A text with more codes than any honest output keeps its characters and
    loses its colours; removing them is one linear pass (:data:`ANSI`).
    """
    return ANSI.sub("", text) if text.count("\x1b") > MAX_ANSI else text


def _note(text: str) -> NotebookNode:
    return NotebookNode(output_type="display_data", metadata={}, data={"text/plain": NOTE.format(text)})


def _size(out) -> int:
    return len(json.dumps(out, default=str))


class Sanitiser:
    """Applies the allow-list to a notebook; ``notes`` says what it dropped or cut.

    ``Sanitiser(scrubber=None, cell_limit=..., notebook_limit=...)``; call
    :meth:`notebook` on an nbformat notebook (changed in place).
    """

    def __init__(self, scrubber=None, cell_limit: int | None = None, notebook_limit: int | None = None):
        self.scrubber = scrubber
        limits = settings.Output()  # None: the traits' defaults (their one home)
        self.cell_limit = limits.output_limit if cell_limit is None else cell_limit
        self.notebook_limit = limits.notebook_output_limit if notebook_limit is None else notebook_limit
        self.notes: list[str] = []
        self._dropped: list[str] = []

    # -- one output ----------------------------------------------------------------
    def bundle(self, data, metadata) -> tuple[dict, dict, list[str]]:
        """(kept data, kept metadata, what was dropped) of one MIME bundle."""
        kept, meta, dropped = {}, {}, []
        if not isinstance(data, dict):
            return {}, {}, ["an output whose data is not a MIME bundle"]
        metadata = metadata if isinstance(metadata, dict) else {}
        for mime, value in data.items():
            if mime not in KEPT:
                dropped.append(f"{str(mime)[:60]} output")
                continue
            if mime in IMAGES:
                encoded, pixels, why = reencode(mime, value)
                if encoded is None:
                    dropped.append(why)
                    continue
                if pixels_hold(self.scrubber, pixels):
                    self.scrubber.hits += 1
                    dropped.append("an image whose pixels spell hidden test text")
                    continue
                kept[mime] = encoded
                size = metadata.get(mime)
                if isinstance(size, dict):
                    dims = {k: size[k] for k in ("width", "height")
                            if isinstance(size.get(k), (int, float)) and not isinstance(size.get(k), bool)
                            and 0 < size[k] <= MAX_SIDE}
                    if dims:
                        meta[mime] = dims
                continue
            text = "".join(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else value
            if not isinstance(text, str):
                dropped.append(f"{mime} output that is not text")
                continue
            if mime in ("text/html", "text/markdown") and "data:" in text:
                text, gone = reencode_data_urls(text, self.scrubber)
                dropped += gone
            kept[mime] = clean_html(text) if mime == "text/html" else tame_ansi(text)
        return kept, meta, dropped

    def output(self, out) -> list[dict]:
        """One output as it may be kept: itself, reduced and followed by a note, or a note alone."""
        self._dropped = []
        kept = self._output(out)
        dropped, self._dropped = self._dropped, []  # what went from a bundle that kept something
        return [kept, _note("not kept: " + ", ".join(dict.fromkeys(dropped)))] if dropped else [kept]

    def _output(self, out) -> dict:
        kind = out.get("output_type") if isinstance(out, dict) else None
        if kind == "stream":
            name = out.get("name") if out.get("name") in ("stdout", "stderr") else "stdout"
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            return NotebookNode(output_type="stream", name=name,
                                text=tame_ansi(text if isinstance(text, str) else str(text)))
        if kind == "error":
            tb = out.get("traceback", [])
            tb = tb if isinstance(tb, list) else [str(tb)]
            return NotebookNode(output_type="error", ename=tame_ansi(str(out.get("ename", "Error"))[:200]),
                                evalue=tame_ansi(str(out.get("evalue", ""))[:MAX_ERROR_TEXT]),
                                traceback=[tame_ansi(str(t)[:MAX_ERROR_TEXT]) for t in tb[-MAX_FRAMES:]])
        if kind in ("display_data", "execute_result"):
            data, meta, dropped = self.bundle(out.get("data", {}), out.get("metadata", {}))
            if dropped:
                self.notes.append("dropped " + ", ".join(dict.fromkeys(dropped)))
            if not data:
                return _note("not kept: " + ", ".join(dict.fromkeys(dropped or ["an empty output"])))
            self._dropped = dropped  # said in a note right after the output (output())
            kept = NotebookNode(output_type=kind, data=from_dict(data), metadata=from_dict(meta))
            if kind == "execute_result":
                count = out.get("execution_count")
                kept["execution_count"] = count if isinstance(count, int) and not isinstance(count, bool) else None
            return kept
        self.notes.append(f"dropped an output of type {str(kind)[:40]}")
        return _note(f"an output of type {str(kind)[:40]!r} is not kept")

    # -- a notebook ------------------------------------------------------------------
    def notebook(self, nb) -> list[str]:
        """Apply the allow-list to ``nb`` in place; return the notes (also in ``self.notes``)."""
        nb.metadata = from_dict(self._nb_metadata(nb.get("metadata", {})))
        total = 0
        cut_notebook = False
        for cell in nb.get("cells", []):
            cell["metadata"] = from_dict(self._cell_metadata(cell.get("metadata", {})))
            if "id" in cell and not (isinstance(cell["id"], str) and CELL_ID.match(cell["id"])):
                cell["id"] = uuid.uuid4().hex[:8]
            if cell.get("cell_type") == "markdown" and "attachments" in cell:
                cell["attachments"] = from_dict(self._attachments(cell.get("attachments")))
            if cell.get("cell_type") != "code":
                continue
            outputs, used, cut_cell = [], 0, False
            given = cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []
            for kept in (o for out in given for o in self.output(out)):
                if kept["output_type"] == "error":  # always kept (bounded above): it says why a test failed
                    outputs.append(kept)
                    continue
                if cut_cell or cut_notebook:
                    continue
                size = _size(kept)
                if used + size > self.cell_limit:
                    cut_cell = True
                    outputs.append(_note(f"output past {self.cell_limit // 1000} kB in this cell not kept"))
                    self.notes.append("a cell's output was cut")
                    continue
                if total + size > self.notebook_limit:
                    cut_notebook = True
                    outputs.append(_note(f"output past {self.notebook_limit // 1000} kB in this notebook "
                                         "not kept (here and in every later cell)"))
                    self.notes.append("the notebook's output was cut")
                    continue
                used += size
                total += size
                outputs.append(kept)
            cell["outputs"] = outputs
        if self.scrubber is not None:
            self.scrubber.notebook(nb)
        return self.notes

    @staticmethod
    def _nb_metadata(meta) -> dict:
        meta = meta if isinstance(meta, dict) else {}
        kept = {}
        spec = meta.get("kernelspec")
        if isinstance(spec, dict):
            kept["kernelspec"] = {k: spec[k] for k in KERNELSPEC_KEYS if isinstance(spec.get(k), str)
                                  and SHORT.match(spec[k])}
        if not {"name", "display_name"} <= set(kept.get("kernelspec", {})):  # nbformat requires both
            kept["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        lang = meta.get("language_info")
        if isinstance(lang, dict):
            info = {k: lang[k] for k in LANGUAGE_KEYS if isinstance(lang.get(k), str) and SHORT.match(lang[k])}
            mode = lang.get("codemirror_mode")
            if isinstance(mode, str) and SHORT.match(mode):
                info["codemirror_mode"] = mode
            elif isinstance(mode, dict) and isinstance(mode.get("name"), str) and SHORT.match(mode["name"]):
                info["codemirror_mode"] = {"name": mode["name"], **(
                    {"version": mode["version"]} if isinstance(mode.get("version"), int) else {})}
            kept["language_info"] = info
        return kept

    @staticmethod
    def _cell_metadata(meta) -> dict:
        grading = meta.get("nbgrader") if isinstance(meta, dict) else None
        if not isinstance(grading, dict):
            return {}
        kept = {k: v for k, v in grading.items() if k in NBGRADER_KEYS and isinstance(v, NBGRADER_KEYS[k])
                and not (isinstance(v, bool) and NBGRADER_KEYS[k] in (int, (int, float)))}
        if isinstance(kept.get("grade_id"), str) and not SHORT.match(kept["grade_id"]):
            kept.pop("grade_id")
        for key in ("cell_type", "checksum"):
            if isinstance(kept.get(key), str) and not SHORT.match(kept[key]):
                kept.pop(key)
        return {"nbgrader": kept} if kept else {}

    def _attachments(self, attachments) -> dict:
        kept = {}
        for name, bundle in (attachments.items() if isinstance(attachments, dict) else []):
            if not isinstance(name, str) or not isinstance(bundle, dict) or len(name) > 200:
                continue
            if self.scrubber is not None and self.scrubber.found(name):  # a name is text too
                self.notes.append("dropped a markdown attachment whose name held hidden test text")
                continue
            images = {m: v for m, v in bundle.items() if m in IMAGES}
            data, _, dropped = self.bundle(images, {})
            if dropped or len(images) < len(bundle):
                self.notes.append(f"dropped a markdown attachment's {', '.join(dropped) or 'non-image data'}")
            if data:
                kept[name] = data
        return kept


def sanitise(nb, scrubber=None, cell_limit: int | None = None, notebook_limit: int | None = None) -> list[str]:
    """Apply the allow-list (and ``scrubber``, when given) to ``nb`` in place; return its notes.

    ``cell_limit``, ``notebook_limit``: characters of output kept per cell and
    per notebook (None: grader.settings.Output's defaults)."""
    return Sanitiser(scrubber, cell_limit, notebook_limit).notebook(nb)


CSP = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
       "frame-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


def with_csp(page: str) -> str:
    """An HTML page with :data:`CSP_META` as the first element of its head.

    The policy allows no script at all (not the template's own either: a
    feedback page is read, not run; math shows as its TeX), no frames, forms
    or plugins, styles only inline (the template's; learner HTML has none left
    after :func:`clean_html`), and images only from the page itself (data:
    URLs, what nbconvert embeds). Source: the CSP Level 3 specification
    (https://www.w3.org/TR/CSP3/), which lets a ``<meta http-equiv>`` set it
    for content that follows it.
    """
    m = re.search(r"<head[^>]*>", page, re.IGNORECASE)
    if m is None:
        return CSP_META + page
    return page[:m.end()] + CSP_META + page[m.end():]


class AllowListOutputs(settings.Output, NbGraderPreprocessor):
    """nbgrader's autograde, last step: the outputs allow-list (grader/autograde/outputs.py) on the autograded notebook.

    Under ``python -m grader`` the allow-list runs again, with the course's
    scrubber, on the copy that is written (``Autograder.presented``). Its
    limits are grader.settings.Output's traits, set as ``c.AllowListOutputs.*``.
    """

    def preprocess(self, nb, resources):
        if resources.get("grader", {}).get("outputs_later"):  # python -m grader: done on the written copy
            return nb, resources
        notes = sanitise(nb, None, self.output_limit, self.notebook_output_limit)
        if notes:
            resources.setdefault("grader", {}).setdefault("output_notes", []).extend(notes)
        return nb, resources
