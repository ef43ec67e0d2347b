"""Chapter 5 explorers: the dual track as a policy lab, its sensitivity, and targets against outcomes.

* :func:`policy_lab_explorer` - Model 5 (:func:`widgets.models.policy_lab.run_lab`): usable power
  year by year for a scenario S0-S4 at a chosen collaborative share, against the five presets.
  Illustrative values throughout.
* :func:`sensitivity_explorer` - :func:`widgets.models.policy_lab.sensitivity`: a tornado chart of
  whether one scenario still beats another when each illustrative coefficient moves.
* :func:`targets_explorer` - real data (``nato_spending``, members of each year): how many allies
  met the two guidelines of the Wales pledge (2014), year by year.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import NullLocator

from .. import style
from ..chapter import estimate_years, members_by_year, year_label
from .core import Explorer, Param
from .render import PHONE_MAX_WIDTH_IN

AS_PRESET = "preset"
#: One saturated Okabe-Ito colour and one dash pattern per scenario, used by every Chapter 5 chart.
SCENARIO_COLOURS = {"S0": "#555555", "S1": style.OKABE_ITO[5], "S2": style.OKABE_ITO[2],
                    "S3": style.OKABE_ITO[1], "S4": style.OKABE_ITO[4]}
SCENARIO_DASHES = {"S0": (0, (6, 2)), "S1": (0, (1.5, 1.5)), "S2": (0, (6, 2, 1.5, 2)),
                   "S3": (0, (3, 1.5)), "S4": (0, (8, 1.5, 1.5, 1.5, 1.5, 1.5))}


def _levers(values):
    """The lever overrides in an explorer setting (``"preset"`` means: keep the preset's value)."""
    from ..models.policy_lab import LEVERS

    return {k: v for k, v in values.items() if k in LEVERS and v != AS_PRESET}


def _year(y):
    return "not by 2035" if y is None or (isinstance(y, float) and math.isnan(y)) else str(int(y))


# --------------------------------------------------------------------------- #
# (a) the lab                                                                  #
# --------------------------------------------------------------------------- #
def policy_lab_explorer():
    """Model 5: one scenario at a chosen collaborative share, against the five presets.

    Returns
    -------
    Explorer
        Kernel-free: scenario (S0-S4) x collaborative share (0 to 0.6): 35 frames. Live adds
        every other lever (budget, equipment share, standards, training, shared intelligence,
        pooled logistics, US presence), each "as preset" by default.
    """
    from ..models import policy_lab as lab

    presets = {p: lab.run_lab(p) for p in lab.PRESETS}
    years = np.array(lab.YEARS)
    target = lab.COEFFICIENTS["capability_target"].default
    top = 300.0  # the highest kernel-free path (S2 at chi 0.6) stays below; checked in the tests

    def model(scenario, chi, **levers):
        return lab.run_lab(scenario, **_levers({"chi": chi, **levers}))

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.15, top=0.80)
        ends = []
        for p, r in presets.items():
            ax.plot(years, r.path["usable"], color=SCENARIO_COLOURS[p], linewidth=1.6,
                    linestyle=SCENARIO_DASHES[p], label=f"{p} as preset")
            ends.append((float(r.path["usable"].iloc[-1]), p))
        # label the line ends directly; ends closer than a few units (S0 and S1) share one label
        groups = []
        for y, p in sorted(ends):
            if groups and y - groups[-1][0][-1] < 12:
                groups[-1][0].append(y)
                groups[-1][1].append(p)
            else:
                groups.append(([y], [p]))
        for ys_, ps in groups:
            ax.text(years[-1] + 0.3, float(np.mean(ys_)), " and ".join(ps) if len(ps) == 2 else ", ".join(ps),
                    fontsize=7, va="center", ha="left", color=SCENARIO_COLOURS[ps[0]] if len(ps) == 1 else "black")
        (line,) = ax.plot(years, np.zeros(len(years)), color="black", linewidth=2.4, marker="o",
                          markersize=4, label="your setting")
        ax.axhline(target, color="black", linestyle=":", linewidth=1.2, label="capability target")
        ax.set_xlim(years[0] - 0.5, years[-1] + 1.6)
        ax.set_ylim(0, top)
        ax.set_xticks(years[::3])
        ax.set_xlabel("Year")
        ax.set_ylabel("Usable power (equivalent units)")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=7, ncol=4)
        return {"line": line}

    def update(h, r, values):
        h["line"].set_ydata(r.path["usable"])
        p = values["scenario"]
        own = presets[p]
        name = lab.PRESET_NAMES[p]
        alt = (f"Illustrative Model 5 line chart of usable power from {lab.START_YEAR} to {lab.END_YEAR} for "
               f"{p} ({name}) at a collaborative share of {r.levers['chi']:.2f}, with the five presets as "
               f"dashed lines: {r.usable:.0f} equivalent units in {lab.END_YEAR} against {own.usable:.0f} "
               f"at the preset's own setting; capability target of {target:.0f} "
               f"{f'reached in {r.target_year}' if r.target_year else f'not reached by {lab.END_YEAR}'}.")
        lines = [
            f"Illustrative model: {p} {name}, collaborative share {r.levers['chi']:.2f} "
            f"(preset {own.levers['chi']:.2f}), budget {100 * r.levers['g']:.1f} % of GDP, "
            f"standards {r.levers['standards']:.1f}, training {r.levers['training']:.1f}, shared "
            f"intelligence {r.levers['psi']:.1f}, pooled logistics {'on' if r.levers['pooled_logistics'] else 'off'}, "
            f"US {'present' if r.levers['us_present'] else 'drawn down'}.",
            f"Usable power {r.usable:.0f} (per EUR bn: {r.power_per_bn:.3f}); η {r.eta:.2f}; "
            f"P(deterrence) {r.p_deterrence:.2f}; US leverage {r.leverage:.2f}; cohesion {r.cohesion:.2f}.",
            f"Cumulative cost EUR {r.cumulative_cost:,.0f} bn; capability target reached: {_year(r.target_year)}; "
            f"{100 * r.delivered_share:.0f} % of the orders delivered by {lab.END_YEAR}.",
        ]
        return alt, "\n".join(lines)

    def table(r, values):
        return {"Usable power": f"{r.usable:.0f}", "Per EUR bn": f"{r.power_per_bn:.3f}",
                "η": f"{r.eta:.2f}", "P(deterrence)": f"{r.p_deterrence:.2f}",
                "US leverage": f"{r.leverage:.2f}", "Cost, EUR bn": f"{r.cumulative_cost:,.0f}",
                "Target year": _year(r.target_year)}

    chis = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    return Explorer(
        name="policy_lab",
        title="Which mix turns budgets into usable power? (illustrative model)",
        model=model,
        params=[
            Param("scenario", "Scenario", list(lab.PRESETS), "S2",
                  fmt={p: f"{p} {n}" for p, n in lab.PRESET_NAMES.items()}),
            Param("chi", "Collaborative share of equipment spending", chis, 0.4, fmt="{:.1f}",
                  live_values=[round(0.05 * i, 2) for i in range(13)]),
            Param("g", "Defence spending, % of GDP", [AS_PRESET, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05],
                  AS_PRESET, fmt={AS_PRESET: "as preset", 0.02: "2 %", 0.025: "2.5 %", 0.03: "3 %",
                                  0.035: "3.5 %", 0.04: "4 %", 0.05: "5 %"}),
            Param("e", "Equipment share", [AS_PRESET, 0.2, 0.25, 0.3, 0.4], AS_PRESET,
                  fmt={AS_PRESET: "as preset", 0.2: "20 %", 0.25: "25 %", 0.3: "30 %", 0.4: "40 %"}),
            Param("standards", "Common standards", [AS_PRESET, 0.0, 0.3, 0.5, 0.8, 1.0], AS_PRESET,
                  fmt={AS_PRESET: "as preset", 0.0: "0", 0.3: "0.3", 0.5: "0.5", 0.8: "0.8", 1.0: "1"}),
            Param("training", "Combined training", [AS_PRESET, 0.0, 0.25, 0.5, 0.75, 1.0], AS_PRESET,
                  fmt={AS_PRESET: "as preset", 0.0: "0", 0.25: "0.25", 0.5: "0.5", 0.75: "0.75", 1.0: "1"}),
            Param("psi", "Shared intelligence", [AS_PRESET, 0.0, 0.25, 0.5, 0.75, 1.0], AS_PRESET,
                  fmt={AS_PRESET: "as preset", 0.0: "0", 0.25: "0.25", 0.5: "0.5", 0.75: "0.75", 1.0: "1"}),
            Param("pooled_logistics", "Pooled logistics", [AS_PRESET, False, True], AS_PRESET,
                  fmt={AS_PRESET: "as preset", False: "off", True: "on"}),
            Param("us_present", "US forces and enablers", [AS_PRESET, True, False], AS_PRESET,
                  fmt={AS_PRESET: "as preset", True: "present", False: "drawn down"}),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"scenario": "S0", "chi": 0.2},
            {"scenario": "S1", "chi": 0.1},
            {"scenario": "S2", "chi": 0.4},
            {"scenario": "S4", "chi": 0.4},
        ],
        frozen_params=["scenario", "chi"],
        figsize=(6.4, 3.6),
        blit=True,
    )


