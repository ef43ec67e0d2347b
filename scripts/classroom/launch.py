#!/usr/bin/env python3
"""`make classroom`: a JupyterHub for one class on one machine (docs/classroom.md).

Sets up (once) the pinned hub packages (requirements-classroom.txt) into the course's .venv and
configurable-http-proxy (npm, scripts/classroom/package-lock.json) into the state folder, writes
the per-install secrets, starts JupyterHub with scripts/classroom/jupyterhub_config.py, creates
the teacher's account on first start, and stays in the foreground (Ctrl-C stops the hub and the
students' servers; their files stay).

    .venv/bin/python scripts/classroom/launch.py [--ip 127.0.0.1] [--port 8020] [--users system|shared]

Only loopback by default; ``--ip 0.0.0.0`` (or the machine's school-network address) serves the
class over the network, in ``system`` mode only (each student a Unix account).
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VENV_BIN = Path(sys.executable).parent
CONFIG = HERE / "jupyterhub_config.py"
REQUIREMENTS = ROOT / "requirements-classroom.txt"
STAMP = VENV_BIN.parent / ".classroom-installed"
# The most student servers at once: the largest class whose p95 live update stayed within 250 ms
# in `make bench-classroom` on the 2-core, 24 GB reference machine (README, "For teachers"),
# recorded with the memory per student in deploy/z2jh/sizing.json (one file of measured sizes).
SIZING = ROOT / "deploy" / "z2jh" / "sizing.json"
DEFAULT_MAX_SERVERS = int(json.loads(SIZING.read_text(encoding="utf-8"))["largest_class_p95_le_250ms"])
DEFAULT_PORT = 8020
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def fail(message: str, code: int = 2):
    print(f"ERROR: {message}", file=sys.stderr)
    raise SystemExit(code)


def port_is_free(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def install_hub_packages() -> None:
    """pip-install requirements-classroom.txt (constrained by requirements.txt) once per change."""
    if STAMP.is_file() and STAMP.stat().st_mtime >= REQUIREMENTS.stat().st_mtime:
        return
    print("==> installing the pinned hub packages (requirements-classroom.txt) into .venv")
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "-r", str(REQUIREMENTS), "-c", str(ROOT / "requirements.txt")]
    # Readable by every account (umask 022): students' servers import these packages as themselves.
    if subprocess.run(cmd, preexec_fn=lambda: os.umask(0o022)).returncode != 0:
        fail("installing requirements-classroom.txt failed; most likely PyPI cannot be reached "
             "(check the network or `pip config list`), then run the same make command again.")
    STAMP.touch()
    os.chmod(STAMP, 0o644)


def install_proxy(state: Path) -> Path:
    """npm ci configurable-http-proxy (pinned by package-lock.json) into state/proxy."""
    proxy_dir = state / "proxy"
    binary = proxy_dir / "node_modules" / ".bin" / "configurable-http-proxy"
    lock = HERE / "package-lock.json"
    if binary.exists() and (proxy_dir / "package-lock.json").read_bytes() == lock.read_bytes():
        return binary
    if not shutil_which("npm"):
        fail("npm is missing; the hub's proxy (configurable-http-proxy) is an npm package. "
             "Fix: apt-get install -y npm, then run the same make command again.")
    print("==> installing configurable-http-proxy 5.3.0 (npm ci) into", proxy_dir)
    proxy_dir.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        (proxy_dir / name).write_bytes((HERE / name).read_bytes())
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=proxy_dir)
    if done.returncode != 0 or not binary.exists():
        fail("npm ci of configurable-http-proxy failed; most likely the npm registry cannot be reached.")
    return binary


def shutil_which(name: str):
    import shutil
    return shutil.which(name)


def write_secret(path: Path, nbytes: int = 32) -> None:
    """A fresh random secret per install (hex), readable by its owner only; kept once written."""
    if path.is_file():
        os.chmod(path, 0o600)
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(nbytes) + "\n")


def course_repo() -> tuple[str, str]:
    """The repository students copy: repository.url in _config.yml if set, else this checkout."""
    import yaml
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = str((config.get("repository") or {}).get("url") or "").strip().rstrip("/")
    branch = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "main"
    if repo:
        return repo, str((config.get("repository") or {}).get("branch") or "main")
    return str(ROOT), branch


def folder_of(repo: str) -> str:
    """The folder nbgitpuller copies into: the repository's last path part (as the site's links)."""
    return re.sub(r"\.git$", "", repo.rstrip("/").rsplit("/", 1)[-1]) or "course"


def environment(args, state: Path, proxy: Path) -> dict:
    repo, branch = args.repo or course_repo()[0], args.branch or course_repo()[1]
    gitconfig = VENV_BIN.parent / "etc" / "classroom-gitconfig"
    gitconfig.parent.mkdir(parents=True, exist_ok=True)
    # Students' nbgitpuller may read the teacher's local repository (owned by someone else).
    gitconfig.write_text(f"[safe]\n\tdirectory = {repo}\n\tdirectory = {repo}/.git\n")
    os.chmod(gitconfig, 0o644)
    env = dict(os.environ)
    env.update({
        "CLASS_STATE": str(state), "CLASS_VENV_BIN": str(VENV_BIN), "CLASS_USERS": args.users,
        "CLASS_USER_PREFIX": args.user_prefix, "CLASS_HOMES": str(args.homes),
        "CLASS_TEACHER": args.teacher, "CLASS_MAX_SERVERS": str(args.max_servers),
        "CLASS_IP": args.ip, "CLASS_PORT": str(args.port), "CLASS_HUB_PORT": str(free_port()),
        "CLASS_PROXY_API_PORT": str(free_port()), "CLASS_PROXY_CMD": str(proxy),
        "CLASS_REPO": repo, "CLASS_BRANCH": branch, "CLASS_FOLDER": folder_of(repo),
        "CLASS_CULL_TIMEOUT": str(args.cull_timeout), "CLASS_CULL_EVERY": str(args.cull_every),
        "CLASS_OPEN_SIGNUP": "1" if args.open_signup else "0",
        "CLASS_GITCONFIG": str(gitconfig),
    })
    return env


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            fail(f"JupyterHub exited (code {proc.returncode}); see the messages above.")
        try:
            with urllib.request.urlopen(url + "/hub/api/", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    fail(f"JupyterHub did not answer on {url} within {timeout:.0f} s.")


def sign_up(url: str, username: str, password: str) -> str:
    """Sign up through NativeAuthenticator's form; returns the page's text."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url + "/hub/signup", timeout=10).read().decode()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"_xsrf": xsrf, "username": username, "signup_password": password,
                                   "signup_password_confirmation": password}).encode()
    return opener.open(url + "/hub/signup", data=data, timeout=10).read().decode()


