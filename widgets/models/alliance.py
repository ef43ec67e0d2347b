"""Public-goods alliance with joint products, a US contribution and spending floors.

This is the course's Model 1A, a teaching construct built on the economic theory
of alliances. Each ally ``i`` has GDP ``Y_i`` and chooses defence spending ``q_i``.
Its security is its own spending plus a share ``beta_i`` (the *publicness*, or
"spill-in" weight) of everybody else's spending and of a US contribution ``G``
to the theatre:

.. math::

    S_i = q_i + \\beta_i (Q_{-i} + G), \\qquad
    U_i = (1 - a_i) \\ln (Y_i - q_i) + a_i \\ln S_i .

Maximising ``U_i`` gives the best response (with an optional floor ``f_i``, a
share of GDP that pressure forces the ally to spend at least):

.. math::

    q_i = \\max\\{ f_i Y_i,\\; a_i Y_i - (1 - a_i) \\beta_i (Q_{-i} + G) \\}.

``beta = 1`` is the pure public good of Olson and Zeckhauser; ``beta`` near 0
means each ally's spending protects mainly itself (joint products in the sense of
Sandler and Forbes). The Nash equilibrium exists and is unique (the scaled
best-response system is symmetric positive definite), in the spirit of
Bergstrom, Blume and Varian.

**Strategic-US mode.** ``G`` is an exogenous US contribution (a slider). To let
the United States react to allied floors, put the US in the game as one more
player with its own ``Y``, ``a`` and ``beta``, set ``G = 0`` and give it a floor
of 0: :func:`equilibrium` handles per-player ``beta`` and ``floor``, and
:func:`nato_calibration` does this with ``strategic_us=True``.

All parameter values used in the course's pages are illustrative teaching values
unless a calibration says which data it uses.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "AllianceEquilibrium",
    "equilibrium",
    "closed_form_equilibrium",
    "calibrate_weights",
    "offset_ratio",
    "offset_between",
    "NatoCalibration",
    "nato_calibration",
    "DAMPING",
    "TOL",
    "MAX_SWEEPS",
]

#: Weight on the new best response in each Gauss-Seidel step.
DAMPING = 0.5
#: Convergence tolerance on the largest change of spending in one sweep,
#: relative to the largest GDP (so it does not depend on the currency unit).
TOL = 1e-12
#: Most sweeps the solver makes before it gives up with a ValueError.
MAX_SWEEPS = 50_000


# --------------------------------------------------------------------------- #
# Result                                                                       #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class AllianceEquilibrium:
    """Nash equilibrium of the alliance game.

    Attributes
    ----------
    names : tuple of str
        One label per player.
    Y, a, beta : numpy.ndarray
        GDP, security weight and publicness, one value per player.
    G : float
        Exogenous US contribution to the theatre (same unit as ``Y``).
    floor : numpy.ndarray
        Spending floor of each player, as a fraction of its GDP.
    q : numpy.ndarray
        Equilibrium defence spending (same unit as ``Y``).
    sweeps : int
        Gauss-Seidel sweeps used (0 for the closed form).
    """

    names: tuple
    Y: np.ndarray
    a: np.ndarray
    beta: np.ndarray
    G: float
    floor: np.ndarray
    q: np.ndarray
    sweeps: int = 0

    @property
    def burden(self) -> np.ndarray:
        """Defence burden ``q / Y`` (fraction of GDP)."""
        return self.q / self.Y

    @property
    def burden_pct(self) -> np.ndarray:
        """Defence burden in percent of GDP."""
        return 100.0 * self.burden

    @property
    def allied_total(self) -> float:
        """Sum of the players' spending (excludes ``G``)."""
        return float(np.sum(self.q))

    @property
    def total_security(self) -> float:
        """Allied spending plus the US contribution ``G`` (the pack's ``Q``)."""
        return self.allied_total + float(self.G)

    @property
    def at_floor(self) -> np.ndarray:
        """True where a positive floor binds (spending equals the floor)."""
        fl = self.floor * self.Y
        return (self.floor > 0) & (self.q <= fl * (1 + 1e-9) + 1e-15)

    @property
    def free_riders(self) -> np.ndarray:
        """True where a player spends nothing (``q == 0``)."""
        return self.q == 0.0


