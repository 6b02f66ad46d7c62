"""Static integrity scan of a learner's code, outside the kernel.

The in-kernel guard (grader.integrity.guard) sees *what* changed; this scan reads the
learner's cells (solution cells and any cell they added; never the course's
own cells, which are restored from the gradebook) for what the code *does*,
however it is spelled: grader/integrity/flow.py follows names through assignment,
parameters, returns, containers, attribute chains, ``getattr`` with
assembled strings, ``globals()[...]``, ``sys.modules[...]``, ``vars(...)``
and ``__import__``, within Python's scopes. It reports

- tampering (:func:`scan`): writing or deleting an attribute that holds a
  function, class or module of a protected package (builtins, math, the
  grader, and the families in ``c.LimitedExecute.protected_modules``), by
  assignment, ``setattr``/``delattr``, ``object.__setattr__``, the module's
  ``__dict__``/``vars()``, or ``mock.patch``; writing ``sys.modules``;
  replacing a function's ``__code__``, ``__globals__``, defaults or closure;
  replacing a method of IPython's shell. These score the notebook 0 and
  flag it (status ``flagged``).
- borrowed answers (grader.integrity.borrowed.borrowed): naming or calling the course's reference
  implementation of an exercise that the same notebook grades
  (``c.Integrity.reference_answers``, grader.integrity.references.reference_answers), by
  any route; also flagged, 0.
- review notes: constructs that can hide tampering or read the tests from
  inside (``exec``/``eval``/``compile``, imports by a computed name, frame
  and traceback-frame objects, ``inspect``'s stack and source readers,
  ``gc``'s object walkers, ``__subclasses__``, ``__globals__``, tracing
  hooks, ctypes, linecache, IPython's input history where the learner did
  not bind the name, IPython's shell beyond its magics, the grader's own
  modules). They are named for an instructor and do not change the score.

Ordinary code gives no note: a loop variable ``_i``, ``globals()`` in a
helper, ``getattr``/``setattr``/``vars`` on the learner's own objects,
metaprogramming without exec (``type(...)``, decorators, ``__getattr__``),
``gc.collect()``, ``inspect.signature``, NumPy and PyTorch idioms
(tests/test_integrity_corpus.py holds a corpus of such code).
"""

from __future__ import annotations

import ast

from grader.course.build import protected_families
from grader.integrity.flow import HIST, NS, Dict, Obj, objects, strings
from grader.integrity.imports import import_aliases
from grader.integrity.reading import (
    ERROR,
    MISSING,
    analyse,
    lookup,
    node_text,
    parse_cell,
    unique,
    unreadable,
    with_room,
)

FUNC_ATTRS = {"__code__", "__globals__", "__defaults__", "__kwdefaults__", "__closure__"}
SHELL = "<shell>"
SHELL_CLASS = "IPython.core.interactiveshell.InteractiveShell"
# what honest notebooks do with get_ipython(): magics (%matplotlib, %timeit, !pip), display settings
SHELL_OK = {"run_line_magic", "run_cell_magic", "magic", "system", "getoutput", "ast_node_interactivity",
            "display_formatter", "kernel", "config", "user_ns_hidden"}
# calls and references that can reach the test's frame or source, or run code the scan cannot read
REVIEW = {
    "builtins.exec", "builtins.eval", "builtins.compile", "sys._getframe", "sys._current_frames",
    "sys.settrace", "sys.setprofile", "sys.addaudithook", "threading.settrace", "threading.setprofile",
    "inspect.currentframe", "inspect.stack", "inspect.trace", "inspect.getouterframes", "inspect.getinnerframes",
    "inspect.getframeinfo", "inspect.getsource", "inspect.getsourcelines", "inspect.findsource",
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "traceback.extract_stack", "traceback.walk_stack",
    "traceback.format_stack", "traceback.print_stack", "importlib.reload",
}
REVIEW_ROOTS = {"ctypes", "linecache", "grader", "_ctypes"}
FRAME_ATTRS = {"f_back", "f_globals", "f_locals", "f_builtins", "tb_frame", "gi_frame", "cr_frame", "ag_frame",
               "__subclasses__", "__globals__"}
SYS_HOOKS = {"excepthook", "displayhook", "settrace", "setprofile", "meta_path", "path_hooks", "audit"}
MUTATORS = {"update", "pop", "setdefault", "clear", "__setitem__", "__delitem__", "popitem"}
MOCK = {"unittest.mock.patch", "mock.patch"}


