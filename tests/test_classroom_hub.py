"""`make classroom` running: security and bad-input checks against a real hub on 127.0.0.1.

The hub packages come from the project's own set-up (`launch.py --install-only` installs the
pinned requirements-classroom.txt and configurable-http-proxy from package-lock.json). Servers
run in shared (test) mode, except the file-isolation test, which needs root to create Unix
accounts (system mode, as for a real class) and removes them afterwards.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "classroom"))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    state = tmp_path_factory.mktemp("classroom-setup") / "state"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "classroom" / "launch.py"), "--users", "shared",
                           "--state", str(state), "--install-only"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    import client as module
    return module


@pytest.fixture(scope="module")
def hub(client, tmp_path_factory):
    with client.Hub(tmp_path_factory.mktemp("classroom") / "state") as h:
        yield h


@pytest.fixture(scope="module")
def pair(client, hub):
    students = []
    for name in ("alice", "bob"):
        s = client.Student(hub.url, name)
        assert "signup was successful" in s.sign_up().lower()
        assert s.log_in().status_code == 302
        s.start_server()
        s.make_token()
        students.append(s)
    return students


def test_secrets_are_per_install_and_private(hub, client, tmp_path):
    for name in ("jupyterhub_cookie_secret", "proxy_auth_token"):
        path = hub.state / name
        assert path.stat().st_mode & 0o077 == 0, f"{name} is readable by others"
    assert hub.state.stat().st_mode & 0o077 == 0
    assert (hub.state / "jupyterhub.sqlite").stat().st_mode & 0o077 == 0
    other = tmp_path / "other"
    subprocess.run([sys.executable, str(client.LAUNCH), "--users", "shared", "--state", str(other),
                    "--install-only"], check=True, capture_output=True, timeout=300)
    for name in ("jupyterhub_cookie_secret", "proxy_auth_token"):
        assert (other / name).read_text() != (hub.state / name).read_text()


def test_the_running_hub_listens_on_loopback_only(hub):
    port = f"{hub.port:04X}"
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and local.endswith(":" + port):
                listening.append(local.split(":")[0])
    assert listening == ["0100007F"], f"port {hub.port} listens on {listening} (hex), not only 127.0.0.1"


def test_wrong_credentials_are_refused(hub, pair, client):
    intruder = client.Student(hub.url, "alice")
    r = intruder.log_in(password="not-alices-password")
    assert r.status_code == 200 and "Invalid username or password" in r.text
    assert not any(c.name.startswith("jupyterhub-session") for c in intruder.http.cookies)
    assert client.Student(hub.url, "nobody").log_in().status_code == 200  # unknown user: the form again


def test_a_student_cannot_read_or_write_another_students_files_or_kernels(pair):
    alice, bob = pair
    assert bob.server("PUT", "api/contents/notes.txt",
                      json={"type": "file", "format": "text", "content": "bob's"}).status_code in (200, 201)
    kernel = bob.kernel()
    try:
        for method, path, body in [("GET", "api/contents/notes.txt", None),
                                   ("PUT", "api/contents/notes.txt", {"type": "file", "format": "text", "content": "x"}),
                                   ("DELETE", "api/contents/notes.txt", None),
                                   ("GET", "api/kernels", None),
                                   ("GET", f"api/kernels/{kernel.id}", None),
                                   ("POST", "api/kernels", {"name": "python3"})]:
            r = alice.server(method, path, user="bob", json=body)
            assert r.status_code == 403, f"{method} {path} as alice on bob's server: {r.status_code}"
    finally:
        kernel.close()
    assert bob.server("GET", "api/contents/notes.txt").json()["content"] == "bob's"


def test_a_student_cannot_use_the_admin_api(hub, pair):
    alice, _ = pair
    headers = {"Authorization": f"token {alice.token}"}
    import requests

    for method, path in [("GET", "/users"), ("GET", "/users/bob"), ("POST", "/users/bob/server"),
                         ("DELETE", "/users/bob/server"), ("POST", "/users/bob/tokens"), ("GET", "/proxy")]:
        r = requests.request(method, f"{hub.url}/hub/api{path}", headers=headers, timeout=30)
        assert r.status_code in (403, 404), f"{method} {path} as alice: {r.status_code}"
        assert r.status_code == 403 or path.startswith("/users/bob")  # 404 hides that bob exists
    assert alice.http.get(f"{hub.url}/hub/admin", timeout=30).status_code == 403


def test_saved_work_survives_a_closed_tab_and_a_stopped_server(hub, pair):
    alice, _ = pair
    assert alice.server("PUT", "api/contents/essay.txt",
                        json={"type": "file", "format": "text", "content": "draft 1"}).status_code in (200, 201)
    kernel = alice.kernel()
    kernel._send("execute_request", {"code": "import time; time.sleep(30)", "silent": False,
                                     "store_history": True, "user_expressions": {}, "allow_stdin": False})
    kernel.ws.close()  # the tab is closed while a cell runs
    assert alice.server("GET", "api/contents/essay.txt").json()["content"] == "draft 1"
    # Stopped as the culler stops it (DELETE .../server), then started on the next login.
    assert hub.api("DELETE", "/users/alice/server").status_code in (202, 204)
    for _ in range(120):
        if not hub.api("GET", "/users/alice").json()["servers"]:
            break
        time.sleep(0.5)
    alice.start_server()
    assert alice.server("GET", "api/contents/essay.txt").json()["content"] == "draft 1"


def test_nothing_requests_another_host(hub, pair, client):
    alice, _ = pair
    alice.server("GET", "lab")  # JupyterLab's page: no news or update check (local_server.lab_settings)
    assert client.remote_connections(hub.pids()) == []


def test_a_full_class_is_refused_at_login_and_the_culler_frees_a_place(client, tmp_path):
    with client.Hub(tmp_path / "state", extra=["--max-servers", "1", "--cull-timeout", "4", "--cull-every", "2"]) as hub:
        # The teacher's own server takes no student's place.
        teacher = client.Student(hub.url, "teacher", (tmp_path / "state" / "teacher-password").read_text().strip())
        assert teacher.log_in().status_code == 302
        teacher.start_server()
        first, second = client.Student(hub.url, "carol"), client.Student(hub.url, "dave")
        for s in (first, second):
            s.sign_up()
        assert first.log_in().status_code == 302
        first.start_server()
        first.make_token()
        first.server("PUT", "api/contents/work.txt", json={"type": "file", "format": "text", "content": "mine"})
        r = second.log_in()
        assert r.status_code in (200, 503) and "The class is full: 1 of 1 student servers are running" in r.text
        # Nobody uses carol's server: the culler stops it (within its timeout + one round).
        for _ in range(120):
            if not hub.api("GET", "/users/carol").json()["servers"]:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the idle culler did not stop an idle server")
        assert second.log_in().status_code == 302  # a place is free again
        first.start_server()  # a culled server restarts with the student's files
        assert first.server("GET", "api/contents/work.txt").json()["content"] == "mine"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or os.environ.get("CLASS_TEST_SYSTEM") != "1",
                    reason="system mode needs root and CLASS_TEST_SYSTEM=1 (it creates and removes Unix accounts; "
                           "see docs/classroom.md, Tests)")
def test_in_system_mode_students_cannot_read_each_others_files(client, tmp_path):
    prefix = f"ct{secrets.token_hex(2)}-"
    # The students' accounts must be able to reach their homes: pytest's tmp_path sits under
    # /tmp/pytest-of-root (mode 0700), so the homes get a folder of their own (0755, as /home).
    homes = Path(tempfile.mkdtemp(prefix="class-homes-", dir="/tmp"))
    os.chmod(homes, 0o755)
    import launch
    problem = launch.system_mode_problem(str(ROOT), homes)
    if problem:  # the launcher refuses system mode with this message; so must the test
        homes.rmdir()
        pytest.skip(problem)
    try:
        with client.Hub(tmp_path / "state", users="system", extra=["--user-prefix", prefix, "--homes", str(homes)]) as hub:
            kernels = {}
            for name in ("erin", "frank"):
                s = client.Student(hub.url, name)
                s.sign_up()
                assert s.log_in().status_code == 302
                s.start_server()
                s.make_token()
                kernels[name] = s.kernel()
            kernels["frank"].execute("open('secret.txt', 'w').write('frank only')")
            out = kernels["erin"].execute(
                "import os, pwd\n"
                f"path = {str(homes / (prefix + 'frank') / 'secret.txt')!r}\n"
                "try:\n    open(path).read(); print('READ')\n"
                "except PermissionError:\n    print('DENIED')\n"
                "print(pwd.getpwuid(os.getuid()).pw_name)")
            text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
            assert text.split() == ["DENIED", prefix + "erin"], text
            for k in kernels.values():
                k.close()
        assert (homes / (prefix + "erin")).stat().st_mode & 0o077 == 0
        assert pwd.getpwnam(prefix + "erin").pw_shell == "/usr/sbin/nologin"
    finally:
        for name in ("erin", "frank"):
            subprocess.run(["userdel", "--remove", prefix + name], capture_output=True)
        shutil.rmtree(homes, ignore_errors=True)
