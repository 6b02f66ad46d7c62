"""cnnlib.selfcheck: the "Score this notebook" cell runs the real `python -m grader check` on the
saved file and prints its lines; it does nothing while a grader runs the notebook."""

from __future__ import annotations

import io

import pytest

from cnnlib import selfcheck
from tests import grader_catalogue as cat
from tests import small_class


@pytest.mark.slow
def test_score_prints_what_check_prints(tmp_path, monkeypatch):
    for key, value in small_class.env(tmp_path / "cache").items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    nb = cat.with_cells(cat.load(cat.NB1), add="def add(a, b):\n    return a - b\n")
    cat.write(nb, tmp_path / f"{cat.NB1}.ipynb")
    monkeypatch.chdir(tmp_path)  # where Jupyter starts the notebook's kernel
    out = io.StringIO()
    code = selfcheck.score(f"{cat.NB1}.ipynb", stream=out)
    text = out.getvalue()
    assert code == 1, text
    assert f"{cat.NB1} (" in text and "\u2718 test_add" in text and "Full marks" not in text


def test_score_does_nothing_while_grading_or_without_a_saved_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "03_relu_and_pooling.ipynb").write_text("{}")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    out = io.StringIO()
    assert selfcheck.score("03_relu_and_pooling.ipynb", stream=out) is None
    assert "graded" in out.getvalue()
    monkeypatch.delenv("NBGRADER_EXECUTION")
    out = io.StringIO()
    assert selfcheck.score("04_fully_connected_and_softmax.ipynb", stream=out) is None
    assert "save the notebook" in out.getvalue() and "grader check" in out.getvalue()