def aliases(sources: list[str]) -> dict[str, str]:
    """Names bound by imports to protected modules: {"np": "numpy", "pt": "numpy.testing"}."""
    families = protected_families()
    trees = []
    for src in sources:
        try:
            tree = parse_cell(src)
        except (RecursionError, MemoryError):  # scan() reads such a cell with more room
            continue
        if tree is not None:
            trees.append(tree)
    found = {"builtins": "builtins", "__builtins__": "builtins", "math": "math"}
    found.update(import_aliases(trees, lambda dotted: dotted.split(".")[0] in families))
    return found


def _holds_code(path: str) -> bool:
    """Does the attribute at dotted ``path`` hold a function, class or module? (A new attribute does not.)"""
    if path.startswith(SHELL):
        path = SHELL_CLASS + path[len(SHELL):]
    obj = lookup(path)
    if obj is None or obj is ERROR:
        return True
    if obj is MISSING:
        return False  # a new attribute: harmless
    return callable(obj) or isinstance(obj, type) or type(obj).__name__ == "module"


def _short(path: str) -> str:
    return path[len("builtins."):] if path.startswith("builtins.") else path.replace(SHELL, "get_ipython()")


def scan(learner: list[tuple[str, str]], names: dict[str, str],
         families: tuple[str, ...] | None = None) -> tuple[list[str], list[str]]:
    """(tampering, for_review) found in ``learner`` [(label, source), ...].

    ``names``: what the course's cells bound (:func:`aliases`), e.g.
    ``{"np": "numpy", "pt": "numpy.testing"}``. Each finding is one line
    that starts with the cell's label ("cell 4 (add) replaces numpy.max").
    Code nested too deeply for Python's recursion limit gives one review
    note instead of an error. ``families``: the course's protected packages
    (``c.LimitedExecute.protected_modules``; default the grader's configuration's).
    """
    try:
        return _scan(learner, names, families)
    except RecursionError:
        try:
            return with_room(_scan, learner, names, families)
        except (RecursionError, MemoryError):
            return [], [unreadable(learner)]


def _scan(learner, names, families=None):
    flow, trees = analyse(learner, names)
    review = [f"{label} is nested too deeply for the static scan to read; read it by hand"
              for label, tree in trees if getattr(tree, "unreadable", False)]
    families = protected_families() if families is None else families
    protected = set(families) | {"builtins", "math", "grader", "IPython"}
    tamper: list[str] = []

    def guarded(path: str) -> bool:
        return path.split(".")[0] in protected or path.startswith(SHELL)

    def write(label: str, verb: str, base: str, attr: str | None, how: str = "") -> None:
        """A write of ``base.attr`` (attr None: a name not known before it runs)."""
        if base == "sys":
            if attr == "modules" or attr is None:
                tamper.append(f"{label} {verb} sys.modules" if attr else f"{label} {verb} sys{how}")
            elif attr in SYS_HOOKS:
                review.append(f"{label} {verb} sys.{attr}")
            return
        if not guarded(base):
            return
        if attr is None:
            tamper.append(f"{label} {verb} an attribute of {base.replace(SHELL, 'get_ipython()')} by a computed name{how}")
            return
        path = f"{base}.{attr}"
        if _holds_code(path) or verb == "deletes":
            tamper.append(f"{label} {verb} {path.replace(SHELL, 'get_ipython()')}{how}")
        elif base.startswith(SHELL) and attr not in SHELL_OK:
            review.append(f"{label} changes {_short(path)}")

    def by_name(label, verb, target_values, name_node, how):
        keys = strings(flow.values(name_node)) if name_node is not None else []
        for base in objects(target_values):
            for key in keys or [None]:
                write(label, verb, base, key, how)

    for label, tree in trees:
        for node in flow.nodes[id(tree)]:
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                if isinstance(node, ast.AnnAssign) and node.value is None:
                    continue
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                verb = "deletes" if isinstance(node, ast.Delete) else "replaces"
                for t in targets:
                    for sub in ast.walk(t) if isinstance(t, (ast.Tuple, ast.List)) else [t]:
                        _target(flow, sub, label, verb, write, tamper, guarded)
            elif isinstance(node, ast.Call):
                _call(flow, node, label, write, by_name, tamper, review, guarded)
            if isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
                _review(flow, node, label, review)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for m in mods:
                    if m.split(".")[0] in REVIEW_ROOTS:
                        review.append(f"{label} imports {m}")
    return unique(tamper), unique(review)


