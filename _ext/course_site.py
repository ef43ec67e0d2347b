"""Local Sphinx extension ``course_site``: keeps the built site light, offline and honest.

1. Vendored files (``_static/vendor/**``) stay off the global script/style lists: Jupyter Book 1
   adds every ``*.js``/``*.css`` under ``_static`` to every page, but MathJax must load only on
   pages with maths, and only when maths nears the viewport (or on print). No widget manager is
   loaded: kernel-free explorers are plain HTML (docs/decisions/0010), and their frame files are
   published into ``_explorer_frames/`` at ``build-finished`` (a missing frame fails the build).
2. The theme's Font Awesome *script* (about 1.5 MB) is removed from the written pages, and its
   icons are drawn without the full webfont (docs/decisions/0012). The theme writes that tag
   from a template macro, so it is removed from the HTML files at ``build-finished``.
3. Inline scripts that Sphinx 7 registers twice (sphinx-thebe's ``THEBE_JS_URL`` constant, a
   console error) are deduplicated; when Thebe is off its scripts, stylesheet and per-page
   configuration are dropped altogether.
4. The theme follows the reader's system colour scheme (``default_mode: auto``); see
   ``THEME_NOW`` for the console error the empty default used to cause.
   MathJax is not loaded on prose pages without maths of their own (e.g. the root page).
   Local scripts are deferred (except on the search page), so they do not block rendering.
5. Launch links (Binder, Colab, JupyterHub) are derived from the one ``repository.url`` in
   ``_config.yml`` and point at the generated ``notebooks/<page>.ipynb`` (Colab cannot open
   MyST Markdown). While the URL is empty, no launch link and no repository link is shown.
   When ``launch_buttons.jupyterhub_url`` also names the class's hub, each page with a notebook
   copy starts with an nbgitpuller link "Open on your class's JupyterHub" (``class_hub_link``).
6. Accessibility of markup we do not write ourselves: the theme's sidebar ``<summary>`` toggles
   (a chevron icon only) get an accessible name from their section's link; bibliography entries
   get ``role="listitem"`` instead of docutils' ``doc-biblioentry`` (deprecated in DPUB-ARIA 1.1),
   so the ``role="list"`` around them holds list items as ARIA requires.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from html import escape as html_escape
from urllib.parse import quote, urlencode

VENDOR_PREFIX = "vendor/"
DEFAULT_BINDER = "https://mybinder.org"
DEFAULT_COLAB = "https://colab.research.google.com"
KEEP_UNDEFERRED = ("documentation_options.js", "doctools.js")
LAUNCH_KEYS = ("binderhub_url", "colab_url", "jupyterhub_url", "deepnote_url", "jupyterlite_url")
FONTAWESOME_TAG = re.compile(r'[ \t]*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>'
                             r"</script>\n?")
# Kernel-free explorer frames (widgets/explorers/frozen.py): pages name them as
# FRAME_TOKEN + "<20 hex digits>.png"; build-finished makes that a relative URL into FRAME_FOLDER
# and copies each named frame there from the store the notebooks' kernels wrote to.
FRAME_TOKEN = "__course_frames__/"
FRAME_FOLDER = "_explorer_frames"
# ROOT_TOKEN + "intro.html" in an explorer's note becomes a link relative to the page.
ROOT_TOKEN = "__course_root__/"
FRAME_REF = re.compile(r'(__course_frames__/|(?:\.\./)*_explorer_frames/)([0-9a-f]{20}\.png)')
EXPLORER_DATA = re.compile(r'<div class="course-explorer course-explorer-frozen[^"]*"[^>]*'
                           r'data-explorer="([^"]+)".*?<script type="application/json" '
                           r'class="course-explorer-data">(.*?)</script>', re.S)


# MathJax (about 260 kB gzip and a few hundred ms of script on a phone) is fetched only when
# maths comes within 800 px of the viewport (or the page is printed), not with the page.
# MathJax 3 typesets the whole page when it starts, whenever that is.
MATHJAX_LOADER = """(function () {
  var src = %s, done = false;
  function load() {
    if (done) { return; }
    done = true;
    var s = document.createElement("script");
    s.src = src;
    s.async = true;
    document.head.appendChild(s);
  }
  function start() {
    var maths = document.querySelectorAll(".math");
    if (!maths.length) { return; }
    if (!("IntersectionObserver" in window)) { load(); return; }
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); load(); }
    }, {rootMargin: "800px 0px"});
    maths.forEach(function (m) { seen.observe(m); });
  }
  window.addEventListener("beforeprint", load);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();"""
# The theme writes Sphinx's search scripts (and the whole search index) into every page's head,
# unconditionally and render-blocking; only search.html uses them (search-as-you-type is off: the
# search box submits to search.html).
SEARCH_TAGS = re.compile(r'[ \t]*<script src="(?:\.\./)*(?:_static/searchtools\.js|_static/language_data\.js|'
                         r'searchindex\.js)"></script>\n?')
# Figures in cell outputs below the first load when the reader nears them.
OUTPUT_IMG = re.compile(r'(<div class="cell_output docutils container">.*?)<img (?![^>]*\bloading=)', re.S)


# pydata-sphinx-theme reads its mode from html_context["default_mode"]; Jupyter Book leaves it
# unset, so the page wrote data-mode="" and the theme logged "Got invalid theme mode: . Resetting
# to auto." on every page. "auto" is valid and follows prefers-color-scheme. The theme's inline
# head script then sets data-theme="auto" (no such theme) until its deferred script runs; this
# inline script resolves it at once so the page is never drawn unthemed.
THEME_NOW = """(function () {
  var d = document.documentElement;
  if (d.dataset.theme !== "light" && d.dataset.theme !== "dark") {
    d.dataset.theme = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
})();"""
BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def _name(entry) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else str(entry)


def _site_wide(entries: list) -> list:
    """Keep non-vendored entries once each (JB1 lists ``_static`` twice when it is configured)."""
    kept, names = [], set()
    for entry in entries:
        name = _name(entry)
        if not name.startswith(VENDOR_PREFIX) and name not in names:
            names.add(name)
            kept.append(entry)
    return kept


def on_config_inited(app, config) -> None:
    """Drop vendored files from the global lists; take over the launch-button settings."""
    config.html_js_files = _site_wide(config.html_js_files)
    config.html_css_files = _site_wide(config.html_css_files)
    opts = config.html_theme_options
    # See THEME_NOW. Dark mode is styled in _static/course.css (figures sit on light cards).
    config.html_context.setdefault("default_mode", "auto")
    # One search box on every page: the sidebar's. Unless told otherwise, pydata-sphinx-theme adds a
    # second one to a page header that sphinx-book-theme otherwise leaves empty.
    opts.setdefault("navbar_persistent", [])
    launch = dict(opts.get("launch_buttons") or {})
    app.course_launch = {
        "repo": str(opts.get("repository_url") or "").strip().rstrip("/").removesuffix(".git"),
        "branch": str(opts.get("repository_branch") or "main"),
        "book": str(opts.get("path_to_docs") or "").strip("/"),
        "binder": str(launch.get("binderhub_url") or DEFAULT_BINDER).rstrip("/"),
        "colab": str(launch.get("colab_url") or DEFAULT_COLAB).rstrip("/"),
        "hub": str(launch.get("jupyterhub_url") or "").rstrip("/"),
        "ui": "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree",
        "thebe": bool(launch.get("thebe")),
    }
    # The theme would link the page's .md source; this extension links the .ipynb copy instead.
    opts["launch_buttons"] = {**launch, **{k: "" for k in LAUNCH_KEYS}}
    if app.course_launch["repo"]:
        opts["use_repository_button"] = True


def launch_links(cfg: dict, pagename: str) -> list[dict]:
    """Return theme header-button dicts launching ``notebooks/<pagename>.ipynb``.

    Parameters
    ----------
    cfg : dict
        ``app.course_launch`` (repository URL, branch, provider URLs).
    pagename : str
        Sphinx page name, e.g. ``chapters/01-origins``.

    Returns
    -------
    list of dict
        Empty when the repository URL is empty.

    Examples
    --------
    >>> cfg = {"repo": "", "branch": "main", "book": "", "binder": DEFAULT_BINDER,
    ...        "colab": DEFAULT_COLAB, "hub": "", "ui": "tree"}
    >>> launch_links(cfg, "chapters/01-origins")
    []
    """
    repo = cfg["repo"]
    if not repo:
        return []
    prefix = f"{cfg['book']}/" if cfg["book"] else ""
    nb_path = f"{prefix}notebooks/{pagename}.ipynb"
    match = re.match(r"https://github\.com/([^/]+)/([^/]+)$", repo)
    links = []
    if match:
        org, name = match.groups()
        binder = f"{cfg['binder']}/v2/gh/{org}/{name}/{cfg['branch']}"
    else:
        binder = f"{cfg['binder']}/v2/git/{quote(repo, safe='')}/{cfg['branch']}"
    links.append(("Binder", f"{binder}?urlpath={cfg['ui']}/{nb_path}",
                  "_static/images/logo_binder.svg"))
    if cfg["hub"]:
        query = urlencode({"repo": repo, "branch": cfg["branch"],
                           "urlpath": f"{cfg['ui']}/{repo.rsplit('/', 1)[-1]}/{nb_path}"}, safe="/")
        links.append(("JupyterHub", f"{cfg['hub']}/hub/user-redirect/git-pull?{query}",
                      "_static/images/logo_jupyterhub.svg"))
    if match:  # Colab opens notebooks from GitHub only
        links.append(("Colab", f"{cfg['colab']}/github/{org}/{name}/blob/{cfg['branch']}/{nb_path}",
                      "_static/images/logo_colab.png"))
    return [{"type": "link", "text": text, "tooltip": f"Launch on {text}", "icon": icon, "url": url}
            for text, url, icon in links]


def class_hub_link(cfg: dict, pagename: str) -> str:
    """The nbgitpuller link "Open on your class's JupyterHub" for a page, or ``""``.

    Derived from ``launch_buttons.jupyterhub_url`` (the class's hub) and ``repository.url``: the
    student's server copies the repository into ``~/<repository name>`` (or merges new commits into
    that copy) and opens the page's notebook copy in JupyterLab (docs/classroom.md). Empty while
    either setting is empty.

    Examples
    --------
    >>> cfg = {"repo": "https://github.com/org/course", "branch": "main", "book": "",
    ...        "hub": "https://hub.example.edu"}
    >>> class_hub_link(cfg, "chapters/01-origins")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https://github.com/org/course&branch=main&urlpath=lab/tree/course/notebooks/chapters/01-origins.ipynb'
    >>> class_hub_link({**cfg, "hub": ""}, "chapters/01-origins")
    ''
    """
    repo, hub = cfg.get("repo", ""), cfg.get("hub", "")
    if not repo or not hub:
        return ""
    prefix = f"{cfg['book']}/" if cfg.get("book") else ""
    folder = repo.rsplit("/", 1)[-1]
    query = urlencode({"repo": repo, "branch": cfg["branch"],
                       "urlpath": f"lab/tree/{folder}/{prefix}notebooks/{pagename}.ipynb"}, safe="/:")
    return f"{hub}/hub/user-redirect/git-pull?{query}"


CLASS_HUB_HTML = ('<p class="course-class-hub"><a href="{url}">Open on your class\'s JupyterHub</a> '
                  '(your own copy of this page\'s notebook, run live)</p>\n')


def _deferred(js):
    """Return a local script with ``defer`` so it does not block rendering.

    Kept as they are: inline scripts, scripts already async/deferred, remote ones, and
    ``KEEP_UNDEFERRED`` (inline scripts and the theme's search tools, which it loads without
    ``defer``, use them at once). The search page is left alone by the caller: its search
    breaks when its scripts are deferred.
    """
    name = str(getattr(js, "filename", "") or "")
    attrs = getattr(js, "attributes", None)
    if (attrs is None or not name or "://" in name or "async" in attrs or "defer" in attrs
            or name.endswith(KEEP_UNDEFERRED)):
        return js
    return type(js)(js.filename, priority=js.priority, **{**attrs, "defer": "defer"})


def _needs_mathjax(app, pagename: str) -> bool:
    """True unless the page is plain prose with no maths of its own.

    Sphinx also loads MathJax on a page whose *toctree children* have maths, so the root page
    would load it (about 1.1 MB) for nothing. Notebook pages keep it: their HTML outputs may
    hold TeX that MathJax typesets without Sphinx knowing.
    """
    try:
        own = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    except (KeyError, AttributeError):  # unknown Sphinx internals: keep MathJax
        return True
    is_notebook = "kernelspec" in app.env.metadata.get(pagename, {})
    return bool(own or is_notebook)


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    """Per page: dedupe scripts; drop unused Thebe and MathJax
    scripts; defer local scripts; add launch links when a notebook copy exists."""
    cfg = app.course_launch
    mathjax_unneeded = not _needs_mathjax(app, pagename)
    seen, scripts = set(), []
    for js in context.get("script_files", []):
        name = str(getattr(js, "filename", js) or "")
        body = getattr(js, "attributes", {}).get("body", "")
        if (name, body) in seen:
            continue
        if mathjax_unneeded and (name.endswith(app.config.mathjax_path)
                                 or body.startswith("window.MathJax")):
            continue
        if name.endswith(app.config.mathjax_path) and pagename != "search":
            url = context["pathto"]("_static/" + app.config.mathjax_path, 1)
            js = type(js)(None, priority=js.priority, body=MATHJAX_LOADER % json.dumps(url))
            name, body = "", js.attributes["body"]
        if not cfg["thebe"] and ("THEBE_JS_URL" in body or name.endswith("sphinx-thebe.js")):
            continue
        seen.add((name, body))
        scripts.append(js)
    context["script_files"] = scripts if pagename == "search" else [_deferred(js) for js in scripts]
    if not cfg["thebe"]:
        context["css_files"] = [css for css in context.get("css_files", [])
                                if not str(getattr(css, "filename", css)).endswith("sphinx-thebe.css")]

    notebook = Path(app.srcdir, "notebooks", pagename + ".ipynb")
    hub_url = class_hub_link(cfg, pagename) if notebook.is_file() else ""
    if hub_url and "body" in context:
        context["body"] = CLASS_HUB_HTML.format(url=html_escape(hub_url)) + context["body"]
    buttons = launch_links(cfg, pagename) if notebook.is_file() else []
    if buttons and "header_buttons" in context:
        context["header_buttons"].append({"type": "group", "tooltip": "Launch interactive content",
                                          "icon": "fas fa-rocket", "buttons": buttons,
                                          "label": "launch-buttons"})


def name_sidebar_toggles(html: str) -> str:
    """Give each text-less ``<summary>`` of the theme's sidebar an accessible name.

    ``html`` is the theme's BeautifulSoup (changed in place and returned) or a string.

    The theme writes ``li.has-children > a.reference + details > summary > span.toctree-toggle``;
    the summary holds only a chevron icon, so screen readers announce an unnamed control (axe
    ``summary-name``). The name is taken from the section's link.

    Examples
    --------
    >>> name_sidebar_toggles('<li class="has-children"><a class="reference" href="x.html">Appendix</a>'
    ...                      '<details><summary><span class="toctree-toggle"></span></summary></details></li>')
    '<li class="has-children"><a class="reference" href="x.html">Appendix</a><details><summary aria-label="Appendix: show or hide its pages"><span class="toctree-toggle"></span></summary></details></li>'
    """
    from bs4 import BeautifulSoup

    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        name = link.get_text(" ", strip=True) if link else "Section"
        summary["aria-label"] = f"{name}: show or hide its pages"
    return soup if soup is html else str(soup)


def _wrap_toctree(generate):
    def generate_toctree_html(*args, **kwargs):
        out = generate(*args, **kwargs)
        kind = kwargs.get("kind", args[0] if args else None)
        return name_sidebar_toggles(out) if kind == "sidebar" else out

    return generate_toctree_html


def on_page_accessibility(app, pagename, templatename, context, doctree) -> None:
    """Name the sidebar's toggles; bibliography entries become ARIA list items; resolve the
    colour scheme in the head (see ``THEME_NOW``)."""
    generate = context.get("generate_toctree_html")
    if callable(generate) and not getattr(generate, "__wrapped_by_course__", False):
        wrapped = _wrap_toctree(generate)
        wrapped.__wrapped_by_course__ = True
        context["generate_toctree_html"] = wrapped
    if "body" in context and "doc-biblioentry" in context["body"]:
        context["body"] = BIBLIOENTRY.sub(r'\1 role="listitem"', context["body"])
    if pagename == "search":  # its scripts are not deferred; keep the list as the theme wrote it
        return
    scripts = context.get("script_files", [])
    if scripts and not any(getattr(js, "attributes", {}).get("body") == THEME_NOW for js in scripts):
        js = type(scripts[0])(None, priority=0, body=THEME_NOW)
        context["script_files"] = [js] + list(scripts)


def on_doctree_resolved(app, doctree, docname) -> None:
    """With Thebe off, drop sphinx-thebe's per-page config (it names a sample Binder repo)."""
    if app.course_launch["thebe"]:
        return
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.startswith("<script>kernelName = "):
            node.parent.remove(node)


def lazy_output_images(text: str) -> str:
    """Add ``loading="lazy" decoding="async"`` to every cell-output image but the page's first.

    >>> page = ('<div class="cell_output docutils container"><img src="a.png"></div>'
    ...         '<div class="cell_output docutils container"><img src="b.png"></div>')
    >>> lazy_output_images(page).count('loading="lazy"')
    1
    """
    first = OUTPUT_IMG.search(text)
    if first is None:
        return text
    head, tail = text[:first.end()], text[first.end():]
    return head + re.sub(r'<img (?![^>]*\bloading=)', '<img loading="lazy" decoding="async" ', tail)


PNG_IMG = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?)src="([^"]+\.png)"')


