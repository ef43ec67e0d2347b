"""Regression tests for the Chapter 1 corrections (fact-check and student read-through).

Each test guards one correction that could silently come back: counts that include countries
before they joined NATO, "What to try" questions that need a live-only lever, answers taken from a
different mode of the model than the explorer's, a warning that names the wrong lever, quiz answers
always in the same place, a student "Next" link that opens the answer keys, and words in the prose
or alt text that the data could contradict. They read the chapter's source and call the explorers'
pure functions (no build, no browser), so they run in seconds.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "01-origins.md"
TEACHER = ROOT / "chapters" / "teacher" / "01-origins.md"
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n.*?^```[ \t]*$", re.S | re.M)


@pytest.fixture(scope="module")
def chapter() -> str:
    return CHAPTER.read_text(encoding="utf-8")


def markdown(text: str) -> str:
    return CODE_CELL.sub("", text)


def section(text: str, heading: str) -> str:
    """Text from a heading line to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    rest = text[start + len(heading):]
    m = re.search(rf"^#{{1,{len(level)}}} ", rest, re.M)
    return rest[: m.start()] if m else rest


def figure_alts(text: str) -> dict[str, str]:
    """Figure name -> alt text, from the ``mystnb: figure/image`` metadata of each figure cell."""
    out = {}
    for cell in CODE_CELL.findall(text):
        name = re.search(r"^\s+name:\s*(\S+)", cell, re.M)
        alt = re.search(r"^\s+alt:\s*(.*?)\n(?=\S|\s{0,2}\S)", cell, re.M | re.S)
        if name and alt:
            out[name.group(1)] = " ".join(alt.group(1).split())
    return out


def readout(explorer, **values):
    """(alt, readout text, table row) of one explorer setting, as the site's frames show it."""
    vals = {**explorer.defaults, **values}
    fig = explorer.new_figure(explorer.figsize, explorer.dpi)
    handle = explorer.call_draw(fig)
    result = explorer.call_model(vals)
    alt, text = explorer.call_update(handle, result, vals)
    return alt, text, explorer.call_table(result, vals), handle


@pytest.fixture(scope="module")
def public_goods():
    from widgets.explorers.ch01 import public_goods_explorer
    return public_goods_explorer()


@pytest.fixture(scope="module")
def burden_ex():
    from widgets.explorers.ch01 import burden_explorer
    return burden_explorer()


@pytest.fixture(scope="module")
def data():
    from widgets.data import load
    return {name: load(name) for name in ("nato_spending", "countries", "sipri_milex", "timeline")}


# --------------------------------------------------------------------------- #
# Helpers parse what they should (so a broken parser cannot pass everything)  #
# --------------------------------------------------------------------------- #
def test_helpers_on_small_examples():
    src = ("## A\ntext\n### B\nmore\n## C\nend\n"
           "```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    name: fig-x\n  image:\n"
           "    alt: One two\n      three.\ntags: [x]\n---\nx = 1\n```\n")
    assert section(src, "## A").strip().startswith("text") and "end" not in section(src, "## A")
    assert section(src, "### B").strip() == "more"
    assert figure_alts(src) == {"fig-x": "One two three."}
    assert "x = 1" not in markdown(src)


# --------------------------------------------------------------------------- #
# Point 19: members of each year only, one wording for the count              #
# --------------------------------------------------------------------------- #
def test_burden_explorer_counts_only_members_in_every_frame(burden_ex, data):
    since = data["countries"].set_index("iso3")["nato_member_since"].dropna().astype(int).to_dict()
    metric_param = next(p for p in burden_ex.params if p.name == "metric")
    year_param = next(p for p in burden_ex.params if p.name == "year")
    for metric in metric_param.values:
        for year in year_param.values:
            r = burden_ex.call_model({**burden_ex.defaults, "metric": metric, "year": year})
            late = [c for c in r.table["iso3"] if since.get(c, 0) > year]
            assert not late, f"{metric} {year}: countries shown before they joined NATO: {late}"
    alt, text, row, _ = readout(burden_ex, metric="share_gdp", year=2014)
    n_2014 = sum(1 for c, s in since.items() if s <= 2014 and c != "ISL")
    assert f"of {n_2014} allies with data" in alt and f"of {n_2014} allies with data" in text
    # Sweden (2024) cannot lead the equipment ranking of 2014-2016.
    for year in (2014, 2015, 2016):
        r = burden_ex.call_model({**burden_ex.defaults, "metric": "equipment_share", "year": year})
        assert r.table["iso3"].iloc[0] != "SWE"


