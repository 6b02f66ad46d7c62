"""Session hooks: the course's class run grades in the background while the rest of the suite runs.

tests/test_course.py's tests that read its `graded` fixture (the whole course graded as one
class, tests/class_run.py) run last, and the book's tests that reuse its executed notebooks
(tests/test_course_book.py's `book` fixture) after them; the class run itself starts with the
session's first test. Under pytest-xdist each worker collects every test, so there the fixture
starts the run when a worker first needs it, as it did before; so it does with
CNN_TEST_CLASS_RUN=foreground (the run no longer overlaps the rest: to tell whether a failure
elsewhere comes from sharing the CPU with it).
"""

from __future__ import annotations

import os

import pytest

from tests import class_run


def _reads_the_class_run(item) -> bool:
    module = getattr(getattr(item, "module", None), "__name__", "")
    return module == "tests.test_course" and "graded" in getattr(item, "fixturenames", ())


def _reads_the_book(item) -> bool:
    module = getattr(getattr(item, "module", None), "__name__", "")
    return module == "tests.test_course_book" and "book" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(session, config, items):
    """The class run's readers last, the book's after them (a stable sort: the order is otherwise kept)."""
    items.sort(key=lambda item: 2 if _reads_the_book(item) else 1 if _reads_the_class_run(item) else 0)


@pytest.fixture(scope="session", autouse=True)
def _class_run_in_the_background(request, tmp_path_factory):
    """Start the class run with the session when it collected tests that read it; stop it at the
    end if it is still running (a session cut short)."""
    background = not os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("CNN_TEST_CLASS_RUN") != "foreground"
    if background and any(map(_reads_the_class_run, request.session.items)):
        from tests.test_course import start_class_run

        start_class_run(tmp_path_factory)
    yield
    class_run.stop()
