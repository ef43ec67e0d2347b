"""Regression tests for the expert fact-check of Chapter 3 (findings B1, M1-M7 and some minors).

Each test checks a claim that the chapter, its teacher page or its quiz makes in words against the
data or the model, derived independently: plain pandas over the CSV files, and a brute-force sum
over all 2^5 coalitions with the join probabilities written out by hand (no call to the course's
Monte Carlo). They read the pages' source and need no build, so they run in seconds.
"""
from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "03-deterrence-cohesion.md"
TEACHER = ROOT / "chapters" / "teacher" / "03-deterrence-cohesion.md"
DATA = ROOT / "data"
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n.*?^```[ \t]*$", re.S | re.M)
THETA = (0.9, 0.8, 0.5, 0.4, 0.3)


@pytest.fixture(scope="module")
def chapter() -> str:
    return CHAPTER.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def prose(chapter) -> str:
    """The page without its code cells, whitespace folded."""
    return " ".join(CODE_CELL.sub("", chapter).split())


@pytest.fixture(scope="module")
def allied():
    """(exercise_id, iso3, start_year) of allied participants: members in the start year only."""
    parts = pd.read_csv(DATA / "exercise_participants.csv")
    countries = pd.read_csv(DATA / "countries.csv").dropna(subset=["nato_member_since"])
    since = dict(zip(countries["iso3"], countries["nato_member_since"].astype(int)))
    parts = parts.dropna(subset=["iso3"]).copy()
    parts["since"] = parts["iso3"].map(since)
    keep = parts["since"].notna() & (parts["start_year"] >= parts["since"])
    return parts[keep].drop_duplicates(["exercise_id", "iso3"]), since


def allied_sets(allied, start, end):
    a, _ = allied
    a = a[(a["start_year"] >= start) & (a["start_year"] <= end)]
    sets = a.groupby("exercise_id")["iso3"].agg(frozenset)
    return sets[sets.map(len) >= 2]


def alt_text(chapter: str, name: str) -> str:
    cell = next(c for c in CODE_CELL.findall(chapter) if f"name: {name}" in c)
    alt = re.search(r"^\s+alt:\s*(.*?)\ntags:", cell, re.M | re.S)
    return " ".join(alt.group(1).split())


# ---------------------------------------------------------------- Model 3B by hand
def strength(units, h):
    """sqrt(E) with I_ij = h^2 (epsilon = 0), written as a double sum."""
    e = sum(a * b * (1.0 if i == j else h * h) for i, a in enumerate(units) for j, b in enumerate(units))
    return math.sqrt(e)


def p_exact(units, h=0.8, R=60.0, psi=0.0):
    """P(sqrt(E_J) >= R) summed over all coalitions J; logistic joins with tau = 0.5, s = 10."""
    mean = sum(THETA) / len(THETA)
    p = [1 / (1 + math.exp(-10 * (mean + (1 - psi) * (t - mean) - 0.5))) for t in THETA]
    total = 0.0
    for joined in itertools.product((0, 1), repeat=len(units)):
        pr = math.prod(pi if j else 1 - pi for pi, j in zip(p, joined))
        cj = [c for c, j in zip(units, joined) if j]
        if cj and strength(cj, h) >= R - 1e-9:
            total += pr
    return total


def test_helpers_on_small_examples():
    assert strength([20, 20], 1.0) == pytest.approx(40.0)
    assert strength([20, 20], 0.0) == pytest.approx(math.sqrt(800))
    fig = ("```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    name: fig-x\n  image:\n"
           "    alt: A line\n      chart.\ntags: [hide-input]\n---\nplot()\n```\n")
    assert alt_text(fig, "fig-x") == "A line chart."


