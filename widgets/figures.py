"""Show a chapter's ordinary (non-explorer) figure, with a phone version where one is needed.

A chapter cell draws its figure with matplotlib as usual and ends with ``show(fig)`` instead of
``plt.show()``:

- **In Jupyter, JupyterLab, Voila or Colab** (no ``COURSE_BUILD``), ``show`` is ``plt.show()``:
  nothing is written anywhere.
- **In the book build** (``COURSE_BUILD=1``) the cell's one output is the wide figure, drawn as
  the inline backend draws it (tight box, the figure's dpi) and quantised to the course palette.
  If its smallest text would be shown below :data:`MIN_PHONE_TEXT_PX` CSS px on a 390 px phone,
  the same figure is also re-laid out for a phone (:func:`widgets.explorers.render.stack_narrow`:
  one column 3.6 in wide, text at least 9 pt, panels stacked) and written to the explorers' frame
  store under its content hash. The wide PNG names that file in a ``tEXt`` chunk
  (:data:`FIGURE_KEY`); the site extension (``_ext/course_site.py``) turns the figure's ``<img>``
  into a ``<picture>`` whose ``<source media="screen and (max-width: 600px)">`` is the phone file,
  so each reader downloads one version and print keeps the wide one. A phone file missing from
  the store (a cache that outlived it) fails the build naming the page and the figure.
"""
from __future__ import annotations

import io
import json
import os

#: The column a 390 px phone gives a figure (CSS px), measured in Chromium on the built site.
PHONE_COLUMN_PX = 333
#: Smallest chart text a phone reader should get (CSS px).
MIN_PHONE_TEXT_PX = 11.0
#: Keyword of the PNG ``tEXt`` chunk, in every wide figure ``show`` draws, that records its
#: smallest text and dpi and names its phone version (JSON; see :func:`render`).
FIGURE_KEY = "course-figure"


def phone_text_px(min_pt: float, dpi: float, width_px: int, column_px: int = PHONE_COLUMN_PX) -> float:
    """CSS px of ``min_pt``-point text in a PNG ``width_px`` wide drawn at ``dpi``, shown in a
    ``column_px`` column (never enlarged beyond its natural width).

    >>> round(phone_text_px(10, 100, 750), 1)   # a 7.5 in course figure: unreadable on a phone
    6.2
    >>> round(phone_text_px(9, 100, 360), 1)    # its 3.6 in phone version
    11.6
    """
    return min_pt * dpi / 72 * min(1.0, column_px / width_px)


def _png_bytes(fig, tight: bool, pad: float = 0.1) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight" if tight else None,
                pad_inches=pad, facecolor=fig.get_facecolor())
    return buf.getvalue()


def _quantised(png: bytes, text: dict | None = None) -> bytes:
    """``png`` quantised to the course palette, with optional ``tEXt`` chunks."""
    from PIL import Image

    from widgets.explorers.render import encode_png

    return encode_png(Image.open(io.BytesIO(png)), text=text)


def _text_width_in(text, fig, renderer) -> float:
    return text.get_window_extent(renderer).width / fig.dpi


def _wrap(text, fig, renderer, max_in: float) -> bool:
    """Break ``text`` into lines no wider than ``max_in`` inches; True if it changed."""
    import textwrap

    content = text.get_text()
    width = _text_width_in(text, fig, renderer)
    if not content.strip() or width <= max_in or "$" in content:
        return False
    chars = max(8, int(len(content) * max_in / width))
    text.set_text("\n".join(textwrap.wrap(content, chars, break_long_words=False)))
    return True


def _ticks_collide(labels, renderer, horizontal: bool) -> bool:
    boxes = sorted((t.get_window_extent(renderer) for t in labels if t.get_visible() and t.get_text()),
                   key=lambda b: b.x0 if horizontal else b.y0)
    gap = 2.0
    return any((b.x0 < a.x1 + gap) if horizontal else (b.y0 < a.y1 + gap / 2)
               for a, b in zip(boxes, boxes[1:]))


