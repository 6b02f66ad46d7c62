"""Layouts that are not the expected one, read by the grader's intake without a kernel.

Each case is a kind found in instructors' bug reports: timestamp.txt in
other zones and forms, zip names in a legacy DOS code page, one notebook
too large to unpack, student folders whose names differ only in Unicode
normalisation, notebooks saved as ``.ipynb.txt``, a ``.py`` or ``.html``
handed in instead of the notebook, an nbgrader course folder with a
wrong-case or unknown assignment folder, the exchange's ``inbound/``
folder, LMS downloads with several attempts, an nbgrader 0.5 gradebook, a
``nbgrader quickstart`` course and ``export-course --assignments``. The same
kinds go through the real grader, kernels and all, in
tests/test_grader_intake.py.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from grader.course import layout as nbcourse
from grader.course import submitted, timestamps
from grader.intake import lms, submissions
from grader.intake.codepages import CODEPAGE_NAMES
from grader.intake.notes import Intake
from tests import grader_catalogue as cat
from tests import small_class

UTC = datetime.datetime
NB = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


# -- time -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, when, says", [
    ("2026-12-01 10:00:00.000000 UTC", UTC(2026, 12, 1, 10), ""),  # what nbgrader writes
    ("\ufeff2026-12-01 10:00:00.000000 UTC\n", UTC(2026, 12, 1, 10), ""),  # Notepad's byte-order mark
    ("2026-12-01 10:00:00 +0100", UTC(2026, 12, 1, 9), ""),  # parse_utc alone: +100 seconds
    ("2026-12-01 10:00:00 -08:00", UTC(2026, 12, 1, 18), ""),
    ("2026-12-01 10:00:00 PST", UTC(2026, 12, 1, 18), "read the zone 'PST' as UTC-08:00"),
    ("2026-12-01 10:00:00 CEST", UTC(2026, 12, 1, 8), "read the zone 'CEST' as UTC+02:00"),
    ("2026-12-01 10:00:00 EST", UTC(2026, 12, 1, 15), ""),  # tzdata's own EST
    ("Tue Dec  1 10:00:00 PST 2026", UTC(2026, 12, 1, 18), "'PST' as UTC-08:00"),  # `date` on a Mac
    ("12/01/2026 10:00 PM", UTC(2026, 12, 1, 22), "day/month or month/day"),
    ("2026-12-01T10:00:00Z", UTC(2026, 12, 1, 10), ""),
    ("2026-12-01-10-00-00", UTC(2026, 12, 1, 10), ""),  # Blackboard's attempt time in a file name
    ("01.12.2026 10:00", UTC(2026, 12, 1, 10), ""),  # dotted: day first
    ("2026-12-01 10:00:00+01:00 CET", UTC(2026, 12, 1, 9), ""),
    ("1764583200", UTC(2025, 12, 1, 10), "seconds since 1970"),
    ("2026-12-01 10:00:00 IST", None, "cannot tell the time zone 'IST'"),  # India, Ireland or Israel
    ("", None, "is empty"),
    ("handed in on time", None, "not a time nbgrader can read"),
])
def test_timestamps_are_read_with_nbgrader_parser_or_named(text, when, says):
    got, note = timestamps.parse_timestamp(text)
    assert got == when, (text, got, note)
    assert (says in note) if says else note == "", note


def test_nbgrader_parse_utc_alone_misreads_what_the_intake_reads_right():
    """The wrong readings the intake works around (so the test above fails for parse_utc alone)."""
    from nbgrader.utils import parse_utc

    assert parse_utc("2026-12-01 10:00:00 +0100") == UTC(2026, 12, 1, 9, 58, 20)  # 100 seconds
    assert parse_utc("2026-12-01 10:00:00 PST") == UTC(2026, 12, 1, 10)  # the zone silently dropped
    assert parse_utc("12/01/2026 10:00 PM") == UTC(2026, 12, 1, 10)  # PM silently dropped


def test_timestamp_files_in_other_encodings(tmp_path):
    nb = tmp_path / "a" / "01.ipynb"
    nb.parent.mkdir()
    nb.write_text(NB)
    stamp = nb.parent / "timestamp.txt"
    for data, when in ((b"\xef\xbb\xbf2026-12-01 10:00:00 UTC", UTC(2026, 12, 1, 10)),
                       ("2026-12-01 10:00:00 +0100".encode("utf-16"), UTC(2026, 12, 1, 9))):
        stamp.write_bytes(data)
        assert timestamps.read_timestamp(nb) == (when, "")
        assert timestamps.submission_timestamp(nb) == when
    stamp.write_bytes(b"")
    assert timestamps.read_timestamp(nb) == (None, "timestamp.txt is empty: when it was handed in is not known "
                                                 "(not counted late)")
    stamp.unlink()
    assert timestamps.read_timestamp(nb) == (None, "")


def test_a_newer_timestamp_alone_makes_a_resubmission(tmp_path):
    from grader.run.plan import fingerprint as _sha

    nb = tmp_path / "01.ipynb"
    nb.write_text(NB)
    plain = _sha(nb)
    (tmp_path / "timestamp.txt").write_text("2026-12-01 10:00:00 UTC")
    first = _sha(nb)
    (tmp_path / "timestamp.txt").write_text("2026-12-02 10:00:00 UTC")
    assert len({plain, first, _sha(nb)}) == 3


def test_a_resubmission_without_a_sidecar_file_leaves_no_old_one(tmp_path):
    submitted = tmp_path / "submitted" / "ada" / "ps1"
    submitted.mkdir(parents=True)
    (submitted / "timestamp.txt").write_text("2026-12-02 10:00:00 UTC")
    out = tmp_path / "out"
    for folder in (nbcourse.autograded_file(out, "ada", "ps1/p1").parent, nbcourse.feedback_file(out, "ada", "ps1/p1").parent):
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-12-01 10:00:00 UTC")
        (folder / "submission_secret.txt").write_text("the first submission's")
    nbcourse.copy_sidecars(submitted, out, "ada", "ps1/p1")
    for folder in (out / "autograded" / "ada" / "ps1", out / "feedback" / "ada" / "ps1"):
        assert (folder / "timestamp.txt").read_text() == "2026-12-02 10:00:00 UTC"
        assert not (folder / "submission_secret.txt").exists()


# -- zips -------------------------------------------------------------------------------------------------


def legacy_zip(path: Path, members: dict[bytes, bytes]) -> None:
    """A zip whose member names are the given bytes, stored without the UTF-8 flag (an old Windows tool)."""
    placeholders = {}
    with zipfile.ZipFile(path, "w") as zf:
        for i, (raw, data) in enumerate(members.items()):
            fake = f"{i:0{len(raw)}d}"[-len(raw):] if len(raw) >= 3 else raw.decode("ascii")
            fake = ("~" * len(raw))[: len(raw) - len(str(i))] + str(i)
            placeholders[fake.encode("ascii")] = raw
            zf.writestr(fake, data)
    blob = path.read_bytes()
    for fake, raw in placeholders.items():
        assert blob.count(fake) == 2  # the local header and the central directory
        blob = blob.replace(fake, raw)
    path.write_bytes(blob)


@pytest.mark.parametrize("codepage, names", [
    ("cp437", ["Jörg Müller", "Zoë Ünal"]),
    ("cp850", ["João Ôrtiz", "Søren Ærø"]),
    ("cp866", ["Иван Петров", "Ольга Смирнова"]),
    ("cp852", ["Łukasz Żółć", "Dvořák"]),
])
def test_legacy_zip_names_are_decoded_in_their_code_page(tmp_path, codepage, names):
    archive = tmp_path / "class.zip"
    legacy_zip(archive, {f"{n}/01_x.ipynb".encode(codepage): NB.encode() for n in names}
               | {b"plain/01_x.ipynb": NB.encode()})
    with zipfile.ZipFile(archive) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())
    intake = Intake()
    root, skipped = submissions.class_root(archive, tmp_path / "work", intake)
    found, _ = submissions.students(root, intake=intake)
    assert skipped == [] and sorted(found) == sorted([*names, "plain"])
    if codepage != "cp437":
        assert intake.summary == [f"the zip's file names carry no UTF-8 flag; read them as {codepage} "
                                  f"({CODEPAGE_NAMES[codepage]})"]
        assert f"read it as {codepage}" in "; ".join(intake.of(found[names[0]]))
        assert intake.of(found["plain"]) == []


def test_zip_names_that_are_utf8_without_the_flag_stay_utf8(tmp_path):
    archive = tmp_path / "class.zip"
    legacy_zip(archive, {"Zoë/01_x.ipynb".encode(): NB.encode(), "Иван/01_x.ipynb".encode(): NB.encode()})
    root, _ = submissions.class_root(archive, tmp_path / "work", Intake())
    assert sorted(submissions.students(root)[0]) == ["Zoë", "Иван"]


def test_one_huge_zip_member_is_left_invalid_and_the_rest_extracted(tmp_path):
    from grader.autograde.validate import Invalid, read_notebook
    from grader.settings import Intake as IntakeLimits

    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("class/ada/01_x.ipynb", NB)
        with zf.open("class/huge/01_x.ipynb", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(300):  # 300 MB of outputs, a few hundred KB zipped
                member.write(block)
    intake = Intake()
    root, skipped = submissions.class_root(archive, tmp_path / "work", intake)
    assert skipped == []
    huge = root / "huge" / "01_x.ipynb"
    sparse = huge.stat().st_blocks * 512 < IntakeLimits().max_notebook_bytes  # not unpacked
    assert huge.stat().st_size == 300 << 20 and sparse
    with pytest.raises(Invalid, match="is 300 MB, over the 64 MB"):
        read_notebook(huge)
    assert (root / "ada" / "01_x.ipynb").read_text() == NB


def test_zip_keeps_member_times_and_names_what_it_does_not_extract(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("ada/01_x.ipynb", date_time=(2026, 12, 1, 10, 0, 0))
        zf.writestr(info, NB)
        zf.writestr("bob/01_x.pdf", "%PDF-1.4")
        zf.writestr("bob/timestamp.txt", "2026-12-01 10:00:00 UTC")
    intake = Intake()
    root, _ = submissions.class_root(archive, tmp_path / "work", intake)
    stamp = datetime.datetime.fromtimestamp((root / "ada" / "01_x.ipynb").stat().st_mtime)
    assert stamp == UTC(2026, 12, 1, 10)
    assert not (root / "bob" / "01_x.pdf").exists() and (root / "bob" / "timestamp.txt").is_file()
    assert submissions.absent(root / "bob", "01_x", ["01_x"], intake) == (
        "invalid", "no 01_x.ipynb in the submission; handed in instead: '01_x.pdf' (a PDF export, not the "
                   "notebook); ask for the .ipynb file (File > Save, then hand in the .ipynb)")


# -- student folders ---------------------------------------------------------------------------------------


def test_folders_differing_only_in_normalisation_are_reported_not_renamed(tmp_path):
    nfc, nfd = unicodedata.normalize("NFC", "Zoë"), unicodedata.normalize("NFD", "Zoë")
    for name in (nfc, nfd, "bob", "bob "):
        (tmp_path / name).mkdir()
    (tmp_path / "carol").mkdir()
    intake = Intake()
    found, _ = submissions.students(tmp_path, intake=intake)
    assert set(found) == {nfc, nfd, "bob", "bob ", "carol"}  # each under its name as written
    assert not any(s.endswith("_") for s in found)
    for sid in (nfc, nfd):
        note = "; ".join(intake.of(found[sid]))
        assert "2 student folders differ only in Unicode normalisation" in note and "(NFC)" in note
        assert "(NFD)" in note and "merge them" in note
    assert "spaces around it" in "; ".join(intake.of(found["bob"]))
    assert intake.of(found["carol"]) == []


def test_misnamed_notebooks_and_wrong_file_types(tmp_path):
    stems = ["01_x", "02_y", "03_z"]
    folder = tmp_path / "ada"
    folder.mkdir()
    (folder / "01_x.ipynb.txt").write_text(NB)
    (folder / "02_Y.ipynb.json").write_text(NB)
    (folder / "03_z.html").write_text("<html></html>")
    (folder / "03_z.pdf").write_bytes(b"%PDF-1.4")
    (folder / "99_other.ipynb").write_text(NB)
    (folder / "04_w.py").write_text(NB)  # a notebook renamed to .py: its content says what it is
    stems.append("04_w")
    intake = Intake()
    found = submissions.match(folder, stems, {s: [] for s in stems}, None, intake)
    assert found["01_x"][0].name == "01_x.ipynb.txt"
    assert "'01_x.ipynb.txt' is a notebook saved with the extension '.txt' added; graded it" in found["01_x"][1]
    assert found["02_y"][0].name == "02_Y.ipynb.json" and "its file name should be 02_y.ipynb" in found["02_y"][1]
    assert "not graded: '99_other.ipynb' (not a notebook of this course" in found["01_x"][1]
    assert found["04_w"][0].name == "04_w.py" and "'04_w.py' is a notebook saved as 'py'" in found["04_w"][1]
    status, message = submissions.absent(folder, "03_z", stems, intake)
    assert status == "invalid" and "no 03_z.ipynb in the submission; handed in instead" in message
    assert "'03_z.html' (an HTML export, not the notebook)" in message and "'03_z.pdf' (a PDF export" in message
    assert "not graded: '99_other.ipynb'" in message
    assert submissions.absent(tmp_path / "ada", "05_v", [*stems, "05_v"], Intake())[0] == "missing"


def test_a_json_file_holding_a_notebook_is_graded_and_named(tmp_path):
    (tmp_path / "01_x.json").write_text(NB)
    (tmp_path / "02_y.json").write_text('{"not": "a notebook"}')
    found = submissions.match(tmp_path, ["01_x", "02_y"], {"01_x": [], "02_y": []})
    assert set(found) == {"01_x"} and "saved as 'json'" in found["01_x"][1]
    assert submissions.absent(tmp_path, "02_y", ["01_x", "02_y"])[1].startswith(
        "no 02_y.ipynb in the submission; handed in instead: '02_y.json' (a JSON file that is not a notebook)")


# -- nbgrader course folders -------------------------------------------------------------------------------


def test_course_folder_layouts_are_read_with_a_note(tmp_path):
    keys = ["ps1/problem1", "ps1/problem2", "ps2/essay"]
    ada, bob, carol = (tmp_path / n for n in ("ada", "bob", "carol"))
    for path in (ada / "PS1" / "problem1.ipynb", ada / "PS1" / "Problem2.ipynb.txt", ada / "hw9" / "x.ipynb",
                 bob / "ps1" / "problem1.ipynb", bob / "essay.ipynb", carol / "ps1 " / "problem1.ipynb"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(NB)
    (bob / "ps1" / "problem2.html").write_text("<html></html>")
    intake = Intake()
    found = submitted.match_course(ada, keys, intake)
    assert sorted(found) == ["ps1/problem1", "ps1/problem2"]
    assert "graded the folder 'PS1' as ps1 (it should be named ps1)" in found["ps1/problem1"][1]
    assert "not graded: the folder(s) 'hw9'/ (not an assignment of this course: ps1, ps2)" in found["ps1/problem1"][1]
    assert "saved with the extension '.txt'" in found["ps1/problem2"][1]
    status, message = submissions.absent(ada, "essay", ["problem1", "problem2", "essay"], intake, "ps2/essay.ipynb")
    assert status == "missing" and message.startswith("no ps2/essay.ipynb in the submission; not graded: the folder")
    found = submitted.match_course(bob, keys, intake)
    assert found["ps1/problem1"] == (bob / "ps1" / "problem1.ipynb", "")
    assert found["ps2/essay"][0] == bob / "essay.ipynb" and "without its assignment folder ps2/" in found["ps2/essay"][1]
    status, message = submissions.absent(bob, "problem2", ["problem1", "problem2", "essay"], intake)
    assert status == "invalid" and "'ps1/problem2.html' (an HTML export" in message
    found = submitted.match_course(carol, keys, Intake())
    assert "graded the folder 'ps1 ' as ps1" in found["ps1/problem1"][1]
    eve = tmp_path / "eve"
    (eve / "problem set 1").mkdir(parents=True)  # another name, but ps1's notebooks
    (eve / "problem set 1" / "problem2.ipynb").write_text(NB)
    found = submitted.match_course(eve, keys, Intake())
    assert found == {"ps1/problem2": (eve / "problem set 1" / "problem2.ipynb", "graded the folder 'problem set 1' "
                                      "as ps1: its notebooks are ps1's (it should be named ps1)")}
    dan = tmp_path / "dan"
    (dan / "ps1" / "ps1").mkdir(parents=True)  # a zip of the folder, unpacked into it
    (dan / "ps1" / "ps1" / "problem1.ipynb").write_text(NB)
    (dan / "homework.zip").write_bytes(b"PK")
    found = submitted.match_course(dan, keys, intake)
    assert found["ps1/problem1"] == (dan / "ps1" / "ps1" / "problem1.ipynb",
                                     "graded the notebooks in 'ps1/ps1/' (one folder too deep; they belong in ps1/)")
    assert submissions.absent(dan, "essay", ["problem1", "problem2", "essay"], intake, "ps2/essay.ipynb") == (
        "missing", "no ps2/essay.ipynb in the submission; the submission holds 'homework.zip' (a zip archive, "
                   "not the notebook)")


def test_the_exchange_inbound_folder_is_read_as_nbgrader_collect_reads_it(tmp_path):
    exchange = tmp_path / "exchange" / "course101"
    for name, text in (("ada+ps1+2026-12-01 10:00:00.000000 UTC+AbC", "first"),
                       ("ada+ps1+2026-12-02 09:00:00.000000 UTC+dEf", "second"),
                       ("ada+ps2+2026-12-03 09:00:00.000000 UTC+gHi", "other"),
                       ("bob+ps1+2026-12-01 11:00:00.000000 UTC", "old-style name")):
        (exchange / "inbound" / name).mkdir(parents=True)
        (exchange / "inbound" / name / "problem1.ipynb").write_text(json.dumps({**json.loads(NB), "x": text}))
        (exchange / "inbound" / name / "timestamp.txt").write_text(name.split("+")[2])
    (exchange / "outbound" / "ps1").mkdir(parents=True)
    (exchange / "feedback").mkdir()
    intake = Intake()
    root, _ = submissions.class_root(exchange, tmp_path / "work", intake)
    assert root == exchange / "inbound"
    found, _ = submissions.students(root, intake=intake)
    assert sorted(found) == ["ada", "bob"]  # not "ada+ps1+2026-..."
    ada = found["ada"]
    assert json.loads((ada / "ps1" / "problem1.ipynb").read_text())["x"] == "second"
    assert json.loads((ada / "ps2" / "problem1.ipynb").read_text())["x"] == "other"
    note = "; ".join(intake.of(ada / "ps1"))
    assert "from the exchange's inbound/: ps1 submitted 2026-12-02 09:00:00 UTC" in note
    assert "the latest of 2 submissions, as nbgrader collect takes; not graded: 2026-12-01 10:00:00" in note
    assert timestamps.read_timestamp(ada / "ps1" / "problem1.ipynb")[0] == UTC(2026, 12, 2, 9)
    assert submissions.exchange_record("ada+ps1") is None and submissions.exchange_record("Jean+Paul") is None


# -- LMS attempts ------------------------------------------------------------------------------------------


def test_lms_attempts_latest_by_named_timestamp_else_by_modification_time(tmp_path):
    download = tmp_path / "download"
    download.mkdir()
    regexp = r"(?P<student_id>\w+)_attempt_(?P<timestamp>[^_]+)_(?P<file_id>.+)"
    for when, text in (("2026-12-02T09:00:00Z", "late"), ("2026-12-01T09:00:00Z", "early")):
        (download / f"ada_attempt_{when}_01_x.ipynb").write_text(json.dumps({**json.loads(NB), "x": text}))
    for i, text in enumerate(("old", "new")):  # Canvas: no timestamp in the name, "-1" on the resubmission
        path = download / f"bob_{'late_' if i else ''}12_34{i}_01_x{'-1' if i else ''}.ipynb"
        path.write_text(json.dumps({**json.loads(NB), "x": text}))
        os.utime(path, (1_800_000_000 + i * 3600, 1_800_000_000 + i * 3600))
    (download / "bob_12_340_01_x.ipynb").touch()  # nothing, but made last: mtime alone decides
    os.utime(download / "bob_12_340_01_x.ipynb", (1_800_000_000, 1_800_000_000))
    intake = Intake()
    dest = tmp_path / "collected"
    lms.collect(download, regexp, dest, intake)
    graded = dest / "ada" / "01_x.ipynb"
    assert json.loads(graded.read_text())["x"] == "late" and sorted(p.name for p in (dest / "ada").iterdir()) == \
        ["01_x.ipynb"]
    note = "; ".join(intake.of(graded))
    assert "2 attempts at 01_x.ipynb: graded 'ada_attempt_2026-12-02T09:00:00Z_01_x.ipynb'" in note
    assert "the latest by the timestamp in its name (2026-12-02 09:00:00 UTC)" in note
    assert "not graded: 'ada_attempt_2026-12-01T09:00:00Z_01_x.ipynb'" in note
    intake = Intake()
    lms.collect(download, lms.PRESETS["canvas"], dest, intake)
    [graded] = list((dest / "12").iterdir())
    assert json.loads(graded.read_text())["x"] == "new"
    assert "the latest by modification time" in "; ".join(intake.of(graded))
    assert "the file names carry no timestamp" in "; ".join(intake.of(graded))


# -- gradebooks and courses -------------------------------------------------------------------------------

# nbgrader 0.5.6's schema (nbgrader/api.py at v0.5.6; alembic revision 724cde206c17): grade and solution
# cells in their own tables, no base_cell, no course, no task cells, no lms_user_id
SCHEMA_05 = """
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, PRIMARY KEY (version_num));
CREATE TABLE assignment (id VARCHAR(32) NOT NULL, name VARCHAR(128) NOT NULL, duedate DATETIME,
    PRIMARY KEY (id), UNIQUE (name));
