"""The shared chapter helpers (``widgets.chapter``) and the modules split out of the data layer.

Rules checked: every documented Example runs; country names read correctly inside a sentence
for every course country, from ``countries.csv``; lists and number words read as prose; wide
tables and members-by-year work on any country-year table, not only NATO's.
"""
from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest

from widgets import chapter
from widgets.data import load

DOCUMENTED = ["widgets.chapter", "widgets.data", "widgets.appendix", "widgets.validate", "widgets.quiz",
              "widgets.models.ranks", "widgets.models.burden", "widgets.figures"]


@pytest.mark.parametrize("module", DOCUMENTED)
def test_examples_in_docstrings_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {module} fail"


@pytest.mark.parametrize("code, expected", [
    ("NLD", "the Netherlands"), ("Netherlands", "the Netherlands"), ("USA", "the United States"),
    ("GBR", "the United Kingdom"), ("CZE", "Czechia"), ("SVK", "Slovakia"),
    ("POL", "Poland"), ("MKD", "North Macedonia"), ("NATO_TOTAL", "NATO Total"),
])
def test_country_names_read_in_a_sentence(code, expected):
    assert chapter.in_sentence(code) == expected


def test_every_course_country_has_a_sentence_name():
    countries = load("countries")
    for row in countries.itertuples():
        name = chapter.in_sentence(row.iso3, countries)
        assert name in (row.name, f"the {row.name}"), row.iso3
        assert not name.startswith("the the"), row.iso3


def test_unknown_country_is_named_with_the_fix():
    with pytest.raises(ValueError, match="'Atlantis' is not a course country.*countries.py"):
        chapter.in_sentence("Atlantis")


def test_join_and_number_words_read_as_prose():
    assert chapter.join(["the Netherlands", "Poland", "Greece"]) == "the Netherlands, Poland and Greece"
    assert chapter.join(("a", "b")) == "a and b"
    with pytest.raises(ValueError, match="at least one"):
        chapter.join([])
    assert [chapter.number_word(n) for n in (0, 5, 12, 13)] == ["zero", "five", "twelve", "13"]
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="whole number"):
            chapter.number_word(bad)
    assert chapter.ordinal(3) == "third" and chapter.ordinal(111) == "111th"


def test_counts_read_as_a_person_writes_them():
    """No template sentences such as "0 of the 11 years" or "27 of the 27"."""
    assert chapter.how_many(11, 11, "year") == "every year"
    assert chapter.how_many(0, 11, "year") == "no year"
    assert chapter.how_many(1, 11, "year") == "one of the 11 years"
    # No word next to digits ("ten of the 11"): the part is a word up to nine only.
    assert chapter.how_many(9, 11, "year") == "nine of the 11 years"
    assert chapter.how_many(10, 11, "year") == "10 of the 11 years"
    assert chapter.count_of(10, 27) == "10 of the 27"
    assert chapter.count_of(27, 27) == "all 27" and chapter.count_of(0, 27) == "none of the 27"
    with pytest.raises(ValueError, match="0 <= k <= n"):
        chapter.how_many(12, 11, "year")


def test_glue_formats_and_rejects_a_bad_format():
    assert chapter.glue("t_share", 2.345, fmt=".1f") == "2.3"
    with pytest.raises(ValueError, match="glue 't_name'"):
        chapter.glue("t_name", "Poland", fmt=".1f")


def test_wide_table_from_any_long_dataset():
    for name, indicator in (("nato_spending", "defence_share_gdp"),
                            ("sipri_milex", "milex_share_gdp"), ("world_bank", "population")):
        long = load(name)
        table = chapter.wide(long, indicator)
        sub = long[long.indicator == indicator].iloc[0]
        assert table.loc[sub.year, sub.iso3] == pytest.approx(sub.value, nan_ok=True)
    with pytest.raises(ValueError, match="no rows for indicator 'nope'.*defence_share_gdp"):
        chapter.wide(load("nato_spending"), "nope")


def test_members_by_year_on_a_table_that_is_not_natos():
    """US troops in a host count as troops in an Ally only from the host's accession year."""
    troops = load("us_troops")
    members = chapter.members_by_year(troops)
    assert not troops[troops.iso3 == "SWE"].empty and members[members.iso3 == "SWE"].empty  # joined 2024
    pol = members[members.iso3 == "POL"]
    assert pol.year.min() == 1999 and troops[troops.iso3 == "POL"].year.min() < 1999
    assert set(members.iso3) <= set(load("countries").query("group == 'NATO'").iso3)
    participants = load("exercise_participants")
    kept = chapter.members_by_year(participants, year="start_year")
    assert (kept.iso3 == "FIN").sum() == 0 or kept[kept.iso3 == "FIN"].start_year.min() >= 2023
    with pytest.raises(ValueError, match="no column 'year'"):
        chapter.members_by_year(participants)


def test_members_by_year_keeps_or_drops_aggregates():
    frame = pd.DataFrame({"iso3": ["NATO_TOTAL", "DEU", "DEU"], "year": [2014, 1950, 1960]})
    assert chapter.members_by_year(frame, {"DEU": 1955})["year"].tolist() == [2014, 1960]
    assert chapter.members_by_year(frame, {"DEU": 1955}, keep_aggregates=False)["year"].tolist() == [1960]
