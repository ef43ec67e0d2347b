"""Kernel-free explorers on the built Chapter 1 page, driven in Chromium.

Needs a built site (``make book``, or ``COURSE_SITE_DIR`` pointing at a private build) and the
fixtures of tests/conftest.py (``site_url``, ``page``). For every kernel-free slider the test moves
the slider with the keyboard (ArrowRight, End, Home) and the mouse, and checks that the visible
frame's alt text and the readout changed and carry the model's numbers for the new position,
computed here from the model (not read from the page). Frame-switch time is printed by
``scripts/bench.py --site``, not asserted here.
"""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

CHAPTER = "chapters/01-origins.html"

# The visible frame/readout of an explorer: a Stack shows one child; hidden ones have no box.
VISIBLE_JS = """
(root) => {
  const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const img = [...root.querySelectorAll('.course-frame img')].find(shown);
  const readouts = [...root.querySelectorAll('.course-readout-text')].filter(shown);
  return {alt: img ? img.alt : null, readout: readouts.map(r => r.innerText).join('\\n'),
          nImgs: [...root.querySelectorAll('.course-frame img')].filter(shown).length,
          nReadouts: readouts.length};
}
"""


@pytest.fixture(scope="module")
def explorers():
    from widgets.explorers.ch01 import burden_explorer, public_goods_explorer

    return {"public_goods": public_goods_explorer(), "burden": burden_explorer()}


@pytest.fixture
def chapter(page, site_url):
    page.goto(site_url + CHAPTER)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".course-explorer-burden .course-slider .noUi-handle", timeout=60_000)
    page.wait_for_selector(".course-explorer-public_goods .course-slider .noUi-handle", timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('.course-slider .noUi-handle')]"
                           ".every(h => h.getAttribute('aria-label'))", timeout=10_000)
    return page


def root(page, name):
    return page.locator(f".course-explorer-{name}.course-explorer-frozen")


def state(page, name):
    return root(page, name).evaluate(VISIBLE_JS)


def handles(page, name):
    return root(page, name).locator(".course-slider .noUi-handle")


def is_slider(param):
    """Numeric params become sliders in the kernel-free form; categorical ones toggle buttons."""
    from collections.abc import Mapping

    return param.numeric and not isinstance(param.fmt, Mapping)


def slider_params(explorer):
    """``(k, j, param)``: position k among the frozen params, j among the sliders."""
    sliders = [(k, p) for k, p in enumerate(explorer.frozen) if is_slider(p)]
    return [(k, j, p) for j, (k, p) in enumerate(sliders)]


POSITION_JS = """
(root) => [...root.querySelectorAll('.course-slider, .course-toggle')].map(c =>
  c.classList.contains('course-toggle')
    ? [...c.querySelectorAll('button')].findIndex(b => b.classList.contains('mod-active'))
    : Math.round(Number(c.querySelector('.noUi-handle').getAttribute('aria-valuenow'))))
"""


def position(page, name):
    """Current index of each kernel-free control of an explorer, in order."""
    return root(page, name).evaluate(POSITION_JS)


