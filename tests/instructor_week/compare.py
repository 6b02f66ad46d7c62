"""Compare the grader's grades.json with an `nbgrader export` CSV, per student and assignment.

python compare.py COURSE_DIR EXPORT_CSV; prints every pair and exits 1 on any disagreement.
"""
import csv
import json
import pathlib
import sys

course, export = pathlib.Path(sys.argv[1]), sys.argv[2]
ours = json.loads((course / "grades.json").read_text())["students"]
theirs = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(open(export))}
bad = 0
for (student, assignment), r in sorted(theirs.items()):
    row = ours.get(student, {}).get(assignment)
    mine = None if row is None else (row["score"], row["max_score"], row["status"])
    agree = row is not None and abs(row["score"] - float(r["score"])) < 1e-9 \
        and abs(row["max_score"] - float(r["max_score"])) < 1e-9
    bad += not agree
    print(f"{'ok ' if agree else 'BAD'} {student:5} {assignment:32} export {r['score']:>5}/{r['max_score']}"
          f" (raw {r['raw_score']}, late {r['late_submission_penalty']})  ours {mine}")
extra = {(s, a) for s, rows in ours.items() for a in rows} - set(theirs)
for pair in sorted(extra):
    print("EXTRA row in grades.json, not in nbgrader export:", pair)
sys.exit(1 if bad or extra else 0)
