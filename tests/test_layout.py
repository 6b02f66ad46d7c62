"""grader/'s layout keeps to issue 21's rules, read statically (``ast``; nothing is imported or graded).

- no module of grader/ is over 400 lines;
- no function is over 60 lines unless a ``# long: <reason>`` comment in its
  first lines says why;
- grader's modules import each other without a cycle, counting the imports
  inside functions (a function-local import that only hides a cycle is a
  cycle: it fails at import time as soon as someone moves it to the top, and
  it keeps the modules from being understood one at a time);
- the leaves (errors.py, cells.py, status.py where there is one) import
  nothing of grader, so that any module can use them.

EXEMPT holds today's offenders outside grader/course/ and grader/integrity/
while their owners split them (issue 21, item 3); it must be empty once the
branches are merged.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "grader"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG = re.compile(r"#\s*long:\s*\S")  # the reason must be written: "# long:" alone does not count
LEAVES = ("grader.errors", "grader.cells", "grader.status")

# Today's offenders outside grader/course/ and grader/integrity/ (their owners are splitting them). This must
# be EMPTY once issue 21's item 3 is merged: never add to it; remove what no longer offends
# (test_exemptions_are_current says which).
EXEMPT = {
    "modules": set(),
    "functions": set(),
    "cycles": set(),
}


# -- reading the package ------------------------------------------------------------------------------

def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """{dotted module name: file} of every module of ``package`` (a package is its ``__init__``)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> dict[str, int]:
    """{module of ``known``: first line} that module ``name`` imports, at the top or inside a function.

    ``from a.b import c`` imports ``a.b.c`` where that is a module, else
    ``a.b``; relative imports are resolved against the module's package.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[:len(up) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            while target and target not in known:  # import a.b.c where c is a name: the module a.b
                target = target.rpartition(".")[0]
            if target and target != name:
                found.setdefault(target, node.lineno)
    return found


def cycles(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """The import cycles of ``graph``: its strongly connected components of more than one module
    (Tarjan's algorithm, iterative; Tarjan 1972, SIAM J. Comput. 1(2))."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, {}))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def long_functions(path: Path) -> dict[str, int]:
    """{qualified name: lines} of the functions of ``path`` over MAX_FUNCTION_LINES lines without a
    ``# long: <reason>`` comment in their signature or the first three lines of their body."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found: dict[str, int] = {}

    def visit(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    length = child.end_lineno - child.lineno + 1
                    head = lines[child.lineno - 1:child.body[0].lineno + 2]
                    if length > MAX_FUNCTION_LINES and not any(LONG.search(line) for line in head):
                        found[name] = length
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(text), "")
    return found


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@functools.lru_cache(maxsize=1)  # the rules below read the same tree
def _graph() -> dict[str, dict[str, int]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


@functools.lru_cache(maxsize=1)
def _offenders() -> dict[str, set]:
    known = modules()
    return {
        "modules": {_rel(p) for p in known.values() if len(p.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES},
        "functions": {f"{_rel(p)}::{f}" for p in known.values() for f in long_functions(p)},
        "cycles": set(cycles(_graph())),
    }


# -- the rules -------------------------------------------------------------------------------------------

def test_no_module_is_over_400_lines():
    big = sorted(_offenders()["modules"] - EXEMPT["modules"])
    assert not big, f"modules over {MAX_MODULE_LINES} lines (split them by concern): {big}"


def test_no_long_function_without_a_reason():
    long = sorted(_offenders()["functions"] - EXEMPT["functions"])
    assert not long, (f"functions over {MAX_FUNCTION_LINES} lines without a '# long: <reason>' comment in their "
                      f"first lines (split them, or say why not): {long}")


def test_no_import_cycle():
    graph = _graph()
    assert len(graph) > 30 and sum(map(len, graph.values())) > 50, "the import scan found too little: is it broken?"
    found = [c for c in cycles(graph) if c not in EXEMPT["cycles"]]
    shown = [sorted(f"{m} -> {t} (line {graph[m][t]})" for m in c for t in graph[m] if t in c) for c in found]
    assert not found, f"import cycles among grader's modules (imports inside functions count): {shown}"


def test_the_leaves_import_nothing_of_grader():
    known, checked = modules(), 0
    for leaf in LEAVES:
        if leaf in known:
            checked += 1
            assert not imports(leaf, known[leaf], known), f"{leaf} must import nothing of grader"
    assert checked >= 2, "errors.py and cells.py are gone: update LEAVES"


def test_exemptions_are_current():
    """An exemption whose module, function or cycle no longer offends is stale: the list only shrinks."""
    now = _offenders()
    stale = {kind: sorted(map(str, EXEMPT[kind] - now[kind])) for kind in EXEMPT}
    assert not any(stale.values()), f"EXEMPT lists what no longer offends; remove it: {stale}"
    owned = ("grader/course/", "grader/integrity/", "grader.course.", "grader.integrity.")
    mine = [e for kind in EXEMPT for e in EXEMPT[kind]
            if any(str(name).startswith(owned) for name in (e if isinstance(e, frozenset) else [e]))]
    assert not mine, f"grader/course/ and grader/integrity/ are not exempt: {mine}"


# -- the checks catch what they are for ----------------------------------------------------------------

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "pkg"


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    pkg = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from pkg.b import f\n",
        "b.py": "def f():\n    from pkg.sub import c\n",
        "sub/__init__.py": "",
        "sub/c.py": "def g():\n    import pkg.a\n",
        "d.py": "from . import a\nfrom .sub.c import g\n",  # relative imports, no cycle of its own
    })
    known = modules(pkg)
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert graph["pkg.b"] == {"pkg.sub.c": 2} and graph["pkg.d"] == {"pkg.a": 1, "pkg.sub.c": 2}
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.b", "pkg.sub.c"})]
    del graph["pkg.sub.c"]["pkg.a"]
    assert cycles(graph) == []


def test_a_long_function_needs_a_written_reason(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    path = tmp_path / "m.py"
    method = "".join(f"    {line}\n" for line in body.splitlines())
    path.write_text(f"def short():\n    pass\n\n\nclass K:\n    def method(self):\n{method}\n\n"
                    f"def explained():\n    # long: one table, read top to bottom\n{body}\n\n"
                    f"def bare():\n    # long:\n{body}", encoding="utf-8")
    assert long_functions(path) == {"K.method": MAX_FUNCTION_LINES + 1, "bare": MAX_FUNCTION_LINES + 2}
