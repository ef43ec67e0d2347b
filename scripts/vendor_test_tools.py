#!/usr/bin/env python3
"""Vendor JavaScript used only by the tests (axe-core), outside the built site.

The files go to ``tests/vendor/`` with a lock ``tests/vendor/vendor-lock.json`` in the same
format as ``_static/vendor/vendor-lock.json``. Download, the check against the npm
registry's published ``dist.integrity`` and extraction are those of
``scripts/vendor_static.py``, called with this file's :data:`TARGET`.
Nothing lands under ``_static/``, so no page of the site loads these files.

Modes
-----
``--check-or-fetch``
    Do nothing when the files match the lock and the lock matches ``SPEC``; otherwise fetch,
    verify the tarball against the registry's integrity, and swap the folder in.
``--verify``
    Check every file against the lock without touching the network.

Examples
--------
>>> # python scripts/vendor_test_tools.py --check-or-fetch
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vendor_static  # noqa: E402

SPEC = [
    {
        "package": "axe-core",
        "version": "4.10.3",
        "dest": "axe-core",
        "take": [
            ("package/axe.min.js", "axe.min.js", ""),
            ("package/LICENSE", "LICENSE", ""),
        ],
        "write": {},
    },
]

#: Test-only JavaScript: outside ``_static/``, so no page of the site loads it.
TARGET = vendor_static.Target(vendor_static.ROOT / "tests" / "vendor", SPEC,
                              ".venv/bin/python scripts/vendor_test_tools.py --check-or-fetch")


def verify() -> list[str]:
    """Return a list of problems (empty when every test-tool file matches its lock)."""
    return vendor_static.verify(TARGET)


def main(argv: list[str] | None = None) -> int:
    return vendor_static.main(argv, target=TARGET)


if __name__ == "__main__":
    sys.exit(main())