def _target(flow, sub, label, verb, write, tamper, guarded) -> None:
    """Findings of one assignment or ``del`` target."""
    if isinstance(sub, ast.Attribute):
        if sub.attr in FUNC_ATTRS:
            tamper.append(f"{label} {verb} {node_text(sub)}")
            return
        for base in flow.values(sub.value):
            if isinstance(base, Obj):
                write(label, verb, base.path, sub.attr)
    elif isinstance(sub, ast.Subscript):
        keys = strings(flow.values(sub.slice))
        for base in flow.values(sub.value):
            if isinstance(base, Obj) and base.path == "sys.modules":
                tamper.append(f"{label} {verb} sys.modules")
            elif isinstance(base, Obj) and base.path == "builtins":
                for key in keys or [None]:
                    write(label, verb, "builtins", key, " (through __builtins__)")
            elif isinstance(base, Dict):
                for key in keys or [None]:
                    write(label, verb, base.path, key, " (through its __dict__)")
            elif isinstance(base, Obj) and guarded(base.path) and "." in base.path and not _holds_code(base.path):
                tamper.append(f"{label} changes {_short(base.path)}[...]")  # data the tests read


def _call(flow, node, label, write, by_name, tamper, review, guarded) -> None:
    """Findings of one call: setattr and its spellings, writes into sys.modules or a __dict__, mock.patch."""
    args = node.args
    funcs = objects(flow.values(node.func))
    for fn in funcs:
        if fn in ("builtins.setattr", "builtins.delattr", "builtins.object.__setattr__",
                  "builtins.object.__delattr__", "builtins.type.__setattr__", "builtins.type.__delattr__") and args:
            verb = "deletes" if "del" in fn else "replaces"
            by_name(label, verb, flow.values(args[0]), args[1] if len(args) > 1 else None, f" (by {_short(fn)})")
        elif fn in MOCK and args:
            for target in strings(flow.values(args[0])):
                base, _, attr = target.rpartition(".")
                write(label, "replaces", base, attr, " (by mock.patch)")
        elif fn in {f"{m}.object" for m in MOCK} and args:
            by_name(label, "replaces", flow.values(args[0]), args[1] if len(args) > 1 else None, " (by mock.patch)")
        elif fn in {f"{m}.dict" for m in MOCK} and args and "sys.modules" in objects(flow.values(args[0])):
            tamper.append(f"{label} changes sys.modules (by mock.patch.dict)")
    if isinstance(node.func, ast.Attribute):
        attr, base = node.func.attr, flow.values(node.func.value)
        if attr in ("__setattr__", "__delattr__") and args and not any(f.startswith("builtins.") for f in funcs):
            verb = "deletes" if attr == "__delattr__" else "replaces"
            bound = {b for b in base if not (isinstance(b, Obj) and isinstance(lookup(b.path), type))}
            by_name(label, verb, bound, args[0], f" (by {attr})")  # np.__setattr__('max', f)
            if bound != base and len(args) > 1:  # nn.Module.__setattr__(obj, name, value): obj is the target
                by_name(label, verb, flow.values(args[0]), args[1], f" (by {attr})")
        if attr in MUTATORS:
            for b in base:
                if isinstance(b, Obj) and b.path == "sys.modules":
                    tamper.append(f"{label} changes sys.modules")
                elif isinstance(b, Dict) and guarded(b.path):
                    keys = strings(flow.values(args[0])) if args and attr != "update" else []
                    for key in keys or [None]:
                        write(label, "replaces", b.path, key, " (through its __dict__)")


def _review(flow, node, label, review) -> None:
    """Review notes of one expression: what it reaches, not how it is spelled."""
    values = flow.values(node)
    if isinstance(node, ast.Name) and HIST in values:
        review.append(f"{label} uses {node.id} (IPython's input history)")
    elif isinstance(node, ast.Subscript) and HIST in values and NS in flow.values(node.value):
        review.append(f"{label} uses {node_text(node)} (IPython's input history)")
    for path in objects(values):
        if path in REVIEW or path.split(".")[0] in REVIEW_ROOTS:
            if not (isinstance(node, ast.Attribute) and path.split(".")[0] in REVIEW_ROOTS
                    and _parent_reported(flow, node.value, path)):
                review.append(f"{label} uses {_short(path)}")
    if isinstance(node, ast.Attribute):
        if node.attr in FRAME_ATTRS:
            review.append(f"{label} uses .{node.attr}")
        if any(isinstance(b, Obj) and b.path == SHELL for b in flow.values(node.value)) and node.attr not in SHELL_OK:
            review.append(f"{label} uses get_ipython().{node.attr}")
    if isinstance(node, ast.Call):
        fn = objects(flow.values(node.func))
        dynamic = {"builtins.__import__", "importlib.import_module", "importlib.__import__"}
        if any(f in dynamic for f in fn) and node.args and not strings(flow.values(node.args[0])):
            review.append(f"{label} imports a module by a computed name")


def _parent_reported(flow, base, path) -> bool:
    """Whether ``base`` of ``ctypes.string_at`` already stands for a watched module (one note, not two)."""
    return any(p.split(".")[0] == path.split(".")[0] for p in objects(flow.values(base)))
