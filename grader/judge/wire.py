"""Plain data between the judge and the learner's kernel: JSON with tagged values.

Both sides import this module: the judge (trusted, never runs learner code)
and :mod:`grader.judge.server` inside the learner's kernel. Whatever the
kernel sends is decoded by :func:`decode`, which builds only plain values:
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

Encoding of an arbitrary object is done by the *sender*: :func:`encode` takes
a ``fallback`` that turns an object it cannot encode into a tagged dict (the
server registers it as a handle and sends ``{"t": "ref", ...}``; the judge
raises).
"""

from __future__ import annotations

import base64
import json
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_BYTES = 64 * 1024 * 1024  # one answer from the kernel, encoded
MAX_REQUEST = 1024 * 1024 * 1024  # one request of the judge's (a pretrained model as an argument)
MAX_DEPTH = 40
MAX_ITEMS = 2_000_000  # values in one message, arrays counted once
NUMERIC_KINDS = frozenset("biufc")


class WireError(ValueError):
    """A message that is not well-formed plain data (too big, too deep, an unknown tag or dtype)."""


class Ref:
    """An object that stays in the kernel: its handle and what the kernel says it is.

    ``type`` (qualified class name), ``name`` (``__name__``), ``params``
    (parameter names of a callable) and ``repr`` are the kernel's own words:
    use them for messages only, never for a verdict.
    """

    __slots__ = ("id", "type", "name", "params", "repr", "callable", "mro", "exercise")

    def __init__(self, id: int, type: str = "", name: str = "", params=None, repr: str = "",
                 callable: bool = False, mro: tuple[str, ...] = ()):
        self.id, self.type, self.name, self.repr, self.callable = id, type, name, repr, callable
        self.mro = mro  # qualified names of the object's classes, its own first (for isinstance)
        self.exercise: str | None = None  # set by the judge: the exercise name it was looked up by
        self.params = params


def _float(x: float):
    return x if math.isfinite(x) else {"t": "f", "v": repr(x)}


def _array(a: np.ndarray) -> dict:
    a = a if a.flags.c_contiguous else a.copy(order="C")  # (np.ascontiguousarray makes 0-d arrays 1-d)
    dt = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
    return {"dtype": dt.str, "shape": list(a.shape), "b64": base64.b64encode(a.astype(dt, copy=False).tobytes()).decode()}


