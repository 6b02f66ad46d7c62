"""Choose the mistake the demo's sample class hands in (after the notebooks change); or write the class.

    python tools/rebuild_sample_class.py               # writes tools/sample_mistake.json
    python tools/rebuild_sample_class.py --into DIR    # ... and the sample class itself into DIR

`python -m grader demo` builds its sample class on demand from solutions/ and
notebooks/ (grader.course.demo.build): the grader package keeps no answers, so none
reach the wheel or a sandboxed kernel. Grace Hopper's first notebook carries
the first plausible mistake that tests/mistakes lists for the first notebook,
a wrong implementation and no answer; the grader package never imports
tests/, so this script writes that mistake to tools/sample_mistake.json,
where the demo reads it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.course.demo import MISTAKE, build  # noqa: E402
from tests.mistakes import all_mistakes  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--into", type=Path, metavar="DIR", help="also write the sample class into DIR")
    args = ap.parse_args(argv)
    stems = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    found = all_mistakes().get(stems[0], []) if stems else []
    if not found:
        print(f"tests/mistakes lists no mistake for {stems[:1]}", file=sys.stderr)
        return 1
    mistake = {"notebook": stems[0], "cell": found[0].cell, "name": found[0].name, "source": found[0].source}
    MISTAKE.write_text(json.dumps(mistake, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {MISTAKE.relative_to(ROOT)}: {stems[0]} {found[0].cell} ({found[0].name})")
    if args.into:
        print("sample class written for", ", ".join(build(args.into, mistake=(found[0].cell, found[0].source))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