CREATE TABLE notebook (id VARCHAR(32) NOT NULL, name VARCHAR(128) NOT NULL, assignment_id VARCHAR(32),
    kernelspec VARCHAR(1024), PRIMARY KEY (id), UNIQUE (name, assignment_id),
    FOREIGN KEY(assignment_id) REFERENCES assignment (id));
CREATE TABLE grade_cell (id VARCHAR(32) NOT NULL, name VARCHAR(128) NOT NULL, max_score FLOAT NOT NULL,
    cell_type VARCHAR(8) NOT NULL, notebook_id VARCHAR(32), PRIMARY KEY (id), UNIQUE (name, notebook_id),
    FOREIGN KEY(notebook_id) REFERENCES notebook (id));
CREATE TABLE solution_cell (id VARCHAR(32) NOT NULL, name VARCHAR(128) NOT NULL, notebook_id VARCHAR(32),
    PRIMARY KEY (id), UNIQUE (name, notebook_id), FOREIGN KEY(notebook_id) REFERENCES notebook (id));
CREATE TABLE source_cell (id VARCHAR(32) NOT NULL, name VARCHAR(128) NOT NULL, cell_type VARCHAR(8) NOT NULL,
    locked BOOLEAN NOT NULL, source TEXT, checksum VARCHAR(128), notebook_id VARCHAR(32), PRIMARY KEY (id),
    UNIQUE (name, notebook_id), FOREIGN KEY(notebook_id) REFERENCES notebook (id));