def test_b1_frontline_threshold_by_hand(chapter):
    """B1: a small gain for the frontline ally changes nothing; from the threshold it beats sharing.

    Hand algebra at h = 0.8, R = 60: the frontline ally (c units) plus two allies of 20 reach R when
    c^2 + 800 + 2 * 0.64 * (20c + 20c + 400) >= 3600, i.e. c^2 + 51.2c - 2288 >= 0, c >= 28.65.
    """
    root = (-51.2 + math.sqrt(51.2 ** 2 + 4 * 2288)) / 2
    assert 28 < root < 29
    base, shared = p_exact([20] * 5), p_exact([20] * 5, psi=1.0)
    assert p_exact([25, 20, 20, 20, 20]) == pytest.approx(base)
    assert p_exact([28, 20, 20, 20, 20]) == pytest.approx(base)
    assert p_exact([29, 20, 20, 20, 20]) > shared > base
    assert p_exact([40, 20, 20, 20, 20]) > shared
    # the old, wrong wording must not come back, on the page or in the key
    assert "Doubling the frontline ally raises P(deterrence) less" not in TEACHER.read_text(encoding="utf-8")
    assert "[40, 20, 20, 20, 20], h=0.8, R=60, psi=0.0)\nglue" not in chapter


def test_b1_chapter_glues_the_jump_the_model_gives(chapter):
    """The glued jump size is the first whole number of units past the hand threshold."""
    from widgets.models import cohesion as co

    cell = next(c for c in CODE_CELL.findall(chapter) if 'glue("ex3_jump"' in c)
    assert "range(20, 41)" in cell
    front = {u: co.deterrence_monte_carlo(list(THETA), [u, 20, 20, 20, 20], h=0.8, R=60).p_deterrence
             for u in (28, 29)}
    assert front[29] > front[28] + 0.3  # the jump is at 29 = ceil(28.65)


# ---------------------------------------------------------------- M1 labels
def test_m1_every_proposition_is_labelled_as_the_article_says():
    text = CHAPTER.read_text(encoding="utf-8")
    want = {"P3.1": "Article's own claim", "P3.2": "Course's reading", "P3.3": "Course's addition",
            "P3.4": "Course's reading", "P3.5": "Course's addition"}
    for pid, label in want.items():
        m = re.search(rf"^{re.escape(pid)} [^\n]*\n: \*\((.*?)\.\)\*", text, re.M)
        assert m and m.group(1) == label, pid
    # P3.1 restates the article's own sentence (forces "organized around national doctrines rather
    # than interoperable standards"), so its wording must keep both halves of that contrast.
    p31 = re.search(r"^P3\.1 [^\n]*\n: (.*?)\n\n", text, re.M | re.S).group(1)
    assert "national doctrines" in p31 and "shared standards" in p31


# ---------------------------------------------------------------- M2/M3 attributions
def test_m2_m3_no_words_put_in_the_article(prose):
    for phrase in ("; the article can point out", "The article replies", "worst of both",
                   "the expensive way to buy deterrence"):
        assert phrase not in prose, phrase
    assert "The article itself does not discuss Libya" in prose


# ---------------------------------------------------------------- M4 esut
def test_m4_critique_cited_and_unverified_details_gone(prose):
    assert "{cite:p}`esut2019maerchen`" in prose
    assert "esut2019maerchen" in (ROOT / "references.bib").read_text(encoding="utf-8")
    for phrase in ("2A4 and a 2A7 count as two types", "counts old types kept in store"):
        assert phrase not in prose


# ---------------------------------------------------------------- M5 MME coverage
def test_m5_not_every_record_has_two_participants(prose):
    """134 records list fewer than two participants (counted from the participants file)."""
    ex = pd.read_csv(DATA / "exercises.csv")
    parts = pd.read_csv(DATA / "exercise_participants.csv")
    listed = parts.groupby("exercise_id").size().reindex(ex["exercise_id"], fill_value=0)
    assert int((listed < 2).sum()) == 134
    assert int((ex["n_participants"] < 2).sum()) == 134  # the dataset's own count agrees
    assert "exercises with two or more countries" not in prose
    assert "{glue:text}`mme_few`" in prose


# ---------------------------------------------------------------- M6 alt texts
def test_m6_weapons_alt_matches_the_table(chapter):
    w = pd.read_csv(DATA / "weapon_systems.csv").set_index("category")
    alt = alt_text(chapter, "fig-ch03-weapons")
    for cat, label in (("howitzers", "Howitzers"), ("infantry fighting vehicles", "infantry fighting vehicles"),
                       ("main battle tanks", "main battle tanks")):
        eu, us = int(w.loc[cat, "europe_types"]), int(w.loc[cat, "us_types"])
        assert f"{label} {eu} against {us}" in alt, cat
    tot = w.loc["all major weapon systems (sum over categories)"]
    assert f"in total {int(tot['europe_types'])} against {int(tot['us_types'])}" in alt


