# JupyterHub configuration of `make classroom`: one class on one machine (docs/classroom.md).
#
# Started by scripts/classroom/launch.py, which passes every setting as a CLASS_* environment
# variable (so this file holds no secret and no machine-specific path) and generates the secrets
# per install in the state folder (.classroom/ by default, ignored by git, mode 0700).
#
# Users, two modes (docs/decisions/0062):
#   system  (the default as root, needed for a real class): each student is a Unix account
#           CLASS_USER_PREFIX + name (created by `useradd` at first start, no login shell, home 0700);
#           the hub (root) starts their server with setuid, so students cannot read each other's files.
#   shared  (the default when not root; tests, or a teacher trying the hub alone): every server runs
#           as the hub's own user in CLASS_HOMES/<name> (JupyterHub's SimpleLocalProcessSpawner). No
#           isolation between students on disk; the launcher refuses it on any address but loopback.
import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

from jupyterhub.handlers.base import BaseHandler
from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner, set_user_setuid
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler as NativeLoginHandler
from tornado import web

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

env = os.environ
STATE = Path(env["CLASS_STATE"])
VENV_BIN = Path(env["CLASS_VENV_BIN"])
MODE = env.get("CLASS_USERS", "system")
PREFIX = env.get("CLASS_USER_PREFIX", "class-")
HOMES = Path(env["CLASS_HOMES"])
TEACHER = env.get("CLASS_TEACHER", "teacher")
MAX_SERVERS = int(env.get("CLASS_MAX_SERVERS", "0"))
# Student names: lower-case letters, digits, '-' and '_', starting with a letter (also a valid
# Unix account name once CLASS_USER_PREFIX is put in front).
USERNAME_PATTERN = r"^[a-z][a-z0-9_-]{1,23}$"

# ---- network: the public side binds where the launcher says (127.0.0.1 unless --ip); the hub's
# API and the proxy's API stay on loopback, on ports the launcher chose free.
c.JupyterHub.bind_url = f"http://{env.get('CLASS_IP', '127.0.0.1')}:{env['CLASS_PORT']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env["CLASS_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['CLASS_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [env["CLASS_PROXY_CMD"]]
c.ConfigurableHTTPProxy.should_start = True

# ---- secrets, generated per install by the launcher (never in the repository)
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.auth_token = (STATE / "proxy_auth_token").read_text().strip()
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # Ctrl-C stops the students' servers too; their files stay


# ---- authentication: NativeAuthenticator (accounts and bcrypt hashes in the hub's database)
class ClassAuthenticator(NativeAuthenticator):
    """NativeAuthenticator, plus the class's size limit at login.

    A student whose server is not running is refused at login, with a message saying why, once
    ``CLASS_MAX_SERVERS`` servers run (the size the load test measured): the class is not slowed
    for everyone. The teacher (admin) is never refused.
    """

    def validate_username(self, username):
        return bool(re.fullmatch(USERNAME_PATTERN, username)) and super().validate_username(username)

    def get_handlers(self, app):
        # NativeAuthenticator 1.3.0's login page cannot show an error raised during login
        # (HTTP 500 or an empty page instead of the message); _LoginHandler changes only that.
        handlers = super().get_handlers(app)
        return [(path, _LoginHandler if handler is NativeLoginHandler else handler)
                for path, handler in handlers]


class _LoginHandler(NativeLoginHandler):
    # An error raised during login (the class is full) is shown on JupyterHub's own error page:
    # NativeLoginHandler cannot render it into its login form (its _render takes no ``sync``).
    def render_template(self, name, **ns):
        if name == "error.html":
            return BaseHandler.render_template(self, name, **ns)
        return super().render_template(name, **ns)


def refuse_when_full(authenticator, handler, authentication):
    if not MAX_SERVERS or authentication is None:
        return authentication
    name = authentication["name"]
    user = handler.users.get(name) if hasattr(handler.users, "get") else None
    running = user is not None and any(s.active for s in user.spawners.values())
    if name in authenticator.admin_users or running:
        return authentication
    active = student_servers(handler.users, authenticator.admin_users)
    if active >= MAX_SERVERS:
        handler.log.warning("class full: %s of %s servers running; refused %s", active, MAX_SERVERS, name)
        idle = int(env.get("CLASS_CULL_TIMEOUT", "3600")) // 60
        raise web.HTTPError(
            503, f"The class is full: {active} of {MAX_SERVERS} student servers are running, the most "
                 "this machine serves without slowing everyone down. Try again when a classmate's "
                 f"server has stopped (a server nobody uses stops after {idle} minutes), or ask your "
                 "teacher to stop one.")
    return authentication


def student_servers(users, admins) -> int:
    """Servers running or starting for students (the teacher's own server takes no place)."""
    return sum(1 for user in users.values() if user.name not in admins
               for spawner in user.spawners.values() if spawner.active)


c.JupyterHub.authenticator_class = ClassAuthenticator
c.Authenticator.admin_users = {TEACHER}
c.Authenticator.post_auth_hook = refuse_when_full
c.NativeAuthenticator.open_signup = env.get("CLASS_OPEN_SIGNUP") == "1"  # default: the teacher approves
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 120
c.JupyterHub.admin_access = False  # the teacher cannot open students' servers (their files stay theirs)
# NativeAuthenticator itself admits only accounts the teacher approved (is_authorized) with the
# right password; every account it admits may use the hub.
c.Authenticator.allow_all = True

# ---- the students' servers: JupyterLab from the course's one installed environment (.venv: the
# course package, its data and nbgitpuller, installed once for everyone)
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
repo, branch, folder = env["CLASS_REPO"], env.get("CLASS_BRANCH", "main"), env["CLASS_FOLDER"]
first_page = f"lab/tree/{folder}/{env.get('CLASS_FIRST_PAGE', 'chapters/01-origins.md')}"
# First login (and every later one): nbgitpuller copies the course into ~/<folder>, or merges the
# teacher's new commits into it without overwriting what the student changed.
from urllib.parse import urlencode  # noqa: E402

c.Spawner.default_url = "/git-pull?" + urlencode(
    {"repo": repo, "branch": branch, "targetpath": folder, "urlpath": first_page}, safe="/")
c.Spawner.environment = {
    # nbgitpuller clones the local course repository, which the student does not own: git only
    # accepts that when told so in a global config (safe.directory), written by the launcher.
    "GIT_CONFIG_GLOBAL": str(Path(env["CLASS_GITCONFIG"])),
    "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
    "MPLBACKEND": "Agg",
}
c.Spawner.env_keep = ["LANG", "LC_ALL", "TZ"]


def _account(name: str) -> str:
    return PREFIX + name


class SystemUserSpawner(LocalProcessSpawner):
    """Each student's server runs as the Unix account ``CLASS_USER_PREFIX + name``.

    The prefix keeps a hub name such as ``root`` or ``daemon`` from ever meaning an existing
    system account. The account is created at first start (``useradd``: own group, no login
    shell, home ``CLASS_HOMES/<account>`` with mode 0700).
    """

    def make_preexec_fn(self, name):
        return set_user_setuid(_account(name))

    def user_env(self, env):
        entry = pwd.getpwnam(_account(self.user.name))
        env["USER"] = entry.pw_name
        env["HOME"] = entry.pw_dir
        return env


def ensure_account(spawner):
    account = _account(spawner.user.name)
    try:
        entry = pwd.getpwnam(account)
    except KeyError:
        home = HOMES / account
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/usr/sbin/nologin",
                        "--user-group", "--comment", f"course student {spawner.user.name}", account],
                       check=True, capture_output=True)
        entry = pwd.getpwnam(account)
    if entry.pw_uid < 1000:
        raise web.HTTPError(500, f"Unix account {account} is a system account; refusing to start it.")
    os.chmod(entry.pw_dir, 0o700)


