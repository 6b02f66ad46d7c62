"""What a call of learner code changed in the test's own values, applied back to them.

A call in the kernel gets copies of the test's arguments; what it changed in
them (an array filled in place, a model's parameters after a training step,
an optimizer's state) comes back, and only that is applied to the test's own
objects (grader.judge.judge.Judge.call). Learner code must not steer the
test's objects otherwise: of plain attributes only those the test's class
names in ``judge_copy_back`` come back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.judge import wire
from grader.judge.remote import JudgeAbort


def apply(local: Any, new: Any) -> None:
    """Make ``local`` (an argument the test passed) equal to what the call left in the kernel."""
    if isinstance(local, np.ndarray) and isinstance(new, np.ndarray):
        if new.size == local.size and new.shape != local.shape:
            try:
                local.shape = new.shape
            except AttributeError:
                return
        if new.shape == local.shape:
            np.copyto(local, new, casting="unsafe")
    elif isinstance(local, list) and isinstance(new, list):
        local[:] = new
    elif isinstance(local, dict) and isinstance(new, dict):
        local.clear()
        local.update(new)
    else:
        torch = wire._torch()
        if torch is not None and isinstance(local, torch.Tensor) and isinstance(new, torch.Tensor):
            if new.shape == local.shape:
                with torch.no_grad():
                    local.copy_(new.to(local.dtype))


def values(tensor: Any) -> tuple:
    """A comparable copy of a tensor's shape, dtype and values."""
    raw = tensor.detach().cpu().contiguous().flatten()
    return (tuple(tensor.shape), str(tensor.dtype), raw.view(__import__("torch").uint8).numpy().tobytes())


def what(obj: Any) -> str:
    shape = getattr(obj, "shape", None)
    if shape is not None:
        return f"the {type(obj).__name__} of shape {tuple(shape)}"
    return f"a {type(obj).__name__}"


def apply_tensor(local: Any, info: dict, decode: Callable[[Any], Any]) -> None:
    """A tensor argument after the call: its values, whether it requires gradients, its .grad."""
    torch = wire._torch()
    if torch is None or not isinstance(local, torch.Tensor):
        raise JudgeAbort("the kernel's answer was malformed")
    apply(local, decode(info.get("v")))
    if local.is_leaf and local.is_floating_point():
        local.requires_grad_(info.get("requires_grad") is True)
    grad = info.get("grad")
    new = None if grad is None else decode(grad)
    if new is None or (isinstance(new, torch.Tensor) and new.shape == local.shape):
        local.grad = None if new is None else new.to(local.dtype)


def apply_state(local: Any, state: Any, decode: Callable[[Any], Any]) -> None:
    """Copy what a call changed in a sent object back into the test's own: parameters and
    buffers (in place, so an optimizer still holds them, with whether they require gradients),
    modes, an optimizer's state_dict (hyperparameters, momentum buffers), and only those plain
    attributes that the object's class names in ``judge_copy_back`` (a tuple of names, set by the
    course's test code, e.g. a probe's record of calls). Any other attribute the call changed (a
    loader's dataset, a model's constant that a reference reads afterwards) stays as the test made
    it: learner code must not steer the test's own objects."""
    if not isinstance(state, dict):
        raise JudgeAbort("the kernel's answer was malformed")
    torch = wire._torch()
    if "optimizer" in state:
        if torch is None or not isinstance(local, torch.optim.Optimizer):
            raise JudgeAbort("the kernel's answer was malformed")
        try:  # by parameter index: the optimizer keeps holding the test's own parameters
            local.load_state_dict(decode(state["optimizer"]))
        except (TypeError, ValueError, KeyError, IndexError, RuntimeError):
            raise JudgeAbort("the kernel's answer was malformed (an optimizer's state)") from None
        return
    is_module = torch is not None and isinstance(local, torch.nn.Module)
    if is_module:  # submodules the call replaced (a new head), rebuilt with PyTorch's own classes
        _replace_submodules(local, state.get("replaced") or [], decode)
    parts = list(local.modules()) if is_module else [local]
    if is_module and "tensors" in state:
        _copy_tensors(local, parts, state, decode)
    _copy_attrs(parts, state.get("attrs", []), decode)


def _replace_submodules(local: Any, replaced: list, decode: Callable[[Any], Any]) -> None:
    """Put the submodules a call replaced (``[dotted name, module]`` entries) into the test's model."""
    torch = wire._torch()
    for entry in replaced[:1000]:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            raise JudgeAbort("the kernel's answer was malformed")
        new = decode(entry[1])
        parent, _, name = entry[0].rpartition(".")
        try:
            holder = local.get_submodule(parent) if parent else local
        except AttributeError:
            continue
        if isinstance(new, torch.nn.Module) and name in holder._modules:
            holder._modules[name] = new


def _copy_tensors(local: Any, parts: list, state: dict, decode: Callable[[Any], Any]) -> None:
    """A model's parameters and buffers (in place, with whether they require gradients) and its
    modules' training modes, as the call left them."""
    torch = wire._torch()
    new = decode(state["tensors"])
    if not isinstance(new, dict):
        raise JudgeAbort("the kernel's answer was malformed")
    with torch.no_grad():
        for name, t in local.state_dict(keep_vars=True).items():
            got = new.get(name)
            if isinstance(got, torch.Tensor) and got.shape == t.shape:
                t.copy_(got.to(t.dtype))
                if t.is_leaf and t.is_floating_point():  # frozen or not (prepare_transfer's work)
                    t.requires_grad_(got.requires_grad)
    modes = state.get("training", [])
    if isinstance(modes, list) and len(modes) == len(parts):
        for m, flag in zip(parts, modes, strict=True):
            m.training = flag is True


def _copy_attrs(parts: list, attrs: list, decode: Callable[[Any], Any]) -> None:
    """Plain attributes (``[part index, name, value]`` entries) the call changed, only those the
    part's class names in ``judge_copy_back``, and only where the test's object already had one."""
    torch = wire._torch()
    for entry in attrs[:10_000]:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], int)
                and 0 <= entry[0] < len(parts) and isinstance(entry[1], str)):
            raise JudgeAbort("the kernel's answer was malformed")
        part, name = parts[entry[0]], entry[1]
        if name not in _copy_back(part):
            continue
        old = part.__dict__.get(name, _MISSING) if hasattr(part, "__dict__") else _MISSING
        if old is _MISSING or (torch is not None and isinstance(old, (torch.Tensor, torch.nn.Module))):
            continue  # only plain attributes the test's object already had
        object.__setattr__(part, name, decode(entry[2]))


_MISSING = object()


def _copy_back(part: Any) -> tuple[str, ...]:
    """The attribute names ``part``'s class lets a call change (``judge_copy_back``), read from
    the class itself (the test's own code), never from the instance."""
    names = getattr(type(part), "judge_copy_back", ())
    return tuple(n for n in names if isinstance(n, str)) if isinstance(names, (tuple, list)) else ()
