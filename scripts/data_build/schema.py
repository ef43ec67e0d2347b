"""The data-package descriptor (``data/datapackage.json``), written from this one place.

Frictionless Data Package shape. One extension, ``indicators``, on long resources: for each
indicator its unit and the range its values must lie in (the loader checks both).

Each resource is declared once, here: its ``builder`` (the function that makes the table from
``data/raw``), its schema, and the appendix page that documents it (``chapters/data/<page>.md``;
``page`` defaults to the resource name, a companion file names its main dataset's page). The
build (``scripts/make_data.py``), the appendix index, the table of contents check and the tests
all read this list; ``tests/test_datasets.py`` names any step a new dataset still lacks.
"""
from .core_builders import (build_countries, build_nato, build_sipri, build_sipri_footnotes,
                            build_world_bank)
from .other_builders import (build_arms_imports, build_exercise_participants, build_exercises,
                             build_pew, build_timeline, build_us_troops, build_weapon_systems)
from .other_builders import build_cited_figures

SIPRI_MILEX_SRC = {"title": "SIPRI Military Expenditure Database 2025",
                   "path": "https://www.sipri.org/databases/milex"}
SIPRI_AT_SRC = {"title": "SIPRI Arms Transfers Database (TIV tables generated 28 July 2022)",
                "path": "https://www.sipri.org/databases/armstransfers"}
NATO_SRC = {"title": "NATO, Defence Expenditure of NATO Countries (2014-2024), June 2024",
            "path": "https://www.nato.int (file 240617-def-exp-2024-TABLES-en.xlsx)"}
WB_SRC = {"title": "World Bank, World Development Indicators (NY.GDP.MKTP.CD, SP.POP.TOTL) "
                   "via the datahub core datasets gdp and population",
          "path": "https://github.com/datasets/gdp"}
TROOPS_SRC = {"title": "Allen, Flynn & Martinez Machain (2022), Global U.S. military deployment "
                       "data 1950-2020, CMPS 39(3); Kane (2005); DMDC; R package troopdata",
              "path": "https://github.com/meflynn/troopdata"}
MME_SRC = {"title": "D'Orazio & Galambos (2021), Multinational Military Exercises 1980-2010, "
                    "Harvard Dataverse V1, doi:10.7910/DVN/KHFODX",
           "path": "https://doi.org/10.7910/DVN/KHFODX"}
PEW_SRC = {"title": "Pew Research Center Global Attitudes surveys, via FiveThirtyEight "
                    "trump-world-trust", "path": "https://github.com/fivethirtyeight/data"}
MSC_SRC = {"title": "Munich Security Report 2017 (McKinsey analysis) as reproduced by Statista; "
                    "McKinsey (2022) from IISS Military Balance 2022",
           "path": "data/raw/fragmentation_weapon_system_types (one URL per row)"}
PACK_SRC = {"title": "Course anchor facts F1-F24, each verified against its official document "
                     "cited by their references.bib keys)", "path": "data/raw/policy_timeline"}

SIPRI_LIC = {"name": "SIPRI-fair-use", "title": "SIPRI fair use: non-commercial, cite SIPRI, "
             "at most 10% (3,500 units) reproduced", "path": "https://www.sipri.org/databases"}
NATO_LIC = {"name": "NATO-attribution", "title": "Public NATO document; attribution to NATO "
            "required", "path": "https://www.nato.int"}
PDDL = {"name": "ODC-PDDL-1.0", "title": "Open Data Commons Public Domain Dedication and License",
        "path": "https://opendatacommons.org/licenses/pddl/"}
GPL = {"name": "GPL-3.0-or-later", "title": "As packaged in the R package troopdata (GPL >= 3); "
       "cite the papers", "path": "https://www.gnu.org/licenses/gpl-3.0.html"}
CCBY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/"}
FACTS = {"name": "cited-facts", "title": "Facts cited from named publications", "path": ""}
CLAIMS = {"name": "cited-claims", "title": "Figures published in a cited report, transcribed by "
          "hand (claims of that report; check the original)", "path": ""}


def f(name, ftype, description, unit=None, required=False, minimum=None, maximum=None,
      enum=None):
    """One schema field."""
    field = {"name": name, "type": ftype, "description": description}
    if unit:
        field["unit"] = unit
    cons = {}
    if required:
        cons["required"] = True
    if minimum is not None:
        cons["minimum"] = minimum
    if maximum is not None:
        cons["maximum"] = maximum
    if enum is not None:
        cons["enum"] = list(enum)
    if cons:
        field["constraints"] = cons
    return field


