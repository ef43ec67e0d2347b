"""Kernel-free explorers on the built Chapter 1 page, driven in Chromium.

Needs a built site (``make book``, or ``COURSE_SITE_DIR`` pointing at a private build) and the
fixtures of tests/conftest.py (``site_url``, ``page``). For every kernel-free slider the test moves
the slider with the keyboard (ArrowRight, End, Home) and the mouse, and checks that the visible
frame's alt text and the readout changed and carry the model's numbers for the new position,
computed here from the model (not read from the page). Frame-switch time is printed by
``scripts/bench.py --site``, not asserted here.
"""
from __future__ import annotations

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


def position(page, name):
    """Current index of each slider of an explorer (from aria-valuenow)."""
    h = handles(page, name)
    return [int(float(h.nth(i).get_attribute("aria-valuenow"))) for i in range(h.count())]


def expected(explorer, idx):
    """Alt text and readout the model gives at slider indices ``idx`` (rendered here)."""
    from widgets.explorers.render import FrameRenderer

    values = explorer.defaults
    for p, i in zip(explorer.frozen, idx):
        values[p.name] = p.values[i]
    return FrameRenderer(explorer, 30).update(values)


def check_matches(page, explorers, name):
    ex = explorers[name]
    idx = position(page, name)
    alt, readout = expected(ex, idx)
    s = state(page, name)
    assert s["nImgs"] == 1 and s["nReadouts"] == 1, s
    assert s["alt"] == alt
    assert s["readout"].split() == readout.split()
    return s


def wait_change(page, name, before):
    page.wait_for_function(
        f"(old) => {{ const r = document.querySelector('.course-explorer-{name}.course-explorer-frozen');"
        f" return ({VISIBLE_JS})(r).alt !== old; }}", arg=before["alt"], timeout=5_000)


@pytest.mark.parametrize("name", ["public_goods", "burden"])
def test_keyboard_moves_every_slider(chapter, explorers, name):
    page = chapter
    ex = explorers[name]
    check_matches(page, explorers, name)
    for k, param in enumerate(ex.frozen):
        handle = handles(page, name).nth(k)
        handle.focus()
        n = len(param.values)
        if position(page, name)[k] == n - 1:
            page.keyboard.press("Home")
        else:
            before = state(page, name)
            start = position(page, name)[k]
            page.keyboard.press("ArrowRight")
            wait_change(page, name, before)
            assert position(page, name)[k] == start + 1
            after = check_matches(page, explorers, name)
            assert after["readout"] != before["readout"]
        before = state(page, name)
        page.keyboard.press("End")
        wait_change(page, name, before)
        assert position(page, name)[k] == n - 1
        check_matches(page, explorers, name)
        before = state(page, name)
        page.keyboard.press("Home")
        wait_change(page, name, before)
        assert position(page, name)[k] == 0
        check_matches(page, explorers, name)


@pytest.mark.parametrize("name", ["public_goods", "burden"])
def test_mouse_moves_every_slider(chapter, explorers, name):
    page = chapter
    ex = explorers[name]
    for k, param in enumerate(ex.frozen):
        track = root(page, name).locator(".course-slider .noUi-target").nth(k)
        n = len(param.values)
        for frac, want in ((0.01, 0), (0.99, n - 1), (0.4, round(0.4 * (n - 1)))):
            track.evaluate("e => e.scrollIntoView({block: 'center'})")  # clear of the sticky header
            box = track.bounding_box()  # measured before each click: late images can shift the page
            before = state(page, name)
            start = position(page, name)[k]
            page.mouse.click(box["x"] + frac * box["width"], box["y"] + box["height"] / 2)
            if want != start:
                page.wait_for_function(
                    "([h, v]) => h.getAttribute('aria-valuenow') !== v",
                    arg=[handles(page, name).nth(k).element_handle(), f"{float(start)}"], timeout=10_000)
                wait_change(page, name, before)
                assert state(page, name)["alt"] != before["alt"]
            assert abs(position(page, name)[k] - want) <= 1, (frac, position(page, name))
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
    for k, param in enumerate(ex.frozen):
        slider = root(page, name).get_by_role("slider", name=param.label, exact=True)
        assert slider.count() == 1, f"no slider named {param.label!r}"
        idx = position(page, name)[k]
        assert slider.get_attribute("aria-valuetext") == param.format(param.values[idx])
        visible = root(page, name).locator(".course-slider").nth(k).locator(".widget-readout").inner_text()
        assert slider.get_attribute("aria-valuetext") == visible.strip()
        slider.focus()
        page.keyboard.press("End" if idx == 0 else "Home")
        page.wait_for_function(
            "([el, v]) => el.getAttribute('aria-valuetext') !== v",
            arg=[slider.element_handle(), param.format(param.values[idx])], timeout=5_000)
        new = position(page, name)[k]
        assert slider.get_attribute("aria-valuetext") == param.format(param.values[new])
    live = root(page, name).locator(".course-readout")
    assert live.count() == 1
    assert live.get_attribute("aria-live") == "polite"


def test_static_form_present_without_interaction(chapter, explorers):
    for name, ex in explorers.items():
        section = chapter.locator(f"section.course-static-{name}")
        assert section.count() == 1
        assert section.locator("img").get_attribute("alt").startswith(f"{len(ex.static_settings)} panels")
        assert section.locator("tbody tr").count() == len(ex.static_settings)
