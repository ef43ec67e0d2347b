"""Static rendering: small multiples of 3-5 telling settings and a table.

This form needs neither a kernel nor JavaScript, so it serves print, PDF and
screen-reader users, and it is always on the page after the interactive form.
"""
from __future__ import annotations

import html
import math
import numbers
import textwrap

from . import render

LETTERS = "abcde"


def _cell(value):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,.2f}"
    return str(value)


def panel_grid(n):
    """Rows and columns for ``n`` panels (at most three per row)."""
    cols = n if n <= 3 else math.ceil(n / 2)
    return math.ceil(n / cols), cols


def static_parts(explorer):
    """Compute the small multiples and rows.

    Returns
    -------
    png : bytes
        The small-multiples figure.
    alt : str
        Alt text: one sentence per panel (the panel's own alt text).
    rows : list of dict
        One table row per setting: param labels then the ``table`` columns.
    """
    ex = explorer
    n = len(ex.static_settings)
    nrows, ncols = panel_grid(n)
    w, h = ex.figsize
    strip = 0.4  # inches above each panel for its setting
    fig = ex.new_figure((w * ncols, (h + strip) * nrows), ex.dpi)
    subfigs = fig.subfigures(nrows, ncols, squeeze=False).ravel()
    alts, rows = [], []
    for k, values in enumerate(ex.static_settings):
        head, sub = subfigs[k].subfigures(2, 1, height_ratios=[strip, h])
        handle = ex.call_draw(sub)
        result = ex.call_model(values)
        alt, _ = ex.call_update(handle, result, values)
        label = ex.setting_label(values)
        head.text(0.02, 0.5, "\n".join(textwrap.wrap(f"({LETTERS[k]}) {label}", 90)), fontsize=9,
                  ha="left", va="center")
        alts.append(f"Panel ({LETTERS[k]}), {label}: {alt}")
        row = {"Panel": f"({LETTERS[k]})"}
        row.update({p.label: p.format(values[p.name]) for p in ex.params})
        row.update({key: _cell(v) for key, v in ex.call_table(result, values).items()})
        rows.append(row)
    for sub in subfigs[n:]:
        sub.set_visible(False)
    png = render.figure_png(fig, quantise=True)
    return png, f"{n} panels. " + " ".join(alts), rows


def table_html(explorer, rows):
    """An HTML table of ``rows`` with a caption naming the explorer."""
    cols = list(rows[0])
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in cols)
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{html.escape(str(r.get(c, "")))}</th>' if i == 0
             else f"<td>{html.escape(str(r.get(c, '')))}</td>")
            for i, c in enumerate(cols)) + "</tr>"
        for r in rows
    )
    caption = html.escape(f"{explorer.title}: the numbers behind panels (a) to ({LETTERS[len(rows) - 1]})")
    return (f'<table class="course-static-table"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def static_html(explorer):
    """The printed form as one HTML fragment (figure, caption and table)."""
    png, alt, rows = static_parts(explorer)
    title = html.escape(explorer.title)
    return (
        f'<section class="course-static course-static-{explorer.name}" '
        f'aria-label="{title}: the same explorer in print">'
        f'<p class="course-static-title"><strong>The same explorer in print</strong></p>'
        f'<figure class="course-static-figure">{render.img_html(png, alt, "course-static-img")}'
        f"<figcaption>{title}: {len(rows)} settings side by side; the table below gives the same numbers."
        f"</figcaption></figure>{table_html(explorer, rows)}</section>"
    )
