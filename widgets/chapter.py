"""Helpers every chapter and appendix page shares: glue, names in a sentence, lists, tables.

A page imports what it needs from here instead of defining it in its own cells::

    from widgets.chapter import glue, in_sentence, join, number_word, wide, members_by_year

Everything here is pure except :func:`glue` (which records a value for the page) and the
functions that read ``countries.csv`` through :func:`widgets.data.load` when no table is given.
"""
from __future__ import annotations

import numbers

import pandas as pd

__all__ = [
    "AGGREGATES",
    "is_aggregate",
    "glue",
    "plain",
    "in_sentence",
    "join",
    "number_word",
    "ordinal",
    "count_of",
    "how_many",
    "estimate_years",
    "year_label",
    "wide",
    "members_by_year",
]

#: Codes that stand for a group of countries rather than one country, in every dataset of the
#: course (NATO's two totals, SIPRI's and the World Bank's world, the European Union, Pew's
#: average), with the name the datasets give them. The data build reads its names from here.
AGGREGATES = {
    "NATO_TOTAL": "NATO Total",
    "NATO_EU_CA": "NATO Europe and Canada",
    "WLD": "World",
    "EUU": "European Union",
    "PEW_AVG": "Average of countries surveyed that year",
}

_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth").split()


def is_aggregate(iso3):
    """Whether a code (or each code of a Series) is an aggregate, not a country.

    Parameters
    ----------
    iso3 : str or pandas.Series
        One code or a column of codes.

    Returns
    -------
    bool or pandas.Series of bool

    Examples
    --------
    >>> is_aggregate("NATO_TOTAL"), is_aggregate("DEU")
    (True, False)
    >>> import pandas as pd
    >>> is_aggregate(pd.Series(["WLD", "USA"])).tolist()
    [True, False]
    """
    if isinstance(iso3, pd.Series):
        return iso3.astype(str).isin(AGGREGATES)
    return str(iso3) in AGGREGATES


def plain(value):
    """A numpy or pandas scalar as the plain Python value (``int``, ``float``, ``bool``, ``str``).

    myst-nb's ``{glue:text}`name:.1f``` format fails on numpy 2 scalars, so values pass
    through here before they are glued.

    Examples
    --------
    >>> import numpy as np
    >>> type(plain(np.int64(3))).__name__, type(plain(np.float64(0.5))).__name__
    ('int', 'float')
    >>> plain("Poland")
    'Poland'
    """
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def glue(name, value, fmt=None, display=False):
    """Record ``value`` for the page's ``{glue:text}`` roles, as a plain value or formatted text.

    Parameters
    ----------
    name : str
        The glue name (``snake_case``, unique on the page, a literal string).
    value : object
        A number, a string, or a numpy/pandas scalar (converted with :func:`plain`).
    fmt : str, optional
        A format spec such as ``".1f"`` or ``",.0f"``; then the formatted text is glued, and the
        prose uses ``{glue:text}`name``` with no spec of its own.
    display : bool, default False
        Passed to :func:`myst_nb.glue` (``False``: record only, show nothing in the cell).

    Returns
    -------
    object
        The value glued (the formatted string when ``fmt`` is given), so a cell can reuse it.

    Raises
    ------
    ValueError
        If ``fmt`` does not apply to ``value``; the message names the glue name.

    Examples
    --------
    >>> import numpy as np
    >>> glue("n_allies_demo", np.int64(32))
    32
    >>> glue("share_demo", 2.4567, fmt=".1f")
    '2.5'
    """
    value = plain(value)
    if fmt is not None:
        try:
            value = format(value, fmt)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"glue {name!r}: format {fmt!r} does not apply to {value!r} ({exc})") from None
    from myst_nb import glue as nb_glue
    nb_glue(name, value, display=display)
    return value


def _countries(countries):
    if countries is None:
        from widgets.data import load
        countries = load("countries")
    if not {"iso3", "name", "name_in_sentence"} <= set(countries.columns):
        raise ValueError('countries needs columns iso3, name, name_in_sentence: pass load("countries").')
    return countries


