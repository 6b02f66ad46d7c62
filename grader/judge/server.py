"""The learner's side of the judge: answers the judge's requests inside the kernel.

The judge (:mod:`grader.judge.judge`) sends one request per kernel message,
as a user expression that calls :func:`serve` with the request's JSON text
and the notebook's namespace. This module runs where learner code runs, so
nothing here is trusted: learner code may replace it, and the judge treats
every answer as data from an adversary (:class:`grader.judge.decoder.Decoder`
builds only plain values). What it must do is answer honest requests
faithfully: call the learner's function with the judge's inputs, report the
result, any exception, and what the call changed in its arguments.

Requests (``op``): ``lookup`` (names of the notebook), ``call``, ``getattr``,
``setattr``, ``getitem``, ``setitem``, ``iter``, ``len``, ``bool``, ``repr``,
``release``. Objects that are not plain data stay here as handles.
"""

from __future__ import annotations

import builtins
import itertools
import traceback
from typing import Any

import numpy as np

from . import decoder, wire

_handles: dict[int, Any] = {}
_next = itertools.count(1)
MAX_ITER = 100_000


def _register(obj: Any) -> dict:
    snap = _module_snapshot(obj)
    if snap is not None:
        return snap
    hid = next(_next)
    _handles[hid] = obj
    tag: dict[str, Any] = {"t": "ref", "id": hid, "callable": callable(obj)}
    try:
        tag["type"] = f"{type(obj).__module__}.{type(obj).__qualname__}"[:200]
        tag["mro"] = [f"{c.__module__}.{c.__qualname__}"[:200] for c in type(obj).__mro__][:32]
        name = getattr(obj, "__name__", "")
        tag["name"] = name[:200] if isinstance(name, str) else ""
        if callable(obj):
            import inspect

            try:
                tag["params"] = [[p.name, p.kind.name, p.default is not p.empty]
                                 for p in inspect.signature(obj).parameters.values()][:64]
            except (TypeError, ValueError):
                pass
        tag["repr"] = repr(obj)[:300]
    except Exception:  # noqa: BLE001 - a learner's __repr__ may raise: the handle still works
        pass
    return tag


_PLAIN_KEYS = frozenset({"__init__", "__module__", "__qualname__", "__doc__", "__dict__", "__weakref__",
                         "__annotations__", "__firstlineno__", "__static_attributes__", "__orig_bases__"})


def _torch_class(obj: Any) -> type | None:
    """The PyTorch layer class ``obj`` behaves as: its own class when that is one of
    torch.nn's, or the first such base of a subclass that adds nothing but ``__init__``
    (``class Block(nn.Sequential)`` that only assembles layers)."""
    for cls in type(obj).__mro__:
        if cls.__module__.startswith("torch.nn.modules."):
            return cls
        if set(vars(cls)) - _PLAIN_KEYS:
            return None
    return None


def _builtin_module(obj: Any) -> bool:
    torch = wire._torch()
    return (torch is not None and isinstance(obj, torch.nn.Module) and _torch_class(obj) is not None
            and not (obj._forward_hooks or obj._forward_pre_hooks or obj._backward_hooks)
            and all(_builtin_module(m) for m in obj.children()))


def _module_snapshot(obj: Any) -> dict | None:
    """A module made only of PyTorch's own layers travels as data: its class name, plain
    attributes, parameters, buffers, mode and children (the judge rebuilds it with PyTorch's
    code); anything else stays here behind a handle."""
    if not _builtin_module(obj):
        return None
    plain = wire.Encoder(_no_objects)
    attrs = []
    for name, value in vars(obj).items():
        if name in ("_parameters", "_buffers", "_modules", "training") or "hook" in name:
            continue
        try:
            attrs.append([name, plain.encode(value)])
        except (TypeError, wire.WireError):
            continue
    cls = _torch_class(obj)
    return {"t": "module", "class": f"{cls.__module__}.{cls.__qualname__}",
            "training": bool(obj.training), "attrs": attrs,
            "params": [[k, None if v is None else plain.encode(v)] for k, v in obj._parameters.items()],
            "buffers": [[k, None if v is None else plain.encode(v)] for k, v in obj._buffers.items()],
            "children": [[k, _module_snapshot(m)] for k, m in obj._modules.items() if m is not None]}


