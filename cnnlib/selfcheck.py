"""Score the notebook you are working on, from inside it: the "Score this notebook" cell.

The last code cell of every notebook calls :func:`score` with the notebook's file name. It
runs the course's grader, ``python -m grader check FILE`` (the full tests, hidden ones
included, in a fresh kernel, as an instructor's grading would), with this kernel's Python,
and prints what ``check`` prints: the points of every test cell and, under a failed one,
why it failed. JupyterLab's Validate button is switched off in the course's environment
(tools/install.py) because it runs only the visible tests.

The grader reads the *saved* file, so save first. While a grader runs the notebook
(``NBGRADER_EXECUTION`` is set) the cell does nothing: a notebook does not grade itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _notebook_path(name: str) -> Path | None:
    """The saved notebook: ``name`` in the working directory (Jupyter starts a kernel in the
    notebook's folder), else the file the kernel's session names (``__session__``, set by
    ipykernel for a notebook opened in Jupyter, e.g. a renamed copy), else None."""
    here = Path(name)
    if here.is_file():
        return here.resolve()
    try:
        from IPython import get_ipython

        shell = get_ipython()
        session = shell.user_ns.get("__session__") if shell is not None else None
    except ImportError:  # plain Python
        session = None
    if session and str(session).endswith(".ipynb"):
        for candidate in (Path(session), Path.cwd() / Path(session).name):
            if candidate.is_file():
                return candidate.resolve()
    return None


def score(name: str, *, stream=None) -> int | None:
    """Run ``python -m grader check`` on the saved notebook ``name`` and print its output.

    name: the notebook's file name (``"03_relu_and_pooling.ipynb"``), looked up as
    :func:`_notebook_path` says; the grader's own limits per cell and per notebook bound the
    time. stream: where to print (default stdout). Returns check's exit code (0 full marks, 1 a test lost points, 2 the
    file could not be read), or None when nothing ran (while grading, or no saved file).
    """
    stream = stream or sys.stdout
    if os.environ.get("NBGRADER_EXECUTION"):
        print("Not scored while the notebook is being graded.", file=stream)
        return None
    path = _notebook_path(name)
    if path is None:
        print(f"No saved {name} next to this kernel ({Path.cwd()}): save the notebook (Ctrl+S), "
              f"or run in a terminal: python -m grader check PATH/TO/{name}", file=stream)
        return None
    print(f"Scoring the saved {path.name} with the full tests (hidden ones too) in a fresh kernel; "
          "this takes about as long as running the whole notebook ...", file=stream, flush=True)
    with subprocess.Popen([sys.executable, "-m", "grader", "check", str(path)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace") as proc:
        for line in proc.stdout:  # as it comes: a notebook takes a while
            print(line, end="", file=stream, flush=True)
        code = proc.wait()
    if code == 0:
        print("Full marks.", file=stream)
    return code
