"""Chapter 1 explorers: who pays for a shared defence, and how burdens compare.

* :func:`public_goods_explorer` - Model 1A (:mod:`widgets.models.alliance`)
  calibrated to NATO's June 2024 estimates for seven European allies; the
  publicness and US-contribution levers are illustrative teaching values.
* :func:`burden_explorer` - NATO's 2014-2024 tables through
  :func:`widgets.models.burden.burden_table`: four burden metrics by year.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import style
from ..chapter import estimate_years, join, members_by_year, year_label
from .core import Explorer, Param

SHORT_NAMES = {"United Kingdom": "UK", "United States": "US", "North Macedonia": "N. Macedonia"}


def _short(name):
    return SHORT_NAMES.get(name, name)


def _fixed(value, digits, sign=False):
    """Format ``value`` with ``digits`` decimals, never as "-0.00" (or "+0.00")."""
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    return text.lstrip("+-") if float(text) == 0 else text


# --------------------------------------------------------------------------- #
# (a) Model 1A: public goods, US contribution and spending floors             #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class PublicGoodsResult:
    """One setting of Model 1A with the comparison points the readout needs.

    Attributes
    ----------
    eq : AllianceEquilibrium
        Equilibrium at the setting.
    at_g0 : AllianceEquilibrium
        Same publicness and floor, US contribution at its baseline ``G0``.
    baseline : AllianceEquilibrium
        The calibrated baseline (reproduces NATO's 2024 estimates).
    G0 : float
        Baseline US contribution (illustrative).
    offset : float or None
        Offset ratio Δ(allied spending) / (−ΔG) from ``G0`` to the setting's
        G, or None when G equals ``G0``.
    at_beta0 : AllianceEquilibrium
        Same US contribution and floor, publicness at its baseline ``beta0``
        (used to name the lever behind an implausible burden).
    """

    eq: object
    at_g0: object
    baseline: object
    G0: float
    offset: object
    at_beta0: object = None


def _zero_spenders(k, n):
    """How many allies spend nothing, as a person writes it ("all 7 allies spend something")."""
    if k == 0:
        return f"all {n} allies spend something"
    if k == n:
        return f"all {n} allies spend nothing"
    return f"{k} of {n} allies spend nothing"


def largest_share(eq, Y):
    """Share (%) of the allied total paid by the ally with the largest GDP."""
    total = float(eq.allied_total)
    return 100.0 * float(np.asarray(eq.q)[int(np.argmax(Y))]) / total if total > 0 else 0.0


def highest_burden_text(names, burden, digits=1):
    """"Germany 3.5 %", or "all seven at 3.5 %" / "Germany and France 3.5 %" on a tie."""
    burden = np.asarray(burden, dtype=float)
    shown = np.round(burden, digits)
    top = shown.max()
    tied = [n for n, v in zip(names, shown) if v == top]
    value = _fixed(float(burden.max()), digits)
    if len(tied) == len(names) and len(names) > 2:
        return f"all {len(names)} at {value} %"
    return f"{join(tied)} {value} %"


def implausible_cause(r, plausible, beta0, G0):
    """Which lever makes the model ask for an implausible burden (for the note).

    Returns "low publicness", "the US cut" or "low publicness and the US cut"
    by re-solving the same setting with each lever back at its baseline.
    """
    eq = r.eq
    low_beta = r.at_g0 is not None and float(np.max(r.at_g0.burden_pct)) > plausible
    us_cut = r.at_beta0 is not None and float(np.max(r.at_beta0.burden_pct)) > plausible
    if low_beta and not us_cut:
        return "at this low publicness"
    if us_cut and not low_beta:
        return "with the US contribution cut to " + _fixed(float(eq.G), 2) + " US$ trillion"
    return "at this low publicness and with the US contribution cut"


FLOOR_LABELS = {0.0: "none", 0.02: "2 % of GDP", 0.035: "3.5 % of GDP"}


def beta_label(beta):
    """Publicness as read: one decimal on the kernel-free grid ("0.5"), two on the live
    grid's half steps ("0.55"), so no two live positions share a label."""
    return f"{beta:.1f}" if abs(beta * 10 - round(beta * 10)) < 1e-9 else f"{beta:.2f}"


def public_goods_explorer(year=2024):
    """Model 1A: publicness, US contribution and floors for seven European allies.

    Parameters
    ----------
    year : int, default 2024
        NATO data year used for the calibration (GDP and defence share).

    Returns
    -------
    Explorer
        Kernel-free sliders: publicness β (8 values, 0.3 to 1.0) x US contribution G
        (5 values, 0 to 2x the illustrative baseline). Live adds a spending
        floor (none, 2 %, 3.5 % of GDP).
    """
    from ..data import load
    from ..models.alliance import equilibrium, nato_calibration, offset_between

    cal = nato_calibration(year)
    Y, a, names, iso3 = cal.Y, cal.a, cal.names, cal.iso3
    G0, beta0 = cal.G0, cal.beta0
    observed = 100 * np.asarray(cal.q_obs) / np.asarray(Y)
    baseline = cal.baseline()
    is_estimate = int(year) in estimate_years(load("nato_spending"))
    year_note = year_label(year, is_estimate)
    # Publicness below 0.3 makes the illustrative model ask for implausible burdens
    # (over 10 % of GDP for Poland), so the kernel-free positions start at 0.3.
    betas = [round(0.1 * i, 1) for i in range(3, 11)]
    gs = [round(G0 * k, 4) for k in (0.0, 0.5, 1.0, 1.5, 2.0)]
    #: Burdens above this (1.5 x the highest observed share) trigger a plausibility note.
    plausible = 1.5 * float(np.max(observed))

    def model(beta, G, floor):
        eq = equilibrium(Y, a, beta, G=G, floor=floor, names=names)
        at_g0 = eq if G == G0 else equilibrium(Y, a, beta, G=G0, floor=floor, names=names)
        at_beta0 = eq if beta == beta0 else equilibrium(Y, a, beta0, G=G, floor=floor, names=names)
        offset = None if G == G0 else offset_between(at_g0, eq)
        return PublicGoodsResult(eq, at_g0, baseline, G0, offset, at_beta0)

    # Axes fit every kernel-free frame and printed setting, fixed while sliding so frames
    # compare honestly; a live-only setting beyond them is clipped and marked with an arrow.
    fitted = [model(b, g, 0.0) for b in betas for g in gs]
    fitted += [model(b, g, f) for b in (betas[0], beta0, 1.0) for g in (gs[0], gs[-1]) for f in FLOOR_LABELS]
    YMAX = float(np.ceil(max(max(np.max(r.eq.burden_pct) for r in fitted), np.max(observed)) * 1.08 + 0.6))
    top = max(r.eq.total_security for r in fitted)
    ymax_total = float(np.ceil(top * 1.12 * 10) / 10)

    def draw(fig):
        ax, side = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3.2, 1.3]})
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.24, top=0.86, wspace=0.42)
        x = np.arange(len(names))
        colours = [style.colour_for(c) for c in iso3]
        bars = ax.bar(x, np.zeros(len(names)), color=colours, width=0.7)
        from matplotlib.legend_handler import HandlerTuple
        from matplotlib.patches import Patch

        # Legend swatch in the bars' own colours (the bars are coloured by country).
        swatch = tuple(Patch(facecolor=c, edgecolor="none") for c in colours)
        (obs,) = ax.plot(x, observed, linestyle="none", marker="D", markersize=6, markerfacecolor="white",
                         markeredgecolor="black", label=f"NATO {year}{' estimate' if is_estimate else ''}")
        floor_line = ax.axhline(0, color=style.OKABE_ITO[5], linestyle="--", linewidth=1.2, visible=False)
        # Value labels sit inside the foot of each bar, clear of the NATO diamonds above, in black
        # on a white chip so that they read on every bar colour.
        labels = [ax.text(i, 0.12, "", ha="center", va="bottom", fontsize=8, color="black",
                          bbox=style.LABEL_CHIP) for i in x]
        ax.set_xticks(x, [_short(n) for n in names], rotation=30, ha="right")
        ax.set_ylim(0, YMAX)
        ax.set_ylabel("Defence spending, % of GDP")
        ax.legend([swatch, obs], ["Model (illustrative)", obs.get_label()],
                  handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
                  loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=2)
        cats = ["Baseline", "Setting"]
        allied = side.bar(cats, [0, 0], color=style.ALLIES_COLOUR, width=0.6, label="Allies")
        us = side.bar(cats, [0, 0], color=style.US_COLOUR, width=0.6, label="US (G)")
        totals = [side.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(2)]
        side.set_ylim(0, ymax_total)
        side.set_ylabel("Allied + US effort, US$ tn")
        side.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=2, handlelength=1,
                    columnspacing=0.8)
        # "observed" is in the handle so that blitting draws it above the bars.
        return {"bars": bars, "observed": obs, "labels": labels, "floor": floor_line, "allied": allied,
                "us": us, "totals": totals, "colours": colours,
                # Redrawn with the bars so that, as in a full draw, the axis lines stay on top of them.
                "spines": [ax.spines["bottom"], side.spines["bottom"]]}

    def update(h, r, values):
        eq, base = r.eq, r.baseline
        burden = np.asarray(eq.burden_pct)
        for bar, text, v, c in zip(h["bars"], h["labels"], burden, h["colours"]):
            bar.set_height(min(v, YMAX))
            text.set_text(_fixed(v, 1) + ("↑" if v > YMAX else ""))
        floor = values["floor"]
        h["floor"].set_ydata([100 * floor, 100 * floor])
        h["floor"].set_visible(floor > 0)
        for k, e in enumerate((base, eq)):
            allied_h = min(e.allied_total, ymax_total)
            h["allied"][k].set_height(allied_h)
            h["us"][k].set_y(allied_h)
            h["us"][k].set_height(max(0.0, min(e.G, ymax_total - allied_h)))
            h["totals"][k].set_position((k, min(e.total_security, ymax_total) + 0.02))
            h["totals"][k].set_text(_fixed(e.total_security, 2) + ("↑" if e.total_security > ymax_total else ""))
        free = [n for n, f in zip(names, eq.free_riders) if f]
        hi = int(np.argmax(burden))
        big = names[int(np.argmax(Y))]
        share_big = largest_share(eq, Y)
        beta = values["beta"]
        setting = (f"publicness {beta:.1f}, US contribution {values['G']:.2f} US$ trillion, "
                   f"floor {FLOOR_LABELS.get(floor, floor)}")
        alt = (
            f"Illustrative Model 1A bar chart of seven European allies' defence spending as a share of GDP at "
            f"{setting}, with NATO's {year_note} shares as diamonds. Highest burden: "
            f"{highest_burden_text(names, burden)}. {_zero_spenders(len(free), len(names))}; "
            f"{big}, the largest economy, pays {share_big:.0f} % of the allied total. Side panel: "
            f"alliance defence effort (allied + US) {_fixed(eq.total_security, 2)} US$ trillion against "
            f"{_fixed(base.total_security, 2)} at the calibrated baseline."
        )
        lines = [
            f"Illustrative model calibrated to NATO's {year_note} data ({setting}).",
            f"Alliance defence effort (allied + US): {_fixed(eq.allied_total, 2)} + {_fixed(eq.G, 2)} = "
            f"{_fixed(eq.total_security, 2)} US$ trillion; calibrated baseline (β = {beta0:.1f}, "
            f"G = {G0:.2f}): {_fixed(base.allied_total, 2)} + {_fixed(base.G, 2)} = "
            f"{_fixed(base.total_security, 2)}.",
            f"{big}, the largest economy, pays {share_big:.0f} % of the allied total.",
        ]
        if r.offset is None:
            lines.append(f"Offset ratio: move the US contribution away from {r.G0:.2f} to see how much "
                         "the allies make up.")
        else:
            d_allied = eq.allied_total - r.at_g0.allied_total
            d_total = eq.total_security - r.at_g0.total_security
            verb = "cut" if values["G"] < r.G0 else "raise"
            lines.append(
                f"Offset ratio (allied increase per dollar of US cut) {_fixed(r.offset, 2)} "
                f"(vs G = {r.G0:.2f} at the same β = {beta:.1f}): a US "
                f"{verb} from {r.G0:.2f} to {values['G']:.2f} changes allied spending by "
                f"{_fixed(d_allied, 2, sign=True)} and the alliance defence effort by "
                f"{_fixed(d_total, 2, sign=True)} US$ trillion."
            )
        lines.append("Allies spending nothing: " + (join(free) if free else "none") + ".")
        if burden[hi] > plausible:
            cause = implausible_cause(r, plausible, beta0, G0)
            note = (f"Note: illustrative model - {cause} it asks {names[hi]} for "
                    f"{_fixed(burden[hi], 1)} % of GDP, more than 1.5 times the highest {year} share among "
                    "these allies; read it as a direction, not a forecast.")
            lines.append(note)
            alt += " " + note
        return alt, "\n".join(lines)

    def table(r, values):
        eq = r.eq
        return {
            "Allies, US$ tn": _fixed(eq.allied_total, 2),
            "Allies + US, US$ tn": _fixed(eq.total_security, 2),
            f"Offset ratio vs G = {r.G0:.2f}": "–" if r.offset is None else _fixed(r.offset, 2),
            "Allies at zero": "none" if not np.any(eq.free_riders) else f"{int(np.sum(eq.free_riders))} of {len(names)}",
            "Highest burden": highest_burden_text([_short(n) for n in names], eq.burden_pct),
            "Largest economy's share": f"{largest_share(eq, Y):.0f} %",
        }

    return Explorer(
        name="public_goods",
        title="Who pays for a shared defence? (illustrative model)",
        model=model,
        params=[
            Param("beta", "Publicness β", betas, beta0, fmt=beta_label,
                  live_values=[round(0.05 * i, 2) for i in range(21)]),
            Param("G", "US contribution G", gs, G0, unit="US$ tn", fmt="{:.2f}",
                  live_values=[round(G0 * k / 6, 4) for k in range(13)]),
            Param("floor", "Spending floor", list(FLOOR_LABELS), 0.0, fmt=FLOOR_LABELS),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"beta": beta0, "G": G0},
            {"beta": 1.0, "G": gs[0]},
            {"beta": beta0, "G": gs[0]},
            {"beta": betas[0], "G": G0},
            {"beta": beta0, "G": G0, "floor": 0.035},
        ],
        figsize=(7.2, 3.6),
        blit=True,
    )


