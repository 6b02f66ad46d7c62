"""tools/gpu_check.py: the prepared GPU check of notebook 08, rehearsed on this CPU.

The rehearsal runs every step of the real check shrunk (notebook 08 through nbclient in a
real kernel, AlexNet's three throughput paths, LeNet-5 from notebook 07) and writes its
sections into a temporary RESULTS file, never benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from benchmarks.__main__ import RESULTS, read_sections
from tests import course
from tools import gpu_check

SECTIONS = {"gpu_notebook08", "gpu_alexnet", "gpu_lenet"}


@pytest.mark.slow
def test_rehearsal_writes_every_section_to_the_file_it_is_given(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n<!-- bench:conv -->\nkept\n<!-- /bench:conv -->\n",
                       encoding="utf-8")
    real_before = RESULTS.read_bytes()
    proc = subprocess.run([sys.executable, "tools/gpu_check.py", "--rehearse", "--results", str(results),
                           "--executed", str(tmp_path / "08.ipynb")],
                          capture_output=True, text=True, timeout=600, cwd=course.ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert RESULTS.read_bytes() == real_before, "a rehearsal must not touch benchmarks/RESULTS.md"
    sections = read_sections(results)
    assert set(sections) == SECTIONS | {"conv"} and sections["conv"] == "kept\n"
    for name in SECTIONS:
        assert "rehearsal on a CPU, not a GPU measurement" in sections[name]
        assert re.search(r"Date: \d{4}-\d\d-\d\d \d\d:\d\d UTC", sections[name])
        assert "FAILED" not in sections[name]
    nb = sections["gpu_notebook08"]
    assert "every cell ran without an error" in nb and "test accuracy" in nb and "images/s" in nb
    al = sections["gpu_alexnet"]
    for row in ("plain float32 eager loop", "notebook `train_step`", "torch.compile"):
        assert re.search(re.escape(row) + r".*\| [\d.]+ \| [\d.]+ \| [\d.]+x \|", al), row
    assert "convnet-benchmarks" in al and "Krizhevsky" in al
    assert "LeNet5" in sections["gpu_lenet"] and "epoch(s)" in sections["gpu_lenet"]
    assert (tmp_path / "08.ipynb").exists()


def test_without_cuda_and_without_rehearse_it_refuses(capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the real check would run")
    assert gpu_check.main([]) == 2
    assert "--rehearse" in capsys.readouterr().err


def test_gpu_header_names_the_gpu_driver_and_versions():
    facts = {"cuda": True, "gpu": "NVIDIA H200", "driver": "570.1", "torch": "2.13.0+cu128",
             "cuda_version": "12.8", "cudnn": 91000, "python": "3.11.7", "date": "2026-12-03 10:00 UTC"}
    text = gpu_check.header(facts, "make gpu-check", 12.0)
    for part in ("NVIDIA H200", "driver 570.1", "PyTorch 2.13.0+cu128", "CUDA 12.8", "2026-12-03 10:00 UTC"):
        assert part in text
    assert "rehearsal" not in text


def _fake_measure(compiled: bool):
    r = {"device": "NVIDIA H200", "cuda": True, "batch": 128, "warmup": 10, "repeats": 7,
         "steps_per_repeat": 10, "threads": 16, "plain": 0.4, "notebook": 0.1, "plain_loss": 6.9,
         "notebook_loss": 6.9, "compile_backend": "inductor"}
    if compiled:
        r.update(compiled=0.08, compiled_loss=6.9, compile_first_step=40.1)
    else:
        r["compile_error"] = "BackendCompilerFailed: no C compiler"
    return lambda **kwargs: r


def test_alexnet_section_gives_the_verdict_and_survives_a_failed_compile(monkeypatch):
    from benchmarks import bench_alexnet

    monkeypatch.setattr(bench_alexnet, "measure", _fake_measure(True))
    text = gpu_check.alexnet_section(rehearse=False)
    assert "**met** (4.00x)" in text and "| 1600.0 | 5.00x |" in text
    assert "pays after about 2000 steps" in text  # (40.1 - 0.1) / (0.1 - 0.08)
    monkeypatch.setattr(bench_alexnet, "measure", _fake_measure(False))
    text = gpu_check.alexnet_section(rehearse=False)
    assert "**met** (4.00x)" in text and "no C compiler" in text and "torch.compile(model" not in text
