"""`make live` (Voila on the notebook copies) and `make lab`: offline, no leaked kernels, clear
errors. The browser test starts the same command `make live` runs, on a free port.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import local_server  # noqa: E402
from console_allowlist import unexpected_errors  # noqa: E402

SCRIPT = [sys.executable, str(ROOT / "scripts" / "local_server.py")]
EXPLORER_IMAGE = ".course-explorer .course-frame img"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kernels(server: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server.children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


# --- bad input ---------------------------------------------------------------------------------

def test_missing_chapter_says_so():
    run = subprocess.run([*SCRIPT, "live", "--port", "1", "--chapter", "chapters/missing.md"],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "CHAPTER=chapters/missing.md not found" in run.stderr and "make live CHAPTER=" in run.stderr


@pytest.mark.parametrize("what,var", [("live", "LIVE_PORT"), ("lab", "LAB_PORT")])
def test_busy_port_says_which_and_how_to_choose_another(what, var):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run([*SCRIPT, what, "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert f"port {port} on 127.0.0.1 is busy" in run.stderr and f"make {what} {var}={port + 1}" in run.stderr


def test_default_ports_differ():
    make = (ROOT / "Makefile").read_text()
    ports = {v: re.search(rf"^{v}\s*\?=\s*(\d+)", make, re.MULTILINE).group(1)
             for v in ("PORT", "LIVE_PORT", "LAB_PORT")}
    assert len(set(ports.values())) == 3, ports


def test_chapter_all_serves_every_copy():
    assert local_server.resolve_chapter("all") == ROOT / "notebooks" / "chapters"
    assert local_server.resolve_chapter("chapters/01-origins.md") == ROOT / "notebooks/chapters/01-origins.ipynb"


def test_lab_command_binds_localhost_and_allows_root(tmp_path):
    cmd = local_server.lab_command(8888)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port_retries=0" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)
    settings = local_server.lab_settings(tmp_path)
    assert '"markdown": "Jupytext Notebook"' in settings.read_text()


def test_offline_template_drops_the_cdn_links(tmp_path):
    share = Path(sys.prefix) / "share" / "jupyter"
    out = local_server.offline_template(share, tmp_path)
    text = (out / "voila" / "templates" / local_server.TEMPLATE / "index.html.j2").read_text()
    assert "cdn.jsdelivr.net" not in text and "fontawesome" not in text
    assert "cdn.jsdelivr.net" in (share / "voila" / "templates" / "lab" / "index.html.j2").read_text()


# --- the live page in Chromium -------------------------------------------------------------------

@pytest.fixture(scope="module")
def live_server():
    port = _free_port()
    log = open(ROOT / "_build" / "live-test.log", "w") if (ROOT / "_build").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen([*SCRIPT, "live", "--port", str(port), "--chapter", "chapters/01-origins.md"],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert proc.poll() is None, "make live exited early; see _build/live-test.log"
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("Voila did not start within 90 s; see _build/live-test.log")
    yield f"http://127.0.0.1:{port}/", psutil.Process(proc.pid)
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.browser
def test_live_page_is_offline_and_frees_its_kernel(browser, live_server):
    url, server = live_server
    outside, failed, errors, during = [], [], [], []
    for _ in range(5):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        seen, console = [], []
        page.on("request", lambda r: seen.append(r.url))
        page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
        page.on("response", lambda r: r.status >= 400 and failed.append((r.url, r.status)))
        page.on("console", lambda m: console.append((m.type, m.text)))
        page.on("pageerror", lambda e: console.append(("pageerror", str(e))))
        page.goto(url, timeout=120_000)
        page.locator(EXPLORER_IMAGE).first.wait_for(state="visible", timeout=180_000)
        # rendered prose, not MyST
        assert "{glue" not in page.locator("body").inner_text()
        during.append(len(_kernels(server)))
        page.goto("about:blank")  # leaving the page fires its shutdown call
        context.close()
        outside += [u for u in seen if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))]
        errors += unexpected_errors(console)
    deadline = time.time() + 60
    while _kernels(server) and time.time() < deadline:
        time.sleep(0.5)
    left = len(_kernels(server))
    print(f"\nkernels alive while each page was open: {during}; after 5 loads and closes: {left}")
    assert not outside, f"requests left 127.0.0.1: {sorted(set(outside))}"
    assert not failed, f"failed requests: {failed}"
    assert not errors, f"console errors: {errors}"
    assert all(n >= 1 for n in during), "a page ran without a kernel"
    assert left == 0, f"{left} kernels still alive after 5 pages were closed"


@pytest.mark.browser
def test_live_controls_announce_value_and_toggle_by_keyboard(browser, live_server):
    url, _ = live_server
    page = browser.new_page()
    page.goto(url, timeout=120_000)
    page.locator(EXPLORER_IMAGE).first.wait_for(state="visible", timeout=180_000)
    explorer = page.locator(".course-explorer").first
    value = explorer.locator(".course-value-text").first
    before, image = value.inner_text(), explorer.locator(".course-frame img").first.get_attribute("src")
    handle = explorer.locator(".course-slider .noUi-handle, .course-slider .ui-slider-handle").first
    handle.focus()
    page.keyboard.press("ArrowRight")
    # ipywidgets replaces the HTML of a changed widget: poll through locators, not element handles
    expect(value).not_to_have_text(before, timeout=60_000)
    assert ":" in value.inner_text()
    # The slider itself tells a screen reader the value (ipywidgets 8's SelectionSlider said its
    # option index): its number is the one the value line states.
    spoken = handle.get_attribute("aria-valuetext") or handle.get_attribute("aria-valuenow")
    stated = re.search(r":\s*(-?[0-9.]+)", value.inner_text()).group(1)
    assert abs(float(spoken) - float(stated)) < 1e-9, (spoken, value.inner_text())
    expect(explorer.locator(".course-frame img").first).not_to_have_attribute("src", image, timeout=60_000)
    toggle = explorer.locator(".course-toggle button").nth(1)
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_class(re.compile(r"\bmod-active\b"), timeout=60_000)
    page.goto("about:blank")
    page.close()
