"""Benchmark every explorer of every chapter module (``make bench``).

For each ``*_explorer`` function in ``widgets/explorers/ch*.py`` this prints:

* live update latency: median and 95th percentile in ms from a control change
  to new image bytes, over every control (each value visited in turn);
* kernel-free build: seconds in total and per frame;
* page weight of the kernel-free widget state (raw JSON and gzip), which is
  what the built page embeds.

Figures are printed, never asserted: speed depends on the machine.
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import json
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def discover():
    """Yield ``(module_name, function_name, function)`` for every chapter explorer."""
    for path in sorted((ROOT / "widgets" / "explorers").glob("ch*.py")):
        module = importlib.import_module(f"widgets.explorers.{path.stem}")
        for name in sorted(dir(module)):
            if name.endswith("_explorer") and callable(getattr(module, name)):
                yield path.stem, name, getattr(module, name)


def live_latency(explorer, rounds=2):
    """Milliseconds per update, visiting every value of every control."""
    view = explorer.live()
    times = []
    for name, control in view.controls.items():
        values = [v for _, v in control.options]
        default = control.value
        for _ in range(rounds):
            for value in values[1:] + values[:1]:
                before = view.png
                t0 = time.perf_counter()
                control.value = value
                after = view.png
                times.append((time.perf_counter() - t0) * 1000)
                if after is before and value != default:
                    raise RuntimeError(f"{explorer.name}: changing {name} produced no new image")
        control.value = default
    return times


def page_weight(view):
    """Raw and gzip bytes of the kernel-free widget state."""
    from ipywidgets.embed import dependency_state

    state = dependency_state([view.widget])
    raw = json.dumps({"version_major": 2, "version_minor": 0, "state": state}).encode()
    return len(raw), len(gzip.compress(raw, 9))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over each control's values")
    args = parser.parse_args(argv)
    rows = []
    for module, fname, factory in discover():
        t0 = time.perf_counter()
        explorer = factory()
        declare = time.perf_counter() - t0
        times = live_latency(explorer, args.rounds)
        view = explorer.frozen_view()
        raw, gz = page_weight(view)
        t0 = time.perf_counter()
        explorer.static_html()
        static = time.perf_counter() - t0
        q = statistics.quantiles(times, n=20)
        rows.append((f"{module}.{fname}", len(times), statistics.median(times), q[18], explorer.n_frames,
                     view.seconds, view.seconds / explorer.n_frames, raw / 1024, gz / 1024, declare, static))
    head = ("explorer", "updates", "live median ms", "live p95 ms", "frames", "build s", "s/frame",
            "state kB", "gzip kB", "declare s", "static s")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.1f} | {r[3]:.1f} | {r[4]} | {r[5]:.2f} | {r[6]:.3f} | {r[7]:.0f} | "
              f"{r[8]:.0f} | {r[9]:.2f} | {r[10]:.2f} |")
    print("\nTarget: live median <= 50 ms per update (DESIGN.md section 3). Load average now:",
          " ".join(f"{x:.2f}" for x in __import__("os").getloadavg()))


if __name__ == "__main__":
    main()
