"""Chapter 2 explorers: what burden sharing buys and what it costs the patron.

* :func:`leverage_explorer` - Model 2A (:func:`widgets.models.trade_offs.trade_off`):
  deterrence, leverage and divergence as allied capability grows; illustrative values.
* :func:`dilemma_explorer` - Model 2B (:func:`widgets.models.trade_offs.frontier`):
  the abandonment-entrapment frontier with a conditional-commitment lever.
* :func:`opinion_explorer` - Pew Global Attitudes (via FiveThirtyEight): allied views of
  the United States and confidence in its president, 2000-2017, one ally at a time.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import style
from .core import Explorer, Param

# --------------------------------------------------------------------------- #
# (a) Model 2A                                                                 #
# --------------------------------------------------------------------------- #
KA_VALUES = [round(0.25 * i, 2) for i in range(13)]          # 0 to 3
DELTA_VALUES = [0.0, 0.1, 0.3, 0.6, 1.0]
KUS_LIVE = [round(0.25 * i, 2) for i in range(13)]


@dataclass(frozen=True)
class LeverageResult:
    """Model 2A at a setting, the curves over K_A, and the US's best commitment."""

    point: object
    table: object
    best: object


def leverage_explorer():
    """Model 2A: deterrence against leverage as the ally's capability K_A grows.

    Returns
    -------
    Explorer
        Kernel-free sliders: K_A (13 values, 0-3) x threat-perception gap delta0
        (5 values) = 65 frames. Live adds US committed capability K_US.
    """
    from ..models.trade_offs import best_commitment, trade_off, trade_off_table

    def model(K_A, delta0, K_US):
        return LeverageResult(trade_off(K_A, K_US=K_US, delta0=delta0),
                              trade_off_table(np.linspace(0, 3, 61), K_US=K_US, delta0=delta0),
                              best_commitment(K_A, delta0=delta0))

    def draw(fig):
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.11, right=0.97, top=0.95, bottom=0.15)
        lines = {
            "deterrence": ax.plot([], [], color=style.OKABE_ITO[4], lw=2, label="Deterrence D")[0],
            "leverage": ax.plot([], [], color=style.OKABE_ITO[5], lw=2, ls="--",
                                label="US leverage L")[0],
            "divergence": ax.plot([], [], color=style.OKABE_ITO[2], lw=2, ls=":",
                                  label="Policy divergence")[0],
        }
        marks = {k: ax.plot([], [], "o", color=l.get_color(), ms=7)[0] for k, l in lines.items()}
        vline = ax.axvline(0, color="#777777", lw=1)
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("Allied capability K_A")
        ax.set_ylabel("Value (0-1)")
        ax.legend(loc="center right", fontsize=8)
        return {"lines": lines, "marks": marks, "vline": vline}

    def update(h, r, values):
        t, p, b = r.table, r.point, r.best
        for k, line in h["lines"].items():
            line.set_data(t["K_A"], t[k])
            h["marks"][k].set_data([p.K_A], [getattr(p, k)])
        h["vline"].set_xdata([p.K_A, p.K_A])
        alt = (f"Line chart of Model 2A against allied capability from 0 to 3, with US commitment "
               f"{p.K_US:g} and threat-perception gap {p.delta0:g}: deterrence rises and US leverage falls "
               f"as the ally grows stronger. At K_A = {p.K_A:g}, deterrence is {p.deterrence:.2f}, "
               f"leverage {p.leverage:.2f} and policy divergence {p.divergence:.2f}.")
        text = (f"At K_A = {p.K_A:g}: deterrence {p.deterrence:.2f}, US leverage {p.leverage:.2f}, "
                f"policy divergence {p.divergence:.2f}.\n"
                f"US best commitment at this K_A and gap (the K_US that gives Washington its best payoff): "
                f"K_US* = {b.K_US:.2f} (payoff weights 1, 0.5, 0.3; illustrative).")
        return alt, text

    def table(r, values):
        p = r.point
        return {"Deterrence": p.deterrence, "Leverage": p.leverage, "Divergence": p.divergence,
                "US best commitment": r.best.K_US}

    return Explorer(
        name="leverage",
        title="Model 2A: what does a stronger ally buy, and what does it cost Washington?",
        model=model,
        params=[
            Param("K_A", "Allied capability K_A", KA_VALUES, 0.5, fmt="{:g}"),
            Param("delta0", "Threat-perception gap δ0", DELTA_VALUES, 0.3, fmt="{:g}"),
            Param("K_US", "US committed capability K_US (live only)", KUS_LIVE, 1.0, fmt="{:g}"),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[{"K_A": 0.25, "delta0": 0.3}, {"K_A": 1.0, "delta0": 0.1},
                         {"K_A": 1.0, "delta0": 0.6}, {"K_A": 2.0, "delta0": 0.3}],
    )


# --------------------------------------------------------------------------- #
# (b) Model 2B                                                                 #
# --------------------------------------------------------------------------- #
KA_2B = [0.0, 0.5, 1.0, 2.0, 3.0]
COND_LABELS = {0.0: "unconditional", 0.5: "half conditional", 1.0: "fully conditional"}
MU_LIVE = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]


