#!/bin/bash
# An instructor's week with nbgrader's exchange and the course's grader (tests/instructor_week/FINDINGS.md).
# Usage: tests/instructor_week/week.sh setup|students|week   (from the repository root; scratch in /tmp/instructor)
# Not part of the test suite: a record of what was run (several minutes of grading on a 2-core machine).
set -u
REPO=$(pwd)
PY=$REPO/.venv/bin/python
NBG=$REPO/.venv/bin/nbgrader
W=/tmp/instructor
C=$W/course
X=$W/exchange
A=03_relu_and_pooling
B=04_fully_connected_and_softmax
log() { printf '\n### %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; echo "[exit $?]"; }

step_setup() {
  rm -rf $W; mkdir -p $W $X; chmod 777 $X
  log "export the course with two assignments"
  run $PY -m grader export-course $C --course-id cnn101 --assignments 03 04
  cat >> $C/nbgrader_config.py <<CFG

# --- added by the instructor ---
c.Exchange.root = "$X"
c.CourseDirectory.root = "$C"
from nbgrader.plugins import LateSubmissionPlugin
class SubMarks(LateSubmissionPlugin):
    def late_submission_penalty(self, student_id, score, total_seconds):
        return 1  # one point off any late notebook (nbgrader docs' example)
c.AssignLatePenalties.plugin_class = SubMarks
CFG
  cat $C/nbgrader_config.py
  cd $C
  for s in ana ben cai dan eve fay; do run $NBG db student add $s --first-name=${s^} --last-name=Test; done
  log "due dates"
  DUE=$(date -u -d '+40 seconds' '+%Y-%m-%d %H:%M:%S UTC'); echo "$DUE" > $W/due.txt
  run $NBG db assignment add $A --duedate="$DUE"
  run $NBG db assignment add $B --duedate="2030-01-01 00:00:00 UTC"
  run $NBG db assignment list
  log "release"
  run $NBG release_assignment $A
  run $NBG release_assignment $B
}

student() {  # student NAME CMD...
  local s=$1; shift
  mkdir -p $W/home/$s; cd $W/home/$s
  USER=$s LOGNAME=$s run "$@" --Exchange.root=$X --course cnn101
}

step_students() {
  for s in ana ben cai dan eve; do student $s $NBG fetch_assignment $A; student $s $NBG fetch_assignment $B; done
  # ana: full solution (03 and 04)
  $PY $REPO/tests/instructor_week/fill.py full $W/home/ana/$A/$A.ipynb $A
  $PY $REPO/tests/instructor_week/fill.py full $W/home/ana/$B/$B.ipynb $B
  # ben: untouched
  # cai: partly right (relu only)
  $PY $REPO/tests/instructor_week/fill.py partial $W/home/cai/$A/$A.ipynb $A
  # dan: broken notebook (invalid JSON)
  printf '{"cells": [ {"cell_type": "code", ' > $W/home/dan/$A/$A.ipynb
  # eve: full solution with a test cell deleted and another's grade_id renamed
  $PY $REPO/tests/instructor_week/fill.py tamper $W/home/eve/$A/$A.ipynb $A
  for s in ana ben cai dan eve; do student $s $NBG submit $A; done
  student ana $NBG submit $B
  student ben $NBG submit $B
  cd $C; DUE=$(date -u -d '+15 seconds' '+%Y-%m-%d %H:%M:%S UTC'); echo "$DUE" > $W/due.txt
  run $NBG db assignment add $A --duedate="$DUE"   # (each nbgrader command takes ~10 s here)
  log "fay is late (due $(cat $W/due.txt))"
  student fay $NBG fetch_assignment $A
  $PY $REPO/tests/instructor_week/fill.py full $W/home/fay/$A/$A.ipynb $A
  while [ $(date -u +%s) -le $(date -u -d "$(cat $W/due.txt)" +%s) ]; do sleep 2; done
  student fay $NBG submit $A
  # missing: nobody submits for "gus"? gus is not on the roster; ben/cai/dan/eve/fay miss B
}

step_rename() {  # nbgrader names submissions by the Unix account (all "root" here): give them the students' ids
  cd $X/cnn101/inbound
  local names=("$@") i=0 f
  while IFS= read -r f; do mv "$f" "${names[$i]}${f#root}"; i=$((i+1)); done < <(ls -d root+* | sort -t+ -k3)
  ls
}

step_collect() {
  cd $C
  run $NBG collect $A
  run $NBG collect $B
  find submitted | sort
}

step_week() {  # the rest of the week, as FINDINGS.md tells it
  step_rename ana ben cai dan eve fay ana ben   # in the order they handed in (03 x5, 04 x2, fay late)
  step_collect
  cd $C; run $NBG db student add gus --first-name=Gus --last-name=Test
  cd $REPO; run $PY -m grader grade $C
  cd $C; run $NBG export --to $W/export1.csv
  run $PY $REPO/tests/instructor_week/compare.py $C $W/export1.csv
  run $PY $REPO/tests/instructor_week/handgrade.py $C
  cd $REPO; run $PY -m grader grade $C
  $PY $REPO/tests/instructor_week/fill.py full $W/home/cai/$A/$A.ipynb $A   # cai resubmits, late
  student cai $NBG submit $A; step_rename cai
  cd $C; run $NBG collect --update $A
  cd $REPO; run $PY -m grader grade $C
  cd $C; run $NBG export --to $W/export3.csv
  run $PY $REPO/tests/instructor_week/compare.py $C $W/export3.csv
  run $NBG release_feedback $A
  for p in $C/submitted $C/submitted/ana; do cd $REPO; run $PY -m grader grade $p; done
}

"step_$1" "${@:2}"
