"""Helpers for the browser tests: a JupyterLab server, headless Chromium, notebook actions.

tests/test_browser.py drives the course in a real browser; tests/test_make_lab.py starts
`make lab`. Both use the pieces here:

- `require_chromium()`: the Chromium to drive, or a skip that says how to install it (a
  failure when the CI environment variable is set: CI must run these tests).
- `free_port()`, `wait_for_http()`, `stop_process_group()`: start and stop servers.
- `LabServer`: JupyterLab from the project's environment on 127.0.0.1, on a free port, with
  a token, serving a temporary root folder, with its own settings, so that nothing in the
  user's ~/.jupyter changes what the test sees.
- `NotebookPage`: one notebook open in JupyterLab: run all cells, wait until they finished,
  read error outputs, see that nbgrader's instructor tools are absent, take screenshots.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "test-artifacts" / "browser"))
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Flags that make Debian's chromium start quickly and quietly in a container: no sandbox
# (we run as root in CI), no GPU, and none of the background services that would try to
# reach the internet (without them chromium floods the log with refused connections).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INSTALL_HINT = (
    "The browser tests drive Debian's Chromium in headless mode. Install it with "
    "`sudo apt-get install chromium` (Debian/Ubuntu; .ci/run does this in CI), "
    "or point CHROMIUM=/path/to/chromium at another Chromium or Chrome."
)


def in_ci() -> bool:
    """True when the CI environment variable is set (GitHub Actions, GitLab, .ci/run)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def skip_or_fail(message: str) -> None:
    """Skip with `message` on a learner's machine; fail in CI, where everything must run."""
    if in_ci():
        pytest.fail(f"{message} (CI is set, so this is an error rather than a skip)")
    pytest.skip(message)


def require_chromium() -> str:
    """Path of the Chromium to drive, or skip (fail in CI) with an install hint."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("The Python package playwright is missing: `make venv` installs the dev "
                     "extras (`pip install -e .[dev]`). " + INSTALL_HINT)
    wanted = os.environ.get("CHROMIUM")
    if wanted:  # the user's choice, and only that
        found = wanted if os.path.isfile(wanted) and os.access(wanted, os.X_OK) else ""
    elif os.access(DEFAULT_CHROMIUM, os.X_OK):
        found = DEFAULT_CHROMIUM
    else:
        found = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    if not found:
        skip_or_fail(f"No Chromium at {wanted or DEFAULT_CHROMIUM}. " + INSTALL_HINT)
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def tail(path: Path, n: int = 40) -> str:
    """The last n lines of a log file, for failure messages."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def wait_for_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90.0) -> bytes:
    """GET url until it answers 200; fail early, with the server's log, if proc exits.

    The server needs a few seconds to import its extensions; this polls every 0.2 s
    (a connection attempt, not a sleep that guesses how long startup takes).
    """
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with code {proc.returncode} before answering "
                        f"{url}\n--- server log ---\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return r.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            last = str(e)
        time.sleep(0.2)
    pytest.fail(f"no answer from {url} within {timeout:.0f} s (last error: {last})\n"
                f"--- server log ---\n{tail(log)}")


def stop_process_group(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """SIGTERM the process group that proc leads (it was started with a new session),
    then SIGKILL whatever is still there after `timeout` seconds."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers in the group, if any
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def jupyter_env(tmp: Path) -> dict[str, str]:
    """Environment for a Jupyter server under test.

    PYTHONPATH puts this checkout first, so kernels import its cnnlib. Jupyter's config,
    runtime and IPython folders are private to the test, so a learner's ~/.jupyter cannot
    change what the test sees. CNN_COURSE_FAST shrinks training and timing cells: the
    browser tests check the user interface, not speed.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "jupyter-runtime")
    env["IPYTHONDIR"] = str(tmp / "ipython")
    env["CNN_COURSE_FAST"] = "1"
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiets a debugger warning on kernel start
    return env


# (notebook, step, seconds) of every timed step, for the summary at the end of the run.
TIMINGS: list[tuple[str, str, float]] = []


