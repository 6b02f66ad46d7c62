"""Static integrity scan of a learner's code, outside the kernel.

The in-kernel guard (grader.guard) sees *what* changed; this scan reads the
learner's cells (solution cells and any cell they added; never the course's
own cells, which are restored from the gradebook) and reports:

- tampering: assigning or deleting an attribute of numpy, numpy.testing,
  cnnlib (checks, layers, ...), torch, math or builtins that holds a
  function, class or module (``np.allclose = ...``, ``checks.assert_close
  = ...``, ``setattr(np.testing, ...)``, ``builtins.isinstance = ...``,
  ``__builtins__[...] = ...``); writing ``sys.modules``; replacing a
  function's ``__code__``, ``__globals__`` or defaults. These score the
  notebook 0 and flag it for review.
- borrowed answers (:func:`borrowed`): calling or naming cnnlib's reference
  implementation of an exercise that the same notebook grades
  (grader.course.REFERENCE_ANSWERS), through any alias; also flagged, 0.
- constructs that can hide tampering from both checks (exec/eval/compile,
  ``__import__``, importlib, ctypes, gc, frame inspection, ``__subclasses__``,
  IPython's transformers and events, the grader's own modules): these are
  named in the message for an instructor to review; they do not change the
  score.
"""

from __future__ import annotations

import ast
import importlib

from .course import protected_families, to_python

FUNC_ATTRS = {"__code__", "__globals__", "__defaults__", "__kwdefaults__", "__closure__"}
REVIEW_NAMES = {"exec", "eval", "compile", "__import__", "importlib", "ctypes", "gc", "inspect",
                "grader", "mock", "__builtins__",
                # what reads the source of the test cell that runs the learner's code (grader/scrub.py)
                "linecache", "In", "_ih", "_i", "_ii", "_iii"}
REVIEW_ATTRS = {"__subclasses__", "f_globals", "f_locals", "f_back", "_getframe", "__globals__",
                "ast_transformers", "input_transformers_post", "input_transformers_cleanup", "__builtins__",
                "history_manager", "input_hist_raw", "input_hist_parsed", "tb_frame", "f_code", "co_filename",
                "__traceback__"}
MAGIC_OK = {"run_line_magic", "run_cell_magic", "system", "getoutput"}


def aliases(sources: list[str]) -> dict[str, str]:
    """Names bound by imports to protected modules: {"np": "numpy", "checks": "cnnlib.checks"}."""
    found = {"builtins": "builtins", "__builtins__": "builtins", "math": "math"}
    families = protected_families()
    for src in sources:
        try:
            tree = ast.parse(to_python(src))
        except SyntaxError:
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


