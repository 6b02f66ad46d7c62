"""The code and its docs tell the truth about themselves.

- every file path that README.md, grader/README.md and CONTRIBUTING.md
  name exists (placeholders such as ``NN_name`` must match a file; what the
  grader writes into its output folder is not in the repository and is
  skipped by name);
- no package module (grader, cnnlib) imports tests/;
- solution cells are filled in one place (grader.fill), which the demo, the
  benchmarks and the tests call; no other module carries nbgrader's
  solution-marker expression;
- each limit's default is written once (grader/defaults.py) and every
  place that offers the limit has that value: the command line, Limits,
  grade(), check(), LimitedExecute and grader/nbgrader_config.py.
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
    assert owners == ["grader/scrub.py"], f"solution-marker expressions outside grader/scrub.py: {owners}"
    users = {p: p.read_text(encoding="utf-8") for p in (ROOT / "grader" / "demo.py", ROOT / "tests" / "course.py",
                                                      ROOT / "benchmarks" / "bench_grading.py")}
    for path, text in users.items():
        assert re.search(r"from grader(\.fill)? import|from \.fill import", text), path


def test_filled_puts_the_answers_without_markers():
    from grader.fill import filled, solutions

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


def test_each_limits_default_is_the_one_in_grader_defaults():
    from types import SimpleNamespace

    from grader import defaults
    from grader.__main__ import parser
    from grader.autograde import Limits
    from grader.check import check
    from grader.course import load_config
    from grader.grade import configured_limits, grade
    from grader.preprocessors import LimitedExecute

    want = {"timeout": defaults.TIMEOUT, "notebook_timeout": defaults.NOTEBOOK_TIMEOUT, "memory": defaults.MEMORY}
    for command in ("grade", "check"):  # not given: grade reads the configuration's, check grader/defaults.py's
        args = parser().parse_args([command, "x"])
        assert {k: getattr(args, k) for k in want} == dict.fromkeys(want), command
    limits = Limits()
    assert {k: getattr(limits, k) for k in want} == want
    params = inspect.signature(check).parameters
    assert {k: params[k].default for k in want} == want
    params = inspect.signature(grade).parameters
    assert {k: params[k].default for k in want} == dict.fromkeys(want)
    plain = SimpleNamespace(load_config=load_config)  # a class folder: the grader's nbgrader_config.py only
    assert configured_limits(plain, None, None, None) == tuple(want.values())
    traits = LimitedExecute.class_traits()
    assert traits["notebook_timeout"].default_value == defaults.NOTEBOOK_TIMEOUT
    assert traits["memory_limit"].default_value == defaults.MEMORY
    assert traits["output_limit"].default_value == defaults.OUTPUT_LIMIT
    cfg = load_config().LimitedExecute
    assert (cfg.timeout, cfg.notebook_timeout, cfg.memory_limit) == (
        defaults.TIMEOUT, defaults.NOTEBOOK_TIMEOUT, defaults.MEMORY)
    literals = []
    for path in sorted((ROOT / "grader").glob("*.py")):
        if path.name == "defaults.py":
            continue
        text = path.read_text(encoding="utf-8")
        literals += [f"{path.name}: {m}" for m in re.findall(r"(?:=|default=|Integer\()\s*(?:120|900|4 \* 1024\*\*3)\b",
                                                            text)]
    assert not literals, f"a limit's default written outside grader/defaults.py: {literals}"
