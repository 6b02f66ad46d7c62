"""Every notebook listed here ends with "Check your understanding": 5 to 10 short questions,
each answer in a collapsed <details> block (issue 10). Add a notebook to QUESTIONS when it
gets its section."""

from __future__ import annotations

import re

import pytest

from tests import course

QUESTIONS = ["01_images_and_kernels", "02_conv_layer", "03_relu_and_pooling",
             "04_fully_connected_and_softmax", "11_cnns_in_practice",
             "12_beyond_plain_convolution"]
HEADING = "## Check your understanding"
QUESTION = re.compile(r"^\*\*(\d+)\.\*\* \S", re.MULTILINE)
ANSWER = re.compile(r"<details><summary>Answer</summary>\n\n(.+?)\n</details>", re.DOTALL)


def _section(stem: str, folder) -> str:
    nb = course.load(folder / f"{stem}.ipynb")
    cells = nb["cells"]
    at = [i for i, c in enumerate(cells)
          if c["cell_type"] == "markdown" and HEADING in course.source(c)]
    assert len(at) == 1, f"{stem}: {len(at)} cells with {HEADING!r}, expected one"
    # the notebook's last cells score it (issue 23): the questions come just before them
    end = next((i for i, c in enumerate(cells) if course.source(c).startswith("## Score this notebook")), len(cells))
    rest = cells[at[0]:end]
    assert all(c["cell_type"] == "markdown" for c in rest), (
        f"{stem}: the questions must come after everything else (no code after them)")
    assert not any(course.nbgrader_meta(c).get("grade") for c in rest)
    return "\n".join(course.source(c) for c in rest)


@pytest.mark.parametrize("stem", QUESTIONS)
def test_notebook_ends_with_questions_whose_answers_are_collapsed(stem):
    text = _section(stem, course.SOLUTIONS)
    numbers = [int(n) for n in QUESTION.findall(text)]
    answers = ANSWER.findall(text)
    assert 5 <= len(numbers) <= 10, f"{stem}: {len(numbers)} questions, expected 5 to 10"
    assert numbers == list(range(1, len(numbers) + 1)), f"{stem}: questions numbered {numbers}"
    assert len(answers) == len(numbers), f"{stem}: {len(numbers)} questions, {len(answers)} answers"
    assert text.count("<details>") == text.count("</details>") == len(numbers)
    assert all(len(a.split()) >= 8 for a in answers), f"{stem}: an answer is a stub"
    # the learner's copy keeps the section as written
    assert _section(stem, course.NOTEBOOKS) == text, f"{stem}: notebooks/ differs; run make release"


@pytest.mark.parametrize("stem,words", [
    ("01_images_and_kernels", ["cross-correlation", "hand-made", "offset"]),
    ("02_conv_layer", ["full depth", "Parameter sharing is what makes a conv layer fast"]),
    ("03_relu_and_pooling", ["invariant to rotation", "invariant to any shift"]),
    ("04_fully_connected_and_softmax", ["calibrated", "SVM"]),
])
def test_questions_name_the_misconceptions_of_issue_10(stem, words):
    text = _section(stem, course.SOLUTIONS)
    for w in words:
        assert w in text, f"{stem}: the questions do not take up {w!r}"
