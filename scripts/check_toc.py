#!/usr/bin/env python3
"""Check that every ``file:`` (and the ``root:``) named in ``_toc.yml`` exists.

Jupyter Book names files without their extension; each must exist as ``.md`` or ``.ipynb``.
A missing one is reported by name with the fix, and the script exits with status 1, so
``make book`` stops before a long build that would fail anyway.

Examples
--------
>>> # python scripts/check_toc.py            (checks _toc.yml in the current folder: make runs
>>> #                                         it from the repository root)
>>> # python scripts/check_toc.py other.yml  (checks another table of contents)
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

SUFFIXES = (".md", ".ipynb")


def toc_files(toc: dict) -> list[str]:
    """Return the root and every ``file:`` entry of a jb-book TOC, in reading order.

    Parameters
    ----------
    toc : dict
        The parsed ``_toc.yml``.

    Returns
    -------
    list of str
        Paths relative to the book root, without extension.
    """
    found = [str(toc["root"])] if toc.get("root") else []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(str(node["file"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def resolve(book_root: Path, entry: str) -> Path | None:
    """Return the source file for a TOC entry (``.md`` or ``.ipynb``), or None if absent."""
    base = book_root / entry
    if base.suffix in SUFFIXES and base.is_file():
        return base
    for suffix in SUFFIXES:
        candidate = base.with_name(base.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def missing_entries(toc_path: Path) -> list[str]:
    """Return the TOC entries whose source file does not exist."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}
    return [e for e in toc_files(toc) if resolve(toc_path.parent, e) is None]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    toc_path = Path(argv[0]) if argv else Path.cwd() / "_toc.yml"
    if not toc_path.is_file():
        print(f"ERROR: {toc_path} not found: the book needs a table of contents there.",
              file=sys.stderr)
        return 1
    try:
        missing = missing_entries(toc_path)
    except (yaml.YAMLError, AttributeError, TypeError) as exc:
        print(f"ERROR: {toc_path} is not a valid jb-book table of contents: {exc}",
              file=sys.stderr)
        return 1
    for entry in missing:
        print(f"ERROR: {toc_path.name} lists '{entry}', but neither {entry}.md nor "
              f"{entry}.ipynb exists. Fix: create that file, or correct/remove the entry "
              f"in {toc_path.name}.", file=sys.stderr)
    if missing:
        return 1
    print(f"{toc_path.name}: every listed file exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
