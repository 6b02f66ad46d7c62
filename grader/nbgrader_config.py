"""nbgrader configuration of the course's grader.

`python -m grader` loads this file for every nbgrader step it runs
(generate_assignment, autograde, generate_feedback). It is also a plain
nbgrader config: an instructor who prefers nbgrader's own commands can run,
from a course directory laid out the nbgrader way,

    nbgrader autograde 01_images_and_kernels --config /path/to/grader/nbgrader_config.py

and gets the same preprocessors (limits, harmless stderr kept, the
integrity guard) as `python -m grader grade`.
"""

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads the file

# Each notebook NN_name.ipynb is its own nbgrader assignment named NN_name.
c.CourseDirectory.course_id = ""

# generate_assignment (python -m grader release): the stub learners see.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.enforce_metadata = True
c.ClearHiddenTests.enforce_metadata = True
c.GenerateAssignment.create_assignment = True

# autograde: nbgrader's own sanitising steps, then our execution with limits.
c.Autograde.sanitize_preprocessors = [
    "grader.preprocessors.RepairCells",  # metadata from the source, deleted cells back
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",  # locked and test cells from the gradebook
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "grader.preprocessors.LimitedExecute",  # limits, no network, integrity guard
    "grader.preprocessors.KeepHarmlessStderr",  # a warning on stderr never zeroes a test
    "nbgrader.preprocessors.IgnorePattern",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    "grader.outputs.AllowListOutputs",  # what the autograded notebook may carry, after the grades are saved
]

# Limits per submission: each is a trait whose default is its one home (grader/settings.py:
# c.LimitedExecute.timeout, .notebook_timeout, .memory_limit, .no_network, .sandbox;
# c.Sandbox.disk_limit, .max_processes, .tmp_size, ...; c.Intake.*; c.AllowListOutputs.*).
# Set one here for this course, in a course folder's nbgrader_config.py (which wins over this file), or
# on the command line (`python -m grader grade --timeout 60`, `--Sandbox.disk_limit=...`: wins over both).
c.LimitedExecute.shutdown_kernel = "immediate"  # a graded kernel has nothing to save

# Course knowledge (one place each). Packages whose state the integrity guard snapshots
# (and restores) when the course's own cells import them; what a learner's cell imports
# of them is checked too (grader/integrity.py):
c.LimitedExecute.protected_modules = ["numpy", "cnnlib", "torch", "math", "builtins"]
# modules every kernel imports before the notebook runs (snapshotted by the guard, imported
# once per worker in the zygote); a notebook's own imports of protected modules come on top:
c.LimitedExecute.preload = ["numpy", "numpy.testing", "math", "cnnlib", "cnnlib.checks"]
c.LimitOutput.max_lines = 1000

# Late submissions: nbgrader's AssignLatePenalties (in the list above, and run by `python -m grader
# grade` on the class gradebook) asks this plugin for each late notebook's penalty; nbgrader's
# LateSubmissionPlugin gives none ('none') or the whole score ('zero'); a course folder's own
# nbgrader_config.py may name another (nbgrader's docs: a `SubMarks(LateSubmissionPlugin)`).
c.AssignLatePenalties.plugin_class = "nbgrader.plugins.LateSubmissionPlugin"
c.LateSubmissionPlugin.penalty_method = "none"
c.LimitOutput.max_traceback = 100

# The judge (grader/judge/) runs every test cell outside the learner's kernel, with the learner's
# functions and objects reached as remote proxies that return plain data, and a cell's hidden part
# after the notebook's last cell. A course whose tests still need to run inside the kernel, under
# the integrity guard (which learner code can in principle defeat: grader/README.md, "The judge"),
# lists those notebooks here (NB, or ASSIGNMENT/NB). This course's tests all run in the judge.
c.LimitedExecute.kernel_tests = []
# Off for this course: a learner call that changes a test's data in place has the change copied back
# (its inputs-unchanged test fails; its value tests are judged as in one process, so the course's tests
# compute references before the call or from copies). On, any such call fails its cell, except the
# exercises that change their arguments by contract (06's sgd_momentum updates params and velocity).
c.LimitedExecute.strict_inputs = False
c.LimitedExecute.may_change_inputs = ["sgd_momentum"]

# The clean room (grader/cleanroom.py): what a sandboxed, graded kernel of each notebook can import,
# beside the standard library and the kernel's own (c.CleanRoom.kernel); each entry comes with its
# dependencies. The course's reference answers (c.Integrity.reference_answers, grader/course.py) are
# stubs in the copy of cnnlib the kernel sees. 01-05 are NumPy exercises: no PyTorch (their course cells
# that compare with PyTorch run in the learner's own Jupyter, not in the graded kernel); 06 on teach it.
_NUMPY = ["numpy", "matplotlib", "ipywidgets", "pillow", "threadpoolctl", "tqdm"]
_TORCH = [*_NUMPY, "torch", "mlxtend", "packaging", "psutil"]
c.CleanRoom.allowed = {"01": _NUMPY, "02": _NUMPY, "03": _NUMPY, "04": _NUMPY, "05": _NUMPY,
                       "06": _TORCH, "07": _TORCH, "08": _TORCH, "09": _TORCH, "10": _TORCH,
                       "11": _TORCH, "12": _TORCH}
# 11's shipped digits network (cnnlib.transfer.digits_resnet, which 11's demonstrations and tests load) is built
# by cnnlib.transfer.ResNet: the graded kernel keeps it real; the static scan still flags a learner cell naming it.
c.CleanRoom.keep = {"11": ["cnnlib.transfer.ResNet"]}
