"""JupyterHub's configuration for the course: local Unix users, one course environment, two roles.

    jupyterhub -f tools/hub-config/jupyterhub_config.py --ip 127.0.0.1 --port 8000

Read from the environment (docs/jupyterhub.md; tests/test_hub.py sets them):

    COURSE_HUB_ENV          the course's Python environment (default: the hub's own, sys.prefix)
    COURSE_HUB_ROLES        the folder `python tools/hub.py roles` wrote (student/, instructor/)
    COURSE_HUB_STATE        where the hub keeps its database and cookie secret (default: the working folder)
    COURSE_HUB_INSTRUCTORS  user names, comma-separated: their servers get nbgrader's instructor tools
    COURSE_HUB_STUDENTS     user names, comma-separated: their servers get the student's tools only

Users log in with their Unix password (PAM) and each server runs as that user
(LocalProcessSpawner, the hub runs as root); a name in neither list cannot log in.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub's configuration loader defines it

env = Path(os.environ.get("COURSE_HUB_ENV", sys.prefix))
roles = Path(os.environ["COURSE_HUB_ROLES"])
state = Path(os.environ.get("COURSE_HUB_STATE", "."))


def _names(variable):
    return {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}


instructors, students = _names("COURSE_HUB_INSTRUCTORS"), _names("COURSE_HUB_STUDENTS")

c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False  # no login session (utmp, systemd-logind) for a web login
c.Authenticator.allowed_users = instructors | students
c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [str(env / "share" / "cnn-course-hub" / "node_modules" / ".bin"
                                       / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
c.Spawner.cmd = [str(env / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120  # a busy machine imports JupyterLab slowly
c.Spawner.start_timeout = 120


def _role(spawner):
    """Put the user's role folder first on JUPYTER_CONFIG_PATH and the course's programs first on PATH."""
    role = "instructor" if spawner.user.name in instructors else "student"
    spawner.environment["JUPYTER_CONFIG_PATH"] = str(roles / role)
    spawner.environment["PATH"] = os.pathsep.join([str(env / "bin"), "/usr/local/bin", "/usr/bin", "/bin"])


c.Spawner.pre_spawn_hook = _role
