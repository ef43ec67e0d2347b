"""Who trains with whom: network statistics over the multinational exercises dataset.

Pure functions over ``load("exercises")`` and ``load("exercise_participants")`` (MME v7,
1980-2010) and ``load("countries")`` (NATO accession years). An exercise counts for an ally only
in a year when that ally was a NATO member (:func:`widgets.chapter.members_by_year`), so the
1980s network has the sixteen Cold War allies and later periods add each new member from its
accession year.

Definitions (stated once, used by the chapter):

* an **allied exercise** is a multinational exercise in which at least two countries took part
  that were NATO members in its start year (other partners may also take part);
* in a period, two allies are **linked** when they took part in at least one allied exercise
  together; the **density** is the share of all pairs of the period's allies that are linked,
  where the period's allies are the countries that were members in at least one of its years;
* a **European-only** exercise is an allied exercise with at least two European allies and
  neither the United States nor Canada.

The three records whose ids carry a ``-2`` suffix repeat an MME id with different content; they
are kept as separate exercises, as the data package does.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

__all__ = ["PERIODS", "NORTH_AMERICA", "allied_participation", "period_members", "period_summary", "pair_counts",
           "period_table", "two_proportion_test", "us_counts"]

#: Periods of the chapter: the late Cold War, the 1990s before enlargement, enlargement onwards.
PERIODS = {"1980–1990": (1980, 1990), "1991–1998": (1991, 1998), "1999–2010": (1999, 2010)}
#: Allies outside Europe.
NORTH_AMERICA = ("USA", "CAN")


def _accession(countries) -> dict:
    if isinstance(countries, pd.DataFrame):
        for col in ("iso3", "nato_member_since"):
            if col not in countries.columns:
                raise ValueError(f"countries lacks the column {col!r}: pass load('countries').")
        s = countries.dropna(subset=["nato_member_since"])
        return {k: int(v) for k, v in zip(s["iso3"], s["nato_member_since"])}
    return {k: int(v) for k, v in dict(countries).items() if v is not None and v == v}


def _check_period(start, end):
    for nm, v in (("start", start), ("end", end)):
        if isinstance(v, bool) or int(v) != v or not 1980 <= int(v) <= 2010:
            raise ValueError(f"{nm} (year) must be a whole year between 1980 and 2010 (the data's coverage); got {v!r}.")
    if start > end:
        raise ValueError(f"start ({start}) must not be after end ({end}).")


def allied_participation(participants: pd.DataFrame, countries) -> pd.DataFrame:
    """Rows of ``participants`` whose country was a NATO member in the exercise's start year.

    Parameters
    ----------
    participants : pandas.DataFrame
        ``load("exercise_participants")``: ``exercise_id``, ``iso3``, ``start_year``.
    countries : pandas.DataFrame or mapping
        ``load("countries")`` or a mapping iso3 -> accession year.

    Returns
    -------
    pandas.DataFrame
        Columns ``exercise_id``, ``iso3``, ``start_year``, one row per allied participant,
        duplicates removed.

    Examples
    --------
    >>> p = pd.DataFrame({"exercise_id": ["a", "a", "a"], "iso3": ["USA", "POL", "SWE"],
    ...                   "start_year": [1995, 1995, 1995]})
    >>> allied_participation(p, {"USA": 1949, "POL": 1999})["iso3"].tolist()
    ['USA']
    """
    for col in ("exercise_id", "iso3", "start_year"):
        if col not in participants.columns:
            raise ValueError(f"participants lacks the column {col!r}: pass load('exercise_participants').")
    acc = _accession(countries)
    p = participants.dropna(subset=["iso3"])
    since = p["iso3"].map(acc)
    keep = since.notna() & (p["start_year"] >= since)
    return p.loc[keep, ["exercise_id", "iso3", "start_year"]].drop_duplicates(["exercise_id", "iso3"])


def _allied_sets(participants, countries, start, end):
    _check_period(start, end)
    a = allied_participation(participants, countries)
    a = a[(a["start_year"] >= start) & (a["start_year"] <= end)]
    sets = a.groupby("exercise_id")["iso3"].agg(frozenset)
    return sets[sets.map(len) >= 2]


def period_members(countries, start, end) -> list:
    """Allies that were members in at least one year of ``start``-``end``, sorted."""
    _check_period(start, end)
    return sorted(k for k, v in _accession(countries).items() if v <= end)


def pair_counts(participants: pd.DataFrame, countries, start: int, end: int) -> pd.DataFrame:
    """Number of allied exercises each pair of allies shared in ``start``-``end``.

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, indexed and columned by the period's allies (iso3); the diagonal is
        each ally's number of allied exercises.

    Examples
    --------
    >>> p = pd.DataFrame({"exercise_id": ["a", "a", "b", "b"], "iso3": ["USA", "GBR", "GBR", "FRA"],
    ...                   "start_year": [1985, 1985, 1986, 1986]})
    >>> m = pair_counts(p, {"USA": 1949, "GBR": 1949, "FRA": 1949}, 1980, 1990)
    >>> int(m.loc["GBR", "GBR"]), int(m.loc["USA", "FRA"]), int(m.loc["GBR", "FRA"])
    (2, 0, 1)
    """
    members = period_members(countries, start, end)
    idx = {k: i for i, k in enumerate(members)}
    M = np.zeros((len(members), len(members)), dtype=int)
    for s in _allied_sets(participants, countries, start, end):
        ids = [idx[k] for k in s]
        for i in ids:
            M[i, i] += 1
        for i, j in combinations(ids, 2):
            M[i, j] += 1
            M[j, i] += 1
    return pd.DataFrame(M, index=members, columns=members)


def period_summary(participants: pd.DataFrame, countries, start: int, end: int) -> dict:
    """Density, US share and European-only exercises for one period.

    Returns
    -------
    dict
        ``n_allies`` (the period's allies), ``n_exercises`` (allied exercises), ``density``
        (share of pairs linked, 0-1), ``us_share`` (share of allied exercises with the US, 0-1),
        ``n_european_only`` and ``european_only_share`` (0-1), ``us_degree_share`` (share of the
        other allies the US trained with), ``mean_degree_share`` (the same, averaged over allies).

    Examples
    --------
    >>> p = pd.DataFrame({"exercise_id": ["a", "a", "b", "b"], "iso3": ["USA", "GBR", "GBR", "FRA"],
    ...                   "start_year": [1985, 1985, 1986, 1986]})
    >>> s = period_summary(p, {"USA": 1949, "GBR": 1949, "FRA": 1949}, 1980, 1990)
    >>> round(s["density"], 3), s["us_share"], s["n_european_only"]
    (0.667, 0.5, 1)
    """
    sets = _allied_sets(participants, countries, start, end)
    M = pair_counts(participants, countries, start, end)
    n = M.shape[0]
    A = (M.to_numpy() > 0).astype(int)
    np.fill_diagonal(A, 0)
    pairs = n * (n - 1) / 2
    links = A.sum() / 2
    n_ex = int(len(sets))
    with_us = int(sum("USA" in s for s in sets))
    euro = int(sum(("USA" not in s) and ("CAN" not in s) and len(s) >= 2 for s in sets))
    deg = A.sum(axis=1) / max(n - 1, 1)
    us_deg = float(deg[list(M.index).index("USA")]) if "USA" in M.index else 0.0
    return {
        "n_allies": n,
        "n_exercises": n_ex,
        "density": float(links / pairs) if pairs else 0.0,
        "us_share": with_us / n_ex if n_ex else 0.0,
        "n_european_only": euro,
        "european_only_share": euro / n_ex if n_ex else 0.0,
        "us_degree_share": us_deg,
        "mean_degree_share": float(deg.mean()) if n else 0.0,
    }


def period_table(participants: pd.DataFrame, countries, periods=None) -> pd.DataFrame:
    """:func:`period_summary` for each period (default :data:`PERIODS`), one row each."""
    periods = PERIODS if periods is None else periods
    rows = []
    for label, (a, b) in periods.items():
        rows.append({"period": label, "start": a, "end": b, **period_summary(participants, countries, a, b)})
    return pd.DataFrame(rows)


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> dict:
    """Two-sided z-test that two shares are equal (pooled standard error).

    Parameters
    ----------
    k1, n1, k2, n2 : int
        Successes and trials of each group, ``0 <= k <= n`` and ``n >= 1``.

    Returns
    -------
    dict
        ``p1``, ``p2``, ``diff`` (p2 - p1), ``z`` and two-sided ``p_value``.

    Examples
    --------
    >>> r = two_proportion_test(50, 100, 50, 100)
    >>> r["z"], r["p_value"]
    (0.0, 1.0)
    """
    import math

    for nm, k, n in (("k1", k1, n1), ("k2", k2, n2)):
        if n < 1 or not 0 <= k <= n:
            raise ValueError(f"{nm} must lie between 0 and its number of trials (>= 1); got {k} of {n}.")
    p1, p2 = k1 / n1, k2 / n2
    pool = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2))
    z = (p2 - p1) / se if se > 0 else 0.0
    return {"p1": p1, "p2": p2, "diff": p2 - p1, "z": z, "p_value": math.erfc(abs(z) / math.sqrt(2))}


def us_counts(participants: pd.DataFrame, countries, start: int, end: int) -> tuple[int, int]:
    """(allied exercises with the US, allied exercises) in ``start``-``end``."""
    sets = _allied_sets(participants, countries, start, end)
    return int(sum("USA" in s for s in sets)), int(len(sets))
