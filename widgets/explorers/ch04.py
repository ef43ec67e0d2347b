"""Chapter 4 explorers: what fragmented production and fragmented orders cost.

* :func:`fragmentation_explorer` - Model 4A (:func:`widgets.models.industry.fragmentation`):
  average unit cost of k national programmes against one joint programme, with exact
  learning-curve sums. All parameter values are illustrative teaching values.
* :func:`rampup_explorer` - Model 4B (:func:`widgets.models.industry.ramp_up`): whether
  buyers' contracts trigger new capacity, and when it arrives. Illustrative values.
"""
from __future__ import annotations

import numpy as np

from .. import style
from .core import Explorer, Param

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
        return {**r, "curve": curve, "lines": lines}

    # Fixed axis: the dearest kernel-free frame (LR 1, D 500, k 8) sets the top.
    top = max(national_cost(quantity, 8, d, lr) / quantity for lr in lrs for d in ds)
    ymax = float(np.ceil(top * 1.1 * 2) / 2)

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.16, top=0.86)
        (line,) = ax.plot(KS, np.zeros(len(KS)), marker="o", color=style.OKABE_ITO[1],
                          label="k national programmes")
        (chosen,) = ax.plot([4], [0], marker="o", markersize=11, markerfacecolor="none",
                            markeredgecolor="black", linestyle="none", label="chosen k")
        (joint,) = ax.plot([4], [0], marker="D", markersize=8, color=style.OKABE_ITO[2],
                           linestyle="none", label="one joint programme of k partners")
        ax.set_xticks(KS)
        ax.set_xlim(0.5, 8.5)
        ax.set_ylim(0, ymax)
        ax.set_xlabel("Number of programmes / partners k")
        ax.set_ylabel("Average unit cost (× first-unit cost)")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=3)
        return {"line": line, "chosen": chosen, "joint": joint}

    def update(h, r, values):
        k = int(values["k"])
        h["line"].set_ydata(r["curve"])
        h["chosen"].set_data([k], [r["national_average"]])
        h["joint"].set_data([k], [r["joint_average"]])
        setting = (f"learning rate {values['learning_rate']:.2f}, development cost "
                   f"{values['development_cost']:.0f}, Q = {quantity}")
        cheaper = "cheaper" if r["joint_average"] < r["national_average"] else "dearer"
        alt = (f"Illustrative Model 4A line chart of the average unit cost of k national programmes, "
               f"k = 1 to 8, at {setting}. One programme: {_num(r['single_average'])}; {k} national "
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


def rampup_explorer():
    """Model 4B: contract length, number of buyers and the capacity lag (illustrative values).

    Returns
    -------
    Explorer
        Kernel-free: number of buyers (1, 2, 5) x contract length (1 to 10 years).
        Live adds the lag before new capacity produces.
    """
    from ..models.industry import ramp_up

    def model(buyers, contract_years, lag):
        return ramp_up(100.0, buyers, contract_years, lag=lag, initial_capacity=50.0, horizon=8)

    def draw(fig):
        ax = fig.add_subplot(1, 1, 1)
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.16, top=0.86)
        years = np.arange(1, 9)
        bars = ax.bar(years, np.zeros(8), color=style.OKABE_ITO[4], width=0.7, label="deliveries")
        ax.axhline(100, color="black", linestyle="--", linewidth=1.2, label="yearly need")
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
        alt = (f"Illustrative Model 4B bar chart of yearly deliveries over eight years against a need of 100 "
               f"a year, with {k} buyer{'s' if k > 1 else ''} on {hy}-year contracts and a lag of {lag} years: "
               f"{built}; {share:.0f} % of the eight years' need delivered.")
        lines = [
            f"Illustrative model: need 100 a year, existing capacity 50, {k} separate contract"
            f"{'s' if k > 1 else ''} of {hy} year{'s' if hy > 1 else ''}, lag {lag} years.",
            f"Result: {built}. Delivered over eight years: {share:.0f} % of the need.",
            f"One contract's first block pays from a contract of {path.attrs['threshold_years']:.2f} years.",
        ]
        return alt, "\n".join(lines)

    def table(path, values):
        return {"Blocks": str(path.attrs["blocks"]),
                "Delivered, 8 years": f"{100 * float(path['share'].iloc[-1]):.0f} %",
                "Threshold, years": _num(path.attrs["threshold_years"])}

    return Explorer(
        name="rampup",
        title="Do fragmented orders build factories? (illustrative model)",
        model=model,
        params=[
            Param("buyers", "Separate buyers", list(BUYERS), 5, fmt=BUYERS),
            Param("contract_years", "Contract length", list(range(1, 11)), 1, unit="years", fmt="{}"),
            Param("lag", "Lag before new capacity produces", [1, 2, 3, 4, 5], 3, unit="years", fmt="{}"),
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
