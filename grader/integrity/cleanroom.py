"""The clean room: what a graded kernel can import, per notebook.

A learner's code must not score with answers it did not write. The static
scan (grader/integrity/scan.py) reads spellings; this module makes the answers
*not there* in the kernel while a notebook is graded (grader/README.md,
"The clean room"):

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
(:func:`write_package_view`) whose reference answers are stubs that raise
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
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Iterable
from functools import lru_cache

from traitlets import Dict, List, Unicode
from traitlets.config import Configurable

HIDDEN_ERROR = "HiddenReference"  # the class of error a hidden reference raises in the kernel


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
    package = Unicode("", help="the course's support package (a top-level module name): a graded kernel sees "
                      "it through a copy whose reference answers (c.Integrity.reference_answers) are stubs; "
                      "empty: the course has none").tag(config=True)


def number(stem: str, config=None) -> str:
    """The notebook's short name, the key of the course's tables (grader.course.layout.CourseNotebooks.short)."""
    from grader.course.layout import course_notebooks_config

    return course_notebooks_config(config).short(stem)


def settings(config) -> CleanRoom:
    return CleanRoom(config=config)


def allowance(stem: str, config) -> list[str] | None:
    """The notebook's allowed distributions (as configured), or None: not restricted."""
    table = settings(config).allowed
    got = table.get(number(stem, config))
    return None if got is None else [str(x) for x in got]


# -- distributions ---------------------------------------------------------------------------

def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def _distributions() -> dict:
    """{normalised name: Distribution} of what this interpreter sees (the first on sys.path wins)."""
    from importlib import metadata

    found: dict = {}
    for dist in metadata.distributions():
        name = dist.metadata.get("Name")
        if name and _norm(name) not in found:
            found[_norm(name)] = dist
    return found


@lru_cache(maxsize=1)
def _by_module() -> dict[str, list[str]]:
    from importlib import metadata

    return {k: [_norm(d) for d in v] for k, v in metadata.packages_distributions().items()}


def _resolve(name: str) -> list[str]:
    """Distributions for an allowance entry: a distribution name, else a top-level module's."""
    if _norm(name) in _distributions():
        return [_norm(name)]
    return [d for d in _by_module().get(name, []) if d in _distributions()]


def closure(names) -> set[str]:
    """The normalised distributions ``names`` need: themselves and their requirements, transitively
    (requirements under an extra are left out; environment markers are evaluated here)."""
    return set(_closure(tuple(sorted(set(names)))))


@lru_cache(maxsize=64)
def _closure(names: tuple[str, ...]) -> frozenset[str]:
    from packaging.requirements import InvalidRequirement, Requirement

    todo = [d for n in names for d in _resolve(n)]
    seen: set[str] = set()
    while todo:
        dist = todo.pop()
        if dist in seen or dist not in _distributions():
            continue
        seen.add(dist)
        for line in _distributions()[dist].requires or []:
            try:
                req = Requirement(line)
            except InvalidRequirement:
                continue
            if req.marker is not None:
                try:
                    if not req.marker.evaluate({"extra": ""}):
                        continue
                except Exception:  # noqa: BLE001 - a marker we cannot read: leave the dependency out
                    continue
            todo.append(_norm(req.name))
    return frozenset(seen)


def top_level_names(dists) -> set[str]:
    """Top-level import names that the distributions ``dists`` (normalised) provide."""
    return {mod for mod, owners in _by_module().items() if set(owners) & set(dists)}


def site_folders() -> list[str]:
    """Every folder of third-party packages a kernel's Python could be pointed at: the interpreter's
    site-packages, its base installation's, and the system's dist-packages."""
    import glob
    import site

    found = [*site.getsitepackages(), site.getusersitepackages() if site.ENABLE_USER_SITE else ""]
    ver = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        found += [os.path.join(prefix, "lib", ver, "site-packages"), os.path.join(prefix, "lib", ver, "dist-packages")]
    found += glob.glob("/usr/lib/python3*/dist-packages") + glob.glob("/usr/local/lib/python3*/*-packages")
    real: list[str] = []
    for path in found:
        if path and os.path.isdir(path) and os.path.realpath(path) not in real:
            real.append(os.path.realpath(path))
    return real


def _entries(dist) -> tuple[str, set[str]]:
    """(site folder, its top-level entries) that one installed distribution owns."""
    base = os.path.realpath(str(dist.locate_file("")))
    names = {os.path.basename(str(getattr(dist, "_path", "")))} - {""}
    for f in dist.files or ():
        first = str(f).replace("\\", "/").split("/", 1)[0]
        if first and first not in ("..", ".", "__pycache__"):  # compiled modules are made again in memory
            names.add(first)
    if not dist.files:
        names |= set((dist.read_text("top_level.txt") or "").split())
    return base, names