def test_m6_network_alt_matches_the_data(chapter, allied):
    _, since = allied
    vals = []
    for a, b in ((1980, 1990), (1991, 1998), (1999, 2010)):
        sets = allied_sets(allied, a, b)
        members = [k for k, v in since.items() if v <= b]
        linked = {p for s in sets for p in itertools.combinations(sorted(s), 2)}
        n = len(members)
        vals.append((100 * len(linked) / (n * (n - 1) / 2), 100 * sum("USA" in s for s in sets) / len(sets),
                     sum(("USA" not in s) and ("CAN" not in s) for s in sets)))
    alt = alt_text(chapter, "fig-ch03-network")
    assert f"from about {vals[0][0]:.0f} to {vals[2][0]:.0f} percent" in alt
    assert f"falls from about {vals[0][1]:.0f} to {vals[2][1]:.0f} percent" in alt
    assert f"grows from {vals[0][2]} to {vals[2][2]}" in alt
    assert vals[0][0] < vals[1][0] < vals[2][0] and vals[0][1] > vals[1][1] > vals[2][1]


# ---------------------------------------------------------------- M7 condition of the headline result
def test_m7_ranking_reverses_with_ad_hoc_compatibility(prose):
    """At epsilon = 0.3: I_ij = h^2 + 0.3 (1 - h^2). Big: 900 (5 + 20 * 0.363); small: 484 (5 + 20 * 0.748)."""
    big = math.sqrt(900 * (5 + 20 * (0.09 + 0.3 * 0.91)))
    small = math.sqrt(484 * (5 + 20 * (0.64 + 0.3 * 0.36)))
    assert big == pytest.approx(105.04, abs=0.01) and small == pytest.approx(98.29, abs=0.01)
    assert big > small
    from widgets.models import cohesion as co
    assert co.usable_units([30] * 5, 0.3, epsilon=0.3) == pytest.approx(big)
    assert "holds only under two conditions" in prose


# ---------------------------------------------------------------- minors stated as data facts
def test_us_share_among_the_pre_1999_allies(allied, prose):
    """m5: among exercises with >= 2 of the 16 allies of 1990, 1999-2010: 339 of 441 with the US."""
    _, since = allied
    old = {k for k, v in since.items() if v <= 1990}
    assert len(old) == 16
    sets = allied_sets(allied, 1999, 2010)
    old_sets = sets[sets.map(lambda s: len(s & old) >= 2)]
    k, n = sum("USA" in s for s in old_sets), len(old_sets)
    assert (k, n) == (339, 441)
    first, nineties = allied_sets(allied, 1980, 1990), allied_sets(allied, 1991, 1998)
    share = lambda s: sum("USA" in x for x in s) / len(s)  # noqa: E731
    assert share(first) > k / n and abs(k / n - share(nineties)) < 0.02  # "close to the 1990s'"
    assert "{glue:text}`net_us2_old:.0f`" in prose


def test_never_linked_pairs(allied, prose):
    """m6: 1980-1990 unlinked pairs mostly include Iceland; 1999-2010 all include ISL, LUX, ALB or HRV."""
    _, since = allied

    def never(a, b):
        linked = {p for s in allied_sets(allied, a, b) for p in itertools.combinations(sorted(s), 2)}
        members = sorted(k for k, v in since.items() if v <= b)
        return [p for p in itertools.combinations(members, 2) if p not in linked]

    first = never(1980, 1990)
    assert sum("ISL" in p for p in first) > len(first) / 2
    last = never(1999, 2010)
    assert last and all(set(p) & {"ISL", "LUX", "ALB", "HRV"} for p in last)
    assert {k for k, v in since.items() if v == 2009} == {"ALB", "HRV"}
    assert "one of the two allies that joined in 2009" in prose


def test_equipment_share_last_year_is_an_estimate(prose):
    nato = pd.read_csv(DATA / "nato_spending.csv")
    eq = nato[nato["indicator"] == "equipment_share"]
    last = eq["year"].max()
    assert eq.loc[eq["year"] == last, "estimate"].astype(str).eq("True").all()
    assert "in NATO's estimate for {glue:text}`equip_last_year`" in prose


