"""Images in a graded notebook's outputs: re-encoded from their pixels, and the pixels read for secrets.

Part of the outputs allow-list (grader.autograde.outputs): an ``image/png`` or
``image/jpeg`` output, or a ``data:`` image in learner HTML or markdown, is
decoded with Pillow, its size checked before the pixels are read, and written
again from the pixels alone (:func:`reencode`); its raw bytes are given to the
scrubber (:func:`pixels_hold`).
"""

from __future__ import annotations

import base64
import binascii
import io
import re

IMAGES = {"image/png": "PNG", "image/jpeg": "JPEG"}
MAX_PIXELS = 4096 * 4096  # pixels an output image may have (a 16-megapixel figure)
MAX_SIDE = 16384  # pixels a side
MIN_RUN = 12  # printable bytes in a row that could spell a secret line (grader.autograde.secretlines.MIN_CHARS)
# a data: URL in learner HTML or markdown: its type, whether base64, and its payload (one linear run)
DATA_URL = re.compile(r"data:image/([\w.+-]{1,40})[^,\"'()<>\s]{0,100}?(;base64)?,([A-Za-z0-9+/=%\s]*)",
                      re.IGNORECASE)




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
