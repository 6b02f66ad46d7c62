"""The code and its docs tell the truth about themselves.

- every file path that README.md, grader/README.md and CONTRIBUTING.md
  name exists (placeholders such as ``NN_name`` must match a file; what the
  grader writes into its output folder is not in the repository and is
  skipped by name);
- no package module (grader, cnnlib) imports tests/;
- solution cells are filled in one place (grader.course.fill), which the demo, the
  benchmarks and the tests call; no other module carries nbgrader's
  solution-marker expression;
- each limit's default lives in its trait (grader/settings.py): the
  command line's options are aliases that set the trait only when given.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "grader/README.md", "CONTRIBUTING.md", "docs/jupyterhub.md")
EXTENSIONS = (".py", ".md", ".ipynb", ".toml", ".yml", ".yaml", ".txt", ".json", ".cfg", ".sh")
# what `grade`, `merge`, `report`, `make gpu-wheels` and `make book` write: outputs, never in the repository
OUTPUTS = {"grades", "test-artifacts", "DIR", "OUT", "feedback", "autograded", "source", "shards", "gpu-wheels", "grades.csv",
           "grades.json", "gradebook.db", "report.html", "report.json", "report-anonymised.html",
           "report-anonymised", ".grader-state.json", ".grader-details.json", ".grader-pseudonym-key",
           "checksums.json", "canvas-grades.csv", "moodle-grades.csv", ".grader-lms.json", "submitted",
           "release", "timestamp.txt", "submission_secret.txt",
           "build"}  # build/book/: what `make book` writes


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
    assert len(mentioned) >= 5, f"{doc}: found too few paths to check ({sorted(mentioned)}): is the scan broken?"
    missing = sorted(t for t in mentioned if not _exists(t, path))
    assert not missing, f"{doc} names files that do not exist: {missing}"


def test_the_doc_scan_catches_a_missing_file(tmp_path):
    doc = tmp_path / "README.md"
    doc.write_text("See `COURSE.md`, `tests/test_mistakes.py`, [the grader](grader/README.md) and "
                   "`grades/grades.csv` and `solutions/NN_name.ipynb`.\n", encoding="utf-8")
    mentioned = _mentioned(doc)
    assert mentioned == {"COURSE.md", "tests/test_mistakes.py", "grader/README.md", "solutions/NN_name.ipynb"}
    assert sorted(t for t in mentioned if not _exists(t, doc)) == ["COURSE.md", "tests/test_mistakes.py"]


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
