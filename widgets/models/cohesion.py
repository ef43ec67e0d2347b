"""Coalition effectiveness (Model 3A) and threat-perception divergence (Model 3B).

These are the course's own teaching constructs, not published models. Model 3A
combines Lanchester's square law (fighting strength grows with the square of
the number of units that fight *as one force*) with Hirshleifer's weakest-link
aggregation (a coalition is capped by its scarcest enabler). Model 3B adds
Walt-style differences in threat perception: each ally joins a collective
response with a probability that rises with how threatened it feels.

Model 3A
--------
Allies ``i = 1..n`` bring combat units ``c_i``. A national caveat (or any limit
on availability) lets only the share ``kappa_i`` of them fight, so the usable
forces are :math:`\\tilde c_i = \\kappa_i c_i`. Each ally has built or trained the
share ``h_i`` of its forces to common standards. Two allies' forces combine with
pairwise interoperability

.. math::

    I_{ij} = h_i h_j + \\varepsilon (1 - h_i h_j) \\quad (i \\ne j), \\qquad I_{ii} = 1,

where ``epsilon`` is residual ad-hoc compatibility. Optional combined training
``t`` closes part of the remaining gap: :math:`I_{ij} \\leftarrow I_{ij} + t(1 - I_{ij})`.
Coalition fighting strength in Lanchester-squared units is
:math:`E = \\tilde c^{\\top} I \\tilde c`; :math:`\\sqrt{E}` is the number of
"equivalent units" of one integrated force. Paper strength is
:math:`P = (\\sum_i c_i)^2` and the effectiveness ratio :math:`\\eta = E / P`.
Critical enablers ``e_k`` in [0, 1] (coverage of ISR, air-to-air refuelling,
munitions, command and control) cap the whole coalition at the weakest one:
:math:`E_u = E \\cdot \\min_k e_k`.

Model 3B
--------
Ally ``i`` perceives threat :math:`\\theta_i` in [0, 1] and joins a collective
response with probability :math:`p_i = 1 / (1 + e^{-s(\\theta_i' - \\tau)})`.
Shared intelligence and consultation ``psi`` pull every perception towards the
mean: :math:`\\theta_i' = \\bar\\theta + (1 - \\psi)(\\theta_i - \\bar\\theta)`.
Each draw decides independently who joins; the joiners ``J`` field
:math:`\\sqrt{E_u(J)}` from Model 3A restricted to ``J``; deterrence holds in a
draw when :math:`\\sqrt{E_u(J)} \\ge R`, the adversary's strength in the same
units. :func:`deterrence_monte_carlo` estimates the probability from seeded
draws; :func:`deterrence_exact` sums over all :math:`2^n` coalitions, the check
the Monte Carlo is tested against.

An empty coalition (nobody joins, or every ally brings zero units) is a valid
result: its strength is 0 and its effectiveness ratio is defined as 0.

Every parameter value used on the course's pages is an illustrative teaching
value, not an estimate.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "SEED",
    "N_DRAWS",
    "MAX_EXACT_ALLIES",
    "CoalitionEffectiveness",
    "DeterrenceResult",
    "interoperability_matrix",
    "coalition_effectiveness",
    "usable_units",
    "compress_divergence",
    "join_probabilities",
    "coalition_units",
    "deterrence_monte_carlo",
    "deterrence_exact",
]

#: Seed of the random generator used by :func:`deterrence_monte_carlo` unless told otherwise.
SEED = 2026
#: Number of Monte Carlo draws used unless told otherwise.
N_DRAWS = 20_000
#: Most allies :func:`deterrence_exact` enumerates (2**16 = 65,536 coalitions).
MAX_EXACT_ALLIES = 16
#: Relative slack when comparing strength with R, so that rounding in the square root
#: does not turn an exact tie (e.g. 2 x 20 integrated units against R = 40) into a failure.
_SLACK = 1e-9


# --------------------------------------------------------------------------- #
# Validation                                                                   #
# --------------------------------------------------------------------------- #
def _scalar(name: str, value, lo: float, hi: float | None = None, desc: str = "") -> float:
    label = f"{name} ({desc})" if desc else name
    rng = f"between {lo:g} and {hi:g}" if hi is not None else f">= {lo:g}"
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{label} must be a single number {rng}; got {value!r}.") from None
    if not np.isfinite(x) or x < lo or (hi is not None and x > hi):
        raise ValueError(f"{label} must be a number {rng}; got {value!r}.")
    return x


def _array(name: str, value, desc: str, lo: float, hi: float | None = None) -> np.ndarray:
    label = f"{name} ({desc})"
    rng = f"between {lo:g} and {hi:g}" if hi is not None else f">= {lo:g}"
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{label} must be a list of numbers {rng}, one per ally.") from None
    if arr.ndim != 1:
        raise ValueError(f"{label} must be a flat list of numbers {rng}, one per ally; got shape {arr.shape}.")
    if not np.all(np.isfinite(arr)) or np.any(arr < lo) or (hi is not None and np.any(arr > hi)):
        raise ValueError(f"{label} must hold numbers {rng}, one per ally; got {value!r}.")
    return arr


def _per_ally(name: str, value, n: int, desc: str, lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """A scalar broadcast to n allies, or a vector of length n, each value in [lo, hi]."""
    if np.ndim(value) == 0:
        return np.full(n, _scalar(name, value, lo, hi, desc))
    arr = _array(name, value, desc, lo, hi)
    if arr.shape[0] != n:
        raise ValueError(f"{name} ({desc}) has {arr.shape[0]} values but there are {n} allies: "
                         "give one number for all or one per ally.")
    return arr


def _enabler_cap(enablers) -> float:
    if enablers is None:
        return 1.0
    e = _array("enablers", enablers, "enabler coverage", 0.0, 1.0)
    if e.size == 0:
        raise ValueError("enablers (enabler coverage) is empty: give at least one coverage between 0 and 1, "
                         "or None for full coverage.")
    return float(e.min())


def _units(c) -> np.ndarray:
    return _array("c", c, "combat units", 0.0)


# --------------------------------------------------------------------------- #
# Model 3A                                                                     #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class CoalitionEffectiveness:
    """What a coalition can do together (Model 3A).

    Attributes
    ----------
    E : float
        Fighting strength in Lanchester-squared units, before enablers.
    paper : float
        Paper strength :math:`(\\sum c_i)^2`, the square of all units on paper.
    eta : float
        Effectiveness ratio ``E / paper`` (0 when there are no units on paper).
    enabler_cap : float
        The weakest enabler's coverage, :math:`\\min_k e_k` (1 without enablers).
    usable : float
        Usable strength ``E * enabler_cap``.
    """

    E: float
    paper: float
    eta: float
    enabler_cap: float
    usable: float

    @property
    def paper_units(self) -> float:
        """Units on paper, :math:`\\sum c_i`."""
        return float(np.sqrt(self.paper))

    @property
    def effective_units(self) -> float:
        """Equivalent units of one integrated force before enablers, :math:`\\sqrt{E}`."""
        return float(np.sqrt(self.E))

    @property
    def usable_units(self) -> float:
        """Equivalent units after the weakest enabler, :math:`\\sqrt{E_u}`."""
        return float(np.sqrt(self.usable))


def interoperability_matrix(h, n: int | None = None, epsilon: float = 0.0, training: float = 0.0) -> np.ndarray:
    """Pairwise interoperability matrix ``I`` of Model 3A.

    Parameters
    ----------
    h : float or array_like
        Standards adoption, the share of each ally's forces built and trained to
        common standards, in [0, 1]; one number for all allies or one per ally.
    n : int, optional
        Number of allies; needed when ``h`` is a single number.
    epsilon : float, default 0
        Residual ad-hoc compatibility between non-standard forces, in [0, 1].
    training : float, default 0
        Combined-training intensity, in [0, 1]: closes that share of the gap
        between ``I_ij`` and 1.

    Returns
    -------
    numpy.ndarray
        Symmetric ``n x n`` matrix with ones on the diagonal and entries in [0, 1].

    Raises
    ------
    ValueError
        If a parameter is outside its range or ``n`` does not match ``h``.

    Examples
    --------
    >>> interoperability_matrix(0.5, n=2)
    array([[1.  , 0.25],
           [0.25, 1.  ]])
    """
    if np.ndim(h) == 0:
        if n is None:
            raise ValueError("n (number of allies) is needed when h is a single number.")
        if isinstance(n, bool) or int(n) != n or n < 0:
            raise ValueError(f"n (number of allies) must be a whole number >= 0; got {n!r}.")
        hv = _per_ally("h", h, int(n), "standards adoption")
    else:
        hv = _array("h", h, "standards adoption", 0.0, 1.0)
        if n is not None and hv.shape[0] != n:
            raise ValueError(f"h (standards adoption) has {hv.shape[0]} values but n is {n}.")
    eps = _scalar("epsilon", epsilon, 0.0, 1.0, "ad-hoc compatibility")
    t = _scalar("training", training, 0.0, 1.0, "combined-training intensity")
    hh = np.outer(hv, hv)
    I = hh + eps * (1.0 - hh)
    I = I + t * (1.0 - I)
    np.fill_diagonal(I, 1.0)
    return I


def coalition_effectiveness(c, h, kappa=1.0, epsilon: float = 0.0, training: float = 0.0,
                            enablers=None) -> CoalitionEffectiveness:
    """Model 3A: fighting strength, paper strength and effectiveness of a coalition.

    Parameters
    ----------
    c : array_like
        Combat units of each ally, each >= 0 (an empty list is an empty coalition).
    h : float or array_like
        Standards adoption in [0, 1], common or one per ally.
    kappa : float or array_like, default 1
        Availability after national caveats in [0, 1], common or one per ally.
    epsilon : float, default 0
        Residual ad-hoc compatibility in [0, 1].
    training : float, default 0
        Combined-training intensity in [0, 1].
    enablers : array_like, optional
        Coverage of each critical enabler in [0, 1]; the weakest caps the
        coalition. ``None`` means full coverage.

    Returns
    -------
    CoalitionEffectiveness
        ``E``, ``paper``, ``eta``, ``enabler_cap``, ``usable`` and the square
        roots ``effective_units``, ``paper_units``, ``usable_units``.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it and the range).

    Examples
    --------
    Five national forces of 20 units and no common standards fight like 44.7
    units of one force, a fifth of the paper strength:

    >>> r = coalition_effectiveness([20] * 5, h=0.0)
    >>> round(r.eta, 3), round(r.effective_units, 1)
    (0.2, 44.7)
    >>> coalition_effectiveness([], h=0.5).E
    0.0
    """
    cv = _units(c)
    n = cv.shape[0]
    hv = _per_ally("h", h, n, "standards adoption")
    kv = _per_ally("kappa", kappa, n, "availability after caveats")
    I = interoperability_matrix(hv, epsilon=epsilon, training=training)
    cap = _enabler_cap(enablers)
    x = kv * cv
    E = float(x @ I @ x)
    total = float(cv.sum())
    paper = total * total
    eta = E / paper if paper > 0 else 0.0
    return CoalitionEffectiveness(E=E, paper=paper, eta=eta, enabler_cap=cap, usable=E * cap)


def usable_units(c, h, kappa=1.0, epsilon: float = 0.0, training: float = 0.0, enablers=None) -> float:
    """Model 3A in one number: :math:`\\sqrt{E_u}`, equivalent units after caveats, standards and enablers.

    Same parameters as :func:`coalition_effectiveness`.

    Returns
    -------
    float
        :math:`\\sqrt{E \\cdot \\min_k e_k}` (equals :math:`\\sqrt{E}` without enablers).

    Examples
    --------
    Spending more nationally can lose to spending less together:

    >>> round(usable_units([30] * 5, h=0.3), 1), round(usable_units([22] * 5, h=0.8), 1)
    (78.2, 92.8)
    """
    return coalition_effectiveness(c, h, kappa, epsilon, training, enablers).usable_units


# --------------------------------------------------------------------------- #
# Model 3B                                                                     #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class DeterrenceResult:
    """Outcome of Model 3B.

    Attributes
    ----------
    p_deterrence : float
        Probability that the coalition that shows up reaches the adversary's strength.
    mean_units : float
        Expected usable strength of the response, :math:`E[\\sqrt{E_u(J)}]`.
    expected_joiners : float
        Expected number of allies that join.
    p_join : numpy.ndarray
        Each ally's probability of joining (after ``psi``).
    theta_effective : numpy.ndarray
        Threat perceptions after shared assessment, :math:`\\theta'`.
    units : numpy.ndarray
        Usable strength of each draw (Monte Carlo) or of each of the :math:`2^n`
        coalitions (exact).
    weights : numpy.ndarray
        Probability weight of each entry of ``units`` (``1/n_draws`` each for
        the Monte Carlo).
    n_draws : int or None
        Number of draws (``None`` for the exact sum).
    seed : int or None
        Seed of the generator (``None`` for the exact sum).
    """

    p_deterrence: float
    mean_units: float
    expected_joiners: float
    p_join: np.ndarray
    theta_effective: np.ndarray
    units: np.ndarray
    weights: np.ndarray
    n_draws: int | None
    seed: int | None


def _theta(theta) -> np.ndarray:
    return _array("theta", theta, "threat perception", 0.0, 1.0)


def compress_divergence(theta, psi: float) -> np.ndarray:
    """Pull threat perceptions towards their mean by the share ``psi``.

    Parameters
    ----------
    theta : array_like
        Each ally's threat perception in [0, 1].
    psi : float
        Shared assessment (intelligence sharing, consultation) in [0, 1]:
        0 leaves perceptions as they are, 1 gives everyone the mean.

    Returns
    -------
    numpy.ndarray
        :math:`\\bar\\theta + (1 - \\psi)(\\theta - \\bar\\theta)`; the mean is unchanged.

    Examples
    --------
    >>> compress_divergence([0.2, 0.6], 0.5)
    array([0.3, 0.5])
    """
    th = _theta(theta)
    ps = _scalar("psi", psi, 0.0, 1.0, "shared threat assessment")
    if th.size == 0:
        return th
    m = th.mean()
    return m + (1.0 - ps) * (th - m)


def join_probabilities(theta, tau: float = 0.5, s: float = 10.0, psi: float = 0.0) -> np.ndarray:
    """Each ally's probability of joining a collective response (logistic in threat).

    Parameters
    ----------
    theta : array_like
        Threat perceptions in [0, 1].
    tau : float, default 0.5
        Threshold in [0, 1]: an ally at ``theta' = tau`` joins with probability 1/2.
    s : float, default 10
        Steepness, between 0 and 100 (0: everyone joins with probability 1/2).
    psi : float, default 0
        Shared threat assessment in [0, 1] (see :func:`compress_divergence`).

    Returns
    -------
    numpy.ndarray
        :math:`1 / (1 + e^{-s(\\theta' - \\tau)})`, one per ally.

    Examples
    --------
    >>> join_probabilities([0.5, 0.9]).round(3)
    array([0.5  , 0.982])
    """
    t = _scalar("tau", tau, 0.0, 1.0, "joining threshold")
    ss = _scalar("s", s, 0.0, 100.0, "steepness")
    th = compress_divergence(theta, psi)
    return 1.0 / (1.0 + np.exp(-ss * (th - t)))


def coalition_units(joined, c, h, kappa=1.0, epsilon: float = 0.0, training: float = 0.0,
                    enablers=None) -> np.ndarray:
    """Usable strength :math:`\\sqrt{E_u(J)}` for many coalitions at once (vectorised Model 3A).

    Parameters
    ----------
    joined : array_like of bool
        Shape ``(m, n)``: row ``k`` marks which of the ``n`` allies join in
        coalition ``k``. A row with no ``True`` is the empty coalition (strength 0).
    c, h, kappa, epsilon, training, enablers
        As in :func:`coalition_effectiveness`.

    Returns
    -------
    numpy.ndarray
        Shape ``(m,)``.

    Examples
    --------
    >>> coalition_units([[True, True], [True, False], [False, False]], [20, 20], h=1.0)
    array([40., 20.,  0.])
    """
    cv = _units(c)
    n = cv.shape[0]
    J = np.asarray(joined)
    if J.ndim == 1 and n > 0 and J.shape[0] == n:
        J = J[None, :]
    if J.ndim != 2 or J.shape[1] != n:
        raise ValueError(f"joined must have shape (coalitions, {n}) with one column per ally; got shape {J.shape}.")
    if J.dtype != bool:
        if not np.all(np.isin(J, (0, 1))):
            raise ValueError("joined must hold True/False (or 1/0) for each ally.")
        J = J.astype(bool)
    hv = _per_ally("h", h, n, "standards adoption")
    kv = _per_ally("kappa", kappa, n, "availability after caveats")
    I = interoperability_matrix(hv, epsilon=epsilon, training=training)
    cap = _enabler_cap(enablers)
    X = J * (kv * cv)[None, :]
    E = np.einsum("ki,ij,kj->k", X, I, X)
    return np.sqrt(np.maximum(E, 0.0) * cap)


def _check_3b(theta, c, R):
    th = _theta(theta)
    cv = _units(c)
    if cv.shape[0] != th.shape[0]:
        raise ValueError(f"c (combat units) has {cv.shape[0]} values but theta has {th.shape[0]}: "
                         "give one of each per ally.")
    r = _scalar("R", R, 0.0, None, "adversary strength")
    return th, cv, r


def deterrence_monte_carlo(theta, c, h, R: float, tau: float = 0.5, s: float = 10.0, psi: float = 0.0,
                           kappa=1.0, epsilon: float = 0.0, training: float = 0.0, enablers=None,
                           n_draws: int = N_DRAWS, seed: int = SEED) -> DeterrenceResult:
    """Model 3B by Monte Carlo: probability that the coalition that shows up deters.

    Every draw decides independently for each ally whether it joins (with
    :func:`join_probabilities`); the joiners' usable strength comes from Model 3A
    (:func:`coalition_units`); deterrence holds when it reaches ``R``. The same
    ``seed`` gives the same uniform numbers for every parameter setting (common
    random numbers), so curves over ``psi`` or ``h`` are smooth.

    Parameters
    ----------
    theta : array_like
        Threat perceptions in [0, 1], one per ally.
    c : array_like
        Combat units per ally (>= 0), same length as ``theta``.
    h : float or array_like
        Standards adoption in [0, 1].
    R : float
        Adversary strength in equivalent units, >= 0.
    tau, s, psi
        As in :func:`join_probabilities`.
    kappa, epsilon, training, enablers
        As in :func:`coalition_effectiveness`.
    n_draws : int, default ``N_DRAWS`` (20,000)
        Number of draws, between 1 and 10,000,000.
    seed : int, default ``SEED`` (2026)
        Seed of ``numpy.random.default_rng``, >= 0.

    Returns
    -------
    DeterrenceResult

    Raises
    ------
    ValueError
        If a parameter is outside its range.

    Examples
    --------
    >>> r = deterrence_monte_carlo([0.9, 0.8, 0.5, 0.4, 0.3], [20] * 5, h=0.8, R=60, psi=1.0)
    >>> abs(r.p_deterrence - 0.51) < 0.01
    True
    """
    th, cv, r = _check_3b(theta, c, R)
    if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or not 1 <= n_draws <= 10_000_000:
        raise ValueError(f"n_draws (number of draws) must be a whole number between 1 and 10,000,000; got {n_draws!r}.")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0; got {seed!r}.")
    p = join_probabilities(th, tau, s, psi)
    rng = np.random.default_rng(int(seed))
    U = rng.random((int(n_draws), th.shape[0]))
    J = U < p[None, :]
    units = coalition_units(J, cv, h, kappa, epsilon, training, enablers)
    w = np.full(units.shape[0], 1.0 / units.shape[0])
    return DeterrenceResult(
        p_deterrence=float(np.mean(units >= r - _SLACK * max(1.0, r))),
        mean_units=float(units.mean()),
        expected_joiners=float(J.sum(axis=1).mean()),
        p_join=p,
        theta_effective=compress_divergence(th, psi),
        units=units,
        weights=w,
        n_draws=int(n_draws),
        seed=int(seed),
    )


def deterrence_exact(theta, c, h, R: float, tau: float = 0.5, s: float = 10.0, psi: float = 0.0,
                     kappa=1.0, epsilon: float = 0.0, training: float = 0.0, enablers=None) -> DeterrenceResult:
    """Model 3B exactly: sum over all :math:`2^n` coalitions (at most ``MAX_EXACT_ALLIES`` allies).

    Same parameters as :func:`deterrence_monte_carlo` without ``n_draws`` and ``seed``.

    Returns
    -------
    DeterrenceResult
        ``units`` and ``weights`` list every coalition with its probability;
        ``n_draws`` and ``seed`` are ``None``.

    Examples
    --------
    >>> r = deterrence_exact([0.9, 0.8, 0.5, 0.4, 0.3], [20] * 5, h=0.8, R=60)
    >>> round(r.p_deterrence, 3)
    0.183
    """
    th, cv, r = _check_3b(theta, c, R)
    n = th.shape[0]
    if n > MAX_EXACT_ALLIES:
        raise ValueError(f"theta (threat perception) has {n} allies; deterrence_exact enumerates at most "
                         f"{MAX_EXACT_ALLIES}: use deterrence_monte_carlo.")
    p = join_probabilities(th, tau, s, psi)
    codes = np.arange(2 ** n)
    J = ((codes[:, None] >> np.arange(n)[None, :]) & 1).astype(bool)
    w = np.prod(np.where(J, p[None, :], 1.0 - p[None, :]), axis=1)
    units = coalition_units(J, cv, h, kappa, epsilon, training, enablers)
    return DeterrenceResult(
        p_deterrence=float(w[units >= r - _SLACK * max(1.0, r)].sum()),
        mean_units=float(w @ units),
        expected_joiners=float(p.sum()),
        p_join=p,
        theta_effective=compress_divergence(th, psi),
        units=units,
        weights=w,
        n_draws=None,
        seed=None,
    )
