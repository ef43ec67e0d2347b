"""Chapter 2 explorers: readouts agree with direct model calls, extremes stay on the axes,
alt text states the finding, bad codes are named."""
from __future__ import annotations

import numpy as np
import pytest

from widgets.explorers import ch02
from widgets.models import trade_offs as to


def run(explorer, **values):
    v = {**explorer.defaults, **values}
    r = explorer.call_model(v)
    fig = explorer.new_figure(explorer.figsize, 60)
    h = explorer.call_draw(fig)
    alt, text = explorer.call_update(h, r, v)
    return r, h, alt, text, fig


@pytest.fixture(scope="module")
def lev():
    return ch02.leverage_explorer()


@pytest.fixture(scope="module")
def dil():
    return ch02.dilemma_explorer()


@pytest.fixture(scope="module")
def opi():
    return ch02.opinion_explorer()


def test_frame_budgets(lev, dil, opi):
    assert lev.n_frames == 65 and dil.n_frames == 15
    assert 2 <= opi.n_frames <= 125


@pytest.mark.parametrize("K_A, delta0", [(0.0, 0.0), (1.0, 0.1), (1.0, 0.6), (3.0, 1.0)])
def test_leverage_readout_matches_model(lev, K_A, delta0):
    r, h, alt, text, _ = run(lev, K_A=K_A, delta0=delta0)
    direct = to.trade_off(K_A, delta0=delta0)
    best = to.best_commitment(K_A, delta0=delta0)
    assert f"deterrence {direct.deterrence:.2f}" in text
    assert f"US leverage {direct.leverage:.2f}" in text
    assert f"K_US* = {best.K_US:.2f}" in text
    assert "deterrence rises and US leverage falls" in alt
    for line in h["lines"].values():
        y = np.asarray(line.get_ydata(), dtype=float)
        assert (y >= 0).all() and (y <= 1.02).all()


def test_leverage_notice_pack_values(lev):
    # pack: K_A = 0.2 / 2.0 at defaults (delta0 = 0.5): deterrence 0.47 / 0.88
    # the kernel-free K_A grid holds 2.0, so this pack value is one the reader can see
    assert 2.0 in ch02.KA_VALUES
    r = to.trade_off(2.0)
    assert round(r.deterrence, 2) == 0.88 and round(r.leverage, 2) == 0.27


@pytest.mark.parametrize("K_A", ch02.KA_2B)
@pytest.mark.parametrize("cond", [0.0, 0.5, 1.0])
def test_dilemma_readout_matches_model(dil, K_A, cond):
    r, h, alt, text, fig = run(dil, K_A=K_A, conditionality=cond)
    ps = to.balanced_commitment(K_A, mu=0.4, conditionality=cond)
    assert f"lowest is {ps:.2f}" in text
    assert f"balanced commitment is {ps:.2f}" in alt
    ax = fig.axes[0]
    x = np.asarray(h["cur"].get_xdata(), dtype=float)
    assert x.max() <= ax.get_xlim()[1] and np.asarray(h["cur"].get_ydata()).max() <= ax.get_ylim()[1]


def test_dilemma_live_extreme_mu_on_axes(dil):
    r, h, *_, fig = run(dil, K_A=0.0, conditionality=0.0, mu=0.5)
    assert np.asarray(h["ref"].get_xdata()).max() <= fig.axes[0].get_xlim()[1]


def test_opinion_every_ally_renders(opi):
    for p in opi.params[0].values:
        for ind in opi.params[1].values:
            r, h, alt, text, fig = run(opi, iso3=p, indicator=ind)
            assert r.series.between(0, 100).all()
            assert "Line chart" in alt and r.name in text


def test_opinion_unknown_code_is_named(opi):
    with pytest.raises(ValueError, match="XYZ"):
        opi.model(iso3="XYZ", indicator="favourable_view_us")


def test_opinion_transition_moves_from_data(opi):
    from widgets.data import load
    pew = load("pew_opinion")
    s = pew[(pew.iso3 == "DEU") & (pew.indicator == "favourable_view_us")].set_index("year")["value"]
    text = run(opi, iso3="DEU", indicator="favourable_view_us")[3]
    assert f"2016-2017: {s[2017] - s[2016]:+.0f} points" in text


def test_opinion_countries_count_only_surveys_while_allied():
    # Sweden (NATO 2024) with ten pre-membership surveys is not an ally of 2000-2017; Japan (treaty
    # ally) and Poland (NATO 1999) are; Taiwan (no treaty since 1980) is not, however many surveys.
    import pandas as pd
    from widgets.data import load
    years = list(range(2008, 2018))
    pew = pd.DataFrame([{"iso3": c, "year": y, "indicator": "favourable_view_us", "value": 50.0}
                        for c in ("SWE", "JPN", "POL", "TWN") for y in years])
    assert ch02.opinion_countries(pew, load("countries")) == ["JPN", "POL"]
