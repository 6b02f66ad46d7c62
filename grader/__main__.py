"""python -m grader {release,check,grade,merge,report,export-course,demo}: the course's grader (see grader/README.md)."""

from __future__ import annotations

import argparse
import errno
import re
import sys
from pathlib import Path

from traitlets import TraitError
from traitlets.config import Config

from grader import settings
from grader.errors import GraderError
from grader.run.cpus import available_cpus

# jsonschema, which nbformat and nbgrader import, builds some 35 Lark parsers when it is imported if
# rfc3987-syntax is installed (jsonschema's format-nongpl extra, asked for by Jupyter's packages): the
# checker of the "iri" and "iri-reference" formats, about 1.2 CPU seconds of each grader command, which
# its workers inherit (half of grading one small notebook). No schema this process validates against
# uses those formats (nbformat's v4 schemas, nbgrader's cell metadata); without the checker, jsonschema
# leaves the two formats unchecked, as its documentation says of any format whose checker is not
# installed. Only this command's process: the package stays installed (pip needs it, see tools/install.py).
sys.modules.setdefault("rfc3987_syntax", None)  # an import of it raises ImportError, which jsonschema expects

EPILOG = "Exit codes: 0 success, 1 something failed a test (check) or could not be graded (grade), 2 bad usage."

# The command line's limits are aliases onto configurable traits, as nbgrader's `aliases` and `flags` are
# (traitlets' Application). argparse parses (subcommands, positional paths, sizes such as 4G, one-line
# errors, --help) and writes only what was given into a traitlets Config, which goes over the grader's and
# the course folder's nbgrader_config.py (grader.run.config.run_config): the command line wins, and a flag not
# given leaves the configured value. Any other trait is given as --Class.trait=VALUE, as under nbgrader.
CONFIGURABLES = {"LimitedExecute": settings.Execution, "Sandbox": settings.Sandbox, "Intake": settings.Intake,
                 "AllowListOutputs": settings.Output}  # section name -> the class whose traits it sets
ALIASES = {  # option -> (section, trait, type, metavar, what it limits)
    "--timeout": ("LimitedExecute", "timeout", "positive", "S", "seconds a cell may run"),
    "--notebook-timeout": ("LimitedExecute", "notebook_timeout", "positive", "S",
                           "wall-clock seconds for a whole notebook"),
    "--memory": ("LimitedExecute", "memory_limit", "size", "SIZE",
                 "memory for the kernel and its processes, 0: no limit"),
    "--disk-limit": ("Sandbox", "disk_limit", "size", "SIZE",
                     "files a notebook may leave in its folder, 0: no limit"),
    "--max-processes": ("Sandbox", "max_processes", "positive", "N", "processes in a sandboxed kernel's tree"),
}
# and the flags --allow-network (c.LimitedExecute.no_network = False), --no-sandbox (c.LimitedExecute.sandbox = False)
TRAITS_EPILOG = ("Any limit or option is also given as --Class.trait=VALUE (as under nbgrader), e.g. "
                 "--Sandbox.tmp_size=1073741824, for the traits of LimitedExecute, Sandbox, Intake and "
                 "AllowListOutputs (grader/settings.py); the command line wins over the course folder's "
                 "nbgrader_config.py, which wins over the grader's.")
TRAIT_ARG = re.compile(r"--([A-Za-z_]\w*)\.([A-Za-z_]\w*)=(.*)", re.DOTALL)


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, no usage dump
        print(f"{self.prog}: error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(2)


def size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 4G, 512M or 0 (no limit)")
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2) or " "))


def spelled(value, kind: str) -> str:
    """A trait's default as its option takes it: sizes in G or M where whole (4G), else the number."""
    if kind == "size" and value:
        for unit, factor in (("G", 1024**3), ("M", 1024**2)):
            if value % factor == 0:
                return f"{value // factor}{unit}"
    return str(value)


def alias_help(option: str) -> str:
    """The --help line of an alias: what it limits, its trait, and the trait's default."""
    section, trait, kind, _, what = ALIASES[option]
    default = settings.default(CONFIGURABLES[section], trait)
    return (f"{what} (c.{section}.{trait}; default {spelled(default, kind)}, or what the course folder's "
            "nbgrader_config.py sets)")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def shard(text: str) -> tuple[int, int]:
    from grader.run.shard import parse_shard

    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(p) -> None:
    p.add_argument("--solutions", type=Path, metavar="DIR",
                   help="nbgrader source notebooks (default: $GRADER_SOLUTIONS or <repo>/solutions)")


def _limits(p) -> None:  # aliases onto traits: each default is its trait's (grader/settings.py)
    for option, (section, trait, kind, metavar, _) in ALIASES.items():
        p.add_argument(option, type={"positive": positive, "size": size}[kind], default=None, metavar=metavar,
                       dest=f"{section}.{trait}", help=alias_help(option))


