"""axe-core finds no WCAG 2 A/AA violation of any impact on any TOC page, in light and dark mode.

For every page in ``_toc.yml`` and each colour scheme the built page is loaded in Chromium with
the reader's system set to that scheme (``prefers-color-scheme``, which the theme follows),
every toggle button, dropdown and ``<details>`` (article and sidebars) is opened
(tests/page_audit.py), and the vendored axe-core (``tests/vendor/axe-core/axe.min.js``, pinned
with the npm registry's integrity by ``scripts/vendor_test_tools.py``; injected by the test, not
part of the site) runs over the whole document with the WCAG 2.0/2.1 A and AA rules. There is no
allow-list: every violation node fails, with rule id, impact, where (our content or the theme's
chrome), target selector and help. The results per page are written to
``<build>/audit/axe-<page>-<scheme>.json`` for the record.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from page_audit import SCHEMES, open_page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {resultTypes: ['violations'],
                                          runOnly: {type: 'tag', values: tags}});
  const found = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const sel = node.target[node.target.length - 1];
      let el = null;
      try { el = typeof sel === 'string' ? document.querySelector(sel) : null; } catch (e) {}
      found.push({rule: v.id, impact: node.impact || v.impact, help: v.help,
                  target: node.target.join(' >> '),
                  where: el && el.closest('#main-content, .bd-article') ? 'content' : 'chrome'});
    }
  }
  return {found, ruleCount: result.passes.length + result.violations.length
                            + result.incomplete.length + result.inapplicable.length,
          passed: result.passes.length};
}
"""


def _axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run '.venv/bin/python scripts/vendor_test_tools.py "
                    "--check-or-fetch' to vendor axe-core")
    return AXE


def _describe(nodes: list[dict]) -> str:
    return "\n".join(f"  [{n['rule']}] {n['impact']} in {n['where']}: {n['target']} - {n['help']}"
                     for n in nodes)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations(page, site_url, toc_page, scheme, build_dir):
    open_page(page, site_url + toc_page, scheme)
    theme = page.evaluate("document.documentElement.dataset.theme")
    assert theme == scheme, f"{toc_page}: system prefers {scheme} but the page shows the {theme} theme"
    page.add_script_tag(path=str(_axe_path()))
    report = page.evaluate(RUN_AXE, TAGS)
    out = build_dir / "audit"
    out.mkdir(parents=True, exist_ok=True)
    name = toc_page.replace("/", "__").removesuffix(".html")
    (out / f"axe-{name}-{scheme}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"axe {toc_page} [{scheme}]: {len(report['found'])} violations, "
          f"{report['passed']} rules passed of {report['ruleCount']}")
    assert report["ruleCount"] > 20, f"{toc_page}: axe ran only {report['ruleCount']} rules"
    assert not report["found"], (f"{toc_page} [{scheme} mode]: axe-core found WCAG 2 A/AA "
                                 f"violations:\n" + _describe(report["found"]))


@pytest.mark.browser
def test_axe_catches_a_violation_in_our_content(page, site_url, toc_pages):
    """The check can fail: an unlabelled button put into the article is reported as content."""
    open_page(page, site_url + toc_pages[0], "dark")
    page.evaluate("() => { const b = document.createElement('button'); b.id = 'a11y-probe';"
                  " document.querySelector('.bd-article').appendChild(b); }")
    page.add_script_tag(path=str(_axe_path()))
    report = page.evaluate(RUN_AXE, TAGS)
    probe = [n for n in report["found"] if n["target"] == "#a11y-probe"]
    assert [(n["rule"], n["where"]) for n in probe] == [("button-name", "content")]
    assert probe[0]["impact"] == "critical"


def test_sidebar_toggles_are_named(site_dir, toc_pages):
    """Every ``<summary>`` in the built pages has text or an aria-label (axe summary-name); the
    theme's sidebar toggles get theirs from _ext/course_site.py, named after their section."""
    named = 0
    for toc_page in toc_pages:
        html = (site_dir / toc_page).read_text(encoding="utf-8")
        for attrs, inner in re.findall(r"<summary([^>]*)>(.*?)</summary>", html, flags=re.S):
            text = re.sub(r"<[^>]+>", "", inner).strip()
            label = re.search(r'aria-label="([^"]+)"', attrs)
            assert text or label, f"{toc_page}: a <summary> has no accessible name: <summary{attrs}>{inner[:80]}"
            named += bool(label)
    assert named >= len(toc_pages), "expected the sidebar's section toggles to be named on every page"
    intro = (site_dir / toc_pages[0]).read_text(encoding="utf-8")
    assert 'aria-label="Data appendix: show or hide its pages"' in intro


def test_bibliography_entries_are_list_items(site_dir):
    """No deprecated ``doc-biblioentry`` role; each citation is a list item of its ``role=list``."""
    html = (site_dir / "chapters" / "bibliography.html").read_text(encoding="utf-8")
    assert "doc-biblioentry" not in html
    for block in re.findall(r'<div role="list" class="citation-list">(.*?)\n</div>\n</div>', html, flags=re.S):
        entries = re.findall(r'<div class="citation"[^>]*>', block)
        assert entries and all('role="listitem"' in e for e in entries), entries[:3]
    assert html.count('role="listitem"') >= 10
