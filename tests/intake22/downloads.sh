#!/bin/bash
# Nested zips, LMS bulk downloads (Canvas/Moodle/Blackboard naming), an nbgrader quickstart course
# and `nbgrader autograde` with the course's config, against the fixture course.
#   W=/tmp/intake22 bash tests/intake22/downloads.sh   (after make_samples.py wrote $W/release)
set -u
cd "$(dirname "$0")/../.."
export GRADER_SOLUTIONS=$PWD/tests/fixtures/grader_course/solutions GRADER_CACHE=$W/cache
G=(nice -n 10 .venv/bin/python -m grader)
L=(--workers 2 --timeout 20 --notebook-timeout 90 --memory 1G)
S=$W/dl
rm -rf "$S"; mkdir -p "$S"
NB=01_fixture_add
show() { echo "== $1 rc=$2"; tail -n "${3:-8}" "$S/o"; tail -n 4 "$S/e"; }
go() { local name=$1; shift; "${G[@]}" "$@" >"$S/o" 2>"$S/e"; show "$name" $? "${N:-8}"; }
rows() { .venv/bin/python -c "import json,sys; g=json.load(open(sys.argv[1]))['students']
for s,r in sorted(g.items()):
    for nb,x in sorted(r.items()):
        if x['status']!='missing' or x['message']: print(' ', repr(s), nb, x['status'], x['score'], x['message'][:230])" "$1/grades.json"; }
.venv/bin/python - "$W/release/$NB.ipynb" "$S" <<'EOF'
import io, json, sys, zipfile
sys.path.insert(0, ".")
from tests import grader_catalogue as cat
nb = json.load(open(sys.argv[1]))
S = sys.argv[2]
good = json.dumps(cat.with_cells(nb, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)).encode()
stub = json.dumps(nb).encode()
NB = "01_fixture_add"
def zipped(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()
# a class zip whose students each handed in a zip (folder per student, a zip inside)
with zipfile.ZipFile(f"{S}/nested.zip", "w") as zf:
    zf.writestr(f"class/alice/{NB}.zip", zipped({f"{NB}.ipynb": good}))
    zf.writestr("class/bob/hw1.zip", zipped({f"hw1/{NB}.ipynb": good, f"hw1/.ipynb_checkpoints/{NB}-checkpoint.ipynb": stub}))
    zf.writestr(f"class/carol/{NB}.ipynb", good)
    zf.writestr("class/dan/work.rar", b"Rar!\x1a\x07\x00junk")
# a zip of the class zip (downloaded, then zipped again)
with zipfile.ZipFile(f"{S}/zip-of-zip.zip", "w") as zf:
    zf.writestr("class.zip", zipped({f"class/alice/{NB}.ipynb": good, f"class/bob/{NB}.ipynb": stub}))
# Canvas: a student uploaded a zip; names changed by the browser and by Colab
with zipfile.ZipFile(f"{S}/canvas.zip", "w") as zf:
    zf.writestr(f"doejane_12345_678900_{NB}.zip", zipped({f"{NB}.ipynb": good}))
    zf.writestr(f"smithjohn_222_678902_{NB} (1).ipynb", good)
    zf.writestr("leeann_333_678903_01_Fixture_Add.ipynb", good)
    zf.writestr("kimbo_444_678904_Copy_of_01_fixture_add.ipynb", good)
    zf.writestr("nguyen_555_678905_Untitled.ipynb", good)
    zf.writestr(f"ochoa_666_678906_{NB}.html", b"<html></html>")
# Blackboard Learn: NAME_USER_attempt_DATE_FILE plus a .txt receipt per attempt
bb = f"{S}/blackboard"
import os
os.makedirs(bb)
for user, when, data in (("jdoe", "2026-12-01-10-00-00", stub), ("jdoe", "2026-12-02-10-00-00", good),
                         ("asmith", "2026-12-01-09-00-00", good)):
    open(f"{bb}/Homework 1_{user}_attempt_{when}_{NB}.ipynb", "wb").write(data)
    open(f"{bb}/Homework 1_{user}_attempt_{when}.txt", "w").write(f"Name: {user}\nSubmission Field:\n")
# Moodle: the student's own file name differs; an onlinetext html beside it
md = f"{S}/moodle"
os.makedirs(f"{md}/Ana Lima_77_assignsubmission_file_")
open(f"{md}/Ana Lima_77_assignsubmission_file_/01 fixture add (2).ipynb", "wb").write(good)
os.makedirs(f"{md}/Ana Lima_77_assignsubmission_onlinetext_")
open(f"{md}/Ana Lima_77_assignsubmission_onlinetext_/onlinetext.html", "w").write("<p>done</p>")
open(f"{md}/Bo Chen_78_assignsubmission_file_{NB}.ipynb", "wb").write(good)
EOF
go "nested zips" grade "$S/nested.zip" --out "$S/g1" "${L[@]}"; rows "$S/g1"
go "zip of the class zip" grade "$S/zip-of-zip.zip" --out "$S/g2" "${L[@]}"; rows "$S/g2"
go "canvas" grade "$S/canvas.zip" --lms canvas --out "$S/g3" "${L[@]}"; rows "$S/g3"; cat "$S/g3/canvas-grades.csv"
go "blackboard" grade "$S/blackboard" --out "$S/g4" "${L[@]}" \
  --filename-regexp '(?P<assignment>.*)_(?P<student_id>[^_]+)_attempt_(?P<timestamp>[0-9-]+)_(?P<file_id>.+)'
go "blackboard, documented regexp" grade "$S/blackboard" --out "$S/g4" "${L[@]}" \
  --filename-regexp '.*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9-]+)_(?P<file_id>.+)'; rows "$S/g4"
go "blackboard, no --filename-regexp" grade "$S/blackboard" --out "$S/g4b" "${L[@]}"
go "moodle" grade "$S/moodle" --lms moodle --out "$S/g5" "${L[@]}"; rows "$S/g5"; cat "$S/g5/moodle-grades.csv"
go "canvas without --lms" grade "$S/canvas.zip" --out "$S/g6" "${L[@]}"; rows "$S/g6"
# an nbgrader quickstart course
ROOT=$PWD; ( cd "$S" && "$ROOT/.venv/bin/nbgrader" quickstart qs >/dev/null 2>&1 )
ls "$S/qs" "$S/qs/source" 2>&1 | head
go "quickstart, nothing submitted" grade "$S/qs" "${L[@]}"
mkdir -p "$S/qs/submitted/bitdiddle/ps1"; cp "$S/qs/source/ps1/problem1.ipynb" "$S/qs/submitted/bitdiddle/ps1/"
N=20 go "quickstart, one submission (the source itself)" grade "$S/qs" "${L[@]}"; rows "$S/qs"