def ensure_teacher(url: str, state: Path, teacher: str) -> Path:
    """First start: the teacher's (admin) account, with a random password kept in the state folder."""
    path = state / "teacher-password"
    if path.is_file():
        return path
    password = secrets.token_urlsafe(12)
    text = sign_up(url, teacher, password)
    if "signup was successful" not in text.lower():
        fail(f"could not create the teacher's account '{teacher}' (it may exist already); "
             f"choose another name: make classroom CLASS_TEACHER=...")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    return path


def parse(argv=None):
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ip", default="127.0.0.1",
                   help="address to serve on; 127.0.0.1 (default) is this machine only, 0.0.0.0 the school network")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--state", type=Path, default=ROOT / ".classroom",
                   help="hub database, secrets, proxy (default .classroom/, ignored by git)")
    p.add_argument("--users", choices=["system", "shared"], default="system" if is_root else "shared",
                   help="system: a Unix account per student (needs root); shared: test mode, one account")
    p.add_argument("--user-prefix", default="class-", help="Unix account = prefix + hub name (system mode)")
    p.add_argument("--homes", type=Path, default=None,
                   help="students' home folders (default /home in system mode, <state>/homes in shared mode)")
    p.add_argument("--teacher", default="teacher", help="the admin account, created on first start")
    p.add_argument("--max-servers", type=int, default=DEFAULT_MAX_SERVERS,
                   help=f"students served at once; later logins are refused (default {DEFAULT_MAX_SERVERS}, measured)")
    p.add_argument("--cull-timeout", type=int, default=3600, help="stop a server idle this many seconds")
    p.add_argument("--cull-every", type=int, default=300, help="how often the culler looks (seconds)")
    p.add_argument("--repo", default="", help="git repository students copy (default: repository.url, else this checkout)")
    p.add_argument("--branch", default="")
    p.add_argument("--open-signup", action="store_true",
                   help="sign-ups need no approval by the teacher (only on a closed network)")
    p.add_argument("--install-only", action="store_true", help="set up and write the secrets, then exit")
    args = p.parse_args(argv)
    if args.homes is None:
        args.homes = Path("/home") if args.users == "system" else args.state / "homes"
    if args.users == "system" and not is_root:
        fail("--users system creates a Unix account per student and starts their servers as them: "
             "run as root, or use --users shared (test mode, this machine only).")
    if args.users == "shared" and args.ip not in LOOPBACK:
        fail("--users shared gives every student the same Unix account (no privacy between them); "
             "it is refused on a network address. Run as root with --users system to serve a class.")
    return args


