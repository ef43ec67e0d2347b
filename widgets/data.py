"""Load the course's tidy datasets as typed, validated DataFrames.

Every dataset is a CSV in ``data/`` described in ``data/datapackage.json`` (a Frictionless
Data Package). :func:`load` reads the file, converts each column to the type the descriptor
declares and checks required columns, missing values, ranges, enumerations, per-indicator
units and ranges, and the primary key. Anything wrong raises :class:`DataError`, whose
message names the file and says how to fix it. Nothing here ever writes a file.

Examples
--------
>>> from widgets.data import load, list_datasets
>>> "nato_spending" in list_datasets()
True
>>> nato = load("nato_spending")
>>> sorted(nato.columns)[:3]
['country', 'estimate', 'indicator']

Run ``python -m widgets.data --bench`` to print how long each dataset takes to load.
"""
import html
import json
import os
import time
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "data_dir", "list_datasets", "load", "describe", "coverage", "table",
           "clear_cache"]

ENV_VAR = "COURSE_DATA_DIR"
DESCRIPTOR = "datapackage.json"
_CACHE = {}


class DataError(ValueError):
    """A data file is missing, unreadable or does not match ``data/datapackage.json``."""


def data_dir():
    """Folder holding the tidy CSVs.

    Returns
    -------
    pathlib.Path
        ``$COURSE_DATA_DIR`` when that variable is set, otherwise ``data/`` next to the
        ``widgets`` package in the checkout (never the current working directory).
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parent.parent / "data"


def _restore_hint(fname):
    return (f"run `make data` or restore it with git checkout -- data/{fname}")


def _stamp(path):
    st = path.stat()
    return (str(path), st.st_mtime_ns, st.st_size)


def _package():
    """The parsed descriptor (cached on path, mtime and size)."""
    path = data_dir() / DESCRIPTOR
    if not path.is_file():
        raise DataError(f"{path}: data package descriptor not found; {_restore_hint(DESCRIPTOR)}"
                        f" (or point {ENV_VAR} at a folder that has it)")
    key = ("descriptor",) + _stamp(path)
    if key not in _CACHE:
        try:
            _CACHE[key] = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise DataError(f"{path}: not valid JSON ({exc}); "
                            f"{_restore_hint(DESCRIPTOR)}") from None
    return _CACHE[key]


def list_datasets():
    """Names accepted by :func:`load`, sorted.

    Returns
    -------
    list of str
    """
    return sorted(r["name"] for r in _package()["resources"])


def describe(name):
    """The descriptor entry (a dict) of dataset ``name``: title, sources, licences, schema.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

    Returns
    -------
    dict
        A copy, so changing it changes nothing here.
    """
    for res in _package()["resources"]:
        if res["name"] == name:
            return json.loads(json.dumps(res))
    raise DataError(f"unknown dataset {name!r}; choose one of {', '.join(list_datasets())}")


def clear_cache():
    """Forget every loaded frame (the next :func:`load` re-reads the file)."""
    _CACHE.clear()


def load(name):
    """Read dataset ``name`` as a typed DataFrame validated against the descriptor.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets`, e.g. ``"nato_spending"``, ``"sipri_milex"``,
        ``"world_bank"``, ``"countries"``.

    Returns
    -------
    pandas.DataFrame
        A fresh copy (callers may modify it). Integer columns are ``int64`` (``Int64``
        when the column may be empty), numbers ``float64``, booleans ``bool``, dates
        ``datetime64``, text as pandas' string type.

    Raises
    ------
    DataError
        When the file is missing, unparsable, lacks a column, or holds a value outside the
        declared type, range or enumeration. The message names the file and the fix.
    """
    res = describe(name)
    path = data_dir() / res["path"]
    if not path.is_file():
        raise DataError(f"{path}: file not found; {_restore_hint(res['path'])}")
    key = ("frame", name) + _stamp(path)
    if key not in _CACHE:
        for old in [k for k in _CACHE if k[:2] == ("frame", name)]:
            del _CACHE[old]
        _CACHE[key] = _read_and_validate(path, res)
    return _CACHE[key].copy()


def _read_and_validate(path, res):
    fields = res["schema"]["fields"]
    fix = _restore_hint(res["path"])
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[],
                          encoding="utf-8", on_bad_lines="error")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be parsed as CSV ({type(exc).__name__}: "
                        f"{str(exc).strip()[:200]}); {fix}") from None
    missing = [f["name"] for f in fields if f["name"] not in raw.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)} declared in "
                        f"{DESCRIPTOR}; {fix}")
    out = pd.DataFrame(index=raw.index)
    for field in fields:
        out[field["name"]] = _convert(raw[field["name"]], field, path, fix)
        _check_constraints(out[field["name"]], field, path, fix)
    _check_indicators(out, res, path, fix)
    pkey = res["schema"].get("primaryKey")
    if pkey:
        dup = out.duplicated(pkey, keep=False)
        if dup.any():
            example = out.loc[dup, pkey].head(2).to_dict("records")
            raise DataError(f"{path}: {int(dup.sum())} rows repeat the key {pkey}, e.g. "
                            f"{example}; {fix}")
    return out


def _bad(path, col, text, rows, fix):
    first = int(rows[0]) + 2  # +1 header, +1 one-based
    return DataError(f"{path}: column '{col}' {text} ({len(rows)} row(s), first at line "
                     f"{first}); {fix}")


def _convert(series, field, path, fix):
    """Convert a column of text to the field's declared type."""
    ftype, col = field["type"], field["name"]
    empty = series.str.strip() == ""
    if ftype == "string":
        return series.astype(str)
    if ftype in ("number", "integer"):
        num = pd.to_numeric(series.where(~empty), errors="coerce")
        bad = num.isna() & ~empty
        if bad.any():
            rows = list(series.index[bad])
            return _raise(_bad(path, col, f"has non-numeric text such as "
                                          f"{series[bad].iloc[0]!r}", rows, fix))
        if ftype == "integer":
            frac = num.notna() & (num != num.round())
            if frac.any():
                return _raise(_bad(path, col, "has non-integer values", list(num.index[frac]),
                                   fix))
            return num.astype("Int64") if num.isna().any() else num.astype("int64")
        return num.astype("float64")
    if ftype == "boolean":
        low = series.str.strip().str.lower()
        ok = low.isin(["true", "false"])
        if not ok.all():
            return _raise(_bad(path, col, f"is not true/false, e.g. {series[~ok].iloc[0]!r}",
                               list(series.index[~ok]), fix))
        return low == "true"
    if ftype == "date":
        parsed = pd.to_datetime(series.where(~empty), format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna() & ~empty
        if bad.any():
            return _raise(_bad(path, col, f"has a date not in YYYY-MM-DD form, e.g. "
                                          f"{series[bad].iloc[0]!r}", list(series.index[bad]),
                               fix))
        return parsed
    raise DataError(f"{path}: column '{col}' has unsupported type {ftype!r} in {DESCRIPTOR}")


def _raise(exc):
    raise exc


def _is_missing(series):
    if series.dtype == bool:
        return pd.Series(False, index=series.index)
    miss = series.isna()
    if pd.api.types.is_string_dtype(series) or series.dtype == object:
        miss = miss | (series.astype(str).str.strip() == "")
    return miss


def _check_constraints(series, field, path, fix):
    cons = field.get("constraints", {})
    col = field["name"]
    miss = _is_missing(series)
    if cons.get("required") and miss.any():
        raise _bad(path, col, "has empty values but is required", list(series.index[miss]), fix)
    present = series[~miss]
    lo, hi = cons.get("minimum"), cons.get("maximum")
    if lo is not None or hi is not None:
        out = pd.Series(False, index=present.index)
        if lo is not None:
            out |= present < lo
        if hi is not None:
            out |= present > hi
        if out.any():
            raise _bad(path, col, f"has a value out of the declared range [{lo}, {hi}], e.g. "
                                  f"{present[out].iloc[0]!r}", list(present.index[out]), fix)
    if "enum" in cons:
        bad = ~present.isin(cons["enum"])
        if bad.any():
            raise _bad(path, col, f"has a value outside its allowed list, e.g. "
                                  f"{present[bad].iloc[0]!r}", list(present.index[bad]), fix)


def _check_indicators(frame, res, path, fix):
    """Each indicator's unit and range, from the descriptor's ``indicators`` extension."""
    spec = res.get("indicators")
    if not spec:
        return
    for name, rule in spec.items():
        rows = frame["indicator"] == name
        if not rows.any():
            continue
        wrong_unit = rows & (frame["unit"] != rule["unit"])
        if wrong_unit.any():
            raise _bad(path, "unit", f"must be {rule['unit']!r} for indicator {name!r}",
                       list(frame.index[wrong_unit]), fix)
        val = frame.loc[rows, "value"]
        out = val.notna() & ((val < rule["minimum"]) | (val > rule["maximum"]))
        if out.any():
            raise _bad(path, "value", f"is out of the declared range [{rule['minimum']}, "
                                      f"{rule['maximum']}] for indicator {name!r}, e.g. "
                                      f"{val[out].iloc[0]!r}", list(val.index[out]), fix)


def coverage(name):
    """Summarise what a dataset covers, for the data appendix.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`.

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


def bench():
    """Print the time to load each dataset cold (first read) and warm (from the cache).

    Returns
    -------
    dict
        name -> (cold seconds, warm seconds, rows).
    """
    results = {}
    clear_cache()
    t_all = time.perf_counter()
    for name in list_datasets():
        t0 = time.perf_counter()
        frame = load(name)
        t1 = time.perf_counter()
        load(name)
        t2 = time.perf_counter()
        results[name] = (t1 - t0, t2 - t1, len(frame))
        print(f"{name:24s} rows {len(frame):7d}   cold {1000 * (t1 - t0):7.1f} ms   "
              f"warm {1000 * (t2 - t1):6.2f} ms")
    print(f"{'all datasets (cold)':24s} {' ' * 12} total {time.perf_counter() - t_all:6.2f} s")
    return results


if __name__ == "__main__":
    import sys
    if "--bench" in sys.argv[1:]:
        bench()
    else:
        print("\n".join(list_datasets()))
