"""The clean room: what a graded kernel can import, per notebook.

A learner's code must not score with answers it did not write. The static
scan (grader/integrity/scan.py) reads spellings; this module makes the answers
*not there* in the kernel while a notebook is graded (docs/grader/clean-room.md):

- ``c.CleanRoom.allowed`` (the course's nbgrader_config.py), keyed by the notebook's
  short name (``c.CourseNotebooks.short_name``), names the distributions (or top-level modules) its graded kernel
  may import besides the standard library and the kernel's own
  (``c.CleanRoom.kernel``: ipykernel). Each is taken with its dependency
  closure, read from the installed distributions' metadata
  (:func:`importlib.metadata.requires`). A notebook not in the table is not
  restricted.
- ``c.Integrity.reference_answers`` names the course package's functions,
  classes and data that answer the notebook's own exercises.

From these, :func:`kernel_view` makes the file system the kernel's sandbox
shows (grader.sandbox.corner.enter_kernel builds it in the kernel's private mount
namespace): every site-packages folder rebuilt as bind mounts of the allowed
entries only, and the course package replaced by a copy
(grader.integrity.stubs.write_package_view) whose reference answers are stubs that raise
:class:`HiddenReference`-style errors saying what to do. The kernel is forked
from a zygote that never imported anything outside the allowance
(grader.autograde.preprocessors keeps one zygote per allowance), so nothing hidden is in
its memory either. :func:`skipped_cells` names the course cells that do not
run in the graded kernel: test helpers (the judge has them) and cells that
need a module outside the allowance.

Without the sandbox (``--no-sandbox``, a learner's own ``check``) none of this
holds: the file system is the grader's.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from functools import lru_cache

from traitlets import Dict, List, Unicode
from traitlets.config import Configurable

from grader.cells import to_python
from grader.course.layout import course_notebooks_config
from grader.integrity.imports import import_aliases
from grader.integrity.sites import site_view
from grader.integrity.stubs import package_folder, write_package_view

HIDDEN_ERROR = "HiddenReference"  # the class of error a hidden reference raises in the kernel
NOTEBOOKS_OWN = "this notebook's"  # how skipped_cells names the allowance (room_cells says "their own")


class CleanRoom(Configurable):
    """Per-notebook allowance of a graded kernel (course knowledge, the course's nbgrader_config.py)."""

    allowed = Dict({}, help="notebook short name (c.CourseNotebooks.short_name) -> distributions or top-level modules its graded kernel "
                   "may import besides the standard library and `kernel` (their dependencies come "
                   "with them); a notebook not listed is not restricted").tag(config=True)
    kernel = List(["ipykernel"], help="distributions every graded kernel needs to run at all").tag(config=True)
    keep = Dict({}, help="notebook short name -> reference answers (as in c.Integrity.reference_answers) that the "
                "graded kernel keeps real because the course's own cells need them through another function of "
                "the package; the static scan still flags them").tag(config=True)
    helper_prefix = Unicode("reference_", help="grade_id prefix of the locked course cells that hold the tests' "
                            "own helpers (reference models, probes, reference gradients): a graded kernel whose "
                            "tests run in the judge does not run them").tag(config=True)
    exercise_allowed = Dict({}, help="notebook short name -> {exercise name (a name its solution cells bind) -> "
                            "distributions or top-level modules}: a narrower allowance for the exercises whose "
                            "tests read those names (a NumPy exercise in a notebook that teaches PyTorch); "
                            "their tests call them in a second graded kernel of that allowance").tag(config=True)
    package = Unicode("", help="the course's support package (a top-level module name): a graded kernel sees "
                      "it through a copy whose reference answers (c.Integrity.reference_answers) are stubs; "
                      "empty: the course has none").tag(config=True)


def number(stem: str, config=None) -> str:
    """The notebook's short name, the key of the course's tables (grader.course.layout.CourseNotebooks.short)."""
    return course_notebooks_config(config).short(stem)


def settings(config) -> CleanRoom:
    return CleanRoom(config=config)


def allowance(stem: str, config) -> list[str] | None:
    """The notebook's allowed distributions (as configured), or None: not restricted."""
    table = settings(config).allowed
    got = table.get(number(stem, config))
    return None if got is None else [str(x) for x in got]


def exercise_allowances(stem: str, config) -> dict[tuple[str, ...], frozenset[str]]:
    """{allowance: exercise names} of the notebook's per-exercise allowances
    (``c.CleanRoom.exercise_allowed``), exercises with the same allowance together; {} when none."""
    table = settings(config).exercise_allowed.get(number(stem, config)) or {}
    rooms: dict[tuple[str, ...], set[str]] = {}
    for name, allowed in table.items():
        rooms.setdefault(tuple(str(x) for x in allowed), set()).add(str(name))
    return {k: frozenset(v) for k, v in rooms.items()}


def kernel_view(stem: str, config, references, root: str, allowed: list[str] | None = None) -> dict | None:
    """What :func:`grader.sandbox.corner.enter_kernel` builds for notebook ``stem`` (None: not restricted).

    ``{"sites": {site folder: [entries kept]}, "binds": [[source, target]], "allowed": [...],
    "stem": stem}``; the package copy is written under ``root`` (a folder the sandbox shares).
    ``allowed``: an exercise's narrower allowance instead of the notebook's (:func:`exercise_allowances`).
    """
    allowed = allowance(stem, config) if allowed is None else allowed
    if allowed is None:
        return None
    room = settings(config)
    view: dict = {"stem": stem, "allowed": allowed, "binds": [],
                  "sites": site_view(allowed, list(room.kernel), room.package)}
    keep = set(room.keep.get(number(stem, config), ()))
    copy = write_package_view(room.package, [r for r in references if r not in keep], stem, root,
                              [r for r in references if r in keep])
    if copy is not None:
        view["binds"].append([copy, package_folder(room.package)])
    return view


# -- the course cells a graded kernel runs ---------------------------------------------------------

def _cell_facts(cells: list, helper_prefix: str) -> tuple[dict[int, tuple], dict[int, bool]]:
    """({index: (kind, names it binds, global names it reads, top-level modules it imports)}, {index:
    marked as a test helper}) of the code cells of ``cells``; kind is ``solution``, ``test`` or ``course``."""
    from grader.judge.plan import bound_names

    def kind(cell) -> str:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        meta = meta if isinstance(meta, dict) else {}
        return "solution" if meta.get("solution") else "test" if meta.get("grade") else "course"

    code = [(i, kind(c), _source(c)) for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    marked = {}
    for i, _, _ in code:
        meta = cells[i].get("metadata", {}).get("nbgrader") or {}
        marked[i] = bool(meta.get("locked")) and str(meta.get("grade_id", "")).startswith(helper_prefix or "\0")
    info = {}
    for i, k, src in code:
        try:
            tree = ast.parse(_python(src))
        except SyntaxError:
            tree = None
        src = _python(src)
        bound, reads = bound_names(src), global_reads(src)
        if k == "test":  # what a test binds itself it does not need from a course cell
            reads -= bound
        info[i] = (k, bound, reads, _imports(tree) if tree else set())
    return info, marked


def skipped_cells(cells: list, allowed_modules: set[str] | None, helpers: bool = True,
                  helper_prefix: str = "reference_", references: Iterable[str] = ()) -> dict[int, str]:
    """{index: why} of the release's course cells that do not run in a graded kernel.

    ``cells``: the released notebook's cells. A course cell (code, neither a
    solution nor a test) is skipped when (1, ``helpers``: the tests run in the
    judge, which has the course's cells anyway) it is a test helper: locked,
    its grade_id starts with ``helper_prefix`` (the course's explicit mark,
    ``c.CleanRoom.helper_prefix``), it binds names that tests read, and no
    other cell that runs in the kernel reads any name it binds (the release's
    stubs read nothing, so the mark, not the analysis, says what learners
    are not meant to use); (2) it imports a top-level module outside
    ``allowed_modules`` (and the standard library); (3) it reads a name that
    only skipped cells bind; (4, in a clean room) it calls one of the notebook's
    reference answers (``references``, dotted names such as
    ``pkg.widgets.Slider``), which the graded kernel has only
    as a stub (a demonstration widget that computes the exercise's answer).
    Decided on the release's text, so a learner cannot make a helper run by
    naming it.
    """
    info, marked = _cell_facts(cells, helper_prefix)
    stdlib = set(sys.stdlib_module_names) | set(sys.builtin_module_names)
    skip: dict[int, str] = {}
    if allowed_modules is not None:
        for i, (k, _, _, imports) in info.items():
            outside = sorted(m for m in imports if m not in stdlib and m not in allowed_modules)
            if k == "course" and outside:
                skip[i] = f"imports {', '.join(outside)}, outside {NOTEBOOKS_OWN} allowance"
        course_src = [_python(_source(cells[i])) for i, (k, *_) in info.items() if k == "course"]
        aliases = _reference_aliases(course_src, references)
        for i, c in enumerate(cells):
            if info.get(i, ("",))[0] == "course" and i not in skip:
                used = _calls_reference(_python(_source(c)), references, aliases)
                if used:
                    skip[i] = f"uses {used}, a reference answer the graded kernel has only as a stub"
    test_reads = set().union(*(r for k, _, r, _ in info.values() if k == "test")) if info else set()
    changed = True
    while changed:
        changed = False
        running = [(i, b, r) for i, (k, b, r, _) in info.items() if k != "test" and i not in skip]
        bound_running = set().union(*(b for _, b, _ in running)) if running else set()
        for i, (k, bound, reads, _) in info.items():
            if k != "course" or i in skip:
                continue
            others = set().union(*(r for j, _, r in running if j != i)) if running else set()
            if helpers and marked[i] and bound and bound & test_reads and not bound & others:
                skip[i] = "a test helper: the grader's judge runs it"
                changed = True
            elif reads & {n for j in skip for n in info[j][1]} - bound_running - bound:
                skip[i] = "reads what a cell the graded kernel does not run defines"
                changed = True
    return skip


def stand_ins(cells: list, skip: dict[int, str], stem: str) -> dict[str, str]:
    """{name: message} for the names only skipped cells bind: the graded kernel binds each to a
    stand-in that raises this message on any use (grader.sandbox.kernel.stand_in), so that a learner's
    code that relies on one reads why it is not there instead of a bare NameError."""
    from grader.judge.plan import bound_names

    running: set[str] = set()
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "code" and i not in skip:
            running |= bound_names(_python(_source(cell)))
    found: dict[str, str] = {}
    for i in sorted(skip):
        for name in sorted(bound_names(_python(_source(cells[i]))) - running):
            found.setdefault(name, f"{name} is defined by cell {i + 1}, which does not run while {stem} is "
                                   f"graded ({skip[i]}); write your own code instead of using it")
    return found


def room_cells(cells: list, allowed_modules: set[str], label: str, helper_prefix: str = "reference_",
               references: Iterable[str] = ()) -> tuple[dict[int, list[str]], dict[str, str]]:
    """What a kernel of an exercise's narrower allowance runs of the release's course cells, statement
    by statement: ({cell index: the top-level statements of that course cell it runs}, {name: message}
    for the names only statements it skips bind, as :func:`stand_ins`).

    A course cell often imports the notebook's whole toolbox at once (NumPy beside a deep-learning
    library): each top-level statement is judged as a cell of its own by :func:`skipped_cells` (the
    library's import is skipped, ``import numpy as np`` runs, a statement that reads the library's
    name is skipped). Course text is
    trusted, so splitting it changes nothing a learner wrote; ``label`` names the exercises in the
    messages ("layer_forward of 04_layers").
    """
    pseudo: list[dict] = []
    origin: list[int | None] = []
    for i, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        meta = meta if isinstance(meta, dict) else {}
        course = cell.get("cell_type") == "code" and not meta.get("solution") and not meta.get("grade")
        for part in _statements(_python(_source(cell))) if course else [_source(cell)]:
            pseudo.append({**cell, "source": part})
            origin.append(i if course else None)
    skip = skipped_cells(pseudo, allowed_modules, helper_prefix=helper_prefix, references=references)
    runs: dict[int, list[str]] = {}
    for j, i in enumerate(origin):
        if i is not None:
            runs.setdefault(i, [])
            if j not in skip:
                runs[i].append(pseudo[j]["source"])
    messages = {name: f"{name} is not there while {label} is graded (the course statement that binds it "
                      f"is skipped: {why.replace(NOTEBOOKS_OWN, 'their own')}); they are written with the "
                      "modules of that allowance only"
                for name, why in ((n, _why(m)) for n, m in stand_ins(pseudo, skip, label).items())}
    return runs, messages


def _why(message: str) -> str:
    """The reason in a :func:`stand_ins` message (the text in its first parentheses)."""
    return message.partition("(")[2].rpartition(")")[0] or "does not run there"


def _statements(src: str) -> list[str]:
    """The top-level statements of Python source, each as its own text (decorators included); the
    whole text as one when it does not parse."""
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return [src]
    lines = src.splitlines()
    out = []
    for k, node in enumerate(tree.body):
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        shared = {n.lineno for n in tree.body[k + 1:]} | {n.end_lineno for n in tree.body[:k]}
        if first in shared or node.end_lineno in shared:  # `a = 1; b = 2`: its own text only
            out.append(ast.get_source_segment(src, node) or "")
        else:
            out.append("\n".join(lines[first - 1:node.end_lineno]))
    return out


def global_reads(src: str) -> set[str]:
    """Global names a cell's code reads: at top level, and inside its functions and classes (their
    parameters and locals are not), from the compiler's own symbol tables (:mod:`symtable`)."""
    return set(_global_reads(src))


@lru_cache(maxsize=1024)  # the same released cells for every submission (see grader.judge.plan.bound_names)
def _global_reads(src: str) -> frozenset[str]:
    import symtable

    try:
        top = symtable.symtable(src, "<cell>", "exec")
    except SyntaxError:
        return frozenset()
    names = {sym.get_name() for sym in top.get_symbols() if sym.is_referenced()}
    todo = list(top.get_children())
    while todo:
        table = todo.pop()
        for sym in table.get_symbols():
            if sym.is_referenced() and (sym.is_global() or (table.get_type() == "class" and not sym.is_assigned())):
                names.add(sym.get_name())
        todo.extend(table.get_children())
    return frozenset(names)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


@lru_cache(maxsize=1024)  # IPython's transformer on the same released cells, once per worker
def _python(src: str) -> str:
    return to_python(src)


def _reference_aliases(sources: Iterable[str], references: Iterable[str]) -> dict[str, str]:
    """{name: dotted name} for the names that course cells bind to a reference answer or to a
    module that holds one (``from pkg.m import name [as alias]``, ``from pkg import m``,
    ``import pkg.m as m``; grader.integrity.imports.import_aliases). Cells that do not parse are skipped."""
    refs = set(references)
    modules = {ref.rsplit(".", i)[0] for ref in refs for i in range(1, ref.count(".") + 1)}
    trees = []
    for src in sources:
        try:
            trees.append(ast.parse(src))
        except SyntaxError:
            continue
    return import_aliases(trees, lambda dotted: dotted in refs or dotted in modules)


def _calls_reference(src: str, references: Iterable[str], aliases: dict[str, str]) -> str | None:
    """The first reference answer that course cell source ``src`` calls when it runs (not in the
    bodies of the functions it defines): through a name a course
    cell imported it as (``aliases``) or spelled out (``pkg.m.name(...)``). Importing one is
    fine (a setup cell binds the stub); calling one would fail in the graded kernel. Course text
    is trusted, so plain spellings are all there is to find."""
    refs = set(references)
    if not refs:
        return None
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return None
    def run_now(node):  # what the cell runs when it runs: not the bodies of the functions it defines
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from run_now(child)

    for node in run_now(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and aliases.get(node.func.id) in refs:
            return aliases[node.func.id]
        if isinstance(node.func, ast.Attribute):
            head, _, rest = ast.unparse(node.func).partition(".")
            dotted = f"{aliases.get(head, head)}.{rest}"  # training.predict -> pkg.training.predict
            if dotted in refs:
                return dotted
    return None


def _imports(tree) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found
