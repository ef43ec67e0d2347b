"""Chapter 2: claims the page makes in words (alt text, answers) checked against the data."""
from __future__ import annotations

import pandas as pd
import pytest

from widgets.data import load


@pytest.fixture(scope="module")
def pew():
    return load("pew_opinion")


def fav(pew, iso3):
    return pew[(pew.iso3 == iso3) & (pew.indicator == "favourable_view_us")].set_index("year")["value"]


def test_poland_barely_moved_japan_moved_like_germany(pew):
    # page: "Japan's moves run in the same directions as Germany's; Poland's views barely moved"
    deu, jpn, pol = fav(pew, "DEU"), fav(pew, "JPN"), fav(pew, "POL")
    for a, b in [(2008, 2009), (2016, 2017)]:
        assert (jpn[b] - jpn[a]) * (deu[b] - deu[a]) > 0
        assert abs(pol[b] - pol[a]) <= 3 < abs(deu[b] - deu[a])


def test_troops_alt_text():
    # alt: Germany largest in the Cold War, falls steeply after 1990; Japan above Germany in the last year
    t = load("us_troops")
    t = t[~t.domestic].pivot_table(index="year", columns="iso3", values="troops")
    cold = t.loc[1950:1990, ["DEU", "JPN", "KOR", "ITA", "GBR"]]
    assert (cold.idxmax(axis=1) == "DEU").mean() > 0.9
    last = t.index.max()
    assert t.loc[last, "DEU"] < 0.25 * t.loc[1990, "DEU"]
    assert t.loc[last, "JPN"] > t.loc[last, "DEU"]


def test_arms_alt_text():
    # alt: the four Indo-Pacific partners in the upper part; Europeans from near zero to complete dependence
    arms, countries = load("arms_imports"), load("countries")
    total = arms.groupby("recipient_iso3")["tiv_million"].sum()
    us = arms[arms.supplier_iso3 == "USA"].groupby("recipient_iso3")["tiv_million"].sum().reindex(total.index, fill_value=0)
    share = (100 * us / total[total > 0]).dropna()
    group = countries.set_index("iso3")["group"]
    indo = share[share.index.map(group) == "Indo-Pacific partner"]
    euro = share.drop(indo.index)
    assert len(indo) == 4 and (indo > euro.median()).all()
    assert euro.min() < 5 and euro.max() > 95


def test_pew_transition_signs(pew):
    # figure alt: almost all dots above zero for 2008-2009 and below zero for 2016-2017
    countries = load("countries")
    allies = set(countries.loc[countries.group.isin(["NATO", "Indo-Pacific partner"]), "iso3"])
    w = pew[(pew.indicator == "favourable_view_us") & pew.iso3.isin(allies)].pivot(index="iso3", columns="year", values="value")
    up = (w[2009] - w[2008]).dropna()
    down = (w[2017] - w[2016]).dropna()
    assert (up > 0).mean() >= 0.75 and (down < 0).mean() >= 0.75
