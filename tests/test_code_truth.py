"""The code and its docs tell the truth about themselves.

The docs are README.md, CONTRIBUTING.md, grader/README.md (the grader's
index) and every page under docs/ (docs/grader/: the grader's topic pages).
In every one of them:

- every file path named exists (placeholders such as ``NN_name`` must match
  a file; what the grader writes into its output folder is not in the
  repository and is skipped by name);
- every dotted name of the course's packages (``grader.run.grade.grade``,
  ``cnnlib.layers.conv_forward``) imports and resolves, and every other
  code name in backticks (a function, class, constant or env var such as
  ``enter_kernel``, ``KERNEL_MODULES``, ``GRADER_SANDBOX_COURSE``) is a
  word of the repository's code (outside tests/ and docs/) or one of
  ``EXTERNAL_NAMES``, each resolved in its library;
- every ``c.Class.trait`` (and ``--Class.trait=``) names a configurable that
  has that trait, in grader/ or in nbgrader/JupyterHub;
- every command-line flag is one of `python -m grader`'s, of the
  repository's own tools, or of the third-party commands listed in
  ``EXTERNAL_FLAGS``; and docs/grader/commands.md names every option of
  every `python -m grader` command;
- each default in docs/grader/configuration.md's table of limits is the
  trait's default, and each headline (bold) measurement of
  docs/grader/distributed.md is in benchmarks/RESULTS.md, and each number
  ``NUMBERS`` lists (a bound of the scrubber, the allow-list, the wire, the
  watchdog) is the code's constant;
- every relative markdown link of every tracked markdown file and notebook
  resolves (file, and ``#anchor`` to a heading of the target page), and
  every reference to a page and its section in code and docs (a path
  ending in .md, a comma, the section's title in quotes) names a page with
  that section;
- grader/README.md's file table has a row for every module of grader/;
- no package module (grader, cnnlib) imports tests/;
- solution cells are filled in one place (grader.course.fill), which the demo, the
  benchmarks and the tests call; no other module carries nbgrader's
  solution-marker expression;
- each limit's default lives in its trait (grader/settings.py): the
  command line's options are aliases that set the trait only when given.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "grader/README.md", "CONTRIBUTING.md", "book/README.md", "notebooks/README.md", "solutions/README.md",
        *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")))
EXTENSIONS = (".py", ".md", ".ipynb", ".toml", ".yml", ".yaml", ".txt", ".json", ".cfg", ".sh")
# what `grade`, `merge`, `report`, `make gpu-wheels` and `make book` write: outputs, never in the repository
OUTPUTS = {"grades", "test-artifacts", "DIR", "OUT", "feedback", "autograded", "source", "shards", "gpu-wheels", "grades.csv",
           "grades.json", "gradebook.db", "report.html", "report.json", "report-anonymised.html",
           "report-anonymised", ".grader-state.json", ".grader-details.json", ".grader-pseudonym-key",
           "checksums.json", "canvas-grades.csv", "moodle-grades.csv", ".grader-lms.json", "submitted",
           "release", "timestamp.txt", "submission_secret.txt",
           "build", "_static", "_images"}  # build/book/ and Sphinx's folders in it: what `make book` writes


def _mentioned(doc: Path) -> set[str]:
    text = doc.read_text(encoding="utf-8")
    found = set(re.findall(r"`([^`\n]+)`", text)) | set(re.findall(r"\]\(([^)\s]+)\)", text))
    paths = set()
    for token in (t.strip() for t in found):
        if token.startswith(("http:", "https:", "#", "mailto:", "/", "~", "$")) or re.fullmatch(r"\.\w+", token):
            continue
        if re.fullmatch(r"[A-Z/]+", token):  # a table's mark such as T/O
            continue
        if not re.fullmatch(r"[\w.\-/]+", token) or not ("/" in token or token.endswith(EXTENSIONS)):
            continue
        if token.split("/")[0] in OUTPUTS or Path(token).name in OUTPUTS:
            continue
        paths.add(token)
    return paths


def _exists(token: str, doc: Path) -> bool:
    if "NN" in token:  # a pattern: NN_name.ipynb, nbNN.py
        pattern = token.replace("NN_name", "[0-9][0-9]_*").replace("NN", "[0-9][0-9]")
        return any(ROOT.glob(pattern)) or any(doc.parent.glob(pattern))
    return (ROOT / token).exists() or (doc.parent / token).exists()


@pytest.mark.parametrize("doc", DOCS)
def test_every_file_the_docs_name_exists(doc):
    path = ROOT / doc
    mentioned = _mentioned(path)
    assert len(mentioned) >= 1, f"{doc}: found too few paths to check ({sorted(mentioned)}): is the scan broken?"
    missing = sorted(t for t in mentioned if not _exists(t, path))
    assert not missing, f"{doc} names files that do not exist: {missing}"


def test_the_doc_scan_catches_a_missing_file(tmp_path):
    doc = tmp_path / "README.md"
    doc.write_text("See `COURSE.md`, `tests/test_mistakes.py`, [the grader](grader/README.md) and "
                   "`grades/grades.csv` and `solutions/NN_name.ipynb`.\n", encoding="utf-8")
    mentioned = _mentioned(doc)
    assert mentioned == {"COURSE.md", "tests/test_mistakes.py", "grader/README.md", "solutions/NN_name.ipynb"}
    assert sorted(t for t in mentioned if not _exists(t, doc)) == ["COURSE.md", "tests/test_mistakes.py"]


# --- names, traits, flags and numbers the docs give ---------------------------------------------

# Code names the docs give that the repository's code does not spell: where each lives (a dotted path
# that must resolve), or None for another system's environment variable.
EXTERNAL_NAMES = {
    "JupyterHubAuthPlugin": "nbgrader.auth.JupyterHubAuthPlugin",
    "spec_from_file_location": "importlib.util.spec_from_file_location",
    "ssl_cert": "jupyterhub.app.JupyterHub.ssl_cert",
    "ssl_key": "jupyterhub.app.JupyterHub.ssl_key",
    "JOB_COMPLETION_INDEX": None,  # Kubernetes' Indexed Job sets it in each pod
    "zip_collect": "nbgrader.apps.zipcollectapp",  # nbgrader's commands and helpers
    "release_assignment": "nbgrader.apps.releaseassignmentapp",
    "release_feedback": "nbgrader.apps.releasefeedbackapp",
    "SaveCells": "nbgrader.preprocessors.SaveCells",
    "determine_grade": "nbgrader.utils.determine_grade",
    "load_subconfig": None,  # what traitlets puts in a config file's namespace
    "SubMarks": None,  # the late-submission plugin's example in nbgrader's documentation
    "RLIMIT_AS": "resource.RLIMIT_AS",
    "smaps_rollup": None,  # /proc/PID/smaps_rollup, Linux
    "no_new_privs": None,  # Linux's PR_SET_NO_NEW_PRIVS
    "NN_name": None,  # the notebooks' file name pattern
    "LocalProcessSpawner": "jupyterhub.spawner.LocalProcessSpawner",  # JupyterHub's default spawner
}
# Flags of commands other than `python -m grader` and the repository's tools, by command.
EXTERNAL_FLAGS = {
    "sbatch (Slurm)": {"--array", "--cpus-per-task", "--dependency", "--job-name", "--mem", "--time"},
    "bwrap": {"--die-with-parent", "--new-session", "--userns"},
    "dask worker / dask scheduler / dask ssh": {"--nthreads", "--nworkers", "--memory-limit", "--port"},
    "nbgrader": {"--config", "--to", "--update", "--exchange"},
    "jupyter lab / jupyter labextension / server extension": {"--ip", "--level", "--no-browser", "--notebook-dir",
                                                              "--sys-prefix"},
    "apt-get": {"--no-install-recommends"},
    "pip": {"--user"},
}
PLACEHOLDERS = {"Class"}  # `--Class.trait=VALUE`: the form, not a class


def _doc_code(text: str) -> tuple[list[str], list[str]]:
    """The backticked spans of a markdown text, and its code lines (fenced blocks, and lines that run
    `python -m grader`)."""
    fenced = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    rest = re.sub(r"```[^\n]*\n.*?```", "", text, flags=re.S)
    lines = [line for block in fenced for line in block.split("\n")]
    lines += [line for line in rest.split("\n") if "python -m grader" in line]
    return re.findall(r"`([^`\n]+)`", rest), lines


@pytest.fixture(scope="module")
def configurables():
    """Every traitlets configurable of grader/, nbgrader and JupyterHub, by class name."""
    import importlib
    import pkgutil

    try:  # c.Spawner.*, c.JupyterHub.* (docs/jupyterhub.md); the hub extra is left out on macOS and Windows
        import jupyterhub.app  # noqa: F401
    except ImportError:
        pass
    import nbgrader.apps  # noqa: F401 - every nbgrader configurable
    from traitlets.config import Configurable

    import grader
    for module in pkgutil.walk_packages(grader.__path__, "grader."):
        if module.name != "grader.nbgrader_config":  # a config file, run by traitlets' loader
            importlib.import_module(module.name)
    found: dict[str, list[type]] = {}
    todo = [Configurable]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.setdefault(sub.__name__, []).append(sub)
            todo.append(sub)
    return found


def _resolves(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if not hasattr(obj, attr) and not (isinstance(obj, type) and attr in getattr(obj, "class_traits", dict)()):
                return False
            obj = getattr(obj, attr, None)
        return True
    return False


def _module_stems() -> dict[str, str]:
    """A module's last name -> its dotted name, for the stems that name one module of grader/ or cnnlib/
    (``checks`` -> ``cnnlib.checks``, ``cleanroom`` -> ``grader.integrity.cleanroom``)."""
    stems: dict[str, list[str]] = {}
    for package in ("grader", "cnnlib"):
        for path in (ROOT / package).rglob("*.py"):
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if path.stem not in ("__init__", "nbgrader_config"):  # a config file, not a module to import
                stems.setdefault(path.stem, []).append(dotted)
    return {stem: paths[0] for stem, paths in stems.items() if len(paths) == 1}


def _module_named(stem: str, doc: str, stems: dict[str, str]) -> str | None:
    """The module a doc means by ``stem.name``: its own folder's module first (book/README.md's ``build`` is
    book/build.py), else the one module of grader/ or cnnlib/ with that last name."""
    folder = Path(doc).parent
    if folder.parts and (ROOT / folder / f"{stem}.py").is_file():
        return ".".join((*folder.parts, stem))
    return stems.get(stem)


SKIP_DIRS = {".git", ".venv", "build", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}


def _tracked(suffixes: tuple[str, ...], names: tuple[str, ...] = ()) -> list[Path]:
    """The repository's files with these suffixes or names, outside virtual environments and builds."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        found += [Path(folder) / f for f in sorted(files) if f.endswith(suffixes) or f in names]
    return found


