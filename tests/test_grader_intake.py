"""Files as learners hand them in, and LMS bulk downloads, through the real grader.

One class (the two-notebook fixture course, notebook 01 only) holds the
files of real bug reports: a markdown attachment whose name has a space or
an accent, feedback that cannot be rendered, a worked ``-Copy1`` beside the
untouched original, students named ``DOMAIN\\user`` in the zip, notebooks
whose nbgrader metadata another editor stripped, cells without ``metadata``
or ``outputs``, and other real-world files (BOM, CRLF, nbformat 3,
duplicate cell ids, large outputs, an oversized file). It is zipped and
graded in one run of `python -m grader grade`; each student's row must have
the right score and a message that says what happened. Then a Canvas and a
Moodle bulk download (flat, the student in each file name) are graded with
`--lms canvas` / `--lms moodle`, and their grade CSVs read back.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import pytest

from tests import grader_catalogue as cat
from tests import small_class

LIMITS = small_class.LIMITS
CHEAT = "def add(a, b):\n    return 0 * np.asarray(a)\n\nnp.max = lambda *a, **k: 0.0\n"
NB1 = cat.NB1
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
run = small_class.run


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return small_class.env(tmp_path_factory.mktemp("grader_cache"))


@pytest.fixture(scope="module")
def release(tmp_path_factory, env):
    rel = tmp_path_factory.mktemp("intake") / "release"
    proc = run("release", "--notebooks", rel, env=env)
    assert proc.returncode == 0, proc.stderr
    return rel


def _solved(release: Path) -> dict:
    return cat.with_cells(cat.student_copy(NB1, release), add=cat.GOOD_ADD, scale=cat.GOOD_SCALE)


def _strip_nbgrader(nb: dict) -> dict:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        cell["metadata"].pop("nbgrader", None)
        cell["metadata"].pop("deletable", None)
        cell["metadata"].pop("editable", None)
    return nb


def _members(release: Path) -> dict[str, bytes]:
    """{zip member name: bytes}: the class, one folder per student inside "class export/"."""
    s1 = cat.student_copy(NB1, release)
    solved = _solved(release)
    half = cat.with_cells(s1, add=cat.GOOD_ADD, scale="def scale(x, factor):\n    return np.asarray(x) * 2.0\n")
    files: dict[str, object] = {}

    def put(student: str, nb, name: str = f"{NB1}.ipynb") -> None:
        files[f"{student}/{name}"] = nb

    # attachments named as JupyterLab links them: percent-encoded, and a raw accent
    attach = copy.deepcopy(solved)
    attach["cells"].append({"cell_type": "markdown", "id": "my-sketch", "metadata": {},
                            "source": "My sketch:\n\n![a](attachment:my%20figure%20%C3%A9.png)\n\n"
                                      "![b](attachment:diagramme_\u00e9t\u00e9.png)\n",
                            "attachments": {"my figure \u00e9.png": {"image/png": PNG},
                                            "diagramme_\u00e9t\u00e9.png": {"image/png": PNG}}})
    put("attachment", attach)
    # an attachment the notebook links but does not hold: nbconvert cannot render the page
    gone = copy.deepcopy(solved)
    gone["cells"].append({"cell_type": "markdown", "id": "gone", "metadata": {},
                          "source": "![lost](attachment:lost.png)\n"})
    put("feedback fails", gone)
    # a worked copy beside the untouched original; two worked copies
    put("copy1", s1)
    put("copy1", solved, f"{NB1}-Copy1.ipynb")
    put("two copies", half)
    put("two copies", solved, f"{NB1}-Copy1.ipynb")
    # Windows account names: one student each, not one "CORP" student
    put("CORP\\alice", solved)
    put("CORP\\bob", s1)
    put("LAB\\carol", solved)
    # another editor stripped the nbgrader metadata; one also moved a look-at cell and added its own
    put("stripped", _strip_nbgrader(solved))
    moved = _strip_nbgrader(solved)
    moved["cells"].insert(1, {"cell_type": "code", "id": "mine", "metadata": {}, "outputs": [],
                              "execution_count": None, "source": "import math  # my own cell\n"})
    put("stripped and edited", moved)
    put("stripped, another notebook", {"cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "x = 1\n"},
        {"cell_type": "markdown", "metadata": {}, "source": "my own notes\n"}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    # cells without metadata or outputs (hand-built, or saved by a tool that drops empty keys)
    keyless = copy.deepcopy(solved)
    for cell in keyless["cells"]:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        if cell["cell_type"] == "markdown":
            cell.pop("metadata", None)
    put("missing keys", keyless)
    broken = copy.deepcopy(solved)
    broken["cells"][3]["source"] = 42
    put("source not text", broken)
    # other real-world files
    text = json.dumps(solved, indent=1, ensure_ascii=False)
    files[f"bom/{NB1}.ipynb"] = b"\xef\xbb\xbf" + text.encode("utf-8")
    files[f"crlf/{NB1}.ipynb"] = text.replace("\n", "\r\n").encode("utf-8")
    files[f"nbformat 3/{NB1}.ipynb"] = nbformat.writes(
        nbformat.convert(nbformat.from_dict(copy.deepcopy(solved)), 3)).encode("utf-8")
    dup = copy.deepcopy(solved)
    for cell in dup["cells"]:
        cell["id"] = "same"
    put("duplicate ids", dup)
    put("upper-case suffix", solved, f"{NB1}.IPYNB")
    big = copy.deepcopy(solved)
    big["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * 3_000_000}]
    put("large outputs", big)
    files[f"oversized/{NB1}.ipynb"] = b" " * (65 * 1024 * 1024)
    # layouts that are not the expected one (tests/test_grader_layouts.py has each kind without kernels)
    put("saved as txt", solved, f"{NB1}.ipynb.txt")
    files[f"handed in html/{NB1}.html"] = b"<html><body>my notebook</body></html>"
    files[f"handed in py/{NB1}.py"] = b"def add(a, b):\n    return a + b\n"
    put(unicodedata.normalize("NFC", "Zoë"), solved)
    put(unicodedata.normalize("NFD", "Zoë"), s1)
    put("other course", solved)
    put("other course", {"cells": [{"cell_type": "markdown", "id": "notes", "metadata": {}, "source": "notes\n"}],
                          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, "99_other_course.ipynb")
    for folder, when in (("late PST", "2026-12-01 10:00:00 PST"), ("unreadable time", "handed in on time")):
        put(folder, solved)
        files[f"{folder}/timestamp.txt"] = when.encode("utf-8")
    for when, nb in (("2026-12-01 10:00:00.000000 UTC+AbC", s1), ("2026-12-02 10:00:00.000000 UTC+dEf", solved)):
        put(f"dan+{NB1}+{when}", nb)  # the exchange's inbound/: the latest is graded
        files[f"dan+{NB1}+{when}/timestamp.txt"] = when.rsplit("+", 1)[0].encode("utf-8")
    return {f"class export/{k}": v if isinstance(v, bytes) else json.dumps(v, indent=1).encode("utf-8")
            for k, v in files.items()}


LEGACY = "Иван Петров"  # a folder name an old Windows tool zipped in cp866, without the UTF-8 flag


def _legacy_member(archive: Path, data: bytes) -> None:
    """Add ``class export/LEGACY/NB1.ipynb`` to ``archive`` with its name in cp866 and no UTF-8 flag."""
    raw = f"class export/{LEGACY}/{NB1}.ipynb".encode("cp866")
    fake = b"~" * len(raw)
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(fake.decode("ascii"), data)
    blob = archive.read_bytes()
    assert blob.count(fake) == 2  # the local header and the central directory
    archive.write_bytes(blob.replace(fake, raw))


@pytest.fixture(scope="module")
def graded(tmp_path_factory, env, release):
    base = tmp_path_factory.mktemp("intake-class")
    archive = base / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _members(release).items():
            zf.writestr(name, data)
        with zf.open(f"class export/huge/{NB1}.ipynb", "w", force_zip64=True) as member:
            for _ in range(300):  # one 300 MB notebook (outputs), a few hundred KB zipped
                member.write(b" " * (1 << 20))
    _legacy_member(archive, json.dumps(_solved(release)).encode("utf-8"))
    out = base / "grades"
    proc = run("grade", archive, "--out", out, "--workers", "1", *LIMITS, env=env)
    print(proc.stdout[-6000:], proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr
    rows = {s: r[NB1] for s, r in small_class.grades(out).items()}
    return {"proc": proc, "rows": rows, "out": out}


def _row(graded, student):
    row = graded["rows"][student]
    return row["status"], row["score"], row["message"]


FULL = cat.MAX1


@pytest.mark.slow
def test_attachment_names_with_spaces_and_accents_render(graded):
    status, score, message = _row(graded, "attachment")
    assert (status, score) == ("graded", FULL), message
    assert "feedback" not in message
    page = (graded["out"] / "feedback" / "attachment").rglob(f"{NB1}.html")
    html = next(page).read_text(encoding="utf-8")
    assert html.count("data:image/png;base64," + PNG[:20]) == 2


@pytest.mark.slow
def test_feedback_that_cannot_be_made_keeps_the_grade(graded):
    status, score, message = _row(graded, "feedback fails")
    assert (status, score) == ("graded", FULL)
    assert "the feedback could not be made" in message and "lost.png" in message and "grade stands" in message
    assert (graded["out"] / "autograded" / "feedback fails").is_dir()


@pytest.mark.slow
def test_the_worked_copy_is_graded_and_the_message_says_why(graded):
    status, score, message = _row(graded, "copy1")
    assert (status, score) == ("graded", FULL)
    assert f"graded '{NB1}-Copy1.ipynb'" in message and "the only one with learner work" in message
    assert f"not graded: '{NB1}.ipynb' (as released, no work)" in message
    status, score, message = _row(graded, "two copies")
    assert (status, score) == ("graded", 3.0)  # both worked: the one with the course's name
    assert f"graded '{NB1}.ipynb'" in message and "check that it is the one the student meant" in message
    assert f"{NB1}-Copy1.ipynb" in message


@pytest.mark.slow
def test_students_named_domain_backslash_user_stay_apart(graded):
    rows = graded["rows"]
    assert {"CORP\\alice", "CORP\\bob", "LAB\\carol"} <= set(rows)
    assert not {"CORP", "LAB", "alice", "bob"} & set(rows)
    assert [rows[s]["score"] for s in ("CORP\\alice", "CORP\\bob", "LAB\\carol")] == [FULL, 0.0, FULL]


@pytest.mark.slow
def test_stripped_nbgrader_metadata_is_matched_to_the_release(graded):
    for student in ("stripped", "stripped and edited"):
        status, score, message = _row(graded, student)
        assert (status, score) == ("graded", FULL), (student, message)
        assert "nbgrader metadata was missing" in message and "matched them to the released notebook" in message
    assert graded["rows"]["stripped"]["tests"] == {"test_add": {"score": 2.0, "max_score": 2.0},
                                                   "test_scale_basic": {"score": 1.0, "max_score": 1.0},
                                                   "test_scale_hidden": {"score": 2.0, "max_score": 2.0}}
    # the tests ran after the learner's imports and functions, in the release's order
    auto = nbformat.read(next((graded["out"] / "autograded" / "stripped").rglob("*.ipynb")), as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in auto.cells]
    assert [i for i in ids if i] == ["setup", "add", "test_add", "scale", "test_scale_basic", "test_scale_hidden"]
    status, score, message = _row(graded, "stripped, another notebook")
    assert (status, score) == ("invalid", 0.0)
    assert "metadata is missing" in message and "fresh copy of the released notebook" in message


@pytest.mark.slow
def test_missing_cell_keys_are_repaired_or_named(graded):
    status, score, message = _row(graded, "missing keys")
    assert (status, score) == ("graded", FULL)
    assert "repaired the notebook's structure" in message and "lacked 'outputs'" in message
    assert "lacked 'metadata'" in message
    status, score, message = _row(graded, "source not text")
    assert (status, score) == ("invalid", 0.0)
    assert "cell 4" in message and "not text" in message and "save it" in message
    assert "ValidationError" not in message


@pytest.mark.slow
@pytest.mark.parametrize("student", ["bom", "crlf", "nbformat 3", "duplicate ids", "large outputs",
                                     "upper-case suffix"])
def test_other_real_world_files_get_full_marks(graded, student):
    status, score, message = _row(graded, student)
    assert (status, score) == ("graded", FULL), message
    if student == "nbformat 3":
        assert "converted from nbformat 3" in message


@pytest.mark.slow
def test_an_oversized_notebook_says_what_to_do(graded):
    status, score, message = _row(graded, "oversized")
    assert (status, score) == ("invalid", 0.0)
    assert "65 MB" in message and "clear its outputs" in message.lower()


@pytest.mark.slow
def test_a_notebook_saved_as_txt_is_graded_and_a_wrong_file_type_named(graded):
    status, score, message = _row(graded, "saved as txt")
    assert (status, score) == ("graded", FULL), message
    assert f"'{NB1}.ipynb.txt' is a notebook saved with the extension '.txt' added" in message
    for student, what in (("handed in html", "an HTML export"), ("handed in py", "a Python script")):
        status, score, message = _row(graded, student)
        assert (status, score) == ("invalid", 0.0), message
        assert f"no {NB1}.ipynb in the submission; handed in instead" in message and what in message
    status, score, message = _row(graded, "other course")
    assert (status, score) == ("graded", FULL)
    assert "not graded: '99_other_course.ipynb' (not a notebook of this course" in message


@pytest.mark.slow
def test_folders_differing_only_in_normalisation_are_both_graded_and_reported(graded):
    nfc, nfd = unicodedata.normalize("NFC", "Zoë"), unicodedata.normalize("NFD", "Zoë")
    rows = graded["rows"]
    assert (rows[nfc]["score"], rows[nfd]["score"]) == (FULL, 0.0)  # each its own work, under its own name
    assert not any(s.startswith("Zo") and s.endswith("_") for s in rows)
    for sid in (nfc, nfd):
        assert "differ only in Unicode normalisation" in rows[sid]["message"]


@pytest.mark.slow
def test_legacy_zip_names_and_a_huge_member(graded):
    status, score, message = _row(graded, LEGACY)
    assert (status, score) == ("graded", FULL), message
    assert "without the UTF-8 flag; read it as cp866 (DOS Cyrillic)" in message
    assert "read them as cp866" in graded["proc"].stdout
    status, score, message = _row(graded, "huge")
    assert (status, score) == ("invalid", 0.0) and "is 300 MB, over the 64 MB" in message
    assert graded["proc"].returncode == 1  # invalid rows, and the rest graded


@pytest.mark.slow
def test_timestamps_are_read_with_nbgrader_parser_and_named_when_unreadable(graded):
    from nbgrader.api import Gradebook

    status, score, message = _row(graded, "late PST")
    assert (status, score) == ("graded", FULL) and "read the zone 'PST' as UTC-08:00" in message
    status, score, message = _row(graded, "unreadable time")
    assert (status, score) == ("graded", FULL)
    assert "timestamp.txt says 'handed in on time', which is not a time nbgrader can read" in message
    with Gradebook(f"sqlite:///{graded['out'] / 'gradebook.db'}") as gb:
        assert str(gb.find_submission(NB1, "late PST").timestamp) == "2026-12-01 18:00:00"
        assert gb.find_submission(NB1, "unreadable time").timestamp is None


@pytest.mark.slow
def test_the_exchange_inbound_folder_grades_the_latest_submission(graded):
    status, score, message = _row(graded, "dan")
    assert (status, score) == ("graded", FULL), message  # the later one is the solved one
    assert "the latest of 2 submissions, as nbgrader collect takes" in message
    assert not any("+" in s for s in graded["rows"])


@pytest.mark.slow
def test_a_newer_timestamp_alone_regrades_a_resubmission(graded, env, tmp_path):
    out = tmp_path / "grades"
    shutil.copytree(graded["out"], out)
    klass = tmp_path / "class"
    with zipfile.ZipFile(graded["out"].parent / "class.zip") as zf:
        for name in zf.namelist():
            if name.startswith(("class export/late PST/", "class export/bom/")):
                zf.extract(name, klass)
    (klass / "class export" / "late PST" / "timestamp.txt").write_text("2026-12-01 11:00:00 PDT")
    proc = run("grade", klass, "--out", out, "--workers", "1", *LIMITS, env=env)
    assert "graded 1 notebook(s) of 2 student(s)" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-2000:]
    row = small_class.grades(out)["late PST"][NB1]
    assert row["score"] == FULL and "read the zone 'PDT' as UTC-07:00" in row["message"]


# -- LMS bulk downloads --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lms(tmp_path_factory, env, release):
    base = tmp_path_factory.mktemp("lms")
    solved = json.dumps(_solved(release)).encode("utf-8")
    untouched = (release / f"{NB1}.ipynb").read_bytes()
    stub = cat.student_copy(NB1, release)
    cheat = json.dumps(cat.with_cells(stub, add=CHEAT)).encode("utf-8")  # flagged: tampering
    noted = json.dumps(cat.with_cells(_solved(release), add=cat.GOOD_ADD + "exec('pass')\n")).encode("utf-8")
    canvas = base / "submissions.zip"  # Canvas: one flat zip
    with zipfile.ZipFile(canvas, "w") as zf:
        # two attempts: the untouched one first, the solved one a day later (the zip's member times)
        zf.writestr(zipfile.ZipInfo(f"doejane_12345_678900_{NB1}.ipynb", (2026, 12, 1, 10, 0, 0)), untouched)
        zf.writestr(zipfile.ZipInfo(f"doejane_12345_678901_{NB1}.ipynb", (2026, 12, 2, 10, 0, 0)), solved)
        zf.writestr(f"smithjohn_late_222_678902_{NB1}-1.ipynb", untouched)
        zf.writestr(f"cheatjoe_333_678903_{NB1}.ipynb", cheat)
        zf.writestr(f"evalann_444_678904_{NB1}.ipynb", noted)  # a note for review, full marks
        zf.writestr("instructions.ipynb", untouched)
    moodle = base / "moodle"  # Moodle: flat, or a folder per submission
    (moodle / "Jane Doe_314_assignsubmission_file_").mkdir(parents=True)
    (moodle / "Jane Doe_314_assignsubmission_file_" / f"{NB1}.ipynb").write_bytes(solved)
    (moodle / f"Zo\u00eb \u00dcnal_315_assignsubmission_file_{NB1}.ipynb").write_bytes(untouched)
    (moodle / f"Joe Cheat_316_assignsubmission_file_{NB1}.ipynb").write_bytes(cheat)
    found = {}
    for name, source, preset in (("canvas", canvas, "canvas"), ("moodle", moodle, "moodle")):
        out = base / f"grades-{name}"
        proc = run("grade", source, "--lms", preset, "--out", out, "--workers", "1", *LIMITS, env=env)
        print(proc.stdout[-3000:], proc.stderr[-2000:])
        found[name] = (proc, out)
    return found


def _csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


@pytest.mark.slow
def test_a_canvas_download_is_graded_per_student_and_imports_back(lms):
    proc, out = lms["canvas"]
    assert proc.returncode == 1, proc.stderr[-2000:]  # a flagged notebook: exit 1, as for one not graded
    rows = small_class.grades(out)
    assert set(rows) == {"12345", "222", "333", "444"}
    assert (rows["12345"][NB1]["score"], rows["222"][NB1]["score"]) == (FULL, 0.0)
    cheat, noted = rows["333"][NB1], rows["444"][NB1]
    assert (cheat["status"], cheat["score"]) == ("flagged", 0.0) and "numpy.max" in cheat["message"]
    assert (noted["status"], noted["score"]) == ("graded", FULL) and "uses exec" in noted["message"]
    assert "ignored 1 notebook(s) whose name --filename-regexp did not match: instructions.ipynb" in proc.stdout
    message = rows["12345"][NB1]["message"]  # the later attempt, by the zip's member times
    assert f"2 attempts at {NB1}.ipynb: graded 'doejane_12345_678901_{NB1}.ipynb', the latest by modification " \
           "time (2026-12-02 10:00:00; the file names carry no timestamp)" in message
    assert f"not graded: 'doejane_12345_678900_{NB1}.ipynb'" in message
    assert _csv(out / "canvas-grades.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Notes", NB1],
        ["    Points Possible", "", "", "", "", "", "5"],
        ["doejane", "12345", "", "", "", "", "5"],
        ["smithjohn", "222", "", "", "", "", "0"],
        ["cheatjoe", "333", "", "", "", f"{NB1}: {cheat['message']}", "0"],
        ["evalann", "444", "", "", "", f"{NB1}: {noted['message']}", "5"]]


@pytest.mark.slow
def test_a_moodle_download_is_graded_per_student_and_imports_back(lms):
    proc, out = lms["moodle"]
    assert proc.returncode == 1, proc.stderr[-2000:]  # Joe Cheat's notebook is flagged
    rows = small_class.grades(out)
    assert set(rows) == {"314", "315", "316"}
    sheet = _csv(out / "moodle-grades.csv")
    assert sheet[0] == ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                        "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                        "Feedback comments"]
    assert [r[:6] for r in sheet[1:]] == [
        ["Participant 314", "Jane Doe", "", "Submitted for grading", "5", "5"],
        ["Participant 315", "Zo\u00eb \u00dcnal", "", "Submitted for grading", "0", "5"],
        ["Participant 316", "Joe Cheat", "", "Submitted for grading", "0", "5"]]
    assert sheet[1][9].startswith(f"{NB1}: 5/5 (graded)")
    assert sheet[3][9] == f"{NB1}: 0/5 (flagged) {rows['316'][NB1]['message']}"
    assert rows["316"][NB1]["message"].startswith("flagged for review, scored 0: ")


def test_a_filename_regexp_without_student_id_is_refused(env, tmp_path):
    (tmp_path / f"x_{NB1}.ipynb").write_text("{}", encoding="utf-8")
    for regexp, says in (("(?P<file_id>.*)", "no (?P<student_id>...) group"), ("x(", "not a regular expression")):
        proc = run("grade", tmp_path, "--filename-regexp", regexp, "--out", tmp_path / "out", "--no-sandbox", env=env)
        assert proc.returncode == 2 and says in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    proc = run("grade", tmp_path, "--lms", "canvas", "--filename-regexp", "x", env=env)
    assert proc.returncode == 2 and "not allowed with argument" in proc.stderr


def test_zip_names_keep_every_student_and_file_apart(tmp_path):
    from grader.intake.archive import safe_extract
    from grader.intake.submissions import students

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("export/CORP\\alice/01.ipynb", "{}")
        zf.writestr("export/CORP\\bob/01.ipynb", "{}")
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("export/CORP\\bob/01.ipynb", '{"again": 1}')  # handed in twice: both kept
        zf.writestr("export/..\\..\\escape.ipynb", "{}")
    skipped = safe_extract(archive, tmp_path / "out")
    assert skipped == ["export/..\\..\\escape.ipynb"]
    found, _ = students(tmp_path / "out" / "export")
    assert sorted(found) == ["CORP\\alice", "CORP\\bob"]
    assert sorted(p.name for p in found["CORP\\bob"].iterdir()) == ["01 (2).ipynb", "01.ipynb"]
    legacy = tmp_path / "legacy.zip"  # an old Windows tool: backslashes only, so they separate folders
    with zipfile.ZipFile(legacy, "w") as zf:
        zf.writestr("alice\\01.ipynb", "{}")
        zf.writestr("bob\\01.ipynb", "{}")
    assert safe_extract(legacy, tmp_path / "legacy") == []
    assert sorted(students(tmp_path / "legacy")[0]) == ["alice", "bob"]
