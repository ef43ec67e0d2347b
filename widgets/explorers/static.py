"""Static rendering: small multiples of 3-5 telling settings and a table.

This form needs neither a kernel nor JavaScript, so it serves print, PDF and
screen-reader users, and it is always on the page after the interactive form.
"""
from __future__ import annotations

import html
import numbers

from . import render

LETTERS = "abcde"


def _cell(value):
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:,.2f}"
    return str(value)


def static_parts(explorer):
    """Compute the small multiples and rows.

    Each setting is its own image at the explorer's natural size (one panel,
    no shrinking on a ~700 px column, so chart text stays readable); CSS lays
    them out one per row on narrow screens and at most two per row on wide
    ones.

    Returns
    -------
    panels : list of tuple
        ``(letter, setting_label, png, alt)`` per setting; ``alt`` is the
        panel's own alt text.
    rows : list of dict
        One table row per setting: param labels then the ``table`` columns.
    """
    ex = explorer
    panels, rows = [], []
    for k, values in enumerate(ex.static_settings):
        fig = ex.new_figure(ex.figsize, ex.dpi)
        handle = ex.call_draw(fig)
        result = ex.call_model(values)
        alt, _ = ex.call_update(handle, result, values)
        label = ex.setting_label(values)
        png = render.figure_png(fig, quantise=True)
        panels.append((LETTERS[k], label, png, f"Panel ({LETTERS[k]}), {label}: {alt}"))
        row = {"Panel": f"({LETTERS[k]})"}
        row.update({p.label: p.format(values[p.name]) for p in ex.params})
        row.update({key: _cell(v) for key, v in ex.call_table(result, values).items()})
        rows.append(row)
    return panels, rows


def table_html(explorer, rows):
    """An HTML table of ``rows`` with a caption, in a scrollable wrapper.

    The wrapper (``div.course-table-wrap``, keyboard-focusable and named by
    the caption) scrolls sideways when the table is wider than the column.
    """
    cols = list(rows[0])
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in cols)
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{html.escape(str(r.get(c, "")))}</th>' if i == 0
             else f"<td>{html.escape(str(r.get(c, '')))}</td>")
            for i, c in enumerate(cols)) + "</tr>"
        for r in rows
    )
    caption = html.escape(f"{_sentence(explorer.title)} The numbers behind panels (a) to "
                          f"({LETTERS[len(rows) - 1]}).")
    # The visible title sits outside the scrolling wrapper so it wraps to the column; the
    # caption (same words) stays for screen readers.
    return (f'<p class="course-table-title" aria-hidden="true">{caption}</p>'
            f'<div class="course-table-wrap" tabindex="0" role="region" aria-label="{caption}">'
            f'<table class="course-static-table"><caption class="course-sr-only">{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def panel_img(png, alt):
    """An ``<img>`` of a panel written as a content-hashed file beside the explorer frames.

    ``loading="lazy"``: the panels sit in a closed ``<details>``, so a reader who never opens
    it (or prints) downloads none of them.
    """
    from .frozen import URL_TOKEN, write_frame

    width, height = render.png_size(png)
    return (f'<img class="course-static-img" alt="{html.escape(alt, quote=True)}" width="{width}" '
            f'height="{height}" loading="lazy" decoding="async" src="{URL_TOKEN}{write_frame(png)}">')


SUMMARY = "Printable / screen-reader version: the same explorer as figures and a table"


def static_html(explorer):
    """The printed form as one HTML fragment: panels, caption and table.

    Wrapped in a ``<details>`` (closed on screen, opened for print by
    explorers.js and CSS) so that print, no-JS readers and screen readers
    get it while the page stays short. Panel images are files (see
    :func:`panel_img`), not inline data.
    """
    panels, rows = static_parts(explorer)
    figures = "".join(
        f'<figure class="course-static-panel">{panel_img(png, alt)}'
        f"<figcaption>({letter}) {html.escape(label)}</figcaption></figure>"
        for letter, label, png, alt in panels
    )
    return (
        f'<section class="course-static course-static-{explorer.name}" '
        f'aria-label="{html.escape(_sentence(explorer.title))} The same explorer in print.">'
        f'<details class="course-static-details"><summary>{html.escape(SUMMARY)}</summary>'
        f'<p class="course-static-title"><strong>The same explorer in print.</strong> {html.escape(_sentence(explorer.title))} '
        f"{len(rows)} settings; the table below gives the same numbers.</p>"
        f'<div class="course-static-grid">{figures}</div>'
        f"{table_html(explorer, rows)}</details></section>"
    )


def _sentence(title: str) -> str:
    """``title`` ending as a sentence: "Who pays?" stays, "Burdens by year" gets a full stop.

    >>> _sentence("Who pays?"), _sentence("Burdens (illustrative)")
    ('Who pays?', 'Burdens (illustrative).')
    """
    return title if title.rstrip().endswith((".", "?", "!")) else title.rstrip() + "."