def _chain(node) -> list[str] | None:
    """``np.testing.assert_allclose`` -> ["np", "testing", "assert_allclose"]."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def _holds_code(path: str) -> bool:
    """Does the protected attribute ``path`` hold a function, class or module?"""
    parts = path.split(".")
    obj = None
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:  # noqa: BLE001
            continue
        rest = parts[i:]
        break
    else:
        return True
    try:
        for name in rest:
            obj = getattr(obj, name)
    except AttributeError:
        return False  # a new attribute: harmless
    except Exception:  # noqa: BLE001
        return True
    return callable(obj) or isinstance(obj, type) or type(obj).__name__ == "module"


def scan(learner: list[tuple[str, str]], names: dict[str, str]) -> tuple[list[str], list[str]]:
    """(tampering, for_review) found in ``learner`` [(label, source), ...]."""
    tamper: list[str] = []
    review: list[str] = []

    def target(node, label, verb):
        root = node
        while isinstance(root, ast.Subscript):
            root = root.value
        chain = _chain(root)
        if not chain:
            return
        if chain[-1] in FUNC_ATTRS:
            tamper.append(f"{label} {verb} {'.'.join(chain)}")
        elif chain[0] == "sys" and len(chain) > 1 and chain[1] == "modules":
            tamper.append(f"{label} {verb} sys.modules")
        elif chain[0] in names and (len(chain) > 1 or root is not node):
            path = ".".join([names[chain[0]], *chain[1:]])
            if root is not node or names[chain[0]] == "builtins" or _holds_code(path):
                tamper.append(f"{label} {verb} {path}")

    for label, src in learner:
        try:
            tree = ast.parse(to_python(src))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                verb = "deletes" if isinstance(node, ast.Delete) else "replaces"
                for t in targets:
                    for sub in ast.walk(t) if isinstance(t, (ast.Tuple, ast.List)) else [t]:
                        if isinstance(sub, (ast.Attribute, ast.Subscript)):
                            target(sub, label, verb)
            elif isinstance(node, ast.Call):
                fn = _chain(node.func)
                if fn and fn[-1] in ("setattr", "delattr") and node.args:
                    first = _chain(node.args[0])
                    if first and (first[0] in names or first[0] == "sys"):
                        tamper.append(f"{label} calls {fn[-1]} on {'.'.join(first)}")
                if fn and fn[:2] == ["sys", "modules"] and len(fn) == 3 and fn[2] in (
                        "update", "pop", "setdefault", "clear", "__setitem__", "popitem"):
                    tamper.append(f"{label} changes sys.modules")
                if fn and fn[0] == "get_ipython" and isinstance(node.func, ast.Attribute):
                    pass
            if isinstance(node, ast.Name) and node.id in REVIEW_NAMES:
                review.append(f"{label} uses {node.id}")
            elif isinstance(node, ast.Attribute) and node.attr in REVIEW_ATTRS | {"events"}:
                if node.attr == "events" and not (_chain(node) or [""])[0] == "get_ipython":
                    continue
                review.append(f"{label} uses .{node.attr}")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for m in mods:
                    if m.split(".")[0] in {"ctypes", "gc", "importlib", "inspect", "grader", "unittest", "linecache"}:
                        review.append(f"{label} imports {m}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                inner = node.func.value
                if (isinstance(inner, ast.Call) and _chain(inner.func) == ["get_ipython"]
                        and node.func.attr not in MAGIC_OK):
                    review.append(f"{label} uses get_ipython().{node.func.attr}")
    return _unique(tamper), _unique(review)


def _unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _const_str(node) -> str | None:
    """The value of a string literal, or of literals joined with + (``'lay' + 'ers'``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _const_str(node.left), _const_str(node.right)
        if left is not None and right is not None:
            return left + right
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(str(v.value) for v in node.values)
    return None


def _resolve(path: str):
    """The object at dotted ``path`` (modules imported as needed), or None."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:  # noqa: BLE001 - not a module (or not importable here)
            continue
        try:
            for name in parts[i:]:
                obj = getattr(obj, name)
        except Exception:  # noqa: BLE001
            return None
        return obj
    return None


def _matches(path: str, references: tuple[str, ...], objects: dict[int, str]) -> str | None:
    """The reference that dotted ``path`` names (itself, inside it, or the same object), or None."""
    for ref in references:
        if path == ref or path.startswith(ref + "."):
            return ref
    if path.split(".")[0] == "cnnlib" and objects:
        obj = _resolve(path)
        if obj is not None and id(obj) in objects:
            return objects[id(obj)]
    return None


def _dotted(node, local: dict[str, str]) -> str | None:
    """The dotted cnnlib name an expression stands for, where it can be read without running it.

    ``L.conv_forward`` (L an alias), ``getattr(cnnlib, 'lay' + 'ers')``,
    ``importlib.import_module('cnnlib.images')``, ``sys.modules['cnnlib.layers']``.
    """
    if isinstance(node, ast.Name):
        return local.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, local)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Call) and node.args:
        fn = (_chain(node.func) or [""])[-1]
        if fn in ("import_module", "__import__"):
            return _const_str(node.args[0])
        if fn == "getattr" and len(node.args) >= 2:
            base, name = _dotted(node.args[0], local), _const_str(node.args[1])
            return f"{base}.{name}" if base and name else None
    if isinstance(node, ast.Subscript) and _chain(node.value) == ["sys", "modules"]:
        return _const_str(node.slice)
    return None


def borrowed(learner: list[tuple[str, str]], names: dict[str, str],
             references: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(borrowed answers, for_review) in ``learner`` [(label, source), ...].

    ``references`` are the dotted cnnlib names of the notebook's own answers
    (grader.course.reference_answers); ``names`` the aliases the notebook's
    cells bind (:func:`aliases`). A learner cell borrows when it imports one,
    or names one through an alias (``from cnnlib import layers as L`` then
    ``L.relu_forward``; ``import cnnlib.layers``; a re-export such as
    ``cnnlib.widgets._images.filter_image`` is the same object), or names one
    in a string given to getattr/import_module/__import__ (``'lay' +
    'ers'`` too). Dynamic access to cnnlib that cannot be read statically
    (getattr with a computed name, ``vars(cnnlib)``, ``cnnlib.__dict__``) is
    named for review.
    """
    if not references:
        return [], []
    objects: dict[int, str] = {}
    for ref in references:
        obj = _resolve(ref)
        if obj is not None and not isinstance(obj, (str, int, float, tuple)):
            objects[id(obj)] = ref
    flags: list[str] = []
    review: list[str] = []
    names = {k: v for k, v in names.items() if v.split(".")[0] == "cnnlib"}

    def holds(path: str) -> str | None:
        """A reference inside the module ``path`` names (``cnnlib.layers`` holds 01's conv_forward)."""
        return next((r for r in references if r.startswith(path + ".")), None)

    def flag(label, what, ref):
        flags.append(f"{label} borrowed answer: {what} is cnnlib's reference for an exercise of this notebook")

    for label, src in learner:
        try:
            tree = ast.parse(to_python(src))
        except SyntaxError:
            continue
        local = dict(names)
        for node in ast.walk(tree):  # aliases bound in this cell count too
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == "cnnlib":
                        local[a.asname or a.name.split(".")[0]] = a.name if a.asname else "cnnlib"
                        ref = _matches(a.name, references, objects)
                        if ref:
                            flag(label, f"imports {a.name}", ref)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cnnlib":
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    local[a.asname or a.name] = full
                    ref = _matches(full, references, objects) or (
                        a.name == "*" and _matches(node.module + ".x", references, objects))
                    if ref:
                        flag(label, f"imports {full}", ref)
        inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and id(node) not in inner:
                path = _dotted(node, local)  # sys.modules['cnnlib.layers'].conv_forward, import_module(...).x
                chain = _chain(node)
                if path and not (chain and chain[0] in local):
                    ref = _matches(path, references, objects)
                    if ref:
                        flag(label, path, ref)
            if isinstance(node, (ast.Attribute, ast.Name)):
                chain = _chain(node)
                if chain and chain[0] in local and id(node) not in inner:  # the whole chain, once
                    path = ".".join([local[chain[0]], *chain[1:]])
                    ref = _matches(path, references, objects)
                    shown = ".".join(chain)
                    if ref:
                        flag(label, shown if shown == path else f"{shown} ({path})", ref)
                    elif len(chain) == 1 and local[chain[0]] != "cnnlib" and holds(path):
                        review.append(f"{label} passes {shown} ({path}) around, which holds {holds(path)}")
                if isinstance(node, ast.Attribute) and node.attr == "__dict__" and chain and chain[0] in local:
                    review.append(f"{label} reads {'.'.join(chain)}")
            elif isinstance(node, ast.Call):
                fn = _chain(node.func) or []
                args = node.args
                if fn[-1:] in (["getattr"], ["hasattr"]) and len(args) >= 2:
                    base = _chain(args[0])
                    if base and base[0] in local:
                        text = _const_str(args[1])
                        if text is None:
                            review.append(f"{label} reads an attribute of {'.'.join(base)} by a computed name")
                        else:
                            path = ".".join([local[base[0]], *base[1:], *text.split(".")])
                            ref = _matches(path, references, objects)
                            if ref:
                                flag(label, f"getattr({'.'.join(base)}, {text!r})", ref)
                            elif holds(path):
                                review.append(f"{label} reaches {path} by getattr, which holds {holds(path)}")
                elif fn[-1:] in (["import_module"], ["__import__"]) and args:
                    text = _const_str(args[0])
                    if text is None:
                        review.append(f"{label} imports a module by a computed name")
                    else:
                        ref = _matches(text, references, objects)
                        if ref:
                            flag(label, f"imports {text}", ref)
                        elif holds(text):
                            review.append(f"{label} imports {text} by name, which holds {holds(text)}")
                elif fn[-1:] == ["vars"] and args and (_chain(args[0]) or [""])[0] in local:
                    review.append(f"{label} reads vars({'.'.join(_chain(args[0]))})")
            elif isinstance(node, ast.Subscript):
                chain = _chain(node.value)
                text = _const_str(node.slice)
                if chain == ["sys", "modules"] and text:
                    ref = _matches(text, references, objects)
                    if ref:
                        flag(label, f"sys.modules[{text!r}]", ref)
    return _unique(flags), _unique(review)
