"""Check a tidy CSV against its entry in ``data/datapackage.json`` (used by :mod:`widgets.data`).

Types (integer, number, boolean, date, string), required values, minimum and maximum,
enumerations, per-indicator units and ranges of long tables, and the primary key. Every failure
is a :class:`DataError` naming the file, the column, the first rows and the fix.
"""
import pandas as pd

#: The descriptor file named in messages.
DESCRIPTOR = "datapackage.json"


class DataError(ValueError):
    """A data file is missing, unreadable or does not match ``data/datapackage.json``."""


def read_and_validate(path, res, fix):
    """Read the CSV at ``path`` and check it against its descriptor entry ``res``.

    Raises :class:`DataError` naming the file, the column, the rows and ``fix`` (how to repair).
    """
    fields = res["schema"]["fields"]
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
