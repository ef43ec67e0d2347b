"""Chapter 4 explorers: readouts agree with direct model calls, settings stay in the axes."""
from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from widgets.explorers.ch04 import fragmentation_explorer, rampup_explorer  # noqa: E402
from widgets.models import industry as ind  # noqa: E402


@pytest.fixture(scope="module")
def frag():
    return fragmentation_explorer()


@pytest.fixture(scope="module")
def ramp():
    return rampup_explorer()


def _run(ex, values):
    full = {p.name: p.default for p in ex.params}
    full.update(values)
    result = ex.model(**full)
    fig = plt.figure()
    handle = ex.draw(fig)
    alt, readout = ex.update(handle, result, full)
    plt.close(fig)
    return result, alt, readout


def test_default_readout_matches_reference_values(frag):
    # Q = 480, D = 60, LR = 0.85, k = 4: 0.920 national, 0.574 joint (one line), 0.431 single
    result, alt, readout = _run(frag, {})
    assert "0.92" in readout and "0.57" in readout and "0.43" in readout
    assert result["national_average"] == pytest.approx(ind.national_cost(480, 4, 60, 0.85) / 480)
    assert "times as much" in alt and "cheaper" in alt


def test_every_kernel_free_frame_stays_inside_the_axis(frag):
    lrs = frag.params[0].values
    ds = frag.params[1].values
    for lr, d in itertools.product(lrs, ds):
        fig = plt.figure()
        h = frag.draw(fig)
        r = frag.model(learning_rate=lr, development_cost=d, k=4, gamma=0.5, omega=0.02, lines=1)
        frag.update(h, r, {"learning_rate": lr, "development_cost": d, "k": 4, "gamma": 0.5,
                           "omega": 0.02, "lines": 1})
        top = h["line"].axes.get_ylim()[1]
        plt.close(fig)
        assert max(r["curve"]) <= top


def test_penalty_largest_with_steep_learning_and_costly_development(frag):
    base = dict(k=4, gamma=0.5, omega=0.02, lines=1)
    steep_dear = frag.model(learning_rate=0.75, development_cost=500.0, **base)["penalty"]
    flat_cheap = frag.model(learning_rate=1.0, development_cost=0.0, **base)["penalty"]
    assert flat_cheap == pytest.approx(1.0)
    assert steep_dear > frag.model(learning_rate=0.85, development_cost=60.0, **base)["penalty"] > flat_cheap


def test_rampup_fragmented_builds_nothing_aggregated_builds_after_the_lag(ramp):
    frag5, alt5, _ = _run(ramp, {"buyers": 5, "contract_years": 10})
    assert frag5.attrs["blocks"] == 0 and "no capacity block" in alt5
    agg, alt1, readout = _run(ramp, {"buyers": 1, "contract_years": 4, "lag": 3})
    assert agg.attrs["blocks"] == ind.capacity_blocks(100, 1, 4, initial_capacity=50) == 1
    assert agg["deliveries"].tolist()[:3] == [50, 50, 50] and agg["deliveries"].iloc[3] == 90
    assert "from year 4" in alt1
    short, _, _ = _run(ramp, {"buyers": 1, "contract_years": 3})
    assert short.attrs["blocks"] == 0
