"""One grade everywhere: notebook 08's test cells score a submission the same with and without CUDA.

Two proofs, both on this CPU-only machine:

1. static: no graded cell of any notebook branches on the grader's hardware (an ``if``,
   ``while`` or conditional expression that asks ``torch.cuda.is_available()``,
   ``device_count()``, ``is_bf16_supported()``, the device's name or capability, or
   ``choose_device()``), and none reads the notebook's hardware-dependent ``device``;
2. dynamic: the train_step test cells (visible and hidden) are executed for the solution
   and for every train_step mistake in tests/mistakes/nb08.py, in two processes: one
   where ``torch.cuda.is_available()`` is forced to return True, one where it returns
   False. The cells passed and the points earned must be the same in both, the solution
   must pass every cell, and each mistake must fail every cell it lists.

A test cell here is run the way nbgrader counts it: it passes when it raises nothing.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests import course
from tests.mistakes import nb08

STEM = "08_alexnet_gpu"
PROBES = {"is_available", "device_count", "is_bf16_supported", "get_device_name",
          "get_device_capability", "choose_device", "current_device"}


def _branch_probes(src: str) -> list[str]:
    """Hardware probes used in the test of an if, while or conditional expression."""
    tree = ast.parse(course._python(src))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.If, ast.IfExp, ast.While)):
            for sub in ast.walk(node.test):
                name = (sub.attr if isinstance(sub, ast.Attribute)
                        else sub.id if isinstance(sub, ast.Name) else None)
                if name in PROBES:
                    found.append(f"line {node.lineno}: {name}")
    return found


@pytest.mark.parametrize("stem", course.stems())
def test_no_graded_cell_branches_on_the_graders_hardware(stem):
    nb = course.load(course.SOLUTIONS / f"{stem}.ipynb")
    for cell in nb["cells"]:
        meta = course.nbgrader_meta(cell)
        if not meta.get("grade"):
            continue
        src = course.source(cell)
        assert not _branch_probes(src), (f"{stem}:{meta['grade_id']} branches on the grader's "
                                         f"hardware: {_branch_probes(src)}")
        assert "device" not in course._names(src)[1], (
            f"{stem}:{meta['grade_id']} reads the notebook's `device`, which differs between graders")


def test_the_probe_finds_a_hardware_branch():
    """The static check is not vacuous: the CUDA-only block this notebook used to have is caught."""
    src = "if torch.cuda.is_available():\n    x = 1\ny = 2 if torch.cuda.device_count() else 3\n"
    assert [p.split(": ")[1] for p in _branch_probes(src)] == ["is_available", "device_count"]
    assert not _branch_probes("torch.cuda.is_available = lambda: True\n")


def train_step_cells(nb: dict) -> tuple[str, list[tuple[str, float, str]]]:
    """(the setup cell's source, [(grade_id, points, source)] of the train_step test cells)."""
    setup = next(course.source(c) for c in nb["cells"]
                 if c["cell_type"] == "code" and not course.nbgrader_meta(c))
    tests = [(course.nbgrader_meta(c)["grade_id"], float(course.nbgrader_meta(c)["points"]),
              course.source(c)) for c in nb["cells"]
             if course.nbgrader_meta(c).get("grade_id", "").startswith("test_train_step")]
    return setup, tests


def score_all(cuda_visible: bool) -> dict[str, dict[str, bool]]:
    """{variant: {test grade_id: passed}} with torch.cuda.is_available() forced to ``cuda_visible``.

    Runs in its own process (see _run): the setup cell runs once with the real answer (it
    prints the device), then the flag is forced for the solution and the test cells.
    """
    import contextlib
    import io

    import torch

    nb = course.load(course.SOLUTIONS / f"{STEM}.ipynb")
    setup, tests = train_step_cells(nb)
    solution = course.strip_markers(course.source(course.solution_cells(nb)["train_step"]))
    variants = {"solution": solution, **{m.name: m.source for m in nb08.MISTAKES if m.cell == "train_step"}}
    results = {}
    base = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(course._python(setup), "setup", "exec"), base)
    for name, src in variants.items():
        ns = dict(base)
        torch.cuda.is_available = lambda: cuda_visible  # noqa: E731 - the grader's hardware, forced
        exec(compile(src, "train_step", "exec"), ns)
        results[name] = {}
        for gid, _points, test_src in tests:
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(course._python(test_src), gid, "exec"), ns)
                results[name][gid] = True
            except Exception:  # noqa: BLE001 - nbgrader counts any error as a failed cell
                results[name][gid] = False
    return results


def _run(cuda_visible: bool) -> dict[str, dict[str, bool]]:
    code = ("import json, sys; from tests.test_grade_hardware import score_all; "
            "print(json.dumps(score_all(sys.argv[1] == '1')))")
    proc = subprocess.run([sys.executable, "-c", code, "1" if cuda_visible else "0"],
                          capture_output=True, text=True, timeout=600, cwd=course.ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def both():
    return _run(True), _run(False)


def test_scores_are_the_same_with_and_without_cuda(both):
    with_cuda, without = both
    nb = course.load(course.SOLUTIONS / f"{STEM}.ipynb")
    points = {gid: pts for gid, pts, _ in train_step_cells(nb)[1]}
    assert set(with_cuda) == set(without) and len(with_cuda) > 10
    for variant in with_cuda:
        assert with_cuda[variant] == without[variant], f"{variant}: {with_cuda[variant]} vs {without[variant]}"
        scores = [sum(points[g] for g, ok in mode[variant].items() if ok) for mode in both]
        assert scores[0] == scores[1], f"{variant} scores {scores[0]} with CUDA, {scores[1]} without"


def test_solution_passes_and_each_mistake_fails_its_cells_in_both_modes(both):
    for mode in both:
        assert all(mode["solution"].values()), mode["solution"]
        for m in nb08.MISTAKES:
            if m.cell == "train_step":
                kept = [c for c in m.loses if mode[m.name][c]]
                assert not kept, f"{m.name} passes {kept}"
