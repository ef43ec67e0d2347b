"""A simulated student and a throw-away hub, for the load test and tests/test_classroom*.py.

Everything here talks to 127.0.0.1 only: a hub started by :class:`Hub` (scripts/classroom/launch.py
in a temporary state folder) and the students' servers behind its proxy. A :class:`Student` does
what a student's browser does: sign up and log in through NativeAuthenticator's forms, start a
server, copy the course with nbgitpuller, and run a notebook through a kernel websocket, moving
live explorer controls (ipywidgets comm messages) as the browser's widget manager does.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import websocket  # websocket-client, a dependency of jupyter_server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LAUNCH = HERE / "launch.py"
CONTROL_MODELS = {"IntSliderModel", "FloatSliderModel", "SelectionSliderModel", "ToggleButtonsModel"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    """A hub on 127.0.0.1 in a temporary state folder, with a service token for checks.

    ``extra`` are launch.py arguments (e.g. ``["--max-servers", "1"]``). The service token has
    admin scopes and exists only in this process's environment (tests and load test only).
    """

    def __init__(self, state: Path, extra=(), users: str = "shared", port: int | None = None, log=None):
        self.state = Path(state)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        self.args = [sys.executable, str(LAUNCH), "--state", str(self.state), "--port", str(self.port),
                     "--users", users, "--open-signup", *extra]
        self.log_path = Path(log) if log else self.state.parent / f"{self.state.name}.log"
        self.proc = None

    def __enter__(self):
        self.state.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "CLASS_TEST_SERVICE_TOKEN": self.token}
        self.proc = subprocess.Popen(self.args, stdout=self.log_path.open("w"), stderr=subprocess.STDOUT,
                                     env=env, start_new_session=True)
        end = time.monotonic() + 180
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.log_path.read_text()[-3000:]}")
            if "==> The class's JupyterHub is on" in self.log_path.read_text():
                return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"hub did not start: {self.log_path.read_text()[-3000:]}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def api(self, method: str, path: str, **kw) -> requests.Response:
        """The hub's REST API with the service (admin) token."""
        headers = {"Authorization": f"token {self.token}", **kw.pop("headers", {})}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=60, **kw)

    def pids(self) -> list[int]:
        """Processes of this hub: the launcher's session (hub, proxy, culler, servers, kernels)."""
        out = []
        for p in Path("/proc").iterdir():
            if p.name.isdigit():
                try:
                    if os.getsid(int(p.name)) == self.proc.pid:
                        out.append(int(p.name))
                except (ProcessLookupError, PermissionError):
                    continue
        # The students' servers start their own sessions: find them by their environment.
        for p in Path("/proc").iterdir():
            if p.name.isdigit() and int(p.name) not in out:
                try:
                    if f"CLASS_STATE={self.state.resolve()}".encode() in (p / "environ").read_bytes():
                        out.append(int(p.name))
                except OSError:
                    continue
        return out


def user_pids(name: str) -> list[int]:
    """A student's server and kernels (their environment names the hub user)."""
    key = f"JUPYTERHUB_USER={name}\0".encode()
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if key in (p / "environ").read_bytes() + b"\0":
                    out.append(int(p.name))
            except OSError:
                continue
    return out


