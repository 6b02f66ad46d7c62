"""A notebook file's bytes as JSON text, as learners' tools really save it.

nbformat requires UTF-8 (https://nbformat.readthedocs.io/en/latest/format_description.html), but
files arrive otherwise: UTF-16 from PowerShell 5's ``Out-File``/``Set-Content`` or Notepad's
"Unicode" (with a byte-order mark), Windows-1252 from an old editor, a shorter save written over a
longer file (the old tail left after the JSON), a half-synced file padded with NUL bytes. Each is
read with a note that says what was done; what cannot be read raises ValueError with the reason.
The standard library's codecs and ``json.JSONDecoder.raw_decode`` do the work; what is written
here is only which to use when.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from grader import settings

# byte-order marks, the longer first (UTF-32 LE starts with UTF-16 LE's mark)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", ""), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))


def decode(raw: bytes) -> tuple[str, str]:
    """(text, note) of a notebook file's bytes; note is "" for plain UTF-8 (with or without a BOM).

    Order: a byte-order mark (UTF-32, UTF-8, UTF-16); UTF-16 without a mark, told by the NUL byte
    beside the ASCII of the JSON's first character (the rule of RFC 4627, section 3); UTF-8;
    otherwise the bytes are not UTF-8: a file with valid multi-byte UTF-8 in it keeps it, its bad
    bytes replaced (U+FFFD); one without any is read as Windows-1252 (Latin-1 for the five bytes
    cp1252 leaves undefined), the code page Windows editors save in. Raises ValueError for bytes
    that are no text in any of these (control bytes in a file that is not UTF-8: an image, a zip).
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError:
                break
            return text, (f"saved as {name}, not UTF-8; read it as {name}" if name else "")
    head = raw[:4]
    for codec, nul_first in (("utf-16-le", False), ("utf-16-be", True)):
        if len(head) >= 2 and (head[0] == 0) == nul_first and (head[1] == 0) != nul_first:
            try:
                return raw.decode(codec), "saved as UTF-16, not UTF-8; read it as UTF-16"
            except UnicodeDecodeError:
                pass
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if any(b < 0x20 and b not in b"\t\n\r\x0c" for b in raw.rstrip(b"\x00")):
        raise ValueError(f"not a text file (a control byte, not UTF-8 at byte {bad_at})")
    replaced = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in replaced):
        bad = replaced.count("\ufffd")
        return replaced, (f"{bad} byte(s) are not UTF-8 (the first at byte {bad_at}); replaced them with "
                          "U+FFFD")
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text, "saved in Windows-1252, not UTF-8; read it as Windows-1252"


def first_json(text: str):
    """(value, note): the JSON value at the start of ``text``; note names what follows it, if anything.

    Raises ValueError (json.JSONDecodeError, with ``cut_short`` True when the text ends inside the
    value) and RecursionError as json does.
    """
    body = text.lstrip()
    try:
        value, end = json.JSONDecoder().raw_decode(body)
    except json.JSONDecodeError as exc:
        exc.cut_short = exc.pos >= len(body.rstrip()) - 1
        raise
    rest = body[end:]
    if not rest.strip(" \t\r\n\x00"):
        if "\x00" in rest:
            return value, f"ignored {len(rest.encode('utf-8'))} byte(s) after the notebook's JSON (NUL bytes)"
        return value, ""
    return value, (f"ignored {len(rest.encode('utf-8'))} byte(s) after the notebook's JSON (left from an "
                   "earlier save?)")


def load(path: Path) -> dict | None:
    """The JSON object in the file ``path`` read as :func:`decode` and :func:`first_json` read it (None: not
    one, unreadable, or over the default ``c.Intake.max_notebook_bytes``)."""
    try:
        if path.stat().st_size > settings.default(settings.Intake, "max_notebook_bytes"):
            return None
        value, _ = first_json(decode(path.read_bytes())[0])
        return value if isinstance(value, dict) else None
    except (OSError, ValueError, RecursionError):
        return None