def test_one_wording_for_the_2pc_count(chapter, burden_ex):
    from widgets.explorers.ch01 import count_phrase
    alt, text, row, _ = readout(burden_ex, metric="share_gdp")
    k = re.search(r"(\d+) of (\d+) allies with data at or above", text)
    assert k and count_phrase(int(k.group(1)), int(k.group(2))) in text
    assert row["At or above guideline"] == count_phrase(int(k.group(1)), int(k.group(2)))
    # The chapter words the same count the same way: "<n> of <m> allies with data".
    fig2 = section(chapter, "### After Wales: the NATO tables")
    assert re.search(r"`n2_last`\s+of\s+\{glue:text\}`n2_data_last`\s+allies with data", fig2)
    assert "of the {glue:text}`n_members` allies were expected" not in fig2


def test_empty_rows_leave_no_sliver(burden_ex):
    """A group with fewer allies hides the unused bars instead of drawing them zero wide."""
    alt, text, row, handle = readout(burden_ex, group="since_1999")
    bars = list(handle["bars"])
    empty = [b for b in bars if b.get_width() == 0]
    assert empty, "the 'since 1999' group should leave some rows empty"
    assert all(not b.get_visible() for b in empty)
    assert all(b.get_visible() for b in bars if b.get_width() > 0)


# --------------------------------------------------------------------------- #
# Points 13-18: the model explorer says what the reader sees                   #
# --------------------------------------------------------------------------- #
def what_to_try(chapter: str, heading: str) -> str:
    block = section(chapter, heading)
    return block[block.index("**What to try.**"): block.index("```{code-cell}")]


def test_what_to_try_needs_no_live_only_lever(chapter, public_goods, burden_ex):
    for heading, ex in (("### Explorer: who pays for a shared defence?", public_goods),
                        ("### Explorer: burdens in the data", burden_ex)):
        frozen = {p.name for p in ex.frozen}
        live_only = [p for p in ex.params if p.name not in frozen]
        assert live_only, "each explorer has a live-only lever (the test must be able to fail)"
        text = what_to_try(chapter, heading)
        # Sentences marked "Live only" may name the lever; no question may.
        questions = re.sub(r"\*Live only[.:]?\*[^\n]*(\n(?!\n)[^\n]*)*", " ", text)
        for p in live_only:
            words = {p.label.lower(), p.label.split()[-1].lower()}
            words |= {"joined"} if p.name == "group" else set()
            hit = [w for w in words if w in questions.lower()]
            assert not hit, f"'What to try' under {heading!r} asks about the live-only lever {p.label!r}"


def test_readout_shows_what_question_one_asks(public_goods):
    """Q1 asks for the largest economy's share of the allied total: the site's readout shows it."""
    from widgets.models.alliance import equilibrium, nato_calibration
    cal = nato_calibration()
    alt, text, row, _ = readout(public_goods, beta=1.0, G=0.0)
    eq = equilibrium(cal.Y, cal.a, 1.0, G=0.0)
    share = 100 * eq.q[int(np.argmax(cal.Y))] / eq.allied_total
    assert f"pays {share:.0f} % of the allied total" in text
    assert row["Largest economy's share"] == f"{share:.0f} %"


def test_answers_are_glued_from_the_explorers_own_model(chapter):
    cells = "\n".join(CODE_CELL.findall(chapter))
    assert "pg = public_goods_explorer()" in cells and "pg.call_model(" in cells
    for name in ("pure = frame(beta=1.0, G=0.0).eq", "cut = frame(G=0.0)", "frame(floor=0.02)"):
        assert name in cells, f"the 'What you should notice' values must come from the explorer: {name}"
    answers = section(chapter, "### Explorer: who pays for a shared defence?")
    answers = answers[answers.index("**What you should notice.**"):]
    assert "strategic-US" not in answers, "no answer may come from the strategic-US mode"
    assert "*Live only (the floor).*" in answers


