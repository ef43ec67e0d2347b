"""Chapter 5 explorers: readouts agree with direct model calls, verdicts are recomputed, frames stay
in the axes and within the page budget, real-data counts use the members of each year."""
from __future__ import annotations

import itertools
import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from widgets.explorers import ch05  # noqa: E402
from widgets.explorers.core import MAX_FRAMES  # noqa: E402
from widgets.models import policy_lab as lab  # noqa: E402
from explorer_run import run_setting  # noqa: E402


@pytest.fixture(scope="module")
def lab_ex():
    return ch05.policy_lab_explorer()


@pytest.fixture(scope="module")
def sens_ex():
    return ch05.sensitivity_explorer()


@pytest.fixture(scope="module")
def targets_ex():
    return ch05.targets_explorer()


_run = run_setting


def test_frame_budgets(lab_ex, sens_ex, targets_ex):
    for ex in (lab_ex, sens_ex, targets_ex):
        assert ex.n_frames <= MAX_FRAMES
        assert len(ex.frozen_params or [p.name for p in ex.params[:2]]) <= 2
    assert (lab_ex.n_frames, sens_ex.n_frames, targets_ex.n_frames) == (35, 9, 22)


# --------------------------------------------------------------------------- #
# (a) the lab                                                                  #
# --------------------------------------------------------------------------- #
def test_lab_readout_matches_direct_run(lab_ex):
    r, alt, readout = _run(lab_ex, {"scenario": "S1", "chi": 0.3})
    direct = lab.run_lab("S1", chi=0.3)
    assert r.usable == pytest.approx(direct.usable)
    assert f"Usable power {direct.usable:.0f}" in readout
    assert f"P(deterrence) {direct.p_deterrence:.2f}" in readout
    assert f"EUR {direct.cumulative_cost:,.0f} bn" in readout
    assert "Illustrative" in alt and "S1" in alt


def test_lab_as_preset_keeps_the_presets_levers(lab_ex):
    r, _, _ = _run(lab_ex, {"scenario": "S0", "chi": 0.2})
    assert r.levers["g"] == lab.PRESETS["S0"][1]["g"] and r.levers["us_present"] is True
    r, _, _ = _run(lab_ex, {"scenario": "S0", "chi": 0.2, "us_present": False, "g": 0.035})
    assert r.levers["us_present"] is False and r.levers["g"] == 0.035


def test_lab_every_kernel_free_frame_stays_inside_the_axis(lab_ex):
    scen, chis = lab_ex.params[0].values, lab_ex.params[1].values
    fig = plt.figure()
    h = lab_ex.draw(fig)
    top = h["line"].axes.get_ylim()[1]
    plt.close(fig)
    for p, chi in itertools.product(scen, chis):
        r = lab.run_lab(p, chi=chi)
        assert r.path["usable"].max() <= top, (p, chi)


# --------------------------------------------------------------------------- #
# (b) sensitivity: the verdicts recomputed                                     #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("comparison, metric", list(itertools.product(ch05.COMPARISONS, ch05.METRICS)))
def test_sensitivity_verdicts_recomputed(sens_ex, comparison, metric):
    s, alt, readout = _run(sens_ex, {"comparison": comparison, "metric": metric})
    a, b = ch05.COMPARISONS[comparison]
    # recompute every row by direct lab runs with the coefficient at default x 0.5 and x 1.5
    fails = []
    for name in lab.SENSITIVE:
        d = lab.COEFFICIENTS[name].default
        ends = []
        for v in (d * 0.5, d * 1.5):
            va = getattr(lab.run_lab(a, {name: v}), metric)
            vb = getattr(lab.run_lab(b, {name: v}), metric)
            ends.append(va / vb if vb > 0 else float("inf"))
        if not (ends[0] > 1 and ends[1] > 1):
            fails.append(name)
        row = s.set_index("coefficient").loc[name]
        assert row["ratio_low"] == pytest.approx(ends[0])
        assert row["ratio_high"] == pytest.approx(ends[1])
    if fails:
        # named for readers by their short labels, never by their names in code
        assert "fails" in readout and all(lab.COEFFICIENTS[f].label in readout for f in fails)
        assert not any(f"{f}," in readout or readout.endswith(f) for f in fails if "_" in f)
    else:
        assert "survives every coefficient" in readout
    base = s.attrs["base"]
    assert (f"without limit ({b} never succeeds)" if base == float("inf") else f"{base:.2f}") in alt


