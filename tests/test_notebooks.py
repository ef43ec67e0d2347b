"""Every chapter notebook ran cleanly in the (clean, strict) book build, jupytext reads every
MyST notebook, and the generated ``notebooks/*.ipynb`` copies are in sync.

The build already executed each notebook (``_build/jupyter_execute/``), so this reads those
results instead of executing everything a second time.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_notebooks  # noqa: E402

CHAPTERS = make_notebooks.notebook_sources(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in CHAPTERS]


def _errors(nb: dict) -> list[str]:
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return found


def test_there_are_chapter_notebooks():
    assert CHAPTERS or not any(ROOT.glob("chapters/*.md")), \
        "no .md in _toc.yml has a jupytext/kernelspec header: chapters must be MyST notebooks"


@pytest.mark.build
@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_chapter_was_executed_without_errors(md, build_dir):
    executed = build_dir / "jupyter_execute" / md.relative_to(ROOT).with_suffix(".ipynb")
    assert executed.is_file(), f"{executed} missing: the build did not execute {md.name} (make book)"
    nb = json.loads(executed.read_text(encoding="utf-8"))
    assert not _errors(nb), f"{md.relative_to(ROOT)} raised: {_errors(nb)}"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"
            and "skip-execution" not in c.get("metadata", {}).get("tags", [])]
    unrun = [i for i, c in enumerate(code) if c.get("execution_count") is None and c["source"]]
    assert not unrun, f"{md.relative_to(ROOT)}: code cells not executed: {unrun}"


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_jupytext_reads_the_chapter(md):
    nb = jupytext.read(md)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", \
        f"{md.relative_to(ROOT)}: kernelspec must be python3 (see docs/architecture.md)"
    assert any(c.cell_type == "code" for c in nb.cells), f"{md.relative_to(ROOT)} has no code cell"


def test_errors_helper_finds_error_outputs():
    nb = {"cells": [{"cell_type": "code", "outputs": [
        {"output_type": "stream", "text": "ok"},
        {"output_type": "error", "ename": "ValueError", "evalue": "bad"}]}]}
    assert _errors(nb) == ["cell 0: ValueError: bad"]


def test_generated_notebooks_are_in_sync():
    wanted, orphans = make_notebooks.plan()
    stale = [str(p.relative_to(ROOT)) for p, text in wanted.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    assert not stale and not orphans, (
        f"notebooks/ out of sync (stale/missing: {stale}; orphans: {orphans}). "
        "Fix: python scripts/make_notebooks.py")
    for path in wanted:
        nb = json.loads(path.read_text(encoding="utf-8"))
        outputs = [c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"]]
        assert not outputs, f"{path.name}: generated copies carry no outputs"
