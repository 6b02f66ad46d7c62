"""python -m grader {release,check,grade,merge,report,export-course,demo}: the course's grader (see grader/README.md)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import defaults
from .course import GraderError
from .cpus import available_cpus

EPILOG = "Exit codes: 0 success, 1 something failed a test (check) or could not be graded (grade), 2 bad usage."


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        print(f"{self.prog}: error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(2)


def size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 4G, 512M or 0 (no limit)")
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2) or " "))


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def shard(text: str) -> tuple[int, int]:
    from .shard import parse_shard

    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parser() -> Parser:
    ap = Parser(prog="python -m grader", description=__doc__, epilog=EPILOG)
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def common(p):
        p.add_argument("--solutions", type=Path, metavar="DIR",
                       help="nbgrader source notebooks (default: $CNN_COURSE_SOLUTIONS or <repo>/solutions)")

    p = sub.add_parser("release", help="regenerate notebooks/ from solutions/ with nbgrader",
                       description="Regenerate notebooks/ from solutions/ with nbgrader generate_assignment.")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 naming out-of-date notebooks")
    p.add_argument("--notebooks", type=Path, metavar="DIR", help="student notebooks (default <repo>/notebooks)")
    common(p)

    def limits(p):  # the defaults are grader/defaults.py's, or what a course folder's nbgrader_config.py sets
        p.add_argument("--timeout", type=positive, default=None, metavar="S",
                       help=f"seconds a cell may run (default {defaults.TIMEOUT}, or the course folder's "
                            "c.LimitedExecute.timeout)")
        p.add_argument("--notebook-timeout", type=positive, default=None, metavar="S",
                       help=f"wall-clock seconds for a whole notebook (default {defaults.NOTEBOOK_TIMEOUT}, or the "
                            "course folder's c.LimitedExecute.notebook_timeout)")
        p.add_argument("--memory", type=size, default=None, metavar="SIZE",
                       help=f"memory for the kernel and its processes (default {defaults.MEMORY_TEXT}, or the course "
                            "folder's c.LimitedExecute.memory_limit; 0: no limit)")

    p = sub.add_parser("check", help="score notebooks with the full tests (hidden ones too)",
                       description="Score a learner's notebooks with the full tests, hidden ones included.",
                       epilog=EPILOG)
    p.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    p.add_argument("--json", action="store_true", help='print {"NB_STEM": {score, max_score, status, ...}}')
    p.add_argument("--allow-network", action="store_true",
                   help="let the notebooks use the network (default: cut where the system allows it, "
                        "i.e. on Linux; macOS and Windows keep it, with a note)")
    limits(p)
    common(p)

    p = sub.add_parser("grade", help="grade a class: a folder of student folders, a .zip of one, "
                       "or an nbgrader course folder",
                       description="Grade a class with nbgrader autograde, in parallel, with limits. SUBMISSIONS "
                                   "may be an nbgrader course folder (source/, submitted/): then --out defaults "
                                   "to it and autograded/, feedback/ and gradebook.db are nbgrader's own.",
                       epilog=EPILOG)
    p.add_argument("submissions", type=Path, metavar="SUBMISSIONS")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="where to write (default grades; for an nbgrader course folder, the folder itself)")
    p.add_argument("--workers", type=positive, default=None, metavar="N",
                   help="notebooks graded at once (default: the CPUs this process may use, the "
                        f"container's CPU quota included: {available_cpus()} here)")
    limits(p)
    p.add_argument("--force", action="store_true", help="grade again what an earlier run in --out graded")
    p.add_argument("--allow-network", action="store_true", help="let kernels use the network")
    p.add_argument("--no-feedback", action="store_true", help="skip the feedback HTML")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run learner code without the bubblewrap sandbox (recorded in the outputs; "
                        "only where the sandbox cannot be built and the submissions are trusted)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="grade on a running Dask scheduler's workers, e.g. tcp://host:8786 "
                        "(pip install .[distributed]); writes what a local run writes")
    p.add_argument("--shard", type=shard, default=None, metavar="I/N",
                   help="grade only share I of N of the students (stable hash of the id; "
                        "one --out per shard, then `merge`)")
    lms = p.add_mutually_exclusive_group()
    lms.add_argument("--filename-regexp", default=None, metavar="RE",
                     help="SUBMISSIONS is a flat bulk download: RE (named groups student_id, file_id, ...; "
                          "nbgrader zip_collect's) reads the student from each file's path")
    lms.add_argument("--lms", choices=("canvas", "moodle"), default=None,
                     help="--filename-regexp preset for a Canvas or Moodle 'download all submissions'")
    common(p)

    p = sub.add_parser("merge", help="join the --out folders of `grade --shard I/N` runs into one class output",
                       description="Join shard outputs (grades, feedback, autograded notebooks, gradebook) into one.",
                       epilog=EPILOG)
    p.add_argument("shards", nargs="+", type=Path, metavar="OUT", help="the --out folders of the shards")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the merged class")

    p = sub.add_parser("report", help="rebuild DIR/report.html and report.json from a grading output folder",
                       description="Rebuild the class report (report.html, report.json) from an output folder "
                                   "that `grade` wrote.", epilog=EPILOG)
    p.add_argument("out", type=Path, metavar="DIR", help="the folder `grade --out` wrote")
    p.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="stable pseudonyms instead of student ids: writes report-anonymised.html/.json")
    common(p)

    p = sub.add_parser("export-course", help="write an nbgrader course folder (source, release, gradebook, config)",
                       description="Write a ready nbgrader course folder for nbgrader's own commands and "
                                   "JupyterHub's exchange: source/, release/, gradebook.db, nbgrader_config.py.",
                       epilog=EPILOG)
    p.add_argument("dest", type=Path, metavar="DIR", help="a new or empty folder")
    p.add_argument("--course-id", default=None, metavar="ID",
                   help="nbgrader's course id (JupyterHub's exchange uses it; default: the course's "
                        "c.CourseDirectory.course_id, else DIR's name, as `nbgrader quickstart DIR` names it)")
    p.add_argument("--assignments", nargs="+", default=None, metavar="A",
                   help="only these assignments (names, or a unique start such as 01); default: all")
    common(p)

    p = sub.add_parser("demo", help="build a sample class from solutions/ and notebooks/, grade it and print the table")
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="keep the results here")
    p.add_argument("--workers", type=positive, default=None, metavar="N",
                   help=f"notebooks graded at once (default: {available_cpus()}, as for grade)")
    return ap


def _filename_regexp(args) -> str | None:
    if args.lms:
        from .lms import PRESETS

        return PRESETS[args.lms]
    return args.filename_regexp


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.command:
        parser().print_help()
        return 2
    try:
        if args.command == "release":
            from .release import release

            out_of_date, stale = release(args.solutions, args.notebooks, check=args.check)
            if args.check:
                if out_of_date or stale:
                    names = out_of_date + [f"{s} (no source in solutions/)" for s in stale]
                    print(f"out of date: {', '.join(names)}; run `python -m grader release`")
                    return 1
                print("notebooks/ is up to date with solutions/")
                return 0
            print(f"released {len(out_of_date)} changed notebook(s)" + (f": {', '.join(out_of_date)}" if out_of_date else "")
                  + (f"; removed {', '.join(stale)}" if stale else ""))
            return 0
        if args.command == "check":
            from .check import check

            return check(args.notebooks, as_json=args.json, timeout=args.timeout or defaults.TIMEOUT,
                         notebook_timeout=args.notebook_timeout or defaults.NOTEBOOK_TIMEOUT,
                         memory=defaults.MEMORY if args.memory is None else args.memory, solutions=args.solutions,
                         allow_network=args.allow_network)
        if args.command == "grade":
            from .grade import grade

            code, _ = grade(args.submissions, args.out, workers=args.workers, timeout=args.timeout,
                            notebook_timeout=args.notebook_timeout, memory=args.memory, force=args.force,
                            network=args.allow_network, solutions=args.solutions, feedback=not args.no_feedback,
                            sandbox=not args.no_sandbox, shard=args.shard,
                            scheduler=args.scheduler, filename_regexp=_filename_regexp(args))
            return code
        if args.command == "report":
            from .classreport import write_report

            if not args.out.is_dir():
                raise GraderError(f"{args.out} is not a folder; pass the folder `grade --out` wrote")
            from .nbcourse import course_folder

            solutions = args.solutions  # an nbgrader course folder graded in place brings its course
            if solutions is None and course_folder(args.out) is not None:
                solutions = args.out / "source"
            page, data = write_report(args.out, solutions=solutions, anonymise=args.anonymise)
            print(f"wrote {page} and {data}")
            return 0
        if args.command == "merge":
            from .shard import merge

            return merge(args.shards, args.out)
        if args.command == "export-course":
            from .nbcourse import export_course

            names, course_id = export_course(args.dest, args.solutions, args.course_id, args.assignments)
            print(f"wrote the nbgrader course {course_id!r} with {len(names)} assignment(s) to {args.dest}; "
                  f"from there: nbgrader db assignment list")
            return 0
        if args.command == "demo":
            from .demo import demo

            return demo(out=args.out, workers=args.workers)
    except GraderError as exc:
        print(f"python -m grader {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
