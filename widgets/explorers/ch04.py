"""Chapter 4 explorers: what fragmented production and fragmented orders cost.

* :func:`fragmentation_explorer` - Model 4A (:func:`widgets.models.industry.fragmentation`):
  average unit cost of k national programmes against one joint programme, with exact
  learning-curve sums. All parameter values are illustrative teaching values.
* :func:`rampup_explorer` - Model 4B (:func:`widgets.models.industry.ramp_up`): whether
  buyers' contracts trigger new capacity, and when it arrives. Illustrative values.
* :func:`equipment_explorer` - real data (NATO, June 2024 tables): one ally's equipment share of
  defence spending, 2014-2024, against NATO's 20 % guideline and the median ally of each year.
  Only the years in which the country was an ally are shown and counted.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import style
from .core import Explorer, Param
from .render import PHONE_MAX_WIDTH_IN

KS = list(range(1, 9))


def _num(value, digits=2):
    return f"{value:.{digits}f}"


# --------------------------------------------------------------------------- #
# (a) Model 4A                                                                 #
# --------------------------------------------------------------------------- #
def fragmentation_explorer(quantity=480):
    """Model 4A: national programmes against a joint programme (illustrative values).

    Parameters
    ----------
    quantity : int, default 480
        The combined requirement Q in units (illustrative).

    Returns
    -------
    Explorer
        Kernel-free sliders: learning rate (0.75 to 1.00) x development cost D
        (0 to 500 first-unit costs). Live adds the number of partners, γ, ω and
        final-assembly lines.
    """
    from ..models.industry import fragmentation, national_cost

    lrs = [0.75, 0.8, 0.85, 0.9, 0.95, 1.0]
    ds = [0.0, 60.0, 150.0, 300.0, 500.0]

    def model(learning_rate, development_cost, k, gamma, omega, lines):
        lines = min(int(lines), int(k))
        r = fragmentation(quantity, k, development_cost, learning_rate, gamma, omega, lines)
        curve = [national_cost(quantity, n, development_cost, learning_rate) / quantity for n in KS]
        # The chart shows costs relative to one programme, so a 2x penalty looks like 2x.
        relative = [c / curve[0] for c in curve]
        return {**r, "curve": curve, "relative": relative, "lines": lines,
                "joint_relative": r["joint_average"] / r["single_average"]}

    # Fixed axis: the dearest relative cost of any lever setting sets the top (national
    # programmes at k = 8, or a joint programme of 8 partners with gamma 1, the largest
    # premium and 8 lines), over the kernel-free grid and the live grid's end points.
    from ..models.industry import joint_cost

    def _worst(lr, d):
        single = national_cost(quantity, 1, d, lr)
        return max(national_cost(quantity, 8, d, lr),
                   joint_cost(quantity, 8, d, lr, 1.0, 0.1, 8)) / single

    top = max(_worst(lr, d) for lr in lrs + [0.75, 1.0] for d in ds + [0.0, 500.0])
    ymax = float(np.ceil(top * 1.05))

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.16, top=0.86)
        (line,) = ax.plot(KS, np.zeros(len(KS)), marker="o", color=style.OKABE_ITO[1],
                          label="k national programmes")
        (chosen,) = ax.plot([4], [0], marker="o", markersize=11, markerfacecolor="none",
                            markeredgecolor="black", linestyle="none", label="chosen k")
        (joint,) = ax.plot([4], [0], marker="D", markersize=8, color=style.OKABE_ITO[2],
                           linestyle="none", label="one joint programme of k partners")
        ax.axhline(1.0, color="grey", linestyle=":", linewidth=1.0)
        ax.set_xticks(KS)
        ax.set_xlim(0.5, 8.5)
        ax.set_ylim(0, ymax)
        ax.set_xlabel("Number of programmes / partners k")
        ax.set_ylabel("Unit cost relative to\none programme (×)")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=3)
        return {"line": line, "chosen": chosen, "joint": joint}

    def update(h, r, values):
        k = int(values["k"])
        h["line"].set_ydata(r["relative"])
        h["chosen"].set_data([k], [r["relative"][k - 1]])
        h["joint"].set_data([k], [r["joint_relative"]])
        setting = (f"learning rate {values['learning_rate']:.2f}, development cost "
                   f"{values['development_cost']:.0f}, Q = {quantity}")
        cheaper = "cheaper" if r["joint_average"] < r["national_average"] else "dearer"
        alt = (f"Illustrative Model 4A line chart of the average unit cost of k national programmes "
               f"relative to one programme, k = 1 to 8, at {setting}. One programme: {_num(r['single_average'])}; {k} national "
               f"programmes: {_num(r['national_average'])}, {_num(r['penalty'])} times as much; one joint "
               f"programme of {k} partners: {_num(r['joint_average'])}, {cheaper} than {k} national ones.")
        lines = [
            f"Illustrative model ({setting}; γ = {values['gamma']:.1f}, ω = {values['omega']:.2f}, "
            f"{r['lines']} assembly line{'s' if r['lines'] > 1 else ''}).",
            f"Average unit cost: one programme {_num(r['single_average'])}; {k} national programmes "
            f"{_num(r['national_average'])} (fragmentation penalty {_num(r['penalty'])}×); joint "
            f"programme {_num(r['joint_average'])}.",
            f"Duplicated development is {100 * r['development_share']:.0f} % of the national total.",
        ]
        return alt, "\n".join(lines)

    def table(r, values):
        return {"One programme": _num(r["single_average"]),
                f"{int(values['k'])} national": _num(r["national_average"]),
                "Penalty (×)": _num(r["penalty"]),
                "Joint": _num(r["joint_average"])}

    return Explorer(
        name="fragmentation",
        title="What does splitting a production run cost? (illustrative model)",
        model=model,
        params=[
            Param("learning_rate", "Learning rate", lrs, 0.85, fmt="{:.2f}",
                  live_values=[round(0.75 + 0.01 * i, 2) for i in range(26)]),
            Param("development_cost", "Development cost D", ds, 60.0, unit="× first-unit cost",
                  fmt="{:.0f}", live_values=[float(v) for v in range(0, 501, 20)]),
            Param("k", "Programmes / partners k", KS, 4, fmt="{}"),
            Param("gamma", "Development exponent γ", [0.0, 0.25, 0.5, 0.75, 1.0], 0.5, fmt="{:.2f}"),
            Param("omega", "Work-share premium ω", [0.0, 0.02, 0.05, 0.1], 0.02, fmt="{:.2f}"),
            Param("lines", "Final-assembly lines", [1, 2, 4, 8], 1, fmt="{}"),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"learning_rate": 0.85, "development_cost": 60.0},
            {"learning_rate": 0.75, "development_cost": 500.0},
            {"learning_rate": 1.0, "development_cost": 0.0},
            {"learning_rate": 0.95, "development_cost": 60.0},
        ],
        frozen_params=["learning_rate", "development_cost"],
        figsize=(6.4, 3.6),
        blit=True,
    )


# --------------------------------------------------------------------------- #
# (b) Model 4B                                                                 #
# --------------------------------------------------------------------------- #
BUYERS = {1: "1 (aggregated)", 2: "2", 5: "5 (fragmented)"}

#: Model 4B's illustrative world in the explorer (the chapter glues its text from these):
#: yearly need, existing capacity, margin per unit m, block cost F and block size kappa.
RAMP_VALUES = {"annual_need": 100.0, "initial_capacity": 50.0, "margin": 0.2,
               "fixed_cost": 30.0, "block_capacity": 40.0}


def years(value):
    """``1 year``, ``4 years``, ``3.75 years``, ``15 years`` (no trailing zeros)."""
    v = float(value)
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return f"{text} year" if text == "1" else f"{text} years"


def rampup_explorer():
    """Model 4B: contract length, number of buyers and the capacity lag (illustrative values).

    Returns
    -------
    Explorer
        Kernel-free: number of buyers (1, 2, 5) x contract length (1 to 10 years).
        Live adds the lag before new capacity produces.
    """
    from ..models.industry import ramp_up

    rv = RAMP_VALUES
    need = rv["annual_need"]

    def model(buyers, contract_years, lag):
        return ramp_up(need, buyers, contract_years, lag=lag, margin=rv["margin"],
                       fixed_cost=rv["fixed_cost"], block_capacity=rv["block_capacity"],
                       initial_capacity=rv["initial_capacity"], horizon=8)

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.16, top=0.86)
        years = np.arange(1, 9)
        bars = ax.bar(years, np.zeros(8), color=style.OKABE_ITO[4], width=0.7, label="deliveries")
        ax.axhline(need, color="black", linestyle="--", linewidth=1.2, label="yearly need")
        ax.set_xticks(years)
        ax.set_ylim(0, 130)
        ax.set_xlabel("Year")
        ax.set_ylabel("Units delivered per year")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=2)
        return {"bars": bars}

    def update(h, path, values):
        for bar, v in zip(h["bars"], path["deliveries"]):
            bar.set_height(v)
        blocks = path.attrs["blocks"]
        share = 100 * float(path["share"].iloc[-1])
        k, hy, lag = int(values["buyers"]), int(values["contract_years"]), int(values["lag"])
        built = (f"{blocks} capacity block{'s' if blocks != 1 else ''} built, producing from year {lag + 1}"
                 if blocks else "no capacity block built")
        order = max(0.0, need - rv["initial_capacity"]) / k
        alt = (f"Illustrative Model 4B bar chart of yearly deliveries over eight years against a need of "
               f"{need:.0f} a year, with {k} buyer{'s' if k > 1 else ''} on {hy}-year contracts and a lag "
               f"of {years(lag)}: {built}; {share:.0f} % of the eight years' need delivered.")
        lines = [
            f"Illustrative model: need {need:.0f} a year, existing capacity {rv['initial_capacity']:.0f}, "
            f"{k} separate contract{'s' if k > 1 else ''} of {years(hy)}, lag {years(lag)}.",
            f"Result: {built}. Delivered over eight years: {share:.0f} % of the need.",
            f"Each contract orders {order:g} unmet units a year; its first block (F = {rv['fixed_cost']:g}, "
            f"κ = {rv['block_capacity']:g}, m = {rv['margin']:g}) pays from a contract of "
            f"{years(path.attrs['threshold_years'])}.",
        ]
        return alt, "\n".join(lines)

    def table(path, values):
        return {"Blocks": str(path.attrs["blocks"]),
                "Delivered, 8 years": f"{100 * float(path['share'].iloc[-1]):.0f} %",
                "Threshold": years(path.attrs["threshold_years"])}

    return Explorer(
        name="rampup",
        title="Do fragmented orders build factories? (illustrative model)",
        model=model,
        params=[
            Param("buyers", "Separate buyers", list(BUYERS), 5, fmt=BUYERS),
            Param("contract_years", "Contract length", list(range(1, 11)), 1, fmt=years),
            Param("lag", "Lag before new capacity produces", [1, 2, 3, 4, 5], 3, fmt=years),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"buyers": 5, "contract_years": 1},
            {"buyers": 1, "contract_years": 1},
            {"buyers": 1, "contract_years": 4},
            {"buyers": 5, "contract_years": 10},
        ],
        figsize=(6.4, 3.4),
        blit=True,
    )


# --------------------------------------------------------------------------- #
# (c) Real data: equipment share by ally and year                             #
# --------------------------------------------------------------------------- #
#: NATO's guideline (Wales 2014): at least 20 % of defence spending on major equipment.
EQUIPMENT_GUIDELINE = 20.0


@dataclass(frozen=True)
class EquipmentResult:
    """One ally's equipment share in the years it was an ally, and the alliance around it."""

    iso3: str
    name: str
    series: object          # pandas Series year -> equipment share (%), member years only
    median: object          # pandas Series year -> median ally's share (that year's members)
    n_allies: object        # pandas Series year -> allies with a figure that year
    at_guideline: object    # pandas Series year -> allies at or above 20 % that year
    rank_last: int          # rank of this ally in the last year (1 = highest)
    member_since: int
    estimates: frozenset    # years whose figures are NATO estimates

    @property
    def first_year(self):
        return int(self.series.index.min())

    @property
    def last_year(self):
        return int(self.series.index.max())

    @property
    def years_at_guideline(self):
        return [int(y) for y, v in self.series.items() if v >= EQUIPMENT_GUIDELINE - 1e-9]


