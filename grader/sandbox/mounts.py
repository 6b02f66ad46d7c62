"""What a sandboxed kernel sees: the folders bound read-only into the sandbox and the environment it keeps.

Read on both sides of the sandbox: the grading worker builds bubblewrap's
command line from it (grader.sandbox.bwrap), and each kernel's fork, inside
the sandbox, binds the same folders back over its fresh ``/tmp``
(grader.sandbox.corner). It therefore imports nothing but the standard
library. The course's part (its packages, data folders and switches,
``c.Sandbox.*``) travels in the environment (:data:`COURSE_VAR`, set by
grader.sandbox.bwrap.configure), because the sandboxed zygote reads no
configuration.
"""

from __future__ import annotations

import json
import os
import sys
from importlib.util import find_spec

# What a kernel's environment keeps of the worker's: nothing that could carry a secret.
ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "NBGRADER_EXECUTION", "PYTHONUNBUFFERED",
            "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "MPLBACKEND", "CUDA_VISIBLE_DEVICES", "VIRTUAL_ENV")
ENV_KEEP_PREFIX = ("LC_", "OMP_", "OPENBLAS_", "MKL_", "GOTO_", "KMP_")
# The course's part of the sandbox (c.Sandbox.*), as the grading worker was configured
# (grader.sandbox.bwrap.configure):
# carried in the environment, so that the sandboxed zygote, which reads no configuration, has it too.
COURSE_VAR = "GRADER_SANDBOX_COURSE"
# What a kernel may read of the grader package: the modules the zygote and the kernel import, and
# nothing else. ONE list: a module that must run in the kernel is added here, as a path inside
# grader/ (a path that does not exist is left out). The judge's kernel-side server (grader/judge/
# server.py) answers the judge's requests inside the kernel, with the plain-data wire it speaks.
# tests/test_kernel_side_imports.py checks that these modules import no other module of grader/.
KERNEL_MODULES = ("__init__.py", "sandbox/__init__.py", "sandbox/capabilities.py", "sandbox/cgroups.py",
                  "sandbox/kernel.py", "sandbox/limits.py", "sandbox/mounts.py", "sandbox/corner.py",
                  "sandbox/forkserver.py", "integrity/__init__.py", "integrity/guard.py", "judge/__init__.py",
                  "judge/server.py", "judge/wire.py", "judge/decoder.py")


def course() -> dict:
    """The course's part of the sandbox, as grader.sandbox.bwrap.configure stored it (defaults: nothing of a course)."""
    try:
        got = json.loads(os.environ.get(COURSE_VAR) or "{}")
    except ValueError:
        got = {}
    got = got if isinstance(got, dict) else {}
    return {"packages": list(got.get("packages") or []), "data": dict(got.get("data") or {}),
            "env": list(got.get("env") or [])}


def data_folders() -> list[str]:
    """Course data a kernel may read (``c.Sandbox.data``): the folders that exist."""
    return [folder for _, folder in _data()]


def _data() -> list[tuple[str, str]]:
    """[(variable, folder)] of the course's data folders that exist (grader.sandbox.bwrap.Sandbox's ``data``)."""
    found = []
    for var, default in course()["data"].items():
        folder = os.environ.get(var) or os.path.expanduser(default)
        if folder and os.path.isdir(folder):
            found.append((var, folder))
    return found


def python_folders(packages=None) -> list[str]:
    """Read-only folders the kernels' Python needs: its installation, site-packages, the course packages.

    Never the folder that holds the course packages (the repository, with
    solutions/ and tests/): each package's own folder is exposed.
    ``packages``: default the grader and ``c.Sandbox.course_packages``.
    """
    packages = ("grader", *course()["packages"]) if packages is None else packages
    import site

    found = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))]
    found += [p for p in site.getsitepackages() if os.path.isdir(p)]
    user = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user and os.path.isdir(user) and user in sys.path:
        found.append(user)
    for name in packages:
        spec = find_spec(name)
        if spec is None:
            continue
        places = list(spec.submodule_search_locations or []) or (
            [os.path.dirname(spec.origin)] if spec.origin else [])
        if name == "grader":  # only what runs in a kernel: the package's other files are not its business
            places = [os.path.join(place, module) for place in places for module in KERNEL_MODULES]
        found += places
    return outermost(found)


def outermost(paths) -> list[str]:
    """Real paths, without those that lie inside another one of the list."""
    real = sorted({os.path.realpath(p) for p in paths if p and os.path.exists(p)})
    keep: list[str] = []
    for p in real:
        if not any(p == k or p.startswith(k.rstrip("/") + "/") for k in keep):
            keep.append(p)
    return keep


def kernel_env(env: dict, home: str) -> dict:
    """The allow-listed part of ``env`` for a sandboxed process, with HOME (and caches) at ``home``."""
    extra = {COURSE_VAR, *course()["env"]}
    kept = {k: v for k, v in env.items() if k in ENV_KEEP or k in extra or k.startswith(ENV_KEEP_PREFIX)}
    kept.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    for var, folder in _data():  # exposed read-only at its own path: the kernel reads it there
        kept[var] = folder
    kept.update(HOME=home, TMPDIR="/tmp", MPLCONFIGDIR=os.path.join(home, ".config", "matplotlib"),
                IPYTHONDIR=os.path.join(home, ".ipython"), XDG_CACHE_HOME=os.path.join(home, ".cache"),
                JUPYTER_RUNTIME_DIR=os.path.join(home, ".jupyter"), USER="learner")
    return kept


# -- inside the sandbox: each kernel's corner ------------------------------------------------