def closed_to_others(path: Path, need: int) -> Path | None:
    """The first place on the way to ``path`` that another Unix account cannot use: a folder
    above it without the others' x bit, or ``path`` itself without the others' bits ``need``
    (0o4 read, 0o1 execute or enter). None when every student's account can reach it."""
    path = Path(os.path.realpath(path))
    for folder in reversed(path.parents):
        if not os.stat(folder).st_mode & 0o001:
            return folder
    return None if os.stat(path).st_mode & need == need else path


def system_mode_problem(repo: str, homes: Path) -> str | None:
    """Why the students' accounts could not start their servers, or None.

    In system mode each server runs as the student's own account, so the Python of .venv, its
    packages, the course repository nbgitpuller copies and the homes folder must be reachable
    by accounts other than root (a Python installed under /root, mode 0700, is not). The folders
    above .venv are checked on the way to its server program; what is inside, file by file."""
    import sysconfig
    needs = [(Path(sys.executable), 0o5, "the Python of .venv"),
             (Path(sysconfig.get_paths()["stdlib"]), 0o5, "Python's standard library"),
             (VENV_BIN / "jupyterhub-singleuser", 0o5, "the students' server program"),
             (homes, 0o1, "the students' homes folder")]
    if Path(repo).is_dir():
        needs.append((Path(repo), 0o5, "the course repository that nbgitpuller copies"))
    for path, need, what in needs:
        blocked = closed_to_others(path, need)
        if blocked is not None:
            mode = stat.filemode(os.stat(blocked).st_mode)
            return (f"{what} ({os.path.realpath(path)}) is out of the students' reach: {blocked} is {mode}, "
                    "and each student's server runs as their own Unix account. Fix: build .venv from a "
                    "Python every account can run (rm -rf .venv && PYTHON=/usr/bin/python3 make classroom), "
                    f"or let other accounts pass through that folder (chmod o+x {blocked}: they can enter "
                    "it, not list it).")
    private = first_private_file(VENV_BIN.parent)
    if private is not None:
        return (f"{private} in .venv is readable by root only ({stat.filemode(os.lstat(private).st_mode)}), "
                "so the students' servers, which run as their own accounts, cannot load it (packages "
                "installed under a 0077 umask). Fix: chmod -R o+rX .venv, then start the class again.")
    return None


def first_private_file(top: Path) -> Path | None:
    """The first file or folder under ``top`` that other accounts cannot read (or enter)."""
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                continue
            if not mode & 0o004 or (stat.S_ISDIR(mode) and not mode & 0o001):
                return Path(path)
    return None


def main(argv=None) -> int:
    args = parse(argv)
    if not port_is_free(args.ip, args.port):
        fail(f"port {args.port} on {args.ip} is busy (another server is using it). "
             f"Choose another: make classroom CLASS_PORT={args.port + 1}")
    os.umask(0o077)  # the hub's database and logs: readable by the hub's account only
    state = args.state.resolve()
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    args.homes.mkdir(parents=True, exist_ok=True)
    install_hub_packages()
    if args.users == "system":
        problem = system_mode_problem(args.repo or course_repo()[0], args.homes)
        if problem:
            fail(problem)
    proxy = install_proxy(state)
    write_secret(state / "jupyterhub_cookie_secret")
    write_secret(state / "proxy_auth_token")
    sys.path.insert(0, str(ROOT / "scripts"))
    from local_server import lab_settings  # JupyterLab offline: no news feed, no update check
    lab_settings()
    env = environment(args, state, proxy)
    if args.install_only:
        print("==> classroom set up in", state)
        return 0
    url = f"http://{'127.0.0.1' if args.ip in ('0.0.0.0', '::') else args.ip}:{args.port}"
    proc = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(CONFIG)], cwd=state, env=env,
                            start_new_session=True)

    def stop(*_):
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        wait_ready(url, proc)
        password_file = ensure_teacher(url, state, args.teacher)
        where = "this machine only" if args.ip in LOOPBACK else f"the network on {args.ip}"
        print(f"\n==> The class's JupyterHub is on {url} ({where}); users: {args.users} mode.")
        print(f"    Teacher: log in as '{args.teacher}' with the password in {password_file}")
        print(f"             (change it at {url}/hub/change-password); approve students at {url}/hub/authorize")
        print(f"    Students: sign up at {url}/hub/signup; on login each gets a copy of the course.")
        print(f"    At most {args.max_servers} servers at once; idle ones stop after {args.cull_timeout} s. "
              "Ctrl-C stops the hub.\n", flush=True)
        proc.wait()
    except KeyboardInterrupt:
        stop()
    finally:
        if proc.poll() is None:
            stop()
    return proc.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