@dataclass(frozen=True)
class DilemmaResult:
    """Frontier at the setting, the unconditional frontier, and the balanced commitment."""

    curve: object
    reference: object
    pi_star: float
    at_star: object


def dilemma_explorer():
    """Model 2B: the abandonment-entrapment frontier and a conditional commitment.

    Returns
    -------
    Explorer
        Kernel-free: allied capability K_A (5 values) x commitment design (3 choices)
        = 15 frames. Live adds the moral-hazard strength mu.
    """
    from ..models.trade_offs import balanced_commitment, frontier, security_dilemma

    def model(K_A, conditionality, mu):
        ps = balanced_commitment(K_A, mu=mu, conditionality=conditionality)
        return DilemmaResult(frontier(K_A, mu=mu, conditionality=conditionality),
                             frontier(K_A, mu=mu, conditionality=0.0), ps,
                             security_dilemma(ps, K_A, mu=mu, conditionality=conditionality))

    def draw(fig):
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.12, right=0.97, top=0.95, bottom=0.15)
        ref = ax.plot([], [], color="#888888", lw=1.5, ls="--", label="Unconditional commitment")[0]
        cur = ax.plot([], [], color=style.OKABE_ITO[4], lw=2.2, label="Chosen design")[0]
        star = ax.plot([], [], "D", color=style.OKABE_ITO[5], ms=8,
                       label="Balanced commitment")[0]
        ax.set_xlim(0, 0.57)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("US entrapment risk E")
        ax.set_ylabel("Abandonment cost A")
        ax.legend(loc="upper right", fontsize=8)
        return {"ref": ref, "cur": cur, "star": star}

    def update(h, r, values):
        c, s = r.curve, r.at_star
        h["ref"].set_data(r.reference["entrapment"], r.reference["abandonment"])
        h["cur"].set_data(c["entrapment"], c["abandonment"])
        h["star"].set_data([s.entrapment], [s.abandonment])
        design = COND_LABELS[values["conditionality"]]
        alt = (f"Curve of the ally's abandonment cost against US entrapment risk as the commitment "
               f"strengthens, for allied capability {values['K_A']:g} and a commitment that is {design} "
               f"(dashed: unconditional). Abandonment falls from {c['abandonment'].iloc[0]:.2f} with no "
               f"commitment to 0 with a full one, while entrapment rises to {c['entrapment'].iloc[-1]:.2f}. "
               f"The balanced commitment is {r.pi_star:.2f}.")
        text = (f"{design.capitalize()} commitment, K_A = {values['K_A']:g}: the commitment that keeps "
                f"abandonment + entrapment lowest is {r.pi_star:.2f}, with abandonment {s.abandonment:.2f} "
                f"and entrapment {s.entrapment:.2f}.\nA full commitment would bring entrapment "
                f"{c['entrapment'].iloc[-1]:.2f}. Illustrative values.")
        return alt, text

    def table(r, values):
        return {"Balanced commitment": r.pi_star, "Abandonment there": r.at_star.abandonment,
                "Entrapment there": r.at_star.entrapment,
                "Entrapment at full commitment": float(r.curve["entrapment"].iloc[-1])}

    return Explorer(
        name="dilemma",
        title="Model 2B: can a commitment calm the ally without emboldening it?",
        model=model,
        params=[
            Param("K_A", "Allied capability K_A", KA_2B, 0.5, fmt="{:g}"),
            Param("conditionality", "Commitment design", list(COND_LABELS), 0.0, fmt=COND_LABELS),
            Param("mu", "Moral hazard μ (live only)", MU_LIVE, 0.4, fmt="{:g}"),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[{"K_A": 0.5, "conditionality": 0.0}, {"K_A": 0.5, "conditionality": 1.0},
                         {"K_A": 3.0, "conditionality": 0.0}],
    )


# --------------------------------------------------------------------------- #
# (c) Pew opinion over time                                                    #
# --------------------------------------------------------------------------- #
INDICATORS = {"favourable_view_us": "Favourable view of the US",
              "confidence_us_president": "Confidence in the US president"}
PHRASES = {"favourable_view_us": "the share of adults with a favourable view of the United States",
           "confidence_us_president": "the share of adults with confidence in the US president"}
PRESIDENTS = [(2001, 2008, "Bush"), (2009, 2016, "Obama"), (2017, 2017, "Trump")]


@dataclass(frozen=True)
class OpinionResult:
    """One ally's series for one indicator."""

    iso3: str
    name: str
    indicator: str
    series: object


#: Indo-Pacific countries with a US defence treaty (Australia 1951, Japan 1951/1960, South Korea
#: 1953). Taiwan, whose treaty lapsed in 1980, is a partner, not an ally.
INDO_TREATY_ALLIES = frozenset({"AUS", "JPN", "KOR"})


def opinion_countries(pew, countries, min_years=8):
    """Allies with at least ``min_years`` favourability surveys taken while they were allies.

    An ally is a NATO member in the survey year (``nato_member_since``) or an Indo-Pacific treaty
    ally (:data:`INDO_TREATY_ALLIES`); surveys from before a country joined NATO do not count.
    """
    from ..chapter import members_by_year

    fav = pew[pew["indicator"] == "favourable_view_us"]
    allied = fav[fav["iso3"].isin(INDO_TREATY_ALLIES)]
    fav = pd.concat([members_by_year(fav, countries, keep_aggregates=False), allied])
    n = fav.groupby("iso3")["year"].nunique()
    return sorted(n[n >= min_years].index)


def opinion_explorer():
    """Pew: one ally's view of the United States and confidence in its president, 2000-2017.

    Returns
    -------
    Explorer
        Kernel-free: ally (those with at least eight surveys) x indicator (2) frames.
    """
    from ..chapter import in_sentence
    from ..data import load

    pew = load("pew_opinion")
    countries = load("countries")
    codes = opinion_countries(pew, countries)
    names = dict(zip(countries["iso3"], countries["name"]))
    label = {c: names.get(c, c) for c in codes}

    def model(iso3, indicator):
        if iso3 not in label:
            raise ValueError(f"iso3 {iso3!r} has too few Pew surveys here; choose one of {', '.join(codes)}.")
        s = (pew[(pew["iso3"] == iso3) & (pew["indicator"] == indicator)]
             .set_index("year")["value"].sort_index())
        return OpinionResult(iso3, label[iso3], indicator, s)

    def draw(fig):
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.11, right=0.97, top=0.9, bottom=0.13)
        shades = []
        for k, (a, b, who) in enumerate(PRESIDENTS):
            shades.append(ax.axvspan(a - 0.5, b + 0.5, color="#999999", alpha=0.12 if k % 2 == 0 else 0.0))
            ax.text((a + b) / 2, 101, who, ha="center", va="bottom", fontsize=8)
        line = ax.plot([], [], "-o", color=style.OKABE_ITO[4], lw=2, ms=5)[0]
        ax.set_xlim(1999.5, 2017.5)
        ax.set_ylim(0, 100)
        ax.set_xlabel("Survey year")
        ylabel = ax.set_ylabel("")
        return {"line": line, "ylabel": ylabel}

    def update(h, r, values):
        s = r.series
        h["line"].set_data(s.index.to_numpy(), s.to_numpy())
        h["ylabel"].set_text("% of adults")
        what = PHRASES[r.indicator]
        change = []
        for a, b in [(2008, 2009), (2016, 2017)]:
            if a in s.index and b in s.index:
                change.append(f"{a}-{b}: {s[b] - s[a]:+.0f} points")
        moves = "; ".join(change) if change else "no survey on both sides of a change of president"
        alt = (f"Line chart of {what} in {in_sentence(r.name)}, Pew surveys {s.index.min()}-{s.index.max()} "
               f"({len(s)} surveys), ranging from {s.min():.0f} % to {s.max():.0f} %. Changes across a change "
               f"of president: {moves}.")
        text = (f"{r.name}: {INDICATORS[r.indicator]}, {len(s)} surveys {s.index.min()}-{s.index.max()}, "
                f"lowest {s.min():.0f} % ({s.idxmin()}), highest {s.max():.0f} % ({s.idxmax()}).\n"
                f"Across a change of president: {moves}.\nSource: Pew Research Center via FiveThirtyEight.")
        return alt, text

    def table(r, values):
        s = r.series
        return {"Surveys": str(len(s)), "Lowest": f"{s.min():.0f} % ({s.idxmin()})",
                "Highest": f"{s.max():.0f} % ({s.idxmax()})"}

    default = "DEU" if "DEU" in codes else codes[0]
    return Explorer(
        name="opinion",
        title="Do allies' views of the US move with the president?",
        model=model,
        params=[
            Param("iso3", "Ally", codes, default, fmt=label),
            Param("indicator", "Survey question", list(INDICATORS), "favourable_view_us", fmt=INDICATORS),
        ],
        draw=draw,
        update=update,
        table=table,
        static_settings=[{"iso3": default, "indicator": "favourable_view_us"},
                         {"iso3": default, "indicator": "confidence_us_president"},
                         {"iso3": "JPN" if "JPN" in codes else codes[-1], "indicator": "favourable_view_us"}],
    )
