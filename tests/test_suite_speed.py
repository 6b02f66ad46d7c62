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

    monkeypatch.setenv("CNN_GRADER_CACHE", str(cache))
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
