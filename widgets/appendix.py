"""Tables for the data appendix: what a dataset covers, and a reader-friendly view of a frame."""
import html

import pandas as pd

from widgets.data import describe, load

__all__ = ["coverage", "table"]


def coverage(name):
    """Summarise what dataset ``name`` (one of ``widgets.data.list_datasets()``) covers.

    Returns
    -------
    pandas.DataFrame
        For long datasets one row per indicator with unit, values present, missing values,
        span of years ("2014–2024") and number of countries or groups; otherwise one row with
        the number of rows and, when there is a year column, its span.
    """
    frame = load(name)
    if "indicator" in frame.columns:
        rows = []
        for ind, part in frame.groupby("indicator", sort=True):
            present = part[part["value"].notna()]
            rows.append({"indicator": ind, "unit": part["unit"].iloc[0],
                         "values": len(present), "missing": len(part) - len(present),
                         "years": _span(present["year"]),
                         "countries or groups": present["iso3"].nunique()})
        return pd.DataFrame(rows)
    out = {"rows": len(frame)}
    for col in ("year", "start_year"):
        if col in frame.columns:
            out["years"] = _span(frame[col])
    return pd.DataFrame([out])


def _span(years):
    """'1990–2024' (en dash) for a column of years; one year alone when they are all equal."""
    first, last = int(years.min()), int(years.max())
    return str(first) if first == last else f"{first}–{last}"


_PLAIN = {"year", "years", "since", "month", "day", "id", "code", "ccode"}


def table(frame, name=None, precision=2):
    """A reader-friendly view of ``frame`` for the appendix pages (the data are unchanged).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows to show, e.g. a slice of :func:`load` or the result of :func:`coverage`.
    name : str, optional
        Dataset name; when given, codes in an ``indicator`` column are replaced by the
        indicator's description from the descriptor.
    precision : int, default 2
        Decimals shown for non-integer numbers.

    Returns
    -------
    pandas.io.formats.style.Styler
        No row index; ``_`` in headers shown as spaces; true/false as yes/no; numbers with
        thousands separators and missing values as "–", except in columns that hold years,
        days, months, codes or ids (a word of the name in ``_PLAIN``), which are shown as
        they are. Text with ``_`` or ``/`` (codes, URLs) is HTML-escaped and may wrap after
        those characters.
    """
    view = frame.copy()
    if name is not None and "indicator" in view.columns:
        spec = describe(name).get("indicators") or {}
        view["indicator"] = [spec.get(code, {}).get("description", code)
                             for code in view["indicator"]]
    for col in view.columns:
        if pd.api.types.is_bool_dtype(view[col]):
            view[col] = view[col].map({True: "yes", False: "no"})
    view.columns = [str(col).replace("_", " ") for col in view.columns]
    numeric = [c for c in view.columns
               if pd.api.types.is_numeric_dtype(view[c]) and not set(c.split()) & _PLAIN]
    ints = [c for c in numeric if pd.api.types.is_integer_dtype(view[c])]
    floats = [c for c in numeric if c not in ints]
    styler = view.style.hide(axis="index").format(na_rep="–")
    texts = [c for c in view.columns if c not in numeric and view[c].map(
        lambda v: isinstance(v, str) and ("_" in v or "/" in v)).any()]
    if texts:  # long codes and URLs may break after "_" or "/" (copied text is unchanged)
        styler = styler.format(
            lambda v: (html.escape(v).replace("_", "_<wbr>").replace("/", "/<wbr>")
                       if isinstance(v, str) else v),
            subset=texts, na_rep="–")
    if ints:
        styler = styler.format("{:,}", subset=ints, na_rep="–")
    if floats:
        styler = styler.format(f"{{:,.{precision}f}}", subset=floats, na_rep="–")
    return styler
