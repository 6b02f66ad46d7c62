"""The course in a real browser: JupyterLab driven by headless Chromium.

Learners meet the course in JupyterLab, so these tests open it there: they start
JupyterLab from the project's environment on 127.0.0.1 (a free port, a token, a temporary
root folder holding copies of the notebooks), open a notebook with the exercises filled
in, run all cells through the Run menu, find no error output, play with the notebook's
widget and see its picture change, and see that nbgrader's Validate button is not there. Screenshots of
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

from tests import course
from tests.browser_utils import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    TIMINGS,
    LabServer,
    NotebookPage,
    require_chromium,
)

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures" / "browser"
NB01 = "01_images_and_kernels"
NB02 = "02_conv_layer"


def filled_copy(stem: str, root: Path) -> Path | None:
    """Write notebook `stem` with the exercises filled in to root; None if it does not exist.

    That is the student notebook from notebooks/ with the solutions from solutions/ in
    its exercise cells (what a learner who got everything right has), or, before
    notebooks/ is generated, the solution notebook itself.
    """
    if not (course.SOLUTIONS / f"{stem}.ipynb").exists():
        return None
    if (course.NOTEBOOKS / f"{stem}.ipynb").exists():
        nb = course.filled(stem)
    else:
        nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    return course.write(nb, root / f"{stem}.ipynb")


class _ShotsPath:
    """Prints where the screenshots are in pytest's terminal summary."""

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_sep("-", "browser tests")
        terminalreporter.write_line(f"Screenshots of the browser tests: {ARTIFACTS}")
        for name, step, seconds in TIMINGS:
            terminalreporter.write_line(f"  {name:28s} {step:20s} {seconds:6.1f} s")


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
    for stem in (NB01, NB02):
        filled_copy(stem, root)
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
def page(browser, lab):
    """A fresh browser tab (own cookies and storage); its notebooks' kernels end with it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    pg = context.new_page()
    yield pg
    context.close()
    lab.shutdown_kernels()


def test_harness_on_a_small_widget_notebook(lab, page, shots):
    """The harness itself, on a tiny notebook with a plain Dropdown + Image: run all, no
    errors, the picture changes with the dropdown, and an error output is really detected
    (so that "no error output" in the other tests means something)."""
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

    # A learner's mistake must show up: add a failing cell through the UI and run it.
    nb.append_cell_and_run("1 / 0")
    errors = nb.error_outputs()
    nb.screenshot("3-error-detected")
    assert any("ZeroDivisionError" in e["text"] for e in errors), errors


def picture(locator) -> bytes:
    """What an element looks like on screen, as PNG bytes (to see that a picture changed)."""
    return locator.screenshot()


def wait_for_new_src(page, img, old: str | None) -> None:
    page.wait_for_function("([el, old]) => el.getAttribute('src') !== old",
                           arg=[img.element_handle(), old])


def open_and_run(lab, page, shots, stem: str, lab_root: Path) -> NotebookPage:
    if not (lab_root / f"{stem}.ipynb").exists():
        pytest.skip(f"notebook {stem} does not exist yet (no solutions/{stem}.ipynb)")
    nb = NotebookPage(page, lab, f"{stem}.ipynb", shots).open()
    nb.run_all()
    nb.screenshot("1-ran-all")
    nb.assert_no_errors()
    return nb


def validate(nb: NotebookPage) -> None:
    """No nbgrader Validate button and no Nbgrader menu: the button ran only the visible tests
    (it called a notebook that `check` scores 8/14 a success); learners score a notebook with
    its last cell, "Score this notebook" (issue 23)."""
    nb.screenshot("4-no-validate")
    shown = nb.instructor_tools()
    assert not shown, f"JupyterLab shows nbgrader's {', '.join(shown)} with {nb.name} open"


def check_sliding_window(page, nb: NotebookPage, channels: int) -> None:
    """The sliding-window widget (cnnlib.sliding_window) shows its controls; a step with the
    keyboard on the step slider, and then the Play button, move the window: the status line
    names the new step and the picture changes."""
    widget = page.locator(".cnn-sliding-window").first
    widget.scroll_into_view_if_needed()
    status = widget.locator(".cnn-sliding-window-status")
    plot = widget.locator("img.cnn-sliding-window-plot")
    play = widget.locator(".cnn-sliding-window-play button").first
    for control in (status, plot, play, *(widget.locator(f".cnn-sliding-window-{n} [role=slider]")
                                          for n in ("step", "S", "P"))):
        control.wait_for(state="visible")
    text = status.inner_text()
    assert text.startswith("step 1 of"), f"the sliding window starts with: {text}"
    if channels > 1:
        assert f"summed over {channels} channels" in text, text
    nb.screenshot("5-sliding-window-step-1", widget)

    handle = widget.locator(".cnn-sliding-window-step [role=slider]")
    before = (plot.get_attribute("src"), picture(plot))
    handle.focus()
    handle.press("ArrowRight")
    wait_for_new_src(page, plot, before[0])
    assert status.inner_text().startswith("step 2 of"), status.inner_text()
    assert picture(plot) != before[1], "one step on: the picture did not change"
    nb.screenshot("6-sliding-window-step-2", widget)

    play.click()                                   # plays on from step 2, one frame per interval
    page.wait_for_function(
        "el => Number(el.querySelector('[data-step]').dataset.step) >= 2",
        arg=status.element_handle(), timeout=30_000)
    nb.screenshot("7-sliding-window-played", widget)


def test_notebook_01_kernel_explorer(lab, page, shots, lab_root):
    """Notebook 01 with the exercises filled in runs without an error; its kernel explorer
    shows its controls, and a new preset changes the kernel and the filtered picture; its
    sliding window steps and plays."""
    nb = open_and_run(lab, page, shots, NB01, lab_root)
    check_sliding_window(page, nb, channels=1)

    explorer = page.locator(".cnn-kernel-explorer").first
    explorer.scroll_into_view_if_needed()
    preset = explorer.locator(".cnn-kernel-preset select")
    cells = explorer.locator(".cnn-kernel-cell input")
    output = explorer.locator("img.cnn-kernel-output")
    for control in (preset, explorer.locator(".cnn-kernel-display select"),
                    explorer.locator(".cnn-kernel-divisor input"),
                    explorer.locator("img.cnn-kernel-input"), output,
                    explorer.locator(".cnn-kernel-status")):
        control.wait_for(state="visible")
    assert cells.count() == 9, f"the kernel grid shows {cells.count()} entries, not 9"
    for i in range(9):
        cells.nth(i).wait_for(state="visible")
    nb.screenshot("2-explorer", explorer)

    current = preset.input_value()
    options = [o for o in preset.locator("option").all_inner_texts() if o not in (current, "custom")]
    choice = next((o for o in ("box_blur", "gaussian_blur", "sobel_x") if o in options), options[0])
    before = (output.get_attribute("src"), picture(output),
              [cells.nth(i).input_value() for i in range(9)])
    preset.select_option(choice)
    wait_for_new_src(page, output, before[0])
    nb.screenshot("3-explorer-" + choice, explorer)
    after = [cells.nth(i).input_value() for i in range(9)]
    assert after != before[2], f"preset {choice!r} left the kernel entries at {after}"
    assert picture(output) != before[1], f"preset {current!r} -> {choice!r}: picture unchanged"

    validate(nb)


def test_notebook_02_conv_arithmetic(lab, page, shots, lab_root):
    """Notebook 02 with the exercises filled in runs without an error; its conv-arithmetic
    widget shows its sliders, and moving one changes the output size and the picture; its
    sliding window over three channels steps and plays."""
    nb = open_and_run(lab, page, shots, NB02, lab_root)
    check_sliding_window(page, nb, channels=3)

    widget = page.locator(".cnn-conv-arithmetic").first
    widget.scroll_into_view_if_needed()
    status = widget.locator(".cnn-conv-arithmetic-status")
    plot = widget.locator("img.cnn-conv-arithmetic-plot")
    for name in "WFSP":
        widget.locator(f".cnn-conv-arithmetic-{name} [role=slider]").wait_for(state="visible")
    status.wait_for(state="visible")
    plot.wait_for(state="visible")
    nb.screenshot("2-conv-arithmetic", widget)

    # Move the padding slider by one step with the keyboard, as a learner can.
    handle = widget.locator(".cnn-conv-arithmetic-P [role=slider]")
    p_old = int(float(handle.get_attribute("aria-valuenow")))
    key, p_new = ("ArrowLeft", p_old - 1) if p_old > 0 else ("ArrowRight", p_old + 1)
    before = (status.inner_text(), plot.get_attribute("src"), picture(plot))
    handle.focus()
    handle.press(key)
    wait_for_new_src(page, plot, before[1])
    text = status.inner_text()
    nb.screenshot(f"3-conv-arithmetic-P{p_new}", widget)
    # The message shows the formula with the new P ("... + 2*0) / 2 + 1 = 3"), or names
    # it ("Invalid (W=7, F=3, S=2, P=0)").
    assert text != before[0] and (f"2*{p_new})" in text or f"P={p_new})" in text), (
        f"after P {p_old} -> {p_new} the widget says: {text}")
    assert picture(plot) != before[2], f"P {p_old} -> {p_new}: the picture did not change"

    validate(nb)
