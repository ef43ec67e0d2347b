"""Shared helper for the chapter explorer tests: one explorer setting drawn off-screen."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def run_setting(ex, values):
    """``(result, alt, readout)`` of ``ex`` at its defaults overridden by ``values``."""
    full = {p.name: p.default for p in ex.params}
    full.update(values)
    result = ex.model(**full)
    fig = plt.figure()
    handle = ex.draw(fig)
    alt, readout = ex.update(handle, result, full)
    plt.close(fig)
    return result, alt, readout
