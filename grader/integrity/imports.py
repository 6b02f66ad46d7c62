"""What a notebook's import statements bind: the names they bind and the modules they import, read with ``ast``.

Three readers need this, each with its own filter: the static scan (names
bound to a protected package: grader.integrity.scan.aliases), the clean room
(names bound to a reference answer or to a module that holds one:
grader.integrity.cleanroom.skipped_cells) and the course build (the protected
modules a notebook's cells import, which the guard snapshots:
grader.course.build.NotebookInfo). :func:`import_aliases` is the one reading
of ``import`` and ``from ... import`` for the first two; the filter is theirs.
Relative imports (``from . import x``) are left out: a notebook is no package.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from grader.cells import to_python


def import_aliases(trees: Iterable[ast.AST], keep: Callable[[str], bool]) -> dict[str, str]:
    """{name: dotted name} for the names that the import statements in ``trees`` bind to what ``keep`` accepts.

    ``keep`` is asked with the dotted name an import names: ``import a.b``
    asks ``"a.b"``, ``from a.b import c`` asks ``"a.b.c"``. Where it accepts,
    ``import a.b as x`` binds ``x`` to ``"a.b"``, ``import a.b`` binds ``a``
    to ``"a"`` (Python binds the top-level package), and ``from a.b import c
    [as x]`` binds ``c`` (or ``x``) to ``"a.b.c"``. Every node of each tree
    is read (imports inside functions too: ``ast.walk``, breadth first); a
    name bound twice keeps the binding read last.
    """
    found: dict[str, str] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if keep(a.name):
                        top = a.name.split(".")[0]
                        found[a.asname or top] = a.name if a.asname else top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    dotted = f"{node.module}.{a.name}"
                    if keep(dotted):
                        found[a.asname or a.name] = dotted
    return found


def imported_modules(sources: list[str], families: Iterable[str]) -> list[str]:
    """The modules of the top-level packages ``families`` that the cells ``sources`` import (IPython
    syntax allowed; a cell that does not parse is skipped), each once, in the order found.

    ``import a.b`` counts ``a.b``; ``from a.b import c`` counts ``a.b`` and
    ``a.b.c`` (``c`` may be a submodule). ``families``: the course's
    protected packages (``c.LimitedExecute.protected_modules``).
    """
    families = tuple(families)
    found: list[str] = []
    for src in sources:
        try:
            tree = ast.parse(to_python(src))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                if name.split(".")[0] in families and name not in found:
                    found.append(name)
    return found