def _python_words(text: str) -> set[str]:
    """The names a piece of Python code defines or uses, and the words of its strings without spaces (a JSON
    key, a trait's name in a config string, a mount's options): comments and prose in docstrings left out, so a doc naming a function
    that was renamed is caught even where a comment still says the old name."""
    try:
        tree = ast.parse(text)
    except SyntaxError:  # a notebook cell with IPython magics: its words, as the fallback
        return set(re.findall(r"\w+", re.sub(r"#.*", "", text)))
    words = set()
    for node in ast.walk(tree):
        for field in ("id", "attr", "name", "arg", "asname"):
            value = getattr(node, field, None)
            if isinstance(value, str):
                words |= set(value.split(".")) | {value.lstrip("_")}  # "_worker_cpu" is written as worker_cpu
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and not re.search(r"\s", node.value):
            words |= {w.lstrip("_") for w in re.findall(r"\w+", node.value)} | set(re.findall(r"\w+", node.value))
    return words


@functools.cache
def _code_words() -> frozenset[str]:
    """Every name of the repository's code and word of its configuration, tests and docs left out."""
    words: set[str] = set()
    for path in _tracked((".py", ".ipynb", ".toml", ".yml", ".cfg"), ("Makefile", "run")):
        if path.relative_to(ROOT).parts[0] in {"tests", "docs"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".py":
            words |= _python_words(text)
        elif path.suffix == ".ipynb":  # code cells' names, every cell's id and grade_id, the prose's words (math)
            for cell in json.loads(text)["cells"]:
                source = "".join(cell["source"])
                words |= _python_words(source) if cell["cell_type"] == "code" else set(re.findall(r"\w+", source))
                words |= {cell.get("id", ""), cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")}
        else:
            words |= set(re.findall(r"\w+", text))
    return frozenset(words)


# `stem.name` spans that are no module's attribute: file names, and sysctl names (kernel.sched_...)
NOT_ATTRIBUTES = {"py", "db", "json", "csv", "html", "md", "txt", "ipynb", "zip", "sh", "toml", "yml"}
NOT_MODULES = {"kernel"}


@pytest.mark.parametrize("doc", DOCS)
def test_every_name_the_docs_give_exists(doc, configurables):
    """Dotted names of grader/cnnlib resolve, ``module.name`` of a module of theirs too, other code names
    are words of the code (or EXTERNAL_NAMES, resolved), ``c.Class.trait`` is a trait of a configurable."""
    if doc == "docs/jupyterhub.md":
        pytest.importorskip("jupyterhub", reason="the hub extra is not installed (tools/install.py leaves it out on "
                                                 "macOS and Windows): docs/jupyterhub.md names its traits")
    spans, lines = _doc_code((ROOT / doc).read_text(encoding="utf-8"))
    stems, words = _module_stems(), _code_words()
    wrong = []
    for span in spans:
        for dotted in re.findall(r"(?<![\w./$-])((?:grader|cnnlib)(?:\.\w+)+)", span):
            if dotted != "grader.nbgrader_config" and not _resolves(dotted):
                wrong.append(f"{dotted} (does not resolve)")
        short = re.fullmatch(r"(\w+)\.(\w+)(?:\(.*\))?", span)
        module = short and _module_named(short[1], doc, stems)
        if module and short[1] not in NOT_MODULES and short[2] not in NOT_ATTRIBUTES \
                and not _resolves(f"{module}.{short[2]}"):
            wrong.append(f"{span} (no {short[2]} in {module})")
        name = span.lstrip("$")
        if re.fullmatch(r"[A-Za-z_]\w*", name) and ("_" in name.strip("_") or re.search(r"[a-z][A-Z]", name)):
            if name in EXTERNAL_NAMES:
                if EXTERNAL_NAMES[name] and not _resolves(EXTERNAL_NAMES[name]):
                    wrong.append(f"{name} (not at {EXTERNAL_NAMES[name]})")
            elif name not in words:
                wrong.append(f"{name} (no such word in the code)")
    traits = [m for text in spans + lines for m in re.findall(r"(?:\bc\.|(?<![\w-])--)([A-Z]\w*)\.(\w+)", text)]
    for line in (ROOT / doc).read_text(encoding="utf-8").split("\n"):  # `c.Sandbox.data`, `.env_keep`: the same class
        cls = None
        for full, short in re.findall(r"`c\.([A-Z]\w*)\.\w+`|`\.(\w+)`", line):
            cls = full or cls
            if short and cls and short not in NOT_ATTRIBUTES:
                traits.append((cls, short))
    for cls, trait in traits:
        if cls in PLACEHOLDERS:
            continue
        if cls not in configurables:
            wrong.append(f"c.{cls}.{trait} (no configurable {cls})")
        elif not any(trait in c.class_traits() for c in configurables[cls]):
            wrong.append(f"c.{cls}.{trait} (no trait {trait})")
    assert not wrong, f"{doc} names what does not exist: {sorted(set(wrong))}"


@pytest.fixture(scope="module")
def known_flags():
    from grader.__main__ import parser

    top = parser()
    flags = set(top._option_string_actions)
    for sub in top._subparsers._group_actions[0].choices.values():
        flags |= set(sub._option_string_actions)
    tools = set()  # the repository's own scripts' flags (tools/install.py --venv, tools/hub.py, ...)
    for path in [*(ROOT / "tools").rglob("*.py"), *(ROOT / "book").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]:
        tools |= set(re.findall(r"[\"'](--[\w-]+)[\"']", path.read_text(encoding="utf-8")))
    return flags, tools


@pytest.mark.parametrize("doc", DOCS)
def test_every_flag_the_docs_give_exists(doc, known_flags):
    grader_flags, tool_flags = known_flags
    external = set().union(*EXTERNAL_FLAGS.values())
    spans, lines = _doc_code((ROOT / doc).read_text(encoding="utf-8"))
    unknown = set()
    for text in spans + lines:
        for flag in re.findall(r"(?<![\w-])(--[A-Za-z][\w-]*)(?![\w.])", text):
            grader_command = re.search(r"python -m grader\b(?!\.)", text)
            if flag in grader_flags or (not grader_command and (flag in tool_flags or flag in external)):
                continue
            if grader_command and flag in external and not re.search(rf"python -m grader[^|;&]*{flag}", text):
                continue  # another command on the same line
            unknown.add(flag)
    assert not unknown, f"{doc} gives flags that no command has: {sorted(unknown)}"


def test_the_commands_page_names_every_option(known_flags):
    """Every option of every `python -m grader` command appears, in backticks, on docs/grader/commands.md."""
    from grader.__main__ import parser

    spans, _ = _doc_code((ROOT / "docs/grader/commands.md").read_text(encoding="utf-8"))
    named = {flag for span in spans for flag in re.findall(r"--[\w-]+", span)}
    commands = parser()._subparsers._group_actions[0].choices
    missing = sorted(f"{name} {option}" for name, sub in commands.items() for action in sub._actions
                     if action.option_strings and "--help" not in action.option_strings
                     and not set(action.option_strings) & named for option in action.option_strings[:1])
    assert len(commands) >= 7 and not missing, f"options docs/grader/commands.md does not name: {missing}"


def test_the_limits_table_states_the_traits_defaults(configurables):
    """docs/grader/configuration.md's table: "`trait` (NUMBER UNIT" is the trait's default."""
    text = (ROOT / "docs/grader/configuration.md").read_text(encoding="utf-8")
    units = {"s": 1, "GiB": 2**30, "MiB": 2**20, "MB": 10**6, "": 1, "characters": 1}
    rows = re.findall(r"^\| `(\w+)`[^|]*\| ([^|]+) \|", text, flags=re.M)
    checked, wrong = 0, []
    for cls, traits in rows:
        if cls not in configurables:
            continue
        for trait, value in re.findall(r"`(\w+)` \(([^)]*)\)", traits):
            m = re.match(r"(True|False|[\d,]+(?:\.\d+)?) ?(s|GiB|MiB|MB|characters)?\b", value)
            assert m, f"{cls}.{trait}: cannot read the default {value!r}"
            stated = {"True": True, "False": False}.get(m[1]) if m[1] in ("True", "False") \
                else float(m[1].replace(",", "")) * units[m[2] or ""]
            defaults = {c.class_traits()[trait].default_value for c in configurables[cls] if trait in c.class_traits()}
            checked += 1
            if stated not in defaults:
                wrong.append(f"c.{cls}.{trait}: the table says {value!r}, the trait's default is {defaults}")
    assert checked >= 15, f"read only {checked} defaults from the table: is the scan broken?"
    assert not wrong, wrong


def test_headline_measurements_are_the_recorded_ones():
    """A bold number in docs/grader/distributed.md (a speed-up, an overhead) is in benchmarks/RESULTS.md."""
    results = (ROOT / "benchmarks/RESULTS.md").read_text(encoding="utf-8")
    bold = re.findall(r"\*\*([\d.]+ ?(?:x|s))\*\*", (ROOT / "docs/grader/distributed.md").read_text(encoding="utf-8"))
    assert len(bold) >= 3, bold
    assert not [b for b in bold if b not in results], f"not in benchmarks/RESULTS.md: {bold}"


# Numbers the pages state that are a constant of the code (not an option): the page, the phrase with the
# number as the code makes it, and the constant. A constant that changes fails here until its page says so.
NUMBERS = [
    ("docs/grader/feedback.md", "over {:g} million characters", "grader.autograde.scrub.MAX_TEXT", lambda v: v / 10**6),
    ("docs/grader/feedback.md", "inflated to {:g} MB", "grader.autograde.scrub.MAX_INFLATE", lambda v: v / 10**6),
    ("docs/grader/feedback.md", "whitespace, {} characters or more", "grader.autograde.scrub.MIN_CHARS", lambda v: v),
    ("docs/grader/feedback.md", "found by any {}\ncharacters", "grader.autograde.scrub.SHINGLE", lambda v: v),
    ("docs/grader/feedback.md", "refused over {:g} megapixels", "grader.autograde.images.MAX_PIXELS", lambda v: v / 2**20),
    ("docs/grader/feedback.md", "cut to {:,} characters", "grader.autograde.outputs.MAX_ERROR_TEXT", lambda v: v),
    ("docs/grader/feedback.md", "characters and {} frames", "grader.autograde.outputs.MAX_FRAMES", lambda v: v),
    ("docs/grader/feedback.md", "more than {} ANSI escape codes", "grader.autograde.outputs.MAX_ANSI", lambda v: v),
    ("docs/grader/feedback.md", "markdown over {:,} characters", "grader.autograde.markup.MAX_MARKDOWN", lambda v: v),
    ("docs/grader/feedback.md", "or past {:,} on one page", "grader.autograde.markup.MARKDOWN_BUDGET", lambda v: v),
    ("docs/grader/judge.md", "sizes ({:g} MiB a message)", "grader.judge.wire.MAX_BYTES", lambda v: v / 2**20),
    ("docs/grader/limits.md", "adds up every {:g} s", "grader.sandbox.limits.Watchdog.interval", lambda v: v),
    ("docs/grader/report.md", "cut into\n  {}-token fingerprints", "grader.integrity.similarity.K", lambda v: v),
]


@pytest.mark.parametrize("page, phrase, constant, shown", NUMBERS, ids=[n[2].rsplit(".", 1)[1] for n in NUMBERS])
def test_a_number_the_pages_state_is_the_codes(page, phrase, constant, shown):
    import importlib

    module, _, name = constant.rpartition(".")
    obj = None
    for i in range(module.count(".") + 1, 0, -1):  # the longest importable prefix, then attributes
        try:
            obj = importlib.import_module(".".join(module.split(".")[:i]))
        except ImportError:
            continue
        for attr in module.split(".")[i:] + [name]:
            obj = getattr(obj, attr)
        break
    text = " ".join((ROOT / page).read_text(encoding="utf-8").split())
    expected = " ".join(phrase.format(shown(obj)).split())
    assert expected in text, f"{page} should say {expected!r} ({constant} = {obj!r})"


# --- links and section references ----------------------------------------------------------------

def _slug(heading: str) -> str:
    """GitHub's anchor for a heading (also MyST's, myst_heading_anchors): lower case, punctuation out,
    spaces to hyphens."""
    heading = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    anchors: set[str] = set()
    for heading in re.findall(r"^#+ (.+)$", text, flags=re.M):
        slug, n = _slug(heading), 1
        while slug in anchors:  # a repeated heading gets -1, -2, ...
            slug, n = f"{_slug(heading)}-{n}", n + 1
        anchors.add(slug)
    return anchors


def _sections(path: Path) -> list[str]:
    """A page's headings and bold lead-ins ("**The course's configuration applies.**"), whitespace folded."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"^#+ (.+)$", text, flags=re.M) + re.findall(r"\*\*([^*]+?)\.?\*\*", text, flags=re.S)
    return [" ".join(s.replace("`", "").split()).lower() for s in found]


def _markdown_texts():
    """(file, markdown text) of every markdown file and every notebook's markdown cells."""
    for path in _tracked((".md",)):
        yield path, path.read_text(encoding="utf-8")
    for folder in ("solutions", "notebooks"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            yield path, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _broken_links(path: Path, text: str) -> list[str]:
    broken = []
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text):
        if re.match(r"[a-z][\w+.-]*:", target) or target.startswith("//"):
            continue  # http:, https:, mailto:, attachment:
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if not dest.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{target} (no heading #{anchor} in {file})")
    return broken


def test_every_relative_link_resolves():
    broken = [f"{path.relative_to(ROOT)}: {b}" for path, text in _markdown_texts() for b in _broken_links(path, text)]
    assert not broken, broken


SECTION_REFERENCE = re.compile(r"([\w./-]+\.md)\)?,?\s+\(?([\"'])(.{3,80}?)\2", flags=re.S)


def _broken_section_references(path: Path, text: str) -> list[str]:
    broken = []
    for file, _, section in SECTION_REFERENCE.findall(text):
        dest = next((d for d in (ROOT / file, path.parent / file) if d.exists()), None)
        want = " ".join(section.replace("`", "").split()).lower().rstrip(".")
        if dest is None:
            broken.append(f"{file} (no such file)")
        elif not any(s.startswith(want) for s in _sections(dest)):
            broken.append(f'{file}, "{section}" (no such section)')
    return broken


def test_every_section_reference_resolves():
    """'see docs/grader/limits.md, "What each limit does"' in code, messages and docs names a real section."""
    texts = list(_markdown_texts())
    for folder in ("grader", "cnnlib", "tests", "tools", "book", "benchmarks"):
        texts += [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / folder).rglob("*.py"))
                  if p != Path(__file__).resolve()]  # this file's own examples of broken references
    checked = [(p, m) for p, t in texts for m in SECTION_REFERENCE.findall(t)]
    assert len(checked) >= 5, checked
    broken = [f"{path.relative_to(ROOT)}: {b}" for path, text in texts for b in _broken_section_references(path, text)]
    assert not broken, broken


def test_the_link_checks_catch_what_is_broken(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## What `grade` needs: Linux\n\n**A lead-in.** text\n")
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n[ok](other.md#what-grade-needs-linux) [gone](missing.md) [bad anchor](other.md#nope) "
                    "[web](https://example.org/x.md) [self](#top) [self, wrong](#bottom)\n")
    assert _broken_links(page, page.read_text()) == ["missing.md (no such file)", "other.md#nope (no heading #nope in other.md)",
                                                     "#bottom (no heading #bottom in )"]
    code = tmp_path / "mod.py"
    code.write_text("\"\"\"See other.md, \"What `grade` needs\" and other.md, 'A lead-in'; not other.md, \"Gone\"\n"
                    "nor gone.md, \"Top\".\"\"\"\n")
    assert _broken_section_references(code, code.read_text()) == ['other.md, "Gone" (no such section)',
                                                                  "gone.md (no such file)"]


def test_the_grader_file_table_lists_every_module():
    """grader/README.md's "Files" table has a row for every module of grader/ (paths from grader/), and
    names no module that is not there: a module split or moved shows here."""
    table = (ROOT / "grader/README.md").read_text(encoding="utf-8").split("## Files", 1)[1]
    listed = set(re.findall(r"^\| `([\w/]+\.py)` \|", table, flags=re.M))
    modules = {p.relative_to(ROOT / "grader").as_posix() for p in (ROOT / "grader").rglob("*.py") if p.name != "__init__.py"}
    assert len(listed) >= 20, sorted(listed)
    assert not modules - listed, f"modules without a row in grader/README.md's file table: {sorted(modules - listed)}"
    assert not listed - modules, f"rows for modules that do not exist: {sorted(listed - modules)}"


def _package_modules():
    for package in ("grader", "cnnlib"):
        yield from sorted((ROOT / package).rglob("*.py"))


def test_no_package_module_imports_tests():
    offenders = []
    for path in _package_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                names = [str(node.args[0].value)]
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                          if n == "tests" or n.startswith("tests.")]
    assert not offenders, f"package modules import tests/: {offenders}"


def test_solution_cells_are_filled_in_one_place():
    marker = re.compile(r"### \(BEGIN\|END\) SOLUTION|### BEGIN SOLUTION\\s")
    owners = sorted(str(p.relative_to(ROOT)) for d in ("grader", "cnnlib", "tests", "benchmarks", "tools")
                    for p in (ROOT / d).rglob("*.py") if marker.search(p.read_text(encoding="utf-8")))
    assert owners == ["grader/autograde/secretlines.py"], \
        f"solution-marker expressions outside grader/autograde/secretlines.py: {owners}"
    users = {p: p.read_text(encoding="utf-8") for p in (ROOT / "grader" / "course" / "demo.py", ROOT / "tests" / "course.py",
                                                      ROOT / "benchmarks" / "bench_grading.py")}
    for path, text in users.items():
        assert re.search(r"from grader\.course(\.fill)? import", text), path


def test_filled_puts_the_answers_without_markers():
    from grader.course.fill import filled, solutions

    source = json.loads((ROOT / "tests/fixtures/grader_course/solutions/01_fixture_add.ipynb").read_text("utf-8"))
    answers = solutions(source)
    assert set(answers) == {"add", "scale"}
    assert all("SOLUTION" not in a and a.strip() for a in answers.values())
    stub = {"cells": [{"cell_type": "code", "source": "raise NotImplementedError()\n",
                       "metadata": {"nbgrader": {"grade_id": "add", "solution": True}}},
                      {"cell_type": "code", "source": "pass\n",
                       "metadata": {"nbgrader": {"grade_id": "scale", "solution": True}}}]}
    nb = filled(stub, source, {"scale": "def scale(x, factor):\n    return x\n"})
    assert nb["cells"][0]["source"] == answers["add"] and "return" in answers["add"]
    assert nb["cells"][1]["source"] == "def scale(x, factor):\n    return x\n"
    assert stub["cells"][0]["source"] == "raise NotImplementedError()\n"  # the input is left alone


def test_each_limit_has_one_home_its_trait():
    """The command line's limits are aliases onto traits: given, they set the trait; not given, they set
    nothing (the configuration's value, or the trait's default, applies); grade() and check() take None
    for "not given"; --help states the trait's default; no module of grader/ writes a limit's default
    anywhere but grader/settings.py."""
    from grader import settings
    from grader.__main__ import ALIASES, CONFIGURABLES, command_line_config, parser
    from grader.autograde.preprocessors import LimitedExecute
    from grader.run.check import check
    from grader.run.grade import grade

    assert not (ROOT / "grader" / "defaults.py").exists()
    for command in ("grade", "check"):
        args, extra = parser().parse_known_args([command, "x"])
        assert command_line_config(args, extra) == {}, command  # nothing given: nothing set
        args, extra = parser().parse_known_args([command, "x", "--timeout", "7", "--memory", "1G",
                                                 "--disk-limit", "0", "--Sandbox.tmp_size=1048576"])
        cfg = command_line_config(args, extra)
        assert cfg.LimitedExecute.timeout == 7 and cfg.LimitedExecute.memory_limit == 2**30
        assert cfg.Sandbox.disk_limit == 0 and cfg.Sandbox.tmp_size == 2**20
    for name in ("timeout", "notebook_timeout", "memory"):
        assert inspect.signature(grade).parameters[name].default is None
        assert inspect.signature(check).parameters[name].default is None
    helps = parser()._subparsers._group_actions[0].choices["grade"].format_help()
    for option, (section, trait, _, _, _) in ALIASES.items():
        assert f"c.{section}.{trait}" in " ".join(helps.split()), option
    assert "default 120," in helps and "default 4G," in helps and "default 2G," in helps
    # LimitedExecute inherits the execution traits: one definition, the one nbgrader reads
    for trait in ("timeout", "notebook_timeout", "memory_limit", "sandbox", "no_network", "threads"):
        assert LimitedExecute.class_traits()[trait] is settings.Execution.class_traits()[trait], trait
    assert set(CONFIGURABLES) == {"LimitedExecute", "Sandbox", "Intake", "AllowListOutputs"}
    literals = []
    for path in sorted((ROOT / "grader").glob("*.py")):
        if path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        literals += [f"{path.name}: {m}" for m in re.findall(
            r"(?:=|default=|Integer\()\s*(?:120|900|4 \* 1024\*\*3|2 \* 1024\*\*3|64 \* 1024 \* 1024)\b", text)]
    assert not literals, f"a limit's default written outside grader/settings.py: {literals}"


def test_a_name_only_in_a_comment_or_docstring_is_no_code_name():
    """A doc that names a function renamed since fails even where a comment or docstring keeps the old name."""
    words = _python_words('"""Calls old_helper first."""\n# old_helper was renamed\ndef new_helper(arg_one):\n'
                          '    return state["_kept_key"], obj.attr_name\n')
    assert {"new_helper", "arg_one", "kept_key", "_kept_key", "attr_name"} <= words
    assert "old_helper" not in words and "renamed" not in words
