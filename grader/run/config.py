"""The configuration a run grades under: the grader's, the course folder's, the command line's.

Used by ``grade`` (grader.run.grade) and ``check`` (grader.run.check) alike;
combined as nbgrader combines configuration (the command line wins).
"""

from __future__ import annotations

import copy

from traitlets.config import Config

from grader import settings
from grader.autograde.notebook import combined
from grader.course.build import Prepared
from grader.errors import GraderError
from grader.run.cpus import available_cpus


def run_config(prep: Prepared, command_line: Config | None = None, workers: int | None = None) -> Config:
    """The configuration a run grades under, combined as nbgrader combines it: the grader's
    nbgrader_config.py, the course folder's over it (``prep.load_config()``), ``command_line`` (a
    traitlets Config: the flags and keyword arguments given) over both. With ``workers``, kernels get
    the CPU quota shared out as their threads (``c.LimitedExecute.threads``) unless a configuration
    sets it. The workers get ``command_line`` only (what a course folder's file holds may not pickle)."""
    cfg = combined(prep, command_line)
    if workers is not None and "threads" not in cfg.LimitedExecute:
        cores = available_cpus()  # threads per kernel: the quota shared out, not the host's cores
        cfg.LimitedExecute.threads = max(1, cores // max(1, workers))
    return cfg


def flag_config(config: Config | None = None, timeout: int | None = None, notebook_timeout: int | None = None,
                memory: int | None = None, network: bool | None = None, sandbox: bool | None = None) -> Config:
    """``config`` (the command line's, or None) with the keyword arguments of :func:`grade` and
    :func:`grader.run.check.check` over it, each as the trait it stands for (None: not given):
    ``timeout`` ``c.LimitedExecute.timeout`` (s), ``notebook_timeout`` ``.notebook_timeout`` (s),
    ``memory`` ``.memory_limit`` (bytes, 0: none), ``network`` ``.no_network`` (negated), ``sandbox``
    ``.sandbox``."""
    cfg = copy.deepcopy(config) if config is not None else Config()
    cfg.merge(settings.overrides({
        "LimitedExecute.timeout": timeout, "LimitedExecute.notebook_timeout": notebook_timeout,
        "LimitedExecute.memory_limit": memory, "LimitedExecute.no_network": None if network is None else not network,
        "LimitedExecute.sandbox": sandbox}))
    return cfg


def require_sandbox() -> None:
    """Raise GraderError with one line saying what to install or enable when no sandbox can be built."""
    from grader.sandbox.probe import probe

    why = probe()
    if why:
        raise GraderError(why)
