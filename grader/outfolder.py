"""The output folder of a run (``grade --out DIR``, ``merge --out DIR``): the name of every file in it.

A leaf: imports nothing of grader. Every module that reads or writes the
output folder takes the names from here; what each file holds is described
in docs/grader/commands.md, "Grading a class", and docs/grader/report.md, "The class report".
``autograded/`` and ``feedback/`` follow nbgrader's layout
(grader.course.layout.autograded_file and feedback_file build the paths).
"""

from __future__ import annotations

GRADES_JSON = "grades.json"  # grader.reports.grades.write_json
GRADES_CSV = "grades.csv"  # grader.reports.grades.write_csv
GRADEBOOK = "gradebook.db"  # nbgrader's class gradebook, the one source of truth
AUTOGRADED = "autograded"  # nbgrader's autograded/STUDENT/ASSIGNMENT/NB.ipynb
FEEDBACK = "feedback"  # nbgrader's feedback/STUDENT/ASSIGNMENT/NB.html
STATE = ".grader-state.json"  # what a later run resumes from (grader.run.state)
DETAILS = ".grader-details.json"  # the class report's per-row details (grader.reports.details)
LOCK = ".grader-lock"  # one run per output folder (grader.run.lock)
PSEUDONYM_KEY = ".grader-pseudonym-key"  # the class report's pseudonym key (grader.reports.details)
LMS_ROSTER = ".grader-lms.json"  # the students an LMS download named (grader.intake.lms)
CANVAS_CSV = "canvas-grades.csv"  # grader.intake.lms.write_csvs
MOODLE_CSV = "moodle-grades.csv"  # grader.intake.lms.write_csvs
REPORT = "report"  # report.html and report.json (grader.reports.classreport)
REPORT_ANONYMISED = "report-anonymised"  # report-anonymised.html/.json and the folder of scrubbed feedback pages


def report_stem(anonymise: bool) -> str:
    """The class report's file name without its suffix: ``report`` or ``report-anonymised``."""
    return REPORT_ANONYMISED if anonymise else REPORT
