"""Each limit's default, written once.

Every other place reads these: the command line's options
(grader/__main__.py), :class:`grader.autograde.Limits`, the ``grade`` and
``check`` functions, the traits of :class:`grader.preprocessors.LimitedExecute`
and grader/nbgrader_config.py (for nbgrader's own commands). Change a
default here and nowhere else.
"""

TIMEOUT = 120  # seconds a cell may run
NOTEBOOK_TIMEOUT = 900  # wall-clock seconds for a whole notebook
MEMORY = 4 * 1024**3  # bytes for a kernel and its processes (0: no limit)
MEMORY_TEXT = "4G"  # MEMORY as --memory spells it
OUTPUT_LIMIT = 1_000_000  # bytes of output kept per cell
NOTEBOOK_OUTPUT_LIMIT = 8_000_000  # characters of output kept per notebook (grader/outputs.py)
