"""Every kernel-free explorer on every built page, driven in Chromium at 1280 px and at 390 px.

Explorers are discovered, not listed: the built site says which page shows which explorer
(``widgets.explorers.catalogue.on_site``) and the package gives its declaration
(``catalogue.declared``). For each one, keyboard (arrows, Home/End, PageUp/PageDown), mouse and
touch move every control; after each move the test waits until the reader sees the frame the
model gives for the selected position: the visible image has loaded and its alt text and the
readout are what the model returns there (computed here from the model, not read from the page).
At 390 px the phone frame is shown and its smallest chart text is at least 11 CSS px; every
control is at least 24 x 24 CSS px. Frame-switch time is printed by ``make bench``, not asserted.
"""
from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"wide": 1280, "phone": 390}
MIN_TEXT_PX = 11.0
MIN_TARGET_PX = 24.0

# What the reader sees of one explorer: the displayed frame (loaded or not), its alt, the readout.
SEEN_JS = """
(root) => {
  const img = root.querySelector('img.course-frame-img');
  return {alt: img.alt, loaded: img.complete && img.naturalWidth > 0,
          src: (img.currentSrc || img.src).split('/').pop(),
          shown: img.clientWidth, natural: img.naturalWidth,
          readout: root.querySelector('output.course-readout').innerText};
}
"""

POSITION_JS = """
(root) => [...root.querySelectorAll('.course-control')].map(c => {
  const r = c.querySelector('input[type=range]');
  if (r) return Number(r.value);
  return [...c.querySelectorAll('input[type=radio]')].findIndex(x => x.checked);
})
"""


def _catalogue():
    import os
    from pathlib import Path

    from widgets.explorers import catalogue

    site = Path(os.environ.get("COURSE_SITE_DIR", Path(__file__).resolve().parents[1] / "_build" / "html"))
    return catalogue.on_site(site) if (site / "index.html").is_file() else []


ON_SITE = _catalogue()
IDS = [f"{page}::{name}" for page, name in ON_SITE]


@pytest.fixture(scope="module")
def declared():
    from widgets.explorers import catalogue

    return catalogue.declared()


def test_every_declared_explorer_is_on_a_page_and_every_page_explorer_is_declared(site_dir, declared):
    from widgets.explorers import catalogue

    shown = catalogue.on_site(site_dir)
    assert shown, "no kernel-free explorer on any built page"
    assert not {n for _, n in shown} - set(declared), "explorers on the site without a declaration"
    assert not set(declared) - {n for _, n in shown}, "declared explorers shown on no page"


@pytest.fixture(params=list(WIDTHS), scope="module")
def width(request):
    return request.param


@pytest.fixture
def view(browser, site_url, width, request):
    """A page at the test's width (touch enabled on the phone), opened at the explorer."""
    page_path, name = request.param
    w = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": 900 if w > 600 else 844},
                                  has_touch=w <= 600, device_scale_factor=1)
    page = context.new_page()
    rate = float(os.environ.get("COURSE_CPU_THROTTLE", "0") or 0)  # as tests/conftest.py's page
    if rate > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + page_path)
    root = page.locator(f'.course-explorer-frozen[data-explorer="{name}"]').first
    root.evaluate("e => e.scrollIntoView({block: 'start', behavior: 'instant'})")
    page.locator(f'.course-explorer-frozen[data-explorer="{name}"][data-ready]').first.wait_for(
        state="attached", timeout=30_000)
    yield page, root, name, width
    assert not errors, errors
    context.close()


def position(root):
    return root.evaluate(POSITION_JS)


def expected(explorer, pos):
    """Alt text and readout the model gives at control indices ``pos``."""
    from widgets.explorers.render import FrameRenderer

    values = explorer.defaults
    for p, i in zip(explorer.frozen, pos):
        values[p.name] = p.values[i]
    return FrameRenderer(explorer, 30).update(values)


def see(page, root, explorer):
    """Wait until the reader sees the model's frame and readout for the current position."""
    pos = position(root)
    alt, readout = expected(explorer, pos)
    words = " ".join(readout.split())
    page.wait_for_function(
        f"([root, alt, words]) => {{ const s = ({SEEN_JS})(root);"
        " return s.loaded && s.alt === alt && s.readout.split(/\\s+/).join(' ') === words; }",
        arg=[root.element_handle(), alt, words], timeout=10_000)
    return pos, root.evaluate(SEEN_JS)


def controls(explorer):
    """``(k, param, is_slider)`` for every kernel-free control, in page order."""
    return [(k, p, p.is_slider) for k, p in enumerate(explorer.frozen)]