def long_fields(indicators, iso3_enum, year_min, year_max, extra=()):
    """Fields of a long country-year resource."""
    units = sorted({v["unit"] for v in indicators.values()})
    lows = [v["minimum"] for v in indicators.values()]
    highs = [v["maximum"] for v in indicators.values()]
    return [
        f("iso3", "string", "ISO 3166 alpha-3 code, or an aggregate code", required=True,
          enum=sorted(iso3_enum)),
        f("country", "string", "Country or aggregate name (course spelling)", required=True),
        f("year", "integer", "Calendar year (NATO, World Bank) or SIPRI's year", required=True,
          minimum=year_min, maximum=year_max),
        f("indicator", "string", "What the value measures", required=True,
          enum=sorted(indicators)),
        f("value", "number", "The figure, in `unit`; empty when the source has none",
          minimum=min(lows), maximum=max(highs)),
        f("unit", "string", "Unit of value", required=True, enum=units),
        f("source", "string", "Publication and table/sheet the value comes from", required=True),
        f("estimate", "boolean", "True when the source marks the value as an estimate",
          required=True),
        *extra,
    ]


def ind(unit, minimum, maximum, description):
    return {"unit": unit, "minimum": minimum, "maximum": maximum, "description": description}


NATO_IND = {
    "defence_share_gdp": ind("percent of GDP", 0, 10, "Defence expenditure as % of real GDP "
                             "(NATO Table 3, 2015 prices)"),
    "real_change": ind("percent", -60, 200, "Annual real change in defence expenditure"),
    "equipment_share": ind("percent of defence expenditure", 0, 100, "Major equipment incl. "
                           "R&D (NATO Table 8a)"),
    "personnel_share": ind("percent of defence expenditure", 0, 100, "Personnel (Table 8a)"),
    "infrastructure_share": ind("percent of defence expenditure", 0, 100, "Infrastructure "
                                "(Table 8b)"),
    "other_share": ind("percent of defence expenditure", 0, 100, "Operations, maintenance and "
                       "other (Table 8b)"),
    "military_personnel": ind("thousands", 0, 5000, "Military personnel (Table 7)"),
    "defence_usd_current": ind("US$ million", 0, 2e6, "Defence expenditure, current prices "
                               "(Table 2)"),
    "defence_usd_constant2015": ind("US$ million", 0, 2e6, "Defence expenditure, 2015 prices "
                                    "(Table 2)"),
    "gdp_usd_current": ind("US$ million", 0, 1e8, "GDP, current prices (Table 5)"),
    "gdp_usd_constant2015": ind("US$ million", 0, 1e8, "GDP, 2015 prices (Table 5)"),
    "gdp_per_capita_usd_constant2015": ind("US$", 0, 500000, "GDP per capita, 2015 prices "
                                           "(Table 6; NATO prints thousands, stored here in US$)"),
    "defence_per_capita_usd_constant2015": ind("US$", 0, 20000, "Defence expenditure per "
                                               "capita, 2015 prices (Table 6)"),
}
SIPRI_IND = {
    "milex_share_gdp": ind("percent of GDP", 0, 100, "Military expenditure as % of GDP "
                           "(SIPRI stores a fraction; multiplied by 100 here)"),
    "milex_constant_2023_usd": ind("US$ million", 0, 2e6, "Military expenditure, constant "
                                   "2023 prices and exchange rates"),
    "milex_world_constant_2023_usd": ind("US$ billion", 0, 1e4, "World military expenditure, "
                                         "constant 2023 prices"),
}
WB_IND = {
    "gdp_usd_current": ind("US$", 0, 2e15, "GDP in current US$ (NY.GDP.MKTP.CD)"),
    "population": ind("persons", 0, 1e10, "Total population (SP.POP.TOTL)"),
}
PEW_IND = {
    "favourable_view_us": ind("percent", 0, 100, "% with a favourable view of the US"),
    "confidence_us_president": ind("percent", 0, 100, "% with confidence in the US president "
                                   "to do the right thing in world affairs"),
}

from .countries import COUNTRIES  # noqa: E402