def fit_for_phone(fig) -> None:
    """Re-lay ``fig`` out for a phone (:func:`widgets.explorers.render.stack_narrow`), first
    wrapping axis labels, legend entries and long category labels that would not fit the
    3.6 in column, then thinning or turning x tick labels that would collide."""
    from matplotlib.ticker import FixedFormatter, FixedLocator, LogLocator, MaxNLocator

    from widgets.explorers import render as frames

    width = frames.NARROW_WIDTH_IN
    frames._raise_fonts(fig)
    canvas = fig.canvas if isinstance(fig.canvas, frames.FigureCanvasAgg) else frames.FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        _wrap(ax.xaxis.label, fig, renderer, width - 0.7)
        _wrap(ax.yaxis.label, fig, renderer, ax.get_position().height * fig.get_figheight() + 0.3)
        _wrap(ax.title, fig, renderer, width - 0.3)
        legend = ax.get_legend()
        for text in (legend.texts if legend is not None else []):
            _wrap(text, fig, renderer, width - 1.0)
        if not isinstance(ax.yaxis.get_major_locator(), (MaxNLocator, LogLocator)):  # named categories
            labels = ax.get_yticklabels()
            if any([_wrap(t, fig, renderer, width * 0.4) for t in labels]):
                ax.yaxis.set_major_locator(FixedLocator(ax.get_yticks()))
                ax.yaxis.set_major_formatter(FixedFormatter([t.get_text() for t in labels]))
    frames.stack_narrow(fig)
    changed = False
    for ax in fig.axes:
        for _ in range(6):
            canvas.draw()
            labels = ax.get_xticklabels()
            if not _ticks_collide(labels, canvas.get_renderer(), horizontal=True):
                break
            locator = ax.xaxis.get_major_locator()
            if isinstance(locator, MaxNLocator):
                n = max(2, len([t for t in labels if t.get_text()]) - 2)
                ax.xaxis.set_major_locator(MaxNLocator(nbins=n, steps=[1, 2, 2.5, 5, 10]))
            else:  # named categories: turn them
                for t in labels:
                    t.set_rotation(45)
                    t.set_ha("right")
                    t.set_rotation_mode("anchor")
                changed = True
                break
            changed = True
    if changed:
        frames.stack_narrow(fig)
    # What still overhangs the column (a bar's value label, a legend) narrows the figure instead.
    canvas.draw()
    drawn = fig.get_tightbbox(canvas.get_renderer()).width
    if drawn > width + 0.05:
        frames.stack_narrow(fig, width=max(width - (drawn - width), 0.7 * width))


def render(fig, folder=None, phone=None) -> tuple[bytes, dict]:
    """Draw ``fig`` wide and, if its text would be too small on a phone, for a phone.

    Returns ``(wide_png, meta)``. ``meta`` has the wide figure's ``dpi`` and smallest text in
    points (``min_pt``) and ``phone``: ``None``, or the phone file's ``name`` (written into
    ``folder``, default the frame store), ``width`` and ``height`` in pixels and ``min_pt``.
    The wide PNG carries ``meta`` as JSON in its :data:`FIGURE_KEY` chunk. ``fig`` is re-laid
    out in place (:func:`fit_for_phone`) when a phone version is drawn, unless ``phone`` is
    given: a function of no arguments returning the phone figure, drawn by the chapter for a
    figure whose labels are placed by hand (its text must be at least 9 pt, its width 3.6 in).
    """
    import matplotlib.pyplot as plt

    from widgets.explorers import frozen, render as frames

    wide = _png_bytes(fig, tight=True)
    meta = {"dpi": fig.dpi, "min_pt": frames.min_text_pt(fig), "phone": None}
    width, _ = frames.png_size(wide)
    if meta["min_pt"] is not None and phone_text_px(meta["min_pt"], fig.dpi, width) < MIN_PHONE_TEXT_PX:
        if phone is None:
            fit_for_phone(fig)
        else:
            fig = phone()
        narrow = _quantised(_png_bytes(fig, tight=True, pad=0.04))
        if phone is not None:
            plt.close(fig)
        small = frames.min_text_pt(fig)
        if small is not None and small < frames.NARROW_MIN_PT:
            raise ValueError(f"the phone version of this figure has {small:g} pt text; a phone version "
                             f"needs at least {frames.NARROW_MIN_PT:g} pt (raise fontsize= in its drawing)")
        n_width, _ = frames.png_size(narrow)
        if phone_text_px(small, fig.dpi, n_width) < MIN_PHONE_TEXT_PX:
            raise ValueError(
                f"this figure's phone layout is {n_width / fig.dpi:.1f} in wide, not "
                f"{frames.NARROW_WIDTH_IN:g} in, so its text would be below {MIN_PHONE_TEXT_PX:g} CSS px "
                f"on a phone: something (a long label or annotation) does not fit one column. Shorten "
                f"it, or draw the phone version yourself: show(fig, phone=function_returning_a_figure).")
        n_width, n_height = frames.png_size(narrow)
        meta["phone"] = {"name": frozen.write_frame(narrow, folder), "width": n_width,
                         "height": n_height, "min_pt": small}
    return _quantised(wide, {FIGURE_KEY: json.dumps(meta, sort_keys=True)}), meta


def show(fig, phone=None) -> None:
    """End a figure cell: ``plt.show()`` in a notebook; in the book build, the wide figure as
    the cell's one output, with a phone version where its text needs one (see the module).
    ``phone``: optional function drawing the phone version by hand (see :func:`render`)."""
    import matplotlib.pyplot as plt

    if os.environ.get("COURSE_BUILD") != "1":
        plt.show()
        return
    from IPython.display import Image, display

    wide, _ = render(fig, phone=phone)
    plt.close(fig)
    display(Image(data=wide, format="png"))