def site_view(allowed: list[str], kernel: list[str], package: str) -> dict[str, list[str]]:
    """See :func:`_site_view` (cached per allowance: a worker grades many notebooks)."""
    return _site_view(tuple(allowed), tuple(kernel), package)


@lru_cache(maxsize=64)
def _site_view(allowed: tuple, kernel: tuple, package: str) -> dict[str, list[str]]:
    """{site folder: the entries a kernel may see there}: every folder of :func:`site_folders`,
    those of no allowed distribution with nothing. The course package's own distribution keeps its
    files (its ``.pth``) but not its requirements (they are the whole course's)."""
    dists = closure([*allowed, *kernel])
    view: dict[str, set[str]] = {path: set() for path in site_folders()}
    course = set(_by_module().get(package, []))
    for name in dists | course:
        dist = _distributions().get(name)
        if dist is None:
            continue
        base, names = _entries(dist)
        if base in view:
            view[base] |= {n for n in names if os.path.lexists(os.path.join(base, n))}
    return {path: sorted(names) for path, names in view.items()}


# -- the course package, answers hidden ----------------------------------------------------------

STUB_PRELUDE = '''
class HiddenReference(RuntimeError):
    """A reference answer of the notebook being graded (grader/integrity/cleanroom.py): write your own."""


def _guard_outside(obj, package, message):
    """obj (a function or a class), usable only from the package's own code."""
    import functools
    import sys

    def outside():
        caller = sys._getframe(2).f_globals.get("__name__", "")
        return caller != package and not caller.startswith(package + ".")

    if isinstance(obj, type):
        init = obj.__init__

        @functools.wraps(init)
        def __init__(self, *args, **kwargs):
            if type(self) is obj and outside() or type(self).__module__.split(".")[0] != package:
                raise HiddenReference(message)
            init(self, *args, **kwargs)

        obj.__init__ = __init__
        return obj

    @functools.wraps(obj)
    def guarded(*args, **kwargs):
        if outside():
            raise HiddenReference(message)
        return obj(*args, **kwargs)

    return guarded


class _Hidden:
    def __init__(self, message):
        object.__setattr__(self, "_message", message)

    def _refuse(self, *args, **kwargs):
        raise HiddenReference(object.__getattribute__(self, "_message"))

    __call__ = __getitem__ = __iter__ = __len__ = __contains__ = __setitem__ = _refuse

    def __getattr__(self, name):
        self._refuse()

    def __repr__(self):
        return "<hidden: " + object.__getattribute__(self, "_message") + ">"


'''


def hidden_message(qualname: str, stem: str) -> str:
    return (f"{qualname} is a reference answer of {stem}'s exercises: it cannot be used while "
            f"{stem} is graded; write your own")


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def hide_in_module(source: str, hidden: set[str], module: str, stem: str, guarded: set[str] = frozenset()) -> str:
    """``source`` of ``module`` with the top-level ``hidden`` names' definitions replaced by stubs.

    A function becomes a function that raises HiddenReference with
    :func:`hidden_message`, a class one whose instances cannot be made (it
    may still be named as a base); an assigned value becomes an object that raises
    it on any use; other top-level statements that read a hidden name (a
    loop over a hidden table at import) are dropped. The original text of a
    hidden definition is not in the result. ``guarded`` names (kept real because
    the package's own code needs them: ``c.CleanRoom.keep``) keep their
    definition, but a function, or a class's ``__init__``, called from code outside
    the package raises HiddenReference (red team round 4 built 11's kept ResNet as
    ``type(pretrained_digits())(...)``). Raises SyntaxError for a module that does
    not parse.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []  # (first line, last line, replacement), 1-based
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        pad = " " * node.col_offset
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in hidden:
            msg = hidden_message(f"{module}.{node.name}", stem)
            edits.append((first, node.end_lineno, f"{pad}def {node.name}(*args, **kwargs):\n"
                                                  f"{pad}    raise HiddenReference({msg!r})\n"))
        elif isinstance(node, ast.ClassDef) and node.name in hidden:  # a class: still a base others may name
            msg = hidden_message(f"{module}.{node.name}", stem)
            edits.append((first, node.end_lineno, f"{pad}class {node.name}:\n"
                                                  f"{pad}    def __new__(cls, *args, **kwargs):\n"
                                                  f"{pad}        raise HiddenReference({msg!r})\n"))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if names & hidden:
                name = sorted(names & hidden)[0]
                msg = hidden_message(f"{module}.{name}", stem)
                edits.append((first, node.end_lineno, f"{pad}{' = '.join(sorted(names))} = _Hidden({msg!r})\n"))
        elif not isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                                   ast.ClassDef, ast.Expr)) and _names_in(node) & hidden:
            edits.append((first, node.end_lineno, f"{pad}pass  # reads a hidden reference answer\n"))
    package = module.split(".")[0]
    guards = ""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name in guarded:
            msg = hidden_message(f"{module}.{node.name}", stem)
            guards += f"\n{node.name} = _guard_outside({node.name}, {package!r}, {msg!r})\n"
    if not edits and not guards:
        return source
    for first, last, text in sorted(edits, reverse=True):
        lines[first - 1:last] = [text]
    body = "".join(lines)
    body += ("" if body.endswith("\n") else "\n") + guards
    # the prelude goes after the docstring and `from __future__` imports, which must come first
    cut = 0
    for node in tree.body:
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and cut == 0) or (
                isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            cut = node.end_lineno
        else:
            break
    new = body.splitlines(keepends=True)
    shift = 0
    for first, last, text in sorted(edits):  # lines above the cut are never edited (docstring, future)
        if first <= cut:
            shift += text.count("\n") - (last - first + 1)
    return "".join(new[:cut + shift]) + STUB_PRELUDE + "".join(new[cut + shift:])


def package_folder(package: str) -> str | None:
    """The real folder of the course package as this interpreter imports it (None: not installed)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return None
    places = list(spec.submodule_search_locations or []) if spec else []
    return os.path.realpath(places[0]) if places else None


