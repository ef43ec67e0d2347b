#!/usr/bin/env python3
"""Write ``notebooks/<page>.ipynb`` copies of the book's MyST Markdown notebooks (for Colab,
Binder and downloads). Never edit the copies by hand: edit the ``.md`` and rerun.

Every ``.md`` listed in ``_toc.yml`` whose front matter has a ``jupytext`` or ``kernelspec``
header is converted with jupytext (no outputs). Copies whose chapter left the TOC are removed.

Usage
-----
``python scripts/make_notebooks.py``          write/refresh the copies
``python scripts/make_notebooks.py --check``  report copies that are missing, stale or orphaned;
                                              exit 1 if any (changes nothing)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_toc import resolve, toc_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks"


def is_notebook(md: Path) -> bool:
    """True when a Markdown file has a jupytext/kernelspec front matter (a MyST notebook)."""
    text = md.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    header = text.split("---", 2)[1]
    meta = yaml.safe_load(header) or {}
    return isinstance(meta, dict) and ("jupytext" in meta or "kernelspec" in meta)


def notebook_sources(book: Path = ROOT) -> list[Path]:
    """Return the MyST notebooks listed in the book's ``_toc.yml``, in reading order."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    sources = [resolve(book, entry) for entry in toc_files(toc)]
    return [p for p in sources if p is not None and p.suffix == ".md" and is_notebook(p)]


SETUP_CELL = '''# Set-up for Colab or a fresh JupyterHub: fetch the course (data + `widgets` package).
# Nothing happens where the course is already installed (local `make book`, Binder).
import os, subprocess, sys
REPO_URL = "{url}"  # from repository.url in _config.yml
try:
    import widgets.data  # noqa: F401  (the course package)
except ImportError:
    if not REPO_URL:
        raise RuntimeError(
            "This copy of the course has no public repository yet, so the notebook cannot fetch "
            "its data. Run it from a clone instead (see the README), or set repository.url in "
            "_config.yml and regenerate the notebooks (python scripts/make_notebooks.py).")
    if not os.path.isdir("course"):
        subprocess.run(["git", "clone", "--depth", "1", REPO_URL, "course"], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", "course",
                    "myst-nb"], check=True)
    sys.path.insert(0, os.path.abspath("course"))
    import widgets.data  # noqa: F401
'''


def repository_url(book: Path = ROOT) -> str:
    """The one repository URL of the course (``repository.url`` in ``_config.yml``)."""
    config = yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((config.get("repository") or {}).get("url") or "")


def render(md: Path) -> str:
    """Return the ``.ipynb`` text for one MyST notebook (outputs empty, stable metadata).

    A first code cell (tagged ``colab-setup``) fetches the course where it is not installed,
    so the copy runs on Colab once ``repository.url`` is set.
    """
    nb = jupytext.read(md)
    nb.metadata.pop("jupytext", None)  # the copy is not paired; keep kernelspec only
    setup = nbformat.v4.new_code_cell(SETUP_CELL.format(url=repository_url()),
                                      metadata={"tags": ["colab-setup"]})
    nb.cells.insert(0, setup)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # jupytext draws random ids; fixed ones keep the copies stable
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return jupytext.writes(nb, fmt="ipynb")


def plan(book: Path = ROOT, out: Path = OUT) -> tuple[dict[Path, str], list[Path]]:
    """Return ``({target: text}, [orphaned copies])``."""
    wanted = {out / md.relative_to(book).with_suffix(".ipynb"): render(md)
              for md in notebook_sources(book)}
    orphans = sorted(p for p in out.rglob("*.ipynb") if p not in wanted) if out.exists() else []
    return wanted, orphans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate notebooks/*.ipynb from the MyST chapters.")
    parser.add_argument("--check", action="store_true", help="report out-of-sync copies only")
    args = parser.parse_args(argv)
    wanted, orphans = plan()
    stale = [p for p, text in wanted.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"ERROR: {p.relative_to(ROOT)} is missing or out of date", file=sys.stderr)
        for p in orphans:
            print(f"ERROR: {p.relative_to(ROOT)} has no chapter in _toc.yml", file=sys.stderr)
        if stale or orphans:
            print("Fix: python scripts/make_notebooks.py (then commit notebooks/)", file=sys.stderr)
            return 1
        print(f"notebooks/: {len(wanted)} copies in sync")
        return 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(wanted[p], encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}")
    for p in orphans:
        p.unlink()
        print(f"removed {p.relative_to(ROOT)} (no longer in _toc.yml)")
    print(f"notebooks/: {len(wanted)} copies in sync")
    return 0


if __name__ == "__main__":
    sys.exit(main())
