"""Fill a fetched notebook as a student would (tests/instructor_week/week.sh).

python fill.py MODE NOTEBOOK ASSIGNMENT; MODE: full (every solution cell from solutions/),
partial (only the first exercise), tamper (full, then the test cell test_relu deleted and
test_max_pool_ties's grade_id renamed, as a careless editor might).
"""
import json
import pathlib
import sys

mode, path, assignment = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
repo = pathlib.Path(__file__).resolve().parents[2]
solutions = json.loads((repo / "solutions" / f"{assignment}.ipynb").read_text())
answer = {}
for cell in solutions["cells"]:
    meta = cell["metadata"].get("nbgrader", {})
    if meta.get("solution"):
        lines = "".join(cell["source"]).splitlines(keepends=True)
        answer[meta["grade_id"]] = "".join(
            x for x in lines if x.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
nb = json.loads(path.read_text())
filled = 0
for cell in nb["cells"]:
    gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
    if gid in answer and (mode != "partial" or filled == 0):
        cell["source"] = answer[gid]
        filled += 1
if mode == "tamper":
    nb["cells"] = [c for c in nb["cells"]
                   if c["metadata"].get("nbgrader", {}).get("grade_id") != "test_relu"]
    for c in nb["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_max_pool_ties":
            c["metadata"]["nbgrader"]["grade_id"] = "my_test"
path.write_text(json.dumps(nb, indent=1))
print(f"{path}: {filled} solution cells filled ({mode})")
