"""Turn a matplotlib Figure into small PNG bytes and accessible HTML.

Used by every rendering of an explorer: the live view re-renders its one
persistent figure after each move; the kernel-free view renders one frame
per precomputed position; the static view renders its small multiples.
"""
from __future__ import annotations

import base64
import html
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg

try:  # Pillow ships with matplotlib; quantising keeps kernel-free pages light.
    from PIL import Image
except ImportError:  # pragma: no cover - matplotlib depends on Pillow
    Image = None

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
    if Image is None:  # pragma: no cover
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=fig.dpi)
        return buf.getvalue()
    img = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    img = img.convert("RGB")
    buf = io.BytesIO()
    if quantise:
        img = img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        img.save(buf, format="PNG", optimize=True)
    else:
        img.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


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
