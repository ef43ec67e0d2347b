"""Tests for widgets.models.alliance (Model 1A) and widgets.models.burden.

Three kinds of expected values appear here, each labelled:
* "pack": Model 1A's reference teaching values (listed in docs/models.md), computed by an
  independent implementation before this one was written;
* "hand": values derived by hand in the comment next to the assertion;
* "raw": values computed in the test from NATO's raw long table, not through
  the function under test.
Property tests (hypothesis) range over the explorer's slider ranges.
"""
from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from widgets.models import alliance as al
from widgets.models import burden as bu
from widgets.models import ranks

PROP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Model 1A reference teaching values (illustrative calibration; docs/models.md).
PACK_Y = [4.5, 3.1, 3.3, 2.3, 1.6, 0.85, 1.1]
PACK_A = [0.078, 0.105, 0.101, 0.131, 0.175, 0.295, 0.237]


# --------------------------------------------------------------------------- #
# Strategies over the slider ranges (n 2-12 allies, beta 0-1, G 0-0.6,        #
# floors 0 / 2 / 3.5 / 5 %, GDP 0.05-30 US$ trillion)                          #
# --------------------------------------------------------------------------- #
@st.composite
def games(draw, n_min=2, n_max=12, common_beta=False, floors=True):
    n = draw(st.integers(n_min, n_max))
    Y = draw(st.lists(st.floats(0.05, 30.0), min_size=n, max_size=n))
    a = draw(st.lists(st.floats(0.01, 0.5), min_size=n, max_size=n))
    if common_beta:
        beta = draw(st.floats(0.0, 1.0))
    else:
        beta = draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    floor = draw(st.sampled_from([0.0, 0.02, 0.035, 0.05])) if floors else 0.0
    return np.array(Y), np.array(a), beta, floor


# --------------------------------------------------------------------------- #
# Model 1A: reference teaching values                                         #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("solver", [al.closed_form_equilibrium, al.equilibrium])
def test_pack_case_beta_half(solver):
    # pack: beta = 0.5, G = 0.15 -> Q (incl. G) = 0.623862, q as below
    eq = solver(PACK_Y, PACK_A, 0.5, G=0.15)
    assert eq.total_security == pytest.approx(0.623862, abs=5e-7)
    np.testing.assert_allclose(eq.q, [0.1176, 0.0838, 0.0960, 0.0535, 0.0386, 0.0476, 0.0367], atol=5e-5)
    # Q includes the US contribution G, so the allies alone provide Q - G
    assert eq.allied_total == pytest.approx(0.623862 - 0.15, abs=5e-7)


@pytest.mark.parametrize("solver", [al.closed_form_equilibrium, al.equilibrium])
def test_pack_case_pure_public_good(solver):
    # pack: beta = 1, G = 0 -> Q = 0.360386; four smallest-t allies free-ride
    eq = solver(PACK_Y, PACK_A, 1.0, G=0.0)
    assert eq.total_security == pytest.approx(0.360386, abs=5e-7)
    np.testing.assert_allclose(eq.q, [0.24, 0.0281, 0.0922, 0, 0, 0, 0], atol=5e-5)
    assert eq.free_riders.tolist() == [False, False, False, True, True, True, True]


PACK_FLOOR_Y = [29.0, 12.0, 2.0, 4.0]            # US, Big EU, Frontline, Small EU
PACK_FLOOR_BURDEN = np.array([3.4, 2.0, 3.5, 1.4]) / 100
PACK_FLOOR_BETA = [0.15, 0.3, 0.3, 0.3]


def test_pack_floor_case_calibration():
    # pack: calibrated a ~ [0.0358, 0.0465, 0.1906, 0.1013] (US strategic, G = 0)
    q = PACK_FLOOR_BURDEN * np.array(PACK_FLOOR_Y)
    a = al.calibrate_weights(PACK_FLOOR_Y, q, PACK_FLOOR_BETA, 0.0)
    np.testing.assert_allclose(a, [0.0358, 0.0465, 0.1906, 0.1013], atol=5e-5)


