"""Write a copy of a released notebook with my answers in its exercise cells.

    python tests/learner_trial/fill.py 04 WRONG /tmp/learner3/nb

writes /tmp/learner3/nb/WRONG/04_....ipynb, every exercise cell (nbgrader solution cell)
replaced by the source of that name in impl_nbNN.py's dict WRONG (or RIGHT, OTHER ...).
A learner's edit is exactly that: typing into the exercise cell and saving.
"""

import glob
import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def fill(nn: str, variant: str, out_dir: str) -> str:
    sys.path.insert(0, HERE)
    answers = getattr(importlib.import_module(f"impl_nb{nn}"), variant)
    (path,) = glob.glob(os.path.join(ROOT, "notebooks", f"{nn}_*.ipynb"))
    with open(path) as f:
        nb = json.load(f)
    used = set()
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution") and gid in answers:
            cell["source"] = answers[gid].strip("\n").splitlines(keepends=True)
            used.add(gid)
    missing = set(answers) - used
    if missing:
        raise SystemExit(f"no exercise cell named {sorted(missing)} in {path}")
    os.makedirs(os.path.join(out_dir, variant), exist_ok=True)
    dest = os.path.join(out_dir, variant, os.path.basename(path))
    with open(dest, "w") as f:
        json.dump(nb, f, indent=1)
    return dest


if __name__ == "__main__":
    print(fill(sys.argv[1], sys.argv[2], sys.argv[3]))
