"""`grade --shard I/N` and `merge`: three shards merged equal one unsharded run.

The small class (tests/small_class.py) is graded once whole and once in three
shards through the real `python -m grader`; the merged output must hold the
same rows (scores, statuses, messages), the same grades.csv, the same
feedback and autograded files and the same gradebook scores. Merge refuses
shards of different course versions and students in two shards.
"""

from __future__ import annotations

import json
import shutil

import pytest

from grader.run.shard import parse_shard, shard_of
from grader.sandbox import cgroups
from tests import small_class as sc


def test_shards_are_stable_and_cover_every_student():
    names = [f"student {i}" for i in range(300)] + list(sc.NAMES)
    split = [shard_of(n, 3) for n in names]
    assert set(split) == {1, 2, 3}
    assert split == [shard_of(n, 3) for n in names]  # deterministic
    assert min(split.count(i) for i in (1, 2, 3)) > 60  # roughly even
    assert shard_of("Zoe\u0308", 7) == shard_of("Zoë", 7)  # NFC: the id as grade normalises it
    # a fixed value: the split must not change between versions, or a re-run regrades another share
    assert [shard_of(f"s{i}", 4) for i in range(8)] == [4, 4, 3, 1, 4, 1, 1, 3]
    assert parse_shard("2/8") == (2, 8)
    for bad in ("0/3", "4/3", "1/0", "a/b", "3"):
        with pytest.raises(ValueError):
            parse_shard(bad)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("shards")
    env = sc.env(base / "cache")
    klass = sc.build(base, env)
    whole = base / "whole"
    proc = sc.run("grade", klass, "--out", whole, "--workers", "2", *sc.LIMITS, env=env)
    assert proc.returncode in (0, 1) and (whole / "grades.json").exists(), proc.stderr[-3000:]
    shards = []
    for i in (1, 2, 3):
        out = base / f"shard{i}"
        proc = sc.run("grade", klass, "--out", out, "--workers", "2", "--shard", f"{i}/3", *sc.LIMITS, env=env)
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        shards.append(out)
    merged = base / "merged"
    proc = sc.run("merge", *shards, "--out", merged, env=env)
    return {"base": base, "env": env, "class": klass, "whole": whole, "shards": shards, "merged": merged,
            "merge": proc}


@pytest.mark.slow
def test_each_shard_grades_only_its_share(runs):
    seen = set()
    for i, out in enumerate(runs["shards"], start=1):
        students = set(sc.grades(out))
        assert students, f"shard {i} is empty; the test class should fill every shard"
        assert all(shard_of(s, 3) == i for s in students)
        assert not seen & students
        seen |= students
        state = json.loads((out / ".grader-state.json").read_text(encoding="utf-8"))
        assert state["shard"] == [i, 3]
    assert seen == set(sc.NAMES)


@pytest.mark.slow
def test_merged_shards_equal_one_run(runs):
    proc, whole, merged = runs["merge"], runs["whole"], runs["merged"]
    assert proc.returncode == 1, proc.stderr  # the class has notebooks that crashed or are invalid
    assert "merged 3 shard(s), 12 student(s)" in proc.stdout
    one, joined = sc.grades(whole), sc.grades(merged)
    assert set(joined) == set(sc.NAMES)
    sc.assert_same_rows(one, joined)
    assert joined["good"]["01_fixture_add"]["score"] == 5.0  # the class is not all zeros
    assert joined["exits its kernel"]["01_fixture_add"]["status"] == "crashed"
    assert (merged / "grades.csv").read_text(encoding="utf-8") == (whole / "grades.csv").read_text(encoding="utf-8")
    for sub in ("feedback", "autograded"):
        assert sc.files(merged, sub) == sc.files(whole, sub) != set()
    assert sc.gradebook(merged) == sc.gradebook(whole)
    assert len(sc.gradebook(merged)) > 10
    recorded = [json.loads((f / "grades.json").read_text(encoding="utf-8"))["memory_limit"]
                for f in (whole, merged)]
    assert recorded == [cgroups.method()] * 2  # how kernels' memory was limited survives the merge


