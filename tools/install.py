r"""Create the course's virtual environment and install the project into it.

Used by the Makefile (`make lab`, `make test` and the others call it when .venv
is missing or pyproject.toml changed), and on its own where there is no make
(Windows):

    python3 tools/install.py [--venv .venv]      # macOS, Linux
    py tools\install.py                          # Windows; then .venv\Scripts\jupyter lab

On Linux without an NVIDIA GPU it installs a CPU build of PyTorch first, so
that pip does not pull several GB of CUDA libraries that cannot be used
(PyPI's macOS and Windows wheels of PyTorch carry no CUDA libraries). A
virtual environment keeps its programs in ``bin/`` on macOS and Linux and in
``Scripts\`` (``python.exe``) on Windows; :func:`venv_program` knows both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TORCH_PIN = "torch==2.13.0"          # satisfies pyproject's range; a local CPU wheel where one exists
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def venv_program(env_dir: Path, name: str, windows: bool | None = None) -> Path:
    """The path of program ``name`` (python, jupyter) in the virtual environment ``env_dir``.

    ``env_dir/Scripts/NAME.exe`` on Windows, ``env_dir/bin/NAME`` elsewhere:
    the layouts that Python's ``venv`` module creates. With ``windows``
    None, an environment that exists already says which layout it has (a
    Python from MSYS2 makes ``bin/`` on Windows); a new one follows
    ``os.name``.
    """
    if windows is None:
        if (env_dir / "Scripts" / "python.exe").exists():
            windows = True
        elif (env_dir / "bin" / "python").exists():
            windows = False
        else:
            windows = os.name == "nt"
    return env_dir / "Scripts" / f"{name}.exe" if windows else env_dir / "bin" / name


def lab_command(env_dir: Path, windows: bool | None = None) -> str:
    """The command that opens the course in JupyterLab from the repository root, for this system.

    Jupyter refuses to run as root without ``--allow-root`` (containers).
    """
    jupyter = venv_program(env_dir, "jupyter", windows)
    try:
        jupyter = jupyter.resolve().relative_to(ROOT)
    except ValueError:
        pass
    root = getattr(os, "geteuid", lambda: 1)() == 0
    return f"{jupyter} lab --notebook-dir=notebooks" + (" --allow-root" if root else "")


def has_cuda_gpu() -> bool:
    exe = shutil.which("nvidia-smi")
    if not exe:
        return False
    try:
        return subprocess.run([exe, "-L"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# nbgrader's Jupyter parts are the instructor's tools (formgrader, "Create Assignment", the
# Nbgrader menu, the course and assignment lists) and a Validate button that runs only the
# visible tests, so that it calls a notebook that `check` scores 8/14 a success. The course
# keeps nbgrader for the grader and switches these off in its own environment only: the
# configuration goes into the venv (sys-prefix level), never into the user's home.
NBGRADER_SERVER_EXTENSIONS = ("formgrader", "validate_assignment", "assignment_list", "course_list")
NBGRADER_LABEXTENSION = "@jupyter/nbgrader"


def hide_instructor_tools(env_dir: Path) -> None:
    """Disable nbgrader's server and lab extensions in ``env_dir`` with Jupyter's own commands.

    ``jupyter server extension disable --sys-prefix`` writes
    ``env_dir/etc/jupyter/jupyter_server_config.d/nbgrader.server_extensions.NAME.json``;
    ``jupyter labextension disable`` and ``lock`` (JupyterLab 4.1 and later: a learner cannot
    switch it back on in the plugin manager) write ``etc/jupyter/labconfig/page_config.json``.
    Raises subprocess.CalledProcessError when a command fails.
    """
    jupyter = [str(venv_program(env_dir, "python")), "-m", "jupyter"]  # bin/ or Scripts\, as pip's steps
    for name in NBGRADER_SERVER_EXTENSIONS:
        subprocess.run([*jupyter, "server", "extension", "disable", f"nbgrader.server_extensions.{name}",
                        "--sys-prefix"], check=True, capture_output=True)
    for verb in ("disable", "lock"):
        subprocess.run([*jupyter, "labextension", verb, NBGRADER_LABEXTENSION, "--level=sys_prefix"],
                       check=True, capture_output=True)


def extras(platform: str | None = None) -> list[str]:
    """The project's extras that the environment gets: tests, Dask, the book; on Linux the hub too.

    JupyterHub with local Unix users (PAM, processes started as each user) is Linux-only, so
    ``hub`` (tests/test_hub.py, docs/jupyterhub.md) is left out on macOS and Windows.
    """
    platform = sys.platform if platform is None else platform
    return ["dev", "distributed", "book"] + (["hub"] if platform.startswith("linux") else [])


def install_hub_proxy(env_dir: Path) -> None:
    """JupyterHub's proxy for tests/test_hub.py and hub images (tools/hub.py; a Node.js program from npm).

    Where npm is missing or fails, says so in one line and carries on: only the hub needs it.
    """
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import hub
    finally:
        sys.path.pop(0)
    try:
        print(f"JupyterHub's proxy: {hub.install_proxy(env_dir)}", flush=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"note: JupyterHub's proxy was not installed ({e}); tests/test_hub.py skips (fails where CI is set)", flush=True)


def pip(py: Path, *args: str, check: bool = True) -> bool:
    cmd = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *args]
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=check).returncode == 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--venv", default=str(ROOT / ".venv"))
    ap.add_argument("--hide-instructor-tools", action="store_true",
                    help="only switch off nbgrader's instructor tools in the environment --venv "
                         "(Binder's postBuild passes its own, sys.prefix)")
    args = ap.parse_args(argv)
    if args.hide_instructor_tools:
        hide_instructor_tools(Path(args.venv))
        return 0
    if sys.version_info < (3, 10):  # noqa: UP036 - this script runs before the venv exists
        print(f"error: the course needs Python 3.10 or newer; this is {sys.version.split()[0]}. "
              "Run `make PYTHON=python3.11 test` with a newer interpreter.", file=sys.stderr)
        return 2
    env_dir = Path(args.venv)
    py = venv_program(env_dir, "python")
    if not py.exists():
        print(f"Creating {env_dir} with {sys.executable}", flush=True)
        venv.EnvBuilder(with_pip=True).create(env_dir)
    probe = subprocess.run([str(py), "-c", "import torch"], capture_output=True)
    if probe.returncode != 0:
        if has_cuda_gpu():
            print("NVIDIA GPU found: installing PyTorch with CUDA.", flush=True)
        elif not sys.platform.startswith("linux"):
            print("Installing PyTorch from PyPI (its macOS and Windows builds carry no CUDA).", flush=True)
        else:
            print("No NVIDIA GPU: installing a CPU build of PyTorch.", flush=True)
            # A local or cached wheel first (fast; only the wheel itself: its small
            # dependencies are rarely there offline, and come from the usual index
            # next, with torch already in place); else PyTorch's CPU index.
            if pip(py, "--no-index", "--no-deps", TORCH_PIN, check=False):
                pip(py, TORCH_PIN)
            else:
                pip(py, "torch>=2.2,<2.14", "--index-url", TORCH_CPU_INDEX)
    pip(py, "-e", f"{ROOT}[{','.join(extras())}]")
    hide_instructor_tools(env_dir)
    if "hub" in extras():
        install_hub_proxy(env_dir)
    print(f"Installed the course into {env_dir}. Open it with: {lab_command(env_dir)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
