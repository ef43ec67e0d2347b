"""Live rendering: ipywidgets controls driving one persistent figure.

Only controls that exist in ipywidgets 7.7 and 8 are used (SelectionSlider,
ToggleButtons, HTML, VBox/HBox), so the live form also runs on Colab's 7.x.

Accessibility (docs/decisions/0028): categorical levers are ``ToggleButtons`` (every option
is a real button, reached with Tab and pressed with Enter or Space, also inside a JupyterLab
notebook, where a focused dropdown's arrow keys move to the next cell instead). A numeric lever
on an evenly spaced grid is an ``IntSlider``/``FloatSlider``, whose ``aria-valuetext`` is the value
itself (a ``SelectionSlider`` in ipywidgets 8 exposes its option *index* there, "10" for
beta = 0.5); only an unevenly spaced grid keeps a ``SelectionSlider``. Each control is followed by
a polite live region that states the setting with its unit ("US contribution G: 0.30 US$ tn")
whenever it changes.
"""
from __future__ import annotations

import html
import re

import ipywidgets as ipw

from . import render
from .core import DESCRIPTION_WIDTH, LIVE_DPI


class LiveView:
    """Controls + one figure updated in place + a readout.

    Attributes
    ----------
    controls : dict
        Param name -> control widget (``IntSlider``/``FloatSlider`` for numbers on an
        evenly spaced grid, ``SelectionSlider`` for other numbers, ``ToggleButtons`` for
        categories).
    announcers : dict
        Param name -> ``ipywidgets.HTML`` live region stating the current value with its unit.
    image : ipywidgets.HTML
        Holds the ``<img alt>`` of the current figure.
    readout : ipywidgets.HTML
        Holds the readout text.
    widget : ipywidgets.VBox
        What :meth:`Explorer.show` displays.
    png : bytes
        The last rendered image.
    """

    def __init__(self, explorer, dpi=LIVE_DPI):
        self.explorer = explorer
        self.renderer = render.FrameRenderer(explorer, dpi)
        self.fig = self.renderer.fig
        self.params = {p.name: p for p in explorer.params}
        self.controls = {p.name: self._control(p) for p in explorer.params}
        self.announcers = {name: ipw.HTML() for name in self.controls}
        for name, announcer in self.announcers.items():
            announcer.add_class("course-value")
            self._announce(name)
        self.image = ipw.HTML()
        self.image.add_class("course-frame")
        self.readout = ipw.HTML()
        self.readout.add_class("course-readout")
        title = ipw.HTML(f'<p class="course-explorer-title"><strong>{html.escape(explorer.title)}</strong></p>')
        rows = [w for name in self.controls for w in (self.controls[name], self.announcers[name])]
        self.widget = ipw.VBox([title, *rows, self.image, self.readout])
        self.widget.add_class("course-explorer")
        self.widget.add_class(f"course-explorer-{explorer.name}")
        self.png = b""
        self.alt = ""
        self.refresh()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @staticmethod
    def _control(param):
        options = [(param.format(v), v) for v in param.grid]
        style = {"description_width": DESCRIPTION_WIDTH}
        layout = ipw.Layout(width="100%", max_width="36em")
        step = even_step(param.grid) if param.is_slider else None
        if step is not None:
            grid = param.grid
            spec = re.fullmatch(r"\{:([^{}]*)\}", param.fmt) if isinstance(param.fmt, str) else None
            common = dict(value=param.default, min=grid[0], max=grid[-1], step=step,
                          description=param.label, continuous_update=True, style=style, layout=layout,
                          # A format string reads out as the control's own number; a label function
                          # (e.g. "2024e") is shown by the value line below the slider instead.
                          readout=bool(spec) or param.fmt == "{}")
            if all(isinstance(v, int) for v in grid):
                control = ipw.IntSlider(**common)
            else:
                control = ipw.FloatSlider(**common, readout_format=spec.group(1) if spec else ".2f")
            control.add_class("course-slider")
        elif param.is_slider:
            control = ipw.SelectionSlider(options=options, value=param.default, description=param.label,
                                          continuous_update=True, style=style, layout=layout)
            control.add_class("course-slider")
        else:
            control = ipw.ToggleButtons(options=options, value=param.default, description=param.label,
                                        style={**style, "button_width": "auto"}, layout=layout,
                                        tooltips=[label for label, _ in options])
            control.add_class("course-toggle")
        return control

    @property
    def values(self):
        """Current setting: param name -> value (a numeric slider's value snapped to its grid,
        so float steps such as 0.30000000000000004 reach the model as 0.3)."""
        return {name: self._snap(name, c.value) for name, c in self.controls.items()}

    def _snap(self, name, value):
        grid = self.params[name].grid
        if isinstance(self.controls[name], (ipw.IntSlider, ipw.FloatSlider)):
            return min(grid, key=lambda g: abs(g - value))
        return value

    def _announce(self, name):
        param, value = self.params[name], self._snap(name, self.controls[name].value)
        self.announcers[name].value = (
            f'<span role="status" aria-live="polite" class="course-value-text">'
            f"{html.escape(param.label)}: {html.escape(param.format(value))}</span>")

    def _on_change(self, change):
        for name, control in self.controls.items():
            if control is change["owner"]:
                self._announce(name)
        self.refresh()

    def refresh(self):
        """Recompute the model, update artists in place, re-render the image."""
        alt, text = self.renderer.update(self.values)
        self.png = self.renderer.png(quantise=False)
        self.alt = alt
        self.image.value = render.img_html(self.png, alt)
        self.readout.value = render.readout_html(text)
        return self.png


def even_step(grid):
    """The common step of an evenly spaced numeric grid of at least three values, else ``None``.

    Examples
    --------
    >>> even_step([0.0, 0.05, 0.1, 0.15])
    0.05
    >>> even_step([2014, 2015, 2016])
    1
    >>> even_step([1, 2, 4, 8]) is None
    True
    """
    if len(grid) < 3:
        return None
    step = grid[1] - grid[0]
    if not step > 0:
        return None
    tol = 1e-9 * max(1.0, abs(step))
    if all(abs((b - a) - step) <= tol for a, b in zip(grid, grid[1:])):
        return round(step, 12) if isinstance(step, float) else step
    return None