# --------------------------------------------------------------------------- #
# Input checks                                                                 #
# --------------------------------------------------------------------------- #
def _vector(name: str, value, n: int | None) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        if n is None:
            raise ValueError(f"{name} must be a list or array with one value per ally.")
        arr = np.full(n, float(arr))
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one value per ally); got shape {arr.shape}.")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name} has {arr.shape[0]} values but Y has {n}: give one value per ally.")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains a missing or infinite value; give finite numbers.")
    return arr


def _check(Y, a, beta, G, floor=0.0, names=None):
    """Validate and broadcast the model's inputs; return arrays."""
    Y = _vector("Y", Y, None)
    n = Y.shape[0]
    if n < 1:
        raise ValueError("Y is empty: give the GDP of at least one ally.")
    if np.any(Y <= 0):
        raise ValueError("Y (GDP) must be positive for every ally.")
    a = _vector("a", a, n)
    if np.any((a < 0) | (a >= 1)):
        raise ValueError("a (security weight) must satisfy 0 <= a < 1 for every ally.")
    beta = _vector("beta", beta, n)
    if np.any((beta < 0) | (beta > 1)):
        raise ValueError("beta (publicness) must lie between 0 and 1.")
    try:
        G = float(G)
    except (TypeError, ValueError):
        raise ValueError("G (US contribution) must be a single number >= 0.") from None
    if not np.isfinite(G) or G < 0:
        raise ValueError("G (US contribution) must be a finite number >= 0.")
    floor = _vector("floor", floor, n)
    if np.any((floor < 0) | (floor >= 1)):
        raise ValueError("floor must be a fraction of GDP with 0 <= floor < 1 (e.g. 0.02 for 2 %).")
    if names is None:
        names = tuple(f"Ally {i + 1}" for i in range(n))
    else:
        names = tuple(str(s) for s in names)
        if len(names) != n:
            raise ValueError(f"names has {len(names)} labels but Y has {n}: give one label per ally.")
    return Y, a, beta, G, floor, names


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr, dtype=float)
    arr.setflags(write=False)
    return arr


# --------------------------------------------------------------------------- #
# Solvers                                                                      #
# --------------------------------------------------------------------------- #
def equilibrium(Y, a, beta, G=0.0, floor=0.0, names=None) -> AllianceEquilibrium:
    """Nash equilibrium by damped Gauss-Seidel best-response iteration.

    Parameters
    ----------
    Y : array_like
        GDP of each player (> 0), e.g. in US$ trillion.
    a : array_like
        Security weight of each player, ``0 <= a < 1``.
    beta : float or array_like
        Publicness, ``0 <= beta <= 1``: the share of others' spending (and of
        ``G``) that protects a player. A scalar applies to every player.
    G : float, default 0.0
        Exogenous US contribution to the theatre (>= 0, unit of ``Y``).
    floor : float or array_like, default 0.0
        Spending floor as a fraction of GDP, ``0 <= floor < 1`` (0.02 = 2 %).
    names : sequence of str, optional
        Labels of the players.

    Returns
    -------
    AllianceEquilibrium
        Spending ``q`` and derived quantities.

    Raises
    ------
    ValueError
        On invalid input, or if the iteration does not converge within
        ``MAX_SWEEPS`` sweeps.

    Notes
    -----
    Each sweep visits the players in order and moves each one half-way
    (``DAMPING``) towards its best response to the current spending of the
    others. The loop stops when no spending changes by more than
    ``TOL * max(Y)``; a final undamped sweep then sets every player exactly on
    its best response, so free riders have ``q == 0`` exactly. Convergence is
    guaranteed because the scaled best-response system is symmetric positive
    definite (projected SOR with relaxation 0.5).

    References
    ----------
    .. [1] Olson, M. and Zeckhauser, R. (1966), "An Economic Theory of
       Alliances" (``olson1966economic``).
    .. [2] Sandler, T. and Forbes, J. F. (1980), "Burden Sharing, Strategy,
       and the Design of NATO" (``sandler1980burden``).
    .. [3] Bergstrom, T., Blume, L. and Varian, H. (1986), "On the private
       provision of public goods" (``bergstrom1986private``).

    Examples
    --------
    Two identical allies and a pure public good share the burden equally:

    >>> eq = equilibrium([1.0, 1.0], [0.1, 0.1], beta=1.0)
    >>> [round(float(x), 6) for x in eq.q]
    [0.052632, 0.052632]

    A floor of 8 % of GDP binds for both:

    >>> eq = equilibrium([1.0, 1.0], [0.1, 0.1], beta=1.0, floor=0.08)
    >>> eq.at_floor.tolist(), round(float(eq.burden_pct[0]), 2)
    ([True, True], 8.0)
    """
    Y, a, beta, G, floor, names = _check(Y, a, beta, G, floor, names)
    n = len(Y)
    Yl, al, bl = Y.tolist(), a.tolist(), beta.tolist()
    lo = (floor * Y).tolist()
    # Start from the floors (or a small positive guess where no floor binds).
    q = [max(lo[i], 0.5 * al[i] * Yl[i]) for i in range(n)]
    total = sum(q)
    tol = TOL * max(Yl)

    def best(i: int, total: float) -> float:
        others = total - q[i] + G
        return max(lo[i], al[i] * Yl[i] - (1.0 - al[i]) * bl[i] * others)

    sweeps = 0
    converged = False
    while sweeps < MAX_SWEEPS:
        sweeps += 1
        change = 0.0
        for i in range(n):
            new = (1.0 - DAMPING) * q[i] + DAMPING * best(i, total)
            d = new - q[i]
            if abs(d) > change:
                change = abs(d)
            total += d
            q[i] = new
        if change <= tol:
            converged = True
            break
    if not converged:
        raise ValueError(
            f"equilibrium did not converge in {MAX_SWEEPS} sweeps (last change {change:.3g}); "
            "check that beta, a and floor are in range, or use fewer allies."
        )
    for i in range(n):  # final undamped sweep: every player exactly on its best response
        new = best(i, total)
        total += new - q[i]
        q[i] = new
    return AllianceEquilibrium(
        names=names, Y=_frozen(Y), a=_frozen(a), beta=_frozen(beta), G=G,
        floor=_frozen(floor), q=_frozen(q), sweeps=sweeps,
    )


