"""The helpers that let tests/test_course.py grade mistakes cheaply stay rigorous."""

from __future__ import annotations

from tests import course
from tests.mistakes import Mistake


def cell(src, **nbgrader):
    meta = {"nbgrader": {"grade_id": nbgrader.pop("gid"), **nbgrader}} if "gid" in nbgrader else {}
    return {"cell_type": "code", "source": src, "metadata": meta, "outputs": [], "execution_count": None}


NB = {"cells": [
    cell("import numpy as np\nrng = np.random.default_rng(0)"),
    cell("def a(x):\n    return x + 1", gid="a", solution=True),
    cell("assert a(1) == 2", gid="test_a", grade=True, points=1),
    cell("def b(x):\n    return a(x) * 2", gid="b", solution=True),
    cell("assert b(1) == 4", gid="test_b", grade=True, points=1),
    cell("def c(x):\n    y = x\n    return y - 1", gid="c", solution=True),
    cell("plt_demo = a(3)\nprint(plt_demo)"),
    cell("x = rng.standard_normal(3)\nassert c(1) == 0", gid="test_c", grade=True, points=1),
    {"cell_type": "markdown", "source": "# words", "metadata": {}},
]}


def test_reach_follows_calls_between_exercises_but_not_parameters():
    reach = course.exercise_reach(NB)
    assert reach["test_a"] == {"a"}
    assert reach["test_b"] == {"a", "b"}  # b calls the learner's a
    assert reach["test_c"] == {"c"}       # c's parameter x is not the global x


def test_groups_never_mix_an_exercise_with_a_test_it_reaches():
    reach = course.exercise_reach(NB)
    ma = Mistake(cell="a", name="a-wrong", loses=["test_a"], source="def a(x):\n    return x")
    mb = Mistake(cell="b", name="b-wrong", loses=["test_b"], source="def b(x):\n    return x")
    mc = Mistake(cell="c", name="c-wrong", loses=["test_c"], source="def c(x):\n    return x")
    ma2 = Mistake(cell="a", name="a-wrong-2", loses=["test_a"], source="def a(x):\n    return 0")
    packed = course.groups([ma, mb, mc, ma2], reach)
    for group in packed:
        cells = [m.cell for m in group]
        assert len(cells) == len(set(cells))
        assert not ({"a", "b"} <= set(cells)), "a reaches test_b: they must not share a submission"
    assert any({"a", "c"} <= {m.cell for m in g} for g in packed)


def test_trimmed_keeps_graded_cells_and_what_they_need_and_drops_demos():
    kept = [course.source(c) for c in course.trimmed(NB)["cells"]]
    assert kept[0].startswith("import numpy")           # rng is read by test_c
    assert not any("plt_demo" in k for k in kept)      # nothing reads it
    assert all(c["cell_type"] == "code" for c in course.trimmed(NB)["cells"])
    assert len(kept) == 7


def test_a_mistake_that_calls_another_exercise_is_not_grouped_with_it():
    reach = course.exercise_reach(NB)
    mc = Mistake(cell="c", name="c-calls-a", loses=["test_c"], source="def c(x):\n    return a(x) - 2")
    ma = Mistake(cell="a", name="a-wrong", loses=["test_a"], source="def a(x):\n    return x")
    refs = course.mistake_refs(NB, [mc, ma])
    assert refs["c-calls-a"] == {"a"} and refs["a-wrong"] == set()
    assert len(course.groups([mc, ma], reach, refs)) == 2
    assert len(course.groups([mc, ma], reach)) == 1  # without refs they would share