_NATO_ISO = [k for k in COUNTRIES if COUNTRIES[k][2] == "NATO"] + ["NATO_TOTAL", "NATO_EU_CA"]
_SIPRI_ISO = [k for k in COUNTRIES if k != "ISL"] + ["WLD"]
_WB_ISO = [k for k in COUNTRIES if k != "TWN"] + ["WLD", "EUU"]
GROUPS = ["NATO", "Indo-Pacific partner", "Comparator", "World total", "Aggregate"]

RESOURCES = [
    {
        "name": "nato_spending", "path": "nato_spending.csv", "builder": build_nato,
        "references": ["nato2024defexp"],
        "title": "NATO defence expenditure 2014-2024e (June 2024 tables), long format",
        "sources": [NATO_SRC], "licenses": [NATO_LIC],
        "citation": "NATO, \"Defence Expenditure of NATO Countries (2014-2024)\", "
                    "press release, June 2024",
        "indicators": NATO_IND,
        "schema": {"fields": long_fields(NATO_IND, _NATO_ISO, 2014, 2024),
                   "primaryKey": ["iso3", "indicator", "year"]},
    },
    {
        "name": "sipri_milex", "path": "sipri_milex.csv", "builder": build_sipri,
        "references": ["sipri2025milex"],
        "title": "SIPRI military expenditure extract (share of GDP, constant 2023 US$), long",
        "sources": [SIPRI_MILEX_SRC], "licenses": [SIPRI_LIC],
        "citation": "SIPRI Military Expenditure Database 2025, "
                    "https://www.sipri.org/databases/milex",
        "indicators": SIPRI_IND,
        "schema": {"fields": long_fields(SIPRI_IND, _SIPRI_ISO, 1949, 2024, extra=[
            f("value_status", "string", "SIPRI's marking of the cell", required=True,
              enum=["reported", "estimate", "highly uncertain", "unavailable"]),
            f("sipri_notes", "string", "SIPRI footnote markers for the country (texts in "
              "sipri_footnotes.csv)"),
            f("group", "string", "Course group", required=True,
              enum=["NATO", "Indo-Pacific partner", "Comparator", "World total"]),
        ]), "primaryKey": ["iso3", "indicator", "year"]},
    },
    {
        "name": "sipri_footnotes", "path": "sipri_footnotes.csv", "page": "sipri_milex",
        "references": ["sipri2025milex"],
        "builder": build_sipri_footnotes,
        "title": "Texts of the SIPRI footnotes referred to in sipri_milex.sipri_notes",
        "sources": [SIPRI_MILEX_SRC], "licenses": [SIPRI_LIC],
        "citation": "SIPRI Military Expenditure Database 2025",
        "schema": {"fields": [
            f("marker", "string", "Footnote marker (symbol or number)", required=True),
            f("footnote_text", "string", "SIPRI's footnote text, verbatim", required=True),
        ], "primaryKey": ["marker"]},
    },
    {
        "name": "world_bank", "path": "world_bank.csv", "builder": build_world_bank,
        "references": ["worldbank2024wdi"],
        "title": "World Bank GDP (current US$, to 2023) and population (to 2024), long",
        "sources": [WB_SRC], "licenses": [PDDL],
        "citation": "World Bank, World Development Indicators: NY.GDP.MKTP.CD and SP.POP.TOTL "
                    "(via datahub.io core datasets)",
        "indicators": WB_IND,
        "schema": {"fields": long_fields(WB_IND, _WB_ISO, 1960, 2024),
                   "primaryKey": ["iso3", "indicator", "year"]},
    },
    {
        "name": "countries", "path": "countries.csv", "builder": build_countries,
        "references": ["nato1949treaty"],
        "title": "Course countries: names, NATO accession year, group",
        "sources": [{"title": "North Atlantic Treaty (1949) and NATO accession protocols "
                              "(well-established accession years)",
                     "path": "https://www.nato.int"}],
        "licenses": [FACTS], "citation": "North Atlantic Treaty, Washington D.C., 4 April 1949",
        "schema": {"fields": [
            f("iso3", "string", "ISO 3166 alpha-3 code", required=True),
            f("name", "string", "Course spelling of the name", required=True),
            f("name_in_sentence", "string", "The name as it reads inside a sentence "
              "(\"the Netherlands\", \"Czechia\")", required=True),
            f("nato_member_since", "integer", "Year of NATO accession (empty: not an Ally)",
              minimum=1949, maximum=2024),
            f("group", "string", "Course group", required=True,
              enum=["NATO", "Indo-Pacific partner", "Comparator"]),
        ], "primaryKey": ["iso3"]},
    },
]

