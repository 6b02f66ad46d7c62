"""What a graded notebook's outputs may carry into the autograded notebook and the feedback page.

An allow-list, applied after grading to everything the grader writes
(``Autograder.presented`` for ``python -m grader``; :class:`AllowListOutputs`
at the end of nbgrader's autograde steps for ``nbgrader autograde --config
grader/nbgrader_config.py``). It never changes a score: it runs after the
grades are saved.

- **Outputs**: ``stream`` (stdout, stderr), ``display_data``,
  ``execute_result`` and ``error`` only; every other kind is replaced by a
  note. In a bundle only :data:`KEPT` MIME types stay: ``text/plain``,
  ``text/markdown`` (rendered through grader.autograde.markup.clean_html in
  the feedback), ``text/html`` (cleaned by it), ``image/png`` and
  ``image/jpeg`` (decoded and re-encoded from their pixels, see
  grader.autograde.images.reencode). Everything else (JavaScript, SVG, LaTeX, JSON, widget
  views, unknown types) is dropped, with a note where nothing of the bundle
  is left. A bundle's metadata keeps only an image's numeric width and height.
- **Images** (grader/autograde/images.py) are decoded with Pillow, their size checked (at most
  ``MAX_PIXELS`` pixels, ``MAX_SIDE`` a side) before the pixels are
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

import json
import re
import uuid

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import NbGraderPreprocessor

from grader import settings
from grader.autograde.images import IMAGES, MAX_SIDE, pixels_hold, reencode, reencode_data_urls
from grader.autograde.markup import clean_html

NOTE = "[grader: {}]"
KEPT = ("text/plain", "text/markdown", "text/html", "image/png", "image/jpeg")
MAX_ERROR_TEXT = 20_000  # characters of an error's value or traceback entry
MAX_FRAMES = 100  # traceback entries kept
NBGRADER_KEYS = {"grade": bool, "solution": bool, "locked": bool, "task": bool, "points": (int, float),
                 "grade_id": str, "schema_version": int, "cell_type": str, "checksum": str}
LANGUAGE_KEYS = ("name", "version", "mimetype", "file_extension", "pygments_lexer", "nbconvert_exporter")
KERNELSPEC_KEYS = ("name", "display_name", "language")
SHORT = re.compile(r"^[\w .,:;+/=()\[\]-]{0,80}$")  # a metadata string that may stay: no quotes, no <>&
CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")  # nbformat 4.5's cell id
MAX_ANSI = 500  # escape codes a text may keep (tame_ansi)
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~])?")  # a CSI sequence (ECMA-48), or a lone escape

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
