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

__all__ = ["book_mode", "budget", "grading_mode", "__version__"]

# CNN_COURSE_FAST's values: "1" (or true/yes/on) is fast mode, "book" the book's edition
FAST_VALUES = {"1", "true", "yes", "on"}
BOOK_VALUE = "book"


def _fast_setting() -> str:
    return os.environ.get("CNN_COURSE_FAST", "").strip().lower()


def grading_mode() -> bool:
    """True while a grader runs the notebook, or when CNN_COURSE_FAST=1 (or =book).

    nbgrader sets NBGRADER_EXECUTION while it executes a submission. Training
    cells check this and shrink to a few seconds on a CPU. ``CNN_COURSE_FAST=book``
    (the book's edition, :func:`book_mode`) is fast mode too, except for the training
    sizes that a notebook picks with :func:`budget`.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    return _fast_setting() in FAST_VALUES | {BOOK_VALUE}


def book_mode() -> bool:
    """True when CNN_COURSE_FAST=book and no grader runs the notebook (NBGRADER_EXECUTION unset).

    ``make book`` (book/build.py) runs the notebooks this way: fast mode (offline data, small
    pictures, no progress bars), but each training run long enough that its network visibly
    learns, so that the book's figures show what the prose describes. A grader never runs
    in book mode: NBGRADER_EXECUTION wins.
    """
    return not os.environ.get("NBGRADER_EXECUTION") and _fast_setting() == BOOK_VALUE


_FAST = object()   # budget()'s default for book: the fast size


def budget(fast, full, book=_FAST):
    """The size of a training run (epochs, steps, images...) for the mode the notebook runs in.

    Returns ``full`` in a learner's full run, ``fast`` while graded or with CNN_COURSE_FAST=1
    (seconds on a CPU), and ``book`` when the book builds (CNN_COURSE_FAST=book,
    :func:`book_mode`): a size between the two, enough for the network to learn (``fast``
    when no ``book`` is given). Any values: ``budget(fast=(512, 256), book=(None, None), full=(None, None))``.
    """
    if book_mode():
        return fast if book is _FAST else book
    return fast if grading_mode() else full
