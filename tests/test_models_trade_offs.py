"""Tests for widgets.models.trade_offs (Models 2A and 2B).

Expected values are labelled:
* "pack": Model 2A's reference teaching values (docs/models.md), computed by an
  independent implementation before this one was written;
* "hand": derived by hand in the comment next to the assertion.
Property tests (hypothesis) range over the explorers' slider ranges and state the
conditions they need.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from widgets.models import trade_offs as to

PROP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rng(name):
    lo, hi = to.RANGES[name]
    return st.floats(lo, hi, allow_nan=False)


# --------------------------------------------------------------------------- #
# Model 2A: reference values                                                   #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("K_A, det, lev", [(0.2, 0.47, 0.79), (1.0, 0.75, 0.43), (2.0, 0.88, 0.27)])
def test_pack_values_2a(K_A, det, lev):
    # pack: K_US=1, pi=0.75, T=1, rho=2, lam=1, delta0=0.5
    r = to.trade_off(K_A, K_US=1.0, pi=0.75, T=1.0, rho=2.0, lam=1.0, delta0=0.5)
    assert round(r.deterrence, 2) == det
    assert round(r.leverage, 2) == lev


def test_hand_values_2a():
    # hand: K_A = 0.2 -> F = 0.2 + 0.75 = 0.95; D = 0.9025 / 1.9025 = 0.474376;
    # d = 0.75 / 0.95 = 0.789474; divergence = 0.5 * (1 - 0.789474) = 0.105263
    r = to.trade_off(0.2)
    assert r.force == pytest.approx(0.95)
    assert r.deterrence == pytest.approx(0.9025 / 1.9025)
    assert r.dependence == pytest.approx(15 / 19)
    assert r.divergence == pytest.approx(0.5 * 4 / 19)
    # pack: divergence rises 0.11 -> 0.36 from K_A 0.2 to 2.0
    assert round(r.divergence, 2) == 0.11
    # hand: K_A = 2 -> d = 0.75 / 2.75 = 3/11; divergence = 0.5 * 8/11 = 0.363636
    assert to.trade_off(2.0).divergence == pytest.approx(4 / 11)
    assert round(to.trade_off(2.0).divergence, 2) == 0.36


def test_hand_leverage_elasticity():
    # hand: K_A = 1, lam = 2 -> L = (3/7)**2 = 9/49
    assert to.trade_off(1.0, lam=2.0).leverage == pytest.approx(9 / 49)


def test_no_us_force_means_no_dependence():
    r = to.trade_off(1.0, K_US=0.0)
    assert r.dependence == 0.0 and r.leverage == 0.0
    assert r.divergence == pytest.approx(0.5)          # full baseline gap realised
    assert r.deterrence == pytest.approx(0.5)          # hand: F = T = 1
    assert to.trade_off(0.0, K_US=0.0).deterrence == 0.0


def test_pure_dependence_means_full_leverage():
    # hand: K_A = 0 -> d = 1, L = 1, divergence 0 whatever delta0
    r = to.trade_off(0.0, delta0=1.0)
    assert r.leverage == 1.0 and r.divergence == 0.0


def test_pack_best_commitment_alignment():
    # pack: at K_A = 1, K_US* ~ 0.37 for delta0 = 0.1 and ~ 0.71 for delta0 = 0.6
    assert to.best_commitment(1.0, delta0=0.1).K_US == pytest.approx(0.37, abs=0.005)
    assert to.best_commitment(1.0, delta0=0.6).K_US == pytest.approx(0.71, abs=0.005)


@pytest.mark.parametrize("delta0", [0.1, 0.3, 0.6])
def test_best_commitment_first_order_condition(delta0):
    # hand: dV/dK_US = w1 * rho * pi * T**rho * F**(rho-1) / (F**rho + T**rho)**2
    #                + w2 * delta0 * lam * d**(lam-1) * pi * K_A / F**2 - w3 = 0 at an interior optimum
    K_A, pi, T, rho, lam, w1, w2, w3 = 1.0, 0.75, 1.0, 2.0, 1.0, 1.0, 0.5, 0.3
    k = to.best_commitment(K_A, delta0=delta0).K_US
    assert 0.0 < k < 3.0

    def grad(K):
        F = K_A + pi * K
        d = pi * K / F
        return (w1 * rho * pi * T**rho * F**(rho - 1) / (F**rho + T**rho) ** 2
                + w2 * delta0 * lam * d ** (lam - 1) * pi * K_A / F**2 - w3)

    assert grad(k - 0.002) > 0 > grad(k + 0.002)


def test_payoff_hand():
    # hand: K_A = 1: 0.753846 + 0.5 * (1 - 0.5 * 4/7) - 0.3
    assert to.us_payoff(1.0) == pytest.approx(3.0625 / 4.0625 + 0.5 * (1 - 2 / 7) - 0.3)


def test_table_matches_point_calls():
    t = to.trade_off_table([0.0, 1.5, 3.0], delta0=0.3)
    for _, row in t.iterrows():
        r = to.trade_off(row.K_A, delta0=0.3)
        assert row.leverage == pytest.approx(r.leverage)
        assert row.deterrence == pytest.approx(r.deterrence)
    assert len(to.trade_off_table()) == 61


# --------------------------------------------------------------------------- #
# Model 2A: properties over the slider ranges                                  #
# --------------------------------------------------------------------------- #
@PROP
@given(a=rng("K_A"), b=rng("K_A"), K_US=rng("K_US"), pi=rng("pi"), T=rng("T"), rho=rng("rho"),
       lam=rng("lam"), delta0=rng("delta0"))
def test_deterrence_up_leverage_down_in_K_A(a, b, K_US, pi, T, rho, lam, delta0):
    # holds for any setting; strict only when the US commits something (pi * K_US > 0)
    lo, hi = sorted((a, b))
    r0 = to.trade_off(lo, K_US, pi, T, rho, lam, delta0)
    r1 = to.trade_off(hi, K_US, pi, T, rho, lam, delta0)
    assert r1.deterrence >= r0.deterrence - 1e-12
    assert r1.leverage <= r0.leverage + 1e-12
    assert r1.divergence >= r0.divergence - 1e-12
    for r in (r0, r1):
        assert 0.0 <= r.deterrence <= 1.0 and 0.0 <= r.leverage <= 1.0
        assert 0.0 <= r.divergence <= r.delta0 + 1e-12
    if pi * K_US > 1e-6 and hi - lo > 1e-3:
        assert r1.deterrence > r0.deterrence
        # leverage falls strictly once the ally holds some capability
        assert r1.leverage < r0.leverage


@PROP
@given(K_A=rng("K_A"), pi=rng("pi"), T=rng("T"), rho=rng("rho"), lam=rng("lam"),
       d1=rng("delta0"), d2=rng("delta0"))
def test_best_commitment_rises_with_divergence(K_A, pi, T, rho, lam, d1, d2):
    # Blankenship-style pattern: the US commits at least as much where allies diverge more.
    # Holds for any setting (the cohesion term's marginal value grows with delta0;
    # monotone comparative statics), up to one grid step.
    lo, hi = sorted((d1, d2))
    k_lo = to.best_commitment(K_A, pi, T, rho, lam, lo).K_US
    k_hi = to.best_commitment(K_A, pi, T, rho, lam, hi).K_US
    assert k_hi >= k_lo - to.GRID_STEP


@PROP
@given(K_A=rng("K_A"), pi=rng("pi"), T=rng("T"), rho=rng("rho"), lam=rng("lam"), delta0=rng("delta0"))
def test_best_commitment_beats_every_grid_point_checked(K_A, pi, T, rho, lam, delta0):
    b = to.best_commitment(K_A, pi, T, rho, lam, delta0)
    for k in (0.0, 0.5, 1.0, 2.0, 3.0):
        assert b.payoff >= to.us_payoff(K_A, k, pi, T, rho, lam, delta0) - 1e-9
    assert b.payoff == pytest.approx(to.us_payoff(K_A, b.K_US, pi, T, rho, lam, delta0), abs=1e-9)


# --------------------------------------------------------------------------- #
# Model 2B                                                                     #
# --------------------------------------------------------------------------- #
def test_hand_values_2b():
    # hand: K_A = 0.5, T = 1 -> D_self = 1/3; pi = 0.75, e0 = 0.05, mu = 0.2:
    # e = 0.2; E = 0.15; A = 0.25 * 2/3 = 1/6
    d = to.security_dilemma(0.75)
    assert d.risk_taking == pytest.approx(0.2)
    assert d.entrapment == pytest.approx(0.15)
    assert d.abandonment == pytest.approx(1 / 6)
    # conditional commitment removing half the moral hazard: e = 0.05 + 0.1 * 0.75
    assert to.security_dilemma(0.75, conditionality=0.5).entrapment == pytest.approx(0.75 * 0.125)


def test_frontier_ends():
    # hand: pi = 0 -> E = 0, A = 1 - D_self; pi = 1 -> A = 0, E = e0 + mu
    f = to.frontier(K_A=2.0, T=1.0, e0=0.1, mu=0.3, n=11)
    assert f.entrapment.iloc[0] == 0.0 and f.abandonment.iloc[0] == pytest.approx(1 / 3)
    assert f.abandonment.iloc[-1] == 0.0 and f.entrapment.iloc[-1] == pytest.approx(0.4)


def test_balanced_commitment_hand():
    # hand: D_self = 1/3 (K_A 0.5), e0 0.05, mu 0.2: pi* = (2/3 - 0.05) / 0.4 = 1.5417 -> clipped to 1
    assert to.balanced_commitment() == 1.0
    # K_A = 3, T = 1 -> D_self = 0.75; mu = 0.5: pi* = (0.25 - 0.05) / 1 = 0.2
    assert to.balanced_commitment(K_A=3.0, mu=0.5) == pytest.approx(0.2)
    # e0 above the abandonment gap: no commitment at all
    assert to.balanced_commitment(K_A=3.0, e0=0.3, mu=0.0) == 0.0


@PROP
@given(K_A=rng("K_A"), T=rng("T"), e0=rng("e0"), mu=rng("mu"), c=rng("conditionality"))
def test_no_commitment_removes_both_fears(K_A, T, e0, mu, c):
    # needs the ally to take some risk under full commitment (e0 + mu_eff > 0; with none,
    # pi = 1 removes both fears); D_self <= 3 / 3.5 < 1 in the ranges keeps abandonment at pi < 1
    assume(e0 + mu * (1 - c) > 0)
    f = to.frontier(K_A, T, e0, mu, c, n=51)
    assert ((f.abandonment > 0) | (f.entrapment > 0)).all()
    assert (np.diff(f.abandonment) <= 1e-12).all()     # firmer commitment, less abandonment
    assert (np.diff(f.entrapment) >= -1e-12).all()     # firmer commitment, more entrapment


@PROP
@given(K_A=rng("K_A"), T=rng("T"), e0=rng("e0"), mu=rng("mu"), c=rng("conditionality"))
def test_frontier_is_convex(K_A, T, e0, mu, c):
    # A as a function of E is convex: slopes dA/dE along the curve rise (become less negative).
    # Needs the curve to move in E: e0 + mu_eff > 0.
    assume(e0 + mu * (1 - c) > 1e-3)
    f = to.frontier(K_A, T, e0, mu, c, n=41)
    slope = np.diff(f.abandonment) / np.diff(f.entrapment)
    assert (np.diff(slope) >= -1e-9 * (1 + np.abs(slope[1:]))).all()


@PROP
@given(K_A=rng("K_A"), T=rng("T"), e0=rng("e0"), mu=rng("mu"), c=rng("conditionality"),
       p=rng("pi"))
def test_balanced_commitment_minimises_total(K_A, T, e0, mu, c, p):
    ps = to.balanced_commitment(K_A, T, e0, mu, c)
    assert 0.0 <= ps <= 1.0
    assert (to.security_dilemma(ps, K_A, T, e0, mu, c).total
            <= to.security_dilemma(p, K_A, T, e0, mu, c).total + 1e-12)


@PROP
@given(K_A=rng("K_A"), T=rng("T"), e0=rng("e0"), mu=rng("mu"), c1=rng("conditionality"),
       c2=rng("conditionality"), a2=rng("K_A"))
def test_design_and_autonomy_levers(K_A, T, e0, mu, c1, c2, a2):
    # conditionality never lowers the balanced commitment; allied autonomy never raises it
    lo, hi = sorted((c1, c2))
    assert to.balanced_commitment(K_A, T, e0, mu, hi) >= to.balanced_commitment(K_A, T, e0, mu, lo) - 1e-12
    ka_lo, ka_hi = sorted((K_A, a2))
    assert to.balanced_commitment(ka_hi, T, e0, mu, lo) <= to.balanced_commitment(ka_lo, T, e0, mu, lo) + 1e-12


# --------------------------------------------------------------------------- #
# Bad input                                                                    #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("call, name, rng_txt", [
    (lambda: to.trade_off(3.5), "K_A", "0 and 3"),
    (lambda: to.trade_off(1.0, K_US=-1), "K_US", "0 and 3"),
    (lambda: to.trade_off(1.0, pi=1.2), "pi", "0 and 1"),
    (lambda: to.trade_off(1.0, T=0.1), "T", "0.5 and 3"),
    (lambda: to.trade_off(1.0, rho=5), "rho", "0.5 and 4"),
    (lambda: to.trade_off(1.0, lam=0), "lam", "0.5 and 3"),
    (lambda: to.trade_off(1.0, delta0=float("nan")), "delta0", "0 and 1"),
    (lambda: to.us_payoff(1.0, w3=3), "w3", "0 and 2"),
    (lambda: to.best_commitment(1.0, w1=-0.1), "w1", "0 and 2"),
    (lambda: to.security_dilemma(0.5, e0=0.4), "e0", "0 and 0.3"),
    (lambda: to.security_dilemma(0.5, mu=0.6), "mu", "0 and 0.5"),
    (lambda: to.frontier(conditionality=2), "conditionality", "0 and 1"),
    (lambda: to.balanced_commitment(K_A="lots"), "K_A", "0 and 3"),
])
def test_out_of_range_names_parameter_and_range(call, name, rng_txt):
    with pytest.raises(ValueError) as info:
        call()
    msg = str(info.value)
    assert msg.startswith(name + " ") and rng_txt in msg


def test_frontier_needs_two_points():
    with pytest.raises(ValueError, match="n must be"):
        to.frontier(n=1)
    with pytest.raises(ValueError, match="K_A_values is empty"):
        to.trade_off_table([])


def test_docstring_examples_run():
    import doctest
    failures, _ = doctest.testmod(to)
    assert failures == 0
