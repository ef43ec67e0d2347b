"""Model 5: the policy lab, which chains the course's own models (Chapter 5).

A teaching construct of the course, not a published model. It re-implements none of the
models it chains; every step calls the tested function of an earlier chapter:

1. **Budgets.** Each of ``N_ALLIES`` identical allies spends the share ``g`` of its GDP
   (``gdp_per_ally``) on defence every year from 2026 to 2035, and the share ``e`` of that
   on equipment.
2. **Unit costs (Model 4A).** The collaborative share ``chi`` of equipment money buys at the
   joint-programme average unit cost, the rest at the cost of ``N_ALLIES`` national
   programmes (:func:`widgets.models.industry.fragmentation`), times ``unit_price``.
3. **Timing (Model 4B).** Orders are expressed as a yearly need in which 100 is the
   status-quo order book. The collaborative part is one aggregated contract of
   ``collab_contract_years`` years; the national part is ``N_ALLIES`` separate contracts of
   ``national_contract_years`` years; the existing capacity ``industrial_capacity`` is
   shared in proportion (:func:`widgets.models.industry.ramp_up`, called once for each
   part). Orders the industry cannot deliver in a year buy nothing before the horizon.
4. **Interoperability and enablers (Model 3A).** Standards adoption
   ``h = h0 + alpha_chi * chi + alpha_s * standards`` (capped at 1), combined training
   ``training`` and one weakest enabler of coverage ``own_enablers`` (plus ``us_enablers``
   when the United States is present; pooled logistics closes the share ``lambda_l`` of the
   remaining gap) give usable strength
   (:func:`widgets.models.cohesion.usable_units`) every year.
5. **Deterrence (Model 3B).** At the horizon the allies, with threat perceptions ``THETA``,
   join a collective response with the probabilities of Model 3B, compressed by shared
   intelligence ``psi``; deterrence holds when the coalition that shows up reaches the
   adversary's strength ``adversary`` (:func:`widgets.models.cohesion.deterrence_exact`).
6. **Leverage and cohesion (Model 2A).** Allied capability ``K_A`` is usable strength over
   the adversary's strength (so the adversary is ``T = 1``); the United States commits
   ``K_US = 1`` (0 after a drawdown); shared intelligence narrows the baseline divergence,
   ``delta0 = DELTA0 * (1 - psi)``, the same compression Model 3B applies to threat
   perceptions (:func:`widgets.models.trade_offs.trade_off`, :func:`~widgets.models.trade_offs.us_payoff`,
   :func:`~widgets.models.trade_offs.best_commitment`,
   :func:`~widgets.models.trade_offs.security_dilemma`).

Every coefficient in :data:`COEFFICIENTS` links two models or sets a scale. Each is an
illustrative teaching value with a range, not an estimate; the sensitivity analysis
(:func:`sensitivity`) varies each by a share of its default and reports whether a ranking
survives.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from . import cohesion, industry, trade_offs

__all__ = [
    "N_ALLIES",
    "THETA",
    "START_YEAR",
    "END_YEAR",
    "YEARS",
    "DELTA0",
    "US_COMMITMENT",
    "US_CREDIBILITY",
    "QUANTITY",
    "Coefficient",
    "COEFFICIENTS",
    "LEVERS",
    "PRESETS",
    "PRESET_NAMES",
    "OUTPUTS",
    "LabResult",
    "coefficients",
    "preset_levers",
    "unit_prices",
    "units_bought",
    "interoperability",
    "enabler_coverage",
    "delivery_shares",
    "run_lab",
    "compare_presets",
    "sensitivity",
]

#: Number of allies in the lab (identical economies, different threat perceptions).
N_ALLIES = 5
#: Threat perceptions of the five allies, the values Model 3B is tested with (illustrative).
THETA = (0.9, 0.8, 0.5, 0.4, 0.3)
#: First and last year of the lab's horizon.
START_YEAR = 2026
END_YEAR = 2035
YEARS = tuple(range(START_YEAR, END_YEAR + 1))
#: Baseline divergence of Model 2A (its default, illustrative).
DELTA0 = 0.5
#: US committed capability of Model 2A when present (its default, in units of the adversary).
US_COMMITMENT = 1.0
#: Credibility of the US commitment (Model 2A's default).
US_CREDIBILITY = 0.75
#: Size of the reference production run used for Model 4A's unit costs (Model 4A's default).
QUANTITY = 480


@dataclass(frozen=True)
class Coefficient:
    """One illustrative coefficient of the lab.

    Attributes
    ----------
    default : float
        The value used unless told otherwise (illustrative, not estimated).
    low, high : float
        The allowed range (inclusive); it holds the default +-50 %, except for ``learning_rate``,
        a progress ratio kept between 0.75 and 1 (the sensitivity analysis does not vary it).
    unit : str
        Unit of the value.
    meaning : str
        What it links or scales.
    label : str
        A short name for readers (chart labels, readouts, prose); the key stays the name in code.
    """

    default: float
    low: float
    high: float
    unit: str
    meaning: str
    label: str


#: Every coefficient of the lab: name -> :class:`Coefficient`. All illustrative.
COEFFICIENTS = {
    "alpha_chi": Coefficient(0.3, 0.0, 0.6, "per unit of collaborative share",
                             "interoperability gained per unit of collaborative share (4A → 3A)",
                             label="interoperability from joint buys"),
    "alpha_s": Coefficient(0.4, 0.0, 0.8, "per unit of standards",
                           "interoperability gained per unit of standards adoption (STANAGs → 3A)",
                           label="interoperability from standards"),
    "h0": Coefficient(0.2, 0.0, 1.0, "share", "interoperability with no collaboration and no standards",
                      label="baseline interoperability"),
    "lambda_l": Coefficient(0.5, 0.0, 1.0, "share",
                            "share of the enabler gap pooled logistics closes (3A enablers)",
                            label="enabler gap closed by logistics"),
    "own_enablers": Coefficient(0.5, 0.0, 1.0, "coverage",
                                "allies' own coverage of their weakest enabler (3A)",
                                label="allies' own enablers"),
    "us_enablers": Coefficient(0.4, 0.0, 1.0, "coverage",
                               "coverage the United States adds to that enabler when present (3A)",
                               label="US enablers"),
    "legacy_units": Coefficient(20.0, 0.0, 60.0, "units per ally",
                                "each ally's forces in 2026 (Model 3A's test value)",
                                label="each ally's forces in 2026"),
    "adversary": Coefficient(100.0, 20.0, 500.0, "equivalent units",
                             "adversary strength R of 3B; also the unit of allied capability in 2A (so T = 1)",
                             label="adversary strength"),
    "capability_target": Coefficient(150.0, 20.0, 500.0, "equivalent units",
                                     "usable strength whose year of reaching is reported",
                                     label="capability target"),
    "gdp_per_ally": Coefficient(400.0, 100.0, 1000.0, "EUR bn a year", "each ally's GDP",
                                label="GDP per ally"),
    "unit_price": Coefficient(1.0, 0.25, 2.0, "EUR bn per first-unit cost",
                              "price of Model 4A's first-unit cost", label="price of a first unit"),
    "development_cost": Coefficient(60.0, 0.0, 500.0, "first-unit costs",
                                    "development cost D of one programme (4A)", label="development cost"),
    "learning_rate": Coefficient(0.85, 0.75, 1.0, "progress ratio", "learning rate of production (4A)",
                                 label="learning rate"),
    "gamma": Coefficient(0.5, 0.0, 1.0, "exponent", "development-cost exponent of a joint programme (4A)",
                         label="joint development-cost exponent"),
    "omega": Coefficient(0.02, 0.0, 0.2, "per extra partner", "work-share premium of a joint programme (4A)",
                         label="work-share premium"),
    "industrial_capacity": Coefficient(100.0, 0.0, 200.0, "need index",
                                       "what industry can make a year in 2026, as an index: 100 = the status-quo order book (4B)",
                                       label="industry's capacity in 2026"),
    "collab_contract_years": Coefficient(6.0, 1.0, 10.0, "years",
                                         "length of an aggregated, collaborative contract (4B)",
                                         label="joint contract length"),
    "national_contract_years": Coefficient(2.0, 1.0, 10.0, "years", "length of a national contract (4B)",
                                           label="national contract length"),
    "lag": Coefficient(3.0, 0.0, 9.0, "years", "years before new capacity produces (4B)",
                       label="capacity build-up lag"),
    "cost_standards": Coefficient(0.5, 0.0, 2.0, "EUR bn per ally a year at full adoption",
                                  "cost of adopting common standards", label="cost of standards"),
    "cost_training": Coefficient(1.0, 0.0, 3.0, "EUR bn per ally a year at full intensity",
                                 "cost of combined training", label="cost of training"),
    "cost_intelligence": Coefficient(0.2, 0.0, 1.0, "EUR bn per ally a year at full sharing",
                                     "cost of shared intelligence and assessment",
                                     label="cost of shared intelligence"),
    "cost_logistics": Coefficient(0.5, 0.0, 2.0, "EUR bn per ally a year",
                                  "cost of pooled logistics when switched on",
                                  label="cost of pooled logistics"),
}

#: Levers: name -> (low, high, meaning). ``pooled_logistics`` and ``us_present`` are True/False.
LEVERS = {
    "g": (0.0, 0.05, "defence spending, share of GDP"),
    "e": (0.05, 0.6, "equipment share of defence spending"),
    "chi": (0.0, 1.0, "collaborative share of equipment spending"),
    "standards": (0.0, 1.0, "adoption of common standards (STANAG implementation)"),
    "training": (0.0, 1.0, "combined-training intensity"),
    "psi": (0.0, 1.0, "shared intelligence and threat assessment"),
    "pooled_logistics": (False, True, "pooled logistics on or off"),
    "us_present": (False, True, "US forces and enablers present"),
}

_S0 = dict(g=0.02, e=0.25, chi=0.178, standards=0.3, training=0.0, psi=0.0,
           pooled_logistics=False, us_present=True)
_S2 = dict(g=0.035, e=0.25, chi=0.40, standards=0.8, training=0.5, psi=0.5,
           pooled_logistics=True, us_present=True)

#: Preset scenarios: id -> (name, levers). S0's collaborative share 0.178 is the EDA's
#: reported European collaborative share of equipment procurement in 2018 (17.8 %).
PRESETS = {
    "S0": ("Status quo", dict(_S0)),
    "S1": ("Spend more, nationally", dict(_S0, g=0.035, chi=0.15)),
    "S2": ("Dual track", dict(_S2)),
    "S3": ("US drawdown", dict(_S0, us_present=False)),
    "S4": ("Dual track + US drawdown", dict(_S2, us_present=False)),
}
PRESET_NAMES = {k: v[0] for k, v in PRESETS.items()}

#: The outputs compared side by side: attribute -> label.
OUTPUTS = {
    "power_per_bn": "Usable power per EUR bn",
    "usable": "Usable power in 2035 (equivalent units)",
    "eta": "Effectiveness ratio eta",
    "p_deterrence": "P(deterrence), allied coalition",
    "leverage": "US leverage",
    "cohesion": "Cohesion",
    "cumulative_cost": "Cumulative cost 2026-2035 (EUR bn)",
    "target_year": "Year the capability target is reached",
}


def _number(name, value, lo, hi, what):
    if isinstance(value, bool):
        raise ValueError(f"{name} ({what}) must be a number between {lo:g} and {hi:g}; got {value!r}.")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} ({what}) must be a number between {lo:g} and {hi:g}; got {value!r}.") from None
    if not math.isfinite(x) or x < lo or x > hi:
        raise ValueError(f"{name} ({what}) must lie between {lo:g} and {hi:g}; got {value!r}.")
    return x


def _flag(name, value, what):
    if isinstance(value, (bool, np.bool_)) or value in (0, 1):
        return bool(value)
    raise ValueError(f"{name} ({what}) must be True or False; got {value!r}.")


def coefficients(**overrides) -> dict:
    """The lab's coefficients: defaults with ``overrides``, each checked against its range.

    Parameters
    ----------
    **overrides : float
        Any name of :data:`COEFFICIENTS`.

    Returns
    -------
    dict
        Name -> value for every coefficient.

    Raises
    ------
    ValueError
        For an unknown name or a value outside its range (the message names both).

    Examples
    --------
    >>> coefficients(alpha_chi=0.45)["alpha_chi"]
    0.45
    >>> coefficients()["h0"]
    0.2
    """
    out = {}
    for name in overrides:
        if name not in COEFFICIENTS:
            raise ValueError(f"unknown coefficient {name!r}; the coefficients are {', '.join(COEFFICIENTS)}.")
    for name, c in COEFFICIENTS.items():
        out[name] = _number(name, overrides.get(name, c.default), c.low, c.high, c.meaning)
    return out


def preset_levers(preset="S0", **overrides) -> dict:
    """The levers of a preset scenario with ``overrides``, each checked against its range.

    Parameters
    ----------
    preset : {"S0", "S1", "S2", "S3", "S4"}, default "S0"
        Status quo; spend more, nationally; dual track; US drawdown; dual track + US drawdown.
    **overrides
        Any name of :data:`LEVERS`.

    Returns
    -------
    dict
        Lever name -> value.

    Raises
    ------
    ValueError
        For an unknown preset or lever, or a lever outside its range.

    Examples
    --------
    >>> preset_levers("S2")["chi"], preset_levers("S1", chi=0.3)["chi"]
    (0.4, 0.3)
    """
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)}; got {preset!r}.")
    for name in overrides:
        if name not in LEVERS:
            raise ValueError(f"unknown lever {name!r}; the levers are {', '.join(LEVERS)}.")
    levers = {**PRESETS[preset][1], **overrides}
    out = {}
    for name, (lo, hi, what) in LEVERS.items():
        if isinstance(lo, bool):
            out[name] = _flag(name, levers[name], what)
        else:
            out[name] = _number(name, levers[name], lo, hi, what)
    return out


# --------------------------------------------------------------------------- #
# The links                                                                    #
# --------------------------------------------------------------------------- #
@lru_cache(maxsize=256)
def unit_prices(k=N_ALLIES, development_cost=60.0, learning_rate=0.85, gamma=0.5, omega=0.02,
                quantity=QUANTITY) -> tuple:
    """Link to Model 4A: average unit cost of ``k`` national programmes and of one joint one.

    Parameters
    ----------
    k : int, default ``N_ALLIES``
        Number of national programmes (and partners of the joint programme).
    development_cost, learning_rate, gamma, omega, quantity
        As in :func:`widgets.models.industry.fragmentation`.

    Returns
    -------
    tuple of float
        ``(national_average, joint_average)`` in first-unit costs.

    Examples
    --------
    >>> tuple(round(x, 3) for x in unit_prices(k=4))   # Model 4A's tested values
    (0.92, 0.574)
    """
    r = industry.fragmentation(quantity, k, development_cost, learning_rate, gamma, omega, 1)
    return float(r["national_average"]), float(r["joint_average"])


def units_bought(money, chi, national_cost, joint_cost):
    """Units that equipment money buys when the share ``chi`` goes to joint programmes.

    Parameters
    ----------
    money : float
        Equipment money, >= 0, in the unit of the prices.
    chi : float
        Collaborative share, 0-1.
    national_cost, joint_cost : float
        Price of one unit bought nationally and jointly, positive.

    Returns
    -------
    float
        ``money * (1 - chi) / national_cost + money * chi / joint_cost``.

    Examples
    --------
    >>> units_bought(10.0, 0.5, 1.0, 0.5)
    15.0
    """
    chi = _number("chi", chi, 0.0, 1.0, LEVERS["chi"][2])
    return float(money) * (1.0 - chi) / national_cost + float(money) * chi / joint_cost


def interoperability(chi, standards, h0=0.2, alpha_chi=0.3, alpha_s=0.4) -> float:
    """Standards adoption ``h`` of Model 3A from the collaborative share and the standards lever.

    Parameters
    ----------
    chi, standards : float
        The levers, 0-1.
    h0, alpha_chi, alpha_s : float
        Coefficients (see :data:`COEFFICIENTS`).

    Returns
    -------
    float
        ``min(1, h0 + alpha_chi * chi + alpha_s * standards)``.

    Examples
    --------
    >>> round(interoperability(0.4, 0.8), 2)
    0.64
    """
    return float(min(1.0, h0 + alpha_chi * chi + alpha_s * standards))


def enabler_coverage(us_present, pooled_logistics, own_enablers=0.5, us_enablers=0.4, lambda_l=0.5) -> float:
    """Coverage of the weakest enabler, for Model 3A's weakest-link cap.

    Parameters
    ----------
    us_present, pooled_logistics : bool
        The levers.
    own_enablers, us_enablers, lambda_l : float
        Coefficients (see :data:`COEFFICIENTS`).

    Returns
    -------
    float
        ``e = min(1, own + us * us_present)``, then ``e + lambda_l * (1 - e)`` with pooled logistics.

    Examples
    --------
    >>> enabler_coverage(True, False), enabler_coverage(False, False), enabler_coverage(False, True)
    (0.9, 0.5, 0.75)
    """
    e = min(1.0, own_enablers + (us_enablers if us_present else 0.0))
    if pooled_logistics:
        e = e + lambda_l * (1.0 - e)
    return float(round(e, 12))


def delivery_shares(need, chi, industrial_capacity=100.0, collab_contract_years=6.0,
                    national_contract_years=2.0, lag=3, horizon=len(YEARS), buyers=N_ALLIES):
    """Link to Model 4B: share of each year's orders delivered, for the joint and national parts.

    The yearly need (100 = the status-quo order book) is split into an aggregated
    collaborative contract (``chi * need``, one buyer) and ``buyers`` national contracts
    (``(1 - chi) * need``); existing capacity is shared in the same proportion. Each part
    follows :func:`widgets.models.industry.ramp_up` with Model 4B's default margin, fixed
    cost and block size.

    Parameters
    ----------
    need : float
        Yearly need, >= 0 (0 = no orders).
    chi : float
        Collaborative share, 0-1.
    industrial_capacity, collab_contract_years, national_contract_years, lag
        Coefficients (see :data:`COEFFICIENTS`); ``lag`` is rounded to whole years.
    horizon : int
        Years.
    buyers : int
        Separate national contracts.

    Returns
    -------
    dict
        ``joint`` and ``national``: arrays of the share of that part's yearly orders delivered
        (1 where there are no orders); ``blocks_joint``, ``blocks_national``: blocks added.

    Examples
    --------
    >>> d = delivery_shares(175.0, 0.4)
    >>> d["blocks_joint"], d["blocks_national"], d["joint"][[0, 3]].tolist()
    (1, 0, [0.5714285714285714, 1.0])
    """
    chi = _number("chi", chi, 0.0, 1.0, LEVERS["chi"][2])
    need = float(need)
    lag = int(round(lag))
    out = {}
    for part, share, k, years in (("joint", chi, 1, collab_contract_years),
                                  ("national", 1.0 - chi, buyers, national_contract_years)):
        part_need = need * share
        if part_need <= 0:
            out[part] = np.ones(horizon)
            out[f"blocks_{part}"] = 0
            continue
        path = industry.ramp_up(part_need, k, years, lag=min(lag, horizon),
                                initial_capacity=industrial_capacity * share, horizon=horizon)
        out[part] = (path["deliveries"] / path["need"]).to_numpy()
        out[f"blocks_{part}"] = int(path.attrs["blocks"])
    return out


# --------------------------------------------------------------------------- #
# The lab                                                                      #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class LabResult:
    """One run of the lab.

    Attributes
    ----------
    preset : str
        The preset the levers started from.
    levers, coefficients : dict
        What was used.
    path : pandas.DataFrame
        One row per year: ``year``, ``units_per_ally`` (forces at the end of the year),
        ``usable`` (usable strength, equivalent units) and ``spending`` (EUR bn, all allies).
    usable : float
        Usable strength in 2035, :math:`\\sqrt{E_u}` of Model 3A.
    eta : float
        Effectiveness ratio of Model 3A in 2035.
    h, enablers : float
        Standards adoption and weakest-enabler coverage used.
    unit_cost_national, unit_cost_joint : float
        Model 4A's average unit costs (first-unit costs).
    blocks_joint, blocks_national : int
        Capacity blocks Model 4B adds.
    delivered_share : float
        Share of the money's units delivered by 2035.
    p_deterrence : float
        Model 3B: probability that the coalition that shows up reaches the adversary.
    K_A : float
        Allied capability for Model 2A (usable strength over the adversary's, at most 3).
    deterrence_2a, leverage, cohesion, us_payoff : float
        Model 2A with the US commitment (0 after a drawdown).
    best_us_commitment : float
        Model 2A: the US commitment that would maximise its payoff at this K_A.
    abandonment : float
        Model 2B: the allies' abandonment cost at the US commitment's credibility.
    cumulative_cost : float
        Defence spending plus the integration levers' costs, 2026-2035, EUR bn.
    power_per_bn : float
        Usable strength in 2035 per EUR bn of cumulative cost.
    target_year : int or None
        First year usable strength reaches ``capability_target`` (None: not by 2035).
    """

    preset: str
    levers: dict
    coefficients: dict
    path: pd.DataFrame = field(repr=False)
    usable: float
    eta: float
    h: float
    enablers: float
    unit_cost_national: float
    unit_cost_joint: float
    blocks_joint: int
    blocks_national: int
    delivered_share: float
    p_deterrence: float
    K_A: float
    deterrence_2a: float
    leverage: float
    cohesion: float
    us_payoff: float
    best_us_commitment: float
    abandonment: float
    cumulative_cost: float
    power_per_bn: float
    target_year: int | None

    def outputs(self) -> dict:
        """The side-by-side outputs (:data:`OUTPUTS`) as a dict."""
        return {k: getattr(self, k) for k in OUTPUTS}


def run_lab(preset="S0", coefficients_=None, **levers) -> LabResult:
    """Run the policy lab for one scenario (Model 5).

    Parameters
    ----------
    preset : {"S0", "S1", "S2", "S3", "S4"}, default "S0"
        Starting scenario (see :data:`PRESETS`).
    coefficients_ : dict, optional
        Overrides of :data:`COEFFICIENTS` (illustrative values with ranges).
    **levers
        Overrides of the preset's levers (:data:`LEVERS`).

    Returns
    -------
    LabResult

    Raises
    ------
    ValueError
        For an unknown preset, lever or coefficient, or a value outside its range; the
        message names it and its range.

    Examples
    --------
    >>> s1, s2 = run_lab("S1"), run_lab("S2")
    >>> s2.power_per_bn > s1.power_per_bn, s2.p_deterrence > s1.p_deterrence
    (True, True)
    >>> run_lab("S9")
    Traceback (most recent call last):
    ...
    ValueError: preset must be one of S0, S1, S2, S3, S4; got 'S9'.
    """
    lv = preset_levers(preset, **levers)
    co = coefficients(**(coefficients_ or {}))
    n, years = N_ALLIES, len(YEARS)

    # 1-2. budgets and unit costs (Model 4A)
    budget = lv["g"] * co["gdp_per_ally"]                     # EUR bn per ally per year
    equipment = lv["e"] * budget
    nat_avg, joint_avg = unit_prices(N_ALLIES, co["development_cost"], co["learning_rate"],
                                     co["gamma"], co["omega"])
    p_nat, p_joint = co["unit_price"] * nat_avg, co["unit_price"] * joint_avg
    units_nat = equipment * (1.0 - lv["chi"]) / p_nat        # ordered per ally per year
    units_joint = equipment * lv["chi"] / p_joint

    # 3. timing (Model 4B); 100 = the status-quo order book
    s0 = PRESETS["S0"][1]
    reference = s0["g"] * s0["e"] * co["gdp_per_ally"]
    need = 100.0 * equipment / reference
    d = delivery_shares(need, lv["chi"], co["industrial_capacity"], co["collab_contract_years"],
                        co["national_contract_years"], co["lag"], years)
    delivered = units_nat * d["national"] + units_joint * d["joint"]
    units = co["legacy_units"] + np.cumsum(delivered)
    ordered = (units_nat + units_joint) * years
    delivered_share = float(delivered.sum() / ordered) if ordered > 0 else 1.0

    # 4. interoperability and enablers (Model 3A)
    h = interoperability(lv["chi"], lv["standards"], co["h0"], co["alpha_chi"], co["alpha_s"])
    cover = enabler_coverage(lv["us_present"], lv["pooled_logistics"], co["own_enablers"],
                             co["us_enablers"], co["lambda_l"])
    usable_path = [cohesion.usable_units([u] * n, h, training=lv["training"], enablers=[cover])
                   for u in units]
    final = cohesion.coalition_effectiveness([units[-1]] * n, h, training=lv["training"], enablers=[cover])

    # 5. deterrence (Model 3B), exact sum over the 32 coalitions
    det = cohesion.deterrence_exact(THETA, [units[-1]] * n, h, co["adversary"], psi=lv["psi"],
                                    training=lv["training"], enablers=[cover])

    # 6. leverage and cohesion (Model 2A), the alliance dilemma (Model 2B)
    lo, hi = trade_offs.RANGES["K_A"]
    K_A = min(hi, final.usable_units / co["adversary"])
    K_US = US_COMMITMENT if lv["us_present"] else 0.0
    delta0 = DELTA0 * (1.0 - lv["psi"])
    t = trade_offs.trade_off(K_A, K_US, US_CREDIBILITY, 1.0, delta0=delta0)
    payoff = trade_offs.us_payoff(K_A, K_US, US_CREDIBILITY, 1.0, delta0=delta0)
    best = trade_offs.best_commitment(K_A, US_CREDIBILITY, 1.0, delta0=delta0)
    dil = trade_offs.security_dilemma(US_CREDIBILITY if lv["us_present"] else 0.0, K_A=K_A)

    # costs
    integration = (co["cost_standards"] * lv["standards"] + co["cost_training"] * lv["training"]
                   + co["cost_intelligence"] * lv["psi"]
                   + (co["cost_logistics"] if lv["pooled_logistics"] else 0.0))
    spending = np.full(years, n * (budget + integration))
    cost = float(spending.sum())
    usable = final.usable_units
    target = next((y for y, u in zip(YEARS, usable_path) if u >= co["capability_target"] - 1e-9), None)

    path = pd.DataFrame({"year": YEARS, "units_per_ally": units, "usable": usable_path,
                         "spending": spending})
    return LabResult(
        preset=preset, levers=lv, coefficients=co, path=path, usable=float(usable), eta=float(final.eta),
        h=h, enablers=cover, unit_cost_national=nat_avg, unit_cost_joint=joint_avg,
        blocks_joint=d["blocks_joint"], blocks_national=d["blocks_national"],
        delivered_share=delivered_share, p_deterrence=float(det.p_deterrence), K_A=float(K_A),
        deterrence_2a=float(t.deterrence), leverage=float(t.leverage), cohesion=float(t.cohesion),
        us_payoff=float(payoff), best_us_commitment=float(best.K_US), abandonment=float(dil.abandonment),
        cumulative_cost=cost, power_per_bn=float(usable / cost) if cost > 0 else math.inf,
        target_year=target,
    )


def compare_presets(coefficients_=None, **levers) -> pd.DataFrame:
    """Run S0-S4 and put their outputs side by side.

    Parameters
    ----------
    coefficients_ : dict, optional
        Overrides of :data:`COEFFICIENTS`.
    **levers
        Lever overrides applied to every preset (e.g. ``chi=0.3``).

    Returns
    -------
    pandas.DataFrame
        One row per preset (index ``S0``..``S4``), a ``scenario`` name column and the columns
        of :data:`OUTPUTS` plus ``K_A``, ``us_payoff``, ``best_us_commitment``, ``h`` and
        ``enablers``.

    Examples
    --------
    >>> t = compare_presets()
    >>> list(t.index), bool(t.loc["S2", "eta"] > t.loc["S1", "eta"])
    (['S0', 'S1', 'S2', 'S3', 'S4'], True)
    """
    rows = {}
    for p in PRESETS:
        r = run_lab(p, coefficients_, **levers)
        rows[p] = {"scenario": PRESET_NAMES[p], **r.outputs(), "K_A": r.K_A, "us_payoff": r.us_payoff,
                   "best_us_commitment": r.best_us_commitment, "h": r.h, "enablers": r.enablers}
    return pd.DataFrame.from_dict(rows, orient="index")


#: Coefficients the sensitivity analysis varies (the linking and scale coefficients).
SENSITIVE = ("alpha_chi", "alpha_s", "h0", "lambda_l", "own_enablers", "us_enablers", "legacy_units",
             "adversary", "unit_price", "development_cost", "omega", "industrial_capacity",
             "collab_contract_years", "national_contract_years", "lag", "cost_standards",
             "cost_training", "cost_intelligence", "cost_logistics")


def sensitivity(a="S2", b="S1", metric="power_per_bn", swing=0.5, names=SENSITIVE) -> pd.DataFrame:
    """Vary each coefficient by +-``swing`` of its default and compare scenario ``a`` with ``b``.

    Each coefficient in turn is set to ``default * (1 - swing)`` and ``default * (1 + swing)``
    (clipped to its range) with the others at their defaults; the ratio ``a / b`` of
    ``metric`` is recorded. The ranking "a beats b" survives a coefficient when the ratio
    exceeds 1 at both ends.

    Parameters
    ----------
    a, b : str, default "S2", "S1"
        Presets compared.
    metric : str, default "power_per_bn"
        A numeric output: ``power_per_bn``, ``usable``, ``eta``, ``p_deterrence`` or ``cohesion``.
    swing : float, default 0.5
        Share of the default, 0-0.9.
    names : sequence of str
        Coefficients varied.

    Returns
    -------
    pandas.DataFrame
        One row per coefficient: ``coefficient`` (its name in code), ``label`` (its short name
        for readers), ``low_value``, ``high_value``, ``ratio_low``,
        ``ratio_high``, ``survives``, sorted by the width of the swing in the ratio
        (widest first). ``attrs["base"]`` holds the ratio at the defaults.

    Raises
    ------
    ValueError
        For an unknown preset, metric or coefficient, or a swing out of range.

    Examples
    --------
    >>> t = sensitivity(swing=0.5)
    >>> bool(t.attrs["base"] > 1), len(t) == len(SENSITIVE)
    (True, True)
    """
    metrics = ("power_per_bn", "usable", "eta", "p_deterrence", "cohesion")
    if metric not in metrics:
        raise ValueError(f"metric must be one of {', '.join(metrics)}; got {metric!r}.")
    for p, label in ((a, "a"), (b, "b")):
        if p not in PRESETS:
            raise ValueError(f"{label} (preset) must be one of {', '.join(PRESETS)}; got {p!r}.")
    s = _number("swing", swing, 0.0, 0.9, "share of each default")
    for name in names:
        if name not in COEFFICIENTS:
            raise ValueError(f"unknown coefficient {name!r}; the coefficients are {', '.join(COEFFICIENTS)}.")

    def ratio(over):
        va = getattr(run_lab(a, over), metric)
        vb = getattr(run_lab(b, over), metric)
        return va / vb if vb > 0 else math.inf

    rows = []
    for name in names:
        c = COEFFICIENTS[name]
        lo_v = min(c.high, max(c.low, c.default * (1.0 - s)))
        hi_v = min(c.high, max(c.low, c.default * (1.0 + s)))
        r_lo, r_hi = ratio({name: lo_v}), ratio({name: hi_v})
        rows.append({"coefficient": name, "label": c.label, "low_value": lo_v, "high_value": hi_v,
                     "ratio_low": r_lo, "ratio_high": r_hi, "survives": bool(r_lo > 1 and r_hi > 1)})
    out = pd.DataFrame(rows)
    out["width"] = (out["ratio_high"] - out["ratio_low"]).abs()
    out = out.sort_values("width", ascending=False, kind="stable").drop(columns="width").reset_index(drop=True)
    out.attrs["base"] = ratio({})
    return out
