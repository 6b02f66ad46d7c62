"""What the judge reads from a notebook's source: the course cells it runs, the names tests take, hidden parts.

Pure functions of cell text (no kernel): :class:`CoursePlan` from the
released notebook, the names a cell binds or reads, and where a test cell's
hidden part starts (``### BEGIN HIDDEN TESTS``).
"""

from __future__ import annotations

import ast
import builtins
import functools

HIDDEN_MARK = "BEGIN HIDDEN TESTS"


def hidden_start(source: str) -> int:
    """The 1-based line of a test cell's ``### BEGIN HIDDEN TESTS`` (one past the end: none)."""
    lines = source.splitlines()
    return next((i + 1 for i, line in enumerate(lines) if HIDDEN_MARK in line), len(lines) + 1)


def has_hidden(source: str) -> bool:
    """Whether a test cell (as graded) has a hidden part with code in it."""
    lines = source.splitlines()
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines[hidden_start(source):])


class CoursePlan:
    """What the judge takes from the course's own notebook (the release: trusted text).

    ``course``: (position, label, source) of every code cell that is neither
    a solution nor a test cell, in order; ``tests``: grade_id -> position;
    ``exercise_names``: the names test cells read that no course cell binds
    (so they must come from the learner's kernel); ``needed``: the names the
    judge's copy of the course cells must bind (read by tests or by the
    course's definitions, followed through assignments).
    """

    def __init__(self, cells: list, test_sources: list[str] | None = None):
        """``cells``: the released notebook's cells; ``test_sources``: the test cells as graded
        (hidden tests included: the release has none), by default those of ``cells``."""
        self.course: list[tuple[int, str, str]] = []
        self.tests: dict[str, int] = {}
        tests: list[str] = []
        for i, cell in enumerate(cells):
            if cell.get("cell_type") != "code":
                continue
            meta = cell.get("metadata", {}).get("nbgrader", {})
            meta = meta if isinstance(meta, dict) else {}
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else str(src)
            if meta.get("solution"):
                continue
            if meta.get("grade"):
                self.tests[str(meta.get("grade_id", ""))] = i
                tests.append(src)
                continue
            self.course.append((i, f"cell {i + 1}" + (f" ({meta['grade_id']})" if meta.get("grade_id") else ""), src))
        tests = tests if test_sources is None else list(test_sources)
        free = set().union(*map(free_names, tests)) if tests else set()
        bound = set().union(*(bound_names(src) for _, _, src in self.course), *map(bound_names, tests))
        self.exercise_names = {n for n in free - bound if not hasattr(builtins, n)}
        self.needed = self._needed(free)

    def _needed(self, free: set[str]) -> set[str]:
        needed = set(free)
        assigns = []
        for _, _, src in self.course:
            try:
                tree = ast.parse(src)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    needed |= _loads(node)
                elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                    assigns.append((stored(node), _loads(node)))
        grew = True
        while grew:
            grew = False
            for names, loads in assigns:
                if names & needed and not loads <= needed:
                    needed |= loads
                    grew = True
        return needed

    def before(self, grade_id: str) -> list[tuple[int, str, str]]:
        """The course cells above test ``grade_id`` (all of them when it is unknown)."""
        pos = self.tests.get(grade_id, 1 << 30)
        return [c for c in self.course if c[0] < pos]


def _loads(node: ast.AST) -> set[str]:
    """Names ``node`` reads."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def stored(node: ast.AST) -> set[str]:
    """Names an assignment ``node`` binds."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def bound_names(source: str) -> set[str]:
    """Top-level names a cell binds (definitions, assignments, imports, loop targets)."""
    return set(_bound_names(source))


# A worker analyses the same released cells for every submission of a notebook (the judge's plan,
# grader.integrity.cleanroom's skipped cells and stand-ins): they are parsed once per worker, not once per
# submission. Pure functions of the text; callers get a set of their own.
@functools.lru_cache(maxsize=1024)
def _bound_names(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return frozenset(names)


def free_names(source: str) -> set[str]:
    """Every name a cell reads (unparsable: none)."""
    return set(_free_names_of(source))


@functools.lru_cache(maxsize=1024)
def _free_names_of(source: str) -> frozenset[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset()
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))
