"""Regression tests for the expert re-review of the corrected Chapter 1 (findings D1-D8, L1-L9).

Each test checks a claim that the chapter or its teacher page makes in words against the data or
the explorer's own model, or keeps a replaced wording from returning. They read the pages' source
and call pure functions (no build, no browser), so they run in seconds. Kept in a file of their own,
self-contained, so they do not depend on the helpers of other test files.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "01-origins.md"
TEACHER = ROOT / "chapters" / "teacher" / "01-origins.md"
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n.*?^```[ \t]*$", re.S | re.M)


@pytest.fixture(scope="module")
def chapter() -> str:
    return CHAPTER.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def public_goods():
    from widgets.explorers.ch01 import public_goods_explorer
    return public_goods_explorer()


@pytest.fixture(scope="module")
def data():
    from widgets.data import load
    return {name: load(name) for name in ("nato_spending", "countries")}


def markdown(text: str) -> str:
    """The page without its code cells (captions and alt texts live in code cells)."""
    return CODE_CELL.sub("", text)


def longview_alt(text: str) -> str:
    cell = next(c for c in CODE_CELL.findall(text) if "name: fig-ch01-longview" in c)
    alt = re.search(r"^\s+alt:\s*(.*?)\n(?=\S|\s{0,2}\S)", cell, re.M | re.S)
    return " ".join(alt.group(1).split())


def test_helpers_on_small_examples():
    src = "Text\n```{code-cell} ipython3\nx = 1\n```\nmore\n"
    assert "x = 1" not in markdown(src) and "more" in markdown(src)
    fig = ("```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    name: fig-ch01-longview\n  image:\n"
           "    alt: A line\n      chart.\ntags: [hide-input]\n---\nplot()\n```\n")
    assert longview_alt(fig) == "A line chart."

def test_largest_ally_result_needs_no_common_weight(chapter, public_goods):
    """D1: a common a_i is sufficient, not necessary; the explorer's unequal weights show it."""
    from widgets.models import alliance
    cal = alliance.nato_calibration()
    assert max(cal.a) > 2 * min(cal.a), "the calibrated weights are unequal"
    eq = public_goods.call_model({**public_goods.defaults, "beta": 1.0, "G": 0.0}).eq
    largest = int(np.argmax(cal.Y))
    share = eq.q[largest] / eq.allied_total
    assert int(np.argmax(eq.q)) == largest and share > cal.Y[largest] / np.sum(cal.Y)
    assert "only when allies value security alike" not in markdown(chapter)
    teacher = TEACHER.read_text(encoding="utf-8")
    assert "allies valuing security alike" not in teacher and "need equal weights" in teacher


def test_misconception_names_measures_whose_leader_differs(data):
    """D2: the teacher page says the share-of-GDP leader is not the leader under two other measures."""
    from widgets.models import burden
    nato = data["nato_spending"]
    last = int(nato["year"].max())
    lead = {m: burden.burden_table(nato, last, m).iloc[0]["iso3"]
            for m in ("share_gdp", "per_capita", "share_of_total")}
    assert lead["share_gdp"] != lead["per_capita"] and lead["share_gdp"] != lead["share_of_total"]
    teacher = TEACHER.read_text(encoding="utf-8")
    assert "not the leader per person or by share of the alliance total" in teacher
    assert "or by equipment share" not in teacher


def test_one_sided_test_clears_no_year(chapter, data):
    """D3: the chapter says the choice of test does not explain the gap with Kim and Sandler."""
    from widgets.models import burden
    members = burden.members_only(data["nato_spending"], data["countries"])
    rc = burden.rank_correlation_by_year(members, method="kendall").set_index("year")
    n = rc["n"]
    crit1 = 1.645 * np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))
    assert not (rc["coefficient"] > crit1).any(), "a year clears the one-sided threshold"
    assert "the choice of test does not explain the gap" in " ".join(markdown(chapter).split())
    assert "the one-sided test; the borderline" not in TEACHER.read_text(encoding="utf-8")


def test_tables_hold_no_us_drawdown(data):
    """D7: the answer key says the NATO tables hold no US step back to test against."""
    from widgets.models import burden
    nato, countries = data["nato_spending"], data["countries"]
    us = nato[(nato["iso3"] == "USA") & (nato["indicator"] == "defence_usd_constant2015")].set_index("year")["value"]
    assert us.min() >= 0.9 * us.loc[us.index.min()], "US real spending fell by a tenth or more"
    share = burden.us_share_of_alliance(burden.members_only(nato, countries))
    assert share.min() > 60
    assert "the tables hold no US drawdown" in " ".join(TEACHER.read_text(encoding="utf-8").split())


def test_gdp_ranking_counts_iceland_as_the_text_says(chapter, data):
    """L6: 'Iceland included' after the GDP rank is true of the ranking glued there."""
    from widgets.models import burden
    members = burden.members_only(data["nato_spending"], data["countries"])
    last = int(members["year"].max())
    gdp = members[(members["indicator"] == "gdp_usd_current") & (members["year"] == last)].dropna(subset=["value"])
    assert "ISL" in set(gdp["iso3"])
    assert "allies by GDP, Iceland included" in chapter


def test_rereview_wording_does_not_return(chapter):
    """D4, D5, D8, L1, L3, L4, L7: overstated or inconsistent wording stays out."""
    md = " ".join(markdown(chapter).split())
    for phrase in ("heads of government signed the number", "as old as the alliance;",
                   "total defence in the theatre falls", "total alliance defence falls",
                   "restraint reply stands", "the course holds no copy of that text",
                   "stop cutting, raise spending", "equipment spending and fell after 2014"):
        assert phrase not in md, phrase
    # D8: the Germany row is hedged once (caption), not asserted as West Germany elsewhere.
    assert md.count("West Germany") == 0
    assert "presumably West Germany" in " ".join(chapter.split())
    assert "Five of the six lines peak" in longview_alt(chapter)