def test_warning_names_the_lever_that_caused_it(public_goods):
    _, cut, _, _ = readout(public_goods, G=0.0)                         # baseline beta, US cut
    assert "with the US contribution cut" in cut and "low publicness" not in cut.split("Note:")[1]
    low = min(next(p for p in public_goods.params if p.name == "beta").values)
    _, lowb, _, _ = readout(public_goods, beta=low)                       # low beta, baseline G
    assert "at this low publicness" in lowb.split("Note:")[1] and "cut" not in lowb.split("Note:")[1]
    _, base, _, _ = readout(public_goods)
    assert "Note:" not in base


def test_highest_burden_reports_ties(public_goods):
    _, _, row, _ = readout(public_goods, floor=0.035)
    assert row["Highest burden"].startswith("all ")
    _, _, row, _ = readout(public_goods)
    assert row["Highest burden"].startswith("Poland ")


def test_strategic_mode_assumption_and_conditions_are_on_the_page(chapter):
    md = markdown(chapter)
    assert "{term}`strategic-US mode" in md and "`a_de_strategic:.3f`" in md and "`us_budget_bn" in md
    assert "common $a_i$" in md, "state the condition for 'the largest ally carries most'"
    assert "`beta_min:.1f`" in md, "say why the publicness lever starts where it does"
    assert "$\\beta G$ of security" in md, "give the discount as the reason for partial offset"


def test_figure_colours(public_goods):
    from matplotlib.patches import Rectangle
    from widgets import style
    _, _, _, handle = readout(public_goods)
    assert {b.get_facecolor()[:3] for b in handle["us"]} == {tuple(int(style.US_COLOUR[i:i + 2], 16) / 255
                                                               for i in (1, 3, 5))}
    fig = handle["bars"][0].axes.figure
    legend_labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "Model (illustrative)" in legend_labels
    grey = tuple(int(style.GREY[i:i + 2], 16) / 255 for i in (1, 3, 5))
    model_ax = handle["bars"][0].axes
    assert not [p for p in model_ax.patches if isinstance(p, Rectangle) and p.get_facecolor()[:3] == grey], \
        "no grey proxy bar in the model panel"


# --------------------------------------------------------------------------- #
# Points 1-12: facts and attributions that must not come back                  #
# --------------------------------------------------------------------------- #
def test_guideline_is_not_credited_to_wales(chapter):
    text = chapter.lower()
    for wrong in ("agreed at wales", "adopted at wales", "2 % guideline agreed at wales"):
        assert wrong not in text
    assert "2006" in chapter and "nato1978dpc" in chapter


def test_timeline_has_the_1978_row_with_a_reference(data):
    tl = data["timeline"]
    row = tl[tl["date"].dt.year == 1978]
    assert len(row) == 1 and "3%" in row["target"].iloc[0]
    key = row["source_key"].iloc[0]
    assert f"{{{key}," in (ROOT / "references.bib").read_text(encoding="utf-8").replace("@misc", "")


def test_no_unsupported_claims_return(chapter):
    md = markdown(chapter)
    for phrase in ("none is a large economy", "All three drivers are there", "central warning is",
                   "different allies, years and significance tests", "revised down in its 2025 release",
                   "risks the very influence", "fell after the Wales pledge", "two of every three",
                   "not one for one", "as old\nas the alliance", "start in 1949 for a handful"):
        assert phrase not in md, phrase
    assert "course's additions" in md