@pytest.mark.parametrize("floor, expected", [
    (0.035, [3.27, 3.5, 3.5, 3.5]),     # pack: burdens ~ [3.27, 3.5, 3.5, 3.5] %
    (0.02, [3.39, 2.0, 3.24, 2.0]),     # pack: US 3.40 -> 3.39 %, Frontline 3.5 -> 3.24 %
])
def test_pack_floor_case_strategic_us(floor, expected):
    q = PACK_FLOOR_BURDEN * np.array(PACK_FLOOR_Y)
    a = al.calibrate_weights(PACK_FLOOR_Y, q, PACK_FLOOR_BETA, 0.0)
    eq = al.equilibrium(PACK_FLOOR_Y, a, PACK_FLOOR_BETA, G=0.0, floor=[0.0, floor, floor, floor])
    np.testing.assert_allclose(eq.burden_pct, expected, atol=0.006)
    assert eq.burden_pct[0] < 3.4  # the strategic US trims its own spending


# --------------------------------------------------------------------------- #
# Model 1A: our own derivations                                                #
# --------------------------------------------------------------------------- #
def test_hand_two_identical_allies():
    # hand: q = aY - (1-a)*q (beta = 1, symmetric) -> q = aY / (2 - a) = 0.1/1.9
    eq = al.equilibrium([1.0, 1.0], [0.1, 0.1], 1.0)
    np.testing.assert_allclose(eq.q, [0.1 / 1.9] * 2, rtol=1e-9)


def test_hand_isolated_allies_beta_zero():
    # hand: beta = 0 -> nobody protects anybody else, q_i = a_i Y_i whatever G is
    for solver in (al.equilibrium, al.closed_form_equilibrium):
        eq = solver([2.0, 1.0, 0.5], [0.1, 0.2, 0.3], 0.0, G=0.4)
        np.testing.assert_allclose(eq.q, [0.2, 0.2, 0.15], rtol=1e-9)


def test_every_player_on_best_response():
    eq = al.equilibrium(PACK_Y, PACK_A, [0.2, 0.4, 0.6, 0.8, 1.0, 0.5, 0.3], G=0.1, floor=0.02)
    others = eq.allied_total - eq.q + eq.G
    br = np.maximum(eq.floor * eq.Y, eq.a * eq.Y - (1 - eq.a) * eq.beta * others)
    np.testing.assert_allclose(eq.q, br, rtol=0, atol=1e-10)


@given(games(common_beta=True, floors=False), st.floats(0.0, 0.6))
@PROP
def test_closed_form_equals_solver(game, G):
    Y, a, beta, _ = game
    cf = al.closed_form_equilibrium(Y, a, beta, G=G)
    it = al.equilibrium(Y, a, beta, G=G)
    np.testing.assert_allclose(it.q, cf.q, rtol=0, atol=1e-8 * max(Y))


@given(games(common_beta=False, floors=False), st.floats(0.0, 0.6),
       st.lists(st.floats(0.005, 0.08), min_size=12, max_size=12))
@PROP
def test_calibration_reproduces_observed_spending(game, G0, shares):
    Y, _, beta, _ = game
    q_obs = np.array(shares[: len(Y)]) * Y
    a = al.calibrate_weights(Y, q_obs, beta, G0)
    assert np.all((a >= 0) & (a < 1))
    eq = al.equilibrium(Y, a, beta, G=G0)
    np.testing.assert_allclose(eq.q, q_obs, rtol=1e-8, atol=1e-10)


def test_offset_ratio_matches_closed_form_slope():
    # Closed form: dQ/dG = 1 / (1 + beta * sum_C (1-a)/(1-(1-a)beta)) while the
    # contributor set C is unchanged (all seven contribute at beta = 0.5, G = 0.15).
    a, b = np.array(PACK_A), 0.5
    dQdG = 1.0 / (1.0 + b * np.sum((1 - a) / (1 - (1 - a) * b)))
    r = al.offset_ratio(PACK_Y, PACK_A, b, G_from=0.15, G_to=0.14)
    assert r == pytest.approx(1.0 - dQdG, abs=1e-7)
    assert 0 < r < 1


def test_offset_ratio_pack_story():
    # pack 1.D item 3: cutting G raises allied spending, but total security falls
    before = al.equilibrium(PACK_Y, PACK_A, 0.5, G=0.3)
    after = al.equilibrium(PACK_Y, PACK_A, 0.5, G=0.0)
    assert after.allied_total > before.allied_total
    assert after.total_security < before.total_security


