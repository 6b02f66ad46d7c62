"""What names in a learner's cells may stand for, read from the code without running it.

grader/integrity/scan.py asks what code *does* (which object an attribute is
written on, which function is called), not how it is spelled. This module
answers with a small flow-insensitive points-to analysis over Python's
``ast``: every name, attribute and call is given the set of values it may
hold, among

- ``Obj(path)``: a real object reached from a module or the builtins by a
  dotted path (``Obj("numpy.max")``, ``Obj("builtins.exec")``,
  ``Obj("<shell>.events")`` for IPython's shell from ``get_ipython()``);
- ``Str(text)``: a string the code assembles from literals (``+``, ``%``,
  f-strings, ``str.join``/``format``/``replace``/case changes, slicing,
  ``chr``);
- ``NS``: the notebook's namespace (``globals()``, ``vars()``,
  ``locals()`` at the top level); ``Dict(path)``: an object's ``__dict__``
  (``vars(np)``, ``np.__dict__``); ``HIST``: IPython's input history
  (``In``, ``_ih``, ``_i``, ``_ii``, ``_iii``, ``_iN``) where the learner
  did not bind that name;
- ``Seq(items)``: a list, tuple, set or dict literal holding such values;
  ``Fn(id)``: a function the learner defined (its returns and parameters
  follow its calls).

Names are followed through assignment (also tuple unpacking, ``for``,
``with ... as``, the walrus), through function parameters and returns, and
through attributes stored on the learner's own objects (by attribute name).
Scopes follow Python's rule (function locals, ``global``, the notebook's
shared top level), so a loop variable ``_i`` or a local ``eval`` is the
learner's own. Values are a may-set: a name bound to numpy in one place and
to a number in another may be either. The analysis never runs the code; what
it cannot read (a name computed at run time) it leaves out, and
grader/integrity/scan.py names such dynamic access for review.

Why our own: the static analysers on PyPI (pyflakes, astroid/pylint,
jedi) resolve imports and names for linting, but none follows values
through ``getattr`` with assembled strings, ``globals()[...]``,
``sys.modules[...]`` or ``__import__``, which is what a learner hiding a
patch writes; astroid's inference comes nearest and would still need all of
that added, at the cost of a heavy dependency in every grading worker.
"""

from __future__ import annotations

import ast
import builtins
import re

from grader.integrity.values import (
    CAP,
    HIST,
    NS,
    Dict,
    Fn,
    Obj,
    Seq,
    Str,
    StrMethod,
    attribute,
    binop_strings,
    fstring,
    items,
    objects,
    str_method,
    strings,
    strs,
)

ROUNDS = 64  # passes to a fixed point at most (ordinary notebooks need 2 or 3; each pass costs one walk)
HISTORY = re.compile(r"^(In|_ih|_i|_ii|_iii|_i\d+)$")
SHELL_GETTERS = {"builtins.get_ipython", "IPython.get_ipython", "IPython.core.getipython.get_ipython"}
BINDERS = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor,
           ast.comprehension, ast.withitem, ast.FunctionDef, ast.AsyncFunctionDef, ast.Return, ast.Lambda)
