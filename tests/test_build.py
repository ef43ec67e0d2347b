"""Checks on the built HTML (no browser): every TOC page built, no stubs, nothing loaded
off-site, search index present, heavy scripts only where needed (DESIGN §6, §11)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

# Tags/attributes through which a browser *loads* a resource (links in <a href> are not loads).
LOADING_ATTRS = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",),
                 "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
                 "embed": ("src",), "object": ("data",), "input": ("src",), "track": ("src",)}
LOADING_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "prefetch",
                "preconnect", "dns-prefetch", "manifest", "apple-touch-icon", "mask-icon"}
OFF_SITE = re.compile(r"^\s*(https?:)?//", re.I)
CSS_OFF_SITE = re.compile(r"""(url\(\s*['"]?\s*(https?:)?//|@import\s+['"](https?:)?//)""", re.I)
WIDGET_STATE = 'type="application/vnd.jupyter.widget-state+json"'


class _Loads(HTMLParser):
    """Collect every URL an HTML page asks the browser to load."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in LOADING_ATTRS.get(tag, ()):
            if attrs.get(name):
                self.urls += [part.strip().split(" ")[0] for part in attrs[name].split(",")] \
                    if name == "srcset" else [attrs[name]]
        if tag == "link" and attrs.get("href"):
            if LOADING_RELS & set((attrs.get("rel") or "").lower().split()):
                self.urls.append(attrs["href"])


def loaded_urls(html: str) -> list[str]:
    """Return the URLs that ``html`` makes a browser load."""
    parser = _Loads()
    parser.feed(html)
    return parser.urls


def _html_files(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def test_every_toc_page_was_built(site_dir, toc_pages):
    missing = [p for p in toc_pages if not (site_dir / p).is_file()]
    assert not missing, f"TOC pages with no HTML in {site_dir}: {missing} (rebuild: make book)"


def test_page_is_not_a_stub(site_dir, toc_page):
    path = site_dir / toc_page
    assert path.is_file(), f"{toc_page} was not built"
    assert "STUB-PAGE" not in path.read_text(encoding="utf-8"), \
        f"{toc_page} is still a stub page (contains STUB-PAGE)"


def test_loaded_urls_parser_finds_off_site_loads():
    html = ('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
            'href="//cdn.example/a.css"><a href="https://example.org">ok</a>'
            '<img srcset="a.png 1x, https://cdn.example/b.png 2x">')
    off = [u for u in loaded_urls(html) if OFF_SITE.match(u)]
    assert off == ["https://cdn.example/x.js", "//cdn.example/a.css", "https://cdn.example/b.png"]


def test_no_html_loads_anything_off_site(site_dir):
    pages = _html_files(site_dir)
    assert pages, f"no HTML in {site_dir}"
    bad = {str(p.relative_to(site_dir)): off for p in pages
           if (off := [u for u in loaded_urls(p.read_text(encoding="utf-8")) if OFF_SITE.match(u)])}
    assert not bad, f"pages that load resources from other hosts: {bad}"


def test_no_stylesheet_loads_anything_off_site(site_dir):
    bad = [str(p.relative_to(site_dir)) for p in site_dir.rglob("*.css")
           if CSS_OFF_SITE.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert not bad, f"stylesheets importing or fetching from other hosts: {bad}"


def test_search_index_lists_every_toc_page(site_dir, toc_pages):
    index = site_dir / "searchindex.js"
    assert index.is_file() and (site_dir / "search.html").is_file(), \
        "searchindex.js or search.html missing: the build did not finish"
    text = index.read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(")
    docnames = re.search(r'"docnames":\s*\[(.*?)\]', text).group(1)
    missing = [p for p in toc_pages if f'"{p.removesuffix(".html")}"' not in docnames]
    assert not missing, f"pages missing from the search index: {missing}"


def test_widget_manager_only_on_widget_pages(site_dir):
    """embed.js (≈1.9 MB) loads exactly on pages that hold widget state, and only locally."""
    wrong = []
    for page in _html_files(site_dir):
        html = page.read_text(encoding="utf-8")
        scripts = [u for u in loaded_urls(html) if "embed" in u and u.split("?")[0].endswith(".js")]
        has_state = WIDGET_STATE in html
        local = all("_static/vendor/jupyter-widgets/embed.js" in u for u in scripts)
        if has_state != bool(scripts) or not local:
            wrong.append((str(page.relative_to(site_dir)), has_state, scripts))
    assert not wrong, f"(page, has widget state, widget-manager scripts) mismatches: {wrong}"


def test_no_font_awesome_script_and_thebe_constant_at_most_once(site_dir):
    bad = []
    for page in _html_files(site_dir):
        html = page.read_text(encoding="utf-8")
        if "scripts/fontawesome.js" in html or html.count("THEBE_JS_URL") > 1:
            bad.append(str(page.relative_to(site_dir)))
    assert not bad, f"pages with the Font Awesome script or a duplicated THEBE script: {bad}"


def test_vendored_files_were_copied_into_the_site(site_dir):
    for rel in ("_static/vendor/jupyter-widgets/embed.js", "_static/vendor/mathjax/tex-chtml.js"):
        assert (site_dir / rel).is_file(), f"{rel} missing from the site: run 'make static'"
