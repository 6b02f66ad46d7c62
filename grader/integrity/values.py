"""The values the flow analysis (grader/integrity/flow.py) gives names, and what operations on them give.

``Obj(path)`` a real object reached by a dotted path, ``Str(text)`` a string
the code assembles from literals, ``Dict(path)`` an object's ``__dict__``,
``Seq(items)`` a literal container, ``Fn(id)`` a function the learner
defined, ``NS`` the notebook's namespace and ``HIST`` IPython's input
history; the functions below are what attribute access, iteration, ``+``,
``%``, f-strings and string methods do to them (strings only where every
part is known).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

MAX_STR = 200  # characters: no module or attribute path is longer
CAP = 24  # values kept per name: beyond it, more tells nothing new and costs time


@dataclass(frozen=True)
class Obj:
    path: str


@dataclass(frozen=True)
class Str:
    text: str


@dataclass(frozen=True)
class Dict:
    path: str  # the object whose __dict__ this is


@dataclass(frozen=True)
class Seq:
    items: frozenset


@dataclass(frozen=True)
class Fn:
    id: int


@dataclass(frozen=True)
class _Marker:
    name: str


NS = _Marker("namespace")
HIST = _Marker("history")




def strings(values) -> list[str]:
    """The strings among ``values``."""
    return [v.text for v in values if isinstance(v, Str)]


def objects(values) -> list[str]:
    """The dotted paths among ``values``."""
    return [v.path for v in values if isinstance(v, Obj)]


@dataclass(frozen=True)
class StrMethod:
    text: str
    name: str


def strs(texts) -> set:
    """Str values of ``texts``, leaving out any too long to be a dotted name (a bound on the work and memory)."""
    return {Str(t) for t in texts if len(t) <= MAX_STR}


def attribute(value, name: str) -> set:
    """The values of ``value.name``."""
    if isinstance(value, Obj):
        if name == "__dict__":
            return {Dict(value.path)}
        return {Obj(f"{value.path}.{name}")}
    if isinstance(value, Str):
        return {StrMethod(value.text, name)}
    if name == "__builtins__":
        return {Obj("builtins")}
    return set()


def items(values) -> set:
    """What iterating over or unpacking ``values`` may give."""
    out = set()
    for v in values:
        if isinstance(v, Seq):
            out |= set(v.items)
        elif isinstance(v, Str):
            out |= {Str(c) for c in v.text[:64]}
    return out


def binop_strings(node: ast.BinOp, values) -> set:
    """The strings ``a + b`` and ``fmt % args`` may give (``values``: node -> its values)."""
    left, right = strings(values(node.left)), strings(values(node.right))
    if isinstance(node.op, ast.Add):
        return strs(a + b for a in left[:4] for b in right[:4])
    if isinstance(node.op, ast.Mod) and left:
        args = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        parts = [strings(values(a)) for a in args]
        if all(parts):
            try:
                return strs([left[0] % tuple(p[0] for p in parts)])
            except (TypeError, ValueError):
                return set()
    return set()


def fstring(node: ast.JoinedStr, values) -> set:
    """The string an f-string gives when every part of it is a known string."""
    text = ""
    for part in node.values:
        found = strings(values(part.value if isinstance(part, ast.FormattedValue) else part))
        if not found:
            return set()
        text += found[0]
    return strs([text])


def str_method(fn: StrMethod, args, values) -> set:
    """What calling the string method ``fn`` with the argument nodes ``args`` may give: ``join``,
    ``format``, ``replace`` and case changes of a known string (``values``: node -> its values)."""
    text, name = fn.text, fn.name
    if name == "join" and args:
        parts = []
        for v in values(args[0]):
            if isinstance(v, Seq):
                found = [i.text for i in v.items if isinstance(i, Str)]
                if len(found) == len(v.items) and len(found) <= 1:
                    parts.append(text.join(found))
        # a literal list keeps its order, which the set of its values lost
        if isinstance(args[0], (ast.List, ast.Tuple)):
            each = [strings(values(e)) for e in args[0].elts]
            if all(each):
                parts.append(text.join(e[0] for e in each))
        return strs(parts)
    if name == "format":
        each = [strings(values(a)) for a in args]
        if all(each):
            try:
                return strs([text.format(*(e[0] for e in each))])
            except (IndexError, KeyError, ValueError):
                return set()
        return set()
    if name == "replace" and len(args) >= 2:
        old, new = strings(values(args[0])), strings(values(args[1]))
        return strs(text.replace(o, n) for o in old[:2] for n in new[:2])
    if name in ("lower", "upper", "strip", "lstrip", "rstrip", "title", "capitalize", "swapcase") and not args:
        return strs([getattr(text, name)()])
    return set()
