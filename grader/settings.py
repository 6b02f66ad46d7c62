"""The grader's limits and options as traitlets configurables: one home for each default.

nbgrader configures its applications and preprocessors with traitlets
(https://traitlets.readthedocs.io/en/stable/config.html): a class's
configurable traits are set as ``c.Class.trait`` in an ``nbgrader_config.py``
and on the command line, and a trait's default is the value when nothing
sets it. The grader does the same. Its limits and options are traits of
these configurables, and of the preprocessors nbgrader runs:

- execution: :class:`grader.autograde.preprocessors.LimitedExecute` (``timeout``,
  ``notebook_timeout``, ``memory_limit``, ``no_network``, ``sandbox``,
  ``threads``, ...), nbgrader's ``Execute`` under limits;
- :class:`Sandbox`: what a sandboxed kernel may use of the course (its packages, data and switches) and of the machine beside
  memory (its files, processes, private ``/tmp`` and ``/dev/shm``);
- :class:`Intake`: what the grader reads of a class (a notebook's size, an
  archive's files and bytes);
- output: :class:`grader.autograde.outputs.AllowListOutputs` (output kept per cell and
  per notebook, image sizes, error text);
- integrity: :class:`grader.integrity.cleanroom.CleanRoom` and the guard's traits of
  ``LimitedExecute`` (``protected_modules``, ``preload``, ``kernel_tests``).

The configuration of a grading run is, as for ``nbgrader autograde``, the
grader's ``grader/nbgrader_config.py``, then the course folder's own
``nbgrader_config.py`` over it, then the command line over both
(:func:`grader.course.config.load_config`; ``python -m grader``'s flags are
aliases onto traits: grader/__main__.py). The command line's Config is what
crosses to the grading workers (pool processes, Dask workers): it pickles,
and each worker combines it with the course configuration it loads itself.

This module imports traitlets only, so that the command line can read the
defaults for its help without importing nbgrader.
"""

from __future__ import annotations

from traitlets import Bool, Dict, Integer, List
from traitlets.config import Config, Configurable

GiB = 1024**3
MiB = 1024**2


class Execution(Configurable):
    """How a graded notebook runs: the traits of :class:`grader.autograde.preprocessors.LimitedExecute`.

    LimitedExecute (nbgrader's ``Execute`` under limits) inherits them; set
    them as ``c.LimitedExecute.timeout`` and so on (``c.Execute.timeout``, the
    name nbgrader's docs use, is read too, under LimitedExecute's own).
    Defined here, apart from the preprocessor, so that the command line reads
    the defaults without importing nbgrader.
    """

    # nbclient's NotebookClient, under nbgrader's Execute, has no per-cell limit by default (None)
    timeout = Integer(120, allow_none=True, help="seconds a cell may run (nbclient's per-cell timeout)"
                      ).tag(config=True)
    notebook_timeout = Integer(900, help="wall-clock seconds for the whole notebook").tag(config=True)
    memory_limit = Integer(4 * GiB, help="bytes for the kernel's process tree (0: no limit)").tag(config=True)
    no_network = Bool(True, help="run the kernel in an empty network namespace").tag(config=True)
    sandbox = Bool(True, help="run every kernel in a bubblewrap sandbox of its own (grader.sandbox.bwrap); off "
                   "only for a learner's own check, or trusted submissions where none can be built").tag(config=True)
    guard = Bool(True, help="run the integrity guard around test cells").tag(config=True)
    threads = Integer(0, help="BLAS/OpenMP threads for the kernel, and for the judge in each of `grade`'s "
                      "workers (0: leave as is; `grade` shares the CPU quota out among its workers where no "
                      "configuration sets it)").tag(config=True)
    output_limit = Integer(1_000_000, help="bytes of output a cell may stream while it runs; past them the "
                           "stream is cut (c.AllowListOutputs limits what the saved notebook keeps)").tag(config=True)


