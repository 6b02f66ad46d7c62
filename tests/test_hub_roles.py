"""What each role's server loads on the hub, read the way Jupyter itself reads it (no hub needed, seconds).

tools/hub.py writes one Jupyter configuration folder per role; the hub puts it
first on the user's JUPYTER_CONFIG_PATH (tools/hub-config/jupyterhub_config.py).
Here a fresh Python with that JUPYTER_CONFIG_PATH asks jupyter_server which
server extensions it would start (its ExtensionConfigManager, as ServerApp
does), JupyterLab's server which plugins it disables and locks
(get_static_page_config), and nbgrader where the exchange is: students get
the assignment list and nothing else of nbgrader, instructors all of it, and
without a role folder the course's environment keeps everything off.
tests/test_hub.py checks the same on a running hub.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import hub  # noqa: E402 - tools/hub.py

sys.path.pop(0)

PROBE = """
import json, os, sys
from jupyter_core.paths import jupyter_config_path
from jupyter_server.extension.config import ExtensionConfigManager
from jupyterlab_server.config import get_static_page_config
from nbgrader.apps import NbGrader

found = {}
for role, folder in json.loads(sys.argv[1]).items():  # each read anew: Jupyter reads the variable at each call
    os.environ.pop("JUPYTER_CONFIG_PATH", None)
    if folder:
        os.environ["JUPYTER_CONFIG_PATH"] = folder
    servers = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
    page = get_static_page_config(level="all")
    app = NbGrader()
    app.load_config_file()
    exchange = app.config.Exchange
    found[role] = {
        "servers": {k.rsplit(".", 1)[1]: v for k, v in servers.items() if k.startswith("nbgrader.")},
        "disabled": sorted(k for k, v in page.get("disabledExtensions", {}).items() if v),
        "locked": sorted(k for k, v in page.get("lockedExtensions", {}).items() if v),
        "exchange": exchange.root if "root" in exchange else None,
        "with_course": exchange.path_includes_course if "path_includes_course" in exchange else None,
    }
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def roles(tmp_path_factory) -> dict:
    """{role or "none": what a server of that role would load}, from one fresh Python."""
    base = tmp_path_factory.mktemp("roles")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "hub.py"), "roles", str(base / "roles"),
                           "--exchange", str(base / "exchange")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["HOME"] = str(home)  # an empty home: no ~/.jupyter of the person running the tests
    folders = {"student": str(base / "roles" / "student"), "instructor": str(base / "roles" / "instructor"),
               "none": ""}
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(folders)], capture_output=True, text=True,
                          env=env, cwd=home, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    found["exchange path"] = str(base / "exchange")
    return found


def test_a_student_gets_the_assignment_list_and_no_instructor_tool(roles):
    seen = roles["student"]
    assert seen["servers"] == {"formgrader": False, "validate_assignment": False, "assignment_list": True,
                               "course_list": False}, seen
    hidden = {f"{hub.NBGRADER_LAB}:{p}" for p in ("formgrader", "course-list", "create-assignment",
                                                   "validate-assignment")}
    assert set(seen["disabled"]) >= hidden and hub.NBGRADER_LAB not in seen["disabled"], seen
    assert f"{hub.NBGRADER_LAB}:assignment-list" not in seen["disabled"], seen
    assert set(seen["locked"]) >= hidden, seen  # the plugin manager cannot switch them back on
    assert (seen["exchange"], seen["with_course"]) == (roles["exchange path"], True), seen


def test_an_instructor_gets_all_of_nbgrader(roles):
    seen = roles["instructor"]
    assert set(seen["servers"].values()) == {True} and len(seen["servers"]) == 4, seen
    assert not [x for x in seen["disabled"] if x.startswith(hub.NBGRADER_LAB)], seen
    assert seen["exchange"] == roles["exchange path"], seen


def test_without_a_role_the_course_environment_shows_none_of_it(roles):
    seen = roles["none"]
    if seen["servers"] != {n: False for n in hub.SERVER_EXTENSIONS}:
        pytest.skip(f"this environment was not made by tools/install.py (nbgrader's tools are on: {seen})")
    assert hub.NBGRADER_LAB in seen["disabled"], seen


def test_the_exchange_is_everyones(tmp_path):
    made = hub.make_exchange(tmp_path / "srv" / "exchange")
    assert stat.S_IMODE(made.stat().st_mode) == 0o777


def test_the_proxy_is_pinned_and_not_fetched_again(tmp_path):
    program = hub.proxy_program(Path(sys.prefix))
    if not program.exists():
        pytest.skip(f"the hub's proxy is not installed in this environment ({program}); tools/install.py "
                    "installs it where npm exists")
    installed = json.loads((program.parents[1] / hub.PROXY_PACKAGE / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "tools" / "hub-config" / "package-lock.json").read_text(encoding="utf-8"))
    assert installed["version"] == lock["packages"][f"node_modules/{hub.PROXY_PACKAGE}"]["version"]
    # installed already: no npm is needed (none on PATH here), the same program comes back
    path = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(tmp_path)
        assert shutil.which("npm") is None
        assert hub.install_proxy(Path(sys.prefix)) == program
    finally:
        os.environ["PATH"] = path
    done = subprocess.run([str(program), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == installed["version"], (done.stdout, done.stderr)