def _lookup_ref(tag: dict) -> Any:
    hid = tag.get("id")
    if hid not in _handles:
        raise KeyError(f"no object {hid!r} in the kernel")
    return _handles[hid]


def _where(exc: BaseException) -> str:
    """Where in the learner's code ``exc`` was raised: "relu, line 4" (frames of this module left out)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    if not frames:
        return ""
    last = frames[-1]
    return f"{last.name}, line {last.lineno}"


def _exception(exc: BaseException) -> dict:
    try:
        msg = str(exc)[:4000]
    except Exception:  # noqa: BLE001
        msg = "(its message could not be read)"
    cls = type(exc)
    module = str(cls.__module__)[:100]
    if module == "builtins" and getattr(builtins, cls.__name__, None) is not cls:
        module = "(a class that calls itself built-in)"  # type("ValueError", (Exception,), {...}) is no ValueError
    return {"exc": {"type": cls.__name__[:100], "module": module, "msg": msg, "where": _where(exc)[:300]}}


def _snapshot(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return (obj.shape, obj.dtype.str, obj.tobytes())
    torch = wire._torch()
    if torch is not None and isinstance(obj, torch.Tensor):
        grad = None if obj.grad is None else obj.grad.detach().cpu().numpy().tobytes()
        return (tuple(obj.shape), str(obj.dtype), obj.detach().cpu().numpy().tobytes(), obj.requires_grad, grad)
    if isinstance(obj, list):
        return [id(x) for x in obj]
    if isinstance(obj, dict):
        return [(id(k), id(v)) for k, v in obj.items()]
    if obj is not None and not isinstance(obj, (tuple, str, bytes, int, float)):
        return wire.dumps(_state(obj))  # an object the judge sent: its state
    return None


def _state(obj: Any) -> dict:
    """What the judge copies back into its own object after a call: for a torch module its
    parameters and buffers, each submodule's mode and plain public attributes; for an optimizer
    its state_dict(); for any other object its plain public attributes."""
    torch = wire._torch()
    if torch is not None and isinstance(obj, torch.optim.Optimizer):
        # its hyperparameters and buffers (momentum, Adam's moments) by parameter index: the judge
        # loads them into its own optimizer, which keeps holding the test's parameters
        return {"attrs": [], "optimizer": wire.Encoder(_no_objects).encode(obj.state_dict())}
    parts = list(obj.modules()) if torch is not None and isinstance(obj, torch.nn.Module) else [obj]
    attrs = []
    for i, part in enumerate(parts):
        for name, value in list(getattr(part, "__dict__", {}).items()):
            if name.startswith("_") or name == "training":
                continue
            try:
                attrs.append([i, name, wire.Encoder(_no_objects).encode(value)])
            except (TypeError, wire.WireError):
                continue  # not plain data: it stays as it is in the judge
    state: dict[str, Any] = {"attrs": attrs}
    if len(parts) > 1 or parts[0] is not obj or (torch is not None and isinstance(obj, torch.nn.Module)):
        state["training"] = [bool(m.training) for m in parts]
        state["tensors"] = wire.Encoder(_no_objects).encode(
            {k: v for k, v in obj.state_dict(keep_vars=True).items()})
        # each submodule's class and parameter shapes: a call that replaced one (a new head) is seen
        state["structure"] = {path: f"{type(m).__module__}.{type(m).__qualname__}|"
                                    + ";".join(f"{k}{tuple(v.shape)}" for k, v in m.named_parameters(recurse=False))
                              for path, m in obj.named_modules() if path}
    return state


def _replaced(obj: Any, before: str, state: dict) -> list:
    """[[path, module snapshot]] of the submodules of ``obj`` the call replaced with modules made of
    PyTorch's own layers (topmost only); a learner's own class cannot travel and is left out."""
    try:
        old = wire.loads(before).get("structure", {})
    except (wire.WireError, AttributeError):
        return []
    new = state.get("structure", {})
    out: list = []
    for path in sorted(new):
        if old.get(path) == new[path] or any(path.startswith(p + ".") for p, _ in out):
            continue
        snap = _module_snapshot(obj.get_submodule(path))
        if snap is not None:
            out.append([path, snap])
    return out


def _no_objects(obj: Any) -> dict:
    raise TypeError(type(obj).__name__)


def _changes(objects: list, before: list, identities: dict[int, int]) -> list:
    """[seq, encoded new value] for each argument object the call changed in place."""
    out = []
    for seq, (obj, snap) in enumerate(zip(objects, before, strict=False)):
        if snap is None or _snapshot(obj) == snap:
            continue
        inner = {k: v for k, v in identities.items() if v != seq}
        enc = wire.Encoder(_register, inner)
        enc.views = [(i, o) for i, o in enumerate(objects) if isinstance(o, np.ndarray) and i != seq]
        torch = wire._torch()
        if isinstance(obj, np.ndarray):
            out.append([seq, {"t": "nd", **wire._array(obj)}])
        elif isinstance(obj, (list, dict)):
            out.append([seq, enc.encode(type(obj)(obj))])  # a fresh container: its items by identity
        elif torch is not None and isinstance(obj, torch.Tensor):
            out.append([seq, {"t": "tensor_after", "v": enc.encode(obj.detach().clone()),
                              "requires_grad": bool(obj.requires_grad),
                              "grad": None if obj.grad is None else enc.encode(obj.grad.detach().clone())}])
        else:  # an object the judge sent
            state = _state(obj)
            if "structure" in state:
                state["replaced"] = _replaced(obj, snap, state)
            out.append([seq, {"t": "state", "v": state}])
    return out


def _reply(value: Any, objects: list) -> dict:
    identities = {id(o): seq for seq, o in enumerate(objects) if o is not None}
    enc = wire.Encoder(_register, identities)
    enc.views = [(seq, o) for seq, o in enumerate(objects) if isinstance(o, np.ndarray)]
    return {"v": enc.encode(value)}


def _unpickle(text: str) -> list:
    """The judge's own objects for this request, pickled together (so they keep sharing, as an
    optimizer shares a model's parameters). Only the judge pickles; this side only loads."""
    import base64
    import pickle

    objs = pickle.loads(base64.b64decode(text, validate=True))  # noqa: S301 - from the judge
    if not isinstance(objs, list):
        raise TypeError("the judge sent no list of objects")
    return objs