CREATE TABLE student (id VARCHAR(128) NOT NULL, first_name VARCHAR(128), last_name VARCHAR(128),
    email VARCHAR(128), PRIMARY KEY (id));
CREATE TABLE submitted_assignment (id VARCHAR(32) NOT NULL, assignment_id VARCHAR(32), student_id VARCHAR(128),
    timestamp DATETIME, extension DATETIME, PRIMARY KEY (id), UNIQUE (assignment_id, student_id),
    FOREIGN KEY(assignment_id) REFERENCES assignment (id), FOREIGN KEY(student_id) REFERENCES student (id));
CREATE TABLE submitted_notebook (id VARCHAR(32) NOT NULL, assignment_id VARCHAR(32), notebook_id VARCHAR(32),
    flagged BOOLEAN, late_submission_penalty FLOAT, PRIMARY KEY (id), UNIQUE (notebook_id, assignment_id),
    FOREIGN KEY(assignment_id) REFERENCES submitted_assignment (id),
    FOREIGN KEY(notebook_id) REFERENCES notebook (id));
CREATE TABLE grade (id VARCHAR(32) NOT NULL, notebook_id VARCHAR(32), cell_id VARCHAR(32), auto_score FLOAT,
    manual_score FLOAT, extra_credit FLOAT, needs_manual_grade BOOLEAN NOT NULL, PRIMARY KEY (id),
    UNIQUE (cell_id, notebook_id), FOREIGN KEY(notebook_id) REFERENCES submitted_notebook (id),
    FOREIGN KEY(cell_id) REFERENCES grade_cell (id));