def memory_kib(pids) -> dict:
    """RSS and PSS (proportional set size: shared pages divided among their users) in KiB."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return {"rss": rss, "pss": pss}


def remote_connections(pids) -> list[str]:
    """TCP connections of these processes to any address other than loopback (``host:port``)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    found = []
    for table, size in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            remote, state, inode = parts[2], parts[3], parts[9]
            if inode not in inodes or state == "0A":  # 0A: LISTEN
                continue
            host_hex, port_hex = remote.split(":")
            raw = bytes.fromhex(host_hex)
            if size == 8:
                host = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                host = socket.inet_ntop(socket.AF_INET6, words)
            if host in ("127.0.0.1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "::"):
                continue
            found.append(f"{host}:{int(port_hex, 16)}")
    return found


class Student:
    """One student's browser, reduced to its HTTP and websocket traffic."""

    def __init__(self, hub_url: str, name: str, password: str | None = None):
        self.hub = hub_url
        self.name = name
        self.password = password or secrets.token_urlsafe(12)
        self.http = requests.Session()
        self.token = None

    # -- the hub's forms
    def _form(self, path: str) -> str:
        page = self.http.get(f"{self.hub}/hub/{path}", timeout=30)
        page.raise_for_status()
        return re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)

    def sign_up(self) -> str:
        xsrf = self._form("signup")
        r = self.http.post(f"{self.hub}/hub/signup", timeout=60, data={
            "_xsrf": xsrf, "username": self.name, "signup_password": self.password,
            "signup_password_confirmation": self.password})
        return r.text

    def log_in(self, password: str | None = None) -> requests.Response:
        xsrf = self._form("login")
        return self.http.post(f"{self.hub}/hub/login", allow_redirects=False, timeout=60, data={
            "_xsrf": xsrf, "username": self.name, "password": password or self.password})

    def _xsrf_headers(self) -> dict:
        return {"X-XSRFToken": self.http.cookies.get("_xsrf", path="/hub/") or ""}

    # -- the hub's API, as the logged-in student (cookie + xsrf, as the hub's own pages do)
    def hub_api(self, method: str, path: str, **kw) -> requests.Response:
        return self.http.request(method, f"{self.hub}/hub/api{path}", headers=self._xsrf_headers(),
                                 timeout=60, **kw)

    def start_server(self, timeout: float = 300) -> float:
        """Start the server and wait until it is ready; returns seconds."""
        t0 = time.perf_counter()
        end = time.monotonic() + timeout
        while True:
            r = self.hub_api("POST", f"/users/{self.name}/server")
            if r.status_code == 429 and "Too many users" in r.text and time.monotonic() < end:
                time.sleep(1)  # the hub starts at most CLASS_CONCURRENT_SPAWNS at once: queue
                continue
            break
        if r.status_code not in (201, 202, 400):  # 400: already running
            raise RuntimeError(f"spawn of {self.name}: {r.status_code} {r.text[:300]}")
        while time.monotonic() < end:
            model = self.hub_api("GET", f"/users/{self.name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - t0
            time.sleep(0.25)
        raise TimeoutError(f"server of {self.name} not ready in {timeout} s")

    def make_token(self) -> str:
        r = self.hub_api("POST", f"/users/{self.name}/tokens", json={"note": "class client", "expires_in": 7200})
        r.raise_for_status()
        self.token = r.json()["token"]
        return self.token

    # -- the student's own server
    def server(self, method: str, path: str, token: str | None = None, user: str | None = None, **kw):
        """``/user/<user>/<path>`` with this student's token (``user`` defaults to the student)."""
        headers = {"Authorization": f"token {token or self.token}", **kw.pop("headers", {})}
        return requests.request(method, f"{self.hub}/user/{user or self.name}/{path}", headers=headers,
                                timeout=kw.pop("timeout", 120), allow_redirects=False, **kw)

    def pull_course(self, repo: str, branch: str, folder: str) -> float:
        """nbgitpuller's API (what its page calls); returns seconds; raises on its error phase."""
        t0 = time.perf_counter()
        r = self.server("GET", "git-pull/api", params={"repo": repo, "branch": branch, "targetpath": folder},
                        stream=True, timeout=300)
        r.raise_for_status()
        for line in r.iter_lines(decode_unicode=True):
            if line and line.startswith("data:"):
                event = json.loads(line[5:])
                if event.get("phase") == "error":
                    raise RuntimeError(f"nbgitpuller: {event.get('message')}")
                if event.get("phase") == "finished":
                    return time.perf_counter() - t0
        raise RuntimeError("nbgitpuller ended without 'finished'")

    def kernel(self, path: str = "") -> "Kernel":
        r = self.server("POST", "api/kernels", json={"name": "python3", "path": path})
        r.raise_for_status()
        return Kernel(self, r.json()["id"])


class Kernel:
    """A kernel's channels over the server's websocket (the JSON protocol JupyterLab falls back to)."""

    def __init__(self, student: Student, kernel_id: str, keep_alive: float | None = 10.0):
        self.student, self.id = student, kernel_id
        self.session = uuid.uuid4().hex
        self.url = f"{student.hub.replace('http', 'ws', 1)}/user/{student.name}/api/kernels/{kernel_id}/channels"
        self.reconnects = 0
        self._connect()
        self.widgets: dict[str, dict] = {}
        # Jupyter Server pings each kernel channel every 30 s and closes it when no pong has come
        # for 90 s. A browser answers pings by itself; this client answers only while it reads,
        # so a student waiting for their turn sends a pong every ``keep_alive`` seconds instead
        # (unsolicited pongs are allowed by RFC 6455 and count as an answer). None: no keep-alive.
        self._stop = threading.Event()
        if keep_alive:
            threading.Thread(target=self._keep_alive, args=(keep_alive,), daemon=True).start()

    def _connect(self):
        self.ws = websocket.create_connection(self.url, header=[f"Authorization: token {self.student.token}"],
                                              timeout=600)

    def _keep_alive(self, every: float):
        while not self._stop.wait(every):
            try:
                self.ws.pong(b"")  # websocket-client serialises sends with a lock
            except (websocket.WebSocketException, OSError):
                pass  # a lost channel is reconnected by the next move

    def close(self):
        self._stop.set()
        self.ws.close()

    def _send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                       "username": self.student.name, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        return msg_id

    def _until_idle(self, msg_id: str, timeout: float = 600) -> list[dict]:
        """Messages answering ``msg_id`` up to the kernel's 'idle'; widget state is tracked."""
        end = time.monotonic() + timeout
        got = []
        while time.monotonic() < end:
            msg = decode_frame(self.ws.recv())
            if msg is None:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.widgets[content["comm_id"]] = dict(content["data"].get("state", {}))
            elif kind == "comm_msg" and content.get("data", {}).get("method") == "update":
                self.widgets.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            got.append(msg)
            if kind == "status" and content.get("execution_state") == "idle":
                return got
        raise TimeoutError(f"kernel did not finish {msg_id} in {timeout} s")

    def execute(self, code: str, timeout: float = 600) -> list[dict]:
        """Run code; raises with the traceback if the cell errors."""
        got = self._until_idle(self._send("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}), timeout)
        for msg in got:
            if msg["msg_type"] == "error":
                raise RuntimeError("cell failed: " + "\n".join(msg["content"].get("traceback", []))[-2000:])
        return got

    def run_notebook(self, nb: dict, timeout: float = 900) -> float:
        t0 = time.perf_counter()
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                self.execute("".join(cell["source"]), timeout)
        return time.perf_counter() - t0

    def controls(self) -> list[tuple[str, dict]]:
        """The live explorer controls: (comm id, state) of each slider and toggle."""
        return [(cid, st) for cid, st in self.widgets.items() if st.get("_model_name") in CONTROL_MODELS]

    def move(self, comm_id: str, state: dict) -> float:
        """Send one control change as the widget manager does; seconds until the kernel has
        recomputed the figure and sent it (the kernel's 'idle' after the comm message)."""
        t0 = time.perf_counter()
        message = {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}}
        try:
            self._until_idle(self._send("comm_msg", message))
        except (websocket.WebSocketConnectionClosedException, BrokenPipeError, ConnectionResetError):
            # A channel left idle for minutes can be closed on the way; JupyterLab reconnects
            # and so does the simulated student. The reconnection counts in this move's time.
            self.reconnects += 1
            self._connect()
            self._until_idle(self._send("comm_msg", message))
        took = time.perf_counter() - t0
        self.widgets[comm_id].update(state)  # the kernel does not send our own change back
        return took


def decode_frame(frame) -> dict | None:
    """One websocket frame from Jupyter Server's kernel channel as a message dict.

    Text frames are JSON. A message that carries binary buffers (widget images, for example)
    arrives as a binary frame: a big-endian uint32 count ``n``, then ``n`` uint32 offsets; the
    JSON message is the bytes from the first offset to the second (or to the end). An empty
    frame (a ping, a closing frame) gives ``None``.
    """
    if not frame:
        return None
    if isinstance(frame, str):
        return json.loads(frame)
    (n,) = struct.unpack("!I", frame[:4])
    offsets = struct.unpack("!" + "I" * n, frame[4:4 * (n + 1)])
    end = offsets[1] if n > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


def next_setting(state: dict, i: int) -> dict:
    """The i-th move of a control: one step up, back at the end (sliders); the next option (toggles)."""
    model = state["_model_name"]
    if model in ("IntSliderModel", "FloatSliderModel"):
        lo, hi, step = state["min"], state["max"], state["step"]
        n = max(1, round((hi - lo) / step))
        k = (round((state["value"] - lo) / step) + 1) % (n + 1)
        value = lo + k * step
        return {"value": int(value) if model == "IntSliderModel" else round(value, 10)}
    n = len(state.get("_options_labels", [])) or 2
    return {"index": (int(state.get("index", 0)) + 1) % n}
