#!/bin/bash
# Instructor mistakes and bulk downloads against the fixture course, one scenario a block.
#   W=/tmp/intake22 bash tests/intake22/instructor.sh   (after make_samples.py wrote $W/release)
# Each block prints "== name", the exit code and the last lines of stdout/stderr; FINDINGS.md says
# what an instructor expects of each.
set -u
cd "$(dirname "$0")/../.."
export GRADER_SOLUTIONS=$PWD/tests/fixtures/grader_course/solutions GRADER_CACHE=$W/cache
G=(nice -n 10 .venv/bin/python -m grader)
L=(--workers 2 --timeout 20 --notebook-timeout 90 --memory 1G)
S=$W/inst
rm -rf "$S"; mkdir -p "$S"
NB=01_fixture_add
py() { .venv/bin/python - "$@"; }
solved() {  # solved() DEST: a solved copy of notebook 01
  py "$W/release/$NB.ipynb" "$1" <<'EOF'
import json, sys
sys.path.insert(0, ".")
from tests import grader_catalogue as cat
nb = json.load(open(sys.argv[1]))
json.dump(cat.with_cells(nb, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE), open(sys.argv[2], "w"))
EOF
}
show() { echo "== $1 rc=$2"; tail -n "${3:-6}" "$S/o"; tail -n "${3:-6}" "$S/e"; }
go() { local name=$1; shift; "${G[@]}" "$@" >"$S/o" 2>"$S/e"; show "$name" $?; }

mkdir -p "$S/class/ada" "$S/class/bob"; solved "$S/class/ada/$NB.ipynb"; cp "$W/release/$NB.ipynb" "$S/class/bob/"
go "wrong path" grade "$S/nope" --out "$S/o1" "${L[@]}"
touch "$S/afile"; go "--out is a file" grade "$S/class" --out "$S/afile" "${L[@]}"
go "a notebook given to grade" grade "$S/class/ada/$NB.ipynb" --out "$S/o2" "${L[@]}"
mkdir -p "$S/empty"; go "empty class folder" grade "$S/empty" --out "$S/o3" "${L[@]}"
go "out inside the class" grade "$S/class" --out "$S/class/grades" "${L[@]}"
go "again, out inside the class" grade "$S/class" --out "$S/class/grades" "${L[@]}"
rm -rf "$S/class/grades"
go "one student's folder" grade "$S/class/ada" --out "$S/o4" "${L[@]}"
go "check: a folder" check "$S/class/ada"
go "check: missing file" check "$S/class/ada/nope.ipynb"
go "check: wrong --solutions" check "$S/class/ada/$NB.ipynb" --solutions "$S/nope"
go "grade: wrong --solutions" grade "$S/class" --solutions "$S/nope" --out "$S/o5"
# running twice
go "first run" grade "$S/class" --out "$S/twice" "${L[@]}"
cp "$S/twice/grades.json" "$S/g1.json"
go "second run" grade "$S/class" --out "$S/twice" "${L[@]}"
cmp "$S/g1.json" "$S/twice/grades.json" && echo "grades.json identical"
# Ctrl-C, then resume
for i in 1 2 3 4 5 6; do mkdir -p "$S/big/s$i"; solved "$S/big/s$i/$NB.ipynb"; done
"${G[@]}" grade "$S/big" --out "$S/intr" "${L[@]}" >"$S/o" 2>"$S/e" & pid=$!
sleep 12; kill -INT $pid; wait $pid; show "interrupted" $? 8
ls -la "$S/intr" | head -20
go "resumed" grade "$S/big" --out "$S/intr" "${L[@]}"
# disk full
mkdir -p "$S/tiny"; mount -t tmpfs -o size=300k tmpfs "$S/tiny" && {
  go "disk full" grade "$S/class" --out "$S/tiny/out" "${L[@]}"
  ls -la "$S/tiny/out" 2>&1 | head; umount "$S/tiny"; }
# read-only output folder and read-only class
mkdir -p "$S/ro" "$S/rocls"; mount -t tmpfs tmpfs "$S/ro" && mount -o remount,ro "$S/ro" && {
  go "read-only out" grade "$S/class" --out "$S/ro/out" "${L[@]}"; umount "$S/ro"; }
mount --bind "$S/class" "$S/rocls" && mount -o remount,bind,ro "$S/rocls" && {
  go "read-only class" grade "$S/rocls" --out "$S/o6" "${L[@]}"; umount "$S/rocls"; }
# symlinks
mkdir -p "$S/links/eve" "$S/links/ada"; solved "$S/links/ada/$NB.ipynb"
ln -s "$S/links/ada/$NB.ipynb" "$S/links/eve/$NB.ipynb"
mkdir -p "$S/links/mal"; ln -s /etc/shadow "$S/links/mal/$NB.ipynb"
ln -s "$S/links/ada" "$S/links/ada-again"
go "symlinks" grade "$S/links" --out "$S/o7" "${L[@]}"; cat "$S/o"
# disk full, then space again: the run resumes and nothing is corrupted
mkdir -p "$S/tiny2"; mount -t tmpfs -o size=300k tmpfs "$S/tiny2" && {
  go "disk full (2)" grade "$S/class" --out "$S/tiny2/out" "${L[@]}"
  mount -o remount,size=50m "$S/tiny2"
  go "after freeing space" grade "$S/class" --out "$S/tiny2/out" "${L[@]}"
  .venv/bin/python -c "import json,sys; g=json.load(open(sys.argv[1]))['students']; print({s: r['$NB']['score'] for s, r in g.items()})" "$S/tiny2/out/grades.json"
  umount "$S/tiny2"; }
# check on damaged files
for f in "utf-16 le bom" "trailing garbage" "truncated json" "latin-1 bytes"; do
  go "check: $f" check "$W/s1/class/$f/$NB.ipynb"; done
# nbgrader autograde in an exported course folder, with the grader's config
go "export-course" export-course "$S/course"
mkdir -p "$S/course/submitted/ada/$NB"; solved "$S/course/submitted/ada/$NB/$NB.ipynb"
mkdir -p "$S/course/submitted/utf16/$NB"; cp "$W/s1/class/utf-16 le bom/$NB.ipynb" "$S/course/submitted/utf16/$NB/"
mkdir -p "$S/course/submitted/garbage/$NB"; cp "$W/s1/class/trailing garbage/$NB.ipynb" "$S/course/submitted/garbage/$NB/"
( cd "$S/course" && nice "$OLDPWD/.venv/bin/nbgrader" autograde "$NB" >"$S/o" 2>"$S/e"; echo "== nbgrader autograde rc=$?"; grep -v "notify_trait\|UserWarning" "$S/e" | tail -15 )
"$OLDPWD/.venv/bin/nbgrader" 2>/dev/null; ( cd "$S/course" && "$OLDPWD/.venv/bin/nbgrader" export --to "$S/export.csv" >/dev/null 2>&1; cat "$S/export.csv" )