# --------------------------------------------------------------------------- #
# (b) sensitivity                                                              #
# --------------------------------------------------------------------------- #
COMPARISONS = {"S2-S1": ("S2", "S1"), "S4-S3": ("S4", "S3"), "S4-S0": ("S4", "S0")}
METRICS = {"power_per_bn": "usable power per EUR bn", "usable": "usable power in 2035",
           "p_deterrence": "P(deterrence)"}
#: The tornado's axis: ratios outside are drawn at the edge and named in the readout.
RATIO_LIMITS = (0.25, 8.0)
#: P(deterrence) ratios run much higher (S1 almost never deters), so that output gets a wider log axis.
RATIO_LIMITS_WIDE = (0.25, 64.0)
#: Height (inches) of the tornado's phone frame: a line of text and two bars for each coefficient.
PHONE_HEIGHT_IN = 8.0


def _ratio_words(r, b):
    """A ratio for the readout; an infinite one (b's value is 0) in words, never "inf"."""
    return f"without limit ({b} never succeeds)" if math.isinf(r) else f"{r:.2f}"


def _widest(s, b):
    """The readout's sentence on the widest swing. When several swings have no limit (``b`` never
    succeeds at one end), none of them is the widest: say how many there are."""
    endless = [t for t, lo, hi in zip(s["label"], s["ratio_low"], s["ratio_high"]) if math.isinf(lo) or math.isinf(hi)]
    if len(endless) == len(s) > 1:
        return f"Every coefficient's swing is without limit ({b} never succeeds at one end)."
    if len(endless) > 1:
        return (f"Swings without limit ({b} never succeeds at one end): {len(endless)} coefficients, "
                f"{', '.join(endless)}.")
    top = s.iloc[0]
    return (f"Widest swing: {top['label']}, from {_ratio_words(top['ratio_low'], b)} "
            f"to {_ratio_words(top['ratio_high'], b)}.")