def _name(req: dict) -> str:
    name = req.get("name")
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError("the judge sent no name")
    return name


def _handle(req: dict, ns: dict, buffers: list | None = None) -> dict:
    # long: one branch per kind of the judge's request (lookup, bind, call, getattr, ...), each a few lines
    op = req.get("op")
    if op == "lookup":
        found, missing = {}, []
        for name in req.get("names", []):
            if isinstance(name, str) and name in ns:
                found[name] = wire.Encoder(_register).encode(ns[name])
            else:
                missing.append(name)
        return {"found": found, "missing": missing}
    if op == "release":
        for hid in req.get("ids", []):
            _handles.pop(hid, None)
        return {"v": None}
    if op == "unbind":  # a test deleted a name of the learner's (grader.judge.namespace)
        ns.pop(_name(req), None)
        return {"v": None}
    sent = _unpickle(req["objects"]) if "objects" in req else []
    target = (decoder.Decoder(_lookup_ref, sent=sent, buffers=buffers).decode(req["target"]) if "target" in req
              else ns[req["name"]])
    dec = decoder.Decoder(_lookup_ref, sent=sent, buffers=buffers)  # numbers the argument objects as the judge did
    if op == "call":
        args = dec.decode(req.get("args", {"t": "list", "v": []}))
        kwargs = dec.decode(req.get("kwargs", {"t": "dict", "v": []}))
        objects = list(dec.objects)
        before = [_snapshot(o) for o in objects]
        torch = wire._torch() if req.get("no_grad") is True else None
        if torch is not None:  # the test called it inside torch.no_grad(): so does the learner's call
            with torch.no_grad():
                value = target(*args, **kwargs)
        else:
            value = target(*args, **kwargs)
        reply = _reply(value, objects)
        identities = {id(o): seq for seq, o in enumerate(objects) if o is not None}
        reply["after"] = _changes(objects, before, identities)
        return reply
    if op == "bind":  # a test bound a name of the learner's to an object of the kernel's again
        ns[_name(req)] = target
        return {"v": None}
    if op == "getattr":
        return _reply(getattr(target, str(req["attr"])), [])
    if op == "setattr":
        setattr(target, str(req["attr"]), dec.decode(req["value"]))  # a sent object stays here
        return {"v": None}
    if op == "getitem":
        return _reply(target[dec.decode(req["key"])], [])
    if op == "setitem":
        target[dec.decode(req["key"])] = dec.decode(req["value"])
        return {"v": None}
    if op == "iter":
        items = list(itertools.islice(iter(target), MAX_ITER + 1))
        if len(items) > MAX_ITER:
            raise ValueError(f"more than {MAX_ITER} items to iterate over")
        return _reply(items, [])
    if op == "len":
        return {"v": int(len(target))}
    if op == "bool":
        return {"v": bool(target)}
    if op == "repr":
        return {"v": repr(target)[:2000]}
    raise ValueError(f"unknown request {op!r}")


