"""Strategic trade-offs of burden sharing: Models 2A and 2B.

Both are teaching constructs of the course, not published models. Every default
below is an illustrative teaching value, not an estimate.

**Model 2A: deterrence versus leverage.** It follows the autonomy-security
trade-off of Morrow (1991) and the patron's control-cost dilemma of Blankenship
(2023), with a ratio-form contest success function in the manner of Hirshleifer.
An ally fields capability ``K_A``; the United States commits capability ``K_US``
that arrives with probability ``pi`` (its credibility). Against an adversary of
strength ``T``:

.. math::

    F = K_A + \\pi K_{US}, \\qquad
    D = \\frac{F^\\rho}{F^\\rho + T^\\rho}, \\qquad
    d = \\frac{\\pi K_{US}}{F}, \\qquad L = d^\\lambda,

    \\Delta = \\delta_0 (1 - L), \\qquad \\text{cohesion} = 1 - \\Delta,

    V_{US} = w_1 D + w_2 (1 - \\Delta) - w_3 K_{US}.

``D`` is the probability that the adversary is deterred, ``d`` the ally's
dependence on the US share of the force, ``L`` US leverage, ``delta0`` the
threat-perception gap an independent ally would act on, ``Delta`` the divergence
that leverage does not suppress, and ``V_US`` a US payoff that values deterrence
and cohesion and pays for its commitment.

**Model 2B: the alliance security dilemma (Snyder 1984).** A US commitment of
strength ``pi`` in [0, 1] emboldens the ally (moral hazard, Benson 2012): its
risk-taking is ``e = e0 + mu_eff * pi`` with ``mu_eff = mu * (1 - conditionality)``,
where ``conditionality`` is the share of the emboldening that a commitment
conditional on the ally's conduct removes (a design lever). Then

.. math::

    E(\\pi) = \\pi\\, e(\\pi), \\qquad
    A(\\pi) = (1 - \\pi)(1 - D_{self}), \\qquad
    D_{self} = \\frac{K_A}{K_A + T}.

``E`` is the US entrapment risk and ``A`` the ally's abandonment cost. The sum
``A + E`` is a quadratic in ``pi``; its minimiser has the closed form used by
:func:`balanced_commitment`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "RANGES",
    "TradeOff",
    "BestCommitment",
    "Dilemma",
    "deterrence",
    "trade_off",
    "trade_off_table",
    "us_payoff",
    "best_commitment",
    "self_reliant_deterrence",
    "security_dilemma",
    "frontier",
    "balanced_commitment",
]

#: Allowed range of every parameter (inclusive): the explorers' slider ranges.
RANGES = {
    "K_A": (0.0, 3.0),
    "K_US": (0.0, 3.0),
    "pi": (0.0, 1.0),
    "T": (0.5, 3.0),
    "rho": (0.5, 4.0),
    "lam": (0.5, 3.0),
    "delta0": (0.0, 1.0),
    "w1": (0.0, 2.0),
    "w2": (0.0, 2.0),
    "w3": (0.0, 2.0),
    "e0": (0.0, 0.3),
    "mu": (0.0, 0.5),
    "conditionality": (0.0, 1.0),
}

#: Grid step of :func:`best_commitment`'s search over K_US.
GRID_STEP = 0.001


def _num(name: str, value) -> float:
    """Return ``value`` as a float inside ``RANGES[name]`` or raise ValueError."""
    lo, hi = RANGES[name]
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number between {lo:g} and {hi:g}; got {value!r}.") from None
    if not math.isfinite(x) or x < lo or x > hi:
        raise ValueError(f"{name} must lie between {lo:g} and {hi:g}; got {value!r}.")
    return x


# --------------------------------------------------------------------------- #
# Model 2A                                                                     #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class TradeOff:
    """Model 2A at one setting.

    Attributes
    ----------
    K_A, K_US, pi, T, rho, lam, delta0 : float
        The inputs.
    force : float
        Effective defence force ``F = K_A + pi * K_US``.
    deterrence : float
        Probability that the adversary is deterred, ``F**rho / (F**rho + T**rho)``.
    dependence : float
        US share of the effective force, ``pi * K_US / F`` (0 when ``pi * K_US`` is 0).
    leverage : float
        US leverage ``dependence ** lam``.
    divergence : float
        Realised policy divergence ``delta0 * (1 - leverage)``.
    cohesion : float
        ``1 - divergence``.
    """

    K_A: float
    K_US: float
    pi: float
    T: float
    rho: float
    lam: float
    delta0: float
    force: float
    deterrence: float
    dependence: float
    leverage: float
    divergence: float
    cohesion: float


def deterrence(K_A, K_US=1.0, pi=0.75, T=1.0, rho=2.0) -> float:
    """Probability that the adversary is deterred (Model 2A).

    Parameters
    ----------
    K_A : float
        Allied capability, 0-3 (illustrative units; the adversary's default is 1).
    K_US : float, default 1.0
        US committed capability, 0-3.
    pi : float, default 0.75
        Credibility of the US commitment, 0-1 (the default echoes the 75 %
        reliability Leeds (2003) reports for 1816-1944; Berkemeier and Fuhrmann (2018) re-estimate
        50 % for 1816-2003 and 22 % after 1945, so it is not an estimate for today).
    T : float, default 1.0
        Adversary strength, 0.5-3.
    rho : float, default 2.0
        Decisiveness of the contest, 0.5-4.

    Returns
    -------
    float
        ``F**rho / (F**rho + T**rho)`` with ``F = K_A + pi * K_US``, between 0 and 1.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    References
    ----------
    morrow1991alliances, hirshleifer1983weakest

    Examples
    --------
    >>> round(deterrence(1.0), 4)   # F = 1.75: 3.0625 / 4.0625
    0.7538
    >>> deterrence(0.0, K_US=0.0)
    0.0
    """
    K_A, K_US, pi = _num("K_A", K_A), _num("K_US", K_US), _num("pi", pi)
    T, rho = _num("T", T), _num("rho", rho)
    return float(_contest(np.float64(K_A + pi * K_US), T, rho))


def _contest(F, T, rho):
    """Ratio-form contest ``F**rho / (F**rho + T**rho)``, safe for tiny and large ``F``."""
    F = np.asarray(F, dtype=float)
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        big = 1.0 / (1.0 + (T / np.where(F > 0, F, 1.0)) ** rho)     # used where F >= T
        r = (F / T) ** rho
        small = r / (1.0 + r)                                        # used where F < T
    return np.where(F >= T, big, small)


def trade_off(K_A, K_US=1.0, pi=0.75, T=1.0, rho=2.0, lam=1.0, delta0=0.5) -> TradeOff:
    """Deterrence, dependence, leverage and cohesion at one setting (Model 2A).

    Parameters
    ----------
    K_A : float
        Allied capability, 0-3.
    K_US : float, default 1.0
        US committed capability, 0-3.
    pi : float, default 0.75
        Credibility of the US commitment, 0-1.
    T : float, default 1.0
        Adversary strength, 0.5-3.
    rho : float, default 2.0
        Decisiveness of the contest, 0.5-4.
    lam : float, default 1.0
        Leverage elasticity, 0.5-3: how steeply leverage falls as dependence falls.
    delta0 : float, default 0.5
        Baseline divergence of threat perceptions, 0-1: the gap an ally that owed the
        United States nothing would act on.

    Returns
    -------
    TradeOff
        Inputs plus ``force``, ``deterrence``, ``dependence``, ``leverage``,
        ``divergence`` and ``cohesion``.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    References
    ----------
    morrow1991alliances, blankenship2023burden, walt1987origins

    Examples
    --------
    >>> r = trade_off(1.0)
    >>> round(r.deterrence, 2), round(r.leverage, 2), round(r.divergence, 3)
    (0.75, 0.43, 0.286)
    """
    D = deterrence(K_A, K_US, pi, T, rho)
    lam, delta0 = _num("lam", lam), _num("delta0", delta0)
    K_A, K_US, pi, T, rho = float(K_A), float(K_US), float(pi), float(T), float(rho)
    us = pi * K_US
    F = K_A + us
    dep = us / F if us > 0 else 0.0
    L = dep ** lam
    div = delta0 * (1.0 - L)
    return TradeOff(K_A, K_US, pi, T, rho, lam, delta0, F, D, dep, L, div, 1.0 - div)


def trade_off_table(K_A_values=None, K_US=1.0, pi=0.75, T=1.0, rho=2.0, lam=1.0, delta0=0.5) -> pd.DataFrame:
    """Model 2A over a range of allied capability.

    Parameters
    ----------
    K_A_values : array_like, optional
        Values of K_A (each 0-3); default 61 evenly spaced values from 0 to 3.
    K_US, pi, T, rho, lam, delta0 : float
        As in :func:`trade_off`.

    Returns
    -------
    pandas.DataFrame
        One row per K_A with columns ``K_A, force, deterrence, dependence,
        leverage, divergence, cohesion``.

    Raises
    ------
    ValueError
        If a value is outside its range, or ``K_A_values`` is empty.

    References
    ----------
    morrow1991alliances

    Examples
    --------
    >>> t = trade_off_table([0.2, 2.0])
    >>> t.deterrence.round(2).tolist(), t.leverage.round(2).tolist()
    ([0.47, 0.88], [0.79, 0.27])
    """
    if K_A_values is None:
        K_A_values = np.linspace(0.0, 3.0, 61)
    vals = list(np.atleast_1d(np.asarray(K_A_values, dtype=float)))
    if not vals:
        raise ValueError("K_A_values is empty: give at least one K_A between 0 and 3.")
    rows = []
    for k in vals:
        r = trade_off(k, K_US, pi, T, rho, lam, delta0)
        rows.append({"K_A": r.K_A, "force": r.force, "deterrence": r.deterrence,
                     "dependence": r.dependence, "leverage": r.leverage,
                     "divergence": r.divergence, "cohesion": r.cohesion})
    return pd.DataFrame(rows)


def us_payoff(K_A, K_US=1.0, pi=0.75, T=1.0, rho=2.0, lam=1.0, delta0=0.5,
              w1=1.0, w2=0.5, w3=0.3) -> float:
    """US payoff ``w1 * D + w2 * cohesion - w3 * K_US`` (Model 2A).

    Parameters
    ----------
    K_A, K_US, pi, T, rho, lam, delta0 : float
        As in :func:`trade_off`.
    w1 : float, default 1.0
        Weight on deterrence, 0-2.
    w2 : float, default 0.5
        Weight on cohesion (policy alignment), 0-2.
    w3 : float, default 0.3
        Cost per unit of committed US capability, 0-2.

    Returns
    -------
    float
        The payoff (illustrative units).

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    References
    ----------
    blankenship2023burden

    Examples
    --------
    >>> round(us_payoff(1.0), 4)   # 0.7538 + 0.5 * (1 - 0.2857) - 0.3
    0.811
    """
    w1, w2, w3 = _num("w1", w1), _num("w2", w2), _num("w3", w3)
    r = trade_off(K_A, K_US, pi, T, rho, lam, delta0)
    return w1 * r.deterrence + w2 * r.cohesion - w3 * r.K_US


@dataclass(frozen=True)
class BestCommitment:
    """The US commitment that maximises its payoff.

    Attributes
    ----------
    K_US : float
        Payoff-maximising committed capability on the search grid (0-3).
    payoff : float
        The payoff there.
    result : TradeOff
        Model 2A at that commitment.
    """

    K_US: float
    payoff: float
    result: TradeOff


def best_commitment(K_A, pi=0.75, T=1.0, rho=2.0, lam=1.0, delta0=0.5,
                    w1=1.0, w2=0.5, w3=0.3) -> BestCommitment:
    """Grid search for the US commitment ``K_US*`` that maximises :func:`us_payoff`.

    The grid runs from 0 to 3 in steps of ``GRID_STEP`` (0.001); ties go to the
    smallest commitment.

    Parameters
    ----------
    K_A, pi, T, rho, lam, delta0, w1, w2, w3 : float
        As in :func:`us_payoff`.

    Returns
    -------
    BestCommitment
        ``K_US``, ``payoff`` and the :class:`TradeOff` at that commitment.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    References
    ----------
    blankenship2023burden, morrow1991alliances

    Examples
    --------
    >>> round(best_commitment(1.0, delta0=0.1).K_US, 2)
    0.37
    >>> round(best_commitment(1.0, delta0=0.6).K_US, 2)
    0.71
    """
    K_A, pi, T, rho = _num("K_A", K_A), _num("pi", pi), _num("T", T), _num("rho", rho)
    lam, delta0 = _num("lam", lam), _num("delta0", delta0)
    w1, w2, w3 = _num("w1", w1), _num("w2", w2), _num("w3", w3)
    n = int(round((RANGES["K_US"][1] - RANGES["K_US"][0]) / GRID_STEP)) + 1
    grid = np.linspace(RANGES["K_US"][0], RANGES["K_US"][1], n)
    us = pi * grid
    F = K_A + us
    D = _contest(F, T, rho)
    with np.errstate(divide="ignore", invalid="ignore"):
        dep = np.where(us > 0, us / np.where(F > 0, F, 1.0), 0.0)
    V = w1 * D + w2 * (1.0 - delta0 * (1.0 - dep ** lam)) - w3 * grid
    i = int(np.argmax(V))
    k = float(grid[i])
    return BestCommitment(k, float(V[i]), trade_off(K_A, k, pi, T, rho, lam, delta0))


# --------------------------------------------------------------------------- #
# Model 2B                                                                     #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class Dilemma:
    """Model 2B at one commitment strength.

    Attributes
    ----------
    pi : float
        Commitment strength, 0-1.
    risk_taking : float
        The ally's risk-taking ``e0 + mu_eff * pi``.
    entrapment : float
        US entrapment risk ``pi * risk_taking``.
    abandonment : float
        Ally's abandonment cost ``(1 - pi) * (1 - D_self)``.
    total : float
        ``abandonment + entrapment``.
    """

    pi: float
    risk_taking: float
    entrapment: float
    abandonment: float
    total: float


def self_reliant_deterrence(K_A, T=1.0) -> float:
    """Deterrence the ally achieves alone, ``K_A / (K_A + T)`` (Model 2B).

    Parameters
    ----------
    K_A : float
        Allied capability, 0-3.
    T : float, default 1.0
        Adversary strength, 0.5-3.

    Returns
    -------
    float
        Between 0 and 1 (at most 6/7 inside the ranges).

    Raises
    ------
    ValueError
        If a parameter is outside its range.

    References
    ----------
    snyder1984security

    Examples
    --------
    >>> self_reliant_deterrence(1.0)
    0.5
    """
    K_A, T = _num("K_A", K_A), _num("T", T)
    return K_A / (K_A + T)


def _mu_eff(mu, conditionality) -> float:
    return _num("mu", mu) * (1.0 - _num("conditionality", conditionality))


def security_dilemma(pi, K_A=0.5, T=1.0, e0=0.05, mu=0.2, conditionality=0.0) -> Dilemma:
    """Entrapment risk and abandonment cost at commitment strength ``pi`` (Model 2B).

    Parameters
    ----------
    pi : float
        Strength of the US commitment, 0-1.
    K_A : float, default 0.5
        Allied capability, 0-3.
    T : float, default 1.0
        Adversary strength, 0.5-3.
    e0 : float, default 0.05
        The ally's risk-taking with no US commitment, 0-0.3.
    mu : float, default 0.2
        Moral hazard, 0-0.5: extra risk-taking per unit of commitment.
    conditionality : float, default 0.0
        Share of the moral hazard that a commitment conditional on the ally's
        conduct removes, 0-1 (0 = unconditional).

    Returns
    -------
    Dilemma
        ``pi``, ``risk_taking``, ``entrapment``, ``abandonment`` and ``total``.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    References
    ----------
    snyder1984security, benson2012constructing

    Examples
    --------
    >>> d = security_dilemma(0.5, K_A=1.0)   # e = 0.05 + 0.1; A = 0.5 * 0.5
    >>> round(d.entrapment, 3), round(d.abandonment, 3)
    (0.075, 0.25)
    """
    pi = _num("pi", pi)
    Ds = self_reliant_deterrence(K_A, T)
    e = _num("e0", e0) + _mu_eff(mu, conditionality) * pi
    E = pi * e
    A = (1.0 - pi) * (1.0 - Ds)
    return Dilemma(pi, e, E, A, A + E)


def frontier(K_A=0.5, T=1.0, e0=0.05, mu=0.2, conditionality=0.0, n=101) -> pd.DataFrame:
    """The abandonment-entrapment frontier traced as ``pi`` runs from 0 to 1 (Model 2B).

    Parameters
    ----------
    K_A, T, e0, mu, conditionality : float
        As in :func:`security_dilemma`.
    n : int, default 101
        Number of evenly spaced commitment strengths (at least 2).

    Returns
    -------
    pandas.DataFrame
        Columns ``pi, risk_taking, entrapment, abandonment, total``.

    Raises
    ------
    ValueError
        If a parameter is outside its range or ``n < 2``.

    References
    ----------
    snyder1984security, benson2012constructing

    Examples
    --------
    >>> f = frontier(K_A=1.0, n=3)
    >>> f.abandonment.round(3).tolist()
    [0.5, 0.25, 0.0]
    """
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise ValueError("n must be an integer of at least 2.") from None
    if n < 2:
        raise ValueError(f"n must be an integer of at least 2; got {n}.")
    rows = [security_dilemma(p, K_A, T, e0, mu, conditionality).__dict__
            for p in np.linspace(0.0, 1.0, n)]
    return pd.DataFrame(rows, columns=["pi", "risk_taking", "entrapment", "abandonment", "total"])


def balanced_commitment(K_A=0.5, T=1.0, e0=0.05, mu=0.2, conditionality=0.0) -> float:
    """Commitment strength that minimises abandonment cost plus entrapment risk (Model 2B).

    ``A + E = (1 - pi)(1 - D_self) + e0 * pi + mu_eff * pi**2``, so the interior
    minimiser is ``pi* = (1 - D_self - e0) / (2 * mu_eff)``, clipped to [0, 1].
    With no moral hazard (``mu_eff = 0``) the sum is linear: ``pi* = 1`` if
    ``1 - D_self > e0``, else 0.

    Parameters
    ----------
    K_A, T, e0, mu, conditionality : float
        As in :func:`security_dilemma`.

    Returns
    -------
    float
        ``pi*`` between 0 and 1.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    References
    ----------
    snyder1984security, benson2012constructing

    Examples
    --------
    >>> balanced_commitment(K_A=1.0, mu=0.5)   # (1 - 0.5 - 0.05) / 1.0
    0.45
    >>> balanced_commitment(K_A=1.0, mu=0.5, conditionality=1.0)
    1.0
    """
    Ds = self_reliant_deterrence(K_A, T)
    e0 = _num("e0", e0)
    m = _mu_eff(mu, conditionality)
    gap = 1.0 - Ds - e0
    if m == 0.0:
        return 1.0 if gap > 0 else 0.0
    return float(min(1.0, max(0.0, gap / (2.0 * m))))
