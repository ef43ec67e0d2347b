#!/usr/bin/env python3
"""Benchmark (prints figures, asserts nothing): move-to-figure latency of the live explorers in
Voila (``make live``) and JupyterLab (``make lab``), measured in Debian's Chromium.

Each control of each explorer on Chapter 1 is moved 10 times (a slider by ArrowRight/ArrowLeft
on its focused handle, a toggle by Enter on the next button); one move lasts from the key press
until the explorer's image has changed. Prints the median per control and overall, per host.

Usage: ``.venv/bin/python scripts/bench_live.py [--only voila|lab]``
"""
from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
MOVES = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(what: str, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "local_server.py"), what, "--port", str(port)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(240):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"{what} did not start; see {log}")


def measure(page, explorers) -> dict[str, list[float]]:
    out = {}
    for e in range(explorers.count()):
        ex = explorers.nth(e)
        img = ex.locator(".course-frame img").first
        handles = ex.locator(".course-slider .noUi-handle, .course-slider .ui-slider-handle")
        for h in range(handles.count()):
            handle = handles.nth(h)
            label = ex.locator(".course-slider").nth(h).locator(".widget-label").inner_text()
            times, key = [], "ArrowRight"
            for _ in range(MOVES):
                before = img.get_attribute("src")
                if handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax"):
                    key = "ArrowLeft"
                elif handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemin"):
                    key = "ArrowRight"
                handle.focus()
                t0 = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_function("([sel, i, s]) => { const im = document.querySelectorAll(sel)[i];"
                                       " return im && im.getAttribute('src') !== s; }",
                                       arg=[".course-explorer .course-frame img", e, before], timeout=60_000)
                times.append((time.perf_counter() - t0) * 1000)
            out[f"explorer {e + 1}: {label}"] = times
        toggles = ex.locator(".course-toggle")
        for t in range(toggles.count()):
            buttons = toggles.nth(t).locator("button")
            label = toggles.nth(t).locator(".widget-label").inner_text()
            times = []
            for i in range(MOVES):
                before = img.get_attribute("src")
                button = buttons.nth((i + 1) % buttons.count())
                button.focus()
                t0 = time.perf_counter()
                page.keyboard.press("Enter")
                page.wait_for_function("([sel, i, s]) => { const im = document.querySelectorAll(sel)[i];"
                                       " return im && im.getAttribute('src') !== s; }",
                                       arg=[".course-explorer .course-frame img", e, before], timeout=60_000)
                times.append((time.perf_counter() - t0) * 1000)
            out[f"explorer {e + 1}: {label}"] = times
    return out


def report(host: str, results: dict[str, list[float]]) -> None:
    every = [t for ts in results.values() for t in ts]
    print(f"\n{host}: move-to-figure latency, {MOVES} moves per control (ms)")
    for name, ts in results.items():
        print(f"  {name:45s} median {statistics.median(ts):7.1f}   max {max(ts):7.1f}")
    print(f"  {'all ' + str(len(every)) + ' moves':45s} median {statistics.median(every):7.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["voila", "lab"])
    args = parser.parse_args()
    logs = ROOT / "_build"
    logs.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        if args.only in (None, "voila"):
            port = free_port()
            proc = start("live", port, logs / "bench-voila.log")
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/", timeout=180_000)
                page.locator(".course-explorer .course-frame img").first.wait_for(timeout=180_000)
                report("Voila", measure(page, page.locator(".course-explorer")))
                page.goto("about:blank")
            finally:
                proc.terminate()
        if args.only in (None, "lab"):
            port = free_port()
            log = logs / "bench-lab.log"
            proc = start("lab", port, log)
            try:
                time.sleep(2)
                token = re.search(r"token=([0-9a-f]+)", log.read_text()).group(1)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"http://127.0.0.1:{port}/lab/workspaces/bench{port}/tree/chapters/01-origins.md"
                          f"?reset&token={token}", timeout=180_000)
                page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=180_000)
                time.sleep(3)
                page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
                page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
                page.locator(".course-explorer .course-frame img").first.wait_for(timeout=300_000)
                time.sleep(5)
                report("JupyterLab", measure(page, page.locator(".course-explorer")))
                page.close()  # leaves the chapter unsaved; nothing is written
            finally:
                proc.terminate()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
