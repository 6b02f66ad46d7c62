"""What this operating system lets the grader do: probed, never assumed.

A learner runs ``python -m grader check`` on Linux, macOS or Windows. The
grader uses some Linux-only facilities when they are there and carries on
without them when they are not, with the same scores:

============  =======================================  ==========================================
capability    used for                                 without it
============  =======================================  ==========================================
``unshare``   cutting a kernel's network (libc,        the kernel keeps the network (check says
              ``CLONE_NEWNET``; Linux only)            so in one line; ``--allow-network`` is quiet)
``prctl``     making a worker a child subreaper, so    kernels start the ordinary way (no zygote);
              that no process of a kernel escapes      the watchdog still follows the kernel's tree
              (libc, ``PR_SET_CHILD_SUBREAPER``)
``resource``  RLIMIT_DATA / FSIZE / CORE / NPROC       the watchdog's memory limit alone
              (POSIX; absent on Windows)
``fork``      the worker pool and the kernel zygote    the pool spawns its workers (macOS, where a
              (safe on Linux only)                     fork of a process that has loaded system
                                                       frameworks can crash, and Windows)
ZeroMQ ipc    kernel channels over Unix sockets (they  TCP on 127.0.0.1 (Windows)
              work in an empty network namespace)
============  =======================================  ==========================================

Each probe is a function, so that a test can take a capability away the way
another system lacks it (tests/fixtures/no_linux/sitecustomize.py hides
``resource``, libc's ``unshare`` and ``prctl``, ``os.fork`` and ZeroMQ's
ipc for a whole ``check`` run, kernels included).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys


def libc_function(name: str):
    """libc's function ``name`` (a ctypes function with errno kept), or None where it does not exist.

    macOS's libc has neither ``unshare`` nor ``prctl``; Windows has no libc
    that ctypes finds by that name.
    """
    lib = _libc()
    return None if lib is None else getattr(lib, name, None)


@functools.lru_cache(maxsize=1)
def _libc():
    """The C library (loaded once: find_library runs ``ldconfig -p`` on Linux), or None."""
    if os.name != "posix":
        return None
    path = ctypes.util.find_library("c") or ("libc.so.6" if sys.platform.startswith("linux") else None)
    if path is None:
        return None
    try:
        return ctypes.CDLL(path, use_errno=True)
    except OSError:
        return None


def resource_module():
    """The ``resource`` module (POSIX), or None (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    return resource


def fork_is_safe() -> bool:
    """True on Linux with ``os.fork``: the only system where the grader forks.

    On macOS a fork of a process that has loaded Apple's frameworks (which
    NumPy, matplotlib and PyTorch do) can crash, which is why Python made
    spawn the default there (Python 3.8, bpo-33725); Windows cannot fork.
    """
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def start_method() -> str:
    """The multiprocessing start method for the grader's worker pool: fork where safe, else spawn."""
    return "fork" if fork_is_safe() else "spawn"


def ipc_transport() -> bool:
    """Can kernels talk to the grader over ZeroMQ's ipc (Unix sockets)?"""
    if os.name != "posix":
        return False
    try:
        import zmq
    except ImportError:
        return False
    return bool(zmq.has("ipc"))


def missing(network_wanted_off: bool = True) -> list[str]:
    """One line for each capability this system lacks that changes how a learner's check runs.

    Nothing here changes a score: these are the notes ``check`` prints once.
    """
    notes = []
    if network_wanted_off and libc_function("unshare") is None:
        notes.append("this system cannot cut a kernel's network (no Linux network namespaces): "
                     "notebooks run with the network (pass --allow-network to say that is fine)")
    if resource_module() is None:
        notes.append("no `resource` module here (Windows): memory is limited by the grader's "
                     "watchdog only, file sizes are not limited")
    return notes
