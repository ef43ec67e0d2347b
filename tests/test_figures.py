"""Ordinary chapter figures: ``widgets.figures.show`` and the site's phone ``<picture>``.

Unit tests draw figures here and check what ``render`` writes; the site tests read the built
pages: every cell-output figure was drawn by ``show`` (its PNG records its smallest text), and
on a 390 px phone each one's smallest chart text is at least 11 CSS px, measured from the image
Chromium actually chose and the width it is shown at.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest



def _course_site():
    """The site extension as a private module (a module named ``course_site`` in sys.modules would
    hide the extension's doctests from tests/test_build.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_course_site_for_figures", Path(__file__).resolve().parents[1] / "_ext" / "course_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SITE = _course_site()

MIN_TEXT_PX = 11.0


@pytest.fixture
def plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from widgets import style

    style.apply()
    yield plt
    plt.close("all")


def _two_panel(plt, names=("Germany", "United Kingdom", "Poland", "Japan")):
    fig, axes = plt.subplots(1, 2, figsize=(7.5, 4.2), sharex=True)
    for ax in axes:
        ax.barh(list(names), range(len(names)))
        ax.tick_params(axis="y", labelsize=8)
        ax.set_xlabel("Change (points)")
    ax.legend(["a bar"], ncols=2, loc="upper right")
    fig.tight_layout()
    return fig


def test_small_text_gets_a_phone_version_that_is_readable(plt, tmp_path):
    FIGURE_KEY, png_text = SITE.FIGURE_KEY, SITE.png_text

    from widgets import figures
    from widgets.explorers.render import NARROW_WIDTH_IN, png_size

    fig = _two_panel(plt)
    wide, meta = figures.render(fig, folder=tmp_path)
    assert meta["min_pt"] == 8
    assert figures.phone_text_px(meta["min_pt"], meta["dpi"], png_size(wide)[0]) < MIN_TEXT_PX
    phone = meta["phone"]
    assert phone is not None and (tmp_path / phone["name"]).is_file()
    narrow = (tmp_path / phone["name"]).read_bytes()
    assert png_size(narrow) == (phone["width"], phone["height"])
    assert abs(phone["width"] / 100 - NARROW_WIDTH_IN) <= 0.2, "about one 3.6 in column (tight box)"
    assert phone["height"] > png_size(wide)[1], "the two panels are stacked, not side by side"
    assert phone["min_pt"] >= 9
    assert figures.phone_text_px(phone["min_pt"], meta["dpi"], phone["width"]) >= MIN_TEXT_PX
    assert json.loads(png_text(wide)[FIGURE_KEY]) == meta


def test_large_text_needs_no_phone_version(plt, tmp_path):
    FIGURE_KEY, png_text = SITE.FIGURE_KEY, SITE.png_text

    from widgets import figures

    fig, ax = plt.subplots(figsize=(3.0, 2.5))
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=12)
    ax.set_xlabel("Year", fontsize=12)
    _, meta = figures.render(fig, folder=tmp_path)
    wide, meta = figures.render(fig, folder=tmp_path)
    assert meta["phone"] is None and not list(tmp_path.iterdir())
    assert json.loads(png_text(wide)[FIGURE_KEY])["min_pt"] == 12


def test_a_hand_drawn_phone_version_is_used_and_checked(plt, tmp_path):
    from widgets import figures

    def phone(size):
        fig, ax = plt.subplots(figsize=(3.6, 3))
        ax.plot([0, 1], [0, 1])
        ax.tick_params(labelsize=size)
        return fig

    _, meta = figures.render(_two_panel(plt), folder=tmp_path, phone=lambda: phone(10))
    assert meta["phone"]["min_pt"] == 10 and meta["phone"]["height"] <= 300
    with pytest.raises(ValueError, match="7 pt text.*at least 9 pt"):
        figures.render(_two_panel(plt), folder=tmp_path, phone=lambda: phone(7))


def test_show_outside_the_build_writes_nothing(plt, tmp_path, monkeypatch):
    from widgets import figures

    monkeypatch.delenv("COURSE_BUILD", raising=False)
    monkeypatch.setenv("COURSE_FRAMES_DIR", str(tmp_path))
    figures.show(_two_panel(plt))
    assert not list(tmp_path.iterdir())


