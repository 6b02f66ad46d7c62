"""cnnlib: the scaffolding the course's notebooks import.

It holds only what learners are not asked to write: images and data sets
(`images`, `data`), numerical checks for the test cells (`checks`), plots
(`viz`), interactive widgets (`widgets`, whose `CourseWidget` is the idiom of all three;
`conv_widgets` and `sliding_window` for the conv arithmetic and the moving window of
notebooks 01 and 02), the output-size rule of convolutions and pools (`geometry`), the one
training loop with its validation-only stop rule (`training`, and its live figure `liveplot`),
from notebook 06 on a tested, vectorized copy of the layers (`layers`), and for notebook 09 what a trained network
responds to (`features`: Gabor filters, orientation tuning, activations, top
patches), and for notebook 10 deep plain and residual networks (`models`)
and a validation split and loss curves (`experiments`), for notebook 11
ResNet-18's layout with the course's tested `BasicBlock`, torchvision's ImageNet
weights on request and a digits network the course pretrained (`transfer`), and
augmentation and ImageNet preprocessing without torchvision (`augment`), and for
notebook 12 what a network costs (`efficiency`: parameters, multiply-adds, time per image).
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

__all__ = ["grading_mode", "__version__"]


def grading_mode() -> bool:
    """True while a grader runs the notebook, or when CNN_COURSE_FAST=1.

    nbgrader sets NBGRADER_EXECUTION while it executes a submission. Training
    cells check this and shrink to a few seconds on a CPU.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    return os.environ.get("CNN_COURSE_FAST", "").strip().lower() in {"1", "true", "yes", "on"}
