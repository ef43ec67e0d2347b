"""Opening a chapter in JupyterLab and saving it unedited changes no byte.

Two checks per chapter: jupytext's plain read/write round trip with the repository's pinned
options (``jupytext.toml``), and the JupyterLab save path (jupytext's contents manager, with
the metadata a running kernel adds) from ``scripts/format_chapters.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import pytest
from jupytext.config import load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import format_chapters  # noqa: E402
import make_notebooks  # noqa: E402

CHAPTERS = make_notebooks.notebook_sources(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in CHAPTERS]
FIX = "Fix: python scripts/format_chapters.py"


def test_config_is_pinned_in_the_repository():
    config = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
    assert "-jupytext.text_representation.jupytext_version" in str(config.notebook_metadata_filter)


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_jupytext_round_trip_changes_nothing(md):
    config = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))
    text = md.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="md:myst")
    out = jupytext.writes(nb, fmt="md:myst", config=config)
    assert out == text, f"{md.relative_to(ROOT)} is not in jupytext's form. {FIX}"


@pytest.mark.parametrize("md", CHAPTERS, ids=IDS)
def test_jupyterlab_save_changes_nothing(md):
    assert format_chapters.lab_save(md) == md.read_text(encoding="utf-8"), \
        f"saving {md.relative_to(ROOT)} from JupyterLab would rewrite it. {FIX}"


def test_lab_save_detects_a_non_canonical_file(tmp_path):
    md = tmp_path / "x.md"
    md.write_text("---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
                  "kernelspec: {display_name: Python 3, language: python, name: python3}\n---\n\n"
                  "# T\n\n```{code-cell} ipython3\n1 + 1\n```\n", encoding="utf-8")
    (tmp_path / "jupytext.toml").write_text((ROOT / "jupytext.toml").read_text())
    assert format_chapters.lab_save(md, book=tmp_path) != md.read_text(encoding="utf-8")
