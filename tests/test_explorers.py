"""Tests of the explorer toolkit (widgets/explorers) and Chapter 1's explorers.

The toolkit is exercised with a tiny pure model of our own (a learning curve:
unit cost falls by a fixed rate each time cumulative output doubles), so these
tests do not depend on the chapter models. Expected numbers are computed from
that model in the test, never copied from the code under test.
"""
from __future__ import annotations

import html
import json
import math
import re

import ipywidgets as ipw
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets.explorers import MAX_FRAMES, Explorer, ExplorerError, Param
from widgets.explorers import render


# --------------------------------------------------------------------------- toy model
def unit_cost(rate, n, first=100.0):
    """Cost of the n-th unit when each doubling of output multiplies cost by ``rate``."""
    return first * n ** math.log2(rate)


def toy_draw(fig):
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, 0.5)
    ax.set_ylim(0, 110)
    (bar,) = ax.bar([0], [0], color="#0072B2")
    label = ax.text(0, 0, "")
    return {"bar": bar, "label": label}


def toy_update(handle, result, values):
    handle["bar"].set_height(result)
    handle["label"].set_position((0, result + 2))
    handle["label"].set_text(f"{result:.2f}")
    alt = f"One bar: unit {values['n']} costs {result:.2f} at learning rate {values['rate']:.2f}."
    return alt, f"Unit cost {result:.2f} (unit {values['n']}, rate {values['rate']:.2f})"


def toy_table(result, values):
    return {"Unit cost": result}


def toy(**overrides):
    kwargs = dict(
        name="toy",
        title="How fast do costs fall?",
        model=lambda rate, n: unit_cost(rate, n),
        params=[Param("rate", "Learning rate", [0.7, 0.8, 0.9], 0.8, fmt="{:.2f}"),
                Param("n", "Units built", [1, 2, 4, 8, 16], 4)],
        draw=toy_draw,
        update=toy_update,
        table=toy_table,
        static_settings=[{"rate": 0.7}, {"rate": 0.9}, {"rate": 0.8, "n": 16}],
        figsize=(2.0, 1.6),
        dpi=50,
    )
    kwargs.update(overrides)
    return Explorer(**kwargs)


@pytest.fixture(autouse=True)
def frame_store(tmp_path, monkeypatch):
    """Every test writes its frames into its own store (never the build's)."""
    store = tmp_path / "frames"
    monkeypatch.setenv("COURSE_FRAMES_DIR", str(store))
    return store


def page_data(view):
    """The JSON block the kernel-free fragment carries for explorers.js."""
    m = re.search(r'<script type="application/json" class="course-explorer-data">(.*?)</script>', view.html, re.S)
    assert m, "no explorer data block"
    return json.loads(m.group(1))


def ranges(fragment):
    """Attributes of every ``<input type="range">`` in ``fragment``, as dicts."""
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
            for tag in re.findall(r'<input type="range"[^>]*>', fragment)]


def img_alt(frame_html):
    m = re.search(r'<img[^>]* alt="([^"]*)"', frame_html)
    assert m, f"no <img alt> in {frame_html[:80]!r}"
    return html.unescape(m.group(1))


# --------------------------------------------------------------------------- declaration errors
def test_valid_declaration_has_expected_frame_count():
    assert toy().n_frames == 3 * 5


@pytest.mark.parametrize("param, needle", [
    (Param("rate", "Learning rate", [], 0.8), "values is empty"),
    (Param("rate", "Learning rate", [0.7, 0.9], 0.8), "default 0.8 is not one of values"),
    (Param("rate", "Learning rate", [0.7, 0.8], 0.8, live_values=[0.7]), "not one of live_values"),
    (Param("rate", "Learning rate", [0.70, 0.701], 0.70, fmt="{:.1f}"), "share one label"),
    (Param("2rate", "Learning rate", [0.8], 0.8), "identifier"),
])
def test_bad_param_names_explorer_and_parameter(param, needle):
    with pytest.raises(ExplorerError) as info:
        toy(params=[param, Param("n", "Units built", [1, 2], 1)],
            static_settings=[{}, {"n": 2}, {"n": 1}])
    msg = str(info.value)
    assert "'toy'" in msg and needle in msg
    if not param.name[0].isdigit():
        assert repr(param.name) in msg


def test_explorer_error_is_value_error():
    assert issubclass(ExplorerError, ValueError)


