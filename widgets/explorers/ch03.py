"""Chapter 3 explorers: what a coalition can do together.

* :func:`cohesion_explorer` - Model 3A (:mod:`widgets.models.cohesion`): standards adoption h,
  enablers with or without US support, caveats (live only). Illustrative teaching values.
* :func:`deterrence_explorer` - Model 3B: shared threat assessment psi and common standards h,
  a Monte Carlo with a fixed seed (``cohesion.SEED``, ``cohesion.N_DRAWS`` draws).
* :func:`exercise_network_explorer` - the MME exercises data (1980-2010) as a matrix of which
  allies trained together, by period, with the same figures as text in the readout and table.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .. import style
from ..models import cohesion as co
from .core import Explorer, Param
from .render import PHONE_MAX_WIDTH_IN

#: Illustrative enabler coverage (ISR, air-to-air refuelling, munitions): with and without US support.
ENABLERS = {"with": (1.0, 1.0, 1.0), "without": (0.6, 0.5, 0.7)}
ENABLER_LABELS = {"with": "With US enablers", "without": "Without US enablers"}
CAVEAT_LABELS = {1.0: "No caveats", 0.8: "Caveats: 3 allies at 80 %", 0.6: "Caveats: 3 allies at 60 %"}
H_GRID = [round(0.1 * i, 1) for i in range(11)]
N_ALLIES = 5
#: The two coalitions compared: more units per ally, or fewer.
BIG, SMALL = 30, 22


def _lower_first(label):
    """``label`` with its first letter in lower case ("With US enablers" -> "with US enablers")."""
    return label[:1].lower() + label[1:]


def _kappa(k):
    return [k, k, k, 1.0, 1.0]


# --------------------------------------------------------------------------- #
# (a) Model 3A                                                                 #
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class CohesionResult:
    h: float
    big: np.ndarray     # usable units of 5 x BIG over H_GRID
    small: np.ndarray   # usable units of 5 x SMALL over H_GRID
    at_big: float
    at_small: float
    big_low: float      # 5 x BIG at h = 0.3
    cap: float


def cohesion_explorer():
    """Model 3A: five allies, standards adoption h, enablers with or without US support.

    Returns
    -------
    Explorer
        Kernel-free: h (11 values, 0 to 1) x enablers (with / without US) = 22 frames.
        Live adds national caveats on three of the five allies.
    """

    def model(h, enablers, kappa):
        e = ENABLERS[enablers]
        kap = _kappa(kappa)
        curve = lambda c: np.array([co.usable_units([c] * N_ALLIES, x, kap, enablers=e) for x in H_GRID])
        return CohesionResult(h, curve(BIG), curve(SMALL),
                              co.usable_units([BIG] * N_ALLIES, h, kap, enablers=e),
                              co.usable_units([SMALL] * N_ALLIES, h, kap, enablers=e),
                              co.usable_units([BIG] * N_ALLIES, 0.3, kap, enablers=e), min(e))

    def draw(fig):
        narrow = fig.get_figwidth() < PHONE_MAX_WIDTH_IN
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.11, right=0.97, bottom=0.16, top=0.84)
        (lb,) = ax.plot(H_GRID, np.zeros(len(H_GRID)), color=style.OKABE_ITO[0], lw=2,
                        label=f"{N_ALLIES} allies × {BIG} units")
        (ls,) = ax.plot(H_GRID, np.zeros(len(H_GRID)), color=style.OKABE_ITO[4], lw=2, linestyle="--",
                        label=f"{N_ALLIES} allies × {SMALL} units")
        (mb,) = ax.plot([0], [0], "o", color=style.OKABE_ITO[0], ms=8)
        (ms,) = ax.plot([0], [0], "s", color=style.OKABE_ITO[4], ms=8)
        # The target the smaller force must beat: the larger force at h = 0.3 (moves with enablers and caveats).
        target = ax.axhline(0, color=style.OKABE_ITO[5], lw=1, linestyle="-.",
                            label=f"{N_ALLIES} × {BIG} at h = 0.3 (to beat)")
        target_text = ax.text(0.99, 0, "", fontsize=8, color=style.OKABE_ITO[5], ha="right", va="top",
                              transform=ax.get_yaxis_transform(), bbox=style.LABEL_CHIP)
        ax.axhline(N_ALLIES * BIG, color=style.GREY, lw=0.8, linestyle=":")
        ax.text(0.01, N_ALLIES * BIG + 2, f"paper strength ({N_ALLIES * BIG})" if narrow else
                f"paper strength of the larger force ({N_ALLIES * BIG} units)", fontsize=8, color="#555555")
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        ax.set_ylim(0, N_ALLIES * BIG * 1.12)
        ax.set_xlabel("Standards adoption h" if narrow else
                      "Standards adoption h (share of forces built to common standards)")
        ax.set_ylabel("Usable strength (units)" if narrow else "Usable strength, equivalent units")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=3)
        return {"big": lb, "small": ls, "mb": mb, "ms": ms, "target": target, "target_text": target_text}

    def update(hd, r, values):
        hd["big"].set_ydata(r.big)
        hd["small"].set_ydata(r.small)
        hd["mb"].set_data([r.h], [r.at_big])
        hd["ms"].set_data([r.h], [r.at_small])
        hd["target"].set_ydata([r.big_low, r.big_low])
        hd["target_text"].set_y(r.big_low - 2)
        hd["target_text"].set_text(f"to beat: {r.big_low:.1f}")
        setting = (f"h = {r.h:.1f}, {_lower_first(ENABLER_LABELS[values['enablers']])}, "
                   f"{_lower_first(CAVEAT_LABELS[values['kappa']])}")
        winner = (f"the smaller force of {N_ALLIES} x {SMALL} at h = {r.h:.1f} beats the larger "
                  f"{N_ALLIES} x {BIG} force at h = 0.3") if r.at_small > r.big_low else (
                  f"the smaller force of {N_ALLIES} x {SMALL} at h = {r.h:.1f} does not yet beat the larger "
                  f"{N_ALLIES} x {BIG} force at h = 0.3")
        alt = (f"Illustrative Model 3A line chart of usable coalition strength against standards adoption h "
               f"for five allies of {BIG} units (solid) and of {SMALL} units (dashed), {setting}. Both lines "
               f"rise with h; a dash-dot line marks {r.big_low:.1f}, the larger force at h = 0.3. At this setting the larger force fields {r.at_big:.1f} and the smaller "
               f"{r.at_small:.1f} equivalent units; {winner} ({r.big_low:.1f} units).")
        readout = "\n".join([
            f"Illustrative model ({setting}); weakest enabler coverage {r.cap:.1f}.",
            f"{N_ALLIES} x {BIG} units: {r.at_big:.1f} equivalent units at h = {r.h:.1f} "
            f"({r.big_low:.1f} at h = 0.3), of {N_ALLIES * BIG} on paper.",
            f"{N_ALLIES} x {SMALL} units: {r.at_small:.1f} equivalent units at h = {r.h:.1f}, "
            f"of {N_ALLIES * SMALL} on paper.",
            f"Verdict: {winner}.",
        ])
        return alt, readout

    def table(r, values):
        return {f"{N_ALLIES}x{BIG} units": f"{r.at_big:.1f}", f"{N_ALLIES}x{SMALL} units": f"{r.at_small:.1f}",
                f"{N_ALLIES}x{BIG} at h = 0.3": f"{r.big_low:.1f}", "Weakest enabler": f"{r.cap:.1f}"}

    return Explorer(
        name="cohesion",
        title="Spending more nationally or less together? (illustrative model)",
        model=model,
        params=[
            Param("h", "Standards adoption h", H_GRID, 0.4, fmt="{:.1f}",
                  live_values=[round(0.05 * i, 2) for i in range(21)]),
            Param("enablers", "Enablers", list(ENABLER_LABELS), "with", fmt=ENABLER_LABELS),
            Param("kappa", "National caveats", list(CAVEAT_LABELS), 1.0, fmt=CAVEAT_LABELS),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[
            {"h": 0.3, "enablers": "with"},
            {"h": 0.8, "enablers": "with"},
            {"h": 0.8, "enablers": "without"},
            {"h": 0.8, "enablers": "with", "kappa": 0.6},
        ],
        figsize=(6.6, 3.8),
    )


# --------------------------------------------------------------------------- #
# (b) Model 3B                                                                 #
# --------------------------------------------------------------------------- #
THETA = (0.9, 0.8, 0.5, 0.4, 0.3)
R_ADVERSARY = 60.0
PSI_GRID = [0.0, 0.25, 0.5, 0.75, 1.0]
H3B_GRID = [round(0.4 + 0.1 * i, 1) for i in range(7)]


def deterrence_explorer():
    """Model 3B: shared assessment psi x standards h, Monte Carlo with a fixed seed.

    Returns
    -------
    Explorer
        Kernel-free: psi (5 values) x h (7 values, 0.4 to 1.0) = 35 frames, each from
        ``cohesion.N_DRAWS`` draws with seed ``cohesion.SEED``.
    """
    bins = np.arange(0, 102, 5)

    def model(psi, h):
        return co.deterrence_monte_carlo(THETA, [20] * N_ALLIES, h=h, R=R_ADVERSARY, psi=psi)

    def draw(fig):
        narrow = fig.get_figwidth() < PHONE_MAX_WIDTH_IN
        ax, side = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.6, 1.4]})
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.2, top=0.85, wspace=0.35)
        counts = np.zeros(len(bins) - 1)
        bars = ax.bar(bins[:-1], counts, width=4.5, align="edge", color=style.OKABE_ITO[1])
        ax.axvline(R_ADVERSARY, color=style.OKABE_ITO[5], lw=1.5, linestyle="--")
        ax.text(R_ADVERSARY + 1, 0.9, f"adversary R = {R_ADVERSARY:.0f}", fontsize=8,
                transform=ax.get_xaxis_transform())
        ax.set_xlim(0, 102)
        ax.set_ylim(0, 1)
        ax.set_xlabel("Strength that shows up (units)" if narrow else
                      "Strength of the coalition that shows up (equivalent units)")
        ax.set_ylabel("Share of draws")
        x = np.arange(N_ALLIES)
        jb = side.bar(x, np.zeros(N_ALLIES), color=style.OKABE_ITO[2])
        side.set_xticks(x, [f"{t}" for t in THETA], fontsize=8)
        side.set_xlabel("Ally's threat perception θ")
        side.set_ylim(0, 1)
        side.set_ylabel("P(ally joins)")
        return {"bars": bars, "join": jb}

    def update(hd, r, values):
        hist, _ = np.histogram(r.units, bins=bins, weights=r.weights)
        hist[-1] += float(r.weights[r.units >= bins[-1]].sum())
        for b, v in zip(hd["bars"], hist):
            b.set_height(v)
        for b, v in zip(hd["join"], r.p_join):
            b.set_height(v)
        setting = f"shared assessment ψ = {values['psi']:.2f}, standards h = {values['h']:.1f}"
        alt = (f"Illustrative Model 3B histogram of the coalition's strength over {r.n_draws:,} Monte Carlo draws "
               f"(seed {r.seed}) at {setting}, with the adversary's strength {R_ADVERSARY:.0f} marked, and a side "
               f"panel of each ally's probability of joining. Deterrence holds in {100 * r.p_deterrence:.0f} % of "
               f"draws; the mean response is {r.mean_units:.1f} equivalent units.")
        readout = "\n".join([
            f"Illustrative model, {setting}; {r.n_draws:,} draws, seed {r.seed}.",
            f"P(deterrence) = {r.p_deterrence:.2f}; mean response {r.mean_units:.1f} equivalent units; "
            f"expected joiners {r.expected_joiners:.2f} of {N_ALLIES}.",
            "P(join): " + ", ".join(f"{p:.2f}" for p in r.p_join) + ".",
        ])
        return alt, readout

    def table(r, values):
        return {"P(deterrence)": f"{r.p_deterrence:.2f}", "Mean response": f"{r.mean_units:.1f}",
                "Expected joiners": f"{r.expected_joiners:.2f}"}

    return Explorer(
        name="deterrence",
        title="Do shared assessments and common standards deter together? (illustrative model)",
        model=model,
        params=[
            Param("psi", "Shared threat assessment ψ", PSI_GRID, 0.0, fmt="{:.2f}"),
            Param("h", "Standards adoption h", H3B_GRID, 0.8, fmt="{:.1f}"),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[{"psi": 0.0, "h": 0.8}, {"psi": 1.0, "h": 0.8}, {"psi": 1.0, "h": 0.4},
                         {"psi": 0.0, "h": 1.0}],
        figsize=(7.0, 3.6),
    )


# --------------------------------------------------------------------------- #
# (c) The exercise network                                                     #
# --------------------------------------------------------------------------- #
#: Colour of matrix cells for an ally that was not yet a member in the period.
NOT_MEMBER_GREY = "#BDBDBD"


def exercise_network_explorer():
    """Who trained with whom, by period (MME v7 data): a matrix of shared allied exercises.

    Returns
    -------
    Explorer
        Kernel-free: period (3 choices) = 3 frames.
    """
    from ..data import load
    from ..models import exercise_network as xn

    participants, countries = load("exercise_participants"), load("countries")
    periods = list(xn.PERIODS)
    mats = {p: xn.pair_counts(participants, countries, *xn.PERIODS[p]) for p in periods}
    sums = {p: xn.period_summary(participants, countries, *xn.PERIODS[p]) for p in periods}
    order = list(mats[periods[-1]].index)
    def off_diagonal(m):
        a = m.to_numpy().copy()
        np.fill_diagonal(a, 0)
        return a

    # Colours are on a log scale of the count (log1p), fixed across periods so that shades compare.
    vmax = float(np.log1p(max(off_diagonal(m).max() for m in mats.values())))
    # Cells of an ally that was not yet a member are grey, so they differ from white (no exercise).
    cmap = LinearSegmentedColormap.from_list("ch03", ["#FFFFFF", style.OKABE_ITO[4]]).with_extremes(
        bad=NOT_MEMBER_GREY)

    def model(period):
        m = mats[period].reindex(index=order, columns=order)
        return {"matrix": m, "summary": sums[period], "period": period}

    def draw(fig):
        from matplotlib.patches import Patch

        n = len(order)
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.98, bottom=0.2, top=0.93)
        im = ax.imshow(np.zeros((n, n)), cmap=cmap, vmin=0, vmax=vmax)
        # The diagonal (an ally with itself) is not a pair: blank, crossed by a thin line.
        ax.plot([-0.5, n - 0.5], [-0.5, n - 0.5], color=style.GREY, lw=0.6)
        ax.set_xticks(range(n), order, rotation=90, fontsize=7)
        ax.set_yticks(range(n), order, fontsize=7)
        ax.legend(handles=[Patch(facecolor=NOT_MEMBER_GREY, label="not yet a member"),
                           Patch(facecolor="#FFFFFF", edgecolor=style.GREY, lw=0.5, label="no shared exercise")],
                  loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, ncol=2, frameon=False)
        narrow = fig.get_figwidth() < PHONE_MAX_WIDTH_IN
        cax = ax.inset_axes([0, -0.2 if narrow else -0.12, 1, 0.035])  # follows the square matrix
        bar = fig.colorbar(im, cax=cax, orientation="horizontal")
        ticks = [t for t in (0, 1, 3, 10, 30, 100) if np.log1p(t) <= vmax]
        bar.set_ticks([float(np.log1p(t)) for t in ticks], labels=[str(t) for t in ticks])
        bar.ax.tick_params(labelsize=8)
        bar.set_label("Allied exercises the two allies shared", fontsize=8)
        return {"im": im}

    def update(hd, r, values):
        m = r["matrix"]
        arr = np.log1p(m.to_numpy(dtype=float))
        arr[np.isnan(arr)] = 0.0
        np.fill_diagonal(arr, 0.0)
        mask = np.isnan(m.to_numpy(dtype=float))
        shown = np.ma.array(arr, mask=mask)
        hd["im"].set_data(shown)
        s = r["summary"]
        valid = mats[r["period"]]
        off = valid.to_numpy().copy()
        np.fill_diagonal(off, 0)
        i, j = np.unravel_index(np.argmax(off), off.shape)
        top = f"{valid.index[i]}-{valid.index[j]} ({int(off[i, j])} exercises together)"
        alt = (f"Matrix of NATO allies (three-letter codes) in {r['period']}: each cell's shade shows how many "
               f"allied multinational exercises two allies shared (white = none, darker = more, on a colour bar of counts; grey = not yet a member; "
               f"the diagonal, an ally with itself, is blank). "
               f"{s['n_exercises']} allied exercises; {100 * s['density']:.0f} % of the {s['n_allies']} allies' "
               f"pairs trained together at least once; the US took part in {100 * s['us_share']:.0f} % of them; "
               f"{s['n_european_only']} were European-only. Most frequent pair: {top}.")
        readout = "\n".join([
            f"{r['period']}: {s['n_allies']} allies, {s['n_exercises']} allied exercises (MME v7).",
            f"Density: {100 * s['density']:.0f} % of pairs trained together at least once.",
            f"With the US: {100 * s['us_share']:.0f} % of allied exercises; "
            f"European-only: {s['n_european_only']} ({100 * s['european_only_share']:.0f} %).",
            f"Most frequent pair: {top}.",
        ])
        return alt, readout

    def table(r, values):
        s = r["summary"]
        return {"Allies": str(s["n_allies"]), "Allied exercises": str(s["n_exercises"]),
                "Density": f"{100 * s['density']:.0f} %", "With US": f"{100 * s['us_share']:.0f} %",
                "European-only": str(s["n_european_only"])}

    return Explorer(
        name="exercise_network",
        title="Who trained with whom? NATO allies' multinational exercises, 1980-2010",
        model=model,
        params=[Param("period", "Period", periods, periods[-1], fmt={p: p for p in periods})],
        draw=draw,
        update=update,
        table=table,
        static_settings=[{"period": p} for p in periods],
        figsize=(6.0, 6.0),
    )
