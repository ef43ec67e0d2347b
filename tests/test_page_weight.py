"""Page-weight budget for every page of the TOC, with bytes counted from the build.

A reader's browser opens each page at 390 px (a phone) and 1280 px without touching anything;
every file it requests is mapped back to the built site and counted as a host would send it
(gzip for text). That must stay within ``LOAD_BUDGET`` (the course's target: a chapter page
transfers at most 300 kB before the reader first touches an explorer). Everything a page can
fetch later (every explorer frame, lazy figures, printable panels) must stay within
``TOTAL_BUDGET``. The figures themselves are printed by ``make bench``.

MathJax is fetched only when maths comes near the viewport (docs/decisions/0012). On a page whose
first screen holds maths it is part of what the reader came for, so its files count against their
own ``MATHJAX_BUDGET``, not against ``LOAD_BUDGET``; on a page without maths it must not load.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import bench  # noqa: E402

pytestmark = pytest.mark.browser

LOAD_BUDGET = 300 * 1024
MATHJAX_BUDGET = 400 * 1024
TOTAL_BUDGET = 3 * 1024 * 1024


@pytest.mark.parametrize("width", [390, 1280])
def test_page_loads_within_budget(browser, site_url, site_dir, toc_page, width):
    got = bench.loaded_bytes(browser, site_url, site_dir, toc_page, width)
    assert got["files"], f"{toc_page}: no request mapped to a file of the site"
    maths = {p: b for p, b in got["files"].items() if "vendor/mathjax" in p.as_posix()}
    rest = {p: b for p, b in got["files"].items() if p not in maths}
    heaviest = sorted(rest.items(), key=lambda kv: -kv[1])[:5]
    load = sum(rest.values())
    assert load <= LOAD_BUDGET, (
        f"{toc_page} at {width} px loads {load / 1024:.0f} kB (without MathJax) before any interaction, over "
        f"{LOAD_BUDGET / 1024:.0f} kB; heaviest: {[(p.name, round(b / 1024)) for p, b in heaviest]}")
    if maths:
        assert 'class="math' in (site_dir / toc_page).read_text(encoding="utf-8"), \
            f"{toc_page} has no maths but fetched MathJax"
        assert sum(maths.values()) <= MATHJAX_BUDGET, f"{toc_page}: MathJax {sum(maths.values()) / 1024:.0f} kB"


def test_everything_a_page_can_fetch_is_within_budget(site_dir, toc_page):
    got = bench.page_bytes(site_dir, toc_page)
    assert got["load"] <= got["total"] <= TOTAL_BUDGET, (
        f"{toc_page}: {got['total'] / 1024:.0f} kB with every frame and image, over {TOTAL_BUDGET / 1024:.0f} kB")