def sensitivity_explorer():
    """Tornado chart: does scenario a still beat scenario b when each coefficient moves?

    Returns
    -------
    Explorer
        Kernel-free: comparison (S2 vs S1, S4 vs S3, S4 vs S0) x metric (usable power per
        EUR bn, usable power, P(deterrence)), each coefficient +-50 %: 9 frames. Live adds
        the swing (10 % to 90 %).
    """
    from ..models import policy_lab as lab

    n = len(lab.SENSITIVE)
    lo_lim, hi_lim = RATIO_LIMITS

    def model(comparison, metric, swing):
        a, b = COMPARISONS[comparison]
        return lab.sensitivity(a, b, metric, swing)

    def limits(metric):
        return RATIO_LIMITS_WIDE if metric == "p_deterrence" else RATIO_LIMITS

    def clip(x, lims=RATIO_LIMITS):
        return float(min(lims[1], max(lims[0], x))) if not math.isnan(x) else 1.0

    def draw(fig):
        # On a phone the coefficients' names would leave the bars no room beside them: each name
        # goes above its pair of bars instead, and the figure grows taller to hold them.
        phone = fig.get_figwidth() < PHONE_MAX_WIDTH_IN
        if phone:
            fig.set_size_inches(fig.get_figwidth(), PHONE_HEIGHT_IN)
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.05 if phone else 0.34, right=0.95 if phone else 0.97, bottom=0.12, top=0.88)
        ys = np.arange(n)[::-1]
        bar = 0.22 if phone else 0.38
        low = ax.barh(ys, np.zeros(n), left=1.0, height=bar, align="edge", color=style.OKABE_ITO[5],
                      label="coefficient lowered")
        high = ax.barh(ys - bar, np.zeros(n), left=1.0, height=bar, align="edge", color=style.OKABE_ITO[1],
                       label="coefficient raised")
        base = ax.axvline(1.0, color="grey", linewidth=1, linestyle="--", label="ratio at the defaults")
        ax.axvline(1.0, color="black", linewidth=1.6)
        ax.set_xscale("log")
        ax.set_xlim(lo_lim, hi_lim)
        ax.set_xticks([0.25, 0.5, 1, 2, 4, 8])
        ax.set_xticklabels(["0.25", "0.5", "1", "2", "4", "8"])
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_ylim(-0.6, n - (0.0 if phone else 0.2))
        ax.set_yticks(ys)
        names = []
        if phone:
            ax.set_yticklabels([])
            ax.tick_params(axis="y", length=0)
            names = [ax.text(0.01, y + bar + 0.04, "", transform=ax.get_yaxis_transform(), ha="left",
                             va="bottom", zorder=5,
                             bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.9})
                     for y in ys]
        ax.tick_params(axis="y", labelsize=6.5)
        ax.set_xlabel("Ratio a / b (above 1: a beats b)")
        # Anchored at the plot's right edge: it may reach over the names' margin, not off the figure.
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, ncol=1 if phone else 3)
        return {"low": low, "high": high, "base": base, "ax": ax, "names": names}

    def update(h, s, values):
        a, b = COMPARISONS[values["comparison"]]
        ax = h["ax"]
        lims = limits(values["metric"])
        lo_lim, hi_lim = lims
        # A phone frame (it has the names above the bars) is narrow: every other tick there.
        every = (0.25, 1, 4, 16, 64) if h["names"] else (0.25, 0.5, 1, 2, 4, 8, 16, 32, 64)
        ticks = [t for t in every if lo_lim <= t <= hi_lim]
        ax.set_xlim(*lims)
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_locator(NullLocator())
        fails = list(s.loc[~s["survives"], "label"])
        names = [f"{c}  (fails)" if c in fails else c for c in s["label"]]
        if h["names"]:  # a phone frame: each name above its bars
            for text, name in zip(h["names"], names):
                text.set_text(name)
        else:
            ax.set_yticklabels(names)
        for lab_, c in zip(h["names"] or ax.get_yticklabels(), s["label"]):
            lab_.set_color(style.OKABE_ITO[6] if c in fails else "black")
            lab_.set_fontweight("bold" if c in fails else "normal")
        for bar, r in zip(h["low"], s["ratio_low"]):
            x = clip(r, lims)
            bar.set_x(min(1.0, x))
            bar.set_width(abs(x - 1.0))
        for bar, r in zip(h["high"], s["ratio_high"]):
            x = clip(r, lims)
            bar.set_x(min(1.0, x))
            bar.set_width(abs(x - 1.0))
        base = s.attrs["base"]
        h["base"].set_xdata([clip(base, lims)] * 2)
        metric = METRICS[values["metric"]]
        swing = 100 * values["swing"]
        survives = (f"the ranking survives every coefficient" if not fails else
                    f"the ranking fails (ratio 1 or below at one end) for {len(fails)} of {n}: {', '.join(fails)}")
        off = [c for c, lo_r, hi_r in zip(s["label"], s["ratio_low"], s["ratio_high"])
               if not (lo_lim <= lo_r <= hi_lim and lo_lim <= hi_r <= hi_lim)]
        alt = (f"Illustrative tornado chart of the ratio {a} / {b} in {metric} when each of {n} coefficients "
               f"is moved {swing:.0f} % down and up; at the defaults the ratio is {_ratio_words(base, b)}; {survives}.")
        lines = [
            f"Illustrative model: {a} ({lab.PRESET_NAMES[a]}) against {b} ({lab.PRESET_NAMES[b]}), "
            f"{metric}, each coefficient ±{swing:.0f} % with the others at their defaults.",
            f"Ratio at the defaults: {_ratio_words(base, b)}. " + _widest(s, b),
            f"Verdict: {survives}.",
        ]
        if off:
            lines.append(f"Drawn at the edge of the axis (ratio beyond {lo_lim:g}-{hi_lim:g}): {', '.join(off)}.")
        if any(math.isinf(r) for r in list(s["ratio_low"]) + list(s["ratio_high"])):
            lines.append(f"Where a ratio has no limit, {b} never succeeds (its value is 0) at that setting.")
        return alt, "\n".join(lines)

    def table(s, values):
        return {"Ratio at defaults": "no limit" if math.isinf(s.attrs["base"]) else f"{s.attrs['base']:.2f}",
                "Survives": f"{int(s['survives'].sum())} of {n}",
                "Widest": s["label"].iloc[0]}

    return Explorer(
        name="sensitivity",
        title="Does the ranking survive its assumptions? (illustrative model)",
        model=model,
        params=[
            Param("comparison", "Comparison", list(COMPARISONS), "S2-S1",
                  fmt={"S2-S1": "S2 dual track vs S1 spend more nationally",
                       "S4-S3": "S4 dual track + drawdown vs S3 drawdown",
                       "S4-S0": "S4 dual track + drawdown vs S0 status quo"}),
            Param("metric", "Output", list(METRICS), "power_per_bn", fmt=METRICS),
            Param("swing", "Change of each coefficient", [0.5], 0.5, fmt=lambda v: f"±{100 * v:.0f} %",
                  live_values=[0.1, 0.25, 0.5, 0.75, 0.9]),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"comparison": "S2-S1", "metric": "power_per_bn"},
            {"comparison": "S2-S1", "metric": "p_deterrence"},
            {"comparison": "S4-S0", "metric": "power_per_bn"},
        ],
        frozen_params=["comparison", "metric"],
        figsize=(6.4, 4.4),
        blit=False,
    )


