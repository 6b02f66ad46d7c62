"""The run of a class keeps one home per fact (issue 21, item 3): no grading here, a few milliseconds each.

- a row's status is a ``str`` Enum that writes exactly the strings grades.json always held;
- a graded item is typed (grader.run.items.Graded), not a dict with ``_``-prefixed keys;
- every gradebook query lives in grader/gradebook.py, every output-folder file name in grader/outfolder.py,
  the process-tree kill in grader/sandbox/processes.py;
- no import cycle runs through grader.run, grader.reports or grader.intake (function-local imports count).
"""

from __future__ import annotations

import ast
import csv
import functools
import io
import json
import pickle
from pathlib import Path

from grader.outfolder import DETAILS, STATE
from grader.run.items import Graded, WorkItem
from grader.status import Status

ROOT = Path(__file__).resolve().parents[1]
GRADER = ROOT / "grader"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(GRADER.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))  # once per file for all the tests here


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """(line, value) of the string constants of ``path`` that are not docstrings."""
    tree = _tree(path)
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_a_status_writes_and_compares_as_its_string():
    row = {"status": Status.FLAGGED, "tests": {}}
    assert json.dumps(row) == json.dumps({"status": "flagged", "tests": {}})  # grades.json byte for byte
    counts = {Status.GRADED: 2, Status.MISSING: 0}  # report.json's counts, written indented (the pure-Python encoder)
    assert json.dumps(counts, indent=1) == json.dumps({"graded": 2, "missing": 0}, indent=1)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([Status.MISSING, f"{Status.TIMEOUT}", str(Status.CRASHED)])
    assert buffer.getvalue() == "missing,timeout,crashed\r\n"
    # a row read back from grades.json holds plain strings: lookups and comparisons work both ways
    assert {"graded": "ok"}[Status.GRADED] == "ok" and {Status.INVALID: 1}["invalid"] == 1
    assert Status("crashed") is Status.CRASHED and "graded" == Status.GRADED
    assert pickle.loads(pickle.dumps(Status.TIMEOUT)) is Status.TIMEOUT  # crosses to pool and Dask workers
    assert [s.value for s in Status] == ["graded", "missing", "invalid", "timeout", "crashed", "flagged"]


def test_a_graded_item_is_typed_and_its_row_public():
    row = {"score": 1.0, "max_score": 2.0, "status": "graded", "message": "", "tests": {"t": {"score": 1.0}},
           "_exec": 0.5, "_kernel": 0.25, "_flags": ["review: cell 3 uses exec"], "_errors": {"t": "AssertionError"},
           "_answers": {"f": "def f(): pass"}, "_restored": ["gradebook copy"], "_seconds": 1.5}
    before = json.dumps(row)
    graded = Graded.from_row(row)
    assert json.dumps(row) == before  # the worker's row is not changed
    assert list(graded.row) == ["score", "max_score", "status", "message", "tests"]
    assert graded.timings == {"exec": 0.5, "kernel": 0.25, "seconds": 1.5}  # in the order grading recorded them
    assert graded.flags == ["review: cell 3 uses exec"] and graded.errors == {"t": "AssertionError"}
    assert graded.answers == {"f": "def f(): pass"} and graded.restored == ["gradebook copy"]
    assert Graded.from_row({"status": "missing"}) == Graded({"status": "missing"})  # an empty row has nothing else
    item = WorkItem(("ada", "01_x"), "01_x", "ada", "/x/01_x.ipynb", "")
    assert pickle.loads(pickle.dumps(item)) == item and item.key == ("ada", "01_x")


def test_gradebook_sql_has_one_home():
    """sqlite3, SQLAlchemy and nbgrader's Gradebook are used only in grader/gradebook.py; everyone else
    calls its functions (or holds the Gradebook object one of them opened)."""
    outside = []
    for name, path in _modules().items():
        if name == "grader.gradebook":
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] in ("sqlite3", "sqlalchemy") for a in node.names):
                outside.append(f"{name}:{node.lineno} import")
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("sqlite3", "sqlalchemy"):
                outside.append(f"{name}:{node.lineno} from {node.module}")
            elif isinstance(node, ast.ImportFrom) and node.module == "nbgrader.api" and \
                    any(a.name == "Gradebook" for a in node.names):
                outside.append(f"{name}:{node.lineno} nbgrader.api.Gradebook")
    assert not outside, f"gradebook access outside grader/gradebook.py: {outside}"


def test_the_output_folders_file_names_have_one_home():
    names = {"grades.json", "grades.csv", "report.html", "report.json", "report-anonymised", "canvas-grades.csv",
             "moodle-grades.csv"}
    found = [f"{name}:{line} {value!r}" for name, path in _modules().items() if name != "grader.outfolder"
             for line, value in _code_strings(path) if value in names or value.startswith(".grader-")]
    assert not found, f"output-folder file names written outside grader/outfolder.py: {found}"
    assert STATE == ".grader-state.json" and DETAILS == ".grader-details.json"  # what existing folders hold


def test_one_kill_tree():
    defined = [name for name, path in _modules().items()
               for node in ast.walk(_tree(path))
               if isinstance(node, ast.FunctionDef) and "kill" in node.name and "tree" in node.name]
    assert defined == ["grader.sandbox.processes"]


def _edges() -> dict[str, set[str]]:
    mods = _modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for node in ast.walk(_tree(path)):  # function-local imports too
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("grader"):
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in mods else node.module
                           for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("grader")]
            edges[name].update(t for t in targets if t in mods and t != name)
    return edges


def _reaches(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_no_import_cycle_through_a_run_its_intake_or_its_reports():
    edges = _edges()
    # grader.intake.submissions still meets grader.course.layout (match_course, CourseNotebooks): a cycle the
    # course folder's restructuring cuts (issue 21, item 3)
    mine = [m for m in edges if m.startswith(("grader.run.", "grader.reports.", "grader.intake.")) or m in
            ("grader.status", "grader.outfolder", "grader.gradebook", "grader.sandbox.processes")]
    mine = [m for m in mine if m != "grader.intake.submissions"]
    cycles = [m for m in mine if m in _reaches(edges, m)]
    assert not cycles, f"modules on an import cycle: {cycles}"
    leaves = ("grader.status", "grader.outfolder", "grader.gradebook", "grader.run.items")
    assert all(not edges[m] for m in leaves), {m: edges[m] for m in leaves if edges[m]}


def test_the_cycle_check_sees_a_function_local_import(tmp_path):
    edges = {"a": {"b"}, "b": set()}
    assert "a" not in _reaches(edges, "a")
    edges["b"].add("a")  # b imports a inside a function: still a cycle
    assert "a" in _reaches(edges, "a")
