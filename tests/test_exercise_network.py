"""Tests for widgets.models.exercise_network (the exercise network of Chapter 3).

"hand": toy tables whose statistics are counted by hand in the comments;
"raw": the real-data values recomputed in the test from data/*.csv with the csv module,
not through the module under test.
"""
from __future__ import annotations

import csv
import math
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.models import exercise_network as xn

ROOT = Path(__file__).resolve().parents[1]
ACC = {"USA": 1949, "GBR": 1949, "FRA": 1949, "POL": 1999}


def toy():
    # a (1985): USA, GBR, SWE (SWE not an ally) -> allied {USA, GBR}
    # b (1986): GBR, FRA                        -> allied {GBR, FRA}, European-only
    # c (1995): USA, POL                        -> POL not yet a member -> only USA, not allied
    # d (2000): POL, FRA, GBR                   -> allied, European-only
    rows = [("a", "USA", 1985), ("a", "GBR", 1985), ("a", "SWE", 1985), ("b", "GBR", 1986), ("b", "FRA", 1986),
            ("c", "USA", 1995), ("c", "POL", 1995), ("d", "POL", 2000), ("d", "FRA", 2000), ("d", "GBR", 2000)]
    return pd.DataFrame(rows, columns=["exercise_id", "iso3", "start_year"])


def test_toy_periods_hand():
    p = toy()
    s = xn.period_summary(p, ACC, 1980, 1990)
    # 1980-1990: allies USA, GBR, FRA (POL not yet): 3 pairs, linked USA-GBR and GBR-FRA -> 2/3
    assert s["n_allies"] == 3 and s["n_exercises"] == 2
    assert s["density"] == pytest.approx(2 / 3)
    assert s["us_share"] == 0.5 and s["n_european_only"] == 1
    s2 = xn.period_summary(p, ACC, 1991, 2010)
    # 1991-2010: allies USA, GBR, FRA, POL: exercise c is not allied (POL joined 1999); d links 3 pairs of 6
    assert s2["n_allies"] == 4 and s2["n_exercises"] == 1
    assert s2["density"] == pytest.approx(3 / 6)
    assert s2["us_share"] == 0.0 and s2["european_only_share"] == 1.0


def test_pair_counts_symmetric_hand():
    m = xn.pair_counts(toy(), ACC, 1980, 2010)
    assert (m.to_numpy() == m.to_numpy().T).all()
    assert m.loc["GBR", "GBR"] == 3 and m.loc["GBR", "FRA"] == 2 and m.loc["USA", "POL"] == 0


def test_empty_period_is_valid():
    s = xn.period_summary(toy(), ACC, 2005, 2010)
    assert s["n_exercises"] == 0 and s["us_share"] == 0.0 and s["density"] == 0.0


def test_two_proportion_hand():
    # hand: p1 = 0.8, p2 = 0.6, pooled 0.7, se = sqrt(0.21 * (2/100)) = 0.0648 -> z = -3.086
    r = xn.two_proportion_test(80, 100, 60, 100)
    assert r["z"] == pytest.approx(-0.2 / math.sqrt(0.21 * 0.02))
    assert r["p_value"] == pytest.approx(math.erfc(abs(r["z"]) / math.sqrt(2)))


def _raw():
    acc = {}
    with open(ROOT / "data" / "countries.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["nato_member_since"]:
                acc[r["iso3"]] = int(float(r["nato_member_since"]))
    ex = defaultdict(set)
    with open(ROOT / "data" / "exercise_participants.csv", newline="") as f:
        for r in csv.DictReader(f):
            y = int(r["start_year"])
            if r["iso3"] in acc and y >= acc[r["iso3"]]:
                ex[(r["exercise_id"], y)].add(r["iso3"])
    return acc, ex


@pytest.mark.parametrize("period", list(xn.PERIODS))
def test_real_data_against_raw_csv(period):
    from widgets.data import load

    a, b = xn.PERIODS[period]
    acc, ex = _raw()
    sets = [s for (eid, y), s in ex.items() if a <= y <= b and len(s) >= 2]
    members = [k for k, v in acc.items() if v <= b]
    links = {frozenset(pr) for s in sets for pr in combinations(sorted(s), 2)}
    got = xn.period_summary(load("exercise_participants"), load("countries"), a, b)
    assert got["n_exercises"] == len(sets)
    assert got["us_share"] == pytest.approx(sum("USA" in s for s in sets) / len(sets))
    assert got["density"] == pytest.approx(len(links) / (len(members) * (len(members) - 1) / 2))
    assert got["n_european_only"] == sum(("USA" not in s and "CAN" not in s) for s in sets)


def test_duplicate_ids_kept():
    from widgets.data import load

    e = load("exercises")
    assert e["exercise_id"].str.endswith("-2").sum() == 3 and e["exercise_id"].is_unique


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(list(ACC) + ["SWE"]), st.integers(1980, 2010)),
                min_size=0, max_size=40))
def test_properties(rows):
    p = pd.DataFrame([(f"e{i}", c, y) for i, c, y in rows], columns=["exercise_id", "iso3", "start_year"])
    # one start year per exercise, as in the data
    p["start_year"] = p.groupby("exercise_id")["start_year"].transform("first")
    s = xn.period_summary(p, ACC, 1980, 2010)
    for k in ("density", "us_share", "european_only_share", "us_degree_share", "mean_degree_share"):
        assert 0.0 <= s[k] <= 1.0
    m = xn.pair_counts(p, ACC, 1980, 2010).to_numpy()
    assert (m == m.T).all() and (np.diag(m) >= m.max(axis=1)).all()


def test_bad_input():
    with pytest.raises(ValueError, match=r"^start \(year\)"):
        xn.period_summary(toy(), ACC, 1970, 1990)
    with pytest.raises(ValueError, match=r"^start"):
        xn.period_summary(toy(), ACC, 1995, 1990)
    with pytest.raises(ValueError, match="participants lacks the column 'iso3'"):
        xn.allied_participation(toy().drop(columns="iso3"), ACC)
    with pytest.raises(ValueError, match="countries lacks"):
        xn.allied_participation(toy(), pd.DataFrame({"iso3": ["USA"]}))
    with pytest.raises(ValueError, match=r"^k1"):
        xn.two_proportion_test(5, 0, 1, 2)
