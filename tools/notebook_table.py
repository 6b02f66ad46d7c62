"""Write the course's notebook table, wherever it is shown, from one source.

The table (notebook, topic, what a learner implements, points) appears in README.md,
solutions/README.md and notebooks/README.md. Its facts live in one place each:

- topic and exercise names: ``solutions/notebooks.json`` (hand-written, one entry per notebook);
- points: the nbgrader test cells of ``solutions/<stem>.ipynb`` (summed as the grader sums them);
- the list of notebooks: the solutions folder itself (``grader.course.layout.list_stems``).

Each document keeps its table between ``<!-- notebook-table -->`` and ``<!-- /notebook-table -->``;
the lines between the markers are rewritten, the rest of the document is left as it is.

Usage::

    python tools/notebook_table.py           # rewrite the three tables
    python tools/notebook_table.py --check   # exit 1 (and say which) when one is out of date

``make release`` runs the first form; tests/test_notebooks.py runs the second.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.cells import nbgrader_meta  # noqa: E402  (the repository's own grader, not an installed copy)
from grader.course.layout import list_stems  # noqa: E402

SOURCE = ROOT / "solutions" / "notebooks.json"
START, END = "<!-- notebook-table -->", "<!-- /notebook-table -->"


def _points(stem: str) -> int | float:
    """The notebook's points: the sum over its graded cells, as nbgrader's gradebook sums them."""
    nb = json.loads((ROOT / "solutions" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    total = sum(float(nbgrader_meta(c).get("points", 0)) for c in nb["cells"] if nbgrader_meta(c).get("grade"))
    return int(total) if total.is_integer() else total


def _facts() -> list[tuple[str, str, list[str], int]]:
    """[(stem, topic, exercises, points)] for every notebook in solutions/, in order.

    Raises SystemExit with a message when solutions/notebooks.json lacks a notebook or
    names one that solutions/ does not have.
    """
    table = json.loads(SOURCE.read_text(encoding="utf-8"))
    stems = list_stems(ROOT / "solutions")
    missing, extra = sorted(set(stems) - set(table)), sorted(set(table) - set(stems))
    if missing or extra:
        raise SystemExit(f"{SOURCE.relative_to(ROOT)} and solutions/ disagree: "
                         f"no entry for {missing or 'none'}, entries without a notebook {extra or 'none'}")
    return [(s, table[s]["topic"], list(table[s]["exercises"]), _points(s)) for s in stems]


def _code(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def tables() -> dict[Path, str]:
    """{document: its table's lines (markers excluded)}."""
    facts = _facts()
    readme = ["| notebook | topic | what you implement | points |", "|---|---|---|---|"]
    readme += [f"| [{s}](notebooks/{s}.ipynb) | {t} | {_code(e)} | {p} |" for s, t, e, p in facts]
    folder = ["| file | what it is |", "|---|---|"]
    folder += [f"| {s}.ipynb | {t}; you write {_code(e)} ({p} points) |" for s, t, e, p in facts]
    return {ROOT / "README.md": "\n".join(readme),
            ROOT / "solutions" / "README.md": "\n".join(folder),
            ROOT / "notebooks" / "README.md": "\n".join(folder)}


def rewrite(text: str, table: str, where: Path) -> str:
    """``text`` with the lines between the markers replaced by ``table``.

    Raises SystemExit when ``where`` lacks the markers (add them around its table by hand once).
    """
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{where.relative_to(ROOT)} has no {START} ... {END} block to write the table into")
    return text[:start + len(START)] + "\n" + table + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a table is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, table in tables().items():
        old = path.read_text(encoding="utf-8")
        new = rewrite(old, table, path)
        if new != old:
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if args.check and stale:
        print(f"the notebook table is out of date in {', '.join(stale)}: run `python tools/notebook_table.py` "
              f"(or `make release`) after changing solutions/notebooks.json or a notebook's points")
        return 1
    if stale:
        print(f"rewrote the notebook table in {', '.join(stale)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
