"""Find every explorer: declared in the package, and shown on the built site.

Tests and the benchmark use these two lists instead of naming explorers, so a new chapter's
explorer is covered as soon as it is declared and shown.

- :func:`declared` imports every chapter module ``widgets/explorers/chNN*.py`` and calls each of
  its public functions whose name ends in ``_explorer`` (they take no required argument and
  return an :class:`~widgets.explorers.core.Explorer`).
- :func:`on_site` reads the built HTML and lists, per page, the kernel-free explorers it holds
  (``data-explorer`` attributes written by :mod:`widgets.explorers.frozen`).
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from .core import Explorer

EXPLORER_ATTR = re.compile(r'<div class="course-explorer course-explorer-frozen[^"]*"[^>]*data-explorer="([^"]+)"')
CHAPTER_MODULE = re.compile(r"^ch\d\d")


def declared() -> dict:
    """Return ``{explorer name: Explorer}`` for every explorer the chapter modules declare."""
    from . import __path__ as here

    found = {}
    for info in sorted(pkgutil.iter_modules(here), key=lambda m: m.name):
        if not CHAPTER_MODULE.match(info.name):
            continue
        module = importlib.import_module(f"{__package__}.{info.name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if fname.startswith("_") or not fname.endswith("_explorer") or func.__module__ != module.__name__:
                continue
            ex = func()
            if isinstance(ex, Explorer):
                if ex.name in found:
                    raise ValueError(f"two explorers are named {ex.name!r} ({module.__name__}.{fname}); "
                                     "give each a unique name.")
                found[ex.name] = ex
    return found


def on_site(site_dir) -> list:
    """Return ``[(page path relative to site_dir, explorer name), ...]`` in page order."""
    site_dir = Path(site_dir)
    out = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for name in EXPLORER_ATTR.findall(text):
            out.append((page.relative_to(site_dir).as_posix(), name))
    return out
