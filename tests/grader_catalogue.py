"""A class of bad and hostile submissions for the grader's own tests.

Built from the fixture course in tests/fixtures/grader_course (two small
notebooks, 01_fixture_add and 02_fixture_stats): :func:`build` writes one
folder per student and returns what each row of grades.json must say.
tests/test_grader_hostile.py grades the whole class in one run.
"""

from __future__ import annotations

import copy
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "grader_course"
SOLUTIONS = FIXTURE / "solutions"
NB1, NB2 = "01_fixture_add", "02_fixture_stats"
MAX1, MAX2 = 5.0, 5.0

GOOD_ADD = 'def add(a, b):\n    return np.asarray(a, dtype=np.float64) + b\n'
GOOD_SCALE = 'def scale(x, factor):\n    return np.asarray(x, dtype=np.float64) * factor\n'
STUB_ADD = 'def add(a, b):\n    raise NotImplementedError()\n'
# a loop variable _i (IPython's name for the last input), globals() in a helper, getattr/setattr on the
# learner's own object, gc.collect(), inspect.signature: honest, and never a review note
ORDINARY_ADD = ('import gc\nimport inspect\n\n'
                'def _defined(name):\n    return name in globals()\n\n'
                'class _Acc:\n    total = 0.0\n\n'
                'def add(a, b):\n    acc = _Acc()\n    for _i in range(2):\n'
                '        setattr(acc, "total", getattr(acc, "total") + _i)\n'
                '    return np.asarray(a, dtype=np.float64) + b\n\n'
                'gc.collect()\nassert _defined("add") and len(inspect.signature(add).parameters) == 2\n')

# every kind of entry a notebook can make, in a new folder under ``where``: ``n`` tries, the refusal
# (ENOSPC, in a tmpfs) caught; then ``pause`` seconds for the watchdog's look (every second)
FILE_FLOOD = (
    "import os\nimport tempfile\nimport time\n\n"
    "def _flood(where, n):\n"
    "    base = tempfile.mkdtemp(dir=where)\n"
    "    for i in range(n):\n"
    "        p = os.path.join(base, f'e{{i}}')\n"
    "        kind = i % 5\n"
    "        if kind == 0:\n"
    "            open(p, 'w').close()\n"
    "        elif kind == 1:\n"
    "            os.mkdir(p)\n"
    "        elif kind == 2:\n"
    "            os.symlink('/', p)\n"
    "        elif kind == 3:\n"
    "            os.mkfifo(p)\n"
    "        else:\n"
    "            os.link(os.path.join(base, f'e{{i - 4}}'), p)\n\n"
    "try:\n"
    "    _flood({where}, {n})\n"
    "except OSError as exc:\n"
    "    print('refused:', exc)\n"
    "time.sleep({pause})\n")


def flooded(solved: dict, where: str, n: int = 8000) -> dict:
    """``solved`` with files flooding ``where`` from both exercise cells, ``n`` tries in each (each cell
    has its own time limit: on a loaded disk one cell's 6 s made fewer than 10,000 entries); 2n in all,
    1.6n inodes (hard links take none)."""
    return with_cells(solved, add=GOOD_ADD + FILE_FLOOD.format(where=repr(where), n=n, pause=0),
                      scale=GOOD_SCALE + FILE_FLOOD.format(where=repr(where), n=n, pause=3))


# the hostile class's limit of files (tests/test_grader_hostile.py passes it): its floods stay short under
# its 6 s cells; the default (10,000) is graded by tests/test_grader_unprivileged.py
MAX_FILES = 3000


@dataclass
class Expect:
    """What grades.json must say about one notebook of one student."""

    status: str
    score: float | None = None  # exact score, when known
    at_most: float | None = None  # upper bound (tampering: no more than the untouched notebook)
    message: tuple[str, ...] = ()  # substrings of the message
    absent: tuple[str, ...] = ()  # substrings the message must not hold
    tests: dict[str, float] = field(default_factory=dict)  # exact per-test scores
    either: tuple[str, ...] = ()  # other statuses that are right too (a cheat the guard may or may not see)