@pytest.mark.slow
def test_a_merged_folder_resumes_like_one_run(runs):
    out = runs["base"] / "resumed"
    shutil.copytree(runs["merged"], out)
    proc = sc.run("grade", runs["class"], "--out", out, "--workers", "2", *sc.LIMITS, env=runs["env"])
    assert "graded 0 notebook(s)" in proc.stdout, proc.stdout[-2000:]


@pytest.mark.slow
def test_merge_refuses_other_course_versions_and_overlaps(runs, tmp_path):
    s1, s2, s3 = runs["shards"]
    other = tmp_path / "other"
    shutil.copytree(s2, other)
    state = json.loads((other / ".grader-state.json").read_text(encoding="utf-8"))
    state["course"] = "0123456789abcdef0123"
    (other / ".grader-state.json").write_text(json.dumps(state), encoding="utf-8")
    proc = sc.run("merge", s1, other, s3, "--out", tmp_path / "m1", env=runs["env"])
    assert proc.returncode == 2 and "another version of the course" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    again = tmp_path / "again"
    shutil.copytree(s1, again)
    proc = sc.run("merge", s1, s2, again, "--out", tmp_path / "m2", env=runs["env"])
    assert proc.returncode == 2 and "is in both" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = sc.run("merge", s1, tmp_path / "nothing", "--out", tmp_path / "m3", env=runs["env"])
    assert proc.returncode == 2 and "nothing" in proc.stderr and "Traceback" not in proc.stderr
    proc = sc.run("grade", runs["class"], "--out", s1, "--shard", "2/3", *sc.LIMITS, env=runs["env"])
    assert proc.returncode == 2 and "another --out for each shard" in proc.stderr, proc.stderr


@pytest.mark.slow
def test_a_merge_again_keeps_the_gradebook_and_agrees_with_nbgrader_export(runs):
    """Formgrader's work in the merged gradebook survives merging the shards again, and a resumed `grade`:
    grades.json and grades.csv follow the gradebook (the real `nbgrader export`), the feedback page of
    the hand-graded notebook is made again, a student removed there stays out, one added there is missing."""
    from nbgrader.api import Gradebook

    out = runs["base"] / "regraded by hand"
    shutil.copytree(runs["merged"], out)
    nb1 = "01_fixture_add"
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:  # as formgrader does
        nb = gb.find_submission_notebook(nb1, nb1, "partly right")
        low = next(g for g in nb.grades if (g.auto_score or 0) < g.max_score)
        low.manual_score = low.max_score  # the instructor reads the code and gives the points
        low_name, low_max = low.name, float(low.max_score)
        nb.grades[0].extra_credit = 1.5
        nb.comments[0].manual_comment = "see me about the stride"
        gb.remove_student("untouched")  # nbgrader db student remove
        gb.add_student("never came")  # nbgrader db student add: no submission
    before = sc.grades(runs["merged"])["partly right"][nb1]["score"]
    proc = sc.run("merge", *runs["shards"], "--out", out, env=runs["env"])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "left out 1 student(s) removed" in proc.stdout and "made 1 feedback page(s) again" in proc.stdout
    rows = sc.grades(out)
    assert "untouched" not in rows and "untouched" not in (out / "grades.csv").read_text(encoding="utf-8")
    assert {r["status"] for r in rows["never came"].values()} == {"missing"}
    assert sum(r["score"] for r in rows["never came"].values()) == 0
    mine = rows["partly right"][nb1]
    assert mine["score"] > before and mine["tests"][low_name]["score"] == low_max
    assert "graded by hand" in mine["message"]
    exported = sc.nbgrader_export(out / "gradebook.db", out, runs["env"])
    assert exported[(nb1, "partly right")][0] == mine["score"]
    sc.assert_agrees_with_export(out, exported)
    page = (out / "feedback" / "partly right" / nb1 / f"{nb1}.html").read_text(encoding="utf-8")
    assert "see me about the stride" in page
    assert not (out / "feedback" / "untouched").exists()

    again = sc.run("grade", runs["class"], "--out", out, "--workers", "2", *sc.LIMITS, env=runs["env"])
    assert "graded 0 notebook(s)" in again.stdout, again.stdout[-2000:]
    assert "left out 1 student(s) removed from the gradebook" in again.stdout
    sc.assert_agrees_with_export(out, sc.nbgrader_export(out / "gradebook.db", out, runs["env"]))
    assert sc.grades(out)["partly right"][nb1] == mine
