"""A hint under a NameError in a notebook: which cells to run again after a kernel restart.

After a restart (or the next day) a kernel knows none of the names the cells above defined,
and Python's own message, ``NameError: name 'relu' is not defined``, does not say what to do.
:func:`install` adds a line under every NameError in the notebook's kernel that says it:
run the cells at the top (setup and the read-only helpers under it), then the cell that
defines the name. ``cnnlib.checks`` calls it when it is imported, so every notebook's setup
cell installs it. The error itself (its name and message) is unchanged, and while a grader
runs the notebook (``NBGRADER_EXECUTION`` set) nothing is installed: grading sees plain
Python errors.

IPython's documented hook for this is ``InteractiveShell.set_custom_exc``
(https://ipython.readthedocs.io/en/stable/api/generated/IPython.core.interactiveshell.html).
"""

from __future__ import annotations

import os


def hint(name: str | None) -> str:
    """The line shown under ``NameError: name 'NAME' is not defined``."""
    what = f"{name} is" if name else "the name is"
    return (f"hint: {what} defined in a cell that has not run since the kernel started (a restart "
            "forgets every name). Run the cells at the top of the notebook again (setup and the "
            f"read-only cells under it), then the cell that defines {name or 'it'} (an exercise cell "
            "or one above this), then this cell; or use Run > Run All Above Selected Cell.")


def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: the usual traceback, then :func:`hint`."""
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    stb = [*stb, hint(getattr(value, "name", None))]
    shell._showtraceback(etype, value, stb)
    return stb


def install() -> bool:
    """Show :func:`hint` under every NameError in the running IPython kernel.

    Returns True when installed; False outside IPython or while grading. Installing twice
    is harmless (IPython keeps one custom handler).
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((NameError,), _handler)
    return True
