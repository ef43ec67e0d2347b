"""Declare an explorer once; render it live, kernel-free, or in print.

An :class:`Explorer` ties a pure model to a few :class:`Param` levers, a
``draw``/``update`` pair that builds and updates matplotlib artists, and a
``table`` row function for the printed form. :meth:`Explorer.show` picks the
rendering: the book build (``COURSE_BUILD=1``) gets the kernel-free form, a
reader's kernel gets the live form; the static form (small multiples and a
table of the same numbers) is always shown after it. See docs/explorers.md.
"""
from __future__ import annotations

import itertools
import math
import numbers
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

from matplotlib.figure import Figure

from .. import style

#: Most precomputed frames a kernel-free explorer may hold (page weight).
MAX_FRAMES = 125
#: Most parameters the kernel-free form can turn into sliders.
MAX_FROZEN_PARAMS = 2
#: How many telling settings the static form shows.
STATIC_RANGE = (3, 5)
#: Pixel density of frames: kernel-free (small pages) and live (fast updates).
FROZEN_DPI = 90
LIVE_DPI = 90

MODES = ("live", "frozen", "static")
#: Width of control labels, so that an explorer's sliders line up.
DESCRIPTION_WIDTH = "11em"


class ExplorerError(ValueError):
    """A declaration or rendering problem, naming the explorer and parameter."""


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@dataclass(frozen=True)
class Param:
    """One lever of an explorer.

    Parameters
    ----------
    name : str
        Keyword passed to the model (a Python identifier).
    label : str
        What the reader sees next to the control; also the slider's
        accessible name.
    values : sequence of numbers or str
        The positions precomputed for the kernel-free page, in order.
    default : number or str
        Starting position; must be one of ``values``.
    unit : str, optional
        Appended to each formatted value ("US$ trillion", "%").
    fmt : str, callable or mapping, default ``"{}"``
        How a value is shown: a format string (``"{:.1f}"``), a function
        value -> str, or a dict value -> str (handy for categorical values).
    live_values : sequence, optional
        A finer grid for the live control (a kernel computes on demand).
        Must contain ``default``. Defaults to ``values``.
    """

    name: str
    label: str
    values: Any
    default: Any
    unit: str = ""
    fmt: Any = "{}"
    live_values: Any = None

    def format(self, value):
        """Return the reader-facing label of ``value`` (with its unit)."""
        if isinstance(self.fmt, Mapping):
            text = str(self.fmt[value])
        elif callable(self.fmt):
            text = str(self.fmt(value))
        else:
            text = self.fmt.format(value)
        return f"{text} {self.unit}" if self.unit else text

    @property
    def numeric(self):
        """True when every value is a number (a slider), else categorical."""
        return all(_is_number(v) for v in self.values)

    @property
    def is_slider(self):
        """The control rule, in one place: numbers named by a format string or function slide;
        categories, and numbers named by a mapping (labelled choices), are offered as buttons
        or a menu with every option named."""
        return self.numeric and not isinstance(self.fmt, Mapping)

    @property
    def grid(self):
        """The values offered by the live control."""
        return list(self.live_values) if self.live_values is not None else list(self.values)


def _wrap(explorer, what, values, exc):
    setting = ", ".join(f"{k}={v!r}" for k, v in values.items())
    return ExplorerError(
        f"explorer {explorer!r}: {what} raised {type(exc).__name__} at setting ({setting}): {exc}. "
        f"Fix the {what} function or remove that value from the parameter's values."
    )


