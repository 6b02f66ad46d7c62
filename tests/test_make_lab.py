"""`make lab` really opens the course: JupyterLab starts on notebooks/ and serves its tree.

The test runs the Makefile's own `lab` target (with LAB_ARGS for a quiet, local, tokened
server on a free port), fetches the notebook tree page and the folder listing through the
REST API, and stops it again. It needs no browser, but it starts a server, so it carries
the `browser` marker and runs with `make test-browser` and `make test`.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.browser_utils import (
    ROOT,
    free_port,
    jupyter_env,
    port_open,
    skip_or_fail,
    stop_process_group,
    tail,
    wait_for_http,
)

pytestmark = pytest.mark.browser

VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def test_make_lab_serves_the_notebook_tree(tmp_path):
    make = shutil.which("make")
    if make is None:
        skip_or_fail("make is not installed (`sudo apt-get install make`)")
    if not (VENV / "bin" / "jupyter").exists() or not STAMP.exists():
        skip_or_fail(f"{VENV} is not installed yet: run `make venv` first")
    notebooks = ROOT / "notebooks"
    if not notebooks.is_dir():
        skip_or_fail("notebooks/ does not exist yet: run `make release`")

    port, token = free_port(), secrets.token_hex(16)
    lab_args = (f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
                f"--IdentityProvider.token={token}")
    # -o STAMP: treat the installed environment as up to date, so that the test never
    # reinstalls it (make test has just used it); everything else is the real target.
    cmd = [make, "--no-print-directory", "-o", str(STAMP.relative_to(ROOT)), "lab",
           f"LAB_ARGS={lab_args}"]
    env = jupyter_env(tmp_path)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):  # under `make test`: start afresh,
        env.pop(var, None)                           # as a learner typing `make lab` does
    log = tmp_path / "make-lab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        page = wait_for_http(f"{base}/lab/tree?token={token}", proc, log).decode()
        assert "JupyterLab" in page, f"/lab/tree is not JupyterLab's page:\n{page[:500]}"

        with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=10) as r:
            listing = json.load(r)
        served = sorted(item["name"] for item in listing["content"]
                        if item["name"].endswith(".ipynb"))
        expected = sorted(p.name for p in notebooks.glob("*.ipynb"))
        assert served == expected, (
            f"make lab serves {served} at its root, expected notebooks/: {expected}\n"
            f"--- make lab log ---\n{tail(log)}")

        # No instructor tools: nbgrader's lab extension (Create Assignment, formgrader, the
        # Nbgrader menu, Validate) is disabled and locked, its server endpoints are not there.
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        assert "@jupyter/nbgrader" in config.get("disabledExtensions", []), config.get("disabledExtensions")
        for url in ("/formgrader", "/formgrader/api/status", "/assignments/validate", "/nbgrader_version"):
            try:
                with urllib.request.urlopen(f"{base}{url}?token={token}", timeout=10) as r:
                    status = r.status
            except urllib.error.HTTPError as err:
                status = err.code
            assert status in (404, 405), f"make lab serves nbgrader's {url} (HTTP {status})"

        # Notebook 7's classic-style tree page comes with the same server.
        with urllib.request.urlopen(f"{base}/tree?token={token}", timeout=10) as r:
            assert r.status == 200
    finally:
        stop_process_group(proc)
    assert not port_open(port), f"make lab still listens on port {port} after being stopped"