@given(games(), st.floats(0.0, 0.6), st.floats(0.0, 0.6))
@PROP
def test_total_security_does_not_rise_when_G_falls(game, G1, G2):
    Y, a, beta, floor = game
    lo, hi = sorted((G1, G2))
    eq_lo = al.equilibrium(Y, a, beta, G=lo, floor=floor)
    eq_hi = al.equilibrium(Y, a, beta, G=hi, floor=floor)
    slack = 1e-8 * max(Y)
    assert eq_lo.total_security <= eq_hi.total_security + slack
    assert eq_lo.allied_total >= eq_hi.allied_total - slack


@given(games(n_min=2, floors=False), st.floats(0.0, 0.6))
@PROP
def test_largest_ally_carries_highest_burden_common_a(game, G):
    """Conditions: beta = 1 (pure public good), no floors, one common a.

    Then a contributor's burden is 1 - (1-a) Q / (a Y_i), increasing in Y_i, and
    free riders have burden 0; so the largest ally's burden is >= every other's.
    If G < a max(Y) / (1-a), someone contributes, and it is the largest ally.
    """
    Y, a, _, _ = game
    a_common = float(a[0])
    eq = al.equilibrium(Y, np.full(len(Y), a_common), 1.0, G=G)
    big = int(np.argmax(Y))
    assert np.all(eq.burden[big] >= eq.burden - 1e-9)
    if G < a_common * Y[big] / (1 - a_common) * (1 - 1e-6):
        assert eq.q[big] > 0


def test_largest_ally_condition_is_needed():
    # hand: with different a the rule can fail. beta = 1, Y = [3, 1], a = [0.05, 0.3]:
    # thresholds t = aY/(1-a) = [0.158, 0.429], so only the small ally contributes.
    eq = al.closed_form_equilibrium([3.0, 1.0], [0.05, 0.3], 1.0)
    assert eq.q[0] == 0 and eq.q[1] > 0
    assert eq.burden[1] > eq.burden[0]


@given(games(), st.floats(0.0, 0.6))
@PROP
def test_floors_never_push_below_floor(game, G):
    Y, a, beta, floor = game
    eq = al.equilibrium(Y, a, beta, G=G, floor=floor)
    assert np.all(eq.q >= floor * Y * (1 - 1e-12))
    assert np.all(eq.q < Y)
    if floor > 0:
        assert not eq.free_riders.any()


def test_equilibrium_properties_consistent():
    eq = al.equilibrium(PACK_Y, PACK_A, 1.0, G=0.0, floor=0.0, names=list("ABCDEFG"))
    assert eq.names == tuple("ABCDEFG")
    np.testing.assert_allclose(eq.burden_pct, 100 * eq.q / np.array(PACK_Y))
    assert eq.total_security == pytest.approx(eq.allied_total + eq.G)
    assert not eq.at_floor.any()
    with pytest.raises(Exception):
        eq.q[0] = 1.0  # frozen arrays


def test_solver_reports_non_convergence(monkeypatch):
    monkeypatch.setattr(al, "MAX_SWEEPS", 2)
    with pytest.raises(ValueError, match="did not converge"):
        al.equilibrium(PACK_Y, PACK_A, 1.0)


