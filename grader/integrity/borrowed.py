"""Borrowed answers: a learner cell that names or calls the course's own answer to the notebook's exercises.

The course's reference implementations (``c.Integrity.reference_answers``,
grader.integrity.references) answer the exercises of the notebook that
grades them; a learner cell that imports one, or any expression in it that
stands for one however it is spelled (grader/integrity/flow.py), is flagged
(status ``flagged``, 0), as tampering is (grader/integrity/scan.py).
"""

from __future__ import annotations

import ast

from grader.integrity.flow import Dict, objects, strings
from grader.integrity.reading import analyse, node_text, resolve, unique, unreadable, with_room


def _matches(path: str, references: tuple[str, ...], objects_: dict[int, str]) -> str | None:
    """The reference that dotted ``path`` names (itself, inside it, or the same object), or None."""
    for ref in references:
        if path == ref or path.startswith(ref + "."):
            return ref
    if objects_ and path.split(".")[0] in {ref.split(".")[0] for ref in references}:
        obj = resolve(path)
        if obj is not None and id(obj) in objects_:
            return objects_[id(obj)]
    return None


def borrowed(learner: list[tuple[str, str]], names: dict[str, str],
             references: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(borrowed answers, for_review) in ``learner`` [(label, source), ...].

    ``references`` are the dotted names of the notebook's own answers
    (grader.integrity.references.reference_answers); ``names`` the aliases the notebook's
    cells bind (grader.integrity.scan.aliases). A learner cell borrows when it imports one,
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
            return with_room(_borrowed, learner, names, references)
        except (RecursionError, MemoryError):
            return [], [unreadable(learner)]


def _by_identity(references: tuple[str, ...]) -> dict[int, str]:
    """{id of the object: reference} of the references that name an object here (not a plain value,
    which many names share): a re-export of one is the same object."""
    found: dict[int, str] = {}
    for ref in references:
        obj = resolve(ref)
        if obj is not None and not isinstance(obj, (str, int, float, tuple)):
            found[id(obj)] = ref
    return found


def _borrowed(learner, names, references):
    refs_by_id = _by_identity(references)
    flow, trees = analyse(learner, names)
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
                        shown = node_text(node)
                        flag(label, shown if shown == path else f"{shown} ({path})", ref)
                    elif holds(path):
                        _dynamic(node, path, holds(path), label, review, flow.parent, flow)
                for d in values:
                    if isinstance(d, Dict) and holds(d.path):
                        review.append(f"{label} reads {node_text(node)}, the namespace of {d.path}")
                if isinstance(node, ast.Call):
                    fn = objects(flow.values(node.func))
                    if ("builtins.getattr" in fn or "builtins.hasattr" in fn) and len(node.args) >= 2:
                        bases = [p for p in objects(flow.values(node.args[0])) if holds(p)]
                        if bases and not strings(flow.values(node.args[1])):
                            review.append(f"{label} reads an attribute of {bases[0]} by a computed name")
                    dynamic = {"builtins.__import__", "importlib.import_module", "importlib.__import__"}
                    if any(f in dynamic for f in fn) and node.args and not strings(flow.values(node.args[0])):
                        review.append(f"{label} imports a module by a computed name")
    return unique(flags), unique(review)


def _dynamic(node, path, ref, label, review, parents, flow) -> None:
    """A review note for a module holding ``ref`` reached by a computed route or passed around."""
    if isinstance(node, (ast.Call, ast.Subscript)):
        review.append(f"{label} reaches {path} by {node_text(node, 40)}, which holds {ref}")
        return
    parent = parents.get(id(node))
    if isinstance(parent, ast.Attribute) and parent.value is node:
        return  # L.something: the attribute itself is what counts
    if isinstance(parent, ast.Call) and node in parent.args[:1] and any(
            f in ("builtins.getattr", "builtins.hasattr", "builtins.vars") for f in objects(flow.values(parent.func))):
        return  # getattr(L, ...): judged at the call
    if isinstance(node, ast.Name) and path != ref.split(".")[0]:  # the package itself holds everything
        review.append(f"{label} passes {node.id} ({path}) around, which holds {ref}")
