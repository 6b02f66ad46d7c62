"""`python -m grader demo` builds its sample class from solutions/ and notebooks/ and grades it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_demo_grades_the_sample_class(tmp_path):
    stems = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))[:2]
    assert not (ROOT / "grader" / "sample_class").exists(), "the package keeps no sample answers"
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
    assert (tmp_path / "feedback" / "Ada Lovelace" / first / f"{first}.html").exists()

    # the class report counts what grader.course.demo.README says the class holds
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    none = {"timeout": 0, "crashed": 0, "flagged": 0}
    assert report["notebooks"][first]["counts"] == {"submitted": 4, "graded": 3, "missing": 1, "invalid": 1, **none}
    assert report["notebooks"][last]["counts"] == {"submitted": 4, "graded": 4, "missing": 1, "invalid": 0, **none}
    weights = next(it for it in report["notebooks"][first]["tests"] if it["test"] == "test_to_grayscale_weights")
    assert weights["ran"] == 3 and weights["passed"] == 1 and weights["failures"] == 2  # Grace's mean, untouched
    mean = next(c for c in weights["causes"] if "plain mean of the channels" in c["cause"])
    assert mean["kind"] == "likely cause" and mean["count"] == 1 and mean["share"] == 0.5
    assert mean["examples"] == [{"student": "Grace Hopper", "feedback": f"feedback/Grace%20Hopper/{first}/{first}.html"}]
    assert report["notebooks"][first]["similar_pairs"] == [] and report["flagged"] == []
    assert (tmp_path / "report.html").stat().st_size > 10_000
