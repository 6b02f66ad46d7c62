"""When a notebook was handed in: nbgrader's ``timestamp.txt``, read as nbgrader reads it, and where it misreads.

nbgrader's ``collect`` writes ``submitted/STUDENT/ASSIGNMENT/timestamp.txt``
beside the notebooks, and its ``autograde`` compares that time with the
assignment's due date (late-submission penalties). LMS exports and hand-made
folders write the time in other forms; :func:`parse_timestamp` reads them with
nbgrader's own parser, first putting the forms it misreads silently into one
it reads right, and says what it did in a note.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

# Zone abbreviations that dateutil.tz.gettz does not know (it knows tzdata's EST, MST, HST, CET, EET,
# WET, MET and UTC/GMT): with them nbgrader's parse_utc gets no zone and silently reads the time as UTC.
# North American ones from RFC 5322 section 4.3 (obs-zone), European summer times from the IANA tz
# database (europe: CEST, WEST, EEST; BST is Europe/London's summer time). Each use is said in the note.
ZONE_OFFSETS = {"UT": 0, "Z": 0, "EDT": -4, "CDT": -5, "CST": -6, "MDT": -6, "PDT": -7, "PST": -8,
                "AKST": -9, "AKDT": -8, "CEST": 2, "WEST": 1, "EEST": 3, "BST": 1}


def _zone_as_offset(text: str, what: str, shown: str) -> tuple[str, str, str]:
    """(text, note, refusal): a zone word of ``text`` that nbgrader's parse_utc would misread put as an offset.

    An offset or ``AM``/``PM`` after a space joined to the time; a zone
    abbreviation dateutil does not know read with :data:`ZONE_OFFSETS`
    (said in the note), or, as the third word and not there either, refused.
    """
    import dateutil.tz

    note = ""
    words = text.split()
    if len(words) == 3:
        date, clock, zone = words
        if re.fullmatch(r"[+-]\d\d:?\d\d", zone):
            text = f"{date} {clock}{zone}"
        elif zone.upper() in ("AM", "PM"):
            text = f"{date} {clock}{zone}"
        elif re.fullmatch(r"[A-Za-z]{1,6}", zone) and dateutil.tz.gettz(zone) is None:
            hours = ZONE_OFFSETS.get(zone.upper())
            if hours is None:
                return text, "", (f"{what} says {shown!r}: nbgrader cannot tell the time zone {zone!r} (it would "
                                  "read the time as UTC); when it was handed in is not known (not counted late); "
                                  "write the zone as an offset such as +0100")
            text = f"{date} {clock}{hours:+03d}:00"
            note = f"{what}: read the zone {zone!r} as UTC{hours:+03d}:00"
    elif len(words) > 3:  # `date`'s "Tue Dec  1 10:00:00 PST 2026": the zone as an offset dateutil reads
        for i, word in enumerate(words):
            hours = ZONE_OFFSETS.get(word.upper()) if re.fullmatch(r"[A-Za-z]{1,6}", word) else None
            if hours is not None and dateutil.tz.gettz(word) is None:
                words[i] = f"{hours:+03d}00"
                note = f"{what}: read the zone {word!r} as UTC{hours:+03d}:00"
        text = " ".join(words)
    return text, note, ""


def _read_with_nbgrader(text: str, what: str, shown: str, unknown: str, note: str) -> tuple:
    """(naive UTC datetime or None, note) of ``text`` (put in a form it reads right) by nbgrader's
    ``parse_utc``; a zone it cannot tell is refused, a date that could be day/month and a time in
    the future are said in the note."""
    import warnings

    from nbgrader.utils import parse_utc

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            when = parse_utc(text)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None, unknown
    if any("UnknownTimezoneWarning" in type(w.message).__name__ or "tzname" in str(w.message) for w in caught):
        return None, (f"{what} says {shown!r}: nbgrader cannot tell its time zone (it would read the time as "
                      "UTC); when it was handed in is not known (not counted late)")
    if when is None or not isinstance(when, datetime.datetime):
        return None, unknown
    m = re.match(r"\s*(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}\b", text)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2):
        note = "; ".join(filter(None, [note, f"{what}: {shown!r} could be day/month or month/day; read as "
                                              f"{when:%Y-%m-%d} (month first)"]))
    if when > datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(days=1):
        note = "; ".join(filter(None, [note, f"{what}: {shown!r} lies in the future; check the clock that wrote it"]))
    return when, note


def parse_timestamp(text: str, what: str = "timestamp.txt") -> tuple:
    """(naive UTC datetime or None, note) for a submission time as written in nbgrader's ``timestamp.txt``.

    Parsed with nbgrader's own ``nbgrader.utils.parse_utc`` (what ``nbgrader
    collect`` and ``autograde`` use; a time without a zone is UTC, nbgrader's
    convention, Exchange.timezone). Where parse_utc misreads a form silently,
    the text is first put into a form it reads right, and the note says so:

    - a numeric offset after a space (``2026-12-01 10:00:00 +0100``): parse_utc
      passes ``int("+0100")`` to dateutil as an offset of 100 *seconds*; the
      offset is joined to the time (``10:00:00+0100``), which dateutil reads;
    - ``AM``/``PM`` as the third word (``12/01/2026 10:00 PM``): parse_utc takes
      it for a zone name and drops it; it is joined to the time;
    - a zone abbreviation dateutil does not know (``PST``, ``CEST``): read
      with :data:`ZONE_OFFSETS`, or, when it is not there either, refused
      (None) rather than taken as UTC.

    ``None`` with a note that names the text for an empty file, a byte-order
    mark alone, words, or an unknown zone: when the notebook was handed in is
    then not known, and nbgrader counts it as on time. ``what`` names the
    source in the note. Never raises for bad text.
    """


    raw = str(text)
    text = raw.replace("\ufeff", "").strip()
    shown = text if len(text) <= 60 else text[:57] + "..."
    unknown = f"{what} says {shown!r}, which is not a time nbgrader can read: when it was handed in is not known " \
              "(not counted late); nbgrader writes e.g. '2026-12-01 10:00:00.000000 UTC'"
    if not text:
        return None, f"{what} is empty: when it was handed in is not known (not counted late)"
    if "\n" in text or len(text) > 100:
        return None, unknown
    # Blackboard's attempt times in file names, 2026-12-01-10-00-00: dateutil cannot split them
    text = re.sub(r"^(\d{4}-\d\d-\d\d)[-_](\d\d)[-_.](\d\d)(?:[-_.](\d\d))?$",
                  lambda m: f"{m.group(1)} {m.group(2)}:{m.group(3)}:{m.group(4) or '00'}", text)
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):  # Unix time, as some LMS exports write it
        when = datetime.datetime.fromtimestamp(float(text), datetime.timezone.utc).replace(tzinfo=None)
        return when, f"{what}: read {shown!r} as seconds since 1970 (Unix time): {when:%Y-%m-%d %H:%M:%S} UTC"
    # DD.MM.YYYY is day first wherever dots are written (DIN 5008, most of Europe); dateutil reads month first
    dotted = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\b(.*)$", text)
    if dotted:
        text = f"{dotted.group(3)}-{int(dotted.group(2)):02d}-{int(dotted.group(1)):02d}{dotted.group(4)}"
    # a zone name after a numeric offset (10:00:00+01:00 CET): the offset says it all
    text = re.sub(r"([+-]\d\d:?\d\d)\s+[A-Za-z]{2,6}$", r"\1", text)
    text, note, refused = _zone_as_offset(text, what, shown)
    if refused:
        return None, refused
    return _read_with_nbgrader(text, what, shown, unknown, note)


def read_timestamp(path: Path | None) -> tuple:
    """(naive UTC datetime or None, note) of the ``timestamp.txt`` beside the notebook at ``path``
    (``submitted/STUDENT/ASSIGNMENT/timestamp.txt``, nbgrader's layout), read with
    :func:`parse_timestamp`; (None, "") without one."""
    if path is None:
        return None, ""
    stamp = Path(path).parent / "timestamp.txt"
    if not stamp.is_file() or stamp.is_symlink():
        return None, ""
    try:
        if stamp.stat().st_size > 4096:
            return None, "timestamp.txt is over 4 KB, not a time: when it was handed in is not known (not counted late)"
        data = stamp.read_bytes()
    except OSError as exc:
        return None, f"timestamp.txt cannot be read ({exc.strerror}): when it was handed in is not known"
    for encoding in ("utf-8-sig", "utf-16"):  # Notepad's "Unicode" is UTF-16 with a byte-order mark
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None, "timestamp.txt is not text: when it was handed in is not known (not counted late)"
    return parse_timestamp(text.replace("\x00", ""))


def submission_timestamp(path: Path | None):
    """When the notebook at ``path`` was handed in (:func:`read_timestamp` without its note): a
    naive UTC datetime, or None without a readable ``timestamp.txt``."""
    return read_timestamp(path)[0]