def test_alt_text_claims_match_the_data(chapter, data):
    from widgets.models import burden
    alts = figure_alts(chapter)
    nato, countries, sipri = data["nato_spending"], data["countries"], data["sipri_milex"]
    members = burden.members_only(nato, countries)
    last = int(nato["year"].max())
    # Fig. 3: the six highest, in order, and the six named as below the line.
    t = burden.burden_table(nato, last, "share_gdp")
    top6 = [n for n in t["country"].head(6)]
    alt3 = alts["fig-ch01-burdens"]
    order = [alt3.index(n) for n in top6]
    assert order == sorted(order), f"Fig. 3 alt text order differs from the data: {top6}"
    below = t[t["value"] < 2.0]["country"].tolist()
    for name in ("Italy", "Canada", "Belgium", "Luxembourg", "Slovenia", "Spain"):
        assert name in alt3 and name in below, name
    # Fig. 2: US share above half every year, lower at the end; biggest jump in the last year.
    us = burden.us_share_of_alliance(members)
    assert (us > 50).all() and us.iloc[-1] < us.iloc[0]
    at2 = burden.allies_at_or_above(members, threshold=2.0)
    assert at2.diff().idxmax() == at2.index.max()
    assert "more than half" in alts["fig-ch01-count"]
    # Fig. 5: tau inside the band every year, drifting down.
    rc = burden.rank_correlation_by_year(members, method="kendall").set_index("year")
    n = rc["n"]
    crit = 1.96 * np.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))
    assert (rc["coefficient"].abs() < crit).all() and rc["coefficient"].iloc[-1] < rc["coefficient"].iloc[0]
    assert "inside the band in every year" in alts["fig-ch01-kendall"]
    # Fig. 1: the US above the four European allies in almost every year after 1950.
    m = sipri[sipri["indicator"] == "milex_share_gdp"].pivot_table(index="year", columns="iso3", values="value")
    e4 = ["GBR", "FRA", "DEU", "ITA"]
    after = m[m.index > 1950]
    assert (after["USA"] > after[e4].max(axis=1)).mean() > 0.9
    assert m.loc[last, e4].mean() > m.loc[2014, e4].mean()
    peaks = {c: int(m[c].idxmax()) for c in ["USA", "GBR", "FRA", "ITA", "CAN"]}
    assert all(1950 <= y <= 1954 for y in peaks.values()) and 1960 <= int(m["DEU"].idxmax()) <= 1969
    gap = m["USA"] - m[e4].mean(axis=1)
    assert gap.loc[1991:2000].mean() < gap.loc[1980:1989].mean()
    # Fig. 4: Japan near 1 % for decades from 1960, South Korea above Japan throughout.
    jpn = m.loc[1960:2020, "JPN"].dropna()
    assert jpn.between(0.7, 1.5).all() and m.loc[last, "JPN"] > jpn.max()
    twn = m["TWN"].dropna()
    assert twn.iloc[0] > 2 * twn.iloc[-1]
    kor = m[["KOR", "JPN"]].dropna()
    assert (kor["KOR"] > kor["JPN"]).all()


def test_alt_texts_type_no_data_numbers(chapter):
    """Alt texts may name years and the 2 % line, nothing the data could contradict."""
    for name, alt in figure_alts(chapter).items():
        rest = re.sub(r"\b(19|20)\d\ds?\b", " ", alt)
        rest = re.sub(r"\b2 %", " ", rest)
        rest = rest.replace("close to 1 %", " ")  # Fig. 4, checked in test_alt_text_claims_match_the_data
        assert not re.findall(r"\d", rest), f"{name}: typed number in alt text: {alt}"


# --------------------------------------------------------------------------- #
# Points 21-26: for students                                                   #
# --------------------------------------------------------------------------- #
def quiz_positions(chapter: str) -> list[int]:
    cell = next(c for c in CODE_CELL.findall(chapter) if "show_quiz(" in c)
    body = cell[cell.index("quiz = ["): cell.index("show_quiz(")]
    body = re.sub(r'f"([^"]*)"', lambda m: '"' + re.sub(r"\{[^}]*\}", "N", m.group(1)) + '"', body)
    quiz = ast.literal_eval(body.split("=", 1)[1].strip())
    assert "shuffle_seed" not in cell[cell.index("show_quiz("):], "positions are set by hand, not shuffled"
    return [[ok for _, ok, _ in q["options"]].index(True) for q in quiz], quiz


def test_quiz_answer_positions_vary(chapter):
    positions, quiz = quiz_positions(chapter)
    assert len(set(positions)) >= 3 and positions != sorted(positions), positions
    for q in quiz:
        lengths = [len(text) for text, _, _ in q["options"]]
        assert max(lengths) <= 2 * min(lengths) + 10, f"options of very different length: {q['question']}"
        assert all(feedback.strip() for _, _, feedback in q["options"])