# User settings for the JupyterLab under test: every notebook cell stays in the DOM
# (windowing would leave far-away cells out of it), and no news or update checks,
# whose notification toasts would sit on top of the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


class LabServer:
    """JupyterLab from this Python environment, serving `root_dir` on 127.0.0.1.

    Use as a context manager; `url(path)` gives an address with the token.
    """

    def __init__(self, root_dir: Path, tmp: Path, instructor: bool = False):
        self.root_dir = root_dir
        self.tmp = tmp
        # The course's environment switches nbgrader's server extensions off for learners
        # (tools/install.py); an instructor's server (formgrader) switches them on again in
        # its own Jupyter config folder, which takes precedence over the environment's.
        self.instructor = instructor
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.log = tmp / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None

    def url(self, path: str = "lab") -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else {}

    def __enter__(self) -> LabServer:
        settings = self.tmp / "lab-user-settings"
        for name, value in LAB_SETTINGS.items():
            f = settings / name
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(value))
        if self.instructor:
            # the server's own config file: jupyter_server reads it before the environment's
            # jupyter_server_config.d/ entries, which then leave the extensions it names alone
            extensions = self.tmp / "jupyter-config" / "jupyter_server_config.json"
            extensions.parent.mkdir(parents=True, exist_ok=True)
            extensions.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {
                f"nbgrader.server_extensions.{name}": True
                for name in ("formgrader", "assignment_list", "course_list", "validate_assignment")}}}))
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={self.tmp / 'lab-workspaces'}",
            # window.jupyterapp lets the test read the notebook's state (which cells ran,
            # whether the kernel is idle); every action still goes through the UI.
            "--LabApp.expose_app_in_browser=True",
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.root_dir, env=jupyter_env(self.tmp),
                                         stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        t0 = time.monotonic()
        try:
            wait_for_http(self.url("api/status"), self.proc, self.log)
        except BaseException:
            self.stop()
            raise
        TIMINGS.append(("JupyterLab server", "start", time.monotonic() - t0))
        return self

    def shutdown_kernels(self) -> None:
        """End every notebook session (and its kernel), so that finished tests free the CPU."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:  # a clean shutdown also stops the kernels, which run in their own sessions
                self.api("shutdown", method="POST")
                self.proc.wait(timeout=20)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
                pass
        stop_process_group(self.proc)
        self.proc = None

    def __exit__(self, *exc) -> None:
        self.stop()


# JavaScript run in the page. They read JupyterLab's own model of the open notebook.
_JS_STATE = """
() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = [];
  panel.content.widgets.forEach((cell, i) => {
    const m = cell.model;
    if (m.type !== 'code') return;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    cells.push({
      index: i,
      source: m.sharedModel.getSource(),
      count: m.executionCount,
      pending: !!(prompt && prompt.textContent.includes('*')),
    });
  });
  return {
    kernel: kernel ? kernel.status : null,
    busy: panel.sessionContext.kernelDisplayStatus,
    dirty: panel.context.model.dirty,
    cells: cells,
  };
}
"""

# Every output that tells a learner something went wrong: tracebacks and stderr
# (JupyterLab renders both with the stderr MIME type), and widgets that failed to render.
_JS_ERRORS = """
() => {
  const found = [];
  document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell').forEach((cell, i) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(out => {
      const text = out.innerText || '';
      if (out.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr'
          || /Error displaying widget|Failed to load model class|model not found/.test(text)) {
        found.push({cell: i, text: text.slice(0, 2000)});
      }
    });
  });
  return found;
}
"""


def _timed(method):
    """Record how long a NotebookPage step took in TIMINGS."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        t0 = time.monotonic()
        try:
            return method(self, *args, **kwargs)
        finally:
            TIMINGS.append((self.name, method.__name__, time.monotonic() - t0))
    return wrapper