def in_sentence(country, countries=None):
    """A country's name as it reads inside a sentence ("the Netherlands", "Poland").

    The wording comes from the ``name_in_sentence`` column of ``countries.csv``, so a new
    country needs no code. Aggregate codes read as their names ("NATO Total").

    Parameters
    ----------
    country : str
        An ISO3 code (``"NLD"``) or the course spelling of the name (``"Netherlands"``).
    countries : pandas.DataFrame, optional
        ``load("countries")``; loaded when omitted.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If ``country`` is neither a course code nor a course name; the message says where
        countries are declared.

    Examples
    --------
    >>> in_sentence("USA"), in_sentence("Netherlands"), in_sentence("Czechia")
    ('the United States', 'the Netherlands', 'Czechia')
    """
    if str(country) in AGGREGATES:
        return AGGREGATES[str(country)]
    table = _countries(countries)
    hit = table[(table["iso3"] == country) | (table["name"] == country)]
    if hit.empty:
        raise ValueError(f"{country!r} is not a course country (code or name in countries.csv); "
                         "countries are declared in scripts/data_build/countries.py")
    return str(hit["name_in_sentence"].iloc[0])


def join(items, conjunction="and"):
    """Items joined as in prose: "A", "A and B", "A, B and C".

    Examples
    --------
    >>> join(["Poland"]), join(["Poland", "Greece"]), join(["A", "B", "C"])
    ('Poland', 'Poland and Greece', 'A, B and C')
    >>> join(["2.1 %", "2.3 %"], "or")
    '2.1 % or 2.3 %'
    """
    items = [str(i) for i in items]
    if not items:
        raise ValueError("join needs at least one item")
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def number_word(n):
    """A whole number from zero to twelve as a word, larger ones as digits ("seven", "32").

    Examples
    --------
    >>> number_word(7), number_word(12), number_word(13), number_word(32)
    ('seven', 'twelve', '13', '32')
    """
    if not isinstance(plain(n), numbers.Integral) or isinstance(n, bool) or n < 0:
        raise ValueError(f"number_word takes a whole number >= 0, not {n!r}")
    return _WORDS[n] if n < len(_WORDS) else str(n)


def ordinal(k):
    """An ordinal as a word up to twelfth, then with a suffix ("third", "13th", "21st").

    Examples
    --------
    >>> ordinal(3), ordinal(12), ordinal(13), ordinal(21), ordinal(22)
    ('third', 'twelfth', '13th', '21st', '22nd')
    """
    if not isinstance(plain(k), numbers.Integral) or isinstance(k, bool) or k < 1:
        raise ValueError(f"ordinal takes a whole number >= 1, not {k!r}")
    if k <= len(_ORDINALS):
        return _ORDINALS[k - 1]
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _part(k, n):
    k, n = plain(k), plain(n)
    if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in (k, n)) \
            or not 0 <= k <= n or n < 1:
        raise ValueError(f"a count needs whole numbers 0 <= k <= n with n >= 1, not k={k!r}, n={n!r}")
    return k, n


def count_of(k, n):
    """Part of a group as a person writes it: "all 27", "none of the 27", "five of the 27".

    Examples
    --------
    >>> count_of(27, 27), count_of(0, 27), count_of(1, 27), count_of(20, 27)
    ('all 27', 'none of the 27', 'one of the 27', '20 of the 27')
    """
    k, n = _part(k, n)
    if k == n:
        return f"all {n}"
    return f"{'none' if k == 0 else number_word(k)} of the {n}"


def how_many(k, n, noun):
    """How often, as a person writes it: "every year", "no year", "four of the 11 years".

    Parameters
    ----------
    k, n : int
        How many of how many (``0 <= k <= n``).
    noun : str
        The singular noun; the plural adds "s".

    Examples
    --------
    >>> how_many(11, 11, "year"), how_many(2, 2, "year"), how_many(0, 11, "year")
    ('every year', 'both years', 'no year')
    >>> how_many(1, 11, "year"), how_many(4, 11, "year")
    ('one of the 11 years', 'four of the 11 years')
    """
    k, n = _part(k, n)
    if k == n:
        return f"every {noun}" if n > 2 else f"both {noun}s"
    if k == 0:
        return f"no {noun}"
    return f"{number_word(k)} of the {n} {noun}s"


def estimate_years(table):
    """The years a table flags as estimates (its boolean ``estimate`` column), as a set of int.

    Examples
    --------
    >>> import pandas as pd
    >>> sorted(estimate_years(pd.DataFrame({"year": [2022, 2023, 2024],
    ...                                     "estimate": [False, True, True]})))
    [2023, 2024]
    """
    if "estimate" not in table.columns:
        raise ValueError("the table has no 'estimate' column (long datasets such as nato_spending have one)")
    return {int(y) for y in table.loc[table["estimate"].astype(bool), "year"].unique()}


