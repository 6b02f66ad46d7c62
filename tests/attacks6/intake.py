"""Builds red-team round 6's intake attacks: symbolic links in a class folder, and an LMS download whose
names carry HTML and spreadsheet formulas. Usage: intake.py symlinks DIR | moodle DIR | canvas DIR."""
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NB = "03_relu_and_pooling.ipynb"


def symlinks(out: Path):
    out.mkdir(parents=True)
    honest = out / "honest"
    honest.mkdir()
    shutil.copy(ROOT / "solutions" / NB, honest / NB)            # a neighbour's complete work
    for name, target in {"link_solution": ROOT / "solutions" / NB,
                         "link_neighbour": Path("../honest") / NB,
                         "link_passwd": Path("/etc/shadow"),
                         "link_gradebook": ROOT / "tests"}.items():
        (out / name).mkdir()
        os.symlink(target, out / name / NB)
    os.symlink("honest", out / "link_folder")                     # a student folder that is a link
    sub = out / "link_subdir"
    sub.mkdir()
    os.symlink(ROOT / "solutions", sub / "work")                   # a sub-folder that is a link


NAMES = ['=2+5*cmd|calc!A0', '<img src=x onerror=alert(document.domain)>', '@SUM(1+1)',
         "Zo\u00eb <script>alert(1)"]


def moodle(out: Path):
    out.mkdir(parents=True)
    release = (ROOT / "notebooks" / NB).read_text()
    for i, name in enumerate(NAMES):
        fid = NB if i % 2 else NB.replace(".ipynb", "<svg onload=alert(2)>.ipynb")
        (out / f"{name}_{300 + i}_assignsubmission_file_{fid}").write_text(release)


def canvas(out: Path):
    out.mkdir(parents=True)
    release = (ROOT / "notebooks" / NB).read_text()
    for i, name in enumerate(["eviltable<b>bold</b>", "=1+1"]):
        (out / f"{name}_{12345 + i}_{6789012 + i}_{NB}").write_text(release)


if __name__ == "__main__":
    if sys.argv[1] != "canvas_spoof":
        {"symlinks": symlinks, "moodle": moodle, "canvas": canvas}[sys.argv[1]](Path(sys.argv[2]))


def canvas_spoof(out: Path):
    """A learner's uploaded file name that repeats Canvas's own pattern with another learner's id."""
    import time
    out.mkdir(parents=True)
    good = (ROOT / "solutions" / NB).read_text()
    stub = (ROOT / "notebooks" / NB).read_text()
    victim = out / f"victimjane_11111_2222222_{NB}"
    victim.write_text(good)
    time.sleep(1.1)
    (out / f"evilbob_33333_4444444_x_11111_2222223_{NB}").write_text(stub)
    (out / f"evilbob_33333_4444445_{NB}").write_text(stub)


if __name__ == "__main__" and sys.argv[1] == "canvas_spoof":
    canvas_spoof(Path(sys.argv[2]))
