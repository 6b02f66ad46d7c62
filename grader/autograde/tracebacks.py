"""What a failed test says: its error read from the traceback, hidden tests' lines kept out of sight.

A test cell's error is summed up as "Ename: message" (:func:`failures`), and
called a hidden test's when the failing statement is one of the cell's hidden
lines (:func:`own_lines` reads the cell's own frames from the traceback). The
copy that is shown has test cells as released (:func:`hide_hidden_tests`).
"""

from __future__ import annotations

import re

from grader.autograde.scrub import MARKER, Scrubber
from grader.cells import cell_source, nbgrader_meta
from grader.course.build import NotebookInfo

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# [^<>\n]: a try stops at the next "<" or line end, so a traceback of many unclosed "<ipython-input-" costs
# linear time (with [^>]* every try ran to the end of the text: 6.7 s for 136 kB, a learner's error can be 4 MB)
CELL_LINE = re.compile(r"(?:Cell In\s*\[(\d*)\]|<ipython-input-(\d+)-[^<>\n]*>),\s*line (\d+)")
# Python's and IPython's separators between chained tracebacks
CHAINED = re.compile(r"During handling of the above exception|The above exception was the direct cause")


def _error_head(out: dict, hidden: bool, scrubber: Scrubber | None) -> str:
    """"Ename: evalue" of an error output; for a hidden test, only what may be shown.

    A hidden test's own checks (the course's support package) say what failed without code;
    any message that holds hidden-test or solution text (a learner's
    exception carrying the test's source, say) is replaced by a sentence.
    """
    ename = str(out.get("ename", "Error"))
    evalue = str(out.get("evalue", "")).strip()
    if scrubber is not None and (scrubber.found(ename) or scrubber.found(evalue)):
        if hidden:
            return f"{MARKER} (the error's message held hidden test text)"
        ename, evalue = scrubber.text(ename), scrubber.text(evalue)
    return ename + (f": {evalue}" if evalue else "")


def own_lines(cell, text: str) -> list[int]:
    """Line numbers, outermost first, of the frames that ``cell`` itself ran in
    the traceback ``text`` (ANSI codes removed).

    A traceback holds frames from several cells (a test cell calling a learner's
    function defined in a solution cell), and a chained one (a check that
    catches the learner's exception and raises its own) starts with the
    learner's frames. The test cell's own frames are those whose ``Cell In[N]``
    is its execution count; without a count, those of the last chained part.
    """
    count = cell.get("execution_count")
    found = [(n or m, int(line)) for n, m, line in CELL_LINE.findall(text)]
    if count is not None:
        mine = [line for n, line in found if n == str(count)]
        if mine:
            return mine
    last = CHAINED.split(text)[-1]
    return [int(line) for _, _, line in CELL_LINE.findall(last)]


def _error_in_hidden(cell, out, first_hidden: int | None) -> bool:
    if first_hidden is None:
        return False
    lines = own_lines(cell, ANSI.sub("", "\n".join(out.get("traceback", []))))
    return bool(lines) and lines[0] >= first_hidden


def failures(nb, info: NotebookInfo, scrubber: Scrubber | None = None) -> dict[str, str]:
    """{test grade_id: why it failed: the error's name and whole message} for
    test cells with an error; "hidden test: " starts it where the failing
    statement is one of the cell's hidden lines."""
    found = {}
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if cell.cell_type != "code" or gid not in info.tests:
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                hidden = _error_in_hidden(cell, out, info.hidden_from.get(gid))
                found[gid] = ("hidden test: " if hidden else "") + _error_head(out, hidden, scrubber)
                break
    return found


def hide_hidden_tests(nb, info: NotebookInfo, release: dict, scrubber: Scrubber | None = None) -> None:
    """Test cells as released (no hidden tests); errors from hidden lines shown without code.

    An error in a test cell that has hidden tests keeps one line (no
    traceback: its frames would quote the hidden lines); from a hidden line
    it reads "A hidden test failed. Ename: message", the message only when
    it holds no hidden-test or solution text.
    """
    shown = {nbgrader_meta(c).get("grade_id"): cell_source(c) for c in release["cells"]}
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if cell.cell_type != "code" or gid not in info.tests:
            continue
        cell.source = shown.get(gid, "")
        first_hidden = info.hidden_from.get(gid)
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            hidden = _error_in_hidden(cell, out, first_hidden)
            head = _error_head(out, hidden, scrubber)
            if hidden:
                out["traceback"] = [f"A hidden test failed. {head}"]
            elif first_hidden is not None:
                out["traceback"] = [head]