CREATE TABLE comment (id VARCHAR(32) NOT NULL, notebook_id VARCHAR(32), cell_id VARCHAR(32), auto_comment TEXT,
    manual_comment TEXT, PRIMARY KEY (id), UNIQUE (cell_id, notebook_id),
    FOREIGN KEY(notebook_id) REFERENCES submitted_notebook (id), FOREIGN KEY(cell_id) REFERENCES solution_cell (id));
INSERT INTO alembic_version VALUES ('724cde206c17');
"""


def old_gradebook(db: Path, course: dict[str, dict[str, float]]) -> None:
    """An nbgrader 0.5 gradebook of ``course`` ({assignment: {grade cell: points}}, one notebook of the
    assignment's name each): student ada handed in the first, with a manual score on its first test
    cell and a comment."""
    con = sqlite3.connect(str(db))
    con.executescript(SCHEMA_05)
    for k, (assignment, tests) in enumerate(course.items()):
        con.execute("INSERT INTO assignment VALUES (?, ?, '2026-12-01 12:00:00.000000')", (f"a{k}", assignment))
        con.execute("INSERT INTO notebook VALUES (?, ?, ?, NULL)", (f"n{k}", assignment, f"a{k}"))
        for i, (name, points) in enumerate(tests.items()):
            con.execute("INSERT INTO grade_cell VALUES (?, ?, ?, 'code', ?)", (f"g{k}{i}", name, points, f"n{k}"))
            con.execute("INSERT INTO source_cell VALUES (?, ?, 'code', 1, 'assert True', 'x', ?)",
                        (f"s{k}{i}", name, f"n{k}"))
    con.execute("INSERT INTO solution_cell VALUES ('sol', 'add', 'n0')")
    con.execute("INSERT INTO student VALUES ('ada', 'Ada', 'Lovelace', NULL)")
    con.execute("INSERT INTO submitted_assignment VALUES ('sa', 'a0', 'ada', '2026-12-01 10:00:00.000000', NULL)")
    con.execute("INSERT INTO submitted_notebook VALUES ('sn', 'sa', 'n0', 0, 0.0)")
    for i, _ in enumerate(next(iter(course.values()))):
        con.execute("INSERT INTO grade VALUES (?, 'sn', ?, 0.0, ?, NULL, 0)", (f"gr{i}", f"g0{i}", 1.5 if i == 0 else None))
    con.execute("INSERT INTO comment VALUES ('c1', 'sn', 'sol', NULL, 'see me')")
    con.commit()
    con.close()


@pytest.fixture(scope="module")
def fixture_env(tmp_path_factory):
    env = small_class.env(tmp_path_factory.mktemp("layout-cache"))
    # this module's in-process prepare() calls use its cache; the module's end gives the old value back,
    # or every later test would build the real course again in this folder (test_release paid 27 s for it)
    saved = os.environ.get("GRADER_CACHE")
    os.environ["GRADER_CACHE"] = env["GRADER_CACHE"]
    yield env
    if saved is None:
        os.environ.pop("GRADER_CACHE", None)
    else:
        os.environ["GRADER_CACHE"] = saved


def test_an_nbgrader_05_gradebook_is_upgraded_in_place_and_keeps_its_grades(tmp_path, fixture_env):
    from nbgrader.api import Gradebook

    from grader.course.build import prepare
    from grader.run.gradebook import GradebookWriter

    prep = prepare(cat.SOLUTIONS)
    db = tmp_path / "gradebook.db"
    old_gradebook(db, {stem: info.tests for stem, info in prep.infos.items()})
    writer = GradebookWriter(prep, db, redacted=False)
    writer.close()
    backups = list(tmp_path.glob("gradebook.db.*"))
    assert len(backups) == 1 and not list(tmp_path.glob("gradebook.db.old-*"))  # upgraded, not set aside
    assert "was an older nbgrader gradebook (schema 724cde206c17); upgraded in place with `nbgrader db upgrade`" \
        in writer.note and backups[0].name in writer.note
    assert nbcourse.gradebook_revision(db)[0] == nbcourse.gradebook_revision(db)[1]
    assert nbcourse.gradebook_revision(backups[0])[0] == "724cde206c17"
    with Gradebook(f"sqlite:///{db}") as gb:
        assert [s.id for s in gb.students] == ["ada"]
        nb = gb.find_submission_notebook(cat.NB1, cat.NB1, "ada")
        first = next(iter(prep.infos[cat.NB1].tests))
        assert {g.name: g.manual_score for g in nb.grades}[first] == 1.5
        assert [c.manual_comment for c in nb.comments] == ["see me"]
    assert nbcourse.upgrade_gradebook(db) == ""  # current now: nothing to do


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory, fixture_env):
    """A course made by nbgrader's own `nbgrader quickstart course101` (source/header.ipynb, ps1)."""
    base = tmp_path_factory.mktemp("quickstart")
    made = subprocess.run([sys.executable, "-m", "nbgrader", "quickstart", "course101"], cwd=base,
                          capture_output=True, text=True, timeout=300, env=fixture_env)
    assert made.returncode == 0, made.stderr[-2000:]
    return base / "course101"


def test_a_quickstart_course_is_a_course(quickstart):
    from grader.course.build import prepare

    assert (quickstart / "source" / "header.ipynb").is_file()
    assert nbcourse.course_folder(quickstart) == quickstart
    prep = prepare(quickstart / "source")
    assert prep.stems == ["ps1/problem1", "ps1/problem2"]  # the header is no assignment
    assert prep.infos["ps1/problem2"].max_score == 3.0


def test_grading_a_course_folder_names_wrong_files_and_unknown_folders(quickstart, fixture_env):
    """No kernel runs: nothing gradable was handed in, and every row says why."""
    (quickstart / "submitted" / "bob" / "ps1").mkdir(parents=True)
    (quickstart / "submitted" / "bob" / "ps1" / "problem1.html").write_text("<html></html>")
    (quickstart / "submitted" / "bob" / "hw9").mkdir()
    proc = small_class.run("grade", quickstart, "--no-sandbox", "--workers", "1", env=fixture_env)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    rows = small_class.grades(quickstart)["bob"]
    one, two = rows["ps1/problem1"], rows["ps1/problem2"]
    assert (one["status"], one["score"], two["status"]) == ("invalid", 0.0, "missing")
    assert one["message"].startswith("no ps1/problem1.ipynb in the submission; handed in instead: "
                                     "'ps1/problem1.html' (an HTML export, not the notebook)")
    for row in (one, two):
        assert "not graded: the folder(s) 'hw9'/ (not an assignment of this course: ps1)" in row["message"]


def test_the_exchange_of_a_course_with_several_notebooks_per_assignment(quickstart, fixture_env, tmp_path):
    """`grade EXCHANGE/course101 --solutions course101/source`: students, not student+assignment+time."""
    inbound = tmp_path / "exchange" / "course101" / "inbound"
    for when, page in (("2026-12-01 10:00:00.000000 UTC+AbC", "problem1.html"),
                       ("2026-12-02 10:00:00.000000 UTC+dEf", "problem2.html")):
        (inbound / f"eve+ps1+{when}").mkdir(parents=True)
        (inbound / f"eve+ps1+{when}" / page).write_text("<html></html>")
    (tmp_path / "exchange" / "course101" / "outbound").mkdir()
    out = tmp_path / "grades"
    proc = small_class.run("grade", inbound.parent, "--solutions", quickstart / "source", "--out", out,
                           "--no-sandbox", env=fixture_env)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    rows = small_class.grades(out)
    assert set(rows) == {"eve"}
    one, two = rows["eve"]["ps1/problem1"], rows["eve"]["ps1/problem2"]
    assert one["status"] == "missing" and two["status"] == "invalid"  # the later submission counts
    assert "'ps1/problem2.html' (an HTML export" in two["message"]
    for row in (one, two):
        assert "from the exchange's inbound/: ps1 submitted 2026-12-02 10:00:00 UTC" in row["message"]
    assert "read its inbound/ submissions" in proc.stdout


def test_export_course_writes_only_the_assignments_asked_for(tmp_path, fixture_env):
    dest = tmp_path / "course"
    proc = small_class.run("export-course", dest, "--assignments", "02", env=fixture_env)
    assert proc.returncode == 0, proc.stderr
    assert "with 1 assignment(s)" in proc.stdout
    assert dest.stat().st_mode & 0o777 == 0o700  # hidden tests inside: no other user of a hub reads it
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.ipynb")) == [
        f"release/{cat.NB2}/{cat.NB2}.ipynb", f"source/{cat.NB2}/{cat.NB2}.ipynb"]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{dest / 'gradebook.db'}") as gb:
        assert [a.name for a in gb.assignments] == [cat.NB2]
        assert gb.find_assignment(cat.NB2).max_score == cat.MAX2
    bad = small_class.run("export-course", tmp_path / "other", "--assignments", "0", env=fixture_env)
    assert bad.returncode == 2 and "'0' fits 2 assignments" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "other").exists()
    shutil.rmtree(dest)