def test_glue_chooses_the_wording_of_counts():
    # The chapter's helpers, taken from its setup cell and run on small numbers.
    src = CHAPTER.read_text(encoding="utf-8")
    setup = next(c for c in CODE_CELL.findall(src) if "def how_many" in c)
    code = setup.split("\n", 1)[1].rsplit("```", 1)[0]
    start = code.index("WORDS = ")
    end = code.find("\n\n\n", code.index("def how_many"))
    end = len(code) if end < 0 else end
    ns: dict = {}
    exec(code[start:end], ns)  # noqa: S102 - the chapter's own pure helpers
    assert ns["how_many"](11, 11, "year") == "every year"
    assert ns["how_many"](0, 11, "year") == "no year"
    assert ns["how_many"](1, 11, "year") == "one of the 11 years"
    assert ns["count_of"](27, 27) == "all 27" and ns["count_of"](0, 27) == "none of the 27"
    assert ns["ordinal"](3) == "third"


def test_no_template_sentences_in_the_prose(chapter):
    md = markdown(chapter)
    assert not re.search(r"`\s+of the \{glue:text\}`(tau_years|nato_n_years|n_equip_both)`", md)
    assert "ranks\nnumber" not in md and "ranks number" not in md


def test_next_link_after_the_chapter_is_a_student_page():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"file:\s*(\S+)", toc)
    after = files[files.index("chapters/01-origins") + 1]
    assert not after.startswith("chapters/teacher"), f"'Next' after Chapter 1 leads to {after}"
    assert all(f.startswith("chapters/teacher") for f in files[files.index("chapters/teacher/index"):])


def test_every_question_prompt_has_an_answer_note(chapter):
    n_questions = len(re.findall(r"^\*\*Question\.\*\*", markdown(chapter), re.M))
    teacher = TEACHER.read_text(encoding="utf-8")
    notes = section(teacher, "## Answers to the chapter's questions")
    n_notes = len(re.findall(r"^: ", notes, re.M))
    assert n_questions >= 4 and n_notes >= n_questions, (n_questions, n_notes)


def test_teacher_task_labels_are_the_explorers(public_goods, burden_ex):
    from widgets.explorers.ch01 import METRIC_LABELS
    teacher = TEACHER.read_text(encoding="utf-8")
    sheet = section(teacher, "### Settings sheet (print one per pair)")
    for ex in (public_goods, burden_ex):
        assert ex.title in sheet, ex.title
    for label in re.findall(r'Metric "([^"]+)"', sheet):
        assert label in METRIC_LABELS.values(), label
    for p in public_goods.frozen:
        assert p.label in sheet, p.label
    assert "2024e" in sheet and "share of NATO's total" not in sheet


def test_solution_claims_in_words_hold():
    """Words in the exercise solutions and answer keys that glue cannot carry."""
    from widgets.models import alliance
    cal = alliance.nato_calibration()
    ratios = [alliance.offset_ratio(cal.Y, cal.a, b, G_from=cal.G0, G_to=0.0) for b in (0.25, 0.5, 0.75)]
    assert all(0 < r < 1 for r in ratios) and ratios == sorted(ratios), "below 1 throughout, rising with beta"
    scal = alliance.nato_calibration(strategic_us=True)
    start = scal.baseline()
    floors = np.r_[0.0, np.full(len(scal.names) - 1, 0.035)]
    e = alliance.equilibrium(scal.Y, scal.a, scal.beta, G=0.0, floor=floors)
    allies_up = float(np.sum(e.q[1:]) - np.sum(start.q[1:]))
    total_up = float(np.sum(e.q) - np.sum(start.q))
    assert 0 < total_up < allies_up, "total spending rises by less than the allies' increase"
    assert e.burden_pct[0] < start.burden_pct[0], "the unbound United States trims its burden"
    de = cal.iso3.index("DEU")
    assert scal.a[scal.iso3.index("DEU")] > cal.a[de], "strategic-US weights are larger"
