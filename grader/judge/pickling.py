"""The test's own objects sent to the kernel: cloudpickle, never with a hidden test's code."""

from __future__ import annotations

import pickle

import cloudpickle


class HiddenCode(Exception):
    pass


class Pickler(cloudpickle.CloudPickler):
    """cloudpickle that refuses any function or class whose code lies in a hidden test."""

    def __init__(self, file, hidden: tuple[str, int]):
        super().__init__(file, protocol=pickle.DEFAULT_PROTOCOL)
        self._hidden = hidden

    def reducer_override(self, obj):
        code = getattr(obj, "__code__", None)
        if code is None and isinstance(obj, type):
            for member in vars(obj).values():
                fn = getattr(member, "__func__", member)
                code = getattr(fn, "__code__", None)
                if code is not None and self._is_hidden(code):
                    raise HiddenCode(obj.__qualname__)
            code = None
        if code is not None and self._is_hidden(code):
            raise HiddenCode(getattr(obj, "__qualname__", "a function"))
        return super().reducer_override(obj)

    def _is_hidden(self, code) -> bool:
        return code.co_filename == self._hidden[0] and code.co_firstlineno >= self._hidden[1]
