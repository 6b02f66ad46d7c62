"""The integrity guard's checks, as LimitedExecute asks the kernel for them (grader.integrity.guard).

The guard runs inside the kernel (installed by grader.sandbox.kernel); the
grading worker asks it, through a user expression, to compare what the
course's modules hold with its snapshot: before every test cell and after
every course cell. Where it can, the check rides along in the request of the
cell before it (grader.sandbox.client), so that it costs no round trip.
"""

from __future__ import annotations

import ast

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader import utils
from traitlets import Dict
from traitlets.config import Configurable

from grader.autograde.cellkinds import is_trusted

GUARD = "__import__('grader.integrity.guard', fromlist=['_']).timed({!r}, globals())"
GUARD_KEY = "grader_guard"  # the guard's entry in a cell's user_expressions


class Guard(Configurable):
    """What the in-kernel integrity guard records of a large library (course knowledge, grader.integrity.guard)."""

    protected_submodules = Dict({}, help="top-level package -> the only modules of it that the guard records "
                                "(for a library too large to snapshot whole: the modules the course's tests use); "
                                "a package not listed is recorded whole").tag(config=True)


class GuardChecks:
    """LimitedExecute's part that asks the kernel's guard (a mixin: it uses the executor's ``kc`` and
    ``wait_for_reply``, and keeps ``_checked``, ``_along`` and ``_guard_seconds`` on it)."""

    _checked = False  # a guard check ran since the last course cell
    _along: list[str] | None = None  # what the check that rode along in the last cell's request found
    _guard_seconds = 0.0  # seconds the checks that rode along took (not the notebook's time)

    def _guard(self, fn: str) -> list[str]:
        """Run the guard's ``fn`` in the kernel as a request of its own; what it found."""
        self._checked = True
        try:
            msg_id = self.kc.execute("", silent=True, store_history=False,
                                     user_expressions={GUARD_KEY: GUARD.format(fn)})
            reply = self.wait_for_reply(msg_id)
        except (DeadKernelError, CellTimeoutError, RuntimeError):
            return []
        if reply is None:
            return ["the integrity check did not answer"]
        return self._guard_answer(reply.get("content", {}).get("user_expressions", {}).get(GUARD_KEY, {}))[0]

    def _guard_along(self, nb, index: int, cell) -> str | None:
        """The guard call to evaluate right after ``cell``, in its own request."""
        nxt = next((c for c in nb.cells[index + 1:] if c.cell_type == "code" and c.source.strip()), None)
        if nxt is None:
            fn = "final"
        elif is_trusted(cell):
            fn = "after_trusted"
        elif utils.is_grade(nxt) and not utils.is_solution(nxt):
            fn = "before_test"
        else:
            return None
        self.kc.pending_expressions = {GUARD_KEY: GUARD.format(fn)}
        return fn

    def _guard_rode_along(self, content: dict) -> None:
        """Keep the answer of a check that rode along in an executed cell's reply ``content``."""
        if GUARD_KEY in content.get("user_expressions", {}):
            self._along, seconds = self._guard_answer(content["user_expressions"][GUARD_KEY])
            self._guard_seconds += seconds  # it ran inside the cell's timed request

    @staticmethod
    def _guard_answer(result: dict) -> tuple[list[str], float]:
        """(what the guard found, the seconds it took) from its user expression's result."""
        if result.get("status") != "ok":
            return [f"the integrity check failed ({result.get('ename', 'no answer')})"], 0.0
        try:
            found, seconds = ast.literal_eval(result["data"]["text/plain"])
            return [str(x) for x in found], float(seconds)
        except (KeyError, ValueError, SyntaxError, TypeError):
            return ["the integrity check gave a malformed answer"], 0.0
