"""Country metadata used by every builder: course names, ISO codes, groups, NATO accession.

Accession years are the well-established dates on which each state joined NATO (the North
Atlantic Treaty of 4 April 1949 for the founders; later accession protocols). Germany's year is
West Germany's accession (1955); unified Germany continued that membership in 1990.
"""

#: iso3 -> (course name, NATO accession year or None, group)
COUNTRIES = {
    "ALB": ("Albania", 2009, "NATO"),
    "BEL": ("Belgium", 1949, "NATO"),
    "BGR": ("Bulgaria", 2004, "NATO"),
    "CAN": ("Canada", 1949, "NATO"),
    "HRV": ("Croatia", 2009, "NATO"),
    "CZE": ("Czechia", 1999, "NATO"),
    "DNK": ("Denmark", 1949, "NATO"),
    "EST": ("Estonia", 2004, "NATO"),
    "FIN": ("Finland", 2023, "NATO"),
    "FRA": ("France", 1949, "NATO"),
    "DEU": ("Germany", 1955, "NATO"),
    "GRC": ("Greece", 1952, "NATO"),
    "HUN": ("Hungary", 1999, "NATO"),
    "ISL": ("Iceland", 1949, "NATO"),
    "ITA": ("Italy", 1949, "NATO"),
    "LVA": ("Latvia", 2004, "NATO"),
    "LTU": ("Lithuania", 2004, "NATO"),
    "LUX": ("Luxembourg", 1949, "NATO"),
    "MNE": ("Montenegro", 2017, "NATO"),
    "NLD": ("Netherlands", 1949, "NATO"),
    "MKD": ("North Macedonia", 2020, "NATO"),
    "NOR": ("Norway", 1949, "NATO"),
    "POL": ("Poland", 1999, "NATO"),
    "PRT": ("Portugal", 1949, "NATO"),
    "ROU": ("Romania", 2004, "NATO"),
    "SVK": ("Slovakia", 2004, "NATO"),
    "SVN": ("Slovenia", 2004, "NATO"),
    "ESP": ("Spain", 1982, "NATO"),
    "SWE": ("Sweden", 2024, "NATO"),
    "TUR": ("Türkiye", 1952, "NATO"),
    "GBR": ("United Kingdom", 1949, "NATO"),
    "USA": ("United States", 1949, "NATO"),
    "JPN": ("Japan", None, "Indo-Pacific partner"),
    "KOR": ("South Korea", None, "Indo-Pacific partner"),
    "AUS": ("Australia", None, "Indo-Pacific partner"),
    "TWN": ("Taiwan", None, "Indo-Pacific partner"),
    "CHN": ("China", None, "Comparator"),
    "RUS": ("Russia", None, "Comparator"),
}

from widgets.chapter import AGGREGATES  # noqa: E402  (code -> name; the one list of aggregates)


def name_of(iso3):
    """Course name of a country or aggregate code."""
    if iso3 in COUNTRIES:
        return COUNTRIES[iso3][0]
    return AGGREGATES[iso3]


#: Names that take "the" inside a sentence ("the Netherlands joined"); every other course name
#: reads as it is ("Czechia", "Slovakia"). Written to ``countries.csv`` as ``name_in_sentence``.
WITH_ARTICLE = {"NLD", "GBR", "USA"}


def name_in_sentence(iso3):
    """The course name as it reads inside a sentence ("the United States", "Czechia")."""
    name = COUNTRIES[iso3][0]
    return f"the {name}" if iso3 in WITH_ARTICLE else name


#: Spellings found in the raw files -> iso3 (exact match; anything else maps to "").
ALIASES = {
    # NATO tables
    "Slovak Republic": "SVK", "NATO Total": "NATO_TOTAL", "NATO Europe and Canada": "NATO_EU_CA",
    # SIPRI / World Bank / Pew / MME / troopdata spellings
    "United States of America": "USA", "Korea, South": "KOR", "Korea, Rep.": "KOR",
    "Russian Federation": "RUS", "Turkiye": "TUR", "Turkey": "TUR", "UK": "GBR",
    "South Korea": "KOR", "Republic of Korea": "KOR", "Czech Republic": "CZE",
    "Federal Republic of Germany": "DEU", "West Germany": "DEU", "German Federal Republic": "DEU",
    "Macedonia": "MKD", "Former Yugoslav Republic of Macedonia": "MKD", "USA": "USA",
    "United States": "USA", "Slovakia": "SVK", "Türkiye": "TUR", "World": "WLD",
    "European Union": "EUU", "Taiwan": "TWN", "China": "CHN", "Russia": "RUS",
    "United Kingdom": "GBR", "Great Britain": "GBR",
}
for _iso, (_name, _y, _g) in COUNTRIES.items():
    ALIASES.setdefault(_name, _iso)


def iso3_of(name):
    """iso3 code for a spelling used in a raw file, or "" when it is not a course country."""
    return ALIASES.get(str(name).strip(), "")