def centre(locator):
    """Scroll the control to the middle of the screen and return its box once it stays put.

    Content above it can still move after the scroll (math typeset late, a figure arriving),
    and a tap at a stale position lands on whatever moved there. The box is read until two
    readings a frame apart agree, as a reader's finger would wait for the page to settle.
    """
    locator.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    # Maths near the screen makes the site fetch MathJax, which then typesets the whole page and
    # moves what is below: wait until every formula shows MathJax's output, when it was fetched.
    locator.evaluate("e => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    locator.page.wait_for_function(
        "() => !document.querySelector('script[src*=\"tex-chtml\"]')"
        " || [...document.querySelectorAll('.math')].every(m => m.querySelector('mjx-container'))",
        timeout=15000)
    locator.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    box = locator.bounding_box()
    for _ in range(100):
        locator.evaluate("e => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        again = locator.bounding_box()
        if again == box:
            return box
        locator.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
        box = locator.bounding_box()
    return box


@pytest.mark.parametrize("view", ON_SITE, ids=IDS, indirect=True)
def test_keyboard_moves_every_control(view, declared):
    page, root, name, width = view
    ex = declared[name]
    see(page, root, ex)
    for k, param, slider in controls(ex):
        n = len(param.values)
        if slider:
            box = root.get_by_role("slider", name=param.label, exact=True)
            box.focus()
            for key, want in (("End", n - 1), ("Home", 0), ("ArrowRight", min(1, n - 1)),
                              ("PageDown", 0), ("PageUp", None), ("End", n - 1), ("ArrowLeft", max(n - 2, 0))):
                before = position(root)[k]
                page.keyboard.press(key)
                pos, _ = see(page, root, ex)
                if want is None:  # PageUp: at least one step up, at most to the end
                    assert before < pos[k] <= n - 1 or before == n - 1, (key, before, pos)
                else:
                    assert pos[k] == want, (key, before, pos)
                assert box.get_attribute("aria-valuetext") == param.format(param.values[pos[k]])
        else:
            radios = root.get_by_role("radiogroup", name=param.label, exact=True).or_(
                root.get_by_role("group", name=param.label, exact=True)).first.get_by_role("radio")
            assert radios.count() == n
            radios.nth(position(root)[k]).focus()
            for key in ["ArrowRight"] * (n - 1) + ["ArrowLeft"]:
                before = position(root)[k]
                page.keyboard.press(key)
                pos, _ = see(page, root, ex)
                assert pos[k] == (before + (1 if key == "ArrowRight" else -1)) % n, (key, before, pos)


@pytest.mark.parametrize("view", ON_SITE, ids=IDS, indirect=True)
def test_mouse_or_touch_moves_every_control(view, declared):
    """Mouse clicks at 1280 px, touch taps at 390 px: on the track, and on every option."""
    page, root, name, width = view
    ex = declared[name]
    for k, param, slider in controls(ex):
        n = len(param.values)
        if slider:
            track = root.get_by_role("slider", name=param.label, exact=True)
            for frac in (0.02, 0.98, 0.5):
                box = centre(track)
                x, y = box["x"] + frac * box["width"], box["y"] + box["height"] / 2
                page.touchscreen.tap(x, y) if width == "phone" else page.mouse.click(x, y)
                pos, _ = see(page, root, ex)
                assert abs(pos[k] - frac * (n - 1)) <= 1, (frac, pos)
        else:
            options = root.locator(".course-choice").nth(
                sum(1 for kk, _, s in controls(ex) if kk < k and not s)).locator("label.course-option")
            for i in list(range(1, n)) + [0]:
                box = centre(options.nth(i))
                x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                page.touchscreen.tap(x, y) if width == "phone" else page.mouse.click(x, y)
                pos, _ = see(page, root, ex)
                assert pos[k] == i


@pytest.mark.parametrize("view", ON_SITE, ids=IDS, indirect=True)
def test_layout_text_size_and_touch_targets(view, declared):
    """The phone shows the phone frame and the wide screen the wide one; chart text is at least
    11 CSS px on the phone; every control is at least 24 x 24 CSS px; names and values are
    announced (label, aria-valuetext, polite readout)."""
    from widgets.explorers.render import FrameRenderer, min_text_pt

    page, root, name, width = view
    ex = declared[name]
    pos, seen = see(page, root, ex)
    flat = 0
    for p, i in zip(ex.frozen, pos):
        flat = flat * len(p.values) + i
    files = root.evaluate("(e, k) => JSON.parse(e.querySelector('script.course-explorer-data').textContent)"
                          ".frames[k].slice(0, 2)", flat)
    assert seen["src"] == files[1 if width == "phone" else 0], f"{width}: the other layout's frame is shown"
    if width == "phone":
        renderer = FrameRenderer(ex, ex.dpi, narrow=True)
        renderer.update(ex.defaults | {p.name: p.values[i] for p, i in zip(ex.frozen, pos)})
        text_px = min_text_pt(renderer.fig) * ex.dpi / 72 * seen["shown"] / seen["natural"]
        print(f"\n{name}: smallest chart text {text_px:.1f} CSS px at 390 px")
        assert text_px >= MIN_TEXT_PX, (name, text_px)
    targets = root.locator("input[type=range], label.course-option").all()
    for t in targets:
        box = t.bounding_box()
        assert box["width"] >= MIN_TARGET_PX and box["height"] >= MIN_TARGET_PX, (name, box)
    for k, param, slider in controls(ex):
        if slider:
            s = root.get_by_role("slider", name=param.label, exact=True)
            assert s.count() == 1 and s.get_attribute("aria-valuetext") == param.format(param.values[pos[k]])
    readout = root.locator("output.course-readout")
    assert readout.count() == 1 and readout.get_attribute("aria-live") == "polite"
    assert root.evaluate("e => e.getBoundingClientRect().right <= window.innerWidth + 1")


@pytest.mark.parametrize("view", ON_SITE[:1], ids=IDS[:1], indirect=True)
def test_two_controls_combine(view, declared):
    """Setting the first control to its end and the second to its start shows that combination."""
    page, root, name, width = view
    ex = declared[name]
    if len(ex.frozen) < 2:
        pytest.skip("the first explorer on the site has one control")
    for k, param, slider in controls(ex):
        if slider:
            root.get_by_role("slider", name=param.label, exact=True).focus()
            page.keyboard.press("End" if k == 0 else "Home")
        else:
            radios = root.locator(".course-choice input[type=radio]")
            radios.nth(0 if k else len(param.values) - 1).check()
    pos, _ = see(page, root, ex)
    assert pos[:2] == [len(ex.frozen[0].values) - 1, 0]


def test_static_form_present_without_interaction(page, site_url, declared):
    for page_path, name in ON_SITE:
        ex = declared[name]
        page.goto(site_url + page_path)
        section = page.locator(f"section.course-static-{name}")
        assert section.count() == 1
        imgs = section.locator("img.course-static-img")
        assert imgs.count() == len(ex.static_settings)
        assert imgs.first.get_attribute("alt").startswith("Panel (a)")
        assert section.locator("tbody tr").count() == len(ex.static_settings)
        details = section.locator("details.course-static-details")
        assert details.get_attribute("open") is None
        assert "Printable / screen-reader version" in details.locator("summary").inner_text()
        section.locator("summary").click()
        for img in imgs.all():  # lazy: each loads when it is reached
            img.scroll_into_view_if_needed()
            page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=10_000)