def year_label(year, estimate, source="NATO", short=False):
    """How the course names a year whose figures may be estimates: one wording everywhere.

    Parameters
    ----------
    year : int
    estimate : bool or collection of int
        Whether the year's figures are estimates, or the set of estimate years
        (:func:`estimate_years`).
    source : str, default "NATO"
        Whose estimate it is.
    short : bool, default False
        ``"2024e"`` (axis ticks, slider labels) instead of ``"2024 (NATO estimate)"``.

    Examples
    --------
    >>> year_label(2024, True), year_label(2022, {2023, 2024}), year_label(2024, {2024}, short=True)
    ('2024 (NATO estimate)', '2022', '2024e')
    """
    year = int(year)
    if not isinstance(estimate, bool):
        estimate = year in estimate
    if not estimate:
        return str(year)
    return f"{year}e" if short else f"{year} ({source} estimate)"


def wide(long, indicator, index="year", columns="iso3"):
    """One indicator of a long country-year table as a year x country table.

    Parameters
    ----------
    long : pandas.DataFrame
        A long table (``nato_spending``, ``sipri_milex``, ``world_bank``...) with columns
        ``indicator``, ``value`` and the two named by ``index`` and ``columns``.
    indicator : str
        The indicator to keep.
    index, columns : str
        Rows and columns of the result (default years down, countries across).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        If the table has no rows for ``indicator``; the message lists the indicators it has.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["A", "B", "A"], "year": [2023, 2023, 2024],
    ...                    "indicator": "x", "value": [1.0, 2.0, 3.0]})
    >>> wide(df, "x").to_dict()
    {'A': {2023: 1.0, 2024: 3.0}, 'B': {2023: 2.0, 2024: nan}}
    """
    sub = long[long["indicator"] == indicator]
    if sub.empty:
        raise ValueError(f"no rows for indicator {indicator!r}; the table has "
                         f"{', '.join(sorted(map(str, long['indicator'].unique())))}")
    out = sub.pivot_table(index=index, columns=columns, values="value", aggfunc="first")
    out.columns.name = columns
    return out


def members_by_year(table, countries=None, iso3="iso3", year="year", keep_aggregates=True):
    """Keep the rows of a country-year table whose country was a NATO member in that year.

    NATO's tables carry today's members back to 2014, while NATO's own totals sum each year's
    members; the same holds for any country-year table (troops, exercises, opinion). Counts,
    rankings and tests over time use this filter.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table with a country-code column and a year column.
    countries : pandas.DataFrame or mapping, optional
        ``load("countries")`` (columns ``iso3``, ``nato_member_since``) or a mapping
        code -> accession year; loaded when omitted.
    iso3, year : str
        The names of the code and year columns in ``table``.
    keep_aggregates : bool, default True
        Keep aggregate rows (:data:`AGGREGATES`), which are not countries.

    Returns
    -------
    pandas.DataFrame
        The matching rows of ``table`` (index kept).

    Raises
    ------
    ValueError
        If a column is missing; the message names it.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["FIN", "FIN", "NATO_TOTAL"], "year": [2022, 2023, 2022]})
    >>> members_by_year(df, {"FIN": 2023})["year"].tolist()
    [2023, 2022]
    >>> troops = pd.DataFrame({"code": ["SWE", "SWE"], "yr": [2023, 2024]})
    >>> members_by_year(troops, {"SWE": 2024}, iso3="code", year="yr")["yr"].tolist()
    [2024]
    """
    if not isinstance(table, pd.DataFrame):
        raise ValueError("members_by_year needs a pandas DataFrame")
    for col in (iso3, year):
        if col not in table.columns:
            raise ValueError(f"the table has no column {col!r}; name its code and year columns "
                             "with iso3= and year=")
    if countries is None:
        from widgets.data import load
        countries = load("countries")
    if isinstance(countries, pd.DataFrame):
        if not {"iso3", "nato_member_since"} <= set(countries.columns):
            raise ValueError('countries needs columns iso3 and nato_member_since: pass load("countries").')
        since = dict(zip(countries["iso3"].astype(str), countries["nato_member_since"]))
    else:
        since = dict(countries)
    start = table[iso3].astype(str).map(lambda c: since.get(c)).astype("Float64")
    keep = (start.notna() & (start <= table[year].astype(float))).fillna(False).to_numpy(bool)
    if keep_aggregates:
        keep |= is_aggregate(table[iso3]).to_numpy(bool)
    return table[keep]