def closed_form_equilibrium(Y, a, beta, G=0.0, names=None) -> AllianceEquilibrium:
    """Exact equilibrium for a common ``beta`` and no floors.

    Allies are sorted by ``t_i = a_i Y_i / ((1 - a_i) beta)``, the level of
    total security above which ally ``i`` stops contributing. For each
    candidate set ``C`` of the top ``m`` allies (``m = 0, 1, ...``), total
    security is

    .. math::

        Q = \\frac{G + \\sum_{i \\in C} a_i Y_i / d_i}
                 {1 + \\beta \\sum_{i \\in C} (1 - a_i) / d_i},
        \\qquad d_i = 1 - (1 - a_i) \\beta,

    and ``q_i = (a_i Y_i - (1 - a_i) beta Q) / d_i`` for ``i`` in ``C``. The
    first set for which every member contributes and no outsider wants to is
    the equilibrium.

    Parameters
    ----------
    Y : array_like
        GDP of each ally (> 0).
    a : array_like
        Security weight of each ally, ``0 <= a < 1``.
    beta : float
        Common publicness, ``0 <= beta <= 1``.
    G : float, default 0.0
        Exogenous US contribution (>= 0).
    names : sequence of str, optional
        Labels of the allies.

    Returns
    -------
    AllianceEquilibrium
        With ``floor`` all zero and ``sweeps == 0``.

    Raises
    ------
    ValueError
        On invalid input or if ``beta`` differs between allies.

    References
    ----------
    .. [1] Bergstrom, T., Blume, L. and Varian, H. (1986), "On the private
       provision of public goods" (``bergstrom1986private``).
    .. [2] Olson, M. and Zeckhauser, R. (1966), "An Economic Theory of
       Alliances" (``olson1966economic``).

    Examples
    --------
    With a pure public good the smaller ally free-rides completely:

    >>> eq = closed_form_equilibrium([3.0, 1.0], [0.1, 0.1], beta=1.0)
    >>> [round(float(x), 6) for x in eq.q], eq.free_riders.tolist()
    ([0.3, 0.0], [False, True])
    """
    Y, a, beta_v, G, _, names = _check(Y, a, beta, G, 0.0, names)
    if not np.allclose(beta_v, beta_v[0], rtol=0, atol=0):
        raise ValueError("closed_form_equilibrium needs one common beta; use equilibrium() for per-ally beta.")
    b = float(beta_v[0])
    n = len(Y)
    if b == 0.0:  # nobody is protected by anybody else: each ally is on its own
        q = a * Y
    else:
        d = 1.0 - (1.0 - a) * b
        t = a * Y / (1.0 - a)  # same order as a Y / ((1 - a) beta) for a common beta
        order = [i for i in np.argsort(-t, kind="stable") if a[i] > 0]
        q = None
        for m in range(len(order) + 1):
            C = np.array(order[:m], dtype=int)
            num = G + np.sum(a[C] * Y[C] / d[C])
            den = 1.0 + b * np.sum((1.0 - a[C]) / d[C])
            Q = num / den
            qc = (a[C] * Y[C] - (1.0 - a[C]) * b * Q) / d[C]
            out = np.setdiff1d(np.arange(n), C)
            if np.all(qc > 0) and np.all(a[out] * Y[out] <= (1.0 - a[out]) * b * Q * (1 + 1e-12)):
                q = np.zeros(n)
                q[C] = qc
                break
        if q is None:  # cannot happen for valid input; guard against silent errors
            raise ValueError("closed_form_equilibrium found no consistent contributor set; check the inputs.")
    return AllianceEquilibrium(
        names=names, Y=_frozen(Y), a=_frozen(a), beta=_frozen(beta_v), G=G,
        floor=_frozen(np.zeros(n)), q=_frozen(q), sweeps=0,
    )


