"""Benchmark the explorers and the built site (``make bench``). Prints figures; asserts nothing.

Explorers are discovered, not listed: the package's declarations
(``widgets.explorers.catalogue.declared``) and the pages that show them in the built site
(``catalogue.on_site``). Sections, each optional:

``--explorers`` (default on)
    Per declared explorer: live update latency (median and 95th percentile, ms, from a control
    change to new image bytes, every value of every control), kernel-free build seconds, and the
    bytes of its frame files (wide and phone sets).
``--site DIR`` (default ``_build/html`` when it exists)
    Per page of the TOC: bytes a reader's browser loads before touching anything, counted from
    the build (HTML, scripts, stylesheets, fonts they reference, eager images; gzip where a server
    would compress) and the total including every frame and printable panel the page can load.
    Frame-switch time in Chromium: for every explorer on every page, 20 key presses on its
    controls, from the key press until the new frame has loaded and is shown (median, p95).
``--lighthouse`` (default on with ``--site``; ``--no-lighthouse`` skips it)
    Lighthouse 12.8.2 (npm; installed on first use into ``.bench/``, which git ignores) against
    Debian's Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``), the site served with gzip
    on 127.0.0.1; mobile and desktop, ``--runs`` runs each (default 3), median score and bytes.
    ``--pages`` limits the pages (substrings of their paths).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

LIGHTHOUSE = "12.8.2"
TOOLS = ROOT / ".bench"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map")


# ----------------------------------------------------------------------------- bytes from the build
def _gz(path: pathlib.Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, 6)) if path.suffix in COMPRESSIBLE else len(data)


def _local(page: pathlib.Path, url: str, site: pathlib.Path):
    url = url.split("#")[0].split("?")[0]
    if not url or re.match(r"^[a-z]+:", url) or url.startswith("//"):
        return None
    target = (site / url.lstrip("/")) if url.startswith("/") else (page.parent / url)
    target = target.resolve()
    return target if target.is_file() else None


def _img_tags(html: str) -> list:
    """Attribute dicts of every ``<img>`` (parsed, as alt text may hold ``>``)."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs))

    Parser().feed(html)
    return found


