"""The kernel side of the grader imports nothing of the worker side.

A sandboxed kernel reads only grader.sandbox.mounts.KERNEL_MODULES of the grader package:
a kernel-side module (the kernel launcher, the zygote process, the guard, the judge's server)
that imported any other module of grader/ would fail in the sandbox, or, outside it, load the
worker's code (and its secrets' paths) into the learner's process. Two checks: every import
written in a kernel module, function-local ones included, names a kernel module; and a fresh
interpreter that imports the kernel-side entry points has loaded no other grader module.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from grader.sandbox.mounts import KERNEL_MODULES

ROOT = Path(__file__).resolve().parents[1]
GRADER = ROOT / "grader"
# what runs inside a sandboxed kernel or its zygote (grader.sandbox.forkserver.PRELOAD; the SERVE and GUARD
# requests of grader.autograde.preprocessors.judged and .guardchecks)
ENTRY_POINTS = ("grader.sandbox.kernel", "grader.sandbox.forkserver", "grader.sandbox.corner",
                "grader.integrity.guard", "grader.judge.server")


def _module(path: str) -> str:
    """grader/ relative file path -> dotted module name ("sandbox/__init__.py" -> "grader.sandbox")."""
    parts = ["grader", *Path(path).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


KERNEL = {_module(p) for p in KERNEL_MODULES}


def _grader_imports(path: Path, package: str) -> set[str]:
    """Every module of grader/ that ``path`` imports, at any depth of its code (relative imports resolved)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "grader"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            if base.split(".")[0] != "grader":
                continue
            for alias in node.names:  # "from grader.sandbox import corner" imports a module
                full = f"{base}.{alias.name}"
                found.add(full if (GRADER.parent / (full.replace(".", "/") + ".py")).exists() else base)
    return found


def test_kernel_modules_exist_and_import_only_kernel_modules():
    assert {"grader.sandbox.kernel", "grader.sandbox.forkserver", "grader.sandbox.corner"} <= KERNEL
    wrong = {}
    for rel in KERNEL_MODULES:
        path = GRADER / rel
        assert path.is_file(), f"KERNEL_MODULES names {rel}, which does not exist"
        name = _module(rel)
        package = name if rel.endswith("__init__.py") else name.rsplit(".", 1)[0]
        outside = _grader_imports(path, package) - KERNEL
        if outside:
            wrong[rel] = sorted(outside)
    assert not wrong, f"kernel-side modules import worker-side modules: {wrong}"


def test_the_kernel_side_entry_points_load_no_worker_module():
    code = ("import importlib, json, sys\n"
            f"for name in {list(ENTRY_POINTS)!r}:\n"
            "    importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'grader')))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert set(ENTRY_POINTS) <= loaded
    assert loaded <= KERNEL, f"worker-side modules loaded on the kernel side: {sorted(loaded - KERNEL)}"
