"""Chapter 4 explorers: readouts agree with direct model calls, settings stay in the axes."""
from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from widgets.explorers.ch04 import equipment_explorer, fragmentation_explorer, rampup_explorer  # noqa: E402
from widgets.models import industry as ind  # noqa: E402
from explorer_run import run_setting  # noqa: E402


@pytest.fixture(scope="module")
def frag():
    return fragmentation_explorer()


@pytest.fixture(scope="module")
def ramp():
    return rampup_explorer()


@pytest.fixture(scope="module")
def equip():
    return equipment_explorer()


_run = run_setting


def test_default_readout_matches_reference_values(frag):
    # Q = 480, D = 60, LR = 0.85, k = 4: 0.920 national, 0.574 joint (one line), 0.431 single
    result, alt, readout = _run(frag, {})
    assert "0.92" in readout and "0.57" in readout and "0.43" in readout
    assert result["national_average"] == pytest.approx(ind.national_cost(480, 4, 60, 0.85) / 480)
    assert "times as much" in alt and "cheaper" in alt


def test_every_kernel_free_frame_stays_inside_the_axis(frag):
    lrs = frag.params[0].values
    ds = frag.params[1].values
    for lr, d in itertools.product(lrs, ds):
        fig = plt.figure()
        h = frag.draw(fig)
        r = frag.model(learning_rate=lr, development_cost=d, k=4, gamma=0.5, omega=0.02, lines=1)
        frag.update(h, r, {"learning_rate": lr, "development_cost": d, "k": 4, "gamma": 0.5,
                           "omega": 0.02, "lines": 1})
        top = h["line"].axes.get_ylim()[1]
        shown = list(h["line"].get_ydata()) + list(h["joint"].get_ydata())
        plt.close(fig)
        assert max(shown) <= top
        # the chart is relative to one programme: k = 1 sits at 1, k = 4 at the penalty
        assert shown[0] == pytest.approx(1.0) and shown[3] == pytest.approx(r["penalty"])


def test_live_extremes_stay_inside_the_axis(frag):
    # the dearest live settings: steepest learning or none, D = 500, k = 8, gamma 1, omega 0.1, 8 lines
    for lr in (0.75, 1.0):
        vals = {"learning_rate": lr, "development_cost": 500.0, "k": 8, "gamma": 1.0,
                "omega": 0.1, "lines": 8}
        fig = plt.figure()
        h = frag.draw(fig)
        frag.update(h, frag.model(**vals), vals)
        top = h["line"].axes.get_ylim()[1]
        shown = list(h["line"].get_ydata()) + list(h["joint"].get_ydata())
        plt.close(fig)
        assert max(shown) <= top


def test_penalty_largest_with_steep_learning_and_costly_development(frag):
    base = dict(k=4, gamma=0.5, omega=0.02, lines=1)
    steep_dear = frag.model(learning_rate=0.75, development_cost=500.0, **base)["penalty"]
    flat_cheap = frag.model(learning_rate=1.0, development_cost=0.0, **base)["penalty"]
    assert flat_cheap == pytest.approx(1.0)
    assert steep_dear > frag.model(learning_rate=0.85, development_cost=60.0, **base)["penalty"] > flat_cheap


def test_rampup_fragmented_builds_nothing_aggregated_builds_after_the_lag(ramp):
    frag5, alt5, _ = _run(ramp, {"buyers": 5, "contract_years": 10})
    assert frag5.attrs["blocks"] == 0 and "no capacity block" in alt5
    agg, alt1, readout = _run(ramp, {"buyers": 1, "contract_years": 4, "lag": 3})
    assert agg.attrs["blocks"] == ind.capacity_blocks(100, 1, 4, initial_capacity=50) == 1
    assert agg["deliveries"].tolist()[:3] == [50, 50, 50] and agg["deliveries"].iloc[3] == 90
    assert "from year 4" in alt1
    short, _, _ = _run(ramp, {"buyers": 1, "contract_years": 3})
    assert short.attrs["blocks"] == 0


# --------------------------------------------------------------------------- #
# (c) equipment share by ally, real data                                       #
# --------------------------------------------------------------------------- #
def _direct_equipment():
    """Equipment shares straight from the CSVs, membership applied by hand (year >= accession)."""
    import pandas as pd

    from widgets.data import data_dir

    n = pd.read_csv(data_dir() / "nato_spending.csv")
    c = pd.read_csv(data_dir() / "countries.csv").dropna(subset=["nato_member_since"])
    since = c.set_index("iso3")["nato_member_since"]
    e = n[(n["indicator"] == "equipment_share") & n["iso3"].isin(since.index)].dropna(subset=["value"])
    return e[e["year"] >= e["iso3"].map(since)]


def test_equipment_readout_agrees_with_a_direct_computation(equip):
    e = _direct_equipment()
    med = e.groupby("year")["value"].median()
    for iso3 in ("DEU", "BEL", "MNE", "FIN"):
        result, alt, readout = _run(equip, {"iso3": iso3})
        mine = e[e["iso3"] == iso3].set_index("year")["value"].sort_index()
        assert result.series.round(6).to_dict() == mine.round(6).to_dict()
        assert f"{mine.iloc[-1]:.1f} % in 2024 (NATO estimate)" in readout
        assert f"{med[2024]:.1f} % in 2024" in readout and f"{med[2014]:.1f} % in 2014" in readout
        k = int((mine >= 20).sum())
        assert (f"in {k} of {len(mine)} years" in readout) or k in (0, len(mine))
        last = e[e["year"] == 2024].set_index("iso3")["value"]
        rank = int((last > last[iso3]).sum()) + 1
        assert f"rank {rank} of {len(last)} allies with data" in readout


def test_equipment_counts_members_only(equip):
    # Sweden joined in 2024 and Finland in 2023: NATO's table has them from 2014, the explorer not.
    swe, alt, _ = _run(equip, {"iso3": "SWE"})
    assert swe.series.index.tolist() == [2024] and "only 2024 counts" in alt
    fin, _, _ = _run(equip, {"iso3": "FIN"})
    assert fin.series.index.tolist() == [2023, 2024]
    # 28 allies in 2014, of which Iceland (no armed forces) has no figure: 27.
    assert int(swe.n_allies[2014]) == 27 and int(swe.n_allies[2024]) == 31


def test_equipment_alt_states_the_finding_and_frames_stay_in_the_axis(equip):
    ymax = None
    for iso3 in equip.params[0].values:
        fig = plt.figure()
        h = equip.draw(fig)
        r = equip.model(iso3=iso3)
        alt, _ = equip.update(h, r, {"iso3": iso3})
        ymax = h["line"].axes.get_ylim()[1]
        plt.close(fig)
        assert r.series.max() <= ymax and r.series.min() >= 0
        assert "20 % guideline" in alt and ("first in" in alt or "every year" in alt)
    assert equip.n_frames == len(equip.params[0].values) <= 125
    hun, alt, _ = _run(equip, {"iso3": "HUN"})
    assert "7.8 % in 2014" in alt  # NATO June 2024 table, Hungary 2014: 7.76 % (read from the CSV row by hand)


def test_equipment_unknown_ally_is_named(equip):
    with pytest.raises(ValueError, match="iso3 'ISL'"):
        equip.model(iso3="ISL")
