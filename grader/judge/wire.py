"""Plain data between the judge and the learner's kernel: JSON with tagged values.

Both sides import this module: the judge (trusted, never runs learner code)
and :mod:`grader.judge.server` inside the learner's kernel. Whatever the
kernel sends is decoded by grader.judge.decoder.Decoder, which builds only plain values:
``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``, ``bytes``, tuples,
lists, dicts, sets, NumPy arrays and scalars of a numeric dtype (bool, int,
uint, float, complex; never ``object``), PyTorch tensors made from such
arrays, ``torch.dtype``/``torch.device`` named by a string, slices, and
:class:`Ref` markers for objects that stay in the kernel. Nothing is
unpickled, imported or called on the way: a hostile kernel can send wrong
values, never code. Sizes and depth are bounded (:data:`MAX_BYTES`,
:data:`MAX_DEPTH`, :data:`MAX_ITEMS`); anything else raises
:class:`WireError`.

Why not pickle, or Arrow/msgpack: pickle runs code on load; the others add a
dependency for what a hundred lines of JSON tagging do, with the rules
(dtype allow-list, bounds) in one readable place.

The judge's requests may carry large arrays beside the JSON, as raw frames (``Encoder(buffers=[])``,
a ``"buf"`` tag with dtype and shape; grader.judge.server.serve_message reads them); the kernel's
answers never do, so the judge decodes them with no frames.

Encoding of an arbitrary object is done by the *sender*: :class:`Encoder` takes
a ``fallback`` that turns an object it cannot encode into a tagged dict (the
server registers it as a handle and sends ``{"t": "ref", ...}``; the judge
raises).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_BYTES = 64 * 1024 * 1024  # one answer from the kernel, encoded
MAX_REQUEST = 1024 * 1024 * 1024  # one request of the judge's (a pretrained model as an argument)
MAX_DEPTH = 40
BINARY_MIN = 1024  # with a buffer list, arrays of at least this many bytes travel as raw frames
MAX_ITEMS = 2_000_000  # values in one message, arrays counted once
MAX_CONTAINERS = 100_000  # JSON objects and arrays in one answer from the kernel (a tagged value is one or two)
TAG_COMMAS = 36  # commas a tag holds besides its values (an array's keys and shape)
NUMERIC_KINDS = frozenset("biufc")


class WireError(ValueError):
    """A message that is not well-formed plain data (too big, too deep, an unknown tag or dtype)."""


class Ref:
    """An object that stays in the kernel: its handle and what the kernel says it is.

    ``type`` (qualified class name), ``name`` (``__name__``), ``params``
    (parameter names of a callable) and ``repr`` are the kernel's own words:
    use them for messages only, never for a verdict.
    """

    __slots__ = ("id", "type", "name", "params", "repr", "callable", "mro", "exercise", "kernel")

    def __init__(self, id: int, type: str = "", name: str = "", params=None, repr: str = "",
                 callable: bool = False, mro: tuple[str, ...] = ()):
        self.id, self.type, self.name, self.repr, self.callable = id, type, name, repr, callable
        self.mro = mro  # qualified names of the object's classes, its own first (for isinstance)
        self.exercise: str | None = None  # set by the judge: the exercise name it was looked up by
        self.params = params
        self.kernel = ""  # set by the judge: the kernel it lives in (grader/autograde/preprocessors/rooms.py)


def _float(x: float):
    return x if math.isfinite(x) else {"t": "f", "v": repr(x)}


def _array(a: np.ndarray, buffers: list | None = None) -> dict:
    """An array's dtype, shape and bytes (little-endian, C order): base64 in the JSON, or, given
    ``buffers`` and at least :data:`BINARY_MIN` bytes, appended to ``buffers`` as a raw frame that
    the tag names by index (``"buf"``)."""
    a = a if a.flags.c_contiguous else a.copy(order="C")  # (np.ascontiguousarray makes 0-d arrays 1-d)
    dt = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
    a = a.astype(dt, copy=False)
    if buffers is not None and a.nbytes >= BINARY_MIN:
        buffers.append(memoryview(a.reshape(-1).view(np.uint8)))  # (a complex memoryview cannot be cast)
        return {"dtype": dt.str, "shape": list(a.shape), "buf": len(buffers) - 1}
    return {"dtype": dt.str, "shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode()}


class Encoder:
    """Turns values into JSON-ready tagged data.

    ``fallback(obj)`` handles an object of no known kind (it returns a tagged
    dict or raises). ``seen`` numbers every container and array in traversal
    order (the same order grader.judge.decoder.Decoder numbers what it builds), so a
    reply can say "this is argument object 3" (:class:`ArgRef`).
    """

    def __init__(self, fallback: Callable[[Any], dict], identities: dict[int, int] | None = None,
                 buffers: list | None = None):
        self.fallback = fallback
        # the judge's requests only: large arrays' bytes go here, as frames beside the JSON
        self.buffers = buffers
        self.identities = identities or {}  # id(obj) -> seq of an argument object (replies only)
        self.views: list[tuple[int, np.ndarray]] = []  # (seq, array) of argument arrays (replies only)
        self.seq = 0
        self.objects: list[Any] = []  # what got a seq, in order (requests only)

    def _number(self, obj) -> None:
        self.objects.append(obj)
        self.seq += 1

    def encode(self, obj: Any, depth: int = 0) -> Any:
        # long: one dispatch over every kind the wire carries, in the order Decoder numbers them
        if depth > MAX_DEPTH:
            raise WireError("the value is nested too deeply")
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, int) and type(obj) is int:
            return obj if abs(obj) < 2**53 else {"t": "int", "v": str(obj)}
        if type(obj) is float:
            return _float(obj)
        if type(obj) is complex:
            return {"t": "complex", "re": _float(obj.real), "im": _float(obj.imag)}
        if id(obj) in self.identities:
            return {"t": "arg", "seq": self.identities[id(obj)]}
        if type(obj) is bytes:
            return {"t": "bytes", "b64": base64.b64encode(obj).decode()}
        if isinstance(obj, np.ndarray) and type(obj) is np.ndarray:
            if obj.dtype.kind not in NUMERIC_KINDS:
                return self.fallback(obj)
            view = self._view(obj)
            if view is not None:
                return view
            self._number(obj)
            return {"t": "nd", **_array(obj, self.buffers)}
        if isinstance(obj, np.generic) and obj.dtype.kind in NUMERIC_KINDS:
            return {"t": "np", **_array(np.asarray(obj))}
        if type(obj) in (tuple, list):
            self._number(obj)
            return {"t": type(obj).__name__, "v": [self.encode(x, depth + 1) for x in obj]}
        if type(obj) in (set, frozenset):
            return {"t": type(obj).__name__, "v": [self.encode(x, depth + 1) for x in obj]}
        if type(obj) is dict:
            self._number(obj)
            return {"t": "dict", "v": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in obj.items()]}
        if isinstance(obj, np.dtype) and obj.kind in NUMERIC_KINDS and obj.fields is None:
            return {"t": "dtype", "v": obj.str}
        if isinstance(obj, type) and type_name(obj) in known_types():
            return {"t": "type", "v": type_name(obj)}
        if type(obj) is slice:
            return {"t": "slice", "v": [self.encode(obj.start, depth + 1), self.encode(obj.stop, depth + 1),
                                        self.encode(obj.step, depth + 1)]}
        torch = _torch()
        if torch is not None:
            if type(obj) in (torch.Tensor, torch.nn.Parameter) and obj.layout == torch.strided:
                t = obj.detach()
                if t.dtype == torch.bfloat16:  # NumPy has no bfloat16: travel as float32, say so
                    arr, tag = t.float().cpu().numpy(), "bfloat16"
                else:
                    arr, tag = t.cpu().resolve_conj().resolve_neg().numpy(), ""
                if arr.dtype.kind not in NUMERIC_KINDS:
                    return self.fallback(obj)
                self._number(obj)
                return {"t": "tensor", **_array(arr, self.buffers), "grad": bool(obj.requires_grad),
                        "param": isinstance(obj, torch.nn.Parameter), "as": tag}
            if isinstance(obj, torch.dtype):
                return {"t": "torch.dtype", "v": str(obj).removeprefix("torch.")}
            if isinstance(obj, torch.device):
                return {"t": "torch.device", "v": str(obj)}
            if isinstance(obj, torch.Size):
                return {"t": "torch.Size", "v": [int(x) for x in obj]}
        tag = self.fallback(obj)
        if isinstance(tag, dict) and tag.get("t") == "obj":
            self._number(obj)  # the kernel numbers what it unpickles, so changes can come back
        return tag

    def _view(self, arr: np.ndarray):
        """A ``view`` tag when ``arr`` shares memory with an argument array (replies only)."""
        for seq, base in self.views:
            if base.dtype == arr.dtype and arr.size and np.shares_memory(arr, base):
                start = arr.__array_interface__["data"][0] - base.__array_interface__["data"][0]
                return {"t": "view", "seq": seq, "offset": int(start), "shape": list(arr.shape),
                        "strides": list(arr.strides), "dtype": arr.dtype.str}
        return None


def dumps(obj: Any, limit: int = MAX_BYTES) -> str:
    """JSON text of already-encoded data (bounded by ``limit`` characters)."""
    text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    if len(text) > limit:
        raise WireError(f"the message is {len(text) / 2**20:.0f} MiB, more than {limit // 2**20} MiB")
    return text


def loads(text: str, limit: int = MAX_BYTES, containers: int = MAX_CONTAINERS) -> Any:
    """Parse JSON text, bounded by ``limit`` characters and by the values and ``containers`` (JSON
    objects and arrays, 0: any number) it may hold (the decoder checks the rest); raises WireError.

    The number of values is bounded before parsing: every value after a container's first is
    preceded by a comma, so a text with more than ``MAX_ITEMS`` commas besides ``TAG_COMMAS`` for
    each container (``3 * MAX_ITEMS`` where containers are not bounded) holds more values than
    :class:`Decoder` accepts. Counting commas is linear and fast in C
    (about 20 ms for 64 MiB); parsing first cost the worker about 20 s and a gigabyte per answer of
    30 million small numbers, outside every kernel limit (red team round 5). Containers cost most
    (a dict about 200 bytes, and 15 us to build): 3 million tags of nothing, under the comma bound,
    cost 25-90 s and 0.9-1.3 GB before the decoder refused them. Every ``{`` and ``[`` (in a string
    too: an over-count, which only refuses) is counted first; answers hold one or two a value
    (a tag; an array is one tag whatever its size), a few thousand for a model's parameters.
    """
    if not isinstance(text, str) or len(text) > limit:
        raise WireError("the message is missing or too big")
    found = text.count("{") + text.count("[")
    if containers and found > containers:
        raise WireError(f"the message holds more than {containers:,} lists and dicts")
    # a value is preceded by at most one comma; a tag adds a few of its own (an array's up to 35:
    # its keys and a shape of at most 32 sizes)
    if text.count(",") > (3 * MAX_ITEMS if not containers else MAX_ITEMS + TAG_COMMAS * found):
        raise WireError("the message holds too many values")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"the message is not JSON ({type(exc).__name__})") from None


_TORCH: Any = False


def _torch():
    """torch if it is already imported (never imported only to encode)."""
    global _TORCH
    if _TORCH is False:
        import sys

        mod = sys.modules.get("torch")
        if mod is None:
            return None
        _TORCH = mod
    return _TORCH


def type_name(cls: type) -> str:
    """A class's qualified name, as types travel by name."""
    return f"{cls.__module__}.{cls.__qualname__}"


_TYPES: dict[str, type] = {}


def known_types() -> dict[str, type]:
    """Types that travel by name: Python's numbers and containers, NumPy's scalar types."""
    if not _TYPES:
        for cls in (int, float, complex, bool, str, bytes, list, tuple, dict, set, frozenset, slice, type(None)):
            _TYPES[type_name(cls)] = cls
        for cls in set(np.sctypeDict.values()):
            if np.dtype(cls).kind in NUMERIC_KINDS:
                _TYPES[type_name(cls)] = cls
        _TYPES[type_name(np.ndarray)] = np.ndarray
    return _TYPES
