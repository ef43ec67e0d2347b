#!/usr/bin/env python3
"""Vendor JavaScript used only by the tests (axe-core), outside the built site.

The files go to ``tests/vendor/`` with a lock ``tests/vendor/vendor-lock.json`` in the same
format as ``_static/vendor/vendor-lock.json``. Download, the check against the npm
registry's published ``dist.integrity`` and extraction are those of
``scripts/vendor_static.py`` (a private copy of that module is loaded; no code is duplicated).
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

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _private_vendor_static():
    """Load a private copy of scripts/vendor_static.py (the site's vendoring stays untouched)."""
    spec = importlib.util.spec_from_file_location("_vendor_static_for_tests",
                                                  ROOT / "scripts" / "vendor_static.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vendor_static = _private_vendor_static()
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


def _use_test_folder() -> None:
    """Point the shared vendoring code at ``tests/vendor`` and this file's ``SPEC``."""
    vendor_static.VENDOR = ROOT / "tests" / "vendor"
    vendor_static.LOCK = vendor_static.VENDOR / "vendor-lock.json"
    vendor_static.SPEC = SPEC


def verify() -> list[str]:
    """Return a list of problems (empty when every test-tool file matches its lock)."""
    _use_test_folder()
    return vendor_static.verify()


def main(argv: list[str] | None = None) -> int:
    _use_test_folder()
    return vendor_static.main(argv)


if __name__ == "__main__":
    sys.exit(main())
