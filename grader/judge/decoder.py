"""The reading half of the judge's wire format (grader.judge.wire): tagged JSON back to plain values.

Both sides decode what the other sent: the judge the kernel's answers (data
from an adversary), the kernel's server the judge's requests. Only plain
values are built (see grader.judge.wire for the list); nothing is unpickled,
imported or called on the way, and sizes and depth are bounded.
"""

from __future__ import annotations

import base64
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from grader.judge.wire import MAX_DEPTH, MAX_ITEMS, NUMERIC_KINDS, WireError, _torch, known_types


def _need_torch():
    torch = _torch()
    if torch is None:
        import torch as _t  # the judge has torch when the course does

        return _t
    return torch


class Decoder:
    """Builds plain values from tagged data; numbers containers and arrays like :class:`Encoder`.

    ``on_ref(tag)`` turns a ``{"t": "ref"}`` tag into the receiver's object (a
    proxy in the judge, the registered object in the kernel); ``args`` is the
    list of argument objects a reply's ``arg``/``view`` tags point into.
    """

    def __init__(self, on_ref: Callable[[dict], Any], args: list[Any] | None = None, sent: list | None = None,
                 buffers: list | None = None):
        self.on_ref = on_ref
        self.args = args or []
        self.sent = sent  # the judge's own objects of this request (the kernel's side only)
        # the raw frames of the judge's request that "buf" tags point into (the kernel's side only:
        # the judge decodes the kernel's answers with none, so a "buf" tag there is malformed)
        self.buffers = buffers
        self.objects: list[Any] = []
        self.items = 0

    def _count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise WireError("the message holds too many values")

    def decode(self, data: Any, depth: int = 0) -> Any:
        """The plain value of tagged ``data`` (raises WireError for anything else)."""
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
        if t in ("f", "int", "complex", "bytes", "dtype", "type"):
            return self._scalar(t, data)
        if t in ("tuple", "list", "set", "frozenset", "dict", "slice"):
            return self._container(t, data, depth)
        if t in ("nd", "np", "tensor", "torch.dtype", "torch.device", "torch.Size"):
            return self._numeric(t, data)
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

    def _scalar(self, t: str, data: dict) -> Any:
        """A float that JSON cannot hold, a big int, a complex, bytes, a NumPy dtype or a type by name."""
        if t == "f":
            if data.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("a malformed float")
            return float(data["v"])
        if t == "int":
            try:
                return int(str(data.get("v")))
            except ValueError:  # not a number, or past Python's 4,300 digits
                raise WireError("a malformed integer") from None
        if t == "complex":
            return complex(self._num(data.get("re")), self._num(data.get("im")))
        if t == "bytes":
            return base64.b64decode(str(data.get("v", data.get("b64", ""))), validate=True)
        if t == "dtype":
            return self._dtype(data.get("v"))
        found = known_types().get(str(data.get("v")))  # "type"
        if found is None:
            raise WireError("an unknown type")
        return found

    def _container(self, t: str, data: dict, depth: int) -> Any:
        """A tuple, list, set, frozenset, dict or slice; lists, dicts and tuples numbered as encoded."""
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
        a, b, c = (self.decode(x, depth + 1) for x in self._list(data, 3))  # "slice"
        return slice(a, b, c)

    def _numeric(self, t: str, data: dict) -> Any:
        """A NumPy array or scalar, a tensor, a torch dtype, device or Size."""
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
        return _need_torch().Size([int(x) for x in self._list(data) if isinstance(x, int)])  # "torch.Size"

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
        if "buf" in data:
            i = data["buf"]
            if self.buffers is None or not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(self.buffers):
                raise WireError("a reference to no array frame")
            raw = self.buffers[i]
        else:
            try:
                raw = base64.b64decode(str(data.get("b64", "")), validate=True)
            except ValueError:
                raise WireError("malformed array bytes") from None
        n = math.prod(shape)
        if n * dt.itemsize != (raw.nbytes if isinstance(raw, memoryview) else len(raw)):
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
