"""What the grader tells a learner about a failed test cell: the right cell's
frame decides "hidden", and `check` shows each message whole."""

from __future__ import annotations

from pathlib import Path

import nbformat

from grader.autograde.tracebacks import failures, own_lines
from grader.course.build import NotebookInfo
from grader.run.check import WIDTH, human
from grader.run.items import Graded

# The traceback IPython prints when a visible assert_raises (line 2 of the test
# cell, executed as In[7]) catches the wrong exception type, raised at line 4
# of the learner's solution cell (In[3]): the learner's frames come first.
CHAINED = [
    "---------------------------------------------------------------------------",
    "KeyError                                  Traceback (most recent call last)",
    "File /course/cnnlib/checks.py:190, in assert_raises(exc_type, fn, exercise, *args, **kwargs)",
    "Cell In[3], line 4, in convolve2d(image, kernel, stride, padding)",
    "KeyError: 'half'",
    "",
    "During handling of the above exception, another exception occurred:",
    "",
    "CheckError                                Traceback (most recent call last)",
    "Cell In[7], line 2",
    "File /course/cnnlib/checks.py:201, in assert_raises(exc_type, fn, exercise, *args, **kwargs)",
    "CheckError: convolve2d: convolve2d(...) raised KeyError, expected ValueError",
]


def _notebook(count, traceback):
    cell = nbformat.v4.new_code_cell("visible\nvisible\n### BEGIN HIDDEN TESTS\nhidden\nhidden\n")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_x", "points": 2}
    cell.execution_count = count
    cell.outputs = [nbformat.v4.new_output("error", ename="CheckError",
                                           evalue="convolve2d: raised KeyError, expected ValueError\n"
                                                  "  hint: only 'valid', 'same' and 'full' are padding names",
                                           traceback=traceback)]
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell]
    return nb


def test_the_test_cells_own_frame_decides_hidden():
    text = "\n".join(CHAINED)
    assert own_lines({"execution_count": 7}, text) == [2]
    # without an execution count: the last part of a chained traceback
    assert own_lines({"execution_count": None}, text) == [2]
    info = NotebookInfo(stem="x", tests={"test_x": 2.0}, solutions=[], locked=[], hidden_from={"test_x": 4})
    # line 4 is the solution cell's line; the test cell failed at its visible line 2
    assert failures(_notebook(7, CHAINED), info)["test_x"].startswith("CheckError: convolve2d")
    hidden = [line.replace("Cell In[7], line 2", "Cell In[7], line 5") for line in CHAINED]
    assert failures(_notebook(7, hidden), info)["test_x"].startswith("hidden test: CheckError")


def test_check_wraps_long_messages_and_shows_the_hint():
    why = ("CheckError: conv_forward_fast: conv_forward_fast(array(shape=(2, 3, 7, 7), dtype=float64), "
           "array(shape=(4, 3, 3, 3), dtype=float64), array(shape=(4,), dtype=float64), stride=2, pad=0) "
           "should raise ValueError\n  it returned array(shape=(2, 4, 3, 3), dtype=float64)\n"
           "  hint: (W - F + 2P) / S + 1 must be whole: raise ValueError naming W, F, S and P")
    row = {"score": 0.0, "max_score": 2.0, "status": "graded", "message": "",
           "tests": {"test_conv_forward_fast_errors": {"score": 0.0, "max_score": 2.0}}}
    out = human("02_conv_layer", Path("02_conv_layer.ipynb"), Graded(row, errors={"test_conv_forward_fast_errors": why}))
    assert all(len(line) <= WIDTH for line in out.splitlines()), out
    words = " ".join(out.split())
    assert "should raise ValueError" in words
    assert "hint: (W - F + 2P) / S + 1 must be whole" in words
    assert "it returned array(shape=(2, 4, 3, 3), dtype=float64)" in words
