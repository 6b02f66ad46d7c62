"""What the prose says a run of the course reaches, held against what a page of the book shows.

``make book`` runs the notebooks in the book's mode (``CNN_COURSE_FAST=book``): fast mode, with
training runs sized by ``cnnlib.budget`` between the grader's seconds and a full run, so that
every network visibly learns but may fall short of what the prose says a full run reaches
("reaches about 96 %"). (The tests' cheaper build runs in the grader's fast mode,
``CNN_COURSE_FAST=1``, where the networks barely train.) The book does not hide either number:

- every page whose notebook shrinks opens with a note (:data:`PAGE_NOTES`, one per mode);
- each :class:`Claim` below names a number the prose states about the course's own runs, the
  code cell whose output shows it, and how to read the shown number; where the two disagree
  (:meth:`Claim.agrees` is false), :func:`notes` puts a note under that cell saying what the
  text says and what the short run shows. A claim that only a figure shows (``patterns=()``)
  always gets the note in fast mode (the figure is the short run's), and in the book's mode
  unless the book's run bears it out (``book_shows``);
- :data:`LEARNS` holds, for each training page, a floor that the book's run must reach (a
  network at chance would contradict every figure of its page): :func:`too_low` names the
  pages below their floor, and ``make book`` stops there.

``tests/test_course_book.py`` finds every sentence of the notebooks' prose that states a
percentage about a run (:func:`run_sentences`) and requires a :class:`Claim` or an entry of
:data:`NOT_SHOWN` for it, so a new number in the prose cannot go unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

NUMBER = r"(-?\d+(?:\.\d+)?)"
# what a notebook's code does with fast mode only to draw no figure while graded, and the name
# it gives fast mode: neither shrinks anything (book/stills.py keeps the figures)
BACKEND_ONLY = re.compile(r"if [^\n]*:[^\n]*\n\s+plt\.switch_backend\([^)]*\)")
FAST_NAME = re.compile(r"^\s*(\w+)\s*=\s*(?:cnnlib\.)?grading_mode\(\)", re.M)


@dataclass(frozen=True)
class Claim:
    """A number the prose states and the cell whose output shows it.

    stem: the notebook; cell: the id of the code cell that prints (or draws) it; prose: words of
    the notebook's markdown, exactly as written, that state it (one fragment per place); says: the claim in a
    few words, for the note; patterns: regular expressions, each with one group, read in order
    from the cell's text outputs (one number each); holds: whether the numbers read agree with
    the prose (None for a claim only a figure shows); labels: what each number is, for the note
    (one per pattern, or none); book_shows: a figure-only claim that the book's run bears out
    (its figure was looked at, at the book's budget), so the book's page needs no note.
    """

    stem: str
    cell: str
    prose: tuple[str, ...]
    says: str
    patterns: tuple[str, ...] = ()
    holds: Callable[..., bool] | None = None
    labels: tuple[str, ...] = ()
    book_shows: bool = False

    def shown(self, text: str) -> list[float] | None:
        """The numbers this claim reads from ``text`` (a cell's outputs), or None if one is missing."""
        values = []
        for pattern in self.patterns:
            m = re.search(pattern, text)
            if not m:
                return None
            values.append(float(m.group(1)))
        return values

    def agrees(self, text: str) -> bool:
        """Do the numbers ``text`` shows agree with the prose? False when they are not there."""
        values = self.shown(text)
        return bool(self.holds is not None and values is not None and self.holds(*values))


def near(target: float, within: float) -> Callable[[float], bool]:
    return lambda value: abs(value - target) <= within


CLAIMS = (
    Claim("06_numpy_cnn", "code-28",
          ("reach about 96 % test accuracy", "reaches about 96 % on the 1,000 embedded test digits"),
          "about 96 % test accuracy after 2 epochs",
          (r"test accuracy on all [\d,]+ test images: " + NUMBER + "%",), near(96, 2)),
    Claim("07_lenet", "code-23", ("at least 97.5 % test accuracy in under a minute", "takes LeNet-5 past 97.5 %"),
          "at least 97.5 % test accuracy after a minute of training",
          (r"test accuracy with the weights of epoch \d+: " + NUMBER + "%",), lambda a: a >= 97.5),
    Claim("08_alexnet_gpu", "cell-31",
          ("it reaches about 97% test accuracy on the digits in that time", "gets to about 97% on the fallback digits"),
          "about 97 % test accuracy on the digits in 90 seconds of training on an idle CPU",
          (r"test accuracy " + NUMBER + "%",), near(97, 2)),
    Claim("10_modern_cnns", "code-36", ("the small ResNet makes fewer mistakes on the test\nset than LeNet-5",),
          "the small ResNet makes fewer mistakes on the test set than LeNet-5",
          (r"LeNet-5: .*test " + NUMBER + "%", r"small ResNet: .*test " + NUMBER + "%"),
          lambda lenet, resnet: resnet > lenet),
    Claim("11_cnns_in_practice", "code-16", ("the head alone stays near 70 %",),
          "the frozen features stay near 70 %; 66 %, 83 % and 53 % with 5 labels per class"),
    Claim("11_cnns_in_practice", "code-25", ("68 % without augmentation, 95 % with shifts",),
          "68 % without augmentation, 95 % with shifts, 87 % with mirror images",
          (r"no augmentation: " + NUMBER + "%", r"shifts up to 2 pixels: " + NUMBER + "%",
           r"random_crop_flip \(shifts \+ mirror\): " + NUMBER + "%"),
          lambda plain, shifts, mirror: near(68, 5)(plain) and near(95, 5)(shifts) and near(87, 5)(mirror)),
    Claim("11_cnns_in_practice", "code-38",
          ("falls to about 78 % at\nε = 0.1 and to about 25 % at ε = 0.3", "down to under 80 %"),
          "98 % correct without an attack, about 78 % at ε = 0.1 and 25 % at ε = 0.3 after FGSM; "
          "random signs 98 % up to ε = 0.1 and 75 % at 0.3",
          (r"eps 0\.00: " + NUMBER + "% correct", r"eps 0\.10: " + NUMBER + "% correct",
           r"eps 0\.30: " + NUMBER + "% correct", r"eps 0\.10: .*, " + NUMBER + "% after random",
           r"eps 0\.30: .*, " + NUMBER + "% after random"),
          lambda clean, a1, a3, r1, r3: (near(98, 2)(clean) and near(78, 5)(a1) and a1 < 80 and near(25, 5)(a3)
                                         and near(98, 2)(r1) and near(75, 5)(r3)),
          ("without an attack", "at ε = 0.1 after FGSM", "at ε = 0.3 after FGSM",
           "at ε = 0.1 after random signs", "at ε = 0.3 after random signs")),
    Claim("12_beyond_plain_convolution", "code-07", ("after the same three epochs it is less\naccurate",),
          "after three epochs the MobileNet-style network is less accurate than the standard one",
          (r"standard \(conv_bn_relu\)\s+" + NUMBER + "%", r"MobileNet-style \(depthwise_separable\)\s+" + NUMBER + "%"),
          lambda standard, mobile: mobile < standard),
    # what only a figure shows: a note in fast mode; in the book's mode unless book_shows
    Claim("06_numpy_cnn", "code-30", ("several look like **stroke and edge\ndetectors**",),
          "after training, several first-layer filters look like stroke and edge detectors", book_shows=True),
    Claim("07_lenet", "code-22", ("The first epoch already gets most digits right",),
          "the first epoch already gets most digits right, and the loss keeps falling", book_shows=True),
    Claim("07_lenet", "code-25", ("Typical confusions are 4 ↔ 9, 3 ↔ 5 and 7 ↔ 2",),
          "typical confusions are 4 ↔ 9, 3 ↔ 5 and 7 ↔ 2"),   # the book's run makes too few mistakes to tell
    Claim("07_lenet", "code-28", ("most look like oriented edge and stroke detectors",),
          "most filters of conv1 look like oriented edge and stroke detectors", book_shows=True),
    Claim("10_modern_cnns", "code-34", ("in our runs it is ahead early on and level after 200 steps",),
          "the deep plain network learns more slowly than the shallow one, and the residual one keeps up "
          "(ahead early on, level after 200 steps)", book_shows=True),
    Claim("11_cnns_in_practice", "code-31", ("Grad-CAM is smooth and lies on the strokes that decide the class",),
          "Grad-CAM is smooth and lies on the strokes that decide the class"),   # the book's maps are blobs
)


@dataclass(frozen=True)
class Floor:
    """The least a training page's network must reach in the book's run (CNN_COURSE_FAST=book).

    stem, cell: the notebook and the code cell that prints the number; pattern: a regular
    expression with one group read from that cell's text outputs; minimum: in ``unit``: a
    percentage well above chance (10 % for ten digits) and a little below what the book's budget
    reached when it was set (book/README.md records those numbers), or the number of points a
    curve of the page must have at least (epochs, steps); what: the number, for the message.
    """

    stem: str
    cell: str
    pattern: str
    minimum: float
    what: str
    unit: str = "%"


LEARNS = (
    Floor("06_numpy_cnn", "code-28", r"test accuracy on all [\d,]+ test images: " + NUMBER + "%", 85,
          "SimpleConvNet's test accuracy"),
    Floor("07_lenet", "code-23", r"test accuracy with the weights of epoch \d+: " + NUMBER + "%", 93,
          "LeNet-5's test accuracy"),
    Floor("08_alexnet_gpu", "cell-31", r"test accuracy " + NUMBER + "%", 80, "MiniAlexNet's test accuracy"),
    Floor("10_modern_cnns", "code-36", r"LeNet-5: .*test " + NUMBER + "%", 80, "LeNet-5's test accuracy"),
    Floor("10_modern_cnns", "code-36", r"small ResNet: .*test " + NUMBER + "%", 85, "the small ResNet's test accuracy"),
    Floor("11_cnns_in_practice", "code-25", r"shifts up to 2 pixels: " + NUMBER + "%", 70,
          "the accuracy with shifts"),
    Floor("12_beyond_plain_convolution", "code-07", r"standard \(conv_bn_relu\)\s+" + NUMBER + "%", 85,
          "the standard network's test accuracy"),
    # the curves the prose reads need points: one per epoch (07, 08, 10) or per evaluation (06)
    Floor("06_numpy_cnn", "code-28", r"(\d+) steps \(", 60, "the training steps", " steps"),
    Floor("07_lenet", "code-23", r"EarlyStopping\((\d+) epochs", 3, "the epochs on its curves", " epochs"),
    Floor("08_alexnet_gpu", "cell-31", r"EarlyStopping\((\d+) epochs", 3, "the epochs on its curves", " epochs"),
    Floor("10_modern_cnns", "code-36", r"LeNet-5: .*best epoch \d+ of (\d+)", 3, "LeNet-5's epochs", " epochs"),
)


def too_low(stem: str, page: dict, floors: tuple[Floor, ...] = LEARNS) -> list[str]:
    """One line per floor of ``stem`` that ``page`` (a composed page, outputs included) does not
    reach or does not print; [] when every training cell of the page shows a network that learned."""
    cells = {c.get("id"): c for c in page["cells"]}
    low = []
    for floor in (f for f in floors if f.stem == stem):
        cell = cells.get(floor.cell)
        m = re.search(floor.pattern, text_outputs(cell)) if cell is not None else None
        if m is None:
            low.append(f"{stem}: {floor.cell} does not print {floor.what}")
        elif float(m.group(1)) < floor.minimum:
            low.append(f"{stem}: {floor.what} is {float(m.group(1)):g}{floor.unit}, "
                       f"below the floor of {floor.minimum:g}{floor.unit}")
    return low

# sentences that run_sentences finds which no page shows a number for, and why
NOT_SHOWN = {
    "03_relu_and_pooling": ("reached 25% training error on CIFAR-10",),                  # a paper's result
    "06_numpy_cnn": ("**overfit a tiny batch** to 100 %",),                              # the plan, not a result
    "07_lenet": ("With the full 60,000 MNIST digits, 8 epochs reach",),                  # the book runs offline
    "08_alexnet_gpu": ("reached 25% training error on CIFAR-10", "was **15.3%**"),        # the paper's
    "10_modern_cnns": ("From LeNet to DenseNet",),                                       # a table of papers
    "12_beyond_plain_convolution": ("ConvNeXt-T, reaches 82.1 %",),                      # the paper's
}

RUN_VERB = re.compile(r"\b(reach(es|ed)?|gets? to|past|pass(es)?|falls?|stays?|our runs?|we measured|"
                      r"leaves? it at|beats?|less accurate|fewer mistakes)\b", re.I)

BOOK, FAST = "book", "1"   # the modes (CNN_COURSE_FAST) book/build.py runs the notebooks in
PAGE_NOTES = {
    BOOK: ("```{note}\n**Outputs from a shorter run.** The book ran this notebook with the reference "
           "solutions on a CPU in the book's mode (`CNN_COURSE_FAST=book`): a network trains long "
           "enough to learn, but on fewer images or for fewer epochs than in a full run, timing "
           "cells shrink, and slow loops work on smaller pictures. The accuracies, losses and timings below are those of "
           "that run, the text's numbers those of a full run; where the two disagree, a note under "
           "the cell says so. Run the notebook in JupyterLab (without `CNN_COURSE_FAST`) to see "
           "the full run.\n```\n"),
    FAST: ("```{note}\n**Outputs from a short run.** The book ran this notebook with the reference "
           "solutions in the course's fast mode (`CNN_COURSE_FAST=1`, as the grader does), in which "
           "training and timing cells shrink to seconds on a CPU and slow loops work on smaller "
           "pictures: the accuracies, losses and timings below are those of the short run, "
           "the text's numbers those of a full run. Where the two disagree, a note under the cell "
           "says so. Run the notebook in JupyterLab (without `CNN_COURSE_FAST`) to see the full "
           "run.\n```\n"),
}
PAGE_NOTE = PAGE_NOTES[FAST]


def cell_note(claim: Claim, shown: list[float] | None, mode: str = FAST) -> str:
    """The note a page shows under ``claim.cell`` (so below its output) when that output
    disagrees with the prose; ``mode``: the mode the book ran the notebook in (BOOK or FAST)."""
    run = "the book's shorter run" if mode == BOOK else "the short run"
    if not claim.patterns:
        what = f"the output above comes from {run}"
    elif shown is None:
        what = f"{run} did not print it"
    else:
        numbers = [f"{v:g} %" + (f" {label}" if label else "")
                   for v, label in zip(shown, claim.labels or ("",) * len(shown), strict=True)]
        what = f"{run} shows " + ", ".join(numbers)
    how = ("trained for less than a full run, `CNN_COURSE_FAST=book`" if mode == BOOK
           else "the course's fast mode, training shrunk to seconds")
    title = "Shorter run" if mode == BOOK else "Short run"
    return (f"```{{note}}\n**{title}.** The text says: {claim.says}. The book ran this cell "
            f"({how}): {what}. A full run in JupyterLab reaches the text's numbers.\n```\n")


def shrinks(code: str) -> bool:
    """Does a notebook's code (all cells joined) do less in fast mode than in a full run?

    True where it reads ``grading_mode()`` (or the name it binds to it, ``FAST``) for anything
    but the switch to the "agg" backend, which the book undoes, or sizes a run with ``budget()``.
    """
    if re.search(r"\bbudget\(", code):
        return True
    names = set(FAST_NAME.findall(code))
    rest = FAST_NAME.sub("", BACKEND_ONLY.sub("", code))
    return bool(re.search(r"\bgrading_mode\(\)", rest)
                or any(re.search(rf"\b{re.escape(n)}\b", rest) for n in names))


def run_sentences(markdown: str) -> list[str]:
    """The sentences of ``markdown`` that state a percentage about a run (a verb of RUN_VERB).

    Whitespace is folded to single spaces; the "Check your understanding" section is skipped
    by the caller.
    """
    text = re.sub(r"\s+", " ", markdown)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z*(])", text)
    return [s for s in sentences if re.search(r"\d\s?%", s) and RUN_VERB.search(s)]


def covered(stem: str, sentence: str) -> bool:
    """Is ``sentence`` of notebook ``stem`` a claim's, or listed in NOT_SHOWN?"""
    fold = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    return (any(c.stem == stem and fold(p) in sentence for c in CLAIMS for p in c.prose)
            or any(p in sentence for p in NOT_SHOWN.get(stem, ())))


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def _text(cell: dict) -> str:
    return _joined(cell.get("source", ""))


def text_outputs(cell: dict) -> str:
    """The text of a code cell's outputs (stdout and text/plain), joined: what a claim reads."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(_joined(out.get("text", "")))
        else:
            parts.append(_joined(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def _note_cell(cid: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cid, "metadata": {}, "source": text}


def annotate(stem: str, page: dict, mode: str = FAST) -> tuple[dict, list[str]]:
    """Say on the page where its numbers come from the short run.

    A notebook that shrinks gets ``PAGE_NOTES[mode]`` under its title, and every claim of the
    prose that the page's outputs do not bear out gets a note under the cell that shows it
    (a figure-only claim: always in fast mode, in the book's mode unless ``book_shows``).
    mode: BOOK or FAST, the mode book/build.py ran the notebook in.
    Returns (page, one line per cell note).
    """
    code = "\n".join(_text(c) for c in page["cells"] if c["cell_type"] == "code")
    if not shrinks(code):
        return page, []
    cells = {c.get("id"): c for c in page["cells"]}
    after: dict[str, list[str]] = {}
    said = []
    for claim in CLAIMS:
        cell = cells.get(claim.cell)
        if claim.stem != stem or cell is None or claim.agrees(text_outputs(cell)):
            continue
        if not claim.patterns and claim.book_shows and mode == BOOK:
            continue
        after.setdefault(claim.cell, []).append(cell_note(claim, claim.shown(text_outputs(cell)), mode))
        said.append(f"{claim.cell}: the text says {claim.says}; a note says what the run shows")
    out, title_seen = [], False
    for cell in page["cells"]:
        out.append(cell)
        if not title_seen and cell["cell_type"] == "markdown" and _text(cell).lstrip().startswith("# "):
            out.append(_note_cell("book-short-run", PAGE_NOTES[mode]))
            title_seen = True
        for k, note in enumerate(after.get(cell.get("id"), [])):
            out.append(_note_cell(f"book-note-{cell.get('id')}-{k}", note))
    page = dict(page, cells=out)
    return page, said
