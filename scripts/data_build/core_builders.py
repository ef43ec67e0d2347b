"""Builders for the country-year datasets: NATO, SIPRI milex, World Bank, countries.

Each builder takes the raw folder (``pathlib.Path``) and returns a DataFrame holding the
columns of its resource in ``schema.py``; ``tidyio`` fixes order and formatting.
"""
import pandas as pd

from .countries import COUNTRIES, iso3_of, name_in_sentence, name_of


#: (NATO table, section) -> (indicator, unit, multiplier)
NATO_MAP = {
    ("TABLE2", "Current prices and exchange rates"): ("defence_usd_current", "US$ million", 1),
    ("TABLE2", "Constant 2015 prices and exchange rates"):
        ("defence_usd_constant2015", "US$ million", 1),
    ("TABLE3", "Share of real GDP (%)"): ("defence_share_gdp", "percent of GDP", 1),
    ("TABLE3", "Annual real change (%)"): ("real_change", "percent", 1),
    ("TABLE5", "Current prices and exchange rates"): ("gdp_usd_current", "US$ million", 1),
    ("TABLE5", "Constant 2015 prices and exchange rates"):
        ("gdp_usd_constant2015", "US$ million", 1),
    ("TABLE6", "GDP per capita (thousand US dollars)"):
        ("gdp_per_capita_usd_constant2015", "US$", 1000),
    ("TABLE6", "Defence expenditure per capita (US dollars)"):
        ("defence_per_capita_usd_constant2015", "US$", 1),
    ("TABLE7", ""): ("military_personnel", "thousands", 1),
    ("TABLE8a", "Equipment (a)"): ("equipment_share", "percent of defence expenditure", 1),
    ("TABLE8a", "Personnel (b)"): ("personnel_share", "percent of defence expenditure", 1),
    ("TABLE8b", "Infrastructure (c)"):
        ("infrastructure_share", "percent of defence expenditure", 1),
    ("TABLE8b", "Other (d)"): ("other_share", "percent of defence expenditure", 1),
}


def build_nato(raw):
    """NATO June 2024 tables 2, 3, 5, 6, 7, 8a, 8b as one long table (Tables 1 and 4 dropped:
    national currency, and a 2014-vs-2024 summary that repeats Tables 2 and 3)."""
    src = pd.read_csv(raw / "nato_defence_expenditure" / "nato_defexp_2014_2024_tables_long.csv",
                      dtype={"section": str}, keep_default_na=False)
    src = src[src["year"] != ""]
    rows = []
    for rec in src.itertuples(index=False):
        key = (rec.table, rec.section)
        if key not in NATO_MAP:
            continue
        indicator, unit, mult = NATO_MAP[key]
        iso3 = iso3_of(rec.country)
        if not iso3:
            raise ValueError(f"NATO country label not mapped to iso3: {rec.country!r}")
        rows.append({
            "iso3": iso3, "country": name_of(iso3), "year": int(float(rec.year)),
            "indicator": indicator, "value": float(rec.value) * mult, "unit": unit,
            "source": f"NATO 2024 {rec.table.replace('TABLE', 'Table ')}",
            "estimate": str(rec.is_estimate) == "True",
        })
    return pd.DataFrame(rows)


SIPRI_MAP = {
    "share_of_gdp": ("milex_share_gdp", "percent of GDP", 100),
    "milex_constant_2023_usd": ("milex_constant_2023_usd", "US$ million", 1),
    "milex_world_total_constant_2023_usd": ("milex_world_constant_2023_usd", "US$ billion", 1),
}


def build_sipri(raw):
    """Every row of the SIPRI extract; shares converted from fractions to percent."""
    src = pd.read_csv(raw / "sipri_milex" / "sipri_milex_focus_extract.csv",
                      dtype=str, keep_default_na=False)
    rows = []
    for rec in src.itertuples(index=False):
        indicator, unit, mult = SIPRI_MAP[rec.indicator]
        value = float(rec.value) * mult if rec.value != "" else float("nan")
        rows.append({
            "iso3": rec.iso3, "country": name_of(rec.iso3), "year": int(rec.year),
            "indicator": indicator, "value": value, "unit": unit,
            "source": f"SIPRI milex 2025, {rec.source_sheet}",
            "estimate": not rec.value_status.startswith(("reported", "unavailable")),
            "value_status": rec.value_status.split(" (")[0],
            "sipri_notes": rec.sipri_notes, "group": rec.group,
        })
    return pd.DataFrame(rows)


def build_sipri_footnotes(raw):
    """SIPRI's footnote texts for the markers in ``sipri_milex.sipri_notes`` (text only)."""
    return pd.read_csv(raw / "sipri_milex" / "sipri_milex_footnotes_for_extract.csv",
                       dtype=str, keep_default_na=False)


def build_world_bank(raw):
    """World Bank GDP (current US$) and population, long format."""
    parts = []
    for fname, indicator, unit, code in [
        ("gdp_current_usd_focus.csv", "gdp_usd_current", "US$", "NY.GDP.MKTP.CD"),
        ("population_focus.csv", "population", "persons", "SP.POP.TOTL"),
    ]:
        src = pd.read_csv(raw / "world_bank" / fname)
        frame = pd.DataFrame({
            "iso3": src["Country Code"], "year": src["Year"].astype(int),
            "value": src["Value"].astype(float),
        })
        frame["country"] = frame["iso3"].map(name_of)
        frame["indicator"] = indicator
        frame["unit"] = unit
        frame["source"] = f"World Bank WDI {code}"
        frame["estimate"] = False
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def build_countries(raw):
    """Course countries with NATO accession year and group."""
    rows = [{"iso3": k, "name": n, "name_in_sentence": name_in_sentence(k),
             "nato_member_since": y, "group": g}
            for k, (n, y, g) in COUNTRIES.items()]
    frame = pd.DataFrame(rows)
    frame["nato_member_since"] = frame["nato_member_since"].astype("Int64")
    return frame