def settle(locator):
    """Scroll ``locator`` to mid-screen at once and return its box once it stops moving.

    The theme scrolls smoothly and late images can shift the page: a box measured mid-scroll
    sends the click elsewhere (the cause of the earlier flaky mouse test).
    """
    locator.evaluate("e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    box = locator.bounding_box()
    for _ in range(50):
        locator.page.wait_for_timeout(50)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    raise AssertionError(f"{locator} kept moving: {box}")


# A slider still animating, or within noUiSlider's documented tap state (`noUi-state-tap`, set for
# its animation time after any tap or programmatic set), ignores the next click by design: a
# reader's second click within ~0.3 s does nothing. Wait for that state to end rather than sleep.
IDLE_JS = """
(track) => {
  const slider = track.closest('.course-slider') || track;
  return !slider.matches('.noUi-state-tap, .noUi-state-drag')
    && !slider.querySelector('.noUi-state-tap, .noUi-state-drag')
    && slider.getAnimations({subtree: true}).length === 0;
}
"""


def wait_idle(locator, what):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.page.wait_for_function(IDLE_JS, arg=locator.element_handle(), timeout=WAIT_MS)
    except PlaywrightTimeout:
        classes = locator.evaluate("t => (t.closest('.course-slider') || t).outerHTML.slice(0, 400)")
        raise AssertionError(f"{what}: the slider kept animating for {WAIT_MS / 1000:.0f} s: {classes}") from None


def expected(explorer, idx):
    """Alt text and readout the model gives at slider indices ``idx`` (rendered here)."""
    key = (id(explorer), tuple(idx))
    if key not in _EXPECTED:
        _EXPECTED[key] = _render_expected(explorer, idx)
    return _EXPECTED[key]


_EXPECTED: dict = {}  # (explorer id, indices) -> (alt, readout); the explorers live for the module


def _render_expected(explorer, idx):
    from widgets.explorers.render import FrameRenderer

    values = explorer.defaults
    for p, i in zip(explorer.frozen, idx):
        values[p.name] = p.values[i]
    return FrameRenderer(explorer, 30).update(values)


def where(name, control=None):
    """Who failed, for messages: page, explorer and (optionally) control."""
    return f"page {CHAPTER}, explorer {name!r}" + (f", control {control!r}" if control else "")


def check_matches(page, explorers, name, control=None):
    """The visible frame and readout become the model's for the controls' current positions.

    Polls (the widget manager may switch the frame and the readout in separate tasks) until they
    match or ``WAIT_MS`` passes, then fails saying what the page showed and what the model gives.
    """
    ex = explorers[name]
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        idx = position(page, name)
        alt, readout = expected(ex, idx)
        s = state(page, name)
        ok = (s["nImgs"] == 1 and s["nReadouts"] == 1 and s["alt"] == alt
              and s["readout"].split() == readout.split())
        if ok or time.monotonic() > deadline:
            break
        page.wait_for_timeout(50)
    at = where(name, control)
    assert s["nImgs"] == 1 and s["nReadouts"] == 1, f"{at}: expected one visible frame and readout, saw {s}"
    assert s["alt"] == alt, f"{at}: at positions {idx} the model's alt text is {alt!r}, the page shows {s['alt']!r}"
    assert s["readout"].split() == readout.split(), (
        f"{at}: at positions {idx} the model's readout is {readout!r}, the page shows {s['readout']!r}")
    return s


# Generous: a timeout only decides how long a broken page takes to fail, never whether a working
# one passes (the waits below end as soon as the reader-visible state is right).
WAIT_MS = 20_000

SHOWS_JS = f"""
([sel, old, accept]) => {{
  const r = document.querySelector(sel);
  if (!r) return false;
  const s = ({VISIBLE_JS})(r);
  if (s.nImgs !== 1 || s.nReadouts !== 1 || s.alt === old) return false;
  return accept === null || accept.includes(s.alt);
}}
"""


def wait_shows(page, name, before, accept=None, control=None, action=""):
    """Wait until the visible frame's alt text differs from ``before['alt']`` (and, when given, is
    one of ``accept``); on timeout fail naming page, explorer, control and what was seen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    sel = f".course-explorer-{name}.course-explorer-frozen"
    try:
        page.wait_for_function(SHOWS_JS, arg=[sel, before["alt"], accept], timeout=WAIT_MS)
    except PlaywrightTimeout:
        seen = state(page, name)
        want = "a different frame" + (f" among {accept!r}" if accept else "")
        raise AssertionError(
            f"{where(name, control)}: after {action or 'the action'} the page did not show {want} within "
            f"{WAIT_MS / 1000:.0f} s. Before: alt {before['alt']!r}, readout {before['readout']!r}. "
            f"Seen: alt {seen['alt']!r}, readout {seen['readout']!r}, {seen['nImgs']} visible frame(s), "
            f"{seen['nReadouts']} visible readout(s); control positions {position(page, name)}.") from None
    return state(page, name)


def wait_change(page, name, before, control=None, action=""):
    return wait_shows(page, name, before, control=control, action=action)


@pytest.mark.parametrize("name", ["public_goods", "burden"])
def test_keyboard_moves_every_slider(chapter, explorers, name):
    page = chapter
    ex = explorers[name]
    check_matches(page, explorers, name)
    for k, j, param in slider_params(ex):
        handle = handles(page, name).nth(j)
        handle.focus()
        n = len(param.values)
        if position(page, name)[k] == n - 1:
            page.keyboard.press("Home")
        else:
            before = state(page, name)
            start = position(page, name)[k]
            page.keyboard.press("ArrowRight")
            wait_change(page, name, before, param.label, "ArrowRight")
            assert position(page, name)[k] == start + 1, (where(name, param.label), position(page, name))
            after = check_matches(page, explorers, name, param.label)
            assert after["readout"] != before["readout"]
        before = state(page, name)
        page.keyboard.press("End")
        wait_change(page, name, before, param.label, "End")
        assert position(page, name)[k] == n - 1, (where(name, param.label), position(page, name))
        check_matches(page, explorers, name, param.label)
        before = state(page, name)
        page.keyboard.press("Home")
        wait_change(page, name, before, param.label, "Home")
        assert position(page, name)[k] == 0, (where(name, param.label), position(page, name))
        check_matches(page, explorers, name, param.label)


@pytest.mark.parametrize("name", ["public_goods", "burden"])
def test_mouse_moves_every_slider(chapter, explorers, name):
    """A click on a slider's track shows the frame and readout the model gives near that spot.

    Waits only on what a reader sees: the visible frame's alt text becomes the model's alt text for
    one of the positions within one step of the clicked fraction (the exact step a pixel maps to is
    the slider library's business), and the readout is the model's for that same position.
    """
    page = chapter
    ex = explorers[name]
    for k, j, param in slider_params(ex):
        track = root(page, name).locator(".course-slider .noUi-target").nth(j)
        n = len(param.values)
        for frac, want in ((0.01, 0), (0.99, n - 1), (0.4, round(0.4 * (n - 1)))):
            wait_idle(track, where(name, param.label))
            box = settle(track)
            before = state(page, name)
            idx = position(page, name)
            start = idx[k]
            near = [i for i in range(want - 1, want + 2) if 0 <= i < n]
            alts = {}
            for i in near:
                at = list(idx)
                at[k] = i
                alts[expected(ex, at)[0]] = i
            action = f"a click at {frac:.0%} of the track (from position {start}, expecting about {want})"
            page.mouse.click(box["x"] + frac * box["width"], box["y"] + box["height"] / 2)
            if want != start:
                s = wait_shows(page, name, before, accept=list(alts), control=param.label, action=action)
                shown = alts[s["alt"]]
                assert s["readout"] != before["readout"], (
                    f"{where(name, param.label)}: after {action} the frame changed but the readout "
                    f"stayed {s['readout']!r}")
                assert position(page, name)[k] == shown, (
                    f"{where(name, param.label)}: the frame shows position {shown} but the slider "
                    f"reports {position(page, name)}")
            check_matches(page, explorers, name, control=param.label)
            assert abs(position(page, name)[k] - want) <= 1, (
                f"{where(name, param.label)}: after {action} the slider is at {position(page, name)}")


def test_burden_metric_is_toggle_buttons_by_mouse_and_keyboard(chapter, explorers):
    """Every metric is visible as a button; clicking or pressing Space on one shows its frame."""
    page, name = chapter, "burden"
    ex = explorers[name]
    (k, param), = [(k, p) for k, p in enumerate(ex.frozen) if not is_slider(p)]
    group = root(page, name).get_by_role("group", name=param.label, exact=True)
    assert group.count() == 1
    buttons = group.get_by_role("button")
    assert [b.strip() for b in buttons.all_inner_texts()] == [param.format(v) for v in param.values]
    for i in list(range(1, len(param.values))) + [0]:
        before = state(page, name)
        if i % 2:
            buttons.nth(i).click()
        else:
            buttons.nth(i).focus()
            page.keyboard.press("Space")
        wait_change(page, name, before)
        assert position(page, name)[k] == i
        assert buttons.nth(i).get_attribute("aria-pressed") == "true"
        assert [buttons.nth(m).get_attribute("aria-pressed") for m in range(buttons.count())].count("true") == 1
        check_matches(page, explorers, name)


def test_two_sliders_combine(chapter, explorers):
    """Move publicness to 1.0 and the US contribution to 0: the frame is that combination."""
    page, name = chapter, "public_goods"
    ex = explorers[name]
    beta, g = handles(page, name).nth(0), handles(page, name).nth(1)
    beta.focus()
    before = state(page, name)
    page.keyboard.press("End")
    wait_change(page, name, before)
    g.focus()
    before = state(page, name)
    page.keyboard.press("Home")
    wait_change(page, name, before)
    assert position(page, name) == [len(ex.frozen[0].values) - 1, 0]
    s = check_matches(page, explorers, name)
    assert "publicness 1.0" in s["alt"] and "US contribution 0.00" in s["alt"]


@pytest.mark.parametrize("name", ["public_goods", "burden"])
def test_accessible_names_values_and_live_readout(chapter, explorers, name):
    page = chapter
    ex = explorers[name]
    for k, j, param in slider_params(ex):
        slider = root(page, name).get_by_role("slider", name=param.label, exact=True)
        assert slider.count() == 1, f"no slider named {param.label!r}"
        idx = position(page, name)[k]
        assert slider.get_attribute("aria-valuetext") == param.format(param.values[idx])
        readout = root(page, name).locator(".course-slider").nth(j).locator(".widget-readout")
        assert slider.get_attribute("aria-valuetext") == readout.inner_text().strip()
        # ipywidgets' readout is editable and focusable by default; typing there did not move the slider.
        assert readout.get_attribute("contenteditable") == "false"
        assert readout.get_attribute("tabindex") == "-1" and readout.get_attribute("aria-hidden") == "true"
        slider.focus()
        key = "End" if idx == 0 else "Home"
        page.keyboard.press(key)
        # Wait for what a screen reader announces: one of this control's labels, not the old one.
        # (The slider library first writes its raw number, which explorers.js then replaces with
        # the label; waiting on "changed" alone caught that passing value under load.)
        old = param.format(param.values[idx])
        labels = [param.format(v) for v in param.values if param.format(v) != old]
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        try:
            page.wait_for_function(
                "([el, ok]) => ok.includes(el.getAttribute('aria-valuetext'))",
                arg=[slider.element_handle(), labels], timeout=WAIT_MS)
        except PlaywrightTimeout:
            raise AssertionError(f"{where(name, param.label)}: after {key} the slider's aria-valuetext stayed "
                                 f"{slider.get_attribute('aria-valuetext')!r}, not one of {labels}") from None
        new = position(page, name)[k]
        assert slider.get_attribute("aria-valuetext") == param.format(param.values[new]), (
            f"{where(name, param.label)}: at position {new} the slider announces "
            f"{slider.get_attribute('aria-valuetext')!r}, the label is {param.format(param.values[new])!r}")
    live = root(page, name).locator(".course-readout")
    assert live.count() == 1
    assert live.get_attribute("aria-live") == "polite"


def test_static_form_present_without_interaction(chapter, explorers):
    for name, ex in explorers.items():
        section = chapter.locator(f"section.course-static-{name}")
        assert section.count() == 1
        imgs = section.locator("img.course-static-img")
        assert imgs.count() == len(ex.static_settings)
        assert imgs.first.get_attribute("alt").startswith("Panel (a)")
        assert section.locator("tbody tr").count() == len(ex.static_settings)
        # Collapsed on screen, but in the HTML (print, no-JS and screen readers get it).
        details = section.locator("details.course-static-details")
        assert details.get_attribute("open") is None
        assert "Printable / screen-reader version" in details.locator("summary").inner_text()


def test_print_opens_static_form_and_text_stays_readable(chapter, explorers):
    """Printing opens every printable form; at a ~700 px column panel text is not shrunk below
    ~9 px (each panel is drawn at most 1.4x wider than shown) and the table fits or scrolls."""
    page = chapter
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for name, ex in explorers.items():
        section = page.locator(f"section.course-static-{name}")
        assert section.locator("details").get_attribute("open") == ""
        assert section.locator("table").is_visible()
    page.emulate_media(media="screen")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.set_viewport_size({"width": 760, "height": 900})
    for name, ex in explorers.items():
        section = page.locator(f"section.course-static-{name}")
        section.locator("summary").click()
        for img in section.locator("img.course-static-img").all():
            shown = img.evaluate("e => [e.clientWidth, e.naturalWidth]")
            assert shown[0] > 0 and shown[1] / shown[0] <= 1.4, (name, shown)
        wrap = section.locator(".course-table-wrap")
        widths = wrap.evaluate("e => [e.clientWidth, e.scrollWidth, getComputedStyle(e).overflowX]")
        assert widths[1] <= widths[0] or widths[2] == "auto", widths
        # The visible table title wraps inside the column (a caption inside the scroller was cut).
        title = section.locator(".course-table-title")
        assert title.is_visible() and title.inner_text() == section.locator("caption").text_content()
        fits = title.evaluate("e => [e.getBoundingClientRect().right, e.closest('section').getBoundingClientRect().right,"
                              " e.scrollWidth, e.clientWidth]")
        assert fits[0] <= fits[1] + 1 and fits[2] <= fits[3] + 1, fits
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the table scrolls, titles wrap
    for name in explorers:
        section = page.locator(f"section.course-static-{name}")
        title = section.locator(".course-table-title")
        fits = title.evaluate("e => [e.getBoundingClientRect().right, window.innerWidth]")
        assert fits[0] <= fits[1], fits
        wrap = section.locator(".course-table-wrap").evaluate(
            "e => [e.getBoundingClientRect().right, window.innerWidth, getComputedStyle(e).overflowX]")
        assert wrap[0] <= wrap[1] and wrap[2] == "auto", wrap
