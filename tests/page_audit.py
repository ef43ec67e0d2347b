"""Shared browser helpers for the accessibility and dark-mode tests.

``open_page(page, url, scheme)`` loads a built page with the reader's operating system set to
``scheme`` ("light" or "dark", CSS ``prefers-color-scheme``), waits until the explorers are drawn
and the fonts are in, and opens everything that starts closed (toggle buttons, dropdowns,
``<details>`` in the article and in the sidebars), so an audit sees all of it.

``text_contrast(page)`` measures every visible piece of text on the page, whatever markup
produced it: for each element that directly holds non-blank text it takes the computed text
colour and composes the effective background by walking up its ancestors (background colours,
their alpha, element opacity, inset box-shadow tints; colours of CSS gradients and of inset
shadow bands count as possible backgrounds, so a shadow band behind text is measured, not
ignored). Colours are converted by the browser's own
canvas, so any CSS colour syntax works. It returns the WCAG 2 contrast ratio of every element.
"""
from __future__ import annotations

SCHEMES = ("light", "dark")
MIN_CONTRAST = 4.5  # WCAG 2 AA for body text; the course applies it to all text

OPEN_ALL = """
() => {
  let n = 0;
  document.querySelectorAll('button.toggle-button').forEach(b => {
    if (b.getAttribute('aria-expanded') !== 'true') { b.click(); n++; }
  });
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; n++; });
  return n;
}
"""


def open_page(page, url: str, scheme: str) -> None:
    """Load ``url`` in ``page`` as a reader whose system prefers ``scheme``; open all toggles."""
    page.emulate_media(color_scheme=scheme)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url} did not load ({scheme})"
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:  # audit the drawn explorers, not their placeholders
        page.wait_for_function("(n) => document.querySelectorAll('.widget-subarea').length >= n",
                               arg=views, timeout=30_000)
    if page.evaluate(OPEN_ALL):
        # togglebutton animates the height: wait until nothing in the article is animating
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running'"
                               " || a.effect?.getTiming().iterations === Infinity)", timeout=10_000)
        page.wait_for_timeout(100)


TEXT_CONTRAST_JS = r"""
() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const cache = new Map();
  // Any CSS colour -> [r, g, b, a] (0-255, a 0-1), via the browser's own colour parser.
  const rgba = (css) => {
    if (cache.has(css)) return cache.get(css);
    let out = [0, 0, 0, 0];
    const m = css.match(/^rgba?\(([^)]*)\)$/);
    if (m) {
      const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(s => s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s));
      out = [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    } else if (css && css !== 'transparent') {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000'; ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      out = [d[0], d[1], d[2], d[3] / 255];
    }
    cache.set(css, out);
    return out;
  };
  const over = (top, bottom) => {  // source-over compositing, bottom opaque
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const gradientColours = (img) => {
    if (!img || img === 'none' || !/gradient\(/.test(img)) return [];
    const found = img.match(/(rgba?\([^)]*\)|#[0-9a-fA-F]{3,8}\b|\b(?:transparent|white|black)\b)/g) || [];
    return found.map(rgba);
  };
  // Possible backgrounds behind `el`: composed from the root down; a gradient adds its colours
  // as alternatives (the text may sit over any part of it).
  const backgrounds = (el, rect) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    chain.reverse();
    let cands = [[255, 255, 255, 1]];  // the canvas
    let opacity = 1;
    for (const e of chain) {
      const cs = getComputedStyle(e);
      opacity *= Number(cs.opacity);
      const bg = rgba(cs.backgroundColor);
      if (bg[3] > 0) cands = cands.map(c => over(bg, c));
      // Inset box-shadows paint over the background: a huge spread covers the box (Bootstrap's
      // table tints), a smaller one is a band at the edges (an alternative background).
      for (const sh of cs.boxShadow.split(/,(?![^(]*\))/)) {
        if (!/inset/.test(sh)) continue;
        const col = (sh.match(/rgba?\([^)]*\)/) || [null])[0];
        if (!col) continue;
        const c = rgba(col);
        if (c[3] <= 0) continue;
        const px = (sh.replace(col, '').match(/-?[\d.]+px/g) || []).map(parseFloat);
        const [ox, oy, blur, spread] = [px[0] || 0, px[1] || 0, px[2] || 0, px[3] || 0];
        if (spread >= 1000) { cands = cands.map(b => over(c, b)); continue; }
        // The band along each edge is this thick (an offset shifts it to one side): does the
        // text reach into it?
        const grow = blur + Math.max(spread, 0);
        const [l, r, t, btm] = [Math.max(ox, 0) + grow, Math.max(-ox, 0) + grow,
                                Math.max(oy, 0) + grow, Math.max(-oy, 0) + grow];
        const box = e.getBoundingClientRect();
        const hit = (l > 0 && rect.left < box.left + l) || (r > 0 && rect.right > box.right - r)
                 || (t > 0 && rect.top < box.top + t) || (btm > 0 && rect.bottom > box.bottom - btm);
        if (hit) cands = cands.concat(cands.map(b => over(c, b)));
      }
      const grads = gradientColours(cs.backgroundImage).filter(g => g[3] > 0);
      if (grads.length) {
        const more = [];
        for (const c of cands) for (const g of grads) more.push(over(g, c));
        cands = cands.concat(more);
      }
      if (cands.length > 64) {  // keep the extremes
        cands.sort((a, b) => lum(a) - lum(b));
        cands = [cands[0], cands[cands.length - 1]];
      }
    }
    return {cands, opacity};
  };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) { s += '#' + e.id; parts.unshift(s); break; }
      const cls = [...e.classList].slice(0, 2).join('.');
      if (cls) s += '.' + cls;
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const skip = 'script, style, noscript, template, head, title';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  const results = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const el = n.parentElement;
    if (!el || seen.has(el) || el.closest(skip)) continue;
    seen.add(el);
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    if (!el.getClientRects().length) continue;
    if (el.closest(':disabled, [aria-disabled="true"]')) continue;  // exempt in WCAG 2
    const cs = getComputedStyle(el);
    const range = document.createRange();
    range.selectNodeContents(n);
    const rect = range.getBoundingClientRect();
    const {cands, opacity} = backgrounds(el, rect);
    let fg = rgba(cs.color);
    fg = [fg[0], fg[1], fg[2], fg[3] * opacity];
    let worst = null;
    for (const bg of cands) {
      const r = ratio(over(fg, bg), bg);
      if (!worst || r < worst.ratio) worst = {ratio: r, bg};
    }
    results.push({ratio: Math.round(worst.ratio * 100) / 100, where: describe(el),
                  text: n.nodeValue.trim().slice(0, 60),
                  fg: 'rgb(' + fg.slice(0, 3).map(Math.round).join(',') + ')' + (fg[3] < 1 ? ' a=' + fg[3].toFixed(2) : ''),
                  bg: 'rgb(' + worst.bg.slice(0, 3).map(Math.round).join(',') + ')',
                  inArticle: !!el.closest('.bd-article, #main-content')});
  }
  return results;
}
"""


def text_contrast(page) -> list[dict]:
    """Contrast of every visible text element: dicts with ratio, where, text, fg, bg, inArticle."""
    return page.evaluate(TEXT_CONTRAST_JS)


def describe_low(low: list[dict], limit: int = 25) -> str:
    lines = [f"  {r['ratio']:.2f}:1  {r['fg']} on {r['bg']}  {r['where']}  {r['text']!r}"
             for r in sorted(low, key=lambda r: r["ratio"])[:limit]]
    more = len(low) - limit
    return "\n".join(lines + ([f"  ... and {more} more"] if more > 0 else []))
