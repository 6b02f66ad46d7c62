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
        course_bound = set().union(*(bound_names(src) for _, _, src in self.course))
        # a name a test reads before any test binds it comes from the learner, even where a later test
        # rebinds it (nbgrader's quickstart: `orig_squares = squares; del squares; ...; squares = orig_squares`)
        test_bound: set[str] = set()
        self.exercise_names = set()
        for src in tests:
            self.exercise_names |= reads_first(src) - course_bound - test_bound
            test_bound |= bound_names(src)
        self.exercise_names = {n for n in self.exercise_names if not hasattr(builtins, n)}
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


def reads_first(source: str) -> set[str]:
    """The names a cell reads before it binds them, in the order its statements run (unparsable: none).

    ``expected = [1, 4]; assert squares(2) == expected`` reads ``squares`` first, not ``expected``;
    ``orig = squares; del squares; ...; squares = orig`` reads ``squares`` first. A function or class
    body's names count as read when it is defined (a test's helper reads what the cell had bound by then).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    first: set[str] = set()
    _reads_in(tree.body, set(), first, bound_names(source))
    return first


def _scoped(node: ast.AST) -> set[str]:
    """Names bound in scopes of their own inside ``node``: parameters, comprehension and lambda names."""
    names = {a.arg for a in ast.walk(node) if isinstance(a, ast.arg)}
    for sub in ast.walk(node):
        if isinstance(sub, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            names |= {n.id for g in sub.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        elif isinstance(sub, ast.NamedExpr):
            names.add(sub.target.id)
    return names


def _stores(node: ast.AST) -> set[str]:
    """Names ``node`` stores anywhere inside it (its own scope's and nested ones')."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _reads(node: ast.AST, bound: set[str]) -> set[str]:
    return _loads(node) - bound - _scoped(node)


def _reads_in(body: list[ast.stmt], bound: set[str], first: set[str], cell_bound: set[str]) -> None:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # a body runs when called, after the cell bound what it binds: only its other names count
            local = _stores(node)
            first |= _reads(node, bound | cell_bound | local)
            bound.add(node.name)
            continue
        blocks = [getattr(node, field) for field in ("body", "orelse", "finalbody")
                  if isinstance(getattr(node, field, None), list)]
        blocks += [handler.body for handler in getattr(node, "handlers", [])]
        if not blocks:  # a simple statement: what it reads runs before what it binds
            first |= _reads(node, bound)
            bound |= _stores(node)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
            continue
        head = [getattr(node, f) for f in ("test", "iter", "target", "items", "subject") if getattr(node, f, None)]
        for part in head:  # a loop's iterable, a condition, a with's items: before the body
            for sub in (part if isinstance(part, list) else [part]):
                first |= _reads(sub, bound)
                bound |= _stores(sub)
        for handler in getattr(node, "handlers", []):
            if handler.name:
                bound.add(handler.name)
            if handler.type is not None:
                first |= _reads(handler.type, bound)
        for block in blocks:
            _reads_in(block, bound, first, cell_bound)
