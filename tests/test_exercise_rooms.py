"""Per-exercise allowances (c.CleanRoom.exercise_allowed, grader/autograde/preprocessors/rooms.py): what the
kernel of an exercise's own allowance runs of the course's cells, which tests are judged there, and how a
proxy of one kernel is refused in another. The whole path (a real sandboxed room, the red team's PyTorch
answers to 10's and 12's NumPy exercises losing exactly their cells) is graded in tests/test_course.py
(tests/clean_room_attacks.py ROOM_ATTACKS)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from grader.autograde.preprocessors.rooms import ExerciseRooms, Room
from grader.course import config as course_config
from grader.integrity import cleanroom, sites
from grader.judge.judge import Judge
from tests import course

NUMPY = ["numpy", "matplotlib", "ipywidgets", "pillow", "threadpoolctl", "tqdm"]


def _numpy_modules() -> set[str]:
    return set(sites.top_level_names(sites.closure([*NUMPY, "ipykernel"]))) | {"cnnlib"}


def test_course_cells_run_statement_by_statement_without_what_the_allowance_lacks():
    cells = course.load(course.NOTEBOOKS / "10_modern_cnns.ipynb")["cells"]
    runs, stand_ins = cleanroom.room_cells(cells, _numpy_modules(), "batchnorm_forward of 10_modern_cnns")
    setup = next(i for i, c in enumerate(cells) if course.nbgrader_meta(c).get("grade_id") == "setup")
    assert "import numpy as np" in runs[setup]  # the setup cell's NumPy import runs ...
    assert not any("torch" in s for s in runs[setup])  # ... its PyTorch imports do not
    assert not any(course.nbgrader_meta(cells[i]).get("solution") for i in runs)  # learner cells run whole
    helpers = next(i for i, c in enumerate(cells) if course.nbgrader_meta(c).get("grade_id") == "reference_helpers")
    assert runs[helpers] == []  # the tests' PyTorch references: none of it
    for name in ("torch", "F", "nn", "torch_batchnorm"):
        assert "while batchnorm_forward of 10_modern_cnns is graded" in stand_ins[name], stand_ins[name]
    assert "np" not in stand_ins


def test_statements_keep_decorators_and_bodies():
    src = "import numpy as np\n@staticmethod\ndef f(x):\n    return x\n\nclass A:\n    y = 1\n"
    assert cleanroom._statements(src) == ["import numpy as np", "@staticmethod\ndef f(x):\n    return x",
                                          "class A:\n    y = 1"]
    assert cleanroom._statements("def (") == ["def ("]
    assert cleanroom._statements("a = 1; b = a\nc = 2\n") == ["a = 1", "b = a", "c = 2"]


def test_exercises_of_one_allowance_share_a_room():
    config = course_config.load_config()  # the course's notebook names and numbers
    config.CleanRoom.exercise_allowed = {"12": {"a": NUMPY, "b": NUMPY, "c": ["numpy"]}}
    rooms = cleanroom.exercise_allowances("12_beyond_plain_convolution", config)
    assert rooms == {tuple(NUMPY): frozenset({"a", "b"}), ("numpy",): frozenset({"c"})}
    assert cleanroom.exercise_allowances("10_modern_cnns", config) == {}


def test_the_course_narrows_10_and_12s_numpy_exercises():
    table = cleanroom.settings(course_config.load_config()).exercise_allowed
    assert set(table["10"]) == {"batchnorm_forward", "batchnorm_backward"}
    assert set(table["12"]) >= {"conv_transpose_naive"}
    assert all("torch" not in allowed for rows in table.values() for allowed in rows.values())


def test_a_test_cell_is_judged_in_the_room_of_the_exercise_it_reads():
    rooms = ExerciseRooms()
    rooms._rooms = [Room(("numpy",), frozenset({"batchnorm_forward"}))]
    assert rooms._room_for("out = batchnorm_forward(x, g, b, rm, rv, True)\n") is rooms._rooms[0]
    assert rooms._room_for("block = BasicBlock(8, 8, 1)\nbatchnorm_forward = 1\n") is None


def test_a_proxy_is_refused_in_another_kernel():
    sent = []

    def send(text, timeout):
        sent.append(json.loads(text))
        return json.dumps({"v": None})

    judge = Judge(send, {"f"})
    judge.kernel = "room:f"
    proxy = judge._proxy({"t": "ref", "id": 1, "name": "f", "callable": True})
    proxy(1)  # in its own kernel: a request
    assert sent and sent[0]["target"] == {"t": "ref", "id": 1}
    judge.kernel = ""
    with pytest.raises(TypeError, match="another kernel"):
        proxy(1)
    assert len(sent) == 1


def test_a_room_that_could_not_run_fails_every_request():
    judge = Judge(lambda text, timeout: json.dumps({"v": 1}), {"f"})
    judge.abort_all = "f could not be graded in its own kernel: its kernel did not start"
    ok, outputs = judge.run("assert f == 1\n", 1, lambda: 10.0)
    assert not ok and "could not be graded in its own kernel" in json.dumps(outputs)


def test_a_refused_import_names_the_exercises_allowance():
    """The message a learner reads when their exercise imports what its own allowance lacks (a real import)."""
    code = ("from grader.sandbox.kernel import explain_refused_imports\n"
            "explain_refused_imports('10_modern_cnns', 'numpy,tqdm', 'batchnorm_forward')\n"
            "import no_such_module_of_the_course\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=course.ROOT, timeout=60)
    assert proc.returncode == 1
    assert ("No module named 'no_such_module_of_the_course': while batchnorm_forward of 10_modern_cnns is graded, "
            "code may import only the standard library and numpy, tqdm (the exercise's own allowance") in proc.stderr


def test_a_test_of_a_narrowed_exercise_reads_no_exercise_of_the_wider_allowance():
    """A test cell judged in an exercise's room finds there only the exercises of that allowance: one that
    also read a PyTorch exercise of its notebook (defined in the room by a cell that failed) could not pass."""
    from grader.judge.plan import bound_names, free_names

    table = cleanroom.settings(course_config.load_config()).exercise_allowed
    for number, exercises in table.items():
        (path,) = course.SOLUTIONS.glob(f"{number}_*.ipynb")
        cells = course.load(path)["cells"]
        solutions = set().union(*(bound_names(course.source(c)) for c in cells
                                  if course.nbgrader_meta(c).get("solution")))
        assert set(exercises) <= solutions, (path.stem, set(exercises) - solutions)
        tests = [course.source(c) for c in cells if course.nbgrader_meta(c).get("grade")]
        judged_there = [t for t in tests if free_names(t) & set(exercises)]
        assert judged_there, path.stem
        for source in judged_there:
            assert not (free_names(source) & solutions) - set(exercises), (path.stem, source[:200])
