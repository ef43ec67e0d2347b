"""Page-weight budget for every page of the TOC, with bytes counted from the build.

A reader's browser opens each page at 390 px (a phone) and 1280 px without touching anything;
every file it requests is mapped back to the built site and counted as a host would send it
(gzip for text). That must stay within ``LOAD_BUDGET`` (the course's target: a chapter page
transfers at most 300 kB before the reader first touches an explorer). Everything a page can
fetch later (every explorer frame, lazy figures, printable panels) must stay within
``TOTAL_BUDGET``. The figures themselves are printed by ``make bench``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import bench  # noqa: E402

pytestmark = pytest.mark.browser

LOAD_BUDGET = 300 * 1024
TOTAL_BUDGET = 3 * 1024 * 1024


@pytest.mark.parametrize("width", [390, 1280])
def test_page_loads_within_budget(browser, site_url, site_dir, toc_page, width):
    got = bench.loaded_bytes(browser, site_url, site_dir, toc_page, width)
    heaviest = sorted(got["files"].items(), key=lambda kv: -kv[1])[:5]
    assert got["files"], f"{toc_page}: no request mapped to a file of the site"
    assert got["load"] <= LOAD_BUDGET, (
        f"{toc_page} at {width} px loads {got['load'] / 1024:.0f} kB before any interaction, over "
        f"{LOAD_BUDGET / 1024:.0f} kB; heaviest: {[(p.name, round(b / 1024)) for p, b in heaviest]}")


def test_everything_a_page_can_fetch_is_within_budget(site_dir, toc_page):
    got = bench.page_bytes(site_dir, toc_page)
    assert got["load"] <= got["total"] <= TOTAL_BUDGET, (
        f"{toc_page}: {got['total'] / 1024:.0f} kB with every frame and image, over {TOTAL_BUDGET / 1024:.0f} kB")