# --------------------------------------------------------------------------- #
# (b) NATO burden metrics, 2014-2024                                          #
# --------------------------------------------------------------------------- #
METRIC_LABELS = {"share_gdp": "Share of GDP", "per_capita": "Per person", "share_of_total": "Share of NATO total",
                 "equipment_share": "Equipment share"}
#: Guideline drawn for a metric: NATO's 2 % of GDP (Wales 2014) and 20 % on equipment.
GUIDELINES = {"share_gdp": 2.0, "equipment_share": 20.0}
UNIT_SHORT = {"share_gdp": "% of GDP", "per_capita": "US$ per person (2015 prices)",
              "share_of_total": "% of NATO total", "equipment_share": "% of defence spending"}
#: Axis label of each metric (what is measured, then the unit).
AXIS_LABELS = {"share_gdp": "Defence spending, % of GDP",
               "per_capita": "Defence spending per person, US$ (2015 prices)",
               "share_of_total": "Share of all NATO defence spending, %",
               "equipment_share": "Equipment, % of defence spending"}
GROUP_LABELS = {"all": "All allies", "founding": "Founding members (1949)",
                "cold_war": "Joined 1952-1982", "since_1999": "Joined since 1999"}
#: How a group reads inside a sentence ("for 31 allies with data").
GROUP_PHRASES = {"all": "allies", "founding": "founding members (1949)",
                 "cold_war": "allies that joined in 1952-1982", "since_1999": "allies that joined since 1999"}
