"""`make classroom`: configuration checks that need no running hub (docs/classroom.md).

The running-hub checks (403s between students, admin API, wrong password, culling, class full)
are in tests/test_classroom_hub.py.
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM = ROOT / "scripts" / "classroom"
DEPLOY = ROOT / "deploy" / "z2jh"


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(module)
    return module


def test_the_hub_binds_to_loopback_unless_told_otherwise():
    launch = _module(CLASSROOM / "launch.py", "classroom_launch")
    args = launch.parse(["--users", "shared"])
    assert args.ip == "127.0.0.1"
    config = (CLASSROOM / "jupyterhub_config.py").read_text()
    assert "env.get('CLASS_IP', '127.0.0.1')" in config
    # The hub's and the proxy's own APIs never leave loopback, whatever --ip says.
    assert 'c.JupyterHub.hub_ip = "127.0.0.1"' in config
    assert 'api_url = f"http://127.0.0.1:' in config
    assert 'c.Spawner.ip = "127.0.0.1"' in config


def test_shared_mode_is_refused_on_a_network_address(capsys):
    launch = _module(CLASSROOM / "launch.py", "classroom_launch")
    with pytest.raises(SystemExit):
        launch.parse(["--users", "shared", "--ip", "0.0.0.0"])
    assert "refused on a network address" in capsys.readouterr().err


def test_no_dummy_authenticator_or_shared_password():
    config = (CLASSROOM / "jupyterhub_config.py").read_text()
    assert "ClassAuthenticator(NativeAuthenticator)" in config
    assert "c.JupyterHub.authenticator_class = ClassAuthenticator" in config
    for path in [*CLASSROOM.glob("*.py"), ROOT / "Makefile"]:
        text = path.read_text()
        assert not re.search(r"DummyAuthenticator|dummy", text, re.I), path
        assert not re.search(r"password\s*=\s*['\"][^'\"]+['\"]", text, re.I), f"a fixed password in {path}"
    # New accounts wait for the teacher's approval unless the teacher opens sign-up on purpose.
    assert 'c.NativeAuthenticator.open_signup = env.get("CLASS_OPEN_SIGNUP") == "1"' in config
    assert "c.NativeAuthenticator.minimum_password_length = 10" in config
    assert "c.NativeAuthenticator.allowed_failed_logins = 5" in config


def test_the_idle_culler_is_a_managed_service_with_only_its_scopes():
    config = (CLASSROOM / "jupyterhub_config.py").read_text()
    assert '"-m", "jupyterhub_idle_culler"' in config
    assert ('"scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]'
            in config), "the culler's role should hold the four scopes its README lists, no admin"
    launch = _module(CLASSROOM / "launch.py", "classroom_launch")
    assert launch.parse(["--users", "shared"]).cull_timeout == 3600


def test_servers_of_a_real_class_run_as_their_own_unix_accounts():
    config = (CLASSROOM / "jupyterhub_config.py").read_text()
    assert "class SystemUserSpawner(LocalProcessSpawner)" in config
    assert "set_user_setuid(_account(name))" in config  # never the hub's own (root) account
    assert '"--shell", "/usr/sbin/nologin"' in config and "os.chmod(entry.pw_dir, 0o700)" in config
    assert "entry.pw_uid < 1000" in config
    assert "c.JupyterHub.admin_access = False" in config


def test_secrets_are_generated_per_install_and_ignored_by_git(tmp_path):
    launch = _module(CLASSROOM / "launch.py", "classroom_launch")
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        d.mkdir()
        launch.write_secret(d / "proxy_auth_token")
    ta, tb = (d / "proxy_auth_token" for d in (a, b))
    assert re.fullmatch(r"[0-9a-f]{64}\n", ta.read_text())
    assert ta.read_text() != tb.read_text()
    assert ta.stat().st_mode & 0o077 == 0, "a secret must be readable by its owner only"
    before = ta.read_text()
    launch.write_secret(ta)  # kept once written: the hub's cookies stay valid across restarts
    assert ta.read_text() == before
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", ".classroom/proxy_auth_token"])
    assert ignored.returncode == 0, ".classroom/ (secrets, database) must be ignored by git"
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True).stdout
    assert not re.search(r"cookie_secret|proxy_auth_token|jupyterhub\.sqlite|teacher-password", tracked)


def test_a_busy_port_names_itself_and_how_to_choose_another():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        done = subprocess.run([sys.executable, str(CLASSROOM / "launch.py"), "--users", "shared",
                               "--port", str(port), "--state", "/nonexistent/never-made"],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is busy" in done.stderr
    assert f"make classroom CLASS_PORT={port + 1}" in done.stderr


def test_hub_packages_are_pinned_apart_from_the_students_set():
    students = {ln.split("==")[0].lower() for ln in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in ln}
    hub = [ln for ln in (ROOT / "requirements-classroom.txt").read_text().splitlines()
           if ln.strip() and not ln.startswith("#")]
    assert all("==" in ln for ln in hub), "requirements-classroom.txt must pin every package"
    names = {ln.split("==")[0].lower() for ln in hub}
    assert {"jupyterhub", "jupyterhub-nativeauthenticator", "jupyterhub-idle-culler"} <= names
    assert not names & students, f"pinned twice: {names & students}"
    assert "nbgitpuller" in students, "the students' servers (any hub) need nbgitpuller"
    assert "jupyterhub" not in students
    lock = json.loads((CLASSROOM / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == "5.3.0"


# ---- the site's link "Open on your class's JupyterHub"
def _site():
    return _module(ROOT / "_ext" / "course_site.py", "course_site_classroom")


def test_class_hub_link_from_the_two_settings():
    cfg = {"repo": "https://github.com/org/course", "branch": "main", "book": "", "hub": "https://hub.school.example"}
    url = _site().class_hub_link(cfg, "chapters/01-origins")
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://hub.school.example/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    # nbgitpuller copies https://github.com/org/course into ~/course; the page's notebook copy opens.
    assert query == {"repo": "https://github.com/org/course", "branch": "main",
                     "urlpath": "lab/tree/course/notebooks/chapters/01-origins.ipynb"}
    assert _site().class_hub_link({**cfg, "hub": ""}, "chapters/01-origins") == ""
    assert _site().class_hub_link({**cfg, "repo": ""}, "chapters/01-origins") == ""


def test_built_pages_show_the_class_hub_link_only_with_a_hub_url():
    site = ROOT / "_build" / "html"
    if not (site / "chapters" / "01-origins.html").is_file():
        pytest.skip("no built site (make book)")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    hub = ((config.get("launch_buttons") or {}).get("jupyterhub_url") or "").strip()
    repo = ((config.get("repository") or {}).get("url") or "").strip()
    html = (site / "chapters" / "01-origins.html").read_text()
    assert ("Open on your class&#39;s JupyterHub" in html or "Open on your class's JupyterHub" in html) \
        == bool(hub and repo)


# ---- beyond one machine: the Zero to JupyterHub configuration
def _values():
    return yaml.safe_load((DEPLOY / "config.yaml").read_text())


def test_z2jh_config_validates_against_the_charts_values_schema():
    import jsonschema

    vendor = DEPLOY / "chart-4.4.0"
    schema = json.loads((vendor / "values.schema.json").read_text())

    def merge(base, over):  # Helm's coalescing: maps merge key by key, anything else replaces
        if isinstance(base, dict) and isinstance(over, dict):
            return {**base, **{k: merge(base.get(k), v) for k, v in over.items()}}
        return over

    merged = merge(yaml.safe_load((vendor / "values.yaml").read_text()), _values())
    jsonschema.validate(merged, schema)  # raises with the offending key
    with pytest.raises(jsonschema.ValidationError):  # the check can fail: a misspelt key
        jsonschema.validate(merge(merged, {"singleuser": {"memmory": {"limit": "1G"}}}), schema)


def test_z2jh_config_is_sized_from_the_load_test_and_culls():
    values = _values()
    single = values["singleuser"]
    bench = json.loads((DEPLOY / "sizing.json").read_text())
    # Guarantee: the measured median RSS of a student's server + kernel after Chapter 1, rounded
    # up to 64 MiB; limit: twice that (a second kernel, a heavier exercise).
    guarantee_mib = -(-bench["rss_p50_mib"] // 64) * 64
    assert single["memory"]["guarantee"] == f"{int(guarantee_mib)}M"
    assert single["memory"]["limit"] == f"{int(2 * guarantee_mib)}M"
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] == 3600
    assert "nbgitpuller" not in json.dumps(single.get("image", {}))  # in the image via requirements.txt
    assert single["defaultUrl"].startswith("/lab")
    auth = values["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert auth == "nativeauthenticator.NativeAuthenticator"


def test_load_test_client_reads_the_frames_jupyter_server_sends():
    """The load test's live phase once died on a binary frame (a message with buffers, such as
    a widget image): the client must read text frames, binary frames and empty frames."""
    from jupyter_server.services.kernels.connection.base import serialize_binary_message
    client = _module(CLASSROOM / "client.py", "classroom_client_frames")
    msg = {"header": {"msg_id": "a1", "msg_type": "comm_msg"}, "msg_type": "comm_msg",
           "parent_header": {"msg_id": "p9"}, "metadata": {}, "channel": "iopub",
           "content": {"comm_id": "c1", "data": {"method": "update", "state": {"value": 3}}}}
    as_binary = serialize_binary_message(dict(msg, buffers=[b"\x89PNG\r\n", b"second buffer"]))
    assert isinstance(as_binary, bytes)
    assert client.decode_frame(as_binary) == msg
    assert client.decode_frame(json.dumps(msg)) == msg
    assert client.decode_frame("") is None and client.decode_frame(b"") is None


def _idle_closing_server():
    """A kernel-channel stand-in on 127.0.0.1 that keeps connections alive with Jupyter Server's
    own rule (WebSocketMixin: ping every interval, close when no pong came within the timeout),
    shortened to 0.2 s / 0.6 s, and answers every message with the kernel's 'idle' status."""
    import asyncio
    import logging
    import threading

    import tornado.web
    import tornado.websocket
    from jupyter_server.base.websocket import WebSocketMixin

    class Channel(WebSocketMixin, tornado.websocket.WebSocketHandler):
        log = logging.getLogger("idle-closing-channel")

        def prepare(self):  # no Jupyter authentication in this stand-in
            pass

        def check_origin(self, origin):
            return True

        def on_message(self, message):
            parent = json.loads(message)["header"]
            self.write_message(json.dumps({"msg_type": "status", "parent_header": parent, "header": {},
                                           "metadata": {}, "content": {"execution_state": "idle"}}))

    ready, box = threading.Event(), {}

    def serve():
        async def main():
            app = tornado.web.Application([(r"/.*", Channel)], ws_ping_interval=200, ws_ping_timeout=600)
            server = app.listen(0, address="127.0.0.1")
            box["port"] = next(iter(server._sockets.values())).getsockname()[1]
            box["stop"] = asyncio.Event()
            ready.set()
            await box["stop"].wait()
            server.stop()
        box["loop"] = asyncio.new_event_loop()
        box["loop"].run_until_complete(main())

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(10)
    return box


