"""python -m benchmarks [NAME ...] [--quick]: run benchmarks, update RESULTS.md."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import re
import shlex
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
INTRO = """# Benchmark results

Written by `make bench` (`python -m benchmarks`); each section says the machine,
the date and the command that produced it. Ratios compare against a reference
measured in the same run. Do not edit by hand.
"""


def available() -> list[str]:
    return sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    parts = [f"{os.cpu_count()} CPU cores ({cpu})", f"Python {platform.python_version()}"]
    try:
        import numpy
        parts.append(f"NumPy {numpy.__version__}")
        import torch
        parts.append(f"PyTorch {torch.__version__}")
        if torch.cuda.is_available():
            parts.append(f"GPU {torch.cuda.get_device_name(0)}")
        else:
            parts.append("no GPU")
    except ImportError:
        pass
    return ", ".join(parts)


def commit() -> str:
    """The measured code's short commit, with "+changes" when the work tree differs from it."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE.parent, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE.parent,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + (" +changes" if head and dirty else "")


def read_sections(path: Path = RESULTS) -> dict[str, str]:
    """{section name: text} of a RESULTS file (tools/gpu_check.py passes another path)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->", text, flags=re.S)
    return dict(found)


def write_sections(sections: dict[str, str], path: Path = RESULTS) -> None:
    body = [INTRO]
    for name in sorted(sections):
        body.append(f"<!-- bench:{name} -->\n{sections[name]}<!-- /bench:{name} -->\n")
    path.write_text("\n".join(body), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    names = available()
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("names", nargs="*", metavar="NAME", help=f"which to run (default all: {', '.join(names)})")
    ap.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes (a smoke run)")
    args = ap.parse_args(argv)
    unknown = [n for n in args.names if n not in names]
    if unknown:
        print(f"error: unknown benchmark {', '.join(unknown)}; choose from {', '.join(names)}", file=sys.stderr)
        return 2
    sections = read_sections()
    command = "python -m benchmarks " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    for name in args.names or names:
        print(f"== {name}", flush=True)
        mod = importlib.import_module(f"benchmarks.bench_{name}")
        text = mod.run(quick=args.quick).rstrip() + "\n"
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        header = f"_Machine: {machine()}. Date: {stamp}. Commit: {commit()}. Command: `{command.strip()}`._\n\n"
        # keep the section's own heading first, then the header
        lines = text.split("\n", 1)
        sections[name] = f"{lines[0]}\n\n{header}{lines[1] if len(lines) > 1 else ''}"
        print(text, flush=True)
        if not args.quick:
            write_sections(sections)
    if not args.quick:
        print(f"Wrote {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
