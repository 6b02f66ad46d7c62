"""`python -m grader demo` grades the sample class that ships in grader/ (against solutions/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "grader" / "sample_class"


@pytest.mark.slow
def test_demo_grades_the_sample_class(tmp_path):
    stems = sorted({p.stem.split(" (")[0] for p in SAMPLE.glob("*/*.ipynb")})
    assert stems, "grader/sample_class is empty: run `python -m grader.demo --rebuild`"
    proc = subprocess.run([sys.executable, "-m", "grader", "demo", "--out", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Ada Lovelace" in proc.stdout and "INV" in proc.stdout
    grades = json.loads((tmp_path / "grades.json").read_text(encoding="utf-8"))["students"]
    for stem in stems:
        ada = grades["Ada Lovelace"][stem]
        assert ada["status"] == "graded" and ada["score"] == ada["max_score"] > 0, (stem, ada)
        assert grades["untouched"][stem]["score"] == 0 and grades["untouched"][stem]["status"] == "graded"
    first, last = stems[0], stems[-1]
    grace = grades["Grace Hopper"][first]
    assert grace["status"] == "graded" and 0 <= grace["score"] < grace["max_score"]
    assert grades["broken"][first]["status"] == "invalid"
    alan = grades["Alan Turing"][last]
    assert alan["status"] == "graded" and alan["score"] == alan["max_score"] and "should be" in alan["message"]
    assert (tmp_path / "feedback" / "Ada Lovelace" / f"{first}.html").exists()
