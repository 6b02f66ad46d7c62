"""Regenerate grader/sample_class/ (what `python -m grader demo` grades) after the notebooks change.

    python tools/rebuild_sample_class.py

Grace Hopper's first notebook carries the first plausible mistake that
tests/mistakes lists for it; the grader package itself never imports tests/,
so this script hands the mistake to :func:`grader.demo.rebuild`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.demo import rebuild  # noqa: E402
from tests.mistakes import all_mistakes  # noqa: E402


def main() -> int:
    stems = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    found = all_mistakes().get(stems[0], []) if stems else []
    mistake = (found[0].cell, found[0].source) if found else None
    print("sample class rebuilt for", ", ".join(rebuild(mistake=mistake)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
