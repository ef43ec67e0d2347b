"""Kernel-free rendering: plain HTML controls switching precomputed frame files.

Every position of the (at most two) precomputed params is drawn twice, once in the wide
layout and once in a phone layout (panels stacked, larger type; see
:func:`widgets.explorers.render.narrow_plan`). Each frame is a quantised PNG written to a
content-addressed store (:func:`store_dir`) under the first 20 hex digits of its SHA-256, so a
changed frame always gets a new name and no stale frame survives a cached build. The page gets:

- a native ``<input type="range">`` per numeric param (``aria-valuetext`` = value and unit),
  a radio group per categorical param;
- one ``<figure>`` with a ``<picture>``: the phone set is chosen by a media condition, so each
  reader downloads one set, and the visible frame is an ``<img alt>``;
- an ``<output aria-live="polite">`` readout;
- a small JSON block (file names, alt texts, readouts) in the page body, read by
  ``_static/explorers.js``, which swaps the frame and readout when a control moves.

Frame URLs are written as :data:`URL_TOKEN` + name. The local Sphinx extension
(``_ext/course_site.py``) replaces the token with the page's relative path to
:data:`SITE_FOLDER` and copies the frames there from the store, so the site works from any
static host, from the file system and offline; a frame missing from the store fails the build
naming the explorer and the setting.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import tempfile
import time
from pathlib import Path

from . import render

#: Environment variable naming the frame store (default: ``<repo>/_build/explorer-frames``).
STORE_ENV = "COURSE_FRAMES_DIR"
#: Placeholder written before each frame file name; the site extension makes it a relative URL.
URL_TOKEN = "__course_frames__/"
#: The site's root, relative to the page (the same extension resolves it).
ROOT_TOKEN = "__course_root__/"
#: Folder of the built site (``_build/html/<SITE_FOLDER>``) that holds the frames.
SITE_FOLDER = "_explorer_frames"
#: The phone layout is chosen below this viewport width (CSS px), on screens only (print is wide).
NARROW_MEDIA = "screen and (max-width: 600px)"

_ids = itertools.count(1)


def store_dir() -> Path:
    """The folder where frame files are written (created on first use).

    ``$COURSE_FRAMES_DIR`` if set, else ``_build/explorer-frames`` next to the ``widgets``
    package (the repository root, as the package is installed editable).
    """
    env = os.environ.get(STORE_ENV)
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "_build" / "explorer-frames"
    path.mkdir(parents=True, exist_ok=True)
    return path


def frame_name(png: bytes) -> str:
    """Content-hashed file name of a frame: 20 hex digits of its SHA-256 and ``.png``."""
    return hashlib.sha256(png).hexdigest()[:20] + ".png"


def write_frame(png: bytes, folder: Path | None = None) -> str:
    """Write ``png`` into the store (atomically, once) and return its file name."""
    folder = store_dir() if folder is None else folder
    name = frame_name(png)
    target = folder / name
    if not target.is_file():
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(png)
        os.replace(tmp, target)
    return name


class FrozenView:
    """The kernel-free form of an explorer: frame files plus a plain-HTML fragment.

    Attributes
    ----------
    cells : dict
        Position (tuple of indices) -> dict with ``wide``/``narrow`` (file names), ``alt``,
        ``readout``, and the PNG bytes ``wide_png``/``narrow_png``.
    sizes : dict
        ``{"wide": (w, h), "narrow": (w, h)}`` in pixels.
    bytes : dict
        Total bytes of each frame set, ``{"wide": n, "narrow": n}``.
    seconds : float
        Wall time to compute, render and write every frame.
    html : str
        The fragment shown on the page (also ``_repr_html_``).
    widget : IPython.display.HTML
        What :meth:`Explorer.show` displays.
    """

    def __init__(self, explorer, folder: Path | None = None):
        from .core import FRAME_BUDGET_BYTES, ExplorerError

        self.explorer = explorer
        t0 = time.perf_counter()
        self.cells = self._render_cells(folder)
        self.seconds = time.perf_counter() - t0
        self.bytes = {k: sum(len(c[f"{k}_png"]) for c in self.cells.values()) for k in ("wide", "narrow")}
        worst = max(self.bytes.values())
        if worst > FRAME_BUDGET_BYTES:
            raise ExplorerError(
                f"explorer {explorer.name!r}: its {explorer.n_frames} frames take {worst / 1e6:.2f} MB per layout, "
                f"over the budget of {FRAME_BUDGET_BYTES / 1e6:.2f} MB; give a frozen parameter fewer values "
                f"or make figsize smaller.")
        self.uid = f"ce-{explorer.name}-{next(_ids)}"
        self.html = self._html()
        from IPython.display import HTML

        self.widget = HTML(self.html)

    # ----------------------------------------------------------------- frames
    def _render_cells(self, folder):
        ex = self.explorer
        wide = render.FrameRenderer(ex, ex.dpi)
        narrow = render.FrameRenderer(ex, ex.dpi, narrow=True)
        cells = {}
        self.sizes = {}
        for idx, values in ex.positions():
            alt, text = wide.update(values)
            wide_png = wide.png(quantise=True)
            narrow.update(values)
            narrow_png = narrow.png(quantise=True)
            cells[idx] = {"wide": write_frame(wide_png, folder), "narrow": write_frame(narrow_png, folder),
                          "alt": alt, "readout": text, "wide_png": wide_png, "narrow_png": narrow_png}
        first = next(iter(cells.values()))
        self.sizes = {"wide": render.png_size(first["wide_png"]), "narrow": render.png_size(first["narrow_png"])}
        self.min_text_pt = {"wide": render.min_text_pt(wide.fig), "narrow": render.min_text_pt(narrow.fig)}
        return cells

    @property
    def start(self):
        """Index tuple of the default setting."""
        return tuple(p.values.index(p.default) for p in self.explorer.frozen)

    # ------------------------------------------------------------------- HTML
    def _control(self, k, param):
        cid = f"{self.uid}-{param.name}"
        labels = [param.format(v) for v in param.values]
        i = param.values.index(param.default)
        esc = html.escape
        if param.is_slider:
            return (f'<div class="course-control course-range" data-param="{esc(param.name)}">'
                    f'<label for="{cid}">{esc(param.label)}</label>'
                    f'<span class="course-value" aria-hidden="true">{esc(labels[i])}</span>'
                    f'<input type="range" id="{cid}" min="0" max="{len(labels) - 1}" step="1" value="{i}" '
                    f'aria-valuetext="{esc(labels[i], quote=True)}" data-index="{k}"></div>')
        options = "".join(
            f'<label class="course-option"><input type="radio" name="{cid}" value="{j}" autocomplete="off" data-index="{k}"'
            f'{" checked" if j == i else ""}><span>{esc(label)}</span></label>'
            for j, label in enumerate(labels))
        return (f'<fieldset class="course-control course-choice" data-param="{esc(param.name)}">'
                f'<legend>{esc(param.label)}</legend><div class="course-options">{options}</div></fieldset>')

    def _data(self):
        ex = self.explorer
        order = list(itertools.product(*[range(len(p.values)) for p in ex.frozen]))
        return {
            "name": ex.name,
            "dims": [len(p.values) for p in ex.frozen],
            "params": [{"name": p.name, "label": p.label, "values": [p.format(v) for v in p.values]}
                       for p in ex.frozen],
            "frames": [[self.cells[i]["wide"], self.cells[i]["narrow"], self.cells[i]["alt"],
                        self.cells[i]["readout"]] for i in order],
        }

    def _html(self):
        ex = self.explorer
        esc = html.escape
        cell = self.cells[self.start]
        (ww, wh), (nw, nh) = self.sizes["wide"], self.sizes["narrow"]
        readout = "<br>".join(esc(line) for line in cell["readout"].split("\n"))
        data = json.dumps(self._data(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        controls = "".join(self._control(k, p) for k, p in enumerate(ex.frozen))
        return (
            f'<div class="course-explorer course-explorer-frozen course-explorer-{ex.name}" '
            f'id="{self.uid}" data-explorer="{esc(ex.name)}" data-frames-base="{URL_TOKEN}" role="group" '
            f'aria-labelledby="{self.uid}-title">'
            f'<p class="course-explorer-title" id="{self.uid}-title"><strong>{esc(ex.title)}</strong></p>'
            f'<div class="course-controls">{controls}</div>'
            f'<noscript><p class="course-explorer-note">The controls need JavaScript; the printable '
            f'version below shows the same explorer as figures and a table.</p></noscript>'
            f'<figure class="course-frame"><picture>'
            f'<source media="{NARROW_MEDIA}" srcset="{URL_TOKEN}{cell["narrow"]}" width="{nw}" height="{nh}">'
            f'<img class="course-frame-img" src="{URL_TOKEN}{cell["wide"]}" alt="{esc(cell["alt"], quote=True)}" '
            f'width="{ww}" height="{wh}" loading="lazy" decoding="async"></picture></figure>'
            f'<output class="course-readout" aria-live="polite" aria-atomic="true">{readout}</output>'
            f'{self._fixed_note()}'
            f'<script type="application/json" class="course-explorer-data">{data}</script></div>'
        )

    def _fixed_note(self):
        ex = self.explorer
        fixed = [p for p in ex.params if p not in ex.frozen]
        if not fixed:
            return ""
        text = "; ".join(f"{p.label} = {p.format(p.default)}" for p in fixed)
        return (f'<p class="course-explorer-note">On this page {html.escape(text)} stays fixed. '
                f'<a href="{ROOT_TOKEN}intro.html#how-to-run-it">Run the chapter as a notebook</a> '
                "to change it too.</p>")

    def _repr_html_(self):
        return self.html
