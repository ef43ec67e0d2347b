"""axe-core finds no serious or critical WCAG 2 A/AA violation on any TOC page.

For every page in ``_toc.yml`` the built page is loaded in Chromium (fixtures of
tests/conftest.py), the vendored axe-core (``tests/vendor/axe-core/axe.min.js``, pinned with the
npm registry's integrity by ``scripts/vendor_test_tools.py``; it is injected by the test and is
not part of the site) is run over the whole document with the WCAG 2.0/2.1 A and AA rules,
after every closed toggle and dropdown in the article has been opened. Every violation node of
impact "serious" or "critical" fails the test unless ``ALLOWED`` below lists it. Violations
inside our content (``#main-content`` / ``.bd-article``) and in the theme's chrome are both
reported; the message gives rule id, impact, where, target selector and help.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Known violations we cannot fix in our own files: (rule id, CSS selector the node must sit
# in, reason). Keep this short; every entry is markup written by a tool we do not control.
ALLOWED = [
    ("summary-name", ".bd-sidenav details > summary",
     "pydata-sphinx-theme's sidebar: the toggle that expands a TOC section is a <summary> "
     "holding only a chevron icon, with no text. Theme chrome outside our content; the section "
     "link next to it carries the name."),
    ("aria-required-children", ".citation-list",
     "Bibliography page, markup written by docutils: role='list' whose entries carry "
     "role='doc-biblioentry', a role ARIA 1.3 deprecates, so axe counts the entries' "
     "back-link anchors as direct list children. Not our markup; entries still read in order."),
]

# Open what starts closed in our content (exercise solutions, hidden code, dropdowns), so the
# audit covers it too.
OPEN_ALL = """
() => {
  const buttons = [...document.querySelectorAll('.bd-article button.toggle-button')];
  buttons.forEach(b => { if (b.getAttribute('aria-expanded') !== 'true') b.click(); });
  const closed = [...document.querySelectorAll('.bd-article details:not([open])')];
  closed.forEach(d => { d.open = true; });
  return buttons.length + closed.length;
}
"""

RUN_AXE = """
async ([tags, allowed]) => {
  const result = await axe.run(document, {resultTypes: ['violations'],
                                          runOnly: {type: 'tag', values: tags}});
  const found = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const sel = node.target[node.target.length - 1];
      let el = null;
      try { el = typeof sel === 'string' ? document.querySelector(sel) : null; } catch (e) {}
      const allow = allowed.find(([rule, inside]) => rule === v.id && el && el.closest(inside));
      found.push({rule: v.id, impact: node.impact || v.impact, help: v.help,
                  target: node.target.join(' >> '),
                  where: el && el.closest('#main-content, .bd-article') ? 'content' : 'chrome',
                  allowedBy: allow ? allow[1] : null});
    }
  }
  return {found, ruleCount: result.passes.length + result.violations.length
                            + result.incomplete.length + result.inapplicable.length};
}
"""


def _axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run '.venv/bin/python scripts/vendor_test_tools.py "
                    "--check-or-fetch' to vendor axe-core")
    return AXE


def _run_axe(page, site_url: str, toc_page: str) -> dict:
    response = page.goto(site_url + toc_page, wait_until="load")
    assert response is not None and response.status == 200, f"{toc_page} did not load"
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:  # audit the drawn explorers, not their placeholders
        page.wait_for_function("(n) => document.querySelectorAll('.widget-subarea').length >= n",
                               arg=views, timeout=30000)
    opened = page.evaluate(OPEN_ALL)
    if opened:  # let the opened content lay out (togglebutton animates the height)
        page.wait_for_timeout(600)
    page.add_script_tag(path=str(_axe_path()))
    return page.evaluate(RUN_AXE, [TAGS, [[rule, inside] for rule, inside, _ in ALLOWED]])


def _describe(nodes: list[dict]) -> str:
    return "\n".join(f"  [{n['rule']}] {n['impact']} in {n['where']}: {n['target']} - {n['help']}"
                     for n in nodes)


def test_no_serious_axe_violations(page, site_url, toc_page):
    report = _run_axe(page, site_url, toc_page)
    assert report["ruleCount"] > 20, f"{toc_page}: axe ran only {report['ruleCount']} rules"
    blocking = [n for n in report["found"] if n["impact"] in BLOCKING and not n["allowedBy"]]
    assert not blocking, (f"{toc_page}: axe-core found serious/critical WCAG 2 A/AA violations "
                          f"(fix them, or list theme chrome in ALLOWED with a reason):\n"
                          + _describe(blocking))


def test_axe_catches_a_violation_in_our_content(page, site_url, toc_pages):
    """The check can fail: an unlabelled button put into the article is reported as content."""
    page.goto(site_url + toc_pages[0], wait_until="load")
    page.evaluate("() => { const b = document.createElement('button'); b.id = 'a11y-probe';"
                  " document.querySelector('.bd-article').appendChild(b); }")
    page.add_script_tag(path=str(_axe_path()))
    report = page.evaluate(RUN_AXE, [TAGS, [[rule, inside] for rule, inside, _ in ALLOWED]])
    probe = [n for n in report["found"] if n["target"] == "#a11y-probe"]
    found = [(n["rule"], n["where"], n["allowedBy"]) for n in probe]
    assert found == [("button-name", "content", None)]
    assert probe[0]["impact"] in BLOCKING


def test_allow_list_entries_are_explained():
    assert len(ALLOWED) <= 5, "keep the allow-list short; fix violations instead"
    for rule, inside, reason in ALLOWED:
        assert rule and inside and len(reason) > 40, f"allow-list entry {rule!r} needs a reason"
