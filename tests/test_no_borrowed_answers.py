"""Notebooks 01-05 never use cnnlib's reference of an exercise they grade.

cnnlib holds tested copies of the layers (for notebook 06 on) and image
filters (for widgets). A notebook that imports the reference of its own
exercise hands the answer to the learner, and its tests compare a learner
with code they could have called; the tests use hard-coded values, PyTorch
in float64 or numeric gradients instead (CONTRIBUTING.md).
"""

from __future__ import annotations

import ast

import pytest

from tests import course

# exercise -> the cnnlib names that implement it
REFERENCES = {
    "convolve2d": {"images.filter_image"},
    "KERNELS": {"images.PRESET_KERNELS", "images.preset_kernels", "images.sobel_x", "images.sobel_y"},
    "conv_output_size": {"layers.output_size"},
    "zero_pad": {"layers._pad"},
    "conv_forward_naive": {"layers.conv_forward", "layers._im2col"},
    "conv_forward_fast": {"layers.conv_forward", "layers._im2col"},
    "relu": {"layers.relu_forward"},
    "max_pool": {"layers.max_pool_forward"},
    "avg_pool": {"layers.avg_pool_forward"},
    "flatten": {"layers.flatten"},
    "affine_forward": {"layers.affine_forward"},
    "softmax": {"layers.softmax"},
    "cross_entropy_loss": {"layers.cross_entropy_loss"},
    "affine_backward": {"layers.affine_backward"},
    "relu_backward": {"layers.relu_backward"},
    "max_pool_backward": {"layers.max_pool_backward"},
    "conv_backward_naive": {"layers.conv_backward", "layers._im2col"},
    "cross_entropy_backward": {"layers.cross_entropy_backward"},
}
EARLY = [s for s in course.stems() if s[:2] in {"01", "02", "03", "04", "05"}]


def used_references(*cells: str) -> set[str]:
    """"module.name" of every cnnlib.images / cnnlib.layers name that cells (one program,
    in order: an import in one cell serves the next) import or read, and "layers.*" for a
    whole-module import of cnnlib.layers."""
    body = []
    for src in cells:
        try:
            body += ast.parse(course._python(src)).body
        except SyntaxError:
            continue
    tree = ast.Module(body=body, type_ignores=[])
    aliases: dict[str, str] = {}
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "cnnlib":
            for a in node.names:
                if a.name in {"layers", "images"}:
                    aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom) and node.module in {"cnnlib.layers", "cnnlib.images"}:
            used |= {f"{node.module.split('.')[1]}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in {"cnnlib.layers", "cnnlib.images"}:
                    aliases[a.asname or a.name] = a.name.split(".")[1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            used.add(f"{aliases[node.value.id]}.{node.attr}")
    if "layers" in aliases.values():
        used.add("layers.*")
    return used


def test_the_scan_sees_the_ways_of_importing():
    assert used_references("from cnnlib import layers as ref\nref.max_pool_backward(d, x)") == {
        "layers.max_pool_backward", "layers.*"}
    assert used_references("from cnnlib.layers import conv_forward, output_size") == {
        "layers.conv_forward", "layers.output_size"}
    assert used_references("from cnnlib import images\nimages.filter_image(a, k)") == {"images.filter_image"}
    assert used_references("from cnnlib import checks, images", "y = images.PRESET_KERNELS") == {
        "images.PRESET_KERNELS"}


@pytest.mark.parametrize("stem", EARLY)
def test_no_notebook_uses_the_reference_of_its_own_exercises(stem):
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    forbidden = {"layers.*"}.union(*(REFERENCES.get(ex, set()) for ex in course.solution_cells(nb)))
    found = used_references(*(course.source(c) for c in nb["cells"] if c["cell_type"] == "code")) & forbidden
    assert not found, f"{stem}: uses cnnlib's reference of an exercise graded here: {sorted(found)}"


@pytest.mark.parametrize("stem", EARLY)
def test_no_early_notebook_imports_cnnlib_layers(stem):
    """01-05 build the layers themselves: no cell imports or reads cnnlib.layers at all
    (helpers they need are their own, written out in a course cell)."""
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    cells = [course.source(c) for c in nb["cells"] if c["cell_type"] == "code"]
    found = {name for name in used_references(*cells) if name.startswith("layers.")}
    assert not found, f"{stem}: uses cnnlib.layers: {sorted(found)}"
    for i, src in enumerate(cells):
        assert "cnnlib.layers" not in src and "import layers" not in src, (
            f"{stem}: code cell {i} names cnnlib.layers")


def test_the_layers_scan_sees_every_import_of_layers():
    assert {n for n in used_references("from cnnlib.layers import relu_forward") if n.startswith("layers.")}
    assert {n for n in used_references("from cnnlib import layers") if n.startswith("layers.")}
    assert {n for n in used_references("import cnnlib.layers as L\nL.softmax(s)") if n.startswith("layers.")}
