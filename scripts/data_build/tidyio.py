"""Deterministic CSV writing: fixed column order, sorted rows, fixed float format, "\\n" endings."""
import csv
import io
import math

import pandas as pd

FLOAT_FORMAT = "{:.12g}"


def _cell(value, ftype):
    """Format one cell for its Frictionless field type; missing values become ""."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    if ftype == "integer":
        return str(int(value))
    if ftype == "number":
        text = FLOAT_FORMAT.format(float(value))
        return "0" if text == "-0" else text
    if ftype == "boolean":
        return "true" if bool(value) else "false"
    return str(value)


def to_csv_text(frame, resource):
    """Render ``frame`` as CSV text following ``resource``'s schema (field order and key order).

    Parameters
    ----------
    frame : pandas.DataFrame
        Holds at least every field of the schema.
    resource : dict
        A data-package resource with ``schema.fields`` and ``schema.primaryKey``.

    Returns
    -------
    str
        The CSV text, rows sorted by the primary key.
    """
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise ValueError(f"{resource['name']}: builder did not produce columns {missing}")
    key = resource["schema"].get("primaryKey") or names
    frame = frame[names].sort_values(key, kind="mergesort", na_position="first")
    if frame.duplicated(key).any():
        dup = frame[frame.duplicated(key, keep=False)].head(4)
        raise ValueError(f"{resource['name']}: primary key {key} not unique, e.g.\n{dup}")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    types = [f["type"] for f in fields]
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v, t) for v, t in zip(row, types)])
    return buf.getvalue()
