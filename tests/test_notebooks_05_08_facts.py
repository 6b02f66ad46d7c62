"""Facts that notebooks 05-08 state in prose, checked against the code they describe.

A number written in a markdown cell cannot drift from the model it describes
without a test failing here: AlexNet's parameter shares (08) and torchvision's
widths, LeNet-5's name (07), the kernel that 05's demonstration learns, and the
"Check your understanding" section every one of these notebooks ends with.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn as nn

from tests import course

LATE = ["05_backprop", "06_numpy_cnn", "07_lenet", "08_alexnet_gpu"]


def markdown(stem: str) -> str:
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    return "\n".join(course.source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def cell(stem: str, cell_id: str) -> str:
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    return next(course.source(c) for c in nb["cells"] if c.get("id") == cell_id)


def solution_namespace(stem: str, grade_ids: list[str], ns: dict) -> dict:
    cells = course.solution_cells(course.load(course.SOLUTIONS / f"{stem}.ipynb"))
    for gid in grade_ids:
        exec(course.strip_markers(course.source(cells[gid])), ns)
    return ns


def _share(n: float) -> str:
    return f"{round(100 * n)}%"


def test_08_quotes_the_parameter_shares_of_its_own_alexnet():
    from collections import OrderedDict

    ns = solution_namespace("08_alexnet_gpu", ["AlexNet"], {"nn": nn, "torch": torch, "OrderedDict": OrderedDict})
    with torch.device("meta"):
        net = ns["AlexNet"](num_classes=1000)
    total = sum(p.numel() for p in net.parameters())
    fc6, fc7, fc8 = (sum(p.numel() for p in m.parameters()) for m in net.modules() if isinstance(m, nn.Linear))
    two, three = (fc6 + fc7) / total, (fc6 + fc7 + fc8) / total
    assert (_share(two), _share(three), _share(fc6 / total)) == ("87%", "94%", "61%")
    text = markdown("08_alexnet_gpu")
    assert f"hold\n  about {_share(two)} of the parameters (all three fully connected layers hold {_share(three)}" in text
    assert f"fc6 and fc7, the two big ones that\ndropout protects, hold about {_share(two)}, and fc6 alone holds {_share(fc6 / total)}" in text
    assert "big fully connected layers; they hold 94%" not in text      # the erratum of issue 10


def test_08_states_torchvisions_widths_and_their_parameter_count():
    """torchvision.models.alexnet's layout (Krizhevsky 2014), built here from the widths 08 names."""
    widths, kernels = (64, 192, 384, 256, 256), (11, 5, 3, 3, 3)
    chans = (3, *widths)
    convs = sum(k * k * chans[i] * chans[i + 1] + chans[i + 1] for i, k in enumerate(kernels))
    fcs = 9216 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000
    assert convs + fcs == 61_100_840
    text = markdown("08_alexnet_gpu")
    assert "Its convolutions have 64, 192,\n384, 256 and 256 filters" in text
    assert "61,100,840 parameters" in text and "not the same network" in text


def test_07_explains_the_5_as_a_version_number():
    text = markdown("07_lenet")
    assert "5 in its name is a version number" in text
    assert "name counts the layers" not in text


def test_06_does_not_blame_the_small_gap_on_too_few_parameters():
    text = markdown("06_numpy_cnn")
    assert "parameters are too few to\n  memorise thousands of digits, so what" not in text   # the old erratum
    assert "That is **not** because 11,274\n  parameters are too few" in text
    assert "because training was **short**" in text


def test_05_demonstration_learns_sobel_x_with_the_solutions_backward_pass():
    from cnnlib import images, viz  # noqa: F401  (the cell imports them too)

    nb = course.load(course.SOLUTIONS / "05_backprop.ipynb")
    ns: dict = {}
    for cid in ("setup", "reference_torch"):  # the setup, and the PyTorch forward passes split from it
        setup = next(course.source(c) for c in nb["cells"] if c.get("id") == cid)
        exec(setup.replace("plt.switch_backend", "(lambda *a: None)"), ns)
    solution_namespace("05_backprop", ["conv_backward_naive"], ns)
    import matplotlib

    matplotlib.use("Agg")
    ns["plt"].show = lambda: None
    exec(cell("05_backprop", "ed2-05-learn-sobel"), ns)
    sobel_x = images.PRESET_KERNELS["sobel_x"]
    if ns["n_steps"] < 150:      # CNN_COURSE_FAST shortens the loop; the claim is about the full run
        pytest.skip("the demonstration ran in its short grading form")
    np.testing.assert_allclose(ns["w_learn"][0, 0], sobel_x, atol=1e-3)    # "to three decimals"
    assert abs(ns["b_learn"][0]) < 1e-3
    assert ns["losses"][-1] < 1e-4 * ns["losses"][0]


@pytest.mark.parametrize("stem", LATE)
def test_notebook_ends_with_questions_whose_answers_are_folded_away(stem):
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    # the questions come last but for the two "Score this notebook" cells (tests/test_notebooks.py)
    cells = nb["cells"][:-2] if course.source(nb["cells"][-2]).startswith("## Score this notebook") else nb["cells"]
    last = course.source(cells[-1])
    assert cells[-1]["cell_type"] == "markdown" and last.startswith("## Check your understanding")
    questions = re.findall(r"^\d+\. ", last, flags=re.M)
    opened = re.findall(r"<details><summary>Answer</summary>", last)
    assert 5 <= len(questions) <= 10 and len(opened) == len(questions) == last.count("</details>")
