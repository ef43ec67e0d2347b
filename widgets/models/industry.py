"""Defence-industrial models for Chapter 4: learning curves, fragmentation, ramp-up.

Two teaching models, both built for this course (not published models) from the
literature they cite. All default parameter values are illustrative teaching values,
not estimates.

Model 4A, fragmentation cost with learning curves
    A requirement of ``quantity`` units is produced on a learning curve: the x-th unit
    costs ``c1 * x**(-b)`` with ``b = -log2(learning_rate)`` (Wright 1936; Alchian 1963),
    so each doubling of cumulative output multiplies the unit cost by the learning rate.
    Splitting the requirement into ``k`` national programmes duplicates the development
    cost ``D`` and shortens every production run (Hartley 2008). A joint programme of
    ``k`` partners pays ``D * k**gamma`` for development (``gamma = 0.5`` is the
    conventional square-root rule of thumb that Ford 2022 criticises) and a work-share
    premium ``omega`` per extra partner on production spread over ``lines`` final-assembly
    lines. Every production cost is an exact sum over units; long runs use the
    Euler-Maclaurin form of the Hurwitz-zeta difference, which equals the sum to
    double precision, so runs of millions of units stay fast.

Model 4B, demand aggregation and ramp-up lag
    A producer adds a block of capacity (fixed cost ``F``, ``kappa`` units a year) only if
    one contract's margin over its length pays for it:
    ``margin * min(order, kappa) * years >= F`` (and ``n`` blocks for one contract only
    if ``margin * min(order, n*kappa) * years >= n*F``). Capacity arrives after a lag. Splitting
    one yearly need across ``k`` buyers' separate contracts shrinks each order, so no
    contract may cross the threshold even when the combined need would.

Units: costs are in units of the first unit's recurring cost ``c1`` (1 by default);
development cost ``D`` is given in the same unit.
"""
from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
import pandas as pd

__all__ = [
    "learning_exponent",
    "unit_cost",
    "run_cost",
    "split_runs",
    "national_cost",
    "joint_cost",
    "fragmentation",
    "breakeven_omega",
    "breakeven_gamma",
    "contract_threshold",
    "invests",
    "capacity_blocks",
    "ramp_up",
    "synthetic_cost_series",
]

# Runs up to this length are summed term by term (vectorised); longer runs add the
# Euler-Maclaurin tail to an exact head of _HEAD terms.
_EXACT_MAX = 4096
_HEAD = 64
# Bernoulli numbers B2, B4, B6, B8 over (2j)!, for the Euler-Maclaurin correction terms.
_EM = (1.0 / 12.0, -1.0 / 720.0, 1.0 / 30240.0, -1.0 / 1209600.0)


# --------------------------------------------------------------------------- #
# Checks                                                                       #
# --------------------------------------------------------------------------- #
def _real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number, got {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}.")
    return value


def _check_learning_rate(learning_rate) -> float:
    lr = _real("learning_rate", learning_rate)
    if not 0.0 < lr <= 1.0:
        raise ValueError(
            f"learning_rate must be in (0, 1] (1 = no learning, 0.85 = an 85 % curve), got {lr!r}."
        )
    return lr


