"""Integrity guard, inside the grading kernel (see docs/grader/integrity.md).

Before any learner code runs, :func:`install` records the state the tests
rely on: the attribute dictionaries of builtins and of the modules the
grader names (the course's ``c.LimitedExecute.preload``, numpy and the
course's support package say; then the protected modules the notebook's own
cells import); the code, defaults and closures of their Python
functions; the dictionaries of their Python classes; and their entries in
``sys.modules``. The grader then calls :func:`before_test` before every test
cell and :func:`after_test` after it (as silent requests the notebook does
not see). Each compares the current state with the record, puts every
changed object back, and returns what learner code had changed: the grader
flags the notebook for review and scores it 0. :func:`note_trusted` records
which names the course's own (locked and test) cells bound to protected
objects (``np``, ``checks``, ...) so that rebinding them in the learner's
namespace is caught too.

What it cannot stop is code written to find and defeat the guard itself
(ctypes, gc, frame inspection, exec of obfuscated text): the static scan in
:mod:`grader.integrity.scan` flags those constructs for review outside the kernel.
"""

from __future__ import annotations

import builtins
import importlib
import sys
import time
import types

_FUNC = types.FunctionType
_MODULE = types.ModuleType
_IMMUTABLE = 1 << 8  # Py_TPFLAGS_IMMUTABLETYPE
# names IPython and ipykernel themselves set in builtins while a kernel runs
_IGNORE_BUILTINS = frozenset({"_", "__", "___", "exit", "quit", "get_ipython", "display", "__IPYTHON__",
                              "help", "copyright", "credits", "license", "input", "raw_input",
                              "dreload"})
_IGNORE = frozenset({"__warningregistry__", "__loader__", "__spec__", "__cached__", "__file__",
                     "__path__", "__builtins__", "__doc__", "__annotations__", "__dict__",
                     "__weakref__", "__abstractmethods__", "_abc_impl", "__parameters__"})
# a large library: {top-level package: the only modules of it recorded} (c.Guard.protected_submodules)
_only: dict[str, frozenset[str]] = {}

_modules: dict[str, tuple] = {}  # name -> (module, {key: value})
_funcs: dict[int, tuple] = {}  # id(function) -> (function, code, defaults, kwdefaults, label)
_classes: dict[int, tuple] = {}  # id(class) -> (class, {key: value}, label)
_trusted: dict[str, object] = {}  # user-namespace name -> object the course's cells bound
_found: list[str] = []
_families: tuple[str, ...] = ("builtins",)


def _selected(name: str) -> bool:
    top = name.split(".")[0]
    if top not in _families:
        return False
    return top not in _only or name in _only[top]


def _record_function(fn, label: str) -> None:
    if id(fn) not in _funcs:
        _funcs[id(fn)] = (fn, fn.__code__, fn.__defaults__, fn.__kwdefaults__, label)


def _record_class(cls, label: str) -> None:
    if id(cls) in _classes or (cls.__flags__ & _IMMUTABLE):
        return
    if str(getattr(cls, "__module__", "")).split(".")[0] not in _families:
        return
    members = dict(cls.__dict__)
    _classes[id(cls)] = (cls, members, label)
    for key, value in members.items():
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if isinstance(value, _FUNC):
            _record_function(value, f"{label}.{key}")


def _record_module(name: str, mod) -> None:
    members = dict(vars(mod))
    _modules[name] = (mod, members)
    for key, value in members.items():
        if isinstance(value, _FUNC):
            _record_function(value, f"{name}.{key}")
        elif isinstance(value, type):
            _record_class(value, f"{name}.{key}")


def snapshot() -> None:
    """Record every selected module now loaded (those already recorded are kept)."""
    for name, mod in list(sys.modules.items()):
        if isinstance(mod, _MODULE) and name not in _modules and _selected(name):
            _record_module(name, mod)


def install(modules: list[str], only: dict[str, list[str]] | None = None) -> None:
    """Import ``modules`` (the ones the notebook uses) and record the pristine state.

    ``only``: {top-level package: its modules to record} for a large library
    (``c.Guard.protected_submodules``); its other modules are not recorded.
    """
    global _families
    _only.update({top: frozenset(names) for top, names in (only or {}).items()})
    fams = {*_families, "builtins"} | {m.split(".")[0] for m in modules}  # c.LimitedExecute.preload, protect
    _families = tuple(sorted(fams))
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the notebook cannot import either
            pass
    snapshot()


def _foreign(value) -> bool:
    """Does ``value`` come from outside the protected libraries (from learner code)?

    Libraries rebind their own attributes (a deep-learning library's
    ``set_default_dtype`` changes its ``Storage``, and it wraps its
    ``manual_seed`` once its compiler loads):
    a new value that is itself a function, class or module of a protected
    library is accepted and becomes the record.
    """
    if isinstance(value, _MODULE):
        return value.__name__.split(".")[0] not in _families
    if not (callable(value) or isinstance(value, type)):
        return True  # data: numbers, arrays, strings
    mod = getattr(value, "__module__", None)
    if not isinstance(mod, str) or mod.split(".")[0] not in _families:
        return True
    code = getattr(value, "__code__", None)
    return code is not None and not _library_file(code.co_filename)


