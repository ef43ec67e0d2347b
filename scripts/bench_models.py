"""Print timings of Model 4A's exact learning-curve sums over very long runs (asserts nothing).

Usage: .venv/bin/python scripts/bench_models.py [--repeat N]

For each run length it prints the median time of ``widgets.models.industry.run_cost`` (exact
head plus Euler-Maclaurin tail beyond 4,096 units) and, for lengths up to 10^7, of a plain
vectorised NumPy sum, with their relative difference.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from widgets.models import industry


def _median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    lr = 0.85
    b = industry.learning_exponent(lr)
    print(f"Model 4A run_cost, learning rate {lr} (median of {args.repeat} runs)")
    print(f"{'units':>16} {'run_cost [ms]':>14} {'numpy sum [ms]':>15} {'rel. diff':>10}")
    for m in (10 ** 3, 10 ** 4, 10 ** 5, 10 ** 6, 10 ** 7, 10 ** 9, 10 ** 12):
        fast = _median_seconds(lambda: industry.run_cost(m, lr), args.repeat) * 1e3
        if m <= 10 ** 7:
            x = np.arange(1, m + 1, dtype=float)
            slow = _median_seconds(lambda: float(np.sum((x ** -b)[::-1])), args.repeat) * 1e3
            diff = industry.run_cost(m, lr) / float(np.sum((x ** -b)[::-1])) - 1
            print(f"{m:>16,} {fast:>14.3f} {slow:>15.3f} {diff:>10.1e}")
        else:
            print(f"{m:>16,} {fast:>14.3f} {'-':>15} {'-':>10}")
    grid = _median_seconds(
        lambda: [industry.fragmentation(2000, k, 500, lr) for k in range(1, 9)], args.repeat) * 1e3
    print(f"fragmentation() for k = 1..8 at Q = 2000: {grid:.2f} ms")


if __name__ == "__main__":
    main()
