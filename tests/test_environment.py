"""pyproject.toml and environment.yml declare the same dependencies."""

from __future__ import annotations

import re
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# conda names that differ from PyPI's
CONDA_TO_PYPI = {"pytorch": "torch"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, f"cannot read requirement {req!r}"
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():  # dev, distributed: installed by make test
        reqs += list(extra)
    return dict(_split(r) for r in reqs)


def environment_requirements() -> dict[str, str]:
    found: dict[str, str] = {}
    section = None
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if re.match(r"^[a-z]+:", line):
            section = line.split(":")[0]
        if section != "dependencies":
            continue
        m = re.match(r"\s*-\s+([A-Za-z0-9_.\-]+[^#]*)$", line)
        if not m or line.strip().endswith(":"):
            continue
        name, spec = _split(m.group(1).strip())
        if name in {"python", "pip"}:
            continue
        found[CONDA_TO_PYPI.get(name, name)] = spec
    return found


def test_environment_yml_matches_pyproject():
    py, env = pyproject_requirements(), environment_requirements()
    assert set(py) == set(env), (
        f"only in pyproject.toml: {sorted(set(py) - set(env))}; "
        f"only in environment.yml: {sorted(set(env) - set(py))}")
    differ = {k: (py[k], env[k]) for k in py if py[k] != env[k]}
    assert not differ, f"version ranges differ (pyproject, environment.yml): {differ}"


def test_torch_range_admits_the_local_cpu_build():
    # CI and these machines install torch 2.13.0 (CPU); the range must admit it.
    spec = pyproject_requirements()["torch"]
    from packaging.specifiers import SpecifierSet

    assert "2.13.0" in SpecifierSet(spec), f"torch{spec} does not admit 2.13.0"
    assert "99.0" not in SpecifierSet(spec), "torch must have an upper bound (an open range pulls CUDA wheels)"


def test_python_requirement_is_310_or_newer():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["requires-python"] == ">=3.10"