def _library_file(filename: str) -> bool:
    return not filename.startswith("<") and "ipykernel_" not in filename


def _check_modules(restore: bool) -> list[str]:
    changed = []
    for name, (mod, members) in list(_modules.items()):  # (a check may record what it meets)
        if sys.modules.get(name, mod) is not mod:
            changed.append(f"sys.modules[{name!r}]")
            if restore:
                sys.modules[name] = mod
        current = vars(mod)
        skip = _IGNORE_BUILTINS if name == "builtins" else ()
        for key, value in list(members.items()):
            if key in _IGNORE or key in skip:
                continue
            now = current.get(key, _modules)
            if now is value:
                continue
            if now is not _modules and not _foreign(now):
                members[key] = now  # the library's own doing
                if isinstance(now, _FUNC):
                    _record_function(now, f"{name}.{key}")
                continue
            changed.append(f"{name}.{key}")
            if restore:
                current[key] = value
    return changed


def _check_functions(restore: bool) -> list[str]:
    changed = []
    for fn, code, defaults, kwdefaults, label in list(_funcs.values()):
        if fn.__code__ is not code or fn.__defaults__ is not defaults or fn.__kwdefaults__ is not kwdefaults:
            changed.append(f"{label} (its code)")
            if restore:
                fn.__code__, fn.__defaults__, fn.__kwdefaults__ = code, defaults, kwdefaults
    return changed


def _check_classes(restore: bool) -> list[str]:
    changed = []
    for cls, members, label in list(_classes.values()):
        current = cls.__dict__
        for key, value in list(members.items()):
            now = current.get(key, _modules)
            if key in _IGNORE or now is value or not callable(_unwrap(value)):
                continue  # class data (counters, caches) is the library's business
            if now is not _modules and not _foreign(_unwrap(now)):
                members[key] = now
                continue
            changed.append(f"{label}.{key}")
            if restore:
                setattr(cls, key, value)
        for key in set(current) - set(members):
            value = current[key]
            if not key.startswith("_abc") and key not in _IGNORE and callable(value) and _foreign(_unwrap(value)):
                changed.append(f"{label}.{key}")
                if restore:
                    delattr(cls, key)
    return changed


def _unwrap(value):
    return value.__func__ if isinstance(value, (staticmethod, classmethod)) else value


def _check_names(ns: dict | None, restore: bool) -> list[str]:
    changed = []
    if ns is None:
        return changed
    for key, value in list(_trusted.items()):
        if ns.get(key, _modules) is not value:
            changed.append(f"the name {key!r} that the tests use")
            if restore:
                ns[key] = value
    return changed


def check(ns: dict | None = None, restore: bool = True) -> list[str]:
    """What differs from the record (each restored when ``restore``)."""
    changed = (_check_modules(restore) + _check_functions(restore) + _check_classes(restore)
               + _check_names(ns, restore))
    for item in changed:
        if item not in _found:
            _found.append(item)
    snapshot()  # modules first imported since (by the course's cells) join the record
    return changed


def _protected(value) -> bool:
    """A module, function or class of a protected library (what imports bind)."""
    if isinstance(value, _MODULE):
        return value.__name__.split(".")[0] in _families
    if not isinstance(value, (_FUNC, type, types.BuiltinFunctionType)):
        return False  # instances (a model, an array) are data the notebook may rebind
    mod = getattr(value, "__module__", None)
    return isinstance(mod, str) and mod.split(".")[0] in _families


def note_trusted(ns: dict) -> None:
    """After a course cell ran: remember its names bound to protected objects."""
    for key, value in list(ns.items()):
        if not key.startswith("_") and key not in _trusted and _protected(value):
            _trusted[key] = value


def before_test(ns: dict | None = None) -> list[str]:
    return check(ns)


def after_trusted(ns: dict | None = None) -> list[str]:
    """After a course cell (locked or test): check, then remember its names."""
    changed = check(ns)
    note_trusted(ns or {})
    return changed


def final(ns: dict | None = None) -> list[str]:
    """After the last cell: everything found during the whole run."""
    check(ns)
    return list(_found)


def timed(name: str, ns: dict | None = None) -> tuple[list[str], float]:
    """Run :func:`before_test`, :func:`after_trusted` or :func:`final`: (its answer, seconds)."""
    t0 = time.perf_counter()
    found = {"before_test": before_test, "after_trusted": after_trusted, "final": final}[name](ns)
    return found, time.perf_counter() - t0


__all__ = ["install", "check", "before_test", "after_trusted", "note_trusted", "final", "timed", "builtins"]
