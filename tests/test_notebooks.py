"""Notebooks: the contracts of the course design (the README's notebook table), committed clean, notebooks/ in sync with solutions/."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest

from tests import course

# The course design's table (the README's notebook table): notebook -> the names each one asks learners to define.
EXERCISES = {
    "01_images_and_kernels": ["to_grayscale", "KERNELS", "convolve2d"],
    "02_conv_layer": ["conv_output_size", "conv_param_count", "unshared_param_count", "zero_pad",
                      "conv_forward_naive", "conv_forward_fast"],
    "03_relu_and_pooling": ["relu", "max_pool", "avg_pool"],
    "04_fully_connected_and_softmax": ["flatten", "affine_forward", "softmax", "cross_entropy_loss",
                                       "squared_error"],
    "05_backprop": ["affine_backward", "relu_backward", "max_pool_backward", "conv_backward_naive",
                    "cross_entropy_backward"],
    "06_numpy_cnn": ["SimpleConvNet", "sgd_momentum"],
    "07_lenet": ["LeNet5", "train_one_epoch", "evaluate"],
    "08_alexnet_gpu": ["AlexNet", "feature_shapes", "train_step"],
    "09_what_cnns_learn": ["receptive_field", "occlusion_map", "saliency"],
    "10_modern_cnns": ["vgg_block", "batchnorm_forward", "batchnorm_backward", "BasicBlock"],
    "11_cnns_in_practice": ["resnet18", "prepare_transfer", "random_crop_flip", "grad_cam", "fgsm"],
    "12_beyond_plain_convolution": ["conv_output_size_dilated", "conv_transpose_naive", "separable_cost",
                                    "depthwise_separable"],
}
ALLOWED_NB_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"nbgrader", "tags", "editable", "deletable", "jupyter"}


def all_notebooks():
    return sorted([*course.SOLUTIONS.glob("*.ipynb"), *course.NOTEBOOKS.glob("*.ipynb")])


def test_solutions_are_the_notebooks_course_md_names():
    present = set(course.stems())
    unknown = present - set(EXERCISES)
    assert not unknown, f"notebooks that the course design does not name: {sorted(unknown)}"
    assert present, "solutions/ holds no notebooks"


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_committed_clean(path):
    nb = course.load(path)
    assert set(nb["metadata"]) <= ALLOWED_NB_METADATA, f"{path.name}: extra metadata {set(nb['metadata'])}"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"
        extra = set(cell.get("metadata", {})) - ALLOWED_CELL_METADATA
        assert not extra, f"{path.name} cell {i} has metadata {extra}"


@pytest.mark.parametrize("stem", course.stems())
def test_solution_defines_the_exercises_of_course_md(stem):
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    defined: set[str] = set()
    for cell in course.solution_cells(nb).values():
        tree = ast.parse(course.strip_markers(course.source(cell)))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
    missing = set(EXERCISES[stem]) - defined
    assert not missing, f"{stem}: solution cells do not define {sorted(missing)}"


@pytest.mark.parametrize("stem", course.stems())
def test_student_notebook_keeps_no_solution(stem):
    student = course.load(course.NOTEBOOKS / f"{stem}.ipynb")
    solutions = course.solution_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb"))
    for gid, cell in course.solution_cells(student).items():
        text = course.source(cell)
        assert "BEGIN SOLUTION" not in text and "raise NotImplementedError" in text, gid
        assert text != course.strip_markers(course.source(solutions[gid])), gid
    for cell in student["cells"]:
        assert "BEGIN HIDDEN TESTS" not in course.source(cell), f"{stem}: hidden tests leaked"


def test_release_is_up_to_date():
    proc = subprocess.run([sys.executable, "-m", "grader", "release", "--check"],
                          capture_output=True, text=True, cwd=course.ROOT, timeout=600)
    assert proc.returncode == 0, (
        "notebooks/ is out of date with solutions/; run `make release`.\n" + proc.stdout + proc.stderr)


def test_readme_table_lists_every_notebook_with_its_points():
    readme = (course.ROOT / "README.md").read_text(encoding="utf-8")
    for stem in course.stems():
        points = sum(course.graded_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb")).values())
        row = next((line for line in readme.splitlines() if stem in line and line.startswith("|")), None)
        assert row, f"README's notebook table has no row for {stem}"
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert re.fullmatch(r"\d+", cells[-1]) and int(cells[-1]) == points, (
            f"README says {cells[-1]} points for {stem}; the notebook totals {points:g}")


def test_the_notebook_tables_are_written_from_one_source():
    """README.md, solutions/README.md and notebooks/README.md show the table tools/notebook_table.py
    writes from solutions/notebooks.json and the notebooks' points (one copy once lacked 09)."""
    proc = subprocess.run([sys.executable, "tools/notebook_table.py", "--check"],
                          capture_output=True, text=True, cwd=course.ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for doc in ("README.md", "solutions/README.md", "notebooks/README.md"):
        text = (course.ROOT / doc).read_text(encoding="utf-8")
        assert all(f"{stem}" in text for stem in course.stems()), doc


def test_the_table_names_the_exercises_the_solutions_define():
    """Each exercise solutions/notebooks.json names is a name a solution cell of its notebook binds."""
    table = json.loads((course.ROOT / "solutions" / "notebooks.json").read_text(encoding="utf-8"))
    for stem in course.stems():
        bound: set[str] = set()
        for cell in course.solution_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb")).values():
            for node in ast.parse(course.strip_markers(course.source(cell))).body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    bound.add(node.name)
                elif isinstance(node, ast.Assign):
                    bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        assert set(table[stem]["exercises"]) <= bound, (stem, set(table[stem]["exercises"]) - bound)


def _exercise_points(nb: dict, name: str) -> float:
    """Points of the test cells of one exercise: test_<name> and test_<name>_<aspect>."""
    return sum(pts for gid, pts in course.graded_cells(nb).items()
               if gid == f"test_{name}" or gid.startswith(f"test_{name}_"))


@pytest.mark.parametrize("stem", sorted(EXERCISES))
def test_points_stated_in_the_notebook_match_its_test_cells(stem):
    """'Exercise 2: `convolve2d` (9 points)', a points table row '| `relu(x)` | ... | 2 |' and
    'worth **16 points**' agree with the test cells' points, so a rebalance cannot leave a
    stale number in the prose."""
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    total = sum(course.graded_cells(nb).values())
    stale = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in course.source(cell).splitlines():
            said = (re.search(r"worth \*\*(\d+) points\*\*", line)
                    or re.search(r"\*\*total\*\*\s*\|\s*\*\*(\d+)\*\*", line))
            if said and int(said.group(1)) != total:
                stale.append(f"{line.strip()!r}: the notebook totals {total:g}")
            names = [n for n in re.findall(r"`(\w+)", line) if n in EXERCISES[stem]]
            heading = re.match(r"#+ .*\((\d+) points?\)", line)
            row = re.fullmatch(r"\|.*\|\s*(\d+)\s*\|", line.strip())
            if heading and len(names) == 1 or row and names:
                said_points = int((heading or row).group(1))
                if said_points != _exercise_points(nb, names[0]):
                    stale.append(f"{line.strip()[:90]!r}: the tests of {names[0]} total "
                                 f"{_exercise_points(nb, names[0]):g}")
    assert not stale, f"{stem}: points in the prose differ from the test cells:\n" + "\n".join(stale)


@pytest.mark.parametrize("stem", sorted(EXERCISES))
def test_introduction_states_the_points_and_how_to_score(stem):
    """The first markdown cell says what the notebook is worth (the test above holds the number)
    and points to the Score this notebook cell (issue 23)."""
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    intro = next(course.source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"worth \*\*\d+ points\*\*", intro), f"{stem}: the introduction does not state its points"
    assert "**Score this notebook**" in intro, f"{stem}: the introduction does not say how to score it"


PASSED = re.compile(r"checks\.passed\((.*?)\)\s*$", re.MULTILINE)


@pytest.mark.parametrize("stem", sorted(EXERCISES))
def test_every_test_line_shows_the_points_of_its_cell(stem):
    """Each test cell's visible part ends with one checks.passed(..., points=N), N its nbgrader points."""
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    wrong = []
    for cell in nb["cells"]:
        meta = course.nbgrader_meta(cell)
        if not meta.get("grade"):
            continue
        visible = course.source(cell).split("### BEGIN HIDDEN TESTS")[0]
        calls = PASSED.findall(visible)
        said = [re.search(r"points=([0-9.]+)", c) for c in calls]
        if len(calls) != 1 or not said[0] or float(said[0].group(1)) != float(meta["points"]):
            wrong.append(f"{meta['grade_id']} ({meta['points']} points): {calls}")
    assert not wrong, f"{stem}: checks.passed does not show the cell's points:\n" + "\n".join(wrong)


@pytest.mark.parametrize("folder", ["solutions", "notebooks"])
@pytest.mark.parametrize("stem", sorted(EXERCISES))
def test_notebook_ends_with_score_this_notebook(stem, folder):
    """The last two cells: how to score (save first), then a locked, ungraded cell that runs
    `python -m grader check` on this very file through cnnlib.selfcheck."""
    nb = course.load(course.ROOT / folder / f"{stem}.ipynb")
    text, code = nb["cells"][-2], nb["cells"][-1]
    assert text["cell_type"] == "markdown" and course.source(text).startswith("## Score this notebook")
    assert "save" in course.source(text).lower() and "grader check" in course.source(text)
    meta = course.nbgrader_meta(code)
    assert code["cell_type"] == "code" and meta.get("locked") and not meta.get("grade"), meta
    assert f'selfcheck.score("{stem}.ipynb")' in course.source(code)
