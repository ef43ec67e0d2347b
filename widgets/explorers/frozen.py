"""Kernel-free rendering: every position precomputed, switched in the browser.

A ``SelectionSlider`` (or, for a categorical param, ``ToggleButtons``;
options = the formatted labels) has its ``index``
``jsdlink``ed to the ``selected_index`` of an ``ipw.Stack`` of frames and of
a second ``Stack`` of readouts. With two sliders the Stacks nest: the outer
follows slider A, slider B is linked to every inner Stack. The embedded
widget manager evaluates ``jsdlink`` in the page, so no kernel is needed.
"""
from __future__ import annotations

import html
import time
from collections.abc import Mapping

import ipywidgets as ipw

from . import render
from .core import DESCRIPTION_WIDTH


class FrozenView:
    """The kernel-free widget tree of an explorer.

    Attributes
    ----------
    sliders : list of ipywidgets.SelectionSlider or ipywidgets.ToggleButtons
        One control per precomputed param (at most two), in order: a slider
        for numbers, toggle buttons (every option visible) for categories.
        Both have an ``index`` trait, linked in the page.
    frames, readouts : ipywidgets.Stack
        Outer Stacks (nested one level when there are two sliders).
    links : list of ipywidgets.Link
        The ``jsdlink`` objects, slider index -> Stack selected_index.
    cells : dict
        Position (tuple of indices) -> ``(frame_html, readout_html, alt, readout_text, png)``.
    seconds : float
        Wall time to compute and render every frame.
    widget : ipywidgets.VBox
        What :meth:`Explorer.show` displays.
    """

    def __init__(self, explorer):
        self.explorer = explorer
        t0 = time.perf_counter()
        self.cells = self._render_cells()
        self.seconds = time.perf_counter() - t0
        self.sliders = [self._control(p) for p in explorer.frozen]
        self.links = []
        self.frames, self.readouts = self._stacks()
        self.frames.add_class("course-frame")
        self.readouts.add_class("course-readout")
        parts = [ipw.HTML(f'<p class="course-explorer-title"><strong>{html.escape(explorer.title)}</strong></p>')]
        parts += self.sliders
        parts += [self.frames, self.readouts]
        note = self._fixed_note()
        if note:
            parts.append(ipw.HTML(note))
        self.widget = ipw.VBox(parts)
        self.widget.add_class("course-explorer")
        self.widget.add_class("course-explorer-frozen")
        self.widget.add_class(f"course-explorer-{explorer.name}")

    def _render_cells(self):
        ex = self.explorer
        renderer = render.FrameRenderer(ex, ex.dpi)
        cells = {}
        for idx, values in ex.positions():
            alt, text = renderer.update(values)
            png = renderer.png(quantise=True)
            frame = ipw.HTML(render.img_html(png, alt))
            readout = ipw.HTML(render.readout_html(text))
            readout.add_class("course-readout-item")
            cells[idx] = (frame, readout, alt, text, png)
        return cells

    def _control(self, param):
        """A SelectionSlider for numbers, ToggleButtons (all options visible) for categories."""
        if not param.numeric or isinstance(param.fmt, Mapping):
            toggle = ipw.ToggleButtons(
                options=[param.format(v) for v in param.values],
                index=param.values.index(param.default),
                description=param.label,
                style={"description_width": DESCRIPTION_WIDTH, "button_width": "auto"},
                layout=ipw.Layout(width="100%", max_width="48em"),
            )
            toggle.add_class("course-toggle")
            return toggle
        slider = ipw.SelectionSlider(
            options=[param.format(v) for v in param.values],
            index=param.values.index(param.default),
            description=param.label,
            continuous_update=True,
            style={"description_width": DESCRIPTION_WIDTH},
            layout=ipw.Layout(width="100%", max_width="36em"),
        )
        slider.add_class("course-slider")
        return slider

    def _link(self, slider, stack):
        self.links.append(ipw.jsdlink((slider, "index"), (stack, "selected_index")))

    def _stacks(self):
        ex = self.explorer
        first = ex.frozen[0]
        a = first.values.index(first.default)
        if len(ex.frozen) == 1:
            frames = ipw.Stack([self.cells[(i,)][0] for i in range(len(first.values))], selected_index=a)
            readouts = ipw.Stack([self.cells[(i,)][1] for i in range(len(first.values))], selected_index=a)
            self._link(self.sliders[0], frames)
            self._link(self.sliders[0], readouts)
            return frames, readouts
        second = ex.frozen[1]
        b = second.values.index(second.default)
        outer = []
        for k in (0, 1):
            inner = []
            for i in range(len(first.values)):
                stack = ipw.Stack([self.cells[(i, j)][k] for j in range(len(second.values))], selected_index=b)
                self._link(self.sliders[1], stack)
                inner.append(stack)
            outer.append(ipw.Stack(inner, selected_index=a))
            self._link(self.sliders[0], outer[-1])
        return outer[0], outer[1]

    def _fixed_note(self):
        ex = self.explorer
        fixed = [p for p in ex.params if p not in ex.frozen]
        if not fixed:
            return ""
        text = "; ".join(f"{p.label} = {p.format(p.default)}" for p in fixed)
        return (f'<p class="course-explorer-note">On this page {html.escape(text)} stays fixed. '
                "Run the chapter as a notebook to change it too.</p>")

    def visible(self):
        """Return ``(frame_html, readout_html)`` currently selected by the Stacks."""
        frame, readout = self.frames, self.readouts
        while isinstance(frame, ipw.Stack):
            frame = frame.children[frame.selected_index]
            readout = readout.children[readout.selected_index]
        return frame, readout
