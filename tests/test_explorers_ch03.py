"""Chapter 3 explorers: readouts agree with direct model calls, frames stay within the ceiling,
the alt text states the finding, every kernel-free setting draws."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
import pytest  # noqa: E402

from widgets.explorers import ch03  # noqa: E402
from widgets.models import cohesion as co  # noqa: E402


def render(explorer, **values):
    full = {p.name: p.default for p in explorer.params}
    full.update(values)
    fig = Figure(figsize=explorer.figsize)
    h = explorer.draw(fig)
    r = explorer.model(**full)
    alt, readout = explorer.update(h, r, full)
    return r, alt, readout


@pytest.mark.parametrize("make", [ch03.cohesion_explorer, ch03.deterrence_explorer, ch03.exercise_network_explorer])
def test_frames_within_ceiling(make):
    e = make()
    assert 1 <= e.n_frames <= 125


def test_cohesion_readout_matches_model():
    e = ch03.cohesion_explorer()
    r, alt, readout = render(e, h=0.8, enablers="with")
    assert f"{co.usable_units([22] * 5, 0.8):.1f}" in readout
    assert f"{co.usable_units([30] * 5, 0.3):.1f}" in readout
    assert "beats the larger" in alt  # 92.8 > 78.2 (pack values)
    r, alt, _ = render(e, h=0.3, enablers="with")
    assert "does not yet beat" in alt
    r, _, readout = render(e, h=0.8, enablers="without")
    assert r.cap == 0.5 and f"{co.usable_units([22] * 5, 0.8, enablers=[0.6, 0.5, 0.7]):.1f}" in readout


def test_cohesion_extremes_inside_axes():
    e = ch03.cohesion_explorer()
    for h in (0.0, 1.0):
        r, _, _ = render(e, h=h, enablers="with", kappa=0.6)
        assert max(r.big.max(), r.small.max()) <= 5 * 30 * 1.12


def test_deterrence_readout_matches_model():
    e = ch03.deterrence_explorer()
    for psi, expected in ((0.0, 0.18), (1.0, 0.51)):
        r, alt, readout = render(e, psi=psi, h=0.8)
        direct = co.deterrence_monte_carlo(list(ch03.THETA), [20] * 5, h=0.8, R=60, psi=psi)
        assert r.p_deterrence == direct.p_deterrence
        assert abs(r.p_deterrence - expected) <= 0.01  # pack values
        assert f"P(deterrence) = {direct.p_deterrence:.2f}" in readout
        assert f"seed {co.SEED}" in readout and f"{co.N_DRAWS:,}" in alt
    r, alt, _ = render(e, psi=1.0, h=0.4)
    assert r.p_deterrence == 0.0 and "in 0 % of draws" in alt


def test_network_readout_and_text_form():
    from widgets.data import load
    from widgets.models import exercise_network as xn

    e = ch03.exercise_network_explorer()
    for period, (a, b) in xn.PERIODS.items():
        r, alt, readout = render(e, period=period)
        s = xn.period_summary(load("exercise_participants"), load("countries"), a, b)
        assert f"{s['n_exercises']} allied exercises" in readout
        assert f"{100 * s['us_share']:.0f} %" in alt and "Most frequent pair" in alt
        row = e.table(r, {"period": period})
        assert row["European-only"] == str(s["n_european_only"])
