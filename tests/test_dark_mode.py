"""Dark mode works: the site follows the reader's system scheme, text stays legible, no shadow
band covers content, pictures stay readable, and the theme toggle's first click shows a change.

The contrast test measures every visible text element of every TOC page in both schemes with
tests/page_audit.py (computed colours, effective background composed from the ancestors), after
opening all toggles, dropdowns and ``<details>``, and requires WCAG 2 AA's 4.5:1 for all text. It
is generic: new markup (explorers, quizzes, tables) is measured as it renders. The per-page
minimum is printed and written to ``<build>/audit/contrast-<page>-<scheme>.json``, and full-page
screenshots at 1280 px and 390 px go to ``<build>/screenshots/<page>__<scheme>-<width>.png``
(at both widths the page itself must not scroll sideways).
"""
from __future__ import annotations

import json

import pytest

from console_allowlist import unexpected_errors
from page_audit import MIN_CONTRAST, SCHEMES, describe_low, open_page, text_contrast

pytestmark = pytest.mark.browser

CHAPTER = "chapters/01-origins.html"
WIDTHS = (1280, 390)

BODY_LUMINANCE = """
() => {
  const m = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
}
"""

# Elements in the article holding text and painted with a gradient or an inset shadow band: such
# bands sat over the edges of tables and the quiz and hid their first characters. Text-less ones
# (a slider's track) are fine, and so is Bootstrap's table tint, an inset shadow with a 9999px
# spread that covers the whole cell (a background; the contrast test measures it as one).
SHADOW_BANDS = """
() => [...document.querySelectorAll('.bd-article *')].filter(e => {
  if (!e.textContent.trim() || !e.getClientRects().length) return false;
  const cs = getComputedStyle(e);
  const visible = (c) => !/^rgba\\([^)]*,\\s*0\\)$/.test(c) && c !== 'transparent';
  const colours = (v) => v.match(/rgba?\\([^)]*\\)/g) || [];
  if (/gradient\\(/.test(cs.backgroundImage) && colours(cs.backgroundImage).some(visible)) return true;
  return cs.boxShadow.split(/,(?![^(]*\\))/).some(sh => /inset/.test(sh) && colours(sh).some(visible)
    && !(Number((sh.replace(/rgba?\\([^)]*\\)/, '').match(/-?[\\d.]+px/g) || []).map(parseFloat)[3] || 0) >= 1000));
}).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))
"""

# Each visible PNG in the article (figures, explorer frames) and the colour right behind it.
PNG_BACKDROPS = """
() => [...document.querySelectorAll('.bd-article img')]
  .filter(i => /\\.png($|\\?)|^data:image\\/png/.test(i.getAttribute('src') || '') && i.getClientRects().length
               && i.checkVisibility())
  .map(i => {
    let bg = 'rgba(0, 0, 0, 0)';
    for (let e = i; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(c)) { bg = c; break; }
    }
    return {src: (i.getAttribute('src') || '').slice(0, 40), bg, filter: getComputedStyle(i).filter};
  })
"""


def _luminance(css: str) -> float:
    import re

    r, g, b = (float(v) for v in re.findall(r"[\d.]+", css)[:3])
    f = lambda v: v / 255 / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4  # noqa: E731
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_site_follows_the_system_scheme(page, site_url, toc_pages, scheme):
    """With no choice stored, the page uses the reader's prefers-color-scheme; console stays clean."""
    for toc_page in (toc_pages[0], CHAPTER):
        page.emulate_media(color_scheme=scheme)
        page.goto(site_url + toc_page, wait_until="load")
        page.wait_for_load_state("networkidle")
        mode, theme = page.evaluate("[document.documentElement.dataset.mode, document.documentElement.dataset.theme]")
        assert (mode, theme) == ("auto", scheme), f"{toc_page}: system {scheme}, page mode {mode!r} theme {theme!r}"
        lum = page.evaluate(BODY_LUMINANCE)
        assert (lum < 0.05) if scheme == "dark" else (lum > 0.9), f"{toc_page} [{scheme}]: body luminance {lum:.3f}"
    errors = unexpected_errors(page.console_messages)
    assert not errors, f"console errors: {errors}"
    assert not [t for _, t in page.console_messages if "invalid theme mode" in t], page.console_messages


