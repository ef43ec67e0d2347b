"""Burden-sharing metrics over NATO's defence-expenditure table.

Pure functions over the long DataFrame that ``widgets.data.load("nato_spending")``
returns (columns ``iso3, country, year, indicator, value``; the caller loads it).
NATO's aggregates (``widgets.chapter.AGGREGATES``: ``NATO_TOTAL``, ``NATO_EU_CA``) are
never counted as allies.

A positive rank correlation between GDP and the defence burden (computed with
:mod:`widgets.models.ranks`) is the pattern that Olson and Zeckhauser's exploitation
hypothesis predicts; Kim and Sandler use such rank correlations for NATO by year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from widgets.chapter import is_aggregate, members_by_year
from widgets.models.ranks import kendall_tau, spearman_rho

__all__ = [
    "METRICS",
    "burden_table",
    "allies_at_or_above",
    "us_share_of_alliance",
    "rank_correlation_by_year",
    "members_only",
]

#: The four burden metrics of :func:`burden_table`: label, unit and the NATO
#: indicator each one is read or computed from.
METRICS = {
    "share_gdp": {
        "label": "Defence expenditure as a share of GDP",
        "unit": "percent of GDP",
        "indicator": "defence_share_gdp",
    },
    "per_capita": {
        "label": "Defence expenditure per person",
        "unit": "US$ per person (constant 2015 prices and exchange rates)",
        "indicator": "defence_per_capita_usd_constant2015",
    },
    "share_of_total": {
        "label": "Share of NATO's total defence expenditure",
        "unit": "percent of the NATO total (current US$)",
        "indicator": "defence_usd_current",
    },
    "equipment_share": {
        "label": "Equipment spending as a share of defence expenditure",
        "unit": "percent of defence expenditure",
        "indicator": "equipment_share",
    },
}

_COLUMNS = ("iso3", "country", "year", "indicator", "value")
# Values are compared with the threshold after this slack, so a share stored as
# 1.9999999999999998 for NATO's "2.00" still counts (float representation only).
_EPS = 1e-9


# --------------------------------------------------------------------------- #
# Helpers                                                                      #
# --------------------------------------------------------------------------- #
def _check_frame(nato) -> pd.DataFrame:
    if not isinstance(nato, pd.DataFrame):
        raise ValueError('nato must be a pandas DataFrame: pass load("nato_spending").')
    missing = [c for c in _COLUMNS if c not in nato.columns]
    if missing:
        raise ValueError(
            f"nato is missing column(s) {', '.join(missing)}; pass the long table from load(\"nato_spending\")."
        )
    return nato


def _indicator(nato: pd.DataFrame, indicator: str, allies_only: bool = True) -> pd.DataFrame:
    sub = nato[nato["indicator"] == indicator]
    if allies_only:
        sub = sub[~is_aggregate(sub["iso3"])]
    sub = sub[sub["value"].notna()]
    return sub


def _need(sub: pd.DataFrame, indicator: str) -> None:
    if sub.empty:
        raise ValueError(f"nato has no rows for indicator {indicator!r}; pass load(\"nato_spending\").")


# --------------------------------------------------------------------------- #
# Metrics                                                                      #
# --------------------------------------------------------------------------- #
def burden_table(nato, year, metric, iso3=None) -> pd.DataFrame:
    """One burden metric for every ally in one year, largest first.

    Parameters
    ----------
    nato : pandas.DataFrame
        The long ``nato_spending`` table.
    year : int
        Year to report (NATO's tables cover 2014-2024; 2023-2024 are estimates).
    metric : str
        A key of :data:`METRICS`: ``"share_gdp"`` (percent of GDP),
        ``"per_capita"`` (US$ per person, constant 2015 prices),
        ``"share_of_total"`` (percent of the ``NATO_TOTAL`` row's defence
        expenditure in current US$; NATO's total is the sum over its allies)
        or ``"equipment_share"`` (percent of defence expenditure). NATO's
        total sums the members *of that year* (Montenegro from 2017, North
        Macedonia from 2020, Finland from 2023, Sweden from 2024); filter with
        :func:`members_only` first so that earlier years show members only.
    iso3 : sequence of str, optional
        Restrict to these allies. Codes absent from the table raise an error;
        allies without a value in ``year`` are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3, country, value`` sorted by ``value`` descending (ties by
        ``iso3``). ``attrs`` holds ``label``, ``unit``, ``metric`` and ``year``.

    Raises
    ------
    ValueError
        For an unknown metric, a year without data, unknown iso3 codes or a
        table without the needed columns.

    References
    ----------
    .. [1] Kim, W. and Sandler, T. (2020), "NATO at 70: Pledges, Free Riding,
       and Benefit-Burden Concordance" (``kim2020nato``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["AAA", "BBB", "NATO_TOTAL"], "country": ["A", "B", "NATO Total"],
    ...                    "year": 2024, "indicator": "defence_share_gdp", "value": [1.5, 2.5, 2.0]})
    >>> burden_table(df, 2024, "share_gdp")["iso3"].tolist()
    ['BBB', 'AAA']
    """
    nato = _check_frame(nato)
    if metric not in METRICS:
        raise ValueError(f"metric {metric!r} is unknown; choose one of {', '.join(METRICS)}.")
    spec = METRICS[metric]
    sub = _indicator(nato, spec["indicator"])
    _need(sub, spec["indicator"])
    years = sorted(int(y) for y in sub["year"].unique())
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValueError("year must be an integer such as 2024.") from None
    if year not in years:
        raise ValueError(f"year {year} has no {spec['indicator']} data; choose a year in {years[0]}-{years[-1]}.")
    rows = sub[sub["year"] == year][["iso3", "country", "value"]].copy()
    rows["value"] = rows["value"].astype(float)
    if metric == "share_of_total":
        tot = nato[(nato["indicator"] == spec["indicator"]) & (nato["iso3"] == "NATO_TOTAL")
                   & (nato["year"] == year)]["value"].dropna()
        if tot.empty:
            raise ValueError(f"nato has no NATO_TOTAL defence_usd_current for {year}; "
                             'share_of_total needs the NATO total row of load("nato_spending").')
        rows["value"] = 100.0 * rows["value"] / float(tot.iloc[0])
    if iso3 is not None:
        codes = [str(c) for c in ([iso3] if isinstance(iso3, str) else iso3)]
        known = set(nato["iso3"].astype(str))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(f"iso3 code(s) {', '.join(unknown)} are not in the NATO table; use ISO3 codes such as DEU.")
        rows = rows[rows["iso3"].isin(codes)]
    out = rows.sort_values(["value", "iso3"], ascending=[False, True]).reset_index(drop=True)
    out.attrs.update(label=spec["label"], unit=spec["unit"], metric=metric, year=year)
    return out


def allies_at_or_above(nato, threshold=2.0) -> pd.Series:
    """Number of allies whose defence spending is at least ``threshold`` % of GDP.

    Parameters
    ----------
    nato : pandas.DataFrame
        The long ``nato_spending`` table.
    threshold : float, default 2.0
        Threshold in percent of GDP (2.0 is NATO's 2014 guideline).

    Returns
    -------
    pandas.Series
        Indexed by ``year`` (int), the count of allies (aggregates excluded).
        Values are compared unrounded (with a 1e-9 slack for floating point).

    Raises
    ------
    ValueError
        For a non-numeric or negative threshold or a table without the data.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["AAA", "BBB", "AAA", "BBB", "NATO_TOTAL"], "country": "x",
    ...                    "year": [2014, 2014, 2024, 2024, 2024], "indicator": "defence_share_gdp",
    ...                    "value": [1.0, 2.0, 2.1, 3.0, 2.5]})
    >>> allies_at_or_above(df).to_dict()
    {2014: 1, 2024: 2}
    """
    nato = _check_frame(nato)
    try:
        threshold = float(threshold)
    except (TypeError, ValueError):
        raise ValueError("threshold must be a number in percent of GDP, e.g. 2.0.") from None
    if not np.isfinite(threshold) or threshold < 0:
        raise ValueError("threshold must be a finite number >= 0 (percent of GDP).")
    sub = _indicator(nato, "defence_share_gdp")
    _need(sub, "defence_share_gdp")
    hit = (sub["value"].astype(float) >= threshold - _EPS)
    out = hit.groupby(sub["year"].astype(int)).sum().astype(int)
    out.index.name = "year"
    out.name = f"allies_at_or_above_{threshold:g}"
    return out


def us_share_of_alliance(nato) -> pd.Series:
    """US defence expenditure as a percent of NATO's total, by year.

    Both in current US$ (NATO Table 2); the total is NATO's own
    ``NATO_TOTAL`` row.

    Parameters
    ----------
    nato : pandas.DataFrame
        The long ``nato_spending`` table.

    Returns
    -------
    pandas.Series
        Indexed by ``year``; percent.

    Raises
    ------
    ValueError
        If the USA or NATO_TOTAL rows of ``defence_usd_current`` are missing.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["USA", "NATO_TOTAL"], "country": ["United States", "NATO Total"],
    ...                    "year": 2024, "indicator": "defence_usd_current", "value": [3.0, 4.0]})
    >>> us_share_of_alliance(df).to_dict()
    {2024: 75.0}
    """
    nato = _check_frame(nato)
    sub = nato[(nato["indicator"] == "defence_usd_current") & nato["value"].notna()]
    us = sub[sub["iso3"] == "USA"].set_index(sub[sub["iso3"] == "USA"]["year"].astype(int))["value"]
    tot = sub[sub["iso3"] == "NATO_TOTAL"].set_index(sub[sub["iso3"] == "NATO_TOTAL"]["year"].astype(int))["value"]
    if us.empty or tot.empty:
        raise ValueError('us_share_of_alliance needs the USA and NATO_TOTAL rows of defence_usd_current; '
                         'pass load("nato_spending").')
    out = (100.0 * us.astype(float) / tot.astype(float)).dropna().sort_index()
    out.index.name = "year"
    out.name = "us_share_percent"
    return out


def members_only(nato, countries) -> pd.DataFrame:
    """The rows of ``nato`` for countries that were NATO members in that year (aggregates kept).

    The NATO-table form of :func:`widgets.chapter.members_by_year`, which works on any
    country-year table; see there.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["FIN", "FIN"], "country": "Finland", "year": [2022, 2023],
    ...                    "indicator": "defence_share_gdp", "value": [1.7, 2.4]})
    >>> members_only(df, {"FIN": 2023})["year"].tolist()
    [2023]
    """
    return members_by_year(_check_frame(nato), countries)


def rank_correlation_by_year(nato, years=None, method="kendall") -> pd.DataFrame:
    """Rank correlation between GDP and the defence burden, year by year.

    For each year, over the allies that have both GDP in current US$
    (``gdp_usd_current``) and defence expenditure as a share of GDP
    (``defence_share_gdp``); NATO aggregates excluded. A positive value means
    larger economies carry higher burdens (Olson and Zeckhauser's
    exploitation hypothesis).

    Parameters
    ----------
    nato : pandas.DataFrame
        The long ``nato_spending`` table.
    years : sequence of int, optional
        Years to compute; all years with data when omitted.
    method : {"kendall", "spearman"}
        Kendall's tau-b or Spearman's rho.

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int), ``n`` (allies used), ``coefficient``.

    Raises
    ------
    ValueError
        For an unknown method, a requested year without data, or a table
        without the needed indicators.

    References
    ----------
    .. [1] Olson, M. and Zeckhauser, R. (1966) (``olson1966economic``).
    .. [2] Kim, W. and Sandler, T. (2020) (``kim2020nato``).

    Examples
    --------
    >>> import pandas as pd
    >>> gdp = pd.DataFrame({"iso3": ["A", "B", "C"], "country": "x", "year": 2024,
    ...                     "indicator": "gdp_usd_current", "value": [3.0, 2.0, 1.0]})
    >>> share = gdp.assign(indicator="defence_share_gdp", value=[2.0, 3.0, 1.0])
    >>> rank_correlation_by_year(pd.concat([gdp, share]))["coefficient"].round(4).tolist()
    [0.3333]
    """
    nato = _check_frame(nato)
    funcs = {"kendall": kendall_tau, "spearman": spearman_rho}
    if method not in funcs:
        raise ValueError(f"method {method!r} is unknown; choose 'kendall' or 'spearman'.")
    gdp = _indicator(nato, "gdp_usd_current")
    share = _indicator(nato, "defence_share_gdp")
    _need(gdp, "gdp_usd_current")
    _need(share, "defence_share_gdp")
    both = pd.merge(gdp[["iso3", "year", "value"]], share[["iso3", "year", "value"]],
                    on=["iso3", "year"], suffixes=("_gdp", "_share"))
    available = sorted(int(y) for y in both["year"].unique())
    if years is None:
        years = available
    else:
        years = [int(y) for y in ([years] if np.isscalar(years) else years)]
        bad = [y for y in years if y not in available]
        if bad:
            raise ValueError(f"no year(s) {bad} with both GDP and defence share; choose from {available[0]}-{available[-1]}.")
    rows = []
    for y in years:
        d = both[both["year"] == y]
        coef = funcs[method](d["value_gdp"].to_numpy(float), d["value_share"].to_numpy(float)) \
            if len(d) >= 2 else float("nan")
        rows.append({"year": int(y), "n": int(len(d)), "coefficient": coef})
    return pd.DataFrame(rows, columns=["year", "n", "coefficient"])
