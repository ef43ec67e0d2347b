"""Print the time to load each dataset cold (first read) and warm (from the cache).

Usage: ``.venv/bin/python scripts/bench_data.py``. It prints figures and asserts nothing.
"""
import time

from widgets.data import clear_cache, list_datasets, load


def bench():
    """Print the time to load each dataset cold (first read) and warm (from the cache).

    Returns
    -------
    dict
        name -> (cold seconds, warm seconds, rows).
    """
    results = {}
    clear_cache()
    t_all = time.perf_counter()
    for name in list_datasets():
        t0 = time.perf_counter()
        frame = load(name)
        t1 = time.perf_counter()
        load(name)
        t2 = time.perf_counter()
        results[name] = (t1 - t0, t2 - t1, len(frame))
        print(f"{name:24s} rows {len(frame):7d}   cold {1000 * (t1 - t0):7.1f} ms   "
              f"warm {1000 * (t2 - t1):6.2f} ms")
    print(f"{'all datasets (cold)':24s} {' ' * 12} total {time.perf_counter() - t_all:6.2f} s")
    return results


if __name__ == "__main__":
    bench()
