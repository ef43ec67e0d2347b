"""Turn a matplotlib Figure into small PNG bytes and accessible HTML.

Used by every rendering of an explorer: the live view re-renders its one
persistent figure after each move; the kernel-free view renders one frame
per precomputed position; the static view renders its small multiples.
"""
from __future__ import annotations

import base64
import html
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from PIL import Image  # a dependency of matplotlib; quantising keeps pages light

#: Colours kept when a frame is quantised (the course palette needs < 20).
PALETTE_COLOURS = 64


def figure_png(fig, quantise=True, colours=PALETTE_COLOURS):
    """Render ``fig`` at its own dpi and return PNG bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; an Agg canvas is attached if it has none.
    quantise : bool, default True
        Reduce the image to ``colours`` colours (an indexed PNG, typically
        three to four times smaller). The live view skips it for speed.
    colours : int, default 64
        Palette size when quantising.

    Returns
    -------
    bytes
        The PNG file.
    """
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(fig)
    canvas.draw()
    width, height = canvas.get_width_height()
    img = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return encode_png(img, quantise, colours)


def png_size(png):
    """Return ``(width, height)`` in pixels read from a PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def img_html(png, alt, css_class="course-frame-img"):
    """Return an ``<img>`` element embedding ``png`` with alt text.

    The image scales down with its container (``max-width: 100%``) and keeps
    its aspect ratio; width and height attributes prevent layout shift.
    """
    width, height = png_size(png)
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img class="{css_class}" alt="{html.escape(alt, quote=True)}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
        f'src="data:image/png;base64,{data}">'
    )


def readout_html(text):
    """Return a readout paragraph: ``text`` escaped, one line per newline."""
    lines = [html.escape(line) for line in str(text).split("\n")]
    return '<p class="course-readout-text">' + "<br>".join(lines) + "</p>"


def handle_artists(handle):
    """Every matplotlib artist reachable from ``handle`` except Axes/Figures.

    Walks dicts, lists, tuples (including ``BarContainer``) and artists, in
    order, without duplicates.
    """
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase

    found, seen = [], set()

    def walk(obj):
        if isinstance(obj, (Axes, FigureBase)):
            return
        if isinstance(obj, Artist):
            if id(obj) not in seen:
                seen.add(id(obj))
                found.append(obj)
            return
        if isinstance(obj, dict):
            for v in obj.values():
                walk(v)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                walk(v)

    walk(handle)
    return found


class FrameRenderer:
    """One persistent figure, updated in place and rendered to PNG bytes.

    With ``blit=True`` the artists reachable from the ``draw`` handle are
    marked animated: the rest of the figure (axes, ticks, legends) is drawn
    once and cached, and each update redraws only the handle's artists on
    top of the cached background, in z-order. An explorer opts in only when
    its ``update`` touches nothing outside the handle (no limits, ticks or
    labels of axes); tests compare blitted and fully drawn frames pixel by
    pixel.
    """

    #: Most cached text sprites kept (a few MB at most).
    MAX_SPRITES = 4000

    def __init__(self, explorer, dpi, blit=None, text_cache=True, narrow=False):
        self.explorer = explorer
        self.narrow = narrow
        size = (NARROW_WIDTH_IN, explorer.figsize[1]) if narrow else explorer.figsize
        self.fig = explorer.new_figure(size, dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.handle = explorer.call_draw(self.fig)
        if narrow:
            layout_narrow(self.fig, explorer, self.handle)
        self.blit = explorer.blit if blit is None else blit
        self.background = None
        self.text_cache = text_cache
        self.sprites = {}
        self.animated = []
        if self.blit:
            self.animated = sorted(handle_artists(self.handle), key=lambda a: a.get_zorder())
            for artist in self.animated:
                artist.set_animated(True)

    def update(self, values):
        """Run the model and ``update`` at ``values``; return ``(alt, readout)``."""
        result = self.explorer.call_model(values)
        return self.explorer.call_update(self.handle, result, values)

    def rgba(self):
        """Draw the figure (blitting when enabled) and return an RGBA image."""
        if not self.blit:
            self.canvas.draw()
        else:
            if self.background is None:
                self.canvas.draw()
                self.background = self.canvas.copy_from_bbox(self.fig.bbox)
            else:
                self.canvas.restore_region(self.background)
            for artist in self.animated:
                if self.text_cache and type(artist) is Text:
                    self._draw_text(artist)
                else:
                    self.fig.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        return Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)

    def _draw_text(self, artist):
        """Draw a Text from a cached sprite (rasterising text is most of a blitted update).

        The sprite is the text rasterised once on a transparent patch at the same pixel
        position; later draws alpha-blend it, as Agg blends glyphs, so pixels match a
        direct draw to within rounding.
        """
        if not artist.get_visible() or not artist.get_text():
            return
        x, y = artist.get_transform().transform(artist.get_unitless_position())
        key = (artist.get_text(), round(float(x), 3), round(float(y), 3), str(artist.get_color()),
               hash(artist.get_fontproperties()), artist.get_ha(), artist.get_va(), artist.get_rotation(),
               artist.get_alpha(), artist.get_linespacing())
        buf = np.asarray(self.canvas.buffer_rgba())
        height, width = buf.shape[:2]
        sprite = self.sprites.get(key)
        if sprite is None:
            box = artist.get_window_extent(self.canvas.get_renderer())
            c0, c1 = max(int(np.floor(box.x0)) - 3, 0), min(int(np.ceil(box.x1)) + 3, width)
            r0, r1 = max(height - int(np.ceil(box.y1)) - 3, 0), min(height - int(np.floor(box.y0)) + 3, height)
            if c1 <= c0 or r1 <= r0 or not buf.flags.writeable:
                self.fig.draw_artist(artist)
                return
            under = buf[r0:r1, c0:c1].copy()
            buf[r0:r1, c0:c1] = 0
            self.fig.draw_artist(artist)
            patch = buf[r0:r1, c0:c1].astype(np.float32)
            buf[r0:r1, c0:c1] = under
            sprite = (r0, c0, patch[..., :3], patch[..., 3:] / 255.0)
            if len(self.sprites) >= self.MAX_SPRITES:
                self.sprites.clear()
            self.sprites[key] = sprite
        r0, c0, rgb, alpha = sprite
        r1, c1 = r0 + rgb.shape[0], c0 + rgb.shape[1]
        dst = buf[r0:r1, c0:c1, :3].astype(np.float32)
        buf[r0:r1, c0:c1, :3] = np.rint(dst + (rgb - dst) * alpha).astype(np.uint8)

    def png(self, quantise=True, colours=PALETTE_COLOURS):
        """Encode the current figure as PNG bytes (see :func:`figure_png`)."""
        return encode_png(self.rgba(), quantise, colours)


#: Width in inches of a phone frame: shown about 340 CSS px wide on a 390 px screen, so one
#: point of text is about 340 / 3.6 / 72 = 1.3 CSS px.
NARROW_WIDTH_IN = 3.6
#: A figure narrower than this (inches) is a phone frame: explorers' ``draw``/``update`` may use
#: shorter labels or fewer ticks there (``fig.get_figwidth() < PHONE_MAX_WIDTH_IN``).
PHONE_MAX_WIDTH_IN = 4.5
#: Smallest font size (points) in a phone frame: 9 pt is about 11.8 CSS px at 340 px.
NARROW_MIN_PT = 9.0
#: Smallest margin (inches) left of a stacked panel, for its y tick labels and axis label.
NARROW_MIN_LEFT_IN = 0.55


def min_text_pt(fig):
    """Smallest font size (points) among the visible, non-empty texts of ``fig``, tick labels included."""
    from matplotlib.text import Text

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) if sizes else None


def _raise_fonts(fig):
    """Raise every text of ``fig`` (tick labels included) to at least :data:`NARROW_MIN_PT`."""
    for ax in fig.axes:
        for which, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = axis.get_ticklabels()
            if labels and labels[0].get_fontsize() < NARROW_MIN_PT:
                ax.tick_params(axis=which, labelsize=NARROW_MIN_PT)
    for text in fig.findobj(Text):
        if text.get_fontsize() < NARROW_MIN_PT:
            text.set_fontsize(NARROW_MIN_PT)


def _inches(bbox, fig):
    """A display-space Bbox in inches."""
    return bbox.transformed(fig.dpi_scale_trans.inverted())


def _one_column(ax, legend):
    """Replace ``legend`` by the same legend in one column (a legend lays itself out once)."""
    title = legend.get_title()
    anchor = legend.get_bbox_to_anchor()  # a TransformedBbox: keep it in its own coordinates
    new = ax.legend(legend.legend_handles, [t.get_text() for t in legend.texts], loc=legend._loc,
                    bbox_to_anchor=anchor._bbox.bounds, bbox_transform=anchor._transform, ncols=1,
                    fontsize=legend.texts[0].get_fontsize() if legend.texts else None,
                    title=title.get_text() or None, title_fontsize=title.get_fontsize(),
                    handlelength=legend.handlelength, frameon=legend.get_frame_on())
    new.set_zorder(legend.get_zorder())


def layout_narrow(fig, explorer, handle):
    """Lay the panels of a phone frame out in one column, :data:`NARROW_WIDTH_IN` wide.

    ``fig`` holds the artists ``draw`` built (at the wide figure's height). Texts are raised
    to :data:`NARROW_MIN_PT`; axes are stacked top to bottom in their left-to-right order,
    each keeping its plot height (inches); legends too wide for the column get one column and
    a legend drawn inside a plot moves below it. Room for tick labels, axis labels and legends
    is measured from the drawn figure (twice, as moving one thing can move another), so the
    larger type is never cut off.
    """
    _raise_fonts(fig)
    values = explorer.defaults
    explorer.call_update(handle, explorer.call_model(values), values)
    stack_narrow(fig)


def stack_narrow(fig, width=None):
    """Re-lay a drawn figure out for a phone: one column :data:`NARROW_WIDTH_IN` wide, texts
    raised to :data:`NARROW_MIN_PT`, axes stacked in their left-to-right, top-to-bottom order.

    The work behind :func:`layout_narrow` (an explorer's phone frame) and
    :func:`widgets.figures.show` (a chapter's ordinary figure). The figure is changed in place;
    its height becomes whatever the stacked panels, their labels and legends need. ``width``
    (inches, default :data:`NARROW_WIDTH_IN`) is the figure's width.
    """
    from matplotlib import transforms

    _raise_fonts(fig)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    height0 = fig.get_figheight()
    plot_h = {ax: ax.get_position().height * height0 for ax in axes}
    order = sorted(axes, key=lambda a: (round(a.get_position().x0, 2), -a.get_position().y1))
    width = NARROW_WIDTH_IN if width is None else width
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        inside = legend.get_bbox_to_anchor().bounds == ax.bbox.bounds
        if inside:
            legend.set_visible(False)
            below = _inches(ax.get_tightbbox(renderer), fig)
            legend.set_visible(True)
            pos = _inches(ax.bbox, fig)
            legend.set_bbox_to_anchor((0, 0), transform=transforms.offset_copy(
                ax.transAxes, fig=fig, y=below.y0 - pos.y0 - 0.05, units="inches"))
            legend._loc = 2  # upper left, hanging below the plot
    for _ in range(3):
        canvas.draw()
        renderer = canvas.get_renderer()
        pads = {}
        for ax in order:
            pos = _inches(ax.bbox, fig)
            tight = _inches(ax.get_tightbbox(renderer), fig)
            legend = ax.get_legend()
            if legend is not None:  # legends may overhang sideways; they get fewer columns instead
                legend.set_visible(False)
                sideways = _inches(ax.get_tightbbox(renderer), fig)
                legend.set_visible(True)
            else:
                sideways = tight
            pads[ax] = (max(pos.x0 - sideways.x0, 0), max(sideways.x1 - pos.x1, 0),
                        max(tight.y1 - pos.y1, 0), max(pos.y0 - tight.y0, 0))
        left = max(max(p[0] for p in pads.values()) + 0.08, NARROW_MIN_LEFT_IN)
        right = max(p[1] for p in pads.values()) + 0.08
        for ax in order:
            legend = ax.get_legend()
            if (legend is not None and legend._ncols > 1
                    and _inches(legend.get_window_extent(renderer), fig).width > width - left):
                _one_column(ax, legend)
        slots = [(pads[ax][2] + 0.06, plot_h[ax], pads[ax][3] + 0.06) for ax in order]
        total = sum(sum(s) for s in slots) + 0.12 * (len(slots) - 1)
        fig.set_size_inches(width, total)
        top = total
        for ax, (above, plot, below) in zip(order, slots):
            y1 = top - above
            ax.set_position([left / width, (y1 - plot) / total, max(width - left - right, 0.5) / width,
                             plot / total])
            top = y1 - plot - below - 0.12


def encode_png(img, quantise=True, colours=PALETTE_COLOURS, text=None):
    """Encode a Pillow image as PNG, optionally quantised to ``colours``, with optional
    ``tEXt`` chunks (``text``: keyword -> string)."""
    from PIL import PngImagePlugin

    img = img.convert("RGB")
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    buf = io.BytesIO()
    if quantise:
        img = img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        img.save(buf, format="PNG", optimize=True, pnginfo=info)
    else:
        img.save(buf, format="PNG", compress_level=1, pnginfo=info)
    return buf.getvalue()