class NotebookPage:
    """A notebook opened in JupyterLab in `page`, with the actions the tests need."""

    def __init__(self, page, server: LabServer, name: str, shots: Path):
        self.page = page
        self.server = server
        self.name = name
        self.shots = shots
        self.console_errors: list[str] = []
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    @_timed
    def open(self, timeout: float = 120) -> NotebookPage:
        """Open the notebook in a fresh workspace and wait until its kernel is idle."""
        self.page.goto(self.server.url(f"lab/tree/{self.name}?reset"))
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(
            state="visible", timeout=timeout * 1000)
        self.page.wait_for_function(
            "() => { const s = (" + _JS_STATE + ")(); return s && s.kernel === 'idle'; }",
            timeout=timeout * 1000)
        return self

    def state(self) -> dict:
        return self.page.evaluate(_JS_STATE)

    @_timed
    def run_all(self, timeout: float = 300) -> dict:
        """Run > Run All Cells through the menu bar; wait until every cell has finished.

        Finished means: no cell waits with a [*] prompt, the kernel is idle, and every code
        cell with source has an execution count, or a cell failed (JupyterLab then stops
        the run, so later cells never get one).
        """
        self.page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        self.page.locator("#jp-mainmenu-run").get_by_text("Run All Cells", exact=True).click()
        done = """
        () => {
          const s = (STATE)();
          if (!s || s.kernel !== 'idle' || s.busy !== 'idle') return false;
          if (s.cells.some(c => c.pending)) return false;
          const all = s.cells.filter(c => c.source.trim()).every(c => c.count !== null);
          return all || (ERRORS)().length > 0;
        }
        """.replace("STATE", _JS_STATE).replace("ERRORS", _JS_ERRORS)
        self.page.wait_for_function(done, timeout=timeout * 1000, polling=250)
        return self.state()

    @_timed
    def append_cell_and_run(self, source: str, timeout: float = 60) -> None:
        """Select the last cell, insert a code cell below it (B), type `source` and run it
        (Shift+Enter), as a learner would; wait until it has run."""
        last = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").last
        last.locator(".jp-InputPrompt").click()
        n = len(self.state()["cells"])
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        self.page.keyboard.press("Enter")
        self.page.keyboard.type(source)
        self.page.keyboard.press("Shift+Enter")
        self.page.wait_for_function(
            """([n]) => { const s = (STATE)();
               return s && s.cells.length > n && s.cells[n].count !== null
                      && s.kernel === 'idle'; }""".replace("STATE", _JS_STATE),
            arg=[n], timeout=timeout * 1000, polling=250)

    def error_outputs(self) -> list[dict]:
        """Outputs that show an error: [{'cell': index, 'text': ...}]."""
        return self.page.evaluate(_JS_ERRORS)

    def assert_no_errors(self) -> None:
        errors = self.error_outputs()
        state = self.state()
        not_run = [c["index"] for c in state["cells"] if c["source"].strip() and c["count"] is None]
        msg = []
        for e in errors:
            msg.append(f"cell {e['cell']}:\n{e['text']}")
        if not_run:
            msg.append(f"code cells that did not run: {not_run}")
        if self.console_errors:
            msg.append("JavaScript errors in the page: " + "; ".join(self.console_errors))
        assert not msg, f"{self.name} in JupyterLab:\n" + "\n\n".join(msg)

    def instructor_tools(self) -> list[str]:
        """What of nbgrader's JupyterLab extension this page shows: its Validate button in the
        notebook toolbar and its Nbgrader menu. The course's environment switches them off
        (tools/install.py): Validate ran only the visible tests."""
        found = []
        if self.page.locator(".jp-NotebookPanel .validate-button").count():
            found.append("the Validate button")
        if self.page.locator(".lm-MenuBar-itemLabel").filter(has_text="Nbgrader").count():
            found.append("the Nbgrader menu")
        return found

    def close_dialog(self) -> None:
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.locator(".jp-Dialog").wait_for(state="detached", timeout=10_000)

    def screenshot(self, step: str, locator=None) -> Path:
        """Save a PNG of the page (or of one element) under the artifacts folder."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{Path(self.name).stem}-{step}.png"
        (locator or self.page).screenshot(path=str(path))
        return path
