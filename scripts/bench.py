"""Benchmark every explorer of every chapter module (``make bench``).

For each ``*_explorer`` function in ``widgets/explorers/ch*.py`` this prints:

* live update latency: median and 95th percentile in ms from a control change
  to new image bytes, over every control (each value visited in turn);
* kernel-free build: seconds in total and per frame;
* page weight of the kernel-free widget state (raw JSON and gzip), which is
  what the built page embeds;
* with ``--site DIR`` (a built site): frame-switch time in Chromium, from a
  key press on a kernel-free slider until the visible frame changes.

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


FRAME_SWITCH_JS = """
async ([sel, key]) => {
  const root = document.querySelector(sel);
  const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const alt = () => { const i = [...root.querySelectorAll('.course-frame img')].find(shown); return i && i.alt; };
  const handles = [...root.querySelectorAll('.course-slider .noUi-handle')];
  const out = [];
  for (const h of handles) {
    h.focus();
    for (let k = 0; k < 4; k++) {
      const before = alt();
      const t0 = performance.now();
      const now = Number(h.getAttribute('aria-valuenow'));
      const atMax = now >= Number(h.getAttribute('aria-valuemax'));
      const atMin = now <= Number(h.getAttribute('aria-valuemin'));
      const press = atMax ? 'ArrowLeft' : atMin ? 'ArrowRight' : (k % 2 ? 'ArrowLeft' : key);
      h.dispatchEvent(new KeyboardEvent('keydown', {key: press, bubbles: true}));
      while (alt() === before && performance.now() - t0 < 3000) {
        await new Promise(r => requestAnimationFrame(r));
      }
      out.push(performance.now() - t0);
    }
  }
  return out;
}
"""


def frame_switch(site, page_path="chapters/01-origins.html"):
    """Milliseconds from a key press to a changed frame, per kernel-free explorer on a page."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page_path}"
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"]
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_selector(".course-explorer-frozen .noUi-handle", timeout=60_000)
            names = page.eval_on_selector_all(
                ".course-explorer-frozen",
                "els => els.map(e => [...e.classList].find(c => c.startsWith('course-explorer-')"
                " && c !== 'course-explorer-frozen'))")
            for name in names:
                results[name] = page.evaluate(FRAME_SWITCH_JS, [f".{name}.course-explorer-frozen", "ArrowRight"])
            browser.close()
    finally:
        server.shutdown()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over each control's values")
    parser.add_argument("--site", help="a built site (e.g. _build/html): also time frame switches in Chromium")
    args = parser.parse_args(argv)
    if args.site:
        for name, times in frame_switch(args.site).items():
            print(f"frame switch {name}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
                  f"over {len(times)} key presses")
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