def calibrate_weights(Y, q_obs, beta0, G0) -> np.ndarray:
    """Security weights that make observed spending an equilibrium.

    "Revealed preference": given observed spending ``q_obs``, a baseline
    publicness ``beta0`` and US contribution ``G0``, choose

    .. math::

        a_i = \\frac{q_i + \\beta_{0,i} (Q_{-i} + G_0)}{Y_i + \\beta_{0,i} (Q_{-i} + G_0)},

    so that every ally's observed ``q_i`` is its interior best response. With
    these weights :func:`equilibrium` at ``(beta0, G0)`` and no floors returns
    ``q_obs``.

    Parameters
    ----------
    Y : array_like
        GDP of each ally (> 0).
    q_obs : array_like
        Observed defence spending, ``0 <= q_obs < Y`` (unit of ``Y``).
    beta0 : float or array_like
        Baseline publicness, ``0 <= beta0 <= 1``.
    G0 : float
        Baseline US contribution (>= 0).

    Returns
    -------
    numpy.ndarray
        The weights ``a`` (each in ``[0, 1)``).

    Raises
    ------
    ValueError
        On invalid input.

    References
    ----------
    .. [1] Sandler, T. and Forbes, J. F. (1980), "Burden Sharing, Strategy,
       and the Design of NATO" (``sandler1980burden``).

    Examples
    --------
    >>> a = calibrate_weights([2.0, 1.0], [0.04, 0.03], beta0=0.5, G0=0.1)
    >>> eq = equilibrium([2.0, 1.0], a, beta=0.5, G=0.1)
    >>> [round(float(x), 9) for x in eq.q]
    [0.04, 0.03]
    """
    Y, _, beta, G0, _, _ = _check(Y, 0.0, beta0, G0)
    q = _vector("q_obs", q_obs, len(Y))
    if np.any(q < 0) or np.any(q >= Y):
        raise ValueError("q_obs (observed spending) must satisfy 0 <= q_obs < Y for every ally.")
    spill = beta * (q.sum() - q + G0)
    return (q + spill) / (Y + spill)


def offset_ratio(Y, a, beta, G_from, G_to, floor=0.0) -> float:
    """Share of a US cut that the allies make up.

    Parameters
    ----------
    Y, a, beta, floor
        As in :func:`equilibrium`.
    G_from, G_to : float
        US contribution before and after the change (both >= 0, different).

    Returns
    -------
    float
        ``(allied spending at G_to - allied spending at G_from) / (G_from - G_to)``.
        Below 1 means the allies offset only part of a US withdrawal, so total
        security falls.

    Raises
    ------
    ValueError
        On invalid input or if ``G_from == G_to``.

    References
    ----------
    .. [1] Bergstrom, T., Blume, L. and Varian, H. (1986), "On the private
       provision of public goods" (``bergstrom1986private``).

    Examples
    --------
    Two identical allies (``a = 0.1``) and a pure public good: the allies make
    up 18/19 of a US cut, since ``dQ/dG = 1 / (1 + 2 * 0.9 / 0.1) = 1/19``:

    >>> round(offset_ratio([1.0, 1.0], [0.1, 0.1], 1.0, G_from=0.05, G_to=0.0), 4)
    0.9474
    """
    for nm, v in (("G_from", G_from), ("G_to", G_to)):
        try:
            fv = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{nm} must be a single number >= 0.") from None
        if not np.isfinite(fv) or fv < 0:
            raise ValueError(f"{nm} must be a finite number >= 0.")
    if float(G_from) == float(G_to):
        raise ValueError("G_from and G_to are equal: the offset ratio needs a change in G.")
    before = equilibrium(Y, a, beta, G=G_from, floor=floor)
    after = equilibrium(Y, a, beta, G=G_to, floor=floor)
    return offset_between(before, after)


