"""Every package of the grader is in the wheel: pyproject.toml lists each folder with an __init__.py.

setuptools installs only the packages ``[tool.setuptools] packages`` names; a subpackage left
out (grader/autograde/preprocessors/, say) is missing from an installed grader, which then
cannot grade at all.
"""

from __future__ import annotations

from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10 (as tests/test_environment.py reads it)
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for top in ("grader", "cnnlib")
             for p in (ROOT / top).rglob("__init__.py")}
    assert found <= listed, f"packages missing from pyproject.toml's [tool.setuptools] packages: {sorted(found - listed)}"
    assert "grader.autograde.preprocessors" in found
