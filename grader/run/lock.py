"""One grading run per output folder: ``DIR/.grader-lock``.

Two ``grade`` runs on one ``--out`` (two assistants, or a scheduled run
overlapping a manual one) would write one gradebook, one grades.json and
one state file at once; with ``--force`` the second used to replace the
gradebook under the first. The first run holds the lock; a second one stops
at once with one line naming the first (pid, host, start time) and touches
nothing.

Where the OS has ``fcntl.flock`` (Linux, macOS) the lock is the kernel's:
it goes away with the process that held it, however that process ended, so
a lock file left by a killed run is taken over (and said so, in one line).
Elsewhere (Windows) the lock is a file created exclusively; a file whose
holder ran on this host and is no longer alive is taken over the same way.
The lock file stays (emptied) after a clean run, so that a waiting process
never locks a file that was just unlinked.

Why not the ``filelock`` package (already installed, a dependency of PyTorch): it waits or
times out, but cannot say *who* holds the lock, and naming the other run
(pid, host, start time) is the point of the message; ``flock`` plus a small
JSON record in the locked file is all that takes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path

from grader.errors import GraderError
from grader.outfolder import LOCK

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None


def _holder() -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")}


def _describe(holder: dict) -> str:
    return (f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
            f"started {holder.get('started', 'at an unknown time')}")


def _read(text: str) -> dict:
    try:
        holder = json.loads(text)
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError, OverflowError):
        return False
    return True


class RunLock:
    """The lock of the output folder ``out`` (a folder that exists).

    ``acquire()`` returns a one-line note ("" or what was taken over) or
    raises GraderError naming the run that holds it; ``release()`` gives it
    back (idempotent). ``what`` names the command in the message.
    """

    def __init__(self, out: Path, what: str = "grading run"):
        self.path = Path(out) / LOCK
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> str:
        return self._flock() if fcntl is not None else self._exclusive()

    def _busy(self, holder: dict) -> GraderError:
        return GraderError(f"{self.path.parent} is in use by another {self.what} ({_describe(holder)}); "
                           "let it finish, or pass another --out")

    def _flock(self) -> str:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                text = os.read(fd, 4096).decode("utf-8", "replace")
                os.close(fd)
                raise self._busy(_read(text)) from None
            try:  # the file we locked must still be the one at the path
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        old = _read(os.read(fd, 4096).decode("utf-8", "replace"))
        self._fd = fd
        self._write(fd)
        if old:
            return f"took over the lock of an earlier {self.what} that ended without releasing it ({_describe(old)})"
        return ""

    def _exclusive(self) -> str:
        note = ""
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                try:
                    old = _read(self.path.read_text(encoding="utf-8"))
                except OSError:
                    old = {}
                if old.get("host") == socket.gethostname() and not _alive(old.get("pid")):
                    self.path.unlink(missing_ok=True)
                    note = (f"took over the lock of an earlier {self.what} that ended without "
                            f"releasing it ({_describe(old)})")
                    continue
                raise self._busy(old) from None
            self._fd = fd
            self._write(fd)
            return note
        raise self._busy({})

    @staticmethod
    def _write(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, (json.dumps(_holder()) + "\n").encode("utf-8"))
        os.fsync(fd)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if fcntl is not None:
                os.ftruncate(fd, 0)  # emptied: the next run finds no holder to take over
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        finally:
            if fcntl is None:
                self.path.unlink(missing_ok=True)

    def __enter__(self) -> RunLock:
        self.note = self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