def page_bytes(site, rel: str) -> dict:
    """Bytes (as transferred, gzip for text) of one built page, counted from the files.

    Returns ``{"load": n, "total": n, "files": {path: bytes}}``: ``load`` is what a browser
    fetches before the reader touches anything: the HTML, its scripts and stylesheets, the
    fonts those stylesheets name (woff2 only; an upper bound, as a browser fetches a face only
    when a glyph uses it) and images without ``loading="lazy"``. ``total`` adds every image the
    page can fetch later: lazy images, every explorer frame (wide set) and printable panels.
    """
    site = pathlib.Path(site)
    page = site / rel
    html = page.read_text(encoding="utf-8")
    eager, later = {}, {}
    eager[page] = _gz(page)
    for url in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html) + \
            re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html) + \
            re.findall(r'<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html):
        path = _local(page, url, site)
        if path is None:
            continue
        eager[path] = _gz(path)
        if path.suffix == ".css":
            for font in re.findall(r'url\(["\']?([^)"\']+\.woff2)', path.read_text(encoding="utf-8", errors="ignore")):
                fpath = _local(path, font, site)
                if fpath is not None:
                    eager[fpath] = _gz(fpath)
    for attrs in _img_tags(html):
        path = _local(page, attrs.get("src") or "", site)
        if path is not None:
            (later if attrs.get("loading") == "lazy" else eager)[path] = _gz(path)
    for base, blob in re.findall(r'data-frames-base="([^"]*)".*?<script type="application/json" '
                                 r'class="course-explorer-data">(.*?)</script>', html, re.S):
        for frame in json.loads(blob)["frames"]:
            path = _local(page, base + frame[0], site)
            if path is not None and path not in eager:
                later[path] = _gz(path)
    later = {k: v for k, v in later.items() if k not in eager}
    load = sum(eager.values())
    return {"load": load, "total": load + sum(later.values()), "files": {**eager, **later}}


def loaded_bytes(browser, url: str, site, rel: str, width: int = 390) -> dict:
    """What a browser fetches to show ``rel`` without any interaction or scrolling, counted
    from the build: ``{"load": bytes (gzip for text), "files": {path: bytes}}``.

    ``browser`` is a Playwright browser; ``url`` serves ``site``. Requests are mapped back to
    the site's files (query strings dropped), so the count does not depend on the server.
    """
    from urllib.parse import unquote, urlsplit

    site = pathlib.Path(site).resolve()
    context = browser.new_context(viewport={"width": width, "height": 844 if width <= 600 else 900})
    page = context.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(url + rel, wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    files = {}
    for u in seen:
        if not u.startswith(url):
            continue
        path = (site / unquote(urlsplit(u).path).lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            files[path] = _gz(path)
    return {"load": sum(files.values()), "files": files}


def toc_pages():
    """HTML path of every page in ``_toc.yml``, in reading order."""
    import yaml
    from check_toc import toc_files

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [str(pathlib.Path(e).with_suffix("")) + ".html" if pathlib.Path(e).suffix in (".md", ".ipynb")
            else e + ".html" for e in toc_files(toc)]


# ----------------------------------------------------------------------------- serving with gzip
class GzipHandler(SimpleHTTPRequestHandler):
    """A static server that gzips text files when the client accepts it (as a host would)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in COMPRESSIBLE and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)
        return super().send_head()


def serve(site):
    handler = functools.partial(GzipHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# ----------------------------------------------------------------------------- explorers
def live_latency(explorer, rounds=2):
    """Milliseconds per update, visiting every value of every control."""
    view = explorer.live()
    times = []
    for name, control in view.controls.items():
        values = view.params[name].grid
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


def bench_explorers(rounds):
    from widgets.explorers import catalogue

    os.environ.setdefault("COURSE_FRAMES_DIR", tempfile.mkdtemp(prefix="bench-frames-"))
    head = ("explorer", "updates", "live median ms", "live p95 ms", "frames", "build s", "s/frame",
            "wide set kB", "phone set kB", "static s")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, explorer in catalogue.declared().items():
        times = live_latency(explorer, rounds)
        view = explorer.frozen_view()
        t0 = time.perf_counter()
        explorer.static_html()
        static = time.perf_counter() - t0
        q = statistics.quantiles(times, n=20)
        print(f"| {name} | {len(times)} | {statistics.median(times):.1f} | {q[18]:.1f} | {explorer.n_frames} | "
              f"{view.seconds:.2f} | {view.seconds / explorer.n_frames:.3f} | {view.bytes['wide'] / 1024:.0f} | "
              f"{view.bytes['narrow'] / 1024:.0f} | {static:.2f} |")
    print("Target: live median <= 50 ms per update.")


# ----------------------------------------------------------------------------- frame switch
SWITCH_JS = """
async ([name, presses]) => {
  const root = document.querySelector(`.course-explorer-frozen[data-explorer="${name}"]`);
  const img = root.querySelector('img.course-frame-img');
  const controls = [...root.querySelectorAll('input[type=range], .course-choice')];
  const out = [];
  for (let k = 0; k < presses; k++) {
    const c = controls[k % controls.length];
    const before = img.alt;
    let t0;
    if (c.matches('input[type=range]')) {
      c.focus();
      const v = Number(c.value), max = Number(c.max);
      t0 = performance.now();
      c.value = String(v < max ? v + 1 : 0);
      c.dispatchEvent(new Event('input', {bubbles: true}));
    } else {
      const radios = [...c.querySelectorAll('input[type=radio]')];
      const i = radios.findIndex(r => r.checked);
      t0 = performance.now();
      radios[(i + 1) % radios.length].click();
    }
    while (!(img.alt !== before && img.complete && img.naturalWidth > 0) && performance.now() - t0 < 5000) {
      await new Promise(r => requestAnimationFrame(r));
    }
    await new Promise(r => requestAnimationFrame(r));  // painted
    out.push(performance.now() - t0);
  }
  return out;
}
"""


def frame_switch(url, shown, presses=20, width=1280):
    """``{(page, explorer): [ms, ...]}``: a control moved until its new frame has loaded and shows."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for page_path, name in shown:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(url + page_path)
            page.locator(f'.course-explorer-frozen[data-explorer="{name}"][data-ready]').first.wait_for(state="attached")
            page.locator(f'.course-explorer-frozen[data-explorer="{name}"]').first.scroll_into_view_if_needed()
            results[(page_path, name)] = page.evaluate(SWITCH_JS, [name, presses])
            context.close()
        browser.close()
    return results


# ----------------------------------------------------------------------------- Lighthouse
def lighthouse_bin():
    exe = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        TOOLS.mkdir(exist_ok=True)
        print(f"==> installing lighthouse@{LIGHTHOUSE} into {TOOLS} (npm)", flush=True)
        subprocess.run(["npm", "i", "-E", "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE}"], cwd=TOOLS,
                       check=True, stdout=subprocess.DEVNULL)
    return exe


def lighthouse(url, preset, out):
    cmd = [str(lighthouse_bin()), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=performance", f"--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROME}, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=300)
    report = json.loads(pathlib.Path(out).read_text(encoding="utf-8"))
    audits = report["audits"]
    return {"score": report["categories"]["performance"]["score"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"]}


def bench_lighthouse(url, pages, runs):
    print(f"\nLighthouse {LIGHTHOUSE}, {CHROME}, gzip on 127.0.0.1, median of {runs} runs")
    print("| page | mobile | desktop | mobile kB | mobile FCP s | mobile LCP s | mobile TBT ms |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for rel in pages:
            med = {}
            for preset in ("mobile", "desktop"):
                rs = [lighthouse(url + rel, preset, f"{tmp}/r.json") for _ in range(runs)]
                med[preset] = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
            m, d = med["mobile"], med["desktop"]
            print(f"| {rel} | {m['score']:.2f} | {d['score']:.2f} | {m['bytes'] / 1024:.0f} | {m['fcp'] / 1000:.1f} | "
                  f"{m['lcp'] / 1000:.1f} | {m['tbt']:.0f} |", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="passes over each control's values (live)")
    parser.add_argument("--site", default=str(ROOT / "_build" / "html"), help="a built site")
    parser.add_argument("--no-explorers", action="store_true", help="skip the package benchmark")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and preset")
    parser.add_argument("--pages", nargs="*", help="only pages whose path contains one of these")
    args = parser.parse_args(argv)
    if not args.no_explorers:
        bench_explorers(args.rounds)
    site = pathlib.Path(args.site)
    if not (site / "index.html").is_file():
        print(f"\nNo built site at {site}: run 'make book' for the site figures.")
        return
    from widgets.explorers import catalogue

    pages = [p for p in toc_pages() if (site / p).is_file()]
    if args.pages:
        pages = [p for p in pages if any(s in p for s in args.pages)]
    server, url = serve(site)
    try:
        from playwright.sync_api import sync_playwright

        print(f"\nBytes per page, counted from the build ({site}; gzip for text). 'phone/wide load': what "
              "Chromium fetches at 390/1280 px before any interaction; 'upper bound': HTML + every "
              "script, stylesheet, font they name and eager image; 'total': + every frame and lazy image")
        print("| page | phone load kB | wide load kB | upper bound kB | total kB |")
        print("|---|---|---|---|---|")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROME, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for rel in pages:
                b = page_bytes(site, rel)
                phone = loaded_bytes(browser, url, site, rel, 390)["load"]
                wide = loaded_bytes(browser, url, site, rel, 1280)["load"]
                print(f"| {rel} | {phone / 1024:.0f} | {wide / 1024:.0f} | {b['load'] / 1024:.0f} | "
                      f"{b['total'] / 1024:.0f} |", flush=True)
            browser.close()
        shown = [(p, n) for p, n in catalogue.on_site(site) if p in pages]
        if shown:
            print("\nFrame switch in Chromium (control moved -> new frame loaded and shown), 20 moves each")
            for width in (1280, 390):
                for (p, n), times in frame_switch(url, shown, width=width).items():
                    q = statistics.quantiles(times, n=20)
                    print(f"  {width} px  {p} {n}: median {statistics.median(times):.1f} ms, p95 {q[18]:.1f} ms")
        if not args.no_lighthouse:
            bench_lighthouse(url, pages, args.runs)
    finally:
        server.shutdown()
    print("\nLoad average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