def png_size(data: bytes):
    """(width, height) from a PNG's IHDR chunk, or None if ``data`` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def sized_images(text: str, page: Path) -> str:
    r"""Give every PNG ``<img>`` without a width its file's ``width`` and ``height``, so the page
    reserves the figure's box before a lazy image arrives: a link to a figure (the claim ledger's,
    a ``{numref}``) then lands on the figure, not below it. The site CSS keeps ``height: auto``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "f.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4) + b"IHDR" + (640).to_bytes(4, "big")
    ...                               + (480).to_bytes(4, "big"))
    >>> sized_images('<img alt="x" src="f.png"/>', d / "page.html")
    '<img width="640" height="480" alt="x" src="f.png"/>'
    """
    def add(match):
        target = (page.parent / match.group(2)).resolve()
        try:
            size = png_size(target.read_bytes()[:24])
        except OSError:
            size = None
        if size is None:
            return match.group(0)
        return f'<img width="{size[0]}" height="{size[1]}" {match.group(1)}src="{match.group(2)}"'
    return PNG_IMG.sub(add, text)


# Ordinary chapter figures drawn by widgets.figures.show: a wide PNG whose tEXt chunk FIGURE_KEY
# names a phone version in the frame store becomes a <picture> choosing it on narrow screens.
FIGURE_KEY = "course-figure"
PHONE_MEDIA = "screen and (max-width: 600px)"
WRAPPED = re.compile(r'<source media="[^"]*" srcset="[^"]*" width="\d+" height="\d+">\Z')
SIZED_PNG_IMG = re.compile(r'<img width="(\d+)" height="(\d+)" ([^>]*?)src="([^"]+\.png)"([^>]*)>')


def png_text(data: bytes) -> dict:
    """The ``tEXt`` chunks of a PNG as ``{keyword: text}`` (empty if none or not a PNG).

    >>> import io, PIL.Image, PIL.PngImagePlugin
    >>> info = PIL.PngImagePlugin.PngInfo(); info.add_text("k", "v")
    >>> buf = io.BytesIO(); PIL.Image.new("RGB", (2, 2)).save(buf, "PNG", pnginfo=info)
    >>> png_text(buf.getvalue())
    {'k': 'v'}
    """
    out, pos = {}, 8
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return out
    while pos + 8 <= len(data):
        length, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        if kind == b"tEXt":
            key, _, value = data[pos + 8:pos + 8 + length].partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"IEND":
            break
        pos += 12 + length
    return out


def phone_pictures(text: str, page: Path, outdir: Path, store: Path) -> str:
    """Wrap every sized PNG ``<img>`` whose file names a phone version (``FIGURE_KEY``) in a
    ``<picture>`` whose narrow-screen ``<source>`` is that version (its URL a frame token, which
    :func:`publish_frames` resolves and copies). Raises ``RuntimeError`` naming the page and the
    figure if the phone file is not in ``store``.
    """
    import json

    def wrap(match):
        if WRAPPED.search(match.string, 0, match.start()):  # a page left from an earlier build
            return match.group(0)
        target = (page.parent / match.group(4)).resolve()
        try:
            meta = png_text(target.read_bytes()).get(FIGURE_KEY)
        except OSError:
            meta = None
        phone = json.loads(meta)["phone"] if meta else None
        if phone is None:
            return match.group(0)
        if not (store / phone["name"]).is_file():
            alt = re.search(r'alt="([^"]*)"', match.group(0))
            raise RuntimeError(
                f"{page.relative_to(outdir)}: the phone version {phone['name']} of the figure "
                f"{(alt.group(1)[:60] + '...') if alt else match.group(4)!r} is missing from {store}. "
                f"The execution cache outlived the frame store: run 'make book-clean' and build again.")
        return (f'<picture class="course-figure-picture"><source media="{PHONE_MEDIA}" '
                f'srcset="{FRAME_TOKEN}{phone["name"]}" width="{phone["width"]}" height="{phone["height"]}">'
                f'{match.group(0)}</picture>')
    return SIZED_PNG_IMG.sub(wrap, text)


ICON_CLASS = re.compile(r'class="([^"]*(?<![\w-])(?:fa[srb]|fa-solid|fa-regular|fa-brands)(?![\w-])[^"]*)"')
ICON_CSS = "course-icons.css"


def icon_paths(fontawesome_js: str, names) -> dict:
    """``{name: (width, height, svg path)}`` for Font Awesome icons, read from the theme's own
    ``fontawesome.js`` (which holds every icon's SVG path; the site does not load it).

    >>> js = 'x={"sun":[512,512,[9728],"f185","M361.5 1.2z"]}'
    >>> icon_paths(js, ["sun", "none"])
    {'sun': (512, 512, 'M361.5 1.2z')}
    """
    found = {}
    for name in names:
        key = re.escape(name)  # minified: identifier keys lose their quotes
        m = re.search(r'(?:"%s"|[{,]%s):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*","([^"]+)"' % (key, key),
                      fontawesome_js)
        if m:
            found[name] = (int(m.group(1)), int(m.group(2)), m.group(3))
    return found


def write_icon_css(app) -> list:
    """Draw the theme's few Font Awesome icons as inline SVG (CSS masks) and return their names.

    The theme's CSS draws icons with three webfonts (about 290 kB); the pages use a dozen solid
    icons. For each icon class found in the written pages, ``_static/course-icons.css`` draws
    the icon's SVG path (from the theme's ``fontawesome.js``) as a mask in ``currentColor``, and
    empties the font glyph, so no browser downloads an icon font (it fetches a face only to draw
    text with it). Icons keep their size (1 em high), colour, dark mode and hover styles.
    """
    import pydata_sphinx_theme

    outdir = Path(app.outdir)
    names = set()
    for page in outdir.rglob("*.html"):
        for classes in ICON_CLASS.findall(page.read_text(encoding="utf-8")):
            names |= {c[3:] for c in classes.split() if c.startswith("fa-")} - {
                "solid", "regular", "brands", "lg", "sm", "xs", "fw", "2x", "3x"}
    js_path = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / \
        "scripts" / "fontawesome.js"
    paths = icon_paths(js_path.read_text(encoding="utf-8"), sorted(names)) if js_path.is_file() else {}
    rules = ["/* Written by _ext/course_site.py: the theme's icons as inline SVG, no icon font. "
             "Icons: Font Awesome Free 6 (CC BY 4.0), https://fontawesome.com/license/free */"]
    for name, (w, h, d) in sorted(paths.items()):
        svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{d}'/></svg>")
        url = "url(\"data:image/svg+xml," + quote(svg, safe="/:=' ") + "\")"
        rules.append(f".fa-{name}::before{{content:\"\" !important;display:inline-block;width:{w / h:.4g}em;"
                     f"height:1em;vertical-align:-0.125em;background-color:currentColor;"
                     f"-webkit-mask:{url} center/contain no-repeat;mask:{url} center/contain no-repeat}}")
    rules += _solid_font_subset(outdir)
    (outdir / "_static").mkdir(exist_ok=True)
    (outdir / "_static" / ICON_CSS).write_text("\n".join(rules) + "\n", encoding="utf-8")
    return sorted(paths)


# Glyphs the theme's CSS draws itself (admonition titles, toggles, external links...), as
# opposed to the per-icon classes (`.fa-x{--fa:"\f..."}`), which the SVG rules above replace.
CSS_GLYPH = re.compile(r'(?:--pst-icon-[a-z-]+|content)\s*:\s*"(\\f[0-9a-f]{3}|[\ue000-\uf8ff])"')


def _solid_font_subset(outdir: Path) -> list:
    """Replace the 150 kB solid icon webfont by a subset holding only the glyphs the theme's own
    CSS rules draw; return the ``@font-face`` rule (empty if the font or fontTools is missing)."""
    fonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    ttf = fonts / "fa-solid-900.ttf"
    try:
        from fontTools import subset
    except ImportError:
        return []
    if not ttf.is_file():
        return []
    codepoints = set()
    for css in (outdir / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="ignore")
        for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", text):
            if ".fa-" in selector or ".fa," in selector:
                continue  # Font Awesome's own per-icon classes
            for g in CSS_GLYPH.findall(body):
                codepoints.add(int(g[1:], 16) if g.startswith("\\") else ord(g))
    if not codepoints:
        return []
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(str(ttf), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(codepoints))
    sub.subset(font)
    out = fonts / "fa-solid-subset.woff"
    subset.save_font(font, str(out), options)
    return ['@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;font-display:block;'
            'src:url(vendor/fontawesome/webfonts/fa-solid-subset.woff) format("woff")}']


# The theme's stylesheet (Bootstrap included) is 65 kB gzip and render-blocking on every page;
# most of its rules name classes no page and no script of the site uses. Build-finished rewrites
# the copy in _build/html from the theme's own file, keeping every rule any page could need.
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
CSS_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
WORD = re.compile(r"[A-Za-z_][\w-]*")


def _selector_may_match(selector: str, words: set) -> bool:
    """False only if every comma-separated part names a class that is no word of the site."""
    for part in selector.split(","):
        part = re.sub(r"::?[\w-]+(\([^()]*\))?", "", part)  # pseudo-classes, :not(...) and ::parts
        if all(c in words for c in CSS_CLASS.findall(part)):
            return True
    return False


def used_css(css: str, words: set) -> str:
    """``css`` without the rules whose selectors name a class that is in no word of ``words``
    (every word of every page and script of the site, so classes a script adds are kept).
    At-rules other than grouping ones (``@font-face``, ``@keyframes``...) are kept whole.

    >>> used_css(".a{color:red}.b .c{color:blue}@media print{.b{x:1}.a{y:2}}", {"a"})
    '.a{color:red}\\n@media print{.a{y:2}\\n}'
    """
    import tinycss2

    def keep(rules):
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                if _selector_may_match(tinycss2.serialize(rule.prelude), words):
                    out.append(rule)
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in (
                    "media", "supports", "layer", "container"):
                inner = keep(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))
                if inner:
                    rule.content = [t for r in inner for t in (r, tinycss2.ast.WhitespaceToken(0, 0, "\n"))]
                    out.append(rule)
            elif rule.type not in ("whitespace", "comment"):
                out.append(rule)
        return out

    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return "\n".join(tinycss2.serialize([r]) for r in keep(rules))


def prune_theme_css(outdir: Path) -> tuple[int, int]:
    """Write the used part of the theme's stylesheet over its copy in ``outdir``; returns the
    sizes (bytes) before and after."""
    import pydata_sphinx_theme

    source = next(Path(pydata_sphinx_theme.__file__).parent.rglob("pydata-sphinx-theme.css"))
    target = outdir / THEME_CSS
    if not target.is_file():
        return 0, 0
    words = set()
    for path in list(outdir.rglob("*.html")) + list(outdir.rglob("*.js")):
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    css = source.read_text(encoding="utf-8")
    kept = used_css(css, words)
    target.write_text(kept, encoding="utf-8")
    return len(css), len(kept)


def frame_store() -> Path:
    """Where the notebooks' kernels wrote explorer frames (``widgets.explorers.frozen.store_dir``)."""
    from widgets.explorers.frozen import store_dir

    return store_dir()