def load(stem: str) -> dict:
    return json.loads((SOLUTIONS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def student_copy(stem: str, release_dir: Path) -> dict:
    return json.loads((release_dir / f"{stem}.ipynb").read_text(encoding="utf-8"))


def gid(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def with_cells(nb: dict, **sources: str) -> dict:
    """Copy of ``nb`` with the cells of the given grade_ids replaced."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if gid(cell) in sources:
            cell["source"] = sources[gid(cell)]
    return nb


def write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nb if isinstance(nb, str) else json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


def build(root: Path, release_dir: Path) -> dict[str, dict[str, Expect]]:
    """Write the class under ``root``; return {student: {stem: Expect}}."""
    s1 = student_copy(NB1, release_dir)
    s2 = student_copy(NB2, release_dir)
    solved1 = with_cells(s1, add=GOOD_ADD, scale=GOOD_SCALE)
    solved2 = load(NB2)  # the source itself, hidden tests and markers included, is a fine answer
    expect: dict[str, dict[str, Expect]] = {}

    def student(name: str, nb1=None, nb2=None, e1: Expect | None = None, e2: Expect | None = None,
                name1: str = f"{NB1}.ipynb", name2: str = f"{NB2}.ipynb"):
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        if nb1 is not None:
            write(nb1, folder / name1)
        if nb2 is not None:
            write(nb2, folder / name2)
        expect[name] = {NB1: e1 or Expect("missing", 0.0), NB2: e2 or Expect("missing", 0.0)}

    full1 = Expect("graded", MAX1, tests={"test_add": 2, "test_scale_basic": 1, "test_scale_hidden": 2})
    # -- good students, odd names -------------------------------------------------
    student("good", solved1, solved2, full1, Expect("graded", MAX2))
    student("Zoë Ünal-Šimić", solved1, solved2, full1, Expect("graded", MAX2))
    student("Jean Paul (2nd try)", solved1, None, full1)
    student("untouched", s1, s2, Expect("graded", 0.0), Expect("graded", 0.0))
    student("partly right", with_cells(s1, add=GOOD_ADD, scale="def scale(x, factor):\n    return np.asarray(x) * 2.0\n"),
            None, Expect("graded", 3.0, tests={"test_add": 2, "test_scale_basic": 1, "test_scale_hidden": 0}))
    # -- ordinary code that a scan of spellings took for tampering: no flag, no note, full marks --------
    student("ordinary helpers", with_cells(solved1, add=ORDINARY_ADD), None, Expect("graded", MAX1, absent=("review",)))
    # -- harmless stderr ------------------------------------------------------------
    student("warns on stderr", with_cells(solved1, add=(
        "import sys\nimport warnings\n\ndef add(a, b):\n    warnings.warn('add: a harmless warning')\n"
        "    print('debug output on stderr', file=sys.stderr)\n    return np.asarray(a, dtype=np.float64) + b\n")),
        None, full1)
    # -- limits: a notebook stopped before its end (its kernel died, exited or was killed) leaves every test
    # cell whose hidden part had not run yet (they run after the last cell) at 0: test_add has one. A cell
    # that was interrupted or raised MemoryError does not stop the notebook. --------------------------------
    student("loops forever", with_cells(solved1, add=GOOD_ADD + "while True:\n    pass\n"), None,
            Expect("timeout", MAX1, message=("cell", "per-cell limit")))
    student("ignores interrupts", with_cells(solved1, scale=(
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n" + GOOD_SCALE + "while True:\n    pass\n")),
        None, Expect("timeout", 0.0, message=("per-cell limit",), tests={"test_add": 0, "test_scale_basic": 0}))
    student("kills its kernel", with_cells(solved1, scale="import os\nos._exit(3)\n"), None,
            Expect("crashed", 0.0, message=("kernel died", "scale")))
    student("exits its kernel", with_cells(solved1, scale="exit()\n"), None,
            Expect("crashed", 0.0, message=("kernel exited", "scale")))
    student("segfaults", with_cells(solved1, scale="import ctypes\nctypes.string_at(0)\n"), None,
            Expect("crashed", 0.0, message=("kernel died", "signal 11"), absent=("memory",)))
    # C code that does not check an allocation dies by a signal under RLIMIT_DATA, not MemoryError
    student("segfaults near its memory limit", with_cells(solved1, scale=(
        GOOD_SCALE + "hog = np.ones(800 * 2**20 // 8)\nhog[:] = 1\nimport ctypes\nctypes.string_at(0)\n")), None,
        Expect("crashed", 0.0, message=("kernel died", "signal 11", "ran out of memory", "1 GiB")))
    student("eats memory", with_cells(solved1, scale=GOOD_SCALE + "hog = np.ones(2 * 1024**3 // 8 * 3)\n"), None,
            Expect("crashed", MAX1, message=("memory",)))
    student("eats memory slowly", with_cells(solved1, scale=(
        GOOD_SCALE + "hog = []\nfor _ in range(400):\n    hog.append(np.ones(2**20))\n"
        "    hog[-1][:] = 1\n")), None, Expect("crashed", message=("memory",), tests={"test_add": 2}))
    student("forks memory hogs", with_cells(solved1, scale=(
        "import os, time\nfor _ in range(3):\n    if os.fork() == 0:\n        hog = np.ones(600 * 2**20 // 8)\n"
        "        hog[:] = 1\n        time.sleep(60)\n        os._exit(0)\ntime.sleep(30)\n")),
        None, Expect("crashed", 0.0, message=("memory limit",)))
    # red team round 5 (tests/attacks5/FINDINGS.md, row 11): bytes were limited, file counts were not.
    # c.Sandbox.max_files (MAX_FILES here) at once in each place a kernel writes: its run folder (the watchdog counts
    # every kind of entry) and its tmpfs mounts (nr_inodes: the next entry fails with ENOSPC; the watchdog
    # reads the full count through /proc/PID/root and stops the kernel with the same kind of message)
    student("floods its folder with files", flooded(solved1, ".", n=MAX_FILES * 4 // 3), None,
            Expect("crashed", 0.0, message=(f"more than {MAX_FILES:,} files", "c.Sandbox.max_files")))
    student("floods its tmp with files", flooded(solved1, "/tmp", n=MAX_FILES * 4 // 3), None,
            Expect("crashed", 0.0, message=(f"{MAX_FILES:,} files in /tmp", "c.Sandbox.max_files")))
    student("floods output", with_cells(solved1, add=GOOD_ADD + "for i in range(200):\n    print(('spam ' * 2000 + '\\n') * 5)\n"),
            None, Expect("graded", MAX1, message=("printed too much",)))
    student("draws a figure", with_cells(solved1, add=GOOD_ADD + (
        "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()\n")), None, full1)
    student("uses the network", with_cells(solved1, add=GOOD_ADD + (
        "import socket\nprint('interfaces:', sorted(n for _, n in socket.if_nameindex()))\n")), None, full1)
    # -- edited structure ----------------------------------------------------------------
    deleted = copy.deepcopy(solved1)
    deleted["cells"] = [c for c in deleted["cells"] if gid(c) not in ("test_add", "test_scale_hidden")]
    student("deletes tests", deleted, None, Expect("graded", MAX1, message=("deleted",)))
    edited = with_cells(s1, test_add="pass\n", test_scale_basic="print('all good')\n", test_scale_hidden="pass\n")
    student("edits tests", edited, None, Expect("graded", 0.0))
    dup = copy.deepcopy(solved1)
    idx = next(i for i, c in enumerate(dup["cells"]) if gid(c) == "test_add")
    fake = copy.deepcopy(dup["cells"][idx])
    fake["source"] = "pass\n"
    dup["cells"].insert(idx, fake)
    dup["cells"].insert(idx, copy.deepcopy(dup["cells"][idx + 1]))
    student("duplicates cells", dup, None, full1)
    retyped = copy.deepcopy(s1)
    for cell in retyped["cells"]:
        if gid(cell) in ("test_add", "test_scale_hidden"):
            cell["cell_type"] = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    student("retypes cells", retyped, None, Expect("graded", 0.0))
    meta = copy.deepcopy(s1)
    for cell in meta["cells"]:
        if gid(cell) == "test_add":
            cell["metadata"]["nbgrader"].update({"points": 100, "grade": False, "solution": True})
        if gid(cell) == "test_scale_basic":
            cell["metadata"]["nbgrader"]["grade_id"] = "test_renamed"
            cell["source"] = "pass\n"
    student("edits metadata", meta, None, Expect("graded", 0.0))
    # -- unreadable files --------------------------------------------------------------------
    student("invalid json", '{"cells": [', None, Expect("invalid", 0.0, message=("not valid JSON",)))
    student("empty file", "", None, Expect("invalid", 0.0, message=("empty",)))
    student("not a notebook", '["just", "a", "list"]', None, Expect("invalid", 0.0, message=("not a notebook",)))
    (root / "binary").mkdir()
    (root / "binary" / f"{NB1}.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 50)
    expect["binary"] = {NB1: Expect("invalid", 0.0, message=("not a text file",)), NB2: Expect("missing", 0.0)}
    student("wrong names", solved1, solved2, Expect("graded", MAX1, message=("as 01_fixture_add.ipynb",)),
            Expect("graded", MAX2, message=("as 02_fixture_stats.ipynb",)),
            name1=f"{NB1} (1).ipynb", name2="my submission.ipynb")
    student("no notebooks")
    (root / "no notebooks" / "notes.txt").write_text("I forgot\n")
    # -- tampering: each is the untouched notebook plus a cheat, so it must score 0 -----------
    wrong = "def add(a, b):\n    return 0 * np.asarray(a)\n"
    cheats = {
        "patches checks": "import cnnlib.checks\ncnnlib.checks.assert_close = lambda *a, **k: None\n",
        "patches numpy": "np.max = lambda *a, **k: 0.0\n",
        "patches builtins": "import builtins\nbuiltins.float = lambda *a: 0.0\n",
        "patches numpy.testing": "np.testing.assert_allclose = lambda *a, **k: None\n",
        "patches code": "checks.assert_close.__code__ = (lambda *a, **k: None).__code__\n",
        "patches hidden": ("setattr(__import__('cnnlib.checks', fromlist=['x']), 'assert' + '_close', "
                           "lambda *a, **k: None)\n"),
        "rebinds checks": ("class _Yes:\n    def __getattr__(self, name):\n        return lambda *a, **k: None\n"
                           "checks = _Yes()\n"),
        "patches sys.modules": ("import sys, types\nfake = types.ModuleType('cnnlib.checks')\n"
                                "fake.assert_close = lambda *a, **k: None\nsys.modules['cnnlib.checks'] = fake\n"),
        "patches during the test": ("def add(a, b):\n    import cnnlib.checks as c\n"
                                    "    c.assert_close = lambda *x, **k: None\n    return 0 * np.asarray(a)\n"),
    }
    for name, cheat in cheats.items():
        body = cheat if "def add" in cheat else wrong + cheat
        student(name, with_cells(s1, add=body), None, Expect("flagged", at_most=0.0, message=("flagged for review",)))
    # -- answering the tests from inside the kernel: the judge decides outside it, so none of these
    # earns a point, whether or not the scan or the guard notices them (grader/judge/) -----------
    for name, cheat in ANSWERS_FROM_INSIDE.items():
        student(name, with_cells(s1, add=wrong + cheat, scale=cheat if "def scale" in cheat else STUB_ADD),
                None, Expect("graded", at_most=0.0, either=("flagged",)))
    return expect


# What a determined student tries when the tests run beside their code (issue 20): each must score
# no more than the untouched notebook.
_TWOS = "{\"v\": {\"t\": \"nd\", \"dtype\": \"<f8\", \"shape\": [2], \"b64\": \"AAAAAAAAAEAAAAAAAAAAQA==\"}}"
ANSWERS_FROM_INSIDE = {
    "replaces the judge's server": (
        "import grader.judge.server as _srv\n"
        f"_srv.serve = lambda payload, ns: '{_TWOS}'\n"),
    "forges IPython's answers": (
        "_ip = get_ipython()\n"
        "_ip.user_expressions = lambda exprs: {k: {'status': 'ok', 'data': {'text/plain': repr('{\"v\": 2.0}')},"
        " 'metadata': {}} for k in exprs}\n"),
    "swallows every exception": "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\n",
    "rewrites every result": (
        "def _ok(result):\n    result.error_in_exec = None\n    result.error_before_exec = None\n"
        "get_ipython().events.register('post_run_cell', _ok)\n"),
    "reads the test from its caller": (
        "def scale(x, factor):\n    import inspect\n"
        "    for f in inspect.stack():\n        if 'checks' in f.frame.f_globals and 'assert_close' in str(f.code_context):\n"
        "            f.frame.f_globals['checks'].assert_close = lambda *a, **k: None\n"
        "    return 0 * np.asarray(x)\n"),
    "returns an object equal to anything": (
        "class _Yes(np.ndarray):\n    def __eq__(self, other):\n        return True\n"
        "    def __array__(self, *a, **k):\n        return np.full(2, 2.0)\n"
        "def scale(x, factor):\n    return _Yes((2, 2))\n"),
    "answers too deep and too big": (
        "def scale(x, factor):\n    deep = []\n    for _ in range(100000):\n        deep = [deep]\n"
        "    return deep\n"),
    "raises a fake interrupt": (
        "def scale(x, factor):\n    raise KeyboardInterrupt\n"),
}


def zip_class(root: Path, archive: Path, evil: bool = True) -> None:
    """Zip the class folder (as an LMS export would), plus members that try to escape."""
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, str(Path("class export") / path.relative_to(root)))
        if evil:
            zf.writestr("../escaped.ipynb", "{}")
            zf.writestr("/tmp/absolute-escape.ipynb", "{}")
            zf.writestr("class export/sneaky/../../../up.ipynb", "{}")
            link = zipfile.ZipInfo("class export/linked/01_fixture_add.ipynb")
            link.external_attr = (0o120777 << 16)
            zf.writestr(link, "/etc/passwd")


# -- learners who try to see past the grader (grader/autograde/scrub.py, Autograder.verify, the borrowed-answer scan) --
# Each leak student hands in a correct notebook whose add() also tries to carry the test cell that calls it
# (hidden tests included) into what the grader writes. tests/test_grader_leaks.py grades them in one run
# with one worker, in name order: "0 rewrites gradebooks" first, so every later student of that worker is
# graded after the attack.
CALLER = ("def _test_source():\n"
          "    import sys, linecache\n"
          "    f = sys._getframe(2)\n"
          "    return ''.join(linecache.getlines(f.f_code.co_filename))\n")


def _leaky_add(body: str, header: str = "") -> str:
    """add() that runs ``body`` (with ``src``, the calling test cell's source) before the right answer."""
    inner = "".join(f"    {line}\n" for line in body.strip("\n").splitlines())
    return (header + CALLER + "def add(a, b):\n    src = _test_source()\n" + inner +
            "    return np.asarray(a, dtype=np.float64) + b\n")


LEAKS = {
    "history reader": ("import builtins\n"
                       "def add(a, b):\n"
                       "    ip = get_ipython()\n"
                       "    print('In:', ip.user_ns['In'][-1])\n"
                       "    print('_ih:', ip.user_ns['_ih'][-1])\n"
                       "    print('history:', ip.history_manager.input_hist_raw[-1])\n"
                       "    return np.asarray(a, dtype=np.float64) + b\n"),
    "frame reader": _leaky_add("print(src)\nimport inspect\n"
                               "print(''.join(l for fr in inspect.stack()[:3] for l in (fr.code_context or [])))"),
    "raises the test text": _leaky_add("if 'arange(3.0)' in repr(a) or len(a) == 3:\n"
                                       "    raise ValueError('the test was: ' + src)"),
    "displays the test text": _leaky_add(
        "from IPython.display import display, HTML, Markdown, SVG, JSON\nimport html as h\n"
        "display(HTML('<pre>' + h.escape(src) + '</pre>'))\n"
        "display(Markdown('```\\n' + src + '\\n```'))\n"
        "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\"><text>' + h.escape(src) + '</text></svg>'))\n"
        "display(JSON({'cell': src.splitlines()}))\n"
        "class Rich:\n"
        "    def _repr_html_(self):\n"
        "        return ''.join('<b>%s</b>' % h.escape(c) for c in src)\n"
        "display(Rich())"),
    "encodes the test text": _leaky_add(
        "import base64, zlib\n"
        "print(base64.b64encode(src.encode()).decode())\n"
        "print(src.encode().hex())\n"
        "print(src[::-1])\n"
        "print(base64.b64encode(zlib.compress(src.encode())).decode())"),
    "writes stderr": _leaky_add("import sys\nsys.stderr.write(src)"),
    "keeps it for later": _leaky_add("global LEAKED, LEAKED_EXC\nLEAKED = src\n"
                                     "try:\n    raise RuntimeError(src)\nexcept RuntimeError as e:\n"
                                     "    LEAKED_EXC = e"),
}
# Outputs that try other containers than text (grader/autograde/outputs.py): the bytes and text chunks of images, MIME
# types no page knows, the outputs' metadata, widget state, HTML that would run or cover the page, and output
# built to make the scrubber's search slow. Each add() is correct; "draws over the page" also has a wrong scale
# (3 of 5 points) and claims full marks in its overlay and in a markdown cell of its own.
PWNED = "PWNED-BY-A-LEARNER"  # what a script that ran would leave in the page (title, window, storage)
_HOSTILE_HTML = (
    "<script>document.title = '" + PWNED + "'; window.PWNED = 1;</script>"
    "<img src=x onerror=\"document.title='" + PWNED + "'\">"
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:2147483647;background:#fff\">"
    "<h4>01_fixture_add (Score: 5.0 / 5.0)</h4><p class=\"alert alert-success\">All tests passed</p></div>"
    "<style>.output_error, .panel-heading { display: none !important }</style>"
    "<meta http-equiv=\"refresh\" content=\"0; url=about:blank#" + PWNED + "\">"
    "<a href=\"javascript:document.title='" + PWNED + "'\">details</a>"
    "<iframe srcdoc=\"<script>parent.document.title='" + PWNED + "'</script>\"></iframe>"
    "<svg xmlns='http://www.w3.org/2000/svg' onload=\"document.title='" + PWNED + "'\">"
    "<script>document.title='" + PWNED + "'</script><foreignObject><p>x</p></foreignObject></svg>"
)
HOSTILE_OUTPUTS = {
    "hides it in image pixels": _leaky_add(
        "from PIL import Image\nimport io\nfrom IPython.display import display, Image as Shown\n"
        "raw = src.encode()\n"
        "grey = Image.frombytes('L', (len(raw), 1), raw)\n"
        "red = Image.merge('RGB', [grey, Image.new('L', grey.size, 0), Image.new('L', grey.size, 0)])\n"
        "for img in (grey, red):\n"
        "    buf = io.BytesIO()\n"
        "    img.save(buf, 'PNG')\n"
        "    display(Shown(data=buf.getvalue() + raw))"),
    "hides it in image metadata": _leaky_add(
        "from PIL import Image, PngImagePlugin\nimport io\nfrom IPython.display import display, Image as Shown\n"
        "info = PngImagePlugin.PngInfo()\n"
        "info.add_text('Comment', src)\ninfo.add_text('Zipped', src, zip=True)\ninfo.add_itxt('Intl', src, zip=True)\n"
        "buf = io.BytesIO()\nImage.new('RGB', (16, 16), (9, 99, 199)).save(buf, 'PNG', pnginfo=info)\n"
        "display(Shown(data=buf.getvalue()))\n"
        "jpg = io.BytesIO()\nImage.new('RGB', (16, 16)).save(jpg, 'JPEG', comment=src.encode())\n"
        "display(Shown(data=jpg.getvalue(), format='jpeg'))\n"
        "import base64\nfrom IPython.display import HTML, Markdown\n"  # the same image inside HTML and markdown
        "url = 'data:image/png;base64,' + base64.b64encode(buf.getvalue()).decode()\n"
        "display(HTML('<img src=\"' + url + '\">'))\ndisplay(Markdown('![chart](' + url + ')'))"),
    "uses unknown mime types": _leaky_add(
        "from IPython.display import display\n"
        "display({'text/plain': 'nothing to see', 'application/x-leak': src, 'text/x-python': src,\n"
        "         'application/vnd.leak+json': {'cell': src.splitlines()}, 'image/gif': src,\n"
        "         'application/javascript': 'document.title = ' + repr(src)}, raw=True)"),
    "puts it in metadata": _leaky_add(
        "from IPython.display import display\n"
        "display({'text/plain': 'a plain result'}, raw=True,\n"
        "        metadata={'leak': src, 'image/png': {'width': src}, 'text/plain': {'isolated': src}})\n"
        "class Meta:\n"
        "    def _repr_mimebundle_(self, include=None, exclude=None):\n"
        "        return {'text/plain': 'meta'}, {'leak': src.splitlines()}\n"
        "display(Meta())"),
    "keeps it in widget state": _leaky_add(
        "import ipywidgets\nfrom IPython.display import display\n"
        "global KEPT_WIDGETS\n"
        "KEPT_WIDGETS = globals().get('KEPT_WIDGETS') or []\n"
        "KEPT_WIDGETS += [ipywidgets.Textarea(value=src), ipywidgets.HTML(value='<script>x()</script>' + src)]\n"
        "if len(KEPT_WIDGETS) == 2:  # and once, state past the 1 MB a cell's output may have\n"
        "    KEPT_WIDGETS.append(ipywidgets.Textarea(value='w' * 1_500_000))\n"
        "for w in KEPT_WIDGETS[-3:]:\n"
        "    display(w)"),
    "draws over the page": _leaky_add(
        "from IPython.display import display, HTML, Markdown, SVG, Javascript\n"
        "display(HTML(" + repr(_HOSTILE_HTML) + "))\n"
        "display(Markdown(" + repr(_HOSTILE_HTML) + "))\n"
        "display(Javascript(\"document.title = '" + PWNED + "'\"))\n"
        "display({'image/svg+xml': \"<svg xmlns='http://www.w3.org/2000/svg'><script>document.title='"
        + PWNED + "'</script></svg>\", 'text/plain': 'svg'}, raw=True)"),
    # near-misses: every line of the test with every tenth character changed, so nothing is found, over and
    # over (the search before was super-linear in them), unclosed tags and a flood of escape codes; once,
    # under the 1 MB a cell may print
    "makes the search slow": _leaky_add(
        "import sys\n"
        "if 'hidden' in src.lower() and not globals().get('SLOW_DONE'):\n"
        "    globals()['SLOW_DONE'] = True\n"
        "    lines = [l.strip() for l in src.splitlines() if len(l.strip()) > 12]\n"
        "    near = ''.join(''.join('#' if i % 10 == 9 else c for i, c in enumerate(l)) + ' ' for l in lines)\n"
        "    for _ in range(400_000 // max(len(near), 1)):\n"
        "        sys.stdout.write(near)\n"
        "    print('<' * 100_000)\n"
        "    print('a' * 100_000)\n"
        "    print('\\x1b[1mX' * 30_000)\n"  # escape codes: nbconvert's colouring is quadratic in them
        "    from IPython.display import Markdown, display\n"
        "    display(Markdown('*a' * 20_000))"),  # and mistune's markdown is super-linear in this
}
HOSTILE_MARKDOWN = ("<script>document.title = '" + PWNED + "'</script>\n\n"
                    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:#fff\">"
                    "Score: 5.0 / 5.0, all tests passed</div>\n\n[details](javascript:alert(1))\n")
# reads what the grader keeps on disk (the sandbox hides it; until then the scrubber must catch it): every
# gradebook it finds (test cells with hidden tests, solution cells) and the solutions of both notebooks
FILE_LEAKS = {
    "reads gradebooks and solutions": (
        GOOD_ADD + "import glob, os, sqlite3, tempfile\n"
        "cache = os.environ.get('GRADER_CACHE')\n"
        "dbs = glob.glob(os.path.join(tempfile.gettempdir(), 'grader-grade-*', 'gradebook-%d.db' % os.getppid()))\n"
        "dbs += glob.glob(os.path.join(cache, '*', 'gradebook.db')) if cache else []\n"
        "for db in dbs:\n"
        "    for (src,) in sqlite3.connect(db).execute('SELECT source FROM source_cell'):\n"
        "        print(src)\n"
        "folder = os.environ.get('GRADER_SOLUTIONS', '')\n"
        "for path in sorted(glob.glob(os.path.join(folder, '*.ipynb'))):\n"
        "    print(open(path).read())\n"),
}
# Hidden inputs (attack leak_hidden_inputs_03): add() keeps what it is given and a later learner cell prints it,
# or add() raises with its arguments in the message. The hidden test's b is [0.0, 2.0, 4.0]; the visible one's
# [1.0, 1.0] must still show (the later cell ran after the visible test), the hidden one nowhere.
HIDDEN_INPUT = "KEPT [0.0, 2.0, 4.0]"
VISIBLE_INPUT = "KEPT [1.0, 1.0]"
INPUT_LEAKS = {
    "keeps hidden inputs": ("KEPT_INPUTS = []\n\ndef add(a, b):\n"
                            "    KEPT_INPUTS.append('KEPT ' + repr(np.asarray(b, dtype=float).tolist()))\n"
                            "    return np.asarray(a, dtype=np.float64) + b\n",
                            "print('\\n'.join(KEPT_INPUTS))\n" + GOOD_SCALE),
    "raises hidden inputs": ("def add(a, b):\n    if len(a) == 3:\n"
                             "        raise ValueError('KEPT ' + repr(np.asarray(b, dtype=float).tolist()))\n"
                             "    return np.asarray(a, dtype=np.float64) + b\n", GOOD_SCALE),
}
# a later learner cell prints what add() kept, and re-raises the exception it kept (its traceback quotes the test)
LATER = ("print(globals().get('LEAKED', 'nothing kept'))\n" + GOOD_SCALE +
         "exc = globals().get('LEAKED_EXC')\nif exc is not None:\n    raise exc\n")

# Only this run's files: the worker that grades the kernel is its parent (a child subreaper), and the
# cache is the test's own (GRADER_CACHE); other grader runs on the machine are left alone.
REWRITE = (
    "import glob, json, os, sqlite3, tempfile\n"
    "hits = []\n"
    "scratch = os.path.join(tempfile.gettempdir(), 'grader-grade-*')\n"
    "cache = os.environ.get('GRADER_CACHE')\n"
    "dbs = glob.glob(os.path.join(scratch, 'gradebook-%d.db' % os.getppid()))\n"
    "dbs += glob.glob(os.path.join(cache, '*', 'gradebook.db')) if cache else []\n"
    "for db in dbs:\n"
    "    try:\n"
    "        con = sqlite3.connect(db)\n"
    "        con.execute(\"UPDATE source_cell SET source = 'pass' WHERE name LIKE 'test%'\")\n"
    "        con.execute('UPDATE grade_cells SET max_score = 100')\n"
    "        con.commit()\n"
    "        con.close()\n"
    "        hits.append(db)\n"
    "    except Exception as exc:\n"
    "        print('could not rewrite', db, type(exc).__name__)\n"
    "rels = glob.glob(os.path.join(scratch, 'release-gradebook-%d' % os.getppid(), '*.ipynb'))\n"
    "rels += glob.glob(os.path.join(cache, '*', 'release', '*', '*.ipynb')) if cache else []\n"
    "for rel in rels:\n"
    "    try:\n"
    "        nb = json.load(open(rel))\n"
    "        for cell in nb['cells']:\n"
    "            meta = cell['metadata'].get('nbgrader', {})\n"
    "            if meta.get('grade'):\n"
    "                meta['points'] = 100\n"
    "        json.dump(nb, open(rel, 'w'))\n"
    "        hits.append(rel)\n"
    "    except (OSError, ValueError) as exc:\n"
    "        print('could not change', rel, type(exc).__name__)\n"
    "print('REWROTE', json.dumps(hits))\n")


def build_leaks(root: Path, release_dir: Path) -> dict[str, dict[str, Expect]]:
    """Write the leak class under ``root``; return {student: {stem: Expect}} (notebook 01 only)."""
    s1 = student_copy(NB1, release_dir)
    solved1 = with_cells(s1, add=GOOD_ADD, scale=GOOD_SCALE)
    full1 = Expect("graded", MAX1, tests={"test_add": 2, "test_scale_basic": 1, "test_scale_hidden": 2})
    expect: dict[str, dict[str, Expect]] = {}

    def student(name: str, nb, e: Expect):
        write(nb, root / name / f"{NB1}.ipynb")
        expect[name] = {NB1: e, NB2: Expect("missing", 0.0)}

    student("0 rewrites gradebooks", with_cells(solved1, add=GOOD_ADD + REWRITE), Expect("graded", MAX1))
    for name, add in LEAKS.items():
        nb = with_cells(solved1, add=add, scale=LATER if name == "keeps it for later" else GOOD_SCALE)
        e = full1  # "keeps it for later": its scale cell raises after defining scale; scale's tests pass
        if name == "raises the test text":  # add raises in the hidden test only
            e = Expect("graded", 3.0, tests={"test_add": 0.0, "test_scale_basic": 1, "test_scale_hidden": 2})
        student(name, nb, e)
    for name, add in FILE_LEAKS.items():
        student(name, with_cells(solved1, add=add), full1)
    for name, (add, scale) in INPUT_LEAKS.items():
        student(name, with_cells(solved1, add=add, scale=scale), full1 if name.startswith("keeps") else
                Expect("graded", 3.0, tests={"test_add": 0.0, "test_scale_basic": 1, "test_scale_hidden": 2}))
    wrong_scale = "def scale(x, factor):\n    return np.asarray(x) * 2.0\n"
    for name, add in HOSTILE_OUTPUTS.items():
        # under the judge a test's calls to add() reach the kernel but what they display is not kept (the test
        # cell's outputs are the judge's own); so the learner's own cell calls add() too, and its displays (made
        # from that cell's source) reach the allow-list and the page
        add += "_shown = add(np.arange(3.0), 1.0)\n"
        if name == "draws over the page":  # its true score is 3 of 5: the page must say so, whatever it draws
            nb = with_cells(s1, add=add, scale=wrong_scale)
            nb["cells"].append({"cell_type": "markdown", "id": "hostile-markdown", "metadata": {"tags": ["x"]},
                                "source": HOSTILE_MARKDOWN})
            student(name, nb, Expect("graded", 3.0, tests={"test_add": 2, "test_scale_basic": 1,
                                                           "test_scale_hidden": 0}))
        elif name == "makes the search slow":  # and a markdown cell of its own that mistune is slow on
            nb = with_cells(solved1, add=add)
            nb["cells"].append({"cell_type": "markdown", "id": "slow-markdown", "metadata": {}, "source": "*a" * 30_000})
            student(name, nb, full1)
        else:
            student(name, with_cells(solved1, add=add), full1)
    borrowed = Expect("flagged", 0.0, message=("flagged for review", "borrowed answer"))
    student("borrows via alias", with_cells(solved1, add=(
        "from cnnlib import layers as L\n\ndef add(a, b):\n    if np.ndim(a) == 4:  # the course's layer\n"
        "        return L.conv_forward(a, b, np.zeros(1))\n    return np.asarray(a, dtype=np.float64) + b\n")), borrowed)
    student("borrows via getattr", with_cells(solved1, add=(
        "import cnnlib\nimport cnnlib.layers\n\ndef add(a, b):\n"
        "    conv = getattr(cnnlib.layers, 'conv' + '_forward')\n"
        "    return np.asarray(a, dtype=np.float64) + b\n")), borrowed)
    # a name assembled in one place, handed to a helper, resolved in another: what the code does, not its spelling
    student("borrows through a helper", with_cells(solved1, add=(
        "import cnnlib\n\ndef _part(name):\n    return getattr(cnnlib, name)\n\n"
        "def add(a, b):\n    conv = getattr(_part('lay' + 'ers'), ''.join(['conv', '_forward']))\n"
        "    return np.asarray(a, dtype=np.float64) + b\n")), borrowed)
    student("reaches the layers by getattr", with_cells(solved1, add=(
        "import cnnlib\nimport cnnlib.layers\n\ndef add(a, b):\n    lay = getattr(cnnlib, 'lay' + 'ers')\n"
        "    return np.asarray(a, dtype=np.float64) + b\n")),
        Expect("graded", MAX1, message=("review:", "cnnlib.layers")))
    # the clean room (grader/integrity/cleanroom.py): what the static scan cannot read still finds nothing to borrow; add's
    # tests fail with the clean room's message, scale's honest code keeps its points
    honest = Expect("graded", 3.0, tests={"test_add": 0.0, "test_scale_basic": 1, "test_scale_hidden": 2})
    for name, add in CLEAN_ROOM.items():
        student(name, with_cells(solved1, add=add), honest)
    student("z good", solved1, full1)
    student("z untouched", s1, Expect("graded", 0.0))
    return expect


# Borrowing that no spelling rule sees, one kind each: a reference answer of notebook 01 (cnnlib.layers.conv_forward,
# c.Integrity.reference_answers) through reversed names, through its file, and PyTorch (outside 01's allowance,
# c.CleanRoom.allowed) through an assembled name and gc. With a 1x1 kernel of ones conv_forward is the identity: add.
_CONV_ADD = ("def add(a, b):\n    a = np.asarray(a, dtype=np.float64)\n"
             "    return _conv(a.reshape(1, 1, 1, -1), np.ones((1, 1, 1, 1)), np.zeros(1)).reshape(a.shape) + b\n")
CLEAN_ROOM = {
    "clean room, reversed names": (
        "import importlib\n_layers = importlib.import_module('cnnlib.' + 'sreyal'[::-1])\n"
        "_conv = getattr(_layers, 'drawrof_vnoc'[::-1])\n" + _CONV_ADD),
    "clean room, the answer's file": (
        "import importlib.util, sys\n_spec = importlib.util.find_spec('cnnlib.' + 'sreyal'[::-1])\n"
        "_ns = {'__name__': 'mine'}\nexec(open(_spec.origin).read(), _ns)\n"
        "_mod = importlib.util.module_from_spec(importlib.util.spec_from_file_location('mine2', _spec.origin))\n"
        "_conv = _ns['drawrof_vnoc'[::-1]]\n" + _CONV_ADD),
    "clean room, torch and gc": (
        "import gc, importlib, types\n"
        "_found = [m for m in gc.get_objects() if isinstance(m, types.ModuleType) and m.__name__ == 'hcrot'[::-1]]\n"
        "_t = _found[0] if _found else importlib.import_module('hcrot'[::-1])\n"
        "def add(a, b):\n    return _t.add(_t.as_tensor(np.asarray(a, dtype=np.float64)), _t.as_tensor(b)).numpy()\n"),
}
