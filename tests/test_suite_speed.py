"""What keeps `make test` fast must not change what is tested: seeded caches, memoised analyses, scratch gradebooks.

Each test here is cheap (no kernel): the fixture course is prepared once per test
run (tests/small_class.py) and only copied here.
"""

from __future__ import annotations

import shutil

from tests import grader_catalogue as cat
from tests import small_class


def _prepare_in(cache, monkeypatch):
    from grader.course.build import prepare

    monkeypatch.setenv("GRADER_CACHE", str(cache))
    return prepare(cat.SOLUTIONS)


def test_a_new_private_cache_starts_with_the_fixture_course_prepared(tmp_path, monkeypatch):
    """small_class.env copies the prepared course in; prepare() trusts the copy (no rebuild), and a
    test that rewrites its copy gets it rebuilt while the next test's copy is untouched."""
    one, two = tmp_path / "one", tmp_path / "two"
    small_class.env(one)
    seeded = {p.name for p in one.iterdir()}
    assert seeded, "the private cache starts empty: every module builds the fixture course again"
    prep = _prepare_in(one, monkeypatch)
    assert prep.root.parent == one and prep.root.name in seeded and prep.notes == []
    (prep.root / "gradebook.db").write_bytes(b"rewritten by a hostile notebook")
    assert _prepare_in(one, monkeypatch).notes, "a rewritten copy must be built again"
    small_class.env(two)
    again = _prepare_in(two, monkeypatch)
    assert again.root.parent == two and again.notes == []
    shutil.rmtree(one)


def test_memoised_cell_analyses_hand_out_sets_of_their_own():
    """plan.bound_names / free_names and cleanroom.global_reads are cached per source text; a
    caller that changes what it got (cleanroom.skipped_cells does `reads -= bound`) must not change
    what the next caller gets."""
    from grader.integrity import cleanroom
    from grader.judge import plan

    src = "import numpy as np\nx = np.zeros(3)\ndef f(a):\n    return a + x + y\n"
    for fn, want in ((plan.bound_names, {"np", "x", "f"}), (plan.free_names, {"np", "x", "a", "y"}),
                     (cleanroom.global_reads, {"np", "x", "y"})):
        got = fn(src)
        assert got == want, (fn.__name__, got)
        got.clear()
        assert fn(src) == want, f"{fn.__name__} handed out its cached set"


def test_only_scratch_gradebooks_commit_without_fsync(tmp_path, monkeypatch):
    """A worker's copy of the gradebook (Autograder) runs with PRAGMA synchronous=OFF; any other
    gradebook, the class's own included, keeps SQLite's default (FULL, 2)."""
    from nbgrader.api import Gradebook
    from sqlalchemy import text
    from traitlets.config import Config

    from grader.autograde.notebook import Autograder

    small_class.env(tmp_path / "cache")
    prep = _prepare_in(tmp_path / "cache", monkeypatch)
    scratch, kept = tmp_path / "worker" / "gradebook.db", tmp_path / "class" / "gradebook.db"
    for db in (scratch, kept):
        db.parent.mkdir()
        shutil.copyfile(prep.gradebook, db)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")  # Autograder sets it; given back after the test
    Autograder(prep, scratch, None, Config({"LimitedExecute": {"sandbox": False}}))
    modes = {}
    for db in (scratch, kept):
        with Gradebook(f"sqlite:///{db}") as gb:
            modes[db.parent.name] = gb.db.execute(text("PRAGMA synchronous")).scalar()
    assert modes == {"worker": 0, "class": 2}, modes


def test_a_grading_worker_keeps_to_its_share_of_threads():
    """grader.run.pool.share_threads gives the worker the kernels' share of the CPU
    (c.LimitedExecute.threads): NumPy's BLAS, loaded already, at once, and PyTorch, imported later by the
    judge, from the environment. With a thread per core, the worker's idle OpenMP threads spun on the
    cores the other workers' kernels need (05_backprop: 3.3 to 7.7 CPU seconds a notebook, 1.0 to 1.2
    with one thread)."""
    import json
    import os
    import subprocess
    import sys

    # two threads each, as a machine with two cores gives them unasked: the worker must come down to one
    env = dict(os.environ, OMP_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2", MKL_NUM_THREADS="2",
               PYTHONPATH=str(small_class.ROOT))
    code = ("import json, numpy, threadpoolctl\n"
            "from grader.run.pool import share_threads\n"
            "share_threads(1)\n"
            "import torch\n"
            "blas = [p['num_threads'] for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas']\n"
            "print(json.dumps([torch.get_num_threads(), blas]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=small_class.ROOT,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    torch_threads, blas = json.loads(out.stdout.splitlines()[-1])
    assert torch_threads == 1 and blas and set(blas) == {1}, (torch_threads, blas)


def test_grader_commands_skip_the_slow_iri_checker_and_still_validate_notebooks():
    """`python -m grader` keeps jsonschema from loading rfc3987-syntax (Lark parsers for the "iri" formats,
    about 1.2 CPU seconds of every grader command and its workers), and nbformat still rejects a
    notebook that breaks its schema."""
    import json
    import subprocess
    import sys

    code = ("import json, runpy, sys\n"
            "sys.argv = ['grader', '--help']\n"
            "try:\n    runpy.run_module('grader', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "import nbformat\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
            "nbformat.validate(nb)\n"
            "nb.cells[0]['outputs'] = 'not a list'\n"
            "try:\n    nbformat.validate(nb)\n    bad = 'accepted'\n"
            "except nbformat.ValidationError:\n    bad = 'rejected'\n"
            "print(json.dumps([sys.modules.get('rfc3987_syntax') is None, 'jsonschema' in sys.modules, bad]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=small_class.ROOT,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.splitlines()[-1]) == [True, True, "rejected"], out.stdout[-2000:]