def test_a_quickstart_submission_gets_nbgraders_points(quickstart, fixture_env):
    """nbgrader's own example, graded through the judge: its test that deletes ``squares`` to see that
    ``sum_of_squares`` calls it reaches the learner's kernel, a name a later test rebinds is still the learner's,
    and the points left to formgrader are named, not silently 0."""
    shutil.rmtree(quickstart / "submitted", ignore_errors=True)
    (quickstart / "submitted" / "bit" / "ps1").mkdir(parents=True)
    source = json.loads((quickstart / "source" / "ps1" / "problem1.ipynb").read_text())
    (quickstart / "submitted" / "bit" / "ps1" / "problem1.ipynb").write_text(json.dumps(source))
    lazy = copy.deepcopy(source)  # sum_of_squares without squares: the deleting test must catch it
    for cell in lazy["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "sum_of_squares":
            cell["source"] = "def sum_of_squares(n):\n    return sum(i * i for i in range(1, n + 1))\n"
    (quickstart / "submitted" / "lazy" / "ps1").mkdir(parents=True)
    (quickstart / "submitted" / "lazy" / "ps1" / "problem1.ipynb").write_text(json.dumps(lazy))
    proc = small_class.run("grade", quickstart, "--workers", "1", env=fixture_env)
    rows = small_class.grades(quickstart)
    bit, lazy_row = rows["bit"]["ps1/problem1"], rows["lazy"]["ps1/problem1"]
    assert bit["status"] == "graded", proc.stdout[-2000:] + proc.stderr[-2000:]
    automatic = ("correct_squares", "squares_invalid_input", "correct_sum_of_squares", "sum_of_squares_uses_squares")
    assert all(bit["tests"][t]["score"] == bit["tests"][t]["max_score"] > 0 for t in automatic), bit["tests"]
    assert bit["score"] == 3.0 and "3 point(s) wait for grading by hand" in bit["message"], bit
    assert lazy_row["tests"]["sum_of_squares_uses_squares"]["score"] == 0.0, lazy_row["tests"]
    assert lazy_row["tests"]["correct_sum_of_squares"]["score"] == 0.5, lazy_row["tests"]
