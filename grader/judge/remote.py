"""What the judge holds of the learner's kernel: :class:`Remote` proxies, and how a request can end.

A name a test takes from the learner that is not plain data is a
:class:`Remote`: its calls, attributes and items are requests to the kernel
(grader.judge.judge.Judge). A request that cannot be answered as it must
raises :class:`JudgeAbort`; an exception of the learner's code comes back as
itself (a builtin exception, :data:`REBUILT`) or as :class:`RemoteError`.
"""

from __future__ import annotations

import builtins
import contextlib
import inspect
import sys
from typing import Any, Protocol

from grader.judge import wire


class Requests(Protocol):
    """What a :class:`Remote` asks of the judge that made it (grader.judge.judge.Judge)."""

    def request(self, req: dict) -> Any: ...

    def call(self, target: Any, args: tuple, kwargs: dict, exercise: str | None = None) -> Any: ...

    def encode_value(self, value: Any) -> Any: ...

    def within(self, seconds: float) -> contextlib.AbstractContextManager: ...


class JudgeAbort(BaseException):
    """The kernel did not answer, answered too late, or sent what is not plain data.

    A ``BaseException``: test code's ``except Exception`` does not swallow it.
    """


class RemoteError(Exception):
    """An exception of a kind the judge does not rebuild, raised by the learner's code."""


# Exceptions the learner's code may raise that the judge rebuilds as themselves (so that
# checks.assert_raises(ValueError, ...) works). Control-flow exceptions are never rebuilt:
# a StopIteration from the kernel must not end a loop of the test's own.
REBUILT = {name: cls for name, cls in vars(builtins).items()
            if isinstance(cls, type) and issubclass(cls, Exception)
            and not issubclass(cls, (StopIteration, StopAsyncIteration, Warning))}


class Remote:
    """An object that lives in the learner's kernel; every use is a request to it."""

    __slots__ = ("_judge", "_ref")

    def __init__(self, judge: Requests, ref: wire.Ref):
        object.__setattr__(self, "_judge", judge)
        object.__setattr__(self, "_ref", ref)

    def _tag(self) -> dict:
        if self._ref.kernel != getattr(self._judge, "kernel", ""):  # its handle means nothing in another kernel
            raise TypeError(f"{self.__name__} lives in another kernel than the one this test is judged in "
                            "(an exercise with an allowance of its own is judged in a kernel of its own)")
        return {"t": "ref", "id": self._ref.id}

    @property
    def __name__(self) -> str:  # for messages ("relu(x) raised ...")
        return self._ref.name or "the learner's object"

    @property
    def __signature__(self) -> inspect.Signature:
        """Parameter names as the kernel reports them (used by checks.call_unchanged for messages)."""
        params = []
        for entry in (self._ref.params or [])[:64]:
            try:
                name, kind, has_default = entry
                kind = getattr(inspect.Parameter, str(kind))
                if not isinstance(kind, type(inspect.Parameter.POSITIONAL_ONLY)):
                    return inspect.Signature()
                params.append(inspect.Parameter(str(name), kind,
                                                default=None if has_default else inspect.Parameter.empty))
            except (TypeError, ValueError, AttributeError):
                return inspect.Signature()
        try:
            return inspect.Signature(params)
        except ValueError:
            return inspect.Signature()

    @property
    def __class__(self):
        """What ``isinstance`` sees: the first class of the kernel object's MRO that is one of
        PyTorch's own ``torch.nn`` classes, already imported here (an ``nn.Sequential`` subclass
        with a forward of its own is still an ``nn.Sequential`` to the tests), else Remote.
        On the kernel's word, like every fact about a learner's object; never imports."""
        for qualified in self._ref.mro:
            module, _, name = qualified.rpartition(".")
            if not module.startswith("torch.nn.") or "." in name or name.startswith("_"):
                continue
            cls = getattr(sys.modules.get(module), name, None)
            torch = sys.modules.get("torch")
            if isinstance(cls, type) and torch is not None and issubclass(cls, torch.nn.Module):
                return cls
        return Remote

    def __getattr__(self, attr: str):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return self._judge.request({"op": "getattr", "target": self._tag(), "attr": attr})

    def __setattr__(self, attr: str, value) -> None:
        self._judge.request({"op": "setattr", "target": self._tag(), "attr": attr,
                             "value": self._judge.encode_value(value)})

    def __call__(self, *args, **kwargs):
        return self._judge.call(self._tag(), args, kwargs, exercise=self._ref.exercise)

    def __call_within__(self, seconds: float, args: tuple, kwargs: dict):
        """Call with a budget of ``seconds`` (the course checks' call_within): past it the kernel is
        interrupted and TimeoutError raised here, instead of waiting for the cell's own limit."""
        with self._judge.within(seconds):
            return self(*args, **kwargs)

    def __getitem__(self, key):
        return self._judge.request({"op": "getitem", "target": self._tag(), "key": self._judge.encode_value(key)})

    def __setitem__(self, key, value) -> None:
        self._judge.request({"op": "setitem", "target": self._tag(), "key": self._judge.encode_value(key),
                             "value": self._judge.encode_value(value)})

    def __iter__(self):
        items = self._judge.request({"op": "iter", "target": self._tag()})
        if not isinstance(items, list):
            raise JudgeAbort("the kernel answered an iteration with something that is not a list")
        return iter(items)

    def __len__(self) -> int:
        n = self._judge.request({"op": "len", "target": self._tag()})
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise JudgeAbort("the kernel answered len() with something that is not a length")
        return n

    def __bool__(self) -> bool:
        return self._judge.request({"op": "bool", "target": self._tag()}) is True

    def __repr__(self) -> str:
        return f"<{self._ref.type or 'object'} in the learner's kernel>"
