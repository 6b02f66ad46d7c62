"""Which text of a course is secret: the hidden-test and solution lines, less what is public.

Secret lines (:func:`secret_lines`) are the lines between
``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` and between
``### BEGIN SOLUTION`` / ``### END SOLUTION`` in the nbgrader source, minus
every line the released notebook shows anyway, compared without whitespace,
and only where at least :data:`MIN_CHARS` characters remain (shorter lines,
``x = 1``, say too little and would hit honest output).

What is public is never removed (issue 23): a piece of a secret line that a
line of any released notebook contains (the visible test, the stub, the
prose) or that a string of the course's test cells contains (the messages and
likely causes the course means to show, hidden tests' included) is public,
even where the secret line as a whole is not.

The lines found here are what grader.autograde.scrub.Scrubber removes from
every output the grader writes.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from grader.cells import cell_source, nbgrader_meta

MIN_CHARS = 12  # a secret line must keep this many non-space characters
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
SPACE = re.compile(r"\s+")

# nbgrader's markers of a hidden-test and a solution block (the one place for them)
BLOCK = {
    "hidden": (re.compile(r"^\s*### BEGIN HIDDEN TESTS\s*$"), re.compile(r"^\s*### END HIDDEN TESTS\s*$")),
    "solution": (re.compile(r"^\s*### BEGIN SOLUTION\s*$"), re.compile(r"^\s*### END SOLUTION\s*$")),
}
# a string literal on one line: the course's messages (likely causes, hints) live in these
STRING = re.compile(r"""[rbfuRBFU]{0,2}("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def code_pieces(line: str) -> list[str]:
    """The parts of a source line outside its string literals.

    The strings of a hidden test are the messages the course means to show
    (``likely={"the kernel was flipped ...": ...}``, hints): a failure
    message that quotes one must not be scrubbed. The code around them is
    what stays secret.
    """
    return STRING.split(line)[::2] if ("'" in line or '"' in line) else [line]


def normalise(text: str) -> str:
    """``text`` without ANSI colour codes and whitespace (how secrets are compared)."""
    return SPACE.sub("", ANSI.sub("", text))


def _blocks(source: str, kind: str) -> list[str]:
    begin, end = BLOCK[kind]
    lines, inside = [], False
    for line in source.splitlines():
        if begin.match(line):
            inside = True
        elif end.match(line):
            inside = False
        elif inside:
            lines.append(line)
    return lines


def secret_lines(source_nb: dict, release_nb: dict | None = None) -> list[str]:
    """The normalised hidden-test and solution lines of one nbgrader source notebook.

    ``source_nb`` and ``release_nb`` are notebooks as dicts (nbformat JSON).
    Lines that the release shows (the visible part of a test, a stub, a
    signature) are public and left out, as are lines shorter than
    :data:`MIN_CHARS` once whitespace is removed. Returns unique strings,
    longest first, as a :class:`SecretLines` (whose ``public`` the
    :class:`Scrubber` reads).
    """
    return course_secret_lines([(source_nb, release_nb or {})])


class SecretLines(list):
    """Secret lines (a list of str), with ``public``: the normalised text that is public.

    ``public`` holds every line of every released notebook and every string of
    the course's test cells, normalised; :class:`Scrubber` never removes a
    piece of a secret that one of them contains.
    """

    public: list[str]


def course_strings(source: str) -> list[str]:
    """The string literals of a cell's ``source`` (the course's messages and hints), normalised.

    Read with :mod:`ast` (triple-quoted and f-strings too); a cell that does not
    parse falls back to the one-line literals :data:`STRING` finds.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return [normalise(m[1:-1]) for m in STRING.findall(source)]
    return [normalise(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def course_secret_lines(notebooks: Iterable[tuple[dict, dict]]) -> SecretLines:
    """:func:`secret_lines` of a whole course: [(source, release), ...] of every notebook.

    A notebook's outputs are checked against every notebook's secrets (a
    learner who found the solutions of notebook 02 must not print them in
    01's feedback); a line any release shows is public, and so is any piece
    of a secret that a released line or a test cell's string contains (see
    :class:`SecretLines`).
    """
    public: set[str] = set()
    found: set[str] = set()
    for source_nb, release_nb in notebooks:
        for cell in release_nb.get("cells", []):
            public.update(normalise(line) for line in cell_source(cell).splitlines())
        for cell in source_nb.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            src = cell_source(cell)
            meta = nbgrader_meta(cell)
            if meta.get("grade") and not meta.get("solution"):  # a test cell: its messages are the course's
                public.update(t for t in course_strings(src) if len(t) >= MIN_CHARS)
            lines = _blocks(src, "hidden") + _blocks(src, "solution")
            if meta.get("solution") and not _blocks(src, "solution"):
                lines += src.splitlines()  # a solution cell without markers: all of it is the answer
            pieces = [piece for line in lines for piece in code_pieces(line)]
            found.update(n for n in map(normalise, pieces) if len(n) >= MIN_CHARS and not n.startswith("#"))
    secrets = SecretLines(sorted(found - public, key=lambda s: (-len(s), s)))
    secrets.public = sorted(public)
    return secrets
