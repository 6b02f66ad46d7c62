r"""The course on JupyterHub: the hub's proxy, the exchange, and what each role's single-user server shows.

docs/jupyterhub.md is the guide; tests/test_hub.py runs all of it on a real hub.

    python tools/hub.py proxy [--venv .venv]
        Install JupyterHub's proxy (configurable-http-proxy, pinned in tools/hub-config/package-lock.json)
        with npm into VENV/share/cnn-course-hub; prints the path of its program.
    python tools/hub.py roles DIR [--exchange /srv/nbgrader/exchange]
        Write DIR/student and DIR/instructor: Jupyter configuration folders that the hub puts first
        on each user's JUPYTER_CONFIG_PATH (tools/hub-config/jupyterhub_config.py does).
    python tools/hub.py exchange [PATH]
        Make nbgrader's exchange folder with the permissions nbgrader's docs give (ugo+rw: 0777).

A student's server keeps nbgrader's Assignments list (fetch, submit, feedback) and loses the
instructor's tools: formgrader, the course list, "Create Assignment" and a Validate button that
runs only the visible tests (the notebook's own "Score this notebook" cell runs the full
`python -m grader check`). An instructor's server has all of nbgrader. The course's environment
switches nbgrader's tools off for everyone (tools/install.py hide_instructor_tools); the role
folders switch back on what each role uses. These are what a user sees, not a security boundary:
students cannot read an instructor's course folder (the instructor's home is theirs alone) and
reach the exchange only through nbgrader's permissions.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINS = ROOT / "tools" / "hub-config"  # package.json and package-lock.json: the proxy and its dependencies, pinned
PROXY_PACKAGE = "configurable-http-proxy"
EXCHANGE = "/srv/nbgrader/exchange"  # nbgrader's default Exchange.root
NBGRADER_LAB = "@jupyter/nbgrader"
# nbgrader 0.9's JupyterLab plugins (@jupyter/nbgrader's lib/index.js) and server extensions
STUDENT_HIDDEN_PLUGINS = ("formgrader", "course-list", "create-assignment", "validate-assignment")
SERVER_EXTENSIONS = ("formgrader", "validate_assignment", "assignment_list", "course_list")
STUDENT_SERVER_EXTENSIONS = ("assignment_list",)


def proxy_home(env_dir: Path) -> Path:
    """Where `proxy` installs the proxy for the environment ``env_dir``."""
    return Path(env_dir) / "share" / "cnn-course-hub"


def proxy_program(env_dir: Path) -> Path:
    """The configurable-http-proxy program that `proxy` installs for ``env_dir`` (it may not exist yet)."""
    return proxy_home(env_dir) / "node_modules" / ".bin" / PROXY_PACKAGE


def _pinned_version() -> str:
    lock = json.loads((PINS / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{PROXY_PACKAGE}"]["version"]


def install_proxy(env_dir: Path) -> Path:
    """Install the pinned configurable-http-proxy with ``npm ci`` under ``env_dir``; return its program.

    Does nothing when that version is there already. Raises FileNotFoundError
    (with what to install) when npm is missing and subprocess.CalledProcessError
    when npm fails.
    """
    home, program = proxy_home(env_dir), proxy_program(env_dir)
    installed = home / "node_modules" / PROXY_PACKAGE / "package.json"
    if program.exists() and installed.exists() and \
            json.loads(installed.read_text(encoding="utf-8")).get("version") == _pinned_version():
        return program
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError("npm is not installed: JupyterHub's proxy is a Node.js program "
                                "(Debian: apt-get install nodejs npm)")
    home.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PINS / name, home / name)
    subprocess.run([npm, "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], cwd=home,
                   check=True, stdout=subprocess.DEVNULL)
    return program


def make_exchange(path: str | Path = EXCHANGE) -> Path:
    """Create nbgrader's exchange folder, readable and writable by everyone (nbgrader's docs: ``chmod ugo+rw``).

    nbgrader itself then makes each course's ``outbound/`` (0755, the instructor's)
    and ``inbound/`` (2733: students may write, not list) when the instructor
    releases; `nbgrader release_assignment` warns about a root that is not 0777.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o777)
    return path


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def write_roles(dest: Path, exchange: str | Path = EXCHANGE) -> dict[str, Path]:
    """Write one Jupyter configuration folder per role under ``dest``; return {role: folder}.

    Each holds ``jupyter_server_config.d/cnn-course-hub.json`` (which of nbgrader's
    server extensions run), ``labconfig/page_config.json`` (which of its JupyterLab
    plugins load, locked so that the plugin manager cannot switch them back) and
    ``nbgrader_config.py`` (the exchange's root; ``Exchange.path_includes_course``
    so that a student of several courses fetches into ``~/COURSE/ASSIGNMENT``, as
    nbgrader's docs advise for more than one course). Put first on
    ``JUPYTER_CONFIG_PATH``, a folder outranks the environment's own settings
    (jupyter_core's ``jupyter_config_path``), where the course switched them all off.
    """
    folders = {}
    for role in ("student", "instructor"):
        folder = Path(dest) / role
        on = STUDENT_SERVER_EXTENSIONS if role == "student" else SERVER_EXTENSIONS
        _write_json(folder / "jupyter_server_config.d" / "cnn-course-hub.json", {"ServerApp": {
            "jpserver_extensions": {f"nbgrader.server_extensions.{n}": n in on for n in SERVER_EXTENSIONS}}})
        hidden = STUDENT_HIDDEN_PLUGINS if role == "student" else ()
        plugins = {f"{NBGRADER_LAB}:{p}": True for p in hidden}
        _write_json(folder / "labconfig" / "page_config.json", {
            "disabledExtensions": {NBGRADER_LAB: False, **plugins},
            "lockedExtensions": {NBGRADER_LAB: True, **plugins}})
        (folder / "nbgrader_config.py").write_text(
            "# written by tools/hub.py: nbgrader's exchange for every user of the hub\n"
            "c = get_config()  # noqa: F821\n"
            f"c.Exchange.root = {str(exchange)!r}\n"
            "c.Exchange.path_includes_course = True\n", encoding="utf-8")
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        folders[role] = folder
    return folders


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("proxy", help="install configurable-http-proxy with npm into the environment")
    p.add_argument("--venv", type=Path, default=Path(sys.prefix))
    p = sub.add_parser("roles", help="write the student and instructor Jupyter configuration folders")
    p.add_argument("dest", type=Path)
    p.add_argument("--exchange", default=EXCHANGE)
    p = sub.add_parser("exchange", help="make nbgrader's exchange folder (0777)")
    p.add_argument("path", nargs="?", default=EXCHANGE)
    args = ap.parse_args(argv)
    try:
        if args.cmd == "proxy":
            print(install_proxy(args.venv))
        elif args.cmd == "roles":
            for role, folder in write_roles(args.dest, args.exchange).items():
                print(f"{role}: {folder}")
        else:
            print(make_exchange(args.path))
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
