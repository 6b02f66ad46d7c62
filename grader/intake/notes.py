"""What reading a class finds, and the names it knows: the intake's notes (:class:`Intake`).

Layouts that are not the expected one are read, never silently: an
:class:`Intake` collects a note for each (grader.intake.submissions,
grader.intake.archive, grader.intake.lms), and the grader puts it into the
row's message (:func:`join_notes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from grader import settings

JUNK = ("__MACOSX", ".ipynb_checkpoints", ".git", "__pycache__")
SIDECAR_NAMES = ("timestamp.txt", "submission_secret.txt")  # nbgrader's files beside a submission
# a notebook saved with another extension by a browser or an editor ("Save as text")
MISSAVED = (".ipynb.txt", ".ipynb.json", ".ipynb.html.txt")
# text files that may hold a notebook saved under another name (a browser's "Save as", a renamed file)
MAYBE_NOTEBOOK = (".json", ".txt", ".py", ".html", ".htm", ".md")
# files handed in instead of the notebook, as the row's message names them
WRONG_TYPES = {".py": "a Python script (File > Download as > Python), not the notebook",
               ".html": "an HTML export, not the notebook", ".htm": "an HTML export, not the notebook",
               ".pdf": "a PDF export, not the notebook", ".md": "a Markdown export, not the notebook",
               ".tex": "a LaTeX export, not the notebook", ".docx": "a Word document, not the notebook",
               ".doc": "a Word document, not the notebook", ".txt": "a text file, not the notebook",
               ".json": "a JSON file that is not a notebook", ".zip": "a zip archive, not the notebook",
               ".png": "an image (a screenshot?), not the notebook", ".jpg": "an image, not the notebook",
               ".jpeg": "an image, not the notebook", ".rtf": "a text document, not the notebook",
               ".rar": "a RAR archive (the grader opens .zip only), not the notebook",
               ".7z": "a 7-Zip archive (the grader opens .zip only), not the notebook"}


@dataclass
class Intake:
    """What reading the class found that a row's message must say.

    ``notes``: {resolved path of a student's folder or of a file: [notes]}:
    the folder's notes go into every row of that student, a file's into the
    row it is graded for. ``left``: {resolved folder: [names]} of files a zip
    held there that were not extracted (only notebooks are), so that a
    ``.py`` handed in instead of a notebook is still named. ``scratch``: a
    folder for layouts the grader rebuilds (the exchange's ``inbound/``).
    ``limits``: the configured sizes (grader.settings.Intake: ``c.Intake.*``);
    None: that configurable's defaults.
    """

    notes: dict[Path, list[str]] = field(default_factory=dict)
    left: dict[Path, list[str]] = field(default_factory=dict)
    scratch: Path | None = None
    summary: list[str] = field(default_factory=list)
    names: Any = None  # the course's grader.course.layout.CourseNotebooks (None: the grader's configuration's)
    limits: settings.Intake | None = None

    def add(self, path: Path, note: str) -> None:
        """Attach ``note`` to ``path`` (a student's folder or a file), once."""
        got = self.notes.setdefault(Path(path).resolve(), [])
        if note and note not in got:
            got.append(note)

    def of(self, path: Path | None) -> list[str]:
        """The notes attached to ``path``."""
        return list(self.notes.get(Path(path).resolve(), [])) if path is not None else []


def join_notes(*parts) -> str:
    """The non-empty notes, joined with "; " as a row's message joins them, each once."""
    out: list[str] = []
    for part in parts:
        for note in [part] if isinstance(part, str) else list(part or []):
            if note and note not in out:
                out.append(note)
    return "; ".join(out)


def split_suffix(name: str) -> tuple[str, str]:
    """("01_x", ".ipynb.txt") for "01_x.ipynb.txt": the name and its notebook suffix, or its last suffix."""
    lower = name.lower()
    for suffix in (*MISSAVED, ".ipynb"):
        if lower.endswith(suffix):
            return name[: -len(suffix)], name[-len(suffix):]
    p = PurePosixPath(name)
    return p.stem, p.suffix


def unfollowed(folder: Path, stem: str) -> list[str]:
    """Notes on what of notebook ``stem`` the student's ``folder`` holds but the grader does not read: a
    symbolic link (never followed: it may point anywhere) and Jupyter's checkpoint (an autosave copy)."""
    found = []
    for p in sorted(Path(folder).rglob(f"{stem}*.ipynb"), key=str)[:20]:
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            found.append(f"{rel!r} is a symbolic link, not followed: hand in the file itself")
        elif p.parent.name == ".ipynb_checkpoints" and p.is_file():
            found.append(f"only Jupyter's checkpoint copy {rel!r} is there, not graded: hand in the notebook")
    return found
