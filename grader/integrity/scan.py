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
- borrowed answers (:func:`borrowed`): naming or calling the course's reference
  implementation of an exercise that the same notebook grades
  (``c.Integrity.reference_answers``, grader.course.build.reference_answers), by
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
import importlib

from traitlets import Dict as DictTrait
from traitlets.config import Configurable

from grader.cells import to_python
from grader.course.build import protected_families
from grader.integrity.flow import HIST, NS, Dict, Flow, Obj, objects, strings


class Integrity(Configurable):
    """What the static scan needs to know of the course (course knowledge, its nbgrader_config.py)."""

    reference_answers = DictTrait({}, help="notebook short name (c.CourseNotebooks.short_name) -> dotted names "
                                  "of the functions, classes and data (of the course's support package, or of any "
                                  "module) that answer that notebook's own exercises: a learner cell that names or "
                                  "calls one is flagged as a borrowed answer; default: none").tag(config=True)


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
ROOMY_STACK = 256 * 2**20  # bytes of stack for a scan of deeply nested code (reserved, touched as used)
ROOMY_LIMIT = 60_000  # frames: about 20,000 levels of nesting


def aliases(sources: list[str]) -> dict[str, str]:
    """Names bound by imports to protected modules: {"np": "numpy", "pt": "numpy.testing"}."""
    found = {"builtins": "builtins", "__builtins__": "builtins", "math": "math"}
    families = protected_families()
    for src in sources:
        try:
            tree = _parse(src)
        except (RecursionError, MemoryError):  # scan() reads such a cell with more room
            continue
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] in families:
                        if a.asname:
                            found[a.asname] = a.name
                        else:
                            top = a.name.split(".")[0]
                            found[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module.split(".")[0] in families:
                    for a in node.names:
                        found[a.asname or a.name] = f"{node.module}.{a.name}"
    return found


def _parse(src: str) -> ast.Module | None:
    try:
        return ast.parse(to_python(src))
    except (SyntaxError, ValueError):  # the kernel will not run it either
        return None


def _analyse(learner: list[tuple[str, str]], names: dict[str, str]):
    """(Flow over the learner's cells seeded with the course's ``names``, [(label, tree)]).

    :func:`scan` and :func:`borrowed` read the same cells one after the
    other: the last analysis is kept (trees are never changed).
    """
    global _last
    key = (tuple(learner), tuple(sorted(names.items())))
    cached, value = _last  # one tuple, swapped whole: safe where threads share this module
    if cached != key:
        trees = []
        for label, src in learner:
            try:
                tree = _parse(src)
            except (RecursionError, MemoryError):
                import threading

                if threading.current_thread().name != "integrity-scan":
                    raise  # scan() tries again with room (_roomy)
                tree = ast.Module(body=[], type_ignores=[])  # past even that: the cell is named for review
                tree.unreadable = True
            if tree is not None:
                trees.append((label, tree))
        value = (Flow([t for _, t in trees], {k: v for k, v in names.items() if k != "__builtins__"}), trees)
        _last = (key, value)
    return value


_last: tuple = (None, None)


_MISSING = object()  # an attribute that does not exist (yet)
_ERROR = object()  # an attribute whose lookup raised


def _lookup(path: str):
    """The object at dotted ``path``: None when its top-level module cannot be imported here.

    Walks forward from the top-level module, importing a package's
    submodule where an attribute is not there yet (``pkg.layers``), so a
    path a thousand names long costs a thousand getattr calls, not a
    thousand imports. Only paths under modules the scan watches get here.
    """
    parts = path.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except Exception:  # noqa: BLE001 - not importable here
        return None
    done = parts[0]
    for name in parts[1:]:
        done = f"{done}.{name}"
        try:
            obj = getattr(obj, name)
            continue
        except AttributeError:
            pass
        except Exception:  # noqa: BLE001 - a property that raised
            return _ERROR
        if not hasattr(obj, "__path__"):
            return _MISSING
        try:
            obj = importlib.import_module(done)
        except Exception:  # noqa: BLE001 - no such submodule
            return _MISSING
    return obj


def _holds_code(path: str) -> bool:
    """Does the attribute at dotted ``path`` hold a function, class or module? (A new attribute does not.)"""
    if path.startswith(SHELL):
        path = SHELL_CLASS + path[len(SHELL):]
    obj = _lookup(path)
    if obj is None or obj is _ERROR:
        return True
    if obj is _MISSING:
        return False  # a new attribute: harmless
    return callable(obj) or isinstance(obj, type) or type(obj).__name__ == "module"


def _short(path: str) -> str:
    return path[len("builtins."):] if path.startswith("builtins.") else path.replace(SHELL, "get_ipython()")


def _text(node, limit: int = 60) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # noqa: BLE001 - unparse of an odd tree
        return "an expression"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unreadable(learner) -> str:
    return (f"{learner[0][0] if learner else 'a cell'}...: code nested too deeply for the static scan "
            "to read; read it by hand")


def _roomy(fn, *args):
    """``fn(*args)`` in a thread with a large stack and a high recursion limit; RecursionError if still too deep.

    The scan recurses once per level of nesting, and Python's default limit
    (1,000 frames) stops it at a few hundred levels: a learner could hide a
    patch inside an expression nested deeper than that. Run again here, code
    nested thousands of levels deep is read too. The limit is raised for the
    process while this runs (Python has no per-thread limit), then restored.
    """
    import sys
    import threading

    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            out["error"] = exc

    thread = threading.Thread(target=run, name="integrity-scan")
    old_limit = sys.getrecursionlimit()
    try:
        old_size = threading.stack_size(ROOMY_STACK)  # read when the thread starts
    except (ValueError, RuntimeError):
        raise RecursionError("no room for a larger stack") from None
    sys.setrecursionlimit(max(old_limit, ROOMY_LIMIT))
    try:
        thread.start()
    except RuntimeError:  # the thread could not start (memory limits)
        raise RecursionError("no thread for the scan") from None
    finally:
        threading.stack_size(old_size)
    try:
        thread.join()
    finally:
        sys.setrecursionlimit(old_limit)
    if "error" in out:
        raise out["error"]
    return out["value"]


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
            return _roomy(_scan, learner, names, families)
        except (RecursionError, MemoryError):
            return [], [_unreadable(learner)]


def _scan(learner, names, families=None):
    flow, trees = _analyse(learner, names)
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
    return _unique(tamper), _unique(review)


def _target(flow, sub, label, verb, write, tamper, guarded) -> None:
    """Findings of one assignment or ``del`` target."""
    if isinstance(sub, ast.Attribute):
        if sub.attr in FUNC_ATTRS:
            tamper.append(f"{label} {verb} {_text(sub)}")
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
            bound = {b for b in base if not (isinstance(b, Obj) and isinstance(_lookup(b.path), type))}
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
        review.append(f"{label} uses {_text(node)} (IPython's input history)")
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


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _resolve(path: str):
    """The object at dotted ``path`` (modules imported as needed), or None."""
    obj = _lookup(path)
    return None if obj is _MISSING or obj is _ERROR else obj


def _matches(path: str, references: tuple[str, ...], objects_: dict[int, str]) -> str | None:
    """The reference that dotted ``path`` names (itself, inside it, or the same object), or None."""
    for ref in references:
        if path == ref or path.startswith(ref + "."):
            return ref
    if objects_ and path.split(".")[0] in {ref.split(".")[0] for ref in references}:
        obj = _resolve(path)
        if obj is not None and id(obj) in objects_:
            return objects_[id(obj)]
    return None


def borrowed(learner: list[tuple[str, str]], names: dict[str, str],
             references: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(borrowed answers, for_review) in ``learner`` [(label, source), ...].

    ``references`` are the dotted names of the notebook's own answers
    (grader.course.build.reference_answers); ``names`` the aliases the notebook's
    cells bind (:func:`aliases`). A learner cell borrows when it imports one,
    or when any expression in it stands for one (grader/integrity/flow.py): through an
    alias (``from pkg import layers as L`` then ``L.relu_forward``), a
    re-export (``pkg.widgets._images.filter_image`` is the same object),
    ``getattr`` with an assembled name, ``importlib.import_module``,
    ``__import__``, ``sys.modules[...]``, ``globals()[...]``, a variable,
    a parameter or a container. A module that holds a reference reached by a
    computed route (``getattr(pkg, 'lay' + 'ers')``), read by a name not
    known before it runs, through ``vars()``/``__dict__``, or passed around
    as a value is named for review.
    """
    if not references:
        return [], []
    try:
        return _borrowed(learner, names, references)
    except RecursionError:
        try:
            return _roomy(_borrowed, learner, names, references)
        except (RecursionError, MemoryError):
            return [], [_unreadable(learner)]


def _borrowed(learner, names, references):
    refs_by_id: dict[int, str] = {}
    for ref in references:
        obj = _resolve(ref)
        if obj is not None and not isinstance(obj, (str, int, float, tuple)):
            refs_by_id[id(obj)] = ref
    flow, trees = _analyse(learner, names)
    flags: list[str] = []
    review: list[str] = []
    seen: set[tuple[str, str]] = set()
    roots = {ref.split(".")[0] for ref in references}  # the packages that hold the answers

    def holds(path: str) -> str | None:
        """A reference inside the module ``path`` (``pkg.layers`` holds ``pkg.layers.conv_forward``)."""
        return next((r for r in references if r.startswith(path + ".")), None)

    def flag(label: str, what: str, ref: str) -> None:
        if (label, ref) not in seen:
            seen.add((label, ref))
            same = "" if ref in what else f" ({ref})"
            flags.append(f"{label} borrowed answer: {what} is {ref.split('.')[0]}'s reference{same} for an exercise of this notebook")

    for label, tree in trees:
        for node in flow.nodes[id(tree)]:
            if isinstance(node, ast.Import):
                for a in node.names:
                    ref = _matches(a.name, references, refs_by_id)
                    if ref:
                        flag(label, f"imports {a.name}", ref)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    ref = _matches(full, references, refs_by_id) or (a.name == "*" and holds(node.module))
                    if ref:
                        flag(label, f"imports {full}", ref)
            elif isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
                if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                    continue
                values = flow.values(node)
                for path in objects(values):
                    if path.split(".")[0] not in roots:
                        continue
                    ref = _matches(path, references, refs_by_id)
                    if ref:
                        shown = _text(node)
                        flag(label, shown if shown == path else f"{shown} ({path})", ref)
                    elif holds(path):
                        _dynamic(node, path, holds(path), label, review, flow.parent, flow)
                for d in values:
                    if isinstance(d, Dict) and holds(d.path):
                        review.append(f"{label} reads {_text(node)}, the namespace of {d.path}")
                if isinstance(node, ast.Call):
                    fn = objects(flow.values(node.func))
                    if ("builtins.getattr" in fn or "builtins.hasattr" in fn) and len(node.args) >= 2:
                        bases = [p for p in objects(flow.values(node.args[0])) if holds(p)]
                        if bases and not strings(flow.values(node.args[1])):
                            review.append(f"{label} reads an attribute of {bases[0]} by a computed name")
                    dynamic = {"builtins.__import__", "importlib.import_module", "importlib.__import__"}
                    if any(f in dynamic for f in fn) and node.args and not strings(flow.values(node.args[0])):
                        review.append(f"{label} imports a module by a computed name")
    return _unique(flags), _unique(review)


def _dynamic(node, path, ref, label, review, parents, flow) -> None:
    """A review note for a module holding ``ref`` reached by a computed route or passed around."""
    if isinstance(node, (ast.Call, ast.Subscript)):
        review.append(f"{label} reaches {path} by {_text(node, 40)}, which holds {ref}")
        return
    parent = parents.get(id(node))
    if isinstance(parent, ast.Attribute) and parent.value is node:
        return  # L.something: the attribute itself is what counts
    if isinstance(parent, ast.Call) and node in parent.args[:1] and any(
            f in ("builtins.getattr", "builtins.hasattr", "builtins.vars") for f in objects(flow.values(parent.func))):
        return  # getattr(L, ...): judged at the call
    if isinstance(node, ast.Name) and path != ref.split(".")[0]:  # the package itself holds everything
        review.append(f"{label} passes {node.id} ({path}) around, which holds {ref}")