class Flow:
    """The values the names of some notebook cells may hold.

    ``trees``: the parsed cells, the course's and the learner's alike (they
    share one top-level namespace, as in a kernel). Read the result with
    :meth:`values` (any expression node of those trees) and :meth:`scope_of`.
    """

    def __init__(self, trees: list[ast.Module], names: dict[str, str] | None = None):
        self.trees = trees
        self.env: dict[tuple[int, str], set] = {}
        self.fields: dict[str, set] = {}  # attribute name -> values stored on the learner's objects
        self.returns: dict[int, set] = {}
        self.params: dict[int, tuple[int, list[str], list[str]]] = {}  # fn id -> (scope, positional, kw-only)
        self.scope: dict[int, int] = {}  # node id -> scope id (0: the notebook's top level)
        self.parent_scope: dict[int, int] = {0: 0}
        self.locals: dict[int, set[str]] = {0: set()}
        self.globals_of: dict[int, set[str]] = {}
        self.class_scopes: set[int] = set()
        self.parent: dict[int, ast.AST] = {}  # node id -> the node it is a child of
        for tree in trees:
            self._scopes(tree, 0)
        for alias, path in (names or {}).items():  # bound by cells outside these trees (the course's imports)
            self.env.setdefault((0, alias), set()).add(Obj(path))
        self.nodes = {id(t): list(ast.walk(t)) for t in trees}  # each tree's nodes, walked once
        every = [n for t in trees for n in self.nodes[id(t)]]
        functions = {n.name for n in every if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        binders = [n for n in every if isinstance(n, BINDERS) or (
            isinstance(n, ast.Call) and (isinstance(n.func, ast.Name) or getattr(n.func, "attr", None) in functions))]
        for _ in range(ROUNDS):
            before = self._size()
            for node in binders:
                self._bind(node)
            if self._size() == before:
                break
        self._memo: dict[int, set] | None = {}  # the values are final from here on

    # -- scopes -------------------------------------------------------------------------------
    def _scopes(self, node, scope: int) -> None:
        for child in ast.iter_child_nodes(node):
            self._one(child, scope, node)

    def _one(self, child, scope: int, parent=None) -> None:
        """Record the scope and parent of ``child`` and what it binds there, then of everything under it."""
        self.scope[id(child)] = scope
        self.parent[id(child)] = parent
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            inner = id(child)
            self.parent_scope[inner] = scope
            self.locals[inner] = set()
            if isinstance(child, ast.ClassDef):
                self.class_scopes.add(inner)
                self.locals[scope].add(child.name)
            else:
                if not isinstance(child, ast.Lambda):
                    self.locals[scope].add(child.name)
                args = child.args
                every = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
                self.locals[inner].update(a.arg for a in every)
                self.params[inner] = (inner, [a.arg for a in args.posonlyargs + args.args],
                                      [a.arg for a in args.kwonlyargs])
            for part in (getattr(child, "decorator_list", []) + getattr(child, "bases", [])
                         + ([*child.args.defaults, *[d for d in child.args.kw_defaults if d]]
                            if not isinstance(child, ast.ClassDef) else [])):
                self._one(part, scope, child)
            body = child.body if isinstance(child.body, list) else [child.body]
            for stmt in body:
                self._one(stmt, inner, child)
            return
        if isinstance(child, ast.Global):
            self.globals_of.setdefault(scope, set()).update(child.names)
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            for a in child.names:
                if a.name != "*":
                    self.locals[scope].add(a.asname or a.name.split(".")[0])
        elif isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
            declared = child.id in self.globals_of.get(scope, set())
            self.locals[0 if declared else scope].add(child.id)
        elif isinstance(child, ast.ExceptHandler) and child.name:
            self.locals[scope].add(child.name)
        elif isinstance(child, (ast.MatchAs, ast.MatchStar)) and child.name:
            self.locals[scope].add(child.name)
        elif isinstance(child, ast.MatchMapping) and child.rest:
            self.locals[scope].add(child.rest)
        self._scopes(child, scope)

    def _home(self, name: str, scope: int) -> int | None:
        """The scope whose binding of ``name`` a read in ``scope`` sees (None: not bound by these cells)."""
        start = scope
        while True:
            if name in self.globals_of.get(scope, set()):
                return 0
            if name in self.locals.get(scope, set()) and (scope == start or scope not in self.class_scopes):
                return scope
            if scope == 0:
                return None
            scope = self.parent_scope[scope]

    def scope_of(self, node) -> int:
        return self.scope.get(id(node), 0)

    def bound(self, name: str, node) -> bool:
        """Whether these cells bind ``name`` where ``node`` reads it."""
        return self._home(name, self.scope_of(node)) is not None

    def _size(self) -> int:
        return (sum(len(v) for v in self.env.values()) + sum(len(v) for v in self.fields.values())
                + sum(len(v) for v in self.returns.values()))

    def _add(self, table: dict, key, values) -> None:
        have = table.setdefault(key, set())
        for v in values:
            if len(have) >= CAP:
                break
            have.add(v)

    # -- binding --------------------------------------------------------------------------------
    def _assign(self, target, values: set, scope: int) -> None:
        if isinstance(target, ast.Name):
            home = self._home(target.id, scope)
            self._add(self.env, (0 if home is None else home, target.id), values)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._assign(elt.value if isinstance(elt, ast.Starred) else elt, items(values), scope)
        elif isinstance(target, ast.Attribute):
            self._add(self.fields, target.attr, values)
        elif isinstance(target, ast.Starred):
            self._assign(target.value, values, scope)

    def _bind(self, node) -> None:
        scope = self.scope_of(node)
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    self._assign(ast.Name(a.asname), {Obj(a.name)}, scope)
                else:
                    top = a.name.split(".")[0]
                    self._assign(ast.Name(top), {Obj(top)}, scope)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name != "*":
                    self._assign(ast.Name(a.asname or a.name), {Obj(f"{node.module}.{a.name}")}, scope)
        elif isinstance(node, ast.Assign):
            values = self.values(node.value)
            for target in node.targets:
                if (isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List))
                        and len(target.elts) == len(node.value.elts)):
                    for t, v in zip(target.elts, node.value.elts, strict=True):
                        self._assign(t, self.values(v), scope)
                else:
                    self._assign(target, values, scope)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
            grown = strs(a + b for a in strings(self.values(node.target))[:4]
                          for b in strings(self.values(node.value))[:4])  # name += '_forward'
            self._assign(node.target, grown | self.values(node.value), scope)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self._assign(node.target, self.values(node.value), scope)
        elif isinstance(node, ast.NamedExpr):
            self._assign(node.target, self.values(node.value), scope)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            self._assign(node.target, items(self.values(node.iter)), scope)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            self._assign(node.optional_vars, self.values(node.context_expr), scope)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._assign(ast.Name(node.name), {Fn(id(node))}, scope)
        elif isinstance(node, ast.Return) and node.value is not None:
            fn = scope
            self._add(self.returns, fn, self.values(node.value))
        elif isinstance(node, ast.Lambda):
            self._add(self.returns, id(node), self.values(node.body))
        elif isinstance(node, ast.Call):
            for fn in self.values(node.func):
                if isinstance(fn, Fn) and fn.id in self.params:
                    inner, positional, kwonly = self.params[fn.id]
                    for name, arg in zip(positional, node.args, strict=False):
                        self._add(self.env, (inner, name), self.values(arg))
                    for kw in node.keywords:
                        if kw.arg in positional or kw.arg in kwonly:
                            self._add(self.env, (inner, kw.arg), self.values(kw.value))

    # -- evaluation -----------------------------------------------------------------------------
    _memo: dict[int, set] | None = None

    def values(self, node) -> set:
        """The values expression ``node`` may hold (an empty set: nothing this analysis can name)."""
        if self._memo is None:
            return self._values(node)
        found = self._memo.get(id(node))
        if found is None:
            found = self._memo[id(node)] = self._values(node)
        return found

    def _values(self, node) -> set:
        if isinstance(node, ast.Constant):
            return strs([node.value]) if isinstance(node.value, str) else set()
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Attribute):
            out = set()
            for v in self.values(node.value):
                out |= attribute(v, node.attr)
            if not out or node.attr in self.fields:
                out |= self.fields.get(node.attr, set())
            return out
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.BinOp):
            return binop_strings(node, self.values)
        if isinstance(node, ast.JoinedStr):
            return fstring(node, self.values)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            inner = set()
            for elt in node.elts:
                inner |= self.values(elt.value if isinstance(elt, ast.Starred) else elt)
            return {Seq(frozenset(list(inner)[:CAP]))}
        if isinstance(node, ast.Dict):
            inner = set()
            for part in [*node.values, *[k for k in node.keys if k is not None]]:
                inner |= self.values(part)
            return {Seq(frozenset(list(inner)[:CAP]))}
        if isinstance(node, ast.IfExp):
            return self.values(node.body) | self.values(node.orelse)
        if isinstance(node, ast.BoolOp):
            out = set()
            for v in node.values:
                out |= self.values(v)
            return out
        if isinstance(node, ast.NamedExpr):
            return self.values(node.value)
        if isinstance(node, ast.Lambda):
            return {Fn(id(node))}
        if isinstance(node, ast.Starred):
            return self.values(node.value)
        return set()

    def _name(self, node: ast.Name) -> set:
        home = self._home(node.id, self.scope_of(node))
        if home is not None:
            return set(self.env.get((home, node.id), set()))
        if HISTORY.match(node.id):
            return {HIST}
        if node.id == "__builtins__":
            return {Obj("builtins")}
        if node.id == "get_ipython" or hasattr(builtins, node.id):
            return {Obj(f"builtins.{node.id}")}
        return set(self.env.get((0, node.id), set()))  # bound by a cell outside these trees (aliases)

    def _call(self, node: ast.Call) -> set:
        out = set()
        args = node.args
        for fn in self.values(node.func):
            if isinstance(fn, Fn):
                out |= self.returns.get(fn.id, set())
            elif isinstance(fn, Obj):
                out |= self._call_obj(fn.path, node, args)
            elif isinstance(fn, StrMethod):
                out |= str_method(fn, args, self.values)
        return out

    def _call_obj(self, path: str, node: ast.Call, args) -> set:
        if path in SHELL_GETTERS:
            return {Obj("<shell>")}
        if path == "builtins.getattr" and len(args) >= 2:
            return {w for v in self.values(args[0]) for name in strings(self.values(args[1]))
                    for w in attribute(v, name)}
        if path in ("builtins.__import__", "importlib.import_module", "importlib.__import__") and args:
            found = strings(self.values(args[0]))
            fromlist = len(args) >= 4 or any(k.arg == "fromlist" for k in node.keywords)
            if path == "builtins.__import__" and not fromlist:
                return {Obj(name.split(".")[0]) for name in found}
            return {Obj(name) for name in found}
        if path in ("builtins.globals", "builtins.locals") or (path == "builtins.vars" and not args):
            return {NS}
        if path == "builtins.vars" and args:
            return {Dict(p) for p in objects(self.values(args[0]))}
        if path == "builtins.chr" and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, int):
            try:
                return strs([chr(args[0].value)])
            except (ValueError, OverflowError):
                return set()
        if path == "builtins.str" and args:
            return {Str(s) for s in strings(self.values(args[0]))}
        if path == "importlib.reload" and args:
            return self.values(args[0])
        return set()

    def _subscript(self, node: ast.Subscript) -> set:
        out = set()
        keys = strings(self.values(node.slice))
        for base in self.values(node.value):
            if isinstance(base, Obj) and base.path == "sys.modules":
                out |= {Obj(k) for k in keys}
            elif base is NS:
                for k in keys:
                    out |= self._top(k)
            elif isinstance(base, Obj) and base.path == "builtins":
                out |= {Obj(f"builtins.{k}") for k in keys}
            elif isinstance(base, Dict):
                out |= {Obj(f"{base.path}.{k}") for k in keys}
            elif isinstance(base, Seq):
                out |= set(base.items)
            elif isinstance(base, Str) and isinstance(node.slice, ast.Slice):
                s = node.slice
                bounds = [b.value if isinstance(b, ast.Constant) else None for b in (s.lower, s.upper, s.step)]
                if all(b is None or isinstance(b, int) for b in bounds) and all(
                        b is None or isinstance(b, ast.Constant) for b in (s.lower, s.upper, s.step)):
                    out |= strs([base.text[slice(*bounds)]])
            elif base is HIST:
                out.add(HIST)
        return out

    def _top(self, name: str) -> set:
        """What ``globals()[name]`` holds."""
        if name in self.locals[0]:
            return set(self.env.get((0, name), set()))
        if HISTORY.match(name):
            return {HIST}
        if hasattr(builtins, name):
            return {Obj(f"builtins.{name}")}
        return set(self.env.get((0, name), set()))