def _add_release(sub) -> None:
    p = sub.add_parser("release", help="regenerate notebooks/ from solutions/ with nbgrader",
                       description="Regenerate notebooks/ from solutions/ with nbgrader generate_assignment.")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 naming out-of-date notebooks")
    p.add_argument("--notebooks", type=Path, metavar="DIR", help="student notebooks (default <repo>/notebooks)")
    _common(p)


def _add_check(sub) -> None:
    p = sub.add_parser("check", help="score notebooks with the full tests (hidden ones too)",
                       description="Score a learner's notebooks with the full tests, hidden ones included.",
                       epilog=f"{TRAITS_EPILOG} {EPILOG}")
    p.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    p.add_argument("--json", action="store_true", help='print {"NB_STEM": {score, max_score, status, ...}}')
    p.add_argument("--allow-network", action="store_const", const=False, default=None,
                   dest="LimitedExecute.no_network",
                   help="let the notebooks use the network (c.LimitedExecute.no_network = False; default: cut "
                        "where the system allows it, i.e. on Linux; macOS and Windows keep it, with a note)")
    _limits(p)
    _common(p)


def _add_grade(sub) -> None:
    p = sub.add_parser("grade", help="grade a class: a folder of student folders, a .zip of one, "
                       "or an nbgrader course folder",
                       description="Grade a class with nbgrader autograde, in parallel, with limits. SUBMISSIONS "
                                   "may be an nbgrader course folder (source/, submitted/): then --out defaults "
                                   "to it and autograded/, feedback/ and gradebook.db are nbgrader's own.",
                       epilog=f"{TRAITS_EPILOG} {EPILOG}")
    p.add_argument("submissions", type=Path, metavar="SUBMISSIONS")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="where to write (default grades; for an nbgrader course folder, the folder itself)")
    p.add_argument("--workers", type=positive, default=None, metavar="N",
                   help="notebooks graded at once (default: the CPUs this process may use, the "
                        f"container's CPU quota included: {available_cpus()} here)")
    _limits(p)
    p.add_argument("--force", action="store_true", help="grade again what an earlier run in --out graded")
    p.add_argument("--allow-network", action="store_const", const=False, default=None,
                   dest="LimitedExecute.no_network",
                   help="let kernels use the network (c.LimitedExecute.no_network = False)")
    p.add_argument("--no-feedback", action="store_true", help="skip the feedback HTML")
    p.add_argument("--no-sandbox", action="store_const", const=False, default=None, dest="LimitedExecute.sandbox",
                   help="run learner code without the bubblewrap sandbox (c.LimitedExecute.sandbox = False; "
                        "recorded in the outputs; only where the sandbox cannot be built and the submissions "
                        "are trusted)")
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
    _common(p)


def _add_merge(sub) -> None:
    p = sub.add_parser("merge", help="join the --out folders of `grade --shard I/N` runs into one class output",
                       description="Join shard outputs (grades, feedback, autograded notebooks, gradebook) into one.",
                       epilog=EPILOG)
    p.add_argument("shards", nargs="+", type=Path, metavar="OUT", help="the --out folders of the shards")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the merged class")


def _add_report(sub) -> None:
    p = sub.add_parser("report", help="rebuild DIR/report.html and report.json from a grading output folder",
                       description="Rebuild the class report (report.html, report.json) from an output folder "
                                   "that `grade` wrote.", epilog=EPILOG)
    p.add_argument("out", type=Path, metavar="DIR", help="the folder `grade --out` wrote")
    p.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="stable pseudonyms instead of student ids: writes report-anonymised.html/.json")
    _common(p)


def _add_export_course(sub) -> None:
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
    _common(p)


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="build a sample class from solutions/ and notebooks/, grade it and print the table")
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="keep the results here")
    p.add_argument("--workers", type=positive, default=None, metavar="N",
                   help=f"notebooks graded at once (default: {available_cpus()}, as for grade)")


def parser() -> Parser:
    """The command line's parser: one subcommand per verb."""
    ap = Parser(prog="python -m grader", description=__doc__, epilog=EPILOG)
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for add in (_add_release, _add_check, _add_grade, _add_merge, _add_report, _add_export_course, _add_demo):
        add(sub)
    return ap


