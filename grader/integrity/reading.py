"""How the static scan reads learner cells: parsed once, analysed once, with room for deep nesting.

Shared by the two readers of the static scan, the tampering scan
(grader/integrity/scan.py) and the borrowed-answer scan
(grader/integrity/borrowed.py): the cells parsed with IPython syntax, the
flow analysis over them (grader/integrity/flow.py, kept for the next reader
of the same cells), the object a dotted path names here, and a thread with a
large stack for code nested past Python's recursion limit.
"""

from __future__ import annotations

import ast
import importlib

from grader.cells import to_python
from grader.integrity.flow import Flow

ROOMY_STACK = 256 * 2**20  # bytes of stack for a scan of deeply nested code (reserved, touched as used)
ROOMY_LIMIT = 60_000  # frames: about 20,000 levels of nesting


def parse_cell(src: str) -> ast.Module | None:
    try:
        return ast.parse(to_python(src))
    except (SyntaxError, ValueError):  # the kernel will not run it either
        return None


def analyse(learner: list[tuple[str, str]], names: dict[str, str]):
    """(Flow over the learner's cells seeded with the course's ``names``, [(label, tree)]).

    grader.integrity.scan.scan and grader.integrity.borrowed.borrowed read the same cells one after the
    other: the last analysis is kept (trees are never changed).
    """
    global _last
    key = (tuple(learner), tuple(sorted(names.items())))
    cached, value = _last  # one tuple, swapped whole: safe where threads share this module
    if cached != key:
        trees = []
        for label, src in learner:
            try:
                tree = parse_cell(src)
            except (RecursionError, MemoryError):
                import threading

                if threading.current_thread().name != "integrity-scan":
                    raise  # scan() tries again with room (with_room)
                tree = ast.Module(body=[], type_ignores=[])  # past even that: the cell is named for review
                tree.unreadable = True
            if tree is not None:
                trees.append((label, tree))
        value = (Flow([t for _, t in trees], {k: v for k, v in names.items() if k != "__builtins__"}), trees)
        _last = (key, value)
    return value


_last: tuple = (None, None)


MISSING = object()  # an attribute that does not exist (yet)
ERROR = object()  # an attribute whose lookup raised


def lookup(path: str):
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
            return ERROR
        if not hasattr(obj, "__path__"):
            return MISSING
        try:
            obj = importlib.import_module(done)
        except Exception:  # noqa: BLE001 - no such submodule
            return MISSING
    return obj


def node_text(node, limit: int = 60) -> str:
    try:
        text = " ".join(ast.unparse(node).split())
    except Exception:  # noqa: BLE001 - unparse of an odd tree
        return "an expression"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unreadable(learner) -> str:
    return (f"{learner[0][0] if learner else 'a cell'}...: code nested too deeply for the static scan "
            "to read; read it by hand")


def with_room(fn, *args):
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


def unique(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def resolve(path: str):
    """The object at dotted ``path`` (modules imported as needed), or None."""
    obj = lookup(path)
    return None if obj is MISSING or obj is ERROR else obj
