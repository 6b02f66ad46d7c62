"""`make book`: how long the rendered edition takes to build, cold and from its cache.

Cold: every notebook is run with its solutions in the book's mode (CNN_COURSE_FAST=book:
fast mode with training long enough to learn), two kernels at a time, as
`make book` does on two cores), then Sphinx renders the site. Warm: the same build again,
every execution taken from the cache, so only composing and rendering remain. Both build
into a temporary folder with a cache of their own, so the developer's build/book is not
touched. The load average at the start is printed: on a shared machine it explains a lot.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path


def run(quick: bool = False) -> str:
    from book import build

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    names = build.stems()
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        out = Path(tmp)
        said: list[str] = []
        t0 = time.monotonic()
        build.build(out, jobs=2, log=said.append)
        cold = time.monotonic() - t0
        per = {m.group(1): int(m.group(2)) for m in map(re.compile(r"\s+(\S+): ran in (\d+) s").match, said) if m}
        t0 = time.monotonic()
        build.build(out, jobs=2, log=lambda _: None)
        warm = time.monotonic() - t0
        size = sum(f.stat().st_size for f in (out / "html").rglob("*") if f.is_file())
    lines.append("### The book: `make book`, cold and from the cache")
    lines.append("")
    lines.append(f"{len(names)} notebooks run with their solutions in the book's mode (`CNN_COURSE_FAST=book`: "
                 "fast mode with training long enough to learn), two kernels at a time, "
                 f"then rendered by Sphinx with MyST-NB (the site: {size / 2**20:.1f} MiB). "
                 f"Load average at the start: {load:.1f} on {os.cpu_count()} cores.")
    lines.append("")
    lines.append("| build | seconds |")
    lines.append("|---|---:|")
    lines.append(f"| cold (every notebook run) | {cold:.0f} |")
    lines.append(f"| warm (every notebook from the cache) | {warm:.0f} |")
    lines.append("")
    lines.append("Seconds per notebook in the cold build (two run at once): "
                 + ", ".join(f"{k[:2]} {v}" for k, v in per.items()) + ".")
    # CI's test builds the book in fast mode after tests/test_course.py has graded the solutions: it
    # takes those runs (build.reusable) and runs only the notebooks whose widgets or figures need its kernel
    own = [s for s in names if not build.reusable(build.to_execute(s), build.to_execute(s), build.FAST_MODE)]
    lines.append("")
    lines.append("The tests (tests/test_course_book.py, in CI) build the book in the grader's fast mode "
                 "(`python -m book build --fast`) and run only " + ", ".join(s[:2] for s in own)
                 + " themselves (widgets made into stills, figures that fast mode does not draw while graded); "
                 "the other notebooks come from the grading run.")
    return "\n".join(lines) + "\n"
