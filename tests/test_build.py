"""Checks on the built HTML (no browser): every TOC page built, no stubs, nothing loaded
off-site, search index present, heavy scripts only where needed."""
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


def test_no_widget_manager_and_every_explorer_frame_is_built(site_dir):
    """Kernel-free explorers are plain HTML: no page holds widget state or loads a widget manager,
    and every frame a page names (its visible frame, its phone frame, every other position) is a
    file of the site, so the site works from a static host, from file:// and offline."""
    import json

    wrong, missing, explorers = [], [], 0
    for page in _html_files(site_dir):
        html = page.read_text(encoding="utf-8")
        if WIDGET_STATE in html or "jupyter-widgets" in html or "embed-amd" in html:
            wrong.append(str(page.relative_to(site_dir)))
        for blob in re.findall(r'<script type="application/json" class="course-explorer-data">(.*?)</script>',
                               html, re.S):
            explorers += 1
            base = re.search(r'data-frames-base="([^"]*)"', html).group(1)
            for frame in json.loads(blob)["frames"]:
                missing += [f for f in frame[:2] if not (page.parent / base / f).is_file()]
    assert not wrong, f"pages with widget state or a widget manager: {wrong}"
    assert explorers, "no kernel-free explorer found on any page"
    assert not missing, f"frames named by pages but not in the site: {missing[:5]}"


def test_no_font_awesome_script_and_no_thebe_leftovers(site_dir, book_dir):
    import yaml

    config = yaml.safe_load((book_dir / "_config.yml").read_text(encoding="utf-8"))
    thebe_on = bool((config.get("launch_buttons") or {}).get("thebe"))
    bad = []
    for page in _html_files(site_dir):
        html = page.read_text(encoding="utf-8")
        leftovers = html.count("THEBE_JS_URL") > 1 or (not thebe_on and (
            "THEBE_JS_URL" in html or "text/x-thebe-config" in html or "sphinx-thebe" in html))
        if "scripts/fontawesome.js" in html or leftovers:
            bad.append(str(page.relative_to(site_dir)))
    assert not bad, f"pages with the Font Awesome script or (unused/duplicated) Thebe code: {bad}"


def test_vendored_files_were_copied_into_the_site(site_dir):
    for rel in ("_static/vendor/mathjax/tex-chtml.js",):
        assert (site_dir / rel).is_file(), f"{rel} missing from the site: run 'make static'"


def _course_site():
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("course_site", root / "_ext" / "course_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _launch_cfg(repo: str, hub: str = "") -> dict:
    site = _course_site()
    return {"repo": repo, "branch": "main", "book": "", "binder": site.DEFAULT_BINDER,
            "colab": site.DEFAULT_COLAB, "hub": hub, "ui": "tree"}


def test_launch_links_point_at_the_generated_notebook():
    links = {b["text"]: b["url"] for b in _course_site().launch_links(
        _launch_cfg("https://github.com/org/course", hub="https://hub.example.edu"),
        "chapters/01-origins")}
    assert set(links) == {"Binder", "Colab", "JupyterHub"}
    # Public URL schemes of mybinder.org and Colab (github/<org>/<repo>/blob/<branch>/<path>).
    assert links["Binder"] == ("https://mybinder.org/v2/gh/org/course/main"
                               "?urlpath=tree/notebooks/chapters/01-origins.ipynb")
    assert links["Colab"] == ("https://colab.research.google.com/github/org/course/blob/main/"
                              "notebooks/chapters/01-origins.ipynb")
    assert links["JupyterHub"].startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert "urlpath=tree/course/notebooks/chapters/01-origins.ipynb" in links["JupyterHub"]


def test_no_launch_links_without_a_repository_url():
    assert _course_site().launch_links(_launch_cfg(""), "chapters/01-origins") == []


def test_built_pages_show_launch_links_only_with_a_repository_url(site_dir, book_dir):
    import yaml

    config = yaml.safe_load((book_dir / "_config.yml").read_text(encoding="utf-8"))
    repo = ((config.get("repository") or {}).get("url") or "").strip()
    pages = {str(p.relative_to(site_dir)): p.read_text(encoding="utf-8") for p in _html_files(site_dir)}
    with_links = sorted(name for name, html in pages.items()
                        if "mybinder.org" in html or "colab.research.google.com" in html)
    if not repo:
        assert not with_links, f"repository.url is empty, yet launch links appear on {with_links}"
    else:
        assert with_links, "repository.url is set but no page offers Binder/Colab links"


def test_check_toc_names_a_missing_file_and_the_fix(tmp_path, capsys):
    import check_toc  # scripts/ is on sys.path (conftest)

    (tmp_path / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "one.ipynb").write_text("{}", encoding="utf-8")
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: intro\nchapters:\n- file: chapters/one\n"
                   "- file: chapters/two\n", encoding="utf-8")
    assert check_toc.main([str(toc)]) == 1
    err = capsys.readouterr().err
    assert "chapters/two" in err and "chapters/one" not in err and "Fix:" in err
    toc.write_text("format: jb-book\nroot: intro\nchapters:\n- file: chapters/one\n", encoding="utf-8")
    assert check_toc.main([str(toc)]) == 0