@dataclass
class Explorer:
    """An explorer declared once and rendered three ways.

    Parameters
    ----------
    name : str
        Unique id (used in CSS classes, tests and error messages).
    title : str
        Short question the explorer answers, shown above it.
    model : callable
        Pure function ``model(**values) -> result``; keywords are param names.
    params : list of Param
        The levers. The kernel-free form precomputes the first two (or those
        named in ``frozen_params``); any other param stays at its default there.
    draw : callable
        ``draw(fig) -> handle``: build axes and artists on ``fig`` (a Figure
        or SubFigure, so use ``fig.add_subplot``/``fig.subplots``/
        ``fig.add_axes``, not pyplot) and return whatever ``update`` needs.
    update : callable
        ``update(handle, result, values) -> (alt, readout)``: update the
        artists in place and return the alt text (what the figure shows and
        its finding) and a short readout computed from ``result``.
    table : callable
        ``table(result, values) -> dict``: one row of the printed table.
        Numbers are shown with two decimals; pass strings to control format.
    static_settings : list of dict
        3-5 telling settings for the printed small multiples; missing
        params take their defaults.
    figsize : tuple of float, default (6.4, 3.6)
        Size in inches of one panel.
    frozen_params : sequence of str, optional
        Names of the (at most two) params that become kernel-free sliders.
    dpi : int, optional
        Pixel density of kernel-free frames (default :data:`FROZEN_DPI`).
    blit : bool, default False
        Redraw only the artists reachable from the ``draw`` handle on a
        cached background (several times faster). Only for explorers whose
        ``update`` changes nothing outside the handle (no axis limits, ticks
        or axis labels); see :class:`widgets.explorers.render.FrameRenderer`.

    Raises
    ------
    ExplorerError
        If a param is ill-formed, there are too many frames, a setting is
        unknown, or ``model``/``draw``/``update``/``table`` fails at the
        default setting. The message names the explorer and the parameter.
    """

    name: str
    title: str
    model: Callable
    params: list
    draw: Callable
    update: Callable
    table: Callable
    static_settings: list
    figsize: tuple = (6.4, 3.6)
    frozen_params: Any = None
    dpi: int = FROZEN_DPI
    blit: bool = False

    # ------------------------------------------------------------------ checks
    def __post_init__(self):
        self.params = list(self.params)
        self._validate_params()
        self.frozen = self._resolve_frozen()
        n = self.n_frames
        if n > MAX_FRAMES:
            sizes = " x ".join(f"{p.name} ({len(p.values)})" for p in self.frozen)
            raise ExplorerError(
                f"explorer {self.name!r}: {n} kernel-free frames ({sizes}) exceed the ceiling of "
                f"{MAX_FRAMES}; give parameter {self.frozen[-1].name!r} fewer values "
                f"(use live_values for a finer live grid)."
            )
        self.static_settings = self._validate_static()
        self._check_functions()

    def _err(self, param, message):
        return ExplorerError(f"explorer {self.name!r}, parameter {param!r}: {message}")

    def _validate_params(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ExplorerError(f"explorer {self.name!r}: name must be an identifier such as 'public_goods'.")
        if not self.params:
            raise ExplorerError(f"explorer {self.name!r}: needs at least one Param.")
        seen = set()
        for p in self.params:
            if not isinstance(p, Param):
                raise ExplorerError(f"explorer {self.name!r}: params must be Param objects, got {p!r}.")
            if not isinstance(p.name, str) or not p.name.isidentifier():
                raise self._err(p.name, "name must be a Python identifier (it is passed to the model).")
            if p.name in seen:
                raise self._err(p.name, "declared twice; give each Param a unique name.")
            seen.add(p.name)
            if p.values is None or isinstance(p.values, (str, bytes)) or len(list(p.values)) == 0:
                raise self._err(p.name, "values is empty; list at least one position.")
            values = list(p.values)
            object.__setattr__(p, "values", values)
            if p.default not in values:
                raise self._err(p.name, f"default {p.default!r} is not one of values {values!r}.")
            if p.live_values is not None:
                grid = list(p.live_values)
                if not grid:
                    raise self._err(p.name, "live_values is empty; omit it to reuse values.")
                if p.default not in grid:
                    raise self._err(p.name, f"default {p.default!r} is not one of live_values.")
                object.__setattr__(p, "live_values", grid)
            try:
                labels = [p.format(v) for v in values]
            except Exception as exc:  # noqa: BLE001 - any formatting failure is a declaration error
                raise self._err(p.name, f"fmt {p.fmt!r} cannot format its values ({exc}).") from exc
            if len(set(labels)) != len(labels):
                raise self._err(p.name, f"two values share one label {labels!r}; use a finer fmt.")
            if len(set(map(repr, values))) != len(values):
                raise self._err(p.name, "values contain duplicates.")

    def _resolve_frozen(self):
        by_name = {p.name: p for p in self.params}
        if self.frozen_params is None:
            return self.params[:MAX_FROZEN_PARAMS]
        names = [self.frozen_params] if isinstance(self.frozen_params, str) else list(self.frozen_params)
        if not 1 <= len(names) <= MAX_FROZEN_PARAMS:
            raise ExplorerError(
                f"explorer {self.name!r}: the kernel-free form can precompute 1 or {MAX_FROZEN_PARAMS} "
                f"parameters, not {len(names)} ({names!r}); other parameters stay at their defaults there."
            )
        for n in names:
            if n not in by_name:
                raise self._err(n, f"named in frozen_params but not declared; choose from {list(by_name)}.")
        return [by_name[n] for n in names]

    def _validate_static(self):
        lo, hi = STATIC_RANGE
        settings = list(self.static_settings or [])
        if not lo <= len(settings) <= hi:
            raise ExplorerError(
                f"explorer {self.name!r}: static_settings has {len(settings)} settings; give {lo} to {hi} "
                f"telling settings for the printed small multiples."
            )
        by_name = {p.name: p for p in self.params}
        full = []
        for i, s in enumerate(settings):
            if not isinstance(s, Mapping):
                raise ExplorerError(f"explorer {self.name!r}: static_settings[{i}] must be a dict, got {s!r}.")
            for key, value in s.items():
                if key not in by_name:
                    raise self._err(key, f"static_settings[{i}] names an unknown parameter; "
                                         f"choose from {list(by_name)}.")
                p = by_name[key]
                if value not in p.values and value not in p.grid:
                    raise self._err(key, f"static_settings[{i}] value {value!r} is not one of its values.")
            full.append(self.defaults | dict(s))
        return full

    def _check_functions(self):
        values = self.defaults
        fig = self.new_figure(self.figsize, self.dpi)
        handle = self.call_draw(fig)
        result = self.call_model(values)
        self.call_update(handle, result, values)
        self.call_table(result, values)

    # --------------------------------------------------------------- helpers
    @property
    def defaults(self):
        """Dict param name -> default value."""
        return {p.name: p.default for p in self.params}

    @property
    def n_frames(self):
        """Number of kernel-free frames (product of frozen params' sizes)."""
        return math.prod(len(p.values) for p in self.frozen)

    def positions(self):
        """Yield ``(indices, values)`` for every kernel-free position."""
        ranges = [range(len(p.values)) for p in self.frozen]
        for idx in itertools.product(*ranges):
            values = self.defaults
            for p, i in zip(self.frozen, idx):
                values[p.name] = p.values[i]
            yield idx, values

    @staticmethod
    def new_figure(figsize, dpi):
        """A pyplot-free Figure in the course style."""
        style.apply()
        return Figure(figsize=figsize, dpi=dpi)

    def call_model(self, values):
        try:
            return self.model(**values)
        except Exception as exc:  # noqa: BLE001
            raise _wrap(self.name, "model", values, exc) from exc

    def call_draw(self, fig):
        try:
            return self.draw(fig)
        except Exception as exc:  # noqa: BLE001
            raise ExplorerError(
                f"explorer {self.name!r}: draw raised {type(exc).__name__}: {exc}. draw(fig) must build "
                f"artists with fig.add_subplot/fig.subplots/fig.add_axes (fig may be a SubFigure)."
            ) from exc

    def call_update(self, handle, result, values):
        try:
            out = self.update(handle, result, values)
        except Exception as exc:  # noqa: BLE001
            raise _wrap(self.name, "update", values, exc) from exc
        if not (isinstance(out, tuple) and len(out) == 2 and all(isinstance(s, str) and s.strip() for s in out)):
            raise ExplorerError(
                f"explorer {self.name!r}: update must return (alt, readout), two non-empty strings; got {out!r}."
            )
        return out

    def call_table(self, result, values):
        try:
            row = self.table(result, values)
        except Exception as exc:  # noqa: BLE001
            raise _wrap(self.name, "table", values, exc) from exc
        if not isinstance(row, Mapping) or not row:
            raise ExplorerError(f"explorer {self.name!r}: table must return a non-empty dict; got {row!r}.")
        return dict(row)

    def setting_label(self, values, params=None):
        """Human-readable setting, e.g. ``"Publicness β = 0.5, US contribution = 0.30 US$ trillion"``."""
        params = self.params if params is None else params
        return ", ".join(f"{p.label} = {p.format(values[p.name])}" for p in params)

    # ------------------------------------------------------------- rendering
    def live(self):
        """Build the live view (needs a kernel to be interactive)."""
        from .live import LiveView

        return LiveView(self)

    def frozen_view(self):
        """Build the kernel-free view: every position precomputed."""
        from .frozen import FrozenView

        return FrozenView(self)

    def static_html(self):
        """HTML of the printed form: small multiples figure and table."""
        from .static import static_html

        return static_html(self)

    def show(self, mode=None):
        """Display the explorer in a notebook.

        Parameters
        ----------
        mode : {"live", "frozen", "static"}, optional
            Default: ``"frozen"`` when the environment variable
            ``COURSE_BUILD`` is ``"1"`` (the book build), else ``"live"``.
            The static form is displayed after the live or frozen one.

        Returns
        -------
        LiveView, FrozenView or None
            The interactive view (``None`` for ``"static"``).
        """
        from IPython.display import HTML, display

        if mode is None:
            mode = "frozen" if os.environ.get("COURSE_BUILD") == "1" else "live"
        if mode not in MODES:
            raise ExplorerError(f"explorer {self.name!r}: mode {mode!r} is not one of {MODES}.")
        view = None
        if mode == "live":
            view = self.live()
        elif mode == "frozen":
            view = self.frozen_view()
        if view is not None:
            display(view.widget)
        display(HTML(self.static_html()))
        return view