class Sandbox(Configurable):
    """Limits of a sandboxed kernel beside its memory and time (grader/sandbox/corner.py, grader/sandbox/limits.py).

    Read in the grading worker by :class:`grader.autograde.preprocessors.LimitedExecute`,
    which hands them to the watchdog (grader.sandbox.limits.Watchdog), the kernel's
    cgroup (grader.sandbox.cgroups.KernelGroup), the kernel's rlimits (grader.sandbox.kernel)
    and the zygote that builds the kernel's corner (grader.sandbox.corner.enter_kernel).
    """

    disk_limit = Integer(2 * GiB, help="bytes of files a kernel may leave in its run folder (its working "
                         "folder and $HOME); the watchdog stops it past them (0: no limit)").tag(config=True)
    max_processes = Integer(256, help="processes in a sandboxed kernel's tree (RLIMIT_NPROC in its user "
                            "namespace, and the watchdog's count): a fork bomb stops here, not at the "
                            "memory limit (0: no limit)").tag(config=True)
    max_tasks = Integer(1024, help="tasks (threads included) of a kernel's cgroup (pids.max), where cgroup v2 "
                        "is delegated; above max_processes, as numerical libraries start a thread per "
                        "core").tag(config=True)
    max_file_size = Integer(1 * GiB, help="bytes of one file a kernel writes (RLIMIT_FSIZE; a write past it "
                            "fails with EFBIG)").tag(config=True)
    tmp_size = Integer(512 * MiB, help="bytes of a sandboxed kernel's private /tmp (a tmpfs: memory-backed, "
                       "the cap keeps it from eating RAM)").tag(config=True)
    shm_size = Integer(256 * MiB, help="bytes of a sandboxed kernel's private /dev/shm (data loaders' worker "
                       "processes share arrays there)").tag(config=True)
    max_files = Integer(10_000, help="files a kernel may hold at once in each place it can write (any entry: "
                        "folders, links, fifos and sockets too): its private /tmp and /dev/shm (tmpfs nr_inodes, "
                        "the next one fails with ENOSPC) and its run folder (the watchdog's count); past it "
                        "the kernel is stopped, the row says so (0: no limit)").tag(config=True)

    # what of the course a sandboxed kernel may read (grader.sandbox.bwrap.configure hands it to the zygote)
    course_packages = List([], help="top-level packages of the course (its support package) whose own folders "
                           "a sandboxed kernel reads, read-only, besides site-packages (never the folder that "
                           "holds them: a repository with solutions/ and tests/)").tag(config=True)
    data = Dict({}, help="environment variable -> default folder ('~' expanded) of course data a sandboxed "
                "kernel reads, read-only: the folder the variable names in the grader's environment, else the "
                "default; the kernel's environment names it by the same variable").tag(config=True)
    env_keep = List([], help="environment variables of the grader's a sandboxed kernel keeps besides the "
                    "sandbox's own allow-list (the course's switches; never a secret)").tag(config=True)


class Intake(Configurable):
    """What the grader reads of a class before grading it (grader/intake/submissions.py, grader/autograde/notebook.py)."""

    max_notebook_bytes = Integer(64 * MiB, help="bytes of one submitted notebook; a larger one is refused "
                                 "as invalid, and not unpacked from an archive").tag(config=True)
    max_archive_bytes = Integer(8 * GiB, help="bytes a class archive (.zip) may unpack to in all").tag(config=True)
    max_archive_members = Integer(200_000, help="files a class archive may hold").tag(config=True)


class Output(Configurable):
    """What an autograded notebook and its feedback page keep of the outputs (grader/autograde/outputs.py).

    The traits of :class:`grader.autograde.outputs.AllowListOutputs` (nbgrader's last
    autograde step), set as ``c.AllowListOutputs.*``; ``python -m grader``
    applies the same to the copy it writes (grader.autograde.notebook.Autograder.presented).
    The sanitiser's own bounds (image pixels and sides, error text and frames:
    grader.autograde.images.MAX_PIXELS, ...) guard the grader's process and are not options.
    """

    output_limit = Integer(1_000_000, help="characters of output kept per cell").tag(config=True)
    notebook_output_limit = Integer(8_000_000, help="characters of output kept per notebook").tag(config=True)


def default(cls: type, trait: str):
    """The default of ``cls.trait`` (its one home: the trait), e.g. ``default(Sandbox, "disk_limit")``."""
    return cls.class_traits()[trait].default_value


def overrides(values: dict) -> Config:
    """A Config of ``{"Class.trait": value}`` entries, leaving out those whose value is None.

    How keyword arguments of ``grade()``/``check()`` and the command line's
    flags become configuration: None means "not given", so the course
    folder's and the grader's configuration (and the trait's default) apply.
    """
    cfg = Config()
    for key, value in values.items():
        if value is None:
            continue
        cls, trait = key.split(".")
        cfg[cls][trait] = value
    return cfg