def test_course_site_doctests():
    import doctest
    result = doctest.testmod(_course_site(), verbose=False)
    assert result.attempted > 0 and result.failed == 0


def test_every_png_image_on_a_page_reserves_its_box(site_dir):
    """A lazy image with no size makes the page jump as it arrives, so a link to a figure lands
    below it. Every PNG <img> carries the width and height of its file."""
    import re as _re
    site = _course_site()
    unsized, wrong = [], []
    for page in sorted(site_dir.rglob("*.html")):
        for tag in _re.findall(r"<img [^>]*>", page.read_text(encoding="utf-8")):
            src = _re.search(r'src="([^"]+\.png)"', tag)
            if not src:
                continue
            w, h = _re.search(r'width="(\d+)"', tag), _re.search(r'height="(\d+)"', tag)
            if not (w and h):
                unsized.append(f"{page.relative_to(site_dir)}: {src.group(1)}")
                continue
            size = site.png_size((page.parent / src.group(1)).read_bytes()[:24])
            if size != (int(w.group(1)), int(h.group(1))):
                wrong.append(f"{page.relative_to(site_dir)}: {src.group(1)} {size}")
    assert not unsized, f"PNG images without width/height: {unsized[:5]}"
    assert not wrong, f"PNG images whose width/height differ from the file: {wrong[:5]}"


def test_the_theme_stylesheet_keeps_every_class_the_pages_use(site_dir):
    """The site ships only the used part of the theme's stylesheet (decision 0076): every class
    a page's HTML names that the theme's own stylesheet styles is still styled, and the copy is
    much smaller than the original."""
    import re as _re
    from pathlib import Path

    import pydata_sphinx_theme

    site = _course_site()
    source = next(Path(pydata_sphinx_theme.__file__).parent.rglob("pydata-sphinx-theme.css")).read_text()
    shipped = (site_dir / site.THEME_CSS).read_text()
    used = set()
    for page in site_dir.rglob("*.html"):
        for attr in _re.findall(r'class="([^"]*)"', page.read_text(encoding="utf-8")):
            used.update(attr.split())
    import tinycss2

    def selectors(css):
        out, todo = set(), tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
        while todo:
            rule = todo.pop()
            if rule.type == "qualified-rule":
                out.add(tinycss2.serialize(rule.prelude).strip())
            elif rule.type == "at-rule" and rule.content is not None:
                todo.extend(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))
        return out

    needed = selectors(site.used_css(source, used))  # the rules the pages' own classes can match
    lost = sorted(needed - selectors(shipped))
    assert needed and not lost, f"rules the pages can match but the shipped stylesheet dropped: {lost[:10]}"
    assert len(shipped) < 0.6 * len(source), (len(shipped), len(source))
