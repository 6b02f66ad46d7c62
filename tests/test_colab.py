"""Colab and Binder: the install cell, the badges, binder/, and the course as a wheel.

- Every notebook (solutions/ and notebooks/) starts with the same locked,
  ungraded cell from tools/colab.py, installing from its one REPOSITORY;
  README's badges point there too.
- repo2docker (Binder's builder) reads binder/ and plans the CPU build of
  PyTorch and postBuild (``--no-build``: no Docker needed).
- The course built as a wheel and installed by notebook 01's own first cell
  into a new virtual environment (PyPI dependencies taken from this one, as
  Colab has them preinstalled; no network: PIP_NO_INDEX) runs notebook 01
  from a folder outside the repository, as Colab would.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests import course
from tests.browser_utils import skip_or_fail
from tools import colab

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "01_images_and_kernels"


def _all_notebooks() -> list[Path]:
    return sorted(course.SOLUTIONS.glob("*.ipynb")) + sorted(course.NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", _all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_starts_with_the_install_cell(path):
    first = course.load(path)["cells"][0]
    assert first["cell_type"] == "code" and first["id"] == colab.CELL_ID, path.name
    assert course.source(first) == colab.install_source(), (
        f"{path.name}: the first cell is not tools/colab.py's; run `python tools/colab.py` and release")
    meta = course.nbgrader_meta(first)
    assert meta["locked"] and not meta["grade"] and not meta["solution"] and "points" not in meta, meta
    # one repository for all: the address appears once, and it is REPOSITORY
    assert re.findall(r'COURSE_REPOSITORY = "([^"]+)"', course.source(first)) == [colab.REPOSITORY]
    others = [c for c in course.load(path)["cells"][1:] if colab.REPOSITORY in course.source(c)]
    assert not others, f"{path.name}: another cell names the repository"


def test_colab_tool_check_agrees():
    proc = subprocess.run([sys.executable, "tools/colab.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_stamp_replaces_the_cell_rather_than_adding_another():
    nb = course.load(course.SOLUTIONS / f"{NOTEBOOK}.ipynb")
    changed = json.loads(json.dumps(nb))
    changed["cells"][0]["source"] = ["print('an old install cell')\n"]
    again = colab.stamp(changed)
    assert again == nb
    assert [c.get("id") for c in again["cells"]].count(colab.CELL_ID) == 1
    without = {**nb, "cells": nb["cells"][1:]}
    assert colab.stamp(without) == nb


def test_readme_badges_use_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert colab.badges() in readme, "README's badges differ: run `python tools/colab.py`"
    assert colab.binder_url() in readme
    assert colab.colab_url(NOTEBOOK) in readme
    for url in re.findall(r"https://colab\.research\.google\.com/github/[^)\s]+", readme):
        stem = url.rsplit("/", 1)[-1].removesuffix(".ipynb")
        assert url == colab.colab_url(stem), url
        assert (course.NOTEBOOKS / f"{stem}.ipynb").exists(), url


def test_binder_configuration_is_what_repo2docker_builds(tmp_path):
    """repo2docker plans the CPU build of PyTorch, then postBuild, on Python 3.11."""
    if importlib.util.find_spec("repo2docker") is None:
        skip_or_fail("jupyter-repo2docker is missing: `make venv` installs the dev extras")
    requirements = (ROOT / "binder" / "requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in requirements
    assert re.search(r"^torch>=2\.2,<2\.14$", requirements, re.M), requirements
    mode = subprocess.run(["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT, capture_output=True,
                          text=True).stdout
    assert mode.startswith("100755"), f"binder/postBuild must be committed executable: {mode!r}"
    proc = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug", str(ROOT)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "DOCKER_HOST": "unix:///nonexistent"})
    plan = proc.stdout + proc.stderr
    assert proc.returncode == 0, plan[-3000:]
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in plan, plan[-3000:]
    assert "./binder/postBuild" in plan, plan[-3000:]
    assert "python=3.11" in plan, plan[:2000]


# -- the course as a wheel, installed by notebook 01's first cell -----------------------------------

PACKAGED = ("cnnlib", "grader")


def _build_wheel(tmp: Path) -> Path:
    """Build the wheel from a copy of what it is made of (the worktree stays clean)."""
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    tracked = subprocess.run(["git", "ls-files", *PACKAGED], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    for rel in tracked:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src / rel)
    dist = tmp / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--no-index", "-q", "-w", str(dist), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    wheels = list(dist.glob("cnn_course-*.whl"))
    assert len(wheels) == 1, list(dist.iterdir())
    return wheels[0]


def _dependencies_view(tmp: Path) -> Path:
    """A folder of links to this environment's installed packages, without the course itself.

    On Colab NumPy, PyTorch and matplotlib come preinstalled; here they come
    from this virtual environment, so that pip installs the wheel alone
    and the test takes seconds, not a PyTorch download.
    """
    site = Path(sysconfig.get_paths()["purelib"])
    view = tmp / "deps"
    view.mkdir()
    for entry in site.iterdir():
        name = entry.name
        if (name in PACKAGED or name.startswith(("__editable__", "cnn_course")) or name.endswith(".pth")
                or name == "__pycache__"):
            continue
        (view / name).symlink_to(entry)
    return view


def _fresh_venv(tmp: Path, view: Path) -> Path:
    env_dir = tmp / "colab-venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "preinstalled.pth").write_text(f"{view}\n")
    return py


RUN = """
import sys
import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
"""


@pytest.mark.install
@pytest.mark.skipif(os.name == "nt", reason="links and bin/ layout of the test's environments")
def test_notebook_01_installs_the_wheel_and_runs_outside_the_repository(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", *PACKAGED], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    # every file of the packages, data included, is in the wheel (grader/README.md is documentation)
    missing = [rel for rel in tracked if rel not in names and rel != "grader/README.md"]
    assert not missing, f"not in the wheel (add them to [tool.setuptools.package-data]): {missing}"

    py = _fresh_venv(tmp_path, _dependencies_view(tmp_path))
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "GRADER_SOLUTIONS", "PYTHONHOME")}
    home = tmp_path / "home"
    home.mkdir()
    env.update(HOME=str(home), PIP_NO_INDEX="1", CNN_COURSE_FAST="1", JUPYTER_PLATFORM_DIRS="1",
               PATH=os.pathsep.join([str(py.parent), env.get("PATH", "")]))
    outside = tmp_path / "colab"  # a folder outside the repository, like Colab's /content
    outside.mkdir()
    probe = subprocess.run([str(py), "-c", "import importlib.util as u; print(u.find_spec('cnnlib'))"],
                           capture_output=True, text=True, env=env, cwd=outside)
    assert probe.stdout.strip() == "None", f"cnnlib is importable before the install: {probe.stdout}{probe.stderr}"

    nb = course.filled(NOTEBOOK)  # the notebook with the exercises done, as a learner ends it
    first = course.source(nb["cells"][0])
    assert first == colab.install_source()
    here = f'"cnn-course @ {wheel.as_uri()}"'  # the wheel instead of the Git repository (no network here)
    nb["cells"][0]["source"] = first.replace('f"cnn-course @ git+{COURSE_REPOSITORY}"', here)
    assert here in nb["cells"][0]["source"]
    src = course.write(nb, outside / f"{NOTEBOOK}.ipynb")
    done = outside / "executed.ipynb"
    proc = subprocess.run([str(py), "-c", RUN, str(src), str(outside), str(done)], capture_output=True,
                          text=True, env=env, cwd=outside, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]

    ran = json.loads(done.read_text(encoding="utf-8"))
    said = "".join(course.source({"source": o.get("text", "")}) for o in ran["cells"][0]["outputs"])
    assert "Installing the course" in said, ran["cells"][0]["outputs"]
    where = subprocess.run([str(py), "-c", "import cnnlib, grader; print(cnnlib.__file__); print(grader.__file__)"],
                           capture_output=True, text=True, env=env, cwd=outside)
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(py.parent.parent), f"imported from {line}, not the new environment"
    errors = [o for c in ran["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors[:1]
