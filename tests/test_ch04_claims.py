"""Chapter 4: claims the page makes in words (alt text, captions, quiz) checked against the data.

The reference values are derived here with plain pandas from the CSV files, with NATO membership
applied by hand (a country counts in a year from its ``nato_member_since`` on), not with the
chapter's own helpers, so a change in either the data or the helpers that breaks a sentence fails.
"""
from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PAGE = ROOT / "chapters" / "04-industrial-hurdles.md"
# European suppliers as the figure caption defines them: European states other than Russia and Türkiye.
EUROPEAN = {"AUT", "BEL", "CHE", "CZE", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR", "HRV", "ITA", "NLD",
            "NOR", "POL", "PRT", "SWE"}


@pytest.fixture(scope="module")
def figures():
    """Figure name -> (caption, alt text), whitespace collapsed."""
    nb = jupytext.read(PAGE)
    out = {}
    for c in nb.cells:
        fig = c.metadata.get("mystnb", {}).get("figure")
        if fig:
            alt = c.metadata["mystnb"].get("image", {}).get("alt", "")
            out[fig["name"]] = (" ".join(str(fig["caption"]).split()), " ".join(str(alt).split()))
    return out


@pytest.fixture(scope="module")
def since():
    c = pd.read_csv(DATA / "countries.csv")
    return c.dropna(subset=["nato_member_since"]).set_index("iso3")["nato_member_since"]


def members(df, since, code):
    df = df[df[code].isin(since.index)]
    return df[df["year"] >= df[code].map(since)]


@pytest.fixture(scope="module")
def equip(since):
    n = pd.read_csv(DATA / "nato_spending.csv")
    e = n[n["indicator"] == "equipment_share"].dropna(subset=["value"])
    return members(e, since, "iso3")


@pytest.fixture(scope="module")
def imports(since):
    a = members(pd.read_csv(DATA / "arms_imports.csv"), since, "recipient_iso3")
    a = a[~a["recipient_iso3"].isin(["USA", "CAN"])]
    tot = a.groupby("recipient_iso3")["tiv_million"].sum()
    us = a[a["supplier_iso3"] == "USA"].groupby("recipient_iso3")["tiv_million"].sum()
    eu = a[a["supplier_iso3"].isin(EUROPEAN)].groupby("recipient_iso3")["tiv_million"].sum()
    return pd.DataFrame({"total": tot, "us": 100 * us.reindex(tot.index, fill_value=0) / tot,
                         "eu": 100 * eu.reindex(tot.index, fill_value=0) / tot})


def test_alt_texts_type_no_data_numbers(figures):
    """Alt texts may name years and the 20 % guideline; every other claim is in words, tested below."""
    for name, (_, alt) in figures.items():
        rest = re.sub(r"\b(19|20)\d\d\b", " ", alt)
        rest = re.sub(r"\b20 percent\b", " ", rest)
        assert not re.findall(r"\d", rest), f"{name}: typed number in alt text: {alt}"


def test_later_members_are_not_counted_early(equip, imports):
    # Finland joined in 2023 and Sweden in 2024: no 2017-2021 imports, no equipment share before.
    assert not {"FIN", "SWE"} & set(imports.index)
    assert equip[equip["iso3"] == "FIN"]["year"].min() >= 2023
    assert equip[equip["iso3"] == "SWE"]["year"].min() >= 2024
    assert equip[equip["year"] == 2014]["iso3"].nunique() == 27   # 28 allies in 2014, Iceland no figure


def test_equipment_figure_words(figures, equip):
    caption, alt = figures["fig-ch04-equipment"]
    by = equip.groupby("year")["value"].agg(at20=lambda v: int((v >= 20).sum()), n="size", median="median")
    first, last = by.index.min(), by.index.max()
    assert f"for {first} to {last}" in alt
    # "rises almost every year": at most one year without a rise
    assert (by["at20"].diff().dropna() <= 0).sum() <= 1 and "rises almost every year" in alt
    # "from a minority in 2014 to nearly all allies in 2024"
    assert by.loc[first, "at20"] < by.loc[first, "n"] / 2
    assert by.loc[last, "at20"] >= by.loc[last, "n"] - 2
    # "crossing 20 percent around 2019": first year with a median at or above 20
    assert int(by.index[by["median"] >= 20][0]) == 2019 and "around 2019" in alt
    # caption: "The last two years are NATO estimates"
    n = pd.read_csv(DATA / "nato_spending.csv")
    est = n[n["indicator"] == "equipment_share"].groupby("year")["estimate"].all()
    assert est[est].index.tolist() == [last - 1, last] and "last two years are NATO estimates" in caption


def test_imports_figure_words(figures, imports):
    _, alt = figures["fig-ch04-imports"]
    top5 = imports.sort_values("total", ascending=False).head(5)
    names = {"GBR": "United Kingdom", "NOR": "Norway", "TUR": "Türkiye", "NLD": "Netherlands", "ITA": "Italy"}
    assert list(top5.index) == list(names)
    positions = [alt.index(names[c]) for c in top5.index]
    assert positions == sorted(positions)
    # "most of them took the larger part from the United States"
    assert (top5["us"] > top5["eu"]).sum() > len(top5) / 2
    # "several smaller allies bought mainly from European suppliers"
    smaller = imports.drop(top5.index)
    assert (smaller["eu"] > 50).sum() >= 3


def test_evidence_test_figure_and_quiz_words(figures, equip, imports):
    _, alt = figures["fig-ch04-test"]
    e = equip.pivot_table(index="iso3", columns="year", values="value")
    rise = (e[2021] - e[2014]).dropna()
    df = pd.DataFrame({"rise": rise}).join(imports["us"], how="inner")
    top3 = df.sort_values("rise", ascending=False).head(3)
    assert list(top3.index) == ["GRC", "HUN", "HRV"]
    for name in ("Greece", "Hungary", "Croatia"):
        assert name in alt
    # "bought a smaller share ... than several allies with smaller rises"
    rest = df.drop(top3.index)
    assert (rest["us"] > top3["us"].max()).sum() >= 3
    # "no upward pattern" (alt), "the rank correlation is not positive" (quiz feedback)
    rho = df["rise"].rank().corr(df["us"].rank())
    assert rho <= 0 and "no upward pattern" in alt
    quiz = (ROOT / "chapters" / "quizzes" / "04-industrial-hurdles.yml").read_text(encoding="utf-8")
    assert "the rank correlation is not positive" in quiz
