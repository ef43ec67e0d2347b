"""Tests of the data layer: schema, reproducibility, SIPRI fair use, bad input, cross-source checks.

Known values used below come from publications or the provenance notes (NATO's June 2024
Table 3; PROVENANCE.md sanity checks), not from the code under test.
"""
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from widgets import appendix
from widgets.chapter import is_aggregate
from widgets.models import burden
from widgets import data as wd
from widgets.data import DataError, data_dir, list_datasets, load

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
RAW = DATA / "raw"
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
SIPRI_CAP = 3500  # SIPRI fair use: at most 10 % of the dataset, defined by SIPRI as 3,500 units

PANDAS_KIND = {"integer": "iu", "number": "f", "boolean": "b", "date": "M"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    wd.clear_cache()
    yield
    wd.clear_cache()


# --------------------------------------------------------------------------- schema
def test_descriptor_lists_every_csv_and_nothing_else():
    on_disk = sorted(p.name for p in DATA.glob("*.csv"))
    assert on_disk == sorted(r["path"] for r in RESOURCES.values())
    assert list_datasets() == sorted(RESOURCES)


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_dataset_loads_with_declared_types(name):
    res = RESOURCES[name]
    frame = load(name)
    assert len(frame) > 0
    assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]]
    for field in res["schema"]["fields"]:
        col = frame[field["name"]]
        kind = PANDAS_KIND.get(field["type"])
        if kind:
            assert col.dtype.kind in kind, (name, field["name"], col.dtype)
        else:
            assert pd.api.types.is_string_dtype(col), (name, field["name"], col.dtype)
        cons = field.get("constraints", {})
        present = col.dropna()
        if "minimum" in cons:
            assert (present >= cons["minimum"]).all(), (name, field["name"])
        if "maximum" in cons:
            assert (present <= cons["maximum"]).all(), (name, field["name"])
        if "enum" in cons:
            assert set(present) <= set(cons["enum"]), (name, field["name"])


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_each_resource_has_source_licence_citation(name):
    res = RESOURCES[name]
    assert res["sources"] and res["licenses"] and res["citation"].strip()
    data = (DATA / res["path"]).read_bytes()
    assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert b"\r" not in data, "CSV must use \\n line endings only"


def test_indicator_units_declared_for_long_datasets():
    for name in ["nato_spending", "sipri_milex", "world_bank", "pew_opinion"]:
        frame = load(name)
        spec = RESOURCES[name]["indicators"]
        units = frame.groupby("indicator")["unit"].unique()
        for ind, got in units.items():
            assert list(got) == [spec[ind]["unit"]], (name, ind)


def test_load_returns_independent_copies():
    first = load("countries")
    first.loc[:, "name"] = "changed"
    assert (load("countries")["name"] != "changed").all()