class SharedUserSpawner(SimpleLocalProcessSpawner):
    """Test mode: every server runs as the hub's user, in ``CLASS_HOMES/<name>`` (mode 0700)."""

    def make_preexec_fn(self, name):
        home = self.home_dir

        def preexec():
            os.makedirs(home, 0o700, exist_ok=True)
            os.chdir(home)
        return preexec


if MODE == "system":
    c.JupyterHub.spawner_class = SystemUserSpawner
    c.Spawner.pre_spawn_hook = ensure_account
else:
    c.JupyterHub.spawner_class = SharedUserSpawner
    c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
    if os.geteuid() == 0:  # shared mode as root (tests only): Jupyter refuses root without this flag
        c.Spawner.args = ["--allow-root"]

# ---- the class's size: refused at login above (students only); the spawn limit is one more,
# room for the teacher's own server (a second safeguard, e.g. for a student whose login is still
# valid: JupyterHub's "Active user limit exceeded" page), and at most 5 servers start at once.
c.JupyterHub.active_server_limit = MAX_SERVERS + 1 if MAX_SERVERS else 0
c.JupyterHub.concurrent_spawn_limit = int(env.get("CLASS_CONCURRENT_SPAWNS", "5"))

# ---- idle servers are stopped by jupyterhub-idle-culler (files stay; the next login restarts)
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={env.get('CLASS_CULL_TIMEOUT', '3600')}",
                f"--cull-every={env.get('CLASS_CULL_EVERY', '300')}"],
}]
# The hub's own activity bookkeeping runs often enough for the culler to see idle servers.
c.JupyterHub.last_activity_interval = int(env.get("CLASS_ACTIVITY_INTERVAL", "300"))

# ---- tests and the load test only: a service token with the scopes they check with
if env.get("CLASS_TEST_SERVICE_TOKEN"):
    c.JupyterHub.services.append({"name": "class-test", "api_token": env["CLASS_TEST_SERVICE_TOKEN"]})
    c.JupyterHub.load_roles.append({
        "name": "class-test", "services": ["class-test"],
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]})
