#!/usr/bin/env python3
"""`make bench-classroom`: a class of simulated students on one machine (prints figures, asserts nothing).

A hub is started as `make classroom` starts it (scripts/classroom/launch.py), in a temporary state
folder, on 127.0.0.1 only. N students (default 30) at once sign up and log in through the hub's
forms, start their servers, copy the course with nbgitpuller, open Chapter 1's notebook copy and
execute it cell by cell through a kernel. Then, at each class size in ``--levels``, that many
students at once move every live explorer control ``--moves`` times through their kernels (the
comm messages JupyterLab's widget manager sends). Figures: p50/p95 of spawn, execution and live
update (send -> kernel idle after redrawing the figure); memory per user (RSS and PSS of server +
kernel); the largest class size tried whose p95 live update is at most 250 ms; machine load.

Bounded: at most 60 students, every wait has a time-out, and ``--time-limit`` (default 1800 s) ends
the run. Loopback traffic only.

    .venv/bin/python scripts/classroom/loadtest.py [--students 30] [--levels 1,5,10,20,30] [--moves 10]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from client import ROOT, Hub, Student, memory_kib, next_setting, remote_connections, user_pids  # noqa: E402
from launch import course_repo, folder_of  # noqa: E402

MAX_STUDENTS = 60
TARGET_MS = 250.0
NOTEBOOK = "notebooks/chapters/01-origins.ipynb"


def pct(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=30)
    p.add_argument("--levels", default="1,5,10,20,30", help="class sizes at which controls are moved")
    p.add_argument("--moves", type=int, default=10)
    p.add_argument("--time-limit", type=float, default=1800)
    p.add_argument("--out", type=Path, default=ROOT / ".bench" / "classroom.json")
    args = p.parse_args(argv)
    n = args.students
    if not 1 <= n <= MAX_STUDENTS:
        raise SystemExit(f"ERROR: --students must be between 1 and {MAX_STUDENTS}, got {n}")
    levels = sorted({int(x) for x in args.levels.split(",") if x.strip() and int(x) <= n} | {n})
    deadline = time.monotonic() + args.time_limit
    repo, branch = course_repo()
    folder = folder_of(repo)
    print(f"==> {n} students; machine: {os.cpu_count()} CPUs, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB; before: {load()}",
          flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    result = {"students": n, "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    lock = threading.Lock()
    try:
        with Hub(tmp / "state", extra=["--max-servers", str(n), "--cull-timeout", "7200"]) as hub:
            def arrive(i):
                s = Student(hub.url, f"student{i:02d}")
                s.sign_up()
                t0 = time.perf_counter()
                r = s.log_in()
                if r.status_code != 302:
                    raise RuntimeError(f"login of {s.name} failed: {r.status_code}")
                login = time.perf_counter() - t0
                spawn = s.start_server(timeout=max(30, deadline - time.monotonic()))
                s.make_token()
                pull = s.pull_course(repo, branch, folder)
                t0 = time.perf_counter()
                nb = s.server("GET", f"api/contents/{folder}/{NOTEBOOK}").json()["content"]
                opened = time.perf_counter() - t0
                k = s.kernel(path=f"{folder}/notebooks/chapters")
                run = k.run_notebook(nb, timeout=max(30, deadline - time.monotonic()))
                with lock:
                    print(f"    {s.name}: login {login:.2f} s, spawn {spawn:.1f} s, copy {pull:.1f} s, "
                          f"open {opened * 1000:.0f} ms, execute {run:.1f} s", flush=True)
                return s, k, {"login": login, "spawn": spawn, "pull": pull, "open": opened, "execute": run}

            t_start = time.perf_counter()
            with ThreadPoolExecutor(n) as pool:
                arrivals = list(pool.map(arrive, range(n)))
            result["arrival_wall_s"] = time.perf_counter() - t_start
            students = [a[0] for a in arrivals]
            kernels = [a[1] for a in arrivals]
            timing = {key: [a[2][key] for a in arrivals] for key in arrivals[0][2]}
            mem = [memory_kib(user_pids(s.name)) for s in students]
            result["memory_per_user_mib"] = {
                "rss_p50": statistics.median(m["rss"] for m in mem) / 1024,
                "rss_max": max(m["rss"] for m in mem) / 1024,
                "pss_p50": statistics.median(m["pss"] for m in mem) / 1024}
            hub_mem = memory_kib([p for p in hub.pids() if p not in {q for s in students for q in user_pids(s.name)}])
            result["hub_proxy_culler_mib"] = hub_mem["rss"] / 1024
            result["load_after_execution"] = os.getloadavg()
            print(f"==> all {n} executed Chapter 1 in {result['arrival_wall_s']:.0f} s; {load()}", flush=True)

            controls = [len(k.controls()) for k in kernels]
            result["controls_per_student"] = controls[0]
            per_level = {}
            for level in levels:
                if time.monotonic() > deadline:
                    print(f"    time limit reached; level {level} skipped")
                    break

                def wiggle(k):
                    times = []
                    for cid, state in k.controls():
                        for i in range(args.moves):
                            times.append(k.move(cid, next_setting(k.widgets[cid], i)))
                    return times

                with ThreadPoolExecutor(level) as pool:
                    lat = [t * 1000 for ts in pool.map(wiggle, kernels[:level]) for t in ts]
                per_level[level] = {"moves": len(lat), "p50_ms": statistics.median(lat), "p95_ms": pct(lat, 95),
                                    "load": os.getloadavg()[0]}
                print(f"    {level:>2} students moving controls at once: {len(lat)} updates, "
                      f"p50 {per_level[level]['p50_ms']:.0f} ms, p95 {per_level[level]['p95_ms']:.0f} ms; {load()}",
                      flush=True)
            result["live_update"] = per_level
            result["reconnects"] = sum(k.reconnects for k in kernels)
            ok = [lv for lv, r in per_level.items() if r["p95_ms"] <= TARGET_MS]
            result["largest_class_p95_le_250ms"] = max(ok) if ok else 0
            result["off_machine_connections"] = remote_connections(hub.pids())
            for k in kernels:
                k.close()
        result["timing"] = {key: {"p50": statistics.median(v), "p95": pct(v, 95)} for key, v in timing.items()}
        result["load_after"] = os.getloadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    t = result["timing"]
    m = result["memory_per_user_mib"]
    print("\n==> Figures (seconds unless marked)")
    for key in ("login", "spawn", "pull", "execute"):
        print(f"    {key:<8} p50 {t[key]['p50']:.2f}  p95 {t[key]['p95']:.2f}")
    print(f"    open     p50 {t['open']['p50'] * 1000:.0f} ms  p95 {t['open']['p95'] * 1000:.0f} ms")
    for level, r in result["live_update"].items():
        print(f"    live update, {level:>2} at once: p50 {r['p50_ms']:.0f} ms  p95 {r['p95_ms']:.0f} ms "
              f"({r['moves']} updates)")
    print(f"    memory per user (server + kernel): RSS median {m['rss_p50']:.0f} MiB (max {m['rss_max']:.0f}), "
          f"PSS median {m['pss_p50']:.0f} MiB; hub + proxy + culler {result['hub_proxy_culler_mib']:.0f} MiB")
    print(f"    kernel channels reconnected during the live phase: {result['reconnects']}")
    largest = result["largest_class_p95_le_250ms"]
    tried = max(result["live_update"]) if result["live_update"] else 0
    note = " (the largest tried)" if largest == tried and largest else ""
    print(f"    largest class with p95 live update <= {TARGET_MS:.0f} ms: {largest}{note}")
    print(f"    connections off the machine: {result['off_machine_connections'] or 'none'}")
    print(f"    machine load before {result['load_before'][0]:.2f}, after execution "
          f"{result['load_after_execution'][0]:.2f}, after {result['load_after'][0]:.2f} (1-min averages)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"    written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
