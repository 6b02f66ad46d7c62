"""Errata of issue 23, each held to its source: the papers' own tables (transcribed here where a
number is computed from them), the course's code, or the section a sentence cites.

Sources: Szegedy et al., "Going deeper with convolutions" (CVPR 2015), Table 1 (the layers and
their parameters), Table 2 (ILSVRC-2014 results), Table 3 (the breakdown by models and crops);
Krizhevsky et al. 2012, section 6 and Table 2 (15.3 % with extra data, 16.4 % without);
LeCun et al. 1998, section II.B (seven layers, all trainable) and section III, Figure 9 (0.95 %);
He et al. 2016, Table 4 (single models) and section 3.4 (the 3.57 % ensemble); Huang et al.,
arXiv:1608.06993 (August 2016); Goodfellow, Bengio and Courville 2016, §9.2 (equivariance) and
§9.5 (valid, same, full); Ioffe and Szegedy 2015 and Santurkar et al. 2018 (internal covariate
shift a hypothesis); Zeiler and Fergus 2014, section 4.1 and figure 6.
"""

from __future__ import annotations

import re

import torch.nn as nn

from tests import course

# Table 1 of Szegedy et al. (2015), the "params" column in thousands, top to bottom:
# conv1, conv2 (with its 1x1 reduction), inception 3a, 3b, 4a, 4b, 4c, 4d, 4e, 5a, 5b, linear.
GOOGLENET_TABLE_1_PARAMS_K = [2.7, 112, 159, 380, 364, 437, 463, 580, 840, 1072, 1388, 1000]


def markdown(stem: str) -> str:
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    return "\n".join(course.source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def row(stem: str, network: str) -> str:
    return next(line for line in markdown(stem).splitlines() if line.startswith(f"| {network} "))


def test_googlenet_row_gives_the_sum_of_its_table_1_and_cites_tables_2_and_3():
    total = sum(GOOGLENET_TABLE_1_PARAMS_K) * 1e3
    said = re.search(r"about ([\d.]+) million", row("10_modern_cnns", "GoogLeNet"))
    assert said and round(total / 1e6, 1) == float(said.group(1)), (total, said)
    text = markdown("10_modern_cnns")
    assert "Table 2 (the result) and Table 3" in text and "Table 4 of [7]" not in text


def test_densenet_year_follows_the_tables_own_rule():
    """'Year is the year the network was first presented': the arXiv id's year."""
    text = markdown("10_modern_cnns")
    arxiv = re.search(r"arXiv:(\d\d)\d\d\.06993", text)
    assert arxiv, "the DenseNet reference gives its arXiv id"
    assert row("10_modern_cnns", "DenseNet").split("|")[2].strip() == f"20{arxiv.group(1)}"


def test_alexnet_results_cite_section_6_and_say_what_the_extra_data_did():
    text = markdown("10_modern_cnns")
    assert "AlexNet, the\nabstract, section 6 and Table 2 of [2]" in text
    alexnet = row("10_modern_cnns", "AlexNet")
    assert "15.3 %" in alexnet and "16.4 %" in alexnet and "extra data" in alexnet
    assert "16.4%" in markdown("08_alexnet_gpu")


def test_lenet_depth_is_the_1998_networks_and_the_modern_one_is_counted_from_the_code():
    ns: dict = {"nn": nn, "F": nn.functional}
    exec("import torch\nimport torch.nn.functional as F\n" + course.strip_markers(course.source(
        course.solution_cells(course.load(course.SOLUTIONS / "07_lenet.ipynb"))["LeNet5"])), ns)
    modern = sum(1 for m in ns["LeNet5"]().modules() if isinstance(m, (nn.Conv2d, nn.Linear)))
    lenet = row("10_modern_cnns", "LeNet-5")
    assert lenet.split("|")[3].strip().startswith("7 ") and f"notebook 07 has {modern}" in lenet
    assert "section III with Figure 9 (0.95 % test error)" in markdown("10_modern_cnns")
    assert "Table/Figure" not in markdown("10_modern_cnns")


def test_resnet_row_does_not_pass_an_ensembles_error_off_as_resnet_34s():
    resnet = row("10_modern_cnns", "ResNet")
    assert "ResNet-34" in resnet and "ensemble" in resnet and "not the ResNet-34" in resnet


def test_internal_covariate_shift_is_taught_as_a_hypothesis():
    text = markdown("10_modern_cnns")
    at = text.index("*internal covariate shift*")
    assert "hypothesis" in text[at - 200:at] and "Santurkar et al. [14]" in text
    assert "How does batch normalization help" in text


def test_08_reports_what_zeiler_and_fergus_found_and_no_unsupported_test_set():
    text = markdown("08_alexnet_gpu")
    assert "dead or noisy" not in text and "aliasing" in text and "figure 6" in text
    assert "50,000 ImageNet validation images" not in text


def test_padding_names_cite_goodfellow_9_5():
    text = markdown("02_conv_layer")
    assert "§9.5, who\ncall the three cases valid, same and full" in text and "§9.4" not in text


def test_the_sources_terms_are_taught():
    assert "translation **equivariant**" in markdown("03_relu_and_pooling")
    assert "**depth column**" in markdown("02_conv_layer")
    assert "from 0 to 255" in markdown("01_images_and_kernels")
