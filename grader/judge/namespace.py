"""The namespace test cells run in, in the grading worker: a name of the learner's deleted or rebound there is
deleted or rebound in the learner's kernel too.

nbgrader's own example course (``nbgrader quickstart``) checks that ``sum_of_squares`` calls ``squares``
by deleting ``squares`` and calling ``sum_of_squares``, then binding it back. In nbgrader both run in the
learner's kernel; here the test runs in the worker, so the deletion must reach the kernel's namespace, where
``sum_of_squares`` looks its names up. Only the test's own statements do this (the course's trusted text);
what the kernel holds is the learner's anyway, so nothing it could not do itself is done to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from grader.judge.remote import Remote


class TestNamespace(dict):
    """A test cell's globals (``exec`` sends its top-level stores and deletes through ``__setitem__`` and
    ``__delitem__`` of a dict subclass). For ``learner_names`` (the names tests take from the kernel):
    ``del NAME`` sends ``{"op": "unbind"}``, ``NAME = proxy`` (an object of the kernel's) ``{"op": "bind"}``
    through ``request``; a value of the worker's own bound to such a name stays in the worker."""

    __test__ = False  # pytest: not a test class

    def __init__(self, request: Callable[[dict], Any], learner_names: Iterable[str], *args: Any):
        super().__init__(*args)
        self._request, self._learner = request, frozenset(learner_names)

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, value)
        if name in self._learner and isinstance(value, Remote):
            self._request({"op": "bind", "name": name, "target": value._tag()})

    def __delitem__(self, name: str) -> None:
        super().__delitem__(name)
        if name in self._learner:
            self._request({"op": "unbind", "name": name})