def offset_between(before, after) -> float:
    """The offset ratio between two solved equilibria: allied increase per unit of US cut.

    The one definition of the ratio; :func:`offset_ratio` solves the two equilibria and calls
    this, and an explorer that has both already solved calls it directly.

    Parameters
    ----------
    before, after : AllianceEquilibrium
        The equilibria at the old and the new US contribution.

    Returns
    -------
    float
        ``(after.allied_total - before.allied_total) / (before.G - after.G)``.

    Raises
    ------
    ValueError
        If the two have the same US contribution.

    Examples
    --------
    >>> b = equilibrium([1.0, 1.0], [0.1, 0.1], 1.0, G=0.05)
    >>> a = equilibrium([1.0, 1.0], [0.1, 0.1], 1.0, G=0.0)
    >>> round(offset_between(b, a), 4)
    0.9474
    """
    if float(before.G) == float(after.G):
        raise ValueError("the two equilibria have the same G: the offset ratio needs a change in G.")
    return (after.allied_total - before.allied_total) / (float(before.G) - float(after.G))


# --------------------------------------------------------------------------- #
# Calibration to NATO data                                                     #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class NatoCalibration:
    """Model 1A calibrated to NATO's June 2024 tables.

    Attributes
    ----------
    names, iso3 : tuple of str
        Country names and ISO3 codes of the players.
    Y : numpy.ndarray
        GDP, current US$ trillion.
    q_obs : numpy.ndarray
        Defence spending, US$ trillion (share of GDP x current GDP).
    a : numpy.ndarray
        Calibrated security weights.
    beta0 : float
        Baseline publicness of the European allies.
    G0 : float
        Baseline US contribution (illustrative; 0 in strategic-US mode).
    year : int
        Data year.
    note : str
        Which data, and what is illustrative.
    beta : numpy.ndarray
        Baseline publicness per player (``beta0`` for allies, ``beta_us`` for
        the US in strategic-US mode).
    strategic_us : bool
        Whether the US is a player (then ``G0 == 0``).
    """

    names: tuple
    iso3: tuple
    Y: np.ndarray
    q_obs: np.ndarray
    a: np.ndarray
    beta0: float
    G0: float
    year: int
    note: str
    beta: np.ndarray = field(default=None)
    strategic_us: bool = False

    def baseline(self) -> AllianceEquilibrium:
        """Equilibrium at the baseline (reproduces ``q_obs``)."""
        return equilibrium(self.Y, self.a, self.beta, G=self.G0, names=self.names)