@pytest.mark.parametrize("keep_alive, reconnects", [(None, 1), (0.1, 0)])
def test_load_test_client_keeps_an_idle_kernel_channel_open(keep_alive, reconnects):
    """The 30-student run of 3 Dec 2026 lost idle channels: Jupyter Server closes a channel whose
    client sends no pong for a while, and the simulated student does not read while it waits.
    Without the keep-alive the channel is closed and the move reconnects; with it, it stays."""
    import time
    from types import SimpleNamespace

    client = _module(CLASSROOM / "client.py", "classroom_client_keepalive")
    box = _idle_closing_server()
    student = SimpleNamespace(hub=f"http://127.0.0.1:{box['port']}", name="s1", token="t")
    kernel = client.Kernel(student, "k1", keep_alive=keep_alive)
    try:
        kernel.widgets["c1"] = {}
        assert kernel.move("c1", {"value": 1}) < 5  # answered while fresh
        time.sleep(1.5)  # idle: the server has pinged and, without pongs, given up
        kernel.move("c1", {"value": 2})
        assert kernel.reconnects == reconnects
    finally:
        kernel.close()
        box["loop"].call_soon_threadsafe(box["stop"].set)


def test_system_mode_names_what_the_students_accounts_cannot_reach():
    """Students' servers run as their own accounts: a Python or folder closed to other accounts
    (a pyenv under /root, mode 0700) must be named, with the fix, before any student logs in."""
    import os
    import shutil
    import tempfile

    launch = _module(CLASSROOM / "launch.py", "classroom_launch_reach")
    top = Path(tempfile.mkdtemp(prefix="reach-", dir="/tmp"))
    try:
        os.chmod(top, 0o755)
        (top / "open").mkdir(mode=0o755)
        (top / "open" / "python").write_text("")
        os.chmod(top / "open" / "python", 0o755)
        (top / "closed").mkdir()
        os.chmod(top / "closed", 0o700)
        (top / "closed" / "python").write_text("")
        (top / "open" / "secret").write_text("")
        os.chmod(top / "open" / "secret", 0o600)
        assert launch.closed_to_others(top / "open" / "python", 0o5) is None
        assert launch.closed_to_others(top / "closed" / "python", 0o5) == top / "closed"
        assert launch.closed_to_others(top / "open" / "secret", 0o4) == top / "open" / "secret"
        problem = launch.system_mode_problem(str(top / "open"), top / "closed")
        assert problem is not None and "out of the students' reach" in problem and "chmod o+x" in problem
    finally:
        shutil.rmtree(top)


def test_the_class_size_limit_is_the_measured_one_and_the_readme_says_so():
    """`--max-servers` defaults to the largest class the load test measured (deploy/z2jh/sizing.json),
    and the teachers' section of the README states that same number."""
    launch = _module(CLASSROOM / "launch.py", "classroom_launch_limit")
    measured = json.loads((DEPLOY / "sizing.json").read_text())["largest_class_p95_le_250ms"]
    assert launch.parse(["--users", "shared", "--state", "/tmp/unused"]).max_servers == measured >= 1
    teachers = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"largest class with p95 live update ≤ 250 ms is {measured}**" in teachers
    assert f"`--max-servers` defaults to {measured} " in teachers