def test_dual_track_beats_spending_nationally_on_every_coefficient(sens_ex):
    s, _, readout = _run(sens_ex, {"comparison": "S2-S1", "metric": "power_per_bn"})
    assert s["survives"].all() and "survives every coefficient" in readout


# --------------------------------------------------------------------------- #
# (c) targets against outcomes: real data                                      #
# --------------------------------------------------------------------------- #
def test_target_counts_use_members_of_each_year():
    from widgets.data import load

    nato = load("nato_spending")
    countries = load("countries").set_index("iso3")["nato_member_since"]
    t = ch05.target_counts("defence_share_gdp")
    for year in (2014, 2020, 2024):
        rows = nato[(nato["indicator"] == "defence_share_gdp") & (nato["year"] == year) & nato["value"].notna()]
        # independent filter: members of that year only (accession year <= year), no aggregates
        rows = rows[rows["iso3"].map(lambda c: c in countries.index and countries[c] <= year)]
        assert t.loc[year, "with_data"] == len(rows)
        assert t.loc[year, "met"] == int((rows["value"] >= 2.0).sum())


def test_targets_readout(targets_ex):
    r, alt, readout = _run(targets_ex, {"indicator": "equipment_share", "year": 2014})
    row = r["table"].loc[2014]
    assert f"{row['met']} of {row['with_data']}" in readout
    assert "NATO" in alt and "members of each year" in alt


def test_targets_stay_inside_the_axis(targets_ex):
    for ind in ch05.TARGETS:
        t = ch05.target_counts(ind)
        assert t["with_data"].max() <= 35


def test_target_counts_bad_indicator():
    with pytest.raises(ValueError, match="indicator must be one of"):
        ch05.target_counts("gdp")


# --------------------------------------------------------------------------- #
# Claims the chapter makes in words (not glued), checked against the lab       #
# --------------------------------------------------------------------------- #
def test_chapter_claims_in_words_hold():
    t = lab.compare_presets()
    # "S1 ... ends with less usable power" than S0, and "only the dual-track scenarios reach the target"
    assert t.loc["S1", "usable"] < t.loc["S0", "usable"]
    # "S4 ends with ... more than the status quo with the United States"; "S0 keeps a respectable power per euro"
    assert t.loc["S4", "usable"] > t.loc["S0", "usable"]
    assert t.loc["S4", "power_per_bn"] < t.loc["S0", "power_per_bn"] < t.loc["S2", "power_per_bn"]
    # "S2 has the most usable power per euro and S1 the least" (figure alt text)
    assert t["power_per_bn"].idxmax() == "S2" and t["power_per_bn"].idxmin() == "S1"
    # "cohesion ... lowest after a drawdown without integration"
    assert t["cohesion"].idxmin() == "S3" and t["cohesion"].idxmax() == "S2"
    # "a drawdown with it (S4) raises [the US payoff]"; "S3 lowers" it
    assert t.loc["S4", "us_payoff"] > t.loc["S0", "us_payoff"] > t.loc["S3", "us_payoff"]
    # lab explorer answer (4): with the US present, standards matter more than pooled logistics
    base = lab.run_lab("S1", chi=0.2).usable
    standards = lab.run_lab("S1", chi=0.2, standards=0.8).usable
    logistics = lab.run_lab("S1", chi=0.2, pooled_logistics=True).usable
    assert standards > logistics > base
    # sensitivity answer (1): on P(deterrence) only the adversary's strength overturns S2 > S1,
    # and there S2 deters slightly less often (ratio below 1), the case in which P5.3 fails
    sp = lab.sensitivity("S2", "S1", "p_deterrence", 0.5)
    assert list(sp.loc[~sp["survives"], "coefficient"]) == ["adversary"]
    assert sp.loc[~sp["survives"], ["ratio_low", "ratio_high"]].min().min() < 1
    # answer (3): integration is a robust hedge against a drawdown
    assert lab.sensitivity("S4", "S3", "usable", 0.5)["survives"].all()


