"""nbgrader's course layout: where each file of a course and of a graded class lives.

nbgrader names every file by assignment and notebook: ``source/ASSIGNMENT/NB.ipynb``,
``release/ASSIGNMENT/NB.ipynb``, ``submitted/STUDENT/ASSIGNMENT/NB.ipynb``,
``autograded/STUDENT/ASSIGNMENT/NB.ipynb`` and ``feedback/STUDENT/ASSIGNMENT/NB.html``
(what ``nbgrader release_feedback`` looks for; nbgrader's ``CourseDirectory``
``format_path``). The grader names a notebook of the course by a *key*: for
a flat solutions folder (``solutions/NB.ipynb``) the key is the stem, and the
stem is the assignment and the notebook at once (``NB/NB``); for an nbgrader
course folder whose assignment holds several notebooks (or one of another
name) the key is ``ASSIGNMENT/NB``. :func:`split` turns a key into
(assignment, notebook); every path below goes through it.

Which files of a flat folder are the course's notebooks, and the short name
that keys the course's tables (``c.Integrity.reference_answers``,
``c.CleanRoom.allowed``) and ties a renamed file to its notebook, are the
course's to say: :class:`CourseNotebooks` (``c.CourseNotebooks.*``).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from traitlets import Unicode
from traitlets.config import Configurable

from grader import gradebook
from grader.outfolder import AUTOGRADED, FEEDBACK

# folders of an nbgrader course directory that are never a student's
COURSE_FOLDERS = ("source", "release", "submitted", "autograded", "feedback", "outbound", "inbound")


class CourseNotebooks(Configurable):
    """How the course names its notebooks (course knowledge, set in the course's nbgrader_config.py).

    The defaults suit any nbgrader course: every ``.ipynb`` of a flat
    solutions folder is a notebook of the course (nbgrader's
    generate_assignment takes any name), and a notebook's key in the course's
    tables is its whole key.
    """

    pattern = Unicode(r"[^.].*", help="regular expression that the stem of a notebook in a flat solutions "
                      "folder must match in full to be a notebook of the course (others there are left out)"
                      ).tag(config=True)
    short_name = Unicode("", help="regular expression whose first group is a notebook's short name: matched at "
                         "the start of a notebook's key, the key of the course's per-notebook tables "
                         "(c.Integrity.reference_answers, c.CleanRoom.allowed, c.CleanRoom.keep; a key it does "
                         "not match is its own short name); searched anywhere in a file name, the mark that ties "
                         "a renamed file ('Copy of ... (1).ipynb') to the notebook of that short name; empty: "
                         "the whole key, and no renamed-file rule").tag(config=True)

    def is_course_notebook(self, stem: str) -> bool:
        """Whether a flat folder's ``stem.ipynb`` is a notebook of the course (:attr:`pattern`)."""
        return re.fullmatch(self.pattern, stem) is not None

    def short(self, key: str) -> str:
        """The key of the course's tables for notebook ``key`` (:attr:`short_name`; else ``key``)."""
        m = re.match(self.short_name, key) if self.short_name else None
        return m.group(1) if m and m.groups() else key

    def mark(self, name: str) -> str | None:
        """The short name a file name carries (a renamed copy of a notebook), or None."""
        m = re.search(self.short_name, name) if self.short_name else None
        return m.group(1) if m and m.groups() else None


def course_notebooks_config(cfg=None) -> CourseNotebooks:
    """:class:`CourseNotebooks` under ``cfg`` (default: the grader's configuration, grader.course.build.load_config)."""
    if cfg is None:
        from grader.course.build import load_config

        cfg = load_config()
    return CourseNotebooks(config=cfg)


def split(key: str) -> tuple[str, str]:
    """(assignment, notebook) of a course key: ``"04_x"`` -> ("04_x", "04_x"); ``"hw1/part2"`` -> ("hw1", "part2")."""
    if "/" in key:
        assignment, notebook = key.split("/", 1)
        return assignment, notebook
    return key, key


def key_of(assignment: str, notebook: str) -> str:
    """The course key of ``notebook`` in ``assignment`` (the inverse of :func:`split`)."""
    return assignment if assignment == notebook else f"{assignment}/{notebook}"


def feedback_file(out: Path, student: str, key: str) -> Path:
    """``out/feedback/STUDENT/ASSIGNMENT/NB.html``: nbgrader's feedback layout."""
    assignment, notebook = split(key)
    return Path(out) / FEEDBACK / student / assignment / f"{notebook}.html"


def autograded_file(out: Path, student: str, key: str) -> Path:
    """``out/autograded/STUDENT/ASSIGNMENT/NB.ipynb``: nbgrader's autograded layout."""
    assignment, notebook = split(key)
    return Path(out) / AUTOGRADED / student / assignment / f"{notebook}.ipynb"


def course_file(root: Path, step: str, key: str) -> Path:
    """``root/STEP/ASSIGNMENT/NB.ipynb`` for step ``source`` or ``release``."""
    assignment, notebook = split(key)
    return Path(root) / step / assignment / f"{notebook}.ipynb"


CONFIG_TEMPLATE = '''\
"""nbgrader configuration of this course folder, written by `python -m grader export-course`.

It loads the grader's own configuration (preprocessors, limits, the course's
protected modules and preloads: grader/nbgrader_config.py of the installed
grader), so nbgrader's commands run from this folder grade as `python -m grader
grade` does:

    nbgrader db assignment list
    nbgrader generate_assignment ASSIGNMENT --force
    nbgrader release_assignment ASSIGNMENT      # JupyterHub's exchange
    nbgrader collect ASSIGNMENT
    nbgrader autograde ASSIGNMENT
    nbgrader formgrader / generate_feedback / release_feedback
"""

import os

import grader

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads the file
load_subconfig(os.path.join(os.path.dirname(grader.__file__), "nbgrader_config.py"))  # noqa: F821

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
# JupyterHub's exchange (nbgrader's default is /srv/nbgrader/exchange):
# c.Exchange.root = "/srv/nbgrader/exchange"
'''
# the course folder's own nbgrader_config.py that the course was exported from (its knowledge)
COURSE_CONFIG_LINE = '''
# the course's own configuration (what it knows: notebooks, reference answers, packages, limits)
load_subconfig({config!r})  # noqa: F821
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
'''


def choose_assignments(available: list[str], wanted: list[str] | None) -> list[str]:
    """The assignments of ``available`` that ``wanted`` names (all when None), in course order.

    A name is an assignment's exact name, or a unique start of one (``01``
    for ``01_intro``). Raises GraderError with one line naming
    what is unknown or ambiguous and what there is.
    """
    from grader.errors import GraderError

    if not wanted:
        return list(available)
    chosen: set[str] = set()
    for name in wanted:
        hits = [a for a in available if a == name] or [a for a in available if a.startswith(name)]
        if len(hits) != 1:
            what = "is no assignment" if not hits else f"fits {len(hits)} assignments ({', '.join(hits[:3])})"
            raise GraderError(f"--assignments: {name!r} {what} of the course; choose from {', '.join(available)}")
        chosen.add(hits[0])
    return [a for a in available if a in chosen]


def export_course(dest: Path, solutions: Path | None = None, course_id: str | None = None,
                  assignments: list[str] | None = None) -> tuple[list[str], str]:
    """Write an nbgrader course folder for the course's solutions into ``dest``.

    ``dest/source/NB/NB.ipynb`` (the solutions, hidden tests included),
    ``dest/release/NB/NB.ipynb`` (what learners get: byte for byte
    ``notebooks/``), ``dest/gradebook.db`` (nbgrader's, every assignment and
    its cells, hidden tests included, no students yet) and
    ``dest/nbgrader_config.py`` (loads the grader's configuration, then the
    course folder's own where the solutions are one's ``source/``, sets the
    course id). ``course_id``: default the course's
    ``c.CourseDirectory.course_id``, else ``dest``'s name (as ``nbgrader
    quickstart DEST`` names a course). ``assignments``: only these (:func:`choose_assignments`) go
    into the folder and the gradebook, so that totals and ``nbgrader
    export`` count only what the class is given; the others are removed
    from the gradebook with nbgrader's own ``Gradebook.remove_assignment``.
    ``dest`` must be new or empty; it is made readable by its owner only (mode
    0700: it holds the hidden tests). Returns the assignments written and the course id. Raises
    GraderError with one line for a ``dest`` that holds files or an unknown
    assignment.
    """
    import shutil

    from grader.course.build import prepare
    from grader.errors import GraderError

    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise GraderError(f"{dest} is not an empty folder; pass a new folder for the course")
    prep = prepare(solutions)
    if course_id is None:
        course_id = prep.load_config().CourseDirectory.get("course_id") or Path(dest).resolve().name
    if not course_id or not re.fullmatch(r"[\w.-]+", course_id):
        raise GraderError(f"{course_id!r} is not a course id; pass --course-id NAME (letters, digits, - and _)")
    available = list(dict.fromkeys(split(k)[0] for k in prep.stems))
    chosen = choose_assignments(available, assignments)
    keys = [k for k in prep.stems if split(k)[0] in chosen]
    dest.mkdir(parents=True, exist_ok=True)
    # the course folder holds the solutions and hidden tests: only its owner may enter it, whatever
    # the umask (Debian's 022 leaves new folders readable by every user of a shared hub)
    dest.chmod(0o700)
    for step in ("source", "release"):
        for key in keys:
            target = course_file(dest, step, key)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(course_file(prep.root, step, key), target)
    db = dest / "gradebook.db"
    db.write_bytes(prep.pristine)  # the verified course gradebook
    if len(chosen) < len(available):
        with gradebook.open_gradebook(db) as gb:
            for name in available:
                if name not in chosen:
                    gb.remove_assignment(name)
    gradebook.set_course_id(db, course_id)
    text = CONFIG_TEMPLATE.format(course_id=course_id)
    if prep.config is not None:  # the course's own knowledge, over the grader's, as when it was graded
        text += COURSE_CONFIG_LINE.format(config=str(Path(prep.config).resolve()), course_id=course_id)
    (dest / "nbgrader_config.py").write_text(text, encoding="utf-8")
    return chosen, course_id


# Zone abbreviations that dateutil.tz.gettz does not know (it knows tzdata's EST, MST, HST, CET, EET,
# WET, MET and UTC/GMT): with them nbgrader's parse_utc gets no zone and silently reads the time as UTC.
# North American ones from RFC 5322 section 4.3 (obs-zone), European summer times from the IANA tz
# database (europe: CEST, WEST, EEST; BST is Europe/London's summer time). Each use is said in the note.
ZONE_OFFSETS = {"UT": 0, "Z": 0, "EDT": -4, "CDT": -5, "CST": -6, "MDT": -6, "PDT": -7, "PST": -8,
                "AKST": -9, "AKDT": -8, "CEST": 2, "WEST": 1, "EEST": 3, "BST": 1}


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
    import warnings

    import dateutil.tz
    from nbgrader.utils import parse_utc

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
    note = ""
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):  # Unix time, as some LMS exports write it
        when = datetime.datetime.fromtimestamp(float(text), datetime.timezone.utc).replace(tzinfo=None)
        return when, f"{what}: read {shown!r} as seconds since 1970 (Unix time): {when:%Y-%m-%d %H:%M:%S} UTC"
    # DD.MM.YYYY is day first wherever dots are written (DIN 5008, most of Europe); dateutil reads month first
    dotted = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\b(.*)$", text)
    if dotted:
        text = f"{dotted.group(3)}-{int(dotted.group(2)):02d}-{int(dotted.group(1)):02d}{dotted.group(4)}"
    # a zone name after a numeric offset (10:00:00+01:00 CET): the offset says it all
    text = re.sub(r"([+-]\d\d:?\d\d)\s+[A-Za-z]{2,6}$", r"\1", text)
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
                return None, (f"{what} says {shown!r}: nbgrader cannot tell the time zone {zone!r} (it would read "
                              "the time as UTC); when it was handed in is not known (not counted late); "
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


def course_folder(path: Path) -> Path | None:
    """``path`` when it is an nbgrader course directory, else None: a ``source/`` folder with
    ``ASSIGNMENT/*.ipynb``, or beside ``submitted/``, ``release/``, ``gradebook.db`` or
    ``nbgrader_config.py`` (then its folders are never taken for students)."""
    path = Path(path)
    if not (path.is_dir() and (path / "source").is_dir()):
        return None
    marks = ("submitted", "release", "gradebook.db", "nbgrader_config.py")
    if any((path / "source").glob("*/*.ipynb")) or any((path / m).exists() for m in marks):
        return path
    return None


def _fold(name: str) -> str:
    """A folder or file name as compared loosely: NFC, case-folded, without spaces around it."""
    import unicodedata

    return unicodedata.normalize("NFC", name).strip().casefold()


def match_course(folder: Path, keys: list[str], intake=None) -> dict[str, tuple[Path, str]]:
    """{key: (path, note)} of one student's ``submitted/STUDENT/`` folder: ``ASSIGNMENT/NB.ipynb``,
    nbgrader's layout (links are not followed).

    What nbgrader would miss is read with a note in the row: an assignment
    folder named in another case or with spaces (``PS1/``, ``ps1 /``), a
    notebook named in another case or saved as ``NB.ipynb.txt``, a notebook
    put straight into ``submitted/STUDENT/`` (no assignment folder) when its
    name belongs to one assignment only. Folders that are no assignment of
    the course are named in a note on every row of the student (``intake``,
    a grader.intake.notes.Intake).
    """
    from grader.intake.notes import join_notes
    from grader.intake.submissions import notebook_base

    folder = Path(folder)
    by_assignment: dict[str, list[str]] = {}
    for key in keys:
        assignment, notebook = split(key)
        by_assignment.setdefault(assignment, []).append(notebook)
    entries = [e for e in sorted(folder.iterdir()) if not e.name.startswith(".") and not e.is_symlink()] \
        if folder.is_dir() else []
    dirs = {e.name: e for e in entries if e.is_dir()}
    general: list[str] = list(intake.of(folder)) if intake is not None else []

    def notebooks_in(where: Path) -> dict[str, tuple[Path, str]]:
        """{folded notebook name: (path, note)} of the notebook files directly in ``where``."""
        out: dict[str, tuple[Path, str]] = {}
        for p in sorted(where.iterdir()) if where.is_dir() else []:
            if not p.is_file() or p.is_symlink():
                continue
            base = notebook_base(p)
            if base is not None and (_fold(base[0]) not in out or p.name.lower().endswith(".ipynb")):
                out[_fold(base[0])] = (p, base[1])
        return out

    used: set[str] = set()
    found: dict[str, tuple[Path, str]] = {}
    for assignment, notebooks in by_assignment.items():
        exact = dirs.get(assignment)
        loose = [d for name, d in dirs.items() if _fold(name) == _fold(assignment) and name != assignment]
        where, note = exact, ""
        if exact is None and len(loose) == 1:
            where = loose[0]
            note = f"graded the folder {where.name!r} as {assignment} (it should be named {assignment})"
        if where is None:  # a folder of another name whose notebooks are this assignment's and no other's
            mine = {_fold(n) for n in notebooks}
            others = {_fold(n) for a, nbs in by_assignment.items() if a != assignment for n in nbs}
            fits = [d for name, d in dirs.items() if name not in by_assignment and name not in used
                    and _fold(name) not in {_fold(a) for a in by_assignment}
                    and (set(notebooks_in(d)) & mine) and not (set(notebooks_in(d)) & others - mine)]
            if len(fits) == 1:
                where = fits[0]
                note = (f"graded the folder {where.name!r} as {assignment}: its notebooks are {assignment}'s "
                        f"(it should be named {assignment})")
        if where is not None:
            used.add(where.name)
            inner = [e for e in where.iterdir() if e.is_dir() and not e.name.startswith(".") and not e.is_symlink()]
            if not notebooks_in(where) and len(inner) == 1 and notebooks_in(inner[0]):
                where = inner[0]  # a zip of the folder unpacked into it: ps1/ps1/
                note = join_notes(note, f"graded the notebooks in '{where.relative_to(folder).as_posix()}/' "
                                        f"(one folder too deep; they belong in {assignment}/)")
        have = notebooks_in(where) if where is not None else {}
        top = notebooks_in(folder)
        for notebook in notebooks:
            key = key_of(assignment, notebook)
            exact_path = where / f"{notebook}.ipynb" if where is not None else None
            if exact_path is not None and exact_path.is_file() and not exact_path.is_symlink():
                found[key] = (exact_path, note)
            elif _fold(notebook) in have:
                path, saved = have[_fold(notebook)]
                renamed = "" if saved or path.name == f"{notebook}.ipynb" else \
                    f"graded {path.name!r} as {notebook}.ipynb (its file name should be {notebook}.ipynb)"
                found[key] = (path, join_notes(note, saved, renamed))
            elif _fold(notebook) in top and sum(_fold(notebook) in map(_fold, nbs) for nbs in by_assignment.values()) == 1:
                path, saved = top[_fold(notebook)]
                found[key] = (path, join_notes(f"graded {path.name!r} as {assignment}/{notebook}.ipynb: it was handed "
                                               f"in without its assignment folder {assignment}/", saved))
    strays = [name for name in dirs if name not in used and name not in by_assignment]
    if strays:
        general.append(f"not graded: the folder(s) {', '.join(repr(x) + '/' for x in strays[:3])} "
                       f"(not an assignment of this course: {', '.join(list(by_assignment)[:4])}"
                       + (" ..." if len(by_assignment) > 4 else "") + ")")
    if intake is not None:
        intake.notes[folder.resolve()] = list(dict.fromkeys(intake.of(folder) + general))
    return {key: (path, join_notes(note, intake.of(path) if intake is not None else [],
                                   intake.of(path.parent) if intake is not None and path.parent != folder else [],
                                   general))
            for key, (path, note) in found.items()}


def gradebook_revision(db: Path) -> tuple[str | None, str]:
    """(the gradebook's alembic revision or None, the revision of the installed nbgrader's schema).

    The installed one is the head of nbgrader's own migration scripts
    (nbgrader.dbutil.ALEMBIC_DIR, read with alembic). Raises ValueError when
    ``db`` is not a readable SQLite file.
    """
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader import dbutil

    config = Config()
    config.set_main_option("script_location", dbutil.ALEMBIC_DIR)
    head = ScriptDirectory.from_config(config).get_current_head()
    return gradebook.revision(db), head


def upgrade_gradebook(db: Path) -> str:
    """Upgrade an older nbgrader gradebook (nbgrader 0.5's, say) in place; return a note ("" when current).

    Runs nbgrader's own ``nbgrader db upgrade`` (DbUpgradeApp: it copies
    the file to ``gradebook.db.YYYY-MM-DD-HHMMSS.ffffff`` first, then runs
    nbgrader's alembic migrations), so students, submissions and manual
    grades are kept, as they are by nbgrader itself. Raises GraderError with
    nbgrader's reason when the upgrade fails (the backup is then untouched).
    """
    import subprocess
    import sys
    import tempfile

    from grader.course.build import ensure_tools_on_path
    from grader.errors import GraderError

    db = Path(db)
    if not db.is_file():
        return ""
    try:
        have, head = gradebook_revision(db)
    except ValueError:
        return ""  # not a gradebook: the caller sets it aside
    if have == head or have is None:
        return ""
    ensure_tools_on_path()
    before = set(db.parent.glob(db.name + ".*"))
    with tempfile.TemporaryDirectory() as cwd:  # no course config of the working directory
        proc = subprocess.run([sys.executable, "-m", "nbgrader", "db", "upgrade",
                               f"--CourseDirectory.db_url=sqlite:///{db.resolve()}"],
                              cwd=cwd, capture_output=True, text=True, timeout=600)
    backups = sorted(set(db.parent.glob(db.name + ".*")) - before)
    if proc.returncode != 0:
        why = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
        raise GraderError(f"{db} is an older nbgrader gradebook (schema {have}) and `nbgrader db upgrade` failed: "
                          f"{why[-1] if why else proc.returncode}; the backup is "
                          f"{backups[0].name if backups else 'not made'}")
    return (f"{db.name} was an older nbgrader gradebook (schema {have}); upgraded in place with `nbgrader db "
            f"upgrade` to {head}, its students and grades kept (backup: {backups[0].name if backups else 'none'})")


SIDECARS = ("timestamp.txt", "submission_secret.txt")  # what nbgrader's release_feedback reads beside the page


def copy_sidecars(submitted: Path, out: Path, student: str, key: str) -> None:
    """Copy nbgrader's ``timestamp.txt`` and ``submission_secret.txt`` of a submission
    (``submitted/STUDENT/ASSIGNMENT/``) beside its autograded notebook and feedback, as
    nbgrader's autograde and generate_feedback do: ``nbgrader release_feedback`` needs both."""
    import shutil

    for name in SIDECARS:
        src = Path(submitted) / name
        for dest in (autograded_file(out, student, key).parent, feedback_file(out, student, key).parent):
            if not dest.is_dir():
                continue
            if src.is_file() and not src.is_symlink():
                shutil.copyfile(src, dest / name)
            elif (dest / name).is_file() and Path(submitted).resolve() != dest.resolve():
                (dest / name).unlink()  # a resubmission without it: the old one must not stay
