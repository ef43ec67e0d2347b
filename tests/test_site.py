"""Browser tests over every page of the built site, served on 127.0.0.1.

Each TOC page must load with HTTP 200, request nothing from any other host, have no failed
request, and log no console error beyond ``tests/console_allowlist.py``. A full-page screenshot
of each page is saved under ``<build>/screenshots/`` for review. The intro page's transfer size
is measured and printed (a figure, not a timing assertion).
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from console_allowlist import unexpected_errors

pytestmark = pytest.mark.browser


def _settle(page) -> None:
    """Wait until the page's scripts, fonts and lazy MathJax/widget loads are done."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")


def test_page_loads_offline_without_errors(page, site_url, toc_page, screenshot_dir):
    response = page.goto(site_url + toc_page, wait_until="load")
    _settle(page)
    assert response is not None and response.status == 200, f"{toc_page}: HTTP status " \
        f"{response.status if response else 'none'}"
    off_site = [u for u in page.requests_seen
                if not u.startswith(site_url) and not u.startswith(("data:", "blob:"))]
    assert not off_site, f"{toc_page} requested other hosts: {off_site}"
    assert not page.failed_requests, f"{toc_page}: failed requests {page.failed_requests}"
    errors = unexpected_errors(page.console_messages)
    assert not errors, f"{toc_page}: console errors not in tests/console_allowlist.py: {errors}"
    _assert_local_renderers_worked(page, toc_page)
    shot = screenshot_dir / (toc_page.replace("/", "__").removesuffix(".html") + ".png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0


def _assert_local_renderers_worked(page, toc_page) -> None:
    """Vendored MathJax typeset the maths and the vendored widget manager drew every view."""
    html = page.content()
    if "vendor/mathjax/tex-chtml.js" in html and 'class="math' in html:
        page.wait_for_selector("mjx-container", timeout=20000)
        fonts = [u for u in page.requests_seen if "/vendor/mathjax/output/chtml/fonts/" in u]
        assert fonts, f"{toc_page}: MathJax drew maths but loaded no local font"
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea').length >= {views}",
                               timeout=30000)


def _local_file(site_dir: Path, site_url: str, url: str) -> Path:
    path = unquote(urlsplit(url).path)
    base = urlsplit(site_url).path
    rel = path[len(base):] if path.startswith(base) else path.lstrip("/")
    target = site_dir / rel
    return target / "index.html" if target.is_dir() else target


def test_intro_transfer_size_is_measured(page, site_url, site_dir, toc_pages):
    """Print the bytes the intro page transfers: raw, and as a gzip-serving host would send."""
    intro = toc_pages[0]
    page.goto(site_url + intro, wait_until="load")
    _settle(page)
    urls = sorted({u for u in page.requests_seen if u.startswith(site_url)})
    files = [_local_file(site_dir, site_url, u) for u in urls]
    missing = [str(f) for f in files if not f.is_file()]
    assert urls and not missing, f"requests that map to no file in the site: {missing}"
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)
    largest = sorted(files, key=lambda f: f.stat().st_size, reverse=True)[:5]
    print(f"\n[page weight] {intro}: {len(files)} requests, {raw / 1024:.0f} kB raw, "
          f"{zipped / 1024:.0f} kB gzip")
    for f in largest:
        print(f"  {f.stat().st_size / 1024:8.0f} kB  {f.relative_to(site_dir)}")
    assert zipped < raw


def test_search_works_offline(page, site_url, site_dir, toc_pages):
    """The built-in search finds a word of the root page's title without any network."""
    html = (site_dir / toc_pages[0]).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).split("&#8212;")[0]
    word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)
    page.goto(site_url + f"search.html?q={word}", wait_until="load")
    results = page.locator("ul.search li")
    results.first.wait_for(timeout=20000)
    assert results.count() > 0, f"search for {word!r} found nothing"
    off_site = [u for u in page.requests_seen if not u.startswith(site_url)]
    assert not off_site and not page.failed_requests, (off_site, page.failed_requests)
    assert not unexpected_errors(page.console_messages), page.console_messages


def test_site_root_redirects_without_failed_requests(page, site_url):
    """The site root (JB1's index.html redirect page) lands on the introduction; the browser's
    automatic /favicon.ico request must find a file there too (a 404 would count as a failure)."""
    page.goto(site_url, wait_until="load")
    _settle(page)
    assert page.url.endswith("intro.html"), f"the root redirected to {page.url}"
    assert not page.failed_requests, f"failed requests from the site root: {page.failed_requests}"
    assert page.context.request.get(site_url + "favicon.ico").status == 200
