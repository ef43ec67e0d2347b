"""Tests for widgets.models.industry (Models 4A and 4B).

Expected values are of three kinds, each labelled:
* "pack": the models' reference teaching values (listed in docs/models.md), computed by an
  independent implementation before this one was written;
* "hand": derived by hand in the comment next to the assertion;
* "brute": a term-by-term sum written out in the test, not through the function under test.
Property tests (hypothesis) range over the explorers' slider ranges (Q 50-2000, LR 0.75-1,
D 0-500, k 1-8, gamma 0-1, omega 0-0.10, H 1-10 years, lag 0-5 years); each states the
conditions it needs.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from widgets.models import industry as ind

PROP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Q_RANGE = st.integers(50, 2000)
LR_RANGE = st.floats(0.75, 1.0)
D_RANGE = st.floats(0.0, 500.0)
K_RANGE = st.integers(1, 8)


def brute_sum(m: int, lr: float) -> float:
    """Term-by-term learning-curve sum, written independently of the module."""
    total = 0.0
    for x in range(m, 0, -1):
        total += x ** math.log2(lr)  # x**(-b) with b = -log2(lr)
    return total


# --------------------------------------------------------------------------- #
# Learning curve                                                               #
# --------------------------------------------------------------------------- #
def test_exponent_of_an_80_percent_curve():
    # hand: -log2(0.8) = 0.32193 (the "80 % curve" convention, Wright 1936)
    assert ind.learning_exponent(0.8) == pytest.approx(0.321928, abs=1e-6)
    assert ind.learning_exponent(1.0) == 0.0
    assert ind.learning_exponent(0.5) == pytest.approx(1.0)


def test_each_doubling_multiplies_unit_cost_by_the_learning_rate():
    # hand: c(2x)/c(x) = 2**(-b) = LR
    for lr in (0.75, 0.85, 0.95):
        assert ind.unit_cost(20, lr) / ind.unit_cost(10, lr) == pytest.approx(lr)
    assert ind.unit_cost(4, 0.85) == pytest.approx(0.85 ** 2)


def test_short_runs_by_hand():
    # hand: 1 + 0.85 = 1.85; 80 % curve, 4 units: 1 + 0.8 + 3**-0.321928 + 0.64
    #       3**-0.321928 = exp(-0.321928 * 1.098612) = exp(-0.353673) = 0.702104
    assert ind.run_cost(2, 0.85) == pytest.approx(1.85)
    assert ind.run_cost(4, 0.8) == pytest.approx(3.142104, abs=1e-6)
    assert ind.run_cost(0, 0.8) == 0.0
    assert ind.run_cost(7, 1.0) == 7.0
    assert ind.run_cost(3, 0.85, first_unit_cost=2.0) == pytest.approx(2 * ind.run_cost(3, 0.85))


@pytest.mark.parametrize("m", [4095, 4096, 4097, 5000, 20_000, 123_457])
@pytest.mark.parametrize("lr", [0.5, 0.75, 0.85, 0.98])
def test_long_runs_equal_the_term_by_term_sum(m, lr):
    # brute: the closed form (Euler-Maclaurin tail) must match the plain sum
    assert ind.run_cost(m, lr) == pytest.approx(brute_sum(m, lr), rel=1e-12)


def test_harmonic_case():
    # hand: LR = 0.5 gives b = 1, so the run cost of m units is the harmonic number H_m;
    #       H_m ~ ln m + 0.5772156649 + 1/(2m) - 1/(12 m^2)
    m = 10 ** 9
    expected = math.log(m) + 0.5772156649015329 + 1 / (2 * m) - 1 / (12 * m * m)
    assert ind.run_cost(m, 0.5) == pytest.approx(expected, rel=1e-13)


def test_very_long_run_against_the_integral_bounds():
    # hand: for decreasing f, integral_1^{m+1} f <= sum_{1}^{m} f <= 1 + integral_1^m f
    m, lr = 10 ** 12, 0.85
    b = -math.log2(lr)
    lower = ((m + 1) ** (1 - b) - 1) / (1 - b)
    upper = 1 + (m ** (1 - b) - 1) / (1 - b)
    assert lower <= ind.run_cost(m, lr) <= upper


def test_long_sums_stay_fast():
    start = time.perf_counter()
    for m in (10 ** 6, 10 ** 9, 10 ** 12):
        ind.run_cost(m, 0.85)
    ind.national_cost(10 ** 9, 8, 60, 0.85)
    assert time.perf_counter() - start < 0.5


def test_array_input():
    out = ind.run_cost(np.array([1, 2, 3]), 0.85)
    assert out.shape == (3,)
    assert out[1] == pytest.approx(1.85)


def test_split_runs():
    assert ind.split_runs(480, 4).tolist() == [120] * 4
    assert ind.split_runs(481, 4).tolist() == [121, 120, 120, 120]
    assert ind.split_runs(5, 5).tolist() == [1] * 5


# --------------------------------------------------------------------------- #
# Model 4A: reference values                                                  #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("k, expected", [(1, 0.431), (2, 0.609), (4, 0.920), (6, 1.210)])
def test_pack_national_average_unit_cost(k, expected):
    # pack: Q = 480, D = 60, LR = 0.85
    assert ind.national_cost(480, k, 60, 0.85) / 480 == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize("lines, expected", [(1, 0.574), (4, 0.695)])
def test_pack_joint_programme(lines, expected):
    # pack: 4 partners, gamma = 0.5, omega = 0.02
    cost = ind.joint_cost(480, 4, 60, 0.85, gamma=0.5, omega=0.02, lines=lines)
    assert cost / 480 == pytest.approx(expected, abs=5e-4)


def test_pack_other_learning_rates():
    # pack: LR = 0.95: k=4 1.256 vs k=1 0.808; LR = 0.80: k=1 0.325 vs k=4 0.809
    assert ind.national_cost(480, 4, 60, 0.95) / 480 == pytest.approx(1.256, abs=5e-4)
    assert ind.national_cost(480, 1, 60, 0.95) / 480 == pytest.approx(0.808, abs=5e-4)
    assert ind.national_cost(480, 1, 60, 0.80) / 480 == pytest.approx(0.325, abs=5e-4)
    assert ind.national_cost(480, 4, 60, 0.80) / 480 == pytest.approx(0.809, abs=5e-4)


def test_national_cost_by_brute_force():
    # brute: k = 3 programmes of 160 units each, each paying D = 60
    expected = 3 * (60 + brute_sum(160, 0.85))
    assert ind.national_cost(480, 3, 60, 0.85) == pytest.approx(expected, rel=1e-12)


def test_joint_programme_by_hand():
    # hand: D k^gamma = 60 * 2 = 120 for k = 4, gamma = 0.5; premium 1 + 0.02 * 3 = 1.06
    expected = 120 + 1.06 * brute_sum(480, 0.85)
    assert ind.joint_cost(480, 4, 60, 0.85, 0.5, 0.02, 1) == pytest.approx(expected, rel=1e-12)


def test_fragmentation_summary_is_consistent():
    r = ind.fragmentation(480, 4, 60, 0.85, 0.5, 0.02, 1)
    assert r["national_average"] == pytest.approx(0.920, abs=5e-4)
    assert r["single_average"] == pytest.approx(0.431, abs=5e-4)
    assert r["penalty"] == pytest.approx(0.9199 / 0.4308, rel=1e-3)  # "2.1x" in the pack
    assert r["joint_saving"] == pytest.approx(1 - 0.574 / 0.920, abs=1e-3)
    assert r["development_share"] == pytest.approx(240 / r["national_total"])


def test_breakeven_omega_makes_costs_equal():
    for lr in (0.8, 0.9):
        w = ind.breakeven_omega(480, 4, 60, lr)
        assert ind.joint_cost(480, 4, 60, lr, omega=w) == pytest.approx(ind.national_cost(480, 4, 60, lr))
        # just below the break-even the joint programme is cheaper, just above it dearer
        assert ind.joint_cost(480, 4, 60, lr, omega=w - 1e-3) < ind.national_cost(480, 4, 60, lr)
        assert ind.joint_cost(480, 4, 60, lr, omega=w + 1e-3) > ind.national_cost(480, 4, 60, lr)
    # steeper learning makes one long run worth more, so a larger premium is tolerated
    assert ind.breakeven_omega(480, 4, 60, 0.8) > ind.breakeven_omega(480, 4, 60, 0.9)


def test_breakeven_gamma_makes_costs_equal():
    g = ind.breakeven_gamma(480, 4, 60, 0.85, omega=0.05, lines=4)
    assert 0 < g < 1
    assert ind.joint_cost(480, 4, 60, 0.85, g, 0.05, 4) == pytest.approx(ind.national_cost(480, 4, 60, 0.85))


# --------------------------------------------------------------------------- #
# Model 4A: properties over the slider ranges                                 #
# --------------------------------------------------------------------------- #
@PROP
@given(Q_RANGE, K_RANGE, D_RANGE, LR_RANGE)
def test_splitting_never_lowers_cost(q, k, d, lr):
    # holds for any D >= 0 and LR in (0, 1]: duplicated development and shorter runs
    assert ind.national_cost(q, k, d, lr) >= ind.national_cost(q, 1, d, lr) * (1 - 1e-12)


@PROP
@given(Q_RANGE, K_RANGE)
def test_no_learning_no_development_no_penalty(q, k):
    # LR = 1 and D = 0: every unit costs c1 however the requirement is split
    assert ind.national_cost(q, k, 0.0, 1.0) == pytest.approx(q)


@PROP
@given(Q_RANGE, st.integers(2, 8), D_RANGE, D_RANGE, LR_RANGE)
def test_penalty_grows_with_development_cost(q, k, d1, d2, lr):
    # holds for k >= 2: penalty = (kD + P_k)/(D + P_1) rises in D because k P_1 >= P_k
    lo, hi = sorted((d1, d2))
    p_lo = ind.fragmentation(q, k, lo, lr)["penalty"]
    p_hi = ind.fragmentation(q, k, hi, lr)["penalty"]
    assert p_hi >= p_lo * (1 - 1e-12)


@PROP
@given(Q_RANGE, st.integers(2, 8), LR_RANGE, LR_RANGE, D_RANGE)
def test_penalty_grows_with_steeper_learning(q, k, lr1, lr2, d):
    # holds when the requirement splits evenly (q divisible by k): production part of the
    # penalty is (k * S(q/k)) / S(q), which rises as b rises (LR falls); with D >= 0 too
    assume(q % k == 0)
    steep, flat = sorted((lr1, lr2))
    assert ind.fragmentation(q, k, d, steep)["penalty"] >= ind.fragmentation(q, k, d, flat)["penalty"] * (1 - 1e-9)


@PROP
@given(Q_RANGE, st.integers(1, 8), D_RANGE, LR_RANGE, st.floats(0, 1), st.floats(0, 0.1))
def test_joint_cost_monotone_in_premia_and_lines(q, k, d, lr, g, w):
    base = ind.joint_cost(q, k, d, lr, g, w, 1)
    assert ind.joint_cost(q, k, d, lr, g, min(w + 0.01, 1), 1) >= base
    assert ind.joint_cost(q, k, d, lr, min(g + 0.1, 1), w, 1) >= base * (1 - 1e-12)
    assert ind.joint_cost(q, k, d, lr, g, w, k) >= base * (1 - 1e-12)


@PROP
@given(Q_RANGE, K_RANGE, D_RANGE, LR_RANGE)
def test_joint_without_any_saving_equals_national(q, k, d, lr):
    # gamma = 1, omega = 0 and one line per partner: the "joint" programme is k national ones
    assert ind.joint_cost(q, k, d, lr, 1.0, 0.0, k) == pytest.approx(ind.national_cost(q, k, d, lr), rel=1e-12)


@PROP
@given(Q_RANGE, D_RANGE, LR_RANGE, st.floats(0, 1), st.floats(0, 0.1))
def test_one_partner_joint_equals_one_national(q, d, lr, g, w):
    assert ind.joint_cost(q, 1, d, lr, g, w, 1) == pytest.approx(ind.national_cost(q, 1, d, lr))


# --------------------------------------------------------------------------- #
# Model 4B                                                                     #
# --------------------------------------------------------------------------- #
def test_pack_aggregated_buyer_invests_iff_four_years():
    # pack: m = 0.2, F = 30, kappa = 40, Q_yr = 100, k = 1: 0.2 * 40 * 4 = 32 >= 30
    for h in range(1, 11):
        assert ind.invests(100, h, 0.2, 30, 40) is (h >= 4)
    assert ind.contract_threshold(100, 0.2, 30, 40) == pytest.approx(3.75)


def test_pack_fragmented_buyers_need_seven_and_a_half_years():
    # pack: k = 5 buyers ordering 20 a year each: 0.2 * 20 * H >= 30 iff H >= 7.5
    assert ind.contract_threshold(100 / 5, 0.2, 30, 40) == pytest.approx(7.5)
    for h in (1, 3, 5, 7):
        assert not ind.invests(20, h)
        assert ind.capacity_blocks(100, 5, h, initial_capacity=0) == 0
    assert ind.invests(20, 7.5) and ind.invests(20, 8)


def test_blocks_by_hand():
    # Rule: n blocks for one contract iff 0.2 * min(order, 40 n) * H >= 30 n, n <= ceil(order/40).
    # hand: one contract of 100/yr, H = 4: n = 3 -> 0.2*100*4 = 80 < 90; n = 2 -> 64 >= 60 -> two
    assert ind.capacity_blocks(100, 1, 4, initial_capacity=0) == 2
    # hand: H = 8: n = 3 -> 0.2*100*8 = 160 >= 90 -> three blocks (all that 100 a year needs)
    assert ind.capacity_blocks(100, 1, 8, initial_capacity=0) == 3
    # hand: five contracts of 20, H = 8: one block each -> five blocks (duplicated lines)
    assert ind.capacity_blocks(100, 5, 8, initial_capacity=0) == 5
    # hand: existing capacity 50 leaves 50 unmet; n = 2 -> 0.2*50*4 = 40 < 60; n = 1 -> 32 >= 30
    assert ind.capacity_blocks(100, 1, 4, initial_capacity=50) == 1
    # hand: the same at H = 6: n = 2 -> 0.2*50*6 = 60 >= 60 -> two blocks; two buyers of 25
    #       each: 0.2*25*6 = 30 >= 30 -> one block each, also two (not more than one buyer)
    assert ind.capacity_blocks(100, 1, 6, initial_capacity=50) == 2
    assert ind.capacity_blocks(100, 2, 6, initial_capacity=50) == 2
    # hand: H = 5: one buyer n = 1 (40 >= 30, n = 2: 50 < 60); two buyers 0.2*25*5 = 25 < 30
    assert ind.capacity_blocks(100, 1, 5, initial_capacity=50) == 1
    assert ind.capacity_blocks(100, 2, 5, initial_capacity=50) == 0


def test_ramp_up_path_by_hand():
    # hand: c0 = 50, one buyer, H = 4 -> one block of 40 after lag 3 -> 90 from year 4
    path = ind.ramp_up(100, 1, 4, lag=3, initial_capacity=50, horizon=6)
    assert path["deliveries"].tolist() == [50, 50, 50, 90, 90, 90]
    assert path["share"].iloc[-1] == pytest.approx(420 / 600)  # 3*50 + 3*90 = 420
    assert path.attrs["blocks"] == 1
    # five buyers, H = 4: each has 10 unmet units: 0.2 * 10 * 4 = 8 < 30 -> nothing built
    flat = ind.ramp_up(100, 5, 4, lag=3, initial_capacity=50, horizon=6)
    assert flat["deliveries"].tolist() == [50] * 6
    assert flat.attrs["threshold_years"] == pytest.approx(15.0)


@PROP
@given(st.integers(1, 8), st.integers(1, 10), st.integers(0, 5), st.floats(0, 100))
def test_ramp_up_properties(k, h, lag, c0):
    path = ind.ramp_up(100, k, h, lag=lag, initial_capacity=c0, horizon=8)
    assert (path["deliveries"] <= path["need"] + 1e-9).all()
    assert (path["share"].between(0, 1 + 1e-12)).all()
    # before the lag, deliveries are what the old capacity makes
    assert (path.loc[path["year"] <= lag, "deliveries"] == min(100, c0)).all()
    # longer contracts never build less; a longer lag never delivers more
    assert ind.capacity_blocks(100, k, h + 1, initial_capacity=c0) >= path.attrs["blocks"]
    if lag < 8:
        later = ind.ramp_up(100, k, h, lag=lag + 1, initial_capacity=c0, horizon=8)
        assert later["share"].iloc[-1] <= path["share"].iloc[-1] + 1e-12


@PROP
@given(st.integers(2, 8), st.integers(1, 10), st.floats(60, 100))
def test_aggregation_delivers_at_least_as_much_when_one_block_covers_the_gap(k, h, c0):
    # holds when block_capacity (40) >= need - initial capacity: then one contract's
    # single block serves the whole gap, and a larger order crosses the threshold first
    agg = ind.ramp_up(100, 1, h, lag=2, initial_capacity=c0)
    frag = ind.ramp_up(100, k, h, lag=2, initial_capacity=c0)
    assert agg["share"].iloc[-1] >= frag["share"].iloc[-1] - 1e-12


@PROP
@given(st.integers(2, 8), st.floats(0.5, 12), st.floats(0, 150), st.floats(20, 200),
       st.floats(0.05, 1.0), st.floats(1, 80), st.floats(5, 80), st.integers(0, 5))
def test_aggregation_is_never_worse(k, h, c0, need, margin, fixed, kappa, lag):
    # Conditions: the same yearly need, contract length, margin, block cost and size, and
    # existing capacity, with the need split equally among k contracts that are never pooled.
    # Then one contract builds at least as much capacity as the k contracts (up to the unmet
    # need), so it delivers at least as much in every year: k contracts that each pay for n
    # blocks add up to one contract that pays for k*n (the margin is additive, min is
    # homogeneous).
    kw = dict(margin=margin, fixed_cost=fixed, block_capacity=kappa, initial_capacity=c0)
    one = ind.capacity_blocks(need, 1, h, **kw)
    many = ind.capacity_blocks(need, k, h, **kw)
    unmet = max(0.0, need - c0)
    assert one * kappa >= min(unmet, many * kappa) - 1e-9
    agg = ind.ramp_up(need, 1, h, lag=lag, horizon=8, **kw)
    frag = ind.ramp_up(need, k, h, lag=lag, horizon=8, **kw)
    assert (agg["deliveries"] >= frag["deliveries"] - 1e-9).all()


# --------------------------------------------------------------------------- #
# Bad input                                                                    #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("lr", [0.0, -0.2, 1.01, float("nan"), "0.8"])
def test_learning_rate_out_of_range(lr):
    with pytest.raises(ValueError, match=r"learning_rate"):
        ind.national_cost(480, 2, 60, lr)


def test_learning_rate_message_states_the_range():
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        ind.run_cost(10, 1.5)


@pytest.mark.parametrize("k", [0, -1, 2.5])
def test_k_below_one(k):
    with pytest.raises(ValueError, match=r"\bk\b"):
        ind.national_cost(480, k, 60, 0.85)


@pytest.mark.parametrize("q", [0, -10, 3.5, float("inf")])
def test_quantity_not_positive(q):
    with pytest.raises(ValueError, match=r"quantity"):
        ind.national_cost(q, 2, 60, 0.85)
    with pytest.raises(ValueError, match=r"quantity"):
        ind.joint_cost(q, 2, 60, 0.85)


@pytest.mark.parametrize("kwargs, name", [
    ({"gamma": 1.5}, "gamma"), ({"gamma": -0.1}, "gamma"),
    ({"omega": -0.01}, "omega"), ({"lines": 5}, "lines"), ({"lines": 0}, "lines"),
])
def test_joint_parameters_out_of_range(kwargs, name):
    with pytest.raises(ValueError, match=name):
        ind.joint_cost(480, 4, 60, 0.85, **kwargs)


def test_other_bad_inputs_name_the_parameter():
    with pytest.raises(ValueError, match="development_cost"):
        ind.national_cost(480, 2, -1, 0.85)
    with pytest.raises(ValueError, match="partners"):
        ind.breakeven_omega(480, 1, 60, 0.85)
    with pytest.raises(ValueError, match="units"):
        ind.run_cost(-3, 0.85)
    with pytest.raises(ValueError, match="contract_years"):
        ind.invests(100, 0)
    with pytest.raises(ValueError, match="buyers"):
        ind.capacity_blocks(100, 0, 3)
    with pytest.raises(ValueError, match="lag"):
        ind.ramp_up(lag=9, horizon=8)
    with pytest.raises(ValueError, match="margin"):
        ind.contract_threshold(100, margin=0)