@pytest.mark.parametrize("scheme", SCHEMES)
def test_theme_toggle_first_click_changes_the_page(page, site_url, scheme):
    """The first click on the theme button switches to the other scheme; the second switches back."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + CHAPTER, wait_until="load")
    page.wait_for_load_state("networkidle")
    other = "light" if scheme == "dark" else "dark"
    button = page.locator(".theme-switch-button:visible").first
    seen = [page.evaluate("document.documentElement.dataset.theme")]
    for want in (other, scheme):
        button.click()
        page.wait_for_function("(t) => document.documentElement.dataset.theme === t", arg=want, timeout=10_000)
        seen.append(page.evaluate("document.documentElement.dataset.theme"))
        lum = page.evaluate(BODY_LUMINANCE)
        assert (lum < 0.05) if want == "dark" else (lum > 0.9), f"after clicks {seen}: body luminance {lum:.3f}"
    assert seen == [scheme, other, scheme]
    page.reload(wait_until="load")  # the reader's choice is kept
    assert page.evaluate("document.documentElement.dataset.theme") == scheme


@pytest.mark.parametrize("scheme", SCHEMES)
def test_text_contrast_and_screenshots(page, site_url, toc_page, scheme, build_dir, screenshot_dir):
    open_page(page, site_url + toc_page, scheme)
    results = text_contrast(page)
    assert len(results) > 20, f"{toc_page}: measured only {len(results)} text elements"
    low = [r for r in results if r["ratio"] < MIN_CONTRAST]
    worst = min(results, key=lambda r: r["ratio"])
    name = toc_page.replace("/", "__").removesuffix(".html")
    out = build_dir / "audit"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"contrast-{name}-{scheme}.json").write_text(json.dumps(
        {"page": toc_page, "scheme": scheme, "measured": len(results), "min": worst["ratio"],
         "min_article": min((r["ratio"] for r in results if r["inArticle"]), default=None),
         "worst": sorted(results, key=lambda r: r["ratio"])[:10]}, indent=1), encoding="utf-8")
    print(f"contrast {toc_page} [{scheme}]: min {worst['ratio']:.2f}:1 over {len(results)} text elements "
          f"({worst['fg']} on {worst['bg']}, {worst['where']})")
    bands = page.evaluate(SHADOW_BANDS)
    too_wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            too_wide[width] = page_width
        shot = screenshot_dir / f"{name}__{scheme}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
    assert not low, (f"{toc_page} [{scheme} mode]: {len(low)} text elements below {MIN_CONTRAST}:1 "
                     f"(ratio, text colour on effective background, element, text):\n" + describe_low(low))
    assert not bands, f"{toc_page} [{scheme} mode]: gradient/inset-shadow bands in the article: {bands[:10]}"
    assert not too_wide, (f"{toc_page} [{scheme} mode]: the page scrolls sideways (viewport width: page "
                          f"width) {too_wide}; wide content must wrap or scroll in its own box")


def test_contrast_check_can_fail(page, site_url):
    """Grey on grey, and text over a dark gradient or inset-shadow band, are reported (the test can fail)."""
    open_page(page, site_url + CHAPTER, "dark")
    page.evaluate("""() => {
      const a = document.createElement('p'); a.id = 'probe-grey'; a.textContent = 'grey on grey';
      a.style.cssText = 'color: rgb(156,164,175); background: rgb(206,214,221)';
      const b = document.createElement('div'); b.id = 'probe-band';
      b.style.cssText = 'background: linear-gradient(to right, rgb(18,18,18), transparent), rgb(206,214,221)';
      b.innerHTML = '<span style="color: rgb(34,40,50)">probe: 04 Apr 1949</span>';
      const c = document.createElement('p'); c.id = 'probe-inset'; c.textContent = 'probe: inset band';
      c.style.cssText = 'color: rgb(34,40,50); background: rgb(206,214,221); box-shadow: inset 24px 0 12px rgb(18,18,18)';
      const art = document.querySelector('.bd-article'); art.prepend(c); art.prepend(b); art.prepend(a);
    }""")
    results = {r["text"]: r for r in text_contrast(page)}
    assert results["grey on grey"]["ratio"] < 2, results["grey on grey"]
    assert results["probe: 04 Apr 1949"]["ratio"] < 2, results["probe: 04 Apr 1949"]
    assert results["probe: inset band"]["ratio"] < 2, results["probe: inset band"]
    assert sorted(page.evaluate(SHADOW_BANDS)) == ["div.", "p."]


def test_png_figures_sit_on_a_light_card_in_dark_mode(page, site_url):
    open_page(page, site_url + CHAPTER, "dark")
    backdrops = page.evaluate(PNG_BACKDROPS)
    assert len(backdrops) >= 3, f"expected the chapter's figures and explorer frames, found {backdrops}"
    dark = [b for b in backdrops if _luminance(b["bg"]) < 0.6]
    assert not dark, f"PNGs on a dark backdrop in dark mode: {dark}"
    dimmed = [b for b in backdrops if b["filter"] != "none"]
    assert not dimmed, f"PNGs shown through a filter (colours not as drawn) in dark mode: {dimmed[:5]}"
