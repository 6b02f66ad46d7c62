"""The course package with a notebook's reference answers hidden: the copy a graded kernel imports.

The clean room (grader/integrity/cleanroom.py) binds this copy over the
course's support package in the kernel's sandbox: each reference answer of
the notebook being graded (``c.Integrity.reference_answers``) is a stub that
raises ``HiddenReference`` with a message that says what to do, and its
original text is not in the copy (:func:`hide_in_module`); the ones the
course's own cells need (``c.CleanRoom.keep``) stay real but refuse callers
outside the package.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil

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


def _stub_edits(tree: ast.Module, hidden: set[str], module: str, stem: str) -> list[tuple[int, int, str]]:
    """[(first line, last line, replacement)] (1-based) that put a stub in place of each top-level
    definition of a ``hidden`` name in ``tree`` and drop the top-level statements that read one."""
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
    return edits


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
    edits = _stub_edits(tree, hidden, module, stem)
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
