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

The module loads; :mod:`widgets.validate` checks a frame against its declaration;
:mod:`widgets.appendix` formats tables for the data appendix; ``scripts/bench_data.py`` times
the loads.
"""
import json
import os
from pathlib import Path

from widgets.validate import DataError, read_and_validate

__all__ = ["DataError", "data_dir", "list_datasets", "load", "describe", "appendix_page",
           "clear_cache"]

ENV_VAR = "COURSE_DATA_DIR"
DESCRIPTOR = "datapackage.json"
_CACHE = {}


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


def appendix_page(name):
    """Stem of the appendix page that documents dataset ``name`` (``chapters/data/<stem>.md``).

    A dataset's page has its own name unless its declaration names another (a companion file,
    such as SIPRI's footnote texts, is described on its main dataset's page).

    Examples
    --------
    >>> appendix_page("nato_spending"), appendix_page("sipri_footnotes")
    ('nato_spending', 'sipri_milex')
    """
    return describe(name).get("page", name)


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
        _CACHE[key] = read_and_validate(path, res, _restore_hint(res["path"]))
    return _CACHE[key].copy()
