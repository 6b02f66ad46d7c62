"""Which installed distributions a graded kernel may import: dependency closures and the site folders' view.

The clean room (grader/integrity/cleanroom.py) lets a notebook's graded
kernel import the distributions ``c.CleanRoom.allowed`` names for it, with
their dependencies: read here from the installed distributions' metadata
(:mod:`importlib.metadata`; requirements parsed with ``packaging``, the
reference implementation of PEP 508). :func:`site_view` turns an allowance
into what each site-packages folder shows the kernel
(grader.sandbox.bwrap.enter_kernel builds it as bind mounts).
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache


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
