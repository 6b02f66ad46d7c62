"""Builds the round-5 attack submissions (tests/attacks5/*.ipynb) and a class folder to grade.

Each attack is a released notebook (notebooks/NN_*.ipynb) with some solution cells replaced:
honest cells come from tests/alternatives (the first alternative of that cell), attacked cells
from ATTACKS below. ``python tests/attacks5/build.py CLASS_DIR`` writes the .ipynb files next to
this script and a class folder CLASS_DIR/<attack>/<NN_name>.ipynb for ``python -m grader grade``.
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.alternatives import all_alternatives  # noqa: E402
from tests.attacks5.attacks import ATTACKS  # noqa: E402

HERE = Path(__file__).resolve().parent


def notebook_path(stem_prefix):
    (found,) = [p for p in (ROOT / "notebooks").glob(f"{stem_prefix}*.ipynb")]
    return found


def build(name, nb_prefix, cells, honest=True, extra=()):
    """cells: {grade_id: source}; extra: [(after_grade_id_or_index, source)] new cells added."""
    path = notebook_path(nb_prefix)
    nb = json.loads(path.read_text())
    alts = {}
    for alt in all_alternatives().get(path.stem, []):
        alts.setdefault(alt.cell, alt.source)
    out = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution") and gid:
            cell = copy.deepcopy(cell)
            if gid in cells:
                cell["source"] = cells[gid]
            elif honest and gid in alts:
                cell["source"] = alts[gid]
        out.append(cell)
        for after, src in extra:
            if after == gid:
                meta = {}
                if isinstance(src, dict):
                    src, meta = src["source"], src["metadata"]
                out.append({"cell_type": "code", "execution_count": None, "metadata": meta,
                            "outputs": [], "source": src, "id": f"extra{len(out)}"})
    nb["cells"] = out
    return path.name, nb


def main(class_dir=None):
    for name, spec in ATTACKS.items():
        fname, nb = build(name, **spec)
        (HERE / f"{name}.ipynb").write_text(json.dumps(nb, indent=1) + "\n")
        if class_dir:
            d = Path(class_dir) / name
            d.mkdir(parents=True, exist_ok=True)
            (d / fname).write_text(json.dumps(nb, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
