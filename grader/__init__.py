"""The course's grader: nbgrader's release, autograde, feedback and gradebook, for a whole class.

Commands (``python -m grader --help``): ``release [--check]``, ``check NOTEBOOK... [--json]``,
``grade SUBMISSIONS [--out DIR] [--workers N] [--timeout S]`` and ``demo``. See grader/README.md.
"""

__version__ = "0.1.0"
