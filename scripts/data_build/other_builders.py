"""Builders for troops, exercises, arms imports, Pew opinion, weapon-system types, timeline."""
import pandas as pd

from .countries import COUNTRIES, iso3_of, name_of

# --------------------------------------------------------------------------- names -> iso3
#: Spellings outside the course countries (Pew, MME, SIPRI suppliers) that the troopdata
#: name list does not cover. Retired states and groups are mapped to "" on purpose.
EXTRA_ISO = {
    "Baltic States": "", "Czechoslovakia": "", "German Democratic Republic": "",
    "Yugoslavia": "", "NATO": "", "Netherlands Antilles": "", "-9": "",
    "Serbia": "SRB", "Côte d’Ivoire": "CIV", "Cote d'Ivoire": "CIV",
    "Hong Kong SAR China": "HKG", "New Caledonia": "NCL", "São Tomé & Príncipe": "STP",
    "st. christopher": "KNA", "UAE": "ARE", "Soviet Union": "",
}


def name_to_iso_map(raw):
    """Name -> iso3 from troopdata's own (countryname, iso3c) pairs before 2022, plus the
    course aliases and EXTRA_ISO. Data-derived, so no ISO table is typed in here."""
    t = pd.read_csv(raw / "us_troops_abroad" / "troopdata_1950_2023.csv", dtype=str,
                    keep_default_na=False)
    t = t[(t["iso3c"] != "NA") & (t["iso3c"] != "")]
    mapping = dict(zip(t["countryname"], t["iso3c"]))
    mapping.update(EXTRA_ISO)
    return mapping


def to_iso(name, mapping):
    """iso3 for a raw spelling: course aliases first, then the data-derived map."""
    return iso3_of(name) or mapping.get(str(name).strip(), "")


# --------------------------------------------------------------------------- troops
def build_us_troops(raw):
    """US troops by host, keyed by Correlates of War code; West Germany (260) joined to
    Germany (255): 260 up to 1990, 255 from 1991 (troopdata's 'Germany' 1990 row is 0 and
    is dropped)."""
    t = pd.read_csv(raw / "us_troops_abroad" / "troopdata_1950_2023.csv", dtype=str,
                    keep_default_na=False)
    t["year"] = t["year"].astype(int)
    t["ccode"] = t["ccode"].astype(int)
    t = t[~((t["ccode"] == 255) & (t["year"] == 1990))].copy()
    t["note"] = ""
    fed = t["ccode"] == 260
    t.loc[fed, "note"] = "West Germany (FRG), ccode 260 in source; joined to Germany (255)"
    t.loc[fed, "ccode"] = 255
    t.loc[t["ccode"] == 2, "note"] = "United States itself (domestic), not a foreign host"
    late = t["year"] >= 2022
    t.loc[late & (t["note"] == ""), "note"] = "2022-2023 rows have no iso3 in source; " \
                                               "iso3 filled from the same ccode"
    t.loc[(t["ccode"] == 1007) & late, "note"] = ("ccode 1007 is Bermuda to 2021 but named "
                                                  "American Samoa in 2022-2023 in source")
    t.loc[(t["ccode"] == 1099), "note"] = "unknown location in source"
    iso = {}
    for rec in t[(t["iso3c"] != "NA") & (t["iso3c"] != "")].itertuples():
        iso[rec.ccode] = rec.iso3c  # latest pre-2022 code per ccode (rows are year-sorted)
    t["iso3"] = [("" if (c == 1007 and y >= 2022) else iso.get(c, ""))
                 for c, y in zip(t["ccode"], t["year"])]
    canon = (t[t["year"] < 2022].sort_values("year").groupby("ccode")["countryname"].last())
    t["country"] = [name_of(i) if i in COUNTRIES else
                    (n if (c == 1007 and y >= 2022) else canon.get(c, n))
                    for i, c, y, n in zip(t["iso3"], t["ccode"], t["year"], t["countryname"])]
    t["troops"] = t["troops"].astype(int)
    t["domestic"] = t["ccode"] == 2
    t["source_name"] = t["countryname"]
    return t


# --------------------------------------------------------------------------- exercises
FLAGS = ["CPX", "Air", "Land", "Sea", "Amphibious", "Cyber", "Warfighting", "Peacekeeping",
         "Humanitarian"]


def _read_mme(raw):
    m = pd.read_csv(raw / "military_exercises_mme" / "mme_v7.csv", dtype=str,
                    keep_default_na=False)
    # Three MMEIDs are used twice for different exercises: suffix the later ones.
    seen = {}
    ids = []
    for mid in m["MMEID"]:
        seen[mid] = seen.get(mid, 0) + 1
        ids.append(mid if seen[mid] == 1 else f"{mid}-{seen[mid]}")
    m["exercise_id"] = ids
    return m


def _participants(m, mapping):
    cols = [c for c in m.columns if c.startswith("State")]
    rows = []
    for rec in m[["exercise_id"] + cols].itertuples(index=False):
        seen = set()
        for order, name in enumerate(rec[1:], start=1):
            name = name.strip()
            if name in ("", "-9") or name in seen:
                continue
            seen.add(name)
            rows.append({"exercise_id": rec[0], "participant": name,
                         "iso3": to_iso(name, mapping), "order": order})
    return pd.DataFrame(rows)


def _int_or_na(series):
    return pd.to_numeric(series.where(~series.isin(["", "xx", "-9"])), errors="coerce")


