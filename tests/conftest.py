"""Shared pytest fixtures for the built site and the browser.

Fixtures
--------
repo_root (session)
    The repository root (``Path``).
book_dir (session)
    The book's source folder: env ``COURSE_BOOK_DIR``, else ``repo_root``.
site_dir (session)
    The built HTML site: env ``COURSE_SITE_DIR``, else ``<repo>/_build/html``. Fails with
    "run make book" when it has no ``index.html``. Build privately with
    ``jupyter-book build . --path-output /tmp/me-book`` and point ``COURSE_SITE_DIR`` at
    ``/tmp/me-book/_build/html``.
build_dir (session)
    ``site_dir.parent`` (holds ``jupyter_execute/`` and ``screenshots/``).
toc_pages (session)
    HTML paths of every page in ``_toc.yml``, relative to ``site_dir``, in reading order
    (``["intro.html", "chapters/01-origins.html", ...]``).
toc_page
    Parametrized: any test taking a ``toc_page`` argument runs once per TOC page.
site_url (session)
    ``http://127.0.0.1:<free port>/``, a quiet ``http.server`` thread serving ``site_dir``.
browser (session)
    Playwright Chromium (Debian's ``/usr/bin/chromium``, headless, no background networking).
    Skipped when Chromium or Playwright is missing, except when env ``CI=true`` (then it fails).
page
    A new page (own context, 1280x900) per test. Beyond the Playwright ``Page`` API it records:
    ``page.requests_seen`` (every request URL), ``page.failed_requests`` (``(url, reason)`` for
    network failures and HTTP status >= 400) and ``page.console_messages`` (``(type, text)``;
    uncaught exceptions are recorded as type ``"pageerror"``). Use
    ``console_allowlist.unexpected_errors(page.console_messages)`` to filter known harmless ones.
    Env ``COURSE_CPU_THROTTLE=<rate>`` (e.g. ``4``) slows each page's CPU that many times through
    the DevTools protocol (``Emulation.setCPUThrottlingRate``): run the browser tests under it to
    check that they wait on what the reader sees, not on a fast machine's timing.
screenshot_dir (session)
    ``<build_dir>/screenshots`` (created).

Mark browser tests ``@pytest.mark.browser``. Example::

    @pytest.mark.browser
    def test_slider(page, site_url):
        page.goto(site_url + "chapters/01-origins.html")
        page.keyboard.press("ArrowRight")
"""
from __future__ import annotations

import functools
import os
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_toc import resolve, toc_files  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _book_dir() -> Path:
    return Path(os.environ.get("COURSE_BOOK_DIR", REPO_ROOT)).resolve()


def toc_docnames(book_dir: Path) -> list[str]:
    """Return the Sphinx docnames (paths without extension) listed in ``_toc.yml``."""
    import yaml

    toc = yaml.safe_load((book_dir / "_toc.yml").read_text(encoding="utf-8"))
    return [str(Path(e).with_suffix("")) if Path(e).suffix in (".md", ".ipynb") else e
            for e in toc_files(toc)]


def toc_sources(book_dir: Path) -> list[Path]:
    """Return the source file of every TOC entry that exists."""
    return [p for p in (resolve(book_dir, d) for d in toc_docnames(book_dir)) if p]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _skip_or_fail(reason: str):
    if _in_ci():
        pytest.fail(f"{reason} (CI=true, so this is an error; install with 'make chromium')")
    pytest.skip(reason)


def pytest_generate_tests(metafunc):
    if "toc_page" in metafunc.fixturenames:
        pages = [d + ".html" for d in toc_docnames(_book_dir())]
        metafunc.parametrize("toc_page", pages, ids=pages)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def book_dir() -> Path:
    return _book_dir()


@pytest.fixture(scope="session")
def site_dir() -> Path:
    path = Path(os.environ.get("COURSE_SITE_DIR", REPO_ROOT / "_build" / "html")).resolve()
    if not (path / "index.html").is_file():
        pytest.fail(f"No built site at {path} (index.html missing): run 'make book' first, "
                    "or set COURSE_SITE_DIR to a built site's html folder.")
    return path


@pytest.fixture(scope="session")
def build_dir(site_dir) -> Path:
    return site_dir.parent


@pytest.fixture(scope="session")
def toc_pages(book_dir) -> list[str]:
    return [d + ".html" for d in toc_docnames(book_dir)]


@pytest.fixture(scope="session")
def screenshot_dir(build_dir) -> Path:
    path = build_dir / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _skip_or_fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Python Playwright is not installed in this environment (see requirements.txt)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    rate = float(os.environ.get("COURSE_CPU_THROTTLE", "0") or 0)
    if rate > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.requests_seen, page.failed_requests, page.console_messages = [], [], []
    page.on("request", lambda r: page.requests_seen.append(r.url))
    page.on("requestfailed", lambda r: page.failed_requests.append((r.url, r.failure or "failed")))
    page.on("response", lambda r: r.status >= 400
            and page.failed_requests.append((r.url, f"HTTP {r.status}")))
    page.on("console", lambda m: page.console_messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: page.console_messages.append(("pageerror", str(e))))
    yield page
    context.close()
