"""The grading process's kernels: its zygotes and the kernel prestarted for the next notebook.

nbgrader makes a new LimitedExecute for every notebook it autogrades; what
must outlive one notebook lives here, in one :class:`KernelPool` per process
(:func:`shared_pool`):

- the zygotes (grader.sandbox.zygote), one per clean-room allowance: a kernel
  forked from a zygote that imported a module outside its notebook's
  allowance would hold it in memory (grader/integrity/cleanroom.py);
- the *spare*: the next kernel, started while the grader finishes the current
  item (feedback, gradebook), so that every notebook gets a fresh process
  without waiting for one.

Its owner is the grading process: a grading worker closes it before it exits
(grader.run.pool, :func:`close_shared_pool`), and any other process (nbgrader's
own ``autograde``) at exit (atexit).
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Callable
from typing import NamedTuple

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient.util import run_sync
from traitlets import Type

from grader.sandbox.client import GraderKernelClient
from grader.sandbox.zygote import Zygote


class GraderKernelManager(AsyncKernelManager):
    """A kernel manager that forks its kernel from the worker's zygote when it has one."""

    zygote: Zygote | None = None
    view: dict | None = None  # the kernel's clean room (grader.integrity.cleanroom.kernel_view)
    scratch: tuple[int, int, int] | None = None  # its private /tmp's and /dev/shm's bytes, and files in each (c.Sandbox.*)
    grader_client: GraderKernelClient | None = None  # connected as soon as the kernel is launched
    client_factory = Type(GraderKernelClient, klass=AsyncKernelClient)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        zygote = self.zygote
        if zygote is None or kernel_cmd[1:3] != ["-m", "grader.sandbox.kernel"]:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        log = getattr(kw.get("stdout"), "name", os.devnull)
        cwd = str(kw.get("cwd") or os.getcwd())
        process = zygote.spawn(list(kernel_cmd[3:]), cwd=cwd, env=dict(kw.get("env") or os.environ), log=log,
                               view=self.view, scratch=self.scratch)
        prov = self.provisioner
        prov.process = process
        prov.pid = prov.pgid = process.pid
        prov.cwd = cwd
        self._reconcile_connection_info(prov.connection_info)


class Spare(NamedTuple):
    """A prestarted kernel: the launch signature it was started for, its manager and its run folder."""

    signature: str
    km: GraderKernelManager
    run: str


def discard(spare: Spare | None) -> None:
    """Stop a prestarted kernel and remove its folder."""
    if spare is None:
        return
    try:
        spare.km.grader_client.stop_channels()
        run_sync(spare.km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001
        try:
            spare.km.provisioner.process.kill()
        except Exception:  # noqa: BLE001
            pass
    shutil.rmtree(spare.run, ignore_errors=True)


class KernelPool:
    """One process's zygotes (the current one and the others by allowance) and its spare kernel."""

    def __init__(self) -> None:
        self.zygote: Zygote | None = None  # the zygote the last notebook's kernel came from
        self.zygotes: dict = {}  # allowance (frozenset of top-level modules, or None) -> its zygote, not current
        self.course: dict | None = None  # the course's sandbox settings the zygotes were made with
        self.spare: Spare | None = None

    def zygote_for(self, env: dict, *, sandboxed: bool, network: bool, allowed: frozenset | None,
                   hidden: Callable[[], tuple], course: dict | None, preload: list[str]) -> Zygote | None:
        """The zygote for a kernel with these settings, started when there is none; None when it cannot start.

        ``allowed``: the notebook's importable top-level modules (None: any);
        ``hidden()``: the modules a restricted zygote never imports (reference
        answers); ``course``: the sandbox's course settings
        (grader.sandbox.bwrap.configure; None when not sandboxed): zygotes made
        for another course's are closed; ``preload``: the modules the zygote
        imports before it forks. A sandboxed zygote that cannot start raises
        (OSError, RuntimeError or grader.sandbox.bwrap.SandboxError) rather
        than let a kernel run without its sandbox.
        """
        if course is not None and self.course != course:
            self._close_zygotes()
            self.course = course
        z = self.zygote
        if z is not None and z.allowed != allowed:
            self.zygotes[z.allowed] = z
            z = self.zygote = self.zygotes.pop(allowed, None)
        if z is not None and (z.sandboxed, z.network) != (sandboxed, network):
            z.close()
            z = self.zygote = None
        if z is None or not z.alive():
            try:
                z = Zygote(env, sandboxed=sandboxed, network=network, allowed=allowed,
                           hidden=hidden() if allowed is not None else ())
            except (OSError, RuntimeError):
                self.zygote = None
                if sandboxed:
                    raise
                return None
            self.zygote = z
        try:
            z.preload(preload)  # the course's imports (never the learner's)
        except (OSError, RuntimeError):
            if sandboxed:
                raise
            return None
        return z

    def take(self, signature: str, launch: Callable[[], tuple]) -> tuple:
        """(kernel manager, run folder): the spare when it was started with ``signature`` and lives, else ``launch()``."""
        spare, self.spare = self.spare, None
        if spare is not None:
            if spare.signature == signature and run_sync(spare.km.is_alive)():
                return spare.km, spare.run
            discard(spare)
        return launch()

    def prestart(self, signature: Callable[[], str], launch: Callable[[], tuple]) -> None:
        """Start the next notebook's kernel now (unless one waits); a failure leaves it to that notebook."""
        if self.spare is None:
            try:
                km, run = launch()
            except Exception:  # noqa: BLE001 - the next item starts its own
                return
            self.spare = Spare(signature(), km, run)

    def _close_zygotes(self) -> None:
        for old in [self.zygote, *self.zygotes.values()]:
            if old is not None:
                old.close()
        self.zygote, self.zygotes = None, {}

    def close(self) -> None:
        """Stop the spare kernel and every zygote."""
        spare, self.spare = self.spare, None
        discard(spare)
        self._close_zygotes()


_SHARED: KernelPool | None = None


def shared_pool() -> KernelPool:
    """This process's pool (made on first use)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = KernelPool()
    return _SHARED


@atexit.register
def close_shared_pool() -> None:
    """Stop this process's spare kernel and zygotes (a grading worker calls this before it exits)."""
    if _SHARED is not None:
        _SHARED.close()
