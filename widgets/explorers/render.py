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

    def __init__(self, explorer, dpi, blit=None, text_cache=True):
        self.explorer = explorer
        self.fig = explorer.new_figure(explorer.figsize, dpi)
        self.canvas = FigureCanvasAgg(self.fig)
        self.handle = explorer.call_draw(self.fig)
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


def encode_png(img, quantise=True, colours=PALETTE_COLOURS):
    """Encode a Pillow RGBA image as PNG, optionally quantised to ``colours``."""
    img = img.convert("RGB")
    buf = io.BytesIO()
    if quantise:
        img = img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        img.save(buf, format="PNG", optimize=True)
    else:
        img.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