class Encoder:
    """Turns values into JSON-ready tagged data.

    ``fallback(obj)`` handles an object of no known kind (it returns a tagged
    dict or raises). ``seen`` numbers every container and array in traversal
    order (the same order :class:`Decoder` numbers what it builds), so a
    reply can say "this is argument object 3" (:class:`ArgRef`).
    """

    def __init__(self, fallback: Callable[[Any], dict], identities: dict[int, int] | None = None):
        self.fallback = fallback
        self.identities = identities or {}  # id(obj) -> seq of an argument object (replies only)
        self.views: list[tuple[int, np.ndarray]] = []  # (seq, array) of argument arrays (replies only)
        self.seq = 0
        self.objects: list[Any] = []  # what got a seq, in order (requests only)

    def _number(self, obj) -> None:
        self.objects.append(obj)
        self.seq += 1

    def encode(self, obj: Any, depth: int = 0) -> Any:
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
            return {"t": "nd", **_array(obj)}
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
        if isinstance(obj, type) and _type_name(obj) in _types():
            return {"t": "type", "v": _type_name(obj)}
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
                return {"t": "tensor", **_array(arr), "grad": bool(obj.requires_grad),
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


def loads(text: str, limit: int = MAX_BYTES) -> Any:
    """Parse JSON text, bounded by ``limit`` characters and by the values it may hold (the decoder
    checks the rest).

    The number of values is bounded before parsing: every value after a container's first is
    preceded by a comma, so a text with more than ``3 * MAX_ITEMS`` commas (a tag holds at most
    two) holds more values than :class:`Decoder` accepts. Counting commas is linear and fast in C
    (about 20 ms for 64 MiB); parsing first cost the worker about 20 s and a gigabyte per answer of
    30 million small numbers, outside every kernel limit (red team round 5).
    """
    if not isinstance(text, str) or len(text) > limit:
        raise WireError("the message is missing or too big")
    if text.count(",") > 3 * MAX_ITEMS:
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


class Decoder:
    """Builds plain values from tagged data; numbers containers and arrays like :class:`Encoder`.

    ``on_ref(tag)`` turns a ``{"t": "ref"}`` tag into the receiver's object (a
    proxy in the judge, the registered object in the kernel); ``args`` is the
    list of argument objects a reply's ``arg``/``view`` tags point into.
    """

    def __init__(self, on_ref: Callable[[dict], Any], args: list[Any] | None = None, sent: list | None = None):
        self.on_ref = on_ref
        self.args = args or []
        self.sent = sent  # the judge's own objects of this request (the kernel's side only)
        self.objects: list[Any] = []
        self.items = 0

    def _count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise WireError("the message holds too many values")

    def decode(self, data: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError("the value is nested too deeply")
        self._count()
        if data is None or isinstance(data, (bool, str)):
            return data
        if isinstance(data, int):
            return data
        if isinstance(data, float):
            return data
        if isinstance(data, list):
            raise WireError("a bare list (lists are tagged)")
        if not isinstance(data, dict) or not isinstance(data.get("t"), str):
            raise WireError("an untagged value")
        t = data["t"]
        if t == "f":
            if data.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("a malformed float")
            return float(data["v"])
        if t == "int":
            return int(str(data.get("v")))
        if t == "complex":
            return complex(self._num(data.get("re")), self._num(data.get("im")))
        if t == "bytes":
            return base64.b64decode(str(data.get("v", data.get("b64", ""))), validate=True)
        if t in ("tuple", "list"):
            seq = self._list(data)
            if t == "list":
                out: list = []
                self.objects.append(out)
                out.extend(self.decode(x, depth + 1) for x in seq)
                return out
            self.objects.append(None)  # a tuple is numbered before its items, as encoded
            slot = len(self.objects) - 1
            out_t = tuple(self.decode(x, depth + 1) for x in seq)
            self.objects[slot] = out_t
            return out_t
        if t in ("set", "frozenset"):
            items = [self.decode(x, depth + 1) for x in self._list(data)]
            try:
                return set(items) if t == "set" else frozenset(items)
            except TypeError:
                raise WireError("a set of unhashable values") from None
        if t == "dict":
            out_d: dict = {}
            self.objects.append(out_d)
            for pair in self._list(data):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise WireError("a malformed dict item")
                key = self.decode(pair[0], depth + 1)
                try:
                    out_d[key] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise WireError("a dict with an unhashable key") from None
            return out_d
        if t == "slice":
            a, b, c = (self.decode(x, depth + 1) for x in self._list(data, 3))
            return slice(a, b, c)
        if t in ("nd", "np", "tensor"):
            arr = self._ndarray(data)
            if t == "np":
                return arr[()] if arr.shape == () else arr
            if t == "nd":
                self.objects.append(arr)
                return arr
            return self._tensor(arr, data)
        if t == "torch.dtype":
            torch = _need_torch()
            dt = getattr(torch, str(data.get("v")), None)
            if not isinstance(dt, torch.dtype):
                raise WireError("an unknown torch dtype")
            return dt
        if t == "torch.device":
            torch = _need_torch()
            try:
                return torch.device(str(data.get("v"))[:64])
            except (RuntimeError, ValueError):
                raise WireError("a malformed torch device") from None
        if t == "torch.Size":
            return _need_torch().Size([int(x) for x in self._list(data) if isinstance(x, int)])
        if t == "dtype":
            return self._dtype(data.get("v"))
        if t == "type":
            found = _types().get(str(data.get("v")))
            if found is None:
                raise WireError("an unknown type")
            return found
        if t == "obj" and self.sent is not None:  # one of the judge's own objects, sent to the kernel
            i = data.get("i")
            if not isinstance(i, int) or not 0 <= i < len(self.sent):
                raise WireError("a reference to no sent object")
            self.objects.append(self.sent[i])
            return self.sent[i]
        if t == "module":
            return self._module(data, depth)
        if t == "ref":
            return self.on_ref(data)
        if t == "arg":
            return self._arg(data.get("seq"))
        if t == "view":
            return self._view(data)
        raise WireError(f"an unknown tag {t[:20]!r}")

    @staticmethod
    def _num(x) -> float:
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return float(x)
        if isinstance(x, dict) and x.get("t") == "f" and x.get("v") in ("nan", "inf", "-inf"):
            return float(x["v"])
        raise WireError("a malformed number")

    @staticmethod
    def _list(data: dict, n: int | None = None) -> list:
        v = data.get("v")
        if not isinstance(v, list) or (n is not None and len(v) != n):
            raise WireError("a malformed sequence")
        return v

    def _dtype(self, text) -> np.dtype:
        if not isinstance(text, str) or len(text) > 8:
            raise WireError("a malformed dtype")
        try:
            dt = np.dtype(text)
        except TypeError:
            raise WireError("an unknown dtype") from None
        if dt.kind not in NUMERIC_KINDS or dt.fields is not None or dt.subdtype is not None:
            raise WireError(f"dtype {text!r} is not a plain number type")
        return dt

    def _shape(self, shape) -> tuple[int, ...]:
        if not isinstance(shape, list) or len(shape) > 32 or not all(
                isinstance(s, int) and not isinstance(s, bool) and 0 <= s for s in shape):
            raise WireError("a malformed shape")
        return tuple(shape)

    def _ndarray(self, data: dict) -> np.ndarray:
        dt = self._dtype(data.get("dtype"))
        shape = self._shape(data.get("shape"))
        try:
            raw = base64.b64decode(str(data.get("b64", "")), validate=True)
        except ValueError:
            raise WireError("malformed array bytes") from None
        n = math.prod(shape)
        if n * dt.itemsize != len(raw):
            raise WireError("an array whose bytes do not match its shape")
        return np.frombuffer(raw, dtype=dt).reshape(shape).copy()  # writable, owns its memory

    def _tensor(self, arr: np.ndarray, data: dict):
        torch = _need_torch()
        t = torch.from_numpy(arr)
        if data.get("as") == "bfloat16":
            t = t.to(torch.bfloat16)
        if data.get("param"):
            t = torch.nn.Parameter(t, requires_grad=bool(data.get("grad")))
        elif data.get("grad") and t.is_floating_point():
            t.requires_grad_(True)
        self.objects.append(t)
        return t

    def _module(self, data: dict, depth: int):
        """A PyTorch layer rebuilt from data: a class of torch.nn (already imported, never
        imported for this), plain attributes, parameters, buffers, children. No learner code:
        its forward is PyTorch's."""
        torch = _need_torch()
        path = str(data.get("class", ""))
        modname, _, qualname = path.rpartition(".")
        mod = sys.modules.get(modname) if modname.startswith("torch.nn.modules.") else None
        cls = getattr(mod, qualname, None) if mod is not None and qualname.isidentifier() else None
        if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module) and cls.__module__ == modname):
            raise WireError(f"an unknown layer class {path[:80]!r}")
        obj = cls.__new__(cls)
        torch.nn.Module.__init__(obj)
        for entry in self._list({"v": data.get("attrs")}):
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                    and entry[0].isidentifier() and not entry[0].startswith("__") and "hook" not in entry[0]
                    and entry[0] not in ("_parameters", "_buffers", "_modules", "training")):
                raise WireError("a malformed layer attribute")
            object.__setattr__(obj, entry[0], self.decode(entry[1], depth + 1))
        for key, store in (("params", obj._parameters), ("buffers", obj._buffers)):
            for entry in self._list({"v": data.get(key)}):
                if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
                    raise WireError("a malformed layer tensor")
                value = None if entry[1] is None else self.decode(entry[1], depth + 1)
                if value is not None and not isinstance(value, torch.Tensor):
                    raise WireError("a layer tensor that is not a tensor")
                if key == "params" and value is not None and not isinstance(value, torch.nn.Parameter):
                    value = torch.nn.Parameter(value, requires_grad=value.requires_grad)
                store[entry[0]] = value
        for entry in self._list({"v": data.get("children")}):
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                    and isinstance(entry[1], dict) and entry[1].get("t") == "module"):
                raise WireError("a malformed child layer")
            obj._modules[entry[0]] = self._module(entry[1], depth + 1)
        obj.training = data.get("training") is True
        return obj

    def _arg(self, seq):
        if not isinstance(seq, int) or not 0 <= seq < len(self.args):
            raise WireError("a reference to no argument")
        return self.args[seq]

    def _view(self, data: dict) -> np.ndarray:
        """A view into argument array ``seq``, checked to stay inside that array's memory."""
        base = self._arg(data.get("seq"))
        if not isinstance(base, np.ndarray):
            raise WireError("a view of something that is not an array")
        dt = self._dtype(data.get("dtype"))
        shape = self._shape(data.get("shape"))
        strides = data.get("strides")
        offset = data.get("offset")
        if (dt != base.dtype or not isinstance(offset, int) or not isinstance(strides, list)
                or len(strides) != len(shape) or not all(isinstance(s, int) for s in strides)):
            raise WireError("a malformed view")
        if not base.flags.c_contiguous:  # the kernel's copy was contiguous: the values, not the view
            base = np.ascontiguousarray(base)
        lo = offset + sum((n - 1) * s for n, s in zip(shape, strides, strict=False) if s < 0 and n)
        hi = offset + sum((n - 1) * s for n, s in zip(shape, strides, strict=False) if s > 0 and n) + dt.itemsize
        if math.prod(shape) and (lo < 0 or hi > base.nbytes):
            raise WireError("a view that reaches outside its array")
        if offset % dt.itemsize or any(s % dt.itemsize for s in strides):
            raise WireError("a view that is not aligned to its items")
        flat = base.reshape(-1)
        start = flat[offset // dt.itemsize:] if math.prod(shape) else flat[:0]
        return np.lib.stride_tricks.as_strided(start, shape=shape, strides=strides)


def _type_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


_TYPES: dict[str, type] = {}


def _types() -> dict[str, type]:
    """Types that travel by name: Python's numbers and containers, NumPy's scalar types."""
    if not _TYPES:
        for cls in (int, float, complex, bool, str, bytes, list, tuple, dict, set, frozenset, slice, type(None)):
            _TYPES[_type_name(cls)] = cls
        for cls in set(np.sctypeDict.values()):
            if np.dtype(cls).kind in NUMERIC_KINDS:
                _TYPES[_type_name(cls)] = cls
        _TYPES[_type_name(np.ndarray)] = np.ndarray
    return _TYPES


def _need_torch():
    torch = _torch()
    if torch is None:
        import torch as _t  # the judge has torch when the course does

        return _t
    return torch
