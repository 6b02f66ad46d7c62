"""The grader grades any nbgrader course: its code names no course (issue 21, item 1).

Everything the CNN course teaches the grader (its support package, its notebook names and numbering,
its libraries' submodules, its message format, its course id) is nbgrader configuration in
grader/nbgrader_config.py, the CNN course's config. This test reads every Python file of grader/ (the
judge included) and fails on a CNN-course name anywhere else: in code, in a comment, in a docstring.
tests/test_second_course.py grades a course that is not about CNNs with the same code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADER = ROOT / "grader"
# the CNN course's own configuration: the one file of grader/ that may name it
COURSE_CONFIG = GRADER / "nbgrader_config.py"

# The PyTorch codec of the judge: tensors, dtypes, devices and torch.nn layers travel between the judge
# and the kernel as data (grader/judge/wire.py and decoder.py; copyback.py applies a call's changes to
# tensors and modules, remote.py lets isinstance see a torch.nn class), as NumPy arrays do. It is library
# support any course that uses PyTorch needs, not knowledge of this course, and it is inert unless the
# kernel imported torch (wire._torch never imports it to encode). Only the word `torch` is allowed there.
LIBRARY_CODEC = {"judge/judge.py", "judge/server.py", "judge/wire.py", "judge/decoder.py", "judge/copyback.py",
                 "judge/remote.py"}


def _patterns() -> dict[str, re.Pattern]:
    stems = sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb"))
    table = json.loads((ROOT / "solutions" / "notebooks.json").read_text(encoding="utf-8"))
    assert len(stems) >= 12 and table, "the course's notebooks are where this test reads their names"
    return {
        "the support package": re.compile(r"cnnlib", re.I),
        "PyTorch": re.compile(r"\btorch\b"),
        "the course id": re.compile(r"cnn-course"),
        # the course's name as a prefix of environment variables or temporary folders
        "the course's prefix": re.compile(r"\bCNN_|\bcnn-"),
        "a notebook name": re.compile("|".join(re.escape(s) for s in stems)
                                      + "|" + "|".join(re.escape(s.split("_", 1)[1]) for s in stems)),
        # the NN_name rule, however a regular expression or a glob spells it
        "the NN_name rule": re.compile(r"NN_name|\\d\\d\)?_|\[0-9\]\[0-9\]|\\d\{2\}\)?_"),
    }


def hits() -> list[str]:
    """``file:line: what`` for every CNN-course name in grader/'s Python files but the course config."""
    found = []
    patterns = _patterns()
    for path in sorted(GRADER.rglob("*.py")):
        if path == COURSE_CONFIG:
            continue
        rel = path.relative_to(GRADER).as_posix()
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for what, pattern in patterns.items():
                if pattern.search(line) and not (what == "PyTorch" and rel in LIBRARY_CODEC):
                    found.append(f"grader/{rel}:{no}: {what}: {line.strip()[:100]}")
    return found


def test_the_grader_names_no_course_outside_the_course_config():
    found = hits()
    assert not found, ("course knowledge in the grader's code; move it into a trait set in "
                       "grader/nbgrader_config.py:\n" + "\n".join(found))


def test_the_grep_finds_what_it_looks_for(tmp_path):
    """The patterns catch each kind of name (a grep that matches nothing would pass any grader)."""
    patterns = _patterns()
    samples = {"the support package": "from cnnlib import checks", "PyTorch": "import torch.nn",
               "the course id": "course_id='cnn-course'", "a notebook name": "'03_relu_and_pooling.ipynb'",
               "the NN_name rule": r're.compile(r"^\d\d_\w+$")',
               "the course's prefix": 'os.environ.get("CNN_COURSE_SOLUTIONS")'}
    for what, text in samples.items():
        assert patterns[what].search(text), what
    assert patterns["the NN_name rule"].search('glob("[0-9][0-9]_*.ipynb")')
    assert patterns["the course's prefix"].search('tempfile.mkdtemp(prefix="cnn-grade-")')
    assert patterns["the NN_name rule"].search(r're.search(r"(?<!\d)(\d\d)_", base)')
    assert not any(p.search("import numpy as np  # PyTorch's layout") for p in patterns.values())
