"""The course's class run (tests/test_course.py) as a background process of the test session.

Grading the whole course as one class is the largest single cost of `make test` (about 640 s of
1640 on a quiet two-core machine, both cores busy with its two grading workers), and while it ran
nothing else did. tests/conftest.py starts it when the session starts, where the session collected
tests that read it, and runs those tests last: the rest of the suite runs meanwhile, and the class
run takes the CPU those tests leave idle (waiting for servers, browsers, kernels to start, on one
core while the other is free). The run itself is unchanged: the same submissions, the same
`python -m grader grade` command line, its grades read back from grades.json.

One run a session at most (:func:`started`); :func:`stop` ends one still running when the
session ends early (its whole process group: the grader, its workers and their kernels).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

_RUN: Run | None = None


class Run:
    """A grading command started in its own process group, its output kept in files under ``root``."""

    def __init__(self, args: list[str], root: Path, cwd: Path):
        self.args, self.root = args, Path(root)
        self._out = open(self.root / "grade.stdout", "w+", encoding="utf-8")  # noqa: SIM115 - kept open
        self._err = open(self.root / "grade.stderr", "w+", encoding="utf-8")  # noqa: SIM115 - until wait()
        self.proc = subprocess.Popen(args, stdout=self._out, stderr=self._err, cwd=cwd, start_new_session=True)
        self.started = time.monotonic()
        self._done: subprocess.CompletedProcess | None = None

    def wait(self, timeout: float) -> subprocess.CompletedProcess:
        """The finished process (returncode, stdout, stderr), waiting up to ``timeout`` seconds from
        its start. Raises subprocess.TimeoutExpired (after stopping it) when it runs longer."""
        if self._done is None:
            try:
                self.proc.wait(timeout=max(timeout - (time.monotonic() - self.started), 1))
            except subprocess.TimeoutExpired:
                self.stop()
                raise
            texts = []
            for f in (self._out, self._err):
                f.seek(0)
                texts.append(f.read())
                f.close()
            self._done = subprocess.CompletedProcess(self.args, self.proc.returncode, *texts)
        return self._done

    def stop(self) -> None:
        """End the run if it is still going: SIGTERM to its process group, SIGKILL 30 s later."""
        if self.proc.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue


def start(args: list[str], root: Path, cwd: Path) -> Run:
    """Start the session's class run (``args`` in ``cwd``, output under ``root``)."""
    global _RUN
    if _RUN is not None:
        raise RuntimeError("the class run was already started in this session")
    _RUN = Run(args, root, cwd)
    return _RUN


def started() -> Run | None:
    """The class run started in this session, if any."""
    return _RUN


def stop() -> None:
    """Stop the session's class run if it is still running (the session ends)."""
    if _RUN is not None:
        _RUN.stop()