def equipment_table(nato=None, countries=None):
    """Equipment share (% of defence spending) by ally and year, each year's members only.

    Parameters
    ----------
    nato, countries : pandas.DataFrame, optional
        ``load("nato_spending")`` and ``load("countries")``; loaded when omitted.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``year``, ``value``, ``estimate``; no aggregates, no missing values.
    """
    from ..chapter import is_aggregate, members_by_year
    from ..data import load

    nato = load("nato_spending") if nato is None else nato
    countries = load("countries") if countries is None else countries
    m = members_by_year(nato, countries)
    e = m[(m["indicator"] == "equipment_share") & ~is_aggregate(m["iso3"])].dropna(subset=["value"])
    return e[["iso3", "year", "value", "estimate"]].reset_index(drop=True)


def equipment_explorer():
    """NATO equipment share of one ally, 2014-2024, against the 20 % guideline (real data).

    Returns
    -------
    Explorer
        Kernel-free: one menu of allies (every ally with a NATO equipment figure), one frame each.
        The y axis is fixed over all allies, so frames compare.
    """
    import pandas as pd

    from ..chapter import in_sentence, year_label
    from ..data import load

    countries = load("countries")
    table = equipment_table(load("nato_spending"), countries)
    names = dict(zip(countries["iso3"], countries["name"]))
    since = {c: int(s) for c, s in zip(countries["iso3"], countries["nato_member_since"]) if pd.notna(s)}
    codes = sorted(table["iso3"].unique(), key=lambda c: names[c])
    estimates = frozenset(int(y) for y in table.loc[table["estimate"].astype(bool), "year"].unique())
    by_year = table.groupby("year")["value"]
    median = by_year.median()
    n_allies = by_year.size()
    at_guideline = by_year.agg(lambda v: int((v >= EQUIPMENT_GUIDELINE - 1e-9).sum()))
    years = [int(y) for y in median.index]
    last = years[-1]
    last_rank = table[table["year"] == last].set_index("iso3")["value"].rank(ascending=False, method="min")
    ymax = float(np.ceil(table["value"].max() / 10) * 10 + 5)

    def model(iso3):
        if iso3 not in names or iso3 not in set(codes):
            raise ValueError(f"iso3 {iso3!r} has no NATO equipment figure as an ally; choose one of "
                             f"{', '.join(codes)}.")
        s = table[table["iso3"] == iso3].set_index("year")["value"].sort_index()
        return EquipmentResult(iso3, names[iso3], s, median, n_allies, at_guideline,
                               int(last_rank.get(iso3, 0)), since[iso3], estimates)

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.15, top=0.86)
        lo = min(estimates) - 0.5 if estimates else last + 0.5
        ax.axvspan(lo, last + 0.5, color=style.GREY, alpha=0.15, linewidth=0)
        ax.text(last + 0.4, ymax - 2, "NATO estimates", fontsize=7, va="top", ha="right")
        ax.axhline(EQUIPMENT_GUIDELINE, color=style.OKABE_ITO[5], linestyle="--", linewidth=1.2,
                   label="20 % guideline")
        ax.plot(years, median.to_numpy(), color="black", linewidth=1.2, linestyle=":",
                label="median ally of each year")
        (line,) = ax.plot([], [], marker="o", color=style.OKABE_ITO[1], linewidth=2,
                          label="the chosen ally")
        ax.set_xlim(years[0] - 0.5, last + 0.5)
        ax.set_ylim(0, ymax)
        # A phone frame has room for every other year (the last one kept).
        ax.set_xticks(years[::-2][::-1] if fig.get_figwidth() < PHONE_MAX_WIDTH_IN else years)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlabel("Year")
        ax.set_ylabel("Equipment, % of defence spending")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=3)
        return {"line": line}

    def _sentences(r):
        s = r.series
        first, lastv = r.first_year, r.last_year
        when_last = year_label(lastv, lastv in r.estimates)
        if r.member_since <= years[0]:
            joined = f"an ally throughout {years[0]}-{last}"
        elif first == lastv:
            joined = f"an ally since {r.member_since}, so only {first} counts"
        else:
            joined = f"an ally since {r.member_since}, so only {first}-{lastv} count"
        k, m = len(r.years_at_guideline), len(s)
        if k == 0:
            reach = "below the 20 % guideline in every year"
        elif k == m:
            reach = "at or above the 20 % guideline in every year"
        else:
            reach = (f"at or above the 20 % guideline in {k} of {m} years, first in "
                     f"{r.years_at_guideline[0]}")
        span = (f"{s.iloc[0]:.1f} % in {first} and {s.iloc[-1]:.1f} % in {when_last}" if m > 1
                else f"{s.iloc[0]:.1f} % in {when_last}")
        rank = f"{r.rank_last} of {int(r.n_allies[last])} allies with data in {year_label(last, last in r.estimates)}"
        return span, reach, joined, rank

    def update(h, r, values):
        s = r.series
        h["line"].set_data(s.index.to_numpy(), s.to_numpy())
        span, reach, joined, rank = _sentences(r)
        med_last = float(r.median[r.last_year])
        alt = (f"Line chart of the equipment share of defence spending in {in_sentence(r.name)} ({joined}) "
               f"against NATO's 20 % guideline and the median ally of each year: {span}; {reach}. "
               f"The median ally's share was {med_last:.1f} % in {r.last_year}.")
        text = (f"{r.name} ({joined}): equipment share {span}.\n"
                f"{reach[0].upper() + reach[1:]}; rank {rank}.\n"
                f"Median ally: {float(r.median[years[0]]):.1f} % in {years[0]}, {med_last:.1f} % in "
                f"{r.last_year}. Source: NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024.")
        return alt, text

    def table_row(r, values):
        s = r.series
        return {"First year": f"{s.iloc[0]:.1f} % ({r.first_year})",
                "Last year": f"{s.iloc[-1]:.1f} % ({year_label(r.last_year, r.last_year in r.estimates, short=True)})",
                "Years at or above 20 %": f"{len(r.years_at_guideline)} of {len(s)}"}

    default = "DEU" if "DEU" in codes else codes[0]
    picks = [c for c in ("DEU", "HUN", "SWE", "USA") if c in codes]
    return Explorer(
        name="equipment",
        title="Did allies reach the 20 % equipment guideline?",
        model=model,
        params=[Param("iso3", "Ally", codes, default, fmt={c: names[c] for c in codes})],
        draw=draw,
        update=update,
        table=table_row,
        static_settings=[{"iso3": c} for c in picks] or [{"iso3": default}] * 3,
        figsize=(6.4, 3.6),
        blit=True,
    )
