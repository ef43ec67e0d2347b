"""Shared visual style for every figure in the course.

Colours follow the Okabe–Ito palette, which stays distinguishable for the
common forms of colour-vision deficiency. Figures carry no title inside the
image (the page heading and caption say what it is); fonts are large enough
to read on a phone; spines are light.
"""
from __future__ import annotations

#: The eight Okabe–Ito colours (Okabe & Ito 2008), black last.
OKABE_ITO = [
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
]

#: Seven colours of Paul Tol's colour-blind-safe "muted" scheme (Tol 2021), for
#: countries beyond the eight Okabe–Ito colours.
TOL_MUTED = [
    "#882255",  # wine
    "#CC6677",  # rose
    "#117733",  # green
    "#DDCC77",  # sand
    "#88CCEE",  # cyan
    "#332288",  # indigo
    "#AA4499",  # purple
]

#: Neutral grey for every country without its own colour, and for aggregates.
GREY = "#999999"

#: Colours of the countries the course discusses most, keyed by ISO 3166 alpha-3.
#: Every named country has its own colour: the eight NATO countries most often
#: compared take the eight Okabe–Ito colours, the other seven take Tol's muted
#: colours. Where two similar hues could meet on one chart, label the bars or
#: lines directly as well (colour is never the only cue).
COUNTRY_COLOURS = {
    "USA": "#0072B2",
    "DEU": "#E69F00",
    "FRA": "#56B4E9",
    "GBR": "#009E73",
    "ITA": "#CC79A7",
    "ESP": "#F0E442",
    "POL": "#D55E00",
    "NLD": "#000000",
    "CAN": "#882255",
    "JPN": "#CC6677",
    "KOR": "#117733",
    "AUS": "#DDCC77",
    "TWN": "#88CCEE",
    "CHN": "#332288",
    "RUS": "#AA4499",
}


#: The course's colour for the United States (blue), wherever the US is one of two groups.
US_COLOUR = COUNTRY_COLOURS["USA"]
#: Colour for "the allies" as one group next to the US (neutral, never the US blue).
ALLIES_COLOUR = GREY
#: Text box behind value labels drawn on coloured bars: black text on a white chip reads on any bar.
LABEL_CHIP = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}


def text_on(colour: str) -> str:
    """Return ``"black"`` or ``"white"``, whichever reads better on ``colour``.

    Parameters
    ----------
    colour : str
        A hex colour such as ``"#0072B2"``.

    Returns
    -------
    str
        ``"white"`` on dark colours (relative luminance below 0.179, where contrast with black and white is equal), else ``"black"``.
    """
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "white" if luminance < 0.179 else "black"


def colour_for(iso3: str) -> str:
    """Return the course colour of a country.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code, for example ``"DEU"``. Case-insensitive.

    Returns
    -------
    str
        A hex colour from :data:`COUNTRY_COLOURS`, or :data:`GREY` for any
        other country or aggregate.
    """
    return COUNTRY_COLOURS.get(str(iso3).upper(), GREY)


#: rcParams applied by :func:`apply`.
RC_PARAMS = {
    "axes.prop_cycle": None,  # filled in by apply()
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "axes.edgecolor": "#BBBBBB",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "legend.fontsize": 10,
    "legend.frameon": False,
    "font.size": 11,
    "figure.titlesize": 11,
    "figure.dpi": 100,
    "savefig.bbox": "standard",
}


def apply() -> None:
    """Set matplotlib's rcParams to the course style.

    Sets the Okabe–Ito colour cycle, readable font sizes, light spines
    without top/right borders, and no legend frame. Safe to call repeatedly.
    """
    import matplotlib as mpl
    from cycler import cycler

    params = dict(RC_PARAMS)
    params["axes.prop_cycle"] = cycler(color=OKABE_ITO)
    mpl.rcParams.update(params)
