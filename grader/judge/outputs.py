"""A judged test cell's outputs: its error as nbformat writes it, learner text kept out of hidden parts."""

from __future__ import annotations

import os
import traceback

from grader.judge.remote import JudgeAbort

WITHHELD = "[a message your code raised during a hidden test: not shown]"
# the judge's own frames are left out of a test's traceback (the test reads as if it ran alone)
PACKAGE = os.path.dirname(os.path.abspath(__file__))


def without(output: dict, texts: list[str]) -> dict:
    """``output`` with every learner text in ``texts`` taken out (as written, on one line, or
    quoted); an output in which a piece of one is still found is replaced by a plain note."""
    def clean(value: str) -> str:
        for t in sorted(texts, key=len, reverse=True):
            if not t.strip():
                continue
            one = " ".join(t.split())
            for form in (t, one, repr(one)[1:-1], one[:296]):
                if len(form) >= 4:
                    value = value.replace(form, WITHHELD)
        return value

    def leaky(value: str) -> bool:
        flat = " ".join(value.split())
        return any(len(one) >= 12 and any(one[i:i + 12] in flat for i in range(0, len(one) - 11, 6))
                   for one in (" ".join(t.split()) for t in texts))

    out = dict(output)
    for key in ("text", "evalue"):
        if isinstance(out.get(key), str):
            out[key] = clean(out[key])
    if isinstance(out.get("traceback"), list):
        out["traceback"] = [clean(str(line)) for line in out["traceback"]]
    shown = " ".join([str(out.get("text", "")), str(out.get("evalue", "")), *map(str, out.get("traceback", []))])
    if leaky(shown):
        note = ("a hidden test failed; its message is not shown because it would show text your code "
                "produced during the hidden test")
        if out.get("output_type") == "error":
            out.update(evalue=note, traceback=[f"{out.get('ename', 'Error')}: {note}"])
        else:
            out["text"] = "[output of a hidden test not shown: it held text your code produced]\n"
    return out


def error_output(exc: BaseException, filename: str, count: int, aborted: str | None) -> dict:
    if isinstance(exc, JudgeAbort):
        ename, evalue = "GraderError", f"{exc} (the test cannot be scored)"
    else:
        ename, evalue = type(exc).__name__, str(exc)
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            lines.append(f"Cell In[{count}], line {frame.lineno}")
        elif os.path.dirname(os.path.abspath(frame.filename)) == PACKAGE or frame.filename.startswith("<course cell"):
            continue
        else:
            lines.append(f"  File {frame.filename}:{frame.lineno}, in {frame.name}")
    where = getattr(exc, "learner_where", "")
    tail = f"{ename}: {evalue}" if evalue else ename
    if where:
        tail += f"\n(raised in your code: {where})"
    lines.append(tail)
    if aborted and not isinstance(exc, JudgeAbort):
        lines.append(f"GraderError: {aborted}")
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": lines}
