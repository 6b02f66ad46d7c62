"""Per-exercise allowances: a NumPy exercise of a notebook that teaches PyTorch is called where PyTorch is not.

``c.CleanRoom.exercise_allowed`` (grader/integrity/cleanroom.py) gives some exercises of a notebook
an allowance narrower than the notebook's (notebook 10 teaches PyTorch, its ``batchnorm_forward``
is written with NumPy). A check in the learner's kernel that watches which library runs could be
answered by the learner's code like any check there (docs/grader/judge.md), so the narrower
allowance is a place, not a watch: a second sandboxed kernel (a *room*) is forked from the zygote
of that allowance, with the clean room's file system of that allowance (the libraries outside it
are not there, in files or in memory), and runs the notebook's cells up to the test: every learner
cell as written, and of the course cells the statements that need nothing outside the allowance
(:func:`grader.integrity.cleanroom.room_cells`). A test cell that reads one of those exercises is
judged against the room instead of the notebook's kernel, so however the learner's function
reaches PyTorch (an import inside it, an alias bound in another cell, ``sys.modules``,
``importlib``, a helper or a tensor made elsewhere, NumPy dispatching to it), it is not there: the
call fails with the refused import's message or a stand-in's, and the test cell with it.

Fail closed: a room that cannot start, dies, or runs past a limit leaves the tests judged in it
failed (the judge's requests to it raise JudgeAbort), as a notebook kernel does.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shutil
import time
from dataclasses import dataclass, field
from typing import Any

from nbclient.util import run_sync
from nbformat.notebooknode import from_dict

from grader.autograde.cellkinds import is_test
from grader.autograde.preprocessors.repaircells import RepairCells
from grader.integrity import cleanroom, sites
from grader.integrity.references import reference_answers
from grader.judge.plan import bound_names, free_names
from grader.sandbox.limits import Watchdog

STAND_IN = "__import__('grader.sandbox.kernel', fromlist=['_']).stand_in({!r}, globals())"


@dataclass(eq=False)  # one room is one kernel: compared, and hashed, by identity
class Room:
    """One narrower allowance of a notebook: its exercises, its kernel once started, and how far it ran."""

    allowed: tuple[str, ...]
    exercises: frozenset[str]
    runs: dict[int, list[str]] = field(default_factory=dict)  # release course cell index -> statements it runs
    stand_ins: dict[str, str] = field(default_factory=dict)
    km: Any = None
    kc: Any = None
    run_dir: str = ""
    watchdog: Any = None
    ready: bool = False  # its kernel answered and has its stand-ins
    position: int = 0  # the notebook's cells before this index have run in it
    broken: str = ""  # why it cannot answer (did not start, died, stuck): its tests fail
    errors: dict[int, str] = field(default_factory=dict)  # cell index -> the error a learner cell raised there

    @property
    def label(self) -> str:
        return ", ".join(sorted(self.exercises))


class ExerciseRooms:
    """LimitedExecute's part that judges some exercises in a kernel of their own allowance (a mixin: it
    uses KernelLaunch's ``_launch``, the executor's ``km``/``kc``/``_watchdog`` and its limits)."""

    _rooms: list[Room] = []
    _room_override: Room | None = None  # while a room's kernel is launched: its allowance and label
    _release_sources: dict[str, int] = {}

    def _rooms_prepare(self, nb, resources) -> None:
        """This notebook's rooms (c.CleanRoom.exercise_allowed), none started yet. Of the course's
        statements a room runs, only those that bind what a cell running there reads (the learner's
        cells as submitted, and those statements themselves): the notebook's kernel runs the
        demonstrations, and each skipped import costs the room its time (a package's modules compiled
        until one of them needs what the room lacks)."""
        self._rooms, self._room_override, self._release_sources = [], None, {}
        table = cleanroom.exercise_allowances(self._stem, self.config) if self._stem and self.sandbox else {}
        if not table:
            return
        try:
            with open(RepairCells(config=self.config, parent=self.parent).reference(resources), encoding="utf-8") as f:
                cells = json.load(f)["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            cells = []
        room = cleanroom.settings(self.config)
        self._release_sources = {cleanroom._source(c): i for i, c in enumerate(cells) if c.get("cell_type") == "code"}
        learner = [c.source for c in nb.cells if c.cell_type == "code" and not is_test(c)
                   and c.source not in self._release_sources]
        reads = set().union(set(), *(cleanroom.global_reads(cleanroom._python(src)) for src in learner))
        for allowed, exercises in sorted(table.items()):
            r = Room(allowed, exercises)
            names = sites.top_level_names(sites.closure([*allowed, *room.kernel])) | ({room.package} - {""})
            runs, r.stand_ins = cleanroom.room_cells(
                cells, set(names), f"{r.label} of {self._stem}", room.helper_prefix,
                reference_answers(self._stem, self.config))
            r.runs = _needed(runs, reads)
            self._rooms.append(r)

    def _room_for(self, source: str) -> Room | None:
        """The room a test cell is judged in: the first whose exercises it reads (None: the notebook's kernel)."""
        names = free_names(source)
        return next((r for r in self._rooms if r.exercises & names), None)

    @contextlib.contextmanager
    def _judged_in(self, room: Room | None, nb, upto: int, cell=None):
        """Judge in ``room`` (its kernel caught up with the notebook's cells before ``upto``): the
        judge's requests go to it while the block runs. When test ``cell`` fails there, its outputs
        end with the errors that learner cells raised in the room (the learner's own kernel, with the
        notebook's allowance, showed none: an import outside the exercise's allowance is seen here)."""
        if room is None:
            yield
            return
        self._room_catch_up(room, nb, upto)
        saved = self.km, self.kc, self._watchdog
        if room.broken or room.kc is None:
            self._judge.abort_all = f"{room.label} could not be graded in its own kernel: {room.broken}"
        else:
            self.km, self.kc, self._watchdog = room.km, room.kc, room.watchdog
        self._judge.kernel = f"room:{room.label}"
        try:
            yield
        finally:
            self.km, self.kc, self._watchdog = saved
            self._judge.kernel = ""
            self._judge.abort_all = ""
            if not room.broken and (self._stuck or not run_sync(room.km.is_alive)()):
                room.broken = "its kernel stopped"
            if cell is not None and room.errors and any(o.get("output_type") == "error" and o.get("ename") != "NotRun"
                                                        for o in cell.get("outputs", [])):
                seen = [f"cell {i + 1}: {e}" for i, e in sorted(room.errors.items())]
                cell.outputs.append(from_dict({"output_type": "stream", "name": "stdout", "text": (
                    f"[grader: {room.label} of {self._stem} run in a kernel of their own allowance "
                    f"({', '.join(room.allowed)} and the standard library); errors of your cells there: "
                    + "; ".join(seen) + "]\n")[:4000]}))

    def _rooms_launch(self) -> None:
        """Fork every room's kernel now, without waiting for it (:meth:`_room_start` waits)."""
        for room in self._rooms:
            try:
                self._room_launch(room)
            except Exception as exc:  # noqa: BLE001 - fail closed: the room's tests fail, saying why
                room.broken = f"its kernel did not start ({str(exc).splitlines()[0][:200]})"

    def _room_launch(self, room: Room) -> None:
        self._room_override = room
        try:
            room.km, room.run_dir = self._launch()
        finally:
            self._room_override = None
        z = self.pool.zygote
        room.kc = room.km.grader_client
        box = self.box()
        room.watchdog = Watchdog(self.memory_limit, exclude=(z.proc.pid,) if z else (), folder=room.run_dir,
                                 disk_limit=box.disk_limit, max_processes=box.max_processes, tasks=box.max_tasks)
        room.watchdog.start(room.km.provisioner.pid)

    def _room_start(self, room: Room) -> None:
        if room.km is None:
            self._room_launch(room)
        run_sync(room.kc.wait_for_ready)(timeout=self.startup_timeout)
        room.kc.allow_stdin = False
        if room.stand_ins:
            self._room_execute(room, STAND_IN.format(room.stand_ins), self.timeout or 60)

    def _room_catch_up(self, room: Room, nb, upto: int) -> None:
        """Start the room's kernel if it has none, and run there the notebook's cells it has not run
        before index ``upto``: learner cells as they are, course cells by their statements the room runs."""
        if room.broken:
            return
        try:
            if not room.ready:
                self._room_start(room)
                room.ready = True
            for index in range(room.position, min(upto, len(nb.cells))):
                room.position = index + 1
                cell = nb.cells[index]
                if cell.cell_type != "code" or not cell.source.strip() or is_test(cell):
                    continue
                release = self._release_sources.get(cell.source)
                # a course cell statement by statement (one that fails stops no other), a learner's as written
                for code in room.runs[release] if release in room.runs else [cell.source]:
                    left = self._deadline - time.monotonic()
                    if left <= 0:
                        room.broken = "the notebook ran out of time"
                        return
                    error = self._room_execute(room, code, min(self.timeout or left, left))
                    if error and release not in room.runs:  # a learner cell's (course cells' are the course's)
                        room.errors[index] = error
                    if room.broken:
                        return
        except Exception as exc:  # noqa: BLE001 - fail closed: the room's tests fail, saying why
            room.broken = room.broken or f"its kernel did not start ({str(exc).splitlines()[0][:200]})"

    def _room_execute(self, room: Room, code: str, timeout: float) -> str:
        """Run ``code`` in the room's kernel; the error it raised ("ModuleNotFoundError: ..."), else "".
        Its printed outputs are not kept (the notebook's kernel shows the learner's); past ``timeout``
        it is interrupted, and killed when it does not stop."""
        msg_id = room.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        interrupted = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if interrupted:
                    room.watchdog.kill()
                    room.broken = "a cell ran past its time limit there and did not stop"
                    return ""
                interrupted = True
                with contextlib.suppress(Exception):
                    run_sync(room.km.interrupt_kernel)()
                deadline = time.monotonic() + 5
                continue
            try:
                msg = run_sync(room.kc._async_get_shell_msg)(timeout=min(1.0, left))
            except queue.Empty:
                if not run_sync(room.km.is_alive)():
                    room.broken = f"its kernel died ({room.watchdog.reason or 'a cell ended it'})"
                    return ""
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                with contextlib.suppress(Exception):  # what the cells printed: not kept
                    while run_sync(room.kc._async_get_iopub_msg)(timeout=0):
                        pass
                content = msg.get("content", {})
                if content.get("status") != "error":
                    return ""
                return f"{content.get('ename', 'Error')}: {content.get('evalue', '')}"[:1000]

    def _rooms_end(self) -> float:
        """Stop the rooms' kernels and watchdogs, remove their folders; their kernels' CPU seconds
        (grader.sandbox.zygote.ForkedKernel's report once reaped; 0.0 where there is none)."""
        cpu = 0.0
        for room in self._rooms:
            if room.watchdog is not None:
                room.watchdog.stop()
            if room.km is not None:
                process = getattr(room.km.provisioner, "process", None)
                with contextlib.suppress(Exception):
                    room.kc.stop_channels()
                    run_sync(room.km.shutdown_kernel)(now=True)
                cpu += float(getattr(process, "cpu", 0.0) or 0.0)
            if room.run_dir:
                shutil.rmtree(room.run_dir, ignore_errors=True)
        self._rooms = []
        return cpu


def _needed(runs: dict[int, list[str]], reads: set[str]) -> dict[int, list[str]]:
    """Of the course statements ``runs`` ({cell index: statements}), those that bind a name in ``reads``
    or one that a kept statement reads, in their order."""
    needed, kept = set(reads), set()
    changed = True
    while changed:
        changed = False
        for i, statements in runs.items():
            for k, statement in enumerate(statements):
                if (i, k) not in kept and bound_names(statement) & needed:
                    kept.add((i, k))
                    needed |= cleanroom.global_reads(statement)
                    changed = True
    return {i: [s for k, s in enumerate(statements) if (i, k) in kept] for i, statements in runs.items()}