def test_print_opens_static_form_and_text_stays_readable(page, site_url, declared):
    """Printing hides the interactive form and opens every printable form; at a ~700 px column
    panel text is not shrunk (each panel is drawn at most 1.4x wider than shown) and the table
    fits or scrolls; on a phone titles wrap and the table scrolls."""
    for page_path in sorted({p for p, _ in ON_SITE}):
        names = [n for p, n in ON_SITE if p == page_path]
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site_url + page_path)
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        for name in names:
            section = page.locator(f"section.course-static-{name}")
            assert section.locator("details").get_attribute("open") == ""
            assert section.locator("table").is_visible()
            assert not page.locator(f'.course-explorer-frozen[data-explorer="{name}"]').is_visible()
        page.emulate_media(media="screen")
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.set_viewport_size({"width": 760, "height": 900})
        for name in names:
            section = page.locator(f"section.course-static-{name}")
            section.locator("summary").click()
            for img in section.locator("img.course-static-img").all():
                img.scroll_into_view_if_needed()
                page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
                shown = img.evaluate("e => [e.clientWidth, e.naturalWidth]")
                assert shown[0] > 0 and shown[1] / shown[0] <= 1.4, (name, shown)
            wrap = section.locator(".course-table-wrap")
            widths = wrap.evaluate("e => [e.clientWidth, e.scrollWidth, getComputedStyle(e).overflowX]")
            assert widths[1] <= widths[0] or widths[2] == "auto", widths
            title = section.locator(".course-table-title")
            assert title.is_visible() and title.inner_text() == section.locator("caption").text_content()
        page.set_viewport_size({"width": 390, "height": 800})
        for name in names:
            section = page.locator(f"section.course-static-{name}")
            fits = section.locator(".course-table-title").evaluate(
                "e => [e.getBoundingClientRect().right, window.innerWidth]")
            assert fits[0] <= fits[1], fits
            wrap = section.locator(".course-table-wrap").evaluate(
                "e => [e.getBoundingClientRect().right, window.innerWidth, getComputedStyle(e).overflowX]")
            assert wrap[0] <= wrap[1] and wrap[2] == "auto", wrap