@pytest.mark.parametrize("kwargs, name", [
    (dict(Y=[1.0, -1.0]), "Y"),
    (dict(Y=[[1.0, 2.0]]), "Y"),
    (dict(Y=[1.0, float("nan")]), "Y"),
    (dict(a=[0.1, 1.0]), "a"),
    (dict(a=[0.1]), "a"),
    (dict(beta=1.5), "beta"),
    (dict(beta=[0.5, -0.1]), "beta"),
    (dict(G=-0.1), "G"),
    (dict(G="lots"), "G"),
    (dict(floor=1.0), "floor"),
    (dict(floor=[-0.01, 0.0]), "floor"),
    (dict(names=["only one"]), "names"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    args = dict(Y=[1.0, 2.0], a=[0.1, 0.1], beta=0.5, G=0.0, floor=0.0, names=None)
    args.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        al.equilibrium(**args)


def test_bad_input_other_functions():
    with pytest.raises(ValueError, match="common beta"):
        al.closed_form_equilibrium([1.0, 2.0], [0.1, 0.1], [0.5, 0.6])
    with pytest.raises(ValueError, match="^q_obs"):
        al.calibrate_weights([1.0, 2.0], [1.0, 0.1], 0.5, 0.1)
    with pytest.raises(ValueError, match="^G_from"):
        al.offset_ratio([1.0, 2.0], [0.1, 0.1], 0.5, G_from=-1, G_to=0.0)
    with pytest.raises(ValueError, match="G_from and G_to"):
        al.offset_ratio([1.0, 2.0], [0.1, 0.1], 0.5, G_from=0.2, G_to=0.2)


# --------------------------------------------------------------------------- #
# Rank correlations                                                            #
# --------------------------------------------------------------------------- #
def _kendall_by_counting(x, y):
    """Independent tau-b: count concordant, discordant and tied pairs in loops."""
    c = d = tx = ty = 0
    for i, j in itertools.combinations(range(len(x)), 2):
        dx, dy = x[i] - x[j], y[i] - y[j]
        if dx == 0 and dy == 0:
            tx += 1
            ty += 1
        elif dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx * dy > 0:
            c += 1
        else:
            d += 1
    n0 = len(x) * (len(x) - 1) // 2
    return (c - d) / math.sqrt((n0 - tx) * (n0 - ty))


@pytest.mark.parametrize("x, y, tau, rho", [
    # hand: pairs (1,2) C, (1,3) C, (2,3) D -> tau = 1/3; d = (0,1,1) -> rho = 1 - 6*2/24 = 0.5
    ([1, 2, 3], [1, 3, 2], 1 / 3, 0.5),
    # hand: x tied in one pair; S = 2, tau_b = 2/sqrt(2*3); ranks x (1.5,1.5,3) -> rho = 1.5/sqrt(1.5*2)
    ([1, 1, 2], [1, 2, 3], 2 / math.sqrt(6), 1.5 / math.sqrt(3)),
    ([1, 2, 3, 4], [10, 20, 30, 40], 1.0, 1.0),
    ([1, 2, 3, 4], [4, 3, 2, 1], -1.0, -1.0),
    # hand: pairs 12 D, 13 C, 14 C, 23 C, 24 C, 34 D -> (4-2)/6; d = (-1,1,-1,1) -> rho = 1 - 6*4/60
    ([1, 2, 3, 4], [2, 1, 4, 3], 1 / 3, 0.6),
])
def test_rank_correlation_hand_examples(x, y, tau, rho):
    assert ranks.kendall_tau(x, y) == pytest.approx(tau)
    assert ranks.spearman_rho(x, y) == pytest.approx(rho)


vectors = st.integers(2, 25).flatmap(lambda n: st.tuples(
    st.lists(st.integers(-5, 5), min_size=n, max_size=n),
    st.lists(st.integers(-5, 5), min_size=n, max_size=n)))


@given(vectors)
@PROP
def test_kendall_properties(xy):
    x, y = np.array(xy[0], float), np.array(xy[1], float)
    assume(len(set(x)) > 1 and len(set(y)) > 1)
    t = ranks.kendall_tau(x, y)
    assert -1.0 <= t <= 1.0
    assert t == pytest.approx(ranks.kendall_tau(y, x))
    assert t == pytest.approx(_kendall_by_counting(x, y))
    assert ranks.kendall_tau(x, -y) == pytest.approx(-t)
    assert ranks.kendall_tau(np.exp(x), y) == pytest.approx(t)  # rank-based: monotone transforms
    r = ranks.spearman_rho(x, y)
    assert -1.0 <= r <= 1.0 and r == pytest.approx(ranks.spearman_rho(y, x))


def test_rank_correlation_degenerate_and_bad_input():
    assert math.isnan(ranks.kendall_tau([1, 1, 1], [1, 2, 3]))
    assert math.isnan(ranks.spearman_rho([1, 2, 3], [2, 2, 2]))
    with pytest.raises(ValueError, match="same length"):
        ranks.kendall_tau([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="^x"):
        ranks.kendall_tau([1, float("nan")], [1, 2])
    with pytest.raises(ValueError, match="at least two"):
        ranks.spearman_rho([1], [1])


# --------------------------------------------------------------------------- #
# burden.py on small hand-made tables                                          #
# --------------------------------------------------------------------------- #
def _toy():
    rows = []
    for iso, name, share, gdp, dus in [("AAA", "Aland", 1.5, 300.0, 4.5), ("BBB", "Bland", 2.5, 200.0, 5.0),
                                       ("CCC", "Cland", 2.0, 100.0, 2.0)]:
        rows += [(iso, name, 2024, "defence_share_gdp", share), (iso, name, 2024, "gdp_usd_current", gdp),
                 (iso, name, 2024, "defence_usd_current", dus)]
    rows += [("NATO_TOTAL", "NATO Total", 2024, "defence_share_gdp", 1.9),
             ("NATO_TOTAL", "NATO Total", 2024, "defence_usd_current", 11.5),
             ("NATO_TOTAL", "NATO Total", 2024, "gdp_usd_current", 600.0)]
    return pd.DataFrame(rows, columns=["iso3", "country", "year", "indicator", "value"])


def test_burden_toy_tables():
    df = _toy()
    t = bu.burden_table(df, 2024, "share_gdp")
    assert t["iso3"].tolist() == ["BBB", "CCC", "AAA"] and list(t.columns) == ["iso3", "country", "value"]
    s = bu.burden_table(df, 2024, "share_of_total", iso3=["AAA", "CCC"])
    # hand: 4.5 / 11.5 and 2.0 / 11.5 in percent
    np.testing.assert_allclose(s["value"], [100 * 4.5 / 11.5, 100 * 2.0 / 11.5])
    # hand: 2.0 and 2.5 are >= 2 (aggregate row excluded) -> 2
    assert bu.allies_at_or_above(df).to_dict() == {2024: 2}
    assert bu.allies_at_or_above(df, threshold=2.4).to_dict() == {2024: 1}
    # hand: GDP ranks (3,2,1) vs share ranks (1,3,2): pairs A-B D, A-C D, B-C C -> -1/3
    r = bu.rank_correlation_by_year(df)
    assert r.to_dict("records") == [{"year": 2024, "n": 3, "coefficient": pytest.approx(-1 / 3)}]


@pytest.mark.parametrize("call, match", [
    (lambda df: bu.burden_table(df, 2024, "per_head"), "metric"),
    (lambda df: bu.burden_table(df, 1999, "share_gdp"), "year 1999"),
    (lambda df: bu.burden_table(df, 2024, "share_gdp", iso3=["ZZZ"]), "ZZZ"),
    (lambda df: bu.burden_table(df.drop(columns="value"), 2024, "share_gdp"), "value"),
    (lambda df: bu.burden_table("not a table", 2024, "share_gdp"), "nato must be"),
    (lambda df: bu.allies_at_or_above(df, threshold=-1), "threshold"),
    (lambda df: bu.rank_correlation_by_year(df, method="pearson"), "method"),
    (lambda df: bu.rank_correlation_by_year(df, years=[2030]), "2030"),
    (lambda df: bu.us_share_of_alliance(df), "USA"),
])
def test_burden_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call(_toy())


# --------------------------------------------------------------------------- #
# Against the real data (raw NATO table read directly with csv)                #
# --------------------------------------------------------------------------- #
def _nato():
    data = pytest.importorskip("widgets.data")
    return data.load("nato_spending"), data.data_dir()


def _raw_rows(data_dir: Path, table: str, section: str):
    for base in (data_dir / "raw", Path(__file__).resolve().parents[1] / "data" / "raw"):
        p = base / "nato_defence_expenditure" / "nato_defexp_2014_2024_tables_long.csv"
        if p.exists():
            with open(p, newline="", encoding="utf-8") as fh:
                return [r for r in csv.DictReader(fh) if r["table"] == table and r["section"] == section]
    pytest.skip("raw NATO table data/raw/nato_defence_expenditure/ not present yet")


AGG_NAMES = {"NATO Total", "NATO Europe and Canada"}


def test_real_allies_at_or_above_matches_raw_count():
    nato, d = _nato()
    raw = _raw_rows(d, "TABLE3", "Share of real GDP (%)")
    counts = bu.allies_at_or_above(nato, 2.0)
    for year in (2014, 2024):
        expected = sum(1 for r in raw if r["year"] == str(year) and r["country"] not in AGG_NAMES
                       and float(r["value"]) >= 2.0)
        assert counts[year] == expected


def test_real_us_share_matches_raw():
    nato, d = _nato()
    raw = _raw_rows(d, "TABLE2", "Current prices and exchange rates")
    val = {(r["country"], r["year"]): float(r["value"]) for r in raw}
    share = bu.us_share_of_alliance(nato)
    for year in (2014, 2024):
        expected = 100 * val[("United States", str(year))] / val[("NATO Total", str(year))]
        assert share[year] == pytest.approx(expected, rel=1e-9)


def test_real_nato_total_is_sum_of_members():
    # NATO_TOTAL sums the members of each year; members_only() must select exactly them.
    # Tolerance 1e-9 relative: only floating-point summation differs.
    data = pytest.importorskip("widgets.data")
    nato, countries = data.load("nato_spending"), data.load("countries")
    since = {r.iso3: r.nato_member_since for r in countries.itertuples() if not pd.isna(r.nato_member_since)}
    sub = nato[nato["indicator"] == "defence_usd_current"]
    for year, g in sub.groupby("year"):
        members = g[g["iso3"].map(lambda c: c in since and since[c] <= year)]["value"].sum()
        total = g[g["iso3"] == "NATO_TOTAL"]["value"].iloc[0]
        assert members == pytest.approx(total, rel=1e-9), year
    filtered = bu.members_only(sub, countries)
    for year, g in filtered.groupby("year"):
        total = g[g["iso3"] == "NATO_TOTAL"]["value"].iloc[0]
        assert g[~g["iso3"].str.startswith("NATO_")]["value"].sum() == pytest.approx(total, rel=1e-9), year
    shares = bu.burden_table(bu.members_only(nato, countries), 2014, "share_of_total")
    assert shares["value"].sum() == pytest.approx(100.0, rel=1e-9)
    assert "FIN" not in set(shares["iso3"])


def test_real_rank_correlation_2024_matches_raw():
    nato, d = _nato()
    gdp = {r["country"]: float(r["value"]) for r in _raw_rows(d, "TABLE5", "Current prices and exchange rates")
           if r["year"] == "2024" and r["country"] not in AGG_NAMES}
    shr = {r["country"]: float(r["value"]) for r in _raw_rows(d, "TABLE3", "Share of real GDP (%)")
           if r["year"] == "2024" and r["country"] not in AGG_NAMES}
    common = sorted(set(gdp) & set(shr))
    expected = _kendall_by_counting([gdp[c] for c in common], [shr[c] for c in common])
    got = bu.rank_correlation_by_year(nato, years=[2024]).iloc[0]
    assert got["n"] == len(common)
    assert got["coefficient"] == pytest.approx(expected)


def test_real_calibration_uses_nato_data():
    nato, d = _nato()
    gdp = {r["country"]: float(r["value"]) for r in _raw_rows(d, "TABLE5", "Current prices and exchange rates")
           if r["year"] == "2024"}
    shr = {r["country"]: float(r["value"]) for r in _raw_rows(d, "TABLE3", "Share of real GDP (%)")
           if r["year"] == "2024"}
    cal = al.nato_calibration(2024, nato=nato)
    assert cal.iso3[0] == "DEU"
    assert cal.Y[0] == pytest.approx(gdp["Germany"] / 1e6, rel=1e-9)
    assert cal.q_obs[0] == pytest.approx(shr["Germany"] / 100 * gdp["Germany"] / 1e6, rel=1e-9)
    base = cal.baseline()
    np.testing.assert_allclose(base.q, cal.q_obs, rtol=1e-8)
    assert "illustrative" in cal.note and "June 2024" in cal.note
    us = al.nato_calibration(2024, nato=nato, strategic_us=True)
    assert us.iso3[0] == "USA" and us.G0 == 0.0 and us.beta[0] == 0.15
    np.testing.assert_allclose(us.baseline().q, us.q_obs, rtol=1e-8)
    with pytest.raises(ValueError, match="XXX"):
        al.nato_calibration(2024, iso3=("DEU", "XXX"), nato=nato)
    with pytest.raises(ValueError, match="2030"):
        al.nato_calibration(2030, nato=nato)