def _page_with(tmp_path, wide: bytes) -> Path:
    (tmp_path / "_images").mkdir(parents=True)
    (tmp_path / "_images" / "f.png").write_bytes(wide)
    (tmp_path / "chapters").mkdir()
    page = tmp_path / "chapters" / "c.html"
    page.write_text('<figure><img width="737" height="407" alt="Two bar charts" '
                    'src="../_images/f.png" /></figure>')
    return page


def test_the_site_wraps_the_figure_once_and_a_missing_phone_file_fails_the_build(plt, tmp_path):
    phone_pictures = SITE.phone_pictures

    from widgets import figures

    store = tmp_path / "store"
    store.mkdir()
    wide, meta = figures.render(_two_panel(plt), folder=store)
    page = _page_with(tmp_path / "site", wide)
    outdir = tmp_path / "site"
    once = phone_pictures(page.read_text(), page, outdir, store)
    assert once.count("<picture") == 1 and f'__course_frames__/{meta["phone"]["name"]}' in once
    assert 'media="screen and (max-width: 600px)"' in once
    assert phone_pictures(once, page, outdir, store) == once, "a second pass must not wrap again"
    (store / meta["phone"]["name"]).unlink()
    with pytest.raises(RuntimeError, match=r"chapters/c\.html.*Two bar charts.*make book-clean"):
        phone_pictures(page.read_text(), page, outdir, store)


# --- the built site ---------------------------------------------------------------------------

FIGURE_IMG = re.compile(r'<figure[^>]*>\s*(?:<picture[^>]*>.*?)?<img [^>]*src="([^"]+\.png)"', re.S)


def _figure_pages(site_dir):
    pages = []
    for page in sorted((site_dir / "chapters").rglob("*.html")):
        srcs = FIGURE_IMG.findall(page.read_text(encoding="utf-8"))
        srcs = [s for s in srcs if "_images/" in s]
        if srcs:
            pages.append((page.relative_to(site_dir).as_posix(), srcs))
    return pages


def test_every_output_figure_was_drawn_by_show(site_dir):
    """A figure drawn by plain ``plt.show()`` has no phone version: each page's cell-output
    figures must carry the record ``show`` writes."""
    FIGURE_KEY, png_text = SITE.FIGURE_KEY, SITE.png_text

    pages = _figure_pages(site_dir)
    assert len(pages) >= 6, pages
    bare = [(p, s) for p, srcs in pages for s in srcs
            if FIGURE_KEY not in png_text(((site_dir / p).parent / s).resolve().read_bytes())]
    assert not bare, f"figures drawn without widgets.figures.show: {bare}"


@pytest.mark.browser
def test_figure_text_is_readable_on_a_phone(browser, site_url, site_dir):
    FIGURE_KEY, png_text = SITE.FIGURE_KEY, SITE.png_text

    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  device_scale_factor=1)
    page = context.new_page()
    smallest = []
    for path, _ in _figure_pages(site_dir):
        page.goto(site_url + path)
        imgs = page.locator("figure img[src*='_images/']")
        for k in range(imgs.count()):
            img = imgs.nth(k)
            img.scroll_into_view_if_needed()
            img.evaluate("e => e.decode()")
            seen = img.evaluate("e => ({src: e.getAttribute('src'), current: e.currentSrc, "
                                "shown: e.getBoundingClientRect().width, natural: e.naturalWidth})")
            meta = json.loads(png_text(((site_dir / path).parent / seen["src"]).resolve().read_bytes())
                              [FIGURE_KEY])
            chosen = meta["phone"] or {"name": seen["src"].split("/")[-1], "min_pt": meta["min_pt"]}
            assert seen["current"].endswith(chosen["name"]), (path, seen, "phone version not chosen")
            px = chosen["min_pt"] * meta["dpi"] / 72 * seen["shown"] / seen["natural"]
            smallest.append((px, path, k))
            assert px >= MIN_TEXT_PX, (path, k, round(px, 1))
    context.close()
    low = min(smallest)
    print(f"\n{len(smallest)} figures: smallest chart text {low[0]:.1f} CSS px at 390 px ({low[1]} #{low[2]})")