def test_data_dir_from_package_not_cwd(monkeypatch, tmp_path):
    monkeypatch.delenv(wd.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert data_dir() == DATA


# --------------------------------------------------------------------------- provenance
def test_every_raw_file_has_a_matching_checksum_in_provenance():
    text = (RAW / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = dict((m.group(2), m.group(1))
                  for m in re.finditer(r"^([0-9a-f]{64})  (\S+)$", text, re.M))
    files = sorted(str(p.relative_to(RAW)) for p in RAW.rglob("*")
                   if p.is_file() and p.name != "PROVENANCE.md")
    assert files, "data/raw is empty"
    for rel in files:
        assert rel in listed, f"{rel} has no sha256 line in data/raw/PROVENANCE.md"
        assert hashlib.sha256((RAW / rel).read_bytes()).hexdigest() == listed[rel], rel


# --------------------------------------------------------------------------- reproducibility
def test_make_data_check_reproduces_byte_for_byte():
    before = {p: p.read_bytes() for p in DATA.glob("*.*")}
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "make_data.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {p: p.read_bytes() for p in DATA.glob("*.*")} == before, "--check wrote into data/"


def test_make_data_check_detects_a_changed_file(tmp_path):
    """--check must fail when a committed file differs (run against a copy of the repo's data)."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "scripts", repo / "scripts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA, repo / "data")
    target = repo / "data" / "countries.csv"
    target.write_text(target.read_text(encoding="utf-8").replace("Albania", "Albanja"),
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, str(repo / "scripts" / "make_data.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert "countries.csv" in proc.stderr
    assert "Albanja" in target.read_text(encoding="utf-8"), "--check overwrote a file"


# --------------------------------------------------------------------------- SIPRI units
def _sipri_units():
    """Distinct SIPRI figures held anywhere in data/ (raw copies and tidy files).

    Rule: one unit = one SIPRI number for one (measure, country or total, year) or one
    (supplier, recipient, year) TIV figure. A figure present in a raw copy and in a tidy file
    counts once (same key). ". ." (unavailable) cells hold no figure and are not counted;
    numbers we compute from SIPRI figures are not SIPRI units.
    """
    sys.path.insert(0, str(REPO / "scripts"))
    from data_build.countries import iso3_of

    to_raw = {"milex_share_gdp": "share_of_gdp",
              "milex_constant_2023_usd": "milex_constant_2023_usd",
              "milex_world_constant_2023_usd": "milex_world_total_constant_2023_usd"}
    keys = set()
    raw = pd.read_csv(RAW / "sipri_milex" / "sipri_milex_focus_extract.csv", dtype=str,
                      keep_default_na=False)
    raw = raw[raw["value"] != ""]
    keys |= {("milex", i, k, int(y)) for i, k, y in zip(raw.indicator, raw.iso3, raw.year)}
    tidy = load("sipri_milex").dropna(subset=["value"])
    keys |= {("milex", to_raw[i], k, y) for i, k, y in zip(tidy.indicator, tidy.iso3, tidy.year)}
    for path in (RAW / "sipri_arms_transfers").glob("*.csv"):
        tiv = pd.read_csv(path, dtype=str, keep_default_na=False)
        tiv = tiv[tiv["tiv_million"] != ""]
        keys |= {("tiv", s, iso3_of(r) or r, int(y))
                 for s, r, y in zip(tiv.supplier, tiv.recipient, tiv.year)}
    arms = load("arms_imports")
    keys |= {("tiv", s, r, y) for s, r, y in zip(arms.supplier, arms.recipient_iso3, arms.year)}
    return keys


def test_sipri_units_within_fair_use_cap():
    units = _sipri_units()
    print(f"SIPRI units held: {len(units)} (cap {SIPRI_CAP})")
    assert len(units) <= SIPRI_CAP


def test_only_known_files_carry_sipri_figures():
    """Any new SIPRI resource or raw file must be added to the count above."""
    sipri_res = {n for n, r in RESOURCES.items()
                 if any(lic["name"] == "SIPRI-fair-use" for lic in r["licenses"])}
    assert sipri_res == {"sipri_milex", "sipri_footnotes", "arms_imports"}
    raw_sipri = {str(p.relative_to(RAW)) for p in RAW.rglob("*sipri*") if p.is_file()}
    assert raw_sipri == {"sipri_milex/sipri_milex_focus_extract.csv",
                         "sipri_milex/sipri_milex_footnotes_for_extract.csv",
                         "sipri_arms_transfers/sipri_tiv_imports_allies_2017_2021.csv"}


# --------------------------------------------------------------------------- bad input
@pytest.fixture
def tmp_data(tmp_path, monkeypatch):
    """A private copy of data/ (without raw/) selected through COURSE_DATA_DIR."""
    copy = tmp_path / "data"
    copy.mkdir()
    for p in DATA.glob("*.*"):
        shutil.copy(p, copy / p.name)
    monkeypatch.setenv(wd.ENV_VAR, str(copy))
    wd.clear_cache()
    return copy


def _message(name):
    with pytest.raises(DataError) as info:
        load(name)
    return str(info.value)


def test_missing_file_names_file_and_fix(tmp_data):
    (tmp_data / "nato_spending.csv").unlink()
    msg = _message("nato_spending")
    assert "nato_spending.csv" in msg and "make data" in msg
    assert "git checkout -- data/nato_spending.csv" in msg


def test_missing_column_named(tmp_data):
    frame = pd.read_csv(tmp_data / "world_bank.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="unit").to_csv(tmp_data / "world_bank.csv", index=False)
    msg = _message("world_bank")
    assert "world_bank.csv" in msg and "unit" in msg and "missing column" in msg


@pytest.mark.parametrize("name, column, bad, expected", [
    ("sipri_milex", "year", "2999", ["'year'", "range", "line 7"]),   # row 5 is file line 7
    ("us_troops", "troops", "many", ["'troops'", "many"]),
])
def test_bad_value_named_with_column_and_line(tmp_data, name, column, bad, expected):
    """A value outside its column's type or range is reported with the file, column and line."""
    path = tmp_data / f"{name}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame.index[5 if column == "year" else 0], column] = bad
    frame.to_csv(path, index=False)
    msg = _message(name)
    assert f"{name}.csv" in msg and all(part in msg for part in expected), msg


def test_indicator_range_checked(tmp_data):
    """A share stored as a fraction vs percent slip is caught by the per-indicator range."""
    path = tmp_data / "nato_spending.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = frame.index[frame["indicator"] == "defence_share_gdp"][0]
    frame.loc[row, "value"] = "45"
    frame.to_csv(path, index=False)
    msg = _message("nato_spending")
    assert "nato_spending.csv" in msg and "defence_share_gdp" in msg


def test_corrupt_file_named(tmp_data):
    path = tmp_data / "countries.csv"
    path.write_bytes(b"iso3,name\n\"ALB,Albania\n" + bytes(range(128, 256)))
    msg = _message("countries")
    assert "countries.csv" in msg and ("parsed" in msg or "missing column" in msg)


def test_missing_descriptor_and_unknown_name(tmp_data):
    with pytest.raises(DataError, match="unknown dataset 'nato'"):
        load("nato")
    (tmp_data / "datapackage.json").unlink()
    with pytest.raises(DataError, match="datapackage.json"):
        load("countries")


def test_loader_never_writes(tmp_data):
    before = {p.name: p.read_bytes() for p in tmp_data.iterdir()}
    for name in list_datasets():
        load(name)
    assert {p.name: p.read_bytes() for p in tmp_data.iterdir()} == before


# --------------------------------------------------------------------------- cross-source
# NATO Table 5 GDP (current US$) vs World Bank GDP, same country-year.
# Tolerance 2 % relative: both come from national accounts; NATO's copy is frozen at the June
# 2024 release while the World Bank series was revised later, which moves levels by well under
# 2 %. A larger gap means a unit slip, a wrong join, or a change of basis.
GDP_TOLERANCE = 0.02
GDP_EXCEPTIONS = {
    # NATO's Table 5 GDP for Luxembourg falls by about a third from 2022 to 2023e (and its
    # 2015-price GDP too), while the World Bank shows no fall: a change of basis in NATO's
    # table, not of the economy. It also lifts NATO's Luxembourg share of GDP (see below).
    ("LUX", 2023),
}


def _nato_vs_wb():
    nato = load("nato_spending")
    wb = load("world_bank")
    n = nato[nato.indicator == "gdp_usd_current"].set_index(["iso3", "year"])["value"] * 1e6
    w = wb[wb.indicator == "gdp_usd_current"].set_index(["iso3", "year"])["value"]
    both = pd.concat([n.rename("nato"), w.rename("wb")], axis=1, join="inner")
    return (both["nato"] / both["wb"] - 1).abs()


def test_nato_gdp_matches_world_bank():
    rel = _nato_vs_wb()
    assert len(rel) >= 300, "too few overlapping country-years to compare"
    bad = {k for k, v in rel.items() if v > GDP_TOLERANCE} - GDP_EXCEPTIONS
    assert not bad, f"NATO vs World Bank GDP differ by more than {GDP_TOLERANCE:.0%}: {bad}"


def test_gdp_exceptions_still_exceed_tolerance():
    rel = _nato_vs_wb()
    for key in GDP_EXCEPTIONS:
        assert rel[key] > GDP_TOLERANCE, f"{key} no longer needs to be an exception"


# SIPRI vs NATO military spending as % of GDP, same ally-year (2014-2024).
# Tolerance 0.30 percentage points: the two differ by definition (NATO divides by real GDP at
# 2015 prices and applies NATO's own definition of defence spending; SIPRI divides by
# current-price GDP and adds or omits items such as paramilitary forces and pensions). For the
# big allies this stays under 0.25 pp (Germany, UK). Larger gaps need a named reason.
SHARE_TOLERANCE_PP = 0.30
SHARE_EXCEPTIONS = {
    # SIPRI footnote 89: SIPRI's Spain includes pensions, military R&D and intelligence that
    # NATO's figures leave out.
    "ESP": range(2014, 2025),
    # SIPRI above NATO by up to 0.84 pp in 2014-2022; neither file documents why (SIPRI's only
    # marker for Türkiye is the currency redenomination). Treat as an unexplained definitional gap.
    "TUR": range(2014, 2025),
    # 2023e-2024e: NATO's Luxembourg GDP denominator changes basis (see GDP_EXCEPTIONS);
    # SIPRI footnote 88 also warns that NATO's method for Luxembourg's police changed.
    "LUX": range(2023, 2025),
}


def _sipri_vs_nato():
    nato = load("nato_spending")
    sipri = load("sipri_milex")
    n = nato[nato.indicator == "defence_share_gdp"].set_index(["iso3", "year"])["value"]
    s = sipri[sipri.indicator == "milex_share_gdp"].set_index(["iso3", "year"])["value"]
    both = pd.concat([n.rename("nato"), s.rename("sipri")], axis=1, join="inner").dropna()
    return both["sipri"] - both["nato"]


def test_sipri_share_close_to_nato_share():
    diff = _sipri_vs_nato()
    assert len(diff) >= 300
    bad = {(c, y): round(d, 3) for (c, y), d in diff.items()
           if abs(d) > SHARE_TOLERANCE_PP and y not in SHARE_EXCEPTIONS.get(c, ())}
    assert not bad, f"SIPRI vs NATO share of GDP beyond {SHARE_TOLERANCE_PP} pp: {bad}"


def test_share_exceptions_are_real():
    diff = _sipri_vs_nato()
    for iso3 in SHARE_EXCEPTIONS:
        assert diff.loc[iso3].abs().max() > SHARE_TOLERANCE_PP, f"{iso3} needs no exception"


# --------------------------------------------------------------------------- content checks
def test_nato_2024_count_matches_published_list():
    """NATO's June 2024 estimates list 23 Allies at or above 2 % of GDP in 2024 (NATO, Defence
    Expenditure of NATO Countries 2014-2024, Table 3); the course's one count reproduces it."""
    nato = load("nato_spending")
    share = nato[(nato.indicator == "defence_share_gdp") & (nato.year == 2024)
                 & ~is_aggregate(nato.iso3)]
    assert len(share) == 31
    assert burden.allies_at_or_above(nato, 2.0)[2024] == 23
    assert share.set_index("iso3").loc["POL", "value"].round(2) == 4.12
    assert share["estimate"].all()


def test_sipri_shares_are_percent_and_germany_gap():
    """PROVENANCE sanity checks: Germany 2023 SIPRI 1.49 vs NATO 1.64; USA 2023 SIPRI 3.30."""
    sipri = load("sipri_milex").set_index(["iso3", "indicator", "year"])["value"]
    nato = load("nato_spending").set_index(["iso3", "indicator", "year"])["value"]
    assert round(sipri["DEU", "milex_share_gdp", 2023], 2) == 1.49
    assert round(nato["DEU", "defence_share_gdp", 2023], 2) == 1.64
    assert round(sipri["USA", "milex_share_gdp", 2023], 2) == 3.30


def test_sipri_extract_rows_all_kept_and_countries():
    sipri = load("sipri_milex")
    raw = pd.read_csv(RAW / "sipri_milex" / "sipri_milex_focus_extract.csv")
    assert len(sipri) == len(raw)
    allies = set(sipri.loc[sipri.group == "NATO", "iso3"])
    assert len(allies) == 31 and "ISL" not in allies
    assert set(sipri.loc[sipri.group == "World total", "iso3"]) == {"WLD"}


def test_countries_cover_the_datasets():
    countries = load("countries").set_index("iso3")
    nato = load("nato_spending")
    allies = set(nato.iso3[~is_aggregate(nato.iso3)])
    assert allies <= set(countries.index)
    assert (countries.loc[sorted(allies), "group"] == "NATO").all()
    members = countries[countries.group == "NATO"]
    assert len(members) == 32 and members["nato_member_since"].notna().all()
    assert countries.loc["FIN", "nato_member_since"] == 2023
    assert countries.loc["SWE", "nato_member_since"] == 2024
    assert countries[countries.group != "NATO"]["nato_member_since"].isna().all()


def test_world_bank_coverage():
    wb = load("world_bank")
    assert "TWN" not in set(wb.iso3) and {"WLD", "EUU"} <= set(wb.iso3)
    assert wb[wb.indicator == "gdp_usd_current"].year.max() == 2023
    assert wb[wb.indicator == "population"].year.max() == 2024


def test_us_troops_germany_joined_by_ccode():
    """PROVENANCE: West Germany 248,621 in 1989; Germany 35,188 in 2023; one row per year."""
    troops = load("us_troops")
    deu = troops[troops.ccode == 255].set_index("year")["troops"]
    assert list(deu.index) == list(range(1950, 2024))
    assert deu[1989] == 248621 and deu[2023] == 35188
    assert (troops[troops.ccode == 255]["iso3"] == "DEU").all()
    assert 260 not in set(troops.ccode)


def test_exercises_and_participants_consistent():
    ex = load("exercises")
    parts = load("exercise_participants")
    assert ex["exercise_id"].is_unique and len(ex) == 3707
    assert set(parts.exercise_id) <= set(ex.exercise_id)
    counts = parts.groupby("exercise_id").size().reindex(ex.exercise_id, fill_value=0)
    assert (counts.values == ex["n_participants"].values).all()
    assert ex["us_participates"].sum() == 1882  # PROVENANCE: US in 1,882 exercises


def test_pew_long_and_known_values():
    """PROVENANCE checks: Germany favourable 35 (2017); confidence 86 (2016) and 11 (2017)."""
    pew = load("pew_opinion").set_index(["iso3", "indicator", "year"])["value"]
    assert pew["DEU", "favourable_view_us", 2017] == 35
    assert pew["DEU", "confidence_us_president", 2016] == 86
    assert pew["DEU", "confidence_us_president", 2017] == 11


def test_weapon_systems_records_the_dispute():
    ws = load("weapon_systems").set_index("category")
    assert len(ws) == 5
    assert "esut.de" in ws.loc["main battle tanks", "dispute"]
    assert ws.loc["all major weapon systems (sum over categories)", "europe_types"] == 178


# --------------------------------------------------------------------------- timeline
def _bib_keys():
    bib = REPO / "references.bib"
    assert bib.is_file(), "references.bib is missing: the timeline's source keys cannot be checked"
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"))), bib


def test_timeline_source_keys_exist_in_bibliography():
    keys, bib = _bib_keys()
    tl = load("timeline")
    cited = tl[tl.source_key != ""]
    missing = set(cited.source_key) - keys
    assert not missing, f"timeline keys not in {bib}: {missing}"
    uncited = tl[tl.source_key == ""]
    assert (uncited.status == "well-established").all(), "only well-established rows may lack a key"


def test_timeline_has_the_anchor_dates():
    tl = load("timeline")
    dates = set(tl["date"].dt.strftime("%Y-%m-%d"))
    for d in ["1949-04-04", "1969-11-03", "2011-06-10", "2014-09-05", "2017-12-11",
              "2021-04-29", "2022-12-16", "2024-03-05", "2025-03-19", "2025-05-27",
              "2025-06-25"]:
        assert d in dates, d
    assert tl["date"].is_monotonic_increasing


def test_dataset_references_exist_in_bibliography():
    keys, bib = _bib_keys()
    for name, res in RESOURCES.items():
        missing = set(res.get("references", [])) - keys
        assert not missing, f"{name}: references {missing} not in {bib}"


# --------------------------------------------------------------------------- appendix tables
def test_table_is_reader_friendly_without_changing_data():
    frame = pd.DataFrame({"iso3": ["AAA", "BBB"], "year": [2023, 2024],
                          "indicator": ["defence_share_gdp", "real_change"],
                          "value": [1234.5, 2.0], "n_rows": [13661, 7],
                          "estimate": [True, False]})
    before = frame.copy()
    html = appendix.table(frame, "nato_spending").to_html()
    pd.testing.assert_frame_equal(frame, before)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert "n rows" in heads and "n_rows" not in heads
    assert "13,661" in cells and "1,234.50" in cells and "2023" in cells  # year has no comma
    assert cells.count("yes") == 1 and cells.count("no") == 1
    label = RESOURCES["nato_spending"]["indicators"]["defence_share_gdp"]["description"]
    assert label in cells and "defence_share_gdp" not in cells
    assert "row0" in html and ">0</th>" not in html  # no index column
    codes = appendix.table(pd.DataFrame({"code": ["gdp_usd", "a<b"]})).to_html()
    assert "gdp_<wbr>usd" in codes and "a&lt;b" in codes  # break points, text still escaped


def test_coverage_years_span_matches_the_file():
    frame = pd.read_csv(DATA / "nato_spending.csv")
    part = frame[(frame["indicator"] == "defence_share_gdp") & frame["value"].notna()]
    row = appendix.coverage("nato_spending").set_index("indicator").loc["defence_share_gdp"]
    assert row["years"] == f"{part['year'].min()}–{part['year'].max()}"
    assert row["countries or groups"] == part["iso3"].nunique()
    assert appendix.coverage("weapon_systems").columns.tolist() == ["rows"]


# --------------------------------------------------------------------------- cited figures
def test_cited_figures_values_from_their_publications():
    cf = load("cited_figures").set_index("id")
    assert cf.index.is_monotonic_increasing and cf.index.is_unique
    # Borrell, 31 Jan 2024: about 524,000 of the 1 million shells (52 %) expected by March 2024
    assert cf.loc["shells_pledge", "value"] == 1_000_000
    assert cf.loc["shells_expected_march_2024", "value"] == 524_000
    assert cf.loc["shells_expected_share", "value"] == 52
    # Draghi 2024: 78 % sourced outside the EU, 63 % from the US (June 2022-June 2023)
    assert cf.loc["draghi_outside_eu_share", "value"] == 78
    assert cf.loc["draghi_us_share", "value"] == 63
    # EDA: 35 % benchmark (2007) against 17.8 % in 2018; EDIS: at least 40 % by 2030
    assert cf.loc["eda_collaborative_benchmark_2007", "value"] == 35
    assert cf.loc["eda_collaborative_actual_2018", "value"] == 17.8
    assert cf.loc["edis_collaborative_target_2030", "date"] == "2024-03-05"
    # SAFE up to EUR 150 bn; its 65 % component rule is only partly verified
    assert cf.loc["safe_loans", "value"] == 150
    assert cf.loc["safe_eu_component_share", "status"] == "partly verified"
    assert cf.loc["pesco_initial_participants", "value"] == 25


def test_cited_figures_keys_exist_and_unkeyed_rows_say_where_they_were_seen():
    keys, bib = _bib_keys()
    cf = load("cited_figures")
    missing = set(cf.loc[cf.source_key != "", "source_key"]) - keys
    assert not missing, f"cited_figures keys not in {bib}: {missing}"
    unkeyed = cf[cf.source_key == ""]
    assert unkeyed["document"].str.contains("reported|report", case=False).all()
    assert set(cf.status) <= {"verified", "partly verified"}