def test_too_many_frames():
    big = Param("n", "Units built", list(range(1, 50)), 1)
    with pytest.raises(ExplorerError, match=rf"'toy'.*147 kernel-free frames.*{MAX_FRAMES}.*'n'"):
        toy(params=[Param("rate", "Learning rate", [0.7, 0.8, 0.9], 0.8), big],
            static_settings=[{}, {"n": 2}, {"n": 3}])


def test_more_than_two_frozen_params_is_an_error():
    extra = Param("first", "First unit cost", [100.0, 200.0], 100.0)
    with pytest.raises(ExplorerError, match="1 or 2 parameters, not 3"):
        toy(params=toy().params + [extra], frozen_params=["rate", "n", "first"],
            model=lambda rate, n, first: unit_cost(rate, n, first))


def test_third_param_is_fixed_at_default_in_kernel_free_form():
    extra = Param("first", "First unit cost", [100.0, 200.0], 200.0)
    ex = toy(params=toy().params + [extra], model=lambda rate, n, first: unit_cost(rate, n, first))
    assert [p.name for p in ex.frozen] == ["rate", "n"]
    view = ex.frozen_view()
    assert all(v["first"] == 200.0 for _, v in ex.positions())
    expected = unit_cost(0.7, 1, 200.0)
    assert f"{expected:.2f}" in view.cells[(0, 0)]["readout"]
    notes = re.findall(r'<p class="course-explorer-note">On this page ([^<]*) stays fixed', view.html)
    assert notes == ["First unit cost = 200.0"]


@pytest.mark.parametrize("settings_, needle", [
    ([{}, {"n": 2}], "has 2 settings"),
    ([{}] * 6, "has 6 settings"),
    ([{}, {"n": 2}, {"units": 3}], "'units'"),
    ([{}, {"n": 2}, {"n": 3}], "value 3 is not one of its values"),
])
def test_bad_static_settings(settings_, needle):
    with pytest.raises(ExplorerError, match=re.escape(needle)):
        toy(static_settings=settings_)


def test_draw_that_raises_is_wrapped():
    def bad_draw(fig):
        raise RuntimeError("no axes today")

    with pytest.raises(ExplorerError, match=r"'toy': draw raised RuntimeError: no axes today"):
        toy(draw=bad_draw)


def test_update_that_raises_names_the_setting():
    def bad_update(handle, result, values):
        if values["n"] == 16:
            raise KeyError("boom")
        return toy_update(handle, result, values)

    ex = toy(update=bad_update, static_settings=[{"rate": 0.7}, {"rate": 0.9}, {"rate": 0.8, "n": 8}])
    with pytest.raises(ExplorerError, match=r"'toy': update raised KeyError at setting \(rate=0.7, n=16\)"):
        ex.frozen_view()


def test_model_that_raises_at_default_fails_declaration():
    with pytest.raises(ExplorerError, match=r"'toy': model raised ZeroDivisionError"):
        toy(model=lambda rate, n: 1 / 0)


def test_update_must_return_two_strings():
    with pytest.raises(ExplorerError, match="must return \\(alt, readout\\)"):
        toy(update=lambda h, r, v: "only alt")


def test_unknown_mode():
    with pytest.raises(ExplorerError, match="mode 'movie'"):
        toy().show(mode="movie")