# --------------------------------------------------------------------------- #
# (c) targets against outcomes (real data)                                     #
# --------------------------------------------------------------------------- #
#: The two guidelines of the Wales pledge (2 % agreed by defence ministers in 2006; 20 % set at Wales).
TARGETS = {
    "defence_share_gdp": (2.0, "the 2 % of GDP guideline, which the Wales pledge of 2014 asked allies "
                               "to move towards within a decade"),
    "equipment_share": (20.0, "the guideline, set at Wales in 2014, of 20 % of defence spending on major "
                              "equipment"),
}
#: The Wales pledge's horizon: allies below the guidelines aim to move towards them within a decade.
WALES_YEAR, WALES_DEADLINE = 2014, 2024


def target_counts(indicator):
    """Allies meeting a guideline of the Wales pledge, by year, over the members of each year.

    Parameters
    ----------
    indicator : {"defence_share_gdp", "equipment_share"}

    Returns
    -------
    pandas.DataFrame
        Index ``year``; columns ``met`` (allies at or above the guideline), ``with_data``
        (members of that year with a value), ``share`` (met / with_data) and ``names``
        (list of the countries meeting it); ``attrs["estimates"]`` holds the estimate years.

    Raises
    ------
    ValueError
        For an unknown indicator.
    """
    import pandas as pd

    from ..chapter import is_aggregate
    from ..data import load

    if indicator not in TARGETS:
        raise ValueError(f"indicator must be one of {', '.join(TARGETS)}; got {indicator!r}.")
    nato = members_by_year(load("nato_spending"), keep_aggregates=False)
    t = nato[(nato["indicator"] == indicator) & nato["value"].notna()]
    t = t[~t["iso3"].map(is_aggregate)]
    level = TARGETS[indicator][0]
    rows = {}
    for year, g in t.groupby("year"):
        ok = g[g["value"] >= level]
        rows[int(year)] = {"met": int(len(ok)), "with_data": int(len(g)),
                           "share": len(ok) / len(g), "names": sorted(ok["country"])}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    out.attrs["estimates"] = estimate_years(t)
    return out