def serve(payload: str, ns: dict, buffers: list | None = None) -> str:
    """Answer one judge request (JSON text) against namespace ``ns``; the reply's JSON text.
    ``buffers``: the request's raw array frames, which its ``"buf"`` tags name by index."""
    try:
        if buffers is not None and sum(memoryview(b).nbytes for b in buffers) > wire.MAX_REQUEST:
            raise wire.WireError("the request's arrays are too big")
        req = wire.loads(payload, wire.MAX_REQUEST, containers=0)  # the judge's own request: trusted
        reply = _handle(req, ns, buffers)
    except BaseException as exc:  # noqa: BLE001 - the learner's exception is the answer
        reply = _exception(exc)
    try:
        return wire.dumps(reply)
    except BaseException as exc:  # noqa: BLE001 - e.g. a result too big to send
        return wire.dumps(_exception(exc))


class Raw(str):
    """A reply whose text form is itself: IPython shows a user expression's value by its repr,
    and quoting a reply of many megabytes there, and parsing the quotes back in the judge
    (ast.literal_eval), cost more than the reply's JSON itself."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str.__str__(self))


def serve_message(ns: dict) -> Raw:
    """Answer the judge request that the kernel's current execute request carries in its binary
    frames (grader.autograde.preprocessors.judged): the request's JSON text (UTF-8) in the first,
    its large arrays' bytes in the others. Frames reach ipykernel as they were sent: no quoting,
    no base64, no Python literal to compile (what a request written into the expression costs
    for a model's weights). The reply is :func:`serve`'s, as :class:`Raw` text."""
    try:
        from IPython import get_ipython

        frames = [memoryview(getattr(b, "buffer", b)) for b in get_ipython().kernel.get_parent("shell").get("buffers", [])]
        if not frames:
            raise wire.WireError("the request carries no frames")
        payload = str(frames[0], "utf-8")
    except BaseException as exc:  # noqa: BLE001 - the kernel's own state may be broken: say so
        return Raw(wire.dumps(_exception(exc)))
    return Raw(serve(payload, ns, frames[1:]))