def nato_calibration(year=2024, iso3=("DEU", "FRA", "GBR", "ITA", "ESP", "POL", "NLD"),
                     beta0=0.5, G0=0.3, *, strategic_us=False, beta_us=0.15,
                     nato=None) -> NatoCalibration:
    """Calibrate Model 1A to NATO data (revealed preference).

    Data: NATO, *Defence Expenditure of NATO Countries (2014-2024)*, June 2024
    tables, via ``load("nato_spending")``. ``Y`` is GDP in **current** US$
    (Table 5, converted from US$ million to US$ trillion); spending is
    ``defence_share_gdp / 100 * Y``, where NATO's share is computed on **real**
    (constant 2015) GDP (Table 3). Mixing the two is deliberate and consistent:
    spending is always the share times current GDP, so burdens in the model
    equal NATO's published shares. Figures for 2023 and 2024 are NATO
    estimates (2023e, 2024e), which NATO later revised.

    ``G0`` is an **illustrative** teaching value: no verified split of US
    defence spending by theatre exists.

    Parameters
    ----------
    year : int, default 2024
        Data year (2014-2024).
    iso3 : sequence of str
        Allies to include (ISO3 codes as in the NATO data).
    beta0 : float, default 0.5
        Baseline publicness of the allies (illustrative).
    G0 : float, default 0.3
        Baseline US contribution in US$ trillion (illustrative). Ignored (set
        to 0) when ``strategic_us`` is True.
    strategic_us : bool, default False
        Put the US in the game as a player (first position) with publicness
        ``beta_us`` and its own NATO data, instead of an exogenous ``G``.
    beta_us : float, default 0.15
        Publicness for the US in strategic-US mode (illustrative).
    nato : pandas.DataFrame, optional
        The ``nato_spending`` table; loaded with ``widgets.data.load`` when
        omitted.

    Returns
    -------
    NatoCalibration

    Raises
    ------
    ValueError
        If a country or year is missing from the data or a parameter is out
        of range.

    References
    ----------
    .. [1] Olson, M. and Zeckhauser, R. (1966), "An Economic Theory of
       Alliances" (``olson1966economic``).
    .. [2] Sandler, T. and Forbes, J. F. (1980) (``sandler1980burden``).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = [("AAA", "Aland", "gdp_usd_current", 2_000_000.0),
    ...         ("AAA", "Aland", "defence_share_gdp", 2.0),
    ...         ("BBB", "Bland", "gdp_usd_current", 1_000_000.0),
    ...         ("BBB", "Bland", "defence_share_gdp", 3.0)]
    >>> df = pd.DataFrame(rows, columns=["iso3", "country", "indicator", "value"]).assign(year=2024)
    >>> cal = nato_calibration(2024, ("AAA", "BBB"), beta0=0.5, G0=0.1, nato=df)
    >>> [round(float(x), 6) for x in cal.baseline().q]
    [0.04, 0.03]
    """
    codes = tuple(str(c) for c in iso3)
    if len(codes) < 1:
        raise ValueError("iso3 is empty: name at least one ally.")
    if len(set(codes)) != len(codes):
        raise ValueError("iso3 lists a country twice; give each ally once.")
    if strategic_us:
        if "USA" in codes:
            raise ValueError("iso3 already contains USA; with strategic_us=True the US is added automatically.")
        codes = ("USA",) + codes
        G0 = 0.0
    if nato is None:
        from widgets.data import load  # only file access: through the data layer
        nato = load("nato_spending")
    from widgets.chapter import estimate_years, year_label
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValueError("year must be an integer such as 2024.") from None
    sub = nato[(nato["year"] == year) & nato["iso3"].isin(codes)
               & nato["indicator"].isin(["gdp_usd_current", "defence_share_gdp"])]
    wide = sub.pivot_table(index="iso3", columns="indicator", values="value", aggfunc="first")
    missing = [c for c in codes
               if c not in wide.index
               or any(_isna(wide.loc[c].get(k)) for k in ("gdp_usd_current", "defence_share_gdp"))]
    if missing:
        raise ValueError(
            f"nato_spending has no GDP (current US$) or defence share of GDP for {', '.join(missing)} "
            f"in {year}; choose allies and a year (2014-2024) that the NATO tables cover."
        )
    names_map = sub.drop_duplicates("iso3").set_index("iso3")["country"]
    Y = np.array([wide.loc[c, "gdp_usd_current"] for c in codes], dtype=float) / 1e6
    share = np.array([wide.loc[c, "defence_share_gdp"] for c in codes], dtype=float) / 100.0
    q = share * Y
    beta = np.full(len(codes), float(beta0))
    if strategic_us:
        beta[0] = float(beta_us)
    a = calibrate_weights(Y, q, beta, G0)
    note = (
        f"Calibrated to NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024 tables, "
        f"year {year_label(year, estimate_years(sub) if 'estimate' in sub else False)}: "
        f"GDP in current US$ (Table 5), "
        f"spending = defence share of real GDP (Table 3) x current GDP. "
        + ("The US is a strategic player (G = 0); its publicness beta_us = "
           f"{float(beta_us):g} and the allies' publicness beta0 = {float(beta0):g} "
           if strategic_us else
           f"The US contribution G0 = {G0:g} (US$ trillion) and the publicness beta0 = {float(beta0):g} ")
        + "are illustrative teaching values."
    )
    return NatoCalibration(
        names=tuple(str(names_map[c]) for c in codes), iso3=codes, Y=_frozen(Y), q_obs=_frozen(q),
        a=_frozen(a), beta0=float(beta0), G0=float(G0), year=year, note=note,
        beta=_frozen(beta), strategic_us=bool(strategic_us),
    )


def _isna(x) -> bool:
    """True for None or NaN (keeps this module free of a pandas import)."""
    return x is None or (isinstance(x, float) and np.isnan(x))