def _missing_frame_message(page: Path, text: str, name: str, outdir: Path) -> str:
    """Name the explorer and the setting whose frame ``name`` is missing from the store."""
    import itertools
    import json

    for explorer, blob in EXPLORER_DATA.findall(text):
        data = json.loads(blob)
        for k, frame in enumerate(data["frames"]):
            if name in frame[:2]:
                idx = next(itertools.islice(itertools.product(*[range(n) for n in data["dims"]]), k, None))
                setting = ", ".join(f"{p['label']} = {p['values'][i]}" for p, i in zip(data["params"], idx))
                layout = "wide" if frame[0] == name else "phone"
                return (f"explorer {explorer!r} on {page.relative_to(outdir)}: the {layout} frame for setting "
                        f"({setting}) is missing ({name} not in {frame_store()}). The execution cache outlived "
                        f"the frame store: run 'make book-clean' (or delete _build) and build again.")
    return (f"{page.relative_to(outdir)}: explorer frame {name} is missing from {frame_store()}; "
            f"run 'make book-clean' and build again.")


def publish_frames(outdir: Path) -> int:
    """Point every page's explorer frames at ``FRAME_FOLDER`` and copy them there.

    Returns the number of frames the site uses. Frames no page uses are removed from the
    folder. Raises ``RuntimeError`` naming the explorer and setting if a frame is missing.
    """
    import json
    import shutil

    target = outdir / FRAME_FOLDER
    target.mkdir(exist_ok=True)
    store = frame_store()
    used = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "_frames" not in text:
            continue
        depth = len(page.relative_to(outdir).parts) - 1
        prefix = "../" * depth + FRAME_FOLDER + "/"
        names = {m.group(2) for m in FRAME_REF.finditer(text)}
        for _, blob in EXPLORER_DATA.findall(text):  # every position's frames, wide and phone
            names.update(n for frame in json.loads(blob)["frames"] for n in frame[:2])
        for name in sorted(names - used):
            src, dst = store / name, target / name
            if not dst.is_file():
                if not src.is_file():
                    raise RuntimeError(_missing_frame_message(page, text, name, outdir))
                shutil.copyfile(src, dst)
        used |= names
        new = (FRAME_REF.sub(lambda m: prefix + m.group(2), text).replace(FRAME_TOKEN, prefix)
               .replace(ROOT_TOKEN, "../" * depth))
        if new != text:
            page.write_text(new, encoding="utf-8")
    for stale in target.glob("*.png"):
        if stale.name not in used:
            stale.unlink()
    return len(used)


def on_build_finished(app, exception) -> None:
    """Remove the Font Awesome script tag (and, except on the search page, the search scripts)
    from every written HTML page; lazy figures; publish explorer frames; write the icon CSS."""
    if exception is not None or app.builder.format != "html":
        return
    store = frame_store()
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = sized_images(lazy_output_images(FONTAWESOME_TAG.sub("", text)), page)
        new = phone_pictures(new, page, Path(app.outdir), store)
        if page.name != "search.html" or page.parent != Path(app.outdir):
            new = SEARCH_TAGS.sub("", new)
        if new != text:
            page.write_text(new, encoding="utf-8")
    publish_frames(Path(app.outdir))
    write_icon_css(app)
    prune_theme_css(Path(app.outdir))


def setup(app):
    app.connect("config-inited", on_config_inited)
    # Drawn at build-finished from the icons the pages use (see write_icon_css).
    app.add_css_file(ICON_CSS, priority=900)
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("html-page-context", on_page_accessibility, priority=950)
    app.connect("doctree-resolved", on_doctree_resolved, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
