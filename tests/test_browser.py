"""The course in a real browser: JupyterLab driven by headless Chromium.

Learners meet the course in JupyterLab, so these tests open it there: they start
JupyterLab from the project's environment on 127.0.0.1 (a free port, a token, a temporary
root folder holding copies of the notebooks), open a notebook with the exercises filled
in, run all cells through the Run menu, find no error output, play with the notebook's
widget and see its picture change, and click nbgrader's Validate button. Screenshots of
each step go to test-artifacts/browser/ (the path is printed at the end of the run).

Why Playwright rather than Selenium: Playwright is already a dev dependency, it drives the
system's Chromium directly over the DevTools protocol (no chromedriver that must match the
browser's version exactly), and its locators wait for an element or a condition in the page
with a timeout, so every wait here is a wait for an event, never a guessed sleep.

The tests skip, with a hint that says how to install it, where Chromium is missing, and
fail instead when the CI environment variable is set: CI must run them (`.ci/run` installs
Debian's chromium first).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser_utils import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    LabServer,
    NotebookPage,
    require_chromium,
)

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "browser"


class _ShotsPath:
    """Prints where the screenshots are in pytest's terminal summary."""

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("-", "browser tests")
        terminalreporter.write_line(f"Screenshots of the browser tests: {ARTIFACTS}")


@pytest.fixture(scope="module")
def shots(request) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pm = request.config.pluginmanager
    if not pm.has_plugin("browser-shots"):
        pm.register(_ShotsPath(), "browser-shots")
    print(f"Screenshots go to {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory) -> Path:
    """The server's root folder: temporary copies of the notebooks under test."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copy(FIXTURES / "widget_demo.ipynb", root / "widget_demo.ipynb")
    return root


@pytest.fixture(scope="module")
def lab(chromium, lab_root, tmp_path_factory):
    with LabServer(lab_root, tmp_path_factory.mktemp("lab-state")) as server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    yield pg
    context.close()


def test_harness_on_a_small_widget_notebook(lab, page, shots):
    """The harness itself, on a tiny notebook with a plain Dropdown + Image: run all, no
    errors, the picture changes with the dropdown, Validate succeeds, and an error output
    is really detected (so that "no error output" in the other tests means something)."""
    nb = NotebookPage(page, lab, "widget_demo.ipynb", shots).open()
    nb.run_all()
    nb.assert_no_errors()

    explorer = page.locator(".demo-explorer")
    explorer.wait_for(state="visible")
    select = explorer.locator(".widget-dropdown select")
    img = explorer.locator("img")
    img.wait_for(state="visible")
    before = img.get_attribute("src")
    explorer.scroll_into_view_if_needed()
    nb.screenshot("1-ran-all")
    select.select_option("checker")
    page.wait_for_function(
        "([el, old]) => el.getAttribute('src') !== old", arg=[img.element_handle(), before])
    nb.screenshot("2-preset-changed", explorer)

    text = nb.validate()
    nb.screenshot("3-validated")
    assert "Success! Your notebook passes all the tests." in text, text
    nb.close_dialog()

    # A learner's mistake must show up: add a failing cell through the UI and run it.
    nb.append_cell_and_run("1 / 0")
    errors = nb.error_outputs()
    nb.screenshot("4-error-detected")
    assert any("ZeroDivisionError" in e["text"] for e in errors), errors
