"""The sandbox's start-up probe: one line of code in a real sandboxed kernel before a run starts."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from functools import lru_cache

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from grader.sandbox.bwrap import HOW_TO, SandboxError
from grader.sandbox.mounts import data_folders, outermost, python_folders
from grader.sandbox.zygote import Zygote

PROBE_CODE = ("import os\n"
              "closed = [p for p in {paths!r} if not os.access(p, os.R_OK)]\n"
              "print(os.geteuid(), os.access('/proc/sys/kernel', os.W_OK), 6 * 7, *closed)\n")


@lru_cache(maxsize=1)
def probe() -> str | None:
    """None when sandboxed kernels run here, else one line saying why and what to do.

    Starts what grading starts: a sandboxed zygote (bwrap, the worker's
    layer), one kernel forked from it in a corner of its own, connected over
    its ZeroMQ sockets, and runs a line of code in it that must answer as a
    kernel of the sandbox does (not root, /proc/sys read-only). About a
    second, once per run, so that a sandbox that builds but cannot run a
    kernel stops the run instead of grading every notebook as crashed.
    """
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform}): pass --no-sandbox to grade without it"
    try:
        zygote = Zygote(dict(os.environ), sandboxed=True)
    except SandboxError as exc:
        return str(exc)
    except (OSError, RuntimeError) as exc:
        return f"the sandbox could not run a kernel ({_first_line(exc)}): {HOW_TO}"
    try:
        why = _probe_kernel(zygote)
    finally:
        zygote.close()
    if why is None:
        return None
    advice = "or pass --no-sandbox to grade without it" if "cannot read" in why else HOW_TO
    return f"the sandbox could not run a kernel ({why}): {advice}"


def _probe_kernel(zygote) -> str | None:
    """Fork one kernel from ``zygote``, run PROBE_CODE in it; None when it answered as it must."""
    run = tempfile.mkdtemp(prefix="k-probe-", dir=zygote.runs)
    log = os.path.join(run, "kernel.log")
    kernel = client = None
    try:
        connection, _ = write_connection_file(os.path.join(run, "kernel.json"), transport="ipc",
                                              ip=os.path.join(run, "k"))
        open(log, "wb").close()
        try:
            kernel = zygote.spawn(["--", "-f", connection], cwd=run, env=dict(os.environ), log=log)
        except (OSError, RuntimeError) as exc:
            return _first_line(exc)
        client = BlockingKernelClient(connection_file=connection)
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
        except RuntimeError:
            said = open_text(log).splitlines()
            return "it did not start" + (f": {said[-1][:200]}" if said else "")
        lines: list[str] = []
        code = PROBE_CODE.format(paths=outermost([*python_folders(), *data_folders()]))
        reply = client.execute_interactive(code, timeout=30, allow_stdin=False, output_hook=lambda msg: (
            lines.append(msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None))
        answer = "".join(lines).split()
        if reply["content"].get("status") != "ok" or len(answer) < 3 or answer[2] != "42":
            return "it did not run a line of code"
        if answer[0] == "0":
            return "the kernel ran as root"
        if answer[1] != "False":
            return "the kernel could write /proc/sys"
        if answer[3:]:
            return (f"its user (uid {answer[0]}) cannot read {answer[3]}; make what kernels read readable "
                    "by others (chmod -R o+rX) or grade as an ordinary user")
        return None
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the run must not start
        return _first_line(exc) or type(exc).__name__
    finally:
        if client is not None:
            client.stop_channels()
        if kernel is not None:
            kernel.kill()
            try:
                kernel.wait(timeout=5)
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(run, ignore_errors=True)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


def open_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return ""