def test_exercise_e52_grid_never_overturns_the_verdict():
    # The sensitivity exercise's solution says no pair (collaborative contract years x industrial capacity) in its grid
    # brings the S2 / S1 ratio of usable power per EUR bn down to 1.
    for years in (1, 3, 6, 10):
        for capacity in (50, 100, 150, 200):
            co = {"collab_contract_years": years, "industrial_capacity": capacity}
            assert lab.run_lab("S2", co).power_per_bn > lab.run_lab("S1", co).power_per_bn


def test_exercise_e51_widest_swings():
    # The memo exercise's solution: industrial capacity and contract length give the widest swings
    s = lab.sensitivity("S2", "S1", "power_per_bn", 0.5)
    assert set(s["coefficient"].iloc[:2]) == {"industrial_capacity", "collab_contract_years"}


@pytest.mark.parametrize("comparison, metric", list(itertools.product(ch05.COMPARISONS, ch05.METRICS)))
def test_sensitivity_readout_never_prints_inf_and_the_defaults_line_is_on_the_axis(sens_ex, comparison, metric):
    """A student review found "Widest swing: h0 (inf to 51.95)" and the defaults line off the axis on
    the P(deterrence) view: an infinite ratio is said in words, and the ratio at the defaults lies
    inside the axis limits of every view."""
    full = {p.name: p.default for p in sens_ex.params}
    full.update({"comparison": comparison, "metric": metric})
    s = sens_ex.model(**full)
    fig = plt.figure()
    handle = sens_ex.draw(fig)
    alt, readout = sens_ex.update(handle, s, full)
    lo, hi = handle["ax"].get_xlim()
    ticks = [t.get_text() for t in handle["ax"].get_yticklabels()]
    plt.close(fig)
    assert not re.search(r"\binf\b", readout + alt)
    # coefficients are named for readers (a later review found "alpha_chi" and "lambda_l" on the axis)
    assert len(ticks) == len(s) and not any("_" in t for t in ticks + [readout, alt]), (ticks, readout)
    base = s.attrs["base"]
    assert base == float("inf") or lo <= base <= hi


def test_s4_path_stays_above_s0_in_every_year():
    """The chapter's answer to the lab's third question: S4's path lies above S0's and stays there
    (compared year by year from the two direct runs)."""
    a = lab.run_lab("S4").path.set_index("year")["usable"]
    b = lab.run_lab("S0").path.set_index("year")["usable"]
    assert (a > b).all()


def test_one_colour_and_dash_per_scenario():
    assert set(ch05.SCENARIO_COLOURS) == set(lab.PRESETS) == set(ch05.SCENARIO_DASHES)
    assert len(set(ch05.SCENARIO_COLOURS.values())) == len(lab.PRESETS)
    assert len(set(map(str, ch05.SCENARIO_DASHES.values()))) == len(lab.PRESETS)


def test_sensitivity_readout_names_no_widest_swing_among_several_without_limit(sens_ex):
    """A review found "Widest swing: baseline interoperability, from without limit ..." where eight
    coefficients have swings without limit: the readout then counts them instead of picking one."""
    full = {p.name: p.default for p in sens_ex.params}
    full.update({"comparison": "S2-S1", "metric": "p_deterrence"})
    s = sens_ex.model(**full)
    endless = int(sum(math.isinf(lo) or math.isinf(hi) for lo, hi in zip(s["ratio_low"], s["ratio_high"])))
    assert endless > 1
    fig = plt.figure()
    _, readout = sens_ex.update(sens_ex.draw(fig), s, full)
    plt.close(fig)
    assert "Widest swing" not in readout and f"{endless} coefficients" in readout
