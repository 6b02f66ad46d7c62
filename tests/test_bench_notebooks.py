"""benchmarks/bench_notebooks.py: full mode, per-cell times and progress bars, on a real kernel.

The measurement itself runs every notebook for many minutes (`python -m benchmarks notebooks`
writes benchmarks/RESULTS.md); here one small notebook made by the test runs in a real kernel:
it must run in full mode even when the caller is in fast mode, time its cells, and tell a
silent loop from one with a tqdm bar.
"""

from __future__ import annotations

import nbformat
import pytest

from benchmarks import bench_notebooks as bench


def _notebook(*sources: str) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.from_dict(nb)


@pytest.fixture(scope="module")
def executed():
    """One kernel run: the mode it saw, a silent loop of 1.5 CPU seconds, the same under tqdm.auto, a quick cell."""
    burn = "t = time.process_time()\n    while time.process_time() - t < 0.5:\n        pass"
    nb = _notebook(
        "import cnnlib\nprint('grading mode:', cnnlib.grading_mode())",
        f"import time\nfor _ in range(3):\n    {burn}",
        f"from tqdm.auto import tqdm\nfor _ in tqdm(range(3)):\n    {burn}",
        "x = 1",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNN_COURSE_FAST", "1")        # as a developer's shell may have it
        mp.setenv("NBGRADER_EXECUTION", "autograde")
        out, error = bench.execute(nb)
    return out, error


def test_the_kernel_runs_in_full_mode(executed):
    out, error = executed
    assert error == ""
    text = "".join(bench._text(o.get("text")) for o in out["cells"][0]["outputs"])
    assert "grading mode: False" in text


def test_cells_are_timed_and_a_bar_is_told_from_silence(executed):
    out, _ = executed
    cells = {c.index: c for c in bench.cell_times(out)}
    assert set(cells) == {0, 1, 2, 3}
    # wall time at least the CPU time the cell burnt; CPU time measured in the kernel process
    assert 1.4 < cells[1].seconds and 1.4 < cells[2].seconds
    assert 1.4 < cells[1].cpu < 3 and 1.4 < cells[2].cpu < 3
    assert cells[3].cpu < 0.5
    assert out["metadata"]["bench"]["cpu_s"] > cells[1].cpu + cells[2].cpu
    assert (cells[1].bar, cells[2].bar) == (False, True)
    result = bench.NotebookTime("99_made_up", 5.0, 0.0, 0.0, False, cells=list(cells.values()))
    assert [c.index for c in result.silent_cells(limit=1.0)] == [1]
    assert [c.index for c in result.slow_cells(limit=1.0)] == [1, 2]


def test_bar_text_on_stderr_counts_and_other_text_does_not():
    bar = {"output_type": "stream", "name": "stderr",
           "text": " 40%|####      | 2/5 [00:01<00:01,  2.10it/s]"}
    assert bench.shows_bar([bar])
    assert not bench.shows_bar([{"output_type": "stream", "name": "stdout", "text": "epoch 2/5: loss 0.31"}])
    widget = {"output_type": "display_data", "data": {"text/plain": "100%|##########| 3/3 [00:01<00:00]",
                                                      "application/vnd.jupyter.widget-view+json": {}}}
    assert bench.shows_bar([widget])


def test_report_misses_a_slow_notebook_and_a_silent_cell():
    # wall times inflated by load; the CPU seconds decide
    quick = bench.NotebookTime("01_a", 400.0, 9.0, 9.0, False, cpu=100.0,
                               cells=[bench.CellTime(3, 60.0, "fit(model)", True, cpu=12.0),
                                      bench.CellTime(4, 60.0, "plot(model)", False, cpu=9.0)])
    silent = bench.NotebookTime("02_b", 60.0, 1.0, 1.0, True, cpu=60.0,
                                cells=[bench.CellTime(5, 40.0, "train()", False, cpu=40.0)])
    slow = bench.NotebookTime("03_c", 200.0, 1.0, 1.0, True, cpu=190.0, cells=[])
    rows = {line.split("|")[1].strip(): line for line in bench.report([quick, silent, slow]).splitlines()
            if line.startswith("| 0")}
    assert "| met |" in rows["01_a"]
    assert "| MISSED |" in rows["02_b"] and "NO BAR" in rows["02_b"]
    assert "| MISSED |" in rows["03_c"]


def test_a_partial_run_keeps_the_other_notebooks_rows(monkeypatch):
    earlier = bench.report([
        bench.NotebookTime("01_a", 30.0, 1.0, 1.0, False, cpu=20.0, measured="2026-12-01 10:00 UTC, aaa1111"),
        bench.NotebookTime("02_b", 300.0, 1.0, 1.0, False, cpu=200.0, measured="2026-12-01 10:05 UTC, aaa1111")])
    monkeypatch.setattr("benchmarks.__main__.read_sections", lambda: {"notebooks": earlier})
    again = bench.report([bench.NotebookTime("02_b", 90.0, 1.0, 1.0, False, cpu=80.0,
                                             measured="2026-12-07 12:00 UTC, bbb2222")])
    rows = [line for line in bench.keep_earlier_rows(again, {"02_b"}).splitlines() if line.startswith("| 0")]
    assert [r.split("|")[1].strip() for r in rows] == ["01_a", "02_b"]
    assert "aaa1111" in rows[0] and "bbb2222" in rows[1] and "| 80 |" in rows[1]