#: How a metric reads inside a sentence (alt text).
METRIC_PHRASES = {"share_gdp": "defence spending as a share of GDP",
                  "per_capita": "defence spending per person",
                  "share_of_total": "each ally's share of NATO's total defence spending",
                  "equipment_share": "the share of defence spending on equipment"}


@dataclass(frozen=True)
class BurdenResult:
    """A sorted burden table with the context the figure needs."""

    table: object
    metric: str
    year: int
    estimate: bool


def count_phrase(k, n):
    """The one wording of a member count used by the explorer and the chapter: "23 of 31 allies with data"."""
    return f"{k} of {n} allies with data"


def _fmt_value(metric, v):
    return f"US$ {v:,.0f}" if metric == "per_capita" else f"{v:.2f} %"


def burden_explorer():
    """NATO burden metrics by year (real data, NATO June 2024 tables).

    Returns
    -------
    Explorer
        Kernel-free sliders: metric (4) x year (2014-2024, 11) = 44 frames.
        Live adds a country-group dropdown (by year of accession).
    """
    from ..data import load
    from ..models.burden import burden_table

    countries = load("countries")
    # Counts, rankings and medians refer to the alliance as it was in each year: NATO's tables
    # carry today's allies back to 2014, so later entrants are dropped from the years before they joined.
    nato = members_by_year(load("nato_spending"), countries)
    years = sorted(int(y) for y in nato["year"].unique())
    estimates = estimate_years(nato)
    tables = {(m, y): burden_table(nato, y, m) for m in METRIC_LABELS for y in years}
    since = {c: int(s) for c, s in countries.set_index("iso3")["nato_member_since"].dropna().items()}
    groups = {
        "all": None,
        "founding": {c for c, s in since.items() if s == 1949},
        "cold_war": {c for c, s in since.items() if 1952 <= s <= 1982},
        "since_1999": {c for c, s in since.items() if s >= 1999},
    }
    n_max = max(len(t) for t in tables.values())
    iso_names = {c: n for t in tables.values() for c, n in zip(t["iso3"], t["country"])}
    present = set(iso_names)
    xmax = {m: 1.12 * max(float(tables[(m, y)]["value"].max()) for y in years) for m in METRIC_LABELS}

    def model(metric, year, group):
        t = tables[(metric, year)]
        if groups[group] is not None:
            t = t[t["iso3"].isin(groups[group])].reset_index(drop=True)
        return BurdenResult(t, metric, year, year in estimates)

    def draw(fig):
        # Everything that changes is an artist in the handle (blitting): the x axis is
        # normalised to the metric's largest value over all years, and bars carry values.
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.25, right=0.97, top=0.98, bottom=0.1)
        y = np.arange(n_max)
        bars = ax.barh(y, np.zeros(n_max), color=style.GREY, height=0.75)
        names = [ax.text(-0.015, i, "", ha="right", va="center", fontsize=8,
                         transform=ax.get_yaxis_transform()) for i in y]
        guide = ax.axvline(0, color="black", linestyle="--", linewidth=1, visible=False)
        # Tick marks and labels drawn by hand (few texts keep live updates fast).
        ticks = ax.plot([], [], color="#BBBBBB", linewidth=0.8, zorder=0.5)[0]
        tick_labels = [ax.text(0, -0.012, "", ha="center", va="top", fontsize=8,
                               transform=ax.get_xaxis_transform()) for _ in range(6)]
        xlabel = ax.text(0.5, -0.05, "", ha="center", va="top", fontsize=10, transform=ax.transAxes)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.6, n_max - 0.4)
        # Colour key: the allies the course names get their own colour, the rest grey.
        from matplotlib.patches import Patch

        keyed = [c for c in style.COUNTRY_COLOURS if c in present]
        key = [Patch(color=style.colour_for(c), label=_short(iso_names[c])) for c in keyed]
        key.append(Patch(color=style.GREY, label="Other allies"))
        legend = ax.legend(handles=key, loc="lower right", fontsize=7, ncol=2, handlelength=1,
                           columnspacing=0.8, title="Colour key", title_fontsize=7)
        legend.set_zorder(0.4)  # under the bars in a full draw too, as in a blitted one
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)  # bars start there; a spine would sit under them when blitting
        return {"ticks": ticks, "bars": bars, "names": names, "guide": guide, "tick_labels": tick_labels,
                "xlabel": xlabel, "spine": ax.spines["bottom"]}  # spine: kept above the tick lines

    def update(h, r, values):
        t, metric = r.table, r.metric
        n = len(t)
        vals = t["value"].to_numpy(dtype=float)
        scale = xmax[metric]
        for i, (bar, name) in enumerate(zip(h["bars"], h["names"])):
            row = n_max - 1 - i  # largest at the top
            if row < n:
                bar.set_width(vals[row] / scale)
                bar.set_color(style.colour_for(t["iso3"].iloc[row]))
                bar.set_visible(True)
                name.set_text(_short(t["country"].iloc[row]))
            else:
                # Hidden, not zero-width: a zero-width bar still leaves a sliver at x = 0.
                bar.set_width(0)
                bar.set_visible(False)
                name.set_text("")
        steps = [v for v in MaxNLocator(5).tick_values(0, scale) if 0 <= v <= scale][:len(h["tick_labels"])]
        xs, ys = [], []
        for v in steps:
            xs += [v / scale, v / scale, np.nan]
            ys += [-0.6, n_max - 0.4, np.nan]
        h["ticks"].set_data(xs, ys)
        for k, label in enumerate(h["tick_labels"]):
            if k < len(steps):
                label.set_x(steps[k] / scale)
                label.set_text(f"{steps[k]:,.0f}" if scale > 5 else f"{steps[k]:g}")
            else:
                label.set_text("")
        h["xlabel"].set_text(AXIS_LABELS[metric])
        guide = GUIDELINES.get(metric)
        h["guide"].set_xdata([(guide or 0) / scale] * 2)
        h["guide"].set_visible(guide is not None)
        when = year_label(r.year, r.estimate)
        who = GROUP_LABELS[values["group"]].lower()
        top, bottom = t.iloc[0], t.iloc[-1]
        alt = (f"Horizontal bar chart of {METRIC_PHRASES[metric]} ({UNIT_SHORT[metric]}) in {when} for "
               f"{n} {GROUP_PHRASES[values['group']]} with data, sorted from highest to lowest: highest {top['country']} "
               f"({_fmt_value(metric, top['value'])}), lowest {bottom['country']} "
               f"({_fmt_value(metric, bottom['value'])}).")
        text = (f"{METRIC_LABELS[metric]}, {when}, {who}: highest {top['country']} "
                f"{_fmt_value(metric, top['value'])}; lowest {bottom['country']} "
                f"{_fmt_value(metric, bottom['value'])}; median {_fmt_value(metric, float(np.median(vals)))}.")
        if guide is not None:
            k = int(np.sum(vals >= guide - 1e-9))
            sentence = f" {count_phrase(k, n)} at or above the {guide:g} % guideline."
            alt += sentence
            text += sentence
        text += "\nSource: NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024."
        return alt, text

    def table(r, values):
        t, metric = r.table, r.metric
        guide = GUIDELINES.get(r.metric)
        vals = t["value"].to_numpy(dtype=float)
        return {
            "Highest": f"{t['country'].iloc[0]} {_fmt_value(metric, vals[0])}",
            "Lowest": f"{t['country'].iloc[-1]} {_fmt_value(metric, vals[-1])}",
            "Median": _fmt_value(metric, float(np.median(vals))),
            "At or above guideline": "–" if guide is None else count_phrase(int(np.sum(vals >= guide - 1e-9)),
                                                                              len(t)),
        }

    last = years[-1]
    return Explorer(
        name="burden",
        title="How do NATO allies' burdens compare, 2014-2024?",
        model=model,
        params=[
            Param("metric", "Metric", list(METRIC_LABELS), "share_gdp", fmt=METRIC_LABELS),
            Param("year", "Year", years, last, fmt=lambda y: year_label(y, estimates, short=True)),
            Param("group", "Allies shown", list(GROUP_LABELS), "all", fmt=GROUP_LABELS),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"metric": "share_gdp", "year": years[0]},
            {"metric": "share_gdp", "year": last},
            {"metric": "share_of_total", "year": last},
            {"metric": "per_capita", "year": last},
            {"metric": "equipment_share", "year": last},
        ],
        figsize=(6.4, 6.4),
        blit=True,
    )
