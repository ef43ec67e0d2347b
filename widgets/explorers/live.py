"""Live rendering: ipywidgets controls driving one persistent figure.

Only controls that exist in ipywidgets 7.7 and 8 are used (SelectionSlider,
Dropdown, HTML, VBox/HBox), so the live form also runs on Colab's 7.x.
"""
from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as ipw

from . import render
from .core import DESCRIPTION_WIDTH, LIVE_DPI


class LiveView:
    """Controls + one figure updated in place + a readout.

    Attributes
    ----------
    controls : dict
        Param name -> control widget (``SelectionSlider`` for numbers,
        ``Dropdown`` for categories).
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
        self.controls = {p.name: self._control(p) for p in explorer.params}
        self.image = ipw.HTML()
        self.image.add_class("course-frame")
        self.readout = ipw.HTML()
        self.readout.add_class("course-readout")
        title = ipw.HTML(f'<p class="course-explorer-title"><strong>{html.escape(explorer.title)}</strong></p>')
        self.widget = ipw.VBox([title, *self.controls.values(), self.image, self.readout])
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
        if param.numeric and not isinstance(param.fmt, Mapping):
            control = ipw.SelectionSlider(options=options, value=param.default, description=param.label,
                                          continuous_update=True, style=style, layout=layout)
            control.add_class("course-slider")
        else:
            control = ipw.Dropdown(options=options, value=param.default, description=param.label,
                                   style=style, layout=layout)
            control.add_class("course-dropdown")
        return control

    @property
    def values(self):
        """Current setting: param name -> value."""
        return {name: c.value for name, c in self.controls.items()}

    def _on_change(self, change):
        self.refresh()

    def refresh(self):
        """Recompute the model, update artists in place, re-render the image."""
        alt, text = self.renderer.update(self.values)
        self.png = self.renderer.png(quantise=False)
        self.alt = alt
        self.image.value = render.img_html(self.png, alt)
        self.readout.value = render.readout_html(text)
        return self.png
