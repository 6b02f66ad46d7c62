"""Real-world files and instructor runs that the intake used to get wrong (tests/intake22/FINDINGS.md).

One class zip (itself zipped again, as a re-downloaded export is) holds notebooks saved as UTF-16,
in Windows-1252, with bytes after their JSON, nested too deeply, students who handed in a zip, and
a learner who wrote two functions in one cell and deleted the other's, one who solved a pasted copy
of an exercise cell above the untouched original; a Canvas download has a
student who uploaded a zip and one who uploaded an HTML export. Each is graded once through the
real grader (the two-notebook fixture course, notebook 01 only).
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

import pytest

from tests import grader_catalogue as cat
from tests import small_class

LIMITS = small_class.LIMITS
NB1 = cat.NB1
FULL = cat.MAX1
run = small_class.run


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return small_class.env(tmp_path_factory.mktemp("grader_cache"))


@pytest.fixture(scope="module")
def release(tmp_path_factory, env):
    rel = tmp_path_factory.mktemp("intake22") / "release"
    proc = run("release", "--notebooks", rel, env=env)
    assert proc.returncode == 0, proc.stderr
    return rel


def _zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _class(release: Path) -> dict[str, bytes]:
    """{member of the class zip: bytes}."""
    stub = cat.student_copy(NB1, release)
    solved = cat.with_cells(stub, add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)
    text = json.dumps(solved, indent=1, ensure_ascii=False)
    latin = copy.deepcopy(solved)
    latin["cells"][2]["source"] = "## Adding \u00e9t\u00e9 \u2013 \u20ac\n"  # Windows-1252: é, en dash, euro
    merged = cat.with_cells(solved, add=cat.GOOD_ADD + "\n" + cat.GOOD_SCALE)
    merged["cells"] = [c for c in merged["cells"] if cat.gid(c) != "scale"]
    pasted = copy.deepcopy(solved)  # JupyterLab's copy and paste keeps the metadata: the original left below
    at = next(k for k, c in enumerate(pasted["cells"]) if cat.gid(c) == "add")
    original = next(c for c in stub["cells"] if cat.gid(c) == "add")
    pasted["cells"].insert(at + 2, dict(copy.deepcopy(original), id="pasted"))
    deep = text.replace('"metadata": {', '"metadata": {"deep": ' + "[" * 5000 + "]" * 5000 + ",", 1)
    files = {
        "utf-16/": b"\xff\xfe" + text.encode("utf-16-le"),  # PowerShell 5's Out-File, Notepad's "Unicode"
        "utf-16 be/": b"\xfe\xff" + text.encode("utf-16-be"),
        "trailing garbage/": (text + "\n }\n}\n").encode("utf-8"),  # a shorter save over a longer file
        "nul padded/": text.encode("utf-8") + b"\x00" * 4096,  # a sync client's half-written file
        "cp1252/": json.dumps(latin, indent=1, ensure_ascii=False).encode("cp1252"),
        "deep/": deep.encode("utf-8"),
        "merged/": json.dumps(merged).encode("utf-8"),
        "pasted/": json.dumps(pasted).encode("utf-8"),
    }
    members = {f"class/{k}{NB1}.ipynb": v for k, v in files.items()}
    members[f"class/zipped/{NB1}.zip"] = _zipped({f"{NB1}.ipynb": text.encode("utf-8")})
    members["class/zipped folder/hw1.zip"] = _zipped({
        f"hw1/{NB1}.ipynb": text.encode("utf-8"),
        f"hw1/.ipynb_checkpoints/{NB1}-checkpoint.ipynb": json.dumps(stub).encode("utf-8"),
        "__MACOSX/hw1/._01_fixture_add.ipynb": b"\x00\x05\x16\x07"})
    return members


@pytest.fixture(scope="module")
def graded(tmp_path_factory, env, release):
    base = tmp_path_factory.mktemp("intake22-class")
    inner = _zipped(_class(release))
    (base / "download.zip").write_bytes(_zipped({"class.zip": inner}))  # the export, zipped again
    out = base / "grades"
    proc = run("grade", base / "download.zip", "--out", out, "--workers", "1", *LIMITS, env=env)
    print(proc.stdout[-5000:], proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr
    return {"proc": proc, "rows": {s: r[NB1] for s, r in small_class.grades(out).items()}}


def _row(graded, student):
    row = graded["rows"][student]
    return row["status"], row["score"], row["message"]


@pytest.mark.slow
@pytest.mark.parametrize("student, says", [
    ("utf-16", "UTF-16"), ("utf-16 be", "UTF-16"), ("cp1252", "Windows-1252"),
    ("trailing garbage", "after the notebook's JSON"), ("nul padded", "after the notebook's JSON")])
def test_notebooks_in_other_encodings_or_with_bytes_after_them_are_graded(graded, student, says):
    status, score, message = _row(graded, student)
    assert (status, score) == ("graded", FULL), message
    assert says in message


@pytest.mark.slow
def test_a_notebook_nested_too_deeply_is_invalid_not_a_crash(graded):
    status, score, message = _row(graded, "deep")
    assert (status, score) == ("invalid", 0.0), message
    assert "nested too deeply" in message and "RecursionError" not in message


@pytest.mark.slow
def test_a_deleted_solution_cell_put_back_does_not_undo_the_learners_definition(graded):
    status, score, message = _row(graded, "merged")
    assert (status, score) == ("graded", FULL), message
    assert graded["rows"]["merged"]["tests"]["test_scale_hidden"]["score"] == 2.0


@pytest.mark.slow
def test_an_unchanged_copy_of_an_exercise_cell_below_the_written_one_is_not_graded(graded):
    status, score, message = _row(graded, "pasted")
    assert (status, score) == ("graded", FULL), message  # was 3: the stub below redefined add
    assert "the exercise cell add was there 2 times" in message


@pytest.mark.slow
def test_a_zip_a_student_handed_in_is_unpacked_and_graded(graded):
    for student, name in (("zipped", f"{NB1}.zip"), ("zipped folder", "hw1.zip")):
        status, score, message = _row(graded, student)
        assert (status, score) == ("graded", FULL), (student, message)
        assert f"unpacked '{name}'" in message, message
    assert graded["proc"].returncode == 1  # "deep" is invalid


@pytest.fixture(scope="module")
def canvas(tmp_path_factory, env, release):
    base = tmp_path_factory.mktemp("intake22-canvas")
    solved = json.dumps(cat.with_cells(cat.student_copy(NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE))
    download = base / "submissions.zip"
    download.write_bytes(_zipped({
        f"doejane_12345_678900_{NB1}.zip": _zipped({f"my work/{NB1}.ipynb": solved.encode("utf-8")}),
        f"ochoa_666_678906_{NB1}.html": b"<html><body>my notebook</body></html>"}))
    out = base / "grades"
    proc = run("grade", download, "--lms", "canvas", "--out", out, "--workers", "1", *LIMITS, env=env)
    print(proc.stdout[-3000:], proc.stderr[-2000:])
    return proc, out


@pytest.mark.slow
def test_a_canvas_student_who_uploaded_a_zip_or_an_html_file_keeps_a_row(canvas):
    proc, out = canvas
    assert "Traceback" not in proc.stderr
    rows = small_class.grades(out)
    assert set(rows) == {"12345", "666"}
    assert (rows["12345"][NB1]["status"], rows["12345"][NB1]["score"]) == ("graded", FULL), rows["12345"]
    html = rows["666"][NB1]
    assert (html["status"], html["score"]) == ("invalid", 0.0) and "handed in instead" in html["message"]
    with open(out / "canvas-grades.csv", encoding="utf-8") as f:
        ids = [line.split(",")[1] for line in f.read().splitlines()[2:]]
    assert sorted(ids) == ["12345", "666"]


def test_an_output_folder_that_cannot_be_made_is_one_line_and_exit_2(env, tmp_path):
    (tmp_path / "class" / "ada").mkdir(parents=True)
    (tmp_path / "class" / "ada" / f"{NB1}.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    for out, says in ((tmp_path / "afile" / "grades", "Not a directory"), (Path("/proc/grades"), "/proc/grades")):
        proc = run("grade", tmp_path / "class", "--out", out, "--no-sandbox", env=env, timeout=300)
        assert proc.returncode == 2, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr and says in proc.stderr
        assert "cannot write" in proc.stderr


@pytest.mark.parametrize("raw, says", [
    (b"\xff\xfe" + '{"cells": []}'.encode("utf-16-le"), "UTF-16"),
    ('{"cells": []}'.encode("utf-16-be"), "UTF-16"),
    (b"\xff\xfe\x00\x00" + '{"cells": []}'.encode("utf-32-le"), "UTF-32"),
    ('{"cells": [], "x": "\u00e9t\u00e9 \u20ac"}'.encode("cp1252"), "Windows-1252"),
    ('{"cells": [], "x": "\u00e9t\u00e9"}'.encode("utf-8") + b"\xff", "replaced them with U+FFFD"),
    (b'\xef\xbb\xbf{"cells": []}', "")])
def test_notebook_bytes_are_decoded_as_their_tool_wrote_them(raw, says):
    from grader.intake.textfile import decode, first_json

    text, note = decode(raw)
    assert first_json(text)[0]["cells"] == [] and (says in note if says else note == "")


def test_what_follows_a_notebooks_json_is_noted_and_a_cut_short_one_refused():
    from grader.intake.textfile import decode, first_json

    assert first_json('{"cells": []}\n  \n') == ({"cells": []}, "")
    assert "4 byte(s) after the notebook's JSON (NUL" in first_json('{"cells": []}' + "\0" * 4)[1]
    assert "earlier save" in first_json('{"cells": []}\n }\n}')[1]
    with pytest.raises(ValueError) as cut:
        first_json('{"cells": [')
    assert cut.value.cut_short
    with pytest.raises(ValueError, match="not a text file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")


def test_a_full_or_read_only_disk_is_one_line():
    import errno

    from grader.__main__ import _disk_problem

    assert "no space left" in _disk_problem(OSError(errno.ENOSPC, "No space left on device", "/x/gradebook.db"))
    assert "read-only" in _disk_problem(OSError(errno.EROFS, "Read-only file system", "/x"))
    assert "disk is full" in _disk_problem(RuntimeError("(sqlite3.OperationalError) database or disk is full"))
    assert _disk_problem(OSError(errno.ENOENT, "No such file")) is None and _disk_problem(KeyError("x")) is None