def _count(name: str, value, low: int, high: int | None = None, what: str = "") -> int:
    """A whole number in [low, high]; floats with an integral value are accepted."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, got {value!r}.")
    if isinstance(value, (Integral, np.integer)):
        n = int(value)
    elif isinstance(value, (Real, np.floating)) and math.isfinite(float(value)) and float(value).is_integer():
        n = int(value)
    else:
        raise ValueError(f"{name} must be a whole number{what}, got {value!r}.")
    rng = f"[{low}, {high}]" if high is not None else f">= {low}"
    if n < low or (high is not None and n > high):
        raise ValueError(f"{name} must be a whole number in {rng}{what}, got {value!r}.")
    return n


def _nonneg(name: str, value, high: float | None = None) -> float:
    v = _real(name, value)
    if v < 0 or (high is not None and v > high):
        rng = f"[0, {high:g}]" if high is not None else ">= 0"
        raise ValueError(f"{name} must be in {rng}, got {value!r}.")
    return v


def _positive(name: str, value) -> float:
    v = _real(name, value)
    if v <= 0:
        raise ValueError(f"{name} must be positive (> 0), got {value!r}.")
    return v


# --------------------------------------------------------------------------- #
# Learning curve                                                               #
# --------------------------------------------------------------------------- #
def learning_exponent(learning_rate: float) -> float:
    """Exponent ``b`` of the learning curve ``c(x) = c1 * x**(-b)``.

    Parameters
    ----------
    learning_rate : float
        Progress ratio in (0, 1]: the factor by which unit cost falls each time
        cumulative output doubles (0.8 = an "80 % curve"; 1 = no learning).

    Returns
    -------
    float
        ``b = -log2(learning_rate)`` (0 when ``learning_rate`` is 1).

    Raises
    ------
    ValueError
        If ``learning_rate`` is outside (0, 1].

    References
    ----------
    wright1936factors

    Examples
    --------
    >>> round(learning_exponent(0.8), 4)
    0.3219
    >>> learning_exponent(1.0)
    0.0
    """
    lr = _check_learning_rate(learning_rate)
    return 0.0 if lr == 1.0 else -math.log2(lr)


def unit_cost(x, learning_rate: float, first_unit_cost: float = 1.0):
    """Recurring cost of the x-th unit on a learning curve.

    Parameters
    ----------
    x : int or array of int
        Position of the unit in the production run (1 = first unit), ``>= 1``.
    learning_rate : float
        Progress ratio in (0, 1].
    first_unit_cost : float, default 1
        Cost ``c1`` of the first unit, positive.

    Returns
    -------
    float or numpy.ndarray
        ``c1 * x**(-b)``, ``b = -log2(learning_rate)``.

    Raises
    ------
    ValueError
        If ``x < 1``, ``learning_rate`` is outside (0, 1] or ``first_unit_cost <= 0``.

    References
    ----------
    wright1936factors, alchian1963reliability

    Examples
    --------
    >>> round(unit_cost(2, 0.85), 6)
    0.85
    >>> round(unit_cost(4, 0.85), 4)
    0.7225
    """
    b = learning_exponent(learning_rate)
    c1 = _positive("first_unit_cost", first_unit_cost)
    arr = np.asarray(x, dtype=float)
    if arr.size and (not np.all(np.isfinite(arr)) or np.any(arr < 1)):
        raise ValueError(f"x must be a unit position >= 1, got {x!r}.")
    out = c1 * arr ** (-b)
    return float(out) if out.ndim == 0 else out


def _power_sum(m: int, b: float) -> float:
    """sum_{x=1}^{m} x**(-b) for a whole m >= 0 and 0 <= b (exact to double precision)."""
    if m <= 0:
        return 0.0
    if b == 0.0:
        return float(m)
    if m <= _EXACT_MAX:
        x = np.arange(1, m + 1, dtype=float)
        # Summing the small terms first keeps the rounding error at a few ulps.
        return float(np.sum((x ** (-b))[::-1]))
    # Exact head, then the Euler-Maclaurin form of zeta(b, N) - zeta(b, m+1) for the tail
    # sum_{x=N}^{m} x**(-b): integral + mean of end terms + Bernoulli corrections.
    n = _HEAD
    head = float(np.sum((np.arange(1, n, dtype=float) ** (-b))[::-1]))
    mf, nf = float(m), float(n)
    if abs(b - 1.0) < 1e-12:
        integral = math.log(mf / nf)
    else:
        integral = (mf ** (1.0 - b) - nf ** (1.0 - b)) / (1.0 - b)
    tail = integral + 0.5 * (mf ** (-b) + nf ** (-b))
    # f^(2j-1)(x) = (-1)^(2j-1) * b(b+1)...(b+2j-2) * x**(-b-2j+1)
    rising = b
    for j, coef in enumerate(_EM, start=1):
        order = 2 * j - 1
        deriv_m = -rising * mf ** (-b - order)
        deriv_n = -rising * nf ** (-b - order)
        tail += coef * (deriv_m - deriv_n)
        rising *= (b + order) * (b + order + 1)
    return head + tail


def run_cost(units, learning_rate: float, first_unit_cost: float = 1.0):
    """Recurring cost of a production run of ``units`` units: the exact learning-curve sum.

    Parameters
    ----------
    units : int or array of int
        Length of the run, a whole number ``>= 0`` (0 costs nothing).
    learning_rate : float
        Progress ratio in (0, 1].
    first_unit_cost : float, default 1
        Cost ``c1`` of the first unit, positive.

    Returns
    -------
    float or numpy.ndarray
        ``c1 * sum_{x=1}^{units} x**(-b)``. Runs longer than 4,096 units use the
        Euler-Maclaurin form of the Hurwitz-zeta difference ``zeta(b,1) - zeta(b,units+1)``,
        equal to the term-by-term sum within about 1e-13 relative error, so the cost of a
        very long run takes microseconds.

    Raises
    ------
    ValueError
        If ``units`` is negative or not whole, or the other parameters are out of range.

    References
    ----------
    wright1936factors, alchian1963reliability

    Examples
    --------
    >>> run_cost(3, 1.0)
    3.0
    >>> round(run_cost(2, 0.85), 6)
    1.85
    """
    b = learning_exponent(learning_rate)
    c1 = _positive("first_unit_cost", first_unit_cost)
    arr = np.asarray(units)
    if arr.ndim == 0:
        m = _count("units", units, 0, what=" of units")
        return c1 * _power_sum(m, b)
    flat = [_count("units", v, 0, what=" of units") for v in arr.ravel().tolist()]
    return c1 * np.array([_power_sum(m, b) for m in flat], dtype=float).reshape(arr.shape)


def split_runs(quantity, parts) -> np.ndarray:
    """Split ``quantity`` whole units into ``parts`` runs as equal as possible.

    Parameters
    ----------
    quantity : int
        Total units, a whole number ``>= 1``.
    parts : int
        Number of runs, a whole number ``>= 1``.

    Returns
    -------
    numpy.ndarray of int
        ``parts`` run lengths that differ by at most one and add up to ``quantity``
        (the longer runs first).

    Raises
    ------
    ValueError
        If ``quantity`` is not a positive whole number or ``parts < 1``.

    Examples
    --------
    >>> split_runs(480, 4).tolist()
    [120, 120, 120, 120]
    >>> split_runs(10, 3).tolist()
    [4, 3, 3]
    """
    q = _count("quantity", quantity, 1, what=" (positive units)")
    k = _count("parts", parts, 1)
    base, extra = divmod(q, k)
    return np.array([base + 1] * extra + [base] * (k - extra), dtype=int)


# --------------------------------------------------------------------------- #
# Model 4A                                                                     #
# --------------------------------------------------------------------------- #
def national_cost(quantity, k, development_cost: float, learning_rate: float,
                  first_unit_cost: float = 1.0) -> float:
    """Total cost when a requirement is split across ``k`` national programmes.

    Each programme pays the full development cost and produces its own share of the
    requirement on its own learning curve:
    ``TC_nat = sum_j [D + C(run_j)]`` with equal runs (differing by at most one unit).

    Parameters
    ----------
    quantity : int
        The combined requirement Q, a positive whole number of units.
    k : int
        Number of national programmes, ``1 <= k <= quantity``.
    development_cost : float
        Non-recurring development cost D of one programme, ``>= 0``, in units of ``c1``.
    learning_rate : float
        Progress ratio in (0, 1].
    first_unit_cost : float, default 1
        First-unit recurring cost ``c1``, positive.

    Returns
    -------
    float
        Total cost in units of ``c1``.

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    References
    ----------
    hartley2008collaboration, wright1936factors

    Examples
    --------
    >>> round(national_cost(480, 1, 60, 0.85) / 480, 3)
    0.431
    """
    q = _count("quantity", quantity, 1, what=" (positive units)")
    n = _count("k", k, 1, q, what=" of national programmes (at most the quantity)")
    d = _nonneg("development_cost", development_cost)
    runs = split_runs(q, n)
    return float(n * d + np.sum(run_cost(runs, learning_rate, first_unit_cost)))


def joint_cost(quantity, partners, development_cost: float, learning_rate: float,
               gamma: float = 0.5, omega: float = 0.02, lines=1,
               first_unit_cost: float = 1.0) -> float:
    """Total cost of one joint programme shared by ``partners`` states.

    ``TC_joint = D * k**gamma + (1 + omega * (k - 1)) * sum_l C(run_l)`` where the
    requirement is produced on ``lines`` final-assembly lines with equal runs.

    Parameters
    ----------
    quantity : int
        The combined requirement Q, a positive whole number of units.
    partners : int
        Number of partner states k, ``>= 1``.
    development_cost : float
        Development cost D of one national design, ``>= 0``, in units of ``c1``.
    learning_rate : float
        Progress ratio in (0, 1].
    gamma : float, default 0.5
        Development-cost exponent in [0, 1]: 0 = one design shared at no extra cost,
        0.5 = the square-root rule of thumb, 1 = no saving on development at all.
    omega : float, default 0.02
        Work-share premium per extra partner on production cost, in [0, 1].
    lines : int, default 1
        Final-assembly lines, a whole number in [1, partners] (and at most Q).
    first_unit_cost : float, default 1
        First-unit recurring cost ``c1``, positive.

    Returns
    -------
    float
        Total cost in units of ``c1``.

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    References
    ----------
    hartley2008collaboration, hartley2014collaborative, ford2022myth

    Examples
    --------
    >>> round(joint_cost(480, 4, 60, 0.85, gamma=0.5, omega=0.02, lines=1) / 480, 3)
    0.574
    """
    q = _count("quantity", quantity, 1, what=" (positive units)")
    k = _count("partners", partners, 1, what=" of partner states")
    d = _nonneg("development_cost", development_cost)
    g = _nonneg("gamma", gamma, 1.0)
    w = _nonneg("omega", omega, 1.0)
    n_lines = _count("lines", lines, 1, min(k, q), what=" of final-assembly lines (at most the partners)")
    runs = split_runs(q, n_lines)
    production = float(np.sum(run_cost(runs, learning_rate, first_unit_cost)))
    return float(d * k ** g + production * (1.0 + w * (k - 1)))


def fragmentation(quantity=480, k=4, development_cost=60.0, learning_rate=0.85,
                  gamma=0.5, omega=0.02, lines=1, first_unit_cost=1.0) -> dict:
    """Model 4A in one call: national programmes against one joint programme.

    Parameters
    ----------
    quantity, k, development_cost, learning_rate, first_unit_cost
        As in :func:`national_cost` (``k`` is also the number of partners of the joint
        programme). Defaults are the chapter's illustrative values.
    gamma, omega, lines
        As in :func:`joint_cost`.

    Returns
    -------
    dict
        ``national_total``, ``national_average`` (per unit), ``single_total`` and
        ``single_average`` (one programme buying everything, k = 1), ``joint_total``,
        ``joint_average``, ``penalty`` (``national_total / single_total``, at least 1),
        ``joint_saving`` (share of the national total a joint programme saves; negative
        when it costs more), ``development_share`` (share of the national total that is
        development cost) and ``b`` (the learning exponent).

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    References
    ----------
    wright1936factors, hartley2008collaboration, hartley2014collaborative, ford2022myth

    Examples
    --------
    >>> r = fragmentation(480, 4, 60, 0.85)
    >>> round(r["national_average"], 3), round(r["joint_average"], 3)
    (0.92, 0.574)
    """
    nat = national_cost(quantity, k, development_cost, learning_rate, first_unit_cost)
    single = national_cost(quantity, 1, development_cost, learning_rate, first_unit_cost)
    joint = joint_cost(quantity, k, development_cost, learning_rate, gamma, omega, lines,
                       first_unit_cost)
    q = int(quantity)
    n = int(k)
    return {
        "national_total": nat,
        "national_average": nat / q,
        "single_total": single,
        "single_average": single / q,
        "joint_total": joint,
        "joint_average": joint / q,
        "penalty": nat / single,
        "joint_saving": 1.0 - joint / nat,
        "development_share": n * float(development_cost) / nat if nat > 0 else 0.0,
        "b": learning_exponent(learning_rate),
    }


def breakeven_omega(quantity, partners, development_cost: float, learning_rate: float,
                    gamma: float = 0.5, lines=1, first_unit_cost: float = 1.0) -> float:
    """Work-share premium ω at which a joint programme costs as much as national ones.

    Solves ``joint_cost(..., omega) == national_cost(quantity, partners, ...)`` for
    ``omega`` (the joint cost is linear in ``omega``). A joint programme is cheaper for
    every ``omega`` below the result.

    Parameters
    ----------
    quantity, partners, development_cost, learning_rate, gamma, lines, first_unit_cost
        As in :func:`joint_cost`; ``partners`` must be at least 2.

    Returns
    -------
    float
        The break-even ``omega``; negative when the joint programme costs more even with
        no premium (possible with several lines and ``gamma`` near 1). Not clipped to
        the slider range.

    Raises
    ------
    ValueError
        If ``partners < 2`` (with one partner ω multiplies nothing) or another parameter
        is out of range.

    References
    ----------
    hartley2008collaboration

    Examples
    --------
    >>> w = breakeven_omega(480, 4, 60, 0.85)
    >>> round(joint_cost(480, 4, 60, 0.85, omega=w) - national_cost(480, 4, 60, 0.85), 9)
    0.0
    """
    k = _count("partners", partners, 2, what=" of partner states (a break-even needs two or more)")
    nat = national_cost(quantity, k, development_cost, learning_rate, first_unit_cost)
    base = joint_cost(quantity, k, development_cost, learning_rate, gamma, 0.0, lines, first_unit_cost)
    production = base - float(development_cost) * k ** float(gamma)
    return (nat - base) / (production * (k - 1))


def breakeven_gamma(quantity, partners, development_cost: float, learning_rate: float,
                    omega: float = 0.02, lines=1, first_unit_cost: float = 1.0) -> float:
    """Development-cost exponent γ at which a joint programme costs as much as national ones.

    Solves ``D * k**gamma = TC_nat - (1 + omega*(k-1)) * production`` for ``gamma``.

    Parameters
    ----------
    quantity, partners, development_cost, learning_rate, omega, lines, first_unit_cost
        As in :func:`joint_cost`; ``partners >= 2`` and ``development_cost > 0``.

    Returns
    -------
    float
        The break-even ``gamma`` (the joint programme is cheaper for any smaller γ);
        ``-inf`` when it is dearer whatever the development saving. Not clipped to [0, 1].

    Raises
    ------
    ValueError
        If ``partners < 2``, ``development_cost <= 0`` or another parameter is out of range.

    References
    ----------
    hartley2008collaboration, ford2022myth

    Examples
    --------
    >>> breakeven_gamma(480, 4, 60, 0.85) > 1   # cheaper even with no development saving
    True
    >>> g = breakeven_gamma(480, 4, 60, 0.85, omega=0.05, lines=4)
    >>> round(g, 3)
    0.903
    >>> round(joint_cost(480, 4, 60, 0.85, gamma=g, omega=0.05, lines=4)
    ...       - national_cost(480, 4, 60, 0.85), 9)
    0.0
    """
    k = _count("partners", partners, 2, what=" of partner states (a break-even needs two or more)")
    d = _positive("development_cost", development_cost)
    nat = national_cost(quantity, k, d, learning_rate, first_unit_cost)
    no_dev = joint_cost(quantity, k, 0.0, learning_rate, 0.0, omega, lines, first_unit_cost)
    room = nat - no_dev
    if room <= 0:
        return -math.inf
    return math.log(room / d) / math.log(k)


# --------------------------------------------------------------------------- #
# Model 4B                                                                     #
# --------------------------------------------------------------------------- #
def contract_threshold(order_per_year: float, margin: float = 0.2, fixed_cost: float = 30.0,
                       block_capacity: float = 40.0) -> float:
    """Contract length (years) from which one order pays for a capacity block.

    The block is worth building iff ``margin * min(order, kappa) * years >= F``, so the
    threshold is ``F / (margin * min(order, kappa))``.

    Parameters
    ----------
    order_per_year : float
        Units a year in one contract, positive.
    margin : float, default 0.2
        Producer's margin per unit, positive (illustrative).
    fixed_cost : float, default 30
        Fixed cost F of one capacity block, ``>= 0`` (illustrative).
    block_capacity : float, default 40
        Units a year one block can make (kappa), positive (illustrative).

    Returns
    -------
    float
        The threshold contract length in years (may be fractional).

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    Examples
    --------
    >>> contract_threshold(100)   # one buyer ordering the whole 100 a year
    3.75
    >>> contract_threshold(20)    # one of five buyers
    7.5
    """
    q = _positive("order_per_year", order_per_year)
    m = _positive("margin", margin)
    f = _nonneg("fixed_cost", fixed_cost)
    kappa = _positive("block_capacity", block_capacity)
    return f / (m * min(q, kappa))


def invests(order_per_year: float, contract_years: float, margin: float = 0.2,
            fixed_cost: float = 30.0, block_capacity: float = 40.0) -> bool:
    """Whether one contract triggers a capacity block: ``m*min(q, kappa)*H >= F``.

    Parameters
    ----------
    order_per_year : float
        Units a year in the contract, positive.
    contract_years : float
        Contract length H in years, positive.
    margin, fixed_cost, block_capacity
        As in :func:`contract_threshold`.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    Examples
    --------
    >>> invests(100, 4), invests(100, 3), invests(20, 5)
    (True, False, False)
    """
    h = _positive("contract_years", contract_years)
    q = _positive("order_per_year", order_per_year)
    m = _positive("margin", margin)
    f = _nonneg("fixed_cost", fixed_cost)
    kappa = _positive("block_capacity", block_capacity)
    # Compared with a relative slack so that 0.2 * 40 * 3.75 == 30 counts (floating point).
    return m * min(q, kappa) * h >= f * (1.0 - 1e-12)


def capacity_blocks(annual_need: float = 100.0, buyers=5, contract_years: float = 1.0,
                    margin: float = 0.2, fixed_cost: float = 30.0, block_capacity: float = 40.0,
                    initial_capacity: float = 0.0) -> int:
    """Number of capacity blocks the producer adds for ``buyers`` separate contracts.

    The yearly need is split equally among ``buyers`` contracts of ``contract_years``
    years each. Existing capacity serves every buyer in proportion, so each contract
    brings ``order = (need - initial_capacity)/buyers`` units a year of unmet demand
    (never negative). For each contract the producer builds the largest number of
    blocks ``n`` whose fixed costs that contract's margin covers,
    ``margin * min(order, n*kappa) * H >= n*F``, but no more blocks than it takes to
    make the whole order (``n <= ceil(order/kappa)``). For ``n = 1`` this is the
    threshold of :func:`contract_threshold`. Contracts are never pooled: that is what
    separate national orders mean.

    Under this rule one aggregated contract never gets less capacity (up to its order)
    than the same need split into several contracts, for any parameter values: ``k``
    contracts that each pay for ``n`` blocks add up to one contract that pays for
    ``k*n`` blocks. (Adding blocks one at a time, each paid by the units it alone would
    make, breaks this: the last block of a large order is barely used, while two small
    orders each fill most of a block of their own.)

    Parameters
    ----------
    annual_need : float, default 100
        Combined units a year the buyers need, positive (illustrative).
    buyers : int, default 5
        Number of separate contracts, a whole number ``>= 1`` (1 = aggregated demand).
    contract_years : float, default 1
        Contract length H in years, positive.
    margin, fixed_cost, block_capacity
        As in :func:`contract_threshold`.
    initial_capacity : float, default 0
        Units a year the industry can already make, ``>= 0``.

    Returns
    -------
    int
        Blocks added (each of ``block_capacity`` units a year).

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    Examples
    --------
    >>> capacity_blocks(100, 1, 4), capacity_blocks(100, 5, 5), capacity_blocks(100, 5, 8)
    (2, 0, 5)
    """
    need = _positive("annual_need", annual_need)
    k = _count("buyers", buyers, 1, what=" of separate contracts")
    h = _positive("contract_years", contract_years)
    m = _positive("margin", margin)
    f = _nonneg("fixed_cost", fixed_cost)
    kappa = _positive("block_capacity", block_capacity)
    c0 = _nonneg("initial_capacity", initial_capacity)
    order = max(0.0, need - c0) / k
    if order <= 1e-12:
        return 0
    most = math.ceil(order / kappa - 1e-12)   # blocks needed to make the whole order
    per_contract = 0
    # The set of n that pay is 1..n_max (the margin is linear in n up to order/kappa,
    # then flat while the fixed cost keeps rising), so counting up finds n_max.
    for n in range(1, most + 1):
        if m * min(order, n * kappa) * h >= n * f * (1.0 - 1e-12):
            per_contract = n
        else:
            break
    return per_contract * k


def ramp_up(annual_need: float = 100.0, buyers=5, contract_years: float = 1.0, lag=3,
            margin: float = 0.2, fixed_cost: float = 30.0, block_capacity: float = 40.0,
            initial_capacity: float = 50.0, horizon=8) -> pd.DataFrame:
    """Model 4B's yearly path: capacity, deliveries and the cumulative share delivered.

    Blocks from :func:`capacity_blocks` are ordered in year 1 and start producing after
    ``lag`` years, i.e. from year ``lag + 1``. Each year the need is the same;
    deliveries are ``min(need, capacity)``.

    Parameters
    ----------
    annual_need, buyers, contract_years, margin, fixed_cost, block_capacity
        As in :func:`capacity_blocks`.
    lag : int, default 3
        Years before new capacity produces, a whole number in [0, horizon].
    initial_capacity : float, default 50
        Units a year the industry can already make, ``>= 0`` (illustrative: half the need).
    horizon : int, default 8
        Years shown, a whole number in [1, 50].

    Returns
    -------
    pandas.DataFrame
        One row per year (``year`` 1..horizon) with ``need``, ``capacity``,
        ``deliveries``, ``cumulative_need``, ``cumulative_deliveries`` and ``share``
        (cumulative deliveries over cumulative need, 0-1). ``attrs["blocks"]`` holds the
        number of blocks added and ``attrs["threshold_years"]`` the contract length from
        which one buyer's first block pays (``inf`` when there is no unmet demand).

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    Examples
    --------
    >>> path = ramp_up(buyers=1, contract_years=4, lag=2, initial_capacity=50, horizon=4)
    >>> path["deliveries"].tolist()
    [50.0, 50.0, 90.0, 90.0]
    """
    n_years = _count("horizon", horizon, 1, 50, what=" of years")
    delay = _count("lag", lag, 0, n_years, what=" of years (at most the horizon)")
    blocks = capacity_blocks(annual_need, buyers, contract_years, margin, fixed_cost,
                             block_capacity, initial_capacity)
    need = float(annual_need)
    c0 = float(initial_capacity)
    years = np.arange(1, n_years + 1)
    capacity = np.where(years > delay, c0 + blocks * float(block_capacity), c0)
    deliveries = np.minimum(need, capacity)
    frame = pd.DataFrame({
        "year": years,
        "need": np.full(n_years, need),
        "capacity": capacity.astype(float),
        "deliveries": deliveries.astype(float),
    })
    frame["cumulative_need"] = frame["need"].cumsum()
    frame["cumulative_deliveries"] = frame["deliveries"].cumsum()
    frame["share"] = frame["cumulative_deliveries"] / frame["cumulative_need"]
    order = max(0.0, need - c0) / int(buyers)
    frame.attrs["blocks"] = int(blocks)
    frame.attrs["threshold_years"] = (
        contract_threshold(order, margin, fixed_cost, block_capacity) if order > 0 else math.inf
    )
    return frame


def synthetic_cost_series(n_units=200, learning_rate: float = 0.8, noise: float = 0.05,
                          first_unit_cost: float = 100.0, seed=4):
    """A noisy unit-cost series on a known learning curve (for fitting exercises).

    Parameters
    ----------
    n_units : int, default 200
        Number of units, a whole number ``>= 2``.
    learning_rate : float, default 0.8
        True progress ratio in (0, 1].
    noise : float, default 0.05
        Standard deviation of the multiplicative log-normal noise, ``>= 0``.
    first_unit_cost : float, default 100
        Cost of the first unit before noise, positive.
    seed : int, default 4
        Seed of NumPy's random generator (the same seed gives the same series).

    Returns
    -------
    tuple of numpy.ndarray
        ``(units, costs)``: unit numbers 1..n_units and their noisy costs.

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it and its range).

    Examples
    --------
    >>> units, costs = synthetic_cost_series(noise=0.0)
    >>> round(float(costs[1] / costs[0]), 6)
    0.8
    """
    n = _count("n_units", n_units, 2)
    b = learning_exponent(learning_rate)
    sd = _nonneg("noise", noise)
    c1 = _positive("first_unit_cost", first_unit_cost)
    rng = np.random.default_rng(seed)
    units = np.arange(1, n + 1)
    costs = c1 * units.astype(float) ** (-b) * np.exp(rng.normal(0.0, sd, n))
    return units, costs
