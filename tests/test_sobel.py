"""One Sobel kernel for the whole course, and the polarity that notebook 03 states for it.

Notebook 01 asks learners for KERNELS["sobel_x"] (right minus left); notebooks 02 and 03
once defined their own copy with the opposite sign, so 03's "ReLU keeps the dark-to-bright
edges" was wrong for the kernel it used. Now cnnlib.images.sobel_x() is the one definition,
02 and 03 import it, and these tests hold the pieces together.
"""

from __future__ import annotations

import ast
import re

import numpy as np
import torch

from cnnlib import images
from tests import course

NB01, NB03 = "01_images_and_kernels", "03_relu_and_pooling"
SOBEL_ROWS = re.compile(r"\[\s*-?2(\.0*)?\s*,\s*0(\.0*)?\s*,\s*-?2(\.0*)?\s*\]")   # a row like [-2, 0, 2]


def _cells(stem: str) -> list[dict]:
    return course.load(course.SOLUTIONS / f"{stem}.ipynb")["cells"]


def _code(stem: str) -> list[tuple[str, str]]:
    return [(c.get("id", ""), course.source(c)) for c in _cells(stem) if c["cell_type"] == "code"]


def _kernels_of_notebook_01() -> dict:
    """Run 01's KERNELS solution cell (markers removed), as a learner who got it right would."""
    cell = course.solution_cells(course.load(course.SOLUTIONS / f"{NB01}.ipynb"))["KERNELS"]
    scope = {"np": np}
    exec(course.strip_markers(course.source(cell)), scope)  # noqa: S102 - our own solution cell
    return scope["KERNELS"]


def test_cnnlib_sobel_is_notebook_01s_solution_and_test():
    k = _kernels_of_notebook_01()
    np.testing.assert_array_equal(images.sobel_x(), k["sobel_x"])
    np.testing.assert_array_equal(images.sobel_y(), k["sobel_y"])
    np.testing.assert_array_equal(images.sobel_y(), images.sobel_x().T)
    # the visible test of 01 hard-codes the same array
    test = next(src for _, src in _code(NB01) if "checks.assert_close(KERNELS[\"sobel_x\"]" in src)
    literal = next(node.value for node in ast.parse(test).body if isinstance(node, ast.Assign)
                   and any(getattr(t, "id", "") == "sobel_x" for t in node.targets))
    np.testing.assert_array_equal(images.sobel_x(), eval(compile(ast.Expression(literal), "t", "eval"),  # noqa: S307
                                                        {"np": np}))
    # the explorer's presets are the same objects' values
    np.testing.assert_array_equal(images.PRESET_KERNELS["sobel_x"], images.sobel_x())
    np.testing.assert_array_equal(images.PRESET_KERNELS["sobel_y"], images.sobel_y())


def test_sobel_x_is_right_minus_left_and_a_fresh_array():
    a = images.sobel_x()
    ramp = np.tile(np.arange(3.0), (3, 1))          # brighter to the right
    assert np.sum(a * ramp) == 8.0
    a[0, 0] = 99.0                                  # a caller's change does not leak
    assert images.sobel_x()[0, 0] == -1.0


def test_no_other_notebook_or_module_writes_its_own_sobel():
    """Outside notebook 01 (where learners write it), a Sobel kernel comes from cnnlib.images."""
    offenders = []
    for stem in course.stems():
        if stem == NB01:
            continue
        for cid, src in _code(stem):
            for node in ast.walk(ast.parse(course.strip_markers(src))):
                if isinstance(node, ast.Assign) and any("sobel" in getattr(t, "id", "").lower()
                                                        for t in node.targets):
                    literal = any(isinstance(n, (ast.List, ast.Tuple)) for n in ast.walk(node.value))
                    if literal:
                        offenders.append(f"{stem} cell {cid}: {ast.unparse(node)[:80]}")
            if SOBEL_ROWS.search(src):
                offenders.append(f"{stem} cell {cid}: a literal Sobel row")
    for path in sorted((course.ROOT / "cnnlib").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        hits = len(SOBEL_ROWS.findall(text))
        if hits > (2 if path.name == "images.py" else 0):   # sobel_x(): its docstring and its array
            offenders.append(f"cnnlib/{path.name}: {hits} literal Sobel rows")
    assert not offenders, "define Sobel kernels once, in cnnlib.images:\n" + "\n".join(offenders)


def test_notebooks_02_and_03_import_the_kernel():
    for stem in ("02_conv_layer", NB03):
        sources = "\n".join(src for _, src in _code(stem))
        assert "images.sobel_x()" in sources, f"{stem} should use cnnlib.images.sobel_x()"


def _notebook_03_helpers() -> dict:
    """03's own conv_forward and output_size (from its setup and PyTorch reference cells), and its sobel_x."""
    scope = {"np": np, "torch": torch, "TF": torch.nn.functional}
    for src in (src for _, src in _code(NB03) if "def conv_forward" in src or "def output_size" in src):
        tree = ast.parse(src)
        defs = ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef)], type_ignores=[])
        exec(compile(defs, "03-setup", "exec"), scope)  # noqa: S102 - our own notebook's helpers
    look = next(src for _, src in _code(NB03) if "w_edges = " in src)
    assign = next(n for n in ast.parse(look).body if isinstance(n, ast.Assign)
                  and getattr(n.targets[0], "id", "") == "sobel_x")
    scope["sobel_x"] = eval(compile(ast.Expression(assign.value), "03", "eval"),  # noqa: S307
                            {"images": images, "np": np})
    return scope


def test_notebook_03s_polarity_statement_holds_for_its_kernel():
    """03 says: after sobel_x, ReLU keeps the dark-to-bright edges (darker on the left,
    brighter on the right) and zeroes the bright-to-dark ones. Check it on two step edges,
    with 03's own conv_forward (a cross-correlation, pad 1, as in the notebook)."""
    text = "\n".join(course.source(c) for c in _cells(NB03) if c["cell_type"] == "markdown")
    assert "ReLU keeps the dark-to-bright edges (darker on the left, brighter on the right" in text
    h = _notebook_03_helpers()
    np.testing.assert_array_equal(h["sobel_x"], images.sobel_x())
    w = h["sobel_x"][None, None]
    dark_to_bright = np.zeros((1, 1, 6, 10))
    dark_to_bright[..., 5:] = 1.0                    # dark on the left, bright on the right
    bright_to_dark = 1.0 - dark_to_bright
    inner = (slice(None), slice(None), slice(1, -1), slice(1, -1))   # away from the zero padding
    kept = np.maximum(h["conv_forward"](dark_to_bright, w, np.zeros(1), 1, 1), 0)[inner]
    dropped = np.maximum(h["conv_forward"](bright_to_dark, w, np.zeros(1), 1, 1), 0)[inner]
    assert kept.max() == 4.0 and np.array_equal(np.flatnonzero(kept[0, 0, 0]), [3, 4])
    assert dropped.max() == 0.0, "ReLU after sobel_x must zero the bright-to-dark edge"
    # and the opposite-sign kernel that 02 and 03 used to define would have kept the wrong one
    wrong = np.maximum(h["conv_forward"](dark_to_bright, -w, np.zeros(1), 1, 1), 0)[inner]
    assert wrong.max() == 0.0
