"""Keep hidden tests and solutions out of everything the grader writes.

A learner's function runs inside the test cell that calls it, so it can read
that cell's source (IPython's ``In``, ``_ih`` and history, the caller's frame,
``linecache``, a traceback) and print it, raise it, display it or keep it for
a later cell. The grader cannot stop a Python process from reading its own
code, so it checks what comes *out* instead: every output of every cell
(stream text, display data of every mime type, ``execute_result``, and the
ename, evalue and traceback of errors) is compared with the *secret lines*
of that notebook before anything is written, and a line that holds one is
replaced by :data:`MARKER`.

Secret lines (grader.autograde.secretlines) are the lines of hidden tests and
solutions that the released notebooks do not show; a piece of one that is
public (a released line, a string of the course's tests) is never removed.
A long line is also found by any :data:`SHINGLE` characters of it, so printing half a line does not
get past. Each output is checked as written, reversed, with HTML/SVG tags
removed and entities decoded, with ROT13, and with every base64 or hex token
in it decoded (zlib-compressed payloads too, inflated to at most
:data:`MAX_INFLATE` bytes).

The search is linear in the size of the output, with a bound. Every secret is
cut into *windows*: a short line (up to :data:`SHINGLE` characters) is one
window, a long line every run of :data:`SHINGLE` characters of it; an output
holds a secret when it holds a window. Windows are kept in hash sets, one per
length, and indexed by their :data:`GRAM`-character pieces with where the
piece sits in the window. A text is probed every :data:`STEP` characters
(every window of :data:`MIN_CHARS` or more holds a whole probe); a probe that
is a known piece is checked by one set look-up per (length, offset) the piece
has, at most :data:`MAX_CANDIDATES` of them however many secrets share it. So
the work per character is bounded by a constant, whatever the output holds
(long repetitive text, many near-misses); a text over :data:`MAX_TEXT`
characters is not searched at all but withheld whole (:data:`OVERSIZE`).
(Hashing of shingles rather than an Aho-Corasick automaton: the course's
secrets are a few tens of thousands of characters, the sets are small, and no
package is needed; pyahocorasick would match the same windows.)

Limits, stated plainly: text re-encoded in a way not listed above (every
other character, a custom cipher, text drawn into a PNG) is not recognised.
Against those, the sandbox (no gradebook, no solutions on the kernel's
filesystem) and the static scan (reading history or frames is named for
review) are the defences; see docs/grader/feedback.md.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
import warnings
import zlib
from collections.abc import Iterable

from grader.autograde.secretlines import ANSI, MIN_CHARS, normalise

MARKER = "[grader: hidden test text removed]"
OVERSIZE = "[grader: output too large to check for hidden test text; not kept]"
MAX_TEXT = 4_000_000  # characters of one output text that are searched; a longer one is withheld
MAX_INFLATE = 1_000_000  # bytes a compressed payload is inflated to, at most, to be read
MAX_LINES = 1_000  # lines of a text that holds a secret that are checked one by one (more: all of it goes)
SHINGLE = 32  # a long secret line is also found by any run of this many of its characters
GRAM = 8  # probe length; a text is probed every STEP characters
STEP = MIN_CHARS - GRAM + 1
# the most (window length, offset) pairs one probe can have: the bound on the work per probe
MAX_CANDIDATES = sum(size - GRAM + 1 for size in range(MIN_CHARS, SHINGLE + 1))

TAG = re.compile(r"<[^<>]*>")  # [^<>]: linear on "<<<<..." (each try stops at the next "<")
B64_TOKEN = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
HEX_TOKEN = re.compile(r"(?:[0-9a-fA-F]{2}){8,}")
PNG = b"\x89PNG\r\n\x1a\n"
TEXT_MIMES = ("text/", "application/json", "application/javascript", "image/svg+xml")


class Scrubber:
    """Finds and removes secret lines in output text; see the module's docstring.

    ``Scrubber(secrets, public=None)``: ``secrets`` from grader.autograde.secretlines.secret_lines
    (normalised strings); ``public``, normalised strings whose pieces are never
    secret (default: ``secrets.public`` where ``secrets`` is a
    grader.autograde.secretlines.SecretLines). ``hits`` counts the outputs changed, so a caller can
    say so.
    """

    def __init__(self, secrets: Iterable[str], public: Iterable[str] | None = None):
        if public is None:
            public = getattr(secrets, "public", ())
        # windows[length]: the windows of that length (whole short secrets, SHINGLE-runs of long ones)
        self.windows: dict[int, set[str]] = {}
        # grams[piece]: {(window length, offset of the piece in the window)} for every GRAM-piece of a window
        self.grams: dict[str, set[tuple[int, int]]] = {}
        for s in secrets:
            if len(s) < MIN_CHARS:
                continue
            size = min(len(s), SHINGLE)
            for j in range(len(s) - size + 1):
                w = s[j:j + size]
                known = self.windows.setdefault(size, set())
                if w in known:
                    continue
                known.add(w)
                for o in range(size - GRAM + 1):
                    self.grams.setdefault(w[o:o + GRAM], set()).add((size, o))
        for text in public:  # what is public is never removed, even as part of a secret
            for size, w in list(self._matches(text)):
                self.windows[size].discard(w)
        self.grams = {g: tuple(sorted(c)) for g, c in self.grams.items()}
        self.hits = 0

    def __bool__(self) -> bool:
        return any(self.windows.values())

    # -- finding ---------------------------------------------------------------
    def _matches(self, norm: str) -> Iterable[tuple[int, str]]:
        """Every (length, window) of a secret that ``norm`` holds (found at least once each).

        Linear in ``len(norm)``: one probe every STEP characters, and per probe
        at most MAX_CANDIDATES set look-ups.
        """
        n, grams, windows = len(norm), self.grams, self.windows
        for i in range(0, n - GRAM + 1, STEP):
            for size, o in grams.get(norm[i:i + GRAM], ()):
                j = i - o
                if j >= 0 and j + size <= n:
                    w = norm[j:j + size]
                    if w in windows[size]:
                        yield size, w

    def _plain(self, norm: str) -> bool:
        """Does ``norm`` hold a whole short secret, or SHINGLE characters of a long one?"""
        if len(norm) > MAX_TEXT:
            return True
        return next(iter(self._matches(norm)), None) is not None

    def _variants(self, text: str) -> Iterable[str]:
        yield text
        if "<" in text or "&" in text:
            yield html.unescape(TAG.sub("", text))
            yield html.unescape(text)
        if "\\" in text:
            try:
                # an unknown escape (\\[, \\p) is kept as written; Python warns about it, which says nothing here
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    decoded = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
            except (UnicodeDecodeError, UnicodeEncodeError):
                pass
            else:
                yield decoded
        yield codecs.encode(text, "rot13")
        yield from _decoded_tokens(text)

    def found(self, text: str) -> bool:
        """Does ``text`` hold a secret line, in any of the recognised forms?

        True, unread, for a text over :data:`MAX_TEXT` characters (the bound).
        """
        if not self or not text:
            return False
        if len(text) > MAX_TEXT:
            return True
        for variant in self._variants(text):
            norm = normalise(variant)
            if self._plain(norm) or self._plain(norm[::-1]):
                return True
        return False

    def found_plain(self, text: str) -> bool:
        """Does ``text`` hold a secret as written or reversed (no other encodings)?

        For large texts that are no one's prose (an image's pixels): read in
        pieces of :data:`MAX_TEXT` characters that overlap by a window, so
        the bound does not withhold them and the work stays linear.
        """
        norm = normalise(text)
        step = MAX_TEXT - 2 * SHINGLE
        for start in range(0, max(len(norm) - 2 * SHINGLE, 1), step):
            piece = norm[start:start + MAX_TEXT]
            if self._plain(piece) or self._plain(piece[::-1]):
                return True
        return False

    # -- removing --------------------------------------------------------------
    def text(self, text: str) -> str:
        """``text`` with each line that holds a secret replaced by :data:`MARKER`.

        When the secret only shows across lines (one character a line, say),
        or the text has more than :data:`MAX_LINES` lines (each line is checked
        on its own: about 20 microseconds a line), the whole text becomes the
        marker. A line shorter than :data:`MIN_CHARS` cannot hold a secret in
        any form read here and is not checked.
        """
        if not self.found(text):
            return text
        self.hits += 1
        end = "\n" if text.endswith("\n") else ""
        if len(text) > MAX_TEXT:
            return OVERSIZE + end
        lines = text.splitlines(keepends=True)
        if len(lines) > MAX_LINES:
            return MARKER + end
        out = [(MARKER + ("\n" if line.endswith("\n") else "")) if len(line.strip()) >= MIN_CHARS
               and self.found(line) else line for line in lines]
        kept = "".join(out)
        return kept if not self.found(kept) else MARKER + end

    def value(self, value):
        """A mime bundle value: text, a list of lines, or JSON data (scrubbed recursively)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                joined = "".join(value)
                kept = self.text(joined)
                return value if kept == joined else [kept]
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def output(self, out: dict) -> None:
        """Scrub one nbformat output in place."""
        kind = out.get("output_type")
        if kind == "stream":
            out["text"] = self.value(out.get("text", ""))
        elif kind in ("display_data", "execute_result", "update_display_data"):
            data = out.get("data", {})
            for mime in list(data):
                if mime.startswith(TEXT_MIMES) or mime.endswith(("+json", "+xml")):
                    data[mime] = self.value(data[mime])
                elif self._binary_holds_secret(data[mime]):
                    self.hits += 1
                    del data[mime]
                    data.setdefault("text/plain", MARKER)
            if "metadata" in out:
                out["metadata"] = self.value(out["metadata"])
        elif kind == "error":
            out["ename"] = self.text(str(out.get("ename", "")))
            out["evalue"] = self.text(str(out.get("evalue", "")))
            out["traceback"] = [self._frame(t) for t in out.get("traceback", [])]

    def _frame(self, entry: str) -> str:
        if not self.found(entry):
            return entry
        return self.text(ANSI.sub("", entry))  # colours go where a line is cut out

    def _binary_holds_secret(self, value) -> bool:
        """An image's bytes (base64 in the notebook) with the text in a metadata chunk, say."""
        raw = "".join(value) if isinstance(value, list) else value
        if not isinstance(raw, str):
            return False
        try:
            data = base64.b64decode(raw, validate=False)
        except (binascii.Error, ValueError):
            return False
        if data.startswith(PNG):  # text can only sit in its text chunks: read those, not the pixels
            return any(self.found(text) for text in _png_texts(data))
        return self._plain(normalise(data.decode("latin-1")))

    def notebook(self, nb) -> int:
        """Scrub every output of every code cell of ``nb`` in place; return how many changed."""
        before = self.hits
        for cell in nb.get("cells", []):
            for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
                self.output(out)
        return self.hits - before


