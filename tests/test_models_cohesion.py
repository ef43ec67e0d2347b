"""Tests for widgets.models.cohesion (Models 3A and 3B).

Expected values are of three kinds, each labelled:
* "pack": the reference teaching values listed in docs/models.md (Model 3A/3B), computed by an
  independent implementation before this one was written;
* "hand": derived by hand in the comment next to the assertion;
* "exact": Model 3B's Monte Carlo checked against the exact sum over all 2**n coalitions
  (a different computation of the same probability).
Property tests (hypothesis) range over the explorers' slider ranges: n 2-10 allies, c 0-100,
h 0-1, epsilon 0-0.3, kappa 0.3-1, training 0-1, theta 0-1, tau 0-1, s 0-30, psi 0-1, R 0-150.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.models import cohesion as co

PROP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THETA = [0.9, 0.8, 0.5, 0.4, 0.3]


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


# --------------------------------------------------------------------------- #
# Model 3A: pack values                                                        #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("h, eta, root", [(0.0, 0.2, 44.7), (0.6, 0.488, 69.9), (1.0, 1.0, 100.0)])
def test_pack_equal_allies(h, eta, root):
    # pack: c = [20]*5, epsilon = 0
    r = co.coalition_effectiveness([20] * 5, h=h, epsilon=0.0)
    assert r.eta == pytest.approx(eta, abs=5e-4)
    assert r.effective_units == pytest.approx(root, abs=0.05)
    assert r.paper_units == pytest.approx(100.0)


def test_pack_more_nationally_loses_to_less_together():
    # pack: 5 x 30 at h = 0.3 -> 78.2; 5 x 22 at h = 0.8 -> 92.8
    # hand: 900 * (5 + 0.09 * 20) = 6120, sqrt = 78.23; 484 * (5 + 0.64 * 20) = 8615.2, sqrt = 92.82
    more = co.usable_units([30] * 5, h=0.3)
    less = co.usable_units([22] * 5, h=0.8)
    assert more == pytest.approx(78.2, abs=0.05)
    assert less == pytest.approx(92.8, abs=0.05)
    assert less > more


def test_pack_h09_and_caveats():
    # pack: h = 0.9 -> 92.1; h = 0.8 -> 84.4; kappa = 0.6 on three of five -> 64.3
    assert co.usable_units([20] * 5, h=0.9) == pytest.approx(92.1, abs=0.05)
    assert co.usable_units([20] * 5, h=0.8) == pytest.approx(84.4, abs=0.05)
    # hand: x = [12,12,12,20,20]; sum x^2 = 1232; (sum x)^2 = 5776; E = 1232 + 0.64 * 4544 = 4140.2
    got = co.usable_units([20] * 5, h=0.8, kappa=[0.6, 0.6, 0.6, 1, 1])
    assert got == pytest.approx(math.sqrt(4140.16), rel=1e-12)
    assert got == pytest.approx(64.3, abs=0.05)


# --------------------------------------------------------------------------- #
# Model 3A: hand derivations                                                   #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("n", range(1, 11))
def test_no_standards_eta_is_one_over_n(n):
    # hand (exercise E3.1): I = identity, E = n c^2, paper = (n c)^2 -> eta = 1/n
    assert co.coalition_effectiveness([15.0] * n, h=0.0).eta == pytest.approx(1.0 / n, rel=1e-12)


def test_two_allies_closed_form():
    # hand: I_12 = h1 h2 + eps (1 - h1 h2) = 0.3 + 0.1 * 0.7 = 0.37, then training 0.5 -> 0.685
    # E = 10^2 + 30^2 + 2 * 10 * 30 * 0.685 = 1000 + 411 = 1411
    I = co.interoperability_matrix([0.5, 0.6], epsilon=0.1, training=0.5)
    np.testing.assert_allclose(I, [[1.0, 0.685], [0.685, 1.0]])
    r = co.coalition_effectiveness([10, 30], h=[0.5, 0.6], epsilon=0.1, training=0.5)
    assert r.E == pytest.approx(1411.0)
    assert r.paper == pytest.approx(1600.0)


def test_enabler_weakest_link():
    # hand: without US the three enablers cover 0.6, 0.5, 0.7 -> cap 0.5, so sqrt(E_u) = sqrt(0.5) sqrt(E)
    full = co.coalition_effectiveness([20] * 5, h=0.8)
    without = co.coalition_effectiveness([20] * 5, h=0.8, enablers=[0.6, 0.5, 0.7])
    assert without.enabler_cap == 0.5
    assert without.usable_units == pytest.approx(math.sqrt(0.5) * full.effective_units)
    assert full.usable == full.E  # no enablers given = full coverage


def test_empty_coalition_is_valid():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for c in ([], [0, 0, 0]):
            r = co.coalition_effectiveness(c, h=0.5)
            assert (r.E, r.paper, r.eta, r.usable_units) == (0.0, 0.0, 0.0, 0.0)
        units = co.coalition_units(np.zeros((3, 4), dtype=bool), [10, 20, 30, 40], h=0.7)
        np.testing.assert_array_equal(units, 0.0)
        # nobody joins in any draw: theta 0, steep logistic -> p ~ 5e-14
        r = co.deterrence_monte_carlo([0.0] * 3, [20] * 3, h=1.0, R=10, s=60, n_draws=500)
        assert r.p_deterrence == 0.0 and r.mean_units == 0.0
        ex = co.deterrence_exact([], [], h=1.0, R=0.0)
        assert ex.p_deterrence == 1.0 and ex.mean_units == 0.0


# --------------------------------------------------------------------------- #
# Model 3B: pack values, exact sum and hand derivation                         #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("psi, expected", [(0.0, 0.18), (1.0, 0.51)])
def test_pack_deterrence(psi, expected):
    # pack: theta as THETA, tau = 0.5, s = 10, c = [20]*5, eps = 0, R = 60, h = 0.8 (Monte Carlo +- 0.01)
    mc = co.deterrence_monte_carlo(THETA, [20] * 5, h=0.8, R=60, tau=0.5, s=10, psi=psi)
    ex = co.deterrence_exact(THETA, [20] * 5, h=0.8, R=60, tau=0.5, s=10, psi=psi)
    assert mc.p_deterrence == pytest.approx(expected, abs=0.01)
    assert ex.p_deterrence == pytest.approx(expected, abs=0.01)
    assert mc.n_draws == co.N_DRAWS == 20_000 and mc.seed == co.SEED


def test_psi_one_hand():
    # hand: at h = 0.8 a k-member coalition has E = 400 (k + 0.64 k (k - 1)): k = 3 -> 2736 < 3600,
    # k = 4 -> 4672 >= 3600, so deterrence needs 4 or 5 joiners. At psi = 1 everyone has theta = 0.58,
    # p = logistic(0.8), and P(>= 4 of 5) = 5 p^4 (1 - p) + p^5 = p^4 (5 - 4 p).
    p = logistic(0.8)
    ex = co.deterrence_exact(THETA, [20] * 5, h=0.8, R=60, psi=1.0)
    assert ex.p_deterrence == pytest.approx(p ** 4 * (5 - 4 * p), rel=1e-12)
    np.testing.assert_allclose(ex.theta_effective, [0.58] * 5)
    assert ex.expected_joiners == pytest.approx(5 * p)


def test_psi_zero_hand():
    # hand: need >= 4 of 5 joiners; sum over the five 4-subsets and the full coalition
    p = [logistic(10 * (t - 0.5)) for t in THETA]
    total = math.prod(p)
    for out in range(5):
        total += (1 - p[out]) * math.prod(q for i, q in enumerate(p) if i != out)
    ex = co.deterrence_exact(THETA, [20] * 5, h=0.8, R=60)
    assert ex.p_deterrence == pytest.approx(total, rel=1e-12)


def test_low_standards_never_deter_and_complements():
    # pack: at h = 0.4, P(deterrence) = 0 whatever psi. hand: all five join -> E = 400 (5 + 0.16 * 20) = 3280,
    # sqrt = 57.3 < 60.
    for psi in (0.0, 0.5, 1.0):
        assert co.deterrence_exact(THETA, [20] * 5, h=0.4, R=60, psi=psi).p_deterrence == 0.0
    # complements: the gain from psi is larger at high h than at low h
    gain = lambda h: (co.deterrence_exact(THETA, [20] * 5, h=h, R=60, psi=1.0).p_deterrence
                      - co.deterrence_exact(THETA, [20] * 5, h=h, R=60, psi=0.0).p_deterrence)
    assert gain(0.8) > gain(0.4) + 0.3


def test_monte_carlo_is_reproducible_and_uses_common_random_numbers():
    a = co.deterrence_monte_carlo(THETA, [20] * 5, h=0.8, R=60, seed=7, n_draws=3000)
    b = co.deterrence_monte_carlo(THETA, [20] * 5, h=0.8, R=60, seed=7, n_draws=3000)
    np.testing.assert_array_equal(a.units, b.units)
    # same seed, higher h: no draw gets weaker
    c = co.deterrence_monte_carlo(THETA, [20] * 5, h=0.9, R=60, seed=7, n_draws=3000)
    assert np.all(c.units >= a.units - 1e-12)


def test_exact_tie_counts_as_deterrence():
    # hand: two fully integrated allies of 20 give exactly 40 units; R = 40 is met
    ex = co.deterrence_exact([1.0, 1.0], [20, 20], h=1.0, R=40, s=100)
    assert ex.p_deterrence == pytest.approx(1.0, abs=1e-12)


# --------------------------------------------------------------------------- #
# Properties over the slider ranges                                            #
# --------------------------------------------------------------------------- #
@st.composite
def coalitions(draw, n_min=2, n_max=10):
    n = draw(st.integers(n_min, n_max))
    c = np.array(draw(st.lists(st.floats(0.0, 100.0, allow_subnormal=False), min_size=n, max_size=n)))
    h = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n)))
    kappa = np.array(draw(st.lists(st.floats(0.3, 1.0), min_size=n, max_size=n)))
    eps = draw(st.floats(0.0, 0.3))
    t = draw(st.floats(0.0, 1.0))
    return c, h, kappa, eps, t


@PROP
@given(coalitions())
def test_eta_bounds(args):
    c, h, _, eps, t = args
    r = co.coalition_effectiveness(c, h, 1.0, eps, t)
    if r.paper > 0:  # the model defines eta = E / P whenever P > 0, however small
        lower = (c ** 2).sum() / c.sum() ** 2
        assert lower - 1e-12 <= r.eta <= 1.0 + 1e-12
    else:
        assert r.eta == 0.0


@PROP
@given(coalitions(), st.floats(0.0, 1.0), st.floats(0.0, 0.3), st.floats(0.0, 1.0))
def test_more_standards_caveat_relief_training_never_hurt(args, dh, deps, dt):
    c, h, kappa, eps, t = args
    base = co.usable_units(c, h, kappa, eps, t)
    tol = 1e-9 * (1 + base)
    assert co.usable_units(c, np.minimum(h + dh, 1.0), kappa, eps, t) >= base - tol
    assert co.usable_units(c, h, kappa, min(eps + deps, 0.3), t) >= base - tol
    assert co.usable_units(c, h, kappa, eps, min(t + dt, 1.0)) >= base - tol
    assert co.usable_units(c, h, 1.0, eps, t) >= base - tol
    assert base <= c.sum() + tol  # never more than the paper force


@PROP
@given(coalitions(), st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4))
def test_enablers_cap_at_weakest(args, e):
    c, h, kappa, eps, t = args
    r = co.coalition_effectiveness(c, h, kappa, eps, t, enablers=e)
    assert r.usable == pytest.approx(r.E * min(e), rel=1e-12, abs=1e-12)
    assert r.usable_units <= r.effective_units + 1e-9


@PROP
@given(coalitions(n_max=8), st.lists(st.floats(0.0, 1.0), min_size=8, max_size=8),
       st.floats(0.0, 1.0), st.floats(0.0, 30.0), st.floats(0.0, 1.0), st.floats(0.0, 150.0))
def test_exact_probability_properties(args, theta, tau, s, psi, R):
    c, h, kappa, eps, t = args
    th = theta[: len(c)]
    ex = co.deterrence_exact(th, c, h, R, tau, s, psi, kappa, eps, t)
    assert ex.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert 0.0 <= ex.p_deterrence <= 1.0 + 1e-12
    # a stronger adversary is never easier to deter
    assert co.deterrence_exact(th, c, h, R + 10, tau, s, psi, kappa, eps, t).p_deterrence <= ex.p_deterrence + 1e-12
    # more standards never lower deterrence (weights do not depend on h)
    hi = co.deterrence_exact(th, c, np.minimum(h + 0.2, 1.0), R, tau, s, psi, kappa, eps, t)
    assert hi.p_deterrence >= ex.p_deterrence - 1e-12
    # shared assessment keeps the mean threat and shrinks the spread
    te = co.compress_divergence(th, psi)
    assert te.mean() == pytest.approx(np.mean(th), abs=1e-12)
    assert np.ptp(te) <= np.ptp(th) + 1e-12


@settings(max_examples=25, deadline=None)
@given(coalitions(n_max=6), st.lists(st.floats(0.0, 1.0), min_size=6, max_size=6),
       st.floats(0.0, 1.0), st.floats(0.0, 100.0), st.integers(0, 10_000))
def test_monte_carlo_agrees_with_exact(args, theta, psi, R, seed):
    c, h, kappa, eps, t = args
    th = theta[: len(c)]
    ex = co.deterrence_exact(th, c, h, R, psi=psi, kappa=kappa, epsilon=eps, training=t)
    mc = co.deterrence_monte_carlo(th, c, h, R, psi=psi, kappa=kappa, epsilon=eps, training=t,
                                   n_draws=20_000, seed=seed)
    se = math.sqrt(max(ex.p_deterrence * (1 - ex.p_deterrence), 1e-6) / 20_000)
    assert abs(mc.p_deterrence - ex.p_deterrence) <= 5 * se + 1e-9
    assert mc.expected_joiners == pytest.approx(ex.expected_joiners, abs=0.05 * len(c) + 0.05)


# --------------------------------------------------------------------------- #
# Bad input                                                                    #
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("kwargs, name", [
    (dict(c=[20, -1], h=0.5), "c"),
    (dict(c=[20, 20], h=1.5), "h"),
    (dict(c=[20, 20], h=[0.5]), "h"),
    (dict(c=[20, 20], h=0.5, kappa=-0.1), "kappa"),
    (dict(c=[20, 20], h=0.5, epsilon=2), "epsilon"),
    (dict(c=[20, 20], h=0.5, training=float("nan")), "training"),
    (dict(c=[20, 20], h=0.5, enablers=[0.5, 1.2]), "enablers"),
    (dict(c=[20, 20], h=0.5, enablers=[]), "enablers"),
    (dict(c=[[20, 20]], h=0.5), "c"),
])
def test_bad_input_3a(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} \(") as err:
        co.coalition_effectiveness(**kwargs)
    assert "between" in str(err.value) or ">=" in str(err.value) or "values" in str(err.value) or "empty" in str(err.value)


@pytest.mark.parametrize("kwargs, name", [
    (dict(theta=[0.5, 1.2]), "theta"),
    (dict(c=[20]), "c"),
    (dict(R=-1), "R"),
    (dict(tau=1.5), "tau"),
    (dict(s=-2), "s"),
    (dict(psi=1.01), "psi"),
    (dict(n_draws=0), "n_draws"),
    (dict(n_draws=2.5), "n_draws"),
    (dict(seed=-3), "seed"),
])
def test_bad_input_3b(kwargs, name):
    args = dict(theta=[0.5, 0.6], c=[20, 20], h=0.5, R=30)
    args.update(kwargs)
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        co.deterrence_monte_carlo(**args)


def test_bad_input_other():
    with pytest.raises(ValueError, match=r"^n \("):
        co.interoperability_matrix(0.5)
    with pytest.raises(ValueError, match=r"^joined"):
        co.coalition_units([[True, False, True]], [20, 20], h=0.5)
    with pytest.raises(ValueError, match=r"^theta"):
        co.deterrence_exact([0.5] * 17, [1] * 17, h=0.5, R=1)