def test_gates_wording(prose):
    assert "beginning to run short of munitions" in prose and "10 June 2011" in prose


def test_network_matrix_tells_non_members_from_zero():
    """m6: a cell of a not-yet-member is drawn in another colour than a pair with no exercise."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure

    from widgets.explorers import ch03

    e = ch03.exercise_network_explorer()
    fig = Figure(figsize=e.figsize)
    handles = e.draw(fig)
    r = e.model(period="1980–1990")
    alt, _ = e.update(handles, r, {"period": "1980–1990"})
    cmap = handles["im"].get_cmap()
    assert to_rgba(cmap.get_bad()) != to_rgba(cmap(0.0))
    assert "grey = not yet a member" in alt and "white = none" in alt
    # Poland joined in 1999: its row is masked in 1980-1990; Iceland-Luxembourg is a real zero
    m = r["matrix"]
    assert m.loc["POL"].isna().all() and m.loc["ISL", "LUX"] == 0


# ------------------------------------------------- student read-through (ch3r2)
def test_caveats_and_enablers_are_separate_then_combined(prose):
    """The worked example gives the enabler loss alone and both together (not read as cumulative).

    By hand: at h = 0.8 (I_ij = 0.64 off the diagonal), kappa = 0.6 on three allies gives units
    12, 12, 12, 20, 20: E = sum c_i^2 + 0.64 * ((sum c)^2 - sum c_i^2) = 1232 + 0.64 * (5776 - 1232)
    = 4140.16; times the weakest coverage 0.5 gives sqrt(2070.08) = 45.5. Enablers alone:
    84.4 * sqrt(0.5) = 59.7.
    """
    assert math.sqrt((1232 + 0.64 * (76 ** 2 - 1232)) * 0.5) == pytest.approx(45.50, abs=0.01)
    assert strength([20] * 5, 0.8) * math.sqrt(0.5) == pytest.approx(59.67, abs=0.01)
    assert "caveats and the enabler loss together, to {glue:text}`units_both:.1f`" in prose
    assert "with no caveats, brings it to {glue:text}`units_noenab:.1f`" in prose


def test_3b_flat_from_h07_to_h09_then_jumps(prose):
    """Answers: P(deterrence) is the same at h = 0.7, 0.8, 0.9 (four joiners needed), higher at 1."""
    for h in (0.7, 0.8, 0.9):
        assert strength([20] * 4, h) >= 60 > strength([20] * 3, h), h
        assert p_exact([20] * 5, h=h) == pytest.approx(p_exact([20] * 5, h=0.8))
    assert strength([20] * 5, 0.6) >= 60 > strength([20] * 4, 0.6)  # at 0.6 all five are needed
    assert strength([20] * 3, 1.0) == pytest.approx(60)  # the tie at h = 1
    assert p_exact([20] * 5, h=1.0) > p_exact([20] * 5, h=0.8) + 0.3
    assert "From $h = 0.7$ to $0.9$ it stays at {glue:text}`p_det0:.2f`: four joiners are needed" in prose


def test_weapons_figure_tells_eu_from_us(chapter):
    """Fig. 11 and Fig. 10: the EU bars and the density line do not use the US blue."""
    from widgets import style

    cell = next(c for c in CODE_CELL.findall(chapter) if "name: fig-ch03-weapons" in c)
    eu = re.search(r'color=style\.(\w+(?:\[\d\])?), label="EU countries"', cell).group(1)
    assert eval(f"style.{eu}", {"style": style}) != style.US_COLOUR
    assert "bar_label" in cell
    cell = next(c for c in CODE_CELL.findall(chapter) if "name: fig-ch03-network" in c)
    dens = re.search(r'color=style\.(\w+(?:\[\d\])?), label="Density"', cell).group(1)
    assert eval(f"style.{dens}", {"style": style}) != style.US_COLOUR


def test_no_editing_notes_in_the_main_text(prose):
    """Notes on what the course could not verify are footnotes, not running text."""
    body = prose.split("[^stanags]:")[0]
    assert "could not verify it and leaves it out" not in body
    assert "has not verified a count of STANAGs" not in body
    assert "training term" not in prose
