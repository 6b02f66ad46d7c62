"""Real-world notebook files for the fixture course's notebook 01, written as the tools write them.

    .venv/bin/python tests/intake22/make_samples.py RELEASE_DIR OUT_DIR

RELEASE_DIR is ``python -m grader release --notebooks RELEASE_DIR`` of the fixture course
(GRADER_SOLUTIONS=tests/fixtures/grader_course/solutions). OUT_DIR/class gets one folder per case
(the folder name is the case), OUT_DIR/expect.json what a careful instructor expects of each.
Nothing here is committed but this script: the files are a few KB each.
"""

from __future__ import annotations

import copy
import json
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests import grader_catalogue as cat  # noqa: E402

NB1 = cat.NB1
FULL = cat.MAX1
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _executed(nb: dict) -> dict:
    """As if every cell had run: execution counts and a stdout output on the last code cell."""
    nb = copy.deepcopy(nb)
    n = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            n += 1
            cell["execution_count"] = n
    nb["cells"][-1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["scale([1, 2], 3) = [3. 6.]\n"]}]
    return nb


def samples(release: Path) -> tuple[dict[str, dict[str, bytes]], dict[str, dict]]:
    # long: one case per block, read as a list
    """({case: {relative file name: bytes}}, {case: expectation})."""
    s1 = cat.student_copy(NB1, release)
    solved = cat.with_cells(s1, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    files: dict[str, dict[str, bytes]] = {}
    expect: dict[str, dict] = {}

    def put(case: str, nb, score=FULL, status="graded", name=f"{NB1}.ipynb", note="", **more) -> None:
        data = nb if isinstance(nb, bytes) else json.dumps(nb, indent=1, ensure_ascii=False).encode("utf-8")
        files.setdefault(case, {})[name] = data
        expect[case] = {"status": status, "score": score, "note": note, **more}

    # -- editors and platforms ------------------------------------------------------------------------
    lab4 = _executed(solved)
    lab4["metadata"]["language_info"] = {"codemirror_mode": {"name": "ipython", "version": 3},
                                         "file_extension": ".py", "mimetype": "text/x-python", "name": "python",
                                         "nbconvert_exporter": "python", "pygments_lexer": "ipython3",
                                         "version": "3.11.7"}
    for cell in lab4["cells"]:
        cell["id"] = str(uuid.uuid4())
    lab4["cells"][-1]["metadata"]["tags"] = []
    put("jupyterlab 4", lab4)

    nb6 = _executed(solved)
    nb6["nbformat_minor"] = 4
    for cell in nb6["cells"]:
        cell.pop("id", None)
        if cell["cell_type"] == "code":
            cell["metadata"]["collapsed"] = False
            cell["metadata"]["scrolled"] = True
    nb6["metadata"]["toc"] = {"base_numbering": 1, "nav_menu": {}}
    put("classic notebook 6", nb6)

    colab = _executed(solved)
    colab["metadata"] = {"colab": {"provenance": [], "name": f"{NB1}.ipynb", "gpuType": "T4"},
                         "kernelspec": {"name": "python3", "display_name": "Python 3"},
                         "language_info": {"name": "python"}, "accelerator": "GPU",
                         "widgets": {"application/vnd.jupyter.widget-state+json": {
                             "a1b2": {"model_module": "@jupyter-widgets/controls", "model_name": "IntSliderModel",
                                      "model_module_version": "1.5.0", "state": {"value": 3}}}}}
    for i, cell in enumerate(colab["cells"]):
        cell["id"] = f"Xy{i}Qz_colabA"
        cell["metadata"]["id"] = cell["id"]
        if cell["cell_type"] == "code":
            cell["metadata"]["colab"] = {"base_uri": "https://localhost:8080/"}
            cell["metadata"]["outputId"] = "0f1e2d3c-aaaa-bbbb-cccc-1234567890ab"
            cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    colab["cells"][-1]["outputs"][0]["text"] = "scale([1, 2], 3) = [3. 6.]\n"
    colab["nbformat_minor"] = 0
    put("colab", colab)
    colab_stripped = copy.deepcopy(colab)
    for cell in colab_stripped["cells"]:
        for key in ("nbgrader", "deletable", "editable"):
            cell["metadata"].pop(key, None)
    put("colab stripped nbgrader", colab_stripped, note="nbgrader metadata was missing")

    vscode = _executed(solved)
    vscode["metadata"]["vscode"] = {"interpreter": {"hash": "a" * 64}}
    vscode["metadata"]["orig_nbformat"] = 4
    for cell in vscode["cells"]:
        cell["id"] = uuid.uuid4().hex[:8]
        if cell["cell_type"] == "code":
            cell["metadata"]["vscode"] = {"languageId": "python"}
    put("vscode", vscode)

    kaggle = _executed(solved)
    kaggle["metadata"]["kaggle"] = {"accelerator": "none", "dataSources": [], "isInternetEnabled": True,
                                    "language": "python", "sourceType": "notebook", "isGpuEnabled": False}
    for cell in kaggle["cells"]:
        cell["metadata"]["trusted"] = True
        if cell["cell_type"] == "code":
            cell["metadata"]["execution"] = {"iopub.execute_input": "2026-12-01T10:00:00.000Z",
                                             "iopub.status.busy": "2026-12-01T10:00:00.000Z"}
            cell["metadata"]["papermill"] = {"duration": 0.01, "status": "completed"}
    put("kaggle", kaggle)

    # -- nbformat versions and ids --------------------------------------------------------------------
    v40 = copy.deepcopy(solved)
    v40["nbformat_minor"] = 0
    for cell in v40["cells"]:
        cell.pop("id", None)
    put("nbformat 4.0 no ids", v40)
    odd = copy.deepcopy(solved)
    for i, cell in enumerate(odd["cells"]):
        cell["id"] = f"cell {i}/é#"  # not the schema's [a-zA-Z0-9-_]{1,64}
    put("ids with odd characters", odd)
    longid = copy.deepcopy(solved)
    for i, cell in enumerate(longid["cells"]):
        cell["id"] = f"{i}-" + "x" * 80
    put("ids too long", longid)
    v45_noid = copy.deepcopy(solved)
    for cell in v45_noid["cells"]:
        cell.pop("id", None)
    put("nbformat 4.5 without ids", v45_noid)

    # -- bytes ----------------------------------------------------------------------------------------
    text = json.dumps(solved, indent=1, ensure_ascii=False)
    put("utf-16 le bom", b"\xff\xfe" + text.encode("utf-16-le"))
    put("utf-16 no bom", text.encode("utf-16-le"), note="expect graded or a clear UTF-16 message")
    latin = copy.deepcopy(solved)
    latin["cells"][2]["source"] = "## Adding \u00e9t\u00e9\n"
    put("latin-1 bytes", json.dumps(latin, indent=1, ensure_ascii=False).encode("latin-1"),
        note="graded or invalid naming the byte; not a crash")
    put("trailing garbage", (text + "\n}\n").encode("utf-8"), note="graded (JSON then junk) or a clear message")
    put("trailing nul bytes", text.encode("utf-8") + b"\x00" * 4096, note="sync tools pad with NULs")
    put("two notebooks concatenated", (text + "\n" + text).encode("utf-8"))
    put("truncated json", text.encode("utf-8")[: len(text) // 2], score=0.0, status="invalid",
        note="invalid, says truncated / not complete JSON")
    nan = copy.deepcopy(solved)
    nan["cells"][-1]["outputs"] = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                    "data": {"application/json": {"loss": float("nan")}, "text/plain": "nan"}}]
    put("nan literal in outputs", json.dumps(nan, indent=1).encode("utf-8"))
    nanmeta = copy.deepcopy(solved)
    nanmeta["metadata"]["best_loss"] = float("inf")
    put("infinity in metadata", json.dumps(nanmeta, indent=1).encode("utf-8"))
    put("empty file", b"", score=0.0, status="invalid", note="invalid: empty")
    put("whitespace only", b"\n\n  \n", score=0.0, status="invalid")
    put("json null", b"null", score=0.0, status="invalid")
    put("json list", b"[]", score=0.0, status="invalid")
    strsrc = copy.deepcopy(solved)
    for cell in strsrc["cells"]:
        cell["source"] = "".join(cell["source"])
    put("source as strings", strsrc)

    # -- cell types changed ---------------------------------------------------------------------------
    def change(nb: dict, grade_id: str, kind: str) -> dict:
        nb = copy.deepcopy(nb)
        for cell in nb["cells"]:
            if cat.gid(cell) == grade_id:
                cell["cell_type"] = kind
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
        return nb

    put("test cell made markdown", change(solved, "test_add", "markdown"),
        note="test restored as code: full marks, or 3 with a clear message; never the test skipped silently")
    put("test cell made raw", change(solved, "test_add", "raw"), note="as above")
    put("solution cell made markdown", change(solved, "add", "markdown"), score=3.0,
        note="add undefined: test_add 0; scale 3; message says the cell type changed")
    put("locked setup cell made raw", change(solved, "setup", "raw"), note="setup restored: full marks")

    # -- graded cells deleted, duplicated, reordered, split, merged ------------------------------------
    def cells_without(nb: dict, *ids: str) -> dict:
        nb = copy.deepcopy(nb)
        nb["cells"] = [c for c in nb["cells"] if cat.gid(c) not in ids]
        return nb

    put("test cell deleted", cells_without(solved, "test_add"), note="put back: full marks")
    put("solution cell deleted", cells_without(solved, "add"), score=3.0, note="add missing: 3")
    dup = copy.deepcopy(solved)
    i = next(k for k, c in enumerate(dup["cells"]) if cat.gid(c) == "test_add")
    dup["cells"].insert(i + 1, copy.deepcopy(dup["cells"][i]))
    dup["cells"][i + 1]["id"] = "dup-test"
    put("test cell duplicated", dup, note="5, not 7: a duplicate earns nothing")
    dups = copy.deepcopy(solved)
    i = next(k for k, c in enumerate(dups["cells"]) if cat.gid(c) == "add")
    extra = copy.deepcopy(dups["cells"][i])
    extra["id"] = "dup-solution"
    extra["source"] = cat.STUB_ADD
    dups["cells"].insert(i + 2, extra)  # after the test: the stub redefines add after test_add
    put("solution cell duplicated, stub later", dups, note="test_add saw the good add: 5")
    reo = copy.deepcopy(solved)
    a = next(k for k, c in enumerate(reo["cells"]) if cat.gid(c) == "add")
    t = next(k for k, c in enumerate(reo["cells"]) if cat.gid(c) == "test_add")
    reo["cells"][a], reo["cells"][t] = reo["cells"][t], reo["cells"][a]
    put("test before its solution", reo, note="test_add ran before add was defined: 3, or 5 if the grader reorders")
    split = copy.deepcopy(solved)
    i = next(k for k, c in enumerate(split["cells"]) if cat.gid(c) == "add")
    helper = {"cell_type": "code", "execution_count": None, "id": "split-half", "metadata": {}, "outputs": [],
              "source": "def add(a, b):\n    return _plus(a, b)\n"}
    split["cells"][i]["source"] = "def _plus(a, b):\n    return np.asarray(a, dtype=np.float64) + b\n"
    split["cells"].insert(i + 1, helper)
    put("solution split in two", split)
    merged = copy.deepcopy(solved)
    a = next(k for k, c in enumerate(merged["cells"]) if cat.gid(c) == "add")
    merged["cells"][a]["source"] = cat.GOOD_ADD + "\n" + cat.GOOD_SCALE
    put("two solutions merged", cells_without(merged, "scale"), note="scale defined in add's cell: 5")
    tmerged = copy.deepcopy(solved)
    t1 = next(k for k, c in enumerate(tmerged["cells"]) if cat.gid(c) == "test_scale_basic")
    t2 = next(k for k, c in enumerate(tmerged["cells"]) if cat.gid(c) == "test_scale_hidden")
    tmerged["cells"][t1]["source"] = "".join(tmerged["cells"][t1]["source"]) + "\n" + "".join(tmerged["cells"][t2]["source"])
    del tmerged["cells"][t2]
    put("two tests merged", tmerged, note="tests restored: 5")

    # -- nbgrader metadata changed --------------------------------------------------------------------
    def meta(nb: dict, which: str, **changes) -> dict:
        nb = copy.deepcopy(nb)
        for cell in nb["cells"]:
            if cat.gid(cell) == which:
                cell["metadata"]["nbgrader"].update(changes)
        return nb

    put("test grade_id renamed", meta(solved, "test_add", grade_id="test_add_mine"), note="5, the test found")
    put("test points changed", meta(solved, "test_add", points=200), note="5 of 5, not 203")
    put("test unlocked", meta(solved, "test_add", locked=False), note="5")
    put("test grade false", meta(solved, "test_add", grade=False), note="5: the test counts")
    put("solution flag off", meta(solved, "add", solution=False), note="5")
    put("solution id renamed", meta(solved, "add", grade_id="my_add"), note="5")
    put("schema version 1", meta(solved, "test_add", schema_version=1), note="5")
    put("nbgrader metadata garbage", meta(solved, "test_add", points="two"), note="5, or a clear message")
    nog = copy.deepcopy(solved)
    for cell in nog["cells"]:
        if cat.gid(cell) == "test_add":
            cell["metadata"]["nbgrader"] = "yes"
    put("nbgrader metadata a string", nog, note="5, or a clear message")
    broke_unstub = cat.with_cells(s1, scale=cat.GOOD_SCALE)
    put("stub test cell edited to pass", cat.with_cells(broke_unstub, test_add="pass\n"), score=3.0,
        note="test restored from the release: add is a stub, 3")

    # -- outputs, attachments, images ------------------------------------------------------------------
    att = copy.deepcopy(solved)
    att["cells"].append({"cell_type": "markdown", "id": "pic", "metadata": {},
                         "source": "![x](attachment:big.png)\n<img src=\"data:image/png;base64," + PNG + "\">\n"
                                   "![y](data:image/png;base64," + PNG + ")\n",
                         "attachments": {"big.png": {"image/png": PNG * 20000}}})
    put("big attachment and inline images", att)
    imgout = copy.deepcopy(solved)
    imgout["cells"][-1]["outputs"] = [{"output_type": "display_data", "metadata": {},
                                       "data": {"image/png": PNG * 200000, "text/plain": "<Figure>"}}]
    put("large image output", imgout)
    err = copy.deepcopy(solved)
    err["cells"][-1]["outputs"] = [{"output_type": "error", "ename": "ValueError", "evalue": "x",
                                    "traceback": ["\x1b[0;31mValueError\x1b[0m: x"]}]
    put("saved error output", err)

    # -- names ----------------------------------------------------------------------------------------
    put("name with spaces", solved, name="01 fixture add.ipynb", note="matched to 01_fixture_add")
    put("name other case", solved, name="01_Fixture_Add.ipynb")
    put("name with accent", solved, name="01_fixture_add_é.ipynb", note="matched or named in the message")
    put("only copy in checkpoints", solved, name=f".ipynb_checkpoints/{NB1}-checkpoint.ipynb", score=0.0,
        status="missing", note="missing, and the message says a checkpoint was there")
    files["checkpoint beside"] = {f"{NB1}.ipynb": json.dumps(solved).encode(),
                                  f".ipynb_checkpoints/{NB1}-checkpoint.ipynb": json.dumps(s1).encode()}
    expect["checkpoint beside"] = {"status": "graded", "score": FULL, "note": "checkpoint ignored"}
    put("name with trailing space", solved, name=f"{NB1} .ipynb")
    put("name Copy of", solved, name=f"Copy of {NB1}.ipynb")
    put("untitled", solved, name="Untitled.ipynb", note="matched by content, or named in the message")
    return files, expect


def main(argv: list[str]) -> None:
    release, out = Path(argv[0]), Path(argv[1])
    files, expect = samples(release)
    for case, members in files.items():
        for name, data in members.items():
            path = out / "class" / case / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    (out / "expect.json").write_text(json.dumps(expect, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(files)} cases in {out / 'class'}")


if __name__ == "__main__":
    main(sys.argv[1:])