def write_package_view(package: str, references, stem: str, root: str, keep=()) -> str | None:
    """A copy of the course package under ``root`` with ``references`` (dotted names) hidden.

    Returns the copy's folder (``root/<key>/<package>``, made once per set of
    references, readable by every user), or None when there is nothing to
    hide or no package. No ``__pycache__`` is copied: a compiled module would
    still hold the answers.
    """
    src = package_folder(package)
    refs = sorted(r for r in references if r.startswith(package + "."))
    kept = sorted(r for r in keep if r.startswith(package + "."))
    if src is None or not refs and not kept:
        return None
    key = hashlib.sha256(repr((src, refs, kept, stem)).encode()).hexdigest()[:16]
    dest = os.path.join(root, f"view-{key}", package)
    if os.path.isdir(dest):
        return dest
    tmp = dest + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    by_module: dict[str, set[str]] = {}
    guarded: dict[str, set[str]] = {}
    for ref in refs:
        module, _, name = ref.rpartition(".")
        by_module.setdefault(module, set()).add(name)
    for ref in kept:
        module, _, name = ref.rpartition(".")
        guarded.setdefault(module, set()).add(name)
        by_module.setdefault(module, set())
    for module, names in by_module.items():
        rel = module.split(".")[1:]
        path = os.path.join(tmp, *rel) + ".py"
        if not os.path.isfile(path):
            path = os.path.join(tmp, *rel, "__init__.py")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(hide_in_module(text, names, module, stem, guarded.get(module, set())))
    for folder, _dirs, files in os.walk(os.path.dirname(tmp)):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    os.rename(tmp, dest)
    return dest


def kernel_view(stem: str, config, references, root: str) -> dict | None:
    """What :func:`grader.sandbox.corner.enter_kernel` builds for notebook ``stem`` (None: not restricted).

    ``{"sites": {site folder: [entries kept]}, "binds": [[source, target]], "allowed": [...],
    "stem": stem}``; the package copy is written under ``root`` (a folder the sandbox shares).
    """
    allowed = allowance(stem, config)
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
    stdlib = set(sys.stdlib_module_names) | set(sys.builtin_module_names)
    skip: dict[int, str] = {}
    if allowed_modules is not None:
        for i, (k, _, _, imports) in info.items():
            outside = sorted(m for m in imports if m not in stdlib and m not in allowed_modules)
            if k == "course" and outside:
                skip[i] = f"imports {', '.join(outside)}, outside this notebook's allowance"
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
    from grader.cells import to_python

    return to_python(src)


def _reference_aliases(sources: Iterable[str], references: Iterable[str]) -> dict[str, str]:
    """{name: dotted name} for the names that course cells bind to a reference answer or to a
    module that holds one (``from pkg.m import name [as alias]``, ``from pkg import m``,
    ``import pkg.m as m``)."""
    refs, found = set(references), {}
    modules = {ref.rsplit(".", i)[0] for ref in refs for i in range(1, ref.count(".") + 1)}
    for src in sources:
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    dotted = f"{node.module}.{a.name}"
                    if dotted in refs or dotted in modules:  # a reference, or a module that holds one
                        found[a.asname or a.name] = dotted
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in modules:
                        found[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    return found


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
