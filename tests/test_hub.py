"""The course on a real JupyterHub: three students hand in through nbgrader's exchange, an instructor grades.

What it does, step by step (docs/jupyterhub.md describes the same set-up for a
real hub; marker ``hub``; root only, since it makes Unix users and the hub
starts servers as them; skipped with the reason elsewhere):

1. Makes four local Unix users with useradd (an instructor and three students,
   homes under a temporary folder, random passwords) and removes them at the end.
2. Makes nbgrader's exchange (tools/hub.py: 0777, as nbgrader's docs say) and the
   role folders (tools/hub.py roles) that the hub puts first on each user's
   JUPYTER_CONFIG_PATH.
3. As the instructor (not root): `python -m grader export-course ~/cnn-course
   --assignments 01_images_and_kernels`, then `nbgrader release_assignment`.
4. Starts JupyterHub (tools/hub-config/jupyterhub_config.py: PAM login,
   LocalProcessSpawner, configurable-http-proxy from tools/install.py) on
   127.0.0.1 on free ports.
5. Each student logs in through the hub's login form with their Unix password,
   waits for their server, and does what nbgrader's Assignments tab does when
   clicked: POST assignments/fetch, then saves their notebook with the contents
   API (the solutions, untouched, or the solutions with one plausible mistake
   from tests/mistakes), then POST assignments/submit. Their servers answer 404
   for formgrader, the course list and Validate.
6. As the instructor: `nbgrader collect`, then `python -m grader grade ~/cnn-course`
   (sandbox on). The gradebook holds full marks, 0 and a partial score.
7. In Debian's Chromium (headless): a student's JupyterLab shows the Nbgrader
   menu with the assignment list only and no Validate button; the instructor
   logs in through the hub and opens formgrader, which lists the three
   submissions (test-artifacts/hub/*.png).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests import browser_utils as bu

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import hub  # noqa: E402 - tools/hub.py, the hub's set-up

sys.path.pop(0)

pytestmark = [pytest.mark.hub, pytest.mark.slow]  # slow: `make test-fast` leaves it out
ENV = Path(sys.prefix)
NB = "01_images_and_kernels"
COURSE = "cnn-course"
INSTRUCTOR = "cnnhub-teach"
STUDENTS = {"cnnhub-ana": "solved", "cnnhub-ben": "untouched", "cnnhub-cai": "one mistake"}
ARTIFACTS = ROOT / "test-artifacts" / "hub"
TIMINGS: dict[str, float] = {}


def _require():
    """Skip (fail in CI, where everything must run) when this machine cannot run the hub."""
    if os.geteuid() != 0:
        pytest.skip("the hub test makes Unix users and starts servers as them: it runs as root (CI does)")
    for program in ("useradd", "userdel", "chpasswd"):
        if shutil.which(program) is None:
            bu.skip_or_fail(f"{program} is missing: the hub test makes local Unix users (Debian: passwd)")
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        bu.skip_or_fail("jupyterhub is not installed: `pip install -e .[hub]` (tools/install.py does)")
    if not hub.proxy_program(ENV).exists():
        bu.skip_or_fail(f"JupyterHub's proxy is missing at {hub.proxy_program(ENV)}: "
                        f"`{sys.executable} tools/hub.py proxy` installs it with npm")
    from grader.sandbox.probe import probe

    why = probe()
    if why:
        bu.skip_or_fail(f"the grader's sandbox cannot be built here: {why}")


def _make_user(name: str, homes: Path) -> tuple[pwd.struct_passwd, str]:
    if name in {p.pw_name for p in pwd.getpwall()}:  # left behind by a run that was killed
        subprocess.run(["userdel", name], capture_output=True)
    # HOME_MODE 0700, as docs/jupyterhub.md asks of a hub image: Debian's default umask (022) leaves
    # homes readable by all, the instructor's course (hidden tests, gradebook) and students' work too
    done = subprocess.run(["useradd", "--create-home", "--home-dir", str(homes / name), "--shell", "/bin/bash",
                           "--user-group", "-K", "HOME_MODE=0700", name], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"useradd could not make {name}: {done.stderr.strip()}")
    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)
    return pwd.getpwnam(name), password


def _user_env(user: pwd.struct_passwd, role: Path) -> dict:
    """What a terminal on that user's hub server has: the course's programs first, the role's config."""
    return {"HOME": user.pw_dir, "USER": user.pw_name, "LOGNAME": user.pw_name, "LANG": "C.UTF-8",
            "PATH": os.pathsep.join([str(ENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
            "JUPYTER_CONFIG_PATH": str(role)}


def _as(user: pwd.struct_passwd, role: Path, *cmd, cwd: Path | None = None, timeout: float = 600):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd or user.pw_dir,
                          env=_user_env(user, role), timeout=timeout, user=user.pw_uid, group=user.pw_gid,
                          extra_groups=[])


def _ok(proc: subprocess.CompletedProcess, what: str) -> str:
    assert proc.returncode == 0, f"{what} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _end_processes_of(uids: set[int]) -> None:
    """SIGKILL what the test's users still run (kernels, servers the hub did not stop): userdel refuses else."""
    import psutil

    for proc in psutil.process_iter(["uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real in uids:
                proc.send_signal(signal.SIGKILL)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass


class Browser:
    """A requests session that logs in through the hub's form, as a user's browser does."""

    def __init__(self, base: str, name: str, password: str, log: Path):
        import requests

        self.base, self.name, self.log, self.http = base, name, log, requests.Session()
        page = self.http.get(f"{base}/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        form = {"username": name, "password": password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
        done = self.http.post(f"{base}/hub/login", data=form, timeout=120)
        assert done.status_code == 200 and "/hub/login" not in done.url, (name, done.status_code, done.url)

    def wait_for_server(self, timeout: float = 240) -> None:
        """Until the user's server answers its own API (the hub spawns it after the login)."""
        deadline, last = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            # JupyterLab's page, as a browser opens it: it also sets the server's _xsrf cookie, which
            # every API request authenticated by a cookie must echo (JupyterHub 4 and later)
            r = self.http.get(f"{self.base}/user/{self.name}/lab", timeout=60)
            if r.status_code == 200 and r.url.split("?")[0].endswith(f"/user/{self.name}/lab"):
                return
            last = f"{r.status_code} {r.url}"
            time.sleep(1)
        pytest.fail(f"{self.name}'s server did not answer within {timeout:.0f} s (last: {last})\n"
                    f"--- hub log ---\n{bu.tail(self.log)}")

    def _xsrf(self) -> dict:
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path.startswith(f"/user/{self.name}"):
                return {"X-XSRFToken": cookie.value}
        return {}

    def user(self, method: str, path: str, **kw):
        return self.http.request(method, f"{self.base}/user/{self.name}/{path}", headers=self._xsrf(),
                                 timeout=120, **kw)


@pytest.fixture(scope="module")
def hub_class():
    """Runs steps 1 to 6 of the module's docstring once; yields what the tests look at."""
    _require()
    base = Path(tempfile.mkdtemp(prefix="cnn-hub-"))  # not pytest's root-only folder: the users reach it
    base.chmod(0o755)
    homes, state = base / "home", base / "state"
    homes.mkdir()
    state.mkdir(mode=0o700)
    made: list[str] = []
    hub_proc = None
    t0 = time.monotonic()
    try:
        teach, teach_password = _make_user(INSTRUCTOR, homes)
        made.append(INSTRUCTOR)
        students = {}
        for name in STUDENTS:
            students[name] = _make_user(name, homes)
            made.append(name)
        exchange = hub.make_exchange(base / "exchange")
        roles = hub.write_roles(base / "roles", exchange)

        course = Path(teach.pw_dir) / COURSE
        _ok(_as(teach, roles["instructor"], sys.executable, "-m", "grader", "export-course", course,
                "--course-id", COURSE, "--assignments", NB), "export-course")
        # the instructor's own nbgrader configuration, where nbgrader's docs put it (~/.jupyter)
        jupyter_dir = Path(teach.pw_dir) / ".jupyter"
        jupyter_dir.mkdir()
        (jupyter_dir / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
            f"c.CourseDirectory.course_id = {COURSE!r}\n", encoding="utf-8")
        for path in (jupyter_dir, jupyter_dir / "nbgrader_config.py"):
            os.chown(path, teach.pw_uid, teach.pw_gid)
        _ok(_as(teach, roles["instructor"], ENV / "bin" / "nbgrader", "release_assignment", NB, cwd=course),
            "nbgrader release_assignment")
        modes = {p: oct((exchange / p).stat().st_mode & 0o7777) for p in
                 ("", COURSE, f"{COURSE}/outbound", f"{COURSE}/inbound")}

        t_hub = time.monotonic()
        port = bu.free_port()
        url = f"http://127.0.0.1:{port}"
        log = base / "jupyterhub.log"
        env = dict(os.environ, COURSE_HUB_ENV=str(ENV), COURSE_HUB_ROLES=str(base / "roles"),
                   COURSE_HUB_STATE=str(state), COURSE_HUB_INSTRUCTORS=INSTRUCTOR,
                   COURSE_HUB_STUDENTS=",".join(STUDENTS))
        with open(log, "wb") as out:
            hub_proc = subprocess.Popen(
                [str(ENV / "bin" / "jupyterhub"), "-f", str(ROOT / "tools" / "hub-config" / "jupyterhub_config.py"),
                 "--ip", "127.0.0.1", "--port", str(port), f"--JupyterHub.hub_port={bu.free_port()}",
                 f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{bu.free_port()}"],
                cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        bu.wait_for_http(f"{url}/hub/api", hub_proc, log, timeout=120)
        TIMINGS["users, export-course, release"] = t_hub - t0
        TIMINGS["hub start"] = time.monotonic() - t_hub

        from grader.course import fill
        from tests.mistakes.nb01 import MISTAKES

        source = json.loads((ROOT / "solutions" / f"{NB}.ipynb").read_text(encoding="utf-8"))
        mistake = MISTAKES[0]
        seen: dict[str, dict] = {}
        t1 = time.monotonic()
        sessions = {name: Browser(url, name, password, log) for name, (_, password) in students.items()}
        for name, session in sessions.items():
            session.wait_for_server()
            fetched = session.user("POST", "assignments/fetch", data={"course_id": COURSE, "assignment_id": NB})
            path = f"{COURSE}/{NB}/{NB}.ipynb"
            got = session.user("GET", f"api/contents/{path}", params={"content": "1"})
            nb = got.json()["content"] if got.status_code == 200 else None
            if nb is not None and STUDENTS[name] != "untouched":
                nb = fill.filled(nb, source, {mistake.cell: mistake.source} if STUDENTS[name] == "one mistake"
                                 else None)
                saved = session.user("PUT", f"api/contents/{path}", json={"type": "notebook", "content": nb})
                assert saved.status_code in (200, 201), (name, saved.status_code, saved.text[:500])
            submitted = session.user("POST", "assignments/submit", data={"course_id": COURSE, "assignment_id": NB})
            seen[name] = {
                "fetch": (fetched.status_code, fetched.text), "notebook": nb,
                "submit": (submitted.status_code, submitted.text),
                "formgrader": session.user("GET", "formgrader").status_code,
                "course list": session.user("GET", "formgraders").status_code,
                "validate": session.user("POST", "assignments/validate", data={"path": path}).status_code,
                "lab": session.user("GET", "lab").text,
            }
        TIMINGS["three students log in, fetch, work and submit"] = time.monotonic() - t1
        ana = students["cnnhub-ana"][0]
        peeks = {what: _as(ana, roles["student"], "ls", path).returncode for what, path in
                 {"the instructor's course": course / "source", "another student's home": students["cnnhub-ben"][0].pw_dir,
                  "the exchange's inbound": exchange / COURSE / "inbound"}.items()}

        t2 = time.monotonic()
        collect = _as(teach, roles["instructor"], ENV / "bin" / "nbgrader", "collect", NB, cwd=course)
        grade = _as(teach, roles["instructor"], sys.executable, "-m", "grader", "grade", course, cwd=course,
                    timeout=900)
        TIMINGS["collect and grade (sandboxed, as the instructor)"] = time.monotonic() - t2
        yield {"base": base, "url": url, "log": log, "exchange": exchange, "modes": modes, "course": course,
               "teach": teach, "teach_password": teach_password, "students": students, "seen": seen,
               "collect": collect, "grade": grade, "mistake": mistake, "sessions": sessions, "peeks": peeks}
    finally:
        if hub_proc is not None:
            bu.stop_process_group(hub_proc)
        uids = set()
        for name in made:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        _end_processes_of(uids)
        for name in made:
            subprocess.run(["userdel", name], capture_output=True)
            subprocess.run(["groupdel", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
        print("hub test timings:", {k: round(v, 1) for k, v in TIMINGS.items()})


def test_the_exchange_has_nbgraders_permissions(hub_class):
    assert hub_class["modes"] == {"": "0o777", COURSE: "0o755", f"{COURSE}/outbound": "0o755",
                                  f"{COURSE}/inbound": "0o2733"}, hub_class["modes"]


def test_students_fetch_and_submit_through_their_hub_servers(hub_class):
    for name, seen in hub_class["seen"].items():
        code, text = seen["fetch"]
        assert code == 200, (name, code, text[:500])
        assert seen["notebook"] is not None, f"{name} fetched nothing into ~/{COURSE}/{NB}"
        code, text = seen["submit"]
        assert code == 200 and '"success": false' not in text, (name, code, text[:500])
        answer = json.loads(text)  # nbgrader's assignment list: {"success": true, "value": [...]}
        listed = {(a["assignment_id"], a["status"]) for a in answer["value"]}
        assert (NB, "submitted") in listed, (name, listed)


def test_students_servers_have_no_instructor_tools(hub_class):
    for name, seen in hub_class["seen"].items():
        assert (seen["formgrader"], seen["course list"], seen["validate"]) == (404, 404, 404), (name, seen)
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>\s*(\{.*?\})\s*</script>',
                                      seen["lab"], re.S).group(1))
        disabled = set(config.get("disabledExtensions", []))
        for plugin in hub.STUDENT_HIDDEN_PLUGINS:
            assert f"{hub.NBGRADER_LAB}:{plugin}" in disabled, (name, plugin, sorted(disabled))
        assert hub.NBGRADER_LAB not in disabled and f"{hub.NBGRADER_LAB}:assignment-list" not in disabled


def test_students_cannot_look_at_the_course_or_each_other(hub_class):
    assert all(code != 0 for code in hub_class["peeks"].values()), hub_class["peeks"]


def test_the_instructor_collects_and_grades_sandboxed_as_an_ordinary_user(hub_class):
    _ok(hub_class["collect"], "nbgrader collect")
    course = hub_class["course"]
    _ok(hub_class["grade"], "python -m grader grade")
    assert {p.name for p in (course / "submitted").iterdir()} == set(STUDENTS)
    teach = hub_class["teach"]
    for name in STUDENTS:
        graded = course / "autograded" / name / NB / f"{NB}.ipynb"
        assert graded.exists() and graded.stat().st_uid == teach.pw_uid, graded
        assert (course / "feedback" / name / NB / f"{NB}.html").exists()
    grades = json.loads((course / "grades.json").read_text(encoding="utf-8"))
    assert grades["sandbox"] is True
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        top = gb.find_assignment(NB).max_score
        scores = {name: gb.find_submission(NB, name).score for name in STUDENTS}
        lost = {g.name: g.score < g.max_score for g in gb.find_submission_notebook(NB, NB, "cnnhub-cai").grades}
    assert scores["cnnhub-ana"] == top > 0, scores
    assert scores["cnnhub-ben"] == 0, scores
    assert 0 < scores["cnnhub-cai"] < top, scores
    assert all(lost[cell] for cell in hub_class["mistake"].loses), (hub_class["mistake"].name, lost)
    for name in STUDENTS:
        assert grades["students"][name][NB]["score"] == scores[name], (name, grades["students"][name])


def _login(page, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf".*/user/{name}/.*"), timeout=240_000)


@pytest.mark.browser
def test_in_chromium_students_see_no_instructor_tools_and_formgrader_lists_the_class(hub_class):
    chromium = bu.require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url, t0 = hub_class["url"], time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=bu.CHROMIUM_ARGS, headless=True)
        try:
            student = "cnnhub-ana"
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            _login(page, url, student, hub_class["students"][student][1])
            page.goto(f"{url}/user/{student}/lab/tree/{COURSE}/{NB}/{NB}.ipynb", wait_until="domcontentloaded")
            page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=180_000)
            assert page.locator(".jp-NotebookPanel .validate-button").count() == 0
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
            page.screenshot(path=str(ARTIFACTS / "student-lab.png"))
            assert any("Assignment List" in i for i in items), items
            assert not [i for i in items if re.search(r"Formgrader|Course List|Create Assignment", i)], items

            teach = hub_class["teach"].pw_name
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            _login(page, url, teach, hub_class["teach_password"])
            page.goto(f"{url}/user/{teach}/formgrader/manage_assignments", wait_until="domcontentloaded")
            row = page.locator("tr", has_text=NB).first
            row.wait_for(timeout=120_000)
            page.screenshot(path=str(ARTIFACTS / "instructor-formgrader.png"))
            cells = [t.strip() for t in row.locator("td").all_inner_texts()]
            assert str(len(STUDENTS)) in cells, cells  # the number of submissions
            page.goto(f"{url}/user/{teach}/formgrader/manage_students", wait_until="domcontentloaded")
            page.locator("tr", has_text="cnnhub-ana").first.wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "instructor-students.png"))
            assert all(page.locator("tr", has_text=name).count() for name in STUDENTS)
        finally:
            browser.close()
    TIMINGS["chromium: student lab, instructor formgrader"] = time.monotonic() - t0