_S = "string"
RESOURCES += [
    {
        "name": "us_troops", "path": "us_troops.csv", "builder": build_us_troops,
        "references": ["allen2022global", "kane2005global"],
        "title": "US active-duty troops by host country and year, 1950-2023 (DMDC via troopdata)",
        "sources": [TROOPS_SRC], "licenses": [GPL],
        "citation": "Allen, Michael A., Michael E. Flynn and Carla Martinez Machain (2022), "
                    "Global U.S. military deployment data: 1950-2020, Conflict Management and "
                    "Peace Science 39(3): 351-370; Kane (2005), Heritage Foundation",
        "caveats": ["Counts only personnel permanently assigned to a country: rotational forces "
                    "are missing (e.g. Poland 2023 shows 216).",
                    "Keyed by Correlates of War code: names change spelling in 2022-2023 and the "
                    "source leaves iso3 empty there; ccode 1007 is Bermuda to 2021 and named "
                    "American Samoa in 2022-2023.",
                    "Germany joins West Germany (ccode 260, to 1990) and Germany (255, from "
                    "1991); the source's Germany 1990 value of 0 is dropped."],
        "schema": {"fields": [
            f("iso3", _S, "ISO alpha-3 from the source (filled per ccode); empty when none"),
            f("ccode", "integer", "Correlates of War country code (the key)", required=True,
              minimum=2, maximum=1100),
            f("country", _S, "Host name (course spelling for course countries)", required=True),
            f("year", "integer", "Year", required=True, minimum=1950, maximum=2023),
            f("troops", "integer", "US active-duty military personnel in the host",
              unit="persons", required=True, minimum=0, maximum=3500000),
            f("domestic", "boolean", "True for the United States itself (ccode 2)",
              required=True),
            f("source_name", _S, "Host name as spelled in the source row", required=True),
            f("note", _S, "Caveat for this row, if any"),
        ], "primaryKey": ["ccode", "year"]},
    },
    {
        "name": "exercises", "path": "exercises.csv", "builder": build_exercises,
        "references": ["dorazio2021mme"],
        "title": "Multinational military exercises 1980-2010 (MME v7), one row per exercise",
        "sources": [MME_SRC], "licenses": [GPL],
        "citation": "D'Orazio, Vito and Kevin Galambos (2021), Multinational Military "
                    "Exercises, 1980-2010, Harvard Dataverse, V1, doi:10.7910/DVN/KHFODX",
        "caveats": ["Three MMEIDs (mme3457, mme3458, mme3460) label two different exercises "
                    "each; the second gets the suffix -2 in exercise_id.",
                    "Day fields coded 'xx' (unknown) and the code -9 (missing) are empty here.",
                    "The Dataverse licence was not checked; the file ships in a GPL package."],
        "schema": {"fields": [
            f("exercise_id", _S, "MMEID, made unique (see caveats)", required=True),
            f("mme_id", _S, "MMEID as in the source", required=True),
            f("name", _S, "Exercise name"), f("series", _S, "Series name"),
            f("location", _S, "Location as described in the source"),
            f("lat", "number", "Latitude", unit="degrees", minimum=-90, maximum=90),
            f("lon", "number", "Longitude", unit="degrees", minimum=-180, maximum=180),
            f("start_year", "integer", "Start year", required=True, minimum=1980, maximum=2010),
            f("start_month", "integer", "Start month", minimum=1, maximum=12),
            f("start_day", "integer", "Start day (empty when unknown)", minimum=1, maximum=31),
            f("end_year", "integer", "End year", minimum=1980, maximum=2011),
            f("end_month", "integer", "End month", minimum=1, maximum=12),
            f("end_day", "integer", "End day (empty when unknown)", minimum=1, maximum=31),
            f("focus", _S, "Focus description"),
            *[f(x.lower(), "boolean", f"Source flag {x}", required=True) for x in [
                "CPX", "Air", "Land", "Sea", "Amphibious", "Cyber", "Warfighting",
                "Peacekeeping", "Humanitarian"]],
            f("n_participants", "integer", "Distinct named participants (computed)",
              required=True, minimum=0, maximum=60),
            f("us_participates", "boolean", "United States among participants (computed)",
              required=True),
        ], "primaryKey": ["exercise_id"]},
    },
    {
        "name": "exercise_participants", "path": "exercise_participants.csv",
        "page": "exercises",
        "references": ["dorazio2021mme"],
        "builder": build_exercise_participants,
        "title": "Participants of the MME exercises, one row per exercise x participant",
        "sources": [MME_SRC], "licenses": [GPL],
        "citation": "D'Orazio and Galambos (2021), doi:10.7910/DVN/KHFODX",
        "caveats": ["iso3 is empty for states that no longer exist (GDR, Czechoslovakia, "
                    "Yugoslavia), groups (Baltic States, NATO) and the Netherlands Antilles.",
                    "23 repeated names within an exercise are kept once; the -9 code dropped."],
        "schema": {"fields": [
            f("exercise_id", _S, "Key into exercises.csv", required=True),
            f("participant", _S, "Participant name as in the source", required=True),
            f("iso3", _S, "ISO alpha-3 where one exists (names mapped via troopdata)"),
            f("order", "integer", "Position in the source's StateA..StateAM list",
              required=True, minimum=1, maximum=39),
            f("start_year", "integer", "Start year of the exercise", required=True,
              minimum=1980, maximum=2010),
        ], "primaryKey": ["exercise_id", "participant"]},
    },
    {
        "name": "arms_imports", "path": "arms_imports.csv", "builder": build_arms_imports,
        "references": ["sipri2025arms"],
        "title": "Arms imports (SIPRI TIV) of European NATO Allies and Indo-Pacific partners "
                 "by supplier, 2017-2021",
        "sources": [SIPRI_AT_SRC], "licenses": [SIPRI_LIC],
        "citation": "Information from the SIPRI Arms Transfers Database, "
                    "https://www.sipri.org/databases/armstransfers (TIV tables generated "
                    "28 July 2022)",
        "caveats": ["TIV is SIPRI's volume index of major conventional arms, not US$.",
                    "A value of 0 means less than 0.5 million TIV.",
                    "Trimmed to 2017-2021 and to European Allies + JPN, KOR, AUS, TWN to stay "
                    "within SIPRI's 10% fair-use limit (see data/README.md)."],
        "schema": {"fields": [
            f("supplier", _S, "Supplier as named by SIPRI", required=True),
            f("supplier_iso3", _S, "ISO alpha-3 of the supplier where one exists"),
            f("recipient", _S, "Recipient (course spelling)", required=True),
            f("recipient_iso3", _S, "ISO alpha-3 of the recipient", required=True),
            f("year", "integer", "Delivery year", required=True, minimum=2017, maximum=2021),
            f("tiv_million", "number", "SIPRI trend-indicator value", unit="TIV million",
              required=True, minimum=0, maximum=20000),
            f("source", _S, "Source", required=True),
        ], "primaryKey": ["recipient_iso3", "supplier", "year"]},
    },
    {
        "name": "pew_opinion", "path": "pew_opinion.csv", "builder": build_pew,
        "references": ["pew2017trump", "fivethirtyeighttrumpworld"],
        "title": "Views of the US and confidence in the US president, Pew 2000-2017, long",
        "sources": [PEW_SRC], "licenses": [CCBY],
        "citation": "Pew Research Center, Global Attitudes surveys, as compiled by "
                    "FiveThirtyEight (trump-world-trust), CC BY 4.0",
        "caveats": ["Blank in the source means not surveyed; such rows are absent here.",
                    "PEW_AVG is FiveThirtyEight's average over the countries surveyed that "
                    "year, so its country set changes from year to year.",
                    "Values were not checked against Pew's own reports."],
        "indicators": PEW_IND,
        "schema": {"fields": [
            f("iso3", _S, "ISO alpha-3, or PEW_AVG (average of the countries surveyed)",
              required=True),
            *long_fields(PEW_IND, [], 2000, 2017)[1:],
            f("source_name", _S, "Column name in the source", required=True),
        ], "primaryKey": ["iso3", "indicator", "year"]},
    },
    {
        "name": "weapon_systems", "path": "weapon_systems.csv",
        "references": ["msc2017report"],
        "builder": build_weapon_systems,
        "title": "Number of weapon-system types, Europe vs US (5 rows, hand-transcribed)",
        "sources": [MSC_SRC], "licenses": [CLAIMS],
        "citation": "Munich Security Conference, Munich Security Report 2017 (McKinsey "
                    "analysis); submarine row: McKinsey (2022) from IISS Military Balance 2022",
        "caveats": ["Counts are claims of the cited reports, transcribed from web pages; check "
                    "against the Munich Security Report 2017 before publishing.",
                    "The 17-vs-1 tank count is disputed (see the dispute column)."],
        "schema": {"fields": [
            f("category", _S, "Weapon-system category", required=True),
            f("europe_types", "integer", "Types in service in Europe", unit="count",
              required=True, minimum=0, maximum=500),
            f("us_types", "integer", "Types in service in the US", unit="count",
              required=True, minimum=0, maximum=500),
            f("reference_period", _S, "Reference period as published", required=True),
            f("europe_scope", _S, "Which European states are counted", required=True),
            f("original_analysis", _S, "Who made the count", required=True),
            f("source_url", _S, "Page the row was transcribed from", required=True),
            f("note", _S, "Transcription note"),
            f("dispute", _S, "Published objection to the count, if any"),
            f("source_key", _S, "references.bib key (empty: the cited chart has no entry)"),
        ], "primaryKey": ["category"]},
    },
    {
        "name": "timeline", "path": "timeline.csv", "builder": build_timeline,
        "references": [],
        "title": "Dated policy timeline: burden-sharing pledges and EU defence instruments",
        "sources": [PACK_SRC], "licenses": [FACTS],
        "citation": "Each row cites its own document (source_key in references.bib)",
        "caveats": ["Only facts marked verified or partly verified, plus the North Atlantic Treaty "
                    "date (well-established) and one primary document read directly (NATO's May 1978 "
                    "Defence Planning Committee communiqué). The 2006 ministers' 2 % guideline is not a "
                    "row: no copy of its text was seen."],
        "schema": {"fields": [
            f("date", "date", "Date of the document or event", required=True),
            f("actor", _S, "Who acted", required=True, enum=["NATO", "US", "EU", "Japan"]),
            f("event", _S, "What happened (course wording)", required=True),
            f("instrument", _S, "Document or instrument", required=True),
            f("metric", _S, "What the commitment measures", required=True),
            f("target", _S, "Target level (empty when none)"),
            f("deadline", _S, "Deadline (empty when none)"),
            f("source_key", _S, "references.bib key (empty only for well-established facts)"),
            f("status", _S, "Verification status", required=True,
              enum=["verified", "partly verified", "well-established"]),
            f("verification_note", _S, "How the row was checked, and any part not verified", required=True),
        ], "primaryKey": ["date", "metric"]},
    },
    {
        "name": "cited_figures", "path": "cited_figures.csv", "builder": build_cited_figures,
        "references": ["draghi2024future", "eda2024defencedata", "eu2024edis", "burilkov2025fit",
                       "eu2017pesco", "eu2021edf", "eu2025safe", "eu2025whitepaper", "nato2025hague"],
        "title": "Cited figures: numbers from publications that no other dataset holds",
        "sources": [{"title": "The publication named in each row (source, source_key, document)",
                     "path": "data/raw/cited_figures"}],
        "licenses": [FACTS],
        "citation": "Each row cites its own publication (source; source_key in references.bib)",
        "caveats": ["Only figures seen in the named source or a faithful report of it (verified), or "
                    "seen only in secondary reports (partly verified, said so in the row). Figures "
                    "without any confirmation are not rows. Several figures were seen in press "
                    "reports of a statement or of data, not in the original document."],
        "schema": {"fields": [
            f("id", _S, "Identifier of the figure (rows sorted by id)", required=True),
            f("value", "number", "The figure as published", required=True),
            f("unit", _S, "Unit of the value", required=True),
            f("date", _S, "Date of the document, or the year the figure measures", required=True),
            f("measure", _S, "What the figure measures (course wording)", required=True),
            f("source", _S, "The publication", required=True),
            f("source_key", _S, "references.bib key (empty when the figure was seen only in a press report)"),
            f("document", _S, "Document id, DOI or where it was reported", required=True),
            f("status", _S, "Verification status", required=True,
              enum=["verified", "partly verified"]),
            f("verification_note", _S, "How the figure was checked, and any part not seen", required=True),
            f("chapter", _S, "Chapters that use the figure, separated by ;", required=True),
        ], "primaryKey": ["id"]},
    },
]
