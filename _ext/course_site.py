"""Local Sphinx extension ``course_site``: keeps the built site light, offline and honest.

1. Vendored files (``_static/vendor/**``) stay off the global script/style lists: Jupyter Book 1
   adds every ``*.js``/``*.css`` under ``_static`` to every page, but the widget manager must load
   only on pages with widget views (myst-nb does that via ``nb_ipywidgets_js``) and MathJax only
   on pages with maths (Sphinx does that via ``mathjax_path``).
2. The theme's Font Awesome *script* (about 1.5 MB) is removed from the written pages; the
   theme's CSS webfont already draws the icons. The theme writes that tag from a template
   macro, so it is removed from the HTML files at ``build-finished``.
3. Inline scripts that Sphinx 7 registers twice (sphinx-thebe's ``THEBE_JS_URL`` constant, a
   console error) are deduplicated; when Thebe is off its scripts, stylesheet and per-page
   configuration are dropped altogether.
4. The theme follows the reader's system colour scheme (``default_mode: auto``); see
   ``THEME_NOW`` for the console error the empty default used to cause.
   On widget pages a few lines let the widget manager's MathJax 2 call use MathJax 3.
   MathJax is not loaded on prose pages without maths of their own (e.g. the root page).
   Local scripts are deferred (except on the search page), so they do not block rendering.
5. Launch links (Binder, Colab, JupyterHub) are derived from the one ``repository.url`` in
   ``_config.yml`` and point at the generated ``notebooks/<page>.ipynb`` (Colab cannot open
   MyST Markdown). While the URL is empty, no launch link and no repository link is shown.
6. Accessibility of markup we do not write ourselves: the theme's sidebar ``<summary>`` toggles
   (a chevron icon only) get an accessible name from their section's link; bibliography entries
   get ``role="listitem"`` instead of docutils' ``doc-biblioentry`` (deprecated in DPUB-ARIA 1.1),
   so the ``role="list"`` around them holds list items as ARIA requires.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

VENDOR_PREFIX = "vendor/"
DEFAULT_BINDER = "https://mybinder.org"
DEFAULT_COLAB = "https://colab.research.google.com"
KEEP_UNDEFERRED = ("documentation_options.js", "doctools.js")
LAUNCH_KEYS = ("binderhub_url", "colab_url", "jupyterhub_url", "deepnote_url", "jupyterlite_url")
FONTAWESOME_TAG = re.compile(r'[ \t]*<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>'
                             r"</script>\n?")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# html-manager 1.0.x typesets widget labels with the MathJax 2 call MathJax.Hub.Queue(["Typeset",
# MathJax.Hub, el]) whenever window.MathJax exists; the site loads MathJax 3, which has no Hub,
# so that call threw "Cannot read properties of undefined (reading 'Queue')". Map it onto MathJax
# 3's typesetPromise once MathJax 3 has replaced its configuration object (before DOMContentLoaded).
MATHJAX2_SHIM = """document.addEventListener("DOMContentLoaded", function () {
  var mj = window.MathJax;
  if (!mj || mj.Hub) { return; }
  mj.Hub = {Queue: function (cmd) {
    var el = cmd && cmd[2];
    if (!el) { return; }
    ((mj.startup && mj.startup.promise) || Promise.resolve())
      .then(function () { return mj.typesetPromise ? mj.typesetPromise([el]) : null; })
      .catch(function (err) { console.warn("MathJax typeset of a widget failed", err); });
  }};
});"""


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
    """Per page: MathJax shim on widget pages; dedupe scripts; drop unused Thebe and MathJax
    scripts; defer local scripts; add launch links when a notebook copy exists."""
    cfg = app.course_launch
    if any(getattr(js, "attributes", {}).get("type") == WIDGET_STATE
           for js in context.get("script_files", [])):
        app.add_js_file(None, body=MATHJAX2_SHIM)
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
        if not cfg["thebe"] and ("THEBE_JS_URL" in body or name.endswith("sphinx-thebe.js")):
            continue
        seen.add((name, body))
        scripts.append(js)
    context["script_files"] = scripts if pagename == "search" else [_deferred(js) for js in scripts]
    if not cfg["thebe"]:
        context["css_files"] = [css for css in context.get("css_files", [])
                                if not str(getattr(css, "filename", css)).endswith("sphinx-thebe.css")]

    notebook = Path(app.srcdir, "notebooks", pagename + ".ipynb")
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


def on_build_finished(app, exception) -> None:
    """Remove the Font Awesome script tag from every written HTML page."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = FONTAWESOME_TAG.sub("", text)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app):
    app.connect("config-inited", on_config_inited)
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("html-page-context", on_page_accessibility, priority=950)
    app.connect("doctree-resolved", on_doctree_resolved, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
