"""The grader's errors: a leaf module every part of the grader imports (it imports nothing of the grader)."""


class GraderError(Exception):
    """A problem the user can fix; the CLI prints it in one line and exits 2."""
