"""How LimitedExecute starts a notebook's kernel: its command line, its modules, its zygote.

The kernel's command line (grader.sandbox.kernel's options: the limits, the
guard's modules, the clean room), the modules the zygote imports for the
notebook, and the launch itself, from the process's zygote and spare kernel
(grader.autograde.kernels). A fresh kernel for every notebook.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpec
from nbclient.util import run_sync

from grader import settings
from grader.autograde.cellkinds import is_trusted
from grader.autograde.kernels import GraderKernelManager, KernelPool, shared_pool
from grader.autograde.preprocessors.guardchecks import Guard
from grader.cells import cell_source
from grader.integrity import cleanroom, sites
from grader.integrity.imports import imported_modules
from grader.integrity.references import reference_answers, reference_modules
from grader.sandbox import bwrap, capabilities, limits
from grader.sandbox.zygote import Zygote


class KernelLaunch:
    """LimitedExecute's part that launches kernels (a mixin: it reads LimitedExecute's traits,
    ``memory_limit``, ``sandbox``, ``guard``, ``preload``, ``protect``, ... and its ``config``)."""

    _modules: list | None = None  # this notebook's: preload, then protect
    _stem = ""  # the notebook being graded (its clean room)

    @property
    def pool(self) -> KernelPool:
        """The process's zygotes and spare kernel (grader.autograde.kernels)."""
        return shared_pool()

    def _spec(self):
        box = self.box()
        argv = [sys.executable, "-m", "grader.sandbox.kernel", "--memory", str(self.memory_limit),
                "--max-file-size", str(box.max_file_size)]
        if self.no_network and not self.sandbox:  # a sandboxed kernel has no network anyway
            argv.append("--no-network")
        if self.sandbox:  # counted in the kernel's own user namespace: its own processes only
            argv += ["--max-processes", str(box.max_processes)]
        if self.guard:
            argv += ["--guard", "--protect", ",".join(self._allowed_modules(self.modules()))]
            only = Guard(config=self.config).protected_submodules
            if only:
                argv += ["--only", json.dumps({str(k): [str(m) for m in v] for k, v in only.items()})]
        if self.sandbox and self._allowance() is not None:  # the message of a refused import
            argv += ["--clean-room", f"{self._stem}:{','.join(self._allowance())}"]
            room = getattr(self, "_room_override", None)
            if room is not None:  # an exercise's own kernel (grader/autograde/preprocessors/rooms.py)
                argv += ["--exercises", room.label]
        argv += ["--", "-f", "{connection_file}"]
        env = {"NBGRADER_EXECUTION": "autograde", "PYTHONUNBUFFERED": "1"}
        if self.threads:
            for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                env[var] = str(self.threads)
        return argv, env

    def box(self) -> settings.Sandbox:
        """The kernel's other limits (disk, processes, files, scratch), configured as ``c.Sandbox.*``."""
        return settings.Sandbox(config=self.config)

    def _allowance(self) -> list[str] | None:
        """The configured allowance of the notebook being graded (None: not restricted); while an
        exercise's own kernel is launched (grader/autograde/preprocessors/rooms.py), that exercise's."""
        room = getattr(self, "_room_override", None)
        if room is not None:
            return list(room.allowed)
        return cleanroom.allowance(self._stem, self.config) if self._stem else None

    def _importable(self) -> frozenset | None:
        """Top-level modules its sandboxed kernel can import besides the standard library (None: any)."""
        allowed = self._allowance() if self.sandbox else None
        if allowed is None:
            return None
        room = cleanroom.settings(self.config)
        names = sites.top_level_names(sites.closure([*allowed, *room.kernel])) | ({room.package} - {""})
        return frozenset(names)

    def _allowed_modules(self, names: list[str]) -> list[str]:
        importable = self._importable()
        if importable is None:
            return list(names)
        stdlib = set(sys.stdlib_module_names)
        return [n for n in names if n.split(".")[0] in importable or n.split(".")[0] in stdlib]

    def modules(self) -> list[str]:
        """The modules the guard snapshots and the zygote imports for this notebook."""
        if self._modules is None:
            return list(dict.fromkeys([*self.preload, *self.protect]))
        return self._modules

    def _find_modules(self, nb) -> None:
        """This notebook's modules: ``protect``, or (nbgrader's own autograde) its course cells' imports."""
        protect = list(self.protect) or imported_modules(
            [cell_source(c) for c in nb.cells if c.cell_type == "code" and is_trusted(c)],
            tuple(self.protected_modules))
        self._modules = list(dict.fromkeys([*self.preload, *protect]))

    def _launch(self):
        """Start a kernel under our launcher; return (kernel manager, run dir)."""
        argv, env = self._spec()
        zygote = self._zygote_for(env)
        # sandboxed, the run folder must be in the one folder the sandbox shares with us
        run = tempfile.mkdtemp(prefix="k-", dir=zygote.runs if zygote is not None else None)
        km = GraderKernelManager(config=self.config)
        km.zygote = zygote
        box = self.box()
        km.scratch = (box.tmp_size, box.shm_size, box.max_files)
        if zygote is not None and zygote.sandboxed and self._allowance() is not None:
            km.view = cleanroom.kernel_view(self._stem, self.config, reference_answers(self._stem, self.config),
                                            zygote.runs, allowed=self._allowance())
        km._kernel_spec = KernelSpec(argv=argv, display_name="grader", language="python", env=env)
        if capabilities.ipc_transport():  # ZeroMQ over Unix sockets: works in an empty network namespace
            km.transport = "ipc"
            km.ip = os.path.join(run, "k")
        else:  # Windows: TCP on the loopback (no network namespace to keep it working in either)
            km.transport, km.ip = "tcp", "127.0.0.1"
        km.connection_file = os.path.join(run, "kernel.json")
        with open(os.path.join(run, "kernel.log"), "wb") as log:
            run_sync(km.start_kernel)(extra_arguments=list(self.extra_arguments), cwd=run,
                                      stdout=log, stderr=log)
        # connect now: a prestarted kernel's IOPub subscription is settled by the time it is used
        km.grader_client = km.client()
        km.grader_client.start_channels()
        return km, run


    def _zygote_for(self, env: dict) -> Zygote | None:
        """The worker's zygote (None: launch kernels normally).

        Sandboxed kernels come only from a sandboxed zygote: when it cannot
        start, this raises rather than run a kernel without its sandbox.
        """
        if not self.sandbox and not (self.fork_kernels and limits.SUBREAPER and capabilities.fork_is_safe()):
            return None
        # the course's packages and data the sandbox shows (c.Sandbox.*)
        course = bwrap.configure(self.config) if self.sandbox else None
        return self.pool.zygote_for({**os.environ, **env}, sandboxed=self.sandbox, network=not self.no_network,
                                    allowed=self._importable(), hidden=lambda: reference_modules(self.config),
                                    course=course, preload=self._allowed_modules(self.modules()))

    def _take_kernel(self):
        return self.pool.take(repr(self._spec()), self._launch)

    def _prestart(self) -> None:
        self.pool.prestart(lambda: repr(self._spec()), self._launch)

