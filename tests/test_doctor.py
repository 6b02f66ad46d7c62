"""python -m cnnlib.doctor reports this environment and fails for a missing package."""

from __future__ import annotations

import subprocess
import sys

from cnnlib import doctor


def test_doctor_passes_in_the_course_environment():
    proc = subprocess.run([sys.executable, "-m", "cnnlib.doctor"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout
    assert "Everything the course needs is here." in proc.stdout
    assert "nbgrader" in proc.stdout and "device:" in proc.stdout


def test_doctor_reports_a_missing_package(monkeypatch):
    monkeypatch.setattr(doctor, "REQUIREMENTS", [("no_such_module_xyz", "no-such-dist", "1.0", "nothing")])
    rows = doctor.check()
    assert rows[-1][0] is False
    assert "no-such-dist: missing" in rows[-1][1] and "make lab" in rows[-1][1]


def test_doctor_reports_a_too_old_package(monkeypatch):
    monkeypatch.setattr(doctor, "REQUIREMENTS", [("numpy", "numpy", "999.0", "the future")])
    ok, line = doctor.check()[-1]
    assert not ok and "needs 999.0 or newer" in line