# --------------------------------------------------------------------------- kernel-free form
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(
    rates=st.lists(st.sampled_from([0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]), min_size=1, max_size=4,
                   unique=True),
    units=st.lists(st.integers(1, 64), min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_every_position_has_its_frames_alt_and_readout(rates, units, data):
    """Row-major over the controls, each position names a wide and a phone frame that exist in the
    store under their content hash, with the model's number in alt and readout; the page starts at
    the defaults."""
    from widgets.explorers.frozen import frame_name, store_dir

    rate0 = data.draw(st.sampled_from(rates))
    n0 = data.draw(st.sampled_from(units))
    ex = toy(params=[Param("rate", "Learning rate", rates, rate0, fmt="{:.2f}"),
                     Param("n", "Units built", units, n0)],
             static_settings=[{}, {}, {}])
    view = ex.frozen_view()
    d = page_data(view)
    assert d["dims"] == [len(rates), len(units)] and len(d["frames"]) == len(rates) * len(units)
    for i, rate in enumerate(rates):
        for j, n in enumerate(units):
            wide, narrow, alt, readout = d["frames"][i * len(units) + j]
            expected = f"{unit_cost(rate, n):.2f}"
            assert expected in readout and expected in alt and f"unit {n} " in alt
            for name in (wide, narrow):
                assert frame_name((store_dir() / name).read_bytes()) == name
    start = d["frames"][rates.index(rate0) * len(units) + units.index(n0)]
    assert re.search(r'<img class="course-frame-img" src="__course_frames__/' + start[0], view.html)
    assert f'srcset="__course_frames__/{start[1]}"' in view.html
    assert f'alt="{html.escape(start[2], quote=True)}"' in view.html
    assert f"{unit_cost(rate0, n0):.2f}" in re.search(r'<output class="course-readout"[^>]*>(.*?)</output>',
                                                      view.html).group(1)


def test_one_slider_is_a_native_range_with_value_text():
    ex = toy(params=[Param("n", "Units built", [1, 2, 4, 8], 2, unit="units")], model=lambda n: unit_cost(0.8, n),
             update=lambda h, r, v: toy_update(h, r, {"rate": 0.8, **v}), static_settings=[{}, {"n": 4}, {"n": 8}])
    view = ex.frozen_view()
    (r,) = ranges(view.html)
    assert (r["min"], r["max"], r["step"], r["value"]) == ("0", "3", "1", "1")
    assert r["aria-valuetext"] == "2 units"
    assert re.search(rf'<label for="{r["id"]}">Units built</label>', view.html)
    assert page_data(view)["params"] == [{"name": "n", "label": "Units built",
                                          "values": ["1 units", "2 units", "4 units", "8 units"]}]


def test_two_sliders_and_a_polite_readout_in_a_figure():
    view = toy().frozen_view()
    a, b = ranges(view.html)
    assert (a["max"], a["value"], a["aria-valuetext"]) == ("2", "1", "0.80")
    assert (b["max"], b["value"], b["aria-valuetext"]) == ("4", "2", "4")
    assert view.html.count('<output class="course-readout" aria-live="polite" aria-atomic="true">') == 1
    assert re.search(r'<figure class="course-frame"><picture><source media="[^"]*max-width: 600px[^"]*"', view.html)
    assert 'loading="lazy"' in view.html  # below the fold, the frame loads when reached


def test_categorical_param_is_a_radio_group():
    fmt = {1: "first", 4: "fourth", 16: "sixteenth"}
    ex = toy(params=[Param("n", "Units built", [1, 4, 16], 4, fmt=fmt),
                     Param("rate", "Learning rate", [0.7, 0.8, 0.9], 0.8, fmt="{:.2f}")],
             static_settings=[{}, {"n": 1}, {"n": 16}])
    view = ex.frozen_view()
    group = re.search(r'<fieldset class="course-control course-choice"[^>]*><legend>Units built</legend>(.*?)</fieldset>',
                      view.html).group(1)
    radios = re.findall(r'<input type="radio" name="([^"]+)" value="(\d)"[^>]*?( checked)?><span>([^<]*)</span>', group)
    assert [(v, label) for _, v, _, label in radios] == [("0", "first"), ("1", "fourth"), ("2", "sixteenth")]
    assert [c for *_, c, _ in radios] == ["", " checked", ""] and len({n for n, *_ in radios}) == 1
    assert len(ranges(view.html)) == 1
    d = page_data(view)
    assert f"{unit_cost(0.8, 16):.2f}" in d["frames"][2 * 3 + 1][3]


def test_frames_are_quantised_pngs_and_phone_frames_have_readable_text():
    from widgets.explorers.render import NARROW_MIN_PT, NARROW_WIDTH_IN

    view = toy().frozen_view()
    for cell in view.cells.values():
        for key in ("wide_png", "narrow_png"):
            png = cell[key]
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            assert png[25] == 3, "colour type 3 (palette): the frame was not quantised"
        assert render.png_size(cell["wide_png"]) == (100, 80)
        assert render.png_size(cell["narrow_png"])[0] == round(NARROW_WIDTH_IN * 50)
    assert view.min_text_pt["narrow"] >= NARROW_MIN_PT


def test_frame_names_are_content_hashes(tmp_path):
    from widgets.explorers.frozen import write_frame

    a, b = write_frame(b"one frame", tmp_path), write_frame(b"another frame", tmp_path)
    assert a != b and write_frame(b"one frame", tmp_path) == a and re.fullmatch(r"[0-9a-f]{20}\.png", a)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([a, b])


def test_frames_over_the_budget_fail_at_declaration_with_their_size(monkeypatch):
    from widgets.explorers import core

    monkeypatch.setattr(core, "FRAME_BUDGET_BYTES", 2_000)
    with pytest.raises(ExplorerError, match=r"'toy': its 15 kernel-free frames would take about [0-9.]+ MB "
                                            r"\(15 x [0-9,]+ bytes\), over the budget of 0.00 MB"):
        toy()


def test_no_widget_manager_in_the_kernel_free_form():
    view = toy().frozen_view()
    assert "application/vnd.jupyter.widget" not in view.html and "data:image" not in view.html
    assert type(view.widget).__name__ == "HTML" and view.widget.data == view.html


# --------------------------------------------------------------------------- live form
def test_live_change_updates_image_and_readout():
    view = toy().live()
    # rate's grid is evenly spaced: a FloatSlider (its aria-valuetext is the value, not an index);
    # n's grid (1, 2, 4, 8, 16) is not: a SelectionSlider
    assert isinstance(view.controls["rate"], ipw.FloatSlider)
    assert isinstance(view.controls["n"], ipw.SelectionSlider)
    png0, readout0, image0 = view.png, view.readout.value, view.image.value
    view.controls["n"].value = 16
    assert view.png != png0 and view.image.value != image0
    assert view.readout.value != readout0
    assert f"{unit_cost(0.8, 16):.2f}" in view.readout.value
    assert f"{unit_cost(0.8, 16):.2f}" in img_alt(view.image.value)
    view.controls["rate"].value = 0.9
    assert f"{unit_cost(0.9, 16):.2f}" in view.readout.value


def test_live_uses_finer_grid_and_toggle_buttons_for_categories():
    ex = toy(params=[Param("rate", "Learning rate", [0.7, 0.8, 0.9], 0.8, fmt="{:.2f}",
                           live_values=[0.7, 0.75, 0.8, 0.85, 0.9]),
                     Param("n", "Units built", [1, 4, 16], 4, fmt={1: "first", 4: "fourth", 16: "sixteenth"})],
             static_settings=[{}, {"n": 1}, {"n": 16}])
    view = ex.live()
    rate = view.controls["rate"]
    assert (rate.min, rate.max, rate.step, rate.readout_format) == (0.7, 0.9, 0.05, ".2f")
    assert isinstance(view.controls["n"], ipw.ToggleButtons)  # keyboard-usable in JupyterLab
    view.controls["rate"].value = 0.75
    assert f"{unit_cost(0.75, 4):.2f}" in view.readout.value
    # the value is announced with its label (and unit, when the param has one)
    assert "Learning rate: 0.75" in view.announcers["rate"].value
    assert 'aria-live="polite"' in view.announcers["rate"].value
    view.controls["n"].value = 16
    assert "Units built: sixteenth" in view.announcers["n"].value


def test_live_numeric_sliders_carry_values_on_their_grid():
    """Evenly spaced integers give an IntSlider; a float slider's value reaches the model snapped
    to the grid; a label function is read out by the value line, not the slider's own number."""
    from widgets.explorers.live import even_step

    assert even_step([0.0, 0.05, 0.1, 0.15]) == 0.05 and even_step([1, 2, 4, 8]) is None
    assert even_step([1, 2]) is None and even_step([3, 2, 1]) is None
    ex = toy(params=[Param("rate", "Learning rate", [0.7, 0.8, 0.9], 0.8, fmt="{:.2f}"),
                     Param("n", "Units built", [2, 4, 6, 8], 4, fmt=lambda n: f"unit {n}")],
             static_settings=[{}, {"n": 2}, {"n": 8}])
    view = ex.live()
    n = view.controls["n"]
    assert isinstance(n, ipw.IntSlider) and (n.min, n.max, n.step) == (2, 8, 2) and not n.readout
    n.value = 6
    assert view.values["n"] == 6 and "Units built: unit 6" in view.announcers["n"].value
    view.controls["rate"].value = 0.7 + 0.1 + 1e-12  # a float step that is not exactly on the grid
    assert view.values["rate"] == 0.8
    assert f"{unit_cost(0.8, 6):.2f}" in view.readout.value


def test_live_figure_is_persistent():
    view = toy().live()
    fig = view.fig
    artists = list(fig.axes[0].patches)
    view.controls["n"].value = 8
    assert view.fig is fig and list(fig.axes[0].patches) == artists
    assert artists[0].get_height() == pytest.approx(unit_cost(0.8, 8))


def test_blit_matches_full_draw():
    blit, full = toy(blit=True), toy(blit=False)
    for values in ({"rate": 0.7, "n": 1}, {"rate": 0.9, "n": 16}, {"rate": 0.8, "n": 2}):
        imgs = []
        for ex in (blit, full):
            r = render.FrameRenderer(ex, 50)
            r.rgba()  # first draw caches the background
            r.update(values)
            imgs.append(np.asarray(r.rgba()).astype(int))
        assert np.abs(imgs[0] - imgs[1]).max() <= 2


# --------------------------------------------------------------------------- static form and show()
def test_static_html_has_panels_alt_and_table_of_model_numbers():
    out = toy().static_html()
    assert "The same explorer in print" in out
    # One image per setting (each at its natural size, so text is not shrunk), each with its own alt.
    assert out.count("<img") == 3
    alts = re.findall(r'<img[^>]* alt="([^"]*)"', out)
    for letter, (rate, n), alt in zip("abc", [(0.7, 4), (0.9, 4), (0.8, 16)], alts):
        assert html.unescape(alt).startswith(f"Panel ({letter})") and f"{unit_cost(rate, n):.2f}" in alt
    from widgets.explorers.frozen import store_dir

    names = re.findall(r'src="__course_frames__/([0-9a-f]{20}\.png)"', out)
    assert len(names) == 3 and 'loading="lazy"' in out
    for name in names:
        assert render.png_size((store_dir() / name).read_bytes()) == (100, 80)
    rows = re.findall(r"<tr>(.*?)</tr>", out)
    assert len(rows) == 1 + 3  # header + three settings
    for row, (rate, n) in zip(rows[1:], [(0.7, 4), (0.9, 4), (0.8, 16)]):
        assert f"{unit_cost(rate, n):,.2f}" in row


def test_static_form_is_a_collapsible_with_scrollable_table():
    out = toy().static_html()
    assert re.search(r"<details class=\"course-static-details\"><summary>Printable / screen-reader version", out)
    assert out.index("<details") < out.index("<img") < out.index("<table") < out.index("</details>")
    assert re.search(r'<div class="course-table-wrap" tabindex="0" role="region" aria-label="[^"]+"><table', out)


def test_show_modes(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    ex = toy()
    monkeypatch.setenv("COURSE_BUILD", "1")
    view = ex.show()
    assert type(view).__name__ == "FrozenView" and shown[0] is view.widget
    assert "The same explorer in print" in shown[1].data
    shown.clear()
    monkeypatch.delenv("COURSE_BUILD")
    view = ex.show()
    assert type(view).__name__ == "LiveView" and len(shown) == 2
    shown.clear()
    assert ex.show(mode="static") is None and len(shown) == 1


# --------------------------------------------------------------------------- Chapter 1
@pytest.fixture(scope="module")
def calibration():
    pytest.importorskip("widgets.data")
    from widgets.models.alliance import nato_calibration

    return nato_calibration(2024)


@pytest.fixture(scope="module")
def public_goods():
    from widgets.explorers.ch01 import public_goods_explorer

    return public_goods_explorer()


def test_public_goods_grid_and_readouts(public_goods, calibration):
    from widgets.models.alliance import equilibrium

    ex = public_goods
    betas = ex.frozen[0].values
    assert [p.name for p in ex.frozen] == ["beta", "G"] and ex.n_frames == len(betas) * 5
    assert len(betas) >= 7 and min(betas) >= 0.2  # below that the model asks for implausible burdens
    for beta, G in [(1.0, calibration.G0), (0.5, 0.0), (0.3, 2 * calibration.G0)]:
        values = {"beta": beta, "G": G, "floor": 0.0}
        eq = equilibrium(calibration.Y, calibration.a, beta, G=G)
        renderer = render.FrameRenderer(ex, 40)
        alt, text = renderer.update(values)
        assert f"= {eq.total_security:.2f} US$ trillion" in text
        free = [n for n, q in zip(calibration.names, eq.q) if q == 0]
        assert (f"{len(free)} of 7 allies spend nothing" if free else "all 7 allies spend something") in alt
        for name in free:
            assert name in text.splitlines()[-1]
        if G != calibration.G0:
            at0 = equilibrium(calibration.Y, calibration.a, beta, G=calibration.G0)
            ratio = (eq.allied_total - at0.allied_total) / (calibration.G0 - G)
            assert f"Offset ratio (allied increase per dollar of US cut) {ratio:.2f} (vs G = {calibration.G0:.2f} at the same β = {beta:.1f})" in text


def test_public_goods_axes_fit_every_frame_and_no_negative_zero(public_goods, calibration):
    """Extreme settings: bars and totals stay inside the fixed axes; never "-0.00"; a note flags
    settings whose burdens exceed 1.5 x the highest observed share."""
    ex = public_goods
    observed = 100 * np.asarray(calibration.q_obs) / np.asarray(calibration.Y)
    renderer = render.FrameRenderer(ex, 30)
    ax, side = renderer.fig.axes[:2]
    notes = 0
    for _, values in list(ex.positions()) + [(None, s) for s in ex.static_settings]:
        alt, text = renderer.update(values)
        r = ex.call_model(values)
        burden = np.asarray(r.eq.burden_pct)
        assert burden.max() <= ax.get_ylim()[1] and r.eq.total_security <= side.get_ylim()[1]
        assert [b.get_height() for b in renderer.handle["bars"]] == pytest.approx(burden)
        assert "↑" not in text + alt + "".join(t.get_text() for t in renderer.handle["labels"])
        assert not re.search(r"-0\.0+(?!\d*[1-9])\b", text + alt), text
        implausible = burden.max() > 1.5 * observed.max()
        assert ("illustrative model" in text.lower().split("\n")[-1]) == implausible
        notes += implausible
    assert notes > 0  # the lowest publicness with no US contribution is flagged


def test_public_goods_teaching_points(public_goods):
    """beta = 1: small allies drop to zero; cutting G: allies spend more, total falls."""
    ex = public_goods
    exploit = ex.call_model({"beta": 1.0, "G": ex.defaults["G"], "floor": 0.0}).eq
    assert exploit.free_riders.sum() >= 4  # the smaller allies stop spending
    cut = ex.call_model({"beta": 0.5, "G": 0.0, "floor": 0.0})
    assert cut.eq.allied_total > cut.at_g0.allied_total
    assert cut.eq.total_security < cut.at_g0.total_security
    assert 0 < cut.offset < 1


@pytest.mark.parametrize("which", ["public_goods_explorer", "burden_explorer"])
def test_chapter_blit_and_text_cache_match_full_draw(which):
    """Blitting with cached text sprites gives the pixels of a full draw at every sampled frame."""
    pytest.importorskip("widgets.data")
    from widgets.explorers import ch01

    ex = getattr(ch01, which)()
    fast = render.FrameRenderer(ex, 40)
    full = render.FrameRenderer(ex, 40, blit=False)
    assert fast.blit and fast.text_cache
    positions = [v for _, v in ex.positions()]
    for values in positions[::7] + positions[:2]:  # revisits hit the sprite cache
        fast.update(values)
        full.update(values)
        a, b = (np.asarray(r.rgba()).astype(int) for r in (fast, full))
        # Blending a cached sprite rounds differently from Agg's own blend: a few levels at most.
        assert np.abs(a - b).max() <= 4, values
    assert fast.sprites  # texts were drawn from sprites


def test_burden_explorer_alt_counts_guideline():
    pytest.importorskip("widgets.data")
    from widgets.data import load
    from widgets.explorers.ch01 import burden_explorer

    nato = load("nato_spending")
    ex = burden_explorer()
    assert ex.n_frames == 44
    from widgets.chapter import is_aggregate
    share = nato[(nato.indicator == "defence_share_gdp") & (nato.year == 2024) & ~is_aggregate(nato.iso3)]
    share = share.dropna(subset=["value"]).sort_values("value")
    renderer = render.FrameRenderer(ex, 40)
    alt, text = renderer.update({"metric": "share_gdp", "year": 2024, "group": "all"})
    assert f"highest {share.country.iloc[-1]}" in alt and f"lowest {share.country.iloc[0]}" in alt
    k = int((share.value >= 2.0 - 1e-9).sum())
    assert f"{k} of {len(share)} allies with data at or above the 2 % guideline" in alt
    alt, _ = renderer.update({"metric": "per_capita", "year": 2014, "group": "all"})
    assert "guideline" not in alt
    # The axis label names the measure once ("Defence spending, % of GDP", not "... % of GDP, % of GDP").
    renderer.update({"metric": "share_gdp", "year": 2024, "group": "all"})
    xlabel = renderer.handle["xlabel"].get_text()
    assert xlabel.count("GDP") == 1 and xlabel.lower().startswith("defence spending")
    # A colour key names each highlighted ally present in the data, plus "Other allies".
    legend = renderer.fig.axes[0].get_legend()
    keyed = [t.get_text() for t in legend.get_texts()]
    assert "Other allies" in keyed and "Poland" in keyed and len(keyed) == len(set(keyed))


# --------------------------------------------------------------------------- widgets.style
def test_style_palette_and_country_colours():
    import matplotlib as mpl

    from widgets import style

    assert len(style.OKABE_ITO) == 8 and len(set(style.OKABE_ITO)) == 8
    assert set(style.COUNTRY_COLOURS.values()) <= set(style.OKABE_ITO) | set(style.TOL_MUTED)
    # Every named country has its own colour, none of them the grey of "other countries".
    colours = list(style.COUNTRY_COLOURS.values())
    assert len(set(colours)) == len(colours) and style.GREY not in colours
    assert style.text_on("#000000") == "white" and style.text_on("#F0E442") == "black"
    for iso3 in ("USA", "DEU", "FRA", "GBR", "ITA", "ESP", "POL", "NLD", "CAN", "JPN", "KOR", "AUS", "TWN",
                 "CHN", "RUS"):
        assert style.colour_for(iso3.lower()) == style.COUNTRY_COLOURS[iso3]
    assert style.colour_for("BEL") == style.colour_for("NATO_TOTAL") == style.GREY
    # Countries that share a chart (the seven European allies of Model 1A) get distinct colours.
    europe = [style.colour_for(c) for c in ("DEU", "FRA", "GBR", "ITA", "ESP", "POL", "NLD")]
    assert len(set(europe)) == len(europe)
    with mpl.rc_context():
        style.apply()
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == style.OKABE_ITO
        assert not mpl.rcParams["axes.spines.top"] and not mpl.rcParams["axes.spines.right"]


@pytest.mark.parametrize("group", ["all", "founding", "cold_war", "since_1999"])
def test_burden_alt_text_reads_as_a_sentence(group):
    """Alt text reads as a sentence: a group name without a count before it ("31 all allies"),
    and GDP in capitals."""
    pytest.importorskip("widgets.data")
    from widgets.explorers.ch01 import burden_explorer

    renderer = render.FrameRenderer(burden_explorer(), 40)
    alt, _ = renderer.update({"metric": "share_gdp", "year": 2024, "group": group})
    assert not re.search(r"\d+ all allies", alt), alt
    assert "gdp" not in alt and "GDP" in alt, alt


def test_static_titles_do_not_stack_punctuation():
    """A title ending in "?", "." or "!" is not followed by another mark (no "2014-2024?:")."""
    from widgets.explorers.ch01 import burden_explorer, public_goods_explorer
    from widgets.explorers import static

    for ex in (burden_explorer(), public_goods_explorer()):
        text = html.unescape(static.static_html(ex))
        assert not re.search(r"[?.!]:", text), re.search(r".{40}[?.!]:", text)


# --------------------------------------------------------------------------- publishing frames
@pytest.fixture
def course_site():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "_ext" / "course_site.py"
    spec = importlib.util.spec_from_file_location("course_site_for_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_site(tmp_path, view):
    out = tmp_path / "html"
    (out / "chapters").mkdir(parents=True)
    (out / "chapters" / "page.html").write_text(f"<html><body>{view.html}</body></html>", encoding="utf-8")
    return out


def test_site_extension_publishes_every_frame_with_relative_urls(course_site, tmp_path):
    view = toy().frozen_view()
    out = fake_site(tmp_path, view)
    n = course_site.publish_frames(out)
    names = {c[k] for c in view.cells.values() for k in ("wide", "narrow")}
    assert n == len(names)
    assert {p.name for p in (out / "_explorer_frames").iterdir()} == names
    text = (out / "chapters" / "page.html").read_text(encoding="utf-8")
    assert "__course_frames__" not in text and 'data-frames-base="../_explorer_frames/"' in text
    assert course_site.publish_frames(out) == n  # a second pass (incremental build) changes nothing


def test_the_fixed_lever_note_links_to_how_to_run_it_from_any_depth(course_site, tmp_path):
    """The note under an explorer ("... stays fixed. Run the chapter as a notebook ...") links to
    the introduction's "How to run it", relative to the page however deep it sits."""
    from widgets.explorers.frozen import ROOT_TOKEN

    view = toy().frozen_view()
    note = f'<a href="{ROOT_TOKEN}intro.html#how-to-run-it">Run the chapter as a notebook</a>'
    out = tmp_path / "html"
    (out / "chapters" / "data").mkdir(parents=True)
    (out / "chapters" / "page.html").write_text(f"<html><body>{view.html}{note}</body></html>", encoding="utf-8")
    (out / "chapters" / "data" / "deep.html").write_text(f"<html><body>{view.html}{note}</body></html>",
                                                         encoding="utf-8")
    course_site.publish_frames(out)
    assert 'href="../intro.html#how-to-run-it"' in (out / "chapters" / "page.html").read_text(encoding="utf-8")
    assert 'href="../../intro.html#how-to-run-it"' in (out / "chapters" / "data" / "deep.html").read_text(
        encoding="utf-8")


def test_a_missing_frame_fails_the_build_naming_explorer_and_setting(course_site, tmp_path, frame_store):
    view = toy().frozen_view()
    out = fake_site(tmp_path, view)
    lost = view.cells[(2, 4)]["narrow"]
    (frame_store / lost).unlink()
    with pytest.raises(RuntimeError, match=r"explorer 'toy' on chapters/page.html: the phone frame for setting "
                                           r"\(Learning rate = 0.90, Units built = 16\) is missing"):
        course_site.publish_frames(out)


def test_the_explorer_doc_example_runs(monkeypatch):
    """docs/explorers.md's example is a doctest: it declares, renders and fails as documented."""
    import doctest
    from pathlib import Path

    monkeypatch.delenv("COURSE_FRAMES_DIR", raising=False)
    doc = Path(__file__).resolve().parents[1] / "docs" / "explorers.md"
    result = doctest.testfile(str(doc), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0, result


def test_control_rule_is_one_property():
    """Numbers with a format string or function slide; categories and labelled numbers are choices."""
    assert Param("g", "G", [0.0, 0.1], 0.0, fmt="{:.1f}").is_slider
    assert Param("g", "G", [0.0, 0.1], 0.0, fmt=lambda v: f"{v:.1f}").is_slider
    assert not Param("f", "Floor", [0.0, 0.02], 0.0, fmt={0.0: "none", 0.02: "2 %"}).is_slider
    assert not Param("m", "Metric", ["a", "b"], "a").is_slider


def _labels_collide(a, b, renderer):
    """Whether two tick labels' glyphs overlap: their boxes overlap (by more than a pixel each
    way) and their lines of text lie closer than a glyph's height across the writing direction.
    A box holds room above and below the glyphs, so boxes of capitals or digits stacked tightly
    (country codes of a 32-row matrix) may overlap while the glyphs stay apart."""
    ba, bb = a.get_window_extent(renderer), b.get_window_extent(renderer)
    if not (min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > 1 and min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > 1):
        return False
    angle = math.radians(a.get_rotation())
    pa = a.get_transform().transform(a.get_unitless_position())
    pb = b.get_transform().transform(b.get_unitless_position())
    across = abs(-(pb[0] - pa[0]) * math.sin(angle) + (pb[1] - pa[1]) * math.cos(angle))
    # DejaVu Sans: capitals and digits are 0.73 em tall; ascenders to descenders span 1 em.
    em = a.get_fontsize() * a.figure.dpi / 72
    tall = 1.0 if any(c.islower() for c in a.get_text() + b.get_text()) else 0.73
    return across < tall * em


def _overlapping_ticks(fig):
    """Pairs of visible, non-empty tick labels of one axis whose glyphs overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            for i, a in enumerate(labels):
                for b in labels[i + 1:]:
                    if _labels_collide(a, b, renderer):
                        found.append((a.get_text(), b.get_text()))
    return found


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
def test_no_explorer_frame_draws_tick_labels_over_each_other(narrow):
    """Every kernel-free frame of every declared explorer, wide and phone: tick labels of an axis
    never overlap (a student review found "0.250.5" on the phone tornado chart of Chapter 5)."""
    import matplotlib.pyplot as plt

    from widgets.explorers.catalogue import declared

    bad = {}
    for name, ex in declared().items():
        frame = render.FrameRenderer(ex, dpi=ex.dpi, narrow=narrow)
        for _, values in ex.positions():
            frame.update(values)
            pairs = _overlapping_ticks(frame.fig)
            if pairs:
                bad.setdefault(name, []).append((values, pairs[:3]))
        plt.close(frame.fig)
    assert not bad, bad