def _png_texts(data: bytes) -> Iterable[str]:
    """The tEXt, zTXt and iTXt chunks of a PNG file, as text (the pixels are not read)."""
    import struct

    pos = len(PNG)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"tEXt":
            yield body.decode("latin-1")
        elif kind in (b"zTXt", b"iTXt"):
            yield body.decode("latin-1")
            key, _, rest = body.partition(b"\0")
            for skip in (1, 2):  # zTXt: method byte; iTXt: flag, method, language, keyword, then text
                try:
                    yield inflate(rest[skip:] if kind == b"zTXt" else rest.split(b"\0")[-1]).decode(
                        "utf-8", "ignore")
                    break
                except zlib.error:
                    continue
        elif kind == b"IEND":
            return


def _decoded_tokens(text: str) -> Iterable[str]:
    """Text hidden in base64 or hex tokens of ``text`` (also zlib-compressed), decoded."""
    if len(text) < 16:
        return
    for m in B64_TOKEN.finditer(text):
        token = m.group(0)
        for alt in (token, token[::-1]):
            pad = alt.rstrip("=")
            pad += "=" * (-len(pad) % 4)
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                try:
                    raw = decode(pad)
                except (binascii.Error, ValueError):
                    continue
                yield from _bytes_as_text(raw)
    for m in HEX_TOKEN.finditer(text):
        try:
            yield from _bytes_as_text(bytes.fromhex(m.group(0)))
        except ValueError:
            continue


def inflate(raw: bytes, wbits: int = zlib.MAX_WBITS) -> bytes:
    """``raw`` zlib-decompressed, at most :data:`MAX_INFLATE` bytes of it (a small bomb stays small).

    Raises zlib.error where ``raw`` is not compressed data.
    """
    return zlib.decompressobj(wbits).decompress(raw, MAX_INFLATE)


def _bytes_as_text(raw: bytes) -> Iterable[str]:
    yield raw.decode("utf-8", "ignore")
    if raw[:1] in (b"\x78", b"\x1f"):
        try:
            yield inflate(raw, zlib.MAX_WBITS | 32).decode("utf-8", "ignore")
        except zlib.error:
            pass