def command_line_config(args, extra: list[str]) -> Config:
    """The traitlets Config the command line gives: the aliases and flags given (argparse ``dest``
    ``Class.trait``; None: not given) and each ``--Class.trait=VALUE`` of ``extra``, read with the
    trait's own ``from_string`` and validated. Raises GraderError (one line) for an unknown class or
    trait or a bad value, and for an argument that is none of these."""
    cfg = settings.overrides({k: v for k, v in vars(args).items() if "." in k})
    for arg in extra:
        m = TRAIT_ARG.fullmatch(arg)
        if m is None:
            raise GraderError(f"unrecognized argument {arg!r}")
        section, trait, text = m.groups()
        cls = CONFIGURABLES.get(section)
        if cls is None or not cls.class_traits(config=True).get(trait):
            known = ", ".join(f"{n}.{t}" for n, c in CONFIGURABLES.items() for t in sorted(c.class_traits(config=True)))
            raise GraderError(f"--{section}.{trait} is not a trait the grader knows; one of {known}")
        holder = cls()
        try:
            setattr(holder, trait, cls.class_traits()[trait].from_string(text))
        except (TraitError, ValueError) as exc:
            raise GraderError(f"--{section}.{trait}={text}: {exc}".splitlines()[0][:300]) from None
        cfg[section][trait] = getattr(holder, trait)
    return cfg


def _filename_regexp(args) -> str | None:
    if args.lms:
        from grader.intake.lms import PRESETS

        return PRESETS[args.lms]
    return args.filename_regexp


def _release(args, config) -> int:
    from grader.course.release import release

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


def _check(args, config) -> int:
    from grader.run.check import check

    return check(args.notebooks, as_json=args.json, solutions=args.solutions, config=config)


def _grade(args, config) -> int:
    from grader.run.grade import grade

    code, _ = grade(args.submissions, args.out, workers=args.workers, force=args.force,
                    solutions=args.solutions, feedback=not args.no_feedback, shard=args.shard,
                    scheduler=args.scheduler, filename_regexp=_filename_regexp(args), config=config)
    return code


def _report(args, config) -> int:
    from grader.course.layout import course_folder
    from grader.reports.classreport import write_report

    if not args.out.is_dir():
        raise GraderError(f"{args.out} is not a folder; pass the folder `grade --out` wrote")
    solutions = args.solutions  # an nbgrader course folder graded in place brings its course
    if solutions is None and course_folder(args.out) is not None:
        solutions = args.out / "source"
    page, data = write_report(args.out, solutions=solutions, anonymise=args.anonymise)
    print(f"wrote {page} and {data}")
    return 0


def _merge(args, config) -> int:
    from grader.run.shard import merge

    return merge(args.shards, args.out)


def _export_course(args, config) -> int:
    from grader.course.export import export_course

    names, course_id = export_course(args.dest, args.solutions, args.course_id, args.assignments)
    print(f"wrote the nbgrader course {course_id!r} with {len(names)} assignment(s) to {args.dest}; "
          f"from there: nbgrader db assignment list")
    return 0


def _demo(args, config) -> int:
    from grader.course.demo import demo

    return demo(out=args.out, workers=args.workers)


# each command's code, imported when it runs (a command loads only what it needs)
COMMANDS = {"release": _release, "check": _check, "grade": _grade, "report": _report, "merge": _merge,
            "export-course": _export_course, "demo": _demo}


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m grader`` with ``argv``; return the exit code (docs/grader/commands.md, "The commands")."""
    ap = parser()
    args, extra = ap.parse_known_args(argv)
    if not args.command:
        ap.print_help()
        return 2
    if extra and args.command not in ("check", "grade"):
        ap.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        config = command_line_config(args, extra)
    except GraderError as exc:
        ap.error(f"{args.command}: {exc}")
    try:
        return COMMANDS[args.command](args, config)
    except GraderError as exc:
        print(f"python -m grader {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - only a full or read-only disk is told apart, the rest re-raised
        line = _disk_problem(exc)
        if line is None:
            raise
        print(f"python -m grader {args.command}: error: {line}", file=sys.stderr)
        return 2


# errors of the file system the user can fix: no space, a quota, a read-only or forbidden folder
_DISK_ERRNOS = {errno.ENOSPC: "no space left on the disk", errno.EDQUOT: "the disk quota is used up",
                errno.EROFS: "a read-only file system", errno.EACCES: "permission denied",
                errno.EPERM: "operation not permitted"}


def _disk_problem(exc: BaseException) -> str | None:
    """One line for an error of the disk the command writes to (an OSError with one of
    :data:`_DISK_ERRNOS`, or SQLite's "database or disk is full" as nbgrader's gradebook wraps it); None
    for any other error. A run stopped this way resumes: grade the same class into the same --out again."""
    if isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{_DISK_ERRNOS[exc.errno]}{where}; make room or pick another --out, then run the same command again"
    if "database or disk is full" in str(exc):
        return ("no space left on the disk of the gradebook (SQLite: database or disk is full); make room, then "
                "run the same command again (it resumes)")
    return None


if __name__ == "__main__":
    sys.exit(main())