def build_exercises(raw):
    """One row per exercise (MME v7), with participant counts computed from the wide list."""
    m = _read_mme(raw)
    parts = _participants(m, name_to_iso_map(raw))
    n = parts.groupby("exercise_id").size()
    us = parts[parts["iso3"] == "USA"].groupby("exercise_id").size()
    out = pd.DataFrame({
        "exercise_id": m["exercise_id"], "mme_id": m["MMEID"],
        "name": m["Ex_Name"].where(m["Ex_Name"] != "-9", ""),
        "series": m["Series_Name"].where(m["Series_Name"] != "-9", ""),
        "location": m["Location"].where(m["Location"] != "-9", ""),
        "lat": _int_or_na(m["lat"]), "lon": _int_or_na(m["lon"]),
        "start_year": _int_or_na(m["s.year"]).astype("Int64"),
        "start_month": _int_or_na(m["s.month"]).astype("Int64"),
        "start_day": _int_or_na(m["s.day"]).astype("Int64"),
        "end_year": _int_or_na(m["e.year"]).astype("Int64"),
        "end_month": _int_or_na(m["e.month"]).astype("Int64"),
        "end_day": _int_or_na(m["e.day"]).astype("Int64"),
        "focus": m["FocusDescription"].where(m["FocusDescription"] != "-9", ""),
    })
    for flag in FLAGS:
        out[flag.lower()] = m[flag] == "1"
    out["n_participants"] = out["exercise_id"].map(n).fillna(0).astype(int)
    out["us_participates"] = out["exercise_id"].map(us).fillna(0).astype(int) > 0
    return out


def build_exercise_participants(raw):
    """One row per exercise x participant (duplicates and the -9 'unknown' code dropped)."""
    m = _read_mme(raw)
    parts = _participants(m, name_to_iso_map(raw))
    year = dict(zip(m["exercise_id"], m["s.year"].astype(int)))
    parts["start_year"] = parts["exercise_id"].map(year)
    return parts


# --------------------------------------------------------------------------- arms imports
def build_arms_imports(raw):
    """SIPRI TIV of arms imports by supplier, 2017-2021 (the trimmed raw copy)."""
    t = pd.read_csv(raw / "sipri_arms_transfers" / "sipri_tiv_imports_allies_2017_2021.csv",
                    dtype=str, keep_default_na=False)
    mapping = name_to_iso_map(raw)
    return pd.DataFrame({
        "supplier": t["supplier"], "supplier_iso3": t["supplier"].map(lambda s: to_iso(s, mapping)),
        "recipient": t["recipient"].map(lambda s: name_of(iso3_of(s)) if iso3_of(s) else s),
        "recipient_iso3": t["recipient"].map(iso3_of),
        "year": t["year"].astype(int), "tiv_million": t["tiv_million"].astype(float),
        "source": "SIPRI Arms Transfers Database, TIV tables generated 28 July 2022",
    })


# --------------------------------------------------------------------------- Pew
def build_pew(raw):
    """Pew Global Attitudes via FiveThirtyEight, long; 'avg' kept as code PEW_AVG."""
    mapping = name_to_iso_map(raw)
    parts = []
    for fname, indicator in [("TRUMPWORLD-us.csv", "favourable_view_us"),
                             ("TRUMPWORLD-pres.csv", "confidence_us_president")]:
        wide = pd.read_csv(raw / "public_opinion_pew_538" / fname, dtype=str,
                           keep_default_na=False)
        long = wide.melt(id_vars="year", var_name="source_name", value_name="value")
        long = long[long["value"].str.strip() != ""].copy()
        long["indicator"] = indicator
        parts.append(long)
    out = pd.concat(parts, ignore_index=True)
    out["iso3"] = [("PEW_AVG" if n == "avg" else to_iso(n, mapping)) for n in out["source_name"]]
    out["country"] = [(name_of(i) if i == "PEW_AVG" else
                       name_of(i) if i in COUNTRIES else n)
                      for i, n in zip(out["iso3"], out["source_name"])]
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    out["unit"] = "percent"
    out["source"] = "Pew Research Center via FiveThirtyEight"
    out["estimate"] = False
    return out


# --------------------------------------------------------------------------- weapon systems
def build_weapon_systems(raw):
    """The five hand-transcribed rows, with the counting dispute in its own column."""
    w = pd.read_csv(raw / "fragmentation_weapon_system_types"
                    / "weapon_system_types_europe_vs_us.csv", dtype=str, keep_default_na=False)
    dispute = w["transcription_note"].where(w["transcription_note"].str.contains("disputed"), "")
    return pd.DataFrame({
        "category": w["category"],
        "europe_types": w["europe_count_of_system_types"].astype(int),
        "us_types": w["us_count_of_system_types"].astype(int),
        "reference_period": w["reference_period"], "europe_scope": w["europe_scope"],
        "original_analysis": w["original_analysis"], "source_url": w["transcribed_from_url"],
        "note": w["transcription_note"], "dispute": dispute,
        # Only the Munich Security Report rows have a references.bib entry.
        "source_key": w["original_analysis"].map(
            lambda a: "msc2017report" if "Munich Security Report 2017" in a else ""),
    })


# --------------------------------------------------------------------------- timeline
def build_timeline(raw):
    """The hand-built, cited policy timeline (raw/policy_timeline), checked and sorted."""
    t = pd.read_csv(raw / "policy_timeline" / "policy_timeline_source.csv", dtype=str,
                    keep_default_na=False)
    return t


# --------------------------------------------------------------------------- cited figures
def build_cited_figures(raw):
    """Figures cited from publications (raw/cited_figures), one row per figure, sorted by id."""
    c = pd.read_csv(raw / "cited_figures" / "cited_figures.csv", dtype=str, keep_default_na=False)
    if c["id"].duplicated().any():
        raise ValueError("cited_figures.csv: duplicate id(s) " + ", ".join(c.loc[c["id"].duplicated(), "id"]))
    c["value"] = c["value"].astype(float)
    return c.sort_values("id", kind="mergesort").reset_index(drop=True)