def targets_explorer():
    """Real data: allies meeting the two guidelines of the Wales pledge, year by year.

    Returns
    -------
    Explorer
        Kernel-free: guideline (2 % of GDP, 20 % on equipment) x year (2014 to the latest):
        22 frames. Counts use the members of each year.
    """
    tables = {k: target_counts(k) for k in TARGETS}
    years = sorted(tables["defence_share_gdp"].index)
    est = tables["defence_share_gdp"].attrs["estimates"] | tables["equipment_share"].attrs["estimates"]

    def model(indicator, year):
        return {"table": tables[indicator], "year": int(year), "indicator": indicator}

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.16, top=0.84)
        x = np.array(years)
        (total,) = ax.step(x, np.zeros(len(x)), where="mid", color="grey", linewidth=1.4,
                           label="members with data")
        (met,) = ax.plot(x, np.zeros(len(x)), color=style.OKABE_ITO[1], marker="o", linewidth=2,
                         label="members meeting the guideline")
        (chosen,) = ax.plot([x[-1]], [0], marker="o", markersize=12, markerfacecolor="none",
                            markeredgecolor="black", linestyle="none", label="chosen year")
        ax.axvline(WALES_DEADLINE, color="black", linestyle=":", linewidth=1.2)
        ax.text(WALES_DEADLINE - 0.15, 33.5, "Wales horizon", ha="right", va="top", fontsize=7)
        ax.set_xticks(x[::2])
        ax.set_xticklabels([year_label(y, est, short=True) for y in x[::2]])
        ax.set_xlim(x[0] - 0.5, x[-1] + 0.5)
        ax.set_ylim(0, 35)
        ax.set_xlabel("Year")
        ax.set_ylabel("Allies")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=7, ncol=3)
        return {"total": total, "met": met, "chosen": chosen}

    def update(h, r, values):
        t = r["table"].reindex(years)
        h["total"].set_ydata(t["with_data"].to_numpy(float))
        h["met"].set_ydata(t["met"].to_numpy(float))
        y = r["year"]
        row = r["table"].loc[y]
        h["chosen"].set_data([y], [row["met"]])
        level, words = TARGETS[r["indicator"]]
        when = year_label(y, est)
        first, last = r["table"].loc[years[0]], r["table"].loc[years[-1]]
        alt = (f"Line chart from NATO data of the allies meeting {words}, "
               f"{years[0]} to {year_label(years[-1], est)}, members of each year: {first['met']} of "
               f"{first['with_data']} in {years[0]}, {last['met']} of {last['with_data']} in "
               f"{year_label(years[-1], est)}; in {when}, {row['met']} of {row['with_data']}.")
        names = ", ".join(row["names"]) if row["met"] else "none"
        lines = [
            f"{when}: {row['met']} of {row['with_data']} allies with data met {words}.",
            f"Meeting it: {names}.",
        ]
        return alt, "\n".join(lines)

    def table(r, values):
        row = r["table"].loc[r["year"]]
        return {"Meeting": str(row["met"]), "With data": str(row["with_data"])}

    return Explorer(
        name="targets",
        title="Did the allies meet the Wales pledge? (NATO data)",
        model=model,
        params=[
            Param("indicator", "Guideline", list(TARGETS), "defence_share_gdp",
                  fmt={"defence_share_gdp": "2 % of GDP", "equipment_share": "20 % on equipment"}),
            Param("year", "Year", years, years[-1], fmt=lambda y: year_label(y, est, short=True)),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"indicator": "defence_share_gdp", "year": years[0]},
            {"indicator": "defence_share_gdp", "year": years[-1]},
            {"indicator": "equipment_share", "year": years[0]},
            {"indicator": "equipment_share", "year": years[-1]},
        ],
        figsize=(6.4, 3.4),
        blit=True,
    )
